/*
 * Helpers for servers' read functions: directories from a generator,
 * files from a byte array, and Plan 9's permission check.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include <fcall.h>
#include <9p.h>

/*
 * A directory read returns whole entries.  The fid remembers the
 * offset the next read must have and which entry it starts at, so
 * the generator is asked for entries by number, never by offset.
 */
void
dirread9p(Req *r, int (*gen)(int, Dir*, void*), void *aux)
{
	Fid *f;
	uchar *p, *ep;
	uint n;
	Dir d;

	f = r->fid;
	if(r->ifcall.offset == 0)
		f->dirindex = 0;
	else if(r->ifcall.offset != f->diroffset){
		respond(r, "bad offset in directory read");
		return;
	}
	p = (uchar*)r->ofcall.data;
	ep = p + r->ifcall.count;
	for(;;){
		memset(&d, 0, sizeof d);
		d.extension = "";
		d.n_uid = d.n_gid = d.n_muid = NOUID;
		if(gen(f->dirindex, &d, aux) < 0)
			break;
		n = sizeD2M(&d);
		if(n == 0){
			/* cannot be encoded at all (a name over 64K): leave it out */
			f->dirindex++;
			continue;
		}
		/*
		 * No room: it starts the next read.  (convD2M's 0 also means
		 * "not even room for the size field", which must not be taken
		 * for "cannot be encoded": that lost the rest of the listing.)
		 */
		if(n > ep-p)
			break;
		convD2M(&d, p, ep-p);
		p += n;
		f->dirindex++;
	}
	r->ofcall.count = p - (uchar*)r->ofcall.data;
	f->diroffset = r->ifcall.offset + r->ofcall.count;
	respond(r, nil);
}

void
readbuf(Req *r, void *buf, long n)
{
	vlong off;
	long m;

	off = r->ifcall.offset;
	m = 0;
	if(off < n){
		m = n - off;
		if(m > r->ifcall.count)
			m = r->ifcall.count;
		memmove(r->ofcall.data, (char*)buf+off, m);
	}
	r->ofcall.count = m;
	respond(r, nil);
}

/*
 * Plan 9's rule: the owner's bits apply to the owner, the group's to
 * members of the group (here: a user of the group's name), the
 * others' to everyone; each class gets only its own bits.
 */
int
hasperm(u32int mode, char *owner, char *group, char *user, int omode)
{
	u32int need, have;

	switch(omode&3){
	case P9OREAD:	need = DMREAD; break;
	case P9OWRITE:	need = DMWRITE; break;
	case P9ORDWR:	need = DMREAD|DMWRITE; break;
	default:	need = DMEXEC; break;
	}
	if(omode & P9OTRUNC)
		need |= DMWRITE;
	have = mode & 7;
	if(owner != nil && user != nil && strcmp(owner, user) == 0)
		have |= (mode>>6) & 7;
	if(group != nil && user != nil && strcmp(group, user) == 0)
		have |= (mode>>3) & 7;
	return (have & need) == need;
}
