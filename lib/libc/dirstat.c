/*
 * dirstat(2) and friends.  A stat that does not fit the buffer comes
 * back as just its two size bytes; the buffer then grows to that size
 * and the call is made again.
 */
#include <u.h>
#include <libc.h>

enum {
	Dirguess	= STATFIXLEN + 4*16,	/* four strings of 16 bytes */
};

/*
 * Call stat or fstat (whichever of name and fd applies) with growing
 * buffers until the entry fits, and unpack it into a Dir allocated
 * with its strings after it.
 */
static Dir*
statinto(char *name, int fd)
{
	Dir *d;
	uchar *buf;
	int n, nd, had;

	nd = Dirguess;
	for(;;){
		d = malloc(sizeof(Dir) + BIT16SZ + nd);
		if(d == nil)
			return nil;
		buf = (uchar*)&d[1];
		if(name != nil)
			n = stat(name, buf, BIT16SZ + nd);
		else
			n = fstat(fd, buf, BIT16SZ + nd);
		if(n < BIT16SZ){
			free(d);
			if(n >= 0)
				werrstr("short stat");
			return nil;
		}
		had = nd;
		nd = GBIT16(buf);
		if(BIT16SZ + nd <= n){
			/* the strings unpack in place over the message */
			if(convM2D(buf, BIT16SZ + nd, d, nil) != (uint)(BIT16SZ + nd)){
				free(d);
				werrstr("malformed stat");
				return nil;
			}
			return d;
		}
		free(d);
		if(nd <= had){
			werrstr("stat size does not settle");
			return nil;
		}
	}
}

Dir*
dirstat(char *name)
{
	if(name == nil){
		werrstr("nil name");
		return nil;
	}
	return statinto(name, -1);
}

Dir*
dirfstat(int fd)
{
	return statinto(nil, fd);
}

static uchar*
pack(Dir *d, uint *np)
{
	uchar *buf;
	uint n;

	n = sizeD2M(d);
	if(n == 0){
		werrstr("cannot encode stat");
		return nil;
	}
	buf = malloc(n);
	if(buf == nil)
		return nil;
	if(convD2M(d, buf, n) != n){
		free(buf);
		werrstr("cannot encode stat");
		return nil;
	}
	*np = n;
	return buf;
}

int
dirwstat(char *name, Dir *d)
{
	uchar *buf;
	uint n;
	int r;

	buf = pack(d, &n);
	if(buf == nil)
		return -1;
	r = wstat(name, buf, n);
	free(buf);
	return r < 0 ? -1 : 0;
}

int
dirfwstat(int fd, Dir *d)
{
	uchar *buf;
	uint n;
	int r;

	buf = pack(d, &n);
	if(buf == nil)
		return -1;
	r = fwstat(fd, buf, n);
	free(buf);
	return r < 0 ? -1 : 0;
}

/* a Dir that changes nothing in a wstat: all ones, empty strings */
void
nulldir(Dir *d)
{
	memset(d, ~0, sizeof *d);
	d->name = "";
	d->uid = "";
	d->gid = "";
	d->muid = "";
	d->extension = "";
}
