/*
 * Portable kernel functions, grouped by file (as Plan 9's portfns.h).
 */
#pragma once

/* l.S */
int	setlabel(Label*) __attribute__((returns_twice));
void	gotolabel(Label*) __attribute__((noreturn));
void	forkret(void);		/* first return to user mode of a new process */

/* lock.c */
void	lock(Lock*);
void	unlock(Lock*);
int	canlock(Lock*);
void	ilock(Lock*);
void	iunlock(Lock*);

/* malloc.c */
usize	msize(void*);
void	heapstats(usize *inuse, usize *pages);

/* page.c */
void	pageinit(void);
void	pageaddrange(uintptr base, uintptr end);
uintptr	pagealloc(int order);
void	pagefree(uintptr pa, int order);
uintptr	pagealloc1(void);
void	pagefree1(uintptr pa);
usize	pagefreecount(void);
usize	pagetotalcount(void);
uintptr	pageblock(uintptr pa, int *order);
uintptr	pagerunalloc(usize npages);
void	pagerunfree(uintptr pa);
usize	pagerunsize(uintptr pa);
void	pageincref(uintptr pa);
int	pageshare(uintptr pa);
void	pageput(uintptr pa);
int	pageusers(uintptr pa);
int	pagesole(uintptr pa);
void	pagepin(uintptr pa);
void	pageunpin(uintptr pa);

/* pci.c, virtio/virtio.c, virtio/vrng.c (the rest with their types in pci.h, virtio.h) */
void	pciinit(void);
void	virtioinit(void);
int	vrngpresent(void);
long	vrngread(void*, long);

/* print.c */
int	print(char*, ...);
int	iprint(char*, ...);
void	panic(char*, ...);
void	consputs(char*, int);
long	kmesgread(char*, long, u64int);

/* smalloc.c */
void*	smalloc(usize);		/* waits, then errors Enomem in a user process */

/* chan.c */
Chan*	newchan(void);
Chan*	cclone(Chan*);
void	cclose(Chan*);
void	ccloseq(Chan*);
int	eqqid(Qid, Qid);
int	eqchan(Chan*, Chan*, int);
int	eqchantdqid(Chan*, int, int, Qid, int);
Chan*	namec(char*, int, int, u32int);
void	ksetenv(char*, char*);
Chan*	fdtochan(int, int, int, int);
int	cmount(Chan**, Chan*, int, char*);
void	cunmount(Chan*, Chan*);
int	findmount(Chan**, Mhead**, int, int, Qid);
int	walk(Chan**, char**, int, int, int*);
Path*	newpath(char*);
void	pathclose(Path*);
char*	chanpath(Chan*);
vlong	chanlength(Chan*);		/* sysfile.c */
void	isdir(Chan*);
void	validname(char*, int);
void	validstat(uchar*, int);
Chan*	createdir(Chan*, Mhead*);
void	putmhead(Mhead*);
Mhead*	newmhead(Chan*);
Mount*	newmount(Mhead*, Chan*, int, char*);
void	mountfree(Mount*);
char*	skipslash(char*);
void	nameerror(char*, char*);
void	cinit(void);
void	mntclose(Chan*);

/* dev.c */
void	devinit(void);
void	devreset(void);
void	devshutdown(void);
int	devno(int, int);
Chan*	devattach(int, char*);
Chan*	devclone(Chan*);
Walkqid*	devwalk(Chan*, Chan*, char**, int, Dirtab*, int, Devgen*);
int	devstat(Chan*, uchar*, int, Dirtab*, int, Devgen*);
Chan*	devopen(Chan*, int, Dirtab*, int, Devgen*);
void	devcreate(Chan*, char*, int, u32int);
void	devremove(Chan*);
int	devwstat(Chan*, uchar*, int);
long	devdirread(Chan*, char*, long, Dirtab*, int, Devgen*);
void	devdir(Chan*, Qid, char*, vlong, char*, long, Dir*);
int	devgen(Chan*, char*, Dirtab*, int, int, Dir*);
void	devpermcheck(char*, u32int, int);
void	mkqid(Qid*, vlong, u32int, int);
int	openmode(int);
long	readstr(u64int, char*, long, char*);
long	readnum(u64int, char*, long, u64int, int);

