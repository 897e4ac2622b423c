"""A Linux guest on the same QEMU as 9q, as an independent client:
Debian's kernel package and busybox-static, fetched with apt-get
download on first use and cached outside the tree
($XDG_CACHE_HOME/9q-bench/linux, else ~/.cache/9q-bench/linux), booted
from an initramfs built here.

	g = LinuxGuest(extra_args=[...], memory='512M').start()
	out = g.run('ls -l /mnt')		# output; raises GuestError on a non-zero status
	out, secs = g.timed('dd if=/mnt/big of=/dev/null bs=128k')
	g.kill()

Remove the cache directory to fetch the packages current then.

The initramfs's /init loads the modules named in WANT (and what they
depend on, in the order each .ko's modinfo `depends=` field gives),
then runs busybox's shell on the serial console.  Commands are typed
at that shell; their output is found between markers that the shell
prints (so the echo of the typed line is never mistaken for output).
Timing is inside the guest: the monotonic clock of /proc/timer_list
read by shell builtins, so that no process is started around it.
"""

import glob
import io
import os
import re
import shutil
import stat
import subprocess
import tarfile
import tempfile

import harness
from harness import ConsoleError

KERNEL_META = 'linux-image-amd64'
KERNEL_SERIES = re.compile(r'^linux-image-6\.1\.[\w.+-]*-amd64$')
BUSYBOX = 'busybox-static'
# modules the guests use: virtio over PCI, v9fs over virtio and over
# fd/tcp, virtio-serial ports, a virtio network card
WANT = ['virtio_pci', '9pnet_virtio', '9pnet_fd', '9p', 'virtio_console', 'virtio_net']
PROMPT = 'linux% '
APPEND = 'console=ttyS0 loglevel=3 panic=-1'


class GuestError(Exception):
	"""A command in the Linux guest failed, or the guest could not be made."""


def cachedir():
	base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
	return os.path.join(base, '9q-bench', 'linux')


def kernelpackage():
	"""The kernel package the metapackage names now (linux-image-6.1.*-amd64);
	as root, with package lists updated once if they do not know it."""
	for attempt in range(2):
		try:
			r = subprocess.run(['apt-cache', 'depends', KERNEL_META], capture_output=True,
				text=True, timeout=60)
			out = r.stdout + r.stderr
		except (OSError, subprocess.TimeoutExpired) as e:
			raise GuestError('apt-cache depends %s: %s' % (KERNEL_META, e))
		for m in re.finditer(r'Depends: (\S+)', out):
			if KERNEL_SERIES.match(m.group(1)):
				return m.group(1)
		if attempt == 0 and os.geteuid() == 0:
			subprocess.run(['apt-get', 'update'], capture_output=True, timeout=600)
	raise GuestError('apt-cache depends %s names no linux-image-6.1.*-amd64:\n%s' % (KERNEL_META, out))


def download(pkgs, where):
	r = subprocess.run(['apt-get', '-o', 'APT::Sandbox::User=root', 'download'] + pkgs,
		cwd=where, capture_output=True, text=True, timeout=900)
	if r.returncode != 0:
		raise GuestError('apt-get download %s failed:\n%s' % (' '.join(pkgs), r.stderr))
	debs = {}
	for p in pkgs:
		found = glob.glob(os.path.join(where, p + '_*.deb'))
		if len(found) != 1:
			raise GuestError('apt-get download %s: no single .deb in %s' % (p, where))
		debs[p] = found[0]
	return debs


def debdata(deb):
	"""The data.tar member of a .deb (an ar archive), as a readable stream."""
	with open(deb, 'rb') as f:
		if f.read(8) != b'!<arch>\n':
			raise GuestError('%s: not a .deb' % deb)
		while True:
			hdr = f.read(60)
			if len(hdr) < 60:
				raise GuestError('%s: no data.tar member' % deb)
			name = hdr[:16].decode().strip().rstrip('/')
			size = int(hdr[48:58])
			if name.startswith('data.tar'):
				return io.BytesIO(f.read(size))
			f.seek(size + (size & 1), 1)


def members(deb):
	"""(path, file object) of each regular file in a .deb's data, in order."""
	with tarfile.open(fileobj=debdata(deb), mode='r|*') as tf:
		for m in tf:
			if m.isfile():
				yield m.name, tf.extractfile(m)


def modname(path):
	base = os.path.basename(path)
	base = re.sub(r'\.ko(\.xz)?$', '', base)
	return base.replace('-', '_')


def kobytes(path, data):
	if path.endswith('.xz'):
		import lzma
		return lzma.decompress(data)
	return data


