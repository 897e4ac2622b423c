/*
 * Kernel self-tests, chosen at boot with -append test=NAME: each
 * prints its checks on the console, where tests/scenario/boot.py
 * reads them.  They live apart from the code they exercise and use
 * only its exported interface.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"

static struct {
	char	*name;
	void	(*run)(void);
} selftests[] = {
	{"fault",	faulttest},
	{"proc",	proctest},
	{"chan",	chantest},
	{"virtio",	virtiotest},
	{"lock",	locktest},
};

/* a kernel fault: the trap handler must report it and halt */
void
faulttest(void)
{
	print("9q: test: dereferencing %#p\n", (void*)0xdeadbeef);
	*(volatile int*)0xdeadbeef = 0;
}

void
selftest(char *name)
{
	int i;

	for(i = 0; i < nelem(selftests); i++)
		if(strcmp(name, selftests[i].name) == 0){
			selftests[i].run();
			return;
		}
	print("9q: unknown test %q\n", name);
}
