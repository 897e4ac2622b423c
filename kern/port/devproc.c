/*
 * #p — one directory per process, named by pid:
 *	args	the argument list, quoted for rc
 *	ctl	write "kill" to end the process
 *	fd	the current directory, then one line per open file
 *	note	write a note to the process
 *	noteid	its note group
 *	notepg	write a note to every process in its note group
 *	ns	the name space as bind and mount commands
 *	status	name, user, state, times, memory, priority, as ps reads them
 * A qid.path is the pid shifted left by QSHIFT, or'd with the file.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

enum {
	Qdir,		/* #p itself */
	Qprocdir,	/* #p/pid */
	Qargs,
	Qctl,
	Qfd,
	Qnote,
	Qnoteid,
	Qnotepg,
	Qns,
	Qstatus,

	QSHIFT	= 8,
	NUMSIZE	= 12,
};

#define QID(pid, q)	(((uvlong)(pid)<<QSHIFT) | (q))
#define QPID(path)	((int)((path)>>QSHIFT))
#define QFILE(path)	((int)((path) & ((1<<QSHIFT)-1)))

static Dirtab procfiles[] = {
	"args",		{Qargs},	0,	0444,
	"ctl",		{Qctl},		0,	0200,
	"fd",		{Qfd},		0,	0444,
	"note",		{Qnote},	0,	0222,
	"noteid",	{Qnoteid},	0,	0444,
	"notepg",	{Qnotepg},	0,	0222,
	"ns",		{Qns},		0,	0444,
	"status",	{Qstatus},	0,	0444,
};

static char *statename[] = {
	[Dead]		"Dead",
	[Moribund]	"Moribund",
	[Ready]		"Ready",
	[Scheding]	"Scheding",
	[Running]	"Running",
	[Queueing]	"Queueing",
	[QueueingR]	"QueueingR",
	[QueueingW]	"QueueingW",
	[Wakeme]	"Wakeme",
	[Broken]	"Broken",
	[Stopped]	"Stopped",
	[Rendezvous]	"Rendez",
	[Waitrelease]	"Waitrelease",
};

/*
 * Directory entries.
 */
static void
procdirent(Chan *c, Proc *p, Dir *dp)
{
	Qid q;

	snprint(up->genbuf, sizeof up->genbuf, "%d", p->pid);
	mkqid(&q, QID(p->pid, Qprocdir), 0, QTDIR);
	devdir(c, q, up->genbuf, 0, p->user != nil ? p->user : eve, DMDIR|0555, dp);
}

/* the entries of #p: one per process; by name when walking */
static int
procsgen(Chan *c, char *name, int s, Dir *dp)
{
	Proc *p;
	char *e;
	long pid;

	if(name != nil){
		if(s > 0)	/* devwalk asks again only after a mismatch */
			return -1;
		pid = strtol(name, &e, 10);
		if(*e != '\0' || pid <= 0 || (p = pidlookup(pid)) == nil)
			return -1;
		procdirent(c, p, dp);
		return 1;
	}
	if(s >= nprocs())
		return -1;
	p = proctab(s);
	if(p == nil || p->pid == 0)
		return 0;
	procdirent(c, p, dp);
	return 1;
}

/* the files in a process's directory */
static int
procfilegen(Chan *c, int s, Dir *dp)
{
	Proc *p;
	Dirtab *t;
	Qid q;
	int pid;

	pid = QPID(c->qid.path);
	if(s >= nelem(procfiles) || (p = pidlookup(pid)) == nil)
		return -1;
	t = &procfiles[s];
	mkqid(&q, QID(pid, t->qid.path), 0, QTFILE);
	devdir(c, q, t->name, 0, p->user != nil ? p->user : eve, t->perm, dp);
	return 1;
}

static int
procgen(Chan *c, char *name, Dirtab*, int, int s, Dir *dp)
{
	Qid q;

	if(s == DEVDOTDOT){
		mkqid(&q, Qdir, 0, QTDIR);
		devdir(c, q, "#p", 0, eve, DMDIR|0555, dp);
		return 1;
	}
	if(QFILE(c->qid.path) == Qdir)
		return procsgen(c, name, s, dp);
	return procfilegen(c, s, dp);
}

/*
 * Notes.
 */
typedef struct Pidlist Pidlist;
struct Pidlist {
	u32int	noteid;
	int	*pid;
	int	n;
	int	max;
};

static void
collectgroup(Proc *p, void *a)
{
	Pidlist *l;

	l = a;
	if(p->pid != 0 && !p->kp && p->noteid == l->noteid && l->n < l->max)
		l->pid[l->n++] = p->pid;
}

