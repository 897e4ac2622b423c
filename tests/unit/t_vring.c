/*
 * Host tests for kern/vring.c against a simulated device.
 *
 * The device sees only "physical" addresses: every buffer and ring
 * lives in its own region with a made-up physical address unrelated
 * to its virtual one, so a descriptor holding a virtual address fails
 * translation.  Each region is a separate allocation so that ASan
 * catches anyone straying past one.  The device reads the rings as a
 * real one does: avail idx, head, descriptors (following next and
 * indirect tables, checking the spec's rules), then writes data into
 * the writable segments and posts a used entry.
 */
#include <u.h>
#include <str.h>
#include "vring.h"
#include "test.h"

int	posix_memalign(void**, usize, usize);

/* vring.c allocates with the Plan 9 mallocz; glibc has none. */
static int failalloc;

void*
mallocz(usize n, int clr)
{
	void *p;

	if(failalloc)
		return nil;
	p = malloc(n);
	if(p != nil && clr)
		memset(p, 0, n);
	return p;
}

/*
 * Simulated physical memory.
 */
typedef struct Region Region;
struct Region {
	uchar	*va;
	uvlong	pa;
	usize	len;
};

static Region regions[1024];
static int nregion;
static uvlong nextpa = 0x40000000;

static void*
region(usize len, usize align)
{
	void *p;
	Region *rg;

	if(align < 16)
		align = 16;
	if(nregion >= (int)nelem(regions) || posix_memalign(&p, align, len) != 0){
		printf("t_vring: out of test memory\n");
		abort();
	}
	memset(p, 0xEE, len);	/* garbage, so init must really clear */
	rg = &regions[nregion++];
	rg->va = p;
	rg->len = len;
	rg->pa = nextpa;
	nextpa += ((len + 4095) & ~(uvlong)4095) + 4096;
	return p;
}

static uvlong
PA(void *va)
{
	int i;
	uchar *p;

	p = va;
	for(i = 0; i < nregion; i++)
		if(p >= regions[i].va && p < regions[i].va + regions[i].len)
			return regions[i].pa + (p - regions[i].va);
	printf("t_vring: PA of unknown address\n");
	abort();
	return 0;
}

/* The device's view: nil unless [pa, pa+len) lies inside one region. */
static void*
KADDR(uvlong pa, usize len)
{
	int i;
	Region *rg;

	for(i = 0; i < nregion; i++){
		rg = &regions[i];
		if(pa >= rg->pa && pa - rg->pa <= rg->len && len <= rg->len - (pa - rg->pa))
			return rg->va + (pa - rg->pa);
	}
	return nil;
}

static void
freeregions(void)
{
	while(nregion > 0)
		free(regions[--nregion].va);
}

static ulong rndstate = 1;

static uint
rnd(void)
{
	rndstate = rndstate*6364136223846793005UL + 1442695040888963407UL;
	return rndstate >> 33;
}

/*
 * The simulated device.
 */
typedef struct Dev Dev;
typedef struct Req Req;

enum {
	Maxseg	= 64,
};

struct Req {
	u32int	head;
	int	nseg;
	uchar	*buf[Maxseg];
	u32int	len[Maxseg];
	int	wr[Maxseg];
	int	indirect;
};

struct Dev {
	uint	num;
	Vdesc	*desc;
	Vavail	*avail;
	Vused	*used;
	u16int	*usedevent;
	u16int	*availevent;
	u16int	lastavail;
	u16int	usedidx;
	int	eventidx;
	int	active;		/* kicked and not yet found the ring empty */
	int	nbad;		/* chains that broke the spec's rules */
	int	nintr;
};

static int
devsplit(Dev *d, uint num, uvlong descpa, uvlong availpa, uvlong usedpa)
{
	memset(d, 0, sizeof *d);
	d->num = num;
	d->desc = KADDR(descpa, VRINGDESCSZ(num));
	d->avail = KADDR(availpa, VRINGAVAILSZ(num));
	d->used = KADDR(usedpa, VRINGUSEDSZ(num));
	if(d->desc == nil || d->avail == nil || d->used == nil)
		return -1;
	d->usedevent = &d->avail->ring[num];
	d->availevent = (u16int*)&d->used->ring[num];
	return 0;
}

/* A legacy device is told one address and works out the layout itself. */
static int
devlegacy(Dev *d, uint num, uvlong pa, uint align)
{
	uvlong availpa, usedpa;

	availpa = pa + 16*num;
	usedpa = (availpa + 6 + 2*num + align-1) & ~(uvlong)(align-1);
	return devsplit(d, num, pa, availpa, usedpa);
}

/* Take the next available chain: 1, 0 if none, -1 if it breaks the rules. */
static int
devpop(Dev *d, Req *q, int setevent)
{
	Vdesc *tab, *de;
	uint ntab, di;
	int seenwr;
	u16int head;

	if(*(volatile u16int*)&d->avail->idx == d->lastavail)
		return 0;
	head = d->avail->ring[d->lastavail % d->num];
	d->lastavail++;
	if(d->eventidx && setevent)
		*d->availevent = d->lastavail;
	memset(q, 0, sizeof *q);
	q->head = head;
	if(head >= d->num)
		goto bad;
	tab = d->desc;
	ntab = d->num;
	di = head;
	if(tab[di].flags & VdescIndirect){
		de = &tab[di];
		if((de->flags & VdescNext) || de->len == 0 || de->len % sizeof(Vdesc) != 0)
			goto bad;
		ntab = de->len / sizeof(Vdesc);
		if(ntab > d->num || (tab = KADDR(de->addr, de->len)) == nil)
			goto bad;
		di = 0;
		q->indirect = 1;
	}
	seenwr = 0;
	for(;;){
		if(di >= ntab || q->nseg >= Maxseg || (uint)q->nseg >= ntab)
			goto bad;	/* out of the table, or a loop */
		de = &tab[di];
		if((de->flags & VdescIndirect) || de->len == 0)
			goto bad;
		q->wr[q->nseg] = (de->flags & VdescWrite) != 0;
		if(seenwr && !q->wr[q->nseg])
			goto bad;	/* readable after writable */
		seenwr |= q->wr[q->nseg];
		q->len[q->nseg] = de->len;
		q->buf[q->nseg] = KADDR(de->addr, de->len);
		if(q->buf[q->nseg] == nil)
			goto bad;
		q->nseg++;
		if((de->flags & VdescNext) == 0)
			return 1;
		di = de->next;
	}
bad:
	d->nbad++;
	return -1;
}

