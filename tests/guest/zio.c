/*
 * zio [-r] [-w] file count skew: one read (or with -w one write) of
 * count bytes at the start of file, from a buffer that begins skew
 * bytes into a page, so that a zero-copy request touches a page more
 * than count needs.  With -r the buffer's pages are first touched
 * from the last to the first, which here leaves physically adjacent
 * pages in the opposite order: no two merge into one descriptor.  A
 * write creates file and sends bytes made from their position.  Prints the count and
 * the sha1 of the bytes moved, or the error.
 */
#include <u.h>
#include <libc.h>

enum { Pg = 4096 };

static void
usage(void)
{
	fprint(2, "usage: zio [-r] [-w] file count skew\n");
	exits("usage");
}

void
main(int argc, char *argv[])
{
	uchar digest[SHA1dlen], *buf;
	SHA1state s;
	long n, count, skew, i, npg;
	int fd, rev, wr;

	rev = wr = 0;
	ARGBEGIN{
	case 'r':
		rev = 1;
		break;
	case 'w':
		wr = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc != 3)
		usage();
	count = atol(argv[1]);
	skew = atol(argv[2]);
	if(count < 0 || skew < 0 || skew >= Pg)
		usage();
	npg = (skew + count + Pg-1)/Pg + 1;
	buf = sbrk(npg*Pg);
	if(buf == (void*)-1)
		sysfatal("sbrk: %r");
	buf = (uchar*)(((uintptr)buf + Pg-1) & ~(uintptr)(Pg-1));
	if(rev)
		for(i = npg-2; i >= 0; i--)
			buf[i*Pg] = 0;
	buf += skew;
	fd = wr ? create(argv[0], OWRITE, 0666) : open(argv[0], OREAD);
	if(fd < 0)
		sysfatal("open %s: %r", argv[0]);
	if(wr){
		for(i = 0; i < count; i++)
			buf[i] = i*7 + i/4099;
		n = write(fd, buf, count);
	}else
		n = read(fd, buf, count);
	if(n < 0)
		sysfatal("%s %s: %r", wr ? "write" : "read", argv[0]);
	sha1init(&s);
	sha1update(&s, buf, n);
	sha1final(&s, digest);
	print("%ld ", n);
	for(i = 0; i < SHA1dlen; i++)
		print("%.2ux", digest[i]);
	print("\n");
	exits(nil);
}
