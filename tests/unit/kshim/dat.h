/*
 * Host stub of kern/dat.h: only what kernel code under test needs.
 */
#pragma once

typedef struct Lock Lock;

/* kshim.c's lock panics on recursion and unlock of a free lock */
struct Lock {
	int	key;
};
