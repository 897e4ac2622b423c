/*
 * Portable kernel data structures: processes, channels, devices,
 * name spaces.  Modelled on Plan 9's port/portdat.h.
 *
 * Reference counting rule for Chans (as in Plan 9's devmnt):
 * every pointer to a Chan held in a structure (fd table, mount
 * table, dot/slash, another Chan) owns one reference; cclose drops
 * it.  A Chan is freed when its count reaches zero, after its
 * device's close has run.
 */
#pragma once

#include <fcall.h>
#include <sys.h>

typedef uintptr Syscall(uintptr*);	/* a system call handler: systab.c */
typedef struct Block	Block;
typedef struct Chan	Chan;
typedef struct Dev	Dev;
typedef struct Dirtab	Dirtab;
typedef struct Egrp	Egrp;
typedef struct Evalue	Evalue;
typedef struct Fgrp	Fgrp;
typedef struct Image	Image;
typedef struct Load	Load;
typedef struct Lock	Lock;
typedef struct Mhead	Mhead;
typedef struct Mount	Mount;
typedef struct Note	Note;
typedef struct Path	Path;
typedef struct Pgrp	Pgrp;
typedef struct Proc	Proc;
typedef struct QLock	QLock;
typedef struct RWlock	RWlock;
typedef struct Ref	Ref;
typedef struct Rendez	Rendez;
typedef struct Rgrp	Rgrp;
typedef struct Segment	Segment;
typedef struct Waitq	Waitq;
typedef struct Walkqid	Walkqid;
typedef struct Waitmsg	Waitmsg;
typedef struct Zbuf	Zbuf;
typedef int Devgen(Chan*, char*, Dirtab*, int, int, Dir*);

enum {
	NERR		= 64,		/* depth of waserror nesting */
	NNOTE		= 5,		/* pending notes per process */
	ERRLEN		= ERRMAX,
	MNTHASH		= 32,		/* mount table hash buckets */
	RENDHASH	= 32,
	NSEG		= 8,		/* segments per process: text, data, stack, then segattach's */
	NLOAD		= 16,		/* loadable parts of a binary (its PT_LOADs) */
	DELTAFD		= 20,		/* fd table growth */
	NFD		= 100,		/* max open files per process group, initial */
	MAXFD		= 1024,
	PRINTSIZE	= 256,
	READSTR		= 8000,		/* temporary buffer size for device reads */
	MTAGSLEN	= 16*(255+64),	/* /dev/mtags: 16 devices, tags up to 255 bytes */
};

/*
 * Spin lock.  ilock also disables interrupts, for data shared with
 * interrupt handlers; the saved flags are restored by iunlock.
 */
struct Lock {
	int	key;
	int	isilock;
	uintptr	pc;		/* who holds it, for debugging */
	Mach	*m;		/* the cpu holding it: a second lock there is a deadlock */
	u64int	flags;		/* interrupt state saved by ilock */
};

struct Ref {
	long	ref;		/* atomic: incref/decref */
};

struct Rendez {
	Lock	lk;
	Proc	*p;		/* the one process sleeping here */
};

struct QLock {
	Lock	use;		/* guards the fields below */
	Proc	*head;		/* waiting processes, FIFO */
	Proc	*tail;
	uintptr	pc;		/* holder's caller, for debugging */
	int	locked;
};

struct RWlock {
	Lock	use;
	Proc	*head;		/* waiting processes: readers and writers, FIFO */
	Proc	*tail;
	uintptr	wpc;
	Proc	*wproc;		/* writer holding it */
	int	readers;	/* readers holding it */
	int	writer;		/* a writer holds it */
};

/* Chan.flag */
enum {
	COPEN	= 0x0001,	/* opened by open/create */
	CMSG	= 0x0002,	/* the mount driver talks 9P on it */
	CCEXEC	= 0x0008,	/* close on exec */
	CFREE	= 0x0010,	/* not in use (debugging) */
	CRCLOSE	= 0x0020,	/* remove on close */
	CCACHE	= 0x0080,
	CSTREAM	= 0x0100,	/* a byte stream: offsets mean nothing, seek fails */
};

