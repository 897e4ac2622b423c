/*
 * Fmt buffers that drain to a file descriptor.  Apart from fmt.c
 * because the kernel has no write().
 */
#include <u.h>
#include <fmt.h>

long	write(int, void*, long);

/* write out what is buffered; 1 on success, 0 if the write fell short */
int
fmtfdflush(Fmt *f)
{
	long n;

	n = f->to - f->start;
	if(n > 0 && write((int)(uintptr)f->farg, f->start, n) != n)
		return 0;
	f->to = f->start;
	return 1;
}

int
fmtfdinit(Fmt *f, int fd, char *buf, int size)
{
	if(buf == nil || size <= 0)
		return -1;
	f->start = buf;
	f->to = buf;
	f->stop = buf + size;
	f->flush = fmtfdflush;
	f->farg = (void*)(uintptr)fd;
	f->nfmt = 0;
	f->r = 0;
	f->width = 0;
	f->prec = 0;
	f->flags = 0;
	return 0;
}
