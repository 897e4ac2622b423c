/*
 * Host tests for the guest libc (lib/libc): SHA-1, qsort, ctype,
 * ctime/gmtime, the user malloc over a fake sbrk arena, Biobuf over
 * pipes and files, wait's parsing of await strings, errstr/%r,
 * dirread and dirstat over fake system calls, strtok, unquotestrdup.
 *
 * malloc.c is compiled into this file, its entry points renamed, so
 * that it neither fights glibc's allocator nor hides its internals
 * from the heap checker below.  The other sources are linked as they
 * are; glibc provides read, write, pipe, close; this file fakes the
 * Plan 9 calls the host lacks (errstr, await, create, stat, fstat,
 * brk_).  Build: see the report or tests/unit/mkfile.
 */
#define	malloc	umalloc
#define	mallocz	umallocz
#define	realloc	urealloc
#define	free	ufree
#define	sbrk	fakesbrk
#include "../../lib/libc/malloc.c"
#undef malloc
#undef mallocz
#undef realloc
#undef free
#undef sbrk

#include "test.h"

void*	malloc(usize);
void*	realloc(void*, usize);
void	free(void*);
int	hostopen(char*, int, ...) __asm__("open");
int	unlink(char*);

/* ---- fake system calls ---- */

static char kerr[ERRMAX];

/* Plan 9's swap: the caller's string becomes the error, the old error comes back */
int
errstr(char *buf, uint n)
{
	char old[ERRMAX];

	if(n > ERRMAX)
		n = ERRMAX;
	strecpy(old, old + sizeof old, kerr);
	if(n > 0){
		strecpy(kerr, kerr + n, buf);
		strecpy(buf, buf + n, old);
	}
	return 0;
}

/* what the kernel does when a call fails */
static void
seterr(char *e)
{
	strecpy(kerr, kerr + sizeof kerr, e);
}

static char *awaitstr;

int
await(char *buf, int n)
{
	int l;

	if(awaitstr == nil){
		seterr("no living children");
		return -1;
	}
	l = strlen(awaitstr);
	if(l > n)
		l = n;
	memmove(buf, awaitstr, l);
	return l;
}

int
create(char *name, int mode, u32int perm)
{
	USED(mode);
	return hostopen(name, 01|0100|01000, perm);	/* O_WRONLY|O_CREAT|O_TRUNC */
}

/* stat answers with this entry, or only its size when the buffer is short */
static uchar statbuf[1024];
static int statlen, nstatcalls;

int
stat(char *name, uchar *buf, int n)
{
	USED(name);
	nstatcalls++;
	if(n < BIT16SZ)
		return -1;
	if(n < statlen){
		memmove(buf, statbuf, BIT16SZ);
		return BIT16SZ;
	}
	memmove(buf, statbuf, statlen);
	return statlen;
}

int
fstat(int fd, uchar *buf, int n)
{
	USED(fd);
	return stat(nil, buf, n);
}

/* wstat keeps the entry for the next stat */
int
wstat(char *name, uchar *buf, int n)
{
	USED(name);
	if(n < 0 || n > (int)sizeof statbuf){
		seterr("wstat too long");
		return -1;
	}
	memmove(statbuf, buf, n);
	statlen = n;
	return n;
}

int
fwstat(int fd, uchar *buf, int n)
{
	USED(fd);
	return wstat(nil, buf, n);
}

/* ---- SHA-1 ---- */

static void
hex(char *s, uchar *d, int n)
{
	int i;

	for(i = 0; i < n; i++)
		snprint(s + 2*i, 3, "%.2ux", d[i]);
}

static int
sha1is(uchar *p, usize n, usize piece, char *want)
{
	SHA1state s;
	uchar d[SHA1dlen];
	char h[2*SHA1dlen+1];
	usize i, m;

	sha1init(&s);
	for(i = 0; i < n; i += m){
		m = n - i < piece ? n - i : piece;
		sha1update(&s, p + i, m);
	}
	if(n == 0)
		sha1update(&s, p, 0);
	sha1final(&s, d);
	hex(h, d, SHA1dlen);
	if(strcmp(h, want) != 0)
		printf("  got %s want %s\n", h, want);
	return strcmp(h, want) == 0;
}