/*
 * Echo: the writable bytes get the readable ones xor 0x5a, as many as
 * fit; with nothing readable, fill every writable byte with k^0x33.
 */
static u32int
devserve(Req *q)
{
	static uchar data[1<<16];
	u32int r, w, k;
	int i;

	r = 0;
	for(i = 0; i < q->nseg; i++)
		if(!q->wr[i])
			for(k = 0; k < q->len[i] && r < sizeof data; k++)
				data[r++] = q->buf[i][k];
	w = 0;
	for(i = 0; i < q->nseg; i++){
		if(!q->wr[i])
			continue;
		for(k = 0; k < q->len[i]; k++){
			if(r > 0 && w >= r)
				return w;
			q->buf[i][k] = r > 0 ? data[w]^0x5a : (w^0x33) & 0xff;
			w++;
		}
	}
	return w;
}

/* Post a used entry; returns whether the device would interrupt. */
static int
devpost(Dev *d, u32int id, u32int len)
{
	u16int old, ev;
	int intr;

	d->used->ring[d->usedidx % d->num].id = id;
	d->used->ring[d->usedidx % d->num].len = len;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	old = d->usedidx++;
	*(volatile u16int*)&d->used->idx = d->usedidx;
	if(d->eventidx){
		ev = *d->usedevent;
		intr = (u16int)(ev - old) < (u16int)(d->usedidx - old);
	}else
		intr = (d->avail->flags & VavailNoIntr) == 0;
	d->nintr += intr;
	return intr;
}

/* Device's notification wish: flags, or avail_event with EVENT_IDX. */
static void
devwantkick(Dev *d, int want)
{
	if(d->eventidx){
		if(want)
			*d->availevent = d->lastavail;
	}else
		d->used->flags = want ? 0 : VusedNoNotify;
}

/*
 * Driver side helpers.
 */
typedef struct Tok Tok;
struct Tok {
	uchar	*out;		/* 256 bytes */
	uchar	*in;		/* 256 bytes */
	Vseg	oseg[8];
	Vseg	iseg[8];
	int	nout;
	int	nin;
	u32int	olen;
	u32int	ilen;
	int	busy;
};

static Tok*
mktoks(int n)
{
	static Tok toks[256];
	int i;

	if(n > (int)nelem(toks))
		abort();
	for(i = 0; i < n; i++){
		memset(&toks[i], 0, sizeof toks[i]);
		toks[i].out = region(256, 16);
		toks[i].in = region(256, 16);
	}
	return toks;
}

/* Carve nout readable and nin writable segments with the given lengths. */
static void
tokset(Tok *t, int nout, u32int *olens, int nin, u32int *ilens)
{
	int i;
	u32int off;

	t->nout = nout;
	t->nin = nin;
	off = 0;
	for(i = 0; i < nout; i++){
		t->oseg[i].va = t->out + off;
		t->oseg[i].pa = PA(t->out + off);
		t->oseg[i].len = olens[i];
		off += olens[i];
	}
	t->olen = off;
	for(off = 0; off < t->olen; off++)
		t->out[off] = rnd();
	off = 0;
	for(i = 0; i < nin; i++){
		t->iseg[i].va = t->in + off;
		t->iseg[i].pa = PA(t->in + off);
		t->iseg[i].len = ilens[i];
		off += ilens[i];
	}
	t->ilen = off;
	memset(t->in, 0, 256);
}

static void
tokrand(Tok *t, int maxseg)
{
	u32int l[8];
	int i, nseg, nout;

	if(maxseg > 6)
		maxseg = 6;
	nseg = 1 + rnd() % maxseg;
	nout = rnd() % (nseg+1);
	for(i = 0; i < nseg; i++)
		l[i] = 1 + rnd() % 32;
	tokset(t, nout, l, nseg-nout, l+nout);
}

static int
tokadd(Vring *r, Tok *t)
{
	return vringadd(r, t->oseg, t->nout, t->iseg, t->nin, t);
}

/* What the echo device should have reported and written for t. */
static int
tokgood(Tok *t, u32int len)
{
	u32int k, want;

	want = t->olen > 0 ? (t->olen < t->ilen ? t->olen : t->ilen) : t->ilen;
	if(len != want)
		return 0;
	for(k = 0; k < len; k++)
		if(t->in[k] != (t->olen > 0 ? t->out[k]^0x5a : (k^0x33) & 0xff))
			return 0;
	return 1;
}

/* One segment of len bytes at p, readable or writable. */
static Vseg
seg(void *p, u32int len)
{
	Vseg s;

	s.va = p;
	s.pa = PA(p);
	s.len = len;
	return s;
}

/*
 * Every descriptor is on the free list or in exactly one in-flight
 * chain, the counts add up, and only heads carry tokens.
 */
static int
ringconsistent(Vring *r)
{
	static uchar seen[Vringmax];
	uint i, k, total, nchain;
	u16int d;

	memset(seen, 0, r->num);
	d = r->freehead;
	for(i = 0; i < r->nfree; i++){
		if(d >= r->num || seen[d] || r->state[d].token != nil)
			return 0;
		seen[d] = 1;
		d = r->desc[d].next;
	}
	total = r->nfree;
	nchain = 0;
	for(i = 0; i < r->num; i++){
		if(r->state[i].token == nil)
			continue;
		nchain++;
		d = i;
		for(k = 0; k < r->state[i].ndesc; k++){
			if(d >= r->num || seen[d])
				return 0;
			seen[d] = 1;
			total++;
			d = r->desc[d].next;
		}
	}
	return total == r->num && nchain == r->inflight;
}

