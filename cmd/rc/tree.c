/*
 * Parse trees: making, copying (function bodies outlive their line)
 * and printing, both as an S-expression that shows the structure
 * exactly (for tests) and as rc source (for whatis).
 */
#include "rc.h"

Tree*
newtree(Arena **a, int type, Tree *l, Tree *r)
{
	Tree *t;

	t = arenaalloc(a, sizeof *t);
	t->type = type;
	t->left = l;
	t->right = r;
	return t;
}

/* a deep copy of t and the words chained after it */
Tree*
copytree(Arena **a, Tree *t)
{
	Tree *c;

	if(t == nil)
		return nil;
	c = arenaalloc(a, sizeof *c);
	*c = *t;
	if(t->str != nil)
		c->str = arenastrdup(a, t->str);
	c->left = copytree(a, t->left);
	c->right = copytree(a, t->right);
	c->third = copytree(a, t->third);
	c->next = copytree(a, t->next);
	return c;
}

static char *opnames[] = {
	[Tconcat] "^", [Tlist] "list", [Tbackq] "`", [Tsimple] "simple",
	[Tassign] "=", [Tblock] "{}", [Tseq] ";", [Tasync] "&", [Tpipe] "|",
	[Tand] "&&", [Tor] "||", [Tnot] "!", [Tsubshell] "@", [Tif] "if",
	[Tifnot] "ifnot", [Tfor] "for", [Twhile] "while", [Tswitch] "switch",
	[Tcase] "case", [Tmatch] "~", [Tfn] "fn",
};

static char *rednames[] = {
	[Rdread] "<", [Rdwrite] ">", [Rdappend] ">>", [Rddup] ">=", [Rdclose] ">=", [Rdhere] "<<",
};

/* a word as rc would read it back: quoted if it has to be */
static int
fmtrcword(Fmt *f, char *s, int quoted)
{
	char *p;

	if(!quoted)
		return fmtstrcpy(f, s);
	/* keep the quotes: a quoted word is never a keyword nor a pattern */
	fmtstrcpy(f, "'");
	for(p = s; *p != 0; p++)
		if(*p == '\'')
			fmtstrcpy(f, "''");
		else
			fmtprint(f, "%c", *p);
	return fmtstrcpy(f, "'");
}

static int
fmtchain(Fmt *f, Tree *t)
{
	for(; t != nil; t = t->next){
		fmtstrcpy(f, " ");
		fmttree(f, t);
	}
	return 0;
}

/* the S-expression form; words are rc words, quoted ones always in '' */
int
fmttree(Fmt *f, Tree *t)
{
	if(t == nil)
		return fmtstrcpy(f, "()");
	switch(t->type){
	case Tword:
		if(t->quoted)
			return fmtprint(f, "'%s'", t->str);
		return fmtstrcpy(f, t->str);
	case Tvar:
	case Tcount:
	case Tflat:
		fmtstrcpy(f, t->type == Tvar ? "$" : t->type == Tcount ? "$#" : "$\"");
		if(t->left != nil && t->left->type == Tword)
			fmtstrcpy(f, t->left->str);
		else
			fmttree(f, t->left);
		if(t->right != nil){
			fmtstrcpy(f, "(");
			fmttree(f, t->right);
			fmtstrcpy(f, ")");
		}
		return 0;
	case Tlist:
	case Tsimple:
	case Tcase:
		fmtprint(f, "(%s", opnames[t->type]);
		fmtchain(f, t->left);
		return fmtstrcpy(f, ")");
	case Tmatch:
		fmtstrcpy(f, "(~ ");
		fmttree(f, t->left);
		fmtchain(f, t->right);
		return fmtstrcpy(f, ")");
	case Tredir:
		if(t->rtype == Rddup)
			fmtprint(f, "(>[%d=%d] ", t->fd0, t->fd1);
		else if(t->rtype == Rdclose)
			fmtprint(f, "(>[%d=] ", t->fd0);
		else{
			fmtprint(f, "(%s[%d] ", rednames[t->rtype], t->fd0);
			fmttree(f, t->left);
			fmtstrcpy(f, " ");
			if(t->rtype == Rdhere){
				fmtrcword(f, t->str != nil ? t->str : "", 1);
				fmtstrcpy(f, " ");
			}
		}
		fmttree(f, t->right);
		return fmtstrcpy(f, ")");
	case Tpipe:
		fmtprint(f, "(|[%d=%d] ", t->fd0, t->fd1);
		fmttree(f, t->left);
		fmtstrcpy(f, " ");
		fmttree(f, t->right);
		return fmtstrcpy(f, ")");
	}
	if(t->type <= 0 || t->type >= nelem(opnames) || opnames[t->type] == nil)
		return fmtstrcpy(f, "(?)");
	fmtprint(f, "(%s ", opnames[t->type]);
	fmttree(f, t->left);
	if(t->right != nil || t->third != nil || t->type == Tfor){
		fmtstrcpy(f, " ");
		fmttree(f, t->right);
	}
	if(t->third != nil){
		fmtstrcpy(f, " ");
		fmttree(f, t->third);
	}
	return fmtstrcpy(f, ")");
}

