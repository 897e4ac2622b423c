/*
 * lib/9p on the host: every message type round-trips in both
 * dialects, hand-assembled wire bytes decode to the right fields,
 * and truncated, padded or lying input is rejected without touching
 * memory outside the message (run under ASan; every malformed buffer
 * is a malloc of exactly its length).
 */
#include <u.h>
#include <str.h>
#include <fcall.h>
#include <msgbuf.h>
#include "test.h"

enum { Big = 200000 };

static uchar enc[Big], enc2[Big];
static char *dialect[] = { "9P2000", "9P2000.u" };
static char *tname[] = {
	"Tversion", "Rversion", "Tauth", "Rauth", "Tattach", "Rattach",
	"Terror", "Rerror", "Tflush", "Rflush", "Twalk", "Rwalk",
	"Topen", "Ropen", "Tcreate", "Rcreate", "Tread", "Rread",
	"Twrite", "Rwrite", "Tclunk", "Rclunk", "Tremove", "Rremove",
	"Tstat", "Rstat", "Twstat", "Rwstat",
};

static char*
name3(char *a, char *b, char *c)
{
	static char buf[128];

	strcpy(buf, a);
	strcat(buf, " ");
	strcat(buf, b);
	strcat(buf, " ");
	strcat(buf, c);
	return buf;
}

/* A malloc'd copy of exactly n bytes, so ASan sees any overread. */
static uchar*
dup(uchar *p, uint n)
{
	uchar *q;

	q = malloc(n ? n : 1);
	memmove(q, p, n);
	return q;
}

static int
streq(char *a, char *b)
{
	if(a == nil)
		a = "";
	if(b == nil)
		b = "";
	return strcmp(a, b) == 0;
}

static int
qideq(Qid *a, Qid *b)
{
	return a->path == b->path && a->vers == b->vers && a->type == b->type;
}

/* Does decoded d carry everything in original f that the dialect carries? */
static int
fcalleq(Fcall *f, Fcall *d, int dotu)
{
	int i;

	if(f->type != d->type || f->tag != d->tag)
		return 0;
	switch(f->type){
	case Tversion:
	case Rversion:
		return f->msize == d->msize && streq(f->version, d->version);
	case Tattach:
		if(f->fid != d->fid)
			return 0;
		/* fall through */
	case Tauth:
		return f->afid == d->afid && streq(f->uname, d->uname) &&
			streq(f->aname, d->aname) &&
			d->uidnum == (dotu ? f->uidnum : NOUID);
	case Rauth:
		return qideq(&f->aqid, &d->aqid);
	case Rerror:
		return streq(f->ename, d->ename) && d->errornum == (dotu ? f->errornum : 0);
	case Tflush:
		return f->oldtag == d->oldtag;
	case Twalk:
		if(f->fid != d->fid || f->newfid != d->newfid || f->nwname != d->nwname)
			return 0;
		for(i = 0; i < f->nwname; i++)
			if(!streq(f->wname[i], d->wname[i]))
				return 0;
		return 1;
	case Rwalk:
		if(f->nwqid != d->nwqid)
			return 0;
		for(i = 0; i < f->nwqid; i++)
			if(!qideq(&f->wqid[i], &d->wqid[i]))
				return 0;
		return 1;
	case Topen:
		return f->fid == d->fid && f->mode == d->mode;
	case Tcreate:
		return f->fid == d->fid && streq(f->name, d->name) && f->perm == d->perm &&
			f->mode == d->mode &&
			(dotu ? streq(f->extension, d->extension) : d->extension == nil);
	case Rattach:
		return qideq(&f->qid, &d->qid);
	case Ropen:
	case Rcreate:
		return qideq(&f->qid, &d->qid) && f->iounit == d->iounit;
	case Tread:
		return f->fid == d->fid && f->offset == d->offset && f->count == d->count;
	case Twrite:
		if(f->fid != d->fid || f->offset != d->offset)
			return 0;
		/* fall through */
	case Rread:
		return f->count == d->count && memcmp(f->data, d->data, f->count) == 0;
	case Rwrite:
		return f->count == d->count;
	case Tclunk:
	case Tremove:
	case Tstat:
		return f->fid == d->fid;
	case Twstat:
		if(f->fid != d->fid)
			return 0;
		/* fall through */
	case Rstat:
		return f->nstat == d->nstat && memcmp(f->stat, d->stat, f->nstat) == 0;
	}
	return 1;
}

