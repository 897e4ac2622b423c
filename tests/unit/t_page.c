/*
 * Host test of kern/page.c over a fake physical memory with holes,
 * part of it above 4GiB (tests/unit/kshim).
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
	Maxorder	= 10,		/* page.c promises at least this */
	Maxpages	= 20000,
	G		= 0x100000000ULL,
	Maxblock	= BY2PG<<Maxorder,
	Nbig		= 768,		/* Maxblocks in the big range, 3GiB */
	Junk		= 0xA7,
};

typedef struct Range Range;
struct Range {
	uintptr	base;
	uintptr	end;
};

/* as the multiboot map might give them: unaligned, with holes */
static Range ranges[] = {
	{ 0, 0x9fc00 },				/* page 0 must stay out */
	{ 0x100000+123, 0x3000000-77 },
	{ 0x3100000, 0x3102000 },		/* metadata + one page */
	{ G+0x5000, G+0x1000000+0x800 },
};
static uvlong arenasize = G+0x1002000;

static uintptr pages[Maxpages];
static u64int rng = 0x9E3779B97F4A7C15ULL;

static u64int
xrand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* bytes of metadata for npg pages: a state byte each, then 8 bytes of references, aligned */
static uintptr
metasize(uintptr npg)
{
	return ((npg + 7) & ~(uintptr)7) + 8*npg;
}

static usize
expectedtotal(void)
{
	uintptr b, e, n;
	usize t;
	int i;

	t = 0;
	for(i = 0; i < nelem(ranges); i++){
		b = ranges[i].base < BY2PG ? BY2PG : ranges[i].base;
		b = (b + BY2PG-1) & ~(uintptr)(BY2PG-1);
		e = ranges[i].end & ~(uintptr)(BY2PG-1);
		n = (e - b) / BY2PG;
		t += n - (metasize(n) + BY2PG-1)/BY2PG;
	}
	return t;
}

static void
addranges(void)
{
	int i;

	for(i = 0; i < nelem(ranges); i++)
		pageaddrange(ranges[i].base, ranges[i].end);
}

static int
inranges(uintptr pa, uintptr len)
{
	int i;

	for(i = 0; i < nelem(ranges); i++)
		if(pa >= ranges[i].base && pa + len <= ranges[i].end)
			return 1;
	return 0;
}

static u64int
tag(uintptr pa)
{
	return pa * 0x100000001B3ULL ^ 0xA5A5;
}

/* mark every page of a block with its own address */
static void
stamp(uintptr pa, int order)
{
	uintptr p;

	for(p = pa; p < pa + ((uintptr)BY2PG << order); p += BY2PG){
		*(u64int*)KADDR(p) = tag(p);
		*(u64int*)KADDR(p + BY2PG - 8) = ~tag(p);
	}
}

static int
stamped(uintptr pa, int order)
{
	uintptr p;

	for(p = pa; p < pa + ((uintptr)BY2PG << order); p += BY2PG)
		if(*(u64int*)KADDR(p) != tag(p) || *(u64int*)KADDR(p + BY2PG - 8) != ~tag(p))
			return 0;
	return 1;
}

static void
sortpa(uintptr *a, int n)
{
	int i, j;
	uintptr t;

	/* shell sort: n is a few thousand */
	for(int gap = n/2; gap > 0; gap /= 2)
		for(i = gap; i < n; i++){
			t = a[i];
			for(j = i; j >= gap && a[j-gap] > t; j -= gap)
				a[j] = a[j-gap];
			a[j] = t;
		}
}

