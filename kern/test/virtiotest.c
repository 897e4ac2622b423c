#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"
#include "pci.h"
#include "virtio.h"

enum {
	Rngbuf	= 16*1024,
};

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
		n = vqrun(vrngqueue(), nil, 0, &s, 1);
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
		Nstress, vrngqueue()->ring.num, stress.bytes);
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
		vdevhas(vrngqueue()->dev, VfIndirect) ? "indirect" : "direct");
	stresstest();
	printirqalloc();
	print("virtio: done\n");
}

void
virtiotest(void)
{
	kproc("virtiotest", testproc, nil);
}
