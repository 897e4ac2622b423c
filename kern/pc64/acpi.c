/*
 * Just enough ACPI to find the machine's interrupt hardware and PCIe
 * configuration space: the MADT (cpus, LAPIC, IOAPICs, ISA interrupt
 * overrides) and the MCFG (ECAM base).  Tables are read through the
 * direct map; bad checksums make us ignore a table, not trust it.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"

typedef struct Override Override;
struct Override {
	int	irq;
	int	gsi;
	int	flags;		/* MPS INTI flags: polarity bits 0-1, trigger 2-3 */
};

static Override overrides[16];
static int noverride;

/* for acpipoweroff: from the FADT and the DSDT's \_S5 object */
static int pm1acnt;		/* PM1a control port, 0 if unknown */
static int slptyp5 = -1;	/* SLP_TYPa for S5 (soft off) */

static int
checksum(uchar *p, usize n)
{
	uchar s;

	s = 0;
	while(n-- > 0)
		s += *p++;
	return s;
}

static u32int
get32(uchar *p)
{
	return p[0] | p[1]<<8 | p[2]<<16 | (u32int)p[3]<<24;
}

static u64int
get64(uchar *p)
{
	return get32(p) | (u64int)get32(p+4)<<32;
}

static uchar*
findrsdp(uintptr pa, usize len)
{
	uchar *p, *e;

	p = KADDR(pa);
	for(e = p+len; p+20 <= e; p += 16)
		if(memcmp(p, "RSD PTR ", 8) == 0 && checksum(p, 20) == 0)
			return p;
	return nil;
}

static void
parsemadt(uchar *t, u32int len)
{
	uchar *p, *e;

	conf.lapicpa = get32(t+36);
	for(p = t+44, e = t+len; p+2 <= e && p[1] >= 2 && p+p[1] <= e; p += p[1]){
		switch(p[0]){
		case 0:		/* processor local APIC */
			if((get32(p+4) & 1) && conf.nmach < MAXMACH)
				conf.apicid[conf.nmach++] = p[3];
			break;
		case 1:		/* IOAPIC */
			if(conf.nioapic < nelem(conf.ioapicpa)){
				conf.ioapicpa[conf.nioapic] = get32(p+4);
				conf.ioapicgsibase[conf.nioapic] = get32(p+8);
				conf.nioapic++;
			}
			break;
		case 2:		/* interrupt source override */
			if(p[2] == 0 && noverride < nelem(overrides)){
				overrides[noverride].irq = p[3];
				overrides[noverride].gsi = get32(p+4);
				overrides[noverride].flags = p[8] | p[9]<<8;
				noverride++;
			}
			break;
		case 5:		/* 64-bit LAPIC address override */
			conf.lapicpa = get64(p+4);
			break;
		}
	}
}

static void
parsemcfg(uchar *t, u32int len)
{
	if(len < 44+16)
		return;
	conf.ecampa = get64(t+44);
	conf.ecamstart = t[44+10];
	conf.ecamend = t[44+11];
}

/*
 * The DSDT is AML; rather than interpret it, find the \_S5 package,
 * Name(_S5_, Package(){a, b, ...}), and take its first element, the
 * SLP_TYPa value for soft-off, as every small kernel does.
 */
static void
parses5(uchar *t, u32int len)
{
	uchar *p, *e;

	e = t + len;
	for(p = t+36; p+12 <= e; p++){
		if(memcmp(p, "_S5_", 4) != 0 || p[4] != 0x12)	/* PackageOp */
			continue;
		p += 5;
		p += (p[0] >> 6) + 1;	/* PkgLength: 1 + (top two bits) bytes */
		p++;			/* NumElements */
		if(p < e && *p == 0x0A)	/* BytePrefix */
			p++;
		if(p < e && *p <= 7)	/* Zero, One, or a byte value */
			slptyp5 = *p;
		return;
	}
}

static void
parsefadt(uchar *t, u32int len)
{
	uchar *d;

	if(len < 68)
		return;
	pm1acnt = get32(t+64);
	d = KADDR(get32(t+40));
	if(get32(d+4) >= 36 && memcmp(d, "DSDT", 4) == 0)
		parses5(d, get32(d+4));
}

/* power the machine off (QEMU exits); returns if ACPI did not say how */
void
acpipoweroff(void)
{
	if(pm1acnt == 0 || slptyp5 < 0)
		return;
	outs(pm1acnt, slptyp5<<10 | 1<<13);	/* SLP_TYPa, SLP_EN */
}

static void
parsetable(uintptr pa)
{
	uchar *t;
	u32int len;

	t = KADDR(pa);
	len = get32(t+4);
	if(len < 36 || len > 1024*1024 || checksum(t, len) != 0)
		return;
	if(memcmp(t, "APIC", 4) == 0)
		parsemadt(t, len);
	else if(memcmp(t, "MCFG", 4) == 0)
		parsemcfg(t, len);
	else if(memcmp(t, "FACP", 4) == 0)
		parsefadt(t, len);
}

void
acpiinit(void)
{
	uchar *rsdp, *t;
	uintptr ebda;
	u32int len;
	int i, n, w;

	ebda = (uintptr)*(u16int*)KADDR(0x40E) << 4;
	rsdp = nil;
	if(ebda >= 0x80000 && ebda < 0xA0000)
		rsdp = findrsdp(ebda, 1024);
	if(rsdp == nil)
		rsdp = findrsdp(0xE0000, 0x20000);
	if(rsdp == nil)
		goto nomadt;
	if(rsdp[15] >= 2 && get64(rsdp+24) != 0){
		t = KADDR(get64(rsdp+24));	/* XSDT: 64-bit pointers */
		w = 8;
	}else{
		t = KADDR(get32(rsdp+16));	/* RSDT: 32-bit pointers */
		w = 4;
	}
	len = get32(t+4);
	if(len < 36 || checksum(t, len) != 0)
		goto nomadt;
	n = (len-36)/w;
	for(i = 0; i < n; i++)
		parsetable(w == 8 ? get64(t+36+8*i) : get32(t+36+4*i));
nomadt:
	/* without a MADT, assume the PC defaults */
	if(conf.nmach == 0)
		conf.nmach = 1;
	if(conf.lapicpa == 0)
		conf.lapicpa = 0xFEE00000;
	if(conf.nioapic == 0){
		conf.ioapicpa[0] = 0xFEC00000;
		conf.ioapicgsibase[0] = 0;
		conf.nioapic = 1;
	}
}

/*
 * The global system interrupt for an ISA irq, and how it signals:
 * edge/active-high unless the MADT overrides it.
 */
int
isairq(int irq, int *level, int *activelow)
{
	Override *o;

	*level = 0;
	*activelow = 0;
	for(o = overrides; o < overrides+noverride; o++)
		if(o->irq == irq){
			if((o->flags & 3) == 3)
				*activelow = 1;
			if(((o->flags>>2) & 3) == 3)
				*level = 1;
			return o->gsi;
		}
	return irq;
}
