/*
 * #9 — QEMU's native virtio-9p.  Each virtio-9p device exports one
 * host directory under a mount tag (read from its configuration).
 *
 *	#9tag		the root of the host share, through the mount
 *			driver: mount -d '#9' /dev/null /mnt/x tag
 *
 * '#9' without a tag is refused (Enospec).  /dev/mtags, served by the
 * console device (devcons.c) as the seed page has it, is rendered
 * here by mtagsprint: one line per device, in virtio order: "tag:-" when not
 * mounted, else "tag:version:msize:N:M" with the version and msize
 * the host agreed to, N the fids the host holds for us now (a mount
 * with nothing open holds 1: its root) and M the most requests the
 * session has had in flight at once (1: requests never overlapped).
 *
 * Transport.  Attaching gives the mount driver (devmnt.c) a server
 * channel, one per tag shared by all mounts of the tag, so that there
 * is one 9P session (one Tversion) per device.  It is a message
 * stream: each write of a T-message is translated to 9P2000.u or
 * 9P2000.L (lib/9p/trans9p.c) and becomes one descriptor chain, the
 * message out and a reply buffer in, and returns at once; each
 * completion puts the request on the done list; each read takes one
 * request off it and translates its R-message straight into the
 * reader's buffer.  A .L request of several host messages goes back
 * on the queue with the next one instead (p9reply), same tag, same
 * buffers, until its reply comes; a directory read's batch (trans9p.h)
 * goes as one chain per message, each with a small reply buffer of
 * the request's P9batch, and the request is done when every chain
 * is (P9req.pending), so mtags' M counts each of them.
 * Pairing replies with callers is the mount driver's tag matching, so
 * any number of requests are in flight.
 *
 * Buffers are sized to what they carry: a request is made for its
 * T-message and the reply it can get (a Tread's count, Smallmsg for
 * the rest); the small ones, nearly all, are kept for reuse, Ncache
 * at most, until the session ends.  Messages are translated into the request's buffer, and
 * replies out of it, into the mount driver's.
 *
 * Zero copy (devmnt.c): a big read or write comes with the caller's
 * pinned pages, through zwrite.  A Twrite's chain is its header and then the pages;
 * a Tread's reply buffer is an Rread header's worth of the request's
 * own and then the pages, so the host's data lands in the caller's
 * buffer.  Any other reply to that Tread (an Rerror) runs on into
 * the pages too; it is gathered back and translated as usual.  The
 * request holds the pin until it is freed, which is after the device
 * has returned it, whatever became of the caller.
 *
 * Buffers belong to the request, not to a stack: a request is freed
 * only after its completion has been read (or dropped), so a writer
 * or reader interrupted by a note leaves nothing the device still
 * owns.  An interrupted RPC becomes a Tflush from the mount driver.
 * QEMU completes a request it flushed without a reply: its buffer's
 * header was cleared before queueing, so such a completion (or any
 * reply whose size or tag disagree) is dropped.
 *
 * The session ends when the server channel's last reference goes
 * (the last mount gone: every #M Chan holds one); requests still in
 * flight then are freed when they complete, by the next session.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"
#include "virtio.h"
#include <trans9p.h>

typedef struct P9tag P9tag;
typedef struct P9req P9req;
typedef struct P9chain P9chain;
typedef struct P9batch P9batch;

enum {
	Qsrv		= 1,		/* the only #9 channel: a server channel */

	Maxdevs		= 16,		/* virtio-9p devices served */
	Maxtaglen	= 255,
	Vf9pmounttag	= 0,		/* feature: the tag is in the configuration */

	Maxmsize	= 128*BY2PG+IOHDRSZ,	/* the most any tag carries: see chainmsize */
	Defmsize	= 128*1024+IOHDRSZ,	/* offered when it does not */
	Minmsize	= 512+IOHDRSZ,	/* devmnt's MINRPC */
	Smallmsg	= 8192,		/* reply buffers of requests kept for reuse */
	Ncache		= 16,		/* idle small requests kept */
	Maxzpages	= Maxmsize/BY2PG + 2,	/* pages a pinned buffer of up to Maxmsize can touch */
};

