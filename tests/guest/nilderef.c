/*
 * nilderef: store through a nil pointer.  The kernel must post
 * "sys: trap: ..." and, with no handler, kill us with a suicide
 * message on the console; the shell goes on.  Reaching the end is
 * a failure.
 */
#include <u.h>
#include <libc.h>

void
main(int argc, char *argv[])
{
	int *p;

	USED(argv);
	/* nil, but the compiler cannot know it and drop the store */
	p = (int*)(uintptr)(argc - 1);
	print("nilderef: writing through %#p\n", p);
	*p = 42;
	print("nilderef: survived a nil store\n");
	exits("survived");
}
