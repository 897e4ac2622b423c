/*
 * Running commands: the tree walker.
 *
 * External commands, pipeline elements, background jobs, @ and `{}
 * run in forked children.  A child whose whole job is one simple
 * command execs it in place instead of forking again (tailexec).
 * Redirections are done in rc itself, saving the old descriptor and
 * putting it back afterwards, so that they work the same for
 * builtins, functions and blocks; children close the saved copies.
 */
#include "rc.h"

enum {
	Maxpipe		= 32,
	Maxsave		= 64,
	Maxapid		= 64,
	Maxdepth	= 100,	/* function calls */
};

typedef struct Save Save;
struct Save {
	int	fd;
	int	saved;	/* a copy of what fd was, -1 if it was not open */
};

int	interactive;
int	ifnot;		/* the last if's condition failed: if not runs */
static int	tailexec;	/* this child may exec its simple command in place */
static Save	saves[Maxsave];
static int	nsaves;
static int	apids[Maxapid];	/* background jobs not yet waited for */
static int	napids;
static int	depth;

static int
stopping(void)
{
	if(interrupted)
		abandon = 1;
	return abandon;
}

/* the saved copies must not live on in other programs */
static void
closesaves(void)
{
	int i;

	for(i = 0; i < nsaves; i++)
		if(saves[i].saved >= 0)
			close(saves[i].saved);
	nsaves = 0;
}

/* a new child of rc: default note handling, nothing of rc's own open */
static void
childsetup(void)
{
	interactive = 0;
	notify(nil);
	closesaves();
}

/*
 * Run t in this (child) process and exit with its status.  A simple
 * command, even under redirections or in braces, is exec'd in place.
 */
static void
runchild(Tree *t)
{
	Tree *s;

	while(t != nil && t->type == Tblock)
		t = t->left;
	for(s = t; s != nil && s->type == Tredir; s = s->right)
		;
	tailexec = s != nil && s->type == Tsimple;
	run(t);
	exits(truestatus() ? nil : getstatus());
}

void
addapid(int pid)
{
	if(napids < Maxapid)
		apids[napids++] = pid;
}

static int
delapid(int pid)
{
	int i;

	for(i = 0; i < napids; i++)
		if(apids[i] == pid){
			apids[i] = apids[--napids];
			return 1;
		}
	return 0;
}

/*
 * Wait for the n children in pids, their exit strings into st (each
 * allocated).  A note interrupts wait: the children got it too, so
 * go on waiting for them to finish.  Background jobs that end
 * meanwhile are forgotten.
 */
void
waitpids(int *pids, char **st, int n)
{
	char err[ERRMAX];
	Waitmsg *w;
	int i, left;

	for(i = 0; i < n; i++)
		st[i] = nil;
	for(left = n; left > 0; free(w)){
		w = wait();
		if(w == nil){
			rerrstr(err, sizeof err);
			if(strstr(err, "interrupt") != nil)
				continue;
			break;
		}
		for(i = 0; i < n; i++)
			if(pids[i] == w->pid && st[i] == nil){
				st[i] = estrdupz(w->msg != nil ? w->msg : "");
				left--;
				break;
			}
		if(i == n)
			delapid(w->pid);
	}
	for(i = 0; i < n; i++)
		if(st[i] == nil)
			st[i] = estrdupz("");
}

/* the wait builtin: for pid, or for every background job if pid is 0 */
void
waitapids(int pid)
{
	char err[ERRMAX];
	Waitmsg *w;
	int found, wpid;

	if(pid != 0 && !delapid(pid))
		return;
	if(pid != 0)
		addapid(pid);
	while(napids > 0 && !stopping()){
		w = wait();
		if(w == nil){
			rerrstr(err, sizeof err);
			if(strstr(err, "interrupt") != nil)
				continue;
			napids = 0;
			break;
		}
		wpid = w->pid;
		found = delapid(wpid);
		if(found)
			setstatus(w->msg != nil ? w->msg : "");
		free(w);
		if(found && wpid == pid)
			break;
	}
}

static int
abspath(char *s)
{
	return s[0] == '/' || s[0] == '#' || strncmp(s, "./", 2) == 0 || strncmp(s, "../", 3) == 0;
}

