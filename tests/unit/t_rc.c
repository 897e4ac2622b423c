/*
 * Host tests for rc's lexer, parser, tree printer, variables and
 * expansion (cmd/rc/{lex,parse,tree,var,expand,glob,util}.c).
 * Build:
 *	cc -std=gnu11 -O1 -g -fsanitize=address,undefined -fno-builtin -Isys/include \
 *		-o t_rc tests/unit/t_rc.c cmd/rc/lex.c cmd/rc/parse.c cmd/rc/tree.c \
 *		cmd/rc/var.c cmd/rc/expand.c cmd/rc/glob.c cmd/rc/util.c \
 *		lib/libc/fmt.c lib/libc/string.c lib/libc/strtol.c lib/libc/utf.c
 *
 * The few things rc gets from its surroundings are given here: error
 * output goes into a buffer the tests look at, and listdir serves a
 * small made-up file tree so that globbing can be checked.
 */
#include "../../cmd/rc/rc.h"
#include "test.h"

static char errbuf[4096];
static int nprompt;

int
fprint(int fd, char *fmt, ...)
{
	va_list arg;
	int n, len;

	USED(fd);
	len = strlen(errbuf);
	va_start(arg, fmt);
	n = vsnprint(errbuf+len, sizeof errbuf - len, fmt, arg);
	va_end(arg);
	return n;
}

void
exits(char *s)
{
	printf("exits %s\n", s);
	abort();
}

void
errfmtstr(char *buf, int n)
{
	snprint(buf, n, "no error");
}

void
prompt(int n)
{
	USED(n);
	nprompt++;
}

/* `{cmd} gives the command's source, split at blanks: enough to see it got there */
int
backquote(Tree *t, Word **out)
{
	char *s, *f[16];
	int i, n;

	s = deparse(t->left);
	n = tokenize(s, f, nelem(f));
	*out = nil;
	for(i = n-1; i >= 0; i--)
		*out = newword(f[i], *out);
	free(s);
	return 0;
}

/* the made-up file tree: directory, then its entries */
static char *fakefs[][8] = {
	{ ".", "a.c", "b.c", "d", "x.h", "[q]", nil },
	{ "d", "e.c", "f", nil },
	{ "/", "bin", "lib", nil },
	{ "/bin", "cat", "echo", "ls", "rc", nil },

	{ "/lib", "profile", nil },

};

int
listdir(char *dir, Word **out)
{
	int i, j;

	*out = nil;
	for(i = 0; i < nelem(fakefs); i++){
		if(strcmp(fakefs[i][0], dir) != 0)
			continue;
		for(j = 1; fakefs[i][j] != nil; j++)
			*out = newword(fakefs[i][j], *out);
		return 0;
	}
	return -1;
}

/* parse the first line of s: its S-expression, "" if empty, or "ERR msg" */
static char*
parse1(char *s)
{
	static char buf[1024];
	Parser p;
	Input *in;
	Tree *t;
	char *str;
	int eof;

	in = stringinput(s);
	initparser(&p, in);
	t = parseline(&p, &eof);
	if(p.err[0] != 0)
		snprint(buf, sizeof buf, "ERR %s", p.err);
	else{
		str = treestr(t);
		snprint(buf, sizeof buf, "%s", t == nil ? "" : str);
		free(str);
	}
	termparser(&p);
	freeinput(in);
	return buf;
}

/* parse, print as rc, parse that: the same tree? */
static int
roundtrip(char *s)
{
	char a[1024], *src;
	Parser p;
	Input *in;
	Tree *t;
	int eof, ok;

	snprint(a, sizeof a, "%s", parse1(s));
	in = stringinput(s);
	initparser(&p, in);
	t = parseline(&p, &eof);
	src = deparse(t);
	termparser(&p);
	freeinput(in);
	ok = strcmp(parse1(src), a) == 0;
	if(!ok)
		printf("roundtrip %s -> %s -> %s\n", s, src, parse1(src));
	free(src);
	return ok;
}

