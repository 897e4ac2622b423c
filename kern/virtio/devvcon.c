/*
 * #C — virtio-serial ports as raw byte pipes to the host.  init
 * binds #C after #c on /dev:
 *
 *	virtcon/virtio-console-<n>	port 0 of device virtio-console-<n>
 *	virtcon/virtio-console-<n>.<p>	port p > 0
 *	virtcon/port/<name>		a port the host named (name=)
 *	virtcon/status			a line per port: file name host
 *
 * Without MULTIPORT (QEMU offers it when max_ports > 1) a device has
 * only port 0, its queues 0 and 1, and the guest cannot tell whether
 * the host end is connected: writes to an unconnected port are
 * dropped by QEMU, and reads wait.  With MULTIPORT the control queues
 * (2 receive, 3 transmit) carry the device's events: a port added or
 * removed (hot-plug), its name, that it is a console, the host end
 * opened or closed.  Port p's queues are 2p+2 and 2p+3 (port 0 keeps
 * 0 and 1); all of them, up to Maxport ports, are set up before
 * DRIVER_OK as the transport requires, and a port's buffers are
 * posted when the device adds it.  The driver tells the device a port
 * is open while some Chan has it open (QEMU hands a multiport port
 * host data only then, so unread data waits in the host, never lost).
 * A host end that closes makes reads return what was buffered and
 * then end of file, and writes fail with "host not connected"; a Chan
 * opened before the host closed stays at end of file even once the
 * host is back (its writes fail with Ehungup), and a new open starts
 * afresh.  A virtconsole port tells nothing of the host even with
 * MULTIPORT (QEMU calls it connected always) and behaves as without.
 * A removed port's reads and writes fail.  Events are handled by a
 * kernel process per device, vconctl, which may allocate and wait.
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
 * every byte (a virtserialport is flow-controlled: QEMU holds a chain
 * until the host takes it, so a slow host slows the writer).  Writers
 * hold a QLock, so whole writes don't interleave.  Offsets are
 * ignored; a port is a stream (CSTREAM), so seek fails.
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
	Qstatus,		/* #C/virtcon/status */
	Qnamedir,		/* #C/virtcon/port */
	Qport,			/* a port by its file name */
	Qnamed,			/* a port by the host's name for it */

	Maxvcon	= 16,
	Maxport	= (Maxvq-2)/2,	/* ports used per device */
	Nrx	= 64,		/* receive buffers posted per port */
	Rxsize	= 4096,		/* QEMU hands the port at most 4K per socket read */
	Ntx	= 4,		/* transmit chains per round */
	Txsize	= 16*1024,	/* bytes per transmit chain */
	Nctl	= 16,		/* control receive buffers */
	Ctlsize	= 512,		/* an event, and a port's name after it */
	Namelen	= 64,

	FMultiport	= 1,	/* feature bit */
	Cfgmaxports	= 4,	/* config: max_nr_ports[4], after cols[2] rows[2] */
	Ctlrq	= 2,
	Ctltq	= 3,

	/* control events (virtio 1.x, 5.3.6.2) */
	DeviceReady	= 0,
	PortAdd,
	PortRemove,
	PortReady,
	ConsolePort,
	Resize,
	PortOpen,
	PortName,
};

/* a file's qid path: device slot, port id, type */
#define QTYPE(path)	((int)((path) & 0xF))
#define QID(path)	((int)((path) >> 4) & 0xFF)
#define QSLOT(path)	((int)((path) >> 12))
#define QPATH(slot, id, t)	(((uvlong)(slot) << 12) | ((id) << 4) | (t))

typedef struct Rxbuf Rxbuf;
typedef struct Rxring Rxring;
typedef struct Port Port;
typedef struct Vcon Vcon;

struct Rxbuf {
	uchar	*data;
	u32int	len;		/* bytes the host put in, from the used ring */
};

/*
 * Receive buffers the device has filled, oldest first, as indexes
 * into their array: the interrupt adds at tail, the one reader takes
 * from head (and alone reads full[head]), so only the two counters
 * need the lock.  A port's data and a controller's events each have one.
 */
