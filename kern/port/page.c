/*
 * Physical page allocator: a binary buddy system.
 *
 * Uses from mem.h, dat.h, fns.h: BY2PG, PGSHIFT, KADDR, PADDR, Lock,
 * lock, unlock, panic, print.
 *
 * RAM arrives as any number of ranges (pageaddrange, once per usable
 * multiboot memory map entry), with holes between them and possibly
 * above 4GiB.  Each range becomes a Zone that carves its own
 * metadata from its first pages: one state byte per page it manages.
 * So there is no global array sized for the whole physical address
 * space, and ranges can be added at any time.
 *
 * Blocks are 2^order pages, 0 <= order <= MAXORDER, naturally aligned
 * in physical addresses, and never cross a zone's bounds, so two
 * buddies always lie in the same zone.
 *
 * The state byte of a page says what it heads:
 *	Pfree|order	the first page of a free block
 *	Palloc|order	the first page of an allocated block
 *	0		anything else: the inside of a block, or metadata
 * Only the first page of a block is ever written, so alloc and free
 * stay O(MAXORDER).  Because pagefree insists on Palloc with the
 * same order, a double free, a wrong order or an address that is not
 * the start of an allocated block is caught at once.
 *
 * Free blocks sit on one doubly linked list per order, threaded
 * through the free pages themselves (via KADDR), so the buddy can be
 * unlinked from the middle when two blocks merge.
 *
 * Except for memory never used yet.  Under a hypervisor that backs
 * guest RAM lazily, the first write to a page is slow (about a
 * millisecond when nested), so pageaddrange must not write into the
 * memory it is given.  Each zone keeps its whole MAXORDER blocks in
 * an untouched run, [fresh, freshend), whose heads say Pfree|MAXORDER
 * in the state array but which are on no list; pagealloc moves one
 * onto the MAXORDER list when the lists cannot serve a request.
 * Merging never looks at them: buddies of order below MAXORDER share
 * a MAXORDER block, and an untouched block is a whole one.  Only the
 * unaligned ends of a range (less than a MAXORDER block each) go
 * onto the lists at once, and a block freed back to MAXORDER goes on
 * the list like any other.
 *
 * Physical page 0 is never handed out: 0 means "no memory".
 *
 * References.  A single page (order 0) may be held by several
 * owners: user segments sharing it copy-on-write after fork, and
 * devices moving data to or from it directly (pins).  Each page has
 * a count of references and, of those, how many are pins, beside its
 * state byte; pagealloc sets them to one and none.  pageput drops a
 * reference and frees the page with its last, under pg.lk, so a page
 * can not be freed while another owner still looks at it.  Segments
 * ask pageusers (references that are not pins) to know whether a
 * write must copy the page or may take it over.
 *
 * Runs.  A caller that needs n pages, n not a power of two, would
 * waste up to half a block; pagerunalloc takes the block of the
 * order above and gives its tail back at once.  The run is kept as
 * the blocks n is made of, largest first (the binary digits of n:
 * each is aligned, since what precedes it is a multiple of it), each
 * marked allocated; all but the last also say Pmore, so pagerunfree
 * and pagerunsize find the whole run from its first page.  A block
 * of a run is not pagefree's (its state has Pmore, or it is the last
 * of a run that pagerunfree must free).
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"

enum {
	MAXORDER	= 10,		/* largest block: 2^10 pages, 4MiB */
	NZONE		= 64,		/* ranges; multiboot maps have far fewer */

	Porder		= 0x1F,		/* state byte: order of the block */
	Pmore		= 0x20,		/* with Palloc: the next block is the same run's */
	Pfree		= 0x40,		/* heads a free block */
	Palloc		= 0x80,		/* heads an allocated block */
};

typedef struct Free Free;
typedef struct Pgref Pgref;
typedef struct Zone Zone;

/* lives in the first bytes of every free block */
struct Free {
	Free	*next;
	Free	*prev;
};

/* a page's owners (see References); meaningful only while it is allocated */
struct Pgref {
	u32int	ref;		/* owners: segments and pins */
	u32int	pin;		/* of those, pins */
};

