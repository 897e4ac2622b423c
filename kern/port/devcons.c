/*
 * #c — the console and the kernel's small informational files.
 *
 * Console input arrives from the UART at interrupt level.  In cooked
 * mode (the default) it is line-edited here: ^H erases a character,
 * ^U the line, ^D ends a read (end of file on an empty line), CR
 * becomes NL, and everything typed is echoed.  Completed lines wait
 * in kbd.q for readers.  ^C or DEL posts "interrupt" to the console's
 * note group: the note group of the process that last opened or read
 * /dev/cons, which is the foreground job's (rc's children share its
 * group; background jobs get their own with RFNOTEG).  Notes are
 * posted by a kernel process, never at interrupt level.
 *
 * Writing "rawon" to consctl turns editing and echo off until
 * "rawoff" or until that consctl is closed.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

enum {
	Nline	= 4096,		/* longest typed line, its newline not counted */
	Nq	= 2*Nline,	/* typed input waiting for readers; a power of two */
	NUMSIZE	= 12,		/* width+1 of a number in pid, ppid */

	CtlC	= 0x03,
	CtlD	= 0x04,
	CtlH	= 0x08,
	CtlU	= 0x15,
	Del	= 0x7F,
	Eofmark	= CtlD,		/* in kbd.q: a ^D that ends a read */
};

enum {
	Qdir,
	Qcons,
	Qconsctl,
	Qhostowner,
	Qirqalloc,
	Qmtags,
	Qkmesg,
	Qnull,
	Qosversion,
	Qpid,
	Qppid,
	Qreboot,
	Qswap,
	Qsysstat,
	Qsysname,
	Qtime,
	Quser,
	Qzero,
};

static Dirtab consdir[] = {
	".",		{Qdir, 0, QTDIR},	0,	DMDIR|0555,
	"cons",		{Qcons},		0,	0660,
	"consctl",	{Qconsctl},		0,	0220,
	"hostowner",	{Qhostowner},		0,	0444,
	"irqalloc",	{Qirqalloc},		0,	0444,
	"mtags",	{Qmtags},		0,	0444,
	"kmesg",	{Qkmesg},		0,	0440,
	"null",		{Qnull},		0,	0666,
	"osversion",	{Qosversion},		0,	0444,
	"pid",		{Qpid},			0,	0444,
	"ppid",		{Qppid},		0,	0444,
	"reboot",	{Qreboot},		0,	0220,
	"swap",		{Qswap},		0,	0444,
	"sysstat",	{Qsysstat},		0,	0666,
	"sysname",	{Qsysname},		0,	0444,
	"time",		{Qtime},		0,	0664,
	"user",		{Quser},		0,	0444,
	"zero",		{Qzero},		0,	0444,
};

static struct {
	Lock	lk;		/* ilock: shared with the uart interrupt; guards all but rq */
	uchar	q[Nq];		/* input ready for readers */
	uint	qr, qw;		/* free-running; qw-qr bytes waiting */
	char	line[Nline];	/* line being edited, cooked mode */
	int	nline;
	int	toolong;	/* the line lost bytes past Nline: refuse it */
	int	raw;		/* consctl opens that turned raw on */
	int	lastcr;		/* last byte was CR: swallow a following LF */
	u32int	noteid;		/* the console's note group */
	int	nintr;		/* interrupts not yet posted */
	int	intrproc;	/* the poster kproc has been started */
	Rendez	readr;		/* readers wait for input */
	Rendez	intrr;		/* the poster waits for interrupts */
	QLock	rq;		/* one reader at a time */
} kbd;

static u64int bootepochns;	/* nanoseconds since the epoch at nsec() == 0 */

/* seconds since the epoch */
u64int
seconds(void)
{
	return (bootepochns + nsec()) / 1000000000ULL;
}

/*
 * Input, at interrupt level, under kbd.lk.
 */
static void
qput(int c)
{
	if(kbd.qw - kbd.qr < Nq)
		kbd.q[kbd.qw++ % Nq] = c;
}

/*
 * Move the edited line and its end (newline, Eofmark, or -1 for
 * none) to the readers' queue.  A line cut short, by Nline or by a queue that
 * typing ahead has filled, is refused as a whole and said so: a
 * silently cut line can leave the shell inside an open quote,
 * waiting for a rest that never comes.  The reader gets just the end,
 * so the shell prompts again.
 */
