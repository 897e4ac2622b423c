/*
 * usertests: a table of named tests of the system calls, in the
 * manner of xv6's usertests.  Each test runs in its own forked child
 * so that a crash or a mess in one cannot hide in another; the child
 * exits nil on success or with what went wrong.  Around the whole run
 * /dev/swap's kernel malloc and free page figures must come back
 * (within a little slack) or the run fails with a leak.
 *	usertests [-v] [name...]
 * Prints `ok NAME` or `FAIL NAME: why` per test and a summary line;
 * -v adds each test's own change in the memory figures.
 */
#include <u.h>
#include <libc.h>

typedef struct Test Test;
typedef struct Mem Mem;

struct Test {
	char	*name;
	void	(*f)(void);
};

struct Mem {
	uvlong	inuse;		/* kernel malloc bytes in use */
	uvlong	heap;		/* bytes of pages given to the kernel heap */
	uvlong	free;		/* free pages */
	uvlong	pagein;		/* pages read from binaries by faults */
};

enum {
	Slackbytes	= 2*4096,	/* kernel malloc allowed to differ by */
	Slackpages	= 2,
	Bigfile		= 4*1024*1024,
};

static char Ebadaddr[] = "bad address in system call";
static char *kaddr = (char*)0xffffffff80100000ULL;
static char tmpdir[64];
static int verbose;

static int readmem(Mem*);

/* fail the current test: this is the child, so just exit */
static void
fail(char *fmt, ...)
{
	char buf[ERRMAX];
	va_list arg;

	va_start(arg, fmt);
	vsnprint(buf, sizeof buf, fmt, arg);
	va_end(arg);
	exits(buf);
}

#define	need(c)	do{ if(!(c)) fail("line %d: %s", __LINE__, #c); }while(0)

/* the last error string, without disturbing it */
static char*
lasterr(void)
{
	static char buf[ERRMAX];

	rerrstr(buf, sizeof buf);
	return buf;
}

/* the call failed with exactly the bad-address error */
static int
badaddr(long r)
{
	return r == -1 && strcmp(lasterr(), Ebadaddr) == 0;
}

static char*
tmpname(char *buf, int n, char *name)
{
	snprint(buf, n, "%s/%s", tmpdir, name);
	return buf;
}

/* --- pipes */

static void
pipedata(void)
{
	int p[2];
	char buf[32];

	need(pipe(p) == 0);
	need(write(p[1], "hello", 5) == 5);
	need(read(p[0], buf, sizeof buf) == 5);
	need(memcmp(buf, "hello", 5) == 0);
	/* pipes are bidirectional in Plan 9 */
	need(write(p[0], "back", 4) == 4);
	need(read(p[1], buf, sizeof buf) == 4);
	need(memcmp(buf, "back", 4) == 0);
	close(p[0]);
	close(p[1]);
}

static void
pipeeof(void)
{
	int p[2], pid;
	char buf[32];
	Waitmsg *w;

	need(pipe(p) == 0);
	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		close(p[0]);
		write(p[1], "abc", 3);
		exits(nil);
	}
	close(p[1]);
	need(readn(p[0], buf, 3) == 3);
	need(read(p[0], buf, sizeof buf) == 0);	/* writer gone: end of file */
	w = wait();
	need(w != nil && w->pid == pid);
	free(w);
}

static int gotpipenote;

static void
pipenote(void*, char *note)
{
	if(strstr(note, "write on closed pipe") != nil){
		gotpipenote++;
		noted(NCONT);
	}
	noted(NDFLT);
}

static void
pipeclosed(void)
{
	int p[2];

	need(notify(pipenote) == 0);
	need(pipe(p) == 0);
	close(p[0]);
	need(write(p[1], "x", 1) == -1);
	need(gotpipenote == 1);
}

/* a bigger transfer between processes, in odd sized pieces */
static void
pipebulk(void)
{
	int p[2], pid, i, n, total;
	uchar buf[999];
	Waitmsg *w;

	need(pipe(p) == 0);
	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		close(p[0]);
		for(i = 0; i < sizeof buf; i++)
			buf[i] = i;
		for(i = 0; i < 300; i++)
			if(write(p[1], buf, sizeof buf) != sizeof buf)
				exits("write");
		exits(nil);
	}
	close(p[1]);
	total = 0;
	while((n = read(p[0], buf, 1+total%500)) > 0){
		for(i = 0; i < n; i++)
			if(buf[i] != (uchar)((total+i) % sizeof buf))
				fail("byte %d is %d", total+i, buf[i]);
		total += n;
	}
	need(total == 300*sizeof buf);
	w = wait();
	need(w != nil && w->msg[0] == '\0');
	free(w);
}

/* --- processes */

static void
exitstatus(void)
{
	int pid;
	char want[64];
	Waitmsg *w;

	pid = fork();
	need(pid >= 0);
	if(pid == 0)
		exits("boom");
	w = wait();
	need(w != nil);
	need(w->pid == pid);
	snprint(want, sizeof want, "usertests %d: boom", pid);
	if(strcmp(w->msg, want) != 0)
		fail("status '%s', want '%s'", w->msg, want);
	free(w);

	pid = fork();
	need(pid >= 0);
	if(pid == 0)
		exits(nil);
	w = wait();
	need(w != nil && w->pid == pid && w->msg[0] == '\0');
	free(w);

	need(wait() == nil);	/* no children left */
}

static void
forkexec(void)
{
	int pid, fd;
	char want[64];
	Waitmsg *w;

	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		fd = open("/dev/null", OWRITE);
		dup(fd, 2);
		execl("/bin/cat", "cat", "/nonexistent", nil);
		exits("exec failed");
	}
	w = wait();
	need(w != nil && w->pid == pid);
	snprint(want, sizeof want, "cat %d: open", pid);
	if(strcmp(w->msg, want) != 0)
		fail("status '%s', want '%s'", w->msg, want);
	free(w);

	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		execl("/bin/test", "test", "-d", "/bin", nil);
		exits("exec failed");
	}
	w = wait();
	need(w != nil && w->pid == pid && w->msg[0] == '\0');
	free(w);
}

static void
execmissing(void)
{
	char *argv[] = { "nosuch", nil };

	need(exec("/bin/nosuchprogram", argv) == -1);
	need(strstr(lasterr(), "does not exist") != nil);
	need(exec(kaddr, argv) == -1);
	need(strcmp(lasterr(), Ebadaddr) == 0);
	need(exec("/bin/echo", (char**)kaddr) == -1);
	need(strcmp(lasterr(), Ebadaddr) == 0);
}

