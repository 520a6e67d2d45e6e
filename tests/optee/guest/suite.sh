#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The guest side of tests/optee/run.sh: an arm64 kernel booted on TF-A +
# OP-TEE 4.10 (the S-EL1 SPMC, a real third-party one), run as
# /suite/suite.sh by tests/vm/init.sh (busybox sh, root, cwd /suite).
#
# The backend comes from the kernel command line, el3.backend= arm_ffa
# (Linux's arm_ffa negotiated with OP-TEE; the module uses its notifier
# ops) or native (no arm_ffa in the kernel: the module's own FF-A calls
# over SMC: VERSION, PARTITION_INFO_GET through its RX/TX buffers, bitmap
# create, the SRI from FEATURES, BIND, INFO_GET and GET, bitmap destroy
# at rmmod).  OP-TEE is made to ring by its own direct requests
# (EXCHANGE_CAPABILITIES, ENABLE_ASYNC_NOTIF), sent through
# /suite/ffa_el3_ctl.ko: its test watchdog then sets that ID once a second,
# for good.
#
# With el3.coexist=1 (the kernel also has Linux's OP-TEE driver, which took
# the first free global ID at boot and had OP-TEE ring it), the suite
# checks coexistence instead of making OP-TEE ring: the driver keeps its
# ID (ours get EACCES for it, and its rings go on), a TEE client call
# still succeeds, and our users bind the other IDs.
#
# What OP-TEE refuses is checked as users meet it, each changing nothing:
# per-vCPU BIND (DENIED: EACCES, ffa-notify's exit 3) and a SET from the
# normal world.  That SET: arm_ffa (6.10+) knows from its partition
# properties that OP-TEE takes no notifications and the module refuses it
# (EACCES, exit 3) before asking; the native backend asks, and OP-TEE does
# not handle it (NOT_SUPPORTED: EOPNOTSUPP, exit 4).  Every step prints PASS or FAIL and runs even after a
# failure; the last line is "optee-suite: N passed, M failed".

SUITE=/suite
BIN=$SUITE/bin
DEV=/dev/ffa-notif
CTL=/dev/ffa-el3-ctl
NAME=ffa_notif
NOTIFY=$BIN/ffa-notify
export FFANOTIF_BACKEND=device
TMO=${FFA_TEST_TIMEOUT:-120}

# OP-TEE's partition (4.10 under QEMU, Debian's build: no other).
OPTEE=0x8001
OPTEE_UUID=486178e0-e7f8-11e3-bc5e-0002a5d5c51b
# The ID OP-TEE is made to ring (one per boot: its watchdog keeps ringing
# the last one enabled).
RING_ID=5

cd "$SUITE" 2>/dev/null || exit 1

TAG=optee-suite
# shellcheck source=tests/vm/guest/lib.sh
. "$SUITE/lib.sh"

# The module's bindings (netlink), one line per bound ID.
bindings() {
	"$NOTIFY" list --bindings 2>/dev/null
}
holds() {
	bindings | grep -q "^$1 "
}
free_id() {
	! holds "$1"
}

# The SRI's count, all CPUs together.
sri_total() {
	awk '/ARM-FFA-SRI|ffa-notif-sri/ { n = 0; for (i = 2; i <= NF; i++) { if ($i !~ /^[0-9]+$/) break; n += $i } print n; exit }' /proc/interrupts
}

coexist=$(cmdline_arg el3.coexist)
: "${coexist:=0}"
echo "$TAG: kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs"
log_begin
firmware_backend
if [ "$backend" = arm_ffa ]; then
	check "arm_ffa negotiated with OP-TEE (FF-A 1.2 found, 1.1 used)" sh -c \
		"dmesg | grep -q 'Firmware version 1.2 found'"
	check "arm_ffa registered OP-TEE (0x8001, its UUID)" sh -c \
		"grep -qi $OPTEE_UUID /sys/bus/arm_ffa/devices/*/uuid"
fi

if insmod "$SUITE/ffa_el3_ctl.ko"; then
	pass "insmod ffa_el3_ctl (direct requests to OP-TEE)"
else
	fail "insmod ffa_el3_ctl (direct requests to OP-TEE)"
	dmesg_tail
fi
check "$CTL appears" wait_for test -c "$CTL"

# ---- the module ----------------------------------------------------------------------
if insmod "$SUITE/$NAME.ko" backend="$backend"; then
	pass "insmod $NAME backend=$backend"
else
	fail "insmod $NAME backend=$backend"
	dmesg_tail
fi
check "$DEV appears" wait_for test -c "$DEV"
dmesg | grep "$NAME" | tail -n 3 | sed "s/^/$TAG: dmesg: /"
notify 0 info && has "backend: *device" && has "provider: *$backend"
if [ "$backend" = native ]; then
	# Our own calls: FF-A v1.1 from OP-TEE's 1.2, endpoint 0, the SRI
	# (8) from FEATURES, the bitmap created.
	check "native: FF-A v1.1, endpoint 0x0000 (module's log)" sh -c \
		"dmesg | grep -q 'backend native, FF-A v1.1, endpoint 0x0000'"
	has "SRI: *8"
