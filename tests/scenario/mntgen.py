"""/n and /mnt as Plan 9's mntgen makes them (#N): a mount or bind on
any name there works without a mkdir, `ls` lists exactly the mount
points, and a name goes when its mount does; and -append bin=tag/dir,
which puts a directory of a virtio-9p share before /bin at boot so
that a command rebuilt on the host runs in the guest at once.  Every
check compares the exact output of one command line."""

import os
import shutil
import tempfile

from harness import test, boot, ROOT, share9p

CHECKS = 29		# result lines this file prints (tests/harness.py)


def ck(t, q, name, cmd, want, timeout=30):
	out = q.run(cmd, timeout)
	t.check(name, out == want, 'ran %r: got %r, want %r' % (cmd, out, want))


@test(timeout=200)
def mntgen(t):
	with boot(memory='256M') as q:
		q.expect_prompt(60)
		ck(t, q, 'empty', 'ls /n /mnt', '')
		q.run('ramfs -S m1; ramfs -S m2')
		ck(t, q, 'mount', 'mount -c /srv/m1 /n/x; echo hi > /n/x/f; cat /n/x/f', 'hi\n')
		ck(t, q, 'ls', 'ls /n', '/n/x\n')
		ck(t, q, 'ls.l', "ls -l /n | sed 's/ [A-Z][a-z][a-z] .* / DATE /'", 'd-r-xr-xr-x N 1 glenda glenda 0 DATE /n/x\n')
		ck(t, q, 'two', 'mount -c /srv/m2 /n/z; ls /n', '/n/x\n/n/z\n')
		ck(t, q, 'unmount', 'unmount /n/x; ls /n; cat /n/x/f', "/n/z\ncat: /n/x/f: '/n/x/f' file does not exist\n")
		out = q.run('unmount /n/x; echo $status')
		t.check('unmount.not', out.startswith('unmount: /n/x: not mounted\n') and out.endswith(': unmount\n'), repr(out))
		ck(t, q, 'look', "ls /n/nothere; ls -ld /n/y | sed 's/ [A-Z][a-z][a-z] .* / DATE /'; ls /n",
			'd-r-xr-xr-x N 1 glenda glenda 0 DATE /n/y\n/n/z\n')
		ck(t, q, 'deeper', 'ls /n/a/b', "ls: /n/a/b: '/n/a/b' file does not exist\n")
		ck(t, q, 'bind', 'echo t > /tmp/t; bind /tmp /n/y; cat /n/y/t; ls /n', 't\n/n/y\n/n/z\n')
		ck(t, q, 'bind.gone', 'unmount /n/y; ls /n', '/n/z\n')
		ck(t, q, 'union', 'bind -a /tmp /n/z; ls /n; ls /n/z | grep -c /n/z/t', '/n/z\n1\n')
		ck(t, q, 'union.gone', 'unmount /n/z; ls /n', '')
		ck(t, q, 'mnt', 'mount -c /srv/m1 /mnt/anything; ls /mnt; cat /mnt/anything/f; ls /n', '/mnt/anything\nhi\n')
		ck(t, q, 'mnt.gone', 'unmount /mnt/anything; ls /mnt', '')
		# the seed's session: a mkdir first is harmless
		ck(t, q, 'mkdir', 'mkdir /mnt/xxx', 'mkdir: /mnt/xxx: file already exists\n')
		ck(t, q, 'mkdir.p', 'mkdir -p /mnt/xxx /n/b; echo $status; ls /mnt /n', '\n')
		ck(t, q, 'seed', 'mount -c /srv/m1 /mnt/xxx; cat /mnt/xxx/f; ls /mnt; unmount /mnt/xxx', 'hi\n/mnt/xxx\n')
		ck(t, q, 'create', 'echo x > /n/w', "rc: can't open /n/w: permission denied\n")
		ck(t, q, 'remove', 'rm /n/w', 'rm: /n/w: permission denied\n')
		# a child's own name space: its mounts list in it alone
		ck(t, q, 'private', "rc -c 'rfork n; mount /srv/m1 /n/p; ls /n'; ls /n", '/n/p\n')
		q.run('rm /srv/m1 /srv/m2')


class Share:
	"""A host directory served as virtio-9p share harvtmp."""

	def __init__(self):
		self.dir = tempfile.mkdtemp(prefix='9q-mntgen-')
		os.mkdir(os.path.join(self.dir, 'bin'))

	def put(self, cmd, name):
		"""Copy guest program out/cmd/cmd into the share's bin as name,
		over the old one in place, as README's cp does."""
		shutil.copy(os.path.join(ROOT, 'out', 'cmd', cmd), os.path.join(self.dir, 'bin', name))

	def args(self):
		return share9p(self.dir, 'harvtmp')

	def close(self):
		shutil.rmtree(self.dir, ignore_errors=True)


@test(timeout=200)
def bin_share(t):
	s = Share()
	try:
		s.put('echo', 'hello')
		s.put('echo', 'cat')	# before /bin: this cat echoes
		with boot(memory='256M', append='bin=harvtmp/bin', extra_args=s.args()) as q:
			q.expect_prompt(60)
			ck(t, q, 'bin.run', 'hello from the share', 'from the share\n')
			ck(t, q, 'bin.before', 'cat /dev/sysname', '/dev/sysname\n')
			out = q.run('ls /n; read </dev/mtags')	# mounted once, at /n/harvtmp
			t.check('bin.mounted', out.startswith('/n/harvtmp\nharvtmp:9P2000.u:131096:'), repr(out))
			s.put('basename', 'hello')	# rebuilt on the host
			ck(t, q, 'bin.rebuilt', 'hello /a/b/c', 'c\n')
	finally:
		s.close()


@test(timeout=200)
def bin_missing(t):
	s = Share()
	try:
		for name, append, msg in (
				('bin.noshare', 'bin=nosuch/bin', "init: bin=nosuch/bin: #9nosuch: mount tag not known\n"),
				('bin.nodir', 'bin=harvtmp/nodir', "init: bin=harvtmp/nodir: '/n/harvtmp/nodir' file does not exist\n")):
			with boot(memory='256M', append=append, extra_args=s.args()) as q:
				q.expect_prompt(60)
				ck(t, q, name, 'echo $bin; ls /bin/ls', append[4:] + '\n/bin/ls\n')
				t.check(name + '.msg', msg in q.text, repr(q.text[-400:]))
	finally:
		s.close()
