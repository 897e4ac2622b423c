"""SPEC's lines that had no test, each typed as a user would and
compared with the exact output: line editing (backspace, ^U); rc's
`<`, `||`, `if`, `if not`, `cd`, `exit` seen by the parent in
`$status`; `ls -d`, `rm -r`, `wc -l`, `date`, `pwd`, `mkdir -p`;
`bind -c`, `mount -a`, `mount -b` and `mount -c` (union order in ls,
which file wins, where a create goes); separate address spaces
(/test/memapart); preemption (spinning jobs do not stop the shell
from answering).  The usage lines and error forms of every command
are in usage.py."""

import calendar
import re
import time

from harness import test, boot, ConsoleError

CHECKS = 84		# result lines this file prints (tests/harness.py)


def start():
	q = boot(memory='128M')
	q.expect_prompt(60)
	return q


def same(out, want):
	return want.fullmatch(out) is not None if hasattr(want, 'fullmatch') else out == want


def table(t, q, rows):
	"""rows of (name, command line, exact output or compiled regex)."""
	for name, cmd, want in rows:
		out = q.run(cmd)
		t.check(name, same(out, want), 'ran %r: got %r, want %r' % (cmd, out,
			want.pattern if hasattr(want, 'pattern') else want))


def status(cmd):
	"""A regex for the status of a failed cmd as rc shows it: 'cmd PID: why'."""
	return r'%s \d+: ' % re.escape(cmd)


RC = [
	# < reads a file, for a command and for a block
	('redirect_in', 'echo abc > /tmp/in; echo def >> /tmp/in; cat < /tmp/in', 'abc\ndef\n'),
	('redirect_in_block', '{read; echo --; cat} < /tmp/in', 'abc\n--\ndef\n'),
	('redirect_in_wc', 'wc -l < /tmp/in', '      2\n'),
	('redirect_in_missing', 'cat < /nope; echo $status',
		"rc: can't open /nope: '/nope' file does not exist\ncan't open\n"),
	# || runs its right side only when the left one fails
	('oror', 'test -d /nope || echo rescued', 'rescued\n'),
	('oror_skips', 'test -d /tmp || echo rescued; echo $status', '\n'),
	('oror_both_fail', 'test -d /nope || test -d /nope2; echo $status',
		re.compile(status('test') + 'false\n')),
	('oror_andand', 'test -d /nope || test -d /tmp && echo both', 'both\n'),
	# if and if not, on one line and on the next
	('if', 'if(test -d /tmp) echo yes', 'yes\n'),
	('if_false', 'if(test -d /nope) echo yes', ''),
	('if_not_next_line', 'if not echo no', 'no\n'),
	('if_not_after_true', 'if(test -d /tmp) echo yes; if not echo no', 'yes\n'),
	('if_not_same_line', 'if(test -d /nope) echo yes; if not echo no', 'no\n'),
	('if_block', 'if(test -d /tmp){echo a; echo b}; if not echo c', 'a\nb\n'),
	# cd changes the shell's directory, relative names too; a child's cd is its own
	('cd_pwd', 'cd /tmp; pwd; cd /; pwd', '/tmp\n/\n'),
	('cd_relative', 'mkdir /tmp/rel; cd /tmp; cd rel; pwd; cd ..; pwd', '/tmp/rel\n/tmp\n'),
	('cd_home', 'home=/bin; cd; pwd', '/bin\n'),
	('cd_fails', "cd /tmp; cd /nope; echo $status; pwd",
		"cd: /nope: '/nope' file does not exist\ncan't cd\n/tmp\n"),
	('cd_not_dir', 'cd /bin/cat; pwd', 'cd: /bin/cat: not a directory\n/tmp\n'),
	('cd_child', "rc -c 'cd /bin; pwd'; pwd", '/bin\n/tmp\n'),
	# exit ends the shell at once; the parent sees its status
	('exit_status', "rc -c 'exit oops'; echo $status", re.compile(status('rc') + 'oops\n')),
	('exit_plain', "rc -c 'exit'; echo $status", '\n'),
	('exit_stops', "rc -c 'echo a; exit b; echo c'; echo $status", re.compile('a\n' + status('rc') + 'b\n')),
	('exit_in_block', "rc -c '{echo a; exit b}; echo c'; echo $status", re.compile('a\n' + status('rc') + 'b\n')),
	('exit_keeps_status', "rc -c 'test -d /nope; exit'; echo $status",
		re.compile(status('rc') + status('test') + 'false\n')),
	# a line longer than one read of the console is one command, with no $prompt(2) inside
	('long_line', 'echo ' + 'a' * 300 + ' | wc -c', '    301\n'),
	('exit_script', "echo 'exit fromfile; echo no' > /tmp/s.rc; rc /tmp/s.rc; echo $status",
		re.compile(status('rc') + 'fromfile\n')),
]


