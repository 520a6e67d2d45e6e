#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The binding as installed: meson install into a scratch DESTDIR, then
# import ffanotif from there alone (not from the build tree) and run the
# ring example against it.
#   test-install.sh MESON BUILDDIR PYTHON PYTHON_INSTALL_DIR LIBDIR EXAMPLE
set -eu
meson=$1 builddir=$2 python=$3 pydir=$4 libdir=$5 example=$6
dest=$(mktemp -d /tmp/ffanotif-py-install.XXXXXX)
trap 'rm -rf "$dest"' EXIT

"$meson" install -C "$builddir" --destdir "$dest" --no-rebuild --quiet
[ -f "$dest$pydir/ffanotif/__init__.py" ] || {
	echo "test-install.sh: no $pydir/ffanotif/__init__.py installed" >&2
	exit 1
}
cd "$dest"
export PYTHONPATH="$dest$pydir" LD_LIBRARY_PATH="$dest$libdir"
"$python" - "$dest" <<'PY'
import sys

import ffanotif
import ffanotif._ffanotif as ext

dest = sys.argv[1]
for what, path in (("ffanotif", ffanotif.__file__), ("_ffanotif", ext.__file__)):
    if not path.startswith(dest + "/"):
        sys.exit("%s imported from %s, not from %s" % (what, path, dest))
# The installed extension must find the installed library, not the
# build tree's.
with open("/proc/self/maps") as f:
    libs = {line.split()[-1] for line in f if "libffanotif.so" in line}
if not libs or any(not p.startswith(dest + "/") for p in libs):
    sys.exit("libffanotif loaded from %s, not from %s" % (sorted(libs), dest))
with ffanotif.Session(backend="sim") as s:
    s.bind(0x8001, {5})
    s.send(0x8001, {5})
    if not s.wait(5) or s.read_events()[0].ids != {5}:
        sys.exit("no echo from the installed package")
print("installed:", ffanotif.__file__, sorted(libs)[0])
PY
"$python" "$example"
