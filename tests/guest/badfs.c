/*
 * badfs: a 9P2000 server on standard input/output that misbehaves on
 * purpose, for testing that the mount driver survives it
 * (srv -e '/test/badfs CASE' b).  It answers Tversion, Tattach and
 * everything about its root and the file `ok' correctly; what it does
 * to requests about the file `x' depends on CASE:
 *	none		nothing wrong: x holds "x\n"
 *	tag		Rwalk to x with a tag nobody asked with
 *	type		Rread instead of Rwalk to x
 *	trunc		Rread whose size field claims 64 bytes more than
 *			are sent; 64 bytes of garbage follow half a second later
 *	size0 size3 size2g	Rread whose size field is 0, 3 or 2^31
 *	bigcount	Rread with one byte more than asked for
 *	overcount	Rread whose count is larger than its message
 *	walkqids	Rwalk to x with two qids more than names
 *	walk17		Rwalk to x with 17 qids (more than MAXWELEM)
 *	walk0		Rwalk to x with no qids: fewer than its one name,
 *			so a failed walk that should have been an Rerror
 *	statstr		Rstat of x with a name length past the end
 *	statsize	Rstat of x whose stat size disagrees with nstat
 *	dirent		reading the root gives a malformed second entry
 *	errempty	Rerror with an empty string for a walk to x
 *	errbig		Rerror with a 65535-byte string for a walk to x
 *	flushlate	a read of x is not answered; Tflush of it gets
 *			Rflush and then the Rread anyway
 *	dup		every Rread of x is sent twice
 *	hangup		half an Rread of x, then exit
 *	mute		after Tattach, answer nothing at all (not even Tflush)
 *	msize0 msizebig	the first Rversion has msize 0, or more than offered
 *	v2001 vunknown	the first Rversion has version 9P2001, or unknown
 *	atype		the first Tattach is answered with an Rwalk
 *	afile		the first Rattach gives a root that is not a directory
 *	atrunc		the first Rattach is 5 bytes of qid in a message that
 *			says so (the framing is right, the body is not)
 *	iounit0 iounitbig	Ropen of x with iounit 0 or 2^31-1; x is
 *			210000 bytes, and a Tread for more than msize-IOHDRSZ
 *			is refused (as it is in every case)
 *	write0 writebig	x may be opened for writing; Rwrite's count is 0,
 *			or one more than asked
 *	shortwalk	d (a directory not listed) answers every walk
 *			with an Rwalk of no qids, fewer than its names
 *	flusherr	a read of x is not answered; Tflush of it gets Rerror
 *	trickle		every reply is written one byte at a time, with a
 *			pause after each header byte and the middle one; x
 *			is 21000 bytes
 *	dirsplit	reading the root ends the first reply in the middle
 *			of the second entry, the rest coming in the next read
 *	random SEED	every reply but Rversion is, one time in six, mangled
 *			at random (see mangle), as a fuzzer for the mount
 *			driver's checks of what servers send
 * In every case the root also has, unlisted, the file fids: it reads
 * as the number of fids in use and of requests naming a fid that is
 * not in use (a kernel that leaks or reuses fids shows there).
 * The bad replies are built by hand: the lib/9p codec would refuse
 * to encode most of them.
 */
#include <u.h>
#include <libc.h>

enum {
	Msize	= 96*1024,
	Qroot	= 0,
	Qok,
	Qx,
	Qfids,
	Qd,
	Maxfid	= 256,
	Nbig	= 30000,	/* lines of x in iounit cases: 210000 bytes */
	Nsmall	= 3000,		/* in trickle */
};

static char *bad = "none";
static uchar ibuf[Msize], obuf[Msize+1024];
static u32int fidnum[Maxfid];
static int fidpath[Maxfid];	/* qid path + 1; 0 is an unused slot */
static char *names[] = { "/", "ok", "x", "fids", "d" };
static char *contents[] = { "", "ok\n", "x\n", "", "" };
static int heldtag = -1;	/* flushlate, flusherr: the read not answered */
static u32int msize = Msize;	/* as negotiated */
static int nversion, nattach;	/* replies of each sent so far */
static int nunknown;		/* requests naming a fid not in use */
static char bigx[Nbig*7+1];
static char fidsbuf[64];

