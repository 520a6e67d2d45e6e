#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The benchmarks (README, "Performance"), from a fresh Debian 12 machine:
#   1. build with meson (tests off) in $BENCH_BUILD (default
#      /tmp/ffa-notif-bench-build-<checksum of this checkout's path>);
#   2. natively: bench-sim (libffanotif's in-process simulator) and
#      bench-daemon (ffa-notifd on its simulator, a daemon of its own);
#   3. in the booted kernel: bench-device on /dev/ffa-notif (ffa_notif.ko
#      backend=sim), inside Debian's x86_64 6.12 kernel under QEMU TCG
#      (tests/vm/run.sh x86-6.12 with VMTEST_BENCH).
# Prints each benchmark's table; writes one JSON document with the three
# ({"sim": ..., "daemon": ..., "device": ...}) to --out (default
# /tmp/ffa-notif-bench.json).
#
#   scripts/bench.sh [--quick] [--no-vm] [--out FILE]
#
# --quick: a few seconds a benchmark (CI runs the native ones so).
# --no-vm: skip the booted kernel.
# A missed target is reported ("met NO"), not a failure: the exit status is
# non-zero only if a benchmark failed to run.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

quick=()
vm=1
out=/tmp/ffa-notif-bench.json
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=(--quick) ;;
	--no-vm) vm=0 ;;
	--out) out=$2; shift ;;
	-h | --help) sed -n '3,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "usage: $0 [--quick] [--no-vm] [--out FILE]" >&2; exit 2 ;;
	esac
	shift
done

scripts/deps.sh demo || exit 1
# One build directory per checkout (several may share a machine).
build=${BENCH_BUILD:-/tmp/ffa-notif-bench-build-$(pwd | cksum | cut -d' ' -f1)}
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" -Dtests=false >/dev/null || exit 1
fi
ninja -C "$build" bench/bench-sim bench/bench-daemon bench/bench-device \
	tools/ffa-notifd/ffa-notifd >/dev/null || exit 1

tmp=$(mktemp -d /tmp/ffa-notif-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failed=()

for b in sim daemon; do
	echo
	if ! "$build/bench/bench-$b" "${quick[@]}" --json="$tmp/$b.json"; then
		failed+=("bench-$b")
		echo '{"error":"failed"}' >"$tmp/$b.json"
	fi
done

echo '{"skipped":true}' >"$tmp/device.json"
if [ $vm -eq 1 ]; then
	echo
	echo "== bench-device in the booted kernel (tests/vm/run.sh x86-6.12, QEMU TCG)"
	mode=1
	[ ${#quick[@]} -gt 0 ] && mode=quick
	if VMTEST_BENCH=$mode tests/vm/run.sh x86-6.12 >"$tmp/vm.log" 2>&1; then
		log="build-vm/x86-6.12/serial.log"
		# The table, then the JSON between its markers.
		sed -n '/^== \/dev\/ffa-notif/,/^BENCH-JSON-BEGIN$/p' "$log" | sed '$d'
		sed -n '/^BENCH-JSON-BEGIN$/,/^BENCH-JSON-END$/p' "$log" | sed '1d;$d' \
			>"$tmp/device.json"
		[ -s "$tmp/device.json" ] || failed+=("bench-device (no JSON in $log)")
	else
		tail -n 40 "$tmp/vm.log"
		failed+=("bench-device (tests/vm/run.sh)")
		echo '{"error":"failed"}' >"$tmp/device.json"
	fi
fi

{
	echo '{"sim":'
	cat "$tmp/sim.json"
	echo ',"daemon":'
	cat "$tmp/daemon.json"
	echo ',"device":'
	cat "$tmp/device.json"
	echo '}'
} >"$out"
echo
echo "JSON: $out"
for f in "${failed[@]+"${failed[@]}"}"; do
	echo "FAILED: $f"
done
[ ${#failed[@]} -eq 0 ]
