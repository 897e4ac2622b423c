/*
 * The number that starts /dev/swap's line holding label ("pages free",
 * "pages flipped"), for the guest tests that watch memory; exits if
 * /dev/swap cannot be read or has no such line.
 */
static vlong
swapstat(char *label)
{
	char buf[512], *p;
	int fd;
	long n;

	fd = open("/dev/swap", OREAD);
	if(fd < 0)
		sysfatal("open /dev/swap: %r");
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if(n <= 0)
		sysfatal("read /dev/swap: %r");
	buf[n] = 0;
	p = strstr(buf, label);
	if(p == nil)
		sysfatal("no %s in /dev/swap", label);
	while(p > buf && p[-1] != '\n')
		p--;
	return strtoll(p, nil, 10);
}
