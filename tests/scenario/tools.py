"""The everyday toolkit of issue 14 at the shell: tail, xd, time, touch,
chmod, du, tee, sort, uniq, tr, seq, basename, read, strings, dd and
echo -n.  A few boots, many checks; every check compares the exact
output of one command line (its standard error too, since the console
shows both), including each usage line and an error case."""

import os
import re
import shutil
import tempfile

from harness import test, boot, share9p

CHECKS = 175		# result lines this file prints (tests/harness.py)

USAGE = {
	'basename': 'usage: basename [-d] string [suffix]',
	'tee': 'usage: tee [-ai] [file ...]',
	'seq': 'usage: seq [-w] [-fformat] [first [incr]] last',
	'uniq': 'usage: uniq [-udc [+-num]] [file]',
	'tr': 'usage: tr [-cds] [string1 [string2]]',
	'read': 'usage: read [-m] [-n nlines] [file ...]',
	'sort': 'usage: sort [-fnru] [-t c] [-k pos1[,pos2]] [file ...]',
	'tail': 'usage: tail [+-number[lbc][f]] [-n lines] [-f] [file]',
	'strings': 'usage: strings [-m min] [file ...]',
	'xd': 'usage: xd [-u] [-r] [-s] [-a{odx}] [-c|{b1w2l4v8}{odx}] ... file ...',
	'time': 'usage: time command',
	'touch': 'usage: touch [-c] [-t time] file ...',
	'chmod': 'usage: chmod 0777 file ... or chmod [who]op[rwxalt] file ...',
	'du': 'usage: du [-as] [file ...]',
	'dd': 'usage: dd [-if file] [-of file] [-ibs n] [-obs n] [-bs n] [-count n] '
		'[-skip n] [-iseek n] [-seek n] [-oseek n] [-conv ucase,lcase,swab,noerror,notrunc,sync]',
}


def start(**kw):
	q = boot(memory='256M', **kw)
	q.expect_prompt(60)
	return q


def ck(t, q, name, cmd, want, timeout=30):
	out = q.run(cmd, timeout)
	t.check(name, out == want, 'ran %r: got %r, want %r' % (cmd, out, want))


def usage(t, q, cmd, bad='-z'):
	"""The usage line on a bad flag, and a failing status."""
	ck(t, q, cmd + '.usage', '%s %s </dev/null || echo failed' % (cmd, bad),
		USAGE[cmd] + '\nfailed\n')


def nofile(t, q, cmd, line=None):
	"""cmd: /nonexistent: the kernel's error string, and a failing status."""
	ck(t, q, cmd + '.nofile', (line or cmd + ' /nonexistent') + ' || echo failed',
		"%s: /nonexistent: '/nonexistent' file does not exist\nfailed\n" % cmd)


