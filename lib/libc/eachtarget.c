/*
 * The argument convention cp and mv share:
 *	cmd from to
 *	cmd from ... todir
 * f(from, to) runs for each source; into a directory the target
 * keeps the source's last name element.  Names are cleaned first,
 * so "dir/" names its last element.  Returns the exit status: nil,
 * or "error" if any f failed (f says why), or "bad usage".
 */
#include <u.h>
#include <libc.h>

/* the last element of a path name */
char*
lastelem(char *s)
{
	char *p;

	p = strrchr(s, '/');
	return p != nil ? p+1 : s;
}

char*
eachtarget(char *cmd, int argc, char **argv, int (*f)(char *from, char *to))
{
	Dir *d;
	char *status, *to;
	int i, todir;

	for(i = 0; i < argc; i++)
		cleanname(argv[i]);
	d = dirstat(argv[argc-1]);
	todir = d != nil && (d->mode & DMDIR);
	free(d);
	if(argc > 2 && !todir){
		fprint(2, "%s: %s not a directory\n", cmd, argv[argc-1]);
		return "bad usage";
	}
	if(!todir)
		return f(argv[0], argv[1]) < 0 ? "error" : nil;
	status = nil;
	for(i = 0; i < argc-1; i++){
		to = smprint("%s/%s", argv[argc-1], lastelem(argv[i]));
		if(to == nil)
			sysfatal("no memory");
		if(f(argv[i], to) < 0)
			status = "error";
		free(to);
	}
	return status;
}