static int
is(char *c)
{
	return strcmp(bad, c) == 0;
}

static uvlong rng = 1;

static u32int
rand32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng >> 16;
}

/*
 * random: one way a reply of n bytes at p can be wrong; the new
 * length (at most n+64: p has room).  Size fields that promise more
 * than is sent leave the stream waiting; the test interrupts that.
 */
static long
mangle(uchar *p, long n)
{
	long i;

	if(n < HDRSZ || p[BIT32SZ] == Rversion || rand32() % 6 != 0)
		return n;
	switch(rand32() % 9){
	case 0:		/* a byte of the body changed */
		if(n > HDRSZ)
			p[HDRSZ + rand32() % (n-HDRSZ)] ^= 1 << (rand32() % 8);
		break;
	case 1:		/* any byte changed, header too */
		p[rand32() % n] = rand32();
		break;
	case 2:		/* cut short, size field to match */
		n = HDRSZ + rand32() % (n-HDRSZ+1);
		PBIT32(p, n);
		break;
	case 3:		/* longer, garbage after, size field to match */
		i = rand32() % 64;
		while(i-- > 0)
			p[n++] = rand32();
		PBIT32(p, n);
		break;
	case 4:		/* another type */
		p[BIT32SZ] = Tversion + rand32() % (Tmax-Tversion);
		break;
	case 5:		/* another tag */
		PBIT16(p+BIT32SZ+BIT8SZ, rand32());
		break;
	case 6:		/* a count or length field (bytes 7..12) off */
		if(n >= HDRSZ+6)
			PBIT32(p+HDRSZ + rand32() % 3, rand32() % 3 == 0 ? ~0 : rand32() % 200000);
		break;
	case 7:		/* a size field that says something else */
		PBIT32(p, rand32() % 3 == 0 ? rand32() : n + rand32() % 9 - 4);
		break;
	case 8:		/* sent twice */
		if(write(1, p, n) != n)
			sysfatal("write: %r");
		break;
	}
	return n;
}

static void
put(void *p, long n)
{
	uchar *b;
	long i;

	if(is("random"))
		n = mangle(p, n);
	if(!is("trickle")){
		if(write(1, p, n) != n)
			sysfatal("write: %r");
		return;
	}
	/*
	 * Pause after the bytes of the header and the middle one: the
	 * reader then gets them alone, not gathered in the pipe.
	 */
	b = p;
	for(i = 0; i < n; i++){
		if(write(1, b+i, 1) != 1)
			sysfatal("write: %r");
		if(i < HDRSZ || i == n/2)
			sleep(1);
	}
}

/* size[4] type[1] tag[2] at p; returns where the body goes */
static uchar*
hdr(uchar *p, u32int size, int type, int tag)
{
	PBIT32(p, size);
	PBIT8(p+BIT32SZ, type);
	PBIT16(p+BIT32SZ+BIT8SZ, tag);
	return p+HDRSZ;
}

static void
mkqid(Qid *q, int path)
{
	q->path = path;
	q->vers = 0;
	q->type = path == Qroot || path == Qd ? QTDIR : QTFILE;
}

static void
mkdirent(Dir *d, int path)
{
	memset(d, 0, sizeof *d);
	mkqid(&d->qid, path);
	d->mode = path == Qroot || path == Qd ? DMDIR|0555 : 0444;
	d->length = strlen(contents[path]);
	d->name = names[path];
	d->uid = d->gid = d->muid = "bad";
}

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
	put(obuf, n);
}

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

/* the qid path of fid, or -1 */
static int
fidq(u32int fid)
{
	int i;

	i = fidslot(fid, 0);
	if(i < 0){
		nunknown++;
		return -1;
	}
	return fidpath[i]-1;
}

/* fids' contents, made when it is read */
static void
mkfids(void)
{
	int i, n;

	n = 0;
	for(i = 0; i < Maxfid; i++)
		if(fidpath[i] != 0)
			n++;
	snprint(fidsbuf, sizeof fidsbuf, "%d fids %d unknown\n", n, nunknown);
	contents[Qfids] = fidsbuf;
}

