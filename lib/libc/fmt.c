/*
 * Formatted printing, after Plan 9's print(2) and fmtinstall(2).
 *
 * dofmt interprets a format into a Fmt: bytes go to f->to until
 * f->stop, then f->flush is asked to make room; a flush that returns
 * 0 (or no flush at all) ends the output and dofmt returns -1.  Output
 * is cut only between runes, never inside a UTF-8 sequence.
 *
 * Verbs: d i u x X o b p c C s S q Q r %.  Flags: - + space # 0 ,
 * u (unsigned), width and precision (also *), sizes h hh l ll z.
 * Widths and %s precisions count runes.  There is no floating point:
 * the kernel is built without SSE, so %e %f %g print as unknown verbs
 * do, "%" then the verb, and their argument is not consumed (on
 * x86_64 it travels in an SSE register and does not shift the others).
 * A spec cut short by the end of the format prints "%".
 *
 * Verbs added with fmtinstall are tried first.  Like Plan 9's, such a
 * function returns 0 when it has printed, <0 on error, and >0 if it
 * was only a flag, so that parsing of the spec goes on.
 */
#include <u.h>
#include <fmt.h>
#include <str.h>

enum {
	Maxwidth	= 1<<30,	/* widths and precisions saturate here */
	Maxinstall	= 32,
	Intbuf		= 100,		/* 64 binary digits and 21 commas */
};

typedef struct Verb Verb;
struct Verb {
	Rune	c;
	int	(*fn)(Fmt*);
};

static Verb	installed[Maxinstall];
static int	ninstalled;	/* entries below are complete; read without the lock */
static int	installlock;


/* a string being printed: UTF-8 or runes */
typedef struct Text Text;
struct Text {
	char	*s;
	Rune	*rs;
};

/*
 * Called when fewer than need bytes are left.  Once output has
 * stopped it stays stopped: flush is cleared so it is not retried.
 */
static int
makeroom(Fmt *f, int need)
{
	if(f->flush == nil || f->flush(f) == 0 || f->stop - f->to < need){
		f->flush = nil;
		f->stop = f->to;
		return -1;
	}
	return 0;
}

/* length of the unit (whole rune, or lone bad byte) at s, of n bytes */
static int
unitlen(char *s, int n)
{
	Rune r;

	if((uchar)*s < Runeself || !fullrune(s, n))
		return 1;
	return chartorune(&r, s);
}

/* append n bytes of text */
static int
fmtout(Fmt *f, char *s, int n)
{
	int k, u, room;

	while(n > 0){
		room = f->stop - f->to;
		if(n <= room){
			memmove(f->to, s, n);
			f->to += n;
			f->nfmt += n;
			return 0;
		}
		for(k = 0; k < n; k += u){
			u = unitlen(s + k, n - k);
			if(k + u > room)
				break;
		}
		if(k > 0){
			memmove(f->to, s, k);
			f->to += k;
			f->nfmt += k;
			s += k;
			n -= k;
		}
		if(makeroom(f, unitlen(s, n)) < 0)
			return -1;
	}
	return 0;
}

static int
fmtpad(Fmt *f, int c, int n)
{
	char pad[32];
	int k;

	if(n <= 0)
		return 0;
	memset(pad, c, n < (int)sizeof pad ? n : (int)sizeof pad);
	for(; n > 0; n -= k){
		k = n < (int)sizeof pad ? n : (int)sizeof pad;
		if(fmtout(f, pad, k) < 0)
			return -1;
	}
	return 0;
}

/* the next unit of t, its bytes copied to b; returns its length, 0 at the end */
static int
textnext(Text *t, char *b, Rune *r)
{
	int n;

	if(t->rs != nil){
		if(*t->rs == 0)
			return 0;
		*r = *t->rs++;
		n = runetochar(b, r);
		chartorune(r, b);	/* what was printed, if *r was invalid */
		return n;
	}
	if(*t->s == 0)
		return 0;
	if((uchar)*t->s < Runeself){
		*r = *t->s;
		b[0] = *t->s++;
		return 1;
	}
	n = chartorune(r, t->s);
	memmove(b, t->s, n);	/* bad bytes pass through unchanged */
	t->s += n;
	return n;
}

static int
maxrunes(Fmt *f)
{
	return f->flags & FmtPrec ? f->prec : Maxwidth;
}

/* pad on the correct side of out, which is nr runes wide */
static int
padbefore(Fmt *f, int nr)
{
	if(f->flags & FmtLeft)
		return 0;
	return fmtpad(f, ' ', f->width - nr);
}