static struct {
	char	*in;
	char	*want;
} parses[] = {
	{ "echo hello\n", "(simple echo hello)" },
	{ "echo hello", "(simple echo hello)" },
	{ "\n", "" },
	{ "# just a comment\n", "" },
	{ "echo 'a b' 'it''s' ''\n", "(simple echo 'a b' 'it's' '')" },
	{ "echo a#comment\n", "(simple echo a)" },
	{ "echo a\\\n b\n", "(simple echo a b)" },
	{ "a | b | c\n", "(|[1=0] (|[1=0] (simple a) (simple b)) (simple c))" },
	{ "a |[2] b\n", "(|[2=0] (simple a) (simple b))" },
	{ "a |[3=4] b\n", "(|[3=4] (simple a) (simple b))" },
	{ "cat <in >out\n", "(<[0] in (>[1] out (simple cat)))" },
	{ "cat >>app >[2]err >[2=1] >[3=]\n",
	  "(>>[1] app (>[2] err (>[2=1] (>[3=] (simple cat)))))" },
	{ ">f\n", "(>[1] f (simple))" },
	{ "{a; b} >f\n", "(>[1] f ({} (; (simple a) (simple b))))" },
	{ "x=(a b c)\n", "(= x (list a b c))" },
	{ "x = 1\n", "(= x 1)" },
	{ "x=\n", "(= x (list))" },
	{ "x=1 y=2 env\n", "(= x 1 (= y 2 (simple env)))" },
	{ "echo a=b =\n", "(simple echo (^ (^ a '=') b) '=')" },
	{ "echo $x $#x $\"x $x(2) $x(1 3)\n", "(simple echo $x $#x $\"x $x((list 2)) $x((list 1 3)))" },
	{ "echo $x.c a$x $x$y\n", "(simple echo (^ $x .c) (^ a $x) (^ $x $y))" },
	{ "echo $x ^ b a^'b'\n", "(simple echo (^ $x b) (^ a 'b'))" },
	{ "echo $$y $x (2)\n", "(simple echo $$y $x (list 2))" },
	{ "echo (a b)c\n", "(simple echo (^ (list a b) c))" },
	{ "echo a'b c'd\n", "(simple echo (^ (^ a 'b c') d))" },
	{ "echo if for in not while fn\n", "(simple echo if for in not while fn)" },
	{ "'if' x\n", "(simple 'if' x)" },
	{ "a; b & c\n", "(; (; (simple a) (& (simple b))) (simple c))" },
	{ "sleep 10 &\n", "(& (simple sleep 10))" },
	{ "a && b || c\n", "(|| (&& (simple a) (simple b)) (simple c))" },
	{ "! a | b\n", "(! (|[1=0] (simple a) (simple b)))" },
	{ "! a && b\n", "(&& (! (simple a)) (simple b))" },
	{ "@ {cd /; ls}\n", "(@ ({} (; (simple cd /) (simple ls))))" },
	{ "a &&\nb\n", "(&& (simple a) (simple b))" },
	{ "a |\n\nb\n", "(|[1=0] (simple a) (simple b))" },
	{ "if(test -f x) echo yes\n", "(if (simple test -f x) (simple echo yes))" },
	{ "if(a; b) c\n", "(if (; (simple a) (simple b)) (simple c))" },
	{ "if(x)\necho yes\n", "(if (simple x) (simple echo yes))" },
	{ "if(x) a | b\n", "(if (simple x) (|[1=0] (simple a) (simple b)))" },
	{ "if(x) a && b\n", "(if (simple x) (&& (simple a) (simple b)))" },
	{ "if not echo no\n", "(ifnot (simple echo no))" },
	{ "if(x) {\n\ta\n\tb\n}\n", "(if (simple x) ({} (; (simple a) (simple b))))" },
	{ "for(i in a b) echo $i\n", "(for i (list a b) (simple echo $i))" },
	{ "for(i) echo $i\n", "(for i () (simple echo $i))" },
	{ "for(i in) x\n", "(for i (list) (simple x))" },
	{ "while(! ~ $x 3) {x=3}\n", "(while (! (~ $x 3)) ({} (= x 3)))" },
	{ "switch($x){\ncase a\n\techo A\ncase *\n\techo B\n}\n",
	  "(switch (list $x) ({} (; (; (; (case a) (simple echo A)) (case *)) (simple echo B))))" },
	{ "fn f { echo $1 }\n", "(fn f ({} (simple echo $1)))" },
	{ "fn f\n", "(fn f)" },
	{ "~ $x *.c '*'\n", "(~ $x *.c '*')" },
	{ "echo `{ls -l}\n", "(simple echo (` ({} (simple ls -l))))" },
	{ "{}\n", "({} ())" },
	{ "{a\nb}\n", "({} (; (simple a) (simple b)))" },
	{ "a ; ; b\n", "(; (simple a) (simple b))" },
	{ "x=1 {echo}\n", "(= x 1 ({} (simple echo)))" },
	{ "echo é\n", "(simple echo é)" },
	/* syntax errors */
	{ "echo (a\n", "ERR syntax error near end of file" },
	{ "x=(a\n\tb)\n", "(= x (list a b))" },
	{ "echo )\n", "ERR syntax error near )" },
	{ "if x\n", "ERR syntax error near x" },
	{ "a | | b\n", "ERR syntax error near |" },
	{ "{ a\n", "ERR syntax error near end of file" },
	{ "echo 'abc\n", "ERR eof in quoted string" },
	{ "a >\n", "ERR syntax error near newline" },
	{ "a >[2=x] b\n", "ERR bad redirection" },
	{ "a <[0=1]\n", "ERR bad redirection" },
	{ "a |[x] b\n", "ERR bad pipe" },
	{ "cat <<EOF\nx\nEOF\n", "(<<[0] EOF 'x\n' (simple cat))" },
	{ "{cat <<A; cat <<B\na\nA\nb\nB\n}\n", "({} (; (<<[0] A 'a\n' (simple cat)) (<<[0] B 'b\n' (simple cat))))" },
	{ "cat <<EOF\n", "(<<[0] EOF '' (simple cat))" },
	{ "cat <<'E F' >y\nx\nE F\n", "(<<[0] 'E F' 'x\n' (>[1] y (simple cat)))" },
	{ "cat <<\n", "ERR syntax error near newline" },
	{ "cat <<$x\n", "ERR syntax error near $" },
	{ "&\n", "ERR syntax error near &" },
	{ "echo $\n", "ERR syntax error near newline" },
	{ "echo $ x\n", "ERR syntax error near x" },
	{ "a && \n", "ERR syntax error near end of file" },
	{ "for(i in a b echo\n", "ERR syntax error near end of file" },
	{ "echo (a b\n) )\n", "ERR syntax error near )" },
	{ "while() x\n", "ERR syntax error near )" },
	{ "fn\n", "ERR syntax error near newline" },
	{ "x=1 &&\n", "ERR syntax error near end of file" },
	{ "}\n", "ERR syntax error near }" },
	{ "^a\n", "ERR syntax error near ^" },
	{ "echo a^\n", "ERR syntax error near newline" },
	{ "~\n", "ERR syntax error near newline" },
};

