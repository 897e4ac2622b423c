"""The system-call fuzzer (tests/guest/sysfuzz.c) under several seeds:
random calls from user programs must leave the kernel alive.  After
each seed the console must show no kernel panic or trap, and the
shell must still answer; at the end ls and cat must work.
NINEQ_SYSFUZZ_SEEDS (e.g. "1 2 3") and NINEQ_SYSFUZZ_SECONDS (per
seed) override the defaults."""

import os
import re

from harness import test, boot

CHECKS = 19		# result lines this file prints (tests/harness.py)

# workers die of their own bad calls; sysfuzz itself judges each death
KMESG_FUZZ = r'^sysfuzz \d+: suicide: sys: '

BAD = re.compile(r'panic:|trap #|9q: halted')


def seeds():
	s = os.environ.get('NINEQ_SYSFUZZ_SEEDS', '1 2 3 4')
	return [int(x) for x in s.split()]


@test(timeout=240)
def sysfuzz(t):
	secs = int(os.environ.get('NINEQ_SYSFUZZ_SECONDS', '14'))
	with boot(memory='256M', kmesg_ok=[KMESG_FUZZ]) as q:
		q.expect_prompt(60)
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
		out = q.run('ls /bin/echo /lib/profile')
		t.check('ls', out == '/bin/echo\n/lib/profile\n', repr(out))
		out = q.run('echo hello >/tmp/fuzzcheck; cat /tmp/fuzzcheck; rm /tmp/fuzzcheck')
		t.check('cat', out == 'hello\n', repr(out))
		out = q.run('ls /tmp')
		t.check('tmp_clean', 'sysfuzz' not in out, repr(out))
