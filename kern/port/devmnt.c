/*
 * #M — the mount driver: a 9P2000 client.  mount(2) gives it a
 * server channel; every Chan of the mounted tree is a fid on that
 * server, and each file operation becomes one or more 9P RPCs.
 *
 * The server channel contract.  The driver talks to the server only
 * through the channel's device: devtab[c->type]->write(c, msg, n, 0)
 * with one whole T-message, and devtab[c->type]->read(c, buf, n, 0)
 * for replies.  At the start of each R-message the driver asks for
 * msize bytes.  A message-oriented channel (such as '#9' will be)
 * returns exactly one whole message per read; a byte stream (a pipe)
 * may return any number of the pending bytes, and the driver then
 * reads the rest of the message with exact counts, keeping any bytes
 * past its end as the start of the next.  A read of 0 or an error
 * other than an interrupt means the server hung up; so does a write
 * error, except from a message device (see rpcsend).
 *
 * Multiplexing (Plan 9's mountmux): every RPC has its own tag and
 * buffers and sits on its Mnt's queue until answered.  One waiting
 * process at a time is the reader: it reads replies and hands each to
 * the RPC with its tag, until its own reply arrives; then it gives
 * the reader role to another waiter.  A reply goes to an RPC with a
 * full-size reply buffer by swapping it with the reader's buffer (no
 * copy); to any other, which expects a small reply, it is copied.  The reader's partial message
 * lives in the Mnt, so an interrupted reader leaves the stream intact
 * for the next one.
 *
 * An interrupt while waiting sends Tflush for the tag and waits for
 * the Rflush (or the original reply, which is then used); the mount
 * stays usable.  A kill (any NExit note, such as devproc's "sys:
 * killed") gives up instead, before the Tflush or while waiting for
 * the Rflush: the tag cannot be reused until the server answers, and
 * a server that never does would otherwise keep the process forever,
 * so the mount is marked dead as for a hangup.  (An interrupt in the middle of writing a T-message
 * to a byte stream would leave part of it there; the server then sees
 * garbage and the mount dies, as in Plan 9.)  A server that hangs up,
 * or sends a reply whose size cannot be right or whose tag no request
 * is waiting for, marks the Mnt dead: every waiter and every later
 * RPC fails with Emountrpc, and clunks are skipped.  A reply that is
 * framed right but malformed, or of the wrong type, fails only its
 * own RPC.
 *
 * Lifetime: a Mnt hangs off its server channel (c->mux) from the
 * first Tversion until that channel is freed (chanfree calls
 * mntfreemux); every #M Chan holds a reference to the server channel
 * in c->mchan, so the Mnt outlives all of them.
 *
 * Data moves once each way in the driver: a Twrite is built straight
 * from the caller's buffer, an Rread is copied from the reply buffer
 * straight into the caller's.  Each read or write is split at the fid's
 * iounit (msize-IOHDRSZ at most); zero-copy ones (below) go several
 * pieces at a time (mntrdwrn).
 *
 * Memory: an RPC's buffers are sized to what it carries.  Most carry
 * little (every message but reads and writes, and small or zero-copy
 * reads and writes): their buffers are Smallrpc bytes and the RPC is
 * kept for reuse, Nfree at most.  The others get buffers of msize
 * (the reply buffer bufsize, for swapping) and give them back when
 * done; a read-ahead Tread (below) has small buffers and an iounit of
 * pages for its data, also given back, and a mount has Aheadmem bytes
 * of them at most.
 * Running out of memory fails the RPC with Enomem.
 *
 * Zero copy: with a device that has zwrite, data does not move in
 * the driver at all.  A read or write of more than Smallrpc-IOHDRSZ
 * bytes of a plain file from a user buffer pins the buffer (segpin)
 * and writes the T-message with zwrite(c, msg, n, z): for a Twrite
 * the message is the header alone, its size counting the pinned
 * bytes, which the device sends from the pages; for a Tread the
 * device puts the reply's data into the pages and the reply read is
 * an Rread header alone (size RREADHDRSZ, count the bytes put
 * there), or any other reply whole.
 * The device takes the pin over in every case, error or not (the
 * Zbuf is cleared), and lets go when the hardware is done with the
 * pages, so a caller that gives up on an RPC (a kill) cannot leave
 * a device writing into freed memory.  Other devices get nil.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"
#include <trans9p.h>

typedef struct Mnt Mnt;
typedef struct Mntahead Mntahead;
typedef struct Mntrpc Mntrpc;

enum {
	MAXRPC	= IOHDRSZ+128*1024,	/* default msize: big reads and writes are fast */
	MAXMSIZE	= IOHDRSZ+1024*1024,	/* the largest asked for (fversion, #9's msize=) */
	MINRPC	= IOHDRSZ+512,		/* smaller cannot carry a directory entry or two */
	Smallrpc	= 8192,		/* the buffers of RPCs kept for reuse */
	Nfree	= 16,			/* RPCs kept */
	Npiece	= 8,			/* zero-copy pieces of one read or write in flight */
	Nahead	= 4,			/* Treads read ahead for one reader */
	Aheadread	= 128*1024,	/* the biggest read served from read-ahead (and an iounit) */
	Aheadmem	= 2*1024*1024,	/* reply buffers read ahead in one mount */
};

struct Mntrpc {
	Mntrpc	*list;		/* on Mnt.queue or Mnt.free (Mnt.lk) */
	Mnt	*m;
	Rendez	r;		/* the owner waits for done, the reader role, or death */
	Fcall	request;
	Fcall	reply;		/* decoded in place in rbuf */
	int	done;		/* rbuf holds the reply (Mnt.lk) */
	uint	rlen;		/* its length */
	uchar	*tbuf;		/* the T-message: tcap bytes */
	uchar	*rbuf;		/* the R-message: rcap bytes, bufsize swapped in by the reader */
	uint	tcap;
	uint	rcap;		/* Smallrpc or bufsize */
	int	zc;		/* request.data is pinned in z (see Zero copy above) */
	Zbuf	z;		/* until writemsg takes it over */
	int	ahead;		/* a read-ahead Tread, counted in Mnt.nahead */
	Zbuf	pages;		/* a read-ahead's own pages, its reply's data in them (no pins) */
	int	orphan;		/* nobody wants the reply: the reader frees it (Mnt.lk) */
};

