/*
 * Kernel console output: print, iprint, panic.  What the kernel
 * prints also goes to a ring (kmesg) that /dev/kmesg serves; what
 * user processes write to /dev/cons (consputs) does not.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"

enum {
	Nkmesg	= 16*1024,
	Nprint	= 512,		/* longest single print */
};

static Lock conslock;

static struct {
	char	buf[Nkmesg];
	u64int	n;		/* bytes ever written; buf holds the last Nkmesg */
} kmesg;

static void
kmesgputs(char *s, int n)
{
	while(n-- > 0)
		kmesg.buf[kmesg.n++ % Nkmesg] = *s++;
}

/* copy out up to n bytes of kmesg starting at offset off of what remains */
long
kmesgread(char *a, long n, u64int off)
{
	u64int first, i;
	long r;

	ilock(&conslock);
	first = kmesg.n > Nkmesg ? kmesg.n - Nkmesg : 0;
	i = first + off;
	for(r = 0; r < n && i < kmesg.n; r++)
		a[r] = kmesg.buf[i++ % Nkmesg];
	iunlock(&conslock);
	return r;
}

/*
 * What user processes write to /dev/cons, and the echo of typing:
 * to the UART only, under the lock so that it does not cut into a
 * print.  kmesg is the kernel's own messages, nothing else.
 */
void
consputs(char *s, int n)
{
	ilock(&conslock);
	uartputs(s, n);
	iunlock(&conslock);
}

/* the kernel's own lines: the console, and their copy on the debug console */
static void
kernputs(char *s, int n)
{
	uartputs(s, n);
	debugconputs(s, n);
}

/* the kernel's own output: kmesg and the console */
static void
kputs(char *s, int n)
{
	ilock(&conslock);
	kmesgputs(s, n);
	kernputs(s, n);
	iunlock(&conslock);
}

int
print(char *fmt, ...)
{
	char buf[Nprint];
	va_list arg;
	int n;

	va_start(arg, fmt);
	n = vseprint(buf, buf+sizeof buf, fmt, arg) - buf;
	va_end(arg);
	kputs(buf, n);
	return n;
}

/*
 * Print from any context, even with the console lock held (trap
 * reports, lock debugging): straight to the UART, and to kmesg only
 * if the lock is free, since waiting for it could be waiting for
 * ourselves.
 */
int
iprint(char *fmt, ...)
{
	char buf[Nprint];
	va_list arg;
	u64int s;
	int n;

	va_start(arg, fmt);
	n = vseprint(buf, buf+sizeof buf, fmt, arg) - buf;
	va_end(arg);
	s = splhi();
	if(canlock(&conslock)){
		kmesgputs(buf, n);
		unlock(&conslock);
	}
	splx(s);
	kernputs(buf, n);
	return n;
}

void
panic(char *fmt, ...)
{
	char buf[Nprint];
	va_list arg;
	char *p;

	splhi();
	p = seprint(buf, buf+sizeof buf, "panic: ");
	va_start(arg, fmt);
	p = vseprint(p, buf+sizeof buf, fmt, arg);
	va_end(arg);
	p = seprint(p, buf+sizeof buf, "\n9q: halted\n");
	stopcpus();
	kernputs(buf, p-buf);
	kmesgputs(buf, p-buf);
	for(;;)
		halt();
}

/* %r: the current process's error string; none before processes exist */
void
errfmtstr(char *buf, int n)
{
	if(n > 0)
		buf[0] = '\0';
}
