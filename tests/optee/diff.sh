#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The differential test of the SPMC model (issue 11, item 3): one seeded
# sequence of FF-A notification calls, valid and invalid, issued by raw SMC
# from a test module (tests/el3-spmc/ctl's ffa_el3_ctl.ko,
# FFA_EL3_CTL_IOC_RAW) against a real SPMC, and through the same code
# against the model (tests/optee/guest/ffa-diff.c); every answer's w0..w7
# must match, the first mismatch is printed with its call.
#
#   tests/optee/diff.sh [-n CALLS] [-o OUTDIR] [-t optee|hafnium|all] [-k] [SEED...]
#
#   -t optee    TF-A v2.12.1 + OP-TEE 4.10 (tests/optee/boot.sh -N) against
#               the model's optee personality
#   -t hafnium  our EL3 test firmware in the hafnium personality
#               (tests/el3-spmc/boot.sh, EL3_NO_ARM_FFA=1): a consistency
#               check of the transport and of the boot state (the firmware
#               runs the model itself)
#   -t all      both (the default)
#   -n CALLS    calls per seed (default 500)
#   SEED...     default 1 2 3: in one boot, one sequence after the other
#               (the firmware's and the model's state carry over alike)
#   -k          diagnosis: ffa-diff -k, every mismatch, not only the first
#   -o OUTDIR   default build-vm/optee-diff
#
# Both boot the 6.12 arm64 debug kernel of tests/vm/run.sh arm64
# (build-vm/arm64/kbuild, or DIFF_KBUILD) with arm_ffa kept from probing
# (initcall_blacklist=ffa_init), so nothing but ffa-diff talks FF-A: the
# firmware is in its boot state when the first generated call arrives.
# One boot per target runs every seed.  Prints "optee-diff: PASS" and exits
# 0, or "optee-diff: FAIL: ..." and exits 1.
set -euo pipefail
diff_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$diff_dir/../.." && pwd)
# shellcheck source=tests/vm/run.sh
VMTEST_LIB=1 source "$repo/tests/vm/run.sh"
# shellcheck disable=SC2034 # tests/vm/run.sh's: no target, no step files
target=
t0=$SECONDS
log() {
	echo "=== optee-diff [$((SECONDS - t0))s] $*"
}
fail() {
	echo "optee-diff: FAIL: $*"
	exit 1
}
usage() {
	sed -n '3,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

calls=500
dout=$out/optee-diff
which=all
kflag=
while getopts n:o:t:kh opt; do
	case $opt in
	n) calls=$OPTARG ;;
	o) dout=$OPTARG ;;
	t) which=$OPTARG ;;
	k) kflag=-k ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $calls in '' | *[!0-9]* | 0) echo "$0: -n takes a positive count" >&2; exit 2 ;; esac
case $which in optee) targets=(optee) ;; hafnium) targets=(hafnium) ;; all) targets=(optee hafnium) ;;
*) usage >&2; exit 2 ;; esac
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)
for s in "${seeds[@]}"; do
	case $s in '' | *[!0-9]*) echo "$0: seeds are decimal numbers" >&2; exit 2 ;; esac
done
kb=${DIFF_KBUILD:-$out/arm64/kbuild}
image=$kb/arch/arm64/boot/Image
[ -f "$image" ] || fail "no kernel $image (tests/vm/run.sh arm64 builds it)"
mkdir -p "$dout"
dout=$(cd "$dout" && pwd)

log "packages"
apt_install gcc-${cross%-} libc6-dev-arm64-cross qemu-system-arm device-tree-compiler \
	make cpio gzip flex bison bc libssl-dev libelf-dev ||
	fail "could not install the build packages"
( arm64_sysroot ) || fail "the arm64 busybox (tests/vm/run.sh arm64_sysroot) could not be fetched"

# The module, from a copy (it includes ../../../protocol).
log "ffa_el3_ctl.ko against $kb"
bsrc=$dout/src
rm -rf "$bsrc"
mkdir -p "$bsrc/tests/el3-spmc"
cp -a "$repo/protocol" "$bsrc/"
cp -a "$repo/tests/el3-spmc/ctl" "$bsrc/tests/el3-spmc/"
if ! make -C "$kb" "${karm[@]}" M="$bsrc/tests/el3-spmc/ctl" modules >"$dout/ctl-build.log" 2>&1; then
	cat "$dout/ctl-build.log"
	fail "ffa_el3_ctl.ko did not build"
fi
if grep -q 'warning:' "$dout/ctl-build.log"; then
	cat "$dout/ctl-build.log"
	fail "ffa_el3_ctl.ko builds with warnings"
