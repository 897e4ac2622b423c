/* The kernel's error strings, from the one list in error.h. */
#include <u.h>
#include "error.h"

#define ERRDEF(name, text)	char name[] = text;
ERRORS(ERRDEF)
