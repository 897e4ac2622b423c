/*
 * Host tests for lib/libc/fmt.c and fmtfd.c.  Build:
 *	cc -std=gnu11 -O1 -g -fsanitize=address,undefined -fno-builtin -Isys/include \
 *		-o t_fmt tests/unit/t_fmt.c lib/libc/fmt.c lib/libc/fmtfd.c \
 *		lib/libc/string.c lib/libc/strtol.c lib/libc/utf.c
 */
#include <u.h>
#include <fmt.h>
#include <str.h>
#include "test.h"

/* glibc, ABI-compatible prototypes; only for cross-checking and fmtfd */
int	snprintf(char*, usize, char*, ...);
int	pipe(int*);
long	read(int, void*, long);
int	close(int);

void
errfmtstr(char *buf, int n)
{
	strecpy(buf, buf + n, "file does not exist");
}

/* format into a roomy buffer and compare; also checks the returned length */
static void
tfmt(int line, char *want, char *fmt, ...)
{
	char buf[512], name[600];
	va_list args;
	int n, ok;

	va_start(args, fmt);
	n = vsnprint(buf, sizeof buf, fmt, args);
	va_end(args);
	ok = strcmp(buf, want) == 0 && n == (int)strlen(want);
	if(!ok)
		printf("  line %d: fmt [%s] got [%s] (%d) want [%s]\n", line, fmt, buf, n, want);
	snprint(name, sizeof name, "fmt %s -> %s", fmt, want);
	for(n = 0; name[n] != 0; n++)
		if((uchar)name[n] < ' ')
			name[n] = '?';	/* one line per result */
	check(name, ok);
}
#define T(want, ...)	tfmt(__LINE__, want, __VA_ARGS__)

static void
testints(void)
{
	T("0 1 -1", "%d %i %d", 0, 1, -1);
	T("-2147483648", "%d", -2147483647 - 1);
	T("2147483647", "%d", 2147483647);
	T("4294967295", "%ud", -1);
	T("4294967295", "%u", -1);
	T("4294967295 x", "%u x", -1);
	T("-9223372036854775808", "%lld", -9223372036854775807LL - 1);
	T("9223372036854775808", "%llud", -9223372036854775807LL - 1);
	T("18446744073709551615", "%llud", ~0ULL);
	T("18446744073709551615", "%llu", ~0ULL);
	T("18446744073709551615", "%lud", ~0UL);
	T("18446744073709551615", "%lu", ~0UL);
	T("-5", "%ld", -5L);
	T("ffffffffffffffff", "%llx", ~0ULL);
	T("FFFFFFFFFFFFFFFF", "%llX", ~0ULL);
	T("ffffffffffffffff", "%llux", ~0ULL);
	T("ffffffff", "%x", -1);
	T("-1", "%hd", 65535);
	T("65535", "%hud", 65535);
	T("-1 255", "%hhd %hhud", 255, 255);
	T("ff", "%hhx", 0x1ff);
	T("1234", "%hd", 0x10000 + 1234);
	T("42", "%zd", (usize)42);
	T("777 1010", "%o %b", 0777, 10);
	T("0", "%b", 0);
	T("1111111111111111111111111111111111111111111111111111111111111111", "%llb", ~0ULL);
	T("deadbeef DEADBEEF", "%x %X", 0xdeadbeef, 0xdeadbeef);

	/* flags */
	T("+5 -5 +0", "%+d %+d %+d", 5, -5, 0);
	T(" 5 -5", "% d % d", 5, -5);
	T("+5", "%+ d", 5);
	T("5", "%+x", 5);
	T("0x1f 0X1F 0", "%#x %#X %#x", 31, 31, 0);
	T("017 0", "%#o %#o", 15, 0);
	T("0", "%#.0o", 0);
	T("0017", "%#.4o", 15);
	T("1,234,567", "%,d", 1234567);
	T("-1,234,567", "%,d", -1234567);
	T("123 1,000", "%,d %,d", 123, 1000);
	T("18,446,744,073,709,551,615", "%,llud", ~0ULL);

	/* width and precision */
	T("   42|42   |", "%5d|%-5d|", 42, 42);
	T("00042 -0042", "%05d %05d", 42, -42);
	T("0x002a", "%#06x", 42);
	T("  042", "%5.3d", 42);
	T("  042", "%05.3d", 42);
	T("42   ", "%-05d", 42);
	T("-042", "%.3d", -42);
	T("|   |", "|%3.0d|", 0);
	T("||", "|%.0d|", 0);
	T("||", "|%.d|", 0);
	T("|0|", "|%.1d|", 0);
	T("   42", "%*d", 5, 42);
	T("42   |", "%*d|", -5, 42);
	T("00042", "%.*d", 5, 42);
	T("42", "%.*d", -1, 42);
	T("  0042", "%*.*d", 6, 4, 42);
	T("2", "%d", 2);
	T("+00042", "%+06d", 42);
	T("0000000000000000000000000000001", "%.31d", 1);

	/* %p */
	T("0x0", "%p", nil);
	T("0x1234", "%p", (void*)0x1234);
	T("    0x1234", "%10p", (void*)0x1234);
}

