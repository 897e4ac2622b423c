/*
 * lib/9p/trans9p.c on the host: a session as the mount driver and QEMU
 * would have it, message by message.  T-messages are built plain,
 * translated, and decoded as 9P2000.u; R-messages are built as QEMU
 * sends them (.u), translated, and decoded plain.  Directory reads
 * with sockets, FIFOs, devices and symlinks must decode as valid plain
 * stats; malformed or truncated replies must be refused.  Every input
 * is a malloc of exactly its length, so ASan sees any overread.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include <trans9p.h>
#include "test.h"

enum { Big = 140000, Max = 128*1024+IOHDRSZ, CHECKSL = 45, CHECKSB = 12 };

static uchar out[Big];
static Trans9p x;

static uchar*
dup(uchar *p, uint n)
{
	uchar *q;

	q = malloc(n ? n : 1);
	memmove(q, p, n);
	return q;
}

/* plain T-message f through the translator; its .u form in *g */
/* send plain T-message f through t; decode what goes to the host into g */
static uint
tmsgx(Trans9p *t, Fcall *f, Transreq *rq, Fcall *g)
{
	static uchar in[Big];
	uchar *m;
	uint n, r;

	n = convS2M(f, in, sizeof in);
	if(n == 0)
		return 0;
	m = dup(in, n);
	r = trans9ptmsg(t, m, n, out, sizeof out, rq);
	free(m);
	if(r != 0 && g != nil && convM2Sx(out, r, g, t->dialect) != r)
		return 0;
	return r;
}

static uint
tmsg(Fcall *f, Transreq *rq, Fcall *g)
{
	return tmsgx(&x, f, rq, g);
}

/* .u R-message f through the translator; its plain form in *g */
static uint
rmsg(Fcall *f, Transreq *rq, Fcall *g, uint max)
{
	static uchar in[Big];
	uchar *m;
	uint n, r;

	n = convS2Mu(f, in, sizeof in);
	if(n == 0)
		return 0;
	m = dup(in, n);
	r = trans9prmsg(&x, rq, m, n, out, max);
	free(m);
	if(r != 0 && g != nil && convM2S(out, r, g) != r)
		return 0;
	return r;
}

static Qid
qid(uvlong path, uchar type)
{
	Qid q;

	q.path = path;
	q.vers = 1;
	q.type = type;
	return q;
}

static Fcall
fcall(uchar type, ushort tag, u32int fid)
{
	Fcall f;

	memset(&f, 0, sizeof f);
	f.type = type;
	f.tag = tag;
	f.fid = fid;
	return f;
}

static void
testversion(void)
{
	Fcall f, g;
	Transreq rq;

	f = fcall(Tversion, NOTAG, NOFID);
	f.msize = 512*1024;
	f.version = VERSION9P;
	check("tversion", tmsg(&f, &rq, &g) && strcmp(g.version, VERSION9PU) == 0 && g.msize == Max);
	f = fcall(Rversion, NOTAG, NOFID);
	f.msize = Max;
	f.version = VERSION9PU;
	check("rversion", rmsg(&f, &rq, &g, Big) && strcmp(g.version, VERSION9P) == 0 && g.msize == Max);
	check("rversion.state", x.msize == Max && strcmp(x.version, VERSION9PU) == 0);
}

static void
testattach(void)
{
	Fcall f, g;
	Transreq rq;

	f = fcall(Tattach, 1, 10);
	f.afid = NOFID;
	f.uname = "glenda";
	f.aname = "";
	check("tattach", tmsg(&f, &rq, &g) && g.uidnum == NOUID && strcmp(g.uname, "glenda") == 0 && g.fid == 10);
	f = fcall(Rattach, 1, 0);
	f.qid = qid(1, QTDIR);
	check("rattach", rmsg(&f, &rq, &g, Big) && g.qid.type == QTDIR && g.qid.path == 1);
	check("rattach.nfid", x.nfid == 1);
}

/* walk 10 -> 11 into "d" (a directory), then a partial walk 10 -> 12 */
static void
testwalk(void)
{
	Fcall f, g;
	Transreq rq;

	f = fcall(Twalk, 2, 10);
	f.newfid = 11;
	f.nwname = 1;
	f.wname[0] = "d";
	check("twalk", tmsg(&f, &rq, &g) && g.nwname == 1 && strcmp(g.wname[0], "d") == 0);
	f = fcall(Rwalk, 2, 0);
	f.nwqid = 1;
	f.wqid[0] = qid(2, QTDIR);
	check("rwalk", rmsg(&f, &rq, &g, Big) && g.nwqid == 1 && g.wqid[0].path == 2);

	f = fcall(Twalk, 3, 10);
	f.newfid = 12;
	f.nwname = 2;
	f.wname[0] = "d";
	f.wname[1] = "nope";
	tmsg(&f, &rq, nil);
	f = fcall(Rwalk, 3, 0);
	f.nwqid = 1;
	f.wqid[0] = qid(2, QTDIR);
	check("rwalk.partial", rmsg(&f, &rq, &g, Big) && g.nwqid == 1);
	check("rwalk.nfid", x.nfid == 2);

	f = fcall(Tread, 4, 12);
	f.count = 8192;
	tmsg(&f, &rq, nil);
	check("partial.notdir", !rq.dirread);

	/* clone of the attach root: a directory too */
	f = fcall(Twalk, 5, 10);
	f.newfid = 13;
	tmsg(&f, &rq, nil);
	f = fcall(Rwalk, 5, 0);
	check("rwalk.clone", rmsg(&f, &rq, &g, Big) && g.nwqid == 0);
	f = fcall(Tread, 6, 13);
	f.count = 100;
	tmsg(&f, &rq, nil);
	check("clone.isdir", rq.dirread);
}

static Dir
mkdir9(char *name, u32int mode, uchar qtype, vlong len, char *ext)
{
	Dir d;

	memset(&d, 0, sizeof d);
	d.qid = qid(len+100, qtype);
	d.mode = mode;
	d.length = len;
	d.name = name;
	d.uid = "root";
	d.gid = "root";
	d.muid = "";
	d.extension = ext;
	d.n_uid = 0;
	d.n_gid = 0;
	d.n_muid = NOUID;
	return d;
}

