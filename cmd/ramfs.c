/*
 * ramfs [-i] [-S srvname] [-m mtpt]: a 9P2000 file server keeping
 * its files in memory, built on lib9p.
 *	-i	serve on standard input and output (srv -e 'ramfs -i' name)
 *	-S name	post the service as /srv/name
 *	-m mtpt	mount it on mtpt (the default, on /tmp, without -i or -S)
 * With -S or -m the server runs in a child and the command returns.
 * Permissions are Plan 9's, loosely: the attach name is the user, a
 * group's members are the user of the group's name.
 */
#include <u.h>
#include <libc.h>
#include <9p.h>

typedef struct Ramfile Ramfile;

enum {
	Chunk	= 8192,		/* file data is kept in pieces of this size */
	Maxlength	= 1LL<<40,	/* more than memory; stops silly lengths */
};

struct Ramfile {
	char	*name;
	char	*uid;
	char	*gid;
	char	*muid;
	u32int	mode;
	u32int	atime;
	u32int	mtime;
	Qid	qid;
	vlong	length;
	uchar	**chunk;	/* nchunk pointers; nil is a hole of zeros */
	long	nchunk;
	Ramfile	*parent;	/* root: itself */
	Ramfile	*child;		/* directories: first entry */
	Ramfile	*sibling;
	int	ref;		/* fids on it, children, plus one while in the tree */
	int	nopen;		/* for DMEXCL */
	int	removed;	/* out of the tree, kept for the fids still on it */
};

static Ramfile *root;
static uvlong qidpath;
static char Eperm[] = "permission denied";
static char Enomem[] = "out of memory";
static char Eexist[] = "file already exists";

static void
usage(void)
{
	fprint(2, "usage: ramfs [-i] [-S srvname] [-m mtpt]\n");
	exits("usage");
}

static u32int
now(void)
{
	return time(nil);
}

static void
setstr(char **p, char *s)
{
	char *t;

	t = strdup(s);
	if(t == nil)
		return;	/* keep the old value */
	free(*p);
	*p = t;
}

static Ramfile*
newfile(Ramfile *dir, char *name, char *uid, char *gid, u32int mode)
{
	Ramfile *f;

	f = mallocz(sizeof *f, 1);
	if(f == nil)
		return nil;
	f->name = strdup(name);
	f->uid = strdup(uid);
	f->gid = strdup(gid);
	f->muid = strdup(uid);
	if(f->name == nil || f->uid == nil || f->gid == nil || f->muid == nil){
		free(f->name);
		free(f->uid);
		free(f->gid);
		free(f->muid);
		free(f);
		return nil;
	}
	f->mode = mode;
	f->atime = f->mtime = now();
	f->qid.path = qidpath++;
	f->qid.type = mode>>24;
	f->ref = 1;
	if(dir == nil)
		f->parent = f;
	else{
		f->parent = dir;
		dir->ref++;	/* so f->parent stays valid even after removes */
		f->sibling = dir->child;
		dir->child = f;
		dir->mtime = f->mtime;
		dir->qid.vers++;
	}
	return f;
}

/* drop a reference; the last one frees a file already out of the tree */
static void
putfile(Ramfile *f)
{
	long i;

	if(--f->ref > 0)
		return;
	for(i = 0; i < f->nchunk; i++)
		free(f->chunk[i]);
	free(f->chunk);
	free(f->name);
	free(f->uid);
	free(f->gid);
	free(f->muid);
	if(f->parent != f)
		putfile(f->parent);
	free(f);
}

static void
unlinkfile(Ramfile *f)
{
	Ramfile **l, *d;

	d = f->parent;
	for(l = &d->child; *l != nil; l = &(*l)->sibling)
		if(*l == f){
			*l = f->sibling;
			break;
		}
	d->mtime = now();
	d->qid.vers++;
	f->removed = 1;
	putfile(f);	/* the tree's reference */
}

static Ramfile*
lookup(Ramfile *d, char *name)
{
	Ramfile *f;

	for(f = d->child; f != nil; f = f->sibling)
		if(strcmp(f->name, name) == 0)
			return f;
	return nil;
}

static int
allowed(Ramfile *f, Fid *fid, int omode)
{
	return hasperm(f->mode, f->uid, f->gid, fid->uid, omode);
}

static int
isowner(Ramfile *f, Fid *fid)
{
	return strcmp(f->uid, fid->uid) == 0;
}

