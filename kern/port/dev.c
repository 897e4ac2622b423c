/*
 * Defaults and helpers for devices: what a Dev uses where an
 * operation does not apply, and the Dirtab machinery that lets a
 * simple device describe its files by a table.
 *
 * A Devgen gives the i'th entry of a directory (1), a hole to skip
 * (0) or the end (-1); with i == DEVDOTDOT, the directory's parent.
 * A Dirtab may start with an entry named "." for the directory
 * itself (9front's convention); devgen then leaves it out of
 * listings and uses it for "..".  Tables without one work too.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

/* The devtab index of device character dc; -1 (user) or panic if none. */
int
devno(int dc, int user)
{
	int i;

	for(i = 0; devtab[i] != nil; i++)
		if(devtab[i]->dc == dc)
			return i;
	if(!user)
		panic("devno %C", dc);
	return -1;
}

/* Defaults for a Dev with nothing to do at reset, init or shutdown. */
void
devreset(void)
{
}

void
devinit(void)
{
}

void
devshutdown(void)
{
}

void
mkqid(Qid *q, vlong path, u32int vers, int type)
{
	q->path = path;
	q->vers = vers;
	q->type = type;
}

void
devdir(Chan *c, Qid qid, char *n, vlong length, char *user, long perm, Dir *db)
{
	db->name = n;
	db->qid = qid;
	db->type = devtab[c->type]->dc;
	db->dev = c->dev;
	db->mode = perm;
	if(qid.type & QTDIR)
		db->mode |= DMDIR;
	db->atime = seconds();
	db->mtime = db->atime;
	db->length = length;
	db->uid = user;
	db->gid = user;
	db->muid = user;
	db->extension = nil;
	db->n_uid = db->n_gid = db->n_muid = NOUID;
}

/* The directory entry for the root of c's device. */
static void
devrootdir(Chan *c, Dir *dp)
{
	Qid q;

	mkqid(&q, 0, 0, QTDIR);
	devdir(c, q, devtab[c->type]->name, 0, eve, 0555, dp);
}

int
devgen(Chan *c, char *name, Dirtab *tab, int ntab, int i, Dir *dp)
{
	int dot;

	if(tab == nil || ntab <= 0){
		if(i != DEVDOTDOT)
			return -1;
		devrootdir(c, dp);
		return 1;
	}
	dot = strcmp(tab[0].name, ".") == 0;
	if(i == DEVDOTDOT){
		if(!dot){
			devrootdir(c, dp);
			return 1;
		}
	}else if(name != nil){
		/* look it up directly rather than in order */
		if(i > 0)
			return -1;
		for(i = dot; i < ntab; i++)
			if(strcmp(tab[i].name, name) == 0)
				break;
		if(i == ntab)
			return -1;
		tab += i;
	}else{
		i += dot;
		if(i >= ntab)
			return -1;
		tab += i;
	}
	devdir(c, tab->qid, tab->name, tab->length, eve, tab->perm, dp);
	return 1;
}

Chan*
devattach(int dc, char *spec)
{
	Chan *c;
	char *buf;
	int n;

	if(spec == nil)
		spec = "";
	c = newchan();
	mkqid(&c->qid, 0, 0, QTDIR);
	c->type = devno(dc, 0);
	n = strlen(spec) + UTFmax + 2;
	buf = smalloc(n);
	snprint(buf, n, "#%C%s", dc, spec);
	c->path = newpath(buf);
	free(buf);
	return c;
}

Chan*
devclone(Chan *c)
{
	Chan *nc;

	if(c->flag & COPEN)
		panic("clone of open file type %C", devtab[c->type]->dc);
	nc = newchan();
	nc->type = c->type;
	nc->dev = c->dev;
	nc->mode = c->mode;
	nc->qid = c->qid;
	nc->offset = c->offset;
	nc->aux = c->aux;
	nc->aux2 = c->aux2;
	nc->mqid = c->mqid;
	return nc;
}

/*
 * Walk c by names using gen over tab.  The result is nil, with the
 * error in up->errstr, if even the first name fails; otherwise a
 * Walkqid with the qids reached and, if all names were walked, the
 * clone (nc, or a new Chan if nc is nil).
 */
Walkqid*
devwalk(Chan *c, Chan *nc, char **name, int nname, Dirtab *tab, int ntab, Devgen *gen)
{
	Walkqid *wq;
	Dir dir;
	char *n;
	int i, j;
	volatile int alloc;	/* set after waserror, read by its handler: see namec */

	wq = smalloc(sizeof(Walkqid) + (nname > 1 ? nname-1 : 0) * sizeof(Qid));
	alloc = 0;
	if(waserror()){
		if(alloc && wq->clone != nil)
			cclose(wq->clone);
		free(wq);
		return nil;
	}
	if(nc == nil){
		nc = devclone(c);
		nc->type = 0;	/* not yet this device's: its close must not run */
		alloc = 1;
	}
	wq->clone = nc;
	for(j = 0; j < nname; j++){
		if(!(nc->qid.type & QTDIR)){
			if(j == 0)
				error(Enotdir);
			break;
		}
		n = name[j];
		if(strcmp(n, ".") == 0){
			wq->qid[wq->nqid++] = nc->qid;
			continue;
		}
		if(strcmp(n, "..") == 0){
			if((*gen)(nc, nil, tab, ntab, DEVDOTDOT, &dir) != 1)
				error(Enonexist);
			nc->qid = dir.qid;
			wq->qid[wq->nqid++] = nc->qid;
			continue;
		}
		for(i = 0;; i++){
			switch((*gen)(nc, n, tab, ntab, i, &dir)){
			case -1:
				if(j == 0)
					error(Enonexist);
				goto Done;
			case 0:
				continue;
			case 1:
				if(strcmp(n, dir.name) != 0)
					continue;
				nc->qid = dir.qid;
				break;
			}
			break;
		}
		wq->qid[wq->nqid++] = nc->qid;
	}
Done:
	poperror();
	if(wq->nqid < nname){
		if(alloc)
			cclose(wq->clone);
		wq->clone = nil;
	}else if(wq->clone != nil)
		wq->clone->type = c->type;
	return wq;
}

