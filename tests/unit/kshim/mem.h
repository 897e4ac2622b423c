/*
 * Host stub of kern/mem.h for unit tests of kernel code: physical
 * memory is an arena in the test process (kshim.c), and physical
 * address pa lives at kshimarena+pa, so KADDR/PADDR are a direct map
 * as in the kernel.
 */
#pragma once

#define BY2PG		4096
#define PGSHIFT		12

extern uchar	*kshimarena;

#define KADDR(pa)	((void*)(kshimarena + (uintptr)(pa)))
#define PADDR(va)	((uintptr)((uchar*)(va) - kshimarena))
