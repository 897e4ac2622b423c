/*
 * print(2) and friends over fmtfd: a line's worth is buffered on the
 * stack and written when full and at the end.
 */
#include <u.h>
#include <libc.h>

int
vfprint(int fd, char *fmt, va_list args)
{
	Fmt f;
	char buf[256];
	int n;

	fmtfdinit(&f, fd, buf, sizeof buf);
	va_copy(f.args, args);
	n = dofmt(&f, fmt);
	va_end(f.args);
	if(n < 0 || fmtfdflush(&f) == 0)
		return -1;
	return n;
}

int
fprint(int fd, char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vfprint(fd, fmt, args);
	va_end(args);
	return n;
}

int
print(char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vfprint(1, fmt, args);
	va_end(args);
	return n;
}

/* sprint trusts the caller's buffer, as Plan 9's does; prefer snprint */
int
sprint(char *buf, char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprint(buf, 1<<30, fmt, args);
	va_end(args);
	return n;
}
