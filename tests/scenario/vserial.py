"""virtio-serial with MULTIPORT (kern/virtio/devvcon.c): a controller
with QEMU's default max_ports, a virtconsole (port 0) and named
virtserialports, as the seed's test plan (its 001 page) has them:
files and names, status, data both ways, the host end hanging up and
coming back (reconnect=1), flow control both ways with a slow side,
hot-plug with QMP, two controllers at once, one MSI-X vector per queue."""

import hashlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

from harness import test, boot, qmp, check_irqalloc, ROOT, Sockets

CHECKS = 41		# result lines this file prints (tests/harness.py)

MiB = 1 << 20


def Hosts(names):
	"""A listening Unix socket per chardev (tests/harness.py)."""
	return Sockets(names, prefix='9q-vser-')


def recvn(c, n):
	b = b''
	while len(b) < n:
		x = c.recv(n - len(b))
		if not x:
			break
		b += x
	return b


def status(q):
	return q.run('cat /dev/virtcon/status')


def waitstatus(q, line, secs=20):
	"""The status file shows line (the host's state changes as QEMU sees it)."""
	end = time.monotonic() + secs
	while True:
		out = status(q)
		if line in out.split('\n') or time.monotonic() > end:
			return out
		time.sleep(0.5)


def machine(h, extra=(), vectors=''):
	return (['-device', 'virtio-serial-pci,id=vs' + vectors,
		'-device', 'virtconsole,chardev=con,bus=vs.0'] + h.chardev('con') +
		['-device', 'virtserialport,chardev=x,name=org.example.x,bus=vs.0'] + h.chardev('x') +
		['-device', 'virtserialport,chardev=y,bus=vs.0'] + h.chardev('y') + list(extra))


@test(timeout=400)
def multiport(t):
	"""Ports by file and by name, status, data both ways, hang-up and
	reconnection, and each queue's own interrupt."""
	h = Hosts(['con', 'x', 'y'])
	try:
		# four MSI-X entries: the device and port 0, then ports 1 and 2
		q = boot(memory='256M', extra_args=machine(h, vectors=',vectors=4'),
			stderr_ok=[r'Unable to connect character device x: .*No such file or directory'])
		c = {n: h.accept(n) for n in ('con', 'x', 'y')}
		q.expect_prompt(60)
		out = q.run('ls /dev/virtcon /dev/virtcon/port')
		t.check('files', out == '/dev/virtcon/port\n/dev/virtcon/status\n/dev/virtcon/virtio-console-0\n'
			'/dev/virtcon/virtio-console-0.1\n/dev/virtcon/virtio-console-0.2\n'
			'/dev/virtcon/port/org.example.x\n', repr(out))
		out = status(q)
		t.check('status', out == 'virtio-console-0 - unknown\n'
			'virtio-console-0.1 org.example.x connected\nvirtio-console-0.2 - connected\n', repr(out))

		# both ways, by name and by file, exact
		out = q.run('echo to x > /dev/virtcon/port/org.example.x; echo to y > /dev/virtcon/virtio-console-0.2')
		got = (recvn(c['x'], 5), recvn(c['y'], 5))
		t.check('guest_to_host', out == '' and got == (b'to x\n', b'to y\n'), repr((out, got)))
		c['x'].sendall(b'from x\n')
		out = q.run('read < /dev/virtcon/virtio-console-0.1')
		t.check('host_to_guest', out == 'from x\n', repr(out))

		# the host hangs up: buffered data, then end of file; writes fail
		q.run('cat /dev/virtcon/port/org.example.x > /tmp/xgot &')
		time.sleep(1)
		c['x'].sendall(b'last words\n')
		time.sleep(0.5)
		h.unlisten('x')		# so that reconnect=1 finds nobody until relisten
		c['x'].close()
		out = waitstatus(q, 'virtio-console-0.1 org.example.x disconnected')
		t.check('hangup.status', 'virtio-console-0.1 org.example.x disconnected' in out.split('\n'), repr(out))
		time.sleep(1)
		out = q.run('cat /tmp/xgot; ps')
		t.check('hangup.eof', out.startswith('last words\n') and not re.search(r' cat$', out, re.M), repr(out))
		out = q.run('echo x > /dev/virtcon/port/org.example.x; echo status $status')
		t.check('hangup.write', out.startswith('echo: write error: host not connected\n')
			and not out.endswith('status \n'), repr(out))
		out = q.run('read < /dev/virtcon/port/org.example.x; echo status $status')
		t.check('hangup.read', re.fullmatch(r'status read \d+: eof\n', out) is not None, repr(out))

		# reconnect=1: QEMU comes back, and a new open works
		h.listen('x')
		c['x'] = h.accept('x')
		out = waitstatus(q, 'virtio-console-0.1 org.example.x connected')
		t.check('reconnect.status', 'virtio-console-0.1 org.example.x connected' in out.split('\n'), repr(out))
		out = q.run('echo again > /dev/virtcon/port/org.example.x')
		got = recvn(c['x'], 6)
		t.check('reconnect.data', out == '' and got == b'again\n', repr((out, got)))

		# each port's queues have their own vectors; all of them count
		rows = [r for r in check_irqalloc(q.run('cat /dev/irqalloc')) if r.name.startswith('virtio-console-0')]
		names = [r.name for r in rows]
		t.check('vectors', len(set(r.vector for r in rows)) == len(rows) and
			{'virtio-console-0', 'virtio-console-0.1', 'virtio-console-0.2'} <= set(names)
			and all(r.type == 'msi' for r in rows), repr(rows))
		t.check('vectors.count', all(r.count > 0 for r in rows if r.name == 'virtio-console-0.1'), repr(rows))
		q.halt()
	finally:
		h.close()


