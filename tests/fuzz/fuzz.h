/*
 * What the libFuzzer targets share: an input copied to a malloc of
 * exactly its length, so that ASan sees any read past it, and need(),
 * which aborts (libFuzzer reports it) when the model is violated.
 */
void	abort(void);

static uchar*
copyin(uchar *data, usize size)
{
	uchar *p;

	p = malloc(size ? size : 1);
	memmove(p, data, size);
	return p;
}

static void
need(int cond)
{
	if(!cond)
		abort();
}