@test(timeout=400)
def text(t):
	"""The filters: basename tee seq uniq tr read sort tail, and echo -n."""
	with start() as q:
		ck(t, q, 'echo.n', 'echo -n a b; echo c', 'a bc\n')

		ck(t, q, 'basename', 'basename /a/b/c.c', 'c.c\n')
		ck(t, q, 'basename.suffix', 'basename /a/b/c.c .c', 'c\n')
		ck(t, q, 'basename.whole_suffix', 'basename .c .c', '.c\n')
		ck(t, q, 'basename.d', 'basename -d /a/b/c.c', '/a/b\n')
		ck(t, q, 'basename.d_none', 'basename -d c.c', '.\n')
		ck(t, q, 'basename.d_root', 'basename -d /c', '/\n')
		usage(t, q, 'basename')

		ck(t, q, 'tee', 'echo hello | tee /tmp/t1 /tmp/t2; cat /tmp/t1 /tmp/t2', 'hello\n' * 3)
		ck(t, q, 'tee.a', 'echo more | tee -a /tmp/t1 >/dev/null; cat /tmp/t1', 'hello\nmore\n')
		ck(t, q, 'tee.trunc', 'echo new | tee /tmp/t1 >/dev/null; cat /tmp/t1', 'new\n')
		ck(t, q, 'tee.i', 'echo i | tee -i /tmp/t2; cat /tmp/t2', 'i\ni\n')
		ck(t, q, 'tee.error', 'echo x | tee /nonexistent/f || echo failed',
			"tee: /nonexistent/f: '/nonexistent' file does not exist\nx\nfailed\n")
		usage(t, q, 'tee')

		ck(t, q, 'seq', 'seq 3', '1\n2\n3\n')
		ck(t, q, 'seq.first_incr', 'seq 2 2 7', '2\n4\n6\n')
		ck(t, q, 'seq.down', 'seq 5 -2 1', '5\n3\n1\n')
		ck(t, q, 'seq.fraction', 'seq 0 0.5 2', '0\n0.5\n1\n1.5\n2\n')
		ck(t, q, 'seq.w', 'seq -w 8 10', '08\n09\n10\n')
		ck(t, q, 'seq.w_fraction', 'seq -w 0.5 0.5 1', '0.5\n1.0\n')
		ck(t, q, 'seq.f', "seq -f 'n%g.' 1 3", 'n1.\nn2.\nn3.\n')
		ck(t, q, 'seq.f_width', "seq -f '%05.1f|%-4g|%e' 2 2", '002.0|2   |2.000000e+00\n')
		ck(t, q, 'seq.empty', 'seq 2 1', '')
		ck(t, q, 'seq.badnum', 'seq x || echo failed', 'seq: bad number: x\nfailed\n')
		usage(t, q, 'seq')

		q.run("for(w in a a b c c c d) echo $w >>/tmp/u")
		ck(t, q, 'uniq', 'uniq /tmp/u', 'a\nb\nc\nd\n')
		ck(t, q, 'uniq.c', 'uniq -c /tmp/u', '   2 a\n   1 b\n   3 c\n   1 d\n')
		ck(t, q, 'uniq.d', 'uniq -d /tmp/u', 'a\nc\n')
		ck(t, q, 'uniq.u', 'uniq -u < /tmp/u', 'b\nd\n')
		q.run("echo '1 x' >/tmp/uf; echo '2 x' >>/tmp/uf; echo '3 y' >>/tmp/uf")
		ck(t, q, 'uniq.fields', 'uniq -1 /tmp/uf', '1 x\n3 y\n')
		ck(t, q, 'uniq.chars', 'uniq -c +2 /tmp/uf', '   2 1 x\n   1 3 y\n')
		nofile(t, q, 'uniq')
		usage(t, q, 'uniq')

		ck(t, q, 'tr', 'echo hello world | tr a-z A-Z', 'HELLO WORLD\n')
		ck(t, q, 'tr.short2', 'echo abcde | tr a-e xy', 'xyyyy\n')
		ck(t, q, 'tr.escape', "echo a b | tr ' ' '\\n'", 'a\nb\n')
		ck(t, q, 'tr.octal', "echo a:b | tr : '\\101'", 'aAb\n')
		ck(t, q, 'tr.d', 'echo hello world | tr -d lo', 'he wrd\n')
		ck(t, q, 'tr.s', "echo 'hello  world' | tr -s l", 'helo  world\n')
		ck(t, q, 'tr.s_blank', "echo 'a   b  c' | tr -s ' '", 'a b c\n')
		ck(t, q, 'tr.s2', 'echo aabbcc | tr -s a-c x', 'x\n')
		ck(t, q, 'tr.c', 'echo hello world | tr -c a-z _', 'hello_world_')
		ck(t, q, 'tr.cd', 'echo hello world | tr -cd a-z; echo', 'helloworld\n')
		ck(t, q, 'tr.ds', 'echo aaxxbb | tr -ds x a', 'abb\n')
		ck(t, q, 'tr.utf', 'echo αβγ | tr β b', 'αbγ\n')
		usage(t, q, 'tr')

		q.run('{echo one; echo two; echo three} >/tmp/l')
		ck(t, q, 'read', 'read </tmp/l', 'one\n')
		ck(t, q, 'read.n', 'read -n 2 </tmp/l', 'one\ntwo\n')
		ck(t, q, 'read.m', 'read -m </tmp/l', 'one\ntwo\nthree\n')
		ck(t, q, 'read.leaves_rest', '{read; echo ---; read} </tmp/l', 'one\n---\ntwo\n')
		ck(t, q, 'read.file', 'read /tmp/l', 'one\n')
		ck(t, q, 'read.var', 'x=`{read </tmp/l}; echo $x', 'one\n')
		ck(t, q, 'read.eof', 'read </dev/null || echo failed', 'failed\n')
		nofile(t, q, 'read')
		usage(t, q, 'read')

		q.run("for(l in 'b a' 'a c' 'B b' '10 x' '9 y' 'a c') echo $l >>/tmp/s")
		ck(t, q, 'sort', 'sort /tmp/s', '10 x\n9 y\nB b\na c\na c\nb a\n')
		ck(t, q, 'sort.stdin', 'sort </tmp/s | read', '10 x\n')
		ck(t, q, 'sort.r', 'sort -r /tmp/s', 'b a\na c\na c\nB b\n9 y\n10 x\n')
		ck(t, q, 'sort.u', 'sort -u /tmp/s', '10 x\n9 y\nB b\na c\nb a\n')
		ck(t, q, 'sort.f', 'sort -f /tmp/s', '10 x\n9 y\na c\na c\nb a\nB b\n')
		ck(t, q, 'sort.n', 'sort -n /tmp/s', 'B b\na c\na c\nb a\n9 y\n10 x\n')
		ck(t, q, 'sort.nr', 'sort -nr /tmp/s', '10 x\n9 y\nb a\na c\na c\nB b\n')
		ck(t, q, 'sort.k', 'sort -k 2 /tmp/s', 'b a\nB b\na c\na c\n10 x\n9 y\n')
		ck(t, q, 'sort.k_range', 'sort -k 1,1 -k 2r /tmp/s', '10 x\n9 y\nB b\na c\na c\nb a\n')
		ck(t, q, 'sort.k_char', 'sort -k 1.2 /tmp/s', 'b a\nB b\na c\na c\n9 y\n10 x\n')
		q.run("for(l in x:3:q y:1:r z:2:q w:10:r) echo $l >>/tmp/c")
		ck(t, q, 'sort.t_kn', 'sort -t : -k 2n /tmp/c', 'y:1:r\nz:2:q\nx:3:q\nw:10:r\n')
		ck(t, q, 'sort.t_k', 'sort -t : -k 2 /tmp/c', 'w:10:r\ny:1:r\nz:2:q\nx:3:q\n')
		ck(t, q, 'sort.t_ku', 'sort -u -t : -k 3,3 /tmp/c', 'x:3:q\nw:10:r\n')
		nofile(t, q, 'sort')
		usage(t, q, 'sort', '-q')

		q.run('seq 20 >/tmp/n')
		ck(t, q, 'tail', 'tail /tmp/n', ''.join('%d\n' % i for i in range(11, 21)))
		ck(t, q, 'tail.minus', 'seq 20 | tail -3', '18\n19\n20\n')
		ck(t, q, 'tail.plus', 'tail +18 /tmp/n', '18\n19\n20\n')
		ck(t, q, 'tail.n', 'tail -n 2 /tmp/n', '19\n20\n')
		ck(t, q, 'tail.nplus', 'tail -n +19 /tmp/n', '19\n20\n')
		ck(t, q, 'tail.c', 'echo abcdefghij | tail -3c', 'ij\n')
		ck(t, q, 'tail.cplus', 'echo abcdefghij | tail +8c', 'hij\n')
		ck(t, q, 'tail.b', 'seq 1000 | tail -1b | read', '45\n')	# from byte 3893-1024, inside 945
		ck(t, q, 'tail.bplus', 'seq 1000 | tail +2b | read', '284\n')	# from byte 1024, inside 284
		ck(t, q, 'tail.noeol', 'echo -n a; echo -n b | tail -1; echo', 'ab\n')
		nofile(t, q, 'tail')
		usage(t, q, 'tail', '-x')
		# -f: a background tail sees what is appended later
		q.run('echo first >/tmp/g; tail -f /tmp/g >/tmp/gout &')
		pid = q.run('echo $apid').strip()
		q.drain(1.5)
		q.run('echo second >>/tmp/g; sleep 2')
		ck(t, q, 'tail.f', 'cat /tmp/gout', 'first\nsecond\n')
		q.run('kill %s' % pid)


