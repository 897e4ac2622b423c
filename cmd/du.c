/*
 * du [-as] [file ...]: the disk usage, in KiB, of each directory
 * under the files (default .), and of the files themselves: the sum
 * of its files' lengths rounded up to whole KiB.  -a lists every
 * file too, -s only the total for each argument.
 */
#include <u.h>
#include <libc.h>

static int aflag, sflag;
static char *status;
static Biobuf bout;

static void
usage(void)
{
	fprint(2, "usage: du [-as] [file ...]\n");
	exits("usage");
}

static vlong
kib(vlong n)
{
	return (n + 1023) / 1024;
}

static void
report(vlong k, char *name)
{
	Bprint(&bout, "%lld\t%s\n", k, name);
}

static void
warn(char *name)
{
	Bflush(&bout);
	fprint(2, "du: %s: %r\n", name);
	status = "error";
}

/* the usage of directory name, listing as it goes at depth > 0 */
static vlong
dudir(char *name, int top)
{
	Dir *d;
	long n, i;
	vlong sum, k;
	char *path;
	int fd;

	fd = open(name, OREAD);
	if(fd < 0){
		warn(name);
		return 0;
	}
	n = dirreadall(fd, &d);
	close(fd);
	if(n < 0){
		warn(name);
		return 0;
	}
	sum = 0;
	for(i = 0; i < n; i++){
		path = smprint("%s/%s", name, d[i].name);
		if(path == nil)
			sysfatal("no memory");
		if(d[i].qid.type & QTDIR)
			k = dudir(path, 0);
		else{
			k = kib(d[i].length);
			if(aflag && !sflag)
				report(k, path);
		}
		sum += k;
		free(path);
	}
	free(d);
	if(!sflag || top)
		report(sum, name);
	return sum;
}

static void
du(char *name)
{
	Dir *d;

	d = dirstat(name);
	if(d == nil){
		warn(name);
		return;
	}
	if(d->qid.type & QTDIR)
		dudir(name, 1);
	else
		report(kib(d->length), name);
	free(d);
}

void
main(int argc, char *argv[])
{
	int i;

	ARGBEGIN{
	case 'a':
		aflag = 1;
		break;
	case 's':
		sflag = 1;
		break;
	default:
		usage();
	}ARGEND
	Binit(&bout, 1, OWRITE);
	if(argc == 0)
		du(".");
	for(i = 0; i < argc; i++)
		du(argv[i]);
	Bflush(&bout);
	exits(status);
}
