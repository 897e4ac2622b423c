/*
 * ufs: serve a host directory tree as 9P2000 on a Unix socket or TCP,
 * to the guest's 9pvpxy (virtio-serial) or any other 9P2000 client;
 * each client has a process of its own, so none waits on another.
 *
 *	ufs -ntype=unix -addr=/tmp/vc02 -root=/tmp [-debug=1]
 *	ufs -ntype=tcp -addr=127.0.0.1:5640 -root=dir
 *
 * Every file is reached by walking from -root with names that cannot
 * contain '/', and ".." at the root stays there, so the client never
 * leaves the tree.  A symlink is never followed: opened (to read only)
 * it reads as a file that holds its target, as Plan 9 has no links.
 * Fifos, sockets and devices are listed and stat'ed (lstat) but never
 * opened.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include <fcall.h>
#include <9p.h>
#include "ufsos.h"

typedef struct Ufid Ufid;

/* a fid's file: its host path, and when open its fd or directory listing */
struct Ufid {
	char	*path;
	int	fd;
	char	**names;
	int	nnames;
	char	*link;		/* open symlink: its target */
};

static char *root;

static void
eprint(char *fmt, ...)
{
	Fmt f;
	char buf[256];
	va_list arg;

	fmtfdinit(&f, 2, buf, sizeof buf);
	va_start(arg, fmt);
	fmtvprint(&f, fmt, arg);
	va_end(arg);
	fmtfdflush(&f);
}

static Ufid*
newufid(char *path)
{
	Ufid *u;

	u = malloc(sizeof *u);
	if(u == nil)
		return nil;
	memset(u, 0, sizeof *u);
	u->path = strdup(path);
	if(u->path == nil){
		free(u);
		return nil;
	}
	u->fd = -1;
	return u;
}

static void
closeufid(Ufid *u)
{
	int i;

	if(u->fd >= 0)
		osclose(u->fd);
	u->fd = -1;
	for(i = 0; i < u->nnames; i++)
		free(u->names[i]);
	free(u->names);
	u->names = nil;
	u->nnames = 0;
	free(u->link);
	u->link = nil;
}

static Qid
ustat2qid(Ustat *st)
{
	Qid q;

	q.path = st->ino;
	q.vers = st->vers;
	q.type = st->kind == Kdir ? QTDIR : QTFILE;
	return q;
}

/* the final element of path, "/" for the root */
static char*
basename(char *path)
{
	char *p;

	if(strcmp(path, root) == 0)
		return "/";
	p = strrchr(path, '/');
	return p != nil ? p+1 : path;
}

static void
ustat2dir(Ustat *st, char *name, Dir *d)
{
	memset(d, 0, sizeof *d);
	d->qid = ustat2qid(st);
	d->mode = st->mode;
	d->atime = st->atime;
	d->mtime = st->mtime;
	d->length = st->size;
	d->name = name;
	d->uid = st->uid;
	d->gid = st->gid;
	d->muid = st->uid;
	d->extension = "";
	d->n_uid = d->n_gid = d->n_muid = NOUID;
}

static void
fsattach(Req *r)
{
	Ustat st;
	Ufid *u;

	if(osstat(root, 1, &st) < 0){
		respond(r, oserr());
		return;
	}
	if(st.kind != Kdir){
		respond(r, "root is not a directory");
		return;
	}
	u = newufid(root);
	if(u == nil){
		respond(r, "out of memory");
		return;
	}
	r->newfid->aux = u;
	r->ofcall.qid = ustat2qid(&st);
	respond(r, nil);
}

static char*
fsclone(Fid *old, Fid *new)
{
	Ufid *u;

	u = newufid(((Ufid*)old->aux)->path);
	if(u == nil)
		return "out of memory";
	new->aux = u;
	return nil;
}