struct Mnt {
	Lock	lk;		/* guards queue, free, nahead, rip, dead, tag */
	Chan	*c;		/* the server channel; no reference: it holds us */
	u32int	id;		/* Chan.dev of our Chans */
	u32int	msize;		/* negotiated */
	uint	bufsize;	/* of every rbuf: at least msize */
	char	*version;
	Mntrpc	*queue;		/* sent or being sent, not yet answered */
	Mntrpc	*free;		/* small ones, kept for reuse */
	int	nfree;
	int	nahead;		/* read-ahead Treads held */
	Proc	*rip;		/* the reader, or nil */
	int	dead;		/* the server hung up */
	ushort	tag;		/* last tag handed out */

	/* the message being read: touched only by the reader */
	uchar	*rbuf;
	uint	rhave;
};

static struct {
	Lock	lk;
	u32int	id;
} mntalloc;

static int mnttype = -1;	/* our devtab index */

static void	aheadfree(Chan*);

static Mnt*
chanmnt(Chan *c)
{
	Mnt *m;

	if(c->mchan == nil || (m = c->mchan->mux) == nil)
		error(Eshutdown);
	return m;
}

/*
 * RPC records: one per outstanding request.  One whose messages
 * carry size bytes besides their headers gets big buffers if they
 * would not fit small ones (see Memory above).
 */
static void	aheadpagesput(Mntrpc*);

static void
rpcrelease(Mntrpc *r)
{
	aheadpagesput(r);
	free(r->tbuf);
	free(r->rbuf);
	free(r);
}

static Mntrpc*
newrpc(Mnt *m, uint tcap, uint rcap)
{
	Mntrpc *r;

	r = malloc(sizeof *r);
	if(r == nil)
		error(Enomem);
	r->m = m;
	r->tcap = tcap;
	r->rcap = rcap;
	r->tbuf = mallocz(tcap, 0);
	r->rbuf = mallocz(rcap, 0);
	if(r->tbuf == nil || r->rbuf == nil){
		rpcrelease(r);
		error(Enomem);
	}
	return r;
}

static int
smallrpc(Mntrpc *r)
{
	return r->tcap == Smallrpc && r->rcap == Smallrpc;
}

static Mntrpc*
rpcalloc(Mnt *m, int type, uint size)
{
	Mntrpc *r;

	r = nil;
	if(size+IOHDRSZ <= Smallrpc){
		lock(&m->lk);
		r = m->free;
		if(r != nil){
			m->free = r->list;
			m->nfree--;
		}
		unlock(&m->lk);
		if(r == nil)
			r = newrpc(m, Smallrpc, Smallrpc);
	}else
		r = newrpc(m, m->msize, m->bufsize);
	memset(&r->request, 0, sizeof r->request);
	memset(&r->reply, 0, sizeof r->reply);
	r->request.type = type;
	r->done = 0;
	r->list = nil;
	r->zc = 0;
	r->ahead = 0;
	r->orphan = 0;
	return r;
}

static void
rpcfree(Mntrpc *r)
{
	Mnt *m;

	if(r == nil)
		return;
	segunpin(&r->z);	/* if zwrite never took it */
	aheadpagesput(r);
	m = r->m;
	if(r->ahead){
		lock(&m->lk);
		m->nahead--;
		unlock(&m->lk);
	}
	if(smallrpc(r)){
		lock(&m->lk);
		if(m->nfree < Nfree){
			r->list = m->free;
			m->free = r;
			m->nfree++;
			r = nil;
		}
		unlock(&m->lk);
	}
	if(r != nil)
		rpcrelease(r);
}

/*
 * Put r on the queue with a tag no queued RPC has.  Tags from
 * Transtagbase up are left to the translators behind #9 and 9pvpxy,
 * whose directory reads send batches under tags of their own
 * (trans9p.h).
 */
static void
rpcqueue(Mnt *m, Mntrpc *r)
{
	Mntrpc *q;

	lock(&m->lk);
	if(m->dead){
		unlock(&m->lk);
		error(Emountrpc);
	}
	if(r->request.type != Tversion){
	again:
		if(++m->tag >= Transtagbase)
			m->tag = 0;
		for(q = m->queue; q != nil; q = q->list)
			if(q->request.tag == m->tag)
				goto again;
		r->request.tag = m->tag;
	}else
		r->request.tag = NOTAG;
	r->done = 0;
	r->list = m->queue;
	m->queue = r;
	unlock(&m->lk);
}

/* Take r off the queue if it is still there (not answered). */
static void
rpcdequeue(Mnt *m, Mntrpc *r)
{
	Mntrpc **l;

	lock(&m->lk);
	for(l = &m->queue; *l != nil; l = &(*l)->list)
		if(*l == r){
			*l = r->list;
			break;
		}
	unlock(&m->lk);
}

/* The server is gone: wake everyone to find that out. */
static void
mntdead(Mnt *m)
{
	Mntrpc *q;

	lock(&m->lk);
	m->dead = 1;
	for(q = m->queue; q != nil; q = q->list)
		wakeup(&q->r);
	unlock(&m->lk);
}

/*
 * Stop being the reader and wake a waiter not yet answered to take
 * over; one that is not asleep finds rip nil before it sleeps.
 */
static void
mntgate(Mnt *m)
{
	Mntrpc *q;

	lock(&m->lk);
	m->rip = nil;
	for(q = m->queue; q != nil; q = q->list)
		if(!q->done && wakeup(&q->r) != nil)
			break;
	unlock(&m->lk);
}

/*
 * Until the version is agreed, the only reply that can come is the
 * answer to Tversion: bytes before it are an earlier session's, left
 * on a stream such as a virtio-serial port, and go.
 */
static void
dropstale(Mnt *m)
{
	uint off;

	off = versionreply(m->rbuf, m->rhave);
	if(off > 0){
		m->rhave -= off;
		memmove(m->rbuf, m->rbuf+off, m->rhave);
	}
}

/*
 * Read until m->rbuf holds one whole message (see the contract
 * above).  Raises on interrupt (state kept) or hangup.
 */
static void
mntreadmsg(Mnt *m)
{
	Chan *c;
	uint want;
	long n;

	c = m->c;
	for(;;){
		if(m->version == nil)
			dropstale(m);
		if(m->rhave >= BIT32SZ){
			want = GBIT32(m->rbuf);
			if(want < HDRSZ || want > m->msize)
				error(Ebadmsg);
			if(m->rhave >= want)
				return;
		}else
			want = m->msize;
		n = devtab[c->type]->read(c, m->rbuf+m->rhave, want-m->rhave, 0);
		if(n <= 0 || n > want-m->rhave)
			error(Ehungup);
		m->rhave += n;
	}
}

