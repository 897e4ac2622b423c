/*
 * ns [-r] [pid]: print the name space of process pid (default: our
 * own) as the rc commands that would build it, from /proc/pid/ns:
 *	bind -a '#c' /dev
 * Names are quoted for rc; -r prints the file as it is.
 */
#include <u.h>
#include <libc.h>

enum { Maxfield = 8 };

static void
usage(void)
{
	fprint(2, "usage: ns [-r] [pid]\n");
	exits("usage");
}

/* Read all of fd into a NUL-terminated string. */
static char*
readall(int fd)
{
	char *buf;
	long n, len, size;

	size = 1024;
	len = 0;
	buf = malloc(size);
	if(buf == nil)
		return nil;
	while((n = read(fd, buf+len, size-len-1)) > 0){
		len += n;
		if(size-len-1 == 0){
			size *= 2;
			buf = realloc(buf, size);
			if(buf == nil)
				return nil;
		}
	}
	if(n < 0){
		free(buf);
		return nil;
	}
	buf[len] = 0;
	return buf;
}

/*
 * One line: verb [-flags] name... ; the flags column is printed
 * even when empty, as Plan 9's ns does ("bind  / /").
 */
static void
printline(Biobuf *b, char *line)
{
	char *f[Maxfield];
	int n, i;

	n = tokenize(line, f, nelem(f));
	if(n == 0)
		return;
	Bprint(b, "%s", f[0]);
	i = 1;
	if(strcmp(f[0], "cd") != 0){
		if(i < n && f[i][0] == '-')
			Bprint(b, " %s", f[i++]);
		else
			Bprint(b, " ");
	}
	for(; i < n; i++)
		Bprint(b, " %q", f[i]);
	Bprint(b, "\n");
}

void
main(int argc, char *argv[])
{
	Biobuf bout;
	char *name, *text, *line, *next;
	int rflag, fd;

	rflag = 0;
	ARGBEGIN{
	case 'r':
		rflag = 1;
		break;
	default:
		usage();
	}ARGEND

	switch(argc){
	case 0:
		name = smprint("/proc/%d/ns", getpid());
		break;
	case 1:
		name = smprint("/proc/%s/ns", argv[0]);
		break;
	default:
		usage();
		return;
	}
	if(name == nil)
		sysfatal("no memory");
	fd = open(name, OREAD);
	if(fd < 0){
		fprint(2, "ns: %s: %r\n", name);
		exits("open");
	}
	text = readall(fd);
	if(text == nil){
		fprint(2, "ns: %s: %r\n", name);
		exits("read");
	}
	close(fd);

	Binit(&bout, 1, OWRITE);
	if(rflag)
		Bwrite(&bout, text, strlen(text));
	else
		for(line = text; *line; line = next){
			next = strchr(line, '\n');
			if(next != nil)
				*next++ = 0;
			else
				next = line + strlen(line);
			printline(&bout, line);
		}
	Bterm(&bout);
	exits(nil);
}