struct Rxring {
	Lock	lk;		/* ilock: head, tail */
	int	full[Nrx];
	int	n;		/* buffers in the array: at most Nrx */
	uint	head;		/* next to take: moved by the reader */
	uint	tail;		/* next to fill: moved by the interrupt */
	Rendez	r;		/* the reader waits for a filled buffer */
};

struct Port {
	Vcon	*v;
	int	id;
	char	file[KNAMELEN];	/* virtio-console-<n>[.<p>] */
	char	name[Namelen];	/* the host's, or "" */
	int	present;	/* added and not removed */
	int	posted;		/* its receive buffers are with the device */
	int	host;		/* multiport: the host end is open */
	int	console;	/* a virtconsole: QEMU reports no host state for it */
	u64int	hangups;	/* times the host end closed: a Chan opened before one is done */
	int	nopen;		/* Chans that have it open (v->ctlq) */

	Vqueue	*rq;
	Vqueue	*tq;
	int	nrx;		/* receive buffers in use: at most the ring size */
	Rxbuf	rx[Nrx];

	Rxring	filled;		/* the reader also waits there for a host or port event */

	QLock	rdq;		/* one reader at a time; guards roff */
	u32int	roff;		/* bytes of the oldest buffer already read */

	QLock	wrq;		/* one writer at a time; guards tx, treq, ntx */
	uchar	*tx[Ntx];
	Vreq	treq[Ntx];
	int	ntx;		/* chains in flight */

	int	broken;		/* a buffer could not be given back */
};

struct Vcon {
	Vdev	*d;
	int	slot;
	int	multiport;
	int	nport;		/* ports with queues: 1, or up to Maxport */
	Port	*port[Maxport];

	/* the control queues, multiport only */
	Vqueue	*crq;
	Vqueue	*ctq;
	Rxbuf	crx[Nctl];
	Rxring	events;		/* vconctl waits there */
	QLock	ctlq;		/* one sender, one handler; guards ctx, nopen */
	uchar	*ctx;
	Vreq	ctreq;
};

static struct {
	QLock	ql;		/* setup */
	int	done;
	int	n;
	Vcon	*v[Maxvcon];
} vcons;

/* at interrupt level: buffer i was filled */
static void
ringput(Rxring *g, int i)
{
	ilock(&g->lk);
	g->full[g->tail % g->n] = i;
	g->tail++;
	iunlock(&g->lk);
	wakeup(&g->r);
}

static int
ringpending(void *a)
{
	Rxring *g;
	int r;

	g = a;
	ilock(&g->lk);
	r = g->head != g->tail;
	iunlock(&g->lk);
	return r;
}

/* the oldest filled buffer's index: only with ringpending true */
static int
ringfirst(Rxring *g)
{
	return g->full[g->head % g->n];
}

/* the oldest is done with */
static void
ringpop(Rxring *g)
{
	ilock(&g->lk);
	g->head++;
	iunlock(&g->lk);
}

/* at interrupt level, q's lock held: the host filled one receive buffer */
static void
rxdone(Vqueue *q, void *token, u32int len)
{
	Port *p;
	Rxbuf *b;

	p = q->aux;
	b = token;
	b->len = len;
	ringput(&p->filled, b - p->rx);
}

static int
rxpost(Port *p, Rxbuf *b)
{
	Vseg s;

	s = vseg(b->data, Rxsize);
	if(vqadd(p->rq, nil, 0, &s, 1, b) < 0){
		p->broken = 1;
		return -1;
	}
	return 0;
}

/* give the device every receive buffer of p, allocated on first use */
static int
portpost(Port *p)
{
	int i;

	if(p->posted)
		return 0;
	for(i = 0; i < Nrx; i++)
		if(p->rx[i].data == nil && (p->rx[i].data = malloc(Rxsize)) == nil)
			return -1;
	for(i = 0; i < Ntx; i++)
		if(p->tx[i] == nil && (p->tx[i] = malloc(Txsize)) == nil)
			return -1;
	p->nrx = Nrx < p->rq->ring.num ? Nrx : p->rq->ring.num;
	for(i = 0; i < p->nrx; i++)
		if(rxpost(p, &p->rx[i]) < 0)
			return -1;
	p->posted = 1;
	vqkick(p->rq);
	return 0;
}

