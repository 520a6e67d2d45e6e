#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# ffa-notify against an ffa-notifd this script starts (simulator): every
# command, their output (text and JSON, checked with jq), exit codes
# (0 ok, 1 error, 2 usage, 3 denied, 5 nothing), --help per command,
# bash completion, and a user the policy refuses (setpriv, as root).
#
# Usage: test-cli.sh FFA-NOTIFD FFA-NOTIFY COMPLETION-SCRIPT
set -uo pipefail

notifd=$1
notify=$2
completion=$3
tmp=$(mktemp -d /tmp/ffa-notify-test.XXXXXX)
chmod 0755 "$tmp"
sock=$tmp/sock
daemon_pid=

# shellcheck source=tests/daemon-lib.sh
. "$(dirname "$0")/daemon-lib.sh"

cleanup() {
	stop_daemon
	rm -rf "$tmp"
}
trap cleanup EXIT

# run EXPECTED-STATUS ARGS...: run ffa-notify, keep stdout in $out and
# stderr in $err, check the exit status.
run() {
	local want=$1 status
	shift
	checks=$((checks + 1))
	out=$("$notify" "$@" 2>"$tmp/err")
	status=$?
	err=$(cat "$tmp/err")
	if [ "$status" -ne "$want" ]; then
		fail "ffa-notify $* exited $status, not $want (stderr: $err)"
		return 1
	fi
	return 0
}

# handles PID SIGNO: wait (up to 10 s) until PID has its handler for
# SIGNO (its bit in SigCgt): a signal sent before that, on a loaded
# machine, would kill it instead of ending it cleanly.
handles() {
	local cgt
	for _ in $(seq 200); do
		cgt=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
		[ -n "$cgt" ] && [ $((0x$cgt >> ($2 - 1) & 1)) -eq 1 ] && return 0
		sleep 0.05
	done
	return 1
}

# contains WHAT TEXT
contains() {
	checks=$((checks + 1))
	case $2 in
	*"$1"*) ;;
	*) fail "expected '$1' in: $2" ;;
	esac
}

cat >"$tmp/conf" <<EOF
backend sim
socket $sock
socket-mode 0666
bind 0x8001 0-3
allow all user:0 * *
allow watch * 0x8001 8
EOF

start_daemon "$notifd" "$sock" "$tmp/log" --config "$tmp/conf" || {
	echo "FAIL: the daemon did not start"
	exit 1
}
export FFANOTIFD_SOCKET=$sock

# ---- help, versions, usage errors ---------------------------------------
run 0 --version && contains "ffa-notifd protocol 1" "$out"
run 0 --help && contains "monitor" "$out"
for cmd in send get monitor bind unbind list info sim-ring; do
	run 0 "$cmd" --help && contains "Usage: ffa-notify $cmd" "$out"
done
run 2
run 2 frobnicate
run 2 --frobnicate info
run 2 --backend nonsense info
run 2 send
run 2 send 0x8001
run 2 send 0x0001 3 && contains "bad partition ID" "$err"
run 2 send 0x8001 64 && contains "bad notification IDs" "$err"
run 2 send 0x8001 3 extra
run 2 send --vcpu 1 0x8001 3 && contains "--vcpu needs --per-vcpu" "$err"
run 2 get --timeout 5parsecs 0x8001 3
run 2 get --idle-timeout 1s 0x8001 3
run 2 monitor -n 0 0x8001 3
run 2 monitor 0x8001
run 2 list extra
run 2 info --frobnicate
run 2 info --bindings
run 2 stats --json && contains "unknown option" "$err"
run 2 stats extra && contains "unexpected argument 'extra'" "$err"
run 0 stats --help && contains "--openmetrics" "$out"
run 2 get --bind 0x8001 3
run 2 get --clock nonsense 0x8001 3 && contains "bad clock 'nonsense'" "$err"
# Without the kernel module, monitor binds: it needs something to bind.
run 2 --sim monitor -n 1 && contains "needs PARTITION IDS pairs" "$err"

# ---- the daemon's own command line ----------------------------------------
checks=$((checks + 1))
"$notifd" --version | grep -q "^protocol 1$" || fail "ffa-notifd --version"
"$notifd" --version | grep -Eq "^systemd (libsystemd|built-in \(-Dsystemd=disabled\))$" ||
	fail "ffa-notifd --version: no systemd line"
