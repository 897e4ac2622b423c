/*
 * grep [-bchiLlnsv] [-f file] [-e expr] [file ...]: print the lines
 * matching any of the patterns (regexp(6)).  The status is empty if
 * a line was selected, "no matches" otherwise.
 */
#include <u.h>
#include <libc.h>
#include <regexp.h>

enum { Maxpat = 256 };

static Reprog	*prog[Maxpat];
static int	nprog;
static char	*compiling;	/* the pattern regcomp has, for regerror */
static int	bflag, cflag, hflag, iflag, lflag, Lflag, nflag, sflag, vflag;
static int	multiple;	/* more than one file: name the file on each line */
static Biobuf	bout;

static void
usage(void)
{
	fprint(2, "usage: grep [-bchiLlnsv] [-f file] [-e expr] [file ...]\n");
	exits("usage");
}

/* replaces the library's: name the pattern */
void
regerror(char *msg)
{
	fprint(2, "grep: %s: %s\n", compiling, msg);
	exits("regexp");
}

/* -i: fold ASCII letters; UTF-8 bytes are all above them */
static void
fold(char *s)
{
	for(; *s != 0; s++)
		if(*s >= 'A' && *s <= 'Z')
			*s += 'a' - 'A';
}

static void
addpattern(char *pat)
{
	if(nprog == Maxpat)
		sysfatal("too many patterns");
	pat = estrdup(pat);
	if(iflag)
		fold(pat);
	compiling = pat;
	prog[nprog++] = regcomp(pat);
	free(pat);
}

/* -f: a pattern a line */
static void
patternfile(char *name)
{
	Biobuf *b;
	char *line;

	b = Bopen(name, OREAD);
	if(b == nil)
		sysfatal("%s: %r", name);
	while((line = Brdstr(b, '\n', 1)) != nil){
		addpattern(line);
		free(line);
	}
	Bterm(b);
}

static int
matches(char *line)
{
	char *s;
	int i, hit;

	s = line;
	if(iflag){
		s = estrdup(line);
		fold(s);
	}
	hit = 0;
	for(i = 0; i < nprog && !hit; i++)
		hit = regexec(prog[i], s, nil, 0) > 0;
	if(s != line)
		free(s);
	return hit != vflag;
}

static void
printline(char *name, long lineno, char *line)
{
	if(multiple && !hflag)
		Bprint(&bout, "%s:", name);
	if(nflag)
		Bprint(&bout, "%ld: ", lineno);
	Bprint(&bout, "%s\n", line);
	if(bflag)
		Bflush(&bout);
}

/* the number of lines selected in fd (for -l, 1 at the first) */
static long
search(int fd, char *name)
{
	Biobuf b;
	char *line;
	long lineno, n;

	Binit(&b, fd, OREAD);
	n = 0;
	for(lineno = 1; (line = Brdstr(&b, '\n', 1)) != nil; lineno++){
		if(matches(line)){
			n++;
			if(!sflag && !cflag && !lflag && !Lflag)
				printline(name, lineno, line);
		}
		free(line);
		if(n > 0 && (sflag || lflag || Lflag))
			break;
	}
	Bterm(&b);
	if(sflag)
		return n;
	if(cflag && multiple && !hflag)
		Bprint(&bout, "%s:%ld\n", name, n);
	else if(cflag)
		Bprint(&bout, "%ld\n", n);
	if(lflag && n > 0 || Lflag && n == 0)
		Bprint(&bout, "%s\n", name);
	return n;
}

void
main(int argc, char *argv[])
{
	char *pats[Maxpat], *files[Maxpat];
	int npat, nfile, i, fd, matched;

	npat = nfile = 0;
	ARGBEGIN{
	case 'b': bflag = 1; break;
	case 'c': cflag = 1; break;
	case 'h': hflag = 1; break;
	case 'i': iflag = 1; break;
	case 'l': lflag = 1; break;
	case 'L': Lflag = 1; break;
	case 'n': nflag = 1; break;
	case 's': sflag = 1; break;
	case 'v': vflag = 1; break;
	case 'e':
		if(npat == Maxpat)
			sysfatal("too many patterns");
		pats[npat++] = EARGF(usage());
		break;
	case 'f':
		if(nfile == Maxpat)
			sysfatal("too many pattern files");
		files[nfile++] = EARGF(usage());
		break;
	default:
		usage();
	}ARGEND

	if(npat == 0 && nfile == 0){
		if(argc == 0)
			usage();
		pats[npat++] = *argv++;
		argc--;
	}
	/* compiled after the flags, so that -i applies wherever it came */
	for(i = 0; i < npat; i++)
		addpattern(pats[i]);
	for(i = 0; i < nfile; i++)
		patternfile(files[i]);

	Binit(&bout, 1, OWRITE);
	multiple = argc > 1;
	matched = 0;
	if(argc == 0)
		matched = search(0, "stdin") > 0;
	for(i = 0; i < argc; i++){
		fd = open(argv[i], OREAD);
		if(fd < 0){
			Bflush(&bout);
			fprint(2, "grep: %s: %r\n", argv[i]);
			continue;
		}
		if(search(fd, argv[i]) > 0)
			matched = 1;
		close(fd);
	}
	Bflush(&bout);
	exits(matched ? nil : "no matches");
}
