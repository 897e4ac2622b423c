/*
 * Process system calls: rfork, exec, exits, await, alarm, sleep,
 * brk, notify/noted, rendezvous, errstr, nsec; and the first user
 * process.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

enum {
	Maxargs		= 128*1024,	/* bytes of exec arguments */
	Maxargc		= 8192,
	Maxphdr		= NLOAD,
	Flagif		= 0x200,

	/* ELF64 */
	Ehdrsize	= 64,
	Phdrsize	= 56,
	EMx8664		= 62,
	ETexec		= 2,
	PTload		= 1,
	PFw		= 2,
};

typedef struct Ehdr Ehdr;
typedef struct Phdr Phdr;

struct Ehdr {
	uchar	ident[16];
	u16int	type;
	u16int	machine;
	u32int	version;
	u64int	entry;
	u64int	phoff;
	u64int	shoff;
	u32int	flags;
	u16int	ehsize;
	u16int	phentsize;
	u16int	phnum;
	u16int	shentsize;
	u16int	shnum;
	u16int	shstrndx;
};

struct Phdr {
	u32int	type;
	u32int	flags;
	u64int	offset;
	u64int	vaddr;
	u64int	paddr;
	u64int	filesz;
	u64int	memsz;
	u64int	align;
};

/*
 * rfork
 */

/* without RFPROC: new or copied groups for the calling process */
static void
changegroups(int flag)
{
	Fgrp *ofg;
	Pgrp *opg;
	Egrp *oeg;
	Rgrp *org;

	if(flag & (RFFDG|RFCFDG)){
		ofg = up->fgrp;
		up->fgrp = dupfgrp((flag & RFFDG) ? ofg : nil);
		if(ofg != nil)
			closefgrp(ofg);
	}
	if(flag & (RFNAMEG|RFCNAMEG)){
		opg = up->pgrp;
		up->pgrp = newpgrp();
		if(opg != nil){
			if(flag & RFNAMEG)
				pgrpcpy(up->pgrp, opg);
			up->pgrp->noattach = opg->noattach;
			closepgrp(opg);
		}
	}
	if((flag & RFNOMNT) && up->pgrp != nil)
		up->pgrp->noattach = 1;
	if(flag & RFREND){
		org = up->rgrp;
		up->rgrp = newrgrp();
		if(org != nil)
			closergrp(org);
	}
	if(flag & (RFENVG|RFCENVG)){
		oeg = up->egrp;
		up->egrp = newegrp();
		if(oeg != nil){
			if(flag & RFENVG)
				envcpy(up->egrp, oeg);
			closeegrp(oeg);
		}
	}
	if(flag & RFNOTEG)
		up->noteid = newnoteid();
}

/* the child's groups, shared with or copied from up's */
static void
forkgroups(Proc *p, int flag)
{
	if(flag & (RFFDG|RFCFDG))
		p->fgrp = dupfgrp((flag & RFFDG) ? up->fgrp : nil);
	else if(up->fgrp != nil){
		incref(&up->fgrp->ref);
		p->fgrp = up->fgrp;
	}
	if(flag & (RFNAMEG|RFCNAMEG)){
		p->pgrp = newpgrp();
		if(up->pgrp != nil){
			if(flag & RFNAMEG)
				pgrpcpy(p->pgrp, up->pgrp);
			p->pgrp->noattach = up->pgrp->noattach;
		}
	}else if(up->pgrp != nil){
		incref(&up->pgrp->ref);
		p->pgrp = up->pgrp;
	}
	if((flag & RFNOMNT) && p->pgrp != nil)
		p->pgrp->noattach = 1;
	if(flag & (RFENVG|RFCENVG)){
		p->egrp = newegrp();
		if((flag & RFENVG) && up->egrp != nil)
			envcpy(p->egrp, up->egrp);
	}else if(up->egrp != nil){
		incref(&up->egrp->ref);
		p->egrp = up->egrp;
	}
	if(flag & RFREND)
		p->rgrp = newrgrp();
	else if(up->rgrp != nil){
		incref(&up->rgrp->ref);
		p->rgrp = up->rgrp;
	}
	if(up->slash != nil){
		incref(&up->slash->ref);
		p->slash = up->slash;
	}
	if(up->dot != nil){
		incref(&up->dot->ref);
		p->dot = up->dot;
	}
}

