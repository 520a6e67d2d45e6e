#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# ffa-notifd's systemd units as systemd reads them: `systemd-analyze
# verify` must accept them without a word (it only warns about unknown
# keys, so any output fails here), the service's exposure must stay at
# or below 1.0 ("SAFE"), and the sysusers and tmpfiles entries must apply
# to a scratch root.  ExecStart points at the build's daemon, since
# verify checks that it exists.
#
# Usage: verify-units.sh DATA-DIR FFA-NOTIFD
set -euo pipefail
data=$1
bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed "s|@sbindir@/ffa-notifd|$bin|" "$data/ffa-notifd.service.in" \
	>"$tmp/ffa-notifd.service"
cp "$data/ffa-notifd.socket" "$tmp/"
cd "$tmp"
out=$(systemd-analyze verify --man=no ./ffa-notifd.service \
	./ffa-notifd.socket 2>&1) || {
	echo "$out"
	exit 1
}
if [ -n "$out" ]; then
	echo "systemd-analyze verify said:"
	echo "$out"
	exit 1
fi
if ! systemd-analyze security --offline=yes --threshold=10 \
	./ffa-notifd.service >security.txt 2>&1; then
	tail -3 security.txt
	echo "ffa-notifd.service: exposure above 1.0"
	exit 1
fi
grep "Overall exposure level" security.txt

# What the device backend needs: netlink (the module's generic netlink
# family, in the host's network namespace), with every other line kept.
svc=ffa-notifd.service
want() {
	grep -qx "$1" "$svc" || {
		echo "$svc: missing the line '$1'"
		exit 1
	}
}
want 'RestrictAddressFamilies=AF_UNIX AF_NETLINK'
want 'Type=notify'
want "ExecReload=$bin --reload=\${MAINPID}"
want 'IPAddressDeny=any'
if grep -q '^PrivateNetwork=' "$svc"; then
	echo "$svc: PrivateNetwork= hides the module's netlink family"
	exit 1
fi
# The properties systemd loaded say the same.
props=$(systemd-analyze security --offline=yes ./"$svc" 2>&1)
grep -q '✗ RestrictAddressFamilies=~AF_NETLINK' <<<"$props" || {
	echo "$svc: AF_NETLINK not allowed as systemd reads it"
	exit 1
}
grep -q '✗ PrivateNetwork=' <<<"$props" || {
	echo "$svc: a private network namespace as systemd reads it"
	exit 1
}

mkdir -p root/etc
systemd-sysusers --root="$tmp/root" "$data/sysusers.conf" >/dev/null 2>&1
grep -q '^ffa-notifd:' root/etc/passwd
grep -q '^ffa-notif:x:[0-9]*:ffa-notifd$' root/etc/group
systemd-tmpfiles --root="$tmp/root" --create "$data/tmpfiles.conf"
uid=$(grep '^ffa-notifd:' root/etc/passwd | cut -d: -f3)
[ "$(stat -c %u:%a root/run/ffa-notifd)" = "$uid:755" ]
echo "units: ok"
