/*
 * User address spaces.
 *
 * Each user process has its own PML4: the lower half (entries
 * 0-255) maps its segments, the upper half is the kernel's
 * (mmu.c: kernpml4), shared by reference.  A Segment owns its
 * physical pages; page tables only cache them and are filled on
 * demand by fault().  Text is read-only (and shared by fork), data
 * and stack are writable and not executable when the cpu has NX.
 *
 * System calls check user addresses against the segments
 * (okaddr/validaddr) and fault the pages in before the kernel
 * touches them, so a bad pointer becomes error(Ebadaddr), never a
 * kernel page fault.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

enum {
	Maxname		= 4096,		/* longest user string validnamedup accepts */
	Maxdata		= 1<<30,	/* largest data segment (brk) */
};

/*
 * Segments.
 */
Segment*
newseg(int type, uintptr base, uintptr top)
{
	Segment *s;

	if(base & (BY2PG-1) || top & (BY2PG-1) || top < base)
		panic("newseg: %#p-%#p", base, top);
	s = malloc(sizeof *s);
	if(s == nil)
		error(Enomem);
	s->ref.ref = 1;
	s->type = type;
	s->base = base;
	s->top = top;
	s->npages = (top - base) / BY2PG;
	s->pages = malloc((s->npages ? s->npages : 1) * sizeof(uintptr));
	if(s->pages == nil){
		free(s);
		error(Enomem);
	}
	return s;
}

void
putseg(Segment *s)
{
	usize i;

	if(s == nil || decref(&s->ref) > 0)
		return;
	for(i = 0; i < s->npages; i++)
		if(s->pages[i] != 0)
			pagefree1(s->pages[i]);
	free(s->pages);
	free(s);
}

/* a zeroed page for s at index i; s->lk held or s private.  0 if out of memory */
static uintptr
segpage(Segment *s, usize i)
{
	uintptr pa;

	if(s->pages[i] != 0)
		return s->pages[i];
	pa = pagealloc1();
	if(pa == 0)
		return 0;
	memset(KADDR(pa), 0, BY2PG);
	s->pages[i] = pa;
	return pa;
}

/*
 * Copy n bytes from the kernel into a segment that is not yet in
 * use (exec), allocating its pages.
 */
void
segwrite(Segment *s, uintptr va, void *a, usize n)
{
	uintptr pa;
	usize m, o;
	uchar *p;

	p = a;
	while(n > 0){
		if(va < s->base || va >= s->top)
			panic("segwrite %#p outside %#p-%#p", va, s->base, s->top);
		pa = segpage(s, (va - s->base)/BY2PG);
		if(pa == 0)
			error(Enomem);
		o = va & (BY2PG-1);
		m = BY2PG - o;
		if(m > n)
			m = n;
		memmove((uchar*)KADDR(pa) + o, p, m);
		p += m;
		va += m;
		n -= m;
	}
}

/* the kernel address of the byte at va of a segment being built (exec) */
void*
segkaddr(Segment *s, uintptr va)
{
	uintptr pa;

	pa = segpage(s, (va - s->base)/BY2PG);
	if(pa == 0)
		error(Enomem);
	return (uchar*)KADDR(pa) + (va & (BY2PG-1));
}

/*
 * For fork: text (and anything shared) by reference; data and
 * stack are copied eagerly, page by page.  (Copy-on-write would
 * make fork cheaper; eager copying keeps fault() simple.)
 */
Segment*
dupseg(Segment *s, int share)
{
	Segment *n;
	usize i;
	uintptr pa;

	if(s == nil)
		return nil;
	if(share || s->type == SG_TEXT || s->type == SG_SHARED){
		incref(&s->ref);
		return s;
	}
	n = newseg(s->type, s->base, s->top);
	n->fstart = s->fstart;
	n->flen = s->flen;
	qlock(&s->lk);
	for(i = 0; i < n->npages && i < s->npages; i++){
		if(s->pages[i] == 0)
			continue;
		pa = pagealloc1();
		if(pa == 0){
			qunlock(&s->lk);
			putseg(n);
			error(Enomem);
		}
		memmove(KADDR(pa), KADDR(s->pages[i]), BY2PG);
		n->pages[i] = pa;
	}
	qunlock(&s->lk);
	return n;
}

/* the segment of p holding addr, or nil */
Segment*
seg(Proc *p, uintptr addr, int dolock)
{
	Segment *s;
	int i;

	USED(dolock);
	for(i = 0; i < NSEG; i++){
		s = p->seg[i];
		if(s != nil && addr >= s->base && addr < s->top)
			return s;
	}
	return nil;
}

