/*
 * dataread file: read file into an initialized array that nothing
 * has touched yet and print how many bytes came and their sum.  Run
 * from a copy on /tmp, the read's faults on the array load its pages
 * from /tmp while the read of a /tmp file is under way, which
 * deadlocks a device that holds its lock across the copy.
 */
#include <u.h>
#include <libc.h>

static uchar data[256*1024] = {1};	/* initialized: in the binary, not bss */

void
main(int argc, char *argv[])
{
	int fd;
	long n;
	ulong sum;
	long i;

	if(argc != 2){
		fprint(2, "usage: dataread file\n");
		exits("usage");
	}
	fd = open(argv[1], OREAD);
	if(fd < 0)
		sysfatal("open %s: %r", argv[1]);
	n = readn(fd, data, sizeof data);
	if(n < 0)
		sysfatal("read %s: %r", argv[1]);
	sum = 0;
	for(i = 0; i < n; i++)
		sum += data[i];
	print("dataread: %ld bytes, sum %lud\n", n, sum);
	exits(nil);
}
