/*
 * regsub: expand a substitution template after regexec.  \0 to \9
 * are the submatches, & the whole match, and \ quotes any other
 * character.  The result always ends in a NUL within dlen bytes.
 */
#include <u.h>
#include <libc.h>
#include <regexp.h>

static char*
copysub(char *d, char *end, Resub *m)
{
	char *s;

	if(m->sp == nil || m->ep == nil)
		return d;
	for(s = m->sp; s < m->ep && d < end; )
		*d++ = *s++;
	return d;
}

void
regsub(char *src, char *dst, int dlen, Resub *match, int msize)
{
	char *end;
	int n;

	if(dlen <= 0)
		return;
	end = dst + dlen - 1;
	while(*src != 0 && dst < end){
		if(*src == '\\' && src[1] >= '0' && src[1] <= '9'){
			n = src[1] - '0';
			src += 2;
			if(n < msize)
				dst = copysub(dst, end, &match[n]);
		}else if(*src == '\\' && src[1] != 0){
			*dst++ = src[1];
			src += 2;
		}else if(*src == '&'){
			src++;
			if(msize > 0)
				dst = copysub(dst, end, &match[0]);
		}else
			*dst++ = *src++;
	}
	*dst = 0;
}