static void
testtext(void)
{
	static Rune rs[] = {'h', 0xE9, 0x20AC, 0x1F600, 0};
	static Rune bad[] = {0xD800, 'x', 0x110000, 0};
	static Rune quote[] = {'a', ' ', '\'', 0};

	T("a", "%c", 'a');
	T("  a|a  |", "%3c|%-3c|", 'a', 'a');
	T("\xc3\xa9", "%C", 0xE9);
	T("\xe2\x82\xac", "%C", 0x20AC);
	T("\xf0\x9f\x98\x80", "%C", 0x1F600);
	T("\xef\xbf\xbd", "%C", 0xD800);
	T("\xef\xbf\xbd", "%C", 0x110000);
	T(" \xe2\x82\xac", "%2C", 0x20AC);

	T("hello", "%s", "hello");
	T("<nil>", "%s", nil);
	T("  abc|abc  |", "%5s|%-5s|", "abc", "abc");
	T("ab", "%.2s", "abcdef");
	T("   ab", "%5.2s", "abcdef");
	T("h\xc3\xa9", "%.2s", "h\xc3\xa9llo");		/* precision counts runes */
	T("  h\xc3\xa9", "%4s", "h\xc3\xa9");		/* so does width */
	T("a\xff" "b", "%s", "a\xff" "b");		/* bad bytes pass through */
	T(" a\xff", "%3s", "a\xff");
	T("", "%s", "");
	T("h\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "%S", rs);
	T("h\xc3\xa9", "%.2S", rs);
	T("  h\xc3\xa9", "%4.2S", rs);
	T("\xef\xbf\xbdx\xef\xbf\xbd", "%S", bad);
	T("<nil>", "%S", nil);

	/* %q */
	T("abc", "%q", "abc");
	T("''", "%q", "");
	T("'a b'", "%q", "a b");
	T("'a\tb'", "%q", "a\tb");
	T("'a\nb'", "%q", "a\nb");
	T("'it''s'", "%q", "it's");
	T("''''", "%q", "'");
	T("'a;b' 'x|y' 'a&' '$x' '(x)' '{x}' 'a=b' '<x>' 'a^b' '#x' '*' 'a?' '[a]' '`x`'",
		"%q %q %q %q %q %q %q %q %q %q %q %q %q %q",
		"a;b", "x|y", "a&", "$x", "(x)", "{x}", "a=b", "<x>", "a^b", "#x", "*", "a?", "[a]", "`x`");
	T("a.b/c-d_e:f,g+h@i%j", "%q", "a.b/c-d_e:f,g+h@i%j");
	T("h\xc3\xa9llo", "%q", "h\xc3\xa9llo");
	T("<nil>", "%q", nil);
	T("   'a b'|'a b'   |", "%8q|%-8q|", "a b", "a b");
	T("'ab'", "%.4q", "ab cd");		/* precision counts output runes, quotes included */
	T("'a'", "%.4q", "a'b");			/* a doubled quote does not fit */
	T("", "%.1q", "a b");
	T("abc", "%.3q", "abcdef");
	T("'a '''", "%Q", quote);
	T("abc", "%Q", (Rune[]){'a', 'b', 'c', 0});
	T("''", "%Q", (Rune[]){0});

	/* %r, %%, unknown, float, end of format */
	T("error: file does not exist", "error: %r");
	T("     file does not exist", "%24r");
	T("file", "%.4r");
	T("100%", "100%%");
	T("%y 5", "%y %d", 5);
	T("%f 7", "%f %d", 1.5, 7);
	T("%e %g 7", "%e %g %d", 1.5, 2.5, 7);
	T("abc%", "abc%");
	T("abc%", "abc%-5");
	T("%\xc3\xa9", "%\xc3\xa9");
	T("h\xc3\xa9llo w\xc3\xb6rld", "h\xc3\xa9llo %s", "w\xc3\xb6rld");
}

/* snprint and seprint at the edges of their buffers */
static void
testtrunc(void)
{
	char buf[16], *p;
	int n;

	memset(buf, 'x', sizeof buf);
	n = snprint(buf, 0, "hello");
	check("snprint size 0 returns 0", n == 0 && buf[0] == 'x');
	n = snprint(buf, -3, "hello");
	check("snprint negative size", n == 0 && buf[0] == 'x');
	n = snprint(buf, 1, "hello");
	check("snprint size 1", n == 0 && buf[0] == 0 && buf[1] == 'x');
	memset(buf, 'x', sizeof buf);
	n = snprint(buf, 6, "hello");
	check("snprint exact", n == 5 && strcmp(buf, "hello") == 0 && buf[6] == 'x');
	memset(buf, 'x', sizeof buf);
	n = snprint(buf, 5, "hello");
	check("snprint one short", n == 4 && strcmp(buf, "hell") == 0 && buf[5] == 'x');
	memset(buf, 'x', sizeof buf);
	n = snprint(buf, 4, "%d", 123456);
	check("snprint number truncated", n == 3 && strcmp(buf, "123") == 0 && buf[4] == 'x');
	memset(buf, 'x', sizeof buf);
	n = snprint(buf, 3, "a\xc3\xa9");
	check("snprint no split rune", n == 1 && strcmp(buf, "a") == 0 && buf[3] == 'x');
	n = snprint(buf, 4, "a%s", "\xe2\x82\xac");
	check("snprint no split %s rune", n == 1 && strcmp(buf, "a") == 0);
	n = snprint(buf, 5, "a%C", 0x20AC);
	check("snprint rune just fits", n == 4 && strcmp(buf, "a\xe2\x82\xac") == 0);
	n = snprint(buf, 3, "a%s", "\xff\xfe\xfd");
	check("snprint bad bytes cut anywhere", n == 2 && strcmp(buf, "a\xff") == 0);
	n = snprint(buf, sizeof buf, "%1000000000d", 5);
	check("snprint huge width truncated", n == 15 && buf[14] == ' ' && buf[15] == 0);
	n = snprint(buf, sizeof buf, "%.1000000000d", 5);
	check("snprint huge precision truncated", n == 15 && buf[14] == '0');
	n = snprint(buf, sizeof buf, "%99999999999999999999d|", 5);
	check("snprint width overflow saturates", n == 15 && buf[0] == ' ');

	memset(buf, 'x', sizeof buf);
	check("seprint e == buf", seprint(buf, buf, "abc") == nil && buf[0] == 'x');
	check("seprint e < buf", seprint(buf + 1, buf, "abc") == nil);
	check("seprint nil", seprint(nil, buf, "abc") == nil);
	p = seprint(buf, buf + 1, "abc");
	check("seprint size 1", p == buf && buf[0] == 0 && buf[1] == 'x');
	p = seprint(buf, buf + 8, "abc");
	p = seprint(p, buf + 8, "%d", 42);
	check("seprint chain", p == buf + 5 && strcmp(buf, "abc42") == 0);
	p = seprint(p, buf + 8, "%s", "wxyz");
	check("seprint chain full", p == buf + 7 && strcmp(buf, "abc42wx") == 0 && buf[8] == 'x');
	p = seprint(p, buf + 8, "more");
	check("seprint when full", p == buf + 7 && *p == 0);
}

static int
fmtZ(Fmt *f)
{
	int v;

	v = va_arg(f->args, int);
	return fmtprint(f, "<%d w%d p%d%s>", v, f->width, f->prec, (f->flags & FmtSharp) ? " #" : "");
}

static int
fmtstarflag(Fmt *f)
{
	f->flags |= FmtSharp;
	return 1;	/* a flag: keep parsing the spec */
}

static int
fmtfail(Fmt *f)
{
	USED(f);
	return -1;
}

static int
fmtname(Fmt *f)
{
	return fmtstrcpy(f, va_arg(f->args, char*));
}

static void
testinstall(void)
{
	char buf[64];
	int i, n, full;

	check("fmtinstall", fmtinstall('Z', fmtZ) == 0);
	T("a <7 w0 p0> b", "a %Z b", 7);
	T("<7 w5 p2> 9", "%5.2Z %d", 7, 9);
	check("fmtinstall flag", fmtinstall('!', fmtstarflag) == 0);
	T("<3 w0 p0 #>", "%!Z", 3);
	check("fmtinstall rune verb", fmtinstall(0x263A, fmtname) == 0);
	T("   ab|", "%5\xe2\x98\xba|", "ab");
	check("fmtinstall replace", fmtinstall('Z', fmtname) == 0);
	T("x", "%Z", "x");
	check("fmtinstall rejects", fmtinstall('%', fmtZ) < 0 && fmtinstall(0, fmtZ) < 0
		&& fmtinstall(-5, fmtZ) < 0 && fmtinstall(0x110000, fmtZ) < 0 && fmtinstall('Y', nil) < 0);
	check("fmtinstall error verb", fmtinstall('E', fmtfail) == 0);
	n = snprint(buf, sizeof buf, "ab%Ecd");
	check("error verb stops output", n == 2 && strcmp(buf, "ab") == 0);
	check("smprint error verb", smprint("%E") == nil);
	/* the table is small and says so when full */
	full = 0;
	for(i = 0; i < 64; i++)
		if(fmtinstall(0x4E00 + i, fmtname) < 0)
			full++;
	check("fmtinstall table full", full > 0 && full < 64);
	T("%", "%%");
}

/* a tiny buffer drained by flush into out[]: every flush must hold whole runes */
static char out[4096];
static int nout, nflush, flushlimit, splitrune;

static int
collect(Fmt *f)
{
	int n;

	if(nflush >= flushlimit)
		return 0;
	nflush++;
	n = f->to - f->start;
	if(n > 0 && (uchar)f->to[-1] >= 0xC0)
		splitrune = 1;
	memmove(out + nout, f->start, n);
	nout += n;
	f->to = f->start;
	return 1;
}

/* dofmt takes its arguments from f->args */
static int
dofmtargs(Fmt *f, char *fmt, ...)
{
	int n;

	va_start(f->args, fmt);
	n = dofmt(f, fmt);
	va_end(f->args);
	return n;
}

static void
testflush(void)
{
	char small[5];
	Fmt f;
	int n;

	memset(&f, 0, sizeof f);
	f.start = f.to = small;
	f.stop = small + sizeof small;
	f.flush = collect;
	nout = nflush = splitrune = 0;
	flushlimit = 1000;
	n = fmtprint(&f, "%s=%d %C%C%C;", "abcdefgh", 12345, 0x20AC, 0x20AC, 0x1F600);
	check("fmtprint returns 0", n == 0);
	collect(&f);
	out[nout] = 0;
	check("flush output", strcmp(out, "abcdefgh=12345 \xe2\x82\xac\xe2\x82\xac\xf0\x9f\x98\x80;") == 0);
	check("flush nfmt", f.nfmt == (int)strlen(out));
	check("flush keeps runes whole", splitrune == 0);

	memset(&f, 0, sizeof f);
	f.start = f.to = small;
	f.stop = small + sizeof small;
	f.flush = collect;
	nout = nflush = 0;
	flushlimit = 2;
	n = dofmt(&f, "0123456789abcdefghij");
	check("flush refusal stops dofmt", n == -1 && nflush == 2 && nout == 10 && f.to == f.stop);
	n = dofmt(&f, "more");
	check("stays stopped", n == -1 && nflush == 2);

	memset(&f, 0, sizeof f);
	f.start = f.to = small;
	f.stop = small + sizeof small;
	f.flush = collect;
	nout = nflush = 0;
	flushlimit = 1000;
	n = dofmtargs(&f, "%d-%s", 42, "xy");
	check("dofmt count", n == 5);
}

static void
teststrbuf(void)
{
	char big[3000], *p;
	Fmt f;
	int i;

	for(i = 0; i < (int)sizeof big - 1; i++)
		big[i] = 'a' + i%26;
	big[sizeof big - 1] = 0;
	p = smprint("<%s>", big);
	check("smprint grows", p != nil && strlen(p) == sizeof big + 1 && p[0] == '<'
		&& memcmp(p + 1, big, sizeof big - 1) == 0 && p[sizeof big] == '>');
	free(p);
	p = smprint("%-5000d|", 7);
	check("smprint wide", p != nil && strlen(p) == 5001 && p[0] == '7' && p[4999] == ' ' && p[5000] == '|');
	free(p);
	p = smprint("");
	check("smprint empty", p != nil && p[0] == 0);
	free(p);

	check("fmtstrinit", fmtstrinit(&f) == 0);
	for(i = 0; i < 100; i++)
		fmtprint(&f, "%d,", i);
	p = fmtstrflush(&f);
	check("fmtstrflush", p != nil && strlen(p) == 10*2 + 90*3 && strncmp(p, "0,1,2,", 6) == 0
		&& strcmp(p + strlen(p) - 3, "99,") == 0);
	free(p);
}

static void
testfd(void)
{
	char buf[8], got[128];
	int fd[2], n, m;
	Fmt f;

	if(pipe(fd) < 0){
		check("pipe", 0);
		return;
	}
	check("fmtfdinit", fmtfdinit(&f, fd[1], buf, sizeof buf) == 0);
	check("fmtfdinit bad", fmtfdinit(&f, fd[1], buf, 0) < 0);
	fmtfdinit(&f, fd[1], buf, sizeof buf);
	fmtprint(&f, "hello %s %d\n", "world", 42);
	check("fmtfdflush", fmtfdflush(&f) == 1 && f.to == f.start);
	close(fd[1]);
	n = 0;
	while((m = read(fd[0], got + n, sizeof got - 1 - n)) > 0)
		n += m;
	got[n] = 0;
	close(fd[0]);
	check("fmtfd output", strcmp(got, "hello world 42\n") == 0);
	fmtfdinit(&f, -1, buf, sizeof buf);
	fmtprint(&f, "x");
	check("fmtfdflush bad fd", fmtfdflush(&f) == 0);
}

/* compare integer conversions with the host's printf where C and Plan 9 agree */
static void
testagainsthost(void)
{
	static char *flags[] = {"", "-", "+", " ", "#", "0", "-#", "+0", " 0", "#0", "-+"};
	static char *widths[] = {"", "1", "5", "12", "25"};
	static char *precs[] = {"", ".", ".0", ".1", ".3", ".20"};
	static char verbs[] = "dxXo";
	static vlong vals[] = {0, 1, -1, 7, 42, -42, 255, 4096, 2147483647, -2147483647-1,
		9223372036854775807LL, -9223372036854775807LL-1, 1234567890123LL};
	char spec[32], mine[128], host[128];
	int a, b, c, d, i, bad, total;

	bad = 0;
	total = 0;
	for(a = 0; a < (int)nelem(flags); a++)
	for(b = 0; b < (int)nelem(widths); b++)
	for(c = 0; c < (int)nelem(precs); c++)
	for(d = 0; verbs[d] != 0; d++)
	for(i = 0; i < (int)nelem(vals); i++){
		snprint(spec, sizeof spec, "%%%s%s%sll%c", flags[a], widths[b], precs[c], verbs[d]);
		snprint(mine, sizeof mine, spec, vals[i]);
		snprintf(host, sizeof host, spec, vals[i]);
		total++;
		if(strcmp(mine, host) != 0){
			if(bad++ < 10)
				printf("  %s of %lld: got [%s] host [%s]\n", spec, vals[i], mine, host);
		}
	}
	check("integer formats agree with host printf", bad == 0 && total > 10000);
}

int
main(void)
{
	testints();
	testtext();
	testtrunc();
	testinstall();
	testflush();
	teststrbuf();
	testfd();
	testagainsthost();
	return testsummary(167);
}