static int
padafter(Fmt *f, int nr)
{
	if(!(f->flags & FmtLeft))
		return 0;
	return fmtpad(f, ' ', f->width - nr);
}

/*
 * The runes of UTF-8 s, at most lim of them, as textnext counts them
 * (a bad byte is one); *end is where they stop.
 */
static int
utfrunes(char *s, int lim, char **end)
{
	Rune r;
	int nr;

	for(nr = 0; nr < lim && *s != 0; nr++)
		s += (uchar)*s < Runeself ? 1 : chartorune(&r, s);
	*end = s;
	return nr;
}

/* %s, %S: at most prec runes, padded to width runes */
static int
fmttext(Fmt *f, Text *t)
{
	Text c;
	char b[UTFmax], *end;
	Rune r;
	int i, n, nr, lim;

	lim = maxrunes(f);
	if(t->s != nil){
		nr = utfrunes(t->s, lim, &end);
		if(padbefore(f, nr) < 0 || fmtout(f, t->s, end - t->s) < 0)
			return -1;
		return padafter(f, nr);
	}
	c = *t;
	for(nr = 0; nr < lim && textnext(&c, b, &r) > 0; nr++)
		;
	if(padbefore(f, nr) < 0)
		return -1;
	for(i = 0; i < nr; i++){
		n = textnext(t, b, &r);
		if(fmtout(f, b, n) < 0)
			return -1;
	}
	return padafter(f, nr);
}

static int
fmtstr(Fmt *f, char *s)
{
	Text t;

	if(s == nil)
		s = "<nil>";
	if(!(f->flags & (FmtWidth|FmtPrec)))
		return fmtout(f, s, strlen(s));
	t.s = s;
	t.rs = nil;
	return fmttext(f, &t);
}

static int
fmtrunes(Fmt *f, Rune *rs)
{
	Text t;

	if(rs == nil)
		return fmtstr(f, nil);
	t.s = nil;
	t.rs = rs;
	return fmttext(f, &t);
}

/* does r make rc see more than a plain word: a blank, a control or one of its specials */
static int
needsquote(Rune r)
{
	if(r <= ' ' || r == 0x7F)
		return 1;
	switch(r){
	case '`': case '^': case '#': case '*': case '?': case '[': case ']':
	case '=': case '|': case '\\': case '\'': case '$': case '{': case '}':
	case '(': case ')': case '<': case '>': case '&': case ';':
		return 1;
	}
	return 0;
}

/*
 * Must t be quoted: empty, or holding a rune that needsquote.  In
 * UTF-8 only single bytes can be such runes, so bytes are looked at.
 */
static int
quoteneeded(Text *t)
{
	Text c;
	char b[UTFmax], *s;
	Rune r;

	if(t->s != nil){
		for(s = t->s; *s != 0; s++)
			if((uchar)*s < Runeself && needsquote(*s))
				return 1;
		return s == t->s;
	}
	if(*t->rs == 0)
		return 1;
	c = *t;
	while(textnext(&c, b, &r) > 0)
		if(needsquote(r))
			return 1;
	return 0;
}

/*
 * %q, %Q: quote for rc when needed.  A precision limits the output
 * runes, closing quote included; a string that does not fit is cut
 * and still closed.
 */
static int
fmtquoted(Fmt *f, Text *t)
{
	Text c;
	char b[UTFmax];
	Rune r;
	int n, nr, nin, lim, cost;

	if(!quoteneeded(t))
		return fmttext(f, t);
	lim = maxrunes(f);
	nr = 0;
	nin = 0;
	if(lim >= 2){
		nr = 2;
		c = *t;
		while(textnext(&c, b, &r) > 0){
			cost = r == '\'' ? 2 : 1;
			if(nr + cost > lim)
				break;
			nr += cost;
			nin++;
		}
	}
	if(padbefore(f, nr) < 0)
		return -1;
	if(nr > 0){
		if(fmtout(f, "'", 1) < 0)
			return -1;
		for(; nin > 0; nin--){
			n = textnext(t, b, &r);
			if(fmtout(f, b, n) < 0)
				return -1;
			if(r == '\'' && fmtout(f, "'", 1) < 0)
				return -1;
		}
		if(fmtout(f, "'", 1) < 0)
			return -1;
	}
	return padafter(f, nr);
}

static int
fmtq(Fmt *f, char *s)
{
	Text t;

	if(s == nil)
		return fmtstr(f, nil);
	t.s = s;
	t.rs = nil;
	return fmtquoted(f, &t);
}

static int
fmtQ(Fmt *f, Rune *rs)
{
	Text t;

	if(rs == nil)
		return fmtstr(f, nil);
	t.s = nil;
	t.rs = rs;
	return fmtquoted(f, &t);
}

