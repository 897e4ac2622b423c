/*
 * cleanname(2): lexically clean a path name in place.
 * Collapses //, drops . elements, lets .. cancel the element before
 * it (at the root it vanishes; in a relative path with nothing left
 * to cancel it stays), and yields "." for an empty relative result.
 * The result is never longer than the input.
 */
#include <u.h>
#include <str.h>

char*
cleanname(char *name)
{
	char *p, *q, *e, *base, *floor;
	int rooted, wasdev;
	usize n;

	rooted = name[0] == '/';
	wasdev = name[0] == '#';
	/* p reads; q writes (q <= p always); elements before floor are ..s that stay */
	base = floor = p = q = name + rooted;
	while(*p != 0){
		if(*p == '/'){
			p++;
			continue;
		}
		for(e = p; *e != 0 && *e != '/'; e++)
			;
		n = e - p;
		if(n == 1 && p[0] == '.'){
			p = e;
			continue;
		}
		if(n == 2 && p[0] == '.' && p[1] == '.'){
			if(q > floor){
				/* back up over the last element and its slash */
				while(q > floor && q[-1] != '/')
					q--;
				if(q > floor)
					q--;
			}else if(!rooted){
				if(q > base)
					*q++ = '/';
				*q++ = '.';
				*q++ = '.';
				floor = q;
			}
			p = e;
			continue;
		}
		if(q > base)
			*q++ = '/';
		memmove(q, p, n);
		q += n;
		p = e;
	}
	if(q == name)
		*q++ = '.';
	*q = 0;
	/*
	 * "x/../#c" must not turn into the device name "#c".  Something
	 * at least as long as "./" was removed, so there is room.
	 */
	if(name[0] == '#' && !wasdev){
		memmove(name + 2, name, strlen(name) + 1);
		name[0] = '.';
		name[1] = '/';
	}
	return name;
}
