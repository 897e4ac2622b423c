/*
 * String to integer conversion, as strtol(2):
 * leading white space, an optional sign, then digits in base 2..36;
 * base 0 reads C prefixes (0x hex, 0 octal, else decimal) and base 16
 * allows a 0x prefix.  An out-of-range value saturates; *end is left
 * after the last digit even then, or at s when there are no digits
 * (or the base is invalid).
 */
#include <u.h>
#include <str.h>

static int
digitval(int c)
{
	if(c >= '0' && c <= '9')
		return c - '0';
	if(c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if(c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

static int
isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * Parse the magnitude; *neg says whether a '-' was seen and
 * *over whether it exceeded 64 bits.
 */
static uvlong
strtomag(char *s, char **end, int base, int *neg, int *over)
{
	char *p;
	uvlong v, lim;
	int d, ndig;

	*neg = 0;
	*over = 0;
	if(end != nil)
		*end = s;
	if(base < 0 || base == 1 || base > 36)
		return 0;
	p = s;
	while(isspace(*p))
		p++;
	if(*p == '-' || *p == '+')
		*neg = *p++ == '-';
	/* a prefix only counts if a hex digit follows it: "0x" alone is 0 then "x" */
	if((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')
	&& digitval(p[2]) < 16){
		p += 2;
		base = 16;
	}else if(base == 0)
		base = *p == '0' ? 8 : 10;
	lim = ~0ULL / base;
	v = 0;
	for(ndig = 0; (d = digitval(*p)) < base; p++, ndig++){
		if(v > lim || (v == lim && (uvlong)d > ~0ULL % base))
			*over = 1;
		v = v*base + d;
	}
	if(ndig == 0)
		return 0;
	if(end != nil)
		*end = p;
	return v;
}

/* signed result in [-max-1, max] */
static vlong
clampsigned(uvlong v, int neg, int over, uvlong max)
{
	if(neg){
		if(over || v > max + 1)
			return -(vlong)max - 1;
		return -(vlong)(v - 1) - 1;
	}
	if(over || v > max)
		return max;
	return v;
}

/* unsigned result; a '-' negates as in C */
static uvlong
clampunsigned(uvlong v, int neg, int over, uvlong max)
{
	if(over || v > max)
		return max;
	return neg ? -v & max : v;
}

long
strtol(char *s, char **end, int base)
{
	uvlong v;
	int neg, over;

	v = strtomag(s, end, base, &neg, &over);
	return clampsigned(v, neg, over, ~0UL >> 1);
}

ulong
strtoul(char *s, char **end, int base)
{
	uvlong v;
	int neg, over;

	v = strtomag(s, end, base, &neg, &over);
	return clampunsigned(v, neg, over, ~0UL);
}

vlong
strtoll(char *s, char **end, int base)
{
	uvlong v;
	int neg, over;

	v = strtomag(s, end, base, &neg, &over);
	return clampsigned(v, neg, over, ~0ULL >> 1);
}

uvlong
strtoull(char *s, char **end, int base)
{
	uvlong v;
	int neg, over;

	v = strtomag(s, end, base, &neg, &over);
	return clampunsigned(v, neg, over, ~0ULL);
}
