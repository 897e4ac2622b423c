/*
 * Channels and name spaces: Chan allocation and reference counts,
 * the names they were reached by (Path), walking with mount points
 * crossed and unions searched, namec (a file name to a Chan for
 * each access mode), and the mount table operations bind and mount
 * are made of.
 *
 * Mount points are crossed lazily: a walk replaces a mounted-upon
 * Chan by what is mounted there only when it walks on from it, and
 * namec does so for the last element only where the mode calls for
 * it (open, stat), not for cd or bind's mount point, so that one
 * may mount on . or / and see the effect, and so that a second
 * bind on a directory refers to the original, not the replacement.
 *
 * ".." is resolved lexically: a name holding ".." is turned into
 * one from a root (/ or #X) by cleaning it against the Path of the
 * Chan it starts from, then walked from that root.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

#define MOUNTH(pg, q)	((pg)->mnthash[(q).path & (MNTHASH-1)])

static struct {
	Lock	lk;
	Chan	*free;		/* Chans ready for reuse */
	u32int	fid;		/* last fid handed out */
	u32int	mountid;	/* last Mount.mountid handed out */
} chanalloc;

/* Nothing to prepare: the free list starts empty and grows on demand. */
void
cinit(void)
{
}

Chan*
newchan(void)
{
	Chan *c;
	u32int fid;

	lock(&chanalloc.lk);
	c = chanalloc.free;
	if(c != nil)
		chanalloc.free = c->link;
	fid = ++chanalloc.fid;
	unlock(&chanalloc.lk);
	if(c == nil)
		c = smalloc(sizeof *c);
	memset(c, 0, sizeof *c);
	c->ref.ref = 1;
	c->fid = fid;
	return c;
}

/* Release what c holds and put it on the free list. */
static void
chanfree(Chan *c)
{
	c->flag = CFREE;
	if(c->umh != nil)
		putmhead(c->umh);
	if(c->umc != nil)
		cclose(c->umc);
	if(c->mchan != nil)
		cclose(c->mchan);
	if(c->mux != nil)
		mntfreemux(c);
	free(c->dirrock);
	pathclose(c->path);
	c->umh = nil;
	c->umc = nil;
	c->mchan = nil;
	c->dirrock = nil;
	c->path = nil;
	lock(&chanalloc.lk);
	c->link = chanalloc.free;
	chanalloc.free = c;
	unlock(&chanalloc.lk);
}

/*
 * Drop a reference; the last one runs the device's close, which may
 * fail (a hung-up server), but the Chan is freed regardless.
 */
void
cclose(Chan *c)
{
	if(c == nil)
		return;
	if(c->flag & CFREE)
		panic("cclose of free chan from %#p", getcallerpc(&c));
	if(decref(&c->ref) > 0)
		return;
	if(up == nil)
		devtab[c->type]->close(c);
	else if(!waserror()){
		devtab[c->type]->close(c);
		poperror();
	}
	chanfree(c);
}

void
ccloseq(Chan *c)
{
	cclose(c);
}

/* A new Chan for the same file, unopened, with the same name. */
Chan*
cclone(Chan *c)
{
	Walkqid *wq;
	Chan *nc;

	wq = devtab[c->type]->walk(c, nil, nil, 0);
	if(wq == nil)
		error("clone failed");
	nc = wq->clone;
	free(wq);
	if(nc == nil)
		error("clone failed");
	nc->path = c->path;
	if(nc->path != nil)
		incref(&nc->path->ref);
	return nc;
}

/* c, or a clone of it if it is shared, so that it may be changed. */
static Chan*
cunique(Chan *c)
{
	Chan *nc;

	if(c->ref.ref == 1)
		return c;
	nc = cclone(c);
	cclose(c);
	return nc;
}

int
eqqid(Qid a, Qid b)
{
	return a.path == b.path && a.vers == b.vers && a.type == b.type;
}

int
eqchantdqid(Chan *a, int type, int dev, Qid qid, int skipvers)
{
	if(a->type != type || a->dev != dev)
		return 0;
	if(a->qid.path != qid.path || a->qid.type != qid.type)
		return 0;
	return skipvers || a->qid.vers == qid.vers;
}

