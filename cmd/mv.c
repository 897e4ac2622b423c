/*
 * mv fromfile tofile
 * mv fromfile ... todir
 * Move files.  Within one directory a move is a rename (a wstat of
 * the name, replacing any file already called so); across
 * directories a file is copied, with its mode and time, and the
 * original removed.  Directories can only be renamed in place.
 */
#include <u.h>
#include <libc.h>

enum { Bufsize = 128*1024 };

static uchar buf[Bufsize];

static void
usage(void)
{
	fprint(2, "usage: mv fromfile tofile\n       mv fromfile ... todir\n");
	exits("usage");
}

static int
samefile(Dir *a, Dir *b)
{
	return a->qid.path == b->qid.path && a->qid.type == b->qid.type
		&& a->type == b->type && a->dev == b->dev;
}

/* The directory holding path, as a name one can stat: "." or "/" at least. */
static char*
dirof(char *path)
{
	char *s, *p;

	s = strdup(path);
	if(s == nil)
		sysfatal("no memory");
	p = strrchr(s, '/');
	if(p == nil)
		return strcpy(s, ".");
	if(p == s)
		p++;
	*p = 0;
	return s;
}

static int
samedir(char *a, char *b)
{
	char *da, *db;
	Dir *sa, *sb;
	int r;

	da = dirof(a);
	db = dirof(b);
	sa = dirstat(da);
	sb = dirstat(db);
	r = sa != nil && sb != nil && samefile(sa, sb);
	free(sa);
	free(sb);
	free(da);
	free(db);
	return r;
}

static int
rename(char *from, char *to)
{
	Dir nd;

	nulldir(&nd);
	nd.name = lastelem(to);
	if(dirwstat(from, &nd) < 0){
		fprint(2, "mv: can't rename %s to %s: %r\n", from, to);
		return -1;
	}
	return 0;
}

static int
copyremove(char *from, Dir *df, char *to)
{
	Dir nd;
	int fdf, fdt;

	fdf = open(from, OREAD);
	if(fdf < 0){
		fprint(2, "mv: %s: %r\n", from);
		return -1;
	}
	fdt = create(to, OWRITE, df->mode & 0777);
	if(fdt < 0){
		fprint(2, "mv: can't create %s: %r\n", to);
		close(fdf);
		return -1;
	}
	switch(copyfd(fdf, fdt, buf, sizeof buf)){
	case CopyRead:
		fprint(2, "mv: %s: read error: %r\n", from);
		goto Fail;
	case CopyWrite:
		fprint(2, "mv: %s: write error: %r\n", to);
		goto Fail;
	}
	nulldir(&nd);
	nd.mtime = df->mtime;
	nd.mode = df->mode & 0777;
	dirfwstat(fdt, &nd);	/* best effort, as a copy's time is */
	close(fdf);
	close(fdt);
	if(remove(from) < 0){
		fprint(2, "mv: can't remove %s: %r\n", from);
		return -1;
	}
	return 0;
Fail:
	close(fdf);
	close(fdt);
	remove(to);	/* leave no partial copy behind */
	return -1;
}

static int
mv(char *from, char *to)
{
	Dir *df, *dt;
	int r;

	df = dirstat(from);
	if(df == nil){
		fprint(2, "mv: %s: %r\n", from);
		return -1;
	}
	dt = dirstat(to);
	if(dt != nil && samefile(df, dt)){
		fprint(2, "mv: %s and %s are the same file\n", from, to);
		r = -1;
	}else if(samedir(from, to)){
		if(dt != nil && remove(to) < 0){
			fprint(2, "mv: can't remove %s: %r\n", to);
			r = -1;
		}else
			r = rename(from, to);
	}else if(df->mode & DMDIR){
		fprint(2, "mv: can't move directory %s to another directory\n", from);
		r = -1;
	}else
		r = copyremove(from, df, to);
	free(df);
	free(dt);
	return r;
}

void
main(int argc, char *argv[])
{
	ARGBEGIN{
	default:
		usage();
	}ARGEND
	if(argc < 2)
		usage();
	exits(eachtarget("mv", argc, argv, mv));
}
