/*
 * rc-style quoting.  %q and %Q are built into fmt.c, so installing
 * them is nothing to do; unquotestrdup undoes them.
 */
#include <u.h>
#include <libc.h>

int
quotefmtinstall(void)
{
	return 0;
}

/*
 * A copy of s with the quoting removed: '…' quotes, and '' inside
 * quotes is one quote.  White space is kept; an unclosed quote runs
 * to the end.
 */
char*
unquotestrdup(char *s)
{
	char *t, *w;
	int quoting;

	t = malloc(strlen(s) + 1);
	if(t == nil)
		return nil;
	w = t;
	quoting = 0;
	while(*s != 0){
		if(*s != '\''){
			*w++ = *s++;
			continue;
		}
		if(quoting && s[1] == '\''){
			*w++ = '\'';
			s += 2;
			continue;
		}
		quoting = !quoting;
		s++;
	}
	*w = 0;
	return t;
}
