/*
 * Split virtqueue bookkeeping; see vring.h for what the caller does.
 *
 * Invariants: a descriptor is either on the free list or in exactly
 * one chain; state[i].token is non-nil exactly when i heads a chain the
 * device holds; nfree plus the descriptors of in-flight chains is num.
 * Everything the device writes (used ring, avail_event, used flags) is
 * read once into a local and checked before it is used as an index.
 */
#include <u.h>
#include <str.h>
#include "vring.h"

_Static_assert(sizeof(Vdesc) == 16, "Vdesc must match the spec layout");
_Static_assert(sizeof(Vusedelem) == 8, "Vusedelem must match the spec layout");
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "vring assumes a little-endian CPU (virtio 1.x rings are little-endian)"
#endif

/*
 * Ordering against the device, which runs concurrently on another
 * CPU.  x86 is TSO: stores become visible in program order and loads
 * are not reordered with other loads, so store-store and load-load
 * ordering need only stop the compiler from reordering.  The one
 * reordering x86 does is a load passing an earlier store still in the
 * store buffer.  That matters where we publish an index and then read
 * the other side's suppression state (avail idx then avail_event or
 * used flags; used_event then used idx): without mfence both sides
 * could read the other's stale value, each decide the other needs no
 * notification, and the queue stalls.
 */
#ifdef __x86_64__
#define storebarrier()	asm volatile("" ::: "memory")
#define loadbarrier()	asm volatile("" ::: "memory")
#define fullbarrier()	asm volatile("mfence" ::: "memory")
#else
#define storebarrier()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define loadbarrier()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define fullbarrier()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

/* Shared fields the other side changes are accessed exactly once each. */
#define LOAD16(p)	(*(volatile u16int*)(p))
#define LOAD32(p)	(*(volatile u32int*)(p))
#define STORE16(p, v)	(*(volatile u16int*)(p) = (v))

static int
ispow2(uvlong x)
{
	return x != 0 && (x & (x-1)) == 0;
}

static int
goodnum(uint num)
{
	return ispow2(num) && num <= Vringmax;
}

static usize
alignup(usize x, usize a)
{
	return (x + a-1) & ~(a-1);
}

/*
 * Legacy devices take one page frame number and find the parts
 * themselves: descriptors, then the avail ring, then padding up to
 * align, then the used ring.
 */
usize
vringsize(uint num, uint align)
{
	if(!goodnum(num) || !ispow2(align) || align < 4)
		return 0;
	return alignup(VRINGDESCSZ(num) + VRINGAVAILSZ(num), align)
		+ alignup(VRINGUSEDSZ(num), align);
}

static void
publishintr(Vring *r)
{
	if(r->broken)
		return;	/* rings may be gone (failed init, vringfree) */
	if(r->eventidx){
		/*
		 * The device interrupts when its used idx moves past
		 * used_event.  lastused-1 is behind every entry it can
		 * still post (at most num ahead of lastused), so it never
		 * fires; lastused fires on the next completion.
		 */
		STORE16(&r->avail->flags, 0);
		STORE16(r->usedevent, r->introff ? (u16int)(r->lastused-1) : r->lastused);
	}else
		STORE16(&r->avail->flags, r->introff ? VavailNoIntr : 0);
}

static int
setup(Vring *r, uint num, void *desc, uvlong descpa, void *avail, uvlong availpa,
	void *used, uvlong usedpa)
{
	uint i;

	r->state = mallocz(num*sizeof(Vstate), 1);
	if(r->state == nil)
		return -1;
	r->num = num;
	r->desc = desc;
	r->avail = avail;
	r->used = used;
	r->descpa = descpa;
	r->availpa = availpa;
	r->usedpa = usedpa;
	r->usedevent = &r->avail->ring[num];
	r->availevent = (u16int*)&r->used->ring[num];
	memset(desc, 0, VRINGDESCSZ(num));
	memset(avail, 0, VRINGAVAILSZ(num));
	memset(used, 0, VRINGUSEDSZ(num));
	for(i = 0; i+1 < num; i++)
		r->desc[i].next = i+1;
	r->freehead = 0;
	r->nfree = num;
	r->broken = 0;
	return 0;
}

/* Legacy layout in one block at mem (physical pa), aligned to align. */
int
vringinit(Vring *r, uint num, void *mem, uint align, uvlong pa)
{
	usize availoff, usedoff;

	memset(r, 0, sizeof *r);
	r->broken = 1;	/* inert until setup succeeds */
	if(vringsize(num, align) == 0 || mem == nil)
		return -1;
	if(((uintptr)mem & (align-1)) != 0 || (pa & (align-1)) != 0)
		return -1;
	availoff = VRINGDESCSZ(num);
	usedoff = alignup(availoff + VRINGAVAILSZ(num), align);
	return setup(r, num, mem, pa, (uchar*)mem + availoff, pa + availoff,
		(uchar*)mem + usedoff, pa + usedoff);
}

