#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# Install what building and testing ffa-notif needs on Debian 12, if it is
# missing: `scripts/deps.sh demo` for the demo, `scripts/deps.sh test` for
# the whole test suite, `scripts/deps.sh debian` for the packages and
# their boot, `scripts/deps.sh optee` for building TF-A + OP-TEE
# and booting on them (tests/optee/, which installs the same itself).
# Uses apt-get as root, or through sudo.
set -euo pipefail

demo_pkgs=(meson ninja-build gcc pkg-config libc6-dev linux-libc-dev libnl-genl-3-dev)
# libclang-rt-14-dev: clang's sanitizer runtimes and libFuzzer (fuzz/).
test_pkgs=("${demo_pkgs[@]}" clang libclang-rt-14-dev libcmocka-dev
	cppcheck clang-format)

# ffa-notifd needs libevent, in every build.  Its tests check the systemd
# units with systemd-analyze (systemd), the CLI's JSON with jq, the man
# pages with groff, and drop to other users with setpriv (util-linux).
demo_pkgs+=(libevent-dev)
test_pkgs+=(libevent-dev systemd jq groff-base util-linux)
# ffa-notifd speaks sd_notify, sd_listen_fds, the watchdog and the
# journal's native protocol through libsystemd (-Dsystemd=auto finds it;
# -Dsystemd=disabled builds without it).
demo_pkgs+=(libsystemd-dev)
test_pkgs+=(libsystemd-dev)
# tests/test-metrics.sh reads the daemon's metrics with Prometheus' own
# parsers (OpenMetrics, and the text format node_exporter reads).
test_pkgs+=(python3-prometheus-client)
# tests: scripts/count-daemon-syscalls.sh counts the daemon's calls with strace.
test_pkgs+=(strace)
# The Python binding (bindings/python), built and tested for Debian's
# interpreter: its headers (python3-dev pulls python3).
test_pkgs+=(python3-dev)

# tests/optee: TF-A and OP-TEE OS from Debian's source packages (fetched
# under an apt configuration of their own; dpkg-source unpacks them), built
# with Debian's cross compiler; OP-TEE's scripts need Debian's python3 with
# pyelftools and cryptography, TF-A's fiptool libssl; dtc and QEMU boot.
# Keep in step with optee_pkgs in tests/optee/build-fw.sh.
optee_pkgs=(make gcc libc6-dev gcc-aarch64-linux-gnu python3-pyelftools python3-cryptography
	device-tree-compiler qemu-system-arm libssl-dev dpkg-dev xz-utils cpio gzip)

# scripts/build-debs.sh and tests/debian/: the packages' build
# (debian/control's Build-Depends), lintian, and a Debian system made with
# mmdebstrap, put on an ext4 image without mounting it (mke2fs -d), booted
# with QEMU.
debian_pkgs=(dpkg-dev debhelper dh-dkms fakeroot lintian meson ninja-build pkgconf
	libevent-dev libnl-genl-3-dev libsystemd-dev mmdebstrap e2fsprogs qemu-system-x86)

case "${1:-}" in
demo) want=("${demo_pkgs[@]}") ;;
test) want=("${test_pkgs[@]}") ;;
optee) want=("${optee_pkgs[@]}") ;;
debian) want=("${debian_pkgs[@]}") ;;
*) echo "usage: $0 demo|test|optee|debian" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
	sudo=()
elif command -v sudo >/dev/null; then
	sudo=(sudo)
else
	echo "$0: need root (or sudo) to install: ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
