/*
 * memapart: every process has its own address space.  A forked child
 * and its parent each change their copy of data, bss, heap and stack,
 * and neither sees what the other wrote; memory only the child has
 * mapped is not there in the parent, neither to a load (it faults)
 * nor to a system call given its address; no file under the child's
 * /proc directory shows what the child holds.
 *
 * Prints "ok NAME" or "FAIL NAME: why" for each case, then
 * "memapart: N failed"; exits non-nil if any case failed.
 */
#include <u.h>
#include <libc.h>

enum {
	Nbss	= 3*4096 + 100,		/* spans page boundaries */
	Nheap	= 64*1024,
	Nstack	= 2*4096,
	Nown	= 16*1024*1024,		/* the child's private area: beyond any the parent grows to */
	Nfile	= 256*1024,		/* most read of one /proc file */
	Nsecret	= 32,
};

static int data = 1;		/* initialised data */
static char bss[Nbss];		/* zeroed data */
static int failed;

static void
ok(char *name)
{
	print("ok %s\n", name);
}

static void
fail(char *name, char *why)
{
	print("FAIL %s: %s\n", name, why);
	failed++;
}

static void
check(char *name, int cond, char *why)
{
	if(cond)
		ok(name);
	else
		fail(name, why);
}

/* is every byte of p[0:n] c? */
static int
all(char *p, long n, int c)
{
	long i;

	for(i = 0; i < n; i++)
		if(p[i] != c)
			return 0;
	return 1;
}

/* does p[0:n] hold the string s? */
static int
contains(char *p, long n, char *s)
{
	long i, m;

	m = strlen(s);
	for(i = 0; i + m <= n; i++)
		if(memcmp(p+i, s, m) == 0)
			return 1;
	return 0;
}

static void
fill(char *heap, char *stack, int d, int c)
{
	data = d;
	memset(bss, c, Nbss);
	memset(heap, c, Nheap);
	memset(stack, c, Nstack);
}

/* the four kinds of memory hold d and c: nil, or the first that does not */
static char*
holds(char *heap, char *stack, int d, int c)
{
	if(data != d)
		return "data";
	if(!all(bss, Nbss, c))
		return "bss";
	if(!all(heap, Nheap, c))
		return "heap";
	if(!all(stack, Nstack, c))
		return "stack";
	return nil;
}

static void
sync(int fd)
{
	if(write(fd, "x", 1) != 1)
		sysfatal("sync write: %r");
}

static void
await1(int fd)
{
	char c;

	if(read(fd, &c, 1) != 1)
		sysfatal("sync read: %r");
}

/*
 * The child: check it starts with the parent's values, write its own,
 * map a private area holding secret, tell the parent where, and wait
 * until the parent has written its values and looked around; then
 * its own must still be there, and it writes once more as it goes.
 * Its exit message says what was wrong.
 */
static void
child(int tochild, int toparent, char *heap, char *stack, char *secret)
{
	char *w, *why, *own, *mine, msg[64];

	if((w = holds(heap, stack, 1, 'P')) != nil)
		exits(smprint("did not inherit %s", w));
	fill(heap, stack, 2, 'C');
	own = sbrk(Nown);
	if(own == (void*)-1)
		exits("sbrk failed");
	mine = own + Nown - 4096;	/* one page of it is touched */
	strcpy(mine, secret);
	snprint(msg, sizeof msg, "%p %p", mine, heap);
	if(write(toparent, msg, strlen(msg)) != strlen(msg))
		exits("write failed");
	await1(tochild);
	why = nil;
	if((w = holds(heap, stack, 2, 'C')) != nil)
		why = smprint("saw the parent's %s", w);
	else if(strcmp(mine, secret) != 0)
		why = "its private area changed";
	fill(heap, stack, 4, 'D');	/* the parent's values must not change */
	exits(why);
}

static void
onfault(void*, char *note)
{
	if(strncmp(note, "sys: trap: fault read", 21) == 0)
		exits("faulted");
	noted(NDFLT);
}

