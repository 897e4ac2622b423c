/*
 * Kernel data structures.
 */
#pragma once

typedef struct Conf	Conf;
typedef struct Label	Label;
typedef struct Tss	Tss;
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
	u64int	count;		/* summed over cpus: updated atomically */
	u64int	cycles;
};

/* RAM banks from the multiboot memory map */
struct Membank {
	uintptr	base;
	uintptr	end;
};

struct Conf {
	int	nmach;		/* cpus found in the MADT */
	int	apicid[MAXMACH];	/* their LAPIC ids, the boot cpu's among them */
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

/* the hardware task state: only the stacks for entry from user mode and double faults */
struct Tss {
	u32int	rsvd0;
	u64int	rsp[3];		/* stack for entry from rings 0-2 */
	u64int	rsvd1;
	u64int	ist[7];		/* interrupt stacks */
	u64int	rsvd2;
	u16int	rsvd3;
	u16int	iomap;
} __attribute__((packed));

/*
 * Per-cpu data.  %gs points at the Mach so machp() is one load;
 * the first field points back at it.  Every field is written only
 * by its own cpu, except where a comment says otherwise.
 */
struct Mach {
	Mach	*self;		/* offsets 0-24 are known to l.S (MACH_* in mem.h) */
	struct Proc *proc;	/* current process: up */
	uintptr	kstacktop;	/* kernel stack for syscall entry from user mode */
	uintptr	usersp;		/* user stack pointer saved by syscall entry */
	int	machno;
	int	apicid;
	int	online;		/* set once the cpu runs the scheduler; read by all */
	int	idle;		/* in the idle loop: ready() sends it an IPI; read by all */
	u64int	pollend;	/* TSC until which the idle loop polls instead of halting (pollsoon) */
	u64int	ticks;		/* clock interrupts on this cpu */
	u64int	cpuhz;		/* TSC frequency */
	int	nlocks;		/* spin locks held: none across sched() or error() */
	int	needresched;	/* a process is waiting for the cpu */
	u64int	schedticks;	/* ticks at which the current process's quantum ends */
	uintptr	cr3;		/* the page tables loaded; read by mmurelease on other cpus */
	int	tlbshoot;	/* set by mmushootdown on another cpu, cleared here when done */

	/* /dev/sysstat */
	u64int	cs;		/* context switches */
	u64int	intr;		/* device and IPI interrupts */
	u64int	syscall;
	u64int	pfault;		/* user page faults handled */
	u64int	tlbfault;	/* of those, ones that only refilled the page tables */
	u64int	tlbpurge;	/* TLB flushes (cr3 loads) */
	u64int	load;		/* running or ready, in millionths, decaying over a second */
	u64int	idlecycles;	/* TSC cycles in the idle loop, halted or polling */
	u64int	intrcycles;	/* in interrupt handlers */
	u64int	avgidle;	/* thousandths of a percent of time idle, decaying over a second */
	u64int	avgintr;	/* in interrupt handlers, likewise */
	u64int	perfcycles;	/* TSC at the last tick's accounting */
	u64int	perfidle;	/* idlecycles then */
	u64int	perfintr;	/* intrcycles then */

	u64int	gdt[8];
	Tss	tss;
	uchar	dfstack[4096] __attribute__((aligned(16)));	/* double faults */
	uchar	stack[KSTACK] __attribute__((aligned(16)));	/* the scheduler's (APs boot on it) */
};

extern Conf	conf;
extern Mach	*machs[MAXMACH];	/* by machno; nil for cpus not started */
extern int	nonline;		/* cpus running */
extern u64int	entrytsc;

static inline Mach*
machp(void)
{
	Mach *mp;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(mp));
	return mp;
}

#include "portdat.h"
