#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# ffa_notif.ko end to end on the EL3 test firmware (tests/el3-spmc/fw.c):
# an arm64 6.12 debug kernel boots on the firmware under QEMU (TCG), the
# module runs against the firmware's FF-A over real SMCs, and the guest
# suite (tests/el3-spmc/guest/suite.sh) drives it through libffanotif and
# reads the firmware's side back through its control channel.
#
#   tests/el3-spmc/run.sh [arm_ffa|native|arm_ffa-7.2|arm_ffa-7.2-v1.1|
#                          native-7.2|native-6.1|native-6.1-arm_ffa|all]...
#   (default: arm_ffa native)
#
# Variants:
#   arm_ffa  the kernel of tests/vm/run.sh arm64 (tests/vm/arm64-debug.config,
#            CONFIG_ARM_FFA_TRANSPORT=y, shared cache build-vm/arm64/kbuild):
#            Linux's arm_ffa probes the firmware, the module uses its
#            notifier ops (backend=arm_ffa)
#   native   the same kernel booted with initcall_blacklist=ffa_init
#            (arm_ffa built in, never started: no device on its bus): the
#            module makes its own FF-A calls (backend=native)
#   arm_ffa-7.2, native-7.2  the same two on Linux 7.2 (linux-source-7.2
#            from sid, tests/vm/run.sh's kernel_source), with
#            tests/el3-spmc/arm64-7.2.config on top (PROVE_RAW_LOCK_NESTING),
#            one kernel (build-vm/el3-7.2): arm_ffa asks FF-A v1.2 and gets
#            it; native boots it with initcall_blacklist=ffa_init (arm_ffa
#            built in, never started: no device on its bus)
#   arm_ffa-7.2-v1.1  the arm_ffa-7.2 kernel on the firmware built for
#            FF-A v1.1 (make FFA_VERSION=1.1): arm_ffa settles for v1.1
#            (the suite's quick round: versions and one echo)
#   native-6.1  Linux 6.1 (linux-source-6.1, bookworm, with
#            tests/el3-spmc/arm64-6.1.config on top; build-vm/el3-6.1)
#            booted with arm_ffa's driver kept from starting: the native
#            backend on a kernel older than notifier ops, the whole suite
#   native-6.1-arm_ffa  the same kernel with its arm_ffa (FF-A v1.0, no
#            notifier ops) started: it probes the firmware at boot, maps
#            the RX/TX buffers and fixes the normal world's FF-A version
#            at v1.0 (a version is an endpoint's, fixed by its first other
#            call), so the native backend's v1.1 is refused: the suite
#            (el3.expect=v1.0) checks that the module says so, maps no
#            second RX/TX pair and leaves arm_ffa as it was
#
# Built on tests/vm/run.sh, sourced as a library (VMTEST_LIB=1): the same
# packages, sysroot, kernel build and cache, module and program builds, and
# initramfs with tests/vm/init.sh as /init.  What is added here: the
# firmware's control-channel module (tests/el3-spmc/ctl/), the guest
# programs of tests/el3-spmc/guest/, and the boot on the firmware through
# tests/el3-spmc/boot.sh, which also judges the firmware's side of the run.
# Environment: VMTEST_TIMEOUT (guest suite, seconds, default 600),
# VMTEST_SRC (as for tests/vm/run.sh), EL3_ARM_FFA_IPI=1 (arm_ffa: also
# ring a per-vCPU notification of another CPU, the path where upstream
# arm_ffa draws a lockdep report; see tests/el3-spmc/guest/suite.sh),
# EL3_PERSONALITY (the firmware model's personality: hafnium, the default,
# or hafnium+strict; the suite reads it back over the control channel,
# which a firmware built with PERSONALITY=optee does not have).
set -euo pipefail

case ${EL3_PERSONALITY:-hafnium} in
hafnium | hafnium+strict | strict) ;;
*)
	echo "$0: EL3_PERSONALITY=$EL3_PERSONALITY: the suite drives the firmware over its control channel, which only the Hafnium personalities have" >&2
	exit 2
	;;
esac

el3=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/vm/run.sh
VMTEST_LIB=1 source "$el3/../vm/run.sh"

usage() {
	echo "usage: $0 [arm_ffa|native|arm_ffa-7.2|arm_ffa-7.2-v1.1|native-7.2|native-6.1|native-6.1-arm_ffa|all]..."
}

# Sourced by tests/optee/run.sh (EL3_LIB=1) for its guest builds: only the
# functions, no run.
variants=()
while [ -z "${EL3_LIB:-}" ] && [ $# -gt 0 ]; do
	case $1 in
	-h | --help) usage; exit 0 ;;
	all) variants+=(arm_ffa native arm_ffa-7.2 arm_ffa-7.2-v1.1 native-7.2 native-6.1 native-6.1-arm_ffa) ;;
	arm_ffa | native | arm_ffa-7.2 | arm_ffa-7.2-v1.1 | native-7.2 | native-6.1 | native-6.1-arm_ffa)
		variants+=("$1")
		;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done
