/*
 * dd [-option value] ...: copy with given block sizes, offsets and
 * conversions, as Plan 9's dd:
 *	-if file, -of file	input, output (default standard in/out)
 *	-ibs n, -obs n, -bs n	block sizes (default 512); -bs copies
 *				each input block as it comes, unblocked
 *	-count n		copy n input blocks
 *	-skip n, -iseek n	skip n input blocks by reading, by seeking
 *	-seek n, -oseek n	seek n output blocks before writing
 *	-conv c,...		ucase lcase swab noerror notrunc sync
 * Numbers may end in k (1024), b (512) or w (2) and be products: 2x512.
 * At the end it prints on standard error the whole+partial blocks read
 * and written.
 */
#include <u.h>
#include <libc.h>

static char *ifile, *ofile;
static vlong ibs = 512, obs = 512, count = -1;
static vlong skip, iseek, oseek;
static int bsflag, ucase, lcase, swab, noerror, notrunc, sync;
static ulong nifr, nipr, nofr, nopr;
enum { Pagesize = 4096 };

static uchar *obuf;
static vlong nobuf;
static int ofd;

static void
usage(void)
{
	fprint(2, "usage: dd [-if file] [-of file] [-ibs n] [-obs n] [-bs n] [-count n] "
		"[-skip n] [-iseek n] [-seek n] [-oseek n] [-conv ucase,lcase,swab,noerror,notrunc,sync]\n");
	exits("usage");
}

/* a number with its k, b, w suffix; *ep past it, or nil if malformed */
static vlong
factor(char *s, char **ep)
{
	vlong n;
	char *e;

	n = strtoll(s, &e, 10);
	if(e == s || n < 0){
		*ep = nil;
		return 0;
	}
	switch(*e){
	case 'k': n *= 1024; e++; break;
	case 'b': n *= 512; e++; break;
	case 'w': n *= 2; e++; break;
	}
	*ep = e;
	return n;
}

/* factors joined by x: 2x512 */
static vlong
number(char *s)
{
	vlong n;
	char *p;

	n = factor(s, &p);
	while(p != nil && *p == 'x')
		n *= factor(p + 1, &p);
	if(p == nil || *p != 0){
		fprint(2, "dd: bad number: %s\n", s);
		exits("bad number");
	}
	return n;
}

static void
conv(char *s)
{
	char *f[16];
	int i, n;

	s = estrdup(s);
	n = getfields(s, f, nelem(f), 1, ",");
	for(i = 0; i < n; i++)
		if(strcmp(f[i], "ucase") == 0)
			ucase = 1;
		else if(strcmp(f[i], "lcase") == 0)
			lcase = 1;
		else if(strcmp(f[i], "swab") == 0)
			swab = 1;
		else if(strcmp(f[i], "noerror") == 0)
			noerror = 1;
		else if(strcmp(f[i], "notrunc") == 0)
			notrunc = 1;
		else if(strcmp(f[i], "sync") == 0)
			sync = 1;
		else{
			fprint(2, "dd: bad conversion: %s\n", f[i]);
			exits("bad conversion");
		}
}

static void
stats(void)
{
	fprint(2, "%lud+%lud records in\n", nifr, nipr);
	fprint(2, "%lud+%lud records out\n", nofr, nopr);
}

static void
put(uchar *p, vlong n)
{
	if(write(ofd, p, n) != n){
		fprint(2, "dd: write error: %r\n");
		stats();
		exits("write error");
	}
	if(n == obs)
		nofr++;
	else
		nopr++;
}

static void
convert(uchar *p, long n)
{
	long i;
	uchar c;

	if(swab)
		for(i = 0; i+1 < n; i += 2){
			c = p[i];
			p[i] = p[i+1];
			p[i+1] = c;
		}
	if(!ucase && !lcase)
		return;		/* not a byte loop over every block for nothing */
	for(i = 0; i < n; i++)
		if(ucase && p[i] >= 'a' && p[i] <= 'z')
			p[i] += 'A' - 'a';
		else if(lcase && p[i] >= 'A' && p[i] <= 'Z')
			p[i] += 'a' - 'A';
}