/*
 * Copy the reply r of size bytes into an RPC's small buffer b of cap
 * bytes; its length there, or 0 if it cannot be an answer to what
 * the RPC asked for (bigger).  An Rerror's string is cut to fit, as
 * error() would cut it anyway.
 */
static uint
smallreply(uchar *b, uint cap, uchar *r, uint size)
{
	uint n;

	if(size <= cap){
		memmove(b, r, size);
		return size;
	}
	if(r[BIT32SZ] != Rerror || size < HDRSZ+BIT16SZ || size != HDRSZ+BIT16SZ+GBIT16(r+HDRSZ))
		return 0;
	n = ERRMAX-1;
	memmove(b, r, HDRSZ);
	PBIT32(b, HDRSZ+BIT16SZ+n);
	PBIT16(b+HDRSZ, n);
	memmove(b+HDRSZ+BIT16SZ, r+HDRSZ+BIT16SZ, n);
	return HDRSZ+BIT16SZ+n;
}

/*
 * Give the message in m->rbuf to the RPC with its tag by swapping
 * buffers; bytes read past its end stay as the start of the next.
 * A reply with a tag nobody waits for (a wrong tag, a second reply,
 * a reply after its Rflush) breaks the protocol: nothing says which
 * request it was meant for, and dropping it would leave that
 * request's owner waiting forever, so the server is treated as gone.
 */
static void
mntdeliver(Mnt *m)
{
	Mntrpc *q, **l;
	uint size, extra;
	ushort tag;
	uchar *b;
	int orphan;

	size = GBIT32(m->rbuf);
	extra = m->rhave - size;
	tag = GBIT16(m->rbuf+BIT32SZ+BIT8SZ);
	lock(&m->lk);
	for(l = &m->queue; (q = *l) != nil; l = &q->list)
		if(q->request.tag == tag && !q->done)
			break;
	if(q == nil){
		unlock(&m->lk);
		error(Etag);
	}
	*l = q->list;
	if(q->rcap == m->bufsize){
		b = q->rbuf;
		q->rbuf = m->rbuf;
		m->rbuf = b;
		memmove(m->rbuf, q->rbuf+size, extra);
		q->rlen = size;
	}else{
		q->rlen = smallreply(q->rbuf, q->rcap, m->rbuf, size);
		memmove(m->rbuf, m->rbuf+size, extra);
	}
	m->rhave = extra;
	q->done = 1;
	orphan = q->orphan;
	wakeup(&q->r);
	unlock(&m->lk);
	if(orphan)
		rpcfree(q);
}

/* As the reader, read and deliver replies until r's has come. */
static void
mntreader(Mnt *m, Mntrpc *r)
{
	if(waserror()){
		if(strcmp(up->errstr, Eintr) == 0){
			mntgate(m);
			nexterror();
		}
		mntdead(m);
		mntgate(m);
		error(Emountrpc);
	}
	while(!r->done){
		if(m->dead)
			error(Emountrpc);	/* a killed waiter gave up on it */
		mntreadmsg(m);
		mntdeliver(m);
	}
	poperror();
	mntgate(m);
}

static int
rpcwake(void *a)
{
	Mntrpc *r;

	r = a;
	return r->done || r->m->rip == nil || r->m->dead;
}

/* Wait for r's reply, becoming the reader when nobody else is. */
static void
rpcwait(Mnt *m, Mntrpc *r)
{
	for(;;){
		lock(&m->lk);
		if(r->done){
			unlock(&m->lk);
			return;
		}
		if(m->dead){
			unlock(&m->lk);
			error(Emountrpc);
		}
		if(m->rip == nil){
			m->rip = up;
			unlock(&m->lk);
			mntreader(m, r);
			return;
		}
		unlock(&m->lk);
		sleep(&r->r, rpcwake, r);
	}
}

/*
 * Encode r's T-message in r->tbuf; its length.  A zero-copy Twrite
 * is its header alone, with the size of the whole message.
 */
static uint
tmessage(Mnt *m, Mntrpc *r)
{
	u32int count;
	uint n;

	count = 0;
	if(r->zc && r->request.type == Twrite){
		count = r->request.count;
		r->request.count = 0;
	}
	n = convS2M(&r->request, r->tbuf, r->tcap);
	if(n == 0)
		error(Etoobig);
	if(count != 0){
		r->request.count = count;
		PBIT32(r->tbuf, n+count);
		PBIT32(r->tbuf+n-BIT32SZ, count);
	}
	return n;
}

/*
 * Write r's T-message.  An interrupt mid-write is treated like one
 * while waiting (the server may have the message).  A message device
 * (one with zwrite, such as #9) takes a message whole or not at all,
 * so any other error it raises (out of memory, say) fails r alone;
 * from a byte stream it means the server is gone.
 */
static void
rpcsend(Mnt *m, Mntrpc *r)
{
	uint n;
	long w;

	n = tmessage(m, r);
	if(waserror()){
		if(strcmp(up->errstr, Eintr) == 0 || devtab[m->c->type]->zwrite != nil)
			nexterror();
		mntdead(m);
		error(Emountrpc);
	}
	if(r->zc)
		w = devtab[m->c->type]->zwrite(m->c, r->tbuf, n, &r->z);
	else
		w = devtab[m->c->type]->write(m->c, r->tbuf, n, 0);
	if(w != n)
		error(Eshort);
	poperror();
}

/* Will a pending note kill up when it leaves the kernel? */
static int
killpending(void)
{
	u64int s;
	int i, kill;

	s = splhi();
	lock(&up->rlock);
	kill = 0;
	for(i = 0; i < up->nnote; i++)
		if(up->note[i].flag == NExit)
			kill = 1;
	unlock(&up->rlock);
	splx(s);
	return kill;
}

/*
 * r was interrupted: flush it.  Returns 1 if r's own reply came
 * after all (use it), 0 if it was flushed or given up on.  Further
 * interrupts while waiting for the Rflush are ignored: the tag
 * cannot be reused until the server has let go of it.  A kill, at
 * the start or while waiting, gives up at once and marks the mount
 * dead (see the comment at the top): the process must be able to
 * die even if the server never answers.  (An interrupt while writing
 * the Tflush itself gives up on r; if r's reply comes later its tag
 * is unknown and the mount dies, as for any torn write.)
 */