#define QID(i, t)	((uvlong)(i)<<4 | (t))
#define QTYPE(p)	((int)((p) & 0xF))
#define QINDEX(p)	((int)((p) >> 4))


/* One descriptor chain: a host message out, its reply in. */
struct P9chain {
	P9req	*rq;
	u32int	len;		/* bytes the device wrote */
};

/*
 * A batch of host messages for one request (a 9P2000.L directory
 * read: see trans9p.h), each its own chain with a reply buffer of
 * Transrmax bytes.
 */
struct P9batch {
	int	n;		/* chains the last batch had */
	uchar	*t;		/* its T-messages, back to back */
	uint	tcap;
	P9chain	c[Transbatch];
	uchar	r[Transbatch*Transrmax];
};

/* One T-message on its way, and later its reply. */
struct P9req {
	P9req	*next;		/* on P9tag.done or P9tag.free */
	ulong	gen;		/* the session that sent it */
	Transreq	tr;		/* for translating the reply */
	P9chain	one;		/* the chain of a request of one message at a time */
	P9batch	*b;		/* or of a batch, nil until one */
	int	pending;	/* chains the device still has */
	u32int	len;		/* bytes the device wrote to r */
	uchar	*t;		/* the T-message as the host gets it */
	uchar	*r;		/* the reply: the device's from vqadd until done */
	u32int	tcap;		/* bytes at t */
	u32int	rcap;		/* bytes at r */
	Zbuf	z;		/* zero copy: the caller's pages, pinned; z.pa nil if none */
};

/* One virtio-9p device. */
struct P9tag {
	char	name[Maxtaglen+1];
	int	index;		/* in tags[]: Chan.dev, qid */
	Vdev	*d;
	Vqueue	*q;
	u32int	maxmsize;	/* the most its queue carries zero copy */

	QLock	ql;		/* guards srv and gen */
	Chan	*srv;		/* the session's server channel, no reference; or nil */
	ulong	gen;		/* sessions started */

	QLock	xl;		/* guards x */
	Trans9p	x;

	Lock	lk;		/* ilock: the done list, inflight, peak */
	P9req	*done;		/* completed, oldest first */
	P9req	*donetail;
	int	inflight;
	int	peak;
	Rendez	rr;		/* the reader waits for done */
	QLock	rl;		/* so that only one process sleeps on rr */

	Lock	freelk;		/* guards free, nfree */
	P9req	*free;
	int	nfree;
};

static P9tag	*tags[Maxdevs];
static int	ntags;

/* every line of mtags fits the console device's buffer */
_Static_assert(Maxdevs*(Maxtaglen+64) <= MTAGSLEN, "MTAGSLEN too small");

/*
 * Requests
 */

static void
reqrelease(P9req *rq)
{
	free(rq->t);
	free(rq->r);
	if(rq->b != nil)
		free(rq->b->t);
	free(rq->b);
	free(rq);
}

static int
small(P9req *rq)
{
	return rq->tcap == Smallmsg+Transgrowth && rq->rcap == Smallmsg && rq->b == nil;
}

static void
reqfree(P9tag *t, P9req *rq)
{
	trans9preqfree(&rq->tr);
	segunpin(&rq->z);
	if(small(rq)){
		lock(&t->freelk);
		if(t->nfree < Ncache){
			rq->next = t->free;
			t->free = rq;
			t->nfree++;
			rq = nil;
		}
		unlock(&t->freelk);
	}
	if(rq != nil)
		reqrelease(rq);
}

/* the idle requests go back to the heap (the session is over) */
static void
reqdrain(P9tag *t)
{
	P9req *rq;

	for(;;){
		lock(&t->freelk);
		rq = t->free;
		if(rq != nil){
			t->free = rq->next;
			t->nfree--;
		}
		unlock(&t->freelk);
		if(rq == nil)
			return;
		reqrelease(rq);
	}
}

/*
 * A request for a T-message of tlen bytes (translated) and a reply
 * of rlen.  Buffers from malloc are physically contiguous, as vseg
 * needs.  Out of memory is an error for the caller.
 */
