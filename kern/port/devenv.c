/*
 * #e — the environment: one file per variable of the process's
 * Egrp (shared after rfork unless RFENVG/RFCENVG).  Values are byte
 * strings; rc stores a list as NUL-separated words.  Egrp.ent[0..nent)
 * holds the variables; Egrp.lk guards them and their values.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

enum {
	Maxenvsize	= 1024*1024,	/* longest value */
	Maxent		= 4096,		/* most variables in one Egrp */
};

static Egrp*
envgrp(void)
{
	if(up->egrp == nil)
		error(Enonexist);
	return up->egrp;
}

/* under eg->lk */
static Evalue*
envlookup(Egrp *eg, char *name, uvlong path)
{
	Evalue *e;
	int i;

	for(i = 0; i < eg->nent; i++){
		e = eg->ent[i];
		if(name != nil ? strcmp(e->name, name) == 0 : e->qid.path == path)
			return e;
	}
	return nil;
}

/* the variable, by name when walking, else the s'th */
static int
envgen(Chan *c, char *name, Dirtab*, int, int s, Dir *dp)
{
	Egrp *eg;
	Evalue *e;
	Qid q;

	if(s == DEVDOTDOT){
		mkqid(&q, 0, 0, QTDIR);
		devdir(c, q, "#e", 0, eve, DMDIR|0775, dp);
		return 1;
	}
	if(name != nil && s > 0)	/* devwalk asks again only after a mismatch */
		return -1;
	eg = envgrp();
	rlock(&eg->lk);
	if(name != nil)
		e = envlookup(eg, name, 0);
	else
		e = s < eg->nent ? eg->ent[s] : nil;
	if(e == nil || strlen(e->name) >= sizeof up->genbuf){
		runlock(&eg->lk);
		return -1;
	}
	strcpy(up->genbuf, e->name);	/* outlives the lock */
	devdir(c, e->qid, up->genbuf, e->len, eve, 0666, dp);
	runlock(&eg->lk);
	return 1;
}

static Chan*
envattach(char *spec)
{
	return devattach('e', spec);
}

static Walkqid*
envwalk(Chan *c, Chan *nc, char **name, int nname)
{
	return devwalk(c, nc, name, nname, nil, 0, envgen);
}

static int
envstat(Chan *c, uchar *db, int n)
{
	if(c->qid.type & QTDIR)
		c->qid.vers = envgrp()->vers;
	return devstat(c, db, n, nil, 0, envgen);
}

/* under wlock: drop e's value */
static void
envtrunc(Egrp *eg, Evalue *e)
{
	free(e->value);
	e->value = nil;
	e->len = 0;
	e->qid.vers++;
	eg->vers++;
}

static Chan*
envopen(Chan *c, int omode)
{
	Egrp *eg;
	Evalue *e;

	if(c->qid.type & QTDIR)
		return devopen(c, omode, nil, 0, envgen);
	eg = envgrp();
	wlock(&eg->lk);
	e = envlookup(eg, nil, c->qid.path);
	if(e == nil){
		wunlock(&eg->lk);
		error(Enonexist);
	}
	if(omode & OTRUNC)
		envtrunc(eg, e);
	wunlock(&eg->lk);
	c->mode = openmode(omode);
	c->flag |= COPEN;
	c->offset = 0;
	return c;
}

/* under wlock: room for one more variable */
static void
envgrow(Egrp *eg)
{
	Evalue **ent;
	int m;

	if(eg->nent < eg->ment)
		return;
	if(eg->nent >= Maxent)
		error(Enomem);
	m = eg->ment*2 + 16;
	ent = realloc(eg->ent, m * sizeof ent[0]);
	if(ent == nil)
		error(Enomem);
	eg->ent = ent;
	eg->ment = m;
}

static Evalue*
newevalue(char *name)
{
	Evalue *e;

	e = mallocz(sizeof *e, 1);
	if(e == nil)
		error(Enomem);
	e->name = strdup(name);
	if(e->name == nil){
		free(e);
		error(Enomem);
	}
	return e;
}

