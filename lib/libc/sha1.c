/*
 * SHA-1 (FIPS 180-4).  The state keeps a partial 64-byte block; each
 * full block goes through the 80-step compression, with the message
 * schedule kept as a rolling 16-word window.
 */
#include <u.h>
#include <libc.h>

#define	ROL(x, n)	(((x) << (n)) | ((x) >> (32-(n))))

static u32int
getbe32(uchar *p)
{
	return (u32int)p[0]<<24 | (u32int)p[1]<<16 | (u32int)p[2]<<8 | p[3];
}

static void
putbe32(uchar *p, u32int v)
{
	p[0] = v>>24;
	p[1] = v>>16;
	p[2] = v>>8;
	p[3] = v;
}

/* step t of the 80, with f the round's boolean function and k its constant */
#define	W(t)	(w[(t)&15] = ROL(w[((t)-3)&15] ^ w[((t)-8)&15] ^ w[((t)-14)&15] ^ w[(t)&15], 1))
#define	STEP(a, b, c, d, e, f, k, wt) \
	do { e += ROL(a, 5) + (f) + (k) + (wt); b = ROL(b, 30); } while(0)
#define	F1(b, c, d)	(d ^ (b & (c ^ d)))
#define	F2(b, c, d)	(b ^ c ^ d)
#define	F3(b, c, d)	((b & c) | (d & (b | c)))

/* five steps rotate the roles of a..e back to where they began */
#define	FIVE0(t)	STEP(a, b, c, d, e, F1(b, c, d), 0x5A827999, w[(t)&15]); \
			STEP(e, a, b, c, d, F1(a, b, c), 0x5A827999, w[((t)+1)&15]); \
			STEP(d, e, a, b, c, F1(e, a, b), 0x5A827999, w[((t)+2)&15]); \
			STEP(c, d, e, a, b, F1(d, e, a), 0x5A827999, w[((t)+3)&15]); \
			STEP(b, c, d, e, a, F1(c, d, e), 0x5A827999, w[((t)+4)&15])
#define	FIVE(t, F, k)	STEP(a, b, c, d, e, F(b, c, d), k, W(t)); \
			STEP(e, a, b, c, d, F(a, b, c), k, W((t)+1)); \
			STEP(d, e, a, b, c, F(e, a, b), k, W((t)+2)); \
			STEP(c, d, e, a, b, F(d, e, a), k, W((t)+3)); \
			STEP(b, c, d, e, a, F(c, d, e), k, W((t)+4))

static void
compress(u32int *s, uchar *p)
{
	u32int w[16], a, b, c, d, e;
	int i;

	for(i = 0; i < 16; i++)
		w[i] = getbe32(p + 4*i);
	a = s[0];
	b = s[1];
	c = s[2];
	d = s[3];
	e = s[4];
	FIVE0(0); FIVE0(5); FIVE0(10);
	STEP(a, b, c, d, e, F1(b, c, d), 0x5A827999, w[15]);
	STEP(e, a, b, c, d, F1(a, b, c), 0x5A827999, W(16));
	STEP(d, e, a, b, c, F1(e, a, b), 0x5A827999, W(17));
	STEP(c, d, e, a, b, F1(d, e, a), 0x5A827999, W(18));
	STEP(b, c, d, e, a, F1(c, d, e), 0x5A827999, W(19));
	FIVE(20, F2, 0x6ED9EBA1); FIVE(25, F2, 0x6ED9EBA1);
	FIVE(30, F2, 0x6ED9EBA1); FIVE(35, F2, 0x6ED9EBA1);
	FIVE(40, F3, 0x8F1BBCDC); FIVE(45, F3, 0x8F1BBCDC);
	FIVE(50, F3, 0x8F1BBCDC); FIVE(55, F3, 0x8F1BBCDC);
	FIVE(60, F2, 0xCA62C1D6); FIVE(65, F2, 0xCA62C1D6);
	FIVE(70, F2, 0xCA62C1D6); FIVE(75, F2, 0xCA62C1D6);
	s[0] += a;
	s[1] += b;
	s[2] += c;
	s[3] += d;
	s[4] += e;
}

void
sha1init(SHA1state *s)
{
	s->len = 0;
	s->blen = 0;
	s->state[0] = 0x67452301;
	s->state[1] = 0xEFCDAB89;
	s->state[2] = 0x98BADCFE;
	s->state[3] = 0x10325476;
	s->state[4] = 0xC3D2E1F0;
}

void
sha1update(SHA1state *s, uchar *p, usize n)
{
	usize m;

	s->len += n;
	if(s->blen > 0){
		m = 64 - s->blen;
		if(m > n)
			m = n;
		memmove(s->buf + s->blen, p, m);
		s->blen += m;
		p += m;
		n -= m;
		if(s->blen < 64)
			return;
		compress(s->state, s->buf);
		s->blen = 0;
	}
	for(; n >= 64; n -= 64, p += 64)
		compress(s->state, p);
	memmove(s->buf, p, n);
	s->blen = n;
}

void
sha1final(SHA1state *s, uchar digest[SHA1dlen])
{
	u64int bits;
	int i;

	bits = s->len * 8;
	s->buf[s->blen++] = 0x80;
	if(s->blen > 56){
		memset(s->buf + s->blen, 0, 64 - s->blen);
		compress(s->state, s->buf);
		s->blen = 0;
	}
	memset(s->buf + s->blen, 0, 56 - s->blen);
	putbe32(s->buf + 56, bits >> 32);
	putbe32(s->buf + 60, bits);
	compress(s->state, s->buf);
	for(i = 0; i < 5; i++)
		putbe32(digest + 4*i, s->state[i]);
	s->blen = 0;
}
