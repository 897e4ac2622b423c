/*
 * unmount [new] old: undo a bind or mount on old; with new, only
 * the one that put new there.
 */
#include <u.h>
#include <libc.h>

static void
usage(void)
{
	fprint(2, "usage: unmount [source] mountpoint\n");
	exits("usage");
}

void
main(int argc, char *argv[])
{
	int r;

	ARGBEGIN{
	default:
		usage();
	}ARGEND

	switch(argc){
	case 1:
		r = unmount(nil, argv[0]);
		break;
	case 2:
		r = unmount(argv[0], argv[1]);
		break;
	default:
		usage();
		return;
	}
	if(r < 0){
		fprint(2, "unmount: %s: %r\n", argv[argc-1]);
		exits("unmount");
	}
	exits(nil);
}
