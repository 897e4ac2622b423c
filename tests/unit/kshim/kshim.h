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

/*
 * Run f in a child process; 1 if it returned normally, 0 if it
 * panicked, exited nonzero or died of a signal (say, on touching
 * memory that kshimaccess made inaccessible).
 */
int	kshimreturns(void (*f)(void));

/*
 * Make fake physical memory [pa, pa+len) inaccessible (on == 0) or
 * readable and writable again; page aligned.  0 on success.
 */
int	kshimaccess(uintptr pa, uintptr len, int on);

/* number of panics seen in this process (only nonzero in children) */
extern int	kshimnpanic;