/* Set the length: free chunks past it, zero the tail of the last one. */
static char*
truncate(Ramfile *f, vlong len)
{
	long n, i;
	uchar **nc;

	if(len < 0 || len > Maxlength)
		return "bad length";
	n = (len + Chunk - 1) / Chunk;
	if(n < f->nchunk){
		for(i = n; i < f->nchunk; i++)
			free(f->chunk[i]);
		f->nchunk = n;
	}else if(n > f->nchunk){
		nc = realloc(f->chunk, n * sizeof nc[0]);
		if(nc == nil)
			return Enomem;
		memset(nc+f->nchunk, 0, (n - f->nchunk) * sizeof nc[0]);
		f->chunk = nc;
		f->nchunk = n;
	}
	if(len % Chunk != 0 && n > 0 && f->chunk[n-1] != nil)
		memset(f->chunk[n-1] + len%Chunk, 0, Chunk - len%Chunk);
	f->length = len;
	f->mtime = now();
	f->qid.vers++;
	return nil;
}

static void
fsattach(Req *r)
{
	root->ref++;
	r->newfid->aux = root;
	r->ofcall.qid = root->qid;
	respond(r, nil);
}

static char*
fsclone(Fid *old, Fid *new)
{
	Ramfile *f;

	f = old->aux;
	f->ref++;
	new->aux = f;
	return nil;
}

static char*
fswalk1(Fid *fid, char *name, Qid *qid)
{
	Ramfile *d, *f;

	d = fid->aux;
	if(!allowed(d, fid, P9OEXEC))
		return Eperm;
	if(strcmp(name, "..") == 0)
		f = d->parent;
	else if(strcmp(name, ".") == 0)
		f = d;
	else if((f = lookup(d, name)) == nil)
		return "file does not exist";
	f->ref++;
	putfile(d);
	fid->aux = f;
	*qid = f->qid;
	return nil;
}

static void
fsopen(Req *r)
{
	Ramfile *f;
	int m;
	char *err;

	f = r->fid->aux;
	m = r->ifcall.mode;
	if(!allowed(f, r->fid, m & (3|P9OTRUNC))){
		respond(r, Eperm);
		return;
	}
	if((m & P9ORCLOSE) && (f == root || !allowed(f->parent, r->fid, P9OWRITE))){
		respond(r, Eperm);
		return;
	}
	if((f->mode & DMEXCL) && f->nopen > 0){
		respond(r, "exclusive use file already open");
		return;
	}
	if((m & P9OTRUNC) && (f->mode & DMAPPEND) == 0 && f->length > 0){
		if((err = truncate(f, 0)) != nil){
			respond(r, err);
			return;
		}
		setstr(&f->muid, r->fid->uid);
	}
	f->nopen++;
	f->atime = now();
	r->ofcall.qid = f->qid;
	respond(r, nil);
}

static void
fscreate(Req *r)
{
	Ramfile *d, *f;
	u32int perm;

	d = r->fid->aux;
	if(d->removed){
		respond(r, "directory has been removed");
		return;
	}
	if(!allowed(d, r->fid, P9OWRITE)){
		respond(r, Eperm);
		return;
	}
	if(lookup(d, r->ifcall.name) != nil){
		respond(r, Eexist);
		return;
	}
	perm = r->ifcall.perm;
	if(perm & ~(DMDIR|DMAPPEND|DMEXCL|DMTMP|0777)){
		respond(r, "unsupported file mode");
		return;
	}
	/* Plan 9: the directory's permissions limit the new file's */
	if(perm & DMDIR)
		perm &= ~0777 | (d->mode & 0777);
	else
		perm &= ~0666 | (d->mode & 0666);
	f = newfile(d, r->ifcall.name, r->fid->uid, d->gid, perm);
	if(f == nil){
		respond(r, Enomem);
		return;
	}
	f->ref++;	/* the fid's, moved from d */
	putfile(d);
	r->fid->aux = f;
	f->nopen++;
	r->ofcall.qid = f->qid;
	respond(r, nil);
}

static void
filldir(Ramfile *f, Dir *d)
{
	d->qid = f->qid;
	d->mode = f->mode;
	d->atime = f->atime;
	d->mtime = f->mtime;
	d->length = (f->mode & DMDIR) ? 0 : f->length;
	d->name = f->name;
	d->uid = f->uid;
	d->gid = f->gid;
	d->muid = f->muid;
}

