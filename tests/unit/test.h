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

/*
 * Each test program states how many checks it runs, so that a check
 * dropped by an early return or a loop that stops short fails too.
 */
static int
testsummary1(int expected, char *file)
{
	if(tpassed + tfailed != expected){
		printf("FAIL %s.count (%d checks ran, %d expected)\n", file, tpassed + tfailed, expected);
		return 1;
	}
	return tfailed != 0;
}
#define testsummary(expected)	testsummary1(expected, __FILE__)
