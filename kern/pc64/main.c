/*
 * Kernel entry from boot/entry.S: read what the multiboot loader
 * tells us, bring up memory, traps, interrupts and the clock, and
 * report how long that took.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"

enum {
	MbootMagic	= 0x2BADB002,
	MbMem		= 1<<0,
	MbCmdline	= 1<<2,
	MbMods		= 1<<3,
	MbMmap		= 1<<6,
	Nreserved	= 16,
};

Conf	conf;
Mach	*machs[MAXMACH];
static Mach mach0;

/* physical ranges the page allocator must not hand out */
static Membank reserved[Nreserved];
static int nreserved;

extern char edata[], end[];

static void
reserve(uintptr base, uintptr end)
{
	if(nreserved == Nreserved)
		panic("too many reserved ranges");
	reserved[nreserved].base = base & ~(uintptr)(BY2PG-1);
	reserved[nreserved].end = PGROUND(end);
	nreserved++;
}

static void
machinit(void)
{
	Mach *mp;

	mp = &mach0;
	mp->self = mp;
	mp->machno = 0;
	machs[0] = mp;
	wrmsr(0xC0000101, (uintptr)mp);		/* GS base */
	wrmsr(0xC0000102, 0);			/* kernel GS base, swapped in for user */
}

static void
addbank(uintptr base, uintptr end)
{
	if(conf.nbank == nelem(conf.bank)){
		print("too many memory banks; ignoring %#p-%#p\n", base, end);
		return;
	}
	conf.bank[conf.nbank].base = base;
	conf.bank[conf.nbank].end = end;
	conf.nbank++;
	conf.npage += (end - base) / BY2PG;
	if(end > conf.topofram)
		conf.topofram = end;
}

static void
multiboot(u32int magic, u32int info)
{
	u32int *mb, *mod, flags;
	uchar *p, *e;
	u64int base, len;
	char *s;
	int i;

	if(magic != MbootMagic)
		panic("not loaded by a multiboot loader (magic %#ux)", magic);
	mb = KADDR(info);
	flags = mb[0];
	reserve(info, info+88);
	if(flags & MbCmdline){
		s = KADDR(mb[4]);
		strecpy(conf.cmdline, conf.cmdline+sizeof conf.cmdline, s);
	}
	if(flags & MbMods){
		mod = KADDR(mb[6]);
		reserve(mb[6], mb[6]+16*mb[5]);
		for(i = 0; i < mb[5]; i++)
			reserve(mod[4*i], mod[4*i+1]);
	}
	if(flags & MbMmap){
		p = KADDR(mb[12]);
		e = p + mb[11];
		for(; p+24 <= e; p += *(u32int*)p + 4){
			base = *(u64int*)(p+4);
			len = *(u64int*)(p+12);
			if(*(u32int*)(p+20) == 1 && len >= BY2PG)
				addbank(PGROUND(base), (base+len) & ~(uintptr)(BY2PG-1));
		}
	}else if(flags & MbMem)
		addbank(0x100000, 0x100000 + (uintptr)mb[2]*1024);
	if(conf.nbank == 0)
		panic("no memory map from the loader");
}

/* give the page allocator the RAM in [lo, hi) not otherwise in use */
static void
freeram(uintptr lo, uintptr hi)
{
	Membank *b, *r;
	uintptr base, end, cut;

	for(b = conf.bank; b < conf.bank+conf.nbank; b++){
		base = b->base > lo ? b->base : lo;
		end = b->end < hi ? b->end : hi;
		while(base < end){
			cut = end;
			for(r = reserved; r < reserved+nreserved; r++){
				if(r->base <= base && r->end > base){
					base = r->end;
					cut = 0;
					break;
				}
				if(r->base > base && r->base < cut)
					cut = r->base;
			}
			if(cut == 0)
				continue;
			pageaddrange(base, cut);
			base = cut;
		}
	}
}

/*
 * Only the first GiB is mapped until mmuinit builds the direct
 * map, so the allocator starts with RAM below it.
 */
static void
meminit(void)
{
	reserve(0, 0x100000);			/* BIOS data, ROMs, low memory for AP startup */
	reserve(PADDR(KTZERO), PADDR(end));
	pageinit();
	freeram(0, BOOTMAPSIZE);
	mmuinit();
	freeram(BOOTMAPSIZE, ~(uintptr)0);
}

/* value of key=value on the kernel command line, or nil */
char*
getconf(char *key)
{
	static char buf[sizeof conf.cmdline];
	char *f[32], *v;
	int i, n;

	strecpy(buf, buf+sizeof buf, conf.cmdline);
	n = tokenize(buf, f, nelem(f));
	for(i = 0; i < n; i++){
		v = strchr(f[i], '=');
		if(v == nil)
			continue;
		*v++ = '\0';
		if(strcmp(f[i], key) == 0)
			return v;
	}
	return nil;
}

/*
 * Each key=value of the command line as $key in the first
 * process's environment, as Plan 9 passes plan9.ini on; init and
 * the shell read $mount from there.
 */
void
confenv(void)
{
	char buf[sizeof conf.cmdline], *f[32], *v;
	int i, n;

	strecpy(buf, buf+sizeof buf, conf.cmdline);
	n = tokenize(buf, f, nelem(f));
	for(i = 0; i < n; i++){
		v = strchr(f[i], '=');
		if(v == nil || v == f[i])
			continue;
		*v++ = '\0';
		ksetenv(f[i], v);
	}
}

/* what each cpu sets up for user processes: FPU, no-execute pages, syscall */
void
cpuinit(void)
{
	fpuinit();
	mmuprocinit();
	syscallinit();
}

void
archreboot(void)
{
	splhi();
	stopcpus();
	outb(0x64, 0xFE);	/* pulse the reset line through the keyboard controller */
	for(;;)
		halt();
}

void
archpoweroff(void)
{
	splhi();
	stopcpus();
	acpipoweroff();
	for(;;)
		halt();
}

/* reset, then initialise, every configured device */
static void
chandevinit(void)
{
	int i;

	for(i = 0; devtab[i] != nil; i++)
		devtab[i]->reset();
	for(i = 0; devtab[i] != nil; i++)
		devtab[i]->init();
}

void
main(u32int magic, u32int info)
{
	char *t;
	u64int us;

	machinit();
	uartinit();
	multiboot(magic, info);
	meminit();
	trapinit();
	acpiinit();
	picmask();
	lapicinit();
	machp()->apicid = lapicid();
	ioapicinit();
	clockinit();
	cpuinit();
	mpinit();
	print("9q: %lludM memory, %d cpu%s\n", conf.npage*BY2PG >> 20, nonline, nonline == 1 ? "" : "s");
	uartenable();
	pciinit();
	virtioinit();
	rootinit();
	chandevinit();
	procinit();
	t = getconf("test");
	if(t != nil)
		selftest(t);
	userinit();
	us = nsec() / 1000;
	print("9q: ready in %llud us\n", us);
	schedinit();
}