/* many children at once, reaped in any order */
static void
manychildren(void)
{
	int i, pid, n;
	Waitmsg *w;

	for(i = 0; i < 20; i++){
		pid = fork();
		need(pid >= 0);
		if(pid == 0){
			sleep(i%3 * 10);
			exits(i%2 ? "odd" : nil);
		}
	}
	n = 0;
	while((w = wait()) != nil){
		n++;
		free(w);
	}
	need(n == 20);
}

/* --- notes */

static int gotalarm;
static int gotnote;

static void
alarmnote(void*, char *note)
{
	if(strcmp(note, "alarm") == 0){
		gotalarm++;
		noted(NCONT);
	}
	if(strcmp(note, "usertests: hello") == 0){
		gotnote++;
		noted(NCONT);
	}
	noted(NDFLT);
}

static void
notes(void)
{
	vlong t0, ms;

	need(notify(alarmnote) == 0);
	need(alarm(200) == 0);
	t0 = nsec();
	sleep(5000);
	ms = (nsec() - t0) / 1000000;
	need(gotalarm == 1);
	if(ms >= 4000)
		fail("alarm did not interrupt sleep: slept %lld ms", ms);
	need(postnote(PNPROC, getpid(), "usertests: hello") == 0);
	sleep(10);	/* the note is taken on the way out of a system call */
	need(gotnote == 1);
	/* a cancelled alarm never fires */
	need(alarm(100) == 0);
	need(alarm(0) > 0);
	sleep(300);
	need(gotalarm == 1);
}

/* with no handler an unknown note kills the child; the parent sees it */
static void
notekill(void)
{
	int pid;
	Waitmsg *w;

	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		sleep(10000);
		exits("not killed");
	}
	sleep(50);
	need(postnote(PNPROC, pid, "die") == 0);
	w = wait();
	need(w != nil && w->pid == pid);
	if(strstr(w->msg, "die") == nil)
		fail("status '%s'", w->msg);
	free(w);
}

/* a fault in a child is a note that kills it, not the machine */
static void
faultkill(void)
{
	int pid;
	Waitmsg *w;

	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		*(volatile int*)kaddr = 1;
		exits("survived");
	}
	w = wait();
	need(w != nil && w->pid == pid);
	if(strstr(w->msg, "sys: trap:") == nil)
		fail("status '%s'", w->msg);
	free(w);
}

/* --- name spaces */

/* Is /bin's echo at /mnt/echo?  Otherwise that is a name #N made up. */
static int
echoinmnt(void)
{
	Dir *d;
	int r;

	d = dirstat("/mnt/echo");
	r = d != nil && !(d->mode & DMDIR);
	free(d);
	return r;
}

static void
rforkns(void)
{
	int pid;
	Waitmsg *w;

	need(rfork(RFNAMEG) == 0);	/* keep the test's binds to itself */
	need(!echoinmnt());
	pid = rfork(RFPROC|RFNAMEG|RFFDG);
	need(pid >= 0);
	if(pid == 0){
		if(bind("/bin", "/mnt", MREPL) < 0)
			exits("bind");
		exits(!echoinmnt() ? "bind not visible in the child" : nil);
	}
	w = wait();
	need(w != nil && w->msg[0] == '\0');
	free(w);
	if(echoinmnt())
		fail("child's RFNAMEG bind visible to the parent");

	/* without RFNAMEG the name space is shared */
	pid = rfork(RFPROC|RFFDG);
	need(pid >= 0);
	if(pid == 0)
		exits(bind("/bin", "/mnt", MREPL) < 0 ? "bind" : nil);
	w = wait();
	need(w != nil && w->msg[0] == '\0');
	free(w);
	need(echoinmnt());
	need(unmount(nil, "/mnt") == 0);
	need(!echoinmnt());
}

static void
unions(void)
{
	char a[64], b[64], f[64];
	int fd, n;
	Dir *d;

	need(rfork(RFNAMEG) == 0);
	need((fd = create(tmpname(a, sizeof a, "ua"), OREAD, DMDIR|0777)) >= 0);
	close(fd);
	need((fd = create(tmpname(b, sizeof b, "ub"), OREAD, DMDIR|0777)) >= 0);
	close(fd);
	need((fd = create(tmpname(f, sizeof f, "ua/x"), OWRITE, 0666)) >= 0);
	need(write(fd, "a", 1) == 1);
	close(fd);
	need((fd = create(tmpname(f, sizeof f, "ub/x"), OWRITE, 0666)) >= 0);
	need(write(fd, "b", 1) == 1);
	close(fd);
	need(bind(a, "/mnt", MREPL) >= 0);
	need(bind(b, "/mnt", MBEFORE) >= 0);
	need((fd = open("/mnt/x", OREAD)) >= 0);
	need(read(fd, f, 1) == 1 && f[0] == 'b');
	close(fd);
	need(unmount(b, "/mnt") == 0);
	need((fd = open("/mnt/x", OREAD)) >= 0);
	need(read(fd, f, 1) == 1 && f[0] == 'a');
	close(fd);
	need(bind(b, "/mnt", MAFTER) >= 0);
	need((fd = open("/mnt", OREAD)) >= 0);
	n = dirreadall(fd, &d);
	close(fd);
	need(n == 2);		/* x from each */
	free(d);
	need(unmount(nil, "/mnt") == 0);
	need(remove(tmpname(f, sizeof f, "ua/x")) == 0);
	need(remove(tmpname(f, sizeof f, "ub/x")) == 0);
	need(remove(a) == 0);
	need(remove(b) == 0);
}

/*
 * A create on a mount point with no MCREATE member fails; it must
 * still let go of the mounted Chan it looked at (it used to keep a
 * reference, and so the whole pipe bound there).
 */
static void
createnomcreate(void)
{
	int i;

	need(rfork(RFNAMEG) == 0);
	for(i = 0; i < 8; i++){
		need(bind("#|", "/mnt", MREPL) >= 0);
		need(create("/mnt/x", OWRITE, 0666) == -1);
		need(create("/mnt/d", OREAD, DMDIR|0777) == -1);
		need(unmount(nil, "/mnt") == 0);
	}
}

/* --- file descriptors */

