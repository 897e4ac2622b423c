/*
 * virtio over PCI: enumeration, both transports (legacy I/O port
 * BAR0 and virtio 1.0 capabilities), the status handshake, feature
 * negotiation, virtqueues on top of vring.c, and interrupts.  The
 * interface drivers use is described in virtio.h.
 *
 * Every virtio device gets its interrupt at enumeration, so
 * /dev/irqalloc names all of them whether or not a driver uses it:
 * one MSI-X vector per device, shared by its config change and all
 * its queues (table entry 0), or, where the device has no MSI-X, its
 * INTx line on i440fx (the ISR register then says whether it was us).
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
	VirtioVID	= 0x1AF4,

	/* legacy registers, from BAR0 */
	Lhostfeat	= 0,
	Lguestfeat	= 4,
	Lqaddr		= 8,
	Lqsize		= 12,
	Lqsel		= 14,
	Lqnotify	= 16,
	Lstatus		= 18,
	Lisr		= 19,
	Lcfgvec		= 20,		/* these two only with MSI-X on */
	Lqvec		= 22,

	/* modern common configuration */
	Cdfselect	= 0,
	Cdf		= 4,
	Cgfselect	= 8,
	Cgf		= 12,
	Cmsix		= 16,
	Cnumq		= 18,
	Cstatus		= 20,
	Cgen		= 21,
	Cqsel		= 22,
	Cqsize		= 24,
	Cqmsix		= 26,
	Cqenable	= 28,
	Cqnotifyoff	= 30,
	Cqdesc		= 32,
	Cqavail		= 40,
	Cqused		= 48,

	/* virtio PCI capability types */
	CapCommon	= 1,
	CapNotify	= 2,
	CapISR		= 3,
	CapDevice	= 4,

	NoVector	= 0xFFFF,
	Maxqsize	= 1024,		/* modern devices let us choose */
	Maxindir	= 256,		/* segments of one request, at most */
};

static Vdev *vdevs;
static int nvdev;
static int forcelegacy;	/* virtio=legacy: transitional devices use the I/O BAR */

static char *classnames[] = {
	[Vnet]		"net",
	[Vblk]		"blk",
	[Vconsole]	"console",
	[Vrng]		"rng",
	[Vballoon]	"balloon",
	[Vscsi]		"scsi",
	[V9p]		"9p",
	[Vgpu]		"gpu",
	[Vinput]	"input",
	[Vvsock]	"vsock",
};

char*
virtioclassname(int class, char *buf, int len)
{
	if(class >= 0 && class < nelem(classnames) && classnames[class] != nil)
		strecpy(buf, buf+len, classnames[class]);
	else
		snprint(buf, len, "%d", class);
	return buf;
}

/* modern register access: the mapped BARs are uncached MMIO */
#define R8(p, o)	(*(volatile u8int*)((p)+(o)))
#define R16(p, o)	(*(volatile u16int*)((p)+(o)))
#define R32(p, o)	(*(volatile u32int*)((p)+(o)))
#define W8(p, o, v)	(*(volatile u8int*)((p)+(o)) = (v))
#define W16(p, o, v)	(*(volatile u16int*)((p)+(o)) = (v))
#define W32(p, o, v)	(*(volatile u32int*)((p)+(o)) = (v))

static int
lcfgoff(Vdev *d)
{
	return d->vector >= 0 ? 24 : 20;
}

static int
getstatus(Vdev *d)
{
	if(d->modern)
		return R8(d->common, Cstatus);
	return ioread8(d->iobase+Lstatus);
}

static void
setstatus(Vdev *d, int s)
{
	if(d->modern)
		W8(d->common, Cstatus, s);
	else
		iowrite8(d->iobase+Lstatus, s);
}

static void
addstatus(Vdev *d, int s)
{
	setstatus(d, getstatus(d) | s);
}

/* reset: the device forgets its queues and features, and stops using memory */
void
vdevreset(Vdev *d)
{
	int i;

	setstatus(d, 0);
	for(i = 0; i < 1000 && getstatus(d) != 0; i++)
		microdelay(10);
}

int
vdevhas(Vdev *d, int bit)
{
	return (d->features & VF(bit)) != 0;
}

