"""rc's Plan 9 features beyond SPEC's core, at the shell: here documents,
subscripts and ranges, $# and $", ~, switch, functions exported to child
rc processes through /env (fn#name), whatis for each kind of name, $ifs
in backquotes, and syntax errors that leave the interactive shell going.
Every check compares the exact output of one command line (standard
error too, since the console shows both)."""

from harness import test, boot

CHECKS = 58		# result lines this file prints (tests/harness.py)


def start():
	q = boot(memory='256M')
	q.expect_prompt(60)
	return q


def ck(t, q, name, cmd, want, timeout=30):
	out = q.run(cmd, timeout)
	t.check(name, out == want, 'ran %r: got %r, want %r' % (cmd, out, want))


def script(q, path, text):
	"""Write text to path in the guest, a line at a time with echo."""
	q.run('rm -f %s; echo -n >%s' % (path, path))
	for line in text.split('\n')[:-1]:
		q.run("echo '%s' >>%s" % (line.replace("'", "''"), path))


@test(timeout=300)
def subscripts(t):
	"""$x(n), $x(n m), $x(n-m), $x(n-), $#x, $"x, at and past the ends."""
	with start() as q:
		q.run('x=(a b c d e); y=()')
		ck(t, q, 'one', 'echo $x(2)', 'b\n')
		ck(t, q, 'several', 'echo $x(1 3) $x(5 1)', 'a c e a\n')
		ck(t, q, 'range', 'echo $x(2-4)', 'b c d\n')
		ck(t, q, 'from', 'echo $x(2-)', 'b c d e\n')
		ck(t, q, 'range_past_end', 'echo $x(4-9)', 'd e\n')
		ck(t, q, 'past_end', 'echo $x(7) $x(6-) $x(9-12) end', 'end\n')
		ck(t, q, 'backwards', 'echo $x(3-2) end', 'end\n')
		ck(t, q, 'mixed', 'echo $x(5 1-2 4-)', 'e a b d e\n')
		ck(t, q, 'empty_list', 'z=$y(1) $y(2-); echo $#z', '0\n')
		ck(t, q, 'star', "rc -c 'echo $*(2-) $#*' a b c", 'b c 3\n')
		ck(t, q, 'count', 'echo $#x $#y $#nosuch', '5 0 0\n')
		ck(t, q, 'flat', 'z=$"x; echo $#z $z', '1 a b c d e\n')
		ck(t, q, 'flat_empty', 'z=$"y; echo $#z', '1\n')
		ck(t, q, 'bad', 'echo $x(a); echo $x(2-b)', 'rc: bad subscript a\n')
		ck(t, q, 'bad_status', 'echo $x(2-b); echo $status', 'rc: bad subscript 2-b\n')


@test(timeout=300)
def match(t):
	"""~ subject pattern...: glob patterns, quoted ones literal, $status."""
	with start() as q:
		ck(t, q, 'yes', '~ abc a*; echo $status.', '.\n')
		ck(t, q, 'no', "~ abc x* '?bc'; echo $status", 'no match\n')
		ck(t, q, 'second', '~ abc x* ?bc && echo yes', 'yes\n')
		ck(t, q, 'class', '~ (x y z) [a-y] && echo list', 'list\n')
		ck(t, q, 'empty', "~ '' '' && echo empty", 'empty\n')
		ck(t, q, 'var_not_pattern', "p='*'; ~ abc $p || echo literal", 'literal\n')


SWITCH = """fn sw {
	switch($1){
	case a*
		echo A
	case b c
		echo BC
	case *
		echo other $1
	}
}
sw apple; sw c; sw zed
switch(q){case a; echo A}
echo after
"""


@test(timeout=300)
def switch(t):
	"""switch(word){case pat...}: first match runs to the next case; none runs nothing."""
	with start() as q:
		script(q, '/tmp/sw', SWITCH)
		ck(t, q, 'script', 'rc /tmp/sw', 'A\nBC\nother zed\nafter\n')
		ck(t, q, 'line', 'switch(x){case x; echo X; case *; echo no}', 'X\n')
		ck(t, q, 'default', 'switch(y){case x; echo X; case *; echo no}', 'no\n')
		ck(t, q, 'nomatch', 'switch(y){case x; echo X}; echo after', 'after\n')
		ck(t, q, 'list', 'switch(a b){case b; echo B}', 'B\n')


HERE = """x=(big world)
cat <<EOF
hello $x!
$x^s and $nosuch. $
EOF
cat <<'EOF'
hello $x
EOF
fn h {
	cat <<END
in fn $1
END
	echo after
}
h one
h two
rc -c 'h child'
wc -l <<EOF >/tmp/n; cat /tmp/n
a
b
EOF
"""


