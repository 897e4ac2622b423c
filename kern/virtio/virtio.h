/*
 * virtio over PCI: the one interface every virtio driver (#9, the
 * virtio consoles, the rng) uses.  Shaped like Linux's:
 *
 *	d = virtiofind(Vrng, 0);		 or virtiodev(i) for all, in virtio order
 *	vdevinit(d, wanted);			 reset, ACKNOWLEDGE|DRIVER, features
 *	q = vdevqueue(d, 0, maxsegs, nil);	 each queue the driver uses
 *	vdevready(d);				 DRIVER_OK: the device may start
 *
 *	vreqinit(&r);
 *	vqadd(q, out, nout, in, nin, &r);	 sleeps while the ring is full
 *	vqkick(q);
 *	vqwait(q, &r);				 r.len: bytes the device wrote
 *
 * A queue either completes Vreqs (done == nil: the token vqadd got is
 * a Vreq*, marked done and woken) or calls done(q, token, len) for
 * each used entry, at interrupt level with the queue's ilock held:
 * it must not sleep or call vqadd.
 *
 * Buffers in Vsegs must stay put and belong to the device from
 * vqadd until completion: never on a stack error() can unwind.
 * vqwait does not return before completion, notes or not.
 */
#pragma once

#include "vring.h"
#include "pci.h"

typedef struct Vdev Vdev;
typedef struct Vqueue Vqueue;
typedef struct Vreq Vreq;

enum {
	/* virtio device types (Vdev.class) */
	Vnet		= 1,
	Vblk		= 2,
	Vconsole	= 3,
	Vrng		= 4,
	Vballoon	= 5,
	Vscsi		= 8,
	V9p		= 9,
	Vgpu		= 16,
	Vinput		= 18,
	Vvsock		= 19,

	/* transport feature bits */
	VfAnyLayout	= 27,
	VfIndirect	= VringFIndirect,
	VfEventIdx	= VringFEventIdx,
	VfVersion1	= 32,

	/* device status */
	Vacknowledge	= 1,
	Vdriver		= 2,
	Vdriverok	= 4,
	Vfeaturesok	= 8,
	Vneedsreset	= 64,
	Vfailed		= 128,

	Maxvq		= 34,		/* queues a driver may use per device: a virtio-serial device with 16 ports */
};

#define VF(bit)	((u64int)1 << (bit))

/* one request's completion, for queues without a done function */
struct Vreq {
	Rendez	r;
	int	done;		/* set by the interrupt handler */
	u32int	len;		/* bytes the device wrote into the in segments */
};

struct Vqueue {
	Lock	lk;		/* ilock: ring, and the Vreqs it completes */
	Vring	ring;
	Vdev	*dev;
	int	idx;		/* queue number on the device */
	void	(*done)(Vqueue*, void *token, u32int len);
	void	*aux;		/* the driver's */

	QLock	addq;		/* one process at a time waits for room */
	Rendez	room;		/* woken when descriptors come back */
	int	want;		/* segments the waiter needs */

	void	*mem;		/* ring memory, and indirect tables */
	void	*indir;
	u16int	*notify;	/* modern: the queue's notify register */
	uvlong	nkick;
	uvlong	nintr;
};

struct Vdev {
	Vdev	*next;		/* in virtio order */
	char	name[KNAMELEN];	/* virtio-<class>-<index> */
	int	class;		/* Vnet... */
	int	index;		/* virtio number, across all classes */
	Pcidev	*pci;
	int	modern;		/* virtio 1.0 capabilities, else legacy I/O BAR0 */
	u64int	hostfeat;	/* what the device offers */
	u64int	features;	/* negotiated */
	Vqueue	*vq[Maxvq];
	void	*aux;		/* the driver's */
	void	(*config)(Vdev*);	/* config change, at interrupt level; may be nil */

	/* transport */
	int	iobase;		/* legacy */
	uchar	*common;	/* modern: mapped capabilities */
	uchar	*isr;
	uchar	*devcfg;
	uchar	*notifybase;
	u32int	notifymul;
	u32int	devcfglen;
	int	vector;		/* MSI-X vector of entry 0: config, and queues without their own; or -1 */
	int	nentry;		/* MSI-X entries in use */
	Vctl	*vctl;
	uvlong	nintr;
};

void	virtioinit(void);
Vdev*	virtiofind(int class, int n);
Vdev*	virtiodev(int index);
int	virtiocount(void);
char*	virtioclassname(int class, char *buf, int len);

int	vdevinit(Vdev*, u64int wanted);
Vqueue*	vdevqueue(Vdev*, int idx, int maxseg, void (*done)(Vqueue*, void*, u32int));
void	vdevready(Vdev*);
void	vdevreset(Vdev*);
int	vdevcfgread(Vdev*, int off, void *buf, int n);
int	vdevcfgwrite(Vdev*, int off, void *buf, int n);
int	vdevhas(Vdev*, int bit);
int	vdevqvector(Vdev*, Vqueue **qs, int nq, char *name);

void	vreqinit(Vreq*);
int	vqadd(Vqueue*, Vseg *out, int nout, Vseg *in, int nin, void *token);
void	vqkick(Vqueue*);
void	vqwait(Vqueue*, Vreq*);
long	vqrun(Vqueue*, Vseg *out, int nout, Vseg *in, int nin);
Vseg	vseg(void *va, u32int len);
int	vsegz(Vseg*, int max, Zbuf*);

Vqueue*	vrngqueue(void);	/* vrng.c: the rng's queue, nil if none */