@test(timeout=120)
def rc_runtime(t):
	with start() as q:
		table(t, q, RC)
		# an unfinished command gets $prompt(2), a tab, before its next line
		mark = len(q.text)
		q.sendline('{echo a')
		q.drain(1)
		q.sendline('echo b}')
		q.expect_prompt(10)
		out = q.text[mark:q.pos - len('term% ')]
		t.check('continued', out == '{echo a\n\techo b}\na\nb\n', repr(out))
		# exit in the console's shell ends it; init starts another
		pid = q.run('cd /; echo $pid').strip()
		out = q.run('exit')
		again = q.run('echo $pid; pwd')
		m = re.fullmatch(r'(\d+)\n/\n', again)
		t.check('exit_shell', out == '' and m is not None and m.group(1) != pid,
			'exit printed %r; then the shell said %r (pid was %s)' % (out, again, pid))


COMMANDS = [
	# ls -d names a directory itself, not what is in it
	('ls_d', 'mkdir /tmp/d; echo x > /tmp/d/f; ls -d /tmp/d; ls /tmp/d', '/tmp/d\n/tmp/d/f\n'),
	('ls_d_several', 'ls -d /tmp/d/f /tmp/d', '/tmp/d\n/tmp/d/f\n'),
	('ls_ld', 'ls -ld /tmp/d', re.compile(r'd-rwxrwxrwx T 0 glenda glenda 0 [A-Z][a-z][a-z] [ \d]\d \d\d:\d\d /tmp/d\n')),
	# mkdir -p makes the parents and accepts what exists; plain mkdir does not
	('mkdir_p', 'mkdir -p /tmp/p/q/r; mkdir -p /tmp/p/q; echo $status; ls -d /tmp/p /tmp/p/q /tmp/p/q/r',
		'\n/tmp/p\n/tmp/p/q\n/tmp/p/q/r\n'),
	('mkdir_p_slashes', 'mkdir -p /tmp/s//t/; ls -d /tmp/s/t', '/tmp/s/t\n'),
	('mkdir_no_p', 'mkdir /tmp/x/y/z; echo $status',
		re.compile(re.escape("mkdir: /tmp/x/y/z: '/tmp/x' file does not exist\n") + status('mkdir') + r'\S+\n')),
	('mkdir_exists', 'mkdir /tmp/p; echo $status',
		re.compile(re.escape('mkdir: /tmp/p: file already exists\n') + status('mkdir') + r'\S+\n')),
	('mkdir_p_file', 'mkdir -p /tmp/d/f/g; echo $status; cat /tmp/d/f',
		re.compile(re.escape('mkdir: /tmp/d/f: file already exists\n') + status('mkdir') + r'\S+\nx\n')),
	# rm -r removes a whole tree and nothing else
	('rm_r', 'mkdir -p /tmp/r/a/b /tmp/keep; echo 1 > /tmp/r/f; echo 2 > /tmp/r/a/g; echo 3 > /tmp/r/a/b/h; '
		'rm -r /tmp/r; echo $status; test -e /tmp/r || echo gone; ls -d /tmp/keep', '\ngone\n/tmp/keep\n'),
	('rm_not_r', 'mkdir /tmp/r2; echo 1 > /tmp/r2/f; rm /tmp/r2; cat /tmp/r2/f',
		'rm: /tmp/r2: directory is not empty\n1\n'),
	('rm_r_file', 'rm -r /tmp/r2/f /tmp/r2; ls /tmp/r2 >[2]/dev/null || echo gone', 'gone\n'),
	# wc -l counts newlines; several files get a total
	('wc_l', 'seq 1 5 > /tmp/l; wc -l /tmp/l; wc -l < /tmp/l', '      5 /tmp/l\n      5\n'),
	('wc_l_words', "echo 'a b  c' > /tmp/w; echo d >> /tmp/w; wc -l /tmp/w", '      2 /tmp/w\n'),
	('wc_l_noeol', 'echo -n a > /tmp/nonl; wc -l /tmp/nonl </dev/null', '      0 /tmp/nonl\n'),
	('wc_l_total', 'wc -l /tmp/l /tmp/nonl', '      5 /tmp/l\n      0 /tmp/nonl\n      5 total\n'),
	('wc_cl', 'wc -cl /tmp/l', '      5      10 /tmp/l\n'),
	# pwd says where cd went, by the name used
	('pwd_root', 'cd /; pwd', '/\n'),
	('pwd_deep', 'cd /tmp/p/q/r; pwd; cd /', '/tmp/p/q/r\n'),
	('pwd_bound', 'bind /tmp/p /tmp/d; cd /tmp/d/q; pwd; cd /', '/tmp/d/q\n'),
]

MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec'
DATE = re.compile(r'(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (%s) [ 123]\d \d\d:\d\d:\d\d GMT \d{4}\n' % MONTHS)


def ctime(secs):
	"""Plan 9's date format for secs, from the host's calendar."""
	return time.strftime('%a %b %e %H:%M:%S GMT %Y\n', time.gmtime(secs))


@test(timeout=120)
def commands(t):
	with start() as q:
		table(t, q, COMMANDS)
		# date: Plan 9's format; now is the host's time (QEMU's clock is UTC)
		out = q.run('date')
		ok = DATE.fullmatch(out) is not None
		if ok:
			secs = calendar.timegm(time.strptime(out.strip(), '%a %b %d %H:%M:%S GMT %Y'))
			ok = abs(secs - time.time()) < 120 and out == ctime(secs)
		t.check('date', ok, 'date said %r, the host %r' % (out, ctime(time.time())))
		out = q.run('date -n')
		t.check('date_n', out.strip().isdigit() and abs(int(out) - time.time()) < 120,
			'date -n said %r, the host %d' % (out, time.time()))
		# given seconds: the calendar through leap days, 2100 being no leap year
		for secs in (0, 951782400, 1000000000, 4107542400):
			out = q.run('date %d' % secs)
			t.check('date_%d' % secs, out == ctime(secs), 'got %r, want %r' % (out, ctime(secs)))


def typed(q, keys):
	"""Type keys and Enter; return everything up to the prompt: the
	echo of the typing (rubouts included), then the output."""
	mark = len(q.text)
	q.pos = max(q.pos, mark)
	q.send(keys + '\r')
	m = q.expect(re.escape('term% '), 30)
	return q.text[mark:m.start()]


RUB = '\b \b'		# what the console echoes for each character rubbed out

EDITS = [
	# name, keys typed, what the console shows of them, then the command's output
	('backspace', 'echo abcX\x08d', 'echo abcX' + RUB + 'd', 'abcd\n'),
	('backspace_thrice', 'echo one\x08\x08\x08two', 'echo one' + RUB * 3 + 'two', 'two\n'),
	('backspace_rune', 'echo aβ\x08c', 'echo aβ' + RUB + 'c', 'ac\n'),
	('backspace_empty', '\x08\x08echo e', 'echo e', 'e\n'),
	('kill_line', 'echo junk\x15echo clean', 'echo junk' + RUB * 9 + 'echo clean', 'clean\n'),
	('kill_then_backspace', 'echo a\x15\x08echo b\x08c', 'echo a' + RUB * 6 + 'echo b' + RUB + 'c', 'c\n'),
	('kill_empty', '\x15echo k', 'echo k', 'k\n'),
]


@test(timeout=60)
def line_editing(t):
	"""Backspace rubs out one character (a whole UTF-8 rune), ^U the
	whole line, each on the screen too; neither goes past the line."""
	with start() as q:
		for name, keys, shown, want in EDITS:
			out = typed(q, keys)
			t.check(name, out == shown + '\n' + want, 'typed %r: got %r, want %r' % (keys, out, shown + '\n' + want))


