#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# ffa_notif.ko built against kernels, or configurations, CI does not boot,
# for arm64:
#   scripts/check-kbuild.sh [VERSION[:FRAGMENT]]...   (default: 7.3)
# Each linux-source-VERSION (tests/vm/run.sh's kernel_source: 7.3 comes
# from trixie-backports through an apt configuration of our own) is
# configured as the booted arm64 kernels are (tinyconfig, then
# tests/vm/arm64-debug.config, then FRAGMENT's lines in place of the same
# symbols: tests/el3-spmc/arm64-no-arm_ffa.config builds the module for a
# kernel without arm_ffa) and prepared for external modules (make
# modules_prepare: no kernel build), in build-vm/kbuild-VERSION[-NAME];
# then the module is built there.  Without a built vmlinux there is no
# Module.symvers, so modpost cannot check the module's symbols
# (KBUILD_MODPOST_WARN=1: its WARNINGs are counted, not judged);
# everything the compiler says is judged: any warning fails.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/vm/run.sh
VMTEST_LIB=1 source "$repo/tests/vm/run.sh"
# shellcheck disable=SC2034 # tests/vm/run.sh's: no target, no step files
target=

[ $# -gt 0 ] || set -- 7.3
apt_install gcc-aarch64-linux-gnu libc6-dev-arm64-cross make flex bison bc \
	libssl-dev libelf-dev xz-utils pahole
bad=0
for spec; do
	ver=${spec%%:*}
	frag=
	[ "$spec" = "$ver" ] || frag=$repo/${spec#*:}
	[ -z "$frag" ] || [ -f "$frag" ] || die "$frag: no such fragment"
	kernel_source "$ver"
	kb=$out/kbuild-$ver${frag:+-$(basename "$frag" .config)}
	stamp=$kb.stamp
	want="source=$ksrc_version
cc=$(aarch64-linux-gnu-gcc --version | head -n 1)
pahole=$(pahole --version 2>/dev/null || echo none)
fragment=$(cat "$repo/tests/vm/arm64-debug.config" ${frag:+"$frag"} | sha256sum | cut -d' ' -f1)"
	if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
		rm -rf "$kb" "$stamp"
		mkdir -p "$kb"
		log "linux-source-$ver $ksrc_version${frag:+ + ${frag#"$repo"/}}: extract, configure, modules_prepare"
		tar -xJf "$ksrc_tarball" -C "$kb" --strip-components=1
		cp "$repo/tests/vm/arm64-debug.config" "$kb/arch/arm64/configs/ffa-vm-debug.config"
		: >"$kb/arch/arm64/configs/ffa-extra.config"
		[ -z "$frag" ] || cp "$frag" "$kb/arch/arm64/configs/ffa-extra.config"
		make -s -C "$kb" "${karm[@]}" tinyconfig ffa-vm-debug.config ffa-extra.config >/dev/null
		[ -z "$frag" ] || config_keeps "$kb" "$frag" ||
			die "$ver: the config lacks options of ${frag#"$repo"/}"
		make -s -C "$kb" "${karm[@]}" -j"$(nproc)" modules_prepare
		echo "$want" >"$stamp"
	fi
	d=$kb-module
	copy_tree "$d"
	log "module against linux-source-$ver $ksrc_version"
	# KBUILD_MODPOST_WARN=1: the symbols modpost cannot resolve without
	# vmlinux's Module.symvers are its WARNINGs, not errors; the
	# compiler's warnings are what is judged.
	if ! make -C "$kb" "${karm[@]}" KBUILD_MODPOST_WARN=1 M="$d/kernel" modules >"$d.log" 2>&1; then
		cat "$d.log"
		echo "check-kbuild: FAIL: the module does not build against $spec"
		bad=1
	elif grep 'warning:' "$d.log" | grep -qv '^WARNING: modpost:'; then
		cat "$d.log"
		echo "check-kbuild: FAIL: the module builds against $spec with warnings"
		bad=1
	else
		echo "check-kbuild: modpost could not check the module's symbols (no vmlinux built)"
		echo "check-kbuild: PASS: linux-source-$ver $ksrc_version${frag:+ + ${frag#"$repo"/}}, 0 warnings ($(grep -c 'CC \[M\]' "$d.log") objects)"
	fi
done
exit $bad
