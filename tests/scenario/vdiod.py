"""9pvpxy -L and -u (cmd/9pvpxy.c, translating with lib/9p/trans9p.c)
in front of Debian's diod, a host server that speaks only 9P2000.L, on
the Unix socket of a flow-controlled virtio-serial port.

diod attaches a user only if the host knows the name (it looks it up
in the password file, or takes a number), and 9q's user is glenda:
diod runs in a private mount name space (unshare -m, root) over a copy
of /etc/passwd with glenda added as uid 0, so nothing on the host
changes.  diod also answers a 9P2000 or 9P2000.u Tversion with Rlerror;
each way of mounting it in the wrong dialect must say so."""

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

from harness import test, boot

CHECKS = 20		# result lines this file prints (tests/harness.py)

PORT = '/dev/virtcon/port/9p'
BIG = 16 << 20


def sha1(path):
	with open(path, 'rb') as f:
		return hashlib.sha1(f.read()).hexdigest()


class Diod:
	"""A host directory exported by diod on a Unix socket."""

	def __init__(self):
		self.dir = tempfile.mkdtemp(prefix='9q-vdiod-')
		self.export = os.path.join(self.dir, 'export')
		os.mkdir(self.export)
		self.sock = os.path.join(self.dir, 'sock')
		self.log = os.path.join(self.dir, 'diod.log')
		self.proc = None

	def start(self):
		passwd = os.path.join(self.dir, 'passwd')
		with open('/etc/passwd') as f, open(passwd, 'w') as g:
			g.write(f.read() + 'glenda:x:0:0:9q:/:/bin/false\n')
		cmd = ('mount --bind %s /etc/passwd && exec diod -f -n -e %s -l %s -L %s'
			% (passwd, self.export, self.sock, self.log))
		self.proc = subprocess.Popen(['unshare', '-m', 'sh', '-c', cmd],
			stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
		for _ in range(100):
			if os.path.exists(self.sock) or self.proc.poll() is not None:
				break
			time.sleep(0.1)
		return os.path.exists(self.sock)

	def args(self):
		return ['-device', 'virtio-serial-pci',
			'-device', 'virtserialport,chardev=p9,name=9p',
			'-chardev', 'socket,id=p9,path=%s,reconnect=1' % self.sock]

	def path(self, *p):
		return os.path.join(self.export, *p)

	def close(self):
		if self.proc is not None and self.proc.poll() is None:
			self.proc.send_signal(signal.SIGTERM)
			try:
				self.proc.wait(10)
			except subprocess.TimeoutExpired:
				self.proc.kill()
				self.proc.wait()
		shutil.rmtree(self.dir, ignore_errors=True)


def guestls(out):
	"""{name: (mode, size)} from ls -l lines."""
	d = {}
	for m in re.finditer(r'^([-dalt][-rwx]{10}) \S+ \d+ \S+ \S+ +(\d+) .* (\S+)$', out, re.M):
		d[os.path.basename(m.group(3))] = (m.group(1), int(m.group(2)))
	return d


def gone(q, srv):
	"""Remove /srv/srv, so that its 9pvpxy reads end of file and lets the port go."""
	q.run('rm /srv/' + srv)
	for _ in range(20):
		if '9pvpxy' not in q.run('ps'):
			return
		time.sleep(0.5)
	raise Exception('9pvpxy behind /srv/%s did not end' % srv)


@test(timeout=600)
def diod_dotl(t):
	h = Diod()
	try:
		if not t.check('diod', h.start(), 'diod did not listen; is it installed, are we root?'):
			return
		with open(h.path('hello'), 'w') as f:
			f.write('hello from diod\n')
		with open(h.path('big'), 'wb') as f:
			f.write(os.urandom(BIG))
		os.mkdir(h.path('sub'))
		q = boot(memory='512M', extra_args=h.args())
		q.expect_prompt(60)

		# the wrong dialect, three ways: each says which one the host speaks
		out = q.run('mount -c %s /n/direct %s' % (PORT, h.export))
		t.check('plain.direct', 'server speaks 9P2000.L, not 9P2000' in out, repr(out))
		q.run("srv -e '9pvpxy %s' plain" % PORT)
		out = q.run('mount -c /srv/plain /n/plain %s' % h.export)
		t.check('plain.proxy', 'host speaks 9P2000.L only: use 9pvpxy -L' in out
			and 'server speaks 9P2000.L, not 9P2000' in out, repr(out))
		gone(q, 'plain')
		q.run("srv -e '9pvpxy -u %s' dotu" % PORT)
		out = q.run('mount -c /srv/dotu /n/dotu %s' % h.export)
		t.check('dotu.proxy', 'host speaks 9P2000.L, not 9P2000.u' in out, repr(out))
		gone(q, 'dotu')

		out = q.run("srv -e '9pvpxy -L %s' dotl" % PORT)
		t.check('srv', out == '', repr(out))
		out = q.run('mount -c /srv/dotl /n/d %s' % h.export)
		t.check('mount', out == '', repr(out))

		out = q.run('ls -l /n/d')
		mine = guestls(out)
		t.check('ls', mine.get('hello', ('',))[1:] == (16,) and mine.get('big', ('',))[1:] == (BIG,)
			and mine.get('sub', ('',))[0].startswith('d') and len(mine) == 3, repr(out))
		out = q.run('cat /n/d/hello')
		t.check('cat', out == 'hello from diod\n', repr(out))
		out = q.run('sha1sum /n/d/big', timeout=300)
		t.check('readsha1', out.split()[:1] == [sha1(h.path('big'))], repr(out))
		q.run('cp /n/d/big /n/d/back', timeout=300)
		t.check('writesha1', os.path.exists(h.path('back')) and sha1(h.path('back')) == sha1(h.path('big')))

		out = q.run('mkdir /n/d/newdir; ls -d /n/d/newdir')
		t.check('mkdir', out == '/n/d/newdir\n' and os.path.isdir(h.path('newdir')), repr(out))
		out = q.run('mv /n/d/newdir /n/d/renamed; ls /n/d')
		t.check('rename', os.path.isdir(h.path('renamed')) and not os.path.exists(h.path('newdir'))
			and '/n/d/renamed\n' in out, repr(out))
		out = q.run('rm /n/d/renamed /n/d/back; ls /n/d')
		t.check('rm', not os.path.exists(h.path('renamed')) and not os.path.exists(h.path('back'))
			and out == '/n/d/big\n/n/d/hello\n/n/d/sub\n', repr(out))

		# a directory read is a Treaddir and batches of Twalks, Tgetattrs
		# and Tclunks (trans9p.h); one interrupted ends, and the mount goes on
		os.mkdir(h.path('many'))
		for i in range(2000):
			open(h.path('many', 'f%04d' % i), 'w').close()
		start = time.monotonic()
		out = q.run('ls -l /n/d/many | wc -l', timeout=120)
		took = time.monotonic() - start
		t.check('many', out == '   2000\n', '%r in %.1fs' % (out, took))
		q.sendline('ls -l /n/d/many > /dev/null; ls -l /n/d/many > /dev/null')
		time.sleep(min(took / 3, 1))
		q.interrupt()
		t.check('interrupted', q.find(r'term% $', 60) is not None, repr(q.text[-300:]))
		out = q.run('ls /n/d/many | wc -l; cat /n/d/hello', timeout=120)
		t.check('after', out == '   2000\nhello from diod\n', repr(out))
		# many interrupted in their batches: a fid left on diod would make
		# the next read's walk onto it fail, and an entry go missing
		out = q.run('for(i in `{seq 20}){ ls -l /n/d/many > /dev/null & '
			'sleep 0.0$i; echo interrupt > /proc/$apid/note >[2] /dev/null && echo hit; sleep 0.5 }',
			timeout=300)
		hits = out.split().count('hit')
		t.check('interrupted.many', hits >= 5, '%d of 20 interrupted: %r' % (hits, out))
		out = q.run('ls -l /n/d/many | wc -l; cat /n/d/hello', timeout=120)
		t.check('interrupted.after', out == '   2000\nhello from diod\n', repr(out))
		out = q.run('cat /n/d/nothere')
		t.check('missing', "'/n/d/nothere' file does not exist" in out, repr(out))
		out = q.run('echo alive')
		t.check('alive', out == 'alive\n', repr(out))
	finally:
		h.close()