static P9req*
reqalloc(P9tag *t, uint tlen, uint rlen)
{
	P9req *rq;

	if(tlen <= Smallmsg+Transgrowth && rlen <= Smallmsg){
		lock(&t->freelk);
		rq = t->free;
		if(rq != nil){
			t->free = rq->next;
			t->nfree--;
		}
		unlock(&t->freelk);
		if(rq != nil)
			return rq;
		tlen = Smallmsg+Transgrowth;
		rlen = Smallmsg;
	}
	rq = malloc(sizeof *rq);
	if(rq != nil){
		memset(&rq->tr, 0, sizeof rq->tr);
		rq->one.rq = rq;
		rq->b = nil;
		rq->t = mallocz(tlen, 0);
		rq->r = mallocz(rlen, 0);
		rq->tcap = tlen;
		rq->rcap = rlen;
		if(rq->t == nil || rq->r == nil){
			reqrelease(rq);
			rq = nil;
		}
	}
	if(rq == nil)
		error(Enomem);
	return rq;
}

/* rq's last chain is back: on the done list, under t->lk */
static void
putdone(P9tag *t, P9req *rq)
{
	rq->next = nil;
	if(t->donetail != nil)
		t->donetail->next = rq;
	else
		t->done = rq;
	t->donetail = rq;
}

/* completion, at interrupt level under the queue's ilock */
static void
p9done(Vqueue *q, void *token, u32int len)
{
	P9chain *ch;
	P9tag *t;
	P9req *rq;
	int done;

	t = q->aux;
	ch = token;
	rq = ch->rq;
	ch->len = len;
	if(ch == &rq->one)
		rq->len = len;
	ilock(&t->lk);
	t->inflight--;
	done = --rq->pending == 0;
	if(done)
		putdone(t, rq);
	iunlock(&t->lk);
	if(done)
		wakeup(&t->rr);
}

static int
havedone(void *a)
{
	return ((P9tag*)a)->done != nil;
}

static P9req*
takedone(P9tag *t)
{
	P9req *rq;

	ilock(&t->lk);
	rq = t->done;
	if(rq != nil){
		t->done = rq->next;
		if(t->done == nil)
			t->donetail = nil;
	}
	iunlock(&t->lk);
	return rq;
}

/* a reply the host really sent for rq's T-message */
static int
answered(P9req *rq)
{
	return rq->len >= HDRSZ && GBIT32(rq->r) == rq->len &&
		GBIT16(rq->r+BIT32SZ+BIT8SZ) == rq->tr.tag;
}

/* decoding rewrites strings in place: keep the caller's buffer intact */
static int
hasstrings(int type)
{
	switch(type){
	case Tversion:
	case Tauth:
	case Tattach:
	case Twalk:
	case Tcreate:
	case Twstat:
		return 1;
	}
	return 0;
}

/*
 * Sessions
 */

/*
 * Host messages of a batch in flight at once: each takes two
 * descriptors, and a batch is kicked once, when all of it is queued,
 * so it must leave the queue room for the others.
 */
static int
maxbatch(Vqueue *q)
{
	int n;

	n = q->ring.num/4;
	return n < Transbatch ? n : Transbatch;
}

/* the tag's server channel, with a reference: the session's, or a new one */
static Chan*
p9server(P9tag *t, int dialect)
{
	char path[Maxtaglen+8];
	Chan *c;

	qlock(&t->ql);
	c = t->srv;
	if(c != nil && increfnz(&c->ref)){
		qunlock(&t->ql);
		return c;
	}
	c = newchan();
	c->type = devno('9', 0);
	c->dev = t->index;
	mkqid(&c->qid, QID(t->index, Qsrv), 0, QTFILE);
	c->mode = ORDWR;
	c->flag |= COPEN;
	snprint(path, sizeof path, "#9%s", t->name);
	c->path = newpath(path);
	c->aux2 = ++t->gen;
	t->srv = c;
	qlock(&t->xl);
	trans9pfree(&t->x);
	trans9pinit(&t->x, t->maxmsize, dialect);
	t->x.maxbatch = maxbatch(t->q);
	qunlock(&t->xl);
	ilock(&t->lk);
	t->peak = t->inflight;
	iunlock(&t->lk);
	qunlock(&t->ql);
	return c;
}

