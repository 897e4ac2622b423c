/*
 * The groups processes share or copy at rfork: name spaces (Pgrp),
 * file descriptor tables (Fgrp), environments (Egrp) and rendezvous
 * tags (Rgrp).
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

static struct {
	Lock	lk;
	u32int	pgrpid;
} pgrpalloc;

/*
 * Name spaces
 */

Pgrp*
newpgrp(void)
{
	Pgrp *p;

	p = smalloc(sizeof *p);
	p->ref.ref = 1;
	lock(&pgrpalloc.lk);
	p->pgrpid = ++pgrpalloc.pgrpid;
	unlock(&pgrpalloc.lk);
	return p;
}

void
closepgrp(Pgrp *p)
{
	Mhead *m, *next;
	Mount *list;
	int i;

	if(p == nil || decref(&p->ref) > 0)
		return;
	for(i = 0; i < MNTHASH; i++)
		for(m = p->mnthash[i]; m != nil; m = next){
			next = m->hash;
			/* Chans still naming m as their union see it empty */
			wlock(&m->lock);
			list = m->mount;
			m->mount = nil;
			wunlock(&m->lock);
			mountfree(list);
			putmhead(m);
		}
	free(p);
}

/*
 * Copy from's mount table into to (new and empty), each Mhead and
 * Mount anew so that later binds in one do not show in the other.
 * Mount ids are kept: they give the order mounts were made in.
 */
void
pgrpcpy(Pgrp *to, Pgrp *from)
{
	Mhead *f, *m, **l;
	Mount *mnt, *n, **h;
	int i;

	rlock(&from->ns);
	for(i = 0; i < MNTHASH; i++){
		l = &to->mnthash[i];
		for(f = from->mnthash[i]; f != nil; f = f->hash){
			rlock(&f->lock);
			m = newmhead(f->from);
			*l = m;
			l = &m->hash;
			h = &m->mount;
			for(mnt = f->mount; mnt != nil; mnt = mnt->next){
				n = newmount(m, mnt->to, mnt->mflag, mnt->spec);
				n->mountid = mnt->mountid;
				*h = n;
				h = &n->next;
			}
			runlock(&f->lock);
		}
	}
	runlock(&from->ns);
}

/*
 * File descriptor tables
 */

/* A copy of f holding its own references, or an empty table for nil. */
Fgrp*
dupfgrp(Fgrp *f)
{
	Fgrp *new;
	Chan **fd;
	int i, n;

	new = smalloc(sizeof *new);
	new->ref.ref = 1;
	if(f == nil){
		new->fd = smalloc(DELTAFD * sizeof(Chan*));
		new->nfd = DELTAFD;
		return new;
	}
	/* a fork (up is set): smalloc may raise Enomem */
	if(waserror()){
		free(new);
		nexterror();
	}
	/* allocate outside the lock; retry if the table grew meanwhile */
	for(;;){
		n = f->nfd;
		fd = smalloc(n * sizeof(Chan*));
		lock(&f->lk);
		if(f->nfd == n)
			break;
		unlock(&f->lk);
		free(fd);
	}
	for(i = 0; i <= f->maxfd && i < n; i++)
		if((fd[i] = f->fd[i]) != nil)
			incref(&fd[i]->ref);
	new->maxfd = f->maxfd;
	unlock(&f->lk);
	poperror();
	new->fd = fd;
	new->nfd = n;
	return new;
}

void
closefgrp(Fgrp *f)
{
	int i;

	if(f == nil || decref(&f->ref) > 0)
		return;
	for(i = 0; i <= f->maxfd && i < f->nfd; i++)
		cclose(f->fd[i]);
	free(f->fd);
	free(f);
}

