/*
 * Whole 9P messages out of a byte stream that keeps no boundaries (a
 * pipe, a virtio-serial port): bytes go in as they arrive, in pieces
 * or run together, and come out as runs of complete messages, framed
 * by their size fields (lib/9p/msgbuf.c).
 *
 *	p = msgbufroom(b, &n);		read up to n bytes into p
 *	w = msgbufadd(b, got);		the first w bytes of b->buf are whole messages
 *	...use them...
 *	msgbufdone(b, w);		drop them
 *
 * A size below a header or above b->max, or a type that no dialect of
 * 9P has, cannot be framed: once the whole messages before it are
 * out, msgbufadd or msgbufdone returns -1 and says why in b->err; so
 * does running out of memory.  The stream is lost then: nothing later
 * in it can be trusted to start a message.  A tag cannot be checked
 * here: any tag may be in use.
 *
 * msgbufsync(b) starts a new session on a stream that may hold an
 * earlier one's leftovers: until the answer to Tversion is whole
 * (see versionreply in fcall.h), bytes before it are dropped and
 * counted in b->dropped.
 */
#pragma once

typedef struct Msgbuf Msgbuf;
struct Msgbuf {
	uchar	*buf;
	long	len;		/* bytes in buf */
	long	cap;		/* bytes allocated: more than len until whole messages are in */
	long	max;		/* the largest message accepted */
	char	*err;		/* why the stream cannot be framed */
	int	sync;		/* dropping bytes until a reply to Tversion */
	long	dropped;	/* bytes dropped so far */
};

int	msgbufinit(Msgbuf*, long cap, long max);
uchar*	msgbufroom(Msgbuf*, long *n);
long	msgbufadd(Msgbuf*, long n);
int	msgbufdone(Msgbuf*, long w);
void	msgbuffree(Msgbuf*);
void	msgbufsync(Msgbuf*);
