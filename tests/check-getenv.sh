#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# The library, the tools and their shared code read the environment only
# through secure_getenv(3): in a set-user-ID or file-capability process
# (AT_SECURE) a variable such as FFANOTIF_DEVICE or FFANOTIFD_SOCKET must
# not choose what the process opens.  Tests and benchmarks may use getenv.
set -eu
root=$1
cd "$root"
found=$(grep -rnE '(^|[^_[:alnum:]])getenv[[:space:]]*\(' \
	--include='*.c' --include='*.h' libffanotif tools common \
	bindings/python/src || true)
if [ -n "$found" ]; then
	echo "getenv() where secure_getenv() is required:"
	echo "$found"
	exit 1
fi
n=$(grep -rlE 'secure_getenv[[:space:]]*\(' --include='*.c' libffanotif \
	tools common | wc -l)
# The check reads the right tree: the variables are read somewhere.
if [ "$n" -lt 5 ]; then
	echo "only $n files call secure_getenv(): wrong source tree?"
	exit 1
fi
echo "environment: secure_getenv only ($n files)"