int
eqchan(Chan *a, Chan *b, int skipvers)
{
	return eqchantdqid(a, b->type, b->dev, b->qid, skipvers);
}

/*
 * Paths
 */

Path*
newpath(char *s)
{
	Path *p;

	p = smalloc(sizeof *p);
	p->ref.ref = 1;
	p->s = smalloc(strlen(s)+1);
	strcpy(p->s, s);
	return p;
}

void
pathclose(Path *p)
{
	if(p == nil || decref(&p->ref) > 0)
		return;
	free(p->s);
	free(p);
}

/* p with elem appended; consumes the caller's reference to p. */
static Path*
addelem(Path *p, char *elem)
{
	Path *np;
	char *s;
	usize n;

	n = strlen(p->s);
	s = smalloc(n + 1 + strlen(elem) + 1);
	strcpy(s, p->s);
	if(n == 0 || s[n-1] != '/')
		s[n++] = '/';
	strcpy(s+n, elem);
	np = smalloc(sizeof *np);
	np->ref.ref = 1;
	np->s = s;
	pathclose(p);
	return np;
}

char*
chanpath(Chan *c)
{
	if(c == nil || c->path == nil)
		return "<nil>";
	return c->path->s;
}

/*
 * Mount table
 */

Mhead*
newmhead(Chan *from)
{
	Mhead *m;

	m = smalloc(sizeof *m);
	m->ref.ref = 1;
	m->from = from;
	incref(&from->ref);
	return m;
}

void
putmhead(Mhead *m)
{
	if(m == nil || decref(&m->ref) > 0)
		return;
	mountfree(m->mount);
	cclose(m->from);
	free(m);
}

Mount*
newmount(Mhead *mh, Chan *to, int flag, char *spec)
{
	Mount *m;

	m = smalloc(sizeof *m);
	m->head = mh;
	m->to = to;
	incref(&to->ref);
	m->mflag = flag;
	if(spec != nil){
		m->spec = smalloc(strlen(spec)+1);
		strcpy(m->spec, spec);
	}
	lock(&chanalloc.lk);
	m->mountid = ++chanalloc.mountid;
	unlock(&chanalloc.lk);
	return m;
}

/* Free a list of Mounts. */
void
mountfree(Mount *m)
{
	Mount *next;

	for(; m != nil; m = next){
		next = m->next;
		cclose(m->to);
		free(m->spec);
		free(m);
	}
}

/*
 * If (type, dev, qid) is mounted upon in our name space, replace *cp
 * by the first Chan of its mount list and *mhp (if not nil) by the
 * Mhead, both with a new reference, and return 1.
 */
int
findmount(Chan **cp, Mhead **mhp, int type, int dev, Qid qid)
{
	Pgrp *pg;
	Mhead *m, *oldmh;
	Chan *to, *old;

	pg = up->pgrp;
	if(pg == nil)
		return 0;
	rlock(&pg->ns);
	for(m = MOUNTH(pg, qid); m != nil; m = m->hash)
		if(eqchantdqid(m->from, type, dev, qid, 1))
			break;
	if(m == nil || m->mount == nil){
		runlock(&pg->ns);
		return 0;
	}
	to = m->mount->to;
	incref(&to->ref);
	oldmh = nil;
	if(mhp != nil){
		incref(&m->ref);
		oldmh = *mhp;
		*mhp = m;
	}
	runlock(&pg->ns);
	old = *cp;
	*cp = to;
	putmhead(oldmh);
	cclose(old);
	return 1;
}

static int
domount(Chan **cp, Mhead **mhp)
{
	Chan *c;

	c = *cp;
	return findmount(cp, mhp, c->type, c->dev, c->qid);
}

/*
 * Mount *newp on old as bind(2) and mount(2) describe; returns the
 * new mount's id.  If *newp is itself a union (it was reached through
 * a union mount point), all of that union's members are mounted.
 */
