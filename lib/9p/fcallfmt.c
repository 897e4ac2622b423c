/*
 * Formatters for debugging 9P traffic:
 *	fmtinstall('F', fcallfmt);	print("%F", &fcall);
 *	fmtinstall('D', dirfmt);	print("%D", &dir);
 *	fmtinstall('M', dirmodefmt);	print("%M", dir.mode);
 * The 9P2000.u extras are shown when they carry something (a
 * uidnum other than NOUID, a non-zero errno, a non-empty extension).
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include <fcall.h>

enum {
	Maxdump	= 32,		/* data bytes shown by %F */
	Maxstat	= 256,		/* largest stat %F decodes for display (on the stack) */
};

static int dirfmtdir(Fmt*, Dir*);
static char* modestr(char*, u32int);

static char *tnames[] = {
	[Tversion-Tversion] = "Tversion",	[Rversion-Tversion] = "Rversion",
	[Tauth-Tversion] = "Tauth",	[Rauth-Tversion] = "Rauth",
	[Tattach-Tversion] = "Tattach",	[Rattach-Tversion] = "Rattach",
	[Terror-Tversion] = "Terror",	[Rerror-Tversion] = "Rerror",
	[Tflush-Tversion] = "Tflush",	[Rflush-Tversion] = "Rflush",
	[Twalk-Tversion] = "Twalk",	[Rwalk-Tversion] = "Rwalk",
	[Topen-Tversion] = "Topen",	[Ropen-Tversion] = "Ropen",
	[Tcreate-Tversion] = "Tcreate",	[Rcreate-Tversion] = "Rcreate",
	[Tread-Tversion] = "Tread",	[Rread-Tversion] = "Rread",
	[Twrite-Tversion] = "Twrite",	[Rwrite-Tversion] = "Rwrite",
	[Tclunk-Tversion] = "Tclunk",	[Rclunk-Tversion] = "Rclunk",
	[Tremove-Tversion] = "Tremove",	[Rremove-Tversion] = "Rremove",
	[Tstat-Tversion] = "Tstat",	[Rstat-Tversion] = "Rstat",
	[Twstat-Tversion] = "Twstat",	[Rwstat-Tversion] = "Rwstat",
};

static int
qidfmt(Fmt *f, Qid *q)
{
	char t[8], *p;

	p = t;
	if(q->type & QTDIR)
		*p++ = 'd';
	if(q->type & QTAPPEND)
		*p++ = 'a';
	if(q->type & QTEXCL)
		*p++ = 'l';
	if(q->type & QTAUTH)
		*p++ = 'A';
	if(q->type & QTTMP)
		*p++ = 't';
	if(q->type & QTSYMLINK)
		*p++ = 'L';
	*p = 0;
	return fmtprint(f, "(%.16llux %ud %s)", q->path, q->vers, t);
}

/* Data as a quoted string, unprintable bytes in hex, at most Maxdump shown. */
static int
datafmt(Fmt *f, char *data, u32int count)
{
	u32int i, n;
	uchar c;

	if(data == nil)
		return fmtprint(f, " nil");
	n = count < Maxdump ? count : Maxdump;
	fmtprint(f, " '");
	for(i = 0; i < n; i++){
		c = data[i];
		if(c >= ' ' && c < 0x7F && c != '\'' && c != '\\')
			fmtprint(f, "%c", c);
		else
			fmtprint(f, "\\x%.2ux", c);
	}
	return fmtprint(f, "'%s", count > n ? "..." : "");
}

/* A stat as a Dir if it decodes in either dialect, else just its size. */
static int
statfmt(Fmt *f, uchar *stat, ushort nstat)
{
	uchar buf[Maxstat];
	char strs[Maxstat];
	Dir d;

	if(stat == nil || nstat > Maxstat)
		return fmtprint(f, " stat[%ud]", nstat);
	memmove(buf, stat, nstat);
	if(convM2D(buf, nstat, &d, strs) == 0 && convM2Du(buf, nstat, &d, strs) == 0)
		return fmtprint(f, " stat[%ud] malformed", nstat);
	fmtprint(f, " stat ");
	return dirfmtdir(f, &d);
}

