/*
 * libFuzzer target for lib/9p/trans9p.c (built by tests/fuzz/run).
 *
 * An input is a session of records, each
 *	op[1] sel[1] max[1] len[2] bytes[len]
 * either a T-message from the kernel (op bit 0 clear) or an R-message
 * from the host answering the pending request sel picks, counting
 * back from the newest (op bit 0 set).  Unless op says otherwise
 * (Keepsize, Keeptag, Keeptype) the size field is made the record's
 * length and an R-message gets its request's tag and reply type, so
 * most records get past the codec.  op's Maxbits choose the output
 * buffer: the one dev9p gives, exactly what the model says the
 * translation takes, less by 1+max (modulo that), or max.  Before
 * that each message the model accepts is translated into Nsmall
 * buffers too small for it, which must be refused: T-messages change
 * nothing a second translation would see, and R-messages only what
 * translating them again sets the same way (only the count of the
 * host's fids, which is not modelled, goes off).
 *
 * Beside the translator runs a model: this file's own reading of
 * trans9p.h.  It decodes each input with lib/9p (a plain T-message,
 * a .u R-message), applies the documented changes to the decoded
 * message, keeps its own table of fids on directories and their
 * offsets, and encodes the result in the other dialect.  Then:
 *
 *	the translator takes no input the codec refuses;
 *	where the model's message fits the buffer, the translation is
 *	exactly those bytes (so it decodes in the other dialect), else
 *	the translator refuses; it never writes past the buffer (which
 *	is an allocation of exactly max bytes, as the input is of
 *	its length, for ASan);
 *	a T-message grows by at most Transgrowth;
 *	a directory read the host answered within the count it was
 *	asked for fits the count the kernel asked for;
 *	in place of a reply it refuses, trans9perror makes the Rerror
 *	dev9p sends, if it fits.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include <trans9p.h>

#include "fuzz.h"

enum {
	Msize		= 128*1024+IOHDRSZ,	/* what dev9p offers and reads into */
	Big		= 1<<18,		/* more than any translation here */
	Npend		= 16,			/* requests awaiting replies */
	Nsmall		= 3,			/* too small buffers tried per message */

	/* op bits */
	Fromhost	= 1<<0,
	Maxbits		= 3<<1,
	Keepsize	= 1<<3,
	Keeptag		= 1<<4,
	Keeptype	= 1<<5,

	Recordhdr	= 5,
	/* the smallest .u directory entry, and how much more a plain one can take */
	Minuentry	= STATFIXLENU+1,
	Idgrowth	= 6,
};

/* the mode and qid bits stat(5) gives plain 9P2000 */
#define PLAINMODE	(DMDIR|DMAPPEND|DMEXCL|DMMOUNT|DMAUTH|DMTMP|0777)
#define PLAINQID	(QTDIR|QTAPPEND|QTEXCL|QTMOUNT|QTAUTH|QTTMP)

typedef struct Mdir Mdir;
typedef struct Pend Pend;

/* the model's fid on a directory or a symbolic link */
struct Mdir {
	Mdir	*next;
	u32int	fid;
	int	islink;		/* else a directory */
	vlong	nextoff;	/* the kernel's offset after the last read */
	vlong	nexthostoff;	/* and the host's */
};

/* a request the translator passed on */
struct Pend {
	Transreq	rq;	/* the translator's */
	uchar	type;
	ushort	tag;
	u32int	fid;
	u32int	newfid;
	ushort	nwname;
	int	dirread;	/* the model's view */
	int	link;		/* Topen or Tread of a link, sent as Tstat */
	vlong	offset;
	vlong	hostoffset;
	u32int	count;		/* the kernel's */
	u32int	hostcount;	/* the host's */
};

static Trans9p x;
static Mdir *mdirs;
static Pend pend[Npend];
static int npend;
static uchar exp[Big];		/* the model's message */
static uchar scratch[Big];	/* stats and directory data it builds */
static char strs[Big];



