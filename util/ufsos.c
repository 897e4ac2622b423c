/*
 * ufs's host side: files, directories and sockets through the host C
 * library.  Only this file includes glibc's headers; see ufsos.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include "ufsos.h"

/* the 9P values (fcall.h, which cannot be included beside glibc) */
enum {
	P9DMDIR		= 0x80000000,
	P9DMSYMLINK	= 0x02000000,
	P9DMDEVICE	= 0x00800000,
	P9DMNAMEDPIPE	= 0x00200000,
	P9DMSOCKET	= 0x00100000,
	P9OTRUNC	= 0x10,
};

static char errbuf[128];


/*
 * Plan 9's words (intro(5), and those its file servers use) for the
 * common errors, so that clients such as Linux's v9fs, which map the
 * strings back to errno, understand them; the host's for the rest.
 */
static void
seterr(int e)
{
	char *s;

	switch(e){
	case ENOENT:	s = "file does not exist"; break;
	case EEXIST:	s = "file already exists"; break;
	case EACCES:
	case EPERM:	s = "permission denied"; break;
	case ENOTEMPTY:	s = "directory is not empty"; break;
	case EISDIR:	s = "is a directory"; break;
	case ENOTDIR:	s = "not a directory"; break;
	case ENOSPC:
	case EDQUOT:	s = "file system full"; break;
	case EROFS:	s = "read only file system"; break;
	case ENAMETOOLONG:	s = "file name too long"; break;
	case ELOOP:	s = "too many levels of symbolic links"; break;
	case EIO:	s = "i/o error"; break;
	case EXDEV:	s = "cross-device link"; break;
	case EBUSY:	s = "device or resource busy"; break;
	case EFBIG:	s = "file too large"; break;
	default:	s = strerror(e); break;
	}
	snprintf(errbuf, sizeof errbuf, "%s", s);
}

static int
fail(void)
{
	seterr(errno);
	return -1;
}

/*
 * Confinement.  Every path ufs.c gives is -root followed by names that
 * walks found.  The host tree can change under us (a directory swapped
 * for a symlink to /), so a path is never handed to the kernel whole:
 * it is walked from rootfd one component at a time with O_NOFOLLOW,
 * and the last name is used with a *at() call that does not follow
 * either.  A symlink anywhere stops the walk (ELOOP or ENOTDIR).
 */
static char *rootpath;
static int rootfd = -1;

int
osroot(char *path)
{
	rootpath = strdup(path);
	rootfd = open(path, O_PATH|O_DIRECTORY|O_CLOEXEC);	/* -root itself may be a link */
	if(rootpath == NULL || rootfd < 0)
		return fail();
	return 0;
}

/*
 * A descriptor for the directory holding path's last name (close it
 * unless it is rootfd), and that name in *last ("." for the root).
 */
static int
parentfd(char *path, char *last)
{
	char buf[4096], *p, *q;
	int n, fd, nfd;

	n = strlen(rootpath);
	if(strncmp(path, rootpath, n) != 0 || path[n] != 0 && path[n] != '/'
	|| strlen(path+n) >= sizeof buf){
		snprintf(errbuf, sizeof errbuf, "path outside the root");
		return -1;
	}
	snprintf(buf, sizeof buf, "%s", path[n] == '/' ? path+n+1 : "");
	if(buf[0] == 0){
		strcpy(last, ".");
		return rootfd;
	}
	fd = rootfd;
	p = buf;
	while((q = strchr(p, '/')) != NULL){
		*q = 0;
		nfd = openat(fd, p, O_PATH|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC);
		if(fd != rootfd)
			close(fd);
		if(nfd < 0)
			return fail();
		fd = nfd;
		p = q+1;
	}
	snprintf(last, 256, "%s", p);
	return fd;
}

static void
putfd(int fd)
{
	if(fd >= 0 && fd != rootfd)
		close(fd);
}

char*
oserr(void)
{
	return errbuf;
}

/* lib/libc/fmt.c's %r */
void
errfmtstr(char *buf, int n)
{
	snprintf(buf, n, "%s", errbuf);
}

void
osinit(void)
{
	/* a client that hangs up must not kill the server */
	signal(SIGPIPE, SIG_IGN);
	/* client processes reap themselves */
	signal(SIGCHLD, SIG_IGN);
}

void
osexit(int status)
{
	exit(status);
}