static void
fcallbody(Fmt *f, Fcall *c)
{
	char mode[16];
	int i;

	switch(c->type){
	case Tversion:
	case Rversion:
		fmtprint(f, " msize %ud version '%s'", c->msize, c->version);
		break;
	case Tattach:
		fmtprint(f, " fid %ud", c->fid);
		/* fall through */
	case Tauth:
		fmtprint(f, " afid %d uname '%s' aname '%s'", (int)c->afid, c->uname, c->aname);
		if(c->uidnum != NOUID)
			fmtprint(f, " n_uname %ud", c->uidnum);
		break;
	case Rauth:
		fmtprint(f, " aqid ");
		qidfmt(f, &c->aqid);
		break;
	case Rerror:
		fmtprint(f, " ename '%s'", c->ename);
		if(c->errornum != 0)
			fmtprint(f, " errno %ud", c->errornum);
		break;
	case Tflush:
		fmtprint(f, " oldtag %ud", c->oldtag);
		break;
	case Twalk:
		fmtprint(f, " fid %ud newfid %ud nwname %ud", c->fid, c->newfid, c->nwname);
		for(i = 0; i < c->nwname && i < MAXWELEM; i++)
			fmtprint(f, " %d:'%s'", i, c->wname[i]);
		break;
	case Rwalk:
		fmtprint(f, " nwqid %ud", c->nwqid);
		for(i = 0; i < c->nwqid && i < MAXWELEM; i++){
			fmtprint(f, " %d:", i);
			qidfmt(f, &c->wqid[i]);
		}
		break;
	case Topen:
		fmtprint(f, " fid %ud mode %d", c->fid, c->mode);
		break;
	case Tcreate:
		fmtprint(f, " fid %ud name '%s' perm %s mode %d", c->fid, c->name,
			modestr(mode, c->perm), c->mode);
		if(c->extension != nil && c->extension[0] != 0)
			fmtprint(f, " extension '%s'", c->extension);
		break;
	case Rattach:
	case Ropen:
	case Rcreate:
		fmtprint(f, " qid ");
		qidfmt(f, &c->qid);
		if(c->type != Rattach)
			fmtprint(f, " iounit %ud", c->iounit);
		break;
	case Tread:
		fmtprint(f, " fid %ud offset %lld count %ud", c->fid, c->offset, c->count);
		break;
	case Twrite:
		fmtprint(f, " fid %ud offset %lld", c->fid, c->offset);
		/* fall through */
	case Rread:
		fmtprint(f, " count %ud", c->count);
		datafmt(f, c->data, c->count);
		break;
	case Rwrite:
		fmtprint(f, " count %ud", c->count);
		break;
	case Tclunk:
	case Tremove:
	case Tstat:
		fmtprint(f, " fid %ud", c->fid);
		break;
	case Twstat:
		fmtprint(f, " fid %ud", c->fid);
		/* fall through */
	case Rstat:
		statfmt(f, c->stat, c->nstat);
		break;
	}
}

int
fcallfmt(Fmt *f)
{
	Fcall *c;

	c = va_arg(f->args, Fcall*);
	if(c == nil)
		return fmtprint(f, "<nil Fcall>");
	if(c->type < Tversion || c->type >= Tmax)
		return fmtprint(f, "unknown type %d tag %ud", c->type, c->tag);
	fmtprint(f, "%s tag %ud", tnames[c->type-Tversion], c->tag);
	fcallbody(f, c);
	return 0;
}

static int
dirfmtdir(Fmt *f, Dir *d)
{
	char mode[16];

	fmtprint(f, "'%s' '%s' '%s' '%s' q ", d->name, d->uid, d->gid, d->muid);
	qidfmt(f, &d->qid);
	fmtprint(f, " m %s at %ud mt %ud l %lld t %d d %ud",
		modestr(mode, d->mode), d->atime, d->mtime, d->length, d->type, d->dev);
	if(d->extension != nil && d->extension[0] != 0)
		fmtprint(f, " ext '%s'", d->extension);
	if(d->n_uid != NOUID || d->n_gid != NOUID || d->n_muid != NOUID)
		fmtprint(f, " n_uid %d n_gid %d n_muid %d",
			(int)d->n_uid, (int)d->n_gid, (int)d->n_muid);
	return 0;
}

int
dirfmt(Fmt *f)
{
	Dir *d;

	d = va_arg(f->args, Dir*);
	if(d == nil)
		return fmtprint(f, "<nil Dir>");
	return dirfmtdir(f, d);
}

/* As ls -l shows it: type letter, exclusive, then rwx for owner, group, others. */
static char*
modestr(char *buf, u32int m)
{
	static char rwx[] = "rwx";
	char *p;
	int i;

	p = buf;
	if(m & DMDIR)
		*p++ = 'd';
	else if(m & DMSYMLINK)
		*p++ = 'L';
	else if(m & DMDEVICE)
		*p++ = 'D';
	else if(m & DMNAMEDPIPE)
		*p++ = 'p';
	else if(m & DMSOCKET)
		*p++ = 's';
	else if(m & DMAPPEND)
		*p++ = 'a';
	else if(m & DMAUTH)
		*p++ = 'A';
	else
		*p++ = '-';
	*p++ = m & DMEXCL ? 'l' : '-';
	for(i = 8; i >= 0; i--)
		*p++ = m & (1<<i) ? rwx[(8-i)%3] : '-';
	*p = 0;
	return buf;
}

int
dirmodefmt(Fmt *f)
{
	char buf[16];

	return fmtstrcpy(f, modestr(buf, va_arg(f->args, u32int)));
}