typedef struct Rig Rig;
struct Rig {
	Vring	r;
	Dev	d;
	Tok	*t;
};

/* A legacy ring of num entries with its device; indirect tables if maxind. */
static void
riglegacy(Rig *g, uint num, uint maxind)
{
	void *mem, *ind;

	mem = region(vringsize(num, Vlegacyalign), Vlegacyalign);
	if(vringinit(&g->r, num, mem, Vlegacyalign, PA(mem)) < 0
	|| devlegacy(&g->d, num, PA(mem), Vlegacyalign) < 0){
		printf("t_vring: rig setup failed\n");
		abort();
	}
	if(maxind){
		ind = region(vringindirectsize(num, maxind), 16);
		if(vringindirect(&g->r, ind, PA(ind), maxind) < 0)
			abort();
	}
	g->t = mktoks(num < 256 ? num : 256);
}

static void
rigsplit(Rig *g, uint num, uint maxind)
{
	void *desc, *avail, *used, *ind;

	desc = region(VRINGDESCSZ(num), 16);
	avail = region(VRINGAVAILSZ(num), 2);
	used = region(VRINGUSEDSZ(num), 4);
	if(vringinitsplit(&g->r, num, desc, PA(desc), avail, PA(avail), used, PA(used)) < 0
	|| devsplit(&g->d, num, PA(desc), PA(avail), PA(used)) < 0){
		printf("t_vring: rig setup failed\n");
		abort();
	}
	if(maxind){
		ind = region(vringindirectsize(num, maxind), 16);
		if(vringindirect(&g->r, ind, PA(ind), maxind) < 0)
			abort();
	}
	g->t = mktoks(num < 256 ? num : 256);
}

static void
rigdone(Rig *g)
{
	vringfree(&g->r);
	freeregions();
}

/* Add one request, have the device serve it, collect it. */
static int
roundtrip(Rig *g, Tok *t)
{
	Req q;
	u32int len;

	if(tokadd(&g->r, t) != 0 || devpop(&g->d, &q, 1) != 1)
		return 0;
	devpost(&g->d, q.head, devserve(&q));
	return vringgetused(&g->r, &len) == t && tokgood(t, len);
}

/*
 * The tests.
 */
static void
testsizes(void)
{
	Vring r;
	Vseg s;
	uchar *mem;
	void *d, *a, *u;
	uint i;
	int ok;

	check("size legacy 128", vringsize(128, 4096) == 8192);
	check("size legacy 256", vringsize(256, 4096) == 12288);
	check("size legacy 1024", vringsize(1024, 4096) == 32768);
	check("size max", vringsize(32768, 4096) != 0);
	check("size rejects 0", vringsize(0, 4096) == 0);
	check("size rejects non-power-of-2", vringsize(3, 4096) == 0);
	check("size rejects 65536", vringsize(65536, 4096) == 0);
	check("size rejects bad align", vringsize(256, 3) == 0);

	mem = region(vringsize(256, 4096), 4096);
	check("init legacy", vringinit(&r, 256, mem, 4096, PA(mem)) == 0);
	check("legacy avail follows desc", (uchar*)r.avail == mem + 16*256 && r.availpa == PA(mem) + 4096);
	check("legacy used on next page", (uchar*)r.used == mem + 8192 && r.usedpa == PA(mem) + 8192);
	check("legacy event fields", (uchar*)r.usedevent == mem + 4096 + 4 + 512
		&& (uchar*)r.availevent == mem + 8192 + 4 + 2048);
	ok = r.nfree == 256 && r.avail->idx == 0 && r.avail->flags == 0 && r.used->idx == 0
		&& *r.usedevent == 0 && *r.availevent == 0;
	for(i = 0; i < 256; i++)
		ok &= r.desc[i].flags == 0 && r.state[i].token == nil;
	check("init clears rings", ok);
	check("init free list", ringconsistent(&r));
	vringfree(&r);
	check("init rejects misaligned va", vringinit(&r, 256, mem+16, 4096, PA(mem)) < 0);
	check("init rejects misaligned pa", vringinit(&r, 256, mem, 4096, PA(mem)+16) < 0);
	check("init rejects bad num", vringinit(&r, 100, mem, 4096, PA(mem)) < 0);
	check("init rejects nil", vringinit(&r, 256, nil, 4096, 0) < 0);
	check("size small align", vringsize(2, 4) == 68);
	check("init small align", vringinit(&r, 2, mem, 4, PA(mem)) == 0
		&& (uchar*)r.avail == mem + 32 && (uchar*)r.used == mem + 44 && r.usedpa == PA(mem) + 44);
	vringfree(&r);
	failalloc = 1;
	check("init fails without memory", vringinit(&r, 256, mem, 4096, PA(mem)) < 0);
	failalloc = 0;
	s = seg(mem, 4);
	vringdisableintr(&r);
	check("failed init leaves ring inert", r.broken && vringadd(&r, &s, 1, nil, 0, mem) == VringBad
		&& vringgetused(&r, nil) == nil && !vringmoreused(&r) && !vringenableintr(&r)
		&& !vringkickneeded(&r) && vringindirect(&r, mem, PA(mem), 2) < 0);
	vringfree(&r);	/* harmless on a failed init */

	d = region(VRINGDESCSZ(64), 16);
	a = region(VRINGAVAILSZ(64), 2);
	u = region(VRINGUSEDSZ(64), 4);
	check("split rejects misaligned desc",
		vringinitsplit(&r, 64, (uchar*)d+8, PA(d)+8, a, PA(a), u, PA(u)) < 0);
	check("split rejects misaligned used pa",
		vringinitsplit(&r, 64, d, PA(d), a, PA(a), u, PA(u)+2) < 0);
	check("split init", vringinitsplit(&r, 64, d, PA(d), a, PA(a), u, PA(u)) == 0
		&& r.desc == d && r.avail == a && r.used == u && r.usedpa == PA(u) && r.nfree == 64);
	mem = region(vringindirectsize(64, 8), 16);
	check("indirect size", vringindirectsize(64, 8) == 64*8*16);
	check("indirect rejects maxseg 1", vringindirect(&r, mem, PA(mem), 1) < 0);
	check("indirect rejects maxseg > num", vringindirect(&r, mem, PA(mem), 65) < 0);
	check("indirect rejects misaligned", vringindirect(&r, mem+8, PA(mem)+8, 8) < 0);
	check("indirect accepted", vringindirect(&r, mem, PA(mem), 8) == 0);
	vringfree(&r);
	freeregions();
}

