/*
 * The file system calls.  Each takes the raw arguments and returns
 * the result; an error() becomes -1 and the error string in the
 * syscall dispatcher.  Every user pointer is checked (validaddr,
 * validnamedup, copyin/copyout) before it is used; reads and writes
 * then move data between the device and the user buffer directly.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

/* namec on a name in user memory */
static Chan*
unamec(uintptr uname, int amode, int omode, u32int perm)
{
	char *name;
	Chan *c;

	name = validnamedup((char*)uname, 1);
	if(waserror()){
		free(name);
		nexterror();
	}
	c = namec(name, amode, omode, perm);
	poperror();
	free(name);
	return c;
}

/* Give c (our reference) a file descriptor. */
static int
installfd(Chan *c)
{
	int fd;

	fd = newfd(c);
	if(fd < 0){
		cclose(c);
		error(Enofd);
	}
	return fd;
}

uintptr
sysopen(uintptr *arg)
{
	int mode;

	mode = arg[1];
	openmode(mode);
	return installfd(unamec(arg[0], Aopen, mode, 0));
}

uintptr
syscreate(uintptr *arg)
{
	int mode;

	mode = arg[1];
	openmode(mode & ~OEXCL);
	return installfd(unamec(arg[0], Acreate, mode, arg[2]));
}

uintptr
sysclose(uintptr *arg)
{
	cclose(fdclear(arg[0]));
	return 0;
}

/*
 * Union directories: read each member in turn, from where the last
 * read stopped (c->uri, c->umc); a member that fails is skipped, but
 * when no member after it has anything either, its error is raised
 * rather than passed off as the end of the directory (a mount whose
 * server sends garbage must not read as empty).
 */
long
unionread(Chan *c, void *va, long n)
{
	Mount *m;
	Chan *nc;
	long nr;
	int i;
	char err[ERRMAX];

	qlock(&c->umqlock);
	rlock(&c->umh->lock);
	if(waserror()){
		runlock(&c->umh->lock);
		qunlock(&c->umqlock);
		nexterror();
	}
	m = c->umh->mount;
	for(i = 0; m != nil && i < c->uri; i++)
		m = m->next;
	nr = 0;
	err[0] = 0;
	for(; m != nil; m = m->next){
		if(waserror())
			strecpy(err, err+sizeof err, up->errstr);
		else{
			if(c->umc == nil){
				nc = cclone(m->to);
				if(waserror()){
					cclose(nc);
					nexterror();
				}
				c->umc = devtab[nc->type]->open(nc, OREAD);
				poperror();
			}
			nr = devtab[c->umc->type]->read(c->umc, va, n, c->umc->offset);
			c->umc->offset += nr;
			poperror();
		}
		if(nr > 0)
			break;
		c->uri++;
		cclose(c->umc);
		c->umc = nil;
	}
	if(nr <= 0 && err[0] != 0)
		error(err);
	poperror();
	runlock(&c->umh->lock);
	qunlock(&c->umqlock);
	return nr;
}

/* Start reading directory c from its beginning again. */
static void
dirrewind(Chan *c)
{
	Chan *umc;

	c->dri = 0;
	if(c->umh == nil)
		return;
	qlock(&c->umqlock);
	c->uri = 0;
	umc = c->umc;
	c->umc = nil;
	qunlock(&c->umqlock);
	cclose(umc);
}