/* .u entries as QEMU sends them, including ".", ".." and odd files */
static uint
hostdir(uchar *buf, uint max)
{
	Dir d[7];
	uint n, i, m;

	d[0] = mkdir9(".", DMDIR|0755, QTDIR, 0, "");
	d[1] = mkdir9("..", DMDIR|0755, QTDIR, 0, "");
	d[2] = mkdir9("sock", DMSOCKET|0755, QTFILE, 0, "");
	d[3] = mkdir9("fifo", DMNAMEDPIPE|0644, QTFILE, 0, "");
	d[4] = mkdir9("link", DMSYMLINK|0777, QTSYMLINK, 6, "target");
	d[5] = mkdir9("null", DMDEVICE|0666, QTFILE, 0, "c 1 3");
	d[6] = mkdir9("file", DMSETUID|0644, QTFILE, 12345, "");
	n = 0;
	for(i = 0; i < nelem(d); i++){
		m = convD2Mu(&d[i], buf+n, max-n);
		if(m <= BIT16SZ)
			return 0;
		n += m;
	}
	return n;
}

static int
plainentries(uchar *p, uint n, char **names, u32int *modes, int max)
{
	Dir d;
	uint m;
	int i;

	for(i = 0; n > 0; i++){
		if(n < BIT16SZ || i >= max)
			return -1;
		m = BIT16SZ+GBIT16(p);
		if(m > n || statcheck(p, m) < 0 || convM2D(p, m, &d, nil) != m)
			return -1;
		names[i] = d.name;
		modes[i] = d.mode;
		p += m;
		n -= m;
	}
	return i;
}

static void
testdirread(void)
{
	static uchar data[8192];
	static char *want[] = { "sock", "fifo", "link", "null", "file" };
	static u32int wmode[] = { 0755, 0644, 0777, 0666, 0644 };
	Fcall f, g;
	Transreq rq;
	char *names[8];
	u32int modes[8];
	uint n, i, first;
	int ne, ok;

	f = fcall(Tread, 7, 11);
	f.count = 8192;
	check("tread.dir", tmsg(&f, &rq, &g) && rq.dirread && g.offset == 0);
	n = hostdir(data, sizeof data);
	f = fcall(Rread, 7, 0);
	f.count = n;
	f.data = (char*)data;
	first = rmsg(&f, &rq, &g, Big);
	check("rread.dir", first != 0 && g.count < n);
	ne = first ? plainentries((uchar*)g.data, g.count, names, modes, 8) : -1;
	ok = ne == nelem(want);
	for(i = 0; ok && i < nelem(want); i++)
		ok = strcmp(names[i], want[i]) == 0 && modes[i] == wmode[i];
	check("rread.dir.entries", ok);

	/* the next read continues where the host left off */
	f = fcall(Tread, 8, 11);
	f.offset = g.count;
	f.count = 8192;
	check("tread.dir.offset", tmsg(&f, &rq, &g) && g.offset == n);
	f = fcall(Rread, 8, 0);
	f.count = 0;
	f.data = "";
	check("rread.dir.eof", rmsg(&f, &rq, &g, Big) && g.count == 0);

	/* a broken entry: the whole reply is refused */
	f = fcall(Tread, 9, 11);
	f.count = 8192;
	tmsg(&f, &rq, nil);
	data[0]++;
	f = fcall(Rread, 9, 0);
	f.count = n;
	f.data = (char*)data;
	check("rread.dir.bad", rmsg(&f, &rq, nil, Big) == 0);
	data[0]--;
	f.count = n-1;
	check("rread.dir.short", rmsg(&f, &rq, nil, Big) == 0);
	f.count = n;
	check("rread.dir.nofit", rmsg(&f, &rq, nil, 40) == 0);
}

static void
teststat(void)
{
	static uchar st[512];
	Fcall f, g;
	Transreq rq;
	Dir d;
	uint n;

	f = fcall(Tstat, 10, 11);
	tmsg(&f, &rq, nil);
	d = mkdir9("link", DMSYMLINK|0777, QTSYMLINK, 6, "target");
	n = convD2Mu(&d, st, sizeof st);
	f = fcall(Rstat, 10, 0);
	f.nstat = n;
	f.stat = st;
	check("rstat", rmsg(&f, &rq, &g, Big) && statcheck(g.stat, g.nstat) == 0 &&
		convM2D(g.stat, g.nstat, &d, nil) == g.nstat && d.mode == 0777 &&
		d.qid.type == 0 && strcmp(d.name, "link") == 0 && d.length == 6);
	f.nstat = n-1;
	check("rstat.bad", rmsg(&f, &rq, nil, Big) == 0);
	f.nstat = 0;	/* a decoder's 0 (malformed) must not pass for an empty stat's length */
	check("rstat.empty", rmsg(&f, &rq, nil, Big) == 0);

	/* QEMU's Rstat: nstat[2] is 0 */
	{
		static uchar q[600];
		uchar *m;
		uint len;

		len = HDRSZ+BIT16SZ+n;
		PBIT32(q, len);
		q[4] = Rstat;
		PBIT16(q+5, 10);
		PBIT16(q+7, 0);
		memmove(q+9, st, n);
		m = dup(q, len);
		len = trans9prmsg(&x, &rq, m, len, out, Big);
		free(m);
		check("rstat.qemu", len != 0 && convM2S(out, len, &g) == len && g.type == Rstat &&
			convM2D(g.stat, g.nstat, &d, nil) == g.nstat && strcmp(d.name, "link") == 0);

		/* a 9-byte Rstat: size, type, tag and nstat 0, no stat at all */
		PBIT32(q, HDRSZ+BIT16SZ);
		m = dup(q, HDRSZ+BIT16SZ);
		len = trans9prmsg(&x, &rq, m, HDRSZ+BIT16SZ, out, Big);
		free(m);
		check("rstat.nine", len == 0);
	}
}

static void
testwstat(void)
{
	static uchar st[512];
	Fcall f, g;
	Transreq rq;
	Dir d;

	memset(&d, 0, sizeof d);
	d.type = (ushort)~0;
	d.dev = ~0;
	d.qid = qid(~0ULL, 0xFF);
	d.qid.vers = ~0;
	d.mode = ~0;
	d.atime = d.mtime = ~0;
	d.length = 0;		/* truncate */
	d.name = "newname";
	d.uid = d.gid = d.muid = "";
	f = fcall(Twstat, 11, 20);
	f.nstat = convD2M(&d, st, sizeof st);
	f.stat = st;
	memset(&d, 0, sizeof d);
	check("twstat", tmsg(&f, &rq, &g) && g.fid == 20 && statchecku(g.stat, g.nstat) == 0 &&
		convM2Du(g.stat, g.nstat, &d, nil) == g.nstat && strcmp(d.name, "newname") == 0 &&
		d.length == 0 && d.mode == ~0U && d.n_uid == NOUID && d.n_gid == NOUID &&
		d.n_muid == NOUID && strcmp(d.extension, "") == 0);
	f.nstat = 5;
	check("twstat.bad", tmsg(&f, &rq, nil) == 0);
	f.nstat = 0;
	check("twstat.empty", tmsg(&f, &rq, nil) == 0);
}