static void
username(char *buf, int n, uid_t uid)
{
	struct passwd *pw;

	pw = getpwuid(uid);
	if(pw != NULL)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		snprintf(buf, n, "%u", (unsigned)uid);
}

static void
groupname(char *buf, int n, gid_t gid)
{
	struct group *gr;

	gr = getgrgid(gid);
	if(gr != NULL)
		snprintf(buf, n, "%s", gr->gr_name);
	else
		snprintf(buf, n, "%u", (unsigned)gid);
}

int
osstat(char *path, int follow, Ustat *u)
{
	struct stat st;
	unsigned int m;
	char last[256];
	int d, r;

	if((d = parentfd(path, last)) < 0)
		return -1;
	r = fstatat(d, last, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW);
	putfd(d);
	if(r < 0)
		return fail();
	memset(u, 0, sizeof *u);
	u->ino = st.st_ino;
	u->size = st.st_size;
	u->vers = (unsigned)st.st_mtim.tv_sec ^ (unsigned)st.st_mtim.tv_nsec ^ (unsigned)st.st_size;
	u->atime = st.st_atim.tv_sec;
	u->mtime = st.st_mtim.tv_sec;
	m = st.st_mode & 0777;
	u->kind = Kother;
	if(S_ISREG(st.st_mode))
		u->kind = Kreg;
	else if(S_ISDIR(st.st_mode)){
		u->kind = Kdir;
		m |= P9DMDIR;
		u->size = 0;	/* Plan 9 directories have length 0 */
	}else if(S_ISLNK(st.st_mode)){
		u->kind = Klink;
		m |= P9DMSYMLINK;
	}
	else if(S_ISFIFO(st.st_mode))
		m |= P9DMNAMEDPIPE;
	else if(S_ISSOCK(st.st_mode))
		m |= P9DMSOCKET;
	else
		m |= P9DMDEVICE;
	u->mode = m;
	username(u->uid, sizeof u->uid, st.st_uid);
	groupname(u->gid, sizeof u->gid, st.st_gid);
	return 0;
}

static int
oflags(int omode)
{
	int f;

	switch(omode&3){
	case 1:		f = O_WRONLY; break;
	case 2:		f = O_RDWR; break;
	default:	f = O_RDONLY; break;	/* OREAD, OEXEC */
	}
	if(omode & P9OTRUNC)
		f |= O_TRUNC;
	/* never follow a symlink out of the tree; never block on a fifo */
	return f | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
}

int
osopen(char *path, int omode)
{
	int fd;

	char last[256];
	int d;

	if((d = parentfd(path, last)) < 0)
		return -1;
	fd = openat(d, last, oflags(omode));
	putfd(d);
	if(fd < 0)
		return fail();
	return fd;
}

char*
osreadlink(char *path)
{
	char last[256], buf[4096+1], *s;
	int d;
	ssize_t n;

	if((d = parentfd(path, last)) < 0)
		return NULL;
	n = readlinkat(d, last, buf, sizeof buf - 1);
	putfd(d);
	if(n < 0){
		fail();
		return NULL;
	}
	buf[n] = 0;
	s = strdup(buf);
	if(s == NULL)
		seterr(ENOMEM);
	return s;
}

int
oscreate(char *path, unsigned int perm, int omode)
{
	int fd;

	char last[256];
	int d;

	if((d = parentfd(path, last)) < 0)
		return -1;
	fd = openat(d, last, oflags(omode) | O_CREAT | O_EXCL, perm & 0777);
	if(fd < 0){
		putfd(d);
		return fail();
	}
	/* exactly perm, whatever the umask */
	if(fchmod(fd, perm & 0777) < 0){
		seterr(errno);
		close(fd);
		unlinkat(d, last, 0);
		putfd(d);
		return -1;
	}
	putfd(d);
	return fd;
}

int
osmkdir(char *path, unsigned int perm)
{
	char last[256];
	int d, fd;

	if((d = parentfd(path, last)) < 0)
		return -1;
	if(mkdirat(d, last, perm & 0777) < 0){
		putfd(d);
		return fail();
	}
	/* exactly perm, whatever the umask */
	fd = openat(d, last, O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC);
	if(fd < 0 || fchmod(fd, perm & 0777) < 0){
		seterr(errno);
		if(fd >= 0)
			close(fd);
		unlinkat(d, last, AT_REMOVEDIR);
		putfd(d);
		return -1;
	}
	close(fd);
	putfd(d);
	return 0;
}

