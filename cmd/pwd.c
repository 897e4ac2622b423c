/*
 * pwd: print the name of the current directory, as the kernel
 * remembers it for the channel of ".".
 */
#include <u.h>
#include <libc.h>

void
main(int argc, char *argv[])
{
	int fd;
	char buf[1024];

	ARGBEGIN{
	default:
		fprint(2, "usage: pwd\n");
		exits("usage");
	}ARGEND
	USED(argc);

	fd = open(".", OREAD);
	if(fd < 0){
		fprint(2, "pwd: .: %r\n");
		exits("open");
	}
	if(fd2path(fd, buf, sizeof buf) < 0){
		fprint(2, "pwd: fd2path: %r\n");
		exits("fd2path");
	}
	print("%s\n", buf);
	exits(nil);
}
