/*
 * PCI: one scan at boot of every bus, device and function, following
 * bridges, into pcilist; BAR sizing; capability lists; MSI, MSI-X
 * and legacy INTx interrupts.  /dev/pci (devpci.c) shows the table.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "pci.h"

enum {
	Maxbus		= 256,
	Maxcaps		= 48,		/* bound on a capability list walk */

	MSIXctl		= 2,		/* capability offsets */
	MSIXtable	= 4,
	MSIXenable	= 1<<15,
	MSIXmaskall	= 1<<14,
	MSIctl		= 2,
	MSIaddr		= 4,
	MSI64		= 1<<7,
	MSIenable	= 1<<0,
};

Pcidev	*pcilist;
static Pcidev **pcitail = &pcilist;
static uchar busseen[Maxbus];

u8int	pcicfgr8(Pcidev *p, int r)	{ return pcicfgread(p->bus, p->dev, p->fn, r, 1); }
u16int	pcicfgr16(Pcidev *p, int r)	{ return pcicfgread(p->bus, p->dev, p->fn, r & ~1, 2); }
u32int	pcicfgr32(Pcidev *p, int r)	{ return pcicfgread(p->bus, p->dev, p->fn, r & ~3, 4); }
void	pcicfgw8(Pcidev *p, int r, u8int v)	{ pcicfgwrite(p->bus, p->dev, p->fn, r, 1, v); }
void	pcicfgw16(Pcidev *p, int r, u16int v)	{ pcicfgwrite(p->bus, p->dev, p->fn, r & ~1, 2, v); }
void	pcicfgw32(Pcidev *p, int r, u32int v)	{ pcicfgwrite(p->bus, p->dev, p->fn, r & ~3, 4, v); }

/*
 * Size BAR i by writing all ones and reading back what sticks;
 * decoding is off meanwhile so the device does not answer at the
 * probe address, and the original values go back afterwards.
 * Returns the number of slots the BAR takes (2 for 64-bit).
 */
static int
sizebar(Pcidev *p, int i, int nbar)
{
	Pcibar *b;
	u32int lo, hi, slo, shi;
	uvlong mask;
	int reg;

	b = &p->bar[i];
	reg = PciBAR0 + 4*i;
	lo = pcicfgr32(p, reg);
	pcicfgw32(p, reg, ~0);
	slo = pcicfgr32(p, reg);
	pcicfgw32(p, reg, lo);
	if(lo & 1){
		b->io = 1;
		b->addr = lo & ~3;
		mask = slo & ~3 & 0xFFFF;
		b->size = mask ? (~mask + 1) & 0xFFFF : 0;
		return 1;
	}
	b->prefetch = (lo>>3) & 1;
	b->addr = lo & ~0xF;
	mask = slo & ~0xF;
	if(((lo>>1) & 3) == 2 && i+1 < nbar){
		b->mem64 = 1;
		hi = pcicfgr32(p, reg+4);
		pcicfgw32(p, reg+4, ~0);
		shi = pcicfgr32(p, reg+4);
		pcicfgw32(p, reg+4, hi);
		b->addr |= (uvlong)hi << 32;
		mask |= (uvlong)shi << 32;
		b->size = mask ? ~mask + 1 : 0;
		return 2;
	}
	b->size = mask ? (u32int)(~(u32int)mask + 1) : 0;
	return 1;
}

static void
sizebars(Pcidev *p)
{
	u16int cmd;
	int i, nbar;

	switch(p->hdt){
	case 0:	nbar = 6; break;
	case 1:	nbar = 2; break;
	default:	return;
	}
	cmd = pcicfgr16(p, PciCMD);
	pcicfgw16(p, PciCMD, cmd & ~(PciIOE|PciMEME));
	for(i = 0; i < nbar; )
		i += sizebar(p, i, nbar);
	pcicfgw16(p, PciCMD, cmd);
}

static Pcidev*
newdev(int bus, int dev, int fn, u32int id)
{
	Pcidev *p;

	p = malloc(sizeof *p);
	if(p == nil)
		panic("pci: no memory");
	p->bus = bus;
	p->dev = dev;
	p->fn = fn;
	p->vid = id;
	p->did = id >> 16;
	p->rid = pcicfgr8(p, PciRID);
	p->ccrp = pcicfgr8(p, PciCCRp);
	p->ccru = pcicfgr8(p, PciCCRu);
	p->ccrb = pcicfgr8(p, PciCCRb);
	p->hdt = pcicfgr8(p, PciHDT) & 0x7F;
	if(p->hdt == 0){
		p->svid = pcicfgr16(p, PciSVID);
		p->sid = pcicfgr16(p, PciSID);
	}
	p->intpin = pcicfgr8(p, PciINTP);
	p->intline = pcicfgr8(p, PciINTL);
	if(p->intpin > 4)
		p->intpin = 0;
	sizebars(p);
	*pcitail = p;
	pcitail = &p->next;
	return p;
}

