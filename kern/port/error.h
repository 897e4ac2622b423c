/*
 * Kernel error strings: declared once here, defined in error.c from
 * the same list, shown to users verbatim.  Compare by name.
 */
#pragma once

#define ERRORS(X) \
	X(Enoerror,	"no error") \
	X(Emount,	"inconsistent mount") \
	X(Eunmount,	"not mounted") \
	X(Eismtpt,	"is a mount point") \
	X(Eunion,	"not in union") \
	X(Emountrpc,	"mount rpc error") \
	X(Eshutdown,	"device shut down") \
	X(Enocreate,	"mounted directory forbids creation") \
	X(Enonexist,	"file does not exist") \
	X(Eexist,	"file already exists") \
	X(Ebadsharp,	"unknown device in # filename") \
	X(Enotdir,	"not a directory") \
	X(Eisdir,	"file is a directory") \
	X(Ebadchar,	"bad character in file name") \
	X(Efilename,	"file name syntax") \
	X(Eperm,	"permission denied") \
	X(Ebadusefd,	"inappropriate use of fd") \
	X(Ebadarg,	"bad arg in system call") \
	X(Einuse,	"device or object already in use") \
	X(Eio,		"i/o error") \
	X(Etoobig,	"read or write too large") \
	X(Etoosmall,	"read or write too small") \
	X(Enoport,	"network port not available") \
	X(Ehungup,	"i/o on hungup channel") \
	X(Ebadctl,	"bad process or channel control request") \
	X(Enodev,	"no free devices") \
	X(Eprocdied,	"process exited") \
	X(Enochild,	"no living children") \
	X(Eioload,	"i/o error in demand load") \
	X(Enovmem,	"virtual memory allocation failed") \
	X(Ebadfd,	"fd out of range or not open") \
	X(Enofd,	"no free file descriptors") \
	X(Eisstream,	"seek on a stream") \
	X(Ebadexec,	"exec header invalid") \
	X(Etimedout,	"connection timed out") \
	X(Econrefused,	"connection refused") \
	X(Econinuse,	"connection in use") \
	X(Eintr,	"interrupted") \
	X(Enomem,	"kernel allocate failed") \
	X(Enoswap,	"swap space full") \
	X(Efull,	"file system full") \
	X(Esoverlap,	"segments overlap") \
	X(Eshort,	"i/o count too small") \
	X(Egreg,	"kernel invariant failed") \
	X(Ebadspec,	"bad attach specifier") \
	X(Enoreg,	"process has no saved registers") \
	X(Enoattach,	"mount/attach disallowed") \
	X(Eshortstat,	"stat buffer too small") \
	X(Ebadstat,	"malformed stat buffer") \
	X(Enegoff,	"negative i/o offset") \
	X(Ecmdargs,	"wrong #args in control message") \
	X(Ebadip,	"bad ip address syntax") \
	X(Edirseek,	"seek in directory") \
	X(Ebadaddr,	"bad address in system call") \
	X(Enotsupported, "operation not supported") \
	X(Ereadonly,	"file system is read only") \
	X(Ewstatbuf,	"wstat buffer too small") \
	X(Enotags,	"no free tags") \
	X(Emsgsize,	"message size too small") \
	X(Ebadmsize,	"msize too small or not a number") \
	X(Ebadmsg,	"malformed 9P message") \
	X(Etag,		"bad tag in 9P reply") \
	X(Enoename,	"server gave an empty error") \
	X(Enotag,	"mount tag not known") \
	X(Enospec,	"mount tag required") \
	X(Ebroken,	"virtio device broken") \
	X(Enotempty,	"directory is not empty") \
	X(Enohost,	"host not connected") \
	X(Eportgone,	"port removed") \

#define ERRDECL(name, text)	extern char name[];
ERRORS(ERRDECL)
#undef ERRDECL
