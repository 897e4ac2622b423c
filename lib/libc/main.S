/*
 * Program entry.  exec leaves the stack as
 *	RSP ->	argc (8 bytes)
 *		argv[0] .. argv[argc-1]
 *		nil
 *		the strings
 * with RSP 16-aligned.  Call main(argc, argv) with the alignment the
 * ABI wants (16 at the call), make argv[0] the default argv0 for
 * sysfatal, and if main returns, exit with an empty (good) status.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp		/* end of the frame-pointer chain */
	movq	(%rsp), %rdi		/* argc */
	leaq	8(%rsp), %rsi		/* argv */
	andq	$-16, %rsp
	movq	(%rsi), %rax
	movq	%rax, argv0(%rip)
	call	main
	xorl	%edi, %edi
	call	exits
1:	jmp	1b
	.size	_start, .-_start

	.section .note.GNU-stack, "", @progbits
