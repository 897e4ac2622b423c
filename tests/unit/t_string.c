/*
 * Host tests for lib/libc string.c, strtol.c, utf.c, cleanname.c,
 * tokenize.c.  Build:
 *	cc -std=gnu11 -O1 -g -fsanitize=address,undefined -fno-builtin -Isys/include \
 *		-o t_string tests/unit/t_string.c lib/libc/string.c lib/libc/strtol.c \
 *		lib/libc/utf.c lib/libc/cleanname.c lib/libc/tokenize.c
 */
#include <u.h>
#include <str.h>
#include "test.h"

/* a slow obviously-right copy to compare against */
static void
refmove(uchar *d, uchar *s, usize n)
{
	uchar tmp[1024];
	usize i;

	for(i = 0; i < n; i++)
		tmp[i] = s[i];
	for(i = 0; i < n; i++)
		d[i] = tmp[i];
}

static void
fill(uchar *p, usize n, int seed)
{
	usize i;

	for(i = 0; i < n; i++)
		p[i] = (i*7 + seed*13 + (i>>3)) & 0xFF;
}

static void
testmem(void)
{
	static uchar a[600], b[600], big1[128*1024+7], big2[128*1024+7];
	usize n, so, doff;
	int bad, i;

	/* every small length, every alignment, overlap in both directions */
	bad = 0;
	for(n = 0; n <= 70; n++)
		for(so = 0; so < 9; so++)
			for(doff = 0; doff < 20; doff++){
				fill(a, sizeof a, n+so);
				fill(b, sizeof b, n+so);
				memmove(a + 100 + doff, a + 100 + so*2, n);
				refmove(b + 100 + doff, b + 100 + so*2, n);
				if(memcmp(a, b, sizeof a) != 0)
					bad++;
			}
	check("memmove overlap all sizes/offsets", bad == 0);
	bad = 0;
	for(n = 100; n <= 500; n += 37){
		fill(a, sizeof a, n);
		fill(b, sizeof b, n);
		memmove(a + 3, a, n);
		refmove(b + 3, b, n);
		bad += memcmp(a, b, sizeof a) != 0;
		fill(a, sizeof a, n);
		fill(b, sizeof b, n);
		memmove(a, a + 9, n);
		refmove(b, b + 9, n);
		bad += memcmp(a, b, sizeof a) != 0;
	}
	check("memmove long overlaps", bad == 0);
	fill(a, sizeof a, 1);
	check("memmove returns dst", memmove(a + 1, a, 10) == a + 1);
	check("memmove n=0", memmove(nil, nil, 0) == nil);

	fill(big1, sizeof big1, 5);
	memset(big2, 0, sizeof big2);
	check("memcpy 128K returns dst", memcpy(big2 + 3, big1 + 1, 128*1024) == big2 + 3);
	check("memcpy 128K", memcmp(big2 + 3, big1 + 1, 128*1024) == 0 && big2[2] == 0
		&& big2[128*1024+3] == 0);
	memmove(big1 + 1, big1, 128*1024);	/* backward path, big */
	fill(big2, sizeof big2, 5);
	check("memmove 128K backward", memcmp(big1 + 1, big2, 128*1024) == 0);

	bad = 0;
	for(n = 0; n < 70; n++){
		memset(a, 'x', sizeof a);
		if(memset(a + 5, 0xA5, n) != a + 5)
			bad++;
		for(i = 0; i < (int)sizeof a; i++)
			if(a[i] != (i >= 5 && i < 5 + (int)n ? 0xA5 : 'x'))
				bad++;
	}
	check("memset sizes", bad == 0);
	memset(big1, 0x100 + 7, sizeof big1);
	check("memset int truncated to byte", big1[0] == 7 && big1[sizeof big1 - 1] == 7);

	check("memcmp equal", memcmp("abc", "abc", 3) == 0);
	check("memcmp unsigned", memcmp("\x80", "\x01", 1) > 0 && memcmp("\x01", "\x80", 1) < 0);
	check("memcmp n=0", memcmp("a", "b", 0) == 0);
	{
		char s[] = "hel\0lo";
		check("memchr found", memchr(s, 'l', 6) == s + 2);
		check("memchr past NUL", memchr(s, 'o', 6) == s + 5);
		check("memchr bounded", memchr(s, 'o', 5) == nil);
		check("memchr high byte", memchr("a\xffz", 0xff, 3) != nil);
		check("memchr absent", memchr(s, 'z', 6) == nil);
	}
}

