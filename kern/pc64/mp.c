/*
 * Multiprocessing: starting the other cpus, and the IPIs between
 * them.
 *
 * The boot cpu starts every other cpu the MADT lists, one at a time:
 * it gives each a Mach (with its scheduler stack), copies apboot.S to
 * APBOOT with that Mach in the parameters, sends INIT and two
 * startup IPIs, and waits up to a second for the cpu to come online.
 * An AP sets up what is per cpu (GS base, GDT and TSS, LAPIC and its
 * timer, FPU, NX, syscall MSRs) and enters the scheduler; from then
 * on it runs processes from the shared run queue like the boot cpu.
 * A cpu that does not answer is left out: the banner counts only
 * the cpus that run.
 *
 * IPIs: VectorResched wakes an idle cpu when a process becomes ready,
 * and makes a cpu running a process that got a note go through
 * returnuser, which delivers it; VectorHalt stops a cpu for good
 * (halt, reboot, panic); VectorFlush is mmushootdown's (mmu.c).
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"

extern uchar apboot[], apbootend[];
extern u64int apbootcr3, apbootpml4, apbootmach, apbootstack, apbootentry;
extern u64int bootpml4[];
void	apstart64(void);

int	nonline = 1;		/* the boot cpu */
static int nextintr;		/* intrcpu's round robin */

/* the trampoline's copy of a parameter */
static u64int*
apparam(u64int *p)
{
	return KADDR(APBOOT + ((uchar*)p - apboot));
}

static void
reschedintr(Ureg*, void*)
{
	/* nothing to do: the interrupt itself ended hlt, or leads to returnuser */
}

static void
flushintr(Ureg*, void*)
{
	mmuflushintr();
}

static void
haltintr(Ureg*, void*)
{
	splhi();
	for(;;)
		halt();
}

/* called from apstart64 on the AP's own stack, with interrupts off */
void
apmain(Mach *m)
{
	wrmsr(0xC0000101, (uintptr)m);		/* GS base */
	wrmsr(0xC0000102, 0);			/* kernel GS base, swapped in for user */
	m->apicid = lapicid();
	m->cr3 = getcr3();
	trapinitap(m);
	lapicinitap();
	cpuinit();
	clockinitap();
	__atomic_store_n(&m->online, 1, __ATOMIC_RELEASE);
	schedinit();
}

static int
startap(int machno, int apicid)
{
	Mach *m;
	u64int t;

	m = mallocz(sizeof *m, 1);
	if(m == nil)
		return -1;
	m->self = m;
	m->machno = machno;
	m->apicid = apicid;
	memmove(KADDR(APBOOT), apboot, apbootend - apboot);
	*apparam(&apbootcr3) = PADDR(bootpml4);
	*apparam(&apbootpml4) = PADDR(kernpml4());
	*apparam(&apbootmach) = (uintptr)m;
	*apparam(&apbootstack) = (uintptr)m->stack + sizeof m->stack;
	*apparam(&apbootentry) = (uintptr)apstart64;
	coherence();
	machs[machno] = m;
	lapicstartap(apicid, APBOOT);
	for(t = nsec() + 1000000000ULL; nsec() < t; )
		if(__atomic_load_n(&m->online, __ATOMIC_ACQUIRE))
			return 0;
	machs[machno] = nil;	/* never started: its memory stays, as it might yet wake */
	print("cpu%d (apic %d) did not start\n", machno, apicid);
	return -1;
}

void
mpinit(void)
{
	int i, n, me;

	lapicintrenable(VectorResched, reschedintr, nil, "IPI resched");
	lapicintrenable(VectorHalt, haltintr, nil, "IPI halt");
	lapicintrenable(VectorFlush, flushintr, nil, "IPI tlb");
	__atomic_store_n(&machp()->online, 1, __ATOMIC_RELEASE);	/* so an AP's stopcpus halts it too */
	me = machp()->apicid;
	n = 1;
	for(i = 0; i < conf.nmach; i++){
		if(conf.apicid[i] == me)
			continue;
		if(startap(n, conf.apicid[i]) == 0)
			n++;
	}
	nonline = n;
}

void
mpwake(Mach *m)
{
	if(m != machp())
		lapicipi(m->apicid, VectorResched);
}

void
mpnotify(Mach *m)
{
	mpwake(m);
}

void
stopcpus(void)
{
	Mach *me, *m;
	int i;

	me = machp();
	for(i = 0; i < nonline; i++){
		m = machs[i];
		if(m != nil && m != me && m->online)
			lapicipi(m->apicid, VectorHalt);
	}
}

int
intrcpu(void)
{
	return __atomic_fetch_add(&nextintr, 1, __ATOMIC_RELAXED) % nonline;
}
