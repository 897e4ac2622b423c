/*
 * Kernel page tables.  The boot tables (entry.S) map only the first
 * GiB; mmuinit replaces them with:
 *	KZERO	the kernel image (the boot directory, reused)
 *	KMAP	a direct map of physical memory up to max(4GiB, top of
 *		RAM) in 2MiB pages.  The PCI hole below 4GiB is thereby
 *		mapped too; firmware MTRRs make it uncached.
 * vmap extends the direct map for MMIO above it, uncached.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"

extern u64int bootpml4[];

static u64int *pml4;
static Lock mmulock;
static uintptr mapped;		/* direct map covers [0, mapped) */

#define PML4X(va)	(((va)>>39) & 511)
#define PDPX(va)	(((va)>>30) & 511)
#define PDX(va)		(((va)>>21) & 511)

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
	putcr3(PADDR(pml4));
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