static Mdir**
mlook(u32int fid)
{
	Mdir **l;

	for(l = &mdirs; *l != nil; l = &(*l)->next)
		if((*l)->fid == fid)
			break;
	return l;
}

static void
mforget(u32int fid)
{
	Mdir **l, *d;

	l = mlook(fid);
	if((d = *l) != nil){
		*l = d->next;
		free(d);
	}
}

static void
mforgetall(void)
{
	while(mdirs != nil)
		mforget(mdirs->fid);
}

/*
 * fid is now on a file: a directory (with its reads starting over), a
 * symbolic link (as the host's Rwalk says) or neither
 */
static void
mset(u32int fid, int isdir, int islink)
{
	Mdir *d;

	mforget(fid);
	if(!isdir && !islink)
		return;
	d = malloc(sizeof *d);
	memset(d, 0, sizeof *d);
	d->fid = fid;
	d->islink = islink;
	d->next = mdirs;
	mdirs = d;
}

/* a link's Topen or Tread goes as a Tstat: its target is the extension */
static uint
linkstat(Fcall *f, Pend *p)
{
	Fcall g;

	p->link = 1;
	memset(&g, 0, sizeof g);
	g.type = Tstat;
	g.tag = f->tag;
	g.fid = f->fid;
	return convS2Mu(&g, exp, sizeof exp);
}

/*
 * The T-message translation as trans9p.h documents it; f as decoded
 * plain, p to fill in.  The length of the .u message in exp, or 0 if
 * the translator must refuse it.
 */
static uint
tmodel(Fcall *f, Pend *p)
{
	Mdir *d;
	Dir st;
	uint n;

	if((f->type & 1) != 0 || f->type == Terror)
		return 0;	/* an R-message is no request: refused */
	p->type = f->type;
	p->tag = f->tag;
	p->fid = f->type == Tauth ? f->afid : f->fid;
	switch(f->type){
	case Tversion:
		mforgetall();
		if(strcmp(f->version, VERSION9P) == 0)
			f->version = VERSION9PU;
		if(f->msize > Msize)
			f->msize = Msize;
		break;
	case Tauth:
	case Tattach:
		f->uidnum = NOUID;
		break;
	case Tcreate:
		f->extension = "";
		break;
	case Twalk:
		p->newfid = f->newfid;
		p->nwname = f->nwname;
		break;
	case Topen:
		if((d = *mlook(f->fid)) != nil && d->islink)
			return linkstat(f, p);
		break;
	case Tread:
		p->count = p->hostcount = f->count;
		p->offset = p->hostoffset = f->offset;
		if((d = *mlook(f->fid)) != nil && d->islink)
			return linkstat(f, p);
		if(d == nil)
			break;
		p->dirread = 1;
		if(f->offset != 0 && f->offset == d->nextoff)
			p->hostoffset = d->nexthostoff;
		p->hostcount = f->count - f->count/Minuentry*Idgrowth;
		f->offset = p->hostoffset;
		f->count = p->hostcount;
		break;
	case Twstat:
		if(f->nstat == 0 || convM2D(f->stat, f->nstat, &st, strs) != f->nstat)
			return 0;
		st.extension = "";
		st.n_uid = st.n_gid = st.n_muid = NOUID;
		n = convD2Mu(&st, scratch, sizeof scratch);
		need(n > BIT16SZ);
		f->stat = scratch;
		f->nstat = n;
		break;
	}
	return convS2Mu(f, exp, sizeof exp);
}

static uint
chosenmax(int op, uint generous, uint e, uchar max)
{
	switch(op & Maxbits){
	case 1<<1:
		return e ? e : generous;
	case 2<<1:
		return e ? e-1 - max%e : max;	/* too small, by 1 at max 0 */
	case 3<<1:
		return max;
	}
	return generous;
}