@test(timeout=300)
def fewvectors(t):
	"""A controller with fewer MSI-X entries than its ports need
	(vectors=2): the ports left without one share the device's entry,
	and every port still moves data both ways."""
	h = Hosts(['con', 'x', 'y'])
	try:
		q = boot(memory='256M', extra_args=machine(h, vectors=',vectors=2'),
			stderr_ok=[r'Unable to connect character device x: .*No such file or directory'])
		c = {n: h.accept(n) for n in ('con', 'x', 'y')}
		q.expect_prompt(60)
		files = {'x': '/dev/virtcon/virtio-console-0.1', 'y': '/dev/virtcon/virtio-console-0.2'}
		ok = []
		for n, f in files.items():
			q.run('echo to %s > %s' % (n, f))
			got = recvn(c[n], 5)
			c[n].sendall(b'from ' + n.encode() + b'\n')
			out = q.run('read < ' + f)
			ok.append((n, got, out))
		t.check('data', ok == [('x', b'to x\n', 'from x\n'), ('y', b'to y\n', 'from y\n')], repr(ok))
		rows = [r for r in check_irqalloc(q.run('cat /dev/irqalloc')) if r.name.startswith('virtio-console-0')]
		t.check('shared', len(rows) == 2 and len(set(r.vector for r in rows)) == 2
			and all(r.type == 'msi' and r.count > 0 for r in rows), repr(rows))
		q.halt()
	finally:
		h.close()


def slowread(c, n, pause, out):
	"""Read n bytes in 4 KiB reads, pausing after each; their sha1."""
	s = hashlib.sha1()
	got = 0
	try:
		while got < n:
			b = c.recv(min(4096, n - got))
			if not b:
				break
			s.update(b)
			got += len(b)
			time.sleep(pause)
	except OSError:
		pass
	out.append((got, s.hexdigest()))


