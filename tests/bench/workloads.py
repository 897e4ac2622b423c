"""The workloads 9q and Linux both run, for tests/bench/{v9p,vcon,linux,compare}.

One host directory (a 64 MiB random file `big`, a directory `many` of
2000 small files) is shared as virtio-9p tag harvtmp, and one named
virtio-serial port (virtserialport name=bench, flow controlled) has
this process as its host end.  Both guests get exactly these devices
on the same QEMU, and type the same commands in their own syntax
(NineQ and Linux below):

	read MSIZE	dd of big to /dev/null, 128 KiB blocks
	write MSIZE	dd of a copy of big in the guest's RAM file system to the share, 128 KiB blocks
	read 8K		dd of big to /dev/null, 8 KiB blocks (msize 131096)
	ls -l		ls -l of the 2000 files to /dev/null (msize 131096)
	serial in	16 MiB from the host to the guest (sha1 in the guest)
	serial out	16 MiB from the guest to the host (sha1 on the host)

Every figure is checked: the read path by the sha1 of the copy it
makes, each write by the host file's sha1, dd's block counts, the
number of entries ls lists, the serial data by sha1 both ways.  A
failed check raises Failed.  Each figure is the median of REPEAT
timings in one boot.  9q is timed from the Enter that starts a
command to its next prompt, less the same for an empty line; Linux by
its own monotonic clock around the command (linuxguest.py).  MB is 10^6
bytes.
"""

import hashlib
import os
import re
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from harness import PROMPT, Qemu, ConsoleError  # noqa: E402
import linuxguest  # noqa: E402

MIB = 1 << 20
MB = 1e6
SIZE = 64 * MIB
NFILES = 2000
SERIAL = 16 * MIB
MSIZES = (131096, 512000)
MEMORY = '512M'
REPEAT = 3		# timings of each figure per boot, of which the median counts

# metric names in the order they are printed, and their units
METRICS = [
	('read 131096', 'MB/s'), ('write 131096', 'MB/s'), ('read 8K', 'MB/s'),
	('ls -l 2000', 'ms'), ('read 512000', 'MB/s'), ('write 512000', 'MB/s'),
	('serial in', 'MB/s'), ('serial out', 'MB/s'),
]
NINEP = [m for m, _ in METRICS if not m.startswith('serial')]


class Failed(Exception):
	"""A benchmark's check failed: its figure means nothing."""


def sha1(b):
	return hashlib.sha1(b).hexdigest()


def filesha1(path):
	h = hashlib.sha1()
	with open(path, 'rb') as f:
		for b in iter(lambda: f.read(MIB), b''):
			h.update(b)
	return h.hexdigest()


class Share:
	"""The host side: the shared directory and the serial port's socket."""

	def __init__(self):
		self.dir = tempfile.mkdtemp(prefix='9q-bench-')
		self.root = os.path.join(self.dir, 'share')
		os.mkdir(self.root)
		self.big = os.urandom(SIZE)
		self.bigsha1 = sha1(self.big)
		with open(os.path.join(self.root, 'big'), 'wb') as f:
			f.write(self.big)
		os.mkdir(os.path.join(self.root, 'many'))
		for i in range(NFILES):
			with open(os.path.join(self.root, 'many', 'file%04d' % i), 'w') as f:
				f.write('x' * (i % 100))
		self.sock = os.path.join(self.dir, 'bench.sock')
		self.listener = None
		self.conn = None

	def qemuargs(self):
		"""The devices, the same for both guests; call before each boot."""
		if self.listener:
			self.listener.close()
		if os.path.exists(self.sock):
			os.unlink(self.sock)
		self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
		self.listener.bind(self.sock)
		self.listener.listen(1)
		return ['-device', 'virtio-9p-pci,fsdev=fsb,mount_tag=harvtmp',
			'-fsdev', 'local,path=%s,id=fsb,security_model=none' % self.root,
			'-device', 'virtio-serial-pci',
			'-device', 'virtserialport,chardev=bench,name=bench',
			'-chardev', 'socket,id=bench,path=%s' % self.sock]

	def accept(self):
		"""The connection QEMU made to the port's socket at its start."""
		if self.conn:
			self.conn.close()
		self.listener.settimeout(30)
		self.conn, _ = self.listener.accept()
		self.conn.settimeout(None)

	def hangup(self):
		for s in (self.conn, self.listener):
			if s:
				s.close()
		self.conn = self.listener = None

	def close(self):
		self.hangup()
		shutil.rmtree(self.dir, ignore_errors=True)

	def checkwritten(self, name, what):
		path = os.path.join(self.root, name)
		try:
			got = filesha1(path)
			os.unlink(path)
		except OSError as e:
			raise Failed('%s: %s on the host: %s' % (what, name, e))
		if got != self.bigsha1:
			raise Failed('%s: %s on the host has sha1 %s, %s was written' % (what, name, got, self.bigsha1))

	def hostlimits(self):
		"""The host's own read and write of the same bytes (page cache
		warm), 128 KiB at a time: what no guest can beat."""
		buf = bytearray(128 * 1024)
		path = os.path.join(self.root, 'big')
		best = {}
		for _ in range(3):
			with open(path, 'rb', buffering=0) as f:
				t0 = time.perf_counter()
				while f.readinto(buf):
					pass
				best['read'] = max(best.get('read', 0), SIZE / (time.perf_counter() - t0) / MB)
			out = os.path.join(self.root, 'hostout')
			view = memoryview(self.big)
			with open(out, 'wb', buffering=0) as f:
				t0 = time.perf_counter()
				for off in range(0, SIZE, len(buf)):
					f.write(view[off:off + len(buf)])
				best['write'] = max(best.get('write', 0), SIZE / (time.perf_counter() - t0) / MB)
			os.unlink(out)
		return best


