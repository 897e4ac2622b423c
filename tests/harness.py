#!/usr/bin/env python3
"""9q scenario-test harness (Python 3 standard library only).

A scenario test boots 9q in QEMU, talks to it over the emulated COM1 UART
and checks what comes back, the way a person at a serial terminal would.

Writing a test, in tests/scenario/NAME.py:

	from harness import test, boot

	@test(timeout=60)
	def banner():
		with boot(memory='128M', smp=1) as q:
			q.expect(r'9q: ready in \\d+ us\\n')

	@test
	def shell(t):			# optional argument: sub-checks
		with boot() as q:
			q.expect_prompt()
			t.check('echo', q.run('echo hi') == 'hi\\n')

Each scenario file states CHECKS = N, the number of result lines its
tests print together (a test without sub-checks prints one); a file
that prints another number fails, so a check that silently stops
running is seen.

The kernel copies its own messages to QEMU's debug console, which the
harness reads apart from the serial console.  A test fails when the
kernel printed a line it did not expect (anything but the boot lines,
unless the test allows it: boot(kmesg_ok=[regex, ...]) or
q.allow(regex)), when QEMU wrote to its stderr (stderr_ok likewise),
or when QEMU exited by itself with a non-zero status.

Running: python3 tests/harness.py [-j N] [-k PATTERN] tests/scenario/*.py
Every test runs in its own child process (so one test's crash, hang or
leftover QEMU cannot affect another) and prints `ok NAME` or
`FAIL NAME: reason` followed by the tail of the console, each tail line
prefixed with "  | " so that runners counting ok/FAIL lines ignore it.

Tunables (environment):
	NINEQ_QEMU		QEMU binary (default qemu-system-x86_64)
	NINEQ_TYPE_CHUNK	bytes typed per burst (default 8; the UART FIFO holds 16)
	NINEQ_TYPE_DELAY	seconds between bursts (default 0.03)
	NINEQ_NEWLINE	what Enter sends: 'cr' (default, like a terminal) or 'lf'
	NINEQ_TIMEOUT_SCALE	multiplies every timeout (slow machines)
	NINEQ_LOGDIR		where full console logs go (default out/tests)
"""

import atexit
import codecs
import collections
import ctypes
import importlib.util
import inspect
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROMPT = 'term% '
TAIL_CHARS = 2500

# kernel lines every boot may print; anything else must be expected by the test
KMESG_OK = [re.compile(x) for x in (
	r'^9q: \d+M memory, \d+ cpus?$',
	r'^9q: ready in \d+ us$',
	r'^9q: halted$',
)]
# kernel lines that guest test programs cause on purpose
KMESG_NILDEREF = r'^nilderef \d+: suicide: sys: trap: fault write pc=0x[0-9a-f]+ addr=0$'
KMESG_USERTESTS = [	# its child writing to a kernel address, reading a detached segment; pageinfail's bigdata
	r'^usertests \d+: suicide: sys: trap: fault write pc=0x[0-9a-f]+ addr=0xffffffff80100000$',
	r'^usertests \d+: suicide: sys: trap: fault read pc=0x[0-9a-f]+ addr=0x400000000000$',
	r'^bigdata \d+: killed: i/o error in demand load: /mnt/bigdata: .+$']
# QEMU's stderr: only the line it writes when the harness stops it
STDERR_OK = [re.compile(r'terminating on signal')]


def envfloat(name, default):
	try:
		return float(os.environ.get(name, default))
	except ValueError:
		return default


TIMEOUT_SCALE = envfloat('NINEQ_TIMEOUT_SCALE', 1.0)


class ConsoleError(Exception):
	"""A console expectation failed; the message carries the console tail."""


class TestTimeout(Exception):
	pass


def tail(text, n=TAIL_CHARS):
	if len(text) > n:
		text = '...' + text[-n:]
	return text


def indent(text, prefix='  | '):
	return ''.join(prefix + l + '\n' for l in text.rstrip('\n').split('\n'))


