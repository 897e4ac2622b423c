/*
 * basename [-d] string [suffix]: the last element of a path name,
 * less suffix if it ends so; -d prints the directory part instead.
 */
#include <u.h>
#include <libc.h>

static void
usage(void)
{
	fprint(2, "usage: basename [-d] string [suffix]\n");
	exits("usage");
}

void
main(int argc, char *argv[])
{
	int dflag, n, m;
	char *s, *slash;

	dflag = 0;
	ARGBEGIN{
	case 'd':
		dflag = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc < 1 || argc > 2 || dflag && argc > 1)
		usage();
	s = argv[0];
	slash = strrchr(s, '/');
	if(dflag){
		if(slash == nil)
			print(".\n");
		else if(slash == s)
			print("/\n");
		else
			print("%.*s\n", (int)(slash - s), s);
		exits(nil);
	}
	if(slash != nil)
		s = slash + 1;
	if(argc == 2){
		n = strlen(s);
		m = strlen(argv[1]);
		if(n > m && strcmp(s + n - m, argv[1]) == 0)
			s[n - m] = 0;
	}
	print("%s\n", s);
	exits(nil);
}
