/*
 * Host stub of kern/fns.h.
 *
 * malloc, realloc and free are renamed so that the kernel heap under
 * test does not replace glibc's (and the sanitizers') allocator.
 * Kernel sources include this after str.h, so the renaming only
 * affects the definitions and callers compiled against kshim.
 */
#pragma once

#define malloc	kmalloc
#define mallocz	kmallocz
#define realloc	krealloc
#define free	kfree
#define msize	kmsize

void	lock(Lock*);
void	unlock(Lock*);
void	panic(char*, ...);
int	print(char*, ...);

/* page.c */
void	pageinit(void);
void	pageaddrange(uintptr, uintptr);
uintptr	pagealloc(int);
void	pagefree(uintptr, int);
uintptr	pagealloc1(void);
void	pagefree1(uintptr);
uintptr	pageblock(uintptr, int*);
uintptr	pagerunalloc(usize);
void	pagerunfree(uintptr);
usize	pagerunsize(uintptr);
usize	pagefreecount(void);
usize	pagetotalcount(void);

/* malloc.c */
void*	malloc(usize);
void*	mallocz(usize, int);
void*	realloc(void*, usize);
void	free(void*);
usize	msize(void*);
void	heapstats(usize*, usize*);
