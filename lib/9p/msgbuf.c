/*
 * Reassembling 9P messages from a byte stream; see msgbuf.h.  Only
 * malloc and lib/9p, so tests/fuzz/fuzzframe.c runs it on the host.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include <msgbuf.h>

int
msgbufinit(Msgbuf *b, long cap, long max)
{
	memset(b, 0, sizeof *b);
	if(cap < HDRSZ)
		cap = HDRSZ;
	b->buf = malloc(cap);
	if(b->buf == nil){
		b->err = "out of memory";
		return -1;
	}
	b->cap = cap;
	b->max = max;
	return 0;
}

void
msgbuffree(Msgbuf *b)
{
	free(b->buf);
	b->buf = nil;
	b->len = b->cap = 0;
}

/* a type of plain 9P2000 (or .u), or of 9P2000.L */
static int
is9ptype(int t)
{
	if(t >= Tversion)
		return t < Tmax && t != Terror;
	return t > Tlerror && t < Tlmax;
}

/*
 * The size of the message starting at p, of which n bytes are here;
 * 0 while its header is incomplete, -1 if it cannot be a message.
 */
static long
framesize(Msgbuf *b, uchar *p, long n)
{
	int size;

	size = msgsize(p, n);
	if(size < 0 || size > b->max){
		b->err = size < 0 ? "message shorter than its header" : "message too large";
		return -1;
	}
	if(n < HDRSZ)
		return 0;
	if(!is9ptype(p[BIT32SZ])){
		b->err = "not a 9P message type";
		return -1;
	}
	return size;
}

/*
 * Room for all of the incomplete message the buffer starts with
 * (need bytes, more than len), so a read has somewhere to go.
 */
static int
fit(Msgbuf *b, long need)
{
	uchar *nb;

	if(need <= b->cap)
		return 0;
	nb = realloc(b->buf, need);
	if(nb == nil){
		b->err = "out of memory";
		return -1;
	}
	b->buf = nb;
	b->cap = need;
	return 0;
}

/* Where the next bytes go, and how many fit: never none. */
uchar*
msgbufroom(Msgbuf *b, long *n)
{
	*n = b->cap - b->len;
	return b->buf + b->len;
}

void
msgbufsync(Msgbuf *b)
{
	b->sync = 1;
}

/*
 * While syncing, drop what cannot start the reply to Tversion; 1 once
 * that reply is whole at the start of the buffer, ending the sync, 0
 * while it is not (with room to read the rest), -1 as fit.
 */
static int
synced(Msgbuf *b)
{
	long off;

	off = versionreply(b->buf, b->len);
	if(off > 0){
		b->len -= off;
		memmove(b->buf, b->buf+off, b->len);
		b->dropped += off;
	}
	if(b->len < BIT32SZ)
		return fit(b, HDRSZ);
	if(GBIT32(b->buf) > b->len)
		return fit(b, GBIT32(b->buf));
	b->sync = 0;
	return 1;
}

/*
 * As msgbufadd says; makes room for the first message if it is
 * incomplete.  Whole messages before one that cannot be framed still
 * go out: the error comes when they are done.
 */
static long
whole(Msgbuf *b)
{
	long off, size;

	if(b->sync && (size = synced(b)) <= 0)
		return size;
	size = 0;
	for(off = 0; off < b->len; off += size){
		size = framesize(b, b->buf+off, b->len-off);
		if(size < 0)
			return off > 0 ? off : -1;
		if(size == 0 || size > b->len-off)
			break;
	}
	if(off == 0 && fit(b, size > 0 ? size : HDRSZ) < 0)
		return -1;
	return off;
}

/*
 * n more bytes were put at msgbufroom: the length of the run of whole
 * messages b->buf now starts with (0 if not even one is complete), or
 * -1 if the stream cannot be framed.
 */
long
msgbufadd(Msgbuf *b, long n)
{
	b->len += n;
	return whole(b);
}

/* the first w bytes were used: drop them; -1 as msgbufadd */
int
msgbufdone(Msgbuf *b, long w)
{
	b->len -= w;
	memmove(b->buf, b->buf+w, b->len);
	return whole(b) < 0 ? -1 : 0;
}
