"""A small, independent 9P2000 client for host tests: its own
marshalling (struct), not 9q's lib/9p, so that talking to our servers
through it shows they speak the protocol as other implementations do."""

import socket
import struct

Tversion, Tauth, Tattach, Terror, Tflush, Twalk, Topen, Tcreate = 100, 102, 104, 106, 108, 110, 112, 114
Tread, Twrite, Tclunk, Tremove, Tstat, Twstat = 116, 118, 120, 122, 124, 126
Rerror = 107
NOTAG, NOFID = 0xFFFF, 0xFFFFFFFF
OREAD, OWRITE, ORDWR, OEXEC, OTRUNC, ORCLOSE = 0, 1, 2, 3, 0x10, 0x40
DMDIR, DMAPPEND, DMEXCL = 0x80000000, 0x40000000, 0x20000000
DMSYMLINK, DMDEVICE, DMNAMEDPIPE, DMSOCKET = 0x02000000, 0x00800000, 0x00200000, 0x00100000
QTDIR = 0x80


class Error(Exception):
	"""An Rerror from the server."""


class Hangup(Exception):
	"""The server closed the connection."""


def s(x):
	b = x.encode() if isinstance(x, str) else x
	return struct.pack('<H', len(b)) + b


class Dir:
	def __init__(self, **kw):
		self.type, self.dev = 0, 0
		self.qid = (0, 0, 0)
		self.mode = self.atime = self.mtime = 0
		self.length = 0
		self.name = self.uid = self.gid = self.muid = ''
		self.__dict__.update(kw)

	def __repr__(self):
		return 'Dir(%r mode=%o len=%d)' % (self.name, self.mode, self.length)


def nulldir():
	"""A wstat Dir that changes nothing."""
	return Dir(type=0xFFFF, dev=0xFFFFFFFF, qid=(0xFF, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF),
		mode=0xFFFFFFFF, atime=0xFFFFFFFF, mtime=0xFFFFFFFF, length=0xFFFFFFFFFFFFFFFF)


def packdir(d):
	body = struct.pack('<HIBIQIIIQ', d.type, d.dev, d.qid[0], d.qid[1], d.qid[2],
		d.mode, d.atime, d.mtime, d.length)
	body += s(d.name) + s(d.uid) + s(d.gid) + s(d.muid)
	return struct.pack('<H', len(body)) + body


class Unpacker:
	def __init__(self, b):
		self.b, self.p = b, 0

	def take(self, fmt):
		n = struct.calcsize(fmt)
		if self.p + n > len(self.b):
			raise ValueError('short message')
		v = struct.unpack_from(fmt, self.b, self.p)
		self.p += n
		return v if len(v) > 1 else v[0]

	def str(self):
		n = self.take('<H')
		if self.p + n > len(self.b):
			raise ValueError('short string')
		v = self.b[self.p:self.p + n].decode()
		self.p += n
		return v

	def bytes(self, n):
		if self.p + n > len(self.b):
			raise ValueError('short data')
		v = self.b[self.p:self.p + n]
		self.p += n
		return v

	def qid(self):
		t, v, p = self.take('<BIQ')
		return (t, v, p)

	def done(self):
		if self.p != len(self.b):
			raise ValueError('%d bytes left over' % (len(self.b) - self.p))


def unpackdir(b):
	u = Unpacker(b)
	size = u.take('<H')
	if size != len(b) - 2:
		raise ValueError('stat size %d in %d bytes' % (size, len(b)))
	d = Dir()
	d.type, d.dev = u.take('<HI')
	d.qid = u.qid()
	d.mode, d.atime, d.mtime, d.length = u.take('<IIIQ')
	d.name, d.uid, d.gid, d.muid = u.str(), u.str(), u.str(), u.str()
	u.done()
	return d


def unpackdirs(b):
	out, p = [], 0
	while p < len(b):
		if p + 2 > len(b):
			raise ValueError('partial stat in directory read')
		n = struct.unpack_from('<H', b, p)[0] + 2
		if p + n > len(b):
			raise ValueError('stat past the end of a directory read')
		out.append(unpackdir(b[p:p + n]))
		p += n
	return out


