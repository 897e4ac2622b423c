/*
 * sha1sum [file ...]: print the SHA-1 digest of each file, or of
 * standard input, in lower-case hex; a file's name follows its
 * digest after a tab, as Plan 9's sha1sum prints it.
 */
#include <u.h>
#include <libc.h>

enum { Bufsize = 128*1024 };

static uchar buf[Bufsize];

static int
sum(int fd, char *name)
{
	SHA1state s;
	uchar digest[SHA1dlen];
	char hex[2*SHA1dlen+1], *p;
	long n;
	int i;

	sha1init(&s);
	while((n = read(fd, buf, sizeof buf)) > 0)
		sha1update(&s, buf, n);
	if(n < 0){
		fprint(2, "sha1sum: %s: %r\n", name != nil ? name : "<stdin>");
		return -1;
	}
	sha1final(&s, digest);
	p = hex;
	for(i = 0; i < SHA1dlen; i++)
		p = seprint(p, hex + sizeof hex, "%.2ux", digest[i]);
	if(name == nil)
		print("%s\n", hex);
	else
		print("%s\t%s\n", hex, name);
	return 0;
}

void
main(int argc, char *argv[])
{
	char *status;
	int i, fd;

	ARGBEGIN{
	default:
		fprint(2, "usage: sha1sum [file ...]\n");
		exits("usage");
	}ARGEND

	if(argc == 0)
		exits(sum(0, nil) < 0 ? "read" : nil);
	status = nil;
	for(i = 0; i < argc; i++){
		fd = open(argv[i], OREAD);
		if(fd < 0){
			fprint(2, "sha1sum: %s: %r\n", argv[i]);
			status = "open";
			continue;
		}
		if(sum(fd, argv[i]) < 0)
			status = "read";
		close(fd);
	}
	exits(status);
}
