/*
 * Allocation that cannot fail: programs that have no way on without
 * memory call these and die with a message instead.  emalloc zeroes.
 */
#include <u.h>
#include <libc.h>

void*
emalloc(usize n)
{
	void *p;

	p = mallocz(n, 1);
	if(p == nil)
		sysfatal("out of memory allocating %lud bytes", n);
	return p;
}

void*
erealloc(void *p, usize n)
{
	p = realloc(p, n);
	if(p == nil && n != 0)
		sysfatal("out of memory reallocating %lud bytes", n);
	return p;
}

char*
estrdup(char *s)
{
	char *t;

	t = strdup(s);
	if(t == nil)
		sysfatal("out of memory duplicating a string");
	return t;
}
