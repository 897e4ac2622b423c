/*
 * Pattern matching (~, switch) and file name globbing.
 *
 * Patterns come from expand.c: a GLOB byte before * ? [ says the
 * character is a pattern character; anything else matches itself.
 * Globbing lists directories through listdir (exec.c on 9q; the
 * unit test supplies a made-up tree) one path element at a time.
 */
#include "rc.h"

/*
 * A class after [: r in it?  *end is set past the ]; -1 if there is
 * no ], so that the [ is taken literally.
 */
static int
matchclass(Rune r, char *p, char **end)
{
	Rune lo, hi;
	int not, in;

	not = 0;
	in = 0;
	if(*p == '~'){
		not = 1;
		p++;
	}
	for(;;){
		while(*p == GLOB)
			p++;
		if(*p == 0)
			return -1;
		if(*p == ']')
			break;
		p += chartorune(&lo, p);
		hi = lo;
		if(*p == '-' && p[1] != ']' && p[1] != 0){
			p++;
			while(*p == GLOB)
				p++;
			if(*p == 0)
				return -1;
			p += chartorune(&hi, p);
		}
		if(lo <= r && r <= hi)
			in = 1;
	}
	*end = p+1;
	return in != not;
}

/* does s match the marked pattern p?  A pattern character never matches / */
int
match(char *s, char *p)
{
	Rune r, pr;
	char *end;
	int in;

	for(;;){
		if(*p == GLOB){
			switch(p[1]){
			case '*':
				p += 2;
				for(;;){
					if(match(s, p))
						return 1;
					if(*s == 0 || *s == '/')
						return 0;
					s += chartorune(&r, s);
				}
			case '?':
				if(*s == 0 || *s == '/')
					return 0;
				s += chartorune(&r, s);
				p += 2;
				continue;
			case '[':
				if(*s == 0 || *s == '/')
					return 0;
				in = matchclass(0, p+2, &end);
				if(in < 0){
					p++;	/* no ]: a plain [ */
					break;
				}
				s += chartorune(&r, s);
				if(!matchclass(r, p+2, &end))
					return 0;
				p = end;
				continue;
			default:
				p++;
				continue;
			}
		}
		if(*p == 0)
			return *s == 0;
		p += chartorune(&pr, p);
		s += chartorune(&r, s);
		if(r != pr)
			return 0;
		if(r == 0)
			return 0;
	}
}

static int
hasglob(char *s)
{
	return strchr(s, GLOB) != nil;
}

static char*
pathjoin(char *dir, char *name, int n)
{
	usize nd;
	char *s;

	nd = strlen(dir);
	s = emallocz(nd + n + 1);
	memmove(s, dir, nd);
	memmove(s+nd, name, n);
	return s;
}

/* list dir, a prefix as globat has it: "" is ., a trailing / goes */
static int
lsdir(char *dir, Word **out)
{
	char *d;
	usize n;
	int r;

	if(*dir == 0)
		return listdir(".", out);
	d = estrdupz(dir);
	for(n = strlen(d); n > 1 && d[n-1] == '/'; n--)
		d[n-1] = 0;
	r = listdir(d, out);
	free(d);
	return r;
}

/*
 * The names matching pat under dir (a prefix ending in / or empty
 * for the current directory), onto *out.
 */
static void
globat(char *dir, char *pat, Word **out)
{
	char *slash, *comp, *path, *sub, *p;
	Word *names, *w, *d;
	int n;

	while(*pat == '/')
		pat++;
	slash = strchr(pat, '/');
	n = slash != nil ? slash - pat : strlen(pat);
	comp = pathjoin("", pat, n);
	if(lsdir(dir, &names) < 0){
		free(comp);
		return;
	}
	for(w = names; w != nil; w = w->next){
		if(!match(w->s, comp))
			continue;
		path = pathjoin(dir, w->s, strlen(w->s));
		if(slash != nil){
			/* more to come: this must be a directory */
			sub = pathjoin(path, "/", 1);
			for(p = slash; *p == '/'; p++)
				;
			if(*p != 0)
				globat(sub, slash+1, out);
			else if(lsdir(sub, &d) >= 0){
				freewords(d);
				*out = newword(sub, *out);
			}
			free(sub);
		}else
			*out = newword(path, *out);
		free(path);
	}
	freewords(names);
	free(comp);
}

/* one pattern's matches, sorted; nil if none */
static Word*
globword(char *pat)
{
	Word *out;
	char *dir;
	char *p;
	int n;

	out = nil;
	/* the directory part up to the first pattern character is plain */
	p = strchr(pat, GLOB);
	for(n = p - pat; n > 0 && pat[n-1] != '/'; n--)
		;
	dir = pathjoin("", pat, n);
	globat(dir, pat+n, &out);
	free(dir);
	return sortwords(out);
}

/* expand file name patterns in w, which is consumed */
int
globwords(Word *w, Word **out)
{
	Word *head, *g, *next;

	head = nil;
	for(; w != nil; w = next){
		next = w->next;
		w->next = nil;
		g = nil;
		if(hasglob(w->s))
			g = globword(w->s);
		if(g == nil){
			deglob(w->s);
			g = w;
		}else
			freewords(w);
		head = appendwords(head, g);
	}
	*out = head;
	return 0;
}

/* merge sort by strcmp, as rc sorts each pattern's matches */
Word*
sortwords(Word *w)
{
	Word *a, *b, *head, **tail;
	int n, i;

	n = countwords(w);
	if(n < 2)
		return w;
	a = w;
	for(i = 1; i < n/2; i++)
		w = w->next;
	b = w->next;
	w->next = nil;
	a = sortwords(a);
	b = sortwords(b);
	head = nil;
	tail = &head;
	while(a != nil && b != nil){
		if(strcmp(a->s, b->s) <= 0){
			*tail = a;
			a = a->next;
		}else{
			*tail = b;
			b = b->next;
		}
		tail = &(*tail)->next;
	}
	*tail = a != nil ? a : b;
	return head;
}