/*
 * Where the last dirgen stopped: a directory read asks for entries
 * n, n+1, ... in turn, and walking to each from the head would make
 * listing a big directory quadratic.  Any create or remove in the
 * directory changes its qid.vers, so while path and vers match, f is
 * still the n'th entry.
 */
static struct {
	uvlong	path;
	u32int	vers;
	int	n;
	Ramfile	*f;
} cursor;

static int
dirgen(int n, Dir *d, void *aux)
{
	Ramfile *dir, *f;
	int k;

	dir = aux;
	f = dir->child;
	k = n;
	if(cursor.f != nil && cursor.path == dir->qid.path && cursor.vers == dir->qid.vers && n >= cursor.n){
		f = cursor.f;
		k = n - cursor.n;
	}
	for(; f != nil && k > 0; f = f->sibling)
		k--;
	cursor.f = f;
	if(f == nil)
		return -1;
	cursor.path = dir->qid.path;
	cursor.vers = dir->qid.vers;
	cursor.n = n;
	filldir(f, d);
	return 0;
}

static void
fsread(Req *r)
{
	Ramfile *f;
	vlong off;
	long n, m, c, o;
	char *p;

	f = r->fid->aux;
	f->atime = now();
	if(f->mode & DMDIR){
		dirread9p(r, dirgen, f);
		return;
	}
	off = r->ifcall.offset;
	n = r->ifcall.count;
	if(off >= f->length)
		n = 0;
	else if(n > f->length - off)
		n = f->length - off;
	p = r->ofcall.data;
	for(m = 0; m < n; m += c){
		o = (off + m) % Chunk;
		c = Chunk - o;
		if(c > n - m)
			c = n - m;
		if(f->chunk[(off + m) / Chunk] == nil)
			memset(p + m, 0, c);
		else
			memmove(p + m, f->chunk[(off + m) / Chunk] + o, c);
	}
	r->ofcall.count = n;
	respond(r, nil);
}

static void
fswrite(Req *r)
{
	Ramfile *f;
	vlong off;
	long n, m, c, o, i;
	char *err;

	f = r->fid->aux;
	off = r->ifcall.offset;
	n = r->ifcall.count;
	if(f->mode & DMAPPEND)
		off = f->length;
	if(off > Maxlength || off + n > Maxlength){
		respond(r, "file too large");
		return;
	}
	if(off + n > f->length && (err = truncate(f, off + n)) != nil){
		respond(r, err);
		return;
	}
	for(m = 0; m < n; m += c){
		i = (off + m) / Chunk;
		o = (off + m) % Chunk;
		c = Chunk - o;
		if(c > n - m)
			c = n - m;
		if(f->chunk[i] == nil){
			f->chunk[i] = mallocz(Chunk, 1);
			if(f->chunk[i] == nil){
				respond(r, Enomem);
				return;
			}
		}
		memmove(f->chunk[i] + o, r->ifcall.data + m, c);
	}
	f->mtime = now();
	f->qid.vers++;
	setstr(&f->muid, r->fid->uid);
	r->ofcall.count = n;
	respond(r, nil);
}

static char*
removable(Ramfile *f, Fid *fid)
{
	if(f == root)
		return "cannot remove the root";
	if(f->removed)
		return "file does not exist";
	if(f->child != nil)
		return "directory is not empty";
	if(!allowed(f->parent, fid, P9OWRITE))
		return Eperm;
	return nil;
}

static void
fsremove(Req *r)
{
	Ramfile *f;
	char *err;

	f = r->fid->aux;
	if((err = removable(f, r->fid)) != nil){
		respond(r, err);
		return;
	}
	unlinkfile(f);
	respond(r, nil);
}

static void
fsstat(Req *r)
{
	Ramfile *f;

	f = r->fid->aux;
	filldir(f, &r->d);
	respond(r, nil);
}