static void
testmisc(void)
{
	static uchar data[100];
	Fcall f, g;
	Transreq rq;
	uint n;

	f = fcall(Tcreate, 12, 13);
	f.name = "new";
	f.perm = 0644;
	f.mode = 1;
	check("tcreate", tmsg(&f, &rq, &g) && strcmp(g.extension, "") == 0 && strcmp(g.name, "new") == 0);
	f = fcall(Rcreate, 12, 0);
	f.qid = qid(9, QTFILE);
	f.iounit = 0;
	check("rcreate", rmsg(&f, &rq, &g, Big) != 0);
	check("tmsg.rmsg", tmsg(&f, &rq, &g) == 0);	/* an R-message is no request */
	f = fcall(Tread, 13, 13);
	f.count = 100;
	tmsg(&f, &rq, nil);
	check("created.notdir", !rq.dirread);

	/* file data passes with the same bytes */
	memset(data, 'x', sizeof data);
	f = fcall(Rread, 13, 0);
	f.count = sizeof data;
	f.data = (char*)data;
	n = rmsg(&f, &rq, &g, Big);
	check("rread.file", n == HDRSZ+4+sizeof data && g.count == sizeof data && memcmp(g.data, data, sizeof data) == 0);
	check("rread.file.tag", trans9prmsg(&x, &rq, out, 0, out, Big) == 0);

	f = fcall(Twrite, 14, 13);
	f.count = sizeof data;
	f.data = (char*)data;
	check("twrite", tmsg(&f, &rq, &g) == HDRSZ+4+8+4+sizeof data && g.count == sizeof data);

	f = fcall(Topen, 15, 13);
	tmsg(&f, &rq, nil);
	f = fcall(Rerror, 15, 0);
	f.ename = "No such file or directory";
	f.errornum = 2;
	check("rerror", rmsg(&f, &rq, &g, Big) && g.type == Rerror && strcmp(g.ename, "file does not exist") == 0);
	f.ename = "Strange error";
	f.errornum = 1234;
	check("rerror.unknown", rmsg(&f, &rq, &g, Big) && g.type == Rerror && strcmp(g.ename, "Strange error") == 0);
	f.tag = 16;
	check("rerror.tag", rmsg(&f, &rq, nil, Big) == 0);
	f = fcall(Rwrite, 15, 0);
	check("rtype", rmsg(&f, &rq, nil, Big) == 0);

	/* clunks: the attach fid goes, and so does the directory fid */
	f = fcall(Tclunk, 17, 10);
	tmsg(&f, &rq, nil);
	f = fcall(Rclunk, 17, 0);
	check("rclunk", rmsg(&f, &rq, &g, Big) && x.nfid == 2);
	f = fcall(Tclunk, 18, 11);
	tmsg(&f, &rq, nil);
	f = fcall(Rerror, 18, 0);
	f.ename = "whatever";
	rmsg(&f, &rq, nil, Big);
	f = fcall(Tread, 19, 11);
	f.count = 100;
	tmsg(&f, &rq, nil);
	check("clunked.notdir", !rq.dirread);

	check("tmsg.trunc", trans9ptmsg(&x, out, 3, out+100, 1000, &rq) == 0);
	check("rerror.make", trans9perror(out, Big, 7, "boom") != 0 && convM2S(out, GBIT32(out), &g) == GBIT32(out) &&
		g.type == Rerror && g.tag == 7 && strcmp(g.ename, "boom") == 0);
}

/*
 * QEMU sends empty uid, gid and muid names and the host's numbers:
 * the numbers become the names, and a directory read of entries
 * whose ids take all ten digits still fits the kernel's count.
 */
static void
testids(void)
{
	static uchar st[512], data[8192];
	Fcall f, g;
	Transreq rq;
	Dir d, e;
	uint n, m, count;
	char name[8];
	int i, ne, ok;

	f = fcall(Tstat, 20, 11);
	tmsg(&f, &rq, nil);
	d = mkdir9("file", 0644, QTFILE, 5, "");
	d.uid = d.gid = "";
	d.n_uid = 1000;
	d.n_gid = 0;
	n = convD2Mu(&d, st, sizeof st);
	f = fcall(Rstat, 20, 0);
	f.nstat = n;
	f.stat = st;
	check("rstat.ids", rmsg(&f, &rq, &g, Big) && convM2D(g.stat, g.nstat, &e, nil) == g.nstat &&
		strcmp(e.uid, "1000") == 0 && strcmp(e.gid, "0") == 0 && strcmp(e.muid, "") == 0);

	f = fcall(Tstat, 21, 11);
	tmsg(&f, &rq, nil);
	d.uid = "glenda";
	d.gid = "";
	d.n_uid = 1000;
	d.n_gid = NOUID;
	n = convD2Mu(&d, st, sizeof st);
	f = fcall(Rstat, 21, 0);
	f.nstat = n;
	f.stat = st;
	check("rstat.names", rmsg(&f, &rq, &g, Big) && convM2D(g.stat, g.nstat, &e, nil) == g.nstat &&
		strcmp(e.uid, "glenda") == 0 && strcmp(e.gid, "") == 0);

	/* as many one-letter entries with ten-digit ids as the host may send */
	count = 4096;
	f = fcall(Tread, 22, 11);
	f.count = count;
	check("tread.dir.idroom", tmsg(&f, &rq, &g) && rq.dirread && g.count < count);
	n = 0;
	for(i = 0; ; i++){
		name[0] = 'a' + i%26;
		name[1] = 0;
		d = mkdir9(name, 0644, QTFILE, 0, "");
		d.uid = d.gid = d.muid = "";
		d.n_uid = d.n_gid = 4000000000U;
		m = convD2Mu(&d, data+n, g.count-n);
		if(m <= BIT16SZ)
			break;
		n += m;
	}
	f = fcall(Rread, 22, 0);
	f.count = n;
	f.data = (char*)data;
	m = rmsg(&f, &rq, &g, Big);
	check("rread.dir.idfit", m != 0 && g.count <= count && g.count > n);
	ok = m != 0;
	for(ne = 0, n = 0; ok && n < g.count; ne++){
		m = BIT16SZ+GBIT16((uchar*)g.data+n);
		ok = m <= g.count-n && convM2D((uchar*)g.data+n, m, &e, nil) == m &&
			strcmp(e.uid, "4000000000") == 0 && strcmp(e.gid, "4000000000") == 0;
		n += m;
	}
	check("rread.dir.ids", ok && ne == i);
}

