"""SPEC: every command "prints `usage: …` on bad flags and `cmd: what:
error string` on failure, and sets a non-empty status".  One table
for each half, over every command of SPEC's list; the toolkit's
usage lines and missing-file errors are checked in tools.py (TOOLKIT
below), against its manual pages."""

import re

from harness import test, boot

CHECKS = 66		# result lines this file prints (tests/harness.py)

# SPEC's command list, in its order
SPEC_COMMANDS = ('cat echo ls mkdir rm cp mv wc cmp sha1sum date sleep ps kill pwd test '
	'bind mount unmount srv ns 9pvpxy pci halt '
	'grep sed tail xd time touch chmod du tee sort uniq tr seq basename read strings man 9fs').split()

# tools.py has these usage lines and error messages
TOOLKIT = 'tail xd time touch chmod du tee sort uniq tr seq basename read strings'.split()

# command, a bad use of it, its usage lines, the flags SPEC gives it
USAGE = [
	('cat', 'cat -z', ['usage: cat [file ...]'], ''),
	('ls', 'ls -z', ['usage: ls [-dlnpqrstuFQ] [file ...]'], 'ld'),
	('mkdir', 'mkdir -z', ['usage: mkdir [-p] [-m mode] dir ...'], 'p'),
	('mkdir_noarg', 'mkdir', ['usage: mkdir [-p] [-m mode] dir ...'], ''),
	('rm', 'rm -z', ['usage: rm [-fr] file ...'], 'r'),
	('cp', 'cp -z', ['usage: cp [-x] fromfile tofile', '       cp [-x] fromfile ... todir'], ''),
	('cp_onearg', 'cp a', ['usage: cp [-x] fromfile tofile', '       cp [-x] fromfile ... todir'], ''),
	('mv', 'mv -z', ['usage: mv fromfile tofile', '       mv fromfile ... todir'], ''),
	('wc', 'wc -z', ['usage: wc [-lwrbc] [file ...]'], 'cl'),
	('cmp', 'cmp -z', ['usage: cmp [-lsL] file1 file2 [offset1 [offset2]]'], ''),
	('sha1sum', 'sha1sum -z', ['usage: sha1sum [file ...]'], ''),
	('date', 'date -z', ['usage: date [-nu] [seconds]'], ''),
	('sleep', 'sleep -z', ['usage: sleep time'], ''),
	('ps', 'ps -z', ['usage: ps [-a]'], ''),
	('kill', 'kill -z', ['usage: kill pid|name ...'], ''),
	('pwd', 'pwd -z', ['usage: pwd'], ''),
	('bind', 'bind -z', ['usage: bind [-b|-a] [-cq] new old'], 'abc'),
	('bind_ab', 'bind -ab /tmp /tmp', ['usage: bind [-b|-a] [-cq] new old'], ''),
	('mount', 'mount -z', ['usage: mount [-b|-a] [-cCnq] [-d dev] servename old [spec]'], 'abcnd'),
	('unmount', 'unmount -z', ['usage: unmount [source] mountpoint'], ''),
	('srv', 'srv -z', ['usage: srv [-abcCq] -e command [srvname [mtpt]]'], 'e'),
	('ns', 'ns -z', ['usage: ns [-r] [pid]'], ''),
	('9pvpxy', '9pvpxy -z', ['usage: 9pvpxy [-u|-L] file'], 'uL'),
	('pci', 'pci -z', ['usage: pci'], ''),
	('halt', 'halt -z', ['usage: halt'], ''),
	('rc', 'rc -z', ['usage: rc [-il] [-c command] [file [arg ...]]'], 'c'),
	('grep', 'grep -z x', ['usage: grep [-bchiLlnsv] [-f file] [-e expr] [file ...]'], ''),
	('sed', 'sed -z p', ['usage: sed [-gln] [-e script] [-f file] [file ...]'], ''),
	('cd', 'cd a b', ['usage: cd [directory]'], ''),
	('man', 'man -z', ['usage: man [-w] [section ...] name ...', '       man -k word'], ''),
	('9fs', '9fs -z', ['usage: 9fs [tag [mountpoint]]'], ''),
]

