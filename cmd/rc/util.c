/*
 * Memory, word lists and error reports.
 */
#include "rc.h"

enum {
	Arenablock	= 4096,
};

int	abandon;
volatile int	interrupted;	/* set by the note handler (main.c) */

/* rc cannot go on without memory: say so and stop, as Plan 9's emalloc does */
void*
emallocz(usize n)
{
	void *p;

	p = malloc(n);
	if(p == nil){
		fprint(2, "rc: out of memory\n");
		exits("out of memory");
	}
	memset(p, 0, n);
	return p;
}

char*
estrdupz(char *s)
{
	usize n;
	char *p;

	n = strlen(s);
	p = emallocz(n+1);
	memmove(p, s, n);
	return p;
}

/*
 * A run-time error in the command line: report it, fail, and stop
 * the rest of the line (main decides whether rc goes on).
 */
void
rcerror(char *fmt, ...)
{
	char buf[256];
	va_list arg;

	va_start(arg, fmt);
	vsnprint(buf, sizeof buf, fmt, arg);
	va_end(arg);
	fprint(2, "rc: %s\n", buf);
	setstatus(buf);
	abandon = 1;
}

Arena*
newarena(void)
{
	Arena *a;

	a = emallocz(sizeof(Arena) + Arenablock);
	a->size = Arenablock;
	return a;
}

/* zeroed memory from the arena; big requests get a block of their own */
void*
arenaalloc(Arena **ap, usize n)
{
	Arena *a, *b;
	void *p;

	n = (n + 15) & ~(usize)15;
	a = *ap;
	if(a == nil || a->size - a->used < n){
		b = emallocz(sizeof(Arena) + (n > Arenablock ? n : Arenablock));
		b->size = n > Arenablock ? n : Arenablock;
		b->next = a;
		*ap = b;
		a = b;
	}
	p = a->data + a->used;
	a->used += n;
	return p;
}

char*
arenastrdup(Arena **ap, char *s)
{
	usize n;
	char *p;

	n = strlen(s);
	p = arenaalloc(ap, n+1);
	memmove(p, s, n);
	return p;
}

void
freearena(Arena *a)
{
	Arena *next;

	for(; a != nil; a = next){
		next = a->next;
		free(a);
	}
}

Word*
newword(char *s, Word *next)
{
	Word *w;

	w = emallocz(sizeof *w);
	w->s = estrdupz(s);
	w->next = next;
	return w;
}

Word*
copywords(Word *w)
{
	Word *head, **tail;

	head = nil;
	tail = &head;
	for(; w != nil; w = w->next){
		*tail = newword(w->s, nil);
		tail = &(*tail)->next;
	}
	return head;
}

void
freewords(Word *w)
{
	Word *next;

	for(; w != nil; w = next){
		next = w->next;
		free(w->s);
		free(w);
	}
}

int
countwords(Word *w)
{
	int n;

	for(n = 0; w != nil; w = w->next)
		n++;
	return n;
}

/* a followed by b; both are consumed */
Word*
appendwords(Word *a, Word *b)
{
	Word **tail;

	tail = &a;
	while(*tail != nil)
		tail = &(*tail)->next;
	*tail = b;
	return a;
}

/* the words separated by sep, in a new string */
char*
joinwords(Word *w, char *sep)
{
	usize n, ns;
	Word *x;
	char *s, *p;

	ns = strlen(sep);
	n = 1;
	for(x = w; x != nil; x = x->next)
		n += strlen(x->s) + ns;
	s = emallocz(n);
	p = s;
	for(x = w; x != nil; x = x->next){
		if(x != w){
			memmove(p, sep, ns);
			p += ns;
		}
		n = strlen(x->s);
		memmove(p, x->s, n);
		p += n;
	}
	*p = 0;
	return s;
}