static char*
fswalk1(Fid *f, char *name, Qid *qid)
{
	Ufid *u;
	Ustat st;
	char *np, *p;

	u = f->aux;
	if(strcmp(name, ".") == 0)
		np = strdup(u->path);
	else if(strcmp(name, "..") == 0){
		np = strdup(u->path);
		if(np != nil && strcmp(np, root) != 0 && (p = strrchr(np, '/')) != nil){
			if(p == np)
				p++;	/* root is "/" */
			*p = 0;
		}
	}else
		np = smprint("%s%s%s", u->path, strcmp(u->path, "/") == 0 ? "" : "/", name);
	if(np == nil)
		return "out of memory";
	if(osstat(np, strcmp(np, root) == 0, &st) < 0){
		free(np);
		return oserr();
	}
	free(u->path);
	u->path = np;
	*qid = ustat2qid(&st);
	return nil;
}

static char*
opendir(Ufid *u)
{
	int n;

	n = oslistdir(u->path, &u->names);
	if(n < 0)
		return oserr();
	u->nnames = n;
	return nil;
}

static void
fsopen(Req *r)
{
	Ufid *u;
	Ustat st;
	char *err;

	u = r->fid->aux;
	if(osstat(u->path, strcmp(u->path, root) == 0, &st) < 0){
		respond(r, oserr());
		return;
	}
	switch(st.kind){
	case Kdir:
		err = opendir(u);
		if(err != nil){
			respond(r, err);
			return;
		}
		break;
	case Kreg:
		u->fd = osopen(u->path, r->ifcall.mode);
		if(u->fd < 0){
			respond(r, oserr());
			return;
		}
		if(r->ifcall.mode & P9OTRUNC)
			osstat(u->path, 0, &st);
		break;
	case Klink:
		if((r->ifcall.mode&3) == P9OWRITE || (r->ifcall.mode&3) == P9ORDWR ||
		   (r->ifcall.mode & (P9OTRUNC|P9ORCLOSE)) != 0){
			respond(r, "permission denied");
			return;
		}
		u->link = osreadlink(u->path);
		if(u->link == nil){
			respond(r, oserr());
			return;
		}
		break;
	default:
		respond(r, "permission denied");	/* Plan 9's word: clients map it */
		return;
	}
	r->ofcall.qid = ustat2qid(&st);
	respond(r, nil);
}

static void
fscreate(Req *r)
{
	Ufid *u;
	Ustat pst, st;
	u32int perm;
	char *np, *err;
	int fd;

	u = r->fid->aux;
	perm = r->ifcall.perm;
	if(perm & (DMSYMLINK|DMLINK|DMDEVICE|DMNAMEDPIPE|DMSOCKET|DMAUTH|DMMOUNT)){
		respond(r, "permission denied");
		return;
	}
	if(osstat(u->path, strcmp(u->path, root) == 0, &pst) < 0){
		respond(r, oserr());
		return;
	}
	np = smprint("%s%s%s", u->path, strcmp(u->path, "/") == 0 ? "" : "/", r->ifcall.name);
	if(np == nil){
		respond(r, "out of memory");
		return;
	}
	/* Plan 9: the directory's permissions limit the new file's */
	fd = -1;
	if(perm & DMDIR){
		perm &= ~0777 | (pst.mode & 0777);
		if(osmkdir(np, perm & 0777) < 0){
			free(np);
			respond(r, oserr());
			return;
		}
	}else{
		perm &= ~0666 | (pst.mode & 0666);
		fd = oscreate(np, perm & 0777, r->ifcall.mode);
		if(fd < 0){
			free(np);
			respond(r, oserr());
			return;
		}
	}
	if(osstat(np, 0, &st) < 0){
		err = oserr();
		if(fd >= 0)
			osclose(fd);
		osremove(np);
		free(np);
		respond(r, err);
		return;
	}
	closeufid(u);
	free(u->path);
	u->path = np;
	u->fd = fd;
	if(perm & DMDIR){
		err = opendir(u);
		if(err != nil){
			respond(r, err);
			return;
		}
	}
	r->ofcall.qid = ustat2qid(&st);
	respond(r, nil);
}

