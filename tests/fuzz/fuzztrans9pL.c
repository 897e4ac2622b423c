/*
 * libFuzzer target for lib/9p/trans9p.c's 9P2000.L side (built by
 * tests/fuzz/run).  Where fuzztrans9p.c models .u exactly, a .L request
 * may take several host messages, so this target plays both ends of a
 * session instead and checks what must hold of every message the
 * translator writes, whatever came before:
 *
 *	a message for the host decodes as .L, exactly its length, under
 *	the request's tag, and is the T-message the Transreq says is
 *	under way (htype); a directory read's batch (trans9p.h) is
 *	Transreq.more such messages back to back, each under a tag of
 *	its own that trans9ptagof gives back as the read's, or the
 *	read's own, and the host answers them one by one, in any order;
 *	a reply for the kernel decodes as plain 9P2000, exactly, under
 *	the request's tag, and is Rerror or the reply to the request's
 *	type; a directory read's data is whole plain entries, none "."
 *	or "..", within the count the kernel asked for; an Rflush the
 *	translator held (Transreq.wait) comes right after the reply of
 *	the request it flushed, and only there;
 *	nothing is written past the buffer, an allocation of exactly the
 *	size offered (dev9p's, or a smaller one), and the length given is
 *	within it;
 *	the count of the host's fids never goes below 0, and when the
 *	session ends every request's state has been freed (LeakSanitizer).
 *
 * An input is records of six bytes, op a b c d e: op picks what happens
 * (a kernel T-message, the host's proper reply to a pending request,
 * Rlerror, or raw bytes the next e bytes of input give), and a..e the
 * fields, from small sets of fids, names and modes, so that most
 * records are well formed and the multi-message paths (directory
 * reads, create of a directory, rename, links) are reached.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include <trans9p.h>

#include "fuzz.h"

enum {
	Msize	= 128*1024+IOHDRSZ,
	Big	= 1<<18,
	Npend	= 16,
	Nheld	= 16,
	Nfid	= 8,
	Rec	= 6,
};

typedef struct Pend Pend;
struct Pend {
	Transreq	rq;
	u32int	count;		/* a Tread's */
	ushort	nwname;		/* a Twalk's */
	ushort	out[Transbatch];	/* the tags of its host messages not answered yet */
	int	nout;
};

static Trans9p x;
static Pend pend[Npend];
static int npend;
static struct {
	ushort	tag;		/* the Tflush's */
	ushort	oldtag;		/* the request whose reply it is to follow */
} held[Nheld];
static int nheld;
static ushort nexttag;
static uchar msg[Big];
static char longname[256];
static char *names[] = { "d", "f", "l", ".", "..", "", longname, "ünï" };

static int
tagbusy(ushort tag)
{
	int i;

	for(i = 0; i < npend; i++)
		if(pend[i].rq.tag == tag)
			return 1;
	return 0;
}

static ushort
newtag(void)
{
	while(tagbusy(nexttag) || nexttag == NOTAG)
		nexttag++;
	return nexttag++;
}

/* the buffer offered: mostly dev9p's, now and then a small one */
static uint
offer(uchar sel)
{
	if(sel % 4 != 3)
		return Msize;
	return sel;
}

/* the Rflush held for oldtag (forget: no longer), or -1 */
static int
heldfor(ushort oldtag, int forget)
{
	int i, tag;

	for(i = 0; i < nheld; i++)
		if(held[i].oldtag == oldtag){
			tag = held[i].tag;
			if(forget)
				held[i] = held[--nheld];
			return tag;
		}
	return -1;
}

static void
drop(int i)
{
	heldfor(pend[i].rq.tag, 1);	/* abandoned: its held Rflush goes too */
	trans9preqfree(&pend[i].rq);
	memmove(pend+i, pend+i+1, (npend-i-1)*sizeof pend[0]);
	npend--;
}

