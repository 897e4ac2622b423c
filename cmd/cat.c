/*
 * cat [file ...]: copy the files, or standard input, to standard output.
 */
#include <u.h>
#include <libc.h>

enum { Bufsize = 128*1024 };

static uchar buf[Bufsize];

static int
copy(int fd, char *name)
{
	long n;

	while((n = read(fd, buf, sizeof buf)) > 0)
		if(write(1, buf, n) != n){
			fprint(2, "cat: write error copying %s: %r\n", name);
			return -1;
		}
	if(n < 0){
		fprint(2, "cat: %s: %r\n", name);
		return -1;
	}
	return 0;
}

void
main(int argc, char *argv[])
{
	int fd, i;
	char *status;

	ARGBEGIN{
	default:
		fprint(2, "usage: cat [file ...]\n");
		exits("usage");
	}ARGEND

	status = nil;
	if(argc == 0 && copy(0, "<stdin>") < 0)
		status = "error";
	for(i = 0; i < argc; i++){
		fd = open(argv[i], OREAD);
		if(fd < 0){
			fprint(2, "cat: %s: %r\n", argv[i]);
			status = "open";
			continue;
		}
		if(copy(fd, argv[i]) < 0)
			status = "error";
		close(fd);
	}
	exits(status);
}