int
osclose(int fd)
{
	return close(fd);
}

long
ospread(int fd, void *buf, long n, long long off)
{
	struct stat st;
	long m;

	/*
	 * 9P offsets are unsigned: one at or past 2^63 is negative here
	 * and pread would say EINVAL, but it is simply past the end.
	 */
	if(off < 0)
		return 0;
	m = pread(fd, buf, n, off);
	if(m < 0 && errno == EINVAL && fstat(fd, &st) == 0 && off >= st.st_size)
		return 0;
	if(m < 0)
		return fail();
	return m;
}

long
ospwrite(int fd, void *buf, long n, long long off)
{
	long m, w;

	/*
	 * A write finishes whole or fails: a short count (a disk filling
	 * up) is retried, so the next pwrite reports why (ENOSPC), and
	 * the client sees that error rather than a count it cannot explain.
	 */
	if(off < 0){
		snprintf(errbuf, sizeof errbuf, "file too large");
		return -1;
	}
	for(w = 0; w < n; w += m){
		m = pwrite(fd, (char*)buf+w, n-w, off+w);
		if(m < 0 && errno == EINTR){
			m = 0;
			continue;
		}
		if(m < 0)
			return fail();
		if(m == 0){
			seterr(ENOSPC);
			return -1;
		}
	}
	return n;
}

int
osremove(char *path)
{
	struct stat st;
	char last[256];
	int d, r;

	if((d = parentfd(path, last)) < 0)
		return -1;
	r = fstatat(d, last, &st, AT_SYMLINK_NOFOLLOW);
	if(r == 0)
		r = unlinkat(d, last, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0);
	putfd(d);
	if(r < 0)
		return fail();
	return 0;
}

