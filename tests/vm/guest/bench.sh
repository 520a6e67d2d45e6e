#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The guest side of scripts/bench.sh: run by tests/vm/init.sh instead of
# suite.sh when the kernel command line has vmtest.mode=bench
# (tests/vm/run.sh with VMTEST_BENCH=1).  Loads the module with the sim
# backend and 63 simulated vCPUs (so that one file can hold 64 distinct
# (sender, vCPU) records, a full queue, for the batch-read figure), runs
# bench-device and count-hops (device), prints their tables and then
# bench-device's JSON document between the
# lines BENCH-JSON-BEGIN and BENCH-JSON-END (scripts/bench.sh takes it
# from the serial log), and unloads the module.
# With vmtest.bench=quick on the kernel command line (VMTEST_BENCH=quick),
# bench-device runs with --quick.

SUITE=/suite
NAME=ffa_notif

cd "$SUITE" || exit 1
if ! insmod "$SUITE/ffa_notif.ko" backend=sim sim_vcpus=63; then
	echo "bench: insmod failed"
	dmesg | tail -n 20
	exit 1
fi
i=0
while [ ! -c /dev/ffa-notif ] && [ $i -lt 100 ]; do
	sleep 0.1 2>/dev/null || sleep 1
	i=$((i + 1))
done
args=
case " $(cat /proc/cmdline) " in
*" vmtest.bench=quick "*) args=--quick ;;
esac
# shellcheck disable=SC2086 # args is empty or one word
"$SUITE/bin/bench-device" $args --json=/tmp/bench-device.json
rc=$?
# The counts a hop (system calls, futex calls, context switches) beside
# an eventfd hop's; scripts/bench.sh shows them with the table.
"$SUITE/bin/count-hops" -n 200 --system \
	--switch-slack 0.5 --system-slack 2.25 device || rc=1
if [ $rc -eq 0 ]; then
	echo "BENCH-JSON-BEGIN"
	cat /tmp/bench-device.json
	echo "BENCH-JSON-END"
fi
rmmod "$NAME" || rc=1
echo "bench: bench-device exited with $rc"
exit $rc