/* the file that running name would exec, for whatis; allocated, or nil */
char*
pathsearch(char *name)
{
	Word *p;
	char *file;

	if(abspath(name))
		return access(name, AEXEC) >= 0 ? estrdupz(name) : nil;
	for(p = varval("path"); p != nil; p = p->next){
		file = smprint("%s/%s", p->s, name);
		if(file != nil && access(file, AEXEC) >= 0)
			return file;
		free(file);
	}
	return nil;
}

/*
 * Exec args, looking the name up in $path; never returns.  The error
 * kept is the first one that says more than "does not exist".
 */
void
doexec(Word *args)
{
	char **argv, *file, err[ERRMAX], why[ERRMAX];
	Word *w, *p;
	int i;

	closesaves();
	argv = emallocz((countwords(args)+1) * sizeof(char*));
	for(i = 0, w = args; w != nil; w = w->next)
		argv[i++] = w->s;
	why[0] = 0;
	if(abspath(args->s)){
		exec(args->s, argv);
		rerrstr(why, sizeof why);
	}else for(p = varval("path"); p != nil; p = p->next){
		file = *p->s != 0 ? smprint("%s/%s", p->s, args->s) : estrdupz(args->s);
		if(file == nil)
			continue;
		exec(file, argv);
		free(file);
		rerrstr(err, sizeof err);
		if(why[0] == 0 || strstr(why, "does not exist") != nil)
			strecpy(why, why+sizeof why, err);
	}
	if(why[0] == 0)
		strecpy(why, why+sizeof why, "file does not exist");
	fprint(2, "%s: %s\n", args->s, why);
	exits(why);
}

static void
external(Word *args, int tail)
{
	char *st;
	int pid;

	updenv();
	if(tail)
		doexec(args);
	pid = fork();
	if(pid < 0){
		fprint(2, "rc: fork: %r\n");
		setstatus("fork failed");
		freewords(args);
		return;
	}
	if(pid == 0){
		childsetup();
		doexec(args);
	}
	freewords(args);
	waitpids(&pid, &st, 1);
	setstatus(st);
	free(st);
}

static void
callfn(Fn *f, Word *args)
{
	if(depth >= Maxdepth){
		rcerror("%s: function nesting too deep", args->s);
		freewords(args);
		return;
	}
	f->ref++;
	depth++;
	pushlocal("*", args->next);
	args->next = nil;
	freewords(args);
	run(f->body);
	poplocal();
	depth--;
	releasefn(f);
}

/* a command's words, expanded: a function, a builtin or a program */
static void
simple(Tree *t)
{
	Word *w, *args;
	Fn *f;
	int tail;

	tail = tailexec;
	tailexec = 0;
	if(expandwords(t->left, &w) < 0)
		return;
	globwords(w, &args);
	if(args == nil){
		setstatus("");	/* only redirections, or words that came to nothing */
		return;
	}
	if((f = lookfn(args->s)) != nil)
		callfn(f, args);
	else if(isbuiltin(args->s)){
		runbuiltin(args);
		freewords(args);
	}else
		external(args, tail);
}

/* remember fd so that it can be put back */
static int
savefd(int fd)
{
	if(nsaves == Maxsave){
		rcerror("too many redirections");
		return -1;
	}
	saves[nsaves].fd = fd;
	saves[nsaves].saved = dup(fd, -1);
	nsaves++;
	return 0;
}

static void
restorefds(int mark)
{
	Save *s;

	while(nsaves > mark){
		s = &saves[--nsaves];
		if(s->saved >= 0){
			dup(s->saved, s->fd);
			close(s->saved);
		}else
			close(s->fd);
	}
}

/* open the target of a redirection; -1 with status set on failure */
/*
 * <<tag: a child writes the document into a pipe that the command
 * reads; nobody waits for the child (RFNOWAIT), so a long document
 * cannot block rc.
 */
