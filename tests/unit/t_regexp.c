/*
 * Host tests for lib/regexp: Plan 9's notation (regexp(6)), its
 * leftmost-longest matches and submatches (the expected submatches
 * are those Plan 9's own library gives), classes, anchors, UTF-8,
 * the start and end limits in match[0], regsub, the errors regcomp
 * reports, and patterns that would take a backtracking matcher
 * exponential time.
 */
#include <u.h>
#include <libc.h>
#include <regexp.h>
#include "test.h"

static char *lasterr;

/* fmt.c's %r asks for it; nothing here prints one */
void
errfmtstr(char *buf, int n)
{
	strecpy(buf, buf + n, "");
}

/* replaces lib/regexp/regerror.c: note the error and return, so regcomp returns nil */
void
regerror(char *msg)
{
	lasterr = msg;
}

/* the unquoted ( in pat: its submatches */
static int
nparens(char *pat)
{
	int n;

	for(n = 0; *pat != 0; pat++)
		if(*pat == '\\' && pat[1] != 0)
			pat++;
		else if(*pat == '(')
			n++;
	return n;
}

/*
 * Match pat against s and describe the outcome: "start-end" byte
 * offsets of each submatch, comma separated, "-" for an unused one;
 * "nomatch"; or "error: message".
 */
static char*
try(Reprog *(*comp)(char*), char *pat, char *s)
{
	static char buf[256];
	Resub m[10];
	Reprog *p;
	char *e;
	int i;

	lasterr = nil;
	p = comp(pat);
	if(p == nil){
		snprint(buf, sizeof buf, "error: %s", lasterr);
		return buf;
	}
	memset(m, 0, sizeof m);
	if(!regexec(p, s, m, nelem(m))){
		free(p);
		return "nomatch";
	}
	free(p);
	e = buf;
	buf[0] = 0;
	for(i = 0; i < nelem(m) && i <= nparens(pat); i++){
		if(i > 0)
			e = seprint(e, buf + sizeof buf, ",");
		if(m[i].sp == nil)
			e = seprint(e, buf + sizeof buf, "-");
		else
			e = seprint(e, buf + sizeof buf, "%ld-%ld", (long)(m[i].sp - s), (long)(m[i].ep - s));
	}
	return buf;
}

static void
is(char *name, Reprog *(*comp)(char*), char *pat, char *s, char *want)
{
	char *got;

	got = try(comp, pat, s);
	if(strcmp(got, want) != 0)
		printf("\t/%.40s/ on \"%.40s\": got %s, want %s\n", pat, s, got, want);
	check(name, strcmp(got, want) == 0);
}

#define re(name, pat, s, want)	is(name, regcomp, pat, s, want)

static void
testbasic(void)
{
	re("literal", "abc", "xabcx", "1-4");
	re("literal.none", "abd", "xabcx", "nomatch");
	re("dot", "a.c", "xabcx", "1-4");
	re("star", "ab*c", "ac abbbc", "0-2");
	re("star.greedy", "b*", "bbbx", "0-3");
	re("star.empty", "x*", "abc", "0-0");
	re("plus", "ab+c", "ac abbbc", "3-8");
	re("quest", "ab?c", "abbc ac", "5-7");
	re("quest.star", "a*?", "aaa", "0-3");
	re("starstar", "a**", "aa", "0-2");
	re("alt", "cat|dog", "hotdog", "3-6");
	re("alt.leftmost", "a|b", "xba", "1-2");
	re("paren", "(ab)+", "xababy", "1-5,3-5");
	re("escape.meta", "\\.\\*\\(\\[", "a.*([b", "1-5");
	re("escape.plain", "\\n", "anb", "1-2");
	re("bracket.close.literal", "a]", "ba]", "1-3");
}

static void
testlongest(void)
{
	re("longest.alt", "a|ab", "abc", "0-2");
	re("longest.alt3", "b|abc|ab", "xabcx", "1-4");
	re("longest.over.first", "(a|ab)(c|bcd)(d*)", "abcd", "0-4,0-1,1-4,4-4");
	re("longest.opt", "(a|ab)(c|bcd)?", "abcabc", "0-3,0-2,2-3");
	re("sub.greedy.first", "(a*)(a*)", "aaa", "0-3,0-3,3-3");
	re("sub.plus.star", "(a*)+", "aaa", "0-3,0-3");
	re("sub.last.iteration", "(ab)*", "abab", "0-4,2-4");
	re("sub.unused", "(a)|b", "b", "0-1,-");
	re("sub.nested", "((a)(b(c)))", "abc", "0-3,0-3,0-1,1-3,2-3");
	re("sub.alt.iter", "(a|b)*c", "abbac", "0-5,3-4");
	re("sub.optional.unused", "x(y)?z", "xz", "0-2,-");
	re("leftmost.then.longest", "b+|a", "abbb", "0-1");
}

static void
testclasses(void)
{
	re("class", "[abc]+", "xxbcaz", "2-5");
	re("class.range", "[a-cx-z]+", "qbaxzq", "1-5");
	re("class.neg", "[^a-c]+", "abxyzc", "2-5");
	re("class.neg.newline", "[^x]+", "ab\ncd", "0-2");
	re("class.quoted", "[\\-\\]]+", "a-]-b", "1-4");
	re("class.meta.plain", "[.*+?|)$]+", "a.*+?|)$b", "1-8");
	re("class.caret.later", "[b^]+", "a^b", "1-3");
	re("class.backwards", "[z-a]", "az", "nomatch");
	re("dot.newline", "a.c", "a\nc", "nomatch");
	is("regcompnl.dot", regcompnl, "a.c", "a\nc", "0-3");
	is("regcompnl.neg", regcompnl, "[^x]+", "a\nb", "0-1");
}

