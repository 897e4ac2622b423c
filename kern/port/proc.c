/*
 * Processes: the proc table, the scheduler, sleep and wakeup,
 * timers, notes, exit, and error unwinding.
 *
 * Scheduling is a single FIFO run queue shared by all cpus (runq,
 * under an ilock): every cpu takes the next ready process from it.
 * A process gives up the cpu by calling sched(), which saves its
 * context in Proc.sched and jumps to the scheduler loop running on
 * the cpu's own stack (schedinit); the loop requeues or frees the
 * process it came from, then picks the next one.  A user process's
 * quantum is Quantum ticks of its cpu's clock; when it is over and
 * another process is ready, the process is rescheduled on its way
 * back to user mode (returnuser).  Kernel processes run until they
 * sleep.  A cpu with nothing to run halts until an interrupt; ready()
 * sends an idle cpu an IPI, so a woken process waits for no tick.
 *
 * One cpu at a time.  A process is on at most one cpu: Proc.mach is
 * the cpu running it, or still switching away from it, and is
 * cleared (release) by that cpu's schedinit only once it is off the
 * process's stack and has saved its FPU state.  A cpu that takes a
 * process from the run queue waits for Proc.mach to clear before
 * resuming it, so a process woken by another cpu while it is still
 * on its way into sched() is never run twice at once.
 *
 * Lock order, where locks nest: Rendez.lk, then Proc.rlock (sleep,
 * wakeup, postnote).  A waker lets go of both before it readies the
 * sleeper: once the sleeper can run on another cpu it may free the
 * structure holding the Rendez, or exit and have its Proc recycled.
 * Having cleared Proc.r and Rendez.p first, the waker is the only
 * one that can ready it.  runq.lk, timers.lk and procs.lk nest with
 * nothing.  No spin lock is held across sched() or error():
 * lock.c counts them per cpu, and both check.
 *
 * Proc structures are never freed: an exited process's slot (with
 * its kernel stack) goes on a free list once the scheduler is off
 * its stack, so stale pointers (a child's parent) stay valid and
 * are checked by pid.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

enum {
	Quantum		= 2,		/* clock ticks */
	Maxproc		= 1024,		/* proc table slots */
	Pidhash		= 64,
	Maxwaitq	= 128,		/* unreaped exit records per parent */
};

static struct {
	Lock	lk;			/* guards everything below and Proc.next, Proc.pidhash */
	Proc	*tab[Maxproc];		/* every Proc ever made, by slot */
	int	nslot;
	Proc	*free;			/* recycled: slot, stack and fp area kept */
	Proc	*hash[Pidhash];
	int	nextpid;
	u32int	nextnoteid;
} procs = {
	.nextpid = 1,
	.nextnoteid = 1,
};

static struct {
	Lock	lk;			/* ilock: wakeup runs at interrupt level */
	Proc	*head;
	Proc	*tail;
	int	n;
} runq;

/* processes in tsleep, guarded by timers.lk (ilock) */
static struct {
	Lock	lk;
	Proc	*head;
} timers;

static Label schedlabel[MAXMACH];	/* each cpu's scheduler loop */

static void alarmkproc(void*);
static Rendez alarmr;
static u64int nextalarm = ~(u64int)0;	/* nsec of the earliest alarm; ~0 if none */
static int alarmfired;			/* set by the tick, cleared by alarmkproc */

void
procinit(void)
{
	kproc("alarm", alarmkproc, nil);
}

void
incref(Ref *r)
{
	__atomic_add_fetch(&r->ref, 1, __ATOMIC_SEQ_CST);
}