int
cmount(Chan **newp, Chan *old, int flag, char *spec)
{
	Chan *new;
	Pgrp *pg;
	Mhead *m, **l, *umh;
	Mount *nm, *f, **tail, *freed;
	int order;

	new = *newp;
	order = flag & MORDER;
	if(order == MORDER)
		error(Ebadarg);
	if((old->qid.type & QTDIR) != (new->qid.type & QTDIR))
		error(Emount);
	if(!(old->qid.type & QTDIR) && order != MREPL)
		error(Emount);

	/* the list to insert: new, then the rest of new's own union */
	nm = newmount(nil, new, flag, spec);
	tail = &nm->next;
	umh = new->umh;
	if(umh != nil){
		rlock(&umh->lock);
		for(f = umh->mount != nil ? umh->mount->next : nil; f != nil; f = f->next){
			*tail = newmount(nil, f->to, f->mflag, f->spec);
			tail = &(*tail)->next;
		}
		runlock(&umh->lock);
	}

	pg = up->pgrp;
	wlock(&pg->ns);
	l = &MOUNTH(pg, old->qid);
	for(m = *l; m != nil; m = m->hash)
		if(eqchan(m->from, old, 1))
			break;
	if(m == nil){
		m = newmhead(old);
		m->hash = *l;
		*l = m;
		/* a union keeps the mounted-upon directory as a member */
		if(order != MREPL)
			m->mount = newmount(m, old, 0, nil);
	}
	wlock(&m->lock);
	for(f = nm; f != nil; f = f->next)
		f->head = m;
	freed = nil;
	switch(order){
	case MREPL:
		freed = m->mount;
		m->mount = nm;
		break;
	case MBEFORE:
		*tail = m->mount;
		m->mount = nm;
		break;
	case MAFTER:
		for(tail = &m->mount; *tail != nil; tail = &(*tail)->next)
			;
		*tail = nm;
		break;
	}
	wunlock(&m->lock);
	wunlock(&pg->ns);
	mountfree(freed);
	return nm->mountid;
}

/*
 * Undo mounts on mnt: all of them, or only the one of mounted (the
 * Chan bound there, or the server channel a mount came from).
 */
void
cunmount(Chan *mnt, Chan *mounted)
{
	Pgrp *pg;
	Mhead *m, **l, *gone;
	Mount *f, **fp, *freed;

	pg = up->pgrp;
	wlock(&pg->ns);
	for(l = &MOUNTH(pg, mnt->qid); (m = *l) != nil; l = &m->hash)
		if(eqchan(m->from, mnt, 1))
			break;
	if(m == nil){
		wunlock(&pg->ns);
		error(Eunmount);
	}
	wlock(&m->lock);
	gone = nil;
	if(mounted == nil){
		freed = m->mount;
		m->mount = nil;
	}else{
		for(fp = &m->mount; (f = *fp) != nil; fp = &f->next){
			if(eqchan(f->to, mounted, 1))
				break;
			if(f->to->mchan != nil && eqchan(f->to->mchan, mounted, 1))
				break;
		}
		if(f == nil){
			wunlock(&m->lock);
			wunlock(&pg->ns);
			error(Eunion);
		}
		*fp = f->next;
		f->next = nil;
		freed = f;
	}
	if(m->mount == nil){
		*l = m->hash;
		gone = m;
	}
	wunlock(&m->lock);
	wunlock(&pg->ns);
	mountfree(freed);
	putmhead(gone);
}

/*
 * Walking
 */

/*
 * Walk c by one name, giving a new Chan or nil with the reason in
 * up->errstr.
 */
static Chan*
walk1(Chan *c, char *name)
{
	Walkqid *wq;
	Chan *nc;

	if(waserror())
		return nil;
	wq = devtab[c->type]->walk(c, nil, &name, 1);
	poperror();
	if(wq == nil)
		return nil;
	nc = wq->clone;
	if(wq->nqid != 1 || nc == nil){
		if(nc != nil && nc != c)
			cclose(nc);
		nc = nil;
		strecpy(up->errstr, up->errstr+ERRMAX, Enonexist);
	}
	free(wq);
	return nc;
}

/*
 * Walk *cp by names, crossing mount points on the way and trying
 * each member of a union for the element after it.  On success *cp
 * is replaced by the result (a Chan of its own, named by the walk)
 * and 0 returned; on failure *cp is untouched, *nerror (if not nil)
 * is the index of the name that failed, the reason is in
 * up->errstr, and -1 is returned.
 */
