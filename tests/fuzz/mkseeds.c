/*
 * mkseeds dir: write seed inputs for the fuzz targets into
 * dir/trans9p, dir/frame and dir/dirread (which must exist), each
 * made with lib/9p from valid messages, so the fuzzers start inside
 * every decoder and every translation:
 *
 *	trans9p	sessions as the mount driver and QEMU have them (see
 *		fuzztrans9p.c for the record format): version, attach,
 *		walks, a directory opened and read in two pieces with
 *		".", "..", a file with empty owner names, a symlink, a
 *		device; auth, stat, wstat, create, write, errors, flush,
 *		clunk, remove; QEMU's Rstat with nstat 0; empty stats
 *		and messages.
 *	frame	streams of those messages (fuzzframe.c's even mode), and
 *		one as raw bytes (odd mode)
 *	dirread	directory reads: plain entries, one and several
 */
#include <u.h>
#include <str.h>
#include <fcall.h>

typedef struct File File;
struct File {
	uchar	buf[1<<16];
	long	n;
};

int	open(char*, int, ...);
int	close(int);
long	write(int, void*, usize);
int	snprintf(char*, usize, char*, ...);
void	exit(int);
int	printf(char*, ...);

enum { Ocreate = 01101 };	/* O_WRONLY|O_CREAT|O_TRUNC */

static char *dir;
static File f;
static File stream;		/* the frame seed from the same messages */
static File streamraw;

static void
save(char *target, char *name, File *fl)
{
	char path[512];
	int fd;

	snprintf(path, sizeof path, "%s/%s/%s", dir, target, name);
	fd = open(path, Ocreate, 0644);
	if(fd < 0 || write(fd, fl->buf, fl->n) != fl->n){
		printf("mkseeds: cannot write %s\n", path);
		exit(1);
	}
	close(fd);
	fl->n = 0;
}

static void
put(File *fl, void *p, long n)
{
	memmove(fl->buf+fl->n, p, n);
	fl->n += n;
}

/* one fuzztrans9p record: op sel max len[2] bytes */
static void
record(int op, int sel, uchar *m, uint n)
{
	uchar h[5];

	h[0] = op;
	h[1] = sel;
	h[2] = 0;
	PBIT16(h+3, n);
	put(&f, h, 5);
	put(&f, m, n);
}

/* a frame description: len[2] type[1] tag[2] body */
static void
framedesc(uchar *m, uint n)
{
	uchar h[5];

	PBIT16(h, n-HDRSZ);
	h[2] = m[BIT32SZ] - Tversion;
	h[3] = m[5];
	h[4] = m[6];
	put(&stream, h, 5);
	put(&stream, m+HDRSZ, n-HDRSZ);
	put(&streamraw, m, n);
}

static Fcall
fc(uchar type, ushort tag, u32int fid)
{
	Fcall c;

	memset(&c, 0, sizeof c);
	c.type = type;
	c.tag = tag;
	c.fid = fid;
	return c;
}

static void
tmsg(Fcall *c)
{
	uchar m[8192];
	uint n;

	n = convS2M(c, m, sizeof m);
	if(n == 0){
		printf("mkseeds: T-message %d does not encode\n", c->type);
		exit(1);
	}
	record(0, 0, m, n);
	framedesc(m, n);
}

