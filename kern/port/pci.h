/*
 * PCI devices as pci.c found them at boot.  The table is built once
 * by pciinit and never changes afterwards, so readers need no lock.
 */
#pragma once

typedef struct Pcibar Pcibar;
typedef struct Pcidev Pcidev;

enum {
	/* configuration space registers */
	PciVID		= 0x00,
	PciDID		= 0x02,
	PciCMD		= 0x04,
	PciSTS		= 0x06,
	PciRID		= 0x08,
	PciCCRp		= 0x09,		/* programming interface */
	PciCCRu		= 0x0A,		/* subclass */
	PciCCRb		= 0x0B,		/* base class */
	PciHDT		= 0x0E,		/* header type; bit 7: multifunction */
	PciBAR0		= 0x10,
	PciSBN		= 0x19,		/* bridge: secondary bus number */
	PciSVID		= 0x2C,
	PciSID		= 0x2E,
	PciCAP		= 0x34,
	PciINTL		= 0x3C,
	PciINTP		= 0x3D,

	/* PciCMD bits */
	PciIOE		= 1<<0,
	PciMEME		= 1<<1,
	PciBME		= 1<<2,		/* bus master */
	PciINTxoff	= 1<<10,

	PciSTScap	= 1<<4,		/* capability list present */

	/* capability IDs */
	PciCapMSI	= 0x05,
	PciCapVendor	= 0x09,
	PciCapMSIX	= 0x11,

	Npcibar		= 6,
};

struct Pcibar {
	uvlong	addr;		/* bus address, flag bits removed */
	uvlong	size;		/* 0: not implemented */
	uchar	io;		/* I/O space */
	uchar	mem64;		/* 64-bit memory BAR: uses the next slot too */
	uchar	prefetch;
};

struct Pcidev {
	Pcidev	*next;		/* in scan order */
	int	bus, dev, fn;
	u16int	vid, did;
	u16int	svid, sid;	/* subsystem vendor and id */
	uchar	ccrb, ccru, ccrp;	/* class, subclass, programming interface */
	uchar	rid;
	uchar	hdt;		/* header type, multifunction bit cleared */
	uchar	intpin;		/* 0: none, 1-4: INTA-INTD */
	uchar	intline;	/* as the firmware routed it (ISA IRQ on i440fx) */
	Pcibar	bar[Npcibar];
	char	name[28];	/* the 9q name a driver gave it (virtio-net-0), or "" */

	/* MSI-X, when the device has it (pcimsixinit) */
	int	msixcap;	/* capability offset, 0 if none */
	int	msixn;		/* table entries */
	u32int	*msixtab;	/* mapped table */
};

extern Pcidev	*pcilist;

void	pciinit(void);
Pcidev*	pcimatch(Pcidev *prev, int vid, int did);
u8int	pcicfgr8(Pcidev*, int reg);
u16int	pcicfgr16(Pcidev*, int reg);
u32int	pcicfgr32(Pcidev*, int reg);
void	pcicfgw8(Pcidev*, int reg, u8int);
void	pcicfgw16(Pcidev*, int reg, u16int);
void	pcicfgw32(Pcidev*, int reg, u32int);
int	pcicap(Pcidev*, int id, int after);
void	pcisetbme(Pcidev*);
char*	pciclassname(Pcidev*);
char*	pcidescribe(char *p, char *e);
void*	pcibarmap(Pcidev*, int bar, uvlong off, uvlong len);
int	pcimsixinit(Pcidev*);
int	pcimsixset(Pcidev*, int entry, int vector, int machno);
void	pcimsixenable(Pcidev*, int on);
int	pcimsienable(Pcidev*, int vector, int machno);
Vctl*	pciintxenable(Pcidev*, void (*)(Ureg*, void*), void*, char*);
