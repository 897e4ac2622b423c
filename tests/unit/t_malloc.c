/*
 * Host test of kern/malloc.c on kern/page.c over a fake physical
 * memory (tests/unit/kshim).  The kernel's malloc, realloc and free
 * are renamed kmalloc, krealloc and kfree there; this file calls them
 * by their kernel names.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "kshim.h"
#include "test.h"

enum {
	Nlive	= 3000,
	Nmany	= 200000,
	Maxblock = 4<<20,	/* page.c's largest block */
};

typedef struct Blk Blk;
struct Blk {
	uchar	*p;
	usize	n;
	uchar	seed;
};

static Blk live[Nlive];
static int nlive;
static void *many[Nmany];
static u64int rng = 42;
static usize total;

static u64int
xrand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
fill(uchar *p, usize n, uchar seed)
{
	usize i;

	for(i = 0; i < n; i++)
		p[i] = seed + i*7 + (i>>8);
}

static int
filled(uchar *p, usize n, uchar seed)
{
	usize i;

	for(i = 0; i < n; i++)
		if(p[i] != (uchar)(seed + i*7 + (i>>8)))
			return 0;
	return 1;
}

static int
allzero(uchar *p, usize n)
{
	usize i;

	for(i = 0; i < n; i++)
		if(p[i] != 0)
			return 0;
	return 1;
}

/*
 * [p, p+n) is physically contiguous and allocated: inside one block,
 * or, starting a large allocation, inside its run of pages.
 */
static int
contiguous(void *p, usize n)
{
	int o1, o2;
	uintptr h;

	h = pageblock(PADDR(p), &o1);
	if(h != 0 && h == PADDR(p) && n >= BY2PG)
		return pagerunsize(h)*BY2PG >= n;
	return h != 0 && pageblock(PADDR(p) + n - 1, &o2) == h && o1 == o2;
}

static int
atbaseline(void)
{
	usize inuse, pages;

	heapstats(&inuse, &pages);
	return inuse == 0 && pages == 0 && pagefreecount() == total;
}

/* large allocations take the pages they need, no power of two */
static void
testruns(void)
{
	static usize sizes[] = { 128*1024+24, 5*BY2PG, 3*BY2PG+1, 1023*BY2PG };
	usize free0, pages, want;
	uchar *p, *q;
	int i, ok, exact;

	free0 = pagefreecount();
	ok = exact = 1;
	for(i = 0; i < nelem(sizes); i++){
		want = (sizes[i] + BY2PG-1)/BY2PG;
		p = malloc(sizes[i]);
		heapstats(nil, &pages);
		if(p == nil || pages != want || pagefreecount() != free0 - want || msize(p) != want*BY2PG)
			exact = 0;
		if(p != nil && !contiguous(p, sizes[i]))
			ok = 0;
		if(p != nil){
			fill(p, sizes[i], i);
			q = malloc(BY2PG);	/* from the tail given back, or anywhere: must not overlap */
			if(q == nil || (q >= p && q < p + want*BY2PG))
				ok = 0;
			if(q != nil)
				memset(q, 0, BY2PG);
			if(!filled(p, sizes[i], i))
				ok = 0;
			free(q);
		}
		free(p);
	}
	check("a large allocation holds just the pages it needs", exact);
	check("a run is contiguous and apart from later blocks", ok);
	check("runs back to baseline", atbaseline());
}