static int
readonly(Segment *s)
{
	return s->type == SG_TEXT || (s->type & SG_RONLY) != 0;
}

/*
 * Make the page holding addr present in up's page tables: from
 * the segment's page, or a new zeroed one for data, bss, heap and
 * stack.  -1 if addr is in no segment, or the access is not allowed.
 */
int
fault(uintptr addr, int write, int user)
{
	Segment *s;
	uintptr va, pa;
	usize i;
	int existed;

	USED(user);
	if(up == nil || up->pml4 == nil)
		return -1;
	s = seg(up, addr, 1);
	if(s == nil || (write && readonly(s)))
		return -1;
	va = addr & ~(uintptr)(BY2PG-1);
	i = (va - s->base)/BY2PG;
	qlock(&s->lk);
	existed = s->pages[i] != 0;
	if(readonly(s))
		pa = s->pages[i];	/* text: loaded by exec */
	else
		pa = segpage(s, i);
	qunlock(&s->lk);
	if(pa == 0)
		return -1;
	machp()->pfault++;
	if(existed)
		machp()->tlbfault++;	/* the page was there: only its mapping was not */
	return putmmu(va, pa, !readonly(s));	/* text is executable, read-only */
}

/*
 * Does [addr, addr+len) lie within up's segments (writable ones if
 * write)?  An empty range is always acceptable.
 */
int
okaddr(uintptr addr, usize len, int write)
{
	Segment *s;
	uintptr end;

	if(len == 0)
		return 1;
	if(up == nil)
		return 0;
	end = addr + len;
	if(end < addr)
		return 0;
	while(addr < end){
		s = seg(up, addr, 0);
		if(s == nil || (write && readonly(s)))
			return 0;
		addr = s->top;
	}
	return 1;
}

/* check a user range and fault it in; error(Ebadaddr) if it is bad */
void
validaddr(uintptr addr, usize len, int write)
{
	uintptr va, end;

	if(!okaddr(addr, len, write))
		error(Ebadaddr);
	if(len == 0)
		return;
	end = addr + len;
	for(va = addr & ~(uintptr)(BY2PG-1); va < end; va += BY2PG)
		if(!mmumapped(va, write) && fault(va, write, 0) < 0)
			error(Enovmem);
}

void
copyin(void *dst, uintptr usrc, usize n)
{
	validaddr(usrc, n, 0);
	memmove(dst, (void*)usrc, n);
}

void
copyout(uintptr udst, void *src, usize n)
{
	validaddr(udst, n, 1);
	memmove((void*)udst, src, n);
}

/*
 * The first c in the user bytes [s, s+n), checked a page at a
 * time so a string may end just before a segment does; nil if
 * there is none.
 */
void*
vmemchr(void *s, int c, usize n)
{
	uintptr a;
	usize m;
	void *t;

	a = (uintptr)s;
	while(n > 0){
		m = BY2PG - (a & (BY2PG-1));
		if(m > n)
			m = n;
		validaddr(a, m, 0);
		t = memchr((void*)a, c, m);
		if(t != nil)
			return t;
		a += m;
		n -= m;
	}
	return nil;
}

/* a character Plan 9 does not allow in a file name */
static int
isfrog(int c, int slashok)
{
	if(c == '/')
		return !slashok;
	return c < ' ' || c == 0x7F;
}

/*
 * A kernel copy of the user string at uaddr, at most Maxname
 * bytes, checked to be valid UTF-8 without control characters
 * (nor '/' unless slashok).  The caller frees it.
 */
char*
validnamedup(char *uaddr, int slashok)
{
	char *e, *s, *p;
	usize n;
	Rune r;

	e = vmemchr(uaddr, 0, Maxname);
	if(e == nil)
		error(Efilename);
	n = e - uaddr;
	s = malloc(n+1);
	if(s == nil)
		error(Enomem);
	memmove(s, uaddr, n);
	s[n] = '\0';
	for(p = s; *p != '\0'; ){
		if((uchar)*p < Runeself){
			if(isfrog(*p, slashok)){
				free(s);
				error(Ebadchar);
			}
			p++;
			continue;
		}
		p += chartorune(&r, p);
		if(r == Runeerror){
			free(s);
			error(Ebadchar);
		}
	}
	return s;
}

/* could [base, top) be added to up's address space without overlap, except segment x */
static int
fits(uintptr base, uintptr top, Segment *x)
{
	Segment *s;
	int i;

	if(base < UTZERO || top > USTKTOP || top < base)
		return 0;
	for(i = 0; i < NSEG; i++){
		s = up->seg[i];
		if(s != nil && s != x && base < s->top && top > s->base)
			return 0;
	}
	return 1;
}

