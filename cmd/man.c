/*
 * man [-w] [section ...] name ...: format and print the manual
 * pages /sys/man/section/name, from every section unless some are
 * named.  man -k word: the NAME lines that contain word.
 *
 * The formatter knows the part of troff's -man macros the pages in
 * sys/man use (.TH .SH .SS .PP .LP .TP .IP .HP .RS .RE .EX .EE .nf
 * .fi .br .sp and the font macros) and prints plain text: fonts are
 * dropped, filled lines are Width columns wide.
 */
#include <u.h>
#include <libc.h>

enum {
	Width	= 72,		/* columns of filled text */
	Body	= 5,		/* indent of text under a heading */
	Tabind	= 5,		/* default .TP/.IP/.RS indent */
	Maxline	= 2048,
	Maxargs	= 32,
	Maxsec	= 16,
	Nbsp	= 1,		/* "\ ", a space that does not break */
};

static char manroot[] = "/sys/man";

static Biobuf bout;
static int fill;		/* filling lines, not .nf/.EX */
static int base;		/* indent of plain paragraphs */
static int ind;			/* indent of the text in progress */
static int rs[16], nrs;		/* .RS saved bases */
static int tagnext;		/* the next text line is a .TP tag */
static int tagind;		/* body indent after a tag */
static int join;		/* last text ended in \c */
static int pd;			/* paragraphs are spaced (.PD) */
static int blank;		/* the last line out was blank (or none yet) */
static char out[Maxline];	/* the filled line in progress */
static int outn, outcol;

static void
usage(void)
{
	fprint(2, "usage: man [-w] [section ...] name ...\n");
	fprint(2, "       man -k word\n");
	exits("usage");
}

/* columns s takes: runes, not bytes */
static int
width(char *s, int n)
{
	int i, w;

	w = 0;
	for(i = 0; i < n; i++)
		if((s[i] & 0xC0) != 0x80)
			w++;
	return w;
}

static void
emit(char *s, int n)
{
	int i;

	while(n > 0 && s[n-1] == ' ')	/* padding before nothing */
		n--;
	for(i = 0; i < n; i++)
		Bputc(&bout, s[i] == Nbsp ? ' ' : s[i]);
	Bputc(&bout, '\n');
	blank = n == 0;
}

/* end the line in progress */
static void
flushline(void)
{
	if(outn > 0)
		emit(out, outn);
	outn = outcol = 0;
}

static void space(void);

/* the space before a paragraph, unless .PD 0 */
static void
parspace(void)
{
	flushline();
	if(pd)
		space();
}

/* a blank line, but never two */
static void
space(void)
{
	flushline();
	if(!blank)
		emit("", 0);
}

static void
pad(int col)
{
	while(outcol < col && outn < sizeof out - 1){
		out[outn++] = ' ';
		outcol++;
	}
}

static void
addword(char *w, int n, int glue)
{
	int wid;

	wid = width(w, n);
	if(outn > 0 && !glue && outcol + 1 + wid > Width)
		flushline();
	if(outn == 0)
		pad(ind);
	else if(!glue && out[outn-1] != ' ')
		pad(outcol+1);
	if(outn + n >= sizeof out)
		flushline();
	if(n >= sizeof out - outn)	/* a word longer than a line: cut */
		n = sizeof out - outn - 1;
	memmove(out+outn, w, n);
	outn += n;
	outcol += wid;
}

/* troff's special characters \(xx that have a plain text form */
static char *specials[] = {
	"em", "--",	"en", "-",	"mi", "-",	"hy", "-",
	"bu", "*",	"mu", "x",	"pl", "+",	"eq", "=",
	"->", "->",	"<-", "<-",	"<=", "<=",	">=", ">=",
	"lq", "\"",	"rq", "\"",	"aa", "'",	"ga", "`",
	"or", "|",	"ti", "~",	"sl", "/",	"ap", "~",
	"sq", "#",	"de", "deg",
};

/*
 * The text of \(xx at q (two bytes) written at w; unknown ones are
 * '?'.  No text is longer than the four bytes of \(xx: escapes()
 * works in place.
 */
static char*
special(char *w, char *q)
{
	int i, n;

	for(i = 0; i < nelem(specials); i += 2)
		if(strncmp(q, specials[i], 2) == 0){
			n = strlen(specials[i+1]);
			memmove(w, specials[i+1], n);
			return w+n;
		}
	*w++ = '?';
	return w;
}

/*
 * Troff's escapes in s, done in place: fonts and sizes dropped,
 * \- \e \\ \(xx kept as text, \" a comment.  Sets join on \c.
 */
