/*
 * access(2): can the file be opened for mode?  Answered by trying;
 * a directory, which cannot be opened for writing, is judged by its
 * permission bits instead.
 */
#include <u.h>
#include <libc.h>

int
access(char *name, int mode)
{
	static int omode[] = {
		[0]			OREAD,
		[AEXEC]			OEXEC,
		[AWRITE]		OWRITE,
		[AWRITE|AEXEC]		ORDWR,
		[AREAD]			OREAD,
		[AREAD|AEXEC]		OEXEC,
		[AREAD|AWRITE]		ORDWR,
		[AREAD|AWRITE|AEXEC]	ORDWR,
	};
	Dir *d;
	int fd, perm;

	mode &= 7;
	if(mode == AEXIST){
		d = dirstat(name);
		if(d == nil)
			return -1;
		free(d);
		return 0;
	}
	fd = open(name, omode[mode]);
	if(fd >= 0){
		close(fd);
		return 0;
	}
	d = dirstat(name);
	if(d == nil)
		return -1;
	/* without knowing our groups, any of owner, group, other will do */
	perm = (d->mode | d->mode>>3 | d->mode>>6) & 7;
	if((d->mode & DMDIR) && (perm & mode) == mode){
		free(d);
		return 0;
	}
	free(d);
	return -1;
}
