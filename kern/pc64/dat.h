/*
 * Kernel data structures.
 */
#pragma once

typedef struct Conf	Conf;
typedef struct Label	Label;
typedef struct Mach	Mach;
typedef struct Membank	Membank;
typedef struct Ureg	Ureg;
typedef struct Vctl	Vctl;

/*
 * A kernel context: callee-saved registers plus stack and resume
 * point.  setlabel returns 0, and 1 when resumed by gotolabel.
 */
struct Label {
	u64int	sp;
	u64int	pc;
	u64int	bx, bp, r12, r13, r14, r15;
};

/*
 * Registers saved on a trap, in the order boot/l.S pushes them; the
 * last five are the hardware's interrupt frame.
 */
struct Ureg {
	u64int	ax, bx, cx, dx, si, di, bp;
	u64int	r8, r9, r10, r11, r12, r13, r14, r15;
	u64int	type;		/* vector */
	u64int	error;		/* error code, or 0 */
	u64int	ip, cs, flags, sp, ss;
};

/*
 * One consumer of an interrupt vector.  Several may share a vector
 * (level-triggered PCI lines); each keeps its own accounting, which
 * /dev/irqalloc shows.
 */
enum {
	Itrap,
	Ilapic,
	Iioapic,
	Imsi,
};

struct Vctl {
	Vctl	*next;		/* on the same vector */
	Vctl	*all;		/* every Vctl, in order of registration */
	int	vector;
	int	irq;
	int	type;		/* Itrap... */
	char	name[KNAMELEN];
	void	(*f)(Ureg*, void*);
	void	*a;
	u64int	count;		/* updated only on the cpu taking the interrupt, */
	u64int	cycles;		/* with interrupts off */
};

/* RAM banks from the multiboot memory map */
struct Membank {
	uintptr	base;
	uintptr	end;
};

struct Conf {
	int	nmach;		/* cpus found in the MADT */
	u64int	npage;		/* pages of RAM */
	uintptr	topofram;	/* highest RAM address + 1 */
	Membank	bank[32];
	int	nbank;
	char	cmdline[256];	/* from -append / the GRUB command line */
	uintptr	lapicpa;
	uintptr	ioapicpa[8];
	int	ioapicgsibase[8];
	int	nioapic;
	uintptr	ecampa;		/* PCIe MMCONFIG base, 0 if none */
	int	ecamstart, ecamend;
};

/*
 * Per-cpu data.  %gs points at the Mach so machp() is one load;
 * the first field points back at it.
 */
struct Mach {
	Mach	*self;		/* offsets 0-24 are known to l.S (MACH_* in mem.h) */
	struct Proc *proc;	/* current process: up */
	uintptr	kstacktop;	/* kernel stack for syscall entry from user mode */
	uintptr	usersp;		/* user stack pointer saved by syscall entry */
	int	machno;
	int	apicid;
	u64int	ticks;		/* clock interrupts on this cpu */
	u64int	cpuhz;		/* TSC frequency */
	int	ilockdepth;
	uintptr	splpc;
	u64int	*gdt;
	uchar	*tss;
	int	needresched;	/* a process is waiting for the cpu */
	u64int	schedticks;	/* ticks at which the current process's quantum ends */
	uchar	stack[KSTACK];
};

extern Conf	conf;
extern Mach	*machs[MAXMACH];
extern u64int	entrytsc;

static inline Mach*
machp(void)
{
	Mach *mp;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(mp));
	return mp;
}

#include "portdat.h"
