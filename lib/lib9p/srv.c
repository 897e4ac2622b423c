/*
 * lib9p's server loop: read a T-message, check what 9P requires,
 * call the server, and encode its answer (respond) with lib/9p.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include <fcall.h>
#include <9p.h>

static char Eunknownfid[] = "unknown fid";
static char Efidinuse[] = "fid already in use";
static char Eopen[] = "fid already open";
static char Enotopen[] = "fid not open";
static char Ebadmode[] = "bad open mode for i/o";
static char Eisdir[] = "is a directory";
static char Enotdir[] = "not a directory";
static char Ewalknodir[] = "walk in non-directory";
static char Ebadname[] = "bad file name";
static char Enomem[] = "out of memory";
static char Eprohibited[] = "operation not supported by this server";
static char Eintr[] = "interrupted";

/* malloc and clear: mallocz is not in the host C library */
static void*
zalloc(usize n)
{
	void *p;

	p = malloc(n);
	if(p != nil)
		memset(p, 0, n);
	return p;
}

static void
debugmsg(Srv *s, char *dir, Fcall *f)
{
	Fmt fmt;
	char buf[512];

	if(!s->debug)
		return;
	fmtfdinit(&fmt, 2, buf, sizeof buf);
	fmtprint(&fmt, "%s %F\n", dir, f);
	fmtfdflush(&fmt);
}

/*
 * Fids.  A Fid is referenced by the table (until clunked) and by each
 * request using it; the server's destroyfid runs when the last goes.
 */
static Fid*
allocfid(Srv *s, u32int num, char *uid)
{
	Fid *f;

	f = zalloc(sizeof *f);
	if(f == nil)
		return nil;
	f->uid = strdup(uid != nil ? uid : "");
	if(f->uid == nil){
		free(f);
		return nil;
	}
	f->fid = num;
	f->omode = -1;
	f->srv = s;
	f->ref = 1;
	return f;
}

static void
decref(Fid *f)
{
	if(f == nil || --f->ref > 0)
		return;
	if(f->srv->destroyfid != nil)
		f->srv->destroyfid(f);
	free(f->uid);
	free(f);
}

Fid*
lookupfid(Srv *s, u32int num)
{
	Fid *f;

	for(f = s->fids[num % Fidhash]; f != nil; f = f->next)
		if(f->fid == num)
			return f;
	return nil;
}

static void
insertfid(Srv *s, Fid *f)
{
	Fid **h;

	h = &s->fids[f->fid % Fidhash];
	f->next = *h;
	*h = f;
	f->ref++;
	s->nfid++;
}

static void
closefid(Srv *s, Fid *f)
{
	Fid **l;

	if(f->clunked)
		return;
	for(l = &s->fids[f->fid % Fidhash]; *l != nil; l = &(*l)->next)
		if(*l == f){
			*l = f->next;
			break;
		}
	f->clunked = 1;
	s->nfid--;
	decref(f);
}

static void
closeallfids(Srv *s)
{
	int i;

	for(i = 0; i < Fidhash; i++)
		while(s->fids[i] != nil)
			closefid(s, s->fids[i]);
}

/* Requests. */
static void
freereq(Req *r)
{
	decref(r->fid);
	decref(r->newfid);
	free(r->buf);
	free(r->rdata);
	free(r->dstrs);
	free(r);
}

static void
unlinkreq(Srv *s, Req *r)
{
	Req **l;

	for(l = &s->reqs; *l != nil; l = &(*l)->next)
		if(*l == r){
			*l = r->next;
			return;
		}
}

static Req*
findtag(Srv *s, ushort tag, Req *not)
{
	Req *r;

	for(r = s->reqs; r != nil; r = r->next)
		if(r->ifcall.tag == tag && r != not)
			return r;
	return nil;
}

