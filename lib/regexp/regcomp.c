/*
 * regcomp: parse a regular expression (regexp(6)) into a tree, then
 * lay the tree out as a Pike VM program (regimpl.h).  Everything the
 * program needs is in one malloc'd block, so free(prog) releases it.
 *
 * Errors go to regerror, which normally exits; if a program's own
 * regerror returns, regcomp returns nil.
 */
#include <u.h>
#include <libc.h>
#include <regexp.h>
#include "regimpl.h"

enum {
	Nrune,
	Nany,
	Nanynl,
	Nclass,
	Nbol,
	Neol,
	Ncat,
	Nalt,
	Nstar,
	Nplus,
	Nquest,
	Nparen,
};

typedef struct Node Node;
typedef struct Parse Parse;

struct Node {
	int	op;
	Rune	r;
	int	n;		/* Nclass: class index; Nparen: submatch number */
	Node	*left;
	Node	*right;
};

/*
 * The pattern's length bounds everything the parse makes: a node per
 * rune for its leaf, one for the operator the rune is or for the
 * concatenation joining it; a range per rune inside brackets, plus
 * the newline each negated class excludes; a class per "[x]".
 */
struct Parse {
	char	*s;		/* next rune of the pattern */
	int	dotnl;		/* . matches newline too (regcompnl) */
	char	*err;
	Node	*node;
	int	nnode;
	Reclass	*class;
	int	nclass;
	Rune	*range;
	int	nrange;		/* Runes used in range */
	int	nsub;		/* parentheses seen */
};

static Node	*alternation(Parse*);

static Node*
fail(Parse *p, char *err)
{
	if(p->err == nil)
		p->err = err;
	return nil;
}

static Node*
newnode(Parse *p, int op, Node *left, Node *right)
{
	Node *n;

	n = &p->node[p->nnode++];
	n->op = op;
	n->r = 0;
	n->n = 0;
	n->left = left;
	n->right = right;
	return n;
}

static Node*
runenode(Parse *p, Rune r)
{
	Node *n;

	n = newnode(p, Nrune, nil, nil);
	n->r = r;
	return n;
}

static Rune
nextrune(Parse *p)
{
	Rune r;

	p->s += chartorune(&r, p->s);
	return r;
}

/* a rune of a class, or of a range in it; '-' and ']' must be quoted */
static int
classrune(Parse *p, Rune *r)
{
	if(*p->s == 0 || *p->s == '-' || *p->s == ']'){
		fail(p, "malformed []");
		return 0;
	}
	*r = nextrune(p);
	if(*r == '\\'){
		if(*p->s == 0){
			fail(p, "malformed []");
			return 0;
		}
		*r = nextrune(p);
	}
	return 1;
}

static void
addrange(Parse *p, Reclass *c, Rune lo, Rune hi)
{
	p->range[p->nrange++] = lo;
	p->range[p->nrange++] = hi;
	c->nrange++;
}

/* after the [ */
static Node*
class(Parse *p)
{
	Reclass *c;
	Node *n;
	Rune lo, hi;

	c = &p->class[p->nclass];
	c->neg = 0;
	c->nrange = 0;
	c->range = &p->range[p->nrange];
	if(*p->s == '^'){
		c->neg = 1;
		p->s++;
	}
	do{
		if(!classrune(p, &lo))
			return nil;
		hi = lo;
		if(*p->s == '-'){
			p->s++;
			if(!classrune(p, &hi))
				return nil;
		}
		addrange(p, c, lo, hi);
	}while(*p->s != ']');
	p->s++;
	/* a negated class never matches newline: it is in the set it excludes */
	if(c->neg)
		addrange(p, c, '\n', '\n');
	n = newnode(p, Nclass, nil, nil);
	n->n = p->nclass++;
	return n;
}

static Node*
paren(Parse *p)
{
	Node *n;
	int sub;

	sub = ++p->nsub;
	if(sub >= NSUBEXP)
		return fail(p, "too many parentheses");
	n = alternation(p);
	if(n == nil)
		return nil;
	if(*p->s != ')')
		return fail(p, "unmatched (");
	p->s++;
	n = newnode(p, Nparen, n, nil);
	n->n = sub;
	return n;
}

static Node*
atom(Parse *p)
{
	Rune r;

	r = nextrune(p);
	switch(r){
	case '.':
		return newnode(p, p->dotnl ? Nanynl : Nany, nil, nil);
	case '^':
		return newnode(p, Nbol, nil, nil);
	case '$':
		return newnode(p, Neol, nil, nil);
	case '[':
		return class(p);
	case '(':
		return paren(p);
	case '\\':
		if(*p->s == 0)
			return fail(p, "trailing \\");
		return runenode(p, nextrune(p));
	}
	return runenode(p, r);
}

static int
isrepeat(int c)
{
	return c == '*' || c == '+' || c == '?';
}

static Node*
repetition(Parse *p)
{
	Node *n;
	int op;

	if(isrepeat(*p->s))
		return fail(p, "missing operand for *, + or ?");
	n = atom(p);
	while(n != nil && isrepeat(*p->s)){
		op = *p->s++ == '*' ? Nstar : p->s[-1] == '+' ? Nplus : Nquest;
		n = newnode(p, op, n, nil);
	}
	return n;
}

static Node*
concatenation(Parse *p)
{
	Node *n, *m;

	n = nil;
	while(*p->s != 0 && *p->s != '|' && *p->s != ')'){
		m = repetition(p);
		if(m == nil)
			return nil;
		n = n == nil ? m : newnode(p, Ncat, n, m);
	}
	if(n == nil)
		return fail(p, "missing operand");
	return n;
}

