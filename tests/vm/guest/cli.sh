#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# ffa-notify and ffa-notifd on the device backend, inside the booted
# kernel: run by suite.sh with ffa_notif.ko loaded (sim backend), the tools
# built by tests/vm/run.sh in /suite/bin.  The same commands as
# tests/test-cli.sh runs on the simulator, plus what only the kernel has:
# list and monitor through the module's generic netlink family, list
# --bindings, EBUSY between processes, the netlink monitor's permission,
# and ffa-notifd owning the device for unprivileged clients.
#
# Prints "cli: ok: ..." or "cli: FAIL: ..." per check; exits 1 if any
# failed.  busybox sh.

BIN=${BIN:-/suite/bin}
NOTIFY=$BIN/ffa-notify
NOTIFD=$BIN/ffa-notifd
T=$(mktemp -d /tmp/cli.XXXXXX) || exit 1
# The daemon's socket is in there, for an unprivileged client too.
chmod 755 "$T"
# An unprivileged user (tests/vm/guest/run-as.c).
NOBODY="$BIN/run-as 65534 65534"
checks=0
failures=0
bg=""

ok() {
	checks=$((checks + 1))
	echo "cli: ok: $*"
}

bad() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "cli: FAIL: $*"
}

cleanup() {
	for p in $bg; do
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT

# run WANT [env...] ARGS...: ffa-notify ARGS, expecting exit status WANT;
# its output in $out, its stderr in $err.
run() {
	want=$1
	shift
	out=$("$NOTIFY" "$@" 2>"$T/err")
	st=$?
	err=$(cat "$T/err")
	if [ "$st" -eq "$want" ]; then
		ok "ffa-notify $* -> $want"
		return 0
	fi
	bad "ffa-notify $* exited $st, not $want (stderr: $err)"
	return 1
}

# has WHAT TEXT: TEXT contains WHAT.
has() {
	case $2 in
	*"$1"*) ok "has '$1'" ;;
	*) bad "expected '$1' in: $2" ;;
	esac
}

hasnt() {
	case $2 in
	*"$1"*) bad "did not expect '$1' in: $2" ;;
	*) ok "has no '$1'" ;;
	esac
}

nap() {
	sleep 0.1 2>/dev/null || sleep 1
}

# until_ok CMD...: until CMD succeeds, for up to 10 s.
until_ok() {
	i=0
	while [ $i -lt 100 ]; do
		"$@" >/dev/null 2>&1 && return 0
		nap
		i=$((i + 1))
	done
	return 1
}

# bound SENDER ID: the module's binding table shows ID bound from SENDER.
bound() {
	"$NOTIFY" list --bindings --json |
		grep -q "\"id\":$2,\"sender\":\"$1\",\"state\":\"bound\""
}

unbound() {
	! "$NOTIFY" list --bindings --json | grep -q "\"id\":$1,"
}

# exited PID: the process is gone (reaped by wait, or a zombie no more).
gone() {
	! kill -0 "$1" 2>/dev/null
}

[ -x "$NOTIFY" ] || { echo "cli: FAIL: no $NOTIFY"; exit 1; }
[ -x "$NOTIFD" ] || { echo "cli: FAIL: no $NOTIFD"; exit 1; }

# ---- auto picks the device; info and list ---------------------------------
run 0 info && has "backend:        device" "$out" && has "provider:       sim" "$out"
run 0 info --json && has '"backend":"device"' "$out"
# The kernel's sim backend says which SPMC its model is.
has '"sim_personality":"hafnium"' "$out"
# list through netlink: partitions with their names, as the module has them.
run 0 list && has "0x8002  echo-percpu" "$out"
[ "$(echo "$out" | wc -l)" -eq 4 ] && ok "list: 3 partitions" || bad "list: $out"
run 0 --backend device list --json && has '"name":"doorbell"' "$out"
# Netlink needs no access to the device: an unprivileged user lists too.
out=$($NOBODY "$NOTIFY" --backend device list 2>&1)
st=$?
[ $st -eq 0 ] && ok "list as uid 65534 (netlink)" || bad "list as uid 65534: $st $out"
has "0x8001  echo" "$out"
# ...but cannot open /dev/ffa-notif (0600): denied, exit status 3.
out=$($NOBODY "$NOTIFY" --backend device info 2>&1)
[ $? -eq 3 ] && ok "info as uid 65534: denied (3)" || bad "info as uid 65534: $out"
run 0 list --bindings && [ "$(echo "$out" | wc -l)" -eq 1 ] &&
	ok "no bindings yet" || bad "bindings before any: $out"

