/*
 * Basic types shared by the kernel, guest programs and host tools.
 * Sizes are those of the x86_64 System V ABI (LP64): long is 64 bits.
 */
#pragma once

typedef unsigned char	uchar;
typedef unsigned short	ushort;
typedef unsigned int	uint;
typedef unsigned long	ulong;
typedef long long	vlong;
typedef unsigned long long uvlong;
typedef unsigned long	uintptr;
typedef unsigned long	usize;
typedef long		isize;
typedef uint		Rune;

typedef unsigned char	u8int;
typedef unsigned short	u16int;
typedef unsigned int	u32int;
typedef unsigned long long u64int;
typedef signed char	s8int;
typedef short		s16int;
typedef int		s32int;
typedef long long	s64int;

typedef __builtin_va_list va_list;
#define va_start(v, l)	__builtin_va_start(v, l)
#define va_end(v)	__builtin_va_end(v)
#define va_arg(v, t)	__builtin_va_arg(v, t)
#define va_copy(d, s)	__builtin_va_copy(d, s)

#define nil		((void*)0)
#define USED(x)		((void)(x))
#define SET(x)		((void)(x))
#define nelem(x)	(sizeof(x)/sizeof((x)[0]))
#define offsetof(t, m)	__builtin_offsetof(t, m)

/* Plan 9 open/rfork/etc. constants live in libc.h; these are ABI-wide. */
enum {
	ERRMAX	= 128,		/* max length of an error string */
	KNAMELEN = 28,		/* max length of a kernel name */
};