static void
fds(void)
{
	int fd, fd2;
	char buf[8];

	need((fd = open("/lib/profile", OREAD)) >= 0);
	need((fd2 = dup(fd, -1)) >= 0 && fd2 != fd);
	need(read(fd, buf, 4) == 4);
	need(seek(fd2, 0, SEEKCUR) == 4);	/* one channel, one offset */
	need(close(fd) == 0);
	need(read(fd, buf, 1) == -1);
	need(close(fd) == -1);
	need(read(fd2, buf, 1) == 1);
	need(dup(fd2, 20) == 20);
	need(seek(20, 0, SEEKCUR) == 5);
	need(close(20) == 0);
	need(close(fd2) == 0);
	need(close(-1) == -1);
	need(close(100000) == -1);
	need(dup(1000000, -1) == -1);
	need(read(-5, buf, 1) == -1);
}

/*
 * A remove that fails must still let go of what the walk took: each
 * walk to #|/data makes a pipe, which a failed remove used to leak
 * (the leak check at the end of the run sees it).
 */
static void
removefail(void)
{
	int i;

	for(i = 0; i < 200; i++)
		need(remove("#|/data") == -1);
	need(remove("/nonexistent/x") == -1);
}

/* --- bad pointers to many system calls */

static void
badpointers(void)
{
	int p[2], fd;
	uchar st[256];

	need(pipe(p) == 0);
	need(write(p[1], "data", 4) == 4);
	need(badaddr(read(p[0], kaddr, 4)));
	need(badaddr(read(p[0], (void*)8, 4)));
	need(badaddr(read(p[0], (void*)(UTZERO-16), 32)));
	need(badaddr(write(p[1], kaddr, 4)));
	need(badaddr(write(p[1], nil, 4)));
	need(badaddr(pread(p[0], kaddr, 4, 0)));
	need(badaddr(pwrite(p[1], kaddr, 4, 0)));
	need(badaddr(open(kaddr, OREAD)));
	need(badaddr(create(kaddr, OWRITE, 0666)));
	need(badaddr(stat(kaddr, st, sizeof st)));
	need(badaddr(stat("/", (uchar*)kaddr, sizeof st)));
	need(badaddr(fstat(p[0], (uchar*)kaddr, sizeof st)));
	need(badaddr(wstat(kaddr, st, 10)));
	need(badaddr(remove(kaddr)));
	need(badaddr(chdir(kaddr)));
	need(badaddr(bind(kaddr, "/mnt", MREPL)));
	need(badaddr(bind("/bin", kaddr, MREPL)));
	need(badaddr(pipe((int*)kaddr)));
	need(badaddr(fd2path(p[0], kaddr, 64)));
	need(badaddr(errstr(kaddr, 64)));
	need(badaddr(await(kaddr, 64)));
	/* a buffer that runs off the end of the address space */
	need(badaddr(read(p[0], (void*)0x7ffffffff000ULL, 0x2000)));
	/* a huge length wrapping around */
	need(badaddr(read(p[0], st, -1ULL>>1)));
	/* the pipe still works after all that */
	need(read(p[0], st, sizeof st) == 4);
	fd = open("/dev/null", OWRITE);
	need(fd >= 0);
	need(badaddr(write(fd, kaddr, 10)));
	close(fd);
}

/* --- memory */

static void
brkgrow(void)
{
	uchar *p, *q;
	usize n, i;

	n = 3*1024*1024 + 123;
	p = sbrk(0);
	need(p != (void*)-1);
	q = sbrk(n);
	need(q == p);
	for(i = 0; i < n; i += 4096)
		q[i] = i>>12;
	q[n-1] = 7;
	for(i = 0; i < n-1; i += 4096)
		need(q[i] == (uchar)(i>>12));
	need(brk(kaddr) == -1);
	need(brk(p + n + 8192) == 0);
	p[n+8191] = 1;
}

static void
bigmalloc(void)
{
	uchar *p;
	usize n, i;

	n = 32*1024*1024;
	p = malloc(n);
	need(p != nil);
	for(i = 0; i < n; i += 4096)
		p[i] = i>>12;
	for(i = 0; i < n; i += 4096)
		need(p[i] == (uchar)(i>>12));
	free(p);
	/* far too much fails, cleanly */
	need(malloc(64ULL*1024*1024*1024) == nil);
}

/* --- copy on write */

enum {
	Cowpages	= 256,
};

static uchar cowbss[Cowpages*4096];
static uchar cowdata[4096] = { 1 };

static void
cowfill(uchar *p, usize n, int v)
{
	usize i;

	for(i = 0; i < n; i += 512)
		p[i] = v + i/4096;
}

static int
cowhas(uchar *p, usize n, int v)
{
	usize i;

	for(i = 0; i < n; i += 512)
		if(p[i] != (uchar)(v + i/4096))
			return 0;
	return 1;
}

static uvlong
freepages(void)
{
	Mem m;

	if(readmem(&m) < 0)
		fail("cannot read /dev/swap: %r");
	return m.free;
}

/*
 * fork shares data, bss, heap and stack copy-on-write: each side
 * sees its own writes only, a write while both hold a page costs a
 * page (and fork itself does not copy), and with the other side gone
 * the page is taken over without a copy.
 */
