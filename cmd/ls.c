/*
 * ls [-dlpqrstuFQn] [name ...]: list files.  A directory is listed
 * as its contents (unless -d); the other names are gathered and
 * listed together, sorted by name, before the next directory.
 * -l gives Plan 9's long form:
 *	--rw-rw-r-- M 0 glenda glenda 1234 Nov 22 00:30 name
 * mode, device type and number, owner, group, length (the columns
 * aligned over the group listed together), time, name.
 * -p prints only the last element of names, -q the qid, -s the
 * size in KiB, -t sorts by time, newest first (-u uses the access
 * time), -r reverses, -n does not sort, -F marks directories with /
 * and executables with *, -Q does not quote names for rc.
 */
#include <u.h>
#include <libc.h>

typedef struct Entry Entry;
struct Entry {
	Dir	*d;
	char	*name;		/* as printed, before -p */
};

static int dflag, lflag, nflag, pflag, qflag, rflag, sflag, tflag, uflag, Fflag, Qflag;
static Entry *list;
static long nlist, maxlist;
static long now;
static Biobuf bout;

static void
usage(void)
{
	fprint(2, "usage: ls [-dlnpqrstuFQ] [file ...]\n");
	exits("usage");
}

/*
 * The mode as Plan 9 prints it: d (directory), a (append only),
 * A (auth file) or -; l (exclusive use) or -; then rwx for owner,
 * group and others.  buf must hold 12 bytes.
 */
static char*
modestring(char *buf, u32int mode)
{
	static char rwx[] = "rwx";
	char *p;
	int i;

	p = buf;
	if(mode & DMDIR)
		*p++ = 'd';
	else if(mode & DMAPPEND)
		*p++ = 'a';
	else if(mode & DMAUTH)
		*p++ = 'A';
	else
		*p++ = '-';
	*p++ = mode & DMEXCL ? 'l' : '-';
	for(i = 8; i >= 0; i--)
		*p++ = mode & (1<<i) ? rwx[2 - i%3] : '-';
	*p = 0;
	return buf;
}

/*
 * The time as ls -l prints it, from ctime's "Sun Nov 22 00:30:00 GMT 2026":
 * "Nov 22 00:30" within six months before now (or a day after),
 * else "Nov 22  2026".  buf must hold 13 bytes.
 */
static char*
lstime(char *buf, long t, long now)
{
	char *c, *year;
	int n;

	c = ctime(t);
	n = strlen(c);
	while(n > 0 && (c[n-1] == '\n' || c[n-1] == ' '))
		n--;
	if(n < 16){	/* not ctime's form: show nothing sensible rather than garbage */
		strcpy(buf, "?");
		return buf;
	}
	for(year = c + n; year > c && year[-1] != ' '; year--)
		;
	memmove(buf, c+4, 7);				/* "Nov 22 " */
	if(t < now - 180L*24*60*60 || t > now + 24L*60*60)
		snprint(buf+7, 6, "%5.*s", (int)(c+n-year), year);	/* " 2026" */
	else
		memmove(buf+7, c+11, 5);		/* "00:30" */
	buf[12] = 0;
	return buf;
}

/* A Dir's strings, never nil: a server may leave one out. */
static char*
str(char *s)
{
	return s != nil ? s : "";
}

static int
ndigits(uvlong n)
{
	int d;

	for(d = 1; n >= 10; n /= 10)
		d++;
	return d;
}

static void
add(Dir *d, char *name)
{
	if(nlist == maxlist){
		maxlist = maxlist ? 2*maxlist : 64;
		list = realloc(list, maxlist * sizeof list[0]);
		if(list == nil)
			sysfatal("no memory");
	}
	list[nlist].d = d;
	list[nlist].name = name;
	nlist++;
}

static int
compare(void *va, void *vb)
{
	Entry *a, *b;
	long ta, tb;
	int r;

	a = va;
	b = vb;
	r = 0;
	if(tflag){
		ta = uflag ? a->d->atime : a->d->mtime;
		tb = uflag ? b->d->atime : b->d->mtime;
		r = ta > tb ? -1 : ta < tb;
	}
	if(r == 0)
		r = strcmp(str(a->d->name), str(b->d->name));
	return rflag ? -r : r;
}

typedef struct Widths Widths;
struct Widths {
	int	dev;
	int	uid;
	int	gidlen;		/* group, blank and length together */
	int	size;
	int	vers;
};

