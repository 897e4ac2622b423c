/*
 * test expression: exit with a nil status when the expression is
 * true, "false" when it is false.  Plan 9's operators:
 *
 *	-e -f -d -r -w -x -s -A -L -T file	file tests
 *	-t fd				fd is the console
 *	-n s, -z s, s			string non-empty, empty, non-empty
 *	s1 = s2, s1 != s2		string comparison
 *	n1 -eq -ne -lt -le -gt -ge n2	integer comparison
 *	f1 -nt -ot f2			modification times
 *	! e, e1 -a e2, e1 -o e2, ( e )	logic; -a binds tighter than -o
 *
 * A recursive-descent parser over the argument words, evaluating as
 * it goes; every operand is consumed even when the answer is known.
 */
#include <u.h>
#include <libc.h>

static char **tok;	/* the expression's words */
static int ntok;
static int pos;		/* the next word */

static int orexpr(void);

static void
synbad(char *what, char *word)
{
	fprint(2, "test: %s%s\n", what, word != nil ? word : "");
	exits("bad expr");
}

static char*
peek(int i)
{
	return pos+i < ntok ? tok[pos+i] : nil;
}

static char*
next(void)
{
	if(pos >= ntok)
		synbad("argument expected", nil);
	return tok[pos++];
}

static int
is(char *s, char *op)
{
	return s != nil && strcmp(s, op) == 0;
}

/* ---- file tests ---- */

static int
filetest(char op, char *name)
{
	Dir *d;
	int r;

	switch(op){
	case 'r':
		return access(name, AREAD) == 0;
	case 'w':
		return access(name, AWRITE) == 0;
	case 'x':
		return access(name, AEXEC) == 0;
	}
	d = dirstat(name);
	if(d == nil)
		return 0;
	switch(op){
	case 'e':
		r = 1;
		break;
	case 'f':
		r = (d->mode & DMDIR) == 0;
		break;
	case 'd':
		r = (d->mode & DMDIR) != 0;
		break;
	case 's':
		r = d->length > 0;
		break;
	case 'A':
		r = (d->mode & DMAPPEND) != 0;
		break;
	case 'L':
		r = (d->mode & DMEXCL) != 0;
		break;
	case 'T':
		r = (d->mode & DMTMP) != 0;
		break;
	default:
		r = 0;
	}
	free(d);
	return r;
}

static int
isconsole(char *fdstr)
{
	char path[256];
	int n;

	if(fd2path(atoi(fdstr), path, sizeof path) < 0)
		return 0;
	n = strlen(path);
	return n >= 4 && strcmp(path+n-4, "cons") == 0;
}

/* Compare modification times: 1 if a is newer than b; 0 when unknown. */
static int
newer(char *a, char *b)
{
	Dir *da, *db;
	int r;

	da = dirstat(a);
	db = dirstat(b);
	r = da != nil && db != nil && da->mtime > db->mtime;
	free(da);
	free(db);
	return r;
}

/* ---- operators ---- */

static int
isunary(char *s)
{
	return s != nil && s[0] == '-' && s[1] != 0 && s[2] == 0
		&& strchr("efdrwxsALTtnz", s[1]) != nil;
}

static char *binops[] = {
	"=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot",
};

static int
isbinary(char *s)
{
	int i;

	if(s == nil)
		return 0;
	for(i = 0; i < nelem(binops); i++)
		if(strcmp(s, binops[i]) == 0)
			return 1;
	return 0;
}

static vlong
number(char *s)
{
	char *p, *e;
	vlong n;

	for(p = s; *p == ' ' || *p == '\t'; p++)
		;
	n = strtoll(p, &e, 10);
	while(*e == ' ' || *e == '\t')
		e++;
	if(e == p || *e != 0)
		synbad("bad number: ", s);
	return n;
}

static int
binary(char *a, char *op, char *b)
{
	vlong x, y;

	if(strcmp(op, "=") == 0)
		return strcmp(a, b) == 0;
	if(strcmp(op, "!=") == 0)
		return strcmp(a, b) != 0;
	if(strcmp(op, "-nt") == 0)
		return newer(a, b);
	if(strcmp(op, "-ot") == 0)
		return newer(b, a);
	x = number(a);
	y = number(b);
	if(strcmp(op, "-eq") == 0)
		return x == y;
	if(strcmp(op, "-ne") == 0)
		return x != y;
	if(strcmp(op, "-lt") == 0)
		return x < y;
	if(strcmp(op, "-le") == 0)
		return x <= y;
	if(strcmp(op, "-gt") == 0)
		return x > y;
	return x >= y;	/* -ge */
}

static int
unary(char op, char *arg)
{
	switch(op){
	case 'n':
		return arg[0] != 0;
	case 'z':
		return arg[0] == 0;
	case 't':
		return isconsole(arg);
	}
	return filetest(op, arg);
}

/* ---- the grammar ---- */

/*
 * primary: word binop word | unop word | word.
 * A binary operator in second place wins, so `test -n = -n`
 * compares strings; a lone word is a string test.
 */
static int
primary(void)
{
	char *a, *op;

	a = next();
	if(isbinary(peek(0)) && peek(1) != nil){
		op = next();
		return binary(a, op, next());
	}
	if(isunary(a) && peek(0) != nil)
		return unary(a[1], next());
	return a[0] != 0;
}

static int
notexpr(void)
{
	int r;

	if(is(peek(0), "!") && peek(1) != nil)
		return pos++, !notexpr();
	if(is(peek(0), "(") && peek(1) != nil && !isbinary(peek(1))){
		pos++;
		r = orexpr();
		if(!is(peek(0), ")"))
			synbad("closing paren expected", nil);
		pos++;
		return r;
	}
	return primary();
}

static int
andexpr(void)
{
	int r;

	r = notexpr();
	while(is(peek(0), "-a")){
		pos++;
		r = notexpr() && r;
	}
	return r;
}

static int
orexpr(void)
{
	int r;

	r = andexpr();
	while(is(peek(0), "-o")){
		pos++;
		r = andexpr() || r;
	}
	return r;
}

void
main(int argc, char *argv[])
{
	int r;

	tok = argv + 1;
	ntok = argc - 1;
	pos = 0;
	if(ntok == 0)
		exits("false");
	r = orexpr();
	if(pos < ntok)
		synbad("unexpected word: ", tok[pos]);
	exits(r ? nil : "false");
}
