/*
 * copyfd: copy from one open file to another until end of file, each
 * read's bytes in one write, through the caller's buffer (cp and mv
 * pass 128 KiB so that 9P carries the data in few, large messages).
 * Returns 0, CopyRead if a read failed or CopyWrite if a write failed
 * or was short; the error string says why.
 */
#include <u.h>
#include <libc.h>

int
copyfd(int from, int to, void *buf, long nbuf)
{
	long n, w;

	while((n = read(from, buf, nbuf)) > 0){
		w = write(to, buf, n);
		if(w != n){
			if(w >= 0)
				werrstr("short write");
			return CopyWrite;
		}
	}
	return n < 0 ? CopyRead : 0;
}