/* port id's queues, set up before DRIVER_OK; its buffers come later */
static Port*
portinit(Vcon *v, int id)
{
	Port *p;
	Vqueue *qs[2];
	int rq;

	p = mallocz(sizeof *p, 1);
	if(p == nil)
		return nil;
	p->v = v;
	p->id = id;
	p->filled.n = Nrx;
	if(id == 0)
		strecpy(p->file, p->file+sizeof p->file, v->d->name);
	else
		snprint(p->file, sizeof p->file, "%s.%d", v->d->name, id);
	rq = id == 0 ? 0 : 2*id + 2;
	p->rq = vdevqueue(v->d, rq, 1, rxdone);
	p->tq = vdevqueue(v->d, rq+1, 1, nil);
	if(p->rq == nil || p->tq == nil || p->tq->ring.num < Ntx){
		free(p);
		return nil;
	}
	p->rq->aux = p;
	if(id > 0){
		qs[0] = p->rq;
		qs[1] = p->tq;
		vdevqvector(v->d, qs, 2, p->file);	/* else on the device's vector */
	}
	return p;
}

static void
freeport(Port *p)
{
	int i;

	if(p == nil)
		return;
	for(i = 0; i < Nrx; i++)
		free(p->rx[i].data);
	for(i = 0; i < Ntx; i++)
		free(p->tx[i]);
	free(p);
}

static void
freevcon(Vcon *v)
{
	int i;

	for(i = 0; i < Maxport; i++)
		freeport(v->port[i]);
	for(i = 0; i < Nctl; i++)
		free(v->crx[i].data);
	free(v->ctx);
	free(v);
}

/*
 * The control queues
 */

/* at interrupt level: an event from the device */
static void
ctldone(Vqueue *q, void *token, u32int len)
{
	Vcon *v;
	Rxbuf *b;

	v = q->aux;
	b = token;
	b->len = len;
	ringput(&v->events, b - v->crx);
}

static int
ctlpost(Vcon *v, Rxbuf *b)
{
	Vseg s;

	s = vseg(b->data, Ctlsize);
	return vqadd(v->crq, nil, 0, &s, 1, b);
}

/* tell the device event for port id; v->ctlq held */
static void
ctlsend(Vcon *v, int id, int event, int value)
{
	Vseg s;

	PBIT32(v->ctx, id);
	PBIT16(v->ctx+4, event);
	PBIT16(v->ctx+6, value);
	s = vseg(v->ctx, 8);
	vreqinit(&v->ctreq);
	if(vqadd(v->ctq, &s, 1, nil, 0, &v->ctreq) < 0)
		return;
	vqkick(v->ctq);
	vqwait(v->ctq, &v->ctreq);
}

static Port*
ctlport(Vcon *v, u32int id)
{
	if(id >= v->nport)
		return nil;	/* beyond the queues we set up: not ours */
	return v->port[id];
}

/* a name the port directory can hold */
static void
setname(Port *p, uchar *s, long n)
{
	long i;

	if(n >= Namelen)
		n = Namelen-1;
	for(i = 0; i < n && s[i] != 0; i++)
		if(s[i] <= ' ' || s[i] == '/' || s[i] == 0x7F)
			return;
	memmove(p->name, s, i);
	p->name[i] = 0;
	if(strcmp(p->name, ".") == 0 || strcmp(p->name, "..") == 0)
		p->name[0] = 0;
}

/* one event from the device; v->ctlq held */
static void
ctlevent(Vcon *v, uchar *m, u32int len)
{
	Port *p;
	int event, value;

	if(len < 8)
		return;
	p = ctlport(v, GBIT32(m));
	event = GBIT16(m+4);
	value = GBIT16(m+6);
	if(p == nil)
		return;
	switch(event){
	case PortAdd:
		if(portpost(p) < 0){
			print("%s: no memory for its buffers\n", p->file);
			ctlsend(v, p->id, PortReady, 0);
			break;
		}
		p->present = 1;
		p->host = 0;
		p->console = 0;
		ctlsend(v, p->id, PortReady, 1);
		if(p->nopen > 0)
			ctlsend(v, p->id, PortOpen, 1);
		break;
	case PortRemove:
		p->present = 0;
		if(p->host)
			p->hangups++;
		p->host = 0;
		p->name[0] = 0;
		break;
	case PortName:
		setname(p, m+8, len-8);
		break;
	case ConsolePort:
		p->console = 1;
		break;
	case PortOpen:
		if(p->host && value == 0)
			p->hangups++;
		p->host = value != 0;
		break;
	}
	wakeup(&p->filled.r);
}