/* in a new process, load from addr: it must fault */
static void
probe(char *addr, char *secret)
{
	Waitmsg *w;
	int pid;
	char *why;

	pid = fork();
	if(pid < 0)
		sysfatal("fork: %r");
	if(pid == 0){
		notify(onfault);
		if(strcmp(addr, secret) == 0)
			exits("read the child's secret");
		exits("read something there");
	}
	w = wait();
	if(w == nil)
		sysfatal("wait: %r");
	why = w->msg;
	check("load_faults", strstr(why, "faulted") != nil, smprint("prober's exit: '%s'", why));
	free(w);
}

/* a system call given the child's address must not reach its memory */
static void
syscallfails(char *addr)
{
	int p[2];
	long n;
	char err[ERRMAX];

	if(pipe(p) < 0)
		sysfatal("pipe: %r");
	n = write(p[1], addr, Nsecret);
	err[0] = 0;
	if(n < 0)
		errstr(err, sizeof err);
	check("syscall_refused", n < 0 && strcmp(err, "bad address in system call") == 0,
		smprint("write(pipe, child's address) = %ld '%s'", n, err));
	close(p[0]);
	close(p[1]);
}

/* does any readable file in /proc/pid hold secret? */
static void
procfiles(int pid, char *secret, char *buf)
{
	char dir[32], *name;
	Dir *d;
	int fd, i, n, nread, nfound;
	long m, len;

	snprint(dir, sizeof dir, "/proc/%d", pid);
	fd = open(dir, OREAD);
	if(fd < 0){
		fail("proc_clean", smprint("%s: %r", dir));
		return;
	}
	n = dirreadall(fd, &d);
	close(fd);
	nread = nfound = 0;
	for(i = 0; i < n; i++){
		name = smprint("%s/%s", dir, d[i].name);
		fd = open(name, OREAD);
		if(fd >= 0){
			nread++;
			len = 0;
			while(len < Nfile && (m = read(fd, buf+len, Nfile-len)) > 0)
				len += m;
			if(contains(buf, len, secret)){
				fail("proc_clean", smprint("%s holds the child's memory", name));
				nfound++;
			}
			close(fd);
		}
		free(name);
	}
	free(d);
	if(nfound == 0)
		check("proc_clean", nread > 0, smprint("no readable file in %s", dir));
}

void
main(void)
{
	char stack[Nstack], *heap, *buf, *w, secret[Nsecret], where[64], *addr, *childheap;
	int tochild[2], toparent[2], pid, n;
	Waitmsg *wm;

	heap = malloc(Nheap);
	buf = malloc(Nfile);	/* before the fork: the parent grows no more */
	if(heap == nil || buf == nil)
		sysfatal("malloc: %r");
	fill(heap, stack, 1, 'P');
	/* made at run time, so it is in no file until a process writes it */
	snprint(secret, sizeof secret, "apart%llux", (uvlong)nsec() * 2654435761ULL);
	if(pipe(tochild) < 0 || pipe(toparent) < 0)
		sysfatal("pipe: %r");
	pid = fork();
	if(pid < 0)
		sysfatal("fork: %r");
	if(pid == 0)
		child(tochild[0], toparent[1], heap, stack, secret);

	/* the child has written its values when it says where its area is */
	n = read(toparent[0], where, sizeof where - 1);
	if(n <= 0)
		sysfatal("child said nothing: %r");
	where[n] = 0;
	addr = (char*)strtoull(where, &w, 0);
	childheap = (char*)strtoull(w, nil, 0);
	check("same_heap_address", childheap == heap,
		smprint("child's heap at %p, parent's at %p", childheap, heap));
	w = holds(heap, stack, 1, 'P');
	check("parent_keeps_own", w == nil, smprint("parent's %s changed to the child's", w));
	probe(addr, secret);
	syscallfails(addr);
	procfiles(pid, secret, buf);

	fill(heap, stack, 3, 'Q');
	sync(tochild[1]);
	wm = wait();
	if(wm == nil)
		sysfatal("wait: %r");
	check("child_keeps_own", wm->pid == pid && wm->msg[0] == 0, smprint("child's exit: '%s'", wm->msg));
	free(wm);
	w = holds(heap, stack, 3, 'Q');
	check("parent_writes_stay", w == nil, smprint("parent's %s changed", w));

	print("memapart: %d failed\n", failed);
	exits(failed ? "failed" : nil);
}
