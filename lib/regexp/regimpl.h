/*
 * The compiled form shared by regcomp.c and regexec.c: a program for
 * a Pike VM (Thompson's NFA simulation carrying submatch pointers).
 */

enum {
	Irune,		/* consume the rune r */
	Iany,		/* consume any rune but newline */
	Ianynl,		/* consume any rune */
	Iclass,		/* consume a rune in (or, negated, not in) class */
	Ibol,		/* at the start of the string or after a newline */
	Ieol,		/* at its end or before a newline */
	Isplit,		/* go to x and y; x is preferred */
	Ijmp,		/* go to x */
	Isave,		/* note the position in submatch pointer n */
	Imatch,
};

typedef struct Reclass Reclass;
typedef struct Reinst Reinst;

/* a character class: sorted inclusive ranges, range[2i]..range[2i+1] */
struct Reclass {
	int	neg;
	int	nrange;
	Rune	*range;
};

struct Reinst {
	int	op;
	Rune	r;
	int	n;		/* Isave: pointer index; Iclass: class index */
	int	x, y;		/* Isplit, Ijmp: targets */
};

struct Reprog {
	int	ninst;
	Reinst	*inst;
	int	nclass;
	Reclass	*class;
	int	nsub;		/* pairs of pointers: the match and its parentheses */
};
