#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The system calls ffa-notifd makes a notification delivered to one
# watching client: a daemon of its own on the simulator, one client
# (tests/syscall-client.c) that watches a doorbell ID and rings it N times
# (SIM_RING), each ring's event read before the next; the daemon's
# threads traced with strace -f while it does, the calls divided by N
# (all threads, and the loop's own: the worker's are the rest).
# Then, untraced (ptrace's stops are context switches of their own), the
# same N notifications again, and the daemon's context switches over them
# (voluntary + involuntary, every thread: /proc/PID/task/*/status).
# Counts, not times: deterministic enough to hold to a bound.
# The floor they are shown beside: a process between sockets that only
# copies (bench/'s relay) makes 3 calls a message (epoll_wait, read,
# write), no futex call and 1 wake-up; a notification is a request in and
# two messages out (the event, the reply): 4 calls, 0 futex, 1 wake-up.
#
# Usage: count-daemon-syscalls.sh [-n N] [--max M] [--max-futex F]
#          [--max-switches S] [-v] FFA-NOTIFD SYSCALL-CLIENT
#   (from a build: FFA-NOTIFD is tools/ffa-notifd/ffa-notifd, SYSCALL-CLIENT
#   tests/syscall-client)
#   -n N      notifications (default 200)
#   --max M   fail (exit 1) when more than M calls a notification
#   --max-futex F     ... more than F futex calls a notification
#   --max-switches S  ... more than S context switches a notification
#             (voluntary + involuntary: each time one of the daemon's
#             threads left its CPU)
#   -v        the calls by name as well
# Fails (exit 1, with the reason) without strace or where it may not
# trace: a count that cannot be taken is not a pass, nor a skip.
set -uo pipefail

n=200
max=
max_futex=
max_switches=
verbose=0
usage="usage: $0 [-n N] [--max M] [--max-futex F] [--max-switches S] [-v] FFA-NOTIFD SYSCALL-CLIENT"
while [ $# -gt 0 ]; do
	case $1 in
	-n) n=$2; shift 2 ;;
	--max) max=$2; shift 2 ;;
	--max-futex) max_futex=$2; shift 2 ;;
	--max-switches) max_switches=$2; shift 2 ;;
	-v) verbose=1; shift ;;
	-*) echo "$usage" >&2; exit 2 ;;
	*) break ;;
	esac
done
if [ $# -ne 2 ]; then
	echo "$usage" >&2
	exit 2
fi
notifd=$1
client=$2

if ! command -v strace >/dev/null; then
	echo "FAIL: no strace (scripts/deps.sh test installs it)"
	exit 1
fi
if ! strace -o /dev/null true 2>/dev/null; then
	echo "FAIL: strace may not trace here ($(strace -o /dev/null true 2>&1 | head -n 1))"
	exit 1
fi

tmp=$(mktemp -d /tmp/ffa-syscalls.XXXXXX)
daemon_pid=
strace_pid=
# shellcheck source=tests/daemon-lib.sh
. "$(dirname "$0")/../tests/daemon-lib.sh"
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	[ -n "$strace_pid" ] && kill -INT "$strace_pid" 2>/dev/null
	if [ -n "${COPROC_PID:-}" ]; then
		kill "$COPROC_PID" 2>/dev/null
		wait "$COPROC_PID" 2>/dev/null
	fi
	stop_daemon
	rm -rf "$tmp"
}
trap cleanup EXIT

die() {
	echo "FAIL: $*"
	[ -f "$tmp/log" ] && sed 's/^/  daemon: /' "$tmp/log"
	exit 1
}

cat >"$tmp/conf" <<CONF
backend sim
socket $tmp/sock
socket-mode 0600
allow all user:$(id -u) * *
CONF
start_daemon "$notifd" "$tmp/sock" "$tmp/log" --config "$tmp/conf" ||
	die "ffa-notifd did not start"

export FFANOTIFD_SOCKET=$tmp/sock
coproc "$client" "$n"
read -r -t 20 line <&"${COPROC[0]}" || die "the client did not get ready"
[ "$line" = "ready" ] || die "client: $line"