static u64int
hostfeatures(Vdev *d)
{
	u64int f;

	if(!d->modern)
		return ioread32(d->iobase+Lhostfeat);
	W32(d->common, Cdfselect, 0);
	f = R32(d->common, Cdf);
	W32(d->common, Cdfselect, 1);
	f |= (u64int)R32(d->common, Cdf) << 32;
	return f;
}

static void
setfeatures(Vdev *d, u64int f)
{
	if(!d->modern){
		iowrite32(d->iobase+Lguestfeat, f);
		return;
	}
	W32(d->common, Cgfselect, 0);
	W32(d->common, Cgf, f);
	W32(d->common, Cgfselect, 1);
	W32(d->common, Cgf, f>>32);
}

static void
freequeue(Vqueue *q)
{
	vringfree(&q->ring);
	free(q->mem);
	free(q->indir);
	free(q);
}

/*
 * The handshake up to queue setup: reset, ACKNOWLEDGE, DRIVER, then
 * the features both want (VERSION_1 required on modern devices; the
 * ring features whenever offered).  Returns -1, with the device
 * marked FAILED, if it will not take them.
 */
int
vdevinit(Vdev *d, u64int wanted)
{
	u64int f;
	int i;

	if(!d->modern && d->iobase == 0)
		return -1;
	vdevreset(d);
	for(i = 0; i < Maxvq; i++)	/* a second init: the reset device no longer uses them */
		if(d->vq[i] != nil){
			freequeue(d->vq[i]);
			d->vq[i] = nil;
		}
	addstatus(d, Vacknowledge);
	addstatus(d, Vdriver);
	d->hostfeat = hostfeatures(d);
	wanted |= VF(VfIndirect) | VF(VfEventIdx);
	if(d->modern)
		wanted |= VF(VfVersion1);
	else
		wanted &= 0xFFFFFFFF;
	f = d->hostfeat & wanted;
	if(d->modern && (f & VF(VfVersion1)) == 0)
		goto fail;
	setfeatures(d, f);
	d->features = f;
	if(d->modern){
		addstatus(d, Vfeaturesok);
		if((getstatus(d) & Vfeaturesok) == 0)
			goto fail;
	}
	if(d->vector >= 0){
		if(d->modern){
			W16(d->common, Cmsix, 0);
			if(R16(d->common, Cmsix) == NoVector)
				goto fail;
		}else{
			iowrite16(d->iobase+Lcfgvec, 0);
			if(ioread16(d->iobase+Lcfgvec) == NoVector)
				goto fail;
		}
	}
	return 0;
fail:
	addstatus(d, Vfailed);
	return -1;
}

void
vdevready(Vdev *d)
{
	addstatus(d, Vdriverok);
}

/* the device-specific configuration; -1 if [off, off+n) is outside it */
int
vdevcfgread(Vdev *d, int off, void *buf, int n)
{
	uchar *b;
	int i, gen;

	b = buf;
	if(off < 0 || n < 0)
		return -1;
	if(d->modern){
		if(d->devcfg == nil || off+n > d->devcfglen)
			return -1;
		do{
			gen = R8(d->common, Cgen);
			for(i = 0; i < n; i++)
				b[i] = R8(d->devcfg, off+i);
		}while(gen != R8(d->common, Cgen));
		return n;
	}
	if(lcfgoff(d)+off+n > d->pci->bar[0].size)
		return -1;
	for(i = 0; i < n; i++)
		b[i] = ioread8(d->iobase+lcfgoff(d)+off+i);
	return n;
}

int
vdevcfgwrite(Vdev *d, int off, void *buf, int n)
{
	uchar *b;
	int i;

	b = buf;
	if(off < 0 || n < 0)
		return -1;
	if(d->modern){
		if(d->devcfg == nil || off+n > d->devcfglen)
			return -1;
		for(i = 0; i < n; i++)
			W8(d->devcfg, off+i, b[i]);
		return n;
	}
	if(lcfgoff(d)+off+n > d->pci->bar[0].size)
		return -1;
	for(i = 0; i < n; i++)
		iowrite8(d->iobase+lcfgoff(d)+off+i, b[i]);
	return n;
}