/* found by tests/fuzz/fuzztrans9p.c: no bytes is no message, either way */
static void
testempty(void)
{
	Transreq rq;
	uchar *m;

	m = malloc(1);
	memset(&rq, 0, sizeof rq);
	check("empty T-message refused", trans9ptmsg(&x, m, 0, out, sizeof out, &rq) == 0);
	check("empty R-message refused", trans9prmsg(&x, &rq, m, 0, out, sizeof out) == 0);
	free(m);
}


/*
 * 9P2000.L: a second session, in which a plain request may take
 * several host messages.  Ltmsg sends a plain T-message and decodes
 * the .L one; Lrmsg sends a .L R-message and decodes what comes back:
 * the next .L T-message when rq.more, else the plain reply, and then
 * frees the request's state (so LeakSanitizer sees any left over).
 */
static Trans9p xl;

static uint
Ltmsg(Fcall *f, Transreq *rq, Fcall *g)
{
	return tmsgx(&xl, f, rq, g);
}

static uint
Lrmsg(Fcall *f, Transreq *rq, Fcall *g)
{
	static uchar in[Big];
	uchar *m;
	uint n, r;

	f->tag = rq->tag;
	n = convS2Mx(f, in, sizeof in, DialectL);
	if(n == 0)
		return 0;
	m = dup(in, n);
	r = trans9prmsg(&xl, rq, m, n, out, sizeof out);
	free(m);
	if(!rq->more)
		trans9preqfree(rq);	/* the request is over, as dev9p does */
	if(r == 0 || g == nil)
		return r;
	if(convM2Sx(out, r, g, rq->more ? DialectL : Dialect9p) != r)
		return 0;
	return r;
}

static Lattr
lattr(uvlong path, u32int mode, u64int size)
{
	Lattr a;

	memset(&a, 0, sizeof a);
	a.valid = Lgetattrbasic;
	a.qid = qid(path, (mode & Lsifmt) == Lsifdir ? QTDIR : QTFILE);
	a.mode = mode;
	a.uid = 1000;
	a.gid = 100;
	a.size = size;
	a.mtime = 1700000000;
	return a;
}

/* one Rreaddir entry at p: qid offset type name */
static uint
direntL(uchar *p, uvlong path, uchar qtype, u64int off, char *name)
{
	uint n;

	n = strlen(name);
	PBIT8(p, qtype);
	PBIT32(p+1, 0);
	PBIT64(p+5, path);
	PBIT64(p+13, off);
	PBIT8(p+21, 0);
	PBIT16(p+22, n);
	memmove(p+24, name, n);
	return 24+n;
}

static void
testLsession(void)
{
	Fcall f, g;
	Transreq rq;

	f = fcall(Tversion, NOTAG, NOFID);
	f.msize = Max;
	f.version = VERSION9P;
	check("L.tversion", Ltmsg(&f, &rq, &g) && strcmp(g.version, VERSION9PL) == 0);
	f = fcall(Rversion, NOTAG, NOFID);
	f.msize = Max;
	f.version = VERSION9PL;
	check("L.rversion", Lrmsg(&f, &rq, &g) && strcmp(g.version, VERSION9P) == 0);

	f = fcall(Tattach, 1, 10);
	f.afid = NOFID;
	f.uname = "glenda";
	f.aname = "/srv";
	Ltmsg(&f, &rq, nil);
	f = fcall(Rattach, 1, 0);
	f.qid = qid(1, QTDIR);
	check("L.rattach", Lrmsg(&f, &rq, &g) && g.type == Rattach && xl.nfid == 1);

	/* walk 10 -> 11 to directory d, 10 -> 12 to file f, 10 -> 13 to link l */
	f = fcall(Twalk, 2, 10);
	f.newfid = 11;
	f.nwname = 1;
	f.wname[0] = "d";
	Ltmsg(&f, &rq, nil);
	f = fcall(Rwalk, 2, 0);
	f.nwqid = 1;
	f.wqid[0] = qid(2, QTDIR);
	check("L.rwalk", Lrmsg(&f, &rq, &g) && g.nwqid == 1);
	f = fcall(Twalk, 3, 10);
	f.newfid = 12;
	f.nwname = 1;
	f.wname[0] = "f";
	Ltmsg(&f, &rq, nil);
	f = fcall(Rwalk, 3, 0);
	f.nwqid = 1;
	f.wqid[0] = qid(3, QTFILE);
	Lrmsg(&f, &rq, nil);
	f = fcall(Twalk, 4, 10);
	f.newfid = 13;
	f.nwname = 1;
	f.wname[0] = "l";
	Ltmsg(&f, &rq, nil);
	f = fcall(Rwalk, 4, 0);
	f.nwqid = 1;
	f.wqid[0] = qid(4, QTSYMLINK);
	check("L.rwalk.link", Lrmsg(&f, &rq, &g) && g.wqid[0].type == QTFILE);

	f = fcall(Topen, 5, 12);
	f.mode = 1|0x10;	/* OWRITE|OTRUNC */
	check("L.topen", Ltmsg(&f, &rq, &g) && g.type == Tlopen && g.lflags == (Lowronly|Lotrunc));
	f = fcall(Rlopen, 5, 0);
	f.qid = qid(3, QTFILE);
	f.iounit = 8192;
	check("L.rlopen", Lrmsg(&f, &rq, &g) && g.type == Ropen && g.qid.path == 3 && g.iounit == 8192);

	f = fcall(Tstat, 6, 11);
	check("L.tstat", Ltmsg(&f, &rq, &g) && g.type == Tgetattr && g.attr.valid == Lgetattrbasic);
	f = fcall(Rgetattr, 6, 0);
	f.attr = lattr(2, Lsifdir|0755, 4096);
	check("L.rgetattr", Lrmsg(&f, &rq, &g) && g.type == Rstat);
	{
		Dir d;
		char buf[256];

		check("L.rstat.dir", convM2D(g.stat, g.nstat, &d, buf) == g.nstat && strcmp(d.name, "d") == 0 &&
			d.mode == (DMDIR|0755) && strcmp(d.uid, "1000") == 0 && strcmp(d.gid, "100") == 0);
	}

	f = fcall(Tstat, 7, 12);
	Ltmsg(&f, &rq, nil);
	f = fcall(Rlerror, 7, 0);
	f.errornum = 2;
	check("L.rlerror", Lrmsg(&f, &rq, &g) && g.type == Rerror && strcmp(g.ename, "file does not exist") == 0);
	f = fcall(Tstat, 8, 12);
	Ltmsg(&f, &rq, nil);
	f = fcall(Rlerror, 8, 0);
	f.errornum = 99;
	check("L.rlerror.unknown", Lrmsg(&f, &rq, &g) && strcmp(g.ename, "host error 99") == 0);
}