static int
rpcflush(Mnt *m, Mntrpc *r)
{
	Mntrpc *f;
	int done;

	if(killpending()){
		mntdead(m);
		return 0;
	}
	f = rpcalloc(m, Tflush, 0);
	f->request.oldtag = r->request.tag;
	if(waserror()){
		rpcdequeue(m, f);
		rpcfree(f);
		return 0;
	}
	rpcqueue(m, f);
	rpcsend(m, f);
	for(;;){
		if(!waserror()){
			rpcwait(m, f);
			poperror();
			break;
		}
		if(m->dead)
			nexterror();
		if(killpending()){
			mntdead(m);
			nexterror();
		}
	}
	poperror();
	/*
	 * Whatever f's reply (flush(5) allows only Rflush, but a server
	 * may send Rerror), it is the server's last word on r: a reply
	 * to r must come before it.  So r's tag is free again either way.
	 */
	rpcfree(f);
	lock(&m->lk);
	done = r->done;
	unlock(&m->lk);
	return done;
}

/*
 * r, queued, was sent (or not) when an error came (up->errstr): on an
 * interrupt, flush it.  1 if its reply came all the same, else 0 with
 * r off the queue and up->errstr the error to raise.
 */
static int
rpcabort(Mnt *m, Mntrpc *r)
{
	if(strcmp(up->errstr, Eintr) != 0 || m->dead){
		rpcdequeue(m, r);
		return 0;
	}
	if(!rpcflush(m, r)){
		rpcdequeue(m, r);
		strecpy(up->errstr, up->errstr+ERRMAX, m->dead ? Emountrpc : Eintr);
		return 0;
	}
	return 1;
}

/* Decode r's reply; raise the server's error, or one for a reply of the wrong type. */
static void
rpcreply(Mntrpc *r)
{
	int type;

	type = r->request.type;
	if(r->zc && type == Tread && r->rlen == RREADHDRSZ && r->rbuf[BIT32SZ] == Rread){
		r->reply.type = Rread;	/* the data is in the caller's buffer */
		r->reply.tag = GBIT16(r->rbuf+BIT32SZ+BIT8SZ);
		r->reply.count = GBIT32(r->rbuf+HDRSZ);
		r->reply.data = nil;
	}else if(type == Tversion && r->rlen >= HDRSZ && r->rbuf[BIT32SZ] == Rlerror)
		error("server speaks 9P2000.L, not 9P2000");	/* as diod answers */
	else if(r->rlen == 0 || convM2S(r->rbuf, r->rlen, &r->reply) != r->rlen)
		error(Ebadmsg);
	if(r->reply.type == Rerror)
		error(r->reply.ename[0] != 0 ? r->reply.ename : Enoename);
	if(r->reply.type != type+1)
		error(Emountrpc);
}

/*
 * Send r and wait for its reply, decoded into r->reply.  Rerror
 * raises the server's error.  The caller frees r.
 */
static void
mountrpc(Mnt *m, Mntrpc *r)
{
	rpcqueue(m, r);
	if(waserror()){
		if(!rpcabort(m, r))
			nexterror();
		/* the reply came in spite of the interrupt: use it */
	}else{
		rpcsend(m, r);
		rpcwait(m, r);
		poperror();
	}
	rpcreply(r);
}


/*
 * Versions and attaches
 */

static Mnt*
newmnt(Chan *c, u32int msize)
{
	Mnt *m;

	m = smalloc(sizeof *m);
	m->c = c;
	m->msize = msize;
	m->bufsize = msize;
	m->rbuf = smalloc(msize);
	lock(&mntalloc.lk);
	m->id = ++mntalloc.id;
	unlock(&mntalloc.lk);
	return m;
}

static void
freemnt(Mnt *m)
{
	Mntrpc *r;

	while((r = m->free) != nil){
		m->free = r->list;
		rpcrelease(r);
	}
	while((r = m->queue) != nil){	/* orphans: every Chan is gone */
		m->queue = r->list;
		rpcrelease(r);
	}
	free(m->rbuf);
	free(m->version);
	free(m);
}

/* The server channel c is being freed: so is its Mnt. */
void
mntfreemux(Chan *c)
{
	Mnt *m;

	m = c->mux;
	c->mux = nil;
	if(m != nil)
		freemnt(m);
}

/*
 * Negotiate with the server on c unless that was done before: msize
 * 0 means MAXRPC, more than MAXMSIZE means MAXMSIZE, and the server
 * may lower it.  Returns the version
 * agreed, which lives as long as c.
 */
char*
mntversion(Chan *c, char *version, volatile u32int msize)
{
	Mnt *m;
	Mntrpc *r;
	char *v;

	if(version == nil || version[0] == 0)
		version = VERSION9P;
	if(strncmp(version, VERSION9P, strlen(VERSION9P)) != 0)
		error("unsupported 9P version");
	if(msize == 0)
		msize = MAXRPC;
	if(msize > MAXMSIZE)
		msize = MAXMSIZE;
	if(msize < MINRPC)
		error(Emsgsize);
	qlock(&c->umqlock);
	if(c->mux != nil){
		v = ((Mnt*)c->mux)->version;
		qunlock(&c->umqlock);
		return v;
	}
	m = newmnt(c, msize);
	r = rpcalloc(m, Tversion, 0);	/* before waserror: its error branch frees r */
	if(waserror()){
		qunlock(&c->umqlock);
		rpcrelease(r);
		freemnt(m);
		nexterror();
	}
	r->request.msize = msize;
	r->request.version = VERSION9P;
	mountrpc(m, r);
	if(strcmp(r->reply.version, VERSION9P) != 0)
		error("bad 9P version returned from server");
	if(r->reply.msize > msize || r->reply.msize < MINRPC)
		error("bad 9P msize returned from server");
	m->msize = r->reply.msize;
	m->version = smalloc(strlen(r->reply.version)+1);
	strcpy(m->version, r->reply.version);
	c->flag |= CMSG;
	c->mux = m;
	poperror();
	qunlock(&c->umqlock);
	rpcfree(r);
	return m->version;
}

static Mnt*
servermnt(Chan *c)
{
	if(c->type == mnttype)
		error(Ebadusefd);	/* a mounted file cannot carry 9P itself */
	mntversion(c, nil, 0);
	return c->mux;
}

/* A #M Chan for fid on m, holding a reference to the server channel. */
static void
mntchan(Chan *nc, Mnt *m)
{
	nc->type = mnttype;
	nc->dev = m->id;
	nc->aux = nil;		/* no read-ahead of its own yet */
	nc->mchan = m->c;
	incref(&m->c->ref);
}

