/*
 * sed [-gln] [-e script] [-f file] [file ...]: the stream editor.
 * Commands: s (flags g, p, a number), d, p, q, a, i, c, = and { };
 * addresses: a line number, $, /regexp/, ranges addr1,addr2, and !
 * after them.  -n stops the automatic print, -g makes every s global,
 * -l flushes the output after each line.
 */
#include <u.h>
#include <libc.h>
#include <regexp.h>

enum {
	Maxcmd	= 512,
	Nsub	= 10,		/* \0 to \9 */
};

enum {
	Anone,
	Aline,
	Alast,
	Are,
};

typedef struct Addr Addr;
typedef struct Cmd Cmd;

struct Addr {
	int	type;
	long	line;
	Reprog	*re;
};

struct Cmd {
	Addr	a1;
	Addr	a2;
	int	negate;
	int	inrange;	/* a range has begun and not yet ended */
	int	op;		/* 's', 'd', ... */
	char	*text;		/* a i c: the text; s: the replacement */
	Reprog	*re;		/* s */
	int	global;
	int	print;
	int	nth;		/* s: the first occurrence replaced */
	int	end;		/* {: the index of its } */
};

static Cmd	cmd[Maxcmd];
static int	ncmd;
static Reprog	*lastre;	/* what an empty regexp stands for */
static char	*compiling;	/* for regerror */
static int	gflag, lflag, nflag;

/* the input: the files in turn, one line read ahead to know the last */
static char	**files;
static int	nfiles;
static Biobuf	*in;
static char	*ahead;
static long	lineno;
static int	lastline;
static char	*status;

static char	*pattern;	/* the pattern space */
static char	*appendq[Maxcmd];
static int	nappend;
static Biobuf	bout;

static void
usage(void)
{
	fprint(2, "usage: sed [-gln] [-e script] [-f file] [file ...]\n");
	exits("usage");
}

static void
garbled(char *what, char *err)
{
	char *nl;

	what = estrdup(what);
	if((nl = strchr(what, '\n')) != nil)
		*nl = 0;
	fprint(2, "sed: %s: %s\n", what, err);
	exits(err);
}

/* replaces the library's: name the pattern */
void
regerror(char *msg)
{
	fprint(2, "sed: %s: %s\n", compiling, msg);
	exits("regexp");
}

/*
 * Copy a regexp or replacement up to the unquoted delimiter, leaving
 * *sp past it.  \delim stands for the delimiter and \n for a newline;
 * other quotes are kept for regcomp or regsub.
 */
static char*
delimited(char **sp, int delim, char *cmdtext)
{
	char *s, *buf, *d;

	s = *sp;
	buf = d = emalloc(strlen(s) + 1);
	for(; *s != delim; s++){
		if(*s == 0 || *s == '\n')
			garbled(cmdtext, "command garbled");
		if(*s == '\\' && s[1] == delim){
			*d++ = *++s;
		}else if(*s == '\\' && s[1] == 'n'){
			*d++ = '\n';
			s++;
		}else if(*s == '\\' && s[1] != 0){
			*d++ = *s++;
			*d++ = *s;
		}else
			*d++ = *s;
	}
	*d = 0;
	*sp = s + 1;
	return buf;
}

static Reprog*
regexp(char **sp, int delim, char *cmdtext)
{
	char *re;

	re = delimited(sp, delim, cmdtext);
	if(*re == 0){
		free(re);
		if(lastre == nil)
			garbled(cmdtext, "no previous regular expression");
		return lastre;
	}
	compiling = re;
	lastre = regcomp(re);
	free(re);
	return lastre;
}

static char*
address(char *s, Addr *a, char *cmdtext)
{
	a->type = Anone;
	if(*s >= '0' && *s <= '9'){
		a->type = Aline;
		a->line = strtol(s, &s, 10);
	}else if(*s == '$'){
		a->type = Alast;
		s++;
	}else if(*s == '/'){
		s++;
		a->type = Are;
		a->re = regexp(&s, '/', cmdtext);
	}
	return s;
}

static char*
skipblank(char *s)
{
	while(*s == ' ' || *s == '\t')
		s++;
	return s;
}

/*
 * a\, i\, c\: the text runs to an unquoted newline; \ newline goes
 * on to the next line, and \ quotes any other character.
 */
static char*
text(char **sp)
{
	char *s, *buf, *d;

	s = skipblank(*sp);
	if(*s == '\\')
		s++;
	if(*s == '\n')
		s++;
	s = skipblank(s);
	buf = d = emalloc(strlen(s) + 1);
	for(; *s != 0 && *s != '\n'; s++){
		if(*s == '\\' && s[1] != 0)
			s++;
		*d++ = *s;
	}
	*d = 0;
	*sp = s;
	return buf;
}