/* the server channel's last reference is gone: so is its session */
static void
p9endsession(Chan *c)
{
	P9tag *t;

	t = tags[c->dev];
	qlock(&t->ql);
	if(t->srv == c){
		t->srv = nil;
		qlock(&t->xl);
		trans9pfree(&t->x);
		qunlock(&t->xl);
	}
	qunlock(&t->ql);
	reqdrain(t);
}

static P9tag*
servertag(Chan *c)
{
	P9tag *t;

	if(QTYPE(c->qid.path) != Qsrv || c->dev >= (u32int)ntags)
		error(Eperm);
	t = tags[c->dev];
	if(c->aux2 != t->gen)
		error(Ehungup);
	return t;
}

/* the reply buffer a's T-message of n bytes needs (translate uses it too) */
static uint
replysize(uchar *a, long n)
{
	uint rlen;

	rlen = Smallmsg;
	if(a[BIT32SZ] == Tread && n == TREADSZ)
		rlen = GBIT32(a+n-BIT32SZ) + IOHDRSZ;
	if(hasstrings(a[BIT32SZ]) && rlen < n)
		rlen = n;
	return rlen;
}

/* translate a's T-message of n bytes into rq->t; its length */
static uint
translate(P9tag *t, P9req *rq, uchar *a, long n)
{
	uchar *m;
	uint len;

	m = a;
	if(hasstrings(a[BIT32SZ])){
		memmove(rq->r, a, n);
		m = rq->r;
	}
	qlock(&t->xl);
	len = trans9ptmsg(&t->x, m, n, rq->t, rq->tcap, &rq->tr);
	qunlock(&t->xl);
	if(len == 0)
		error(Ebadmsg);
	return len;
}

/* one chain onto the queue, counted in flight; raises if it cannot */
static void
p9add(P9tag *t, Vseg *out, int nout, Vseg *in, int nin, P9chain *ch)
{
	ilock(&t->lk);
	if(++t->inflight > t->peak)
		t->peak = t->inflight;
	iunlock(&t->lk);
	if(waserror()){
		ilock(&t->lk);
		t->inflight--;
		iunlock(&t->lk);
		nexterror();
	}
	if(vqadd(t->q, out, nout, in, nin, ch) < 0)
		error(Ebroken);
	poperror();
}

/*
 * Give rq (its T-message of len bytes at rq->t) to the host: a
 * zero-copy Twrite's data follows from the pinned pages, a zero-copy
 * Tread's reply goes after its header into them.
 */
static void
p9queue(P9tag *t, Chan *c, P9req *rq, uint len)
{
	Vseg seg[2+Maxzpages], *in;
	int nout, nin;

	memset(rq->r, 0, HDRSZ);
	rq->gen = c->aux2;
	rq->pending = 1;
	seg[0] = vseg(rq->t, len);
	nout = 1;
	if(rq->z.pa != nil && rq->tr.type == Twrite)
		nout += vsegz(seg+1, Maxzpages, &rq->z);
	in = seg+nout;
	in[0] = vseg(rq->r, rq->rcap);
	nin = 1;
	if(rq->z.pa != nil && rq->tr.type == Tread){
		in[0].len = RREADHDRSZ;
		nin += vsegz(in+1, Maxzpages, &rq->z);
	}
	p9add(t, seg, nout, in, nin, &rq->one);
	vqkick(t->q);
}

/*
 * Give the host k T-messages for rq at once, m bytes at a, back to
 * back, each its own chain with its own reply buffer; rq is done when
 * all are.  A chain the queue refuses (a note while it waits for
 * room) counts as done with no reply, which the translator takes for
 * a host's failure: so the request still ends, and is never freed
 * while the device holds some of its buffers.
 */
