/*
 * Descriptor tables and the trap dispatcher.  Every vector enters
 * through l.S into trap(); registered consumers are run by
 * intrdispatch (irq.c); an exception nobody handles prints a report
 * naming the vector, error code, registers and faulting address.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"
#include "error.h"

typedef struct Gate Gate;

struct Gate {
	u16int	off0;
	u16int	sel;
	u8int	ist;
	u8int	attr;
	u16int	off1;
	u32int	off2;
	u32int	zero;
};

enum {
	Intgate	= 0x8E,		/* present, DPL 0, 64-bit interrupt gate */
	Usergate = 0xEE,	/* DPL 3: reachable by int from user mode */
	Dfist	= 1,		/* double faults run on their own stack */
};

static char *excname[32] = {
	[0]	"#DE divide error",
	[1]	"#DB debug",
	[2]	"#NMI non-maskable interrupt",
	[3]	"#BP breakpoint",
	[4]	"#OF overflow",
	[5]	"#BR bound range exceeded",
	[6]	"#UD invalid opcode",
	[7]	"#NM device not available",
	[8]	"#DF double fault",
	[9]	"#9 coprocessor segment overrun",
	[10]	"#TS invalid TSS",
	[11]	"#NP segment not present",
	[12]	"#SS stack fault",
	[13]	"#GP general protection",
	[14]	"#PF page fault",
	[15]	"#15 reserved",
	[16]	"#MF x87 floating-point error",
	[17]	"#AC alignment check",
	[18]	"#MC machine check",
	[19]	"#XF SIMD floating-point error",
	[20]	"#VE virtualization exception",
	[21]	"#CP control protection",
};

static Gate idt[256];		/* shared by every cpu */

static void
setgate(int v, uintptr f, int attr, int ist)
{
	Gate *g;

	g = &idt[v];
	g->off0 = f;
	g->sel = KESEL;
	g->ist = ist;
	g->attr = attr;
	g->off1 = f >> 16;
	g->off2 = f >> 32;
	g->zero = 0;
}

static void
loadtables(Mach *m)
{
	struct { u16int limit; u64int base; } __attribute__((packed)) d;

	d.limit = sizeof m->gdt - 1;
	d.base = (uintptr)m->gdt;
	__asm__ volatile("lgdt %0" : : "m"(d));
	d.limit = sizeof idt - 1;
	d.base = (uintptr)idt;
	__asm__ volatile("lidt %0" : : "m"(d));
	__asm__ volatile("ltr %w0" : : "r"(TSSSEL));
}

/* each cpu has its own GDT, for its own TSS */
static void
gdtinit(Mach *m)
{
	u64int *gdt;
	Tss *tss;
	uintptr t;

	gdt = m->gdt;
	tss = &m->tss;
	gdt[0] = 0;
	gdt[KESEL>>3] = 0x00209A0000000000ULL;
	gdt[KDSEL>>3] = 0x0000920000000000ULL;
	gdt[3] = 0;				/* unused: sysret wants UDSEL = UESEL-8 */
	gdt[UDSEL>>3] = 0x0000F20000000000ULL;
	gdt[UESEL>>3] = 0x0020FA0000000000ULL;
	t = (uintptr)tss;
	gdt[TSSSEL>>3] = (sizeof *tss - 1) | (t & 0xFFFFFF)<<16 | 0x89ULL<<40 | ((t>>24) & 0xFF)<<56;
	gdt[(TSSSEL>>3)+1] = t >> 32;
	tss->ist[Dfist-1] = (uintptr)m->dfstack + sizeof m->dfstack;
	tss->iomap = sizeof *tss;
}

/* the kernel stack used on entry from user mode */
void
settss(uintptr sp)
{
	machp()->tss.rsp[0] = sp;
}

void
dumpregs(Ureg *u)
{
	iprint("ax %#.16llux bx %#.16llux cx %#.16llux dx %#.16llux\n", u->ax, u->bx, u->cx, u->dx);
	iprint("si %#.16llux di %#.16llux bp %#.16llux sp %#.16llux\n", u->si, u->di, u->bp, u->sp);
	iprint("r8 %#.16llux r9 %#.16llux r10 %#.16llux r11 %#.16llux\n", u->r8, u->r9, u->r10, u->r11);
	iprint("r12 %#.16llux r13 %#.16llux r14 %#.16llux r15 %#.16llux\n", u->r12, u->r13, u->r14, u->r15);
	iprint("ip %#.16llux cs %#llux flags %#llux ss %#llux cr3 %#llux\n", u->ip, u->cs, u->flags, u->ss, getcr3());
}

