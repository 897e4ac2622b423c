/*
 * The application processors' way from reset to the kernel.  A
 * startup IPI starts an AP in 16-bit real mode at APBOOT (the SIPI
 * vector is APBOOT>>12); mp.c copies this code there first, with the
 * parameters at its end filled in.  Like the boot cpu's entry.S it
 * goes to long mode on the boot page tables (which still map low
 * memory one to one), then jumps to apstart64 in the kernel image.
 *
 * Everything here runs at APBOOT, not where it was linked, so every
 * address is written REL(label).
 */
#include "mem.h"

#define REL(x)	((x) - apboot + APBOOT)

	.text
	.code16
	.globl	apboot
apboot:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	lgdtl	REL(apgdtptr)
	movl	%cr0, %eax
	orl	$1, %eax			/* PE */
	movl	%eax, %cr0
	ljmpl	$0x18, $REL(ap32)

	.code32
ap32:
	movl	$0x20, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%cr4, %eax
	orl	$(1<<5), %eax			/* PAE */
	movl	%eax, %cr4
	movl	REL(apbootcr3), %eax
	movl	%eax, %cr3
	movl	$0xC0000080, %ecx		/* EFER */
	rdmsr
	orl	$(1<<8), %eax			/* LME */
	wrmsr
	movl	%cr0, %eax
	orl	$((1<<31)|(1<<16)), %eax	/* PG, WP */
	movl	%eax, %cr0
	ljmp	$KESEL, $REL(ap64)

	.code64
ap64:
	movl	$KDSEL, %eax		/* while apgdt is still mapped */
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movq	REL(apbootpml4), %rdx
	movq	REL(apbootmach), %rdi
	movq	REL(apbootstack), %rsp
	movq	REL(apbootentry), %rax
	jmp	*%rax

/* 64-bit code and data at KESEL and KDSEL as in the kernel's GDT; flat 32-bit ones after */
	.align	16
apgdt:
	.quad	0
	.quad	0x00209A0000000000		/* KESEL: 64-bit code */
	.quad	0x0000920000000000		/* KDSEL: data */
	.quad	0x00CF9A000000FFFF		/* 0x18: 32-bit code, 4 GiB */
	.quad	0x00CF92000000FFFF		/* 0x20: 32-bit data, 4 GiB */
apgdtptr:
	.word	5*8-1
	.long	REL(apgdt)

/* filled in by mp.c before each startup */
	.align	8
	.globl	apbootcr3, apbootpml4, apbootmach, apbootstack, apbootentry, apbootend
apbootcr3:
	.quad	0			/* the boot page tables, below 4 GiB */
apbootpml4:
	.quad	0			/* the kernel's page tables */
apbootmach:
	.quad	0
apbootstack:
	.quad	0
apbootentry:
	.quad	0			/* apstart64 */
apbootend:

/*
 * In the kernel image, on the boot page tables: switch to the
 * kernel's (%rdx) and call apmain(Mach*) on the Mach's stack.  The
 * GDT in use (apgdt) is not mapped from here on: nothing may load a
 * segment register until apmain has installed the cpu's own.
 */
	.globl	apstart64
apstart64:
	movq	%rdx, %cr3
	xorl	%ebp, %ebp
	call	apmain
1:	cli
	hlt
	jmp	1b

	.section .note.GNU-stack, "", @progbits