static void
p9batch(P9tag *t, Chan *c, P9req *rq, uchar *a, uint m, int k)
{
	P9batch *b;
	Vseg out, in;
	uint off, len;
	int i, done;

	if(k > Transbatch)
		error(Ebadmsg);
	for(i = 0, off = 0; i < k; i++, off += len)
		if(m-off < HDRSZ || (len = GBIT32(a+off)) < HDRSZ || len > m-off)
			error(Ebadmsg);
	if(rq->b == nil && (rq->b = mallocz(sizeof *rq->b, 1)) == nil)
		error(Enomem);
	b = rq->b;
	if(b->tcap < m){
		free(b->t);
		b->tcap = 0;
		if((b->t = malloc(m)) == nil)
			error(Enomem);
		b->tcap = m;
	}
	memmove(b->t, a, m);
	b->n = k;
	rq->gen = c->aux2;
	rq->pending = k;
	for(i = 0, off = 0; i < k; i++, off += len){
		len = GBIT32(b->t+off);
		b->c[i].rq = rq;
		b->c[i].len = 0;
		memset(b->r+i*Transrmax, 0, HDRSZ);
		out = vseg(b->t+off, len);
		in = vseg(b->r+i*Transrmax, Transrmax);
		if(waserror())
			break;
		p9add(t, &out, 1, &in, 1, &b->c[i]);
		poperror();
	}
	vqkick(t->q);
	if(i == k)
		return;
	ilock(&t->lk);
	rq->pending -= k-i;
	done = rq->pending == 0;
	if(done)
		putdone(t, rq);
	iunlock(&t->lk);
	if(done)
		wakeup(&t->rr);
}

/*
 * A zero-copy T-message (a Twrite's header, or a Tread) for z's
 * rq->z.n bytes into rq->t; its length.
 */
static uint
zmessage(P9tag *t, P9req *rq, uchar *a, long n)
{
	uint len;

	if(n == TWRITEHDRSZ && a[BIT32SZ] == Twrite &&
	   GBIT32(a) == n+rq->z.n && GBIT32(a+n-BIT32SZ) == rq->z.n){
		memset(&rq->tr, 0, sizeof rq->tr);	/* the host takes it as it is */
		rq->tr.type = Twrite;
		rq->tr.htype = Twrite;
		rq->tr.tag = GBIT16(a+BIT32SZ+BIT8SZ);
		rq->tr.fid = GBIT32(a+HDRSZ);
		memmove(rq->t, a, n);
		return n;
	}
	if(a[BIT32SZ] != Tread || GBIT32(a) != (u32int)n || GBIT32(a+n-BIT32SZ) != rq->z.n)
		error(Ebadmsg);
	len = translate(t, rq, a, n);
	if(rq->tr.dirread)
		error(Ebadmsg);	/* directories are read through a buffer, to translate */
	return len;
}

/*
 * One T-message: translate, queue, and return without waiting.  With
 * z non-nil (zwrite), the pinned buffer becomes the request's at once.
 */
static long
p9send(Chan *c, uchar *a, long n, Zbuf *z)
{
	P9tag *volatile t;
	P9req *volatile rq;	/* used by the error branch; volatile quiets -Wclobbered */
	Zbuf zb;
	uint len;

	memset(&zb, 0, sizeof zb);
	if(z != nil){
		zb = *z;
		memset(z, 0, sizeof *z);
	}
	t = nil;
	rq = nil;
	if(waserror()){
		if(rq != nil)
			reqfree(t, rq);
		else
			segunpin(&zb);
		nexterror();
	}
	t = servertag(c);
	if(n < HDRSZ || n > Maxmsize || (zb.pa == nil && GBIT32(a) != (u32int)n))
		error(Ebadmsg);
	if(zb.pa != nil && zb.n > Maxmsize-IOHDRSZ)
		error(Etoobig);
	if(zb.pa != nil)
		rq = reqalloc(t, n, Smallmsg);
	else
		rq = reqalloc(t, n+Transgrowth, replysize(a, n));
	rq->z = zb;
	if(rq->z.pa != nil)
		len = zmessage(t, rq, a, n);
	else
		len = translate(t, rq, a, n);
	p9queue(t, c, rq, len);
	poperror();
	return n;
}