static void
cowfork(void)
{
	uchar stk[8*4096], *heap;
	int pid, p[2];
	uvlong f0, f1, f2, f3;
	char c;
	Waitmsg *w;

	heap = malloc(16*4096);
	need(heap != nil);
	cowfill(cowbss, sizeof cowbss, 'a');
	cowfill(cowdata, sizeof cowdata, 'b');
	cowfill(stk, sizeof stk, 'c');
	cowfill(heap, 16*4096, 'd');
	need(pipe(p) == 0);
	f0 = freepages();
	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		close(p[1]);
		need(cowhas(cowbss, sizeof cowbss, 'a') && cowhas(cowdata, sizeof cowdata, 'b'));
		need(cowhas(stk, sizeof stk, 'c') && cowhas(heap, 16*4096, 'd'));
		/* the parent writes meanwhile; then it is our turn */
		need(read(p[0], &c, 1) == 1);
		need(cowhas(cowbss, sizeof cowbss, 'a') && cowhas(stk, sizeof stk, 'c'));
		cowfill(cowbss, sizeof cowbss, 'x');
		cowfill(cowdata, sizeof cowdata, 'y');
		cowfill(stk, sizeof stk, 'z');
		cowfill(heap, 16*4096, 'w');
		need(cowhas(cowbss, sizeof cowbss, 'x') && cowhas(heap, 16*4096, 'w'));
		exits(nil);
	}
	close(p[0]);
	f1 = freepages();
	cowfill(cowbss, sizeof cowbss, 'A');
	f2 = freepages();
	if(f0 - f1 > Cowpages/4)
		fail("fork took %llud pages", f0 - f1);
	if(f1 - f2 < Cowpages)
		fail("writing %d shared pages took %llud new ones", Cowpages, f1 - f2);
	need(write(p[1], "go", 1) == 1);
	w = wait();
	need(w != nil && w->pid == pid);
	if(w->msg[0] != '\0')
		fail("child: %s", w->msg);
	free(w);
	close(p[1]);
	need(cowhas(cowbss, sizeof cowbss, 'A') && cowhas(cowdata, sizeof cowdata, 'b'));
	need(cowhas(stk, sizeof stk, 'c') && cowhas(heap, 16*4096, 'd'));

	/*
	 * The child gone before we write: the pages are ours alone again,
	 * and writing them costs nothing (a copy that leaked the old page
	 * would; one that freed it can not be told from taking it over).
	 */
	pid = fork();
	need(pid >= 0);
	if(pid == 0)
		exits(nil);
	free(wait());
	f2 = freepages();
	cowfill(cowbss, sizeof cowbss, 'B');
	f3 = freepages();
	if(f2 - f3 > Cowpages/4)
		fail("writing %d pages no one shares took %llud new ones", Cowpages, f2 - f3);
	need(cowhas(cowbss, sizeof cowbss, 'B'));
	free(heap);
}

/*
 * Parent and child write the same addresses at once (on two cpus
 * when there are two), each checking it only ever reads its own.
 */
static void
cowrace(void)
{
	int pid, me, round;
	Waitmsg *w;

	cowfill(cowbss, sizeof cowbss, 0);
	pid = fork();
	need(pid >= 0);
	me = pid == 0 ? 'k' : 'p';
	for(round = 0; round < 200; round++){
		cowfill(cowbss, sizeof cowbss, me + round);
		if(!cowhas(cowbss, sizeof cowbss, me + round))
			fail("%s saw the other's write in round %d", pid == 0 ? "child" : "parent", round);
	}
	if(pid == 0)
		exits(nil);
	w = wait();
	need(w != nil && w->pid == pid);
	if(w->msg[0] != '\0')
		fail("child: %s", w->msg);
	free(w);
}

/* --- rfork(RFMEM) */

static int rmdata = 5;
static struct {
	Lock	lk;
	long	count;		/* under lk */
	volatile long	seq;	/* written by one proc, read by others */
	volatile int	stop;
	volatile int	ready;
	volatile int	hold;	/* the writer pauses while set */
	volatile int	held;	/* and says so */
	char	*heap;
} rm;

/* a child sharing data and bss (and the heap in it); the stack is its own */
static int
rfmemkid(void (*f)(void*), void *arg)
{
	int pid;

	pid = rfork(RFPROC|RFMEM);
	if(pid == 0){
		f(arg);
		exits(nil);
	}
	return pid;
}

/* a child, pid or else pid2 (0: none), exited with no error */
static void
waitok2(int pid, int pid2)
{
	Waitmsg *w;

	w = wait();
	need(w != nil && (w->pid == pid || pid2 != 0 && w->pid == pid2));
	if(w->msg[0] != '\0')
		fail("child: %s", w->msg);
	free(w);
}

static void
waitok(int pid)
{
	waitok2(pid, 0);
}

static void
rmwrite(void *a)
{
	int *stk;

	stk = a;
	rmdata = 7;
	rm.seq = 11;
	cowbss[4096*9] = 'q';
	*(int*)cowdata = 99;
	strcpy(rm.heap, "shared");
	*stk = 1;		/* the parent's stack: ours is a copy */
}

static void
rfmemshare(void)
{
	int pid, onstack;

	need(rfork(RFMEM) == -1);	/* without RFPROC: bad argument */
	onstack = 0;
	rmdata = 5;
	rm.seq = 0;
	cowbss[4096*9] = 0;
	rm.heap = mallocz(100, 1);
	need(rm.heap != nil);
	pid = rfmemkid(rmwrite, &onstack);
	need(pid > 0);
	waitok(pid);
	need(rmdata == 7 && rm.seq == 11 && cowbss[4096*9] == 'q' && *(int*)cowdata == 99);
	need(strcmp(rm.heap, "shared") == 0);
	need(onstack == 0);
	free(rm.heap);
}

enum {
	Nincr	= 20000,
};

/*
 * The increment is a read, a pause and a write, so that without the
 * lock the two procs lose updates even on one cpu.
 */
static void
rmincr(void*)
{
	long i, v;
	int j;

	for(i = 0; i < Nincr; i++){
		lock(&rm.lk);
		v = rm.count;
		for(j = 0; j < 20; j++)
			__asm__ volatile("" ::: "memory");
		rm.count = v + 1;
		unlock(&rm.lk);
		if(i % 1000 == 0){
			free(malloc(64 + i % 300));	/* malloc takes the heap's lock */
			sleep(0);
		}
	}
}

/* two procs sharing memory increment one counter under a lock (lock(2)) */
static void
rfmemlock(void)
{
	int a, b;

	memset(&rm, 0, sizeof rm);
	a = rfmemkid(rmincr, nil);
	need(a > 0);
	b = rfmemkid(rmincr, nil);
	need(b > 0);
	waitok2(a, b);
	waitok2(a, b);
	if(rm.count != 2*Nincr)
		fail("count %ld, want %d", rm.count, 2*Nincr);
}

/* write rm.seq ever higher until told to stop, pausing while told to hold */
static void
rmseq(void*)
{
	long v;

	rm.ready = 1;
	for(v = 1; !rm.stop; ){
		if(rm.hold){
			if(!rm.held)
				rm.held = 1;
			continue;
		}
		if(rm.held)
			rm.held = 0;
		rm.seq = v++;
	}
}

/*
 * A proc sharing memory with us writes rm.seq, on another cpu when
 * there is one, while we fork: each child's copy must hold still
 * (the writer's mapping of the page, writable before the fork, must
 * go), and ours must go on moving (after a copy-on-write break the
 * page is another, and the other proc's mapping of the old one must
 * go).  Every other fork the writer pauses first, we map the page
 * (reading seq) and our write to rm.hold breaks the copy-on-write:
 * the writer, spinning on hold, must then see that write.
 */
