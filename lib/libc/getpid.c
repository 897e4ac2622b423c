/*
 * Process ids come from #c/pid and #c/ppid, read afresh each time
 * because fork changes them.
 */
#include <u.h>
#include <libc.h>

static int
readnum(char *file)
{
	char buf[32];
	long n;
	int fd;

	fd = open(file, OREAD);
	if(fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if(n <= 0)
		return -1;
	buf[n] = 0;
	return atoi(buf);
}

int
getpid(void)
{
	return readnum("/dev/pid");
}

int
getppid(void)
{
	return readnum("/dev/ppid");
}