static void
testanchors(void)
{
	re("bol", "^a", "ba", "nomatch");
	re("bol.start", "^b", "ba", "0-1");
	re("bol.line", "^b", "a\nb", "2-3");
	re("eol", "a$", "ab", "nomatch");
	re("eol.end", "b$", "ab", "1-2");
	re("eol.line", "a$", "xa\nb", "1-2");
	re("bol.eol.empty", "^$", "", "0-0");
	re("bol.eol.line", "^$", "a\n\nb", "2-2");
	re("dollar.middle", "$a", "a", "nomatch");
}

static void
testutf(void)
{
	re("utf.literal", "β+", "αββγ", "2-6");
	re("utf.dot", "a.b", "aβb", "0-4");
	re("utf.range", "[α-γ]+", "xβγy", "1-5");
	re("utf.neg", "[^α]", "αβ", "2-4");
	re("utf.alt.sub", "(é|e)+", "xéeé", "1-6,4-6");
	re("utf.escape", "\\☺", "a☺", "1-4");
}

static void
testerrors(void)
{
	re("err.open", "(a", "a", "error: unmatched (");
	re("err.close", "a)", "a", "error: unmatched )");
	re("err.star", "*a", "a", "error: missing operand for *, + or ?");
	re("err.alt.end", "a|", "a", "error: missing operand");
	re("err.alt.start", "|a", "a", "error: missing operand");
	re("err.parens", "()", "a", "error: missing operand");
	re("err.empty", "", "a", "error: missing operand");
	re("err.bracket", "[a", "a", "error: malformed []");
	re("err.bracket.empty", "[]", "a", "error: malformed []");
	re("err.bracket.dash", "[a-]", "a", "error: malformed []");
	re("err.bracket.dash.first", "[-a]", "a", "error: malformed []");
	re("err.trailing", "a\\", "a", "error: trailing \\");
	re("err.toomany", "((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))", "a",
		"error: too many parentheses");
	re("parens.31", "(((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))", "a",
		"0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1");
}

static void
testlit(void)
{
	is("lit", regcomplit, "a.*[", "xa.*[y", "1-5");
	is("lit.nometa", regcomplit, "a.c", "abc", "nomatch");
	is("lit.empty", regcomplit, "", "abc", "0-0");
	is("lit.backslash", regcomplit, "\\", "a\\b", "1-2");
}

/* match[0].sp starts the search, match[0].ep ends the string */
static void
testlimits(void)
{
	Reprog *p;
	Resub m[2];
	char *s;

	s = "abcabc";
	p = regcomp("a(b)");
	memset(m, 0, sizeof m);
	m[0].sp = s + 1;
	check("limit.start", regexec(p, s, m, 2) == 1 && m[0].sp == s+3 && m[1].sp == s+4);
	free(p);

	p = regcomp("^a");
	memset(m, 0, sizeof m);
	m[0].sp = s + 3;
	check("limit.start.notbol", regexec(p, s, m, 2) == 0);
	free(p);

	p = regcomp("c$");
	memset(m, 0, sizeof m);
	m[0].ep = s + 3;
	check("limit.end.eol", regexec(p, s, m, 1) == 1 && m[0].sp == s+2 && m[0].ep == s+3);
	free(p);

	p = regcomp("abca");
	memset(m, 0, sizeof m);
	m[0].ep = s + 3;
	check("limit.end.stops", regexec(p, s, m, 1) == 0);
	free(p);

	p = regcomp("(a)(b)(c)");
	memset(m, 0, sizeof m);
	check("msize.small", regexec(p, s, m, 2) == 1 && m[0].ep == s+3 && m[1].sp == s && m[1].ep == s+1);
	check("msize.zero", regexec(p, s, nil, 0) == 1 && regexec(p, "xyz", nil, 0) == 0);
	free(p);
}

static void
testregsub(void)
{
	Reprog *p;
	Resub m[10];
	char *s, buf[64];

	s = "key=value;";
	p = regcomp("([a-z]+)=([a-z]+)");
	memset(m, 0, sizeof m);
	regexec(p, s, m, nelem(m));
	regsub("\\2:\\1 [&] \\\\ \\& \\3.", buf, sizeof buf, m, nelem(m));
	check("regsub", strcmp(buf, "value:key [key=value] \\ & .") == 0);
	regsub("\\1\\1\\1", buf, 8, m, nelem(m));
	check("regsub.trim", strcmp(buf, "keykeyk") == 0);
	regsub("&\\1", buf, sizeof buf, m, 1);
	check("regsub.msize", strcmp(buf, "key=value") == 0);
	free(p);
}

/* exponential for a backtracking matcher; linear here */
static void
testpathological(void)
{
	static char s[100001];
	int i;

	for(i = 0; i < 100000; i++)
		s[i] = 'a';
	re("slow.starstar", "(a*)*b", s, "nomatch");
	re("slow.alt", "(a|aa)*c", s, "nomatch");
	re("slow.plusplus", "(a+a+)+b", s, "nomatch");
	s[99999] = 'b';
	re("slow.starstar.match", "(a*)*b", s, "0-100000,0-99999");
	for(i = 0; i < 30; i++)
		s[i] = 'a';
	s[30] = 0;
	re("slow.nested.quest", "a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", s, "0-30");
}

int
main(void)
{
	testbasic();
	testlongest();
	testclasses();
	testanchors();
	testutf();
	testerrors();
	testlit();
	testlimits();
	testregsub();
	testpathological();
	return testsummary(86);
}
