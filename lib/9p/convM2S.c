/*
 * Decode 9P messages.  A message is accepted only if its size field
 * equals the buffer length and its body fills exactly that many
 * bytes; anything else returns 0.  Strings are NUL-terminated in
 * place (see fcall.h), data and stat bytes are left where they are.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include "9pcodec.h"

static void
getauthattach(Unpack *u, Fcall *f, int dotu)
{
	f->afid = get32(u);
	f->uname = getstring(u);
	f->aname = getstring(u);
	f->uidnum = dotu ? get32(u) : NOUID;
}

static void
gettwalk(Unpack *u, Fcall *f)
{
	int i;

	f->fid = get32(u);
	f->newfid = get32(u);
	f->nwname = get16(u);
	if(f->nwname > MAXWELEM){
		u->bad = 1;
		return;
	}
	for(i = 0; i < f->nwname; i++)
		f->wname[i] = getstring(u);
}

static void
getrwalk(Unpack *u, Fcall *f)
{
	int i;

	f->nwqid = get16(u);
	if(f->nwqid > MAXWELEM){
		u->bad = 1;
		return;
	}
	for(i = 0; i < f->nwqid; i++)
		getqid(u, &f->wqid[i]);
}

/* Rread and Twrite: count[4] data[count], data left in the buffer. */
static void
getdata(Unpack *u, Fcall *f)
{
	f->count = get32(u);
	f->data = (char*)unpbytes(u, f->count);
}

static void
getstat(Unpack *u, Fcall *f)
{
	f->nstat = get16(u);
	f->stat = unpbytes(u, f->nstat);
}

static void
getlattr(Unpack *u, Lattr *a)
{
	a->valid = get64(u);
	getqid(u, &a->qid);
	a->mode = get32(u);
	a->uid = get32(u);
	a->gid = get32(u);
	a->nlink = get64(u);
	a->rdev = get64(u);
	a->size = get64(u);
	a->blksize = get64(u);
	a->blocks = get64(u);
	a->atime = get64(u);
	a->atimens = get64(u);
	a->mtime = get64(u);
	a->mtimens = get64(u);
	a->ctime = get64(u);
	a->ctimens = get64(u);
	a->btime = get64(u);
	a->btimens = get64(u);
	a->gen = get64(u);
	a->dataversion = get64(u);
}

static void
getsetattr(Unpack *u, Lattr *a)
{
	a->valid = get32(u);
	a->mode = get32(u);
	a->uid = get32(u);
	a->gid = get32(u);
	a->size = get64(u);
	a->atime = get64(u);
	a->atimens = get64(u);
	a->mtime = get64(u);
	a->mtimens = get64(u);
}

/* 9P2000.L's own messages; -1 for a type it does not have */
static int
getbodyL(Unpack *u, Fcall *f)
{
	switch(f->type){
	default:
		return -1;
	case Rlerror:
		f->errornum = get32(u);
		break;
	case Tlopen:
		f->fid = get32(u);
		f->lflags = get32(u);
		break;
	case Tlcreate:
		f->fid = get32(u);
		f->lname = getstring(u);
		f->lflags = get32(u);
		f->lmode = get32(u);
		f->lgid = get32(u);
		break;
	case Tmkdir:
		f->fid = get32(u);
		f->lname = getstring(u);
		f->lmode = get32(u);
		f->lgid = get32(u);
		break;
	case Rlopen:
	case Rlcreate:
	case Rmkdir:
		getqid(u, &f->qid);
		if(f->type != Rmkdir)
			f->iounit = get32(u);
		break;
	case Trename:
		f->fid = get32(u);
		f->dfid = get32(u);
		f->lnewname = getstring(u);
		break;
	case Treadlink:
		f->fid = get32(u);
		break;
	case Rreadlink:
		f->lname = getstring(u);
		break;
	case Tgetattr:
		f->fid = get32(u);
		f->attr.valid = get64(u);
		break;
	case Rgetattr:
		getlattr(u, &f->attr);
		break;
	case Tsetattr:
		f->fid = get32(u);
		getsetattr(u, &f->attr);
		break;
	case Treaddir:
		f->fid = get32(u);
		f->offset = get64(u);
		f->count = get32(u);
		break;
	case Rreaddir:
		getdata(u, f);
		break;
	case Rrename:
	case Rsetattr:
		break;
	}
	return 0;
}