/* take a reference unless the last one is already being dropped */
int
increfnz(Ref *r)
{
	long v;

	v = __atomic_load_n(&r->ref, __ATOMIC_SEQ_CST);
	while(v > 0)
		if(__atomic_compare_exchange_n(&r->ref, &v, v+1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return 1;
	return 0;
}

long
decref(Ref *r)
{
	long n;

	n = __atomic_sub_fetch(&r->ref, 1, __ATOMIC_SEQ_CST);
	if(n < 0)
		panic("decref %#p: negative count, pc %#p", r, getcallerpc(&r));
	return n;
}

/*
 * Error unwinding: error() records the reason and jumps to the
 * most recent waserror().
 */
void
nexterror(void)
{
	if(up == nil)
		panic("error outside a process: %s", "nexterror");
	if(up->nerrlab <= 0)
		panic("error with no waserror: %s pc %#p", up->errstr, getcallerpc(&up));
	gotolabel(&up->errlab[--up->nerrlab]);
}

void
error(char *err)
{
	if(up == nil)
		panic("error outside a process: %s", err);
	if(machp()->nlocks != 0)
		panic("error %s: %d spin locks held, pc %#p", err, machp()->nlocks, getcallerpc(&err));
	if(err != up->errstr)
		strecpy(up->errstr, up->errstr+ERRMAX, err);
	nexterror();
}

void
errorf(char *fmt, ...)
{
	char buf[ERRMAX];
	va_list arg;

	va_start(arg, fmt);
	vseprint(buf, buf+sizeof buf, fmt, arg);
	va_end(arg);
	error(buf);
}

void
interrupted(void)
{
	up->notepending = 0;
	error(Eintr);
}

/*
 * The proc table.
 */
static void
pidhashin(Proc *p)
{
	Proc **l;

	l = &procs.hash[p->pid % Pidhash];
	p->pidhash = *l;
	*l = p;
}

static void
pidhashout(Proc *p)
{
	Proc **l;

	for(l = &procs.hash[p->pid % Pidhash]; *l != nil; l = &(*l)->pidhash)
		if(*l == p){
			*l = p->pidhash;
			break;
		}
	p->pidhash = nil;
}

/* a slot from the free list or a new one; nil if the table is full */
static Proc*
procalloc(void)
{
	Proc *p;
	uchar *kstack, *fp;

	lock(&procs.lk);
	p = procs.free;
	if(p != nil){
		procs.free = p->qnext;
		unlock(&procs.lk);
		return p;
	}
	unlock(&procs.lk);
	p = malloc(sizeof *p);
	kstack = malloc(KSTACK);	/* > a page: page aligned, its own block */
	fp = malloc(FPSIZE);		/* malloc aligns to 16 */
	if(p == nil || kstack == nil || fp == nil){
		free(p);
		free(kstack);
		free(fp);
		return nil;
	}
	p->kstack = kstack;
	p->fpsave = fp;
	lock(&procs.lk);
	if(procs.nslot == Maxproc){
		unlock(&procs.lk);
		free(p);
		free(kstack);
		free(fp);
		return nil;
	}
	procs.tab[procs.nslot++] = p;
	unlock(&procs.lk);
	return p;
}

/*
 * A new process, in state Scheding (not yet runnable), with a pid,
 * the parent's note group, and nothing else; the caller fills in
 * the rest and calls ready().  Errors Enomem if the table is full.
 */
Proc*
newproc(void)
{
	Proc *p;
	uchar *kstack, *fp;

	p = procalloc();
	if(p == nil)
		error(Enomem);
	kstack = p->kstack;
	fp = p->fpsave;
	memset(p, 0, sizeof *p);
	p->kstack = kstack;
	p->fpsave = fp;
	fpureset(p);
	p->state = Scheding;
	p->psstate = "New";
	p->syserrstr = p->errbuf0;
	p->errstr = p->errbuf1;
	p->time[TReal] = NOW;
	p->noteid = up != nil ? up->noteid : 0;
	lock(&procs.lk);
	p->pid = procs.nextpid++;
	if(p->noteid == 0)
		p->noteid = procs.nextnoteid++;
	pidhashin(p);
	unlock(&procs.lk);
	return p;
}

u32int
newnoteid(void)
{
	u32int id;

	lock(&procs.lk);
	id = procs.nextnoteid++;
	unlock(&procs.lk);
	return id;
}

/* back to the free list; called by the scheduler, off p's stack */
void
procfree(Proc *p)
{
	lock(&procs.lk);
	pidhashout(p);
	p->state = Dead;
	p->pid = 0;
	p->qnext = procs.free;
	procs.free = p;
	unlock(&procs.lk);
}

Proc*
pidlookup(int pid)
{
	Proc *p;

	lock(&procs.lk);
	for(p = procs.hash[pid % Pidhash]; p != nil; p = p->pidhash)
		if(p->pid == pid && p->state != Dead)
			break;
	unlock(&procs.lk);
	return p;
}

/* slot i of the proc table, 0 <= i < nprocs(); nil or Dead if unused */
Proc*
proctab(int i)
{
	Proc *p;

	if(i < 0 || i >= Maxproc)
		return nil;
	lock(&procs.lk);
	p = i < procs.nslot ? procs.tab[i] : nil;
	unlock(&procs.lk);
	return p;
}

/* the number of slots proctab accepts */
int
nprocs(void)
{
	return Maxproc;
}

/* fn(p, arg) for every live process, with the proc table locked */
void
procwalkall(void (*fn)(Proc*, void*), void *arg)
{
	Proc *p;
	int i;

	lock(&procs.lk);
	for(i = 0; i < procs.nslot; i++){
		p = procs.tab[i];
		if(p->state != Dead && p->pid != 0)
			fn(p, arg);
	}
	unlock(&procs.lk);
}

/*
 * s's pages changed under the other processes that use it (a copy
 * made for a write, a shrink, a fork sharing its pages copy-on-write):
 * each must drop its user mappings before it runs again, and the ones
 * running now on other cpus do so before this returns (mmu.c,
 * Shootdown).  Procs are never freed, so reading p->seg without its
 * lock is safe: a process that takes s up after this look has no
 * mapping of it yet, one that lets it go no longer needs the flush.
 */
void
procflushseg(Segment *s)
{
	Proc *p;
	int i, j, marked;

	marked = 0;
	lock(&procs.lk);
	for(i = 0; i < procs.nslot; i++){
		p = procs.tab[i];
		if(p == up || p->state == Dead || p->kp)
			continue;
		for(j = 0; j < NSEG; j++)
			if(__atomic_load_n(&p->seg[j], __ATOMIC_RELAXED) == s){
				__atomic_store_n(&p->newtlb, 1, __ATOMIC_SEQ_CST);
				marked = 1;
				break;
			}
	}
	unlock(&procs.lk);
	if(marked)
		mmushootdown();
}

/*
 * The run queue.
 */
void
ready(Proc *p)
{
	Mach *m;
	int i;

	ilock(&runq.lk);
	p->state = Ready;
	p->psstate = "Ready";
	p->rnext = nil;
	if(runq.tail != nil)
		runq.tail->rnext = p;
	else
		runq.head = p;
	runq.tail = p;
	runq.n++;
	iunlock(&runq.lk);
	for(i = 0; i < nonline; i++){
		m = machs[i];
		if(m != nil && __atomic_load_n(&m->idle, __ATOMIC_ACQUIRE)){
			mpwake(m);
			break;
		}
	}
}

int
anyready(void)
{
	return runq.n > 0;
}

/*
 * Polling before halting.  A process that has just handed a device
 * its only outstanding request (vqkick) sleeps until the interrupt
 * that says it is done, and its cpu, with nothing else to run,
 * halts.  Waking a halted cpu adds to every round trip: under QEMU's
 * TCG the device's thread must signal the sleeping vcpu thread.  A
 * one-byte 9P read took 140 us against 110 us polling (A/B, one run).
 * So for Pollus after such a request the idle loop spins on the run
 * queue, interrupts on, as Linux's haltpoll does for its guests; then
 * it halts as before.  The wait is bounded, so a device that answers
 * late, or never, costs only that much cpu, and a cpu that sent
 * nothing never polls.  With several requests out (read-ahead) the
 * device's threads are busy and want the host's cpus more than a
 * spinning vcpu does, so vqkick asks for a poll only for one.
 */
enum {
	Pollus	= 500,		/* polled after a request: above a typical reply under TCG */
};

/*
 * A request is out to a device: poll rather than halt for a while.
 * Called with interrupts off (vqkick holds its queue's ilock), so
 * the Mach is this cpu's until the store.
 */
void
pollsoon(void)
{
	Mach *m;
	u64int hz, now;

	m = machp();
	now = fastticks(&hz);
	m->pollend = now + hz/1000000*Pollus;
}

/*
 * Idle with interrupts off: spin while pollsoon's time lasts and
 * nothing is ready, then halt.  runq.n is read without the lock: a
 * ready() after the last look sends an idle cpu an IPI (m->idle is
 * set), which ends that one's hlt.
 */
static void
idlewait(Mach *m)
{
	if(fastticks(nil) < m->pollend){
		spllo();
		while(__atomic_load_n(&runq.n, __ATOMIC_ACQUIRE) == 0 && fastticks(nil) < m->pollend)
			pause();
		splhi();
		if(__atomic_load_n(&runq.n, __ATOMIC_ACQUIRE) != 0)
			return;
	}
	idlehlt();
}

/*
 * The next process to run; with nothing ready, wait for an
 * interrupt.  Idle, the cpu runs on the kernel's page tables, so
 * that a process's tables can be freed while it is elsewhere
 * (mmu.c), and says it is idle under the run queue's lock, so that
 * a ready() after the check sees it and sends the wakeup.
 */
static Proc*
runproc(void)
{
	Mach *m;
	Proc *p;
	u64int t0;

	m = machp();
	for(;;){
		ilock(&runq.lk);
		p = runq.head;
		if(p != nil){
			runq.head = p->rnext;
			if(runq.head == nil)
				runq.tail = nil;
			runq.n--;
			iunlock(&runq.lk);
			/* another cpu may still be switching away from p */
			while(__atomic_load_n(&p->mach, __ATOMIC_ACQUIRE) != nil)
				pause();
			return p;
		}
		__atomic_store_n(&m->idle, 1, __ATOMIC_RELEASE);
		iunlock(&runq.lk);
		mmuswitch(nil);
		t0 = fastticks(nil);
		idlewait(m);
		splhi();
		m->idlecycles += fastticks(nil) - t0;
		__atomic_store_n(&m->idle, 0, __ATOMIC_RELEASE);
	}
}

/*
 * The scheduler loop, on the cpu's stack.  Called once by main when
 * boot is done (and by each AP when it comes up); afterwards every
 * sched() comes back to the setlabel here.
 */
void
schedinit(void)
{
	Mach *m;
	Proc *p;
	int state;

	m = machp();
	splhi();
	setlabel(&schedlabel[m->machno]);
	if((p = m->proc) != nil){
		m->proc = nil;
		/* read before letting go: once p->mach clears, p may run elsewhere */
		state = p->state;
		if(state == Running)		/* preempted or yielding */
			ready(p);
		__atomic_store_n(&p->mach, nil, __ATOMIC_RELEASE);
		if(state == Moribund)		/* pexit: its stack is no longer in use */
			procfree(p);
	}
	p = runproc();
	p->state = Running;
	p->psstate = "Running";
	p->mach = m;
	m->proc = p;
	m->cs++;
	m->schedticks = m->ticks + Quantum;
	m->needresched = 0;
	m->kstacktop = (uintptr)p->kstack + KSTACK;
	settss(m->kstacktop);
	mmuswitch(p);
	if(!p->kp)
		fpurestore(p);
	gotolabel(&p->sched);
}

/* give up the cpu; returns when the scheduler picks us again */
void
sched(void)
{
	Proc *p;
	u64int s;

	p = up;
	if(p == nil)
		panic("sched with no process");
	if(machp()->nlocks != 0)
		panic("sched: pid %d holds %d spin locks, pc %#p", p->pid, machp()->nlocks, getcallerpc(&p));
	s = splhi();
	if(!p->kp)
		fpusave(p);
	if(setlabel(&p->sched)){
		/* schedinit restored our FPU state */
		splx(s);
		return;
	}
	gotolabel(&schedlabel[machp()->machno]);
}

void
yield(void)
{
	if(up != nil && anyready())
		sched();
}

/*
 * Clock tick (interrupt level): charge time, expire tsleeps and
 * alarms, and note the end of the quantum for returnuser.
 */
void
accounttime(void)
{
	Proc *p;

	p = up;
	if(p == nil)
		return;
	if(p->insyscall || p->kp)
		p->time[TSys] += TK2MS(1);
	else
		p->time[TUser] += TK2MS(1);
}

static void
timertick(void)
{
	Proc *p, **l;
	Rendez *r;
	u64int now;

	now = nsec();
	for(;;){
		r = nil;
		ilock(&timers.lk);
		for(l = &timers.head; (p = *l) != nil; l = &p->tlink)
			if(p->twhen <= now){
				*l = p->tlink;
				p->tlink = nil;
				p->twhen = 0;
				r = p->trend;
				p->trend = nil;
				p->tactive = 1;
				break;
			}
		iunlock(&timers.lk);
		if(p == nil)
			break;
		if(r != nil)
			wakeup(r);
		__atomic_store_n(&p->tactive, 0, __ATOMIC_RELEASE);
	}
	if(now >= __atomic_load_n(&nextalarm, __ATOMIC_RELAXED)){
		__atomic_store_n(&nextalarm, ~(u64int)0, __ATOMIC_RELAXED);
		alarmfired = 1;
		wakeup(&alarmr);
	}
}

/*
 * Once a tick, this cpu's /dev/sysstat averages, decaying over a
 * second (HZ ticks) as Plan 9's do.  They are kept in thousandths of
 * their unit so that the integer decay reaches 0 and the full value.
 * Load counts the process running here plus this cpu's share of the
 * run queue, in thousandths of a process.
 */
static u64int
decay(u64int avg, u64int sample)
{
	return (avg*(HZ-1) + sample*1000) / HZ;
}

static void
perftick(Mach *m)
{
	u64int now, span, idle, intr;

	now = fastticks(nil);
	span = now - m->perfcycles;
	if(m->perfcycles != 0 && span > 0){
		idle = (m->idlecycles - m->perfidle) * 100 / span;
		intr = (m->intrcycles - m->perfintr) * 100 / span;
		m->avgidle = decay(m->avgidle, idle > 100 ? 100 : idle);
		m->avgintr = decay(m->avgintr, intr > 100 ? 100 : intr);
	}
	m->perfcycles = now;
	m->perfidle = m->idlecycles;
	m->perfintr = m->intrcycles;
	m->load = decay(m->load, (m->proc != nil)*1000 + runq.n*1000/nonline);
}

void
hzsched(void)
{
	Mach *m;

	m = machp();
	if(m->machno == 0)	/* timers are global: one cpu expires them */
		timertick();
	perftick(m);
	if(m->proc != nil && !m->proc->kp && m->ticks >= m->schedticks && anyready())
		m->needresched = 1;
}

/*
 * Sleep until f(arg) is true, wakeup(r) is called, or a note is
 * posted (then error(Eintr)).  f is evaluated with r->lk held, so a
 * wakeup after the condition became true is never lost.
 */
void
sleep(Rendez *r, int (*f)(void*), void *arg)
{
	u64int s;

	s = splhi();
	lock(&r->lk);
	lock(&up->rlock);
	if(r->p != nil && r->p != up)
		panic("double sleep on %#p: pids %d %d", r, r->p->pid, up->pid);
	if(up->notepending || f(arg)){
		unlock(&up->rlock);
		unlock(&r->lk);
	}else{
		up->r = r;
		r->p = up;
		up->state = Wakeme;
		up->psstate = "Wakeme";
		unlock(&up->rlock);
		unlock(&r->lk);
		sched();
	}
	splx(s);
	if(up->notepending && !up->kp){
		up->notepending = 0;
		error(Eintr);
	}
}

Proc*
wakeup(Rendez *r)
{
	Proc *p;
	u64int s;

	s = splhi();
	lock(&r->lk);
	p = r->p;
	if(p != nil){
		lock(&p->rlock);
		if(p->state != Wakeme || p->r != r)
			panic("wakeup: pid %d state %d", p->pid, p->state);
		r->p = nil;
		p->r = nil;
		unlock(&p->rlock);
		unlock(&r->lk);
		ready(p);
	}else
		unlock(&r->lk);
	splx(s);
	return p;
}

int
return0(void*)
{
	return 0;
}

static void
timerdel(Proc *p)
{
	Proc **l;

	ilock(&timers.lk);
	for(l = &timers.head; *l != nil; l = &(*l)->tlink)
		if(*l == p){
			*l = p->tlink;
			break;
		}
	p->tlink = nil;
	p->twhen = 0;
	p->trend = nil;
	iunlock(&timers.lk);
	/*
	 * The tick may have taken p off the list and be waking p->trend
	 * on another cpu right now: wait until it is done, or the caller
	 * could leave tsleep, and the Rendez (or the whole Proc, reused
	 * after exit) be freed under the tick's wakeup.
	 */
	while(__atomic_load_n(&p->tactive, __ATOMIC_ACQUIRE))
		pause();
}

static int
tsleepdone(void *arg)
{
	return up->trend == nil || up->tfn(arg);
}

/* sleep, but for at most ms milliseconds */
void
tsleep(Rendez *r, int (*f)(void*), void *arg, ulong ms)
{
	if(ms == 0)
		ms = 1;
	ilock(&timers.lk);
	up->twhen = nsec() + (u64int)ms*1000000;
	up->trend = r;
	up->tfn = f;
	up->tlink = timers.head;
	timers.head = up;
	iunlock(&timers.lk);
	if(waserror()){
		timerdel(up);
		nexterror();
	}
	sleep(r, tsleepdone, arg);
	timerdel(up);
	poperror();
}

/*
 * Alarms: the clock tick wakes alarmkproc when the earliest is due;
 * it posts the notes from process context.
 */
static int
alarmdue(void*)
{
	return alarmfired;
}

static void
alarmscan(Proc *p, void *arg)
{
	u64int now, *next;

	now = nsec();
	next = arg;
	if(p->alarm == 0)
		return;
	if(p->alarm <= now){
		p->alarm = 0;
		postnote(p, 0, "alarm", NUser);
	}else if(p->alarm < *next)
		*next = p->alarm;
}

static void
alarmkproc(void*)
{
	u64int next;

	for(;;){
		sleep(&alarmr, alarmdue, nil);
		alarmfired = 0;
		next = ~(u64int)0;
		procwalkall(alarmscan, &next);
		setalarmtime(next);
	}
}

/* the earliest alarm is at least as early as t (nsec) */
void
setalarmtime(u64int t)
{
	u64int old;

	old = __atomic_load_n(&nextalarm, __ATOMIC_RELAXED);
	while(t < old && !__atomic_compare_exchange_n(&nextalarm, &old, t, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		;
}

/*
 * Notes.  A note is queued on the process and acted on when it
 * returns to user mode (notify, syscall.c); a process sleeping in
 * the kernel is woken and its sleep raises Eintr.
 */
int
postnote(Proc *p, int dolock, char *n, int flag)
{
	Rendez *r;
	Mach *m;
	u64int s;

	USED(dolock);
	if(p == nil || p->kp)
		return 0;
	s = splhi();
	lock(&p->rlock);
	if(flag != NUser && p->nnote == NNOTE)
		p->nnote--;		/* system notes displace the last user note */
	if(p->nnote >= NNOTE){
		unlock(&p->rlock);
		splx(s);
		return 0;
	}
	strecpy(p->note[p->nnote].msg, p->note[p->nnote].msg+ERRMAX, n);
	p->note[p->nnote].flag = flag;
	p->nnote++;
	p->notepending = 1;
	unlock(&p->rlock);

	/* interrupt a sleep; take the locks in sleep's order */
	for(;;){
		r = p->r;
		if(r == nil)
			break;
		lock(&r->lk);
		lock(&p->rlock);
		if(p->r == r && r->p == p && p->state == Wakeme){
			r->p = nil;
			p->r = nil;
			unlock(&p->rlock);
			unlock(&r->lk);
			ready(p);
			break;
		}
		unlock(&p->rlock);
		unlock(&r->lk);
		if(p->r != r)
			continue;
		break;
	}
	/* running on another cpu: interrupt it, so that returnuser sees the note now */
	m = __atomic_load_n(&p->mach, __ATOMIC_ACQUIRE);
	if(m != nil && m != machp())
		mpnotify(m);
	splx(s);
	return 1;
}

/*
 * Kernel processes: no user address space, never preempted.
 */
static void
kprocstart(void)
{
	spllo();
	up->kpfun(up->kparg);
	pexit("kproc exited", 1);
}

/* where a new process's kernel stack starts: below the syscall Ureg */
uintptr
kstackbase(Proc *p)
{
	return (uintptr)p->kstack + KSTACK - sizeof(Ureg) - 16;
}

void
kproc(char *name, void (*fn)(void*), void *arg)
{
	Proc *p;

	p = newproc();
	p->kp = 1;
	p->text = strdup(name);
	p->user = strdup(up != nil && up->user != nil ? up->user : eve);
	p->kpfun = fn;
	p->kparg = arg;
	/* as if called: the return address slot keeps the ABI's alignment */
	p->sched.sp = kstackbase(p) - 8;
	p->sched.pc = (uintptr)kprocstart;
	if(up != nil){
		if(up->pgrp != nil){
			incref(&up->pgrp->ref);
			p->pgrp = up->pgrp;
		}
		if(up->slash != nil){
			incref(&up->slash->ref);
			p->slash = up->slash;
		}
		if(up->dot != nil){
			incref(&up->dot->ref);
			p->dot = up->dot;
		}
	}
	ready(p);
}

/*
 * Exit.  The exit record goes to the parent (unless RFNOWAIT); the
 * process becomes Moribund and the scheduler recycles its slot.
 */
static void
waitrecord(Waitmsg *w, char *exitstr)
{
	u32int now;

	now = NOW;
	w->pid = up->pid;
	w->time[0] = up->time[TUser] + up->time[TCUser];
	w->time[1] = up->time[TSys] + up->time[TCSys];
	w->time[2] = now - up->time[TReal];
	/* as Plan 9: a failure names the process, "cat 17: open" */
	if(exitstr != nil && exitstr[0] != '\0')
		snprint(w->msg, ERRMAX, "%s %d: %s", up->text, up->pid, exitstr);
	else
		w->msg[0] = '\0';
}

static void
tellparent(char *exitstr)
{
	Proc *p;
	Waitq *wq;

	p = up->parent;
	if(p == nil)
		return;
	wq = malloc(sizeof *wq);
	if(wq != nil)
		waitrecord(&wq->w, exitstr);
	lock(&p->exl);
	if(p->pid != up->parentpid || p->state == Moribund || p->state == Dead || p->exiting){
		unlock(&p->exl);
		free(wq);
		return;
	}
	p->nchild--;
	p->time[TCUser] += up->time[TUser] + up->time[TCUser];
	p->time[TCSys] += up->time[TSys] + up->time[TCSys];
	if(wq != nil && p->nwait < Maxwaitq){
		wq->next = p->waitq;
		p->waitq = wq;
		p->nwait++;
		wq = nil;
	}
	unlock(&p->exl);
	free(wq);
	wakeup(&p->waitr);
}

/* close a resource in pexit; a failing close must not stop the exit */
#define PEXITDO(stmt)	do{ if(!waserror()){ stmt; poperror(); } }while(0)

void
pexit(char *exitstr, int freemem)
{
	Fgrp *fg;
	Pgrp *pg;
	Egrp *eg;
	Rgrp *rg;
	Chan *dot, *slash;
	Waitq *wq, *next;
	int i;

	USED(freemem);
	up->alarm = 0;
	timerdel(up);
	up->nerrlab = 0;

	fg = up->fgrp;
	up->fgrp = nil;
	if(fg != nil)
		PEXITDO(closefgrp(fg));
	eg = up->egrp;
	up->egrp = nil;
	if(eg != nil)
		PEXITDO(closeegrp(eg));
	rg = up->rgrp;
	up->rgrp = nil;
	if(rg != nil)
		PEXITDO(closergrp(rg));
	dot = up->dot;
	up->dot = nil;
	if(dot != nil)
		PEXITDO(cclose(dot));
	slash = up->slash;
	up->slash = nil;
	if(slash != nil)
		PEXITDO(cclose(slash));
	pg = up->pgrp;
	up->pgrp = nil;
	if(pg != nil)
		PEXITDO(closepgrp(pg));

	/* no more exit records from our children */
	lock(&up->exl);
	up->exiting = 1;
	wq = up->waitq;
	up->waitq = nil;
	up->nwait = 0;
	unlock(&up->exl);
	for(; wq != nil; wq = next){
		next = wq->next;
		free(wq);
	}

	/*
	 * The address space: leave it and free its tables first, for
	 * putting a segment may sleep (closing the binary's Chan is a
	 * Tclunk for a mounted one) and the scheduler would load them
	 * again.
	 */
	mmuswitch(nil);
	mmurelease(up);
	qlock(&up->seglock);
	for(i = 0; i < NSEG; i++)
		if(up->seg[i] != nil){
			putseg(up->seg[i]);
			up->seg[i] = nil;
		}
	qunlock(&up->seglock);
	imageclose();

	/*
	 * Only now tell the parent: with memory already given back, a
	 * parent's wait on another cpu returns to a system that no
	 * longer holds anything of ours but the Proc slot.
	 */
	if(!up->kp)
		tellparent(exitstr);

	free(up->text);
	up->text = nil;
	free(up->user);
	up->user = nil;
	free(up->args);
	up->args = nil;

	splhi();
	up->state = Moribund;
	up->psstate = "Moribund";
	sched();
	panic("pexit: moribund process rescheduled");
	for(;;)
		halt();
}

/* the biggest user process dies: memory is exhausted */
static void
bigscan(Proc *p, void *arg)
{
	Proc **best;
	Segment *s;
	usize n, bn;
	int i;

	best = arg;
	if(p->kp || p->state == Moribund)
		return;
	n = 0;
	for(i = 0; i < NSEG; i++)
		if((s = p->seg[i]) != nil && (s->type & SG_TYPE) != SG_TEXT)
			n += s->top - s->base;
	bn = 0;
	if(*best != nil)
		for(i = 0; i < NSEG; i++)
			if((s = (*best)->seg[i]) != nil && (s->type & SG_TYPE) != SG_TEXT)
				bn += s->top - s->base;
	if(n > bn)
		*best = p;
}

void
killbig(void)
{
	Proc *p;

	p = nil;
	procwalkall(bigscan, &p);
	if(p != nil){
		print("%s %d: killed: out of memory\n", p->text, p->pid);
		postnote(p, 1, "sys: killed: out of memory", NExit);
	}
}