/* s with newlines and tabs shown, for test names */
static char*
visible(char *s)
{
	static char buf[256];
	char *p;

	p = buf;
	for(; *s != 0 && p < buf+sizeof buf-3; s++){
		if(*s == '\n' || *s == '\t'){
			*p++ = '\\';
			*p++ = *s == '\n' ? 'n' : 't';
		}else
			*p++ = *s;
	}
	*p = 0;
	return buf;
}

static void
testparses(void)
{
	char name[256], *got;
	int i;

	for(i = 0; i < nelem(parses); i++){
		got = parse1(parses[i].in);
		snprint(name, sizeof name, "parse %s", visible(parses[i].in));
		check(name, strcmp(got, parses[i].want) == 0);
		if(strcmp(got, parses[i].want) != 0)
			printf("\tgot  %s\n\twant %s\n", got, parses[i].want);
		if(parses[i].want[0] != 'E' && parses[i].want[0] != 0){
			snprint(name, sizeof name, "roundtrip %s", visible(parses[i].in));
			check(name, roundtrip(parses[i].in));
		}
	}
}

/* after a syntax error the parser goes on with the next line */
static void
testrecovery(void)
{
	Parser p;
	Input *in;
	Tree *t;
	char *s;
	int eof;

	in = stringinput("echo a b)\necho ok\na |\n| b c\nlast");
	initparser(&p, in);
	t = parseline(&p, &eof);
	check("recover: error", t == nil && p.err[0] != 0 && !eof);
	t = parseline(&p, &eof);
	s = treestr(t);
	check("recover: next line", p.err[0] == 0 && strcmp(s, "(simple echo ok)") == 0);
	free(s);
	t = parseline(&p, &eof);
	check("recover: error on a continuation line", t == nil && p.err[0] != 0);
	t = parseline(&p, &eof);
	s = treestr(t);
	check("recover: last line", strcmp(s, "(simple last)") == 0 && eof);
	free(s);
	termparser(&p);
	freeinput(in);
	check("no prompts from strings", nprompt == 0);
}

