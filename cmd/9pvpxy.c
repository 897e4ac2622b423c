/*
 * 9pvpxy file: 9P virtio proxy.  Relays 9P messages between standard
 * input/output and file, usually a virtio-serial port such as
 * /dev/virtcon/virtio-console-2, so that
 *
 *	srv -e '9pvpxy /dev/virtcon/virtio-console-2' vc2
 *	mount -c -n /srv/vc2 /mnt/xxx
 *
 * mounts what a host 9P server (util/ufs) serves on that port.
 *
 * Neither side keeps message boundaries (the port hands over what
 * the host wrote, in pieces or run together; pipes do the same), so
 * each direction reassembles whole messages by their 4-byte size and
 * passes every complete message on in one write.  What the port holds
 * before the server's answer to the mount's Tversion is left over from
 * an earlier session (late replies, half a message) and is dropped.
 *
 * Three processes: one relay per direction, and the first process,
 * which waits for them.  When a relay ends (its input hung up or
 * failed, or what it read cannot be 9P) the other is killed, so the
 * mount sees the server hang up.  A port that reports host state
 * (virtcon(3): a controller with MULTIPORT) ends its reads when the
 * host hangs up, and that is all.
 *
 * A port that cannot (its status line says "unknown", as for the
 * seed's max_ports=1; or a file not in /dev/virtcon/status) never
 * tells that the host program has gone, so for it alone the waiter
 * also watches flushes: a live server answers Tflush at once, and a
 * Tflush left unanswered for Flushwait means the host has gone away;
 * the proxy then ends too, and the mount's pending and later
 * requests fail instead of waiting for ever.
 */
#include <u.h>
#include <libc.h>
#include <fcall.h>
#include <msgbuf.h>

enum {
	Bufsize		= 64*1024,		/* first buffer; grows to fit a message */
	Maxmsg		= 16*1024*1024,		/* larger than any msize: not 9P */
	Flushwait	= 5,			/* seconds a server may take to answer Tflush */
	Npending	= 32,			/* Tflushes watched at once */
};

typedef struct Relay Relay;
struct Relay {
	int	in;
	int	out;
	char	*from;		/* names, for errors */
	char	*to;
	int	watch;		/* message type reported to the waiter: Tflush, Rflush, or -1 */
	int	host;		/* in is the port: its end of file is the host hanging up */
	Msgbuf	mb;		/* what was read, reassembled into messages */
};

static int waiter;		/* pid of the first process */

/* the waiter's Tflushes not yet answered (its notes fill them in) */
static struct {
	int	tag;
	vlong	since;		/* nsec(); 0: slot free */
} pending[Npending];

static void
usage(void)
{
	fprint(2, "usage: 9pvpxy file\n");
	exits("usage");
}

/* tell the waiter about each watched message in the first n bytes */
static void
report(Relay *r, long n)
{
	char note[32];
	uchar *p, *buf;

	buf = r->mb.buf;
	for(p = buf; p < buf+n; p += GBIT32(p))
		if(p[BIT32SZ] == r->watch){
			snprint(note, sizeof note, "9pvpxy %s %d",
				r->watch == Tflush ? "flush" : "rflush", GBIT16(p+BIT32SZ+1));
			postnote(PNPROC, waiter, note);
		}
}

/* copy messages until a side ends; the reason, nil for a clean end */
static char*
relay(Relay *r)
{
	static char err[ERRMAX];
	Msgbuf *b;
	uchar *p;
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
		report(r, w);
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

void
main(int argc, char *argv[])
{
	Relay req, rep;
	Waitmsg *w;
	char *why, err[ERRMAX];
	int fd, reqpid, reppid, watchflush;

	ARGBEGIN{
	default:
		usage();
	}ARGEND
	if(argc != 1)
		usage();

	fd = open(argv[0], ORDWR);
	if(fd < 0)
		sysfatal("%s: %r", argv[0]);
	waiter = getpid();
	notify(onnote);
	watchflush = !reportshost(argv[0]);
	req = (Relay){0, fd, "standard input", argv[0], watchflush ? Tflush : -1, 0};
	rep = (Relay){fd, 1, argv[0], "standard output", watchflush ? Rflush : -1, 1};
	reqpid = startrelay(&req);
	reppid = startrelay(&rep);
	/* only the relays may hold the ends, so that their exit is a hangup */
	close(0);
	close(1);
	close(fd);

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
			postnote(PNPROC, w->pid == reqpid ? reppid : reqpid, "kill");
			free(w);
			break;
		}
		if(watchflush && overdue()){
			fprint(2, "9pvpxy: %s: no answer to Tflush in %ds: host gone; hanging up\n",
				argv[0], Flushwait);
			postnote(PNPROC, reqpid, "kill");
			postnote(PNPROC, reppid, "kill");
			why = "host not responding";
			break;
		}
	}
	exits(why);
}