static void
addpend(Pend *p)
{
	if(npend == Npend){
		memmove(pend, pend+1, (Npend-1)*sizeof pend[0]);
		npend--;
	}
	pend[npend++] = *p;
}

/*
 * Buffers too small for a translation of e bytes (0: none): just too
 * small, any size below, and one within the first header's reach.
 */
static uint
toosmall(int i, uint e, uchar max)
{
	switch(i){
	case 0:
		return e-1;
	case 1:
		return max % e;
	}
	return max % (e < 2*HDRSZ ? e : 2*HDRSZ);
}

/* trans9ptmsg on a copy of m, into an allocation of max bytes left in *out */
static uint
ttrans(uchar *m, long n, uint max, uchar **out, Transreq *rq)
{
	uchar *in;
	uint r;

	in = copyin(m, n);
	*out = malloc(max);
	r = trans9ptmsg(&x, in, n, *out, max, rq);
	free(in);
	need(r <= max);
	return r;
}

/* trans9prmsg likewise */
static uint
rtrans(Pend *p, uchar *m, long n, uint max, uchar **out)
{
	uchar *in;
	uint r;

	in = copyin(m, n);
	*out = malloc(max);
	r = trans9prmsg(&x, &p->rq, in, n, *out, max);
	free(in);
	need(r <= max);
	return r;
}

static void
fromkernel(uchar *rec, long n, int op, uchar maxb)
{
	uchar *m, *mc, *out;
	uint e, max, r;
	Fcall f, g;
	Transreq rq;
	Pend p;
	int i, valid;

	m = copyin(rec, n);
	if((op & Keepsize) == 0 && n >= BIT32SZ)
		PBIT32(m, n);
	mc = copyin(m, n);
	memset(&f, 0, sizeof f);
	memset(&p, 0, sizeof p);
	valid = n > 0 && convM2S(mc, n, &f) == (uint)n;	/* 0: refused */
	e = valid ? tmodel(&f, &p) : 0;
	for(i = 0; e > 0 && i < Nsmall; i++){
		need(ttrans(m, n, toosmall(i, e, maxb), &out, &rq) == 0);
		free(out);
	}
	max = chosenmax(op, n+Transgrowth, e, maxb);
	r = ttrans(m, n, max, &out, &rq);
	if(e == 0 || e > max)
		need(r == 0);
	else{
		need(r == e && memcmp(out, exp, e) == 0);
		need(r <= n+Transgrowth);
		need(convM2Su(out, r, &g) == r);
		need(rq.type == p.type && rq.tag == p.tag);
		need(rq.dirread == p.dirread);
		if(p.dirread)
			need(rq.offset == p.offset && rq.hostoffset == p.hostoffset);
		p.rq = rq;
		addpend(&p);
	}
	free(out);
	free(mc);
	free(m);
}

/* n in decimal at s */
static char*
decimal(u32int n, char *s)
{
	char t[16];
	int i, j;

	i = 0;
	do{
		t[i++] = '0' + n%10;
		n /= 10;
	}while(n > 0);
	for(j = 0; j < i; j++)
		s[j] = t[i-1-j];
	s[i] = 0;
	return s;
}

/* a .u stat as plain 9P2000 shows it */
static void
plainstat(Dir *d, char *uid, char *gid)
{
	if(d->uid[0] == 0 && d->n_uid != NOUID)
		d->uid = decimal(d->n_uid, uid);
	if(d->gid[0] == 0 && d->n_gid != NOUID)
		d->gid = decimal(d->n_gid, gid);
	d->mode &= PLAINMODE;
	d->qid.type &= PLAINQID;
}

