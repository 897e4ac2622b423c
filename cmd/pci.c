/*
 * pci: list the PCI devices the kernel found, one a line:
 *	bus.dev.fn class.subclass.progif vendor/device irq name
 * (irq is - for a function without an interrupt pin; name is the
 * 9q name of a virtio device, else a description of the class).
 */
#include <u.h>
#include <libc.h>

static char *pcifile = "#$/pci";

void
main(int argc, char *argv[])
{
	char buf[8192];
	long n;
	int fd;

	ARGBEGIN{
	default:
		fprint(2, "usage: pci\n");
		exits("usage");
	}ARGEND
	if(argc != 0){
		fprint(2, "usage: pci\n");
		exits("usage");
	}
	fd = open(pcifile, OREAD);
	if(fd < 0)
		sysfatal("%s: %r", pcifile);
	while((n = read(fd, buf, sizeof buf)) > 0)
		if(write(1, buf, n) != n)
			sysfatal("write: %r");
	if(n < 0)
		sysfatal("%s: %r", pcifile);
	close(fd);
	exits(nil);
}
