#include <u.h>
#include <libc.h>

/* postnote(2): send note to process pid (PNPROC) or its note group (PNGROUP) */
int
postnote(int group, int pid, char *note)
{
	char file[64];
	int fd, n;

	switch(group){
	case PNPROC:
		snprint(file, sizeof file, "/proc/%d/note", pid);
		break;
	case PNGROUP:
		snprint(file, sizeof file, "/proc/%d/notepg", pid);
		break;
	default:
		werrstr("bad postnote group");
		return -1;
	}
	fd = open(file, OWRITE);
	if(fd < 0)
		return -1;
	n = strlen(note);
	if(write(fd, note, n) != n){
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
