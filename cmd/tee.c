/*
 * tee [-ai] [file ...]: copy standard input to standard output and
 * to each file.  -a appends instead of truncating, -i ignores
 * interrupts.
 */
#include <u.h>
#include <libc.h>

enum { Maxfiles = 64, Bufsize = 8192 };

static uchar buf[Bufsize];

static void
usage(void)
{
	fprint(2, "usage: tee [-ai] [file ...]\n");
	exits("usage");
}

static void
ignore(void *ureg, char *note)
{
	USED(ureg);
	noted(strcmp(note, "interrupt") == 0 ? NCONT : NDFLT);
}

static int
openout(char *name, int aflag)
{
	int fd;

	if(aflag){
		fd = open(name, OWRITE);
		if(fd >= 0){
			seek(fd, 0, 2);
			return fd;
		}
	}
	return create(name, OWRITE, 0666);
}

void
main(int argc, char *argv[])
{
	int aflag, fd[Maxfiles], nfd, i;
	long n;
	char *status, *name[Maxfiles];

	aflag = 0;
	ARGBEGIN{
	case 'a':
		aflag = 1;
		break;
	case 'i':
		notify(ignore);
		break;
	default:
		usage();
	}ARGEND
	if(argc > Maxfiles - 1)
		sysfatal("too many files");
	status = nil;
	fd[0] = 1;
	name[0] = "standard output";
	nfd = 1;
	for(i = 0; i < argc; i++){
		fd[nfd] = openout(argv[i], aflag);
		if(fd[nfd] < 0){
			fprint(2, "tee: %s: %r\n", argv[i]);
			status = "open";
			continue;
		}
		name[nfd++] = argv[i];
	}
	while((n = read(0, buf, sizeof buf)) > 0)
		for(i = 0; i < nfd; i++)
			if(fd[i] >= 0 && write(fd[i], buf, n) != n){
				fprint(2, "tee: %s: %r\n", name[i]);
				fd[i] = -1;
				status = "write";
			}
	if(n < 0){
		fprint(2, "tee: reading standard input: %r\n");
		status = "read";
	}
	exits(status);
}
