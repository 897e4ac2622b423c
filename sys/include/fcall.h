/*
 * 9P message and directory-entry marshalling (lib/9p), shared by the
 * kernel, guest programs and host tools.
 *
 * Three dialects: plain 9P2000, which the kernel speaks everywhere,
 * and 9P2000.u and 9P2000.L, which QEMU's virtio-9p speaks.  Every
 * conversion has a plain form with Plan 9's signature and a ...u form
 * for 9P2000.u; all are the same code with a dialect argument
 * (Dialect*), which the ...x forms take.  The .u extras are:
 * Tauth/Tattach n_uname (uidnum), Rerror errno (errornum), Tcreate
 * extension, and the stat fields extension, n_uid, n_gid, n_muid.
 * Decoding plain 9P2000 sets them to NOUID / 0 / "" / nil.  9P2000.L
 * keeps .u's Tauth and Tattach and adds its own messages (Tlopen,
 * Tgetattr, Treaddir, ... and Rlerror), decoded only in that dialect;
 * it has no stat format of its own (Lattr is what Rgetattr carries).
 *
 * Decoders return 0 for any malformed input.  They decode in place:
 * strings in the result point into the message buffer, which is
 * rewritten to NUL-terminate them (each string is moved down one
 * byte over its length field), so a buffer can be decoded only once.
 * Rread/Twrite data and Rstat/Twstat stat bytes point into the buffer
 * unchanged.
 */
#pragma once

#define	VERSION9P	"9P2000"
#define	VERSION9PU	"9P2000.u"
#define	VERSION9PL	"9P2000.L"

/* the dialect argument of the ...x conversions */
enum {
	Dialect9p	= 0,
	Dialectu	= 1,
	DialectL	= 2,
};

enum {
	MAXWELEM	= 16,		/* names in one Twalk, qids in one Rwalk */

	BIT8SZ		= 1,
	BIT16SZ		= 2,
	BIT32SZ		= 4,
	BIT64SZ		= 8,
	QIDSZ		= BIT8SZ+BIT32SZ+BIT64SZ,

	/* size[2] type[2] dev[4] qid[13] mode[4] atime[4] mtime[4] length[8] + 4 string counts */
	STATFIXLEN	= BIT16SZ+QIDSZ+5*BIT16SZ+4*BIT32SZ+BIT64SZ,
	/* 9P2000.u adds extension[s] n_uid[4] n_gid[4] n_muid[4] */
	STATFIXLENU	= STATFIXLEN+BIT16SZ+3*BIT32SZ,
	STATMAX		= 65535,	/* a stat's size field is 16 bits */

	/* size[4] type[1] tag[2]: every message starts so */
	HDRSZ		= BIT32SZ+BIT8SZ+BIT16SZ,
	/* room for a Twrite/Rread header, rounded up as Plan 9 does */
	IOHDRSZ		= 24,
	/* an Rread's header, size[4] type[1] tag[2] count[4]; a Twrite's, */
	/* size[4] type[1] tag[2] fid[4] offset[8] count[4], is a whole Tread */
	RREADHDRSZ	= HDRSZ+BIT32SZ,
	TWRITEHDRSZ	= HDRSZ+BIT32SZ+BIT64SZ+BIT32SZ,
	TREADSZ		= TWRITEHDRSZ,

	NOTAG		= 0xFFFF,
	NOFID		= 0xFFFFFFFF,
	NOUID		= 0xFFFFFFFF,	/* 9P2000.u: no numeric uid */
};

/* Qid.type bits */
enum {
	QTDIR		= 0x80,
	QTAPPEND	= 0x40,
	QTEXCL		= 0x20,
	QTMOUNT		= 0x10,
	QTAUTH		= 0x08,
	QTTMP		= 0x04,
	QTSYMLINK	= 0x02,		/* 9P2000.u */
	QTLINK		= 0x01,		/* 9P2000.u */
	QTFILE		= 0x00,
};

/* Dir.mode bits */
enum {
	DMDIR		= 0x80000000,
	DMAPPEND	= 0x40000000,
	DMEXCL		= 0x20000000,
	DMMOUNT		= 0x10000000,
	DMAUTH		= 0x08000000,
	DMTMP		= 0x04000000,
	DMSYMLINK	= 0x02000000,	/* 9P2000.u from here on */
	DMLINK		= 0x01000000,
	DMDEVICE	= 0x00800000,
	DMNAMEDPIPE	= 0x00200000,
	DMSOCKET	= 0x00100000,
	DMSETUID	= 0x00080000,
	DMSETGID	= 0x00040000,
	DMSETVTX	= 0x00010000,

	DMREAD		= 0x4,
	DMWRITE		= 0x2,
	DMEXEC		= 0x1,
};