static void
rfmemfork(void)
{
	int w, pid, i, n;
	long v0, v1;
	Waitmsg *wm;

	memset(&rm, 0, sizeof rm);
	w = rfmemkid(rmseq, nil);
	need(w > 0);
	while(!rm.ready)
		sleep(0);
	for(i = 0; i < 20; i++){
		if(i & 1){
			rm.hold = 1;
			for(n = 0; n < 1000 && !rm.held; n++)
				sleep(1);
			if(!rm.held){
				rm.stop = 1;
				fail("fork %d: the writer does not hold", i);
			}
		}
		pid = fork();
		need(pid >= 0);
		if(pid == 0){
			v0 = rm.seq;
			for(n = 0; n < 200; n++)
				sleep(0);
			v1 = rm.seq;
			if(v1 != v0)
				fail("fork %d: our copy of seq moved from %ld to %ld", i, v0, v1);
			exits(nil);
		}
		v0 = rm.seq;
		rm.hold = 0;
		for(n = 0; n < 1000 && rm.seq == v0; n++)
			sleep(1);
		if(rm.seq == v0){
			rm.stop = 1;
			fail("fork %d: the writer's seq stuck at %ld", i, v0);
		}
		wm = wait();
		need(wm != nil && wm->pid == pid);
		if(wm->msg[0] != '\0'){
			rm.stop = 1;
			fail("child: %s", wm->msg);
		}
		free(wm);
	}
	rm.stop = 1;
	waitok(w);
}

/* --- shared text */

/* the first max bytes of from (all of it, if it is shorter) into a new file to */
static void
copyprefix(char *from, char *to, vlong max)
{
	char buf[8192];
	int in, out;
	long n;

	in = open(from, OREAD);
	need(in >= 0);
	out = create(to, OWRITE, 0777);
	need(out >= 0);
	while(max > 0 && (n = read(in, buf, max < sizeof buf ? max : sizeof buf)) > 0){
		need(write(out, buf, n) == n);
		max -= n;
	}
	need(max == 0 || n == 0);
	close(in);
	close(out);
}

static void
copyfile(char *from, char *to)
{
	copyprefix(from, to, 1LL<<62);
}

static uvlong
pagesin(void)
{
	Mem m;

	if(readmem(&m) < 0)
		fail("cannot read /dev/swap: %r");
	return m.pagein;
}

/* run path with argv; its exit message (nil: it could not be started) */
static char*
runwait(char *path, char **argv)
{
	static char msg[ERRMAX];
	Waitmsg *w;
	int pid;

	pid = fork();
	if(pid < 0)
		return nil;
	if(pid == 0){
		exec(path, argv);
		exits(lasterr());
	}
	w = wait();
	if(w == nil || w->pid != pid)
		return nil;
	strecpy(msg, msg + sizeof msg, w->msg);
	free(w);
	return msg;
}

enum {
	Bigpages	= 128,		/* of text and of data in /test/bigdata */
};

/*
 * exec maps pages on demand: bigdata touching three of its 256 pages
 * of text and data reads a few pages of its file, not all of them;
 * each page holds what the file has there, and bss is zero to the end
 * of the page the file's data ends in.  Touching all reads them all.
 * A copy cut short fails exec itself, not a fault later.
 */
static void
demandpage(void)
{
	char *few[] = {"bigdata", "-z", "t5", "d0", "d127", nil};
	char *all[2*Bigpages + 2], *m, path[128];
	uvlong p0, p1, p2;
	int i;

	p0 = pagesin();
	m = runwait("/test/bigdata", few);
	need(m != nil);
	if(m[0] != '\0')
		fail("bigdata: %s", m);
	p1 = pagesin();
	all[0] = "bigdata";
	for(i = 0; i < 2*Bigpages; i++)
		all[1+i] = smprint("%c%d", i < Bigpages ? 't' : 'd', i % Bigpages);
	all[1+i] = nil;
	m = runwait("/test/bigdata", all);
	need(m != nil);
	if(m[0] != '\0')
		fail("bigdata all: %s", m);
	p2 = pagesin();
	if(p1 - p0 > 20 || p1 - p0 < 3)
		fail("touching 3 pages read %llud", p1 - p0);
	if(p2 - p1 < 2*Bigpages)
		fail("touching %d pages read %llud", 2*Bigpages, p2 - p1);

	tmpname(path, sizeof path, "short");
	copyprefix("/test/bigdata", path, 64*1024);
	m = runwait(path, few);
	need(remove(path) == 0);
	if(m == nil || strstr(m, "exec header invalid") == nil)
		fail("a short binary: %s", m);
}

/* bigdata touching its first n text pages, then sleeping; its pid */
static int
textsleeper(char *path, int n)
{
	char *argv[Bigpages + 4];
	int pid, i;

	argv[0] = "bigdata";
	argv[1] = "-s";
	argv[2] = "2000";
	for(i = 0; i < n; i++)
		argv[3+i] = smprint("t%d", i);
	argv[3+i] = nil;
	pid = fork();
	if(pid == 0){
		exec(path, argv);
		exits("exec failed");
	}
	sleep(500);		/* it has touched them and sleeps */
	return pid;
}

/*
 * Two processes running one binary share its text (the image cache):
 * exec'd from a fresh copy, whose text no one holds yet, the first
 * reads the text pages it touches and the second, running meanwhile,
 * finds them there and reads little more than its data; with both
 * gone the text goes too (the leak check).
 */
static void
sharedtext(void)
{
	char path[128];
	uvlong p0, p1, p2;
	int a, b;

	tmpname(path, sizeof path, "bigdata");
	copyfile("/test/bigdata", path);
	p0 = pagesin();
	a = textsleeper(path, 20);
	need(a > 0);
	p1 = pagesin();
	b = textsleeper(path, 20);
	need(b > 0);
	p2 = pagesin();
	waitok2(a, b);
	waitok2(a, b);
	need(remove(path) == 0);
	if(p1 - p0 < 20 || p2 - p1 > 4)
		fail("the first exec read %llud pages, the second %llud", p1 - p0, p2 - p1);
}

/*
 * Four processes exec a fresh copy of bigdata at once and touch all
 * its pages in the same order: on several cpus they fault the same
 * shared text pages together.  Each must see the right bytes, and a
 * page read twice (both faulting before either had it) must go back:
 * the leak check.  With -v, how many pages were read more than once.
 */
