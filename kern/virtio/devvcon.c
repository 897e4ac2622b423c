/*
 * #C — virtio-serial ports as raw byte pipes to the host:
 * virtcon/virtio-console-<n>, one file per virtio-serial device
 * (the name is the device's, as in /dev/irqalloc).  init binds #C
 * after #c on /dev, giving /dev/virtcon/virtio-console-2.
 *
 * Each device is used as QEMU's virtconsole with max_ports=1: only
 * port 0's receiveq (queue 0) and transmitq (queue 1), no
 * MULTIPORT control queue, so the guest cannot tell whether the host
 * end is connected: writes to an unconnected port are dropped by
 * QEMU, and reads wait.
 *
 * Receive: Nrx buffers stay posted at all times, so host data is
 * taken in whether or not anyone is reading.  The completion handler
 * queues filled buffers in arrival order with the length the device
 * reported (QEMU puts each chunk it reads from the host socket in one
 * buffer).  A read returns what is left of the oldest buffer, or as
 * much of it as fits, never padding; the rest stays for the next
 * read, and an emptied buffer goes back to the device.  A read that
 * finds nothing sleeps; a note interrupts it and no device buffer is
 * involved.
 *
 * Transmit: a write is copied into up to Ntx bounded chains per
 * round, all kicked at once, and returns when the device has taken
 * every byte.  Writers hold a QLock, so whole writes don't interleave.
 * Offsets are ignored; a port is a stream (CSTREAM), so seek fails.
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
	Qtop,			/* #C */
	Qvcdir,			/* #C/virtcon */
	Qdata,			/* #C/virtcon/virtio-console-<n>: path (slot<<4)|Qdata */

	Maxvcon	= 16,
	Nrx	= 64,		/* receive buffers posted per port */
	Rxsize	= 4096,		/* QEMU hands the port at most 4K per socket read */
	Ntx	= 4,		/* transmit chains per round */
	Txsize	= 16*1024,	/* bytes per transmit chain */

	Rxq	= 0,		/* port 0's receiveq */
	Txq	= 1,		/* port 0's transmitq */
};

#define QTYPE(path)	((int)((path) & 0xF))
#define QSLOT(path)	((int)((path) >> 4))
#define QPATH(slot)	(((uvlong)(slot) << 4) | Qdata)

typedef struct Rxbuf Rxbuf;
typedef struct Vcon Vcon;

struct Rxbuf {
	uchar	*data;
	u32int	len;		/* bytes the host put in, from the used ring */
};

struct Vcon {
	Vdev	*d;
	Vqueue	*rq;
	Vqueue	*tq;
	int	nrx;		/* receive buffers in use: at most the ring size */
	Rxbuf	rx[Nrx];

	Lock	rlk;		/* ilock: full[], fhead, ftail */
	int	full[Nrx];	/* filled buffers, oldest first */
	uint	fhead;		/* next to read: moved by the reader */
	uint	ftail;		/* next to fill: moved by the interrupt */
	Rendez	rr;		/* the reader waits for a filled buffer */

	QLock	rdq;		/* one reader at a time; guards roff */
	u32int	roff;		/* bytes of the oldest buffer already read */

	QLock	wrq;		/* one writer at a time; guards tx, treq, ntx */
	uchar	*tx[Ntx];
	Vreq	treq[Ntx];
	int	ntx;		/* chains in flight */

	int	broken;		/* a buffer could not be given back */
};

static struct {
	QLock	ql;		/* setup */
	int	done;
	int	n;
	Vcon	*v[Maxvcon];
} vcons;

/* at interrupt level, q's lock held: the host filled one receive buffer */
static void
rxdone(Vqueue *q, void *token, u32int len)
{
	Vcon *v;
	Rxbuf *b;

	v = q->aux;
	b = token;
	b->len = len;
	ilock(&v->rlk);
	v->full[v->ftail % Nrx] = b - v->rx;
	v->ftail++;
	iunlock(&v->rlk);
	wakeup(&v->rr);
}

