/*
 * Spin locks for processes sharing memory (rfork(RFMEM)), as Plan 9's
 * lock(2).  A waiter spins a while, then gives the cpu away with
 * sleep(0) on each try: the holder may be waiting for this cpu.
 */
#include <u.h>
#include <libc.h>

enum {
	Spins	= 1000,		/* tries before yielding */
};

int
canlock(Lock *l)
{
	return !__atomic_exchange_n(&l->val, 1, __ATOMIC_ACQUIRE);
}

void
lock(Lock *l)
{
	int i;

	for(i = 0; !canlock(l); i++){
		while(__atomic_load_n(&l->val, __ATOMIC_RELAXED) != 0){
			if(i++ >= Spins)
				sleep(0);
			else
				__asm__ volatile("pause");
		}
	}
}

void
unlock(Lock *l)
{
	__atomic_store_n(&l->val, 0, __ATOMIC_RELEASE);
}
