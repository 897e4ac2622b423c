"""The kernel tree's one rule that a compiler does not check: portable
code (kern/port, kern/virtio, kern/test) never touches the machine.
Every instruction, MSR, control register and I/O port is in kern/pc64,
reached through the functions pc64/fns.h declares."""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
PORTABLE = ['kern/port', 'kern/virtio', 'kern/test']
MACHINE = re.compile(r'\b(inb|ins|inl|outb|outs|outl|rdmsr|wrmsr|rdtsc|cpuid|invlpg|'
                     r'getcr[0-4]|putcr[0-4]|fxsave|fxrstor|fninit|ldmxcsr|__asm__|asm)\s*\(|'
                     r'#include\s+"x86\.h"')


def strip_comments(text):
    return re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)


def main():
    failed = 0
    nfiles = 0
    for d in PORTABLE:
        for name in sorted(os.listdir(os.path.join(ROOT, d))):
            if not name.endswith(('.c', '.h')):
                continue
            nfiles += 1
            path = os.path.join(d, name)
            text = strip_comments(open(os.path.join(ROOT, path)).read())
            for lineno, line in enumerate(text.split('\n'), 1):
                m = MACHINE.search(line)
                if m:
                    print('FAIL layout %s:%d uses %s' % (path, lineno, m.group(0).strip()))
                    failed += 1
    if nfiles < 30:
        print('FAIL layout: only %d portable files found' % nfiles)
        failed += 1
    if not failed:
        print('ok layout: %d portable files touch no instruction, register or port' % nfiles)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