static void
commitline(int end)
{
	static char msg[] = "cons: line too long, discarded\n";
	int i;

	if(kbd.toolong || Nq - (kbd.qw - kbd.qr) < kbd.nline + 1){
		consputs(msg, sizeof msg - 1);
		kbd.nline = 0;
	}
	for(i = 0; i < kbd.nline; i++)
		qput(kbd.line[i]);
	if(end >= 0)
		qput(end);
	kbd.nline = 0;
	kbd.toolong = 0;
}

/* erase the last rune of the line, on the screen too */
static void
erase(void)
{
	if(kbd.nline == 0)
		return;
	while(kbd.nline > 0 && (kbd.line[--kbd.nline] & 0xC0) == 0x80)
		;
	consputs("\b \b", 3);
}

static void
interrupt(void)
{
	kbd.nline = 0;
	kbd.toolong = 0;
	kbd.qr = kbd.qw;
	kbd.nintr++;
}

/* edit the line with c, echoing (the console lock nests inside kbd.lk) */
static void
cooked(int c)
{
	char ch;

	switch(c){
	case CtlC:
	case Del:
		interrupt();
		return;
	case CtlH:
		erase();
		return;
	case CtlU:
		while(kbd.nline > 0)
			erase();
		kbd.toolong = 0;
		return;
	case CtlD:
		commitline(Eofmark);
		return;
	case '\n':
		consputs("\n", 1);
		commitline('\n');
		return;
	}
	if(kbd.nline >= Nline){
		kbd.toolong = 1;	/* no echo from here on: the first sign */
		return;
	}
	kbd.line[kbd.nline++] = c;
	ch = c;
	consputs(&ch, 1);
}

/* one byte of console input */
void
consinput(int c)
{
	int intr;

	ilock(&kbd.lk);
	if(c == '\r'){
		c = '\n';
		kbd.lastcr = 1;
	}else if(c == '\n' && kbd.lastcr){
		kbd.lastcr = 0;
		iunlock(&kbd.lk);
		return;
	}else
		kbd.lastcr = 0;
	if(kbd.raw)
		qput(c);
	else
		cooked(c);
	intr = kbd.nintr;
	iunlock(&kbd.lk);
	wakeup(&kbd.readr);
	if(intr)
		wakeup(&kbd.intrr);
}

static void
consnotify(void)
{
	int c;

	while((c = uartgetc()) >= 0)
		consinput(c);
}

/*
 * Interrupts: posted from a kernel process so that postnote never
 * runs at interrupt level.
 */
static int
intrpending(void*)
{
	return kbd.nintr > 0;
}

static void
intrposter(void*)
{
	u32int noteid;
	int n;

	while(waserror())
		;
	for(;;){
		sleep(&kbd.intrr, intrpending, nil);
		ilock(&kbd.lk);
		n = kbd.nintr;
		kbd.nintr = 0;
		noteid = kbd.noteid;
		iunlock(&kbd.lk);
		if(n > 0 && noteid != 0)
			postnotepg(noteid, "interrupt", NUser);
	}
}

/* the caller's note group becomes the console's */
static void
setnotegroup(void)
{
	if(up == nil || up->kp)
		return;
	ilock(&kbd.lk);
	kbd.noteid = up->noteid;
	iunlock(&kbd.lk);
}

/*
 * Reading the console.
 */
static int
canread(void*)
{
	uint i;

	if(kbd.raw)
		return kbd.qw != kbd.qr;
	for(i = kbd.qr; i != kbd.qw; i++)
		if(kbd.q[i % Nq] == '\n' || kbd.q[i % Nq] == Eofmark)
			return 1;
	return 0;
}

/*
 * Take at most n bytes: in cooked mode, at most one line, and only
 * once it is complete.  -1 if there is nothing to take yet; 0 is
 * end of file (^D on an empty line).
 */
static long
takeinput(char *buf, long n)
{
	long m;
	int c;

	ilock(&kbd.lk);
	if(!canread(nil)){
		iunlock(&kbd.lk);
		return -1;
	}
	for(m = 0; m < n && kbd.qr != kbd.qw; ){
		c = kbd.q[kbd.qr++ % Nq];
		if(!kbd.raw && c == Eofmark)
			break;
		buf[m++] = c;
		if(!kbd.raw && c == '\n')
			break;
	}
	iunlock(&kbd.lk);
	return m;
}

static long
consread(void *va, long n)
{
	char buf[256];
	long m;

	if(n <= 0)
		return 0;
	if(n > sizeof buf)
		n = sizeof buf;
	setnotegroup();
	qlock(&kbd.rq);
	if(waserror()){
		qunlock(&kbd.rq);
		nexterror();
	}
	while((m = takeinput(buf, n)) < 0)
		sleep(&kbd.readr, canread, nil);	/* returns at any wakeup: retry */
	poperror();
	qunlock(&kbd.rq);
	memmove(va, buf, m);
	return m;
}

