/*
 * Error strings.  errstr(2) is the system call: it swaps the caller's
 * buffer with the process's error string.  Reading without clearing
 * is two swaps.
 */
#include <u.h>
#include <libc.h>

void
rerrstr(char *buf, uint n)
{
	char tmp[ERRMAX];

	if(n == 0)
		return;
	tmp[0] = 0;
	errstr(tmp, sizeof tmp);
	tmp[ERRMAX-1] = 0;
	strecpy(buf, buf + n, tmp);
	errstr(tmp, sizeof tmp);	/* put it back */
}

void
werrstr(char *fmt, ...)
{
	char buf[ERRMAX];
	va_list args;

	va_start(args, fmt);
	vsnprint(buf, sizeof buf, fmt, args);
	va_end(args);
	errstr(buf, sizeof buf);
}

/* for %r in fmt.c: the current error, left in place */
void
errfmtstr(char *buf, int n)
{
	if(n > 0)
		rerrstr(buf, n);
}