static void
widths(Widths *w)
{
	Dir *d;
	long i;
	int n;

	memset(w, 0, sizeof *w);
	for(i = 0; i < nlist; i++){
		d = list[i].d;
		if((n = ndigits(d->dev)) > w->dev)
			w->dev = n;
		if((n = strlen(str(d->uid))) > w->uid)
			w->uid = n;
		if((n = strlen(str(d->gid)) + 1 + ndigits(d->length)) > w->gidlen)
			w->gidlen = n;
		if((n = ndigits((d->length+1023)/1024)) > w->size)
			w->size = n;
		if((n = ndigits(d->qid.vers)) > w->vers)
			w->vers = n;
	}
}

static void
format(Entry *e, Widths *w)
{
	Dir *d;
	char mode[12], tbuf[13], *name;

	d = e->d;
	if(sflag)
		Bprint(&bout, "%*llud ", w->size, (d->length+1023)/1024);
	if(qflag)
		Bprint(&bout, "(%.16llux %*ud %.2ux) ", d->qid.path, w->vers, d->qid.vers, d->qid.type);
	if(lflag)
		Bprint(&bout, "%s %C %*ud %-*s %s %*llud %s ",
			modestring(mode, d->mode), (Rune)d->type, w->dev, d->dev,
			w->uid, str(d->uid), str(d->gid),
			w->gidlen - (int)strlen(str(d->gid)) - 1, d->length,
			lstime(tbuf, uflag ? d->atime : d->mtime, now));
	name = str(pflag ? d->name : e->name);
	Bprint(&bout, Qflag ? "%s" : "%q", name);
	if(Fflag){
		if(d->mode & DMDIR)
			Bputc(&bout, '/');
		else if(d->mode & 0111)
			Bputc(&bout, '*');
	}
	Bputc(&bout, '\n');
}

/* Print and forget what has been gathered. */
static void
flush(void)
{
	Widths w;
	long i;

	if(nlist == 0)
		return;
	if(!nflag)
		qsort(list, nlist, sizeof list[0], compare);
	widths(&w);
	for(i = 0; i < nlist; i++)
		format(&list[i], &w);
	nlist = 0;
	/* the Dirs and names are not freed: ls is short-lived */
}

/* prefix is the directory's name as typed, or nil for bare names */
static int
lsdir(char *dir, char *prefix)
{
	Dir *d;
	long i, n;
	int fd;
	char *name;

	fd = open(dir, OREAD);
	if(fd < 0){
		fprint(2, "ls: %s: %r\n", dir);
		return -1;
	}
	n = dirreadall(fd, &d);
	close(fd);
	if(n < 0){
		fprint(2, "ls: %s: %r\n", dir);
		return -1;
	}
	for(i = 0; i < n; i++){
		name = d[i].name;
		if(prefix != nil){
			name = smprint("%s/%s", prefix, d[i].name);
			if(name == nil)
				sysfatal("no memory");
			cleanname(name);
		}
		add(&d[i], name);
	}
	return 0;
}

static int
ls(char *name, int multi)
{
	Dir *d;

	d = dirstat(name);
	if(d == nil){
		fprint(2, "ls: %s: %r\n", name);
		return -1;
	}
	if((d->mode & DMDIR) && !dflag){
		free(d);
		flush();
		if(lsdir(name, multi ? name : nil) < 0)
			return -1;
		flush();
		return 0;
	}
	add(d, name);
	return 0;
}

void
main(int argc, char *argv[])
{
	int i, errs;

	ARGBEGIN{
	case 'd':	dflag = 1; break;
	case 'l':	lflag = 1; break;
	case 'n':	nflag = 1; break;
	case 'p':	pflag = 1; break;
	case 'q':	qflag = 1; break;
	case 'r':	rflag = 1; break;
	case 's':	sflag = 1; break;
	case 't':	tflag = 1; break;
	case 'u':	uflag = 1; break;
	case 'F':	Fflag = 1; break;
	case 'Q':	Qflag = 1; break;
	default:	usage();
	}ARGEND

	if(lflag)
		now = time(nil);
	Binit(&bout, 1, OWRITE);
	errs = 0;
	if(argc == 0)
		errs = ls(".", 0) < 0;
	else
		for(i = 0; i < argc; i++)
			errs |= ls(argv[i], 1) < 0;
	flush();
	Bflush(&bout);
	Bterm(&bout);
	exits(errs ? "errors" : nil);
}
