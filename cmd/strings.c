/*
 * strings [-m min] [file ...]: print each run of at least min
 * (default 6) printable runes, after its byte offset; runs of 69
 * runes are printed as they fill, marked with "...".
 */
#include <u.h>
#include <libc.h>

enum { Span = 6, Maxrun = 69 };

static int minspan = Span;
static Biobuf bout;

static void
usage(void)
{
	fprint(2, "usage: strings [-m min] [file ...]\n");
	exits("usage");
}

static int
printable(Rune r)
{
	return r != Runeerror && (r >= ' ' && r < 0x7F || r > 0xA0);
}

/* the next rune of b, its length in *np; -1 at end of file */
static long
getrune(Biobuf *b, int *np)
{
	char s[UTFmax];
	Rune r;
	int c, n;

	c = Bgetc(b);
	if(c < 0)
		return -1;
	s[0] = c;
	n = 1;
	if(c >= Runeself)
		while(n < UTFmax && !fullrune(s, n)){
			c = Bgetc(b);
			if(c < 0)
				break;
			s[n++] = c;
		}
	*np = n;
	if(chartorune(&r, s) != n){	/* a bad sequence: one byte, not printable */
		while(n > 1){
			Bungetc(b);
			n--;
		}
		*np = 1;
		return Runeerror;
	}
	return r;
}

static void
show(vlong start, Rune *run, int n, char *more)
{
	run[n] = 0;
	Bprint(&bout, "%8lld: %S%s\n", start, run, more);
}

static int
stringsof(int fd)
{
	Biobuf b;
	Rune run[Maxrun+1];
	vlong off, start;
	long r;
	int n, len;

	Binit(&b, fd, OREAD);
	off = 0;
	start = 0;
	n = 0;
	while((r = getrune(&b, &len)) >= 0){
		if(printable(r)){
			if(n == 0)
				start = off;
			run[n++] = r;
			if(n == Maxrun){
				show(start, run, n, " ...");
				n = 0;
			}
		}else{
			if(n >= minspan)
				show(start, run, n, "");
			n = 0;
		}
		off += len;
	}
	if(n >= minspan)
		show(start, run, n, "");
	Bterm(&b);
	return 0;
}

void
main(int argc, char *argv[])
{
	int fd, i;
	char *status;

	ARGBEGIN{
	case 'm':
		minspan = atoi(EARGF(usage()));
		break;
	default:
		usage();
	}ARGEND
	Binit(&bout, 1, OWRITE);
	status = nil;
	if(argc == 0)
		stringsof(0);
	for(i = 0; i < argc; i++){
		fd = open(argv[i], OREAD);
		if(fd < 0){
			Bflush(&bout);
			fprint(2, "strings: %s: %r\n", argv[i]);
			status = "open";
			continue;
		}
		if(argc > 1)
			Bprint(&bout, "%s:\n", argv[i]);
		stringsof(fd);
		close(fd);
	}
	Bflush(&bout);
	exits(status);
}