static int
openhere(Tree *t)
{
	char *doc;
	int p[2];

	if(pipe(p) < 0){
		rcerror("pipe: %r");
		return -1;
	}
	doc = t->left->quoted ? estrdupz(t->str) : heresubst(t->str);
	switch(rfork(RFPROC|RFFDG|RFNOWAIT)){
	case -1:
		rcerror("fork: %r");
		close(p[1]);
		close(p[0]);
		p[0] = -1;
		break;
	case 0:
		childsetup();
		close(p[0]);
		write(p[1], doc, strlen(doc));
		exits(nil);
	default:
		close(p[1]);
	}
	free(doc);
	return p[0];
}

static int
openredir(Tree *t)
{
	Word *w, *g;
	int fd;

	if(t->rtype == Rdhere)
		return openhere(t);
	if(expandword(t->left, &w) < 0)
		return -1;
	globwords(w, &g);
	if(g == nil || g->next != nil){
		freewords(g);
		rcerror("redirection needs one file name");
		return -1;
	}
	switch(t->rtype){
	case Rdread:
		fd = open(g->s, OREAD);
		break;
	case Rdappend:
		fd = open(g->s, OWRITE);
		if(fd >= 0){
			seek(fd, 0, SEEKEND);
			break;
		}
		/* fall through: make it */
	default:
		fd = create(g->s, OWRITE, 0666);
		break;
	}
	if(fd < 0){
		fprint(2, "rc: can't open %s: %r\n", g->s);
		setstatus("can't open");
	}
	freewords(g);
	return fd;
}

static int
applyredir(Tree *t)
{
	int fd;

	if(t->rtype == Rddup || t->rtype == Rdclose){
		if(savefd(t->fd0) < 0)
			return -1;
		if(t->rtype == Rdclose)
			close(t->fd0);
		else if(dup(t->fd1, t->fd0) < 0){
			fprint(2, "rc: dup: %r\n");
			setstatus("can't dup");
			return -1;
		}
		return 0;
	}
	fd = openredir(t);
	if(fd < 0)
		return -1;
	if(fd != t->fd0){
		if(savefd(t->fd0) < 0){
			close(fd);
			return -1;
		}
		dup(fd, t->fd0);
		close(fd);
	}
	return 0;
}

static void
redirected(Tree *t)
{
	int mark;

	mark = nsaves;
	if(applyredir(t) == 0)
		run(t->right);
	restorefds(mark);
}

static void
assign(Tree *t)
{
	char *name;
	Word *w, *val;

	if(expandname(t->left, &name) < 0)
		return;
	if(expandword(t->right, &w) < 0){
		free(name);
		return;
	}
	globwords(w, &val);
	if(t->third == nil){
		setvar(name, val);
		free(name);
		return;
	}
	pushlocal(name, val);
	free(name);
	run(t->third);
	poplocal();
}

/* the elements of a left-leaning chain of pipes, and the pipes between */
static int
flattenpipe(Tree *t, Tree **elem, Tree **pipes)
{
	int n;

	if(t->type != Tpipe){
		elem[0] = t;
		return 1;
	}
	n = flattenpipe(t->left, elem, pipes);
	if(n < 0 || n >= Maxpipe)
		return -1;
	pipes[n-1] = t;
	elem[n] = t->right;
	return n+1;
}

/* move fd to want in a child; nothing if it is already there */
static void
movefd(int fd, int want)
{
	if(fd == want)
		return;
	dup(fd, want);
	close(fd);
}

/*
 * a | b | c: every element in its own child, the parent holding no
 * pipe end longer than it must (or readers never see end of file).
 */
static void
pipeline(Tree *t)
{
	Tree *elem[Maxpipe], *pipes[Maxpipe];
	int pids[Maxpipe], p[2], n, i, npid, in, infd;
	char *st[Maxpipe];
	Word *sts;

	n = flattenpipe(t, elem, pipes);
	if(n < 0){
		rcerror("pipeline too long");
		return;
	}
	updenv();
	in = -1;
	infd = 0;
	npid = 0;
	for(i = 0; i < n; i++){
		p[0] = p[1] = -1;
		if(i < n-1 && pipe(p) < 0){
			fprint(2, "rc: pipe: %r\n");
			break;
		}
		pids[npid] = fork();
		if(pids[npid] == 0){
			childsetup();
			if(in >= 0)
				movefd(in, infd);
			if(i < n-1){
				if(p[0] != pipes[i]->fd0)
					close(p[0]);
				movefd(p[1], pipes[i]->fd0);
			}
			runchild(elem[i]);
		}
		if(in >= 0)
			close(in);
		in = -1;
		if(i < n-1){
			close(p[1]);
			in = p[0];
			infd = pipes[i]->fd1;
		}
		if(pids[npid] < 0){
			fprint(2, "rc: fork: %r\n");
			break;
		}
		npid++;
	}
	if(in >= 0)
		close(in);
	waitpids(pids, st, npid);
	sts = nil;
	for(i = npid-1; i >= 0; i--){
		sts = newword(st[i], sts);
		free(st[i]);
	}
	if(npid < n)
		sts = appendwords(sts, newword("pipeline failed", nil));
	st[0] = joinwords(sts, "|");
	setstatus(st[0]);
	free(st[0]);
	freewords(sts);
}