/* Modern devices are given the three parts separately; the spec's alignments apply. */
int
vringinitsplit(Vring *r, uint num, void *desc, uvlong descpa,
	void *avail, uvlong availpa, void *used, uvlong usedpa)
{
	memset(r, 0, sizeof *r);
	r->broken = 1;	/* inert until setup succeeds */
	if(!goodnum(num) || desc == nil || avail == nil || used == nil)
		return -1;
	if((((uintptr)desc | descpa) & 15) != 0 || (((uintptr)avail | availpa) & 1) != 0
	|| (((uintptr)used | usedpa) & 3) != 0)
		return -1;
	return setup(r, num, desc, descpa, avail, availpa, used, usedpa);
}

/* Releases vring's own memory; the caller resets the device first and owns the rings. */
void
vringfree(Vring *r)
{
	free(r->state);
	r->state = nil;
	r->broken = 1;
}

/* Bytes of indirect table memory for chains of up to maxseg segments. */
usize
vringindirectsize(uint num, uint maxseg)
{
	if(!goodnum(num) || maxseg < 2 || maxseg > num)
		return 0;
	return (usize)num * maxseg * sizeof(Vdesc);
}

/*
 * Enable indirect chains (VIRTIO_RING_F_INDIRECT_DESC negotiated).
 * Table i belongs to whichever chain has head i, so tables never need
 * allocating.  A chain may not exceed the queue size even indirectly.
 */
int
vringindirect(Vring *r, void *mem, uvlong pa, uint maxseg)
{
	if(r->state == nil || r->inflight != 0 || mem == nil)
		return -1;
	if(vringindirectsize(r->num, maxseg) == 0 || (((uintptr)mem | pa) & 15) != 0)
		return -1;
	r->indir = mem;
	r->indirpa = pa;
	r->maxindir = maxseg;
	return 0;
}

/* Use used_event/avail_event instead of the flags (VIRTIO_RING_F_EVENT_IDX). */
void
vringeventidx(Vring *r, int on)
{
	r->eventidx = on != 0;
	publishintr(r);
}

static int
useindirect(Vring *r, int nseg)
{
	return r->indir != nil && nseg > 1 && (uint)nseg <= r->maxindir;
}

/* Whether vringadd of nseg segments would not return VringFull: the sleep condition. */
int
vringroom(Vring *r, int nseg)
{
	if(r->broken || nseg <= 0 || (uint)nseg > r->num)
		return 1;	/* vringadd will fail for good; stop waiting */
	return r->nfree >= (useindirect(r, nseg) ? 1 : (uint)nseg);
}

/* Checks segments and sums their lengths; -1 if one is empty. */
static vlong
seglen(Vseg *s, int n)
{
	int i;
	vlong tot;

	tot = 0;
	for(i = 0; i < n; i++){
		if(s[i].len == 0)
			return -1;
		tot += s[i].len;
	}
	return tot;
}

/* Segment i of the chain: readable ones first, then writable. */
static void
fillseg(Vdesc *d, Vseg *out, int nout, Vseg *in, int nin, int i)
{
	Vseg *s;

	s = i < nout ? &out[i] : &in[i-nout];
	d->addr = s->pa;
	d->len = s->len;
	d->flags = (i >= nout ? VdescWrite : 0) | (i+1 < nout+nin ? VdescNext : 0);
}

/*
 * A free descriptor's next is the following free one, so taking n from
 * the front of the list yields a chain already linked.  Free-list links
 * live in device-visible memory; masking keeps a scribbled link in bounds.
 */
static u16int
adddirect(Vring *r, Vseg *out, int nout, Vseg *in, int nin)
{
	int i, n;
	u16int head, d;

	n = nout + nin;
	head = d = r->freehead;
	for(i = 0; i < n; i++){
		fillseg(&r->desc[d], out, nout, in, nin, i);
		r->desc[d].next &= r->num-1;
		if(i+1 < n)
			d = r->desc[d].next;
	}
	r->freehead = r->desc[d].next;
	r->nfree -= n;
	r->state[head].ndesc = n;
	return head;
}

static u16int
addindirect(Vring *r, Vseg *out, int nout, Vseg *in, int nin)
{
	int i, n;
	u16int head;
	Vdesc *t;

	n = nout + nin;
	head = r->freehead;
	r->freehead = r->desc[head].next & (r->num-1);
	r->nfree--;
	t = &r->indir[(usize)head * r->maxindir];
	for(i = 0; i < n; i++){
		fillseg(&t[i], out, nout, in, nin, i);
		t[i].next = i+1;
	}
	r->desc[head].addr = r->indirpa + (uvlong)head * r->maxindir * sizeof(Vdesc);
	r->desc[head].len = n * sizeof(Vdesc);
	r->desc[head].flags = VdescIndirect;
	r->state[head].ndesc = 1;
	return head;
}

/*
 * Queue one request: nout device-readable segments then nin writable
 * ones, as one chain whose head alone enters the avail ring.  token
 * (non-nil) comes back from vringgetused when the device is done.
 */
