/*
 * bigdata: a binary with Npage pages of read-only data (in its text
 * segment) and Npage pages of initialised data, for the demand paging
 * tests (usertests demandpage, pageinerror, cexec).  Each page holds
 * its own index at both ends, so a page read from the wrong place of
 * the file, or not at all, shows.
 *	bigdata [-w] [-z] [-s ms] [-k addr] [-g addr] [tN|dN...]
 * touches each listed page, tN of the text, dN of the data, and
 * checks it; -z checks
 * that bss is zero, up to the end of the page where the data ends;
 * -w, after the first page, writes r on fd 1 and waits for a byte on
 * fd 0 (so the binary's server can go away meanwhile); -k addr needs the byte at addr
 * (hex) to be 'k', a segment kept across exec; -g addr needs addr
 * to be in no segment; -s ms sleeps that long at the end.  Exits nil if all holds, else says what not.
 */
#include <u.h>
#include <libc.h>

enum {
	Npage	= 128,
};

typedef struct Page Page;
struct Page {
	uvlong	idx;
	uchar	pad[4096 - 2*sizeof(uvlong)];
	uvlong	tail;
};

#define	P1(n)	{(n), {0}, ~(uvlong)(n)},
#define	P2(n)	P1(n) P1((n)+1)
#define	P4(n)	P2(n) P2((n)+2)
#define	P8(n)	P4(n) P4((n)+4)
#define	P16(n)	P8(n) P8((n)+8)
#define	P32(n)	P16(n) P16((n)+16)
#define	P64(n)	P32(n) P32((n)+32)
#define	P128(n)	P64(n) P64((n)+64)

static const Page text[Npage] __attribute__((aligned(4096))) = { P128(0) };
Page data[Npage] __attribute__((aligned(4096))) = { P128(0) };	/* not static: it stays writable data */
static uchar zbss[2*4096];	/* the first of bss (check with nm): it shares the last data page */

static void
touch(char *arg)
{
	const Page *p;
	int i;

	i = atoi(arg+1);
	if(i < 0 || i >= Npage || arg[0] != 't' && arg[0] != 'd')
		exits("usage");
	p = arg[0] == 't' ? &text[i] : &data[i];
	if(p->idx != i || p->tail != ~(uvlong)i)
		exits(smprint("%s holds %llud/%llux", arg, p->idx, p->tail));
}

/* zbss, and the rest of the page holding the end of the file's data, are zero */
static void
zerotail(void)
{
	uintptr a, e;
	int i;

	for(i = 0; i < sizeof zbss; i++)
		if(zbss[i] != 0)
			exits(smprint("bss byte %d is %#ux", i, zbss[i]));
	a = (uintptr)zbss;
	e = (a + 4095) & ~(uintptr)4095;
	if(e > a + sizeof zbss)
		exits("zbss does not reach the end of its page");
}

static int
mapped(uintptr a)
{
	static int fd = -1;

	if(fd < 0)
		fd = open("/dev/null", OWRITE);
	return write(fd, (void*)a, 1) == 1;
}

void
main(int argc, char **argv)
{
	int wait, first, ms;
	uintptr a;
	char c;

	wait = 0;
	ms = 0;
	ARGBEGIN{
	case 's':
		ms = atoi(EARGF(exits("usage")));
		break;
	case 'w':
		wait = 1;
		break;
	case 'z':
		zerotail();
		break;
	case 'k':
		a = strtoull(EARGF(exits("usage")), nil, 16);
		if(!mapped(a) || *(char*)a != 'k')
			exits("kept segment missing");
		break;
	case 'g':
		a = strtoull(EARGF(exits("usage")), nil, 16);
		if(mapped(a))
			exits("detached segment still there");
		break;
	default:
		exits("usage");
	}ARGEND
	for(first = 1; argc > 0; argc--, argv++, first = 0){
		touch(*argv);
		if(first && wait && (write(1, "r", 1) != 1 || read(0, &c, 1) != 1))
			exits("no go-ahead");
	}
	if(ms > 0)
		sleep(ms);
	exits(nil);
}