int
walk(Chan **cp, char **names, int nnames, int nomount, int *nerror)
{
	Chan *c, *nc;
	Mhead *mh;
	Mount *f;
	Path *path;
	int i;

	c = *cp;
	incref(&c->ref);
	path = c->path;
	if(path == nil)
		path = newpath("?");
	else
		incref(&path->ref);
	for(i = 0; i < nnames; i++){
		mh = nil;
		if(!nomount)
			domount(&c, &mh);
		nc = walk1(c, names[i]);
		if(nc == nil && mh != nil){
			/* mh->mount->to is c: try the union's other members */
			rlock(&mh->lock);
			for(f = mh->mount != nil ? mh->mount->next : nil; f != nil && nc == nil; f = f->next)
				nc = walk1(f->to, names[i]);
			runlock(&mh->lock);
		}
		putmhead(mh);
		cclose(c);
		if(nc == nil){
			pathclose(path);
			if(nerror != nil)
				*nerror = i;
			return -1;
		}
		c = nc;
		path = addelem(path, names[i]);
	}
	if(waserror()){
		cclose(c);
		pathclose(path);
		nexterror();
	}
	c = cunique(c);
	poperror();
	pathclose(c->path);
	c->path = path;
	cclose(*cp);
	*cp = c;
	return 0;
}

/*
 * The first member of m that allows creation, replacing c.
 */
Chan*
createdir(Chan *c, Mhead *m)
{
	Chan *nc;
	Mount *f;

	rlock(&m->lock);
	if(waserror()){
		runlock(&m->lock);
		nexterror();
	}
	for(f = m->mount; f != nil; f = f->next)
		if(f->mflag & MCREATE){
			nc = cclone(f->to);
			poperror();
			runlock(&m->lock);
			cclose(c);
			return nc;
		}
	error(Enocreate);
}

void
isdir(Chan *c)
{
	if(!(c->qid.type & QTDIR))
		error(Enotdir);
}

/*
 * Names
 */

char*
skipslash(char *name)
{
	while(*name == '/')
		name++;
	return name;
}

/*
 * A path element must be valid UTF, with no control characters or
 * slashes (unless slashok), and no longer than a Dir can carry.
 */
void
validname(char *name, int slashok)
{
	char *p;
	Rune r;
	int n;

	if(strlen(name) > STATMAX/4)
		error(Efilename);
	for(p = name; *p != 0; p += n){
		if((uchar)*p < Runeself){
			n = 1;
			if(*p < 0x20 || *p == 0x7F || (*p == '/' && !slashok))
				error(Ebadchar);
			continue;
		}
		n = chartorune(&r, p);
		if(r == Runeerror)
			error(Ebadchar);
	}
}

void
validstat(uchar *s, int n)
{
	if(statcheck(s, n) < 0)
		error(Ebadstat);
}

/*
 * Raise "'name' err" as Plan 9 does, the name shortened from the
 * left if the whole would not fit in an error string.
 */
void
nameerror(char *name, char *err)
{
	char e[ERRMAX];
	int len, room;

	strecpy(e, e+sizeof e, err);	/* err may be up->errstr */
	len = strlen(name);
	room = ERRMAX - strlen(e) - 8;
	if(room < 16)
		room = 16;
	if(len > room)
		errorf("'...%s' %s", name+len-room, e);
	errorf("'%s' %s", name, e);
}

static int
hasdotdot(char *s)
{
	char *p;

	for(p = s; (p = strstr(p, "..")) != nil; p += 2)
		if((p == s || p[-1] == '/') && (p[2] == 0 || p[2] == '/'))
			return 1;
	return 0;
}

/*
 * The name from the root of start's Path (/ or #Xspec) equivalent
 * to rest walked from start, with . and .. resolved: malloced.
 */
static char*
lexicalname(char *start, char *rest)
{
	char *s, *t;
	usize nroot, n;

	nroot = 0;
	if(start[0] == '#')
		while(start[nroot] != 0 && start[nroot] != '/')
			nroot++;
	n = strlen(start) + strlen(rest) + 3;
	t = smalloc(n);
	snprint(t, n, "/%s/%s", start+nroot, rest);
	cleanname(t);
	s = smalloc(nroot + strlen(t) + 1);
	memmove(s, start, nroot);
	s[nroot] = 0;
	if(nroot == 0 || strcmp(t, "/") != 0)
		strcat(s, t);
	free(t);
	return s;
}

