"""util/ufs against an independent 9P2000 client: Linux's v9fs
(version=9p2000, trans=tcp) in a Linux guest (tests/linuxguest.py),
reaching ufs on the host through QEMU's user networking (10.0.2.2 is
the host's loopback).  Each operation is done in the guest and checked
on the host, or the other way round.  The Linux packages are fetched
on first use; if they cannot be, the test fails."""

import hashlib
import os
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import time

from harness import test, ROOT, ConsoleError, freeport
import linuxguest

CHECKS = 14

UFS = os.path.join(ROOT, 'out/util/ufs')
MIB = 1 << 20


def md5(b):
	return hashlib.md5(b).hexdigest()


def guestmd5(g, path):
	m = re.match(r'([0-9a-f]{32}) ', g.run('md5sum ' + path))
	return m.group(1) if m else None


def host(root, name):
	"""md5 of a host file, or None."""
	try:
		with open(os.path.join(root, name), 'rb') as f:
			return md5(f.read())
	except OSError:
		return None


def tree(root):
	"""The host files the test starts with."""
	data = {'small': b'hello from the host\n', 'one': os.urandom(MIB + 12345),
		'big': os.urandom(16 * MIB)}
	for name, b in data.items():
		with open(os.path.join(root, name), 'wb') as f:
			f.write(b)
	os.mkdir(os.path.join(root, 'thousand'))
	for i in range(1000):
		with open(os.path.join(root, 'thousand', 'entry%04d' % i), 'w') as f:
			f.write(str(i))
	os.mkdir(os.path.join(root, 'full'))
	with open(os.path.join(root, 'full', 'x'), 'w') as f:
		f.write('x')
	sp = os.path.join(root, 'specials')
	os.mkdir(sp)
	os.mkfifo(os.path.join(sp, 'fifo'))
	s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
	s.bind(os.path.join(sp, 'sock'))
	s.close()
	os.symlink('/etc/passwd', os.path.join(sp, 'link'))	# out of the tree
	return data


