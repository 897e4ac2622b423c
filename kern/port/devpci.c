/*
 * #$ — the PCI table: `pci`, one device a line, as pcidescribe
 * renders it (bus.dev.fn class vendor/device irq name).  cmd/pci
 * prints it.  The table is fixed after boot; each read renders it.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"
#include "pci.h"

enum {
	Qdir,
	Qpci,

	Linemax	= 96,		/* longer than any line pcidescribe makes */
};

static Dirtab pcidir[] = {
	".",	{Qdir, 0, QTDIR},	0,	DMDIR|0555,
	"pci",	{Qpci},			0,	0444,
};

static Chan*
pciattach(char *spec)
{
	return devattach('$', spec);
}

static Walkqid*
pciwalk(Chan *c, Chan *nc, char **name, int nname)
{
	return devwalk(c, nc, name, nname, pcidir, nelem(pcidir), devgen);
}

static int
pcistat(Chan *c, uchar *dp, int n)
{
	return devstat(c, dp, n, pcidir, nelem(pcidir), devgen);
}

static Chan*
pciopen(Chan *c, int omode)
{
	return devopen(c, omode, pcidir, nelem(pcidir), devgen);
}

static void
pciclose(Chan*)
{
}

static long
pciread(Chan *c, void *a, long n, vlong off)
{
	Pcidev *p;
	char *buf;
	usize len;

	if(c->qid.type & QTDIR)
		return devdirread(c, a, n, pcidir, nelem(pcidir), devgen);
	if(c->qid.path != Qpci)
		error(Egreg);
	len = 1;
	for(p = pcilist; p != nil; p = p->next)
		len += Linemax;
	buf = smalloc(len);
	if(waserror()){
		free(buf);
		nexterror();
	}
	*pcidescribe(buf, buf+len) = '\0';
	n = readstr(off, a, n, buf);
	poperror();
	free(buf);
	return n;
}

static long
pciwrite(Chan*, void*, long, vlong)
{
	error(Eperm);
}

Dev pcidevtab = {
	'$',
	"pci",
	devreset,
	devinit,
	devshutdown,
	pciattach,
	pciwalk,
	pcistat,
	pciopen,
	devcreate,
	pciclose,
	pciread,
	pciwrite,
	devremove,
	devwstat,
};