/*
 * Split name (a private copy) in place into its elements, leaving
 * out empty ones and "."; elems has room for all.
 */
static int
splitname(char *name, char **elems)
{
	char *p;
	int n;

	n = 0;
	p = name;
	for(;;){
		p = skipslash(p);
		if(*p == 0)
			return n;
		elems[n] = p;
		while(*p != 0 && *p != '/')
			p++;
		if(*p != 0)
			*p++ = 0;
		if(strcmp(elems[n], ".") != 0)
			n++;
	}
}

/*
 * The prefix of name up to and including its n'th (from 0)
 * non-"." element, for error messages: in up->genbuf.
 */
static char*
nameprefix(char *name, int n)
{
	char *p, *e;
	usize len;

	p = name;
	if(*p == '#')
		while(*p != 0 && *p != '/')
			p++;
	for(;;){
		p = skipslash(p);
		if(*p == 0)
			break;
		for(e = p; *e != 0 && *e != '/'; e++)
			;
		if(!(e-p == 1 && *p == '.') && n-- == 0){
			p = e;
			break;
		}
		p = e;
	}
	len = p - name;
	if(len >= sizeof up->genbuf)
		len = sizeof up->genbuf - 1;
	memmove(up->genbuf, name, len);
	up->genbuf[len] = 0;
	return up->genbuf;
}

/* The Chan a #X name starts at: "#Xspec" up to the first slash. */
static Chan*
attachname(char *name, char **rest)
{
	char *p, *spec;
	Rune r;
	int t, n;
	Chan *c;

	n = chartorune(&r, name+1);
	p = name+1+n;
	for(*rest = p; **rest != 0 && **rest != '/'; (*rest)++)
		;
	if(up->pgrp != nil && up->pgrp->noattach && utfrune("|decp", r) == nil)
		error(Enoattach);
	t = devno(r, 1);
	if(t < 0 || r == 0)
		error(Ebadsharp);
	spec = smalloc(*rest - p + 1);
	memmove(spec, p, *rest - p);
	if(waserror()){
		free(spec);
		nexterror();
	}
	c = devtab[t]->attach(spec);
	poperror();
	free(spec);
	return c;
}

/* What namec returns for Aopen: c opened, as the caller owns it. */
static Chan*
openchan(Chan *c, int omode)
{
	c = devtab[c->type]->open(c, omode & ~(OCEXEC|OEXCL));
	if(omode & OCEXEC)
		c->flag |= CCEXEC;
	if(omode & ORCLOSE)
		c->flag |= CRCLOSE;
	return c;
}

/*
 * After the walk: cross a mount point at the last element, keeping
 * the name, and remember the union for reads.  *cp is replaced as
 * soon as the mount is crossed, so that if making it unique fails
 * (a mounted server gone) the caller still holds a live reference.
 */
static void
mountlast(Chan **cp)
{
	Mhead *m;
	Path *path;
	Chan *c;

	m = nil;
	path = (*cp)->path;
	incref(&path->ref);
	if(domount(cp, &m)){
		if(waserror()){
			putmhead(m);
			pathclose(path);
			nexterror();
		}
		*cp = cunique(*cp);
		poperror();
		c = *cp;
		pathclose(c->path);
		c->path = path;
		putmhead(c->umh);
		c->umh = m;
	}else
		pathclose(path);
}

/*
 * Make a new file name in directory c (the Chan of its parent,
 * walked to but not crossed if it is a mount point).
 */
static Chan*
createname(Chan *c, char *elem, int omode, u32int perm)
{
	Chan *nc;
	Mhead *m;
	Path *path;

	validname(elem, 0);
	if(strcmp(elem, "..") == 0)
		error(Eexist);
	m = nil;
	nc = c;
	incref(&nc->ref);
	if(findmount(&nc, &m, c->type, c->dev, c->qid)){
		if(waserror()){
			putmhead(m);
			cclose(nc);	/* createdir gives it up only on success */
			nexterror();
		}
		nc = createdir(nc, m);
		poperror();
		putmhead(m);
	}
	if(waserror()){
		cclose(nc);
		nexterror();
	}
	nc = cunique(nc);
	isdir(nc);
	incref(&c->path->ref);
	path = addelem(c->path, elem);
	pathclose(nc->path);
	nc->path = path;
	devtab[nc->type]->create(nc, elem, omode & ~(OEXCL|OCEXEC), perm);
	if(omode & OCEXEC)
		nc->flag |= CCEXEC;
	if(omode & ORCLOSE)
		nc->flag |= CRCLOSE;
	poperror();
	return nc;
}

