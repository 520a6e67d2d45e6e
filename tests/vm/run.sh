#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# Booted-kernel tests of ffa_notif.ko: build the module and the guest test
# programs for a kernel, boot that kernel under QEMU (TCG) with a busybox
# initramfs, run tests/vm/guest/suite.sh inside, and take the verdict from
# the one "VMTEST-RESULT: rc=N" line the guest's /init prints.
#
#   tests/vm/run.sh [--shell] [x86-6.12|x86-6.1|x86-6.12-rt|arm64|all]...
#   (default all)
#
# Targets:
#   x86-6.12  Debian's 6.12 cloud kernel (bookworm-security)
#   x86-6.1   Debian's 6.1 cloud kernel (bookworm)
#   x86-6.12-rt  Debian's 6.12 PREEMPT_RT kernel (bookworm-security,
#             linux-image-6.12-rt-amd64): spinlock_t sleeps, interrupt
#             handlers and irq_work run in threads
#   arm64     6.12 built here from linux-source-6.12: tinyconfig plus
#             tests/vm/arm64-debug.config (FF-A, lockdep, KASAN, UBSAN),
#             kept in build-vm/arm64/kbuild and rebuilt only when the
#             fragment or the source package changes
# --shell boots one target with an interactive busybox shell instead of the
# suite (Ctrl-A X quits QEMU).
#
# Installs what it needs with apt-get (as root, or through sudo).  Never uses
# KVM: on the CI machines /dev/kvm is a PVM that cannot run stock kernels
# (docs: /work/shared/docs/vm-harness.md).  Everything goes to build-vm/.
#
# Environment:
#   VMTEST_TIMEOUT  seconds the guest suite may take (default 600)
#   VMTEST_SRC      source tree to test (default: this checkout); takes
#                   kernel/ protocol/ include/ libffanotif/ common/ tools/
#                   bench/ tests/test-lib.c and tests/vm/guest/ from there
#   VMTEST_BENCH    1: run the benchmark (tests/vm/guest/bench.sh:
#                   bench-device) instead of the suite, quick: the same
#                   with bench-device --quick; scripts/bench.sh sets it
#
# Sourced with VMTEST_LIB=1 (tests/el3-spmc/run.sh does), it only defines
# its helpers: no arguments are parsed and no target runs.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
src=$(cd "${VMTEST_SRC:-$repo}" && pwd)
out=$repo/build-vm
guest_timeout=${VMTEST_TIMEOUT:-600}
guest_mode=
case ${VMTEST_BENCH:-0} in
1) guest_mode=" vmtest.mode=bench" ;;
quick) guest_mode=" vmtest.mode=bench vmtest.bench=quick" ;;
esac
all_targets=(x86-6.12 x86-6.1 x86-6.12-rt arm64)

usage() {
	echo "usage: $0 [--shell] [x86-6.12|x86-6.1|x86-6.12-rt|arm64|all]..."
}

shell=0
targets=()
while [ "${VMTEST_LIB:-0}" != 1 ] && [ $# -gt 0 ]; do
	case $1 in
	--shell) shell=1 ;;
	-h | --help) usage; exit 0 ;;
	all) targets+=("${all_targets[@]}") ;;
	x86-6.12 | x86-6.1 | x86-6.12-rt | arm64) targets+=("$1") ;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
