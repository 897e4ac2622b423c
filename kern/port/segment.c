/*
 * User address spaces.
 *
 * Each user process has its own PML4: the lower half (entries
 * 0-255) maps its segments, the upper half is the kernel's
 * (mmu.c: kernpml4), shared by reference.  A Segment holds a
 * reference to each of its physical pages (page.c); page tables only
 * cache them and are filled on demand by fault().  Text is read-only
 * (and shared by fork), data and stack are writable and not
 * executable when the cpu has NX.
 *
 * Copy on write.  fork gives the child's data and stack segments the
 * parent's pages, one more reference each, and drops the parent's
 * mappings so both see the pages read-only.  A write fault on a page
 * that another segment also holds copies it into a page of the
 * faulting segment's own; a page whose other owners have gone (one
 * user left) is taken over without a copy.  Pins (segpin) are not
 * users: a pinned page is never handed to a fork's child (it gets a
 * copy, since a device may still write into the page) and a write
 * while pinned copies only if a segment other than the pin's shares
 * the page.  Segment.lk serialises everything that reads or changes
 * a page slot, including the mapping fault() makes, so a page can not
 * be replaced between being looked up and being mapped.  When a slot
 * of a segment that several processes use (RFMEM) changes, the others
 * drop their mappings first (procflushseg, with a TLB shootdown).
 *
 * Demand paging.  exec reads only a binary's headers: its text and
 * data segments keep a reference to an Image, the binary's Chan and
 * where in the file each loadable piece lies, and fault() reads a
 * page from the file the first time it is touched (pagein), zeroing
 * what the file does not cover (bss, the tail of the last data page).
 * The read runs without Segment.lk, so a slow or dead server holds up
 * only the faulting process, which a note can still interrupt; if
 * another process sharing the segment filled the slot meanwhile, its
 * page is used and the one just read goes back (as in Plan 9: both may
 * read, neither leaks).  A read that fails kills the faulting process
 * with a message naming the binary (pageinerror).  A page given back
 * (segfree, brk) is read again from the file when next touched.
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
	Maxdata		= 1<<30,	/* largest segment: brk, segbrk, segattach */
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

static int	cacheput(Segment*);

/*
 * Images.  The last reference may go where closing a Chan is not
 * safe: a device dropping a pin (segunpin) may be the reader of the
 * very mount the binary came from, and a Tclunk would wait for
 * itself.  Such an image waits on a list that the next exec or exit
 * closes (imageclose), in process context with nothing held.
 */
static struct {
	Lock	lk;
	Image	*head;
} closing;

static u64int npagein;		/* pages read from binaries by faults */
static u64int nflip;		/* pages segflip traded */

Image*
newimage(Chan *c)
{
	Image *im;

	im = malloc(sizeof *im);
	if(im == nil)
		error(Enomem);
	im->ref.ref = 1;
	incref(&c->ref);
	im->c = c;
	return im;
}

static void
freeimage(Image *im)
{
	cclose(im->c);
	free(im);
}

void
putimage(Image *im, int queued)
{
	if(im == nil || decref(&im->ref) > 0)
		return;
	if(!queued){
		freeimage(im);
		return;
	}
	lock(&closing.lk);
	im->next = closing.head;
	closing.head = im;
	unlock(&closing.lk);
}

/* close the images whose last reference went where it could not */
void
imageclose(void)
{
	Image *im;

	for(;;){
		lock(&closing.lk);
		im = closing.head;
		if(im != nil)
			closing.head = im->next;
		unlock(&closing.lk);
		if(im == nil)
			return;
		freeimage(im);
	}
}

u64int
pageincount(void)
{
	return __atomic_load_n(&npagein, __ATOMIC_RELAXED);
}

u64int
flipcount(void)
{
	return __atomic_load_n(&nflip, __ATOMIC_RELAXED);
}

static void
segput(Segment *s, int queued)
{
	usize i;

	if(s == nil || cacheput(s) || decref(&s->ref) > 0)
		return;
	for(i = 0; i < s->npages; i++)
		if(s->pages[i] != 0)
			pageput(s->pages[i]);
	putimage(s->image, queued);
	free(s->pages);
	free(s);
}