struct Zone {
	uintptr	meta;		/* start of the range: the state array, then the Pgrefs */
	uintptr	base;		/* first page managed, after the state array */
	uintptr	end;		/* end of the range, page aligned */
	uchar	*state;		/* one byte per page in [base, end) */
	Pgref	*refs;		/* one per page in [base, end) */
	uintptr	fresh;		/* [fresh, freshend): untouched MAXORDER blocks */
	uintptr	freshend;
};

static struct {
	Lock	lk;		/* guards everything below */
	Zone	zone[NZONE];	/* sorted by base, disjoint */
	int	nzone;
	Free	*free[MAXORDER+1];
	usize	nfree;		/* pages free: on the lists or untouched */
	usize	ntotal;		/* pages managed, free or not */
} pg;

static uintptr
blocksize(int order)
{
	return (uintptr)BY2PG << order;
}

static Zone*
zonefor(uintptr pa)
{
	int lo, hi, mid;
	Zone *z;

	lo = 0;
	hi = pg.nzone;
	while(lo < hi){
		mid = (lo+hi)/2;
		z = &pg.zone[mid];
		if(pa < z->base)
			hi = mid;
		else if(pa >= z->end)
			lo = mid+1;
		else
			return z;
	}
	return nil;
}

static uchar*
stateof(Zone *z, uintptr pa)
{
	return &z->state[(pa - z->base) >> PGSHIFT];
}

static Pgref*
refof(Zone *z, uintptr pa)
{
	return &z->refs[(pa - z->base) >> PGSHIFT];
}

/* bytes of metadata for npg pages: the state bytes, then the Pgrefs, aligned */
static uintptr
metasize(uintptr npg)
{
	return ((npg + 7) & ~(uintptr)7) + npg*sizeof(Pgref);
}

static void
pushfree(Zone *z, uintptr pa, int order)
{
	Free *f;

	f = (Free*)KADDR(pa);
	f->prev = nil;
	f->next = pg.free[order];
	if(f->next != nil)
		f->next->prev = f;
	pg.free[order] = f;
	*stateof(z, pa) = Pfree|order;
}

static void
unlinkfree(Free *f, int order)
{
	if(f->prev != nil)
		f->prev->next = f->next;
	else
		pg.free[order] = f->next;
	if(f->next != nil)
		f->next->prev = f->prev;
}

void
pageinit(void)
{
	memset(&pg, 0, sizeof pg);
}

/*
 * Largest order whose block starts at pa and ends by end.
 */
static int
fitorder(uintptr pa, uintptr end)
{
	int order;

	order = 0;
	while(order < MAXORDER
	&& (pa & (blocksize(order+1)-1)) == 0
	&& end - pa >= blocksize(order+1))
		order++;
	return order;
}

/*
 * Put [pa, end) on the free lists in the largest blocks that fit.
 */
static void
freerange(Zone *z, uintptr pa, uintptr end)
{
	int order;

	for(; pa < end; pa += blocksize(order)){
		order = fitorder(pa, end);
		pushfree(z, pa, order);
	}
}

/*
 * Bad ranges (empty, overlapping, too many) are reported and
 * ignored: the memory map comes from firmware.
 *
 * Writes only the state array and the first page of each block in
 * the unaligned ends; the whole MAXORDER blocks between them become
 * the untouched run.  The Pgrefs are written by pagealloc, each when
 * its page is handed out.
 */
