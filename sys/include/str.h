/*
 * String, memory and UTF-8 routines (lib/libc), shared by the kernel,
 * guest programs and host tools.
 */
#pragma once

enum {
	UTFmax		= 4,		/* bytes per rune */
	Runesync	= 0x80,		/* below this, a byte is a rune */
	Runeself	= 0x80,
	Runeerror	= 0xFFFD,
	Runemax		= 0x10FFFF,
};

void*	memset(void*, int, usize);
void*	memmove(void*, void*, usize);
void*	memcpy(void*, void*, usize);
int	memcmp(void*, void*, usize);
void*	memchr(void*, int, usize);

usize	strlen(char*);
int	strcmp(char*, char*);
int	strncmp(char*, char*, usize);
char*	strcpy(char*, char*);
char*	strncpy(char*, char*, usize);
char*	strcat(char*, char*);
char*	strchr(char*, int);
char*	strrchr(char*, int);
char*	strstr(char*, char*);
char*	strecpy(char*, char*, char*);
char*	strdup(char*);
long	strtol(char*, char**, int);
ulong	strtoul(char*, char**, int);
vlong	strtoll(char*, char**, int);
uvlong	strtoull(char*, char**, int);
int	atoi(char*);
long	atol(char*);
vlong	atoll(char*);
int	tokenize(char*, char**, int);
int	getfields(char*, char**, int, int, char*);

int	runetochar(char*, Rune*);
int	chartorune(Rune*, char*);
int	runelen(long);
int	fullrune(char*, int);
int	utflen(char*);
char*	utfrune(char*, long);

char*	cleanname(char*);

/* Memory allocation: provided by the kernel (kern/malloc.c) or libc. */
void*	malloc(usize);
void*	mallocz(usize, int);
void*	realloc(void*, usize);
void	free(void*);
