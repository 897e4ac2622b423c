/*
 * 9pvpxy [-u|-L] file: 9P virtio proxy.  Relays 9P messages between
 * standard input/output and file, usually a virtio-serial port such
 * as /dev/virtcon/virtio-console-2, so that
 *
 *	srv -e '9pvpxy /dev/virtcon/virtio-console-2' vc2
 *	mount -c -n /srv/vc2 /mnt/xxx
 *
 * mounts what a host 9P server (util/ufs) serves on that port.  With
 * -u or -L the host server speaks 9P2000.u or 9P2000.L (diod), and the
 * proxy translates, with the kernel's #9's module (lib/9p/trans9p.c).
 *
 * Neither side keeps message boundaries (the port hands over what
 * the host wrote, in pieces or run together; pipes do the same), so
 * each direction reassembles whole messages by their 4-byte size and
 * passes every complete message on in one write.  What the port holds
 * before the server's answer to the mount's Tversion is left over from
 * an earlier session (late replies, half a message) and is dropped.
 *
 * Without translation, three processes: one relay per direction, and
 * the first process, which waits for them.  When a relay ends (its
 * input hung up or failed, or what it read cannot be 9P) the other
 * is killed, so the mount sees the server hang up.  A port that
 * reports host state (virtcon(3): a controller with MULTIPORT) ends
 * its reads when the host hangs up, and that is all.
 *
 * Translating, the two relays write into one pipe instead, and a
 * fourth process, the translator, reads it and writes to both sides.
 * The translator's state (a Trans9p: the host's fids, which are
 * directories and what they are called, the offsets of directory
 * reads, tags flushed) is changed by messages of both directions, in
 * an order that matters: an Ropen must be seen before the Tread that
 * follows it, and an Rreaddir before the next host message of its
 * request.  The relays are forked without RFMEM and share no memory
 * (a shared Trans9p would also need a lock around every translation),
 * so the state lives in one process, which must then take messages
 * from both sides as they come; Plan 9 has no select, but a pipe that two
 * writers feed is one stream in arrival order.  Each relay writes
 * whole messages in one write, and a pipe's writes do not interleave
 * (devpipe holds the writer's lock for a whole write), so the pipe
 * carries whole messages, reassembled once more by size.  Which side
 * one came from is its type: T-messages are even, R-messages odd, and
 * each relay refuses a message of the wrong parity, so the host cannot
 * pass for the kernel.  The relays stay as they are, so the watching
 * below and the hang-up rules are the same in both modes.
 *
 * A port that cannot report host state (its status line says
 * "unknown", as for the seed's max_ports=1; or a file not in
 * /dev/virtcon/status) never tells that the host program has gone,
 * so for it alone the waiter also watches flushes: a live server
 * answers Tflush at once, and a Tflush left unanswered for Flushwait
 * means the host has gone away; the proxy then ends too, and the
 * mount's pending and later requests fail instead of waiting for
 * ever.
 *
 * A host that speaks only 9P2000.L (diod) answers a 9P2000 or
 * 9P2000.u Tversion with Rlerror; the proxy says so, and passes it on
 * or, translating, answers with an Rerror that says so.
 */
#include <u.h>
#include <libc.h>
#include <fcall.h>
#include <msgbuf.h>
#include <trans9p.h>

enum {
	Bufsize		= 64*1024,		/* first buffer; grows to fit a message */
	Maxmsg		= 16*1024*1024,		/* larger than any msize: not 9P */
	Flushwait	= 5,			/* seconds a server may take to answer Tflush */
	Npending	= 32,			/* Tflushes watched at once */
	Nreqhash	= 64,
	/*
	 * A translated message is at most this longer than the larger
	 * of the message it came from and the msize: a T-message grows
	 * by Transgrowth, an Rerror or an Rstat of one name more.
	 */
	Outslack	= 1024,
};

typedef struct Relay Relay;
typedef struct Req Req;

struct Relay {
	int	in;
	int	out;
	char	*from;		/* names, for errors */
	char	*to;
	int	watch;		/* message type reported to the waiter: Tflush, Rflush, or -1 */
	int	host;		/* in is the port: its end of file is the host hanging up */
	int	parity;		/* translating: the low bit every type has (T 0, R 1); else -1 */
	Msgbuf	mb;		/* what was read, reassembled into messages */
};

/* a request the host has not answered yet, as the translator sent it */
struct Req {
	Req	*next;
	Transreq	tr;
};

static int waiter;		/* pid of the first process */
static char *file;		/* the port, for messages */

