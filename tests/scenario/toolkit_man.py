"""man(1) and 9fs(1) at the shell, and the pages themselves: a page
of each section, one small page's exact formatted text, man -k and
-w, the error and status of a missing page, the usage lines; every
program of the guest's /bin and of cmd/ has a page in section 1 or 8
and every device of the kernel's devtab one in section 3 (computed
from the tree, so a new command or device without a page fails).
9fs mounts a virtio-9p share at /n/tag, lists the tags, refuses an
unknown one; -append mount=all and mount=harvtmp mount shares at
boot."""

import os
import re
import shutil
import tempfile

from harness import test, boot, ROOT, share9p

CHECKS = 31		# result lines this file prints (tests/harness.py)

MANUSAGE = 'usage: man [-w] [section ...] name ...\n       man -k word\n'
NINEFSUSAGE = 'usage: 9fs [tag [mountpoint]]\n'

# man 1 pwd, exactly: title, headings, filled text at 72 columns
PWD = '''PWD(1)                                                            PWD(1)

NAME
     pwd - print the working directory

SYNOPSIS
     pwd

DESCRIPTION
     Pwd prints the name of the current directory, as the kernel
     remembers it for the channel of ., and a newline. It takes no
     arguments.

SOURCE
     cmd/pwd.c

SEE ALSO
     rc(1) (its cd command)

DIAGNOSTICS
     pwd: .: error when the directory cannot be opened.
'''


def ck(t, q, name, cmd, want, timeout=30):
	out = q.run(cmd, timeout)
	t.check(name, out == want, 'ran %r: got %r, want %r' % (cmd, out, want))


def commands():
	"""The guest's programs, from the tree: cmd/NAME.c and the shell."""
	names = [f[:-2] for f in os.listdir(os.path.join(ROOT, 'cmd')) if f.endswith('.c')]
	if os.path.isdir(os.path.join(ROOT, 'cmd', 'rc')):
		names.append('rc')
	return sorted(names)


def devices():
	"""(name, letter) of each Dev in kern/pc64/conf.c's devtab."""
	conf = open(os.path.join(ROOT, 'kern', 'pc64', 'conf.c')).read()
	table = re.search(r'Dev \*devtab\[\] = \{(.*?)\};', conf, re.S).group(1)
	tabs = re.findall(r'&(\w+)', table)
	src = ''
	for d in ('port', 'pc64', 'virtio'):
		p = os.path.join(ROOT, 'kern', d)
		for f in os.listdir(p):
			if f.endswith('.c'):
				src += open(os.path.join(p, f)).read()
	devs = []
	for tab in tabs:
		m = re.search(r'Dev %s = \{\s*\'(.)\',\s*"([^"]+)"' % tab, src)
		devs.append((m.group(2), m.group(1)) if m else (tab, tab))
	return devs


def listing(q, dir):
	out = q.run('ls ' + dir)
	return set(l[len(dir) + 1:] for l in out.split('\n') if l.startswith(dir + '/'))


