"""The system-call fuzzer (tests/guest/sysfuzz.c) under several seeds:
random calls from user programs must leave the kernel alive.  The
machine has live devices for it: a virtio-9p share of its own (tag
fuzz, an empty host directory) and a virtio-serial port whose host
end echoes what it gets.  After each seed the console must show no
kernel panic or trap and the shell must still answer; after a
quiesce, the kernel's memory in use must not grow over the last seed,
by when its caches are warm; at the end ls and cat must work.
NINEQ_SYSFUZZ_SEEDS (e.g. "1 2 3") and NINEQ_SYSFUZZ_SECONDS (per
seed) override the defaults."""

import os
import re
import threading
import time

from harness import test, boot, Sockets, share9p

CHECKS = 22		# result lines this file prints (tests/harness.py)

# workers die of their own bad calls; sysfuzz itself judges each death
KMESG_FUZZ = r'^sysfuzz \d+: suicide: sys: '

BAD = re.compile(r'panic:|trap #|9q: halted')

# growth allowed over the last seed, after a quiesce
LEAKBYTES = 64 * 1024
LEAKPAGES = 32


def seeds():
	s = os.environ.get('NINEQ_SYSFUZZ_SEEDS', '1 2 3 4')
	return [int(x) for x in s.split()]


class Live:
	"""The host ends: a directory to share and an echoing port."""

	def __init__(self):
		self.socks = Sockets(['port'], prefix='9q-fuzz-')
		self.share = os.path.join(self.socks.dir, 'share')
		os.mkdir(self.share)
		self.got = 0		# bytes the guest wrote to the port
		self.shared = False	# the share ever had something in it
		self.stop = False
		threading.Thread(target=self.echo, daemon=True).start()
		threading.Thread(target=self.watch, daemon=True).start()

	def args(self):
		return share9p(self.share, 'fuzz') + ['-device', 'virtio-serial-pci,max_ports=1',
			'-device', 'virtconsole,chardev=port'] + self.socks.chardev('port', reconnect=False)

	def echo(self):
		try:
			c = self.socks.accept('port', timeout=None)
			while True:
				b = c.recv(65536)
				if not b:
					break
				self.got += len(b)
				c.sendall(b)
		except OSError:
			pass

	def watch(self):
		while not self.stop:
			try:
				if os.listdir(self.share):
					self.shared = True
			except OSError:
				pass
			time.sleep(0.2)

	def close(self):
		self.stop = True
		self.socks.close()


def kernmem(q):
	"""Kernel malloc bytes in use and free pages, after a quiesce."""
	q.run('sleep 1')
	out = q.run('cat /dev/swap')
	a = re.search(r'^(\d+)/\d+ kernel malloc', out, re.M)
	b = re.search(r'^(\d+)/\d+ pages free', out, re.M)
	return (int(a.group(1)), int(b.group(1))) if a and b else None


@test(timeout=300)
def sysfuzz(t):
	secs = int(os.environ.get('NINEQ_SYSFUZZ_SECONDS', '14'))
	h = Live()
	try:
		with boot(memory='256M', kmesg_ok=[KMESG_FUZZ], extra_args=h.args()) as q:
			q.expect_prompt(60)
			mem = []
			for seed in seeds():
				start = len(q.text)
				out = q.run('/test/sysfuzz -t %d %d 100000; echo status $status' % (secs, seed),
					timeout=secs + 60)
				console = q.text[start:]
				m = re.search(r'^sysfuzz: seed \d+: .*$', out, re.M)
				if m:
					print('# ' + m.group(0))
				t.check('seed%d.ok' % seed, re.search(r'^sysfuzz: ok$', out, re.M) is not None,
					repr(out[-600:]))
				t.check('seed%d.status' % seed, out.endswith('status \n'), repr(out[-200:]))
				bad = BAD.search(console)
				t.check('seed%d.nopanic' % seed, bad is None,
					repr(console[max(0, bad.start() - 300):bad.start() + 300]) if bad else '')
				t.check('seed%d.shell' % seed, q.run('echo alive') == 'alive\n')
				mem.append(kernmem(q))
			print('# kernel malloc bytes, free pages after each seed: %r' % mem)
			# the kernel's caches (request buffers, free Procs) are bounded:
			# by the last seed they are warm, and what a leak leaves grows
			a, b = (mem[-2], mem[-1]) if len(mem) >= 2 else (None, None)
			t.check('noleak', a is not None and b is not None and
				b[0] - a[0] <= LEAKBYTES and a[1] - b[1] <= LEAKPAGES,
				'after each seed %r: the last grew more than +%d bytes or -%d pages'
				% (mem, LEAKBYTES, LEAKPAGES))
			t.check('live.port', h.got > 0, 'the port got %d bytes' % h.got)
			t.check('live.share', h.shared, 'nothing ever appeared in the share')
			out = q.run('ls /bin/echo /lib/profile')
			t.check('ls', out == '/bin/echo\n/lib/profile\n', repr(out))
			out = q.run('echo hello >/tmp/fuzzcheck; cat /tmp/fuzzcheck; rm /tmp/fuzzcheck')
			t.check('cat', out == 'hello\n', repr(out))
			out = q.run('ls /tmp')
			t.check('tmp_clean', 'sysfuzz' not in out, repr(out))
	finally:
		h.close()
