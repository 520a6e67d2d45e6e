#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# shellcheck shell=dash
#
# /init of the test initramfs built by tests/vm/run.sh (busybox sh, PID 1).
#
# Runs the guest suite (/suite/suite.sh, cwd /suite) under a timeout, then
# fails the run if the kernel log shows a splat the suite itself could not
# see (lockdep, KASAN, a WARN that did not panic...).  The host only trusts
# the one line "VMTEST-RESULT: rc=N" printed at the end; anything else
# (panic, hang, init exiting) leaves that line out and fails the run.
#
# Kernel command line options read here (the kernel ignores dotted
# parameters it does not know, so they only reach /proc/cmdline):
#   vmtest.mode=shell   an interactive shell instead of the suite
#   vmtest.mode=bench   /suite/bench.sh (the benchmark) instead of the suite
#   vmtest.timeout=N    seconds the suite may take (default 600)
#
# Result codes besides the suite's own: 100 = the suite passed but the
# kernel log has errors, 101 = no suite in the initramfs, 143 = the suite
# was killed by the timeout (SIGTERM).

/bin/busybox --install -s /bin
export PATH=/bin HOME=/root
umask 022

mount -t proc proc /proc
mount -t sysfs sysfs /sys
# The kernel does not automount devtmpfs over an initramfs root.
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /tmp /root
mount -t devpts devpts /dev/pts
# glibc's POSIX shared memory and semaphores live in /dev/shm.
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=1777 tmpfs /tmp
ln -sf /proc/self/fd /dev/fd

mode=suite
timeout=600
read -r cmdline </proc/cmdline
for arg in $cmdline; do
	case $arg in
	vmtest.mode=*) mode=${arg#vmtest.mode=} ;;
	vmtest.timeout=*) timeout=${arg#vmtest.timeout=} ;;
	esac
done

if [ "$mode" = shell ]; then
	cd /suite 2>/dev/null || cd /
	echo "vmtest: interactive shell. The suite runs with: sh /suite/suite.sh"
	echo "vmtest: the module is /suite/ffa_notif.ko; exit the shell to power off"
	# cttyhack gives the shell the real console as controlling tty, so that
	# Ctrl-C and job control work.
	setsid cttyhack sh -l
	poweroff -f
fi

# Splats of the kernel's checkers, and of the module's own WARN()s; minus
# the lines a healthy boot prints that match them (the debug kernel's
# "rcu: RCU lockdep checking is enabled.").
bad='BUG:|WARNING:|Oops|Call Trace|lockdep|possible recursive locking|circular locking|KASAN|UBSAN|sleeping function called'
benign='RCU lockdep checking is enabled'

script=/suite/suite.sh
[ "$mode" = bench ] && script=/suite/bench.sh

echo "vmtest: kernel $(uname -r) $(uname -m), $(grep -c ^processor /proc/cpuinfo) CPUs"
echo "vmtest: running $script (timeout ${timeout}s)"
if [ -f "$script" ]; then
	cd /suite || exit 1
	timeout "$timeout" sh "$script"
	rc=$?
	cd / || exit 1
	[ $rc -eq 143 ] && echo "vmtest: the suite timed out after ${timeout}s"
	echo "vmtest: suite exited with $rc"
else
	echo "vmtest: $script is missing"
	rc=101
fi

if dmesg | grep -E "$bad" | grep -v -E "$benign" >/tmp/bad-lines; then
	echo "vmtest: the kernel log has errors; the kernel log from the first one:"
	first=$(head -n 1 /tmp/bad-lines)
	dmesg | grep -F -A 1000 -e "$first" | head -n 200
	[ $rc -eq 0 ] && rc=100
fi

echo "VMTEST-RESULT: rc=$rc"
poweroff -f