/* the messages for the host, n bytes at out, for p's request: rq.more of them, or one */
static void
tohost(Pend *p, uchar *out, uint n)
{
	static uchar copy[Big];
	Fcall g;
	uint off, k;
	int i, want;

	want = p->rq.more > 0 ? p->rq.more : 1;
	need(want <= Transbatch && p->nout == 0);
	for(i = 0, off = 0; i < want; i++, off += k){
		need(n-off >= BIT32SZ);
		k = GBIT32(out+off);
		need(k <= n-off);
		memmove(copy, out+off, k);
		need(convM2Sx(copy, k, &g, DialectL) == k);
		need(g.type == p->rq.htype && (g.type & 1) == 0);
		need(g.tag == p->rq.tag || want > 1 || p->rq.dirread);
		if(g.tag != p->rq.tag)
			need(g.tag >= Transtagbase && trans9ptagof(&x, g.tag) == p->rq.tag);
		p->out[p->nout++] = g.tag;
	}
	need(off == n);
}

/* whole plain directory entries, none . or .. */
static void
plainentries(uchar *p, uint n)
{
	uint k;
	Dir d;

	while(n > 0){
		need(n >= BIT16SZ);
		k = BIT16SZ + GBIT16(p);
		need(k <= n && convM2D(p, k, &d, nil) == k);
		need(strcmp(d.name, ".") != 0 && strcmp(d.name, "..") != 0);
		p += k;
		n -= k;
	}
}

/* a reply for the kernel, n bytes at out, to p's request */
static void
tokernel(Pend *p, uchar *out, uint n)
{
	static uchar copy[Big];
	Fcall g;

	int ftag;
	uint k;

	/* an Rflush it held follows the reply, alone */
	ftag = heldfor(p->rq.tag, 1);
	need(n >= BIT32SZ);
	k = GBIT32(out);
	need(k <= n && (ftag >= 0) == (k < n));
	if(k < n){
		memmove(copy, out+k, n-k);
		need(convM2S(copy, n-k, &g) == n-k && g.type == Rflush && g.tag == ftag);
		n = k;
	}
	memmove(copy, out, n);
	need(convM2S(copy, n, &g) == n);
	need(g.tag == p->rq.tag);
	need(g.type == Rerror || g.type == p->rq.type+1);
	if(g.type == Rread && p->rq.dirread){
		need(g.count <= p->count);
		plainentries((uchar*)g.data, g.count);
	}
	if(g.type == Rwalk)
		need(g.nwqid <= p->nwname);
}

/* translate the n bytes at m (an allocation of their length) into a buffer of max bytes; its length */
static uint
translate(int fromhost, Pend *p, uchar *m, uint n, uint max, uchar **outp)
{
	uchar *out;
	uint r;

	out = malloc(max ? max : 1);
	if(fromhost)
		r = trans9prmsg(&x, &p->rq, m, n, out, max);
	else
		r = trans9ptmsg(&x, m, n, out, max, &p->rq);
	need(r <= max);
	*outp = out;
	return r;
}

static void
kernelmsg(uchar *m, uint n, uchar sel, u32int count, ushort nwname)
{
	uchar *in, *out;
	uint r;
	Pend *p;

	if(npend == Npend)
		drop(0);	/* as if flushed and answered */
	p = &pend[npend];
	memset(p, 0, sizeof *p);
	p->count = count;
	p->nwname = nwname;
	in = copyin(m, n);
	r = translate(0, p, in, n, offer(sel), &out);
	if(r != 0){
		tohost(p, out, r);
		npend++;
	}else
		trans9preqfree(&p->rq);
	free(out);
	free(in);
}

