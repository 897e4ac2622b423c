/*
 * Test-side helpers of the kernel shim (kshim.c).
 */
#pragma once

/* reserve size bytes of address space as physical memory [0, size) */
int	kshimmkarena(uvlong size);

/*
 * Run f in a child process; 1 if it called panic, 0 if it returned
 * or died some other way.
 */
int	kshimpanics(void (*f)(void));

/* number of panics seen in this process (only nonzero in children) */
extern int	kshimnpanic;
