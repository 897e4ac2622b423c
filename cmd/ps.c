/*
 * ps [-a]: list processes from /proc/N/status, one line each:
 *	user pid user-time sys-time size state name
 * as Plan 9's ps prints them; -a shows the arguments instead of
 * the name when /proc/N/args has them.
 *
 * The status file is Plan 9's: name user state, six times in
 * milliseconds (user sys real, then the children's), the memory
 * size in KiB and two priorities, blank separated.
 */
#include <u.h>
#include <libc.h>

enum {
	Sname = 0,
	Suser,
	Sstate,
	Sutime,
	Sstime,
	Ssize = 9,
	Nfield = 12,
};

typedef struct Proc Proc;
struct Proc {
	long	pid;
	char	buf[512];
	char	*f[Nfield];
	int	nf;
};

static int aflag;
static Biobuf bout;

static void
usage(void)
{
	fprint(2, "usage: ps [-a]\n");
	exits("usage");
}

static char*
field(Proc *p, int i)
{
	return i < p->nf ? p->f[i] : "0";
}

static int
readstatus(Proc *p)
{
	char *name;
	int fd;
	long n;

	name = smprint("/proc/%ld/status", p->pid);
	if(name == nil)
		sysfatal("no memory");
	fd = open(name, OREAD);
	free(name);
	if(fd < 0)
		return -1;	/* it exited since we read the directory */
	n = read(fd, p->buf, sizeof p->buf - 1);
	close(fd);
	if(n <= 0)
		return -1;
	p->buf[n] = 0;
	p->nf = tokenize(p->buf, p->f, Nfield);
	return p->nf > Sstate ? 0 : -1;
}

/* The arguments, blank separated, or nil when there are none. */
static char*
readargs(long pid)
{
	static char buf[256];
	char *name;
	int fd;
	long n;

	name = smprint("/proc/%ld/args", pid);
	if(name == nil)
		sysfatal("no memory");
	fd = open(name, OREAD);
	free(name);
	if(fd < 0)
		return nil;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if(n <= 0)
		return nil;
	buf[n] = 0;
	while(n > 0 && buf[n-1] == '\n')
		buf[--n] = 0;
	return buf;
}

static void
printproc(Proc *p)
{
	ulong utime, stime;
	char *name;

	utime = strtoul(field(p, Sutime), nil, 10) / 1000;
	stime = strtoul(field(p, Sstime), nil, 10) / 1000;
	name = nil;
	if(aflag)
		name = readargs(p->pid);
	if(name == nil)
		name = p->f[Sname];
	Bprint(&bout, "%-10s %8ld %4lud:%.2lud %3lud:%.2lud %7sK %-8.8s %s\n",
		p->f[Suser], p->pid,
		utime/60, utime%60, stime/60, stime%60,
		field(p, Ssize), p->f[Sstate], name);
}

static int
pidcmp(void *a, void *b)
{
	long x, y;

	x = ((Proc*)a)->pid;
	y = ((Proc*)b)->pid;
	return x < y ? -1 : x > y;
}

void
main(int argc, char *argv[])
{
	Dir *d;
	Proc *procs;
	long i, n, np;
	char *e;
	int fd;

	ARGBEGIN{
	case 'a':
		aflag = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc != 0)
		usage();

	fd = open("/proc", OREAD);
	if(fd < 0){
		fprint(2, "ps: /proc: %r\n");
		exits("proc");
	}
	n = dirreadall(fd, &d);
	close(fd);
	if(n < 0){
		fprint(2, "ps: /proc: %r\n");
		exits("proc");
	}
	procs = malloc((n+1) * sizeof procs[0]);
	if(procs == nil)
		sysfatal("no memory");
	/*
	 * Sort by pid before reading the status files: a Proc's fields
	 * point into its own buf, so sorting after would leave them
	 * pointing at another process's status.
	 */
	np = 0;
	for(i = 0; i < n; i++){
		procs[np].pid = strtol(d[i].name, &e, 10);
		if(*d[i].name != 0 && *e == 0)
			np++;
	}
	qsort(procs, np, sizeof procs[0], pidcmp);
	Binit(&bout, 1, OWRITE);
	for(i = 0; i < np; i++)
		if(readstatus(&procs[i]) == 0)	/* else it exited since we read the directory */
			printproc(&procs[i]);
	Bterm(&bout);
	exits(nil);
}
