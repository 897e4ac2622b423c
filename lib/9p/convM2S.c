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
