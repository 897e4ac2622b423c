/*
 * 9fs [tag [mountpoint]]: mount the virtio-9p share with mount
 * tag tag at /n/tag (or mountpoint), as
 *	mount -c -d '#9' /dev/null /n/tag tag
 * does.  With no argument, list the tags /dev/mtags knows, one a
 * line.  Plan 9's 9fs names network services; here the services
 * are QEMU's shares.
 */
#include <u.h>
#include <libc.h>

enum { Maxmtags = 8192 };

static char mtags[Maxmtags];

static void
usage(void)
{
	fprint(2, "usage: 9fs [tag [mountpoint]]\n");
	exits("usage");
}

/* read all of /dev/mtags into mtags */
static void
readmtags(void)
{
	int fd;
	long n, tot;

	fd = open("/dev/mtags", OREAD);
	if(fd < 0)
		sysfatal("/dev/mtags: %r");
	tot = 0;
	while(tot < sizeof mtags - 1 && (n = read(fd, mtags+tot, sizeof mtags - 1 - tot)) > 0)
		tot += n;
	if(n < 0)
		sysfatal("/dev/mtags: %r");
	mtags[tot] = 0;
	close(fd);
}

/* print each line's tag: what comes before its first colon */
static void
listtags(void)
{
	char *p, *q, *nl;

	readmtags();
	for(p = mtags; *p != 0; p = nl+1){
		nl = strchr(p, '\n');
		if(nl == nil)
			nl = p + strlen(p);
		q = strchr(p, ':');
		if(q == nil || q > nl)
			q = nl;
		if(q > p)
			print("%.*s\n", (int)(q-p), p);
		if(*nl == 0)
			break;
	}
}

static void
mounttag(char *tag, char *mtpt)
{
	char *dev;
	int fd;

	dev = smprint("#9%s", tag);
	if(dev == nil)
		sysfatal("no memory");
	/* a new mount point, if it can be made; bind tells if not */
	if(access(mtpt, AEXIST) < 0 && (fd = create(mtpt, OREAD, DMDIR|0775)) >= 0)
		close(fd);
	if(bind(dev, mtpt, MREPL|MCREATE) < 0)
		sysfatal("%s: %r", tag);
}

void
main(int argc, char *argv[])
{
	char *mtpt;

	ARGBEGIN{
	default:
		usage();
	}ARGEND
	switch(argc){
	case 0:
		listtags();
		break;
	case 1:
	case 2:
		if(argv[0][0] == 0 || strchr(argv[0], '/') != nil)
			usage();
		mtpt = argc == 2 ? argv[1] : smprint("/n/%s", argv[0]);
		if(mtpt == nil)
			sysfatal("no memory");
		mounttag(argv[0], mtpt);
		break;
	default:
		usage();
	}
	exits(nil);
}
