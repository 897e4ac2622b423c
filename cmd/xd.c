/*
 * xd [-rsu] [-a{odx}] [-c|{b1w2l4v8}{odx}] ... [file ...]: hex dump.
 * Each line shows 16 bytes after their address, once for every
 * format asked for (default -4x: 4-byte words in hex); -c shows
 * characters, escapes \t \r \n \b and other unprintable bytes in hex.
 * -a sets the base of the addresses, -s swaps bytes (little endian),
 * -r prints * for repeated lines, -u is accepted and ignored (output
 * is unbuffered here anyway at each file's end).  The last line is
 * the address past the data.
 */
#include <u.h>
#include <libc.h>

typedef struct Form Form;
struct Form {
	int	chars;		/* -c */
	int	size;		/* bytes per item: 1, 2, 4, 8 */
	int	base;		/* 8, 10, 16 */
};

enum { Maxforms = 10, Line = 16 };

static Form forms[Maxforms];
static int nforms;
static int abase = 16;
static int swap, repeats;
static Biobuf bout;

static void
usage(void)
{
	fprint(2, "usage: xd [-u] [-r] [-s] [-a{odx}] [-c|{b1w2l4v8}{odx}] ... file ...\n");
	exits("usage");
}

static int
base(int c)
{
	switch(c){
	case 'o': return 8;
	case 'd': return 10;
	case 'x': return 16;
	}
	return 0;
}

/* digits an item of size bytes takes in base b */
static int
width(int size, int b)
{
	static int w8[] = { 0, 3, 6, 0, 11, 0, 0, 0, 22 };
	static int w10[] = { 0, 3, 5, 0, 10, 0, 0, 0, 20 };

	if(b == 16)
		return 2*size;
	return b == 8 ? w8[size] : w10[size];
}

static void
addr(uvlong a, int pad)
{
	char *f;

	if(abase == 8)
		f = pad ? "%.7lluo " : "%7lluo ";
	else if(abase == 10)
		f = pad ? "%.7llud " : "%7llud ";
	else
		f = pad ? "%.7llux " : "%7llux ";
	Bprint(&bout, f, a);
}

static void
item(uvlong v, int w, int b)
{
	if(b == 8)
		Bprint(&bout, " %.*lluo", w, v);
	else if(b == 10)
		Bprint(&bout, " %.*llud", w, v);
	else
		Bprint(&bout, " %.*llux", w, v);
}

static void
chars(uchar *d, int n)
{
	int i;

	for(i = 0; i < n; i++)
		switch(d[i]){
		case '\t': Bprint(&bout, " \\t"); break;
		case '\r': Bprint(&bout, " \\r"); break;
		case '\n': Bprint(&bout, " \\n"); break;
		case '\b': Bprint(&bout, " \\b"); break;
		default:
			if(d[i] < ' ' || d[i] >= 0x7F)
				Bprint(&bout, " %.2ux", d[i]);
			else
				Bprint(&bout, "  %c", d[i]);
		}
}

static void
items(Form *f, uchar *d, int n)
{
	uvlong v;
	int i, j;

	for(i = 0; i < n; i += f->size){
		v = 0;
		for(j = 0; j < f->size; j++)
			v |= (uvlong)d[i+j] << 8*(swap ? j : f->size-1-j);
		item(v, width(f->size, f->base), f->base);
	}
}

static void
xd(int fd)
{
	uchar d[Line], old[Line];
	uvlong a;
	long n;
	int i, star;
	Form *f;
	Biobuf b;

	Binit(&b, fd, OREAD);
	a = 0;
	star = 0;
	while((n = Bread(&b, d, Line)) > 0){
		if(n < Line)
			memset(d + n, 0, Line - n);
		if(repeats && n == Line){
			if(a > 0 && memcmp(d, old, Line) == 0){
				if(!star)
					Bprint(&bout, "*\n");
				star = 1;
				a += n;
				continue;
			}
			memmove(old, d, Line);
			star = 0;
		}
		for(i = 0; i < nforms; i++){
			f = &forms[i];
			addr(a, i == 0);
			if(f->chars)
				chars(d, n);
			else
				items(f, d, n);
			Bprint(&bout, "\n");
		}
		a += n;
		if(n < Line)
			break;
	}
	if(n < 0){
		Bflush(&bout);
		sysfatal("read error: %r");
	}
	addr(a, 1);
	Bprint(&bout, "\n");
	Bterm(&b);
}

void
main(int argc, char *argv[])
{
	Form *f;
	char *s;
	int i, fd;
	char *status;

	for(argc--, argv++; argc > 0 && argv[0][0] == '-' && argv[0][1]; argc--, argv++){
		s = argv[0] + 1;
		if(strcmp(s, "r") == 0){
			repeats = 1;
			continue;
		}
		if(strcmp(s, "s") == 0){
			swap = 1;
			continue;
		}
		if(strcmp(s, "u") == 0)
			continue;
		if(s[0] == 'a'){
			abase = base(s[1]);
			if(abase == 0 || s[2] != 0)
				usage();
			continue;
		}
		if(nforms == Maxforms){
			fprint(2, "xd: too many formats (max %d)\n", Maxforms);
			exits("usage");
		}
		f = &forms[nforms++];
		f->size = 4;
		f->base = 16;
		if(strcmp(s, "c") == 0){
			f->chars = 1;
			continue;
		}
		for(; *s; s++)
			switch(*s){
			case 'o': case 'd': case 'x':
				f->base = base(*s);
				break;
			case 'b': case '1': f->size = 1; break;
			case 'w': case '2': f->size = 2; break;
			case 'l': case '4': f->size = 4; break;
			case 'v': case '8': f->size = 8; break;
			default:
				usage();
			}
	}
	if(nforms == 0){
		forms[0].size = 4;
		forms[0].base = 16;
		nforms = 1;
	}
	Binit(&bout, 1, OWRITE);
	status = nil;
	if(argc == 0)
		xd(0);
	for(i = 0; i < argc; i++){
		fd = open(argv[i], OREAD);
		if(fd < 0){
			Bflush(&bout);
			fprint(2, "xd: %s: %r\n", argv[i]);
			status = "open";
			continue;
		}
		if(argc > 1)
			Bprint(&bout, "%s\n", argv[i]);
		xd(fd);
		close(fd);
	}
	Bflush(&bout);
	exits(status);
}
