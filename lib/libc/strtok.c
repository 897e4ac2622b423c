#include <u.h>
#include <libc.h>

/*
 * strtok(2): the next token of s (or, with s nil, of the string
 * given last) delimited by bytes of sep; the separator after it is
 * overwritten with NUL.
 */
char*
strtok(char *s, char *sep)
{
	static char *last;
	char *t;

	if(s == nil)
		s = last;
	if(s == nil)
		return nil;
	while(*s != 0 && strchr(sep, *s) != nil)
		s++;
	if(*s == 0){
		last = nil;
		return nil;
	}
	t = s;
	while(*s != 0 && strchr(sep, *s) == nil)
		s++;
	if(*s != 0)
		*s++ = 0;
	last = s;
	return t;
}