static void
escapes(char *s)
{
	char *r, *w, *q;
	int n;

	join = 0;
	for(r = w = s; *r != 0; ){
		if(*r != '\\'){
			*w++ = *r++;
			continue;
		}
		r++;
		switch(*r){
		case 0:
			break;
		case '"':
			*r = 0;
			break;
		case 'f':
			r++;
			if(*r == '(' && r[1] && r[2])
				r += 3;
			else if(*r != 0)
				r++;
			break;
		case 's':
			r++;
			if(*r == '+' || *r == '-')
				r++;
			while(isdigit(*r))
				r++;
			break;
		case '(':
			q = r+1;
			if(q[0] == 0 || q[1] == 0){
				r = q;
				break;
			}
			w = special(w, q);
			r = q+2;
			break;
		case '*':	/* strings: none defined */
			r++;
			if(*r == '(' && r[1] && r[2])
				r += 3;
			else if(*r != 0)
				r++;
			break;
		case 'w':	/* width: the tag's text stands for itself */
			r++;
			if(*r == '\'' && (q = strchr(r+1, '\'')) != nil){
				n = q - (r+1);
				memmove(w, r+1, n);
				w += n;
				r = q+1;
			}
			break;
		case 'c':
			join = 1;
			r++;
			break;
		case '&': case '|': case '^': case '%':
			r++;
			break;
		case '0':
			*w++ = ' ';
			r++;
			break;
		case 'h': case 'v':	/* motions: their argument dropped */
			r++;
			if(*r == '\'' && (q = strchr(r+1, '\'')) != nil)
				r = q+1;
			break;
		case ' ':
			*w++ = Nbsp;
			r++;
			break;
		case 'e':
			*w++ = '\\';
			r++;
			break;
		default:	/* \- \\ \. \' and the rest: the character */
			*w++ = *r++;
			break;
		}
	}
	*w = 0;
}

/* text in fill mode: word by word; glue the first to what came before */
static void
filltext(char *s, int glue)
{
	char *e;

	if(*s == 0 && !glue){
		space();
		return;
	}
	for(;;){
		if(*s == ' ' || *s == '\t'){
			glue = 0;
			while(*s == ' ' || *s == '\t')
				s++;
		}
		if(*s == 0)
			break;
		for(e = s; *e != 0 && *e != ' ' && *e != '\t'; e++)
			;
		addword(s, e-s, glue);
		glue = 0;
		s = e;
	}
}

/* a .TP tag: on its own line if it reaches the body, else before it */
static void
tag(char *s)
{
	tagnext = 0;
	flushline();
	ind = base;
	filltext(s, 0);
	if(outcol + 1 > tagind)
		flushline();
	else
		pad(tagind);
	ind = tagind;
}

/* s with its tabs made spaces, to stops every 8 columns past the indent */
static void
detab(char *s, char *buf, int nbuf)
{
	int n, col;

	n = col = 0;
	for(; *s != 0 && n < nbuf-1; s++){
		if(*s != '\t'){
			buf[n++] = *s;
			if((*s & 0xC0) != 0x80)
				col++;
			continue;
		}
		do
			buf[n++] = ' ';
		while(++col % 8 != 0 && n < nbuf-1);
	}
	buf[n] = 0;
}

static void
text(char *s)
{
	char buf[Maxline];
	int glue, k;

	glue = join;
	escapes(s);
	if(tagnext){
		tag(s);
		return;
	}
	if(!fill){
		flushline();
		if(*s == 0){
			emit("", 0);
			return;
		}
		detab(s, buf, sizeof buf);
		pad(ind);
		addword(buf, strlen(buf), 1);
		flushline();
		return;
	}
	if(*s == ' '){		/* as troff: a break, the spaces kept */
		flushline();
		for(k = 0; s[k] == ' '; k++)
			;
		pad(ind + k);
		filltext(s+k, 1);
		return;
	}
	filltext(s, glue);
}

/* split a request's arguments, honouring "quotes" and "\ " */
static int
args(char *s, char **av)
{
	int n;
	char *w;

	n = 0;
	while(n < Maxargs){
		while(*s == ' ' || *s == '\t')
			s++;
		if(*s == 0)
			break;
		av[n++] = w = s;
		if(*s == '"'){
			for(s++; *s != 0; s++){
				if(*s == '"' && s[1] == '"')
					s++;
				else if(*s == '"')
					break;
				*w++ = *s;
			}
		}else{
			for(; *s != 0 && *s != ' ' && *s != '\t'; s++){
				if(*s == '\\' && s[1] != 0)
					*w++ = *s++;
				*w++ = *s;
			}
		}
		if(*s != 0)
			s++;
		*w = 0;
	}
	return n;
}

