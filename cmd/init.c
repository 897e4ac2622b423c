/*
 * init: the first user process.  It opens the console as standard
 * input, output and error, builds the initial name space by binding
 * the kernel devices over the root's empty directories, sets the
 * environment every program expects, and runs the shell, `rc -i`,
 * starting it again whenever it exits.  If there is no shell it
 * reads commands from the console itself, so the machine stays of
 * some use.
 */
#include <u.h>
#include <libc.h>

/* the in-kernel RAM file system that holds /tmp */
#define TMPDEV	"#T"

typedef struct Bind Bind;
struct Bind {
	char	*new;
	char	*old;
	int	flag;
};

static Bind initns[] = {
	"#c",	"/dev",		MREPL,
	"#$",	"/dev",		MAFTER,		/* pci */
	"#r",	"/dev",		MAFTER,		/* random */
	"#C",	"/dev",		MAFTER,		/* virtcon */
	"#p",	"/proc",	MREPL,
	"#e",	"/env",		MREPL|MCREATE,
	"#s",	"/srv",		MREPL|MCREATE,
	TMPDEV,	"/tmp",		MREPL|MCREATE,
	"#Nmnt",	"/mnt",		MREPL,	/* mount points on demand, as mntgen(4) */
	"#Nn",	"/n",		MREPL,
};

static char noshell[] = "noshell";

/* The shell and its children die of interrupts; init must not. */
static void
survive(void *ureg, char *note)
{
	USED(ureg);
	if(strstr(note, "interrupt") != nil || strstr(note, "alarm") != nil
	|| strstr(note, "hangup") != nil)
		noted(NCONT);
	noted(NDFLT);
}

/* Put the console on fds 0, 1 and 2, straight from #c: nothing is bound yet. */
static void
openconsole(void)
{
	int fd;

	fd = open("#c/cons", OREAD);
	if(fd >= 0 && fd != 0){
		dup(fd, 0);
		close(fd);
	}
	fd = open("#c/cons", OWRITE);
	if(fd >= 0 && fd != 1){
		dup(fd, 1);
		close(fd);
	}
	dup(1, 2);
}

static void
buildns(void)
{
	Bind *b;

	for(b = initns; b < initns + nelem(initns); b++)
		if(bind(b->new, b->old, b->flag) < 0)
			fprint(2, "init: bind %s %s: %r\n", b->new, b->old);
	if(chdir("/") < 0)
		fprint(2, "init: chdir /: %r\n");
}

static void
setenv(char *name, char *value)
{
	if(value == nil || putenv(name, value) < 0)
		fprint(2, "init: can't set $%s: %r\n", name);
}

static void
buildenv(void)
{
	char *user, *sys;

	user = getuser();
	if(user == nil || *user == 0 || strcmp(user, "none") == 0)
		user = "glenda";
	sys = sysname();
	if(sys == nil || *sys == 0)
		sys = "9q";
	setenv("user", user);
	setenv("sysname", sys);
	setenv("home", "/tmp");
	setenv("service", "terminal");
	setenv("cputype", "amd64");
	setenv("objtype", "amd64");
}

/* Wait for pid, through interrupts; its exit message, or nil if lost. */
static char*
waitfor(int pid)
{
	static char msg[ERRMAX];
	char err[ERRMAX];
	Waitmsg *w;

	for(;;){
		w = wait();
		if(w == nil){
			rerrstr(err, sizeof err);
			if(strstr(err, "interrupt") != nil)
				continue;
			return nil;
		}
		if(w->pid == pid){
			strecpy(msg, msg + sizeof msg, w->msg);
			free(w);
			return msg;
		}
		free(w);	/* an orphan reparented to us */
	}
}

/*
 * Run `rc -i` until it cannot be run.  A shell that keeps dying at
 * once is restarted no faster than once a second.
 */
static void
runshell(void)
{
	int pid;
	long t0;
	char *msg;

	for(;;){
		t0 = time(nil);
		pid = fork();
		if(pid < 0){
			fprint(2, "init: fork: %r\n");
			return;
		}
		if(pid == 0){
			execl("/bin/rc", "rc", "-i", nil);
			fprint(2, "init: exec /bin/rc: %r\n");
			exits(noshell);
		}
		msg = waitfor(pid);
		if(msg != nil && strstr(msg, noshell) != nil)
			return;
		if(msg != nil && *msg != 0)
			fprint(2, "init: rc exited: %s\n", msg);
		if(time(nil) - t0 < 1)
			sleep(1000);
	}
}

