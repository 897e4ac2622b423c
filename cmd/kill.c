/*
 * kill pid|name ...: a numeric argument is a process id, and kill
 * writes "kill" to its /proc/pid/ctl.  A name is handled as Plan 9's
 * kill does: it prints, for each of the user's processes of that
 * name, the rc command that would kill it,
 *	echo kill>/proc/123/ctl # name
 * so that `kill name | rc` does the deed.
 */
#include <u.h>
#include <libc.h>

static char *status;

static void
usage(void)
{
	fprint(2, "usage: kill pid|name ...\n");
	exits("usage");
}

static void
killpid(char *pid)
{
	char *name;
	int fd;

	name = smprint("/proc/%s/ctl", pid);
	if(name == nil)
		sysfatal("no memory");
	fd = open(name, OWRITE);
	if(fd < 0 || write(fd, "kill", 4) != 4){
		fprint(2, "kill: %s: %r\n", pid);
		status = "kill";
	}
	if(fd >= 0)
		close(fd);
	free(name);
}

/* Does /proc/pid/status name a process called name owned by user? */
static int
matches(char *pid, char *name, char *user)
{
	char buf[512], *f[3], *path;
	int fd;
	long n;

	path = smprint("/proc/%s/status", pid);
	if(path == nil)
		sysfatal("no memory");
	fd = open(path, OREAD);
	free(path);
	if(fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if(n <= 0)
		return 0;
	buf[n] = 0;
	if(tokenize(buf, f, nelem(f)) < 2)
		return 0;
	return strcmp(f[0], name) == 0 && (user == nil || strcmp(f[1], user) == 0);
}

static void
printkills(Dir *d, long n, char *name, char *user)
{
	long i;
	char *e;

	for(i = 0; i < n; i++){
		strtol(d[i].name, &e, 10);
		if(*d[i].name == 0 || *e != 0)
			continue;
		if(matches(d[i].name, name, user))
			print("echo kill>/proc/%s/ctl # %s\n", d[i].name, name);
	}
}

static int
isnumber(char *s)
{
	if(*s == 0)
		return 0;
	for(; *s; s++)
		if(*s < '0' || *s > '9')
			return 0;
	return 1;
}

void
main(int argc, char *argv[])
{
	Dir *d;
	long n;
	int i, fd;
	char *user;

	ARGBEGIN{
	default:
		usage();
	}ARGEND
	if(argc == 0)
		usage();

	d = nil;
	n = -1;
	user = getuser();
	for(i = 0; i < argc; i++){
		if(isnumber(argv[i])){
			killpid(argv[i]);
			continue;
		}
		if(n < 0){
			fd = open("/proc", OREAD);
			if(fd < 0 || (n = dirreadall(fd, &d)) < 0){
				fprint(2, "kill: /proc: %r\n");
				exits("proc");
			}
			close(fd);
		}
		printkills(d, n, argv[i], user);
	}
	exits(status);
}
