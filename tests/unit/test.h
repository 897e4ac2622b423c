/*
 * Minimal host unit-test support.  Test programs include only 9q
 * headers plus this one; the few host functions used are declared
 * here with ABI-compatible prototypes instead of including glibc's.
 */
#pragma once

int	printf(char*, ...);
void	exit(int);
void	abort(void);

static int tpassed, tfailed;

#define check(name, cond) do { \
	if(cond){ tpassed++; printf("ok %s\n", name); } \
	else { tfailed++; printf("FAIL %s (%s:%d)\n", name, __FILE__, __LINE__); } \
} while(0)

static int
testsummary(void)
{
	return tfailed != 0;
}
