/*
 * Input and the lexer.
 *
 * The lexer gives one token at a time and never reads past the end
 * of a line before the parser asks for more, so that a command runs
 * as soon as its line is complete.  Tokens remember whether a blank
 * came before them (adj): the parser uses it for rc's free carets
 * ($x.c is $x^.c) and subscripts ($x(2)).
 */
#include "rc.h"

Input*
stringinput(char *s)
{
	Input *in;

	in = emallocz(sizeof *in);
	in->fd = -1;
	in->str = estrdupz(s);
	in->p = in->str;
	in->e = in->str + strlen(s);
	in->line = 1;
	return in;
}

Input*
fdinput(int fd, char *name, int interactive)
{
	Input *in;

	in = emallocz(sizeof *in);
	in->fd = fd;
	in->p = in->buf;
	in->e = in->buf;
	in->interactive = interactive;
	in->line = 1;
	if(name != nil)
		in->name = estrdupz(name);
	return in;
}

void
freeinput(Input *in)
{
	if(in == nil)
		return;
	free(in->str);
	free(in->name);
	free(in);
}

/*
 * Refill from the descriptor, prompting on the console; 0 at end of
 * file.  A read may end inside a line (a long typed line comes in
 * pieces): the rest of that line is read without a prompt.
 */
static int
refill(Input *in)
{
	long n;

	if(in->fd < 0)
		return 0;
	if(in->interactive && !in->midline)
		prompt(in->cont ? 2 : 1);
	in->cont = 1;
	n = read(in->fd, in->buf, sizeof in->buf);
	if(n <= 0){
		in->midline = 0;
		return 0;
	}
	in->p = in->buf;
	in->e = in->buf + n;
	in->midline = in->buf[n-1] != '\n';
	return 1;
}

/*
 * The next byte, or -1 at end of input or after an interrupted read.
 * The end is sticky so that a console is not read again after ^D;
 * main clears it after an interrupt.
 */
int
getch(Input *in)
{
	int c;

	if(in->eof || (in->p >= in->e && !refill(in))){
		in->eof = 1;
		in->lastc = -1;
		return -1;
	}
	c = *(uchar*)in->p++;
	if(c == '\n')
		in->line++;
	in->lastc = c;
	return c;
}

/* push back the byte just taken; it is still in the buffer */
void
ungetch(Input *in)
{
	if(in->lastc < 0)
		return;
	in->p--;
	if(in->lastc == '\n')
		in->line--;
	in->lastc = 0;
}

/* drop what is left of the current line, after a syntax error */
void
skipline(Input *in)
{
	int c;

	if(in->lastc == '\n' || in->lastc == -1)
		return;
	do
		c = getch(in);
	while(c != '\n' && c != -1);
}

void
initparser(Parser *p, Input *in)
{
	memset(p, 0, sizeof *p);
	p->in = in;
	p->wmax = 64;
	p->wbuf = emallocz(p->wmax);
}

void
termparser(Parser *p)
{
	free(p->wbuf);
	freearena(p->arena);
	p->wbuf = nil;
	p->arena = nil;
}

static void
addc(Parser *p, int c)
{
	char *nb;

	if(p->wlen+1 >= p->wmax){
		nb = emallocz(p->wmax*2);
		memmove(nb, p->wbuf, p->wlen);
		free(p->wbuf);
		p->wbuf = nb;
		p->wmax *= 2;
	}
	p->wbuf[p->wlen++] = c;
}

/* characters that end an unquoted word */
static int
wordchr(int c)
{
	return c != -1 && strchr("\n \t\r#;&|^$=`'{}()<>", c) == nil;
}

/* characters of a variable name after $ */
static int
idchr(int c)
{
	return c >= 0x80 || isalnum(c) || c == '_' || c == '*';
}

static int
nextis(Input *in, int want)
{
	int c;

	c = getch(in);
	if(c == want)
		return 1;
	ungetch(in);
	return 0;
}

/* skip blanks, comments and escaped newlines; 1 if anything was skipped */
static int
skipblank(Input *in)
{
	int c, skipped;

	skipped = 0;
	for(;;){
		c = getch(in);
		if(c == ' ' || c == '\t' || c == '\r'){
			skipped = 1;
			continue;
		}
		if(c == '#'){
			do
				c = getch(in);
			while(c != '\n' && c != -1);
			ungetch(in);
			skipped = 1;
			continue;
		}
		if(c == '\\'){
			if(nextis(in, '\n')){
				skipped = 1;
				continue;
			}
		}
		ungetch(in);
		return skipped;
	}
}

static int
lexerror(Parser *p, Token *t, char *msg)
{
	snprint(p->err, sizeof p->err, "%s", msg);
	t->type = Tokerror;
	return t->type;
}

/* 'it''s': the opening quote is taken */
static int
quoted(Parser *p, Token *t)
{
	int c;

	for(;;){
		c = getch(p->in);
		if(c == -1)
			return lexerror(p, t, "eof in quoted string");
		if(c == '\''){
			if(!nextis(p->in, '\''))
				break;
		}
		addc(p, c);
	}
	t->quoted = 1;
	t->type = Tokword;
	return t->type;
}

/* a decimal file descriptor inside [ ] */
static int
fdnum(Input *in)
{
	int c, n, any;

	n = 0;
	any = 0;
	for(;;){
		c = getch(in);
		if(c < '0' || c > '9' || n > 1000)
			break;
		n = n*10 + c-'0';
		any = 1;
	}
	ungetch(in);
	return any ? n : -1;
}

