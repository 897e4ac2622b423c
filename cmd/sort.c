/*
 * sort [-nrufk] [-t c] [-k pos1[,pos2]] [file ...]: sort the lines
 * of the files (or standard input) together.  Keys are fields
 * pos1 to pos2 (field.char, from 1; flags n r f may follow each),
 * fields separated by the character c (-t) or else by runs of blanks;
 * -n compares numbers, -f folds case, -r reverses, -u prints one line
 * of each run of equal keys.  Lines with equal keys keep the order of
 * a byte comparison of the whole line.
 */
#include <u.h>
#include <libc.h>

typedef struct Key Key;
struct Key {
	int	f1, c1;		/* start: field and char, from 0 */
	int	f2, c2;		/* end: field (-1: end of line) and char (0: whole field) */
	int	nflag, rflag, fflag;
};

enum { Maxkeys = 16 };

static Key keys[Maxkeys];
static int nkeys;
static Key whole = { 0, 0, -1, 0 };
static int uflag, tchar = -1;
static char **lines;
static long nlines, maxlines;

static void
usage(void)
{
	fprint(2, "usage: sort [-fnru] [-t c] [-k pos1[,pos2]] [file ...]\n");
	exits("usage");
}

static char*
flags(char *s, Key *k)
{
	for(; *s && strchr("nrfb", *s); s++)
		switch(*s){
		case 'n': k->nflag = 1; break;
		case 'r': k->rflag = 1; break;
		case 'f': k->fflag = 1; break;
		}
	return s;
}

static void
addkey(char *s)
{
	Key *k;

	if(nkeys == Maxkeys)
		sysfatal("too many keys");
	k = &keys[nkeys++];
	k->f2 = -1;
	k->f1 = strtol(s, &s, 10) - 1;
	if(*s == '.')
		k->c1 = strtol(s+1, &s, 10) - 1;
	s = flags(s, k);
	if(*s == ','){
		k->f2 = strtol(s+1, &s, 10) - 1;
		if(*s == '.')
			k->c2 = strtol(s+1, &s, 10);
		s = flags(s, k);
	}
	if(*s != 0 || k->f1 < 0 || k->c1 < 0)
		usage();
}

static int
blank(int c)
{
	return c == ' ' || c == '\t';
}

/* the start of field f of s (its leading blanks included without -t) */
static char*
field(char *s, int f)
{
	for(; f > 0 && *s; f--){
		if(tchar >= 0){
			while(*s && *s != tchar)
				s++;
			if(*s)
				s++;
		}else{
			while(blank(*s))
				s++;
			while(*s && !blank(*s))
				s++;
		}
	}
	return s;
}

/* the end of field f of s */
static char*
fieldend(char *s, int f)
{
	s = field(s, f);
	if(tchar >= 0)
		while(*s && *s != tchar)
			s++;
	else{
		while(blank(*s))
			s++;
		while(*s && !blank(*s))
			s++;
	}
	return s;
}

static void
span(char *s, Key *k, char **b, char **e)
{
	char *p, *end;
	int i;

	end = s + strlen(s);
	p = field(s, k->f1);
	if(tchar < 0 && k->c1 > 0)	/* characters count from the field's first non-blank */
		while(blank(*p))
			p++;
	for(i = 0; i < k->c1 && p < end; i++)
		p++;
	*b = p;
	if(k->f2 < 0)
		*e = end;
	else if(k->c2 == 0)
		*e = fieldend(s, k->f2);
	else{
		p = field(s, k->f2);
		if(tchar < 0)
			while(blank(*p))
				p++;
		for(i = 0; i < k->c2 && p < end; i++)
			p++;
		*e = p;
	}
	if(*e < *b)
		*e = *b;
}

