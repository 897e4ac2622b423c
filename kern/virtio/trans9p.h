/*
 * 9P2000 <-> 9P2000.u, for #9 (dev9p.c): QEMU's virtio-9p speaks
 * 9P2000.u, the rest of the kernel plain 9P2000.  Every message is
 * decoded and re-encoded whole with lib/9p; nothing is patched at
 * fixed offsets.
 *
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
 *	Rerror		the errno is dropped, the string kept
 *	Rstat		QEMU's nstat of 0 taken as the stat's length
 *	Rstat, Rread of a directory
 *			every stat re-encoded plain; the .u-only mode bits
 *			(symlink, device, pipe, socket, setuid...) and qid
 *			bits (symlink, link) are dropped, the permissions
 *			kept; "." and ".." entries are left out; an empty
 *			uid or gid becomes n_uid or n_gid in decimal
 *	Rattach, Rwalk, Ropen, Rcreate, Rauth
 *			.u-only qid type bits dropped
 * Everything else keeps its layout.
 *
 * To know which reads are directory reads the translator follows the
 * fids: a fid is on a directory after an Rattach, Rwalk, Ropen or
 * Rcreate whose qid says QTDIR, and is forgotten at its clunk or
 * remove.  It also counts the fids the host holds (nfid).  So each R-message must be translated with the Transreq
 * its T-message filled in, and replies must be translated before the
 * next T-message that depends on them is (the mount driver sends a
 * Tread only after the Ropen came back through us).
 *
 * Locking: none; the caller serialises calls on one Trans9p.
 * Buffers: trans9ptmsg and trans9prmsg may rewrite their input (strings
 * are decoded in place) and never write past out+max.  Both return
 * the length of the message written to out, or 0 when the input is
 * malformed, the output does not fit, or memory ran out.
 */
#pragma once

typedef struct Trans9p Trans9p;
typedef struct Transreq Transreq;
typedef struct Transfid Transfid;

enum {
	Transfidhash	= 64,
	Transverlen	= 16,
	Transgrowth	= 16,	/* a T-message grows by at most this (Twstat: 14) */
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
};

/* A fid on a directory: its reads need translating. */
struct Transfid {
	Transfid	*next;
	u32int	fid;
	vlong	nextoff;	/* directory: the kernel's offset after the last read */
	vlong	nexthostoff;	/* and the host's */
};

/* One 9P session with the host. */
struct Trans9p {
	u32int	maxmsize;	/* largest msize to offer: the transport's limit */
	u32int	msize;		/* as the host answered; 0 before Rversion */
	char	version[Transverlen];	/* the host's Rversion string */
	int	nfid;		/* fids the host holds: attached or walked, not clunked */
	Transfid	*fids[Transfidhash];
};

void	trans9pinit(Trans9p*, u32int maxmsize);
void	trans9pfree(Trans9p*);
uint	trans9ptmsg(Trans9p*, uchar *m, uint n, uchar *out, uint max, Transreq*);
uint	trans9prmsg(Trans9p*, Transreq*, uchar *m, uint n, uchar *out, uint max);
uint	trans9perror(uchar *out, uint max, ushort tag, char *ename);
