#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# The man pages format without a warning (groff -ww: all warnings).
set -eu
for page in "$@"; do
	out=$(groff -man -ww -z "$page" 2>&1)
	if [ -n "$out" ]; then
		echo "$page:"
		echo "$out"
		exit 1
	fi
done
echo "man pages: ok ($#)"
