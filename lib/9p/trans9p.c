/*
 * 9P2000 <-> 9P2000.u and 9P2000.L; see trans9p.h.  Plain C over
 * lib/9p and malloc, so that tests/unit/t_trans9p.c runs this very
 * file on the host, and the kernel and 9pvpxy share it.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include <trans9p.h>
#include "9pcodec.h"

/* the mode and qid type bits plain 9P2000 knows */
#define PLAINMODE	(DMDIR|DMAPPEND|DMEXCL|DMMOUNT|DMAUTH|DMTMP|0777)
#define PLAINQID	(QTDIR|QTAPPEND|QTEXCL|QTMOUNT|QTAUTH|QTTMP)

enum {
	Rreadhdr	= HDRSZ+BIT32SZ,		/* size type tag count */
	Rstathdr	= HDRSZ+BIT16SZ,		/* size type tag nstat */
	Twstathdr	= HDRSZ+BIT32SZ+BIT16SZ,	/* size type tag fid nstat */
	Idlen		= 10,				/* digits of a u32int */
	/*
	 * A plain entry is .u's less the extension and three numbers,
	 * plus the decimal uid and gid that stand in for empty names.
	 */
	Idgrowth	= 2*Idlen - (BIT16SZ+3*BIT32SZ),
	Minuentry	= STATFIXLENU+1,		/* a .u entry, one-byte name */
	Firstspare	= 0xFFFFFFF0,	/* .L: our own fids count down from here */
	Minreaddir	= 1024,		/* .L: a Treaddir asks at least this much */
};

/* a plain open mode's bits (Topen, Tcreate) */
enum {
	Pmodemask	= 3,
	Pwrite		= 1,
	Prdwr		= 2,
	Ptrunc		= 0x10,
	Prclose		= 0x40,
};

/* .L requests of several host messages: what each is doing */
enum {
	Screate,	/* Tcreate of a directory: Tmkdir, Twalk, Tlopen */
	Swstat,		/* Tsetattr, then to rename: Twalk .., Trename, Tclunk */
	Sdir,		/* Tread of a directory: Treaddir, then per entry Twalk, Tgetattr, Tclunk */
	Swalk,		/* Twalk: only the name to remember */
};

/* an entry of a directory read's batch (see trans9p.h) */
typedef struct Transent Transent;
struct Transent {
	char	*name;		/* in Transstep.ents; nil: "." or "..", left out */
	u64int	off;		/* its cookie */
	u32int	fid;		/* the host message's fid and tag */
	ushort	tag;
	uchar	wait;		/* its reply to the phase's message is to come */
	uchar	walked;		/* the host holds fid */
	uchar	got;		/* attr came */
	Lattr	attr;
};

/*
 * The state of a .L request of several host messages; it owns name,
 * ents, out and e.
 */
struct Transstep {
	int	op;		/* S* */
	char	*name;		/* Screate, Swalk: the new name; Swstat: the new name or nil */
	char	*err;		/* Swstat: the error to give once the spare fid is clunked */
	Lattr	set;		/* Swstat: what Tsetattr sets */
	u32int	spare;		/* Swstat, Sdir: our fid */
	/* Sdir */
	uint	count;		/* the plain count asked for */
	uint	hcount;		/* the count each Treaddir asks for */
	uchar	*ents;		/* the Rreaddir's entries, decoded one by one */
	uchar	*ep;
	uchar	*next;		/* the entry to take next */
	u64int	cookie;		/* the cookie after the last entry taken */
	uchar	*out;		/* plain entries so far, count bytes */
	uint	nout;
	int	full;		/* an entry did not fit: the read ends there */
	Transent	*e;	/* the batch: nbatch room, ne entries */
	int	nbatch;
	int	ne;
	int	nwait;		/* replies of the phase (Transreq.htype) to come */
	int	slot;		/* in Trans9p.slot, or -1: one by one, under the read's tag */
	ushort	tag;		/* the read's */
	int	cleanup;	/* flushed: clunking what it walked */
	int	rflush;		/* the host's Rflush of the read is held back */
	ushort	flushtag;	/* and was for this Tflush */
	Trans9p	*x;		/* on whose busy list, or nil */
	Transstep	*nextbusy;
};

void
trans9pinit(Trans9p *x, u32int maxmsize, int dialect)
{
	memset(x, 0, sizeof *x);
	x->maxmsize = maxmsize;
	x->dialect = dialect;
	x->sparefid = Firstspare;
	x->maxbatch = 1;
}

static void
fidfree(Transfid *f)
{
	free(f->name);
	free(f);
}

/* Forget every fid: at the end of a session, or a new Tversion. */
void
trans9pfree(Trans9p *x)
{
	Transfid *f;
	int i;

	for(i = 0; i < Transfidhash; i++)
		while((f = x->fids[i]) != nil){
			x->fids[i] = f->next;
			fidfree(f);
		}
	x->nfid = 0;
	x->msize = 0;
	x->version[0] = 0;
	x->nflushed = 0;
	while(x->busy != nil){		/* their requests free them */
		x->busy->x = nil;
		x->busy = x->busy->nextbusy;
	}
	memset(x->slot, 0, sizeof x->slot);
}

/* a directory read is over: it holds no slot, no flush looks for it */
static void
dirend(Transstep *s)
{
	Transstep **l;
	Trans9p *x;

	x = s->x;
	if(x == nil)
		return;
	s->x = nil;
	for(l = &x->busy; *l != nil; l = &(*l)->nextbusy)
		if(*l == s){
			*l = s->nextbusy;
			break;
		}
	if(s->slot >= 0 && x->slot[s->slot] == s)
		x->slot[s->slot] = nil;
}

void
trans9preqfree(Transreq *rq)
{
	Transstep *s;

	s = rq->step;
	if(s == nil)
		return;
	rq->step = nil;
	dirend(s);
	free(s->name);
	free(s->ents);
	free(s->out);
	free(s->e);
	free(s);
}

/* the directory read under way with tag, or nil */
static Transstep*
busydir(Trans9p *x, ushort tag)
{
	Transstep *s;

	for(s = x->busy; s != nil; s = s->nextbusy)
		if(s->tag == tag)
			return s;
	return nil;
}

/* the tag of the read that batch tag htag is part of, or -1 */
int
trans9ptagof(Trans9p *x, ushort htag)
{
	Transstep *s;
	uint i;

	if(htag < Transtagbase)
		return -1;
	i = (htag-Transtagbase)/Transbatch;
	if(i >= Transslots || (s = x->slot[i]) == nil)
		return -1;
	return s->tag;
}

