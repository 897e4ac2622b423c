"""SPEC's shell and command lines, each typed as a user would and
compared with the exact output: line editing (backspace, ^U), `<`,
`||`, `if` and `if not`, `cd` and `pwd`, `exit` seen in `$status`,
`ls -d`, `mkdir -p`, `rm -r`, `wc -l`, `date`; and for the commands
here, the `usage:` line on a bad flag and the `cmd: what: error` form
on failure, each with a non-empty status."""

import re
import time

from harness import test, boot

CHECKS = 26		# result lines this file prints (tests/harness.py)

# command typed, exact output
EXACT = [
	('redirect_in', 'echo abc > /tmp/in; cat < /tmp/in', 'abc\n'),
	('oror', 'test -d /nope || echo rescued', 'rescued\n'),
	('oror_skips', 'test -d /tmp || echo rescued; echo $status', '\n'),
	('if', 'if(test -d /tmp) echo yes', 'yes\n'),
	('cd_pwd', 'cd /tmp; pwd; cd /; pwd', '/tmp\n/\n'),
	('exit_status', "rc -c 'exit oops'; echo $status", re.compile(r'rc \d+: oops\n')),
	('exit_plain', "rc -c 'exit'; echo $status", '\n'),
	('mkdir_p', 'mkdir -p /tmp/p/q/r; mkdir -p /tmp/p/q; echo $status; ls -d /tmp/p /tmp/p/q/r',
		'\n/tmp/p\n/tmp/p/q/r\n'),
	('ls_d', 'ls -d /tmp/p/q', '/tmp/p/q\n'),
	('rm_r', 'echo x > /tmp/p/q/f; rm -r /tmp/p; test -e /tmp/p || echo gone', 'gone\n'),
	('wc_l', 'seq 1 5 > /tmp/l; wc -l /tmp/l; wc -l < /tmp/l', '      5 /tmp/l\n      5\n'),
	('date', 'date', re.compile(r'(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) '
		r'[ 123]\d \d\d:\d\d:\d\d GMT \d{4}\n')),
]

# command, its usage line on a bad flag
USAGE = [
	('mkdir', 'usage: mkdir [-p] [-m mode] dir ...'),
	('rm', 'usage: rm [-fr] file ...'),
	('wc', 'usage: wc [-lwrbc] [file ...]'),
	('date', 'usage: date [-nu] [seconds]'),
	('ls', 'usage: ls [-dlnpqrstuFQ] [file ...]'),
]

# command that fails, its message
FAILS = [
	('rm /tmp/nope', "rm: /tmp/nope: '/tmp/nope' file does not exist"),
	('wc /nope', "wc: /nope: '/nope' file does not exist"),
	('cd /nope', "cd: /nope: '/nope' file does not exist"),
	('mkdir /tmp; echo', 'mkdir: /tmp already exists'),
]


def same(out, want):
	return want.fullmatch(out) is not None if hasattr(want, 'fullmatch') else out == want


@test(timeout=180)
def rc_and_commands(t):
	with boot(memory='128M') as q:
		q.expect_prompt(60)
		for name, cmd, want in EXACT:
			out = q.run(cmd)
			t.check(name, same(out, want), repr(out))
		q.run('if(test -d /nope) echo yes')
		out = q.run('if not echo no')
		t.check('if_not', out == 'no\n', repr(out))
		d = q.run('date -n').strip()
		t.check('date_n', d.isdigit() and abs(int(d) - time.time()) < 24 * 3600, repr(d))
		for cmd, want in USAGE:
			out = q.run('%s -z; echo status $status' % cmd)
			t.check('usage.' + cmd, out.split('\n')[0] == want and
				re.search(r'^status \S', out, re.M) is not None, repr(out))
		for cmd, want in FAILS:
			out = q.run('%s; echo status $status' % cmd.split(';')[0])
			t.check('error.' + cmd.split()[0], out.split('\n')[0] == want and
				re.search(r'^status \S', out, re.M) is not None, repr(out))


@test(timeout=60)
def line_editing(t):
	"""Backspace rubs out one character, ^U the whole line (the echo
	of the typing, with its rubouts, is the first line: dropped)."""
	with boot(memory='128M') as q:
		q.expect_prompt(60)
		typed = lambda line: q.run(line).partition('\n')[2]
		out = typed('echo abcX\x08d')
		t.check('backspace', out == 'abcd\n', repr(out))
		out = typed('echo junk\x15echo clean')
		t.check('kill_line', out == 'clean\n', repr(out))
		out = typed('echo one\x08\x08\x08two')
		t.check('backspace_thrice', out == 'two\n', repr(out))
