#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# What the shell tests of ffa-notifd share (tests/test-cli.sh,
# test-reload.sh, test-metrics.sh, test-journal.sh and
# scripts/count-daemon-syscalls.sh source it): starting a daemon and
# waiting for what it makes, and counting checks.

# fail MSG: one check failed (counted; the test goes on).  A test counts
# its checks in checks and ends with failures 0 or not.
failures=0
# shellcheck disable=SC2034 # the sourcing test counts
checks=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# until_exists OP PATH: wait up to 5 s until `test OP PATH` holds (-S a
# socket, -e anything); its status is whether it did.
until_exists() {
	local _i
	for _i in $(seq 100); do
		test "$1" "$2" && return 0
		sleep 0.05
	done
	test "$1" "$2"
}

# start_daemon FFA-NOTIFD SOCKET LOG ARG...: FFA-NOTIFD ARG... in the
# background, its stderr in LOG, its pid in daemon_pid; returns once it
# listens on SOCKET, or prints LOG and returns 1.
start_daemon() {
	local bin=$1 sock=$2 log=$3
	shift 3
	"$bin" "$@" 2>"$log" &
	daemon_pid=$!
	until_exists -S "$sock" && return 0
	cat "$log"
	echo "ffa-notifd did not start (no socket $sock)"
	return 1
}

# stop_daemon: SIGTERM to daemon_pid, waited for; its exit status.
stop_daemon() {
	local st=0
	[ -n "${daemon_pid:-}" ] || return 0
	kill -TERM "$daemon_pid" 2>/dev/null
	wait "$daemon_pid" 2>/dev/null || st=$?
	daemon_pid=
	return $st
}
