/*
 * Spin locks.  ilock is for data shared with interrupt handlers: it
 * disables interrupts first and restores them in iunlock, so an
 * interrupt on the holder's cpu cannot spin on it forever.
 *
 * Debugging, always on: a lock taken again on the cpu that holds it
 * (which can only deadlock: nothing here is preempted while holding
 * a spin lock) panics naming both callers, and a lock waited for
 * longer than Longwait is reported once with its holder.  Mach.nlocks
 * counts the locks a cpu holds, so that sched() and error() can
 * refuse to run with one held.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"

enum {
	Longwait	= 5000000000ULL,	/* ns: TCG on a busy host is slow, but not this slow */
};

static void
taken(Lock *l, uintptr pc, Mach *m)
{
	l->pc = pc;
	l->m = m;
	m->nlocks++;
}

static void
recursive(Lock *l, uintptr pc, Mach *m)
{
	if(__atomic_load_n(&l->m, __ATOMIC_RELAXED) == m && l->key)
		panic("lock %#p taken twice on cpu%d: pc %#p, held by pc %#p", l, m->machno, pc, l->pc);
}

/* spin until l looks free; report once if that takes too long */
static void
waitfree(Lock *l, uintptr pc, u64int *since)
{
	Mach *h;

	while(__atomic_load_n(&l->key, __ATOMIC_RELAXED)){
		pause();
		if(*since == 0)
			*since = nsec();
		else if(*since != ~0ULL && nsec() - *since > Longwait){
			h = l->m;
			iprint("lock %#p: cpu%d pc %#p waited %llud ms; held by pc %#p on cpu%d\n",
				l, machp()->machno, pc, (nsec() - *since)/1000000, l->pc, h != nil ? h->machno : -1);
			*since = ~0ULL;
		}
	}
}

int
canlock(Lock *l)
{
	if(__atomic_exchange_n(&l->key, 1, __ATOMIC_ACQUIRE) != 0)
		return 0;
	taken(l, getcallerpc(&l), machp());
	l->isilock = 0;
	return 1;
}

void
lock(Lock *l)
{
	uintptr pc;
	u64int since;
	Mach *m;

	pc = getcallerpc(&l);
	m = machp();
	recursive(l, pc, m);
	since = 0;
	while(__atomic_exchange_n(&l->key, 1, __ATOMIC_ACQUIRE) != 0)
		waitfree(l, pc, &since);
	taken(l, pc, m);
	l->isilock = 0;
}

void
unlock(Lock *l)
{
	if(l->key == 0)
		panic("unlock of unlocked lock %#p pc %#p", l, getcallerpc(&l));
	if(l->isilock)
		panic("unlock of ilock %#p pc %#p, locked at pc %#p", l, getcallerpc(&l), l->pc);
	l->pc = 0;
	l->m = nil;
	machp()->nlocks--;
	__atomic_store_n(&l->key, 0, __ATOMIC_RELEASE);
}

void
ilock(Lock *l)
{
	u64int flags, since;
	uintptr pc;
	Mach *m;

	pc = getcallerpc(&l);
	flags = splhi();
	m = machp();
	recursive(l, pc, m);
	since = 0;
	while(__atomic_exchange_n(&l->key, 1, __ATOMIC_ACQUIRE) != 0){
		splx(flags);
		waitfree(l, pc, &since);
		flags = splhi();
	}
	taken(l, pc, m);
	l->flags = flags;
	l->isilock = 1;
}

void
iunlock(Lock *l)
{
	u64int flags;

	if(l->key == 0)
		panic("iunlock of unlocked lock %#p pc %#p", l, getcallerpc(&l));
	if(!l->isilock)
		panic("iunlock of lock %#p pc %#p, locked at pc %#p", l, getcallerpc(&l), l->pc);
	flags = l->flags;
	l->pc = 0;
	l->m = nil;
	machp()->nlocks--;
	__atomic_store_n(&l->key, 0, __ATOMIC_RELEASE);
	splx(flags);
}