/*
 * After > >> < or |: an optional [fd] or [fd=fd] or [fd=].
 * For pipes, [fd] names the writer's side and fd1 the reader's.
 */
static int
brackets(Parser *p, Token *t, int ispipe)
{
	int n;

	if(!nextis(p->in, '['))
		return 0;
	n = fdnum(p->in);
	if(n < 0)
		return -1;
	t->fd0 = n;
	if(nextis(p->in, '=')){
		n = fdnum(p->in);
		if(ispipe){
			if(n < 0)
				return -1;
			t->fd1 = n;
		}else if(n < 0)
			t->rtype = Rdclose;
		else{
			t->rtype = Rddup;
			t->fd1 = n;
		}
	}
	if(!nextis(p->in, ']'))
		return -1;
	return 0;
}

static int
redir(Parser *p, Token *t, int c)
{
	t->type = Tokredir;
	if(c == '<'){
		t->rtype = nextis(p->in, '<') ? Rdhere : Rdread;
		t->fd0 = 0;
	}else{
		t->rtype = nextis(p->in, '>') ? Rdappend : Rdwrite;
		t->fd0 = 1;
	}
	if(brackets(p, t, 0) < 0)
		return lexerror(p, t, "bad redirection");
	if((t->rtype == Rddup || t->rtype == Rdclose) && c == '<')
		return lexerror(p, t, "bad redirection");
	return t->type;
}

static int
operator(Parser *p, Token *t, int c)
{
	Input *in;

	in = p->in;
	switch(c){
	case -1:
		t->type = Tokeof;
		break;
	case '\n':
		t->type = Toknl;
		break;
	case ';':
		t->type = Toksemi;
		break;
	case '^':
		t->type = Tokcaret;
		break;
	case '=':
		t->type = Tokeq;
		break;
	case '(':
		t->type = Toklparen;
		break;
	case ')':
		t->type = Tokrparen;
		break;
	case '{':
		t->type = Toklbrace;
		break;
	case '}':
		t->type = Tokrbrace;
		break;
	case '`':
		t->type = Tokbackq;
		break;
	case '&':
		t->type = nextis(in, '&') ? Tokandand : Tokamp;
		break;
	case '|':
		if(nextis(in, '|')){
			t->type = Tokoror;
			break;
		}
		t->type = Tokpipe;
		t->fd0 = 1;
		t->fd1 = 0;
		if(brackets(p, t, 1) < 0)
			return lexerror(p, t, "bad pipe");
		break;
	case '<':
	case '>':
		return redir(p, t, c);
	case '$':
		if(nextis(in, '#'))
			t->type = Tokcount;
		else if(nextis(in, '"'))
			t->type = Tokflat;
		else
			t->type = Tokdollar;
		p->varname = 1;
		break;
	default:
		return lexerror(p, t, "bad character");
	}
	return t->type;
}

/* the next token into t; its string, if any, is in the parse arena */
int
lex(Parser *p, Token *t)
{
	int c, wasname;

	memset(t, 0, sizeof *t);
	wasname = p->varname;
	p->varname = 0;
	t->adj = !skipblank(p->in) && !p->blank;
	p->blank = 0;
	p->wlen = 0;
	c = getch(p->in);
	if(c == '\''){
		quoted(p, t);
	}else if(wasname && idchr(c)){
		/* a name after $ stops at the first non-name character */
		do{
			addc(p, c);
			c = getch(p->in);
		}while(idchr(c));
		ungetch(p->in);
		t->type = Tokword;
	}else if(wordchr(c)){
		while(wordchr(c)){
			/* \ newline is a blank, even right after a word */
			if(c == '\\' && nextis(p->in, '\n')){
				p->blank = 1;
				break;
			}
			addc(p, c);
			c = getch(p->in);
		}
		if(!p->blank)
			ungetch(p->in);
		t->type = Tokword;
	}else
		operator(p, t, c);
	if(t->type == Tokword){
		addc(p, 0);
		t->str = arenastrdup(&p->arena, p->wbuf);
	}
	p->sawnl = t->type == Toknl || t->type == Tokeof;
	if(t->type == Toknl && p->nhere > 0)
		readhere(p);
	return t->type;
}

/* one line of a here document into the word buffer; 0 at end of input */
static int
hereline(Parser *p)
{
	int c;

	p->wlen = 0;
	while((c = getch(p->in)) != '\n'){
		if(c == -1)
			return p->wlen > 0;
		addc(p, c);
	}
	return 1;
}

/*
 * The lines after a command line that holds <<tag redirections are
 * their documents, each up to a line that is its tag alone.
 */
void
readhere(Parser *p)
{
	Fmt f;
	char *tag;
	int i;

	for(i = 0; i < p->nhere; i++){
		tag = p->here[i]->left->str;
		fmtstrinit(&f);
		for(;;){
			p->in->cont = 1;
			if(!hereline(p))
				break;
			addc(p, 0);
			if(strcmp(p->wbuf, tag) == 0)
				break;
			fmtprint(&f, "%s\n", p->wbuf);
		}
		tag = fmtstrflush(&f);
		p->here[i]->str = arenastrdup(&p->arena, tag != nil ? tag : "");
		free(tag);
	}
	p->nhere = 0;
	p->wlen = 0;
}