/* fauth(2): a Chan for the server's authentication file. */
Chan*
mntauth(Chan *c, char *spec)
{
	Mnt *m;
	Mntrpc *r;
	Chan *ac;

	m = servermnt(c);
	ac = newchan();
	r = rpcalloc(m, Tauth, 0);
	if(waserror()){
		rpcfree(r);
		cclose(ac);	/* still of type 0: nothing to clunk */
		nexterror();
	}
	r->request.afid = ac->fid;
	r->request.uname = up->user;
	r->request.aname = spec;
	mountrpc(m, r);
	mntchan(ac, m);
	ac->qid = r->reply.aqid;
	ac->mode = ORDWR;
	ac->flag |= COPEN;
	ac->iounit = m->msize - IOHDRSZ;
	ac->path = newpath("#M/auth");
	poperror();
	rpcfree(r);
	return ac;
}

/*
 * mount(2)'s half: attach to the server on c as up->user with spec
 * (the aname), after ac's authentication if ac is not nil.  Returns
 * the root of the mounted tree.
 */
Chan*
mntattach(Chan *c, Chan *ac, char *spec, int flags)
{
	Mnt *m;
	Mntrpc *r;
	Chan *nc;

	USED(flags);
	if(ac != nil && (ac->type != mnttype || ac->mchan != c))
		error(Ebadusefd);
	m = servermnt(c);
	nc = newchan();
	r = rpcalloc(m, Tattach, 0);
	if(waserror()){
		rpcfree(r);
		cclose(nc);
		nexterror();
	}
	r->request.fid = nc->fid;
	r->request.afid = ac != nil ? ac->fid : NOFID;
	r->request.uname = up->user;
	r->request.aname = spec;
	mountrpc(m, r);
	mntchan(nc, m);
	nc->qid = r->reply.qid;
	nc->mqid = nc->qid;
	nc->path = newpath("#M");
	poperror();
	rpcfree(r);
	return nc;
}

/* '#M' by name: only mount(2) may attach. */
static Chan*
mntdevattach(char*)
{
	error(Enoattach);
}

static void
mntreset(void)
{
	mnttype = devno('M', 0);
}

/*
 * File operations
 */

/* Tclunk fid, ignoring failure: the fid is gone either way. */
static void
clunkfid(Mnt *m, u32int fid)
{
	Mntrpc *r;

	if(m->dead)
		return;
	r = rpcalloc(m, Tclunk, 0);
	r->request.fid = fid;
	if(!waserror()){
		mountrpc(m, r);
		poperror();
	}
	rpcfree(r);
}

/*
 * One Twalk of n <= MAXWELEM names; the qids reached go to qid.
 * Fewer qids than names means the walk stopped at name[got] and
 * newfid was not made (walk(5)).  No qids at all should have come
 * as an Rerror, but it can only mean the same, so it is a failed
 * walk (the caller says the file does not exist), not a broken
 * server.
 */
static int
walkstep(Mnt *m, u32int fid, u32int newfid, char **name, int n, Qid *qid)
{
	Mntrpc *r;
	int i, got;

	r = rpcalloc(m, Twalk, 0);
	if(waserror()){
		rpcfree(r);
		nexterror();
	}
	r->request.fid = fid;
	r->request.newfid = newfid;
	r->request.nwname = n;
	for(i = 0; i < n; i++)
		r->request.wname[i] = name[i];
	mountrpc(m, r);
	got = r->reply.nwqid;
	if(got > n)
		error(Emountrpc);
	for(i = 0; i < got; i++)
		qid[i] = r->reply.wqid[i];
	poperror();
	rpcfree(r);
	return got;
}

/*
 * Walk in steps of at most MAXWELEM names, the first from c's fid to
 * the clone's, the rest moving the clone's fid.  The clone is of
 * type 0 (whose close does nothing) until its fid exists on the
 * server.  A walk that stops part way gives only the qids reached,
 * clunking a fid an earlier step made.
 */
static Walkqid*
mntwalk(Chan *c, Chan *volatile nc, char **name, int nname)
{
	Mnt *m;
	Walkqid *wq;
	Chan *clone;
	int n, got, alloc, made;
	volatile int done;	/* read after the inner waserror (gcc cannot tell it is stable) */

	m = chanmnt(c);
	wq = smalloc(sizeof *wq + (nname > 0 ? nname-1 : 0)*sizeof(Qid));
	alloc = nc == nil;
	clone = nc;
	if(alloc){
		clone = devclone(c);
		clone->type = 0;
	}
	if(waserror()){
		if(alloc)
			cclose(clone);
		free(wq);
		nexterror();
	}
	made = 0;
	done = 0;
	do{
		n = nname - done;
		if(n > MAXWELEM)
			n = MAXWELEM;
		if(!made)
			got = walkstep(m, c->fid, clone->fid, name, n, wq->qid);
		else if(waserror())
			got = 0;	/* a later step failed: a partial walk */
		else{
			got = walkstep(m, clone->fid, clone->fid, name+done, n, wq->qid+done);
			poperror();
		}
		done += got;
		if(got < n)
			break;
		made = 1;
	}while(done < nname);
	wq->nqid = done;
	if(done < nname){
		if(made)
			clunkfid(m, clone->fid);
		if(alloc)
			cclose(clone);
		wq->clone = nil;
	}else{
		if(clone != c){
			mntchan(clone, m);
			clone->flag |= c->flag & CCACHE;
		}
		if(nname > 0)
			clone->qid = wq->qid[nname-1];
		wq->clone = clone;
	}
	poperror();
	return wq;
}

/*
 * The server's stat with our type and dev put in; too small a
 * buffer gets the size only, as devstat does.
 */
static void
dirfix(uchar *dp, Chan *c)
{
	PBIT16(dp+BIT16SZ, devtab[c->type]->dc);
	PBIT32(dp+2*BIT16SZ, c->dev);
}

static int
mntstat(Chan *c, uchar *dp, int n)
{
	Mnt *m;
	Mntrpc *r;
	uint nstat;

	if(n < BIT16SZ)
		error(Eshortstat);
	m = chanmnt(c);
	r = rpcalloc(m, Tstat, n);
	if(waserror()){
		rpcfree(r);
		nexterror();
	}
	r->request.fid = c->fid;
	mountrpc(m, r);
	nstat = r->reply.nstat;
	if(nstat < STATFIXLEN || statcheck(r->reply.stat, nstat) < 0)
		error(Ebadstat);
	if(nstat > n){
		PBIT16(dp, nstat-BIT16SZ);
		nstat = BIT16SZ;
	}else{
		memmove(dp, r->reply.stat, nstat);
		dirfix(dp, c);
	}
	poperror();
	rpcfree(r);
	return nstat;
}

/*
 * c's i/o unit: what the server said, within what msize allows; 0
 * means as much as msize allows (open(5)).  mntrdwr splits at it, so
 * it must be neither 0 nor more than a message can carry.
 */
