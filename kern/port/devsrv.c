/*
 * #s — a registry of posted channels.  Creating a file makes an
 * empty entry; writing a file descriptor number to it posts that
 * fd's Chan.  Opening the entry then yields the posted Chan itself,
 * shared by everyone who opens it.  Entries live until removed
 * (or, if created with ORCLOSE, until the creating fd is closed),
 * whoever created them.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

typedef struct Srv Srv;
struct Srv {
	char	*name;
	char	*owner;
	u32int	perm;
	Chan	*chan;		/* posted Chan, one reference; nil until written */
	uvlong	path;		/* qid.path */
	Srv	*link;
};

static struct {
	QLock	lk;		/* guards the list and every Srv */
	Srv	*list;
	uvlong	path;		/* qid.path of the next entry; 0 is #s */
} srv;

static Srv*
lookup(char *name, uvlong path)
{
	Srv *s;

	for(s = srv.list; s != nil; s = s->link)
		if(name != nil ? strcmp(s->name, name) == 0 : s->path == path)
			return s;
	return nil;
}

/* the entry, by name when walking, else the s'th */
static int
srvgen(Chan *c, char *name, Dirtab*, int, int s, Dir *dp)
{
	Srv *sp;
	Qid q;

	if(s == DEVDOTDOT){
		devdir(c, c->qid, "#s", 0, eve, DMDIR|0555, dp);
		return 1;
	}
	if(name != nil && s > 0)	/* devwalk asks again only after a mismatch */
		return -1;
	qlock(&srv.lk);
	if(name != nil)
		sp = lookup(name, 0);
	else
		for(sp = srv.list; sp != nil && s > 0; sp = sp->link)
			s--;
	if(sp == nil){
		qunlock(&srv.lk);
		return -1;
	}
	mkqid(&q, sp->path, 0, QTFILE);
	strecpy(up->genbuf, up->genbuf+sizeof up->genbuf, sp->name);	/* outlives the lock */
	devdir(c, q, up->genbuf, 0, sp->owner, sp->perm, dp);
	qunlock(&srv.lk);
	return 1;
}

/* "#s/name" if c is posted here, else nil; the caller frees it */
char*
srvname(Chan *c)
{
	Srv *s;
	char *n;

	n = nil;
	qlock(&srv.lk);
	for(s = srv.list; s != nil; s = s->link)
		if(s->chan == c){
			n = smprint("#s/%s", s->name);
			break;
		}
	qunlock(&srv.lk);
	return n;
}

static Chan*
srvattach(char *spec)
{
	return devattach('s', spec);
}

static Walkqid*
srvwalk(Chan *c, Chan *nc, char **name, int nname)
{
	return devwalk(c, nc, name, nname, nil, 0, srvgen);
}

static int
srvstat(Chan *c, uchar *db, int n)
{
	return devstat(c, db, n, nil, 0, srvgen);
}

/* opening an entry returns the posted Chan in place of c */
static Chan*
srvopen(Chan *c, int omode)
{
	Srv *sp;
	Chan *posted;

	if(c->qid.type & QTDIR)
		return devopen(c, omode, nil, 0, srvgen);
	qlock(&srv.lk);
	if(waserror()){
		qunlock(&srv.lk);
		nexterror();
	}
	sp = lookup(nil, c->qid.path);
	if(sp == nil || sp->chan == nil)
		error(Eshutdown);
	if(omode & OTRUNC)
		error(Eexist);
	if(openmode(omode) != sp->chan->mode && sp->chan->mode != ORDWR)
		error(Eperm);
	devpermcheck(sp->owner, sp->perm, omode);
	posted = sp->chan;
	incref(&posted->ref);
	poperror();
	qunlock(&srv.lk);
	cclose(c);
	return posted;
}

static void
srvcreate(Chan *c, char *name, int omode, u32int perm)
{
	Srv *sp;
	char *err;

	if(openmode(omode) != OWRITE)
		error(Eperm);
	if(strlen(name) >= sizeof up->genbuf)
		error(Etoobig);
	sp = smalloc(sizeof *sp);
	sp->name = strdup(name);
	sp->owner = strdup(up->user != nil ? up->user : eve);
	sp->perm = perm & 0777;
	qlock(&srv.lk);
	err = nil;
	if(sp->name == nil || sp->owner == nil)
		err = Enomem;
	else if(lookup(name, 0) != nil)
		err = Eexist;
	if(err != nil){
		qunlock(&srv.lk);
		free(sp->name);
		free(sp->owner);
		free(sp);
		error(err);
	}
	sp->path = ++srv.path;
	sp->link = srv.list;
	srv.list = sp;
	mkqid(&c->qid, sp->path, 0, QTFILE);
	qunlock(&srv.lk);
	c->flag |= COPEN;
	c->mode = OWRITE;
	c->offset = 0;
}

