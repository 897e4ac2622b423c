/*
 * smalloc: allocation for system calls.  A process that can take an
 * error (it is inside waserror, as every system call is) waits a
 * little for memory to be freed and then gets Enomem: a user who has
 * filled memory must see his command fail, not have every later
 * system call wait for ever behind him.  Kernel processes and code
 * with no error label keep waiting, as Plan 9's smalloc does.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

enum {
	Waitms	= 100,		/* between tries */
	Ntries	= 10,		/* before a user process gets Enomem */
};

void*
smalloc(usize n)
{
	void *p;
	int i;

	for(i = 0; (p = malloc(n)) == nil; i++){
		if(up == nil)
			panic("smalloc %lud: out of memory", n);
		if(up->pml4 != nil && up->nerrlab > 0 && i >= Ntries)
			error(Enomem);
		if(i == 0)
			print("smalloc %lud: waiting for memory (pid %d)\n", n, up->pid);
		tsleep(&up->sleep, return0, nil, Waitms);
	}
	return p;
}
