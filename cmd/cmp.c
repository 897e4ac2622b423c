/*
 * cmp [-lsL] file1 file2 [offset1 [offset2]]: compare two files.
 * Silent when they are equal; otherwise prints
 *	file1 file2 differ: char N
 * (N counting from 1; -L adds the line) and stops, or with -l
 * prints every differing byte's position and values; -s prints
 * nothing.  The exit status says which.
 */
#include <u.h>
#include <libc.h>

enum { Bufsize = 64*1024 };

static int lflag, sflag, Lflag;
static uchar buf1[Bufsize], buf2[Bufsize];

static void
usage(void)
{
	fprint(2, "usage: cmp [-lsL] file1 file2 [offset1 [offset2]]\n");
	exits("usage");
}

static int
openat(char *name, char *off)
{
	int fd;
	vlong o;
	char *e;

	fd = strcmp(name, "-") == 0 ? 0 : open(name, OREAD);
	if(fd < 0){
		if(!sflag)
			fprint(2, "cmp: %s: %r\n", name);
		exits("open");
	}
	if(off != nil){
		o = strtoll(off, &e, 0);
		if(*off == 0 || *e != 0 || o < 0)
			usage();
		if(seek(fd, o, SEEKSET) < 0){
			if(!sflag)
				fprint(2, "cmp: %s: seek: %r\n", name);
			exits("seek");
		}
	}
	return fd;
}

/* Fill b as far as possible: a short count means end of file. */
static long
fill(int fd, uchar *b, long want, char *name)
{
	long n, got;

	for(got = 0; got < want; got += n){
		n = read(fd, b+got, want-got);
		if(n < 0){
			if(!sflag)
				fprint(2, "cmp: %s: %r\n", name);
			exits("read");
		}
		if(n == 0)
			break;
	}
	return got;
}

void
main(int argc, char *argv[])
{
	int fd1, fd2;
	long n1, n2, n, i;
	vlong pos, line;
	char *name1, *name2, *status;

	ARGBEGIN{
	case 'l':
		lflag = 1;
		break;
	case 's':
		sflag = 1;
		break;
	case 'L':
		Lflag = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc < 2 || argc > 4)
		usage();
	name1 = argv[0];
	name2 = argv[1];
	fd1 = openat(name1, argc > 2 ? argv[2] : nil);
	fd2 = openat(name2, argc > 3 ? argv[3] : nil);

	status = nil;
	pos = 1;
	line = 1;
	for(;;){
		n1 = fill(fd1, buf1, Bufsize, name1);
		n2 = fill(fd2, buf2, Bufsize, name2);
		n = n1 < n2 ? n1 : n2;
		for(i = 0; i < n; i++, pos++){
			if(buf1[i] != buf2[i]){
				if(sflag)
					exits("differ");
				if(!lflag){
					print("%s %s differ: char %lld", name1, name2, pos);
					if(Lflag)
						print(" line %lld", line);
					print("\n");
					exits("differ");
				}
				print("%6lld 0x%.2ux 0x%.2ux\n", pos, buf1[i], buf2[i]);
				status = "differ";
			}
			if(buf1[i] == '\n')
				line++;
		}
		if(n1 != n2){
			if(!sflag)
				fprint(2, "cmp: EOF on %s\n", n1 < n2 ? name1 : name2);
			exits("EOF");
		}
		if(n1 == 0)
			break;
	}
	exits(status);
}