static long
conswrite(void *va, long n)
{
	char buf[256];
	long i, m;

	for(i = 0; i < n; i += m){
		m = n - i;
		if(m > sizeof buf)
			m = sizeof buf;
		memmove(buf, (char*)va + i, m);
		consputs(buf, m);
	}
	return n;
}

static void
setraw(Chan *c, int on)
{
	ilock(&kbd.lk);
	if(on && !c->aux2){
		commitline(-1);	/* what is typed so far, unended */
		kbd.raw++;
	}else if(!on && c->aux2)
		kbd.raw--;
	iunlock(&kbd.lk);
	c->aux2 = on;
	wakeup(&kbd.readr);
}

static long
consctlwrite(Chan *c, char *va, long n)
{
	char buf[64], *f[8];
	int i, nf;

	if(n >= sizeof buf)
		error(Ebadctl);
	memmove(buf, va, n);
	buf[n] = '\0';
	nf = tokenize(buf, f, nelem(f));
	for(i = 0; i < nf; i++){
		if(strcmp(f[i], "rawon") == 0)
			setraw(c, 1);
		else if(strcmp(f[i], "rawoff") == 0)
			setraw(c, 0);
		else
			error(Ebadctl);
	}
	return n;
}

/*
 * The informational files.
 */
static long
readtime(char *va, long n, vlong off)
{
	char buf[4*24];
	u64int ticks, hz, ns;

	ticks = fastticks(&hz);
	ns = bootepochns + nsec();
	snprint(buf, sizeof buf, "%11llud %21llud %21llud %21llud ",
		ns/1000000000ULL, ns, ticks, hz);
	return readstr(off, va, n, buf);
}

/* writing a number of seconds since the epoch sets the time of day */
static long
writetime(char *va, long n)
{
	char buf[32];
	uvlong s;

	if(n <= 0 || n >= sizeof buf)
		error(Ebadarg);
	memmove(buf, va, n);
	buf[n] = '\0';
	s = strtoull(buf, nil, 0);
	bootepochns = s*1000000000ULL - nsec();
	return n;
}

static long
readswap(char *va, long n, vlong off)
{
	char buf[256];
	usize inuse, heappages;

	heapstats(&inuse, &heappages);
	snprint(buf, sizeof buf,
		"%llud memory\n%d pagesize\n%llud/%llud kernel malloc\n%llud/%llud pages free\n%llud pages paged in\n%llud pages flipped\n",
		(uvlong)pagetotalcount()*BY2PG, BY2PG,
		(uvlong)inuse, (uvlong)heappages*BY2PG,
		(uvlong)pagefreecount(), (uvlong)pagetotalcount(), (uvlong)pageincount(), (uvlong)flipcount());
	return readstr(off, va, n, buf);
}

/*
 * One line per cpu, as Plan 9's: cpu number, context switches,
 * interrupts, system calls, page faults, TLB faults, TLB purges,
 * load (thousandths), idle and interrupt time (percent).  Each
 * cpu writes only its own counters; a reader sees each number whole.
 */
static long
readsysstat(char *va, long n, vlong off)
{
	char *buf, *p, *e;
	Mach *m;
	int i;

	buf = smalloc(MAXMACH*10*NUMSIZE + 1);
	if(waserror()){
		free(buf);
		nexterror();
	}
	p = buf;
	e = buf + MAXMACH*10*NUMSIZE + 1;
	for(i = 0; i < nonline; i++){
		m = machs[i];
		p = seprint(p, e, "%11d %11llud %11llud %11llud %11llud %11llud %11llud %11llud %11llud %11llud\n",
			m->machno, m->cs, m->intr, m->syscall, m->pfault, m->tlbfault, m->tlbpurge,
			m->load/1000, m->avgidle/1000, m->avgintr/1000);
	}
	n = readstr(off, va, n, buf);
	poperror();
	free(buf);
	return n;
}

/* any write zeroes the counters, as on Plan 9 (not the averages) */
static long
writesysstat(long n)
{
	Mach *m;
	int i;

	for(i = 0; i < nonline; i++){
		m = machs[i];
		m->cs = m->intr = m->syscall = 0;
		m->pfault = m->tlbfault = m->tlbpurge = 0;
	}
	return n;
}

