/*
 * rm [-fr] file ...: remove files; -r removes directories with
 * everything in them; -f keeps quiet about what cannot be removed.
 */
#include <u.h>
#include <libc.h>

static int rflag, fflag;
static char *status;

static void
failed(char *name)
{
	if(fflag)
		return;
	fprint(2, "rm: %s: %r\n", name);
	status = "error";
}

/* Empty the directory name, depth first; name itself stays. */
static void
rmcontents(char *name)
{
	Dir *d;
	long i, n;
	int fd;
	char *path;

	fd = open(name, OREAD);
	if(fd < 0){
		failed(name);
		return;
	}
	n = dirreadall(fd, &d);
	close(fd);
	if(n < 0){
		failed(name);
		return;
	}
	for(i = 0; i < n; i++){
		path = smprint("%s/%s", name, d[i].name);
		if(path == nil)
			sysfatal("no memory");
		if(d[i].mode & DMDIR)
			rmcontents(path);
		if(remove(path) < 0)
			failed(path);
		free(path);
	}
	free(d);
}

static void
rm(char *name)
{
	Dir *d;

	if(remove(name) == 0)
		return;
	if(rflag && (d = dirstat(name)) != nil){
		if(d->mode & DMDIR){
			free(d);
			rmcontents(name);
			if(remove(name) == 0)
				return;
		}else
			free(d);
	}
	failed(name);
}

void
main(int argc, char *argv[])
{
	int i;

	ARGBEGIN{
	case 'r':
		rflag = 1;
		break;
	case 'f':
		fflag = 1;
		break;
	default:
		fprint(2, "usage: rm [-fr] file ...\n");
		exits("usage");
	}ARGEND

	for(i = 0; i < argc; i++)
		rm(argv[i]);
	exits(status);
}
