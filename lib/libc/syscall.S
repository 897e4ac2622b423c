/*
 * System call stubs.  The C arguments arrive in RDI RSI RDX RCX R8 R9
 * (System V); the kernel takes the fourth in R10 because the syscall
 * instruction overwrites RCX with the return address.  The number goes
 * in RAX and the result comes back there (-1 on error; errstr(2)
 * fetches why).  The numbers are those of sys.h, which assembly cannot
 * include because it uses enums: keep the two in step.
 */

#define	STUB(name, num) \
	.globl name; \
	.type name, @function; \
name: \
	movl	$num, %eax; \
	movq	%rcx, %r10; \
	syscall; \
	ret; \
	.size name, .-name

	.text

STUB(sysr1, 0)
STUB(bind, 2)
STUB(chdir, 3)
STUB(close, 4)
STUB(dup, 5)
STUB(alarm, 6)
STUB(exec, 7)
STUB(fauth, 10)
STUB(segbrk, 12)
STUB(open, 14)
STUB(sleep, 17)
STUB(rfork, 19)
STUB(pipe, 21)
STUB(create, 22)
STUB(fd2path, 23)
STUB(brk_, 24)
STUB(remove, 25)
STUB(notify, 28)
STUB(noted, 29)
STUB(rendezvous, 34)
STUB(unmount, 35)
STUB(seek, 39)
STUB(fversion, 40)
STUB(errstr, 41)
STUB(stat, 42)
STUB(fstat, 43)
STUB(wstat, 44)
STUB(fwstat, 45)
STUB(mount, 46)
STUB(await, 47)
STUB(pread, 50)
STUB(pwrite, 51)
STUB(nsec, 53)

/* exits(2) never returns; should the kernel ever come back, try again */
	.globl	_exits
	.type	_exits, @function
_exits:
	movl	$8, %eax
	syscall
	jmp	_exits
	.size	_exits, .-_exits

/* read and write are pread and pwrite at the file's own offset (-1) */
	.globl	read
	.type	read, @function
read:
	movq	$-1, %r10
	movl	$50, %eax
	syscall
	ret
	.size	read, .-read

	.globl	write
	.type	write, @function
write:
	movq	$-1, %r10
	movl	$51, %eax
	syscall
	ret
	.size	write, .-write

STUB(segattach, 30)
STUB(segdetach, 31)
STUB(segfree, 32)
	.section .note.GNU-stack, "", @progbits

