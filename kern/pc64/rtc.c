/*
 * The CMOS real-time clock, read once at boot for the time of day
 * (devcons.c keeps time from then on with nsec()).  The clock may
 * count in BCD or binary, in 12- or 24-hour form; its year is
 * taken to be in 2000-2099.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"

enum {
	Cmosaddr	= 0x70,
	Cmosdata	= 0x71,
};

static int
cmos(int reg)
{
	outb(Cmosaddr, reg);
	return inb(Cmosdata);
}

static int
bcd(int v, int binary)
{
	return binary ? v : (v>>4)*10 + (v&0xF);
}

/* days from 1970-01-01 to y-m-d (proleptic Gregorian) */
static vlong
epochdays(int y, int m, int d)
{
	vlong era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era*400;
	doy = (153*(m + (m > 2 ? -3 : 9)) + 2)/5 + d-1;
	doe = yoe*365 + yoe/4 - yoe/100 + doy;
	return era*146097 + doe - 719468;
}

static int
rtchour(int bin)
{
	int h, pm;

	h = cmos(0x04);
	if(cmos(0x0B) & 0x02)		/* 24-hour clock */
		return bcd(h, bin);
	pm = h & 0x80;
	h = bcd(h & 0x7F, bin) % 12;
	return pm ? h+12 : h;
}

/* the CMOS clock: seconds since the epoch */
u64int
rtcseconds(void)
{
	int i, bin;
	vlong days;

	for(i = 0; i < 100000 && (cmos(0x0A) & 0x80) != 0; i++)	/* update in progress */
		pause();
	bin = cmos(0x0B) & 0x04;
	days = epochdays(2000 + bcd(cmos(0x09), bin), bcd(cmos(0x08), bin), bcd(cmos(0x07), bin));
	return days*86400 + rtchour(bin)*3600 + bcd(cmos(0x02), bin)*60 + bcd(cmos(0x00), bin);
}