static void
srvfree(Srv *sp)
{
	if(sp->chan != nil)
		cclose(sp->chan);
	free(sp->name);
	free(sp->owner);
	free(sp);
}

static void
srvremove(Chan *c)
{
	Srv *sp, **l;

	if(c->qid.type & QTDIR)
		error(Eperm);
	qlock(&srv.lk);
	for(l = &srv.list; (sp = *l) != nil; l = &sp->link)
		if(sp->path == c->qid.path)
			break;
	if(sp == nil){
		qunlock(&srv.lk);
		error(Enonexist);
	}
	*l = sp->link;
	qunlock(&srv.lk);
	srvfree(sp);
}

static void
srvclose(Chan *c)
{
	if((c->flag & (COPEN|CRCLOSE)) != (COPEN|CRCLOSE))
		return;
	if(waserror())
		return;
	srvremove(c);
	poperror();
}

static long
srvread(Chan *c, void *va, long n, vlong)
{
	isdir(c);
	return devdirread(c, va, n, nil, 0, srvgen);
}

static int
parsefd(char *va, long n)
{
	char buf[32], *e;
	long fd;

	if(n <= 0 || n >= sizeof buf)
		error(Ebadarg);
	memmove(buf, va, n);
	buf[n] = '\0';
	fd = strtol(buf, &e, 0);
	if(e == buf || (*e != '\0' && *e != '\n') || fd < 0 || fd >= MAXFD)
		error(Ebadfd);
	return fd;
}

/* post the Chan of the fd number written */
static long
srvwrite(Chan *c, void *va, long n, vlong)
{
	Srv *sp;
	Chan *c1;

	c1 = fdtochan(parsefd(va, n), -1, 0, 1);	/* holds a reference */
	qlock(&srv.lk);
	if(waserror()){
		qunlock(&srv.lk);
		cclose(c1);
		nexterror();
	}
	if(c1->flag & (CCEXEC|CRCLOSE))
		error(Ebadusefd);
	sp = lookup(nil, c->qid.path);
	if(sp == nil)
		error(Enonexist);
	if(sp->chan != nil)
		error(Einuse);
	sp->chan = c1;
	poperror();
	qunlock(&srv.lk);
	return n;
}

/* under srv.lk */
static void
rename(Srv *sp, char *name)
{
	char *s;

	if(strchr(name, '/') != nil || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		error(Ebadchar);
	if(strlen(name) >= sizeof up->genbuf)
		error(Etoobig);
	if(lookup(name, 0) != nil)
		error(Eexist);
	s = strdup(name);
	if(s == nil)
		error(Enomem);
	free(sp->name);
	sp->name = s;
}

static int
srvwstat(Chan *c, uchar *dp, int n)
{
	Dir d;
	Srv *sp;
	char *strs;

	if(c->qid.type & QTDIR)
		error(Eperm);
	strs = smalloc(n);
	qlock(&srv.lk);
	if(waserror()){
		qunlock(&srv.lk);
		free(strs);
		nexterror();
	}
	if(convM2D(dp, n, &d, strs) == 0)
		error(Ebadstat);
	sp = lookup(nil, c->qid.path);
	if(sp == nil)
		error(Enonexist);
	if(d.name != nil && d.name[0] != '\0' && strcmp(d.name, sp->name) != 0)
		rename(sp, d.name);
	if(d.mode != ~0U)
		sp->perm = d.mode & 0777;
	poperror();
	qunlock(&srv.lk);
	free(strs);
	return n;
}

Dev srvdevtab = {
	's',
	"srv",
	devreset,
	devinit,
	devshutdown,
	srvattach,
	srvwalk,
	srvstat,
	srvopen,
	srvcreate,
	srvclose,
	srvread,
	srvwrite,
	srvremove,
	srvwstat,
};
