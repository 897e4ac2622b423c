/*
 * Buffered I/O, a small libbio.  A Biobuf reads or writes, not both.
 *
 * Reading, the data sit at buf+Bungetsize up to ep, and bp is the next
 * byte.  A refill keeps the last few bytes consumed just below the
 * new data, so Bungetc can always step back over what Bgetc returned;
 * gbuf marks how far back is valid.
 *
 * Writing, bytes collect in [buf, bp) and ep is the end of buf.
 * Write buffers still open at exits are flushed then.
 */
#include <u.h>
#include <libc.h>

enum {
	Bmalloced	= 1,
	Nwbufs		= 20,
};

static Biobuf	*wbufs[Nwbufs];
static int	atexitset;

static void
batexit(void)
{
	int i;

	for(i = 0; i < Nwbufs; i++)
		if(wbufs[i] != nil)
			Bflush(wbufs[i]);
}

static void
remember(Biobuf *b)
{
	int i, slot;

	slot = -1;
	for(i = 0; i < Nwbufs; i++){
		if(wbufs[i] == b)
			return;
		if(wbufs[i] == nil && slot < 0)
			slot = i;
	}
	if(slot >= 0)
		wbufs[slot] = b;
	if(!atexitset)
		atexitset = atexit(batexit);
}

static void
forget(Biobuf *b)
{
	int i;

	for(i = 0; i < Nwbufs; i++)
		if(wbufs[i] == b)
			wbufs[i] = nil;
}

static uchar*
data(Biobuf *b)
{
	return b->buf + Bungetsize;
}

int
Binit(Biobuf *b, int fd, int mode)
{
	mode &= 3;
	if(fd < 0 || (mode != OREAD && mode != OWRITE)){
		werrstr("Binit: bad mode");
		return Beof;
	}
	b->fd = fd;
	b->mode = mode;
	b->rdline = nil;
	b->rdlen = 0;
	b->offset = 0;
	b->flags = 0;
	if(mode == OREAD){
		b->bp = b->ep = b->gbuf = data(b);
	}else{
		b->bp = b->buf;
		b->ep = b->buf + sizeof b->buf;
		b->gbuf = nil;
		remember(b);
	}
	return 0;
}

Biobuf*
Bopen(char *name, int mode)
{
	Biobuf *b;
	int fd;

	switch(mode&3){
	case OREAD:
		fd = open(name, mode);
		break;
	case OWRITE:
		fd = create(name, mode, 0666);
		break;
	default:
		werrstr("Bopen: bad mode");
		return nil;
	}
	if(fd < 0)
		return nil;
	b = malloc(sizeof *b);
	if(b == nil){
		close(fd);
		return nil;
	}
	Binit(b, fd, mode);
	b->flags = Bmalloced;
	return b;
}

/* flush, and if Bopen made it, close and free it */
int
Bterm(Biobuf *b)
{
	int r;

	r = Bflush(b);
	forget(b);
	if(b->flags & Bmalloced){
		if(close(b->fd) < 0)
			r = Beof;
		free(b);
	}
	return r;
}

int
Bfildes(Biobuf *b)
{
	return b->fd;
}

vlong
Boffset(Biobuf *b)
{
	if(b->mode == OREAD)
		return b->offset - (b->ep - b->bp);
	return b->offset + (b->bp - b->buf);
}

/*
 * Read more once the buffer is used up, keeping the tail of what was
 * consumed for Bungetc.  The bytes read, 0 at end of file, -1 on error.
 */
static long
refill(Biobuf *b)
{
	long k, n;

	k = b->bp - b->gbuf;
	if(k > Bungetsize)
		k = Bungetsize;
	memmove(data(b) - k, b->bp - k, k);
	b->gbuf = data(b) - k;
	b->bp = b->ep = data(b);
	n = read(b->fd, data(b), Bsize);
	if(n <= 0)
		return n;
	b->ep += n;
	b->offset += n;
	return n;
}

int
Bgetc(Biobuf *b)
{
	if(b->mode != OREAD)
		return Beof;
	if(b->bp == b->ep && refill(b) <= 0)
		return Beof;
	return *b->bp++;
}

/* step back over the last byte Bgetc returned; 1, or Beof if there is none */
int
Bungetc(Biobuf *b)
{
	if(b->mode != OREAD || b->bp <= b->gbuf)
		return Beof;
	b->bp--;
	return 1;
}

long
Bread(Biobuf *b, void *v, long n)
{
	uchar *p;
	long got, m;

	if(b->mode != OREAD || n < 0)
		return -1;
	p = v;
	got = 0;
	m = 0;
	while(got < n){
		if(b->bp == b->ep){
			if(n - got >= Bsize){
				/* big reads skip the copy; nothing is left to unget */
				b->bp = b->ep = b->gbuf = data(b);
				m = read(b->fd, p + got, n - got);
				if(m <= 0)
					break;
				b->offset += m;
				got += m;
				continue;
			}
			m = refill(b);
			if(m <= 0)
				break;
		}
		m = b->ep - b->bp;
		if(m > n - got)
			m = n - got;
		memmove(p + got, b->bp, m);
		b->bp += m;
		got += m;
	}
	if(got == 0 && m < 0)
		return -1;
	return got;
}

