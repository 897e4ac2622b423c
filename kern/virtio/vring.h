/*
 * Split virtqueue bookkeeping (virtio 1.x "split virtqueues", and the
 * legacy layout).  Every virtio driver talks to its device through
 * this one API: vringadd a chain of segments with a token, ask
 * vringkickneeded whether to notify, and on completion vringgetused
 * hands the token back with the length the device wrote.
 *
 * This file is plain C with no kernel dependencies, so the host unit
 * test (tests/unit/t_vring.c) runs it against a simulated device.
 * The caller (kern/virtio.c) owns everything else:
 *
 * - Locking: vring keeps no lock.  All calls on one Vring must be
 *   serialised by the caller; because vringgetused normally runs in
 *   the interrupt handler, that means an ilock.
 * - Memory: the caller allocates the rings (physically contiguous,
 *   zeroing not needed: init clears them) and, if used, the indirect
 *   tables, and passes both their virtual and physical addresses.
 *   Segments carry both too; vring never translates addresses.  Ring
 *   memory must stay put until the device has been reset.
 * - Buffers: from vringadd until vringgetused returns its token, a
 *   buffer belongs to the device.  It must not live on a stack that
 *   error() can unwind, and it is never reclaimed early.
 * - Waiting: vringadd returns VringFull when there are not enough free
 *   descriptors.  The caller sleeps (on a Rendez the completion path
 *   wakes, with vringroom as the condition) and retries; a failed
 *   vringadd changes nothing.
 * - Notification: after vringadd, if vringkickneeded says so, the
 *   caller writes the queue's notify register.
 * - Interrupts: the handler loops on vringgetused; a driver that polls
 *   uses vringdisableintr, and vringenableintr's result to avoid
 *   sleeping through a completion that raced with re-enabling.
 * - Features: the caller negotiates VIRTIO_RING_F_INDIRECT_DESC and
 *   VIRTIO_RING_F_EVENT_IDX, then tells vring with vringindirect and
 *   vringeventidx before the first vringadd.
 *
 * Ring fields are little-endian (virtio 1.x) or guest-endian (legacy);
 * on x86 both are the native order, so no conversion is done.
 */
#pragma once

typedef struct Vdesc Vdesc;
typedef struct Vavail Vavail;
typedef struct Vused Vused;
typedef struct Vusedelem Vusedelem;
typedef struct Vseg Vseg;
typedef struct Vstate Vstate;
typedef struct Vring Vring;

enum {
	/* Vdesc.flags */
	VdescNext	= 1,	/* next is valid */
	VdescWrite	= 2,	/* device writes this buffer */
	VdescIndirect	= 4,	/* addr is a table of Vdesc */

	VavailNoIntr	= 1,	/* Vavail.flags: driver needs no interrupt */
	VusedNoNotify	= 1,	/* Vused.flags: device needs no kick */

	/* feature bit numbers, for the caller's negotiation */
	VringFIndirect	= 28,
	VringFEventIdx	= 29,

	Vringmax	= 32768,	/* largest queue size the spec allows */
	Vlegacyalign	= 4096,	/* used ring alignment of legacy PCI devices */

	/* vringadd results */
	VringFull	= -1,	/* no room now: wait for a completion, retry */
	VringBad	= -2,	/* can never succeed: bad request or broken ring */
};

/* The device-visible structures, exactly as the spec lays them out. */
struct Vdesc {
	u64int	addr;		/* physical */
	u32int	len;
	u16int	flags;
	u16int	next;
};

struct Vavail {
	u16int	flags;
	u16int	idx;		/* where the driver puts the next head */
	u16int	ring[];		/* [num], then used_event */
};

struct Vusedelem {
	u32int	id;		/* head of the completed chain */
	u32int	len;		/* bytes written into its writable part */
};

struct Vused {
	u16int	flags;
	u16int	idx;		/* where the device puts the next entry */
	Vusedelem ring[];	/* [num], then avail_event */
};

/* Sizes of the three parts for a modern device, which places each itself. */
#define VRINGDESCSZ(num)	(16*(usize)(num))
#define VRINGAVAILSZ(num)	(6 + 2*(usize)(num))
#define VRINGUSEDSZ(num)	(6 + 8*(usize)(num))

/* One buffer of a request, as the caller sees it. */
struct Vseg {
	void	*va;
	uvlong	pa;
	u32int	len;		/* must not be 0 (QEMU rejects empty buffers) */
};

/* Driver-private state of a descriptor; meaningful only for chain heads. */
struct Vstate {
	void	*token;		/* non-nil exactly while this head is in flight */
	u32int	cap;		/* writable bytes in the chain: bound on used len */
	u16int	ndesc;		/* ring descriptors the chain holds (1 if indirect) */
};

struct Vring {
	uint	num;		/* power of 2, 1..Vringmax */
	Vdesc	*desc;
	Vavail	*avail;
	Vused	*used;
	u16int	*usedevent;	/* &avail->ring[num]: written by the driver */
	u16int	*availevent;	/* &used->ring[num]: written by the device */
	uvlong	descpa;		/* physical addresses, to program the device */
	uvlong	availpa;
	uvlong	usedpa;

	Vstate	*state;		/* [num], from mallocz */

	/*
	 * Free descriptors form a list threaded through desc[].next,
	 * starting at freehead; nfree counts them, so the list needs no
	 * terminator.  A chain takes its descriptors from the front of
	 * the list in list order, so their next fields already link the
	 * chain, and freeing a chain pushes it back whole.
	 */
	u16int	freehead;
	uint	nfree;
	uint	inflight;	/* chains added and not yet returned */

	u16int	availidx;	/* shadow of avail->idx: the device never writes it */
	u16int	kickedidx;	/* availidx when vringkickneeded last ran */
	u16int	lastused;	/* next used ring entry to consume */

	int	eventidx;	/* VIRTIO_RING_F_EVENT_IDX negotiated */
	int	introff;	/* vringdisableintr in effect */

	Vdesc	*indir;		/* nil, or [num][maxindir]: table i belongs to head i */
	uvlong	indirpa;
	uint	maxindir;

	int	broken;		/* the device broke the protocol; ring is dead */
	ulong	nbadlen;	/* used lengths the device overstated (clamped) */
};

usize	vringsize(uint num, uint align);
int	vringinit(Vring*, uint num, void *mem, uint align, uvlong pa);
int	vringinitsplit(Vring*, uint num, void *desc, uvlong descpa,
		void *avail, uvlong availpa, void *used, uvlong usedpa);
void	vringfree(Vring*);
usize	vringindirectsize(uint num, uint maxseg);
int	vringindirect(Vring*, void *mem, uvlong pa, uint maxseg);
void	vringeventidx(Vring*, int on);

int	vringadd(Vring*, Vseg *out, int nout, Vseg *in, int nin, void *token);
int	vringroom(Vring*, int nseg);
int	vringkickneeded(Vring*);
void*	vringgetused(Vring*, u32int *len);
int	vringmoreused(Vring*);
void	vringdisableintr(Vring*);
int	vringenableintr(Vring*);