# Every QEMU this process started and has not reaped, so that exits,
# signals and test timeouts can always kill them by PID; and every QEMU
# the current test started, to show their consoles when it fails.
live = set()
started = []


def killall():
	for q in list(live):
		q.kill()


libc = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG = 1


def ownsession():
	"""In a QEMU's child before exec: its own process group, so that
	kill() also reaches the QEMU behind a wrapper script (NINEQ_QEMU,
	run-qemu.sh); and killed with its test process, even one killed
	with SIGKILL."""
	os.setsid()
	libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Qemu:
	"""One QEMU running 9q with its COM1 on our stdin/stdout pipes.

	Output is accumulated in self.text (carriage returns removed).
	self.pos is the cursor: expect() searches from it and moves it past
	the match, so successive expects consume the output in order.
	"""

	def __init__(self, kernel='out/9q', iso=None, memory='128M', smp=None,
			accel='tcg', extra_args=(), append=None, log=None,
			kmesg_ok=(), stderr_ok=()):
		self.kernel = kernel
		self.iso = iso
		self.memory = str(memory)
		# NINEQ_SMP runs every test that does not ask for a cpu count on that many
		self.smp = smp if smp is not None else int(os.environ.get('NINEQ_SMP', '1'))
		# several vcpus run on several host threads (MTTCG), so races really happen
		self.accel = 'tcg,thread=multi' if accel == 'tcg' and self.smp > 1 else accel
		self.extra = list(extra_args)
		self.append = append
		self.logpath = log
		self.proc = None
		self.raw = bytearray()
		self.text = ''
		self.pos = 0
		self.err = bytearray()
		self.status = None
		self.decoder = codecs.getincrementaldecoder('utf-8')('replace')
		self.chunk = max(1, int(envfloat('NINEQ_TYPE_CHUNK', 8)))
		self.delay = envfloat('NINEQ_TYPE_DELAY', 0.03)
		nl = os.environ.get('NINEQ_NEWLINE', 'cr')
		self.newline = '\n' if nl == 'lf' else '\r'
		self.logf = None
		self.kmesg_ok = [re.compile(x) for x in kmesg_ok]
		self.stderr_ok = [re.compile(x) for x in stderr_ok]
		self.kmesgpath = None
		self.klines = None	# kernel_lines() once an unlogged QEMU's file is gone
		self.killed = False

	def path(self, p):
		return p if os.path.isabs(p) else os.path.join(ROOT, p)

	def argv(self):
		qemu = os.environ.get('NINEQ_QEMU', 'qemu-system-x86_64')
		a = [qemu, '-accel', self.accel, '-m', self.memory,
			'-smp', str(self.smp)]
		if self.iso:
			a += ['-cdrom', self.path(self.iso)]
		else:
			a += ['-kernel', self.path(self.kernel)]
			if self.append is not None:
				a += ['-append', self.append]
		a += ['-display', 'none', '-serial', 'stdio', '-monitor', 'none',
			'-no-reboot']
		if self.kmesgpath:
			a += ['-debugcon', 'file:' + self.kmesgpath]
		return a + self.extra

	def start(self, extra_args=None, **settings):
		"""Launch QEMU; arguments here override the constructor's
		(kernel, iso, memory, smp, accel, append, log)."""
		if extra_args is not None:
			self.extra = list(extra_args)
		for k, v in settings.items():
			if k not in ('kernel', 'iso', 'memory', 'smp', 'accel', 'append', 'log'):
				raise TypeError('Qemu.start: unknown setting %r' % k)
			setattr(self, 'logpath' if k == 'log' else k, str(v) if k == 'memory' else v)
		if self.proc is not None:
			raise ConsoleError('Qemu.start: already started')
		image = self.path(self.iso or self.kernel)
		if not os.path.exists(image):
			raise ConsoleError('%s does not exist (did the build fail?)' % image)
		if self.logpath:
			os.makedirs(os.path.dirname(self.logpath), exist_ok=True)
			self.kmesgpath = re.sub(r'\.log$', '', self.logpath) + '.kmesg'
		else:
			fd, self.kmesgpath = tempfile.mkstemp(prefix='9q-kmesg-')
			os.close(fd)
		if self.logpath:
			self.logf = open(self.logpath, 'wb')
			self.logf.write(('# ' + ' '.join(self.argv()) + '\n').encode())
		self.t0 = time.monotonic()
		self.proc = subprocess.Popen(self.argv(), stdin=subprocess.PIPE,
			stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
			preexec_fn=ownsession)
		live.add(self)
		started.append(self)
		for f in (self.proc.stdout, self.proc.stderr):
			os.set_blocking(f.fileno(), False)
		return self

	def __enter__(self):
		if self.proc is None:
			self.start()
		return self

	def __exit__(self, *exc):
		self.kill()
		return False

	# --- reading

	def pump(self, timeout):
		"""Wait up to timeout seconds for output; return False at EOF."""
		if self.proc.stdout.closed:
			return False
		fds = [self.proc.stdout]
		if not self.proc.stderr.closed:
			fds.append(self.proc.stderr)
		r, _, _ = select.select(fds, [], [], max(0, timeout))
		for f in r:
			try:
				b = os.read(f.fileno(), 65536)
			except BlockingIOError:
				continue
			if f is self.proc.stderr:
				if b:
					self.err += b
				else:
					f.close()
				continue
			if not b:
				f.close()
				self.readerr(1)
				return False
			self.raw += b
			if self.logf:
				self.logf.write(b)
				self.logf.flush()
			self.text += self.decoder.decode(b).replace('\r', '')
		return True

	def readerr(self, timeout):
		"""Collect QEMU's stderr until it closes (bounded)."""
		end = time.monotonic() + timeout
		f = self.proc.stderr
		while not f.closed and time.monotonic() < end:
			r, _, _ = select.select([f], [], [], 0.1)
			if r:
				try:
					b = os.read(f.fileno(), 65536)
				except BlockingIOError:
					continue
				if not b:
					f.close()
				self.err += b

	def alive(self):
		return self.proc is not None and self.proc.poll() is None

	def describe(self):
		s = '--- console tail (%s) ---\n' % (self.logpath or 'not logged')
		s += (tail(self.text) or '(no output)').rstrip('\n') + '\n'
		if self.proc is not None and self.proc.poll() is not None:
			s += '--- qemu exited with status %d\n' % self.proc.returncode
		e = self.err.decode('utf-8', 'replace')
		e = re.sub(r'(?m)^.*terminating on signal.*\n?', '', e).strip()
		if e:
			s += '--- qemu stderr ---\n' + tail(e, 1000) + '\n'
		return s

	def expect(self, pattern, timeout=30):
		"""Return the match of pattern (str or compiled regex) in the
		output after the cursor and move the cursor past it."""
		rx = re.compile(pattern) if isinstance(pattern, str) else pattern
		deadline = time.monotonic() + timeout * TIMEOUT_SCALE
		while True:
			m = rx.search(self.text, self.pos)
			if m:
				self.pos = m.end()
				return m
			left = deadline - time.monotonic()
			if left <= 0:
				raise ConsoleError('timed out after %gs waiting for %r\n%s'
					% (timeout * TIMEOUT_SCALE, rx.pattern, self.describe()))
			if not self.pump(min(left, 0.5)):
				m = rx.search(self.text, self.pos)
				if m:
					self.pos = m.end()
					return m
				raise ConsoleError('console closed while waiting for %r\n%s'
					% (rx.pattern, self.describe()))

	def find(self, pattern, timeout=30):
		"""expect, but None instead of an exception when pattern does
		not come (the cursor stays), for a check that can fail and let
		the test go on."""
		try:
			return self.expect(pattern, timeout)
		except ConsoleError:
			return None

	def expect_line(self, pattern, timeout=30):
		"""expect a whole line matching pattern (anchored both ends)."""
		return self.expect(re.compile('^' + pattern + '\n', re.M), timeout)

	def expect_prompt(self, timeout=60):
		return self.expect(re.escape(PROMPT), timeout)

	def drain(self, seconds):
		"""Read whatever arrives during the next few seconds."""
		end = time.monotonic() + seconds
		while self.pump(max(0, end - time.monotonic())):
			if time.monotonic() >= end:
				break

	def since(self, mark):
		return self.text[mark:]

	# --- writing

	def send(self, text):
		"""Type text (str or bytes) in small bursts so that the guest's
		16-byte UART FIFO is never overrun."""
		if not self.alive():
			raise ConsoleError('cannot type: qemu is not running\n' + self.describe())
		b = text.encode() if isinstance(text, str) else bytes(text)
		for i in range(0, len(b), self.chunk):
			piece = b[i:i + self.chunk]
			self.writeall(piece)
			self.drain(self.delay)

	def writeall(self, b):
		fd = self.proc.stdin.fileno()
		deadline = time.monotonic() + 10
		while b:
			_, w, _ = select.select([], [fd], [], 0.5)
			if w:
				try:
					n = os.write(fd, b)
				except (BrokenPipeError, OSError) as e:
					raise ConsoleError('cannot type: %s\n%s' % (e, self.describe()))
				b = b[n:]
			elif time.monotonic() > deadline:
				raise ConsoleError('qemu does not accept input\n' + self.describe())
			self.pump(0)

	def sendline(self, line):
		self.send(line + self.newline)

	def interrupt(self, key=b'\x7f'):
		"""Press DEL (default) or ^C (key=b'\\x03')."""
		self.send(key)

	def run(self, cmd, timeout=30, until=None):
		"""Type cmd and Enter, wait for the next prompt (or for the regex
		until), and return what was printed in between without the echoed
		command line."""
		mark = len(self.text)
		self.pos = max(self.pos, mark)
		self.sendline(cmd)
		m = self.expect(until or re.escape(PROMPT), timeout)
		out = self.text[mark:m.start()]
		first, nl, rest = out.partition('\n')
		if nl and first.strip().endswith(cmd.strip()):
			out = rest
		return out

	# --- what the kernel and QEMU said on their own

	def allow(self, *patterns):
		"""Kernel lines matching these regexes are expected from now on."""
		self.kmesg_ok += [re.compile(x) for x in patterns]

	def kernel_lines(self):
		"""Every line the kernel printed (its debug-console copy)."""
		if self.klines is not None:
			return self.klines
		try:
			with open(self.kmesgpath, 'rb') as f:
				text = f.read().decode('utf-8', 'replace')
		except (OSError, TypeError):
			return []
		lines = text.split('\n')
		# The debug console is written a byte at a time: while QEMU runs, or
		# when it was killed mid-line, the last piece is a line not yet
		# finished, and is judged only when it is finished.
		if self.proc is None or self.proc.poll() is None or self.killed:
			lines = lines[:-1]
		return [l for l in lines if l.strip()]

	def stderr_lines(self):
		e = self.err.decode('utf-8', 'replace')
		return [l for l in e.split('\n') if l.strip()]

	def unexpected(self):
		"""What the kernel printed, QEMU wrote to stderr, or QEMU's exit
		status says, that this test did not expect."""
		bad = []
		for l in self.kernel_lines():
			if not any(rx.search(l) for rx in KMESG_OK + self.kmesg_ok):
				bad.append('kernel printed: ' + l)
		for l in self.stderr_lines():
			if not any(rx.search(l) for rx in STDERR_OK + self.stderr_ok):
				bad.append('qemu stderr: ' + l)
		if self.proc is not None and not self.killed and self.proc.poll() not in (None, 0):
			bad.append('qemu exited with status %d' % self.proc.returncode)
		return bad

	def halt(self, timeout=30):
		"""Type halt; QEMU must print the halted line and exit with status 0."""
		self.sendline('halt')
		self.expect_line('9q: halted', timeout)
		try:
			self.proc.wait(15)
		except subprocess.TimeoutExpired:
			raise AssertionError('QEMU still running 15 s after halt\n' + self.describe())
		self.pump(0)
		if self.proc.returncode != 0:
			raise AssertionError('QEMU exited with status %d after halt\n%s'
				% (self.proc.returncode, self.describe()))

	# --- stopping

	def kill(self):
		"""Stop this QEMU by its PID; every wait is bounded."""
		p = self.proc
		if p is None:
			return
		live.discard(self)
		if p.poll() is None:
			self.killed = True
			for sig, wait in ((signal.SIGTERM, 3), (signal.SIGKILL, 5)):
				try:
					os.killpg(p.pid, sig)
				except ProcessLookupError:
					break
				try:
					p.wait(wait)
					break
				except subprocess.TimeoutExpired:
					pass
		try:
			self.drain(0)
		except (OSError, ValueError):
			pass
		for f in (p.stdin, p.stdout, p.stderr):
			try:
				if f:
					f.close()
			except OSError:
				pass
		self.status = p.returncode
		if self.kmesgpath and not self.logpath:
			self.klines = self.kernel_lines()
			try:
				os.unlink(self.kmesgpath)
			except OSError:
				pass
			self.kmesgpath = None
		if self.logf:
			self.logf.close()
			self.logf = None


