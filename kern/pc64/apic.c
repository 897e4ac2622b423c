/*
 * Local APIC (timer, end of interrupt) and IOAPIC (routing device
 * lines to vectors).  The legacy 8259s are remapped out of the way
 * and masked: every external interrupt goes through the IOAPIC.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"

enum {				/* LAPIC registers, byte offsets */
	LapicID		= 0x020,
	LapicTPR	= 0x080,
	LapicEOI	= 0x0B0,
	LapicSVR	= 0x0F0,
	LapicESR	= 0x280,
	LapicICRlo	= 0x300,	/* interrupt command */
	LapicICRhi	= 0x310,
	LapicTimer	= 0x320,
	LapicLint0	= 0x350,
	LapicLint1	= 0x360,
	LapicError	= 0x370,
	LapicTICR	= 0x380,	/* timer initial count */
	LapicTCCR	= 0x390,	/* timer current count */
	LapicTDCR	= 0x3E0,	/* timer divide */

	IcrInit		= 5<<8,
	IcrStartup	= 6<<8,
	IcrAssert	= 1<<14,
	IcrLevel	= 1<<15,
	IcrPending	= 1<<12,	/* delivery status: not yet accepted */

	SvrEnable	= 0x100,
	Masked		= 1<<16,
	Periodic	= 1<<17,
	Div16		= 0x3,
};

enum {				/* IOAPIC */
	Ioregsel	= 0x00,
	Iowin		= 0x10,
	Ioapicver	= 0x01,
	Ioredtbl	= 0x10,

	RedLevel	= 1<<15,
	RedActiveLow	= 1<<13,
	RedMasked	= 1<<16,
};

static volatile u32int *lapic;

typedef struct Ioapic Ioapic;
struct Ioapic {
	Lock	lk;
	volatile u32int *regs;
	int	gsibase;
	int	nlines;
};
static Ioapic ioapics[8];
static int nioapics;

static u32int
lapicr(int r)
{
	return lapic[r/4];
}

static void
lapicw(int r, u32int v)
{
	lapic[r/4] = v;
	(void)lapic[LapicID/4];		/* wait for the write to finish */
}

void
picmask(void)
{
	/* remap the 8259s to VectorPIC so stray interrupts are recognisable, then mask */
	outb(0x20, 0x11); outb(0x21, VectorPIC); outb(0x21, 4); outb(0x21, 1);
	outb(0xA0, 0x11); outb(0xA1, VectorPIC+8); outb(0xA1, 2); outb(0xA1, 1);
	outb(0x21, 0xFF);
	outb(0xA1, 0xFF);
}

static void
lapicerror(Ureg*, void*)
{
	lapicw(LapicESR, 0);
	iprint("lapic error %#ux\n", lapicr(LapicESR));
}

/* this cpu's LAPIC: enabled, every local interrupt masked but errors */
static void
lapicsetup(void)
{
	wrmsr(0x1B, rdmsr(0x1B) | 1<<11);	/* global enable */
	lapicw(LapicSVR, SvrEnable | VectorSpurious);
	lapicw(LapicTPR, 0);
	lapicw(LapicTimer, Masked);
	lapicw(LapicLint0, Masked);
	lapicw(LapicLint1, Masked);
	lapicw(LapicError, VectorError);
	lapicw(LapicESR, 0);
	lapicw(LapicESR, 0);
	lapicw(LapicEOI, 0);
}

void
lapicinit(void)
{
	lapic = vmap(conf.lapicpa, BY2PG);
	lapicsetup();
	lapicintrenable(VectorError, lapicerror, nil, "APIC error");
}

/* an application processor's LAPIC (the mapping and the handlers are shared) */
void
lapicinitap(void)
{
	lapicsetup();
}

/* send an interrupt command to the cpu with LAPIC id apicid; wait until it is accepted */
static void
lapicicr(int apicid, u32int cmd)
{
	int i;

	lapicw(LapicICRhi, (u32int)apicid << 24);
	lapicw(LapicICRlo, cmd);
	for(i = 0; i < 1000000 && (lapicr(LapicICRlo) & IcrPending); i++)
		pause();
}

