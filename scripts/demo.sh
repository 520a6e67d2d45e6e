#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The main job: build libffanotif and run the demo on the embedded
# simulator (no kernel module, no firmware, any architecture).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh demo
if [ ! -f build-demo/build.ninja ]; then
	meson setup build-demo -Dtests=false >/dev/null
fi
ninja -C build-demo >/dev/null
# The simulator by name: "auto" never picks it (the demo opens "sim" too).
FFANOTIF_BACKEND=sim exec build-demo/tools/ffa-notif-demo/ffa-notif-demo "$@"