static Node*
alternation(Parse *p)
{
	Node *n, *m;

	n = concatenation(p);
	while(n != nil && *p->s == '|'){
		p->s++;
		m = concatenation(p);
		if(m == nil)
			return nil;
		n = newnode(p, Nalt, n, m);
	}
	return n;
}

static Node*
expression(Parse *p)
{
	Node *n;

	n = alternation(p);
	if(n != nil && *p->s == ')')
		return fail(p, "unmatched )");
	return n;
}

/* regcomplit: every rune stands for itself; "" matches the empty string */
static Node*
literal(Parse *p)
{
	Node *n, *m;

	n = nil;
	while(*p->s != 0){
		m = runenode(p, nextrune(p));
		n = n == nil ? m : newnode(p, Ncat, n, m);
	}
	return n;
}

static int
progsize(Node *n)
{
	if(n == nil)
		return 0;
	switch(n->op){
	case Ncat:
		return progsize(n->left) + progsize(n->right);
	case Nalt:
		return 2 + progsize(n->left) + progsize(n->right);
	case Nstar:
	case Nparen:
		return 2 + progsize(n->left);
	case Nplus:
	case Nquest:
		return 1 + progsize(n->left);
	}
	return 1;
}

static void
setinst(Reinst *i, int op, int x, int y)
{
	i->op = op;
	i->x = x;
	i->y = y;
}

/* lay out n from pc on; the next free pc is returned */
static int
emit(Reinst *prog, int pc, Node *n)
{
	int at, jmp;

	if(n == nil)
		return pc;
	at = pc;
	switch(n->op){
	case Ncat:
		pc = emit(prog, pc, n->left);
		return emit(prog, pc, n->right);
	case Nalt:
		pc = emit(prog, at+1, n->left);
		jmp = pc++;
		setinst(&prog[at], Isplit, at+1, pc);
		pc = emit(prog, pc, n->right);
		setinst(&prog[jmp], Ijmp, pc, 0);
		return pc;
	case Nstar:
		pc = emit(prog, at+1, n->left);
		setinst(&prog[pc++], Ijmp, at, 0);
		setinst(&prog[at], Isplit, at+1, pc);
		return pc;
	case Nplus:
		pc = emit(prog, at, n->left);
		setinst(&prog[pc], Isplit, at, pc+1);
		return pc+1;
	case Nquest:
		pc = emit(prog, at+1, n->left);
		setinst(&prog[at], Isplit, at+1, pc);
		return pc;
	case Nparen:
		prog[at].op = Isave;
		prog[at].n = 2*n->n;
		pc = emit(prog, at+1, n->left);
		prog[pc].op = Isave;
		prog[pc].n = 2*n->n + 1;
		return pc+1;
	case Nrune:
		prog[at].op = Irune;
		prog[at].r = n->r;
		break;
	case Nclass:
		prog[at].op = Iclass;
		prog[at].n = n->n;
		break;
	default:
		prog[at].op = n->op == Nany ? Iany : n->op == Nanynl ? Ianynl : n->op == Nbol ? Ibol : Ieol;
		break;
	}
	return pc+1;
}

/* the whole expression is submatch 0: save, body, save, match */
static Reprog*
assemble(Parse *p, Node *root)
{
	Reprog *prog;
	Reinst *inst;
	Rune *range;
	int ninst, i, pc;

	ninst = progsize(root) + 3;
	prog = malloc(sizeof *prog + ninst*sizeof(Reinst) + p->nclass*sizeof(Reclass) + p->nrange*sizeof(Rune));
	if(prog == nil){
		fail(p, "out of memory");
		return nil;
	}
	/* in order of alignment: pointers in Reclass, then ints */
	prog->class = (Reclass*)(prog + 1);
	prog->nclass = p->nclass;
	inst = (Reinst*)(prog->class + p->nclass);
	memset(inst, 0, ninst*sizeof(Reinst));
	prog->inst = inst;
	prog->ninst = ninst;
	prog->nsub = p->nsub + 1;
	range = (Rune*)(inst + ninst);
	memmove(range, p->range, p->nrange*sizeof(Rune));
	for(i = 0; i < p->nclass; i++){
		prog->class[i] = p->class[i];
		prog->class[i].range = range + (p->class[i].range - p->range);
	}
	inst[0].op = Isave;
	inst[0].n = 0;
	pc = emit(inst, 1, root);
	inst[pc].op = Isave;
	inst[pc].n = 1;
	inst[pc+1].op = Imatch;
	return prog;
}

static Reprog*
compile(char *pattern, int lit, int dotnl)
{
	Parse p;
	Node *root;
	Reprog *prog;
	usize len;

	memset(&p, 0, sizeof p);
	p.s = pattern;
	p.dotnl = dotnl;
	len = strlen(pattern);
	p.node = malloc((2*len + 2)*sizeof(Node));
	p.class = malloc((len/3 + 1)*sizeof(Reclass));
	p.range = malloc((2*len + 2)*sizeof(Rune));
	prog = nil;
	if(p.node == nil || p.class == nil || p.range == nil)
		fail(&p, "out of memory");
	else{
		root = lit ? literal(&p) : expression(&p);
		if(p.err == nil)
			prog = assemble(&p, root);
	}
	free(p.node);
	free(p.class);
	free(p.range);
	if(p.err != nil)
		regerror(p.err);
	return prog;
}

Reprog*
regcomp(char *pattern)
{
	return compile(pattern, 0, 0);
}

Reprog*
regcomplit(char *pattern)
{
	return compile(pattern, 1, 0);
}

Reprog*
regcompnl(char *pattern)
{
	return compile(pattern, 0, 1);
}
