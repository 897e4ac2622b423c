/*
 * Cursors private to lib/9p.  An Unpack reads little-endian fields
 * from [p, ep); the first read past ep sets bad, which then sticks, so
 * a decoder can read a whole message and test bad once at the end.
 * A Pack writes fields at p, or only counts them when p is nil; an
 * encoder runs once to measure and once to write, so the size and
 * the bytes can never disagree.
 */
#pragma once

typedef struct Unpack Unpack;
typedef struct Pack Pack;

enum {
	Sinplace,	/* NUL-terminate strings inside the buffer */
	Scopy,		/* copy strings to Unpack.strs */
	Speek,		/* check strings, touch nothing */
};

struct Unpack {
	uchar	*p;		/* next byte */
	uchar	*ep;		/* end of input */
	int	bad;		/* input ran out or was malformed */
	int	strmode;	/* S* */
	char	*strs;		/* Scopy: where the next string goes */
};

struct Pack {
	uchar	*p;		/* next byte; nil when measuring */
	uvlong	n;		/* bytes packed so far */
	int	bad;		/* a field cannot be encoded */
};

static inline void
unpinit(Unpack *u, uchar *p, uint n, int strmode, char *strs)
{
	u->p = p;
	u->ep = p+n;
	u->bad = 0;
	u->strmode = strmode;
	u->strs = strs;
}

/* Claim n bytes of input; nil when they are not all there. */
static inline uchar*
unpbytes(Unpack *u, uvlong n)
{
	uchar *p;

	if(u->bad || n > (uvlong)(u->ep - u->p)){
		u->bad = 1;
		return nil;
	}
	p = u->p;
	u->p += n;
	return p;
}

static inline uint
get8(Unpack *u)
{
	uchar *p;

	p = unpbytes(u, BIT8SZ);
	return p == nil ? 0 : GBIT8(p);
}

static inline uint
get16(Unpack *u)
{
	uchar *p;

	p = unpbytes(u, BIT16SZ);
	return p == nil ? 0 : GBIT16(p);
}

static inline u32int
get32(Unpack *u)
{
	uchar *p;

	p = unpbytes(u, BIT32SZ);
	return p == nil ? 0 : GBIT32(p);
}

static inline u64int
get64(Unpack *u)
{
	uchar *p;

	p = unpbytes(u, BIT64SZ);
	return p == nil ? 0 : GBIT64(p);
}

static inline void
getqid(Unpack *u, Qid *q)
{
	q->type = get8(u);
	q->vers = get32(u);
	q->path = get64(u);
}

/*
 * A string is len[2] then len bytes, no NUL.  In place, the bytes
 * move down one over the high byte of len and the NUL goes where the
 * last byte was, so nothing after the string is touched.  A NUL
 * inside the string is malformed: C could not see past it, and the
 * message would not re-encode to itself.
 */
static inline char*
getstring(Unpack *u)
{
	uint n;
	uchar *len, *s;
	char *c;

	len = unpbytes(u, BIT16SZ);
	if(len == nil)
		return nil;
	n = GBIT16(len);
	s = unpbytes(u, n);
	if(s == nil)
		return nil;
	if(memchr(s, 0, n) != nil){
		u->bad = 1;
		return nil;
	}
	switch(u->strmode){
	case Sinplace:
		memmove(len+1, s, n);
		len[1+n] = 0;
		return (char*)len+1;
	case Scopy:
		c = u->strs;
		memmove(c, s, n);
		c[n] = 0;
		u->strs += n+1;
		return c;
	}
	return "";
}

static inline void
packbytes(Pack *k, void *v, uvlong n)
{
	if(k->p != nil){
		if(k->p != v)	/* data already in place costs nothing */
			memmove(k->p, v, n);
		k->p += n;
	}
	k->n += n;
}

static inline void
put8(Pack *k, uint v)
{
	if(k->p != nil)
		PBIT8(k->p, v), k->p += BIT8SZ;
	k->n += BIT8SZ;
}

static inline void
put16(Pack *k, uint v)
{
	if(k->p != nil)
		PBIT16(k->p, v), k->p += BIT16SZ;
	k->n += BIT16SZ;
}

static inline void
put32(Pack *k, u32int v)
{
	if(k->p != nil)
		PBIT32(k->p, v), k->p += BIT32SZ;
	k->n += BIT32SZ;
}

static inline void
put64(Pack *k, u64int v)
{
	if(k->p != nil)
		PBIT64(k->p, v), k->p += BIT64SZ;
	k->n += BIT64SZ;
}

static inline void
putqid(Pack *k, Qid *q)
{
	put8(k, q->type);
	put32(k, q->vers);
	put64(k, q->path);
}

/* nil packs as the empty string, as in Plan 9. */
static inline void
putstring(Pack *k, char *s)
{
	usize n;

	if(s == nil)
		s = "";
	n = strlen(s);
	if(n > 0xFFFF){
		k->bad = 1;
		return;
	}
	put16(k, n);
	packbytes(k, s, n);
}