/* undo a child that never ran */
static void
forkfail(Proc *p)
{
	int i;

	if(p->fgrp != nil)
		closefgrp(p->fgrp);
	if(p->pgrp != nil)
		closepgrp(p->pgrp);
	if(p->egrp != nil)
		closeegrp(p->egrp);
	if(p->rgrp != nil)
		closergrp(p->rgrp);
	if(p->slash != nil)
		cclose(p->slash);
	if(p->dot != nil)
		cclose(p->dot);
	for(i = 0; i < NSEG; i++)
		putseg(p->seg[i]);
	if(p->pml4 != nil)
		mmurelease(p);
	free(p->text);
	free(p->user);
	free(p->args);
	procfree(p);
}

static char*
kstrdup(char *s)
{
	char *t;

	if(s == nil)
		return nil;
	t = strdup(s);
	if(t == nil)
		error(Enomem);
	return t;
}

/*
 * The pages p's segments now share with up's copy-on-write must be
 * read-only for up and for any other process using those segments.
 */
static void
cowflush(Proc *p)
{
	int i, cow;

	cow = 0;
	for(i = 0; i < NSEG; i++)
		if(p->seg[i] != nil && p->seg[i] != up->seg[i]){
			cow = 1;
			if(up->seg[i]->ref.ref > 1)
				procflushseg(up->seg[i]);
		}
	if(cow)
		mmuflush();
}

uintptr
sysrfork(uintptr *arg)
{
	Proc *p;
	Ureg *u;
	int flag, pid, i;

	flag = arg[0];
	if((flag & (RFFDG|RFCFDG)) == (RFFDG|RFCFDG)
	|| (flag & (RFNAMEG|RFCNAMEG)) == (RFNAMEG|RFCNAMEG)
	|| (flag & (RFENVG|RFCENVG)) == (RFENVG|RFCENVG))
		error(Ebadarg);
	if((flag & RFPROC) == 0){
		if(flag & (RFMEM|RFNOWAIT))
			error(Ebadarg);
		changegroups(flag);
		return 0;
	}
	p = newproc();
	if(waserror()){
		forkfail(p);
		nexterror();
	}
	p->kp = 0;
	p->text = kstrdup(up->text);
	p->user = kstrdup(up->user);
	if(up->args != nil && up->nargs > 0){
		p->args = malloc(up->nargs);
		if(p->args == nil)
			error(Enomem);
		memmove(p->args, up->args, up->nargs);
		p->nargs = up->nargs;
	}
	p->noteid = (flag & RFNOTEG) ? newnoteid() : up->noteid;
	p->notify = up->notify;
	forkgroups(p, flag);

	qlock(&up->seglock);
	if(waserror()){
		qunlock(&up->seglock);
		nexterror();
	}
	for(i = 0; i < NSEG; i++)
		p->seg[i] = dupseg(up->seg[i], (flag & RFMEM) != 0);
	poperror();
	cowflush(p);
	qunlock(&up->seglock);
	newaddrspace(p);

	/* the child returns from the same system call, with 0 */
	fpufork(p);
	u = (Ureg*)((uintptr)p->kstack + KSTACK - sizeof(Ureg));
	*u = *up->dbgreg;
	u->ax = 0;
	p->dbgreg = u;
	p->sched.sp = (uintptr)u;
	p->sched.pc = (uintptr)forkret;
	poperror();

	if((flag & RFNOWAIT) == 0){
		p->parent = up;
		p->parentpid = up->pid;
		lock(&up->exl);
		up->nchild++;
		unlock(&up->exl);
	}
	pid = p->pid;
	ready(p);
	return pid;
}

/*
 * exec
 */
static void
readhdr(Chan *c, void *a, long n, vlong off)
{
	if(readfull(c, a, n, off) != n)
		error(Ebadexec);
}

static int
validhdr(Ehdr *e)
{
	return memcmp(e->ident, "\x7F" "ELF", 4) == 0
		&& e->ident[4] == 2		/* 64-bit */
		&& e->ident[5] == 1		/* little-endian */
		&& e->type == ETexec
		&& e->machine == EMx8664
		&& e->phentsize == Phdrsize
		&& e->phnum > 0 && e->phnum <= Maxphdr;
}

/* a loadable segment must lie in user space, below the stack */
static int
validload(Phdr *p)
{
	u64int end;

	end = p->vaddr + p->memsz;
	return p->filesz <= p->memsz && end >= p->vaddr && p->offset + p->filesz >= p->offset
		&& p->vaddr >= UTZERO && end <= USTKTOP - USTKSIZE;
}

