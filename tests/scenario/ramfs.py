"""cmd/ramfs in the guest, through the mount driver: each of its ways
of starting (-i under srv -e, -S, -m), then files, directories,
rename, truncate and remove as a Plan 9 user would see them."""

import re

from harness import test, boot

CHECKS = 14		# result lines this file prints (tests/harness.py)

PROMPT = 'term% '


def lines(out):
	return [x.strip() for x in out.strip().splitlines() if x.strip()]


@test(timeout=240)
def ramfs_guest(t):
	q = boot()
	q.expect(re.escape(PROMPT), 60)
	# -S posts the service itself; mount it and use it
	q.run('ramfs -S ramt', 30)
	t.check('S.posted', 'ramt' in q.run('ls /srv', 30))
	q.run('mount -c /srv/ramt /n', 30)
	q.run('echo hello > /n/f', 30)
	out = q.run('cat /n/f', 30)
	t.check('S.cat', lines(out) == ['hello'], repr(out))
	q.run('mkdir /n/d; echo one > /n/d/a; echo two > /n/d/b', 30)
	out = q.run('ls /n/d', 30)
	t.check('S.ls', lines(out) == ['/n/d/a', '/n/d/b'], repr(out))
	out = q.run('ls -l /n/d/a', 30)
	t.check('S.lsl', re.search(r'^--rw-rw-rw- M \d+ (\S+) \1 4 .*/n/d/a$', out.strip(), re.M) is not None, repr(out))
	q.run('mv /n/d/a /n/d/c', 30)
	out = q.run('ls /n/d; cat /n/d/c', 30)
	t.check('S.mv', lines(out) == ['/n/d/b', '/n/d/c', 'one'], repr(out))
	out = q.run('rm /n/d; echo status $status', 30)
	t.check('S.rmnonempty', 'status' in out and not out.strip().endswith('status'), repr(out))
	q.run('rm /n/d/b /n/d/c /n/d /n/f', 30)
	out = q.run('ls /n', 30)
	t.check('S.empty', lines(out) == [], repr(out))
	# a second mount of the same service sees the same files
	q.run('echo shared > /n/g; mount /srv/ramt /mnt', 30)
	out = q.run('cat /mnt/g', 30)
	t.check('S.shared', lines(out) == ['shared'], repr(out))
	q.run('unmount /mnt; unmount /n', 30)
	# -i under srv -e
	q.run("srv -e 'ramfs -i' rami", 30)
	q.run('mount -c /srv/rami /n', 30)
	out = q.run('echo data > /n/x; cat /n/x; wc -c /n/x', 30)
	t.check('i.cat', lines(out)[:1] == ['data'] and '5' in out, repr(out))
	q.run('unmount /n', 30)
	# -m mounts itself
	q.run('ramfs -m /n', 30)
	out = q.run('echo m > /n/y; cat /n/y; ls /n', 30)
	t.check('m.cat', lines(out) == ['m', '/n/y'], repr(out))
	# a big directory lists whole, in pieces too, and again after removes
	n = 2000
	q.run('mkdir /n/big; cd /n/big; for(i in `{seq %d}) > f$i; cd /' % n, 180)
	want = sorted('/n/big/f%d' % i for i in range(1, n + 1))
	out = q.run('ls /n/big', 60)
	t.check('m.bigdir', lines(out) == want, '%d names' % len(lines(out)))
	out = q.run('cat /n/big | wc -c; dd -if /n/big -bs 90 >[2]/dev/null | wc -c', 60)
	t.check('m.bigdir.pieces', len(lines(out)) == 2 and lines(out)[0] == lines(out)[1], repr(out))
	q.run('rm /n/big/f1 /n/big/f1000 /n/big/f2000', 30)
	want = [x for x in want if x not in ('/n/big/f1', '/n/big/f1000', '/n/big/f2000')]
	out = q.run('ls /n/big', 60)
	t.check('m.bigdir.removed', lines(out) == want, '%d names' % len(lines(out)))
	out = q.run('ramfs -q; echo status $status', 30)
	t.check('usage', 'usage: ramfs' in out, repr(out))