static void
sendreply(Srv *s, Fcall *f)
{
	uint n;
	long w, m;
	Fcall e;

	n = convS2M(f, s->wbuf, s->msize);
	if(n == 0){
		memset(&e, 0, sizeof e);
		e.type = Rerror;
		e.tag = f->tag;
		e.ename = "reply too large for msize";
		f = &e;
		n = convS2M(f, s->wbuf, s->msize);
	}
	debugmsg(s, "->", f);
	if(s->dead)
		return;
	for(w = 0; w < n; w += m){
		m = write(s->outfd, s->wbuf+w, n-w);
		if(m <= 0){
			s->dead = 1;
			return;
		}
	}
}

/* after a successful reply: what it changes in the fid table */
static char*
commit(Srv *s, Req *r)
{
	Fid *f;
	uint n;

	f = r->fid;
	switch(r->ifcall.type){
	case Tattach:
		r->newfid->qid = r->ofcall.qid;
		insertfid(s, r->newfid);
		break;
	case Twalk:
		if(r->newfid == nil || r->ofcall.nwqid < r->ifcall.nwname)
			break;	/* partial walk: newfid is not affected */
		if(r->ifcall.nwname > 0)
			r->newfid->qid = r->ofcall.wqid[r->ofcall.nwqid-1];
		if(r->newfid->fid == f->fid)
			closefid(s, f);
		insertfid(s, r->newfid);
		break;
	case Topen:
	case Tcreate:
		f->qid = r->ofcall.qid;
		f->omode = r->ifcall.mode;
		f->diroffset = 0;
		f->dirindex = 0;
		break;
	case Tstat:
		n = sizeD2M(&r->d);
		if(n == 0)
			return "stat too large";
		r->rdata = malloc(n);
		if(r->rdata == nil)
			return Enomem;
		if(convD2M(&r->d, (uchar*)r->rdata, n) != n)
			return "stat too large";
		r->ofcall.stat = (uchar*)r->rdata;
		r->ofcall.nstat = n;
		break;
	}
	return nil;
}

void
respond(Req *r, char *err)
{
	Srv *s;
	Req *fl, *next;

	s = r->srv;
	if(r->responded){
		/* a server bug; answering twice would confuse the client */
		debugmsg(s, "respond twice:", &r->ifcall);
		return;
	}
	r->responded = 1;
	if(err == nil)
		err = commit(s, r);
	r->ofcall.tag = r->ifcall.tag;
	if(err != nil){
		r->ofcall.type = Rerror;
		r->ofcall.ename = err;
	}else
		r->ofcall.type = r->ifcall.type+1;
	/* remove's fid goes whatever the answer; clunk's likewise */
	if((r->ifcall.type == Tremove || r->ifcall.type == Tclunk) && r->fid != nil){
		/* destroyed now, not after the reply: ORCLOSE must be done by then */
		closefid(s, r->fid);
		decref(r->fid);
		r->fid = nil;
	}
	unlinkreq(s, r);
	sendreply(s, &r->ofcall);
	/* Rflush must follow the reply to the request it flushed */
	for(fl = r->flush; fl != nil; fl = next){
		next = fl->flush;
		fl->flush = nil;
		respond(fl, nil);
	}
	freereq(r);
}

/* Make r answer now: the server's flush, or "interrupted" for us. */
static void
flushreq(Srv *s, Req *old)
{
	if(s->flush != nil)
		s->flush(old);
	else
		respond(old, Eintr);
}

static void
flushall(Srv *s)
{
	Req *r;

	/* each flush removes r from the list, or the server kept it: skip it then */
	while((r = s->reqs) != nil){
		flushreq(s, r);
		if(s->reqs == r){
			s->reqs = r->next;
			r->next = nil;
		}
	}
}

/* The T-message handlers. */
static void
sversion(Srv *s, Req *r)
{
	u32int msize;
	uchar *nb;
	char *v;

	/* a new session: end the old one, but not this request */
	unlinkreq(s, r);
	flushall(s);
	r->next = s->reqs;
	s->reqs = r;
	closeallfids(s);
	msize = r->ifcall.msize;
	if(msize > s->maxmsize)
		msize = s->maxmsize;
	s->versioned = 0;
	if(msize < Minmsize){
		respond(r, "msize too small");
		return;
	}
	v = r->ifcall.version;
	if(strncmp(v, VERSION9P, 6) == 0 && (v[6] == 0 || v[6] == '.'))
		r->ofcall.version = VERSION9P;
	else
		r->ofcall.version = "unknown";
	if(msize != s->msize){
		nb = malloc(msize);
		if(nb == nil){
			respond(r, Enomem);
			return;
		}
		free(s->wbuf);
		s->wbuf = nb;
		s->msize = msize;
	}
	r->ofcall.msize = msize;
	s->versioned = strcmp(r->ofcall.version, VERSION9P) == 0;
	respond(r, nil);
}

