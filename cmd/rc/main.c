/*
 * rc [-il] [-c command] [file [arg ...]]
 *
 * With -c, run command; with a file, run it with $0 the file and $*
 * the args; otherwise read standard input, interactively (prompts,
 * interrupts caught) if -i is given or it is the console.
 * `rc -i` and `rc -l` first run /lib/profile if it exists: 9q's
 * stand-in for Plan 9's $home/lib/profile, read by rc -l.
 */
#include "rc.h"

static char profile[] = "/lib/profile";

static void
usage(void)
{
	fprint(2, "usage: rc [-il] [-c command] [file [arg ...]]\n");
	exits("usage");
}

/* $prompt(1) before a command, $prompt(2) on its later lines */
void
prompt(int n)
{
	Word *w;

	w = varval("prompt");
	if(n == 2 && w != nil)
		w = w->next;
	if(w != nil)
		fprint(2, "%s", w->s);
}

/*
 * An interactive rc outlives DEL: the foreground job, in rc's note
 * group, dies of the note while rc notes it, abandons the command
 * line and prompts again.  Other notes (hangup, kill) do what they
 * would.
 */
static void
catchnote(void *ureg, char *note)
{
	USED(ureg);
	if(strncmp(note, "interrupt", 9) == 0){
		interrupted = 1;
		noted(NCONT);
	}
	noted(NDFLT);
}

static void
syntaxerror(Parser *p)
{
	Input *in;

	in = p->in;
	if(in->name != nil)
		fprint(2, "rc: %s:%d: %s\n", in->name, in->line - (in->lastc == '\n'), p->err);
	else
		fprint(2, "rc: %s\n", p->err);
	setstatus("syntax error");
}

/* after DEL at the prompt: forget the half-typed command */
static void
resetinput(Input *in)
{
	in->eof = 0;
	in->p = in->e;
	in->midline = 0;
	interrupted = 0;
	abandon = 0;
	fprint(2, "\n");
}

/*
 * Run the commands from in until its end.  top: the outermost input,
 * where an interactive rc recovers from errors and interrupts;
 * nested ones (., eval) stop, leaving abandon for the top to see.
 * Returns 0 at end of input, -1 if stopped.
 */
int
runinput(Input *in, int top)
{
	Parser p;
	Tree *t;
	int eof, r;

	initparser(&p, in);
	r = 0;
	for(;;){
		t = parseline(&p, &eof);
		if(interrupted && in->interactive){
			resetinput(in);
			continue;
		}
		if(p.err[0] != 0){
			syntaxerror(&p);
			if(!in->interactive){
				r = -1;
				break;
			}
		}
		run(t);
		if(interrupted){
			interrupted = 0;
			abandon = 1;
			if(in->interactive)
				fprint(2, "\n");
		}
		if(abandon){
			if(!top || !in->interactive){
				r = -1;
				break;
			}
			abandon = 0;
		}
		if(eof)
			break;
	}
	termparser(&p);
	return r;
}

void
runstring(char *s)
{
	Input *in;

	in = stringinput(s);
	runinput(in, 0);
	freeinput(in);
}

/* is fd the console?  Then rc is interactive without being told */
static int
isconsole(int fd)
{
	char buf[128];
	int n;

	if(fd2path(fd, buf, sizeof buf) < 0)
		return 0;
	n = strlen(buf);
	return n >= 4 && strcmp(buf+n-4, "cons") == 0;
}

static void
runprofile(void)
{
	Input *in;
	int fd;

	fd = open(profile, OREAD);
	if(fd < 0)
		return;
	in = fdinput(fd, profile, 0);
	runinput(in, 0);
	freeinput(in);
	close(fd);
	abandon = 0;
}

static Word*
argwords(int argc, char **argv)
{
	Word *w;

	w = nil;
	while(--argc >= 0)
		w = newword(argv[argc], w);
	return w;
}

static void
initvars(char *argv0)
{
	char buf[16];

	importenv();
	snprint(buf, sizeof buf, "%d", getpid());
	setvarstr("pid", buf);
	setvarstr("0", argv0);
	setvar("*", nil);
	setstatus("");
	if(varval("path") == nil)
		setvar("path", newword(".", newword("/bin", nil)));
	if(varval("home") == nil)
		setvarstr("home", "/");
	if(varval("prompt") == nil)
		setvar("prompt", newword("% ", newword("\t", nil)));
	if(varval("ifs") == nil)
		setvar("ifs", newword(" \t\n", nil));
}

static void
done(void)
{
	exits(truestatus() ? nil : getstatus());
}

void
main(int argc, char *argv[])
{
	char *cmd;
	int iflag, lflag, fd;
	Input *in;

	cmd = nil;
	iflag = 0;
	lflag = 0;
	ARGBEGIN{
	case 'c':
		cmd = EARGF(usage());
		break;
	case 'i':
		iflag = 1;
		break;
	case 'l':
		lflag = 1;
		break;
	default:
		usage();
	}ARGEND

	initvars(argv0);
	if(cmd != nil){
		setvar("*", argwords(argc, argv));
		runstring(cmd);
		done();
	}
	if(argc > 0){
		fd = open(argv[0], OREAD);
		if(fd < 0){
			fprint(2, "rc: %s: %r\n", argv[0]);
			exits("can't open");
		}
		setvarstr("0", argv[0]);
		setvar("*", argwords(argc-1, argv+1));
		in = fdinput(fd, argv[0], 0);
		runinput(in, 1);
		done();
	}
	interactive = iflag || isconsole(0);
	if(interactive)
		notify(catchnote);
	if(iflag || lflag)
		runprofile();
	in = fdinput(0, nil, interactive);
	runinput(in, 1);
	done();
}
