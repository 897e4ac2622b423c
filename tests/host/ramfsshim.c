/*
 * Just enough of the guest libc for cmd/ramfs.c to run on the host
 * for tests/host/ramfs.py (ramfs -i on a pipe).  Our headers only; the
 * few host functions used are declared with compatible prototypes.
 * Posting and mounting (-S, -m) need the 9q kernel and fail here.
 */
#include <u.h>
#include <libc.h>

void	exit(int) __attribute__((noreturn));
void*	calloc(usize, usize);

char *argv0;
static char err[ERRMAX];

void*
mallocz(usize n, int clr)
{
	USED(clr);
	return calloc(1, n);
}

char*
getuser(void)
{
	return "glenda";
}

void
errfmtstr(char *buf, int n)
{
	snprint(buf, n, "%s", err);
}

void
werrstr(char *fmt, ...)
{
	va_list arg;

	va_start(arg, fmt);
	vsnprint(err, sizeof err, fmt, arg);
	va_end(arg);
}

int
vfprint(int fd, char *fmt, va_list arg)
{
	Fmt f;
	char buf[256];
	int n;

	fmtfdinit(&f, fd, buf, sizeof buf);
	va_copy(f.args, arg);
	n = dofmt(&f, fmt);
	va_end(f.args);
	if(n >= 0 && fmtfdflush(&f) == 0)
		return -1;
	return n;
}

int
fprint(int fd, char *fmt, ...)
{
	va_list arg;
	int n;

	va_start(arg, fmt);
	n = vfprint(fd, fmt, arg);
	va_end(arg);
	return n;
}

void
exits(char *msg)
{
	exit(msg != nil && *msg != 0);
}

void
sysfatal(char *fmt, ...)
{
	char buf[256];
	va_list arg;

	va_start(arg, fmt);
	vsnprint(buf, sizeof buf, fmt, arg);
	va_end(arg);
	fprint(2, "%s: %s\n", argv0 != nil ? argv0 : "ramfs", buf);
	exits(buf);
}

int
rfork(int flags)
{
	USED(flags);
	werrstr("rfork: not on the host");
	return -1;
}

int
create(char *path, int mode, u32int perm)
{
	USED(path);
	USED(mode);
	USED(perm);
	werrstr("create: not on the host");
	return -1;
}

int
mount(int fd, int afd, char *old, int flag, char *aname)
{
	USED(fd);
	USED(afd);
	USED(old);
	USED(flag);
	USED(aname);
	werrstr("mount: not on the host");
	return -1;
}