# --- /dev/irqalloc lines: "%11d %11d %20llud %20llud %-8s %s\n"

IrqLine = collections.namedtuple('IrqLine', 'vector irq count cycles type name')
IRQTYPES = ('trap', 'lapic', 'ioapic', 'msi')
IRQRX = re.compile(r'^(?P<vector> *-?\d+) (?P<irq> *-?\d+) (?P<count> *\d+) '
	r'(?P<cycles> *\d+) (?P<type>(?:trap|lapic|ioapic|msi) *) (?P<name>\S.*)$')
IRQWIDTHS = (('vector', 11), ('irq', 11), ('count', 20), ('cycles', 20), ('type', 8))


def parse_irqline(line):
	"""Parse one irqalloc line, checking every field width exactly;
	raise ValueError saying what is wrong."""
	m = IRQRX.match(line)
	if not m:
		raise ValueError('not an irqalloc line: %r' % line)
	for field, width in IRQWIDTHS:
		if len(m.group(field)) != width:
			raise ValueError('field %s is %d wide, want %d: %r'
				% (field, len(m.group(field)), width, line))
	return IrqLine(int(m.group('vector')), int(m.group('irq')),
		int(m.group('count')), int(m.group('cycles')),
		m.group('type').rstrip(), m.group('name'))


