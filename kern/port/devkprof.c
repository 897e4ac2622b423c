/*
 * #K — kernel profiling, as Plan 9's kprof(3) (#T there; here #T is
 * /tmp): every clock tick of every cpu, while profiling is on, counts
 * the kernel program counter it interrupted.  kpdata is the counts as
 * 4-byte big-endian integers: the ticks, then those that found the
 * cpu in kernel text, then one per 8-byte range of kernel text from
 * its base (KTZERO).  Writing start, stop or startclr (zero, then
 * start) to kpctl controls it.  kprof(1) names the functions.
 *
 * The counts are bumped at interrupt level on any cpu at once, so
 * with atomic adds; kprof.buf is set before profiling first starts
 * and never freed, so a tick never sees it go.
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
	Qkpdata,
	Qkpctl,

	Kpres	= 8,		/* bytes of text per count */
	Kphdr	= 2,		/* counts before the text's: total, in kernel */
};

extern char etext[];	/* boot/kernel.ld */

static Dirtab kprofdir[] = {
	".",		{Qdir, 0, QTDIR},	0,	DMDIR|0555,
	"kpdata",	{Qkpdata},		0,	0444,
	"kpctl",	{Qkpctl},		0,	0220,
};

static struct {
	QLock	ql;		/* kpctl writers */
	u32int	*buf;		/* Kphdr + ntext counts */
	ulong	n;
	int	on;
} kprof;

static ulong
kpcounts(void)
{
	return Kphdr + ((uintptr)etext - KTZERO + Kpres-1) / Kpres;
}

/* from the clock interrupt: the cpu was at pc */
void
kproftick(uintptr pc)
{
	u32int *b;

	if(!__atomic_load_n(&kprof.on, __ATOMIC_ACQUIRE))
		return;
	b = kprof.buf;
	__atomic_fetch_add(&b[0], 1, __ATOMIC_RELAXED);
	if(pc >= KTZERO && pc < (uintptr)etext){
		__atomic_fetch_add(&b[1], 1, __ATOMIC_RELAXED);
		__atomic_fetch_add(&b[Kphdr + (pc - KTZERO)/Kpres], 1, __ATOMIC_RELAXED);
	}
}

static Chan*
kprofattach(char *spec)
{
	kprofdir[1].length = (vlong)kpcounts() * sizeof(u32int);
	return devattach('K', spec);
}

static Walkqid*
kprofwalk(Chan *c, Chan *nc, char **name, int nname)
{
	return devwalk(c, nc, name, nname, kprofdir, nelem(kprofdir), devgen);
}

static int
kprofstat(Chan *c, uchar *dp, int n)
{
	return devstat(c, dp, n, kprofdir, nelem(kprofdir), devgen);
}

static Chan*
kprofopen(Chan *c, int omode)
{
	return devopen(c, omode, kprofdir, nelem(kprofdir), devgen);
}

static void
kprofclose(Chan*)
{
}

/* the bytes [off, off+n) of kpdata, each count big-endian */
static long
kpdataread(uchar *a, long n, vlong off)
{
	vlong size;
	u32int v;
	long i;
	uchar w[4];

	size = (vlong)kpcounts() * sizeof(u32int);
	if(off < 0 || off >= size || kprof.buf == nil)
		return 0;
	if(n > size - off)
		n = size - off;
	for(i = 0; i < n; i++){
		if(i == 0 || (off+i) % 4 == 0){
			v = __atomic_load_n(&kprof.buf[(off+i)/4], __ATOMIC_RELAXED);
			w[0] = v>>24;
			w[1] = v>>16;
			w[2] = v>>8;
			w[3] = v;
		}
		a[i] = w[(off+i)%4];
	}
	return n;
}

static long
kprofread(Chan *c, void *a, long n, vlong off)
{
	switch((int)c->qid.path){
	case Qdir:
		return devdirread(c, a, n, kprofdir, nelem(kprofdir), devgen);
	case Qkpdata:
		return kpdataread(a, n, off);
	}
	error(Egreg);
}

/* start (and with clear, from zero): the buffer is made the first time */
static void
kpstart(int clear)
{
	u32int *b;

	if(kprof.buf == nil){
		b = mallocz(kpcounts() * sizeof(u32int), 1);
		if(b == nil)
			error(Enomem);
		kprof.n = kpcounts();
		kprof.buf = b;
	}else if(clear){
		__atomic_store_n(&kprof.on, 0, __ATOMIC_RELEASE);
		memset(kprof.buf, 0, kprof.n * sizeof(u32int));
	}
	__atomic_store_n(&kprof.on, 1, __ATOMIC_RELEASE);
}

static long
kprofwrite(Chan *c, void *a, long n, vlong)
{
	char buf[16];

	if(c->qid.path != Qkpctl)
		error(Eperm);
	if(n >= (long)sizeof buf)
		error(Ebadctl);
	memmove(buf, a, n);
	buf[n] = 0;
	if(n > 0 && buf[n-1] == '\n')
		buf[n-1] = 0;
	qlock(&kprof.ql);
	if(waserror()){
		qunlock(&kprof.ql);
		nexterror();
	}
	if(strcmp(buf, "start") == 0)
		kpstart(0);
	else if(strcmp(buf, "startclr") == 0)
		kpstart(1);
	else if(strcmp(buf, "stop") == 0)
		__atomic_store_n(&kprof.on, 0, __ATOMIC_RELEASE);
	else
		error(Ebadctl);
	poperror();
	qunlock(&kprof.ql);
	return n;
}

Dev kprofdevtab = {
	'K',
	"kprof",
	devreset,
	devinit,
	devshutdown,
	kprofattach,
	kprofwalk,
	kprofstat,
	kprofopen,
	devcreate,
	kprofclose,
	kprofread,
	kprofwrite,
	devremove,
	devwstat,
};
