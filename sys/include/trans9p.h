/*
 * 9P2000 <-> 9P2000.u and 9P2000 <-> 9P2000.L (lib/9p/trans9p.c), for
 * a client that speaks plain 9P2000 to a host that speaks a dialect:
 * the kernel's #9 (dev9p.c), whose host is QEMU's virtio-9p, and
 * 9pvpxy.  Every message is decoded and re-encoded whole with lib/9p;
 * nothing is patched at fixed offsets.
 *
 * 9P2000.u.  One host message for each plain one.
 * T-messages going to the host:
 *	Tversion	"9P2000" becomes "9P2000.u"; msize capped at maxmsize
 *	Tauth, Tattach	n_uname NOUID
 *	Tcreate		empty extension
 *	Twstat		the stat gains the .u fields, all "don't touch":
 *			empty extension, n_uid n_gid n_muid ~0
 *	Tread		on a directory: the kernel's offset (bytes of plain
 *			entries) becomes the host's (bytes of .u entries);
 *			the count shrinks to leave room for decimal ids
 * R-messages coming back:
 *	Rversion	"9P2000.u" becomes "9P2000"
 *	Rerror		a known errno becomes Plan 9's string for it
 *			(ENOENT "file does not exist", ...), else the
 *			host's string is kept
 *	Rstat		QEMU's nstat of 0 taken as the stat's length
 *	Rstat, Rread of a directory
 *			every stat re-encoded plain; the .u-only mode bits
 *			(symlink, device, pipe, socket, setuid...) and qid
 *			bits (symlink, link) are dropped, the permissions
 *			kept; "." and ".." entries are left out; an empty
 *			uid or gid becomes n_uid or n_gid in decimal
 *	Rattach, Rwalk, Ropen, Rcreate, Rauth
 *			.u-only qid type bits dropped
 * Everything else keeps its layout.  In both dialects a reply that
 * cannot answer its request (another tag, another type than Rerror or
 * the reply, an Rwalk with more qids than names) is refused.
 *
 * Symbolic links (both dialects).  Plain 9P2000 has none, so a link
 * is a read-only file that holds its target: Topen and Tread of a
 * fid walked to one ask the host for the target (.u: Tstat, whose
 * extension it is; .L: Treadlink) and are answered from it, Ropen
 * with the walk's qid, Rread with the target's bytes at the offset.
 *
 * 9P2000.L.  Some plain messages take several host messages, all
 * under the plain message's tag, one after another: trans9prmsg then
 * gives the next host T-message instead of the reply (Transreq.more).
 *	Tversion	"9P2000.L"
 *	Topen		Tlopen (Linux flags; ORCLOSE is kept here and
 *			done at the clunk, as Tremove)
 *	Tcreate		a file: Tlcreate (O_CREAT|O_TRUNC, as Plan 9's
 *			create of an existing file truncates it); a
 *			directory: Tmkdir, Twalk onto it, Tlopen
 *	Tstat		Tgetattr; the name is the fid's last walked one
 *	Twstat		Tsetattr for mode, length, mtime, atime and a
 *			numeric uid or gid (names are decimal ids, as in
 *			Rstat); a new name: Twalk to "..", Trename, Tclunk
 *	Tread		of a directory: Treaddir, then the entries'
 *			attributes in batches (below); as many entries as
 *			the plain count surely holds, the rest read again
 *			from their cookie next time
 *	Rlerror		Rerror with Plan 9's string for the errno
 *	Rgetattr	a plain Dir as .u's Rstat gives
 * Twalk, Tread and Twrite of files, Tclunk, Tremove, Tflush, Tattach
 * and Tauth keep their layout (.L's Tattach is .u's).  A multi-message
 * request flushed between two of its host messages ends there with
 * Rerror "interrupted", which the client sees before its Rflush.
 *
 * Directory reads in batches (.L).  After an Rreaddir, up to maxbatch
 * entries at once (the caller's choice; 1 does them one by one) get a
 * Twalk each onto a fid of our own, all in flight together; when every
 * Rwalk is back, a Tgetattr of each fid walked, all together; then a
 * Tclunk of each: three round trips a batch instead of three an
 * entry.  The phases cannot overlap: QEMU runs requests concurrently,
 * so a Tgetattr sent with the Twalk that makes its fid could run
 * before it.  An entry whose walk or getattr fails (gone from the host
 * since the Treaddir) is left out.  Each batch message has its own tag,
 * from Transtagbase up (a session that batches refuses a client's
 * T-message with such a tag: the mount driver never uses them), and
 * its own fid, fixed by the read's slot among Transslots; a read that
 * finds no slot free goes one entry at a time under its own tag and a
 * spare fid.  trans9prmsg then writes the batch's messages back to back
 * (Transreq.more is how many), and takes their replies one at a time,
 * in any order, with the read's Transreq; trans9ptagof says which read
 * a batch tag belongs to.  Until the last reply of a batch, and for
 * an Rflush held back (next), it writes nothing and sets Transreq.wait.
 * A Tflush of the read passes to the host, which answers at once, as
 * no host message has the read's tag; that Rflush is held until the
 * read has clunked every fid it walked, and then follows its Rerror
 * "interrupted" in the same output, so the client never sees the
 * Rflush first.  (A read without a slot has its own tag on the host
 * message the host flushes, so that Rflush comes after its reply; it
 * too then clunks its fid, and the Rflush, back meanwhile, is held
 * likewise.)  The fids the batches hold are counted in nfid.
 *
 * The translator follows the fids: which are on directories (their
 * reads need translating), and for .L their names and ORCLOSE.  It
 * also counts the fids the host holds (nfid).  So each R-message must
 * be translated with the Transreq its T-message filled in, and
 * replies must be translated before the next T-message that depends
 * on them is (the mount driver sends a Tread only after the Ropen
 * came back through us).
 *
 * Locking: none; the caller serialises calls on one Trans9p, and
 * sends a continuation (more) before it translates another T-message,
 * so that a Tflush finds the request as it is.
 * Buffers: trans9ptmsg and trans9prmsg may rewrite their input (strings
 * are decoded in place) and never write past out+max.  Both return
 * the length of the message written to out, or 0 when the input is
 * malformed (for trans9ptmsg, also any R-message), the output does not
 * fit, or memory ran out.  A Transreq
 * holds memory while a request is under way: trans9preqfree gives it
 * back, whenever the request ends (answered, dropped or abandoned).
 */
