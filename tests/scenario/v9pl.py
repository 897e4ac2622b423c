"""#9 in both dialects: one host directory shared twice, as tag dotu
(mounted 9P2000.u, the default) and tag dotl (mounted 'dotl 9P2000.L'),
and every file operation SPEC lists for #9 typed on each; the two
outputs must be the same, and each is checked against the host.  Cases
after QEMU's own 9p test list: missing names, .. from the root, deep
paths, a file unlinked on the host while open, hard links, a 255-byte
name, UTF-8 names.  Errors are Plan 9's strings in both."""

import hashlib
import os
import re
import shutil
import tempfile

from harness import test, boot

CHECKS = 80		# result lines this file prints (tests/harness.py)

DIALECTS = (('u', 'dotu', ''), ('l', 'dotl', ' 9P2000.L'))


def sha1(path):
	with open(path, 'rb') as f:
		return hashlib.sha1(f.read()).hexdigest()


class Share:
	def __init__(self):
		self.dir = tempfile.mkdtemp(prefix='9q-v9pl-')

	def args(self):
		a = []
		for _, tag, _ in DIALECTS:
			a += ['-device', 'virtio-9p-pci,fsdev=fs%s,mount_tag=%s' % (tag, tag),
				'-fsdev', 'local,path=%s,id=fs%s,security_model=none' % (self.dir, tag)]
		return a

	def path(self, *p):
		return os.path.join(self.dir, *p)

	def close(self):
		shutil.rmtree(self.dir, ignore_errors=True)


def both(t, q, name, cmd, want=None, timeout=60):
	"""cmd with X standing for each mount point; the same output from
	both (with the mount point written as X), and want if given."""
	outs = []
	for d, _, _ in DIALECTS:
		mp = '/tmp/' + d
		out = q.run(cmd.replace('X', mp), timeout).replace(mp, 'X')
		outs.append(re.sub(r' M \d+ ', ' M n ', out))	# each mount its own device number
	t.check(name + '.same', outs[0] == outs[1], 'ran %r: .u %r, .L %r' % (cmd, outs[0], outs[1]))
	if want is not None:
		t.check(name, outs[1] == want, 'ran %r: got %r, want %r' % (cmd, outs[1], want))
	return outs[1]