@test(timeout=400)
def files(t):
	"""The file tools: xd strings dd du touch chmod time."""
	with start() as q:
		ck(t, q, 'xd', 'echo -n abcdefghijklmnopqrstu | xd',
			'0000000  61626364 65666768 696a6b6c 6d6e6f70\n0000010  71727374 75000000\n0000015 \n')
		ck(t, q, 'xd.c', "echo -n 'ab	c' | xd -c", '0000000   a  b \\t  c\n0000004 \n')
		ck(t, q, 'xd.b', 'echo -n abcd | xd -b', '0000000  61 62 63 64\n0000004 \n')
		ck(t, q, 'xd.x_c', 'echo -n abcd | xd -x -c',
			'0000000  61626364\n      0   a  b  c  d\n0000004 \n')
		ck(t, q, 'xd.1o_ao', 'echo abc | xd -ao -1o', '0000000  141 142 143 012\n0000004 \n')
		ck(t, q, 'xd.2x_s', 'echo -n abcd | xd -s -2x', '0000000  6261 6463\n0000004 \n')
		ck(t, q, 'xd.4d_ad', 'echo -n abcd | xd -ad -4d', '0000000  1633837924\n0000004 \n')
		ck(t, q, 'xd.8x', 'echo -n abcdefgh | xd -8x', '0000000  6162636465666768\n0000008 \n')
		ck(t, q, 'xd.u_ax', 'seq 9 | xd -u -ax -1x', '0000000  31 0a 32 0a 33 0a 34 0a 35 0a 36 0a 37 0a 38 0a\n0000010  39 0a\n0000012 \n')
		ck(t, q, 'xd.empty', 'xd </dev/null', '0000000 \n')
		q.run('echo x | dd -ibs 48 -conv sync >/tmp/z >[2]/dev/null')
		ck(t, q, 'xd.r', 'xd -r -b /tmp/z',
			'0000000  78 0a 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n'
			'0000010  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n*\n0000030 \n')
		ck(t, q, 'xd.files', 'echo a >/tmp/xa; xd /tmp/xa /tmp/xa',
			'/tmp/xa\n0000000  610a0000\n0000002 \n/tmp/xa\n0000000  610a0000\n0000002 \n')
		nofile(t, q, 'xd')
		usage(t, q, 'xd')

		q.run('echo ab cdefgh >/tmp/b; echo xyzxyzxyz | dd -ibs 12 -conv sync >>/tmp/b >[2]/dev/null; echo tail >>/tmp/b')
		ck(t, q, 'strings', 'strings /tmp/b', '       0: ab cdefgh\n      10: xyzxyzxyz\n')
		ck(t, q, 'strings.m', 'strings -m 3 </tmp/b', '       0: ab cdefgh\n      10: xyzxyzxyz\n      22: tail\n')
		ck(t, q, 'strings.files', 'strings -m 4 /tmp/b /tmp/b',
			'/tmp/b:\n       0: ab cdefgh\n      10: xyzxyzxyz\n      22: tail\n' * 2)
		ck(t, q, 'strings.utf', 'echo -n ααα >/tmp/su; echo x | dd -ibs 2 -conv sync >>/tmp/su >[2]/dev/null; echo βγδεζη >>/tmp/su; strings /tmp/su',
			'       8: βγδεζη\n')
		nofile(t, q, 'strings')
		usage(t, q, 'strings')

		q.run('seq 100 >/tmp/in')
		ck(t, q, 'dd.bs', 'dd -if /tmp/in -of /tmp/out -bs 100; cmp /tmp/in /tmp/out',
			'2+1 records in\n2+1 records out\n')
		ck(t, q, 'dd.count', 'dd -if /tmp/in -bs 10 -count 2',
			'1\n2\n3\n4\n5\n6\n7\n8\n9\n102+0 records in\n2+0 records out\n')
		ck(t, q, 'dd.skip', 'dd -if /tmp/in -bs 4 -skip 2 -count 1', '5\n6\n1+0 records in\n1+0 records out\n')
		ck(t, q, 'dd.skip_pipe', 'cat /tmp/in | dd -bs 2 -skip 1 -count 1', '2\n1+0 records in\n1+0 records out\n')
		ck(t, q, 'dd.iseek', 'dd -if /tmp/in -ibs 4 -iseek 3 -count 2',
			'7\n8\n9\n102+0 records in\n0+1 records out\n')
		ck(t, q, 'dd.obs', 'echo -n abcde | dd -ibs 1 -obs 2', 'abcde5+0 records in\n2+1 records out\n')
		ck(t, q, 'dd.ucase', 'echo hello | dd -conv ucase', 'HELLO\n0+1 records in\n0+1 records out\n')
		ck(t, q, 'dd.lcase', 'echo HeLLo | dd -conv lcase', 'hello\n0+1 records in\n0+1 records out\n')
		ck(t, q, 'dd.swab', 'echo abcd | dd -conv swab', 'badc\n0+1 records in\n0+1 records out\n')
		ck(t, q, 'dd.sync', 'echo abc | dd -ibs 10 -obs 2 -conv sync | xd -c',
			'0+1 records in\n5+0 records out\n0000000   a  b  c \\n 00 00 00 00 00 00\n000000a \n')
		ck(t, q, 'dd.seek_notrunc', 'echo XY | dd -of /tmp/out -seek 1 -bs 2 -conv notrunc >[2]/dev/null; read -n 4 /tmp/out',
			'1\nXY\n\n4\n')
		ck(t, q, 'dd.oseek', 'echo Z | dd -of /tmp/out -oseek 1 -bs 1 -conv notrunc >[2]/dev/null; read -n 2 /tmp/out',
			'1Z\nY\n')
		ck(t, q, 'dd.notrunc_len', 'ls -l /tmp/out | tr -s \' \' \'\\n\' | read -n 6 | tail -1', '292\n')
		ck(t, q, 'dd.trunc', 'echo ab | dd -of /tmp/out >[2]/dev/null; cat /tmp/out', 'ab\n')
		ck(t, q, 'dd.number', 'dd -if /tmp/in -bs 1x2 -count 1', '1\n1+0 records in\n1+0 records out\n')
		ck(t, q, 'dd.k', 'dd -if /tmp/in -bs 1k -count 1 >/dev/null', '0+1 records in\n0+1 records out\n')
		ck(t, q, 'dd.badnum', 'dd -bs 1y || echo failed', 'dd: bad number: 1y\nfailed\n')
		ck(t, q, 'dd.badconv', 'dd -conv what || echo failed', 'dd: bad conversion: what\nfailed\n')
		nofile(t, q, 'dd', 'dd -if /nonexistent')
		usage(t, q, 'dd', '-bogus 1')

		q.run('mkdir /tmp/d /tmp/d/e; seq 1000 >/tmp/d/a; echo x >/tmp/d/e/b; touch /tmp/d/e/empty')
		ck(t, q, 'du', 'du /tmp/d', '1\t/tmp/d/e\n5\t/tmp/d\n')
		ck(t, q, 'du.a', 'du -a /tmp/d', '1\t/tmp/d/e/b\n0\t/tmp/d/e/empty\n1\t/tmp/d/e\n4\t/tmp/d/a\n5\t/tmp/d\n')
		ck(t, q, 'du.s', 'du -s /tmp/d /tmp/d/e', '5\t/tmp/d\n1\t/tmp/d/e\n')
		ck(t, q, 'du.file', 'du /tmp/d/a', '4\t/tmp/d/a\n')
		ck(t, q, 'du.dot', 'cd /tmp/d/e; du; cd /', '1\t.\n')
		nofile(t, q, 'du')
		usage(t, q, 'du', '-x')

		q.run('echo aaa >/tmp/f')
		ck(t, q, 'touch.t', 'touch -t 1000000000 /tmp/f; ls -l /tmp/f',
			'--rw-rw-rw- T 0 glenda glenda 4 Sep  9  2001 /tmp/f\n')
		out = q.run('touch /tmp/f; ls -l /tmp/f')
		t.check('touch.now', re.fullmatch(r'--rw-rw-rw- T 0 glenda glenda 4 [A-Z][a-z][a-z] [ \d]\d \d\d:\d\d /tmp/f\n', out) is not None, repr(out))
		ck(t, q, 'touch.keeps', 'cat /tmp/f', 'aaa\n')
		ck(t, q, 'touch.create', 'touch /tmp/new; ls -l /tmp/new | tr -s \' \' \'\\n\' | read -n 6 | tail -1', '0\n')
		ck(t, q, 'touch.c', 'touch -c /tmp/nope || echo failed; ls /tmp/nope >[2]/dev/null || echo absent',
			"touch: /tmp/nope: '/tmp/nope' file does not exist\nfailed\nabsent\n")
		ck(t, q, 'touch.cannot', 'touch /nonexistent/f || echo failed',
			"touch: /nonexistent/f: cannot create: '/nonexistent' file does not exist\nfailed\n")
		ck(t, q, 'touch.badtime', 'touch -t 12x /tmp/f || echo failed', USAGE['touch'] + '\nfailed\n')
		usage(t, q, 'touch')

		def mode(name, cmd, want):
			ck(t, q, name, cmd + '; ls -l /tmp/f | tr -s \' \' \'\\n\' | read', want + '\n')
		mode('chmod.octal', 'chmod 600 /tmp/f', '--rw-------')
		mode('chmod.go_r', 'chmod go+r /tmp/f', '--rw-r--r--')
		mode('chmod.u_x', 'chmod u+x /tmp/f', '--rwxr--r--')
		mode('chmod.a_eq_r', 'chmod a=r /tmp/f', '--r--r--r--')
		mode('chmod.plus_w', 'chmod +w /tmp/f', '--rw-rw-rw-')
		mode('chmod.go_w', 'chmod go-w /tmp/f', '--rw-r--r--')
		mode('chmod.append', 'chmod +a /tmp/f', 'a-rw-r--r--')
		mode('chmod.unappend', 'chmod -a /tmp/f', '--rw-r--r--')
		mode('chmod.excl', 'chmod +l /tmp/f', '-lrw-r--r--')
		mode('chmod.octal_keeps_l', 'chmod 640 /tmp/f', '-lrw-r-----')
		mode('chmod.eq_clears', 'chmod a= /tmp/f', '-----------')
		mode('chmod.eq_some', 'chmod 777 /tmp/f; chmod go=r /tmp/f', '--rwxr--r--')
		ck(t, q, 'chmod.dir', 'chmod 700 /tmp/d; ls -ld /tmp/d | tr -s \' \' \'\\n\' | read', 'd-rwx------\n')
		ck(t, q, 'chmod.badoctal', 'chmod 999 /tmp/f || echo failed', 'chmod: bad mode: 999\nfailed\n')
		ck(t, q, 'chmod.badsym', 'chmod u+q /tmp/f || echo failed', 'chmod: bad mode: u+q\nfailed\n')
		nofile(t, q, 'chmod', 'chmod 644 /nonexistent')
		ck(t, q, 'chmod.usage', 'chmod 644 || echo failed', USAGE['chmod'] + '\nfailed\n')

		out = q.run('time sleep 1')
		t.check('time', re.fullmatch(r'0\.0\du 0\.0\ds 1\.\d\dr \t sleep 1\n', out) is not None, repr(out))
		ck(t, q, 'time.status', "time rc -c 'exit bad' >[2]/tmp/te || echo failed; tr -d 0-9. </tmp/te",
			'failed\nu s r \t rc -c exit bad  # status= bad\n')
		out = q.run('time echo 1 2 3 4 5 6 >[2=1] >/dev/null')
		t.check('time.long', re.fullmatch(r'\d\.\d\du \d\.\d\ds \d\.\d\dr \t echo 1 2 3 4 \.\.\.\n', out) is not None, repr(out))
		ck(t, q, 'time.nofile', "time nosuch >[2]/tmp/te || echo failed; read /tmp/te",
			"failed\ntime: nosuch: '/bin/nosuch' file does not exist\n")
		usage(t, q, 'time', '')
		usage(t, q, 'time', '-x ls')


