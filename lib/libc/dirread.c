/*
 * dirread(2): a directory reads as a run of whole stat entries.  They
 * are unpacked into one allocation: the Dir array first, then the
 * strings, so a single free releases everything.
 */
#include <u.h>
#include <libc.h>

enum {
	Dirchunk	= STATMAX + BIT16SZ,	/* room for at least one entry */
};

/*
 * Unpack the n bytes of entries in buf into *dp; the number of
 * entries, or -1 if they are malformed.  The first pass only counts
 * them by their sizes; convM2D checks each as it unpacks it.
 */
static long
dirpackage(uchar *buf, long n, Dir **dp)
{
	long i, m, nd;
	usize strsize;
	Dir *d;
	char *s;

	*dp = nil;
	nd = 0;
	strsize = 0;
	for(i = 0; i < n; i += m){
		if(n - i < BIT16SZ)
			break;
		m = BIT16SZ + GBIT16(buf + i);
		if(m > n - i)
			break;
		nd++;
		strsize += m;	/* strings take less than their entry */
	}
	if(i != n){
		werrstr("malformed directory entry");
		return -1;
	}
	if(nd == 0)
		return 0;
	d = malloc(nd*sizeof(Dir) + strsize);
	if(d == nil)
		return -1;
	s = (char*)&d[nd];
	for(i = 0, nd = 0; i < n; i += m, nd++){
		m = BIT16SZ + GBIT16(buf + i);
		if(convM2D(buf + i, m, &d[nd], s) != (uint)m){
			free(d);
			werrstr("malformed directory entry");
			return -1;
		}
		s += m;
	}
	*dp = d;
	return nd;
}

/* the next batch of entries; 0 at the end, -1 on error */
long
dirread(int fd, Dir **dp)
{
	uchar *buf;
	long n;

	*dp = nil;
	buf = malloc(Dirchunk);
	if(buf == nil)
		return -1;
	n = read(fd, buf, Dirchunk);
	if(n > 0)
		n = dirpackage(buf, n, dp);
	free(buf);
	return n;
}

/* all the remaining entries */
long
dirreadall(int fd, Dir **dp)
{
	uchar *buf, *nbuf;
	long n, ts;
	usize size;

	*dp = nil;
	size = 0;
	ts = 0;
	buf = nil;
	for(;;){
		if(size - ts < Dirchunk){
			size = size*2 + Dirchunk;
			nbuf = realloc(buf, size);
			if(nbuf == nil){
				free(buf);
				return -1;
			}
			buf = nbuf;
		}
		n = read(fd, buf + ts, size - ts);
		if(n <= 0)
			break;
		ts += n;
	}
	if(ts > 0)	/* an error after some entries still yields those */
		n = dirpackage(buf, ts, dp);
	free(buf);
	return n;
}
