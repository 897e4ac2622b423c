/*
 * The system call interface: numbers and the constants that cross
 * it, shared by the kernel (kern/) and libc (lib/libc).
 *
 * Calling convention (x86_64 `syscall`): the number in RAX, up to six
 * arguments in RDI, RSI, RDX, R10, R8, R9; the result in RAX.  RCX and
 * R11 are clobbered by the instruction.  A failing call returns -1 (or
 * nil for pointers) and leaves its error string for errstr(2).
 * Numbers follow Plan 9's.
 */
#pragma once

enum {
	SYSR1		= 0,
	BIND		= 2,
	CHDIR		= 3,
	CLOSE		= 4,
	DUP		= 5,
	ALARM		= 6,
	EXEC		= 7,
	EXITS		= 8,
	FAUTH		= 10,
	SEGBRK		= 12,
	OPEN		= 14,
	SLEEP		= 17,
	RFORK		= 19,
	PIPE		= 21,
	CREATE		= 22,
	FD2PATH		= 23,
	BRK_		= 24,
	REMOVE		= 25,
	NOTIFY		= 28,
	NOTED		= 29,
	SEGATTACH	= 30,
	SEGDETACH	= 31,
	SEGFREE		= 32,
	RENDEZVOUS	= 34,
	UNMOUNT		= 35,
	SEEK		= 39,
	FVERSION	= 40,
	ERRSTR		= 41,
	STAT		= 42,
	FSTAT		= 43,
	WSTAT		= 44,
	FWSTAT		= 45,
	MOUNT		= 46,
	AWAIT		= 47,
	PREAD		= 50,
	PWRITE		= 51,
	NSEC		= 53,
	NSYSCALL	= 54,
};

/* segattach attributes, as Plan 9's */
enum {
	SG_RONLY	= 0040,		/* read only */
	SG_CEXEC	= 0100,		/* detach on exec (the others stay) */
};

/* open, create */
enum {
	OREAD		= 0,
	OWRITE		= 1,
	ORDWR		= 2,
	OEXEC		= 3,
	OTRUNC		= 16,
	OCEXEC		= 32,
	ORCLOSE		= 64,
	OEXCL		= 0x1000,
};

/* access(2) and stat permission bits */
enum {
	AEXIST		= 0,
	AEXEC		= 1,
	AWRITE		= 2,
	AREAD		= 4,
};

/* bind, mount */
enum {
	MREPL		= 0x0000,
	MBEFORE		= 0x0001,
	MAFTER		= 0x0002,
	MORDER		= 0x0003,
	MCREATE		= 0x0004,
	MCACHE		= 0x0010,
	MMASK		= 0x0017,
};

/* rfork */
enum {
	RFNAMEG		= (1<<0),
	RFENVG		= (1<<1),
	RFFDG		= (1<<2),
	RFNOTEG		= (1<<3),
	RFPROC		= (1<<4),
	RFMEM		= (1<<5),
	RFNOWAIT	= (1<<6),
	RFCNAMEG	= (1<<10),
	RFCENVG		= (1<<11),
	RFCFDG		= (1<<12),
	RFREND		= (1<<13),
	RFNOMNT		= (1<<14),
};

/* notify handler return, noted(2) */
enum {
	NCONT		= 0,
	NDFLT		= 1,
	NSAVE		= 2,
	NRSTR		= 3,
};

/* seek */
enum {
	SEEKSET		= 0,
	SEEKCUR		= 1,
	SEEKEND		= 2,
};

/*
 * await(2) returns "pid user-ms sys-ms real-ms 'exit string'";
 * the longest a note may be.
 */
enum {
	NAMELEN		= 28,
	STATMAXSZ	= 65535,
};

/*
 * The state at the time of a note, passed to the handler as its
 * first argument (a pointer to the saved registers) is opaque to
 * programs other than through noted(2).  User address space layout:
 */
#define UTZERO		0x200000ULL		/* text starts here: 2MiB, leaving 0 unmapped */
#define USTKTOP		0x00007ffffff00000ULL	/* top of the user stack */
#define USTKSIZE	(8*1024*1024ULL)	/* stack segment size */
