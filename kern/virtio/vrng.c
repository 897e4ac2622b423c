/*
 * virtio-rng: the host's entropy source behind one virtqueue, the
 * smallest user of the virtio interface.  devrandom.c serves it as
 * a file; test/virtiotest.c exercises it at boot with test=virtio.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"
#include "virtio.h"

enum {
	Rngbuf	= 16*1024,
};

static struct {
	QLock	ql;		/* one request at a time; guards all below */
	int	state;		/* 0 not set up, 1 ready, -1 no usable device */
	Vdev	*d;
	Vqueue	*q;
	uchar	*buf;		/* the device's from vqadd to completion */
} rng;

static int
rngsetup(void)
{
	Vdev *d;

	if(rng.state != 0)
		return rng.state;
	rng.state = -1;
	d = virtiofind(Vrng, 0);
	if(d == nil || vdevinit(d, 0) < 0)
		return -1;
	rng.q = vdevqueue(d, 0, 1, nil);
	rng.buf = malloc(Rngbuf);
	if(rng.q == nil || rng.buf == nil){
		vdevreset(d);
		return -1;
	}
	vdevready(d);
	rng.d = d;
	rng.state = 1;
	return 1;
}

/*
 * Fill rng.buf with up to n bytes; returns how many the device
 * wrote, never 0: a device that answers empty is asked again.
 */
static long
rngfill(long n)
{
	Vseg s;
	long got;

	if(n > Rngbuf)
		n = Rngbuf;
	s = vseg(rng.buf, n);
	do
		got = vqrun(rng.q, nil, 0, &s, 1);
	while(got == 0);
	if(got < 0)
		error(Eio);
	return got;
}

/* 1 if there is a usable rng */
int
vrngpresent(void)
{
	int r;

	qlock(&rng.ql);
	r = rngsetup();
	qunlock(&rng.ql);
	return r > 0;
}

/* read up to n random bytes into a; exactly what the device wrote */
long
vrngread(void *a, long n)
{
	long got;

	if(n <= 0)
		return 0;
	qlock(&rng.ql);
	if(waserror()){
		qunlock(&rng.ql);
		nexterror();
	}
	if(rngsetup() < 0)
		error(Enodev);
	got = rngfill(n);
	memmove(a, rng.buf, got);
	poperror();
	qunlock(&rng.ql);
	return got;
}

/* the rng's queue, for the self-test's ring stress (test/virtiotest.c) */
Vqueue*
vrngqueue(void)
{
	return vrngpresent() ? rng.q : nil;
}
