/*
 * bind [-abcq] new old: make old refer to new in this name space;
 * -b and -a make a union, new before or after old; -c permits
 * creation in the union.
 */
#include <u.h>
#include <libc.h>

static void
usage(void)
{
	fprint(2, "usage: bind [-b|-a] [-cq] new old\n");
	exits("usage");
}

void
main(int argc, char *argv[])
{
	int flag, qflag;
	char err[ERRMAX];

	flag = MREPL;
	qflag = 0;
	ARGBEGIN{
	case 'a':
		flag |= MAFTER;
		break;
	case 'b':
		flag |= MBEFORE;
		break;
	case 'c':
		flag |= MCREATE;
		break;
	case 'q':
		qflag = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc != 2 || (flag & MORDER) == MORDER)
		usage();

	if(bind(argv[0], argv[1], flag) < 0){
		if(qflag)
			exits(nil);
		rerrstr(err, sizeof err);
		/* name the side that is missing, when one is */
		if(access(argv[0], AEXIST) < 0)
			fprint(2, "bind: %s: %r\n", argv[0]);
		else if(access(argv[1], AEXIST) < 0)
			fprint(2, "bind: %s: %r\n", argv[1]);
		else
			fprint(2, "bind: %s %s: %s\n", argv[0], argv[1], err);
		exits("bind");
	}
	exits(nil);
}
