#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# Build the secure firmware for QEMU virt: TF-A 2.12.1 at EL3 with the SPMD
# and OP-TEE OS 4.10 at S-EL1 as the FF-A SPMC, from Debian's source
# packages, and cache it:
#
#   tests/optee/build-fw.sh          build, or reuse the cache; prints the
#                                    firmware directory on the last line
#
# Sources: arm-trusted-firmware 2.12.1+dfsg-1 (trixie) and optee-os
# 4.10.0-2 (sid), fetched with "apt-get source --download-only" under an
# apt configuration of this script's own (build-vm/optee/src/apt: its own
# sources.list with deb-src lines only, lists, cache, state; APT_CONFIG
# points there and Dir::Etc::Parts is an empty directory, so nothing of
# /etc/apt is read).  The installed system's sources and packages do not
# change; only the build tools are installed from bookworm when missing
# (scripts/deps.sh optee lists them).
#
# Compiled with Debian's cross compiler (gcc-aarch64-linux-gnu), make -j2.
# The kernel is not part of the firmware: BL2 skips BL33
# (PRELOADED_BL33_BASE=0x60000000) and tests/optee/boot.sh loads the Image
# there with QEMU's -device loader, so the cache does not depend on it.
#
# Output: build-vm/optee/fw/KEY/ (OP-TEE's images alone in
# build-vm/optee/optee/OKEY/, shared by the firmware variants) with bl1.bin, fip.bin, flash.bin (the
# 64 MiB flash image for -bios: bl1.bin at 0, fip.bin at 256 KiB), key.txt
# (what the key hashes) and the build logs.  KEY is the first 16 hex digits
# of the sha256 of key.txt: the recipe number below, both source packages'
# versions and .dsc hashes, the cross compiler's version, every make
# variable of both builds, and the SPMC manifest's sha256
# (tests/optee/spmc-manifest.dts).  A re-run with the same key does not
# rebuild.
#
# OPTEE_FW_TRACE=1 builds TF-A with LOG_LEVEL=50 (another key): the SPMD
# logs every FF-A call it relays on UART0, both worlds', as
# "VERBOSE: SPM(cpu): fid x1 x2 ... x7" (a reply from OP-TEE is an SMC
# too: 0x84000061 is FFA_SUCCESS).
#
# Any missing package or failed step fails with a message (never a skip).
# Sourced with OPTEE_FW_LIB=1 (tests/optee/boot.sh does), it only defines
# optee_firmware, which sets fw_dir.
set -euo pipefail

optee_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# tests/vm/run.sh's helpers: apt_install, apt_get, arm64_sysroot, out
# (= <repo>/build-vm).
# shellcheck disable=SC2154 # out, apt_get: set there
# shellcheck source=tests/vm/run.sh
VMTEST_LIB=1 source "$optee_here/../vm/run.sh"
# shellcheck disable=SC2034 # tests/vm/run.sh's: no target, no step files
target=
t0=$SECONDS
log() {
	echo "=== optee [$((SECONDS - t0))s] $*"
}
die() {
	echo "optee: FAIL: $*" >&2
	exit 1
}

# Bump when the way the firmware is built or laid out changes.
optee_fw_recipe=1
optee_pkgs=(make gcc libc6-dev gcc-aarch64-linux-gnu python3-pyelftools python3-cryptography
	device-tree-compiler qemu-system-arm libssl-dev dpkg-dev xz-utils cpio gzip)
optee_src_ver=4.10.0-2
tfa_src_ver=2.12.1+dfsg-1
optee_top=$out/optee
optee_srcdir=$optee_top/src
manifest=$optee_here/spmc-manifest.dts
# Where BL31 enters the kernel (NS_IMAGE_OFFSET of TF-A's qemu platform,
# where BL2 would have loaded a BL33 from the FIP).
optee_bl33_base=0x60000000

# optee_apt ARGS...: apt-get with this script's own configuration.
optee_apt() {
	own_apt "$optee_srcdir/apt" "$@"
}

# optee_apt_config: build-vm/optee/src/apt (tests/vm/run.sh's
# own_apt_config), nothing shared with /etc/apt: sid's and trixie's
# source indexes.
optee_apt_config() {
	[ -f "$debian_key" ] || die "$debian_key is missing (package debian-archive-keyring)"
	own_apt_config "$optee_srcdir/apt" \
		"deb-src [check-valid-until=no signed-by=$debian_key] http://deb.debian.org/debian sid main" \
		"deb-src [signed-by=$debian_key] http://deb.debian.org/debian trixie main"
}