def startufs(root, port):
	p = subprocess.Popen([UFS, '-ntype=tcp', '-addr=127.0.0.1:%d' % port, '-root=' + root],
		stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
	for _ in range(100):
		try:
			socket.create_connection(('127.0.0.1', port), 1).close()
			return p
		except OSError:
			time.sleep(0.05)
	p.kill()
	p.wait(5)
	raise AssertionError('ufs did not listen on port %d' % port)


def readers(g, n, path):
	"""n concurrent readers of path in the guest, each copying it to a
	file in its RAM file system: (seconds, md5 of each copy)."""
	out, secs = g.timed(' '.join('dd if=%s of=/tmp/r%d bs=128k 2>/dev/null &' % (path, i) for i in range(n))
		+ ' wait', 120)
	sums = [guestmd5(g, '/tmp/r%d' % i) for i in range(n)]
	g.run('rm -f /tmp/r*')
	return secs, sums


@test(timeout=400)
def v9fs_client(t):
	d = tempfile.mkdtemp(prefix='9q-ufs-linux-')
	root = os.path.join(d, 'root')
	os.mkdir(root)
	data = tree(root)
	port = freeport()
	ufs = startufs(root, port)
	try:
		args = ['-device', 'virtio-net-pci,netdev=n0', '-netdev', 'user,id=n0']
		with linuxguest.LinuxGuest(extra_args=args, memory='256M', smp=1) as g:
			g.run('ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0')
			out, status = g.runstatus('mount -t 9p -o trans=tcp,port=%d,version=9p2000 10.0.2.2 /mnt' % port)
			if not t.check('mount', status == 0, out):
				return

			ls = g.runstatus('ls -l /mnt')[0]
			sizes = dict((m.group(2), int(m.group(1))) for m in
				re.finditer(r'^[-d]\S+\s+\d+\s+\S+\s+\S+\s+(\d+) .* (\S+)$', ls, re.M))
			want = {n: len(b) for n, b in data.items()}
			t.check('ls_l', all(sizes.get(n) == s for n, s in want.items())
				and {'thousand', 'full'} <= set(sizes), ls)

			got = guestmd5(g, '/mnt/one')
			t.check('read_md5', got == md5(data['one']), 'guest %s host %s' % (got, md5(data['one'])))

			g.run('dd if=/dev/urandom of=/tmp/w bs=65536 count=40 2>/dev/null')
			out, status = g.runstatus('cp /tmp/w /mnt/written')
			sent, got = guestmd5(g, '/tmp/w'), host(root, 'written')
			t.check('write_md5', status == 0 and sent is not None and got == sent,
				'%s: guest %s host %s' % (out, sent, got))

			out, status = g.runstatus('mkdir /mnt/newdir')
			t.check('mkdir', status == 0 and os.path.isdir(os.path.join(root, 'newdir')), out)

			# in one directory, so a wstat of the name (a copy would be a new inode)
			ino = os.stat(os.path.join(root, 'small')).st_ino
			out, status = g.runstatus('mv /mnt/small /mnt/renamed')
			t.check('rename', status == 0 and not os.path.exists(os.path.join(root, 'small'))
				and os.path.exists(os.path.join(root, 'renamed'))
				and os.stat(os.path.join(root, 'renamed')).st_ino == ino, out)

			out, status = g.runstatus('chmod 640 /mnt/renamed')
			try:
				mode = stat.S_IMODE(os.stat(os.path.join(root, 'renamed')).st_mode)
			except OSError:
				mode = -1
			t.check('chmod', status == 0 and mode == 0o640, '%s: mode %o' % (out, mode))

			out, status = g.runstatus('truncate -s 1000 /mnt/small2 && dd if=/mnt/one of=/mnt/small2 bs=1000 count=1 conv=notrunc 2>/dev/null && truncate -s 700 /mnt/small2')
			back = guestmd5(g, '/mnt/small2')
			t.check('truncate', status == 0 and host(root, 'small2') == md5(data['one'][:700]) == back,
				'%s: size %s' % (out, os.path.exists(os.path.join(root, 'small2')) and os.path.getsize(os.path.join(root, 'small2'))))

			out, status = g.runstatus('rm /mnt/renamed && rmdir /mnt/newdir')
			t.check('rm', status == 0 and not os.path.exists(os.path.join(root, 'newdir'))
				and not os.path.exists(os.path.join(root, 'renamed')), out)

			# ufs says Plan 9's "directory is not empty", which v9fs maps to ENOTEMPTY
			out, status = g.runstatus('rmdir /mnt/full 2>&1')
			t.check('rmdir_not_empty', status != 0 and 'Directory not empty' in out
				and os.path.exists(os.path.join(root, 'full', 'x')), out)

			out, status = g.runstatus('ls -l /mnt/specials')
			t.check('special_ls', status == 0 and all(re.search(r' %s$' % n, out, re.M)
				for n in ('fifo', 'sock', 'link')), out)
			# the fifo and socket are never opened: no hang, and Plan 9's "permission
			# denied", which v9fs maps to EACCES; the link reads as its target's
			# name (ufs(4)), never as the file out of the tree it names
			outs = [g.runstatus('cat /mnt/specials/%s 2>&1' % n, 30) for n in ('fifo', 'sock', 'link')]
			t.check('special_open', all(st != 0 and 'Permission denied' in o for o, st in outs[:2])
				and outs[2] == ('/etc/passwd', 0), repr(outs))

			names = g.runstatus('ls -1 /mnt/thousand')[0].split()
			t.check('listing_1000', names == sorted(os.listdir(os.path.join(root, 'thousand')))
				and len(names) == 1000, '%d names listed' % len(names))

			try:
				one, sums = readers(g, 1, '/mnt/big')
				four, sums4 = readers(g, 4, '/mnt/big')
			except ConsoleError as e:	# a stalled session: the readers never end
				t.check('readers_4', False, str(e))
				return
			print('ufs_linux: 16 MiB: one reader %.2f s, four at once %.2f s (%.1fx)'
				% (one, four, four / one), flush=True)
			good = sums == [md5(data['big'])] and sums4 == [md5(data['big'])] * 4
			# issue 11 saw 40x from stalled pipelining; 4x is the ideal
			t.check('readers_4', good and four <= 12 * one,
				'sums %s %s, %.2f s vs %.2f s' % (sums, sums4, four, one))
	finally:
		ufs.kill()
		ufs.wait(5)
		err = ufs.stderr.read().decode('utf-8', 'replace')
		ufs.stderr.close()
		shutil.rmtree(d, ignore_errors=True)
	if err.strip():
		print('ufs stderr: %s' % err.strip()[:500])
