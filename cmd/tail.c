/*
 * tail [+-number[lbc][f]] [-n lines] [-f] [file]: copy the end of
 * the input: the last number lines (default 10), or from line number
 * onwards with +; b counts 1024-byte blocks and c bytes instead of
 * lines.  -f then keeps following the file as it grows.
 */
#include <u.h>
#include <libc.h>

enum { Bufsize = 8192, Pollms = 500 };

static int fromstart;		/* +number */
static vlong count = 10;
static int unit = 'l';		/* l, b or c */
static int follow;
static char *name = "<stdin>";

static void
usage(void)
{
	fprint(2, "usage: tail [+-number[lbc][f]] [-n lines] [-f] [file]\n");
	exits("usage");
}

static void
put(void *p, long n)
{
	if(n > 0 && write(1, p, n) != n)
		sysfatal("write error: %r");
}

/* copy everything left in fd */
static void
rest(int fd)
{
	char buf[Bufsize];
	long n;

	while((n = read(fd, buf, sizeof buf)) > 0)
		put(buf, n);
	if(n < 0)
		sysfatal("%s: %r", name);
}

/* the whole input in memory */
static char*
slurp(int fd, vlong *np)
{
	char *buf;
	vlong n, max;
	long r;

	max = Bufsize;
	buf = emalloc(max);
	n = 0;
	while((r = read(fd, buf + n, max - n)) > 0){
		n += r;
		if(n == max)
			buf = erealloc(buf, max *= 2);
	}
	if(r < 0)
		sysfatal("%s: %r", name);
	*np = n;
	return buf;
}

static void
fromfront(int fd)
{
	char buf[Bufsize];
	vlong skip;
	long n, i;

	skip = count > 0 ? count - 1 : 0;	/* +1 is the first line, block or byte */
	if(unit == 'b')
		skip *= 1024;
	while(skip > 0 && (n = read(fd, buf, sizeof buf)) > 0){
		if(unit != 'l'){
			if(n > skip)
				put(buf + skip, n - skip);
			skip -= n < skip ? n : skip;
			continue;
		}
		for(i = 0; i < n && skip > 0; i++)
			if(buf[i] == '\n')
				skip--;
		put(buf + i, n - i);
	}
	rest(fd);
}

static void
fromend(int fd)
{
	char *buf;
	vlong n, i, want;

	buf = slurp(fd, &n);
	if(unit == 'l'){
		i = n;
		if(i > 0 && buf[i-1] == '\n')
			i--;
		for(want = count; i > 0; i--)
			if(buf[i-1] == '\n' && --want == 0)
				break;
		if(count == 0)
			i = n;
	}else{
		want = unit == 'b' ? count * 1024 : count;
		i = n > want ? n - want : 0;
	}
	put(buf + i, n - i);
	free(buf);
}

/* -number, +number, with unit letters and f */
static int
numarg(char *s)
{
	char *e;

	if(*s != '-' && *s != '+')
		return 0;
	if(!isdigit(s[1]))
		return 0;
	fromstart = *s == '+';
	e = s + 1;
	if(isdigit(*e))
		count = strtoll(e, &e, 10);
	if(*e != 0 && strchr("lbc", *e))
		unit = *e++;
	if(*e == 'f'){
		follow = 1;
		e++;
	}
	if(*e != 0)
		usage();
	return 1;
}

void
main(int argc, char *argv[])
{
	int fd;
	char *s;

	argv0 = argv[0];
	for(argc--, argv++; argc > 0; argc--, argv++){
		s = argv[0];
		if(strcmp(s, "--") == 0){
			argc--, argv++;
			break;
		}
		if(strcmp(s, "-f") == 0)
			follow = 1;
		else if(strcmp(s, "-n") == 0 || strncmp(s, "-n", 2) == 0){
			s = s[2] ? s + 2 : argc > 1 ? (argc--, *++argv) : nil;
			if(s == nil || !numarg(*s == '+' || *s == '-' ? s : smprint("-%s", s)))
				usage();
		}else if(!numarg(s)){
			if(s[0] == '-' && s[1] != 0)
				usage();
			break;
		}
	}
	if(argc > 1)
		usage();
	fd = 0;
	if(argc == 1){
		name = argv[0];
		fd = open(name, OREAD);
		if(fd < 0)
			sysfatal("%s: %r", name);
	}
	if(fromstart)
		fromfront(fd);
	else
		fromend(fd);
	if(follow)
		for(;;){
			sleep(Pollms);
			rest(fd);
		}
	exits(nil);
}
