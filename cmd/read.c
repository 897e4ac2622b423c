/*
 * read [-m] [-n nlines] [file ...]: copy one line (-n: that many,
 * -m: all of them) from standard input or the files to standard
 * output, reading byte by byte so that nothing past it is consumed.
 * The status is "eof" when nothing at all was read.
 */
#include <u.h>
#include <libc.h>

static int mflag;
static long nlines = 1;
static long got;		/* bytes copied so far */

static void
usage(void)
{
	fprint(2, "usage: read [-m] [-n nlines] [file ...]\n");
	exits("usage");
}

/* copy lines from fd; 1 when the quota is met, 0 at end of file */
static int
lines(int fd, char *name)
{
	char c;
	long n;

	while(mflag || nlines > 0){
		n = read(fd, &c, 1);
		if(n < 0)
			sysfatal("%s: %r", name);
		if(n == 0)
			return 0;
		if(write(1, &c, 1) != 1)
			sysfatal("write error: %r");
		got++;
		if(c == '\n')
			nlines--;
	}
	return 1;
}

void
main(int argc, char *argv[])
{
	int fd, i;

	ARGBEGIN{
	case 'm':
		mflag = 1;
		break;
	case 'n':
		nlines = atol(EARGF(usage()));
		break;
	default:
		usage();
	}ARGEND
	if(argc == 0)
		lines(0, "<stdin>");
	for(i = 0; i < argc; i++){
		fd = open(argv[i], OREAD);
		if(fd < 0)
			sysfatal("%s: %r", argv[i]);
		if(lines(fd, argv[i]))
			break;
		close(fd);
	}
	exits(got == 0 ? "eof" : nil);
}