/* a plain T-message from the fields */
static void
kernel(uchar *a)
{
	Fcall f;
	uint n;
	uchar st[STATFIXLEN+3*256];
	Dir d;

	memset(&f, 0, sizeof f);
	f.tag = newtag();
	f.fid = a[1] % Nfid;
	switch(a[0]/8 % 12){
	case 0:
		f.type = Tversion;
		f.tag = NOTAG;
		f.msize = Msize;
		f.version = a[2] & 1 ? VERSION9P : "9P2000.x";
		break;
	case 1:
		f.type = Tattach;
		f.afid = NOFID;
		f.uname = "glenda";
		f.aname = names[a[2] % nelem(names)];
		break;
	case 2:
		f.type = Twalk;
		f.newfid = a[2] % Nfid;
		f.nwname = a[3] % 3;
		f.wname[0] = names[a[4] % nelem(names)];
		f.wname[1] = names[a[4]/16 % nelem(names)];
		break;
	case 3:
		f.type = Topen;
		f.mode = a[2];
		break;
	case 4:
		f.type = Tcreate;
		f.name = names[a[2] % nelem(names)];
		f.perm = (a[3] & 1 ? DMDIR : 0) | (a[3] & 0777);
		f.mode = a[4];
		break;
	case 5:
		f.type = Tread;
		f.offset = a[2] & 1 ? 0 : a[3]*100;
		f.count = a[4] & 1 ? 8192 : a[4]*3;
		break;
	case 6:
		f.type = Twrite;
		f.offset = a[2];
		f.count = a[3];
		f.data = (char*)msg;
		break;
	case 7:
		f.type = Tclunk;
		break;
	case 8:
		f.type = Tremove;
		break;
	case 9:
		f.type = Tstat;
		break;
	case 10:
		memset(&d, 0xFF, sizeof d);
		d.name = a[2] & 1 ? "" : names[a[2]/2 % nelem(names)];
		d.uid = a[3] & 1 ? "" : "1000";
		d.gid = a[3] & 2 ? "" : "glenda";
		d.muid = "";
		if(a[3] & 4)
			d.mode = DMDIR|0755;
		if(a[3] & 8)
			d.length = a[4];
		f.type = Twstat;
		f.nstat = convD2M(&d, st, sizeof st);
		f.stat = st;
		break;
	default:
		f.type = Tflush;
		f.oldtag = npend > 0 ? pend[a[2] % npend].rq.tag : a[2];
		break;
	}
	n = convS2M(&f, msg+512, sizeof msg-512);
	need(n != 0);
	kernelmsg(msg+512, n, a[4], f.count, f.nwname);
}

/* an Rreaddir's data from the fields: a few entries */
static uint
dirents(uchar *p, uchar k)
{
	uint n, i, len;
	char *name;

	n = 0;
	for(i = 0; i < k%5; i++){
		name = names[(k+i) % nelem(names)];
		len = strlen(name);
		PBIT8(p+n, i == 0 ? QTDIR : QTFILE);
		PBIT32(p+n+1, 0);
		PBIT64(p+n+5, 100+i);
		PBIT64(p+n+13, i+1+k);
		PBIT8(p+n+21, 0);
		PBIT16(p+n+22, len);
		memmove(p+n+24, name, len);
		n += 24+len;
	}
	return n;
}

