/*
 * The environment: variables as files in /env, as Plan 9's rc keeps
 * them.  A value is its elements each followed by a NUL; the empty
 * list is no file.  rc reads them all when it starts and writes the
 * changed ones before it runs a program.  rc's own bookkeeping
 * variables are not written: every rc sets them for itself.
 *
 * Functions go as Plan 9's rc sends them: /env/fn#name holds the
 * text of the definition, `fn name {...}`, which a child rc runs
 * when it starts.  They are written when defined and removed when
 * deleted, so that every later child sees the change.
 */
#include "rc.h"

enum {
	Maxenv	= 64*1024,	/* longest value read */
};

static int	importing;	/* defining the functions found in /env */

static char *private[] = { "*", "status", "apid", "pid", "0" };

static int
exportable(char *name)
{
	int i;

	if(*name == 0 || strchr(name, '/') != nil || strcmp(name, ".") == 0 ||
	   strcmp(name, "..") == 0 || strlen(name) >= Maxname)
		return 0;
	for(i = 0; i < nelem(private); i++)
		if(strcmp(name, private[i]) == 0)
			return 0;
	return 1;
}

/* NUL-separated elements; a last one without its NUL counts too */
static Word*
splitenv(char *buf, long n)
{
	Word *head, **tail;
	char *s, *e, *z;

	if(n == 0)
		return newword("", nil);	/* putenv(x, ""): one empty string */
	head = nil;
	tail = &head;
	e = buf + n;
	for(s = buf; s < e; s = z+1){
		for(z = s; z < e && *z != 0; z++)
			;
		*tail = emallocz(sizeof(Word));
		(*tail)->s = emallocz(z-s+1);
		memmove((*tail)->s, s, z-s);
		tail = &(*tail)->next;
	}
	return head;
}

/* the contents of /env/name, at most Maxenv bytes, and their length in *n */
static char*
readenv(char *name, long *n)
{
	char path[Maxname+8], *buf;
	long m;
	int fd;

	snprint(path, sizeof path, "/env/%s", name);
	fd = open(path, OREAD);
	if(fd < 0)
		return nil;
	buf = emallocz(Maxenv+1);
	for(*n = 0; *n < Maxenv && (m = read(fd, buf+*n, Maxenv-*n)) > 0; *n += m)
		;
	close(fd);
	return buf;
}

/* fn#name: run its text, which defines the function */
static void
importfn(char *name)
{
	char *buf;
	long n;

	if(!exportable(name+3) || (buf = readenv(name, &n)) == nil)
		return;
	importing = 1;
	runstring(buf);
	importing = 0;
	free(buf);
}

static void
importvar(char *name)
{
	char *buf;
	long n;
	Var *v;

	if(strncmp(name, "fn#", 3) == 0){
		importfn(name);
		return;
	}
	if(!exportable(name) || (buf = readenv(name, &n)) == nil)
		return;
	setvar(name, splitenv(buf, n));
	free(buf);
	v = lookvar(name);
	v->changed = 0;		/* it is already there */
}

void
importenv(void)
{
	Dir *d;
	long i, n;
	int fd;

	fd = open("/env", OREAD);
	if(fd < 0)
		return;
	n = dirreadall(fd, &d);
	close(fd);
	for(i = 0; i < n; i++)
		importvar(d[i].name);
	if(n >= 0)
		free(d);
}

static void
exportvar(Var *v)
{
	char path[Maxname+8], *buf, *p;
	long n;
	Word *w;
	int fd;

	if(!v->changed)
		return;
	v->changed = 0;
	if(!exportable(v->name))
		return;
	snprint(path, sizeof path, "/env/%s", v->name);
	if(v->val == nil){
		remove(path);
		return;
	}
	n = 0;
	for(w = v->val; w != nil; w = w->next)
		n += strlen(w->s) + 1;
	buf = emallocz(n);
	p = buf;
	for(w = v->val; w != nil; w = w->next){
		strcpy(p, w->s);
		p += strlen(w->s) + 1;
	}
	fd = create(path, OWRITE, 0666);
	if(fd >= 0){
		write(fd, buf, n);
		close(fd);
	}
	free(buf);
}

void
updenv(void)
{
	forvars(exportvar);
}

/* fn name {...} was run: tell the children, unless it came from /env */
void
exportfn(char *name, Tree *body)
{
	char path[Maxname+8], *text;
	int fd;

	if(importing || !exportable(name))
		return;
	snprint(path, sizeof path, "/env/fn#%s", name);
	fd = create(path, OWRITE, 0666);
	if(fd < 0)
		return;
	text = deparse(body);
	fprint(fd, "fn %q %s\n", name, text);
	free(text);
	close(fd);
}

/* fn name, without a body: the children lose it too */
void
unexportfn(char *name)
{
	char path[Maxname+8];

	if(importing || !exportable(name))
		return;
	snprint(path, sizeof path, "/env/fn#%s", name);
	remove(path);
}
