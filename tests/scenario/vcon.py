"""/dev/virtcon (raw virtio-serial ports, kern/devvcon.c) and 9P over
virtio-serial (cmd/9pvpxy.c with util/ufs), with the seed page's QEMU
device lines: two virtio-9p shares, then a virtio-serial controller
with one virtconsole on a client-mode Unix socket, which the guest
names virtio-console-2.

raw:   the test itself listens on the socket and plays the host.
ninep: out/util/ufs serves a host directory on the socket; the guest
       runs the seed's srv/mount commands."""

import hashlib
import os
import random
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

from harness import test, boot, ROOT, check_irqalloc, Relay, share9p

CHECKS = 44		# result lines this file prints (tests/harness.py)

PORT = '/dev/virtcon/virtio-console-2'
UFS = os.path.join(ROOT, 'out/util/ufs')
LSLINE = re.compile(r'^--rw-rw-rw- C 0 \S+ \S+ 0 \w{3} [ \d]\d (?:\d\d:\d\d| \d{4}) '
	+ re.escape(PORT) + r'$', re.M)


class Host:
	"""Temporary directories for the seed's shares, and the socket path."""

	def __init__(self):
		self.dir = tempfile.mkdtemp(prefix='9q-vcon-')
		for d in ('harvtmp', 'hosttmp', 'share'):
			os.mkdir(os.path.join(self.dir, d))
		self.sock = os.path.join(self.dir, 'vc02')
		self.ufs = None

	def args(self):
		return [a for tag in ('harvtmp', 'hosttmp') for a in share9p(os.path.join(self.dir, tag), tag)] + [
			'-device', 'virtio-serial-pci,max_ports=1',
			'-device', 'virtconsole,chardev=vc02',
			'-chardev', 'socket,id=vc02,path=%s' % self.sock]

	def share(self, *p):
		return os.path.join(self.dir, 'share', *p)

	def startufs(self, sock, stderr=subprocess.DEVNULL, *flags):
		"""out/util/ufs serving share/ on Unix socket sock, once it listens."""
		self.ufs = subprocess.Popen([UFS, '-ntype=unix', '-addr=' + sock, '-root=' + self.share()] + list(flags),
			stdout=subprocess.DEVNULL, stderr=stderr)
		for _ in range(100):
			if os.path.exists(sock):
				break
			time.sleep(0.1)

	def close(self):
		if self.ufs is not None and self.ufs.poll() is None:
			self.ufs.kill()
			self.ufs.wait()
		shutil.rmtree(self.dir, ignore_errors=True)


def recvall(c, n, timeout=30):
	"""Up to n bytes from c, stopping after timeout seconds of silence."""
	c.settimeout(timeout)
	b = bytearray()
	try:
		while len(b) < n:
			d = c.recv(min(1 << 20, n - len(b)))
			if not d:
				break
			b += d
	except socket.timeout:
		pass
	return bytes(b)


