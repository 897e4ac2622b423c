/*
 * The parser: recursive descent over rc's grammar, loosest first.
 *
 *	line	: seq '\n'
 *	seq	: [cmd] { (';' | '&' | '\n' inside braces) [cmd] }
 *	cmd	: bang { ('&&' | '||') {'\n'} bang }
 *	bang	: ('!' | '@') bang | pipe
 *	pipe	: simple { '|' {'\n'} simple }
 *	simple	: if/for/while/switch/fn/case/~ forms	(their bodies are cmds)
 *		| '{' seq '}' {redir}
 *		| word '=' word [simple]
 *		| { word | redir }
 *	word	: comword { ['^'] comword }		(no '^' needed without a blank)
 *	comword	: WORD | '$' name ['(' words ')'] | '$#' name | '$"' name
 *		| '(' words ')' | '`' '{' seq '}'	(newlines allowed in the words)
 *
 * As in rc, if/for/while bind looser than && and |, so that
 * `if(x) a | b` pipes inside the if.  Keywords are keywords only
 * unquoted, in command position; elsewhere they are plain words.
 * Every function returns nil with p->err set on a syntax error; a
 * nil with no error is an empty command.
 */
#include "rc.h"

static Tree*	cmd(Parser*);
static Tree*	seq(Parser*, int);
static Tree*	simple(Parser*);
static Tree*	word(Parser*, int);
static Tree*	bang(Parser*);
static Tree*	comword(Parser*, int);

static char *keywords[] = {
	"if", "not", "for", "in", "while", "switch", "case", "fn", "~", "!", "@",
};

int
iskeyword(char *s)
{
	int i;

	for(i = 0; i < nelem(keywords); i++)
		if(strcmp(s, keywords[i]) == 0)
			return 1;
	return 0;
}

static Token*
peek(Parser *p)
{
	if(!p->havetok){
		lex(p, &p->tok);
		p->havetok = 1;
	}
	return &p->tok;
}

static void
advance(Parser *p)
{
	peek(p);
	p->havetok = 0;
}

static int
peektype(Parser *p)
{
	return peek(p)->type;
}

/* is the lookahead the unquoted word kw? */
static int
iskw(Parser *p, char *kw)
{
	Token *t;

	t = peek(p);
	return t->type == Tokword && !t->quoted && strcmp(t->str, kw) == 0;
}

static char*
tokname(Token *t)
{
	static char *names[] = {
		[Tokdollar] "$", [Tokcount] "$#", [Tokflat] "$\"", [Tokcaret] "^",
		[Toklparen] "(", [Tokrparen] ")", [Toklbrace] "{", [Tokrbrace] "}",
		[Tokbackq] "`", [Tokpipe] "|", [Tokandand] "&&", [Tokoror] "||",
		[Toksemi] ";", [Tokamp] "&", [Toknl] "newline", [Tokredir] "redirection",
		[Tokeq] "=", [Tokeof] "end of file",
	};

	if(t->type == Tokword)
		return t->str;
	if(t->type > 0 && t->type < nelem(names) && names[t->type] != nil)
		return names[t->type];
	return "?";
}

/* record the first syntax error; always returns nil */
static Tree*
syntax(Parser *p)
{
	Token *t;

	if(p->err[0] != 0)
		return nil;
	t = peek(p);
	if(t->type == Tokerror)
		return nil;	/* the lexer said why */
	snprint(p->err, sizeof p->err, "syntax error near %s", tokname(t));
	return nil;
}

static int
failed(Parser *p)
{
	return p->err[0] != 0;
}

static Tree*
mk(Parser *p, int type, Tree *l, Tree *r)
{
	return newtree(&p->arena, type, l, r);
}

static int
expect(Parser *p, int type)
{
	if(peektype(p) != type){
		syntax(p);
		return 0;
	}
	advance(p);
	return 1;
}

static void
skipnl(Parser *p)
{
	while(peektype(p) == Toknl)
		advance(p);
}

/* can this token begin a word?  '=' can, except where it makes an assignment */
static int
wordstart(Token *t, int eqok)
{
	switch(t->type){
	case Tokword:
	case Tokdollar:
	case Tokcount:
	case Tokflat:
	case Toklparen:
	case Tokbackq:
		return 1;
	case Tokeq:
		return eqok;
	}
	return 0;
}

/* words up to something that is not one; chained by next; nlok: lines may break between */
static Tree*
words(Parser *p, int nlok)
{
	Tree *head, **tail, *w;

	head = nil;
	tail = &head;
	for(;;){
		if(nlok)
			skipnl(p);
		if(!wordstart(peek(p), 1))
			break;
		w = word(p, 1);
		if(w == nil)
			return nil;
		*tail = w;
		tail = &w->next;
	}
	return head;
}

