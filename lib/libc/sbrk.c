/*
 * brk and sbrk over the brk_ system call, which moves the end of the
 * data segment (bss and heap) to an address.  The break starts at the
 * linker's end of bss.
 */
#include <u.h>
#include <libc.h>

extern char end[];		/* from the linker */
int	brk_(void*);

static uintptr	bloc;

enum {
	Brkalign	= 16,
};

static uintptr
roundup(uintptr a)
{
	return (a + Brkalign-1) & ~(uintptr)(Brkalign-1);
}

int
brk(void *p)
{
	uintptr a;

	a = roundup((uintptr)p);
	if(a < (uintptr)p || brk_((void*)a) < 0)
		return -1;
	bloc = a;
	return 0;
}

/* n more bytes at the old break; (void*)-1 if there is no room */
void*
sbrk(ulong n)
{
	uintptr old, a;

	if(bloc == 0)
		bloc = roundup((uintptr)end);
	a = roundup(bloc + n);
	if(a < bloc){
		werrstr("sbrk: too much");
		return (void*)-1;
	}
	if(brk_((void*)a) < 0)
		return (void*)-1;
	old = bloc;
	bloc = a;
	return (void*)old;
}
