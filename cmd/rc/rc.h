/*
 * rc, 9q's shell: a subset of Tom Duff's rc(1).
 *
 * A command line is read by the lexer (lex.c), parsed by recursive
 * descent (parse.c) into a Tree held in an Arena that is freed after
 * the line has run, and executed by walking the tree (exec.c).
 * Words are expanded (expand.c) into Word lists: variables, carets,
 * then file name globbing (glob.c).
 *
 * lex.c parse.c tree.c var.c expand.c glob.c util.c use nothing that
 * runs processes, so the host unit test (tests/unit/t_rc.c) builds
 * them unchanged; exec.c builtin.c env.c main.c are the guest side.
 */
#include <u.h>
#include <libc.h>

typedef struct Arena Arena;
typedef struct Fn Fn;
typedef struct Input Input;
typedef struct Parser Parser;
typedef struct Token Token;
typedef struct Tree Tree;
typedef struct Var Var;
typedef struct Word Word;

enum {
	GLOB	= 1,	/* marks an unquoted * ? [ in an expanded word */
	Maxname	= 256,	/* longest path rc builds */
	Maxhere	= 16,	/* here documents on one line */
};

/* bump allocation for everything one parse makes; freed in one go */
struct Arena {
	Arena	*next;	/* older blocks */
	usize	used;
	usize	size;
	uchar	data[];
};
Arena*	newarena(void);
void*	arenaalloc(Arena**, usize);
char*	arenastrdup(Arena**, char*);
void	freearena(Arena*);

/* a list of strings: expansion results and variable values */
struct Word {
	char	*s;
	Word	*next;
};
Word*	newword(char*, Word*);
Word*	copywords(Word*);
void	freewords(Word*);
int	countwords(Word*);
Word*	appendwords(Word*, Word*);
char*	joinwords(Word*, char*);

/* the parse tree */
enum {
	/* words */
	Tword = 1,	/* str, quoted */
	Tvar,		/* $left(right...): right is the subscript list */
	Tcount,		/* $#left */
	Tflat,		/* $"left */
	Tconcat,	/* left^right */
	Tlist,		/* (left ...): words chained by next */
	Tbackq,		/* `{left} */
	/* commands */
	Tsimple,	/* left: the words, chained by next */
	Tredir,		/* rtype fd0 fd1, left: target word, right: command */
	Tassign,	/* left=right, then third if not nil (a local) */
	Tblock,		/* {left} */
	Tseq,		/* left; right */
	Tasync,		/* left& */
	Tpipe,		/* left |[fd0=fd1] right */
	Tand,		/* left && right */
	Tor,		/* left || right */
	Tnot,		/* ! left */
	Tsubshell,	/* @ left */
	Tif,		/* if(left) right */
	Tifnot,		/* if not left */
	Tfor,		/* for(left in right) third; right nil: $* */
	Twhile,		/* while(left) right */
	Tswitch,	/* switch(left) right */
	Tcase,		/* case left...: a label inside a switch */
	Tmatch,		/* ~ left right... */
	Tfn,		/* fn left right; right nil deletes */
};

/* redirections */
enum {
	Rdread = 1,	/* <[fd] file */
	Rdwrite,		/* >[fd] file */
	Rdappend,	/* >>[fd] file */
	Rddup,		/* >[fd0=fd1] */
	Rdclose,		/* >[fd0=] */
	Rdhere,		/* <<tag: left is the tag word, str the document */
};

struct Tree {
	int	type;
	char	*str;	/* Tword; Rdhere: the document */
	int	quoted;	/* Tword: no globbing, never a keyword */
	int	rtype;	/* Tredir */
	int	fd0;	/* Tredir, Tpipe: the fd redirected, the pipe's writing fd */
	int	fd1;	/* Rddup source, Tpipe: the pipe's reading fd */
	Tree	*left;
	Tree	*right;
	Tree	*third;
	Tree	*next;	/* the next word in a list */
};
Tree*	newtree(Arena**, int, Tree*, Tree*);
Tree*	copytree(Arena**, Tree*);
int	fmttree(Fmt*, Tree*);
char*	treestr(Tree*);
int	fmtdeparse(Fmt*, Tree*);
char*	deparse(Tree*);

