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
 *	end	reads in order to the end of the file, then one more.
 * The second descriptor reads 128 KiB at a time, which is never read
 * ahead.  Prints "ok NAME" or "FAIL NAME: why"; exits non-nil on a
 * failure.
 */
#include <u.h>
#include <libc.h>

enum { Blk = 8192, Refblk = 128*1024 };

static int failed;
static uchar got[Blk], want[Refblk];

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
	if(failed)
		exits("fail");
	exits(nil);
}
