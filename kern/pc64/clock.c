/*
 * Time.  The TSC, calibrated once against the PIT, is the clock:
 * nsec() is nanoseconds since kernel entry.  The LAPIC timer, timed
 * against the same PIT window, interrupts HZ times a second.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"

enum {
	Pitfreq		= 1193182,
	Calms		= 3,		/* calibration window, ms */
};

static u64int tscmult;		/* ns per TSC tick, 32.32 fixed point */
static u64int tschz;
static u32int timercount;	/* LAPIC timer initial count for HZ */

void lapictimerprime(void);

/*
 * Run PIT channel 2 in one-shot mode for Calms milliseconds and see
 * how far the TSC and the LAPIC timer moved meanwhile.
 */
static void
calibrate(u64int *tscticks, u32int *lapicticks)
{
	u32int n, l0, l1;
	u64int t0, t1;
	int i;

	n = Pitfreq*Calms/1000;
	outb(0x61, (inb(0x61) & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(0x43, 0xB0);			/* channel 2, lo/hi, mode 0 */
	lapictimerprime();
	outb(0x42, n);
	outb(0x42, n>>8);
	t0 = rdtsc();
	l0 = lapiccount();
	for(i = 0; (inb(0x61) & 0x20) == 0 && i < 100000000; i++)
		;
	t1 = rdtsc();
	l1 = lapiccount();
	*tscticks = t1 - t0;
	*lapicticks = l0 - l1;
}

u64int
tsc2ns(u64int t)
{
	return ((unsigned __int128)t * tscmult) >> 32;
}

u64int
nsec(void)
{
	return tsc2ns(rdtsc() - entrytsc);
}

u64int
fastticks(u64int *hz)
{
	if(hz != nil)
		*hz = tschz;
	return rdtsc();
}

void
microdelay(int us)
{
	u64int end;

	end = nsec() + (u64int)us*1000;
	while(nsec() < end)
		pause();
}

void
delay(int ms)
{
	microdelay(ms*1000);
}

static void
clockintr(Ureg *u, void*)
{
	kproftick(u->ip);
	machp()->ticks++;
	accounttime();
	hzsched();		/* tsleep timers, alarms, end of quantum, sysstat */
}

void
clockinit(void)
{
	u64int tsc;
	u32int lap;

	calibrate(&tsc, &lap);
	if(tsc == 0 || lap == 0)
		panic("clockinit: timer calibration failed");
	tschz = tsc * 1000 / Calms;
	tscmult = ((unsigned __int128)1000000000 << 32) / tschz;
	machp()->cpuhz = tschz;
	lapicintrenable(VectorTimer, clockintr, nil, "APIC timer");
	timercount = (u64int)lap * 1000 / Calms / HZ;
	lapictimerinit(timercount);
}

/* the LAPIC timers run at one rate on every cpu of a machine */
void
clockinitap(void)
{
	machp()->cpuhz = tschz;
	lapictimerinit(timercount);
}
