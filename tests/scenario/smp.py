"""SMP: every cpu QEMU gives runs.  The banner and /dev/sysstat count
cpus that really run; CPU-bound jobs spread over cpus; a note reaches
a process spinning on another cpu at once; usertests pass again and
again on four cpus with no leak.  (tests/run also runs the whole
scenario suite a second time with NINEQ_SMP=4.)"""

import re
import time

from harness import test, boot, KMESG_USERTESTS

CHECKS = 43		# result lines this file prints (tests/harness.py)

# Plan 9's sysstat line: cpu cs intr syscall pfault tlbfault tlbpurge load idle intr
SYSSTAT = re.compile(r'^ *(\d+)' + r' +(\d+)' * 9 + r' *$')


def sysstat(q):
	rows = []
	for l in q.run('cat /dev/sysstat').splitlines():
		m = SYSSTAT.match(l)
		if m is None:
			raise ValueError('bad sysstat line %r' % l)
		rows.append([int(x) for x in m.groups()])
	return rows


def banner_and_sysstat(t, n, machine='pc'):
	with boot(memory='256M', smp=n, extra_args=['-machine', machine]) as q:
		m = q.expect(r'9q: (\d+)M memory, (\d+) cpus?\r?\n', 120)
		t.check('banner', int(m.group(2)) == n and m.group(0).rstrip().endswith('cpu' if n == 1 else 'cpus'),
			repr(m.group(0)))
		q.expect_prompt(120)
		rows = sysstat(q)
		t.check('sysstat.lines', [r[0] for r in rows] == list(range(n)), repr(rows))
		q.run('ls /bin > /dev/null; ls /bin > /dev/null')
		later = sysstat(q)
		# every cpu takes its own clock interrupts, so each one's count grows
		t.check('sysstat.intr', len(later) == n and all(later[i][2] > rows[i][2] for i in range(n)),
			'%r then %r' % (rows, later))
		t.check('sysstat.syscalls', sum(r[3] for r in later) > sum(r[3] for r in rows), repr(later))
		out = q.run('echo 0 > /dev/sysstat; cat /dev/sysstat')
		# only what cat did since: a few system calls and page faults, no thousands
		t.check('sysstat.zeroed', all(int(f) < 200 for l in out.splitlines() for f in l.split()[1:7]), repr(out))


@test(timeout=200)
def cpus1(t):
	banner_and_sysstat(t, 1)


@test(timeout=200)
def cpus2_q35(t):
	banner_and_sysstat(t, 2, 'q35')


@test(timeout=200)
def cpus4(t):
	banner_and_sysstat(t, 4)


@test(timeout=300)
def cpus8(t):
	banner_and_sysstat(t, 8)


@test(timeout=240)
def spread(t):
	"""Two CPU-bound jobs on two cpus: both cpus are busy, both jobs finish."""
	with boot(memory='256M', smp=2) as q:
		q.expect_prompt(120)
		q.run('/test/spin 6 > /tmp/a & /test/spin 6 > /tmp/b &')
		time.sleep(3)
		rows = sysstat(q)
		# idle is a percentage decaying over a second: after 3 s of two spinners, both low
		t.check('busy', len(rows) == 2 and all(r[8] < 50 for r in rows), repr(rows))
		t.check('answers', q.run('echo here') == 'here\n')
		# 6 s of guest time each; on a loaded host allow them up to 40 s more
		done = re.compile(r'(spin: \d+ rounds [01]\n){2}')
		end = time.monotonic() + 40
		while True:
			out = q.run('cat /tmp/a /tmp/b')
			if done.fullmatch(out) or time.monotonic() > end:
				break
			time.sleep(2)
		t.check('finished', done.fullmatch(out) is not None, repr(out))
		time.sleep(2)
		rows = sysstat(q)
		t.check('idle_after', all(r[8] > 50 for r in rows), repr(rows))


@test(timeout=240)
def kill_other_cpu(t):
	"""A process spinning on another cpu dies of a note.  The note's IPI
	makes that happen at once, but the cpu's next clock tick would do it
	too, a few ms later: under TCG this check cannot tell the two apart,
	so it shows delivery, not the IPI."""
	with boot(memory='256M', smp=2) as q:
		q.expect_prompt(120)
		q.run('/test/spin &')
		pid = q.run('echo $apid').strip()
		t.check('apid', pid.isdigit(), repr(pid))
		time.sleep(1)
		out = q.run('ps')
		t.check('running', re.search(r'^\S+ +%s .* spin$' % pid, out, re.M) is not None, repr(out))
		# The note's IPI makes the other cpu see it on its way back to
		# user mode; but that cpu is a host thread, which a loaded host
		# may not run for a while, so allow it a few seconds of host time.
		out = q.run('echo kill > /proc/%s/note; ps' % pid)
		end = time.monotonic() + 5
		while re.search(r'^\S+ +%s ' % pid, out, re.M) and time.monotonic() < end:
			time.sleep(0.5)
			out = q.run('ps')
		t.check('gone', re.search(r'^\S+ +%s ' % pid, out, re.M) is None, repr(out))


def tlbipis(q):
	"""The count of the shootdown IPI's line in /dev/irqalloc."""
	for l in q.run('cat /dev/irqalloc').splitlines():
		f = l.split()
		if len(f) >= 6 and f[4] == 'lapic' and ' '.join(f[5:]) == 'IPI tlb':
			return int(f[2])
	return None


@test(timeout=600)
def sharedmem_smp2(t):
	"""Copy-on-write and rfork(RFMEM) on two cpus at once: usertests'
	cow and rfmem tests, three times; the RFMEM fork test cannot pass
	unless the other cpu drops its mappings, and the shootdown IPI's
	count in /dev/irqalloc shows it was sent."""
	with boot(memory='256M', smp=2, kmesg_ok=KMESG_USERTESTS) as q:
		q.expect_prompt(120)
		n0 = tlbipis(q)
		t.check('irqalloc', n0 is not None, 'no IPI tlb line')
		for i in range(3):
			out = q.run('/test/usertests cowfork cowrace rfmemshare rfmemlock rfmemfork; echo status $status',
				timeout=300)
			t.check('run%d' % i, re.search(r'^usertests: 6 passed, 0 failed$', out, re.M) is not None
				and out.endswith('status \n'), repr(out[-400:]))
		n1 = tlbipis(q)
		t.check('shootdowns', n0 is not None and n1 is not None and n1 > n0, '%r then %r' % (n0, n1))


@test(timeout=900)
def usertests_smp4(t):
	"""usertests five times in a row on four cpus, each run with its leak
	check (it found exits that woke the parent before giving memory back)."""
	with boot(memory='256M', smp=4, kmesg_ok=KMESG_USERTESTS) as q:
		q.expect_prompt(120)
		for i in range(5):
			out = q.run('/test/usertests; echo status $status', timeout=300)
			t.check('run%d.summary' % i, re.search(r'^usertests: \d+ passed, 0 failed$', out, re.M) is not None,
				repr(out[-400:]))
			t.check('run%d.status' % i, out.endswith('status \n'), repr(out[-200:]))
		t.check('alive', q.run('echo alive') == 'alive\n')