static int
rxpost(Vcon *v, Rxbuf *b)
{
	Vseg s;

	s = vseg(b->data, Rxsize);
	if(vqadd(v->rq, nil, 0, &s, 1, b) < 0){
		v->broken = 1;
		return -1;
	}
	return 0;
}

static void
freevcon(Vcon *v)
{
	int i;

	for(i = 0; i < Nrx; i++)
		free(v->rx[i].data);
	for(i = 0; i < Ntx; i++)
		free(v->tx[i]);
	free(v);
}

/* bring up one virtio-serial device with every receive buffer posted */
static Vcon*
vconinit(Vdev *d)
{
	Vcon *v;
	int i;

	v = mallocz(sizeof *v, 1);
	if(v == nil)
		return nil;
	v->d = d;
	for(i = 0; i < Nrx; i++)
		if((v->rx[i].data = malloc(Rxsize)) == nil)
			goto fail;
	for(i = 0; i < Ntx; i++)
		if((v->tx[i] = malloc(Txsize)) == nil)
			goto fail;
	if(vdevinit(d, 0) < 0)
		goto fail;
	v->rq = vdevqueue(d, Rxq, 1, rxdone);
	v->tq = vdevqueue(d, Txq, 1, nil);
	if(v->rq == nil || v->tq == nil || v->tq->ring.num < Ntx){
		vdevreset(d);
		goto fail;
	}
	v->rq->aux = v;
	v->nrx = Nrx < v->rq->ring.num ? Nrx : v->rq->ring.num;
	for(i = 0; i < v->nrx; i++)
		if(rxpost(v, &v->rx[i]) < 0){
			vdevreset(d);
			goto fail;
		}
	vdevready(d);
	vqkick(v->rq);
	return v;
fail:
	print("%s: cannot set up\n", d->name);
	freevcon(v);
	return nil;
}

static void
vconsetup(void)
{
	Vdev *d;
	Vcon *v;
	int i;

	qlock(&vcons.ql);
	if(!vcons.done){
		vcons.done = 1;
		for(i = 0; (d = virtiofind(Vconsole, i)) != nil && vcons.n < Maxvcon; i++)
			if((v = vconinit(d)) != nil)
				vcons.v[vcons.n++] = v;
	}
	qunlock(&vcons.ql);
}

static Vcon*
slotvcon(int slot)
{
	if(slot < 0 || slot >= vcons.n)
		error(Enonexist);
	return vcons.v[slot];
}

/*
 * The top directory holds virtcon; virtcon and its files list the
 * ports (devstat asks a file's gen for its siblings).
 */
static int
vcongen(Chan *c, char *name, Dirtab*, int, int i, Dir *dp)
{
	Qid q;

	USED(name);
	if(i == DEVDOTDOT){
		mkqid(&q, Qtop, 0, QTDIR);
		devdir(c, q, "#C", 0, eve, 0555, dp);
		return 1;
	}
	if(c->qid.path == Qtop){
		if(i > 0)
			return -1;
		mkqid(&q, Qvcdir, 0, QTDIR);
		devdir(c, q, "virtcon", 0, eve, 0555, dp);
		return 1;
	}
	if(i >= vcons.n)
		return -1;
	mkqid(&q, QPATH(i), 0, QTFILE);
	devdir(c, q, vcons.v[i]->d->name, 0, eve, 0666, dp);
	return 1;
}

static Chan*
vconattach(char *spec)
{
	vconsetup();
	return devattach('C', spec);
}

static Walkqid*
vconwalk(Chan *c, Chan *nc, char **name, int nname)
{
	return devwalk(c, nc, name, nname, nil, 0, vcongen);
}

static int
vconstat(Chan *c, uchar *dp, int n)
{
	return devstat(c, dp, n, nil, 0, vcongen);
}