/* post msg to every user process in note group noteid */
void
postnotepg(u32int noteid, char *msg, int flag)
{
	Pidlist l;
	Proc *p;
	int i;

	l.noteid = noteid;
	l.max = nprocs() + 64;
	l.n = 0;
	l.pid = smalloc(l.max * sizeof l.pid[0]);
	procwalkall(collectgroup, &l);
	for(i = 0; i < l.n; i++){
		p = pidlookup(l.pid[i]);
		if(p != nil && p->noteid == noteid)
			postnote(p, 1, msg, flag);
	}
	free(l.pid);
}

/* the text of a note or ctl write, without a trailing newline */
static void
writetext(char *buf, int nbuf, char *va, long n)
{
	if(n <= 0 || n >= nbuf)
		error(Ebadarg);
	memmove(buf, va, n);
	buf[n] = '\0';
	if(buf[n-1] == '\n')
		buf[n-1] = '\0';
}

static void
procctlwrite(Proc *p, char *va, long n)
{
	char buf[64];

	writetext(buf, sizeof buf, va, n);
	if(strcmp(buf, "kill") != 0)
		error(Ebadctl);
	if(p->kp)
		error(Eperm);
	postnote(p, 1, "sys: killed", NExit);
}

/*
 * Text files.
 */
static u64int
procmemkb(Proc *p)
{
	u64int n;
	int i;

	n = 0;
	for(i = 0; i < NSEG; i++)
		if(p->seg[i] != nil)
			n += p->seg[i]->top - p->seg[i]->base;
	return n / 1024;
}

static char*
procstate(Proc *p)
{
	if(p->psstate != nil)
		return p->psstate;
	if(p->state >= 0 && p->state < nelem(statename) && statename[p->state] != nil)
		return statename[p->state];
	return "Unknown";
}

static char*
statustext(Proc *p)
{
	return smprint("%-27.27s %-27.27s %-11.11s %11ud %11ud %11ud %11ud %11ud %11ud %11llud %11d %11d\n",
		p->text != nil ? p->text : "", p->user != nil ? p->user : "", procstate(p),
		p->time[TUser], p->time[TSys], (u32int)NOW - p->time[TReal],
		p->time[TCUser], p->time[TCSys], p->time[TCReal],
		procmemkb(p), 10, 10);
}

static char*
argstext(Proc *p)
{
	Fmt f;
	char *a, *e;

	fmtstrinit(&f);
	if(p->args != nil){
		e = p->args + p->nargs;
		for(a = p->args; a < e; a += strlen(a)+1)
			fmtprint(&f, a == p->args ? "%q" : " %q", a);
	}
	return fmtstrflush(&f);
}

static char*
modestr(Chan *c)
{
	static char *m[] = { "r ", " w", "rw", "rx" };

	return m[c->mode & 3];
}

static void
fdline(Fmt *f, int fd, Chan *c)
{
	fmtprint(f, "%3d %s %C %4ud (%.16llux %ud %.2ux) %5ud %8lld %s\n",
		fd, modestr(c), devtab[c->type]->dc, c->dev,
		c->qid.path, c->qid.vers, c->qid.type,
		c->iounit, c->offset, chanpath(c));
}

/* snapshot the open Chans under the lock, then format them */
static char*
fdtext(Proc *p)
{
	Fgrp *fg;
	Chan **cs;
	Fmt f;
	int i, n;

	fmtstrinit(&f);
	fmtprint(&f, "%s\n", p->dot != nil ? chanpath(p->dot) : "/");
	fg = p->fgrp;
	if(fg == nil)
		return fmtstrflush(&f);
	lock(&fg->lk);
	n = fg->maxfd + 1;
	if(n > fg->nfd)
		n = fg->nfd;
	cs = malloc((n > 0 ? n : 1) * sizeof cs[0]);
	for(i = 0; i < n && cs != nil; i++)
		if((cs[i] = fg->fd[i]) != nil)
			incref(&cs[i]->ref);
	unlock(&fg->lk);
	if(cs == nil){
		free(fmtstrflush(&f));
		error(Enomem);
	}
	for(i = 0; i < n; i++)
		if(cs[i] != nil){
			fdline(&f, i, cs[i]);
			cclose(cs[i]);
		}
	free(cs);
	return fmtstrflush(&f);
}

static char*
mountflag(int flag, char *buf)
{
	char *s;

	s = buf;
	if(flag & (MAFTER|MBEFORE|MCREATE|MCACHE)){
		*s++ = '-';
		if(flag & MAFTER)
			*s++ = 'a';
		if(flag & MBEFORE)
			*s++ = 'b';
		if(flag & MCREATE)
			*s++ = 'c';
		if(flag & MCACHE)
			*s++ = 'C';
		*s++ = ' ';
	}
	*s = '\0';
	return buf;
}

