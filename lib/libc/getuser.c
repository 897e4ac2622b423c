#include <u.h>
#include <libc.h>

/* the contents of a one-line #c file, or def; static, read once */
char*
_readcons(char *file, char *buf, int n, char *def)
{
	long m;
	int fd;

	fd = open(file, OREAD);
	if(fd < 0)
		return def;
	m = read(fd, buf, n - 1);
	close(fd);
	if(m <= 0)
		return def;
	buf[m] = 0;
	while(m > 0 && (buf[m-1] == '\n' || buf[m-1] == ' '))
		buf[--m] = 0;
	return m > 0 ? buf : def;
}

char*
getuser(void)
{
	static char user[KNAMELEN+1];
	static char *u;

	if(u == nil)
		u = _readcons("/dev/user", user, sizeof user, "none");
	return u;
}
