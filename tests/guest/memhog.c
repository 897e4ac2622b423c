/*
 * memhog: N children at once each allocate MB megabytes and write
 * every page, more than memory holds, then exit.  Out of memory the
 * kernel must kill processes saying so (Plan 9 kills the biggest),
 * not let them die of a plain page fault, and never go down itself.
 * Prints one line per child, "memhog: pid done" or "memhog: pid:
 * exit message", then "memhog: N done, N out of memory, N other".
 *	memhog [-n children] [-m MB]
 */
#include <u.h>
#include <libc.h>

static void
usage(void)
{
	fprint(2, "usage: memhog [-n children] [-m MB]\n");
	exits("usage");
}

static void
hog(usize n)
{
	uchar *p;
	usize i;

	p = malloc(n);
	if(p == nil)
		sysfatal("malloc: %r");
	for(i = 0; i < n; i += 4096)
		p[i] = i >> 12;
	for(i = 0; i < n; i += 4096)
		if(p[i] != (uchar)(i >> 12))
			sysfatal("page %llud lost its contents", (uvlong)i >> 12);
	exits(nil);
}

void
main(int argc, char *argv[])
{
	int n, mb, i, done, oom, other;
	Waitmsg *w;

	n = 6;
	mb = 32;
	ARGBEGIN{
	case 'n':
		n = atoi(EARGF(usage()));
		break;
	case 'm':
		mb = atoi(EARGF(usage()));
		break;
	default:
		usage();
	}ARGEND
	if(argc != 0 || n <= 0 || mb <= 0)
		usage();
	for(i = 0; i < n; i++)
		switch(fork()){
		case -1:
			sysfatal("fork: %r");
		case 0:
			hog((usize)mb << 20);
		}
	done = oom = other = 0;
	while((w = wait()) != nil){
		if(w->msg[0] == '\0'){
			print("memhog: %d done\n", w->pid);
			done++;
		}else{
			print("memhog: %d: %s\n", w->pid, w->msg);
			if(strstr(w->msg, "out of memory") != nil)
				oom++;
			else
				other++;
		}
		free(w);
	}
	print("memhog: %d done, %d out of memory, %d other\n", done, oom, other);
	exits(other ? "other deaths" : nil);
}
