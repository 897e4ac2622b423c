/*
 * libFuzzer target for the framing 9pvpxy relays with (lib/9p/msgbuf.c),
 * built by tests/fuzz/run.
 *
 * The first byte picks a mode; the next four seed the generator that
 * cuts the stream into the pieces reads would return.
 *
 *	even: the rest describes messages, each len[2] type[1] tag[2]
 *	      then len body bytes, made into a valid stream; cut up
 *	      anyhow, it must come out as the very same messages, in
 *	      order, and nothing left over.
 *	1 mod 4: the rest is the stream itself, garbage most likely.  What
 *	      comes out must be the stream's longest prefix of
 *	      well-framed messages; then there must be a clean error
 *	      (said in err) if what follows starts with a header that
 *	      cannot be 9P's, else nothing but one incomplete message.
 *
 *	3 mod 4: a new session in sync mode (msgbufsync): the first
 *	      byte after the seed says how much of the rest is garbage
 *	      an earlier session left; then an Rversion and a valid
 *	      stream as for even.  What is dropped must end at the
 *	      Rversion, or at something in the garbage that could pass
 *	      for one (tag NOTAG); what comes out is what follows it.
 *
 * Every piece is copied from an allocation of exactly its length, and
 * the room msgbufroom gives must be >0 and within the buffer, so ASan
 * sees any overrun and a zero-room loop (a hang) aborts.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include <msgbuf.h>

#include "fuzz.h"

enum {
	Maxmsg	= 1<<20,	/* the fuzzer's largest message; 9pvpxy has more */
	Firstcap	= 64,	/* a small first buffer, so it must grow */
};


static u32int rng;

/* the model's 9P types: 100..127 but Terror, and 9P2000.L's 7..77 */
static int
typeok(int t)
{
	return (t >= 7 && t <= 77) || (t >= 100 && t <= 127 && t != 106);
}

/* a piece length, 1..: mostly short, now and then long */
static long
piece(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	switch(rng % 4){
	case 0:
		return 1;
	case 1:
		return 1 + (rng>>8) % 8;
	case 2:
		return 1 + (rng>>8) % 200;
	}
	return 1 + (rng>>8) % 70000;
}

/*
 * Feed stream[0..n) to a Msgbuf in pieces; every run of whole messages
 * it gives must be the stream's next bytes, and framed.  Returns the
 * bytes that came out; *failed if the framing gave up.
 */
static long
feed(uchar *stream, long n, int sync, long *dropped, int *failed)
{
	Msgbuf b;
	uchar *p, *chunk;
	long in, outn, room, k, w, size, off;

	need(msgbufinit(&b, Firstcap, Maxmsg) == 0);
	if(sync)
		msgbufsync(&b);
	in = outn = 0;
	*failed = 0;
	while(in < n){
		p = msgbufroom(&b, &room);
		need(room > 0 && p == b.buf+b.len && b.len+room <= b.cap);
		k = piece();
		if(k > room)
			k = room;
		if(k > n-in)
			k = n-in;
		chunk = copyin(stream+in, k);
		memmove(p, chunk, k);
		free(chunk);
		in += k;
		w = msgbufadd(&b, k);
		if(w < 0){
			need(b.err != nil);
			*failed = 1;
			break;
		}
		need(w <= b.len);
		for(off = 0; off < w; off += size){
			size = GBIT32(b.buf+off);
			need(size >= HDRSZ && size <= Maxmsg && off+size <= w);
			need(typeok(b.buf[off+BIT32SZ]));
		}
		need(off == w);
		need(memcmp(b.buf, stream+b.dropped+outn, w) == 0);
		outn += w;
		if(w > 0 && msgbufdone(&b, w) < 0){
			need(b.err != nil);
			*failed = 1;
			break;
		}
		need(b.dropped+outn+b.len == in);
	}
	*dropped = b.dropped;
	if(!*failed && !b.sync && b.len > 0){
		/* what is left is one incomplete message */
		size = b.len < BIT32SZ ? 0 : GBIT32(b.buf);
		need(b.len < BIT32SZ || size > b.len);
	}
	msgbuffree(&b);
	return outn;
}