/* Make room for fd in f, whose lock is held; -1 if it cannot be. */
static int
growfd(Fgrp *f, int fd)
{
	Chan **nfd;
	int n;

	if(fd < f->nfd)
		return 0;
	if(fd >= MAXFD)
		return -1;
	n = (fd/DELTAFD + 1) * DELTAFD;
	nfd = malloc(n * sizeof(Chan*));	/* malloc's lock nests inside ours */
	if(nfd == nil)
		return -1;
	memset(nfd, 0, n * sizeof(Chan*));
	memmove(nfd, f->fd, f->nfd * sizeof(Chan*));
	free(f->fd);
	f->fd = nfd;
	f->nfd = n;
	return 0;
}

/* Install c at the lowest free fd and return it, or -1 if none. */
int
newfd(Chan *c)
{
	Fgrp *f;
	int i;

	f = up->fgrp;
	lock(&f->lk);
	for(i = 0; i < f->nfd; i++)
		if(f->fd[i] == nil)
			break;
	if(growfd(f, i) < 0){
		unlock(&f->lk);
		return -1;
	}
	f->fd[i] = c;
	if(i > f->maxfd)
		f->maxfd = i;
	unlock(&f->lk);
	return i;
}

/*
 * Put c at fd, returning what was there (for the caller to close);
 * as dup(2) with a given new fd.
 */
Chan*
fdreplace(int fd, Chan *c)
{
	Fgrp *f;
	Chan *old;

	f = up->fgrp;
	lock(&f->lk);
	if(fd < 0 || growfd(f, fd) < 0){
		unlock(&f->lk);
		error(Ebadfd);
	}
	old = f->fd[fd];
	f->fd[fd] = c;
	if(fd > f->maxfd)
		f->maxfd = fd;
	unlock(&f->lk);
	return old;
}

/* Take the Chan out of fd and return it; error if fd is not open. */
Chan*
fdclear(int fd)
{
	Fgrp *f;
	Chan *c;

	f = up->fgrp;
	lock(&f->lk);
	if(fd < 0 || fd >= f->nfd || (c = f->fd[fd]) == nil){
		unlock(&f->lk);
		error(Ebadfd);
	}
	f->fd[fd] = nil;
	while(f->maxfd > 0 && f->fd[f->maxfd] == nil)
		f->maxfd--;
	unlock(&f->lk);
	return c;
}

/*
 * Environments
 */

Egrp*
newegrp(void)
{
	Egrp *e;

	e = smalloc(sizeof *e);
	e->ref.ref = 1;
	return e;
}

static void
evfree(Evalue *v)
{
	free(v->name);
	free(v->value);
	free(v);
}

/*
 * Copy the variables of from into to, which is new and empty.  smalloc
 * can raise Enomem: to holds what was copied so far (closeegrp frees
 * it), and from's lock is let go.
 */
void
envcpy(Egrp *to, Egrp *from)
{
	Evalue *v, *nv;
	int i;

	rlock(&from->lk);
	if(waserror()){
		runlock(&from->lk);
		nexterror();
	}
	to->ment = from->nent + 16;
	to->ent = smalloc(to->ment * sizeof(Evalue*));
	for(i = 0; i < from->nent; i++){
		v = from->ent[i];
		nv = smalloc(sizeof *nv);
		to->ent[i] = nv;
		to->nent = i+1;
		nv->name = smalloc(strlen(v->name)+1);
		strcpy(nv->name, v->name);
		if(v->value != nil){
			nv->value = smalloc(v->len);
			memmove(nv->value, v->value, v->len);
		}
		nv->len = v->len;
		nv->qid = v->qid;
	}
	to->nent = from->nent;
	to->path = from->path;
	to->vers = from->vers;
	poperror();
	runlock(&from->lk);
}

void
closeegrp(Egrp *e)
{
	int i;

	if(e == nil || decref(&e->ref) > 0)
		return;
	for(i = 0; i < e->nent; i++)
		evfree(e->ent[i]);
	free(e->ent);
	free(e);
}

/*
 * Rendezvous groups
 */

Rgrp*
newrgrp(void)
{
	Rgrp *r;

	r = smalloc(sizeof *r);
	r->ref.ref = 1;
	return r;
}

void
closergrp(Rgrp *r)
{
	if(r == nil || decref(&r->ref) > 0)
		return;
	free(r);
}
