#include <u.h>
#include <libc.h>

/* a new process with a copy of the file descriptors and its own rendezvous space */
int
fork(void)
{
	return rfork(RFPROC|RFFDG|RFREND);
}

/* exec(2) with the arguments listed, ending in nil */
int
execl(char *name, ...)
{
	va_list args;
	char **argv;
	int n;

	va_start(args, name);
	for(n = 0; va_arg(args, char*) != nil; n++)
		;
	va_end(args);
	argv = malloc((n+1) * sizeof argv[0]);
	if(argv == nil)
		return -1;
	va_start(args, name);
	for(n = 0; (argv[n] = va_arg(args, char*)) != nil; n++)
		;
	va_end(args);
	exec(name, argv);
	free(argv);
	return -1;
}
