#include <u.h>
#include <libc.h>

/*
 * abort(2): fault on purpose, so the process dies with a note (and
 * could be looked at) rather than exiting quietly.
 */
void
abort(void)
{
	uintptr zero;

	zero = 0;
	__asm__ volatile("" : "+r"(zero));	/* hide the nil from the optimiser */
	for(;;){
		*(volatile int*)zero = 0;
		_exits("abort");
	}
}