/* a directory read: Treaddir, then per entry Twalk, Tgetattr, Tclunk */
static void
testLdirread(void)
{
	static uchar ents[256];
	Fcall f, g;
	Transreq rq;
	uint n;
	u32int spare;
	Dir d;
	char buf[256];

	f = fcall(Topen, 20, 11);
	Ltmsg(&f, &rq, nil);
	f = fcall(Rlopen, 20, 0);
	f.qid = qid(2, QTDIR);
	Lrmsg(&f, &rq, nil);

	f = fcall(Tread, 21, 11);
	f.count = 8192;
	check("L.treaddir", Ltmsg(&f, &rq, &g) && g.type == Treaddir && g.offset == 0 && g.count > 0 && rq.dirread);
	n = direntL(ents, 2, QTDIR, 1, ".");
	n += direntL(ents+n, 1, QTDIR, 2, "..");
	n += direntL(ents+n, 5, QTFILE, 3, "e");
	f = fcall(Rreaddir, 21, 0);
	f.count = n;
	f.data = (char*)ents;
	check("L.rreaddir", Lrmsg(&f, &rq, &g) && rq.more && g.type == Twalk && g.fid == 11 &&
		g.nwname == 1 && strcmp(g.wname[0], "e") == 0 && g.tag == 21);
	spare = g.newfid;
	f = fcall(Rwalk, 21, 0);
	f.nwqid = 1;
	f.wqid[0] = qid(5, QTFILE);
	check("L.dir.walk", Lrmsg(&f, &rq, &g) && rq.more && g.type == Tgetattr && g.fid == spare);
	f = fcall(Rgetattr, 21, 0);
	f.attr = lattr(5, Lsifreg|0640, 12);
	check("L.dir.getattr", Lrmsg(&f, &rq, &g) && rq.more && g.type == Tclunk && g.fid == spare);
	f = fcall(Rclunk, 21, 0);
	check("L.dir.clunk", Lrmsg(&f, &rq, &g) && !rq.more && g.type == Rread && g.tag == 21);
	check("L.dir.entry", convM2D((uchar*)g.data, g.count, &d, buf) == g.count && strcmp(d.name, "e") == 0 &&
		d.length == 12 && d.mode == 0640 && d.qid.path == 5);
	check("L.dir.nfid", xl.nfid == 4);
	trans9preqfree(&rq);

	/* the next read goes on from the last entry's cookie */
	f = fcall(Tread, 22, 11);
	f.offset = g.count;
	f.count = 8192;
	check("L.treaddir.cookie", Ltmsg(&f, &rq, &g) && g.type == Treaddir && g.offset == 3);
	f = fcall(Rreaddir, 22, 0);
	f.count = 0;
	f.data = (char*)ents;
	check("L.rreaddir.end", Lrmsg(&f, &rq, &g) && !rq.more && g.type == Rread && g.count == 0);
	trans9preqfree(&rq);

	/* an entry cut short is refused */
	f = fcall(Tread, 23, 11);
	f.count = 8192;
	Ltmsg(&f, &rq, nil);
	f = fcall(Rreaddir, 23, 0);
	f.count = direntL(ents, 6, QTFILE, 9, "cut") - 2;
	f.data = (char*)ents;
	check("L.rreaddir.short", Lrmsg(&f, &rq, &g) == 0);
	trans9preqfree(&rq);

	/* flushed between its host messages, a read ends "interrupted" */
	f = fcall(Tread, 24, 11);
	f.count = 8192;
	Ltmsg(&f, &rq, nil);
	{
		Transreq fq;
		Fcall h;

		h = fcall(Tflush, 25, NOFID);
		h.oldtag = 24;
		check("L.tflush", Ltmsg(&h, &fq, nil) != 0);
		n = direntL(ents, 5, QTFILE, 3, "e");
		f = fcall(Rreaddir, 24, 0);
		f.count = n;
		f.data = (char*)ents;
		check("L.flushed", Lrmsg(&f, &rq, &g) && !rq.more && g.type == Rerror && strcmp(g.ename, "interrupted") == 0);
		trans9preqfree(&rq);
		h = fcall(Rflush, 25, 0);
		check("L.rflush", Lrmsg(&h, &fq, &g) && g.type == Rflush && xl.nflushed == 0);
	}
}

/* a Dir that a Twstat changes nothing with (nulldir(2), which libc has) */
static void
nochange(Dir *d)
{
	memset(d, 0, sizeof *d);
	d->type = ~0;
	d->dev = ~0;
	d->qid.path = ~0ULL;
	d->qid.vers = ~0;
	d->qid.type = ~0;
	d->mode = ~0;
	d->atime = ~0;
	d->mtime = ~0;
	d->length = ~0LL;
	d->uid = d->gid = d->muid = "";
}

/* a rename of fid 12 to name, the host saying yes to each step: the spare fid it walked */
static u32int
renamespare(ushort tag, char *name)
{
	Fcall f, g;
	Transreq rq;
	Dir d;
	uchar st[STATFIXLEN+64];
	u32int spare;

	nochange(&d);
	d.name = name;
	f = fcall(Twstat, tag, 12);
	f.nstat = convD2M(&d, st, sizeof st);
	f.stat = st;
	Ltmsg(&f, &rq, nil);
	f = fcall(Rsetattr, tag, 0);
	Lrmsg(&f, &rq, &g);
	spare = g.type == Twalk ? g.newfid : NOFID;
	f = fcall(Rwalk, tag, 0);
	f.nwqid = 1;
	f.wqid[0] = qid(1, QTDIR);
	Lrmsg(&f, &rq, &g);
	f = fcall(Rrename, tag, 0);
	Lrmsg(&f, &rq, &g);
	f = fcall(Rclunk, tag, 0);
	if(!Lrmsg(&f, &rq, &g) || g.type != Rwstat)
		spare = NOFID;
	trans9preqfree(&rq);
	return spare;
}