if [ "${VMTEST_LIB:-0}" != 1 ] && [ $shell -eq 1 ] && [ ${#targets[@]} -ne 1 ]; then
	echo "$0: --shell boots exactly one target" >&2
	exit 2
fi

t0=$SECONDS
target=
# log MSG: a step; the last one of a target names it if the target fails.
log() {
	echo "=== vm${target:+ $target} [$((SECONDS - t0))s] $*"
	[ -z "$target" ] || echo "$*" >"$work/step"
}
# die MSG: fail the current target (each runs in a subshell); MSG is the
# reason given on its closing FAIL line.
die() {
	if [ -n "$target" ]; then
		echo "$*" >"$work/verdict"
	else
		echo "$0: $*" >&2
	fi
	exit 1
}

# ---------------------------------------------------------------- packages

if [ "$(id -u)" -eq 0 ]; then
	as_root=()
else
	as_root=(sudo)
fi
# Other jobs on the machine may hold the dpkg lock: wait for it.
apt_get=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
apt_updated=0

apt_update() {
	[ $apt_updated -eq 1 ] && return 0
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" update -qq
	apt_updated=1
}

# apt_install PKG...: install the packages that are missing.  INITRD=No:
# Debian's kernel hook then skips update-initramfs, we never boot its initrd.
apt_install() {
	local p missing=()
	for p; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "apt-get install ${missing[*]}"
	if [ ${#as_root[@]} -gt 0 ] && ! command -v sudo >/dev/null; then
		die "need root (or sudo) to install: ${missing[*]}"
	fi
	apt_update
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive INITRD=No \
		"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What every target needs on the host: the guest programs' headers (cmocka,
# libnl, libevent) come from the host even for arm64, they are architecture-neutral.
common_pkgs=(gcc make libc6-dev binutils cpio gzip libcmocka-dev libnl-genl-3-dev libevent-dev)

# ---------------------------------------------------------------- helpers

# newest_kver GLOB: the newest /lib/modules/GLOB that has both headers (build)
# and an image in /boot.  Never uname -r: the host runs its own kernel.
newest_kver() {
	local d v
	for d in /lib/modules/$1; do
		v=${d##*/}
		if [ -e "$d/build/Makefile" ] && [ -f "/boot/vmlinuz-$v" ]; then
			echo "$v"
		fi
	done | sort -V | tail -n 1
}

# copy_tree DST: the sources the module and the programs are built from,
# without build products someone may have left in the source tree.
copy_tree() {
	local dst=$1 d
	rm -rf "$dst"
	mkdir -p "$dst"
	for d in kernel protocol include libffanotif; do
		[ -d "$src/$d" ] || die "$src/$d is missing"
		cp -a "$src/$d" "$dst/"
	done
	find "$dst" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name Module.symvers -o -name modules.order \) -delete
}

# build_module KDIR [MAKEARGS...]: build ffa_notif.ko from a private copy of
# the sources (kernel/ includes ../protocol and ../include by relative
# path), and fail on any compiler warning.
build_module() {
	local kdir=$1 blog=$work/module-build.log
	shift
	[ -f "$src/kernel/Kbuild" ] || [ -f "$src/kernel/Makefile" ] ||
		die "$src/kernel has no Kbuild or Makefile: the module cannot be built"
	copy_tree "$work/src"
	log "module: make -C $kdir M=$work/src/kernel modules"
	if ! make -C "$kdir" "$@" M="$work/src/kernel" modules >"$blog" 2>&1; then
		cat "$blog"
		die "module build failed"
	fi
	cat "$blog"
	if grep -q 'warning:' "$blog"; then
		die "module build has warnings (see above)"
	fi
	[ -f "$work/src/kernel/ffa_notif.ko" ] || die "the build made no ffa_notif.ko"
}

# build_programs CC: one program per tests/vm/guest/*.c, plus
# tests/test-lib.c, each compiled together with libffanotif and the protocol
# core; and the tools as they are installed: ffa-notify, and ffa-notifd
# (libevent).  The target's include paths are in prog_cppflags, its library
# arguments in prog_libs (all programs) and tool_libs (ffa-notifd).
build_programs() {
	local cc=$1 f name objs=() o
	local cflags=(-std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -pthread)
	local incs=(-I"$src/include" -I"$src/include/uapi" -I"$src/libffanotif" -I"$src/protocol"
		-I"$src/common")
	# The library with all its backends: the daemon backend's wire
	# protocol lives in common/.
	local core=("$src"/libffanotif/*.c "$src"/common/*.c "$src"/protocol/ffp_abi.c
		"$src"/protocol/ffp_driver.c "$src"/protocol/ffp_spmc.c
		"$src"/protocol/ffp_spmc_partitions.c "$src"/protocol/ffp_hub.c)
	local progs=("$src"/tests/vm/guest/*.c "$src/tests/test-lib.c")

	[ -f "$src/tests/vm/guest/suite.sh" ] || die "$src/tests/vm/guest/suite.sh is missing"
	[ -f "${progs[0]}" ] || die "no guest test programs in $src/tests/vm/guest"
	rm -rf "${work:?}/obj" "${work:?}/bin"
	mkdir -p "$work/obj" "$work/bin"
	log "programs: $cc, ${#progs[@]} programs"
	# The library and the core once, then one link per program.
	for f in "${core[@]}"; do
		o=$work/obj/$(basename "$(dirname "$f")")-$(basename "$f" .c).o
		"$cc" "${cflags[@]}" "${incs[@]}" "${prog_cppflags[@]}" -c "$f" -o "$o"
		objs+=("$o")
	done
	for f in "${progs[@]}"; do
		name=$(basename "$f" .c)
		"$cc" "${cflags[@]}" "${incs[@]}" "${prog_cppflags[@]}" -o "$work/bin/$name" \
			"$f" "${objs[@]}" "${prog_libs[@]}"
	done
	# The tools, from the same objects; the guest suite runs them on the
	# device backend.
	incs+=(-I"$src/tools/common")
	"$cc" "${cflags[@]}" "${incs[@]}" "${prog_cppflags[@]}" -DFNT_VERSION='"vmtest"' \
		-o "$work/bin/ffa-notify" "$src"/tools/ffa-notify/*.c "$src"/tools/common/*.c \
		"${objs[@]}" "${prog_libs[@]}"
	"$cc" "${cflags[@]}" "${incs[@]}" "${prog_cppflags[@]}" -DFND_VERSION='"vmtest"' \
		-o "$work/bin/ffa-notifd" "$src"/tools/ffa-notifd/*.c "$src"/tools/common/*.c \
		"${objs[@]}" "${prog_libs[@]}" "${tool_libs[@]}"
	# The device benchmark (scripts/bench.sh), with the benchmarks' helper.
	if [ -f "$src/bench/bench-device.c" ]; then
		"$cc" "${cflags[@]}" -I"$src/include/uapi" -I"$src/bench" "${prog_cppflags[@]}" \
			-o "$work/bin/bench-device" "$src/bench/bench-device.c" "$src/bench/bench.c" -lm
	fi
}

# copy_elf_deps ROOTFS LIBDIR ELF... -- SEARCHDIR...: copy the dynamic
# loader and every shared library the programs need (recursively, from
# DT_NEEDED) into ROOTFS, libraries into LIBDIR (a directory the loader
# searches by default).  readelf reads any architecture, so this works
# for cross-built programs too.
copy_elf_deps() {
	local rootfs=$1 libdir=$2
	shift 2
	local elves=() dirs=() queue=() seen=" " f n d interp found
	while [ $# -gt 0 ] && [ "$1" != -- ]; do elves+=("$1"); shift; done
	shift
	dirs=("$@")
	for f in "${elves[@]}"; do
		interp=$(readelf -l "$f" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
		if [ -n "$interp" ] && [ ! -e "$rootfs$interp" ]; then
			found=
			for d in "${dirs[@]}"; do
				[ -e "$d/$(basename "$interp")" ] && found=$d/$(basename "$interp") && break
			done
			[ -n "$found" ] || die "dynamic loader $interp not found in ${dirs[*]}"
			mkdir -p "$rootfs$(dirname "$interp")"
			cp -L "$found" "$rootfs$interp"
		fi
		queue+=("$f")
	done
	mkdir -p "$rootfs$libdir"
	while [ ${#queue[@]} -gt 0 ]; do
		f=${queue[0]}
		queue=("${queue[@]:1}")
		for n in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			case $seen in *" $n "*) continue ;; esac
			seen="$seen$n "
			found=
			for d in "${dirs[@]}"; do
				[ -e "$d/$n" ] && found=$d/$n && break
			done
			[ -n "$found" ] || die "shared library $n (needed by $(basename "$f")) not found in ${dirs[*]}"
			cp -L "$found" "$rootfs$libdir/$n"
			queue+=("$found")
		done
	done
}

# make_initramfs BUSYBOX LIBDIR SEARCHDIR...: /init, busybox, the suite
# (/suite: the runner and its files, /suite/bin, /suite/ffa_notif.ko) and
# the shared libraries, as build-vm/<target>/initramfs.cpio.gz.
make_initramfs() {
	local busybox=$1 libdir=$2 rootfs=$work/rootfs f
	shift 2
	rm -rf "$rootfs"
	mkdir -p "$rootfs"/{bin,dev,proc,sys,tmp,root,suite/bin}
	cp "$busybox" "$rootfs/bin/busybox"
	cp "$here/init.sh" "$rootfs/init"
	chmod 755 "$rootfs/init"
	# The runner and whatever data it ships; the C sources were built above.
	for f in "$src"/tests/vm/guest/*; do
		case $f in *.c | *.h) continue ;; esac
		cp -a "$f" "$rootfs/suite/"
	done
	cp "$work"/bin/* "$rootfs/suite/bin/"
	cp "$work/src/kernel/ffa_notif.ko" "$rootfs/suite/"
	copy_elf_deps "$rootfs" "$libdir" "$rootfs"/suite/bin/* -- "$@"
	(cd "$rootfs" && find . -print0 | cpio --null -o -H newc --quiet --owner=0:0 | gzip -1) \
		>"$work/initramfs.cpio.gz"
}

# boot QEMU-ARGS...: boot and judge.  The guest prints exactly one
# "VMTEST-RESULT: rc=N"; QEMU's exit status is not the verdict.
boot() {
	local append=$1 slog=$work/serial.log qrc n start=$SECONDS
	shift
	if [ $shell -eq 1 ]; then
		log "booting with a shell (Ctrl-A X quits QEMU)"
		"$@" -serial mon:stdio -append "$append vmtest.mode=shell"
		return 0
	fi
	log "boot + suite (TCG, suite timeout ${guest_timeout}s)"
	set +e
	# Boot time under TCG with the debug kernel is well under a minute; the
	# margin covers that and a loaded machine.
	timeout --foreground -k 10 $((guest_timeout + 240)) "$@" -serial stdio \
		-append "$append vmtest.timeout=$guest_timeout$guest_mode" </dev/null |
		tr -d '\r' | tee "$slog"
	qrc=${PIPESTATUS[0]}
	set -e
	n=$(grep -ac '^VMTEST-RESULT: ' "$slog" || true)
	if [ "$n" -eq 1 ] && grep -aqx 'VMTEST-RESULT: rc=0' "$slog"; then
		echo "boot + suite $((SECONDS - start))s, $kdesc" >"$work/verdict"
		return 0
	fi
	echo "---- tail of $slog"
	tail -n 60 "$slog"
	echo "----"
	if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
		die "QEMU timed out after $((SECONDS - start))s, $kdesc"
	elif [ "$n" -eq 0 ]; then
		die "no VMTEST-RESULT line: the guest panicked or died (QEMU exit $qrc), $kdesc"
	elif [ "$n" -gt 1 ]; then
		die "$n VMTEST-RESULT lines, expected one, $kdesc"
	fi
	die "$(grep -a '^VMTEST-RESULT: ' "$slog"), $kdesc"
}

# Boot options common to all targets: any oops or WARN panics, a panic
# reboots, and -no-reboot turns that into QEMU exiting without a result
# line.  loglevel=5 shows warnings and splats on the console (lockdep reports and
# WARN() are KERN_WARNING), in order with the suite's output, not the
# notices and info of a normal boot.  The big log buffer keeps early
# messages for the guest's scan of dmesg.
cmdline_common="panic=-1 oops=panic panic_on_warn=1 loglevel=5 log_buf_len=4M"
qemu_common=(-accel tcg -smp 2 -display none -no-reboot -nodefaults -monitor none)

# ---------------------------------------------------------------- x86_64

run_x86() {
	local kglob=$1 kver
	shift
	[ "$(dpkg --print-architecture)" = amd64 ] ||
		die "the x86 targets need an amd64 host (this is $(dpkg --print-architecture))"
	log "packages"
	apt_install "${common_pkgs[@]}" qemu-system-x86 busybox-static "$@"
	kver=$(newest_kver "$kglob")
	if [ -z "$kver" ]; then
		# The 6.1 headers do not depend on their image: add the exact one.
		kver=$(for d in /lib/modules/$kglob; do
			if [ -e "$d/build/Makefile" ]; then echo "${d##*/}"; fi
		done | sort -V | tail -n 1)
		if [ -n "$kver" ]; then
			apt_install "linux-image-$kver"
		fi
		kver=$(newest_kver "$kglob")
	fi
	[ -n "$kver" ] || die "no kernel with headers and image matches /lib/modules/$kglob"
	kdesc="kernel $kver"
	log "kernel $kver"

	build_module "/lib/modules/$kver/build"
	prog_cppflags=(-I/usr/include/libnl3)
	prog_libs=(-lcmocka -lnl-genl-3 -lnl-3)
	tool_libs=(-levent_core)
	build_programs gcc
	# A 32-bit process on the 64-bit kernel: the module's compat_ioctl.
	# clang -m32 with the i386 libc, not gcc-multilib: that one conflicts
	# with the arm64 cross compiler.  The kernel's x86 uapi <asm/*.h> are
	# the same for both widths; only their multiarch directory differs.
	apt_install clang libc6-dev-i386 lib32gcc-12-dev
	mkdir -p "$work/inc32"
	ln -sfn /usr/include/x86_64-linux-gnu/asm "$work/inc32/asm"
	clang -m32 -static -std=gnu11 -O2 -Wall -Wextra -Werror -I"$src/include/uapi" \
		-idirafter "$work/inc32" \
		-o "$work/bin/test-compat32" "$src/tests/vm/compat32/test-compat32.c"
	log "initramfs"
	make_initramfs /bin/busybox /lib/x86_64-linux-gnu \
		/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib64
	boot "console=ttyS0 $cmdline_common" \
		qemu-system-x86_64 "${qemu_common[@]}" -cpu max -m 1024 \
		-kernel "/boot/vmlinuz-$kver" -initrd "$work/initramfs.cpio.gz"
}

# ---------------------------------------------------------------- arm64

cross=aarch64-linux-gnu-
karm=(ARCH=arm64 "CROSS_COMPILE=$cross")
# Bump when the way the kernel is built changes, to invalidate the cache.
kbuild_recipe=1

# own_apt_config DIR LINE...: an apt configuration of our own in DIR, its
# sources.list the LINEs (deb or deb-src; sid's Release file on the
# mirror has expired, a frozen index, so a line may carry
# check-valid-until=no; signatures are checked).  Nothing of /etc/apt is
# read (Dir::Etc::Parts is an empty directory of DIR) and nothing of the
# installed system's sources, lists or packages changes.
own_apt_config() {
	local a=$1 l
	shift
	mkdir -p "$a"/etc/apt.conf.d "$a"/etc/sources.list.d "$a"/etc/preferences.d \
		"$a"/lists/partial "$a"/cache/archives/partial "$a"/state "$a"/log
	: >"$a/state/status"
	for l; do echo "$l"; done >"$a/etc/sources.list"
	cat >"$a/apt.conf" <<EOF
Dir::Etc "$a/etc";
Dir::Etc::Parts "apt.conf.d";
Dir::Etc::main "apt.conf";
Dir::Etc::SourceList "sources.list";
Dir::Etc::SourceParts "sources.list.d";
Dir::Etc::Preferences "preferences";
Dir::Etc::PreferencesParts "preferences.d";
Dir::Etc::Trusted "trusted.gpg";
Dir::Etc::TrustedParts "trusted.gpg.d";
Dir::State "$a/state";
Dir::State::Lists "$a/lists";
Dir::State::status "$a/state/status";
Dir::Cache "$a/cache";
Dir::Log "$a/log";
APT::Sandbox::User "$(id -un)";
EOF
}

# own_apt DIR ARGS...: apt-get with the configuration own_apt_config made.
own_apt() {
	local a=$1
	shift
	APT_CONFIG=$a/apt.conf "${apt_get[@]}" "$@"
}

debian_key=/usr/share/keyrings/debian-archive-keyring.gpg
# Kernel sources fetched by kernel_source: build-vm/sources, whatever a
# caller sets out to (el3_variant_kernel does).
ksrc_dir=$out/sources

# newest_file PATH...: the last existing one in version order, or nothing.
newest_file() {
	local f
	for f; do
		[ ! -e "$f" ] || echo "$f"
	done | sort -V | tail -n 1
}

# kernel_source VER: linux-source-VER, for arm64_kernel: sets ksrc_tarball
# (the .tar.xz) and ksrc_version (the package's version).  6.1 and 6.12
# are the installed system's archive (bookworm, bookworm-security) and
# are installed from it; newer ones come from sid or trixie-backports (7.2
# is in both, 7.3 in trixie-backports only) through an apt configuration
# of our own (build-vm/sources/apt), downloaded once into
# build-vm/sources/linux-source-VER and unpacked there, never installed.
kernel_source() {
	local ver=$1 pkg=linux-source-$1 a=$ksrc_dir/apt d deb
	case $ver in
	6.1 | 6.12)
		apt_install "$pkg" xz-utils
		ksrc_tarball=/usr/src/$pkg.tar.xz
		ksrc_version=$(dpkg-query -W -f='${Version}' "$pkg")
		return 0
		;;
	esac
	d=$ksrc_dir/$pkg
	mkdir -p "$d"
	deb=$(newest_file "$d/${pkg}_"*_all.deb)
	if [ -z "$deb" ]; then
		[ -f "$debian_key" ] || die "$debian_key is missing (package debian-archive-keyring)"
		own_apt_config "$a" \
			"deb [check-valid-until=no signed-by=$debian_key] http://deb.debian.org/debian sid main" \
			"deb [signed-by=$debian_key] http://deb.debian.org/debian trixie-backports main"
		log "kernel: apt-get update (own apt configuration: $a)"
		own_apt "$a" update -qq || die "apt-get update of sid's and trixie-backports' indexes failed"
		log "kernel: apt-get download $pkg (sid, trixie-backports)"
		(cd "$d" && own_apt "$a" download -qq "$pkg") ||
			die "$pkg is in neither sid nor trixie-backports (apt-get download failed)"
		deb=$(newest_file "$d/${pkg}_"*_all.deb)
		[ -n "$deb" ] || die "apt-get download $pkg left no .deb in $d"
	fi
	ksrc_version=$(dpkg-deb -f "$deb" Version)
	ksrc_tarball=$d/usr/src/$pkg.tar.xz
	if [ ! -f "$ksrc_tarball" ] || [ "$(cat "$d/unpacked" 2>/dev/null)" != "$ksrc_version" ]; then
		log "kernel: unpacking $pkg $ksrc_version"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$d" "./usr/src/$pkg.tar.xz" ||
			die "$deb has no usr/src/$pkg.tar.xz"
		echo "$ksrc_version" >"$d/unpacked"
	fi
}

# arm64_sysroot: arm64 busybox and the guest programs' runtime libraries
# (cmocka, libnl), downloaded as .debs and unpacked; glibc comes from
# libc6-arm64-cross.  Their headers are taken from the host, copied to a
# private directory so the cross compiler never sees all of /usr/include.
arm64_sysroot() {
	local sysroot=$out/arm64/sysroot debs=$out/arm64/debs inc=$out/arm64/include d
	local want=(busybox-static:arm64 libcmocka0:arm64 libnl-3-200:arm64 libnl-genl-3-200:arm64
		libevent-core-2.1-7:arm64)
	mkdir -p "$debs"
	if ! ls "$debs"/busybox-static_*_arm64.deb "$debs"/libcmocka0_*_arm64.deb \
		"$debs"/libnl-3-200_*_arm64.deb "$debs"/libnl-genl-3-200_*_arm64.deb \
		"$debs"/libevent-core-2.1-7_*_arm64.deb >/dev/null 2>&1; then
		if ! dpkg --print-foreign-architectures | grep -qx arm64; then
			log "dpkg --add-architecture arm64 (for apt-get download only)"
			"${as_root[@]}" dpkg --add-architecture arm64
			apt_updated=0
		fi
		apt_update
		log "apt-get download ${want[*]}"
		rm -f "$debs"/*.deb
		# apt-get download writes into the current directory.  As root it
		# would first try (and warn) to download as the _apt user, who
		# cannot write there.
		(cd "$debs" && "${apt_get[@]}" -o APT::Sandbox::User="$(id -un)" download -qq "${want[@]}")
		rm -rf "$sysroot"
	fi
	if [ ! -d "$sysroot" ]; then
		mkdir -p "$sysroot.tmp"
		for d in "$debs"/*.deb; do
			dpkg-deb -x "$d" "$sysroot.tmp"
		done
		mv "$sysroot.tmp" "$sysroot"
	fi
	rm -rf "$inc"
	mkdir -p "$inc"
	cp /usr/include/cmocka*.h "$inc/"
	cp -a /usr/include/libnl3 "$inc/"
	# libevent's event-config.h is not per architecture in Debian; amd64
	# and arm64 are both LP64 with the same libc, so the host's holds.
	cp -a /usr/include/event2 "$inc/"
}

# config_keeps KB FRAGMENT: every line of FRAGMENT made it into KB/.config
# (Kconfig drops a symbol whose dependencies are not met without a word);
# each one that did not is said on stderr, and the status is 1.
config_keeps() {
	local kb=$1 frag=$2 l s lost=0
	while IFS= read -r l; do
		case $l in
		"# CONFIG_"*" is not set")
			s=${l#\# }
			s=${s%% *}
			if grep -q "^$s=" "$kb/.config"; then
				echo "arm64 config: wanted \"$l\", got \"$(grep "^$s=" "$kb/.config")\"" >&2
				lost=1
			fi
			;;
		CONFIG_*)
			if ! grep -qx -- "$l" "$kb/.config"; then
				echo "arm64 config: wanted $l, got \"$(grep "^${l%%=*}[= ]\|^# ${l%%=*} " "$kb/.config" || echo nothing)\"" >&2
				lost=1
			fi
			;;
		esac
	done <"$frag"
	[ $lost -eq 0 ]
}

# arm64_kernel: build-vm/arm64/kbuild, the kernel source configured and
# built in place (other modules are built against it with
# "make -C build-vm/arm64/kbuild ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- M=..."),
# rebuilt only when the stamp (fragment, source package, cross compiler,
# recipe) changes.
arm64_kernel() {
	local kb=$out/arm64/kbuild stamp=$out/arm64/kbuild.stamp want frag=$here/arm64-debug.config
	local start
	kernel_source "${ksrc:-6.12}"
	# pahole too: the kernel records its version (CONFIG_PAHOLE_VERSION),
	# and a module built with another one is warned about.
	want="recipe=$kbuild_recipe
source=$ksrc_version
cc=$(${cross}gcc --version | head -n 1)
pahole=$(pahole --version 2>/dev/null || echo none)
fragment=$(sha256sum <"$frag" | cut -d' ' -f1)"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
		[ -f "$kb/arch/arm64/boot/Image" ] && [ -f "$kb/Module.symvers" ]; then
		log "kernel: reusing $kb (stamp matches)"
		return 0
	fi
	rm -f "$stamp"
	rm -rf "$kb"
	mkdir -p "$kb"
	log "kernel: extracting linux-source-${ksrc:-6.12} $ksrc_version"
	tar -xJf "$ksrc_tarball" -C "$kb" --strip-components=1
	cp "$frag" "$kb/arch/arm64/configs/ffa-vm-debug.config"
	log "kernel: tinyconfig + arm64-debug.config"
	make -s -C "$kb" "${karm[@]}" tinyconfig ffa-vm-debug.config >/dev/null
	config_keeps "$kb" "$frag" ||
		die "the arm64 kernel config lacks options of tests/vm/arm64-debug.config"
	start=$SECONDS
	log "kernel: make -j$(nproc) Image modules (takes minutes)"
	nice make -s -C "$kb" "${karm[@]}" -j"$(nproc)" Image modules
	log "kernel: built in $((SECONDS - start))s"
	echo "$want" >"$stamp"
}

run_arm64() {
	local kb=$out/arm64/kbuild libdir=/usr/aarch64-linux-gnu/lib
	log "packages"
	apt_install "${common_pkgs[@]}" gcc-${cross%-} libc6-dev-arm64-cross qemu-system-arm \
		flex bison bc libssl-dev libelf-dev xz-utils pahole linux-source-6.12
	arm64_sysroot
	arm64_kernel
	kdesc="kernel $(cat "$kb/include/config/kernel.release") arm64 debug"

	build_module "$kb" "${karm[@]}"
	# libnl lives in /lib, cmocka in /usr/lib.
	local sl=$out/arm64/sysroot/lib/aarch64-linux-gnu sul=$out/arm64/sysroot/usr/lib/aarch64-linux-gnu
	# The runtime packages have no lib*.so (dev) symlinks: link the sonames
	# with -l:; rpath-link finds libnl-genl's own libnl-3 dependency.
	prog_cppflags=(-I"$out/arm64/include" -I"$out/arm64/include/libnl3")
	prog_libs=("-L$sl" "-L$sul" "-Wl,-rpath-link,$sl:$sul"
		-l:libcmocka.so.0 -l:libnl-genl-3.so.200 -l:libnl-3.so.200)
	tool_libs=(-l:libevent_core-2.1.so.7)
	build_programs ${cross}gcc
	log "initramfs"
	make_initramfs "$out/arm64/sysroot/bin/busybox" /lib/aarch64-linux-gnu "$libdir" "$sl" "$sul"
	boot "console=ttyAMA0 $cmdline_common" \
		qemu-system-aarch64 "${qemu_common[@]}" -M virt,gic-version=3 \
		-cpu max,pauth-impdef=on -m 1024 \
		-kernel "$kb/arch/arm64/boot/Image" -initrd "$work/initramfs.cpio.gz"
}

# run_variants PREFIX FN VARIANT...: FN VARIANT for each, in its own work
# directory build-vm/PREFIX-VARIANT (build-vm/VARIANT for an empty
# PREFIX), locked, one PASS or FAIL line each; fails if any failed.  The
# loop of every harness built on this file (tests/el3-spmc/run.sh,
# tests/optee/run.sh).  With --shell (one target) it exits with FN's
# status.
run_variants() {
	local prefix=$1 fn=$2 variant rc lockfd
	local failed=()
	shift 2
	for variant in "$@"; do
		# log and die name the target.
		target=${prefix:+$prefix-}$variant
		work=$out/$target
		kdesc=$target
		mkdir -p "$work"
		# One run per target at a time: several people (and CI) share
		# machines, and a run rewrites everything under build-vm/<target>.
		exec {lockfd}>"$work/.lock"
		if ! flock -n "$lockfd"; then
			log "waiting for another run of $target to finish"
			flock "$lockfd"
		fi
		rm -f "$work/verdict" "$work/step"
		# Each target in a subshell, so that a failure (die, or any
		# command failing under set -e) ends that target, not the others.
		# Not in an "if": that would turn set -e off inside the subshell.
		set +e
		(
			set -e
			"$fn" "$variant"
		)
		rc=$?
		set -e
		exec {lockfd}>&-
		[ "$shell" -eq 1 ] && exit $rc
		if [ $rc -eq 0 ]; then
			echo "${run_tag:-}$target: PASS ($(cat "$work/verdict"))"
		else
			failed+=("$variant")
			if [ -f "$work/verdict" ]; then
				echo "${run_tag:-}$target: FAIL ($(cat "$work/verdict"))"
			else
				echo "${run_tag:-}$target: FAIL (at: $(cat "$work/step"); see the log above)"
			fi
		fi
	done
	target=
	log "done: $# target(s), ${#failed[@]} failed${failed[*]:+: ${failed[*]}}"
	[ ${#failed[@]} -eq 0 ]
}

# run_target TARGET: one of the targets above.
run_target() {
	case $1 in
	x86-6.12) run_x86 '6.12.*-cloud-amd64' linux-headers-6.12-cloud-amd64 ;;
	x86-6.1) run_x86 '6.1.*-cloud-amd64' linux-headers-cloud-amd64 ;;
	x86-6.12-rt) run_x86 '6.12.*-rt-amd64' linux-headers-6.12-rt-amd64 ;;
	arm64) run_arm64 ;;
	esac
}

# ---------------------------------------------------------------- main

# Sourced as a library: the helpers above, nothing run.
[ "${VMTEST_LIB:-0}" != 1 ] || return 0

run_tag="vm " run_variants "" run_target "${targets[@]}"
