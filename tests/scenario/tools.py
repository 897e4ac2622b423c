"""The everyday toolkit of issue 14 at the shell: tail, xd, time, touch,
chmod, du, tee, sort, uniq, tr, seq, basename, read, strings, dd and
echo -n.  A few boots, many checks; every check compares the exact
output of one command line (its standard error too, since the console
shows both), including each usage line and an error case."""

import os
import re
import shutil
import tempfile

from harness import test, boot

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
