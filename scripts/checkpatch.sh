#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# Kernel code is judged by the kernel's own style checker:
# scripts/checkpatch.pl --strict from Debian's linux-source-6.12, run on
# every C file and header of kernel/ and of the test firmware's guest
# module tests/el3-spmc/ctl/.  (clang-format judges the rest.)
set -euo pipefail
cd "$(dirname "$0")/.."

tarball=/usr/src/linux-source-6.12.tar.xz
if [ ! -f "$tarball" ]; then
	echo "Installing: linux-source-6.12"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends linux-source-6.12 xz-utils >/dev/null
fi

dir=build-checkpatch
stamp="$dir/.source"
if [ ! -f "$dir/scripts/checkpatch.pl" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$(stat -c %Y "$tarball")" ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -xJf "$tarball" -C "$dir" --strip-components=1 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	stat -c %Y "$tarball" >"$stamp"
fi

mapfile -t files < <(git ls-files 'kernel/*.c' 'kernel/*.h' \
	'tests/el3-spmc/ctl/*.c' 'tests/el3-spmc/ctl/*.h')
[ ${#files[@]} -gt 0 ] || { echo "checkpatch: no kernel sources" >&2; exit 1; }
perl "$dir/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types \
	--summary-file -f "${files[@]}"
echo "checkpatch --strict: ${#files[@]} files clean"