static int
dirgen(int n, Dir *d, void *aux)
{
	static Ustat st;
	static char *path;
	Ufid *u;

	u = aux;
	if(n < 0 || n >= u->nnames)
		return -1;
	free(path);
	path = smprint("%s/%s", u->path, u->names[n]);
	if(path == nil || osstat(path, 0, &st) < 0){
		/* gone since the listing: still an entry, with what is known */
		memset(&st, 0, sizeof st);
		st.ino = n;
		strcpy(st.uid, "none");
		strcpy(st.gid, "none");
	}
	ustat2dir(&st, u->names[n], d);
	return 0;
}

static void
fsread(Req *r)
{
	Ufid *u;
	long n;

	u = r->fid->aux;
	if(r->fid->qid.type & QTDIR){
		dirread9p(r, dirgen, u);
		return;
	}
	if(u->link != nil){
		readbuf(r, u->link, strlen(u->link));
		return;
	}
	n = ospread(u->fd, r->ofcall.data, r->ifcall.count, r->ifcall.offset);
	if(n < 0){
		respond(r, oserr());
		return;
	}
	r->ofcall.count = n;
	respond(r, nil);
}

static void
fswrite(Req *r)
{
	Ufid *u;
	long n;

	u = r->fid->aux;
	n = ospwrite(u->fd, r->ifcall.data, r->ifcall.count, r->ifcall.offset);
	if(n < 0){
		respond(r, oserr());
		return;
	}
	r->ofcall.count = n;
	respond(r, nil);
}

static void
fsremove(Req *r)
{
	Ufid *u;

	u = r->fid->aux;
	if(strcmp(u->path, root) == 0){
		respond(r, "cannot remove the root");
		return;
	}
	closeufid(u);
	if(osremove(u->path) < 0){
		respond(r, oserr());
		return;
	}
	respond(r, nil);
}

static void
fsstat(Req *r)
{
	static Ustat st;
	Ufid *u;

	u = r->fid->aux;
	if(osstat(u->path, strcmp(u->path, root) == 0, &st) < 0){
		respond(r, oserr());
		return;
	}
	ustat2dir(&st, basename(u->path), &r->d);
	respond(r, nil);
}

/*
 * Check every change first, then make them: length, mode, mtime,
 * group, and the name last because it changes the path.
 */
static void
fswstat(Req *r)
{
	Ufid *u;
	Ustat st;
	Dir *d;
	char *np, *p;

	u = r->fid->aux;
	d = &r->d;
	if(osstat(u->path, strcmp(u->path, root) == 0, &st) < 0){
		respond(r, oserr());
		return;
	}
	np = nil;
	if(d->name[0] != 0 && strcmp(d->name, basename(u->path)) != 0){
		if(strcmp(u->path, root) == 0){
			respond(r, "cannot rename the root");
			return;
		}
		if(strcmp(d->name, ".") == 0 || strcmp(d->name, "..") == 0 || strchr(d->name, '/') != nil){
			respond(r, "bad file name");
			return;
		}
		p = strrchr(u->path, '/');
		np = smprint("%.*s/%s", (int)(p - u->path), u->path, d->name);
		if(np == nil){
			respond(r, "out of memory");
			return;
		}
	}
	if(d->uid[0] != 0 && strcmp(d->uid, st.uid) != 0){
		free(np);
		respond(r, "cannot change owner");
		return;
	}
	if(d->mode != ~0U && (d->mode & DMDIR) != (st.mode & DMDIR)){
		free(np);
		respond(r, "cannot change a directory into a file or back");
		return;
	}
	if(d->length != ~0LL && st.kind == Kdir && d->length != 0){
		free(np);
		respond(r, "cannot set the length of a directory");
		return;
	}
	if(d->gid[0] != 0 && strcmp(d->gid, st.gid) != 0 && !osgroupok(d->gid)){
		free(np);
		respond(r, oserr());
		return;
	}
	if(d->length != ~0LL && st.kind == Kreg && ostruncate(u->path, d->length) < 0
	|| d->mode != ~0U && oschmod(u->path, d->mode & 0777) < 0
	|| d->mtime != ~0U && osmtime(u->path, d->mtime) < 0
	|| d->gid[0] != 0 && strcmp(d->gid, st.gid) != 0 && oschgrp(u->path, d->gid) < 0
	|| np != nil && osrename(u->path, np) < 0){
		free(np);
		respond(r, oserr());
		return;
	}
	if(np != nil){
		free(u->path);
		u->path = np;
	}
	respond(r, nil);
}