/* input sources: a file descriptor or a string */
struct Input {
	int	fd;		/* -1 for a string */
	char	*p;		/* next unread byte */
	char	*e;		/* end of unread bytes */
	char	*str;		/* the string input, freed with the Input */
	int	interactive;	/* prompt before reading */
	int	cont;		/* the command has begun: use $prompt(2) */
	int	midline;	/* the last read ended inside a line: no prompt for the rest */
	int	line;		/* line number, for messages */
	int	lastc;		/* the last byte taken, to recover after errors */
	int	eof;		/* end of input, or an interrupted read */
	char	*name;		/* source file name, or nil */
	char	buf[1024];
};
Input*	stringinput(char*);
Input*	fdinput(int, char*, int);
void	freeinput(Input*);
int	getch(Input*);
void	ungetch(Input*);
void	skipline(Input*);
void	prompt(int);

/* tokens */
enum {
	Tokword = 1,
	Tokdollar,	/* $ */
	Tokcount,	/* $# */
	Tokflat,	/* $" */
	Tokcaret,
	Toklparen,
	Tokrparen,
	Toklbrace,
	Tokrbrace,
	Tokbackq,	/* ` */
	Tokpipe,	/* |[fd0=fd1] */
	Tokandand,
	Tokoror,
	Toksemi,
	Tokamp,
	Toknl,
	Tokredir,	/* rtype fd0 fd1 */
	Tokeq,
	Tokeof,
	Tokerror,	/* the lexer's message is in the parser */
};

struct Token {
	int	type;
	int	adj;	/* no blank before it: free carets and subscripts */
	int	quoted;
	char	*str;	/* Tokword, in the parse arena */
	int	rtype;
	int	fd0;
	int	fd1;
};

struct Parser {
	Input	*in;
	Arena	*arena;		/* this line's tree and strings */
	Token	tok;		/* lookahead, when havetok */
	int	havetok;
	int	varname;	/* the lexer is after a $: a name comes next */
	int	sawnl;		/* the last token lexed ended its line */
	int	blank;		/* a word ended at \ newline: the next token is not adjacent */
	char	*wbuf;		/* word being lexed */
	int	wlen;
	int	wmax;
	Tree	*here[Maxhere];	/* here documents whose text comes after this line */
	int	nhere;
	char	err[128];	/* the syntax error, if any */
};
void	initparser(Parser*, Input*);
void	termparser(Parser*);
int	lex(Parser*, Token*);
Tree*	parseline(Parser*, int*);
int	iskeyword(char*);
void	readhere(Parser*);

/* variables */
struct Var {
	char	*name;
	Word	*val;
	int	changed;	/* not yet written to /env */
	Var	*next;
};
Var*	lookvar(char*);
Var*	getvar(char*);
Word*	varval(char*);
void	setvar(char*, Word*);
void	setvarstr(char*, char*);
void	pushlocal(char*, Word*);
void	poplocal(void);
void	forvars(void (*)(Var*));
void	setstatus(char*);
char*	getstatus(void);
int	truestatus(void);
char*	concstatus(char*, char*);

/* functions: bodies live in their own arena while in use */
struct Fn {
	char	*name;
	Arena	*arena;
	Tree	*body;
	int	ref;		/* running calls */
	int	dead;		/* deleted while running: free at ref 0 */
	Fn	*next;
};
Fn*	lookfn(char*);
void	deffn(char*, Tree*);
void	delfn(char*);
void	releasefn(Fn*);

/* expansion */
int	expandword(Tree*, Word**);
int	expandwords(Tree*, Word**);
int	expandname(Tree*, char**);
char*	deglob(char*);
char*	heresubst(char*);
int	match(char*, char*);
int	globwords(Word*, Word**);
Word*	sortwords(Word*);
int	listdir(char*, Word**);		/* environment: exec.c, or the test */
int	backquote(Tree*, Word**);	/* environment: exec.c, or the test */

/* errors and memory */
void	rcerror(char*, ...);
void*	emallocz(usize);
char*	estrdupz(char*);
extern int	abandon;		/* stop the command line: error or interrupt */

/* execution (exec.c, builtin.c, env.c) */
extern int	interactive;
extern volatile int	interrupted;
extern int	ifnot;
void	run(Tree*);
int	runinput(Input*, int);
void	runstring(char*);
int	isbuiltin(char*);
void	runbuiltin(Word*);
void	waitpids(int*, char**, int);
void	addapid(int);
void	waitapids(int);
void	doexec(Word*) __attribute__((noreturn));
char*	pathsearch(char*);
void	importenv(void);
void	updenv(void);
void	exportfn(char*, Tree*);
void	unexportfn(char*);
