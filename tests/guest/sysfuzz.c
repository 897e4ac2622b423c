/*
 * sysfuzz: random system calls from user programs must never crash
 * or wedge the kernel.
 *	sysfuzz [-p parallel] [-b batch] [-t seconds] [-w worker] [-v] [-s sysnum] seed iterations
 * The parent runs `iterations` calls in all, as workers of `batch`
 * calls each, `parallel` at a time, stopping early after `seconds`.
 * Each worker is a child in its own note group, name space,
 * environment, fd table and rendezvous group; it issues calls
 * through rawsys(), so any number and any argument value gets to
 * the kernel: out-of-range numbers, -1, huge values, good and bad
 * fds, good buffers, nil, kernel and unmapped addresses, buffers
 * running off the end of the data segment, unterminated strings at
 * a page end, random stat buffers, random rfork flags (with a cap on
 * children, which make a few calls of their own, racing their parent
 * on the fd table and name space they may share; an RFMEM child
 * shares our memory too, so it keeps to a page of its own),
 * segattach in an address window of its own (never where the bad
 * pointers point), segdetach and segfree of what it attached, binds and mounts
 * on throwaway paths, pipes, and the live devices it finds (each
 * virtio-9p share, attached as #9tag, and each virtio-serial port,
 * kept open read-write).  An alarm
 * before every call interrupts whatever blocks.  Never generated:
 * exits (except at the end), noted(NRSTR), an exec that could
 * succeed with good arguments, and the files that halt the machine
 * or touch the console or other processes (/dev/reboot,
 * /dev/consctl, /dev/cons, /proc/N/ctl of others).
 *
 * The parent reaps workers, counts calls and errors, tells apart
 * the deaths a worker brings on itself (traps, its own notes), and
 * afterwards checks the kernel still works: a few calls, /dev/swap's
 * figures, a fork.  Last line: `sysfuzz: ok ...` or `sysfuzz: FAIL ...`.
 * -w N runs only worker N, to replay a failure; -v prints each
 * call and its result; -s N makes only system call N.
 */
#include <u.h>
#include <libc.h>

typedef struct Worker Worker;

enum {
	Maxpar		= 16,
	Alarmms		= 25,		/* bounds every call that blocks */
	Maxkids		= 4,		/* a worker's rfork(RFPROC) children at a time */
	Kidcalls	= 20,		/* most calls such a child makes */
	Refresh		= 64,		/* calls between fresh fd sets */
	Bufsize		= 65536,
	Wedgesec	= 30,		/* a worker this late is stuck in the kernel */
	Pg		= 4096,
};

#define Segwindow	0x400000000000ULL	/* where segattach puts segments */

struct Worker {
	int	pid;
	int	index;
	vlong	start;
};

static void fixroot(void);

/*
 * rawsys(num, a0..a5): the syscall instruction with exactly these
 * registers, unlike libc's stubs which fix the number and the types.
 */
uvlong rawsys(uvlong, uvlong, uvlong, uvlong, uvlong, uvlong, uvlong);
__asm__(
	".text\n"
	".globl rawsys\n"
	"rawsys:\n"
	"	movq %rdi, %rax\n"
	"	movq %rsi, %rdi\n"
	"	movq %rdx, %rsi\n"
	"	movq %rcx, %rdx\n"
	"	movq %r8, %r10\n"
	"	movq %r9, %r8\n"
	"	movq 8(%rsp), %r9\n"
	"	syscall\n"
	"	ret\n"
);

#define KADDR	0xffffffff80100000ULL
#define Fuzztmp	"#Tsysfuzz"	/* a tmp tree of the fuzzers' own, on their /tmp */
#define KHALF	0xffff800000000000ULL
#define TEXT	((uvlong)rnd)		/* an address in our read-only text */

/* --- the worker's state */

static uvlong rng;
static int mypid;
static char dir[64];		/* its throwaway directory in /tmp */
static char elfname[96];	/* dir/elf; no malloc in workers: it would move dtop */
static uchar buf[Bufsize] __attribute__((aligned(4096)));
static uchar statbuf[512];
static char strbuf[8192];
static uvlong dtop;		/* the top of the data segment, page aligned */
static int nkids;
static int fdset[32];
static int nfdset;
static char *paths[96];
static int npaths;
static char pathstore[nelem(paths)][80];
static uvlong ncalls, nerrs;
static int inchild;		/* in a worker's child: calls left */
static int only1 = -1;		/* -s N: make only system call N */
static int tracefd = -1;	/* -v: each call is printed here before it is made */
enum { Tracefd = 60 };		/* above the fds freshfds closes */

