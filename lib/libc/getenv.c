/*
 * The environment is the directory /env, one file per variable.  rc
 * separates the elements of a list with NULs; getenv shows them
 * separated by spaces, as Plan 9's does.
 */
#include <u.h>
#include <libc.h>

enum {
	Envmax	= 1<<20,
};

static int
envpath(char *buf, int n, char *name)
{
	if(name == nil || name[0] == 0 || strchr(name, '/') != nil
	|| strcmp(name, ".") == 0 || strcmp(name, "..") == 0){
		werrstr("bad environment variable name");
		return -1;
	}
	if(snprint(buf, n, "/env/%s", name) >= n - 1){
		werrstr("environment variable name too long");
		return -1;
	}
	return 0;
}

char*
getenv(char *name)
{
	char path[128], *v, *nv;
	long n, size, m;
	int fd;

	if(envpath(path, sizeof path, name) < 0)
		return nil;
	fd = open(path, OREAD);
	if(fd < 0)
		return nil;
	size = 0;
	n = 0;
	v = nil;
	for(;;){
		if(size - n < 2){
			size = size*2 + 64;
			if(size > Envmax){
				werrstr("environment variable too large");
				goto Bad;
			}
			nv = realloc(v, size);
			if(nv == nil)
				goto Bad;
			v = nv;
		}
		m = read(fd, v + n, size - n - 1);
		if(m < 0)
			goto Bad;
		if(m == 0)
			break;
		n += m;
	}
	close(fd);
	if(n > 0 && v[n-1] == 0)
		n--;
	for(m = 0; m < n; m++)
		if(v[m] == 0)
			v[m] = ' ';
	v[n] = 0;
	return v;
Bad:
	free(v);
	close(fd);
	return nil;
}

int
putenv(char *name, char *val)
{
	char path[128];
	long n;
	int fd;

	if(envpath(path, sizeof path, name) < 0)
		return -1;
	fd = create(path, OWRITE, 0664);
	if(fd < 0)
		return -1;
	n = strlen(val);
	if(write(fd, val, n) != n){
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
