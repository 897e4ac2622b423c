#!/bin/bash
# Build 9q and boot it in QEMU with the serial console on this terminal.
#
#	./run-qemu.sh [-share DIR[:TAG]]... [qemu args...]
#
# Each -share adds a virtio-9p share of host directory DIR with mount
# tag TAG (DIR's last element if none), after the default two below;
# in 9q `9fs TAG` mounts it at /n/TAG.  Before booting the script prints
# one line: how to leave QEMU, the tags and the serial port it set up.
# Otherwise it is quiet: the build's output goes to out/mk.log and is
# shown only if the build fails.
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

# -share DIR[:TAG], anywhere among the arguments; the rest go to QEMU.
shares=()	# TAG=DIR, absolute
qemuargs=()
while [ $# -gt 0 ]; do
	if [ "$1" != -share ]; then
		qemuargs+=("$1")
		shift
		continue
	fi
	[ $# -ge 2 ] || { echo "run-qemu.sh: -share needs DIR[:TAG]" >&2; exit 1; }
	dir=$2 tag=
	case $2 in
	*:*)	dir=${2%:*} tag=${2##*:};;
	esac
	[ -d "$dir" ] || { echo "run-qemu.sh: -share $2: $dir is not a directory" >&2; exit 1; }
	dir=$(cd "$dir" && pwd)
	[ -n "$tag" ] || tag=$(basename "$dir")
	case $tag in
	harvtmp|hosttmp|*[!A-Za-z0-9_.-]*)
		echo "run-qemu.sh: -share $2: tag $tag is taken or has characters other than letters, digits, _ . -" >&2
		exit 1;;
	esac
	for s in ${shares[@]+"${shares[@]}"}; do
		[ "${s%%=*}" != "$tag" ] || { echo "run-qemu.sh: -share $2: tag $tag given twice" >&2; exit 1; }
	done
	shares+=("$tag=$dir")
	shift 2
done
set -- ${qemuargs[@]+"${qemuargs[@]}"}

mkdir -p out
/usr/lib/plan9/bin/mk >out/mk.log 2>&1 || {
	tail -n 30 out/mk.log >&2
	echo "run-qemu.sh: build failed (all of it in out/mk.log)" >&2
	exit 1
}

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
		port="virtio-console-2 on /tmp/vc02 (ufs serving /tmp)"
	else
		echo "run-qemu.sh: ufs is not serving /tmp/vc02 (see out/ufs.log); no virtio-serial port" >&2
		port=none
	fi
}
virtio_setup

# the -share directories, after the seed's two (virtio-9p-3, -4, ...)
tags="harvtmp=$PWD/tmp hosttmp=/tmp"
i=0
for s in ${shares[@]+"${shares[@]}"}; do
	devices+=(-device "virtio-9p-pci,fsdev=share$i,mount_tag=${s%%=*}"
		-fsdev "local,path=${s#*=},id=share$i,security_model=none")
	tags="$tags $s"
	i=$((i+1))
done
echo "run-qemu.sh: leave QEMU with ^A x; 9p shares $tags; serial port $port"

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