def parse_irqalloc(text):
	"""Parse a whole table (one consumer a line; blank lines are errors)."""
	lines = text.split('\n')
	if lines and lines[-1] == '':
		lines.pop()
	if not lines:
		raise ValueError('empty irqalloc table')
	out = []
	for i, l in enumerate(lines):
		try:
			out.append(parse_irqline(l))
		except ValueError as e:
			raise ValueError('line %d: %s' % (i + 1, e))
	return out


def check_irqalloc(table):
	"""Sanity rules every table obeys; return list of IrqLine."""
	rows = parse_irqalloc(table)
	seen = set()
	for r in rows:
		if not 0 <= r.vector <= 255:
			raise ValueError('vector out of range: %r' % (r,))
		key = (r.vector, r.name)
		if key in seen:
			raise ValueError('consumer listed twice: %r' % (r,))
		seen.add(key)
	return rows


def qmp(path, command, **arguments):
	"""One QMP command on QEMU's socket (-qmp unix:PATH,server=on,wait=off),
	with its arguments; its 'return' value."""
	deadline = time.monotonic() + 20
	while True:
		try:
			c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			c.connect(path)
			break
		except OSError:
			c.close()
			if time.monotonic() > deadline:
				raise
			time.sleep(0.2)
	f = c.makefile('rw')
	json.loads(f.readline())	# greeting
	for cmd, args in (('qmp_capabilities', {}), (command, arguments)):
		msg = {'execute': cmd}
		if args:
			msg['arguments'] = args
		f.write(json.dumps(msg) + '\n')
		f.flush()
		while True:
			r = json.loads(f.readline())
			if 'return' in r or 'error' in r:
				break
	c.close()
	if 'error' in r:
		raise AssertionError('qmp %s: %r' % (command, r['error']))
	return r['return']


