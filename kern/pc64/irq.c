/*
 * Interrupt consumers and their accounting.  Each intrenable call
 * adds a Vctl to its vector's chain; intrdispatch runs the chain and
 * charges every consumer the interrupt and the cycles its handler
 * took.  irqalloc renders the table for /dev/irqalloc.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"

static Lock vctllock;		/* guards changes to the chains */
static Vctl *vctl[256];		/* per vector, in registration order */
static char *typename[] = {
	[Itrap]		"trap",
	[Ilapic]	"lapic",
	[Iioapic]	"ioapic",
	[Imsi]		"msi",
};

static Vctl*
addvctl(int vector, int irq, int type, void (*f)(Ureg*, void*), void *a, char *name)
{
	Vctl *v, **l;

	v = mallocz(sizeof *v, 1);
	if(v == nil)
		panic("addvctl: no memory");
	v->vector = vector;
	v->irq = irq;
	v->type = type;
	v->f = f;
	v->a = a;
	strecpy(v->name, v->name+sizeof v->name, name);
	ilock(&vctllock);
	for(l = &vctl[vector]; *l != nil; l = &(*l)->next)
		;
	*l = v;
	iunlock(&vctllock);
	return v;
}

Vctl*
trapenable(int vector, void (*f)(Ureg*, void*), void *a, char *name)
{
	return addvctl(vector, 0, Itrap, f, a, name);
}

Vctl*
lapicintrenable(int vector, void (*f)(Ureg*, void*), void *a, char *name)
{
	return addvctl(vector, vector, Ilapic, f, a, name);
}

/*
 * A line through the IOAPIC, given as its global system interrupt;
 * irq is what the table shows (the ISA or PCI line number).
 */
Vctl*
ioapicintrenable(int gsi, int irq, int level, int activelow, void (*f)(Ureg*, void*), void *a, char *name)
{
	Vctl *v;
	int vector;

	vector = VectorIRQ + gsi;
	if(vector >= VectorMSI)
		panic("ioapicintrenable: gsi %d out of range", gsi);
	v = addvctl(vector, irq, Iioapic, f, a, name);
	ioapicroute(gsi, vector, level, activelow);
	return v;
}

/* an ISA interrupt, routed as the MADT's overrides say */
Vctl*
intrenable(int irq, void (*f)(Ureg*, void*), void *a, char *name)
{
	int gsi, level, activelow;

	gsi = isairq(irq, &level, &activelow);
	return ioapicintrenable(gsi, irq, level, activelow, f, a, name);
}

/* an MSI/MSI-X vector; the caller programs the device */
Vctl*
msiintrenable(int vector, void (*f)(Ureg*, void*), void *a, char *name)
{
	return addvctl(vector, vector, Imsi, f, a, name);
}

int
msialloc(void)
{
	static Lock l;
	static int next = VectorMSI;
	int v;

	lock(&l);
	v = next < VectorSpurious ? next++ : -1;
	unlock(&l);
	return v;
}

int
intrdispatch(Ureg *u)
{
	Vctl *v, *chain;
	u64int tstart, t0, t1;
	Mach *m;

	chain = vctl[u->type];
	if(chain == nil)
		return 0;
	tstart = rdtsc();
	m = machp();
	t1 = 0;
	for(v = chain; v != nil; v = v->next){
		t0 = rdtsc();
		v->f(u, v->a);
		t1 = rdtsc();
		/* a vector all cpus take (timer, IPIs) has one Vctl for them all */
		__atomic_add_fetch(&v->cycles, t1 - t0, __ATOMIC_RELAXED);
		__atomic_add_fetch(&v->count, 1, __ATOMIC_RELAXED);
	}
	if(chain->type != Itrap){
		m->intr++;
		m->intrcycles += t1 - tstart;
		lapiceoi();
	}
	return 1;
}

char*
irqalloc(char *p, char *e)
{
	Vctl *v;
	int i;

	for(i = 0; i < nelem(vctl); i++)
		for(v = vctl[i]; v != nil; v = v->next)
			p = seprint(p, e, "%11d %11d %20llud %20llud %-8s %s\n",
				v->vector, v->irq, v->count, v->cycles, typename[v->type], v->name);
	return p;
}