/* the waiter's Tflushes not yet answered (its notes fill them in) */
static struct {
	int	tag;
	vlong	since;		/* nsec(); 0: slot free */
} pending[Npending];

/* the translator process's state */
static struct {
	Trans9p	x;
	int	host;		/* where host T-messages go */
	int	kernel;		/* and plain R-messages */
	Req	*reqs[Nreqhash];	/* by tag */
	uchar	*out;		/* the message translated */
	uint	nout;		/* bytes at out */
} xl;

static void
usage(void)
{
	fprint(2, "usage: 9pvpxy [-u|-L] file\n");
	exits("usage");
}

/*
 * Look at each message in the first n bytes: tell the waiter about
 * the watched ones, and say why a host's answer to Tversion is
 * Rlerror.  Translating, nil or why a message is on the wrong side.
 */
static char*
inspect(Relay *r, long n)
{
	char note[32];
	uchar *p, *buf;
	int type;

	buf = r->mb.buf;
	for(p = buf; p < buf+n; p += GBIT32(p)){
		type = p[BIT32SZ];
		if(r->parity >= 0 && (type&1) != r->parity)
			return r->parity ? "a T-message among the replies" : "an R-message among the requests";
		if(r->host && type == Rlerror && GBIT16(p+BIT32SZ+1) == NOTAG && xl.x.dialect != DialectL)
			fprint(2, "9pvpxy: %s: host speaks 9P2000.L only: use 9pvpxy -L\n", file);
		if(type == r->watch){
			snprint(note, sizeof note, "9pvpxy %s %d",
				r->watch == Tflush ? "flush" : "rflush", GBIT16(p+BIT32SZ+1));
			postnote(PNPROC, waiter, note);
		}
	}
	return nil;
}

/* copy messages until a side ends; the reason, nil for a clean end */
static char*
relay(Relay *r)
{
	static char err[ERRMAX];
	Msgbuf *b;
	uchar *p;
	char *why;
	long n, w;

	b = &r->mb;
	if(msgbufinit(b, Bufsize, Maxmsg) < 0)
		sysfatal("%s", b->err);
	if(r->host)
		msgbufsync(b);	/* the port may hold an earlier session's bytes */
	for(;;){
		p = msgbufroom(b, &n);
		n = read(r->in, p, n);
		if(n < 0){
			snprint(err, sizeof err, "reading %s: %r", r->from);
			return err;
		}
		if(n == 0){
			if(b->len == 0 && r->host){
				snprint(err, sizeof err, "%s: host hung up", r->from);
				return err;
			}
			if(b->len == 0)
				return nil;
			snprint(err, sizeof err, "%s hung up inside a message", r->from);
			return err;
		}
		w = msgbufadd(b, n);
		if(w < 0)
			break;
		if(w == 0)
			continue;
		if(b->dropped > 0){
			fprint(2, "9pvpxy: %s: dropped %ld bytes of an earlier session\n", r->from, b->dropped);
			b->dropped = 0;
		}
		if((why = inspect(r, w)) != nil){
			snprint(err, sizeof err, "%s: corrupt 9P stream: %s", r->from, why);
			return err;
		}
		if(write(r->out, b->buf, w) != w){
			snprint(err, sizeof err, "writing %s: %r", r->to);
			return err;
		}
		if(msgbufdone(b, w) < 0)
			break;
	}
	snprint(err, sizeof err, "%s: corrupt 9P stream: %s", r->from, b->err);
	return err;
}

/*
 * Translation: one process sees every message (see the top), so a
 * Req is only ever touched here.
 */

static Req**
reqslot(ushort tag)
{
	Req **l;

	for(l = &xl.reqs[tag % Nreqhash]; *l != nil; l = &(*l)->next)
		if((*l)->tr.tag == tag)
			break;
	return l;
}

/* the request of tag is over (answered, flushed or replaced) */
static void
dropreq(ushort tag)
{
	Req **l, *r;

	l = reqslot(tag);
	if((r = *l) == nil)
		return;
	*l = r->next;
	trans9preqfree(&r->tr);
	free(r);
}

static Req*
newreq(ushort tag)
{
	Req *r;

	dropreq(tag);	/* the kernel reuses a tag only once it is free */
	r = emalloc(sizeof *r);
	memset(r, 0, sizeof *r);
	r->tr.tag = tag;
	r->next = xl.reqs[tag % Nreqhash];
	xl.reqs[tag % Nreqhash] = r;
	return r;
}

/* room for a message of n bytes at xl.out */
static void
outroom(uint n)
{
	if(n <= xl.nout)
		return;
	xl.out = erealloc(xl.out, n);
	xl.nout = n;
}

