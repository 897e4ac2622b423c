/*
 * Kernel heap, on top of the page allocator (page.c).
 *
 * Uses from mem.h, dat.h, fns.h: BY2PG, KADDR, PADDR, Lock, lock,
 * unlock, panic, and from page.c pagealloc, pagefree, pageblock and
 * the pagerun calls.
 *
 * Sizes up to Maxsmall come from slabs: a slab is one block from
 * pagealloc holding a header and equal objects of one size class
 * (16, 32, ..., 2048 bytes).  Bigger sizes get a run of pages of
 * their own (pagerunalloc), as many as they need: a 128K+24-byte
 * buffer takes 33 pages, not the 64 of a power-of-two block.  Neither keeps a
 * header next to the user's bytes: free asks page.c which allocated
 * block holds the pointer (pageblock).  A pointer at the start of its
 * block is a large allocation; any other is an object in the slab
 * whose header starts the block.
 *
 * What callers may rely on (the virtio drivers do, for DMA):
 *	- every result is 16-byte aligned;
 *	- every result is physically contiguous, since blocks are, and
 *	  PADDR gives its physical address;
 *	- a result of BY2PG bytes or more is page aligned and starts its
 *	  own block of pages, shared with nothing else.
 * malloc clears the memory, as Plan 9 kernels do; mallocz(n, 0) does
 * not, and neither does realloc for the grown part.  Out of memory,
 * or a size no block can hold, gives nil.  Not for interrupt
 * handlers: the heap lock is a plain Lock.
 *
 * A slab that becomes empty goes straight back to page.c, so after
 * everything is freed heapstats and pagefreecount are back where
 * they started (the leak check).
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"

enum {
	Align		= 16,
	Nclass		= 8,		/* 16<<0 ... 16<<7 */
	Maxsmall	= Align<<(Nclass-1),
	Minobj		= 15,		/* objects per slab, at least */
	Maxobj		= 256,		/* the busy bitmap's size */
	Slabmagic	= 0x51AB0C75,
	Maxorder	= 30,		/* a guard; page.c refuses far less */
};

typedef struct Slab Slab;

/* at the start of each slab block */
struct Slab {
	Slab	*next;		/* partial list of the class, */
	Slab	*prev;		/* guarded by heap.lk like all fields */
	Slab	*self;		/* == the slab: with magic, tells it from data */
	u32int	magic;
	ushort	class;
	ushort	order;		/* of the block */
	ushort	nobj;
	ushort	nfree;
	u64int	busy[Maxobj/64];	/* bit set: object in use, or beyond nobj */
};

#define SLABHDR	((sizeof(Slab) + Align-1) & ~(usize)(Align-1))

static struct {
	Lock	lk;		/* guards everything below */
	Slab	*partial[Nclass];	/* slabs with a free object */
	usize	inuse;		/* bytes handed out, by msize */
	usize	pages;		/* pages held, slabs and large blocks */
} heap;

static usize
classsize(int c)
{
	return (usize)Align << c;
}

static int
sizeclass(usize n)
{
	int c;

	for(c = 0; classsize(c) < n; c++)
		;
	return c;
}


static void
linkslab(Slab *s)
{
	s->prev = nil;
	s->next = heap.partial[s->class];
	if(s->next != nil)
		s->next->prev = s;
	heap.partial[s->class] = s;
}

static void
unlinkslab(Slab *s)
{
	if(s->prev != nil)
		s->prev->next = s->next;
	else
		heap.partial[s->class] = s->next;
	if(s->next != nil)
		s->next->prev = s->prev;
	s->next = s->prev = nil;
}

static Slab*
newslab(int c)
{
	int order, i;
	uintptr pa;
	usize size;
	Slab *s;

	size = classsize(c);
	for(order = 0; ((usize)BY2PG<<order) - SLABHDR < Minobj*size; order++)
		;
	pa = pagealloc(order);
	if(pa == 0)
		return nil;
	s = (Slab*)KADDR(pa);
	memset(s, 0, sizeof *s);
	s->self = s;
	s->magic = Slabmagic;
	s->class = c;
	s->order = order;
	s->nobj = (((usize)BY2PG<<order) - SLABHDR) / size;
	if(s->nobj > Maxobj)
		s->nobj = Maxobj;
	s->nfree = s->nobj;
	for(i = s->nobj; i < Maxobj; i++)
		s->busy[i/64] |= 1ULL << (i%64);
	return s;
}