static void
testsingle(void)
{
	Rig g;
	Req q;
	u32int len, ol[1], il[1];
	int ok;

	riglegacy(&g, 8, 0);
	ol[0] = 5;
	tokset(&g.t[0], 1, ol, 0, nil);
	memmove(g.t[0].out, "hello", 5);
	check("single add", tokadd(&g.r, &g.t[0]) == 0);
	check("single uses one descriptor", g.r.nfree == 7 && g.r.inflight == 1);
	check("single published", g.d.avail->idx == 1);
	check("single kick", vringkickneeded(&g.r) == 1);
	check("no second kick without adds", vringkickneeded(&g.r) == 0);
	check("device gets chain", devpop(&g.d, &q, 1) == 1);
	check("device sees one readable segment", q.nseg == 1 && !q.wr[0] && q.len[0] == 5
		&& q.buf[0] == g.t[0].out && memcmp(q.buf[0], "hello", 5) == 0 && !q.indirect);
	check("nothing used yet", vringgetused(&g.r, &len) == nil && !vringmoreused(&g.r));
	devpost(&g.d, q.head, 0);
	check("more used", vringmoreused(&g.r));
	len = 99;
	check("single completes", vringgetused(&g.r, &len) == &g.t[0] && len == 0);
	check("single frees", g.r.nfree == 8 && g.r.inflight == 0 && ringconsistent(&g.r));
	check("nothing more", vringgetused(&g.r, &len) == nil && !vringmoreused(&g.r));

	il[0] = 10;
	tokset(&g.t[1], 0, nil, 1, il);
	ok = tokadd(&g.r, &g.t[1]) == 0 && devpop(&g.d, &q, 1) == 1;
	check("device sees one writable segment", ok && q.nseg == 1 && q.wr[0] && q.len[0] == 10);
	devpost(&g.d, q.head, devserve(&q));
	check("writable single completes", vringgetused(&g.r, &len) == &g.t[1] && len == 10
		&& tokgood(&g.t[1], len));
	tokset(&g.t[2], 1, il, 0, nil);
	ok = tokadd(&g.r, &g.t[2]) == 0 && devpop(&g.d, &q, 1) == 1;
	devpost(&g.d, q.head, 0);
	check("nil len pointer allowed", ok && vringgetused(&g.r, nil) == &g.t[2]);
	rigdone(&g);
}

static void
testmulti(void)
{
	Rig g;
	Req q, q2;
	u32int len, ol[2] = {7, 9}, il[3] = {4, 4, 20};
	int i, ok;

	riglegacy(&g, 16, 0);
	tokset(&g.t[0], 2, ol, 3, il);
	check("multi add", tokadd(&g.r, &g.t[0]) == 0 && g.r.nfree == 11);
	check("multi device pop", devpop(&g.d, &q, 1) == 1);
	ok = q.nseg == 5 && !q.indirect;
	for(i = 0; i < 5; i++)
		ok &= q.wr[i] == (i >= 2);
	ok &= q.len[0] == 7 && q.len[1] == 9 && q.len[4] == 20;
	ok &= q.buf[0] == g.t[0].out && q.buf[2] == g.t[0].in;
	check("multi chain order and flags", ok);
	devpost(&g.d, q.head, devserve(&q));
	check("multi completes", vringgetused(&g.r, &len) == &g.t[0] && len == 16
		&& tokgood(&g.t[0], len));
	check("multi frees whole chain", g.r.nfree == 16 && ringconsistent(&g.r));

	tokset(&g.t[1], 2, ol, 1, il);
	tokset(&g.t[2], 1, ol, 2, il);
	tokadd(&g.r, &g.t[1]);
	tokadd(&g.r, &g.t[2]);
	check("only heads enter avail ring", g.d.avail->idx == 3
		&& g.d.avail->ring[1] != g.d.avail->ring[2]
		&& g.r.state[g.d.avail->ring[1]].token == &g.t[1]
		&& g.r.state[g.d.avail->ring[2]].token == &g.t[2]);
	ok = devpop(&g.d, &q, 1) == 1 && devpop(&g.d, &q2, 1) == 1 && devpop(&g.d, &q, 1) == 0;
	check("device sees exactly two chains", ok && q2.nseg == 3);
	rigdone(&g);
}