/* namec's access modes */
enum {
	Aaccess,		/* as in stat, wstat */
	Abind,			/* for left-hand side of bind */
	Atodir,			/* as in chdir */
	Aopen,			/* for i/o */
	Amount,			/* to be mounted or mounted upon */
	Acreate,		/* is to be created */
	Aremove,		/* will be removed by caller */
};

struct Path {
	Ref	ref;
	char	*s;		/* the name by which the Chan was reached, cleaned */
};

struct Chan {
	Ref	ref;
	Lock	lk;		/* guards offset for concurrent readers */
	Chan	*link;		/* on the free list / all-chans list */
	vlong	offset;		/* in fd */
	vlong	devoffset;	/* in underlying device; see read */
	int	type;		/* index into devtab */
	u32int	dev;		/* device instance */
	ushort	mode;		/* read/write: OREAD.. */
	ushort	flag;		/* C* above */
	Qid	qid;
	u32int	fid;		/* for the mount driver */
	u32int	iounit;		/* chunk size for i/o; 0 means default */
	Mhead	*umh;		/* mount point that derived this Chan: for union reads */
	Chan	*umc;		/* channel in union; held for union read */
	QLock	umqlock;	/* serialises union reads */
	int	uri;		/* union read index */
	int	dri;		/* devdirread index */
	uchar	*dirrock;	/* directory entry rock for translations */
	int	nrock;
	int	mrock;
	QLock	rockqlock;
	void	*mux;		/* Mnt for clients using me for messages */
	void	*aux;		/* device specific */
	vlong	vers;
	Chan	*mchan;		/* channel to mounted server */
	Qid	mqid;		/* qid of root of mount point */
	Path	*path;
	char	*srvname;	/* for #s: what this chan is posted as */
	u64int	aux2;		/* device specific */
};

/*
 * A device: one per devX.c, in devtab (conf.c).  Ops that do not
 * apply use the dev* defaults from dev.c.
 */
struct Dev {
	int	dc;		/* device character, as in #c */
	char	*name;
	void	(*reset)(void);
	void	(*init)(void);
	void	(*shutdown)(void);
	Chan*	(*attach)(char*);
	Walkqid*(*walk)(Chan*, Chan*, char**, int);
	int	(*stat)(Chan*, uchar*, int);
	Chan*	(*open)(Chan*, int);
	void	(*create)(Chan*, char*, int, u32int);
	void	(*close)(Chan*);
	long	(*read)(Chan*, void*, long, vlong);
	long	(*write)(Chan*, void*, long, vlong);
	void	(*remove)(Chan*);
	int	(*wstat)(Chan*, uchar*, int);
	/* optional (nil): a T-message whose data is pinned user memory, for devmnt.c */
	long	(*zwrite)(Chan*, void*, long, Zbuf*);
};

struct Walkqid {
	Chan	*clone;
	int	nqid;
	Qid	qid[1];		/* really nqid of them */
};

/* a Devgen called with this index describes the parent directory */
enum {
	DEVDOTDOT	= -1,
};

struct Dirtab {
	char	name[KNAMELEN];
	Qid	qid;
	vlong	length;
	long	perm;
};

struct Mount {
	u32int	mountid;
	Mount	*next;
	Mhead	*head;
	Mount	*copy;
	Mount	*order;
	Chan	*to;		/* channel replacing channel */
	int	mflag;
	char	*spec;
};

struct Mhead {
	Ref	ref;
	RWlock	lock;
	Chan	*from;		/* channel mounted upon */
	Mount	*mount;		/* what's mounted upon it */
	Mhead	*hash;		/* Hash chain */
};

struct Pgrp {
	Ref	ref;
	int	noattach;
	u32int	pgrpid;
	RWlock	ns;		/* guards the mount hash */
	Mhead	*mnthash[MNTHASH];
};

struct Fgrp {
	Ref	ref;
	Lock	lk;		/* guards everything below */
	Chan	**fd;
	int	nfd;		/* number allocated */
	int	maxfd;		/* highest fd in use */
	int	exceed;		/* debugging */
};

struct Evalue {
	char	*name;
	char	*value;
	int	len;
	Evalue	*link;
	Qid	qid;
};

