/*
 * badptr [file]: system calls given kernel or unmapped addresses must
 * fail with "bad address in system call", never fault the kernel or
 * succeed.  With file, reads and writes of it big enough to go zero
 * copy on #9 (64 KiB) too, and a read into the program's own text,
 * which is mapped but read only, and one whose buffer runs past the
 * end of the heap.  Prints one line per case; exits non-nil on a
 * surprise.
 */
#include <u.h>
#include <libc.h>

static char Ebad[] = "bad address in system call";
static int failed;

/* the call returned r; it must be -1 with the bad-address error */
static void
expect(char *what, long r)
{
	char err[ERRMAX];

	err[0] = '\0';
	if(r < 0)
		errstr(err, sizeof err);
	print("badptr: %s = %ld '%s'\n", what, r, err);
	if(r != -1 || strcmp(err, Ebad) != 0){
		print("badptr: FAIL %s: want -1 '%s'\n", what, Ebad);
		failed++;
	}
}

enum { Big = 64*1024 };

void	main(int, char**);

/* the zero-copy size on file opened as fd, with every kind of bad buffer */
static void
bigio(int fd)
{
	char *end;

	end = sbrk(0);
	expect("read(file, kernel)", pread(fd, (char*)0xffffffff80100000ULL, Big, 0));
	expect("read(file, 0x1000)", pread(fd, (char*)0x1000, Big, 0));
	expect("read(file, text)", pread(fd, (char*)main, Big, 0));
	expect("read(file, past heap)", pread(fd, end - Big/2, Big, 0));
	expect("write(file, kernel)", pwrite(fd, (char*)0xffffffff80100000ULL, Big, 0));
	expect("write(file, 0x1000)", pwrite(fd, (char*)0x1000, Big, 0));
	expect("write(file, past heap)", pwrite(fd, end - Big/2, Big, 0));
}

void
main(int argc, char *argv[])
{
	int p[2], fd;
	char *kern, *low;

	kern = (char*)0xffffffff80100000ULL;
	low = (char*)0x1000;
	if(pipe(p) < 0)
		sysfatal("pipe: %r");
	write(p[1], "0123456789", 10);
	expect("read(pipe, kernel)", read(p[0], kern, 10));
	expect("read(pipe, 0x1000)", read(p[0], low, 10));
	expect("write(pipe, kernel)", write(p[1], kern, 10));
	expect("write(pipe, nil)", write(p[1], nil, 10));
	expect("read(0, kernel)", read(0, kern, 10));
	expect("write(1, kernel)", write(1, kern, 10));
	expect("open(kernel)", open(kern, OREAD));
	expect("pipe(kernel)", pipe((int*)kern));
	if(argc > 1){
		fd = open(argv[1], ORDWR);
		if(fd < 0)
			sysfatal("open %s: %r", argv[1]);
		bigio(fd);
		close(fd);
	}
	if(failed){
		print("badptr: %d failures\n", failed);
		exits("fail");
	}
	print("badptr: ok\n");
	exits(nil);
}
