/*
 * date [-nu] [seconds]: print the date, "Sun Nov 22 00:30:00 GMT 2026";
 * -n prints seconds since the epoch instead.  The kernel keeps GMT
 * only, so -u changes nothing but is accepted as Plan 9's date does.
 */
#include <u.h>
#include <libc.h>

static void
usage(void)
{
	fprint(2, "usage: date [-nu] [seconds]\n");
	exits("usage");
}

void
main(int argc, char *argv[])
{
	int nflag;
	long now;
	char *s, *e;

	nflag = 0;
	ARGBEGIN{
	case 'n':
		nflag = 1;
		break;
	case 'u':
		break;
	default:
		usage();
	}ARGEND

	switch(argc){
	case 0:
		now = time(nil);
		break;
	case 1:
		now = strtol(argv[0], &e, 0);
		if(*argv[0] == 0 || *e != 0)
			usage();
		break;
	default:
		usage();
	}
	if(nflag){
		print("%ld\n", now);
		exits(nil);
	}
	s = ctime(now);
	/* ctime's string ends in a newline, as Plan 9's does; be sure */
	print("%s", s);
	if(*s == 0 || s[strlen(s)-1] != '\n')
		print("\n");
	exits(nil);
}