/*
 * The next line, ending in delim, inside the buffer (not
 * NUL-terminated; Blinelen gives its length).  nil at end of file, or
 * when the line does not fit the buffer: then it is skipped and
 * Blinelen says how much was, as with a last line lacking delim.
 */
char*
Brdline(Biobuf *b, int delim)
{
	uchar *p, *line;
	long have, scanned, n;

	if(b->mode != OREAD)
		return nil;
	scanned = 0;
	for(;;){
		have = b->ep - b->bp;
		p = memchr(b->bp + scanned, delim, have - scanned);
		if(p != nil){
			line = b->bp;
			b->bp = p + 1;
			b->rdline = line;
			b->rdlen = b->bp - line;
			return (char*)line;
		}
		scanned = have;
		if(have < Bsize){
			/* slide the partial line down and read after it */
			if(b->bp != data(b)){
				memmove(data(b), b->bp, have);
				b->bp = data(b);
				b->ep = b->bp + have;
			}
			b->gbuf = data(b);
			n = read(b->fd, b->ep, data(b) + Bsize - b->ep);
			if(n > 0){
				b->ep += n;
				b->offset += n;
				continue;
			}
		}
		b->rdline = b->bp;
		b->rdlen = have;
		b->bp = b->ep;
		return nil;
	}
}

/*
 * The next line of any length in memory from malloc, the last one
 * even without delim; with nulldelim the delim is replaced by NUL.
 * nil at end of file.
 */
char*
Brdstr(Biobuf *b, int delim, int nulldelim)
{
	char *s, *ns;
	uchar *p;
	long n, m;
	int found;

	if(b->mode != OREAD)
		return nil;
	s = nil;
	n = 0;
	found = 0;
	while(!found){
		if(b->bp == b->ep && refill(b) <= 0)
			break;
		p = memchr(b->bp, delim, b->ep - b->bp);
		if(p != nil){
			m = p + 1 - b->bp;
			found = 1;
		}else
			m = b->ep - b->bp;
		ns = realloc(s, n + m + 1);
		if(ns == nil){
			free(s);
			b->rdlen = 0;
			return nil;
		}
		s = ns;
		memmove(s + n, b->bp, m);
		b->bp += m;
		n += m;
	}
	b->rdlen = n;
	if(n == 0){
		free(s);
		return nil;
	}
	if(found && nulldelim)
		n--;
	s[n] = 0;
	return s;
}

int
Blinelen(Biobuf *b)
{
	return b->rdlen;
}

int
Bflush(Biobuf *b)
{
	long n;

	if(b->mode != OWRITE)
		return 0;
	n = b->bp - b->buf;
	b->bp = b->buf;
	if(n > 0){
		if(write(b->fd, b->buf, n) != n)
			return Beof;
		b->offset += n;
	}
	return 0;
}

int
Bputc(Biobuf *b, int c)
{
	if(b->mode != OWRITE)
		return Beof;
	if(b->bp == b->ep && Bflush(b) < 0)
		return Beof;
	*b->bp++ = c;
	return 0;
}

long
Bwrite(Biobuf *b, void *v, long n)
{
	if(b->mode != OWRITE || n < 0)
		return -1;
	if(n > b->ep - b->bp){
		if(Bflush(b) < 0)
			return -1;
		if(n >= b->ep - b->bp){
			/* too big to buffer: straight out */
			if(write(b->fd, v, n) != n)
				return -1;
			b->offset += n;
			return n;
		}
	}
	memmove(b->bp, v, n);
	b->bp += n;
	return n;
}

/* fmt output straight into the buffer, flushing it when full */
static int
bfmtflush(Fmt *f)
{
	Biobuf *b;
	int ok;

	b = f->farg;
	b->bp = (uchar*)f->to;
	ok = Bflush(b) == 0;
	f->start = f->to = (char*)b->bp;
	f->stop = (char*)b->ep;
	return ok;
}

int
Bvprint(Biobuf *b, char *fmt, va_list args)
{
	Fmt f;
	int n;

	if(b->mode != OWRITE)
		return -1;
	memset(&f, 0, sizeof f);
	f.start = f.to = (char*)b->bp;
	f.stop = (char*)b->ep;
	f.flush = bfmtflush;
	f.farg = b;
	va_copy(f.args, args);
	n = dofmt(&f, fmt);
	va_end(f.args);
	b->bp = (uchar*)f.to;
	return n;
}

int
Bprint(Biobuf *b, char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = Bvprint(b, fmt, args);
	va_end(args);
	return n;
}