/* read and pread: at *offp, or at (and advancing) the fd's offset if nil */
static long
rread(int fd, uintptr va, long n, vlong *offp)
{
	Chan *c;
	vlong off;
	long nn;

	c = fdtochan(fd, OREAD, 1, 1);
	if(waserror()){
		cclose(c);
		nexterror();
	}
	if(n < 0)
		error(Etoosmall);
	validaddr(va, n, 1);
	lock(&c->lk);
	off = c->offset;
	unlock(&c->lk);
	if(offp != nil){
		if(*offp < 0)
			error(Enegoff);
		if(c->qid.type & QTDIR){
			/* directories are read in order, or again from 0 */
			if(*offp == 0)
				dirrewind(c);
			else if(*offp != off)
				error(Edirseek);
		}
		off = *offp;
	}
	if((c->qid.type & QTDIR) && c->umh != nil)
		nn = unionread(c, (void*)va, n);
	else
		nn = devtab[c->type]->read(c, (void*)va, n, off);
	if(offp == nil || (c->qid.type & QTDIR)){
		lock(&c->lk);
		c->offset = off + nn;
		unlock(&c->lk);
	}
	poperror();
	cclose(c);
	return nn;
}

/* write and pwrite, as rread */
static long
rwrite(int fd, uintptr va, long n, vlong *offp)
{
	Chan *c;
	vlong off;
	long m;

	c = fdtochan(fd, OWRITE, 1, 1);
	if(waserror()){
		cclose(c);
		nexterror();
	}
	if(c->qid.type & QTDIR)
		error(Eisdir);
	if(n < 0)
		error(Etoosmall);
	validaddr(va, n, 0);
	if(offp != nil){
		off = *offp;
		if(off < 0)
			error(Enegoff);
	}else{
		/* claim the bytes first so concurrent writers do not overlap */
		lock(&c->lk);
		off = c->offset;
		c->offset += n;
		unlock(&c->lk);
	}
	if(waserror()){
		if(offp == nil){
			lock(&c->lk);
			c->offset -= n;
			unlock(&c->lk);
		}
		nexterror();
	}
	m = devtab[c->type]->write(c, (void*)va, n, off);
	poperror();
	if(offp == nil && m < n){
		lock(&c->lk);
		c->offset -= n - m;
		unlock(&c->lk);
	}
	poperror();
	cclose(c);
	return m;
}

/* pread(fd, buf, n, offset): offset -1 means the fd's own, as read does */
uintptr
syspread(uintptr *arg)
{
	vlong off;

	off = arg[3];
	return rread(arg[0], arg[1], arg[2], off == -1 ? nil : &off);
}

uintptr
syspwrite(uintptr *arg)
{
	vlong off;

	off = arg[3];
	return rwrite(arg[0], arg[1], arg[2], off == -1 ? nil : &off);
}

/*
 * c's stat as its device gives it, in a malloced buffer big enough
 * for the whole entry; *np is its size.
 */
static uchar*
statbuf(Chan *c, uint *np)
{
	uchar *buf;
	uint n, m;

	n = 256;
	for(;;){
		buf = smalloc(n);
		if(waserror()){
			free(buf);
			nexterror();
		}
		m = devtab[c->type]->stat(c, buf, n);
		if(m > BIT16SZ && m <= n){
			poperror();
			*np = m;
			return buf;
		}
		if(m != BIT16SZ || GBIT16(buf)+BIT16SZ <= n)
			error(Ebadstat);
		m = GBIT16(buf) + BIT16SZ;
		poperror();
		free(buf);
		n = m;
	}
}

/* the length of the file open on c, from its stat */
vlong
chanlength(Chan *c)
{
	uchar *buf;
	uint m;
	Dir d;

	buf = statbuf(c, &m);
	if(convM2D(buf, m, &d, nil) == 0){
		free(buf);
		error(Ebadstat);
	}
	free(buf);
	return d.length;
}

/* The last element of c's name: what stat calls the file. */
static char*
pathelem(Chan *c)
{
	char *s, *p;

	s = chanpath(c);
	if(strcmp(s, "/") == 0)
		return s;
	p = strrchr(s, '/');
	return p != nil ? p+1 : s;
}

/*
 * Copy c's stat to the user's buffer of n bytes, named as c was
 * reached (a mount point shows its own name, not the root of what
 * is mounted there).  If it does not fit, only the size is copied,
 * so the caller can try again with a bigger buffer.
 */
