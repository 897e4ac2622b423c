/*
 * UTF-8 encoding and decoding.
 *
 * Only shortest-form encodings of U+0000..U+10FFFF, surrogates
 * excluded, are accepted.  Anything else decodes as Runeerror and
 * consumes exactly one byte, so a scanner always makes progress and
 * resynchronises at the next byte.
 */
#include <u.h>
#include <str.h>

enum {
	Rune1max	= 0x7F,
	Rune2max	= 0x7FF,
	Rune3max	= 0xFFFF,
	Surrogatemin	= 0xD800,
	Surrogatemax	= 0xDFFF,
};

static int
iscont(int c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * Bytes a well-formed sequence starting with lead byte c occupies,
 * or 0 if c can never start one (continuation bytes, the overlong
 * leads C0 and C1, and F5..FF which would exceed Runemax).
 */
static int
seqlen(int c)
{
	if(c < 0x80)
		return 1;
	if(c < 0xC2)
		return 0;
	if(c < 0xE0)
		return 2;
	if(c < 0xF0)
		return 3;
	if(c < 0xF5)
		return 4;
	return 0;
}

int
chartorune(Rune *rune, char *str)
{
	uchar *s;
	Rune r;
	int i, n;

	s = (uchar*)str;
	n = seqlen(s[0]);
	if(n == 1){
		*rune = s[0];
		return 1;
	}
	if(n == 0)
		goto bad;
	r = s[0] & (0x7F >> n);
	/* stop at the first non-continuation byte: never reads past a NUL */
	for(i = 1; i < n; i++){
		if(!iscont(s[i]))
			goto bad;
		r = r<<6 | (s[i] & 0x3F);
	}
	if(n == 3 && (r <= Rune2max || (r >= Surrogatemin && r <= Surrogatemax)))
		goto bad;
	if(n == 4 && (r <= Rune3max || r > Runemax))
		goto bad;
	*rune = r;
	return n;
bad:
	*rune = Runeerror;
	return 1;
}

int
runetochar(char *str, Rune *rune)
{
	uchar *s;
	Rune r;

	s = (uchar*)str;
	r = *rune;
	if(r > Runemax || (r >= Surrogatemin && r <= Surrogatemax))
		r = Runeerror;
	if(r <= Rune1max){
		s[0] = r;
		return 1;
	}
	if(r <= Rune2max){
		s[0] = 0xC0 | r>>6;
		s[1] = 0x80 | (r & 0x3F);
		return 2;
	}
	if(r <= Rune3max){
		s[0] = 0xE0 | r>>12;
		s[1] = 0x80 | (r>>6 & 0x3F);
		s[2] = 0x80 | (r & 0x3F);
		return 3;
	}
	s[0] = 0xF0 | r>>18;
	s[1] = 0x80 | (r>>12 & 0x3F);
	s[2] = 0x80 | (r>>6 & 0x3F);
	s[3] = 0x80 | (r & 0x3F);
	return 4;
}

int
runelen(long c)
{
	char buf[UTFmax];
	Rune r;

	if(c < 0 || c > Runemax)
		c = Runeerror;
	r = c;
	return runetochar(buf, &r);
}

/*
 * Whether the n bytes at str are enough for chartorune to decide:
 * either a whole sequence is present or the bytes already prove the
 * sequence malformed.  chartorune then reads no more than n bytes.
 */
int
fullrune(char *str, int n)
{
	uchar *s;
	int i, need;

	if(n <= 0)
		return 0;
	s = (uchar*)str;
	need = seqlen(s[0]);
	if(need <= 1)
		return 1;
	for(i = 1; i < need; i++){
		if(i >= n)
			return 0;
		if(!iscont(s[i]))
			return 1;
	}
	return 1;
}

int
utflen(char *s)
{
	Rune r;
	int n;

	for(n = 0; *s != 0; n++){
		if((uchar)*s < Runeself)
			s++;
		else
			s += chartorune(&r, s);
	}
	return n;
}

char*
utfrune(char *s, long c)
{
	Rune r;
	int n;

	if(c >= 0 && c < Runeself)
		return strchr(s, c);
	for(;;){
		if((uchar)*s < Runeself){
			if(*s == 0)
				return nil;
			s++;
			continue;
		}
		n = chartorune(&r, s);
		if(r == c)
			return s;
		s += n;
	}
}
