/*
 * libFuzzer target for libc's dirread unpacking (dirpackage in
 * lib/libc/dirread.c, compiled into this file to reach the static
 * function), built by tests/fuzz/run.
 *
 * Any bytes, as a read of a directory returned them, from an
 * allocation of exactly their length: dirpackage must give either
 * -1 with "malformed directory entry" and no Dirs, or exactly the
 * entries the bytes hold, in order, each equal to what convM2D makes
 * of that entry alone and re-encoding to its very bytes, with its
 * strings in the Dirs' own allocation (the bytes are freed first, as
 * dirread frees its buffer, so ASan sees a string left pointing there).  The model
 * of "the bytes hold entries" is this file's own walk over the sizes.
 * The input is tried as given and with its first size field patched
 * to cover the rest, so the fuzzer need not guess sizes.
 */
#include "../../lib/libc/dirread.c"

#include "fuzz.h"

static char *lasterr;

/* libc's werrstr ends in a system call; only its text matters here */
void
werrstr(char *fmt, ...)
{
	lasterr = fmt;
}


/*
 * The model: the number of entries buf[0..n) is made of, or -1 if it
 * is not a run of well-formed entries.
 */
static long
entries(uchar *buf, long n)
{
	uchar *p, *ep, *e;
	long nd, m;
	Dir d;
	int ok;

	p = buf;
	ep = buf+n;
	for(nd = 0; p < ep; nd++){
		if(ep-p < BIT16SZ)
			return -1;
		m = BIT16SZ + (p[0] | p[1]<<8);
		if(m > ep-p)
			return -1;
		e = copyin(p, m);
		ok = convM2D(e, m, &d, nil) == (uint)m;
		free(e);
		if(!ok)
			return -1;
		p += m;
	}
	return nd;
}

static int
samestr(char *a, char *b)
{
	return a != nil && b != nil && strcmp(a, b) == 0;
}

static void
sameentry(Dir *d, uchar *p, long m)
{
	uchar *e, *out;
	Dir want;

	e = copyin(p, m);
	need(convM2D(e, m, &want, nil) == (uint)m);
	need(d->type == want.type && d->dev == want.dev);
	need(d->qid.type == want.qid.type && d->qid.vers == want.qid.vers && d->qid.path == want.qid.path);
	need(d->mode == want.mode && d->atime == want.atime && d->mtime == want.mtime);
	need(d->length == want.length);
	need(samestr(d->name, want.name) && samestr(d->uid, want.uid));
	need(samestr(d->gid, want.gid) && samestr(d->muid, want.muid));
	out = malloc(m);
	need(convD2M(d, out, m) == (uint)m);
	need(memcmp(out, p, m) == 0);
	free(out);
	free(e);
}

static void
try(uchar *data, usize size)
{
	uchar *buf, *orig, *p;
	long nd, want, i, m;
	Dir *d;

	buf = copyin(data, size);
	orig = copyin(data, size);
	want = entries(orig, size);
	lasterr = nil;
	d = (Dir*)1;
	nd = dirpackage(buf, size, &d);
	need(memcmp(buf, orig, size) == 0);
	free(buf);	/* as dirread does: the Dirs must not point into it */
	need(nd == want);
	if(nd <= 0){
		need(d == nil);
		need(nd == 0 || samestr(lasterr, "malformed directory entry"));
	}else{
		need(d != nil);
		p = orig;
		for(i = 0; i < nd; i++){
			m = BIT16SZ + GBIT16(p);
			sameentry(&d[i], p, m);
			p += m;
		}
		free(d);
	}
	free(orig);
}

int
LLVMFuzzerTestOneInput(uchar *data, usize size)
{
	uchar *fixed;

	if(size > 1<<20)
		return 0;
	try(data, size);
	if(size >= BIT16SZ && size-BIT16SZ <= 0xFFFF){
		fixed = copyin(data, size);
		PBIT16(fixed, size-BIT16SZ);
		try(fixed, size);
		free(fixed);
	}
	return 0;
}