static Dir sampledir = {
	.type = 'M', .dev = 3,
	.qid = { .path = 0x0102030405060708ULL, .vers = 0xdeadbeef, .type = QTDIR },
	.mode = DMDIR|0755, .atime = 1700000000, .mtime = 1700000001,
	.length = 0x123456789LL,
	.name = "lib", .uid = "glenda", .gid = "sys", .muid = "",
	.extension = "", .n_uid = 1000, .n_gid = 100, .n_muid = NOUID,
};

static Dir symdir = {
	.qid = { .path = 42, .vers = 1, .type = QTSYMLINK },
	.mode = DMSYMLINK|0777,
	.name = "link", .uid = "root", .gid = "root", .muid = "root",
	.extension = "/tmp/target", .n_uid = 0, .n_gid = 0, .n_muid = 0,
};

static uchar statbuf[2][512];
static char wirebytes[] = "bytes\0with a NUL and \xff high bit";

/* Fill t with one or more messages of every type; returns the count. */
static int
mkcalls(Fcall *t, int dotu)
{
	Fcall *f;
	Qid q = { .path = 0x8877665544332211ULL, .vers = 9, .type = QTFILE };
	Qid aq = { .path = 1, .vers = 0, .type = QTAUTH };
	static char *path[MAXWELEM] = {
		"usr", "glenda", "lib", "a", "b", "c", "d", "e",
		"f", "g", "h", "i", "j", "k", "l", "αβγ",
	};
	int i, ns;

	ns = convD2Mx(&sampledir, statbuf[dotu], sizeof statbuf[dotu], dotu);
	f = t;
	memset(t, 0, 64*sizeof *t);
#define M(ty, tg)	(f->type = ty, f->tag = tg, f++)
	f->msize = 8192; f->version = "9P2000.u"; M(Tversion, NOTAG);
	f->msize = 131096; f->version = "9P2000"; M(Rversion, NOTAG);
	f->afid = 5; f->uname = "glenda"; f->aname = ""; f->uidnum = 1000; M(Tauth, 1);
	f->aqid = aq; M(Rauth, 1);
	f->fid = 1; f->afid = NOFID; f->uname = "glenda"; f->aname = "/tmp";
	f->uidnum = NOUID; M(Tattach, 2);
	f->qid = q; M(Rattach, 2);
	f->ename = "file does not exist"; f->errornum = 2; M(Rerror, 3);
	f->ename = ""; f->errornum = 0; M(Rerror, 3);
	f->oldtag = 17; M(Tflush, 4);
	M(Rflush, 4);
	f->fid = 1; f->newfid = 2; f->nwname = 0; M(Twalk, 5);
	f->fid = 1; f->newfid = 2; f->nwname = 3;
	for(i = 0; i < 3; i++)
		f->wname[i] = path[i];
	M(Twalk, 5);
	f->fid = 1; f->newfid = 3; f->nwname = MAXWELEM;
	for(i = 0; i < MAXWELEM; i++)
		f->wname[i] = path[i];
	M(Twalk, 5);
	f->nwqid = 0; M(Rwalk, 5);
	f->nwqid = MAXWELEM;
	for(i = 0; i < MAXWELEM; i++){
		f->wqid[i] = q;
		f->wqid[i].path += i;
	}
	M(Rwalk, 5);
	f->fid = 2; f->mode = 1; M(Topen, 6);
	f->qid = q; f->iounit = 8168; M(Ropen, 6);
	f->fid = 2; f->name = "new"; f->perm = DMDIR|0755; f->mode = 0; M(Tcreate, 7);
	f->fid = 2; f->name = "ln"; f->perm = DMSYMLINK|0777; f->mode = 0;
	f->extension = "/etc/passwd"; M(Tcreate, 7);
	f->qid = q; f->iounit = 0; M(Rcreate, 7);
	f->fid = 2; f->offset = 1LL<<40; f->count = 8192; M(Tread, 8);
	f->count = 0; f->data = ""; M(Rread, 8);
	f->count = sizeof wirebytes; f->data = wirebytes; M(Rread, 8);
	f->fid = 2; f->offset = -1; f->count = sizeof wirebytes; f->data = wirebytes; M(Twrite, 9);
	f->count = sizeof wirebytes; M(Rwrite, 9);
	f->fid = 2; M(Tclunk, 10);
	M(Rclunk, 10);
	f->fid = 3; M(Tremove, 11);
	M(Rremove, 11);
	f->fid = 4; M(Tstat, 12);
	f->nstat = ns; f->stat = statbuf[dotu]; M(Rstat, 12);
	f->fid = 4; f->nstat = ns; f->stat = statbuf[dotu]; M(Twstat, 13);
	M(Rwstat, 13);
#undef M
	return f - t;
}

