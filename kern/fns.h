/*
 * Kernel function prototypes, grouped by file.
 */
#pragma once

#include "x86.h"

/* l.S */
void	vectors(void);		/* the trap entry stubs, 16 bytes apart */
void	touser(uintptr sp, uintptr ip);

/* acpi.c */
void	acpiinit(void);
void	acpipoweroff(void);

/* apic.c */
void	lapicinit(void);
void	lapiceoi(void);
void	lapictimerinit(u32int);
u32int	lapiccount(void);
int	lapicid(void);
void	ioapicinit(void);
void	ioapicroute(int gsi, int vector, int level, int activelow);
void	ioapicmask(int gsi, int masked);
int	isairq(int irq, int *level, int *activelow);
void	picmask(void);

/* clock.c */
void	clockinit(void);
u64int	nsec(void);
u64int	tsc2ns(u64int);
u64int	fastticks(u64int*);
void	delay(int ms);
void	microdelay(int us);

/* irq.c */
Vctl*	intrenable(int irq, void (*)(Ureg*, void*), void*, char*);
Vctl*	trapenable(int vector, void (*)(Ureg*, void*), void*, char*);
Vctl*	lapicintrenable(int vector, void (*)(Ureg*, void*), void*, char*);
Vctl*	ioapicintrenable(int gsi, int irq, int level, int activelow, void (*)(Ureg*, void*), void*, char*);
Vctl*	msiintrenable(int vector, void (*)(Ureg*, void*), void*, char*);
int	msialloc(void);
int	intrdispatch(Ureg*);
char*	irqalloc(char *p, char *e);

/* lock.c */
void	lock(Lock*);
void	unlock(Lock*);
int	canlock(Lock*);
void	ilock(Lock*);
void	iunlock(Lock*);

/* main.c */
char*	getconf(char*);

/* malloc.c */
usize	msize(void*);
void	heapstats(usize *inuse, usize *pages);

/* mmu.c */
void	mmuinit(void);
void*	vmap(uintptr pa, usize size);
u64int*	kernpml4(void);

/* page.c */
void	pageinit(void);
void	pageaddrange(uintptr base, uintptr end);
uintptr	pagealloc(int order);
void	pagefree(uintptr pa, int order);
uintptr	pagealloc1(void);
void	pagefree1(uintptr pa);
usize	pagefreecount(void);
usize	pagetotalcount(void);
uintptr	pageblock(uintptr pa, int *order);

/* pci.c, virtio.c, vrng.c (declared with their types in pci.h, virtio.h) */
void	pciinit(void);
void	virtioinit(void);
void	virtiotest(void);
int	vrngpresent(void);
long	vrngread(void*, long);

/* print.c */
int	print(char*, ...);
int	iprint(char*, ...);
void	panic(char*, ...);
void	consputs(char*, int);
long	kmesgread(char*, long, u64int);

/* trap.c */
void	trapinit(void);
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

#define getcallerpc(x)	((uintptr)__builtin_return_address(0))

#include "portfns.h"
