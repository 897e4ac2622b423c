/*
 * lib9p: a small library for writing 9P2000 file servers, in the
 * guest (cmd/ramfs) and on the host (util/ufs).  Include <u.h>,
 * <str.h>, <fmt.h> and <fcall.h> first.
 *
 * The library reads T-messages from Srv.infd, keeps the fid table and
 * the outstanding requests, checks what 9P itself requires (fid in
 * use, open modes, walks from open fids, directory offsets...) and
 * calls the server's functions.  Each function answers with respond(),
 * now or later: a server may keep a Req and respond after other
 * requests (a read that waits for data), so long as it answers it
 * at once when Srv.flush is called for it.
 *
 * The library is single-threaded and uses from its host only
 * read, write, malloc and free, declared here and in str.h with the
 * prototypes of both the guest libc and the host C library.
 */
#pragma once

typedef struct Srv Srv;
typedef struct Req Req;
typedef struct Fid Fid;

long	read(int, void*, long);
long	write(int, void*, long);

enum {
	/* 9P open modes on the wire, the same values as sys.h's */
	P9OREAD	= 0,
	P9OWRITE	= 1,
	P9ORDWR	= 2,
	P9OEXEC	= 3,
	P9OTRUNC	= 0x10,
	P9ORCLOSE	= 0x40,

	Fidhash	= 64,		/* buckets in a fid table */
	Maxmsize	= 128*1024+IOHDRSZ,	/* largest msize a server offers by default */
	Minmsize	= 256,		/* smallest msize accepted in Tversion */
};

struct Fid {
	u32int	fid;
	Qid	qid;		/* of the file the fid is on, kept by the library */
	int	omode;		/* open mode, -1 while not open */
	char	*uid;		/* user of the attach (malloced, library's) */
	void	*aux;		/* the server's */

	/* dirread9p's place in a directory: next offset and entry */
	vlong	diroffset;
	long	dirindex;

	Srv	*srv;
	int	ref;		/* table + requests using it */
	int	clunked;	/* out of the table; destroyed when ref drops to 0 */
	Fid	*next;		/* hash chain */
};

struct Req {
	Fcall	ifcall;		/* the request, decoded in place in buf */
	Fcall	ofcall;		/* the reply the server fills in */
	Fid	*fid;		/* ifcall.fid's Fid, for messages that have one */
	Fid	*newfid;	/* Tattach's fid, Twalk's new fid */
	Dir	d;		/* Tstat: server fills it; Twstat: decoded request */
	Srv	*srv;
	void	*aux;		/* the server's, for requests it keeps */

	/* private */
	uchar	*buf;		/* the T-message */
	char	*rdata;		/* Rread data, Rstat bytes */
	char	*dstrs;		/* Twstat Dir strings */
	Req	*flush;		/* Tflushes waiting for this reply */
	Req	*next;		/* outstanding requests */
	int	responded;
};

struct Srv {
	/*
	 * Each may be nil where noted; respond() on every path.
	 *	attach	set r->ofcall.qid (and r->fid->aux)
	 *	walk1	step fid one name (".." included), set *qid; nil or an error
	 *	clone	give newfid its own copy of fid's aux; nil or an error.
 *		(nil ok: the aux pointer is shared, so destroyfid must not free it)
	 *	open	may change r->ofcall.qid (preset to the fid's) and iounit
	 *	create	make r->ifcall.name in directory fid and move fid to it: set r->ofcall.qid
	 *	read	fill r->ofcall.data (room for r->ifcall.count bytes) and count
	 *	write	set r->ofcall.count
	 *	remove	remove the file; the fid is clunked whatever the answer
	 *	stat	fill r->d (strings must last until respond)
	 *	wstat	apply r->d: ~0 numbers and "" strings mean "no change"
	 *	flush	(nil ok) answer the outstanding request r now, e.g. respond(r, "interrupted");
 *		without it the library does that.  Rflush follows r's answer.
	 *	destroyfid (nil ok) free fid->aux; fid->omode says whether it was open,
	 *		ORCLOSE included, so the server can remove the file then.
	 */
	void	(*attach)(Req*);
	char*	(*walk1)(Fid*, char*, Qid*);
	char*	(*clone)(Fid*, Fid*);
	void	(*open)(Req*);
	void	(*create)(Req*);
	void	(*read)(Req*);
	void	(*write)(Req*);
	void	(*remove)(Req*);
	void	(*stat)(Req*);
	void	(*wstat)(Req*);
	void	(*flush)(Req*);
	void	(*destroyfid)(Fid*);

	int	infd;		/* T-messages come from here */
	int	outfd;		/* R-messages go here */
	u32int	maxmsize;	/* largest msize to offer; 0 means Maxmsize */
	int	debug;		/* print each message on fd 2 */
	void	*aux;		/* the server's */

	/* private */
	u32int	msize;		/* negotiated */
	int	versioned;	/* a Tversion has succeeded: attach allowed */
	uchar	*wbuf;		/* msize bytes for encoding replies */
	int	dead;		/* the connection failed */
	Fid	*fids[Fidhash];
	Req	*reqs;		/* outstanding */
	int	nfid;
};

/* serve one connection until end of file or error; 0 at EOF, -1 on error */
int	srv(Srv*);
void	respond(Req*, char*);

/*
 * Directory reads: gen(n, d, aux) fills d with entry n (its strings
 * need last only until the next call) and returns 0, or -1 after the
 * last entry.  dirread9p answers the read r with as many whole
 * entries as fit; reads must start at 0 or where the last one ended.
 */
void	dirread9p(Req*, int (*gen)(int, Dir*, void*), void*);

/* answer a read from a byte array (a file's contents) */
void	readbuf(Req*, void*, long);

/* Plan 9 open-mode check: may user with perm bits, owner, group, do omode? */
int	hasperm(u32int mode, char *owner, char *group, char *user, int omode);

/* the Fid of number fid, nil if none (for servers that look them up) */
Fid*	lookupfid(Srv*, u32int);