/* Little-endian wire access. */
#define	GBIT8(p)	((p)[0])
#define	GBIT16(p)	((p)[0]|((p)[1]<<8))
#define	GBIT32(p)	((u32int)((p)[0]|((p)[1]<<8)|((p)[2]<<16)|((u32int)(p)[3]<<24)))
#define	GBIT64(p)	((u64int)GBIT32(p) | ((u64int)GBIT32((p)+4)<<32))
#define	PBIT8(p, v)	((p)[0] = (uchar)(v))
#define	PBIT16(p, v)	((p)[0] = (uchar)(v), (p)[1] = (uchar)((v)>>8))
#define	PBIT32(p, v)	((p)[0] = (uchar)(v), (p)[1] = (uchar)((v)>>8), (p)[2] = (uchar)((v)>>16), (p)[3] = (uchar)((v)>>24))
#define	PBIT64(p, v)	(PBIT32(p, (u32int)(v)), PBIT32((p)+4, (u32int)((u64int)(v)>>32)))

typedef struct Qid Qid;
typedef struct Dir Dir;
typedef struct Fcall Fcall;
typedef struct Lattr Lattr;

struct Qid {
	uvlong	path;
	u32int	vers;
	uchar	type;
};

struct Dir {
	/* for the kernel's use */
	ushort	type;
	u32int	dev;
	/* file data */
	Qid	qid;
	u32int	mode;		/* permissions and DM* bits */
	u32int	atime;		/* seconds since the epoch */
	u32int	mtime;
	vlong	length;
	char	*name;		/* last element of path */
	char	*uid;		/* owner */
	char	*gid;		/* group */
	char	*muid;		/* last modifier */
	/* 9P2000.u only; ignored when encoding plain 9P2000 */
	char	*extension;	/* symlink target, device "b 1 2", ... */
	u32int	n_uid;
	u32int	n_gid;
	u32int	n_muid;
};

/*
 * 9P2000.L attributes: Rgetattr's (valid says which are real) and
 * Tsetattr's (valid says which to set; atime and mtime as given only
 * with Lsetatimeset, Lsetmtimeset).  Times are seconds and nanoseconds.
 */
struct Lattr {
	u64int	valid;
	Qid	qid;
	u32int	mode;		/* Unix st_mode: type and permissions */
	u32int	uid;
	u32int	gid;
	u64int	nlink;
	u64int	rdev;
	u64int	size;
	u64int	blksize;
	u64int	blocks;
	u64int	atime;
	u64int	atimens;
	u64int	mtime;
	u64int	mtimens;
	u64int	ctime;
	u64int	ctimens;
	u64int	btime;
	u64int	btimens;
	u64int	gen;
	u64int	dataversion;
};

struct Fcall {
	uchar	type;
	u32int	fid;
	ushort	tag;
	union {
		struct {			/* Tversion, Rversion */
			u32int	msize;
			char	*version;
		};
		struct {			/* Tflush */
			ushort	oldtag;
		};
		struct {			/* Rerror */
			char	*ename;
			u32int	errornum;	/* 9P2000.u */
		};
		struct {			/* Ropen, Rcreate, Rattach */
			Qid	qid;
			u32int	iounit;
		};
		struct {			/* Rauth */
			Qid	aqid;
		};
		struct {			/* Tauth, Tattach */
			u32int	afid;
			char	*uname;
			char	*aname;
			u32int	uidnum;		/* 9P2000.u n_uname */
		};
		struct {			/* Tcreate, Topen (mode only) */
			u32int	perm;
			char	*name;
			uchar	mode;
			char	*extension;	/* 9P2000.u */
		};
		struct {			/* Twalk */
			u32int	newfid;
			ushort	nwname;
			char	*wname[MAXWELEM];
		};
		struct {			/* Rwalk */
			ushort	nwqid;
			Qid	wqid[MAXWELEM];
		};
		struct {			/* Tread, Rread, Twrite, Rwrite */
			vlong	offset;
			u32int	count;
			char	*data;
		};
		struct {			/* Rstat, Twstat */
			ushort	nstat;
			uchar	*stat;
		};
		/*
		 * 9P2000.L.  Rlerror: errornum.  Rlopen, Rlcreate, Rmkdir: qid
		 * (and iounit).  Treaddir: offset, count; Rreaddir: count, data.
		 * Tmkdir: fid is the directory.  Trename: fid's file becomes
		 * lnewname in directory dfid.  Rreadlink: lname is the target.
		 */
		struct {			/* Tlopen, Tlcreate, Tmkdir, Trename, Rreadlink */
			u32int	lflags;		/* Linux open flags (Lo*) */
			u32int	lmode;		/* Unix permissions */
			u32int	lgid;
			u32int	dfid;
			char	*lname;
			char	*lnewname;
		};
		struct {			/* Tgetattr, Rgetattr, Tsetattr */
			Lattr	attr;		/* Tgetattr: attr.valid is the request mask */
		};
	};
};