/*
 * Every function of bus, in slot order, then the buses behind its
 * bridges (as Linux numbers them).  busseen stops a misconfigured
 * bridge from sending the scan round in circles.
 */
static void
scanbus(int bus)
{
	int dev, fn, nfn, sec, nbr, i;
	int bridges[32];
	u32int id;
	Pcidev *p;

	if(bus >= Maxbus || busseen[bus])
		return;
	busseen[bus] = 1;
	nbr = 0;
	for(dev = 0; dev < 32; dev++){
		nfn = 1;
		for(fn = 0; fn < nfn; fn++){
			id = pcicfgread(bus, dev, fn, PciVID, 4);
			if((id & 0xFFFF) == 0xFFFF || (id & 0xFFFF) == 0)
				continue;
			if(fn == 0 && (pcicfgread(bus, dev, 0, PciHDT, 1) & 0x80))
				nfn = 8;
			p = newdev(bus, dev, fn, id);
			if(p->hdt == 1){
				sec = pcicfgr8(p, PciSBN);
				if(sec > bus && nbr < nelem(bridges))
					bridges[nbr++] = sec;
			}
		}
	}
	for(i = 0; i < nbr; i++)
		scanbus(bridges[i]);
}

void
pciinit(void)
{
	pcicfginit();
	scanbus(0);
}

/* the next device after prev (nil: the first) with vid and did; 0 matches any */
Pcidev*
pcimatch(Pcidev *prev, int vid, int did)
{
	Pcidev *p;

	for(p = prev != nil ? prev->next : pcilist; p != nil; p = p->next)
		if((vid == 0 || p->vid == vid) && (did == 0 || p->did == did))
			return p;
	return nil;
}

/* offset of the first capability id after offset after (0: from the start), or 0 */
int
pcicap(Pcidev *p, int id, int after)
{
	int off, n;

	if((pcicfgr16(p, PciSTS) & PciSTScap) == 0)
		return 0;
	off = after ? pcicfgr8(p, after+1) : pcicfgr8(p, PciCAP);
	for(n = 0; n < Maxcaps && off >= 0x40; n++){
		off &= ~3;
		if(pcicfgr8(p, off) == id)
			return off;
		off = pcicfgr8(p, off+1);
	}
	return 0;
}

void
pcisetbme(Pcidev *p)
{
	pcicfgw16(p, PciCMD, pcicfgr16(p, PciCMD) | PciBME);
}

/* a memory BAR's range [off, off+len) mapped uncached, or nil */
void*
pcibarmap(Pcidev *p, int bar, uvlong off, uvlong len)
{
	Pcibar *b;

	if(bar < 0 || bar >= Npcibar)
		return nil;
	b = &p->bar[bar];
	if(b->io || b->addr == 0 || off > b->size || len > b->size - off)
		return nil;
	return vmap(b->addr + off, len);
}

/* map the MSI-X table, every entry masked; returns the entry count or -1 */
int
pcimsixinit(Pcidev *p)
{
	int cap, i, n;
	u32int t;

	if(p->msixtab != nil)
		return p->msixn;
	cap = pcicap(p, PciCapMSIX, 0);
	if(cap == 0)
		return -1;
	n = (pcicfgr16(p, cap+MSIXctl) & 0x7FF) + 1;
	t = pcicfgr32(p, cap+MSIXtable);
	p->msixtab = pcibarmap(p, t & 7, t & ~7, 16*n);
	if(p->msixtab == nil)
		return -1;
	p->msixcap = cap;
	p->msixn = n;
	for(i = 0; i < n; i++)
		p->msixtab[4*i+3] |= 1;
	pcisetbme(p);
	return n;
}

/* point MSI-X table entry at vector on cpu machno and unmask it */
int
pcimsixset(Pcidev *p, int entry, int vector, int machno)
{
	u32int *e;

	if(p->msixtab == nil || entry < 0 || entry >= p->msixn)
		return -1;
	e = &p->msixtab[4*entry];
	e[3] |= 1;
	e[0] = lapicmsiaddr(machno);
	e[1] = 0;
	e[2] = vector;
	coherence();
	e[3] &= ~1;
	return 0;
}

