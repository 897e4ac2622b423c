/*
 * The arch's functions (pc64/), grouped by file; portable ones are
 * in portfns.h, included at the end.
 */
#pragma once

/*
 * The machine interface portable code may use: interrupt priority,
 * waiting, memory ordering.  Everything else that touches the cpu
 * (ports, MSRs, control registers) is in x86.h, for pc64/ alone.
 */
/* interrupt priority, Plan 9 names: splhi disables, spllo enables */
static inline u64int
splhi(void)
{
	u64int f;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(f) : : "memory");
	return f;
}

static inline u64int
spllo(void)
{
	u64int f;

	__asm__ volatile("pushfq; popq %0; sti" : "=r"(f) : : "memory");
	return f;
}

static inline void
splx(u64int f)
{
	if(f & 0x200)
		__asm__ volatile("sti" : : : "memory");
	else
		__asm__ volatile("cli" : : : "memory");
}

static inline int
islo(void)
{
	u64int f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return (f & 0x200) != 0;
}

/* wait for an interrupt; sti's one-instruction shadow makes this race-free */
static inline void
idlehlt(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

static inline void
pause(void)
{
	__asm__ volatile("pause");
}

#define coherence()	__asm__ volatile("mfence" : : : "memory")

static inline void
halt(void)
{
	__asm__ volatile("cli; hlt" : : : "memory");
}

/* l.S */
void	vectors(void);		/* the trap entry stubs, 16 bytes apart */
void	touser(uintptr sp, uintptr ip);

/* acpi.c */
void	acpiinit(void);
void	acpipoweroff(void);

/* apic.c */
void	lapicinit(void);
void	lapicinitap(void);
void	lapicstartap(int apicid, uintptr trampoline);
void	lapicipi(int apicid, int vector);
void	lapiceoi(void);
void	lapictimerinit(u32int);
u32int	lapiccount(void);
int	lapicid(void);
void	ioapicinit(void);
void	ioapicroute(int gsi, int vector, int level, int activelow);
void	ioapicmask(int gsi, int masked);
int	isairq(int irq, int *level, int *activelow);
void	picmask(void);
u32int	lapicmsiaddr(int machno);	/* MSI address that reaches a cpu's LAPIC */

/* clock.c */
void	clockinit(void);
void	clockinitap(void);	/* an AP's timer, as calibrated on the boot cpu */
u64int	nsec(void);
u64int	tsc2ns(u64int);
u64int	fastticks(u64int*);
void	delay(int ms);
void	microdelay(int us);

/* fpu.c */
void	fpuinit(void);
void	fpusave(Proc*);
void	fpurestore(Proc*);
void	fpureset(Proc*);	/* initial FPU state (exec) */
void	fpufork(Proc *child);

/* irq.c */
Vctl*	intrenable(int irq, void (*)(Ureg*, void*), void*, char*);
Vctl*	trapenable(int vector, void (*)(Ureg*, void*), void*, char*);
Vctl*	lapicintrenable(int vector, void (*)(Ureg*, void*), void*, char*);
Vctl*	ioapicintrenable(int gsi, int irq, int level, int activelow, void (*)(Ureg*, void*), void*, char*);
Vctl*	msiintrenable(int vector, void (*)(Ureg*, void*), void*, char*);
int	msialloc(void);
int	intrdispatch(Ureg*);
char*	irqalloc(char *p, char *e);

/* main.c */
char*	getconf(char*);
void	confenv(void);
void	cpuinit(void);		/* per cpu: FPU, NX, syscall MSRs */
void	archreboot(void) __attribute__((noreturn));
void	archpoweroff(void) __attribute__((noreturn));

/* mp.c: the other cpus */
void	mpinit(void);		/* start every cpu the MADT lists */
void	mpwake(Mach*);		/* an idle cpu: look at the run queue */
void	mpnotify(Mach*);	/* the cpu running a process with a new note */
void	stopcpus(void);		/* halt every other cpu (halt, reboot, panic) */
int	intrcpu(void);		/* the cpu for the next device interrupt, round robin */

/* mmu.c */
void	mmuinit(void);
void	mmuprocinit(void);	/* NX if the cpu has it; per cpu */
void	newaddrspace(Proc*);	/* fresh user page tables */
void	mmuswitch(Proc*);
void	mmurelease(Proc*);
void	mmuflush(void);		/* drop up's user mappings */
void	mmushootdown(void);	/* other cpus drop the user mappings of processes marked newtlb */
void	mmuflushintr(void);
int	putmmu(uintptr va, uintptr pa, int writable);
void	mmuunmap(uintptr va);
int	mmumapped(uintptr va, int write);
void*	vmap(uintptr pa, usize size);
u64int*	kernpml4(void);

/* pcicfg.c: configuration space (size 1, 2 or 4, reg aligned to it) and I/O ports */
void	pcicfginit(void);
u32int	pcicfgread(int bus, int dev, int fn, int reg, int size);
void	pcicfgwrite(int bus, int dev, int fn, int reg, int size, u32int v);
u8int	ioread8(ulong port);
u16int	ioread16(ulong port);
u32int	ioread32(ulong port);
void	iowrite8(ulong port, u8int);
void	iowrite16(ulong port, u16int);
void	iowrite32(ulong port, u32int);

/* rtc.c */
u64int	rtcseconds(void);	/* the CMOS clock, at boot */

/* syscall.c */
void	syscallinit(void);	/* syscall/sysret MSRs, per cpu */

/* trap.c */
void	trapinit(void);
void	trapinitap(Mach*);
void	trap(Ureg*);
void	dumpregs(Ureg*);
void	settss(uintptr);

/* uart.c */
void	uartinit(void);
void	uartenable(void);
void	uartputc(int);
void	uartputs(char*, int);
int	uartgetc(void);
void	uartsetnotify(void (*)(void));
void	debugconputs(char*, int);

#define getcallerpc(x)	((uintptr)__builtin_return_address(0))

#include "portfns.h"
