/*
 * The system call table: number (sys.h) to handler.  A handler
 * takes the six argument registers and returns the result, or
 * raises an error that becomes the caller's error string.  The
 * entry from user mode is the arch's (syscall.c there).
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

Syscall *systab[NSYSCALL] = {
	[SYSR1]		sysr1,
	[BIND]		sysbind,
	[CHDIR]		syschdir,
	[CLOSE]		sysclose,
	[DUP]		sysdup,
	[ALARM]		sysalarm,
	[EXEC]		sysexec,
	[EXITS]		sysexits,
	[FAUTH]		sysfauth,
	[SEGBRK]	syssegbrk,
	[OPEN]		sysopen,
	[SLEEP]		syssleep,
	[RFORK]		sysrfork,
	[PIPE]		syspipe,
	[CREATE]	syscreate,
	[FD2PATH]	sysfd2path,
	[BRK_]		sysbrk_,
	[SEGATTACH]	syssegattach,
	[SEGDETACH]	syssegdetach,
	[SEGFREE]	syssegfree,
	[REMOVE]	sysremove,
	[NOTIFY]	sysnotify,
	[NOTED]		sysnoted,
	[RENDEZVOUS]	sysrendezvous,
	[UNMOUNT]	sysunmount,
	[SEEK]		sysseek,
	[FVERSION]	sysfversion,
	[ERRSTR]	syserrstr,
	[STAT]		sysstat,
	[FSTAT]		sysfstat,
	[WSTAT]		syswstat,
	[FWSTAT]	sysfwstat,
	[MOUNT]		sysmount,
	[AWAIT]		sysawait,
	[PREAD]		syspread,
	[PWRITE]	syspwrite,
	[NSEC]		sysnsec,
};

/* null system call: measures the cost of entering and leaving the kernel */
uintptr
sysr1(uintptr*)
{
	return 0;
}