static void
teststr(void)
{
	char buf[32], *p, *s;

	check("strlen", strlen("") == 0 && strlen("abc") == 3);
	check("strcmp", strcmp("a", "a") == 0 && strcmp("a", "b") < 0 && strcmp("b", "a") > 0);
	check("strcmp prefix", strcmp("ab", "abc") < 0 && strcmp("abc", "ab") > 0);
	check("strcmp unsigned", strcmp("\xe9", "a") > 0);
	check("strncmp", strncmp("abcd", "abce", 3) == 0 && strncmp("abcd", "abce", 4) < 0);
	check("strncmp short", strncmp("ab", "abc", 5) < 0 && strncmp("x", "y", 0) == 0);
	check("strcpy", strcpy(buf, "hello") == buf && strcmp(buf, "hello") == 0);
	check("strcat", strcat(buf, " world") == buf && strcmp(buf, "hello world") == 0);
	memset(buf, 'x', sizeof buf);
	strncpy(buf, "ab", 5);
	check("strncpy pads", memcmp(buf, "ab\0\0\0x", 6) == 0);
	strncpy(buf, "abcdef", 3);
	check("strncpy truncates", memcmp(buf, "abc\0\0x", 6) == 0);
	s = "a/b/c";
	check("strchr", strchr(s, '/') == s + 1 && strchr(s, 'z') == nil);
	check("strchr NUL", strchr(s, 0) == s + 5);
	check("strrchr", strrchr(s, '/') == s + 3 && strrchr(s, 'q') == nil && strrchr(s, 0) == s + 5);
	check("strchr high byte", strchr("a\xe9", 0xe9) != nil);
	s = "abcabd";
	check("strstr", strstr(s, "abd") == s + 3 && strstr(s, "abe") == nil);
	check("strstr empty", strstr(s, "") == s);
	check("strstr longer", strstr("ab", "abc") == nil);

	memset(buf, 'x', sizeof buf);
	p = strecpy(buf, buf + 4, "hello");
	check("strecpy truncates", p == buf + 3 && strcmp(buf, "hel") == 0 && buf[4] == 'x');
	p = strecpy(buf, buf + 6, "hello");
	check("strecpy exact", p == buf + 5 && strcmp(buf, "hello") == 0);
	p = strecpy(p, buf + 10, "!!");
	check("strecpy chain", p == buf + 7 && strcmp(buf, "hello!!") == 0);
	buf[0] = 'q';
	check("strecpy no room", strecpy(buf, buf, "z") == buf && buf[0] == 'q');
	check("strecpy e-1", strecpy(buf, buf + 1, "z") == buf && buf[0] == 0);

	p = strdup("dup me");
	check("strdup", p != nil && strcmp(p, "dup me") == 0);
	free(p);

	check("atoi", atoi("42") == 42 && atoi("  -17x") == -17);
	check("atoi plan 9 prefixes", atoi("010") == 8 && atoi("0x1f") == 31);
	check("atol", atol("-9000000000") == -9000000000L);
	check("atoll", atoll("123456789012345") == 123456789012345LL);
	check("atoi junk", atoi("zz") == 0);
}

