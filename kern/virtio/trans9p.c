/*
 * 9P2000 <-> 9P2000.u translation for #9; see trans9p.h.  Plain C
 * over lib/9p and malloc, so that tests/unit/t_trans9p.c runs this
 * very file on the host.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include "trans9p.h"

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
};

void
trans9pinit(Trans9p *x, u32int maxmsize)
{
	memset(x, 0, sizeof *x);
	x->maxmsize = maxmsize;
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
			free(f);
		}
	x->nfid = 0;
	x->msize = 0;
	x->version[0] = 0;
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
	free(f);
}

/*
 * fid is now on the file with qid: remember it if it is a directory,
 * else forget it.  -1 if out of memory.
 */
static int
notefid(Trans9p *x, u32int fid, Qid q)
{
	Transfid **l, *f;

	if((q.type & QTDIR) == 0){
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
	f->nextoff = 0;
	f->nexthostoff = 0;
	return 0;
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

/* size[4] type[1] tag[2] at out, for a message of n bytes */
static void
puthdr(uchar *out, uint n, uchar type, ushort tag)
{
	PBIT32(out, n);
	PBIT8(out+BIT32SZ, type);
	PBIT16(out+BIT32SZ+BIT8SZ, tag);
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

/* Twstat: the plain stat re-encoded with "don't touch" .u fields */
static uint
twstat(Fcall *f, uchar *out, uint max)
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

uint
trans9ptmsg(Trans9p *x, uchar *m, uint n, uchar *out, uint max, Transreq *rq)
{
	Fcall f;
	Transfid *tf;

	if(n == 0 || convM2S(m, n, &f) != n)	/* convM2S takes 0 bytes as 0 decoded */
		return 0;
	memset(rq, 0, sizeof *rq);
	rq->type = f.type;
	rq->tag = f.tag;
	rq->fid = f.fid;
	switch(f.type){
	case Tversion:
		trans9pfree(x);		/* a new session: every fid is gone */
		if(strcmp(f.version, VERSION9P) == 0)
			f.version = VERSION9PU;
		if(f.msize > x->maxmsize)
			f.msize = x->maxmsize;
		break;
	case Tauth:
		rq->fid = f.afid;
		/* fall through */
	case Tattach:
		f.uidnum = NOUID;
		break;
	case Tcreate:
		f.extension = "";
		break;
	case Twalk:
		rq->newfid = f.newfid;
		rq->nwname = f.nwname;
		break;
	case Tread:
		tf = lookfid(x, f.fid);
		if(tf == nil)
			break;
		rq->dirread = 1;
		rq->offset = f.offset;
		if(f.offset != 0 && f.offset == tf->nextoff)
			f.offset = tf->nexthostoff;
		rq->hostoffset = f.offset;
		/* room for the decimal ids: see rdirread */
		f.count -= f.count / Minuentry * Idgrowth;
		break;
	case Twstat:
		return twstat(&f, out, max);
	}
	return convS2Mu(&f, out, max);
}

/* Rstat: the .u stat re-encoded plain */
static uint
rstat(Fcall *f, uchar *out, uint max)
{
	char ids[2*(Idlen+1)];
	Dir d;
	uint n;

	if(!wholestat(convM2Du(f->stat, f->nstat, &d, nil), f->nstat))
		return 0;
	plaindir(&d, ids);
	if(max < Rstathdr)
		return 0;
	n = convD2M(&d, out+Rstathdr, max-Rstathdr);
	if(n <= BIT16SZ)
		return 0;
	puthdr(out, Rstathdr+n, Rstat, f->tag);
	PBIT16(out+HDRSZ, n);
	return Rstathdr+n;
}

/*
 * Rread of a directory: each .u entry re-encoded plain, "." and ".."
 * left out.  A plain entry is at most Idgrowth bytes longer than its
 * .u one (decimal ids for empty names), and Tread asked the host for
 * Idgrowth less per smallest .u entry the kernel's count could hold,
 * so what the host sent always fits the kernel's count.
 */
static uint
rdirread(Trans9p *x, Transreq *rq, Fcall *f, uchar *out, uint max)
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

/* Rwalk: a complete walk puts newfid on the last qid (or fid's file) */
static int
rwalk(Trans9p *x, Transreq *rq, Fcall *f)
{
	Transfid *tf;
	Qid q;
	int i;

	for(i = 0; i < f->nwqid; i++)
		plainqid(&f->wqid[i]);
	if(f->nwqid != rq->nwname)
		return 0;
	if(rq->nwname == 0){
		if(rq->newfid == rq->fid)
			return 0;
		tf = lookfid(x, rq->fid);
		memset(&q, 0, sizeof q);
		q.type = tf != nil ? QTDIR : QTFILE;
	}else
		q = f->wqid[f->nwqid-1];
	if(rq->newfid != rq->fid)
		x->nfid++;
	return notefid(x, rq->newfid, q);
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

uint
trans9prmsg(Trans9p *x, Transreq *rq, uchar *m, uint n, uchar *out, uint max)
{
	Fcall f;

	qemunstat(m, n);
	if(n == 0 || convM2Su(m, n, &f) != n || f.tag != rq->tag)
		return 0;
	if(rq->type == Tremove || rq->type == Tclunk && f.type == Rclunk){
		forgetfid(x, rq->fid);	/* a remove clunks, whatever the answer */
		if(x->nfid > 0)
			x->nfid--;
	}else if(rq->type == Tclunk)
		forgetfid(x, rq->fid);
	if(f.type != Rerror && f.type != rq->type+1)
		return 0;
	switch(f.type){
	case Rversion:
		x->msize = f.msize;
		setversion(x, f.version);
		if(strcmp(f.version, VERSION9PU) == 0)
			f.version = VERSION9P;
		break;
	case Rauth:
		plainqid(&f.aqid);
		x->nfid++;
		break;
	case Rattach:
		plainqid(&f.qid);
		x->nfid++;
		if(notefid(x, rq->fid, f.qid) < 0)
			return 0;
		break;
	case Rwalk:
		if(rwalk(x, rq, &f) < 0)
			return 0;
		break;
	case Ropen:
	case Rcreate:
		plainqid(&f.qid);
		if(notefid(x, rq->fid, f.qid) < 0)
			return 0;
		break;
	case Rstat:
		return rstat(&f, out, max);
	case Rread:
		if(rq->dirread)
			return rdirread(x, rq, &f, out, max);
		break;
	}
	return convS2M(&f, out, max);
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
