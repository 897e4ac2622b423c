/*
 * Encode 9P messages.  putbody describes each message once; run with
 * a nil Pack.p it measures (sizeS2M), run again it writes (convS2M).
 * A message that cannot be encoded (unknown type, more than MAXWELEM
 * names or qids, a string over 65535 bytes, data or stat missing)
 * has size 0.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include "9pcodec.h"

static void
putauthattach(Pack *k, Fcall *f, int dotu)
{
	put32(k, f->afid);
	putstring(k, f->uname);
	putstring(k, f->aname);
	if(dotu)
		put32(k, f->uidnum);
}

static void
puttwalk(Pack *k, Fcall *f)
{
	int i;

	if(f->nwname > MAXWELEM){
		k->bad = 1;
		return;
	}
	put32(k, f->fid);
	put32(k, f->newfid);
	put16(k, f->nwname);
	for(i = 0; i < f->nwname; i++)
		putstring(k, f->wname[i]);
}

static void
putrwalk(Pack *k, Fcall *f)
{
	int i;

	if(f->nwqid > MAXWELEM){
		k->bad = 1;
		return;
	}
	put16(k, f->nwqid);
	for(i = 0; i < f->nwqid; i++)
		putqid(k, &f->wqid[i]);
}

static void
putdata(Pack *k, Fcall *f)
{
	if(f->data == nil && f->count != 0){
		k->bad = 1;
		return;
	}
	put32(k, f->count);
	packbytes(k, f->data, f->count);
}

static void
putstat(Pack *k, Fcall *f)
{
	if(f->stat == nil && f->nstat != 0){
		k->bad = 1;
		return;
	}
	put16(k, f->nstat);
	packbytes(k, f->stat, f->nstat);
}

static void
putlattr(Pack *k, Lattr *a)
{
	put64(k, a->valid);
	putqid(k, &a->qid);
	put32(k, a->mode);
	put32(k, a->uid);
	put32(k, a->gid);
	put64(k, a->nlink);
	put64(k, a->rdev);
	put64(k, a->size);
	put64(k, a->blksize);
	put64(k, a->blocks);
	put64(k, a->atime);
	put64(k, a->atimens);
	put64(k, a->mtime);
	put64(k, a->mtimens);
	put64(k, a->ctime);
	put64(k, a->ctimens);
	put64(k, a->btime);
	put64(k, a->btimens);
	put64(k, a->gen);
	put64(k, a->dataversion);
}

static void
putsetattr(Pack *k, Lattr *a)
{
	put32(k, a->valid);
	put32(k, a->mode);
	put32(k, a->uid);
	put32(k, a->gid);
	put64(k, a->size);
	put64(k, a->atime);
	put64(k, a->atimens);
	put64(k, a->mtime);
	put64(k, a->mtimens);
}

/* 9P2000.L's own messages; -1 for a type it does not have */
static int
putbodyL(Pack *k, Fcall *f)
{
	switch(f->type){
	default:
		return -1;
	case Rlerror:
		put32(k, f->errornum);
		break;
	case Tlopen:
		put32(k, f->fid);
		put32(k, f->lflags);
		break;
	case Tlcreate:
		put32(k, f->fid);
		putstring(k, f->lname);
		put32(k, f->lflags);
		put32(k, f->lmode);
		put32(k, f->lgid);
		break;
	case Tmkdir:
		put32(k, f->fid);
		putstring(k, f->lname);
		put32(k, f->lmode);
		put32(k, f->lgid);
		break;
	case Rlopen:
	case Rlcreate:
	case Rmkdir:
		putqid(k, &f->qid);
		if(f->type != Rmkdir)
			put32(k, f->iounit);
		break;
	case Trename:
		put32(k, f->fid);
		put32(k, f->dfid);
		putstring(k, f->lnewname);
		break;
	case Treadlink:
		put32(k, f->fid);
		break;
	case Rreadlink:
		putstring(k, f->lname);
		break;
	case Tgetattr:
		put32(k, f->fid);
		put64(k, f->attr.valid);
		break;
	case Rgetattr:
		putlattr(k, &f->attr);
		break;
	case Tsetattr:
		put32(k, f->fid);
		putsetattr(k, &f->attr);
		break;
	case Treaddir:
		put32(k, f->fid);
		put64(k, f->offset);
		put32(k, f->count);
		break;
	case Rreaddir:
		putdata(k, f);
		break;
	case Rrename:
	case Rsetattr:
		break;
	}
	return 0;
}