# ---- send and get ------------------------------------------------------------
run 5 get 0x8001 5
# get --timeout waits: started first, rung once its binding shows.
"$NOTIFY" get --timeout 10s 0x8001 4 >"$T/get" 2>&1 &
g=$!
bg="$bg $g"
if until_ok bound 0x8001 4; then
	ok "get's binding is in the module's table"
	run 0 send 0x8001 4
else
	bad "get never bound ID 4"
fi
wait $g
st=$?
[ $st -eq 0 ] && ok "get --timeout received" || bad "get --timeout exited $st: $(cat "$T/get")"
has "0x8001 ids=4 global seq=1 dropped=0" "$(cat "$T/get")"
until_ok unbound 4 && ok "get's ID released at exit" || bad "ID 4 still bound"

# ---- bind held by a process: the table, EBUSY, release on kill -9 -----------------
"$NOTIFY" bind 0x8001 10-11 >"$T/bind" 2>&1 &
b=$!
bg="$bg $b"
if until_ok bound 0x8001 11; then
	ok "bind holds 10-11"
	run 0 list --bindings
	has "ffa-notify" "$out"
	line=$(echo "$out" | grep "^10 ")
	has " $b " "$line"
	run 0 list --bindings --json
	has "\"pid\":$b,\"comm\":\"ffa-notify\"" "$out"
	# Another process: the ID is someone else's.
	run 1 get 0x8001 10 && has "Device or resource busy" "$err"
else
	bad "bind never showed in the table: $(cat "$T/bind")"
fi
kill -9 $b
wait $b 2>/dev/null
until_ok unbound 10 && ok "kill -9 released 10" || bad "ID 10 bound after kill -9"
run 0 list --bindings
[ "$(echo "$out" | wc -l)" -eq 1 ] && ok "the table is empty" || bad "left: $out"

# ---- monitor through netlink ---------------------------------------------------------
# A holder of ID 6, so that the echo is delivered to a file.
"$NOTIFY" bind 0x8001 6 >/dev/null 2>&1 &
b=$!
bg="$bg $b"
until_ok bound 0x8001 6 || bad "bind 6 never showed"
# The monitor subscribes when it starts; nothing says when it has: ring
# until it has seen its events.  The filter keeps ID 7's out.
"$NOTIFY" monitor --json -n 2 0x8001 6 >"$T/mon" 2>"$T/mon.err" &
m=$!
bg="$bg $m"
i=0
while [ $i -lt 50 ] && ! gone $m; do
	"$NOTIFY" send 0x8001 7 >/dev/null 2>&1
	"$NOTIFY" send 0x8001 6 >/dev/null 2>&1
	nap
	i=$((i + 1))
done
gone $m && ok "monitor -n 2 ended" || bad "monitor -n 2 never ended"
wait $m
st=$?
[ $st -eq 0 ] && ok "monitor exit status 0" || bad "monitor exited $st: $(cat "$T/mon.err")"
mon=$(cat "$T/mon")
[ "$(echo "$mon" | wc -l)" -eq 2 ] && ok "two lines" || bad "monitor printed: $mon"
hasnt '"ids":[7]' "$mon"
has '"kind":"sent","timestamp_ns":' "$mon"
has '"sender":"0x0000","receiver":"0x8001","ids":[6]' "$mon"
# The one SET issued first is ours, then its echo reaches the holder.
"$NOTIFY" monitor -n 2 0x8001 6 >"$T/mon" 2>&1 &
m=$!
bg="$bg $m"
i=0
while [ $i -lt 50 ] && ! gone $m; do
	"$NOTIFY" send 0x8001 6 >/dev/null 2>&1
	nap
	i=$((i + 1))
