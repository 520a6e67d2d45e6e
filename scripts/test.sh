#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# Every test of ffa-notif, from a fresh Debian 12 machine:
#   1. gcc build (-Werror), meson test: unit tests, library, demo, headers,
#      ffa-notifd (its parts, end to end, the CLI against it, its systemd
#      units through systemd-analyze), the Python binding (its unittest
#      suites, its examples, an install into a DESTDIR imported from there);
#   2. the same suites again under AddressSanitizer + UBSan (clang); the
#      release build (-O3), and ffa-notifd built -Dsystemd=disabled (the
#      suites use libsystemd);
#   3. the protocol core built freestanding (-ffreestanding -nostdlib,
#      -nostdinc for ABI/driver/SPMC) -- part of every build above;
#   4. the benchmarks, natively, in their short mode (scripts/bench.sh
#      --quick --no-vm; figures reported, not judged);
#   5. lint: clang-format and cppcheck on all userspace C sources, and
#      the kernel's checkpatch.pl --strict on kernel/ and tests/el3-spmc/ctl/;
#   6. the libFuzzer targets of fuzz/ (scripts/fuzz.sh), 30 s each
#      (FUZZ_SECONDS), one step per target;
#   7. ffa_notif.ko booted in QEMU (tests/vm/run.sh): Debian's 6.12 and 6.1
#      x86_64 kernels, its 6.12 PREEMPT_RT kernel, and an arm64 6.12 debug
#      kernel (lockdep, KASAN, UBSAN) built from source; one step per
#      kernel;
#   8. end to end on the EL3 test firmware (tests/el3-spmc/run.sh): the
#      arm64 debug kernel with arm_ffa (backend arm_ffa) and one built
#      without it (backend native), the guest suite through libffanotif,
#      checked against the firmware's record of the FF-A calls; then
#      Linux 7.2 (arm_ffa asking FF-A v1.2, on firmware built for v1.2 and
#      for v1.1; native) and Linux 6.1 (native; native beside 6.1's FF-A
#      v1.0 arm_ffa), their kernels built from Debian's source packages;
#   9. end to end on a real third-party SPMC (tests/optee/run.sh): OP-TEE
#      4.10 at S-EL1 under TF-A 2.12.1, both built from Debian's source
#      packages (tests/optee/build-fw.sh, cached), with the same two
#      kernels and one with Linux's OP-TEE driver: OP-TEE rings a process
#      through the module, what it refuses is refused, the TEE driver keeps
#      its ID; then the differential test (tests/optee/diff.sh): one seeded
#      sequence of FF-A calls by raw SMC to the real OP-TEE and to the
#      model's optee personality, every answer compared;
#  10. the Debian packages (scripts/build-debs.sh, lintian clean) installed
#      in a Debian 12 system booted with systemd and udev
#      (tests/debian/run.sh): DKMS, udev, the units, the policy for users
#      in and out of ffa-notif, reload, restart, journald, remove, purge.
# Prints one closing line "tests: N passed, M failed"; exits non-zero if
# anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test || exit 1

passed=0
failed=0
failures=()

