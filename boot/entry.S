/*
 * Multiboot (v1) entry.  The loader (QEMU -kernel or GRUB) jumps to
 * start32 in 32-bit protected mode with paging off, EAX = magic and
 * EBX = physical address of the multiboot information.
 *
 * We record the TSC first (boot time is measured from here), zero
 * the bss, switch to long mode on static boot page tables that map
 * physical 0-1GiB three times (identity, KMAP and KZERO), and call
 * main(magic, info) on the boot stack at the kernel's high address.
 */
#include "../kern/pc64/mem.h"

#define PHYS(x)		((x) - KZERO)

#define MBMAGIC		0x1BADB002
#define MBFLAGS		0x00010003	/* page-align modules, memory map, a.out kludge */

	.section .mbheader, "a"
	.code32
	.align 4
mbheader:
	.long	MBMAGIC
	.long	MBFLAGS
	.long	-(MBMAGIC+MBFLAGS)
	.long	PHYS(mbheader)		/* header_addr */
	.long	PHYS(KTZERO)		/* load_addr: the image starts here */
	.long	PHYS(edata)		/* load_end_addr */
	.long	PHYS(end)		/* bss_end_addr */
	.long	PHYS(start32)		/* entry_addr */

	.text
	.code32
	.globl	start32
start32:
	cli
	cld
	movl	%eax, %esi			/* multiboot magic */
	movl	%ebx, %edi			/* multiboot info */
	rdtsc
	movl	%eax, PHYS(entrytsc)
	movl	%edx, PHYS(entrytsc)+4

	/* zero the bss; the loader should have, but be sure */
	movl	$PHYS(edata), %ebx
	movl	$PHYS(end), %ecx
	subl	%ebx, %ecx
	xorl	%eax, %eax
	pushl	%edi
	movl	%ebx, %edi
	rep stosb
	popl	%edi

	lgdt	PHYS(gdtptr32)

	movl	%cr4, %eax
	orl	$(1<<5), %eax			/* PAE */
	movl	%eax, %cr4
	movl	$PHYS(bootpml4), %eax
	movl	%eax, %cr3
	movl	$0xC0000080, %ecx		/* EFER */
	rdmsr
	orl	$(1<<8), %eax			/* LME */
	wrmsr
	movl	%cr0, %eax
	orl	$((1<<31)|(1<<16)|1), %eax	/* PG, WP, PE */
	movl	%eax, %cr0
	ljmp	$KESEL, $PHYS(start64low)

	.code64
start64low:
	movabsq	$start64, %rax
	jmp	*%rax
start64:
	movl	$KDSEL, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$bootstack+KSTACK, %rsp
	xorl	%ebp, %ebp
	/* %edi = magic and %esi = info, as main's arguments */
	xchgl	%esi, %edi
	call	main
1:	cli
	hlt
	jmp	1b

/*
 * Boot GDT: just enough for long mode; trap.c installs the real one
 * with user segments and the TSS.
 */
	.data
	.align 16
gdt32:
	.quad	0
	.quad	0x00209A0000000000		/* KESEL: 64-bit code */
	.quad	0x0000920000000000		/* KDSEL: data */
gdtptr32:
	.word	3*8-1
	.long	PHYS(gdt32)

/*
 * Boot page tables: PML4 slots 0 (identity, for the jump to 64-bit
 * code), 256 (KMAP) and 511 (KZERO) all lead to one directory of
 * 2MiB pages covering physical 0-1GiB.
 */
	.align 4096
	.globl	bootpml4
bootpml4:
	.quad	PHYS(bootpdpt) + (PTEVALID|PTEWRITE)
	.fill	255, 8, 0
	.quad	PHYS(bootpdpt) + (PTEVALID|PTEWRITE)
	.fill	254, 8, 0
	.quad	PHYS(bootpdpt) + (PTEVALID|PTEWRITE)
bootpdpt:
	.quad	PHYS(bootpd) + (PTEVALID|PTEWRITE)
	.fill	509, 8, 0
	.quad	PHYS(bootpd) + (PTEVALID|PTEWRITE)	/* 510: KZERO */
	.quad	0
bootpd:
	.set	i, 0
	.rept	512
	.quad	(i << 21) | (PTEVALID|PTEWRITE|PTESIZE)
	.set	i, i+1
	.endr

	.globl	entrytsc
	.align 8
entrytsc:
	.quad	0

	.bss
	.align 4096
	.globl	bootstack
bootstack:
	.space	KSTACK

	.section .note.GNU-stack, "", @progbits