/* error.c / proc.c */
void	error(char*) __attribute__((noreturn));
void	nexterror(void) __attribute__((noreturn));
void	errorf(char*, ...) __attribute__((noreturn));

/* pgrp.c */
Pgrp*	newpgrp(void);
void	closepgrp(Pgrp*);
void	pgrpcpy(Pgrp*, Pgrp*);
Fgrp*	dupfgrp(Fgrp*);
void	closefgrp(Fgrp*);
Egrp*	newegrp(void);
void	envcpy(Egrp*, Egrp*);
void	closeegrp(Egrp*);
Rgrp*	newrgrp(void);
void	closergrp(Rgrp*);
int	newfd(Chan*);
Chan*	fdreplace(int, Chan*);	/* put a Chan at an fd (dup), returning what was there */
Chan*	fdclear(int);		/* take the Chan out of an fd (close); error if none */

/* proc.c */
void	procinit(void);
void	schedinit(void) __attribute__((noreturn));
void	sched(void);
void	ready(Proc*);
void	pollsoon(void);
Proc*	newproc(void);
void	procfree(Proc*);
void	kproc(char*, void (*)(void*), void*);
void	sleep(Rendez*, int (*)(void*), void*);
void	tsleep(Rendez*, int (*)(void*), void*, ulong ms);
int	return0(void*);
Proc*	wakeup(Rendez*);
int	postnote(Proc*, int, char*, int);
void	pexit(char*, int) __attribute__((noreturn));
Proc*	pidlookup(int);
Proc*	proctab(int);		/* slot i, 0 <= i < nprocs(); nil or Dead if unused */
int	nprocs(void);		/* number of proc table slots */
void	procwalkall(void (*)(Proc*, void*), void*);
void	killbig(void);
void	hzsched(void);		/* from the clock interrupt */
void	yield(void);
void	accounttime(void);
void	kproftick(uintptr);	/* from the clock interrupt: the pc it found */
int	anyready(void);
void	interrupted(void) __attribute__((noreturn));
void	incref(Ref*);
int	increfnz(Ref*);		/* incref unless the count is already 0 */
long	decref(Ref*);
u32int	newnoteid(void);
uintptr	kstackbase(Proc*);	/* initial kernel sp of a new process, below its syscall Ureg */
void	setalarmtime(u64int ns);	/* an alarm is due at ns (nsec()) */

/* qlock.c */
void	qlock(QLock*);
void	qunlock(QLock*);
int	canqlock(QLock*);
void	rlock(RWlock*);
void	runlock(RWlock*);
void	wlock(RWlock*);
void	wunlock(RWlock*);

/* segment.c: user address spaces */
void	procflushseg(Segment*);	/* proc.c */
Segment*	newseg(int type, uintptr base, uintptr top);
void	putseg(Segment*);
Segment*	dupseg(Segment*, int share);
Segment*	seg(Proc*, uintptr, int);
int	fault(uintptr addr, int write, int user);
void	validaddr(uintptr, usize, int write);
int	segpin(uintptr, usize, int write, Zbuf*);
int	segflip(uintptr, uintptr*, int);
int	zpages(Zbuf*, uintptr*, int, usize);
void	segunpin(Zbuf*);
Segment*	imagetext(Chan*, uintptr base, uintptr top);
Image*	newimage(Chan*);
void	putimage(Image*, int queued);
void	imageclose(void);
u64int	pageincount(void);
u64int	flipcount(void);
long	readfull(Chan*, void*, long, vlong);
void	imageadd(Chan*, Segment*);
uintptr	segattach(int attr, char *class, uintptr va, usize len);
void	segdetach(uintptr addr);
void	segfree(uintptr va, usize len);
void	zgather(Zbuf*, usize off, void *a, usize n);
void	zscatter(Zbuf*, usize off, void *a, usize n);
void*	vmemchr(void*, int, usize);
void	copyin(void *dst, uintptr usrc, usize n);
void	copyout(uintptr udst, void *src, usize n);
char*	validnamedup(char*, int);
int	okaddr(uintptr, usize, int);
long	ibrk(uintptr, int);
void	segwrite(Segment*, uintptr va, void*, usize);	/* fill a segment not yet in use */

