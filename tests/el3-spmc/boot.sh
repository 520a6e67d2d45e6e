#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# Boot an arm64 kernel and initramfs on the EL3 test firmware and check the
# firmware's side of the boot:
#   tests/el3-spmc/boot.sh IMAGE INITRAMFS [OUTDIR]
# Builds the firmware (gcc-aarch64-linux-gnu, or clang when that is
# missing), dumps QEMU's DTB with the same machine options, adds psci,
# enable-method and /chosen with dtc, boots with -smp 2 and judges:
#   - arm_ffa's probe (or the native backend's) as the firmware saw it:
#     FFA_VERSION(1.x) answered 1.2 (the model is Hafnium, built for v1.2;
#     6.12 asks 1.1, 7.2 asks 1.2), FEATURES(SRI) answered SGI 8,
#     PARTITION_INFO_GET answered 3 partitions, RX_RELEASE succeeded;
#     with EL3_EXPECT=v1.0 (6.1's arm_ffa: FF-A v1.0, which never asks for
#     the SRI and gets v1.0's descriptors), VERSION(1.0), PARTITION_INFO_GET
#     and RX_RELEASE only;
#   - the guest's one "VMTEST-RESULT: rc=0" line (tests/vm/init.sh);
#   - no kernel report (BUG, WARNING, lockdep, KASAN, UBSAN, Oops, panic);
#   - the run ended through PSCI SYSTEM_OFF (no hang, no reset).
# The serial log is OUTDIR/serial.log; firmware lines start with "el3: ".
# EL3_NO_ARM_FFA=1: the kernel boots with initcall_blacklist=ffa_init (no
# FF-A call from the normal world before the guest's own, for
# tests/optee/diff.sh), and arm_ffa's probe is required to be absent from
# the firmware's log instead (no FFA_VERSION from the normal world before
# the guest ran).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=$1
initrd=$2
out=${3:-$here/../../build-vm/el3}
smp=${EL3_SMP:-2}
mkdir -p "$out"
out=$(cd "$out" && pwd)
fail() {
	echo "el3-spmc: FAIL: $*"
	exit 1
}

cc=aarch64-linux-gnu-gcc
command -v "$cc" >/dev/null || cc=clang
make -s -C "$here" O="$out" CC="$cc" PERSONALITY="${EL3_PERSONALITY:-hafnium}" \
	FFA_VERSION="${EL3_FFA_VERSION:-1.2}"
# What the model answers FFA_VERSION with: the version it is built for.
case ${EL3_FFA_VERSION:-1.2} in
1.1) answer=0x10001 ;;
*) answer=0x10002 ;;
esac
machine=virt,secure=on,virtualization=on,gic-version=3
qemu-system-aarch64 -M "$machine,dumpdtb=$out/virt.dtb" -cpu cortex-a57 -smp "$smp" \
	-m 1024 -display none -nodefaults -bios "$out/fw.bin" >/dev/null
dtc -q -I dtb -O dts "$out/virt.dtb" >"$out/el3.dts"
{
	echo '/ { psci { compatible = "arm,psci-1.0", "arm,psci-0.2"; method = "smc"; }; };'
	for ((c = 0; c < smp; c++)); do
		echo "&{/cpus/cpu@$c} { enable-method = \"psci\"; };"
	done
	no_ffa=
	[ "${EL3_NO_ARM_FFA:-0}" != 1 ] || no_ffa=" initcall_blacklist=ffa_init"
	echo "&{/chosen} { bootargs = \"console=ttyAMA0 panic=-1 oops=panic loglevel=5 log_buf_len=4M ${EL3_BOOTARGS:-}$no_ffa\";"
	echo "  linux,initrd-start = /bits/ 64 <0x48000000>;"
	echo "  linux,initrd-end = /bits/ 64 <$((0x48000000 + $(stat -c %s "$initrd")))>; };"
} >>"$out/el3.dts"
dtc -q -I dts -O dtb -o "$out/el3.dtb" "$out/el3.dts"

set +e
timeout -k 10 "${EL3_TIMEOUT:-900}" qemu-system-aarch64 -M "$machine" -cpu cortex-a57 \
	-smp "$smp" -m 1024 -display none -nodefaults -serial stdio -monitor none -no-reboot \
	-bios "$out/fw.bin" \
	-device loader,file="$image",addr=0x40200000,force-raw=on \
	-device loader,file="$initrd",addr=0x48000000,force-raw=on \
	-device loader,file="$out/el3.dtb",addr=0x4f000000,force-raw=on </dev/null |
	tr -d '\r' | tee "$out/serial.log"
qrc=${PIPESTATUS[0]}
set -e
log=$out/serial.log
[ "$qrc" -ne 124 ] && [ "$qrc" -ne 137 ] || fail "QEMU timed out"
if [ "${EL3_NO_ARM_FFA:-0}" = 1 ]; then
	if grep -a 'el3: c[0-9] nwd 0x0 FFA_PARTITION_INFO_GET' "$log" | head -n 1 | grep -a .; then
		fail "EL3_NO_ARM_FFA=1, but arm_ffa probed the firmware"
	fi
else
	if [ "${EL3_EXPECT:-}" = v1.0 ]; then
		want_ver=0x10000 descs=
	else
		want_ver='0x1000[12]' descs=' w3=0x18'
		grep -aq 'el3: c[0-9] nwd 0x0 FFA_FEATURES w1=0x2 .* -> 0x84000061 w2=0x8 ' "$log" ||
			fail "arm_ffa never asked for the SRI"
	fi
	grep -aq "el3: c[0-9] nwd 0x0 FFA_VERSION w1=$want_ver .* -> $answer " "$log" ||
		fail "the normal world never negotiated FF-A (VERSION w1=$want_ver) with the firmware"
	grep -aq "el3: c[0-9] nwd 0x0 FFA_PARTITION_INFO_GET .* -> 0x84000061 w2=0x3$descs" "$log" ||
		fail "arm_ffa never enumerated the partitions"
	grep -aq 'el3: c[0-9] nwd 0x0 FFA_RX_RELEASE .* SUCCESS' "$log" ||
		fail "arm_ffa never released its RX buffer"
fi
if grep -aE 'BUG:|WARNING:|Oops|lockdep|possible recursive locking|circular locking|inconsistent lock state|KASAN|UBSAN|Kernel panic' "$log" >"$out/bad-lines"; then
	head -n 5 "$out/bad-lines"
	fail "the kernel reported errors (see $log)"
fi
[ "$(grep -ac '^VMTEST-RESULT: ' "$log")" -eq 1 ] && grep -aqx 'VMTEST-RESULT: rc=0' "$log" ||
	fail "the guest suite did not pass ($(grep -a '^VMTEST-RESULT' "$log" || echo 'no result line'))"
grep -aq 'el3: c[0-9] PSCI SYSTEM_OFF' "$log" || fail "the guest did not power off through PSCI"
echo "el3-spmc: PASS ($(grep -ac '^el3: c[0-9] nwd' "$log") FF-A calls logged)"
