/*
 * kprof kernel kpdata: the kernel profile of kprof(3) by function.
 * Each count of kpdata is an 8-byte range of kernel text; it goes to
 * the function symbol at or below the range's address in the ELF
 * symbol table of kernel (out/9q.elf, which carries one).  Functions
 * are printed by ticks, most first, with their share of all ticks.
 */
#include <u.h>
#include <libc.h>

enum {
	Kpres	= 8,		/* bytes of text per count, as devkprof.c */
	Kphdr	= 2,
	Shsize	= 64,		/* ELF64 section header */
	Symsize	= 24,		/* ELF64 symbol */
	Shtsymtab	= 2,
	Sttfunc	= 2,
};

typedef struct Sym Sym;
struct Sym {
	uvlong	addr;
	char	*name;
	ulong	ticks;
};

static uvlong
le(uchar *p, int n)
{
	uvlong v;

	v = 0;
	while(n-- > 0)
		v = v<<8 | p[n];
	return v;
}

/* n bytes of fd at off, in new memory */
static uchar*
readat(int fd, vlong off, uvlong n, char *what)
{
	uchar *b;

	if(n > 256*1024*1024)
		sysfatal("%s: too big", what);
	b = malloc(n ? n : 1);
	if(b == nil)
		sysfatal("no memory for %s", what);
	if(pread(fd, b, n, off) != (long)n)
		sysfatal("short read of %s", what);
	return b;
}

static int
byaddr(void *a, void *b)
{
	uvlong x, y;

	x = ((Sym*)a)->addr;
	y = ((Sym*)b)->addr;
	return x < y ? -1 : x > y;
}

static int
byticks(void *a, void *b)
{
	ulong x, y;

	x = ((Sym*)a)->ticks;
	y = ((Sym*)b)->ticks;
	return x > y ? -1 : x < y;
}

/*
 * The function symbols of the ELF file kernel, by address, and the
 * base of its .text section; how many.
 */
static long
symbols(char *kernel, Sym **sp, uvlong *text)
{
	uchar eh[64], *sh, *shstr, *tab, *str, *s;
	uvlong shoff, shstrsize, symoff, symsize, stroff, strsize, i;
	int fd, shnum, shstrndx, k, link;
	long n;
	Sym *sym;

	fd = open(kernel, OREAD);
	if(fd < 0)
		sysfatal("%s: %r", kernel);
	if(pread(fd, eh, sizeof eh, 0) != sizeof eh || memcmp(eh, "\177ELF", 4) != 0 || eh[4] != 2)
		sysfatal("%s: not a 64-bit ELF file", kernel);
	shoff = le(eh+40, 8);
	shnum = le(eh+60, 2);
	shstrndx = le(eh+62, 2);
	if(shnum == 0 || shstrndx >= shnum || le(eh+58, 2) != Shsize)
		sysfatal("%s: no section headers", kernel);
	sh = readat(fd, shoff, (uvlong)shnum*Shsize, "section headers");
	s = sh + shstrndx*Shsize;
	shstrsize = le(s+32, 8);
	shstr = readat(fd, le(s+24, 8), shstrsize, "section names");
	*text = 0;
	symoff = symsize = 0;
	link = -1;
	for(k = 0; k < shnum; k++){
		s = sh + k*Shsize;
		if(le(s, 4) < shstrsize && strcmp((char*)shstr + le(s, 4), ".text") == 0)
			*text = le(s+16, 8);
		if(le(s+4, 4) == Shtsymtab){
			symoff = le(s+24, 8);
			symsize = le(s+32, 8);
			link = le(s+40, 4);
		}
	}
	if(*text == 0 || link < 0 || link >= shnum)
		sysfatal("%s: no .text or no symbol table", kernel);
	s = sh + link*Shsize;
	stroff = le(s+24, 8);
	strsize = le(s+32, 8);
	tab = readat(fd, symoff, symsize, "symbol table");
	str = readat(fd, stroff, strsize, "symbol names");
	close(fd);
	sym = malloc((symsize/Symsize + 1) * sizeof *sym);
	if(sym == nil)
		sysfatal("no memory for symbols");
	n = 0;
	for(i = 0; i + Symsize <= symsize; i += Symsize){
		s = tab + i;
		if((s[4] & 0xF) != Sttfunc || le(s, 4) >= strsize || le(s+8, 8) < *text)
			continue;
		sym[n].addr = le(s+8, 8);
		sym[n].name = (char*)str + le(s, 4);
		sym[n].ticks = 0;
		n++;
	}
	qsort(sym, n, sizeof *sym, byaddr);
	*sp = sym;
	return n;
}

/* the counts of kpdata; how many */
static long
counts(char *kpdata, ulong **cp)
{
	uchar *b;
	long n, m, i;
	int fd;
	ulong *c;

	fd = open(kpdata, OREAD);
	if(fd < 0)
		sysfatal("%s: %r", kpdata);
	b = nil;
	n = 0;
	for(;;){
		b = realloc(b, n + 65536);
		if(b == nil)
			sysfatal("no memory for %s", kpdata);
		m = read(fd, b+n, 65536);
		if(m < 0)
			sysfatal("%s: %r", kpdata);
		if(m == 0)
			break;
		n += m;
	}
	close(fd);
	if(n < Kphdr*4 || n % 4)
		sysfatal("%s: not profile data", kpdata);
	c = malloc(n/4 * sizeof *c);
	if(c == nil)
		sysfatal("no memory for %s", kpdata);
	for(i = 0; i < n/4; i++)
		c[i] = (ulong)b[4*i]<<24 | b[4*i+1]<<16 | b[4*i+2]<<8 | b[4*i+3];
	free(b);
	*cp = c;
	return n/4;
}

/* the symbol at or below addr, or nil */
static Sym*
lookup(Sym *sym, long n, uvlong addr)
{
	long lo, hi, mid;

	lo = 0;
	hi = n;
	while(lo < hi){
		mid = (lo + hi) / 2;
		if(sym[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? &sym[lo-1] : nil;
}

/* ticks of total, as a percentage to a tenth */
static void
line(ulong ticks, ulong total, char *name)
{
	uvlong t;

	t = total ? ((uvlong)ticks*1000 + total/2) / total : 0;
	print("%lud\t%3llud.%llud\t%s\n", ticks, t/10, t%10, name);
}

void
main(int argc, char *argv[])
{
	Sym *sym, *s;
	ulong *c, total, unknown;
	long nsym, nc, i;
	uvlong text;

	ARGBEGIN{
	default:
		goto usage;
	}ARGEND
	if(argc != 2){
	usage:
		fprint(2, "usage: kprof kernel kpdata\n");
		exits("usage");
	}
	nsym = symbols(argv[0], &sym, &text);
	nc = counts(argv[1], &c);
	total = c[0];
	unknown = 0;
	for(i = Kphdr; i < nc; i++){
		if(c[i] == 0)
			continue;
		s = lookup(sym, nsym, text + (uvlong)(i-Kphdr)*Kpres);
		if(s != nil)
			s->ticks += c[i];
		else
			unknown += c[i];
	}
	print("total: %lud\tin kernel text: %lud\toutside kernel text: %lud\n", total, c[1], total - c[1]);
	print("KTZERO %#llux\n", text);
	print("ticks\t    %%\tsym\n");
	qsort(sym, nsym, sizeof *sym, byticks);
	for(i = 0; i < nsym && sym[i].ticks > 0; i++)
		line(sym[i].ticks, total, sym[i].name);
	if(unknown)
		line(unknown, total, "?");
	exits(nil);
}