static void
textrace(void)
{
	char path[128], *argv[2*Bigpages + 2];
	int go[2], i, n, pid[4];
	uvlong p0;
	char c;
	Waitmsg *w;

	tmpname(path, sizeof path, "bigrace");
	copyfile("/test/bigdata", path);
	argv[0] = "bigdata";
	for(i = 0; i < 2*Bigpages; i++)
		argv[1+i] = smprint("%c%d", i < Bigpages ? 't' : 'd', i % Bigpages);
	argv[1+i] = nil;
	need(pipe(go) == 0);
	p0 = pagesin();
	for(n = 0; n < nelem(pid); n++){
		pid[n] = fork();
		need(pid[n] >= 0);
		if(pid[n] == 0){
			close(go[1]);
			read(go[0], &c, 1);	/* all start together */
			exec(path, argv);
			exits("exec failed");
		}
	}
	close(go[0]);
	close(go[1]);
	for(n = 0; n < nelem(pid); n++){
		w = wait();
		need(w != nil);
		if(w->msg[0] != '\0')
			fail("bigdata: %s", w->msg);
		free(w);
	}
	if(verbose)
		print("# textrace: %llud pages read\n", pagesin() - p0);
	need(remove(path) == 0);
}

/*
 * A page fault whose read from the binary fails kills that process
 * alone, saying why: bigdata runs from a ramfs whose server goes away
 * once bigdata has touched its first page (harness.KMESG_USERTESTS).
 */
static void
pageinfail(void)
{
	char *argv[] = {"bigdata", "-w", "d0", "d100", nil};
	int srv[2], go[2], fs, pid;
	char c;
	Waitmsg *w;

	need(rfork(RFNAMEG) == 0);
	need(pipe(srv) == 0);
	fs = fork();
	need(fs >= 0);
	if(fs == 0){
		dup(srv[1], 0);
		dup(srv[1], 1);
		close(srv[0]);
		close(srv[1]);
		execl("/bin/ramfs", "ramfs", "-i", nil);
		exits("exec ramfs failed");
	}
	close(srv[1]);
	need(mount(srv[0], -1, "/mnt", MREPL|MCREATE, "") >= 0);
	close(srv[0]);
	copyfile("/test/bigdata", "/mnt/bigdata");
	need(pipe(go) == 0);
	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		dup(go[0], 0);
		dup(go[0], 1);
		close(go[0]);
		close(go[1]);
		exec("/mnt/bigdata", argv);
		exits("exec failed");
	}
	close(go[0]);
	need(read(go[1], &c, 1) == 1 && c == 'r');
	need(postnote(PNPROC, fs, "kill") == 0);
	w = wait();
	need(w != nil && w->pid == fs);
	free(w);
	need(write(go[1], "g", 1) == 1);
	w = wait();
	need(w != nil && w->pid == pid);
	if(strstr(w->msg, "i/o error in demand load: /mnt/bigdata") == nil)
		fail("bigdata: %s", w->msg);
	free(w);
	close(go[1]);
}

/*
 * exec detaches the segments attached with SG_CEXEC and keeps the
 * others, as Plan 9 does: bigdata finds the kept one's byte and no
 * segment where the other was.
 */
static void
cexec(void)
{
	char ka[32], ga[32], *m;
	char *argv[] = {"bigdata", "-k", ka, "-g", ga, nil};
	uchar *k, *g;

	k = segattach(0, "shared", nil, 4096);
	need(k != (void*)-1);
	g = segattach(SG_CEXEC, "shared", nil, 4096);
	need(g != (void*)-1);
	k[0] = 'k';
	g[0] = 'k';
	snprint(ka, sizeof ka, "%llux", (uvlong)(uintptr)k);
	snprint(ga, sizeof ga, "%llux", (uvlong)(uintptr)g);
	m = runwait("/test/bigdata", argv);
	need(m != nil);
	if(m[0] != '\0')
		fail("bigdata: %s", m);
	argv[1] = "-g";		/* the kept one is really there: -g fails on it */
	argv[3] = "-k";
	m = runwait("/test/bigdata", argv);
	if(m == nil || strstr(m, "detached segment still there") == nil)
		fail("bigdata -g on the kept segment: %s", m);
	need(segdetach(k) == 0);
	need(segdetach(g) == 0);
}

/* --- segattach */

static char Ebadarg[] = "bad arg in system call";
static char Esoverlap[] = "segments overlap";
static char Enovmem[] = "virtual memory allocation failed";

static int
failedwith(long r, char *err)
{
	return r == -1 && strcmp(lasterr(), err) == 0;
}

/*
 * A "shared" segment: attached where the kernel finds room, the same
 * pages in a forked child, freed pages zero again, grown and shrunk
 * by segbrk, gone after segdetach; each misuse fails with Plan 9's
 * error.
 */
static void
segments(void)
{
	uchar *s, *m, *p, stk;
	int pid;
	Waitmsg *w;

	s = segattach(0, "shared", nil, 3*4096+5);
	need(s != (void*)-1 && ((uintptr)s & 4095) == 0);
	need((uintptr)s < (uintptr)&stk);
	need(s[0] == 0 && s[4*4096-1] == 0);
	cowfill(s, 4*4096, 's');
	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		need(cowhas(s, 4*4096, 's'));
		cowfill(s, 4*4096, 'k');
		exits(nil);
	}
	waitok(pid);
	need(cowhas(s, 4*4096, 'k'));		/* the child's writes are ours */

	/* a "memory" segment is private: copy-on-write after fork */
	m = segattach(0, "memory", nil, 4096);
	need(m != (void*)-1 && m != s);
	m[0] = 1;
	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		m[0] = 2;
		exits(nil);
	}
	waitok(pid);
	need(m[0] == 1);

	need(segfree(s + 100, 2*4096) == 0);	/* only the wholly covered page goes */
	need(s[0] == 'k' && s[4096] == 0 && s[2*4096] == 'k' + 2);
	need(failedwith(segfree(s, 5*4096), Ebadarg));	/* past its end */
	need(failedwith((long)segbrk(s, s + 8*4096), Esoverlap));	/* it sits under the stack */

	p = segattach(0, "shared", (void*)0x400000000000ULL, 4096);
	need(p == (void*)0x400000000000ULL);
	need(segbrk(p, p + 8*4096) != (void*)-1);
	p[8*4096-1] = 9;
	need(segbrk(p, p + 2*4096) != (void*)-1);
	need(segbrk(p, p + 8*4096) != (void*)-1);
	need(p[8*4096-1] == 0);			/* shrunk away, back zeroed */
	need(segdetach(p + 5*4096) == 0);

	need(failedwith((long)segattach(0, "nosuch", nil, 4096), Ebadarg));
	need(failedwith((long)segattach(0, "shared", s + 4096, 4096), Esoverlap));
	need(failedwith((long)segattach(0, "shared", nil, 0), Enovmem));
	need(failedwith((long)segattach(0, "shared", nil, 1ULL<<40), Enovmem));
	need(failedwith((long)segattach(0, "shared", (void*)0x1000, 4096), Enovmem));
	need(failedwith((long)segattach(0, (char*)kaddr, nil, 4096), Ebadaddr));
	need(failedwith((long)segattach(0x7, "shared", nil, 4096), Ebadarg));
	need(failedwith((long)segbrk(&stk, (uchar*)USTKTOP - 2*USTKSIZE), Ebadarg));	/* the stack does not move */
	need(failedwith(segdetach(&stk), Ebadarg));
	need(failedwith(segdetach((void*)0x1000), Ebadarg));

	need(segdetach(m) == 0);
	need(segdetach(s) == 0);
	need(failedwith(segdetach(s), Ebadarg));
	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		stk = p[0];		/* gone: this faults (harness.KMESG_USERTESTS) */
		exits("read a detached segment");
	}
	w = wait();
	need(w != nil && w->pid == pid && strstr(w->msg, "sys: trap: fault read") != nil);
	free(w);
	p = segattach(0, "shared", s, 4096);	/* the place is free again */
	need(p == s);
	need(segdetach(p) == 0);
}

