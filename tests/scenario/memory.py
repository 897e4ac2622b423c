"""Running 9q short of memory, as a hostile user would (issue 10):
filling /tmp, forking until the kernel says no, over-long typed lines,
what /dev/kmesg holds.  Each test boots small and checks that the
shell still answers afterwards."""

import re

from harness import test, boot, KMESG_NILDEREF

CHECKS = 42		# result lines this file prints (tests/harness.py)

# notemem fills memory on purpose: a fork's kernel stack may wait for a moment
SMALLOCWAIT = r'^smalloc \d+: waiting for memory \(pid \d+\)$'

PROMPT = 'term% '


def swap(q):
	"""/dev/swap's figures: {'inuse','heap','free','total'}."""
	out = q.run('cat /dev/swap')
	m = re.search(r'^(\d+)/(\d+) kernel malloc$', out, re.M)
	f = re.search(r'^(\d+)/(\d+) pages free$', out, re.M)
	if not m or not f:
		raise AssertionError('bad /dev/swap: %r' % out)
	return {'inuse': int(m.group(1)), 'heap': int(m.group(2)),
		'free': int(f.group(1)), 'total': int(f.group(2))}


def filesize(q, path):
	out = q.run('ls -l ' + path)
	f = out.split()
	if len(f) < 6:
		raise AssertionError('bad ls -l: %r' % out)
	return int(f[-5]) if f[-5].isdigit() else int(f[5])


