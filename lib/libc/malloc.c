/*
 * The user allocator.  Memory comes from sbrk in large chunks and is
 * cut into blocks with boundary tags: each block starts with its
 * size, and a free block also leaves its size at the start of the next
 * block, so free can merge with both neighbours at once.  Free blocks
 * sit in segregated lists: one per exact size below Smallmax, then one
 * per power of two; a bitmap of non-empty lists finds a fit without
 * walking empty ones.  One lock (lock(2)) guards it all, for
 * processes sharing memory by rfork(RFMEM).
 */
#include <u.h>
#include <libc.h>

typedef struct Block Block;
struct Block {
	usize	prevsize;	/* of the block before; valid only while that one is free */
	usize	size;		/* of this block, header included, | Inuse | Previnuse */
	Block	*next;		/* free blocks only: neighbours in the list */
	Block	*prev;
};

enum {
	Inuse		= 1,
	Previnuse	= 2,
	Flags		= Inuse|Previnuse,
	Hdr		= offsetof(Block, next),	/* 16: payloads stay 16-aligned */
	Align		= 16,
	Minblock	= sizeof(Block),
	Smallmax	= 1024,			/* exact lists below this */
	Nsmall		= Smallmax/Align,
	Nbin		= 128,
	Chunk		= 128*1024,		/* least we ask sbrk for */
};

#define	Maxalloc	((usize)1<<46)

static Lock	heaplock;	/* guards everything below */
static Block	*bins[Nbin];
static u64int	binmap[Nbin/64];
static Block	*top;		/* end marker of the newest region */
static uchar	*brkend;	/* where the memory sbrk gave last ends */

static usize
bsize(Block *b)
{
	return b->size & ~(usize)Flags;
}

static Block*
after(Block *b)
{
	return (Block*)((uchar*)b + bsize(b));
}

static int
log2floor(usize n)
{
	return 63 - __builtin_clzl(n);
}

static int
binof(usize size)
{
	int i;

	if(size < Smallmax)
		return size/Align;
	i = Nsmall + log2floor(size) - log2floor(Smallmax);
	return i < Nbin ? i : Nbin-1;
}

static void
unbin(Block *b)
{
	int i;

	if(b->prev != nil)
		b->prev->next = b->next;
	else{
		i = binof(bsize(b));
		bins[i] = b->next;
		if(b->next == nil)
			binmap[i/64] &= ~((u64int)1 << (i%64));
	}
	if(b->next != nil)
		b->next->prev = b->prev;
}

/* file a free block (neighbours already merged) and tag it free */
static void
binadd(Block *b)
{
	usize size;
	Block *n;
	int i;

	size = bsize(b);
	b->size = size | Previnuse;	/* a free block never follows a free one */
	n = after(b);
	n->prevsize = size;
	n->size &= ~(usize)Previnuse;
	i = binof(size);
	b->prev = nil;
	b->next = bins[i];
	if(b->next != nil)
		b->next->prev = b;
	bins[i] = b;
	binmap[i/64] |= (u64int)1 << (i%64);
}

/* release an in-use block, merging it with free neighbours */
static void
release(Block *b)
{
	Block *n, *p;
	usize size;

	size = bsize(b);
	n = after(b);
	if((n->size & Inuse) == 0){
		unbin(n);
		size += bsize(n);
	}
	if((b->size & Previnuse) == 0){
		p = (Block*)((uchar*)b - b->prevsize);
		unbin(p);
		size += bsize(p);
		b = p;
	}
	b->size = size;
	binadd(b);
}

/* first non-empty list at or above bin i, or -1 */
static int
nextbin(int i)
{
	u64int m;

	for(; i < Nbin; i = (i/64 + 1)*64){
		m = binmap[i/64] >> (i%64);
		if(m != 0)
			return i + __builtin_ctzl(m);
	}
	return -1;
}

