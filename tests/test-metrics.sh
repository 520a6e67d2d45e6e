#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The daemon's metrics read by the parsers Prometheus' own Python client
# ships (Debian's python3-prometheus-client), not by patterns of ours:
# `ffa-notify stats --openmetrics` through the OpenMetrics parser, the
# daemon's --metrics-file through the Prometheus text-format parser
# node_exporter's textfile collector speaks; values checked against what
# was done (N notifications rung and received: N delivered, for their
# sender and ID; a kept one; a refusal), the file written whole (0644,
# no temporary left) and removed at exit.  A missing parser fails.
#
# Usage: test-metrics.sh FFA-NOTIFD FFA-NOTIFY PYTHON3
set -euo pipefail
notifd=$1
notify=$2
python=$3
n=5

tmp=$(mktemp -d /tmp/ffa-notif-metrics.XXXXXX)
chmod 0755 "$tmp"
daemon_pid=
# shellcheck source=tests/daemon-lib.sh
. "$(dirname "$0")/daemon-lib.sh"
cleanup() {
	[ -z "$daemon_pid" ] || kill -TERM "$daemon_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}

"$python" -c 'import prometheus_client.openmetrics.parser, prometheus_client.parser' ||
	fail "no prometheus_client parser for $python (python3-prometheus-client)"

sock=$tmp/sock
prom=$tmp/textfile/ffa-notifd.prom
mkdir "$tmp/textfile"
cat >"$tmp/conf" <<CONF
backend sim
socket $sock
socket-mode 0666
bind 0x8001 0-3
allow watch,bind,ring,sim-ring user:0 0x8001 *
allow metrics user:0 * *
metrics-interval 3600
CONF
# The command line's interval and file over the configuration's.
start_daemon "$notifd" "$sock" "$tmp/log" --config "$tmp/conf" \
	--metrics-file "$prom" --metrics-interval 1 || fail "the daemon did not start"
export FFANOTIFD_SOCKET=$sock

# N rung on ID 5 (the echo partition rings them back) and received.
"$notify" monitor -n "$n" 0x8001 5 >"$tmp/monitor" &
mon=$!
for _ in $(seq 100); do
	"$notify" stats | grep -q '^clients  *2$' && break
	sleep 0.05
done
for _ in $(seq "$n"); do
	"$notify" send 0x8001 5
done
wait "$mon" || fail "monitor exited $?"
[ "$(wc -l <"$tmp/monitor")" -eq "$n" ] || fail "monitor: $(cat "$tmp/monitor")"
# One for a configured ID nobody watches: kept.
"$notify" send 0x8001 2
# One refused: the policy lets us ring 0x8001 only.
status=0
"$notify" send 0x8002 5 2>/dev/null || status=$?
[ "$status" -eq 3 ] || fail "send to 0x8002 exited $status, not 3"

"$notify" stats --openmetrics >"$tmp/openmetrics" || fail "stats --openmetrics"
# The file, written since all of that (every second).
sleep 2.2
cp "$prom" "$tmp/textfile.copy" || fail "no $prom"
[ "$(stat -c %a "$prom")" = 644 ] || fail "$prom mode $(stat -c %a "$prom")"
[ "$(ls -A "$tmp/textfile")" = ffa-notifd.prom ] ||
	fail "left in the directory: $(ls -A "$tmp/textfile")"

"$python" - "$tmp/openmetrics" "$tmp/textfile.copy" "$n" <<'PY'
import sys
from prometheus_client.openmetrics.parser import \
    text_string_to_metric_families as openmetrics
from prometheus_client.parser import text_string_to_metric_families as text

n = int(sys.argv[3])
bad = []

def samples(families):
    out = {}
    for f in families:
        for s in f.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = (f.type, s.value)
    return out

def check(what, got, eof):
    def val(name, **labels):
        return got.get((name, tuple(sorted(labels.items()))), (None, None))
    want = {
        ("ffanotif_notifications_delivered_total", ()): n,
        ("ffanotif_notifications_kept_total", ()): 1,
        ("ffanotif_requests_denied_total", ()): 1,
        ("ffanotif_notifications_dropped_total", ()): 0,
        ("ffanotif_notifications_coalesced_total", ()): 0,
        ("ffanotif_backend_errors_total", ()): 0,
        ("ffanotif_id_delivered_total",
         (("id", "5"), ("sender", "0x8001"))): n,
        ("ffanotif_id_dropped_total",
         (("id", "5"), ("sender", "0x8001"))): 0,
    }
    for (name, labels), v in want.items():
        typ, got_v = got.get((name, labels), (None, None))
        if got_v != v or typ != "counter":
            bad.append("%s: %s%s = %r (%r), not %r counter" %
                       (what, name, dict(labels), got_v, typ, v))
    typ, clients = val("ffanotif_clients")
    if typ != "gauge" or clients is None or clients < 0:
        bad.append("%s: ffanotif_clients %r %r" % (what, typ, clients))
    # Clients: the monitor, the sends, the refused one, stats itself.
    typ, total = val("ffanotif_clients_connected_total")
    if typ != "counter" or total is None or total < n + 4:
        bad.append("%s: clients_connected_total %r" % (what, total))
    # The simulator has no module: no SRI or firmware counts.
    for name in ("ffanotif_sri_total", "ffanotif_firmware_errors_total"):
        if val(name)[1] is not None:
            bad.append("%s: %s on the simulator" % (what, name))
    for (name, labels) in got:
        if not name.startswith("ffanotif_"):
            bad.append("%s: %s" % (what, name))

om = open(sys.argv[1]).read()
if not om.endswith("# EOF\n"):
    bad.append("openmetrics: does not end with # EOF")
check("openmetrics", samples(openmetrics(om)), True)
tf = open(sys.argv[2]).read()
if "# EOF" in tf:
    bad.append("textfile: # EOF is OpenMetrics, not the 0.0.4 format")
check("textfile", samples(text(tf)), False)
# The humans' stats say the same.
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY

# The same numbers for people.
out=$("$notify" stats)
echo "$out" | grep -qx "delivered  *$n" || fail "stats: $out"
echo "$out" | grep -Eq "^0x8001  +5 +$n +0 +0$" || fail "stats, the series: $out"

# Without the daemon, the simulator's session: what it counts, parsed.
"$notify" --sim stats --openmetrics >"$tmp/sim" || fail "--sim stats"
"$python" - "$tmp/sim" <<'PY'
import sys
from prometheus_client.openmetrics.parser import \
    text_string_to_metric_families as openmetrics
names = sorted(f.name for f in openmetrics(open(sys.argv[1]).read()))
want = ["ffanotif_notifications_coalesced", "ffanotif_notifications_dropped"]
if names != want:
    print("FAIL: --sim stats families %r, not %r" % (names, want))
    sys.exit(1)
PY

# Stopped: the file goes with the daemon.
kill -TERM "$daemon_pid"
wait "$daemon_pid" || fail "the daemon exited $?"
daemon_pid=
[ ! -e "$prom" ] || fail "$prom left after the daemon stopped"
echo "metrics: ok"