static Transfid**
fidslot(Trans9p *x, u32int fid)
{
	Transfid **l;

	for(l = &x->fids[fid % Transfidhash]; *l != nil; l = &(*l)->next)
		if((*l)->fid == fid)
			break;
	return l;
}

static Transfid*
lookfid(Trans9p *x, u32int fid)
{
	return *fidslot(x, fid);
}

static void
forgetfid(Trans9p *x, u32int fid)
{
	Transfid **l, *f;

	l = fidslot(x, fid);
	if((f = *l) == nil)
		return;
	*l = f->next;
	fidfree(f);
}

/*
 * fid is now on the file with qid (as the host gave it), called name
 * (nil: keep the name it has): remember it if it is a directory or a
 * symbolic link, or always in .L, else forget it.  -1 if out of
 * memory.
 */
static int
notefid(Trans9p *x, u32int fid, Qid q, char *name)
{
	Transfid **l, *f;
	char *s;

	if((q.type & (QTDIR|QTSYMLINK)) == 0 && x->dialect != DialectL){
		forgetfid(x, fid);
		return 0;
	}
	l = fidslot(x, fid);
	f = *l;
	if(f == nil){
		f = malloc(sizeof *f);
		if(f == nil)
			return -1;
		memset(f, 0, sizeof *f);
		f->fid = fid;
		f->next = *l;
		*l = f;
	}
	if(name != nil){
		s = strdup(name);
		if(s == nil)
			return -1;
		free(f->name);
		f->name = s;
	}
	f->isdir = (q.type & QTDIR) != 0;
	f->islink = (q.type & QTSYMLINK) != 0;
	f->qid = q;
	f->qid.type &= PLAINQID;
	f->rclose = 0;
	f->nextoff = 0;
	f->nexthostoff = 0;
	return 0;
}

/* the directory fid dir is on, if the translator knows it is one */
static Transfid*
dirfid(Trans9p *x, u32int fid)
{
	Transfid *f;

	f = lookfid(x, fid);
	if(f == nil || !f->isdir)
		return nil;
	return f;
}

/* n in decimal at buf, which holds Idlen+1 bytes */
static char*
idstr(u32int n, char *buf)
{
	char *p;

	p = buf+Idlen;
	*p = 0;
	do
		*--p = '0' + n%10;
	while((n /= 10) != 0);
	return p;
}

/* size[4] type[1] tag[2] at out, for a message of n bytes */
static void
puthdr(uchar *out, uint n, uchar type, ushort tag)
{
	PBIT32(out, n);
	PBIT8(out+BIT32SZ, type);
	PBIT16(out+BIT32SZ+BIT8SZ, tag);
}

/* remember the host's version string, cut to fit */
static void
setversion(Trans9p *x, char *v)
{
	usize n;

	n = strlen(v);
	if(n >= sizeof x->version)
		n = sizeof x->version - 1;
	memmove(x->version, v, n);
	x->version[n] = 0;
}

/*
 * Did the stat decode, all nstat bytes of it?  A decoder's 0 says
 * malformed, so it must not pass for the length of an empty stat:
 * that would leave the Dir unset.  (Likewise an empty message.)
 */
static int
wholestat(uint got, uint nstat)
{
	return got != 0 && got == nstat;
}

/*
 * Errors.  The host's errno (Linux's numbers: QEMU and diod run
 * there) as Plan 9's file servers say it; nil for one they have no
 * word for.
 */
static struct {
	u32int	errnum;
	char	*s;
} errnos[] = {
	1,	"permission denied",		/* EPERM */
	2,	"file does not exist",		/* ENOENT */
	5,	"i/o error",			/* EIO */
	12,	"out of memory",		/* ENOMEM */
	13,	"permission denied",		/* EACCES */
	16,	"file in use",			/* EBUSY */
	17,	"file already exists",		/* EEXIST */
	18,	"cross-device link",		/* EXDEV */
	20,	"not a directory",		/* ENOTDIR */
	21,	"file is a directory",		/* EISDIR */
	22,	"bad arg in system call",	/* EINVAL */
	26,	"file in use",			/* ETXTBSY */
	27,	"file too large",		/* EFBIG */
	28,	"file system full",		/* ENOSPC */
	30,	"file system is read only",	/* EROFS */
	31,	"too many links",		/* EMLINK */
	36,	"file name too long",		/* ENAMETOOLONG */
	38,	"operation not supported",	/* ENOSYS */
	39,	"directory is not empty",	/* ENOTEMPTY */
	40,	"too many levels of symbolic links",	/* ELOOP */
	95,	"operation not supported",	/* EOPNOTSUPP */
	122,	"file system full",		/* EDQUOT */
};

char*
trans9perrno(u32int errnum)
{
	int i;

	for(i = 0; i < nelem(errnos); i++)
		if(errnos[i].errnum == errnum)
			return errnos[i].s;
	return nil;
}

/* An Rerror for tag, when the host's answer cannot be passed on. */
uint
trans9perror(uchar *out, uint max, ushort tag, char *ename)
{
	Fcall f;

	memset(&f, 0, sizeof f);
	f.type = Rerror;
	f.tag = tag;
	f.ename = ename;
	return convS2M(&f, out, max);
}

/* Rlerror's errno, with the number when Plan 9 has no word for it */
static uint
lerror(uchar *out, uint max, ushort tag, u32int errnum)
{
	char buf[32], num[Idlen+1], *s;

	s = trans9perrno(errnum);
	if(s == nil){
		strcpy(buf, "host error ");
		strcat(buf, idstr(errnum, num));
		s = buf;
	}
	return trans9perror(out, max, tag, s);
}

/*
 * Symbolic links: see trans9p.h.  Is fid on one?  Then rq is to be
 * answered from its target.
 */
static int
linkreq(Trans9p *x, Transreq *rq, Fcall *f)
{
	Transfid *tf;

	tf = lookfid(x, f->fid);
	if(tf == nil || !tf->islink)
		return 0;
	rq->link = 1;
	rq->omode = f->mode;	/* Topen */
	rq->offset = f->offset;	/* Tread */
	rq->count = f->count;
	return 1;
}