/* handle every event the device has sent; returns how many */
static int
ctlrun(Vcon *v)
{
	Rxbuf *b;
	int n;

	qlock(&v->ctlq);
	for(n = 0; ringpending(&v->events); n++){
		b = &v->crx[ringfirst(&v->events)];
		ctlevent(v, b->data, b->len);
		ringpop(&v->events);
		if(ctlpost(v, b) == 0)
			vqkick(v->crq);
	}
	qunlock(&v->ctlq);
	return n;
}

static void
vconctl(void *a)
{
	Vcon *v;

	v = a;
	for(;;){
		sleep(&v->events.r, ringpending, &v->events);
		ctlrun(v);
	}
}

static int
ctlinit(Vcon *v)
{
	int i;

	v->events.n = Nctl;
	v->crq = vdevqueue(v->d, Ctlrq, 1, ctldone);
	v->ctq = vdevqueue(v->d, Ctltq, 1, nil);
	if(v->crq == nil || v->ctq == nil || (v->ctx = malloc(8)) == nil)
		return -1;
	v->crq->aux = v;
	for(i = 0; i < Nctl && i < v->crq->ring.num; i++)
		if((v->crx[i].data = malloc(Ctlsize)) == nil || ctlpost(v, &v->crx[i]) < 0)
			return -1;
	return 0;
}

/*
 * After DEVICE_READY the device adds its ports, and each port added
 * gets its name and host state: take events until none has come for
 * a while, so the files are there when the first ls looks.
 */
static void
ctlsettle(Vcon *v)
{
	int quiet, waited;

	qlock(&v->ctlq);
	ctlsend(v, 0, DeviceReady, 1);
	qunlock(&v->ctlq);
	quiet = 0;
	for(waited = 0; quiet < 100 && waited < 2000; waited += 10){
		if(ctlrun(v) > 0)
			quiet = 0;
		else
			quiet += 10;
		tsleep(&up->sleep, return0, nil, 10);
	}
}

/* bring up one virtio-serial device */
static Vcon*
vconinit(Vdev *d, int slot)
{
	Vcon *v;
	u32int max;
	int i;

	v = mallocz(sizeof *v, 1);
	if(v == nil)
		return nil;
	v->d = d;
	v->slot = slot;
	if(vdevinit(d, VF(FMultiport)) < 0)
		goto fail;
	v->multiport = vdevhas(d, FMultiport);
	v->nport = 1;
	if(v->multiport){
		max = 0;
		vdevcfgread(d, Cfgmaxports, &max, sizeof max);
		v->nport = max < Maxport ? max : Maxport;
		if(v->nport < 1 || ctlinit(v) < 0)
			goto reset;
	}
	for(i = 0; i < v->nport; i++)
		if((v->port[i] = portinit(v, i)) == nil)
			goto reset;
	if(!v->multiport){
		if(portpost(v->port[0]) < 0)
			goto reset;
		v->port[0]->present = 1;
	}
	vdevready(d);
	if(v->multiport){
		vqkick(v->crq);
		ctlsettle(v);
		kproc("vconctl", vconctl, v);
	}
	return v;
reset:
	vdevreset(d);
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
			if((v = vconinit(d, vcons.n)) != nil)
				vcons.v[vcons.n++] = v;
	}
	qunlock(&vcons.ql);
}

/* the port of a file's qid; gone if the device removed it */
static Port*
qidport(uvlong path)
{
	Vcon *v;
	Port *p;

	if(QSLOT(path) >= vcons.n)
		error(Enonexist);
	v = vcons.v[QSLOT(path)];
	if(QID(path) >= v->nport || (p = v->port[QID(path)]) == nil)
		error(Enonexist);
	return p;
}

/* the i'th present port, all devices in order; named ones only if named */
static Port*
nthport(int i, int named)
{
	Vcon *v;
	Port *p;
	int s, id;

	for(s = 0; s < vcons.n; s++){
		v = vcons.v[s];
		for(id = 0; id < v->nport; id++){
			p = v->port[id];
			if(p == nil || !p->present || named && p->name[0] == 0)
				continue;
			if(i-- == 0)
				return p;
		}
	}
	return nil;
}