/*
 * Misbehaving walks to x; 1 if the reply was sent.
 */
static int
badwalk(Fcall *t)
{
	uchar *p;
	int i, n;

	if(is("tag") || is("type") || is("errempty")){
		p = hdr(obuf, HDRSZ+BIT32SZ, Rwalk, t->tag);
		PBIT32(p, 0);
		if(is("tag"))
			PBIT16(obuf+BIT32SZ+BIT8SZ, t->tag+100);
		if(is("type"))
			PBIT8(obuf+BIT32SZ, Rread);
		if(is("errempty")){
			PBIT32(obuf, HDRSZ+BIT16SZ);
			PBIT8(obuf+BIT32SZ, Rerror);
			PBIT16(p, 0);
		}
		put(obuf, GBIT32(obuf));
		return 1;
	}
	if(is("errbig")){
		p = hdr(obuf, HDRSZ+BIT16SZ+0xFFFF, Rerror, t->tag);
		PBIT16(p, 0xFFFF);
		memset(p+BIT16SZ, 'e', 0xFFFF);
		put(obuf, GBIT32(obuf));
		return 1;
	}
	if(is("walkqids") || is("walk17") || is("walk0") || is("shortwalk")){
		n = is("walk17") ? 17 : is("walk0") || is("shortwalk") ? 0 : t->nwname+2;
		p = hdr(obuf, HDRSZ+BIT16SZ+n*QIDSZ, Rwalk, t->tag);
		PBIT16(p, n);
		p += BIT16SZ;
		for(i = 0; i < n; i++, p += QIDSZ){
			PBIT8(p, QTFILE);
			PBIT32(p+1, 0);
			PBIT64(p+5, Qx);
		}
		put(obuf, GBIT32(obuf));
		return 1;
	}
	return 0;
}