/* the largest power of 2 no bigger than n */
static uint
pow2floor(uint n)
{
	uint p;

	for(p = 1; p*2 <= n; p *= 2)
		;
	return p;
}

/* allocate the rings of q (and its indirect tables) for num entries */
static int
allocring(Vqueue *q, uint num, int maxseg)
{
	Vdev *d;
	usize sz;

	d = q->dev;
	sz = vringsize(num, Vlegacyalign);
	if(sz < BY2PG)
		sz = BY2PG;	/* so malloc gives whole, aligned pages */
	q->mem = malloc(sz);
	if(q->mem == nil || vringinit(&q->ring, num, q->mem, Vlegacyalign, PADDR(q->mem)) < 0)
		return -1;
	if(vdevhas(d, VfIndirect) && maxseg > 1){
		if(maxseg > Maxindir)
			maxseg = Maxindir;
		if(maxseg > num)
			maxseg = num;	/* no chain may be longer than the queue */
		sz = vringindirectsize(num, maxseg);
		q->indir = malloc(sz < BY2PG ? BY2PG : sz);
		if(q->indir == nil || vringindirect(&q->ring, q->indir, PADDR(q->indir), maxseg) < 0)
			return -1;
	}
	vringeventidx(&q->ring, vdevhas(d, VfEventIdx));
	return 0;
}

static int
legacyqueue(Vdev *d, Vqueue *q, int maxseg)
{
	uint num;

	iowrite16(d->iobase+Lqsel, q->idx);
	num = ioread16(d->iobase+Lqsize);
	if(num == 0 || num > Vringmax || (num & (num-1)) != 0)
		return -1;
	if(allocring(q, num, maxseg) < 0)
		return -1;
	if(d->vector >= 0){
		iowrite16(d->iobase+Lqvec, 0);
		if(ioread16(d->iobase+Lqvec) == NoVector)
			return -1;
	}
	iowrite32(d->iobase+Lqaddr, PADDR(q->mem) >> 12);
	return 0;
}

static int
modernqueue(Vdev *d, Vqueue *q, int maxseg)
{
	uchar *c;
	uint num;

	c = d->common;
	if(q->idx >= R16(c, Cnumq))
		return -1;
	W16(c, Cqsel, q->idx);
	num = R16(c, Cqsize);
	if(num == 0)
		return -1;
	num = pow2floor(num < Maxqsize ? num : Maxqsize);
	if(allocring(q, num, maxseg) < 0)
		return -1;
	W16(c, Cqsize, num);
	W32(c, Cqdesc, q->ring.descpa);
	W32(c, Cqdesc+4, q->ring.descpa>>32);
	W32(c, Cqavail, q->ring.availpa);
	W32(c, Cqavail+4, q->ring.availpa>>32);
	W32(c, Cqused, q->ring.usedpa);
	W32(c, Cqused+4, q->ring.usedpa>>32);
	if(d->vector >= 0){
		W16(c, Cqmsix, 0);
		if(R16(c, Cqmsix) == NoVector)
			return -1;
	}
	q->notify = (u16int*)(d->notifybase + (uintptr)R16(c, Cqnotifyoff)*d->notifymul);
	W16(c, Cqenable, 1);
	return 0;
}

/*
 * Set up queue idx, between vdevinit and vdevready.  maxseg bounds
 * the segments of one request when indirect descriptors are used.
 * done nil: completions mark Vreqs (see virtio.h).
 */
Vqueue*
vdevqueue(Vdev *d, int idx, int maxseg, void (*done)(Vqueue*, void*, u32int))
{
	Vqueue *q;
	int r;

	if(idx < 0 || idx >= Maxvq)
		return nil;
	if(d->vq[idx] != nil)
		return d->vq[idx];
	q = malloc(sizeof *q);
	if(q == nil)
		return nil;
	q->dev = d;
	q->idx = idx;
	q->done = done;
	r = d->modern ? modernqueue(d, q, maxseg) : legacyqueue(d, q, maxseg);
	if(r < 0){
		freequeue(q);
		return nil;
	}
	d->vq[idx] = q;
	return q;
}

