#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# The public headers stand alone: each compiles by itself, pedantically,
# in C99 and C11 (the uAPI header also in C89, as kernel uAPI headers must).
set -eu
src=$1
cc=${2:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <ffanotif.h>\nint main(void) { return ffanotif_api_version_number() == 0; }\n' >"$tmp/lib.c"
printf '#include <linux/ffa_notif.h>\nint main(void) { struct ffa_notif_event e = { 0 }; return (int)e.seqno; }\n' >"$tmp/uapi.c"
for std in c99 c11; do
	"$cc" -std=$std -pedantic -Wall -Wextra -Werror -I"$src/include" -fsyntax-only "$tmp/lib.c"
done
for std in c89 c99 c11; do
	"$cc" -std=$std -pedantic -Wall -Wextra -Werror -I"$src/include/uapi" -fsyntax-only "$tmp/uapi.c"
done
echo "headers: ok"
