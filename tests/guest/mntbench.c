/*
 * mntbench: sequential throughput through a file, for the mount
 * driver benchmark (tests/bench/mnt) and for making big test files.
 *	mntbench [-b bufsize] -w file size	write size bytes of a pattern
 *	mntbench [-b bufsize] -r file		read file to its end
 *	mntbench -m msize srvfile mtpt		fversion at msize, then mount -c
 * -w and -r print `write|read N bytes in T ms: X.Y MB/s`.
 */
#include <u.h>
#include <libc.h>

static long bufsize = 128*1024;

static void
usage(void)
{
	fprint(2, "usage: mntbench [-b bufsize] -w file size | -r file | -m msize srvfile mtpt\n");
	exits("usage");
}

static void
report(char *what, vlong n, vlong ns)
{
	vlong tenths;

	if(ns <= 0)
		ns = 1;
	tenths = n*10000/ns;	/* MB/s in tenths: bytes/ns*1000 */
	print("%s %lld bytes in %lld ms: %lld.%lld MB/s\n", what, n, ns/1000000, tenths/10, tenths%10);
}

static void
dowrite(char *file, vlong size)
{
	uchar *buf;
	vlong done, t0;
	long n, i;
	int fd;

	buf = emalloc(bufsize);
	fd = create(file, OWRITE, 0666);
	if(fd < 0)
		sysfatal("create %s: %r", file);
	t0 = nsec();
	for(done = 0; done < size; done += n){
		n = bufsize;
		if(n > size-done)
			n = size-done;
		for(i = 0; i < n; i++)
			buf[i] = (done+i)*7 ^ (done+i)>>10;
		if(write(fd, buf, n) != n)
			sysfatal("write %s: %r", file);
	}
	close(fd);
	report("write", size, nsec()-t0);
}

static void
doread(char *file)
{
	uchar *buf;
	vlong total, t0;
	long n;
	int fd;

	buf = emalloc(bufsize);
	fd = open(file, OREAD);
	if(fd < 0)
		sysfatal("open %s: %r", file);
	t0 = nsec();
	total = 0;
	while((n = read(fd, buf, bufsize)) > 0)
		total += n;
	if(n < 0)
		sysfatal("read %s: %r", file);
	close(fd);
	report("read", total, nsec()-t0);
}

static void
domount(long msize, char *srvfile, char *mtpt)
{
	char vers[32];
	int fd, n;

	fd = open(srvfile, ORDWR);
	if(fd < 0)
		sysfatal("open %s: %r", srvfile);
	strcpy(vers, "9P2000");
	n = fversion(fd, msize, vers, sizeof vers);
	if(n < 0)
		sysfatal("fversion: %r");
	if(mount(fd, -1, mtpt, MREPL|MCREATE, "") < 0)
		sysfatal("mount %s: %r", mtpt);
	print("version %s msize %ld\n", vers, msize);
}

void
main(int argc, char *argv[])
{
	int mode;

	mode = 0;
	ARGBEGIN{
	case 'b':
		bufsize = strtol(EARGF(usage()), nil, 0);
		break;
	case 'w':
	case 'r':
	case 'm':
		mode = ARGC();
		break;
	default:
		usage();
	}ARGEND
	if(bufsize <= 0 || bufsize > 16*1024*1024)
		usage();
	switch(mode){
	case 'w':
		if(argc != 2)
			usage();
		dowrite(argv[0], strtoll(argv[1], nil, 0));
		break;
	case 'r':
		if(argc != 1)
			usage();
		doread(argv[0]);
		break;
	case 'm':
		if(argc != 3)
			usage();
		domount(strtol(argv[0], nil, 0), argv[1], argv[2]);
		break;
	default:
		usage();
	}
	exits(nil);
}