/* queues with an MSI-X vector of their own (vdevqvector) */
typedef struct Qgroup Qgroup;
struct Qgroup {
	int	n;
	Vqueue	*q[4];
};

static void vqintr(Vqueue*);

static void
qgroupintr(Ureg*, void *a)
{
	Qgroup *g;
	int i;

	g = a;
	for(i = 0; i < g->n; i++)
		vqintr(g->q[i]);
}

/* point queue q's interrupts at MSI-X entry; did the device take it? */
static int
qentry(Vdev *d, Vqueue *q, int entry)
{
	if(d->modern){
		W16(d->common, Cqsel, q->idx);
		W16(d->common, Cqmsix, entry);
		return R16(d->common, Cqmsix) == entry;
	}
	iowrite16(d->iobase+Lqsel, q->idx);
	iowrite16(d->iobase+Lqvec, entry);
	return ioread16(d->iobase+Lqvec) == entry;
}

/*
 * Give queues qs (a driver's group, such as a port's receive and
 * transmit queues) an interrupt of their own, named name in
 * irqalloc: the next MSI-X entry, if the device has one more.  Else,
 * or if the device refuses it, they stay on entry 0 with the rest and
 * -1 is returned.  Between vdevqueue and vdevready.  (Entry 0's
 * handler still looks at them too: a queue with nothing used costs a
 * glance.)
 */
int
vdevqvector(Vdev *d, Vqueue **qs, int nq, char *name)
{
	Qgroup *g;
	int i, vector, entry;

	if(d->vector < 0 || nq > nelem(g->q) || d->nentry >= d->pci->msixn)
		return -1;
	g = mallocz(sizeof *g, 1);
	if(g == nil || (vector = msialloc()) < 0){
		free(g);
		return -1;
	}
	entry = d->nentry++;
	g->n = nq;
	memmove(g->q, qs, nq * sizeof qs[0]);
	msiintrenable(vector, qgroupintr, g, name);
	pcimsixset(d->pci, entry, vector, intrcpu());
	for(i = 0; i < nq; i++)
		if(!qentry(d, qs[i], entry)){
			while(i >= 0)
				qentry(d, qs[i--], 0);
			return -1;	/* the vector stays allocated, idle */
		}
	return 0;
}

/* hand the used entries of q back: mark Vreqs done or call q->done */
static void
vqintr(Vqueue *q)
{
	void *token;
	u32int len;
	Vreq *r;
	int n;

	n = 0;
	ilock(&q->lk);
	q->nintr++;
	while((token = vringgetused(&q->ring, &len)) != nil){
		n++;
		if(q->done != nil){
			q->done(q, token, len);
			continue;
		}
		r = token;
		r->len = len;
		r->done = 1;
		wakeup(&r->r);
	}
	if(n > 0 && q->want)
		wakeup(&q->room);
	iunlock(&q->lk);
}

static void
vdevintr(Ureg*, void *a)
{
	Vdev *d;
	int i, isr;

	d = a;
	isr = 0;
	if(d->vector < 0){
		/* reading the ISR acknowledges a shared, level-triggered line */
		isr = d->modern ? R8(d->isr, 0) : ioread8(d->iobase+Lisr);
		if(isr == 0)
			return;
	}
	d->nintr++;
	for(i = 0; i < Maxvq; i++)
		if(d->vq[i] != nil)
			vqintr(d->vq[i]);
	if(d->config != nil && (d->vector >= 0 || (isr & 2)))
		d->config(d);
}

void
vreqinit(Vreq *r)
{
	memset(r, 0, sizeof *r);
}

static int
reqdone(void *a)
{
	return ((Vreq*)a)->done;
}

static int
hasroom(void *a)
{
	Vqueue *q;

	q = a;
	return q->ring.broken || vringroom(&q->ring, q->want);
}

static int
tryadd(Vqueue *q, Vseg *out, int nout, Vseg *in, int nin, void *token)
{
	int r;

	ilock(&q->lk);
	r = vringadd(&q->ring, out, nout, in, nin, token);
	q->want = r == VringFull ? nout+nin : 0;
	iunlock(&q->lk);
	return r;
}