class SerialIn:
	"""The host writing n bytes of big to the port, from a thread."""

	def __init__(self, share, n):
		self.data = share.big[:n]
		self.error = None
		self.th = threading.Thread(target=self.send, args=(share.conn,), daemon=True)
		self.th.start()

	def send(self, c):
		try:
			c.sendall(self.data)
		except OSError as e:
			self.error = e

	def wait(self):
		self.th.join(60)
		if self.th.is_alive() or self.error:
			raise Failed('serial in: the host could not send: %s' % (self.error or 'stuck'))


class SerialOut:
	"""The host reading n bytes from the port, from a thread."""

	def __init__(self, share, n):
		self.n = n
		self.got = 0
		self.h = hashlib.sha1()
		self.error = None
		self.th = threading.Thread(target=self.recv, args=(share.conn,), daemon=True)
		self.th.start()

	def recv(self, c):
		c.settimeout(20)
		try:
			while self.got < self.n:
				b = c.recv(min(MIB, self.n - self.got))
				if not b:
					break
				self.got += len(b)
				self.h.update(b)
		except OSError as e:
			self.error = e
		c.settimeout(None)

	def wait(self, want, who):
		self.th.join(60)
		if self.th.is_alive() or self.error or self.got != self.n:
			raise Failed('%s: serial out: host got %d of %d bytes%s' % (who, self.got, self.n,
				': %s' % self.error if self.error else ''))
		if self.h.hexdigest() != want:
			raise Failed('%s: serial out: host got sha1 %s, guest sent %s' % (who, self.h.hexdigest(), want))


def records(out, n, what):
	"""dd said it read and wrote n whole blocks."""
	if not re.search(r'^%d\+0 records in\n%d\+0 records out$' % (n, n), out, re.M):
		raise Failed('%s: dd did not copy %d blocks: %r' % (what, n, out))


def shaof(out, what):
	m = re.search(r'\b([0-9a-f]{40})\b', out)
	if m is None:
		raise Failed('%s: no sha1 in %r' % (what, out))
	return m.group(1)


class Guest:
	"""What both guests say alike."""

	tmp = '/tmp'

	def sha1sum(self, f):
		return 'sha1sum ' + f

	def lscount(self, d):
		return 'ls -l %s | grep -c file' % d


