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
 *	odd:  the rest is the stream itself, garbage most likely.  What
 *	      comes out must be the stream's longest prefix of
 *	      well-framed messages; then there must be a clean error
 *	      (said in err) if what follows starts with a header that
 *	      cannot be 9P's, else nothing but one incomplete message.
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
feed(uchar *stream, long n, int *failed)
{
	Msgbuf b;
	uchar *p, *chunk;
	long in, outn, room, k, w, size, off;

	need(msgbufinit(&b, Firstcap, Maxmsg) == 0);
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
		need(memcmp(b.buf, stream+outn, w) == 0);
		outn += w;
		if(w > 0 && msgbufdone(&b, w) < 0){
			need(b.err != nil);
			*failed = 1;
			break;
		}
		need(outn+b.len == in);
	}
	if(!*failed && b.len > 0){
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

int
LLVMFuzzerTestOneInput(uchar *data, usize size)
{
	uchar *s;
	long n;
	int failed, bad;

	if(size < 5 || size > Maxmsg)
		return 0;
	rng = GBIT32(data+1) | 1;
	if(data[0] % 2 == 0){
		s = malloc(2*size+1);
		n = mkstream(data+5, size-5, s, 2*size);
		need(framed(s, n, &bad) == n && !bad);
		need(feed(s, n, &failed) == n && !failed);
		free(s);
	}else{
		n = size-5;
		s = copyin(data+5, n);
		need(feed(s, n, &failed) == framed(s, n, &bad));
		need(failed == bad);
		free(s);
	}
	return 0;
}