/* the next reply the host really sent this session; waits */
static P9req*
p9next(P9tag *t, Chan *c)
{
	P9req *rq;

	qlock(&t->rl);
	if(waserror()){
		qunlock(&t->rl);
		nexterror();
	}
	for(;;){
		if(c->aux2 != t->gen)
			error(Ehungup);
		sleep(&t->rr, havedone, t);
		rq = takedone(t);
		if(rq == nil)
			continue;
		if(rq->gen == c->aux2 && (answered(rq) || rq->b != nil && rq->b->n > 0))
			break;	/* a batch's replies are the translator's to judge */
		reqfree(t, rq);	/* flushed, or left by an older session */
	}
	poperror();
	qunlock(&t->rl);
	return rq;
}

/*
 * The reply to a zero-copy Tread: an Rread, its data in the pinned
 * pages, gives its header alone into a (size RREADHDRSZ); its length.
 * Any other reply ran on into the pages: it is gathered back behind
 * its header in rq->r, and 0 says to translate it from there.
 */
static uint
zrread(P9req *rq, uchar *a, long n)
{
	u32int count;

	if(rq->len > RREADHDRSZ+rq->z.n)
		rq->len = 0;	/* longer than the buffers: not an answer */
	if(rq->r[BIT32SZ] != Rread){
		if(rq->len > rq->rcap)
			rq->len = 0;	/* too long to be an Rerror */
		if(rq->len > RREADHDRSZ)
			zgather(&rq->z, 0, rq->r+RREADHDRSZ, rq->len-RREADHDRSZ);
		return 0;
	}
	count = GBIT32(rq->r+HDRSZ);
	if(rq->len != RREADHDRSZ+count || n < RREADHDRSZ)
		return trans9perror(a, n, rq->tr.tag, Ebadmsg);
	memmove(a, rq->r, RREADHDRSZ);
	PBIT32(a, RREADHDRSZ);
	return RREADHDRSZ;
}

/* translate rq's reply, or each of its batch's until one says more than wait */
static uint
hostreply(P9tag *t, P9req *rq, uchar *a, long n)
{
	P9batch *b;
	uint m, len;
	int i, k;

	b = rq->b;
	if(b == nil || b->n == 0)
		return trans9prmsg(&t->x, &rq->tr, rq->r, rq->len, a, n);
	k = b->n;
	b->n = 0;
	m = 0;
	for(i = 0; i < k; i++){
		len = b->c[i].len;
		if(len > Transrmax)
			len = 0;	/* longer than its buffer: not an answer */
		m = trans9prmsg(&t->x, &rq->tr, b->r+i*Transrmax, len, a, n);
		if(!rq->tr.wait)
			break;
	}
	return m;
}

/* room for a T-message of m bytes at rq->t, which the device does not hold now */
static void
growt(P9req *rq, uint m)
{
	uchar *p;

	if(m <= rq->tcap)
		return;
	p = malloc(m);
	if(p == nil)
		error(Enomem);
	free(rq->t);
	rq->t = p;
	rq->tcap = m;
}

/*
 * Translate rq's reply into a, n bytes; its length.  A request of
 * several host messages (9P2000.L) gets its next one (or batch)
 * instead: it is queued again, under xl so that a Tflush translated
 * meanwhile finds it sent (see trans9p.h), and 0 with rq->tr.more set
 * says to wait for another reply.  0 with rq->tr.wait set says the
 * reply is held by the translator (an Rflush): rq is over.
 */