static long
ustat(Chan *c, uintptr ubuf, long n)
{
	uchar *volatile buf, *nbuf, size[BIT16SZ];
	char *volatile strs;	/* volatile: set after waserror, freed by its handler (see namec) */
	uint m;
	Dir d;

	if(n < BIT16SZ)
		error(Eshortstat);
	validaddr(ubuf, n, 1);
	buf = statbuf(c, &m);
	strs = nil;
	if(waserror()){
		free(buf);
		free(strs);
		nexterror();
	}
	strs = smalloc(m);
	if(convM2D(buf, m, &d, strs) != m)
		error(Ebadstat);
	if(c->path != nil && strcmp(d.name, pathelem(c)) != 0){
		d.name = pathelem(c);
		m = sizeD2M(&d);
		if(m == 0)
			error(Ebadstat);
		nbuf = smalloc(m);
		convD2M(&d, nbuf, m);
		free(buf);
		buf = nbuf;
	}
	if(m > n){
		PBIT16(size, m-BIT16SZ);
		copyout(ubuf, size, BIT16SZ);
		m = BIT16SZ;
	}else
		copyout(ubuf, buf, m);
	poperror();
	free(buf);
	free(strs);
	return m;
}

static long
uwstat(Chan *c, uintptr ubuf, long n)
{
	uchar *buf;
	long r;

	if(n < BIT16SZ)
		error(Eshortstat);
	if(n > BIT16SZ+STATMAX)
		error(Ebadstat);
	buf = smalloc(n);
	if(waserror()){
		free(buf);
		nexterror();
	}
	copyin(buf, ubuf, n);
	validstat(buf, n);
	r = devtab[c->type]->wstat(c, buf, n);
	poperror();
	free(buf);
	return r;
}

/* apply ustat or uwstat to c, which is closed whatever happens */
static long
statop(Chan *c, long (*op)(Chan*, uintptr, long), uintptr ubuf, long n)
{
	long r;

	if(waserror()){
		cclose(c);
		nexterror();
	}
	r = op(c, ubuf, n);
	poperror();
	cclose(c);
	return r;
}

uintptr
sysstat(uintptr *arg)
{
	return statop(unamec(arg[0], Aaccess, 0, 0), ustat, arg[1], arg[2]);
}

uintptr
sysfstat(uintptr *arg)
{
	return statop(fdtochan(arg[0], -1, 0, 1), ustat, arg[1], arg[2]);
}

uintptr
syswstat(uintptr *arg)
{
	return statop(unamec(arg[0], Aaccess, 0, 0), uwstat, arg[1], arg[2]);
}

uintptr
sysfwstat(uintptr *arg)
{
	return statop(fdtochan(arg[0], -1, 1, 1), uwstat, arg[1], arg[2]);
}

/* seek(fd, offset, whence) returns the new offset */
uintptr
sysseek(uintptr *arg)
{
	Chan *c;
	vlong off, n;

	off = arg[1];
	c = fdtochan(arg[0], -1, 1, 1);
	if(waserror()){
		cclose(c);
		nexterror();
	}
	if(c->flag & CSTREAM)
		error(Eisstream);
	if((c->qid.type & QTDIR) && (arg[2] != SEEKSET || off != 0))
		error(Edirseek);
	switch(arg[2]){
	case SEEKSET:
		n = off;
		break;
	case SEEKCUR:
		lock(&c->lk);
		n = c->offset + off;
		unlock(&c->lk);
		break;
	case SEEKEND:
		n = chanlength(c) + off;
		break;
	default:
		error(Ebadarg);
	}
	if(n < 0)
		error(Enegoff);
	lock(&c->lk);
	c->offset = n;
	unlock(&c->lk);
	if(c->qid.type & QTDIR)
		dirrewind(c);
	poperror();
	cclose(c);
	return n;
}

