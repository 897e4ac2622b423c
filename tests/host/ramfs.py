#!/usr/bin/env python3
"""Host test of cmd/ramfs: builds cmd/ramfs.c with the host cc, its
libraries (lib9p, lib/9p, fmt) and tests/host/ramfsshim.c, under
AddressSanitizer, then talks 9P2000 to `ramfs -i` over its standard
input and output with the independent client p9.py.  Prints
`ok NAME` / `FAIL NAME: why`.

	python3 tests/host/ramfs.py"""

import os
import struct
import subprocess
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import p9  # noqa: E402

SRC = ['cmd/ramfs.c', 'tests/host/ramfsshim.c', 'lib/lib9p/srv.c', 'lib/lib9p/dirread.c',
	'lib/9p/convM2S.c', 'lib/9p/convS2M.c', 'lib/9p/convM2D.c', 'lib/9p/convD2M.c',
	'lib/9p/fcallfmt.c', 'lib/libc/fmt.c', 'lib/libc/fmtfd.c', 'lib/libc/string.c',
	'lib/libc/strtol.c', 'lib/libc/utf.c']
CFLAGS = ['-std=gnu2x', '-O1', '-g', '-Wall', '-Wno-main', '-Wno-missing-braces',
	'-Wno-parentheses', '-fno-builtin', '-fsanitize=address,undefined',
	'-fno-sanitize-recover=undefined', '-Isys/include']
failed = 0


def result(name, good, why=''):
	global failed
	if good:
		print('ok ramfs %s' % name, flush=True)
	else:
		failed += 1
		print('FAIL ramfs %s: %s' % (name, why), flush=True)


class Ramfs:
	"""ramfs -i as a child; its stderr (sanitizer reports) is kept."""

	def __init__(self, exe, tmp):
		self.err = tempfile.TemporaryFile(dir=tmp)
		self.p = subprocess.Popen([exe, '-i'], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
			stderr=self.err, env=dict(os.environ, ASAN_OPTIONS='detect_leaks=1'))

	def client(self):
		def send(b):
			self.p.stdin.write(b)
			self.p.stdin.flush()
		return p9.Client(send, lambda n: os.read(self.p.stdout.fileno(), n), self.p.stdin.close)

	def finish(self):
		"""Close its input; return (exit status, stderr)."""
		try:
			self.p.stdin.close()
		except OSError:
			pass
		rc = self.p.wait(30)
		self.err.seek(0)
		return rc, self.err.read().decode(errors='replace')


def test(exe, tmp, fn):
	"""Run fn(client) on a fresh ramfs; it must also exit cleanly at EOF."""
	r = Ramfs(exe, tmp)
	try:
		c = r.client()
		c.version(8192)
		fid, _ = c.attach('glenda')
		why = fn(c, fid)
	except Exception as e:
		why = '%s: %s\n%s' % (type(e).__name__, e, traceback.format_exc())
	rc, err = r.finish()
	if why is None and (rc != 0 or 'Sanitizer' in err or 'runtime error' in err):
		why = 'exit status %d: %s' % (rc, err[-2000:])
	result(fn.__name__, why is None, why or '')


def walks(c, fid, names):
	"""Does the whole walk succeed?  (Its new fid is clunked.)"""
	try:
		f, _ = c.walk(fid, names)
	except p9.Error:
		return False
	if f is not None:
		c.clunk(f)
	return f is not None


def mkfile(c, dirfid, name, perm=0o664, mode=p9.ORDWR):
	f, _ = c.walk(dirfid, [])
	c.create(f, name, perm, mode)
	return f


def write_read_big(c, root):
	f = mkfile(c, root, 'big')
	data = os.urandom(1 << 20)
	step = c.msize - 24
	for off in range(0, len(data), step):
		if c.write(f, off, data[off:off + step]) != len(data[off:off + step]):
			return 'short write'
	if c.readall(f) != data:
		return 'read back differs'
	if c.stat(f).length != len(data):
		return 'length %d' % c.stat(f).length
	# unaligned reads across chunk boundaries
	for off, n in [(8191, 2), (8000, 5000), (len(data) - 3, 100)]:
		if c.read(f, off, n) != data[off:off + n]:
			return 'read at %d of %d differs' % (off, n)


