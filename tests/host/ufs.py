#!/usr/bin/env python3
"""Host test of out/util/ufs: an independent 9P2000 client (p9.py)
against ufs over TCP and a Unix socket, serving a temporary tree with a
file, a directory, a fifo, a socket, a symlink pointing out of the tree
and (as root) a device node.  Prints `ok NAME` / `FAIL NAME: why`.

	python3 tests/host/ufs.py [path/to/ufs]"""

import os
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import p9  # noqa: E402
from harness import freeport  # noqa: E402

UFS = sys.argv[1] if len(sys.argv) > 1 else 'out/util/ufs'
failed = 0


def result(name, good, why=''):
	global failed
	if good:
		print('ok ufs %s' % name, flush=True)
	else:
		failed += 1
		print('FAIL ufs %s: %s' % (name, why), flush=True)


def test(fn):
	"""Run fn(); a returned string or an exception is a failure."""
	try:
		why = fn()
		result(fn.__name__, why is None, why or '')
	except Exception as e:
		result(fn.__name__, False, '%s: %s\n%s' % (type(e).__name__, e, traceback.format_exc()))


def waitfor(connect):
	for _ in range(100):
		try:
			return connect()
		except OSError:
			time.sleep(0.05)
	return connect()


def mktree(top):
	root = os.path.join(top, 'root')
	os.mkdir(root)
	with open(os.path.join(root, 'file'), 'wb') as f:
		f.write(b'hello, world\n')
	os.mkdir(os.path.join(root, 'dir'))
	with open(os.path.join(root, 'dir', 'inner'), 'wb') as f:
		f.write(b'x' * 5000)
	os.mkfifo(os.path.join(root, 'fifo'))
	sk = socket.socket(socket.AF_UNIX)
	sk.bind(os.path.join(root, 'sock'))
	os.symlink('/etc/passwd', os.path.join(root, 'link'))
	os.symlink('/', os.path.join(root, 'dirlink'))
	if os.getuid() == 0:
		os.mknod(os.path.join(root, 'null'), 0o666 | stat.S_IFCHR, os.makedev(1, 3))
	for i in range(60):	# enough entries to need several reads
		with open(os.path.join(root, 'dir', 'f%02d-%s' % (i, 'n' * 40)), 'w') as f:
			f.write('%d' % i)
	return root, sk


def main():
	top = tempfile.mkdtemp(prefix='ufs-test-')
	root, sk = mktree(top)
	port = freeport()
	sockpath = os.path.join(top, 'ufs.sock')
	with open(sockpath, 'w'):
		pass	# not a socket: ufs must not remove it, and so fail
	bad = subprocess.run([UFS, '-ntype=unix', '-addr=' + sockpath, '-root=' + root],
		stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=10)
	result('refuses_to_remove_nonsocket', bad.returncode != 0 and os.path.isfile(sockpath),
		'rc %d' % bad.returncode)
	os.unlink(sockpath)
	# a stale socket file is replaced
	stale = socket.socket(socket.AF_UNIX)
	stale.bind(sockpath)
	stale.close()
	tcp = subprocess.Popen([UFS, '-ntype=tcp', '-addr=127.0.0.1:%d' % port, '-root=' + root],
		stderr=open(os.path.join(top, 'tcp.err'), 'w'))
	unx = subprocess.Popen([UFS, '-ntype=unix', '-addr=' + sockpath, '-root=' + root, '-debug=1'],
		stderr=open(os.path.join(top, 'unix.err'), 'w'))
	try:
		run(root, lambda: waitfor(lambda: p9.Client.tcp('127.0.0.1', port)),
			lambda: waitfor(lambda: p9.Client.unix(sockpath)), tcp, unx, top)
	finally:
		for p in (tcp, unx):
			p.kill()
			p.wait()
		sk.close()
		subprocess.run(['rm', '-rf', top])
	print('ufs: %s' % ('failures' if failed else 'all passed'))
	sys.exit(1 if failed else 0)


def session(connect, msize=8192):
	c = connect()
	c.version(msize)
	fid, q = c.attach()
	return c, fid, q