/* spare fids pass over the batch fids rather than reuse them */
static void
testLspares(void)
{
	u32int top, a, b;

	top = Transfidbase + Transslots*Transbatch;
	xl.sparefid = top;
	a = renamespare(40, "h");
	b = renamespare(41, "i");
	check("L.spare.above", a == top);
	check("L.spare.skips", b == Transfidbase - 1);
	check("L.spare.next", renamespare(42, "g") == Transfidbase - 2);	/* back as it was */
}

/* create of a directory, rename, and a symbolic link read as its target */
static void
testLmulti(void)
{
	Fcall f, g;
	Transreq rq;
	u32int spare;

	/* a clone of the root (fid 14) makes the directory nd */
	f = fcall(Twalk, 30, 10);
	f.newfid = 14;
	Ltmsg(&f, &rq, nil);
	f = fcall(Rwalk, 30, 0);
	Lrmsg(&f, &rq, nil);
	f = fcall(Tcreate, 31, 14);
	f.name = "nd";
	f.perm = DMDIR|0750;
	check("L.tmkdir", Ltmsg(&f, &rq, &g) && g.type == Tmkdir && strcmp(g.lname, "nd") == 0 && g.lmode == 0750);
	f = fcall(Rmkdir, 31, 0);
	f.qid = qid(7, QTDIR);
	check("L.mkdir.walk", Lrmsg(&f, &rq, &g) && rq.more && g.type == Twalk && g.fid == 14 && g.newfid == 14 &&
		strcmp(g.wname[0], "nd") == 0);
	f = fcall(Rwalk, 31, 0);
	f.nwqid = 1;
	f.wqid[0] = qid(7, QTDIR);
	check("L.mkdir.lopen", Lrmsg(&f, &rq, &g) && rq.more && g.type == Tlopen && g.fid == 14);
	f = fcall(Rlopen, 31, 0);
	f.qid = qid(7, QTDIR);
	check("L.rcreate", Lrmsg(&f, &rq, &g) && !rq.more && g.type == Rcreate && g.qid.type == QTDIR);
	trans9preqfree(&rq);

	/* rename f (fid 12) to g */
	{
		Dir d;
		uchar st[STATFIXLEN+64];

		nochange(&d);
		d.name = "g";
		f = fcall(Twstat, 32, 12);
		f.nstat = convD2M(&d, st, sizeof st);
		f.stat = st;
		check("L.twstat", Ltmsg(&f, &rq, &g) && g.type == Tsetattr && g.attr.valid == 0);
	}
	f = fcall(Rsetattr, 32, 0);
	check("L.wstat.walk", Lrmsg(&f, &rq, &g) && rq.more && g.type == Twalk && g.fid == 12 &&
		strcmp(g.wname[0], "..") == 0);
	spare = g.newfid;
	f = fcall(Rwalk, 32, 0);
	f.nwqid = 1;
	f.wqid[0] = qid(1, QTDIR);
	check("L.trename", Lrmsg(&f, &rq, &g) && rq.more && g.type == Trename && g.fid == 12 && g.dfid == spare &&
		strcmp(g.lnewname, "g") == 0);
	f = fcall(Rrename, 32, 0);
	check("L.wstat.clunk", Lrmsg(&f, &rq, &g) && rq.more && g.type == Tclunk && g.fid == spare);
	f = fcall(Rclunk, 32, 0);
	check("L.rwstat", Lrmsg(&f, &rq, &g) && !rq.more && g.type == Rwstat);
	trans9preqfree(&rq);

	/* the link (fid 13): opened it is its target, not opened on the host */
	f = fcall(Topen, 33, 13);
	check("L.link.topen", Ltmsg(&f, &rq, &g) && g.type == Treadlink && g.fid == 13);
	f = fcall(Rreadlink, 33, 0);
	f.lname = "target";
	check("L.link.ropen", Lrmsg(&f, &rq, &g) && g.type == Ropen && g.qid.path == 4 && g.qid.type == QTFILE);
	f = fcall(Tread, 34, 13);
	f.offset = 2;
	f.count = 3;
	check("L.link.tread", Ltmsg(&f, &rq, &g) && g.type == Treadlink);
	f = fcall(Rreadlink, 34, 0);
	f.lname = "target";
	check("L.link.rread", Lrmsg(&f, &rq, &g) && g.type == Rread && g.count == 3 && memcmp(g.data, "rge", 3) == 0);
	f = fcall(Topen, 35, 13);
	f.mode = 1;
	Ltmsg(&f, &rq, nil);
	f = fcall(Rreadlink, 35, 0);
	f.lname = "target";
	check("L.link.write", Lrmsg(&f, &rq, &g) && g.type == Rerror && strcmp(g.ename, "permission denied") == 0);

	/* a reply of another type than the host message under way is refused */
	f = fcall(Tstat, 36, 11);
	Ltmsg(&f, &rq, nil);
	f = fcall(Rlopen, 36, 0);
	check("L.rtype", Lrmsg(&f, &rq, &g) == 0);

	/* an R-message from the kernel's side is no request (fuzztrans9pL) */
	f = fcall(Rcreate, 37, 0);
	f.qid = qid(9, QTFILE);
	check("L.tmsg.rmsg", Ltmsg(&f, &rq, &g) == 0);
}

/*
 * Directory reads in batches (trans9p.h): a session with maxbatch
 * Transbatch against a simulated .L host that answers each batch's
 * messages in reverse order, as a concurrent QEMU may.  The host
 * holds a directory of names and the fids walked; a walk onto a fid
 * in use fails as QEMU's does, so a fid left behind shows.
 */
enum { Simmax = 4000, Simfids = 256, Simdir = 11 };

static struct {
	Trans9p	x;
	char	*name[Simmax];
	int	n;
	uchar	gone[Simmax];
	int	goneafter;	/* every goneafter-th entry an Rreaddir gives is removed at once */
	u32int	fid[Simfids];	/* held by the host, besides the root and Simdir */
	int	fident[Simfids];
	int	nfid;
	int	phases;		/* host messages sent in batches: round trips */
	int	inflight;	/* the most in one batch */
	int	badtag;		/* a batch message under a tag below Transtagbase */
} sim;

static int
simfid(u32int fid)
{
	int i;

	for(i = 0; i < sim.nfid; i++)
		if(sim.fid[i] == fid)
			return i;
	return -1;
}

static uint
simerr(uchar *r, ushort tag, u32int errnum)
{
	Fcall f;

	f = fcall(Rlerror, tag, 0);
	f.errornum = errnum;
	return convS2Mx(&f, r, Big, DialectL);
}

