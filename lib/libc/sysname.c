#include <u.h>
#include <libc.h>

char*	_readcons(char*, char*, int, char*);

/* the machine's name, from /dev/sysname */
char*
sysname(void)
{
	static char name[KNAMELEN+1];
	static char *s;

	if(s == nil)
		s = _readcons("/dev/sysname", name, sizeof name, "9q");
	return s;
}