/*
 * segdetach gives back the page tables the segment needed: attaching
 * a page a GiB apart each time (new tables for each) and detaching
 * it costs nothing in the end.
 */
static void
segtables(void)
{
	uvlong f0, f1;
	uchar *s;
	int i;

	f0 = freepages();
	for(i = 0; i < 32; i++){
		s = segattach(0, "memory", (void*)(0x100000000000ULL + (uvlong)i*(1ULL<<30)), 4096);
		need(s != (void*)-1);
		s[0] = i;
		need(segdetach(s) == 0);
	}
	f1 = freepages();
	if((vlong)(f0 - f1) > 4)
		fail("%lld pages gone after 32 attach, touch, detach", (vlong)(f0 - f1));
}

/* brk and segbrk stop at their limits with Plan 9's errors */
static void
brklimits(void)
{
	uchar *top, *s;

	top = sbrk(0);
	need(top != (void*)-1);
	s = (uchar*)(((uintptr)top + 64*4096) & ~(uintptr)4095);
	need(segattach(0, "shared", s, 4096) == s);
	need(failedwith(brk(s + 8192), Esoverlap));	/* into the next segment */
	need(brk(s) == 0);			/* right up to it */
	need(segdetach(s) == 0);
	need(failedwith(brk(top + (2ULL<<30)), Enovmem));	/* past the largest segment */
	need(failedwith(brk(kaddr), Enovmem));	/* not user space */
	need(brk(top) == 0);
}

/* --- files in /tmp */

static void
tmpfiles(void)
{
	char name[64], buf[64];
	int fd;
	Dir *d;

	tmpname(name, sizeof name, "f");
	need((fd = create(name, ORDWR, 0664)) >= 0);
	need(write(fd, "hello, world\n", 13) == 13);
	need(seek(fd, 0, SEEKSET) == 0);
	need(read(fd, buf, sizeof buf) == 13);
	need(memcmp(buf, "hello, world\n", 13) == 0);
	need(pwrite(fd, "W", 1, 7) == 1);
	need(pread(fd, buf, 5, 7) == 5 && memcmp(buf, "World", 5) == 0);
	close(fd);
	d = dirstat(name);
	need(d != nil && d->length == 13);
	need(strcmp(d->name, "f") == 0);
	free(d);
	need((fd = open(name, OWRITE|OTRUNC)) >= 0);
	close(fd);
	d = dirstat(name);
	need(d != nil && d->length == 0);
	free(d);
	need(remove(name) == 0);
	need(dirstat(name) == nil);
	need(remove(name) == -1);
	need(open(name, OREAD) == -1);
	need(create("/tmp/nosuchdir/f", OWRITE, 0666) == -1);
}

static void
bigfile(void)
{
	char name[64];
	uchar *buf;
	int fd, i, n, chunk;
	long total;

	chunk = 8192;
	buf = malloc(chunk);
	need(buf != nil);
	tmpname(name, sizeof name, "big");
	need((fd = create(name, OWRITE, 0664)) >= 0);
	for(total = 0; total < Bigfile; total += chunk){
		for(i = 0; i < chunk; i++)
			buf[i] = (total + i) * 7 >> 3;
		if(write(fd, buf, chunk) != chunk)
			fail("write at %ld: %r", total);
	}
	close(fd);
	need((fd = open(name, OREAD)) >= 0);
	total = 0;
	while((n = read(fd, buf, 5000)) > 0){
		for(i = 0; i < n; i++)
			if(buf[i] != (uchar)((total + i) * 7 >> 3))
				fail("byte %ld wrong", total + i);
		total += n;
	}
	need(n == 0);
	need(total == Bigfile);
	close(fd);
	need(remove(name) == 0);
	free(buf);
}

/* --- environment */

static void
env(void)
{
	char *v, buf[32];
	int fd, n, pid;

	need(rfork(RFENVG) == 0);	/* our own copy */
	need(putenv("utest", "value") == 0);
	v = getenv("utest");
	need(v != nil && strcmp(v, "value") == 0);
	free(v);
	need((fd = open("/env/utest", OREAD)) >= 0);
	n = read(fd, buf, sizeof buf);
	close(fd);
	need(n == 5 && memcmp(buf, "value", 5) == 0);
	/* a forked child shares the group; RFENVG gives it a copy */
	pid = rfork(RFPROC|RFFDG|RFENVG);
	need(pid >= 0);
	if(pid == 0){
		putenv("utest", "child");
		exits(nil);
	}
	free(wait());
	v = getenv("utest");
	need(v != nil && strcmp(v, "value") == 0);
	free(v);
	pid = fork();
	need(pid >= 0);
	if(pid == 0){
		putenv("utest", "shared");
		exits(nil);
	}
	free(wait());
	v = getenv("utest");
	need(v != nil && strcmp(v, "shared") == 0);
	free(v);
	need(remove("/env/utest") == 0);
	need(getenv("utest") == nil);
}

