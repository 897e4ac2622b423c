/*
 * mkdir [-p] [-m mode] dir ...: make directories; with -p, make
 * the missing parents too and accept directories that exist.
 */
#include <u.h>
#include <libc.h>

static int pflag;
static u32int mode = 0777;

static void
usage(void)
{
	fprint(2, "usage: mkdir [-p] [-m mode] dir ...\n");
	exits("usage");
}

static int
isdir(char *name)
{
	Dir *d;
	int r;

	d = dirstat(name);
	if(d == nil)
		return 0;
	r = (d->mode & DMDIR) != 0;
	free(d);
	return r;
}

/*
 * OEXCL: an existing name is an error (the kernel's "file already
 * exists"), never a file opened and truncated as create would.
 */
static int
makedir(char *name)
{
	int fd;

	if(pflag && isdir(name))
		return 0;
	fd = create(name, OREAD|OEXCL, DMDIR | mode);
	if(fd < 0){
		fprint(2, "mkdir: %s: %r\n", name);
		return -1;
	}
	close(fd);
	return 0;
}

/* Make each ancestor of name in turn, then name itself. */
static int
makepath(char *name)
{
	char *p;

	for(p = name; *p == '/'; p++)
		;
	for(; (p = strchr(p, '/')) != nil; p++){
		*p = 0;
		if(!isdir(name) && makedir(name) < 0){
			*p = '/';
			return -1;
		}
		*p = '/';
		while(p[1] == '/')
			p++;
	}
	return makedir(name);
}

void
main(int argc, char *argv[])
{
	char *status, *m, *e;
	int i;

	ARGBEGIN{
	case 'p':
		pflag = 1;
		break;
	case 'm':
		m = EARGF(usage());
		mode = strtoul(m, &e, 8);
		if(*m == 0 || *e != 0 || mode > 0777)
			usage();
		break;
	default:
		usage();
	}ARGEND
	if(argc == 0)
		usage();

	status = nil;
	for(i = 0; i < argc; i++){
		if(pflag){
			if(makepath(argv[i]) < 0)
				status = "error";
		}else if(makedir(argv[i]) < 0)
			status = "error";
	}
	exits(status);
}