checks=$((checks + 1))
"$notifd" --frobnicate 2>/dev/null
[ $? -eq 2 ] || fail "ffa-notifd --frobnicate: not a usage error"
checks=$((checks + 1))
"$notifd" stray 2>/dev/null
[ $? -eq 2 ] || fail "ffa-notifd with an operand: not a usage error"
for bad in --metrics-file=relative.prom --metrics-file=/tmp/x.txt \
	--metrics-interval=0 --metrics-interval=86401 --metrics-interval=5s; do
	checks=$((checks + 1))
	"$notifd" --check-config --config "$tmp/conf" "$bad" 2>"$tmp/err" >/dev/null
	status=$?
	if [ "$status" -ne 2 ] || ! grep -q -- "${bad%%=*}" "$tmp/err"; then
		fail "ffa-notifd $bad: exit $status, $(cat "$tmp/err")"
	fi
done
checks=$((checks + 1))
"$notifd" --check-config --config "$tmp/conf" >/dev/null ||
	fail "ffa-notifd --check-config on a good file"
printf 'backend sim\nallow watch user:0 0x8001 0-64\nbind 0x8001 1\nbind 0x8002 1\n' \
	>"$tmp/bad.conf"
checks=$((checks + 1))
"$notifd" --check-config --config "$tmp/bad.conf" 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] || fail "ffa-notifd --check-config on a bad file"
contains "bad.conf:2: bad notification IDs '0-64'" "$(cat "$tmp/err")"
contains "bad.conf:4: IDs 1 bound already at line 3" "$(cat "$tmp/err")"
checks=$((checks + 1))
"$notifd" --config "$tmp/no-such.conf" 2>"$tmp/err"
[ $? -eq 1 ] || fail "ffa-notifd with a missing --config did not fail"

# ---- info and list -------------------------------------------------------
run 0 --daemon info && contains "backend:        daemon" "$out"
# The daemon's counters (root: "allow all * *" gives the metrics).
run 0 --daemon stats && contains "delivered" "$out" &&
	contains "clients-connected" "$out"
run 0 stats --openmetrics && contains "ffanotif_clients 1" "$out" &&
	contains "# EOF" "$out"
# The simulator's session: only what it counts.
run 0 --sim stats && contains "coalesced" "$out"
checks=$((checks + 1))
case $out in *clients*) fail "--sim stats: clients: $out" ;; esac
run 0 --daemon info --json
checks=$((checks + 1))
[ "$(jq -r .backend <<<"$out")" = daemon ] || fail "info --json: $out"
[ "$(jq -r .ffa_version <<<"$out")" = 1.1 ] || fail "info --json: $out"
[ "$(jq -r .provider <<<"$out")" = sim ] || fail "info --json: $out"
run 0 --sim info && contains "backend:        sim" "$out"
run 0 list && contains "0x8002  echo-percpu" "$out"
checks=$((checks + 1))
[ "$(wc -l <<<"$out")" -eq 4 ] || fail "list: $out"
run 0 list --json
checks=$((checks + 1))
[ "$(jq -s 'length' <<<"$out")" -eq 3 ] || fail "list --json: $out"
[ "$(jq -s -r '.[2].name' <<<"$out")" = doorbell ] || fail "list --json: $out"
[ "$(jq -s -r '.[2].receives_notifications' <<<"$out")" = false ] ||
	fail "list --json: $out"
# Who holds what is the kernel module's table: "not supported" elsewhere.
run 4 --sim list --bindings && contains "needs the kernel module" "$err"
run 4 --daemon list --bindings

# ---- send and get ----------------------------------------------------------
# ID 2 is configured: its echo waits in the daemon for a get.
run 0 send 0x8001 2
run 0 get 0x8001 0-3 && contains "0x8001 ids=2 global seq=1 dropped=0" "$out"
# Taken: nothing pending any more (5), with or without waiting.
run 5 get 0x8001 0-3
run 5 get --timeout 200ms 0x8001 0-3
run 0 send 0x8001 1,3
run 0 get --json 0x8001 0-3
checks=$((checks + 1))
[ "$(jq -c .ids <<<"$out")" = "[1,3]" ] || fail "get --json: $out"
[ "$(jq -r .sender <<<"$out")" = 0x8001 ] || fail "get --json: $out"
# Refused by the firmware (the doorbell takes nothing): denied, 3.
run 3 send 0x8003 1
# The event clock: the simulator's sessions take any; the daemon stamps
# with CLOCK_MONOTONIC only (unsupported, 4), which is also the default.
run 5 --sim get --clock boottime 0x8001 3
run 5 --sim get --clock realtime 0x8001 3
run 4 get --clock realtime 0x8001 0-3 && contains "CLOCK_MONOTONIC only" "$err"
run 5 get --clock monotonic 0x8001 0-3
# Per-vCPU on IDs bound global: the firmware's INVALID_PARAMETERS, 1.
run 1 send --per-vcpu 0x8001 3 && contains "Invalid argument" "$err"