void
pageaddrange(uintptr base, uintptr end)
{
	uintptr pa, npg, nmeta, lo, hi;
	Zone *z;
	int i;

	if(base < BY2PG)
		base = BY2PG;		/* keep page 0 out: 0 means failure */
	if(base > ~(uintptr)0 - (BY2PG-1))
		return;
	base = (base + BY2PG-1) & ~(uintptr)(BY2PG-1);
	end &= ~(uintptr)(BY2PG-1);
	if(end <= base)
		return;
	npg = (end - base) >> PGSHIFT;
	nmeta = (metasize(npg) + BY2PG-1) / BY2PG;
	if(npg <= nmeta)
		return;			/* nothing left after the state array */

	lock(&pg.lk);
	for(i = 0; i < pg.nzone; i++)
		if(base < pg.zone[i].end && pg.zone[i].meta < end){
			unlock(&pg.lk);
			print("pageaddrange: %#llux-%#llux overlaps known memory, ignored\n",
				(uvlong)base, (uvlong)end);
			return;
		}
	if(pg.nzone == NZONE){
		unlock(&pg.lk);
		print("pageaddrange: too many ranges, %#llux-%#llux ignored\n",
			(uvlong)base, (uvlong)end);
		return;
	}
	for(i = pg.nzone; i > 0 && pg.zone[i-1].base > base; i--)
		pg.zone[i] = pg.zone[i-1];
	pg.nzone++;
	z = &pg.zone[i];
	z->meta = base;
	z->base = base + nmeta*BY2PG;
	z->end = end;
	z->state = (uchar*)KADDR(base);
	z->refs = (Pgref*)KADDR(base + ((npg + 7) & ~(uintptr)7));
	/*
	 * One byte per page, so clearing it first-touches nmeta pages:
	 * 8 per 128MiB of RAM, 256 per 4GiB (over a third of a second
	 * at the nested cost above).  Besides the unaligned ends, these
	 * are the only pages of the range written here.
	 */
	memset(z->state, 0, npg - nmeta);

	/* [lo, hi): the whole MAXORDER blocks, if any */
	hi = end & ~(blocksize(MAXORDER)-1);
	if(hi > z->base)
		lo = (z->base + blocksize(MAXORDER)-1) & ~(blocksize(MAXORDER)-1);
	else
		lo = hi = end;
	freerange(z, z->base, lo);
	for(pa = lo; pa < hi; pa += blocksize(MAXORDER))
		*stateof(z, pa) = Pfree|MAXORDER;
	z->fresh = lo;
	z->freshend = hi;
	freerange(z, hi, end);
	pg.nfree += npg - nmeta;
	pg.ntotal += npg - nmeta;
	unlock(&pg.lk);
}

/*
 * Move the lowest untouched block onto the MAXORDER list.  That
 * writes its first page, which pagealloc is about to hand out.
 * 0 if no zone has one left.
 */
static int
usefresh(void)
{
	Zone *z;

	for(z = pg.zone; z < pg.zone+pg.nzone; z++)
		if(z->fresh < z->freshend){
			pushfree(z, z->fresh, MAXORDER);
			z->fresh += blocksize(MAXORDER);
			return 1;
		}
	return 0;
}

/*
 * 2^order contiguous pages, aligned to their size.  Returns the
 * physical address, or 0 if no block that large is free.
 * Blocks on the lists come first, so untouched memory is only
 * used when nothing else will do.
 */
uintptr
pagealloc(int order)
{
	int k;
	uintptr pa;
	Free *f;
	Zone *z;

	if(order < 0 || order > MAXORDER)
		return 0;
	lock(&pg.lk);
	for(k = order; k <= MAXORDER; k++)
		if(pg.free[k] != nil)
			break;
	if(k > MAXORDER){
		if(!usefresh()){
			unlock(&pg.lk);
			return 0;
		}
		k = MAXORDER;
	}
	f = pg.free[k];
	unlinkfree(f, k);
	pa = PADDR(f);
	z = zonefor(pa);
	if(z == nil || *stateof(z, pa) != (Pfree|k)){
		unlock(&pg.lk);
		panic("pagealloc: free list corrupt at %#llux", (uvlong)pa);
	}
	/* keep the lower half, give back the upper halves */
	while(k > order){
		k--;
		pushfree(z, pa + blocksize(k), k);
	}
	*stateof(z, pa) = Palloc|order;
	refof(z, pa)->ref = 1;
	refof(z, pa)->pin = 0;
	pg.nfree -= (usize)1 << order;
	unlock(&pg.lk);
	return pa;
}

/*
 * Give back a block from pagealloc(order), merging it with its
 * buddy as long as the buddy is free and whole.
 */
/* pa's zone, checked to head an allocated block of the order; pg.lk held */
static Zone*
allocated(uintptr pa, int order, char *who)
{
	Zone *z;
	uchar s;

	z = zonefor(pa);
	if(z == nil){
		unlock(&pg.lk);
		panic("%s: %#llux is not managed memory", who, (uvlong)pa);
	}
	s = *stateof(z, pa);
	if(s != (Palloc|order)){
		unlock(&pg.lk);
		panic("%s: %#llux order %d is not allocated (state %#ux): double free?",
			who, (uvlong)pa, order, s);
	}
	return z;
}

