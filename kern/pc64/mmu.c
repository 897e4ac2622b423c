/*
 * Kernel page tables.  The boot tables (entry.S) map only the first
 * GiB; mmuinit replaces them with:
 *	KZERO	the kernel image (the boot directory, reused)
 *	KMAP	a direct map of physical memory up to max(4GiB, top of
 *		RAM) in 2MiB pages.  The PCI hole below 4GiB is thereby
 *		mapped too; firmware MTRRs make it uncached.
 * vmap extends the direct map for MMIO above it, uncached.
 *
 * User address spaces: each user process has its own PML4 whose
 * lower half (entries 0-255) maps its segments and whose upper half
 * is copied from the kernel's, so kernel mappings are shared.  The
 * tables only cache a segment's pages: fault() (segment.c) fills
 * them one page at a time through putmmu, and they can be thrown
 * away and rebuilt at any time (newaddrspace).
 *
 * TLBs on several cpus.  A process's page tables change only on the
 * cpu it is running on (fault, brk, exec), which invalidates its own
 * TLB entry; a process runs on one cpu at a time.  So the only stale
 * entries are on cpus it ran on before, and those are harmless until
 * the process runs there again: mmuswitch reloads cr3 whenever the
 * process arrives from another cpu (Proc.mmumach), not only when cr3
 * differs.  Page tables themselves are freed (exit, exec) only when
 * no cpu has them loaded: an idle cpu loads the kernel's tables
 * (runproc), and mmufree waits for any cpu still switching away.
 *
 * Shootdown.  Pages can go from under another process, or become
 * read-only for it: a segment shared by RFMEM has a page copied for a
 * write (copy on write), is shrunk by brk, or is shared copy-on-write
 * by a fork.  procflushseg marks each other process using the segment
 * newtlb, and mmushootdown interrupts every other cpu that may be
 * running one; it returns only when each has answered.  A process
 * marked newtlb drops all its user mappings (mmuflushuser) before it
 * runs user code again: in the IPI if it is running, else in
 * mmuswitch.  Dropping tables under code walking them would be wrong,
 * so the walks (putmmu, mmuunmap, mmumapped) run at splhi, where the
 * IPI can not land; kernel code touching user memory afterwards just
 * faults the page in again.  mmuswitch stores Mach.cr3 before it
 * reads newtlb, and procflushseg sets newtlb before mmushootdown reads
 * Mach.cr3, both with a full barrier between, so either the cpu sees
 * the mark or the shootdown sees the cpu.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"
#include "error.h"

extern u64int bootpml4[];

static u64int *pml4;
static Lock mmulock;
static Lock shootlock;		/* one shootdown at a time */
static uintptr mapped;		/* direct map covers [0, mapped) */

enum {
	Efer		= 0xC0000080,
	Nxe		= 1<<11,
};

#define PML4X(va)	(((va)>>39) & 511)
#define PDPX(va)	(((va)>>30) & 511)
#define PDX(va)		(((va)>>21) & 511)
#define PTX(va)		(((va)>>12) & 511)

static u64int noexec;		/* PTENOEXEC if the cpu supports it, else 0 */

static void	loadcr3(uintptr);

static u64int*
newtable(void)
{
	uintptr pa;

	pa = pagealloc1();
	if(pa == 0)
		panic("mmu: out of memory for page tables");
	memset(KADDR(pa), 0, BY2PG);
	return KADDR(pa);
}

/* the entry at the next level down, making the table if need be */
static u64int*
walknext(u64int *table, int x)
{
	if((table[x] & PTEVALID) == 0)
		table[x] = PADDR(newtable()) | PTEVALID | PTEWRITE;
	return KADDR(table[x] & PTEADDR);
}

static void
map2m(uintptr va, uintptr pa, u64int bits)
{
	u64int *pdp, *pd;

	pdp = walknext(pml4, PML4X(va));
	pd = walknext(pdp, PDPX(va));
	pd[PDX(va)] = pa | bits | PTEVALID | PTESIZE;
}

void
mmuinit(void)
{
	uintptr pa, top;

	pml4 = newtable();
	pml4[PML4X(KZERO)] = bootpml4[PML4X(KZERO)];
	top = conf.topofram;
	if(top < 0x100000000UL)
		top = 0x100000000UL;
	for(pa = 0; pa < top; pa += BY2BIGPG)
		map2m(KMAP+pa, pa, PTEWRITE|PTEGLOBAL);
	mapped = top;
	loadcr3(PADDR(pml4));
}

