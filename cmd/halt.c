/*
 * halt: stop the machine by writing "halt" to /dev/reboot.
 */
#include <u.h>
#include <libc.h>

void
main(int argc, char *argv[])
{
	int fd;

	ARGBEGIN{
	default:
		fprint(2, "usage: halt\n");
		exits("usage");
	}ARGEND
	if(argc != 0){
		fprint(2, "usage: halt\n");
		exits("usage");
	}

	fd = open("/dev/reboot", OWRITE);
	if(fd < 0){
		fprint(2, "halt: /dev/reboot: %r\n");
		exits("open");
	}
	if(write(fd, "halt", 4) != 4){
		fprint(2, "halt: /dev/reboot: %r\n");
		exits("write");
	}
	exits(nil);
}
