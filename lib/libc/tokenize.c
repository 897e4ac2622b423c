/*
 * Splitting strings into fields, in place.
 *
 * tokenize(2) splits at white space and understands rc quoting:
 * '…' quotes white space, and '' inside quotes is a literal quote.
 * getfields(2) splits at any rune of a separator set.
 */
#include <u.h>
#include <str.h>

static char qsep[] = " \t\r\n";

static int
isqsep(int c)
{
	return c != 0 && strchr(qsep, c) != nil;
}

/*
 * Remove the quoting from the token starting at s, terminate it,
 * and return where the next one may start.  An unterminated quote
 * runs to the end of the string.
 */
static char*
unquote(char *s)
{
	char *w;
	int quoting;

	w = s;
	quoting = 0;
	while(*s != 0 && (quoting || !isqsep(*s))){
		if(*s != '\''){
			*w++ = *s++;
			continue;
		}
		if(quoting && s[1] == '\''){
			*w++ = '\'';
			s += 2;
			continue;
		}
		quoting = !quoting;
		s++;
	}
	if(*s != 0)
		s++;		/* past the separator; w may overwrite it */
	*w = 0;
	return s;
}

int
tokenize(char *s, char **args, int maxargs)
{
	int n;

	for(n = 0; n < maxargs; n++){
		while(isqsep(*s))
			s++;
		if(*s == 0)
			break;
		args[n] = s;
		s = unquote(s);
	}
	return n;
}

/*
 * Split str at runes in set.  Without mflag every separator ends a
 * field, so empty fields appear; with mflag runs of separators count
 * as one and leading or trailing ones yield nothing.  Once max fields
 * are found the last one holds the rest of the string, untouched.
 */
int
getfields(char *str, char **args, int max, int mflag, char *set)
{
	Rune r;
	int n, intoken, nargs;

	if(max <= 0)
		return 0;
	args[0] = str;
	nargs = mflag ? 0 : 1;
	intoken = 0;
	for(;; str += n){
		n = chartorune(&r, str);
		if(r == 0)
			break;
		if(r == Runeerror && n == 1 && (uchar)*str >= Runeself){
			/* a malformed byte is data, never a separator */
		}else if(utfrune(set, r) != nil){
			if(nargs >= max)
				break;
			*str = 0;
			intoken = 0;
			args[nargs] = str + n;
			if(!mflag)
				nargs++;
			continue;
		}
		if(mflag && !intoken)
			nargs++;
		intoken = 1;
	}
	return nargs;
}
