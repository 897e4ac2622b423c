/*
 * Builtins: the commands that must change rc itself.
 * Each gets the whole command (name first) and sets $status.
 */
#include "rc.h"

typedef struct Builtin Builtin;
struct Builtin {
	char	*name;
	void	(*fn)(Word*);
};

static void
fail(char *status, char *fmt, ...)
{
	char buf[256];
	va_list arg;

	va_start(arg, fmt);
	vsnprint(buf, sizeof buf, fmt, arg);
	va_end(arg);
	fprint(2, "%s\n", buf);
	setstatus(status);
}

static void
bcd(Word *a)
{
	char *dir;
	Word *home;

	a = a->next;
	if(a != nil && a->next != nil){
		fail("usage", "usage: cd [directory]");
		return;
	}
	if(a != nil)
		dir = a->s;
	else if((home = varval("home")) != nil)
		dir = home->s;
	else{
		fail("no home", "cd: no $home");
		return;
	}
	if(chdir(dir) < 0){
		fail("can't cd", "cd: %s: %r", dir);
		return;
	}
	setstatus("");
}

static void
bexit(Word *a)
{
	char *s;

	if(a->next == nil)
		s = truestatus() ? "" : getstatus();
	else
		s = a->next->s;
	exits(*s == 0 ? nil : s);
}

/* . [-i] file [arg...]: run the commands in file, in this rc */
static void
bdot(Word *a)
{
	Input *in;
	char *file;
	int fd;

	a = a->next;
	if(a != nil && strcmp(a->s, "-i") == 0)
		a = a->next;	/* rc's interactive flag: nothing to do here */
	if(a == nil){
		fail("usage", "usage: . [-i] file [arg ...]");
		return;
	}
	fd = open(a->s, OREAD);
	if(fd < 0 && strchr(a->s, '/') == nil && (file = pathsearch(a->s)) != nil){
		fd = open(file, OREAD);
		free(file);
	}
	if(fd < 0){
		fail("can't open", "%s: %r", a->s);
		return;
	}
	in = fdinput(fd, a->s, 0);
	if(a->next != nil)
		pushlocal("*", copywords(a->next));
	runinput(in, 0);
	if(a->next != nil)
		poplocal();
	freeinput(in);
	close(fd);
}

static void
beval(Word *a)
{
	char *s;

	s = joinwords(a->next, " ");
	runstring(s);
	free(s);
}

static void
bshift(Word *a)
{
	Word *star, *rest;
	long n;

	n = 1;
	if(a->next != nil)
		n = strtol(a->next->s, nil, 10);
	star = copywords(varval("*"));
	if(n < 0 || n > countwords(star)){
		freewords(star);
		fail("shift", "shift: not enough arguments");
		return;
	}
	for(; n > 0; n--){
		rest = star->next;
		star->next = nil;
		freewords(star);
		star = rest;
	}
	setvar("*", star);
	setstatus("");
}

static void
bwait(Word *a)
{
	setstatus("");
	waitapids(a->next != nil ? atoi(a->next->s) : 0);
}

/* rc's way of printing a value back: name=word or name=(list) */
static void
printvar(char *name, Word *v)
{
	Word *w;

	if(v != nil && v->next == nil){
		print("%s=%q\n", name, v->s);
		return;
	}
	print("%s=(", name);
	for(w = v; w != nil; w = w->next)
		print("%q%s", w->s, w->next != nil ? " " : "");
	print(")\n");
}

static void
bwhatis(Word *a)
{
	Var *v;
	Fn *f;
	char *s, *file;

	setstatus("");
	for(a = a->next; a != nil; a = a->next){
		v = lookvar(a->s);
		if(v != nil && v->val != nil)
			printvar(a->s, v->val);
		if((f = lookfn(a->s)) != nil){
			s = deparse(f->body);
			print("fn %s %s\n", a->s, s);
			free(s);
		}else if(isbuiltin(a->s))
			print("builtin %s\n", a->s);
		else if((file = pathsearch(a->s)) != nil){
			print("%s\n", file);
			free(file);
		}else if(v == nil || v->val == nil)
			fail("not found", "%s: not found", a->s);
	}
}

/* exec cmd: this rc becomes cmd */
static void
bexec(Word *a)
{
	if(a->next == nil){
		setstatus("");
		return;
	}
	updenv();
	doexec(a->next);
}

/* rfork [nNeEsfFm]: rc's process attributes, as rfork(2) */
static void
brfork(Word *a)
{
	static char letters[] = "nNeEsfFm";
	static int flags[] = { RFNAMEG, RFCNAMEG, RFENVG, RFCENVG, RFNOTEG, RFFDG, RFCFDG, RFNOMNT };
	char *s, *p;
	int f;

	f = RFENVG|RFNAMEG|RFNOTEG;
	if(a->next != nil){
		f = 0;
		for(s = a->next->s; *s != 0; s++){
			p = strchr(letters, *s);
			if(p == nil){
				fail("usage", "usage: rfork [nNeEsfFm]");
				return;
			}
			f |= flags[p - letters];
		}
	}
	if(rfork(f) < 0){
		fail("rfork", "rfork: %r");
		return;
	}
	setstatus("");
}

static Builtin builtins[] = {
	{ "cd", bcd },
	{ "exit", bexit },
	{ ".", bdot },
	{ "eval", beval },
	{ "shift", bshift },
	{ "wait", bwait },
	{ "whatis", bwhatis },
	{ "exec", bexec },
	{ "rfork", brfork },
};

int
isbuiltin(char *name)
{
	int i;

	for(i = 0; i < nelem(builtins); i++)
		if(strcmp(builtins[i].name, name) == 0)
			return 1;
	return 0;
}

void
runbuiltin(Word *a)
{
	int i;

	for(i = 0; i < nelem(builtins); i++)
		if(strcmp(builtins[i].name, a->s) == 0){
			builtins[i].fn(a);
			return;
		}
}