@test(timeout=120)
def unions(t):
	"""Where a create goes in a union (bind -c, mount -c), the order
	mount -a and mount -b give, which same-named file wins."""
	with start() as q:
		table(t, q, [
			# only a -c element takes creates; the first such one in union order
			('bind_c', 'mkdir /tmp/u1 /tmp/u2 /tmp/u3 /tmp/m; bind /tmp/u1 /tmp/m; bind -ac /tmp/u2 /tmp/m; '
				'echo new > /tmp/m/n; ls /tmp/u1 /tmp/u2', '/tmp/u2/n\n'),
			('bind_c_read', 'cat /tmp/m/n', 'new\n'),
			('bind_bc', 'bind -bc /tmp/u3 /tmp/m; echo first > /tmp/m/f; mkdir /tmp/m/dir; ls /tmp/u1 /tmp/u2 /tmp/u3',
				'/tmp/u2/n\n/tmp/u3/dir\n/tmp/u3/f\n'),
			('bind_no_c', 'mkdir /tmp/v /tmp/w; bind -a /tmp/w /tmp/v; echo x > /tmp/v/x; ls /tmp/v /tmp/w',
				"rc: can't open /tmp/v/x: mounted directory forbids creation\n"),
			# two ramfs services and a /tmp directory, each holding its own 'same'
			('mount_setup', 'ramfs -S ra; ramfs -S rb; mkdir /tmp/ma /tmp/mb /tmp/mp; '
				'mount -c /srv/ra /tmp/ma; mount -c /srv/rb /tmp/mb; '
				'echo A > /tmp/ma/same; echo A > /tmp/ma/a; echo B > /tmp/mb/same; echo B > /tmp/mb/b; '
				'echo P > /tmp/mp/same; echo P > /tmp/mp/p; ls /tmp/ma /tmp/mb /tmp/mp',
				'/tmp/ma/a\n/tmp/ma/same\n/tmp/mb/b\n/tmp/mb/same\n/tmp/mp/p\n/tmp/mp/same\n'),
			('mount_a_order', 'mount -a /srv/ra /tmp/mp; ls -n /tmp/mp',
				'/tmp/mp/same\n/tmp/mp/p\n/tmp/mp/a\n/tmp/mp/same\n'),
			('mount_a_wins', 'cat /tmp/mp/same /tmp/mp/a', 'P\nA\n'),
			('mount_b_order', 'mount -b /srv/rb /tmp/mp; ls -n /tmp/mp',
				'/tmp/mp/b\n/tmp/mp/same\n/tmp/mp/same\n/tmp/mp/p\n/tmp/mp/a\n/tmp/mp/same\n'),
			('mount_b_wins', 'cat /tmp/mp/same /tmp/mp/b /tmp/mp/p /tmp/mp/a', 'B\nB\nP\nA\n'),
			('mount_no_c', 'echo x > /tmp/mp/x',
				"rc: can't open /tmp/mp/x: mounted directory forbids creation\n"),
			('unmount_one', 'unmount /srv/rb /tmp/mp; ls -n /tmp/mp; cat /tmp/mp/same',
				'/tmp/mp/same\n/tmp/mp/p\n/tmp/mp/a\n/tmp/mp/same\nP\n'),
			# mount -ac: creates go to the server, seen through its other mount
			('mount_c', 'mount -ac /srv/rb /tmp/mp; echo C > /tmp/mp/made; cat /tmp/mb/made; ls /tmp/ma',
				'C\n/tmp/ma/a\n/tmp/ma/same\n'),
		])


MEMAPART = ['same_heap_address', 'parent_keeps_own', 'load_faults', 'syscall_refused',
	'proc_clean', 'child_keeps_own', 'parent_writes_stay']


@test(timeout=60)
def address_spaces(t):
	"""tests/guest/memapart.c: a forked child's writes to data, bss,
	heap and stack are not seen by the parent nor the parent's by the
	child; the child's own pages are not there in the parent, neither
	to a load nor to a system call; no /proc file shows them."""
	with start() as q:
		out = q.run('/test/memapart; echo status $status')
		got = dict((m.group(2), m.group(0)) for m in re.finditer(r'^(ok|FAIL) ([^\s:]+).*$', out, re.M))
		for name in MEMAPART:
			line = got.get(name, 'no line for %s' % name)
			t.check('memapart.' + name, line == 'ok ' + name, line)
		t.check('memapart.status', out.endswith('memapart: 0 failed\nstatus \n')
			and len(got) == len(MEMAPART), repr(out[-300:]))


def answer_time(q, bound):
	"""Seconds from typing `echo here` to its output and the prompt, or
	None if that takes longer than bound."""
	t0 = time.monotonic()
	try:
		out = q.run('echo here', timeout=bound)
	except ConsoleError:
		return None
	dt = time.monotonic() - t0
	return dt if out == 'here\n' else None


@test(timeout=120)
def preemption(t):
	"""As many spinning background jobs as cpus (they make no system
	call, so only the clock can take a cpu from them) do not stop the
	shell answering within a bound, and they themselves make progress."""
	bound = 5.0
	with start() as q:
		n = q.smp
		idle = max(answer_time(q, 10) or 10 for _ in range(3))
		q.run(' '.join('/test/spin > /dev/null &' for i in range(n)))
		t0 = time.monotonic()
		time.sleep(0.5)
		times = [answer_time(q, bound) for _ in range(5)]
		t.check('answers', all(x is not None for x in times),
			'echo with %d spinners took %r s (bound %g s; idle %.2f s)' % (n, times, bound, idle))
		time.sleep(max(0, 3 - (time.monotonic() - t0)))
		try:
			out = q.run('ps', timeout=bound)
		except ConsoleError as e:
			out = str(e)
		# ps: user pid user-time sys-time size state name; each has had a second of cpu
		spins = re.findall(r'^\S+ +\d+ +(\d+):(\d\d) .* (Running|Ready) +spin$', out, re.M)
		t.check('spinners_progress', len(spins) == n and all(int(m)*60 + int(s) >= 1 for m, s, _ in spins),
			'want %d spinners running or ready, each with 0:01 or more: %r' % (n, out))
		q.run('kill spin | rc', timeout=30)
		time.sleep(0.5)
		out = q.run('ps', timeout=30)
		t.check('spinners_killed', ' spin\n' not in out, repr(out))