/* kmesg through a kernel buffer: print.c copies it under an ilock */
static long
readkmesg(char *va, long n, vlong off)
{
	char *buf;

	if(off < 0)
		error(Enegoff);
	if(n > READSTR)
		n = READSTR;
	buf = smalloc(n > 0 ? n : 1);
	if(waserror()){
		free(buf);
		nexterror();
	}
	n = kmesgread(buf, n, off);
	memmove(va, buf, n);
	poperror();
	free(buf);
	return n;
}

/* a read of a table its owner renders as text (irqalloc, mtags) */
static long
readtable(char *(*render)(char*, char*), usize size, char *va, long n, vlong off)
{
	char *buf;

	buf = smalloc(size);
	if(waserror()){
		free(buf);
		nexterror();
	}
	*render(buf, buf+size-1) = '\0';
	n = readstr(off, va, n, buf);
	poperror();
	free(buf);
	return n;
}

static long
readzero(char *va, long n)
{
	memset(va, 0, n);
	return n;
}

static void
reboot(char *va, long n)
{
	char buf[32];

	if(n >= sizeof buf)
		error(Ebadctl);
	memmove(buf, va, n);
	buf[n] = '\0';
	if(n > 0 && buf[n-1] == '\n')
		buf[n-1] = '\0';
	if(strcmp(buf, "halt") == 0){
		print("9q: halted\n");
		archpoweroff();		/* under QEMU this ends the session */
	}
	if(strcmp(buf, "reboot") != 0 && buf[0] != '\0')
		error(Ebadctl);
	print("9q: rebooting\n");
	archreboot();
}

/*
 * The device.
 */
static void
consinit(void)
{
	bootepochns = rtcseconds()*1000000000ULL;
	uartsetnotify(consnotify);
}

static Chan*
consattach(char *spec)
{
	int start;

	ilock(&kbd.lk);
	start = !kbd.intrproc;
	kbd.intrproc = 1;
	iunlock(&kbd.lk);
	if(start)
		kproc("consintr", intrposter, nil);
	return devattach('c', spec);
}

static Walkqid*
conswalk(Chan *c, Chan *nc, char **name, int nname)
{
	return devwalk(c, nc, name, nname, consdir, nelem(consdir), devgen);
}

static int
consstat(Chan *c, uchar *dp, int n)
{
	return devstat(c, dp, n, consdir, nelem(consdir), devgen);
}

static Chan*
consopen(Chan *c, int omode)
{
	c->aux2 = 0;
	c = devopen(c, omode, consdir, nelem(consdir), devgen);
	if(c->qid.path == Qcons)
		setnotegroup();
	return c;
}

static void
consclose(Chan *c)
{
	if(c->qid.path == Qconsctl && (c->flag & COPEN) && c->aux2)
		setraw(c, 0);
}

static long
consreadq(Chan *c, void *va, long n, vlong off)
{
	switch((int)c->qid.path){
	case Qdir:
		return devdirread(c, va, n, consdir, nelem(consdir), devgen);
	case Qcons:
		return consread(va, n);
	case Qhostowner:
	case Quser:
		return readstr(off, va, n, c->qid.path == Quser && up->user != nil ? up->user : eve);
	case Qirqalloc:
		return readtable(irqalloc, READSTR, va, n, off);
	case Qmtags:
		return readtable(mtagsprint, MTAGSLEN, va, n, off);
	case Qkmesg:
		return readkmesg(va, n, off);
	case Qnull:
		return 0;
	case Qosversion:
		return readstr(off, va, n, "9q 1");
	case Qpid:
		return readnum(off, va, n, up->pid, NUMSIZE);
	case Qppid:
		return readnum(off, va, n, up->parentpid, NUMSIZE);
	case Qswap:
		return readswap(va, n, off);
	case Qsysstat:
		return readsysstat(va, n, off);
	case Qsysname:
		return readstr(off, va, n, sysname);
	case Qtime:
		return readtime(va, n, off);
	case Qzero:
		return readzero(va, n);
	}
	error(Egreg);
}

static long
conswriteq(Chan *c, void *va, long n, vlong)
{
	switch((int)c->qid.path){
	case Qcons:
		return conswrite(va, n);
	case Qconsctl:
		return consctlwrite(c, va, n);
	case Qnull:
		return n;
	case Qreboot:
		reboot(va, n);
		return n;
	case Qtime:
		return writetime(va, n);
	case Qsysstat:
		return writesysstat(n);
	}
	error(Eperm);
}

Dev consdevtab = {
	'c',
	"cons",
	devreset,
	consinit,
	devshutdown,
	consattach,
	conswalk,
	consstat,
	consopen,
	devcreate,
	consclose,
	consreadq,
	conswriteq,
	devremove,
	devwstat,
};