void
putseg(Segment *s)
{
	segput(s, 0);
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

/*
 * For fork: text (and anything shared, and with share, RFMEM, all
 * but the stack) by reference; data and stack copy-on-write, sharing
 * every page but pinned ones.  The caller drops the mappings of s
 * (mmuflush, procflushseg) before the child runs, so no one writes
 * the shared pages in place.
 */
Segment*
dupseg(Segment *s, int share)
{
	Segment *n;
	usize i;
	uintptr pa, old;
	int type;

	if(s == nil)
		return nil;
	type = s->type & SG_TYPE;
	if(share && type != SG_STACK || type == SG_TEXT || type == SG_SHARED){
		incref(&s->ref);
		return s;
	}
	n = newseg(s->type, s->base, s->top);
	n->image = s->image;
	if(n->image != nil)
		incref(&n->image->ref);
	qlock(&s->lk);
	for(i = 0; i < n->npages && i < s->npages; i++){
		old = s->pages[i];
		if(old == 0)
			continue;
		if(pageshare(old)){
			n->pages[i] = old;
			continue;
		}
		pa = pagealloc1();
		if(pa == 0){
			qunlock(&s->lk);
			putseg(n);
			error(Enomem);
		}
		memmove(KADDR(pa), KADDR(old), BY2PG);
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
	return (s->type & SG_TYPE) == SG_TEXT || (s->type & SG_RONLY) != 0;
}

/*
 * Page i of s, its own to write: a copy if another segment shares
 * it (copy on write), else the page itself, taken over.  0 if out of
 * memory.  s->lk held.
 */
static uintptr
cowpage(Segment *s, usize i)
{
	uintptr old, pa;

	old = s->pages[i];
	if(pageusers(old) == 1)
		return old;
	pa = pagealloc1();
	if(pa == 0)
		return 0;
	memmove(KADDR(pa), KADDR(old), BY2PG);
	s->pages[i] = pa;
	if(s->ref.ref > 1)
		procflushseg(s);	/* RFMEM siblings may map old */
	pageput(old);
	return pa;
}

enum {
	Faultok		= 0,
	Faultbad	= -1,		/* no such page, or not allowed */
	Faultnomem	= -2,		/* no free page (or page table) for it */

	Oomtick		= 100,		/* ms between tries of a fault short of memory */
	Oomkill		= 1000,		/* ms between two processes killed for memory */
	Oomtime		= 5000,		/* ms a fault waits for memory at most */
};

/* read n bytes at off from c; fewer only at the end of the file */
long
readfull(Chan *c, void *a, long n, vlong off)
{
	long m, t;
	uchar *p;

	p = a;
	for(t = 0; t < n; t += m){
		m = devtab[c->type]->read(c, p + t, n - t, off + t);
		if(m <= 0)
			break;
	}
	return t;
}

/* does the page at va hold bytes of im's file? */
static int
imagepart(Image *im, uintptr va)
{
	Load *l;

	if(im == nil)
		return 0;
	for(l = im->load; l < im->load + im->nload; l++)
		if(l->n > 0 && va < l->va + l->n && va + BY2PG > l->va)
			return 1;
	return 0;
}

/* the page at va as the binary has it: its file bytes, zeros around them */
static void
imageread(Image *im, uchar *p, uintptr va)
{
	Load *l;
	uintptr a, e;

	memset(p, 0, BY2PG);
	for(l = im->load; l < im->load + im->nload; l++){
		a = va > l->va ? va : l->va;
		e = l->va + l->n;
		if(e > va + BY2PG)
			e = va + BY2PG;
		if(a >= e)
			continue;
		if(readfull(im->c, p + (a - va), e - a, l->off + (a - l->va)) != e - a)
			error(Ebadexec);	/* the file is shorter than its headers say */
	}
}

/*
 * A new page holding what the binary has at va, read with no lock
 * held; 0 if out of memory.  A read error is raised.
 */
static uintptr
pagein(Image *im, uintptr va)
{
	uintptr pa;

	pa = pagealloc1();
	if(pa == 0)
		return 0;
	if(waserror()){
		pageput(pa);
		nexterror();
	}
	imageread(im, KADDR(pa), va);
	poperror();
	__atomic_add_fetch(&npagein, 1, __ATOMIC_RELAXED);
	return pa;
}

/*
 * Map the page holding va into up's page tables: the segment's page,
 * or a new one, read from the binary (pagein) or zeroed.  A read maps
 * a shared page read-only; a write gets it copied first if need be
 * (cowpage).  A failed read is raised, with s->lk let go.
 */
static int
fixfault(Segment *s, uintptr addr, int write)
{
	uintptr va, pa;
	usize i;
	int existed, writable, r;

	va = addr & ~(uintptr)(BY2PG-1);
	i = (va - s->base)/BY2PG;
	qlock(&s->lk);
	existed = addr < s->top && s->pages[i] != 0;
	if(!existed && addr < s->top && imagepart(s->image, va)){
		qunlock(&s->lk);
		pa = pagein(s->image, va);
		if(pa == 0)
			return Faultnomem;
		qlock(&s->lk);
		if(addr < s->top && s->pages[i] == 0)
			s->pages[i] = pa;
		else
			pageput(pa);	/* another user of s was quicker, or s shrank */
	}
	if(addr >= s->top){		/* shrunk by a sibling meanwhile */
		qunlock(&s->lk);
		return Faultbad;
	}
	writable = !readonly(s);
	if(s->pages[i] == 0)
		pa = segpage(s, i);
	else if(readonly(s))
		pa = s->pages[i];
	else if(write)
		pa = cowpage(s, i);
	else{
		pa = s->pages[i];
		writable = pageusers(pa) == 1;
	}
	r = pa != 0 ? putmmu(va, pa, writable) : -1;
	qunlock(&s->lk);
	if(r < 0)
		return Faultnomem;
	machp()->pfault++;
	if(existed)
		machp()->tlbfault++;	/* the page was there: only its mapping was not */
	return Faultok;
}

/*
 * Reading the binary for a fault failed: unless a note interrupted
 * the read (the fault is tried again once it is handled), up dies,
 * saying which binary and why, as Plan 9's faulterror.  A fault
 * from a system call also fails the call.  0 lets a user fault
 * return to the note.
 */
static int
pageinerror(Segment *s, int user)
{
	char buf[ERRMAX];

	if(strcmp(up->errstr, Eintr) != 0){
		snprint(buf, sizeof buf, "sys: killed: %s: %s: %s", Eioload, chanpath(s->image->c), up->errstr);
		print("%s %d: %s\n", up->text, up->pid, buf+5);
		postnote(up, 1, buf, NExit);
	}
	if(user)
		return 0;
	if(up->nerrlab > 0)
		nexterror();
	return -1;
}

/*
 * Out of memory, as Plan 9 handles it: the biggest process is killed
 * (killbig prints which and why; at most one each Oomkill ms, since
 * dying takes a while) and the fault is tried again as memory comes
 * back.  0 to give up: a note is pending for up (maybe that kill), or
 * Oomtime went by, and then up itself dies saying why.
 */
static int
oomwait(int *waited)
{
	static Lock oomlk;
	static u64int lastkill;
	int kill;

	if(up->notepending)
		return 0;
	if(*waited >= Oomtime){
		print("%s %d: killed: out of memory\n", up->text, up->pid);
		postnote(up, 1, "sys: killed: out of memory", NExit);
		return 0;
	}
	lock(&oomlk);
	kill = lastkill == 0 || NOW - lastkill >= Oomkill;
	if(kill)
		lastkill = NOW;
	unlock(&oomlk);
	if(kill)
		killbig();
	if(waserror())
		return 0;	/* a note: maybe the kill was for us */
	tsleep(&up->sleep, return0, nil, Oomtick);
	poperror();
	*waited += Oomtick;
	return !up->notepending;
}

/*
 * Make the page holding addr present in up's page tables.  -1 if
 * addr is in no segment, the access is not allowed, or memory ran
 * out (a user fault first waits for it: oomwait).
 */
int
fault(uintptr addr, int write, int user)
{
	Segment *s;
	int r, waited;

	if(up == nil || up->pml4 == nil)
		return -1;
	waited = 0;
	for(;;){
		s = seg(up, addr, 1);
		if(s == nil || (write && readonly(s)))
			return -1;
		if(waserror())
			return pageinerror(s, user);
		r = fixfault(s, addr, write);
		poperror();
		if(r != Faultnomem)
			return r;
		if(!user || !oomwait(&waited))
			return -1;
	}
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

/*
 * May [base, top) be segment x of up (nil: a new one)?  Enovmem past
 * the user address space or the size limit, Esoverlap if it would
 * overlap another segment.
 */
static void
checkrange(uintptr base, uintptr top, Segment *x)
{
	Segment *s;
	int i;

	if(base < UTZERO || top > USTKTOP || top <= base || top - base > Maxdata)
		error(Enovmem);
	for(i = 0; i < NSEG; i++){
		s = up->seg[i];
		if(s != nil && s != x && base < s->top && top > s->base)
			error(Esoverlap);
	}
}

/*
 * Give back pages [from, to) of s, which are zero again when next
 * touched: no process may map them once they go.  s->lk held.
 */
static void
freepages(Segment *s, usize from, usize to)
{
	usize i, n;

	n = 0;
	for(i = from; i < to && i < s->npages; i++)
		if(s->pages[i] != 0){
			mmuunmap(s->base + i*BY2PG);
			n++;
		}
	if(n == 0)
		return;
	if(s->ref.ref > 1)
		procflushseg(s);
	for(i = from; i < to && i < s->npages; i++)
		if(s->pages[i] != 0){
			pageput(s->pages[i]);
			s->pages[i] = 0;
		}
}

/*
 * Move the end of segment segno to addr (rounded up to a page):
 * brk.  Shrinking frees the pages beyond it.  The stack and text do
 * not move.
 */
long
ibrk(uintptr addr, int segno)
{
	Segment *s;
	uintptr top, *pages;
	usize n;

	if(segno < 0 || segno >= NSEG || (s = up->seg[segno]) == nil)
		error(Ebadarg);
	if(readonly(s) || (s->type & SG_TYPE) == SG_STACK)
		error(Ebadarg);
	top = PGROUND(addr);
	if(addr < s->base || top < addr)
		error(Ebadarg);
	if(top > s->base)
		checkrange(s->base, top, s);
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
	}
	s->top = top;
	freepages(s, n, s->npages);
	qunlock(&s->lk);
	return 0;
}

/* the classes segattach knows, as Plan 9's physseg */
static struct {
	char	*name;
	int	type;
} segclass[] = {
	"shared",	SG_SHARED,	/* the same pages after fork too */
	"memory",	SG_DATA,	/* private: copy-on-write after fork */
};

/* the lowest-placed hole of len bytes under the stack and other segments, as Plan 9's */
static uintptr
findhole(usize len)
{
	Segment *s;
	uintptr va;
	int i;

	va = up->seg[SSEG] != nil ? up->seg[SSEG]->base : USTKTOP;
	for(;;){
		if(va < UTZERO + len)
			error(Enovmem);
		va -= len;
		for(i = 0; i < NSEG; i++){
			s = up->seg[i];
			if(s != nil && va < s->top && va + len > s->base)
				break;
		}
		if(i == NSEG)
			return va;
		va = s->base;
	}
}

/*
 * segattach(attr, class, va, len): a new segment of class at va
 * (0: wherever there is room below the stack), len bytes rounded
 * to pages; returns its base.
 */
uintptr
segattach(int attr, char *class, uintptr va, usize len)
{
	Segment *s;
	uintptr top;
	int i, type;

	if(attr & ~(SG_RONLY|SG_CEXEC))
		error(Ebadarg);
	for(i = 0; i < nelem(segclass); i++)
		if(strcmp(class, segclass[i].name) == 0)
			break;
	if(i == nelem(segclass))
		error(Ebadarg);
	type = segclass[i].type;
	if(len == 0 || len > Maxdata)
		error(Enovmem);
	qlock(&up->seglock);
	if(waserror()){
		qunlock(&up->seglock);
		nexterror();
	}
	for(i = ESEG; i < NSEG; i++)
		if(up->seg[i] == nil)
			break;
	if(i == NSEG)
		error(Enovmem);
	if(va == 0)
		va = findhole(PGROUND(len));
	top = PGROUND(va + len);
	va &= ~(uintptr)(BY2PG-1);
	if(top < va)
		error(Enovmem);
	checkrange(va, top, nil);
	s = newseg(type | attr, va, top);
	up->seg[i] = s;
	poperror();
	qunlock(&up->seglock);
	return va;
}

/* take away the segment holding addr (never the stack) */
void
segdetach(uintptr addr)
{
	Segment *s;
	int i;

	qlock(&up->seglock);
	for(i = 0; i < NSEG; i++){
		s = up->seg[i];
		if(s != nil && addr >= s->base && addr < s->top)
			break;
	}
	if(i == NSEG || i == SSEG){
		qunlock(&up->seglock);
		error(Ebadarg);
	}
	up->seg[i] = nil;
	qunlock(&up->seglock);
	/*
	 * Our mappings of it go, and with them the page tables it
	 * needed (faults refill the rest); its other users keep it.
	 */
	if(waserror())
		mmuflush();	/* no memory for new tables: keep the old ones */
	else{
		newaddrspace(up);
		poperror();
	}
	putseg(s);
}

/* the pages wholly inside [va, va+len) go, to come back zeroed when touched */
void
segfree(uintptr va, usize len)
{
	Segment *s;
	uintptr from, to;

	s = seg(up, va, 0);
	if(s == nil || readonly(s) || va + len < va)
		error(Ebadarg);
	from = PGROUND(va);
	to = (va + len) & ~(uintptr)(BY2PG-1);
	qlock(&s->lk);
	if(to > s->top){
		qunlock(&s->lk);
		error(Ebadarg);
	}
	if(from < to)
		freepages(s, (from - s->base)/BY2PG, (to - s->base)/BY2PG);
	qunlock(&s->lk);
}

/*
 * Shared text, after Plan 9's image cache: the text segments of
 * binaries being run are listed here, keyed by the file's device and
 * qid, version included (a file written since has another), and an
 * exec of the same file with the same layout takes a reference to the
 * segment instead of reading the text again.  Text is never written,
 * so any processes may share it.  Unlike Plan 9's, an entry lasts
 * only while a process runs the text: the entry's own reference goes
 * with the last user's (cacheput), so the cache holds no memory of
 * its own.  A new text replaces the least recently used of the
 * Nimage entries.
 */
enum {
	Nimage	= 16,
};

typedef struct Imagent Imagent;
struct Imagent {
	int	type;		/* of the Chan the text was read from */
	u32int	dev;
	Qid	qid;
	Segment	*s;
	u64int	used;		/* images.clock at the last exec */
};

static struct {
	Lock	lk;		/* guards everything below */
	Imagent	e[Nimage];
	u64int	clock;
} images;

static int
imagematch(Imagent *e, Chan *c, uintptr base, uintptr top)
{
	return e->s != nil && e->type == c->type && e->dev == c->dev
		&& e->qid.path == c->qid.path && e->qid.vers == c->qid.vers
		&& e->s->base == base && e->s->top == top;
}

/* the cached text of the binary open on c, with a reference for the caller; nil if none */
Segment*
imagetext(Chan *c, uintptr base, uintptr top)
{
	Imagent *e;
	Segment *s;

	s = nil;
	lock(&images.lk);
	for(e = images.e; e < images.e + Nimage; e++)
		if(imagematch(e, c, base, top)){
			s = e->s;
			incref(&s->ref);
			e->used = ++images.clock;
			break;
		}
	unlock(&images.lk);
	return s;
}

/*
 * putseg of cached text s: drop a reference under images.lk, and with
 * the user's last one the cache's too, so imagetext can not hand out
 * a segment being freed.  0 if s is not cached: putseg goes on.
 */
static int
cacheput(Segment *s)
{
	Imagent *e;

	if((s->type & SG_TYPE) != SG_TEXT)
		return 0;
	lock(&images.lk);
	for(e = images.e; e < images.e + Nimage; e++)
		if(e->s == s)
			break;
	if(e == images.e + Nimage){
		unlock(&images.lk);
		return 0;
	}
	if(decref(&s->ref) > 1){
		unlock(&images.lk);
		return 1;
	}
	e->s = nil;		/* the cache's is the last: putseg frees s with it */
	unlock(&images.lk);
	return 0;
}

/* remember text s, just read from c, for later execs of the same file */
void
imageadd(Chan *c, Segment *s)
{
	Imagent *e, *lru;
	Segment *old;

	lock(&images.lk);
	lru = images.e;
	for(e = images.e; e < images.e + Nimage; e++){
		if(imagematch(e, c, s->base, s->top)){	/* another exec was quicker */
			unlock(&images.lk);
			return;
		}
		if(e->s == nil || lru->s != nil && e->used < lru->used)
			lru = e;
	}
	old = lru->s;
	lru->type = c->type;
	lru->dev = c->dev;
	lru->qid = c->qid;
	lru->s = s;
	lru->used = ++images.clock;
	incref(&s->ref);
	unlock(&images.lk);
	putseg(old);
}

/*
 * Zero copy.  segpin lets a device move the user bytes [va, va+n)
 * itself, by physical address, with nothing copied through the
 * kernel: it faults the pages in (writable ones if write: the
 * device will write into them) and records the physical page under
 * each.  Each page gets a pin (page.c), a reference of its own, so
 * it stays allocated whatever happens to the process or the segment
 * (exit, brk, a copy-on-write break) until segunpin: a process killed
 * while a device still fills its buffer leaves the pages to the
 * device, not to the free list.  A fork while the pin lasts gives the
 * child a copy of a pinned page rather than a share of it, and the
 * segment's own writes go on to the pinned page (a pin is not a user,
 * see Copy on write), so what the device writes is what the process
 * reads.  The pin also holds a reference to the segment, z->seg.
 * Only one segment: -1 (nothing pinned) if the range is not inside
 * one, or for memory to list the pages; the caller copies instead.
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
	for(i = 0; i < z->npa; i++)
		pagepin(z->pa[i]);
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
	int i;

	if(z->pa == nil)
		return;
	for(i = 0; i < z->npa; i++)
		pageunpin(z->pa[i]);
	if(z->seg != nil)
		segput(z->seg, 1);	/* maybe in a mount's reader: see Images */
	free(z->pa);
	memset(z, 0, sizeof *z);
}

/*
 * The kernel's own pages pa[0..npa), pinned for a device as segpin
 * pins a user buffer, n bytes from the first page's start: a read
 * ahead lands in them (devmnt), and segflip may later hand them to a
 * process.  z->seg stays nil.  -1 if there is no memory for the list.
 */
int
zpages(Zbuf *z, uintptr *pa, int npa, usize n)
{
	int i;

	memset(z, 0, sizeof *z);
	z->pa = malloc(npa * sizeof *z->pa);
	if(z->pa == nil)
		return -1;
	for(i = 0; i < npa; i++){
		z->pa[i] = pa[i];
		pagepin(pa[i]);
	}
	z->npa = npa;
	z->n = n;
	return 0;
}

/*
 * Page flipping.  segflip gives up the kernel's pages pa[0..npg) in
 * place of its own whole pages at va, and pa[] the pages it had, now
 * the caller's: what a read would have copied into up's buffer is
 * there without a copy.  Only where nothing else can see the trade:
 * a writable segment no other process shares and no device has
 * pinned (the segment's only reference is up's, so no RFMEM sibling
 * on another cpu holds a mapping this cpu cannot flush), and every
 * page present and the segment's alone (no copy-on-write sharer, no
 * pin).  Otherwise -1 and nothing changes: the caller copies.  The
 * pages given must be the caller's, unshared; a device that has
 * finished with them may still hold its pin.  The new mappings are
 * made here, as a fault would make them.
 */
int
segflip(uintptr va, uintptr *pa, int npg)
{
	Segment *s;
	uintptr old;
	usize i0;
	int i;

	if(up == nil || va & (BY2PG-1) || npg <= 0)
		return -1;
	s = seg(up, va, 0);
	if(s == nil || readonly(s) || va + (uintptr)npg*BY2PG > s->top || va + (uintptr)npg*BY2PG < va)
		return -1;
	qlock(&s->lk);
	i0 = (va - s->base)/BY2PG;
	if(s->ref.ref != 1 || va + (uintptr)npg*BY2PG > s->top){
		qunlock(&s->lk);
		return -1;
	}
	for(i = 0; i < npg; i++)
		if(s->pages[i0+i] == 0 || !pagesole(s->pages[i0+i])){
			qunlock(&s->lk);
			return -1;
		}
	for(i = 0; i < npg; i++){
		old = s->pages[i0+i];
		s->pages[i0+i] = pa[i];
		pa[i] = old;
		if(putmmu(va + (uintptr)i*BY2PG, s->pages[i0+i], 1) < 0)
			mmuunmap(va + (uintptr)i*BY2PG);	/* no table: fault maps it */
	}
	qunlock(&s->lk);
	__atomic_add_fetch(&nflip, npg, __ATOMIC_RELAXED);
	return 0;
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
