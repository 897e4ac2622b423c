/*
 * #| — pipes.  Each attach makes a new pipe: a directory holding
 * data and data1; what is written on one is read from the other.
 *
 * Each direction is a ring of Pipeqsize bytes with one reader and
 * one writer at a time (QLocks), so the reader alone moves rp and
 * the writer alone moves wp, and the bytes move between the ring
 * and the user's buffer without a lock held.  Message boundaries
 * are not kept.  When the last open of a side is closed, reads on
 * the other side return what is left, then 0; writes there post
 * "sys: write on closed pipe" and fail, as in Plan 9.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

enum {
	Qdir,
	Qdata0,
	Qdata1,

	Pipeqsize	= 32*1024,	/* bytes held per direction: a power of 2 */
};

#define PIPETYPE(path)		((int)((path) & 0xF))
#define PIPEID(path)		((u32int)((path) >> 4))
#define PIPEQID(id, type)	(((uvlong)(id) << 4) | (type))

typedef struct Pipe Pipe;
typedef struct Pipeq Pipeq;

struct Pipeq {
	QLock	rlk;		/* held by the one reader */
	QLock	wlk;		/* held by the one writer */
	Rendez	rr;		/* the reader waits for data or eof */
	Rendez	wr;		/* the writer waits for room or closed */
	uchar	*buf;
	u64int	rp;		/* bytes ever read: moved by the reader only */
	u64int	wp;		/* bytes ever written: moved by the writer only */
	int	eof;		/* no writer left: reads drain, then return 0 */
	int	closed;		/* no reader left: writes fail */
};

struct Pipe {
	Lock	lk;		/* guards ref and qref */
	int	ref;		/* Chans pointing here */
	int	qref[2];	/* opens of data, data1 */
	u32int	id;
	char	*user;		/* who made it: owner of data and data1 */
	Pipeq	q[2];		/* q[i] is read on side i, written on the other */
};

static struct {
	Lock	lk;
	u32int	id;
} pipealloc;

static Dirtab pipedir[] = {
	"data",		{Qdata0},	0,	0600,
	"data1",	{Qdata1},	0,	0600,
};

static u64int
qlen(Pipeq *q)
{
	return __atomic_load_n(&q->wp, __ATOMIC_ACQUIRE) - __atomic_load_n(&q->rp, __ATOMIC_ACQUIRE);
}

static int
pipegen(Chan *c, char*, Dirtab *tab, int ntab, int i, Dir *dp)
{
	Pipe *p;
	Qid q;

	p = c->aux;
	if(i == DEVDOTDOT){
		mkqid(&q, PIPEQID(p->id, Qdir), 0, QTDIR);
		devdir(c, q, "#|", 0, p->user, DMDIR|0555, dp);
		return 1;
	}
	if(i < 0 || i >= ntab)
		return -1;
	tab += i;
	mkqid(&q, PIPEQID(p->id, tab->qid.path), 0, QTFILE);
	devdir(c, q, tab->name, qlen(&p->q[tab->qid.path - Qdata0]), p->user, tab->perm, dp);
	return 1;
}

static void
pipefree(Pipe *p)
{
	free(p->q[0].buf);
	free(p->q[1].buf);
	free(p->user);
	free(p);
}

static Chan*
pipeattach(char *spec)
{
	Pipe *p;
	Chan *c;
	char *u;

	p = smalloc(sizeof *p);
	if(waserror()){
		pipefree(p);	/* smalloc zeroes, so what is not yet made is nil */
		nexterror();
	}
	p->ref = 1;
	p->q[0].buf = smalloc(Pipeqsize);
	p->q[1].buf = smalloc(Pipeqsize);
	u = up != nil && up->user != nil ? up->user : eve;
	p->user = smalloc(strlen(u)+1);
	strcpy(p->user, u);
	lock(&pipealloc.lk);
	p->id = ++pipealloc.id;
	unlock(&pipealloc.lk);
	c = devattach('|', spec);
	poperror();
	mkqid(&c->qid, PIPEQID(p->id, Qdir), 0, QTDIR);
	c->aux = p;
	return c;
}

static Walkqid*
pipewalk(Chan *c, Chan *nc, char **name, int nname)
{
	Walkqid *wq;
	Pipe *p;

	wq = devwalk(c, nc, name, nname, pipedir, nelem(pipedir), pipegen);
	if(wq != nil && wq->clone != nil && wq->clone != c){
		p = c->aux;
		lock(&p->lk);
		p->ref++;
		unlock(&p->lk);
	}
	return wq;
}

static int
pipestat(Chan *c, uchar *db, int n)
{
	return devstat(c, db, n, pipedir, nelem(pipedir), pipegen);
}