static void
sattach(Srv *s, Req *r)
{
	/* no fid exists before a session does (version(5)) */
	if(!s->versioned){
		respond(r, "attach before version");
		return;
	}
	if(lookupfid(s, r->ifcall.fid) != nil){
		respond(r, Efidinuse);
		return;
	}
	if(r->ifcall.afid != NOFID){
		respond(r, "authentication not required");
		return;
	}
	r->newfid = allocfid(s, r->ifcall.fid, r->ifcall.uname);
	if(r->newfid == nil){
		respond(r, Enomem);
		return;
	}
	if(s->attach == nil){
		respond(r, Eprohibited);
		return;
	}
	s->attach(r);
}

static int
badname(char *n)
{
	return *n == 0 || strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strchr(n, '/') != nil;
}

/*
 * Walk on a copy of the fid so a failed walk leaves everything as it
 * was; respond's commit puts the copy in the table.
 */
static void
swalk(Srv *s, Req *r)
{
	Fid *f, *nf;
	char *err;
	int i;
	Qid q;

	f = r->fid;
	if(f->omode != -1){
		respond(r, "cannot walk from an open fid");
		return;
	}
	if(r->ifcall.newfid != f->fid && lookupfid(s, r->ifcall.newfid) != nil){
		respond(r, Efidinuse);
		return;
	}
	if(r->ifcall.nwname == 0 && r->ifcall.newfid == f->fid){
		r->ofcall.nwqid = 0;
		respond(r, nil);
		return;
	}
	nf = allocfid(s, r->ifcall.newfid, f->uid);
	if(nf == nil){
		respond(r, Enomem);
		return;
	}
	r->newfid = nf;
	nf->qid = f->qid;
	nf->aux = f->aux;
	if(s->clone != nil && (err = s->clone(f, nf)) != nil){
		nf->aux = nil;
		respond(r, err);
		return;
	}
	err = nil;
	for(i = 0; i < r->ifcall.nwname; i++){
		if((nf->qid.type & QTDIR) == 0){
			err = Ewalknodir;
			break;
		}
		if(s->walk1 == nil){
			err = Eprohibited;
			break;
		}
		if(strchr(r->ifcall.wname[i], '/') != nil || r->ifcall.wname[i][0] == 0){
			err = Ebadname;
			break;
		}
		err = s->walk1(nf, r->ifcall.wname[i], &q);
		if(err != nil)
			break;
		nf->qid = q;
		r->ofcall.wqid[i] = q;
	}
	r->ofcall.nwqid = i;
	if(i == 0 && r->ifcall.nwname > 0){
		respond(r, err);
		return;
	}
	respond(r, nil);
}

static void
sopen(Srv *s, Req *r)
{
	Fid *f;
	int m;

	f = r->fid;
	if(f->omode != -1){
		respond(r, Eopen);
		return;
	}
	m = r->ifcall.mode;
	if((m & ~(3|P9OTRUNC|P9ORCLOSE)) != 0){
		respond(r, "bad open mode");
		return;
	}
	if((f->qid.type & QTDIR) && ((m&3) != P9OREAD || (m & (P9OTRUNC|P9ORCLOSE)))){
		respond(r, Eisdir);
		return;
	}
	r->ofcall.qid = f->qid;
	r->ofcall.iounit = s->msize - IOHDRSZ;
	if(s->open == nil){
		respond(r, nil);
		return;
	}
	s->open(r);
}

