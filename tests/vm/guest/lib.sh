#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# What the guest suites share: tests/vm/guest/suite.sh (the module on the
# sim backend, tests/vm/run.sh), tests/el3-spmc/guest/suite.sh (on the EL3
# test firmware) and tests/optee/guest/suite.sh (on OP-TEE).  Every
# initramfs of tests/vm/run.sh's make_initramfs has it as /suite/lib.sh;
# a suite sources it after setting TAG (the prefix of every line, e.g.
# "el3-suite") and TMO (seconds a program may take).
#
# Every step prints "$TAG: PASS: ..." or "$TAG: FAIL: ..." and the suite
# goes on after a failure; finish prints "$TAG: N passed, M failed" and
# returns non-zero if any step failed.  busybox sh.

passed=0
failed=0
failures=""
# Lines of the kernel log when the suite began: set by log_begin; only
# what comes after it is the suite's to judge.
log_start=0

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

# log_begin: from here on, the kernel log is the suite's.
log_begin() {
	log_start=$(dmesg 2>/dev/null | wc -l)
}

# The last kernel messages since log_begin.
dmesg_tail() {
	dmesg 2>/dev/null | tail -n "+$((log_start + 1))" | tail -n 20 |
		sed 's/^/  dmesg: /'
}

# run NAME PROG ARGS...: a program (killed after TMO seconds) whose exit
# status is the step's result; its time is in the step's line.
run() {
	name=$1
	shift
	echo "$TAG: ---- $name: $*"
	if ! command -v "$1" >/dev/null 2>&1; then
		fail "$name (no $1)"
		return
	fi
	t0=$(date +%s)
	run_limited "$@"
	rc=$?
	secs=$(($(date +%s) - t0))
	if [ $rc -eq 0 ]; then
		pass "$name (${secs}s)"
	else
		fail "$name (exit status $rc, ${secs}s)"
		dmesg_tail
	fi
}

# [on="taskset MASK"] notify WANT ARGS...: $NOTIFY (ffa-notify) ARGS,
# run through $on, must exit WANT; its output, shown, in notify_out.
notify_out=/tmp/notify.out
notify() {
	want=$1
	shift
	# shellcheck disable=SC2086 # $on is a command prefix
	${on:-} "$NOTIFY" "$@" >"$notify_out" 2>&1
	st=$?
	sed "s/^/$TAG: | /" "$notify_out"
	if [ $st -eq "$want" ]; then
		pass "ffa-notify $* -> $want"
		return 0
	fi
	fail "ffa-notify $* exited $st, not $want"
	return 1
}

# has TEXT: the last notify's output says TEXT (a grep pattern, any case).
has() {
	if grep -qi -- "$1" "$notify_out"; then
		pass "  ... says '$1'"
	else
		fail "  ... says '$1'"
	fi
}

# cmdline_arg NAME: the value of NAME=... on the kernel command line, or
# nothing.
cmdline_arg() {
	read -r cmdline </proc/cmdline
	for arg in $cmdline; do
		case $arg in
		"$1"=*)
			echo "${arg#*=}"
			return
			;;
		esac
	done
}

# firmware_backend: sets backend from el3.backend= and checks it, and
# that arm_ffa is there exactly when it is the backend (the firmware
# suites' first steps).
firmware_backend() {
	backend=$(cmdline_arg el3.backend)
	case $backend in
	arm_ffa | native) pass "backend named on the command line: $backend" ;;
	*)
		fail "backend named on the command line (el3.backend=, got '$backend')"
		backend=arm_ffa
		;;
	esac
	# No arm_ffa device for the native backend: a kernel without arm_ffa,
	# or with its driver kept from starting (initcall_blacklist).
	# (el3.expect=v1.0: 6.1's arm_ffa is there, beside the native backend)
	if [ "$backend" = native ] && [ "$(cmdline_arg el3.expect)" != v1.0 ]; then
		check "no arm_ffa device in this kernel" \
			[ -z "$(ls /sys/bus/arm_ffa/devices 2>/dev/null)" ]
	fi
}

# log_clean: no kernel report since log_begin (one logged before it is
# noted, not judged: it is not the suite's).
splat_re='BUG:|WARNING:|Oops|Unable to handle kernel|Internal error|Call Trace|UBSAN:|KASAN:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|refcount_t:|list_(add|del) corruption|sleeping function called from invalid context'
log_clean() {
	early=$(dmesg 2>/dev/null | head -n "$log_start" | grep -cE "$splat_re")
	[ "$early" -eq 0 ] ||
		echo "$TAG: note: $early splat line(s) logged before the suite started"
	splats=$(dmesg 2>/dev/null | tail -n "+$((log_start + 1))" | grep -E "$splat_re")
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