static void
setiounit(Chan *c, Mnt *m, u32int iounit)
{
	if(iounit == 0 || iounit > m->msize-IOHDRSZ)
		iounit = m->msize-IOHDRSZ;
	c->iounit = iounit;
}

/* c is open, as Ropen or Rcreate r says */
static void
opened(Chan *c, Mnt *m, Mntrpc *r, int omode)
{
	c->qid = r->reply.qid;
	setiounit(c, m, r->reply.iounit);
	c->offset = 0;
	c->mode = openmode(omode);
	c->flag |= COPEN;
}

static Chan*
mntopen(Chan *c, int omode)
{
	Mnt *m;
	Mntrpc *r;

	m = chanmnt(c);
	r = rpcalloc(m, Topen, 0);
	if(waserror()){
		rpcfree(r);
		nexterror();
	}
	r->request.fid = c->fid;
	r->request.mode = omode;
	mountrpc(m, r);
	opened(c, m, r, omode);
	poperror();
	rpcfree(r);
	return c;
}

static void
mntcreate(Chan *c, char *name, int omode, u32int perm)
{
	Mnt *m;
	Mntrpc *r;

	m = chanmnt(c);
	r = rpcalloc(m, Tcreate, 0);
	if(waserror()){
		rpcfree(r);
		nexterror();
	}
	r->request.fid = c->fid;
	r->request.name = name;
	r->request.perm = perm;
	r->request.mode = omode;
	mountrpc(m, r);
	opened(c, m, r, omode);
	poperror();
	rpcfree(r);
}

/* The Dev close: the last reference to a fid clunks it. */
void
mntclose(Chan *c)
{
	Mnt *m;

	m = chanmnt(c);
	aheadfree(c);
	clunkfid(m, c->fid);
}

/*
 * Tremove clunks the fid whatever the answer; sysremove then frees c
 * as a type 0 Chan, so it is not clunked again.
 */
static void
mntremove(Chan *c)
{
	Mnt *m;
	Mntrpc *r;

	m = chanmnt(c);
	aheadfree(c);
	r = rpcalloc(m, Tremove, 0);
	if(waserror()){
		rpcfree(r);
		nexterror();
	}
	r->request.fid = c->fid;
	mountrpc(m, r);
	poperror();
	rpcfree(r);
}

static int
mntwstat(Chan *c, uchar *dp, int n)
{
	Mnt *m;
	Mntrpc *r;

	m = chanmnt(c);
	if(n > m->msize - (HDRSZ+BIT32SZ+BIT16SZ))
		error(Etoobig);
	r = rpcalloc(m, Twstat, n);
	if(waserror()){
		rpcfree(r);
		nexterror();
	}
	r->request.fid = c->fid;
	r->request.nstat = n;
	r->request.stat = dp;
	mountrpc(m, r);
	poperror();
	rpcfree(r);
	return n;
}

/*
 * Directory data from the server: whole entries only, each checked
 * and given our type and dev.
 */
static void
dirsfix(Chan *c, uchar *p, uint n)
{
	uint sz;

	while(n > 0){
		if(n < BIT16SZ)
			error(Ebadstat);
		sz = GBIT16(p) + BIT16SZ;
		if(sz > n || sz < STATFIXLEN || statcheck(p, sz) < 0)
			error(Ebadstat);
		dirfix(p, c);
		p += sz;
		n -= sz;
	}
}

/* may a read or write of n bytes from buf go zero copy (see above) */
static int
zcok(Mnt *m, Chan *c, long n)
{
	return devtab[m->c->type]->zwrite != nil && n+IOHDRSZ > Smallrpc && (c->qid.type & QTDIR) == 0;
}

/*
 * An RPC for a Tread or Twrite of n bytes at buf (at most c's
 * iounit), not yet sent: zero copy if it can be.
 */
static Mntrpc*
piece(Mnt *m, Chan *c, int type, uchar *buf, long n, vlong off)
{
	Mntrpc *r;
	Zbuf z;
	int zc;

	zc = 0;
	memset(&z, 0, sizeof z);
	if(zcok(m, c, n))
		zc = segpin((uintptr)buf, n, type == Tread, &z) == 0;
	if(waserror()){
		segunpin(&z);
		nexterror();
	}
	r = rpcalloc(m, type, zc ? 0 : n);
	poperror();
	r->request.fid = c->fid;
	r->request.offset = off;
	r->request.count = n;
	r->request.data = (char*)buf;
	r->zc = zc;
	r->z = z;
	return r;
}

/*
 * The count the server gave for piece r of n bytes at buf, its reply
 * decoded.  Read data goes from the reply buffer straight to buf, or,
 * zero copy, is there already.
 */
static long
piecegot(Chan *c, Mntrpc *r, uchar *buf, long n)
{
	long got;

	got = r->reply.count;
	if(got < 0 || got > n)
		error(Emountrpc);
	if(r->request.type == Tread && r->reply.data != nil){
		if(c->qid.type & QTDIR)
			dirsfix(c, (uchar*)r->reply.data, got);
		memmove(buf, r->reply.data, got);
	}
	return got;
}

/* One Tread or Twrite of at most c's iounit; returns the count the server gave. */
static long
mntrdwr1(Mnt *m, Chan *c, int type, uchar *buf, long n, vlong off)
{
	Mntrpc *r;
	long got;

	r = piece(m, c, type, buf, n, off);
	if(waserror()){
		rpcfree(r);
		nexterror();
	}
	mountrpc(m, r);
	got = piecegot(c, r, buf, n);
	poperror();
	rpcfree(r);
	return got;
}

static void
piecesfree(Mntrpc **r, int np)
{
	int i;

	for(i = 0; i < np; i++)
		rpcfree(r[i]);
}

/*
 * Take back the pieces r[0..nq) not yet answered after an error in
 * sending or waiting (up->errstr, kept): each is flushed on an
 * interrupt (see rpcabort).
 */
static void
piecesabort(Mnt *m, Mntrpc **r, int nq)
{
	char err[ERRMAX];
	int i, done;

	strecpy(err, err+sizeof err, up->errstr);
	for(i = 0; i < nq; i++){
		lock(&m->lk);
		done = r[i]->done;
		unlock(&m->lk);
		if(!done){
			strecpy(up->errstr, up->errstr+ERRMAX, err);
			rpcabort(m, r[i]);
		}
	}
	strecpy(up->errstr, up->errstr+ERRMAX, m->dead ? Emountrpc : err);
}