done
wait $m
mon=$(cat "$T/mon")
has "delivered 0x8001->0x0000 ids=6 global pid=$b file=" "$mon"
kill -9 $b
wait $b 2>/dev/null
# The module's monitor is for CAP_SYS_ADMIN: denied (3), with the way out.
out=$($NOBODY "$NOTIFY" --backend device monitor -n 1 --idle-timeout 1s 2>&1)
[ $? -eq 3 ] && ok "monitor as uid 65534: denied (3)" || bad "monitor as uid 65534: $out"
has "CAP_SYS_ADMIN" "$out"
# --bind keeps the session kind of monitor on the device.
"$NOTIFY" monitor --bind -n 1 0x8001 8 >"$T/mon" 2>&1 &
m=$!
bg="$bg $m"
until_ok bound 0x8001 8 && run 0 send 0x8001 8
wait $m
has "0x8001 ids=8 global seq=1" "$(cat "$T/mon")"

# ---- ffa-notifd on the device -------------------------------------------------------
cat >"$T/fnd.conf" <<EOF
backend device
socket $T/fnd.sock
socket-mode 0666
bind 0x8001 0-3
allow all user:0 * *
allow watch user:65534 0x8001 0-3
EOF
"$NOTIFD" --config "$T/fnd.conf" 2>"$T/fnd.log" &
d=$!
bg="$bg $d"
export FFANOTIFD_SOCKET="$T/fnd.sock"
if until_ok "$NOTIFY" --daemon info; then
	ok "ffa-notifd up on the device"
else
	bad "ffa-notifd did not come up: $(cat "$T/fnd.log")"
fi
run 0 --daemon info && has "provider:       sim" "$out"
# Its configured bindings are the daemon's, in the module's table.
run 0 list --bindings
has "ffa-notifd" "$(echo "$out" | grep '^3 ')"
# Rung while nobody watches: kept in the daemon for the next get.
run 0 --daemon send 0x8001 2
i=0
until "$NOTIFY" --daemon get 0x8001 0-3 >"$T/dget" 2>&1 || [ $i -ge 50 ]; do
	nap
	i=$((i + 1))
done
has "0x8001 ids=2 global" "$(cat "$T/dget")"
# An unprivileged client, through the daemon: watch allowed, ring refused.
out=$(FFANOTIFD_SOCKET="$T/fnd.sock" $NOBODY "$NOTIFY" --daemon send 0x8001 1 2>&1)
[ $? -eq 3 ] && ok "uid 65534 may not ring (3)" || bad "uid 65534 send: $out"
FFANOTIFD_SOCKET="$T/fnd.sock" $NOBODY "$NOTIFY" --daemon get --timeout 10s 0x8001 1 \
	>"$T/uget" 2>&1 &
g=$!
bg="$bg $g"
# Its watch is shared: ring until it has what it waited for.
i=0
while [ $i -lt 50 ] && ! gone $g; do
	"$NOTIFY" --daemon send 0x8001 1 >/dev/null 2>&1
	nap
	i=$((i + 1))
done
wait $g
st=$?
[ $st -eq 0 ] && ok "uid 65534 got 1 through the daemon" || bad "uid 65534 get: $st $(cat "$T/uget")"
has "0x8001 ids=1 global" "$(cat "$T/uget")"
out=$(FFANOTIFD_SOCKET="$T/fnd.sock" $NOBODY "$NOTIFY" --daemon get 0x8001 9 2>&1)
[ $? -eq 3 ] && ok "uid 65534 may not watch 9 (3)" || bad "uid 65534 get 9: $out"
run 4 --daemon list --bindings
# The daemon killed: the module releases what it held.
kill -9 $d
wait $d 2>/dev/null
until_ok unbound 3 && ok "kill -9 of ffa-notifd released its bindings" ||
	bad "ffa-notifd's bindings outlived it"
unset FFANOTIFD_SOCKET

echo "cli: $checks checks, $failures failed"
[ $failures -eq 0 ]
