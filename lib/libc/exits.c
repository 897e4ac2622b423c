/*
 * exits(2) and atexit(2): run the registered functions, most recent
 * first, then leave with the status.
 */
#include <u.h>
#include <libc.h>

enum {
	Natexit	= 32,
};

static void (*onexit[Natexit])(void);

/* 1 if fn is registered, 0 if the table is full */
int
atexit(void (*fn)(void))
{
	int i;

	for(i = 0; i < Natexit; i++)
		if(onexit[i] == nil){
			onexit[i] = fn;
			return 1;
		}
	return 0;
}

void
atexitdont(void (*fn)(void))
{
	int i;

	for(i = 0; i < Natexit; i++)
		if(onexit[i] == fn)
			onexit[i] = nil;
}

void
exits(char *s)
{
	void (*fn)(void);
	int i;

	/* each runs once, even if it calls exits itself */
	for(i = Natexit-1; i >= 0; i--){
		fn = onexit[i];
		if(fn != nil){
			onexit[i] = nil;
			fn();
		}
	}
	_exits(s);
}