def run(root, tcpconn, unixconn, tcp, unx, top):
	def version():
		c = tcpconn()
		m, v = c.version(65536)
		c.close()
		if v != '9P2000' or not 256 <= m <= 65536:
			return 'Rversion %d %r' % (m, v)
		c = tcpconn()
		m, v = c.version(8192, '9P2000.u')
		c.close()
		if v != '9P2000':
			return '9P2000.u answered %r' % v
		c = tcpconn()
		m, v = c.version(8192, 'XP3000')
		c.close()
		if v != 'unknown':
			return 'XP3000 answered %r' % v
	test(version)

	def attach_and_stat_root():
		c, fid, q = session(tcpconn)
		d = c.stat(fid)
		c.close()
		if not q[0] & p9.QTDIR or not d.mode & p9.DMDIR:
			return 'root not a directory: %r %r' % (q, d)
		if d.qid[2] != os.stat(root).st_ino:
			return 'root qid.path %d, inode %d' % (d.qid[2], os.stat(root).st_ino)
	test(attach_and_stat_root)

	def listing_matches_host():
		c, fid, _ = session(tcpconn)
		c.open(fid, p9.OREAD)
		got = {d.name: d for d in c.listdir(fid)}
		want = sorted(os.listdir(root))
		if sorted(got) != want:
			return 'listing %r, host %r' % (sorted(got), want)
		for name, d in got.items():
			st = os.lstat(os.path.join(root, name))
			if d.mode & 0o777 != st.st_mode & 0o777:
				return '%s mode %o, host %o' % (name, d.mode, st.st_mode)
			if d.qid[2] != st.st_ino:
				return '%s qid.path %d, inode %d' % (name, d.qid[2], st.st_ino)
			if d.mtime != int(st.st_mtime):
				return '%s mtime %d, host %d' % (name, d.mtime, st.st_mtime)
			kinds = [(stat.S_ISDIR, p9.DMDIR), (stat.S_ISLNK, p9.DMSYMLINK),
				(stat.S_ISFIFO, p9.DMNAMEDPIPE), (stat.S_ISSOCK, p9.DMSOCKET),
				(stat.S_ISCHR, p9.DMDEVICE)]
			for test_, bit in kinds:
				if test_(st.st_mode) != bool(d.mode & bit):
					return '%s mode %08x lacks or has bit %08x' % (name, d.mode, bit)
			if stat.S_ISREG(st.st_mode) and d.length != st.st_size:
				return '%s length %d, host %d' % (name, d.length, st.st_size)
		c.close()
	test(listing_matches_host)

	def dirread_small_counts():
		c, fid, _ = session(tcpconn)
		f, _ = c.walk(fid, ['dir'])
		c.open(f, p9.OREAD)
		names = [d.name for d in c.listdir(f, chunk=200)]
		if sorted(names) != sorted(os.listdir(os.path.join(root, 'dir'))):
			return 'small reads listed %d of %d' % (len(names), len(os.listdir(os.path.join(root, 'dir'))))
		# an offset that is not where the last read ended
		try:
			c.read(f, 7, 200)
			return 'directory read at offset 7 succeeded'
		except p9.Error:
			pass
		# rereading from 0 starts over
		if not c.read(f, 0, 200):
			return 'reread from 0 empty'
		c.close()
	test(dirread_small_counts)

	def dirread_every_count():
		# every count from the largest entry's size to msize lists every name
		c, fid, _ = session(unixconn, msize=8192)
		f, _ = c.walk(fid, ['dir'])
		want = sorted(os.listdir(os.path.join(root, 'dir')))
		bad = c.countsweep(f, want, 128, 8192 - 24)
		c.close()
		if bad:
			return 'count %d listed %d of %d names' % (bad[0], bad[1], len(want))
	test(dirread_every_count)

	def read_file():
		c, fid, _ = session(tcpconn)
		f, qids = c.walk(fid, ['dir', 'inner'])
		if len(qids) != 2:
			return 'walk qids %r' % qids
		c.open(f, p9.OREAD)
		data = c.readall(f, 1000)
		if data != b'x' * 5000:
			return 'read %d bytes' % len(data)
		try:
			c.write(f, 0, b'no')
			return 'write on OREAD fid succeeded'
		except p9.Error:
			pass
		c.clunk(f)
		try:
			c.stat(f)
			return 'stat of clunked fid succeeded'
		except p9.Error:
			pass
		c.close()
	test(read_file)

	def walk_dotdot_stays_in_root():
		c, fid, rq = session(tcpconn)
		f, qids = c.walk(fid, ['..', '..', '..'])
		if qids[-1] != rq:
			return '.. from root went to %r, root %r' % (qids[-1], rq)
		f2, qids = c.walk(fid, ['dir', '..', '..', 'file'])
		if f2 is None:
			return 'dir/../../file not found'
		c.open(f2, p9.OREAD)
		if c.readall(f2) != b'hello, world\n':
			return 'dir/../../file is not root/file'
		try:
			c.walk(fid, ['a/b'])
			return 'walk to a name with / succeeded'
		except p9.Error:
			pass
		c.close()
	test(walk_dotdot_stays_in_root)

	def symlinks_not_followed():
		c, fid, _ = session(tcpconn)
		f, _ = c.walk(fid, ['link'])
		d = c.stat(f)
		if not d.mode & p9.DMSYMLINK:
			return 'link mode %08x' % d.mode
		# opened, it reads as its target, never as what it points at
		c.open(f, p9.OREAD)
		got = c.readall(f)
		if got != b'/etc/passwd':
			return 'read %r from the link, not its target' % got[:40]
		if c.read(f, 5, 3) != b'pas':
			return 'read at an offset in the target'
		c.clunk(f)
		f, _ = c.walk(fid, ['link'])
		for mode in (p9.OWRITE, p9.ORDWR, p9.OREAD | p9.OTRUNC):
			try:
				c.open(f, mode)
				return 'opened a symlink in mode %d' % mode
			except p9.Error as e:
				if 'permission denied' not in str(e):
					return 'open mode %d: %s' % (mode, e)
		nf, qids = c.walk(fid, ['dirlink', 'etc'])
		if nf is not None:
			return 'walked through a symlink out of the tree'
		c.close()
	test(symlinks_not_followed)

	def specials_do_not_block():
		c, fid, _ = session(tcpconn)
		for name in ['fifo', 'sock'] + (['null'] if os.getuid() == 0 else []):
			f, _ = c.walk(fid, [name])
			c.stat(f)
			try:
				c.open(f, p9.OREAD)
				return 'opened %s' % name
			except p9.Error as e:
				if str(e) != 'permission denied':
					return 'open of %s: %r, want Plan 9\'s %r' % (name, str(e), 'permission denied')
			c.clunk(f)
		f, _ = c.walk(fid, [])
		try:
			c.create(f, 'pipe', p9.DMNAMEDPIPE | 0o644, p9.OREAD)
			return 'created a named pipe'
		except p9.Error as e:
			if str(e) != 'permission denied':
				return 'create of a pipe: %r' % str(e)
		c.close()
	test(specials_do_not_block)

	def full_disk():
		# a write on a full host file system fails whole, with Plan 9's
		# "file system full", never with a short count
		small = os.path.join(top, 'small')
		os.mkdir(small)
		if subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', small]).returncode != 0:
			return 'cannot mount a 256k tmpfs at %s (tests/run runs as root)' % small
		sock = os.path.join(top, 'small.sock')
		srv = subprocess.Popen([UFS, '-ntype=unix', '-addr=' + sock, '-root=' + small],
			stderr=subprocess.DEVNULL)
		try:
			c, fid, _ = session(lambda: waitfor(lambda: p9.Client.unix(sock)))
			c.create(fid, 'big', 0o644, p9.OWRITE)
			off, why = 0, None
			while off < 1 << 20 and why is None:
				try:
					n = c.write(fid, off, b'z' * 8000)
				except p9.Error as e:
					why = str(e)
					break
				if n != 8000:
					return 'short write: %d of 8000 at %d' % (n, off)
				off += n
			c.close()
			if why != 'file system full':
				return 'after %d bytes: %r' % (off, why)
			if off == 0 or off > 256 * 1024:
				return 'failed after %d bytes' % off
		finally:
			srv.kill()
			srv.wait()
			subprocess.run(['umount', small])
	test(full_disk)

	def create_write_read_remove():
		c, fid, _ = session(tcpconn)
		f, _ = c.walk(fid, [])
		q = c.create(f, 'new', 0o640, p9.ORDWR)
		if q[0] & p9.QTDIR:
			return 'new file has a directory qid'
		big = bytes(range(256)) * 400	# 102400 bytes: many messages
		off = 0
		while off < len(big):
			n = c.write(f, off, big[off:off + c.msize - 24])
			off += n
		host = open(os.path.join(root, 'new'), 'rb').read()
		if host != big:
			return 'host file has %d bytes' % len(host)
		if os.stat(os.path.join(root, 'new')).st_mode & 0o777 != 0o640:
			return 'mode %o' % os.stat(os.path.join(root, 'new')).st_mode
		if c.readall(f) != big:
			return 'read back differs'
		try:
			c.create(fid, 'new', 0o644, p9.OREAD)
			return 'create over an existing file succeeded'
		except p9.Error:
			pass
		c.clunk(f)
		f, _ = c.walk(fid, ['new'])
		c.remove(f)
		if os.path.exists(os.path.join(root, 'new')):
			return 'not removed'
		try:
			c.stat(f)
			return 'fid survived remove'
		except p9.Error:
			pass
		c.close()
	test(create_write_read_remove)

	def mkdir_and_remove_nonempty():
		c, fid, _ = session(tcpconn)
		f, _ = c.walk(fid, [])
		q = c.create(f, 'sub', p9.DMDIR | 0o755, p9.OREAD)
		if not q[0] & p9.QTDIR or not os.path.isdir(os.path.join(root, 'sub')):
			return 'no directory'
		if c.listdir(f) != []:
			return 'new directory not empty'
		g, _ = c.walk(fid, ['sub'])
		c.create(g, 'x', 0o600, p9.OWRITE | p9.ORCLOSE)
		h, _ = c.walk(fid, ['sub'])
		try:
			c.remove(h)
			return 'removed a non-empty directory'
		except p9.Error:
			pass
		c.clunk(g)	# ORCLOSE removes x
		if os.path.exists(os.path.join(root, 'sub', 'x')):
			return 'ORCLOSE file still there'
		h, _ = c.walk(fid, ['sub'])
		c.remove(h)
		c.close()
		if os.path.exists(os.path.join(root, 'sub')):
			return 'directory not removed'
	test(mkdir_and_remove_nonempty)

	def wstat_changes():
		path = os.path.join(root, 'w')
		with open(path, 'wb') as fh:
			fh.write(b'0123456789')
		with open(os.path.join(root, 'taken'), 'w'):
			pass
		c, fid, _ = session(tcpconn)
		f, _ = c.walk(fid, ['w'])
		d = p9.nulldir()
		d.length = 4
		c.wstat(f, d)
		if os.path.getsize(path) != 4:
			return 'truncate: size %d' % os.path.getsize(path)
		d = p9.nulldir()
		d.mode = 0o600
		d.mtime = 1000000000
		c.wstat(f, d)
		st = os.stat(path)
		if st.st_mode & 0o777 != 0o600 or int(st.st_mtime) != 1000000000:
			return 'chmod/mtime: %o %d' % (st.st_mode, st.st_mtime)
		d = p9.nulldir()
		d.name = 'taken'
		try:
			c.wstat(f, d)
			return 'rename over an existing file succeeded'
		except p9.Error:
			pass
		d.name = 'renamed'
		c.wstat(f, d)
		if os.path.exists(path) or not os.path.exists(os.path.join(root, 'renamed')):
			return 'rename did not happen'
		if c.stat(f).name != 'renamed':
			return 'fid does not follow the rename'
		d.name = '../escape'
		try:
			c.wstat(f, d)
			return 'rename with / succeeded'
		except p9.Error:
			pass
		d = p9.nulldir()
		d.uid = 'nosuchuser'
		try:
			c.wstat(f, d)
			return 'chown succeeded'
		except p9.Error:
			pass
		c.clunk(f)
		for n in ['renamed', 'taken']:
			f, _ = c.walk(fid, [n])
			c.remove(f)
		c.close()
	test(wstat_changes)

	def protocol_errors():
		c, fid, _ = session(tcpconn)
		checks = [
			('unknown fid', lambda: c.stat(999)),
			('fid in use', lambda: c.walk(fid, [], newfid=fid + 0) if False else c.rpc(p9.Tattach, struct.pack('<II', fid, p9.NOFID) + p9.s('u') + p9.s(''))),
			('walk nowhere', lambda: c.walk(fid, ['nonexistent'])),
			('read unopened', lambda: c.read(fid, 0, 10)),
			('open dir for write', lambda: c.open(fid, p9.OWRITE)),
			('auth', lambda: c.rpc(p9.Tauth, struct.pack('<I', 77) + p9.s('u') + p9.s(''))),
			('R-message', lambda: c.rpc(p9.Rerror, p9.s('x'))),
		]
		for what, fn in checks:
			try:
				fn()
				return '%s: no error' % what
			except p9.Error:
				pass
		f, qids = c.walk(fid, ['dir', 'nonexistent'])
		if f is not None or len(qids) != 1:
			return 'partial walk gave %r %r' % (f, qids)
		c.flush(4321)	# nothing outstanding: Rflush at once
		c.stat(fid)
		c.close()
	test(protocol_errors)

	def malformed_messages():
		import random
		rnd = random.Random(9)
		for i in range(200):
			c = tcpconn()
			c.version(8192)
			c.attach()
			typ = rnd.choice(range(100, 128))
			body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 40)))
			msg = struct.pack('<BH', typ, 5) + body
			c.sendraw(struct.pack('<I', len(msg) + 4) + msg)
			try:
				rtyp, rtag, _ = c.readmsg()
				if rtag != 5:
					return 'reply tag %d' % rtag
			except (p9.Hangup, ConnectionResetError):
				pass
			c.close()
		# a size field beyond msize: the connection may close, never crash
		c = tcpconn()
		c.version(8192)
		c.sendraw(struct.pack('<I', 10**9) + b'junk')
		c.close()
		c = tcpconn()
		c.sendraw(struct.pack('<I', 3))
		c.close()
		if tcp.poll() is not None:
			return 'ufs died: %r' % tcp.returncode
		c, fid, _ = session(tcpconn)
		c.stat(fid)
		c.close()
	test(malformed_messages)

	def hangup_mid_session():
		c, fid, _ = session(unixconn)
		f, _ = c.walk(fid, ['file'])
		c.open(f, p9.OREAD)
		c.sendraw(struct.pack('<I', 100) + b'\x74\x01')	# half a Tread
		c.close()
		c, fid, _ = session(unixconn)
		f, _ = c.walk(fid, ['file'])
		c.open(f, p9.OREAD)
		if c.readall(f) != b'hello, world\n':
			return 'second client read wrong data'
		c.close()
		if unx.poll() is not None:
			return 'ufs died'
	test(hangup_mid_session)

	def unix_socket_and_debug():
		c, fid, _ = session(unixconn, msize=1 << 20)
		if c.msize > 128 * 1024 + 24:
			return 'msize %d not limited' % c.msize
		d = c.stat(fid)
		c.close()
		time.sleep(0.2)
		log = open(os.path.join(top, 'unix.err')).read()
		if 'Tattach' not in log or 'Rstat' not in log:
			return '-debug=1 log lacks messages: %r' % log[-300:]
		if not d.mode & p9.DMDIR:
			return 'root mode %o' % d.mode
	test(unix_socket_and_debug)

	def version_resets_fids():
		c, fid, _ = session(tcpconn)
		c.version(8192)
		try:
			c.stat(fid)
			return 'fid survived Tversion'
		except p9.Error:
			pass
		c.close()
	test(version_resets_fids)

	def many_clients_at_once():
		# an idle client, one stalled in the middle of a message and
		# one sending garbage must not delay four that work together
		idle, _, _ = session(tcpconn)
		stalled = tcpconn()
		stalled.version(8192)
		stalled.sendraw(struct.pack('<I', 4000) + b'\x76\x01\x00')	# a third of a Twrite
		junk = unixconn()
		junk.sendraw(b'\x05\x00\x00\x00')	# a size under 7, then silence
		errs = []

		def reader(conn):
			try:
				c, fid, _ = session(conn)
				for _ in range(20):
					f, _ = c.walk(fid, ['dir', 'inner'])
					c.open(f, p9.OREAD)
					if c.readall(f) != b'x' * 5000:
						errs.append('wrong data')
					c.clunk(f)
				c.close()
			except Exception as e:
				errs.append('%s: %s' % (type(e).__name__, e))
		t0 = time.time()
		ts = [threading.Thread(target=reader, args=(conn,)) for conn in (tcpconn, unixconn) * 2]
		for t in ts:
			t.start()
		for t in ts:
			t.join(20)
		took = time.time() - t0
		# the idle and stalled clients are still served afterwards
		idle.stat(1)
		for c in (idle, stalled, junk):
			c.close()
		if errs:
			return 'concurrent readers: %s' % errs[0]
		if took > 5:
			return 'four readers took %.1fs beside stalled clients' % took
	test(many_clients_at_once)

	def read_far_past_end():
		c, fid, _ = session(tcpconn)
		f, _ = c.walk(fid, ['file'])
		c.open(f, p9.OREAD)
		for off in ((1 << 63) - 1, 1 << 63, (1 << 64) - 1, 1 << 40):
			got = c.read(f, off, 100)
			if got != b'':
				return 'read at %d gave %r' % (off, got)
		c.close()
	test(read_far_past_end)

	def attach_before_version():
		for conn in (tcpconn, unixconn):
			c = conn()
			try:
				c.attach()
				return 'attach before version succeeded'
			except p9.Error:
				pass
			# and after a refused version, as well
			c.version(8192, version='9P1999')
			try:
				c.attach()
				return 'attach after an unknown version succeeded'
			except p9.Error:
				pass
			c.version(8192)
			c.attach()
			c.close()
	test(attach_before_version)

	def plan9_error_strings():
		# the words intro(5) and Plan 9's file servers use, which
		# other clients (Linux's net/9p/error.c) map back to errno
		c, fid, _ = session(tcpconn)
		os.makedirs(os.path.join(root, 'full', 'x'), exist_ok=True)
		want = []
		f, _ = c.walk(fid, ['full'])
		want.append(('remove non-empty', lambda: c.remove(f), 'directory is not empty'))
		want.append(('walk missing', lambda: c.walk(fid, ['nonesuch']), 'file does not exist'))
		g, _ = c.walk(fid, [])
		want.append(('create existing', lambda: c.create(g, 'file', 0o644, p9.OREAD), 'file already exists'))
		for what, fn, ename in want:
			try:
				fn()
				return '%s succeeded' % what
			except p9.Error as e:
				if str(e) != ename:
					return '%s: %r, want %r' % (what, str(e), ename)
		c.close()
	test(plan9_error_strings)

	def symlink_swapped_under_walk():
		# fids walked into sw/ and sw/in/; then the host swaps sw for
		# a symlink to a directory outside the root with the same names
		out = os.path.join(top, 'outside')
		os.makedirs(os.path.join(out, 'in'))
		with open(os.path.join(out, 'in', 'secret'), 'w') as fh:
			fh.write('secret')
		os.makedirs(os.path.join(root, 'sw', 'in'))
		with open(os.path.join(root, 'sw', 'in', 'secret'), 'w') as fh:
			fh.write('inside')
		c, fid, _ = session(tcpconn)
		f, _ = c.walk(fid, ['sw', 'in', 'secret'])
		d, _ = c.walk(fid, ['sw', 'in'])
		os.rename(os.path.join(root, 'sw'), os.path.join(top, 'sw.old'))
		os.symlink(out, os.path.join(root, 'sw'))
		tries = [
			('open', lambda: c.open(f, p9.OREAD)),
			('stat', lambda: c.stat(f)),
			('walk', lambda: c.walk(d, ['secret'])),
			('create', lambda: c.create(c.walk(d, [])[0], 'made', 0o644, p9.OWRITE)),
		]
		# a walk stops at the symlink (a partial Rwalk), never past it
		if len(c.walk(fid, ['sw', 'in'])[1]) == 2:
			return 'walk from root went through the symlink'
		for what, fn in tries:
			try:
				fn()
				return '%s through a swapped-in symlink succeeded' % what
			except p9.Error:
				pass
		if os.path.exists(os.path.join(out, 'in', 'made')):
			return 'created a file outside the root'
		c.close()
	test(symlink_swapped_under_walk)

	def wstat_checked_whole():
		# a wstat with a good length and a group that does not exist
		# changes nothing at all
		path = os.path.join(root, 'whole')
		with open(path, 'wb') as fh:
			fh.write(b'0123456789')
		c, fid, _ = session(tcpconn)
		f, _ = c.walk(fid, ['whole'])
		d = p9.nulldir()
		d.length = 3
		d.gid = 'no-such-group-here'
		try:
			c.wstat(f, d)
			return 'wstat to an unknown group succeeded'
		except p9.Error:
			pass
		c.close()
		if os.path.getsize(path) != 10:
			return 'length changed to %d by a refused wstat' % os.path.getsize(path)
	test(wstat_checked_whole)


if __name__ == '__main__':
	main()