static void
put(int fd, uint n, char *to)
{
	if(write(fd, xl.out, n) != n)
		sysfatal("writing %s: %r", to);
}

/* a T-message from the kernel: to the host in its dialect */
static void
fromkernel(uchar *m, uint n)
{
	Req *r;
	ushort tag;
	uint len;

	tag = GBIT16(m+BIT32SZ+BIT8SZ);
	r = newreq(tag);
	outroom(n+Outslack);
	len = trans9ptmsg(&xl.x, m, n, xl.out, xl.nout, &r->tr);
	if(len == 0){
		dropreq(tag);
		len = trans9perror(xl.out, xl.nout, tag, "9pvpxy: message cannot be translated");
		put(xl.kernel, len, "standard output");
		return;
	}
	put(xl.host, len, file);
}

/*
 * An R-message from the host: the plain reply to the kernel, or the
 * next host messages of a request of several, or nothing yet (a
 * reply to one message of a directory read's batch, which is under a
 * tag of the translator's own: trans9ptagof; or an Rflush the
 * translator holds until the flushed read's reply).
 */
static void
fromhost(uchar *m, uint n)
{
	Req *r;
	ushort tag;
	uint len;
	int rtag;

	tag = GBIT16(m+BIT32SZ+BIT8SZ);
	r = *reqslot(tag);
	if(r == nil && (rtag = trans9ptagof(&xl.x, tag)) >= 0)
		r = *reqslot(rtag);
	if(r == nil){
		fprint(2, "9pvpxy: %s: reply to tag %ud, which has no request: dropped\n", file, tag);
		return;
	}
	outroom((n > xl.x.msize ? n : xl.x.msize) + Outslack);
	if(r->tr.type == Tversion && m[BIT32SZ] == Rlerror && xl.x.dialect != DialectL)
		len = trans9perror(xl.out, xl.nout, tag, "host speaks 9P2000.L, not 9P2000.u");
	else
		len = trans9prmsg(&xl.x, &r->tr, m, n, xl.out, xl.nout);
	if(len != 0 && r->tr.more){
		put(xl.host, len, file);
		return;
	}
	if(len == 0 && r->tr.wait){
		if(r->tr.type == Tflush)
			dropreq(r->tr.tag);	/* its Rflush comes with the read's reply */
		return;
	}
	if(len == 0)
		len = trans9perror(xl.out, xl.nout, tag, "9pvpxy: host's reply cannot be translated");
	put(xl.kernel, len, "standard output");
	if(r->tr.type == Tflush)
		dropreq(r->tr.oldtag);	/* answered before the Rflush, or never */
	dropreq(tag);
}

/* take whole messages from the relays' pipe in and translate them */
static void
translator(int in)
{
	Msgbuf b;
	uchar *p;
	long n, w, size, off;

	if(msgbufinit(&b, Bufsize, Maxmsg) < 0)
		sysfatal("%s", b.err);
	for(;;){
		p = msgbufroom(&b, &n);
		n = read(in, p, n);
		if(n <= 0)
			exits(n < 0 ? "reading relays" : nil);
		w = msgbufadd(&b, n);
		if(w < 0)
			sysfatal("relays: %s", b.err);	/* cannot be: the relays framed them */
		for(off = 0; off < w; off += size){
			size = GBIT32(b.buf+off);
			if(b.buf[off+BIT32SZ] & 1)
				fromhost(b.buf+off, size);
			else
				fromkernel(b.buf+off, size);
		}
		if(w > 0 && msgbufdone(&b, w) < 0)
			sysfatal("relays: %s", b.err);
	}
}

/*
 * Does the port at path report the host end's state?  Its line in
 * /dev/virtcon/status (file name host) says, matched by the last
 * element of path, a file or a name (port/NAME).
 */
static int
reportshost(char *path)
{
	static char buf[8192];
	char *elem, *p, *nl, *f[4];
	int fd, n, yes;

	elem = strrchr(path, '/');
	elem = elem != nil ? elem+1 : path;
	fd = open("/dev/virtcon/status", OREAD);
	if(fd < 0)
		return 0;
	n = readn(fd, buf, sizeof buf - 1);
	close(fd);
	if(n <= 0)
		return 0;
	buf[n] = 0;
	yes = 0;
	for(p = buf; *p != 0; p = nl+1){
		if((nl = strchr(p, '\n')) == nil)
			break;
		*nl = 0;
		if(tokenize(p, f, nelem(f)) == 3 && (strcmp(f[0], elem) == 0 || strcmp(f[1], elem) == 0))
			yes = strcmp(f[2], "unknown") != 0;
	}
	return yes;
}

