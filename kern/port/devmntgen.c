/*
 * #N — mount points on demand, what Plan 9's mntgen(4) serves on
 * /n and /mnt, done in the kernel.  (Plan 9 has no such device; 'N'
 * was unused.)  Each attach spec is a directory of its own ('#Nn'
 * for /n, '#Nmnt' for /mnt).  Walking to any name in it succeeds,
 * giving an empty directory to mount or bind on, and reading it
 * lists exactly the names that are mount points in the reader's name
 * space: a name goes from the listing when its last mount goes.
 *
 * The mount table knows a mount point by (type, dev, qid), so a
 * name must keep its qid.path while anything refers to it: each
 * Chan on a name holds a reference to its Mname (c->aux; nil is the
 * directory itself), and the last close frees it.  The listing is
 * made from the mount table, whose mounted-upon Chans hold their
 * names, so no list of mount points is kept here.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

enum {
	Ninst	= 8,		/* attach specs, kept for ever */
};

typedef struct Mname Mname;
struct Mname {
	Ref	ref;		/* Chans on the name; changes to 0 under names.lk */
	u32int	dev;		/* the instance it is in */
	char	*name;
	uvlong	path;		/* its qid.path, never reused */
	Mname	*link;
};

static struct {
	Lock	lk;		/* guards list and path */
	Mname	*list;
	uvlong	path;		/* of the last name made; 0 is the directory */
	QLock	speclk;		/* guards spec */
	char	*spec[Ninst];	/* instance i's attach spec; its Chans' dev */
} names;

/* dev's name, with the lock held; increfed if found */
static Mname*
findname(u32int dev, char *name)
{
	Mname *m;

	for(m = names.list; m != nil; m = m->link)
		if(m->dev == dev && strcmp(m->name, name) == 0){
			incref(&m->ref);
			return m;
		}
	return nil;
}

/*
 * A reference to dev's name, made if need be: made outside the
 * lock (smalloc may sleep) and looked for again, since another
 * process may have made it meanwhile.
 */
static Mname*
getname(u32int dev, char *name)
{
	Mname *m, *nm;

	lock(&names.lk);
	m = findname(dev, name);
	unlock(&names.lk);
	if(m != nil)
		return m;
	nm = smalloc(sizeof *nm);
	nm->name = smalloc(strlen(name)+1);
	strcpy(nm->name, name);
	nm->ref.ref = 1;
	nm->dev = dev;
	lock(&names.lk);
	m = findname(dev, name);
	if(m == nil){
		nm->path = ++names.path;
		nm->link = names.list;
		names.list = nm;
	}
	unlock(&names.lk);
	if(m == nil)
		return nm;
	free(nm->name);
	free(nm);
	return m;
}

static void
putname(Mname *m)
{
	Mname **l;

	if(m == nil)
		return;
	lock(&names.lk);
	if(decref(&m->ref) > 0){
		unlock(&names.lk);
		return;
	}
	for(l = &names.list; *l != m; l = &(*l)->link)
		;
	*l = m->link;
	unlock(&names.lk);
	free(m->name);
	free(m);
}

static Qid
nameqid(Mname *m)
{
	Qid q;

	mkqid(&q, m != nil ? m->path : 0, 0, QTDIR);
	return q;
}

static Chan*
mntgenattach(char *spec)
{
	Chan *c;
	int i;

	qlock(&names.speclk);
	for(i = 0; i < Ninst && names.spec[i] != nil; i++)
		if(strcmp(names.spec[i], spec) == 0)
			break;
	if(i == Ninst){
		qunlock(&names.speclk);
		error(Enodev);
	}
	if(names.spec[i] == nil){
		names.spec[i] = smalloc(strlen(spec)+1);
		strcpy(names.spec[i], spec);
	}
	qunlock(&names.speclk);
	c = devattach('N', spec);
	c->dev = i;
	return c;
}

/*
 * From the directory any name walks; a name is an empty directory,
 * from which only "." and ".." do.
 */
static Walkqid*
mntgenwalk(Chan *c, Chan *nc, char **name, int nname)
{
	Walkqid *wq;
	Mname *m;
	int i;

	m = c->aux;
	if(m != nil)
		incref(&m->ref);
	wq = smalloc(sizeof(Walkqid) + (nname > 1 ? nname-1 : 0) * sizeof(Qid));
	for(i = 0; i < nname; i++){
		if(strcmp(name[i], "..") == 0){
			putname(m);
			m = nil;
		}else if(strcmp(name[i], ".") != 0){
			if(m != nil)
				break;
			m = getname(c->dev, name[i]);
		}
		wq->qid[wq->nqid++] = nameqid(m);
	}
	if(wq->nqid < nname){
		putname(m);
		if(wq->nqid == 0){
			free(wq);
			error(Enonexist);
		}
		return wq;
	}
	if(nc == nil)
		nc = devclone(c);
	nc->aux = m;
	nc->qid = nameqid(m);
	wq->clone = nc;
	return wq;
}

/* The directory entry of name m. */
static void
namedir(Chan *c, Mname *m, Dir *d)
{
	devdir(c, nameqid(m), m->name, 0, eve, DMDIR|0555, d);
}

/*
 * The s'th name of c's instance mounted upon in up's name space,
 * with a reference, or nil.  A name in the mount table is held by
 * the Chan there, so it may be increfed outside names.lk.
 */
static Mname*
nthmount(Chan *c, int s)
{
	Pgrp *pg;
	Mhead *mh;
	Chan *f;
	Mname *m;
	int i;

	pg = up->pgrp;
	m = nil;
	rlock(&pg->ns);
	for(i = 0; i < MNTHASH && m == nil; i++)
		for(mh = pg->mnthash[i]; mh != nil; mh = mh->hash){
			f = mh->from;
			if(f->type == c->type && f->dev == c->dev && f->aux != nil && s-- == 0){
				m = f->aux;
				incref(&m->ref);
				break;
			}
		}
	runlock(&pg->ns);
	return m;
}

static int
mntgenstat(Chan *c, uchar *db, int n)
{
	Dir d;
	int m;

	if(c->aux == nil)
		return devstat(c, db, n, nil, 0, devgen);	/* named as walked to */
	namedir(c, c->aux, &d);
	m = convD2M(&d, db, n);
	if(m == 0)
		error(Eshortstat);
	return m;
}

static Chan*
mntgenopen(Chan *c, int omode)
{
	return devopen(c, omode, nil, 0, devgen);
}

static void
mntgenclose(Chan *c)
{
	putname(c->aux);
	c->aux = nil;
}

/* The directory lists its mount points; a name lists nothing. */
static long
mntgenread(Chan *c, void *va, long n, vlong)
{
	Mname *m;
	Dir d;
	long k;
	uint sz;

	if(c->aux != nil)
		return 0;
	for(k = 0; k < n; c->dri++){
		m = nthmount(c, c->dri);
		if(m == nil)
			break;
		namedir(c, m, &d);
		sz = convD2M(&d, (uchar*)va+k, n-k);
		putname(m);
		if(sz <= BIT16SZ){
			if(k == 0)
				error(Eshort);
			break;
		}
		k += sz;
	}
	return k;
}

static long
mntgenwrite(Chan*, void*, long, vlong)
{
	error(Eperm);
}

Dev mntgendevtab = {
	'N',
	"mntgen",
	devreset,
	devinit,
	devshutdown,
	mntgenattach,
	mntgenwalk,
	mntgenstat,
	mntgenopen,
	devcreate,
	mntgenclose,
	mntgenread,
	mntgenwrite,
	devremove,
	devwstat,
};
