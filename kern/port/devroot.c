/*
 * #/ — the root file system built into the kernel image: every
 * program of cmd/ under /bin, the boot profile under /lib, the
 * manual pages under /sys/man, and the empty directories the name
 * space is built on.  util/mkroot turns
 * the file list into roottab; rootinit makes the tree once at boot.
 * Read-only; file data is read straight from the image.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

typedef struct Rootfile Rootfile;
typedef struct Rnode Rnode;

struct Rootfile {		/* as util/mkroot lays it out */
	char	*path;		/* relative to the root */
	uchar	*data;
	u64int	len;		/* ~0 for a directory */
};

struct Rnode {
	char	*name;
	int	parent;		/* index in nodes */
	int	child;		/* first child, -1 if none */
	int	sibling;	/* next in the parent, -1 if last */
	int	nchild;
	uchar	*data;
	vlong	len;
	u32int	perm;
};

extern Rootfile roottab[];

enum {
	Nnodes	= 512,
};

static Rnode nodes[Nnodes];
static int nnodes;

static int
newnode(int parent, char *name, u32int perm)
{
	Rnode *n, *p;
	int *l;

	if(nnodes == Nnodes)
		panic("root: too many files");
	n = &nodes[nnodes];
	n->name = name;
	n->parent = parent;
	n->child = -1;
	n->sibling = -1;
	n->perm = perm;
	if(nnodes > 0){		/* keep children in order of appearance */
		p = &nodes[parent];
		for(l = &p->child; *l >= 0; l = &nodes[*l].sibling)
			;
		*l = nnodes;
		p->nchild++;
	}
	return nnodes++;
}

static int
lookup(int dir, char *name)
{
	int i;

	for(i = nodes[dir].child; i >= 0; i = nodes[i].sibling)
		if(strcmp(nodes[i].name, name) == 0)
			return i;
	return -1;
}

/* add path, making directories along the way; returns its node */
static int
addpath(char *path, u32int perm)
{
	char *p, *e, *elem;
	int dir, n;

	dir = 0;
	for(p = path; *p != '\0'; p = e){
		e = strchr(p, '/');
		if(e == nil)
			e = p + strlen(p);
		elem = malloc(e-p+1);
		memmove(elem, p, e-p);
		elem[e-p] = '\0';
		if(*e == '/')
			e++;
		n = lookup(dir, elem);
		if(n < 0)
			n = newnode(dir, elem, *e == '\0' ? perm : DMDIR|0555);
		else
			free(elem);
		dir = n;
	}
	return dir;
}

/* programs: /bin's commands and /test's test programs */
static int
isprogram(char *path)
{
	return strncmp(path, "bin/", 4) == 0 || strncmp(path, "test/", 5) == 0;
}

void
rootinit(void)
{
	Rootfile *f;
	int i;

	newnode(0, "/", DMDIR|0555);
	for(f = roottab; f->path != nil; f++){
		if(f->len == ~(u64int)0){
			addpath(f->path, DMDIR|0555);
			continue;
		}
		i = addpath(f->path, isprogram(f->path) ? 0555 : 0444);
		nodes[i].data = f->data;
		nodes[i].len = f->len;
	}
}

static void
nodedir(Chan *c, int i, Dir *dp)
{
	Rnode *n;
	Qid q;

	n = &nodes[i];
	mkqid(&q, i, 0, (n->perm & DMDIR) ? QTDIR : QTFILE);
	devdir(c, q, n->name, n->len, eve, n->perm, dp);
}

static int
rootgen(Chan *c, char*, Dirtab*, int, int s, Dir *dp)
{
	int dir, i;

	dir = c->qid.path;
	if((nodes[dir].perm & DMDIR) == 0)
		dir = nodes[dir].parent;	/* stat of a file: list its directory */
	if(s == DEVDOTDOT){
		nodedir(c, nodes[dir].parent, dp);
		return 1;
	}
	for(i = nodes[dir].child; i >= 0 && s > 0; i = nodes[i].sibling)
		s--;
	if(i < 0)
		return -1;
	nodedir(c, i, dp);
	return 1;
}

static Chan*
rootattach(char *spec)
{
	return devattach('/', spec);
}

static Walkqid*
rootwalk(Chan *c, Chan *nc, char **name, int nname)
{
	return devwalk(c, nc, name, nname, nil, 0, rootgen);
}

static int
rootstat(Chan *c, uchar *dp, int n)
{
	return devstat(c, dp, n, nil, 0, rootgen);
}

static Chan*
rootopen(Chan *c, int omode)
{
	return devopen(c, omode, nil, 0, rootgen);
}

static void
rootclose(Chan*)
{
}

static long
rootread(Chan *c, void *a, long n, vlong off)
{
	Rnode *f;

	f = &nodes[c->qid.path];
	if(f->perm & DMDIR)
		return devdirread(c, a, n, nil, 0, rootgen);
	if(off < 0)
		error(Enegoff);
	if(off >= f->len)
		return 0;
	if(n > f->len - off)
		n = f->len - off;
	memmove(a, f->data+off, n);
	return n;
}

static long
rootwrite(Chan*, void*, long, vlong)
{
	error(Eperm);
}

Dev rootdevtab = {
	'/',
	"root",
	devreset,
	devinit,
	devshutdown,
	rootattach,
	rootwalk,
	rootstat,
	rootopen,
	devcreate,
	rootclose,
	rootread,
	rootwrite,
	devremove,
	devwstat,
};
