/*
 * #T — tmp, a writable file system in kernel memory, mounted on
 * /tmp by init.  (Plan 9 has no such device; 'T' was unused.)
 * Each attach spec names a tree of its own ('#T' for /tmp, '#Tmnt'
 * for /mnt...), made on first attach and kept for ever.  File data lives in page-sized
 * blocks found through a pointer array, so big files cost no
 * copying as they grow; a nil block is a hole and reads as zeros.
 * Invariant: bytes of a block past the file's length are zero.
 *
 * Files are found by qid.path in a hash table, so a Chan holds no
 * reference: I/O on a Chan whose file was removed fails Enonexist.
 * One QLock guards the whole tree.
 *
 * Every tree draws on one budget, tmp.limit bytes of blocks and block
 * arrays (-append tmpsize=N, N in bytes with k, m or g after it, or
 * N% of memory; a quarter by default), since the kernel heap is all
 * the memory there is: a full /tmp must leave room for the shell to
 * fork rm.  For the same reason a write also fails while free memory
 * is below Reserve, whatever the budget says.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

enum {
	Nhash	= 256,
	Dirbuf	= 32*1024,	/* the most one directory read returns */
	Maxsize	= 1LL<<36,	/* largest file: bounds the block array */
	Reserve	= 4*1024*1024/BY2PG,	/* pages kept free for everyone else */
	Defshare	= 25,		/* default limit, percent of memory */
};

typedef struct Tfile Tfile;
struct Tfile {
	char	*name;
	char	*uid;
	Qid	qid;
	u32int	perm;		/* DMDIR etc. and permission bits */
	u32int	atime;
	u32int	mtime;
	vlong	length;
	uchar	**blk;		/* data: BY2PG bytes each, nil for a hole */
	long	nblk;		/* entries in blk */
	Tfile	*parent;	/* the root is its own parent */
	Tfile	*child;		/* a directory's entries, in order of creation */
	Tfile	*sibling;
	Tfile	*hash;		/* same bucket of tmp.hash */
};

static struct {
	QLock	lk;		/* guards everything */
	Tfile	*roots;	/* one per attach spec, linked through sibling */
	Tfile	*hash[Nhash];
	uvlong	path;		/* qid.path of the last file made */
	uvlong	used;		/* bytes of blocks and block arrays */
	uvlong	limit;		/* most used may be; set at first attach */
} tmp;

static Tfile*
lookup(uvlong path)
{
	Tfile *f;

	for(f = tmp.hash[path % Nhash]; f != nil; f = f->hash)
		if(f->qid.path == path)
			return f;
	return nil;
}

static void
hashin(Tfile *f)
{
	Tfile **h;

	h = &tmp.hash[f->qid.path % Nhash];
	f->hash = *h;
	*h = f;
}

static void
hashout(Tfile *f)
{
	Tfile **l;

	for(l = &tmp.hash[f->qid.path % Nhash]; *l != nil; l = &(*l)->hash)
		if(*l == f){
			*l = f->hash;
			return;
		}
}

/* c's file, under tmp.lk */
static Tfile*
chanfile(Chan *c)
{
	Tfile *f;

	f = lookup(c->qid.path);
	if(f == nil)
		error(Enonexist);
	return f;
}

static Tfile*
child(Tfile *d, char *name)
{
	Tfile *f;

	for(f = d->child; f != nil; f = f->sibling)
		if(strcmp(f->name, name) == 0)
			return f;
	return nil;
}

/* a new file, not yet in a directory; nil if out of memory */
static Tfile*
newfile(char *name, char *uid, u32int perm)
{
	Tfile *f;

	f = mallocz(sizeof *f, 1);
	if(f == nil)
		return nil;
	f->name = strdup(name);
	f->uid = strdup(uid);
	if(f->name == nil || f->uid == nil){
		free(f->name);
		free(f->uid);
		free(f);
		return nil;
	}
	f->perm = perm;
	f->atime = f->mtime = seconds();
	mkqid(&f->qid, tmp.path, 0, (perm & DMDIR) ? QTDIR : QTFILE);
	return f;
}

