"""Kernel profiling as Plan 9's kprof(3) and kprof(1): #K's kpdata is
as big as the kernel's text says (two counts, then one per 8 bytes),
a kernel busy filling /dev/zero reads is caught in memset by kprof
reading out/9q.elf from a virtio-9p share, the counts stand still
after stop and start from zero after startclr, and bad control
messages, a bad kernel file and a bad usage are refused."""

import os
import re
import shutil
import subprocess
import tempfile

from harness import test, boot, ROOT, share9p

CHECKS = 9		# result lines this file prints (tests/harness.py)

ELF = os.path.join(ROOT, 'out', '9q.elf')


def textsize():
	"""Bytes of kernel text: etext less the .text section's address."""
	syms = subprocess.run(['nm', ELF], capture_output=True, text=True, check=True).stdout
	etext = int(re.search(r'^([0-9a-f]+) \w etext$', syms, re.M).group(1), 16)
	secs = subprocess.run(['readelf', '-SW', ELF], capture_output=True, text=True, check=True).stdout
	text = int(re.search(r'\.text\s+PROGBITS\s+([0-9a-f]+)', secs).group(1), 16)
	return etext - text


def header(out):
	"""kprof's first line: (total, in kernel text, outside), or None."""
	m = re.search(r'^total: (\d+)\tin kernel text: (\d+)\toutside kernel text: (\d+)$', out, re.M)
	return tuple(int(x) for x in m.groups()) if m else None


@test(timeout=300)
def kprof(t):
	d = tempfile.mkdtemp(prefix='9q-kprof-')
	try:
		shutil.copy(ELF, os.path.join(d, '9q.elf'))
		with boot(memory='256M', extra_args=share9p(d, 'kp')) as q:
			q.expect_prompt(60)
			q.run("bind -a '#K' /dev; mount -c -d '#9' /dev/null /n/kp kp")
			want = 4 * (2 + (textsize() + 7) // 8)
			out = q.run('ls -l /dev/kpdata')
			t.check('size', out.split()[5] == str(want), 'want %d: %r' % (want, out))

			out = q.run('echo startclr > /dev/kpctl; dd -if /dev/zero -of /dev/null -bs 65536 -count 60000 >[2]/dev/null; '
				'echo stop > /dev/kpctl; kprof /n/kp/9q.elf /dev/kpdata', timeout=240)
			h = header(out)
			t.check('ticks', h is not None and h[0] >= 50 and h[1] + h[2] == h[0], repr(out[:300]))
			# the busiest function but the idle loop (runproc, inlined in schedinit)
			busy = [l.split('\t')[2] for l in out.splitlines() if re.match(r'^\d+\t +\d+\.\d\t', l)
				and l.split('\t')[2] != 'schedinit']
			t.check('memset', busy[:1] == ['memset'], repr(out[:600]))
			# the functions' shares add up to the kernel's (each rounded to a tenth)
			rows = [l for l in out.splitlines() if re.match(r'^\d+\t +\d+\.\d\t', l)]
			pct = sum(float(l.split('\t')[1]) for l in rows)
			kern = 100.0 * h[1] / h[0] if h and h[0] else -1
			t.check('percent', abs(pct - kern) <= 0.05 * len(rows) + 0.1, 'sum %.1f, kernel %.1f: %r' % (pct, kern, out[:300]))

			again = q.run('sleep 1; kprof /n/kp/9q.elf /dev/kpdata')
			t.check('stopped', header(again) == h, '%r then %r' % (h, header(again)))
			out = q.run('echo startclr > /dev/kpctl; echo stop > /dev/kpctl; kprof /n/kp/9q.elf /dev/kpdata')
			h = header(out)
			t.check('startclr', h is not None and h[0] < 10, repr(out[:200]))

			out = q.run('echo bogus > /dev/kpctl')
			t.check('badctl', 'bad process or channel control request' in out, repr(out))
			out = q.run('kprof /dev/kpdata /dev/kpdata')
			t.check('notelf', out.strip() == 'kprof: /dev/kpdata: not a 64-bit ELF file', repr(out))
			out = q.run('kprof /n/kp/9q.elf')
			t.check('usage', out.strip() == 'usage: kprof kernel kpdata', repr(out))
	finally:
		shutil.rmtree(d, ignore_errors=True)