/*
 * A zero-copy read or write of more than one iounit as Npiece RPCs
 * at once at most, each an iounit of the caller's buffer but the
 * last: the server works on them together (QEMU in several threads),
 * which pays for a reader with a big buffer as read-ahead would,
 * without a copy.  All are answered before any reply is looked at,
 * so a server's error leaves no piece in flight; the count is that
 * of the pieces up to the first short one, as in mntrdwr.
 */
static long
mntrdwrn(Mnt *m, Chan *c, int type, uchar *buf, long n, vlong off)
{
	Mntrpc *r[Npiece];
	volatile int np, nq;
	long len, got, total;
	u32int iounit;
	int i;

	iounit = c->iounit;
	np = nq = 0;
	if(waserror()){
		piecesabort(m, r, nq);
		piecesfree(r, np);
		nexterror();
	}
	for(; np < Npiece && (vlong)np*iounit < n; np++){
		len = n - np*iounit;
		r[np] = piece(m, c, type, buf + np*iounit, len < iounit ? len : iounit, off + np*iounit);
	}
	for(; nq < np; nq++){
		rpcqueue(m, r[nq]);
		rpcsend(m, r[nq]);
	}
	for(i = 0; i < np; i++)
		rpcwait(m, r[i]);
	poperror();
	if(waserror()){
		piecesfree(r, np);
		nexterror();
	}
	total = 0;
	for(i = 0; i < np; i++){
		rpcreply(r[i]);
		len = r[i]->request.count;
		got = piecegot(c, r[i], buf + total, len);
		total += got;
		if(got < len)
			break;
	}
	poperror();
	piecesfree(r, np);
	return total;
}

/*
 * Reads and writes in iounit pieces, stopping at a short one, or
 * at one that moved nothing (so a server's count of 0 never makes
 * us ask again); zero copy ones several pieces at a time.  A
 * directory is read with one Tread: its entries must not be split.
 */
static long
mntrdwr(int type, Chan *c, uchar *buf, long n, vlong off)
{
	Mnt *m;
	long nr, got, total;
	u32int iounit;

	m = chanmnt(c);
	iounit = c->iounit;	/* set by setiounit or mntauth */
	total = 0;
	while(total < n){
		nr = n - total;
		if(nr > iounit && zcok(m, c, iounit)){
			if(nr > (vlong)Npiece*iounit)
				nr = Npiece*iounit;
			got = mntrdwrn(m, c, type, buf+total, nr, off+total);
		}else{
			if(nr > iounit)
				nr = iounit;
			got = mntrdwr1(m, c, type, buf+total, nr, off+total);
		}
		total += got;
		if(got < nr || got == 0 || (c->qid.type & QTDIR))
			break;
	}
	return total;
}

/*
 * Read-ahead.  A process that reads a plain file in order a little
 * at a time (Aheadread bytes or less, and an iounit, per read)
 * from a message device (one with zwrite, such as #9) would wait
 * for the server once per read; instead, from its second read in order on, the Chan keeps
 * Nahead Treads of a whole iounit in flight ahead of it and serves
 * reads from their replies, sending another as each is used up.
 * Reading anywhere else (a seek), writing through the Chan, a
 * short reply (end of file), an error and closing all stop it: the
 * Treads still out become orphans, whose replies the reader frees
 * when they come, so stopping never waits for the server.  Data read
 * ahead may miss what other clients write to the file meanwhile, as
 * data in any cache may; a write through this Chan is never missed.
 * A mount holds Aheadmem bytes of their pages at most (15 Treads at
 * the default msize, 4 at 512024), so many readers do not fill memory
 * with them.  Each Tread goes zero copy (see above) into pages of its
 * own, so its data starts on a page, and whole pages of it go to a
 * reader whose buffer starts on one by trading them for the reader's
 * (aheadgive, segflip); what cannot be traded is copied.  Copying
 * alone already paid at 128K (a Tread of 512000 bytes carries four
 * such reads: under TCG 64 MiB read in 128K blocks at msize 512024
 * took 69 ms against 101 ms zero copy), but the copy was half of it;
 * trading pages took it to 47 ms.  With the copy gone, a read of a
 * whole iounit gains too (128K at the default msize: 82 ms against 106
 * zero copy, the Treads' round trips overlapping).  Bigger reads go
 * zero copy: mntrdwrn already keeps their pieces in flight together.
 */
struct Mntahead {
	QLock	ql;		/* one reader at a time; guards all below */
	vlong	next;		/* where the last read ended; -1: start afresh */
	Mntrpc	*r[Nahead];	/* Treads out, in file order */
	int	n;
	int	ready;		/* r[0] is answered and decoded */
	long	pos;		/* bytes of r[0]'s data given out */
	vlong	sendoff;	/* where the next Tread reads */
	int	eof;		/* a reply came short: send no more */
};

/* may a read of n bytes of c go through read-ahead? */
static int
aheadok(Mnt *m, Chan *c, long n)
{
	return devtab[m->c->type]->zwrite != nil && (c->qid.type & QTDIR) == 0 &&
		n > 0 && n <= Aheadread && n <= c->iounit && (c->mode & 3) != OWRITE;
}

/* c's read-ahead state, made the first time; nil if there is no memory */
static Mntahead*
aheadof(Chan *c)
{
	Mntahead *a;

	if(c->aux != nil)
		return c->aux;
	a = malloc(sizeof *a);
	if(a == nil)
		return nil;
	a->next = -1;
	lock(&c->lk);
	if(c->aux == nil){
		c->aux = a;
		a = nil;
	}
	unlock(&c->lk);
	free(a);
	return c->aux;
}

/* Give up the Treads of a still out: answered ones are freed, the others orphaned. */
static void
aheadstop(Mnt *m, Mntahead *a)
{
	Mntrpc *r;
	int i;

	for(i = 0; i < a->n; i++){
		r = a->r[i];
		lock(&m->lk);
		if(!r->done){
			r->orphan = 1;
			r = nil;
		}
		unlock(&m->lk);
		rpcfree(r);
	}
	a->n = 0;
	a->ready = 0;
	a->pos = 0;
	a->eof = 0;
}

/*
 * The pages a read-ahead Tread of n bytes has its data put in, and
 * their pin for the device (see Zero copy).  Pages, not a buffer
 * from the heap: whole ones can go to the reader (aheadgive).
 */
static void
aheadpages(Mntrpc *r, long n)
{
	Zbuf *p;
	int i;

	p = &r->pages;
	p->pa = mallocz(((n + BY2PG-1)/BY2PG) * sizeof *p->pa, 1);
	if(p->pa == nil)
		error(Enomem);
	p->npa = (n + BY2PG-1)/BY2PG;
	p->n = n;
	for(i = 0; i < p->npa; i++)
		if((p->pa[i] = pagealloc1()) == 0)
			error(Enomem);
	if(zpages(&r->z, p->pa, p->npa, n) < 0)
		error(Enomem);
}