def mkdeep(top, name, n, file):
	"""n directories called name, one in the other, under top, and file
	at the bottom holding its name: by descriptors, as the path is
	longer than the host's PATH_MAX."""
	fd = os.open(top, os.O_RDONLY)
	for _ in range(n):
		os.mkdir(name, dir_fd=fd)
		nfd = os.open(name, os.O_RDONLY, dir_fd=fd)
		os.close(fd)
		fd = nfd
	f = os.open(file, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
	os.write(f, (file + '\n').encode())
	os.close(f)
	os.close(fd)


def start(s):
	q = boot(memory='256M', extra_args=s.args())
	q.expect_prompt(60)
	for d, tag, opt in DIALECTS:
		q.run('mkdir /tmp/%s' % d)
		out = q.run("mount -c -d '#9' /dev/null /tmp/%s '%s%s'" % (d, tag, opt))
		if out != '':
			raise Exception('mount %s: %r' % (tag, out))
	return q


@test(timeout=400)
def v9pl_files(t):
	"""Walk, open, create, read, write, remove, stat, wstat, errors."""
	s = Share()
	try:
		with open(s.path('hello'), 'w') as f:
			f.write('hello from the host\n')
		os.makedirs(s.path('a/b/c/d/e/f'))
		with open(s.path('a/b/c/d/e/f/deep'), 'w') as f:
			f.write('deep\n')
		q = start(s)
		out = q.run('cat /dev/mtags')
		t.check('mtags', out.startswith('dotu:9P2000.u:131096:') and '\ndotl:9P2000.L:131096:' in out, repr(out))
		both(t, q, 'cat', 'cat X/hello', 'hello from the host\n')
		both(t, q, 'deep', 'cat X/a/b/c/d/e/f/deep', 'deep\n')
		both(t, q, 'missing', 'cat X/nothere', "cat: X/nothere: 'X/nothere' file does not exist\n")
		both(t, q, 'missing2', 'cat X/nothere/again', "cat: X/nothere/again: 'X/nothere' file does not exist\n")
		both(t, q, 'missing.second', 'cat X/a/nothere', "cat: X/a/nothere: 'X/a/nothere' file does not exist\n")
		both(t, q, 'dotdot', 'ls X/.. | grep -c hello', '0\n')
		for d, _, _ in DIALECTS:
			q.run('echo made by %s > /tmp/%s/new.%s' % (d, d, d))
		for d, _, _ in DIALECTS:
			with open(s.path('new.' + d)) as f:
				t.check('create.' + d, f.read() == 'made by %s\n' % d)
		both(t, q, 'truncate', 'echo abcdefgh > X/t; echo xy > X/t; cat X/t', 'xy\n')
		both(t, q, 'append', 'echo xy > X/t; echo more >> X/t; cat X/t', 'xy\nmore\n')
		both(t, q, 'mkdir', 'mkdir X/dir; ls -d X/dir; rm X/dir', 'X/dir\n')
		both(t, q, 'mkdir.nested', 'mkdir X/03; echo f > X/03/1st; ls X/03; rm X/03/1st X/03; ls X | grep -c 03',
			'X/03/1st\n0\n')
		both(t, q, 'mkdir.exists', 'mkdir X/a', 'mkdir: X/a: file already exists\n')
		both(t, q, 'rm.notempty', 'rm X/a', 'rm: X/a: directory is not empty\n')
		both(t, q, 'rm.missing', 'rm X/nothere', "rm: X/nothere: 'X/nothere' file does not exist\n")
		both(t, q, 'mv', 'echo m > X/m1; mv X/m1 X/m2; cat X/m2; ls X | grep -c m1; rm X/m2', 'm\n0\n')
		both(t, q, 'mv.exists', 'echo a > X/ma; echo b > X/mb; mv X/ma X/mb; cat X/mb; rm X/mb', 'a\n')
		both(t, q, 'chmod', 'echo c > X/c; chmod 640 X/c; ls -l X/c; rm X/c', None)
		both(t, q, 'chmod.dir', 'mkdir X/cd; chmod 700 X/cd; ls -ld X/cd; rm X/cd', None)
		out = both(t, q, 'ls', 'ls X', None)
		t.check('ls.names', out.split() == sorted(['X/a', 'X/hello', 'X/new.l', 'X/new.u', 'X/t']), repr(out))
		both(t, q, 'ls.l', 'ls -l X/hello', None)
		q.run('echo 0123456789 > /tmp/u/len')
		both(t, q, 'wstat.length', 'cat X/len', '0123456789\n')
		both(t, q, 'dotdot.walk', 'cat X/a/../hello', 'hello from the host\n')
	finally:
		s.close()


@test(timeout=400)
def v9pl_host(t):
	"""Host-side changes, big data both ways, long and UTF-8 names, many files."""
	s = Share()
	try:
		with open(s.path('big'), 'wb') as f:
			f.write(os.urandom(1 << 20))
		want = sha1(s.path('big'))
		os.link(s.path('big'), s.path('hardlink'))
		long = 'n' * 255
		with open(s.path(long), 'w') as f:
			f.write('long\n')
		os.mkdir(s.path('many'))
		for i in range(2000):
			open(s.path('many', 'f%04d' % i), 'w').close()
		with open(s.path('gone'), 'w') as f:
			f.write('still here\n')
		os.symlink('big', s.path('link'))
		os.symlink('nowhere/at/all', s.path('dangling'))
		for d, _, _ in DIALECTS:
			os.symlink('big', s.path('rmlink.' + d))
			os.link(s.path('big'), s.path('rmhard.' + d))
		# deeper than a typed line (30 names of 255 bytes), as QEMU's deep_absolute_path
		mkdeep(s.path(), 'A' * 255, 30, 'bottom')
		q = start(s)
		both(t, q, 'deep.path', 'cd X; for(i in `{seq 30}) cd %s; cat bottom; cd /' % ('A' * 255), 'bottom\n')
		# removing a link, symbolic or hard, leaves the file it names
		for d, _, _ in DIALECTS:
			q.run('rm /tmp/%s/rmlink.%s /tmp/%s/rmhard.%s' % (d, d, d, d))
			t.check('rm.links.' + d, not os.path.lexists(s.path('rmlink.' + d))
				and not os.path.exists(s.path('rmhard.' + d)) and sha1(s.path('big')) == want)
		# a symbolic link reads as its target
		both(t, q, 'symlink', 'cat X/link; echo', 'big\n')
		both(t, q, 'symlink.dangling', 'cat X/dangling; echo', 'nowhere/at/all\n')
		out = both(t, q, 'symlink.ls', 'ls -l X/dangling', None)
		t.check('symlink.length', re.match(r'^--r\S+ M n \S+ \S+ +14 ', out), repr(out))
		both(t, q, 'sha1', 'sha1sum X/big', want + '\tX/big\n')
		both(t, q, 'hardlink', 'sha1sum X/hardlink', want + '\tX/hardlink\n')
		for d, _, _ in DIALECTS:
			q.run('cp /tmp/%s/big /tmp/%s/copy.%s' % (d, d, d), 120)
			t.check('write.' + d, sha1(s.path('copy.' + d)) == want)
		both(t, q, 'longname', 'cat X/' + long, 'long\n')
		both(t, q, 'toolong', 'echo x > X/' + long + 'x', "rc: can't open X/%sx: file name too long\n" % long)
		both(t, q, 'utf8', 'echo ünïcødé > X/naïve.txt; cat X/naïve.txt; rm X/naïve.txt', 'ünïcødé\n')
		both(t, q, 'many', 'ls -l X/many | wc -l', '   2000\n', timeout=120)
		for d, _, _ in DIALECTS:
			q.run('{sleep 2; cat} < /tmp/%s/gone > /tmp/out.%s &' % (d, d))
		os.unlink(s.path('gone'))
		q.run('sleep 4')
		out = q.run('cat /tmp/out.u /tmp/out.l')
		t.check('unlinked.open', out == 'still here\nstill here\n', repr(out))
	finally:
		s.close()


def mtagsline(q, tag):
	"""tag's /dev/mtags fields: version, msize, fids held, peak in flight."""
	out = q.run('cat /dev/mtags')
	m = re.search(r'^%s:([^:\n]+):(\d+):(\d+):(\d+)$' % tag, out, re.M)
	if m is None:
		raise Exception('mtags: no line for %s: %r' % (tag, out))
	return m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))


