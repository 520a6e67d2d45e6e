#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# Boot an arm64 kernel on TF-A (EL3, SPMD) + OP-TEE OS (S-EL1 SPMC) under
# QEMU (TCG, never KVM), run a guest command, and judge the boot:
#
#   tests/optee/boot.sh [-c CMD | -s SCRIPT | -i INITRAMFS] [-f FILE]...
#                       [-t SECONDS] [-a KERNEL-ARGS] [-o OUTDIR] [-T] [IMAGE]
#
#   IMAGE         the kernel (default: build-vm/arm64/kbuild/arch/arm64/boot/Image,
#                 the 6.12 debug kernel of tests/vm/run.sh arm64)
#   -c CMD        run CMD (sh) in the guest, in a minimal initramfs: arm64
#                 busybox, tests/vm/init.sh as /init, CMD as /suite/suite.sh
#   -s SCRIPT     the same with the script SCRIPT as /suite/suite.sh
#   -f FILE       with -c or -s: also copy FILE into /suite (repeatable)
#   -i INITRAMFS  boot this initramfs instead (gzip cpio; needs /bin/busybox
#                 and an /init that prints one "VMTEST-RESULT: rc=N" line and
#                 powers off, as tests/vm/run.sh's make_initramfs builds)
#                 Without -c, -s or -i the guest command is "true".
#   -t SECONDS    the guest command's timeout (vmtest.timeout, default 300);
#                 QEMU is killed 240 s after that
#   -a ARGS       more kernel arguments (also OPTEE_BOOTARGS)
#   -o OUTDIR     default build-vm/optee/boot
#   -N            no arm_ffa (the native backend's boot): the kernel's arm_ffa
#                 is kept from starting (initcall_blacklist=ffa_init; a
#                 kernel without it is the same), and the judgments of what
#                 arm_ffa found become: it found nothing
#   -T            boot the tracing firmware (OPTEE_FW_TRACE=1 of build-fw.sh:
#                 the SPMD logs every FF-A call on UART0, "VERBOSE: SPM(cpu):
#                 fid x1..x7") and also require NOTIFICATION_BITMAP_CREATE
#                 (0x8400007d) to be answered with FFA_SUCCESS (0x84000061)
#
# The firmware comes from tests/optee/build-fw.sh (cached).  The kernel is
# not in the FIP: QEMU loads it at 0x60000000 (PRELOADED_BL33_BASE), the
# initramfs at 0x48000000, and the DTB (dumped with exactly these machine
# options, -bios included, then /chosen patched with dtc) through -dtb at
# 0x40000000, where TF-A's BL2 adds the psci node and hands it to OP-TEE
# and to Linux.  A cpio appended to the initramfs adds /optee/probe-init
# (tests/optee/guest/probe-init.sh), run first through rdinit=.
#
# Judged, in order (the first failure is the reason on the FAIL line);
# TF-A's own "WARNING: SPM: Unsupported call 0x..." (its SPMD refusing an
# FF-A call, on the same UART) is no kernel report:
#   - QEMU ended before the timeout;
#   - TF-A reached the normal world; OP-TEE initialised (its log);
#   - arm_ffa: "Firmware version 1.2 found"; partition 0x8001 with OP-TEE's
#     UUID; no notification setup error and the SRI (ARM-FFA-SRI) mapped
#     (6.12's arm_ffa prints nothing when the bitmap is created, only
#     "Notification bitmap create error"; -T shows the call and its answer);
#   - exactly one "VMTEST-RESULT: rc=0" line;
#   - no kernel report (BUG, WARNING, lockdep, KASAN, UBSAN, Oops, panic).
# Exit 0 on "optee-boot: PASS", 1 on "optee-boot: FAIL: REASON", 2 on
# usage errors.  Logs in OUTDIR: serial.log (TF-A and Linux, UART0),
# optee.log (OP-TEE, the secure UART), and the DTB and initramfs used.
set -euo pipefail
optee_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/optee/build-fw.sh
OPTEE_FW_LIB=1 source "$optee_dir/build-fw.sh"

usage() {
	sed -n '3,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}
fail() {
	echo "optee-boot: FAIL: $*"
	exit 1
}

cmd=
script=
initrd=
extra=()
guest_timeout=300
args=${OPTEE_BOOTARGS:-}
bout=$out/optee/boot
trace=0
arm_ffa=1
while getopts c:s:i:f:t:a:o:NTh opt; do
	case $opt in
	c) cmd=$OPTARG ;;
	s) script=$OPTARG ;;
	i) initrd=$OPTARG ;;
	f) extra+=("$OPTARG") ;;
	t) guest_timeout=$OPTARG ;;
	a) args="$args $OPTARG" ;;
	o) bout=$OPTARG ;;
	N) arm_ffa=0 args="$args initcall_blacklist=ffa_init" ;;
	T) trace=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || { usage >&2; exit 2; }