static void
testfull(void)
{
	Rig g;
	Req q;
	Vseg s, ss[3];
	u32int len, l[4] = {1, 2, 3, 4};
	int i, ok;
	u16int idx;

	riglegacy(&g, 8, 0);
	ok = 1;
	for(i = 0; i < 8; i++){
		tokset(&g.t[i], 1, l, 0, nil);
		ok &= tokadd(&g.r, &g.t[i]) == 0;
	}
	check("fill ring exactly", ok && g.r.nfree == 0);
	idx = g.d.avail->idx;
	tokset(&g.t[7], 1, l, 0, nil);
	check("full ring refuses", vringadd(&g.r, g.t[7].oseg, 1, nil, 0, &g.t[7]) == VringFull);
	check("full ring no room", !vringroom(&g.r, 1));
	check("refusal publishes nothing", g.d.avail->idx == idx && g.r.inflight == 8);
	devpop(&g.d, &q, 1);
	devpost(&g.d, q.head, 0);
	check("completion returns first", vringgetused(&g.r, &len) == &g.t[0]);
	check("room again", vringroom(&g.r, 1) && !vringroom(&g.r, 2));
	rigdone(&g);

	riglegacy(&g, 8, 0);
	for(i = 0; i < 5; i++){
		tokset(&g.t[i], 1, l, 0, nil);
		tokadd(&g.r, &g.t[i]);
	}
	tokset(&g.t[5], 2, l, 2, l+2);
	idx = g.d.avail->idx;
	check("chain longer than free space refused", tokadd(&g.r, &g.t[5]) == VringFull);
	check("refused chain leaks nothing", g.r.nfree == 3 && g.d.avail->idx == idx
		&& ringconsistent(&g.r));
	tokset(&g.t[5], 1, l, 2, l+2);
	check("chain that fits accepted", tokadd(&g.r, &g.t[5]) == 0 && g.r.nfree == 0);

	s = seg(g.t[6].out, 4);
	ss[0] = ss[1] = ss[2] = s;
	ss[1].len = 0;
	check("nil token refused", vringadd(&g.r, &s, 1, nil, 0, nil) == VringBad);
	check("empty chain refused", vringadd(&g.r, nil, 0, nil, 0, &g.t[6]) == VringBad);
	check("negative count refused", vringadd(&g.r, &s, -1, &s, 2, &g.t[6]) == VringBad);
	check("nil segments refused", vringadd(&g.r, nil, 1, nil, 0, &g.t[6]) == VringBad);
	check("zero-length segment refused", vringadd(&g.r, ss, 3, nil, 0, &g.t[6]) == VringBad);
	check("chain longer than ring refused", vringadd(&g.r, ss, 5, ss, 4, &g.t[6]) == VringBad);
	check("bad requests change nothing", g.r.nfree == 0 && g.r.inflight == 6 && ringconsistent(&g.r));
	check("room says stop waiting for impossible", vringroom(&g.r, 9) && vringroom(&g.r, 0));
	rigdone(&g);
}

static void
testindirect(void)
{
	Rig g;
	Req q[8];
	u32int len, l[6] = {3, 5, 7, 11, 13, 17};
	int i, ok;
	u16int head;

	riglegacy(&g, 8, 4);
	tokset(&g.t[0], 1, l, 2, l+1);
	check("indirect add", tokadd(&g.r, &g.t[0]) == 0 && g.r.nfree == 7);
	head = g.d.avail->ring[0];
	check("indirect head descriptor", g.r.desc[head].flags == VdescIndirect
		&& g.r.desc[head].len == 3*sizeof(Vdesc));
	check("device follows indirect table", devpop(&g.d, &q[0], 1) == 1 && q[0].indirect
		&& q[0].nseg == 3 && !q[0].wr[0] && q[0].wr[1] && q[0].wr[2] && q[0].len[2] == 7);
	devpost(&g.d, q[0].head, devserve(&q[0]));
	check("indirect completes", vringgetused(&g.r, &len) == &g.t[0] && len == 3
		&& tokgood(&g.t[0], len) && g.r.nfree == 8);

	ok = 1;
	for(i = 0; i < 8; i++){
		tokset(&g.t[i], 2, l, 2, l+2);
		ok &= tokadd(&g.r, &g.t[i]) == 0;
	}
	check("ring full of indirect chains", ok && g.r.nfree == 0);
	check("and then no room", tokadd(&g.r, &g.t[0]) == VringFull);
	ok = 1;
	for(i = 0; i < 8; i++)
		ok &= devpop(&g.d, &q[i], 1) == 1 && q[i].indirect && q[i].nseg == 4;
	for(i = 7; i >= 0; i--)
		devpost(&g.d, q[i].head, devserve(&q[i]));
	for(i = 7; i >= 0; i--)
		ok &= vringgetused(&g.r, &len) == &g.t[i] && tokgood(&g.t[i], len);
	check("indirect chains complete backwards", ok && g.r.nfree == 8 && ringconsistent(&g.r));

	tokset(&g.t[0], 3, l, 3, l+3);
	check("chain above maxseg goes direct", tokadd(&g.r, &g.t[0]) == 0 && g.r.nfree == 2
		&& devpop(&g.d, &q[0], 1) == 1 && !q[0].indirect && q[0].nseg == 6);
	tokset(&g.t[1], 1, l, 0, nil);
	check("single segment goes direct", tokadd(&g.r, &g.t[1]) == 0 && g.r.nfree == 1
		&& devpop(&g.d, &q[1], 1) == 1 && !q[1].indirect);
	tokset(&g.t[2], 1, l, 2, l+1);
	check("indirect fits in the last descriptor", tokadd(&g.r, &g.t[2]) == 0 && g.r.nfree == 0
		&& devpop(&g.d, &q[2], 1) == 1 && q[2].indirect);
	for(i = 0; i < 3; i++)
		devpost(&g.d, q[i].head, devserve(&q[i]));
	ok = 1;
	for(i = 0; i < 3; i++)
		ok &= vringgetused(&g.r, &len) == &g.t[i] && tokgood(&g.t[i], len);
	check("mixed chains complete", ok && g.r.nfree == 8 && ringconsistent(&g.r));
	rigdone(&g);
}

static void
testoutoforder(void)
{
	Rig g;
	Req q[5];
	u32int len, l[2] = {8, 8};
	int i, ok, order[5] = {3, 0, 4, 1, 2};

	riglegacy(&g, 16, 0);
	ok = 1;
	for(i = 0; i < 5; i++){
		tokset(&g.t[i], 1, l, 1, l+1);
		ok &= tokadd(&g.r, &g.t[i]) == 0;
	}
	for(i = 0; i < 5; i++)
		ok &= devpop(&g.d, &q[i], 1) == 1;
	for(i = 0; i < 5; i++)
		devpost(&g.d, q[order[i]].head, 1 + order[i]);
	for(i = 0; i < 5; i++)
		ok &= vringgetused(&g.r, &len) == &g.t[order[i]] && len == 1 + (u32int)order[i];
	check("out of order completion", ok);
	check("out of order frees all", g.r.nfree == 16 && g.r.inflight == 0 && ringconsistent(&g.r));
	ok = 1;
	for(i = 0; i < 8; i++){
		tokset(&g.t[i], 1, l, 1, l+1);
		ok &= tokadd(&g.r, &g.t[i]) == 0;
	}
	check("ring reusable after", ok && g.r.nfree == 0);
	rigdone(&g);
}

