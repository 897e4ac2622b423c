/*
 * Variables and functions.
 *
 * A variable's value is a list of strings; the empty list and an
 * unset variable are the same thing.  Local values (x=1 cmd, and $*
 * in a function call) are kept by saving the old value on a stack
 * and putting it back afterwards.  A changed variable is marked so
 * that updenv (env.c) writes it to /env before the next command runs.
 */
#include "rc.h"

enum {
	Nhash	= 64,
};

typedef struct Local Local;
struct Local {
	Var	*v;
	Word	*saved;
	Local	*next;
};

static Var	*vars[Nhash];
static Fn	*fns[Nhash];
static Local	*locals;

static uint
hash(char *s)
{
	uint h;

	h = 0;
	while(*s != 0)
		h = h*31 + *(uchar*)s++;
	return h % Nhash;
}

Var*
lookvar(char *name)
{
	Var *v;

	for(v = vars[hash(name)]; v != nil; v = v->next)
		if(strcmp(v->name, name) == 0)
			return v;
	return nil;
}

/* the variable, made if need be */
Var*
getvar(char *name)
{
	Var *v;
	uint h;

	v = lookvar(name);
	if(v != nil)
		return v;
	h = hash(name);
	v = emallocz(sizeof *v);
	v->name = estrdupz(name);
	v->next = vars[h];
	vars[h] = v;
	return v;
}

Word*
varval(char *name)
{
	Var *v;

	v = lookvar(name);
	return v == nil ? nil : v->val;
}

/* set name to val, which the variable now owns */
void
setvar(char *name, Word *val)
{
	Var *v;

	v = getvar(name);
	freewords(v->val);
	v->val = val;
	v->changed = 1;
}

void
setvarstr(char *name, char *s)
{
	setvar(name, newword(s, nil));
}

void
pushlocal(char *name, Word *val)
{
	Local *l;

	l = emallocz(sizeof *l);
	l->v = getvar(name);
	l->saved = l->v->val;
	l->next = locals;
	locals = l;
	l->v->val = val;
	l->v->changed = 1;
}

void
poplocal(void)
{
	Local *l;

	l = locals;
	if(l == nil)
		return;
	locals = l->next;
	freewords(l->v->val);
	l->v->val = l->saved;
	l->v->changed = 1;
	free(l);
}

void
forvars(void (*f)(Var*))
{
	Var *v;
	int i;

	for(i = 0; i < Nhash; i++)
		for(v = vars[i]; v != nil; v = v->next)
			f(v);
}

/* $status is set so often that it is not marked for /env */
void
setstatus(char *s)
{
	Var *v;

	v = getvar("status");
	freewords(v->val);
	v->val = newword(s, nil);
}

char*
getstatus(void)
{
	Word *w;

	w = varval("status");
	return w == nil ? "" : w->s;
}

/* success is empty, or a pipeline's successes: "", "|", "0|0" */
int
truestatus(void)
{
	char *s;

	for(s = getstatus(); *s != 0; s++)
		if(*s != '|' && *s != '0')
			return 0;
	return 1;
}

/* a pipeline's status: each element's joined by |, in a static buffer */
char*
concstatus(char *s, char *t)
{
	static char buf[512];

	snprint(buf, sizeof buf, "%s|%s", s, t);
	return buf;
}

Fn*
lookfn(char *name)
{
	Fn *f;

	for(f = fns[hash(name)]; f != nil; f = f->next)
		if(strcmp(f->name, name) == 0)
			return f;
	return nil;
}

static void
freefn(Fn *f)
{
	free(f->name);
	freearena(f->arena);
	free(f);
}

/* a call has finished with f */
void
releasefn(Fn *f)
{
	if(--f->ref == 0 && f->dead)
		freefn(f);
}

void
delfn(char *name)
{
	Fn **l, *f;

	for(l = &fns[hash(name)]; (f = *l) != nil; l = &f->next)
		if(strcmp(f->name, name) == 0){
			*l = f->next;
			f->dead = 1;
			if(f->ref == 0)
				freefn(f);
			return;
		}
}

/* define name with a copy of body: the line's tree is freed after it runs */
void
deffn(char *name, Tree *body)
{
	Fn *f;
	uint h;

	delfn(name);
	f = emallocz(sizeof *f);
	f->name = estrdupz(name);
	f->body = copytree(&f->arena, body);
	h = hash(name);
	f->next = fns[h];
	fns[h] = f;
}