typedef struct Exec Exec;
struct Exec {
	Segment	*seg[NSEG];
	Image	*image;		/* the binary, for the segments to page in from */
	uintptr	entry;
	uintptr	sp;
};

/* a segment of ex's binary, to be filled from it on demand */
static Segment*
imageseg(Exec *ex, int type, uintptr base, uintptr top)
{
	Segment *s;

	s = newseg(type, base, top);
	s->image = ex->image;
	incref(&ex->image->ref);
	return s;
}

/*
 * Make text and data segments of an ELF64 executable: the read-only
 * PT_LOADs make the text, the writable ones data+bss.  Only the
 * headers are read now; the pages come from the file as they are
 * touched (fault, segment.c).  A text another process is running
 * from the same file (the image cache) is shared instead.
 */
static void
loadelf(Chan *c, Exec *ex)
{
	Ehdr e;
	Phdr ph[Maxphdr], *p;
	Load *l;
	uintptr tbase, ttop, dbase, dtop, va;
	vlong len;

	readhdr(c, &e, sizeof e, 0);
	if(!validhdr(&e))
		error(Ebadexec);
	readhdr(c, ph, e.phnum * sizeof(Phdr), e.phoff);
	len = chanlength(c);	/* a short binary fails here, not at a fault */
	ex->image = newimage(c);
	tbase = dbase = ~(uintptr)0;
	ttop = dtop = 0;
	for(p = ph; p < ph + e.phnum; p++){
		if(p->type != PTload || p->memsz == 0)
			continue;
		if(!validload(p) || p->offset + p->filesz > len)
			error(Ebadexec);
		l = &ex->image->load[ex->image->nload++];
		l->va = p->vaddr;
		l->off = p->offset;
		l->n = p->filesz;
		va = p->vaddr & ~(uintptr)(BY2PG-1);
		if(p->flags & PFw){
			if(va < dbase)
				dbase = va;
			if(PGROUND(p->vaddr + p->memsz) > dtop)
				dtop = PGROUND(p->vaddr + p->memsz);
		}else{
			if(va < tbase)
				tbase = va;
			if(PGROUND(p->vaddr + p->memsz) > ttop)
				ttop = PGROUND(p->vaddr + p->memsz);
		}
	}
	if(ttop == 0 || e.entry < tbase || e.entry >= ttop)
		error(Ebadexec);
	if(dtop == 0)
		dbase = dtop = ttop;		/* no data: an empty heap after the text */
	if(dbase < ttop && dtop > tbase)
		error(Ebadexec);		/* text and data share a page */

	ex->seg[DSEG] = imageseg(ex, SG_DATA, dbase, dtop);
	ex->seg[TSEG] = imagetext(c, tbase, ttop);
	if(ex->seg[TSEG] == nil){
		ex->seg[TSEG] = imageseg(ex, SG_TEXT, tbase, ttop);
		imageadd(c, ex->seg[TSEG]);
	}
	ex->entry = e.entry;
}

/*
 * The initial stack, from the top: the strings, then (16-byte
 * aligned) argc, argv[0..argc-1], nil.
 */
static void
buildstack(Exec *ex, char **argv, int argc)
{
	Segment *s;
	uintptr str, sp, *v;
	usize n;
	int i;

	s = newseg(SG_STACK, USTKTOP - USTKSIZE, USTKTOP);
	ex->seg[SSEG] = s;
	v = malloc((argc+2) * sizeof(uintptr));
	if(v == nil)
		error(Enomem);
	str = USTKTOP;
	for(i = argc-1; i >= 0; i--){
		n = strlen(argv[i]) + 1;
		str -= n;
		segwrite(s, str, argv[i], n);
		v[1+i] = str;
	}
	v[0] = argc;
	v[argc+1] = 0;
	sp = (str - (argc+2)*sizeof(uintptr)) & ~(uintptr)15;
	segwrite(s, sp, v, (argc+2)*sizeof(uintptr));
	free(v);
	ex->sp = sp;
}