static void
nsline(Fmt *f, Mhead *mh, Mount *m)
{
	char flag[8], *srv;
	Chan *to;

	to = m->to;
	mountflag(m->mflag, flag);
	if(devtab[to->type]->dc == 'M' && to->mchan != nil){
		srv = srvname(to->mchan);
		fmtprint(f, "mount %s%q %q", flag, srv != nil ? srv : chanpath(to->mchan), chanpath(mh->from));
		if(m->spec != nil && m->spec[0] != '\0')
			fmtprint(f, " %q", m->spec);
		fmtprint(f, "\n");
		free(srv);
	}else
		fmtprint(f, "bind %s%q %q\n", flag, chanpath(to), chanpath(mh->from));
}

/* the mount with the least mountid above last, or nil */
static Mount*
nextmount(Pgrp *pg, u32int last, Mhead **mhp)
{
	Mhead *mh;
	Mount *m, *best;
	int i;

	best = nil;
	for(i = 0; i < MNTHASH; i++)
		for(mh = pg->mnthash[i]; mh != nil; mh = mh->hash)
			for(m = mh->mount; m != nil; m = m->next)
				if(m->mountid > last && (best == nil || m->mountid < best->mountid)){
					best = m;
					*mhp = mh;
				}
	return best;
}

static char*
nstext(Proc *p)
{
	Pgrp *pg;
	Mhead *mh;
	Mount *m;
	Fmt f;

	fmtstrinit(&f);
	pg = p->pgrp;
	if(pg != nil){
		rlock(&pg->ns);
		for(m = nextmount(pg, 0, &mh); m != nil; m = nextmount(pg, m->mountid, &mh))
			nsline(&f, mh, m);
		runlock(&pg->ns);
	}
	fmtprint(&f, "cd %q\n", p->dot != nil ? chanpath(p->dot) : "/");
	return fmtstrflush(&f);
}

/*
 * The device.
 */
static Chan*
procattach(char *spec)
{
	return devattach('p', spec);
}

static Walkqid*
procwalk(Chan *c, Chan *nc, char **name, int nname)
{
	return devwalk(c, nc, name, nname, nil, 0, procgen);
}

static int
procstat(Chan *c, uchar *db, int n)
{
	return devstat(c, db, n, nil, 0, procgen);
}

static Proc*
chanproc(Chan *c)
{
	Proc *p;

	p = pidlookup(QPID(c->qid.path));
	if(p == nil)
		error(Eprocdied);
	return p;
}

static Chan*
procopen(Chan *c, int omode)
{
	if(QFILE(c->qid.path) != Qdir)
		chanproc(c);
	return devopen(c, omode, nil, 0, procgen);
}

static void
procclose(Chan*)
{
}

/* read from a text made by f, freed afterwards */
static long
readtext(char *text, char *va, long n, vlong off)
{
	if(text == nil)
		error(Enomem);
	if(waserror()){
		free(text);
		nexterror();
	}
	n = readstr(off, va, n, text);
	poperror();
	free(text);
	return n;
}

static long
procread(Chan *c, void *va, long n, vlong off)
{
	Proc *p;

	if(c->qid.type & QTDIR)
		return devdirread(c, va, n, nil, 0, procgen);
	p = chanproc(c);
	switch(QFILE(c->qid.path)){
	case Qargs:
		return readtext(argstext(p), va, n, off);
	case Qfd:
		return readtext(fdtext(p), va, n, off);
	case Qnoteid:
		return readnum(off, va, n, p->noteid, NUMSIZE);
	case Qns:
		return readtext(nstext(p), va, n, off);
	case Qstatus:
		return readtext(statustext(p), va, n, off);
	}
	error(Eperm);
}

static long
procwrite(Chan *c, void *va, long n, vlong)
{
	char buf[ERRMAX];
	Proc *p;

	p = chanproc(c);
	switch(QFILE(c->qid.path)){
	case Qctl:
		procctlwrite(p, va, n);
		return n;
	case Qnote:
		writetext(buf, sizeof buf, va, n);
		if(p->kp)
			error(Eperm);
		postnote(p, 1, buf, NUser);
		return n;
	case Qnotepg:
		writetext(buf, sizeof buf, va, n);
		postnotepg(p->noteid, buf, NUser);
		return n;
	}
	error(Eperm);
}

Dev procdevtab = {
	'p',
	"proc",
	devreset,
	devinit,
	devshutdown,
	procattach,
	procwalk,
	procstat,
	procopen,
	devcreate,
	procclose,
	procread,
	procwrite,
	devremove,
	devwstat,
};