/* a number of ens from a request's argument, or def */
static int
ens(char *s, int def)
{
	char *p;

	if(s == nil)
		return def;
	if(strncmp(s, "\\w'", 3) == 0 && (p = strchr(s+3, '\'')) != nil){
		*p = 0;
		escapes(s+3);
		return width(s+3, strlen(s+3)) + ens(p[1] == 'u' ? p+2 : p+1, 0);
	}
	if(*s == '+')
		s++;
	if(!isdigit(*s))
		return def;
	return strtol(s, nil, 10);
}

/* .B a b, .BI a b: the words joined with spaces or not at all */
static void
font(int n, char **av, int alternate)
{
	char buf[Maxline];
	char *p, *e;
	int i;

	p = buf;
	e = buf + sizeof buf;
	for(i = 0; i < n && p < e-1; i++){
		if(i > 0 && !alternate)
			*p++ = ' ';
		p = seprint(p, e, "%s", av[i]);
	}
	*p = 0;
	if(n > 0)
		text(buf);
}

/* .SH SEE ALSO and .SH "SEE ALSO" alike */
static void
heading(int n, char **av, int col)
{
	int i;

	space();
	ind = col;
	for(i = 0; i < n; i++){
		escapes(av[i]);
		filltext(av[i], 0);
	}
	flushline();
	base = ind = Body;
	nrs = 0;
	tagnext = 0;
	fill = 1;
}

static void
title(int n, char **av)
{
	char buf[128];
	int w;

	if(n < 1)
		return;
	snprint(buf, sizeof buf, "%s(%s)", av[0], n > 1 ? av[1] : "");
	w = Width - 2*strlen(buf);
	if(w < 1)
		w = 1;
	Bprint(&bout, "%s%*s%s\n", buf, w, "", buf);
	blank = 0;
	space();
}

static void
request(char *s)
{
	char *av[Maxargs], name[4];
	int n;

	s++;
	while(*s == ' ')
		s++;
	for(n = 0; n < 2 && *s != 0 && *s != ' ' && *s != '\t'; n++)
		name[n] = *s++;
	name[n] = 0;
	n = args(s, av);
	if(strcmp(name, "TH") == 0)
		title(n, av);
	else if(strcmp(name, "SH") == 0)
		heading(n, av, 0);
	else if(strcmp(name, "SS") == 0)
		heading(n, av, 3);
	else if(strcmp(name, "PP") == 0 || strcmp(name, "LP") == 0 || strcmp(name, "HP") == 0){
		parspace();
		ind = base;
		tagnext = 0;
	}else if(strcmp(name, "TP") == 0){
		parspace();
		tagind = base + ens(n > 0 ? av[0] : nil, Tabind);
		tagnext = 1;
	}else if(strcmp(name, "IP") == 0){
		parspace();
		tagind = base + ens(n > 1 ? av[1] : nil, Tabind);
		if(n > 0){
			tagnext = 1;
			text(av[0]);
		}else
			ind = tagind;
	}else if(strcmp(name, "RS") == 0){
		flushline();
		if(nrs < nelem(rs))
			rs[nrs++] = base;
		base += ens(n > 0 ? av[0] : nil, Tabind);
		ind = base;
	}else if(strcmp(name, "RE") == 0){
		flushline();
		if(nrs > 0)
			base = rs[--nrs];
		ind = base;
	}else if(strcmp(name, "EX") == 0 || strcmp(name, "nf") == 0){
		flushline();
		fill = 0;
	}else if(strcmp(name, "EE") == 0 || strcmp(name, "fi") == 0){
		flushline();
		fill = 1;
	}else if(strcmp(name, "br") == 0)
		flushline();
	else if(strcmp(name, "sp") == 0)
		space();
	else if(strcmp(name, "PD") == 0)
		pd = n == 0 || ens(av[0], 1) != 0;
	else if(strcmp(name, "B") == 0 || strcmp(name, "I") == 0 || strcmp(name, "L") == 0
	|| strcmp(name, "SM") == 0 || strcmp(name, "SB") == 0)
		font(n, av, 0);
	else if(strlen(name) == 2 && strchr("BILR", name[0]) && strchr("BILR", name[1]))
		font(n, av, 1);
	/* anything else (.PD, .in, .\" ...) is ignored */
}

static void
format(Biobuf *b)
{
	char *s;

	fill = pd = 1;
	base = ind = Body;
	nrs = tagnext = join = 0;
	while((s = Brdstr(b, '\n', 1)) != nil){
		if(s[0] == '.' || s[0] == '\'')
			request(s);
		else
			text(s);
		free(s);
	}
	flushline();
}

/* the sections, the directories of manroot named by a number, in order */
static int
sections(char **sec, int max)
{
	Dir *d;
	long i, n;
	int fd, ns;

	fd = open(manroot, OREAD);
	if(fd < 0)
		sysfatal("%s: %r", manroot);
	n = dirreadall(fd, &d);
	close(fd);
	ns = 0;
	for(i = 0; i < n && ns < max; i++)
		if((d[i].mode & DMDIR) && isdigit(d[i].name[0]))
			sec[ns++] = estrdup(d[i].name);
	free(d);
	return ns;
}