/*
 * Queue a request: out segments the device reads, then in segments
 * it writes.  Sleeps while the ring is full; a note then interrupts
 * with error() and nothing was queued.  Returns the chain head, or
 * -1 for a request the ring can never take.  Before there are
 * processes (boot) it waits for the interrupt with hlt instead.
 */
int
vqadd(Vqueue *q, Vseg *out, int nout, Vseg *in, int nin, void *token)
{
	int r;

	if(up == nil){
		while((r = tryadd(q, out, nout, in, nin, token)) == VringFull)
			idlehlt();
		return r < 0 ? -1 : r;
	}
	qlock(&q->addq);
	if(waserror()){
		q->want = 0;
		qunlock(&q->addq);
		nexterror();
	}
	while((r = tryadd(q, out, nout, in, nin, token)) == VringFull)
		sleep(&q->room, hasroom, q);
	poperror();
	qunlock(&q->addq);
	return r < 0 ? -1 : r;
}

void
vqkick(Vqueue *q)
{
	Vdev *d;
	int kick;

	d = q->dev;
	ilock(&q->lk);
	if(q->ring.inflight == 1)
		pollsoon();	/* the device has this request alone: its answer is near */
	kick = vringkickneeded(&q->ring);
	if(kick){
		q->nkick++;
		if(d->modern)
			*(volatile u16int*)q->notify = q->idx;
		else
			iowrite16(d->iobase+Lqnotify, q->idx);
	}
	iunlock(&q->lk);
}

/*
 * Wait for r's completion.  Uninterruptible: until the device
 * returns them its buffers are its own, so a note must not send
 * the caller off to free or reuse them.
 */
void
vqwait(Vqueue *q, Vreq *r)
{
	if(up == nil){
		while(!r->done)
			idlehlt();
	}else{
		while(waserror())
			;	/* the note stays posted; it is seen on return to user mode */
		sleep(&r->r, reqdone, r);
		poperror();
	}
	/* the handler may still be in wakeup(&r->r): let it leave before r goes */
	ilock(&q->lk);
	iunlock(&q->lk);
}

/* one request, start to finish: the bytes the device wrote, or -1 */
long
vqrun(Vqueue *q, Vseg *out, int nout, Vseg *in, int nin)
{
	Vreq r;

	vreqinit(&r);
	if(vqadd(q, out, nout, in, nin, &r) < 0)
		return -1;
	vqkick(q);
	vqwait(q, &r);
	return r.len;
}

Vseg
vseg(void *va, u32int len)
{
	Vseg s;

	s.va = va;
	s.pa = PADDR(va);
	s.len = len;
	return s;
}

/*
 * The segments of a pinned user buffer (segpin), one per run of
 * physically adjacent pages, into s; how many.  A buffer that needs
 * more than max is refused (error), as the ring could not take it.
 */
int
vsegz(Vseg *s, int max, Zbuf *z)
{
	usize off, len;
	uintptr pa;
	int i, n;

	n = 0;
	off = z->off;
	for(i = 0; i < z->npa && off < z->off + z->n; i++){
		len = BY2PG - off%BY2PG;
		if(len > z->off + z->n - off)
			len = z->off + z->n - off;
		pa = z->pa[i] + off%BY2PG;
		if(n > 0 && s[n-1].pa + s[n-1].len == pa)
			s[n-1].len += len;
		else{
			if(n == max)
				error(Etoobig);
			s[n].va = KADDR(pa);
			s[n].pa = pa;
			s[n].len = len;
			n++;
		}
		off += len;
	}
	return n;
}