static int
startrelay(Relay *r)
{
	char *err;
	int pid;

	pid = fork();
	if(pid < 0)
		sysfatal("fork: %r");
	if(pid > 0)
		return pid;
	err = relay(r);
	if(err != nil)
		fprint(2, "9pvpxy: %s\n", err);
	exits(err);
	return -1;
}

static int
starttranslator(int in)
{
	int pid;

	pid = fork();
	if(pid < 0)
		sysfatal("fork: %r");
	if(pid == 0)
		translator(in);
	return pid;
}
/* the waiter's notes: "9pvpxy flush tag" and "9pvpxy rflush tag" */
static void
onnote(void*, char *note)
{
	char *f[3];
	char buf[ERRMAX];
	int i, tag;

	if(strcmp(note, "alarm") == 0)
		noted(NCONT);
	strecpy(buf, buf+sizeof buf, note);
	if(tokenize(buf, f, nelem(f)) != 3 || strcmp(f[0], "9pvpxy") != 0)
		noted(NDFLT);
	tag = atoi(f[2]);
	for(i = 0; i < Npending; i++)
		if(strcmp(f[1], "flush") == 0 && pending[i].since == 0){
			pending[i].tag = tag;
			pending[i].since = nsec();
			break;
		}else if(strcmp(f[1], "rflush") == 0 && pending[i].since != 0 && pending[i].tag == tag)
			pending[i].since = 0;
	noted(NCONT);
}

static int
overdue(void)
{
	vlong now;
	int i;

	now = nsec();
	for(i = 0; i < Npending; i++)
		if(pending[i].since != 0 && now - pending[i].since > Flushwait*1000000000LL)
			return 1;
	return 0;
}

/* the first process: waits for the others, and watches flushes */
static char*
waitall(int *pid, int npid, int watchflush)
{
	Waitmsg *w;
	char *why, err[ERRMAX];
	int i;

	why = nil;
	for(;;){
		alarm(1000);
		w = wait();
		alarm(0);
		if(w == nil){
			rerrstr(err, sizeof err);
			if(strstr(err, "interrupt") == nil)
				sysfatal("wait: %s", err);
		}else{
			if(w->msg[0] != 0)
				why = strdup(w->msg);
			for(i = 0; i < npid; i++)
				if(pid[i] != w->pid)
					postnote(PNPROC, pid[i], "kill");
			free(w);
			return why;
		}
		if(watchflush && overdue()){
			fprint(2, "9pvpxy: %s: no answer to Tflush in %ds: host gone; hanging up\n",
				file, Flushwait);
			for(i = 0; i < npid; i++)
				postnote(PNPROC, pid[i], "kill");
			return "host not responding";
		}
	}
}

void
main(int argc, char *argv[])
{
	Relay req, rep;
	int fd, pid[3], npid, p[2], watchflush, dialect;

	dialect = Dialect9p;
	ARGBEGIN{
	case 'u':
		dialect = Dialectu;
		break;
	case 'L':
		dialect = DialectL;
		break;
	default:
		usage();
	}ARGEND
	if(argc != 1)
		usage();
	file = argv[0];

	fd = open(file, ORDWR);
	if(fd < 0)
		sysfatal("%s: %r", file);
	trans9pinit(&xl.x, Maxmsg-Outslack, dialect);
	xl.x.maxbatch = Transbatch;	/* the host stream takes a batch in one write */
	waiter = getpid();
	notify(onnote);
	watchflush = !reportshost(file);
	req = (Relay){0, fd, "standard input", file, watchflush ? Tflush : -1, 0, -1};
	rep = (Relay){fd, 1, file, "standard output", watchflush ? Rflush : -1, 1, -1};
	npid = 0;
	p[0] = p[1] = -1;
	if(dialect != Dialect9p){
		if(pipe(p) < 0)
			sysfatal("pipe: %r");
		req.out = rep.out = p[0];
		req.to = rep.to = "translator";
		req.parity = 0;
		rep.parity = 1;
		xl.host = fd;
		xl.kernel = 1;
		pid[npid++] = starttranslator(p[1]);
	}
	pid[npid++] = startrelay(&req);
	pid[npid++] = startrelay(&rep);
	/* only the others may hold the ends, so that their exit is a hangup */
	close(0);
	close(1);
	close(fd);
	close(p[0]);
	close(p[1]);
	exits(waitall(pid, npid, watchflush));
}