static Chan*
vconopen(Chan *c, int omode)
{
	c = devopen(c, omode, nil, 0, vcongen);
	if((c->qid.type & QTDIR) == 0)
		c->flag |= CSTREAM;
	return c;
}

static void
vconclose(Chan*)
{
}

static int
hasdata(void *a)
{
	Vcon *v;
	int r;

	v = a;
	ilock(&v->rlk);
	r = v->fhead != v->ftail;
	iunlock(&v->rlk);
	return r;
}

/*
 * Copy out of the oldest filled buffer what is left of it, at most n
 * bytes; an emptied buffer goes back to the device at once, since
 * QEMU reads no more from the host while the port has no buffer.
 */
static long
rxtake(Vcon *v, uchar *a, long n)
{
	Rxbuf *b;
	long m;

	b = &v->rx[v->full[v->fhead % Nrx]];
	m = b->len - v->roff;
	if(m > n)
		m = n;
	memmove(a, b->data + v->roff, m);
	v->roff += m;
	if(v->roff >= b->len){
		v->roff = 0;
		ilock(&v->rlk);
		v->fhead++;
		iunlock(&v->rlk);
		if(rxpost(v, b) == 0)
			vqkick(v->rq);
	}
	return m;
}

static long
rxread(Vcon *v, uchar *a, long n)
{
	long got;

	if(n <= 0)
		return 0;
	qlock(&v->rdq);
	if(waserror()){
		qunlock(&v->rdq);
		nexterror();
	}
	do{
		if(v->broken && !hasdata(v))
			error(Ebroken);
		sleep(&v->rr, hasdata, v);
		got = rxtake(v, a, n);	/* 0 only for a buffer the host left empty */
	}while(got == 0);
	poperror();
	qunlock(&v->rdq);
	return got;
}

/* kick the chains in flight and wait until the device has them all */
static void
txflush(Vcon *v)
{
	int i;

	if(v->ntx == 0)
		return;
	vqkick(v->tq);
	for(i = 0; i < v->ntx; i++)
		vqwait(v->tq, &v->treq[i]);
	v->ntx = 0;
}

static long
txwrite(Vcon *v, uchar *a, long n)
{
	long done, m;
	Vseg s;
	Vreq *r;

	qlock(&v->wrq);
	v->ntx = 0;
	if(waserror()){
		txflush(v);
		qunlock(&v->wrq);
		nexterror();
	}
	for(done = 0; done < n; done += m){
		if(v->ntx == Ntx)
			txflush(v);
		m = n - done;
		if(m > Txsize)
			m = Txsize;
		memmove(v->tx[v->ntx], a+done, m);
		s = vseg(v->tx[v->ntx], m);
		r = &v->treq[v->ntx];
		vreqinit(r);
		if(vqadd(v->tq, &s, 1, nil, 0, r) < 0)
			error(Ebroken);
		v->ntx++;
	}
	txflush(v);
	poperror();
	qunlock(&v->wrq);
	return n;
}

static long
vconread(Chan *c, void *a, long n, vlong)
{
	if(c->qid.type & QTDIR)
		return devdirread(c, a, n, nil, 0, vcongen);
	if(QTYPE(c->qid.path) != Qdata)
		error(Egreg);
	return rxread(slotvcon(QSLOT(c->qid.path)), a, n);
}

static long
vconwrite(Chan *c, void *a, long n, vlong)
{
	if(c->qid.type & QTDIR)
		error(Eisdir);
	if(QTYPE(c->qid.path) != Qdata)
		error(Egreg);
	if(n <= 0)
		return 0;
	return txwrite(slotvcon(QSLOT(c->qid.path)), a, n);
}

Dev vcondevtab = {
	'C',
	"virtcon",
	devreset,
	devinit,
	devshutdown,
	vconattach,
	vconwalk,
	vconstat,
	vconopen,
	devcreate,
	vconclose,
	vconread,
	vconwrite,
	devremove,
	devwstat,
};