/* map the virtio 1.0 capabilities; 0 if the device has the common one */
static int
moderncaps(Vdev *d)
{
	Pcidev *p;
	int cap, type, bar;
	u32int off, len;
	uchar *m;

	p = d->pci;
	for(cap = pcicap(p, PciCapVendor, 0); cap != 0; cap = pcicap(p, PciCapVendor, cap)){
		type = pcicfgr8(p, cap+3);
		bar = pcicfgr8(p, cap+4);
		off = pcicfgr32(p, cap+8);
		len = pcicfgr32(p, cap+12);
		if(type < CapCommon || type > CapDevice || len == 0)
			continue;
		m = pcibarmap(p, bar, off, len);
		if(m == nil)
			continue;
		switch(type){
		case CapCommon:
			if(d->common == nil && len >= Cqused+8)
				d->common = m;
			break;
		case CapNotify:
			if(d->notifybase == nil){
				d->notifybase = m;
				d->notifymul = pcicfgr32(p, cap+16);
			}
			break;
		case CapISR:
			if(d->isr == nil)
				d->isr = m;
			break;
		case CapDevice:
			if(d->devcfg == nil){
				d->devcfg = m;
				d->devcfglen = len;
			}
			break;
		}
	}
	if(d->common == nil || d->notifybase == nil || d->isr == nil)
		return -1;
	pcicfgw16(p, PciCMD, pcicfgr16(p, PciCMD) | PciMEME | PciBME);
	return 0;
}

static void
transport(Vdev *d)
{
	Pcidev *p;
	int legacyok;

	p = d->pci;
	legacyok = p->bar[0].io && p->bar[0].size >= 24;
	if(!(forcelegacy && legacyok) && moderncaps(d) == 0){
		d->modern = 1;
		return;
	}
	if(legacyok){
		d->iobase = p->bar[0].addr;
		pcicfgw16(p, PciCMD, pcicfgr16(p, PciCMD) | PciIOE | PciBME);
	}
}

/*
 * One interrupt per device (queues may get their own later, see
 * vdevqvector): MSI-X entry 0, else INTx where its
 * routing is known.  MSI-X interrupts are spread over the cpus, one
 * device each in turn (intrcpu); INTx lines go to the boot cpu.
 */
static void
interrupts(Vdev *d)
{
	Pcidev *p;

	p = d->pci;
	d->vector = -1;
	if(pcimsixinit(p) > 0 && (d->vector = msialloc()) >= 0){
		d->vctl = msiintrenable(d->vector, vdevintr, d, d->name);
		pcimsixset(p, 0, d->vector, intrcpu());
		d->nentry = 1;
		pcimsixenable(p, 1);
		return;
	}
	d->vector = -1;
	if(conf.ecampa == 0)	/* i440fx: the line register is the ISA IRQ */
		d->vctl = pciintxenable(p, vdevintr, d, d->name);
	if(d->vctl == nil)
		print("%s: no interrupt\n", d->name);
}

static int
virtioclass(Pcidev *p)
{
	if(p->vid != VirtioVID)
		return -1;
	if(p->did >= 0x1000 && p->did <= 0x103F)
		return p->sid;
	if(p->did >= 0x1040 && p->did <= 0x107F)
		return p->did - 0x1040;
	return -1;
}

/* number every virtio device in scan order, name it, give it its interrupt */
void
virtioinit(void)
{
	Pcidev *p;
	Vdev *d, **l;
	char *s, cname[16];
	int class;

	s = getconf("virtio");
	forcelegacy = s != nil && strcmp(s, "legacy") == 0;
	l = &vdevs;
	for(p = pcilist; p != nil; p = p->next){
		if((class = virtioclass(p)) < 0)
			continue;
		d = malloc(sizeof *d);
		if(d == nil)
			panic("virtio: no memory");
		d->pci = p;
		d->class = class;
		d->index = nvdev++;
		snprint(d->name, sizeof d->name, "virtio-%s-%d",
			virtioclassname(class, cname, sizeof cname), d->index);
		strecpy(p->name, p->name+sizeof p->name, d->name);
		d->vector = -1;
		transport(d);
		if(d->modern || d->iobase != 0)
			vdevreset(d);
		interrupts(d);
		*l = d;
		l = &d->next;
	}
}

/* the nth device (from 0) of a class, in virtio order */
Vdev*
virtiofind(int class, int n)
{
	Vdev *d;

	for(d = vdevs; d != nil; d = d->next)
		if(d->class == class && n-- == 0)
			return d;
	return nil;
}

/* the device with virtio number index */
Vdev*
virtiodev(int index)
{
	Vdev *d;

	for(d = vdevs; d != nil; d = d->next)
		if(d->index == index)
			return d;
	return nil;
}

int
virtiocount(void)
{
	return nvdev;
}