static char*
dowalk(Fcall *t, Fcall *r)
{
	int path, i, slot;

	path = fidq(t->fid);
	if(path < 0)
		return "unknown fid";
	for(i = 0; i < t->nwname; i++)
		if(path == Qroot && strcmp(t->wname[i], "x") == 0 && badwalk(t))
			return "sent";
	if(path == Qd && t->nwname > 0 && is("shortwalk") && badwalk(t))
		return "sent";
	r->nwqid = 0;
	for(i = 0; i < t->nwname; i++){
		if(path != Qroot)
			break;
		if(strcmp(t->wname[i], "ok") == 0)
			path = Qok;
		else if(strcmp(t->wname[i], "x") == 0)
			path = Qx;
		else if(strcmp(t->wname[i], "fids") == 0)
			path = Qfids;
		else if(strcmp(t->wname[i], "d") == 0)
			path = Qd;
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

/*
 * dirsplit: the root's entries, the first reply ending in the middle
 * of the second.
 */
static long
dirsplit(uchar *p, long n, vlong off)
{
	static uchar all[2*STATMAX];
	Dir d;
	long len, half;
	int i;

	len = 0;
	for(i = Qok; i <= Qx; i++){
		mkdirent(&d, i);
		len += convD2M(&d, all+len, sizeof all-len);
	}
	half = len - sizeD2M(&d)/2;
	if(off >= len)
		return 0;
	if(off < half && n > half-off)
		n = half-off;
	if(n > len-off)
		n = len-off;
	memmove(p, all+off, n);
	return n;
}

/* The root: ok and x, or with dirent ok and a broken x. */
static long
dirgen(uchar *p, long n, vlong off)
{
	Dir d;
	long m, k;
	int i;

	if(is("dirsplit"))
		return dirsplit(p, n, off);
	m = 0;
	k = 0;
	for(i = Qok; i <= Qx; i++){
		mkdirent(&d, i);
		if(k >= off){
			if(m + sizeD2M(&d) > n)
				break;
			m += convD2M(&d, p+m, n-m);
			if(i == Qx && is("dirent"))
				PBIT16(p+m-3*(BIT16SZ+3), 200);	/* x's uid runs past the end */
		}
		k += sizeD2M(&d);
	}
	return m;
}

/* an Rread of n bytes of data at obuf */
static uint
mkrread(int tag, char *data, u32int n)
{
	uchar *p;

	p = hdr(obuf, HDRSZ+BIT32SZ+n, Rread, tag);
	PBIT32(p, n);
	memmove(p+BIT32SZ, data, n);
	return HDRSZ+BIT32SZ+n;
}

/* Misbehaving reads of x; 1 if the reply was sent or held. */
static int
badread(Fcall *t)
{
	static char data[Msize];
	uint n;

	if(is("trunc")){
		n = mkrread(t->tag, "x\n", 2);
		PBIT32(obuf, n+64);
		put(obuf, n);
		sleep(500);
		memset(obuf, 0xAA, 64);
		put(obuf, 64);
		return 1;
	}
	if(is("size0") || is("size3") || is("size2g")){
		n = mkrread(t->tag, "x\n", 2);
		PBIT32(obuf, is("size0") ? 0 : is("size3") ? 3 : 0x80000000);
		put(obuf, n);
		return 1;
	}
	if(is("bigcount")){
		n = t->count+1;	/* the reply still fits in msize */
		memset(data, 'b', n);
		put(obuf, mkrread(t->tag, data, n));
		return 1;
	}
	if(is("overcount")){
		n = mkrread(t->tag, "x\n", 2);
		PBIT32(obuf+HDRSZ, 1000);
		put(obuf, n);
		return 1;
	}
	if(is("flushlate") || is("flusherr")){
		heldtag = t->tag;
		return 1;
	}
	if(is("dup") && t->offset == 0){
		n = mkrread(t->tag, "x\n", 2);
		put(obuf, n);
		put(obuf, n);
		return 1;
	}
	if(is("hangup")){
		n = mkrread(t->tag, "x\n", 2);
		put(obuf, n/2);
		exits(nil);
	}
	return 0;
}

static char*
doread(Fcall *t, Fcall *r, uchar *buf)
{
	int path;
	vlong n;
	char *s;

	path = fidq(t->fid);
	if(path < 0)
		return "unknown fid";
	if(t->count > msize-IOHDRSZ)
		return "read count past msize-IOHDRSZ";
	r->data = (char*)buf;
	if(path == Qroot){
		r->count = dirgen(buf, t->count, t->offset);
		return nil;
	}
	if(path == Qx && badread(t))
		return "sent";
	if(path == Qd)
		return "d reads as nothing";
	if(path == Qfids)
		mkfids();
	s = contents[path];
	n = strlen(s) - t->offset;
	if(n < 0)
		n = 0;
	if(n > t->count)
		n = t->count;
	memmove(buf, s+t->offset, n);
	r->count = n;
	return nil;
}

/* Misbehaving stats of x; 1 if the reply was sent. */
static int
badstat(int tag)
{
	Dir d;
	uchar *p;
	uint n;

	if(!is("statstr") && !is("statsize"))
		return 0;
	mkdirent(&d, Qx);
	p = hdr(obuf, 0, Rstat, tag);
	n = convD2M(&d, p+BIT16SZ, 512);
	PBIT16(p, n);
	if(is("statstr"))
		PBIT16(p+BIT16SZ+STATFIXLEN-4*BIT16SZ, 300);	/* name runs past the end */
	else
		PBIT16(p+BIT16SZ, n-BIT16SZ+5);
	PBIT32(obuf, HDRSZ+BIT16SZ+n);
	put(obuf, HDRSZ+BIT16SZ+n);
	return 1;
}

static int
writable(void)
{
	return is("write0") || is("writebig");
}

/* x as n numbered lines */
static void
mkbig(int n)
{
	int i;

	for(i = 0; i < n; i++)
		snprint(bigx+7*i, 8, "%06d\n", i);
	contents[Qx] = bigx;
}

/* The Rversion: the first one as the case says, later ones right. */
static void
badversion(Fcall *t, Fcall *r)
{
	r->msize = t->msize < Msize ? t->msize : Msize;
	r->version = "9P2000";
	if(nversion++ > 0)
		return;
	if(is("msize0"))
		r->msize = 0;
	if(is("msizebig"))
		r->msize = t->msize+1;
	if(is("v2001"))
		r->version = "9P2001";
	if(is("vunknown"))
		r->version = "unknown";
}

/* A misbehaving first Rattach; 1 if it was sent. */
static int
badattach(Fcall *t)
{
	uchar *p;

	if(is("atype")){
		p = hdr(obuf, HDRSZ+BIT16SZ, Rwalk, t->tag);
		PBIT16(p, 0);
		put(obuf, GBIT32(obuf));
		return 1;
	}
	if(is("atrunc")){
		p = hdr(obuf, HDRSZ+5, Rattach, t->tag);
		memset(p, 0, 5);
		put(obuf, GBIT32(obuf));
		return 1;
	}
	return 0;
}

void
main(int argc, char **argv)
{
	static uchar rdbuf[Msize];
	uchar statbuf[256];
	Fcall t, r;
	Dir d;
	char *err;
	int n, i, path;

	if(argc > 1)
		bad = argv[1];
	if(is("random"))
		rng = argc > 2 ? strtoull(argv[2], nil, 0)*2654435761ULL | 1 : 1;
	if(is("iounit0") || is("iounitbig"))
		mkbig(Nbig);
	if(is("trickle"))
		mkbig(Nsmall);
	while((n = readmsg()) > 0){
		if(convM2S(ibuf, n, &t) != n)
			sysfatal("bad message");
		if(is("mute") && t.type != Tversion && t.type != Tattach)
			continue;
		memset(&r, 0, sizeof r);
		r.type = t.type+1;
		r.tag = t.tag;
		err = nil;
		switch(t.type){
		case Tversion:
			badversion(&t, &r);
			msize = r.msize;
			memset(fidpath, 0, sizeof fidpath);
			break;
		case Tauth:
			err = "no authentication required";
			break;
		case Tattach:
			if(nattach++ == 0 && badattach(&t))
				continue;
			if((i = fidslot(t.fid, 1)) < 0)
				err = "bad fid";
			else{
				fidpath[i] = Qroot + 1;
				mkqid(&r.qid, Qroot);
				if(nattach == 1 && is("afile"))
					r.qid.type = QTFILE;	/* the kernel must clunk it */
			}
			break;
		case Tflush:
			if(t.oldtag == heldtag && is("flusherr")){
				heldtag = -1;
				err = "flush refused";
				break;
			}
			if(t.oldtag == heldtag){
				reply(&r);
				heldtag = -1;
				put(obuf, mkrread(t.oldtag, "late\n", 5));
				continue;
			}
			break;
		case Twalk:
			err = dowalk(&t, &r);
			break;
		case Topen:
			if((path = fidq(t.fid)) < 0)
				err = "unknown fid";
			else if(t.mode & (OWRITE|ORDWR|OTRUNC) && !(path == Qx && writable()))
				err = "permission denied";
			else{
				mkqid(&r.qid, path);
				if(is("iounitbig"))
					r.iounit = 0x7FFFFFFF;
			}
			break;
		case Twrite:
			if((path = fidq(t.fid)) != Qx || !writable())
				err = "permission denied";
			else
				r.count = is("write0") ? 0 : t.count+1;
			break;
		case Tread:
			err = doread(&t, &r, rdbuf);
			break;
		case Tclunk:
			if(fidq(t.fid) < 0)
				err = "unknown fid";
			else if((i = fidslot(t.fid, 0)) < 0)
				err = "unknown fid";	/* not reached: fidq found it */
			else
				fidpath[i] = 0;
			break;
		case Tstat:
			if((path = fidq(t.fid)) < 0)
				err = "unknown fid";
			else if(path == Qx && badstat(t.tag))
				err = "sent";
			else{
				mkdirent(&d, path);
				r.nstat = convD2M(&d, statbuf, sizeof statbuf);
				r.stat = statbuf;
			}
			break;
		default:
			err = "permission denied";
		}
		if(err != nil && strcmp(err, "sent") == 0)
			continue;
		if(err != nil){
			r.type = Rerror;
			r.ename = err;
		}
		reply(&r);
	}
	exits(nil);
}