#pragma once

typedef struct Trans9p Trans9p;
typedef struct Transreq Transreq;
typedef struct Transfid Transfid;
typedef struct Transstep Transstep;

enum {
	Transfidhash	= 64,
	Transverlen	= 16,
	Transgrowth	= 16,	/* a T-message grows by at most this (Twstat: 14) */
	Transflushes	= 32,	/* Tflushes remembered at once (.L) */
	/* directory reads in batches (.L) */
	Transbatch	= 32,	/* most entries of a batch */
	Transslots	= 32,	/* batched reads under way at once */
	Transtagbase	= 0x8000,	/* batch tags: Transtagbase+slot*Transbatch+i */
	Transfidbase	= 0xFFFE0000,	/* batch fids likewise */
	Transrmax	= 256,	/* the longest reply to a batch message (Rgetattr: 160) */
};

/* What translating a reply needs to know of its request. */
struct Transreq {
	uchar	type;		/* of the T-message */
	ushort	tag;
	u32int	fid;
	u32int	newfid;		/* Twalk */
	ushort	nwname;		/* Twalk */
	int	dirread;	/* Tread on a directory fid */
	vlong	offset;		/* its offset as the kernel sent it */
	vlong	hostoffset;	/* and as the host got it */
	ushort	oldtag;		/* Tflush */
	int	link;		/* Topen, Tread of a symbolic link: answered from its target */
	u32int	count;		/* its Tread's count */
	/* 9P2000.L */
	uchar	omode;		/* Topen, Tcreate: the plain open mode */
	uchar	htype;		/* the host T-message under way */
	int	more;		/* trans9prmsg wrote the next host T-messages: how many */
	int	wait;		/* it wrote nothing: more replies are to come first */
	Transstep	*step;	/* the rest of a request of several messages, or nil */
};

/* A fid the translator follows: .u, directories and symbolic links; .L, all. */
struct Transfid {
	Transfid	*next;
	u32int	fid;
	int	isdir;
	int	islink;		/* a symbolic link */
	Qid	qid;		/* as the kernel knows it */
	vlong	nextoff;	/* directory: the kernel's offset after the last read */
	vlong	nexthostoff;	/* and the host's (.L: a Treaddir cookie) */
	/* 9P2000.L */
	char	*name;		/* last element of its path, for Rstat */
	int	rclose;		/* opened ORCLOSE: remove at the clunk */
};

/* One 9P session with the host. */
struct Trans9p {
	int	dialect;	/* Dialectu or DialectL */
	u32int	maxmsize;	/* largest msize to offer: the transport's limit */
	u32int	msize;		/* as the host answered; 0 before Rversion */
	char	version[Transverlen];	/* the host's Rversion string */
	int	nfid;		/* fids the host holds: attached or walked, not clunked */
	Transfid	*fids[Transfidhash];
	u32int	sparefid;	/* .L: the next fid of our own (directory reads, rename) */
	ushort	flushed[Transflushes];	/* .L: tags flushed, their Rflush not yet back */
	int	nflushed;
	int	maxbatch;	/* .L: entries a directory read's batch may have; the caller's */
	Transstep	*busy;	/* .L: directory reads under way */
	Transstep	*slot[Transslots];	/* and which hold the batch tags and fids */
};

void	trans9pinit(Trans9p*, u32int maxmsize, int dialect);
void	trans9pfree(Trans9p*);
uint	trans9ptmsg(Trans9p*, uchar *m, uint n, uchar *out, uint max, Transreq*);
uint	trans9prmsg(Trans9p*, Transreq*, uchar *m, uint n, uchar *out, uint max);
void	trans9preqfree(Transreq*);
int	trans9ptagof(Trans9p*, ushort tag);
uint	trans9perror(uchar *out, uint max, ushort tag, char *ename);
char*	trans9perrno(u32int errnum);
