#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# ffa-notifd --reload=PID, the unit's ExecReload=: it returns only once the
# daemon has applied the new configuration (a client right after it meets
# the new policy, every time), fails when the configuration is refused
# (the daemon keeps the old one and goes on serving), and refuses bad
# arguments.  The daemon runs on the simulator with RUNTIME_DIRECTORY set,
# as systemd sets it.
#
# Usage: test-reload.sh FFA-NOTIFD FFA-NOTIFY
set -uo pipefail

notifd=$1
notify=$2
tmp=$(mktemp -d /tmp/ffa-notifd-reload.XXXXXX)
export RUNTIME_DIRECTORY=$tmp/rt FFANOTIFD_SOCKET=$tmp/sock
mkdir "$RUNTIME_DIRECTORY"
daemon_pid=

# shellcheck source=tests/daemon-lib.sh
. "$(dirname "$0")/daemon-lib.sh"

cleanup() {
	stop_daemon
	rm -rf "$tmp"
}
trap cleanup EXIT

# expect STATUS WHAT CMD...: CMD exits STATUS.
expect() {
	local want=$1 what=$2 st
	shift 2
	checks=$((checks + 1))
	"$@" >"$tmp/out" 2>&1
	st=$?
	[ "$st" -eq "$want" ] || fail "$what: exit status $st, not $want ($(cat "$tmp/out"))"
}

# policy VERB: the configuration, root allowed VERB on everything.
policy() {
	printf 'backend sim\nsocket %s\nallow %s user:0 * *\n' \
		"$FFANOTIFD_SOCKET" "$1" >"$tmp/conf"
}

record() {
	cat "$RUNTIME_DIRECTORY/reload" 2>/dev/null
}

policy all
start_daemon "$notifd" "$FFANOTIFD_SOCKET" "$tmp/log" --config "$tmp/conf" || {
	echo "FAIL: the daemon did not start"
	exit 1
}
checks=$((checks + 1))
[ "$(record)" = "$daemon_pid 0 ok" ] || fail "record at start: '$(record)'"

# Each reload in force when --reload returns: a send right after it is
# refused (watch only) or allowed (all), ten reloads.
for round in 1 2 3 4 5; do
	policy watch
	expect 0 "round $round: --reload to watch-only" "$notifd" --reload="$daemon_pid"
	expect 3 "round $round: send right after the reload to watch-only" \
		"$notify" --daemon send 0x8001 1
	policy all
	expect 0 "round $round: --reload back to all" "$notifd" --reload="$daemon_pid"
	expect 0 "round $round: send right after the reload back" \
		"$notify" --daemon send 0x8001 1
done
checks=$((checks + 1))
[ "$(record)" = "$daemon_pid 10 ok" ] || fail "record after 10 reloads: '$(record)'"

# A configuration with an error: refused, said, the old one kept.
echo "allow everything-please" >>"$tmp/conf"
expect 1 "--reload of a bad configuration" "$notifd" --reload="$daemon_pid"
checks=$((checks + 1))
grep -q "refused" "$tmp/out" || fail "--reload did not say it was refused: $(cat "$tmp/out")"
checks=$((checks + 1))
[ "$(record)" = "$daemon_pid 11 failed" ] || fail "record after the refusal: '$(record)'"
expect 0 "the daemon goes on with the old policy" "$notify" --daemon send 0x8001 1
checks=$((checks + 1))
kill -0 "$daemon_pid" || fail "the daemon exited"

# Bad arguments, and no systemd.
expect 2 "--reload=abc" "$notifd" --reload=abc
expect 2 "--reload=1 (init is no daemon of ours)" "$notifd" --reload=1
expect 2 "--reload=PID extra" "$notifd" --reload="$daemon_pid" extra
expect 2 "--reload without RUNTIME_DIRECTORY" env -u RUNTIME_DIRECTORY \
	"$notifd" --reload="$daemon_pid"
sleep 0.1 &
gone=$!
wait $gone
expect 1 "--reload of a process that is gone" "$notifd" --reload="$gone"

echo "test-reload: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