def modinfo(ko):
	"""A module's .modinfo section as a dict (ELF64 little-endian)."""
	if ko[:4] != b'\x7fELF' or ko[4] != 2:
		raise GuestError('not an ELF64 module')
	shoff = int.from_bytes(ko[0x28:0x30], 'little')
	shentsize = int.from_bytes(ko[0x3a:0x3c], 'little')
	shnum = int.from_bytes(ko[0x3c:0x3e], 'little')
	shstrndx = int.from_bytes(ko[0x3e:0x40], 'little')

	def section(i):
		s = ko[shoff + i * shentsize:shoff + (i + 1) * shentsize]
		return (int.from_bytes(s[0:4], 'little'), int.from_bytes(s[0x18:0x20], 'little'),
			int.from_bytes(s[0x20:0x28], 'little'))
	_, stroff, _ = section(shstrndx)
	for i in range(shnum):
		name, off, size = section(i)
		end = ko.index(b'\0', stroff + name)
		if ko[stroff + name:end] == b'.modinfo':
			info = {}
			for field in ko[off:off + size].split(b'\0'):
				k, eq, v = field.decode('utf-8', 'replace').partition('=')
				if eq:
					info.setdefault(k, v)
			return info
	return {}


def loadorder(deps, want):
	"""Every module want needs, each after what it depends on."""
	order, seen = [], set()

	def visit(m, path):
		if m in seen:
			return
		if m not in deps:
			raise GuestError('module %s (needed by %s) is not in the kernel package' % (m, ' <- '.join(path) or 'WANT'))
		seen.add(m)
		for d in deps[m]:
			visit(d, path + [m])
		order.append(m)
	for m in want:
		visit(m, [])
	return order


def extract(debs, dest):
	"""vmlinuz, busybox and the modules in load order into dest."""
	kdeb, bdeb = debs['kernel'], debs[BUSYBOX]
	deps = {}
	for path, f in members(kdeb):
		if re.search(r'/kernel/.*\.ko(\.xz)?$', path):
			info = modinfo(kobytes(path, f.read()))
			deps[modname(path)] = [d.replace('-', '_') for d in info.get('depends', '').split(',') if d]
	order = loadorder(deps, WANT)
	os.makedirs(os.path.join(dest, 'modules'))
	got = set()
	for path, f in members(kdeb):
		if re.search(r'^\./boot/vmlinuz-', path):
			with open(os.path.join(dest, 'vmlinuz'), 'wb') as o:
				shutil.copyfileobj(f, o)
		elif re.search(r'/kernel/.*\.ko(\.xz)?$', path) and modname(path) in order:
			with open(os.path.join(dest, 'modules', modname(path) + '.ko'), 'wb') as o:
				o.write(kobytes(path, f.read()))
			got.add(modname(path))
	for path, f in members(bdeb):
		if path in ('./bin/busybox', './usr/bin/busybox'):
			with open(os.path.join(dest, 'busybox'), 'wb') as o:
				shutil.copyfileobj(f, o)
	for need in ('vmlinuz', 'busybox'):
		if not os.path.exists(os.path.join(dest, need)):
			raise GuestError('%s not found in the packages' % need)
	if got != set(order):
		raise GuestError('modules missing from the package: %s' % ' '.join(set(order) - got))
	with open(os.path.join(dest, 'modules', 'order'), 'w') as o:
		o.write(''.join(m + '\n' for m in order))


def fetch():
	"""The cache directory holding vmlinuz, busybox, modules/ and
	version, filled from the current packages on first use."""
	d = cachedir()
	if os.path.exists(os.path.join(d, 'version')):
		return d
	kpkg = kernelpackage()
	os.makedirs(os.path.dirname(d), exist_ok=True)
	work = tempfile.mkdtemp(prefix='.linux-', dir=os.path.dirname(d))
	try:
		debs = download([kpkg, BUSYBOX], work)
		debs['kernel'] = debs[kpkg]
		tree = os.path.join(work, 'tree')
		os.mkdir(tree)
		extract(debs, tree)
		with open(os.path.join(tree, 'version'), 'w') as o:
			o.write('%s\n%s\n' % (os.path.basename(debs[kpkg]), os.path.basename(debs[BUSYBOX])))
		if os.path.exists(d):
			shutil.rmtree(d)
		try:
			os.rename(tree, d)
		except OSError:
			if not os.path.exists(os.path.join(d, 'version')):
				raise
			# another process filled the cache meanwhile
	finally:
		shutil.rmtree(work, ignore_errors=True)
	return d


def version():
	"""What the guest is made of: 'package version' of the kernel and of busybox."""
	with open(os.path.join(fetch(), 'version')) as f:
		debs = f.read().split()
	return [' '.join(d.replace('%3a', ':').split('_')[:2]) for d in debs]


# --- the initramfs, a newc cpio archive

def cpioentry(out, ino, name, mode, data=b'', rdev=(0, 0)):
	namez = name.encode() + b'\0'
	hdr = b'070701' + b''.join(b'%08X' % v for v in (
		ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(namez), 0))
	out.write(hdr + namez)
	out.write(b'\0' * (-(len(hdr) + len(namez)) % 4))
	out.write(data)
	out.write(b'\0' * (-len(data) % 4))


