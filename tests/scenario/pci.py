"""PCI scan, virtio enumeration, interrupts and the virtio-rng, on the
i440fx and q35 machines.  The kernel's test=virtio hook prints the PCI
table (as /dev/pci has it), the virtio devices, /dev/irqalloc, then
reads 64 bytes and 1 MiB from the rng (the latter also from more
processes than the ring has slots), and /dev/irqalloc again.
When the shell works these become `pci`, `cat /dev/irqalloc` and reads
of /dev/random at the prompt."""

import hashlib
import os
import re
import shutil
import tempfile

from harness import test, boot, check_irqalloc, qmp, share9p

CHECKS = 83		# result lines this file prints (tests/harness.py)

DONE = 'virtio: done\n'


class Setup:
	"""Host directories for the 9p shares and a socket path for the
	virtconsole, removed afterwards."""

	def __init__(self):
		self.dir = tempfile.mkdtemp(prefix='9q-pci-')
		for d in ('harvtmp', 'hosttmp'):
			os.mkdir(os.path.join(self.dir, d))

	def ninep(self, tag):
		return share9p(os.path.join(self.dir, tag), tag)

	def serial(self):
		sock = os.path.join(self.dir, 'vc02')
		return ['-device', 'virtio-serial-pci,max_ports=1',
			'-device', 'virtconsole,chardev=vc02',
			'-chardev', 'socket,id=vc02,path=%s,server=on,wait=off' % sock]

	def seed(self):
		return self.ninep('harvtmp') + self.ninep('hosttmp') + self.serial()

	def reversed(self):
		return self.serial() + self.ninep('hosttmp') + self.ninep('harvtmp')

	def close(self):
		shutil.rmtree(self.dir, ignore_errors=True)


def runhook(args, machine=None, smp=1, append='test=virtio', qmp=None, timeout=120):
	"""Boot with the test hook; return (console text from the banner on, qemu)."""
	extra = list(args)
	if machine:
		extra = ['-machine', machine] + extra
	if qmp:
		extra += ['-qmp', 'unix:%s,server=on,wait=off' % qmp]
	# the virtio self-test reports on the kernel's console: virtio: ...
	q = boot(memory='256M', smp=smp, append=append, extra_args=extra, kmesg_ok=[r'^virtio: '])
	q.expect(r'9q: \d+M memory', 60)
	start = q.pos
	q.expect(re.escape(DONE), timeout)
	# the shell starts meanwhile: its prompt may land between our lines
	return q.text[start:q.pos].replace('term% ', ''), q


def irqtables(text):
	"""Every table printed between `virtio: irqalloc` and its end."""
	return [check_irqalloc(m) for m in
		re.findall(r'(?ms)^virtio: irqalloc\n(.*?)^virtio: irqalloc end\n', text)]


def pcitable(text):
	"""The /dev/pci lines: (bus, dev, fn, class, vid, did, irq, name)."""
	rx = re.compile(r'^(\d+)\.(\d+)\.(\d+) ([0-9a-f]{2}\.[0-9a-f]{2}\.[0-9a-f]{2}) '
		r'([0-9a-f]{4})/([0-9a-f]{4}) (\d+|-) (\S.*)$', re.M)
	return [(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4),
		int(m.group(5), 16), int(m.group(6), 16), m.group(7), m.group(8))
		for m in rx.finditer(text)]


def checknames(t, text, want, label):
	tables = irqtables(text)
	if not t.check(label + '.tables', len(tables) == 2, 'want 2 irqalloc tables, have %d' % len(tables)):
		return
	first, last = tables
	names = [r.name for r in first if r.name.startswith('virtio-')]
	t.check(label + '.names', names == want, 'virtio lines %r, want %r' % (names, want))
	types = set(r.type for r in first if r.name.startswith('virtio-'))
	t.check(label + '.types', types <= {'msi', 'ioapic'} and types, 'types %r' % types)
	timer = lambda tab: [r.count for r in tab if r.name == 'APIC timer']
	t.check(label + '.timer', timer(first) and timer(last) and timer(last)[0] > timer(first)[0],
		'APIC timer %r then %r' % (timer(first), timer(last)))
	pnames = [p[7] for p in pcitable(text) if p[7].startswith('virtio-')]
	t.check(label + '.pci', pnames == want, 'pci names %r, want %r' % (pnames, want))


SEED = ['virtio-9p-0', 'virtio-9p-1', 'virtio-console-2']
REVERSED = ['virtio-console-0', 'virtio-9p-1', 'virtio-9p-2']


@test(timeout=150)
def seed_names_i440fx(t):
	s = Setup()
	try:
		text, _ = runhook(s.seed())
		checknames(t, text, SEED, 'seed')
	finally:
		s.close()


@test(timeout=150)
def seed_names_q35(t):
	s = Setup()
	try:
		text, _ = runhook(s.seed(), machine='q35')
		checknames(t, text, SEED, 'seed')
	finally:
		s.close()