def share9p(path, tag, device='', fsdev=''):
	"""QEMU's arguments for a virtio-9p share of host directory path with
	mount tag tag; device and fsdev add options (',vectors=0', ...)."""
	return ['-device', 'virtio-9p-pci,fsdev=fs%s,mount_tag=%s%s' % (tag, tag, device),
		'-fsdev', 'local,path=%s,id=fs%s,security_model=none%s' % (path, tag, fsdev)]


def freeport():
	"""A TCP port on 127.0.0.1 free at the moment of asking."""
	s = socket.socket()
	s.bind(('127.0.0.1', 0))
	p = s.getsockname()[1]
	s.close()
	return p


# --- the host ends of virtio-serial ports

class Sockets:
	"""Listening Unix sockets, one per name, in a temporary directory,
	for QEMU's client-mode chardevs (chardev(n) gives the arguments; with
	reconnect=1 QEMU connects again after the test hangs up)."""

	def __init__(self, names=(), prefix='9q-sock-'):
		self.dir = tempfile.mkdtemp(prefix=prefix)
		self.ls = {}
		for n in names:
			self.listen(n)

	def path(self, n):
		return os.path.join(self.dir, n)

	def listen(self, n):
		s = socket.socket(socket.AF_UNIX)
		s.bind(self.path(n))
		s.listen(1)
		s.settimeout(60)
		self.ls[n] = s

	def unlisten(self, n):
		self.ls.pop(n).close()
		os.unlink(self.path(n))

	def chardev(self, n, reconnect=True):
		return ['-chardev', 'socket,id=%s,path=%s%s' % (n, self.path(n), ',reconnect=1' if reconnect else '')]

	def accept(self, n, timeout=60):
		c, _ = self.ls[n].accept()
		c.settimeout(timeout)
		return c

	def close(self):
		for s in self.ls.values():
			s.close()
		shutil.rmtree(self.dir, ignore_errors=True)