/* %c prints one byte, %C one rune */
static int
fmtchar(Fmt *f, char *b, int n)
{
	if(padbefore(f, 1) < 0 || fmtout(f, b, n) < 0)
		return -1;
	return padafter(f, 1);
}

static uvlong
intarg(Fmt *f, int issigned)
{
	ulong fl;
	vlong v;

	fl = f->flags;
	if(fl & FmtVLong)
		return va_arg(f->args, vlong);
	if(fl & FmtLong)
		v = issigned ? va_arg(f->args, long) : (vlong)va_arg(f->args, ulong);
	else
		v = issigned ? va_arg(f->args, int) : (vlong)va_arg(f->args, uint);
	if(fl & FmtByte)
		v = issigned ? (signed char)v : (vlong)(uchar)v;
	else if(fl & FmtShort)
		v = issigned ? (short)v : (vlong)(ushort)v;
	return v;
}

/* integers in any base, after C's printf where Plan 9 is silent */
static int
fmtint(Fmt *f, int base, int upper, int issigned, int ispointer)
{
	char buf[Intbuf], *p, *digits, *sign, *prefix;
	uvlong u;
	ulong fl;
	int ndig, nbuf, zeros, total;

	fl = f->flags;
	if(ispointer)
		u = (uintptr)va_arg(f->args, void*);
	else
		u = intarg(f, issigned);
	sign = "";
	if(issigned && (vlong)u < 0){
		sign = "-";
		u = -u;
	}else if(issigned && (fl & FmtSign))
		sign = "+";
	else if(issigned && (fl & FmtSpace))
		sign = " ";
	prefix = "";
	if(ispointer)
		prefix = "0x";
	else if(base == 16 && (fl & FmtSharp) && u != 0)
		prefix = upper ? "0X" : "0x";

	digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	p = buf + sizeof buf;
	for(ndig = 0; u != 0; ndig++){
		if((fl & FmtComma) && ndig > 0 && ndig%3 == 0)
			*--p = ',';
		*--p = digits[u % base];
		u /= base;
	}
	if(ndig == 0 && !((fl & FmtPrec) && f->prec == 0)){
		*--p = '0';
		ndig = 1;
	}
	nbuf = buf + sizeof buf - p;

	zeros = 0;
	if((fl & FmtPrec) && f->prec > ndig)
		zeros = f->prec - ndig;
	if(base == 8 && (fl & FmtSharp) && zeros == 0 && (nbuf == 0 || *p != '0'))
		prefix = "0";
	total = strlen(sign) + strlen(prefix) + nbuf;
	if((fl & (FmtZero|FmtLeft|FmtPrec)) == FmtZero && f->width - total > zeros)
		zeros = f->width - total;
	total += zeros;

	if(padbefore(f, total) < 0
	|| fmtout(f, sign, strlen(sign)) < 0
	|| fmtout(f, prefix, strlen(prefix)) < 0
	|| fmtpad(f, '0', zeros) < 0
	|| fmtout(f, p, nbuf) < 0)
		return -1;
	return padafter(f, total);
}

static int
fmterr(Fmt *f)
{
	char buf[ERRMAX];

	buf[0] = 0;
	errfmtstr(buf, sizeof buf);
	buf[sizeof buf - 1] = 0;
	return fmtstr(f, buf);
}

/* a builtin verb; 0 done, <0 error */
static int
fmtbuiltin(Fmt *f, char *verb, int nverb)
{
	char b[UTFmax];
	Rune r;

	switch(f->r){
	case 'd':
	case 'i':
		return fmtint(f, 10, 0, !(f->flags & FmtUnsigned), 0);
	case 'u':
		return fmtint(f, 10, 0, 0, 0);
	case 'x':
		return fmtint(f, 16, 0, 0, 0);
	case 'X':
		return fmtint(f, 16, 1, 0, 0);
	case 'o':
		return fmtint(f, 8, 0, 0, 0);
	case 'b':
		return fmtint(f, 2, 0, 0, 0);
	case 'p':
		return fmtint(f, 16, 0, 0, 1);
	case 'c':
		b[0] = va_arg(f->args, int);
		return fmtchar(f, b, 1);
	case 'C':
		r = va_arg(f->args, Rune);
		return fmtchar(f, b, runetochar(b, &r));
	case 's':
		return fmtstr(f, va_arg(f->args, char*));
	case 'S':
		return fmtrunes(f, va_arg(f->args, Rune*));
	case 'q':
		return fmtq(f, va_arg(f->args, char*));
	case 'Q':
		return fmtQ(f, va_arg(f->args, Rune*));
	case 'r':
		return fmterr(f);
	case '%':
		return fmtout(f, "%", 1);
	}
	/* unknown, including the floating point verbs */
	if(fmtout(f, "%", 1) < 0)
		return -1;
	return fmtout(f, verb, nverb);
}