# a failing use, and its exact message, "cmd: what: error"
ERRORS = [
	('cat', 'cat /nope', "cat: /nope: '/nope' file does not exist"),
	('echo', 'echo bogus >>/proc/$pid/ctl', 'echo: write error: bad process or channel control request'),
	('ls', 'ls /nope', "ls: /nope: '/nope' file does not exist"),
	('mkdir', 'mkdir /nope/a', "mkdir: /nope/a: '/nope' file does not exist"),
	('mkdir_exists', 'mkdir /tmp', 'mkdir: /tmp: file already exists'),
	('rm', 'rm /nope', "rm: /nope: '/nope' file does not exist"),
	('rm_nonempty', 'mkdir /tmp/full; echo x > /tmp/full/f; rm /tmp/full', 'rm: /tmp/full: directory is not empty'),
	('cp', 'cp /nope /tmp/x', "cp: /nope: '/nope' file does not exist"),
	('cp_create', 'cp /bin/cat /nope/x', "cp: can't create /nope/x: '/nope' file does not exist"),
	('mv', 'mv /nope /tmp/x', "mv: /nope: '/nope' file does not exist"),
	('wc', 'wc /nope', "wc: /nope: '/nope' file does not exist"),
	('cmp', 'cmp /bin/cat /nope', "cmp: /nope: '/nope' file does not exist"),
	('sha1sum', 'sha1sum /nope', "sha1sum: /nope: '/nope' file does not exist"),
	('sleep', 'sleep x', 'sleep: bad time: x'),
	('kill', 'kill 99999', "kill: 99999: '/proc/99999' file does not exist"),
	('test', 'test -Q x', 'test: unexpected word: x'),
	('bind', 'bind /nope /tmp', "bind: /nope: '/nope' file does not exist"),
	('mount', 'mount /nope /tmp', "mount: /nope: '/nope' file does not exist"),
	('mount_tag', "mount -d '#9' /dev/null /mnt/xxx nosuchtag", 'mount: /mnt/xxx: mount tag not known'),
	('unmount', 'unmount /bin', 'unmount: /bin: not mounted'),
	('srv', "srv -e 'ramfs -i' one; srv -e 'ramfs -i' one", 'srv: /srv/one: file already exists'),
	('ns', 'ns 99999', "ns: /proc/99999/ns: '/proc/99999' file does not exist"),
	('9pvpxy', '9pvpxy /nope', "9pvpxy: /nope: '/nope' file does not exist"),
	('cd', 'cd /nope', "cd: /nope: '/nope' file does not exist"),
	('rc', 'rc /nope', "rc: /nope: '/nope' file does not exist"),
	('rc_exec', '/bin/nope', "/bin/nope: '/bin/nope' file does not exist"),
	('grep', 'grep x /nope', "grep: /nope: '/nope' file does not exist"),
	('sed', 'sed p /nope', "sed: /nope: '/nope' file does not exist"),
	('man', 'man nope', 'man: nope: no manual page'),
	('9fs', '9fs nope', '9fs: nope: mount tag not known'),
]

# programs whose every use is valid or which cannot fail but by usage
NOFAIL = {'date', 'pwd', 'ps', 'pci', 'halt'}

STATUS = re.compile(r'^status (\S.*)$', re.M)


def start():
	q = boot(memory='128M')
	q.expect_prompt(60)
	return q


def nonempty(out):
	"""The status line echo printed, if the status was not empty."""
	m = STATUS.search(out)
	return m is not None


@test(timeout=120)
def usage_lines(t):
	"""Each command on a bad flag or argument count: its usage lines,
	exactly, on standard error (the console shows both), and a
	non-empty status."""
	with start() as q:
		out = q.run('ls /bin')
		have = set(l[len('/bin/'):] for l in out.split('\n') if l.startswith('/bin/'))
		missing = [c for c in SPEC_COMMANDS if c not in have and c != 'cd']
		t.check('spec_commands', not missing, 'SPEC lists these but /bin has not: %s' % ' '.join(missing))
		for name, cmd, lines, flags in USAGE:
			out = q.run('%s >/dev/null </dev/null; echo status $status' % cmd)
			want = '\n'.join(lines) + '\n'
			t.check(name + '.usage', out.startswith(want) and nonempty(out[len(want):])
				and all(re.search(r'-\S*' + f, lines[0]) for f in flags),
				'ran %r: got %r, want %r then a status (and SPEC\'s flags %r)' % (cmd, out, want, flags))
		# echo's only flag is -n: anything else is a word to print, as on Plan 9
		out = q.run('echo -z; echo status $status')
		t.check('echo.word', out == '-z\nstatus \n', repr(out))


@test(timeout=120)
def error_forms(t):
	"""Each command that can fail but by usage: `cmd: what: error`,
	exactly, and a non-empty status."""
	with start() as q:
		named = set(n.split('_')[0] for n, _, _ in ERRORS)
		lacking = [c for c in SPEC_COMMANDS if c not in named and c not in NOFAIL and c not in TOOLKIT]
		t.check('every_command', not lacking, 'no error case for %s' % lacking)
		for name, cmd, want in ERRORS:
			out = q.run('%s; echo status $status' % cmd)
			t.check(name + '.error', out.startswith(want + '\n') and nonempty(out[len(want) + 1:]),
				'ran %r: got %r, want %r then a status' % (cmd, out, want))
		# a command that ends at once takes its /srv file away, and srv fails
		out = q.run('srv -e nosuchcmd gone; echo status $status; ls /srv/gone')
		t.check('srv.ended', 'srv: nosuchcmd: command ended at once\nstatus srv' in out
			and "ls: /srv/gone: '/srv/gone' file does not exist" in out, repr(out))
		out = q.run("srv -e 'ramfs -i' alive; ls /srv/alive; rm /srv/alive")
		t.check('srv.alive', out == '/srv/alive\n', repr(out))
