/*
 * cp [-x] fromfile tofile
 * cp [-x] fromfile ... todir
 * Copy files; into a directory, each keeps its last name element.
 * The copy gets the source's permissions; -x also sets its
 * modification time.  Data moves in 128 KiB reads and writes, which
 * lets 9P transports carry it in few, large messages.
 */
#include <u.h>
#include <libc.h>

enum { Bufsize = 128*1024 };

static int xflag;
static uchar buf[Bufsize];

static void
usage(void)
{
	fprint(2, "usage: cp [-x] fromfile tofile\n       cp [-x] fromfile ... todir\n");
	exits("usage");
}

static int
samefile(Dir *a, Dir *b)
{
	return a->qid.path == b->qid.path && a->qid.type == b->qid.type
		&& a->type == b->type && a->dev == b->dev;
}

/* Copy the open file from to the open file to; -1 after a message. */
static int
copydata(int from, char *fromname, int to, char *toname)
{
	switch(copyfd(from, to, buf, sizeof buf)){
	case CopyRead:
		fprint(2, "cp: %s: read error: %r\n", fromname);
		return -1;
	case CopyWrite:
		fprint(2, "cp: %s: write error: %r\n", toname);
		return -1;
	}
	return 0;
}

static int
copy(char *from, char *to)
{
	Dir *df, *dt, nd;
	int fdf, fdt, r;

	df = dirstat(from);
	if(df == nil){
		fprint(2, "cp: %s: %r\n", from);
		return -1;
	}
	if(df->mode & DMDIR){
		fprint(2, "cp: %s is a directory\n", from);
		free(df);
		return -1;
	}
	dt = dirstat(to);
	if(dt != nil && samefile(df, dt)){
		fprint(2, "cp: %s and %s are the same file\n", from, to);
		free(df);
		free(dt);
		return -1;
	}
	free(dt);

	fdf = open(from, OREAD);
	if(fdf < 0){
		fprint(2, "cp: %s: %r\n", from);
		free(df);
		return -1;
	}
	fdt = create(to, OWRITE, df->mode & 0777);
	if(fdt < 0){
		fprint(2, "cp: can't create %s: %r\n", to);
		close(fdf);
		free(df);
		return -1;
	}
	r = copydata(fdf, from, fdt, to);
	if(r == 0 && xflag){
		nulldir(&nd);
		nd.mtime = df->mtime;
		nd.mode = df->mode & 0777;
		if(dirfwstat(fdt, &nd) < 0)
			fprint(2, "cp: warning: can't set mode and time of %s: %r\n", to);
	}
	close(fdf);
	close(fdt);
	free(df);
	return r;
}

void
main(int argc, char *argv[])
{
	ARGBEGIN{
	case 'x':
		xflag = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc < 2)
		usage();
	exits(eachtarget("cp", argc, argv, copy));
}