/* Rread of a directory: plain entries into scratch; their length, -1 if malformed */
static long
plaindir(uchar *p, uint count)
{
	char uid[16], gid[16];
	uchar *ep, *e;
	long out;
	uint n, k;
	Dir d;

	out = 0;
	ep = p+count;
	while(p < ep){
		if(ep-p < BIT16SZ)
			return -1;
		n = BIT16SZ+GBIT16(p);
		if(n > ep-p)
			return -1;
		e = copyin(p, n);
		k = convM2Du(e, n, &d, strs);
		free(e);
		if(k != n)
			return -1;
		p += n;
		if(strcmp(d.name, ".") == 0 || strcmp(d.name, "..") == 0)
			continue;
		plainstat(&d, uid, gid);
		k = convD2M(&d, scratch+out, sizeof scratch-out);
		need(k > BIT16SZ);
		out += k;
	}
	return out;
}

/*
 * The R-message translation; f as decoded .u, a reply to p.  The
 * length of the plain message in exp, or 0 if the translator must
 * refuse it.  Updates the model's fids as the reply says, but not the
 * offsets: those only if the reply fits (see fromhost).
 */
static uint
rmodel(Fcall *f, Pend *p)
{
	char uid[16], gid[16];
	Qid last;
	Mdir *d;
	Dir st;
	long n;
	int i;

	switch(f->type){
	case Rversion:
		if(strcmp(f->version, VERSION9PU) == 0)
			f->version = VERSION9P;
		break;
	case Rerror:
		if(trans9perrno(f->errornum) != nil)	/* Plan 9's word for a known errno */
			f->ename = trans9perrno(f->errornum);
		break;
	case Rauth:
		f->aqid.type &= PLAINQID;
		break;
	case Rattach:
	case Ropen:
	case Rcreate:
		f->qid.type &= PLAINQID;
		mset(p->fid, f->qid.type & QTDIR, 0);
		break;
	case Rwalk:
		if(f->nwqid > p->nwname)
			return 0;	/* more qids than names: no answer */
		if(f->nwqid > 0)
			last = f->wqid[f->nwqid-1];	/* with its symlink bit */
		for(i = 0; i < f->nwqid; i++)
			f->wqid[i].type &= PLAINQID;
		if(f->nwqid != p->nwname)
			break;		/* newfid was not made */
		if(p->nwname > 0)
			mset(p->newfid, last.type & QTDIR, (last.type & QTSYMLINK) != 0);
		else if(p->newfid != p->fid && (d = *mlook(p->fid)) != nil)
			mset(p->newfid, !d->islink, d->islink);
		else if(p->newfid != p->fid)
			mset(p->newfid, 0, 0);
		break;
	case Rstat:
		if(f->nstat == 0 || convM2Du(f->stat, f->nstat, &st, strs) != f->nstat)
			return 0;
		plainstat(&st, uid, gid);
		n = convD2M(&st, scratch, sizeof scratch);
		need(n > BIT16SZ);
		f->stat = scratch;
		f->nstat = n;
		break;
	case Rread:
		if(!p->dirread)
			break;
		n = plaindir((uchar*)f->data, f->count);
		if(n < 0)
			return 0;
		f->data = (char*)scratch;
		f->count = n;
		break;
	}
	return convS2M(f, exp, sizeof exp);
}

/* QEMU's Rstat with nstat 0: the model takes the rest as the stat */
static void
qemunstat(uchar *m, long n)
{
	if(n >= HDRSZ+2*BIT16SZ && m[BIT32SZ] == Rstat && GBIT16(m+HDRSZ) == 0)
		PBIT16(m+HDRSZ, n-HDRSZ-BIT16SZ);
}

/* the Rerror dev9p sends instead of a reply it cannot pass on */
static void
refusal(Pend *p, uchar *out, uint max)
{
	static char ename[] = "malformed 9P message";
	uint r, len;
	Fcall g;

	len = HDRSZ+BIT16SZ+strlen(ename);
	r = trans9perror(out, max, p->tag, ename);
	need(r == (len <= max ? len : 0));
	if(r != 0){
		need(convM2S(out, r, &g) == r);
		need(g.type == Rerror && g.tag == p->tag && strcmp(g.ename, ename) == 0);
	}
}

