/*
 * Word expansion: a word tree becomes a list of strings.
 *
 * Unquoted literal text keeps its pattern characters * ? [ marked by
 * a GLOB byte in front, so that after concatenation the globber (and
 * ~) can tell `*` from '*'.  Variable values are never marked: rc
 * does not glob what comes out of a variable.
 * Every function returns 0, or -1 after reporting an error.
 */
#include "rc.h"

static int
literal(Tree *t, Word **out)
{
	char *s, *p, *q;

	if(t->quoted){
		*out = newword(t->str, nil);
		return 0;
	}
	s = emallocz(2*strlen(t->str) + 1);
	q = s;
	for(p = t->str; *p != 0; p++){
		if(*p == '*' || *p == '?' || *p == '[')
			*q++ = GLOB;
		*q++ = *p;
	}
	*q = 0;
	*out = emallocz(sizeof(Word));
	(*out)->s = s;
	return 0;
}

/* remove the GLOB marks, in place */
char*
deglob(char *s)
{
	char *p, *q;

	for(p = q = s; *p != 0; p++)
		if(*p != GLOB)
			*q++ = *p;
	*q = 0;
	return s;
}

/* the one name a $ refers to */
int
expandname(Tree *t, char **name)
{
	Word *w;

	if(expandword(t, &w) < 0)
		return -1;
	if(w == nil || w->next != nil){
		freewords(w);
		rcerror("variable name not singleton!");
		return -1;
	}
	*name = deglob(w->s);
	free(w);
	return 0;
}

static int
isnumber(char *s)
{
	if(*s == 0)
		return 0;
	for(; *s != 0; s++)
		if(*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* the nth (from 1) element of w, copied, or nil */
static Word*
element(Word *w, long n)
{
	if(n < 1)
		return nil;
	for(; w != nil && n > 1; n--)
		w = w->next;
	return w == nil ? nil : newword(w->s, nil);
}

/* the value of name, copied: $1 and the like are elements of $* */
static Word*
value(char *name)
{
	if(isnumber(name) && strcmp(name, "0") != 0)
		return strlen(name) > 9 ? nil : element(varval("*"), atol(name));
	return copywords(varval(name));
}

/*
 * One subscript: n, n-m or n- (to the end).  Elements past the end
 * are absent; a range that ends before it begins is empty.
 */
static int
range(Word *val, char *sub, Word **out)
{
	char *dash, *hi;
	long n, m;
	Word *w;

	*out = nil;
	dash = strchr(sub, '-');
	if(dash != nil)
		*dash = 0;
	hi = dash != nil ? dash+1 : sub;
	if(!isnumber(sub) || *hi != 0 && !isnumber(hi) || strlen(sub) > 9 || strlen(hi) > 9){
		if(dash != nil)
			*dash = '-';
		rcerror("bad subscript %s", sub);
		return -1;
	}
	n = atol(sub);
	m = *hi == 0 ? countwords(val) : atol(hi);
	for(; n <= m && (w = element(val, n)) != nil; n++)
		*out = appendwords(*out, w);
	return 0;
}

static int
subscript(Word *val, Tree *subs, Word **out)
{
	Word *idx, *i, *head, *e;

	if(expandwords(subs->left, &idx) < 0)
		return -1;
	head = nil;
	for(i = idx; i != nil; i = i->next){
		if(range(val, deglob(i->s), &e) < 0){
			freewords(idx);
			freewords(head);
			return -1;
		}
		head = appendwords(head, e);
	}
	freewords(idx);
	*out = head;
	return 0;
}

static int
variable(Tree *t, Word **out)
{
	char *name, buf[16];
	Word *val;
	int r;

	if(expandname(t->left, &name) < 0)
		return -1;
	val = value(name);
	free(name);
	r = 0;
	switch(t->type){
	case Tvar:
		if(t->right == nil){
			*out = val;
			return 0;
		}
		r = subscript(val, t->right, out);
		break;
	case Tcount:
		snprint(buf, sizeof buf, "%d", countwords(val));
		*out = newword(buf, nil);
		break;
	case Tflat:
		*out = emallocz(sizeof(Word));
		(*out)->s = joinwords(val, " ");
		break;
	}
	freewords(val);
	return r;
}

static char*
strcat2(char *a, char *b)
{
	usize na, nb;
	char *s;

	na = strlen(a);
	nb = strlen(b);
	s = emallocz(na + nb + 1);
	memmove(s, a, na);
	memmove(s+na, b, nb);
	return s;
}

/* rc's ^: one to many distributes, equal lengths pair up */
static int
concat(Word *a, Word *b, Word **out)
{
	Word *head, **tail, *w;
	int na, nb;

	na = countwords(a);
	nb = countwords(b);
	if(na == 0 || nb == 0){
		rcerror("null list in concatenation");
		return -1;
	}
	if(na != 1 && nb != 1 && na != nb){
		rcerror("mismatched list lengths in concatenation");
		return -1;
	}
	head = nil;
	tail = &head;
	while(a != nil && b != nil){
		w = emallocz(sizeof *w);
		w->s = strcat2(a->s, b->s);
		*tail = w;
		tail = &w->next;
		if(na != 1)
			a = a->next;
		if(nb != 1)
			b = b->next;
		if(na == 1 && nb == 1)
			break;
	}
	*out = head;
	return 0;
}

int
expandword(Tree *t, Word **out)
{
	Word *a, *b;
	int r;

	*out = nil;
	switch(t->type){
	case Tword:
		return literal(t, out);
	case Tvar:
	case Tcount:
	case Tflat:
		return variable(t, out);
	case Tlist:
		return expandwords(t->left, out);
	case Tbackq:
		return backquote(t->left, out);
	case Tconcat:
		if(expandword(t->left, &a) < 0)
			return -1;
		if(expandword(t->right, &b) < 0){
			freewords(a);
			return -1;
		}
		r = concat(a, b, out);
		freewords(a);
		freewords(b);
		return r;
	}
	rcerror("bad word type %d", t->type);
	return -1;
}

/* the words chained by next, one list after another */
int
expandwords(Tree *t, Word **out)
{
	Word *head, *w;

	head = nil;
	for(; t != nil; t = t->next){
		if(expandword(t, &w) < 0){
			freewords(head);
			*out = nil;
			return -1;
		}
		head = appendwords(head, w);
	}
	*out = head;
	return 0;
}

static int
namechr(int c)
{
	return c >= 0x80 || isalnum(c) || c == '_' || c == '*';
}

/*
 * An unquoted here document: $name becomes the value of name, its
 * elements joined by spaces; a ^ right after the name is dropped,
 * to join the value to what follows.  A new string.
 */
char*
heresubst(char *doc)
{
	Fmt f;
	char *s, *e, *name, *v;
	Word *w;

	fmtstrinit(&f);
	for(s = doc; *s != 0; s = e){
		if(*s != '$' || !namechr((uchar)s[1])){
			fmtprint(&f, "%c", *s);
			e = s+1;
			continue;
		}
		for(e = s+1; namechr((uchar)*e); e++)
			;
		name = emallocz(e-s);
		memmove(name, s+1, e-s-1);
		w = value(name);
		v = joinwords(w, " ");
		fmtstrcpy(&f, v);
		free(v);
		freewords(w);
		free(name);
		if(*e == '^')
			e++;
	}
	s = fmtstrflush(&f);
	return s != nil ? s : estrdupz("");
}
