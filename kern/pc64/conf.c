/*
 * The configuration: which devices this kernel has.  A device's
 * index here is its Chan.type.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"

extern Dev rootdevtab, consdevtab, envdevtab, procdevtab, srvdevtab, tmpdevtab, pipedevtab;
extern Dev pcidevtab, randomdevtab;	/* #$ pci, #r random (helper F) */
extern Dev mntdevtab;	/* #M mount driver */
extern Dev vcondevtab;	/* #C virtcon */
extern Dev p9devtab;	/* #9 virtio-9p */
extern Dev mntgendevtab;	/* #N mount points on demand, /n and /mnt */
extern Dev kprofdevtab;	/* #K kernel profiling */

Dev *devtab[] = {
	&rootdevtab,
	&consdevtab,
	&envdevtab,
	&procdevtab,
	&srvdevtab,
	&pipedevtab,
	&tmpdevtab,
	&pcidevtab,
	&randomdevtab,
	&mntdevtab,
	&vcondevtab,
	&p9devtab,
	&mntgendevtab,
	&kprofdevtab,
	nil,
};

char	*eve = "glenda";
char	sysname[] = "9q";