class Relay:
	"""Listens at path for QEMU and, once it connects, connects to the
	Unix socket upstream; each direction then runs self.pump(src, dst,
	way), way 'in' (to upstream) or 'out' (to the guest), in a thread
	of its own.  The default pump passes bytes through; both sockets
	are shut down when a pump ends."""

	def __init__(self, path, upstream):
		self.ls = socket.socket(socket.AF_UNIX)
		self.ls.bind(path)
		self.ls.listen(1)
		self.upstream = upstream
		self.socks = []
		threading.Thread(target=self.accept, daemon=True).start()

	def accept(self):
		try:
			g, _ = self.ls.accept()
		except OSError:
			return
		u = socket.socket(socket.AF_UNIX)
		u.connect(self.upstream)
		self.socks = [g, u]
		for src, dst, way in ((g, u, 'in'), (u, g, 'out')):
			threading.Thread(target=self.run, args=(src, dst, way), daemon=True).start()

	def run(self, src, dst, way):
		try:
			self.pump(src, dst, way)
		except OSError:
			pass
		for c in (src, dst):
			try:
				c.shutdown(socket.SHUT_RDWR)
			except OSError:
				pass

	def pump(self, src, dst, way):
		while True:
			b = src.recv(65536)
			if not b:
				return
			dst.sendall(b)

	def close(self):
		for c in [self.ls] + self.socks:
			c.close()


# --- registry and runner

Test = collections.namedtuple('Test', 'name func timeout file')
registry = []


def test(func=None, timeout=120):
	"""@test or @test(timeout=SECONDS): register a scenario test."""
	def register(f):
		registry.append(Test(f.__name__, f, timeout, inspect.getsourcefile(f)))
		return f
	if func is not None:
		return register(func)
	return register


