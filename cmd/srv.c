/*
 * srv [-abcCq] -e command [srvname [mtpt]]: run command (with rc -c)
 * with its standard input and output on one end of a pipe, post the
 * other end as /srv/srvname (default: the command), and with mtpt
 * also mount it there (-a -b -c -C as for mount).  If /srv/srvname
 * exists already, srv with mtpt mounts what is posted there; without
 * one it is an error.  There is no network, so -e is required.
 *
 * A command that fails at once (within Startwait ms: a name that is
 * not a command, a server refusing its arguments) takes /srv/srvname
 * away with it, and srv fails; so does a mount that fails.
 */
#include <u.h>
#include <libc.h>

enum { Startwait = 300 };	/* ms a command must live to count as started */

static int flag = MREPL;
static int qflag;
static char *srvfile;

static void
usage(void)
{
	fprint(2, "usage: srv [-abcCq] -e command [srvname [mtpt]]\n");
	exits("usage");
}

static void
mountat(int fd, char *mtpt, int posted)
{
	char err[ERRMAX];

	if(mount(fd, -1, mtpt, flag, "") < 0){
		rerrstr(err, sizeof err);
		if(posted)
			remove(srvfile);
		if(qflag)
			exits(nil);
		sysfatal("mount %s: %s", mtpt, err);
	}
}

/* did process pid end within Startwait ms */
static int
endsoon(int pid)
{
	char *f;
	int ms, gone;

	f = smprint("/proc/%d/status", pid);
	if(f == nil)
		sysfatal("no memory");
	gone = 0;
	for(ms = 0; ms < Startwait && !gone; ms += 20){
		sleep(20);
		gone = access(f, AEXIST) < 0;
	}
	free(f);
	return gone;
}

/* The command in the background, on p[1] for input and output; its pid. */
static int
runcmd(char *cmd, int p[2])
{
	int pid;

	switch(pid = rfork(RFPROC|RFFDG|RFNOTEG|RFNOWAIT)){
	case -1:
		sysfatal("fork: %r");
	case 0:
		dup(p[1], 0);
		dup(p[1], 1);
		close(p[0]);
		close(p[1]);
		execl("/bin/rc", "rc", "-c", cmd, nil);
		fprint(2, "srv: exec /bin/rc: %r\n");
		_exits("exec");
	}
	close(p[1]);
	return pid;
}

void
main(int argc, char *argv[])
{
	int eflag, fd, sfd, pid, p[2];
	char *cmd, *name, *mtpt;

	eflag = 0;
	ARGBEGIN{
	case 'a':
		flag |= MAFTER;
		break;
	case 'b':
		flag |= MBEFORE;
		break;
	case 'c':
		flag |= MCREATE;
		break;
	case 'C':
		flag |= MCACHE;
		break;
	case 'e':
		eflag = 1;
		break;
	case 'q':
		qflag = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc < 1 || argc > 3 || (flag & MORDER) == MORDER)
		usage();
	if(!eflag)
		sysfatal("no network: %s: use -e command", argv[0]);
	cmd = argv[0];
	name = argc > 1 ? argv[1] : cmd;
	mtpt = argc > 2 ? argv[2] : nil;
	if(strchr(name, '/') != nil || name[0] == 0)
		sysfatal("%s: bad service name", name);
	srvfile = smprint("/srv/%s", name);
	if(srvfile == nil)
		sysfatal("no memory");

	/* an existing service is mounted; without mtpt, the create below refuses it */
	if(mtpt != nil && access(srvfile, AEXIST) == 0){
		fd = open(srvfile, ORDWR);
		if(fd < 0)
			sysfatal("%s: %r", srvfile);
		mountat(fd, mtpt, 0);
		exits(nil);
	}

	if(pipe(p) < 0)
		sysfatal("pipe: %r");
	sfd = create(srvfile, OWRITE|OEXCL, 0600);
	if(sfd < 0)
		sysfatal("%s: %r", srvfile);
	if(fprint(sfd, "%d", p[0]) < 0)
		sysfatal("post %s: %r", srvfile);
	close(sfd);
	pid = runcmd(cmd, p);
	if(endsoon(pid)){
		remove(srvfile);
		sysfatal("%s: command ended at once", cmd);
	}
	if(mtpt != nil)
		mountat(p[0], mtpt, 1);
	exits(nil);
}
