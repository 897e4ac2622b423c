/*
 * seq [-w] [-fformat] [first [incr]] last: print the numbers from
 * first (default 1) by incr (default 1) up to last, one a line.
 * -w pads them with zeros to a common width, -f prints each with
 * format, a print(2) format with one floating verb: %g, %f or %e
 * (libc has no floating point; seq formats its numbers itself).
 */
#include <u.h>
#include <libc.h>

static char *format = "%g";
static int wflag;

static void
usage(void)
{
	fprint(2, "usage: seq [-w] [-fformat] [first [incr]] last\n");
	exits("usage");
}

static double
number(char *s)
{
	double v, scale;
	int neg, any;
	char *p;

	p = s;
	neg = 0;
	if(*p == '-' || *p == '+')
		neg = *p++ == '-';
	v = 0;
	any = 0;
	for(; *p >= '0' && *p <= '9'; p++, any = 1)
		v = v*10 + (*p - '0');
	if(*p == '.')
		for(p++, scale = 0.1; *p >= '0' && *p <= '9'; p++, scale /= 10, any = 1)
			v += (*p - '0') * scale;
	if(*p != 0 || !any){
		fprint(2, "seq: bad number: %s\n", s);
		exits("bad number");
	}
	return neg ? -v : v;
}

/* digits after the point in the numeral s */
static int
places(char *s)
{
	char *p;

	p = strchr(s, '.');
	return p == nil ? 0 : strlen(p + 1);
}

/* v with prec digits after the point into buf */
static void
fixed(char *buf, int n, double v, int prec)
{
	uvlong whole, frac, scale;
	char *sign;
	int i;

	sign = "";
	if(v < 0){
		sign = "-";
		v = -v;
	}
	scale = 1;
	for(i = 0; i < prec; i++)
		scale *= 10;
	whole = (uvlong)(v * scale + 0.5);
	frac = whole % scale;
	whole /= scale;
	if(prec == 0)
		snprint(buf, n, "%s%llud", sign, whole);
	else
		snprint(buf, n, "%s%llud.%.*llud", sign, whole, prec, frac);
	if(strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
}

/* v in %e form: d.ddde+XX */
static void
expo(char *buf, int n, double v, int prec)
{
	char m[64];
	int e;

	e = 0;
	if(v != 0){
		while(v >= 10 || v <= -10){
			v /= 10;
			e++;
		}
		while(v < 1 && v > -1){
			v *= 10;
			e--;
		}
	}
	fixed(m, sizeof m, v, prec);
	snprint(buf, n, "%se%c%.2d", m, e < 0 ? '-' : '+', e < 0 ? -e : e);
}

/* %g: six significant digits, no trailing zeros */
static void
general(char *buf, int n, double v, int prec)
{
	double a;
	int e;
	char *p, *q;

	if(prec == 0)
		prec = 1;
	a = v < 0 ? -v : v;
	e = 0;
	if(a != 0){
		while(a >= 10){
			a /= 10;
			e++;
		}
		while(a < 1){
			a *= 10;
			e--;
		}
	}
	if(e < -4 || e >= prec)
		expo(buf, n, v, prec - 1);
	else
		fixed(buf, n, v, prec - 1 - e);
	p = strchr(buf, '.');
	if(p == nil)
		return;
	for(q = p; *q != 0 && *q != 'e'; q++)
		;
	e = q - buf;
	while(q > p + 1 && q[-1] == '0')
		q--;
	if(q == p + 1)
		q = p;
	memmove(q, buf + e, strlen(buf + e) + 1);
}

/* format with its one verb filled by v */
static void
emit(double v)
{
	char num[128], spec[32], *p, *s;
	int prec, width, zero, left, len;

	for(p = format; *p != 0; p++){
		if(*p != '%'){
			print("%c", *p);
			continue;
		}
		if(p[1] == '%'){
			print("%%");
			p++;
			continue;
		}
		s = p++;
		zero = left = 0;
		for(; *p == '-' || *p == '0' || *p == '+' || *p == ' ' || *p == '#'; p++)
			if(*p == '-')
				left = 1;
			else if(*p == '0')
				zero = 1;
		width = strtol(p, &p, 10);
		prec = 6;
		if(*p == '.')
			prec = strtol(p + 1, &p, 10);
		switch(*p){
		case 'f':
			fixed(num, sizeof num, v, prec);
			break;
		case 'e':
			expo(num, sizeof num, v, prec);
			break;
		case 'g':
			general(num, sizeof num, v, prec);
			break;
		default:
			snprint(spec, sizeof spec, "%.*s", (int)(p - s + 1), s);
			fprint(2, "seq: bad format: %s\n", spec);
			exits("bad format");
		}
		len = strlen(num);
		if(left)
			print("%s%*s", num, width > len ? width - len : 0, "");
		else if(zero){
			s = num;
			if(*s == '-')
				print("%c", *s++);
			for(; len < width; len++)
				print("0");
			print("%s", s);
		}else
			print("%*s", width, num);
	}
	print("\n");
}

void
main(int argc, char *argv[])
{
	double first, incr, last, v;
	char fmt[32], a[64], b[64];
	long i;
	int prec, w;

	ARGBEGIN{
	case 'w':
		wflag = 1;
		break;
	case 'f':
		format = EARGF(usage());
		break;
	default:
		usage();
	}ARGEND
	if(argc < 1 || argc > 3)
		usage();
	first = 1;
	incr = 1;
	last = number(argv[argc-1]);
	prec = places(argv[argc-1]);
	if(argc > 1){
		first = number(argv[0]);
		if(places(argv[0]) > prec)
			prec = places(argv[0]);
	}
	if(argc > 2){
		incr = number(argv[1]);
		if(places(argv[1]) > prec)
			prec = places(argv[1]);
	}
	if(incr == 0){
		fprint(2, "seq: zero increment\n");
		exits("zero increment");
	}
	if(wflag){	/* the widest of first and last, as %f with the places given */
		fixed(a, sizeof a, first, prec);
		fixed(b, sizeof b, last, prec);
		w = strlen(a) > strlen(b) ? strlen(a) : strlen(b);
		snprint(fmt, sizeof fmt, "%%0%d.%df", w, prec);
		format = fmt;
	}
	for(i = 0;; i++){
		v = first + i*incr;
		if(incr > 0 ? v > last + incr*1e-9 : v < last + incr*1e-9)
			break;
		emit(v);
	}
	exits(nil);
}
