#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# ffa-notifd built with libsystemd, its stderr the journal: each line is
# an entry of journald's native protocol (sd_journal_sendv), with MESSAGE,
# PRIORITY, SYSLOG_IDENTIFIER=ffa-notifd, and for a line about a client
# FFA_NOTIF_CLIENT_UID, _GID, _PID (ffa-notifd(8), LOGGING).  journald is
# a receiver of our own: a private mount namespace (unshare, as root)
# with a tmpfs on /run holds /run/systemd/journal/socket, where a Python
# receiver keeps every datagram; $JOURNAL_STREAM names the daemon's
# stderr, as systemd sets it.  Nothing of the host's /run is touched.
#
# Usage: test-journal.sh FFA-NOTIFD FFA-NOTIFY PYTHON3
set -euo pipefail
notifd=$1
notify=$2
python=$3

if [ "${1:-}" != --inside ]; then
	[ "$(id -u)" -eq 0 ] || {
		echo "FAIL: needs root (unshare --mount)"
		exit 1
	}
	exec unshare --mount --propagation private "$0" --inside "$@"
fi
shift
notifd=$1
notify=$2
python=$3

tmp=$(mktemp -d /tmp/ffa-notif-journal.XXXXXX)
daemon_pid=
recv_pid=
# shellcheck source=tests/daemon-lib.sh
. "$(dirname "$0")/daemon-lib.sh"
cleanup() {
	[ -z "$daemon_pid" ] || kill -TERM "$daemon_pid" 2>/dev/null || true
	[ -z "$recv_pid" ] || kill -TERM "$recv_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
mount -t tmpfs tmpfs /run
mkdir -p /run/systemd/journal

# The receiver: one JSON object a line per entry (native protocol:
# KEY=value lines, or KEY, a 64-bit little-endian length, the value).
cat >"$tmp/recv.py" <<'PY'
import json, os, socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/run/systemd/journal/socket")
open(sys.argv[2], "w").close()
out = open(sys.argv[1], "a", buffering=1)
while True:
    data = s.recv(1 << 20)
    entry, i = {}, 0
    while i < len(data):
        nl = data.index(b"\n", i)
        line = data[i:nl]
        if b"=" in line:
            k, v = line.split(b"=", 1)
            i = nl + 1
        else:
            k = line
            (n,) = struct.unpack("<Q", data[nl + 1:nl + 9])
            v = data[nl + 9:nl + 9 + n]
            i = nl + 9 + n + 1
        entry[k.decode()] = v.decode()
    out.write(json.dumps(entry) + "\n")
PY
"$python" "$tmp/recv.py" "$tmp/entries" "$tmp/recv-ready" &
recv_pid=$!
until_exists -e "$tmp/recv-ready"
[ -S /run/systemd/journal/socket ] || {
	echo "FAIL: the receiver did not start"
	exit 1
}

sock=$tmp/sock
cat >"$tmp/conf" <<CONF
backend sim
socket $sock
socket-mode 0666
allow watch user:0 0x8001 0-3
CONF
exec 3>"$tmp/stderr"
JOURNAL_STREAM=$(stat -c '%d:%i' "$tmp/stderr") \
	"$notifd" --config "$tmp/conf" 2>&3 &
daemon_pid=$!
exec 3>&-
until_exists -S "$sock" || {
	cat "$tmp/stderr"
	echo "FAIL: the daemon did not start"
	exit 1
}
# A request the policy refuses: a NOTICE line about this client.
status=0
"$notify" --socket "$sock" --daemon send 0x8001 3 2>/dev/null || status=$?
[ "$status" -eq 3 ] || {
	echo "FAIL: ffa-notify send exited $status, not 3 (denied)"
	exit 1
}
for _ in $(seq 100); do
	grep -q 'denied by policy' "$tmp/entries" 2>/dev/null && break
	sleep 0.05
done

"$python" - "$tmp/entries" "$tmp/stderr" <<'PY'
import json, os, sys
entries = [json.loads(l) for l in open(sys.argv[1])]
bad = []
def one(pred, what):
    got = [e for e in entries if pred(e)]
    if len(got) != 1:
        bad.append("%d entries %s, not 1" % (len(got), what))
        return {}
    return got[0]
ready = one(lambda e: e.get("MESSAGE", "").startswith("ready"), "'ready'")
if ready and (ready.get("PRIORITY") != "6" or
              ready.get("SYSLOG_IDENTIFIER") != "ffa-notifd" or
              "FFA_NOTIF_CLIENT_UID" in ready):
    bad.append("the ready entry: %r" % ready)
denied = one(lambda e: "denied by policy" in e.get("MESSAGE", ""),
             "'denied by policy'")
if denied:
    want = {"PRIORITY": "5", "SYSLOG_IDENTIFIER": "ffa-notifd",
            "FFA_NOTIF_CLIENT_UID": str(os.getuid()),
            "FFA_NOTIF_CLIENT_GID": str(os.getgid())}
    for k, v in want.items():
        if denied.get(k) != v:
            bad.append("denied entry: %s=%r, not %r" % (k, denied.get(k), v))
    if not denied.get("FFA_NOTIF_CLIENT_PID", "").isdigit() or \
       not denied.get("FFA_NOTIF_CLIENT_SESSION", "").isdigit():
        bad.append("denied entry: no client pid or session: %r" % denied)
    if "pid %s " % denied.get("FFA_NOTIF_CLIENT_PID") not in denied["MESSAGE"]:
        bad.append("denied entry: its pid is not the message's: %r" % denied)
# What journald took is not on stderr as well.
err = open(sys.argv[2]).read()
if "denied by policy" in err or "ready" in err:
    bad.append("lines on stderr too: %r" % err)
for b in bad:
    print("FAIL:", b)
print("%d entries received, %d problems" % (len(entries), len(bad)))
sys.exit(1 if bad else 0)
PY