/* give back an allocated block of z; pg.lk held */
static void
freeblock(Zone *z, uintptr pa, int order)
{
	uintptr buddy;
	uchar *s;
	int n;

	*stateof(z, pa) = 0;
	n = order;
	for(; order < MAXORDER; order++){
		buddy = pa ^ blocksize(order);
		if(buddy < z->base || buddy >= z->end || z->end - buddy < blocksize(order))
			break;
		s = stateof(z, buddy);
		if(*s != (Pfree|order))
			break;
		unlinkfree((Free*)KADDR(buddy), order);
		*s = 0;
		if(buddy < pa)
			pa = buddy;
	}
	pushfree(z, pa, order);
	pg.nfree += (usize)1 << n;
}

void
pagefree(uintptr pa, int order)
{
	Zone *z;

	if(order < 0 || order > MAXORDER || (pa & (blocksize(order)-1)) != 0)
		panic("pagefree: bad block %#llux order %d", (uvlong)pa, order);
	lock(&pg.lk);
	z = allocated(pa, order, "pagefree");
	if(order == 0 && refof(z, pa)->ref != 1){
		unlock(&pg.lk);
		panic("pagefree: %#llux has %ud references", (uvlong)pa, refof(z, pa)->ref);
	}
	freeblock(z, pa, order);
	unlock(&pg.lk);
}

uintptr
pagealloc1(void)
{
	return pagealloc(0);
}

void
pagefree1(uintptr pa)
{
	pagefree(pa, 0);
}

/* the Pgref of allocated page pa, for who; pg.lk held */
static Pgref*
pgref(uintptr pa, char *who)
{
	if(pa & (BY2PG-1))
		panic("%s: %#llux is not a page", who, (uvlong)pa);
	return refof(allocated(pa, 0, who), pa);
}

/* another owner of page pa (from pagealloc1) */
void
pageincref(uintptr pa)
{
	lock(&pg.lk);
	pgref(pa, "pageincref")->ref++;
	unlock(&pg.lk);
}

/*
 * A copy-on-write sharer for page pa: another reference, unless a
 * device has the page pinned, when the sharer must have a copy of its
 * own (the device may still write into it).  1 if shared, 0 if not.
 */
int
pageshare(uintptr pa)
{
	Pgref *r;
	int ok;

	lock(&pg.lk);
	r = pgref(pa, "pageshare");
	ok = r->pin == 0;
	if(ok)
		r->ref++;
	unlock(&pg.lk);
	return ok;
}

/* drop a reference to page pa, freeing it with the last */
void
pageput(uintptr pa)
{
	Pgref *r;
	Zone *z;

	lock(&pg.lk);
	z = allocated(pa, 0, "pageput");
	r = refof(z, pa);
	if(r->ref <= r->pin){
		unlock(&pg.lk);
		panic("pageput: %#llux: %ud references, %ud pins", (uvlong)pa, r->ref, r->pin);
	}
	if(--r->ref == 0)
		freeblock(z, pa, 0);
	unlock(&pg.lk);
}

/* owners of page pa that are not pins: more than one means copy before writing */
int
pageusers(uintptr pa)
{
	Pgref *r;
	int n;

	lock(&pg.lk);
	r = pgref(pa, "pageusers");
	n = r->ref - r->pin;
	unlock(&pg.lk);
	return n;
}

/* is page pa held by one owner alone: no sharer, no pin (segflip) */
int
pagesole(uintptr pa)
{
	int sole;

	lock(&pg.lk);
	sole = pgref(pa, "pagesole")->ref == 1;
	unlock(&pg.lk);
	return sole;
}

/* a device's reference to page pa (segpin), dropped by pageunpin */
void
pagepin(uintptr pa)
{
	Pgref *r;

	lock(&pg.lk);
	r = pgref(pa, "pagepin");
	r->ref++;
	r->pin++;
	unlock(&pg.lk);
}