/*
 * n bytes starting on a page, as other dd's buffers do: a mount can
 * then hand a read whole pages rather than copy them (mnt(3)).
 */
static uchar*
pagealigned(long n)
{
	uintptr p;

	p = (uintptr)emalloc(n + Pagesize - 1);
	return (uchar*)((p + Pagesize - 1) & ~(uintptr)(Pagesize - 1));
}

/* reblock into obs-sized writes */
static void
output(uchar *p, long n)
{
	vlong m;

	if(bsflag){
		put(p, n);
		return;
	}
	while(n > 0){
		m = obs - nobuf;
		if(m > n)
			m = n;
		memmove(obuf + nobuf, p, m);
		nobuf += m;
		p += m;
		n -= m;
		if(nobuf == obs){
			put(obuf, obs);
			nobuf = 0;
		}
	}
}

void
main(int argc, char *argv[])
{
	uchar *ibuf;
	char *opt, *val;
	int ifd;
	long n;
	vlong i;

	for(argc--, argv++; argc > 0; argc -= 2, argv += 2){
		opt = argv[0];
		if(opt[0] != '-' || argc < 2)
			usage();
		opt++;
		val = argv[1];
		if(strcmp(opt, "if") == 0)
			ifile = val;
		else if(strcmp(opt, "of") == 0)
			ofile = val;
		else if(strcmp(opt, "ibs") == 0)
			ibs = number(val);
		else if(strcmp(opt, "obs") == 0)
			obs = number(val);
		else if(strcmp(opt, "bs") == 0){
			ibs = obs = number(val);
			bsflag = 1;
		}else if(strcmp(opt, "count") == 0)
			count = number(val);
		else if(strcmp(opt, "skip") == 0)
			skip = number(val);
		else if(strcmp(opt, "iseek") == 0)
			iseek = number(val);
		else if(strcmp(opt, "seek") == 0 || strcmp(opt, "oseek") == 0)
			oseek = number(val);
		else if(strcmp(opt, "conv") == 0)
			conv(val);
		else
			usage();
	}
	if(ibs == 0 || obs == 0)
		sysfatal("zero block size");
	ibuf = pagealigned(ibs);
	obuf = pagealigned(obs);
	ifd = 0;
	if(ifile != nil && (ifd = open(ifile, OREAD)) < 0)
		sysfatal("%s: %r", ifile);
	ofd = 1;
	if(ofile != nil){
		if(notrunc || oseek > 0){
			ofd = open(ofile, OWRITE);
			if(ofd < 0)
				ofd = create(ofile, OWRITE, 0666);
		}else
			ofd = create(ofile, OWRITE, 0666);
		if(ofd < 0)
			sysfatal("%s: %r", ofile);
	}
	if(iseek > 0 && seek(ifd, iseek*ibs, 0) < 0)
		sysfatal("%s: seek: %r", ifile ? ifile : "<stdin>");
	if(oseek > 0 && seek(ofd, oseek*obs, 0) < 0)
		sysfatal("%s: seek: %r", ofile ? ofile : "<stdout>");
	for(i = 0; i < skip; i++)
		if(readn(ifd, ibuf, ibs) <= 0)
			break;
	while(count < 0 || nifr + nipr < count){
		n = read(ifd, ibuf, ibs);
		if(n < 0){
			fprint(2, "dd: read error: %r\n");
			if(!noerror){
				stats();
				exits("read error");
			}
			continue;
		}
		if(n == 0)
			break;
		if(n == ibs)
			nifr++;
		else
			nipr++;
		if(sync && n < ibs){
			memset(ibuf + n, 0, ibs - n);
			n = ibs;
		}
		convert(ibuf, n);
		output(ibuf, n);
	}
	if(nobuf > 0)
		put(obuf, nobuf);
	stats();
	exits(nil);
}