# count_meson DIR: add a build's meson test results to the totals.
# Each cmocka test case counts, and each other meson test (a cmocka binary
# that crashed before its summary counts as one failure).
count_meson() {
	local json=$1/meson-logs/testlog.json txt=$1/meson-logs/testlog.txt
	local ok bad sums
	[ -f "$json" ] || return 0
	ok=$(grep -c '"result": "OK"' "$json" || true)
	bad=$(grep -vc '"result": "OK"' "$json" || true)
	# cases passed, cases failed, binaries with a PASSED / FAILED summary
	sums=$(awk '/^\[  PASSED  \] [0-9]+ test\(s\)\./ { p += $4; np++ }
		/^\[  FAILED  \] [0-9]+ test\(s\), listed below:/ { f += $4; nf++ }
		END { print p + 0, f + 0, np + 0, nf + 0 }' "$txt")
	set -- $sums
	passed=$((passed + $1 + ok - ($3 - $4)))
	failed=$((failed + $2 + bad - $4))
	[ "$bad" -eq 0 ] || failures+=("$(basename "$(dirname "$(dirname "$json")")"): $bad meson test(s)")
}

# step NAME CMD...: a check that passes or fails as a whole.
step() {
	local name=$1
	shift
	echo "== $name"
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$name")
	fi
}

suite() {
	local dir=$1
	shift
	local log
	rm -rf "$dir"
	echo "== meson test in $dir ($*)"
	log=$(mktemp)
	if ! meson setup "$dir" "$@" >"$log" 2>&1; then
		cat "$log"
		rm -f "$log"
		failed=$((failed + 1))
		failures+=("$dir: meson setup")
		return
	fi
	rm -f "$log"
	if ! ninja -C "$dir"; then
		failed=$((failed + 1))
		failures+=("$dir: build")
		return
	fi
	meson test -C "$dir" --print-errorlogs || true
	count_meson "$dir"
}

# -Dpython=enabled: the Python binding is built and tested in both (a
# missing python3-dev fails the setup instead of leaving it out).
suite build-test -Dpython=enabled
CC=clang suite build-asan -Dpython=enabled -Db_sanitize=address,undefined \
	-Db_lundef=false -Dc_args=-fno-sanitize-recover=all -Dbuildtype=debug

# The release configuration (-O3) builds too: its optimiser sees
# warnings (-Werror) the debug ones do not.
release_build() {
	rm -rf build-release
	meson setup build-release --buildtype=release -Dpython=enabled >/dev/null &&
		ninja -C build-release
}
step "build (release, -O3)" release_build

# -Dsystemd=disabled: the daemon's own sd_notify, LISTEN_FDS, watchdog
# and "<priority>" lines instead of libsystemd's (the suites above use
# libsystemd).  The daemon alone, built: a few seconds.
nosystemd_build() {
	rm -rf build-nosystemd
	meson setup build-nosystemd -Dsystemd=disabled -Dtests=false >/dev/null &&
		ninja -C build-nosystemd tools/ffa-notifd/ffa-notifd
}
step "build (-Dsystemd=disabled, ffa-notifd)" nosystemd_build

# The benchmarks in their short mode (a few seconds each), natively, so
# that they keep working: a missed target is reported, not a failure (the
# device benchmark runs inside the vm steps' suite).
step "bench (native, --quick)" scripts/bench.sh --quick --no-vm --out /tmp/ffa-notif-bench-ci.json

# Kernel code (kernel/, and the test firmware's guest module
# tests/el3-spmc/ctl/) follows checkpatch (below), which disagrees with clang-format
# on a few points (long strings, list_for_each macros).
step "clang-format" bash -c 'sources=$(git ls-files "*.c" "*.h" ":!kernel/" ":!tests/el3-spmc/ctl/"); clang-format --dry-run --Werror $sources'
step "checkpatch" scripts/checkpatch.sh
# --library=python: the Python C API's macros (bindings/python/src).
step "cppcheck" cppcheck --error-exitcode=1 --enable=warning,portability,performance \
	--inline-suppr --quiet --library=python -D_GNU_SOURCE -Iprotocol \
	-Iinclude -Iinclude/uapi \
	-Icommon -Itools/common -Itools/ffa-notifd -Ibench \
	protocol libffanotif common tools tests fuzz bench bindings

# A bounded fuzzing run of each target; a crash, leak or timeout fails it
# (scripts/fuzz.sh prints the reproducer).  Long runs: fuzz/README.md.
for t in info-get spmc fnd-proto config; do
	step "fuzz: $t" scripts/fuzz.sh "${FUZZ_SECONDS:-30}" "$t"
done

# Each kernel a step of its own, so the summary says which one failed.
for vm in x86-6.12 x86-6.1 x86-6.12-rt arm64; do
	step "vm: $vm" tests/vm/run.sh "$vm"
done
# After the vm steps: the arm_ffa variant reuses their arm64 kernel.
step "el3: arm64 arm_ffa + native" tests/el3-spmc/run.sh
# Linux 7.2 (sid's source), a debug kernel with raw-lock nesting checks:
# arm_ffa on the v1.2 firmware and on one built for v1.1, native.
step "el3: arm64 7.2 debug (arm_ffa on v1.2 and v1.1 firmware, native)" \
	tests/el3-spmc/run.sh arm_ffa-7.2 arm_ffa-7.2-v1.1 native-7.2
# Linux 6.1 (FF-A v1.0 arm_ffa, no notifier ops): native alone, and native
# beside 6.1's arm_ffa (refused: arm_ffa fixed v1.0 first).
step "el3: arm64 6.1 (native; native beside arm_ffa v1.0)" \
	tests/el3-spmc/run.sh native-6.1 native-6.1-arm_ffa
# The same kernels, modules and programs on TF-A + OP-TEE.
step "optee: firmware (TF-A 2.12.1 + OP-TEE 4.10 from Debian sources)" tests/optee/build-fw.sh
step "optee: arm64 arm_ffa + native + coexist on OP-TEE" tests/optee/run.sh
# The SPMC model's optee personality against the real one, call for call
# (and the hafnium one against our EL3 firmware).
step "optee: the model against TF-A + OP-TEE (differential)" tests/optee/diff.sh
# The module against Linux 7.3 (trixie-backports), a kernel CI does not
# boot, and against 6.12 configured without arm_ffa: configured and
# prepared for modules, the module built, 0 warnings.
step "kbuild: the module against Linux 7.3, and 6.12 without arm_ffa (arm64)" \
	scripts/check-kbuild.sh 7.3 6.12:tests/el3-spmc/arm64-no-arm_ffa.config
# The DKMS configuration builds for the kernels the vm steps installed.
step "dkms" scripts/check-dkms.sh
# Installed as users install it: the Debian packages built and checked by
# lintian, then a Debian 12 system booted under QEMU with systemd and udev,
# the packages installed in it with apt (DKMS builds the module there) and
# used as root, by a member of ffa-notif and by a user outside it, up to
# apt purge (tests/debian/).
step "debian: packages (dpkg-buildpackage, lintian)" scripts/build-debs.sh build-deb
step "debian: bookworm under systemd + udev, the packages installed and used" \
	tests/debian/run.sh build-deb

echo
for f in "${failures[@]+"${failures[@]}"}"; do
	echo "FAILED: $f"
done
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