static uvlong
rnd(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static int
pick(int n)
{
	return rnd() % n;
}

static uvlong
mix(uvlong seed, uvlong i)
{
	uvlong z;

	z = seed + 0x9E3779B97F4A7C15ULL*(i+1);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return z ? z : 1;
}

/* an integer from the interesting ones */
static uvlong
intval(void)
{
	static uvlong v[] = {
		0, 1, 2, 3, 7, 8, 16, 64, 255, 4096, 65535, 65536,
		-1ULL, -2ULL, 0x7fffffff, 0x80000000, 0xffffffff, 1ULL<<32,
		1ULL<<63, (1ULL<<63)-1, KADDR, KHALF,
	};

	switch(pick(4)){
	case 0:
		return pick(10);
	case 1:
		return rnd();
	case 2:
		return (u32int)rnd();
	}
	return v[pick(nelem(v))];
}

/* a length: mostly sensible, sometimes not */
static uvlong
lenval(void)
{
	static uvlong v[] = {
		0, 1, 2, 13, 64, 511, 4096, 4097, 8192, Bufsize, Bufsize+1,
		-1ULL, 1ULL<<31, 1ULL<<40, (1ULL<<63)-1,
	};

	if(pick(2))
		return pick(300);
	return v[pick(nelem(v))];
}

/* a user or kernel address, good or bad */
static uvlong
ptrval(uvlong len)
{
	uvlong n;

	n = len < Pg ? len : Pg;
	switch(pick(16)){
	case 0:
		return 0;
	case 1:
		return 8;
	case 2:
		return KADDR;
	case 3:
		return KHALF;
	case 4:
		return UTZERO - 16;				/* below the text */
	case 5:
		return dtop - n + pick(8);			/* spans the end of data */
	case 6:
		return USTKTOP - USTKSIZE - 8;		/* spans the stack's bottom */
	case 7:
		return USTKTOP - 8;				/* spans the stack's top */
	case 8:
		return TEXT;				/* text: read-only */
	case 9:
		return rnd();
	case 10:
		return 0x7ffffffff000ULL;
	case 11:
		return dtop + 0x100000;			/* unmapped, above the heap */
	}
	return (uvlong)buf + pick(Bufsize/2);
}

/* an address that is never good, nor nil */
static uvlong
badptr(void)
{
	static uvlong v[] = {
		8, KADDR, KHALF, UTZERO - 16, 0x7ffffffff000ULL, USTKTOP, -1ULL,
	};
	if(pick(4) == 0)
		return dtop + 0x100000;
	return v[pick(nelem(v))];
}

/* a buffer pointer for n bytes: usually buf, sometimes hostile */
static uvlong
bufval(uvlong n)
{
	if(pick(3))
		return (uvlong)buf + pick(64);
	return ptrval(n);
}

/* an fd: open ones, closed ones, absurd ones */
static uvlong
fdval(void)
{
	static uvlong v[] = { -1ULL, 100, 1000, 100000, 1ULL<<31, 1ULL<<32, -100ULL };

	switch(pick(6)){
	case 0:
		return pick(40);
	case 1:
		return v[pick(nelem(v))];
	}
	if(nfdset == 0)
		return pick(8);
	return fdset[pick(nfdset)];
}

/*
 * Random bytes, most of them path-ish (slash only if slashok), but
 * never spelling #c or #T: cons and the shared tmp are off limits.
 */
static void
garbage(char *s, int n, int slashok)
{
	static char alpha[] = "ab/./..#|pe$r9M ";
	int i;

	for(i = 0; i < n; i++){
		switch(pick(4)){
		case 0:
			s[i] = rnd();
			break;
		default:
			s[i] = alpha[pick(sizeof alpha - 1)];
		}
		if(s[i] == '/' && !slashok || i > 0 && s[i-1] == '#' && (s[i] == 'c' || s[i] == 'T'))
			s[i] = 'a';
	}
}

/*
 * A string argument: a path from the list, a device with a random
 * spec, garbage, one without a terminator at the end of the data
 * segment, or a bad pointer.  What is shared with other processes
 * is left out, lest a wstat or remove break them: device letters T
 * (tmp), s (srv) and c (cons: reboot, consctl), and /mnt, /n, /srv.
 */
static uvlong
strval(void)
{
	static char devs[] = "epr|$9CM/X";
	char *s;
	int n;

	switch(pick(10)){
	case 0:
		s = strbuf + 4096;
		s[0] = '#';
		s[1] = devs[pick(sizeof devs - 1)];
		n = pick(8);
		garbage(s+2, n, 0);
		s[2+n] = '\0';
		return (uvlong)s;
	case 1:
		n = 1 + pick(300);
		garbage(strbuf, n, 1);
		strbuf[n] = '\0';
		return (uvlong)strbuf;
	case 2:
		n = 1 + pick(64);
		memset((char*)(dtop - n), 'a' + pick(26), n);
		return dtop - n;
	case 3:
		return ptrval(1);
	case 4:
		n = 4000 + pick(200);		/* near and past the longest name */
		memset(strbuf, 'x', n);
		strbuf[n] = '\0';
		return (uvlong)strbuf;
	}
	return (uvlong)paths[pick(npaths)];
}

static void
addpath(char *fmt, ...)
{
	va_list arg;

	if(npaths >= nelem(paths))
		return;
	va_start(arg, fmt);
	vsnprint(pathstore[npaths], sizeof pathstore[0], fmt, arg);
	va_end(arg);
	paths[npaths] = pathstore[npaths];
	npaths++;
}

/*
 * The live devices the machine was booted with: each virtio-9p tag
 * (#9tag attaches the host share, so binds, creates, writes and
 * removes reach the host) and each virtio-serial port (its data
 * reaches the host, and the host's comes back).  Boot sysfuzz with a
 * share and a port that are its own.  Found once, by the parent:
 * dirreadall mallocs, and a worker's malloc would move dtop.
 */
static char live[16][64];
static int nlive;

static void
addlive(char *fmt, char *name)
{
	if(nlive < nelem(live))
		snprint(live[nlive++], sizeof live[0], fmt, name);
}

static void
findlive(void)
{
	char b[1024], *line[8], *p;
	int fd, n, i;
	Dir *d;

	fd = open("/dev/mtags", OREAD);
	n = fd < 0 ? -1 : read(fd, b, sizeof b - 1);
	close(fd);
	if(n > 0){
		b[n] = '\0';
		n = tokenize(b, line, nelem(line));	/* a line has no blanks */
		for(i = 0; i < n; i++)
			if((p = strchr(line[i], ':')) != nil){
				*p = '\0';
				addlive("#9%s", line[i]);
				addlive("#9%s/sysfuzz", line[i]);
			}
	}
	fd = open("/dev/virtcon", OREAD);
	n = fd < 0 ? -1 : dirreadall(fd, &d);
	close(fd);
	for(i = 0; i < n; i++){
		addlive("/dev/virtcon/%s", d[i].name);
		addlive("#C/%s", d[i].name);
	}
	if(n > 0)
		free(d);
}

/*
 * The paths a worker may use; nothing that halts, nothing of others.
 * /tmp is the fuzzers' own tree, #Tsysfuzz, bound there by main.
 */
static void
mkpaths(void)
{
	static char *fixed[] = {
		"/", ".", "..", "", "/bin", "/bin/echo", "/lib/profile", "/dev",
		"/dev/null", "/dev/zero", "/dev/swap", "/dev/pid", "/dev/random",
		"/dev/kmesg", "/dev/irqalloc", "/dev/pci", "/dev/mtags",
		"/env", "/env/fuzz", "/env/fuzz2", "/proc", "/nonexistent", "/tmp",
		"#|", "#|/data", "#|/data1", "#e", "#p", "#r", "#$", "#9",
		"#M", "#X", "#/", "#/bin", "/fd",
	};
	static char *mine[] = {
		"", "/a", "/b", "/a/x", "/b/y", "/f", "/g", "/elf", "/a/b/c", "/..",
		"/a/../b", "/f/x", "/../x",
	};
	int i;

	npaths = 0;
	for(i = 0; i < nelem(fixed); i++)
		addpath("%s", fixed[i]);
	for(i = 0; i < nelem(mine); i++)
		addpath("%s%s", dir, mine[i]);
	addpath("/proc/%d", mypid);
	addpath("/proc/%d/status", mypid);
	addpath("/proc/%d/fd", mypid);
	addpath("/proc/%d/ns", mypid);
	addpath("/proc/%d/args", mypid);
	addpath("/proc/%d/noteid", mypid);
	addpath("/srv/sysfuzz.%d", mypid);
	addpath("/srv/sysfuzz.%d.b", mypid);
	for(i = 0; i < nlive; i++)
		addpath("%s", live[i]);
}

/* a directory entry in the 9P format, fields random or plausible */
static uvlong
mkstat(uvlong *lenp)
{
	uchar *p;
	int i, n, len;

	if(pick(4) == 0){
		n = pick(sizeof statbuf);
		for(i = 0; i < n; i++)
			statbuf[i] = rnd();
		*lenp = pick(3) ? n : lenval();
		return (uvlong)statbuf;
	}
	p = statbuf + 2;
	for(i = 0; i < 2+4+13; i++)
		*p++ = pick(2) ? 0xFF : rnd();		/* type dev qid: mostly "don't care" */
	for(i = 0; i < 4+4+4+8; i++)
		*p++ = pick(3) ? 0xFF : rnd();		/* mode atime mtime length */
	if(pick(2)){
		statbuf[2+2+4+13+3] = pick(2) ? 0x80 : 0;	/* DMDIR or not */
		statbuf[2+2+4+13] = 0xa4;
		statbuf[2+2+4+13+1] = 0x01;
	}
	for(i = 0; i < 4; i++){
		n = pick(4) ? 0 : pick(40);
		if(i == 0 && pick(2))
			n = 1 + pick(12);
		if(p + 2 + n > statbuf + sizeof statbuf)
			break;
		*p++ = n;
		*p++ = n >> 8;
		garbage((char*)p, n, 0);
		p += n;
	}
	len = p - statbuf;
	n = len - 2;
	if(pick(8) == 0)
		n = rnd();
	statbuf[0] = n;
	statbuf[1] = n >> 8;
	*lenp = pick(6) ? len : lenval();
	return (uvlong)statbuf;
}

/* --- worker setup */

static long
rs(int num, uvlong a0, uvlong a1, uvlong a2)
{
	return rawsys(num, a0, a1, a2, 0, 0, 0);
}

static void
writefile(char *name, void *a, long n)
{
	int fd;

	fd = create(name, OWRITE, 0777);
	if(fd >= 0){
		write(fd, a, n);
		close(fd);
	}
}

/* an ELF header that is almost right, for exec */
static void
mkelf(void)
{
	uchar e[64+56*2];
	int i;

	for(i = 0; i < sizeof e; i++)
		e[i] = pick(3) ? 0 : rnd();
	memmove(e, "\x7F" "ELF\x02\x01\x01", 7);
	e[16] = 2;		/* ET_EXEC */
	e[18] = 62;		/* x86_64 */
	e[24+2] = 0x20;		/* entry 0x200000 */
	e[32] = 64;		/* phoff */
	e[54] = 56;		/* phentsize */
	e[56] = 1 + pick(2);	/* phnum */
	e[64] = 1;		/* PT_LOAD */
	e[64+16+2] = 0x20;	/* vaddr */
	if(pick(2))
		e[56] = rnd();
	writefile(elfname, e, sizeof e);
}

static void
addfd(int fd)
{
	if(fd >= 0 && nfdset < nelem(fdset))
		fdset[nfdset++] = fd;
}

/* close everything but 0-2 and open a fresh assortment */
static void
freshfds(void)
{
	int i, p[2];
	char name[96];

	for(i = 3; i < 48; i++)
		rs(CLOSE, i, 0, 0);
	rs(CHDIR, (uvlong)"/", 0, 0);
	nfdset = 0;
	addfd(0);
	addfd(1);
	create(dir, OREAD, DMDIR|0777);
	if(pipe(p) == 0){
		addfd(p[0]);
		addfd(p[1]);
	}
	if(pipe(p) == 0){
		addfd(p[0]);		/* a pipe with no other end */
		close(p[1]);
	}
	snprint(name, sizeof name, "%s/f", dir);
	addfd(create(name, ORDWR, 0666));
	addfd(open("/", OREAD));
	addfd(open("/dev/zero", OREAD));
	addfd(open("/dev/swap", OREAD));
	addfd(open("/lib/profile", OREAD));
	snprint(name, sizeof name, "/proc/%d/status", mypid);
	addfd(open(name, OREAD));
	addfd(open("/env", OREAD));
	addfd(open("/dev/random", OREAD));
	for(i = 0; i < nlive; i++)
		if(strncmp(live[i], "/dev/virtcon/", 13) == 0)
			addfd(open(live[i], ORDWR));
		else if(strchr(live[i], '/') != nil)
			addfd(create(live[i], ORDWR, 0666));	/* #9tag/sysfuzz, on the host */
		else
			addfd(open(live[i], OREAD));
}

/* a worker's note handler: its own traps kill it, everything else goes on */
static void
onnote(void*, char *note)
{
	if(strncmp(note, "sys: trap", 9) == 0)
		noted(NDFLT);
	noted(NCONT);
}

/* --- the calls */

/*
 * An fd for mount, fversion and fauth.  Never a pipe whose other end
 * we hold: the mount driver would wait for a reply that can only come
 * from us, and waits for an Rflush through interrupts and kill notes
 * (reported: devmnt.c's rpcflush).  A pipe with its writer closed,
 * maybe after some bytes of would-be server, ends in end of file.
 */
static uvlong
mountfd(void)
{
	static char *files[] = { "/dev/zero", "/dev/null", "/lib/profile", "/dev/swap" };
	int p[2], fd;

	switch(pick(4)){
	case 0:
	case 1:
		if(pipe(p) < 0)
			return -1ULL;
		if(pick(2))
			write(p[1], buf, pick(64));
		close(p[1]);
		addfd(p[0]);
		return p[0];
	case 2:
		/* a fresh one: dup may have put a pipe on any old fd number */
		fd = open(files[pick(nelem(files))], OREAD);
		addfd(fd);
		return fd;
	}
	return pick(2) ? -1ULL : 1ULL<<31;
}

/*
 * A child of rfork(RFPROC|RFMEM) shares our data and bss, so it must
 * not touch the fuzzer's state (not even buf: a changed exec argv
 * could make an exec succeed): with its own generator on its stack
 * it writes a shared page of its own while we run on, hands it to
 * the kernel in writes, frees it (segfree) and exits.
 */
static uchar kidbuf[2*Pg] __attribute__((aligned(4096)));

static void
memkid(uvlong seed)
{
	uvlong x;
	int i, n;

	x = seed | 1;
	n = 1 + seed % Kidcalls;
	for(i = 0; i < n; i++){
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		kidbuf[x % sizeof kidbuf] = x;
		switch(x % 3){
		case 0:
			rawsys(SLEEP, x % 2, 0, 0, 0, 0, 0);
			break;
		case 1:
			rawsys(SEGFREE, (uvlong)kidbuf + x % Pg, Pg + x % Pg, 0, 0, 0, 0);
			break;
		default:
			rawsys(PWRITE, -1, (uvlong)kidbuf + x % sizeof kidbuf, x % 64, 0, 0, 0);
		}
	}
	rawsys(EXITS, 0, 0, 0, 0, 0, 0);
}

/* segments segattach gave us, for segdetach, segfree and segbrk to find */
static uvlong attached[8];
static int nattached;

/* an address for segdetach or segfree: never our text, data or stack */
static uvlong
segaddr(void)
{
	uvlong a;

	if(nattached > 0 && pick(3))
		a = attached[pick(nattached)] + pick(4)*Pg;
	else if(pick(4) == 0)
		a = (uvlong)kidbuf + pick(Pg);
	else
		a = intval();
	if(a >= UTZERO && a < dtop || a >= USTKTOP - USTKSIZE && a < USTKTOP)
		a = KADDR;
	return a;
}

/* rfork flags, never more than Maxkids children and rarely a clean slate */
static uvlong
rforkflags(void)
{
	uvlong f;

	f = pick(16) ? rnd() & 0x7fff : intval();
	if(pick(8))
		f &= ~(uvlong)(RFCNAMEG|RFCFDG);
	if(nkids >= Maxkids || pick(4) == 0)
		f &= ~(uvlong)RFPROC;
	return f;
}

/* make the call, tracing it with -v */
static uvlong
fz(uvlong num, uvlong *a)
{
	uvlong r;

	if(tracefd >= 0)
		fprint(tracefd, "%llud: %llud %#llux %#llux %#llux %#llux %#llux %#llux\n",
			ncalls, num, a[0], a[1], a[2], a[3], a[4], a[5]);
	r = rawsys(num, a[0], a[1], a[2], a[3], a[4], a[5]);
	if(tracefd >= 0)
		fprint(tracefd, "%llud: = %#llux\n", ncalls, r);
	return r;
}

/* one random call; returns its result */
static uvlong
onecall(void)
{
	uvlong a[6], num, r, n;
	int i;
	static int nums[] = {
		SYSR1, BIND, CHDIR, CLOSE, DUP, ALARM, EXEC, FAUTH, SEGBRK, OPEN,
		SLEEP, RFORK, PIPE, CREATE, FD2PATH, BRK_, REMOVE, NOTIFY, NOTED,
		SEGATTACH, SEGDETACH, SEGFREE,
		RENDEZVOUS, UNMOUNT, SEEK, FVERSION, ERRSTR, STAT, FSTAT, WSTAT,
		FWSTAT, MOUNT, AWAIT, PREAD, PWRITE, NSEC,
		/* the common ones again, to weight them */
		PREAD, PWRITE, OPEN, CREATE, STAT, BIND, MOUNT, WSTAT, FWSTAT,
	};

	for(i = 0; i < 6; i++)
		a[i] = pick(4) ? intval() : rnd();
	if(only1 >= 0){
		num = only1;
		goto chosen;
	}
	if(pick(40) == 0){
		/* a number that is not a system call */
		static uvlong bad[] = { 1, 9, 11, 13, 54, 55, 100, 1000, -1ULL, 1ULL<<32, 1ULL<<63 };
		num = bad[pick(nelem(bad))];
		goto call;
	}
	num = nums[pick(nelem(nums))];
chosen:
	switch(num){
	case BIND:
		a[0] = strval();
		a[1] = strval();
		a[2] = pick(4) ? pick(8) : intval();
		break;
	case CHDIR:
	case REMOVE:
		a[0] = strval();
		break;
	case CLOSE:
		a[0] = fdval();
		if(a[0] < 3)
			return 0;	/* keep /dev/null on 0-2 */
		break;
	case DUP:
		a[0] = fdval();
		a[1] = pick(2) ? -1ULL : fdval();
		break;
	case ALARM:
		a[0] = pick(2) ? pick(40) : intval();
		break;
	case EXEC:
		/* never a good program with good arguments */
		a[0] = strval();
		switch(pick(4)){
		case 0:
			a[0] = (uvlong)elfname;
			break;
		case 1:
			a[0] = (uvlong)"/bin/echo";
			break;
		}
		switch(pick(4)){
		case 0:
			a[1] = pick(8) ? badptr() : 0;
			break;
		case 1:
			/* argv running off the end of data, no nil */
			for(i = 1; i <= 4; i++)
				((uvlong*)dtop)[-i] = (uvlong)"x";
			a[1] = dtop - 32;
			break;
		case 2:
			((uvlong*)buf)[0] = (uvlong)"x";
			((uvlong*)buf)[1] = badptr();
			((uvlong*)buf)[2] = 0;
			a[1] = (uvlong)buf;
			break;
		default:
			((uvlong*)buf)[0] = dtop - 5;	/* unterminated string */
			memset((char*)dtop - 5, 'y', 5);
			((uvlong*)buf)[1] = 0;
			a[1] = (uvlong)buf;
		}
		if(a[0] == (uvlong)elfname && pick(8) == 0){	/* only a random ELF may run */
			((uvlong*)buf)[0] = 0;
			a[1] = (uvlong)buf;
		}
		break;
	case FAUTH:
		a[0] = mountfd();
		a[1] = strval();
		break;
	case SEGBRK:
		switch(pick(4)){
		case 0:
			a[0] = TEXT;
			break;
		case 1:
			a[0] = (uvlong)buf;
			a[1] = dtop + pick(4)*Pg;
			break;
		case 2:
			a[0] = USTKTOP - 64;
			a[1] = pick(2) ? USTKTOP + Pg : intval();
			if(a[1] < USTKTOP)
				a[1] = KADDR;		/* do not shrink our own stack */
			break;
		default:
			a[0] = ptrval(1);
			if(a[0] >= (uvlong)buf && a[0] < dtop && a[1] < dtop)
				a[1] = dtop;		/* no shrinking our data */
			if(a[0] >= USTKTOP - USTKSIZE && a[0] < USTKTOP)
				a[1] = KADDR;
		}
		r = fz(SEGBRK, a);
		if((vlong)r != -1 && a[0] >= (uvlong)buf && a[0] < dtop && a[1] > dtop && a[1] < USTKTOP)
			dtop = (a[1] + Pg-1) & ~(uvlong)(Pg-1);
		return r;
	case OPEN:
		a[0] = strval();
		a[1] = pick(2) ? pick(4) | (pick(2) ? OTRUNC : 0) | (pick(4) ? 0 : ORCLOSE) : intval();
		break;
	case CREATE:
		a[0] = strval();
		a[1] = pick(2) ? pick(4) | (pick(4) ? 0 : ORCLOSE|OEXCL) : intval();
		a[2] = pick(2) ? 0666 | (pick(3) ? 0 : DMDIR) : intval();
		break;
	case SLEEP:
		a[0] = pick(4) ? pick(5) : -pick(3);
		break;
	case RFORK:
		a[0] = rforkflags();
		r = fz(RFORK, a);
		if((a[0] & (RFPROC|RFMEM)) == (RFPROC|RFMEM) && r == 0)
			memkid(a[0] ^ ncalls);
		if((a[0] & RFPROC) && r == 0){
			/* the child: a few calls of its own, racing the parent on what they share */
			inchild = 1 + pick(Kidcalls);
			nkids = Maxkids;
			return 0;
		}
		if((a[0] & RFPROC) && (vlong)r > 0 && (a[0] & RFNOWAIT) == 0)
			nkids++;
		if((a[0] & (RFFDG|RFCFDG)) && (a[0] & RFPROC) == 0)
			freshfds();
		return r;
	case PIPE:
		a[0] = pick(2) ? (uvlong)buf : ptrval(8);
		r = fz(PIPE, a);
		if(r == 0 && a[0] == (uvlong)buf){
			addfd(((int*)buf)[0]);
			addfd(((int*)buf)[1]);
		}
		return r;
	case FD2PATH:
	case ERRSTR:
	case AWAIT:
		n = lenval();
		if(num == FD2PATH){
			a[0] = fdval();
			a[1] = bufval(n);
			a[2] = n;
		}else{
			a[0] = bufval(n);
			a[1] = n;
		}
		r = fz(num, a);
		if(num == AWAIT && (vlong)r >= 0 && nkids > 0)
			nkids--;
		return r;
	case SEGATTACH:
		a[0] = pick(4) ? 0 : pick(2) ? SG_RONLY|SG_CEXEC : intval();
		a[1] = pick(4) ? (uvlong)(pick(2) ? "shared" : "memory") : strval();
		/*
		 * Never where ptrval's bad pointers point (nor va 0, which
		 * puts it under the stack): an exec's argv there must stay
		 * unmapped.  usertests tries va 0.
		 */
		a[2] = pick(8) ? Segwindow + pick(64)*Pg + pick(2)*pick(Pg) : intval();
		if(a[2] < Segwindow || a[2] >= Segwindow + 256*Pg)
			a[2] = Segwindow;
		a[3] = pick(3) ? pick(16)*Pg + pick(2)*pick(Pg) : intval();
		r = fz(SEGATTACH, a);
		if((vlong)r != -1 && nattached < nelem(attached))
			attached[nattached++] = r;
		return r;
	case SEGDETACH:
		a[0] = segaddr();
		r = fz(SEGDETACH, a);
		if(r == 0)
			for(i = 0; i < nattached; i++)
				if(a[0] >= attached[i] && a[0] < attached[i] + 16*Pg){
					attached[i] = attached[--nattached];
					break;
				}
		return r;
	case SEGFREE:
		a[0] = segaddr();
		a[1] = pick(3) ? pick(8)*Pg + pick(Pg) : intval();
		break;
	case BRK_:
		switch(pick(4)){
		case 0:
			a[0] = dtop + pick(64)*Pg;	/* grow */
			break;
		case 1:
			a[0] = ptrval(1);
			if(a[0] >= (uvlong)buf && a[0] < dtop)
				a[0] = dtop;		/* no shrinking below our data */
			break;
		default:
			a[0] = intval();
			if(a[0] >= (uvlong)buf && a[0] < dtop)
				a[0] = 0;
		}
		r = fz(BRK_, a);
		if(r == 0 && a[0] > dtop && a[0] < USTKTOP)
			dtop = (a[0] + Pg-1) & ~(uvlong)(Pg-1);
		return r;
	case NOTIFY:
		switch(pick(40)){
		case 0:
			a[0] = 0;
			break;
		case 1:
			a[0] = (uvlong)buf;	/* not executable */
			break;
		case 2:
		case 3:
		case 4:
			a[0] = ptrval(1);
			if(a[0] == TEXT || (a[0] >= (uvlong)buf && a[0] < dtop))
				a[0] = KADDR;
			break;
		default:
			a[0] = (uvlong)onnote;
		}
		break;
	case NOTED:
		if(a[0] == NRSTR)
			a[0] = NCONT;
		break;
	case RENDEZVOUS:
		a[0] = pick(2) ? pick(4) : intval();
		break;
	case UNMOUNT:
		a[0] = pick(3) ? strval() : 0;
		a[1] = strval();
		break;
	case SEEK:
		a[0] = fdval();
		a[2] = pick(2) ? pick(3) : intval();
		break;
	case FVERSION:
		a[0] = mountfd();
		a[1] = pick(2) ? 8192 : intval();
		a[2] = pick(2) ? (uvlong)"9P2000" : strval();
		a[3] = pick(2) ? 6 : lenval();
		break;
	case STAT:
	case FSTAT:
		n = lenval();
		a[0] = num == STAT ? strval() : fdval();
		a[1] = bufval(n);
		a[2] = n;
		break;
	case WSTAT:
	case FWSTAT:
		a[0] = num == WSTAT ? strval() : fdval();
		n = 0;
		a[1] = pick(8) ? mkstat(&n) : ptrval(64);
		a[2] = pick(8) ? n : lenval();
		break;
	case MOUNT:
		a[0] = mountfd();
		a[1] = pick(2) ? -1ULL : fdval();
		a[2] = strval();
		a[3] = pick(4) ? pick(8) : intval();
		a[4] = pick(2) ? (uvlong)"" : strval();
		break;
	case PREAD:
	case PWRITE:
		n = lenval();
		a[0] = fdval();
		a[1] = bufval(n);
		a[2] = n;
		a[3] = pick(2) ? -1ULL : pick(2) ? pick(10000) : intval();
		if(num == PWRITE && a[0] < 3 && pick(2))
			a[0] = fdset[pick(nfdset)];
		break;
	}
call:
	return fz(num, a);
}

static void
worker(int index, uvlong seed, int ncall)
{
	int fd, i;
	uvlong p;
	char status[ERRMAX];

	rng = mix(seed, index);
	mypid = getpid();
	snprint(dir, sizeof dir, "/tmp/sysfuzz.%d", mypid);
	snprint(elfname, sizeof elfname, "%s/elf", dir);
	if(tracefd >= 0)
		tracefd = dup(1, Tracefd);
	fd = open("/dev/null", ORDWR);
	for(i = 0; i < 3; i++)
		if(fd != i)
			dup(fd, i);
	if(fd > 2)
		close(fd);
	/* a page-aligned end of data for strings and buffers at the edge */
	p = (uvlong)sbrk(0);
	sbrk(((p + Pg-1) & ~(uvlong)(Pg-1)) - p + 2*Pg);
	dtop = (uvlong)sbrk(0);
	mkpaths();
	notify(onnote);
	freshfds();
	mkelf();
	for(i = 0; i < ncall; i++){
		if(i % Refresh == Refresh-1)
			freshfds();
		rs(ALARM, Alarmms, 0, 0);
		if((vlong)onecall() == -1)
			nerrs++;
		ncalls++;
		if(inchild > 0 && --inchild == 0)
			rawsys(EXITS, 0, 0, 0, 0, 0, 0);
	}
	rs(ALARM, 0, 0, 0);
	snprint(status, sizeof status, "calls %llud errors %llud", ncalls, nerrs);
	rawsys(EXITS, (uvlong)status, 0, 0, 0, 0, 0);
}

/* --- the parent */

static int
killworker(int pid)
{
	char name[64];
	int fd, r;

	snprint(name, sizeof name, "/proc/%d/ctl", pid);	/* our own child */
	fd = open(name, OWRITE);
	if(fd < 0)
		return -1;
	r = write(fd, "kill", 4);
	close(fd);
	return r;
}

/* remove a worker's throwaway tree, whatever it left there */
static void
removeall(char *name, int depth)
{
	Dir *d;
	long n, i;
	int fd;
	char sub[256];

	if(depth > 8)
		return;
	d = dirstat(name);
	if(d != nil && (d->mode & DMDIR) && (d->mode & 0700) != 0700){
		nulldir(d);
		d->mode = DMDIR|0777;	/* a worker may have taken our permission */
		dirwstat(name, d);
	}
	free(d);
	fd = open(name, OREAD);
	if(fd >= 0){
		n = dirreadall(fd, &d);
		close(fd);
		for(i = 0; i < n; i++){
			snprint(sub, sizeof sub, "%s/%s", name, d[i].name);
			if(d[i].mode & DMDIR)
				removeall(sub, depth+1);
			else
				remove(sub);
		}
		if(n > 0)
			free(d);
	}
	remove(name);
}

/*
 * After the run: workers' children may outlive them and make their
 * directories again.  Give them time to finish, then empty the fuzz
 * tree and remove what they posted in /srv.
 */
static void
sweep(void)
{
	Dir *d;
	long n, i;
	int fd;
	char name[256];

	sleep(1000);
	fixroot();
	fd = open("/tmp", OREAD);
	if(fd < 0)
		return;
	n = dirreadall(fd, &d);
	close(fd);
	for(i = 0; i < n; i++){
		snprint(name, sizeof name, "/tmp/%s", d[i].name);
		removeall(name, 0);
	}
	if(n > 0)
		free(d);
	/* and in /srv */
	fd = open("/srv", OREAD);
	if(fd < 0)
		return;
	n = dirreadall(fd, &d);
	close(fd);
	for(i = 0; i < n; i++)
		if(strncmp(d[i].name, "sysfuzz.", 8) == 0){
			snprint(name, sizeof name, "/srv/%s", d[i].name);
			remove(name);
		}
	if(n > 0)
		free(d);
}

/* a worker may have taken the fuzz tree's permissions away: restore them */
static void
fixroot(void)
{
	Dir d;

	nulldir(&d);
	d.mode = DMDIR|0777;
	dirwstat("/tmp", &d);
}

/*
 * A death a worker brings on itself.  The exit message is the
 * kernel's "name pid: note"; only the note counts (every worker is
 * called sysfuzz, so matching the whole message proves nothing).
 */
static int
selfinflicted(char *msg)
{
	static char *ok[] = {
		"sys: trap", "sys: bad sys call", "sys: killed", "sys: write on closed pipe",
		"alarm", "interrupt", "hangup", "kill",
	};
	char *note;
	int i;

	note = strstr(msg, ": ");
	note = note != nil ? note+2 : msg;
	for(i = 0; i < nelem(ok); i++)
		if(strncmp(note, ok[i], strlen(ok[i])) == 0)
			return 1;
	return 0;
}

static int alarmed;

static void
parentnote(void*, char *note)
{
	if(strcmp(note, "alarm") == 0){
		alarmed = 1;
		noted(NCONT);
	}
	noted(NDFLT);
}

typedef struct Tally Tally;
struct Tally {
	uvlong	calls;
	uvlong	errs;
	int	done;		/* workers that finished their batch */
	int	died;		/* killed themselves */
	int	wedged;
	int	strange;	/* died of something else */
	char	why[ERRMAX];
};

static Worker run[Maxpar];
static int nrun;

static void
reaped(Tally *t, Waitmsg *w)
{
	char *s, name[64];
	uvlong c, e;
	int i;

	for(i = 0; i < nrun; i++)
		if(run[i].pid == w->pid)
			break;
	if(i == nrun)
		return;			/* a worker's RFNOWAIT-less grandchild? not ours */
	s = strstr(w->msg, "calls ");
	if(s != nil){
		c = strtoull(s+6, &s, 10);
		e = 0;
		if((s = strstr(s, "errors ")) != nil)
			e = strtoull(s+7, nil, 10);
		t->calls += c;
		t->errs += e;
		t->done++;
	}else if(selfinflicted(w->msg))
		t->died++;
	else{
		t->strange++;
		snprint(t->why, sizeof t->why, "worker %d: %s", run[i].index, w->msg);
	}
	snprint(name, sizeof name, "/tmp/sysfuzz.%d", w->pid);
	removeall(name, 0);
	snprint(name, sizeof name, "/srv/sysfuzz.%d", w->pid);
	remove(name);
	snprint(name, sizeof name, "/srv/sysfuzz.%d.b", w->pid);
	remove(name);
	run[i] = run[--nrun];
}

/* wait for one worker, at most a second; kill any that is wedged */
static void
reapone(Tally *t)
{
	Waitmsg *w;
	vlong now;
	int i;

	alarmed = 0;
	alarm(1000);
	w = wait();
	alarm(0);
	if(w != nil){
		reaped(t, w);
		free(w);
		return;
	}
	now = nsec();
	for(i = 0; i < nrun; i++)
		if(run[i].start > 0 && now - run[i].start > Wedgesec*1000000000LL){
			t->wedged++;
			snprint(t->why, sizeof t->why, "worker %d (pid %d) wedged", run[i].index, run[i].pid);
			print("sysfuzz: worker %d pid %d wedged for %ds\n", run[i].index, run[i].pid, Wedgesec);
			killworker(run[i].pid);
			run[i].start = 0;
		}
}

typedef struct Mem Mem;
struct Mem {
	uvlong	inuse;		/* kernel malloc bytes in use */
	uvlong	heap;		/* bytes of pages given to the kernel heap */
	uvlong	free;		/* free pages */
	uvlong	total;
};

/* /dev/swap's figures, checked to be sane; 0 and why if not */
static int
readmem(Mem *m, char *why, int n)
{
	char b[512], *p;
	int fd, len;

	fd = open("/dev/swap", OREAD);
	if(fd < 0){
		snprint(why, n, "open /dev/swap: %r");
		return 0;
	}
	len = read(fd, b, sizeof b - 1);
	close(fd);
	if(len <= 0){
		snprint(why, n, "read /dev/swap");
		return 0;
	}
	b[len] = '\0';
	p = strstr(b, "kernel malloc");
	if(p == nil)
		goto bad;
	while(p > b && p[-1] != '\n')
		p--;
	m->inuse = strtoull(p, &p, 10);
	m->heap = strtoull(p+1, nil, 10);
	p = strstr(b, "pages free");
	if(p == nil)
		goto bad;
	while(p > b && p[-1] != '\n')
		p--;
	m->free = strtoull(p, &p, 10);
	m->total = strtoull(p+1, nil, 10);
	if(m->total == 0 || m->free > m->total || m->inuse > m->heap || m->free < m->total/16){
		snprint(why, n, "/dev/swap: %llud/%llud malloc, %llud/%llud pages",
			m->inuse, m->heap, m->free, m->total);
		return 0;
	}
	return 1;
bad:
	snprint(why, n, "bad /dev/swap: %s", b);
	return 0;
}

/* the kernel still works: a few calls, sane memory figures, a child */
static int
healthy(char *why, int n)
{
	int p[2], fd, pid;
	char b[16];
	Waitmsg *w;
	Mem m;

	if(rawsys(SYSR1, 0, 0, 0, 0, 0, 0) != 0 || nsec() <= 0){
		snprint(why, n, "sysr1 or nsec");
		return 0;
	}
	if(pipe(p) < 0 || write(p[1], "ping", 4) != 4 || read(p[0], b, sizeof b) != 4){
		snprint(why, n, "pipe: %r");
		return 0;
	}
	close(p[0]);
	close(p[1]);
	fd = create("#T/sysfuzz.check", ORDWR, 0666);	/* the real /tmp */
	if(fd < 0 || write(fd, "x", 1) != 1 || pread(fd, b, 1, 0) != 1 || b[0] != 'x'){
		snprint(why, n, "/tmp file: %r");
		return 0;
	}
	close(fd);
	if(remove("#T/sysfuzz.check") < 0){
		snprint(why, n, "remove: %r");
		return 0;
	}
	pid = fork();
	if(pid == 0)
		exits("fine");
	w = wait();
	if(pid < 0 || w == nil || w->pid != pid || strstr(w->msg, "fine") == nil){
		snprint(why, n, "fork/wait: %r");
		return 0;
	}
	free(w);
	return readmem(&m, why, n);
}

static void
usage(void)
{
	fprint(2, "usage: sysfuzz [-p parallel] [-b batch] [-t seconds] [-w worker] [-v] [-s sysnum] seed iterations\n");
	exits("usage");
}

void
main(int argc, char *argv[])
{
	uvlong seed;
	long iterations, started, batch, n;
	int par, secs, only, pid, i;
	vlong t0, ms;
	Tally t;
	char why[ERRMAX];
	Mem m0, m1;

	par = 4;
	batch = 300;
	secs = 0;
	only = -1;
	ARGBEGIN{
	case 'p':
		par = atoi(EARGF(usage()));
		break;
	case 'b':
		batch = atoi(EARGF(usage()));
		break;
	case 't':
		secs = atoi(EARGF(usage()));
		break;
	case 'w':
		only = atoi(EARGF(usage()));
		break;
	case 'v':
		tracefd = 1;
		break;
	case 's':
		only1 = atoi(EARGF(usage()));
		break;
	default:
		usage();
	}ARGEND
	if(argc != 2 || par < 1 || par > Maxpar || batch < 1)
		usage();
	seed = strtoull(argv[0], nil, 0);
	iterations = strtol(argv[1], nil, 0);
	notify(parentnote);
	findlive();
	if(rfork(RFNAMEG) < 0 || bind(Fuzztmp, "/tmp", MREPL|MCREATE) < 0)
		sysfatal("private /tmp: %r");
	if(!readmem(&m0, why, sizeof why)){
		print("sysfuzz: FAIL before the run: %s\n", why);
		exits("fail");
	}
	memset(&t, 0, sizeof t);
	t0 = nsec();
	started = 0;
	for(i = 0; started < iterations; i++){
		if(secs > 0 && nsec() - t0 > secs*1000000000LL)
			break;
		while(nrun >= par)
			reapone(&t);
		n = iterations - started < batch ? iterations - started : batch;
		fixroot();
		pid = rfork(RFPROC|RFNOTEG|RFNAMEG|RFFDG|RFENVG|RFREND);
		if(pid < 0){
			print("sysfuzz: FAIL rfork: %r\n");
			exits("rfork");
		}
		if(pid == 0)
			worker(only >= 0 ? only : i, seed, n);
		run[nrun].pid = pid;
		run[nrun].index = only >= 0 ? only : i;
		run[nrun].start = nsec();
		nrun++;
		started += n;
		if(only >= 0)
			break;
	}
	while(nrun > 0)
		reapone(&t);
	sweep();
	ms = (nsec() - t0) / 1000000;
	print("sysfuzz: seed %llud: %d workers finished, %d killed themselves, %llud calls (%llud errors) in %lld ms, %lld calls/s\n",
		seed, t.done, t.died, t.calls, t.errs, ms, ms > 0 ? (vlong)(t.calls*1000/ms) : 0);
	if(t.wedged || t.strange){
		print("sysfuzz: FAIL %d wedged, %d strange deaths: %s\n", t.wedged, t.strange, t.why);
		exits("fail");
	}
	if(!healthy(why, sizeof why)){
		print("sysfuzz: FAIL kernel unhealthy: %s\n", why);
		exits("fail");
	}
	if(readmem(&m1, why, sizeof why))
		print("sysfuzz: kernel malloc %+lld bytes, heap %+lld pages, free pages %+lld\n",
			(vlong)(m1.inuse - m0.inuse), (vlong)(m1.heap - m0.heap)/4096,
			(vlong)(m1.free - m0.free));
	if(t.done == 0){
		print("sysfuzz: FAIL no worker finished\n");
		exits("fail");
	}
	print("sysfuzz: ok\n");
	exits(nil);
}
