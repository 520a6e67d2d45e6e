#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# ffa_notif.ko end to end on a real third-party SPMC: OP-TEE 4.10 at S-EL1
# under TF-A 2.12.1's SPMD (tests/optee/build-fw.sh, from Debian's source
# packages, cached), booted under QEMU (TCG) by tests/optee/boot.sh, with
# the guest suite tests/optee/guest/suite.sh.
#
#   tests/optee/run.sh [arm_ffa|native|coexist|all]...   (default all)
#
# Variants, the kernels of tests/el3-spmc/run.sh:
#   arm_ffa  the 6.12 debug kernel with arm_ffa (build-vm/arm64/kbuild):
#            upstream arm_ffa negotiates with OP-TEE, the module uses its
#            notifier ops
#   native   the same kernel, arm_ffa kept from starting (boot.sh -N):
#            the module's own FF-A calls over SMC
#   coexist  the arm_ffa kernel with Linux's OP-TEE driver too
#            (tests/optee/arm64-tee.config, build-vm/optee-tee/arm64/kbuild):
#            the module beside it, backend=arm_ffa
# The module, the programs (ffa-notify, optee-notif) and the direct-request
# module (tests/el3-spmc/ctl/ffa_el3_ctl.ko, which rings OP-TEE with its own
# ENABLE_ASYNC_NOTIF) are built as for tests/el3-spmc (sourced with
# EL3_LIB=1); only the firmware and the suite differ.
# Environment: VMTEST_TIMEOUT (guest suite, seconds, default 600).
set -euo pipefail

optee=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/el3-spmc/run.sh
EL3_LIB=1 source "$optee/../el3-spmc/run.sh"

usage() {
	echo "usage: $0 [arm_ffa|native|coexist|all]..."
}

variants=()
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) usage; exit 0 ;;
	all) variants+=(arm_ffa native coexist) ;;
	arm_ffa | native | coexist) variants+=("$1") ;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done
[ ${#variants[@]} -gt 0 ] || variants=(arm_ffa native coexist)

run_optee() {
	local variant=$1 start brc no_arm_ffa=() args
	el3_build "$variant" "$src/tests/optee/guest/suite.sh"
	case $variant in
	arm_ffa) args="el3.backend=arm_ffa" ;;
	native) args="el3.backend=native" no_arm_ffa=(-N) ;;
	coexist) args="el3.backend=arm_ffa el3.coexist=1" ;;
	esac
	log "boot on TF-A + OP-TEE + suite (TCG, suite timeout ${guest_timeout}s)"
	start=$SECONDS
	set +e
	"$optee/boot.sh" -i "$work/initramfs.cpio.gz" -o "$work/boot" -t "$guest_timeout" \
		-a "panic_on_warn=1 $args" "${no_arm_ffa[@]}" \
		"$kb/arch/arm64/boot/Image" 2>&1 | tee "$work/boot.log"
	brc=${PIPESTATUS[0]}
	set -e
	if [ "$brc" -ne 0 ]; then
		die "$(grep -a '^optee-boot: FAIL' "$work/boot.log" | tail -n 1 || echo "boot.sh failed"), $kdesc"
	fi
	echo "boot + suite $((SECONDS - start))s, $kdesc, $(grep -a '^optee-suite: [0-9]* passed' \
		"$work/boot/serial.log")" >"$work/verdict"
}

run_variants optee run_optee "${variants[@]}"