@test(timeout=150)
def reversed_names(t):
	s = Setup()
	try:
		text, _ = runhook(s.reversed())
		checknames(t, text, REVERSED, 'reversed')
	finally:
		s.close()



def qemudevices(buses):
	"""(bus, dev, fn, vid, did) for every function QEMU has, behind bridges too."""
	out = []
	for b in buses:
		for d in b['devices']:
			out.append((d['bus'], d['slot'], d['function'],
				d['id']['vendor'], d['id']['device']))
			br = d.get('pci_bridge')
			if br and br.get('devices'):
				out += qemudevices([{'devices': br['devices']}])
	return sorted(out)


def comparepci(t, machine):
	s = Setup()
	sock = os.path.join(s.dir, 'qmp')
	try:
		args = s.seed() + ['-device', 'virtio-rng-pci']
		text, _ = runhook(args, machine=machine, qmp=sock)
		ours = pcitable(text)
		mine = sorted((p[0], p[1], p[2], p[4], p[5]) for p in ours)
		theirs = qemudevices(qmp(sock, 'query-pci'))
		t.check('same', mine == theirs, 'pci %r\nqemu %r' % (mine, theirs))
		names = [p[7] for p in ours]
		for want in ('host bridge', 'ISA bridge'):
			t.check(want.replace(' ', ''), want in names, 'no %s in %r' % (want, names))
		t.check('disk', 'IDE' in names or 'SATA' in names, 'no IDE or SATA in %r' % names)
		t.check('virtio', [n for n in names if n.startswith('virtio-')] ==
			SEED + ['virtio-rng-3'], 'names %r' % names)
	finally:
		s.close()


@test(timeout=150)
def pci_vs_qemu_i440fx(t):
	comparepci(t, None)


@test(timeout=150)
def pci_vs_qemu_q35(t):
	comparepci(t, 'q35')


def rngcheck(t, device, machine=None, smp=1, append='test=virtio', transport=None,
		intr=None):
	text, _ = runhook(['-device', device], machine=machine, smp=smp, append=append,
		timeout=240)
	m = re.search(r'^virtio: virtio-rng-0 (modern|legacy) 1af4/[0-9a-f]{4} (msix|intx)', text, re.M)
	if not t.check('found', m is not None, 'no virtio-rng-0 line'):
		return
	if transport:
		t.check('transport', m.group(1) == transport, 'uses %s, want %s' % (m.group(1), transport))
	if intr:
		t.check('intr', m.group(2) == intr, 'uses %s, want %s' % (m.group(2), intr))
	h = re.search(r'^virtio: rng: ([0-9a-f]{128})$', text, re.M)
	t.check('bytes64', h is not None and len(set(bytes.fromhex(h.group(1)))) > 16,
		'64 bytes: %r' % (h and h.group(1)))
	b = re.search(r'^virtio: rng: (\d+) bytes, (\d+) byte values', text, re.M)
	t.check('mib', b is not None and int(b.group(1)) == 1 << 20 and int(b.group(2)) >= 250,
		'1 MiB read: %r' % (b and b.group(0)))
	st = re.search(r'^virtio: rng: (\d+) procs on a (\d+)-slot ring: (\d+) bytes', text, re.M)
	t.check('stress', st is not None and int(st.group(1)) > int(st.group(2))
		and int(st.group(3)) > 0, 'stress: %r' % (st and st.group(0)))
	tables = irqtables(text)
	counts = [[r.count for r in tab if r.name == 'virtio-rng-0'] for tab in tables]
	t.check('irqcount', len(counts) == 2 and counts[1] and counts[1][0] > 64,
		'virtio-rng-0 interrupt counts %r' % counts)


@test(timeout=300)
def rng_legacy(t):
	rngcheck(t, 'virtio-rng-pci,disable-modern=on', transport='legacy')


@test(timeout=300)
def rng_transitional_legacy_interface(t):
	rngcheck(t, 'virtio-rng-pci', append='test=virtio virtio=legacy', transport='legacy')


@test(timeout=300)
def rng_modern(t):
	rngcheck(t, 'virtio-rng-pci,disable-legacy=on', transport='modern')


@test(timeout=300)
def rng_modern_smp4(t):
	rngcheck(t, 'virtio-rng-pci,disable-legacy=on', smp=4, transport='modern')


@test(timeout=300)
def rng_legacy_smp4_q35(t):
	rngcheck(t, 'virtio-rng-pci,disable-modern=on', machine='q35', smp=4, transport='legacy')


@test(timeout=300)
def rng_intx_i440fx(t):
	rngcheck(t, 'virtio-rng-pci,vectors=0', intr='intx')


# --- the same at the shell prompt

def shellboot(args, machine=None, qmp=None):
	extra = list(args)
	if machine:
		extra = ['-machine', machine] + extra
	if qmp:
		extra += ['-qmp', 'unix:%s,server=on,wait=off' % qmp]
	q = boot(memory='256M', extra_args=extra)
	q.expect_prompt(60)
	return q