static void
fsdestroyfid(Fid *f)
{
	Ufid *u;

	u = f->aux;
	if(u == nil)
		return;
	closeufid(u);
	if(f->omode != -1 && (f->omode & P9ORCLOSE) && strcmp(u->path, root) != 0)
		osremove(u->path);
	free(u->path);
	free(u);
	f->aux = nil;
}

/* one client's session, in its own process (see osfork) */
static void
serve(int fd, u32int msize, int debug)
{
	Srv s;

	if(debug)
		eprint("ufs: new client\n");
	memset(&s, 0, sizeof s);
	s.attach = fsattach;
	s.clone = fsclone;
	s.walk1 = fswalk1;
	s.open = fsopen;
	s.create = fscreate;
	s.read = fsread;
	s.write = fswrite;
	s.remove = fsremove;
	s.stat = fsstat;
	s.wstat = fswstat;
	s.destroyfid = fsdestroyfid;
	s.infd = fd;
	s.outfd = fd;
	s.maxmsize = msize;
	s.debug = debug;
	srv(&s);
	osclose(fd);
	if(debug)
		eprint("ufs: client gone\n");
}

static void
usage(void)
{
	eprint("usage: ufs -ntype=unix|tcp -addr=address -root=dir [-debug=1] [-msize=n]\n");
	osexit(1);
}

/* the value of -name=value in arg, or nil */
static char*
flag(char *arg, char *name)
{
	int n;

	n = strlen(name);
	if(arg[0] == '-' && arg[1] == '-')
		arg++;
	if(arg[0] != '-' || strncmp(arg+1, name, n) != 0 || arg[1+n] != '=')
		return nil;
	return arg+2+n;
}

int
main(int argc, char **argv)
{
	char *ntype, *addr, *v;
	int i, lfd, fd, debug;
	u32int msize;

	ntype = "unix";
	addr = nil;
	root = nil;
	debug = 0;
	msize = 0;
	for(i = 1; i < argc; i++){
		if((v = flag(argv[i], "ntype")) != nil)
			ntype = v;
		else if((v = flag(argv[i], "addr")) != nil)
			addr = v;
		else if((v = flag(argv[i], "root")) != nil)
			root = v;
		else if((v = flag(argv[i], "debug")) != nil)
			debug = atoi(v);
		else if((v = flag(argv[i], "msize")) != nil)
			msize = atoi(v);
		else
			usage();
	}
	if(addr == nil || root == nil)
		usage();
	root = strdup(root);
	cleanname(root);
	osinit();
	if(osroot(root) < 0){
		eprint("ufs: root %s: %s\n", root, oserr());
		osexit(1);
	}
	lfd = oslisten(ntype, addr);
	if(lfd < 0){
		eprint("ufs: listen %s %s: %s\n", ntype, addr, oserr());
		osexit(1);
	}
	if(debug)
		eprint("ufs: serving %s on %s %s\n", root, ntype, addr);
	for(;;){
		fd = osaccept(lfd);
		if(fd < 0){
			eprint("ufs: accept: %s\n", oserr());
			osexit(1);
		}
		switch(osfork()){
		case -1:
			eprint("ufs: fork: %s\n", oserr());
			osclose(fd);
			continue;
		case 0:
			osclose(lfd);
			serve(fd, msize, debug);
			osexit(0);
		}
		osclose(fd);
	}
}