/* the Ropen or Rread of a link whose target came back */
static uint
linkreply(Trans9p *x, Transreq *rq, char *target, uchar *out, uint max)
{
	Transfid *tf;
	Fcall f;
	usize n;

	memset(&f, 0, sizeof f);
	f.tag = rq->tag;
	if(rq->type == Topen){
		if((rq->omode & Pmodemask) == Pwrite || (rq->omode & Pmodemask) == Prdwr ||
		   (rq->omode & (Ptrunc|Prclose)) != 0)
			return trans9perror(out, max, rq->tag, "permission denied");
		tf = lookfid(x, rq->fid);
		if(tf == nil)
			return 0;
		f.type = Ropen;
		f.qid = tf->qid;
		return convS2M(&f, out, max);
	}
	n = strlen(target);
	f.type = Rread;
	f.data = target;
	if(rq->offset >= 0 && (uvlong)rq->offset < n){
		f.data = target+rq->offset;
		f.count = n-rq->offset;
		if(f.count > rq->count)
			f.count = rq->count;
	}
	return convS2M(&f, out, max);
}

/*
 * 9P2000.u
 */

/*
 * A stat as plain 9P2000 has it: the .u-only bits go, permissions
 * stay.  QEMU sends empty uid and gid names and the host's numbers
 * in n_uid and n_gid: the numbers in decimal become the names, so
 * ls -l has an owner to show.  ids holds them, 2*(Idlen+1) bytes.
 */
static void
plaindir(Dir *d, char *ids)
{
	if(d->uid[0] == 0 && d->n_uid != NOUID)
		d->uid = idstr(d->n_uid, ids);
	if(d->gid[0] == 0 && d->n_gid != NOUID)
		d->gid = idstr(d->n_gid, ids+Idlen+1);
	d->mode &= PLAINMODE;
	d->qid.type &= PLAINQID;
	d->extension = "";
	d->n_uid = d->n_gid = d->n_muid = NOUID;
}

static void
plainqid(Qid *q)
{
	q->type &= PLAINQID;
}

/* Twstat: the plain stat re-encoded with "don't touch" .u fields */
static uint
twstatu(Fcall *f, uchar *out, uint max)
{
	Dir d;
	uint n;

	if(!wholestat(convM2D(f->stat, f->nstat, &d, nil), f->nstat))
		return 0;
	d.extension = "";
	d.n_uid = d.n_gid = d.n_muid = NOUID;
	if(max < Twstathdr)
		return 0;
	n = convD2Mu(&d, out+Twstathdr, max-Twstathdr);
	if(n <= BIT16SZ)
		return 0;
	puthdr(out, Twstathdr+n, Twstat, f->tag);
	PBIT32(out+HDRSZ, f->fid);
	PBIT16(out+HDRSZ+BIT32SZ, n);
	return Twstathdr+n;
}

static uint
tmsgu(Trans9p *x, Fcall *f, uchar *out, uint max, Transreq *rq)
{
	Transfid *tf;

	switch(f->type){
	case Tversion:
		trans9pfree(x);		/* a new session: every fid is gone */
		if(strcmp(f->version, VERSION9P) == 0)
			f->version = VERSION9PU;
		if(f->msize > x->maxmsize)
			f->msize = x->maxmsize;
		break;
	case Tauth:
	case Tattach:
		f->uidnum = NOUID;
		break;
	case Tcreate:
		f->extension = "";
		break;
	case Topen:
		if(linkreq(x, rq, f)){
			f->type = Tstat;	/* the target is its extension */
			rq->htype = Tstat;
		}
		break;
	case Tread:
		if(linkreq(x, rq, f)){
			f->type = Tstat;
			rq->htype = Tstat;
			break;
		}
		tf = dirfid(x, f->fid);
		if(tf == nil)
			break;
		rq->dirread = 1;
		rq->offset = f->offset;
		if(f->offset != 0 && f->offset == tf->nextoff)
			f->offset = tf->nexthostoff;
		rq->hostoffset = f->offset;
		/* room for the decimal ids: see rdirreadu */
		f->count -= f->count / Minuentry * Idgrowth;
		break;
	case Twstat:
		return twstatu(f, out, max);
	}
	return convS2Mu(f, out, max);
}

/* a plain Rstat of d; its length, 0 if it does not fit */
static uint
putrstat(Dir *d, ushort tag, uchar *out, uint max)
{
	uint n;

	if(max < Rstathdr)
		return 0;
	n = convD2M(d, out+Rstathdr, max-Rstathdr);
	if(n <= BIT16SZ)
		return 0;
	puthdr(out, Rstathdr+n, Rstat, tag);
	PBIT16(out+HDRSZ, n);
	return Rstathdr+n;
}

/* Rstat: the .u stat re-encoded plain */
static uint
rstatu(Fcall *f, uchar *out, uint max)
{
	char ids[2*(Idlen+1)];
	Dir d;

	if(!wholestat(convM2Du(f->stat, f->nstat, &d, nil), f->nstat))
		return 0;
	plaindir(&d, ids);
	return putrstat(&d, f->tag, out, max);
}

/*
 * Rread of a directory: each .u entry re-encoded plain, "." and ".."
 * left out.  A plain entry is at most Idgrowth bytes longer than its
 * .u one (decimal ids for empty names), and Tread asked the host for
 * Idgrowth less per smallest .u entry the kernel's count could hold,
 * so what the host sent always fits the kernel's count.
 */
