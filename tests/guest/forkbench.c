/*
 * forkbench: fork costs, figures only (tests/bench/fork runs it).
 *	fork+exit+wait	with -m MB of data touched (default 64):
 *		what copying (or sharing) the data costs a fork
 *	fork+exec+wait	of /bin/echo -n from that same large process
 * Each is run `runs` times; prints every run's per-iteration time
 * and the min and median.
 *	forkbench [-r runs] [-n iters] [-m MB]
 */
#include <u.h>
#include <libc.h>

enum { Maxruns = 32 };

static int runs = 5;
static long iters = 4;

static void
usage(void)
{
	fprint(2, "usage: forkbench [-r runs] [-n iters] [-m MB]\n");
	exits("usage");
}

static void
waitchild(void)
{
	Waitmsg *w;

	w = wait();
	if(w == nil)
		sysfatal("wait: %r");
	if(w->msg[0] != '\0')
		sysfatal("child: %s", w->msg);
	free(w);
}

static void
forkexit(long n)
{
	int pid;

	while(n-- > 0){
		pid = fork();
		if(pid < 0)
			sysfatal("fork: %r");
		if(pid == 0)
			_exits(nil);
		waitchild();
	}
}

static void
forkexec(long n)
{
	int pid;

	while(n-- > 0){
		pid = fork();
		if(pid < 0)
			sysfatal("fork: %r");
		if(pid == 0){
			execl("/bin/echo", "echo", "-n", nil);
			_exits("exec");
		}
		waitchild();
	}
}

static int
vcmp(void *a, void *b)
{
	vlong x, y;

	x = *(vlong*)a;
	y = *(vlong*)b;
	return x < y ? -1 : x > y;
}

static void
bench(char *name, void (*f)(long))
{
	vlong t[Maxruns], t0;
	int i;

	f(1);
	print("%s: %ld iterations per run, us each:", name, iters);
	for(i = 0; i < runs; i++){
		t0 = nsec();
		f(iters);
		t[i] = (nsec() - t0) / iters / 1000;
		print(" %lld", t[i]);
	}
	print("\n");
	qsort(t, runs, sizeof t[0], vcmp);
	print("%s: min %lld us median %lld us\n", name, t[0], t[runs/2]);
}

void
main(int argc, char *argv[])
{
	long mb, i;
	char *data;

	mb = 64;
	ARGBEGIN{
	case 'r':
		runs = atoi(EARGF(usage()));
		break;
	case 'n':
		iters = atol(EARGF(usage()));
		break;
	case 'm':
		mb = atol(EARGF(usage()));
		break;
	default:
		usage();
	}ARGEND
	if(argc != 0 || runs < 1 || runs > Maxruns || iters < 1 || mb < 0)
		usage();
	data = malloc(mb<<20);
	if(data == nil && mb > 0)
		sysfatal("malloc %ld MB: %r", mb);
	for(i = 0; i < mb<<20; i += 4096)
		data[i] = i;
	print("forkbench: %ld MB of data touched\n", mb);
	bench("fork+exit+wait", forkexit);
	bench("fork+exec+wait", forkexec);
	exits(nil);
}
