/*
 * Formatted printing, Plan 9 style, shared by the kernel, guest
 * programs and host tools (lib/libc/fmt.c).
 */
#pragma once

typedef struct Fmt Fmt;
struct Fmt {
	char	*start;		/* buffer */
	char	*to;		/* next free byte */
	char	*stop;		/* end of buffer */
	int	(*flush)(Fmt*);	/* called when full; 0 stops output */
	void	*farg;		/* for flush */
	int	nfmt;		/* bytes formatted, including flushed ones */
	va_list	args;
	int	r;		/* current verb */
	int	width;
	int	prec;
	ulong	flags;
};

enum {
	FmtWidth	= 1,
	FmtLeft		= FmtWidth<<1,
	FmtPrec		= FmtLeft<<1,
	FmtSharp	= FmtPrec<<1,
	FmtSpace	= FmtSharp<<1,
	FmtSign		= FmtSpace<<1,
	FmtZero		= FmtSign<<1,
	FmtUnsigned	= FmtZero<<1,
	FmtShort	= FmtUnsigned<<1,
	FmtLong		= FmtShort<<1,
	FmtVLong	= FmtLong<<1,
	FmtComma	= FmtVLong<<1,
	FmtByte		= FmtComma<<1,
	FmtFlag		= FmtByte<<1,
};

int	dofmt(Fmt*, char*);
int	fmtinstall(int, int (*)(Fmt*));
int	fmtprint(Fmt*, char*, ...);
int	fmtvprint(Fmt*, char*, va_list);
int	fmtstrcpy(Fmt*, char*);
int	fmtfdinit(Fmt*, int, char*, int);
int	fmtfdflush(Fmt*);
int	fmtstrinit(Fmt*);
char*	fmtstrflush(Fmt*);

char*	seprint(char*, char*, char*, ...);
char*	vseprint(char*, char*, char*, va_list);
int	snprint(char*, int, char*, ...);
int	vsnprint(char*, int, char*, va_list);
char*	smprint(char*, ...);
char*	vsmprint(char*, va_list);

/*
 * %r prints the current error string; the kernel and libc each
 * provide errfmtstr to supply it.
 */
void	errfmtstr(char*, int);