/* '(' words ')' as a Tlist, the lparen already taken */
static Tree*
wordlist(Parser *p)
{
	Tree *t;

	t = mk(p, Tlist, words(p, 1), nil);
	if(failed(p) || !expect(p, Tokrparen))
		return nil;
	return t;
}

/* the name after $, $# or $": a word, or another $ for indirection */
static Tree*
varname(Parser *p)
{
	Token *t;
	Tree *n;

	t = peek(p);
	if(!t->adj)
		return syntax(p);
	switch(t->type){
	case Tokword:
		n = mk(p, Tword, nil, nil);
		n->str = t->str;
		n->quoted = 1;
		advance(p);
		return n;
	case Tokdollar:
		advance(p);
		n = varname(p);
		return n == nil ? nil : mk(p, Tvar, n, nil);
	}
	return syntax(p);
}

static Tree*
brace(Parser *p)
{
	Tree *body;

	if(!expect(p, Toklbrace))
		return nil;
	body = seq(p, 0);
	if(failed(p) || !expect(p, Tokrbrace))
		return nil;
	return mk(p, Tblock, body, nil);
}

static Tree*
comword(Parser *p, int eqok)
{
	Token *t;
	Tree *n, *name;
	int type;

	t = peek(p);
	switch(t->type){
	case Tokword:
		n = mk(p, Tword, nil, nil);
		n->str = t->str;
		n->quoted = t->quoted;
		advance(p);
		return n;
	case Tokeq:
		if(!eqok)
			break;
		advance(p);
		n = mk(p, Tword, nil, nil);
		n->str = "=";
		n->quoted = 1;
		return n;
	case Tokdollar:
	case Tokcount:
	case Tokflat:
		type = t->type == Tokdollar ? Tvar : t->type == Tokcount ? Tcount : Tflat;
		advance(p);
		name = varname(p);
		if(name == nil)
			return nil;
		n = mk(p, type, name, nil);
		/* $x(...) with no blank is a subscript */
		if(type == Tvar && peektype(p) == Toklparen && peek(p)->adj){
			advance(p);
			n->right = wordlist(p);
			if(n->right == nil)
				return nil;
		}
		return n;
	case Toklparen:
		advance(p);
		return wordlist(p);
	case Tokbackq:
		advance(p);
		n = brace(p);
		return n == nil ? nil : mk(p, Tbackq, n, nil);
	}
	return syntax(p);
}

/* comwords joined by explicit carets or by adjacency */
static Tree*
word(Parser *p, int eqok)
{
	Tree *w, *r;
	Token *t;

	w = comword(p, eqok);
	while(w != nil){
		t = peek(p);
		if(t->type == Tokcaret){
			advance(p);
			r = comword(p, eqok);
		}else if(t->adj && wordstart(t, eqok))
			r = comword(p, eqok);
		else
			break;
		w = r == nil ? nil : mk(p, Tconcat, w, r);
	}
	return w;
}

/* <<tag: the tag is one plain word; its document comes after the line */
static Tree*
heretag(Parser *p, Tree *r)
{
	if(peektype(p) != Tokword)
		return syntax(p);
	if(p->nhere == Maxhere){
		snprint(p->err, sizeof p->err, "too many here documents");
		return nil;
	}
	r->left = comword(p, 0);
	p->here[p->nhere++] = r;
	return r;
}

/* a redirection around cmd, the token at hand */
static Tree*
redirect(Parser *p, Tree *cmd)
{
	Token *t;
	Tree *r;

	t = peek(p);
	r = mk(p, Tredir, nil, cmd);
	r->rtype = t->rtype;
	r->fd0 = t->fd0;
	r->fd1 = t->fd1;
	advance(p);
	if(r->rtype == Rddup || r->rtype == Rdclose)
		return r;
	if(r->rtype == Rdhere)
		return heretag(p, r);
	if(!wordstart(peek(p), 1))
		return syntax(p);
	r->left = word(p, 1);
	return r->left == nil ? nil : r;
}

/*
 * Wrap cmd in the redirections collected in order: the first
 * applies first, so it goes outermost.
 */
static Tree*
wrapredirs(Tree *cmd, Tree **redirs, int n)
{
	while(--n >= 0){
		redirs[n]->right = cmd;
		cmd = redirs[n];
	}
	return cmd;
}

enum { Maxredir = 16 };