static int (*lookup(Rune c))(Fmt*)
{
	int i, n;

	n = __atomic_load_n(&ninstalled, __ATOMIC_ACQUIRE);
	for(i = 0; i < n; i++)
		if(installed[i].c == c)
			return __atomic_load_n(&installed[i].fn, __ATOMIC_RELAXED);
	return nil;
}

int
fmtinstall(int c, int (*fn)(Fmt*))
{
	int i, n;

	if(c <= 0 || c > Runemax || c == '%' || fn == nil)
		return -1;
	while(__atomic_test_and_set(&installlock, __ATOMIC_ACQUIRE))
		;
	n = ninstalled;
	for(i = 0; i < n; i++)
		if(installed[i].c == (Rune)c)
			break;
	if(i < n)
		__atomic_store_n(&installed[i].fn, fn, __ATOMIC_RELAXED);
	else if(n < Maxinstall){
		installed[n].c = c;
		installed[n].fn = fn;
		__atomic_store_n(&ninstalled, n + 1, __ATOMIC_RELEASE);
	}else
		i = -1;
	__atomic_clear(&installlock, __ATOMIC_RELEASE);
	return i < 0 ? -1 : 0;
}

static int
isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static int
addwidth(int w, int d)
{
	if(w > (Maxwidth - d) / 10)
		return Maxwidth;
	return w*10 + d;
}

/* after 'u', these continue a Plan 9 spec (%ud, %ux, %ulld); anything else ends it */
static int
continuesu(int c)
{
	return c != 0 && strchr("diouxXbhlz", c) != nil;
}

/* interpret one conversion spec, *fmtp just past the '%' */
static int
fmtspec(Fmt *f, char **fmtp)
{
	char *fmt, *verb;
	int (*fn)(Fmt*);
	int n, inprec;
	Rune r;

	fmt = *fmtp;
	f->flags = 0;
	f->width = 0;
	f->prec = 0;
	inprec = 0;
	for(;;){
		if(*fmt == 0){
			*fmtp = fmt;
			return fmtout(f, "%", 1);
		}
		verb = fmt;
		if((uchar)*fmt < Runeself)
			r = *fmt++;
		else
			fmt += chartorune(&r, fmt);
		f->r = r;
		if(r != '%' && (fn = lookup(r)) != nil){
			n = fn(f);
			if(n < 0)
				return -1;
			if(n == 0)
				break;
			continue;
		}
		switch(r){
		case '-':
			f->flags |= FmtLeft;
			continue;
		case '+':
			f->flags |= FmtSign;
			continue;
		case ' ':
			f->flags |= FmtSpace;
			continue;
		case '#':
			f->flags |= FmtSharp;
			continue;
		case ',':
			f->flags |= FmtComma;
			continue;
		case 'h':
			f->flags |= f->flags & FmtShort ? FmtByte : FmtShort;
			continue;
		case 'l':
			f->flags |= f->flags & FmtLong ? FmtVLong : FmtLong;
			continue;
		case 'z':
			f->flags |= FmtLong;
			continue;
		case 'u':
			f->flags |= FmtUnsigned;
			if(continuesu(*fmt))
				continue;
			break;
		case '.':
			f->flags |= FmtPrec;
			f->prec = 0;
			inprec = 1;
			continue;
		case '*':
			n = va_arg(f->args, int);
			if(inprec){
				if(n < 0)
					f->flags &= ~FmtPrec;
				else
					f->prec = n > Maxwidth ? Maxwidth : n;
				continue;
			}
			f->flags |= FmtWidth;
			if(n < 0){
				f->flags |= FmtLeft;
				n = n < -Maxwidth ? Maxwidth : -n;
			}
			f->width = n > Maxwidth ? Maxwidth : n;
			continue;
		}
		if(isdigit(r)){
			if(r == '0' && !inprec && !(f->flags & FmtWidth)){
				f->flags |= FmtZero;
				continue;
			}
			n = r - '0';
			while(isdigit(*fmt))
				n = addwidth(n, *fmt++ - '0');
			if(inprec)
				f->prec = n;
			else{
				f->flags |= FmtWidth;
				f->width = n;
			}
			continue;
		}
		if(fmtbuiltin(f, verb, fmt - verb) < 0)
			return -1;
		break;
	}
	*fmtp = fmt;
	return 0;
}