/* expand the first word of the simple command s; NUL-free list joined by | */
static char*
expand1(char *s)
{
	static char buf[1024];
	Parser p;
	Input *in;
	Tree *t;
	Word *w, *g;
	char *j;
	int eof;

	errbuf[0] = 0;
	abandon = 0;
	in = stringinput(s);
	initparser(&p, in);
	t = parseline(&p, &eof);
	if(t == nil || t->type != Tsimple)
		snprint(buf, sizeof buf, "PARSE %s", p.err);
	else if(expandwords(t->left, &w) < 0)
		snprint(buf, sizeof buf, "ERR %s", errbuf);
	else{
		globwords(w, &g);
		j = joinwords(g, "|");
		snprint(buf, sizeof buf, "%s", j);
		free(j);
		freewords(g);
	}
	termparser(&p);
	freeinput(in);
	return buf;
}

static struct {
	char	*in;
	char	*want;
} expands[] = {
	{ "a b 'c d'", "a|b|c d" },
	{ "$x", "a|b|c" },
	{ "$#x $#nil $#one", "3|0|1" },
	{ "$\"x", "a b c" },
	{ "$\"nil.", "." },
	{ "$x(2) $x(3 1) $x(9)", "b|c|a" },
	{ "$x.c", "a.c|b.c|c.c" },
	{ "pre$one", "prex" },
	{ "(a b)^(1 2)", "a1|b2" },
	{ "(a b)^(1 2 3)", "ERR rc: mismatched list lengths in concatenation\n" },
	{ "$nil^a", "ERR rc: null list in concatenation\n" },
	{ "$x(a)", "ERR rc: bad subscript a\n" },
	{ "$nil", "" },
	{ "$1 $2 $3 $#*", "one|two|three|3" },
	{ "$0", "script" },
	{ "$$ind", "a|b|c" },
	{ "$$x", "ERR rc: variable name not singleton!\n" },
	{ "$star", "*" },
	{ "'*.c' *.c", "*.c|a.c|b.c" },
	{ "*.[ch]", "a.c|b.c|x.h" },
	{ "?.c [~a].c", "a.c|b.c|b.c" },
	{ "/bin/*", "/bin/cat|/bin/echo|/bin/ls|/bin/rc" },
	{ "/bin/[cl]*", "/bin/cat|/bin/ls" },
	{ "/*/profile", "/lib/profile" },
	{ "*/e.c */nope", "d/e.c|*/nope" },
	{ "*/", "d/" },
	{ "z* /nonexistent/*", "z*|/nonexistent/*" },
	{ "'['q']'", "[q]" },
	{ "`{echo hi there}", "echo|hi|there" },
};