def names(out, top):
	"""the file names of ls output (last field), less top/."""
	return [ln.split()[-1].replace(top + '/', '', 1) for ln in out.splitlines() if ln.strip()]


@test(timeout=600)
def v9pl_dirread(t):
	"""Directory reads over .L in batches: 2000 and 10000 entries complete,
	in the host's order and the same as .u; several host requests in
	flight (mtags M); entries removed while listed; interrupted listings
	leave no fid behind."""
	s = Share()
	try:
		want = {}
		for d, n in (('many', 2000), ('huge', 10000)):
			os.mkdir(s.path(d))
			for i in range(n):
				# in many, names of every length up to 100, so batches end on size too
				name = 'f%05d' % i + ('x' * (i % 95) if d == 'many' else '')
				open(s.path(d, name), 'w').close()
			want[d] = os.listdir(s.path(d))
		os.mkdir(s.path('one'))
		open(s.path('one', 'only'), 'w').close()	# a batch of one walk
		os.mkdir(s.path('rm'))
		for i in range(3000):
			open(s.path('rm', 'r%04d' % i), 'w').close()
		q = start(s)
		_, _, _, peak0 = mtagsline(q, 'dotl')
		both(t, q, 'one', 'ls -n X/one', 'X/one/only\n')
		# ls -n keeps the directory's order
		out = both(t, q, 'many.same', 'ls -ln X/many', None, timeout=300)
		t.check('many.order', names(out, 'X/many') == want['many'],
			'%d names listed of %d' % (len(out.splitlines()), len(want['many'])))
		# too long to print: its digest, and the count of ls -l's lines
		h = hashlib.sha1(''.join('%s\n' % n for n in want['huge']).encode()).hexdigest()
		both(t, q, 'huge.order', 'cd X/huge; ls -n | sha1sum; cd /', h + '\n', timeout=300)
		both(t, q, 'huge.l', 'ls -l X/huge | wc -l', '  10000\n', timeout=300)
		_, _, nfid, peak = mtagsline(q, 'dotl')
		t.check('inflight', peak0 == 1 and peak >= 16, 'peak before %d, after %d' % (peak0, peak))

		# the host removes entries while the guest lists them
		q.sendline('ls -ln /tmp/l/rm > /tmp/rm.out; echo listed $status')
		for i in range(1500, 3000):
			os.unlink(s.path('rm', 'r%04d' % i))
		q.find(r'listed \S*\r?\n', 120)
		q.expect_prompt(60)
		out = q.run('cat /tmp/rm.out')
		got = names(out, '/tmp/l/rm')
		orig = ['r%04d' % i for i in range(3000)]
		t.check('removed.listing', set(got) <= set(orig) and set(orig[:1500]) <= set(got)
			and len(got) == len(set(got)), '%d listed' % len(got))

		# interrupted listings: each Tflush hits a batch or a Treaddir; no
		# fid of ours stays on the host, and listing goes on working
		out = q.run('for(i in `{seq 30}){ ls -l /tmp/l/huge > /dev/null & '
			'sleep 0.0$i; echo interrupt > /proc/$apid/note >[2] /dev/null && echo hit; sleep 0.3 }',
			timeout=300)
		hits = out.split().count('hit')
		t.check('interrupted', hits >= 10, '%d of 30 listings interrupted: %r' % (hits, out))
		_, _, nfid2, _ = mtagsline(q, 'dotl')
		t.check('interrupted.fids', nfid2 == nfid, 'fids held before %d, after %d' % (nfid, nfid2))
		out = q.run('ls -ln /tmp/l/huge', timeout=300)
		t.check('interrupted.after', names(out, '/tmp/l/huge') == want['huge'], '%d listed' % len(out.splitlines()))
	finally:
		s.close()