static void
shuffle(uintptr *a, int n)
{
	int i, j;
	uintptr t;

	for(i = n-1; i > 0; i--){
		j = xrand() % (i+1);
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/* how many blocks of the given order can be had at once */
static int
countblocks(int order)
{
	int n, i;

	for(n = 0; n < Maxpages; n++){
		pages[n] = pagealloc(order);
		if(pages[n] == 0)
			break;
	}
	for(i = 0; i < n; i++)
		pagefree(pages[i], order);
	return n;
}

static int
allbytes(uintptr pa, uintptr len, uchar c)
{
	uchar *p;

	for(p = KADDR(pa); p < (uchar*)KADDR(pa + len); p++)
		if(*p != c)
			return 0;
	return 1;
}

static void
testranges(void)
{
	usize total;
	uintptr inner, innerend;

	pageinit();
	check("empty allocator gives 0", pagealloc(0) == 0 && pagetotalcount() == 0);
	/* the whole Maxblocks of the range above 4GiB */
	inner = G + Maxblock;
	innerend = G + 4*Maxblock;
	memset(KADDR(inner), Junk, innerend - inner);
	addranges();
	check("adding ranges leaves their whole Maxblocks unwritten",
		allbytes(inner, innerend - inner, Junk));
	check("unwritten Maxblocks are free", pageblock(inner, nil) == 0 && pageblock(innerend-1, nil) == 0);
	total = pagetotalcount();
	check("total counts the ranges less metadata", total == expectedtotal());
	check("all free at first", pagefreecount() == total);

	pageaddrange(0x2000000, 0x2100000);
	pageaddrange(ranges[3].base - 0x100000, ranges[3].base + 0x1000);
	check("overlapping ranges ignored", pagetotalcount() == total);
	pageaddrange(0x5000, 0x5000);
	pageaddrange(0x9000, 0x4000);
	pageaddrange(0x40000000, 0x40000fff);
	pageaddrange(0x40000000, 0x40001000);		/* only room for metadata */
	pageaddrange(~(uintptr)0 - 10, ~(uintptr)0);
	check("empty, inverted and tiny ranges ignored", pagetotalcount() == total);
}

static void
testexhaust(void)
{
	usize total;
	int n, i, o, ok, dup;
	int nmax;

	total = pagetotalcount();
	nmax = countblocks(Maxorder);
	check("largest blocks exist", nmax > 0);

	for(n = 0; n < Maxpages; n++){
		pages[n] = pagealloc1();
		if(pages[n] == 0)
			break;
	}
	check("every page can be allocated", n == total && pagefreecount() == 0);
	ok = 1;
	for(o = 0; o <= Maxorder; o++)
		if(pagealloc(o) != 0)
			ok = 0;
	check("exhausted: pagealloc gives 0 at every order", ok);

	ok = 1;
	for(i = 0; i < n; i++){
		if(pages[i] == 0 || pages[i] % BY2PG != 0 || !inranges(pages[i], BY2PG))
			ok = 0;
		stamp(pages[i], 0);
	}
	check("pages are aligned, nonzero and inside the ranges", ok);
	shuffle(pages, n);
	ok = 1;
	for(i = 0; i < n; i++)
		if(!stamped(pages[i], 0))
			ok = 0;
	check("no page handed out twice, metadata untouched", ok);
	sortpa(pages, n);
	dup = 0;
	for(i = 1; i < n; i++)
		if(pages[i] == pages[i-1])
			dup++;
	check("pages distinct", dup == 0);

	shuffle(pages, n);
	for(i = 0; i < n; i++)
		pagefree1(pages[i]);
	check("all free again", pagefreecount() == total);
	check("buddies merged back to the largest order", countblocks(Maxorder) == nmax);
}

static void
testalign(void)
{
	uintptr pa, head;
	int o, ok, got;

	ok = 1;
	for(o = 0; o <= Maxorder; o++){
		pa = pagealloc(o);
		if(pa == 0 || pa % ((uintptr)BY2PG << o) != 0 || !inranges(pa, (uintptr)BY2PG << o))
			ok = 0;
		head = pageblock(pa + ((uintptr)BY2PG << o) - 1, &got);
		if(head != pa || got != o)
			ok = 0;
		pagefree(pa, o);
		if(pageblock(pa, &got) != 0)
			ok = 0;
	}
	check("every order naturally aligned, pageblock finds it", ok);
	check("order out of range gives 0", pagealloc(-1) == 0 && pagealloc(Maxorder+1) == 0);
	check("pageblock of a hole is 0", pageblock(0x80000000, nil) == 0 && pageblock(0, nil) == 0);
}

typedef struct Live Live;
struct Live {
	uintptr	pa;
	int	order;
};
static Live live[2000];

static void
teststress(void)
{
	usize total, held;
	int nlive, i, step, o, ok, consistent, nmax;
	uintptr pa;

	total = pagetotalcount();
	nmax = countblocks(Maxorder);
	nlive = 0;
	held = 0;
	ok = 1;
	consistent = 1;
	for(step = 0; step < 100000; step++){
		if(nlive < nelem(live) && xrand()%5 < 3){
			o = __builtin_ctzll(xrand() | 1ULL<<Maxorder);	/* mostly small */
			pa = pagealloc(o);
			if(pa == 0)
				continue;
			if(pa % ((uintptr)BY2PG << o) != 0)
				ok = 0;
			stamp(pa, o);
			live[nlive].pa = pa;
			live[nlive].order = o;
			nlive++;
			held += (usize)1 << o;
		}else if(nlive > 0){
			i = xrand() % nlive;
			if(!stamped(live[i].pa, live[i].order))
				ok = 0;
			pagefree(live[i].pa, live[i].order);
			held -= (usize)1 << live[i].order;
			live[i] = live[--nlive];
		}
		if(step % 1000 == 0 && pagefreecount() + held != total)
			consistent = 0;
	}
	check("stress: blocks aligned and never overlapping", ok);
	check("stress: free + held == total", consistent);
	for(i = 0; i < nlive; i++){
		if(!stamped(live[i].pa, live[i].order))
			ok = 0;
		pagefree(live[i].pa, live[i].order);
	}
	check("stress: contents intact at the end", ok);
	check("stress: everything free again", pagefreecount() == total);
	check("stress: merged back", countblocks(Maxorder) == nmax);
}

/* bodies for kshimpanics: each must panic */
static uintptr victim;

static void
doublefree(void)
{
	victim = pagealloc(2);
	pagefree(victim, 2);
	pagefree(victim, 2);
}

static void
wrongorder(void)
{
	victim = pagealloc(2);
	pagefree(victim, 1);
}

static void
interior(void)
{
	victim = pagealloc(2);
	pagefree(victim + BY2PG, 0);
}

static void
misaligned(void)
{
	victim = pagealloc(1);
	pagefree(victim + 8, 1);
}

static void
hole(void)
{
	pagefree(0x80000000, 0);
}

static void
pagezero(void)
{
	pagefree(0, 0);
}

static void
metadata(void)
{
	pagefree(0x101000, 0);		/* state array of the second range */
}

static void
badorder(void)
{
	pagefree(pagealloc(0), Maxorder+1);
}

static void
mergedfree(void)
{
	while(pagealloc(0) != 0)
		;
	/* two buddies: once merged, the upper one heads nothing */
	pagefree(0x200000, 0);
	pagefree(0x201000, 0);
	if(pageblock(0x201000, nil) != 0)
		return;
	pagefree(0x201000, 0);
}

static void
fine(void)
{
	pagefree(pagealloc(3), 3);
}

static void
testpanics(void)
{
	check("control: a correct free does not panic", !kshimpanics(fine));
	check("double free panics", kshimpanics(doublefree));
	check("double free after merge panics", kshimpanics(mergedfree));
	check("wrong order panics", kshimpanics(wrongorder));
	check("free inside a block panics", kshimpanics(interior));
	check("misaligned free panics", kshimpanics(misaligned));
	check("free in a hole panics", kshimpanics(hole));
	check("free of page 0 panics", kshimpanics(pagezero));
	check("free of metadata panics", kshimpanics(metadata));
	check("order out of range panics", kshimpanics(badorder));
}

/*
 * A range whose metadata ends on a Maxblock boundary and that ends
 * on one too: nothing of it but the state array needs writing (the
 * references are written as pages are handed out).
 */
static uintptr bigbase, bigfirst, bigend;

static void
bigrange(void)
{
	uintptr data, nmeta, need;

	bigfirst = 0x20000000;			/* in the hole below 4GiB */
	bigend = bigfirst + (uintptr)Nbig*Maxblock;
	data = (bigend - bigfirst) / BY2PG;
	nmeta = 0;
	for(;;){
		need = (metasize(nmeta + data) + BY2PG-1) / BY2PG;
		if(need == nmeta)
			break;
		nmeta = need;
	}
	bigbase = bigfirst - nmeta*BY2PG;
}

static void
addbigsealed(void)
{
	pageinit();
	if(kshimaccess(bigfirst, bigend - bigfirst, 0) != 0)
		exit(1);
	pageaddrange(bigbase, bigend);
	if(kshimaccess(bigfirst, bigend - bigfirst, 1) != 0)
		exit(1);
}

static void
freeuntouched(void)
{
	pageinit();
	pageaddrange(bigbase, bigend);
	pagefree(bigfirst + Maxblock, Maxorder);
}

static void
freeinuntouched(void)
{
	pageinit();
	pageaddrange(bigbase, bigend);
	pagefree(bigfirst + Maxblock + BY2PG, 0);
}

static void
testuntouched(void)
{
	usize total;
	uintptr pa;

	bigrange();
	check("pageaddrange of 3GiB writes nothing but its state array",
		kshimreturns(addbigsealed));
	pageinit();
	pageaddrange(bigbase, bigend);
	total = pagetotalcount();
	check("untouched memory counted exactly",
		total == (usize)Nbig << Maxorder && pagefreecount() == total);
	check("untouched memory is free", pageblock(bigfirst + BY2PG, nil) == 0
		&& pageblock(bigend - 1, nil) == 0);
	check("free of an untouched block panics", kshimpanics(freeuntouched));
	check("free inside an untouched block panics", kshimpanics(freeinuntouched));
	pa = pagealloc(0);
	check("first allocation splits the lowest untouched block",
		pa == bigfirst && pagefreecount() == total - 1);
	check("the other untouched blocks come whole", countblocks(Maxorder) == Nbig-1);
	pagefree(pa, 0);
	check("the split block merges back", pagefreecount() == total
		&& countblocks(Maxorder) == Nbig);
}

static uintptr refpa;

static void
putonce(void)
{
	pageput(refpa);
}

static void
putpastzero(void)
{
	pageput(refpa);
	pageput(refpa);
}

static void
freeshared(void)
{
	pageincref(refpa);
	pagefree1(refpa);
}

static void
unpinunpinned(void)
{
	pageunpin(refpa);
}

/* references (copy-on-write sharers) and pins */
static void
testrefs(void)
{
	usize total;

	total = pagefreecount();
	refpa = pagealloc1();
	check("a new page has one user", refpa != 0 && pageusers(refpa) == 1);
	pageincref(refpa);
	check("incref adds a user", pageusers(refpa) == 2);
	pageput(refpa);
	check("pageput of a shared page keeps it", pageusers(refpa) == 1 && pagefreecount() == total-1);
	check("pageshare of an unpinned page shares it", pageshare(refpa) && pageusers(refpa) == 2);
	pageput(refpa);
	pagepin(refpa);
	check("a pin is not a user", pageusers(refpa) == 1);
	check("pageshare refuses a pinned page", !pageshare(refpa) && pageusers(refpa) == 1);
	pageput(refpa);
	check("the pin keeps the page when its user goes", pagefreecount() == total-1
		&& pageblock(refpa, nil) == refpa);
	pageunpin(refpa);
	check("the last unpin frees it", pagefreecount() == total && pageblock(refpa, nil) == 0);
	refpa = pagealloc1();
	check("a freed page comes back with one user", refpa != 0 && pageusers(refpa) == 1);
	check("pageput past the last panics", kshimreturns(putonce) && kshimpanics(putpastzero));
	pageinit();
	addranges();
	refpa = pagealloc1();
	check("pagefree of a shared page panics", kshimpanics(freeshared));
	check("unpin of an unpinned page panics", kshimpanics(unpinunpinned));
	pageinit();
	addranges();
}

static void
testreset(void)
{
	pageinit();
	check("pageinit forgets everything", pagetotalcount() == 0 && pagefreecount() == 0 && pagealloc(0) == 0);
	/* the same ranges again, in another order, work as before */
	pageaddrange(ranges[3].base, ranges[3].end);
	pageaddrange(ranges[1].base, ranges[1].end);
	pageaddrange(ranges[0].base, ranges[0].end);
	pageaddrange(ranges[2].base, ranges[2].end);
	check("ranges in any order", pagetotalcount() == expectedtotal());
}

int
main(void)
{
	if(kshimmkarena(arenasize) < 0){
		printf("FAIL cannot reserve the fake physical memory\n");
		return 1;
	}
	testranges();
	testexhaust();
	testalign();
	teststress();
	testpanics();
	testreset();
	testexhaust();
	testrefs();
	testuntouched();
	return testsummary(63);
}