static void
testexpand(void)
{
	char name[256], *got;
	int i;

	setvar("x", newword("a", newword("b", newword("c", nil))));
	setvarstr("one", "x");
	setvarstr("star", "*");
	setvarstr("ind", "x");
	setvarstr("0", "script");
	setvar("*", newword("one", newword("two", newword("three", nil))));
	for(i = 0; i < nelem(expands); i++){
		got = expand1(expands[i].in);
		snprint(name, sizeof name, "expand %q", expands[i].in);
		check(name, strcmp(got, expands[i].want) == 0);
		if(strcmp(got, expands[i].want) != 0)
			printf("\tgot  %s\n\twant %s\n", got, expands[i].want);
	}
}

/* pattern marks as expand.c makes them: G before * ? [ */
static int
m(char *s, char *pat)
{
	char buf[128], *q;

	q = buf;
	for(; *pat != 0; pat++){
		if(*pat == '*' || *pat == '?' || *pat == '[')
			*q++ = GLOB;
		*q++ = *pat;
	}
	*q = 0;
	return match(s, buf);
}

static void
testmatch(void)
{
	check("match literal", m("abc", "abc") && !m("abc", "abd") && !m("ab", "abc") && !m("abc", "ab"));
	check("match *", m("foo.c", "*.c") && m(".c", "*.c") && !m("foo.h", "*.c") && m("", "*"));
	check("match * *", m("abcbd", "a*b*d") && !m("abcbe", "a*b*d"));
	check("match ?", m("a", "?") && !m("", "?") && !m("ab", "?") && m("é", "?"));
	check("match class", m("b", "[abc]") && !m("d", "[abc]") && m("m", "[a-z]") && !m("M", "[a-z]"));
	check("match negated class", m("d", "[~abc]") && !m("a", "[~abc]"));
	check("match unterminated class is literal", m("[a", "[a") && !m("a", "[a"));
	check("match no slash", !m("a/b", "a*b") && !m("a/b", "a?b"));
	check("match quoted star", match("*", "*") && !match("x", "*"));
	check("match empty", match("", "") && !match("a", ""));
}

static void
teststatus(void)
{
	setstatus("");
	check("status empty is true", truestatus());
	setstatus(concstatus("", ""));
	check("status | is true", truestatus() && strcmp(getstatus(), "|") == 0);
	setstatus(concstatus("", "cat 12: error"));
	check("status with failure is false", !truestatus());
	setstatus("0|0");
	check("status 0|0 is true", truestatus());
}

static void
testvars(void)
{
	Var *v;

	setvarstr("lv", "outer");
	pushlocal("lv", newword("inner", nil));
	check("local shadows", strcmp(varval("lv")->s, "inner") == 0);
	pushlocal("lv", nil);
	check("local empty", varval("lv") == nil);
	poplocal();
	poplocal();
	check("local restored", strcmp(varval("lv")->s, "outer") == 0);
	poplocal();	/* one too many: harmless */
	v = lookvar("lv");
	check("changed for /env", v != nil && v->changed);
	setvar("lv", nil);
	check("empty list", varval("lv") == nil);
}

static void
testfns(void)
{
	Parser p;
	Input *in;
	Tree *t;
	Fn *f;
	char *s;
	int eof;

	in = stringinput("fn g { echo $* | wc }\n");
	initparser(&p, in);
	t = parseline(&p, &eof);
	deffn("g", t->right);
	termparser(&p);	/* the line's tree is gone; the copy stays */
	freeinput(in);
	f = lookfn("g");
	s = deparse(f->body);
	check("fn body copied", f != nil && strcmp(s, "{echo $* | wc}") == 0);
	free(s);
	f->ref++;
	delfn("g");
	check("fn deleted", lookfn("g") == nil);
	check("fn kept while running", f->dead && strcmp(f->name, "g") == 0);
	releasefn(f);
}

static void
freeall(Var *v)
{
	freewords(v->val);
	v->val = nil;
}

int
main(void)
{
	testparses();
	testrecovery();
	testexpand();
	testmatch();
	teststatus();
	testvars();
	testfns();
	forvars(freeall);
	return testsummary(201);
}
