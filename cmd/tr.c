/*
 * tr [-cds] [string1 [string2]]: copy standard input to standard
 * output, translating runes of string1 to the corresponding ones of
 * string2 (whose last rune repeats as needed).  -d deletes the runes
 * of string1, -s squeezes runs of a translated (or, with -d, of a
 * string2) rune to one, -c complements string1 over all runes.
 * Strings take ranges a-z and escapes \n \t \\ \ooo.
 */
#include <u.h>
#include <libc.h>

enum { Nrune = Runemax + 1 };

static int cflag, dflag, sflag;
static Rune *map;		/* rune to rune, or -1 to delete */
static uchar *squeeze;		/* bit per rune: squeeze runs of it */
static Biobuf bin, bout;

static void
usage(void)
{
	fprint(2, "usage: tr [-cds] [string1 [string2]]\n");
	exits("usage");
}

/* a string expanded into runes; *np gets the count */
static Rune*
expand(char *s, long *np)
{
	Rune *v, r, lo, hi;
	long n, max;
	int i;

	max = 64;
	v = emalloc(max * sizeof v[0]);
	n = 0;
	lo = 0;
	while(*s){
		if(*s == '\\' && s[1] != 0){
			s++;
			if(*s >= '0' && *s <= '7'){
				r = 0;
				for(i = 0; i < 3 && *s >= '0' && *s <= '7'; i++)
					r = r*8 + *s++ - '0';
			}else{
				s += chartorune(&r, s);
				if(r == 'n')
					r = '\n';
				else if(r == 't')
					r = '\t';
			}
		}else if(*s == '-' && n > 0 && s[1] != 0){
			s++;
			s += chartorune(&hi, s);
			lo = v[n-1];
			if(hi < lo)
				sysfatal("bad range %C-%C", lo, hi);
			for(r = lo + 1; r <= hi; r++){
				if(n == max)
					v = erealloc(v, (max *= 2) * sizeof v[0]);
				v[n++] = r;
			}
			continue;
		}else
			s += chartorune(&r, s);
		if(n == max)
			v = erealloc(v, (max *= 2) * sizeof v[0]);
		v[n++] = r;
	}
	*np = n;
	return v;
}

static void
setsq(Rune r)
{
	squeeze[r/8] |= 1<<(r%8);
}

static int
issq(Rune r)
{
	return squeeze[r/8] & 1<<(r%8);
}

void
main(int argc, char *argv[])
{
	Rune *s1, *s2, r, last;
	uchar *in1;
	long n1, n2, i, j;
	int c;
	char b[UTFmax];

	ARGBEGIN{
	case 'c':
		cflag = 1;
		break;
	case 'd':
		dflag = 1;
		break;
	case 's':
		sflag = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc > 2)
		usage();
	s1 = expand(argc > 0 ? argv[0] : "", &n1);
	s2 = expand(argc > 1 ? argv[1] : "", &n2);
	map = emalloc(Nrune * sizeof map[0]);
	squeeze = mallocz(Nrune/8 + 1, 1);
	in1 = mallocz(Nrune/8 + 1, 1);
	if(squeeze == nil || in1 == nil)
		sysfatal("no memory");
	for(i = 0; i < Nrune; i++)
		map[i] = i;
	for(i = 0; i < n1; i++)
		in1[s1[i]/8] |= 1<<(s1[i]%8);
	if(cflag){	/* string1 becomes every rune not in it, in order */
		free(s1);
		s1 = emalloc(Nrune * sizeof s1[0]);
		for(n1 = 0, i = 0; i < Nrune; i++)
			if((in1[i/8] & 1<<(i%8)) == 0)
				s1[n1++] = i;
	}
	if(dflag){
		for(i = 0; i < n1; i++)
			map[s1[i]] = -1;
		if(sflag)
			for(i = 0; i < n2; i++)
				setsq(s2[i]);
	}else if(n2 > 0 || sflag){
		for(i = 0; i < n1; i++){
			j = n2 == 0 ? -1 : i < n2 ? i : n2 - 1;
			map[s1[i]] = j < 0 ? s1[i] : s2[j];
			if(sflag)
				setsq(map[s1[i]]);
		}
	}
	Binit(&bin, 0, OREAD);
	Binit(&bout, 1, OWRITE);
	last = -1;
	for(;;){
		c = Bgetc(&bin);
		if(c < 0)
			break;
		b[0] = c;
		i = 1;
		if(c >= Runeself)
			while(i < UTFmax && !fullrune(b, i) && (c = Bgetc(&bin)) >= 0)
				b[i++] = c;
		if(chartorune(&r, b) != i)
			r = Runeerror;
		r = map[r];
		if(r == (Rune)-1)
			continue;
		if(sflag && r == last && issq(r))
			continue;
		last = r;
		Bwrite(&bout, b, runetochar(b, &r));
	}
	Bflush(&bout);
	exits(nil);
}