/* the host answers a pending request: its proper reply, or Rlerror */
static void
host(uchar *a, uchar *raw, uint nraw)
{
	static uchar data[4096];
	static u32int modes[] = { Lsifdir|0755, Lsifreg|0644, Lsiflnk|0777, Lsifsock|0600 };
	Fcall f;
	Pend *p;
	uchar *in, *out;
	uint n, r, i;
	int k;

	if(npend == 0)
		return;
	k = npend-1 - a[1] % npend;
	p = &pend[k];
	need(p->nout > 0);
	i = a[3] % p->nout;	/* which of its host messages */
	memset(&f, 0, sizeof f);
	f.tag = p->out[i];
	p->out[i] = p->out[--p->nout];
	f.type = p->rq.htype+1;
	if(a[0]/8 % 4 == 0){
		f.type = Rlerror;
		f.errornum = a[2];
	}
	switch(f.type){
	case Rversion:
		f.msize = Msize - a[2];
		f.version = a[3] & 1 ? VERSION9PL : "unknown";
		break;
	case Rattach:
	case Rlopen:
	case Rlcreate:
	case Rmkdir:
		f.qid.type = a[2] & 1 ? QTDIR : a[2] & 2 ? QTSYMLINK : QTFILE;
		f.qid.path = a[3];
		f.iounit = a[4];
		break;
	case Rwalk:
		f.nwqid = a[2] % 3;
		for(i = 0; i < f.nwqid; i++)
			f.wqid[i].type = (a[3] >> 2*i) & 1 ? QTDIR : (a[3] >> 2*i) & 2 ? QTSYMLINK : QTFILE;
		break;
	case Rgetattr:
		f.attr.valid = Lgetattrbasic;
		f.attr.mode = modes[a[2] % nelem(modes)];
		f.attr.qid.type = (f.attr.mode & Lsifmt) == Lsifdir ? QTDIR : QTFILE;
		f.attr.size = a[3] * 1000;
		f.attr.uid = a[4];
		break;
	case Rreaddir:
		f.count = dirents(data, a[2]);
		f.data = (char*)data;
		break;
	case Rreadlink:
		f.lname = names[a[2] % nelem(names)];
		break;
	case Rread:
		f.count = a[2] < p->count ? a[2] : p->count;
		f.data = (char*)data;
		break;
	case Rwrite:
		f.count = a[2];
		break;
	}
	if(raw != nil){
		n = nraw;
		memmove(msg, raw, n);
		if(n >= HDRSZ){
			PBIT32(msg, n);
			PBIT16(msg+BIT32SZ+BIT8SZ, f.tag);
		}
	}else{
		n = convS2Mx(&f, msg, sizeof msg, DialectL);
		if(n == 0)
			return;		/* a type the codec has no form for: not a reply */
	}
	in = copyin(msg, n);
	r = translate(1, p, in, n, offer(a[4]), &out);
	if(r == 0 && p->rq.wait){
		need(p->rq.type == Tflush || p->nout > 0);	/* the rest of a batch is to come */
		if(p->rq.type == Tflush){
			need(nheld < Nheld && heldfor(p->rq.oldtag, 0) < 0);
			held[nheld].tag = p->rq.tag;
			held[nheld++].oldtag = p->rq.oldtag;
			drop(k);	/* over for dev9p; its Rflush comes with the read's reply */
		}
	}else if(r != 0 && p->rq.more){
		need(p->nout == 0);
		tohost(p, out, r);
	}else if(r != 0){
		tokernel(p, out, r);
		drop(k);
	}else
		drop(k);	/* dev9p answers Rerror and frees it */
	need(x.nfid >= 0);
	free(out);
	free(in);
}

int
LLVMFuzzerTestOneInput(uchar *data, usize size)
{
	uchar *p, *ep;
	uint n;

	memset(longname, 'n', 255);
	trans9pinit(&x, Msize, DialectL);
	if(size > 0)
		x.maxbatch = data[0] % 4 == 0 ? 1 : data[0] % 8;	/* dev9p's, 9pvpxy's, or one by one */
	npend = 0;
	nheld = 0;
	nexttag = 0;
	for(p = data, ep = data+size; ep-p >= Rec; p += Rec){
		switch(p[0] % 8){
		case 0:
		case 1:
		case 2:
			kernel(p);
			break;
		case 3:	/* raw kernel bytes */
			n = p[5];
			if(n > ep-p-Rec)
				n = ep-p-Rec;
			kernelmsg(p+Rec, n, p[4], 0, 0);
			p += n;
			break;
		case 7:	/* raw host bytes */
			n = p[5];
			if(n > ep-p-Rec)
				n = ep-p-Rec;
			host(p, p+Rec, n);
			p += n;
			break;
		default:
			host(p, nil, 0);
			break;
		}
	}
	while(npend > 0)
		drop(npend-1);
	trans9pfree(&x);
	return 0;
}
