/*
 * time command [arg ...]: run the command and print on standard
 * error the user, system and real time it took, in seconds, from
 * its wait message (which counts in milliseconds), then the command.
 */
#include <u.h>
#include <libc.h>

static char line[1024];

static void
add(char *fmt, ...)
{
	va_list arg;
	char *p;

	p = line + strlen(line);
	if(p > line && p < line + sizeof line - 1)
		*p++ = ' ';
	va_start(arg, fmt);
	vseprint(p, line + sizeof line, fmt, arg);
	va_end(arg);
}

static void
secs(ulong ms, char *unit)
{
	add("%lud.%.2lud%s", ms/1000, ms%1000/10, unit);
}

static void
onnote(void *ureg, char *note)
{
	USED(ureg);
	noted(strcmp(note, "interrupt") == 0 ? NCONT : NDFLT);
}

void
main(int argc, char *argv[])
{
	char path[256], err[ERRMAX], *p;
	Waitmsg *w;
	int i;

	ARGBEGIN{
	default:
		goto Usage;
	}ARGEND
	if(argc < 1){
	Usage:
		fprint(2, "usage: time command\n");
		exits("usage");
	}
	switch(fork()){
	case -1:
		sysfatal("fork: %r");
	case 0:
		exec(argv[0], argv);
		if(argv[0][0] != '/' && strncmp(argv[0], "./", 2) != 0 && strncmp(argv[0], "../", 3) != 0){
			snprint(path, sizeof path, "/bin/%s", argv[0]);
			exec(path, argv);
		}
		sysfatal("%s: %r", argv[0]);
	}
	notify(onnote);
	while((w = wait()) == nil){
		rerrstr(err, sizeof err);
		if(strcmp(err, "interrupted") != 0)
			sysfatal("wait: %r");
	}
	secs(w->time[0], "u");
	secs(w->time[1], "s");
	secs(w->time[2], "r");
	add("\t");
	for(i = 0; i < argc; i++){
		if(i == 5){
			add("...");
			break;
		}
		add("%s", argv[i]);
	}
	if(w->msg[0] != 0){
		p = utfrune(w->msg, ':');
		p = p != nil && p[1] != 0 ? p + 1 : w->msg;
		add(" # status=%s", p);	/* two blanks, as Plan 9 prints it */
	}
	fprint(2, "%s\n", line);
	exits(w->msg);
}