class NineQ(Guest):
	"""9q at its shell (a harness.Qemu), in Plan 9's words."""

	name = '9q'

	def __init__(self, q, dialect='9P2000.u'):
		self.q = q
		self.dialect = dialect
		self.base = min(self.enter('')[1] for _ in range(3))

	def enter(self, cmd, timeout=600):
		"""Type cmd, wait for its echo, press Enter: (output, seconds
		from Enter to the next prompt)."""
		q = self.q
		q.pos = len(q.text)
		q.send(cmd)
		q.expect(re.escape(cmd), 30)
		start = q.pos
		t0 = time.monotonic()
		q.writeall(q.newline.encode())
		m = q.expect(re.escape(PROMPT), timeout)
		t = time.monotonic() - t0
		return q.text[start:m.start()].lstrip('\n'), t

	def timed(self, cmd, timeout=600):
		out, t = self.enter(cmd, timeout)
		return out, max(t - self.base, 1e-6)

	def run(self, cmd, timeout=120):
		out = self.q.run(cmd + '; echo status $status', timeout)
		m = re.search(r'status (.*)\n\Z', out)
		if m is None or m.group(1).strip('|') != '':	# a pipeline's status: each part's, joined by |
			raise Failed('9q: %s: %r' % (cmd, out))
		return out[:m.start()]

	def mount(self, msize):
		self.run("mount -c -d '#9' /dev/null /mnt 'harvtmp %s msize=%d'" % (self.dialect, msize))
		tags = self.run('cat /dev/mtags')
		if not re.search(r'^harvtmp:%s:%d:' % (re.escape(self.dialect), msize), tags, re.M):
			raise Failed('9q: %s msize %d not agreed: %r' % (self.dialect, msize, tags))

	def unmount(self):
		self.run('unmount /mnt')

	def dd(self, src, dst, bs, count=None):
		c = 'dd -if %s -of %s -bs %d' % (src, dst, bs)
		return c + (' -count %d' % count if count else '')

	def port(self):
		return '/dev/virtcon/port/bench'

	def serialin(self, port, n):
		return '/test/vcontest in %s %d' % (port, n)


