#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# What the guest suites on firmware share (tests/el3-spmc/guest/suite.sh on
# the EL3 test firmware, tests/optee/guest/suite.sh on OP-TEE): sourced
# from /suite/lib.sh after setting TAG (the prefix of every line, e.g.
# "el3-suite") and TMO (seconds a program may take).
#
# Every step prints "$TAG: PASS: ..." or "$TAG: FAIL: ..." and the suite
# goes on after a failure; finish prints "$TAG: N passed, M failed" and
# returns non-zero if any step failed.

passed=0
failed=0
failures=""

pass() {
	passed=$((passed + 1))
	echo "$TAG: PASS: $*"
}

fail() {
	failed=$((failed + 1))
	failures="$failures
  $*"
	echo "$TAG: FAIL: $*"
}

# check NAME CMD...: one step, passing if CMD succeeds.
check() {
	name=$1
	shift
	if "$@"; then
		pass "$name"
	else
		fail "$name"
	fi
}

nap() {
	sleep 0.1 2>/dev/null || sleep 1
}

# wait_for CMD...: until CMD succeeds, for up to 10 s.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		"$@" && return 0
		nap
		i=$((i + 1))
	done
	return 1
}

# busybox timeout: "timeout [-s SIG] SECS PROG" (1.30+), or "-t SECS".
if timeout 5 true 2>/dev/null; then
	run_limited() { timeout -s KILL "$TMO" "$@"; }
else
	run_limited() { timeout -t "$TMO" -s KILL "$@"; }
fi

dmesg_tail() {
	dmesg | tail -n 15 | sed 's/^/  dmesg: /'
}

# run NAME CMD...: a program whose exit status is the step's result.
run() {
	name=$1
	shift
	echo "$TAG: ---- $name: $*"
	if run_limited "$@"; then
		pass "$name"
	else
		fail "$name (exit status $?)"
		dmesg_tail
	fi
}

# log_clean: no kernel report since log_start (lines of dmesg when the
# suite began).
splat_re='BUG:|WARNING:|Oops|Unable to handle kernel|Internal error|Call Trace|UBSAN:|KASAN:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|refcount_t:|list_(add|del) corruption|sleeping function called from invalid context'
log_clean() {
	splats=$(dmesg | tail -n "+$((log_start + 1))" | grep -E "$splat_re")
	if [ -z "$splats" ]; then
		pass "kernel log clean"
	else
		fail "kernel log clean"
		echo "$splats" | head -n 60 | sed 's/^/  dmesg: /'
	fi
}

finish() {
	[ $failed -eq 0 ] || echo "$TAG: failed steps:$failures"
	echo "$TAG: $passed passed, $failed failed"
	[ $failed -eq 0 ]
}