/* Everything after size[4] type[1] tag[2]; -1 for an unknown type. */
static int
putbody(Pack *k, Fcall *f, int dotu)
{
	switch(f->type){
	default:
		if(dotu == DialectL)
			return putbodyL(k, f);
		return -1;
	case Tversion:
	case Rversion:
		put32(k, f->msize);
		putstring(k, f->version);
		break;
	case Tauth:
		putauthattach(k, f, dotu);
		break;
	case Rauth:
		putqid(k, &f->aqid);
		break;
	case Tattach:
		put32(k, f->fid);
		putauthattach(k, f, dotu);
		break;
	case Rerror:
		putstring(k, f->ename);
		if(dotu)
			put32(k, f->errornum);
		break;
	case Tflush:
		put16(k, f->oldtag);
		break;
	case Twalk:
		puttwalk(k, f);
		break;
	case Rwalk:
		putrwalk(k, f);
		break;
	case Topen:
		put32(k, f->fid);
		put8(k, f->mode);
		break;
	case Tcreate:
		put32(k, f->fid);
		putstring(k, f->name);
		put32(k, f->perm);
		put8(k, f->mode);
		if(dotu)
			putstring(k, f->extension);
		break;
	case Rattach:
	case Ropen:
	case Rcreate:
		putqid(k, &f->qid);
		if(f->type != Rattach)
			put32(k, f->iounit);
		break;
	case Tread:
		put32(k, f->fid);
		put64(k, f->offset);
		put32(k, f->count);
		break;
	case Rread:
		putdata(k, f);
		break;
	case Twrite:
		put32(k, f->fid);
		put64(k, f->offset);
		putdata(k, f);
		break;
	case Rwrite:
		put32(k, f->count);
		break;
	case Tclunk:
	case Tremove:
	case Tstat:
		put32(k, f->fid);
		break;
	case Rstat:
		putstat(k, f);
		break;
	case Twstat:
		put32(k, f->fid);
		putstat(k, f);
		break;
	case Rflush:
	case Rclunk:
	case Rremove:
	case Rwstat:
		break;
	}
	return 0;
}

static int
pack(Pack *k, Fcall *f, int dotu)
{
	put32(k, 0);		/* size, filled in by convS2Mx */
	put8(k, f->type);
	put16(k, f->tag);
	if(putbody(k, f, dotu) < 0 || k->bad || k->n > 0xFFFFFFFF)
		return -1;
	return 0;
}

uint
sizeS2Mx(Fcall *f, int dotu)
{
	Pack k;

	memset(&k, 0, sizeof k);
	if(pack(&k, f, dotu) < 0)
		return 0;
	return k.n;
}

uint
convS2Mx(Fcall *f, uchar *ap, uint nap, int dotu)
{
	Pack k;
	uint size;

	size = sizeS2Mx(f, dotu);
	if(size == 0 || size > nap)
		return 0;
	memset(&k, 0, sizeof k);
	k.p = ap;
	pack(&k, f, dotu);
	PBIT32(ap, size);
	return size;
}

uint
sizeS2M(Fcall *f)
{
	return sizeS2Mx(f, 0);
}

uint
sizeS2Mu(Fcall *f)
{
	return sizeS2Mx(f, 1);
}

uint
convS2M(Fcall *f, uchar *ap, uint nap)
{
	return convS2Mx(f, ap, nap, 0);
}

uint
convS2Mu(Fcall *f, uchar *ap, uint nap)
{
	return convS2Mx(f, ap, nap, 1);
}
