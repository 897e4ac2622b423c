/*
 * Host implementations of the kernel services kernel code under test
 * calls (lock, unlock, print, panic) and of the fake physical memory.
 * The host functions used are declared here, ABI-compatibly, instead
 * of including glibc headers that clash with ours.
 */
#include <u.h>
#include <str.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "kshim.h"

int	vprintf(char*, va_list);
int	fflush(void*);
void	abort(void);
void	_exit(int);
int	fork(void);
int	waitpid(int, int*, int);
void*	mmap(void*, usize, int, int, int, long);
int	mprotect(void*, usize, int);

enum {
	Panicstatus	= 99,		/* exit status of a child that panicked */
	Protnone	= 0,
	Protrw		= 0x1|0x2,
	Mapflags	= 0x02|0x20|0x4000,	/* private, anonymous, noreserve */
};

uchar	*kshimarena;
int	kshimnpanic;
static int	inchild;

int
kshimmkarena(uvlong size)
{
	void *v;

	v = mmap(nil, size, Protrw, Mapflags, -1, 0);
	if(v == (void*)-1)
		return -1;
	kshimarena = v;
	return 0;
}

/*
 * Plan 9 verbs to C ones: drop the u flag ("%llux" is "%llx",
 * "%lud" is "%lu"); the rest mean the same for what kernel code prints.
 */
static void
cfmt(char *out, int nout, char *fmt)
{
	char *e;
	int unsig;

	e = out + nout - 1;
	while(*fmt != 0 && out < e){
		*out++ = *fmt;
		if(*fmt++ != '%')
			continue;
		unsig = 0;
		for(; *fmt != 0 && out < e; fmt++){
			if(*fmt == 'u'){
				unsig = 1;
				continue;
			}
			if(*fmt == 'd' && unsig)
				*out++ = 'u';
			else
				*out++ = *fmt;
			if(strchr("-+# 0123456789.*lh", *fmt) == nil){
				fmt++;
				break;
			}
		}
	}
	*out = 0;
}

static int
vprint(char *fmt, va_list arg)
{
	char buf[512];

	cfmt(buf, sizeof buf, fmt);
	return vprintf(buf, arg);
}

int
print(char *fmt, ...)
{
	va_list arg;
	int n;

	va_start(arg, fmt);
	n = vprint(fmt, arg);
	va_end(arg);
	return n;
}

void
panic(char *fmt, ...)
{
	va_list arg;

	kshimnpanic++;
	print("panic: ");
	va_start(arg, fmt);
	vprint(fmt, arg);
	va_end(arg);
	print("\n");
	fflush(nil);
	if(inchild)
		_exit(Panicstatus);
	abort();
}

void
lock(Lock *l)
{
	if(l->key)
		panic("lock %#p: already held", l);
	l->key = 1;
}

void
unlock(Lock *l)
{
	if(!l->key)
		panic("unlock %#p: not held", l);
	l->key = 0;
}

int
kshimaccess(uintptr pa, uintptr len, int on)
{
	return mprotect(kshimarena + pa, len, on ? Protrw : Protnone);
}

/* f's exit status in a child, -1 if it died of a signal or fork failed */
static int
inchildexit(void (*f)(void))
{
	int pid, status;

	fflush(nil);
	pid = fork();
	if(pid < 0)
		return -1;
	if(pid == 0){
		inchild = 1;
		f();
		fflush(nil);
		_exit(0);
	}
	if(waitpid(pid, &status, 0) != pid)
		return -1;
	if((status & 0x7f) != 0)
		return -1;
	return (status >> 8) & 0xff;
}

int
kshimpanics(void (*f)(void))
{
	return inchildexit(f) == Panicstatus;
}

int
kshimreturns(void (*f)(void))
{
	return inchildexit(f) == 0;
}