@test(timeout=300)
def heredoc(t):
	"""<<EOF substitutes $variables, <<'EOF' does not; one inside a function, also in a child."""
	with start() as q:
		script(q, '/tmp/here', HERE)
		ck(t, q, 'script', 'rc /tmp/here',
			'hello big world!\nbig worlds and . $\nhello $x\n'
			'in fn one\nafter\nin fn two\nafter\nin fn child\nafter\n'
			'      2\n')
		ck(t, q, 'whatis', 'rc -c \'. /tmp/here >/dev/null; whatis h\'',
			'fn h {cat <<END\nin fn $1\nEND\necho after}\n')
		# a document last in its braces stays inside them
		script(q, '/tmp/g', 'fn g {echo $1; cat <<E\nhi $1\nE\n}\n')
		ck(t, q, 'last', '. /tmp/g; whatis g; rc -c \'g x\'', 'fn g {echo $1; cat <<E\nhi $1\nE\n}\nx\nhi x\n')
		# typed at the prompt: the document's lines come after the command's
		q.sendline('y=typed; cat <<EOF')
		q.sendline('$y here')
		ck(t, q, 'typed', 'EOF', 'typed here\n')
		ck(t, q, 'notag', 'cat <<', 'rc: syntax error near newline\n')


@test(timeout=300)
def fnexport(t):
	"""fn name {...} reaches child rc processes as /env/fn#name; fn name deletes it there too."""
	with start() as q:
		q.run('fn greet {echo hi $1}')
		ck(t, q, 'child', "rc -c 'greet you'", 'hi you\n')
		ck(t, q, 'envfile', "cat '/env/fn#greet'", 'fn greet {echo hi $1}\n')
		ck(t, q, 'grandchild', "rc -c 'rc -c ''greet again'''", 'hi again\n')
		ck(t, q, 'child_whatis', "rc -c 'whatis greet'", 'fn greet {echo hi $1}\n')
		q.run('fn greet {echo hello $1}')
		ck(t, q, 'redefined', "rc -c 'greet you'", 'hello you\n')
		q.run('fn greet')
		ck(t, q, 'deleted', "rc -c 'whatis greet'", 'greet: not found\n')
		ck(t, q, 'deleted_env', "ls '/env/fn#greet' >[2]/dev/null || echo gone", 'gone\n')
		ck(t, q, 'child_defines', "rc -c 'fn inner {echo in}'; rc -c 'whatis inner'", 'fn inner {echo in}\n')


@test(timeout=300)
def whatis(t):
	"""whatis: a variable as an assignment, a function, a builtin, a command's path."""
	with start() as q:
		ck(t, q, 'list', "x=(a 'b c' ''); whatis x", "x=(a 'b c' '')\n")
		ck(t, q, 'single', 'y=one; whatis y', 'y=one\n')
		ck(t, q, 'fn', 'fn f {echo $1; ls | wc}; whatis f', 'fn f {echo $1; ls | wc}\n')
		ck(t, q, 'builtin', 'whatis cd', 'builtin cd\n')
		ck(t, q, 'command', 'whatis ls', '/bin/ls\n')
		ck(t, q, 'notfound', 'whatis nosuch; echo $status', 'nosuch: not found\nnot found\n')
		ck(t, q, 'several', 'whatis y cd', 'y=one\nbuiltin cd\n')


@test(timeout=300)
def ifs(t):
	"""`{cmd} splits at the characters of $ifs."""
	with start() as q:
		ck(t, q, 'default', 'x=`{echo a b; echo c}; echo $#x $x(3)', '3 c\n')
		ck(t, q, 'colon', 'ifs=: {x=`{echo -n a:b c::d}; echo $#x $x(2)}', '3 b c\n')
		ck(t, q, 'two', "ifs=(: ' ') {x=`{echo -n a:b c}; echo $#x $x(3)}", '3 c\n')
		ck(t, q, 'none', 'ifs=() {x=`{echo a b}; echo $#x}', '1\n')
		ck(t, q, 'restored', 'x=`{echo -n a:b c}; echo $#x', '2\n')


@test(timeout=300)
def errors(t):
	"""Syntax errors give rc's messages and the interactive rc goes on."""
	with start() as q:
		pid = q.run('echo $pid')
		ck(t, q, 'subscript', 'echo $x(1))', 'rc: syntax error near )\n')
		ck(t, q, 'alive', 'echo $pid', pid)
		ck(t, q, 'switch', 'switch a b', 'rc: syntax error near b\n')
		ck(t, q, 'fn', 'fn', 'rc: syntax error near newline\n')
		ck(t, q, 'match', '~', 'rc: syntax error near newline\n')
		ck(t, q, 'still', 'x=(1 2); echo $x(2-)', '2\n')
		ck(t, q, 'same_rc', 'echo $pid', pid)
