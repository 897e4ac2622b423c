/*
 * libFuzzer target for kern/virtio/trans9p.c (built by tests/fuzz/run).
 *
 * An input is a session: a sequence of chunks, each
 *	dir[1] max[2] len[2] bytes[len]
 * dir's low bit says which way the message goes: 0 a T-message from
 * the kernel (plain 9P2000) to the host, 1 an R-message from the host
 * (9P2000.u) answering the last T-message; max is the room given for
 * the translation.  Every message is a malloc of exactly its length,
 * so ASan sees any read past it, and the output buffer is a malloc of
 * exactly max bytes, so it sees any write past the room given.
 *
 * The model: a translation is never longer than its room; a
 * T-message that lib/9p cannot decode as plain 9P2000 is refused; what
 * a T-message becomes decodes as 9P2000.u, and what an R-message
 * becomes decodes as plain 9P2000, each to exactly its length; and
 * the fid count never goes negative.  A violation aborts.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include "../../kern/virtio/trans9p.h"

#include "fuzz.h"

enum { Maxmsize = 128*1024+IOHDRSZ };

/* one T-message through the translator */
static void
tmsg(Trans9p *x, Transreq *rq, uchar *m, uint n, uint max)
{
	static Fcall f, g;
	uchar *in, *out;
	uint r, plain;

	in = copyin(m, n);
	plain = n > 0 && convM2S(in, n, &f) == n;
	memmove(in, m, n);
	out = malloc(max ? max : 1);
	r = trans9ptmsg(x, in, n, out, max, rq);
	need(r <= max);
	if(!plain)
		need(r == 0);
	if(r != 0)
		need(convM2Su(out, r, &g) == r);
	free(out);
	free(in);
}

/* one R-message, answering rq */
static void
rmsg(Trans9p *x, Transreq *rq, uchar *m, uint n, uint max)
{
	static Fcall g;
	uchar *in, *out;
	uint r;

	in = copyin(m, n);
	out = malloc(max ? max : 1);
	r = trans9prmsg(x, rq, in, n, out, max);
	need(r <= max);
	if(r != 0)
		need(convM2S(out, r, &g) == r);
	free(out);
	free(in);
}

int
LLVMFuzzerTestOneInput(uchar *data, usize size)
{
	Trans9p x;
	Transreq rq;
	uint max, n;

	trans9pinit(&x, Maxmsize);
	memset(&rq, 0, sizeof rq);
	while(size >= 5){
		max = GBIT16(data+1) * 4;	/* up to 256 KiB */
		n = GBIT16(data+3);
		data += 5;
		size -= 5;
		if(n > size)
			n = size;
		if(data[-5] & 1)
			rmsg(&x, &rq, data, n, max);
		else
			tmsg(&x, &rq, data, n, max);
		need(x.nfid >= 0);
		data += n;
		size -= n;
	}
	trans9pfree(&x);
	return 0;
}