static void
screate(Srv *s, Req *r)
{
	Fid *f;

	f = r->fid;
	if(f->omode != -1){
		respond(r, Eopen);
		return;
	}
	if((f->qid.type & QTDIR) == 0){
		respond(r, Enotdir);
		return;
	}
	if(badname(r->ifcall.name)){
		respond(r, Ebadname);
		return;
	}
	if((r->ifcall.mode & ~(3|P9OTRUNC|P9ORCLOSE)) != 0){
		respond(r, "bad open mode");
		return;
	}
	if((r->ifcall.perm & DMDIR) && (r->ifcall.mode&3) != P9OREAD){
		respond(r, Eisdir);
		return;
	}
	if(s->create == nil){
		respond(r, Eprohibited);
		return;
	}
	r->ofcall.iounit = s->msize - IOHDRSZ;
	s->create(r);
}

static void
sread(Srv *s, Req *r)
{
	Fid *f;
	u32int n;

	f = r->fid;
	if(f->omode == -1){
		respond(r, Enotopen);
		return;
	}
	if((f->omode&3) == P9OWRITE){
		respond(r, Ebadmode);
		return;
	}
	/*
	 * The wire's offset is unsigned; one at 2^63 or more is past
	 * the end of any file, so it reads nothing.  In a directory
	 * only offsets a read returned make sense.
	 */
	if(r->ifcall.offset < 0){
		if(f->qid.type & QTDIR){
			respond(r, "bad offset");
			return;
		}
		r->ofcall.count = 0;
		respond(r, nil);
		return;
	}
	n = r->ifcall.count;
	if(n > s->msize - IOHDRSZ)
		n = s->msize - IOHDRSZ;
	r->ifcall.count = n;
	r->rdata = malloc(n > 0 ? n : 1);
	if(r->rdata == nil){
		respond(r, Enomem);
		return;
	}
	r->ofcall.data = r->rdata;
	r->ofcall.count = 0;
	if(s->read == nil){
		respond(r, Eprohibited);
		return;
	}
	s->read(r);
}

static void
swrite(Srv *s, Req *r)
{
	Fid *f;

	f = r->fid;
	if(f->omode == -1){
		respond(r, Enotopen);
		return;
	}
	if((f->omode&3) != P9OWRITE && (f->omode&3) != P9ORDWR){
		respond(r, Ebadmode);
		return;
	}
	if(r->ifcall.offset < 0){
		respond(r, "bad offset");
		return;
	}
	if(s->write == nil){
		respond(r, Eprohibited);
		return;
	}
	s->write(r);
}

static void
swstat(Srv *s, Req *r)
{
	r->dstrs = malloc(r->ifcall.nstat > 0 ? r->ifcall.nstat : 1);
	if(r->dstrs == nil){
		respond(r, Enomem);
		return;
	}
	if(convM2D(r->ifcall.stat, r->ifcall.nstat, &r->d, r->dstrs) == 0){
		respond(r, "bad stat in wstat");
		return;
	}
	if(s->wstat == nil){
		respond(r, Eprohibited);
		return;
	}
	s->wstat(r);
}

static void
sflush(Srv *s, Req *r)
{
	Req *old;

	old = findtag(s, r->ifcall.oldtag, r);
	if(old == nil || old->responded){
		respond(r, nil);
		return;
	}
	/* answered by respond(old), after old's own reply */
	r->flush = old->flush;
	old->flush = r;
	flushreq(s, old);
}

static void
dispatch(Srv *s, Req *r)
{
	Fcall *t;

	t = &r->ifcall;
	switch(t->type){
	case Tversion:
		sversion(s, r);
		return;
	case Tauth:
		respond(r, "authentication not required");
		return;
	case Tattach:
		sattach(s, r);
		return;
	case Tflush:
		sflush(s, r);
		return;
	}
	switch(t->type){
	case Twalk:
	case Topen:
	case Tcreate:
	case Tread:
	case Twrite:
	case Tclunk:
	case Tremove:
	case Tstat:
	case Twstat:
		r->fid = lookupfid(s, t->fid);
		if(r->fid == nil){
			respond(r, Eunknownfid);
			return;
		}
		r->fid->ref++;
		break;
	default:
		respond(r, "bad 9P message type");
		return;
	}
	switch(t->type){
	case Twalk:
		swalk(s, r);
		break;
	case Topen:
		sopen(s, r);
		break;
	case Tcreate:
		screate(s, r);
		break;
	case Tread:
		sread(s, r);
		break;
	case Twrite:
		swrite(s, r);
		break;
	case Tclunk:
		respond(r, nil);
		break;
	case Tremove:
		if(s->remove == nil)
			respond(r, Eprohibited);
		else
			s->remove(r);
		break;
	case Tstat:
		if(s->stat == nil)
			respond(r, Eprohibited);
		else
			s->stat(r);
		break;
	case Twstat:
		swstat(s, r);
		break;
	}
}

