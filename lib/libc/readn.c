#include <u.h>
#include <libc.h>

/* read until n bytes, end of file or an error; what was read, or -1 if nothing and an error */
long
readn(int fd, void *buf, long n)
{
	long m, got;

	for(got = 0; got < n; got += m){
		m = read(fd, (uchar*)buf + got, n - got);
		if(m <= 0){
			if(got == 0)
				return m;
			break;
		}
	}
	return got;
}
