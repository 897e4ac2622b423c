/*
 * touch [-c] [-t time] file ...: set the modification time of each
 * file to now (or to time, in seconds since the epoch) through
 * wstat; a file that does not exist is created, unless -c.
 */
#include <u.h>
#include <libc.h>

static void
usage(void)
{
	fprint(2, "usage: touch [-c] [-t time] file ...\n");
	exits("usage");
}

static int
touch(char *name, int nocreate, long t)
{
	Dir d;
	int fd;

	nulldir(&d);
	d.mtime = t;
	if(dirwstat(name, &d) >= 0)
		return 0;
	if(access(name, AEXIST) == 0 || nocreate){
		fprint(2, "touch: %s: %r\n", name);
		return -1;
	}
	fd = create(name, OREAD, 0666);
	if(fd < 0){
		fprint(2, "touch: %s: cannot create: %r\n", name);
		return -1;
	}
	if(dirfwstat(fd, &d) < 0){
		fprint(2, "touch: %s: %r\n", name);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

void
main(int argc, char *argv[])
{
	int cflag, i;
	long t;
	char *s, *e, *status;

	cflag = 0;
	t = time(nil);
	ARGBEGIN{
	case 'c':
		cflag = 1;
		break;
	case 't':
		s = EARGF(usage());
		t = strtol(s, &e, 0);
		if(*s == 0 || *e != 0)
			usage();
		break;
	default:
		usage();
	}ARGEND
	if(argc == 0)
		usage();
	status = nil;
	for(i = 0; i < argc; i++)
		if(touch(argv[i], cflag, t) < 0)
			status = "touch";
	exits(status);
}
