/*
 * System call entry and the return to user mode.
 *
 * syscallentry (l.S) builds a Ureg on the process's kernel stack and
 * calls syscall(); the arguments are RDI RSI RDX R10 R8 R9 (sys.h).
 * Every return to user mode, from a system call or a trap, passes
 * through returnuser(): the process is rescheduled if its quantum is
 * over, and a pending note is delivered (notify) by building a call
 * to its handler on the user stack, or by killing it.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"
#include "x86.h"

enum {
	Efer		= 0xC0000080,
	Sce		= 1<<0,
	Star		= 0xC0000081,
	Lstar		= 0xC0000082,
	Fmask		= 0xC0000084,
	Redzone		= 128,		/* below the user's sp, the ABI's scratch area */
	Userflags	= 0xCD5,	/* CF PF AF ZF SF DF OF: what noted may restore */
	Flagif		= 0x200,
};

/* the cpu's syscall instruction: kernel and user selectors, entry, flags to clear */
void
syscallinit(void)
{
	wrmsr(Efer, rdmsr(Efer) | Sce);
	/* sysret takes CS from STAR[63:48]+16 and SS from +8; syscall CS/SS from [47:32] */
	wrmsr(Star, (u64int)(UDSEL-3-8)<<48 | (u64int)KESEL<<32);
	wrmsr(Lstar, (uintptr)syscallentry);
	wrmsr(Fmask, Flagif | 0x100 | 0x400 | 0x40000);	/* IF TF DF AC */
}

int
userureg(Ureg *u)
{
	return (u->cs & 3) == 3;
}

void
syscall(Ureg *u)
{
	uintptr n, ret, arg[6];
	char *e;

	up->dbgreg = u;
	up->insyscall = 1;
	machp()->syscall++;
	up->nerrlab = 0;
	spllo();
	n = u->ax;
	arg[0] = u->di;
	arg[1] = u->si;
	arg[2] = u->dx;
	arg[3] = u->r10;
	arg[4] = u->r8;
	arg[5] = u->r9;
	ret = -1;
	if(n >= NSYSCALL || systab[n] == nil){
		strecpy(up->syserrstr, up->syserrstr+ERRMAX, "sys: bad sys call");
		postnote(up, 1, "sys: bad sys call", NDebug);
	}else if(!waserror()){
		ret = systab[n](arg);
		poperror();
	}else{
		/* the reason becomes the process's error string */
		e = up->syserrstr;
		up->syserrstr = up->errstr;
		up->errstr = e;
		ret = -1;
	}
	if(up->nerrlab != 0)
		panic("syscall %llud: error stack depth %d", (uvlong)n, up->nerrlab);
	u->ax = ret;
	up->insyscall = 0;
	if(n == NOTED && ret == 0)
		noted(u, arg[0]);
	returnuser(u);
}

/*
 * On the way back to user mode (syscall or trap): give up the cpu
 * if the quantum is over, then act on notes.
 */
void
returnuser(Ureg *u)
{
	if(machp()->needresched){
		machp()->needresched = 0;
		sched();
	}
	if(up->nnote > 0)
		notify(u);
	splhi();		/* until iretq: nothing may change the Ureg */
}

static void
suicide(char *msg)
{
	print("%s %d: suicide: %s\n", up->text != nil ? up->text : "?", up->pid, msg);
}

/* take the first pending note off the queue */
static int
nextnote(Note *n)
{
	u64int s;
	int ok;

	s = splhi();
	lock(&up->rlock);
	ok = 0;
	if(up->nnote > 0 && !(up->notified && up->note[0].flag == NUser)){
		*n = up->note[0];
		up->nnote--;
		memmove(&up->note[0], &up->note[1], up->nnote*sizeof(Note));
		ok = 1;
	}
	if(up->nnote == 0)
		up->notepending = 0;
	unlock(&up->rlock);
	splx(s);
	return ok;
}

/* put n back at the head of the queue, for delivery later */
static void
unnextnote(Note *n)
{
	u64int s;

	s = splhi();
	lock(&up->rlock);
	if(up->nnote == NNOTE)
		up->nnote--;	/* full since: the newest goes, as postnote would drop it */
	memmove(&up->note[1], &up->note[0], up->nnote*sizeof(Note));
	up->note[0] = *n;
	up->nnote++;
	unlock(&up->rlock);
	splx(s);
}