@test(timeout=240)
def tmp_full(t):
	"""cat /dev/zero > /tmp/z at -m 128M stops at /tmp's limit (a
	quarter of memory) with "file system full", and the shell can
	still fork rm, echo, ps, background jobs, a pipeline and kill; the
	memory comes back."""
	with boot(memory='128M') as q:
		q.expect_prompt(60)
		# as many processes at once as below, so that Proc slots kept for reuse count in before
		q.run('for(i in 1 2 3 4) { sleep 60 & }; ps | wc -l; kill sleep | rc; sleep 1')
		before = swap(q)
		out = q.run('cat /dev/zero > /tmp/z', timeout=120)
		t.check('cat fails with file system full',
			re.search(r'^cat: write error copying .*: file system full$', out, re.M) is not None)
		t.check('no smalloc wait printed', 'waiting for memory' not in out)
		size = filesize(q, '/tmp/z')
		total = before['total'] * 4096
		t.check('size near a quarter of memory (%d of %d)' % (size, total),
			total // 4 - 64*4096 <= size <= total // 4)
		t.check('echo after full', q.run('echo ok') == 'ok\n')
		t.check('ps after full', re.search(r'\brc\b', q.run('ps')) is not None)
		# background jobs, a pipeline through them, and kill, all while /tmp is full
		q.run('for(i in 1 2 3 4) { sleep 60 & }')
		t.check('jobs after full', q.run('ps | grep -c sleep') == '4\n')
		out = q.run('ps | wc -l; kill sleep | rc; sleep 1; ps | grep -c sleep', timeout=30)
		t.check('pipeline and kill after full', re.match(r'^ *\d+\n0\n$', out) is not None, repr(out))
		t.check('rm after full', q.run('rm /tmp/z; echo $status') == '\n')
		t.check('file gone', 'does not exist' in q.run('ls /tmp/z'))
		after = swap(q)
		t.check('pages back (%d then %d)' % (before['free'], after['free']),
			after['free'] >= before['free'] - 64)
		t.check('heap back (%d then %d)' % (before['inuse'], after['inuse']),
			after['inuse'] <= before['inuse'] + 64*1024)


@test(timeout=240)
def tmp_bigdir(t):
	"""A /tmp directory of 3000 files lists whole and in order with
	ls, and read 90 bytes at a time (one entry per read) gives the
	same bytes as one big read; a read too small for any entry fails
	with "i/o count too small" and loses nothing.  devtmp reads a
	directory from where the last read stopped (tmpdirread)."""
	n = 3000
	with boot(memory='128M') as q:
		q.expect_prompt(60)
		q.run('mkdir /tmp/big; cd /tmp/big; for(i in `{seq %d}) > f$i; cd /' % n, timeout=180)
		out = q.run('ls /tmp/big', timeout=60)
		want = sorted('/tmp/big/f%d' % i for i in range(1, n + 1))
		got = out.split()
		t.check('ls', got == want, 'got %d names, first %r' % (len(got), got[:3]))
		out = q.run('cat /tmp/big | wc -c; dd -if /tmp/big -bs 90 >[2]/dev/null | wc -c', timeout=60)
		sizes = out.split()
		t.check('small_reads', len(sizes) == 2 and sizes[0] == sizes[1] and int(sizes[0]) > 60 * n, repr(out))
		out = q.run('dd -if /tmp/big -of /dev/null -bs 20; ls /tmp/big | wc -l', timeout=60)
		t.check('too_small', 'i/o count too small' in out and out.split()[-1] == str(n), repr(out))


@test(timeout=120)
def tmp_exec_read(t):
	"""A binary run from /tmp reads a /tmp file into its initialized
	data, which nothing has touched yet: the read completes with the
	file's bytes (/test/dataread), whatever the faults on the data
	pages do while devtmp copies."""
	data = ''.join('%d\n' % i for i in range(1, 20001)).encode()
	with boot(memory='128M') as q:
		q.expect_prompt(60)
		out = q.run('cp /test/dataread /tmp/dr; seq 20000 > /tmp/f; /tmp/dr /tmp/f', timeout=60)
		want = 'dataread: %d bytes, sum %d\n' % (len(data), sum(data))
		t.check('read', out == want, 'got %r, want %r' % (out, want))


@test(timeout=180)
def tmp_size_option(t):
	"""-append tmpsize=1m caps /tmp at one MiB (less a page for the block
	array, which the budget counts too), shared by every file."""
	with boot(memory='128M', append='tmpsize=1m') as q:
		q.expect_prompt(60)
		out = q.run('cat /dev/zero > /tmp/z', timeout=60)
		t.check('1m: file system full', 'file system full' in out)
		n = filesize(q, '/tmp/z')
		t.check('1m: size (%d)' % n, (1 << 20) - 2*4096 <= n <= 1 << 20)
		q.run('rm /tmp/z')
		t.check('1m: two files share it',
			'file system full' in q.run('cat /dev/kmesg /dev/kmesg > /tmp/a; cat /dev/zero > /tmp/b', timeout=60))
		a, b = filesize(q, '/tmp/a'), filesize(q, '/tmp/b')
		t.check('1m: sum is the limit (%d+%d)' % (a, b),
			(1 << 20) - 3*4096 <= a + b <= 1 << 20)
		t.check('1m: echo', q.run('echo ok') == 'ok\n')


@test(timeout=120)
def kmesg_kernel_only(t):
	"""/dev/kmesg holds what the kernel printed, not what processes
	wrote to /dev/cons: typed first, cat /dev/kmesg prints the boot
	messages once; echo's output and the typed lines never land in it,
	and a message the kernel prints later does."""
	with boot(memory='128M', kmesg_ok=[KMESG_NILDEREF]) as q:
		q.expect_prompt(60)
		boottext = q.text[:q.text.rindex(PROMPT)]
		out = q.run('cat /dev/kmesg')
		t.check('one ready line', len(re.findall(r'9q: ready in', out)) == 1)
		t.check('no prompt in kmesg', PROMPT not in out)
		# a kmesg fed by cat's own output would still be pouring out
		t.check('cat /dev/kmesg ends, shell answers', q.run('echo after') == 'after\n')
		t.check('kmesg is the boot messages (%d bytes)' % len(out),
			out.strip() != '' and out.replace('\r', '').strip() in boottext.replace('\r', ''))
		q.run('echo marker-from-user; echo marker2 > /dev/cons')
		out2 = q.run('cat /dev/kmesg')
		t.check('user output not in kmesg', 'marker' not in out2)
		t.check('kmesg unchanged by user output', out2 == out)
		q.run('/test/nilderef')
		out3 = q.run('cat /dev/kmesg')
		t.check('kernel message after boot lands (%r)' % out3[len(out):],
			out3.startswith(out) and 'nilderef' in out3[len(out):])


@test(timeout=240)
def long_lines(t):
	"""A typed line up to 4096 bytes reaches the shell whole (a quote
	closed at the far end of it included); a longer one is refused
	with a message and the shell prompts again, never left waiting."""
	with boot(memory='128M') as q:
		q.expect_prompt(60)
		a = 'a' * 1500
		out = q.run("echo '%s' | wc -c" % a, timeout=90)
		t.check('1500-byte word whole (%r)' % out[-40:], out.strip() == '1501')
		b = 'b' * (4096 - len("echo '' | wc -c"))
		out = q.run("echo '%s' | wc -c" % b, timeout=120)
		t.check('4096-byte line whole (%r)' % out[-40:], out.strip() == str(len(b) + 1))
		c = 'c' * 4200
		out = q.run("echo '%s'" % c, timeout=120)
		t.check('longer line refused visibly (%r)' % out[-60:],
			out.endswith('\ncons: line too long, discarded\n') and c not in out)
		t.check('shell answers after', q.run('echo ok') == 'ok\n')


@test(timeout=240)
def note_when_memory_short(t):
	"""A note that arrives while no page can be had for the handler's
	frame waits for memory instead of killing the process ("suicide:
	bad stack in notify"); and a pipe made meanwhile fails "kernel
	allocate failed" instead of waiting in smalloc.  See
	tests/guest/notemem.c."""
	with boot(memory='64M', kmesg_ok=[SMALLOCWAIT]) as q:
		q.expect_prompt(60)
		before = swap(q)
		out = q.run('/test/notemem', timeout=120)
		t.check('no suicide (%r)' % out[-200:], 'suicide' not in out)
		t.check('note delivered', re.search(r'^notemem: ok', out, re.M) is not None)
		# smalloc must not wait for ever for a user's system call
		t.check('pipe fails Enomem with memory full',
			'notemem: pipe with memory full: kernel allocate failed\n' in out)
		t.check('shell answers', q.run('echo ok') == 'ok\n')
		after = swap(q)
		t.check('pages back (%d then %d)' % (before['free'], after['free']),
			after['free'] >= before['free'] - 64)


@test(timeout=300)
def out_of_memory(t):
	"""Six processes at once each writing 32 MiB on a 64 MiB machine
	(tests/guest/memhog.c): the kernel kills the biggest, one at a
	time, each with "killed: out of memory" on the console and in its
	exit message, none dies of a plain page fault, the rest finish,
	the kernel stays up, and the free pages come back."""
	with boot(memory='64M', kmesg_ok=[SMALLOCWAIT, r'^memhog \d+: killed: out of memory$']) as q:
		q.expect_prompt(60)
		before = swap(q)
		out = q.run('/test/memhog -n 6 -m 32; echo status $status', timeout=240)
		m = re.search(r'^memhog: (\d+) done, (\d+) out of memory, (\d+) other$', out, re.M)
		t.check('summary', m is not None, repr(out[-300:]))
		done, oom, other = (int(x) for x in m.groups()) if m else (0, 0, -1)
		t.check('no other deaths', other == 0, repr(out[-600:]))
		t.check('some killed for memory', oom > 0 and 'sys: killed: out of memory' in out, repr(out[-300:]))
		t.check('some finished', done > 0 and done + oom == 6, repr(out[-300:]))
		t.check('shell answers', q.run('echo ok') == 'ok\n')
		after = swap(q)
		# pages the kernel heap took meanwhile stay with it, counted back
		back = after['free'] + (after['heap'] - before['heap']) // 4096
		t.check('pages back (%d, then %d with the heap\'s)' % (before['free'], back),
			back >= before['free'] - 16)