/*
 * Move the end of segment segno to addr (rounded up to a page):
 * brk.  Shrinking frees the pages beyond it.
 */
long
ibrk(uintptr addr, int segno)
{
	Segment *s;
	uintptr top, *pages;
	usize n, i;

	if(segno < 0 || segno >= NSEG || (s = up->seg[segno]) == nil)
		error(Ebadarg);
	if(readonly(s))
		error(Eperm);
	top = PGROUND(addr);
	if(addr < s->base || top < addr)
		error(Ebadarg);
	if(top - s->base > Maxdata || !fits(s->base, top, s))
		error(Enovmem);
	n = (top - s->base) / BY2PG;
	qlock(&s->lk);
	if(n > s->npages){
		pages = realloc(s->pages, n * sizeof(uintptr));
		if(pages == nil){
			qunlock(&s->lk);
			error(Enovmem);
		}
		memset(pages + s->npages, 0, (n - s->npages) * sizeof(uintptr));
		s->pages = pages;
		s->npages = n;
	}else{
		for(i = n; i < s->npages; i++)
			if(s->pages[i] != 0){
				mmuunmap(s->base + i*BY2PG);
				pagefree1(s->pages[i]);
				s->pages[i] = 0;
			}
	}
	s->top = top;
	qunlock(&s->lk);
	return 0;
}

/*
 * Zero copy.  segpin lets a device move the user bytes [va, va+n)
 * itself, by physical address, with nothing copied through the
 * kernel: it faults the pages in (writable ones if write: the
 * device will write into them) and records the physical page under
 * each.  The pages are the segment's; the reference segpin takes on
 * the segment keeps them allocated, whatever happens to the process,
 * until segunpin.  So a process killed while a device still fills
 * its buffer leaves the pages to the device, not to the free list.
 * Only one segment: -1 (nothing pinned) if the range is not inside
 * one, or for memory to list the pages; the caller copies instead.
 * (Nothing here moves a page a segment already has: that would break
 * the pin.  Copy-on-write must give a pinned page a copy, not take it.)
 */
int
segpin(uintptr va, usize n, int write, Zbuf *z)
{
	Segment *s;
	uintptr a, end;
	int i;

	memset(z, 0, sizeof *z);
	s = seg(up, va, 0);
	end = va + n;
	if(s == nil || n == 0 || end < va || end > s->top || (write && readonly(s)))
		return -1;
	validaddr(va, n, write);
	z->npa = ((end + BY2PG-1)/BY2PG) - va/BY2PG;
	z->pa = malloc(z->npa * sizeof *z->pa);
	if(z->pa == nil)
		return -1;
	qlock(&s->lk);
	for(i = 0, a = va & ~(uintptr)(BY2PG-1); i < z->npa; i++, a += BY2PG){
		z->pa[i] = s->pages[(a - s->base)/BY2PG];
		if(z->pa[i] == 0){
			qunlock(&s->lk);
			free(z->pa);
			memset(z, 0, sizeof *z);
			return -1;
		}
	}
	incref(&s->ref);
	qunlock(&s->lk);
	z->seg = s;
	z->off = va & (BY2PG-1);
	z->n = n;
	return 0;
}

void
segunpin(Zbuf *z)
{
	if(z->seg == nil)
		return;
	putseg(z->seg);
	free(z->pa);
	memset(z, 0, sizeof *z);
}

/* the kernel address of byte off of z's buffer, and how many follow in its page */
static uchar*
zaddr(Zbuf *z, usize off, usize *left)
{
	usize o;

	o = z->off + off;
	*left = BY2PG - o%BY2PG;
	return (uchar*)KADDR(z->pa[o/BY2PG]) + o%BY2PG;
}

/* move n bytes between a and z's pinned buffer at off, into z if in; from any process */
static void
zmove(Zbuf *z, usize off, uchar *a, usize n, int in)
{
	uchar *p;
	usize m;

	if(off > z->n || n > z->n - off)
		panic("zmove: %llud+%llud past %llud", (uvlong)off, (uvlong)n, (uvlong)z->n);
	while(n > 0){
		p = zaddr(z, off, &m);
		if(m > n)
			m = n;
		if(in)
			memmove(p, a, m);
		else
			memmove(a, p, m);
		a += m;
		off += m;
		n -= m;
	}
}

void
zgather(Zbuf *z, usize off, void *a, usize n)
{
	zmove(z, off, a, n, 0);
}

void
zscatter(Zbuf *z, usize off, void *a, usize n)
{
	zmove(z, off, a, n, 1);
}