static char*
subst(char *s, Cmd *c, char *cmdtext)
{
	int delim;

	delim = *s++;
	if(delim == 0 || delim == '\n' || delim == '\\')
		garbled(cmdtext, "command garbled");
	c->re = regexp(&s, delim, cmdtext);
	c->text = delimited(&s, delim, cmdtext);
	c->global = gflag;
	c->nth = 1;
	for(;; s++){
		if(*s == 'g')
			c->global = 1;
		else if(*s == 'p')
			c->print = 1;
		else if(*s >= '1' && *s <= '9')
			c->nth = strtol(s, &s, 10), s--;
		else
			return s;
	}
}

static void
compile(char *script)
{
	char *s, *start;
	int open[Maxcmd], nopen;
	Cmd *c;

	nopen = 0;
	s = script;
	for(;;){
		while(*s == ' ' || *s == '\t' || *s == '\n' || *s == ';')
			s++;
		if(*s == 0)
			break;
		if(ncmd == Maxcmd)
			garbled(s, "too many commands");
		start = s;
		c = &cmd[ncmd];
		s = address(s, &c->a1, start);
		if(c->a1.type != Anone && *s == ','){
			s = address(s+1, &c->a2, start);
			if(c->a2.type == Anone)
				garbled(start, "command garbled");
		}
		s = skipblank(s);
		if(*s == '!'){
			c->negate = 1;
			s = skipblank(s+1);
		}
		c->op = *s++;
		switch(c->op){
		case 's':
			s = subst(s, c, start);
			break;
		case 'a':
		case 'i':
		case 'c':
			c->text = text(&s);
			break;
		case 'd':
		case 'p':
		case 'q':
		case '=':
			break;
		case '{':
			open[nopen++] = ncmd++;
			continue;
		case '}':
			if(nopen == 0 || c->a1.type != Anone)
				garbled(start, "unexpected }");
			cmd[open[--nopen]].end = ncmd;
			break;
		default:
			garbled(start, "unrecognized command");
		}
		ncmd++;
		s = skipblank(s);
		if(*s != 0 && *s != '\n' && *s != ';' && *s != '}')
			garbled(start, "command garbled");
	}
	if(nopen > 0)
		garbled(&script[0], "unmatched {");
}

/* the next line of input, or nil at the end; sets lastline */
static char*
readline(void)
{
	char *line;
	int fd;

	for(;;){
		if(in != nil && (line = Brdstr(in, '\n', 1)) != nil)
			return line;
		if(in != nil){
			Bterm(in);
			if(Bfildes(in) != 0)
				close(Bfildes(in));
			free(in);
			in = nil;
		}
		if(nfiles == 0)
			return nil;
		if(strcmp(*files, "-") == 0)
			fd = 0;
		else if((fd = open(*files, OREAD)) < 0){
			Bflush(&bout);
			fprint(2, "sed: %s: %r\n", *files);
			status = "open";
		}
		files++, nfiles--;
		if(fd >= 0){
			in = emalloc(sizeof *in);
			Binit(in, fd, OREAD);
		}
	}
}

static char*
nextline(void)
{
	char *line;

	line = ahead;
	if(line != nil){
		ahead = readline();
		lastline = ahead == nil;
		lineno++;
	}
	return line;
}

static int
matchaddr(Addr *a)
{
	switch(a->type){
	case Aline:
		return lineno == a->line;
	case Alast:
		return lastline;
	case Are:
		return regexec(a->re, pattern, nil, 0) > 0;
	}
	return 1;
}

/*
 * A range starts at a line matching its first address and takes the
 * lines up to one matching the second, looked for from the next line
 * on; a second address that is a line number already passed ends the
 * range where it starts.
 */
static int
selected(Cmd *c)
{
	int sel;

	if(c->a1.type == Anone)
		sel = 1;
	else if(c->a2.type == Anone)
		sel = matchaddr(&c->a1);
	else if(c->inrange){
		sel = 1;
		if(c->a2.type == Aline ? lineno >= c->a2.line : matchaddr(&c->a2))
			c->inrange = 0;
	}else if(matchaddr(&c->a1)){
		sel = 1;
		c->inrange = c->a2.type != Aline || c->a2.line > lineno;
		if(c->a2.type == Alast && lastline)
			c->inrange = 0;
	}else
		sel = 0;
	return sel != c->negate;
}

