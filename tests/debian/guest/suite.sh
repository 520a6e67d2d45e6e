#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The guest suite of tests/debian/run.sh, run by ffa-notif-systest.service
# once the booted Debian system is up: the packages in /root/debs
# installed with apt (DKMS builds the module here), then used the way the
# README's Install section says, by root, by alice (in group ffa-notif)
# and by mallory (outside it), under the real systemd, udev and journald;
# last, apt remove and purge must leave nothing behind.  Each step prints
# PASS or FAIL (tests/vm/guest/lib.sh); the last line is the verdict
# tests/vm/run.sh's boot() reads.

TAG=deb-suite
TMO=600
# shellcheck source=tests/vm/guest/lib.sh
. /root/suite/lib.sh

NOTIFY=/usr/bin/ffa-notify
DEBS=/root/debs
kver=$(uname -r)
T=$(mktemp -d)
bg=""

# show FILE: a file's lines under the step that made it.
show() {
	sed "s/^/$TAG: | /" "$1"
}

# as USER CMD...: CMD as USER, with a login's groups (runuser: no PAM
# password, initgroups from /etc/group).
as() {
	u=$1
	shift
	runuser -u "$u" -- "$@"
}

# unit_prop UNIT PROP: one property of a unit, as systemctl shows it.
unit_prop() {
	systemctl show -P "$2" "$1"
}

# is_state UNIT STATE: systemctl is-active prints STATE.
is_state() {
	[ "$(systemctl is-active "$1")" = "$2" ]
}

# gone PID: the process has exited.
gone() {
	! kill -0 "$1" 2>/dev/null
}

# lines FILE PATTERN: how many lines of FILE match PATTERN.
lines() {
	grep -c -- "$2" "$1" 2>/dev/null || true
}

echo "$TAG: Debian $(cat /etc/debian_version), kernel $kver, $(systemctl --version | head -n 1)"
check "PID 1 is systemd" [ "$(cat /proc/1/comm)" = systemd ]
check "udev is running" is_state systemd-udevd.service active
check "journald is running" is_state systemd-journald.service active