/*
 * The reply to a link's Tstat becomes the Ropen or Rread of its
 * target (trans9p.h), which the model does not compute: whatever
 * comes out must be a plain answer of that kind, or an Rerror.
 */
static void
linkreply(Pend *p, uchar *m, long n, int op, uchar maxb)
{
	uchar *out;
	uint r;
	Fcall g;

	r = rtrans(p, m, n, chosenmax(op, Msize, Msize, maxb), &out);
	if(r != 0){
		need(convM2S(out, r, &g) == r && g.tag == p->tag);
		need(g.type == Rerror || g.type == p->type+1);
		if(g.type == Rread)
			need(g.count <= p->count);
	}
	free(out);
}

static void
fromhost(uchar *rec, long n, int op, uchar sel, uchar maxb)
{
	uchar *m, *mc, *out;
	uint e, max, r, hostcount;
	Fcall f, g;
	Mdir *d;
	Pend p;
	int i, valid;

	if(npend == 0)
		return;
	i = npend-1 - sel%npend;	/* sel counts back from the newest */
	p = pend[i];
	memmove(pend+i, pend+i+1, (npend-i-1)*sizeof pend[0]);
	npend--;
	m = copyin(rec, n);
	if((op & Keepsize) == 0 && n >= BIT32SZ)
		PBIT32(m, n);
	if((op & Keeptype) == 0 && n > BIT32SZ)
		m[BIT32SZ] = p.link ? Rstat : p.type+1;
	if((op & Keeptag) == 0 && n >= HDRSZ)
		PBIT16(m+BIT32SZ+BIT8SZ, p.tag);
	if(p.link){
		linkreply(&p, m, n, op, maxb);
		free(m);
		return;
	}
	mc = copyin(m, n);
	qemunstat(mc, n);
	memset(&f, 0, sizeof f);
	valid = n > 0 && convM2Su(mc, n, &f) == (uint)n && f.tag == p.tag;
	hostcount = f.count;
	e = 0;
	if(valid){
		if(p.type == Tclunk || p.type == Tremove)
			mforget(p.fid);		/* gone, whatever the answer */
		if(f.type == Rerror || f.type == p.type+1)
			e = rmodel(&f, &p);
	}
	for(i = 0; e > 0 && i < Nsmall; i++){
		need(rtrans(&p, m, n, toosmall(i, e, maxb), &out) == 0);
		free(out);
	}
	max = chosenmax(op, Msize, e, maxb);
	r = rtrans(&p, m, n, max, &out);
	if(e == 0 || e > max){
		need(r == 0);
		refusal(&p, out, max);
	}else{
		need(r == e && memcmp(out, exp, e) == 0);
		need(convM2S(out, r, &g) == r);
		if(g.type == Rversion)
			need(x.msize == g.msize);
		if(g.type == Rread && p.dirread){
			if(hostcount <= p.hostcount)
				need(g.count <= p.count);
			if((d = *mlook(p.fid)) != nil){
				d->nextoff = p.offset + g.count;
				d->nexthostoff = p.hostoffset + hostcount;
			}
		}
	}
	free(out);
	free(mc);
	free(m);
}

int
LLVMFuzzerTestOneInput(uchar *data, usize size)
{
	uchar *p, *ep;
	long n;
	int op;

	trans9pinit(&x, Msize, Dialectu);
	npend = 0;
	p = data;
	ep = data+size;
	while(ep-p >= Recordhdr){
		op = p[0];
		n = GBIT16(p+3);
		if(n > ep-p-Recordhdr)
			n = ep-p-Recordhdr;
		if(op & Fromhost)
			fromhost(p+Recordhdr, n, op, p[1], p[2]);
		else
			fromkernel(p+Recordhdr, n, op, p[2]);
		p += Recordhdr+n;
	}
	trans9pfree(&x);
	mforgetall();
	return 0;
}