/* dup(old, new): new == -1 picks the lowest free fd */
uintptr
sysdup(uintptr *arg)
{
	Chan *c, *oc;
	int new;

	c = fdtochan(arg[0], -1, 0, 1);
	new = arg[1];
	if(new == -1)
		return installfd(c);
	if(waserror()){
		cclose(c);
		nexterror();
	}
	oc = fdreplace(new, c);
	poperror();
	cclose(oc);
	return new;
}

uintptr
syschdir(uintptr *arg)
{
	Chan *c, *old;

	c = unamec(arg[0], Atodir, 0, 0);
	old = up->dot;
	up->dot = c;
	cclose(old);
	return 0;
}

/* does c's device give up the Chan's file in remove, even when it fails (9P's Tremove) */
static int
clunksonremove(Chan *c)
{
	return devtab[c->type]->dc == 'M';
}

uintptr
sysremove(uintptr *arg)
{
	Chan *c, *m;

	c = unamec(arg[0], Aremove, 0, 0);
	/* which would go, the mount point or what is mounted there? */
	m = c;
	incref(&m->ref);
	if(findmount(&m, nil, c->type, c->dev, c->qid)){
		cclose(m);
		cclose(c);
		error(Eismtpt);
	}
	cclose(m);
	/*
	 * As in Plan 9, a device's remove also does the work of its
	 * close (the mount driver's clunks the fid), so the Chan is then
	 * freed as the root device's, whose close does nothing.  A
	 * failed Tremove clunks the fid too; a failed remove of any
	 * other device leaves what the walk took (a pipe, say) to its
	 * close.
	 */
	if(waserror()){
		if(clunksonremove(c))
			c->type = 0;
		cclose(c);
		nexterror();
	}
	devtab[c->type]->remove(c);
	c->type = 0;
	poperror();
	cclose(c);
	return 0;
}

static void
checkmflag(int flag)
{
	if((flag & ~MMASK) || (flag & MORDER) == MORDER)
		error(Ebadarg);
}

/* bind(new, old, flag) returns the mount id */
uintptr
sysbind(uintptr *arg)
{
	Chan *c0, *c1;
	int id;

	checkmflag(arg[2]);
	c0 = unamec(arg[0], Abind, 0, 0);
	if(waserror()){
		cclose(c0);
		nexterror();
	}
	c1 = unamec(arg[1], Amount, 0, 0);
	if(waserror()){
		cclose(c1);
		nexterror();
	}
	id = cmount(&c0, c1, arg[2], nil);
	poperror();
	cclose(c1);
	poperror();
	cclose(c0);
	return id;
}

/*
 * mount(fd, afd, old, flag, aname): attach to the 9P server on fd
 * (after authentication on afd, if not -1) with aname as the spec,
 * through the mount driver, and mount the result on old as bind
 * does.  Returns the mount id.
 */
uintptr
sysmount(uintptr *arg)
{
	Chan *volatile c, *volatile ac, *volatile old, *mc;	/* volatile: see namec */
	char *volatile spec;
	int id;

	checkmflag(arg[3]);
	if(up->pgrp->noattach)
		error(Enoattach);
	c = ac = old = mc = nil;
	spec = nil;
	if(waserror()){
		cclose(c);
		cclose(ac);
		cclose(old);
		cclose(mc);
		free(spec);
		nexterror();
	}
	c = fdtochan(arg[0], ORDWR, 0, 1);
	if((int)arg[1] >= 0)
		ac = fdtochan(arg[1], ORDWR, 0, 1);
	spec = arg[4] != 0 ? validnamedup((char*)arg[4], 1) : nil;
	old = unamec(arg[2], Amount, 0, 0);
	mc = mntattach(c, ac, spec != nil ? spec : "", arg[3] & MCACHE);
	id = cmount(&mc, old, arg[3], spec);
	poperror();
	cclose(c);
	cclose(ac);
	cclose(old);
	cclose(mc);
	free(spec);
	return id;
}

