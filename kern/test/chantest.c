#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "error.h"

/*
 * test=chan: a kernel process exercises pipes, names, binds and
 * unions without user programs, printing "chantest: ok ..." or
 * "chantest: FAIL ..." for each check.
 */
enum {
	Testbytes	= 200000,
};

static void
testcheck(char *what, int ok)
{
	print("chantest: %s %s\n", ok ? "ok" : "FAIL", what);
}

/* an end of the pipe whose directory is d, opened */
static Chan*
testpipeend(Chan *d, char *name)
{
	Chan *c;

	c = cclone(d);
	if(walk(&c, &name, 1, 0, nil) < 0)
		error(up->errstr);
	return devtab[c->type]->open(c, ORDWR);
}

static void
testwriter(void *a)
{
	Chan *c;
	uchar buf[1000];
	int i, n;

	c = a;
	for(n = 0; n < Testbytes; n += sizeof buf){
		for(i = 0; i < sizeof buf; i++)
			buf[i] = n + i;
		devtab[c->type]->write(c, buf, sizeof buf, 0);
	}
	cclose(c);
}

/* the names in directory c, read to the end, as "a b c " */
static char*
testlsdir(Chan *c, char *s, char *e)
{
	uchar buf[512];
	long n, i, m;
	Dir d;

	while((n = c->umh != nil ? unionread(c, buf, sizeof buf) : devtab[c->type]->read(c, buf, sizeof buf, c->offset)) > 0){
		c->offset += n;
		for(i = 0; i < n; i += m){
			m = GBIT16(buf+i) + BIT16SZ;
			if(convM2D(buf+i, m, &d, nil) == 0)
				error(Ebadstat);
			s = seprint(s, e, "%s ", d.name);
		}
	}
	return s;
}

static void
testbind(char *new, char *old, int flag)
{
	Chan *c0, *c1;

	c0 = namec(new, Abind, 0, 0);
	c1 = namec(old, Amount, 0, 0);
	cmount(&c0, c1, flag, nil);
	cclose(c0);
	cclose(c1);
}

static void
testls(char *name, char *want)
{
	char buf[256], what[64];
	Chan *c;

	c = namec(name, Aopen, OREAD, 0);
	testlsdir(c, buf, buf+sizeof buf);
	cclose(c);
	snprint(what, sizeof what, "ls %s: %s", name, buf);
	testcheck(what, strcmp(buf, want) == 0);
}

static void
testproc(void*)
{
	Chan *d, *c0, *c1, *c;
	uchar buf[777];
	long n, total;
	int bad, i;

	up->pgrp = newpgrp();
	up->fgrp = dupfgrp(nil);
	up->slash = namec("#/", Atodir, 0, 0);
	pathclose(up->slash->path);
	up->slash->path = newpath("/");
	up->dot = up->slash;
	incref(&up->dot->ref);
	if(waserror()){
		print("chantest: FAIL error %s\n", up->errstr);
		return;
	}

	/* a pipe, within one process and between two */
	d = namec("#|", Atodir, 0, 0);
	c0 = testpipeend(d, "data");
	c1 = testpipeend(d, "data1");
	n = devtab[c0->type]->write(c0, "hello", 5, 0);
	n = devtab[c1->type]->read(c1, buf, sizeof buf, 0);
	testcheck("pipe write and read", n == 5 && memcmp(buf, "hello", 5) == 0);
	kproc("chantestw", testwriter, c0);
	bad = 0;
	for(total = 0; (n = devtab[c1->type]->read(c1, buf, sizeof buf, 0)) > 0; total += n)
		for(i = 0; i < n; i++)
			if(buf[i] != (uchar)(total+i))
				bad++;
	testcheck("pipe carries 200000 bytes in order, then eof", total == Testbytes && bad == 0 && n == 0);
	if(!waserror()){
		devtab[c1->type]->write(c1, "x", 1, 0);
		poperror();
		testcheck("write on closed pipe fails", 0);
	}else
		testcheck("write on closed pipe fails", strcmp(up->errstr, Ehungup) == 0);
	cclose(c1);
	cclose(d);

	/* names */
	if(!waserror()){
		namec("/nonexistent", Aopen, OREAD, 0);
		poperror();
		testcheck("missing file", 0);
	}else
		testcheck(up->errstr, strcmp(up->errstr, "'/nonexistent' file does not exist") == 0);
	if(!waserror()){
		namec("/mnt/x/y", Aopen, OREAD, 0);
		poperror();
		testcheck("missing dir", 0);
	}else
		testcheck(up->errstr, strcmp(up->errstr, "'/mnt/x' file does not exist") == 0);
	c = namec("/mnt/../tmp/./", Atodir, 0, 0);
	testcheck("/mnt/../tmp/./ is /tmp", strcmp(chanpath(c), "/tmp") == 0);
	cclose(c);
	c = namec("#|/data/..", Atodir, 0, 0);
	testcheck("#|/data/.. is #|", strcmp(chanpath(c), "#|") == 0);
	cclose(c);

	/* binds and unions */
	testbind("#|", "/mnt", MREPL);
	c = namec("/mnt/data1", Aopen, ORDWR, 0);
	testcheck("bind #| /mnt; open /mnt/data1", strcmp(chanpath(c), "/mnt/data1") == 0);
	cclose(c);
	testls("/mnt", "data data1 ");
	testbind("/mnt", "/n", MAFTER);
	testbind("/tmp", "/n", MBEFORE);
	testls("/n", "data data1 ");
	c = namec("/n/data", Aopen, ORDWR, 0);
	testcheck("walk through a union", strcmp(chanpath(c), "/n/data") == 0);
	cclose(c);
	testbind("#|", "/n", MBEFORE);
	testls("/n", "data data1 data data1 ");
	if(!waserror()){
		namec("/n/newfile", Acreate, OWRITE, 0666);
		poperror();
		testcheck("create in a union without MCREATE", 0);
	}else
		testcheck(up->errstr, strcmp(up->errstr, Enocreate) == 0);
	c = namec("/n", Amount, 0, 0);
	c0 = namec("/tmp", Aopen, OREAD, 0);
	cunmount(c, c0);
	cclose(c0);
	cunmount(c, nil);
	cclose(c);
	if(!waserror()){
		namec("/n/data", Aopen, OREAD, 0);
		poperror();
		testcheck("unmount", 0);
	}else
		testcheck("unmount", 1);
	poperror();
	print("chantest: done\n");
}

void
chantest(void)
{
	kproc("chantest", testproc, nil);
}