# Every thread of the daemon (the loop and the worker), attached before
# the first ring ("Process P attached with 2 threads").
strace -f -o "$tmp/trace" -p "$daemon_pid" 2>"$tmp/strace.err" &
strace_pid=$!
for _ in $(seq 200); do
	grep -q attached "$tmp/strace.err" && break
	sleep 0.05
done
sleep 0.2
grep -q attached "$tmp/strace.err" ||
	die "strace did not attach: $(cat "$tmp/strace.err")"

echo go >&"${COPROC[1]}"
read -r -t 60 line <&"${COPROC[0]}" || die "the client did not finish"
[ "$line" = "done" ] || die "client: $line"
kill -INT "$strace_pid"
wait "$strace_pid"
strace_pid=

# The daemon's context switches, every thread: "voluntary involuntary".
switches() {
	cat /proc/"$daemon_pid"/task/*/status 2>/dev/null |
		awk '/^voluntary_ctxt_switches:/ { v += $2 }
			/^nonvoluntary_ctxt_switches:/ { i += $2 }
			END { print v + 0, i + 0 }'
}
read -r sw0 iv0 < <(switches)
echo again >&"${COPROC[1]}"
read -r -t 60 line <&"${COPROC[0]}" || die "the client did not finish (untraced)"
[ "$line" = "done" ] || die "client: $line"
read -r sw1 iv1 < <(switches)
echo bye >&"${COPROC[1]}"
[ "$sw0" -gt 0 ] || die "no context switch counts in /proc/$daemon_pid/task/*/status"

# One line a call ("TID name(...) = ..."); a call another thread's
# interrupted is split in an "<unfinished ...>" line and a "<... resumed>"
# one, counted once; signals and exits are not calls.
awk -v pid="$daemon_pid" -v n="$n" -v verbose="$verbose" '
	$2 ~ /^(<\.\.\.|\+\+\+|---)/ { next }
	{
		name = $2; sub(/\(.*/, "", name)
		total++; calls[name]++
		if ($1 == pid) loop++
	}
	END {
		if (verbose)
			for (c in calls)
				printf "  %-16s %8d  %6.2f a notification\n", c,
				       calls[c], calls[c] / n
		printf "%d %d %d\n", total, loop, calls["futex"] + 0
	}' "$tmp/trace" >"$tmp/count"
[ "$verbose" = 1 ] && sed '$d' "$tmp/count" | sort -k2 -nr
read -r total loop futex < <(tail -n 1 "$tmp/count")
[ "${total:-0}" -gt 0 ] || die "nothing traced"
per=$(awk -v t="$total" -v n="$n" 'BEGIN { printf "%.2f", t / n }')
per_loop=$(awk -v t="$loop" -v n="$n" 'BEGIN { printf "%.2f", t / n }')
per_futex=$(awk -v t="$futex" -v n="$n" 'BEGIN { printf "%.2f", t / n }')
per_vol=$(awk -v a="$sw0" -v b="$sw1" -v n="$n" 'BEGIN { printf "%.2f", (b - a) / n }')
per_iv=$(awk -v a="$iv0" -v b="$iv1" -v n="$n" 'BEGIN { printf "%.2f", (b - a) / n }')
per_sw=$(awk -v a="$per_vol" -v b="$per_iv" 'BEGIN { printf "%.2f", a + b }')
echo "ffa-notifd: $total system calls for $n notifications: $per a notification" \
	"($per_loop of them the loop thread's; floor: 4, a request read and two" \
	"messages written after one epoll_wait)"
echo "ffa-notifd: $per_futex futex calls a notification (floor 0)"
echo "ffa-notifd: $per_sw context switches a notification, untraced (floor 1:" \
	"one wake-up); $per_vol voluntary + $per_iv involuntary (which of the two" \
	"depends on whether a wake-up came before the thread was off its CPU)"
rc=0
over() { awk -v p="$1" -v m="$2" 'BEGIN { exit !(p > m) }'; }
if [ -n "$max" ] && over "$per" "$max"; then
	echo "FAIL: more than $max calls a notification"
	rc=1
fi
if [ -n "$max_futex" ] && over "$per_futex" "$max_futex"; then
	echo "FAIL: more than $max_futex futex calls a notification"
	rc=1
fi
if [ -n "$max_switches" ] && over "$per_sw" "$max_switches"; then
	echo "FAIL: more than $max_switches context switches a notification"
	rc=1
fi
exit $rc
