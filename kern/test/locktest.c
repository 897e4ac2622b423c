/*
 * test=lock: the spin-lock debugging must catch a lock taken twice
 * on one cpu (a deadlock) and say who holds it, instead of hanging.
 * The kernel panics, so this is the last thing the boot does.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"

static Lock twice;

void
locktest(void)
{
	print("locktest: taking a lock twice on cpu%d\n", machp()->machno);
	lock(&twice);
	lock(&twice);
	print("locktest: FAIL: the second lock returned\n");
}