static void
teststrtol(void)
{
	char *e, *s;

	s = "  -123abc";
	check("strtol dec", strtol(s, &e, 10) == -123 && e == s + 6);
	s = "0x1F";
	check("strtol base0 hex", strtol(s, &e, 0) == 31 && e == s + 4);
	s = "0X1f";
	check("strtol base16 prefix", strtol(s, &e, 16) == 31 && e == s + 4);
	s = "0777";
	check("strtol base0 octal", strtol(s, &e, 0) == 511 && e == s + 4);
	s = "0789";
	check("strtol octal stops at 8", strtol(s, &e, 0) == 7 && e == s + 2);
	s = "789";
	check("strtol base0 dec", strtol(s, &e, 0) == 789 && e == s + 3);
	s = "0x";
	check("strtol 0x no digits", strtol(s, &e, 0) == 0 && e == s + 1);
	s = "0xg";
	check("strtol 0xg", strtol(s, &e, 16) == 0 && e == s + 1);
	s = "   ";
	check("strtol none", strtol(s, &e, 10) == 0 && e == s);
	s = "-";
	check("strtol sign only", strtol(s, &e, 10) == 0 && e == s);
	s = "+12";
	check("strtol plus", strtol(s, &e, 10) == 12 && e == s + 3);
	s = "1010";
	check("strtol base2", strtol(s, &e, 2) == 10 && e == s + 4);
	s = "zZ";
	check("strtol base36", strtol(s, &e, 36) == 35*36 + 35 && e == s + 2);
	s = "12";
	check("strtol bad base", strtol(s, &e, 1) == 0 && e == s && strtol(s, &e, 37) == 0 && e == s);
	check("strtol nil end", strtol("55", nil, 10) == 55);
	s = "0";
	check("strtol 0", strtol(s, &e, 0) == 0 && e == s + 1);

	s = "99999999999999999999999x";
	check("strtol overflow clamps", strtol(s, &e, 10) == (long)(~0UL >> 1) && e == s + 23);
	s = "-99999999999999999999999x";
	check("strtol underflow clamps", strtol(s, &e, 10) == -(long)(~0UL >> 1) - 1 && e == s + 24);
	check("strtoll min exact", strtoll("-9223372036854775808", nil, 10) == -9223372036854775807LL - 1);
	check("strtoll max exact", strtoll("9223372036854775807", nil, 10) == 9223372036854775807LL);
	check("strtoll max+1", strtoll("9223372036854775808", nil, 10) == 9223372036854775807LL);
	check("strtoll min-1", strtoll("-9223372036854775809", nil, 10) == -9223372036854775807LL - 1);
	s = "18446744073709551615";
	check("strtoull max", strtoull(s, &e, 10) == ~0ULL && e == s + 20);
	s = "18446744073709551616";
	check("strtoull overflow", strtoull(s, &e, 10) == ~0ULL && e == s + 20);
	s = "0xffffffffffffffffff";
	check("strtoull hex overflow", strtoull(s, &e, 0) == ~0ULL && e == s + 20);
	check("strtoul", strtoul("0xdeadbeef", nil, 0) == 0xdeadbeefUL);
	check("strtoul negative", strtoul("-1", nil, 10) == ~0UL);
	check("strtoull negative", strtoull("-2", nil, 10) == ~0ULL - 1);
}

