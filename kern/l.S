/*
 * Trap entry.  Each vector has a 16-byte stub at vectors+16*n that
 * pushes a dummy error code where the CPU does not push one, then the
 * vector number, and joins alltraps, which completes a Ureg (dat.h)
 * and calls trap(Ureg*).
 */
#include "mem.h"

#define UREG_CS	(18*8)

/* vectors for which the CPU pushes an error code */
#define HASERR(v)	((v)==8 || ((v)>=10 && (v)<=14) || (v)==17 || (v)==21 || (v)==29 || (v)==30)

	.text
	.align	16
	.globl	vectors
vectors:
	.set	v, 0
	.rept	256
	.align	16
	.if	HASERR(v) == 0
	pushq	$0
	.endif
	pushq	$v
	jmp	alltraps
	.set	v, v+1
	.endr

alltraps:
	pushq	%r15
	pushq	%r14
	pushq	%r13
	pushq	%r12
	pushq	%r11
	pushq	%r10
	pushq	%r9
	pushq	%r8
	pushq	%rbp
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rbx
	pushq	%rax
	testb	$3, UREG_CS(%rsp)
	jz	1f
	swapgs				/* from user mode: load the kernel's %gs */
1:
	movq	%rsp, %rdi
	cld
	call	trap
	.globl	trapreturn
trapreturn:
	testb	$3, UREG_CS(%rsp)
	jz	2f
	swapgs
2:
	popq	%rax
	popq	%rbx
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	popq	%rbp
	popq	%r8
	popq	%r9
	popq	%r10
	popq	%r11
	popq	%r12
	popq	%r13
	popq	%r14
	popq	%r15
	addq	$16, %rsp		/* vector, error code */
	iretq

	.section .note.GNU-stack, "", @progbits