static void
testlen(void)
{
	Rig g;
	Req q;
	u32int len, l[3] = {8, 8, 8};

	riglegacy(&g, 8, 0);
	tokset(&g.t[0], 1, l, 2, l+1);
	tokadd(&g.r, &g.t[0]);
	devpop(&g.d, &q, 1);
	devpost(&g.d, q.head, 100);
	check("overlong used len clamped", vringgetused(&g.r, &len) == &g.t[0] && len == 16);
	check("overlong len counted, ring lives", g.r.nbadlen == 1 && !g.r.broken);
	tokset(&g.t[1], 1, l, 0, nil);
	tokadd(&g.r, &g.t[1]);
	devpop(&g.d, &q, 1);
	devpost(&g.d, q.head, 5);
	check("len on readable-only chain clamped to 0", vringgetused(&g.r, &len) == &g.t[1]
		&& len == 0 && g.r.nbadlen == 2);
	tokset(&g.t[2], 0, nil, 3, l);
	tokadd(&g.r, &g.t[2]);
	devpop(&g.d, &q, 1);
	devpost(&g.d, q.head, 24);
	check("exact capacity reported", vringgetused(&g.r, &len) == &g.t[2] && len == 24
		&& g.r.nbadlen == 2);
	tokset(&g.t[3], 1, l, 2, l+1);
	check("short len reported", roundtrip(&g, &g.t[3]) && g.r.nbadlen == 2);
	rigdone(&g);
}

static int
isbroken(Rig *g)
{
	u32int len, l[1] = {4};

	tokset(&g->t[7], 1, l, 0, nil);
	return g->r.broken && vringgetused(&g->r, &len) == nil && !vringmoreused(&g->r)
		&& tokadd(&g->r, &g->t[7]) == VringBad && vringroom(&g->r, 1)
		&& vringkickneeded(&g->r) == 0;
}

static void
testbroken(void)
{
	Rig g;
	Req q;
	u32int len, l[3] = {4, 4, 4};

	riglegacy(&g, 8, 0);
	tokset(&g.t[0], 1, l, 0, nil);
	tokadd(&g.r, &g.t[0]);
	devpost(&g.d, 8, 0);
	check("used id out of range breaks ring", vringgetused(&g.r, &len) == nil && isbroken(&g));
	rigdone(&g);

	riglegacy(&g, 8, 0);
	tokset(&g.t[0], 1, l, 0, nil);
	tokadd(&g.r, &g.t[0]);
	devpost(&g.d, 0xFFFFFFFF, 0);
	check("used id 2^32-1 breaks ring", vringgetused(&g.r, &len) == nil && isbroken(&g));
	rigdone(&g);

	riglegacy(&g, 8, 0);
	tokset(&g.t[0], 1, l, 0, nil);
	tokadd(&g.r, &g.t[0]);
	devpost(&g.d, 5, 0);
	check("used id of free descriptor breaks ring", vringgetused(&g.r, &len) == nil && isbroken(&g));
	rigdone(&g);

	riglegacy(&g, 8, 0);
	tokset(&g.t[0], 2, l, 1, l+2);
	tokadd(&g.r, &g.t[0]);
	devpop(&g.d, &q, 1);
	devpost(&g.d, q.head+1, 0);
	check("used id inside a chain breaks ring", vringgetused(&g.r, &len) == nil && isbroken(&g));
	rigdone(&g);

	riglegacy(&g, 8, 0);
	tokset(&g.t[0], 1, l, 0, nil);
	tokset(&g.t[1], 1, l, 0, nil);
	tokadd(&g.r, &g.t[0]);
	tokadd(&g.r, &g.t[1]);
	devpop(&g.d, &q, 1);
	devpost(&g.d, q.head, 0);
	check("first completion fine", vringgetused(&g.r, &len) == &g.t[0]);
	devpost(&g.d, q.head, 0);
	check("double completion breaks ring", vringgetused(&g.r, &len) == nil && isbroken(&g));
	rigdone(&g);

	riglegacy(&g, 8, 0);
	tokset(&g.t[0], 1, l, 0, nil);
	tokset(&g.t[1], 1, l, 0, nil);
	tokadd(&g.r, &g.t[0]);
	tokadd(&g.r, &g.t[1]);
	devpop(&g.d, &q, 1);
	devpost(&g.d, q.head, 0);
	devpost(&g.d, q.head, 0);
	check("double completion in one batch: first fine", vringgetused(&g.r, &len) == &g.t[0]);
	check("double completion in one batch breaks", vringgetused(&g.r, &len) == nil && isbroken(&g));
	rigdone(&g);

	riglegacy(&g, 8, 0);
	tokset(&g.t[0], 1, l, 0, nil);
	tokadd(&g.r, &g.t[0]);
	devpop(&g.d, &q, 1);
	devpost(&g.d, q.head, 0);
	devpost(&g.d, q.head, 0);
	check("more completions than in flight break ring",
		vringgetused(&g.r, &len) == nil && isbroken(&g));
	rigdone(&g);

	riglegacy(&g, 8, 0);
	tokset(&g.t[0], 1, l, 0, nil);
	tokadd(&g.r, &g.t[0]);
	g.d.used->idx = 1000;
	check("used idx beyond in-flight breaks ring", vringgetused(&g.r, &len) == nil && isbroken(&g));
	check("broken ring frees nothing", g.r.nfree == 7 && g.r.inflight == 1);
	rigdone(&g);
}