/* Plan 9 renames never replace an existing file */
int
osrename(char *from, char *to)
{
	char fl[256], tl[256];
	int fd, td, r;
	struct stat st;

	if((fd = parentfd(from, fl)) < 0)
		return -1;
	if((td = parentfd(to, tl)) < 0){
		putfd(fd);
		return -1;
	}
	r = renameat2(fd, fl, td, tl, RENAME_NOREPLACE);
	if(r < 0 && (errno == EINVAL || errno == ENOSYS)){
		/* a file system without RENAME_NOREPLACE */
		if(fstatat(td, tl, &st, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT)
			errno = EEXIST;
		else
			r = renameat(fd, fl, td, tl);
	}
	putfd(fd);
	putfd(td);
	if(r < 0)
		return fail();
	return 0;
}

int
ostruncate(char *path, long long len)
{
	int fd, r;

	fd = osopen(path, 1);
	if(fd < 0)
		return -1;
	r = ftruncate(fd, len);
	close(fd);
	if(r < 0)
		return fail();
	return 0;
}

int
oschmod(char *path, unsigned int perm)
{
	char last[256];
	int d, r;

	if((d = parentfd(path, last)) < 0)
		return -1;
	r = fchmodat(d, last, perm & 0777, d == rootfd && strcmp(last, ".") == 0 ? 0 : AT_SYMLINK_NOFOLLOW);
	putfd(d);
	if(r < 0)
		return fail();
	return 0;
}

int
osmtime(char *path, unsigned int mtime)
{
	struct timespec ts[2];
	char last[256];
	int d, r;

	ts[0].tv_sec = 0;
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = mtime;
	ts[1].tv_nsec = 0;
	if((d = parentfd(path, last)) < 0)
		return -1;
	r = utimensat(d, last, ts, AT_SYMLINK_NOFOLLOW);
	putfd(d);
	if(r < 0)
		return fail();
	return 0;
}

/* is group a host group's name or number?  (checked before a wstat changes anything) */
int
osgroupok(char *group)
{
	char *e;

	if(getgrnam(group) != NULL)
		return 1;
	strtoul(group, &e, 10);
	if(*group == 0 || *e != 0){
		snprintf(errbuf, sizeof errbuf, "unknown group %s", group);
		return 0;
	}
	return 1;
}

int
oschgrp(char *path, char *group)
{
	struct group *gr;
	char *e, last[256];
	gid_t gid;
	int d, r;

	gr = getgrnam(group);
	if(gr != NULL)
		gid = gr->gr_gid;
	else{
		gid = strtoul(group, &e, 10);
		if(*group == 0 || *e != 0){
			seterr(EINVAL);
			snprintf(errbuf, sizeof errbuf, "unknown group %s", group);
			return -1;
		}
	}
	if((d = parentfd(path, last)) < 0)
		return -1;
	r = fchownat(d, last, (uid_t)-1, gid, AT_SYMLINK_NOFOLLOW);
	putfd(d);
	if(r < 0)
		return fail();
	return 0;
}

int
oslistdir(char *path, char ***names)
{
	DIR *d;
	struct dirent *de;
	char **v, **nv, last[256];
	int n, max, fd, dfd;

	fd = parentfd(path, last);
	if(fd < 0)
		return -1;
	dfd = openat(fd, last, O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC);
	putfd(fd);
	if(dfd < 0)
		return fail();
	d = fdopendir(dfd);
	if(d == NULL){
		close(dfd);
		return fail();
	}
	v = NULL;
	n = max = 0;
	while((de = readdir(d)) != NULL){
		if(strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if(n == max){
			max = max ? 2*max : 32;
			nv = realloc(v, max * sizeof *v);
			if(nv == NULL)
				break;
			v = nv;
		}
		v[n] = strdup(de->d_name);
		if(v[n] == NULL)
			break;
		n++;
	}
	closedir(d);
	*names = v;
	return n;
}

/* addr: /path for unix; host:port or tcp!host!port for tcp */
int
oslisten(char *ntype, char *addr)
{
	struct sockaddr_un sun;
	struct sockaddr_in sin;
	struct stat st;
	char host[256], *p, *port;
	int fd, on;

	if(strcmp(ntype, "unix") == 0){
		if(strlen(addr) >= sizeof sun.sun_path){
			snprintf(errbuf, sizeof errbuf, "socket path too long");
			return -1;
		}
		/* a stale socket from an earlier run; never remove anything else */
		if(lstat(addr, &st) == 0 && S_ISSOCK(st.st_mode))
			unlink(addr);
		fd = socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0);
		if(fd < 0)
			return fail();
		memset(&sun, 0, sizeof sun);
		sun.sun_family = AF_UNIX;
		strcpy(sun.sun_path, addr);
		if(bind(fd, (struct sockaddr*)&sun, sizeof sun) < 0 || listen(fd, 8) < 0){
			seterr(errno);
			close(fd);
			return -1;
		}
		return fd;
	}
	if(strcmp(ntype, "tcp") != 0){
		snprintf(errbuf, sizeof errbuf, "unknown network type %s", ntype);
		return -1;
	}
	if(strncmp(addr, "tcp!", 4) == 0)
		addr += 4;
	snprintf(host, sizeof host, "%s", addr);
	p = strrchr(host, '!');
	if(p == NULL)
		p = strrchr(host, ':');
	if(p == NULL){
		snprintf(errbuf, sizeof errbuf, "no port in %s", addr);
		return -1;
	}
	*p = 0;
	port = p+1;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(atoi(port));
	if(strcmp(host, "*") == 0 || host[0] == 0)
		sin.sin_addr.s_addr = htonl(INADDR_ANY);
	else if(inet_pton(AF_INET, host, &sin.sin_addr) != 1){
		snprintf(errbuf, sizeof errbuf, "bad address %s", host);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0);
	if(fd < 0)
		return fail();
	on = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if(bind(fd, (struct sockaddr*)&sin, sizeof sin) < 0 || listen(fd, 8) < 0){
		seterr(errno);
		close(fd);
		return -1;
	}
	return fd;
}

int
osaccept(int lfd)
{
	int fd, on;

	do
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	while(fd < 0 && (errno == EINTR || errno == ECONNABORTED));
	if(fd < 0)
		return fail();
	/*
	 * Replies go out in one write each; without NODELAY, Nagle holds
	 * a small reply back until the client acknowledges the previous
	 * one, and a client that pipelines requests (v9fs) stalls on
	 * its delayed ACKs.  Fails harmlessly on a Unix socket.
	 */
	on = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	return fd;
}

/*
 * One process per client: a client that is idle, stalled in the
 * middle of a message or sending garbage blocks only its own
 * process.  Children are not waited for (SIGCHLD ignored).
 */
int
osfork(void)
{
	int pid, ppid;

	ppid = getpid();
	pid = fork();
	if(pid < 0)
		return fail();
	/*
	 * Killing ufs ends its clients' sessions too, as when it served
	 * them itself: a client then sees the host hang up.
	 */
	if(pid == 0 && (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != ppid))
		_exit(0);
	return pid;
}
