"""grep and sed on lib/regexp, at the shell: every flag of each, sed's
commands and addresses, the regular expressions they share (classes,
anchors, alternation, submatches, UTF-8, a pattern that would take a
backtracking matcher forever), and each usage line and error form.
Every check compares the exact output of one command line (standard
error too, since the console shows both)."""

from harness import test, boot

CHECKS = 102		# result lines this file prints (tests/harness.py)

GREPUSAGE = 'usage: grep [-bchiLlnsv] [-f file] [-e expr] [file ...]'
SEDUSAGE = 'usage: sed [-gln] [-e script] [-f file] [file ...]'
NOFILE = "%s: /nonexistent: '/nonexistent' file does not exist\n"

# the status of the last command: 'no matches' when grep found none
NOMATCH = "if(~ $status *'no matches') echo nomatches"


def start():
	q = boot(memory='256M')
	q.expect_prompt(60)
	q.run('echo one >/tmp/a; echo two >>/tmp/a; echo three >>/tmp/a')
	q.run('echo four >/tmp/b; echo five >>/tmp/b')
	return q


def ck(t, q, name, cmd, want, timeout=30):
	out = q.run(cmd, timeout)
	t.check(name, out == want, 'ran %r: got %r, want %r' % (cmd, out, want))


@test(timeout=400)
def grep(t):
	"""grep's flags, output forms, status and errors."""
	with start() as q:
		ck(t, q, 'grep', 'grep o /tmp/a', 'one\ntwo\n')
		ck(t, q, 'grep.stdin', 'cat /tmp/a | grep e', 'one\nthree\n')
		ck(t, q, 'grep.files', 'grep o /tmp/a /tmp/b', '/tmp/a:one\n/tmp/a:two\n/tmp/b:four\n')
		ck(t, q, 'grep.c', 'grep -c o /tmp/a', '2\n')
		ck(t, q, 'grep.c_files', 'grep -c o /tmp/a /tmp/b', '/tmp/a:2\n/tmp/b:1\n')
		ck(t, q, 'grep.c_none', 'grep -c zzz /tmp/a', '0\n')
		ck(t, q, 'grep.n', 'grep -n o /tmp/a', '1: one\n2: two\n')
		ck(t, q, 'grep.n_files', 'grep -n e /tmp/a /tmp/b', '/tmp/a:1: one\n/tmp/a:3: three\n/tmp/b:2: five\n')
		ck(t, q, 'grep.h', 'grep -h o /tmp/a /tmp/b', 'one\ntwo\nfour\n')
		ck(t, q, 'grep.l', 'grep -l o /tmp/a /tmp/b /dev/null /tmp/a', '/tmp/a\n/tmp/b\n/tmp/a\n')
		ck(t, q, 'grep.l_stdin', 'grep -l o </tmp/a', 'stdin\n')
		ck(t, q, 'grep.L', 'grep -L t /tmp/a /tmp/b', '/tmp/b\n')
		ck(t, q, 'grep.v', 'grep -v o /tmp/a', 'three\n')
		ck(t, q, 'grep.cv', 'grep -c -v o /tmp/a /tmp/b', '/tmp/a:1\n/tmp/b:1\n')
		ck(t, q, 'grep.i', 'grep -i O /tmp/a', 'one\ntwo\n')
		ck(t, q, 'grep.i_class', "grep -i '[A-N]E$' /tmp/a", 'one\nthree\n')
		ck(t, q, 'grep.s', 'grep -s o /tmp/a && echo matched', 'matched\n')
		ck(t, q, 'grep.s_none', 'grep -s zzz /tmp/a; ' + NOMATCH, 'nomatches\n')
		ck(t, q, 'grep.e', 'grep -e o -e f /tmp/b', 'four\nfive\n')
		ck(t, q, 'grep.e_dash', 'echo a-x-b >/tmp/d; grep -e -x- /tmp/d', 'a-x-b\n')
		q.run("echo o >/tmp/p; echo 'f.v' >>/tmp/p")
		ck(t, q, 'grep.f', 'grep -f /tmp/p /tmp/b', 'four\nfive\n')
		ck(t, q, 'grep.f_e', 'grep -f /tmp/p -e hr /tmp/a', 'one\ntwo\nthree\n')
		ck(t, q, 'grep.b', 'grep -b -n e /tmp/a', '1: one\n3: three\n')
		ck(t, q, 'grep.status', 'grep o /tmp/a >/dev/null; echo status $status', 'status \n')
		ck(t, q, 'grep.nomatch', 'grep zzz /tmp/a; ' + NOMATCH, 'nomatches\n')

		ck(t, q, 'grep.alt', "grep 'thr|fi' /tmp/a /tmp/b", '/tmp/a:three\n/tmp/b:five\n')
		ck(t, q, 'grep.anchors', "grep '^t.*o$' /tmp/a", 'two\n')
		ck(t, q, 'grep.class_neg', "grep '^[^t]' /tmp/a", 'one\n')
		ck(t, q, 'grep.plus_quest', "grep 'e+$' /tmp/a; grep 'thx?r' /tmp/a", 'one\nthree\nthree\n')
		ck(t, q, 'grep.group', "grep '(tw|fo)o' /tmp/a", 'two\n')
		ck(t, q, 'grep.escape', "echo 'a.b' >/tmp/e; echo axb >>/tmp/e; grep 'a\\.b' /tmp/e", 'a.b\n')
		ck(t, q, 'grep.utf', "echo 'ΑΒΓ αβγ' >/tmp/u; echo abc >>/tmp/u; grep 'β+' /tmp/u; grep '[α-γ]γ' /tmp/u",
			'ΑΒΓ αβγ\nΑΒΓ αβγ\n')
		ck(t, q, 'grep.utf_dot', "grep '^...$' /tmp/u", 'abc\n')
		# 2000 a's: a backtracking matcher would never finish (a*)*b
		q.run('a=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')
		q.run('for(i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20) echo -n $a >>/tmp/long; echo >>/tmp/long')
		ck(t, q, 'grep.pathological', "grep -c '(a*)*b' /tmp/long; grep -c '^(a|aa)+$' /tmp/long", '0\n1\n')

		ck(t, q, 'grep.badre', "grep '(b' /tmp/a || echo failed", 'grep: (b: unmatched (\nfailed\n')
		ck(t, q, 'grep.badclass', "grep '[a-' /tmp/a || echo failed", 'grep: [a-: malformed []\nfailed\n')
		ck(t, q, 'grep.nofile', 'grep o /nonexistent /tmp/b', NOFILE % 'grep' + '/tmp/b:four\n')
		ck(t, q, 'grep.nofile_status', 'grep o /nonexistent; ' + NOMATCH, NOFILE % 'grep' + 'nomatches\n')
		ck(t, q, 'grep.f_nofile', 'grep -f /nonexistent /tmp/a || echo failed', NOFILE % 'grep' + 'failed\n')
		ck(t, q, 'grep.usage', 'grep -z o /tmp/a || echo failed', GREPUSAGE + '\nfailed\n')
		ck(t, q, 'grep.usage_nopattern', 'grep || echo failed', GREPUSAGE + '\nfailed\n')
		ck(t, q, 'grep.usage_e', 'grep -e || echo failed', GREPUSAGE + '\nfailed\n')