/* a reply to the last request but `back' */
static void
rmsg(Fcall *c, int back)
{
	uchar m[8192];
	uint n;

	n = convS2Mu(c, m, sizeof m);
	if(n == 0){
		printf("mkseeds: R-message %d does not encode\n", c->type);
		exit(1);
	}
	record(c->type == Rerror ? 1|1<<5 : 1, back, m, n);	/* Rerror: keep its type */
	framedesc(m, n);
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

static Dir
dirent(char *name, u32int mode, uchar qtype, char *uid, u32int nuid, char *ext)
{
	Dir d;

	memset(&d, 0, sizeof d);
	d.qid = qid(7, qtype);
	d.mode = mode;
	d.atime = d.mtime = 1700000000;
	d.length = 42;
	d.name = name;
	d.uid = uid;
	d.gid = uid;
	d.muid = "";
	d.extension = ext;
	d.n_uid = d.n_gid = nuid;
	d.n_muid = NOUID;
	return d;
}

static uint
dotudir(uchar *p, uint max)
{
	Dir d[5];
	uint n, i;

	d[0] = dirent(".", DMDIR|0755, QTDIR, "", 1000, "");
	d[1] = dirent("..", DMDIR|0755, QTDIR, "", 1000, "");
	d[2] = dirent("file", 0644, QTFILE, "", 1000, "");
	d[3] = dirent("link", DMSYMLINK|0777, QTSYMLINK, "glenda", 1000, "file");
	d[4] = dirent("null", DMDEVICE|0666, QTFILE, "", 0, "c 1 3");
	n = 0;
	for(i = 0; i < nelem(d); i++)
		n += convD2Mu(&d[i], p+n, max-n);
	return n;
}

/* the size dotudir's entries have as the kernel gets them */
static uint
plainsize(void)
{
	Dir d[3];

	d[0] = dirent("file", 0644, QTFILE, "1000", 1000, "");
	d[1] = dirent("link", 0777, QTFILE, "glenda", 1000, "");
	d[2] = dirent("null", 0666, QTFILE, "0", 0, "");
	return sizeD2M(&d[0]) + sizeD2M(&d[1]) + sizeD2M(&d[2]);
}

static void
session(void)
{
	uchar data[4096];
	Fcall c;
	Dir d;

	c = fc(Tversion, NOTAG, NOFID);
	c.msize = 128*1024+IOHDRSZ;
	c.version = VERSION9P;
	tmsg(&c);
	c.type = Rversion;
	c.version = VERSION9PU;
	rmsg(&c, 0);

	c = fc(Tauth, 1, NOFID);
	c.afid = 9;
	c.uname = "glenda";
	c.aname = "";
	tmsg(&c);
	c = fc(Rauth, 1, 0);
	c.aqid = qid(99, QTAUTH|QTLINK);
	rmsg(&c, 0);

	c = fc(Tattach, 1, 1);
	c.afid = NOFID;
	c.uname = "glenda";
	c.aname = "";
	tmsg(&c);
	c = fc(Rattach, 1, 0);
	c.qid = qid(1, QTDIR);
	rmsg(&c, 0);

	c = fc(Twalk, 2, 1);
	c.newfid = 2;
	c.nwname = 0;
	tmsg(&c);
	c = fc(Rwalk, 2, 0);
	rmsg(&c, 0);

	c = fc(Topen, 3, 2);
	c.mode = 0;
	tmsg(&c);
	c = fc(Ropen, 3, 0);
	c.qid = qid(1, QTDIR);
	c.iounit = 8192;
	rmsg(&c, 0);

	c = fc(Tread, 4, 2);
	c.offset = 0;
	c.count = 8192;
	tmsg(&c);
	c = fc(Rread, 4, 0);
	c.data = (char*)data;
	c.count = dotudir(data, sizeof data);
	rmsg(&c, 0);

	c = fc(Tread, 5, 2);
	c.offset = plainsize();	/* where the first read ended: the host's offset differs */
	c.count = 8192;
	tmsg(&c);
	c = fc(Rread, 5, 0);
	c.count = 0;
	c.data = "";
	rmsg(&c, 0);

	c = fc(Twalk, 6, 1);
	c.newfid = 3;
	c.nwname = 2;
	c.wname[0] = "d";
	c.wname[1] = "link";
	tmsg(&c);
	c = fc(Rwalk, 6, 0);
	c.nwqid = 2;
	c.wqid[0] = qid(2, QTDIR);
	c.wqid[1] = qid(3, QTSYMLINK);
	rmsg(&c, 0);

	c = fc(Tstat, 7, 3);
	tmsg(&c);
	c = fc(Rstat, 7, 0);
	d = dirent("link", DMSYMLINK|0777, QTSYMLINK, "", 1000, "file");
	c.nstat = convD2Mu(&d, data, sizeof data);
	c.stat = data;
	rmsg(&c, 0);

	c = fc(Twstat, 8, 3);
	d = dirent("new", 0600, QTFILE, "", NOUID, "");
	d.mode = ~0;
	d.length = ~0LL;
	c.nstat = convD2M(&d, data, sizeof data);
	c.stat = data;
	tmsg(&c);
	c = fc(Rwstat, 8, 0);
	rmsg(&c, 0);

	c = fc(Tcreate, 9, 2);
	c.name = "x";
	c.perm = 0644;
	c.mode = 1;
	tmsg(&c);
	c = fc(Twrite, 10, 2);
	c.offset = 0;
	c.count = 3;
	c.data = "abc";
	tmsg(&c);
	c = fc(Rcreate, 9, 0);
	c.qid = qid(9, QTFILE);
	rmsg(&c, 1);
	c = fc(Rwrite, 10, 0);
	c.count = 3;
	rmsg(&c, 0);

	c = fc(Tflush, 11, NOFID);
	c.oldtag = 10;
	tmsg(&c);
	c = fc(Rflush, 11, 0);
	rmsg(&c, 0);

	c = fc(Tremove, 12, 2);
	tmsg(&c);
	c = fc(Rerror, 12, 0);
	c.ename = "permission denied";
	c.errornum = 13;
	rmsg(&c, 0);

	c = fc(Tclunk, 13, 3);
	tmsg(&c);
	c = fc(Rclunk, 13, 0);
	rmsg(&c, 0);

	/* fids 1 and 2 are gone, whatever the answers said: reads of them are no directory reads */
	c = fc(Tclunk, 14, 1);
	tmsg(&c);
	c = fc(Rerror, 14, 0);
	c.ename = "i/o error";
	rmsg(&c, 0);
	c = fc(Tread, 15, 2);
	c.count = 8192;
	tmsg(&c);
	c = fc(Rerror, 15, 0);
	c.ename = "unknown fid";
	rmsg(&c, 0);
	c = fc(Tread, 16, 1);
	c.count = 8192;
	tmsg(&c);
}

/* QEMU's Rstat with nstat 0 */
static void
qemustat(void)
{
	uchar data[512], m[600];
	Fcall c;
	Dir d;
	uint n;

	c = fc(Tstat, 1, 1);
	tmsg(&c);
	c = fc(Rstat, 1, 0);
	d = dirent("f", 0644, QTFILE, "", 1000, "");
	c.nstat = convD2Mu(&d, data, sizeof data);
	c.stat = data;
	n = convS2Mu(&c, m, sizeof m);
	PBIT16(m+HDRSZ, 0);
	record(1, 0, m, n);
}

/*
 * Stats of no bytes: nstat 0 and nothing after it, which the stat
 * decoder's 0 for "malformed" must not pass for a stat of 0 bytes.
 * And messages of no bytes at all, in both directions.
 */
static void
emptystats(void)
{
	uchar m[64];
	Fcall c;
	uint n;

	c = fc(Tstat, 1, 1);
	tmsg(&c);
	c = fc(Rstat, 1, 0);
	c.nstat = 0;
	c.stat = m;
	n = convS2Mu(&c, m, sizeof m);
	record(1, 0, m, n);
	c = fc(Twstat, 2, 1);
	c.nstat = 0;
	c.stat = m;
	n = convS2M(&c, m, sizeof m);
	record(0, 0, m, n);
	record(0, 0, m, 0);
	c = fc(Tclunk, 3, 1);
	tmsg(&c);
	record(1, 0, m, 0);
}

static void
dirreads(void)
{
	Dir d;

	d = dirent("file", 0644, QTFILE, "glenda", NOUID, "");
	f.n = convD2M(&d, f.buf, sizeof f.buf);
	save("dirread", "one", &f);
	d = dirent("d", DMDIR|0755, QTDIR, "sys", NOUID, "");
	f.n = convD2M(&d, f.buf, sizeof f.buf);
	d = dirent("", 0, QTFILE, "", NOUID, "");
	f.n += convD2M(&d, f.buf+f.n, sizeof f.buf-f.n);
	d = dirent("a-longer-name", DMAPPEND|0600, QTAPPEND, "a-user", NOUID, "");
	f.n += convD2M(&d, f.buf+f.n, sizeof f.buf-f.n);
	save("dirread", "three", &f);
}

int
main(int argc, char **argv)
{
	uchar rng[4] = {1, 2, 3, 4};

	if(argc != 2){
		printf("usage: mkseeds dir\n");
		return 1;
	}
	dir = argv[1];
	put(&stream, "\0", 1);
	put(&stream, rng, 4);
	put(&streamraw, "\1", 1);
	put(&streamraw, rng, 4);
	session();
	save("trans9p", "session", &f);
	save("frame", "session", &stream);
	save("frame", "sessionraw", &streamraw);
	qemustat();
	save("trans9p", "qemustat", &f);
	emptystats();
	save("trans9p", "empty", &f);
	stream.n = streamraw.n = 0;
	dirreads();
	return 0;
}