class Checks:
	"""Passed to tests that take one argument: named sub-results."""

	def __init__(self, name):
		self.name = name
		self.count = 0
		self.failed = 0

	def check(self, sub, cond, why=''):
		self.count += 1
		if cond:
			print('ok %s.%s' % (self.name, sub), flush=True)
		else:
			self.failed += 1
			print('FAIL %s.%s: %s' % (self.name, sub, why or 'check failed'),
				flush=True)
		return cond


current = {'name': None, 'file': None}


def boot(**kw):
	"""A started Qemu for the current test, its console logged under
	out/tests/ (or NINEQ_LOGDIR)."""
	if 'log' not in kw and current['name']:
		d = os.environ.get('NINEQ_LOGDIR', os.path.join(ROOT, 'out', 'tests'))
		n = len(started)
		base = '%s.%s%s.log' % (current['file'], current['name'],
			'.%d' % n if n else '')
		kw['log'] = os.path.join(d, base)
	return Qemu(**kw).start()


expected = {}		# scenario file: its CHECKS


def load(path):
	"""Import a scenario file; return its tests."""
	sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
	before = len(registry)
	name = 'scenario_' + re.sub(r'\W', '_', os.path.basename(path)[:-3])
	spec = importlib.util.spec_from_file_location(name, path)
	mod = importlib.util.module_from_spec(spec)
	sys.modules['harness'] = sys.modules[__name__]
	spec.loader.exec_module(mod)
	expected[os.path.abspath(path)] = getattr(mod, 'CHECKS', None)
	return registry[before:]


def onalarm(sig, frame):
	raise TestTimeout('test took longer than its timeout')


# a run with NINEQ_SMP=N names its results NAME@smpN, apart from the default run's
SMPTAG = '@smp' + os.environ['NINEQ_SMP'] if os.environ.get('NINEQ_SMP', '1') != '1' else ''


def runone(t):
	"""Run one test in this process; print its result lines; return 0/1."""
	name = t.name + SMPTAG
	current['name'] = name
	current['file'] = os.path.basename(t.file)[:-3]
	checks = Checks(name)
	del started[:]
	signal.signal(signal.SIGALRM, onalarm)
	signal.setitimer(signal.ITIMER_REAL, t.timeout * TIMEOUT_SCALE)
	err = None
	try:
		if len(inspect.signature(t.func).parameters) > 0:
			t.func(checks)
		else:
			t.func()
	except Exception as e:
		err = e
	finally:
		signal.setitimer(signal.ITIMER_REAL, 0)
		killall()
		consoles = [q.describe() for q in started]
		unexpected = [b for q in started for b in q.unexpected()]
	if unexpected:
		print('%s %s.unexpected: %s' % ('FAIL' if err is None else 'also', name, unexpected[0]))
		print(indent('\n'.join(unexpected[:20])), end='')
		if err is None:
			for c in consoles:
				print(indent(c), end='')
			return 1
	if err is not None:
		msg = str(err) or type(err).__name__
		if not isinstance(err, (ConsoleError, TestTimeout, AssertionError, ValueError)):
			msg = '%s: %s' % (type(err).__name__, msg)
		first, _, rest = msg.partition('\n')
		print('FAIL %s: %s' % (name, first))
		if rest:
			print(indent(rest), end='')
		if not isinstance(err, ConsoleError):
			for c in consoles:
				print(indent(c), end='')
		return 1
	if checks.count == 0:
		print('ok %s' % name)
	elif checks.failed:
		for c in consoles:
			print(indent(c), end='')
	return 1 if checks.failed else 0


def onsignal(sig, frame):
	killall()
	sys.exit(128 + sig)


def child(path, name):
	for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
		signal.signal(s, onsignal)
	for t in load(path):
		if t.name == name:
			return runone(t)
	print('FAIL %s: no such test in %s' % (name, path))
	return 1