/* The last element of c's name, for the stat of a directory not in tab. */
static char*
lastelem(Chan *c)
{
	char *s, *p;

	if(c->path == nil)
		return "?";
	s = c->path->s;
	if(strcmp(s, "/") == 0)
		return s;
	p = strrchr(s, '/');
	return p != nil ? p+1 : s;
}

int
devstat(Chan *c, uchar *db, int n, Dirtab *tab, int ntab, Devgen *gen)
{
	Dir dir;
	int i, m;

	for(i = 0;; i++){
		switch((*gen)(c, nil, tab, ntab, i, &dir)){
		case -1:
			if(!(c->qid.type & QTDIR))
				error(Enonexist);
			devdir(c, c->qid, lastelem(c), 0, eve, 0555, &dir);
			goto Found;
		case 0:
			continue;
		case 1:
			if(c->qid.path == dir.qid.path)
				goto Found;
			continue;
		}
	}
Found:
	if(strcmp(dir.name, ".") == 0)
		dir.name = lastelem(c);
	m = convD2M(&dir, db, n);
	if(m == 0)
		error(Eshortstat);
	return m;
}

/*
 * Directory entries from gen, as many whole ones as fit in n bytes,
 * continuing from where the last read stopped (c->dri).
 */
long
devdirread(Chan *c, char *d, long n, Dirtab *tab, int ntab, Devgen *gen)
{
	Dir dir;
	long m;
	uint dsz;

	for(m = 0; m < n; c->dri++){
		switch((*gen)(c, nil, tab, ntab, c->dri, &dir)){
		case -1:
			return m;
		case 0:
			continue;
		case 1:
			dsz = convD2M(&dir, (uchar*)d+m, n-m);
			if(dsz <= BIT16SZ){
				if(m == 0)
					error(Eshort);
				return m;
			}
			m += dsz;
			break;
		}
	}
	return m;
}

/*
 * May up open a file owned by user with permissions perm for omode?
 * Kernel processes act as the host owner; the host owner gets the
 * group permissions, as in Plan 9.
 */
void
devpermcheck(char *user, u32int perm, int omode)
{
	static u32int access[] = { 0400, 0200, 0600, 0100 };
	char *me;
	u32int t;

	me = up != nil && up->user != nil ? up->user : eve;
	if(user != nil && strcmp(me, user) == 0)
		;
	else if(strcmp(me, eve) == 0)
		perm <<= 3;
	else
		perm <<= 6;
	t = access[omode&3];
	if(omode & OTRUNC)
		t |= 0200;
	if((t & perm) != t)
		error(Eperm);
}

Chan*
devopen(Chan *c, int omode, Dirtab *tab, int ntab, Devgen *gen)
{
	Dir dir;
	int i;

	for(i = 0;; i++){
		switch((*gen)(c, nil, tab, ntab, i, &dir)){
		case -1:
			goto Return;
		case 0:
			continue;
		case 1:
			if(c->qid.path == dir.qid.path){
				devpermcheck(dir.uid, dir.mode, omode);
				goto Return;
			}
			continue;
		}
	}
Return:
	c->offset = 0;
	if((c->qid.type & QTDIR) && openmode(omode) != OREAD)
		error(Eperm);
	c->mode = openmode(omode);
	c->flag |= COPEN;
	return c;
}

void
devcreate(Chan *c, char *name, int omode, u32int perm)
{
	error(Eperm);
}

void
devremove(Chan *c)
{
	error(Eperm);
}

int
devwstat(Chan *c, uchar *db, int n)
{
	error(Eperm);
}

/* The open mode an open(2) mode asks for: OEXEC reads. */
int
openmode(int omode)
{
	int o;

	o = omode & ~(OTRUNC|OCEXEC|ORCLOSE|OEXCL);
	if(o > OEXEC)
		error(Ebadarg);
	if(o == OEXEC)
		return OREAD;
	return o;
}

/* Read n bytes at off of the string str into buf. */
long
readstr(u64int off, char *buf, long n, char *str)
{
	u64int size;

	size = strlen(str);
	if(n <= 0 || off >= size)
		return 0;
	if(n > size - off)
		n = size - off;
	memmove(buf, str+off, n);
	return n;
}

/*
 * Read val as a decimal field of size bytes (the last a blank),
 * as Plan 9's fixed-width numbers are.
 */
long
readnum(u64int off, char *buf, long n, u64int val, int size)
{
	char tmp[64];

	if(size < 2 || size >= sizeof tmp)
		size = sizeof tmp;
	snprint(tmp, sizeof tmp, "%*llud", size-1, val);
	tmp[size-1] = ' ';
	tmp[size] = 0;
	return readstr(off, buf, n, tmp);
}