/* the kernel pml4, whose upper half every address space shares */
u64int*
kernpml4(void)
{
	return pml4;
}

void*
vmap(uintptr pa, usize size)
{
	uintptr a;

	if(pa+size <= mapped)
		return KADDR(pa);
	lock(&mmulock);
	for(a = pa & ~(uintptr)(BY2BIGPG-1); a < pa+size; a += BY2BIGPG)
		map2m(KMAP+a, a, PTEWRITE|PTEUNCACHED|PTEWT);
	unlock(&mmulock);
	putcr3(getcr3());
	return KADDR(pa);
}

/* turn on no-execute pages if the cpu has them */
void
mmuprocinit(void)
{
	u32int r[4];

	cpuid(0x80000000, 0, r);
	if(r[0] < 0x80000001)
		return;
	cpuid(0x80000001, 0, r);
	if(r[3] & (1<<20)){
		wrmsr(Efer, rdmsr(Efer) | Nxe);
		noexec = PTENOEXEC;
	}
}

static u64int*
newpml4(void)
{
	u64int *t;
	uintptr pa;

	pa = pagealloc1();
	if(pa == 0)
		return nil;
	t = KADDR(pa);
	memset(t, 0, BY2PG/2);
	memmove(t+256, pml4+256, BY2PG/2);
	return t;
}

/* the PTE for va in a user pml4 t, making the tables on the way if create */
static u64int*
walkpte(u64int *t, uintptr va, int create)
{
	uintptr pa;
	int i, x;

	for(i = 3; i > 0; i--){
		x = (va >> (12 + 9*i)) & 511;
		if((t[x] & PTEVALID) == 0){
			if(!create)
				return nil;
			pa = pagealloc1();
			if(pa == 0)
				return nil;
			memset(KADDR(pa), 0, BY2PG);
			t[x] = pa | PTEVALID | PTEWRITE | PTEUSER;
		}
		t = KADDR(t[x] & PTEADDR);
	}
	return &t[PTX(va)];
}

static void
freetables(u64int *t, int level)
{
	int i, n;

	n = level == 3 ? 256 : 512;	/* the top level's upper half is the kernel's */
	if(level > 0)
		for(i = 0; i < n; i++)
			if(t[i] & PTEVALID)
				freetables(KADDR(t[i] & PTEADDR), level-1);
	pagefree1(PADDR(t));		/* a last-level table's entries belong to segments */
}

/* free a pml4 and its tables once no cpu has them loaded */
static void
mmufree(u64int *t)
{
	uintptr pa;
	int i;

	pa = PADDR(t);
	if(getcr3() == pa)
		panic("mmufree: address space in use");
	for(i = 0; i < nonline; i++)
		while(machs[i] != nil && __atomic_load_n(&machs[i]->cr3, __ATOMIC_ACQUIRE) == pa)
			pause();
	freetables(t, 3);
}

/* free p's page tables; p must not be running on them */
void
mmurelease(Proc *p)
{
	if(p->pml4 == nil)
		return;
	mmufree(p->pml4);
	p->pml4 = nil;
}

/* zero the last-level entries under table t of the given level */
static void
clearptes(u64int *t, int level, int n)
{
	int i;

	if(level == 0){
		memset(t, 0, n*sizeof t[0]);
		return;
	}
	for(i = 0; i < n; i++)
		if(t[i] & PTEVALID)
			clearptes(KADDR(t[i] & PTEADDR), level-1, 512);
}

/*
 * Drop every user mapping of p, which is up or runs nowhere, and if
 * its tables are loaded here flush the TLB; fault() maps the
 * segments' pages again.  The tables themselves stay (exit and exec
 * free them): this runs in the shootdown IPI, which may have
 * interrupted the page allocator holding its lock.
 */
static void
mmuflushuser(Proc *p)
{
	u64int *t;
	u64int s;

	s = splhi();
	t = p->pml4;
	if(t != nil){
		clearptes(t, 3, 256);
		if(getcr3() == PADDR(t))
			loadcr3(PADDR(t));
	}
	splx(s);
}

/* the IPI of mmushootdown, or its wait: act on up's newtlb and answer */
void
mmuflushintr(void)
{
	Mach *m;
	Proc *p;

	m = machp();
	p = m->proc;
	if(p != nil && p->pml4 != nil && m->cr3 == PADDR(p->pml4)
	&& __atomic_exchange_n(&p->newtlb, 0, __ATOMIC_SEQ_CST))
		mmuflushuser(p);
	__atomic_store_n(&m->tlbshoot, 0, __ATOMIC_RELEASE);
}

