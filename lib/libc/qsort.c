/*
 * qsort(2): introsort.  Quicksort with a median-of-three pivot, short
 * runs finished by insertion sort, and heapsort once the recursion
 * gets deeper than 2 log n, so no input is quadratic.  Recursion is on
 * the smaller side only, keeping the stack to log n frames.
 */
#include <u.h>
#include <libc.h>

typedef struct Sort Sort;
struct Sort {
	long	es;
	int	(*cmp)(void*, void*);
	int	words;		/* elements are whole aligned u64ints */
};

enum {
	Short	= 12,		/* insertion sort below this many */
};

static void
swap(Sort *s, char *a, char *b)
{
	long n;
	char t;
	u64int w, *wa, *wb;

	if(a == b)
		return;
	if(s->words){
		wa = (u64int*)a;
		wb = (u64int*)b;
		for(n = s->es/8; n > 0; n--){
			w = *wa;
			*wa++ = *wb;
			*wb++ = w;
		}
		return;
	}
	for(n = s->es; n > 0; n--){
		t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

static void
insertion(Sort *s, char *base, long n)
{
	char *p, *q;

	for(p = base + s->es; p < base + n*s->es; p += s->es)
		for(q = p; q > base && s->cmp(q - s->es, q) > 0; q -= s->es)
			swap(s, q - s->es, q);
}

static void
siftdown(Sort *s, char *base, long i, long n)
{
	long c;

	for(; (c = 2*i + 1) < n; i = c){
		if(c+1 < n && s->cmp(base + c*s->es, base + (c+1)*s->es) < 0)
			c++;
		if(s->cmp(base + i*s->es, base + c*s->es) >= 0)
			return;
		swap(s, base + i*s->es, base + c*s->es);
	}
}

static void
heapsort(Sort *s, char *base, long n)
{
	long i;

	for(i = n/2 - 1; i >= 0; i--)
		siftdown(s, base, i, n);
	for(i = n-1; i > 0; i--){
		swap(s, base, base + i*s->es);
		siftdown(s, base, 0, i);
	}
}

/* order a, b, c and return the middle one */
static char*
median(Sort *s, char *a, char *b, char *c)
{
	if(s->cmp(a, b) > 0)
		swap(s, a, b);
	if(s->cmp(b, c) > 0){
		swap(s, b, c);
		if(s->cmp(a, b) > 0)
			swap(s, a, b);
	}
	return b;
}

static void
sort(Sort *s, char *base, long n, int depth)
{
	char *lo, *hi, *pivot, *last;
	long nleft, nright;

	while(n >= Short){
		if(depth-- == 0){
			heapsort(s, base, n);
			return;
		}
		last = base + (n-1)*s->es;
		pivot = median(s, base, base + (n/2)*s->es, last);
		/* keep the pivot at the front while partitioning */
		swap(s, base, pivot);
		pivot = base;
		lo = base + s->es;
		hi = last;
		for(;;){
			while(lo <= hi && s->cmp(lo, pivot) < 0)
				lo += s->es;
			while(lo <= hi && s->cmp(hi, pivot) > 0)
				hi -= s->es;
			if(lo >= hi)
				break;
			swap(s, lo, hi);	/* equal keys go both ways: no quadratic runs of duplicates */
			lo += s->es;
			hi -= s->es;
		}
		swap(s, base, hi);	/* pivot to its place */
		nleft = (hi - base) / s->es;
		nright = n - nleft - 1;
		if(nleft < nright){
			sort(s, base, nleft, depth);
			base = hi + s->es;
			n = nright;
		}else{
			sort(s, hi + s->es, nright, depth);
			n = nleft;
		}
	}
	insertion(s, base, n);
}

void
qsort(void *base, long n, long es, int (*cmp)(void*, void*))
{
	Sort s;
	int depth;
	long m;

	if(n < 2 || es <= 0)
		return;
	s.es = es;
	s.cmp = cmp;
	s.words = es % 8 == 0 && ((uintptr)base & 7) == 0;
	depth = 0;
	for(m = n; m > 0; m >>= 1)
		depth += 2;
	sort(&s, base, n, depth);
}