int
dofmt(Fmt *f, char *fmt)
{
	char *p;
	int start;

	start = f->nfmt;
	for(;;){
		for(p = fmt; *p != 0 && *p != '%'; p++)
			;
		if(p > fmt && fmtout(f, fmt, p - fmt) < 0)
			return -1;
		if(*p == 0)
			return f->nfmt - start;
		fmt = p + 1;
		if(fmtspec(f, &fmt) < 0)
			return -1;
	}
}

/*
 * fmtvprint and fmtprint, for use inside verbs: they keep the
 * caller's spec and arguments, and return 0 on success so that
 * "return fmtprint(f, ...)" is a correct verb ending.
 */
int
fmtvprint(Fmt *f, char *fmt, va_list args)
{
	va_list saved;
	ulong flags;
	int r, width, prec, n;

	va_copy(saved, f->args);
	r = f->r;
	width = f->width;
	prec = f->prec;
	flags = f->flags;
	va_copy(f->args, args);
	n = dofmt(f, fmt);
	va_end(f->args);
	va_copy(f->args, saved);
	va_end(saved);
	f->r = r;
	f->width = width;
	f->prec = prec;
	f->flags = flags;
	return n < 0 ? -1 : 0;
}

int
fmtprint(Fmt *f, char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = fmtvprint(f, fmt, args);
	va_end(args);
	return n;
}

/* s as %s would print it under f's current width and precision */
int
fmtstrcpy(Fmt *f, char *s)
{
	return fmtstr(f, s) < 0 ? -1 : 0;
}

static void
fmtinitbuf(Fmt *f, char *buf, char *stop)
{
	f->start = buf;
	f->to = buf;
	f->stop = stop;
	f->flush = nil;
	f->farg = nil;
	f->nfmt = 0;
	f->r = 0;
	f->width = 0;
	f->prec = 0;
	f->flags = 0;
}

/* to e-1 at most, always terminated; nil if there is no room at all */
char*
vseprint(char *buf, char *e, char *fmt, va_list args)
{
	Fmt f;

	if(buf == nil || e <= buf)
		return nil;
	fmtinitbuf(&f, buf, e - 1);
	va_copy(f.args, args);
	dofmt(&f, fmt);
	va_end(f.args);
	*f.to = 0;
	return f.to;
}

char*
seprint(char *buf, char *e, char *fmt, ...)
{
	va_list args;
	char *p;

	va_start(args, fmt);
	p = vseprint(buf, e, fmt, args);
	va_end(args);
	return p;
}

/* bytes stored, excluding the NUL; a zero-sized buffer is left alone */
int
vsnprint(char *buf, int len, char *fmt, va_list args)
{
	char *p;

	if(buf == nil || len <= 0)
		return 0;
	p = vseprint(buf, buf + len, fmt, args);
	return p - buf;
}

int
snprint(char *buf, int len, char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprint(buf, len, fmt, args);
	va_end(args);
	return n;
}

/* growing string buffers: farg holds the allocated size */
static int
fmtstrgrow(Fmt *f)
{
	usize size;
	char *p;

	size = (usize)f->farg;
	if(size > Maxwidth)
		p = nil;
	else
		p = realloc(f->start, size*2);
	if(p == nil){
		free(f->start);
		f->start = f->to = f->stop = nil;
		return 0;
	}
	f->to = p + (f->to - f->start);
	f->start = p;
	f->stop = p + size*2 - 1;	/* room kept for the NUL */
	f->farg = (void*)(size*2);
	return 1;
}

int
fmtstrinit(Fmt *f)
{
	usize size;
	char *p;

	size = 32;
	p = malloc(size);
	if(p == nil){
		fmtinitbuf(f, nil, nil);
		return -1;
	}
	fmtinitbuf(f, p, p + size - 1);
	f->flush = fmtstrgrow;
	f->farg = (void*)size;
	return 0;
}

/* the finished string, to be freed by the caller; nil if memory ran out */
char*
fmtstrflush(Fmt *f)
{
	if(f->start == nil)
		return nil;
	*f->to = 0;
	return f->start;
}

char*
vsmprint(char *fmt, va_list args)
{
	Fmt f;
	int n;

	if(fmtstrinit(&f) < 0)
		return nil;
	va_copy(f.args, args);
	n = dofmt(&f, fmt);
	va_end(f.args);
	if(n < 0){
		free(f.start);
		return nil;
	}
	return fmtstrflush(&f);
}

char*
smprint(char *fmt, ...)
{
	va_list args;
	char *p;

	va_start(args, fmt);
	p = vsmprint(fmt, args);
	va_end(args);
	return p;
}