/* Check every change before making any, as wstat(5) asks. */
static void
fswstat(Req *r)
{
	Ramfile *f;
	Dir *d;
	Fid *fid;
	char *err;

	f = r->fid->aux;
	fid = r->fid;
	d = &r->d;
	if(d->uid[0] != 0 && strcmp(d->uid, f->uid) != 0){
		respond(r, "cannot change owner");
		return;
	}
	if(d->name[0] != 0 && strcmp(d->name, f->name) != 0){
		if(f == root || f->removed || !allowed(f->parent, fid, P9OWRITE)){
			respond(r, Eperm);
			return;
		}
		if(strcmp(d->name, ".") == 0 || strcmp(d->name, "..") == 0 || strchr(d->name, '/') != nil){
			respond(r, "bad file name");
			return;
		}
		if(lookup(f->parent, d->name) != nil){
			respond(r, Eexist);
			return;
		}
	}
	if(d->length != ~0LL && d->length != f->length){
		if(f->mode & DMDIR){
			respond(r, "cannot set the length of a directory");
			return;
		}
		if(!allowed(f, fid, P9OWRITE)){
			respond(r, Eperm);
			return;
		}
	}
	if(d->mode != ~0U && d->mode != f->mode){
		if(!isowner(f, fid)){
			respond(r, Eperm);
			return;
		}
		if((d->mode & DMDIR) != (f->mode & DMDIR)){
			respond(r, "cannot change a directory into a file or back");
			return;
		}
		if(d->mode & ~(DMDIR|DMAPPEND|DMEXCL|DMTMP|0777)){
			respond(r, "unsupported file mode");
			return;
		}
	}
	if((d->mtime != ~0U || d->gid[0] != 0 && strcmp(d->gid, f->gid) != 0) && !isowner(f, fid)){
		respond(r, Eperm);
		return;
	}
	if(d->length != ~0LL && d->length != f->length && (err = truncate(f, d->length)) != nil){
		respond(r, err);
		return;
	}
	if(d->mode != ~0U){
		f->mode = d->mode;
		f->qid.type = d->mode>>24;
	}
	if(d->mtime != ~0U)
		f->mtime = d->mtime;
	if(d->gid[0] != 0)
		setstr(&f->gid, d->gid);
	if(d->name[0] != 0)
		setstr(&f->name, d->name);
	f->qid.vers++;
	setstr(&f->muid, fid->uid);
	respond(r, nil);
}

static void
fsdestroyfid(Fid *fid)
{
	Ramfile *f;

	f = fid->aux;
	if(f == nil)
		return;
	if(fid->omode != -1){
		f->nopen--;
		/* ORCLOSE: removed when closed, if it still may be */
		if((fid->omode & P9ORCLOSE) && removable(f, fid) == nil)
			unlinkfile(f);
	}
	putfile(f);
	fid->aux = nil;
}

static Srv fs = {
	.attach = fsattach,
	.clone = fsclone,
	.walk1 = fswalk1,
	.open = fsopen,
	.create = fscreate,
	.read = fsread,
	.write = fswrite,
	.remove = fsremove,
	.stat = fsstat,
	.wstat = fswstat,
	.destroyfid = fsdestroyfid,
};

/* serve on fd in a child that has its own name space; the caller returns */
static void
forkserve(int fd, int other)
{
	switch(rfork(RFPROC|RFFDG|RFNAMEG|RFNOTEG|RFNOWAIT)){
	case -1:
		sysfatal("fork: %r");
	case 0:
		close(other);
		fs.infd = fs.outfd = fd;
		srv(&fs);
		exits(nil);
	}
	close(fd);
}

void
main(int argc, char *argv[])
{
	int stdio, p[2], fd;
	char *srvname, *mtpt, *user, *path;

	stdio = 0;
	srvname = nil;
	mtpt = nil;
	ARGBEGIN{
	case 'i':
		stdio = 1;
		break;
	case 'S':
		srvname = EARGF(usage());
		break;
	case 'm':
		mtpt = EARGF(usage());
		break;
	case 'D':
		fs.debug = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc != 0)
		usage();
	user = getuser();
	if(user == nil || *user == 0)
		user = "none";
	root = newfile(nil, "/", user, user, DMDIR|0777);
	if(root == nil)
		sysfatal("out of memory");
	if(stdio){
		fs.infd = 0;
		fs.outfd = 1;
		srv(&fs);
		exits(nil);
	}
	if(srvname == nil && mtpt == nil)
		mtpt = "/tmp";
	if(pipe(p) < 0)
		sysfatal("pipe: %r");
	if(srvname != nil){
		path = smprint("/srv/%s", srvname);
		if(path == nil)
			sysfatal("out of memory");
		fd = create(path, OWRITE, 0600);
		if(fd < 0)
			sysfatal("create %s: %r", path);
		if(fprint(fd, "%d", p[0]) < 0)
			sysfatal("post %s: %r", path);
		close(fd);
	}
	forkserve(p[1], p[0]);
	if(mtpt != nil && mount(p[0], -1, mtpt, MREPL|MCREATE, "") < 0)
		sysfatal("mount %s: %r", mtpt);
	close(p[0]);
	exits(nil);
}
