#!/bin/bash
# Build 9q and boot it in QEMU with the serial console on this terminal.
#
#	./run-qemu.sh [qemu args...]
#
# Defaults: -m 512M, one cpu, TCG.  Arguments are passed to QEMU after
# the defaults, and QEMU lets a later -m or -smp override an earlier one,
# so `./run-qemu.sh -m 2G -smp 4 -accel kvm` does what it says.  (QEMU
# treats repeated -accel options as a fallback list instead, so the
# default -accel tcg is left out whenever you name an accelerator.)
# Leave QEMU with ^A x; ^C and DEL go to 9q.

set -u
cd "$(dirname "$0")" || exit 1
export PATH="$PATH:/usr/lib/plan9/bin"

# Install only what is missing (the same list as tests/run).
need=()
want() {	# want PACKAGE TEST...: add PACKAGE unless the test succeeds
	local pkg=$1
	shift
	"$@" >/dev/null 2>&1 || need+=("$pkg")
}
want qemu-system-x86 command -v qemu-system-x86_64
want 9base test -x /usr/lib/plan9/bin/mk
want grub-pc-bin test -d /usr/lib/grub/i386-pc
want grub-common command -v grub-mkrescue
want xorriso command -v xorriso
want mtools command -v mformat
want python3 command -v python3
want clang command -v clang
want gcc command -v gcc
want binutils command -v objcopy
if [ ${#need[@]} -gt 0 ]; then
	cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${need[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		echo "run-qemu.sh: missing packages; as root run:" >&2
		echo "  $cmd" >&2
		exit 1
	fi
	echo "run-qemu.sh: installing ${need[*]}" >&2
	apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "${need[@]}" </dev/null ||
		{ echo "run-qemu.sh: apt-get install failed" >&2; exit 1; }
fi

/usr/lib/plan9/bin/mk || { echo "run-qemu.sh: build failed" >&2; exit 1; }

# ---------------------------------------------------------------------
# DEFAULT VIRTIO SETUP, the seed page's lines, appended to `devices`:
#   - a virtio-9p share with mount tag `harvtmp` of ./tmp in this
#     checkout (created here if missing), device virtio-9p-0;
#   - a virtio-9p share `hosttmp` of /tmp, device virtio-9p-1;
#   - a virtio-serial port (virtio-console-2) whose chardev is the Unix
#     socket /tmp/vc02 in client mode, so out/util/ufs must be serving
#     it first: it serves /tmp, started in the background here (its
#     messages go to out/ufs.log) and killed by its PID when QEMU exits.
# In 9q:	mount -d '#9' /dev/null /mnt/xxx harvtmp
#		srv -e '9pvpxy /dev/virtcon/virtio-console-2' vc2
#		mount -c -n /srv/vc2 /mnt/xxx
# ---------------------------------------------------------------------
devices=()
ufspid=
virtio_setup() {
	local i
	mkdir -p tmp
	devices+=(-device virtio-9p-pci,fsdev=hrvtmp,mount_tag=harvtmp
		-fsdev "local,path=$PWD/tmp,id=hrvtmp,security_model=none"
		-device virtio-9p-pci,fsdev=fstmp,mount_tag=hosttmp
		-fsdev local,path=/tmp,id=fstmp,security_model=none)
	rm -f /tmp/vc02
	out/util/ufs -ntype=unix -addr=/tmp/vc02 -root=/tmp >out/ufs.log 2>&1 &
	ufspid=$!
	trap 'kill "$ufspid" 2>/dev/null' EXIT
	for i in $(seq 50); do	# QEMU fails at once if nobody listens
		[ -S /tmp/vc02 ] && break
		sleep 0.1
	done
	if [ -S /tmp/vc02 ]; then
		devices+=(-device virtio-serial-pci,max_ports=1
			-device virtconsole,chardev=vc02
			-chardev socket,id=vc02,path=/tmp/vc02,reconnect=1)
	else
		echo "run-qemu.sh: ufs is not serving /tmp/vc02 (see out/ufs.log); no virtio-serial port" >&2
	fi
}
virtio_setup

# Use -accel tcg unless the caller chose an accelerator.
accel=(-accel tcg)
for a in "$@"; do
	case $a in
	-accel|--accel|-enable-kvm|--enable-kvm|*accel=*)
		accel=()
		;;
	esac
done

# Not exec: the virtio setup will have a host server to stop afterwards.
qemu-system-x86_64 ${accel[@]+"${accel[@]}"} -m 512M -smp 1 \
	-kernel out/9q -nographic -no-reboot \
	${devices[@]+"${devices[@]}"} "$@"
