/*
 * wait(2) over await, whose answer is "pid user sys real 'msg'":
 * the times in milliseconds, the exit string quoted as rc quotes.
 */
#include <u.h>
#include <libc.h>

enum {
	Awaitmax	= 2*ERRMAX + 128,	/* a fully quoted message and the numbers */
};

/* the fields of an await string, or -1 if it is malformed */
static int
awaitfields(char *buf, char **f)
{
	char *e;
	int i;

	if(tokenize(buf, f, 5) != 5)
		return -1;
	for(i = 0; i < 4; i++){
		strtoul(f[i], &e, 10);
		if(e == f[i] || *e != 0)
			return -1;
	}
	return 0;
}

Waitmsg*
wait(void)
{
	char buf[Awaitmax], *f[5];
	Waitmsg *w;
	int n, l;

	n = await(buf, sizeof buf - 1);
	if(n < 0)
		return nil;
	buf[n] = 0;
	if(awaitfields(buf, f) < 0){
		werrstr("bad await string");
		return nil;
	}
	l = strlen(f[4]);
	w = malloc(sizeof(Waitmsg) + l + 1);
	if(w == nil)
		return nil;
	w->pid = atoi(f[0]);
	w->time[0] = strtoul(f[1], nil, 10);
	w->time[1] = strtoul(f[2], nil, 10);
	w->time[2] = strtoul(f[3], nil, 10);
	w->msg = (char*)&w[1];
	memmove(w->msg, f[4], l+1);
	return w;
}

/* the pid of a child that ended, its message discarded; -1 if none */
int
waitpid(void)
{
	char buf[Awaitmax], *f[5];
	int n;

	n = await(buf, sizeof buf - 1);
	if(n < 0)
		return -1;
	buf[n] = 0;
	if(awaitfields(buf, f) < 0){
		werrstr("bad await string");
		return -1;
	}
	return atoi(f[0]);
}