static uint
rdirreadu(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
{
	uchar *p, *ep, *o, *oe;
	uint n, count;
	Transfid *tf;
	char ids[2*(Idlen+1)];
	Dir d;

	if(max < Rreadhdr)
		return 0;
	o = out+Rreadhdr;
	oe = out+max;
	p = (uchar*)f->data;
	ep = p+f->count;
	while(p < ep){
		if(ep-p < BIT16SZ)
			return 0;
		n = BIT16SZ+GBIT16(p);
		if(n > (uint)(ep-p) || convM2Du(p, n, &d, nil) != n)
			return 0;
		p += n;
		if(strcmp(d.name, ".") == 0 || strcmp(d.name, "..") == 0)
			continue;
		plaindir(&d, ids);
		n = convD2M(&d, o, oe-o);
		if(n <= BIT16SZ)
			return 0;
		o += n;
	}
	count = o-(out+Rreadhdr);
	puthdr(out, o-out, Rread, f->tag);
	PBIT32(out+HDRSZ, count);
	tf = lookfid(x, rq->fid);
	if(tf != nil){
		tf->nextoff = rq->offset+count;
		tf->nexthostoff = rq->hostoffset+f->count;
	}
	return o-out;
}

/*
 * Rwalk: a complete walk puts newfid on the last qid (or fid's file).
 * -1 for more qids than names, which cannot be an answer.
 */
static int
rwalk(Trans9p *x, Transreq *rq, Fcall *f, char *name)
{
	Transfid *tf;
	Qid q;
	int i;

	if(f->nwqid > rq->nwname)
		return -1;
	if(f->nwqid > 0)
		q = f->wqid[f->nwqid-1];	/* with its symlink bit */
	for(i = 0; i < f->nwqid; i++)
		plainqid(&f->wqid[i]);
	if(f->nwqid != rq->nwname)
		return 0;
	if(rq->nwname == 0){
		if(rq->newfid == rq->fid)
			return 0;
		tf = lookfid(x, rq->fid);
		memset(&q, 0, sizeof q);
		if(tf != nil){
			q = tf->qid;
			if(tf->islink)
				q.type |= QTSYMLINK;
			name = tf->name;
		}
	}
	if(rq->newfid != rq->fid)
		x->nfid++;
	return notefid(x, rq->newfid, q, name);
}

/*
 * QEMU sends Rstat with nstat 0 before the stat (Linux ignores that
 * field); make it the stat's length so the message decodes.
 */
static void
qemunstat(uchar *m, uint n)
{
	if(n >= Rstathdr+BIT16SZ && m[BIT32SZ] == Rstat && GBIT16(m+HDRSZ) == 0 &&
	   n-Rstathdr <= STATMAX)
		PBIT16(m+HDRSZ, n-Rstathdr);
}

static uint
rmsgu(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
{
	char *s;
	Dir d;

	if(rq->link && f->type == Rstat){
		if(!wholestat(convM2Du(f->stat, f->nstat, &d, nil), f->nstat))
			return 0;
		return linkreply(x, rq, d.extension, out, max);
	}
	switch(f->type){
	case Rversion:
		x->msize = f->msize;
		setversion(x, f->version);
		if(strcmp(f->version, VERSION9PU) == 0)
			f->version = VERSION9P;
		break;
	case Rerror:
		s = trans9perrno(f->errornum);
		if(s != nil)
			f->ename = s;
		break;
	case Rauth:
		plainqid(&f->aqid);
		x->nfid++;
		break;
	case Rattach:
		plainqid(&f->qid);
		x->nfid++;
		if(notefid(x, rq->fid, f->qid, nil) < 0)
			return 0;
		break;
	case Rwalk:
		if(rwalk(x, rq, f, nil) < 0)
			return 0;
		break;
	case Ropen:
	case Rcreate:
		plainqid(&f->qid);
		if(notefid(x, rq->fid, f->qid, nil) < 0)
			return 0;
		break;
	case Rstat:
		return rstatu(f, out, max);
	case Rread:
		if(rq->dirread)
			return rdirreadu(x, rq, f, out, max);
		break;
	}
	return convS2M(f, out, max);
}

/*
 * 9P2000.L
 */

/* Linux open flags for a plain open mode; OEXEC reads */
static u32int
lflags(uchar mode)
{
	u32int fl;

	switch(mode & Pmodemask){
	case Pwrite:
		fl = Lowronly;
		break;
	case Prdwr:
		fl = Lordwr;
		break;
	default:
		fl = Lordonly;
		break;
	}
	if(mode & Ptrunc)
		fl |= Lotrunc;
	return fl;
}

static Transstep*
newstep(Transreq *rq, int op)
{
	Transstep *s;

	s = malloc(sizeof *s);
	if(s == nil)
		return nil;
	memset(s, 0, sizeof *s);
	s->op = op;
	rq->step = s;
	return s;
}

/* a step that only remembers name; nil if out of memory */
static Transstep*
namestep(Transreq *rq, int op, char *name)
{
	Transstep *s;

	s = newstep(rq, op);
	if(s == nil)
		return nil;
	s->name = strdup(name);
	if(s->name == nil)
		return nil;	/* trans9preqfree takes the step back */
	return s;
}

/* a host message of rq's tag; its length in out */
static uint
hostmsg(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
{
	f->tag = rq->tag;
	rq->htype = f->type;
	return convS2Mx(f, out, max, x->dialect);
}

/* the next host message of a request of several; its length in out */
static uint
nextmsg(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
{
	rq->more = 1;
	return hostmsg(x, rq, f, out, max);
}

static void
onefid(Fcall *f, int type, u32int fid)
{
	memset(f, 0, sizeof *f);
	f->type = type;
	f->fid = fid;
}

/* Twalk fid newfid name */
static void
walk1(Fcall *f, u32int fid, u32int newfid, char *name)
{
	onefid(f, Twalk, fid);
	f->newfid = newfid;
	f->nwname = 1;
	f->wname[0] = name;
}

static void
getattr(Fcall *f, u32int fid)
{
	onefid(f, Tgetattr, fid);
	f->attr.valid = Lgetattrbasic;
}

/*
 * A plain Dir of a Rgetattr, as .u's Rstat would give it: the Unix
 * file type goes but for directories, the ids become decimal names.
 */
static void
attrdir(Lattr *a, char *name, Dir *d, char *ids)
{
	memset(d, 0, sizeof *d);
	d->qid = a->qid;
	d->qid.type &= PLAINQID;
	d->mode = a->mode & 0777;
	if((a->mode & Lsifmt) == Lsifdir){
		d->mode |= DMDIR;
		d->qid.type |= QTDIR;
	}
	d->atime = a->atime;
	d->mtime = a->mtime;
	d->length = a->size;
	d->name = name;
	d->uid = idstr(a->uid, ids);
	d->gid = idstr(a->gid, ids+Idlen+1);
	d->muid = "";
	d->extension = "";
	d->n_uid = d->n_gid = d->n_muid = NOUID;
}

/* Rstat of a Rgetattr, named as the fid was walked */
static uint
rstatL(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
{
	char ids[2*(Idlen+1)];
	Transfid *tf;
	Dir d;

	tf = lookfid(x, rq->fid);
	attrdir(&f->attr, tf != nil && tf->name != nil ? tf->name : "", &d, ids);
	return putrstat(&d, rq->tag, out, max);
}

/*
 * A decimal id as a wstat gives it (the names Rstat shows): its
 * number, or -1 if it is not one.
 */
static vlong
idnum(char *s)
{
	vlong n;

	if(*s == 0)
		return -1;
	for(n = 0; *s >= '0' && *s <= '9'; s++){
		n = n*10 + *s-'0';
		if(n >= NOUID)
			return -1;
	}
	return *s == 0 ? n : -1;
}

/*
 * Twstat: what Tsetattr can set, and a rename to do after it.  A
 * wstat is all or nothing in Plan 9: anything it cannot do fails it
 * before anything is set (the Tsetattr then sets nothing, and the
 * error is given when it comes back).
 */
static uint
twstatL(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
{
	Transstep *s;
	Transfid *tf;
	Lattr *a;
	vlong id;
	Dir d;

	if(!wholestat(convM2D(f->stat, f->nstat, &d, nil), f->nstat))
		return 0;
	s = newstep(rq, Swstat);
	if(s == nil)
		return 0;
	tf = lookfid(x, f->fid);
	a = &s->set;
	if(d.mode != ~0U){
		if(tf != nil && ((d.mode & DMDIR) != 0) != tf->isdir)
			s->err = "wstat can't convert between files and directories";
		a->valid |= Lsetmode;
		a->mode = d.mode & 0777;
	}
	if(d.length != ~0LL){
		a->valid |= Lsetsize;
		a->size = d.length;
	}
	if(d.mtime != ~0U){
		a->valid |= Lsetmtime|Lsetmtimeset;
		a->mtime = d.mtime;
	}
	if(d.atime != ~0U){
		a->valid |= Lsetatime|Lsetatimeset;
		a->atime = d.atime;
	}
	if(d.uid[0] != 0){
		if((id = idnum(d.uid)) < 0)
			s->err = "unknown user";
		a->valid |= Lsetuid;
		a->uid = id;
	}
	if(d.gid[0] != 0){
		if((id = idnum(d.gid)) < 0)
			s->err = "unknown group";
		a->valid |= Lsetgid;
		a->gid = id;
	}
	if(d.name[0] != 0 && (tf == nil || tf->name == nil || strcmp(d.name, tf->name) != 0)){
		if(tf == nil || tf->name == nil || strcmp(tf->name, "/") == 0)
			s->err = "cannot rename the root";
		else if(strchr(d.name, '/') != nil || strcmp(d.name, ".") == 0 || strcmp(d.name, "..") == 0)
			s->err = "bad character in file name";
		else if((s->name = strdup(d.name)) == nil)
			return 0;
	}
	if(s->err != nil)
		a->valid = 0;
	onefid(f, Tsetattr, f->fid);
	f->attr = *a;
	return hostmsg(x, rq, f, out, max);
}

/*
 * A fid of our own for one request (a rename's parent, a directory
 * read without a batch slot), clunked when the request ends.  They
 * count down from Firstspare and pass over the batch fids, which the
 * countdown would reach after some 130,000 of them; below those, the
 * client's fids, counting up from 1, are billions away.
 */
static u32int
newspare(Trans9p *x)
{
	if(x->sparefid == Transfidbase + Transslots*Transbatch - 1)
		x->sparefid = Transfidbase - 1;
	return x->sparefid--;
}

/*
 * Twstat's replies: after the Tsetattr, a rename is a Twalk of a
 * spare fid to the parent, a Trename of the fid into it, and the
 * spare's Tclunk, which comes whatever became of the Trename.  (Not
 * Trenameat, which diod does not have; Linux falls back to Trename.)
 */
static uint
rwstatL(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
{
	Transstep *s;
	Transfid *tf;
	char *name;

	s = rq->step;
	tf = lookfid(x, rq->fid);
	switch(rq->htype){
	case Tsetattr:
		if(f->type == Rlerror)
			return lerror(out, max, rq->tag, f->errornum);
		if(s->err != nil)
			return trans9perror(out, max, rq->tag, s->err);
		if(s->name == nil)
			break;
		s->spare = newspare(x);
		walk1(f, rq->fid, s->spare, "..");
		return nextmsg(x, rq, f, out, max);
	case Twalk:
		if(f->type == Rlerror)
			return lerror(out, max, rq->tag, f->errornum);
		if(f->nwqid != 1 || tf == nil || tf->name == nil)
			return 0;
		onefid(f, Trename, rq->fid);
		f->dfid = s->spare;
		f->lnewname = s->name;
		return nextmsg(x, rq, f, out, max);
	case Trename:
		if(f->type == Rlerror){
			s->err = trans9perrno(f->errornum);
			if(s->err == nil)
				s->err = "rename failed";
		}
		onefid(f, Tclunk, s->spare);
		return nextmsg(x, rq, f, out, max);
	case Tclunk:
		if(s->err != nil)
			return trans9perror(out, max, rq->tag, s->err);
		if(tf != nil){
			name = s->name;
			s->name = nil;
			free(tf->name);
			tf->name = name;
		}
		break;
	default:
		return 0;
	}
	onefid(f, Rwstat, 0);
	f->tag = rq->tag;
	return convS2M(f, out, max);
}

/* is tag flushed, its Rflush not yet back?  With forget, no longer */
static int
flushed(Trans9p *x, ushort tag, int forget)
{
	int i;

	for(i = 0; i < x->nflushed; i++)
		if(x->flushed[i] == tag){
			if(forget)
				x->flushed[i] = x->flushed[--x->nflushed];
			return 1;
		}
	return 0;
}

/*
 * Directory reads.  Treaddir gives names, qids and cookies; each
 * entry's attributes take a Twalk of a fid of ours, a Tgetattr and a
 * Tclunk, for a batch of entries at once (see trans9p.h).  Entries
 * are taken while their plain forms surely fit the count the kernel
 * asked for; the rest are left for the next read, which starts at the
 * cookie of the last one taken.
 */
enum {
	Rdirfix		= QIDSZ+BIT64SZ+BIT8SZ,	/* an Rreaddir entry before its name */
	Twalk1fix	= HDRSZ+2*BIT32SZ+2*BIT16SZ,	/* a Twalk of one name, less the name */
};

/* a slot for s's batch tags and fids, or -1: none free, or batching is off */
static int
dirslot(Trans9p *x, Transstep *s)
{
	int i;

	if(x->maxbatch <= 1)
		return -1;
	for(i = 0; i < Transslots; i++)
		if(x->slot[i] == nil){
			x->slot[i] = s;
			return i;
		}
	return -1;
}

/* s is a read under way with rq's tag: its slot, batch, tags and fids */
static int
dirbusy(Trans9p *x, Transreq *rq, Transstep *s)
{
	Transent *e;
	int i;

	s->tag = rq->tag;
	s->x = x;
	s->nextbusy = x->busy;
	x->busy = s;
	s->slot = dirslot(x, s);
	s->nbatch = 1;
	if(s->slot >= 0)
		s->nbatch = x->maxbatch < Transbatch ? x->maxbatch : Transbatch;
	else
		s->spare = newspare(x);
	s->e = malloc(s->nbatch * sizeof *s->e);
	if(s->e == nil)
		return -1;
	memset(s->e, 0, s->nbatch * sizeof *s->e);
	for(i = 0; i < s->nbatch; i++){
		e = &s->e[i];
		e->tag = rq->tag;
		e->fid = s->spare;
		if(s->slot >= 0){
			e->tag = Transtagbase + s->slot*Transbatch + i;
			e->fid = Transfidbase + s->slot*Transbatch + i;
		}
	}
	return 0;
}

static uint
treaddir(Trans9p *x, Transreq *rq, Transfid *tf, Fcall *f, uchar *out, uint max)
{
	Transstep *s;
	uint count;

	s = newstep(rq, Sdir);
	if(s == nil)
		return 0;
	rq->dirread = 1;
	rq->offset = f->offset;
	s->count = f->count;
	s->cookie = 0;
	if(f->offset != 0 && f->offset == tf->nextoff)
		s->cookie = tf->nexthostoff;
	else if(f->offset != 0)
		s->cookie = f->offset;	/* not where we left it: the host judges */
	s->out = malloc(f->count > 0 ? f->count : 1);
	if(s->out == nil || dirbusy(x, rq, s) < 0)
		return 0;	/* trans9preqfree takes it all back */
	/* raw entries are about half the size of plain ones */
	count = f->count/2;
	if(count < Minreaddir)
		count = f->count;
	s->hcount = count;
	f->type = Treaddir;
	f->offset = s->cookie;
	f->count = count;
	return hostmsg(x, rq, f, out, max);
}

/* the Rread of the entries taken; the fid's offsets move on */
static uint
dirdone(Trans9p *x, Transreq *rq, uchar *out, uint max)
{
	Transstep *s;
	Transfid *tf;
	uint n;

	s = rq->step;
	n = Rreadhdr+s->nout;
	if(n > max)
		return 0;
	puthdr(out, n, Rread, rq->tag);
	PBIT32(out+HDRSZ, s->nout);
	memmove(out+Rreadhdr, s->out, s->nout);
	tf = lookfid(x, rq->fid);
	if(tf != nil){
		tf->nextoff = rq->offset+s->nout;
		tf->nexthostoff = s->cookie;
	}
	return n;
}

/*
 * The next batch from the Rreaddir's entries: as many as the count
 * surely holds (a plain entry is at most its name and two decimal ids
 * longer than STATFIXLEN) and whose Twalks fit max, but the first
 * entry of a read always.  How many; 0 when the entries are used up,
 * -1 if malformed.  "." and ".." come in the batch with no name, to
 * keep the cookies in order.
 */
static int
newbatch(Transstep *s, uint max)
{
	uint room, need, walks, len;
	Transent *e;
	Unpack u;
	Qid q;

	room = s->count - s->nout;
	walks = 0;
	for(s->ne = 0; s->ne < s->nbatch && s->next < s->ep; s->ne++){
		if(s->ep - s->next < Rdirfix+BIT16SZ)
			return -1;
		len = GBIT16(s->next+Rdirfix);	/* the name's length, before it is decoded */
		need = STATFIXLEN + len + 2*Idlen;
		if(s->ne > 0 || s->nout > 0){
			if(need > room){
				s->full = 1;	/* the read ends with this batch */
				break;
			}
			if(walks + Twalk1fix+len > max)
				break;
		}
		room = need < room ? room-need : 0;
		walks += Twalk1fix+len;
		e = &s->e[s->ne];
		unpinit(&u, s->next, s->ep - s->next, Sinplace, nil);
		getqid(&u, &q);
		e->off = get64(&u);
		get8(&u);
		e->name = getstring(&u);
		if(u.bad)
			return -1;
		s->next = u.p;
		if(strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0)
			e->name = nil;
		e->wait = e->walked = e->got = 0;
	}
	return s->ne;
}

/*
 * The batch's host messages of type (Twalk of each named entry,
 * Tgetattr or Tclunk of each fid walked) back to back at out, each
 * under its entry's tag.  Their length; 0 if the batch needs none,
 * -1 if they do not fit.
 */
static int
sendphase(Trans9p *x, Transreq *rq, int type, uchar *out, uint max)
{
	Transstep *s;
	Transent *e;
	Fcall f;
	uint len, n;
	int i;

	s = rq->step;
	len = 0;
	s->nwait = 0;
	rq->htype = type;
	for(i = 0; i < s->ne; i++){
		e = &s->e[i];
		if(type == Twalk ? e->name == nil : !e->walked)
			continue;
		switch(type){
		case Twalk:
			walk1(&f, rq->fid, e->fid, e->name);
			break;
		case Tgetattr:
			getattr(&f, e->fid);
			break;
		default:
			onefid(&f, Tclunk, e->fid);
			break;
		}
		f.tag = e->tag;
		n = convS2Mx(&f, out+len, max-len, x->dialect);
		if(n == 0)
			return -1;
		len += n;
		e->wait = 1;
		s->nwait++;
	}
	rq->more = s->nwait;
	return len;
}

/*
 * The batch is done: its entries in order into the read's, while
 * they fit.  -1 if the read's first cannot fit its count at all.
 */
static int
takebatch(Transstep *s)
{
	char ids[2*(Idlen+1)];
	Transent *e;
	Dir d;
	uint n;
	int i;

	for(i = 0; i < s->ne; i++){
		e = &s->e[i];
		if(e->got){
			attrdir(&e->attr, e->name, &d, ids);
			n = convD2M(&d, s->out+s->nout, s->count-s->nout);
			if(n <= BIT16SZ){
				if(s->nout == 0)
					return -1;
				s->full = 1;
				break;
			}
			s->nout += n;
		}
		s->cookie = e->off;	/* taken, or gone from the host */
	}
	s->ne = 0;
	return 0;
}

/*
 * Every reply of the phase rq->htype is in (for Treaddir: the
 * entries): the next phase's messages, or the next batch's, another
 * Treaddir, or the Rread.  A read that is flushed walks no more,
 * clunks what it walked and ends with "interrupted".
 */
static uint
dirnext(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
{
	Transstep *s;
	int stop, n;

	s = rq->step;
	stop = s->rflush || flushed(x, rq->tag, 0);
	for(;;){
		switch(rq->htype){
		case Twalk:
			if(!stop && (n = sendphase(x, rq, Tgetattr, out, max)) != 0)
				return n < 0 ? 0 : n;
			/* fall through */
		case Tgetattr:
			if((n = sendphase(x, rq, Tclunk, out, max)) != 0){
				s->cleanup = stop;
				return n < 0 ? 0 : n;
			}
			/* fall through */
		case Tclunk:
			if(!stop && takebatch(s) < 0)
				return trans9perror(out, max, rq->tag, "directory entry too long for read");
		}
		if(stop)
			return trans9perror(out, max, rq->tag, "interrupted");
		if(s->full && s->nout > 0)
			return dirdone(x, rq, out, max);
		s->full = 0;	/* what seemed not to fit has gone */
		n = newbatch(s, max);
		if(n < 0)
			return 0;
		if(n == 0){
			if(s->nout > 0)
				return dirdone(x, rq, out, max);
			onefid(f, Treaddir, rq->fid);	/* only "." and "..", or all gone */
			f->offset = s->cookie;
			f->count = s->hcount;
			return nextmsg(x, rq, f, out, max);
		}
		if((n = sendphase(x, rq, Twalk, out, max)) != 0)
			return n < 0 ? 0 : n;
		rq->htype = Tclunk;	/* nothing to walk: take the batch */
	}
}

/* the batch entry whose reply tag is, or nil */
static Transent*
waitent(Transstep *s, ushort tag)
{
	int i;

	for(i = 0; i < s->ne; i++)
		if(s->e[i].wait && s->e[i].tag == tag)
			return &s->e[i];
	return nil;
}

static uint
rdirreadL(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
{
	Transstep *s;
	Transent *e;

	s = rq->step;
	if(s->x == nil)
		return 0;	/* a new session (Tversion) took its slot and fids */
	if(rq->htype == Treaddir){
		if(f->type == Rlerror)
			return lerror(out, max, rq->tag, f->errornum);
		if(f->count == 0)
			return dirdone(x, rq, out, max);	/* the end */
		free(s->ents);
		s->ents = malloc(f->count);
		if(s->ents == nil)
			return 0;
		memmove(s->ents, f->data, f->count);
		s->next = s->ents;
		s->ep = s->ents+f->count;
		return dirnext(x, rq, f, out, max);
	}
	e = waitent(s, f->tag);
	if(e == nil)
		return 0;
	e->wait = 0;
	s->nwait--;
	switch(rq->htype){
	case Twalk:		/* an Rlerror: gone since the Treaddir */
		if(f->type == Rwalk && f->nwqid == 1){
			e->walked = 1;
			x->nfid++;
		}
		break;
	case Tgetattr:
		if(f->type == Rgetattr){
			e->attr = f->attr;
			e->got = 1;
		}
		break;
	case Tclunk:		/* the fid goes, whatever the answer */
		e->walked = 0;
		if(x->nfid > 0)
			x->nfid--;
		break;
	}
	if(s->nwait > 0){
		rq->wait = 1;
		return 0;
	}
	return dirnext(x, rq, f, out, max);
}

/* Tcreate of a directory: Rmkdir, then Twalk onto it, then Tlopen */
static uint
rcreatedir(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
{
	Transstep *s;

	s = rq->step;
	if(f->type == Rlerror)
		return lerror(out, max, rq->tag, f->errornum);
	switch(rq->htype){
	case Tmkdir:
		walk1(f, rq->fid, rq->fid, s->name);
		return nextmsg(x, rq, f, out, max);
	case Twalk:
		if(f->nwqid != 1)
			return 0;
		onefid(f, Tlopen, rq->fid);
		f->lflags = Lordonly;
		return nextmsg(x, rq, f, out, max);
	}
	return 0;
}

static uint
tmsgL(Trans9p *x, Fcall *f, uchar *out, uint max, Transreq *rq)
{
	Transfid *tf;
	Transstep *s;
	uchar mode;
	u32int perm;

	switch(f->type){
	case Tversion:
		trans9pfree(x);
		if(strcmp(f->version, VERSION9P) == 0)
			f->version = VERSION9PL;
		if(f->msize > x->maxmsize)
			f->msize = x->maxmsize;
		break;
	case Tauth:
	case Tattach:
		f->uidnum = NOUID;
		break;
	case Tflush:
		if(x->nflushed < Transflushes)
			x->flushed[x->nflushed++] = f->oldtag;
		break;
	case Twalk:
		if(f->nwname > 0 && namestep(rq, Swalk, f->wname[f->nwname-1]) == nil)
			return 0;
		break;
	case Topen:
		if(linkreq(x, rq, f)){
			onefid(f, Treadlink, f->fid);
			break;
		}
		mode = f->mode;
		onefid(f, Tlopen, f->fid);
		f->lflags = lflags(mode);
		rq->omode = mode;
		break;
	case Tcreate:
		s = namestep(rq, Screate, f->name);
		if(s == nil)
			return 0;
		perm = f->perm;
		rq->omode = f->mode;
		onefid(f, perm & DMDIR ? Tmkdir : Tlcreate, f->fid);
		if(f->type == Tlcreate)
			f->lflags = lflags(rq->omode)|Locreat|Lotrunc;
		f->lmode = perm & 0777;
		f->lname = s->name;
		f->lgid = NOUID;
		break;
	case Tread:
		if(linkreq(x, rq, f)){
			onefid(f, Treadlink, f->fid);
			break;
		}
		tf = dirfid(x, f->fid);
		if(tf != nil)
			return treaddir(x, rq, tf, f, out, max);
		break;
	case Tclunk:
		tf = lookfid(x, f->fid);
		if(tf != nil && tf->rclose)
			f->type = Tremove;	/* which clunks too */
		break;
	case Tstat:
		getattr(f, f->fid);
		break;
	case Twstat:
		return twstatL(x, rq, f, out, max);
	}
	return hostmsg(x, rq, f, out, max);
}

/*
 * The host's Rflush of a directory read that still has host messages
 * out, which the host did not wait for: a batch's (under tags of
 * their own), or the Tclunks it sent once flushed.  Held back, to
 * follow the read's own reply (dirover).  Not while the message the
 * host flushed is its own (a Treaddir, or one without a slot): the
 * host answered it before the Rflush or never will.
 */
static int
holdrflush(Trans9p *x, Transreq *rq)
{
	Transstep *s;

	s = busydir(x, rq->oldtag);
	if(s == nil || s->rflush || s->nwait == 0 || s->slot < 0 && !s->cleanup)
		return 0;
	s->rflush = 1;
	s->flushtag = rq->tag;
	flushed(x, rq->oldtag, 1);
	rq->wait = 1;
	return 1;
}

/*
 * rq's reply, len bytes at out, ends it: a directory read is no
 * longer under way, and the Rflush it held follows its reply.  The
 * new length.
 */
static uint
dirover(Transreq *rq, uint len, uchar *out, uint max)
{
	Transstep *s;
	Fcall f;
	uint n;

	s = rq->step;
	if(s == nil || s->op != Sdir)
		return len;
	dirend(s);
	if(!s->rflush)
		return len;
	s->rflush = 0;
	if(len == 0)
		len = trans9perror(out, max, rq->tag, "host's reply cannot be translated");
	memset(&f, 0, sizeof f);
	f.type = Rflush;
	f.tag = s->flushtag;
	n = convS2M(&f, out+len, max-len);
	if(len == 0 || n == 0)
		return 0;
	return len+n;
}

/* the plain R-message for an opened fid (Ropen, Rcreate) */
static uint
ropened(Trans9p *x, Transreq *rq, Fcall *f, int type, char *name, uchar *out, uint max)
{
	Transfid *tf;
	Qid q;
	u32int iounit;

	q = f->qid;
	iounit = f->iounit;
	plainqid(&q);
	if(notefid(x, rq->fid, q, name) < 0)
		return 0;
	tf = lookfid(x, rq->fid);
	tf->rclose = (rq->omode & Prclose) != 0;
	memset(f, 0, sizeof *f);
	f->type = type;
	f->tag = rq->tag;
	f->qid = q;
	f->iounit = iounit;
	return convS2M(f, out, max);
}

/* a reply in .L: a plain reply, or with rq->more the next host message */
static uint
rmsgL(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
{
	switch(rq->type){
	case Tread:
		if(rq->dirread)
			return rdirreadL(x, rq, f, out, max);
		break;
	case Tcreate:
		if(f->type == Rlerror)
			break;
		if(f->type == Rlcreate || rq->htype == Tlopen)
			return ropened(x, rq, f, Rcreate, rq->step->name, out, max);
		return rcreatedir(x, rq, f, out, max);
	case Twstat:
		return rwstatL(x, rq, f, out, max);
	}
	switch(f->type){
	case Rlerror:
		return lerror(out, max, rq->tag, f->errornum);
	case Rreadlink:
		return linkreply(x, rq, f->lname, out, max);
	case Rversion:
		x->msize = f->msize;
		setversion(x, f->version);
		if(strcmp(f->version, VERSION9PL) == 0)
			f->version = VERSION9P;
		break;
	case Rflush:
		if(holdrflush(x, rq))
			return 0;
		flushed(x, rq->oldtag, 1);
		break;
	case Rauth:
		plainqid(&f->aqid);
		x->nfid++;
		break;
	case Rattach:
		plainqid(&f->qid);
		x->nfid++;
		if(notefid(x, rq->fid, f->qid, "/") < 0)
			return 0;
		break;
	case Rwalk:
		if(rwalk(x, rq, f, rq->step != nil ? rq->step->name : nil) < 0)
			return 0;
		break;
	case Rlopen:
		return ropened(x, rq, f, Ropen, nil, out, max);
	case Rremove:
		if(rq->type == Tclunk)
			f->type = Rclunk;
		break;
	case Rgetattr:
		return rstatL(x, rq, f, out, max);
	}
	return convS2M(f, out, max);
}

/*
 * Both dialects
 */

uint
trans9ptmsg(Trans9p *x, uchar *m, uint n, uchar *out, uint max, Transreq *rq)
{
	Fcall f;

	memset(rq, 0, sizeof *rq);
	if(n == 0 || convM2S(m, n, &f) != n)	/* convM2S takes 0 bytes as 0 decoded */
		return 0;
	if((f.type & 1) != 0 || f.type == Terror)
		return 0;	/* only requests go to the host */
	if(x->dialect == DialectL && x->maxbatch > 1 && f.tag >= Transtagbase && f.tag != NOTAG)
		return 0;	/* the batches' tags */
	rq->type = f.type;
	rq->htype = f.type;
	rq->tag = f.tag;
	rq->fid = f.fid;
	switch(f.type){
	case Tauth:
		rq->fid = f.afid;
		break;
	case Twalk:
		rq->newfid = f.newfid;
		rq->nwname = f.nwname;
		break;
	case Tflush:
		rq->oldtag = f.oldtag;
		break;
	}
	if(x->dialect == DialectL)
		return tmsgL(x, &f, out, max, rq);
	return tmsgu(x, &f, out, max, rq);
}

/* the clunk or remove of rq's fid came back: the host has let it go */
static void
clunked(Trans9p *x, Transreq *rq, Fcall *f)
{
	int gone;

	switch(rq->type){
	case Tremove:		/* a remove clunks, whatever the answer */
		gone = 1;
		break;
	case Tclunk:		/* and so does the Tremove of an ORCLOSE clunk */
		gone = f->type == Rclunk || rq->htype == Tremove;
		break;
	default:
		return;
	}
	forgetfid(x, rq->fid);
	if(gone && x->nfid > 0)
		x->nfid--;
}

/* a .L directory read: it ends itself when flushed */
static int
batched(Transreq *rq)
{
	return rq->step != nil && rq->step->op == Sdir;
}

/* can tag be of a reply to rq: its own, or of a batch message out */
static int
replytag(Transreq *rq, ushort tag)
{
	Transstep *s;

	s = rq->step;
	if(tag == rq->tag)
		return 1;
	return s != nil && s->op == Sdir && waitent(s, tag) != nil;
}

uint
trans9prmsg(Trans9p *x, Transreq *rq, uchar *m, uint n, uchar *out, uint max)
{
	Fcall f;
	uint len;

	rq->more = 0;
	rq->wait = 0;
	if(x->dialect == Dialectu)
		qemunstat(m, n);
	if(n == 0 || convM2Sx(m, n, &f, x->dialect) != n || !replytag(rq, f.tag))
		return 0;
	clunked(x, rq, &f);	/* whatever the answer */
	if(f.type != Rerror && f.type != Rlerror && f.type != rq->htype+1)
		return 0;
	if(f.type == Rerror && x->dialect == DialectL)
		return 0;	/* .L has no Rerror */
	if(x->dialect != DialectL)
		return rmsgu(x, rq, &f, out, max);
	if(rq->type == Tclunk && rq->htype == Tremove && f.type == Rlerror){
		onefid(&f, Rclunk, 0);	/* the file stays; the clunk is done */
		f.tag = rq->tag;
	}
	len = rmsgL(x, rq, &f, out, max);
	if(len != 0 && rq->more && !batched(rq) && flushed(x, rq->tag, 0)){
		rq->more = 0;	/* not another message for a flushed tag */
		len = trans9perror(out, max, rq->tag, "interrupted");
	}
	if(!rq->more && !rq->wait)
		len = dirover(rq, len, out, max);
	return len;
}