static void
testsizes(void)
{
	static usize sizes[] = {
		0, 1, 15, 16, 17, 31, 33, 100, 255, 256, 257, 511, 513,
		1000, 1024, 1025, 2047, 2048, 2049, 3000, 4095, 4096, 4097,
		8191, 8193, 65536, 100000, 1<<20, Maxblock,
	};
	int i, ok, aligned, pagealigned, zero, cont;
	usize n, inuse, sum, pages;
	uchar *p, *q;
	void *v[nelem(sizes)];

	ok = aligned = pagealigned = zero = cont = 1;
	sum = 0;
	for(i = 0; i < nelem(sizes); i++){
		n = sizes[i];
		p = malloc(n);
		v[i] = p;
		if(p == nil || msize(p) < n){
			ok = 0;
			continue;
		}
		sum += msize(p);
		if((uintptr)p % 16 != 0)
			aligned = 0;
		if(n >= BY2PG && (PADDR(p) % BY2PG != 0 || (uintptr)p % BY2PG != 0))
			pagealigned = 0;
		if(!contiguous(p, n ? n : 1))
			cont = 0;
		if(!allzero(p, n))
			zero = 0;
		fill(p, n, i);
	}
	check("malloc of each size", ok);
	check("16-byte aligned", aligned);
	check("page sizes page aligned", pagealigned);
	check("physically contiguous", cont);
	heapstats(&inuse, &pages);
	check("heapstats counts msize", inuse == sum && pages > 0);
	ok = 1;
	for(i = 0; i < nelem(sizes); i++)
		if(!filled(v[i], sizes[i], i))
			ok = 0;
	check("no block overwrote another", ok);
	for(i = 0; i < nelem(sizes); i++)
		free(v[i]);
	check("back to baseline", atbaseline());

	/* dirty memory comes back cleared from malloc and mallocz(n, 1) */
	for(i = 0; i < nelem(sizes); i++){
		n = sizes[i];
		p = mallocz(n, 0);
		memset(p, 0xEE, n);
		free(p);
		p = malloc(n);
		q = mallocz(n, 1);
		if(!allzero(p, n))
			zero = 0;
		memset(p, 0xEE, n);
		free(p);
		free(q);
		q = mallocz(n, 1);
		if(!allzero(q, n))
			zero = 0;
		free(q);
	}
	check("malloc and mallocz(n, 1) clear", zero);
	check("baseline after clearing test", atbaseline());
}

static void
testedges(void)
{
	uchar *p, *q;
	int ok;

	free(nil);
	check("free(nil), msize(nil)", msize(nil) == 0);
	check("huge sizes give nil", malloc(~(usize)0) == nil && malloc((usize)1<<40) == nil
		&& malloc(Maxblock+1) == nil && mallocz(~(usize)0 - 100, 1) == nil);

	p = realloc(nil, 10);
	fill(p, 10, 1);
	ok = p != nil;
	q = realloc(p, 100);
	ok = ok && q != nil && filled(q, 10, 1);
	fill(q, 100, 2);
	p = realloc(q, 3000);
	ok = ok && p != nil && filled(p, 100, 2) && (uintptr)p % BY2PG == 0;
	fill(p, 3000, 3);
	q = realloc(p, 20000);
	ok = ok && q != nil && filled(q, 3000, 3);
	fill(q, 20000, 4);
	p = realloc(q, 50);
	ok = ok && p != nil && filled(p, 50, 4) && msize(p) == 64;
	q = realloc(p, 60);
	ok = ok && q == p;
	check("realloc keeps contents across classes and sizes", ok);
	p = realloc(q, Maxblock+1);
	check("failed realloc gives nil and keeps the block", p == nil && filled(q, 50, 4));
	check("realloc(p, 0) frees", realloc(q, 0) == nil && atbaseline());
}

static usize
randsize(void)
{
	u64int r;

	r = xrand() % 100;
	if(r < 80)
		return xrand() % 2049;
	if(r < 98)
		return xrand() % 32768;
	return xrand() % (1<<20);
}

static void
sortlive(void)
{
	int gap, i, j;
	Blk t;

	for(gap = nlive/2; gap > 0; gap /= 2)
		for(i = gap; i < nlive; i++){
			t = live[i];
			for(j = i; j >= gap && live[j-gap].p > t.p; j -= gap)
				live[j] = live[j-gap];
			live[j] = t;
		}
}

static int
nooverlap(void)
{
	int i;

	sortlive();
	for(i = 1; i < nlive; i++)
		if(live[i-1].p + msize(live[i-1].p) > live[i].p)
			return 0;
	return 1;
}

