/*
 * The C library for guest programs (lib/libc), Plan 9 flavoured.
 * Include <u.h> first.
 */
#pragma once

#include <fmt.h>
#include <str.h>
#include <sys.h>
#include <fcall.h>	/* Qid, Dir, QT*, DM* */

/* print family: fmt.h has the string forms */
int	print(char*, ...);
int	fprint(int, char*, ...);
int	vfprint(int, char*, va_list);
int	sprint(char*, char*, ...);
void	sysfatal(char*, ...) __attribute__((noreturn));
extern char *argv0;

/* errors */
int	errstr(char*, uint);
void	rerrstr(char*, uint);
void	werrstr(char*, ...);

/* system calls */
int	bind(char*, char*, int);
int	chdir(char*);
int	close(int);
int	create(char*, int, u32int);
int	dup(int, int);
int	errstr(char*, uint);
int	exec(char*, char*[]);
void	_exits(char*) __attribute__((noreturn));
int	fd2path(int, char*, int);
int	fstat(int, uchar*, int);
int	fwstat(int, uchar*, int);
int	mount(int, int, char*, int, char*);
int	noted(int);
int	notify(void (*)(void*, char*));
int	open(char*, int);
int	pipe(int*);
long	pread(int, void*, long, vlong);
long	pwrite(int, void*, long, vlong);
long	read(int, void*, long);
long	readn(int, void*, long);
int	copyfd(int from, int to, void *buf, long nbuf);	/* 0, CopyRead or CopyWrite */
enum { CopyRead = -1, CopyWrite = -2 };
char*	eachtarget(char *cmd, int argc, char **argv, int (*f)(char *from, char *to));	/* cp, mv */
char*	lastelem(char*);
int	remove(char*);
void*	rendezvous(void*, void*);
int	rfork(int);
vlong	seek(int, vlong, int);
int	sleep(long);
long	alarm(ulong);
int	stat(char*, uchar*, int);
int	unmount(char*, char*);
int	await(char*, int);
long	write(int, void*, long);
int	wstat(char*, uchar*, int);
int	brk(void*);
void*	sbrk(ulong);
vlong	nsec(void);
int	fversion(int, int, char*, int);
int	fauth(int, char*);
void*	segbrk(void*, void*);
void*	segattach(int, char*, void*, ulong);
int	segdetach(void*);
int	segfree(void*, ulong);
int	sysr1(void);

/* process control built on them */
void	exits(char*) __attribute__((noreturn));
int	atexit(void (*)(void));
void	atexitdont(void (*)(void));
int	fork(void);
int	execl(char*, ...);
int	getpid(void);
int	getppid(void);
int	postnote(int, int, char*);
char*	getuser(void);
char*	sysname(void);
long	time(long*);
int	access(char*, int);
void	abort(void) __attribute__((noreturn));

enum {
	PNPROC	= 1,		/* postnote to a process */
	PNGROUP	= 2,		/* to its note group */
};

/* lock(2): spin locks between processes sharing memory (rfork RFMEM) */
typedef struct Lock Lock;
struct Lock {
	int	val;		/* 1 while held */
};
void	lock(Lock*);
void	unlock(Lock*);
int	canlock(Lock*);

/* wait(2) */
typedef struct Waitmsg Waitmsg;
struct Waitmsg {
	int	pid;		/* of loved one */
	ulong	time[3];	/* of loved one and descendants */
	char	*msg;
};
Waitmsg*	wait(void);
int	waitpid(void);

/* directories: Dir is in fcall.h */
Dir*	dirstat(char*);
Dir*	dirfstat(int);
int	dirwstat(char*, Dir*);
int	dirfwstat(int, Dir*);
long	dirread(int, Dir**);
long	dirreadall(int, Dir**);
void	nulldir(Dir*);

/* environment */
char*	getenv(char*);
int	putenv(char*, char*);