# ---- monitor ---------------------------------------------------------------
# Its watch is in place once ID 10 is busy for another sender.  The probe
# (unbind binds, then releases) holds ID 10 for 0x8003 for a moment: a
# monitor whose watch comes in that moment gets EBUSY and exits, and is
# started again.
ready=0
for _ in $(seq 20); do
	"$notify" monitor -n 3 --json 0x8001 10-12 0x8003 60 >"$tmp/mon" 2>"$tmp/monerr" &
	mon=$!
	for _ in $(seq 100); do
		kill -0 "$mon" 2>/dev/null || break
		if ! "$notify" unbind 0x8003 10 >/dev/null 2>&1; then
			ready=1
			break
		fi
		sleep 0.05
	done
	[ $ready -eq 1 ] && break
	wait "$mon" 2>/dev/null
done
checks=$((checks + 1))
[ $ready -eq 1 ] || fail "monitor never watched 0x8001 ID 10: $(cat "$tmp/monerr")"
run 0 send 0x8001 10
run 0 send 0x8001 11,12
run 0 sim-ring 0x8003 60
wait "$mon"
status=$?
checks=$((checks + 1))
[ "$status" -eq 0 ] || fail "monitor -n 3 exited $status: $(cat "$tmp/monerr")"
checks=$((checks + 1))
[ "$(wc -l <"$tmp/mon")" -eq 3 ] || fail "monitor -n 3 printed: $(cat "$tmp/mon")"
checks=$((checks + 1))
jq -e -s '.[0].ids == [10] and (.[-1].sender == "0x8003") and
	(.[-1].ids == [60]) and (map(.dropped) | add) == 0' "$tmp/mon" \
	>/dev/null || fail "monitor --json: $(cat "$tmp/mon")"

# Idle: exits 0 with nothing printed.
run 0 monitor --idle-timeout 300ms 0x8001 20 && {
	checks=$((checks + 1))
	[ -z "$out" ] || fail "idle monitor printed: $out"
}
# SIGTERM ends it with 0.
"$notify" monitor 0x8001 21 >/dev/null 2>&1 &
mon=$!
handles "$mon" 15
kill -TERM "$mon"
wait "$mon"
status=$?
checks=$((checks + 1))
[ "$status" -eq 0 ] || fail "monitor after SIGTERM exited $status"

# ---- bind, unbind ------------------------------------------------------------
run 0 bind --hold-period 300ms 0x8001 30 && {
	contains "bound 0x8001 IDs 30" "$out"
	contains "released 0x8001 IDs 30; 0 events" "$out"
}
run 0 unbind 0x8001 31 && contains "released 0x8001 IDs 31" "$out"
# Held by bind: another sender cannot have ID 30 meanwhile.
"$notify" bind 0x8001 30 >/dev/null 2>&1 &
holder=$!
sleep 0.3
handles "$holder" 2
run 1 unbind 0x8003 30 && contains "Device or resource busy" "$err"
kill -INT "$holder"
wait "$holder"
status=$?
checks=$((checks + 1))
[ "$status" -eq 0 ] || fail "bind after SIGINT exited $status"
# --exclusive: held alone on the daemon too, a watcher of it busy (1)
# until it ends; a plain bind there is a watch, shared.
"$notify" bind --exclusive 0x8001 32 >"$tmp/holder" 2>&1 &
holder=$!
for _ in $(seq 100); do
	grep -q "bound 0x8001 IDs 32 exclusively" "$tmp/holder" && break
	sleep 0.05
done
contains "bound 0x8001 IDs 32 exclusively" "$(cat "$tmp/holder")"
run 1 get --timeout 100ms 0x8001 32 && contains "Device or resource busy" "$err"
run 1 bind --exclusive --hold-period 100ms 0x8001 32
kill -INT "$holder"
wait "$holder"
status=$?
checks=$((checks + 1))
[ "$status" -eq 0 ] || fail "bind --exclusive after SIGINT exited $status"
run 5 get --timeout 100ms 0x8001 32
run 2 unbind --exclusive 0x8001 32