struct Egrp {
	Ref	ref;
	RWlock	lk;
	Evalue	**ent;
	int	nent;
	int	ment;
	u32int	path;		/* qid.path of next Evalue to be allocated */
	u32int	vers;		/* of Egrp */
};

struct Rgrp {
	Ref	ref;
	Lock	lk;
	Proc	*rendhash[RENDHASH];
};

struct Note {
	char	msg[ERRMAX];
	int	flag;		/* NUser, NExit, NDebug */
};

enum {
	NUser,			/* note provided externally */
	NExit,			/* deliver note quietly */
	NDebug,			/* print debug message */
};

/*
 * A user address range and the physical pages behind it.  Pages are
 * allocated on first touch (fault): read from the binary for text and
 * data (the segment's Image), zeroed for the rest.  Fork shares them
 * copy-on-write (segment.c); text is read-only and shared between all
 * processes running the binary.
 */
enum {
	SG_TEXT,
	SG_DATA,		/* data and bss, grown by brk */
	SG_STACK,
	SG_SHARED,		/* shared by fork too: segattach's "shared" */
	SG_TYPE		= 07,		/* the type in Segment.type; SG_RONLY and SG_CEXEC (sys.h) beside it */
};

enum {
	TSEG, DSEG, SSEG, ESEG,	/* Proc.seg indices: text, data+bss, stack, the first attached */
};

struct Segment {
	Ref	ref;
	QLock	lk;		/* guards the page array */
	int	type;		/* SG_* */
	uintptr	base;		/* virtual, page aligned */
	uintptr	top;		/* end, exclusive */
	uintptr	*pages;		/* physical address of each page, 0 if not present */
	usize	npages;		/* allocated length of pages[] */
	Image	*image;		/* the binary text and data pages come from, or nil */
};

/* the file part of one loadable piece of a binary: n bytes from off land at va */
struct Load {
	uintptr	va;
	uvlong	off;
	usize	n;
};

/*
 * A binary that exec made text and data segments of, which fault
 * reads their pages from (demand paging).  Each segment made from it
 * holds a reference; the Chan, open for exec, closes with the last.
 */
struct Image {
	Ref	ref;
	Chan	*c;
	int	nload;
	Load	load[NLOAD];
	Image	*next;		/* on the list of images to close (imageclose) */
};

/*
 * A user buffer pinned for a device to move data to or from directly
 * (segpin): the physical page under each of its pages, each kept by
 * a pin (page.c) until segunpin, and a reference to the segment.
 */
struct Zbuf {
	Segment	*seg;		/* nil: nothing pinned */
	uintptr	*pa;		/* npa pages, from malloc */
	int	npa;
	uint	off;		/* of the buffer's first byte in pa[0] */
	usize	n;		/* bytes */
};

struct Waitmsg {
	int	pid;
	u32int	time[3];	/* user, sys, real ms */
	char	msg[ERRMAX];
};

struct Waitq {
	Waitmsg	w;
	Waitq	*next;
};

/* Proc.state */
enum {
	Dead = 0,
	Moribund,
	Ready,
	Scheding,
	Running,
	Queueing,
	QueueingR,
	QueueingW,
	Wakeme,
	Broken,
	Stopped,
	Rendezvous,
	Waitrelease,
};

/* Proc.time indices */
enum {
	TUser, TSys, TReal, TCUser, TCSys, TCReal,
};

/*
 * A process.  `up' is the one running on this cpu.  Fields marked
 * (rlock) are guarded by Proc.rlock; the rest are touched only by
 * the process itself or under the lock named.
 */
struct Proc {
	Label	sched;		/* where swtch resumes this process: keep first */
	uchar	*kstack;	/* base of KSTACK bytes */
	Mach	*mach;		/* cpu running this proc, or nil */
	char	*text;		/* name, as in ps */
	char	*user;
	char	*args;		/* argv, NUL-separated, for #p/n/args */
	int	nargs;
	Proc	*rnext;		/* run queue */
	Proc	*qnext;		/* QLock/RWlock wait queue */
	QLock	*qlock;		/* QLock we are waiting for (debugging) */
	int	state;
	char	*psstate;	/* what the process is doing, as in ps */
	Segment	*seg[NSEG];
	QLock	seglock;	/* guards seg[] */
	int	pid;
	u32int	noteid;		/* equivalent of note group */
	Proc	*pidhash;	/* next proc in pid hash */