/* the host's answer to one T-message at m */
static uint
simhost(uchar *m, uint n, uchar *r)
{
	static uchar ents[Big];
	Fcall g, f;
	uint k, e;
	int i, j, taken;

	if(convM2Sx(m, n, &g, DialectL) != n)
		return 0;
	f = fcall(g.type+1, g.tag, 0);
	switch(g.type){
	case Treaddir:
		k = 0;
		taken = 0;
		for(i = g.offset; i < sim.n+2; i++){
			if(i >= 2 && sim.gone[i-2])
				continue;
			if(k + 24 + (i < 2 ? i+1 : strlen(sim.name[i-2])) > g.count)
				break;
			k += direntL(ents+k, i+1, i < 2 ? QTDIR : QTFILE, i+1, i == 0 ? "." : i == 1 ? ".." : sim.name[i-2]);
			if(i >= 2 && sim.goneafter > 0 && ++taken % sim.goneafter == 0)
				sim.gone[i-2] = 1;
		}
		f.count = k;
		f.data = (char*)ents;
		break;
	case Twalk:
		if(g.fid != Simdir || g.nwname != 1)
			return simerr(r, g.tag, 22);
		if(simfid(g.newfid) >= 0 || sim.nfid == Simfids)
			return simerr(r, g.tag, 22);	/* QEMU: the fid is in use */
		for(j = 0; j < sim.n; j++)
			if(!sim.gone[j] && strcmp(sim.name[j], g.wname[0]) == 0)
				break;
		if(j == sim.n)
			return simerr(r, g.tag, 2);
		sim.fident[sim.nfid] = j;
		sim.fid[sim.nfid++] = g.newfid;
		f.nwqid = 1;
		f.wqid[0] = qid(j+3, QTFILE);
		break;
	case Tgetattr:
		if((i = simfid(g.fid)) < 0)
			return simerr(r, g.tag, 9);
		e = sim.fident[i];
		f.attr = lattr(e+3, Lsifreg|0644, e);
		break;
	case Tclunk:
		if((i = simfid(g.fid)) < 0)
			return simerr(r, g.tag, 9);
		sim.nfid--;
		sim.fid[i] = sim.fid[sim.nfid];
		sim.fident[i] = sim.fident[sim.nfid];
		break;
	case Tflush:
		break;
	default:
		return simerr(r, g.tag, 95);
	}
	return convS2Mx(&f, r, Big, DialectL);
}

/* the host's replies to the k messages at m, pushed on q */
static int
simsend(uchar *m, uint len, int k, uchar **q, uint *ql, int *nq)
{
	static uchar r[Big];
	uint off, n;
	int i;

	for(i = 0, off = 0; i < k; i++, off += n){
		if(len-off < HDRSZ || (n = GBIT32(m+off)) > len-off)
			return -1;
		if(k > 1 && GBIT16(m+off+BIT32SZ+BIT8SZ) < Transtagbase)
			sim.badtag = 1;
		ql[*nq] = simhost(m+off, n, r);
		q[*nq] = dup(r, ql[*nq]);
		(*nq)++;
	}
	if(k > sim.inflight)
		sim.inflight = k;
	return off == len ? 0 : -1;
}

/*
 * A plain Tread of Simdir through the session and the host; the plain
 * reply (and a held Rflush after it) at res.  With flushat > 0, a
 * Tflush of it is sent after that many batches, and *rflush says
 * whether its Rflush came, and if so whether after the reply.
 */
static uint
simread(ushort tag, vlong offset, uint count, int flushat, uchar *res, int *rflush)
{
	static uchar obuf[Big];
	uchar *q[Transbatch*2+4], *m;
	uint ql[Transbatch*2+4], n, len;
	Transreq rq, fq;
	Fcall f;
	int nq, batches;

	f = fcall(Tread, tag, Simdir);
	f.offset = offset;
	f.count = count;
	n = convS2M(&f, obuf, sizeof obuf);
	m = dup(obuf, n);
	len = trans9ptmsg(&sim.x, m, n, obuf, sizeof obuf, &rq);
	free(m);
	nq = 0;
	if(len == 0 || simsend(obuf, len, 1, q, ql, &nq) < 0)
		return 0;
	batches = 0;
	if(rflush != nil)
		*rflush = 0;
	while(nq > 0){
		nq--;	/* the last answered first */
		len = trans9prmsg(&sim.x, &rq, q[nq], ql[nq], obuf, sizeof obuf);
		free(q[nq]);
		if(rq.wait)
			continue;
		if(len != 0 && rq.more){
			sim.phases++;
			if(simsend(obuf, len, rq.more, q, ql, &nq) < 0)
				break;
			if(++batches == flushat){
				f = fcall(Tflush, tag+1, NOFID);
				f.oldtag = tag;
				n = convS2M(&f, res, Big);
				m = dup(res, n);
				n = trans9ptmsg(&sim.x, m, n, res, Big, &fq);
				free(m);
				n = simhost(res, n, res);	/* nothing has the tag: Rflush at once */
				m = dup(res, n);
				n = trans9prmsg(&sim.x, &fq, m, n, res, Big);
				free(m);
				if(rflush != nil && n != 0 && !fq.wait && res[BIT32SZ] == Rflush)
					*rflush = 1;	/* passed on, before the reply */
				trans9preqfree(&fq);
			}
			continue;
		}
		while(nq > 0)
			free(q[--nq]);
		trans9preqfree(&rq);
		if(len == 0)
			return 0;
		memmove(res, obuf, len);
		if(rflush != nil && len > GBIT32(res) && res[GBIT32(res)+BIT32SZ] == Rflush)
			*rflush = 2;	/* held, after the reply */
		return len;
	}
	trans9preqfree(&rq);
	return 0;
}

/* the names of a directory's plain Rread at r, appended to names[*nn] */
static int
simnames(uchar *r, uint len, char **names, int *nn)
{
	static char buf[Big];
	uint off, n, count;
	char *b;
	Dir d;

	if(len < HDRSZ+BIT32SZ || r[BIT32SZ] != Rread)
		return -1;
	count = GBIT32(r+HDRSZ);
	b = buf;
	for(off = 0; off < count; off += n){
		n = BIT16SZ+GBIT16(r+HDRSZ+BIT32SZ+off);
		if(convM2D(r+HDRSZ+BIT32SZ+off, n, &d, b) != n)
			return -1;
		names[(*nn)++] = strdup(d.name);
	}
	return count;
}