/* read exactly n bytes; 0 on success, -1 at EOF or error */
static int
readfull(int fd, uchar *p, long n)
{
	long m;

	while(n > 0){
		m = read(fd, p, n);
		if(m <= 0)
			return -1;
		p += m;
		n -= m;
	}
	return 0;
}

/*
 * The next request, its message in a buffer of its own so the server
 * can keep it.  *eof is set at a clean end of file; nil on error.
 */
static Req*
readreq(Srv *s, int *eof)
{
	uchar hdr[BIT32SZ];
	long m;
	int size;
	Req *r;

	*eof = 0;
	m = read(s->infd, hdr, 1);
	if(m <= 0){
		*eof = m == 0;
		return nil;
	}
	if(readfull(s->infd, hdr+1, BIT32SZ-1) < 0)
		return nil;
	size = msgsize(hdr, BIT32SZ);
	if(size <= 0 || (u32int)size > s->msize)
		return nil;	/* cannot find the next message: give up the connection */
	r = zalloc(sizeof *r);
	if(r == nil)
		return nil;
	r->buf = malloc(size);
	if(r->buf == nil){
		free(r);
		return nil;
	}
	memmove(r->buf, hdr, BIT32SZ);
	if(readfull(s->infd, r->buf+BIT32SZ, size-BIT32SZ) < 0){
		free(r->buf);
		free(r);
		return nil;
	}
	r->srv = s;
	if(convM2S(r->buf, size, &r->ifcall) != (uint)size){
		/* well framed but malformed: answer with its tag */
		r->ifcall.type = Terror;
		r->ifcall.tag = GBIT16(r->buf+BIT32SZ+BIT8SZ);
		r->ifcall.fid = NOFID;
	}
	return r;
}

int
srv(Srv *s)
{
	Req *r;
	int eof;

	if(s->maxmsize == 0 || s->maxmsize > Maxmsize)
		s->maxmsize = Maxmsize;
	if(s->maxmsize < Minmsize)
		s->maxmsize = Minmsize;
	s->msize = s->maxmsize;
	s->wbuf = malloc(s->msize);
	if(s->wbuf == nil)
		return -1;
	s->dead = 0;
	s->reqs = nil;
	if(s->debug)
		fmtinstall('F', fcallfmt);
	eof = 0;
	while(!s->dead){
		r = readreq(s, &eof);
		if(r == nil)
			break;
		debugmsg(s, "<-", &r->ifcall);
		if(r->ifcall.type == Terror){
			r->ifcall.type = Tmax;
			r->next = s->reqs;
			s->reqs = r;
			respond(r, "malformed 9P message");
			continue;
		}
		if(r->ifcall.type != Tversion && findtag(s, r->ifcall.tag, nil) != nil){
			/* not added to the list: its tag belongs to another */
			r->responded = 1;
			r->ofcall.type = Rerror;
			r->ofcall.tag = r->ifcall.tag;
			r->ofcall.ename = "duplicate tag";
			sendreply(s, &r->ofcall);
			freereq(r);
			continue;
		}
		r->next = s->reqs;
		s->reqs = r;
		dispatch(s, r);
	}
	/* the client is gone: answers go nowhere, but everything is freed */
	s->dead = 1;
	flushall(s);
	closeallfids(s);
	free(s->wbuf);
	s->wbuf = nil;
	return eof ? 0 : -1;
}
