/*
 * virtio-rng: the host's entropy source behind one virtqueue, the
 * smallest user of the virtio interface.  devrandom.c serves it as
 * a file; virtiotest exercises it (and shows the PCI and virtio
 * tables) at boot with test=virtio.
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

/*
 * More processes than the ring has slots, each with its own buffer,
 * so that vqadd must sleep for room and be woken by completions.
 */
enum {
	Nstress	= 12,
	Rounds	= 50,
};

static struct {
	Lock	lk;
	int	running;
	long	bytes;
} stress;

static void
stressproc(void*)
{
	uchar *b;
	Vseg s;
	long n, tot;
	int i;

	b = smalloc(512);
	tot = 0;
	for(i = 0; i < Rounds; i++){
		s = vseg(b, 512);
		n = vqrun(rng.q, nil, 0, &s, 1);
		if(n > 0)
			tot += n;
	}
	free(b);
	lock(&stress.lk);
	stress.bytes += tot;
	stress.running--;
	unlock(&stress.lk);
}

static void
stresstest(void)
{
	Rendez r;
	int i;

	memset(&r, 0, sizeof r);
	stress.running = Nstress;
	for(i = 0; i < Nstress; i++)
		kproc("rngstress", stressproc, nil);
	while(stress.running > 0)
		tsleep(&r, return0, nil, 10);
	print("virtio: rng: %d procs on a %ud-slot ring: %ld bytes\n",
		Nstress, rng.q->ring.num, stress.bytes);
}

static void
printirqalloc(void)
{
	char *buf, *e;

	buf = smalloc(16*1024);
	e = irqalloc(buf, buf+16*1024);
	print("virtio: irqalloc\n");
	consputs(buf, e-buf);
	print("virtio: irqalloc end\n");
	free(buf);
}

/*
 * test=virtio: the PCI table, the virtio devices, /dev/irqalloc, then
 * 64 bytes and 1 MiB from the rng, and /dev/irqalloc again through vrngread, in a kernel process so that
 * the waits are real sleeps woken by the interrupt.
 */
static void
testproc(void*)
{
	char *buf, *e, hex[2*64+1];
	uchar *b, seen[256];
	Vdev *d;
	int i, nval;
	long n, tot;

	buf = smalloc(16*1024);
	e = pcidescribe(buf, buf+16*1024);
	consputs(buf, e-buf);
	for(i = 0; (d = virtiodev(i)) != nil; i++)
		print("virtio: %s %s %.4ux/%.4ux %s vector %d\n", d->name,
			d->modern ? "modern" : "legacy", d->pci->vid, d->pci->did,
			d->vector >= 0 ? "msix" : "intx", d->vector);
	free(buf);
	printirqalloc();
	if(!vrngpresent()){
		print("virtio: rng: none\n");
		tsleep(&up->sleep, return0, nil, 100);
		printirqalloc();
		print("virtio: done\n");
		return;
	}
	b = smalloc(Rngbuf);
	for(tot = 0; tot < 64; tot += n)
		n = vrngread(b+tot, 64-tot);
	e = hex;
	for(i = 0; i < 64; i++)
		e = seprint(e, hex+sizeof hex, "%.2ux", b[i]);
	print("virtio: rng: %s\n", hex);
	memset(seen, 0, sizeof seen);
	for(tot = 0; tot < 1024*1024; tot += n){
		n = vrngread(b, Rngbuf);
		for(i = 0; i < n; i++)
			seen[b[i]] = 1;
	}
	free(b);
	for(nval = i = 0; i < 256; i++)
		nval += seen[i];
	print("virtio: rng: %ld bytes, %d byte values, %s\n", tot, nval,
		vdevhas(rng.d, VfIndirect) ? "indirect" : "direct");
	stresstest();
	printirqalloc();
	print("virtio: done\n");
}

void
virtiotest(void)
{
	kproc("virtiotest", testproc, nil);
}