static void
link(Tfile *d, Tfile *f)
{
	Tfile **l;

	for(l = &d->child; *l != nil; l = &(*l)->sibling)
		;
	*l = f;
	f->parent = d;
	hashin(f);
}

static void
unlink(Tfile *f)
{
	Tfile **l;

	for(l = &f->parent->child; *l != nil; l = &(*l)->sibling)
		if(*l == f){
			*l = f->sibling;
			break;
		}
	hashout(f);
}

/*
 * File data.
 */
/* cut or extend f to len bytes; extension is a hole */
static void
truncate(Tfile *f, vlong len)
{
	long i, keep;
	int tail;

	keep = (len + BY2PG-1) / BY2PG;
	for(i = keep; i < f->nblk; i++){
		if(f->blk[i] != nil)
			tmp.used -= BY2PG;
		free(f->blk[i]);
		f->blk[i] = nil;
	}
	if(keep < f->nblk)
		f->nblk = keep;
	tail = len % BY2PG;
	if(tail != 0 && len < f->length && keep > 0 && f->blk[keep-1] != nil)
		memset(f->blk[keep-1] + tail, 0, BY2PG - tail);
	f->length = len;
	f->qid.vers++;
}

static void
freefile(Tfile *f)
{
	truncate(f, 0);
	tmp.used -= f->nblk * sizeof f->blk[0];
	free(f->blk);
	free(f->name);
	free(f->uid);
	free(f);
}

/* take n more bytes of the budget, or fail Efull */
static void
charge(uvlong n)
{
	if(tmp.used + n > tmp.limit || pagefreecount() < Reserve + (n+BY2PG-1)/BY2PG)
		error(Efull);
	tmp.used += n;
}

/* the block holding byte off, allocated if need be */
static uchar*
block(Tfile *f, vlong off)
{
	long i, n;
	uchar **b;

	i = off / BY2PG;
	if(i >= f->nblk){
		n = f->nblk*2 > i+1 ? f->nblk*2 : i+1;
		charge((n - f->nblk) * sizeof b[0]);
		b = realloc(f->blk, n * sizeof b[0]);
		if(b == nil){
			tmp.used -= (n - f->nblk) * sizeof b[0];
			error(Enomem);
		}
		memset(b + f->nblk, 0, (n - f->nblk) * sizeof b[0]);
		f->blk = b;
		f->nblk = n;
	}
	if(f->blk[i] == nil){
		charge(BY2PG);
		if((f->blk[i] = mallocz(BY2PG, 1)) == nil){
			tmp.used -= BY2PG;
			error(Enomem);
		}
	}
	return f->blk[i];
}

static long
readfile(Tfile *f, uchar *va, long n, vlong off)
{
	long i, m, o;

	if(off >= f->length)
		return 0;
	if(n > f->length - off)
		n = f->length - off;
	for(i = 0; i < n; i += m){
		o = (off+i) % BY2PG;
		m = BY2PG - o;
		if(m > n - i)
			m = n - i;
		if((off+i)/BY2PG < f->nblk && f->blk[(off+i)/BY2PG] != nil)
			memmove(va+i, f->blk[(off+i)/BY2PG] + o, m);
		else
			memset(va+i, 0, m);
	}
	f->atime = seconds();
	return n;
}

/* the length grows as the data lands, so a fault midway leaves f whole */
static long
writefile(Tfile *f, uchar *va, long n, vlong off)
{
	long i, m, o;

	if(f->perm & DMAPPEND)
		off = f->length;
	if(off < 0 || off > Maxsize || n > Maxsize - off)
		error(Etoobig);
	for(i = 0; i < n; i += m){
		o = (off+i) % BY2PG;
		m = BY2PG - o;
		if(m > n - i)
			m = n - i;
		memmove(block(f, off+i) + o, va+i, m);
		if(off+i+m > f->length)
			f->length = off+i+m;
	}
	f->mtime = seconds();
	f->qid.vers++;
	return n;
}