enum {
	Tversion = 100,
	Rversion,
	Tauth = 102,
	Rauth,
	Tattach = 104,
	Rattach,
	Terror = 106,	/* illegal */
	Rerror,
	Tflush = 108,
	Rflush,
	Twalk = 110,
	Rwalk,
	Topen = 112,
	Ropen,
	Tcreate = 114,
	Rcreate,
	Tread = 116,
	Rread,
	Twrite = 118,
	Rwrite,
	Tclunk = 120,
	Rclunk,
	Tremove = 122,
	Rremove,
	Tstat = 124,
	Rstat,
	Twstat = 126,
	Rwstat,
	Tmax,

	/* 9P2000.L: its types are 7 to 77 (Tlerror is illegal) */
	Tlerror = 6,
	Rlerror,
	Tlopen = 12,
	Rlopen,
	Tlcreate = 14,
	Rlcreate,
	Trename = 20,
	Rrename,
	Treadlink = 22,
	Rreadlink,
	Tgetattr = 24,
	Rgetattr,
	Tsetattr = 26,
	Rsetattr,
	Treaddir = 40,
	Rreaddir,
	Tmkdir = 72,
	Rmkdir,
	Tlmax = 78,	/* past Runlinkat, the last */
};

/* 9P2000.L's Linux values: open flags, Tgetattr masks, Tsetattr bits, st_mode types */
enum {
	Lordonly	= 0,
	Lowronly	= 1,
	Lordwr		= 2,
	Locreat		= 0100,
	Loexcl		= 0200,
	Lotrunc		= 01000,
	Loappend	= 02000,

	Lgetattrbasic	= 0x7FF,	/* mode .. blocks, the times, size */

	Lsetmode	= 0x1,
	Lsetuid		= 0x2,
	Lsetgid		= 0x4,
	Lsetsize	= 0x8,
	Lsetatime	= 0x10,
	Lsetmtime	= 0x20,
	Lsetctime	= 0x40,
	Lsetatimeset	= 0x80,
	Lsetmtimeset	= 0x100,

	Lsifmt		= 0170000,
	Lsifsock	= 0140000,
	Lsiflnk		= 0120000,
	Lsifreg		= 0100000,
	Lsifblk		= 0060000,
	Lsifdir		= 0040000,
	Lsifchr		= 0020000,
	Lsififo		= 0010000,
	Lsisuid		= 04000,
	Lsisgid		= 02000,
	Lsisvtx		= 01000,

	/* a Rreaddir entry: qid[13] offset[8] type[1] name[s] */
	LDIRFIXLEN	= QIDSZ+BIT64SZ+BIT8SZ+BIT16SZ,
};

/* plain 9P2000 */
uint	convM2S(uchar*, uint, Fcall*);
uint	convS2M(Fcall*, uchar*, uint);
uint	sizeS2M(Fcall*);
int	statcheck(uchar*, uint);
uint	convM2D(uchar*, uint, Dir*, char*);
uint	convD2M(Dir*, uchar*, uint);
uint	sizeD2M(Dir*);

/* 9P2000.u */
uint	convM2Su(uchar*, uint, Fcall*);
uint	convS2Mu(Fcall*, uchar*, uint);
uint	sizeS2Mu(Fcall*);
int	statchecku(uchar*, uint);
uint	convM2Du(uchar*, uint, Dir*, char*);
uint	convD2Mu(Dir*, uchar*, uint);
uint	sizeD2Mu(Dir*);

/* any, by dialect (Dialect*); the stat conversions take .L as .u */
uint	convM2Sx(uchar*, uint, Fcall*, int dotu);
uint	convS2Mx(Fcall*, uchar*, uint, int dotu);
uint	sizeS2Mx(Fcall*, int dotu);
int	statcheckx(uchar*, uint, int dotu);
uint	convM2Dx(uchar*, uint, Dir*, char*, int dotu);
uint	convD2Mx(Dir*, uchar*, uint, int dotu);
uint	sizeD2Mx(Dir*, int dotu);

/* framing without I/O */
int	msgsize(uchar*, uint);
uint	versionreply(uchar*, uint);	/* where a reply to Tversion may start */

/*
 * Formatters for fmtinstall (fcallfmt.c): fmtinstall('F', fcallfmt)
 * prints an Fcall*, 'D' a Dir*, 'M' a Dir mode as ls -l does.
 */
typedef struct Fmt Fmt;
int	fcallfmt(Fmt*);
int	dirfmt(Fmt*);
int	dirmodefmt(Fmt*);