static double
num(char *s, char *e)
{
	double v, scale;
	int neg;

	while(s < e && blank(*s))
		s++;
	neg = 0;
	if(s < e && *s == '-'){
		neg = 1;
		s++;
	}
	v = 0;
	for(; s < e && isdigit(*s); s++)
		v = v*10 + (*s - '0');
	if(s < e && *s == '.')
		for(s++, scale = 0.1; s < e && isdigit(*s); s++, scale /= 10)
			v += (*s - '0') * scale;
	return neg ? -v : v;
}

static int
keycmp(char *a, char *b, Key *k)
{
	char *ab, *ae, *bb, *be;
	double x, y;
	int c, ca, cb;

	span(a, k, &ab, &ae);
	span(b, k, &bb, &be);
	c = 0;
	if(k->nflag){
		x = num(ab, ae);
		y = num(bb, be);
		c = x < y ? -1 : x > y;
	}else{
		for(; ab < ae && bb < be; ab++, bb++){
			ca = *(uchar*)ab;
			cb = *(uchar*)bb;
			if(k->fflag){
				ca = toupper(ca);
				cb = toupper(cb);
			}
			if(ca != cb)
				break;
		}
		if(ab < ae && bb < be)
			c = (k->fflag ? toupper(*(uchar*)ab) : *(uchar*)ab) < (k->fflag ? toupper(*(uchar*)bb) : *(uchar*)bb) ? -1 : 1;
		else
			c = (ab < ae) - (bb < be);
	}
	return k->rflag ? -c : c;
}

static int
keyscmp(char *a, char *b)
{
	int i, c;

	for(i = 0; i < nkeys; i++)
		if((c = keycmp(a, b, &keys[i])) != 0)
			return c;
	return 0;
}

static int
linecmp(void *va, void *vb)
{
	char *a, *b;
	int c;

	a = *(char**)va;
	b = *(char**)vb;
	c = keyscmp(a, b);
	if(c != 0)
		return c;
	c = strcmp(a, b);
	return whole.rflag ? -c : c;
}

static void
readlines(int fd)
{
	Biobuf b;
	char *s;

	Binit(&b, fd, OREAD);
	while((s = Brdstr(&b, '\n', 1)) != nil){
		if(nlines == maxlines){
			maxlines = maxlines ? 2*maxlines : 1024;
			lines = erealloc(lines, maxlines * sizeof lines[0]);
		}
		lines[nlines++] = s;
	}
	Bterm(&b);
}

void
main(int argc, char *argv[])
{
	Biobuf bout;
	char *s;
	long i;
	int fd;

	ARGBEGIN{
	case 'n':
		whole.nflag = 1;
		break;
	case 'r':
		whole.rflag = 1;
		break;
	case 'f':
		whole.fflag = 1;
		break;
	case 'u':
		uflag = 1;
		break;
	case 't':
		s = EARGF(usage());
		if(s[0] == 0 || s[1] != 0)
			usage();
		tchar = s[0];
		break;
	case 'k':
		addkey(EARGF(usage()));
		break;
	default:
		usage();
	}ARGEND
	/* a key without flags of its own takes the global ones */
	for(i = 0; i < nkeys; i++)
		if(!keys[i].nflag && !keys[i].rflag && !keys[i].fflag){
			keys[i].nflag = whole.nflag;
			keys[i].rflag = whole.rflag;
			keys[i].fflag = whole.fflag;
		}
	if(nkeys == 0)
		keys[nkeys++] = whole;
	if(argc == 0)
		readlines(0);
	for(i = 0; i < argc; i++){
		fd = open(argv[i], OREAD);
		if(fd < 0)
			sysfatal("%s: %r", argv[i]);
		readlines(fd);
		close(fd);
	}
	qsort(lines, nlines, sizeof lines[0], linecmp);
	Binit(&bout, 1, OWRITE);
	for(i = 0; i < nlines; i++){
		if(uflag && i > 0 && keyscmp(lines[i-1], lines[i]) == 0)
			continue;
		Bprint(&bout, "%s\n", lines[i]);
	}
	Bflush(&bout);
	exits(nil);
}