@test(timeout=240)
def man(t):
	with boot(memory='256M') as q:
		q.expect_prompt(60)
		# the title line of a page in each section (sed 1q: a page's
		# examples show term% prompts, which a test would take for one)
		for sec, name in (('1', 'cat'), ('2', 'regexp'), ('3', 'cons'), ('4', 'ufs'), ('8', 'init')):
			out = q.run('man %s %s | sed 1q' % (sec, name))
			t.check('section' + sec, re.match(r'^%s\(%s\) +%s\(%s\)\n$' % (name.upper(), sec,
				name.upper(), sec), out) is not None, repr(out))
		ck(t, q, 'exact', 'man 1 pwd', PWD)
		ck(t, q, 'nosection', 'man pwd | sed 1q', PWD.split('\n')[0] + '\n')
		ck(t, q, 'k', "man -k 'working directory'", 'pwd(1): pwd - print the working directory\n')
		out = q.run('man -k FILES')
		t.check('k.case', 'cat(1): cat - copy files to standard output\n' in out
			and 'cp(1): cp - copy files\n' in out, repr(out))
		out = q.run('man -k zzqqy; echo status $status')
		t.check('k.none', re.match(r'^man: zzqqy: nothing appropriate\nstatus \S.*no match\n$', out)
			is not None, repr(out))
		ck(t, q, 'w', 'man -w cat; man -w 3 9', '/sys/man/1/cat\n/sys/man/3/9\n')
		out = q.run('man nosuch; echo status $status')
		t.check('missing', re.match(r'^man: nosuch: no manual page\nstatus \S.*no man\n$', out)
			is not None, repr(out))
		out = q.run('man 3 cat; echo status $status')
		t.check('missing.section', re.match(r'^man: cat: no manual page\nstatus \S', out)
			is not None, repr(out))
		out = q.run('man ../1/cat; echo status $status')
		t.check('missing.slash', re.match(r'^man: \.\./1/cat: no manual page\nstatus \S', out)
			is not None, repr(out))
		for name, cmd in (('usage', 'man'), ('usage.flag', 'man -z cat'), ('usage.k', 'man -k')):
			out = q.run(cmd + '; echo status $status')
			t.check(name, out.startswith(MANUSAGE) and re.match(r'status \S', out[len(MANUSAGE):])
				is not None, repr(out))

		# every program has a page, in the tree and in the guest
		bin = listing(q, '/bin')
		pages = listing(q, '/sys/man/1') | listing(q, '/sys/man/8')
		progs = set(commands()) | bin
		lacking = sorted(progs - pages)
		t.check('pages.commands', bin and not lacking, 'no section 1 or 8 page: %s' % lacking)
		t.check('pages.bin', set(commands()) <= bin, 'not in /bin: %s' % sorted(set(commands()) - bin))
		sec3 = listing(q, '/sys/man/3')
		lacking = [n for n, l in devices() if n not in sec3 and l not in sec3]
		t.check('pages.devices', len(devices()) >= 12 and not lacking, 'no section 3 page: %s' % lacking)


class Shares:
	"""Two host directories, harvtmp and hosttmp, as in v9p.py."""

	def __init__(self):
		self.dir = tempfile.mkdtemp(prefix='9q-man-')
		for tag in ('harvtmp', 'hosttmp'):
			os.mkdir(os.path.join(self.dir, tag))
			with open(os.path.join(self.dir, tag, 'hello'), 'w') as f:
				f.write('hello from %s\n' % tag)

	def args(self):
		return [a for tag in ('harvtmp', 'hosttmp') for a in share9p(os.path.join(self.dir, tag), tag)]

	def close(self):
		shutil.rmtree(self.dir, ignore_errors=True)


@test(timeout=180)
def ninefs(t):
	s = Shares()
	try:
		with boot(memory='256M', extra_args=s.args()) as q:
			q.expect_prompt(60)
			ck(t, q, 'list', '9fs', 'harvtmp\nhosttmp\n')
			ck(t, q, 'mount', '9fs harvtmp; cat /n/harvtmp/hello', 'hello from harvtmp\n')
			out = q.run('cat /dev/mtags')
			t.check('mtags', re.match(r'^harvtmp:9P2000\.u:\d+:\d+:\d+\nhosttmp:-\n$', out) is not None,
				repr(out))
			ck(t, q, 'mountpoint', 'mkdir /tmp/h; 9fs hosttmp /tmp/h; cat /tmp/h/hello', 'hello from hosttmp\n')
			out = q.run('9fs nosuch; echo status $status')
			t.check('unknown', re.match(r'^9fs: nosuch: mount tag not known\nstatus \S', out) is not None,
				repr(out))
			for name, cmd in (('usage', '9fs -z'), ('usage.args', '9fs a b c'), ('usage.slash', '9fs a/b')):
				out = q.run(cmd + '; echo status $status')
				t.check(name, out.startswith(NINEFSUSAGE) and re.match(r'status \S',
					out[len(NINEFSUSAGE):]) is not None, repr(out))
	finally:
		s.close()


@test(timeout=180)
def mount_all(t):
	s = Shares()
	try:
		with boot(memory='256M', extra_args=s.args(), append='mount=all') as q:
			q.expect_prompt(60)
			ck(t, q, 'all', 'cat /n/harvtmp/hello /n/hosttmp/hello',
				'hello from harvtmp\nhello from hosttmp\n')
	finally:
		s.close()


@test(timeout=180)
def mount_tag(t):
	s = Shares()
	try:
		with boot(memory='256M', extra_args=s.args(), append='mount=harvtmp') as q:
			q.expect_prompt(60)
			ck(t, q, 'one', 'cat /n/harvtmp/hello', 'hello from harvtmp\n')
			out = q.run('cat /dev/mtags')
			t.check('others', re.match(r'^harvtmp:9P2000\.u:\d+:\d+:\d+\nhosttmp:-\n$', out) is not None,
				repr(out))
	finally:
		s.close()
