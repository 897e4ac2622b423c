/*
 * nilderef: store through a nil pointer.  The kernel must post
 * "sys: trap: ..." and, with no handler, kill us with a suicide
 * message on the console; the shell goes on.  Reaching the end is
 * a failure.
 */
#include <u.h>
#include <libc.h>

void
main(void)
{
	int *volatile p;

	p = nil;
	print("nilderef: writing through nil\n");
	*p = 42;
	print("nilderef: survived a nil store\n");
	exits("survived");
}
