/*
 * readers n file: n processes read file from start to end at once,
 * 128 KiB at a time; print the bytes read in all, the time from the
 * first fork to the last exit, and the aggregate rate in MB/s
 * (10^6 bytes).  Each reader checks that it read the whole file.
 */
#include <u.h>
#include <libc.h>

enum { Bufsize = 128*1024 };

static uchar buf[Bufsize] __attribute__((aligned(4096)));	/* whole pages, as dd's: a mount may flip them in (mnt(3)) */

static vlong
readall(char *file)
{
	vlong tot;
	long n;
	int fd;

	fd = open(file, OREAD);
	if(fd < 0)
		sysfatal("open %s: %r", file);
	tot = 0;
	while((n = read(fd, buf, sizeof buf)) > 0)
		tot += n;
	if(n < 0)
		sysfatal("read %s: %r", file);
	close(fd);
	return tot;
}

void
main(int argc, char *argv[])
{
	Dir *d;
	vlong start, ms, size;
	int i, n, bad;
	Waitmsg *w;

	if(argc != 3)
		sysfatal("usage: readers n file");
	n = atoi(argv[1]);
	d = dirstat(argv[2]);
	if(d == nil)
		sysfatal("%s: %r", argv[2]);
	size = d->length;
	free(d);
	start = nsec();
	for(i = 0; i < n; i++)
		switch(fork()){
		case -1:
			sysfatal("fork: %r");
		case 0:
			exits(readall(argv[2]) == size ? nil : "short read");
		}
	bad = 0;
	while((w = wait()) != nil){
		if(w->msg[0] != '\0')
			bad++;
		free(w);
	}
	ms = (nsec() - start)/1000000;
	if(ms == 0)
		ms = 1;
	print("readers: %d x %lld bytes in %lld ms: %lld MB/s%s\n", n, size, ms,
		n*size/1000/ms, bad ? " (SHORT READS)" : "");
	exits(bad ? "short read" : nil);
}