/* Every truncation, with the size field left alone or made to agree, fails. */
static int
truncsrejected(uchar *m, uint n, int dotu)
{
	uint len;
	uchar *p;
	Fcall d;
	int ok;

	ok = 1;
	for(len = 0; len < n; len++){
		p = dup(m, len);
		if(convM2Sx(p, len, &d, dotu) != 0)
			ok = 0;
		free(p);
		if(len >= BIT32SZ){
			p = dup(m, len);
			PBIT32(p, len);
			if(convM2Sx(p, len, &d, dotu) != 0)
				ok = 0;
			free(p);
		}
	}
	return ok;
}

/* A byte of trailing garbage is rejected whether or not the size counts it. */
static int
paddingrejected(uchar *m, uint n, int dotu)
{
	uchar *p;
	Fcall d;
	int ok;

	p = malloc(n+1);
	memmove(p, m, n);
	p[n] = 0;
	ok = convM2Sx(p, n+1, &d, dotu) == 0;
	PBIT32(p, n+1);
	ok = ok && convM2Sx(p, n+1, &d, dotu) == 0;
	/* size field larger than the buffer */
	memmove(p, m, n);
	PBIT32(p, n+1);
	ok = ok && convM2Sx(p, n, &d, dotu) == 0;
	free(p);
	return ok;
}

static void
testroundtrips(void)
{
	Fcall t[64], d;
	int dotu, i, nt, ok, rt, fields, trunc, pad;
	uint n, n2;
	uchar *p;
	uchar seen[Tmax];

	for(dotu = 0; dotu < 2; dotu++){
		nt = mkcalls(t, dotu);
		memset(seen, 0, sizeof seen);
		for(i = 0; i < nt; i++){
			seen[t[i].type] = 1;
			n = convS2Mx(&t[i], enc, sizeof enc, dotu);
			ok = n != 0 && n == sizeS2Mx(&t[i], dotu) && GBIT32(enc) == n;
			p = dup(enc, n);
			rt = ok && convM2Sx(p, n, &d, dotu) == n;
			fields = rt && fcalleq(&t[i], &d, dotu);
			n2 = rt ? convS2Mx(&d, enc2, sizeof enc2, dotu) : 0;
			rt = rt && n2 == n && memcmp(enc, enc2, n) == 0;
			free(p);
			trunc = ok && truncsrejected(enc, n, dotu);
			pad = ok && paddingrejected(enc, n, dotu);
			check(name3("encode", tname[t[i].type-Tversion], dialect[dotu]), ok);
			check(name3("roundtrip", tname[t[i].type-Tversion], dialect[dotu]), rt);
			check(name3("fields", tname[t[i].type-Tversion], dialect[dotu]), fields);
			check(name3("truncated", tname[t[i].type-Tversion], dialect[dotu]), trunc);
			check(name3("padded", tname[t[i].type-Tversion], dialect[dotu]), pad);
			/* a buffer one byte short gets nothing */
			check(name3("short buffer", tname[t[i].type-Tversion], dialect[dotu]),
				convS2Mx(&t[i], enc2, n-1, dotu) == 0);
		}
		ok = 1;
		for(i = Tversion; i < Tmax; i++)
			if(i != Terror && !seen[i])
				ok = 0;
		check(name3("all types covered", dialect[dotu], ""), ok);
	}
}