@test(timeout=400)
def sed(t):
	"""sed's commands, addresses, flags and errors."""
	with start() as q:
		ck(t, q, 'sed.s', 'sed s/o/0/ /tmp/a', '0ne\ntw0\nthree\n')
		ck(t, q, 'sed.s_g', "echo banana | sed 's/a/A/g'", 'bAnAnA\n')
		ck(t, q, 'sed.s_n', "echo banana | sed 's/a/A/2'", 'banAna\n')
		ck(t, q, 'sed.s_ng', "echo banana | sed 's/a/A/2g'", 'banAnA\n')
		ck(t, q, 'sed.s_p', "sed -n 's/o/0/p' /tmp/a", '0ne\ntw0\n')
		ck(t, q, 'sed.s_gp', "echo banana | sed -n 's/an/AN/gp'", 'bANANa\n')
		ck(t, q, 'sed.s_sub', "sed 's/(t)(w|h)/[\\2\\1&]/' /tmp/a", 'one\n[wttw]o\n[htth]ree\n')
		ck(t, q, 'sed.s_swap', "sed 's/(.)(.)/\\2\\1/' /tmp/a", 'noe\nwto\nhtree\n')
		ck(t, q, 'sed.s_quoted', "echo a+b | sed 's/\\+/[\\&\\\\]/'", 'a[&\\]b\n')
		ck(t, q, 'sed.s_newline', "echo a:b | sed 's/:/\\n/'", 'a\nb\n')
		ck(t, q, 'sed.s_delim', "echo /usr/bin | sed 's|/|:|g'", ':usr:bin\n')
		ck(t, q, 'sed.s_quoted_delim', "echo a/b | sed 's/\\//-/'", 'a-b\n')
		ck(t, q, 'sed.s_empty_re', "sed -n '/o/s//0/gp' /tmp/a", '0ne\ntw0\n')
		ck(t, q, 'sed.s_empty_matches', "sed 's/o*/-/g' /tmp/a", '--n-e\n-t-w-\n-t-h-r-e-e\n')
		ck(t, q, 'sed.s_longest', "echo xabcdx | sed 's/(a|ab)(c|bcd)(d*)/[\\1,\\2,\\3]/'", 'x[a,bcd,]x\n')
		ck(t, q, 'sed.s_anchor_g', "echo aaa | sed 's/^a/x/g'", 'xaa\n')
		ck(t, q, 'sed.s_utf', "echo αβγ | sed 's/β/b/; s/./X/'", 'Xbγ\n')
		ck(t, q, 'sed.g', "sed -g 's/e/E/' /tmp/a", 'onE\ntwo\nthrEE\n')

		ck(t, q, 'sed.d', "sed 2d /tmp/a", 'one\nthree\n')
		ck(t, q, 'sed.d_range', "sed '2,3d' /tmp/a", 'one\n')
		ck(t, q, 'sed.d_last', "sed '$d' /tmp/a", 'one\ntwo\n')
		ck(t, q, 'sed.d_re', "sed '/w/d' /tmp/a", 'one\nthree\n')
		ck(t, q, 'sed.p', "sed 2p /tmp/a", 'one\ntwo\ntwo\nthree\n')
		ck(t, q, 'sed.n', "sed -n '/t/p' /tmp/a", 'two\nthree\n')
		ck(t, q, 'sed.q', "sed 2q /tmp/a", 'one\ntwo\n')
		ck(t, q, 'sed.q_re', "sed -n '/w/{p;q;}' /tmp/a", 'two\n')
		ck(t, q, 'sed.a', "sed -e '2a\\' -e after /tmp/a", 'one\ntwo\nafter\nthree\n')
		ck(t, q, 'sed.i', "sed -e '1i\\' -e top /tmp/a", 'top\none\ntwo\nthree\n')
		ck(t, q, 'sed.c', "sed -e '2c\\' -e middle /tmp/a", 'one\nmiddle\nthree\n')
		ck(t, q, 'sed.c_range', "sed -e '1,2c\\' -e both /tmp/a", 'both\nthree\n')
		ck(t, q, 'sed.a_last_files', "sed -e '$a\\' -e end /tmp/a /tmp/b", 'one\ntwo\nthree\nfour\nfive\nend\n')
		ck(t, q, 'sed.eq', "sed -n '$=' /tmp/a", '3\n')
		ck(t, q, 'sed.block', "sed -n '/t/{p;p;}' /tmp/a", 'two\ntwo\nthree\nthree\n')

		ck(t, q, 'sed.range_last', "sed -n '2,$p' /tmp/a", 'two\nthree\n')
		ck(t, q, 'sed.range_re', "sed -n '/one/,/t/p' /tmp/a", 'one\ntwo\n')
		ck(t, q, 'sed.range_line_re', "sed -n '2,/t/p' /tmp/a", 'two\nthree\n')
		ck(t, q, 'sed.range_backwards', "sed -n '3,1p' /tmp/a", 'three\n')
		ck(t, q, 'sed.range_files', "sed -n '3,4p' /tmp/a /tmp/b", 'three\nfour\n')
		ck(t, q, 'sed.neg', "sed '/two/!d' /tmp/a", 'two\n')
		ck(t, q, 'sed.neg_line', "sed '2!s/o/0/' /tmp/a", '0ne\ntwo\nthree\n')
		ck(t, q, 'sed.neg_range', "sed -n '1,2!p' /tmp/a /tmp/b", 'three\nfour\nfive\n')
		ck(t, q, 'sed.neg_last', "sed '$!d' /tmp/a /tmp/b", 'five\n')

		ck(t, q, 'sed.e', "sed -e 's/o/0/' -e 's/e/E/' /tmp/a", '0nE\ntw0\nthrEe\n')
		ck(t, q, 'sed.semicolon', "sed 's/o/0/; 3d' /tmp/a", '0ne\ntw0\n')
		q.run("echo '2a\\' >/tmp/sc; echo 'added' >>/tmp/sc; echo '3d' >>/tmp/sc")
		ck(t, q, 'sed.f', 'sed -f /tmp/sc /tmp/a', 'one\ntwo\nadded\n')
		ck(t, q, 'sed.f_e', "sed -f /tmp/sc -e 1d /tmp/a", 'two\nadded\n')
		ck(t, q, 'sed.l', 'sed -l p /tmp/b', 'four\nfour\nfive\nfive\n')
		ck(t, q, 'sed.dash', 'sed -n p /tmp/a - </tmp/b', 'one\ntwo\nthree\nfour\nfive\n')

		ck(t, q, 'sed.unknown', 'sed k /tmp/a || echo failed', 'sed: k: unrecognized command\nfailed\n')
		ck(t, q, 'sed.garbled', "sed 's/a/b' /tmp/a || echo failed", 'sed: s/a/b: command garbled\nfailed\n')
		ck(t, q, 'sed.garbled_tail', "sed 'p x' /tmp/a || echo failed", 'sed: p x: command garbled\nfailed\n')
		ck(t, q, 'sed.badre', "sed 's/(b/x/' /tmp/a || echo failed", 'sed: (b: unmatched (\nfailed\n')
		ck(t, q, 'sed.no_previous', "sed 's//x/' /tmp/a || echo failed",
			'sed: s//x/: no previous regular expression\nfailed\n')
		ck(t, q, 'sed.unmatched_brace', "sed '2{p' /tmp/a || echo failed", 'sed: 2{p: unmatched {\nfailed\n')
		ck(t, q, 'sed.unexpected_brace', "sed '}' /tmp/a || echo failed", 'sed: }: unexpected }\nfailed\n')
		ck(t, q, 'sed.nofile', 'sed p /nonexistent || echo failed', NOFILE % 'sed' + 'failed\n')
		ck(t, q, 'sed.nofile_goes_on', 'sed 1d /nonexistent /tmp/b', NOFILE % 'sed' + 'five\n')
		ck(t, q, 'sed.f_nofile', 'sed -f /nonexistent /tmp/a || echo failed', NOFILE % 'sed' + 'failed\n')
		ck(t, q, 'sed.usage', 'sed -z p /tmp/a || echo failed', SEDUSAGE + '\nfailed\n')
		ck(t, q, 'sed.usage_noscript', 'sed || echo failed', SEDUSAGE + '\nfailed\n')