/*
 * Directory entries.
 */
static void
filedir(Chan *c, Tfile *f, Dir *dp)
{
	strecpy(up->genbuf, up->genbuf+sizeof up->genbuf, f->name);	/* outlives the lock */
	devdir(c, f->qid, up->genbuf, (f->perm & DMDIR) ? 0 : f->length, f->uid, f->perm, dp);
	dp->atime = f->atime;
	dp->mtime = f->mtime;
}

/* the entries of c's directory: by name when walking, else the s'th */
static int
tmpgen(Chan *c, char *name, Dirtab*, int, int s, Dir *dp)
{
	Tfile *d, *f;

	if(name != nil && s > 0)	/* devwalk asks again only after a mismatch */
		return -1;
	qlock(&tmp.lk);
	d = lookup(c->qid.path);
	f = nil;
	if(d == nil || !(d->perm & DMDIR))
		f = nil;
	else if(s == DEVDOTDOT)
		f = d->parent;
	else if(name != nil)
		f = child(d, name);
	else
		for(f = d->child; f != nil && s > 0; f = f->sibling)
			s--;
	if(f == nil){
		qunlock(&tmp.lk);
		return -1;
	}
	filedir(c, f, dp);
	qunlock(&tmp.lk);
	return 1;
}

/*
 * The device.
 */
/* the budget from tmpsize=, see the top of the file */
static uvlong
tmpsize(void)
{
	uvlong mem, n;
	char *s, *e;

	mem = (uvlong)pagetotalcount() * BY2PG;
	s = getconf("tmpsize");
	if(s == nil)
		return mem / 100 * Defshare;
	n = strtoull(s, &e, 0);
	switch(*e){
	case '%':
		return n > 100 ? mem : mem / 100 * n;
	case 'g': case 'G':
		n <<= 10;
	case 'm': case 'M':
		n <<= 10;
	case 'k': case 'K':
		n <<= 10;
	}
	return n;
}

/* the root of spec's tree, made if need be; a root is its own parent */
static Tfile*
rootof(char *spec)
{
	Tfile *r;

	if(tmp.roots == nil)
		tmp.limit = tmpsize();
	if(spec[0] == '\0')
		spec = "/";
	for(r = tmp.roots; r != nil; r = r->sibling)
		if(strcmp(r->name, spec) == 0)
			return r;
	tmp.path++;
	r = newfile(spec, eve, DMDIR|0777);
	if(r == nil)
		error(Enomem);
	r->parent = r;
	hashin(r);
	r->sibling = tmp.roots;
	tmp.roots = r;
	return r;
}

static Chan*
tmpattach(char *spec)
{
	Tfile *r;
	Chan *c;

	qlock(&tmp.lk);
	if(waserror()){
		qunlock(&tmp.lk);
		nexterror();
	}
	r = rootof(spec);
	poperror();
	qunlock(&tmp.lk);
	c = devattach('T', spec);
	c->qid = r->qid;
	return c;
}

static Walkqid*
tmpwalk(Chan *c, Chan *nc, char **name, int nname)
{
	return devwalk(c, nc, name, nname, nil, 0, tmpgen);
}

static int
tmpstat(Chan *c, uchar *db, int n)
{
	Dir d;

	qlock(&tmp.lk);
	if(waserror()){
		qunlock(&tmp.lk);
		nexterror();
	}
	filedir(c, chanfile(c), &d);
	poperror();
	qunlock(&tmp.lk);
	n = convD2M(&d, db, n);
	if(n == 0)
		error(Eshortstat);
	return n;
}