static char*
trapname(int v)
{
	if(v < nelem(excname) && excname[v] != nil)
		return excname[v];
	return "unknown trap";
}

/* an exception the kernel cannot recover from */
static void
fatal(Ureg *u)
{
	splhi();
	stopcpus();
	iprint("trap %s: error %#llux pc %#llux", trapname(u->type), u->error, u->ip);
	if(u->type == 14)
		iprint(" addr %#llux", getcr2());
	iprint("\n");
	dumpregs(u);
	iprint("9q: halted\n");
	for(;;)
		halt();
}

/*
 * A fault in user mode becomes a note for the process (see
 * notify, syscall.c); in the kernel it is fatal, except for a page
 * fault on a user address of the current process, which is filled
 * in as it would be for the process itself.
 */
void
faultuser(Ureg *u, char *what)
{
	char buf[ERRMAX];

	if(u->type == 14)
		snprint(buf, sizeof buf, "sys: trap: %s pc=%#llux addr=%#llux", what, u->ip, getcr2());
	else
		snprint(buf, sizeof buf, "sys: trap: %s pc=%#llux", what, u->ip);
	postnote(up, 1, buf, NDebug);
}

static void
pagefault(Ureg *u)
{
	uintptr addr;
	int write, user;

	addr = getcr2();
	write = (u->error & 2) != 0;
	user = userureg(u);
	/* an instruction fetch from a present page: NX */
	if(up != nil && addr < USTKTOP && (u->error & 0x11) != 0x11){
		if(u->flags & 0x200)
			spllo();
		if(fault(addr, write, user) == 0)
			return;
	}
	if(user && up != nil)
		faultuser(u, write ? "fault write" : "fault read");
	else
		fatal(u);
}

/* "divide error", not "#DE divide error", for notes */
static char*
trapwhat(int v)
{
	char *s;

	s = trapname(v);
	if(s[0] == '#' && strchr(s, ' ') != nil)
		s = strchr(s, ' ') + 1;
	return s;
}

static void
faulttrap(Ureg *u, void*)
{

	if(u->type == 14){
		pagefault(u);
		return;
	}
	if(!userureg(u) || up == nil)
		fatal(u);
	faultuser(u, trapwhat(u->type));
}

static void
bpttrap(Ureg *u, void*)
{
	iprint("breakpoint at %#llux\n", u->ip - 1);
}

static void
nmtrap(Ureg*, void*)
{
	/* FPU state is switched eagerly (fpu.c), so TS is never set on purpose */
	__asm__ volatile("clts");
}

void
trap(Ureg *u)
{
	int user;

	user = userureg(u) && up != nil;
	if(user)
		up->dbgreg = u;
	if(intrdispatch(u))
		;
	else if(u->type == VectorSpurious)
		;
	else if(u->type < 32){
		if(!user)
			fatal(u);
		faultuser(u, trapwhat(u->type));
	}else{
		iprint("unexpected interrupt vector %llud\n", u->type);
		lapiceoi();
	}
	if(user)
		returnuser(u);		/* preemption, notes */
}

void
trapinit(void)
{
	int v;

	for(v = 0; v < 256; v++)
		setgate(v, (uintptr)vectors + 16*v, Intgate, v == 8 ? Dfist : 0);
	gdtinit(machp());
	loadtables(machp());

	trapenable(0, faulttrap, nil, "#DE");
	trapenable(3, bpttrap, nil, "#BP");
	trapenable(6, faulttrap, nil, "#UD");
	trapenable(7, nmtrap, nil, "#NM");
	trapenable(8, faulttrap, nil, "#DF");
	trapenable(13, faulttrap, nil, "#GP");
	trapenable(14, faulttrap, nil, "#PF");
	trapenable(16, faulttrap, nil, "#MF");
	trapenable(19, faulttrap, nil, "#XF");
}

/* an application processor: its own GDT and TSS, the shared IDT */
void
trapinitap(Mach *m)
{
	gdtinit(m);
	loadtables(m);
}
