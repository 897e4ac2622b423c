/*
 * PCI configuration space: PCIe ECAM when ACPI's MCFG gave
 * conf.ecampa, otherwise mechanism #1 through ports 0xCF8/0xCFC
 * (the first 256 bytes only).  Also the I/O-space accessors that
 * drivers use for port BARs (the legacy virtio transport), so that
 * portable code never names an instruction.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"

enum {
	PciADDR		= 0xCF8,
	PciDATA		= 0xCFC,
};

static Lock cfglock;		/* the 0xCF8 address latch */
static uchar *ecam;		/* mapped ECAM, or nil */

void
pcicfginit(void)
{
	usize n;

	if(conf.ecampa != 0 && conf.ecamend >= conf.ecamstart){
		n = (usize)(conf.ecamend - conf.ecamstart + 1) << 20;
		ecam = vmap(conf.ecampa + ((uvlong)conf.ecamstart << 20), n);
	}
}

/* address of reg in ECAM, or nil when the bus is outside it */
static uchar*
ecamaddr(int bus, int dev, int fn, int reg)
{
	if(ecam == nil || bus < conf.ecamstart || bus > conf.ecamend)
		return nil;
	return ecam + ((uintptr)(bus-conf.ecamstart)<<20 | dev<<15 | fn<<12 | reg);
}

static u32int
cfgaddr(int bus, int dev, int fn, int reg)
{
	return 0x80000000 | bus<<16 | dev<<11 | fn<<8 | (reg & 0xFC);
}

/* size is 1, 2 or 4; reg is aligned to it */
u32int
pcicfgread(int bus, int dev, int fn, int reg, int size)
{
	uchar *a;
	u32int v;

	if((a = ecamaddr(bus, dev, fn, reg)) != nil){
		switch(size){
		case 1:	return *(volatile u8int*)a;
		case 2:	return *(volatile u16int*)a;
		default:	return *(volatile u32int*)a;
		}
	}
	if(reg >= 256)
		return ~0;
	ilock(&cfglock);
	outl(PciADDR, cfgaddr(bus, dev, fn, reg));
	switch(size){
	case 1:	v = inb(PciDATA + (reg&3)); break;
	case 2:	v = ins(PciDATA + (reg&2)); break;
	default:	v = inl(PciDATA); break;
	}
	iunlock(&cfglock);
	return v;
}

void
pcicfgwrite(int bus, int dev, int fn, int reg, int size, u32int v)
{
	uchar *a;

	if((a = ecamaddr(bus, dev, fn, reg)) != nil){
		switch(size){
		case 1:	*(volatile u8int*)a = v; break;
		case 2:	*(volatile u16int*)a = v; break;
		default:	*(volatile u32int*)a = v; break;
		}
		return;
	}
	if(reg >= 256)
		return;
	ilock(&cfglock);
	outl(PciADDR, cfgaddr(bus, dev, fn, reg));
	switch(size){
	case 1:	outb(PciDATA + (reg&3), v); break;
	case 2:	outs(PciDATA + (reg&2), v); break;
	default:	outl(PciDATA, v); break;
	}
	iunlock(&cfglock);
}

u8int	ioread8(ulong port)	{ return inb(port); }
u16int	ioread16(ulong port)	{ return ins(port); }
u32int	ioread32(ulong port)	{ return inl(port); }
void	iowrite8(ulong port, u8int v)	{ outb(port, v); }
void	iowrite16(ulong port, u16int v)	{ outs(port, v); }
void	iowrite32(ulong port, u32int v)	{ outl(port, v); }