static void
teststress(void)
{
	int step, i, ok, disjoint, counted, failed;
	usize n, sum, inuse;
	uchar *p;

	ok = disjoint = counted = 1;
	failed = 0;
	for(step = 0; step < 100000; step++){
		switch(xrand() % 3){
		case 0:
			if(nlive == Nlive)
				break;
			n = randsize();
			p = malloc(n);
			if(p == nil){
				failed++;
				break;
			}
			live[nlive].p = p;
			live[nlive].n = n;
			live[nlive].seed = step;
			fill(p, n, step);
			nlive++;
			break;
		case 1:
			if(nlive == 0)
				break;
			i = xrand() % nlive;
			if(!filled(live[i].p, live[i].n, live[i].seed))
				ok = 0;
			free(live[i].p);
			live[i] = live[--nlive];
			break;
		case 2:
			if(nlive == 0)
				break;
			i = xrand() % nlive;
			n = randsize();
			p = realloc(live[i].p, n ? n : 1);
			if(p == nil){
				failed++;
				break;
			}
			if(!filled(p, n < live[i].n ? n : live[i].n, live[i].seed))
				ok = 0;
			live[i].p = p;
			live[i].n = n;
			live[i].seed = step;
			fill(p, n, step);
			break;
		}
		if(step % 10000 == 0){
			if(!nooverlap())
				disjoint = 0;
			sum = 0;
			for(i = 0; i < nlive; i++)
				sum += msize(live[i].p);
			heapstats(&inuse, nil);
			if(inuse != sum)
				counted = 0;
		}
	}
	check("stress: no allocation failed", failed == 0);
	check("stress: contents intact", ok);
	check("stress: live blocks never overlap", disjoint && nooverlap());
	check("stress: heapstats matches", counted);
	for(i = 0; i < nlive; i++){
		if(!filled(live[i].p, live[i].n, live[i].seed))
			ok = 0;
		free(live[i].p);
	}
	nlive = 0;
	check("stress: contents intact at the end", ok);
	check("stress: back to baseline", atbaseline());
}

/* fill memory with one size until malloc says no; returns the count */
static int
exhaust(usize n, int start)
{
	int i;

	for(i = start; i < Nmany; i++){
		many[i] = malloc(n);
		if(many[i] == nil)
			break;
	}
	return i;
}

static void
testexhaust(void)
{
	int a, b, c, i;

	many[0] = malloc(16);		/* so a slab with room is left at the end */
	a = exhaust(1<<20, 1);
	b = exhaust(3000, a);
	c = exhaust(16, b);
	check("exhaustion ends in nil", a > 0 && b > a && c > b && c < Nmany);
	check("exhausted: nothing left", pagefreecount() == 0 && malloc(1) == nil
		&& mallocz(5000, 1) == nil && realloc(many[0], 2<<20) == nil);
	for(i = 0; i < c; i++)
		free(many[i]);
	check("after exhaustion back to baseline", atbaseline());
}

static void *victim;

static void
doublesmall(void)
{
	victim = malloc(40);
	free(victim);
	free(victim);
}

static void
doublelast(void)
{
	void *keep;

	keep = malloc(40);
	victim = malloc(40);
	free(victim);
	free(victim);		/* must panic here: keep holds the slab */
	USED(keep);
}

static void
doublebig(void)
{
	victim = malloc(10000);
	free(victim);
	free(victim);
}

static void
insidesmall(void)
{
	victim = malloc(100);
	free((uchar*)victim + 16);
}

static void
insidebig(void)
{
	victim = malloc(3*BY2PG);
	free((uchar*)victim + BY2PG);
}

static void
slabheader(void)
{
	victim = malloc(64);
	free((void*)((uintptr)victim & ~(uintptr)(BY2PG-1)));
}

static void
notheap(void)
{
	static char x[64];

	free(x);
}

static void
fine(void)
{
	free(malloc(100));
	free(malloc(10000));
}

static void
testpanics(void)
{
	check("control: correct frees do not panic", !kshimpanics(fine));
	check("small double free panics", kshimpanics(doublesmall));
	check("double free with the slab still live panics", kshimpanics(doublelast));
	check("large double free panics", kshimpanics(doublebig));
	check("free inside a small block panics", kshimpanics(insidesmall));
	check("free inside a large block panics", kshimpanics(insidebig));
	check("free of a slab header panics", kshimpanics(slabheader));
	check("free of a non-heap pointer panics", kshimpanics(notheap));
}

int
main(void)
{
	if(kshimmkarena(0x6000000) < 0){
		printf("FAIL cannot reserve the fake physical memory\n");
		return 1;
	}
	pageinit();
	pageaddrange(0x100000+5, 0x4100000);
	pageaddrange(0x5000000, 0x5800000-3);
	total = pagetotalcount();
	check("baseline", atbaseline() && total > 0);
	testsizes();
	testruns();
	testedges();
	teststress();
	testexhaust();
	teststress();
	testpanics();
	return testsummary(41);
}
