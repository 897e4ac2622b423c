# 9q: `mk` builds everything into out/; `mk clean` removes it.
<sys/mk/config

all:V: $O/9q $O/9q.iso unittests $O/util/ufs

<lib/mkfile
<lib/lib9p/mkfile
<util/mkfile
<cmd/mkfile
<tests/guest/mkfile
<boot/mkfile
<kern/mkfile
<tests/unit/mkfile

clean:V:
	rm -rf $O