/*
 * virtcon lists the ports, status and port; port lists the named
 * ports.  A file's gen lists its siblings (devstat asks it).
 */
static int
vcongen(Chan *c, char *name, Dirtab*, int, int i, Dir *dp)
{
	Qid q;
	Port *p;
	int t, n;

	USED(name);
	t = QTYPE(c->qid.path);
	if(i == DEVDOTDOT){
		if(t == Qnamedir){
			mkqid(&q, Qvcdir, 0, QTDIR);
			devdir(c, q, "virtcon", 0, eve, 0555, dp);
		}else{
			mkqid(&q, Qtop, 0, QTDIR);
			devdir(c, q, "#C", 0, eve, 0555, dp);
		}
		return 1;
	}
	switch(t){
	case Qtop:
		if(i > 0)
			return -1;
		mkqid(&q, Qvcdir, 0, QTDIR);
		devdir(c, q, "virtcon", 0, eve, 0555, dp);
		return 1;
	case Qnamedir:
	case Qnamed:
		if((p = nthport(i, 1)) == nil)
			return -1;
		mkqid(&q, QPATH(p->v->slot, p->id, Qnamed), 0, QTFILE);
		devdir(c, q, p->name, 0, eve, 0666, dp);
		return 1;
	}
	if((p = nthport(i, 0)) != nil){
		mkqid(&q, QPATH(p->v->slot, p->id, Qport), 0, QTFILE);
		devdir(c, q, p->file, 0, eve, 0666, dp);
		return 1;
	}
	for(n = 0; nthport(n, 0) != nil; n++)
		;
	switch(i - n){
	case 0:
		mkqid(&q, Qstatus, 0, QTFILE);
		devdir(c, q, "status", 0, eve, 0444, dp);
		return 1;
	case 1:
		mkqid(&q, Qnamedir, 0, QTDIR);
		devdir(c, q, "port", 0, eve, 0555, dp);
		return 1;
	}
	return -1;
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

static int
isport(Chan *c)
{
	int t;

	t = QTYPE(c->qid.path);
	return (c->qid.type & QTDIR) == 0 && (t == Qport || t == Qnamed);
}

/* the first open of a multiport port tells the device; so does the last close */
static void
portopened(Port *p, int delta)
{
	Vcon *v;

	v = p->v;
	qlock(&v->ctlq);
	p->nopen += delta;
	if(v->multiport && p->present && p->nopen == (delta > 0))
		ctlsend(v, p->id, PortOpen, delta > 0);
	qunlock(&v->ctlq);
}

static Chan*
vconopen(Chan *c, int omode)
{
	Port *p;

	c = devopen(c, omode, nil, 0, vcongen);
	if(isport(c)){
		p = qidport(c->qid.path);
		if(!p->present)
			error(Enonexist);
		c->flag |= CSTREAM;
		c->aux2 = p->hangups;
		portopened(p, 1);
	}
	return c;
}

static void
vconclose(Chan *c)
{
	if((c->flag & COPEN) && isport(c))
		portopened(qidport(c->qid.path), -1);
}

/*
 * Does the device tell the host end's state?  Only with MULTIPORT,
 * and not for a virtconsole: QEMU calls a console connected always
 * (what the host cannot take goes down the drain).
 */
static int
reports(Port *p)
{
	return p->v->multiport && !p->console;
}

/*
 * Has the host end closed for a Chan opened when hangups was
 * opened?  (Counted, not just the state: the host may already be back,
 * reconnected, when the reader looks.)
 */
static int
hostgone(Port *p, u64int opened)
{
	return reports(p) && (!p->host || p->hangups != opened);
}

typedef struct Rwait Rwait;
struct Rwait {
	Port	*p;
	u64int	opened;
};

/* a reader stops waiting: data, or the host end or the port gone */
static int
rxready(void *a)
{
	Rwait *w;
	Port *p;

	w = a;
	p = w->p;
	return ringpending(&p->filled) || !p->present || hostgone(p, w->opened);
}

static int
hasdata(Port *p)
{
	return ringpending(&p->filled);
}

/*
 * Copy out of the oldest filled buffer what is left of it, at most n
 * bytes; an emptied buffer goes back to the device at once, since
 * QEMU reads no more from the host while the port has no buffer.
 */
static long
rxtake(Port *p, uchar *a, long n)
{
	Rxbuf *b;
	long m;

	b = &p->rx[ringfirst(&p->filled)];
	m = b->len - p->roff;
	if(m > n)
		m = n;
	memmove(a, b->data + p->roff, m);
	p->roff += m;
	if(p->roff >= b->len){
		p->roff = 0;
		ringpop(&p->filled);
		if(rxpost(p, b) == 0)
			vqkick(p->rq);
	}
	return m;
}

static long
rxread(Port *p, uchar *a, long n, u64int opened)
{
	Rwait w;
	long got;

	if(n <= 0)
		return 0;
	w.p = p;
	w.opened = opened;
	qlock(&p->rdq);
	if(waserror()){
		qunlock(&p->rdq);
		nexterror();
	}
	do{
		if(p->broken && !hasdata(p))
			error(Ebroken);
		sleep(&p->filled.r, rxready, &w);
		if(!hasdata(p)){
			if(!p->present)
				error(Eportgone);
			got = 0;	/* the host end closed: end of file */
			break;
		}
		got = rxtake(p, a, n);	/* 0 only for a buffer the host left empty */
	}while(got == 0);
	poperror();
	qunlock(&p->rdq);
	return got;
}

/* kick the chains in flight and wait until the device has them all */
static void
txflush(Port *p)
{
	int i;

	if(p->ntx == 0)
		return;
	vqkick(p->tq);
	for(i = 0; i < p->ntx; i++)
		vqwait(p->tq, &p->treq[i]);
	p->ntx = 0;
}

static long
txwrite(Port *p, uchar *a, long n, u64int opened)
{
	long done, m;
	Vseg s;
	Vreq *r;

	qlock(&p->wrq);
	p->ntx = 0;
	if(waserror()){
		txflush(p);
		qunlock(&p->wrq);
		nexterror();
	}
	for(done = 0; done < n; done += m){
		if(!p->present)
			error(Eportgone);
		if(reports(p) && !p->host)
			error(Enohost);
		if(hostgone(p, opened))
			error(Ehungup);	/* and back: this open was the old session's */
		if(p->ntx == Ntx)
			txflush(p);
		m = n - done;
		if(m > Txsize)
			m = Txsize;
		memmove(p->tx[p->ntx], a+done, m);
		s = vseg(p->tx[p->ntx], m);
		r = &p->treq[p->ntx];
		vreqinit(r);
		if(vqadd(p->tq, &s, 1, nil, 0, r) < 0)
			error(Ebroken);
		p->ntx++;
	}
	txflush(p);
	poperror();
	qunlock(&p->wrq);
	return n;
}

/* the text of virtcon/status: file, name or -, and the host end */
static long
statusread(char *a, long n, vlong off)
{
	char *buf, *s, *e;
	Port *p;
	long m;
	int i;

	buf = smalloc(READSTR);
	if(waserror()){
		free(buf);
		nexterror();
	}
	s = buf;
	e = buf + READSTR;
	for(i = 0; (p = nthport(i, 0)) != nil; i++)
		s = seprint(s, e, "%s %s %s\n", p->file, p->name[0] ? p->name : "-",
			!reports(p) ? "unknown" : p->host ? "connected" : "disconnected");
	m = readstr(off, a, n, buf);
	poperror();
	free(buf);
	return m;
}

static long
vconread(Chan *c, void *a, long n, vlong off)
{
	if(c->qid.type & QTDIR)
		return devdirread(c, a, n, nil, 0, vcongen);
	if(QTYPE(c->qid.path) == Qstatus)
		return statusread(a, n, off);
	if(!isport(c))
		error(Egreg);
	return rxread(qidport(c->qid.path), a, n, c->aux2);
}

static long
vconwrite(Chan *c, void *a, long n, vlong)
{
	if(c->qid.type & QTDIR)
		error(Eisdir);
	if(!isport(c))
		error(Eperm);
	if(n <= 0)
		return 0;
	return txwrite(qidport(c->qid.path), a, n, c->aux2);
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