/* strings and the like, beyond str.h */
char*	strtok(char*, char*);
char*	estrdup(char*);
void*	emalloc(usize);
void*	erealloc(void*, usize);
int	isalpha(int);
int	isdigit(int);
int	isspace(int);
int	isalnum(int);
int	isupper(int);
int	islower(int);
int	isprint(int);
int	tolower(int);
int	toupper(int);
void	qsort(void*, long, long, int (*)(void*, void*));
char*	ctime(long);		/* "Sun Nov 22 00:30:00 GMT 2026\n", as Plan 9's */

/* broken-down time; there are no time zones: all is GMT */
typedef struct Tm Tm;
struct Tm {
	int	sec;
	int	min;
	int	hour;
	int	mday;		/* 1-31 */
	int	mon;		/* 0-11 */
	int	year;		/* less 1900 */
	int	wday;		/* 0 is Sunday */
	int	yday;		/* 0-365 */
	char	zone[4];
	int	tzoff;		/* seconds east of GMT: 0 */
};
Tm*	gmtime(long);
Tm*	localtime(long);
char*	asctime(Tm*);
int	quotefmtinstall(void);
char*	unquotestrdup(char*);

/* SHA-1, for sha1sum */
enum { SHA1dlen = 20 };
typedef struct SHA1state SHA1state;
struct SHA1state {
	u64int	len;
	u32int	state[5];
	uchar	buf[64];
	int	blen;
};
void	sha1init(SHA1state*);
void	sha1update(SHA1state*, uchar*, usize);
void	sha1final(SHA1state*, uchar digest[SHA1dlen]);

/* arguments: Plan 9's ARGBEGIN/ARGEND */
#define	ARGBEGIN	for((argv0 ? 0 : (argv0 = *argv)), argv++, argc--;\
			    argv[0] && argv[0][0] == '-' && argv[0][1];\
			    argc--, argv++) {\
				char *_args, *_argt;\
				Rune _argc;\
				_args = &argv[0][1];\
				if(_args[0] == '-' && _args[1] == 0){\
					argc--; argv++; break;\
				}\
				_argc = 0;\
				while(*_args && (_args += chartorune(&_argc, _args)))\
				switch(_argc)
#define	ARGEND		SET(_argt); USED(_argt); USED(_argc); USED(_args);}\
			USED(argv); USED(argc);
#define	ARGF()		(_argt = _args, _args = "",\
				(*_argt ? _argt : argv[1] ? (argc--, *++argv) : 0))
#define	EARGF(x)	(_argt = _args, _args = "",\
				(*_argt ? _argt : argv[1] ? (argc--, *++argv) : ((x), abort(), (char*)0)))
#define	ARGC()		_argc

/* buffered I/O, a small Biobuf (lib/libc/bio.c) */
enum { Bsize = 8192, Bungetsize = 4, Beof = -1 };
typedef struct Biobuf Biobuf;
struct Biobuf {
	int	fd;
	int	mode;		/* OREAD or OWRITE */
	uchar	*bp;		/* next byte */
	uchar	*ep;		/* end of valid data (read) or buffer (write) */
	uchar	*rdline;	/* start of the last Brdline */
	int	rdlen;
	vlong	offset;		/* of the file at ep (read) or buf (write) */
	uchar	*gbuf;		/* read: Bungetc may back up to here */
	int	flags;		/* Bmalloced: Bopen made it, Bterm frees it */
	uchar	buf[Bungetsize+Bsize];
};
int	Binit(Biobuf*, int, int);
Biobuf*	Bopen(char*, int);
int	Bterm(Biobuf*);
int	Bgetc(Biobuf*);
int	Bungetc(Biobuf*);
int	Bputc(Biobuf*, int);
long	Bread(Biobuf*, void*, long);
long	Bwrite(Biobuf*, void*, long);
char*	Brdline(Biobuf*, int);
char*	Brdstr(Biobuf*, int, int);
int	Blinelen(Biobuf*);
int	Bprint(Biobuf*, char*, ...);
int	Bvprint(Biobuf*, char*, va_list);
vlong	Boffset(Biobuf*);
int	Bflush(Biobuf*);
int	Bfildes(Biobuf*);
