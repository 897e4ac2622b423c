"""./run-qemu.sh itself, as README tells a user to start 9q: it boots
to the prompt, the seed's harvtmp share is ./tmp of the checkout, the
seed's virtio-serial port reaches the ufs it started (serving /tmp)
through 9pvpxy, two -share options add shares reachable by their
tags, the script prints just its one line before 9q's banner, and
`halt` ends QEMU, the script (status 0) and its ufs."""

import os
import shutil
import subprocess
import tempfile
import time

from harness import test, Qemu, ROOT

CHECKS = 9		# result lines this file prints (tests/harness.py)

UFS = 'out/util/ufs -ntype=unix -addr=/tmp/vc02'


class RunQemu(Qemu):
	"""The script instead of a QEMU command line of our own."""

	def __init__(self, args=(), **kw):
		Qemu.__init__(self, **kw)
		self.args = list(args)

	def argv(self):
		return [os.path.join(ROOT, 'run-qemu.sh')] + self.args


def ufsrunning():
	r = subprocess.run(['pgrep', '-f', UFS], stdout=subprocess.PIPE)
	return r.stdout.split()


@test(timeout=180)
def run_qemu_sh(t):
	if ufsrunning():
		raise AssertionError('a ufs on /tmp/vc02 is already running: %r' % ufsrunning())
	stamp = 'runqemu-%d-%d' % (os.getpid(), int(time.time()))
	mine = os.path.join(ROOT, 'tmp', stamp)
	host = os.path.join('/tmp', stamp)
	os.makedirs(os.path.join(ROOT, 'tmp'), exist_ok=True)
	with open(host, 'w') as f:
		f.write('from the host\n')
	with open(mine, 'w') as f:	# the seed's mount has no -c: no creating
		f.write('x\n')
	extra = tempfile.mkdtemp(prefix='9q-runqemu-')
	for d in ('one', 'two'):
		os.mkdir(os.path.join(extra, d))
		with open(os.path.join(extra, d, 'f'), 'w') as f:
			f.write('share %s\n' % d)
	one, two = os.path.join(extra, 'one'), os.path.join(extra, 'two')
	q = RunQemu(args=['-share', one, '-share', two + ':second'],
		log=os.path.join(ROOT, 'out', 'tests', 'runqemu.run_qemu_sh.log'))
	try:
		q.start()
		q.expect_prompt(120)
		# up to QEMU's firmware (SeaBIOS clears the screen first)
		said = q.text[:q.text.find('9q: ')].split('\x1b')[0]
		want = ('run-qemu.sh: leave QEMU with ^A x; 9p shares harvtmp=%s/tmp hosttmp=/tmp one=%s second=%s; '
			'serial port virtio-console-2 on /tmp/vc02 (ufs serving /tmp)\n' % (ROOT, one, two))
		t.check('oneline', said == want, 'said %r, want %r' % (said, want))
		out = q.run('cat /dev/mtags')
		t.check('shares.tags', out == 'harvtmp:-\nhosttmp:-\none:-\nsecond:-\n', repr(out))
		out = q.run('9fs one; 9fs second; cat /n/one/f /n/second/f; unmount /n/one; unmount /n/second')
		t.check('shares.read', out == 'share one\nshare two\n', repr(out))
		out = q.run("mount -d '#9' /dev/null /mnt/xxx harvtmp; echo guest > /mnt/xxx/%s; cat /dev/mtags" % stamp)
		t.check('harvtmp', out.startswith('harvtmp:9P2000.u:') and os.path.exists(mine)
			and open(mine).read() == 'guest\n', repr(out))
		q.run('unmount /mnt/xxx')
		out = q.run("srv -e '9pvpxy /dev/virtcon/virtio-console-2' vc2; mount -c -n /srv/vc2 /mnt/xxx; cat /mnt/xxx/%s" % stamp, timeout=60)
		t.check('ufs', out == 'from the host\n', repr(out))
		t.check('ufs.started', len(ufsrunning()) >= 1, repr(ufsrunning()))
		q.sendline('halt')
		t.check('halted', q.find(r'9q: halted\n', 30) is not None, q.text[-300:])
		try:
			q.proc.wait(20)
		except subprocess.TimeoutExpired:
			pass
		t.check('script.exit', q.proc.poll() == 0, 'status %r' % q.proc.poll())
		end = time.monotonic() + 5
		while ufsrunning() and time.monotonic() < end:
			time.sleep(0.2)
		t.check('ufs.stopped', not ufsrunning(), repr(ufsrunning()))
	finally:
		q.kill()
		for p in (mine, host):
			try:
				os.unlink(p)
			except OSError:
				pass
		shutil.rmtree(extra, ignore_errors=True)