static Test tests[] = {
	"pipedata",	pipedata,
	"pipeeof",	pipeeof,
	"pipeclosed",	pipeclosed,
	"pipebulk",	pipebulk,
	"exitstatus",	exitstatus,
	"forkexec",	forkexec,
	"execmissing",	execmissing,
	"manychildren",	manychildren,
	"notes",	notes,
	"notekill",	notekill,
	"faultkill",	faultkill,
	"rforkns",	rforkns,
	"unions",	unions,
	"createnomcreate",	createnomcreate,
	"fds",		fds,
	"removefail",	removefail,
	"badpointers",	badpointers,
	"brkgrow",	brkgrow,
	"bigmalloc",	bigmalloc,
	"cowfork",	cowfork,
	"cowrace",	cowrace,
	"rfmemshare",	rfmemshare,
	"rfmemlock",	rfmemlock,
	"rfmemfork",	rfmemfork,
	"demandpage",	demandpage,
	"sharedtext",	sharedtext,
	"textrace",	textrace,
	"pageinfail",	pageinfail,
	"cexec",	cexec,
	"segments",	segments,
	"segtables",	segtables,
	"brklimits",	brklimits,
	"tmpfiles",	tmpfiles,
	"bigfile",	bigfile,
	"env",		env,
};

/* run one test in a child; return 1 if it passed */
static int
run(Test *t)
{
	int pid;
	Waitmsg *w;
	Mem m0, m1;

	if(verbose && readmem(&m0) < 0)
		verbose = 0;
	pid = fork();
	if(pid < 0){
		print("FAIL %s: fork: %r\n", t->name);
		return 0;
	}
	if(pid == 0){
		t->f();
		exits(nil);
	}
	w = wait();
	if(w == nil){
		print("FAIL %s: wait: %r\n", t->name);
		return 0;
	}
	if(w->pid != pid || w->msg[0] != '\0'){
		print("FAIL %s: %s\n", t->name, w->msg);
		free(w);
		return 0;
	}
	free(w);
	print("ok %s\n", t->name);
	if(verbose && readmem(&m1) == 0)
		print("# %s: kernel malloc %+lld bytes, heap %+lld pages, free pages %+lld\n",
			t->name, (vlong)(m1.inuse - m0.inuse), (vlong)(m1.heap - m0.heap)/4096,
			(vlong)(m1.free - m0.free));
	return 1;
}

static int
readmem(Mem *m)
{
	char buf[512], *p;
	int fd, n;
	uvlong total;

	fd = open("/dev/swap", OREAD);
	if(fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if(n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "kernel malloc");
	if(p == nil)
		return -1;
	while(p > buf && p[-1] != '\n')
		p--;
	m->inuse = strtoull(p, &p, 10);
	m->heap = strtoull(p+1, nil, 10);
	p = strstr(buf, "pages free");
	if(p == nil)
		return -1;
	while(p > buf && p[-1] != '\n')
		p--;
	m->free = strtoull(p, &p, 10);
	total = strtoull(p+1, nil, 10);
	p = strstr(buf, "pages paged in");
	if(p == nil)
		return -1;
	while(p > buf && p[-1] != '\n')
		p--;
	m->pagein = strtoull(p, nil, 10);
	return total > 0 ? 0 : -1;
}

/*
 * The kernel keeps what it allocates for processes (Proc, kernel
 * stacks) for reuse, so the first run of many processes grows the
 * heap for good.  Reach that high-water mark before measuring: more
 * processes at once than any test has, even with tests' processes
 * exiting late on other cpus.
 */
static void
warmup(void)
{
	int i, p[2];
	char c;

	if(pipe(p) < 0)
		sysfatal("warmup: pipe: %r");
	for(i = 0; i < 64; i++)
		switch(fork()){
		case -1:
			sysfatal("warmup: fork: %r");
		case 0:
			/* alive until the parent has made all of them */
			close(p[1]);
			read(p[0], &c, 1);
			exits(nil);
		}
	close(p[0]);
	close(p[1]);
	while(waitpid() >= 0)
		;
}

/*
 * Our own text and data come in from the binary as they are first
 * touched, by the tests' children too (they share the text): bring
 * all of it in before measuring, so the leak check does not count
 * it.  A system call touches each page, failing on a hole instead of
 * faulting.
 */
static void
pageinself(void)
{
	extern char __executable_start[], end[];
	char *p;
	int fd;

	fd = open("/dev/null", OWRITE);
	if(fd < 0)
		sysfatal("open /dev/null: %r");
	for(p = __executable_start; p < end; p += 4096)
		write(fd, p, 1);
	close(fd);
}

static int
wanted(Test *t, int argc, char **argv)
{
	int i;

	if(argc == 0)
		return 1;
	for(i = 0; i < argc; i++)
		if(strcmp(argv[i], t->name) == 0)
			return 1;
	return 0;
}

void
main(int argc, char *argv[])
{
	Test *t;
	Mem m0, m1;
	int npass, nfail;
	vlong lostpages, lostbytes;

	ARGBEGIN{
	case 'v':
		verbose = 1;
		break;
	default:
		fprint(2, "usage: usertests [-v] [name...]\n");
		exits("usage");
	}ARGEND
	snprint(tmpdir, sizeof tmpdir, "/tmp/usertests.%d", getpid());
	if(create(tmpdir, OREAD, DMDIR|0777) < 0)
		sysfatal("create %s: %r", tmpdir);
	warmup();
	pageinself();
	if(readmem(&m0) < 0)
		sysfatal("cannot read /dev/swap: %r");
	npass = nfail = 0;
	for(t = tests; t < tests + nelem(tests); t++)
		if(wanted(t, argc, argv)){
			if(run(t))
				npass++;
			else
				nfail++;
		}
	if(readmem(&m1) < 0)
		sysfatal("cannot read /dev/swap: %r");
	/* pages the heap took are not lost: count them back */
	lostpages = (vlong)(m0.free - m1.free) - (vlong)(m1.heap - m0.heap)/4096;
	lostbytes = (vlong)m1.inuse - (vlong)m0.inuse;
	if(lostpages > Slackpages || lostbytes > Slackbytes){
		print("FAIL leak: %lld pages, %lld bytes of kernel malloc\n", lostpages, lostbytes);
		nfail++;
	}else{
		print("ok leak (%lld pages, %lld bytes)\n", lostpages, lostbytes);
		npass++;
	}
	remove(tmpdir);
	print("usertests: %d passed, %d failed\n", npass, nfail);
	exits(nfail ? "fail" : nil);
}