def holes_and_truncate(c, root):
	f = mkfile(c, root, 'sparse')
	c.write(f, 100000, b'end')
	d = c.read(f, 0, 8000)
	if d != b'\0' * 8000:
		return 'hole not zeros'
	if c.stat(f).length != 100003:
		return 'length %d' % c.stat(f).length
	d = p9.nulldir()
	d.length = 10
	c.wstat(f, d)
	c.write(f, 20, b'x')
	if c.readall(f) != b'\0' * 20 + b'x':
		return 'truncated data not zeroed on regrowth'
	c.clunk(f)
	g, _ = c.walk(root, ['sparse'])
	c.open(g, p9.OWRITE | p9.OTRUNC)
	if c.stat(g).length != 0:
		return 'OTRUNC left %d bytes' % c.stat(g).length


def directories(c, root):
	d = mkfile(c, root, 'd', p9.DMDIR | 0o775, p9.OREAD)
	names = ['n%03d-%s' % (i, 'y' * 30) for i in range(100)]
	for n in names:
		g, _ = c.walk(root, ['d'])
		c.create(g, n, 0o644, p9.OWRITE)
		c.write(g, 0, n.encode())
		c.clunk(g)
	c.clunk(d)
	d, _ = c.walk(root, ['d'])
	c.open(d, p9.OREAD)
	got = c.listdir(d, chunk=300)
	if sorted(x.name for x in got) != names:
		return 'listing has %d of %d' % (len(got), len(names))
	for x in got:
		if x.length != len(x.name) or x.uid != 'glenda' or x.mode != 0o644:
			return 'entry %r uid %r' % (x, x.uid)
	g, _ = c.walk(root, ['d'])
	bad = c.countsweep(g, names, 120, 8192 - 24)
	c.clunk(g)
	if bad:
		return 'count %d listed %d of %d names' % (bad[0], bad[1], len(names))
	try:
		c.read(d, 5, 300)
		return 'bad directory offset accepted'
	except p9.Error:
		pass
	g, qids = c.walk(root, ['d', '..', 'd', '..', '..', 'd', names[5]])
	if g is None or len(qids) != 7 or qids[-1][0] & p9.QTDIR:
		return 'walk with .. failed: %r' % (qids,)
	e, _ = c.walk(root, ['d'])
	try:
		c.remove(e)
		return 'removed a non-empty directory'
	except p9.Error:
		pass
	if walks(c, root, ['d', 'nosuch']):
		return 'walk to a missing name succeeded'
	try:
		c.walk(root, ['d', names[0], 'deeper'])
	except p9.Error:
		return 'partial walk gave Rerror instead of Rwalk'


def remove_and_rclose(c, root):
	f = mkfile(c, root, 'gone')
	c.write(f, 0, b'still here')
	g, _ = c.walk(root, ['gone'])
	c.remove(g)
	if c.readall(f) != b'still here':
		return 'open fid lost its data on remove'
	if walks(c, root, ['gone']):
		return 'removed file still walks'
	h = mkfile(c, root, 'tmp', 0o600, p9.OWRITE | p9.ORCLOSE)
	c.clunk(h)
	if walks(c, root, ['tmp']):
		return 'ORCLOSE file still there'
	try:
		c.remove(root)
		return 'removed the root'
	except p9.Error:
		pass


def wstat_rename_mode(c, root):
	f = mkfile(c, root, 'a')
	mkfile(c, root, 'b')
	d = p9.nulldir()
	d.name = 'b'
	try:
		c.wstat(f, d)
		return 'renamed over an existing file'
	except p9.Error:
		pass
	v0 = c.stat(f).qid[1]
	d.name = 'c'
	d.mode = 0o600
	d.mtime = 12345
	c.wstat(f, d)
	s = c.stat(f)
	if s.name != 'c' or s.mode != 0o600 or s.mtime != 12345:
		return 'stat after wstat: %r mtime %d' % (s, s.mtime)
	if s.qid[1] == v0:
		return 'qid version did not change'
	c.write(f, 0, b'v')
	if c.stat(f).qid[1] == s.qid[1]:
		return 'write did not change the qid version'
	if walks(c, root, ['a']) or not walks(c, root, ['c']):
		return 'rename not visible in the directory'
	d = p9.nulldir()
	d.mode = p9.DMDIR | 0o777
	try:
		c.wstat(f, d)
		return 'turned a file into a directory'
	except p9.Error:
		pass
	d = p9.nulldir()
	d.uid = 'other'
	try:
		c.wstat(f, d)
		return 'changed the owner'
	except p9.Error:
		pass