/*
 * Make the user pages of [va, end) present; 0 if a page cannot be
 * had.  The range is known to be in a writable segment, so that can
 * only be for want of memory.
 */
static int
stackin(uintptr va, uintptr end)
{
	for(va &= ~(uintptr)(BY2PG-1); va < end; va += BY2PG)
		if(!mmumapped(va, 1) && fault(va, 1, 0) < 0)
			return 0;
	return 1;
}

/*
 * Deliver a pending note: call the user's handler as
 * handler(Ureg *u, char *note) on the user stack, below the red
 * zone, with the interrupted registers saved there for noted().
 * Without a handler, or with a system note while already in one,
 * the process dies; traps print the Plan 9 suicide message.
 * A user note that arrives in a handler waits for noted().
 * If the stack below sp is a fine address but its page cannot be
 * had (memory is short), the note goes back on the queue and is
 * tried again at the next return to user mode: being out of memory
 * for a moment is no reason to kill the process.  notepending stays
 * clear, so sleeps are not cut short meanwhile.
 */
void
notify(Ureg *u)
{
	Note n;
	uintptr sp, ureg, msg;

	if(!nextnote(&n))
		return;
	if(n.flag == NExit)
		pexit(n.msg, 1);
	if(up->notify == 0 || (n.flag != NUser && up->notified)){
		if(n.flag == NDebug)
			suicide(n.msg);
		pexit(n.msg, n.flag != NDebug);
	}
	sp = u->sp - Redzone;
	sp = (sp - sizeof(Ureg)) & ~(uintptr)15;
	ureg = sp;
	sp -= ERRMAX;
	msg = sp;
	sp = (sp & ~(uintptr)15) - 8;	/* as after a call: the return pc slot */
	if(sp > u->sp || !okaddr(sp, u->sp - sp, 1)){
		suicide("bad stack in notify");
		pexit("Suicide", 0);
	}
	if(!stackin(sp, ureg + sizeof(Ureg))){
		unnextnote(&n);
		return;
	}
	if(waserror()){
		suicide("bad stack in notify");
		pexit("Suicide", 0);
	}
	copyout(ureg, u, sizeof(Ureg));
	copyout(msg, n.msg, ERRMAX);
	copyout(sp, &(uintptr){0}, sizeof(uintptr));
	poperror();
	up->lastnote = n;
	up->notified = 1;
	up->noteureg = (Ureg*)ureg;
	u->sp = sp;
	u->ip = up->notify;
	u->di = ureg;
	u->si = msg;
	u->flags &= ~(uintptr)0x100;	/* no single-stepping into the handler */
}

/*
 * The handler is done: noted(NCONT) resumes the interrupted code,
 * NDFLT takes the default action (death), NSAVE resumes with the
 * saved registers but leaves them on the stack.
 */
void
noted(Ureg *u, uintptr arg)
{
	Ureg nu;
	uintptr oureg;

	if(arg != NRSTR && !up->notified){
		suicide("call to noted() when not notified");
		pexit("Suicide", 0);
	}
	up->notified = 0;
	oureg = (uintptr)up->noteureg;
	if(waserror()){
		suicide("bad ureg in noted");
		pexit("Suicide", 0);
	}
	copyin(&nu, oureg, sizeof nu);
	poperror();
	/* the user may change only the arithmetic flags, not privilege */
	nu.flags = (u->flags & ~(uintptr)Userflags) | (nu.flags & Userflags) | Flagif;
	nu.cs = UESEL;
	nu.ss = UDSEL;
	switch(arg){
	case NCONT:
	case NRSTR:
	case NSAVE:
		if(!okaddr(nu.ip, 1, 0) || !okaddr(nu.sp - 8, 8, 0)){
			suicide("bad pc or sp in noted");
			pexit("Suicide", 0);
		}
		nu.type = u->type;
		nu.error = u->error;
		*u = nu;
		if(arg == NSAVE){
			/* keep the saved Ureg: continue on the stack below it */
			u->sp = ((oureg - ERRMAX) & ~(uintptr)15) - 16;
			u->bp = oureg;
		}
		break;
	default:
		up->lastnote.flag = NDebug;
		/* fall through */
	case NDFLT:
		if(up->lastnote.flag == NDebug)
			suicide(up->lastnote.msg);
		pexit(up->lastnote.msg, up->lastnote.flag != NDebug);
	}
}
