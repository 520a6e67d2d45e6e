#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# shellcheck shell=dash
#
# First process of a boot by tests/optee/boot.sh (rdinit=/optee/probe-init,
# in a small cpio appended to the initramfs): reports what Linux's arm_ffa
# found on the TF-A + OP-TEE firmware, one "optee-probe: " line each, for
# boot.sh to judge, then hands PID 1 to the initramfs's own /init.
#   optee-probe: dmesg: ...        arm_ffa's kernel messages (pr_fmt
#                                  "ARM FF-A: "; loglevel=5 keeps them off
#                                  the console)
#   optee-probe: partition 0xID uuid UUID   one per arm_ffa bus device
#   optee-probe: sri ...           the /proc/interrupts line of ARM-FFA-SRI
#   optee-probe: done
# Needs only /bin/busybox from the initramfs.
bb=/bin/busybox
$bb mkdir -p /proc /sys
$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
$bb dmesg | $bb grep -i -e 'ARM FF-A' -e 'arm_ffa' -e 'arm-ffa' | $bb sed 's/^/optee-probe: dmesg: /'
for d in /sys/bus/arm_ffa/devices/*; do
	[ -e "$d/partition_id" ] || continue
	echo "optee-probe: partition $($bb cat "$d/partition_id") uuid $($bb cat "$d/uuid" 2>/dev/null)"
done
$bb grep 'ARM-FFA-SRI' /proc/interrupts | $bb sed 's/  */ /g; s/^/optee-probe: sri/'
echo "optee-probe: done"
$bb umount /sys
$bb umount /proc
exec /init