# ---- policy: someone else --------------------------------------------------
# nobody may not be able to read the build tree (a build directory made
# by mktemp -d is 0700): it runs a copy of ffa-notify and its
# libffanotif in $tmp (0755), the library found as the loader finds it.
nobody_copy() {
	local lib
	mkdir -p "$tmp/nobody" || return 1
	cp "$notify" "$tmp/nobody/ffa-notify" || return 1
	lib=$(ldd "$notify" | awk '$1 == "libffanotif.so.1" { print $3 }')
	if [ -z "$lib" ] || [ ! -f "$lib" ]; then
		echo "ffa-notify: libffanotif.so.1 not found by ldd"
		return 1
	fi
	cp "$lib" "$tmp/nobody/" || return 1
	chmod -R a+rX "$tmp/nobody"
}
if [ "$(id -u)" -eq 0 ]; then
	as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups
		env LD_LIBRARY_PATH="$tmp/nobody")
	checks=$((checks + 1))
	if ! nobody_copy ||
		! "${as_nobody[@]}" "$tmp/nobody/ffa-notify" --version \
			>/dev/null 2>"$tmp/err"; then
		fail "uid 65534 cannot run a copy of ffa-notify in $tmp: $(cat "$tmp/err" 2>/dev/null)"
		as_nobody=()
	fi
fi
if [ "$(id -u)" -ne 0 ]; then
	fail "not root: cannot check the policy for another user"
elif [ ${#as_nobody[@]} -gt 0 ]; then
	notify_copy=$tmp/nobody/ffa-notify
	checks=$((checks + 1))
	"${as_nobody[@]}" "$notify_copy" send 0x8001 5 2>"$tmp/err"
	status=$?
	[ "$status" -eq 3 ] || fail "send as nobody exited $status, not 3"
	# The daemon's metrics are everyone's: not for nobody here.
	checks=$((checks + 1))
	"${as_nobody[@]}" "$notify_copy" stats >/dev/null 2>"$tmp/err"
	status=$?
	[ "$status" -eq 3 ] || fail "stats as nobody exited $status, not 3"
	grep -q "Permission denied" "$tmp/err" || fail "stats as nobody: $(cat "$tmp/err")"
	contains "Permission denied" "$(cat "$tmp/err")"
	checks=$((checks + 1))
	"${as_nobody[@]}" "$notify_copy" get --timeout 100ms 0x8001 8 2>"$tmp/err"
	status=$?
	[ "$status" -eq 5 ] || fail "get of an allowed ID as nobody exited $status, not 5"
	contains "uid 65534 gid 65534): ring 0x8001 IDs 5: denied by policy" \
		"$(cat "$tmp/log")"
fi

# ---- the daemon going away ---------------------------------------------------
"$notify" monitor 0x8001 22 >/dev/null 2>"$tmp/monerr" &
mon=$!
sleep 0.3
kill -TERM "$daemon_pid"
wait "$daemon_pid"
status=$?
daemon_pid=
checks=$((checks + 1))
[ "$status" -eq 0 ] || fail "ffa-notifd exited $status on SIGTERM"
wait "$mon"
status=$?
checks=$((checks + 1))
[ "$status" -eq 1 ] || fail "monitor exited $status when the daemon went"
contains "went away" "$(cat "$tmp/monerr")"
run 1 --daemon info && contains "is ffa-notifd running?" "$err"
# No device and no daemon: auto is an error, never the simulator.
export FFANOTIF_DEVICE=$tmp/no-such-device
run 1 info && contains "cannot open backend 'auto': No such device" "$err" &&
	contains "--sim" "$err"
FFANOTIF_BACKEND=auto run 1 list
unset FFANOTIF_DEVICE

# ---- bash completion ---------------------------------------------------------
# shellcheck disable=SC1090
source "$completion"
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="${COMP_WORDS[*]}"
	COMPREPLY=()
	_ffa_notify
	echo "${COMPREPLY[*]}"
}
contains "monitor" "$(complete_words ffa-notify mo)"
contains "--idle-timeout" "$(complete_words ffa-notify monitor --id)"
contains "daemon" "$(complete_words ffa-notify --backend "")"
contains "--per-vcpu" "$(complete_words ffa-notify send --per)"
contains "stats" "$(complete_words ffa-notify st)"
contains "--openmetrics" "$(complete_words ffa-notify stats --o)"

echo "cli: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