@test(timeout=600)
def flowcontrol(t):
	"""A virtserialport holds the writer back, so nothing is lost with a
	slow host: 64 MiB guest to host with a host reader pausing between
	4 KiB reads; then host to guest, 64 MiB to a guest reader that
	pauses between reads and 16 MiB to one that waits before it starts
	(the host is held back meanwhile)."""
	h = Hosts(['con', 'x', 'y'])
	try:
		q = boot(memory='256M', extra_args=machine(h, ['-device', 'virtio-rng-pci']))
		c = {n: h.accept(n) for n in ('con', 'x', 'y')}
		q.expect_prompt(60)
		# 64 MiB: a block of random bytes, sent over and over
		q.run('dd -if /dev/random -of /tmp/r -bs 65536 -count 16 >[2]/dev/null', timeout=60)
		size = int(q.run('ls -l /tmp/r').split()[5])
		reps = 64 * MiB // size if size and (64 * MiB) % size == 0 else 0
		t.check('block', reps > 0, 'a /tmp/r of %d bytes' % size)
		res = []
		th = threading.Thread(target=slowread, args=(c['x'], 64 * MiB, 0.0002, res), daemon=True)
		th.start()
		out = q.run('{for(i in `{seq 1 %d}) cat /tmp/r} | tee' % reps + ' /dev/virtcon/port/org.example.x | sha1sum',
			timeout=400)
		th.join(120)
		want = out.split()[:1]
		t.check('guest_to_host', res and res[0][0] == 64 * MiB and [res[0][1]] == want,
			'guest sha1 %r, host got %r' % (out, res))

		# 64 MiB to a reader that keeps pausing: 4K reads, 20 ms after every 64th
		data = os.urandom(64 * MiB)
		sender = threading.Thread(target=c['x'].sendall, args=(data,), daemon=True)
		sender.start()
		out = q.run('/test/vcontest in /dev/virtcon/port/org.example.x %d 20' % len(data), timeout=400)
		sender.join(30)
		t.check('host_to_pausing_guest', re.search(r'^in %d bytes \d+ ns sha1 %s$' % (len(data),
			hashlib.sha1(data).hexdigest()), out, re.M) is not None, repr(out))

		data = os.urandom(16 * MiB)

		def send():
			try:
				c['y'].sendall(data)
				c['y'].shutdown(socket.SHUT_WR)	# QEMU sees the end, after the data
			except OSError:
				pass
		sender = threading.Thread(target=send, daemon=True)
		sender.start()
		q.sendline('{sleep 4; sha1sum} < /dev/virtcon/virtio-console-0.2')
		time.sleep(2)
		t.check('host_held', sender.is_alive(), 'the host sent 16 MiB to a reader that had not read')
		q.expect_prompt(120)
		sender.join(30)
		t.check('host_to_guest', hashlib.sha1(data).hexdigest() in q.text[-200:], repr(q.text[-200:]))
		q.halt()
	finally:
		h.close()


@test(timeout=300)
def hotplug(t):
	"""QMP device_add gives a new port its file and name; device_del
	takes them away, and a reader of the removed port gets an error."""
	h = Hosts(['con', 'x', 'y', 'hot'])
	sock = os.path.join(h.dir, 'qmp')
	try:
		q = boot(memory='256M', extra_args=machine(h, ['-qmp', 'unix:%s,server=on,wait=off' % sock]
			+ h.chardev('hot')))
		for n in ('con', 'x', 'y'):
			h.accept(n)
		q.expect_prompt(60)
		qmp(sock, 'device_add', driver='virtserialport', bus='vs.0', chardev='hot',
			name='org.example.hot', id='hot', nr=5)
		c = h.accept('hot')
		time.sleep(1)
		out = q.run('ls /dev/virtcon/port; cat /dev/virtcon/status')
		t.check('add', out.startswith('/dev/virtcon/port/org.example.hot\n/dev/virtcon/port/org.example.x\n')
			and 'virtio-console-0.5 org.example.hot connected' in out.split('\n'), repr(out))
		c.sendall(b'hot data\n')
		out = q.run('read < /dev/virtcon/port/org.example.hot')
		t.check('add.data', out == 'hot data\n', repr(out))
		q.run('cat /dev/virtcon/virtio-console-0.5 > /tmp/hot >[2=1] &')
		time.sleep(1)
		qmp(sock, 'device_del', id='hot')
		time.sleep(2)
		out = q.run('ls /dev/virtcon /dev/virtcon/port; cat /dev/virtcon/status')
		t.check('del', '0.5' not in out and 'hot' not in out, repr(out))
		out = q.run('cat /tmp/hot')
		t.check('del.reader', out == 'cat: /dev/virtcon/virtio-console-0.5: port removed\n', repr(out))
		out = q.run('cat /dev/virtcon/virtio-console-0.5; echo status $status')
		t.check('del.open', "'/dev/virtcon/virtio-console-0.5' file does not exist" in out
			and not out.endswith('status \n'), repr(out))
		t.check('alive', q.run('echo alive') == 'alive\n')
		q.halt()
	finally:
		h.close()