static void
testutf(void)
{
	char buf[UTFmax+1];
	Rune r, rr;
	int n, bad;
	char *s;

	bad = 0;
	for(r = 0; r <= Runemax; r++){
		if(r >= 0xD800 && r <= 0xDFFF)
			continue;
		n = runetochar(buf, &r);
		if(n != runelen(r) || !fullrune(buf, n) || (n > 1 && fullrune(buf, n-1)))
			bad++;
		if(chartorune(&rr, buf) != n || rr != r)
			bad++;
	}
	check("utf round trip all runes", bad == 0);
	check("runelen", runelen('a') == 1 && runelen(0xE9) == 2 && runelen(0x20AC) == 3 && runelen(0x1F600) == 4);
	check("runelen invalid", runelen(-1) == 3 && runelen(0x110000) == 3);
	r = 0xD800;
	check("runetochar surrogate", runetochar(buf, &r) == 3 && memcmp(buf, "\xef\xbf\xbd", 3) == 0);
	r = 0x110000;
	check("runetochar too big", runetochar(buf, &r) == 3 && memcmp(buf, "\xef\xbf\xbd", 3) == 0);

	check("chartorune overlong 2", chartorune(&r, "\xc0\x80") == 1 && r == Runeerror);
	check("chartorune overlong C1", chartorune(&r, "\xc1\xbf") == 1 && r == Runeerror);
	check("chartorune overlong 3", chartorune(&r, "\xe0\x80\x80") == 1 && r == Runeerror);
	check("chartorune overlong 3b", chartorune(&r, "\xe0\x9f\xbf") == 1 && r == Runeerror);
	check("chartorune overlong 4", chartorune(&r, "\xf0\x8f\xbf\xbf") == 1 && r == Runeerror);
	check("chartorune surrogate", chartorune(&r, "\xed\xa0\x80") == 1 && r == Runeerror);
	check("chartorune > max", chartorune(&r, "\xf4\x90\x80\x80") == 1 && r == Runeerror);
	check("chartorune F5", chartorune(&r, "\xf5\x80\x80\x80") == 1 && r == Runeerror);
	check("chartorune FF", chartorune(&r, "\xff") == 1 && r == Runeerror);
	check("chartorune continuation", chartorune(&r, "\x80") == 1 && r == Runeerror);
	check("chartorune truncated", chartorune(&r, "\xe2\x82") == 1 && r == Runeerror);
	check("chartorune bad cont", chartorune(&r, "\xe2\x82" "A") == 1 && r == Runeerror);
	check("chartorune max", chartorune(&r, "\xf4\x8f\xbf\xbf") == 4 && r == Runemax);
	check("chartorune real fffd", chartorune(&r, "\xef\xbf\xbd") == 3 && r == Runeerror);
	check("chartorune NUL", chartorune(&r, "") == 1 && r == 0);

	check("fullrune empty", fullrune("a", 0) == 0);
	check("fullrune ascii", fullrune("a", 1) == 1);
	check("fullrune partial", fullrune("\xe2\x82\xac", 2) == 0 && fullrune("\xe2\x82\xac", 3) == 1);
	check("fullrune bad lead", fullrune("\x80", 1) == 1 && fullrune("\xff", 1) == 1);
	check("fullrune bad cont decides", fullrune("\xe2" "A", 2) == 1);

	check("utflen", utflen("") == 0 && utflen("abc") == 3 && utflen("h\xc3\xa9\xe2\x82\xac") == 3);
	check("utflen malformed", utflen("\xe2\x82" "A\xff") == 4);
	s = "a\xc3\xa9" "b\xe2\x82\xac";
	check("utfrune ascii", utfrune(s, 'b') == s + 3);
	check("utfrune multi", utfrune(s, 0xE9) == s + 1 && utfrune(s, 0x20AC) == s + 4);
	check("utfrune absent", utfrune(s, 0x20AD) == nil && utfrune(s, 'z') == nil);
	check("utfrune NUL", utfrune(s, 0) == s + 7);
	check("utfrune negative", utfrune("\xff", -1) == nil);
}

static void
testcleanname(void)
{
	static char *tab[][2] = {
		{"", "."},
		{".", "."},
		{"/", "/"},
		{"//", "/"},
		{"/.", "/"},
		{"/..", "/"},
		{"/../..", "/"},
		{"..", ".."},
		{"../..", "../.."},
		{"../a/..", ".."},
		{"a/../..", ".."},
		{"a/..", "."},
		{"a/../b", "b"},
		{"a//b", "a/b"},
		{"a/./b/", "a/b"},
		{"/a/b/../c", "/a/c"},
		{"/a/b/../../..", "/"},
		{"./a", "a"},
		{"a/b/c/../../d", "a/d"},
		{"abc/..def", "abc/..def"},
		{"...", "..."},
		{"/usr//lib/./x/../y/", "/usr/lib/y"},
		{"x/../#c", "./#c"},
		{"#c/../x", "x"},
		{"#c/x/..", "#c"},
		{"./../x", "../x"},
	};
	char buf[64], name[80];
	int i;

	for(i = 0; i < (int)nelem(tab); i++){
		strcpy(buf, tab[i][0]);
		strcpy(name, "cleanname ");
		strcat(name, tab[i][0][0] ? tab[i][0] : "(empty)");
		if(cleanname(buf) != buf || strcmp(buf, tab[i][1]) != 0)
			printf("  got %s want %s\n", buf, tab[i][1]);
		check(name, strcmp(buf, tab[i][1]) == 0);
	}
}