static void*
slaballoc(usize n)
{
	int c, w, i;
	Slab *s;

	c = sizeclass(n);
	lock(&heap.lk);
	s = heap.partial[c];
	if(s == nil){
		unlock(&heap.lk);
		s = newslab(c);
		if(s == nil)
			return nil;
		lock(&heap.lk);
		linkslab(s);
		heap.pages += (usize)1 << s->order;
	}
	for(w = 0; s->busy[w] == ~0ULL; w++)
		;
	i = w*64 + __builtin_ctzll(~s->busy[w]);
	s->busy[w] |= 1ULL << (i%64);
	if(--s->nfree == 0)
		unlinkslab(s);
	heap.inuse += classsize(c);
	unlock(&heap.lk);
	return (uchar*)s + SLABHDR + i*classsize(c);
}

static void*
bigalloc(usize n)
{
	uintptr pa;
	usize np;

	np = (n + BY2PG-1) / BY2PG;
	if(np > (usize)1 << Maxorder)
		return nil;
	pa = pagerunalloc(np);
	if(pa == 0)
		return nil;
	lock(&heap.lk);
	heap.inuse += np*BY2PG;
	heap.pages += np;
	unlock(&heap.lk);
	return KADDR(pa);
}

static int
isslab(Slab *s)
{
	return s->magic == Slabmagic && s->self == s;
}

/*
 * The object index of v in slab s, which must be the block v lies
 * in; panics if v is not the start of an object.
 */
static int
slabindex(Slab *s, int order, void *v)
{
	usize off, size;

	if(!isslab(s) || s->order != order || s->class >= Nclass)
		panic("free: %#p is inside a block that is no slab", v);
	size = classsize(s->class);
	off = (uchar*)v - (uchar*)s;
	if(off < SLABHDR || (off - SLABHDR) % size != 0 || (off - SLABHDR)/size >= s->nobj)
		panic("free: %#p is not the start of an object", v);
	return (off - SLABHDR)/size;
}

static void
slabfree(Slab *s, int order, void *v)
{
	int i;
	u64int bit;

	i = slabindex(s, order, v);
	bit = 1ULL << (i%64);
	lock(&heap.lk);
	if((s->busy[i/64] & bit) == 0){
		unlock(&heap.lk);
		panic("free: %#p freed twice", v);
	}
	s->busy[i/64] &= ~bit;
	if(s->nfree++ == 0)
		linkslab(s);
	heap.inuse -= classsize(s->class);
	if(s->nfree < s->nobj){
		unlock(&heap.lk);
		return;
	}
	unlinkslab(s);
	s->magic = 0;
	heap.pages -= (usize)1 << order;
	unlock(&heap.lk);
	pagefree(PADDR(s), order);
}

/*
 * The block holding v; panics if there is none.
 */
static uintptr
blockof(void *v, int *order)
{
	uintptr head;

	head = pageblock(PADDR(v), order);
	if(head == 0)
		panic("free: %#p was not allocated (or is freed)", v);
	return head;
}

void*
mallocz(usize n, int clr)
{
	void *v;

	if(n <= Maxsmall)
		v = slaballoc(n);
	else
		v = bigalloc(n);
	if(v != nil && clr)
		memset(v, 0, n);
	return v;
}

void*
malloc(usize n)
{
	return mallocz(n, 1);
}

void
free(void *v)
{
	uintptr head;
	usize np;
	int order;

	if(v == nil)
		return;
	head = blockof(v, &order);
	if(PADDR(v) != head){
		slabfree((Slab*)KADDR(head), order, v);
		return;
	}
	if(isslab((Slab*)v))
		panic("free: %#p is a slab header", v);
	np = pagerunsize(head);
	lock(&heap.lk);
	heap.inuse -= np*BY2PG;
	heap.pages -= np;
	unlock(&heap.lk);
	pagerunfree(head);
}

usize
msize(void *v)
{
	uintptr head;
	int order;
	Slab *s;

	if(v == nil)
		return 0;
	head = blockof(v, &order);
	if(PADDR(v) == head)
		return pagerunsize(head)*BY2PG;
	s = (Slab*)KADDR(head);
	slabindex(s, order, v);
	return classsize(s->class);
}

/*
 * Stays in place while n fits and uses more than half the block;
 * otherwise moves.  On failure v is left as it was.
 */
void*
realloc(void *v, usize n)
{
	usize old;
	void *nv;

	if(v == nil)
		return malloc(n);
	if(n == 0){
		free(v);
		return nil;
	}
	old = msize(v);
	if(n <= old && (n > old/2 || old == Align))
		return v;
	nv = mallocz(n, 0);
	if(nv == nil)
		return nil;
	memmove(nv, v, n < old ? n : old);
	free(v);
	return nv;
}

/*
 * Bytes handed out (counted by msize) and pages the heap holds.
 */
void
heapstats(usize *inuse, usize *pages)
{
	lock(&heap.lk);
	if(inuse != nil)
		*inuse = heap.inuse;
	if(pages != nil)
		*pages = heap.pages;
	unlock(&heap.lk);
}
