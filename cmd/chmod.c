/*
 * chmod mode file ...: change the permission bits of each file by
 * wstat.  mode is octal (the rwx bits: 644) or symbolic:
 * [ugoa]*[+-=][rwxal]*, e.g. u+x, go-w, a=r, +a (append only), +l
 * (exclusive use), +t (temporary); without u, g, o or a the letters
 * apply to all.  = also clears the a, l and t bits it does not name.
 */
#include <u.h>
#include <libc.h>

enum { Rwx = 0777 };

static void
usage(void)
{
	fprint(2, "usage: chmod 0777 file ... or chmod [who]op[rwxalt] file ...\n");
	exits("usage");
}

/* the new mode for old by the symbolic s; -1 if s is malformed */
static vlong
symbolic(char *s, u32int old)
{
	u32int who, bits;
	int op;

	who = 0;
	for(; *s && strchr("ugoa", *s); s++)
		switch(*s){
		case 'u': who |= 0700; break;
		case 'g': who |= 070; break;
		case 'o': who |= 07; break;
		case 'a': who |= 0777; break;
		}
	if(who == 0)
		who = 0777;
	if(*s != '+' && *s != '-' && *s != '=')
		return -1;
	op = *s++;
	bits = 0;
	for(; *s; s++)
		switch(*s){
		case 'r': bits |= 0444 & who; break;
		case 'w': bits |= 0222 & who; break;
		case 'x': bits |= 0111 & who; break;
		case 'a': bits |= DMAPPEND; break;
		case 'l': bits |= DMEXCL; break;
		case 't': bits |= DMTMP; break;
		default: return -1;
		}
	switch(op){
	case '+':
		return old | bits;
	case '-':
		return old & ~bits;
	}
	return old & ~(who | DMAPPEND | DMEXCL | DMTMP) | bits;
}

static int
octal(char *s, u32int *mp)
{
	char *e;
	ulong m;

	m = strtoul(s, &e, 8);
	if(*s == 0 || *e != 0 || m & ~(ulong)Rwx)
		return -1;
	*mp = m;
	return 0;
}

void
main(int argc, char *argv[])
{
	Dir *d, nd;
	u32int mode;
	vlong m;
	int i, isoct;
	char *status;

	/* no flags: a mode such as -w must reach the mode parser */
	argc--;
	argv++;
	if(argc < 2)
		usage();
	isoct = argv[0][0] >= '0' && argv[0][0] <= '7';
	if(isoct && octal(argv[0], &mode) < 0 || !isoct && symbolic(argv[0], 0) < 0){
		fprint(2, "chmod: bad mode: %s\n", argv[0]);
		exits("mode");
	}
	status = nil;
	for(i = 1; i < argc; i++){
		d = dirstat(argv[i]);
		if(d == nil){
			fprint(2, "chmod: %s: %r\n", argv[i]);
			status = "error";
			continue;
		}
		m = isoct ? (d->mode & ~(u32int)Rwx | mode) : symbolic(argv[0], d->mode);
		free(d);
		nulldir(&nd);
		nd.mode = m;
		if(dirwstat(argv[i], &nd) < 0){
			fprint(2, "chmod: %s: %r\n", argv[i]);
			status = "error";
		}
	}
	exits(status);
}