/*
 * Turn a file name into a Chan, for the access mode amode (A*);
 * omode and perm are for open and create.
 */
Chan*
namec(char *aname, int amode, int omode, u32int perm)
{
	Chan *c, *nc;
	char *rest;
	/*
	 * volatile: set after waserror and freed by its handler.  GCC
	 * may otherwise give the handler their values at waserror
	 * time (nil), as C allows after a longjmp, and leak them.
	 */
	char *volatile name, *volatile full, **volatile elems;
	int nelems, nerr, last;

	if(aname[0] == 0)
		error(Enonexist);
	name = nil;
	full = nil;
	elems = nil;
	c = nil;
	if(waserror()){
		cclose(c);
		free(name);
		free(full);
		free(elems);
		nexterror();
	}
	validname(aname, 1);

	/* the starting point */
	switch(aname[0]){
	case '/':
		c = up->slash;
		incref(&c->ref);
		rest = aname;
		break;
	case '#':
		c = attachname(aname, &rest);
		break;
	default:
		c = up->dot;
		incref(&c->ref);
		rest = aname;
		break;
	}
	if(hasdotdot(rest)){
		full = lexicalname(chanpath(c), rest);
		if(full[0] != '#'){
			cclose(c);
			c = up->slash;
			incref(&c->ref);
			rest = full;
		}else if(aname[0] != '#'){
			cclose(c);
			c = nil;
			c = attachname(full, &rest);
		}else
			rest = full + (rest - aname);
	}
	name = smalloc(strlen(rest)+1);
	strcpy(name, rest);
	elems = smalloc((strlen(name)/2 + 2) * sizeof(char*));
	nelems = splitname(name, elems);
	last = amode == Acreate;
	if(last && nelems == 0)
		error(Eexist);

	nerr = 0;
	if(walk(&c, elems, nelems - last, 0, &nerr) < 0)
		nameerror(nameprefix(full != nil ? full : aname, nerr), up->errstr);

	switch(amode){
	case Abind:
	case Aaccess:
		mountlast(&c);
		break;
	case Atodir:
		isdir(c);
		break;
	case Amount:
	case Aremove:
		break;
	case Aopen:
		mountlast(&c);
		c = openchan(c, omode);
		break;
	case Acreate:
		/* an existing file is truncated, as create(2) says */
		nc = c;
		incref(&nc->ref);
		if(walk(&nc, elems+nelems-1, 1, 0, nil) == 0){
			cclose(c);
			c = nc;
			if(omode & OEXCL)
				error(Eexist);
			mountlast(&c);
			c = openchan(c, omode|OTRUNC);
			break;
		}
		cclose(nc);
		nc = createname(c, elems[nelems-1], omode, perm);
		cclose(c);
		c = nc;
		break;
	default:
		panic("namec: amode %d", amode);
	}
	poperror();
	free(name);
	free(full);
	free(elems);
	return c;
}

/*
 * File descriptors
 */

/*
 * The Chan open on fd, checked for mode (-1: any) and, with chkmnt,
 * for not being a mount driver's message channel; with iref the
 * caller gets a reference of its own.
 */
Chan*
fdtochan(int fd, int mode, int chkmnt, int iref)
{
	Fgrp *f;
	Chan *c;

	f = up->fgrp;
	lock(&f->lk);
	if(fd < 0 || fd >= f->nfd || (c = f->fd[fd]) == nil){
		unlock(&f->lk);
		error(Ebadfd);
	}
	if(iref)
		incref(&c->ref);
	unlock(&f->lk);
	if(chkmnt && (c->flag & CMSG)){
		if(iref)
			cclose(c);
		error(Ebadusefd);
	}
	if(mode < 0 || c->mode == ORDWR)
		return c;
	if((mode & OTRUNC) && c->mode == OREAD || (mode & ~OTRUNC) != c->mode){
		if(iref)
			cclose(c);
		error(Ebadusefd);
	}
	return c;
}
