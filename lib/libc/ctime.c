/*
 * Calendar time, always in GMT (there are no time zones here).
 * ctime gives Plan 9's date(1) form, "Sun Nov 22 00:30:00 GMT 2026\n".
 */
#include <u.h>
#include <libc.h>

static char days[] = "SunMonTueWedThuFriSat";
static char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

static vlong
floordiv(vlong a, vlong b)
{
	return a/b - (a%b < 0);
}

/*
 * Split a day number (0 is 1970-01-01) into year, month (0-11) and
 * day (1-31) by counting in 400-year eras of a calendar that starts
 * on March 1, so the leap day falls at the end of each year.
 */
static void
civil(vlong day, vlong *y, int *m, int *d)
{
	vlong era, doe, yoe, doy, mp;

	day += 719468;		/* days from 0000-03-01 to 1970-01-01 */
	era = floordiv(day, 146097);
	doe = day - era*146097;				/* [0, 146096] */
	yoe = (doe - doe/1460 + doe/36524 - doe/146096) / 365;	/* [0, 399] */
	doy = doe - (365*yoe + yoe/4 - yoe/100);	/* [0, 365] */
	mp = (5*doy + 2)/153;				/* March is 0 */
	*d = doy - (153*mp + 2)/5 + 1;
	*m = mp < 10 ? mp + 2 : mp - 10;
	*y = yoe + era*400 + (*m <= 1);
}

static int
isleap(vlong y)
{
	return y%4 == 0 && (y%100 != 0 || y%400 == 0);
}

Tm*
gmtime(long t)
{
	static Tm tm;
	static int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	vlong day, secs, y;
	int m, d;

	day = floordiv(t, 86400);
	secs = t - day*86400;
	civil(day, &y, &m, &d);
	tm.sec = secs % 60;
	tm.min = secs/60 % 60;
	tm.hour = secs/3600;
	tm.mday = d;
	tm.mon = m;
	tm.year = y - 1900;
	tm.wday = (day + 4) % 7;	/* 1970-01-01 was a Thursday */
	if(tm.wday < 0)
		tm.wday += 7;
	tm.yday = before[m] + d - 1 + (m > 1 && isleap(y));
	strcpy(tm.zone, "GMT");
	tm.tzoff = 0;
	return &tm;
}

Tm*
localtime(long t)
{
	return gmtime(t);
}

/* two digits; a day of the month below ten gets a blank, as in Plan 9 */
static char*
two(char *p, int n, int blank)
{
	*p++ = blank && n < 10 ? ' ' : '0' + n/10 % 10;
	*p++ = '0' + n%10;
	return p;
}

char*
asctime(Tm *tm)
{
	static char buf[64];
	char *p;
	int m, w;

	m = tm->mon >= 0 && tm->mon < 12 ? tm->mon : 0;
	w = tm->wday >= 0 && tm->wday < 7 ? tm->wday : 0;
	p = buf;
	memmove(p, days + 3*w, 3);
	p[3] = ' ';
	memmove(p+4, months + 3*m, 3);
	p[7] = ' ';
	p = two(p+8, tm->mday, 1);
	*p++ = ' ';
	p = two(p, tm->hour, 0);
	*p++ = ':';
	p = two(p, tm->min, 0);
	*p++ = ':';
	p = two(p, tm->sec, 0);
	seprint(p, buf + sizeof buf, " %s %d\n", tm->zone[0] ? tm->zone : "GMT", tm->year + 1900);
	return buf;
}

char*
ctime(long t)
{
	return asctime(gmtime(t));
}
