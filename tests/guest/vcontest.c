/*
 * vcontest: drives a /dev/virtcon file for tests/scenario/vcon.py and
 * tests/bench/vcon.
 *	vcontest reads file k bufsize	k reads; prints each count and the bytes
 *	vcontest in file nbytes [ms]	read nbytes; prints bytes, ns and sha1; with ms,
 *					a slow reader: 4K reads, a pause of ms after every 64th
 *	vcontest out file nbytes	write nbytes (a pattern) in 64K writes; prints bytes, ns
 */
#include <u.h>
#include <libc.h>

enum { Bufsize = 64*1024 };

static uchar buf[Bufsize];

static void
usage(void)
{
	fprint(2, "usage: vcontest reads file k bufsize | in file nbytes [ms] | out file nbytes\n");
	exits("usage");
}

static int
openvc(char *name, int mode)
{
	int fd;

	fd = open(name, mode);
	if(fd < 0)
		sysfatal("%s: %r", name);
	return fd;
}

static void
reads(char *name, int k, long bufsize)
{
	int fd, i;
	long n;

	if(bufsize < 1 || bufsize > Bufsize)
		usage();
	fd = openvc(name, OREAD);
	for(i = 0; i < k; i++){
		n = read(fd, buf, bufsize);
		if(n < 0)
			sysfatal("read: %r");
		print("read %ld '%.*s'\n", n, (int)n, (char*)buf);
	}
}

static void
in(char *name, vlong total, int pause)
{
	uchar digest[SHA1dlen];
	SHA1state s;
	vlong got, t0;
	long n, max;
	int fd, i, nread;

	fd = openvc(name, OREAD);
	sha1init(&s);
	t0 = 0;
	max = pause > 0 ? 4096 : Bufsize;
	nread = 0;
	for(got = 0; got < total; got += n){
		if(pause > 0 && ++nread % 64 == 0)
			sleep(pause);
		n = total - got > max ? max : total - got;
		n = read(fd, buf, n);
		if(n <= 0)
			sysfatal("read after %lld bytes: %r", got);
		if(got == 0)
			t0 = nsec();	/* from the first byte: the host starts when it likes */
		sha1update(&s, buf, n);
	}
	sha1final(&s, digest);
	print("in %lld bytes %lld ns sha1 ", got, nsec() - t0);
	for(i = 0; i < SHA1dlen; i++)
		print("%.2ux", digest[i]);
	print("\n");
}

static void
out(char *name, vlong total)
{
	vlong done, t0;
	long n, i;
	int fd;

	fd = openvc(name, OWRITE);
	for(i = 0; i < Bufsize; i++)
		buf[i] = i*7 + (i>>8);
	t0 = nsec();
	for(done = 0; done < total; done += n){
		n = total - done > Bufsize ? Bufsize : total - done;
		if(write(fd, buf, n) != n)
			sysfatal("write after %lld bytes: %r", done);
	}
	print("out %lld bytes %lld ns\n", done, nsec() - t0);
}

void
main(int argc, char *argv[])
{
	ARGBEGIN{
	default:
		usage();
	}ARGEND
	if(argc == 4 && strcmp(argv[0], "reads") == 0)
		reads(argv[1], atoi(argv[2]), atol(argv[3]));
	else if((argc == 3 || argc == 4) && strcmp(argv[0], "in") == 0)
		in(argv[1], strtoll(argv[2], nil, 10), argc == 4 ? atoi(argv[3]) : 0);
	else if(argc == 3 && strcmp(argv[0], "out") == 0)
		out(argv[1], strtoll(argv[2], nil, 10));
	else
		usage();
	exits(nil);
}