/* Run one command line: name [arg ...], name found in /bin unless it has a '/'. */
static void
runline(char *line)
{
	char *args[32], *path;
	int n, pid;

	n = tokenize(line, args, nelem(args) - 1);
	if(n == 0)
		return;
	args[n] = nil;
	path = strchr(args[0], '/') != nil ? args[0] : smprint("/bin/%s", args[0]);
	if(path == nil)
		return;
	pid = fork();
	if(pid < 0){
		fprint(2, "init: fork: %r\n");
		return;
	}
	if(pid == 0){
		exec(path, args);
		fprint(2, "init: %s: %r\n", path);
		exits("exec");
	}
	waitfor(pid);
	if(path != args[0])
		free(path);
}

/* 9fs tag, for each tag of /dev/mtags */
static void
mountall(void)
{
	char buf[4096], *lines[64], *p, line[128];
	int fd, i, n;
	long len;

	fd = open("/dev/mtags", OREAD);
	if(fd < 0){
		fprint(2, "init: /dev/mtags: %r\n");
		return;
	}
	len = readn(fd, buf, sizeof buf - 1);
	close(fd);
	if(len < 0)
		len = 0;
	buf[len] = 0;
	n = getfields(buf, lines, nelem(lines), 1, "\n");
	for(i = 0; i < n; i++){
		p = strchr(lines[i], ':');
		if(p != nil)
			*p = 0;
		if(lines[i][0] == 0)
			continue;
		snprint(line, sizeof line, "9fs %s", lines[i]);
		runline(line);
	}
}

/*
 * -append mount=all or mount=tag1,tag2: mount those virtio-9p
 * shares at /n/tag with 9fs(1) before the shell starts.  The kernel
 * puts each key=value of its command line in our environment.
 */
static void
bootmounts(void)
{
	char *v, *tags[32], line[128];
	int i, n;

	v = getenv("mount");
	if(v == nil)
		return;
	n = getfields(v, tags, nelem(tags), 1, ",");
	for(i = 0; i < n; i++){
		if(strcmp(tags[i], "all") == 0)
			mountall();
		else if(tags[i][0] != 0){
			snprint(line, sizeof line, "9fs %s", tags[i]);
			runline(line);
		}
	}
	free(v);
}

/*
 * -append bin=tag/dir: bind directory dir of virtio-9p share tag
 * before /bin, so that commands built on the host run here without
 * a new kernel.  The share is mounted at /n/tag unless dir is
 * already there (mount=all).  Any failure leaves /bin as built.
 */
static void
bootbin(void)
{
	char *v, *dir, *dev, *mtpt, *slash;

	v = getenv("bin");
	if(v == nil)
		return;
	slash = strchr(v, '/');
	if(slash == v || v[0] == 0){
		fprint(2, "init: bin=%s: want bin=tag/dir\n", v);
		free(v);
		return;
	}
	dir = smprint("/n/%s", v);
	if(slash != nil)
		*slash = 0;
	mtpt = smprint("/n/%s", v);
	dev = smprint("#9%s", v);
	if(slash != nil)
		*slash = '/';
	if(dir == nil || mtpt == nil || dev == nil)
		fprint(2, "init: bin=%s: no memory\n", v);
	else if(access(dir, AEXIST) < 0 && bind(dev, mtpt, MREPL|MCREATE) < 0)
		fprint(2, "init: bin=%s: %s: %r\n", v, dev);
	else if(bind(dir, "/bin", MBEFORE) < 0)
		fprint(2, "init: bin=%s: %r\n", v);
	free(dev);
	free(mtpt);
	free(dir);
	free(v);
}

/* Without a shell: read command lines from the console and run them. */
static void
consoleloop(void)
{
	char line[512];
	long n;

	fprint(2, "init: no shell; running commands typed here directly\n");
	for(;;){
		fprint(1, "init# ");
		n = read(0, line, sizeof line - 1);
		if(n < 0){
			rerrstr(line, sizeof line);
			if(strstr(line, "interrupt") != nil)
				continue;
			fprint(2, "init: console: %r\n");
			sleep(1000);
			continue;
		}
		if(n == 0)
			continue;	/* ^D: there is nothing to end to */
		line[n] = 0;
		runline(line);
	}
}

void
main(int argc, char *argv[])
{
	USED(argc);
	USED(argv);
	openconsole();
	notify(survive);
	buildns();
	buildenv();
	bootmounts();
	bootbin();
	runshell();
	consoleloop();
}