/* the arch's system call entry and return to user mode (pc64/syscall.c) */
void	syscall(Ureg*);
void	notify(Ureg*);
int	userureg(Ureg*);
void	noted(Ureg*, uintptr);
void	returnuser(Ureg*);	/* every return to user mode: preempt, deliver notes */

/* systab.c */
uintptr	sysr1(uintptr*);
extern Syscall	*systab[NSYSCALL];

/* sysproc.c: system calls take arg[0..5] and return the result */
void	userinit(void);		/* the first user process: /bin/init */
void	kexec(char *path, char **argv, int argc);	/* exec with kernel strings, into up->dbgreg */
long	unionread(Chan*, void*, long);	/* a directory read across a union (sysfile.c) */
uintptr	sysrfork(uintptr*);
uintptr	sysexec(uintptr*);
uintptr	sysexits(uintptr*);
uintptr	sysawait(uintptr*);
uintptr	sysalarm(uintptr*);
uintptr	syssleep(uintptr*);
uintptr	sysbrk_(uintptr*);
uintptr	syssegbrk(uintptr*);
uintptr	syssegattach(uintptr*);
uintptr	syssegdetach(uintptr*);
uintptr	syssegfree(uintptr*);
uintptr	sysnotify(uintptr*);
uintptr	sysnoted(uintptr*);
uintptr	sysrendezvous(uintptr*);
uintptr	syserrstr(uintptr*);
uintptr	sysnsec(uintptr*);

/* sysfile.c */
uintptr	sysbind(uintptr*);
uintptr	syschdir(uintptr*);
uintptr	sysclose(uintptr*);
uintptr	sysdup(uintptr*);
uintptr	sysfauth(uintptr*);
uintptr	sysopen(uintptr*);
uintptr	syspipe(uintptr*);
uintptr	syscreate(uintptr*);
uintptr	sysfd2path(uintptr*);
uintptr	sysremove(uintptr*);
uintptr	sysunmount(uintptr*);
uintptr	sysseek(uintptr*);
uintptr	sysfversion(uintptr*);
uintptr	sysstat(uintptr*);
uintptr	sysfstat(uintptr*);
uintptr	syswstat(uintptr*);
uintptr	sysfwstat(uintptr*);
uintptr	sysmount(uintptr*);
uintptr	syspread(uintptr*);
uintptr	syspwrite(uintptr*);

/* trap.c */
void	faultuser(Ureg*, char*);

/* devcons.c */
void	consinput(int c);
u64int	seconds(void);		/* time of day: seconds since the epoch */

/* devproc.c */
void	postnotepg(u32int noteid, char *msg, int flag);	/* note to every process in a note group */

/* devmnt.c: the 9P client (mount driver) */
Chan*	mntattach(Chan *srv, Chan *auth, char *spec, int flags);	/* mount(2) */
Chan*	mntauth(Chan *srv, char *spec);	/* fauth(2) */
char*	mntversion(Chan *srv, char *version, u32int msize);	/* fversion(2) */
void	mntfreemux(Chan *srv);	/* chanfree: srv's Mnt (c->mux) goes with it */

/* devsrv.c */
char*	srvname(Chan*);		/* "#s/name" if the Chan is posted, else nil; caller frees */

/* root.c: the built-in file tree */
void	rootinit(void);

/* test/: kernel self-tests, -append test=NAME */
void	selftest(char*);
void	faulttest(void);	/* test=fault: a kernel page fault */
void	proctest(void);		/* test=proc: kprocs exercise sleep/wakeup, QLock, tsleep */
void	chantest(void);		/* test=chan: kprocs exercise pipes, names, binds, unions */
void	virtiotest(void);	/* test=virtio: PCI and virtio tables, the rng and its ring */
void	locktest(void);		/* test=lock: a lock taken twice must panic, not hang */

/* virtio/dev9p.c */
char*	mtagsprint(char*, char*);	/* the text of /dev/mtags (served by devcons.c) */