class Linux(Guest):
	"""A Linux guest (linuxguest.LinuxGuest), in busybox's words."""

	name = 'Linux'

	def __init__(self, g):
		self.g = g

	def timed(self, cmd, timeout=600):
		try:
			return self.g.timed(cmd, timeout)
		except linuxguest.GuestError as e:
			raise Failed(str(e))

	def run(self, cmd, timeout=120):
		try:
			return self.g.run(cmd, timeout)
		except linuxguest.GuestError as e:
			raise Failed(str(e))

	def mount(self, msize):
		self.run('mount -t 9p -o trans=virtio,version=9p2000.u,cache=none,msize=%d harvtmp /mnt' % msize)
		opts = self.run('grep " /mnt 9p " /proc/mounts')
		if 'msize=%d' % msize not in opts:
			raise Failed('Linux: msize %d not agreed: %r' % (msize, opts))

	def unmount(self):
		self.run('umount /mnt')

	def dd(self, src, dst, bs, count=None):
		c = 'dd if=%s of=%s bs=%d' % (src, dst, bs)
		return c + (' count=%d' % count if count else '')

	def port(self):
		out = self.run('for p in /sys/class/virtio-ports/*; do '
			'[ "$(cat $p/name)" = bench ] && echo /dev/${p##*/}; done; true')
		ports = out.split()
		if len(ports) != 1:
			raise Failed('Linux: no single virtio port named bench: %r' % out)
		return ports[0]

	def serialin(self, port, n):
		# whole 64 KiB blocks (a read of the port returns what one buffer held)
		return 'dd if=%s bs=65536 count=%d iflag=fullblock | sha1sum' % (port, n // 65536)


def timed(guest, cmd, check):
	"""The median of REPEAT timings of cmd, each one checked."""
	ts = []
	for _ in range(REPEAT):
		out, t = guest.timed(cmd)
		check(out)
		ts.append(t)
	return statistics.median(ts)


def ninep(guest, share):
	"""The 9P figures of one booted guest: {metric: MB/s or ms}."""
	r = {}
	big, copy = '/mnt/big', guest.tmp + '/big'
	for msize in MSIZES:
		guest.mount(msize)
		what = '%s: read %d' % (guest.name, msize)
		# the read path's check: a copy in 128 KiB blocks, with its sha1
		records(guest.run(guest.dd(big, copy, 131072)), SIZE // 131072, what)
		got = shaof(guest.run(guest.sha1sum(copy)), what)
		if got != share.bigsha1:
			raise Failed('%s: copy of big has sha1 %s, host has %s' % (what, got, share.bigsha1))
		t = timed(guest, guest.dd(big, '/dev/null', 131072), lambda out: records(out, SIZE // 131072, what))
		r['read %d' % msize] = SIZE / t / MB

		def written(out, what='%s: write %d' % (guest.name, msize)):
			records(out, SIZE // 131072, what)
			share.checkwritten('out', what)
		t = timed(guest, guest.dd(copy, '/mnt/out', 131072), written)
		r['write %d' % msize] = SIZE / t / MB
		if msize == MSIZES[0]:
			t = timed(guest, guest.dd(big, '/dev/null', 8192), lambda out: records(out, SIZE // 8192, guest.name + ': read 8K'))
			r['read 8K'] = SIZE / t / MB
			t = timed(guest, 'ls -l /mnt/many > /dev/null', lambda out: None)
			n = guest.run(guest.lscount('/mnt/many')).strip()
			if n != str(NFILES):
				raise Failed('%s: ls -l of %d files listed %s' % (guest.name, NFILES, n))
			r['ls -l 2000'] = t * 1e3
		guest.unmount()
	return r


def serial(guest, share, n=SERIAL):
	"""The virtio-serial figures: {'serial in': MB/s, 'serial out': MB/s}.
	Both guests read from the port what the host sent and print its
	sha1; they write to it the first n bytes of their copy of big."""
	port = guest.port()
	want = sha1(share.big[:n])
	ins, outs = [], []
	bs = 65536
	for _ in range(REPEAT):
		sender = SerialIn(share, n)
		out, t = guest.timed(guest.serialin(port, n))
		sender.wait()
		got = shaof(out, guest.name + ': serial in')
		if got != want:
			raise Failed('%s: serial in: guest read sha1 %s, host sent %s' % (guest.name, got, want))
		ins.append(t)
		receiver = SerialOut(share, n)
		out, t = guest.timed(guest.dd(guest.tmp + '/big', port, bs, n // bs))
		records(out, n // bs, guest.name + ': serial out')
		receiver.wait(want, guest.name)
		outs.append(t)
	return {'serial in': n / statistics.median(ins) / MB, 'serial out': n / statistics.median(outs) / MB}


def inflight(guest, n=8):
	"""n readers of big at once in 9q at msize 512000 (tests/guest/readers.c):
	(aggregate MB/s, the most requests mtags saw in flight).  QEMU's 9p
	server answers at least that fast with that many requests waiting."""
	guest.mount(MSIZES[1])
	guest.run('/test/readers 1 /mnt/big', 300)	# host cache and guest warm
	out = guest.run('/test/readers %d /mnt/big' % n, 300)
	m = re.search(r'^readers: %d x (\d+) bytes in \d+ ms: (\d+) MB/s$' % n, out, re.M)
	if m is None or int(m.group(1)) != SIZE:
		raise Failed('9q: %d readers: %r' % (n, out))
	tags = guest.run('cat /dev/mtags')
	most = re.search(r'^harvtmp:[^:]+:\d+:\d+:(\d+)$', tags, re.M)
	guest.unmount()
	return int(m.group(2)), int(most.group(1)) if most else 0


def stage(guest):
	"""The guest's copy of big, which serial() writes out, when ninep()
	has not made it."""
	guest.mount(MSIZES[0])
	guest.run(guest.dd('/mnt/big', guest.tmp + '/big', 131072))
	guest.unmount()


def bootnineq(share, log=None):
	"""9q with the benchmark's devices, its copy of big in /tmp made by
	the caller's ninep() (or here, for serial alone)."""
	q = Qemu(memory=MEMORY, smp=1, extra_args=share.qemuargs(), log=log)
	q.start()
	try:
		share.accept()
		q.expect_prompt(120)
	except (ConsoleError, OSError) as e:
		q.kill()
		raise Failed('9q did not boot: %s' % e)
	return q


def bootlinux(share, log=None):
	g = linuxguest.LinuxGuest(extra_args=share.qemuargs(), memory=MEMORY, log=log)
	try:
		g.start()
		share.accept()
	except (ConsoleError, OSError, linuxguest.GuestError) as e:
		g.kill()
		raise Failed('Linux did not boot: %s' % e)
	return g


def nineqround(share, which=('9p', 'serial'), dialect='9P2000.u'):
	"""Boot 9q, run the workloads, stop it: {metric: figure}."""
	q = bootnineq(share)
	try:
		g = NineQ(q, dialect)
		r = {}
		if '9p' in which:
			r.update(ninep(g, share))
		else:
			stage(g)
		if 'serial' in which:
			r.update(serial(g, share))
		if 'inflight' in which:
			r['readers 8'], r['in flight'] = inflight(g)
		bad = q.unexpected()
		if bad:
			raise Failed('9q: ' + '; '.join(bad))
		return r
	except ConsoleError as e:
		raise Failed('9q: %s' % e)
	finally:
		q.kill()
		share.hangup()


def linuxround(share):
	"""Boot Linux, run the workloads, stop it: {metric: figure}."""
	g = bootlinux(share)
	try:
		lx = Linux(g)
		r = ninep(lx, share)
		r.update(serial(lx, share))
		return r
	except ConsoleError as e:
		raise Failed('Linux: %s' % e)
	finally:
		g.kill()
		share.hangup()


def fmt(metric, v):
	return '%.0f ms' % v if metric.startswith('ls') else '%.1f MB/s' % v