/* cmd &: its own note group, so that DEL at the console spares it */
static void
async(Tree *t)
{
	char buf[16];
	int pid, fd;

	updenv();
	pid = rfork(RFPROC|RFFDG|RFNOTEG);
	if(pid < 0){
		fprint(2, "rc: fork: %r\n");
		setstatus("fork failed");
		return;
	}
	if(pid == 0){
		childsetup();
		fd = open("/dev/null", OREAD);
		if(fd >= 0)
			movefd(fd, 0);
		runchild(t);
	}
	addapid(pid);
	snprint(buf, sizeof buf, "%d", pid);
	setvarstr("apid", buf);
}

static void
subshell(Tree *t)
{
	char *st;
	int pid;

	updenv();
	pid = fork();
	if(pid < 0){
		fprint(2, "rc: fork: %r\n");
		setstatus("fork failed");
		return;
	}
	if(pid == 0){
		childsetup();
		runchild(t);
	}
	waitpids(&pid, &st, 1);
	setstatus(st);
	free(st);
}

/* `{cmd}: its output split at the characters of $ifs */
int
backquote(Tree *t, Word **out)
{
	char *buf, *nb, *ifs, *s, *e, *st;
	long n, len, max;
	Word *head, **tail;
	int p[2], pid;

	*out = nil;
	if(pipe(p) < 0){
		rcerror("pipe: %r");
		return -1;
	}
	updenv();
	pid = fork();
	if(pid < 0){
		close(p[0]);
		close(p[1]);
		rcerror("fork: %r");
		return -1;
	}
	if(pid == 0){
		childsetup();
		close(p[0]);
		movefd(p[1], 1);
		runchild(t);
	}
	close(p[1]);
	max = 512;
	len = 0;
	buf = emallocz(max+1);
	while((n = read(p[0], buf+len, max-len)) > 0){
		len += n;
		if(len == max){
			nb = emallocz(2*max+1);
			memmove(nb, buf, len);
			free(buf);
			buf = nb;
			max *= 2;
		}
	}
	close(p[0]);
	waitpids(&pid, &st, 1);
	free(st);
	buf[len] = 0;
	ifs = joinwords(varval("ifs"), "");
	head = nil;
	tail = &head;
	for(s = buf; *s != 0; s = e){
		while(*s != 0 && strchr(ifs, *s) != nil)
			s++;
		for(e = s; *e != 0 && strchr(ifs, *e) == nil; e++)
			;
		if(e == s)
			break;
		*tail = emallocz(sizeof(Word));
		(*tail)->s = emallocz(e-s+1);
		memmove((*tail)->s, s, e-s);
		tail = &(*tail)->next;
	}
	free(ifs);
	free(buf);
	*out = head;
	return 0;
}

static void
forloop(Tree *t)
{
	char *name;
	Word *w, *list;

	if(expandname(t->left, &name) < 0)
		return;
	if(t->right == nil)
		list = copywords(varval("*"));
	else if(expandword(t->right, &w) < 0){
		free(name);
		return;
	}else
		globwords(w, &list);
	for(w = list; w != nil && !stopping(); w = w->next){
		setvarstr(name, w->s);
		run(t->third);
	}
	free(name);
	freewords(list);
}

static void
whileloop(Tree *t)
{
	for(;;){
		run(t->left);
		if(stopping())
			return;
		if(!truestatus())
			break;
		run(t->right);
		if(stopping())
			return;
	}
	setstatus("");
}

