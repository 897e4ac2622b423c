/*
 * Regular expressions, as Plan 9's regexp(2); the notation is
 * regexp(6).  Include <u.h> and <libc.h> first.
 */
#pragma once

enum { NSUBEXP = 32 };		/* \0 (the whole match) and up to 31 parentheses */

typedef struct Resub Resub;
typedef struct Reprog Reprog;	/* compiled; its layout is the library's own */

/* one (sub)match: sp at its start, ep just past its end; nil if unused */
struct Resub {
	union {
		char	*sp;
		Rune	*rsp;
	};
	union {
		char	*ep;
		Rune	*rep;
	};
};

Reprog*	regcomp(char*);
Reprog*	regcomplit(char*);
Reprog*	regcompnl(char*);
int	regexec(Reprog*, char*, Resub*, int);
void	regsub(char*, char*, int, Resub*, int);
void	regerror(char*);	/* a program may supply its own */
