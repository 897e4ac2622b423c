/*
 * stallfs: a tiny 9P2000 server on standard input/output for testing
 * the mount driver (srv -e '/test/stallfs' s).  Its root holds
 *	data	an ordinary file in memory (read, write, truncate)
 *	stall	reads are never answered, only flushed
 * Every Tflush is answered (and the stalled read it names dropped),
 * so an interrupted reader of stall gets its prompt back.
 */
#include <u.h>
#include <libc.h>

enum {
	Msize	= 8192+IOHDRSZ,
	Qroot	= 0,
	Qdata,
	Qstall,
	Maxfid	= 256,
};

static uchar *data;
static vlong ndata;
static uchar ibuf[Msize], obuf[Msize];
static u32int fidnum[Maxfid];
static int fidpath[Maxfid];	/* qid path + 1; 0 is an unused slot */
static char *names[] = { "/", "data", "stall" };

static void
mkqid(Qid *q, int path)
{
	q->path = path;
	q->vers = 0;
	q->type = path == Qroot ? QTDIR : QTFILE;
}

static void
mkdirent(Dir *d, int path)
{
	memset(d, 0, sizeof *d);
	mkqid(&d->qid, path);
	d->mode = path == Qroot ? DMDIR|0777 : 0666;
	d->length = path == Qdata ? ndata : 0;
	d->name = names[path];
	d->uid = d->gid = d->muid = "stall";
}

/* one whole message from fd 0 into ibuf; 0 at end of file */
static int
readmsg(void)
{
	long n, m, size;

	for(n = 0; n < BIT32SZ; n += m)
		if((m = read(0, ibuf+n, BIT32SZ-n)) <= 0)
			return 0;
	size = GBIT32(ibuf);
	if(size < HDRSZ || size > Msize)
		sysfatal("bad message size %ld", size);
	for(; n < size; n += m)
		if((m = read(0, ibuf+n, size-n)) <= 0)
			return 0;
	return size;
}

static void
reply(Fcall *f)
{
	uint n;

	n = convS2M(f, obuf, sizeof obuf);
	if(n == 0)
		sysfatal("convS2M failed");
	if(write(1, obuf, n) != n)
		sysfatal("write: %r");
}

/* the slot of fid, or with make a free one; -1 if none */
static int
fidslot(u32int fid, int make)
{
	int i;

	for(i = 0; i < Maxfid; i++)
		if(fidpath[i] != 0 && fidnum[i] == fid)
			return make ? -1 : i;
	if(!make)
		return -1;
	for(i = 0; i < Maxfid; i++)
		if(fidpath[i] == 0){
			fidnum[i] = fid;
			return i;
		}
	return -1;
}

static char*
fidok(u32int fid)
{
	if(fidslot(fid, 0) < 0)
		return "unknown fid";
	return nil;
}

#define fids(fid)	fidpath[fidslot(fid, 0)]

static char*
dowalk(Fcall *t, Fcall *r)
{
	int path, i, slot;

	path = fids(t->fid) - 1;
	r->nwqid = 0;
	for(i = 0; i < t->nwname; i++){
		if(path != Qroot)
			break;
		if(strcmp(t->wname[i], "data") == 0)
			path = Qdata;
		else if(strcmp(t->wname[i], "stall") == 0)
			path = Qstall;
		else if(strcmp(t->wname[i], "..") != 0)
			break;
		mkqid(&r->wqid[r->nwqid++], path);
	}
	if(i == 0 && t->nwname > 0)
		return "file does not exist";
	if(r->nwqid == t->nwname){
		slot = t->newfid == t->fid ? fidslot(t->fid, 0) : fidslot(t->newfid, 1);
		if(slot < 0)
			return "bad newfid";
		fidpath[slot] = path + 1;
	}
	return nil;
}

static long
dirgen(uchar *p, long n, vlong off)
{
	Dir d;
	long m, k;
	int i;

	/* offsets are byte offsets of entries: regenerate to find ours */
	m = 0;
	k = 0;
	for(i = Qdata; i <= Qstall; i++){
		mkdirent(&d, i);
		if(k >= off){
			if(m + sizeD2M(&d) > n)
				break;
			m += convD2M(&d, p+m, n-m);
		}
		k += sizeD2M(&d);
	}
	return m;
}

static char*
doread(Fcall *t, Fcall *r, uchar *buf)
{
	int path;
	vlong n;

	path = fids(t->fid) - 1;
	r->data = (char*)buf;
	switch(path){
	case Qroot:
		r->count = dirgen(buf, t->count, t->offset);
		return nil;
	case Qdata:
		n = ndata - t->offset;
		if(n < 0)
			n = 0;
		if(n > t->count)
			n = t->count;
		memmove(buf, data+t->offset, n);
		r->count = n;
		return nil;
	}
	return "stall";	/* not answered */
}

static char*
dowrite(Fcall *t, Fcall *r)
{
	vlong end;

	if(fids(t->fid) - 1 != Qdata)
		return "permission denied";
	end = t->offset + t->count;
	if(end > 16*1024*1024)
		return "file too big";
	if(end > ndata){
		data = realloc(data, end);
		if(data == nil)
			sysfatal("no memory");
		memset(data+ndata, 0, end-ndata);
		ndata = end;
	}
	memmove(data+t->offset, t->data, t->count);
	r->count = t->count;
	return nil;
}

void
main(void)
{
	static uchar rdbuf[Msize];
	uchar statbuf[256];
	Fcall t, r;
	Dir d;
	char *err;
	int n, i;

	while((n = readmsg()) > 0){
		if(convM2S(ibuf, n, &t) != n)
			sysfatal("bad message");
		memset(&r, 0, sizeof r);
		r.type = t.type+1;
		r.tag = t.tag;
		err = nil;
		switch(t.type){
		case Tversion:
			r.msize = t.msize < Msize ? t.msize : Msize;
			r.version = strcmp(t.version, "9P2000") == 0 ? "9P2000" : "unknown";
			memset(fidpath, 0, sizeof fidpath);
			break;
		case Tauth:
			err = "no authentication required";
			break;
		case Tattach:
			if((i = fidslot(t.fid, 1)) < 0)
				err = "bad fid";
			else{
				fidpath[i] = Qroot + 1;
				mkqid(&r.qid, Qroot);
			}
			break;
		case Tflush:
			break;
		case Twalk:
			if((err = fidok(t.fid)) == nil)
				err = dowalk(&t, &r);
			break;
		case Topen:
			if((err = fidok(t.fid)) == nil){
				mkqid(&r.qid, fids(t.fid)-1);
				if(fids(t.fid)-1 == Qdata && (t.mode & OTRUNC))
					ndata = 0;
			}
			break;
		case Tread:
			if((err = fidok(t.fid)) == nil){
				if(t.count > Msize-IOHDRSZ)
					t.count = Msize-IOHDRSZ;
				err = doread(&t, &r, rdbuf);
				if(err != nil && strcmp(err, "stall") == 0)
					continue;
			}
			break;
		case Twrite:
			if((err = fidok(t.fid)) == nil)
				err = dowrite(&t, &r);
			break;
		case Tclunk:
			if((err = fidok(t.fid)) == nil)
				fids(t.fid) = 0;
			break;
		case Tstat:
			if((err = fidok(t.fid)) == nil){
				mkdirent(&d, fids(t.fid)-1);
				r.nstat = convD2M(&d, statbuf, sizeof statbuf);
				r.stat = statbuf;
			}
			break;
		default:
			err = "operation not supported";
		}
		if(err != nil){
			r.type = Rerror;
			r.ename = err;
		}
		reply(&r);
	}
	exits(nil);
}