static uint
p9reply(P9tag *t, Chan *c, P9req *rq, uchar *a, long n)
{
	uint m;

	qlock(&t->xl);
	if(waserror()){
		qunlock(&t->xl);
		nexterror();
	}
	m = hostreply(t, rq, a, n);
	if(m >= HDRSZ && rq->tr.more && (rq->tr.more > 1 || GBIT16(a+BIT32SZ+BIT8SZ) != rq->tr.tag)){
		/* a batch's messages, even a batch of one, are under tags of their own */
		p9batch(t, c, rq, a, m, rq->tr.more);
		m = 0;
	}else if(m != 0 && rq->tr.more){
		growt(rq, m);
		memmove(rq->t, a, m);
		p9queue(t, c, rq, m);
		m = 0;
	}else if(m == 0 && !rq->tr.wait && (m = trans9perror(a, n, rq->tr.tag, Ebadmsg)) == 0)
		error(Etoosmall);
	poperror();
	qunlock(&t->xl);
	return m;
}

/* One R-message into a, n bytes; waits for a completion. */
static long
p9recv(Chan *c, uchar *a, long n)
{
	P9tag *t;
	P9req *volatile rq;
	uint m;

	t = servertag(c);
	rq = nil;
	if(waserror()){
		if(rq != nil)
			reqfree(t, rq);
		nexterror();
	}
	do{
		rq = p9next(t, c);
		if(rq->z.pa != nil && rq->tr.type == Tread && (m = zrread(rq, a, n)) != 0)
			break;	/* the data is in the caller's pages */
		m = p9reply(t, c, rq, a, n);
		if(m == 0 && !rq->tr.more)
			reqfree(t, rq);	/* held back by the translator */
		if(m == 0)
			rq = nil;	/* or the host's again */
	}while(m == 0);
	poperror();
	reqfree(t, rq);
	return m;
}

/*
 * Devices
 */

/* tags end up in "tag:..." lines: no separators or control bytes */
static int
goodtag(char *s)
{
	if(*s == 0)
		return 0;
	for(; *s != 0; s++)
		if(*s == ':' || *s == '/' || (uchar)*s <= ' ' || *s == 0x7F)
			return 0;
	return 1;
}

/*
 * No chain may be longer than the queue (virtio 1.x 2.7.5.3.1).  A
 * zero-copy Tread of d pages of data is its T-message out, the Rread
 * header in and the pages, which at an arbitrary offset in a buffer
 * whose pages are not physically adjacent are d+1 descriptors; a
 * Twrite is its header, d+1 pages and the reply.  So d = num-3 pages
 * is the most one request carries: with QEMU's 128 entries, 512024
 * bytes, Linux's 512000 and the header.
 */
static u32int
chainmsize(uint num)
{
	uvlong m;

	if(num < 4)
		return Minmsize;	/* too short for zero copy, which starts above 8168 bytes */
	m = (uvlong)(num-3)*BY2PG + IOHDRSZ;
	return m < Maxmsize ? m : Maxmsize;
}

static P9tag*
p9setup(Vdev *d)
{
	uchar b[2];
	P9tag *t;
	int len;

	if(vdevinit(d, VF(Vf9pmounttag)) < 0)
		return nil;
	t = nil;
	if(!vdevhas(d, Vf9pmounttag) || vdevcfgread(d, 0, b, 2) < 0)
		goto bad;
	len = GBIT16(b);
	t = malloc(sizeof *t);
	if(len == 0 || len > Maxtaglen || t == nil)
		goto bad;
	if(vdevcfgread(d, 2, t->name, len) < 0)
		goto bad;
	t->name[len] = 0;
	if(strlen(t->name) != (usize)len || !goodtag(t->name))
		goto bad;
	t->q = vdevqueue(d, 0, 1+Maxzpages, p9done);
	if(t->q == nil)
		goto bad;
	t->q->aux = t;
	t->d = d;
	t->maxmsize = chainmsize(t->q->ring.num);
	vdevready(d);
	return t;
bad:
	print("#9: %s: no usable mount tag\n", d->name);
	free(t);
	vdevreset(d);
	return nil;
}

static void
p9init(void)
{
	P9tag *t;
	Vdev *d;
	int i;

	for(i = 0; ntags < Maxdevs && (d = virtiofind(V9p, i)) != nil; i++){
		t = p9setup(d);
		if(t == nil)
			continue;
		t->index = ntags;
		tags[ntags++] = t;
	}
}