static void
aheadpagesput(Mntrpc *r)
{
	Zbuf *p;
	int i;

	p = &r->pages;
	if(p->pa == nil)
		return;
	for(i = 0; i < p->npa; i++)
		if(p->pa[i] != 0)
			pageput(p->pa[i]);
	free(p->pa);
	memset(p, 0, sizeof *p);
}

/*
 * Give k bytes of r's data from pos to the reader's buf: whole pages
 * into a page-aligned user buffer by trading the reader's pages for
 * r's (segflip: under TCG a copy of 128 KiB costs more than the
 * round trip read-ahead saves), the rest, or all when the trade
 * cannot be made, copied.  r's pages are then the reader's old ones,
 * freed with r.
 */
static void
aheadgive(Mntrpc *r, uchar *buf, long pos, long k)
{
	long np;

	np = k/BY2PG;
	if(np > 0 && pos%BY2PG == 0 && (uintptr)buf%BY2PG == 0
	&& segflip((uintptr)buf, r->pages.pa + pos/BY2PG, np) == 0){
		buf += np*BY2PG;
		pos += np*BY2PG;
		k -= np*BY2PG;
	}
	zgather(&r->pages, pos, buf, k);
}

/*
 * Send Treads until Nahead are out, or the mount holds Aheadmem.
 * Raises nothing: a Tread that cannot be had is just not sent.
 */
static void
aheadsend(Mnt *m, Chan *c, Mntahead *a)
{
	Mntrpc *volatile r;
	int room;

	while(a->n < Nahead && !a->eof){
		lock(&m->lk);
		room = (m->nahead+1)*m->bufsize <= Aheadmem && !m->dead;
		if(room)
			m->nahead++;
		unlock(&m->lk);
		if(!room)
			return;
		r = nil;
		if(waserror()){
			if(r == nil){
				lock(&m->lk);
				m->nahead--;
				unlock(&m->lk);
			}else{
				rpcdequeue(m, r);	/* not sent (see rpcsend) */
				rpcfree(r);
			}
			return;
		}
		r = newrpc(m, Smallrpc, Smallrpc);	/* the reply is a header: the data goes to the pages */
		r->ahead = 1;
		aheadpages(r, c->iounit);
		r->zc = 1;
		r->request.type = Tread;
		r->request.fid = c->fid;
		r->request.offset = a->sendoff;
		r->request.count = c->iounit;
		rpcqueue(m, r);
		rpcsend(m, r);
		poperror();
		a->r[a->n++] = r;
		a->sendoff += c->iounit;
	}
}

/* Wait for a->r[0]'s reply and decode it. */
static void
aheadwait(Mnt *m, Chan *c, Mntahead *a)
{
	Mntrpc *r;

	r = a->r[0];
	rpcwait(m, r);
	rpcreply(r);
	if(r->reply.count < 0 || r->reply.count > c->iounit)
		error(Emountrpc);
	if(r->reply.count < c->iounit)
		a->eof = 1;
	a->ready = 1;
}

/* a->r[0] is used up: the next one takes its place. */
static void
aheadnext(Mntahead *a)
{
	rpcfree(a->r[0]);
	memmove(a->r, a->r+1, (a->n-1)*sizeof a->r[0]);
	a->n--;
	a->ready = 0;
	a->pos = 0;
}

/*
 * A read of n bytes at off, through read-ahead.  An interrupt while
 * waiting leaves the Treads out as they are, for the next read.
 */
static long
aheadread(Mnt *m, Chan *c, Mntahead *a, uchar *buf, long n, vlong off)
{
	Mntrpc *r;
	long got, k;

	if(a->n == 0){
		a->sendoff = off;
		aheadsend(m, c, a);
		if(a->n == 0)
			return mntrdwr(Tread, c, buf, n, off);
	}
	got = 0;
	while(got < n && a->n > 0){
		if(!a->ready){
			if(waserror()){
				if(strcmp(up->errstr, Eintr) != 0)
					aheadstop(m, a);
				nexterror();
			}
			aheadwait(m, c, a);
			poperror();
		}
		r = a->r[0];
		k = r->reply.count - a->pos;
		if(k > n - got)
			k = n - got;
		aheadgive(r, buf+got, a->pos, k);
		a->pos += k;
		got += k;
		if(a->pos < r->reply.count)
			break;
		if(a->eof){
			aheadstop(m, a);	/* the file ends in r[0]: the rest read nothing */
			a->next = -1;		/* and the next read is plain */
			return got;
		}
		aheadnext(a);
		aheadsend(m, c, a);
	}
	a->next = off + got;
	return got;
}

static long
mntread(Chan *c, void *buf, long n, vlong off)
{
	Mntahead *a;
	Mnt *m;
	long got;

	m = chanmnt(c);
	if(!aheadok(m, c, n) || (a = aheadof(c)) == nil)
		return mntrdwr(Tread, c, buf, n, off);
	qlock(&a->ql);
	if(waserror()){
		qunlock(&a->ql);
		nexterror();
	}
	if(off != a->next)
		aheadstop(m, a);	/* a seek, or the first read */
	if(off == a->next)
		got = aheadread(m, c, a, buf, n, off);
	else{
		got = mntrdwr(Tread, c, buf, n, off);
		a->next = got == n ? off + got : -1;	/* short: at the end already */
	}
	poperror();
	qunlock(&a->ql);
	return got;
}

/* writing through c makes what it read ahead stale */
static void
aheadforget(Chan *c)
{
	Mntahead *a;

	a = c->aux;
	if(a == nil)
		return;
	qlock(&a->ql);
	aheadstop(chanmnt(c), a);
	a->next = -1;
	qunlock(&a->ql);
}

/* c is going: so is its read-ahead */
static void
aheadfree(Chan *c)
{
	if(c->aux == nil)
		return;
	aheadforget(c);
	free(c->aux);
	c->aux = nil;
}

static long
mntwrite(Chan *c, void *buf, long n, vlong off)
{
	aheadforget(c);
	return mntrdwr(Twrite, c, buf, n, off);
}

Dev mntdevtab = {
	'M',
	"mnt",
	mntreset,
	devinit,
	devshutdown,
	mntdevattach,
	mntwalk,
	mntstat,
	mntopen,
	mntcreate,
	mntclose,
	mntread,
	mntwrite,
	mntremove,
	mntwstat,
};