def parent(files, jobs, pattern):
	tests = []
	for f in files:
		try:
			tests += load(f)
		except Exception as e:
			print('FAIL %s: cannot load: %s: %s' % (os.path.basename(f), type(e).__name__, e))
			tests.append(None)
	tests = [t for t in tests if t is None or not pattern or re.search(pattern, t.name)]
	failed = sum(1 for t in tests if t is None)
	tests = [t for t in tests if t is not None]
	pending = collections.deque(tests)
	running = {}
	t0 = time.monotonic()

	results = collections.Counter()

	def reap(p):
		t, deadline, outf = running.pop(p)
		timedout = time.monotonic() > deadline
		outf.seek(0)
		out = outf.read().decode('utf-8', 'replace')
		outf.close()
		if timedout and not re.search(r'(?m)^(ok|FAIL) %s\b' % re.escape(t.name), out):
			out += 'FAIL %s: killed after %gs (hard timeout)\n' % (t.name, t.timeout * TIMEOUT_SCALE + 30)
		elif p.returncode != 0 and not re.search(r'(?m)^FAIL ', out):
			out += 'FAIL %s: test process exited with status %d\n' % (t.name, p.returncode)
		sys.stdout.write(out)
		sys.stdout.flush()
		results[os.path.abspath(t.file)] += len(re.findall(r'(?m)^(?:ok|FAIL) ', out))
		return 1 if p.returncode != 0 else 0

	try:
		while pending or running:
			while pending and len(running) < jobs:
				t = pending.popleft()
				outf = tempfile.TemporaryFile()
				p = subprocess.Popen([sys.executable, os.path.abspath(__file__),
					'--child', t.file, t.name], stdin=subprocess.DEVNULL,
					stdout=outf, stderr=subprocess.STDOUT, start_new_session=True)
				running[p] = (t, time.monotonic() + t.timeout * TIMEOUT_SCALE + 30, outf)
			time.sleep(0.05)
			for p in list(running):
				if p.poll() is not None:
					failed += reap(p)
				elif time.monotonic() > running[p][1]:
					hardkill(p)
					failed += reap(p)
	finally:
		for p in list(running):
			hardkill(p)
	if not pattern:
		failed += checkcounts(files, results)
	sys.stderr.write('harness: %d tests, %d failed, %.1fs\n'
		% (len(tests), failed, time.monotonic() - t0))
	return 1 if failed or not tests else 0


def checkcounts(files, results):
	"""Each file printed as many results as its CHECKS says."""
	bad = 0
	for f in files:
		f = os.path.abspath(f)
		if f not in expected:
			continue	# did not load: already failed
		name = os.path.basename(f)[:-3] + SMPTAG
		want, got = expected[f], results[f]
		if want is None:
			print('FAIL %s.checks: the file states no CHECKS (it printed %d results)' % (name, got))
		elif got != want:
			print('FAIL %s.checks: %d results, CHECKS = %d' % (name, got, want))
		else:
			continue
		bad += 1
	return bad


def hardkill(p):
	"""Kill a test child and everything in its process group (its QEMU)."""
	for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
		try:
			os.killpg(p.pid, sig)
		except ProcessLookupError:
			pass
		try:
			p.wait(wait)
			break
		except subprocess.TimeoutExpired:
			pass


atexit.register(killall)


def main(argv):
	if len(argv) == 4 and argv[1] == '--child':
		return child(argv[2], argv[3])
	jobs, pattern, files = 1, None, []
	i = 1
	while i < len(argv):
		a = argv[i]
		if a == '-j' and i + 1 < len(argv):
			jobs = max(1, int(argv[i + 1]))
			i += 1
		elif a == '-k' and i + 1 < len(argv):
			pattern = argv[i + 1]
			i += 1
		elif a.startswith('-'):
			sys.stderr.write('usage: harness.py [-j jobs] [-k pattern] file.py...\n')
			return 2
		else:
			files.append(a)
		i += 1
	if not files:
		sys.stderr.write('usage: harness.py [-j jobs] [-k pattern] file.py...\n')
		return 2
	for s in (signal.SIGTERM, signal.SIGHUP):
		signal.signal(s, onsignal)
	return parent(files, jobs, pattern)


if __name__ == '__main__':
	sys.exit(main(sys.argv))
