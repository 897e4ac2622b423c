/*
 * mount [-b|-a] [-cCnq] servename old [spec]: mount the 9P
 * conversation on the file servename (usually in /srv) at old.
 * mount [-b|-a] [-cCnq] -d dev file old [spec]: attach the kernel
 * device dev (e.g. '#9') with spec instead, as `bind dev+spec old`
 * would; file must exist but is not used, the form Harvey uses for
 * the virtio-9p device: mount -d '#9' /dev/null /mnt/xxx harvtmp.
 */
#include <u.h>
#include <libc.h>

static void
usage(void)
{
	fprint(2, "usage: mount [-b|-a] [-cCnq] [-d dev] servename old [spec]\n");
	exits("usage");
}

static void
failed(char *what, int qflag)
{
	if(qflag)
		exits(nil);
	fprint(2, "mount: %s: %r\n", what);
	exits("mount");
}

void
main(int argc, char *argv[])
{
	int flag, qflag, fd;
	char *dev, *spec, *name;

	flag = MREPL;
	qflag = 0;
	dev = nil;
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
	case 'n':
		/* no authentication: 9q never authenticates */
		break;
	case 'q':
		qflag = 1;
		break;
	case 'd':
		dev = EARGF(usage());
		break;
	default:
		usage();
	}ARGEND
	if(argc != 2 && argc != 3 || (flag & MORDER) == MORDER)
		usage();
	spec = argc == 3 ? argv[2] : "";

	if(dev != nil){
		if(dev[0] != '#' || dev[1] == 0)
			usage();
		if(access(argv[0], AEXIST) < 0)
			failed(argv[0], qflag);
		name = smprint("%s%s", dev, spec);
		if(name == nil)
			sysfatal("no memory");
		if(bind(name, argv[1], flag) < 0)
			failed(argv[1], qflag);
		exits(nil);
	}

	fd = open(argv[0], ORDWR);
	if(fd < 0)
		failed(argv[0], qflag);
	if(mount(fd, -1, argv[1], flag, spec) < 0)
		failed(argv[1], qflag);
	exits(nil);
}