/*
 * Make every other cpu that may be running a process marked newtlb
 * drop its user mappings, and wait until each has (see Shootdown).
 * A cpu on the kernel's own tables runs no process's user half.
 * Waiting, this cpu answers shootdowns of others itself, so two
 * cpus shooting at each other with interrupts off do not deadlock.
 */
void
mmushootdown(void)
{
	Mach *me, *m;
	int i, waiting;

	me = machp();
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	while(!canlock(&shootlock)){
		if(__atomic_load_n(&me->tlbshoot, __ATOMIC_ACQUIRE))
			mmuflushintr();
		pause();
	}
	for(i = 0; i < nonline; i++){
		m = machs[i];
		if(m == nil || m == me || __atomic_load_n(&m->cr3, __ATOMIC_ACQUIRE) == PADDR(pml4))
			continue;
		__atomic_store_n(&m->tlbshoot, 1, __ATOMIC_RELEASE);
		lapicipi(m->apicid, VectorFlush);
	}
	do{
		waiting = 0;
		for(i = 0; i < nonline; i++){
			m = machs[i];
			if(m != nil && m != me && __atomic_load_n(&m->tlbshoot, __ATOMIC_ACQUIRE))
				waiting = 1;
		}
		if(__atomic_load_n(&me->tlbshoot, __ATOMIC_ACQUIRE))
			mmuflushintr();
		pause();
	}while(waiting);
	unlock(&shootlock);
}

static void
loadcr3(uintptr pa)
{
	Mach *m;

	m = machp();
	__atomic_store_n(&m->cr3, pa, __ATOMIC_RELEASE);
	putcr3(pa);
	m->tlbpurge++;
}

/* run on p's address space, or the kernel's alone for nil or a kproc */
void
mmuswitch(Proc *p)
{
	uintptr pa;

	Mach *m;

	m = machp();
	if(p != nil && p->pml4 != nil)
		pa = PADDR(p->pml4);
	else
		pa = PADDR(pml4);
	if(m->cr3 != pa || (p != nil && p->mmumach != m))
		loadcr3(pa);
	if(p != nil){
		__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* cr3 stored, then newtlb read */
		if(__atomic_exchange_n(&p->newtlb, 0, __ATOMIC_SEQ_CST))
			mmuflushuser(p);
		p->mmumach = m;
	}
}

/* up's page tables no longer match its segments (fork made them copy-on-write) */
void
mmuflush(void)
{
	__atomic_store_n(&up->newtlb, 0, __ATOMIC_SEQ_CST);
	mmuflushuser(up);
}

/*
 * Fresh, empty page tables for p, replacing any it had (exec).
 * Nothing is lost: fault() maps the segments' pages again.
 */
void
newaddrspace(Proc *p)
{
	u64int *new, *old;

	new = newpml4();
	if(new == nil)
		error(Enomem);
	old = p->pml4;
	p->pml4 = new;
	if(p == up)
		mmuswitch(p);
	if(old != nil)
		mmufree(old);
}

/*
 * Map user page va of up to pa: writable data (never executable
 * when the cpu has NX), or read-only executable text.  -1 if there
 * is no memory for a page table.
 */
int
putmmu(uintptr va, uintptr pa, int writable)
{
	u64int *pte, bits, s;

	s = splhi();
	pte = walkpte(up->pml4, va, 1);
	if(pte == nil){
		splx(s);
		return -1;
	}
	bits = PTEVALID | PTEUSER;
	if(writable)
		bits |= PTEWRITE | noexec;
	*pte = pa | bits;
	invlpg(va);
	splx(s);
	return 0;
}

/* take user page va out of up's page tables */
void
mmuunmap(uintptr va)
{
	u64int *pte, s;

	if(up->pml4 == nil)
		return;
	s = splhi();
	pte = walkpte(up->pml4, va, 0);
	if(pte != nil && (*pte & PTEVALID)){
		*pte = 0;
		invlpg(va);
	}
	splx(s);
}

/* is user page va mapped in up's page tables, writable if write */
int
mmumapped(uintptr va, int write)
{
	u64int *pte, s;
	int ok;

	if(up->pml4 == nil)
		return 0;
	s = splhi();
	pte = walkpte(up->pml4, va, 0);
	ok = pte != nil && (*pte & PTEVALID) != 0 && (!write || (*pte & PTEWRITE) != 0);
	splx(s);
	return ok;
}