/*
 * The model: how many bytes of stream[0..n) are whole, well-framed
 * messages; *bad if a header that cannot be a message follows.
 */
static long
framed(uchar *stream, long n, int *bad)
{
	long off;
	u32int size;
	int type;

	*bad = 0;
	for(off = 0; n-off >= BIT32SZ; off += size){
		size = GBIT32(stream+off);
		if(size < HDRSZ || size > Maxmsg){
			*bad = 1;
			break;
		}
		if(n-off < HDRSZ)
			break;
		type = stream[off+BIT32SZ];
		if(!typeok(type)){
			*bad = 1;
			break;
		}
		if(size > n-off)
			break;
	}
	return off;
}

/* a valid stream from the descriptions in d[0..n); its length */
static long
mkstream(uchar *d, long n, uchar *s, long max)
{
	long len, ns;
	int type;

	ns = 0;
	while(n >= 5){
		len = GBIT16(d);
		if(d[2] & 0x80)
			type = Rlerror + d[2] % (Tlmax-Rlerror);	/* 9P2000.L's */
		else
			type = Tversion + d[2] % (Tmax-Tversion);
		if(type == Terror)
			type = Rerror;
		d += 5;
		n -= 5;
		if(len > n)
			len = n;
		if(ns+HDRSZ+len > max)
			break;
		PBIT32(s+ns, HDRSZ+len);
		PBIT8(s+ns+BIT32SZ, type);
		memmove(s+ns+BIT8SZ+BIT32SZ, d-2, BIT16SZ);	/* the tag */
		memmove(s+ns+HDRSZ, d, len);
		ns += HDRSZ+len;
		d += len;
		n -= len;
	}
	return ns;
}

/* a Tversion's answer, then a valid stream from d[0..n); its length */
static long
mksession(uchar *d, long n, uchar *s, long max)
{
	static char v[] = "9P2000";
	long k;

	k = HDRSZ+BIT32SZ+BIT16SZ+strlen(v);
	PBIT32(s, k);
	PBIT8(s+BIT32SZ, Rversion);
	PBIT16(s+BIT32SZ+BIT8SZ, NOTAG);
	PBIT32(s+HDRSZ, 8192);
	PBIT16(s+HDRSZ+BIT32SZ, strlen(v));
	memmove(s+HDRSZ+BIT32SZ+BIT16SZ, v, strlen(v));
	return k + mkstream(d, n, s+k, max-k);
}

int
LLVMFuzzerTestOneInput(uchar *data, usize size)
{
	uchar *s;
	long n, ngarbage, dropped;
	int failed, bad;

	if(size < 6 || size > Maxmsg)
		return 0;
	rng = GBIT32(data+1) | 1;
	switch(data[0] % 4){
	case 0:
	case 2:
		s = malloc(2*size+1);
		n = mkstream(data+5, size-5, s, 2*size);
		need(framed(s, n, &bad) == n && !bad);
		need(feed(s, n, 0, &dropped, &failed) == n && !failed && dropped == 0);
		free(s);
		break;
	case 1:
		n = size-5;
		s = copyin(data+5, n);
		need(feed(s, n, 0, &dropped, &failed) == framed(s, n, &bad));
		need(failed == bad);
		free(s);
		break;
	case 3:
		ngarbage = data[5] % (size-5);
		s = malloc(2*size+64);
		memmove(s, data+6, ngarbage);
		n = ngarbage + mksession(data+6+ngarbage, size-6-ngarbage, s+ngarbage, 2*size+64-ngarbage);
		need(feed(s, n, 1, &dropped, &failed) <= n-dropped);
		need(dropped <= ngarbage);
		if(dropped == ngarbage)
			need(!failed);
		else
			need(GBIT16(s+dropped+BIT32SZ+BIT8SZ) == NOTAG);
		free(s);
		break;
	}
	return 0;
}
