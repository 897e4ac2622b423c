/*
 * libFuzzer target for lib/9p (built by tests/fuzz/run).
 *
 * Every input goes to convM2S, convM2Su, convM2D and convM2Du, each
 * on its own malloc'd copy of exactly the input's length so ASan
 * catches any read past it.  Each is tried twice: as given, and with
 * the size field patched to the input's length, so the fuzzer reaches
 * message bodies without having to guess sizes.
 *
 * What decodes must re-encode to the very same bytes, and the
 * encoded length must equal sizeS2M/sizeD2M: the codec is strict
 * (exact sizes, no NULs in strings), so decoding is a bijection on the
 * messages it accepts.  A violation aborts, which libFuzzer reports.
 */
#include <u.h>
#include <str.h>
#include <fcall.h>

#include "fuzz.h"

static void fuzzdir(uchar*, usize, int, int, int);

/* After a successful decode, push embedded stats through the Dir codec too. */
static void
fuzzembedded(Fcall *f, int dotu)
{
	if((f->type == Rstat || f->type == Twstat) && f->nstat > 0){
		fuzzdir(f->stat, f->nstat, dotu, 0, 1);
		fuzzdir(f->stat, f->nstat, !dotu, 0, 0);
	}
}

static void
fuzzfcall(uchar *data, usize size, int dotu, int fixsize)
{
	uchar *m, *orig, *out;
	Fcall f;
	uint n, sz;

	if(size > 0xFFFFFFFF)
		return;
	m = copyin(data, size);
	if(fixsize){
		if(size < BIT32SZ){
			free(m);
			return;
		}
		PBIT32(m, size);
	}
	orig = copyin(m, size);
	n = convM2Sx(m, size, &f, dotu);
	if(n != 0){
		need(n == size);
		need(msgsize(orig, size) == (int)size);
		sz = sizeS2Mx(&f, dotu);
		need(sz == n);
		out = malloc(sz);
		need(convS2Mx(&f, out, sz, dotu) == sz);
		need(memcmp(out, orig, sz) == 0);
		need(convS2Mx(&f, out, sz-1, dotu) == 0);
		free(out);
		/* the other dialect must encode what it can without harm */
		sz = sizeS2Mx(&f, !dotu);
		out = malloc(sz ? sz : 1);
		need(convS2Mx(&f, out, sz, !dotu) == sz);
		free(out);
		fuzzembedded(&f, dotu);
	}
	free(orig);
	free(m);
}

static void
fuzzdir(uchar *data, usize size, int dotu, int fixsize, int usestrs)
{
	uchar *m, *orig, *out;
	char *strs;
	Dir d;
	uint n, sz;
	int ok;

	if(size > 0xFFFF+BIT16SZ)
		return;
	m = copyin(data, size);
	if(fixsize){
		if(size < BIT16SZ){
			free(m);
			return;
		}
		PBIT16(m, size-BIT16SZ);
	}
	orig = copyin(m, size);
	strs = usestrs ? malloc(size ? size : 1) : nil;
	ok = statcheckx(m, size, dotu) == 0;
	need(memcmp(m, orig, size) == 0);	/* statcheck only looks */
	n = convM2Dx(m, size, &d, strs, dotu);
	need(ok == (n != 0));
	if(n != 0){
		need(n == size);
		sz = sizeD2Mx(&d, dotu);
		need(sz == n);
		out = malloc(sz);
		need(convD2Mx(&d, out, sz, dotu) == sz);
		need(memcmp(out, orig, sz) == 0);
		need(convD2Mx(&d, out, sz-1, dotu) == BIT16SZ);
		free(out);
	}else
		need(memcmp(m, orig, size) == 0);	/* failure leaves buf alone */
	free(strs);
	free(orig);
	free(m);
}

int
LLVMFuzzerTestOneInput(uchar *data, usize size)
{
	int dotu, fix;

	for(dotu = 0; dotu < 2; dotu++)
		for(fix = 0; fix < 2; fix++){
			fuzzfcall(data, size, dotu, fix);
			fuzzdir(data, size, dotu, fix, 0);
			fuzzdir(data, size, dotu, fix, 1);
		}
	return 0;
}