void
pageunpin(uintptr pa)
{
	Pgref *r;
	Zone *z;

	lock(&pg.lk);
	z = allocated(pa, 0, "pageunpin");
	r = refof(z, pa);
	if(r->pin == 0){
		unlock(&pg.lk);
		panic("pageunpin: %#llux is not pinned", (uvlong)pa);
	}
	r->pin--;
	if(--r->ref == 0)
		freeblock(z, pa, 0);
	unlock(&pg.lk);
}

/*
 * The allocated block containing pa: its first page is returned and
 * its order stored in *orderp.  0 if pa is free or not managed.
 * The answer is only stable while the caller owns the block.
 */
uintptr
pageblock(uintptr pa, int *orderp)
{
	uintptr head;
	uchar st;
	Zone *z;
	int o;

	lock(&pg.lk);
	z = zonefor(pa);
	for(o = 0; z != nil && o <= MAXORDER; o++){
		head = pa & ~(blocksize(o)-1);
		if(head < z->base)
			break;
		st = *stateof(z, head);
		if((st & ~Pmore) == (Palloc|o)){
			unlock(&pg.lk);
			if(orderp != nil)
				*orderp = o;
			return head;
		}
		if(st & Pfree)
			break;
	}
	unlock(&pg.lk);
	return 0;
}

usize
pagefreecount(void)
{
	usize n;

	lock(&pg.lk);
	n = pg.nfree;
	unlock(&pg.lk);
	return n;
}

usize
pagetotalcount(void)
{
	usize n;

	lock(&pg.lk);
	n = pg.ntotal;
	unlock(&pg.lk);
	return n;
}

/*
 * n contiguous pages (see Runs at the top); 0 if there are none.  The
 * first page is aligned to the largest power of two in n.
 */
uintptr
pagerunalloc(usize n)
{
	uintptr pa, off, last;
	usize size;
	int o, k;
	Zone *z;

	for(o = 0; o <= MAXORDER && ((usize)1 << o) < n; o++)
		;
	if(n == 0 || o > MAXORDER)
		return 0;
	pa = pagealloc(o);
	size = (usize)1 << o;
	if(pa == 0 || n == size)
		return pa;
	lock(&pg.lk);
	z = zonefor(pa);
	off = 0;
	last = pa;
	for(k = o-1; k >= 0; k--)
		if(n & ((usize)1 << k)){
			last = pa + off*BY2PG;
			*stateof(z, last) = Palloc|Pmore|k;
			refof(z, last)->ref = 1;
			off += (usize)1 << k;
		}
	*stateof(z, last) &= ~Pmore;
	unlock(&pg.lk);
	/* the tail goes back in aligned blocks: off's lowest bit each */
	for(off = n; off < size; off += (uintptr)1 << k){
		for(k = 0; (off & ((uintptr)1 << k)) == 0; k++)
			;
		lock(&pg.lk);
		*stateof(z, pa + off*BY2PG) = Palloc|k;
		refof(z, pa + off*BY2PG)->ref = 1;
		unlock(&pg.lk);
		pagefree(pa + off*BY2PG, k);
	}
	return pa;
}

/*
 * The order of the run's block at pa in *order, and the next block
 * of the run (0 after the last).  unmark clears Pmore, for pagefree.
 */
static uintptr
runnext(uintptr pa, int *order, int unmark)
{
	Zone *z;
	uchar *s;
	int more;

	lock(&pg.lk);
	z = zonefor(pa);
	s = z != nil ? stateof(z, pa) : nil;
	if(s == nil || (*s & Palloc) == 0){
		unlock(&pg.lk);
		panic("page run: %#llux is not an allocated block", (uvlong)pa);
	}
	*order = *s & Porder;
	more = *s & Pmore;
	if(unmark)
		*s &= ~Pmore;
	unlock(&pg.lk);
	return more ? pa + blocksize(*order) : 0;
}

/* pages in the run from pagerunalloc at pa */
usize
pagerunsize(uintptr pa)
{
	uintptr next;
	usize n;
	int o;

	for(n = 0; pa != 0; pa = next){
		next = runnext(pa, &o, 0);
		n += (usize)1 << o;
	}
	return n;
}

void
pagerunfree(uintptr pa)
{
	uintptr next;
	int o;

	for(; pa != 0; pa = next){
		next = runnext(pa, &o, 1);
		pagefree(pa, o);
	}
}