/* unlink and return a free block of at least size bytes */
static Block*
takefree(usize size)
{
	Block *b;
	int i;

	i = binof(size);
	if(i >= Nsmall){
		/* a power-of-two list holds smaller blocks too: first fit */
		for(b = bins[i]; b != nil; b = b->next)
			if(bsize(b) >= size){
				unbin(b);
				return b;
			}
		i++;
	}
	i = nextbin(i);
	if(i < 0)
		return nil;
	b = bins[i];
	unbin(b);
	return b;
}

/* cut an in-use block down to size, freeing what is left over */
static void
trim(Block *b, usize size)
{
	Block *r;
	usize rest;

	rest = bsize(b) - size;
	if(rest < Minblock)
		return;
	b->size = size | (b->size & Flags);
	r = after(b);
	r->size = rest | Inuse | Previnuse;
	release(r);
}

/* add at least size bytes of free memory from sbrk; 0 on failure */
static int
grow(usize size)
{
	uchar *p, *e;
	usize n;
	Block *b;
	int contiguous;

	n = size + 2*Hdr + 2*Align;
	n = (n + Chunk-1) & ~(usize)(Chunk-1);
	p = sbrk(n);
	if(p == (void*)-1)
		return 0;
	contiguous = top != nil && p == brkend;
	brkend = p + n;
	e = (uchar*)((uintptr)brkend & ~(uintptr)(Align-1));
	if(contiguous){
		/* the old end marker heads the new block */
		b = top;
		b->size = (e - Hdr - (uchar*)b) | Inuse | (top->size & Previnuse);
	}else{
		b = (Block*)(((uintptr)p + Align-1) & ~(uintptr)(Align-1));
		b->size = (e - Hdr - (uchar*)b) | Inuse | Previnuse;
	}
	top = (Block*)(e - Hdr);
	top->size = 0 | Inuse | Previnuse;
	release(b);
	return 1;
}

static void*
alloc(usize n)
{
	usize size;
	Block *b;

	if(n > Maxalloc)
		return nil;
	size = (n + Hdr + Align-1) & ~(usize)(Align-1);
	if(size < Minblock)
		size = Minblock;
	b = takefree(size);
	if(b == nil){
		if(!grow(size))
			return nil;
		b = takefree(size);
		if(b == nil)
			return nil;
	}
	b->size |= Inuse;
	after(b)->size |= Previnuse;
	trim(b, size);
	return (uchar*)b + Hdr;
}

void*
malloc(usize n)
{
	void *p;

	lock(&heaplock);
	p = alloc(n);
	unlock(&heaplock);
	return p;
}

void*
mallocz(usize n, int clr)
{
	void *p;

	p = malloc(n);
	if(p != nil && clr)
		memset(p, 0, n);
	return p;
}

static Block*
blockof(void *p)
{
	Block *b;

	b = (Block*)((uchar*)p - Hdr);
	if(((uintptr)p & (Align-1)) != 0 || (b->size & Inuse) == 0 || bsize(b) < Minblock)
		abort();	/* freeing something not allocated, or twice */
	return b;
}

void
free(void *p)
{
	if(p == nil)
		return;
	lock(&heaplock);
	release(blockof(p));
	unlock(&heaplock);
}

static void*
resize(void *p, usize n)
{
	usize size, have;
	Block *b, *nx;
	void *q;

	if(p == nil)
		return alloc(n);
	if(n == 0){
		release(blockof(p));
		return nil;
	}
	if(n > Maxalloc)
		return nil;
	b = blockof(p);
	size = (n + Hdr + Align-1) & ~(usize)(Align-1);
	if(size < Minblock)
		size = Minblock;
	have = bsize(b);
	if(have < size){
		/* take in a free successor if that is enough */
		nx = after(b);
		if((nx->size & Inuse) != 0 || have + bsize(nx) < size){
			q = alloc(n);
			if(q == nil)
				return nil;
			memmove(q, p, have - Hdr);
			release(b);
			return q;
		}
		unbin(nx);
		b->size += bsize(nx);
		after(b)->size |= Previnuse;
	}
	trim(b, size);
	return p;
}

void*
realloc(void *p, usize n)
{
	void *q;

	lock(&heaplock);
	q = resize(p, n);
	unlock(&heaplock);
	return q;
}