# ---- apt install ---------------------------------------------------------------
# No network (QEMU gives the guest no NIC): every dependency is in the
# image already, so apt installs from the files alone or fails.
t0=$(date +%s)
if apt-get install -y "$DEBS"/*.deb >"$T/apt.log" 2>&1; then
	pass "apt-get install ./*.deb ($(($(date +%s) - t0))s, DKMS build included)"
else
	fail "apt-get install ./*.deb"
	tail -n 40 "$T/apt.log" | sed "s/^/$TAG: | /"
fi
grep -E "^(Setting up|Building|DKMS)" "$T/apt.log" | show /dev/stdin
dkms status ffa-notif >"$T/dkms" 2>&1
show "$T/dkms"
if grep -q "$kver.*: installed" "$T/dkms"; then
	pass "DKMS: ffa-notif built and installed for $kver"
else
	fail "DKMS: ffa-notif built and installed for $kver"
	tail -n 40 "$T/apt.log" | show /dev/stdin
fi
ko=$(modinfo -F filename ffa_notif 2>/dev/null)
echo "$TAG: module: $ko"
check "the module is DKMS's, for the running kernel" \
	sh -c "case '$ko' in /lib/modules/$kver/updates/dkms/ffa_notif.ko*) true ;; *) false ;; esac"
check "group ffa-notif exists (sysusers.d)" getent group ffa-notif
check "user ffa-notifd exists, in group ffa-notif" \
	sh -c "id -nG ffa-notifd | grep -qw ffa-notif"
check "ffa-notifd.socket enabled" [ "$(systemctl is-enabled ffa-notifd.socket)" = enabled ]
check "ffa-notifd.socket active" is_state ffa-notifd.socket active
check "ffa-notifd.service inactive before any device or client" \
	is_state ffa-notifd.service inactive
check "the socket is root:ffa-notif 0660" \
	[ "$(stat -c '%U:%G %a' /run/ffa-notifd/ffa-notifd.sock)" = "root:ffa-notif 660" ]

# ---- the module, udev, and the daemon started by udev ------------------------------
useradd -m -G ffa-notif alice
useradd -m mallory
alice_uid=$(id -u alice)
check "modprobe ffa_notif backend=sim" modprobe ffa_notif backend=sim
udevadm settle
check "udev made /dev/ffa-notif" test -c /dev/ffa-notif
check "/dev/ffa-notif is root:ffa-notif 0660 (60-ffa-notif.rules)" \
	[ "$(stat -c '%U:%G %a' /dev/ffa-notif)" = "root:ffa-notif 660" ]
# Nobody has connected: the udev rule's SYSTEMD_WANTS started it.
if wait_for is_state ffa-notifd.service active; then
	pass "udev started ffa-notifd.service"
else
	fail "udev started ffa-notifd.service ($(systemctl is-active ffa-notifd.service))"
	journalctl -b -u ffa-notifd.service --no-pager | tail -n 30 | show /dev/stdin
fi
# Type=notify: active means systemd had READY=1.
check "Type=notify" [ "$(unit_prop ffa-notifd.service Type)" = notify ]
status=$(unit_prop ffa-notifd.service StatusText)
echo "$TAG: StatusText: $status"
check "STATUS= seen by systemd (backend device)" \
	sh -c "echo '$status' | grep -q 'backend device'"
check "WatchdogSec=30s" [ "$(unit_prop ffa-notifd.service WatchdogUSec)" = 30s ]

# The watchdog, both ways: with WatchdogSec=2s the daemon lives on for 8 s
# (its pings arrive), and stopped with SIGSTOP it is killed by the
# watchdog and restarted.
mkdir -p /run/systemd/system/ffa-notifd.service.d
printf '[Service]\nWatchdogSec=2s\nTimeoutAbortSec=2s\n' \
	>/run/systemd/system/ffa-notifd.service.d/watchdog.conf
systemctl daemon-reload
systemctl restart ffa-notifd.service
pid=$(unit_prop ffa-notifd.service MainPID)
check "a daemon runs (MainPID $pid)" [ "$pid" -gt 1 ]
sleep 8
check "watchdog 2s: the same daemon after 8 s (pings arrive)" \
	[ "$(unit_prop ffa-notifd.service MainPID)" = "$pid" ]
check "... and no restart" [ "$(unit_prop ffa-notifd.service NRestarts)" = 0 ]
kill -STOP "$pid"
if wait_for sh -c "[ \"\$(systemctl show -P NRestarts ffa-notifd.service)\" = 1 ]" ||
	wait_for sh -c "[ \"\$(systemctl show -P NRestarts ffa-notifd.service)\" = 1 ]"; then
	pass "a stopped daemon is killed by the watchdog and restarted"
else
	fail "a stopped daemon is killed by the watchdog and restarted"
fi
check "the journal says it was the watchdog" \
	sh -c "journalctl -b -u ffa-notifd.service --no-pager | grep -q 'Watchdog timeout'"
rm -r /run/systemd/system/ffa-notifd.service.d
systemctl daemon-reload
systemctl restart ffa-notifd.service
check "ffa-notifd active again, WatchdogSec=30s" \
	sh -c "[ \"\$(systemctl is-active ffa-notifd.service)\" = active ] &&
		[ \"\$(systemctl show -P WatchdogUSec ffa-notifd.service)\" = 30s ]"

# ---- an unprivileged user in ffa-notif: the daemon and the device ------------------
# The daemon on the device backend lists partitions: the module's netlink
# family, reached under the unit's sandbox.
on="runuser -u alice --" notify 0 --daemon list && has "0x8001  echo"
on="runuser -u alice --" notify 0 --daemon info && has "provider: *sim"
# echoed USER BACKEND-OPTION OUT CMD...: USER runs ffa-notify
# BACKEND-OPTION CMD into OUT (a get or monitor of 0x8001's ID N, N its
# last word), and rings ID N until it has ended: the echo partition rings
# each back.
echoed() {
	u=$1 be=$2 out=$3
	shift 3
	as "$u" "$NOTIFY" "$be" "$@" >"$out" 2>&1 &
	w=$!
	i=0
	while [ $i -lt 100 ] && ! gone $w; do
		as "$u" "$NOTIFY" "$be" send 0x8001 "${*: -1}" >/dev/null 2>&1
		nap
		i=$((i + 1))
	done
	wait $w
	show "$out"
}
echoed alice --daemon "$T/get" get --timeout 20s 0x8001 4
check "alice: get through the daemon received the echo of 4" grep -q "0x8001 ids=4" "$T/get"
echoed alice --daemon "$T/mon1" monitor -n 1 0x8001 5
check "alice: monitor through the daemon saw 5" grep -q "ids=5" "$T/mon1"
# Directly on /dev/ffa-notif (mode 0660, group ffa-notif).
on="runuser -u alice --" notify 0 --backend device info && has "backend: *device"
on="runuser -u alice --" notify 0 --backend device list && has "0x8001  echo"
echoed alice --backend=device "$T/dget" get --timeout 20s 0x8001 6
check "alice: get on the device received the echo of 6" grep -q "0x8001 ids=6" "$T/dget"

# The daemon's metrics, in OpenMetrics text, read by Prometheus's own
# parser (python3-prometheus-client): the sends above were delivered.
as alice "$NOTIFY" --daemon stats --openmetrics >"$T/metrics" 2>&1
check "alice: ffa-notify stats --openmetrics through the daemon" grep -q '^# EOF' "$T/metrics"
check "the OpenMetrics text parses; deliveries and the module's SRIs counted" python3 -c '
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
fams = {f.name: f for f in text_string_to_metric_families(open(sys.argv[1]).read())}
def total(name):
    return [s.value for s in fams[name].samples if s.name.endswith("_total")] if name in fams else []
d, sri = total("ffanotif_notifications_delivered"), total("ffanotif_sri")
print("deb-suite: | delivered:", d, "SRIs (the module):", sri,
      "clients:", [s.value for s in fams["ffanotif_clients"].samples])
sys.exit(0 if d and d[0] >= 2 and sri and sri[0] >= 2 else 1)
' "$T/metrics"

# ---- a user outside ffa-notif: refused, exit status 3 ----------------------------------
on="runuser -u mallory --" notify 3 --daemon list
on="runuser -u mallory --" notify 3 --backend device info
on="runuser -u mallory --" notify 3 --daemon send 0x8001 1

# ---- systemctl reload: a policy change, applied when it returns, no client lost ----
# A client that stays: alice's monitor of 7, from here to the end.
as alice "$NOTIFY" --daemon monitor 0x8001 7 >"$T/mon" 2>&1 &
mon=$!
bg="$bg $mon"
wait_for sh -c "systemctl show -P StatusText ffa-notifd.service | grep -q '^1 clients'" ||
	echo "$TAG: note: StatusText does not show the monitor: $(unit_prop ffa-notifd.service StatusText)"
pid=$(unit_prop ffa-notifd.service MainPID)
cp /etc/ffa-notifd.conf "$T/conf.orig"
watch_only() {
	cat >/etc/ffa-notifd.conf <<EOF
backend device
allow all user:root * *
allow watch group:ffa-notif * *
EOF
}
reload_ok=1
# reload_then_send WANT WHAT: systemctl reload, then at once alice's send
# of 7, which must exit WANT.
reload_then_send() {
	systemctl reload ffa-notifd.service || reload_ok=0
	as alice "$NOTIFY" --daemon send 0x8001 7 >/dev/null 2>&1
	st=$?
	[ $st -eq "$1" ] || {
		reload_ok=0
		echo "$TAG: round $round: send right after the reload $2 exited $st, not $1"
	}
}
for round in 1 2 3; do
	watch_only
	reload_then_send 3 "to watch-only"
	cp "$T/conf.orig" /etc/ffa-notifd.conf
	reload_then_send 0 "back"
done
check "systemctl reload: each policy change in force when it returns (3 rounds each way)" \
	[ $reload_ok -eq 1 ]
check "reload: the same daemon" [ "$(unit_prop ffa-notifd.service MainPID)" = "$pid" ]
check "reload: the monitor still runs" kill -0 $mon
wait_for sh -c "[ \$(grep -c 'ids=7' '$T/mon') -ge 3 ]"
check "reload: the monitor received the 3 sends allowed ($(lines "$T/mon" 'ids=7') lines)" \
	[ "$(lines "$T/mon" 'ids=7')" -ge 3 ]
# A configuration with an error is refused, systemctl reload says so
# (ExecReload= is ffa-notifd --reload), and the old one stays.
echo "allow everything-please" >>/etc/ffa-notifd.conf
systemctl reload ffa-notifd.service >"$T/bad" 2>&1
st=$?
cp "$T/conf.orig" /etc/ffa-notifd.conf
check "systemctl reload of a bad configuration fails (exit $st)" [ $st -ne 0 ]
check "... the daemon runs on, the same one" \
	sh -c "[ \"\$(systemctl show -P MainPID ffa-notifd.service)\" = $pid ]"
on="runuser -u alice --" notify 0 --daemon send 0x8001 7

# ---- systemctl restart: the client reconnects ------------------------------------
before=$(lines "$T/mon" 'ids=7')
systemctl restart ffa-notifd.service
check "restart: a new daemon" [ "$(unit_prop ffa-notifd.service MainPID)" != "$pid" ]
i=0
while [ $i -lt 100 ] && [ "$(lines "$T/mon" 'ids=7')" -le "$before" ]; do
	as alice "$NOTIFY" --daemon send 0x8001 7 >/dev/null 2>&1
	nap
	i=$((i + 1))
done
check "restart: the monitor is still running" kill -0 $mon
check "restart: it reconnected and receives again" \
	[ "$(lines "$T/mon" 'ids=7')" -gt "$before" ]
show "$T/mon"
# $mon is the subshell of "as"; the monitor is its runuser's child.
pkill -TERM -u alice -x ffa-notify
wait $mon 2>/dev/null
check "alice's monitor ended by SIGTERM" wait_for sh -c "! pgrep -u alice -x ffa-notify"

# ---- the socket activates it -----------------------------------------------------
systemctl stop ffa-notifd.service 2>/dev/null
svc=$(systemctl is-active ffa-notifd.service)
sock=$(systemctl is-active ffa-notifd.socket)
check "stopped: ffa-notifd.service $svc (inactive), the socket $sock (active)" \
	test "$svc" = inactive -a "$sock" = active
[ "$svc" = inactive ] ||
	journalctl -b -u ffa-notifd.service --no-pager | tail -n 15 | show /dev/stdin
on="runuser -u alice --" notify 0 --daemon info
check "the first connection started ffa-notifd.service (socket activation)" \
	is_state ffa-notifd.service active

# ---- systemd-analyze security ----------------------------------------------------
systemd-analyze security --no-pager ffa-notifd.service >"$T/sec" 2>&1
grep -v '^✓' "$T/sec" | show /dev/stdin
exposure=$(sed -n 's/.*Overall exposure level for ffa-notifd.service: \([0-9.]*\).*/\1/p' "$T/sec")
check "systemd-analyze security: exposure $exposure <= 2.5" \
	awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.5) }'

