/*
 * Encode one directory entry (a stat).  nil strings encode as empty.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include "9pcodec.h"

static void
putdir(Pack *k, Dir *d, int dotu, uint size)
{
	put16(k, size-BIT16SZ);
	put16(k, d->type);
	put32(k, d->dev);
	putqid(k, &d->qid);
	put32(k, d->mode);
	put32(k, d->atime);
	put32(k, d->mtime);
	put64(k, d->length);
	putstring(k, d->name);
	putstring(k, d->uid);
	putstring(k, d->gid);
	putstring(k, d->muid);
	if(dotu){
		putstring(k, d->extension);
		put32(k, d->n_uid);
		put32(k, d->n_gid);
		put32(k, d->n_muid);
	}
}

/* Bytes convD2Mx needs, size field included; 0 if d cannot be encoded. */
uint
sizeD2Mx(Dir *d, int dotu)
{
	Pack k;

	memset(&k, 0, sizeof k);
	putdir(&k, d, dotu, 0);
	if(k.bad || k.n > BIT16SZ+STATMAX)
		return 0;
	return k.n;
}

/*
 * As in Plan 9: if the entry does not fit in nbuf but nbuf has room
 * for the size field, only the size field is written and BIT16SZ is
 * returned, so a directory reader can tell "no room" from "done".
 */
uint
convD2Mx(Dir *d, uchar *buf, uint nbuf, int dotu)
{
	Pack k;
	uint size;

	size = sizeD2Mx(d, dotu);
	if(size == 0 || nbuf < BIT16SZ)
		return 0;
	if(size > nbuf){
		PBIT16(buf, size-BIT16SZ);
		return BIT16SZ;
	}
	memset(&k, 0, sizeof k);
	k.p = buf;
	putdir(&k, d, dotu, size);
	return size;
}

uint
sizeD2M(Dir *d)
{
	return sizeD2Mx(d, 0);
}

uint
sizeD2Mu(Dir *d)
{
	return sizeD2Mx(d, 1);
}

uint
convD2M(Dir *d, uchar *buf, uint nbuf)
{
	return convD2Mx(d, buf, nbuf, 0);
}

uint
convD2Mu(Dir *d, uchar *buf, uint nbuf)
{
	return convD2Mx(d, buf, nbuf, 1);
}
