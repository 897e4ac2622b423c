/*
 * ahead file: reads of file that the mount driver serves from
 * read-ahead (devmnt.c), each against pread of the same bytes on a
 * second descriptor, which reads nothing ahead:
 *	seek	8 KiB blocks in order, then a seek back, then a
 *		seek forward past what was read ahead, each followed by
 *		reads in order;
 *	write	8 KiB blocks in order, then a pwrite through the same
 *		descriptor just past them, then reads in order: they
 *		must see the write;
 *	end	reads in order to the end of the file, then one more;
 *	flip	16 KiB blocks in order into a page-aligned buffer: read
 *		ahead, they are handed over as whole pages (/dev/swap's
 *		pages flipped grows) and read right;
 *	cow	a read into another such buffer while a fork's child shares
 *		its pages copy on write: read right, and the child still
 *		sees what it had (the read's check of the buffer gives the
 *		parent pages of its own first, which may then be flipped);
 *	shared	reads into it while a child made with RFMEM shares the
 *		segment: copied, not flipped, read right.
 * The second descriptor reads 128 KiB at a time, which is never read
 * ahead.  Prints "ok NAME" or "FAIL NAME: why"; exits non-nil on a
 * failure.
 */
#include <u.h>
#include <libc.h>
#include "swapstat.h"

enum { Blk = 8192, Refblk = 128*1024, Fblk = 16384 };

static int failed;
static uchar got[Blk], want[Refblk];
static uchar abuf[Fblk] __attribute__((aligned(4096)));	/* whole pages: may be flipped */
static uchar cbuf[Fblk] __attribute__((aligned(4096)));	/* only cow's: never pinned or flipped before */

static void
fail(char *name, char *fmt, vlong off)
{
	print("FAIL %s: ", name);
	print(fmt, off);
	print("\n");
	failed++;
}

/* n reads in order from fd at its offset off, each checked with pread of ref */
static int
inorder(char *name, int fd, int ref, vlong off, int n)
{
	long r, w;
	int i;

	for(i = 0; i < n; i++, off += Blk){
		r = read(fd, got, Blk);
		w = pread(ref, want, Refblk, off);
		if(w > Blk)
			w = Blk;
		if(r != w || r < 0 || memcmp(got, want, r) != 0){
			fail(name, "read at %lld differs", off);
			return -1;
		}
	}
	return 0;
}

/* /dev/swap's count of pages flipped */
static vlong
flipped(void)
{
	return swapstat(" pages flipped");
}

/* one Fblk read in order from fd at off into b, checked with pread of ref */
static int
aread(char *name, int fd, int ref, uchar *b, vlong off)
{
	long r, w;

	r = read(fd, b, Fblk);
	w = pread(ref, want, Fblk, off);
	if(r != w || r <= 0 || memcmp(b, want, r) != 0){
		fail(name, "read at %lld differs", off);
		return -1;
	}
	return 0;
}

static void
flip(int fd, int ref)
{
	vlong f0, off;
	int i;

	seek(fd, 0, 0);
	memset(abuf, 1, sizeof abuf);
	f0 = flipped();
	for(i = 0, off = 0; i < 20; i++, off += Fblk)
		if(aread("flip", fd, ref, abuf, off) < 0)
			return;
	if(flipped() - f0 < 10*Fblk/4096)
		fail("flip", "only %lld pages flipped in 20 reads", flipped() - f0);
	else
		print("ok flip\n");
}

static void
cow(int fd, int ref)
{
	Waitmsg *w;
	int p[2], pid, bad;
	char c;

	seek(fd, 0, 0);
	if(read(fd, got, Blk) != Blk || pipe(p) < 0)
		sysfatal("cow: %r");
	memset(cbuf, 0x33, sizeof cbuf);	/* its pages, now shared with the child */
	pid = fork();
	if(pid < 0)
		sysfatal("fork: %r");
	if(pid == 0){
		close(p[1]);
		read(p[0], &c, 1);
		for(pid = 0; pid < Fblk; pid++)
			if(cbuf[pid] != 0x33)
				exits("the child's copy changed");
		exits(nil);
	}
	close(p[0]);
	bad = aread("cow", fd, ref, cbuf, Blk);
	write(p[1], "x", 1);
	w = wait();
	if(w == nil || w->msg[0] != 0)
		fail("cow", w != nil ? "the child's buffer changed" : "no child", 0);
	else if(bad == 0)
		print("ok cow\n");
	free(w);
}

static void
shared(int fd, int ref)
{
	Waitmsg *w;
	int p[2], pid, i;
	vlong f0, off;
	char c;

	seek(fd, 0, 0);
	memset(abuf, 1, sizeof abuf);
	if(pipe(p) < 0)
		sysfatal("pipe: %r");
	pid = rfork(RFPROC|RFMEM|RFFDG);
	if(pid < 0)
		sysfatal("rfork: %r");
	if(pid == 0){
		read(p[0], &c, 1);
		exits(nil);
	}
	f0 = flipped();
	for(i = 0, off = 0; i < 8; i++, off += Fblk)
		if(aread("shared", fd, ref, abuf, off) < 0)
			break;
	write(p[1], "x", 1);
	w = wait();
	free(w);
	if(i < 8)
		return;
	if(flipped() != f0)
		fail("shared", "%lld pages of a shared segment flipped", flipped() - f0);
	else
		print("ok shared\n");
}

void
main(int argc, char *argv[])
{
	int fd, ref, i;
	vlong size;
	Dir *d;

	if(argc != 2)
		sysfatal("usage: ahead file");
	fd = open(argv[1], ORDWR);
	ref = open(argv[1], OREAD);
	if(fd < 0 || ref < 0)
		sysfatal("open %s: %r", argv[1]);
	d = dirfstat(fd);
	if(d == nil)
		sysfatal("stat: %r");
	size = d->length;
	free(d);

	if(inorder("seek", fd, ref, 0, 20) == 0 &&
	   seek(fd, 3*Blk+17, 0) == 3*Blk+17 && inorder("seek", fd, ref, 3*Blk+17, 20) == 0 &&
	   seek(fd, 200*Blk, 0) == 200*Blk && inorder("seek", fd, ref, 200*Blk, 20) == 0)
		print("ok seek\n");

	seek(fd, 0, 0);
	if(inorder("write", fd, ref, 0, 4) == 0){
		for(i = 0; i < Blk; i++)
			want[i] = i ^ 0x5A;
		if(pwrite(fd, want, Blk, 4*Blk) != Blk)
			fail("write", "pwrite at %lld", 4*Blk);
		else if(read(fd, got, Blk) != Blk || memcmp(got, want, Blk) != 0)
			fail("write", "read at %lld does not see the write", 4*Blk);
		else if(inorder("write", fd, ref, 5*Blk, 4) == 0)
			print("ok write\n");
	}

	seek(fd, 0, 0);
	if(inorder("end", fd, ref, 0, (size+Blk-1)/Blk) == 0){
		if(read(fd, got, Blk) != 0)
			fail("end", "a read at the end (%lld) gave bytes", size);
		else
			print("ok end\n");
	}
	flip(fd, ref);
	cow(fd, ref);
	shared(fd, ref);
	if(failed)
		exits("fail");
	exits(nil);
}
