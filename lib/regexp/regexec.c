/*
 * regexec: run a program from regcomp as a Pike VM.  Every thread
 * steps over the string in one pass, each carrying its own submatch
 * pointers, so the time is linear in the string whatever the pattern
 * (no backtracking).
 *
 * Leftmost-longest, as Plan 9's: threads are kept in the order they
 * started, and a thread reaching an instruction another already holds
 * is dropped; the one kept started no later, and among those started
 * together it made the earlier choices (the first alternative, one
 * more repetition).  A match replaces the best so far if it starts
 * earlier, or starts there too and ends later.
 */
#include <u.h>
#include <libc.h>
#include <regexp.h>
#include "regimpl.h"

typedef struct List List;
typedef struct Machine Machine;

/* the threads at one position: pc[i] and its pointers cap[i*ncap...] */
struct List {
	int	n;
	int	*pc;
	char	**cap;
};

struct Machine {
	Reprog	*prog;
	char	*bol;		/* the string: ^ matches here or after a newline */
	char	*eol;		/* $ matches here (nil: at the NUL) or before a newline */
	int	ncap;
	uint	*mark;		/* mark[pc] == gen: pc is in the list being built */
	uint	gen;
	List	list[2];
	char	**cap;		/* pointers of the thread being added */
	char	**best;		/* of the best match */
	int	found;
};

static int
inclass(Reclass *c, Rune r)
{
	int i;

	for(i = 0; i < c->nrange; i++)
		if(c->range[2*i] <= r && r <= c->range[2*i+1])
			return !c->neg;
	return c->neg;
}

static int
atbol(Machine *m, char *sp)
{
	return sp == m->bol || sp[-1] == '\n';
}

static int
ateol(Machine *m, char *sp)
{
	return sp == m->eol || *sp == 0 || *sp == '\n';
}

/* add the thread at pc, following jumps and zero-width steps */
static void
addthread(Machine *m, List *l, int pc, char *sp)
{
	Reinst *i;
	char *old;

	if(m->mark[pc] == m->gen)
		return;
	m->mark[pc] = m->gen;
	i = &m->prog->inst[pc];
	switch(i->op){
	case Ijmp:
		addthread(m, l, i->x, sp);
		return;
	case Isplit:
		addthread(m, l, i->x, sp);
		addthread(m, l, i->y, sp);
		return;
	case Isave:
		if(i->n >= m->ncap){
			addthread(m, l, pc+1, sp);
			return;
		}
		old = m->cap[i->n];
		m->cap[i->n] = sp;
		addthread(m, l, pc+1, sp);
		m->cap[i->n] = old;
		return;
	case Ibol:
		if(atbol(m, sp))
			addthread(m, l, pc+1, sp);
		return;
	case Ieol:
		if(ateol(m, sp))
			addthread(m, l, pc+1, sp);
		return;
	}
	l->pc[l->n] = pc;
	memmove(&l->cap[l->n*m->ncap], m->cap, m->ncap*sizeof(char*));
	l->n++;
}

static void
newmatch(Machine *m, char **cap)
{
	if(m->found)
	if(cap[0] > m->best[0] || cap[0] == m->best[0] && cap[1] <= m->best[1])
		return;
	memmove(m->best, cap, m->ncap*sizeof(char*));
	m->found = 1;
}

/* does thread pc, at rune r, go on to the next position? */
static int
consumes(Machine *m, int pc, Rune r)
{
	Reinst *i;

	if(r == 0)
		return 0;
	i = &m->prog->inst[pc];
	switch(i->op){
	case Irune:
		return r == i->r;
	case Iany:
		return r != '\n';
	case Ianynl:
		return 1;
	case Iclass:
		return inclass(&m->prog->class[i->n], r);
	}
	return 0;
}

/* the machine's lists and pointers, in one block */
static int
setup(Machine *m, Reprog *prog, int ncap)
{
	uchar *p;
	int n;

	n = prog->ninst;
	p = malloc(n*sizeof(uint) + 2*n*sizeof(int) + (2*n + 2)*ncap*sizeof(char*));
	if(p == nil)
		return -1;
	m->prog = prog;
	m->ncap = ncap;
	m->cap = (char**)p;
	m->best = m->cap + ncap;
	m->list[0].cap = m->best + ncap;
	m->list[1].cap = m->list[0].cap + n*ncap;
	m->list[0].pc = (int*)(m->list[1].cap + n*ncap);
	m->list[1].pc = m->list[0].pc + n;
	m->mark = (uint*)(m->list[1].pc + n);
	memset(m->mark, 0, n*sizeof(uint));
	m->gen = 0;
	m->found = 0;
	return 0;
}

static int
run(Machine *m, char *start, int anymatch)
{
	List *clist, *nlist, *t;
	char *sp, **cap;
	Rune r;
	int i, w;

	clist = &m->list[0];
	nlist = &m->list[1];
	clist->n = 0;
	m->gen++;
	for(sp = start;; sp += w){
		if(!m->found){
			memset(m->cap, 0, m->ncap*sizeof(char*));
			addthread(m, clist, 0, sp);
		}
		if(clist->n == 0 && m->found)
			break;
		r = 0;
		w = 0;
		if(sp != m->eol && *sp != 0)
			w = chartorune(&r, sp);
		nlist->n = 0;
		m->gen++;
		for(i = 0; i < clist->n; i++){
			cap = &clist->cap[i*m->ncap];
			if(m->found && cap[0] > m->best[0])
				continue;	/* can only lose to the match in hand */
			if(m->prog->inst[clist->pc[i]].op == Imatch){
				newmatch(m, cap);
				if(anymatch)
					return 1;
				continue;
			}
			if(consumes(m, clist->pc[i], r)){
				memmove(m->cap, cap, m->ncap*sizeof(char*));
				addthread(m, nlist, clist->pc[i]+1, sp+w);
			}
		}
		t = clist;
		clist = nlist;
		nlist = t;
		if(w == 0)
			break;
	}
	return m->found;
}

int
regexec(Reprog *prog, char *s, Resub *match, int msize)
{
	Machine m;
	char *start;
	int i, ok, nsub;

	start = s;
	m.bol = s;
	m.eol = nil;
	if(match != nil && msize > 0){
		if(match[0].sp != nil)
			start = match[0].sp;
		if(match[0].ep != nil)
			m.eol = match[0].ep;
	}else
		msize = 0;
	nsub = msize < prog->nsub ? msize : prog->nsub;
	if(nsub < 1)
		nsub = 1;
	if(setup(&m, prog, 2*nsub) < 0)
		return -1;
	ok = run(&m, start, msize == 0);
	if(ok)
		for(i = 0; i < msize; i++){
			match[i].sp = i < nsub ? m.best[2*i] : nil;
			match[i].ep = i < nsub ? m.best[2*i+1] : nil;
		}
	free(m.cap);
	return ok;
}