static void
output(char *s)
{
	Bprint(&bout, "%s\n", s);
	if(lflag)
		Bflush(&bout);
}

/* grow a string: the result is at *buf */
static void
append(char **buf, usize *len, char *s, usize n)
{
	*buf = erealloc(*buf, *len + n + 1);
	memmove(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = 0;
}

/*
 * After a match, the next search starts at its end, or a rune further
 * for an empty match; as in Plan 9, none is tried at the end of the
 * line once the line has matched.
 */
static int
substitute(Cmd *c)
{
	Resub m[Nsub];
	char *s, *done, *res, *buf;
	usize len, max;
	int count, did;
	Rune r;

	res = nil;
	len = 0;
	done = pattern;
	did = 0;
	max = strlen(c->text)*strlen(pattern) + strlen(c->text) + 1;
	buf = emalloc(max);
	for(s = pattern, count = 1;; count++){
		memset(m, 0, sizeof m);
		m[0].sp = s;
		if(regexec(c->re, pattern, m, Nsub) <= 0)
			break;
		if(count == c->nth || c->global && count > c->nth){
			append(&res, &len, done, m[0].sp - done);
			regsub(c->text, buf, max, m, Nsub);
			append(&res, &len, buf, strlen(buf));
			done = m[0].ep;
			did = 1;
			if(!c->global)
				break;
		}
		s = m[0].ep;
		if(m[0].sp == m[0].ep && *s != 0)
			s += chartorune(&r, s);
		if(*s == 0)
			break;
	}
	free(buf);
	if(!did)
		return 0;
	append(&res, &len, done, strlen(done));
	free(pattern);
	pattern = res;
	return 1;
}

/* run the script on the pattern space; 1 if it is to be printed */
static int
execute(int *quit)
{
	Cmd *c;
	int pc;

	for(pc = 0; pc < ncmd; pc++){
		c = &cmd[pc];
		if(!selected(c)){
			if(c->op == '{')
				pc = c->end;
			continue;
		}
		switch(c->op){
		case 's':
			if(substitute(c) && c->print)
				output(pattern);
			break;
		case 'p':
			output(pattern);
			break;
		case '=':
			Bprint(&bout, "%ld\n", lineno);
			break;
		case 'a':
			appendq[nappend++] = c->text;
			break;
		case 'i':
			output(c->text);
			break;
		case 'c':
			/* a range is changed as a whole, at its end */
			if(c->a2.type == Anone || c->negate || !c->inrange)
				output(c->text);
			return 0;
		case 'd':
			return 0;
		case 'q':
			*quit = 1;
			return 1;
		}
	}
	return 1;
}

static char*
readscript(char *name)
{
	char *s, *line;
	usize len;
	Biobuf *b;

	b = Bopen(name, OREAD);
	if(b == nil)
		sysfatal("%s: %r", name);
	s = nil;
	len = 0;
	while((line = Brdstr(b, '\n', 0)) != nil){
		append(&s, &len, line, strlen(line));
		free(line);
	}
	Bterm(b);
	return s != nil ? s : estrdup("");
}

/* the -e and -f pieces make one script, a line each */
static void
addscript(char **script, usize *len, char *piece)
{
	if(*len > 0)
		append(script, len, "\n", 1);
	append(script, len, piece, strlen(piece));
}

void
main(int argc, char *argv[])
{
	static char *standard[] = { "-" };
	char *script, *piece;
	usize len;
	int i, quit, keep;

	script = nil;
	len = 0;
	ARGBEGIN{
	case 'g': gflag = 1; break;
	case 'l': lflag = 1; break;
	case 'n': nflag = 1; break;
	case 'e':
		addscript(&script, &len, EARGF(usage()));
		break;
	case 'f':
		piece = readscript(EARGF(usage()));
		addscript(&script, &len, piece);
		free(piece);
		break;
	default:
		usage();
	}ARGEND

	if(script == nil){
		if(argc == 0)
			usage();
		addscript(&script, &len, *argv++);
		argc--;
	}
	compile(script);
	Binit(&bout, 1, OWRITE);
	files = argv;
	nfiles = argc;
	if(nfiles == 0){
		files = standard;
		nfiles = 1;
	}
	ahead = readline();
	lastline = ahead == nil;
	quit = 0;
	while(!quit && (pattern = nextline()) != nil){
		nappend = 0;
		keep = execute(&quit);
		if(keep && !nflag)
			output(pattern);
		for(i = 0; i < nappend; i++)
			output(appendq[i]);
		free(pattern);
	}
	Bflush(&bout);
	exits(status);
}