image=${1:-$out/arm64/kbuild/arch/arm64/boot/Image}
if [ $(( (${#cmd} > 0) + (${#script} > 0) + (${#initrd} > 0) )) -gt 1 ]; then
	echo "$0: -c, -s and -i exclude each other" >&2
	exit 2
fi
[ -n "$initrd" ] && [ ${#extra[@]} -gt 0 ] && { echo "$0: -f goes with -c or -s" >&2; exit 2; }
case $guest_timeout in '' | *[!0-9]*) echo "$0: -t takes seconds" >&2; exit 2 ;; esac
[ -f "$image" ] || fail "no kernel image $image (tests/vm/run.sh arm64 builds the default one)"
[ -z "$script" ] || [ -f "$script" ] || fail "no guest script $script"
[ -z "$initrd" ] || [ -f "$initrd" ] || fail "no initramfs $initrd"
for f in "${extra[@]}"; do [ -e "$f" ] || fail "no file $f (-f)"; done
mkdir -p "$bout"
bout=$(cd "$bout" && pwd)
# One boot per OUTDIR at a time: a boot rewrites everything in it.
exec {boot_lock}>"$bout/.lock"
if ! flock -n "$boot_lock"; then
	log "waiting for another boot in $bout to finish"
	flock "$boot_lock"
fi
image=$(cd "$(dirname "$image")" && pwd)/$(basename "$image")

# Firmware (fw_dir), built or reused; its packages include qemu and dtc.
# In a subshell: its failures exit, with their reason, and fail here.
rm -f "$bout/fw_dir"
export OPTEE_FW_TRACE=$trace
(optee_firmware && echo "$fw_dir" >"$bout/fw_dir") || fail "the firmware build failed (see above)"
fw_dir=$(cat "$bout/fw_dir")
flash=$fw_dir/flash.bin

# The initramfs: the caller's or a minimal one, then the probe appended.
rootfs=$bout/rootfs
rm -rf "$rootfs" "$bout/probe"
if [ -z "$initrd" ]; then
	log "initramfs: busybox, tests/vm/init.sh, the guest command"
	# tests/vm/run.sh's arm64 busybox (build-vm/arm64/sysroot).
	( arm64_sysroot ) || fail "the arm64 busybox (tests/vm/run.sh arm64_sysroot) could not be fetched"
	mkdir -p "$rootfs"/{bin,dev,proc,sys,tmp,root,suite}
	cp "$out/arm64/sysroot/bin/busybox" "$rootfs/bin/busybox"
	cp "$optee_dir/../vm/init.sh" "$rootfs/init"
	chmod 755 "$rootfs/init"
	if [ -n "$script" ]; then
		cp "$script" "$rootfs/suite/suite.sh"
	else
		printf '%s\n' "${cmd:-true}" >"$rootfs/suite/suite.sh"
	fi
	for f in "${extra[@]}"; do cp -a "$f" "$rootfs/suite/"; done
	(cd "$rootfs" && find . -print0 | cpio --null -o -H newc --quiet --owner=0:0 | gzip -1) \
		>"$bout/base.cpio.gz"
	initrd=$bout/base.cpio.gz
fi
mkdir -p "$bout/probe/optee"
install -m 755 "$optee_dir/guest/probe-init.sh" "$bout/probe/optee/probe-init"
(cd "$bout/probe" && find . -print0 | cpio --null -o -H newc --quiet --owner=0:0 | gzip -1) \
	>"$bout/probe.cpio.gz"
cat "$initrd" "$bout/probe.cpio.gz" >"$bout/initramfs.cpio.gz"

# The DTB, dumped with exactly the boot's machine options (-bios included:
# without it QEMU describes a secure GPIO that is absent with firmware).
# shellcheck disable=SC2054 # -M's commas are QEMU's
machine=(-M virt,secure=on,virtualization=on,gic-version=3,acpi=off -cpu cortex-a57 -smp 2
	-m 1024 -accel tcg -display none -nodefaults -bios "$flash")
rm -f "$bout/virt.dtb"
qemu-system-aarch64 "${machine[@]}" -machine dumpdtb="$bout/virt.dtb" >/dev/null 2>&1 ||
	fail "qemu-system-aarch64 -machine dumpdtb failed"
dtc -q -I dtb -O dts "$bout/virt.dtb" >"$bout/boot.dts"
initrd_start=0x48000000
# console=ttyAMA0,115200, not ttyAMA0: TF-A's qemu platform programs the
# PL011 with a 1 Hz clock (UART0_CLK_IN_HZ), so IBRD = FBRD = 0, and Linux's
# pl011_console_get_options, used when the console has no options, divides
# by them (a UBSAN division-overflow report in amba-pl011.c).
cat >>"$bout/boot.dts" <<EOF
&{/chosen} {
	bootargs = "console=ttyAMA0,115200 rdinit=/optee/probe-init panic=-1 oops=panic loglevel=5 log_buf_len=4M vmtest.timeout=$guest_timeout${args:+ $args}";
	linux,initrd-start = /bits/ 64 <$initrd_start>;
	linux,initrd-end = /bits/ 64 <$((initrd_start + $(stat -c %s "$bout/initramfs.cpio.gz")))>;
};
EOF
dtc -q -I dts -O dtb -o "$bout/boot.dtb" "$bout/boot.dts" || fail "dtc could not patch the DTB"

log "boot: TF-A + OP-TEE + $(basename "$image") (TCG, guest timeout ${guest_timeout}s)"
slog=$bout/serial.log
olog=$bout/optee.log
rm -f "$slog" "$olog"
start=$SECONDS
set +e
timeout -k 10 $((guest_timeout + 240)) qemu-system-aarch64 "${machine[@]}" -no-reboot \
	-monitor none -serial stdio -serial "file:$olog" -dtb "$bout/boot.dtb" \
	-device loader,file="$image",addr="$optee_bl33_base",force-raw=on \
	-device loader,file="$bout/initramfs.cpio.gz",addr=$initrd_start,force-raw=on \
	</dev/null | tr -d '\r' | tee "$slog"
qrc=${PIPESTATUS[0]}
set -e
secs=$((SECONDS - start))
echo "=== optee: QEMU exit $qrc after ${secs}s; logs: $slog, $olog"

if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	fail "QEMU timed out after ${secs}s"
fi
grep -aq 'BL31: Preparing for EL3 exit to normal world' "$slog" ||
	fail "TF-A never reached the normal world (QEMU exit $qrc; see $slog)"
grep -aq 'Primary CPU switching to normal world boot' "$olog" ||
	fail "OP-TEE did not initialise (see $olog)"
grep -aq '^optee-probe: done' "$slog" ||
	fail "the kernel never ran /optee/probe-init (QEMU exit $qrc; see $slog)"
if [ $arm_ffa -eq 1 ]; then
grep -aq '^optee-probe: dmesg: .*Firmware version 1\.2 found' "$slog" ||
	fail "arm_ffa did not find FF-A firmware version 1.2 ($(grep -a '^optee-probe: dmesg: .*ersion' "$slog" | head -n 2 | tr '\n' ' ' || true))"
grep -aqi '^optee-probe: partition 0x8001 uuid 486178e0-e7f8-11e3-bc5e-0002a5d5c51b$' "$slog" ||
	fail "arm_ffa did not list OP-TEE (0x8001, 486178e0-e7f8-11e3-bc5e-0002a5d5c51b) ($(grep -a '^optee-probe: partition' "$slog" | tr '\n' ' ' || true))"
if grep -aiE '^optee-probe: dmesg: .*(notification.*(error|fail)|bitmap.*(error|fail))' "$slog"; then
	fail "arm_ffa's notification setup failed"
fi
grep -aq '^optee-probe: sri.* ARM-FFA-SRI' "$slog" ||
	fail "arm_ffa mapped no SRI (no ARM-FFA-SRI in /proc/interrupts)"
elif grep -aq '^optee-probe: partition' "$slog"; then
	fail "-N: the kernel has arm_ffa after all (it listed partitions)"
fi
if [ $trace -eq 1 ]; then
	# The SPMD's next line on that CPU is OP-TEE's answer.
	awk '/VERBOSE: SPM\([0-9]+\): 0x8400007d / { c = $2; want = 1; print; next }
		want && $2 == c { print; if ($3 == "0x84000061") ok = 1; want = 0 }
		END { exit !ok }' "$slog" >"$bout/bitmap-create.log" ||
		fail "no NOTIFICATION_BITMAP_CREATE answered by FFA_SUCCESS in the SPMD's trace ($(tr '\n' ' ' <"$bout/bitmap-create.log"))"
fi
n=$(grep -ac '^VMTEST-RESULT: ' "$slog" || true)
[ "$n" -eq 1 ] || fail "$n VMTEST-RESULT lines, expected one (QEMU exit $qrc)"
grc=$(sed -n 's/^VMTEST-RESULT: rc=//p' "$slog")
case $grc in
0) ;;
143) fail "the guest command timed out after ${guest_timeout}s (VMTEST-RESULT: rc=143)" ;;
100) fail "the guest command passed but the kernel log has errors (VMTEST-RESULT: rc=100; see $slog)" ;;
101) fail "the initramfs has no /suite/suite.sh (VMTEST-RESULT: rc=101)" ;;
*) fail "the guest command failed (VMTEST-RESULT: rc=$grc)" ;;
esac
if grep -aE 'BUG:|WARNING:|Oops|lockdep|possible recursive locking|circular locking|inconsistent lock state|KASAN|UBSAN|Kernel panic' "$slog" |
	grep -av -e 'RCU lockdep checking is enabled' -e '^WARNING: SPM: Unsupported call 0x' >"$bout/bad-lines"; then
	head -n 5 "$bout/bad-lines"
	fail "the kernel reported errors (see $slog)"
fi
echo "optee-boot: PASS (${secs}s; partitions $(sed -n "s/^optee-probe: partition \(0x[0-9a-f]*\) .*/\1/p" "$slog" | tr "\n" " ")firmware $(basename "$fw_dir"))"