/* words and redirections of a simple command; first is its first word */
static Tree*
command(Parser *p, Tree *first)
{
	Tree *head, **tail, *w, *redirs[Maxredir], *r;
	int nr;

	head = first;
	tail = first != nil ? &first->next : &head;
	nr = 0;
	for(;;){
		if(wordstart(peek(p), 1)){
			w = word(p, 1);
			if(w == nil)
				return nil;
			*tail = w;
			tail = &w->next;
		}else if(peektype(p) == Tokredir){
			if(nr == Maxredir)
				return syntax(p);
			r = redirect(p, nil);
			if(r == nil)
				return nil;
			redirs[nr++] = r;
		}else
			break;
	}
	if(head == nil && nr == 0)
		return nil;
	return wrapredirs(mk(p, Tsimple, head, nil), redirs, nr);
}

/* '(' seq ')' for if and while conditions */
static Tree*
paren(Parser *p)
{
	Tree *t;

	if(!expect(p, Toklparen))
		return nil;
	t = seq(p, 2);
	if(failed(p))
		return nil;
	if(t == nil)
		return syntax(p);
	if(!expect(p, Tokrparen))
		return nil;
	return t;
}

/* the body of if, for, while: a command on this or a later line */
static Tree*
body(Parser *p)
{
	Tree *t;

	skipnl(p);
	t = cmd(p);
	if(t == nil && !failed(p))
		return syntax(p);
	return t;
}

static Tree*
ifcmd(Parser *p)
{
	Tree *c, *b;

	advance(p);
	if(iskw(p, "not")){
		advance(p);
		b = body(p);
		return b == nil ? nil : mk(p, Tifnot, b, nil);
	}
	c = paren(p);
	if(c == nil)
		return nil;
	b = body(p);
	return b == nil ? nil : mk(p, Tif, c, b);
}

static Tree*
forcmd(Parser *p)
{
	Tree *t;

	advance(p);
	if(!expect(p, Toklparen))
		return nil;
	t = mk(p, Tfor, nil, nil);
	if(!wordstart(peek(p), 0))
		return syntax(p);
	t->left = word(p, 0);
	if(t->left == nil)
		return nil;
	if(iskw(p, "in")){
		advance(p);
		t->right = mk(p, Tlist, words(p, 1), nil);
		if(failed(p))
			return nil;
	}
	if(!expect(p, Tokrparen))
		return nil;
	t->third = body(p);
	return t->third == nil ? nil : t;
}

static Tree*
whilecmd(Parser *p)
{
	Tree *c, *b;

	advance(p);
	c = paren(p);
	if(c == nil)
		return nil;
	b = body(p);
	return b == nil ? nil : mk(p, Twhile, c, b);
}

static Tree*
switchcmd(Parser *p)
{
	Tree *subj, *b;

	advance(p);
	if(!wordstart(peek(p), 0))
		return syntax(p);
	subj = word(p, 0);
	if(subj == nil)
		return nil;
	skipnl(p);
	b = brace(p);
	return b == nil ? nil : mk(p, Tswitch, subj, b);
}

static Tree*
fncmd(Parser *p)
{
	Tree *name, *b;

	advance(p);
	if(!wordstart(peek(p), 0))
		return syntax(p);
	name = word(p, 0);
	if(name == nil)
		return nil;
	b = nil;
	if(peektype(p) == Toklbrace){
		b = brace(p);
		if(b == nil)
			return nil;
	}
	return mk(p, Tfn, name, b);
}

/* ~ subject pattern... and case pattern...: keyword, then words */
static Tree*
wordscmd(Parser *p, int type)
{
	Tree *t;

	advance(p);
	t = mk(p, type, nil, nil);
	if(type == Tmatch){
		if(!wordstart(peek(p), 1))
			return syntax(p);
		t->left = word(p, 1);
		if(t->left == nil)
			return nil;
		t->right = words(p, 0);
	}else
		t->left = words(p, 0);
	return failed(p) ? nil : t;
}

/* x=value [cmd]: first is the name, the '=' is at hand */
static Tree*
assignment(Parser *p, Tree *first)
{
	Tree *t;

	advance(p);
	t = mk(p, Tassign, first, nil);
	if(wordstart(peek(p), 1)){
		t->right = word(p, 1);
		if(t->right == nil)
			return nil;
	}else
		t->right = mk(p, Tlist, nil, nil);	/* x= empties x */
	/* anything else on the command makes the assignment local to it */
	if(wordstart(peek(p), 0) || peektype(p) == Tokredir || peektype(p) == Toklbrace){
		t->third = simple(p);
		if(t->third == nil)
			return failed(p) ? nil : syntax(p);
	}
	return t;
}

static Tree*
keyword(Parser *p)
{
	if(iskw(p, "if"))
		return ifcmd(p);
	if(iskw(p, "for"))
		return forcmd(p);
	if(iskw(p, "while"))
		return whilecmd(p);
	if(iskw(p, "switch"))
		return switchcmd(p);
	if(iskw(p, "fn"))
		return fncmd(p);
	if(iskw(p, "~"))
		return wordscmd(p, Tmatch);
	if(iskw(p, "case"))
		return wordscmd(p, Tcase);
	if(iskw(p, "!") || iskw(p, "@"))
		return bang(p);
	return nil;
}