/* MSI-X on or off for the whole function; on also turns INTx off */
void
pcimsixenable(Pcidev *p, int on)
{
	u16int c;

	if(p->msixcap == 0)
		return;
	c = pcicfgr16(p, p->msixcap+MSIXctl) & ~MSIXmaskall;
	if(on){
		pcicfgw16(p, PciCMD, pcicfgr16(p, PciCMD) | PciINTxoff | PciBME);
		c |= MSIXenable;
	}else
		c &= ~MSIXenable;
	pcicfgw16(p, p->msixcap+MSIXctl, c);
}

/* plain MSI, one message to vector on cpu machno; -1 if the device has no MSI */
int
pcimsienable(Pcidev *p, int vector, int machno)
{
	int cap, data;
	u16int c;

	cap = pcicap(p, PciCapMSI, 0);
	if(cap == 0)
		return -1;
	c = pcicfgr16(p, cap+MSIctl);
	pcicfgw32(p, cap+MSIaddr, lapicmsiaddr(machno));
	data = cap+8;
	if(c & MSI64){
		pcicfgw32(p, cap+MSIaddr+4, 0);
		data = cap+12;
	}
	pcicfgw16(p, data, vector);
	c &= ~(7<<4);		/* one message */
	pcicfgw16(p, cap+MSIctl, c | MSIenable);
	pcicfgw16(p, PciCMD, pcicfgr16(p, PciCMD) | PciINTxoff | PciBME);
	return 0;
}

/*
 * Legacy INTx: the firmware's interrupt line register holds the ISA
 * IRQ the chipset routes the pin to (i440fx's PIIX PIRQ links); the
 * MADT's overrides give its polarity, and a PCI line is level
 * triggered whatever they say.  Without an AML interpreter there is
 * no _PRT, so other machines (q35) should use MSI-X.
 */
Vctl*
pciintxenable(Pcidev *p, void (*f)(Ureg*, void*), void *a, char *name)
{
	int gsi, level, activelow;

	if(p->intpin == 0 || p->intline == 0 || p->intline >= 16)
		return nil;
	gsi = isairq(p->intline, &level, &activelow);
	if(!level)
		activelow = 1;
	pcicfgw16(p, PciCMD, pcicfgr16(p, PciCMD) & ~PciINTxoff);
	return ioapicintrenable(gsi, p->intline, 1, activelow, f, a, name);
}

/* a short description from the class code, for devices no driver named */
char*
pciclassname(Pcidev *p)
{
	static struct {
		uchar	b, u;
		char	*name;
	} tab[] = {
		0x01, 0x00, "SCSI",
		0x01, 0x01, "IDE",
		0x01, 0x05, "ATA",
		0x01, 0x06, "SATA",
		0x01, 0x08, "NVMe",
		0x01, 0xFF, "storage",
		0x02, 0x00, "ethernet",
		0x02, 0xFF, "network",
		0x03, 0x00, "VGA",
		0x03, 0xFF, "display",
		0x04, 0x01, "audio",
		0x04, 0x03, "audio",
		0x04, 0xFF, "multimedia",
		0x05, 0xFF, "memory",
		0x06, 0x00, "host bridge",
		0x06, 0x01, "ISA bridge",
		0x06, 0x04, "PCI bridge",
		0x06, 0xFF, "bridge",
		0x07, 0x00, "serial",
		0x07, 0xFF, "communication",
		0x08, 0xFF, "system",
		0x09, 0xFF, "input",
		0x0C, 0x03, "USB",
		0x0C, 0x05, "SMBus",
		0x0C, 0xFF, "serial bus",
	};
	int i;

	for(i = 0; i < nelem(tab); i++)
		if(tab[i].b == p->ccrb && (tab[i].u == p->ccru || tab[i].u == 0xFF))
			return tab[i].name;
	return "unknown";
}

/*
 * The table /dev/pci shows, one device a line:
 *	bus.dev.fn class.sub.progif vid/did irq name
 * irq is the interrupt line, or - for a function with no pin.
 */
char*
pcidescribe(char *p, char *e)
{
	Pcidev *d;
	char irq[8];

	for(d = pcilist; d != nil; d = d->next){
		if(d->intpin)
			snprint(irq, sizeof irq, "%d", d->intline);
		else
			strecpy(irq, irq+sizeof irq, "-");
		p = seprint(p, e, "%d.%d.%d %.2ux.%.2ux.%.2ux %.4ux/%.4ux %s %s\n",
			d->bus, d->dev, d->fn, d->ccrb, d->ccru, d->ccrp,
			d->vid, d->did, irq, d->name[0] ? d->name : pciclassname(d));
	}
	return p;
}
