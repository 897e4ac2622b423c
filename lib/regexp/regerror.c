/*
 * The default for a bad pattern given to regcomp: say so and exit.
 * It has a file of its own so that a program defining regerror
 * replaces it at link time.
 */
#include <u.h>
#include <libc.h>
#include <regexp.h>

void
regerror(char *msg)
{
	fprint(2, "regerror: %s\n", msg);
	exits("regerr");
}