static Chan*
pipeopen(Chan *c, int omode)
{
	Pipe *p;
	int t;

	c = devopen(c, omode, pipedir, nelem(pipedir), pipegen);
	t = PIPETYPE(c->qid.path);
	if(t == Qdata0 || t == Qdata1){
		p = c->aux;
		lock(&p->lk);
		p->qref[t - Qdata0]++;
		unlock(&p->lk);
		c->flag |= CSTREAM;
	}
	return c;
}

static void
pipeclose(Chan *c)
{
	Pipe *p;
	int side, hangup, last;

	p = c->aux;
	side = PIPETYPE(c->qid.path) - Qdata0;
	hangup = 0;
	lock(&p->lk);
	if((c->flag & COPEN) && (side == 0 || side == 1) && --p->qref[side] == 0){
		/* side stops reading q[side] and writing q[side^1] */
		p->q[side].closed = 1;
		p->q[side^1].eof = 1;
		hangup = 1;
	}
	last = --p->ref == 0;
	unlock(&p->lk);
	if(hangup){
		wakeup(&p->q[side].wr);
		wakeup(&p->q[side^1].rr);
	}
	if(last)
		pipefree(p);
}

static int
canread(void *a)
{
	Pipeq *q;

	q = a;
	return qlen(q) > 0 || q->eof;
}

static int
canwrite(void *a)
{
	Pipeq *q;

	q = a;
	return qlen(q) < Pipeqsize || q->closed;
}

static long
qread(Pipeq *q, uchar *va, long n)
{
	u64int rp, avail;
	long m, off;

	if(n <= 0)
		return 0;
	qlock(&q->rlk);
	if(waserror()){
		qunlock(&q->rlk);
		nexterror();
	}
	while(!canread(q))
		sleep(&q->rr, canread, q);	/* may return early: Plan 9 semantics */
	rp = q->rp;
	avail = __atomic_load_n(&q->wp, __ATOMIC_ACQUIRE) - rp;
	if(n > avail)
		n = avail;
	if(n > 0){
		off = rp & (Pipeqsize-1);
		m = Pipeqsize - off;
		if(m > n)
			m = n;
		memmove(va, q->buf+off, m);
		memmove(va+m, q->buf, n-m);
		__atomic_store_n(&q->rp, rp+n, __ATOMIC_RELEASE);
		wakeup(&q->wr);
	}
	poperror();
	qunlock(&q->rlk);
	return n;
}

static long
qwrite(Chan *c, Pipeq *q, uchar *va, long n)
{
	u64int wp, room;
	long done, m, k, off;

	qlock(&q->wlk);
	if(waserror()){
		qunlock(&q->wlk);
		nexterror();
	}
	for(done = 0; done < n; done += m){
		sleep(&q->wr, canwrite, q);
		if(q->closed){
			/* no note when the pipe carries a mount's messages */
			if(!(c->flag & CMSG))
				postnote(up, 1, "sys: write on closed pipe", NUser);
			error(Ehungup);
		}
		wp = q->wp;
		room = Pipeqsize - (wp - __atomic_load_n(&q->rp, __ATOMIC_ACQUIRE));
		m = n - done;
		if(m > room)
			m = room;
		off = wp & (Pipeqsize-1);
		k = Pipeqsize - off;
		if(k > m)
			k = m;
		memmove(q->buf+off, va+done, k);
		memmove(q->buf, va+done+k, m-k);
		__atomic_store_n(&q->wp, wp+m, __ATOMIC_RELEASE);
		wakeup(&q->rr);
	}
	poperror();
	qunlock(&q->wlk);
	return n;
}

static long
piperead(Chan *c, void *va, long n, vlong)
{
	Pipe *p;

	p = c->aux;
	switch(PIPETYPE(c->qid.path)){
	case Qdir:
		return devdirread(c, va, n, pipedir, nelem(pipedir), pipegen);
	case Qdata0:
		return qread(&p->q[0], va, n);
	case Qdata1:
		return qread(&p->q[1], va, n);
	}
	error(Egreg);
}

static long
pipewrite(Chan *c, void *va, long n, vlong)
{
	Pipe *p;

	p = c->aux;
	switch(PIPETYPE(c->qid.path)){
	case Qdata0:
		return qwrite(c, &p->q[1], va, n);
	case Qdata1:
		return qwrite(c, &p->q[0], va, n);
	}
	error(Eperm);
}

Dev pipedevtab = {
	'|',
	"pipe",
	devreset,
	devinit,
	devshutdown,
	pipeattach,
	pipewalk,
	pipestat,
	pipeopen,
	devcreate,
	pipeclose,
	piperead,
	pipewrite,
	devremove,
	devwstat,
};