/* Known bytes, so the codec is checked against the protocol, not itself. */
static void
testwire(void)
{
	static uchar tversion[] = {
		19,0,0,0, Tversion, 0xff,0xff, 0x00,0x20,0,0, 6,0, '9','P','2','0','0','0',
	};
	static uchar rerroru[] = {
		17,0,0,0, Rerror, 1,0, 4,0, 'g','o','n','e', 2,0,0,0,
	};
	static uchar tattachu[] = {
		24,0,0,0, Tattach, 2,0, 1,0,0,0, 0xff,0xff,0xff,0xff,
		1,0, 'u', 0,0, 0xe8,0x03,0,0,
	};
	static uchar twrite[] = {
		26,0,0,0, Twrite, 9,0, 7,0,0,0, 1,2,3,4,5,6,7,8, 3,0,0,0, 'a',0,'c',
	};
	uchar *p;
	Fcall f;
	uint n;

	p = dup(tversion, sizeof tversion);
	n = convM2S(p, sizeof tversion, &f);
	check("wire Tversion", n == sizeof tversion && f.type == Tversion && f.tag == NOTAG &&
		f.msize == 8192 && strcmp(f.version, "9P2000") == 0);
	free(p);
	f.version = "9P2000";
	check("wire Tversion encode", convS2M(&f, enc, sizeof enc) == sizeof tversion &&
		memcmp(enc, tversion, sizeof tversion) == 0);

	p = dup(rerroru, sizeof rerroru);
	n = convM2Su(p, sizeof rerroru, &f);
	check("wire Rerror .u", n == sizeof rerroru && strcmp(f.ename, "gone") == 0 &&
		f.errornum == 2);
	free(p);
	p = dup(rerroru, sizeof rerroru);
	check("wire Rerror .u is not 9P2000", convM2S(p, sizeof rerroru, &f) == 0);
	free(p);

	p = dup(tattachu, sizeof tattachu);
	n = convM2Su(p, sizeof tattachu, &f);
	check("wire Tattach .u", n == sizeof tattachu && f.fid == 1 && f.afid == NOFID &&
		strcmp(f.uname, "u") == 0 && strcmp(f.aname, "") == 0 && f.uidnum == 1000);
	free(p);
	p = dup(tattachu, sizeof tattachu);
	check("wire Tattach .u is not 9P2000", convM2S(p, sizeof tattachu, &f) == 0);
	free(p);

	/* zero copy: data points into the message */
	p = dup(twrite, sizeof twrite);
	n = convM2S(p, sizeof twrite, &f);
	check("wire Twrite", n == sizeof twrite && f.fid == 7 &&
		f.offset == 0x0807060504030201LL && f.count == 3);
	check("wire Twrite data in place", f.data == (char*)p+23);
	free(p);
}

static uint
mkmsg(uchar *m, int type, uchar *body, uint nbody)
{
	PBIT32(m, HDRSZ+nbody);
	m[4] = type;
	PBIT16(m+5, 1);
	memmove(m+HDRSZ, body, nbody);
	return HDRSZ+nbody;
}

static void
testmalformed(void)
{
	uchar body[1024], m[1100], *p;
	uint nb, n;
	int i;
	Fcall f;

	/* string length running past the end */
	PBIT32(body, 8192);
	PBIT16(body+4, 7);
	memmove(body+6, "9P2000", 6);
	n = mkmsg(m, Tversion, body, 12);
	p = dup(m, n);
	check("string past end", convM2S(p, n, &f) == 0);
	free(p);

	/* a NUL inside a string */
	PBIT16(body+4, 6);
	body[8] = 0;
	n = mkmsg(m, Tversion, body, 12);
	p = dup(m, n);
	check("NUL in string", convM2S(p, n, &f) == 0);
	free(p);

	/* a complete Twalk with 17 names */
	PBIT32(body, 1);
	PBIT32(body+4, 2);
	PBIT16(body+8, MAXWELEM+1);
	nb = 10;
	for(i = 0; i <= MAXWELEM; i++){
		PBIT16(body+nb, 1);
		body[nb+2] = 'a'+i;
		nb += 3;
	}
	n = mkmsg(m, Twalk, body, nb);
	p = dup(m, n);
	check("Twalk nwname 17", convM2S(p, n, &f) == 0);
	free(p);
	/* the same with 16 is fine, so 17 was rejected for the count */
	PBIT16(body+8, MAXWELEM);
	n = mkmsg(m, Twalk, body, nb-3);
	p = dup(m, n);
	check("Twalk nwname 16", convM2S(p, n, &f) == n && f.nwname == MAXWELEM &&
		strcmp(f.wname[15], "p") == 0);
	free(p);

	/* a complete Rwalk with 17 qids */
	PBIT16(body, MAXWELEM+1);
	memset(body+2, 0, (MAXWELEM+1)*QIDSZ);
	n = mkmsg(m, Rwalk, body, 2+(MAXWELEM+1)*QIDSZ);
	p = dup(m, n);
	check("Rwalk nwqid 17", convM2S(p, n, &f) == 0);
	free(p);

	/* Rread count past the end */
	PBIT32(body, 10);
	memset(body+4, 'x', 9);
	n = mkmsg(m, Rread, body, 13);
	p = dup(m, n);
	check("Rread count past end", convM2S(p, n, &f) == 0);
	free(p);
	PBIT32(body, 0xFFFFFFFF);
	n = mkmsg(m, Rread, body, 13);
	p = dup(m, n);
	check("Rread count 2^32-1", convM2S(p, n, &f) == 0);
	free(p);

	/* types that do not exist */
	n = mkmsg(m, Terror, body, 0);
	check("Terror rejected", convM2S(m, n, &f) == 0);
	n = mkmsg(m, Tversion-1, body, 0);
	check("type 99 rejected", convM2S(m, n, &f) == 0);
	n = mkmsg(m, Tmax, body, 0);
	check("type 128 rejected", convM2S(m, n, &f) == 0);
	n = mkmsg(m, Rclunk, body, 0);
	check("empty Rclunk accepted", convM2S(m, n, &f) == n && f.type == Rclunk && f.tag == 1);
	check("header-only buffer too short", convM2S(m, HDRSZ-1, &f) == 0);

	/* encoding refuses what cannot be said */
	memset(&f, 0, sizeof f);
	f.type = Twalk;
	f.nwname = MAXWELEM+1;
	check("encode nwname 17", sizeS2M(&f) == 0 && convS2M(&f, enc, sizeof enc) == 0);
	f.type = Terror;
	check("encode Terror", sizeS2M(&f) == 0);
	f.type = Rread;
	f.count = 5;
	f.data = nil;
	check("encode Rread nil data", sizeS2M(&f) == 0);
}