def append_and_excl(c, root):
	f = mkfile(c, root, 'log', p9.DMAPPEND | 0o666, p9.OWRITE)
	c.write(f, 0, b'one')
	c.write(f, 0, b'two')
	g, _ = c.walk(root, ['log'])
	c.open(g, p9.OREAD)
	if c.readall(g) != b'onetwo':
		return 'append file has %r' % c.readall(g)
	mkfile(c, root, 'lock', p9.DMEXCL | 0o666, p9.OWRITE)
	h, _ = c.walk(root, ['lock'])
	try:
		c.open(h, p9.OREAD)
		return 'opened an exclusive file twice'
	except p9.Error:
		pass


def permissions(c, root):
	f = mkfile(c, root, 'private', 0o600, p9.OWRITE)
	c.write(f, 0, b'secret')
	o = p9.Client(c.sendraw, c.recvraw, c.closefn)
	o.nextfid = 100
	ofid, _ = o.attach('other')
	g, _ = o.walk(ofid, ['private'])
	try:
		o.open(g, p9.OREAD)
		return 'other user read a 0600 file'
	except p9.Error:
		pass
	try:
		o.create(o.walk(ofid, [])[0], 'x', 0o644, p9.OWRITE)
	except p9.Error:
		return 'other could not create in a 0777 root'
	d = mkfile(c, root, 'closed', p9.DMDIR | 0o700, p9.OREAD)
	if walks(o, ofid, ['closed', 'anything']):
		return 'walked into a 0700 directory'
	h, _ = o.walk(ofid, ['private'])
	try:
		o.remove(h)
	except p9.Error:
		return 'remove in a 0777 directory refused'


def protocol(c, root):
	for what, fn in [
		('unknown fid', lambda: c.stat(4242)),
		('read unopened', lambda: c.read(root, 0, 1)),
		('open dir OWRITE', lambda: c.open(root, p9.OWRITE)),
		('create "."', lambda: c.create(c.walk(root, [])[0], '.', 0o644, p9.OREAD)),
		('create "a/b"', lambda: c.create(c.walk(root, [])[0], 'a/b', 0o644, p9.OREAD)),
		('auth', lambda: c.rpc(p9.Tauth, struct.pack('<I', 9) + p9.s('u') + p9.s(''))),
	]:
		try:
			fn()
			return '%s: no error' % what
		except p9.Error:
			pass
	c.flush(999)
	garbage = struct.pack('<BH', p9.Twalk, 7) + b'\x01\x00\x00\x00\x02\x00\x00\x00\x05\x00\xff\xff'
	c.sendraw(struct.pack('<I', len(garbage) + 4) + garbage)
	typ, tag, _ = c.readmsg()
	if typ != p9.Rerror or tag != 7:
		return 'malformed Twalk got type %d tag %d' % (typ, tag)
	c.stat(root)


def main():
	tmp = tempfile.mkdtemp(prefix='ramfs-test-')
	exe = os.path.join(tmp, 'ramfs')
	b = subprocess.run(['cc'] + CFLAGS + ['-o', exe] + SRC, cwd=TOP,
		stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
	result('build', b.returncode == 0, b.stdout[-2000:])
	if b.returncode == 0:
		for fn in [write_read_big, holes_and_truncate, directories, remove_and_rclose,
				wstat_rename_mode, append_and_excl, permissions, protocol]:
			test(exe, tmp, fn)
	subprocess.run(['rm', '-rf', tmp])
	sys.exit(1 if failed else 0)


if __name__ == '__main__':
	main()
