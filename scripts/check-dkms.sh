#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The DKMS configuration users install (kernel/dkms/) must build the module
# for Debian's packaged kernels: `dkms build` against the 6.12 and 6.1
# cloud kernels whose headers the tests/vm steps installed, then the
# registration is removed again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dkms >/dev/null; then
	echo "Installing: dkms"
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends dkms >/dev/null
fi

version=$(sed -n "s/^ *version : '\([^']*\)'.*/\1/p" meson.build | head -1)
built=0
for glob in '6.12.*-cloud-amd64' '6.1.*-cloud-amd64'; do
	kver=$(for d in /lib/modules/$glob; do
		[ -e "$d/build/Makefile" ] && basename "$d"
	done | sort -V | tail -n 1)
	if [ -z "$kver" ]; then
		echo "check-dkms: no headers for $glob (the tests/vm steps install them)" >&2
		exit 1
	fi
	echo "== dkms build for $kver"
	kernel/dkms/install.sh --no-install "$kver"
	ko=$(find "/var/lib/dkms/ffa-notif/$version/$kver" -name 'ffa_notif.ko*' | head -n 1)
	[ -n "$ko" ] || { echo "check-dkms: no module built for $kver" >&2; exit 1; }
	built=$((built + 1))
done
dkms remove -m ffa-notif -v "$version" --all >/dev/null
rm -rf "/usr/src/ffa-notif-$version"
echo "check-dkms: built for $built kernels"
