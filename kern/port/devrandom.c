/*
 * #r — random bytes from the virtio-rng (vrng.c): `random`.  A read
 * blocks until the device supplies bytes and returns exactly what it
 * wrote, at most the count asked for.  Without an rng the directory
 * is empty.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

enum {
	Qdir,
	Qrandom,
};

static Dirtab randomdir[] = {
	".",		{Qdir, 0, QTDIR},	0,	DMDIR|0555,
	"random",	{Qrandom},		0,	0444,
};

/* "." always, random only when there is a device to read */
static int
ntab(void)
{
	return vrngpresent() ? nelem(randomdir) : 1;
}

static Chan*
randomattach(char *spec)
{
	return devattach('r', spec);
}

static Walkqid*
randomwalk(Chan *c, Chan *nc, char **name, int nname)
{
	return devwalk(c, nc, name, nname, randomdir, ntab(), devgen);
}

static int
randomstat(Chan *c, uchar *dp, int n)
{
	return devstat(c, dp, n, randomdir, ntab(), devgen);
}

static Chan*
randomopen(Chan *c, int omode)
{
	return devopen(c, omode, randomdir, ntab(), devgen);
}

static void
randomclose(Chan*)
{
}

static long
randomread(Chan *c, void *a, long n, vlong)
{
	if(c->qid.type & QTDIR)
		return devdirread(c, a, n, randomdir, ntab(), devgen);
	if(c->qid.path != Qrandom)
		error(Egreg);
	return vrngread(a, n);
}

static long
randomwrite(Chan*, void*, long, vlong)
{
	error(Eperm);
}

Dev randomdevtab = {
	'r',
	"random",
	devreset,
	devinit,
	devshutdown,
	randomattach,
	randomwalk,
	randomstat,
	randomopen,
	devcreate,
	randomclose,
	randomread,
	randomwrite,
	devremove,
	devwstat,
};