def shellirq(t, machine):
	s = Setup()
	try:
		q = shellboot(s.seed(), machine=machine)
		first = check_irqalloc(q.run('cat /dev/irqalloc'))
		q.run('sleep 1')
		last = check_irqalloc(q.run('cat /dev/irqalloc'))
		names = [r.name for r in first if r.name.startswith('virtio-')]
		t.check('names', names == SEED, 'virtio lines %r' % names)
		t.check('types', all(r.type in ('msi', 'ioapic') for r in first
			if r.name.startswith('virtio-')), 'types')
		for name in ('APIC timer', 'eia0'):
			a = [r.count for r in first if r.name == name]
			b = [r.count for r in last if r.name == name]
			t.check(name.replace(' ', ''), a and b and b[0] > a[0], '%s: %r then %r' % (name, a, b))
		pnames = [p[7] for p in pcitable(q.run('pci')) if p[7].startswith('virtio-')]
		t.check('pci', pnames == SEED, 'pci names %r' % pnames)
	finally:
		s.close()


@test(timeout=150)
def shell_irqalloc_i440fx(t):
	shellirq(t, None)


@test(timeout=150)
def shell_irqalloc_q35(t):
	shellirq(t, 'q35')


def shellpci(t, machine):
	s = Setup()
	sock = os.path.join(s.dir, 'qmp')
	try:
		q = shellboot(s.reversed() + ['-device', 'virtio-rng-pci'], machine=machine, qmp=sock)
		ours = pcitable(q.run('pci'))
		mine = sorted((p[0], p[1], p[2], p[4], p[5]) for p in ours)
		theirs = qemudevices(qmp(sock, 'query-pci'))
		t.check('same', mine == theirs, 'pci %r\nqemu %r' % (mine, theirs))
		t.check('names', [p[7] for p in ours if p[7].startswith('virtio-')] ==
			REVERSED + ['virtio-rng-3'], 'names %r' % [p[7] for p in ours])
		out = q.run('pci -x')
		t.check('usage', 'usage: pci' in out, 'pci -x said %r' % out)
	finally:
		s.close()


@test(timeout=150)
def shell_pci_i440fx(t):
	shellpci(t, None)


@test(timeout=150)
def shell_pci_q35(t):
	shellpci(t, 'q35')


@test(timeout=150)
def shell_random(t):
	"""Two reads of the rng differ (cmp stops at the first difference)."""
	for dev in ('virtio-rng-pci,disable-modern=on', 'virtio-rng-pci,disable-legacy=on'):
		q = shellboot(['-device', dev])
		out = q.run("cmp /dev/random /dev/random")
		t.check(dev.split(',')[1].replace('-', '').replace('=', ''), 'differ' in out, 'cmp said %r' % out)
		q.kill()


@test(timeout=200)
def shared_intx(t):
	"""Three virtio devices without MSI-X in slots 4, 8 and 12 share one
	INTx line on i440fx ((slot + pin) mod 4 picks the PIRQ): irqalloc
	has one line per device on the one vector, and each device works
	through the shared line (each handler asks its device's ISR)."""
	s = Setup()
	try:
		with open(os.path.join(s.dir, 'harvtmp', 'f'), 'wb') as f:
			f.write(os.urandom(1 << 20))
		want = hashlib.sha1(open(os.path.join(s.dir, 'harvtmp', 'f'), 'rb').read()).hexdigest()
		path = os.path.join(s.dir, 'harvtmp')
		q = shellboot(share9p(path, 'harvtmp', device=',vectors=0,addr=4') + [
			'-device', 'virtio-rng-pci,vectors=0,addr=8',
			'-device', 'virtio-serial-pci,vectors=0,addr=0xc'])
		names = ['virtio-9p-0', 'virtio-rng-1', 'virtio-console-2']
		first = check_irqalloc(q.run('cat /dev/irqalloc'))
		rows = [r for r in first if r.name in names]
		t.check('lines', sorted(r.name for r in rows) == sorted(names)
			and all(r.type == 'ioapic' for r in rows) and len(set(r.vector for r in rows)) == 1,
			'virtio lines %r' % rows)
		out = q.run("mount -d '#9' /dev/null /mnt harvtmp; sha1sum /mnt/f", timeout=60)
		t.check('ninep', out.split()[:1] == [want], repr(out))
		out = q.run('dd -if /dev/random -bs 64 -count 16 >[2]/dev/null | wc -c', timeout=60)
		t.check('rng', out.split() == ['1024'], repr(out))
		last = check_irqalloc(q.run('cat /dev/irqalloc'))
		grew = [(a.name, a.count, b.count) for a in rows for b in last if b.name == a.name]
		t.check('counts', len(grew) == 3 and all(b > a for _, a, b in grew), repr(grew))
		q.halt()
	finally:
		s.close()
