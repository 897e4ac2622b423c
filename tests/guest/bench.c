/*
 * bench: micro-benchmarks timed with nsec(), figures only.
 *	null	a null system call (sysr1)
 *	forkexec	fork + exec of /bin/echo with no output + wait
 *	forkexit	fork + exit + wait
 *	execbig	fork + exec of /test/bigdata (1 MiB each of text and data) touching one page + wait
 *	pipe	one byte to another process and back over two pipes
 * Each is run `runs` times over many iterations; prints every run's
 * per-iteration time and the min and median.  With -m, MB megabytes
 * of data are touched first, so fork has that much to share or copy.
 * Names choose benchmarks; the default is null, forkexec and pipe.
 *	bench [-r runs] [-n scale] [-m MB] [name ...]
 */
#include <u.h>
#include <libc.h>

enum { Maxruns = 32 };

static int runs = 5;
static int scale = 1;

static void
usage(void)
{
	fprint(2, "usage: bench [-r runs] [-n scale] [-m MB] [null|forkexec|forkexit|execbig|pipe ...]\n");
	exits("usage");
}

static void
nullcall(long n)
{
	while(n-- > 0)
		sysr1();
}

/* fork; the child execs argv[0] with argv, or exits at once when argv is nil */
static void
forkwait(long n, char **argv)
{
	int pid;
	Waitmsg *w;

	while(n-- > 0){
		pid = fork();
		if(pid < 0)
			sysfatal("fork: %r");
		if(pid == 0){
			if(argv != nil){
				exec(argv[0], argv);
				_exits("exec");
			}
			_exits(nil);
		}
		w = wait();
		if(w == nil)
			sysfatal("wait: %r");
		if(w->msg[0] != '\0')
			sysfatal("child: %s", w->msg);
		free(w);
	}
}

static void
forkexec(long n)
{
	char *argv[] = {"/bin/echo", "-n", nil};

	forkwait(n, argv);
}

static void
forkexit(long n)
{
	forkwait(n, nil);
}

static void
execbig(long n)
{
	char *argv[] = {"/test/bigdata", "d64", nil};

	forkwait(n, argv);
}

/* ping-pong a byte: parent writes to[1], child echoes into back[1] */
static void
pipetrip(long n)
{
	int to[2], back[2], pid;
	char c;
	long i;
	Waitmsg *w;

	if(pipe(to) < 0 || pipe(back) < 0)
		sysfatal("pipe: %r");
	pid = fork();
	if(pid < 0)
		sysfatal("fork: %r");
	if(pid == 0){
		close(to[1]);
		close(back[0]);
		while(read(to[0], &c, 1) == 1)
			if(write(back[1], &c, 1) != 1)
				break;
		_exits(nil);
	}
	close(to[0]);
	close(back[1]);
	c = 'x';
	for(i = 0; i < n; i++){
		if(write(to[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
			sysfatal("pipe trip %ld: %r", i);
	}
	close(to[1]);
	close(back[0]);
	w = wait();
	free(w);
}

static int
vcmp(void *a, void *b)
{
	vlong x, y;

	x = *(vlong*)a;
	y = *(vlong*)b;
	return x < y ? -1 : x > y;
}

/* ns per iteration as "N ns" or "N.NNN us" */
static char*
show(char *buf, int nbuf, vlong ps)
{
	vlong ns;

	ns = ps / 1000;
	if(ns < 10000)
		snprint(buf, nbuf, "%lld ns", ns);
	else
		snprint(buf, nbuf, "%lld.%03lld us", ns/1000, ns%1000);
	return buf;
}

static void
bench(char *name, void (*f)(long), long iters)
{
	vlong t[Maxruns], t0;
	char b1[32], b2[32];
	int i;

	iters *= scale;
	f(iters/10 + 1);	/* warm up: page in, fill caches */
	print("%s: %ld iterations per run:", name, iters);
	for(i = 0; i < runs; i++){
		t0 = nsec();
		f(iters);
		t[i] = (nsec() - t0) * 1000 / iters;	/* picoseconds */
		print(" %s", show(b1, sizeof b1, t[i]));
	}
	print("\n");
	qsort(t, runs, sizeof t[0], vcmp);
	print("%s: min %s median %s\n", name, show(b1, sizeof b1, t[0]),
		show(b2, sizeof b2, t[runs/2]));
}

typedef struct Bench Bench;
struct Bench {
	char	*name;		/* as typed */
	char	*title;		/* as printed */
	void	(*f)(long);
	long	iters;		/* per run, before -n */
	int	byname;		/* only when named */
};

static Bench benches[] = {
	{"null",	"null syscall",	nullcall,	20000,	0},
	{"forkexec",	"fork+exec+wait",	forkexec,	20,	0},
	{"forkexit",	"fork+exit+wait",	forkexit,	20,	1},
	{"execbig",	"fork+exec+wait of bigdata",	execbig,	20,	1},
	{"pipe",	"pipe round trip",	pipetrip,	2000,	0},
};

static Bench*
lookup(char *name)
{
	Bench *b;

	for(b = benches; b < benches+nelem(benches); b++)
		if(strcmp(name, b->name) == 0)
			return b;
	return nil;
}

/* touch mb megabytes, a page at a time, so that they are really there */
static void
touch(long mb)
{
	char *data;
	long i;

	if(mb == 0)
		return;
	data = malloc(mb<<20);
	if(data == nil)
		sysfatal("malloc %ld MB: %r", mb);
	for(i = 0; i < mb<<20; i += 4096)
		data[i] = i;
	print("bench: %ld MB of data touched\n", mb);
}

void
main(int argc, char *argv[])
{
	Bench *b;
	long mb;
	int i;

	mb = 0;
	ARGBEGIN{
	case 'r':
		runs = atoi(EARGF(usage()));
		break;
	case 'n':
		scale = atoi(EARGF(usage()));
		break;
	case 'm':
		mb = atol(EARGF(usage()));
		break;
	default:
		usage();
	}ARGEND
	if(runs < 1 || runs > Maxruns || scale < 1 || mb < 0)
		usage();
	for(i = 0; i < argc; i++)
		if(lookup(argv[i]) == nil)
			usage();
	touch(mb);
	if(argc == 0){
		for(b = benches; b < benches+nelem(benches); b++)
			if(!b->byname)
				bench(b->title, b->f, b->iters);
	}else
		for(i = 0; i < argc; i++){
			b = lookup(argv[i]);
			bench(b->title, b->f, b->iters);
		}
	exits(nil);
}