int
vringadd(Vring *r, Vseg *out, int nout, Vseg *in, int nin, void *token)
{
	int nseg;
	u16int head;
	vlong outlen, inlen;

	if(r->broken || token == nil || nout < 0 || nin < 0)
		return VringBad;
	if((nout > 0 && out == nil) || (nin > 0 && in == nil))
		return VringBad;
	if((uint)nout > r->num || (uint)nin > r->num)
		return VringBad;
	nseg = nout + nin;
	if(nseg == 0 || (uint)nseg > r->num)
		return VringBad;
	outlen = seglen(out, nout);
	inlen = seglen(in, nin);
	if(outlen < 0 || inlen < 0)
		return VringBad;
	if(!vringroom(r, nseg))
		return VringFull;

	if(useindirect(r, nseg))
		head = addindirect(r, out, nout, in, nin);
	else
		head = adddirect(r, out, nout, in, nin);
	r->state[head].token = token;
	r->state[head].cap = inlen > 0xFFFFFFFFLL ? 0xFFFFFFFF : inlen;
	r->inflight++;

	r->avail->ring[r->availidx & (r->num-1)] = head;
	storebarrier();	/* descriptors and ring slot before the idx that exposes them */
	r->availidx++;
	STORE16(&r->avail->idx, r->availidx);
	return 0;
}

/*
 * Whether the other side asked to hear once the index passed event,
 * i.e. event lies in [old, new).  u16 arithmetic makes it wrap-safe.
 */
static int
needevent(u16int event, u16int new, u16int old)
{
	return (u16int)(new - event - 1) < (u16int)(new - old);
}

/* After vringadd(s): must the caller notify the device? */
int
vringkickneeded(Vring *r)
{
	u16int old, new;

	old = r->kickedidx;
	new = r->availidx;
	r->kickedidx = new;
	if(r->broken || old == new)
		return 0;
	fullbarrier();	/* avail idx out before we read what the device wants */
	if(r->eventidx)
		return needevent(LOAD16(r->availevent), new, old);
	return (LOAD16(&r->used->flags) & VusedNoNotify) == 0;
}

static void*
breakring(Vring *r)
{
	r->broken = 1;
	return nil;
}

/*
 * Push head's chain back on the free list.  The descriptor table is
 * ours, but its links are checked anyway so that a device scribbling
 * on it breaks the ring rather than our memory.
 */
static int
freechain(Vring *r, u16int head)
{
	uint i, n;
	u16int d;

	n = r->state[head].ndesc;
	if(n == 0 || r->nfree + n > r->num)
		return -1;
	d = head;
	for(i = 1; i < n; i++){
		if((r->desc[d].flags & VdescNext) == 0 || r->desc[d].next >= r->num)
			return -1;
		d = r->desc[d].next;
	}
	r->desc[d].next = r->freehead;
	r->freehead = head;
	r->nfree += n;
	return 0;
}

/*
 * The token of the next completed chain, with the bytes the device
 * wrote in *len; nil when nothing is pending or the ring is broken.
 */
void*
vringgetused(Vring *r, u32int *len)
{
	u16int idx, slot;
	u32int id, n;
	Vstate *s;
	void *token;

	if(r->broken)
		return nil;
	idx = LOAD16(&r->used->idx);
	if(idx == r->lastused)
		return nil;
	if((u16int)(idx - r->lastused) > r->inflight)
		return breakring(r);	/* completions of chains never added */
	loadbarrier();	/* the entry only after the idx that covers it */
	slot = r->lastused & (r->num-1);
	id = LOAD32(&r->used->ring[slot].id);
	n = LOAD32(&r->used->ring[slot].len);
	if(id >= r->num || r->state[id].token == nil)
		return breakring(r);	/* not a chain head the device holds */
	s = &r->state[id];
	if(n > s->cap){
		/* a device bug we can contain: Linux found breaking the ring too harsh */
		n = s->cap;
		r->nbadlen++;
	}
	if(freechain(r, id) < 0)
		return breakring(r);
	token = s->token;
	s->token = nil;
	s->ndesc = 0;
	r->inflight--;
	r->lastused++;
	if(r->eventidx && !r->introff){
		STORE16(r->usedevent, r->lastused);
		fullbarrier();	/* before the next look at used idx */
	}
	if(len != nil)
		*len = n;
	return token;
}

int
vringmoreused(Vring *r)
{
	return !r->broken && LOAD16(&r->used->idx) != r->lastused;
}

/* Ask the device not to interrupt; only a hint, interrupts may still come. */
void
vringdisableintr(Vring *r)
{
	r->introff = 1;
	publishintr(r);
}

/*
 * Ask for interrupts again.  Returns 1 if completions are already
 * pending: the device may have posted them while interrupts were off,
 * so the caller must drain them rather than sleep for an interrupt.
 */
int
vringenableintr(Vring *r)
{
	r->introff = 0;
	publishintr(r);
	fullbarrier();	/* our request out before we read used idx */
	return vringmoreused(r);
}