static P9tag*
findtag(char *name)
{
	int i;

	for(i = 0; i < ntags; i++)
		if(strcmp(tags[i]->name, name) == 0)
			return tags[i];
	return nil;
}

/*
 * The attach spec: a tag, then options, space separated.  msize=N
 * offers N-byte messages instead of Defmsize, or the tag's maxmsize
 * if that is less; 9P2000.L or 9P2000.u (the default) is the dialect
 * spoken to the host.  The session's first mount decides both, and
 * the host may agree to a smaller msize.
 */
static P9tag*
p9spec(char *spec, u32int *msize, int *dialect)
{
	char buf[Maxtaglen+64], *f[4], *e;
	P9tag *t;
	int i, n;

	if(strlen(spec) >= sizeof buf)
		error(Ebadspec);
	strcpy(buf, spec);
	n = tokenize(buf, f, nelem(f));
	if(n == 0)
		error(Enospec);
	*msize = Defmsize;
	*dialect = Dialectu;
	for(i = 1; i < n; i++){
		if(strcmp(f[i], VERSION9PL) == 0){
			*dialect = DialectL;
			continue;
		}
		if(strcmp(f[i], VERSION9PU) == 0){
			*dialect = Dialectu;
			continue;
		}
		if(strncmp(f[i], "msize=", 6) != 0)
			error(Ebadspec);
		*msize = strtoul(f[i]+6, &e, 0);
		if(e == f[i]+6 || *e != 0 || *msize < Minmsize)
			error(Ebadmsize);
	}
	t = findtag(f[0]);
	if(t == nil)
		error(Enotag);
	if(*msize > t->maxmsize)
		*msize = t->maxmsize;
	return t;
}

static Chan*
p9attach(char *spec)
{
	P9tag *t;
	Chan *srv, *c;
	u32int msize;
	int dialect;

	t = p9spec(spec, &msize, &dialect);
	srv = p9server(t, dialect);
	if(waserror()){
		cclose(srv);
		nexterror();
	}
	mntversion(srv, nil, msize);	/* a session under way keeps its msize */
	c = mntattach(srv, nil, "", 0);
	poperror();
	cclose(srv);
	return c;
}

/* only the mount driver holds #9 channels: its server channels */
static Walkqid*
p9walk(Chan*, Chan*, char**, int)
{
	error(Eperm);
}

static int
p9stat(Chan*, uchar*, int)
{
	error(Eperm);
}

static Chan*
p9open(Chan*, int)
{
	error(Eperm);
}

static void
p9close(Chan *c)
{
	if(QTYPE(c->qid.path) == Qsrv)
		p9endsession(c);
}

/* the text of /dev/mtags */
char*
mtagsprint(char *p, char *e)
{
	P9tag *t;
	int i;

	for(i = 0; i < ntags; i++){
		t = tags[i];
		qlock(&t->ql);
		qlock(&t->xl);
		if(t->srv == nil || t->x.nfid == 0 || t->x.msize == 0)
			p = seprint(p, e, "%s:-\n", t->name);
		else
			p = seprint(p, e, "%s:%s:%ud:%d:%d\n", t->name, t->x.version,
				t->x.msize, t->x.nfid, t->peak);
		qunlock(&t->xl);
		qunlock(&t->ql);
	}
	return p;
}

static long
p9read(Chan *c, void *a, long n, vlong off)
{
	USED(off);
	if(QTYPE(c->qid.path) != Qsrv)
		error(Egreg);
	return p9recv(c, a, n);
}

static long
p9write(Chan *c, void *a, long n, vlong)
{
	return p9send(c, a, n, nil);
}

/* the mount driver's zero-copy write (devmnt.c) */
static long
p9zwrite(Chan *c, void *a, long n, Zbuf *z)
{
	return p9send(c, a, n, z);
}

Dev p9devtab = {
	'9',
	"9p",
	devreset,
	p9init,
	devshutdown,
	p9attach,
	p9walk,
	p9stat,
	p9open,
	devcreate,
	p9close,
	p9read,
	p9write,
	devremove,
	devwstat,
	p9zwrite,
};