def pattern(n):
	"""What `vcontest out` writes: a 64K block, repeated."""
	block = bytes((i * 7 + (i >> 8)) & 0xFF for i in range(65536))
	return (block * (n // 65536 + 1))[:n]


def reads(q, k, bufsize):
	out = q.run('/test/vcontest reads %s %d %d' % (PORT, k, bufsize))
	return re.findall(r"^read (\d+) '(.*)'$", out, re.M)


@test(timeout=300)
def raw(t):
	h = Host()
	ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
	try:
		ls.bind(h.sock)
		ls.listen(1)
		q = boot(memory='256M', extra_args=h.args())
		ls.settimeout(30)
		c, _ = ls.accept()
		q.expect_prompt(60)

		# the seed's one port (max_ports=1: no MULTIPORT), status, the empty port/
		out = q.run('ls -l /dev/virtcon; ls /dev/virtcon/port; cat /dev/virtcon/status')
		lines = out.strip().split('\n')
		t.check('ls', LSLINE.search(out) and len(lines) == 4
			and re.match(r'^d-r-xr-xr-x C 0 \S+ \S+ 0 .* /dev/virtcon/port$', lines[0])
			and re.match(r'^--r--r--r-- C 0 \S+ \S+ 0 .* /dev/virtcon/status$', lines[1])
			and lines[3] == 'virtio-console-2 - unknown',
			'ls -l /dev/virtcon said %r' % out)
		out = q.run('ls -l ' + PORT)
		t.check('lsfile', LSLINE.search(out), 'ls -l said %r' % out)
		names = [r.name for r in check_irqalloc(q.run('cat /dev/irqalloc'))]
		t.check('irqalloc', 'virtio-console-2' in names, 'names %r' % names)

		# host to guest: each read is what the host wrote, never padded
		before = [r for r in check_irqalloc(q.run('cat /dev/irqalloc')) if r.name == 'virtio-console-2']
		c.sendall(b'hello')
		time.sleep(0.5)
		r = reads(q, 1, 100)
		t.check('read5', r == [('5', 'hello')], 'reads %r' % r)
		after = [r for r in check_irqalloc(q.run('cat /dev/irqalloc')) if r.name == 'virtio-console-2']
		t.check('irqalloc.grows', len(before) == len(after) >= 1 and
			sum(r.count for r in after) > sum(r.count for r in before) and
			sum(r.cycles for r in after) > sum(r.cycles for r in before), '%r then %r' % (before, after))
		c.sendall(b'abc')
		time.sleep(0.5)
		c.sendall(b'defgh')
		time.sleep(0.5)
		r = reads(q, 2, 100)
		t.check('twowrites', r == [('3', 'abc'), ('5', 'defgh')], 'reads %r' % r)
		c.sendall(b'0123456789')
		time.sleep(0.5)
		r = reads(q, 4, 3)
		t.check('smallbuf', r == [('3', '012'), ('3', '345'), ('3', '678'), ('1', '9')],
			'reads %r' % r)

		# guest to host: exactly the bytes written
		q.run('echo -n hello > ' + PORT)
		got = recvall(c, 100, 2)
		t.check('write5', got == b'hello', 'host got %r' % got)
		q.run('echo one two three > ' + PORT)
		got = recvall(c, 100, 2)
		t.check('echo', got == b'one two three\n', 'host got %r' % got)
		# a stream: rc's >> seeks to the end and ignores the failure; dd's seek fails
		q.run('echo -n appended >> ' + PORT)
		got = recvall(c, 100, 2)
		t.check('offsetignored', got == b'appended', 'host got %r' % got)
		out = q.run('echo x | dd -oseek 1 -of %s; echo $status' % PORT)
		t.check('seekrefused', out.startswith('dd: %s: seek: seek on a stream\n' % PORT)
			and out.rstrip('\n').split('\n')[-1] != '', repr(out))
		got = recvall(c, 100, 1)
		t.check('seeksentnothing', got == b'', 'host got %r' % got)

		# an interrupted read leaves the port working and loses nothing
		q.sendline('cat ' + PORT)
		time.sleep(1)
		q.interrupt()
		q.expect_prompt(20)
		c.sendall(b'after')
		time.sleep(0.5)
		r = reads(q, 1, 100)
		t.check('interrupt', r == [('5', 'after')], 'reads %r' % r)

		# bulk, both ways
		data = os.urandom(1 << 20)
		sender = threading.Thread(target=lambda: (time.sleep(1), c.sendall(data)))
		sender.start()
		out = q.run('/test/vcontest in %s %d' % (PORT, len(data)), timeout=120)
		sender.join()
		m = re.search(r'in (\d+) bytes \d+ ns sha1 ([0-9a-f]{40})', out)
		t.check('bulkin', m and int(m.group(1)) == len(data)
			and m.group(2) == hashlib.sha1(data).hexdigest(), 'guest said %r' % out)
		# (QEMU drops what its socket cannot take at once: stay below that)
		box = {}
		receiver = threading.Thread(target=lambda: box.setdefault('b', recvall(c, 128 << 10, 10)))
		receiver.start()
		out = q.run('/test/vcontest out %s %d' % (PORT, 128 << 10), timeout=120)
		receiver.join()
		got = box.get('b', b'')
		t.check('bulkout', got == pattern(128 << 10),
			'host got %d bytes (%s); guest said %r' % (len(got),
			'same' if got == pattern(len(got)) else 'different', out))

		# errors
		out = q.run('/test/vcontest reads /dev/virtcon/nonesuch 1 1')
		t.check('nofile', 'does not exist' in out, 'said %r' % out)
		out = q.run('9pvpxy')
		t.check('usage', 'usage: 9pvpxy [-u|-L] file' in out, 'said %r' % out)
		out = q.run('9pvpxy /dev/virtcon/nonesuch; echo status $status')
		t.check('proxyerr', re.search(r'9pvpxy: /dev/virtcon/nonesuch: .*does not exist', out)
			and re.search(r'status \S', out), 'said %r' % out)
		c.close()
	finally:
		ls.close()
		h.close()


def hostsha1(path):
	with open(path, 'rb') as f:
		return hashlib.sha1(f.read()).hexdigest()


def guestls(out):
	"""{name: (mode, size)} from ls -l lines."""
	d = {}
	for m in re.finditer(r'^([-dalt][-rwx]{10}) \S+ \d+ \S+ \S+ +(\d+) .* (\S+)$', out, re.M):
		d[os.path.basename(m.group(3))] = (m.group(1), int(m.group(2)))
	return d


@test(timeout=400)
def ninep(t):
	h = Host()
	try:
		if not t.check('ufs', os.path.exists(UFS), '%s missing' % UFS):
			return
		with open(h.share('hello.txt'), 'w') as f:
			f.write('hello from the host\n')
		with open(h.share('big'), 'wb') as f:
			f.write(os.urandom(300 * 1024 + 17))
		os.mkdir(h.share('sub'))
		h.startufs(h.sock)
		q = boot(memory='256M', extra_args=h.args())
		q.expect_prompt(60)

		# the seed's mount point where the root has one, else a new one in /tmp
		mt = '/mnt/xxx'
		if 'yes' not in q.run('test -d /mnt/xxx && echo yes'):
			mt = '/tmp/xxx'
			q.run('mkdir -p ' + mt)
		out = q.run("srv -e '9pvpxy %s' vc2" % PORT)
		t.check('srv', out.strip() == '', 'srv said %r' % out)
		out = q.run('mount -c -n /srv/vc2 ' + mt)
		t.check('mount', out.strip() == '', 'mount said %r' % out)

		out = q.run('ls -l ' + mt)
		mine = guestls(out)
		want = {n: os.stat(h.share(n)).st_size for n in os.listdir(h.share())}
		t.check('ls', {n: s for n, (m, s) in mine.items() if not m.startswith('d')}
			== {n: s for n, s in want.items() if n != 'sub'} and mine.get('sub', ('',))[0].startswith('d'),
			'guest %r, host %r' % (mine, want))
		out = q.run('cat %s/hello.txt' % mt)
		t.check('cat', out == 'hello from the host\n', 'cat said %r' % out)
		out = q.run('sha1sum %s/big' % mt, timeout=120)
		t.check('readsha1', out.split()[:1] == [hostsha1(h.share('big'))],
			'guest %r host %s' % (out, hostsha1(h.share('big'))))

		q.run('cp /bin/rc %s/rc.copy' % mt, timeout=120)
		out = q.run('sha1sum /bin/rc')
		t.check('writesha1', os.path.exists(h.share('rc.copy'))
			and out.split()[:1] == [hostsha1(h.share('rc.copy'))],
			'guest %r; host file %s' % (out, os.path.exists(h.share('rc.copy'))
			and hostsha1(h.share('rc.copy'))))
		q.run('echo made in the guest > %s/new.txt' % mt)
		with open(h.share('new.txt')) as f:
			t.check('create', f.read() == 'made in the guest\n', 'new.txt differs')

		# the host server goes away: the stuck request is interrupted,
		# the proxy gives up on its Tflush and says so, the mount fails cleanly
		h.ufs.kill()
		h.ufs.wait()
		time.sleep(1)
		q.sendline('ls -l ' + mt)
		time.sleep(2)
		q.interrupt()
		m = q.find(r'9pvpxy: [^\n]*host gone[^\n]*\n', 60)
		t.check('proxysays', m is not None, 'no message from 9pvpxy: %r' % q.text[-300:])
		q.expect_prompt(30)
		out = q.run('ls ' + mt)
		t.check('deadmount', re.search(r'^ls: .+', out, re.M), 'ls said %r' % out)
		out = q.run('echo alive')
		t.check('alive', out == 'alive\n', 'echo said %r' % out)
	finally:
		h.close()


class Rechunker(Relay):
	"""Between QEMU's socket and ufs's: passes both streams through in
	pieces that do not follow 9P's framing, from 1 byte to several
	messages at once (bytes gathered for a few milliseconds, then cut
	at random), and counts messages that went in two or more pieces
	and pieces that held the end of one message and the start of
	another."""

	def __init__(self, listen, upstream, seed):
		self.rng = random.Random(seed)
		self.split = {'in': 0, 'out': 0}	# messages in 2+ pieces
		self.joined = {'in': 0, 'out': 0}	# pieces spanning a boundary
		Relay.__init__(self, listen, upstream)

	def pump(self, src, dst, way):
		left = 0	# bytes of the current message not yet passed on
		pieces = 0	# pieces the current message has gone in
		head = b''	# the start of a message whose size is not yet known
		while True:
			b = src.recv(65536)
			if not b:
				break
			src.settimeout(0.003)
			try:
				while len(b) < 200000:
					more = src.recv(65536)
					if not more:
						break
					b += more
			except socket.timeout:
				pass
			src.settimeout(None)
			i = 0
			while i < len(b):
				k = min(len(b) - i, self.rng.choice((1, 2, 3, 7, 100, 5000, 200000)))
				piece = b[i:i + k]
				# where messages start and end in this piece
				j, bounds = 0, 0
				while j < len(piece):
					if left == 0:
						need = 4 - len(head)
						head += piece[j:j + need]
						j += min(need, len(piece) - j)
						if len(head) < 4:
							break
						left = int.from_bytes(head, 'little') - 4
						head = b''
						pieces = 0
					take = min(left, len(piece) - j)
					left -= take
					j += take
					if left == 0:
						bounds += 1
						if pieces > 0:
							self.split[way] += 1
					else:
						pieces += 1
				if bounds > 1 or bounds == 1 and left + len(head) > 0:
					self.joined[way] += 1
				dst.sendall(piece)
				i += k


@test(timeout=400)
def ninep_pieces(t):
	"""9P over virtio-serial with both streams cut into pieces that do
	not follow its framing (util/ufs's reads and 9pvpxy's reads of the
	port each get part of a message, or the end of one and the start of
	the next): everything still arrives whole.  ufs runs with -debug=1:
	each message it got and sent is on its standard error, every request
	with one reply of its tag."""
	h = Host()
	relay = None
	try:
		with open(h.share('hello.txt'), 'w') as f:
			f.write('hello from the host\n')
		with open(h.share('big'), 'wb') as f:
			f.write(os.urandom(200 * 1024 + 5))
		ufsock = os.path.join(h.dir, 'ufs')
		dbg = open(os.path.join(h.dir, 'debug'), 'w+')
		h.startufs(ufsock, dbg, '-debug=1')
		relay = Rechunker(h.sock, ufsock, 9)
		q = boot(memory='256M', extra_args=h.args())
		q.expect_prompt(60)
		out = q.run("mkdir /tmp/v; srv -e '9pvpxy %s' vc2; mount -c -n /srv/vc2 /tmp/v && echo mounted" % PORT)
		t.check('mount', out == 'mounted\n', repr(out))
		out = q.run('cat /tmp/v/hello.txt; ls /tmp/v')
		t.check('cat', out == 'hello from the host\n/tmp/v/big\n/tmp/v/hello.txt\n', repr(out))
		# several requests in flight, so that pieces can join messages
		out = q.run('sha1sum /tmp/v/big & sha1sum /tmp/v/big & ls -l /tmp/v >/dev/null; wait', timeout=120)
		t.check('readsha1', out.split()[::2] == [hostsha1(h.share('big'))] * 2, repr(out))
		q.run('cp /bin/rc /tmp/v/rc.copy', timeout=120)
		out = q.run('sha1sum /bin/rc')
		t.check('writesha1', os.path.exists(h.share('rc.copy'))
			and out.split()[:1] == [hostsha1(h.share('rc.copy'))], repr(out))
		t.check('pieces', min(relay.split.values()) > 0 and min(relay.joined.values()) > 0,
			'messages split %r, pieces joining two %r' % (relay.split, relay.joined))
		q.kill()
		time.sleep(1)
		dbg.seek(0)
		lines = dbg.read().split('\n')
		t.check('debug.client', 'ufs: new client' in lines, repr(lines[:3]))
		t.check('debug.version', any(re.match(r"^<- Tversion tag 65535 msize \d+ version '9P2000'$", l)
			for l in lines) and any(re.match(r"^-> Rversion tag 65535 msize \d+ version '9P2000'$", l)
			for l in lines), repr(lines[:4]))
		asked = {}
		bad = []
		for l in lines:
			m = re.match(r'^(<-|->) ([TR])(\w+) tag (\d+)', l)
			if not m:
				continue
			key = m.group(4)
			if m.group(1) == '<-' and m.group(2) == 'T':
				if key in asked:
					bad.append('tag %s reused before its reply: %s' % (key, l))
				asked[key] = m.group(3)
			elif m.group(1) == '->' and m.group(2) == 'R':
				want = asked.pop(key, None)
				if want is None or m.group(3) not in (want, 'error'):
					bad.append('reply %s to %r' % (l, want))
			else:
				bad.append(l)
		reads = sum(1 for l in lines if l.startswith('<- Tread '))
		t.check('debug.pairs', not bad and not asked and reads >= 2, '%r; unanswered %r' % (bad[:5], asked))
	finally:
		if relay:
			relay.close()
		h.close()



class Stale(Relay):
	"""Between QEMU's socket and ufs's: before each Rversion ufs sends,
	the guest first gets what an earlier session could have left on the
	port: the last 37 bytes of a message cut off, then a whole Rread
	(tag 3) and Rclunk (tag 9) that nobody asked this session for."""

	JUNK = (b'x' * 37 + (4 + 1 + 2 + 4 + 100).to_bytes(4, 'little') + bytes([117]) + (3).to_bytes(2, 'little')
		+ (100).to_bytes(4, 'little') + b'd' * 100 + (7).to_bytes(4, 'little') + bytes([121]) + (9).to_bytes(2, 'little'))

	def __init__(self, listen, upstream):
		self.injected = 0
		Relay.__init__(self, listen, upstream)

	def pump(self, src, dst, way):
		if way == 'in':
			return Relay.pump(self, src, dst, way)
		buf = b''
		while True:
			b = src.recv(65536)
			if not b:
				return
			buf += b
			while len(buf) >= 5 and len(buf) >= int.from_bytes(buf[:4], 'little'):
				n = int.from_bytes(buf[:4], 'little')
				if buf[4] == 101:	# Rversion
					dst.sendall(self.JUNK)
					self.injected += 1
				dst.sendall(buf[:n])
				buf = buf[n:]

	def poison(self):
		"""Send the guest a header no 9P message has (type 3)."""
		self.socks[0].sendall((20).to_bytes(4, 'little') + bytes([3]) + (1).to_bytes(2, 'little') + bytes(13))


@test(timeout=300)
def ninep_stale(t):
	"""A new session on the seed's port (max_ports=1) starts clean:
	bytes an earlier session left before the server's Rversion (half a
	message, replies nobody waits for) are dropped, by 9pvpxy and by a
	direct mount of the port alike, and the mount works."""
	h = Host()
	relay = None
	try:
		with open(h.share('hello.txt'), 'w') as f:
			f.write('hello from the host\n')
		ufsock = os.path.join(h.dir, 'ufs')
		h.startufs(ufsock)
		relay = Stale(h.sock, ufsock)
		q = boot(memory='256M', extra_args=h.args())
		q.expect_prompt(60)
		out = q.run("mkdir /tmp/v; srv -e '9pvpxy %s' vc2; mount -c -n /srv/vc2 /tmp/v && cat /tmp/v/hello.txt" % PORT)
		t.check('proxy.mount', out.endswith('hello from the host\n') and relay.injected == 1,
			'%r (stale bytes sent %d times)' % (out, relay.injected))
		t.check('proxy.says', 'dropped %d bytes of an earlier session' % len(Stale.JUNK) in out, repr(out))
		# the proxy ends when its mount is gone; then the port itself is mounted
		before = q.run('ps | grep -c 9pvpxy')
		out = q.run('unmount /tmp/v; rm /srv/vc2; sleep 1; ps | grep -c 9pvpxy')
		t.check('proxy.ends', before.strip() == '3' and out.strip() == '0', 'ps said %r then %r' % (before, out))
		out = q.run('mkdir /tmp/w; mount -c %s /tmp/w && cat /tmp/w/hello.txt && echo made here > /tmp/w/new' % PORT)
		t.check('direct.mount', out == 'hello from the host\n' and relay.injected == 2,
			'%r (stale bytes sent %d times)' % (out, relay.injected))
		with open(h.share('new')) as f:
			got = f.read()
		t.check('direct.write', got == 'made here\n', repr(got))
		# bytes that cannot be 9P end 9pvpxy at once, and its mount fails rather than hangs
		out = q.run("unmount /tmp/w; srv -e '9pvpxy %s' vc3; mount -c -n /srv/vc3 /tmp/v && cat /tmp/v/hello.txt" % PORT)
		t.check('corrupt.mount', out.endswith('hello from the host\n') and relay.injected == 3, repr(out))
		relay.poison()
		said = q.find(r'9pvpxy: %s: corrupt 9P stream: not a 9P message type\r?\n' % re.escape(PORT), 30)
		out = q.run('ls /tmp/v; ps | grep -c 9pvpxy', timeout=30)
		t.check('corrupt.ends', said is not None and out == 'ls: /tmp/v: mount rpc error\n0\n', repr(out))
	finally:
		if relay:
			relay.close()
		h.close()