static void
testmsgsize(void)
{
	uchar m[8] = { 0x10, 0x20, 0, 0, 1, 2, 3, 4 };

	check("msgsize short", msgsize(m, 0) == 0 && msgsize(m, 3) == 0);
	check("msgsize", msgsize(m, 4) == 0x2010 && msgsize(m, 8) == 0x2010);
	PBIT32(m, 6);
	check("msgsize below header", msgsize(m, 4) < 0);
	PBIT32(m, 0x80000000);
	check("msgsize huge", msgsize(m, 4) < 0);
	PBIT32(m, HDRSZ);
	check("msgsize header only", msgsize(m, 4) == HDRSZ);
}

/* An Rversion (or Rerror, Rlerror) tagged NOTAG, for the resync tests. */
static uint
versionmsg(uchar *p, int type, char *s, ushort tag)
{
	uint n, len;

	len = s != nil ? strlen(s) : 0;
	PBIT8(p+BIT32SZ, type);
	PBIT16(p+BIT32SZ+BIT8SZ, tag);
	n = HDRSZ;
	switch(type){
	case Rversion:
		PBIT32(p+n, 8192);
		n += BIT32SZ;
		/* fall through */
	case Rerror:
		PBIT16(p+n, len);
		memmove(p+n+BIT16SZ, s, len);
		n += BIT16SZ+len;
		break;
	case Rlerror:
		PBIT32(p+n, 95);
		n += BIT32SZ;
		break;
	}
	PBIT32(p, n);
	return n;
}

/* what an earlier session left: half a message, then a whole Rread */
static uint
stale(uchar *p)
{
	uint n;

	memset(p, 'x', 37);
	n = 37;
	PBIT32(p+n, HDRSZ+BIT32SZ+100);
	PBIT8(p+n+BIT32SZ, Rread);
	PBIT16(p+n+BIT32SZ+BIT8SZ, 3);
	PBIT32(p+n+HDRSZ, 100);
	memset(p+n+HDRSZ+BIT32SZ, 'd', 100);
	return n+HDRSZ+BIT32SZ+100;
}