static void
envcreate(Chan *c, char *name, int omode, u32int perm)
{
	Egrp *eg;
	Evalue *e;

	if(c->qid.type != QTDIR || (perm & DMDIR))
		error(Eperm);
	if(strlen(name) >= sizeof up->genbuf)
		error(Etoobig);
	eg = envgrp();
	e = newevalue(name);
	wlock(&eg->lk);
	if(waserror()){
		wunlock(&eg->lk);
		free(e->name);
		free(e);
		nexterror();
	}
	if(envlookup(eg, name, 0) != nil)
		error(Eexist);
	envgrow(eg);
	mkqid(&e->qid, ++eg->path, 0, QTFILE);
	eg->ent[eg->nent++] = e;
	eg->vers++;
	poperror();
	wunlock(&eg->lk);
	c->qid = e->qid;
	c->mode = openmode(omode);
	c->flag |= COPEN;
	c->offset = 0;
}

static void
envremove(Chan *c)
{
	Egrp *eg;
	Evalue *e;
	int i;

	if(c->qid.type & QTDIR)
		error(Eperm);
	eg = envgrp();
	wlock(&eg->lk);
	for(i = 0; i < eg->nent; i++)
		if(eg->ent[i]->qid.path == c->qid.path)
			break;
	if(i == eg->nent){
		wunlock(&eg->lk);
		error(Enonexist);
	}
	e = eg->ent[i];
	eg->ent[i] = eg->ent[--eg->nent];
	eg->vers++;
	wunlock(&eg->lk);
	free(e->name);
	free(e->value);
	free(e);
}

static void
envclose(Chan *c)
{
	if((c->flag & (COPEN|CRCLOSE)) != (COPEN|CRCLOSE))
		return;
	if(waserror())
		return;
	envremove(c);
	poperror();
}

static long
envread(Chan *c, void *va, long n, vlong off)
{
	Egrp *eg;
	Evalue *e;

	if(c->qid.type & QTDIR)
		return devdirread(c, va, n, nil, 0, envgen);
	if(off < 0)
		error(Enegoff);
	eg = envgrp();
	rlock(&eg->lk);
	if(waserror()){
		runlock(&eg->lk);
		nexterror();
	}
	e = envlookup(eg, nil, c->qid.path);
	if(e == nil)
		error(Enonexist);
	if(off >= e->len)
		n = 0;
	else if(n > e->len - off)
		n = e->len - off;
	memmove(va, e->value + off, n);
	poperror();
	runlock(&eg->lk);
	return n;
}

/* under wlock: put n bytes of buf at off in e */
static void
envput(Egrp *eg, Evalue *e, char *buf, long n, vlong off)
{
	char *v;

	if(off+n > e->len){
		v = realloc(e->value, off+n);
		if(v == nil)
			error(Enomem);
		if(off > e->len)
			memset(v + e->len, 0, off - e->len);
		e->value = v;
		e->len = off+n;
	}
	memmove(e->value + off, buf, n);
	e->qid.vers++;
	eg->vers++;
}

static long
envwrite(Chan *c, void *va, long n, vlong off)
{
	Egrp *eg;
	Evalue *e;
	char *buf;

	if(off < 0)
		error(Enegoff);
	if(n < 0 || off > Maxenvsize || n > Maxenvsize - off)
		error(Etoobig);
	buf = smalloc(n > 0 ? n : 1);
	eg = envgrp();
	if(waserror()){
		free(buf);
		nexterror();
	}
	memmove(buf, va, n);	/* may fault: before taking the lock */
	wlock(&eg->lk);
	if(waserror()){
		wunlock(&eg->lk);
		nexterror();
	}
	e = envlookup(eg, nil, c->qid.path);
	if(e == nil)
		error(Enonexist);
	envput(eg, e, buf, n, off);
	poperror();
	wunlock(&eg->lk);
	poperror();
	free(buf);
	return n;
}

/* set $name to val in up's environment, from the kernel (confenv) */
void
ksetenv(char *name, char *val)
{
	char path[128];
	Chan *c;

	snprint(path, sizeof path, "#e/%s", name);
	if(waserror())
		return;		/* a bad name is left out */
	c = namec(path, Acreate, OWRITE, 0666);
	if(waserror()){
		cclose(c);
		nexterror();
	}
	devtab[c->type]->write(c, val, strlen(val), 0);
	poperror();
	cclose(c);
	poperror();
}

Dev envdevtab = {
	'e',
	"env",
	devreset,
	devinit,
	devshutdown,
	envattach,
	envwalk,
	envstat,
	envopen,
	envcreate,
	envclose,
	envread,
	envwrite,
	envremove,
	devwstat,
};
