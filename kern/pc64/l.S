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

/*
 * The general registers of a Ureg (dat.h), pushed so that ax ends at
 * the lowest address: shared by alltraps and syscallentry, so both
 * build the one layout trapreturn pops.
 */
.macro PUSHREGS
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
.endm

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
	PUSHREGS
	testb	$3, UREG_CS(%rsp)
	jz	1f
	swapgs				/* from user mode: load the kernel's %gs */
1:
	movq	%rsp, %rdi
	cld
	call	trap
	.globl	trapreturn
trapreturn:
	cli				/* no interrupt between swapgs and iretq */
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

/*
 * Kernel contexts (Label in portdat.h): setlabel saves the
 * callee-saved registers, the caller's stack pointer and the return
 * address and returns 0; gotolabel restores them and makes that
 * setlabel return 1.
 */
	.globl	setlabel
setlabel:
	movq	(%rsp), %rax
	leaq	8(%rsp), %rdx
	movq	%rdx, 0(%rdi)		/* sp as after the return */
	movq	%rax, 8(%rdi)		/* pc */
	movq	%rbx, 16(%rdi)
	movq	%rbp, 24(%rdi)
	movq	%r12, 32(%rdi)
	movq	%r13, 40(%rdi)
	movq	%r14, 48(%rdi)
	movq	%r15, 56(%rdi)
	xorl	%eax, %eax
	ret

	.globl	gotolabel
gotolabel:
	movq	0(%rdi), %rsp
	movq	16(%rdi), %rbx
	movq	24(%rdi), %rbp
	movq	32(%rdi), %r12
	movq	40(%rdi), %r13
	movq	48(%rdi), %r14
	movq	56(%rdi), %r15
	movl	$1, %eax
	jmpq	*8(%rdi)

/*
 * The `syscall' instruction lands here (LSTAR) with the user's
 * return address in RCX, flags in R11, interrupts off (FMASK) and
 * still on the user stack.  Build a Ureg on the process's kernel
 * stack (Mach.kstacktop), laid out as alltraps does, so that
 * syscall() sees the same structure and the return is the common
 * iretq path.
 */
	.globl	syscallentry
syscallentry:
	swapgs
	movq	%rsp, %gs:MACH_USERSP
	movq	%gs:MACH_KSTACKTOP, %rsp
	pushq	$UDSEL			/* ss */
	pushq	%gs:MACH_USERSP		/* sp */
	pushq	%r11			/* flags */
	pushq	$UESEL			/* cs */
	pushq	%rcx			/* ip */
	pushq	$0			/* error */
	pushq	$256			/* type: not a hardware vector */
	PUSHREGS
	movq	%rsp, %rdi
	xorl	%ebp, %ebp
	cld
	call	syscall
	jmp	trapreturn

/*
 * A new user process (rfork) starts here from the scheduler with
 * its stack pointer at the Ureg copied from its parent.
 */
	.globl	forkret
forkret:
	jmp	trapreturn

/*
 * touser(sp, ip): leave the kernel for user mode at ip with stack sp,
 * with every other register cleared.  Used by the first process.
 */
	.globl	touser
touser:
	cli
	pushq	$UDSEL
	pushq	%rdi
	pushq	$0x200			/* flags: interrupts on */
	pushq	$UESEL
	pushq	%rsi
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	swapgs
	iretq

/* user floating-point state, FXSAVE format (512 bytes, 16-aligned) */
	.globl	fxsave
fxsave:
	fxsave64	(%rdi)
	ret

	.globl	fxrstor
fxrstor:
	fxrstor64	(%rdi)
	ret

	.globl	fninit
fninit:
	fninit
	ret

	.section .note.GNU-stack, "", @progbits