static void
testtokenize(void)
{
	char buf[128], *f[8];
	int n;

	strcpy(buf, "  a bb\tccc\n");
	n = tokenize(buf, f, nelem(f));
	check("tokenize plain", n == 3 && strcmp(f[0], "a") == 0 && strcmp(f[1], "bb") == 0 && strcmp(f[2], "ccc") == 0);
	strcpy(buf, "echo 'hello world' it''s 'don''t' x'y z'w ''");
	n = tokenize(buf, f, nelem(f));
	check("tokenize quotes", n == 6 && strcmp(f[0], "echo") == 0 && strcmp(f[1], "hello world") == 0
		&& strcmp(f[2], "its") == 0 && strcmp(f[3], "don't") == 0 && strcmp(f[4], "xy zw") == 0
		&& strcmp(f[5], "") == 0);
	strcpy(buf, "'unterminated quote");
	n = tokenize(buf, f, nelem(f));
	check("tokenize unterminated", n == 1 && strcmp(f[0], "unterminated quote") == 0);
	strcpy(buf, "a b c d");
	n = tokenize(buf, f, 2);
	check("tokenize maxargs", n == 2 && strcmp(f[0], "a") == 0 && strcmp(f[1], "b") == 0);
	strcpy(buf, "   ");
	check("tokenize empty", tokenize(buf, f, nelem(f)) == 0);
	check("tokenize max 0", tokenize(buf, f, 0) == 0);

	strcpy(buf, "a::b:");
	n = getfields(buf, f, nelem(f), 0, ":");
	check("getfields empty fields", n == 4 && strcmp(f[0], "a") == 0 && strcmp(f[1], "") == 0
		&& strcmp(f[2], "b") == 0 && strcmp(f[3], "") == 0);
	strcpy(buf, "::a::b::");
	n = getfields(buf, f, nelem(f), 1, ":");
	check("getfields mflag", n == 2 && strcmp(f[0], "a") == 0 && strcmp(f[1], "b") == 0);
	strcpy(buf, "a b c d");
	n = getfields(buf, f, 2, 0, " ");
	check("getfields max keeps rest", n == 2 && strcmp(f[0], "a") == 0 && strcmp(f[1], "b c d") == 0);
	strcpy(buf, "a  b  c");
	n = getfields(buf, f, 2, 1, " ");
	check("getfields mflag max", n == 2 && strcmp(f[0], "a") == 0 && strcmp(f[1], "b  c") == 0);
	strcpy(buf, "x\xc2\xa7y\xc2\xa7z");
	n = getfields(buf, f, nelem(f), 0, "\xc2\xa7");
	check("getfields utf separator", n == 3 && strcmp(f[0], "x") == 0 && strcmp(f[1], "y") == 0
		&& strcmp(f[2], "z") == 0);
	strcpy(buf, "x\xc2y");
	n = getfields(buf, f, nelem(f), 0, "\xc2\xa7");
	check("getfields bad utf is data", n == 1 && strcmp(f[0], "x\xc2y") == 0);
	strcpy(buf, "");
	check("getfields empty", getfields(buf, f, nelem(f), 0, ":") == 1 && getfields(buf, f, nelem(f), 1, ":") == 0);
	check("getfields max 0", getfields(buf, f, 0, 0, ":") == 0);
}

int
main(void)
{
	testmem();
	teststr();
	teststrtol();
	testutf();
	testcleanname();
	testtokenize();
	return testsummary(145);
}