@test(timeout=300)
def share(t):
	"""chmod and touch on a #9 host share, seen from the host; du and
	dd there too."""
	d = tempfile.mkdtemp(prefix='9q-tools-')
	try:
		with open(os.path.join(d, 'f'), 'w') as f:
			f.write('hello\n')
		os.chmod(os.path.join(d, 'f'), 0o644)
		args = share9p(d, 'harvtmp')
		with start(extra_args=args) as q:
			ck(t, q, 'mount', "mount -c -d '#9' /dev/null /mnt/xxx harvtmp; cat /mnt/xxx/f", 'hello\n')
			host = os.path.join(d, 'f')
			ck(t, q, 'chmod.octal', 'chmod 600 /mnt/xxx/f', '')
			t.check('chmod.octal_host', os.stat(host).st_mode & 0o777 == 0o600, oct(os.stat(host).st_mode))
			ck(t, q, 'chmod.sym', 'chmod go+r /mnt/xxx/f; chmod u+x /mnt/xxx/f', '')
			t.check('chmod.sym_host', os.stat(host).st_mode & 0o777 == 0o744, oct(os.stat(host).st_mode))
			ck(t, q, 'chmod.ls', "ls -l /mnt/xxx/f | tr -s ' ' '\\n' | read", '--rwxr--r--\n')
			ck(t, q, 'touch.t', 'touch -t 1000000000 /mnt/xxx/f', '')
			t.check('touch.t_host', int(os.stat(host).st_mtime) == 1000000000, str(os.stat(host).st_mtime))
			ck(t, q, 'touch.keeps', 'cat /mnt/xxx/f', 'hello\n')
			ck(t, q, 'touch.create', 'touch /mnt/xxx/new', '')
			t.check('touch.create_host', os.path.exists(os.path.join(d, 'new'))
				and os.path.getsize(os.path.join(d, 'new')) == 0)
			ck(t, q, 'dd', 'seq 1000 | dd -of /mnt/xxx/big -bs 1k >[2]/dev/null; dd -if /mnt/xxx/big -bs 4 -iseek 1 -count 1', '3\n4\n1+0 records in\n1+0 records out\n')
			with open(os.path.join(d, 'big')) as f:
				t.check('dd.host', f.read() == ''.join('%d\n' % i for i in range(1, 1001)))
			ck(t, q, 'du', 'du -s /mnt/xxx', '5\t/mnt/xxx\n')
			q.run('unmount /mnt/xxx')
	finally:
		shutil.rmtree(d, ignore_errors=True)