static void
testsha1(void)
{
	static uchar big[1000000];
	char *v448;
	usize i;

	v448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	check("sha1 abc", sha1is((uchar*)"abc", 3, 3, "a9993e364706816aba3e25717850c26c9cd0d89d"));
	check("sha1 empty", sha1is((uchar*)"", 0, 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
	check("sha1 448-bit", sha1is((uchar*)v448, 56, 56, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"));
	check("sha1 448-bit bytewise", sha1is((uchar*)v448, 56, 1, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"));
	memset(big, 'a', sizeof big);
	check("sha1 million a", sha1is(big, sizeof big, sizeof big, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"));
	check("sha1 million a in 7s", sha1is(big, sizeof big, 7, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"));
	check("sha1 million a in 4096s", sha1is(big, sizeof big, 4096, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"));
	for(i = 0; i < 100000; i++)
		big[i] = i*7 + (i>>8);
	check("sha1 pattern 100000 in 63s", sha1is(big, 100000, 63, "557878b8118e7a9bdc75bcfc419f9b082ce073e6"));
}

/* ---- qsort ---- */

static u64int rng = 88172645463325252ULL;

static u64int
xrand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int ncmp;

static int
intcmp(void *a, void *b)
{
	int x, y;

	ncmp++;
	x = *(int*)a;
	y = *(int*)b;
	return x < y ? -1 : x > y;
}

typedef struct Rec Rec;
struct Rec {
	char	key[7];		/* odd size: the byte-swapping path */
};

static int
reccmp(void *a, void *b)
{
	return memcmp(((Rec*)a)->key, ((Rec*)b)->key, sizeof ((Rec*)a)->key);
}

typedef struct Big Big;
struct Big {
	vlong	key;
	vlong	pad[3];
};

static int
bigcmp(void *a, void *b)
{
	vlong x, y;

	x = ((Big*)a)->key;
	y = ((Big*)b)->key;
	return x < y ? -1 : x > y;
}

/* a counting sort of small ints as the reference */
static int
sortedlike(int *a, int *orig, int n, int range)
{
	static int count[1000];
	int i, j, k;

	memset(count, 0, sizeof count);
	for(i = 0; i < n; i++)
		count[orig[i]]++;
	k = 0;
	for(i = 0; i < range; i++)
		for(j = 0; j < count[i]; j++)
			if(a[k++] != i)
				return 0;
	return k == n;
}

static void
testqsort(void)
{
	static int a[20000], orig[20000];
	static Rec r[3000];
	static Big b[5000];
	int n, i, kind, ok, range;
	char name[64];

	for(kind = 0; kind < 6; kind++)
	for(n = 0; n <= 20000; n = n < 20 ? n+1 : n*3){
		range = kind == 1 ? 3 : 1000;
		for(i = 0; i < n; i++){
			switch(kind){
			case 0:	/* random */
			case 1:	/* many duplicates */
				orig[i] = xrand() % range;
				break;
			case 2:	/* sorted */
				orig[i] = i % 1000 * (i < 1000) + (i >= 1000 ? 999 : 0);
				break;
			case 3:	/* reversed */
				orig[i] = 999 - i*999/(n ? n : 1);
				break;
			case 4:	/* all equal */
				orig[i] = 5;
				break;
			case 5:	/* organ pipe */
				orig[i] = (i < n/2 ? i : n - i) * 999 / (n ? n : 1);
				break;
			}
		}
		memmove(a, orig, n * sizeof a[0]);
		ncmp = 0;
		qsort(a, n, sizeof a[0], intcmp);
		ok = sortedlike(a, orig, n, 1000);
		if(!ok || n == 20000){
			snprint(name, sizeof name, "qsort kind %d n %d", kind, n);
			check(name, ok);
		}
		if(n == 20000){
			/* n log n, not n squared: 2*n*log2(n) is about 570000 */
			snprint(name, sizeof name, "qsort kind %d comparisons %d bounded", kind, ncmp);
			check(name, ncmp < 1000000);
		}
	}
	for(i = 0; i < (int)nelem(r); i++)
		for(n = 0; n < 7; n++)
			r[i].key[n] = 'a' + xrand() % 4;
	qsort(r, nelem(r), sizeof r[0], reccmp);
	ok = 1;
	for(i = 1; i < (int)nelem(r); i++)
		if(reccmp(&r[i-1], &r[i]) > 0)
			ok = 0;
	check("qsort 7-byte records", ok);
	for(i = 0; i < (int)nelem(b); i++){
		b[i].key = (vlong)(xrand() % 100000) - 50000;
		b[i].pad[0] = b[i].key * 3;
		b[i].pad[2] = ~b[i].key;
	}
	qsort(b, nelem(b), sizeof b[0], bigcmp);
	ok = 1;
	for(i = 0; i < (int)nelem(b); i++){
		if(i > 0 && b[i-1].key > b[i].key)
			ok = 0;
		if(b[i].pad[0] != b[i].key*3 || b[i].pad[2] != ~b[i].key)
			ok = 0;	/* records stayed whole */
	}
	check("qsort 32-byte records kept whole", ok);
}

/* ---- ctype ---- */

static void
testctype(void)
{
	int c, ok;

	ok = 1;
	for(c = -1; c < 256; c++){
		if(isdigit(c) != (c >= '0' && c <= '9'))
			ok = 0;
		if(isalpha(c) != ((c|0x20) >= 'a' && (c|0x20) <= 'z'))
			ok = 0;
		if(isalnum(c) != (isalpha(c) || isdigit(c)))
			ok = 0;
		if(isspace(c) != (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'))
			ok = 0;
		if(isprint(c) != (c >= 32 && c < 127))
			ok = 0;
		if(c >= 'a' && c <= 'z' && (toupper(c) != c - 32 || !islower(c) || isupper(c)))
			ok = 0;
		if(!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && (toupper(c) != c || tolower(c) != c))
			ok = 0;
	}
	check("ctype classes over -1..255", ok);
	check("tolower A", tolower('A') == 'a');
}

/* ---- time ---- */

static void
testctime(void)
{
	static struct { long t; char *s; int yday; } tab[] = {
		{0, "Thu Jan  1 00:00:00 GMT 1970\n", 0},
		{1000000000, "Sun Sep  9 01:46:40 GMT 2001\n", 251},
		{951782400, "Tue Feb 29 00:00:00 GMT 2000\n", 59},
		{-1, "Wed Dec 31 23:59:59 GMT 1969\n", 364},
		{2147483647, "Tue Jan 19 03:14:07 GMT 2038\n", 18},
		{4102444800, "Fri Jan  1 00:00:00 GMT 2100\n", 0},
		{-2208988800, "Mon Jan  1 00:00:00 GMT 1900\n", 0},
		{1795307400, "Sun Nov 22 00:30:00 GMT 2026\n", 325},
		{1709294399, "Fri Mar  1 11:59:59 GMT 2024\n", 60},
		{253402300799, "Fri Dec 31 23:59:59 GMT 9999\n", 364},
	};
	char name[80], *s;
	Tm tm, *p;
	long day;
	int i, ok;

	for(i = 0; i < (int)nelem(tab); i++){
		s = ctime(tab[i].t);
		snprint(name, sizeof name, "ctime %ld", tab[i].t);
		if(strcmp(s, tab[i].s) != 0)
			printf("  got %s", s);
		check(name, strcmp(s, tab[i].s) == 0 && gmtime(tab[i].t)->yday == tab[i].yday);
	}
	/* day by day over ±2000 years the calendar advances as it should */
	ok = 1;
	tm = *gmtime(-800000L*86400);
	for(day = -800000+1; day < 800000 && ok; day++){
		p = gmtime(day*86400 + 43200);
		if(p->wday != (tm.wday+1) % 7)
			ok = 0;
		if(p->mday == 1){
			if(p->mon != (tm.mon+1) % 12 || (p->mon == 0) != (p->year == tm.year+1))
				ok = 0;
			if(p->mon == 0 ? p->yday != 0 : p->yday != tm.yday+1)
				ok = 0;
			/* the month just ended had the right length */
			if(tm.mday != (tm.mon == 1 ? 28 + (tm.year%4 == 0 && ((tm.year+1900)%100 != 0 || (tm.year+1900)%400 == 0)) :
			    tm.mon == 3 || tm.mon == 5 || tm.mon == 8 || tm.mon == 10 ? 30 : 31))
				ok = 0;
		}else if(p->mday != tm.mday+1 || p->mon != tm.mon || p->yday != tm.yday+1)
			ok = 0;
		if(p->hour != 12 || p->min != 0 || p->sec != 0)
			ok = 0;
		if(!ok)
			printf("  calendar breaks at day %ld: %s", day, asctime(p));
		tm = *p;
	}
	check("gmtime day by day over 4380 years", ok);
}

/* ---- malloc over a fake sbrk ---- */

enum {
	Arena	= 64<<20,
};

static uchar *arena;
static usize arenaused;
static int nsbrk, sbrkgap;

void*
fakesbrk(ulong n)
{
	uchar *p;

	if(sbrkgap){
		/* someone else took memory in between: not contiguous */
		arenaused += 4096 + 8;
		sbrkgap = 0;
	}
	if(n > Arena - arenaused)
		return (void*)-1;
	nsbrk++;
	p = arena + arenaused;
	arenaused += n;
	return p;
}

/*
 * Walk every block of the arena: tags agree, no two free blocks touch,
 * every free block is on the list for its size; *maxfree is the
 * largest free block.
 */
static int
heapok(usize *maxfree)
{
	Block *b, *f;
	uchar *p, *e;
	usize nfree, nlisted, fb;
	int i, prevfree;

	nfree = 0;
	fb = 0;
	p = (uchar*)(((uintptr)arena + Align-1) & ~(uintptr)(Align-1));
	e = arena + arenaused;
	prevfree = 0;
	while(p < e){
		b = (Block*)p;
		if(bsize(b) == 0){
			/* an end marker; a region gap may follow */
			if(!(b->size & Inuse))
				return 0;
			p += Hdr;
			while(p < e && ((Block*)p)->size == 0 && p != (uchar*)top)
				p += Align;
			prevfree = 0;
			continue;
		}
		if(bsize(b) < Minblock || bsize(b) % Align != 0 || p + bsize(b) > e)
			return 0;
		if(((b->size & Previnuse) != 0) == prevfree)
			return 0;
		if(!(b->size & Inuse)){
			if(prevfree)
				return 0;
			if(after(b)->prevsize != bsize(b))
				return 0;
			nfree++;
			if(bsize(b) > fb)
				fb = bsize(b);
		}
		prevfree = !(b->size & Inuse);
		p += bsize(b);
	}
	nlisted = 0;
	for(i = 0; i < Nbin; i++){
		if((bins[i] != nil) != ((binmap[i/64] >> (i%64)) & 1))
			return 0;
		for(f = bins[i]; f != nil; f = f->next){
			if(binof(bsize(f)) != i || (f->size & Inuse))
				return 0;
			if(f->next != nil && f->next->prev != f)
				return 0;
			nlisted++;
		}
	}
	if(maxfree != nil)
		*maxfree = fb;
	return nlisted == nfree;
}

typedef struct Live Live;
struct Live {
	uchar	*p;
	usize	n;
	uchar	seed;
};

static void
fill(uchar *p, usize n, uchar seed)
{
	usize i;

	for(i = 0; i < n; i++)
		p[i] = seed + i*13;
}

static int
intact(uchar *p, usize n, uchar seed)
{
	usize i;

	for(i = 0; i < n; i++)
		if(p[i] != (uchar)(seed + i*13))
			return 0;
	return 1;
}

static usize
randsize(void)
{
	switch(xrand() % 10){
	case 0:
		return xrand() % 200000;
	case 1:
	case 2:
		return xrand() % 5000;
	}
	return xrand() % 300;
}

static void
testmalloc(void)
{
	static Live live[2000];
	usize n, fb;
	uchar *p, *q;
	int i, j, ok, aligned, before;

	arena = malloc(Arena);
	check("umalloc 0 gives a block", (p = umalloc(0)) != nil);
	ufree(p);
	ufree(nil);
	check("umalloc too much fails", umalloc((usize)1<<50) == nil);
	check("umalloc beyond the arena fails", umalloc(Arena) == nil);
	check("heap sound after failures", heapok(nil));

	ok = 1;
	aligned = 1;
	for(i = 0; i < 400000; i++){
		j = xrand() % nelem(live);
		if(live[j].p != nil){
			if(!intact(live[j].p, live[j].n, live[j].seed))
				ok = 0;
			if(xrand() % 3 == 0){
				/* realloc keeps the prefix */
				n = randsize();
				q = urealloc(live[j].p, n);
				if(n != 0 && q == nil){
					ok = 0;
					break;
				}
				if(n != 0 && !intact(q, n < live[j].n ? n : live[j].n, live[j].seed))
					ok = 0;
				live[j].p = q;
				live[j].n = n;
				if(q != nil)
					fill(q, n, live[j].seed);
				continue;
			}
			ufree(live[j].p);
			live[j].p = nil;
			continue;
		}
		if(i % 50000 == 7)
			sbrkgap = 1;
		n = randsize();
		live[j].p = xrand() & 1 ? umalloc(n) : umallocz(n, 1);
		if(live[j].p == nil){
			ok = 0;
			break;
		}
		if((uintptr)live[j].p % 16 != 0)
			aligned = 0;
		live[j].n = n;
		live[j].seed = xrand();
		fill(live[j].p, n, live[j].seed);
		if(i % 20000 == 0 && !heapok(nil)){
			printf("  heap broken at step %d\n", i);
			ok = 0;
			break;
		}
	}
	check("umalloc stress: contents intact", ok);
	check("umalloc stress: 16-byte aligned", aligned);
	check("umalloc stress: heap sound", heapok(nil));
	check("umalloc stress: arena not exhausted", arenaused < Arena/2);
	for(i = 0; i < (int)nelem(live); i++){
		ufree(live[i].p);
		live[i].p = nil;
	}
	check("heap sound when all freed", heapok(&fb));

	/* everything merged back: the largest free block is all of a region */
	before = nsbrk;
	if(fb < 4<<20)
		printf("  largest free block %lu of %lu used\n", fb, arenaused);
	check("free blocks merged to region size", fb >= 4<<20);
	p = umalloc(fb - Hdr);
	check("freed memory coalesced", p != nil && nsbrk == before);
	ufree(p);

	/* zeroing */
	p = umalloc(1000);
	memset(p, 0xAA, 1000);
	ufree(p);
	p = umallocz(1000, 1);
	ok = 1;
	for(i = 0; i < 1000; i++)
		if(p[i] != 0)
			ok = 0;
	check("umallocz zeroes reused memory", ok);

	/* realloc growing in place into a free successor */
	q = umalloc(100);
	fill(p, 1000, 3);
	ufree(q);
	q = urealloc(p, 5000);
	check("urealloc grows with contents", q != nil && intact(q, 1000, 3));
	check("urealloc to 0 frees", urealloc(q, 0) == nil);
	check("heap sound at the end", heapok(nil));
	free(arena);
}

/* ---- Biobuf ---- */

static void
testbiopipe(void)
{
	Biobuf bin, bout;
	int fd[2], i, ok, c;
	char *s, want[64];

	if(pipe(fd) < 0){
		check("pipe", 0);
		return;
	}
	Binit(&bout, fd[1], OWRITE);
	for(i = 0; i < 100; i++)
		Bprint(&bout, "line %d of %s\n", i, "pipe");
	Bputc(&bout, 'x');
	Bwrite(&bout, "yz", 2);
	for(i = 0, c = 3; i < 100; i++)
		c += snprint(want, sizeof want, "line %d of pipe\n", i);
	check("Boffset counts buffered output", Boffset(&bout) == c);
	check("Bflush", Bflush(&bout) == 0);
	check("Bterm on a write Biobuf", Bterm(&bout) == 0);
	close(fd[1]);
	Binit(&bin, fd[0], OREAD);
	ok = 1;
	for(i = 0; i < 100; i++){
		s = Brdline(&bin, '\n');
		snprint(want, sizeof want, "line %d of pipe\n", i);
		if(s == nil || Blinelen(&bin) != (int)strlen(want) || memcmp(s, want, strlen(want)) != 0)
			ok = 0;
	}
	check("Brdline over a pipe", ok);
	check("Bgetc x", Bgetc(&bin) == 'x');
	check("Bungetc", Bungetc(&bin) == 1 && Bgetc(&bin) == 'x');
	check("Bgetc y z", Bgetc(&bin) == 'y' && Bgetc(&bin) == 'z');
	check("Bgetc at end", Bgetc(&bin) == Beof);
	check("Bungetc after end", Bungetc(&bin) == 1 && Bgetc(&bin) == 'z');
	check("Brdline at end", Brdline(&bin, '\n') == nil && Blinelen(&bin) == 0);
	check("Bputc on a read Biobuf", Bputc(&bin, 'a') == Beof);
	c = Bterm(&bin);
	close(fd[0]);
	check("Bterm", c == 0);
}

static void
testbiofile(void)
{
	static char path[64];
	static uchar data[300000];
	Biobuf *b;
	long n, off, m, nlines;
	usize ll;
	char *s, *line;
	uchar *buf;
	int i, c, ok, okline, oklong;

	snprint(path, sizeof path, "/tmp/t_ulibc.%d", getpid());
	/* lines of all lengths, some longer than the buffer */
	n = 0;
	nlines = 0;
	while(n < (long)sizeof data - 20000){
		ll = nlines % 17 == 5 ? Bsize + xrand() % 9000 : xrand() % 120;
		for(i = 0; i < (int)ll; i++, n++)
			data[n] = 'a' + (n + nlines) % 26;
		data[n++] = '\n';
		nlines++;
	}
	data[n++] = 'e';	/* a last line without newline */
	data[n++] = 'n';
	data[n++] = 'd';
	b = Bopen(path, OWRITE);
	check("Bopen for writing", b != nil);
	if(b == nil)
		return;
	ok = 1;
	for(off = 0; off < n; off += m){
		m = xrand() % 3 == 0 ? (long)(xrand() % 20000) : (long)(xrand() % 50);
		if(m > n - off)
			m = n - off;
		if(m == 1)
			ok &= Bputc(b, data[off]) == 0;
		else
			ok &= Bwrite(b, data + off, m) == m;
	}
	check("Bwrite in pieces", ok);
	check("Bterm after writing", Bterm(b) == 0);

	b = Bopen(path, OREAD);
	check("Bopen for reading", b != nil);
	if(b == nil)
		return;
	okline = 1;
	for(off = 0; off < n; off += Blinelen(b)){
		s = Brdstr(b, '\n', 0);
		if(s == nil || (long)strlen(s) != Blinelen(b) || memcmp(s, data + off, Blinelen(b)) != 0){
			okline = 0;
			free(s);
			break;
		}
		free(s);
	}
	check("Brdstr reads back every line", okline && off == n);
	check("Brdstr at end", Brdstr(b, '\n', 1) == nil);
	Bterm(b);

	b = Bopen(path, OREAD);
	okline = 1;
	oklong = 1;
	off = 0;
	while(off < n){
		s = memchr(data + off, '\n', n - off);
		m = s != nil ? (uchar*)s + 1 - (data + off) : n - off;
		line = Brdline(b, '\n');
		if(line != nil){
			if(Blinelen(b) != m || memcmp(line, data + off, m) != 0){
				okline = 0;
				break;
			}
		}else if(s == nil){
			/* the last line, lacking its newline: skipped, its length told */
			if(Blinelen(b) != m)
				oklong = 0;
		}else{
			/* too long: a bufferful skipped; the rest is still there */
			if(m <= Bsize || Blinelen(b) != Bsize){
				oklong = 0;
				break;
			}
			for(i = Bsize; (c = Bgetc(b)) >= 0; ){
				i++;
				if(c == '\n')
					break;
			}
			if(i != m){
				oklong = 0;
				break;
			}
		}
		off += m;
	}
	check("Brdline reads back the lines that fit", okline);
	check("Brdline skips lines longer than the buffer", oklong && off == n);
	check("Brdline at end", Brdline(b, '\n') == nil && Blinelen(b) == 0);
	Bterm(b);

	b = Bopen(path, OREAD);
	buf = malloc(n + 1);
	ok = 1;
	for(off = 0; off < n; off += m){
		m = xrand() % 4 == 0 ? (long)(xrand() % 30000) : (long)(xrand() % 100);
		if(m > n - off)
			m = n - off;
		if(Bread(b, buf + off, m) != m){
			ok = 0;
			break;
		}
		if(off + m < n && xrand() % 5 == 0){
			/* a byte read by Bgetc can always be put back */
			if(Bgetc(b) != data[off + m] || Bungetc(b) != 1)
				ok = 0;
		}
	}
	check("Bread in pieces", ok && memcmp(buf, data, n) == 0);
	check("Bread at end", Bread(b, buf, 10) == 0);
	check("Boffset at end", Boffset(b) == n);
	free(buf);
	Bterm(b);
	unlink(path);
}

/* ---- wait ---- */

static void
testwait(void)
{
	Waitmsg *w;

	awaitstr = "12 10 20 30 'sys: trap: page fault pc=0x201000'";
	w = wait();
	check("wait parses", w != nil && w->pid == 12 && w->time[0] == 10 && w->time[1] == 20 && w->time[2] == 30
		&& strcmp(w->msg, "sys: trap: page fault pc=0x201000") == 0);
	free(w);
	awaitstr = "5 0 0 1 ''";
	w = wait();
	check("wait empty message", w != nil && w->pid == 5 && w->msg[0] == 0);
	free(w);
	awaitstr = "7 1 2 3 'it''s gone'";
	w = wait();
	check("wait quoted quote", w != nil && strcmp(w->msg, "it's gone") == 0);
	free(w);
	awaitstr = "8 1 2 3 plain";
	w = wait();
	check("wait unquoted word", w != nil && strcmp(w->msg, "plain") == 0);
	free(w);
	awaitstr = "x 1 2 3 ''";
	check("wait bad pid", wait() == nil);
	awaitstr = "9 1 2";
	check("wait too few fields", wait() == nil);
	awaitstr = "9 1 2 3x 'a'";
	check("wait bad number", wait() == nil);
	awaitstr = "44 0 0 0 'x'";
	check("waitpid", waitpid() == 44);
	awaitstr = nil;
	check("wait with no children", wait() == nil && waitpid() == -1);
}

/* ---- errstr ---- */

static void
testerrstr(void)
{
	char buf[ERRMAX], big[300];

	werrstr("boom %d", 42);
	snprint(buf, sizeof buf, "%r");
	check("%r after werrstr", strcmp(buf, "boom 42") == 0);
	snprint(buf, sizeof buf, "%r");
	check("%r does not clear", strcmp(buf, "boom 42") == 0);
	rerrstr(buf, 3);
	check("rerrstr truncates", strcmp(buf, "bo") == 0);
	rerrstr(buf, sizeof buf);
	check("rerrstr keeps it", strcmp(buf, "boom 42") == 0 && strcmp(kerr, "boom 42") == 0);
	strcpy(buf, "mine");
	errstr(buf, sizeof buf);
	check("errstr swaps", strcmp(buf, "boom 42") == 0 && strcmp(kerr, "mine") == 0);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	werrstr("%s", big);
	check("werrstr bounded", strlen(kerr) == ERRMAX-1);
}

/* ---- directories ---- */

static Dir
mkdirent(char *name, char *uid, vlong len)
{
	Dir d;

	nulldir(&d);
	d.type = 'M';
	d.dev = 3;
	d.qid.path = len;
	d.qid.vers = 1;
	d.qid.type = QTFILE;
	d.mode = 0644;
	d.atime = d.mtime = 1000;
	d.length = len;
	d.name = name;
	d.uid = uid;
	d.gid = "glenda";
	d.muid = "";
	return d;
}

static void
testdir(void)
{
	static uchar msg[10000];
	static char longname[600];
	Dir d[3], *r, nd;
	int fd[2], i, ok;
	uint n, m;
	long nr;

	d[0] = mkdirent("a", "bootes", 10);
	d[1] = mkdirent("bb", "glenda", 20);
	memset(longname, 'n', sizeof longname - 1);
	d[2] = mkdirent(longname, "sys", 30);
	n = 0;
	for(i = 0; i < 3; i++){
		m = convD2M(&d[i], msg + n, sizeof msg - n);
		n += m;
	}
	if(pipe(fd) < 0){
		check("pipe", 0);
		return;
	}
	write(fd[1], msg, n);
	nr = dirread(fd[0], &r);
	ok = nr == 3;
	for(i = 0; ok && i < 3; i++)
		ok = strcmp(r[i].name, d[i].name) == 0 && strcmp(r[i].uid, d[i].uid) == 0
			&& strcmp(r[i].gid, "glenda") == 0 && r[i].length == d[i].length && r[i].mode == 0644;
	check("dirread three entries", ok);
	free(r);
	/* several writes, then end of file: dirreadall gets them all */
	write(fd[1], msg, n);
	write(fd[1], msg, n);
	close(fd[1]);
	nr = dirreadall(fd[0], &r);
	check("dirreadall six entries", nr == 6 && strcmp(r[5].name, longname) == 0 && strcmp(r[3].name, "a") == 0);
	free(r);
	check("dirread at end", dirread(fd[0], &r) == 0 && r == nil);
	close(fd[0]);
	/* a torn entry is an error, not a crash */
	pipe(fd);
	write(fd[1], msg, n - 5);
	close(fd[1]);
	check("dirread malformed", dirread(fd[0], &r) == -1 && r == nil);
	close(fd[0]);

	/* dirstat grows its buffer when the entry is long */
	statlen = convD2M(&d[2], statbuf, sizeof statbuf);
	nstatcalls = 0;
	r = dirstat("/x");
	check("dirstat long entry", r != nil && strcmp(r->name, longname) == 0 && r->length == 30 && nstatcalls == 2);
	free(r);
	statlen = convD2M(&d[0], statbuf, sizeof statbuf);
	nstatcalls = 0;
	r = dirfstat(0);
	check("dirfstat short entry", r != nil && strcmp(r->name, "a") == 0 && strcmp(r->uid, "bootes") == 0 && nstatcalls == 1);
	free(r);
	statbuf[2+2+4+13+4+4+4+8] = 0xFF;	/* the name's length overruns the entry */
	check("dirstat malformed", dirstat("/x") == nil);

	check("dirwstat", dirwstat("/x", &d[1]) == 0 && (r = dirstat("/x")) != nil
		&& strcmp(r->name, "bb") == 0 && strcmp(r->uid, "glenda") == 0 && r->length == 20);
	free(r);
	nulldir(&nd);
	nd.name = "renamed";
	check("dirfwstat of a nulldir", dirfwstat(0, &nd) == 0 && (r = dirfstat(0)) != nil
		&& strcmp(r->name, "renamed") == 0 && r->mode == ~0U && r->uid[0] == 0);
	free(r);
	nulldir(&nd);
	check("nulldir", nd.mode == ~0U && nd.length == ~0LL && nd.name[0] == 0 && nd.qid.path == ~0ULL);
}

/* ---- strings ---- */

static void
teststrings(void)
{
	char s[] = "  a,b;;c  ", *t, *u;

	t = strtok(s, " ,;");
	check("strtok 1", t != nil && strcmp(t, "a") == 0);
	t = strtok(nil, " ,;");
	check("strtok 2", t != nil && strcmp(t, "b") == 0);
	t = strtok(nil, " ,;");
	check("strtok 3", t != nil && strcmp(t, "c") == 0);
	check("strtok end", strtok(nil, " ,;") == nil && strtok(nil, " ,;") == nil);
	u = unquotestrdup("'it''s' a 'b c'd");
	check("unquotestrdup", u != nil && strcmp(u, "it's a b cd") == 0);
	free(u);
	check("quotefmtinstall", quotefmtinstall() == 0);
}

static void
testprint(void)
{
	int fd[2], n;
	char buf[100], big[1000];

	pipe(fd);
	n = fprint(fd[1], "%s=%d %q", "x", 42, "a b");
	check("fprint count", n == 10);
	n = read(fd[0], buf, sizeof buf);
	check("fprint bytes", n == 10 && memcmp(buf, "x=42 'a b'", 10) == 0);
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = 0;
	n = fprint(fd[1], "%s.", big);	/* more than fprint's buffer */
	check("fprint long count", n == 1000);
	n = readn(fd[0], big, 1000);
	check("fprint long bytes and readn", n == 1000 && big[0] == 'z' && big[998] == 'z' && big[999] == '.');
	close(fd[1]);
	check("readn at end", readn(fd[0], buf, 10) == 0);
	close(fd[0]);
	n = sprint(buf, "%d-%s", -7, "q");
	check("sprint", n == 4 && strcmp(buf, "-7-q") == 0);
}

/* lock(2), one process: the contended path is usertests' rfmemlock */
static void
testlock(void)
{
	Lock l;

	memset(&l, 0, sizeof l);
	check("canlock of a free lock takes it", canlock(&l) && l.val == 1);
	check("canlock of a held lock fails", !canlock(&l));
	unlock(&l);
	check("unlock frees it", l.val == 0 && canlock(&l));
	unlock(&l);
	lock(&l);
	check("lock takes a free lock", l.val == 1 && !canlock(&l));
	unlock(&l);
}

int
main(void)
{
	testsha1();
	testqsort();
	testctype();
	testctime();
	testmalloc();
	testbiopipe();
	testbiofile();
	testwait();
	testerrstr();
	testdir();
	teststrings();
	testprint();
	testlock();
	return testsummary(103);
}