static int
atkeyword(Parser *p)
{
	static char *starts[] = { "if", "for", "while", "switch", "fn", "~", "case", "!", "@" };
	int i;

	for(i = 0; i < nelem(starts); i++)
		if(iskw(p, starts[i]))
			return 1;
	return 0;
}

static Tree*
simple(Parser *p)
{
	Tree *t, *redirs[Maxredir], *first;
	int nr;

	if(atkeyword(p))
		return keyword(p);
	if(peektype(p) == Toklbrace){
		t = brace(p);
		for(nr = 0; t != nil && peektype(p) == Tokredir; nr++){
			if(nr == Maxredir)
				return syntax(p);
			redirs[nr] = redirect(p, nil);
			if(redirs[nr] == nil)
				return nil;
		}
		return t == nil ? nil : wrapredirs(t, redirs, nr);
	}
	first = nil;
	if(wordstart(peek(p), 0)){
		first = word(p, 0);
		if(first == nil)
			return nil;
		if(peektype(p) == Tokeq)
			return assignment(p, first);
	}
	return command(p, first);
}

static Tree*
pipeline(Parser *p)
{
	Tree *t, *r, *pipe;
	Token *tok;

	t = simple(p);
	while(t != nil && peektype(p) == Tokpipe){
		tok = peek(p);
		pipe = mk(p, Tpipe, t, nil);
		pipe->fd0 = tok->fd0;
		pipe->fd1 = tok->fd1;
		advance(p);
		skipnl(p);
		r = simple(p);
		if(r == nil)
			return failed(p) ? nil : syntax(p);
		pipe->right = r;
		t = pipe;
	}
	return t;
}

static Tree*
bang(Parser *p)
{
	Tree *t;
	int type;

	if(iskw(p, "!") || iskw(p, "@")){
		type = iskw(p, "!") ? Tnot : Tsubshell;
		advance(p);
		t = bang(p);
		if(t == nil)
			return failed(p) ? nil : syntax(p);
		return mk(p, type, t, nil);
	}
	return pipeline(p);
}

static Tree*
cmd(Parser *p)
{
	Tree *t, *r;
	int type;

	t = bang(p);
	while(t != nil && (peektype(p) == Tokandand || peektype(p) == Tokoror)){
		type = peektype(p) == Tokandand ? Tand : Tor;
		advance(p);
		skipnl(p);
		r = bang(p);
		if(r == nil)
			return failed(p) ? nil : syntax(p);
		t = mk(p, type, t, r);
	}
	return t;
}

/*
 * Commands separated by ; & and, inside braces or parens, newlines.
 * where: 0 inside braces (ends at '}'), 1 a top-level line (ends at
 * and takes the newline), 2 in an if or while condition (ends at ')').
 */
static Tree*
seq(Parser *p, int where)
{
	Tree *t, *c;
	int type;

	t = nil;
	for(;;){
		type = peektype(p);
		if(type == Toknl && where == 1){
			advance(p);
			break;
		}
		if(type == Toknl || type == Toksemi){
			advance(p);
			continue;
		}
		if(type == Tokeof && where == 1)
			break;
		if(type == Tokrbrace && where == 0 || type == Tokrparen && where == 2)
			break;
		c = cmd(p);
		if(failed(p))
			return nil;
		if(c == nil)
			return syntax(p);
		if(peektype(p) == Tokamp){
			advance(p);
			c = mk(p, Tasync, c, nil);
		}
		t = t == nil ? c : mk(p, Tseq, t, c);
		type = peektype(p);
		if(type != Toknl && type != Toksemi && type != Tokeof && type != Tokrbrace &&
		   type != Tokrparen && c->type != Tasync)
			return syntax(p);
	}
	return t;
}

/*
 * One command line, up to and including its newline.  Returns the
 * tree (nil for an empty line), with *eof set at the end of input.
 * On a syntax error p->err says why and the rest of the line is
 * dropped, so that an interactive rc can go on with the next.
 */
Tree*
parseline(Parser *p, int *eof)
{
	Tree *t;

	freearena(p->arena);
	p->arena = nil;
	p->havetok = 0;
	p->varname = 0;
	p->nhere = 0;
	p->err[0] = 0;
	p->in->cont = 0;
	t = seq(p, 1);
	*eof = p->havetok && p->tok.type == Tokeof || p->in->eof;
	if(failed(p)){
		if(!p->sawnl)
			skipline(p->in);
		p->havetok = 0;
		return nil;
	}
	return t;
}
