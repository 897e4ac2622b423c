"""Boot tests under TCG: the banner, the ready line, the shell prompt,
the interrupt table (/dev/irqalloc) and the page-fault report, pinned
to exactly what the kernel prints on COM1 (see tests/harness.py for
the machinery)."""

import re

from harness import test, boot, check_irqalloc, tail

CHECKS = 28		# result lines this file prints (tests/harness.py)

BANNER = r'9q: (\d+)M memory, (\d+) cpus?'
READY = r'9q: ready in (\d+) us'
PROMPT = 'term% '
# what test=fault makes the kernel print: its own line, the trap, the registers
FAULTLINES = [r'^9q: test: dereferencing 0xdeadbeef$', r'^trap #PF page fault: ',
	r'^(ax|si|r8|r12|ip) 0x[0-9a-f]+ ']


def megabytes(mem):
	n, unit = int(mem[:-1]), mem[-1]
	return n * 1024 if unit == 'G' else n


def checkboot(q, memory, smp, grub=False):
	"""Banner first, then the ready line, then the shell's prompt; then
	/dev/irqalloc is a well-formed table whose APIC timer ticks."""
	# With -kernel nothing else writes COM1 before us; GRUB may.
	m = q.expect(re.compile(r'^9q: .*\n', re.M), 60)
	before = q.text[:m.start()]
	if not grub and before.strip():
		raise AssertionError('kernel printed before the banner: %r' % tail(before, 200))
	b = re.fullmatch(BANNER + r'\n', m.group(0))
	if not b:
		raise AssertionError('first kernel line is not the banner: %r' % m.group(0))
	got, want = int(b.group(1)), megabytes(memory)
	if not 0.85 * want <= got <= want:
		raise AssertionError('banner says %dM memory, booted with -m %s' % (got, memory))
	if int(b.group(2)) != smp:
		raise AssertionError('banner says %s cpus, booted with -smp %d' % (b.group(2), smp))
	r = q.expect(re.compile('^.*\n', re.M), 60)
	if not re.fullmatch(READY + r'\n', r.group(0)):
		raise AssertionError('line after the banner is not the ready line: %r' % r.group(0))
	us = int(re.fullmatch(READY + r'\n', r.group(0)).group(1))
	if not 0 < us < 120 * 1000 * 1000:
		raise AssertionError('implausible ready time %d us' % us)
	q.expect(re.escape(PROMPT), 60)
	first = timercount(q)
	second = timercount(q)
	if second <= first:
		raise AssertionError('APIC timer count did not grow: %d then %d' % (first, second))


def timercount(q):
	"""Read /dev/irqalloc at the shell; return the APIC timer's count."""
	table = q.run('cat /dev/irqalloc', 30)
	try:
		rows = check_irqalloc(table)
	except ValueError as e:
		raise AssertionError('bad irqalloc table: %s' % e)
	timers = [x for x in rows if x.type == 'lapic' and x.name == 'APIC timer']
	if len(timers) != 1:
		raise AssertionError('want one lapic "APIC timer" line, have %d' % len(timers))
	if timers[0].count <= 0:
		raise AssertionError('APIC timer count is %d' % timers[0].count)
	return timers[0].count


def kernelboot(memory, smp):
	with boot(memory=memory, smp=smp) as q:
		checkboot(q, memory, smp)


@test(timeout=120)
def kernel_128m_smp1():
	kernelboot('128M', 1)


@test(timeout=120)
def kernel_2g_smp1():
	kernelboot('2G', 1)


@test(timeout=120)
def kernel_128m_smp4():
	kernelboot('128M', 4)


@test(timeout=120)
def kernel_2g_smp4():
	kernelboot('2G', 4)


@test(timeout=180)
def iso_128m_smp2():
	with boot(iso='out/9q.iso', memory='128M', smp=2) as q:
		checkboot(q, '128M', 2, grub=True)


@test(timeout=120)
def fault_report():
	with boot(append='test=fault', kmesg_ok=FAULTLINES) as q:
		q.expect_line(BANNER, 60)
		m = q.expect_line(r'trap #PF page fault: error 0x([0-9a-fA-F]+) '
			r'pc 0x([0-9a-fA-F]+) addr 0xdeadbeef', 60)
		err, pc = int(m.group(1), 16), int(m.group(2), 16)
		if err & 4:
			raise AssertionError('error code 0x%x says user mode; the kernel faulted' % err)
		if pc == 0:
			raise AssertionError('fault report has pc 0')
		start = q.pos
		h = q.expect_line('9q: halted', 30)
		regs = [l for l in q.text[start:h.start()].split('\n') if l.strip()]
		if not regs:
			raise AssertionError('no register lines between the trap line and "9q: halted"')


@test(timeout=120)
def halt_powers_off():
	"""`halt` prints the halted line and ACPI soft-off ends QEMU,
	on both the i440fx and the q35 machine."""
	for machine in ('pc', 'q35'):
		with boot(extra_args=['-machine', machine]) as q:
			q.expect(re.escape(PROMPT), 60)
			q.halt()


@test(timeout=180)
def kernel_selftests(t):
	"""The in-kernel self-tests behind -append test=...: processes
	(sleep/wakeup, QLock, error unwinding) and channels (pipes, walks,
	unions, mount-table errors).  Each chantest line is one check."""
	with boot(append='test=proc', kmesg_ok=[r'^proc test']) as q:
		m = q.expect(r'proc test: rounds (\d+) counter (\d+) (\d+) ms unwound (\d)\n', 60)
		rounds, counter, ms, unwound = (int(x) for x in m.groups())
		t.check('proc.sleep/wakeup rounds', rounds == 2000, m.group(0))
		t.check('proc.qlock counter', counter == 40, m.group(0))
		t.check('proc.tsleep waited', ms >= 40, m.group(0))
		t.check('proc.error unwound', unwound == 1, m.group(0))
		t.check('proc.verdict', q.find(r'proc test ok\n', 10) is not None, q.text[-200:])
	with boot(append='test=lock', kmesg_ok=[r'^locktest: ', r'^panic: lock 0x[0-9a-f]+ taken twice']) as q:
		m = q.expect(r'panic: lock (0x[0-9a-f]+) taken twice on cpu0: pc 0x[0-9a-f]+, held by pc 0x[0-9a-f]+', 60)
		q.expect_line('9q: halted', 30)
		t.check('lock twice', 'the second lock returned' not in q.text, q.text[-300:])
	with boot(append='test=chan', kmesg_ok=[r'^chantest: ']) as q:
		q.expect(r'chantest: done\n', 60)
		# from the kernel's own copy: on the console a line may share the prompt's
		lines = [l for l in q.kernel_lines() if l.startswith('chantest: ') and l != 'chantest: done']
		t.check('chan ran', len(lines) > 0, 'no chantest lines')
		for l in lines:
			t.check('chan ' + l[len('chantest: ok '):], l.startswith('chantest: ok '), l)