static void
testversionreply(void)
{
	uchar m[512];
	uint n, k, v;

	v = versionmsg(m, Rversion, "9P2000", NOTAG);
	check("versionreply at start", versionreply(m, v) == 0);
	k = stale(m);
	v = versionmsg(m+k, Rversion, "9P2000", NOTAG);
	check("versionreply after stale bytes", versionreply(m, k+v) == k);
	check("versionreply prefix kept", versionreply(m, k+6) == k && versionreply(m, k+2) == k);
	/* no message, but the last byte could start a size: kept */
	check("versionreply none", versionreply(m, k) == k-1);
	versionmsg(m+k, Rversion, "9P2000", 1);
	check("versionreply needs NOTAG", versionreply(m, k+v) == k+v-1);
	v = versionmsg(m+k, Rversion, "unknown", NOTAG);
	check("versionreply unknown", versionreply(m, k+v) == k);
	v = versionmsg(m+k, Rerror, "no such version", NOTAG);
	check("versionreply Rerror", versionreply(m, k+v) == k);
	v = versionmsg(m+k, Rlerror, nil, NOTAG);
	check("versionreply Rlerror", versionreply(m, k+v) == k);
	n = versionmsg(m+k, Rversion, "9P2000", NOTAG);
	PBIT16(m+k+n-6-BIT16SZ, 7);	/* string length disagrees with size */
	check("versionreply inconsistent", versionreply(m, k+n) == k+n-1);
}

/*
 * A Msgbuf in sync mode, fed in 5-byte pieces, drops what comes before
 * the Rversion and frames what follows it; without sync the same
 * stream cannot be framed.
 */
static void
testmsgbufsync(void)
{
	uchar m[512], *p, types[8];
	Msgbuf b;
	long n, w, run, off, room, total, nstale;
	int sync, nt, bad;

	for(sync = 1; sync >= 0; sync--){
		nstale = stale(m);
		total = nstale + versionmsg(m+nstale, Rversion, "9P2000", NOTAG);
		PBIT32(m+total, HDRSZ+13);	/* an Rattach after it */
		PBIT8(m+total+BIT32SZ, Rattach);
		PBIT16(m+total+BIT32SZ+BIT8SZ, 0);
		memset(m+total+HDRSZ, 0, 13);
		total += HDRSZ+13;
		bad = msgbufinit(&b, 16, 8192) < 0;
		if(sync)
			msgbufsync(&b);
		nt = 0;
		for(n = 0; !bad && n < total; n += w){
			p = msgbufroom(&b, &room);
			w = total-n < 5 ? total-n : 5;
			if(w > room)
				w = room;
			memmove(p, m+n, w);
			run = msgbufadd(&b, w);
			if(run < 0){
				bad = 1;
				break;
			}
			for(off = 0; off < run && nt < nelem(types); off += GBIT32(b.buf+off))
				types[nt++] = b.buf[off+BIT32SZ];
			if(run > 0 && msgbufdone(&b, run) < 0)
				bad = 1;
		}
		if(sync)
			check("msgbuf sync drops stale bytes", !bad && nt == 2 && types[0] == Rversion &&
				types[1] == Rattach && b.dropped == nstale && b.len == 0 && !b.sync);
		else
			check("msgbuf without sync fails on them", bad);
		msgbuffree(&b);
	}
}

static int
direq(Dir *a, Dir *b, int dotu)
{
	if(a->type != b->type || a->dev != b->dev || !qideq(&a->qid, &b->qid) ||
	   a->mode != b->mode || a->atime != b->atime || a->mtime != b->mtime ||
	   a->length != b->length || !streq(a->name, b->name) || !streq(a->uid, b->uid) ||
	   !streq(a->gid, b->gid) || !streq(a->muid, b->muid))
		return 0;
	if(!dotu)
		return streq(b->extension, "") && b->n_uid == NOUID &&
			b->n_gid == NOUID && b->n_muid == NOUID;
	return streq(a->extension, b->extension) && a->n_uid == b->n_uid &&
		a->n_gid == b->n_gid && a->n_muid == b->n_muid;
}