char*
treestr(Tree *t)
{
	Fmt f;

	fmtstrinit(&f);
	fmttree(&f, t);
	return fmtstrflush(&f);
}

static int	deparsecmd(Fmt*, Tree*);
static void	operand(Fmt*, Tree*, int, int);

static void
deparsechain(Fmt *f, Tree *t, char *sep)
{
	for(; t != nil; t = t->next){
		fmtdeparse(f, t);
		if(t->next != nil)
			fmtstrcpy(f, sep);
	}
}

/* rc source for a word or a command */
int
fmtdeparse(Fmt *f, Tree *t)
{
	if(t == nil)
		return 0;
	switch(t->type){
	case Tword:
		return fmtrcword(f, t->str, t->quoted);
	case Tvar:
	case Tcount:
	case Tflat:
		fmtstrcpy(f, t->type == Tvar ? "$" : t->type == Tcount ? "$#" : "$\"");
		if(t->left->type == Tword)
			fmtrcword(f, t->left->str, 0);
		else
			fmtdeparse(f, t->left);
		if(t->right != nil)
			fmtdeparse(f, t->right);
		return 0;
	case Tconcat:
		fmtdeparse(f, t->left);
		fmtstrcpy(f, "^");
		return fmtdeparse(f, t->right);
	case Tlist:
		fmtstrcpy(f, "(");
		deparsechain(f, t->left, " ");
		return fmtstrcpy(f, ")");
	case Tbackq:
		fmtstrcpy(f, "`");
		return fmtdeparse(f, t->left);
	}
	return deparsecmd(f, t);
}

/*
 * Here documents printed as rc reads them: their text follows the
 * line that holds them, so it is kept until the line ends, at the
 * next ; or }, or at the end.
 */
static Tree	*heres[Maxhere];
static int	nheres;

static int
flushheres(Fmt *f)
{
	int i;

	for(i = 0; i < nheres; i++)
		fmtprint(f, "\n%s%s", heres[i]->str, heres[i]->left->str);
	if(nheres > 0)
		fmtstrcpy(f, "\n");
	i = nheres;
	nheres = 0;
	return i;
}

static void
deparseredir(Fmt *f, Tree *t)
{
	char *op;

	op = t->rtype == Rdread ? "<" : t->rtype == Rdappend ? ">>" : ">";
	if(t->rtype == Rdhere){
		fmtprint(f, t->fd0 == 0 ? "<<" : "<<[%d]", t->fd0);
		fmtdeparse(f, t->left);
		if(nheres < Maxhere)
			heres[nheres++] = t;
	}else if(t->rtype == Rddup)
		fmtprint(f, ">[%d=%d]", t->fd0, t->fd1);
	else if(t->rtype == Rdclose)
		fmtprint(f, ">[%d=]", t->fd0);
	else{
		if(t->fd0 == (t->rtype == Rdread ? 0 : 1))
			fmtprint(f, "%s ", op);
		else
			fmtprint(f, "%s[%d] ", op, t->fd0);
		fmtdeparse(f, t->left);
	}
}

/*
 * How tightly a command binds, as the parser builds them: an operand
 * looser than its place allows goes in braces.  if, for, while and
 * if not swallow everything after them, so they are braced unless
 * nothing follows.
 */
enum {
	Lseq,		/* ; & */
	Landor,		/* && || */
	Lbang,		/* ! @ */
	Lpipe,		/* | */
	Lsimple,	/* words, blocks, redirections, ~ */
	Lopen,		/* if for while */
};

static int
level(Tree *t)
{
	Tree *last;
	int l;

	last = nil;
	switch(t->type){
	case Tseq:
	case Tasync:
		return Lseq;
	case Tand:
	case Tor:
		l = Landor;
		last = t->right;
		break;
	case Tnot:
	case Tsubshell:
		l = Lbang;
		last = t->left;
		break;
	case Tpipe:
		l = Lpipe;
		last = t->right;
		break;
	case Tif:
	case Tifnot:
	case Tfor:
	case Twhile:
		return Lopen;
	case Tassign:
		l = Lsimple;
		last = t->third;
		break;
	default:
		return Lsimple;
	}
	/* open at its right end is open */
	if(last != nil && level(last) == Lopen)
		return Lopen;
	return l;
}