def sha1file(path):
	with open(path, 'rb') as f:
		return hashlib.sha1(f.read()).hexdigest()


@test(timeout=400)
def ninep_port(t):
	"""9P on a named virtserialport served by util/ufs, as README
	recommends: through 9pvpxy, and mounted directly (mount -c on the
	port: reads return whole host writes, so devmnt frames the stream
	itself).  ufs killed: both mounts' requests fail, nothing hangs."""
	d = tempfile.mkdtemp(prefix='9q-vser9p-')
	share = os.path.join(d, 'share')
	os.mkdir(share)
	with open(os.path.join(share, 'big'), 'wb') as f:
		f.write(os.urandom(1 << 20))
	ufs = []
	try:
		for n in ('a', 'b'):
			ufs.append(subprocess.Popen([os.path.join(ROOT, 'out/util/ufs'), '-ntype=unix',
				'-addr=' + os.path.join(d, n), '-root=' + share],
				stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
		for n in ('a', 'b'):
			for _ in range(100):
				if os.path.exists(os.path.join(d, n)):
					break
				time.sleep(0.1)
		args = ['-device', 'virtio-serial-pci,id=vs']
		for n in ('a', 'b'):
			args += ['-device', 'virtserialport,chardev=%s,name=9p.%s,bus=vs.0' % (n, n),
				'-chardev', 'socket,id=%s,path=%s' % (n, os.path.join(d, n))]
		q = boot(memory='256M', extra_args=args)
		q.expect_prompt(60)
		out = q.run("mkdir /tmp/a /tmp/b; srv -e '9pvpxy /dev/virtcon/port/9p.a' a; "
			'mount -c -n /srv/a /tmp/a && mount -c /dev/virtcon/port/9p.b /tmp/b && ls /tmp/a /tmp/b')
		t.check('mount', out == '/tmp/a/big\n/tmp/b/big\n', repr(out))
		want = sha1file(os.path.join(share, 'big'))
		for n in ('a', 'b'):
			out = q.run('sha1sum /tmp/%s/big; cp /bin/rc /tmp/%s/rc.%s; cmp /bin/rc /tmp/%s/rc.%s && echo same'
				% (n, n, n, n, n), timeout=120)
			t.check(n + '.data', out.split()[:1] == [want] and out.endswith('same\n') and
				sha1file(os.path.join(share, 'rc.' + n)) == sha1file(os.path.join(ROOT, 'out/root/bin/rc')),
				repr(out))
		mark = len(q.text)
		for p in ufs:
			p.kill()
			p.wait()
		# 9pvpxy ends with the port's end of file, at once (no Tflush timer)
		m = q.find(r'9pvpxy: /dev/virtcon/port/9p\.a: host hung up\n', 10)
		t.check('a.proxysays', m is not None, repr(q.text[mark:]))
		time.sleep(1)
		for n in ('a', 'b'):
			out = q.run('ls /tmp/%s; echo status $status' % n, timeout=30)
			t.check(n + '.hostgone', out.startswith('ls: /tmp/%s: ' % n) and not out.endswith('status \n'),
				repr(out))
		t.check('alive', q.run('echo alive') == 'alive\n')
	finally:
		for p in ufs:
			if p.poll() is None:
				p.kill()
				p.wait()
		shutil.rmtree(d, ignore_errors=True)


@test(timeout=400)
def pagein_hostgone(t):
	"""A binary run from a share served over virtio-serial (through
	9pvpxy, and mounted on the port directly) pages in from the host;
	when ufs goes, the next page it needs kills that process alone,
	saying why (exec(2)), and the shell goes on."""
	d = tempfile.mkdtemp(prefix='9q-vserpg-')
	share = os.path.join(d, 'share')
	os.mkdir(share)
	shutil.copy(os.path.join(ROOT, 'out/test/bigdata'), os.path.join(share, 'bigdata'))
	ufs = []
	try:
		for n in ('a', 'b'):
			ufs.append(subprocess.Popen([os.path.join(ROOT, 'out/util/ufs'), '-ntype=unix',
				'-addr=' + os.path.join(d, n), '-root=' + share],
				stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
		for n in ('a', 'b'):
			for _ in range(100):
				if os.path.exists(os.path.join(d, n)):
					break
				time.sleep(0.1)
		args = ['-device', 'virtio-serial-pci,id=vs']
		for n in ('a', 'b'):
			args += ['-device', 'virtserialport,chardev=%s,name=9p.%s,bus=vs.0' % (n, n),
				'-chardev', 'socket,id=%s,path=%s' % (n, os.path.join(d, n))]
		q = boot(memory='256M', extra_args=args)
		q.expect_prompt(60)
		q.allow(r'^9pvpxy \d+: ', r'^bigdata \d+: killed: i/o error in demand load: /tmp/[ab]/bigdata: .+$')
		out = q.run("mkdir /tmp/a /tmp/b; srv -e '9pvpxy /dev/virtcon/port/9p.a' a; "
			'mount -c -n /srv/a /tmp/a && mount -c /dev/virtcon/port/9p.b /tmp/b && '
			'/tmp/a/bigdata t3 d7 && /tmp/b/bigdata t3 d7 && echo ran')
		t.check('run', out == 'ran\n', repr(out))
		# each touches a page, says r, and waits for the go-ahead, which comes after ufs has gone
		for n in ('a', 'b'):
			q.sendline('{{sleep 6; echo g} | /tmp/%s/bigdata -w d0 d100 t100 >/tmp/%s.out; echo $status > /tmp/%s.status} &' % (n, n, n))
			q.expect_prompt(30)
		time.sleep(3)		# both wait after d0 (a slower one fails at d0 the same way)
		mark = len(q.text)
		for p in ufs:
			p.kill()
			p.wait()
		for n in ('a', 'b'):
			m = q.find(r'bigdata \d+: killed: i/o error in demand load: /tmp/%s/bigdata: ' % n, 30)
			t.check(n + '.killed', m is not None, repr(q.text[mark:]))
		for n in ('a', 'b'):
			out = q.run('cat /tmp/%s.status' % n, timeout=30)
			t.check(n + '.status', 'sys: killed: i/o error in demand load: /tmp/%s/bigdata' % n in out, repr(out))
		t.check('alive', q.run('echo alive') == 'alive\n')
	finally:
		for p in ufs:
			if p.poll() is None:
				p.kill()
				p.wait()
		shutil.rmtree(d, ignore_errors=True)


@test(timeout=400)
def testplan(t):
	"""The seed's virtio-serial test plan: two controllers, each with a
	virtconsole and a virtserialport, files moved both ways on all four
	ports at the same time, compared by sha1 (run at -smp 1 and, in the
	suite's second pass, -smp 4)."""
	names = ['c0', 'p0', 'c1', 'p1']
	files = ['virtio-console-0', 'virtio-console-0.1', 'virtio-console-1', 'virtio-console-1.1']
	h = Hosts(names)
	try:
		args = []
		for i in (0, 1):
			args += ['-device', 'virtio-serial-pci,id=vs%d' % i,
				'-device', 'virtconsole,chardev=c%d,bus=vs%d.0' % (i, i)] + h.chardev('c%d' % i)
			args += ['-device', 'virtserialport,chardev=p%d,bus=vs%d.0,name=org.example.p%d' % (i, i, i)]
			args += h.chardev('p%d' % i)
		q = boot(memory='256M', extra_args=args + ['-device', 'virtio-rng-pci'])
		c = {n: h.accept(n) for n in names}
		q.expect_prompt(60)
		out = q.run('cat /dev/virtcon/status')
		t.check('ports', out == ''.join('%s - unknown\n' % f if n[0] == 'c' else
			'%s org.example.%s connected\n' % (f, n) for f, n in zip(files, names)), repr(out))

		# guest to host, all four at once: a virtconsole is not flow
		# controlled (QEMU drops what a full host socket cannot take), so
		# it gets 128 KiB, less than the socket holds; a virtserialport 1 MiB
		q.run('dd -if /dev/random -of /tmp/r -bs 65536 -count 16 >[2]/dev/null; '
			'dd -if /tmp/r -of /tmp/r128 -bs 131072 -count 1 >[2]/dev/null', timeout=60)
		send = {'c': '/tmp/r128', 'p': '{cat /tmp/r; cat /tmp/r; cat /tmp/r; cat /tmp/r}'}
		want = {}
		for k, cmd in send.items():
			out = q.run('%s | wc -c; %s | sha1sum' % (cmd if k == 'p' else 'cat ' + cmd, cmd if k == 'p' else 'cat ' + cmd))
			want[k] = tuple(out.split()[:2])
		res = {}
		ths = []
		for n in names:
			r = []
			res[n] = r
			th = threading.Thread(target=slowread, args=(c[n], int(want[n[0]][0] or 0), 0, r), daemon=True)
			th.start()
			ths.append(th)
		q.run(' '.join('%s > /dev/virtcon/%s &' % (send[n[0]] if n[0] == 'p' else 'cat ' + send['c'], f)
			for f, n in zip(files, names)) + ' wait', timeout=300)
		for th in ths:
			th.join(60)
		t.check('guest_to_host', all(res[n] and res[n][0] == (int(want[n[0]][0]), want[n[0]][1]) for n in names)
			and int(want['p'][0]) >= 1 << 20, 'guest %r, host %r' % (want, res))

		# host to guest, all four at once, 2 MiB each: a virtserialport's
		# reader ends at the host's close; a virtconsole's, which cannot
		# see the host, reads the known length (vcontest in)
		data = {n: os.urandom(2 * MiB) for n in names}

		def send(n):
			try:
				c[n].sendall(data[n])
				if n[0] == 'p':
					c[n].shutdown(socket.SHUT_WR)
			except OSError:
				pass
		q.run(' '.join(('/test/vcontest in /dev/virtcon/%s %d > /tmp/s%d &' % (f, 2 * MiB, i)) if n[0] == 'c'
			else 'sha1sum < /dev/virtcon/%s > /tmp/s%d &' % (f, i) for i, (f, n) in enumerate(zip(files, names))))
		for n in names:
			threading.Thread(target=send, args=(n,), daemon=True).start()
		end = time.monotonic() + 120
		while True:
			out = q.run('cat ' + ' '.join('/tmp/s%d' % i for i in range(4)))
			sums = re.findall(r'\b[0-9a-f]{40}\b', out)
			if len(sums) == 4 or time.monotonic() > end:
				break
			time.sleep(2)
		t.check('host_to_guest', sums == [hashlib.sha1(data[n]).hexdigest() for n in names],
			'%r, want %r; %r' % (out, [hashlib.sha1(data[n]).hexdigest() for n in names],
			q.run('ls -l /tmp; cat /dev/virtcon/status; ps')))
		q.halt()
	finally:
		h.close()
