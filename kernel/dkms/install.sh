#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Register ffa_notif.ko with DKMS, build it and install it for one kernel
# (default: the running one), with the udev rule that gives the
# "ffa-notif" group access to /dev/ffa-notif.
#   kernel/dkms/install.sh [--no-install] [KERNEL_RELEASE]
# --no-install stops after `dkms build` (what the tests check).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
install=1
if [ "${1:-}" = "--no-install" ]; then
	install=0
	shift
fi
kver=${1:-$(uname -r)}
version=$(sed -n "s/^ *version : '\([^']*\)'.*/\1/p" "$top/meson.build" | head -1)
[ -n "$version" ] || { echo "$0: no version in meson.build" >&2; exit 1; }
src=/usr/src/ffa-notif-$version

command -v dkms >/dev/null || { echo "$0: dkms is not installed (apt-get install dkms)" >&2; exit 1; }
[ -d "/lib/modules/$kver/build" ] || {
	echo "$0: no headers for $kver (apt-get install linux-headers-$kver)" >&2
	exit 1
}

# Start from a clean copy: an older registration of the same version is
# replaced, never mixed with these sources.
if dkms status -m ffa-notif -v "$version" | grep -q .; then
	dkms remove -m ffa-notif -v "$version" --all >/dev/null
fi
rm -rf "$src"
mkdir -p "$src/include"
cp -r "$top/kernel" "$top/protocol" "$src/"
cp -r "$top/include/uapi" "$src/include/"
rm -f "$src"/kernel/*.o "$src"/kernel/*.ko "$src"/kernel/*.mod* "$src"/kernel/.*.cmd
sed "s/#MODULE_VERSION#/$version/" "$top/kernel/dkms/dkms.conf" >"$src/dkms.conf"

dkms add -m ffa-notif -v "$version"
dkms build -m ffa-notif -v "$version" -k "$kver"
if [ "$install" -eq 1 ]; then
	dkms install -m ffa-notif -v "$version" -k "$kver"
	install -D -m 0644 "$top/kernel/udev/60-ffa-notif.rules" \
		/etc/udev/rules.d/60-ffa-notif.rules
	getent group ffa-notif >/dev/null || groupadd --system ffa-notif
	echo "installed; load with: modprobe ffa_notif (backend=sim without FF-A firmware)"
fi