static void
operand(Fmt *f, Tree *t, int min, int last)
{
	int l;

	l = level(t);
	if(l == Lopen ? last : l >= min)
		deparsecmd(f, t);
	else{
		fmtstrcpy(f, "{");
		deparsecmd(f, t);
		fmtstrcpy(f, "}");
	}
}

static int
deparsecmd(Fmt *f, Tree *t)
{
	Tree *r;

	if(t == nil)
		return 0;
	switch(t->type){
	case Tsimple:
		deparsechain(f, t->left, " ");
		break;
	case Tredir:
		/* the command, then its redirections outermost (first applied) first */
		for(r = t; r->type == Tredir && r->right != nil; r = r->right)
			;
		if(r->type != Tredir){
			operand(f, r, Lsimple, 0);
			if(r->type != Tsimple || r->left != nil)
				fmtstrcpy(f, " ");
		}
		for(; t != nil && t->type == Tredir; t = t->right){
			deparseredir(f, t);
			if(t->right != nil && t->right->type == Tredir)
				fmtstrcpy(f, " ");
		}
		break;
	case Tassign:
		fmtdeparse(f, t->left);
		fmtstrcpy(f, "=");
		fmtdeparse(f, t->right);
		if(t->third != nil){
			fmtstrcpy(f, " ");
			operand(f, t->third, Lsimple, 1);
		}
		break;
	case Tblock:
		fmtstrcpy(f, "{");
		deparsecmd(f, t->left);
		flushheres(f);
		fmtstrcpy(f, "}");
		break;
	case Tseq:
		deparsecmd(f, t->left);
		if(!flushheres(f)){
			if(t->left->type != Tasync)
				fmtstrcpy(f, ";");
			fmtstrcpy(f, " ");
		}
		deparsecmd(f, t->right);
		break;
	case Tasync:
		operand(f, t->left, Landor, 1);
		fmtstrcpy(f, " &");
		break;
	case Tpipe:
		operand(f, t->left, Lpipe, 0);
		if(t->fd0 == 1 && t->fd1 == 0)
			fmtstrcpy(f, " | ");
		else
			fmtprint(f, " |[%d=%d] ", t->fd0, t->fd1);
		operand(f, t->right, Lsimple, 1);
		break;
	case Tand:
	case Tor:
		operand(f, t->left, Landor, 0);
		fmtstrcpy(f, t->type == Tand ? " && " : " || ");
		operand(f, t->right, Lbang, 1);
		break;
	case Tnot:
	case Tsubshell:
		fmtstrcpy(f, t->type == Tnot ? "! " : "@ ");
		operand(f, t->left, Lbang, 1);
		break;
	case Tif:
		fmtstrcpy(f, "if(");
		deparsecmd(f, t->left);
		fmtstrcpy(f, ") ");
		operand(f, t->right, Landor, 1);
		break;
	case Tifnot:
		fmtstrcpy(f, "if not ");
		operand(f, t->left, Landor, 1);
		break;
	case Tfor:
		fmtstrcpy(f, "for(");
		fmtdeparse(f, t->left);
		if(t->right != nil){
			fmtstrcpy(f, " in ");
			deparsechain(f, t->right->left, " ");
		}
		fmtstrcpy(f, ") ");
		operand(f, t->third, Landor, 1);
		break;
	case Twhile:
		fmtstrcpy(f, "while(");
		deparsecmd(f, t->left);
		fmtstrcpy(f, ") ");
		operand(f, t->right, Landor, 1);
		break;
	case Tswitch:
		fmtstrcpy(f, "switch ");
		fmtdeparse(f, t->left);
		fmtstrcpy(f, " ");
		deparsecmd(f, t->right);
		break;
	case Tcase:
		fmtstrcpy(f, "case ");
		deparsechain(f, t->left, " ");
		break;
	case Tmatch:
		fmtstrcpy(f, "~ ");
		fmtdeparse(f, t->left);
		if(t->right != nil)
			fmtstrcpy(f, " ");
		deparsechain(f, t->right, " ");
		break;
	case Tfn:
		fmtstrcpy(f, "fn ");
		fmtdeparse(f, t->left);
		if(t->right != nil){
			fmtstrcpy(f, " ");
			deparsecmd(f, t->right);
		}
		break;
	default:
		fmtdeparse(f, t);
	}
	return 0;
}

char*
deparse(Tree *t)
{
	Fmt f;

	fmtstrinit(&f);
	nheres = 0;
	fmtdeparse(&f, t);
	flushheres(&f);
	return fmtstrflush(&f);
}
