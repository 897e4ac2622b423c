/*
 * Memory and machine-specific definitions shared by C and assembler.
 *
 * Virtual layout (48-bit canonical):
 *	0x0000000000000000	user space (later)
 *	KMAP	0xffff800000000000	direct map of all physical memory;
 *				RAM write-back, MMIO mapped uncached on demand
 *	KZERO	0xffffffff80000000	the kernel image: physical 0-1GiB,
 *				so -mcmodel=kernel code can address it
 */
#pragma once

#ifdef __ASSEMBLER__
#define UL(x)	x
#else
#define UL(x)	x##UL
#endif

#define BY2PG		4096
#define PGSHIFT		12
#define BY2BIGPG	(2*1024*1024)
#define PGROUND(s)	(((s)+BY2PG-1) & ~(uintptr)(BY2PG-1))

#define KZERO		UL(0xffffffff80000000)
#define KMAP		UL(0xffff800000000000)
#define KTZERO		(KZERO+0x100000)	/* kernel text, linked here, loaded at 1MiB */
#define BOOTMAPSIZE	UL(0x40000000)	/* mapped by the boot page tables */

#define KSTACK		(16*1024)		/* kernel stack per process / cpu */
#define FPSIZE		512			/* FXSAVE area per process */

/* page table entry bits */
#define PTEVALID	(UL(1)<<0)
#define PTEWRITE	(UL(1)<<1)
#define PTEUSER		(UL(1)<<2)
#define PTEWT		(UL(1)<<3)
#define PTEUNCACHED	(UL(1)<<4)
#define PTEACCESSED	(UL(1)<<5)
#define PTEDIRTY	(UL(1)<<6)
#define PTESIZE		(UL(1)<<7)		/* 2MiB/1GiB page in a directory */
#define PTEGLOBAL	(UL(1)<<8)
#define PTENOEXEC	(UL(1)<<63)
#define PTEADDR		UL(0x000ffffffffff000)

/* segment selectors; the order suits syscall/sysret (see STAR in trap.c) */
#define KESEL		0x08			/* kernel code */
#define KDSEL		0x10			/* kernel data */
#define UDSEL		(0x20|3)		/* user data */
#define UESEL		(0x28|3)		/* user 64-bit code */
#define TSSSEL		0x30

/* interrupt vectors */
#define VectorPIC	32			/* legacy 8259s, remapped and masked */
#define VectorTimer	48			/* LAPIC timer */
#define VectorError	49			/* LAPIC error */
#define VectorResched	50			/* IPI: a process is ready, or has a note */
#define VectorHalt	51			/* IPI: stop this cpu */
#define VectorFlush	52			/* IPI: TLB shootdown (mmu.c) */
#define VectorIRQ	64			/* IOAPIC: VectorIRQ+GSI */
#define VectorMSI	128			/* MSI/MSI-X, allocated upwards */
#define VectorSpurious	255

/* Mach field offsets used by l.S */
#define MACH_PROC	8
#define MACH_KSTACKTOP	16
#define MACH_USERSP	24

#define HZ		100			/* clock ticks per second */
#define MAXMACH		16			/* cpus */
#define APBOOT		0x8000			/* physical home of the AP trampoline (apboot.S) */

#ifndef __ASSEMBLER__
#define KADDR(pa)	((void*)((uintptr)(pa) + KMAP))
#define PADDR(va)	((uintptr)(va) >= KZERO ? (uintptr)(va) - KZERO : (uintptr)(va) - KMAP)
#endif
