/*
 * sysfatal(2): report "argv0: message" on standard error and exit
 * with the message as the status.
 */
#include <u.h>
#include <libc.h>

char *argv0;

void
sysfatal(char *fmt, ...)
{
	char buf[256];
	va_list args;

	va_start(args, fmt);
	vseprint(buf, buf + sizeof buf, fmt, args);
	va_end(args);
	if(argv0 != nil)
		fprint(2, "%s: %s\n", argv0, buf);
	else
		fprint(2, "%s\n", buf);
	exits(buf);
}