/* INIT, then two startups at the trampoline, as the MP specification says */
void
lapicstartap(int apicid, uintptr trampoline)
{
	lapicicr(apicid, IcrInit | IcrLevel | IcrAssert);
	microdelay(10000);
	lapicicr(apicid, IcrStartup | (trampoline >> 12));
	microdelay(200);
	lapicicr(apicid, IcrStartup | (trampoline >> 12));
	microdelay(200);
}

/* a fixed interrupt on another cpu */
void
lapicipi(int apicid, int vector)
{
	u64int s;

	s = splhi();
	lapicicr(apicid, vector);
	splx(s);
}

int
lapicid(void)
{
	return lapicr(LapicID) >> 24;
}

void
lapiceoi(void)
{
	lapic[LapicEOI/4] = 0;
}

/* start the periodic timer: count in timer ticks (after the divide by 16) */
void
lapictimerinit(u32int count)
{
	lapicw(LapicTDCR, Div16);
	lapicw(LapicTimer, Periodic | VectorTimer);
	lapicw(LapicTICR, count);
}

/* prime the timer for calibration: one-shot, masked, counting down from ~0 */
void
lapictimerprime(void)
{
	lapicw(LapicTDCR, Div16);
	lapicw(LapicTimer, Masked);
	lapicw(LapicTICR, 0xFFFFFFFF);
}

u32int
lapiccount(void)
{
	return lapicr(LapicTCCR);
}

static u32int
ioapicr(Ioapic *io, int r)
{
	io->regs[Ioregsel/4] = r;
	return io->regs[Iowin/4];
}

static void
ioapicw(Ioapic *io, int r, u32int v)
{
	io->regs[Ioregsel/4] = r;
	io->regs[Iowin/4] = v;
}

void
ioapicinit(void)
{
	Ioapic *io;
	int i, n;

	for(n = 0; n < conf.nioapic && n < nelem(ioapics); n++){
		io = &ioapics[n];
		io->regs = vmap(conf.ioapicpa[n], BY2PG);
		io->gsibase = conf.ioapicgsibase[n];
		io->nlines = ((ioapicr(io, Ioapicver) >> 16) & 0xFF) + 1;
		for(i = 0; i < io->nlines; i++){
			ioapicw(io, Ioredtbl+2*i+1, 0);
			ioapicw(io, Ioredtbl+2*i, RedMasked);
		}
	}
	nioapics = n;
}

static Ioapic*
gsi2ioapic(int gsi)
{
	Ioapic *io;

	for(io = ioapics; io < ioapics+nioapics; io++)
		if(gsi >= io->gsibase && gsi < io->gsibase+io->nlines)
			return io;
	return nil;
}

/* deliver gsi to vector on the boot cpu */
void
ioapicroute(int gsi, int vector, int level, int activelow)
{
	Ioapic *io;
	u32int lo;
	int line;

	io = gsi2ioapic(gsi);
	if(io == nil){
		print("ioapicroute: no IOAPIC for gsi %d\n", gsi);
		return;
	}
	line = gsi - io->gsibase;
	lo = vector;
	if(level)
		lo |= RedLevel;
	if(activelow)
		lo |= RedActiveLow;
	ilock(&io->lk);
	ioapicw(io, Ioredtbl+2*line+1, (u32int)machs[0]->apicid << 24);
	ioapicw(io, Ioredtbl+2*line, lo);
	iunlock(&io->lk);
}

void
ioapicmask(int gsi, int masked)
{
	Ioapic *io;
	int line;
	u32int lo;

	io = gsi2ioapic(gsi);
	if(io == nil)
		return;
	line = gsi - io->gsibase;
	ilock(&io->lk);
	lo = ioapicr(io, Ioredtbl+2*line);
	if(masked)
		lo |= RedMasked;
	else
		lo &= ~RedMasked;
	ioapicw(io, Ioredtbl+2*line, lo);
	iunlock(&io->lk);
}

/*
 * MSI messages to a cpu's local APIC: fixed delivery, edge
 * triggered, physical destination; the vector goes in the data word.
 */
u32int
lapicmsiaddr(int machno)
{
	return 0xFEE00000 | (u32int)machs[machno]->apicid << 12;
}