class Client:
	"""One 9P2000 conversation over a stream (socket or pipe pair)."""

	def __init__(self, send, recv, close):
		self.sendraw, self.recvraw, self.closefn = send, recv, close
		self.tag = 0
		self.nextfid = 1
		self.msize = 8192

	@classmethod
	def tcp(cls, host, port):
		c = socket.create_connection((host, port), timeout=10)
		return cls(c.sendall, c.recv, c.close)

	@classmethod
	def unix(cls, path):
		c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
		c.settimeout(10)
		c.connect(path)
		return cls(c.sendall, c.recv, c.close)

	def close(self):
		self.closefn()

	def recvn(self, n):
		b = b''
		while len(b) < n:
			x = self.recvraw(n - len(b))
			if not x:
				raise Hangup('connection closed')
			b += x
		return b

	def readmsg(self):
		size = struct.unpack('<I', self.recvn(4))[0]
		if size < 7:
			raise ValueError('message size %d' % size)
		body = self.recvn(size - 4)
		typ, tag = struct.unpack_from('<BH', body)
		return typ, tag, body[3:]

	def rpc(self, typ, body, tag=None):
		"""Send T-message typ, return the R body; Rerror raises Error."""
		if tag is None:
			self.tag = (self.tag + 1) % 0xFFFF
			tag = self.tag
		msg = struct.pack('<BH', typ, tag) + body
		self.sendraw(struct.pack('<I', len(msg) + 4) + msg)
		rtyp, rtag, rbody = self.readmsg()
		if rtag != tag:
			raise ValueError('reply tag %d for request tag %d' % (rtag, tag))
		if rtyp == Rerror:
			u = Unpacker(rbody)
			e = u.str()
			u.done()
			raise Error(e)
		if rtyp != typ + 1:
			raise ValueError('reply type %d to %d' % (rtyp, typ))
		return Unpacker(rbody)

	def newfid(self):
		f = self.nextfid
		self.nextfid += 1
		return f

	def version(self, msize=8192, version='9P2000'):
		u = self.rpc(Tversion, struct.pack('<I', msize) + s(version), tag=NOTAG)
		m = u.take('<I')
		v = u.str()
		u.done()
		self.msize = m
		return m, v

	def attach(self, uname='glenda', aname=''):
		fid = self.newfid()
		u = self.rpc(Tattach, struct.pack('<II', fid, NOFID) + s(uname) + s(aname))
		q = u.qid()
		u.done()
		return fid, q

	def walk(self, fid, names, newfid=None):
		"""Return (newfid, qids); a partial walk returns fewer qids and newfid None."""
		if newfid is None:
			newfid = self.newfid()
		body = struct.pack('<IIH', fid, newfid, len(names)) + b''.join(s(n) for n in names)
		u = self.rpc(Twalk, body)
		n = u.take('<H')
		qids = [u.qid() for _ in range(n)]
		u.done()
		if n < len(names):
			return None, qids
		return newfid, qids

	def open(self, fid, mode):
		u = self.rpc(Topen, struct.pack('<IB', fid, mode))
		q = u.qid()
		iounit = u.take('<I')
		u.done()
		return q, iounit

	def create(self, fid, name, perm, mode):
		u = self.rpc(Tcreate, struct.pack('<I', fid) + s(name) + struct.pack('<IB', perm, mode))
		q = u.qid()
		u.take('<I')
		u.done()
		return q

	def read(self, fid, offset, count):
		u = self.rpc(Tread, struct.pack('<IQI', fid, offset, count))
		n = u.take('<I')
		d = u.bytes(n)
		u.done()
		return d

	def readall(self, fid, chunk=None):
		chunk = chunk or self.msize - 24
		out, off = b'', 0
		while True:
			d = self.read(fid, off, chunk)
			if not d:
				return out
			out += d
			off += len(d)

	def write(self, fid, offset, data):
		u = self.rpc(Twrite, struct.pack('<IQI', fid, offset, len(data)) + data)
		n = u.take('<I')
		u.done()
		return n

	def clunk(self, fid):
		self.rpc(Tclunk, struct.pack('<I', fid)).done()

	def remove(self, fid):
		self.rpc(Tremove, struct.pack('<I', fid)).done()

	def stat(self, fid):
		u = self.rpc(Tstat, struct.pack('<I', fid))
		n = u.take('<H')
		b = u.bytes(n)
		u.done()
		return unpackdir(b)

	def wstat(self, fid, d):
		b = packdir(d)
		self.rpc(Twstat, struct.pack('<IH', fid, len(b)) + b).done()

	def flush(self, oldtag):
		self.rpc(Tflush, struct.pack('<H', oldtag)).done()

	def listdir(self, fid, chunk=None):
		return unpackdirs(self.readall(fid, chunk))

	def countsweep(self, dirfid, want, lo, hi):
		"""List the directory at dirfid afresh with every read count from
		lo to hi; return the first count whose listing is not the names
		want (sorted), with what it gave, or None."""
		for count in range(lo, hi + 1):
			f, _ = self.walk(dirfid, [])
			self.open(f, OREAD)
			got = sorted(d.name for d in self.listdir(f, chunk=count))
			self.clunk(f)
			if got != want:
				return count, len(got)
		return None
