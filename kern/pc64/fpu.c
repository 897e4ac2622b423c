/*
 * FPU and SSE state.  The kernel is built without floating point,
 * so only user processes have FPU state, and it is switched eagerly:
 * sched() saves the outgoing process's registers with FXSAVE and the
 * scheduler loads the incoming one's with FXRSTOR.  Every new
 * program starts from the state fpuinit recorded after a reset.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"

enum {
	CR0mp		= 1<<1,
	CR0em		= 1<<2,
	CR0ts		= 1<<3,
	CR0ne		= 1<<5,
	CR4osfxsr	= 1<<9,
	CR4osxmmexcpt	= 1<<10,
	Mxcsrmasked	= 0x1F80,	/* every SSE exception masked */
};

static uchar fpinit[FPSIZE] __attribute__((aligned(16)));

/* turn on FXSAVE/SSE for user mode on this cpu; the first records the reset state */
void
fpuinit(void)
{
	static int recorded;
	u32int mxcsr;

	putcr0((getcr0() & ~(CR0em|CR0ts)) | CR0mp | CR0ne);
	putcr4(getcr4() | CR4osfxsr | CR4osxmmexcpt);
	fninit();
	mxcsr = Mxcsrmasked;
	ldmxcsr(mxcsr);
	if(!recorded){
		fxsave(fpinit);
		recorded = 1;
	}
}

void
fpusave(Proc *p)
{
	fxsave(p->fpsave);
}

void
fpurestore(Proc *p)
{
	fxrstor(p->fpsave);
}

/* the FPU state of a new program, loaded if p is running */
void
fpureset(Proc *p)
{
	memmove(p->fpsave, fpinit, FPSIZE);
	if(p == up)
		fxrstor(p->fpsave);
}

/* the child of fork starts with the parent's registers */
void
fpufork(Proc *child)
{
	fxsave(up->fpsave);
	memmove(child->fpsave, up->fpsave, FPSIZE);
}
