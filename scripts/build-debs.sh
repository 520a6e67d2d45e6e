#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# Build the Debian packages (debian/) from this tree and check them with
# lintian, whose errors and warnings fail the build (the few info tags it
# may print are justified in debian/*.lintian-overrides).
#   scripts/build-debs.sh [OUTDIR]     (default build-deb/)
# The build runs in a copy of the tree's tracked and new files, so neither
# the tree nor its parent directory gets the build's files.  The test suite
# is not run by the package build (scripts/test.sh runs it on the same
# sources); DEB_BUILD_OPTIONS=check-all asks for it.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
out=$(realpath -m "${1:-build-deb}")

bash scripts/deps.sh debian

version=$(dpkg-parsechangelog -S Version)
work=$(mktemp -d /tmp/ffa-notif-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
copy=$work/ffa-notif-$version
mkdir -p "$copy"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" ls-files -z -co --exclude-standard |
		while IFS= read -r -d '' f; do
			[ -e "$f" ] && printf '%s\0' "$f"
		done | tar --null -T - -cf - | tar -xf - -C "$copy"
else
	tar --exclude='./build*' --exclude=./obj-* -cf - . | tar -xf - -C "$copy"
fi

echo "== dpkg-buildpackage -us -uc -b ($version)"
(cd "$copy" && dpkg-checkbuilddeps &&
	DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -us -uc -b) \
	>"$work/build.log" 2>&1 || {
	tail -n 60 "$work/build.log"
	echo "build-debs: dpkg-buildpackage failed" >&2
	exit 1
}
grep -E '^dpkg-(deb|gensymbols|shlibdeps): (warning|error)' "$work/build.log" && {
	echo "build-debs: the build warned (above)" >&2
	exit 1
}

echo "== lintian"
st=0
lintian --fail-on error,warning --info "$work"/*.changes >"$work/lintian.log" 2>&1 || st=$?
grep -v '^running with root privileges' "$work/lintian.log" || true
if [ $st -ne 0 ]; then
	echo "build-debs: lintian found errors or warnings (above), status $st" >&2
	exit 1
fi

rm -rf "$out"
mkdir -p "$out"
mv "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out"/
echo "build-debs: packages in $out:"
for deb in "$out"/*.deb; do
	case $deb in *-dbgsym_*) ;; *) echo "  ${deb##*/}" ;; esac
done