/* unmount(name, old): name nil undoes every mount on old */
uintptr
sysunmount(uintptr *arg)
{
	Chan *cmnt, *volatile cmounted;	/* volatile: see namec */

	cmnt = unamec(arg[1], Amount, 0, 0);
	cmounted = nil;
	if(waserror()){
		cclose(cmnt);
		cclose(cmounted);
		nexterror();
	}
	if(arg[0] != 0)
		cmounted = unamec(arg[0], Aopen, OREAD, 0);
	cunmount(cmnt, cmounted);
	poperror();
	cclose(cmnt);
	cclose(cmounted);
	return 0;
}

/* fd2path(fd, buf, nbuf): the name fd was opened by, truncated to fit */
uintptr
sysfd2path(uintptr *arg)
{
	Chan *c;
	char *s;
	usize n, nbuf;

	nbuf = arg[2];
	if(nbuf == 0)
		error(Etoosmall);
	validaddr(arg[1], nbuf, 1);
	c = fdtochan(arg[0], -1, 0, 1);
	s = chanpath(c);
	n = strlen(s);
	if(n >= nbuf)
		n = nbuf-1;
	if(waserror()){
		cclose(c);
		nexterror();
	}
	copyout(arg[1], s, n);
	copyout(arg[1]+n, "", 1);
	poperror();
	cclose(c);
	return 0;
}

/* pipe(fd[2]): both ends of a new #| pipe, read-write */
uintptr
syspipe(uintptr *arg)
{
	static char *names[2] = { "data", "data1" };
	Chan *c[2];
	int fd[2], i;

	validaddr(arg[0], sizeof fd, 1);
	c[0] = c[1] = nil;
	fd[0] = fd[1] = -1;
	if(waserror()){
		for(i = 0; i < 2; i++){
			if(fd[i] >= 0)
				fdclear(fd[i]);
			cclose(c[i]);
		}
		nexterror();
	}
	c[0] = namec("#|", Atodir, 0, 0);
	c[1] = cclone(c[0]);
	for(i = 0; i < 2; i++){
		if(walk(&c[i], &names[i], 1, 1, nil) < 0)
			error(Egreg);
		c[i] = devtab[c[i]->type]->open(c[i], ORDWR);
	}
	for(i = 0; i < 2; i++)
		if((fd[i] = newfd(c[i])) < 0)
			error(Enofd);
	copyout(arg[0], fd, sizeof fd);
	poperror();
	return 0;
}

/*
 * fversion(fd, msize, version, nversion): negotiate 9P on fd (msize
 * 0: the mount driver's default); the version agreed is copied back
 * over the one asked for and its length returned.  A channel already
 * negotiated keeps what it has.
 */
uintptr
sysfversion(uintptr *arg)
{
	Chan *volatile c;	/* volatile: see namec */
	char *vers, *v;
	usize n, len;

	len = arg[3];
	if(len == 0 || len > ERRMAX)
		error(Ebadarg);
	validaddr(arg[2], len, 1);
	vers = smalloc(len+1);
	c = nil;
	if(waserror()){
		free(vers);
		cclose(c);
		nexterror();
	}
	copyin(vers, arg[2], len);
	if(memchr(vers, 0, len) == nil)
		error(Ebadarg);
	c = fdtochan(arg[0], ORDWR, 0, 1);
	v = mntversion(c, vers, arg[1]);
	n = strlen(v);
	if(n+1 > len)
		error(Eshort);
	copyout(arg[2], v, n+1);
	poperror();
	free(vers);
	cclose(c);
	return n;
}

/* fauth(fd, aname): an fd for the server's authentication file */
uintptr
sysfauth(uintptr *arg)
{
	Chan *volatile c, *ac;	/* volatile: see namec */
	char *spec;

	spec = validnamedup((char*)arg[1], 1);
	c = nil;
	if(waserror()){
		free(spec);
		cclose(c);
		nexterror();
	}
	c = fdtochan(arg[0], ORDWR, 0, 1);
	ac = mntauth(c, spec);
	poperror();
	free(spec);
	cclose(c);
	return installfd(ac);
}