/* any subject word matching any of the patterns? */
static int
matches(Word *subj, Tree *pats, int *err)
{
	Word *p, *s, *pl;
	int found;

	*err = 0;
	if(expandwords(pats, &pl) < 0){
		*err = 1;
		return 0;
	}
	found = 0;
	for(s = subj; s != nil && !found; s = s->next)
		for(p = pl; p != nil && !found; p = p->next)
			found = match(s->s, p->s);
	freewords(pl);
	return found;
}

static Word*
subject(Tree *t, int *err)
{
	Word *w, *x;

	*err = expandword(t, &w) < 0;
	for(x = w; x != nil; x = x->next)
		deglob(x->s);
	return w;
}

static void
matchcmd(Tree *t)
{
	Word *subj;
	int err, m;

	subj = subject(t->left, &err);
	if(err)
		return;
	m = matches(subj, t->right, &err);
	freewords(subj);
	if(!err)
		setstatus(m ? "" : "no match");
}

/*
 * The body of a switch is a list of commands with case labels among
 * them: find the first label that matches, run up to the next one.
 * state: 0 looking, 1 running, 2 done.
 */
static int
switchwalk(Tree *t, Word *subj, int state)
{
	int err;

	if(t == nil || state == 2 || stopping())
		return 2;
	switch(t->type){
	case Tseq:
		state = switchwalk(t->left, subj, state);
		return switchwalk(t->right, subj, state);
	case Tcase:
		if(state == 1)
			return 2;
		if(matches(subj, t->left, &err))
			return 1;
		return err ? 2 : 0;
	}
	if(state == 1)
		run(t);
	return state;
}

static void
switchcmd(Tree *t)
{
	Word *subj;
	int err;

	subj = subject(t->left, &err);
	if(err)
		return;
	switchwalk(t->right->left, subj, 0);
	freewords(subj);
}

static void
fndef(Tree *t)
{
	char *name;

	if(expandname(t->left, &name) < 0)
		return;
	if(t->right != nil){
		deffn(name, t->right);
		exportfn(name, t->right);
	}else{
		delfn(name);
		unexportfn(name);
	}
	free(name);
}

void
run(Tree *t)
{
	if(t == nil || stopping())
		return;
	switch(t->type){
	case Tsimple:
		simple(t);
		break;
	case Tredir:
		redirected(t);
		break;
	case Tassign:
		assign(t);
		break;
	case Tblock:
		run(t->left);
		break;
	case Tseq:
		run(t->left);
		run(t->right);
		break;
	case Tasync:
		async(t->left);
		break;
	case Tpipe:
		pipeline(t);
		break;
	case Tand:
		run(t->left);
		if(!stopping() && truestatus())
			run(t->right);
		break;
	case Tor:
		run(t->left);
		if(!stopping() && !truestatus())
			run(t->right);
		break;
	case Tnot:
		run(t->left);
		if(!stopping())
			setstatus(truestatus() ? "false" : "");
		break;
	case Tsubshell:
		subshell(t->left);
		break;
	case Tif:
		run(t->left);
		if(stopping())
			break;
		if(truestatus()){
			run(t->right);
			ifnot = 0;
		}else
			ifnot = 1;
		break;
	case Tifnot:
		if(ifnot)
			run(t->left);
		break;
	case Tfor:
		forloop(t);
		break;
	case Twhile:
		whileloop(t);
		break;
	case Tswitch:
		switchcmd(t);
		break;
	case Tcase:
		break;	/* a label: switchwalk looks for them */
	case Tmatch:
		matchcmd(t);
		break;
	case Tfn:
		fndef(t);
		break;
	default:
		rcerror("unknown command type %d", t->type);
	}
}

/* the directory's names, for globbing */
int
listdir(char *dir, Word **out)
{
	Dir *d;
	long i, n;
	int fd;

	*out = nil;
	fd = open(dir, OREAD);
	if(fd < 0)
		return -1;
	n = dirreadall(fd, &d);
	close(fd);
	if(n < 0)
		return -1;
	for(i = 0; i < n; i++)
		*out = newword(d[i].name, *out);
	free(d);
	return 0;
}