INIT = '''#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /lib/modules/order); do
	insmod /lib/modules/$m.ko || echo "linuxguest: insmod $m failed"
done
echo "linuxguest: ready $(uname -r) $(grep MemTotal /proc/meminfo)"
export PS1='%s' ENV=/etc/shrc
exec setsid cttyhack sh
''' % PROMPT

# now: the monotonic clock in ns, from the third line of /proc/timer_list
# ("now at N nsecs"), read with builtins only.  t CMD: run CMD, print
# "T ns" after it.
SHRC = '''stty -echo
now() { { read n; read n; read n; } </proc/timer_list; n=${n#now at }; n=${n% nsecs}; }
t() { now; t0=$n; eval "$1"; s=$?; now; echo "T $((n - t0))"; return $s; }
'''


def initramfs(d, path):
	"""Write the initramfs for cache directory d to path."""
	def read(name):
		with open(os.path.join(d, name), 'rb') as f:
			return f.read()
	entries = [(dd, stat.S_IFDIR | 0o755, b'') for dd in
		('bin', 'dev', 'etc', 'lib', 'lib/modules', 'mnt', 'proc', 'sys', 'tmp')]
	entries += [('bin/busybox', stat.S_IFREG | 0o755, read('busybox')),
		('init', stat.S_IFREG | 0o755, INIT.encode()),
		('etc/shrc', stat.S_IFREG | 0o644, SHRC.encode())]
	entries += [('lib/modules/' + m, stat.S_IFREG | 0o644, read('modules/' + m))
		for m in sorted(os.listdir(os.path.join(d, 'modules')))]
	with open(path, 'wb') as out:
		for ino, (name, mode, data) in enumerate(entries, 1):
			cpioentry(out, ino, name, mode, data)
		# the kernel opens it for init's standard input and output
		cpioentry(out, len(entries) + 1, 'dev/console', stat.S_IFCHR | 0o600, rdev=(5, 1))
		cpioentry(out, 0, 'TRAILER!!!', 0)


class LinuxGuest:
	"""Linux in QEMU with its serial console on our pipes (harness.Qemu)."""

	def __init__(self, extra_args=(), memory='512M', smp=1, log=None):
		self.extra = list(extra_args)
		self.memory = memory
		self.smp = smp
		self.log = log
		self.q = None
		self.tmp = None
		self.seq = 0

	def start(self, timeout=180):
		d = fetch()
		self.tmp = tempfile.mkdtemp(prefix='9q-linuxguest-')
		rd = os.path.join(self.tmp, 'initramfs')
		initramfs(d, rd)
		kw = {'log': self.log} if self.log else {}
		# harness.boot: logged under out/tests when a scenario test runs it
		self.q = harness.boot(kernel=os.path.join(d, 'vmlinuz'), memory=self.memory, smp=self.smp,
			append=APPEND, extra_args=['-initrd', rd] + self.extra, **kw)
		self.q.chunk, self.q.delay = 64, 0.005	# Linux's UART driver keeps up
		m = self.q.expect(re.compile(r'linuxguest: ready (\S+) MemTotal: +(\d+) kB\n'), timeout)
		self.release, self.memkb = m.group(1), int(m.group(2))
		failed = re.findall(r'linuxguest: insmod (\S+) failed', self.q.text)
		if failed:
			raise GuestError('insmod failed: %s\n%s' % (' '.join(failed), self.q.describe()))
		self.q.expect(re.escape(PROMPT), 60)
		return self

	def __enter__(self):
		if self.q is None:
			self.start()
		return self

	def __exit__(self, *exc):
		self.kill()
		return False

	def kill(self):
		if self.q is not None:
			self.q.kill()
		if self.tmp:
			shutil.rmtree(self.tmp, ignore_errors=True)
			self.tmp = None

	def runstatus(self, cmd, timeout=60):
		"""Type cmd; return (its output, its exit status)."""
		self.seq += 1
		n = self.seq
		# the markers as printed differ from the line as typed ($((...)))
		self.q.sendline('echo "<$((%d))<"; %s; echo ">$((%d))> $?"' % (n, cmd, n))
		self.q.expect(re.compile(r'<%d<\n' % n), timeout)
		start = self.q.pos
		m = self.q.expect(re.compile(r'>%d> (\d+)\n' % n), timeout)
		out = self.q.text[start:m.start()]
		self.q.expect(re.escape(PROMPT), 30)
		return out, int(m.group(1))

	def run(self, cmd, timeout=60):
		"""Type cmd; return its output; a non-zero status is an error."""
		out, status = self.runstatus(cmd, timeout)
		if status != 0:
			raise GuestError('linux: %s: exit status %d:\n%s' % (cmd, status, out))
		return out

	def timed(self, cmd, timeout=600):
		"""Run cmd (with its output); return (output, seconds) as the
		guest's clock measured it."""
		out = self.run("t '%s'" % cmd.replace("'", "'\\''"), timeout)
		m = re.search(r'^T (\d+)\n\Z', out, re.M)
		if m is None:
			raise GuestError('linux: %s: no time in %r' % (cmd, out))
		return out[:m.start()], int(m.group(1)) / 1e9