fi
# Partitions: over netlink (arm_ffa's bus, or our PARTITION_INFO_GET).
notify 0 list && has "$OPTEE" && has "$OPTEE_UUID"

if [ "$coexist" = 1 ]; then
# ---- beside Linux's OP-TEE driver -------------------------------------------------------
check "Linux's OP-TEE driver is up (/dev/tee0)" test -c /dev/tee0
run "a TEE client call (a session with OP-TEE's invoke-tests PTA)" "$BIN/tee-call"
sri0=$(sri_total)
# The driver bound the first free ID, 0, and OP-TEE rings it every second.
notify 3 get --timeout 1s $OPTEE 0 && has "permission denied"
check "  ... ID 0 not ours" free_id 0
notify 5 get --timeout 3s $OPTEE 6
check "  ... ID 6 was ours meanwhile, and is released" free_id 6
sri1=$(sri_total)
check "the OP-TEE driver's ID still rings (SRIs $sri0 -> $sri1 over 4 s)" \
	[ "${sri1:-0}" -ge $((${sri0:-0} + 2)) ]
run "a TEE client call still succeeds" "$BIN/tee-call"
else
# ---- OP-TEE rings ---------------------------------------------------------------------
run "a process binds ID $RING_ID from $OPTEE through libffanotif, OP-TEE rings it, 4 events by epoll at its rate" \
	"$BIN/optee-notif" ring $OPTEE $RING_ID 4 20
check "  ... and its binding went with it" wait_for free_id $RING_ID

# The watchdog rings on: ffa-notify get receives it too.
notify 0 get --timeout 10s $OPTEE $RING_ID && has "$OPTEE ids=$RING_ID global"

# A holder: another process gets EBUSY; kill -9 releases it; a re-bind by
# another process then succeeds (and receives the next ring).
"$NOTIFY" bind $OPTEE $RING_ID >/dev/null 2>&1 &
holder=$!
check "ffa-notify bind holds ID $RING_ID" wait_for holds $RING_ID
notify 1 get --timeout 1s $OPTEE $RING_ID && has "busy"
kill -9 "$holder"
wait "$holder" 2>/dev/null
check "kill -9 released ID $RING_ID" wait_for free_id $RING_ID
notify 0 get --timeout 10s $OPTEE $RING_ID && has "$OPTEE ids=$RING_ID global"

# ---- what OP-TEE refuses ---------------------------------------------------------------
# Per-vCPU BIND: DENIED (OP-TEE takes no flags), EACCES; nothing bound.
before=$(bindings | grep -c "^[0-9]")
notify 3 get --per-vcpu --timeout 1s $OPTEE 6 && has "permission denied"
check "  ... nothing bound after it ($(bindings | grep -c "^[0-9]") bindings, $before before)" \
	[ "$(bindings | grep -c "^[0-9]")" -eq "$before" ]
# SET from the normal world (see the top); the holder's binding is
# unchanged and still receives.  The holder takes three rings (3 s at
# OP-TEE's rate), long enough to be seen holding after the SET.
"$NOTIFY" monitor --bind -n 3 $OPTEE $RING_ID >/tmp/get.out 2>&1 &
getter=$!
check "a holder (ffa-notify monitor --bind) holds ID $RING_ID" wait_for holds $RING_ID
if [ "$backend" = arm_ffa ]; then
	notify 3 send $OPTEE 7 && has "permission denied"
else
	notify 4 send $OPTEE 7 && has "not supported"
fi
check "  ... ID $RING_ID still held" holds $RING_ID
wait "$getter"
st=$?
sed "s/^/$TAG: | /" /tmp/get.out
check "  ... and the holder still received OP-TEE's rings (exit $st, $(grep -c "ids=$RING_ID global" /tmp/get.out) of 3)" \
	[ $st -eq 0 -a "$(grep -c "ids=$RING_ID global" /tmp/get.out)" -eq 3 ]

fi

# ---- unload ------------------------------------------------------------------------------
if rmmod "$NAME"; then
	pass "rmmod $NAME"
else
	fail "rmmod $NAME"
	dmesg_tail
fi
check "$DEV removed" wait_for test ! -e "$DEV"
if [ "$backend" = native ]; then
	# Destroyed unless OP-TEE's watchdog set the ID again in between:
	# the module then says so (DENIED while pending), which is no error.
	check "native: no FF-A error at unload but a refused destroy" sh -c \
		"! dmesg | tail -n 5 | grep '$NAME' | grep -v 'BITMAP_DESTROY refused' | grep -qi 'error\|fail'"
fi
check "rmmod ffa_el3_ctl" rmmod ffa_el3_ctl

log_clean
finish