static void
simfree(char **names)
{
	int i;

	for(i = 0; i < Simmax && names[i] != nil; i++){
		free(names[i]);
		names[i] = nil;
	}
}

/* the whole directory, read with count; how many names, in names */
static int
simlist(uint count, char **names)
{
	static uchar res[Big];
	vlong off;
	int nn, got;
	uint len;

	nn = 0;
	for(off = 0;; off += got){
		len = simread(7, off, count, 0, res, nil);
		got = simnames(res, len, names, &nn);
		if(got <= 0)
			return got < 0 ? -1 : nn;
	}
}

static void
simsession(void)
{
	Fcall f;
	Transreq rq;
	uchar *m;
	uint n, len;
	static uchar b[Big], r[Big];
	static struct { uchar type; u32int fid, newfid; char *name; } steps[] = {
		{Tversion},
		{Tattach, 10},
		{Twalk, 10, Simdir, "d"},
		{Topen, Simdir},
	};
	int i;

	trans9pinit(&sim.x, Max, DialectL);
	sim.x.maxbatch = Transbatch;
	for(i = 0; i < nelem(steps); i++){
		f = fcall(steps[i].type, i == 0 ? NOTAG : 1, steps[i].fid);
		switch(f.type){
		case Tversion:
			f.msize = Max;
			f.version = VERSION9P;
			break;
		case Tattach:
			f.afid = NOFID;
			f.uname = "glenda";
			f.aname = "";
			break;
		case Twalk:
			f.newfid = steps[i].newfid;
			f.nwname = 1;
			f.wname[0] = steps[i].name;
			break;
		}
		n = convS2M(&f, b, sizeof b);
		m = dup(b, n);
		len = trans9ptmsg(&sim.x, m, n, b, sizeof b, &rq);
		free(m);
		if(len == 0 || convM2Sx(b, len, &f, DialectL) != len)
			break;
		f = fcall(f.type+1, i == 0 ? NOTAG : 1, 0);
		switch(f.type){
		case Rversion:
			f.msize = Max;
			f.version = VERSION9PL;
			break;
		case Rwalk:
			f.nwqid = 1;
			f.wqid[0] = qid(2, QTDIR);
			break;
		default:
			f.qid = qid(i == 3 ? 2 : 1, QTDIR);
			break;
		}
		n = convS2Mx(&f, r, sizeof r, DialectL);
		len = len ? trans9prmsg(&sim.x, &rq, r, n, b, sizeof b) : 0;
		trans9preqfree(&rq);
	}
	check("B.session", len != 0 && sim.x.nfid == 2);
}

static void
testbatch(void)
{
	static char *names[Simmax+4];
	static uchar res[Big];
	int i, nn, ok, rf, before;
	uint len;
	Fcall f;
	Transreq rq;
	char buf[64];

	for(i = 0; i < 2000; i++){
		/* file00000 and up, with 0 to 39 x's after */
		memset(buf, 'x', sizeof buf);
		memmove(buf, "file", 4);
		for(nn = 0; nn < 5; nn++)
			buf[8-nn] = '0' + i / (int[]){1, 10, 100, 1000, 10000}[nn] % 10;
		buf[9 + i%40] = 0;
		sim.name[i] = strdup(buf);
	}
	sim.n = 2000;
	simsession();

	/* whole listings at a small and a large count: every name, in order */
	for(i = 0; i < 2; i++){
		sim.phases = 0;
		nn = simlist(i == 0 ? 8192 : Max-IOHDRSZ, names);
		ok = nn == sim.n;
		for(int j = 0; ok && j < nn; j++)
			ok = strcmp(names[j], sim.name[j]) == 0;
		check(i == 0 ? "B.list.8192" : "B.list.max", ok);
		simfree(names);
		/* 3 round trips a batch of 32, a few more where reads end */
		check(i == 0 ? "B.roundtrips.8192" : "B.roundtrips.max",
			sim.phases <= 3*(sim.n/Transbatch) + 3*(i == 0 ? 60 : 4) && sim.phases >= 3*(sim.n/Transbatch));
	}
	check("B.inflight", sim.inflight == Transbatch && !sim.badtag);
	check("B.nofids", sim.nfid == 0 && sim.x.nfid == 2);

	/* entries removed between the Treaddir and their Twalk are left out */
	sim.goneafter = 7;
	nn = simlist(8192, names);
	sim.goneafter = 0;
	ok = nn > 0;
	for(i = 0, nn = 0; ok && i < sim.n; i++){
		if(sim.gone[i])
			continue;
		ok = names[nn] != nil && strcmp(names[nn], sim.name[i]) == 0;
		nn++;
	}
	check("B.removed", ok && names[nn] == nil && nn < sim.n-100 && sim.nfid == 0);
	simfree(names);
	memset(sim.gone, 0, sizeof sim.gone);

	/* a flush in the middle of a batch: the walked fids are clunked, the
	 * reply is "interrupted" and the held Rflush follows it */
	before = sim.x.nfid;
	for(i = 1; i <= 4; i++){
		len = simread(7, 0, Max-IOHDRSZ, i, res, &rf);
		ok = len != 0 && convM2S(res, GBIT32(res), &f) == GBIT32(res) && f.type == Rerror &&
			strcmp(f.ename, "interrupted") == 0;
		if(!ok || rf != 2 || sim.nfid != 0 || sim.x.nfid != before || sim.x.busy != nil)
			break;
	}
	check("B.flush", i == 5);
	check("B.flush.after", simlist(Max-IOHDRSZ, names) == sim.n);
	simfree(names);

	/* the batches' tags are not the client's */
	f = fcall(Tclunk, Transtagbase, 12);
	len = convS2M(&f, res, sizeof res);
	check("B.tag.refused", trans9ptmsg(&sim.x, res, len, out, sizeof out, &rq) == 0);
	trans9preqfree(&rq);
	check("B.tagof", trans9ptagof(&sim.x, Transtagbase) == -1);
	trans9pfree(&sim.x);
	for(i = 0; i < sim.n; i++)
		free(sim.name[i]);
}

int
main(void)
{
	trans9pinit(&x, Max, Dialectu);
	testversion();
	testattach();
	testwalk();
	testdirread();
	teststat();
	testids();
	testwstat();
	testmisc();
	testempty();
	trans9pfree(&x);
	trans9pinit(&xl, Max, DialectL);
	testLsession();
	testLdirread();
	testLmulti();
	testLspares();
	trans9pfree(&xl);
	testbatch();
	return testsummary(50+CHECKSL+CHECKSB);
}
