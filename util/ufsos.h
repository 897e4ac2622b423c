/*
 * The host side of ufs (util/ufsos.c): everything that needs the host
 * C library, behind plain C types so that util/ufs.c, which uses 9q's
 * headers and lib9p, never sees glibc's.  Failing calls return -1 (or
 * nil) and leave a Plan 9 style error string for oserr().
 */
#pragma once

typedef struct Ustat Ustat;

enum {
	Kreg,		/* regular file */
	Kdir,		/* directory */
	Klink,		/* symbolic link: opened, it reads as its target */
	Kother,		/* fifo, socket, device: listed, never opened */
};

struct Ustat {
	unsigned long long	ino;
	unsigned long long	size;
	unsigned int	vers;		/* changes with mtime and size */
	unsigned int	mode;		/* 9P Dir.mode: permission bits and DM* type bits */
	unsigned int	atime;
	unsigned int	mtime;
	int	kind;
	char	uid[64];	/* owner's name, or the number if it has none */
	char	gid[64];
};

void	osinit(void);
int	osroot(char *path);	/* every path below starts with it */
void	osexit(int) __attribute__((noreturn));
char*	oserr(void);

int	osstat(char *path, int follow, Ustat*);
int	osopen(char *path, int omode9p);
char*	osreadlink(char *path);	/* a symlink's target, malloced */
int	oscreate(char *path, unsigned int perm, int omode9p);
int	osmkdir(char *path, unsigned int perm);
int	osclose(int fd);
long	ospread(int fd, void *buf, long n, long long off);
long	ospwrite(int fd, void *buf, long n, long long off);
int	osremove(char *path);
int	osrename(char *from, char *to);
int	ostruncate(char *path, long long len);
int	oschmod(char *path, unsigned int perm);
int	osmtime(char *path, unsigned int mtime);
int	oschgrp(char *path, char *group);
int	osgroupok(char *group);
int	oslistdir(char *path, char ***names);	/* entries but . and .., malloced */

int	oslisten(char *ntype, char *addr);
int	osaccept(int lfd);
int	osfork(void);	/* 0 in the child, the pid in the parent, -1 */