/* Decode everything after size[4] type[1] tag[2]; -1 for an unknown type. */
static int
getbody(Unpack *u, Fcall *f, int dotu)
{
	switch(f->type){
	default:
		if(dotu == DialectL)
			return getbodyL(u, f);
		return -1;
	case Tversion:
	case Rversion:
		f->msize = get32(u);
		f->version = getstring(u);
		break;
	case Tauth:
		getauthattach(u, f, dotu);
		break;
	case Rauth:
		getqid(u, &f->aqid);
		break;
	case Tattach:
		f->fid = get32(u);
		getauthattach(u, f, dotu);
		break;
	case Rerror:
		f->ename = getstring(u);
		f->errornum = dotu ? get32(u) : 0;
		break;
	case Tflush:
		f->oldtag = get16(u);
		break;
	case Twalk:
		gettwalk(u, f);
		break;
	case Rwalk:
		getrwalk(u, f);
		break;
	case Topen:
		f->fid = get32(u);
		f->mode = get8(u);
		break;
	case Tcreate:
		f->fid = get32(u);
		f->name = getstring(u);
		f->perm = get32(u);
		f->mode = get8(u);
		f->extension = dotu ? getstring(u) : nil;
		break;
	case Rattach:
	case Ropen:
	case Rcreate:
		getqid(u, &f->qid);
		if(f->type != Rattach)
			f->iounit = get32(u);
		break;
	case Tread:
		f->fid = get32(u);
		f->offset = get64(u);
		f->count = get32(u);
		break;
	case Rread:
		getdata(u, f);
		break;
	case Twrite:
		f->fid = get32(u);
		f->offset = get64(u);
		getdata(u, f);
		break;
	case Rwrite:
		f->count = get32(u);
		break;
	case Tclunk:
	case Tremove:
	case Tstat:
		f->fid = get32(u);
		break;
	case Rstat:
		getstat(u, f);
		break;
	case Twstat:
		f->fid = get32(u);
		getstat(u, f);
		break;
	case Rflush:
	case Rclunk:
	case Rremove:
	case Rwstat:
		break;
	}
	return 0;
}

uint
convM2Sx(uchar *ap, uint nap, Fcall *f, int dotu)
{
	Unpack u;

	if(nap < HDRSZ || GBIT32(ap) != nap)
		return 0;
	unpinit(&u, ap+BIT32SZ, nap-BIT32SZ, Sinplace, nil);
	f->type = get8(&u);
	f->tag = get16(&u);
	if(getbody(&u, f, dotu) < 0 || u.bad || u.p != u.ep)
		return 0;
	return nap;
}

uint
convM2S(uchar *ap, uint nap, Fcall *f)
{
	return convM2Sx(ap, nap, f, 0);
}

uint
convM2Su(uchar *ap, uint nap, Fcall *f)
{
	return convM2Sx(ap, nap, f, 1);
}

/*
 * Framing: the size of the message starting at p, given n bytes of
 * it so far; 0 when the size field itself is incomplete, -1 when it
 * cannot be a 9P message (shorter than a header, or too long for an
 * int), so a reader never loops waiting for a zero-length message.
 */
int
msgsize(uchar *p, uint n)
{
	u32int size;

	if(n < BIT32SZ)
		return 0;
	size = GBIT32(p);
	if(size < HDRSZ || size > 0x7FFFFFFF)
		return -1;
	return size;
}

/*
 * Resynchronising on the answer to a Tversion.  A byte stream that
 * carried an earlier session (a virtio-serial port, where a server's
 * late replies may still be queued, or the end of a message cut off)
 * holds nothing a new session can use until the server answers its
 * Tversion, and that answer is the one message that must carry NOTAG:
 * an Rversion (size = 4+1+2+4+2+len; the version may be "unknown"),
 * an Rerror (size = 4+1+2+2+len), or a 9P2000.L server's Rlerror
 * (size 11).  Sizes are bounded (Maxstr), so each is below 256.
 * versionreply returns the offset in p[0..n) of the first byte that
 * starts such a message, or that starts a prefix of one running to
 * the end of what is here (the caller keeps it and reads on); n if
 * there is none, and all of p can go.
 */
enum {
	Vfixed	= BIT32SZ+BIT8SZ+BIT16SZ+BIT32SZ+BIT16SZ,	/* Rversion up to its string */
	Efixed	= BIT32SZ+BIT8SZ+BIT16SZ+BIT16SZ,		/* Rerror up to its string */
	Maxstr	= 200,					/* longest version or error string believed */
};

/* may a reply to Tversion of this type be size bytes long */
static int
versionsize(int type, u32int size)
{
	switch(type){
	case Rlerror:
		return size == HDRSZ+BIT32SZ;
	case Rerror:
		return size >= Efixed && size <= Efixed+Maxstr;
	case Rversion:
		return size >= Vfixed && size <= Vfixed+Maxstr;
	}
	return 0;
}

/* could p[0..n) be the start of a reply to Tversion? */
static int
versionlike(uchar *p, uint n)
{
	u32int size;
	uint i;
	int type;

	if(n < BIT32SZ){
		for(i = 1; i < n; i++)	/* a size below 256 */
			if(p[i] != 0)
				return 0;
		return 1;
	}
	size = GBIT32(p);
	if(n == BIT32SZ)
		return versionsize(Rversion, size) || versionsize(Rerror, size) || versionsize(Rlerror, size);
	type = p[BIT32SZ];
	if(!versionsize(type, size))
		return 0;
	for(i = BIT32SZ+BIT8SZ; i < HDRSZ && i < n; i++)
		if(p[i] != 0xFF)	/* NOTAG */
			return 0;
	if(type == Rerror && n >= Efixed)
		return GBIT16(p+HDRSZ) == size-Efixed;
	if(type == Rversion && n >= Vfixed)
		return GBIT16(p+Vfixed-BIT16SZ) == size-Vfixed;
	return 1;
}

uint
versionreply(uchar *p, uint n)
{
	uint i;

	for(i = 0; i < n; i++)
		if(versionlike(p+i, n-i))
			return i;
	return n;
}