# ---- journald -------------------------------------------------------------------
journalctl -b -u ffa-notifd.service -o json --no-pager >"$T/journal.json"
check "journal: the daemon's lines have a PRIORITY" \
	sh -c "jq -e -s 'map(select(._COMM == \"ffa-notifd\" and .PRIORITY != null)) | length > 0' '$T/journal.json' >/dev/null"
check "journal: client lines carry the client's uid (FFA_NOTIF_CLIENT_UID=$alice_uid)" \
	sh -c "jq -e -s 'map(select(.FFA_NOTIF_CLIENT_UID == \"$alice_uid\")) | length > 0' '$T/journal.json' >/dev/null"
jq -r -s "map(select(.FFA_NOTIF_CLIENT_UID != null)) | .[:3][] |
	\"PRIORITY=\(.PRIORITY) FFA_NOTIF_CLIENT_UID=\(.FFA_NOTIF_CLIENT_UID) \(.MESSAGE)\"" \
	"$T/journal.json" 2>/dev/null | show /dev/stdin

# ---- apt remove, apt purge --------------------------------------------------------
leftovers() {
	{
		ls /lib/systemd/system/ffa-notifd.* /etc/systemd/system/*/ffa-notifd.* \
			/lib/udev/rules.d/*ffa-notif* /usr/lib/sysusers.d/ffa-notifd.conf \
			/usr/lib/tmpfiles.d/ffa-notifd.conf /usr/sbin/ffa-notifd /usr/bin/ffa-notify \
			/usr/src/ffa-notif-* /var/lib/dkms/ffa-notif /run/ffa-notifd 2>/dev/null
		find /lib/modules -name 'ffa_notif.ko*' 2>/dev/null
		[ -d /sys/module/ffa_notif ] && echo "module ffa_notif loaded"
		getent passwd ffa-notifd
		getent group ffa-notif
		systemctl list-unit-files --no-legend 'ffa-notifd*' 2>/dev/null
		[ "${1:-}" = purge ] && ls /etc/ffa-notifd.conf 2>/dev/null
	} | sort -u
}
pkgs=(ffa-notifd ffa-notify ffa-notif-dkms libffanotif-dev libffanotif1)
if apt-get remove -y "${pkgs[@]}" >"$T/remove.log" 2>&1; then
	pass "apt-get remove"
else
	fail "apt-get remove"
	tail -n 30 "$T/remove.log" | show /dev/stdin
fi
grep -i "ffa_notif\|dkms" "$T/remove.log" | show /dev/stdin
left=$(leftovers)
# What Debian keeps after remove, for a reinstall, and purge takes: the
# conffile and the record that the socket was enabled (a symlink to no
# unit any more: systemd ignores it).
check "remove: no unit, user, group, module or file left (but the conffile and enablement record)" \
	[ -z "$(echo "$left" | grep -v '^/etc/systemd/system/sockets.target.wants/ffa-notifd.socket$')" ]
[ -z "$left" ] || printf '%s\n' "$left" | sed "s/^/$TAG: left: /"
check "remove: the conffile stays until purge" test -f /etc/ffa-notifd.conf
check "remove: systemd knows no ffa-notifd unit" \
	sh -c "[ -z \"\$(systemctl list-unit-files --no-legend 'ffa-notifd*')\" ] &&
		! systemctl is-active -q ffa-notifd.socket"
# The packages left in dpkg's "rc" state (those with conffiles): apt
# purges them without any package list.
rc=$(dpkg -l "${pkgs[@]}" 2>/dev/null | awk '/^rc/ { print $2 }' | sed 's/:.*//')
echo "$TAG: left in state rc: $(echo "$rc" | tr "\n" " ")"
# shellcheck disable=SC2086 # one word a package
if apt-get purge -y $rc >"$T/purge.log" 2>&1; then
	pass "apt-get purge"
else
	fail "apt-get purge"
	tail -n 30 "$T/purge.log" | show /dev/stdin
fi
left=$(leftovers purge)
check "purge: nothing left, the conffile neither" [ -z "$left" ]
[ -z "$left" ] || printf '%s\n' "$left" | sed "s/^/$TAG: left: /"
check "purge: dpkg knows none of the packages" \
	sh -c "! dpkg -l ${pkgs[*]} 2>/dev/null | grep -q '^[a-z][a-z] '"

for p in $bg; do
	kill "$p" 2>/dev/null
done
finish
rc=$?
echo "VMTEST-RESULT: rc=$rc"