/* Run n single-segment round trips to move both indices along. */
static int
advance(Rig *g, int n)
{
	u32int l[2] = {4, 4};
	int i;

	for(i = 0; i < n; i++){
		tokset(&g->t[0], 1, l, 1, l+1);
		if(!roundtrip(g, &g->t[0]))
			return 0;
		vringkickneeded(&g->r);
	}
	return 1;
}

static void
testwrap(void)
{
	Rig g;
	Req q[4];
	u32int len, l[2] = {4, 4};
	int i, round, ok;
	int order[4] = {2, 0, 3, 1};

	riglegacy(&g, 4, 0);
	check("advance to 65530", advance(&g, 65530) && g.r.availidx == 65530
		&& g.r.lastused == 65530 && g.d.used->idx == 65530);
	ok = 1;
	for(round = 0; round < 3; round++){
		for(i = 0; i < 4; i++){
			tokset(&g.t[i], 0, nil, 1, l);
			ok &= tokadd(&g.r, &g.t[i]) == 0;
		}
		ok &= g.r.nfree == 0 && tokadd(&g.r, &g.t[0]) == VringFull;
		for(i = 0; i < 4; i++)
			ok &= devpop(&g.d, &q[i], 1) == 1;
		for(i = 0; i < 4; i++)
			devpost(&g.d, q[order[i]].head, devserve(&q[order[i]]));
		for(i = 0; i < 4; i++)
			ok &= vringgetused(&g.r, &len) == &g.t[order[i]] && tokgood(&g.t[order[i]], len);
		ok &= vringgetused(&g.r, &len) == nil;
	}
	check("batches across index wrap", ok);
	check("indices wrapped", g.r.availidx == 6 && g.d.avail->idx == 6 && g.r.lastused == 6
		&& g.d.used->idx == 6);
	check("ring intact after wrap", g.r.nfree == 4 && ringconsistent(&g.r) && !g.r.broken);
	rigdone(&g);
}

static void
testkick(void)
{
	Rig g;
	Req q;
	u32int l[1] = {4};
	int i, ok;

	riglegacy(&g, 8, 0);
	tokset(&g.t[0], 1, l, 0, nil);
	tokadd(&g.r, &g.t[0]);
	check("flags: kick after add", vringkickneeded(&g.r) == 1);
	devpop(&g.d, &q, 1);
	devwantkick(&g.d, 0);
	tokset(&g.t[1], 1, l, 0, nil);
	tokadd(&g.r, &g.t[1]);
	check("flags: NO_NOTIFY suppresses kick", vringkickneeded(&g.r) == 0);
	devwantkick(&g.d, 1);
	tokset(&g.t[2], 1, l, 0, nil);
	tokadd(&g.r, &g.t[2]);
	check("flags: kick again when cleared", vringkickneeded(&g.r) == 1);
	check("flags: no kick without new adds", vringkickneeded(&g.r) == 0);
	for(i = 3; i < 6; i++){
		tokset(&g.t[i], 1, l, 0, nil);
		tokadd(&g.r, &g.t[i]);
	}
	check("flags: one kick for a batch", vringkickneeded(&g.r) == 1 && vringkickneeded(&g.r) == 0);
	rigdone(&g);

	riglegacy(&g, 8, 0);
	vringeventidx(&g.r, 1);
	g.d.eventidx = 1;
	*g.d.availevent = 0;
	tokset(&g.t[0], 1, l, 0, nil);
	tokadd(&g.r, &g.t[0]);
	check("event: kick when avail_event published", vringkickneeded(&g.r) == 1);
	devpop(&g.d, &q, 1);	/* sets avail_event 1 */
	for(i = 1; i < 3; i++){
		tokset(&g.t[i], 1, l, 0, nil);
		tokadd(&g.r, &g.t[i]);
	}
	check("event: kick when batch covers avail_event", vringkickneeded(&g.r) == 1);
	tokset(&g.t[3], 1, l, 0, nil);
	tokadd(&g.r, &g.t[3]);
	check("event: no kick past a stale avail_event", vringkickneeded(&g.r) == 0);
	*g.d.availevent = 6;
	for(i = 4; i < 6; i++){
		tokset(&g.t[i], 1, l, 0, nil);
		tokadd(&g.r, &g.t[i]);
	}
	check("event: no kick before avail_event", vringkickneeded(&g.r) == 0);
	tokset(&g.t[6], 1, l, 0, nil);
	tokadd(&g.r, &g.t[6]);
	check("event: kick on reaching avail_event", vringkickneeded(&g.r) == 1);
	g.d.used->flags = VusedNoNotify;
	*g.d.availevent = 7;
	tokset(&g.t[7], 1, l, 0, nil);
	tokadd(&g.r, &g.t[7]);
	check("event: used flags ignored", vringkickneeded(&g.r) == 1);
	rigdone(&g);

	riglegacy(&g, 4, 0);
	vringeventidx(&g.r, 1);
	g.d.eventidx = 1;
	ok = advance(&g, 65534);
	*g.d.availevent = 65535;
	tokset(&g.t[1], 1, l, 0, nil);
	tokadd(&g.r, &g.t[1]);
	ok &= vringkickneeded(&g.r) == 0;
	tokset(&g.t[2], 1, l, 0, nil);
	tokadd(&g.r, &g.t[2]);
	check("event: kick across index wrap", ok && g.r.availidx == 0 && vringkickneeded(&g.r) == 1);
	rigdone(&g);
}

static void
drain(Vring *r, int *ok)
{
	u32int len;

	while(vringgetused(r, &len) != nil)
		;
	*ok &= !r->broken;
}