static void
closeexec(void)
{
	Fgrp *f;
	Chan *c;
	int i;

	f = up->fgrp;
	if(f == nil)
		return;
	for(i = 0; ; i++){
		lock(&f->lk);
		if(i >= f->nfd){
			unlock(&f->lk);
			break;
		}
		c = f->fd[i];
		if(c != nil && (c->flag & CCEXEC))
			f->fd[i] = nil;
		else
			c = nil;
		unlock(&f->lk);
		if(c != nil)
			cclose(c);
	}
}

static void
setargs(char *path, char **argv, int argc)
{
	char *name, *a, *p;
	int i, n;

	name = strrchr(path, '/');
	name = kstrdup(name != nil ? name+1 : path);
	n = 0;
	for(i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	a = malloc(n ? n : 1);
	if(a == nil){
		free(name);
		error(Enomem);
	}
	p = a;
	for(i = 0; i < argc; i++)
		p = strecpy(p, a+n, argv[i]) + 1;
	free(up->text);
	up->text = name;
	free(up->args);
	up->args = a;
	up->nargs = n;
}

/* does exec keep s?  Segments attached without SG_CEXEC stay, as in Plan 9 */
static int
execkeeps(Segment *s, int i)
{
	return i >= ESEG && s != nil && (s->type & SG_CEXEC) == 0;
}

/* the segments exec keeps must not overlap the new program's */
static void
checkkept(Exec *ex)
{
	Segment *s, *n;
	int i, j;

	for(i = ESEG; i < NSEG; i++){
		s = up->seg[i];
		if(!execkeeps(s, i))
			continue;
		for(j = 0; j < ESEG; j++){
			n = ex->seg[j];
			if(n != nil && s->base < n->top && s->top > n->base)
				error(Esoverlap);
		}
	}
}

/*
 * Replace up's program by the executable at path, with the given
 * arguments (kernel strings).  On success the registers in
 * up->dbgreg start the new program; on error nothing has changed.
 */
void
kexec(char *path, char **argv, int argc)
{
	Exec ex;
	Chan *c;
	Segment *old[NSEG];
	Ureg *u;
	int i;

	imageclose();
	memset(&ex, 0, sizeof ex);
	c = namec(path, Aopen, OEXEC, 0);
	if(waserror()){
		for(i = 0; i < NSEG; i++)
			putseg(ex.seg[i]);
		putimage(ex.image, 0);
		cclose(c);
		nexterror();
	}
	loadelf(c, &ex);
	buildstack(&ex, argv, argc);
	checkkept(&ex);
	setargs(path, argv, argc);
	newaddrspace(up);		/* the last step that can fail */
	poperror();
	putimage(ex.image, 0);		/* the segments hold it now */
	cclose(c);

	/* the point of no return */
	qlock(&up->seglock);
	for(i = 0; i < NSEG; i++){
		old[i] = up->seg[i];
		if(execkeeps(old[i], i))
			old[i] = nil;
		else
			up->seg[i] = ex.seg[i];
	}
	qunlock(&up->seglock);
	for(i = 0; i < NSEG; i++)
		putseg(old[i]);
	closeexec();
	up->notify = 0;
	up->notified = 0;
	fpureset(up);

	u = up->dbgreg;
	memset(u, 0, sizeof *u);
	u->ip = ex.entry;
	u->sp = ex.sp;
	u->cs = UESEL;
	u->ss = UDSEL;
	u->flags = Flagif;
}

uintptr
sysexec(uintptr *arg)
{
	char *path, *s, *e;
	char *volatile buf, **volatile argv;	/* set after waserror: see namec */
	uintptr a, ap;
	usize n, total;
	int argc, i;

	path = validnamedup((char*)arg[0], 1);
	buf = nil;
	argv = nil;
	if(waserror()){
		free(path);
		free(buf);
		free(argv);
		nexterror();
	}
	/* count and measure the arguments, then copy them */
	total = 0;
	for(argc = 0; ; argc++){
		if(argc >= Maxargc)
			error(Etoobig);
		copyin(&ap, arg[1] + argc*sizeof(uintptr), sizeof ap);
		if(ap == 0)
			break;
		e = vmemchr((void*)ap, 0, Maxargs - total);
		if(e == nil)
			error(Etoobig);
		total += e - (char*)ap + 1;
	}
	buf = malloc(total ? total : 1);
	argv = malloc((argc+1) * sizeof(char*));
	if(buf == nil || argv == nil)
		error(Enomem);
	s = buf;
	for(i = 0; i < argc; i++){
		copyin(&ap, arg[1] + i*sizeof(uintptr), sizeof ap);
		a = ap;
		e = vmemchr((void*)a, 0, buf + total - s);
		if(e == nil)
			error(Ebadarg);	/* changed under us */
		n = e - (char*)a + 1;
		memmove(s, (void*)a, n);
		argv[i] = s;
		s += n;
	}
	argv[argc] = nil;
	kexec(path, argv, argc);
	poperror();
	free(path);
	free(buf);
	free(argv);
	return 0;
}

/*
 * exits, await
 */
uintptr
sysexits(uintptr *arg)
{
	char buf[ERRMAX], *status, *e;

	status = (char*)arg[0];
	if(status != nil){
		if(waserror())
			status = "invalid exit string";
		else{
			e = vmemchr(status, 0, ERRMAX);
			if(e == nil){
				memmove(buf, status, ERRMAX-1);
				buf[ERRMAX-1] = '\0';
			}else
				memmove(buf, status, e - status + 1);
			status = buf;
			poperror();
		}
	}
	pexit(status, 1);
}

static int
haswaitq(void *a)
{
	Proc *p;

	p = a;
	return p->waitq != nil || p->nchild == 0;
}

uintptr
sysawait(uintptr *arg)
{
	char buf[ERRMAX+64];
	Waitq *wq;
	usize n, m;

	n = arg[1];
	if(n == 0)
		error(Ebadarg);
	validaddr(arg[0], n, 1);
	lock(&up->exl);
	if(up->nchild == 0 && up->waitq == nil){
		unlock(&up->exl);
		error(Enochild);
	}
	unlock(&up->exl);

	qlock(&up->qwaitr);
	if(waserror()){
		qunlock(&up->qwaitr);
		nexterror();
	}
	while(!haswaitq(up))
		sleep(&up->waitr, haswaitq, up);	/* may return early */
	lock(&up->exl);
	wq = up->waitq;
	if(wq != nil){
		up->waitq = wq->next;
		up->nwait--;
	}
	unlock(&up->exl);
	poperror();
	qunlock(&up->qwaitr);
	if(wq == nil)
		error(Enochild);

	m = snprint(buf, sizeof buf, "%d %lud %lud %lud %q", wq->w.pid,
		(ulong)wq->w.time[0], (ulong)wq->w.time[1], (ulong)wq->w.time[2], wq->w.msg);
	free(wq);
	if(m >= n)
		m = n-1;
	buf[m] = '\0';
	copyout(arg[0], buf, m+1);
	return m;
}

/*
 * alarm, sleep
 */
uintptr
sysalarm(uintptr *arg)
{
	u64int now, old;
	ulong ms;

	ms = arg[0];
	now = nsec();
	old = up->alarm;
	if(ms == 0)
		up->alarm = 0;
	else{
		up->alarm = now + (u64int)ms*1000000;
		setalarmtime(up->alarm);
	}
	if(old == 0 || old <= now)
		return 0;
	return (old - now) / 1000000;
}

uintptr
syssleep(uintptr *arg)
{
	long ms;

	ms = arg[0];
	if(ms <= 0){
		yield();
		return 0;
	}
	tsleep(&up->sleep, return0, nil, ms);
	return 0;
}

/*
 * Memory
 */
uintptr
sysbrk_(uintptr *arg)
{
	return ibrk(arg[0], DSEG);
}

/* segbrk(saddr, addr): move the end of the segment holding saddr */
uintptr
syssegbrk(uintptr *arg)
{
	int i;

	for(i = 0; i < NSEG; i++)
		if(up->seg[i] != nil && arg[0] >= up->seg[i]->base && arg[0] < up->seg[i]->top)
			return ibrk(arg[1], i);
	error(Ebadarg);
}

uintptr
syssegattach(uintptr *arg)
{
	char *class;
	uintptr va;

	class = validnamedup((char*)arg[1], 0);
	if(waserror()){
		free(class);
		nexterror();
	}
	va = segattach(arg[0], class, arg[2], arg[3]);
	poperror();
	free(class);
	return va;
}

uintptr
syssegdetach(uintptr *arg)
{
	segdetach(arg[0]);
	return 0;
}

uintptr
syssegfree(uintptr *arg)
{
	segfree(arg[0], arg[1]);
	return 0;
}

/*
 * Notes
 */
uintptr
sysnotify(uintptr *arg)
{
	if(arg[0] != 0 && !okaddr(arg[0], 1, 0))
		error(Ebadarg);
	up->notify = arg[0];
	return 0;
}

/* the work is done by noted() after the return value is set (syscall.c) */
uintptr
sysnoted(uintptr *arg)
{
	if(arg[0] != NRSTR && !up->notified)
		error(Egreg);
	return 0;
}

/*
 * rendezvous(tag, value): the first process to arrive with a tag
 * waits; the second exchanges values with it and both go on.
 */
static int
rendezdone(void *a)
{
	Proc *p;

	p = a;
	return p->rendtag == ~(uintptr)0;
}

uintptr
sysrendezvous(uintptr *arg)
{
	Rgrp *rg;
	Proc *p, **l;
	uintptr tag, val;

	rg = up->rgrp;
	if(rg == nil)
		error(Egreg);
	tag = arg[0];
	if(tag == ~(uintptr)0)
		error(Ebadarg);
	lock(&rg->lk);
	l = &rg->rendhash[tag % RENDHASH];
	for(p = *l; p != nil; l = &p->rendhash, p = p->rendhash)
		if(p->rendtag == tag){
			*l = p->rendhash;
			val = p->rendval;
			p->rendval = arg[1];
			p->rendtag = ~(uintptr)0;	/* matched */
			unlock(&rg->lk);
			wakeup(&p->sleep);
			return val;
		}
	up->rendtag = tag;
	up->rendval = arg[1];
	up->rendhash = *l;
	*l = up;
	unlock(&rg->lk);

	if(waserror()){
		/* interrupted: leave the hash unless a partner already came */
		lock(&rg->lk);
		if(up->rendtag != ~(uintptr)0){
			for(l = &rg->rendhash[tag % RENDHASH]; *l != nil; l = &(*l)->rendhash)
				if(*l == up){
					*l = up->rendhash;
					break;
				}
			unlock(&rg->lk);
			nexterror();
		}
		unlock(&rg->lk);
		return up->rendval;
	}
	sleep(&up->sleep, rendezdone, up);
	poperror();
	return up->rendval;
}

/*
 * errstr(buf, n): swap the user's string with the process's error
 * string.
 */
uintptr
syserrstr(uintptr *arg)
{
	char tmp[ERRMAX];
	usize n, m;

	n = arg[1];
	if(n == 0)
		error(Ebadarg);
	if(n > ERRMAX)
		n = ERRMAX;
	validaddr(arg[0], n, 1);
	memmove(tmp, (void*)arg[0], n);
	tmp[n-1] = '\0';
	m = strlen(up->syserrstr);
	if(m > n-1)
		m = n-1;
	memmove((void*)arg[0], up->syserrstr, m);
	((char*)arg[0])[m] = '\0';
	strecpy(up->syserrstr, up->syserrstr+ERRMAX, tmp);
	return 0;
}

/*
 * Nanoseconds since the epoch.  The boot time of day is a whole
 * number of seconds (devcons reads the RTC), so the epoch seconds
 * and the fraction of nsec() make it exact.
 */
uintptr
sysnsec(uintptr*)
{
	u64int ns;

	ns = nsec();
	return seconds()*1000000000ULL + ns % 1000000000ULL;
}

/*
 * The first process: in the kernel, build the name space root
 * and exec /bin/init; then leave for user mode.
 */
static void
init0(void)
{
	char *argv[2];
	Ureg *u;

	spllo();
	up->slash = namec("#/", Atodir, 0, 0);
	pathclose(up->slash->path);
	up->slash->path = newpath("/");
	up->dot = cclone(up->slash);
	confenv();
	argv[0] = "init";
	argv[1] = nil;
	if(waserror())
		panic("init0: cannot exec /bin/init: %s", up->errstr);
	kexec("/bin/init", argv, 1);
	poperror();
	u = up->dbgreg;
	touser(u->sp, u->ip);
}

void
userinit(void)
{
	Proc *p;

	p = newproc();
	p->kp = 0;
	p->text = kstrdup("*init*");
	p->user = kstrdup(eve);
	p->pgrp = newpgrp();
	p->egrp = newegrp();
	p->fgrp = dupfgrp(nil);
	p->rgrp = newrgrp();
	p->dbgreg = (Ureg*)((uintptr)p->kstack + KSTACK - sizeof(Ureg));
	p->sched.sp = kstackbase(p) - 8;
	p->sched.pc = (uintptr)init0;
	ready(p);
}
