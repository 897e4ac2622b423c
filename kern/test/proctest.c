#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

/*
 * test=proc on the kernel command line: two kprocs take turns
 * through sleep/wakeup, then contend for a QLock held across
 * tsleeps; a third checks the results and that error() unwinds.
 */
enum {
	Ntestround	= 1000,
	Ntestlock	= 20,
};

static struct {
	Rendez	ping;
	Rendez	pong;
	Rendez	done;
	int	turn;		/* 0: ping's, 1: pong's */
	int	rounds;
	QLock	q;
	int	counter;
	int	finished;
} pt;

static int
pingturn(void*)
{
	return pt.turn == 0;
}

static int
pongturn(void*)
{
	return pt.turn == 1;
}

static int
bothdone(void*)
{
	return pt.finished == 2;
}

static void
testlocked(void)
{
	Rendez r;
	int v;
	int i;

	memset(&r, 0, sizeof r);
	for(i = 0; i < Ntestlock; i++){
		qlock(&pt.q);
		v = pt.counter;
		tsleep(&r, return0, nil, 1);	/* the other one must wait for the lock */
		pt.counter = v+1;
		qunlock(&pt.q);
	}
}

static void
testping(void*)
{
	int i;

	for(i = 0; i < Ntestround; i++){
		sleep(&pt.ping, pingturn, nil);
		pt.rounds++;
		pt.turn = 1;
		wakeup(&pt.pong);
	}
	testlocked();
	pt.finished++;
	wakeup(&pt.done);
}

static void
testpong(void*)
{
	int i;

	for(i = 0; i < Ntestround; i++){
		sleep(&pt.pong, pongturn, nil);
		pt.rounds++;
		pt.turn = 0;
		wakeup(&pt.ping);
	}
	testlocked();
	pt.finished++;
	wakeup(&pt.done);
}

static void
testcheck(void*)
{
	u64int t0, ms;
	int ok, unwound;

	t0 = nsec();
	while(!bothdone(nil))
		sleep(&pt.done, bothdone, nil);	/* each finisher wakes us */
	ms = (nsec() - t0) / 1000000;
	unwound = 0;
	if(waserror())
		unwound = strcmp(up->errstr, Ebadarg) == 0;
	else{
		error(Ebadarg);
		poperror();	/* not reached */
	}
	ok = pt.rounds == 2*Ntestround && pt.counter == 2*Ntestlock && ms >= 2*Ntestlock && unwound;
	print("proc test: rounds %d counter %d %llud ms unwound %d\n", pt.rounds, pt.counter, ms, unwound);
	print(ok ? "proc test ok\n" : "proc test FAILED\n");
}

void
proctest(void)
{
	kproc("testcheck", testcheck, nil);
	kproc("testping", testping, nil);
	kproc("testpong", testpong, nil);
}
