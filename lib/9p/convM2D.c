/*
 * Decode one directory entry (a stat).  The entry must be exactly
 * nbuf bytes: its size field is nbuf-2 and its fields, in the chosen
 * dialect, fill it with nothing left over.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include "9pcodec.h"

static void
getdir(Unpack *u, Dir *d, int dotu)
{
	uint size;

	size = get16(u);
	if(size != u->ep - u->p){
		u->bad = 1;
		return;
	}
	d->type = get16(u);
	d->dev = get32(u);
	getqid(u, &d->qid);
	d->mode = get32(u);
	d->atime = get32(u);
	d->mtime = get32(u);
	d->length = get64(u);
	d->name = getstring(u);
	d->uid = getstring(u);
	d->gid = getstring(u);
	d->muid = getstring(u);
	if(dotu){
		d->extension = getstring(u);
		d->n_uid = get32(u);
		d->n_gid = get32(u);
		d->n_muid = get32(u);
	}else{
		d->extension = "";
		d->n_uid = NOUID;
		d->n_gid = NOUID;
		d->n_muid = NOUID;
	}
	if(u->p != u->ep)
		u->bad = 1;
}

/* 0 if buf holds exactly one well-formed stat, -1 if not; buf is not changed. */
int
statcheckx(uchar *buf, uint nbuf, int dotu)
{
	Unpack u;
	Dir d;

	unpinit(&u, buf, nbuf, Speek, nil);
	getdir(&u, &d, dotu);
	return u.bad ? -1 : 0;
}

/*
 * With strs, the strings are copied there, NUL-terminated; strs must
 * hold nbuf bytes (each string needs one byte less than on the wire).
 * buf is only read, so one pass does: d is written only if the whole
 * entry is well formed (strs may have been written anyway).  Without
 * strs, the strings are NUL-terminated inside buf, which is rewritten,
 * so the entry is checked first: a malformed one leaves buf and d
 * alone.
 */
uint
convM2Dx(uchar *buf, uint nbuf, Dir *d, char *strs, int dotu)
{
	Unpack u;
	Dir t;

	if(strs != nil){
		unpinit(&u, buf, nbuf, Scopy, strs);
		getdir(&u, &t, dotu);
		if(u.bad)
			return 0;
		*d = t;
		return nbuf;
	}
	if(statcheckx(buf, nbuf, dotu) < 0)
		return 0;
	unpinit(&u, buf, nbuf, Sinplace, nil);
	getdir(&u, d, dotu);
	return u.bad ? 0 : nbuf;
}

int
statcheck(uchar *buf, uint nbuf)
{
	return statcheckx(buf, nbuf, 0);
}

int
statchecku(uchar *buf, uint nbuf)
{
	return statcheckx(buf, nbuf, 1);
}

uint
convM2D(uchar *buf, uint nbuf, Dir *d, char *strs)
{
	return convM2Dx(buf, nbuf, d, strs, 0);
}

uint
convM2Du(uchar *buf, uint nbuf, Dir *d, char *strs)
{
	return convM2Dx(buf, nbuf, d, strs, 1);
}
