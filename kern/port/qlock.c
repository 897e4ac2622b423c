/*
 * Sleeping locks.  A QLock is held across long waits (I/O, other
 * sleeps); waiters queue FIFO through Proc.qnext and are handed the
 * lock directly by the unlocker, so no one can barge in.  An RWlock
 * admits many readers or one writer, also FIFO: a reader arriving
 * while a writer waits queues behind it.
 *
 * Before the first process exists (boot) the locks work as long as
 * they are not contended.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"

/* append up to a wait queue in state, then give up the cpu; use is held */
static void
queue(Lock *use, Proc **head, Proc **tail, int state, char *why)
{
	u64int s;

	if(up == nil)
		panic("%s: contended lock before processes exist, pc %#p", why, getcallerpc(&use));
	up->qnext = nil;
	if(*tail != nil)
		(*tail)->qnext = up;
	else
		*head = up;
	*tail = up;
	up->state = state;
	up->psstate = why;
	/* no interrupt between the unlock and sched */
	s = splhi();
	unlock(use);
	sched();
	splx(s);
}

static Proc*
dequeue(Proc **head, Proc **tail)
{
	Proc *p;

	p = *head;
	if(p != nil){
		*head = p->qnext;
		if(*head == nil)
			*tail = nil;
		p->qnext = nil;
	}
	return p;
}

void
qlock(QLock *q)
{
	lock(&q->use);
	if(!q->locked){
		q->locked = 1;
		q->pc = getcallerpc(&q);
		unlock(&q->use);
		return;
	}
	if(up != nil)
		up->qlock = q;
	queue(&q->use, &q->head, &q->tail, Queueing, "QLock");
	/* qunlock handed the lock over to us */
	up->qlock = nil;
	q->pc = getcallerpc(&q);
}

int
canqlock(QLock *q)
{
	if(!canlock(&q->use))
		return 0;
	if(q->locked){
		unlock(&q->use);
		return 0;
	}
	q->locked = 1;
	q->pc = getcallerpc(&q);
	unlock(&q->use);
	return 1;
}

void
qunlock(QLock *q)
{
	Proc *p;

	lock(&q->use);
	if(!q->locked)
		panic("qunlock of unlocked qlock %#p pc %#p", q, getcallerpc(&q));
	p = dequeue(&q->head, &q->tail);
	if(p == nil)
		q->locked = 0;
	q->pc = 0;
	unlock(&q->use);
	if(p != nil)
		ready(p);
}

void
rlock(RWlock *l)
{
	lock(&l->use);
	if(!l->writer && l->head == nil){
		l->readers++;
		unlock(&l->use);
		return;
	}
	queue(&l->use, &l->head, &l->tail, QueueingR, "QueueingR");
	/* the unlocker counted us in readers */
}

/* hand the lock to the waiters at the head of the queue; use is held */
static void
handover(RWlock *l, Proc **woken, int *nwoken, int max)
{
	Proc *p;

	*nwoken = 0;
	p = l->head;
	if(p == nil)
		return;
	if(p->state == QueueingW){
		if(l->readers > 0)
			return;
		dequeue(&l->head, &l->tail);
		l->writer = 1;
		l->wproc = p;
		woken[(*nwoken)++] = p;
		return;
	}
	while((p = l->head) != nil && p->state == QueueingR && *nwoken < max){
		dequeue(&l->head, &l->tail);
		l->readers++;
		woken[(*nwoken)++] = p;
	}
}

enum {
	Maxwake	= 16,		/* readers woken at once; the rest by the next wake */
};

static void
wakeall(Proc **woken, int n)
{
	int i;

	for(i = 0; i < n; i++)
		ready(woken[i]);
}

void
runlock(RWlock *l)
{
	Proc *woken[Maxwake];
	int n;

	lock(&l->use);
	if(l->readers <= 0)
		panic("runlock of unlocked rwlock %#p pc %#p", l, getcallerpc(&l));
	l->readers--;
	handover(l, woken, &n, Maxwake);
	unlock(&l->use);
	wakeall(woken, n);
}

void
wlock(RWlock *l)
{
	lock(&l->use);
	if(!l->writer && l->readers == 0 && l->head == nil){
		l->writer = 1;
		l->wproc = up;
		l->wpc = getcallerpc(&l);
		unlock(&l->use);
		return;
	}
	queue(&l->use, &l->head, &l->tail, QueueingW, "QueueingW");
	l->wpc = getcallerpc(&l);
}

void
wunlock(RWlock *l)
{
	Proc *woken[Maxwake];
	int n;

	lock(&l->use);
	if(!l->writer)
		panic("wunlock of unlocked rwlock %#p pc %#p", l, getcallerpc(&l));
	l->writer = 0;
	l->wproc = nil;
	handover(l, woken, &n, Maxwake);
	unlock(&l->use);
	wakeall(woken, n);
}
