"""The mount driver (#M) as a Plan 9 user meets it: srv -e, mount,
files through the mount from two processes, unmount; four concurrent
cp of a 4 MiB file; an interrupted read on a stalled server; a server
killed under its clients.  /test/stallfs is a tiny 9P server whose
file `stall` never answers a read (only Tflush)."""

import re

from harness import test, boot

CHECKS = 34		# result lines this file prints (tests/harness.py)

PROMPT = 'term% '

# the root is read-only and /n is empty: give /n a writable r and s
SETUP = 'mkdir -p /tmp/n/r /tmp/n/s; bind /tmp/n /n'


def lines(out):
	return [x.strip() for x in out.strip().splitlines() if x.strip()]


def nopanic(t, q):
	t.check('no panic', 'panic' not in q.text, repr(q.text[-300:]))


@test(timeout=240)
def mnt_basic(t):
	with boot(memory='256M') as q:
		q.expect_prompt()
		q.run(SETUP)
		out = q.run("srv -e 'ramfs -i' r; mount -c /srv/r /n/r; echo status $status")
		t.check('srv+mount', lines(out) == ['status'], repr(out))
		out = q.run('echo data > /n/r/f; cat /n/r/f')
		t.check('cat', lines(out) == ['data'], repr(out))
		out = q.run('ls -l /n/r')
		t.check('ls -l', re.fullmatch(r'--rw-rw-rw- M \d+ glenda glenda 5 .* /n/r/f', out.strip()) is not None, repr(out))
		out = q.run("rc -c 'cat /n/r/f'")
		t.check('second process', lines(out) == ['data'], repr(out))
		out = q.run("{ sleep 1; cat /n/r/f } & wait")
		t.check('background job', 'data' in lines(out), repr(out))
		out = q.run('echo more >> /n/r/f; cat /n/r/f; wc -c /n/r/f')
		t.check('append', lines(out)[:2] == ['data', 'more'] and '10' in out, repr(out))
		out = q.run('mkdir /n/r/d; echo x > /n/r/d/y; ls /n/r /n/r/d')
		t.check('mkdir', lines(out) == ['/n/r/d', '/n/r/f', '/n/r/d/y'], repr(out))
		out = q.run('rm /n/r/f /n/r/d/y /n/r/d; ls -l /n/r; echo status $status')
		t.check('rm', lines(out) == ['status'], repr(out))
		out = q.run('cat /n/r/f')
		t.check('rm gone', 'does not exist' in out, repr(out))
		out = q.run('unmount /n/r; ls /n/r; echo status $status')
		t.check('unmount', lines(out) == ['status'], repr(out))
		out = q.run('unmount /n/r')
		t.check('unmount again', 'unmount: /n/r:' in out, repr(out))
		# the same service mounted again still has its files
		out = q.run('mount -c /srv/r /n/r; echo kept > /n/r/k; unmount /n/r; mount /srv/r /n/s; cat /n/s/k')
		t.check('remount', lines(out) == ['kept'], repr(out))
		out = q.run('mount /srv/nonexist /n/r')
		t.check('mount error', out.startswith('mount: ') and 'does not exist' in out, repr(out))
		out = q.run('srv')
		t.check('srv usage', out.startswith('usage: srv'), repr(out))
		nopanic(t, q)


@test(timeout=400)
def mnt_concurrent_cp(t):
	with boot(memory='512M') as q:
		q.expect_prompt()
		q.run(SETUP)
		out = q.run('/test/mntbench -w /tmp/big 4194304', 60)
		t.check('make 4MiB', out.startswith('write 4194304 bytes'), repr(out))
		q.run("srv -e 'ramfs -i' r; mount -c /srv/r /n/r")
		out = q.run('for(i in 1 2 3 4) cp /tmp/big /n/r/c$i & wait; echo done', 300)
		t.check('cp finished', lines(out)[-1:] == ['done'], repr(out))
		out = q.run('sha1sum /tmp/big /n/r/c1 /n/r/c2 /n/r/c3 /n/r/c4', 120)
		sums = [l.split()[0] for l in lines(out)]
		t.check('five sums', len(sums) == 5, repr(out))
		t.check('copies match', len(set(sums)) == 1, repr(out))
		out = q.run('ls -l /n/r')
		t.check('sizes', len(re.findall(r' 4194304 ', out)) == 4, repr(out))
		nopanic(t, q)


@test(timeout=240)
def mnt_interrupt(t):
	with boot(memory='256M') as q:
		q.expect_prompt()
		q.run(SETUP)
		q.run('srv -e /test/stallfs s; mount /srv/s /n/s; echo hi > /n/s/data')
		# several requests in flight: a stalled read does not block others
		q.run('cat /n/s/stall &')
		out = q.run('cat /n/s/data; ls /n/s')
		t.check('multiplexed', lines(out) == ['hi', '/n/s/data', '/n/s/stall'], repr(out))
		# interrupting the blocked foreground read gives the prompt back
		mark = len(q.text)
		q.sendline('cat /n/s/stall')
		q.drain(2)
		q.interrupt()
		t.check('interrupted', q.find(re.escape(PROMPT), 30) is not None, repr(q.text[mark:]))
		out = q.run('echo $status')
		t.check('status', 'interrupt' in out, repr(out))
		out = q.run('cat /n/s/data')
		t.check('mount answers', lines(out) == ['hi'], repr(out))
		# the same with ramfs behind the stalled one: both mounts fine
		q.run("srv -e 'ramfs -i' r; mount -c /srv/r /n/r; echo r > /n/r/f")
		q.sendline('cat /n/s/stall')
		q.drain(2)
		q.interrupt()
		q.expect(re.escape(PROMPT), 30)
		out = q.run('cat /n/r/f /n/s/data')
		t.check('both answer', lines(out) == ['r', 'hi'], repr(out))
		nopanic(t, q)


@test(timeout=240)
def mnt_server_dies(t):
	with boot(memory='256M') as q:
		q.expect_prompt()
		q.run(SETUP)
		q.run('srv -e /test/stallfs s; mount /srv/s /n/s; echo hi > /n/s/data')
		q.run('cat /n/s/stall &')
		q.run('cat /n/s/stall &')
		q.run('sleep 1')
		out = q.run('kill stallfs | rc; sleep 2', 30)
		t.check('waiters failed', out.count('cat: /n/s/stall: mount rpc error') == 2, repr(out))
		out = q.run('cat /n/s/data')
		t.check('later rpc fails', 'mount rpc error' in out, repr(out))
		out = q.run('ls /n/s')
		t.check('ls fails', 'mount rpc error' in out, repr(out))
		out = q.run('unmount /n/s; rm /srv/s; echo status $status')
		t.check('cleanup', lines(out) == ['status'], repr(out))
		# ramfs killed the same way
		q.run("srv -e 'ramfs -i' r; mount -c /srv/r /n/r; echo r > /n/r/f")
		q.run('kill ramfs | rc; sleep 1')
		out = q.run('cat /n/r/f')
		t.check('ramfs gone', 'mount rpc error' in out, repr(out))
		# a new server and mount work
		out = q.run("unmount /n/r; srv -c -e 'ramfs -i' r2 /n/r; echo new > /n/r/g; cat /n/r/g")
		t.check('new mount', lines(out) == ['new'], repr(out))
		nopanic(t, q)