fi
# The guest program: static, the protocol core and the generator.
log "ffa-diff (static, ${cross}gcc)"
"${cross}gcc" -std=gnu11 -O2 -g -static -Wall -Wextra -Werror -I"$repo/protocol" \
	-I"$repo/tests/el3-spmc/ctl" -o "$dout/ffa-diff" "$diff_dir/guest/ffa-diff.c" \
	"$repo"/protocol/{ffp_abi.c,ffp_spmc.c,ffp_spmc_partitions.c,ffp_callgen.c} ||
	fail "ffa-diff did not build"

# The guest script: every seed, one after the other, in one boot.
guest_script() {
	local pers=$1 list
	list=$(IFS=,; echo "${seeds[*]}")
	echo "insmod /suite/ffa_el3_ctl.ko || exit 2"
	echo "exec /suite/ffa-diff $pers $list $calls $kflag"

}

# tests/el3-spmc/boot.sh takes an initramfs: boot.sh -c's recipe.
el3_initramfs() {
	local root=$dout/hafnium/rootfs
	rm -rf "$root"
	mkdir -p "$root"/{bin,dev,proc,sys,tmp,root,suite}
	cp "$out/arm64/sysroot/bin/busybox" "$root/bin/busybox"
	install -m 755 "$repo/tests/vm/init.sh" "$root/init"
	cp "$dout/hafnium/suite.sh" "$root/suite/suite.sh"
	cp "$bsrc/tests/el3-spmc/ctl/ffa_el3_ctl.ko" "$dout/ffa-diff" "$root/suite/"
	(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet --owner=0:0 | gzip -1) \
		>"$dout/hafnium/initramfs.cpio.gz"
}

timeout=$((120 + ${#seeds[@]} * calls / 10))
failed=()
for t in "${targets[@]}"; do
	mkdir -p "$dout/$t"
	rm -f "$dout/$t/verdict"
	case $t in
	optee)
		guest_script optee >"$dout/optee/suite.sh"
		log "optee: TF-A + OP-TEE, seeds ${seeds[*]}, $calls calls each"
		set +e
		"$diff_dir/boot.sh" -N -a initcall_blacklist=ffa_init -t "$timeout" -o "$dout/optee/boot" -s "$dout/optee/suite.sh" \
			-f "$bsrc/tests/el3-spmc/ctl/ffa_el3_ctl.ko" -f "$dout/ffa-diff" "$image" \
			>"$dout/optee/boot.log" 2>&1
		brc=$?
		set -e
		slog=$dout/optee/boot/serial.log
		verdict=$(grep -a '^optee-boot: ' "$dout/optee/boot.log" | tail -n 1 || true)
		;;
	hafnium)
		guest_script hafnium >"$dout/hafnium/suite.sh"
		el3_initramfs
		log "hafnium: the EL3 test firmware, seeds ${seeds[*]}, $calls calls each"
		set +e
		EL3_PERSONALITY=hafnium EL3_NO_ARM_FFA=1 EL3_TIMEOUT=$((timeout + 240)) \
			EL3_BOOTARGS="vmtest.timeout=$timeout" \
			"$repo/tests/el3-spmc/boot.sh" "$image" "$dout/hafnium/initramfs.cpio.gz" \
			"$dout/hafnium/boot" >"$dout/hafnium/boot.log" 2>&1
		brc=$?
		set -e
		slog=$dout/hafnium/boot/serial.log
		verdict=$(grep -a '^el3-spmc: ' "$dout/hafnium/boot.log" | tail -n 1 || true)
		;;
	esac
	# ffa-diff's own lines: per seed PASS or FAIL, a mismatch's registers.
	grep -a '^ffa-diff: \|^  call \|^  real \|^  model ' "$slog" >"$dout/$t/ffa-diff.log" || true
	grep -a '^ffa-diff: \(PASS\|FAIL\)' "$dout/$t/ffa-diff.log" | sed "s/^/optee-diff: $t: /" || true
	npass=$(grep -ac '^ffa-diff: PASS' "$dout/$t/ffa-diff.log" || true)
	if [ "$brc" -ne 0 ] || [ "$npass" -ne ${#seeds[@]} ]; then
		grep -a -A3 'MISMATCH' "$dout/$t/ffa-diff.log" | head -n 8 || true
		echo "optee-diff: $t: ${verdict:-no verdict} ($npass of ${#seeds[@]} seeds passed; logs in $dout/$t)"
		failed+=("$t")
	else
		echo "optee-diff: $t: $npass seeds x $calls calls, no mismatch (${verdict})"
	fi
done
[ ${#failed[@]} -eq 0 ] || fail "${failed[*]} (see above)"
echo "optee-diff: PASS (${targets[*]}; seeds ${seeds[*]}; $calls calls each)"