# optee_sources: the two source packages, downloaded once into
# build-vm/optee/src/dl and unpacked (Debian's patches applied) into
# build-vm/optee/src/PKG-VERSION.
optee_sources() {
	local dl=$optee_srcdir/dl p v d missing=()
	mkdir -p "$dl"
	for p in optee-os=$optee_src_ver arm-trusted-firmware=$tfa_src_ver; do
		[ -f "$dl/${p%%=*}_${p#*=}.dsc" ] || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		optee_apt_config
		log "apt-get update (own apt configuration: $optee_srcdir/apt)"
		optee_apt update -qq || die "apt-get update of the sid/trixie source indexes failed"
		for p in "${missing[@]}"; do
			APT_CONFIG=$optee_srcdir/apt/apt.conf apt-cache showsrc "${p%%=*}" 2>/dev/null |
				grep -x "Version: ${p#*=}" >/dev/null ||
				die "source package ${p%%=*} ${p#*=} is not in the sid/trixie source indexes (versions there: $(APT_CONFIG=$optee_srcdir/apt/apt.conf apt-cache showsrc "${p%%=*}" 2>/dev/null | sed -n 's/^Version: //p' | tr '\n' ' ' || true))"
		done
		log "apt-get source --download-only ${missing[*]}"
		(cd "$dl" && optee_apt source --download-only -qq "${missing[@]}") ||
			die "apt-get source --download-only ${missing[*]} failed"
	fi
	for p in optee-os=$optee_src_ver arm-trusted-firmware=$tfa_src_ver; do
		v=${p#*=}
		d=$optee_srcdir/${p%%=*}-$v
		[ -f "$d/.unpacked" ] && continue
		log "dpkg-source -x ${p%%=*}_$v.dsc"
		rm -rf "$d"
		# apt checked the files against the signed Sources index; dpkg-source
		# checks them against the .dsc (no keyring to check its signature).
		dpkg-source -q -x "$dl/${p%%=*}_$v.dsc" "$d" >"$d.log" 2>&1 || {
			cat "$d.log"
			die "dpkg-source -x ${p%%=*}_$v.dsc failed"
		}
		touch "$d/.unpacked"
	done
	# dpkg-source leaves copies of the upstream tarballs beside the trees.
	rm -f "$optee_srcdir"/*.orig.tar.*
	optee_tree=$optee_srcdir/optee-os-$optee_src_ver
	tfa_tree=$optee_srcdir/arm-trusted-firmware-$tfa_src_ver
}

# optee_firmware: fw_dir = build-vm/optee/fw/KEY, built unless cached.
optee_firmware() {
	local w o key keytext cc start lock p
	local optee_flags tfa_flags
	log "packages"
	apt_install "${optee_pkgs[@]}" ||
		die "could not install the build packages (${optee_pkgs[*]}) with apt-get"
	for p in aarch64-linux-gnu-gcc dtc qemu-system-aarch64 dpkg-source; do
		command -v "$p" >/dev/null || die "$p not found after installing ${optee_pkgs[*]}"
	done
	# A pyenv (or other) python3 ahead in PATH lacks Debian's modules.
	/usr/bin/python3 -c 'import elftools, cryptography' 2>/dev/null ||
		die "/usr/bin/python3 cannot import elftools and cryptography (python3-pyelftools python3-cryptography)"
	[ -f "$manifest" ] || die "$manifest is missing"

	mkdir -p "$optee_top/fw"
	exec {lock}>"$optee_top/.lock"
	if ! flock -n "$lock"; then
		log "waiting for another firmware build to finish"
		flock "$lock"
	fi
	optee_sources
	cc=$(aarch64-linux-gnu-gcc --version | head -n 1)
	w=$optee_top/work
	# The trees sit inside this repository: without TEE_IMPL_VERSION and
	# BUILD_STRING both builds would name themselves after its git describe.
	optee_flags="PLATFORM=vexpress-qemu_armv8a CFG_ARM64_core=y CFG_USER_TA_TARGETS=ta_arm64 CFG_CORE_SEL1_SPMC=y CFG_ARM_GICV3=y CROSS_COMPILE=aarch64-linux-gnu- CROSS_COMPILE64=aarch64-linux-gnu- TEE_IMPL_VERSION=debian-$optee_src_ver"
	# LOG_LEVEL 40 = INFO; 50 = VERBOSE (OPTEE_FW_TRACE=1): the SPMD then
	# logs every FF-A call it relays, "SPM(cpu): fid x1 ... x7", on UART0.
	local level=40
	case ${OPTEE_FW_TRACE:-0} in
	0) ;;
	1) level=50 ;;
	*) die "OPTEE_FW_TRACE is 0 or 1, not '$OPTEE_FW_TRACE'" ;;
	esac
	tfa_flags="PLAT=qemu SPD=spmd SPMD_SPM_AT_SEL2=0 SPMC_OPTEE=1 CTX_INCLUDE_EL2_REGS=0 ENABLE_SME_FOR_NS=0 ENABLE_SME_FOR_SWD=0 QEMU_USE_GIC_DRIVER=QEMU_GICV3 BL32_RAM_LOCATION=tdram PRELOADED_BL33_BASE=$optee_bl33_base ARM_LINUX_KERNEL_AS_BL33=1 DEBUG=0 LOG_LEVEL=$level CROSS_COMPILE=aarch64-linux-gnu- BUILD_STRING=debian-$tfa_src_ver"
	keytext="recipe=$optee_fw_recipe
optee-os=$optee_src_ver $(sha256sum <"$optee_srcdir/dl/optee-os_$optee_src_ver.dsc" | cut -d' ' -f1)
arm-trusted-firmware=$tfa_src_ver $(sha256sum <"$optee_srcdir/dl/arm-trusted-firmware_$tfa_src_ver.dsc" | cut -d' ' -f1)
cc=$cc
optee=$optee_flags
tfa=$tfa_flags
manifest=$(sha256sum <"$manifest" | cut -d' ' -f1)
flash=64MiB bl1@0 fip@256KiB"
	key=$(printf '%s\n' "$keytext" | sha256sum | cut -c1-16)
	fw_dir=$optee_top/fw/$key
	if [ -f "$fw_dir/flash.bin" ] && [ -f "$fw_dir/key.txt" ] &&
		[ "$(cat "$fw_dir/key.txt")" = "$keytext" ]; then
		log "firmware: reusing $fw_dir (key $key)"
		exec {lock}>&-
		return 0
	fi

	rm -rf "$w" "$fw_dir"
	mkdir -p "$w"
	# Debian's python3 (elftools, cryptography) for OP-TEE's scripts.
	local path=/usr/bin:/bin:/usr/sbin:/sbin:$PATH
	# OP-TEE's three images are cached on their own (build-vm/optee/optee/
	# OKEY, the key's lines that concern OP-TEE): firmware variants that
	# differ only in TF-A's flags share them.
	local okeytext okey
	okeytext=$(printf '%s\n' "$keytext" | grep -E '^(recipe|optee-os|cc|optee)=')
	okey=$(printf '%s\n' "$okeytext" | sha256sum | cut -c1-16)
	o=$optee_top/optee/$okey
	if [ -f "$o/key.txt" ] && [ "$(cat "$o/key.txt")" = "$okeytext" ]; then
		log "OP-TEE OS: reusing $o (key $okey)"
	else
		start=$SECONDS
		log "OP-TEE OS $optee_src_ver: make -j2 (log: $w/optee-build.log)"
		# shellcheck disable=SC2086 # the flags are words
		if ! PATH=$path nice make -C "$optee_tree" -j2 O="$w/optee" $optee_flags all \
			>"$w/optee-build.log" 2>&1; then
			tail -n 40 "$w/optee-build.log"
			die "OP-TEE OS build failed (log: $w/optee-build.log)"
		fi
		rm -rf "$o" "$o.tmp"
		mkdir -p "$o.tmp"
		for p in tee-header_v2.bin tee-pager_v2.bin tee-pageable_v2.bin; do
			[ -f "$w/optee/core/$p" ] || die "the OP-TEE build made no $w/optee/core/$p"
			cp "$w/optee/core/$p" "$o.tmp/"
		done
		cp "$w/optee-build.log" "$o.tmp/"
		printf '%s\n' "$okeytext" >"$o.tmp/key.txt"
		mv "$o.tmp" "$o"
		log "OP-TEE OS built in $((SECONDS - start))s"
	fi
	start=$SECONDS
	log "TF-A $tfa_src_ver: make -j2 all fip (log: $w/tfa-build.log)"
	# shellcheck disable=SC2086
	if ! PATH=$path nice make -C "$tfa_tree" -j2 BUILD_BASE="$w/tfa" $tfa_flags \
		QEMU_TOS_FW_CONFIG_DTS="$manifest" BL32="$o/tee-header_v2.bin" \
		BL32_EXTRA1="$o/tee-pager_v2.bin" BL32_EXTRA2="$o/tee-pageable_v2.bin" \
		all fip >"$w/tfa-build.log" 2>&1; then
		tail -n 40 "$w/tfa-build.log"
		die "TF-A build failed (log: $w/tfa-build.log)"
	fi
	local rel=$w/tfa/qemu/release
	for p in bl1.bin fip.bin; do
		[ -f "$rel/$p" ] || die "the TF-A build made no $rel/$p"
	done
	log "TF-A built in $((SECONDS - start))s"
	mkdir -p "$fw_dir.tmp"
	cp "$rel/bl1.bin" "$rel/fip.bin" "$o/optee-build.log" "$w/tfa-build.log" "$fw_dir.tmp/"
	# QEMU virt's secure flash0 (64 MiB): BL1 at 0, the FIP where TF-A's
	# qemu platform looks for it (PLAT_QEMU_FIP_BASE, 256 KiB).
	truncate -s 64M "$fw_dir.tmp/flash.bin"
	dd if="$rel/bl1.bin" of="$fw_dir.tmp/flash.bin" conv=notrunc status=none
	dd if="$rel/fip.bin" of="$fw_dir.tmp/flash.bin" bs=4096 seek=64 conv=notrunc status=none
	printf '%s\n' "$keytext" >"$fw_dir.tmp/key.txt"
	rm -rf "$fw_dir"
	mv "$fw_dir.tmp" "$fw_dir"
	rm -rf "$w"
	log "firmware: $fw_dir (key $key)"
	exec {lock}>&-
}

[ "${OPTEE_FW_LIB:-0}" != 1 ] || return 0

case ${1:-} in
"") ;;
-h | --help) sed -n '3,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
*) echo "usage: $0" >&2; exit 2 ;;
esac
optee_firmware
echo "$fw_dir"
