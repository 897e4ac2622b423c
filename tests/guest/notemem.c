/*
 * notemem: a note must reach its handler even if it arrives while
 * memory is short (issue 10: rc died "suicide: bad stack in notify").
 * A child takes every free page (reads from /dev/zero into a grown
 * data segment until the kernel can fault in no more), then this
 * process, its sp just above a page it has never touched, posts
 * itself a note: the handler's frame needs that page.  The child is
 * then killed, and the note must be delivered once memory is back.
 * Meanwhile the child, with memory full, makes a pipe: the kernel's
 * buffers for it cannot be had, and the call must fail "kernel
 * allocate failed" rather than wait for ever.  Prints "notemem: ok"
 * and what pipe did.
 */
#include <u.h>
#include <libc.h>
#include "swapstat.h"

static volatile int got;
static int cpid;
static char piped = '?';	/* what the child's pipe did */

static void
handler(void *ureg, char *msg)
{
	USED(ureg);
	if(strcmp(msg, "notemem") == 0){
		got++;
		noted(NCONT);
	}
	noted(NDFLT);
}

static long
freepages(void)
{
	return swapstat(" pages free");
}

/*
 * Take every page there is, try a pipe, say how it went on done
 * ('e' failed as it should, 'p' made one, 'x' failed otherwise),
 * then wait to be killed.
 */
static void
hog(int go, int done)
{
	char *p, c, err[ERRMAX];
	long n, i;
	int z, fd[2];

	if(read(go, &c, 1) != 1)
		exits("no go");
	z = open("/dev/zero", OREAD);
	n = freepages() + 256;
	p = sbrk(n * 4096);
	if(p == (char*)-1)
		exits("sbrk");
	for(i = 0; i < n; i++)
		if(read(z, p + i*4096, 4096) != 4096)
			break;
	if(pipe(fd) < 0){
		rerrstr(err, sizeof err);
		c = strcmp(err, "kernel allocate failed") == 0 ? 'e' : 'x';
	}else
		c = 'p';
	write(done, &c, 1);
	read(go, &c, 1);	/* until killed */
	exits(nil);
}

static void __attribute__((noinline))
use(char *p, long n)
{
	p[n-1] = 0;
}

/*
 * With sp a little above a page boundary and nothing below it ever
 * touched, the notify frame (red zone, Ureg, message) needs a new page.
 */
static void __attribute__((noinline))
deep(int go, int done, int self, int child)
{
	char here, c;
	long n;

	n = ((uintptr)&here & 4095) + 2*4096 - 256;
	{
		char pad[n];

		use(pad, n);
		write(go, "g", 1);
		if(read(done, &c, 1) == 1)
			piped = c;
		write(self, "notemem", 7);	/* delivered on the way out, or deferred */
		write(child, "kill", 4);
	}
}

void
main(void)
{
	int p[2], q[2], self, child, i;
	char name[64];

	if(notify(handler) < 0)
		sysfatal("notify: %r");
	if(pipe(p) < 0 || pipe(q) < 0)
		sysfatal("pipe: %r");
	cpid = fork();
	if(cpid < 0)
		sysfatal("fork: %r");
	if(cpid == 0)
		hog(p[1], q[0]);
	snprint(name, sizeof name, "/proc/%d/note", getpid());
	self = open(name, OWRITE);
	snprint(name, sizeof name, "/proc/%d/note", cpid);
	child = open(name, OWRITE);
	if(self < 0 || child < 0)
		sysfatal("open note: %r");
	deep(p[0], q[1], self, child);
	for(i = 0; i < 100 && !got; i++)
		sleep(50);
	waitpid();
	if(!got){
		print("notemem: note never delivered\n");
		exits("lost");
	}
	print("notemem: pipe with memory full: %s\n",
		piped == 'e' ? "kernel allocate failed" : piped == 'p' ? "made" :
		piped == 'x' ? "other error" : "no answer");
	print("notemem: ok, %ld pages free\n", freepages());
	exits(nil);
}
