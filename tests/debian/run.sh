#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The packages installed as users install them: a Debian 12 system made
# from Debian's archive, booted under QEMU (x86_64, TCG, Debian's 6.12
# cloud kernel) with systemd as PID 1 and udev running; inside it the
# guest suite (tests/debian/guest/suite.sh) installs the .debs with apt,
# which has DKMS build the module, and tries them as root, as a member of
# the ffa-notif group and as a user outside it, up to apt purge.
#   tests/debian/run.sh [DEBDIR]   (default build-deb/, made by
#                                   scripts/build-debs.sh if it is missing)
#
# The root filesystem is mmdebstrap's (a tarball, cached under
# build-vm/debian-rootfs/ keyed by its package list, suites and recipe);
# each run unpacks it, adds the packages and the suite, and makes an ext4
# image of it with mke2fs -d, so nothing is mounted on the host.  Nothing
# of the installed system's apt sources or packages changes (mmdebstrap
# takes its sources on its command line).  Environment: VMTEST_TIMEOUT
# (seconds the guest suite may take, default 900).
set -euo pipefail

deb_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/vm/run.sh
VMTEST_TIMEOUT=${VMTEST_TIMEOUT:-900} VMTEST_LIB=1 source "$deb_here/../vm/run.sh"

debs=$(realpath -m "${1:-$repo/build-deb}")

# What the guest has before our packages: systemd and udev, the kernel and
# its headers with DKMS and a compiler (the module is built in the guest,
# as on users' systems), every library our packages depend on (apt
# installs the .debs with no network), and what the suite uses.
rootfs_suite=bookworm
rootfs_mirrors=(
	"deb http://deb.debian.org/debian bookworm main"
	"deb http://deb.debian.org/debian bookworm-updates main"
	"deb http://deb.debian.org/debian-security bookworm-security main"
)
rootfs_pkgs=(systemd systemd-sysv udev dbus kmod initramfs-tools
	linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64
	dkms gcc make libc6-dev
	libevent-core-2.1-7 libnl-genl-3-200 libnl-3-200 libsystemd0
	passwd procps jq python3-prometheus-client)
# Bump when the way the root filesystem is made changes.
rootfs_recipe=1

# debian_rootfs: the cached tarball's path in rootfs_tar, made if missing.
debian_rootfs() {
	local key dir=$out/debian-rootfs tmp
	key=$( {
		echo "recipe $rootfs_recipe $rootfs_suite"
		printf '%s\n' "${rootfs_mirrors[@]}" "${rootfs_pkgs[@]}"
		dpkg-query -W -f='${Version}\n' mmdebstrap
	} | sha256sum | cut -c1-16)
	rootfs_tar=$dir/rootfs-$key.tar
	if [ -s "$rootfs_tar" ]; then
		log "root filesystem: cached ($rootfs_tar)"
		return 0
	fi
	log "root filesystem: mmdebstrap $rootfs_suite (${#rootfs_pkgs[@]} packages)"
	mkdir -p "$dir"
	rm -rf "$dir"/rootfs-*.tar "$dir"/partial.tar
	tmp=$dir/partial.tar
	# --variant=apt: the essential packages and apt, then ours.  The
	# hook leaves no apt lists behind: the guest installs from files.
	# shellcheck disable=SC2016 # $1 is the hook's, not ours
	mmdebstrap --quiet --format=tar --variant=apt --include="$(IFS=,; echo "${rootfs_pkgs[*]}")" \
		--customize-hook='rm -rf "$1"/var/lib/apt/lists/*' \
		"$rootfs_suite" "$tmp" "${rootfs_mirrors[@]}"
	mv "$tmp" "$rootfs_tar"
}

run_debian() {
	local root=$work/root img=$work/disk.img kver
	[ "$(dpkg --print-architecture)" = amd64 ] ||
		die "the Debian boot needs an amd64 host (this is $(dpkg --print-architecture))"
	log "packages"
	bash "$repo/scripts/deps.sh" debian
	if ! ls "$debs"/ffa-notifd_*.deb >/dev/null 2>&1; then
		log "no packages in $debs: scripts/build-debs.sh"
		"$repo/scripts/build-debs.sh" "$debs"
	fi
	debian_rootfs

	log "image: the root filesystem, the packages and the suite"
	rm -rf "$root" "$img"
	mkdir -p "$root"
	tar -xf "$rootfs_tar" -C "$root" --numeric-owner
	mkdir -p "$root/root/debs" "$root/root/suite"
	find "$debs" -maxdepth 1 -name '*.deb' ! -name '*-dbgsym_*' -exec cp {} "$root/root/debs/" \;
	cp "$repo/tests/vm/guest/lib.sh" "$deb_here/guest/suite.sh" "$root/root/suite/"
	chmod +x "$root/root/suite/suite.sh"
	cp "$deb_here/guest/ffa-notif-systest.service" "$root/etc/systemd/system/"
	ln -sf ../ffa-notif-systest.service \
		"$root/etc/systemd/system/multi-user.target.wants/ffa-notif-systest.service"
	# The console is the suite's: no login prompt on it.
	ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
	ln -sf /dev/null "$root/etc/systemd/system/getty@tty1.service"
	echo "/dev/vda / ext4 defaults 0 1" >"$root/etc/fstab"
	echo ffa-notif-test >"$root/etc/hostname"
	kver=$(find "$root/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
	if [ -z "$kver" ] || [ ! -f "$root/boot/vmlinuz-$kver" ] || [ ! -f "$root/boot/initrd.img-$kver" ]; then
		die "the root filesystem has no kernel and initrd"
	fi
	cp "$root/boot/vmlinuz-$kver" "$root/boot/initrd.img-$kver" "$work/"
	kdesc="Debian $rootfs_suite, kernel $kver"
	# Room for the module's build and the packages: 4 GiB, sparse.
	truncate -s 4G "$img"
	mke2fs -q -t ext4 -L root -d "$root" "$img"
	rm -rf "$root"

	boot "console=ttyS0 root=/dev/vda rw panic=-1 loglevel=4 systemd.show_status=0" \
		qemu-system-x86_64 "${qemu_common[@]}" -cpu max -m 2048 \
		-kernel "$work/vmlinuz-$kver" -initrd "$work/initrd.img-$kver" \
		-drive "file=$img,format=raw,if=virtio"
	rm -f "$img"
}

run_tag="" run_variants debian run_debian bookworm
