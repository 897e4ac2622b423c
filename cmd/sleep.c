/*
 * sleep time: suspend for time seconds; a fraction such as 0.25
 * is allowed.
 */
#include <u.h>
#include <libc.h>

static void
usage(void)
{
	fprint(2, "usage: sleep time\n");
	exits("usage");
}

/*
 * Parse "N", "N.F" or ".F" into milliseconds; -1 for anything else.
 * Digits past the millisecond are ignored.
 */
static vlong
parsems(char *s)
{
	vlong ms, scale;
	int any;

	ms = 0;
	any = 0;
	for(; *s >= '0' && *s <= '9'; s++){
		if(ms > 1000LL*1000*1000*1000)
			return -1;
		ms = ms*10 + (*s - '0');
		any = 1;
	}
	ms *= 1000;
	if(*s == '.')
		for(s++, scale = 100; *s >= '0' && *s <= '9'; s++, scale /= 10){
			ms += (*s - '0') * scale;
			any = 1;
		}
	if(*s != 0 || !any)
		return -1;
	return ms;
}

void
main(int argc, char *argv[])
{
	vlong ms;
	long chunk;

	ARGBEGIN{
	default:
		usage();
	}ARGEND
	if(argc != 1)
		usage();
	ms = parsems(argv[0]);
	if(ms < 0){
		fprint(2, "sleep: bad time: %s\n", argv[0]);
		exits("usage");
	}
	/* in pieces, so a huge time cannot overflow the kernel's arithmetic */
	while(ms > 0){
		chunk = ms > 1000*1000 ? 1000*1000 : ms;
		if(sleep(chunk) < 0){
			fprint(2, "sleep: %r\n");
			exits("sleep");
		}
		ms -= chunk;
	}
	exits(nil);
}