static Chan*
tmpopen(Chan *c, int omode)
{
	Tfile *f;

	qlock(&tmp.lk);
	if(waserror()){
		qunlock(&tmp.lk);
		nexterror();
	}
	f = chanfile(c);
	if((f->perm & DMDIR) && (openmode(omode) != OREAD || (omode & OTRUNC)))
		error(Eisdir);
	devpermcheck(f->uid, f->perm, omode);
	if((omode & OTRUNC) && f->length != 0){
		truncate(f, 0);
		f->mtime = seconds();
	}
	c->qid = f->qid;
	poperror();
	qunlock(&tmp.lk);
	c->mode = openmode(omode);
	c->flag |= COPEN;
	c->offset = 0;
	return c;
}

/* the permission of a new file: as Plan 9, limited by its directory's */
static u32int
createperm(Tfile *d, u32int perm)
{
	if(perm & DMDIR)
		return perm & (~0777 | (d->perm & 0777));
	return perm & (~0666 | (d->perm & 0666));
}

static void
tmpcreate(Chan *c, char *name, int omode, u32int perm)
{
	Tfile *d, *f;

	if((perm & DMDIR) && openmode(omode) != OREAD)
		error(Eisdir);
	if(strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		error(Eexist);
	if(strlen(name) >= sizeof up->genbuf)
		error(Etoobig);
	qlock(&tmp.lk);
	if(waserror()){
		qunlock(&tmp.lk);
		nexterror();
	}
	d = chanfile(c);
	if(!(d->perm & DMDIR))
		error(Enotdir);
	devpermcheck(d->uid, d->perm, OWRITE);
	if(child(d, name) != nil)
		error(Eexist);
	tmp.path++;
	f = newfile(name, up->user != nil ? up->user : eve, createperm(d, perm) & (DMDIR|DMAPPEND|DMEXCL|0777));
	if(f == nil)
		error(Enomem);
	link(d, f);
	d->mtime = f->mtime;
	d->qid.vers++;
	c->qid = f->qid;
	poperror();
	qunlock(&tmp.lk);
	c->mode = openmode(omode);
	c->flag |= COPEN;
	c->offset = 0;
}

static void
tmpremove(Chan *c)
{
	Tfile *f;

	qlock(&tmp.lk);
	if(waserror()){
		qunlock(&tmp.lk);
		nexterror();
	}
	f = chanfile(c);
	if(f->parent == f)
		error(Eperm);
	if(f->child != nil)
		error(Enotempty);
	devpermcheck(f->parent->uid, f->parent->perm, OWRITE);
	unlink(f);
	f->parent->mtime = seconds();
	f->parent->qid.vers++;
	poperror();
	qunlock(&tmp.lk);
	freefile(f);
}

static void
tmpclose(Chan *c)
{
	if((c->flag & (COPEN|CRCLOSE)) != (COPEN|CRCLOSE))
		return;
	if(waserror())
		return;
	tmpremove(c);
	poperror();
}

/*
 * Directory c's entries from the c->dri'th on, as many whole ones as
 * fit in n bytes (and Dirbuf).  Unlike devdirread through tmpgen,
 * which would walk the list from its head for every entry (quadratic
 * in a big directory), this walks to the first one once and goes on
 * from it.  The entries are made in a kernel buffer under the lock
 * and copied out after it, so a fault on the user's buffer never
 * happens with tmp.lk held.
 */
static long
tmpdirread(Chan *c, uchar *va, long n)
{
	Tfile *d, *f;
	Dir dir;
	uchar *buf;
	long m, next;
	int s;
	uint sz;

	if(n > Dirbuf)
		n = Dirbuf;
	buf = malloc(n);
	if(buf == nil)
		error(Enomem);
	qlock(&tmp.lk);
	d = lookup(c->qid.path);
	f = nil;
	if(d != nil && (d->perm & DMDIR))
		for(f = d->child, s = c->dri; f != nil && s > 0; f = f->sibling)
			s--;
	next = c->dri;
	for(m = 0; f != nil; f = f->sibling, next++){
		filedir(c, f, &dir);
		sz = convD2M(&dir, buf+m, n-m);
		if(sz <= BIT16SZ)
			break;
		m += sz;
	}
	qunlock(&tmp.lk);
	if(waserror()){
		free(buf);
		nexterror();
	}
	if(m == 0 && f != nil)
		error(Eshort);
	memmove(va, buf, m);
	poperror();
	free(buf);
	c->dri = next;	/* only now: a fault above loses no entries */
	return m;
}

static long
tmpread(Chan *c, void *va, long n, vlong off)
{
	if(c->qid.type & QTDIR)
		return tmpdirread(c, va, n);
	if(off < 0)
		error(Enegoff);
	qlock(&tmp.lk);
	if(waserror()){
		qunlock(&tmp.lk);
		nexterror();
	}
	n = readfile(chanfile(c), va, n, off);
	poperror();
	qunlock(&tmp.lk);
	return n;
}

static long
tmpwrite(Chan *c, void *va, long n, vlong off)
{
	Tfile *f;

	if(off < 0)
		error(Enegoff);
	qlock(&tmp.lk);
	if(waserror()){
		qunlock(&tmp.lk);
		nexterror();
	}
	f = chanfile(c);
	if(f->perm & DMDIR)
		error(Eisdir);
	n = writefile(f, va, n, off);
	poperror();
	qunlock(&tmp.lk);
	return n;
}

/* check a wstat against f, changing nothing */
static void
wstatcheck(Tfile *f, Dir *d)
{
	Tfile *o;

	if(d->uid[0] != '\0' && strcmp(d->uid, f->uid) != 0)
		error(Eperm);
	if(d->mode != ~0U && ((d->mode ^ f->perm) & DMDIR))
		error(Eperm);
	if(d->length != -1 && d->length != f->length){
		if(f->perm & DMDIR)
			error(Eisdir);
		if(d->length < 0 || d->length > Maxsize)
			error(Ebadarg);
	}
	if(d->name[0] != '\0' && strcmp(d->name, f->name) != 0){
		if(f->parent == f)
			error(Eperm);
		validname(d->name, 0);
		if(strcmp(d->name, ".") == 0 || strcmp(d->name, "..") == 0)
			error(Ebadchar);
		if(strlen(d->name) >= sizeof up->genbuf)
			error(Etoobig);
		o = child(f->parent, d->name);
		if(o != nil)
			error(Eexist);
	}
}

static void
wstatapply(Tfile *f, Dir *d)
{
	char *s;

	if(d->name[0] != '\0' && strcmp(d->name, f->name) != 0){
		s = strdup(d->name);
		if(s == nil)
			error(Enomem);
		free(f->name);
		f->name = s;
		f->parent->qid.vers++;
	}
	if(d->length != -1 && d->length != f->length)
		truncate(f, d->length);
	if(d->mode != ~0U)
		f->perm = (f->perm & DMDIR) | (d->mode & (DMAPPEND|DMEXCL|0777));
	if(d->mtime != ~0U)
		f->mtime = d->mtime;
	f->qid.vers++;
}

static int
tmpwstat(Chan *c, uchar *db, int n)
{
	Tfile *f;
	Dir d;
	char *strs;

	strs = smalloc(n);
	qlock(&tmp.lk);
	if(waserror()){
		qunlock(&tmp.lk);
		free(strs);
		nexterror();
	}
	if(convM2D(db, n, &d, strs) == 0)
		error(Ebadstat);
	f = chanfile(c);
	wstatcheck(f, &d);
	wstatapply(f, &d);
	c->qid.vers = f->qid.vers;
	poperror();
	qunlock(&tmp.lk);
	free(strs);
	return n;
}

Dev tmpdevtab = {
	'T',
	"tmp",
	devreset,
	devinit,
	devshutdown,
	tmpattach,
	tmpwalk,
	tmpstat,
	tmpopen,
	tmpcreate,
	tmpclose,
	tmpread,
	tmpwrite,
	tmpremove,
	tmpwstat,
};
