/*
 * echo [-n] [arg ...]: print the arguments, separated by blanks,
 * in one write so that concurrent echoes do not interleave.
 */
#include <u.h>
#include <libc.h>

void
main(int argc, char *argv[])
{
	int nflag, i, len;
	char *buf, *p;

	nflag = 0;
	if(argc > 1 && strcmp(argv[1], "-n") == 0){
		nflag = 1;
		argc--;
		argv++;
	}
	len = 1;
	for(i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	buf = malloc(len);
	if(buf == nil)
		sysfatal("no memory");
	p = buf;
	for(i = 1; i < argc; i++){
		if(i > 1)
			*p++ = ' ';
		strcpy(p, argv[i]);
		p += strlen(p);
	}
	if(!nflag)
		*p++ = '\n';
	if(p > buf && write(1, buf, p - buf) != p - buf){
		fprint(2, "echo: write error: %r\n");
		exits("write error");
	}
	exits(nil);
}
