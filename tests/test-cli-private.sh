#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# test-cli.sh from a build directory only root can read, as `mktemp -d`
# makes one (0700): the daemon, the CLI and libffanotif copied into one,
# in the build tree's layout (their RUNPATH is $ORIGIN/../../libffanotif),
# then the whole CLI suite on the copies.  Its steps as uid 65534 must
# still run.
#
# Usage: test-cli-private.sh FFA-NOTIFD FFA-NOTIFY COMPLETION-SCRIPT
set -euo pipefail
notifd=$1
notify=$2
completion=$3
here=$(dirname "$(readlink -f "$0")")
priv=$(mktemp -d /tmp/ffa-notif-build.XXXXXX)
trap 'rm -rf "$priv"' EXIT
[ "$(stat -c %a "$priv")" = 700 ] || {
	echo "mktemp -d made $priv mode $(stat -c %a "$priv"), not 700"
	exit 1
}
lib=$(ldd "$notify" | awk '$1 == "libffanotif.so.1" { print $3 }')
[ -n "$lib" ] && [ -f "$lib" ] || {
	echo "ffa-notify: libffanotif.so.1 not found by ldd"
	exit 1
}
# meson test points LD_LIBRARY_PATH at the build tree: not here.
unset LD_LIBRARY_PATH
mkdir -p "$priv/tools/ffa-notifd" "$priv/tools/ffa-notify" \
	"$priv/libffanotif"
cp "$notifd" "$priv/tools/ffa-notifd/"
cp "$notify" "$priv/tools/ffa-notify/"
cp "$lib" "$priv/libffanotif/"
# The copies are what runs: the build tree's library is not found.
if ldd "$priv/tools/ffa-notify/ffa-notify" | grep -qF "$lib"; then
	echo "the copy of ffa-notify loads $lib, not its copy"
	exit 1
fi
bash "$here/test-cli.sh" "$priv/tools/ffa-notifd/ffa-notifd" \
	"$priv/tools/ffa-notify/ffa-notify" "$completion"