static void
testdirs(void)
{
	Dir *dirs[] = { &sampledir, &symdir }, d, empty;
	uchar buf[512], buf2[512], *p;
	char strs[512];
	uint n, len;
	int dotu, i, ok;

	for(dotu = 0; dotu < 2; dotu++)
	for(i = 0; i < nelem(dirs); i++){
		n = convD2Mx(dirs[i], buf, sizeof buf, dotu);
		ok = n == sizeD2Mx(dirs[i], dotu) && n == GBIT16(buf)+BIT16SZ &&
			n == (dotu ? STATFIXLENU : STATFIXLEN) + strlen(dirs[i]->name) +
			strlen(dirs[i]->uid) + strlen(dirs[i]->gid) + strlen(dirs[i]->muid) +
			(dotu ? strlen(dirs[i]->extension) : 0);
		check(name3("dir encode size", dirs[i]->name, dialect[dotu]), ok);
		check(name3("statcheck", dirs[i]->name, dialect[dotu]),
			statcheckx(buf, n, dotu) == 0 && statcheckx(buf, n, !dotu) < 0);

		/* strings copied out; buf untouched */
		memmove(buf2, buf, n);
		ok = convM2Dx(buf, n, &d, strs, dotu) == n && direq(dirs[i], &d, dotu) &&
			memcmp(buf, buf2, n) == 0 && convD2Mx(&d, enc, sizeof enc, dotu) == n &&
			memcmp(enc, buf, n) == 0;
		check(name3("dir roundtrip strs", dirs[i]->name, dialect[dotu]), ok);

		/* strings in place */
		p = dup(buf, n);
		ok = convM2Dx(p, n, &d, nil, dotu) == n && direq(dirs[i], &d, dotu) &&
			(uchar*)d.name > p && (uchar*)d.name < p+n &&
			convD2Mx(&d, enc, sizeof enc, dotu) == n && memcmp(enc, buf, n) == 0;
		free(p);
		check(name3("dir roundtrip in place", dirs[i]->name, dialect[dotu]), ok);

		/* every truncation, size field as is and made to agree */
		ok = 1;
		for(len = 0; len < n; len++){
			p = dup(buf, len);
			if(statcheckx(p, len, dotu) == 0 || convM2Dx(p, len, &d, nil, dotu) != 0)
				ok = 0;
			if(len >= BIT16SZ){
				PBIT16(p, len-BIT16SZ);
				if(statcheckx(p, len, dotu) == 0 || convM2Dx(p, len, &d, strs, dotu) != 0)
					ok = 0;
			}
			free(p);
		}
		check(name3("dir truncated", dirs[i]->name, dialect[dotu]), ok);

		/* trailing byte, counted or not */
		p = malloc(n+1);
		memmove(p, buf, n);
		p[n] = 'x';
		ok = statcheckx(p, n+1, dotu) < 0;
		PBIT16(p, n+1-BIT16SZ);
		ok = ok && statcheckx(p, n+1, dotu) < 0 && convM2Dx(p, n+1, &d, nil, dotu) == 0;
		free(p);
		check(name3("dir padded", dirs[i]->name, dialect[dotu]), ok);

		/* short buffer: only the size, as Plan 9 dirread expects */
		memset(buf2, 0, sizeof buf2);
		ok = convD2Mx(dirs[i], buf2, n-1, dotu) == BIT16SZ && GBIT16(buf2) == n-BIT16SZ &&
			convD2Mx(dirs[i], buf2, 1, dotu) == 0;
		check(name3("dir short buffer", dirs[i]->name, dialect[dotu]), ok);
	}

	/* a name's length pointing past the entry */
	n = convD2M(&sampledir, buf, sizeof buf);
	PBIT16(buf+STATFIXLEN-4*BIT16SZ, 200);
	check("dir string past end", statcheck(buf, n) < 0 && convM2D(buf, n, &d, strs) == 0);

	/* nil strings encode as empty */
	memset(&empty, 0, sizeof empty);
	n = convD2Mu(&empty, buf, sizeof buf);
	check("dir nil strings", n == STATFIXLENU && convM2Du(buf, n, &d, nil) == n &&
		strcmp(d.name, "") == 0 && strcmp(d.extension, "") == 0);
}

/* A directory read's worth of entries, walked as a reader would. */
static void
testdirread(void)
{
	uchar buf[1024];
	char strs[1024];
	uint n, m, i;
	Dir d;
	int ok;

	n = 0;
	for(i = 0; i < 5; i++)
		n += convD2Mu(i&1 ? &symdir : &sampledir, buf+n, sizeof buf-n);
	ok = 1;
	for(i = 0, m = 0; m < n; i++){
		uint sz = GBIT16(buf+m)+BIT16SZ;
		if(m+sz > n || convM2Du(buf+m, sz, &d, strs) != sz ||
		   !direq(i&1 ? &symdir : &sampledir, &d, 1))
			ok = 0;
		m += sz;
	}
	check("dir read of 5 entries", ok && i == 5 && m == n);
}

int
main(void)
{
	testroundtrips();
	testwire();
	testmalformed();
	testmsgsize();
	testversionreply();
	testmsgbufsync();
	testdirs();
	testdirread();
	return testsummary(468);
}
