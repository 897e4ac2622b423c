/*
 * uniq [-udc [+-num]] [file]: copy the input, writing one line of
 * each run of equal adjacent lines.  -u prints only lines not
 * repeated, -d only the repeated ones, -c prefixes each with its
 * count.  -num skips num fields (blank-separated) and +num num more
 * characters before comparing.
 */
#include <u.h>
#include <libc.h>

static int mode;	/* 0, 'u', 'd' or 'c' */
static int fields, chars;
static Biobuf bout;

static void
usage(void)
{
	fprint(2, "usage: uniq [-udc [+-num]] [file]\n");
	exits("usage");
}

static char*
skip(char *s)
{
	int i;

	for(i = 0; i < fields; i++){
		while(*s == ' ' || *s == '\t')
			s++;
		while(*s != 0 && *s != ' ' && *s != '\t')
			s++;
	}
	for(i = 0; i < chars && *s != 0; i++)
		s++;
	return s;
}

static void
out(char *line, long n)
{
	if(mode == 'u' && n != 1 || mode == 'd' && n == 1)
		return;
	if(mode == 'c')
		Bprint(&bout, "%4ld ", n);
	Bprint(&bout, "%s\n", line);
}

void
main(int argc, char *argv[])
{
	Biobuf bin;
	char *prev, *line;
	long n;
	int fd;

	for(argv++, argc--; argc > 0 && (argv[0][0] == '-' || argv[0][0] == '+') && argv[0][1]; argv++, argc--){
		if(argv[0][0] == '+'){
			chars = atoi(argv[0] + 1);
			continue;
		}
		if(isdigit(argv[0][1])){
			fields = atoi(argv[0] + 1);
			continue;
		}
		if(strcmp(argv[0], "--") == 0){
			argv++, argc--;
			break;
		}
		if(argv[0][2] != 0)
			usage();
		switch(argv[0][1]){
		case 'u':
		case 'd':
		case 'c':
			mode = argv[0][1];
			break;
		default:
			usage();
		}
	}
	if(argc > 1)
		usage();
	fd = 0;
	if(argc == 1 && (fd = open(argv[0], OREAD)) < 0)
		sysfatal("%s: %r", argv[0]);
	Binit(&bin, fd, OREAD);
	Binit(&bout, 1, OWRITE);
	prev = nil;
	n = 0;
	while((line = Brdstr(&bin, '\n', 1)) != nil){
		if(prev != nil && strcmp(skip(prev), skip(line)) == 0){
			n++;
			free(line);
			continue;
		}
		if(prev != nil)
			out(prev, n);
		free(prev);
		prev = line;
		n = 1;
	}
	if(prev != nil)
		out(prev, n);
	Bflush(&bout);
	exits(nil);
}