static int
numcmp(void *a, void *b)
{
	return strtol(*(char**)a, nil, 10) - strtol(*(char**)b, nil, 10);
}

static int
issection(char *s)
{
	char *p;
	Dir *d;
	int r;

	p = smprint("%s/%s", manroot, s);
	d = dirstat(p);
	r = d != nil && (d->mode & DMDIR);
	free(d);
	free(p);
	return r;
}

/* print the page at path; 0 if there is none */
static int
page(char *path, int wflag)
{
	Biobuf *b;
	Dir *d;
	int isdir;

	d = dirstat(path);
	if(d == nil)
		return 0;
	isdir = d->mode & DMDIR;
	free(d);
	if(isdir)
		return 0;
	if(wflag){
		Bprint(&bout, "%s\n", path);
		return 1;
	}
	b = Bopen(path, OREAD);
	if(b == nil)
		return 0;
	if(!blank)
		space();
	format(b);
	Bterm(b);
	return 1;
}

static char*
lower(char *s)
{
	char *p;

	s = estrdup(s);
	for(p = s; *p; p++)
		*p = tolower(*p);
	return s;
}

/* the NAME section of the page at path as one line, or nil */
static char*
nameline(char *path)
{
	Biobuf *b;
	char *s, *r, *t;
	int in;

	b = Bopen(path, OREAD);
	if(b == nil)
		return nil;
	r = nil;
	in = 0;
	while((s = Brdstr(b, '\n', 1)) != nil){
		if(strncmp(s, ".SH", 3) == 0){
			if(in){
				free(s);
				break;
			}
			in = strstr(s, "NAME") != nil;
		}else if(in && s[0] != '.'){
			escapes(s);
			t = r == nil ? estrdup(s) : smprint("%s %s", r, s);
			free(r);
			r = t;
		}
		free(s);
	}
	Bterm(b);
	return r;
}

/* man -k: each page whose NAME section holds word, ignoring case */
static int
keyword(char *word)
{
	char *sec[Maxsec], *path, *nl, *low;
	Dir *d;
	long i, n;
	int j, ns, fd, found;

	found = 0;
	word = lower(word);
	ns = sections(sec, nelem(sec));
	qsort(sec, ns, sizeof sec[0], numcmp);
	for(j = 0; j < ns; j++){
		path = smprint("%s/%s", manroot, sec[j]);
		fd = open(path, OREAD);
		free(path);
		if(fd < 0)
			continue;
		n = dirreadall(fd, &d);
		close(fd);
		for(i = 0; i < n; i++){
			path = smprint("%s/%s/%s", manroot, sec[j], d[i].name);
			nl = nameline(path);
			free(path);
			if(nl == nil)
				continue;
			low = lower(nl);
			if(strstr(low, word) != nil){
				Bprint(&bout, "%s(%s): %s\n", d[i].name, sec[j], nl);
				found = 1;
			}
			free(low);
			free(nl);
		}
		free(d);
	}
	return found;
}

void
main(int argc, char *argv[])
{
	char *sec[Maxsec], *path, *name, *status;
	int i, j, ns, kflag, wflag, found;

	kflag = wflag = 0;
	ARGBEGIN{
	case 'k':
		kflag = 1;
		break;
	case 'w':
		wflag = 1;
		break;
	default:
		usage();
	}ARGEND
	Binit(&bout, 1, OWRITE);
	blank = 1;
	if(kflag){
		if(argc != 1 || wflag)
			usage();
		if(!keyword(argv[0])){
			Bflush(&bout);
			fprint(2, "man: %s: nothing appropriate\n", argv[0]);
			exits("no match");
		}
		Bterm(&bout);
		exits(nil);
	}
	ns = 0;
	while(argc > 1 && ns < nelem(sec) && issection(argv[0])){
		sec[ns++] = argv[0];
		argc--;
		argv++;
	}
	if(argc == 0)
		usage();
	if(ns == 0){
		ns = sections(sec, nelem(sec));
		qsort(sec, ns, sizeof sec[0], numcmp);
	}
	status = nil;
	for(i = 0; i < argc; i++){
		name = lower(argv[i]);
		found = 0;
		for(j = 0; j < ns && strchr(name, '/') == nil; j++){
			path = smprint("%s/%s/%s", manroot, sec[j], name);
			found += page(path, wflag);
			free(path);
		}
		if(!found){
			Bflush(&bout);
			fprint(2, "man: %s: no manual page\n", argv[i]);
			status = "no man";
		}
		free(name);
	}
	Bterm(&bout);
	exits(status);
}
