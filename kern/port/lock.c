/*
 * Spin locks.  ilock is for data shared with interrupt handlers: it
 * disables interrupts first and restores them in iunlock.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"

int
canlock(Lock *l)
{
	return __atomic_exchange_n(&l->key, 1, __ATOMIC_ACQUIRE) == 0;
}

void
lock(Lock *l)
{
	uintptr pc;
	u64int i;

	pc = getcallerpc(&l);
	for(i = 0; !canlock(l); i++){
		while(__atomic_load_n(&l->key, __ATOMIC_RELAXED))
			pause();
		if(i == 100000000)
			print("lock %#p loop key %d pc %#p held by pc %#p\n", l, l->key, pc, l->pc);
	}
	l->pc = pc;
	l->isilock = 0;
}

void
unlock(Lock *l)
{
	if(l->key == 0)
		panic("unlock of unlocked lock %#p pc %#p", l, getcallerpc(&l));
	l->pc = 0;
	__atomic_store_n(&l->key, 0, __ATOMIC_RELEASE);
}

void
ilock(Lock *l)
{
	u64int flags;

	flags = splhi();
	while(!canlock(l)){
		splx(flags);
		while(__atomic_load_n(&l->key, __ATOMIC_RELAXED))
			pause();
		flags = splhi();
	}
	l->flags = flags;
	l->isilock = 1;
	l->pc = getcallerpc(&l);
}

void
iunlock(Lock *l)
{
	u64int flags;

	if(l->key == 0)
		panic("iunlock of unlocked lock %#p pc %#p", l, getcallerpc(&l));
	flags = l->flags;
	l->pc = 0;
	__atomic_store_n(&l->key, 0, __ATOMIC_RELEASE);
	splx(flags);
}
