/*
 * time(2): seconds since the epoch, from nsec(2), or failing that
 * from /dev/time ("sec nsec ticks hz").
 */
#include <u.h>
#include <libc.h>

static long
devtime(void)
{
	char buf[128];
	int fd;
	long n;

	fd = open("/dev/time", OREAD);
	if(fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if(n <= 0)
		return -1;
	buf[n] = 0;
	return strtol(buf, nil, 10);
}

long
time(long *tp)
{
	vlong ns;
	long t;

	ns = nsec();
	if(ns > 0)
		t = ns / 1000000000LL;
	else
		t = devtime();
	if(tp != nil)
		*tp = t;
	return t;
}
