/*
 * smalloc: allocation for system calls that must not fail.  If the
 * heap is exhausted the caller waits for memory to be freed instead
 * of erroring out half-way through an operation.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

void*
smalloc(usize n)
{
	void *p;

	while((p = malloc(n)) == nil){
		if(up == nil)
			panic("smalloc %lud: out of memory", n);
		print("smalloc %lud: waiting for memory (pid %d)\n", n, up->pid);
		tsleep(&up->sleep, return0, nil, 100);
	}
	return p;
}