[ ${#variants[@]} -gt 0 ] || variants=(arm_ffa native)

# el3_variant_kernel NAME FRAGMENT...: tests/vm/run.sh's arm64_kernel
# (build and cache by stamp) in build-vm/NAME/arm64/kbuild, on a fragment
# of its own: arm64-debug.config with the symbols of each FRAGMENT in turn
# replaced (or added) by the lines there.  ksrc (as for arm64_kernel): the
# kernel source, 6.12 by default.
el3_variant_kernel() {
	local kw=$out/$1 cfg=$out/$1/config f
	shift
	mkdir -p "$cfg"
	cp "$here/arm64-debug.config" "$cfg/arm64-debug.config.new"
	for f; do
		awk 'FNR == NR {
			if (match($0, /^(# )?CONFIG_[A-Za-z0-9_]+[= ]/)) {
				s = $0; sub(/^# /, "", s); sub(/[= ].*/, "", s)
				drop[s] = 1; keep[++n] = $0
			}
			next
		}
		{
			s = $0; sub(/^# /, "", s); sub(/[= ].*/, "", s)
			if (!(s in drop)) print
		}
		END { for (i = 1; i <= n; i++) print keep[i] }' \
			"$f" "$cfg/arm64-debug.config.new" >"$cfg/merged"
		mv "$cfg/merged" "$cfg/arm64-debug.config.new"
	done
	# Rewritten only when it changes: the kernel's stamp hashes it.
	if cmp -s "$cfg/arm64-debug.config.new" "$cfg/arm64-debug.config"; then
		rm "$cfg/arm64-debug.config.new"
	else
		mv "$cfg/arm64-debug.config.new" "$cfg/arm64-debug.config"
	fi
	out=$kw here=$cfg arm64_kernel
}

# el3_ctl_module KDIR: ffa_el3_ctl.ko, from the copy of the sources
# build_module made (it includes ../../../protocol).
el3_ctl_module() {
	local kdir=$1 d=$work/src/tests/el3-spmc/ctl blog=$work/ctl-build.log
	rm -rf "$d"
	mkdir -p "$(dirname "$d")"
	cp -a "$src/tests/el3-spmc/ctl" "$d"
	log "control module: make -C $kdir M=$d modules"
	if ! make -C "$kdir" "${karm[@]}" M="$d" modules >"$blog" 2>&1; then
		cat "$blog"
		die "control module build failed"
	fi
	if grep -q 'warning:' "$blog"; then
		cat "$blog"
		die "control module build has warnings"
	fi
}

# el3_programs: el3-notif (linked with the library objects build_programs
# left in $work/obj) and el3-ctl, into $work/bin, beside what
# build_programs built there (ffa-notify among them).
el3_programs() {
	local cc=${cross}gcc objs
	local cflags=(-std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -pthread)
	objs=("$work"/obj/*.o)
	log "programs: el3-notif, el3-ctl, optee-notif, tee-call"
	"$cc" "${cflags[@]}" -I"$src/include" -o "$work/bin/el3-notif" \
		"$src/tests/el3-spmc/guest/el3-notif.c" "${objs[@]}" "${prog_libs[@]}"
	"$cc" "${cflags[@]}" -I"$src/include" -I"$src/tests/el3-spmc/ctl" \
		-o "$work/bin/optee-notif" "$src/tests/optee/guest/optee-notif.c" \
		"${objs[@]}" "${prog_libs[@]}"
	"$cc" "${cflags[@]}" -I"$src/tests/el3-spmc/ctl" -o "$work/bin/el3-ctl" \
		"$src/tests/el3-spmc/guest/el3-ctl.c"
	"$cc" "${cflags[@]}" -o "$work/bin/tee-call" "$src/tests/optee/guest/tee-call.c"
}

# el3_build VARIANT SUITE: the kernel of VARIANT (sets kb and kdesc), the
# module, the control module and the programs for it, and
# $work/initramfs.cpio.gz with SUITE as /suite/suite.sh (beside
# tests/vm/guest/lib.sh, which make_initramfs put in /suite).
# VARIANT: arm_ffa, native, or coexist (tests/optee's: the arm_ffa kernel
# with Linux's OP-TEE driver, tests/optee/arm64-tee.config).
el3_build() {
	local variant=$1 suite=$2 libdir=/usr/aarch64-linux-gnu/lib rootfs=$work/rootfs
	local sl=$out/arm64/sysroot/lib/aarch64-linux-gnu sul=$out/arm64/sysroot/usr/lib/aarch64-linux-gnu
	log "packages"
	apt_install "${common_pkgs[@]}" gcc-${cross%-} libc6-dev-arm64-cross qemu-system-arm \
		flex bison bc libssl-dev libelf-dev xz-utils pahole linux-source-6.12 \
		device-tree-compiler
	arm64_sysroot
	case $variant in
	arm_ffa)
		kb=$out/arm64/kbuild
		arm64_kernel
		;;
	native)
		kb=$out/arm64/kbuild
		arm64_kernel
		;;
	arm_ffa-7.2 | arm_ffa-7.2-v1.1)
		kb=$out/el3-7.2/arm64/kbuild
		ksrc=7.2 el3_variant_kernel el3-7.2 "$el3/arm64-7.2.config"
		;;
	native-7.2)
		kb=$out/el3-7.2/arm64/kbuild
		ksrc=7.2 el3_variant_kernel el3-7.2 "$el3/arm64-7.2.config"
		;;
	native-6.1 | native-6.1-arm_ffa)
		kb=$out/el3-6.1/arm64/kbuild
		ksrc=6.1 el3_variant_kernel el3-6.1 "$el3/arm64-6.1.config"
		;;
	coexist)
		kb=$out/optee-tee/arm64/kbuild
		el3_variant_kernel optee-tee "$el3/../optee/arm64-tee.config"
		;;
	esac
	kdesc="kernel $(cat "$kb/include/config/kernel.release") arm64 debug, $variant"

	build_module "$kb" "${karm[@]}"
	el3_ctl_module "$kb"
	prog_cppflags=(-I"$out/arm64/include" -I"$out/arm64/include/libnl3")
	prog_libs=("-L$sl" "-L$sul" "-Wl,-rpath-link,$sl:$sul"
		-l:libcmocka.so.0 -l:libnl-genl-3.so.200 -l:libnl-3.so.200)
	tool_libs=(-l:libevent_core-2.1.so.7)
	build_programs ${cross}gcc
	el3_programs
	log "initramfs"
	make_initramfs "$out/arm64/sysroot/bin/busybox" /lib/aarch64-linux-gnu "$libdir" "$sl" "$sul"
	# The same initramfs, with this suite instead of tests/vm's.
	cp "$suite" "$rootfs/suite/suite.sh"
	cp "$work/src/tests/el3-spmc/ctl/ffa_el3_ctl.ko" "$rootfs/suite/"
	(cd "$rootfs" && find . -print0 | cpio --null -o -H newc --quiet --owner=0:0 | gzip -1) \
		>"$work/initramfs.cpio.gz"
}

run_el3() {
	local variant=$1
	el3_build "$variant" "$src/tests/el3-spmc/guest/suite.sh"

	log "boot on the EL3 firmware + suite (TCG, suite timeout ${guest_timeout}s)"
	local start=$SECONDS brc
	set +e
	# What the firmware is built for, and what the module must report:
	# the native backend asks v1.1; 6.12's arm_ffa asks v1.1, 7.2's v1.2,
	# and each gets the lower of that and the firmware's.
	# native variants boot their arm_ffa kernel with arm_ffa's driver kept
	# from starting (it never calls the firmware): one kernel serves both
	# backends.
	local expect='' fw_ver=1.2 want=1.1 quick=0 no_ffa=''
	case $variant in
	native-6.1-arm_ffa) expect=v1.0 ;;
	arm_ffa-7.2) want=1.2 ;;
	arm_ffa-7.2-v1.1) fw_ver=1.1 quick=1 ;;
	native | native-7.2 | native-6.1) no_ffa=" initcall_blacklist=ffa_init" ;;
	esac
	EL3_TIMEOUT=$((guest_timeout + 240)) EL3_EXPECT=$expect EL3_FFA_VERSION=$fw_ver \
		EL3_BOOTARGS="panic_on_warn=1 vmtest.timeout=$guest_timeout el3.backend=${variant%%-*} el3.expect=$expect el3.ffa_version=$want el3.quick=$quick$no_ffa el3.arm_ffa_ipi=${EL3_ARM_FFA_IPI:-0} el3.personality=${EL3_PERSONALITY:-hafnium}" \
		"$el3/boot.sh" "$kb/arch/arm64/boot/Image" "$work/initramfs.cpio.gz" "$work/boot" \
		2>&1 | tee "$work/boot.log"
	brc=${PIPESTATUS[0]}
	set -e
	if [ "$brc" -ne 0 ]; then
		die "$(grep -a '^el3-spmc: FAIL' "$work/boot.log" | tail -n 1 || echo "boot.sh failed"), $kdesc"
	fi
	echo "boot + suite $((SECONDS - start))s, $kdesc, $(grep -a '^el3-suite: [0-9]* passed' \
		"$work/boot/serial.log")" >"$work/verdict"
}

[ -z "${EL3_LIB:-}" ] || return 0

run_variants el3 run_el3 "${variants[@]}"