static void
testintr(void)
{
	Rig g;
	Req q[4];
	u32int l[1] = {4};
	int i, ok;

	riglegacy(&g, 8, 0);
	for(i = 0; i < 3; i++){
		tokset(&g.t[i], 1, l, 0, nil);
		tokadd(&g.r, &g.t[i]);
		devpop(&g.d, &q[i], 1);
	}
	check("flags: interrupt by default", devpost(&g.d, q[0].head, 0) == 1);
	ok = 1;
	drain(&g.r, &ok);
	vringdisableintr(&g.r);
	check("flags: disable sets NO_INTERRUPT", g.d.avail->flags == VavailNoIntr);
	check("flags: no interrupt while disabled", devpost(&g.d, q[1].head, 0) == 0);
	check("flags: enable reports the raced completion", vringenableintr(&g.r) == 1);
	check("flags: enable clears flag", g.d.avail->flags == 0);
	drain(&g.r, &ok);
	check("flags: enable with nothing pending", vringenableintr(&g.r) == 0 && ok);
	check("flags: interrupt after enable", devpost(&g.d, q[2].head, 0) == 1);
	rigdone(&g);

	riglegacy(&g, 8, 0);
	vringeventidx(&g.r, 1);
	g.d.eventidx = 1;
	check("event: flags zero, used_event armed", g.d.avail->flags == 0 && *g.d.usedevent == 0);
	for(i = 0; i < 4; i++){
		tokset(&g.t[i], 1, l, 0, nil);
		tokadd(&g.r, &g.t[i]);
		devpop(&g.d, &q[i], 1);
	}
	check("event: first completion interrupts", devpost(&g.d, q[0].head, 0) == 1);
	check("event: second without reading does not", devpost(&g.d, q[1].head, 0) == 0);
	ok = 1;
	drain(&g.r, &ok);
	check("event: used_event follows last used", *g.d.usedevent == 2 && ok);
	vringdisableintr(&g.r);
	check("event: disable keeps flags zero", g.d.avail->flags == 0);
	check("event: no interrupt while disabled", devpost(&g.d, q[2].head, 0) == 0);
	check("event: enable reports the raced completion", vringenableintr(&g.r) == 1);
	drain(&g.r, &ok);
	check("event: enable with nothing pending", vringenableintr(&g.r) == 0);
	check("event: interrupt after enable", devpost(&g.d, q[3].head, 0) == 1);
	rigdone(&g);
}

/*
 * Random traffic against a device that works only when kicked and a
 * driver that collects only on interrupts (or while polling with
 * interrupts off): a wrong kick or interrupt decision stalls it.
 * Completion order is random, chains random, and enough requests go
 * through for both indices to wrap.
 */
static int
stress(int split, uint num, uint maxind, int eventidx, int nreq)
{
	static Req pend[256];
	Rig g;
	Tok *t;
	u32int len;
	int npend, added, done, steps, intr, i, k, rc, ok;

	if(split)
		rigsplit(&g, num, maxind);
	else
		riglegacy(&g, num, maxind);
	vringeventidx(&g.r, eventidx);
	g.d.eventidx = eventidx;
	ok = 1;
	npend = added = done = steps = intr = 0;
	while(done < nreq && ok){
		if(++steps > 40*nreq){
			printf("stall: added %d done %d\n", added, done);
			ok = 0;
			break;
		}
		switch(rnd() % 4){
		case 0:
			for(i = 0; i < (int)num && g.t[i].busy; i++)
				;
			if(i == (int)num || added == nreq)
				break;
			t = &g.t[i];
			tokrand(t, num < 6 ? num : 6);
			rc = tokadd(&g.r, t);
			if(rc == VringFull){
				ok &= !vringroom(&g.r, t->nout + t->nin);
				break;
			}
			ok &= rc == 0;
			t->busy = 1;
			added++;
			if(vringkickneeded(&g.r) && !g.d.active){
				g.d.active = 1;
				devwantkick(&g.d, 0);
			}
			break;
		case 1:
			if(!g.d.active)
				break;
			rc = devpop(&g.d, &pend[npend], rnd() & 1);
			if(rc == 0){
				g.d.active = 0;
				devwantkick(&g.d, 1);
			}else if(rc < 0)
				ok = 0;
			else
				npend++;
			break;
		case 2:
			if(npend == 0)
				break;
			k = rnd() % npend;
			intr |= devpost(&g.d, pend[k].head, devserve(&pend[k]));
			pend[k] = pend[--npend];
			break;
		case 3:
			if(intr){
				intr = 0;
			}else if(rnd() % 8 == 0)
				vringdisableintr(&g.r);
			else
				break;
			do{
				while((t = vringgetused(&g.r, &len)) != nil){
					ok &= t >= g.t && t < g.t + num && t->busy && tokgood(t, len);
					t->busy = 0;
					done++;
				}
			}while(g.r.introff && vringenableintr(&g.r));
			break;
		}
		if(steps % 997 == 0)
			ok &= ringconsistent(&g.r);
	}
	ok &= !g.r.broken && g.r.nbadlen == 0 && g.d.nbad == 0;
	ok &= g.r.nfree == num && g.r.inflight == 0 && ringconsistent(&g.r);
	ok &= g.r.availidx == (u16int)nreq && g.d.avail->idx == (u16int)nreq;
	ok &= g.r.lastused == (u16int)nreq && g.d.used->idx == (u16int)nreq;
	rigdone(&g);
	return ok;
}

int
main(void)
{
	testsizes();
	testsingle();
	testmulti();
	testfull();
	testindirect();
	testoutoforder();
	testlen();
	testbroken();
	testwrap();
	testkick();
	testintr();
	check("stress legacy num 8 direct flags", stress(0, 8, 0, 0, 70000));
	check("stress legacy num 8 indirect event", stress(0, 8, 4, 1, 70000));
	check("stress split num 16 direct event", stress(1, 16, 0, 1, 70000));
	check("stress split num 64 indirect flags", stress(1, 64, 6, 0, 70000));
	check("stress num 1", stress(0, 1, 0, 1, 70000));
	check("stress num 2 indirect", stress(1, 2, 2, 0, 70000));
	return testsummary(137);
}