	Lock	exl;		/* guards waitq, nchild, nwait, exiting */
	Waitq	*waitq;		/* exited children */
	int	nchild;		/* live children */
	int	nwait;		/* entries on waitq */
	int	exiting;	/* in pexit: takes no more exit records */
	QLock	qwaitr;
	Rendez	waitr;		/* waiting in await */
	Proc	*parent;
	int	parentpid;

	Pgrp	*pgrp;		/* name space */
	Egrp	*egrp;		/* environment */
	Fgrp	*fgrp;		/* file descriptors */
	Rgrp	*rgrp;		/* rendezvous group */

	u32int	time[6];	/* T* above, ms */
	u64int	kentry;		/* TSC at kernel entry, for TSys */
	u64int	pcycles;

	int	insyscall;
	int	kp;		/* a kernel process */

	Lock	rlock;		/* sync sleep/wakeup with postnote */
	Rendez	*r;		/* rendez we are sleeping on (rlock) */
	Rendez	sleep;		/* place for syssleep/debug */
	int	notepending;	/* note issued but not acted on (rlock) */
	u64int	twhen;		/* tsleep: wake at this nsec, 0 if not in tsleep */
	Rendez	*trend;
	int	tactive;	/* timertick is waking trend: timerdel waits for it */
	int	(*tfn)(void*);
	Proc	*tlink;		/* timer list */

	u64int	alarm;		/* nsec when the alarm note is due, 0 if none */

	uintptr	rendtag;	/* rendezvous */
	uintptr	rendval;
	Proc	*rendhash;

	Note	note[NNOTE];	/* pending notes (rlock) */
	int	nnote;
	int	notified;	/* in a note handler */
	Note	lastnote;
	uintptr	notify;		/* user's note handler, 0 for default */
	Ureg	*noteureg;	/* user context saved while in a handler (on user stack) */

	Ureg	*dbgreg;	/* user registers at the current kernel entry */

	Chan	*slash;
	Chan	*dot;

	Label	errlab[NERR];
	int	nerrlab;
	char	*syserrstr;	/* last error from a system call, errbuf0 or 1 */
	char	*errstr;	/* reason we're unwinding the error stack, errbuf1 or 0 */
	char	errbuf0[ERRMAX];
	char	errbuf1[ERRMAX];
	char	genbuf[128];	/* buffer used e.g. for last name element from namec */

	u64int	*pml4;		/* user address space, physical-mapped via KADDR; nil for kprocs */
	int	newtlb;		/* segment pages changed: drop user mappings before running (mmu.c) */
	Mach	*mmumach;	/* the cpu whose TLB last held its entries (mmu.c) */
	uchar	*fpsave;	/* FPU state (fpu.c): FPSIZE bytes, 16-byte aligned */

	void	(*kpfun)(void*);/* kernel process body */
	void	*kparg;
	Proc	*next;		/* in the proc table */
};

extern Dev*	devtab[];
extern char	*eve;		/* the host owner: "glenda" */
extern char	hostdomain[];
extern char	sysname[];

#define up	(machp()->proc)

/*
 * error(E...) unwinds to the nearest waserror() that returned 0,
 * which then returns 1.  Pair every waserror() with a poperror()
 * on the normal path.
 *
 * waserror() is a setjmp: error() returns to it with the registers
 * saved there.  So a local or parameter changed after waserror()
 * and read once it has returned 1 (in its handler or after it)
 * must be volatile (char *volatile s;) or be set before the
 * waserror(): C leaves it indeterminate, and GCC really does hand
 * the handler the old value (a Chan or buffer then leaks).  A local
 * whose address was passed to a function, as walk(&c, ...), stays
 * in memory and is safe with GCC.  gcc -Wclobbered finds some cases.
 */
#define waserror()	(up->nerrlab++, setlabel(&up->errlab[up->nerrlab-1]))
#define poperror()	(up->nerrlab--)

#define NOW	(nsec()/1000000)	/* ms since boot */
#define TK2MS(t) ((t)*1000/HZ)
#define MS2TK(t) (((t)*HZ+999)/1000)
