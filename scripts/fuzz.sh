#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# Run the libFuzzer targets of fuzz/ for a bounded time each:
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 60); TARGETs among info-get, spmc, fnd-proto,
# config (default: all, one after the other).  Builds them with clang in
# $FUZZ_BUILDDIR (default build-fuzz, meson -Dfuzz=true) if needed.  Each
# run starts from a copy of fuzz/corpus/TARGET in a temporary directory, so
# the repository is never modified.  A crash, leak, timeout (an input
# taking more than $FUZZ_TIMEOUT seconds, default 10) or out-of-memory
# fails the run: the script prints the reproducer's path and how to replay
# it, and exits non-zero.  See fuzz/README.md.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

all=(info-get spmc fnd-proto config)
secs=${1:-60}
[ $# -gt 0 ] && shift
if ! [[ $secs =~ ^[0-9]+$ ]] || [ "$secs" -eq 0 ]; then
	echo "usage: $0 [SECONDS] [TARGET...]  (targets: ${all[*]})" >&2
	exit 2
fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
for t in "${targets[@]}"; do
	if [[ " ${all[*]} " != *" $t "* ]]; then
		echo "$0: unknown target '$t' (${all[*]})" >&2
		exit 2
	fi
done

build=${FUZZ_BUILDDIR:-build-fuzz}
if [ ! -f "$build/build.ninja" ]; then
	log=$(mktemp)
	if ! CC=clang meson setup "$build" -Dfuzz=true -Dtests=false \
		>"$log" 2>&1; then
		cat "$log"
		rm -f "$log"
		exit 1
	fi
	rm -f "$log"
fi
ninja -C "$build" "${targets[@]/#/fuzz/fuzz-}" >/dev/null || {
	echo "$0: building the fuzz targets in $build failed" >&2
	ninja -C "$build" "${targets[@]/#/fuzz/fuzz-}"
	exit 1
}

status=0
for t in "${targets[@]}"; do
	bin=$build/fuzz/fuzz-$t
	work=$(mktemp -d)
	artifacts=$build/fuzz-artifacts/$t-$(date +%Y%m%d-%H%M%S)
	mkdir -p "$work/corpus" "$artifacts"
	cp fuzz/corpus/"$t"/* "$work/corpus/"
	echo "fuzz: $t for ${secs}s from $(find "$work/corpus" -type f | wc -l) seeds"
	dict=()
	[ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
	"$bin" -max_total_time="$secs" -timeout="${FUZZ_TIMEOUT:-10}" \
		-rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" \
		-artifact_prefix="$(realpath "$artifacts")/" \
		"$work/corpus" >"$work/log" 2>&1
	rc=$?
	# The closing line ("#N DONE cov: ... corp: ...") and the totals.
	done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/log" | tail -1)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	if [ $rc -eq 0 ]; then
		echo "fuzz: $t: ok, ${runs:-?} inputs; ${done_line:-no summary}"
		rmdir "$artifacts" 2>/dev/null
	else
		status=1
		echo "fuzz: $t: FAILED (libFuzzer exit $rc); the end of its log:"
		tail -n 60 "$work/log" | sed 's/^/  /'
		found=0
		for a in "$artifacts"/*; do
			[ -e "$a" ] || continue
			found=1
			echo "fuzz: $t: reproducer: $a"
			echo "fuzz: $t: replay: $bin $a"
		done
		[ $found -eq 1 ] ||
			echo "fuzz: $t: no reproducer written (see the log above)"
	fi
	rm -rf "$work"
done
exit $status
