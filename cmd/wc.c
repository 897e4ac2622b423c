/*
 * wc [-lwrbc] [file ...]: count lines, words, runes, broken UTF
 * sequences and bytes (chars); the default is -lwc.  Columns are
 * Plan 9's: each count in %7llud, blank separated, then the name.
 */
#include <u.h>
#include <libc.h>

enum { Bufsize = 64*1024 };

typedef struct Count Count;
struct Count {
	uvlong	line;
	uvlong	word;
	uvlong	rune;
	uvlong	badr;
	uvlong	chr;
};

static int pline, pword, prune, pbadr, pchar;
static uchar buf[UTFmax + Bufsize];

static void
usage(void)
{
	fprint(2, "usage: wc [-lwrbc] [file ...]\n");
	exits("usage");
}

static int
isspacerune(Rune r)
{
	if(r < Runeself)
		return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r';
	switch(r){
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
		return 1;
	}
	return r >= 0x2000 && r <= 0x200A;
}

/*
 * Count the runes in buf[0..n); an incomplete rune at the end is
 * left for the next call unless eof.  Returns the bytes consumed.
 * inword carries the word state across calls.
 */
static long
countrunes(Count *c, uchar *p, long n, int eof, int *inword)
{
	long i, len;
	Rune r;

	for(i = 0; i < n; i += len){
		if(p[i] < Runeself){
			r = p[i];
			len = 1;
		}else{
			if(!eof && !fullrune((char*)p+i, n-i))
				break;
			if(fullrune((char*)p+i, n-i))
				len = chartorune(&r, (char*)p+i);
			else{
				r = Runeerror;
				len = 1;
			}
		}
		c->rune++;
		if(r == Runeerror){
			c->badr++;
			continue;
		}
		if(r == '\n')
			c->line++;
		if(isspacerune(r))
			*inword = 0;
		else if(!*inword){
			*inword = 1;
			c->word++;
		}
	}
	return i;
}

static int
wc(int fd, char *name, Count *c)
{
	long n, have, used;
	int inword;

	memset(c, 0, sizeof *c);
	inword = 0;
	have = 0;	/* bytes of a split rune kept at the front of buf */
	while((n = read(fd, buf+have, Bufsize)) > 0){
		c->chr += n;
		have += n;
		used = countrunes(c, buf, have, 0, &inword);
		memmove(buf, buf+used, have-used);
		have -= used;
	}
	if(have > 0)
		countrunes(c, buf, have, 1, &inword);
	if(n < 0){
		fprint(2, "wc: %s: %r\n", name);
		return -1;
	}
	return 0;
}

static void
report(Count *c, char *name)
{
	char line[256], *p, *e;

	p = line;
	e = line + sizeof line;
	*p = 0;
	if(pline)
		p = seprint(p, e, " %7llud", c->line);
	if(pword)
		p = seprint(p, e, " %7llud", c->word);
	if(prune)
		p = seprint(p, e, " %7llud", c->rune);
	if(pbadr)
		p = seprint(p, e, " %7llud", c->badr);
	if(pchar)
		p = seprint(p, e, " %7llud", c->chr);
	print("%s", line+1);
	if(name != nil)
		print(" %s", name);
	print("\n");
}

static void
add(Count *t, Count *c)
{
	t->line += c->line;
	t->word += c->word;
	t->rune += c->rune;
	t->badr += c->badr;
	t->chr += c->chr;
}

void
main(int argc, char *argv[])
{
	Count c, total;
	char *status;
	int i, fd;

	ARGBEGIN{
	case 'l':
		pline = 1;
		break;
	case 'w':
		pword = 1;
		break;
	case 'r':
		prune = 1;
		break;
	case 'b':
		pbadr = 1;
		break;
	case 'c':
		pchar = 1;
		break;
	default:
		usage();
	}ARGEND
	if(!(pline || pword || prune || pbadr || pchar))
		pline = pword = pchar = 1;

	status = nil;
	if(argc == 0){
		if(wc(0, "<stdin>", &c) < 0)
			exits("read");
		report(&c, nil);
		exits(nil);
	}
	memset(&total, 0, sizeof total);
	for(i = 0; i < argc; i++){
		fd = open(argv[i], OREAD);
		if(fd < 0){
			fprint(2, "wc: %s: %r\n", argv[i]);
			status = "open";
			continue;
		}
		if(wc(fd, argv[i], &c) < 0)
			status = "read";
		else{
			report(&c, argv[i]);
			add(&total, &c);
		}
		close(fd);
	}
	if(argc > 1)
		report(&total, "total");
	exits(status);
}
