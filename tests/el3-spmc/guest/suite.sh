#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The guest side of tests/el3-spmc/run.sh: an arm64 kernel booted on the
# EL3 test firmware (tests/el3-spmc/fw.c), run as /suite/suite.sh by
# tests/vm/init.sh (busybox sh, root, cwd /suite).
#
# The backend to test comes from the kernel command line, el3.backend=
# arm_ffa (Linux's arm_ffa driver owns FF-A; the module uses its notifier
# ops) or native (no arm_ffa in the kernel; the module makes its own FF-A
# calls).  Everything goes through libffanotif on /dev/ffa-notif
# (/suite/bin/el3-notif); the firmware's side is read back through its
# control channel (/suite/ffa_el3_ctl.ko, /suite/bin/el3-ctl): its
# binding table, and its record of the FF-A calls it served, counted
# before and after each step against what the step must have made.
#
# Every step prints PASS or FAIL and runs even after a failure; the last
# line is "el3-suite: N passed, M failed", the exit status non-zero if
# any step failed.

SUITE=/suite
BIN=$SUITE/bin
DEV=/dev/ffa-notif
CTL=/dev/ffa-el3-ctl
NAME=ffa_notif
export FFANOTIF_BACKEND=device
TMO=${FFA_TEST_TIMEOUT:-120}

# FF-A function IDs (SMC32 unless _64) and answers.
BITMAP_CREATE=0x8400007d
BITMAP_DESTROY=0x8400007e
BIND=0x8400007f
UNBIND=0x84000080
SET=0x84000081
GET=0x84000082
INFO_GET_64=0xc4000083
FEATURES=0x84000064
VERSION=0x84000063
RXTX_MAP_64=0xc4000066

ECHO=0x8001
ECHO_PERCPU=0x8002

cd "$SUITE" 2>/dev/null || exit 1

TAG=el3-suite
# shellcheck source=tests/vm/guest/lib.sh
. "$SUITE/lib.sh"

# ---- the firmware's record ---------------------------------------------------
#
# count FID W1 MASK [CALLER]: sets n and ok to how many recorded calls
# match (w1 & MASK == W1 & MASK, from CALLER, 0 = the normal world) and
# how many of them succeeded.
count() {
	# shellcheck disable=SC2046 # five words
	set -- $("$BIN/el3-ctl" count "$1" "$2" "$3" "${4:-0}")
	if [ $# -ne 5 ]; then
		n=-1
		ok=-1
		return 1
	fi
	n=$(($2))
	ok=$(($3))
}

# mark W1 SET_W1 ECHO_W1 SENDER GET_W1: remember the counts of the calls
# a step is judged by.
mark() {
	count "$BIND" "$1" 0xffffffff && bind0="$n $ok"
	count "$UNBIND" "$1" 0xffffffff && unbind0="$n $ok"
	count "$SET" "$2" 0xffffffff && set0="$n $ok"
	count "$SET" "$3" 0xffffffff "$4" && echo0="$n $ok"
	count "$INFO_GET_64" 0 0 && info0="$n $ok"
	count "$GET" "$5" "$get_mask" && get0="$n $ok"
}

# since "N0 OK0": sets dn and dok to what count added since.
since() {
	# shellcheck disable=SC2086 # two words
	set -- $1
	dn=$((n - $1))
	dok=$((ok - $2))
}

# expect_calls NAME BINDS SETS (then mark's arguments): what the firmware
# served since mark: BINDS binds and as many unbinds of exactly mark's w1,
# all successful; SETS successful sets by us and as many echoes by the
# partition; at least one successful INFO_GET_64 and one successful GET
# of mark's w1 (under get_mask).
expect_calls() {
	name=$1
	binds=$2
	sets=$3
	shift 3
	good=1
	count "$BIND" "$1" 0xffffffff
	since "$bind0"
	[ $dn -eq "$binds" ] && [ $dok -eq $dn ] || good=0
	why="BIND w1=$1 +$dn (ok +$dok)"
	count "$UNBIND" "$1" 0xffffffff
	since "$unbind0"
	[ $dn -eq "$binds" ] && [ $dok -eq $dn ] || good=0
	why="$why, UNBIND +$dn (ok +$dok)"
	count "$SET" "$2" 0xffffffff
	since "$set0"
	[ $dn -eq "$sets" ] && [ $dok -eq $dn ] || good=0
	why="$why, SET w1=$2 +$dn (ok +$dok)"
	count "$SET" "$3" 0xffffffff "$4"
	since "$echo0"
	[ $dn -eq "$sets" ] && [ $dok -eq $dn ] || good=0
	why="$why, echo SET by $4 w1=$3 +$dn (ok +$dok)"
	count "$INFO_GET_64" 0 0
	since "$info0"
	[ $dok -ge 1 ] || good=0
	why="$why, INFO_GET_64 ok +$dok"
	count "$GET" "$5" "$get_mask"
	since "$get0"
	[ $dok -ge 1 ] || good=0
	why="$why, GET w1=$5 ok +$dok"
	if [ $good -eq 1 ]; then
		pass "$name: firmware served $why"
	else
		fail "$name: firmware served $why"
	fi
}

popcount() {
	v=$(($1))
	c=0
	while [ "$v" -ne 0 ]; do
		v=$((v & (v - 1)))
		c=$((c + 1))
	done
	echo $c
}

# echo_test NAME SENDER BITMAP VCPU|- CPU ROUNDS: a round trip through
# the library, and the calls the firmware must have served for it.
echo_test() {
	name=$1
	sender=$2
	bitmap=$3
	vcpu=$4
	cpu=$5
	rounds=$6
	recv_id=$(printf '0x%x' $((sender << 16)))
	set_w1=$(printf '0x%x' $((sender)))
	echo_w1=$(printf '0x%x' $((sender << 16)))
	# A global GET may come from any CPU: its w1[31:16] is not checked.
	if [ "$vcpu" = - ]; then
		get_w1=0
		get_mask=0xffff
		opts="-c $cpu -n $rounds"
	else
		get_w1=$(printf '0x%x' $((vcpu << 16)))
		get_mask=0xffffffff
		opts="-c $cpu -v $vcpu -n $rounds"
	fi
	# One BIND and one UNBIND per ID; one SET per round, and per ID
	# through arm_ffa (its notify_send takes one ID); one echo per SET.
	ids=$(popcount "$bitmap")
	sets=$rounds
	[ "$backend" = native ] || sets=$((rounds * ids))
	mark "$recv_id" "$set_w1" "$echo_w1" "$sender" "$get_w1"
	# shellcheck disable=SC2086 # options
	run "$name" "$BIN/el3-notif" echo $opts "$sender" "$bitmap"
	expect_calls "$name" "$ids" "$sets" "$recv_id" "$set_w1" "$echo_w1" \
		"$sender" "$get_w1"
}

# bindings SP: sets bound to what endpoint 0 bound from SP in firmware.
bindings() {
	# shellcheck disable=SC2046 # five words
	set -- $("$BIN/el3-ctl" bindings "$1" 0)
	[ $# -eq 5 ] || return 1
	bound=$(($2))
}

# The SRI's per-CPU counts in /proc/interrupts: "sri_cpu0 sri_cpu1".
sri_counts() {
	awk '/ARM-FFA-SRI|ffa-notif-sri/ { print $2, $3; exit }' /proc/interrupts
}

# ---- boot ----------------------------------------------------------------------

arm_ffa_ipi=$(cmdline_arg el3.arm_ffa_ipi)
personality=$(cmdline_arg el3.personality)
: "${arm_ffa_ipi:=0}" "${personality:=hafnium}"
echo "el3-suite: kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs"
log_begin
firmware_backend
check "two CPUs online" [ "$(cat /sys/devices/system/cpu/online)" = 0-1 ]
if [ "$backend" = arm_ffa ]; then
	check "arm_ffa found the firmware's partitions" \
		[ -e /sys/bus/arm_ffa/devices/arm-ffa-1 ]
fi

if insmod "$SUITE/ffa_el3_ctl.ko"; then
	pass "insmod ffa_el3_ctl (the firmware's control channel)"
else
	fail "insmod ffa_el3_ctl (the firmware's control channel)"
	dmesg_tail
fi
check "$CTL appears" wait_for test -c "$CTL"

# The firmware's model is the personality it was built with (Hafnium,
# flags: 1 = strict), with a vCPU of endpoint 0 per CPU it can bring up.
case $personality in
hafnium) want_flags=0x0 ;;
*) want_flags=0x1 ;;
esac
# shellcheck disable=SC2046 # five words
set -- $("$BIN/el3-ctl" personality 0x8001)
# (the first word is the command's status)
check "firmware: the SPMC model is $personality (status $1, personality $2, flags $3, $4 CPUs)" \
	[ "$1" = 0x0 -a "$2" = 0x1 -a "$3" = "$want_flags" -a "$4" = 0x4 ]

count "$BITMAP_CREATE" 0 0xffff
if [ "$backend" = arm_ffa ]; then
	check "firmware: arm_ffa created the bitmap at boot (BITMAP_CREATE ok $ok of $n)" \
		[ "$n" -eq 1 -a "$ok" -eq 1 ]
else
	check "firmware: no FF-A call before the module (BITMAP_CREATE $n)" \
		[ "$n" -eq 0 ]
fi

# ---- a kernel whose arm_ffa is FF-A v1.0 (6.1-6.6) -------------------------------
# el3.expect=v1.0 (tests/el3-spmc/run.sh native-6.1-arm_ffa): arm_ffa
# probed at boot with FF-A v1.0, and a version is fixed by an endpoint's
# first other call (the model's H-VER-3, as Hafnium and the spec have it),
# so the native backend's VERSION(1.1) is refused and with it every
# notification call.  The module must say so, map no second RX/TX pair,
# and leave arm_ffa as it was.
if [ "$(cmdline_arg el3.expect)" = v1.0 ]; then
	check "arm_ffa found the firmware's partitions" [ -e /sys/bus/arm_ffa/devices/arm-ffa-1 ]
	count "$VERSION" 0x10000 0xffffffff
	check "firmware: arm_ffa asked FF-A v1.0 ($n)" [ "$n" -ge 1 ]
	count "$RXTX_MAP_64" 0 0 && maps0=$n
	check "firmware: arm_ffa mapped its RX/TX buffers (RXTX_MAP_64 $n)" [ "$n" -eq 1 ]
	if insmod "$SUITE/$NAME.ko" backend=native 2>/dev/null; then
		fail "insmod $NAME backend=native refused beside arm_ffa v1.0 (it loaded)"
		rmmod "$NAME"
	else
		pass "insmod $NAME backend=native refused beside arm_ffa v1.0"
	fi
	check "the module says why (arm_ffa fixed FF-A v1.0 first)" sh -c \
		"dmesg | grep -q 'arm_ffa negotiated FF-A v1.0 with the firmware first'"
	count "$VERSION" 0x10001 0xffffffff
	check "firmware: the module asked v1.1 ($n)" [ "$n" -ge 1 ]
	count "$RXTX_MAP_64" 0 0
	check "firmware: no second RX/TX map (RXTX_MAP_64 $n)" [ "$n" -eq "$maps0" ]
	count "$BITMAP_CREATE" 0 0xffff
	check "firmware: no notification call got through (BITMAP_CREATE $n)" [ "$n" -eq 0 ]
	check "nothing loaded, no $DEV" sh -c "! grep -q '^$NAME ' /proc/modules && [ ! -e $DEV ]"
	check "arm_ffa's partitions still there" [ -e /sys/bus/arm_ffa/devices/arm-ffa-1 ]
	log_clean
	finish
	exit
fi

# ---- the module -------------------------------------------------------------------
count "$VERSION" 0 0 && version0=$n
if insmod "$SUITE/$NAME.ko" backend="$backend"; then
	pass "insmod $NAME backend=$backend"
else
	fail "insmod $NAME backend=$backend"
	dmesg_tail
fi
check "$DEV appears" wait_for test -c "$DEV"
dmesg | grep "$NAME" | tail -n 3 | sed 's/^/el3-suite: dmesg: /'
# arm_ffa does not tell its users the SRI's ID: the module reports 0.
sri=8
[ "$backend" = native ] || sri=0
# The version the module reports is the one negotiated: the native
# backend's v1.1, or what arm_ffa settled on (6.12: v1.1; 7.2 asks v1.2
# and gets it from a v1.2 SPMC, v1.1 from a v1.1 one): run.sh knows.
want_ffa=$(cmdline_arg el3.ffa_version)
want_ffa=${want_ffa:-1.1}
got_ffa=$("$BIN/ffa-notify" info 2>/dev/null | sed -n 's/^FF-A version: *//p')
check "the module reports FF-A v$want_ffa, the version negotiated (got '$got_ffa')" \
	[ "$got_ffa" = "$want_ffa" ]
run "library info: backend $backend, SRI $sri, FF-A v$want_ffa" "$BIN/el3-notif" info \
	"$backend" $sri "$(printf '0x%x' $((0x10000 | ${want_ffa#1.})))"
if [ "$backend" = native ]; then
	count "$VERSION" 0x10001 0xffffffff
	check "firmware: the module asked FF-A v1.1 (VERSION +$((n - version0)))" \
		[ $((n - version0)) -ge 1 ]
	count "$BITMAP_CREATE" 0 0xffff
	check "firmware: the module created the bitmap (BITMAP_CREATE ok $ok of $n)" \
		[ "$n" -eq 1 -a "$ok" -eq 1 ]
	count "$FEATURES" 2 0xffffffff
	check "firmware: the module asked for the SRI (FEATURES(2) ok $ok)" \
		[ "$ok" -ge 1 ]
fi

# ---- round trips: global and per vCPU, on both CPUs ----------------------------------
sri_before=$(sri_counts)
echo_test "global echo 0x8001 ID 0, CPU 0" $ECHO 0x1 - 0 1
# el3.quick=1 (another firmware build under the same kernel): the
# negotiation and one round trip are what differ; the rest is the full
# run's.
if [ "$(cmdline_arg el3.quick)" = 1 ]; then
	check "rmmod $NAME" rmmod "$NAME"
	log_clean
	finish
	exit
fi
echo_test "global echo 0x8001 IDs 3+31, CPU 1, 5 rounds" $ECHO 0x80000008 - 1 5
echo_test "per-vCPU echo 0x8002 ID 32 vCPU 0, CPU 0" $ECHO_PERCPU 0x100000000 0 0 1
echo_test "per-vCPU echo 0x8002 ID 40 vCPU 1, CPU 1, 3 rounds" $ECHO_PERCPU 0x10000000000 1 1 3
# vCPU 1's notification rung from CPU 0: the SRI comes on CPU 0, and the
# GET for vCPU 1 must run on CPU 1.  arm_ffa does it with an IPI
# (smp_call_function_single), and in its IPI handler takes notify_lock for
# reading, a lock notify_request takes for writing with interrupts on:
# lockdep reports "inconsistent lock state" (a real deadlock if the IPI
# hits the CPU holding it for writing).  Upstream up to the newest tree
# read (Sudeep Holla's FF-A tree, 2026) still does both, so there is no
# upstream fix to apply to the test kernel.  On arm_ffa this step runs
# only with el3.arm_ffa_ipi=1 (EL3_ARM_FFA_IPI=1 for run.sh), where it
# reproduces the report; the kernel-log checks stay on for every step.
if [ "$backend" = native ] || [ "$arm_ffa_ipi" = 1 ]; then
	echo_test "per-vCPU echo 0x8002 ID 33 vCPU 1, from CPU 0" $ECHO_PERCPU 0x200000000 1 0 1
else
	echo "el3-suite: opt-in, not run: per-vCPU echo of vCPU 1 from CPU 0 on arm_ffa (upstream arm_ffa reports its own notify_lock in that IPI first, see suite.sh; EL3_ARM_FFA_IPI=1 runs it)"
fi
sri_after=$(sri_counts)
echo "el3-suite: SRI per CPU: before: ${sri_before:-none}, after: ${sri_after:-none}"
# shellcheck disable=SC2086 # two words each
check "the SRI was taken on both CPUs" sh -c \
	"set -- $sri_before $sri_after; [ \$# -eq 4 ] && [ \$3 -gt \$1 ] && [ \$4 -gt \$2 ]"

# ---- CPU hotplug ----------------------------------------------------------------------
cpu1=/sys/devices/system/cpu/cpu1/online
if echo 0 >"$cpu1"; then
	pass "cpu1 offline"
else
	fail "cpu1 offline"
fi
check "only cpu0 online" [ "$(cat /sys/devices/system/cpu/online)" = 0 ]
echo_test "global echo with cpu1 offline" $ECHO 0x2 - 0 2
echo_test "per-vCPU echo vCPU 0 with cpu1 offline" $ECHO_PERCPU 0x400000000 0 0 2
if echo 1 >"$cpu1"; then
	pass "cpu1 online again"
else
	fail "cpu1 online again"
fi
check "two CPUs online again" [ "$(cat /sys/devices/system/cpu/online)" = 0-1 ]
sri_before=$(sri_counts)
echo_test "per-vCPU echo vCPU 1 on cpu1 after hotplug" $ECHO_PERCPU 0x800000000 1 1 2
echo_test "global echo on cpu1 after hotplug" $ECHO 0x4 - 1 1
sri_after=$(sri_counts)
# shellcheck disable=SC2086 # two words each
check "the SRI is taken on cpu1 after hotplug ($sri_before -> $sri_after)" sh -c \
	"set -- $sri_before $sri_after; [ \$# -eq 4 ] && [ \$4 -gt \$2 ]"

# ---- ownership: another file, and a killed process -----------------------------------
holder_out=/tmp/holder.out
"$BIN/el3-notif" hold $ECHO 0x80 >"$holder_out" 2>&1 &
holder=$!
check "a process binds ID 7 from 0x8001 and holds it" \
	wait_for grep -q holding "$holder_out"
bindings $ECHO
check "firmware: ID 7 bound from 0x8001 (0x$(printf %x "$bound"))" \
	[ $((bound & 0x80)) -ne 0 ]
run "re-bind of ID 7 from another file: EBUSY" \
	"$BIN/el3-notif" bind-fails 16 $ECHO 0x80
count "$UNBIND" 0x80010000 0xffffffff && unbind0=$n
kill -9 "$holder"
wait "$holder" 2>/dev/null
unbound() {
	bindings $ECHO && [ $((bound & 0x80)) -eq 0 ]
}
check "firmware: kill -9 released ID 7" wait_for unbound
echo "el3-suite: firmware: bound from 0x8001 now 0x$(printf %x "$bound")"
count "$UNBIND" 0x80010000 0xffffffff
check "firmware: one UNBIND for it (+$((n - unbind0)), ok $ok of $n)" \
	[ $((n - unbind0)) -eq 1 -a "$n" -eq "$ok" ]
run "ID 7 can be bound again (echo)" "$BIN/el3-notif" echo $ECHO 0x80
# A file's configuration on firmware: the clock of its timestamps, its depth.
run "echo with BOOTTIME timestamps, a 4096-event queue" \
	"$BIN/el3-notif" echo -k boottime -q 4096 -n 3 $ECHO 0x100
run "echo with REALTIME timestamps, a 1-event queue" \
	"$BIN/el3-notif" echo -k realtime -q 1 -n 3 $ECHO 0x200

# ---- ffa-notify on the firmware ---------------------------------------------------
NOTIFY=$BIN/ffa-notify
bound_in_fw() {
	bindings "$1" && [ $((bound & (1 << $2))) -ne 0 ]
}
unbound_in_fw() {
	bindings "$1" && [ $((bound & (1 << $2))) -eq 0 ]
}

notify 0 info && has "backend: *device" && has "provider: *$backend"
notify 0 list && has "0x8001" && has "0x8002" && has "0x8003"
# get waits for ID 12; once the firmware shows it bound, ring it.
count "$BIND" 0x80010000 0xffffffff && bind0="$n $ok"
count "$SET" 0x8001 0xffffffff && set0="$n $ok"
get_out=/tmp/get.out
"$NOTIFY" get --timeout 30s $ECHO 12 >"$get_out" 2>&1 &
getter=$!
check "ffa-notify get: ID 12 bound in the firmware" wait_for bound_in_fw $ECHO 12
notify 0 send $ECHO 12
wait $getter
st=$?
sed 's/^/el3-suite: | /' "$get_out"
check "ffa-notify get received the echo of ID 12 (exit $st)" [ $st -eq 0 ]
check "  ... from 0x8001, ID 12, global" grep -q "0x8001 ids=12 global" "$get_out"
count "$BIND" 0x80010000 0xffffffff
since "$bind0"
check "firmware: ffa-notify's BIND w1=0x80010000 (+$dn, ok +$dok)" [ $dn -eq 1 -a $dok -eq 1 ]
count "$SET" 0x8001 0xffffffff
since "$set0"
check "firmware: ffa-notify's SET w1=0x8001 (+$dn, ok +$dok)" [ $dn -eq 1 -a $dok -eq 1 ]
check "firmware: get released ID 12 at exit" wait_for unbound_in_fw $ECHO 12
# A holder: another process gets EBUSY; kill -9 releases it in firmware.
"$NOTIFY" bind $ECHO 13 >/dev/null 2>&1 &
holder=$!
check "ffa-notify bind holds ID 13 (firmware)" wait_for bound_in_fw $ECHO 13
notify 1 get $ECHO 13 && has "Device or resource busy"
kill -9 "$holder"
wait "$holder" 2>/dev/null
check "firmware: kill -9 of ffa-notify bind released ID 13" wait_for unbound_in_fw $ECHO 13
# Per vCPU: 0x8002 ID 34 on vCPU 0, sent from CPU 0 (taskset): the SRI
# comes on the CPU that sends, and vCPU 0's GET must run on CPU 0.
"$NOTIFY" get --per-vcpu --timeout 30s $ECHO_PERCPU 34 >"$get_out" 2>&1 &
getter=$!
check "ffa-notify get --per-vcpu: ID 34 bound in the firmware" \
	wait_for bound_in_fw $ECHO_PERCPU 34
on="taskset 1" notify 0 send --per-vcpu --vcpu 0 $ECHO_PERCPU 34
wait $getter
st=$?
sed 's/^/el3-suite: | /' "$get_out"
check "ffa-notify get --per-vcpu received the echo of ID 34 (exit $st)" [ $st -eq 0 ]

# ---- a storm of arrivals, a rebind, an unload ------------------------------------------
# storm_start BITMAP: partition 0x8001 sets BITMAP for endpoint 0 again and
# again (refused while it is not bound: ignored) until storm_stop, which
# returns once its last SET has returned.
storm_start() {
	rm -f /tmp/storm.stop
	(while [ ! -e /tmp/storm.stop ]; do
		"$BIN/el3-ctl" ring $ECHO 0 0 "$1" >/dev/null 2>&1
	done) &
	stormer=$!
}
storm_stop() {
	: >/tmp/storm.stop
	wait "$stormer" 2>/dev/null
}

# kill_holder: kill -9 the holder.  On arm_ffa the storm is stopped and
# drained first: a relinquish that meets a pending notification is refused
# by the firmware after arm_ffa dropped its callback, and arm_ffa offers no
# retry (the binding is lost to the kernel, reported: see
# kernel/ffa_notif_arm_ffa.c), so killing mid-storm would test that known
# limit instead.  The native backend drains and retries: killed mid-storm.
kill_holder() {
	if [ "$backend" = arm_ffa ]; then
		storm_stop
		nap
		nap
		nap
	fi
	kill -9 "$holder"
	wait "$holder" 2>/dev/null
}

# A binding made after the storm stopped must get nothing from it: late
# arrivals of the binding before (fetched, not yet handed over) belong to
# that one or to nobody, never to a newer binding of the same ID and
# sender.  The interleaving is not forced: ten rounds make it likely.
late=0
rounds=0
for r in 1 2 3 4 5 6 7 8 9 10; do
	"$NOTIFY" bind $ECHO 44 >/dev/null 2>&1 &
	holder=$!
	if ! wait_for bound_in_fw $ECHO 44; then
		kill -9 "$holder" 2>/dev/null
		break
	fi
	storm_start 0x100000000000
	nap
	nap
	kill_holder
	storm_stop
	wait_for unbound_in_fw $ECHO 44 || break
	"$NOTIFY" get --timeout 500ms $ECHO 44 >"$get_out" 2>&1
	st=$?
	if [ $st -ne 5 ]; then
		late=$((late + 1))
		sed 's/^/el3-suite: | /' "$get_out"
	fi
	rounds=$r
done
check "storm, kill -9, rebind: $rounds of 10 rounds, $late new bindings got an old arrival" \
	[ "$rounds" -eq 10 -a "$late" -eq 0 ]

# Unload while the firmware keeps ringing: bound, rung, the holder killed,
# rmmod at once (arrivals in flight), five times.
unloads=0
for r in 1 2 3 4 5; do
	"$NOTIFY" bind $ECHO 45 >/dev/null 2>&1 &
	holder=$!
	wait_for bound_in_fw $ECHO 45 || { kill -9 "$holder"; break; }
	storm_start 0x200000000000
	nap
	kill_holder
	rmmod "$NAME" || { storm_stop; break; }
	insmod "$SUITE/$NAME.ko" backend="$backend" || { storm_stop; break; }
	storm_stop
	wait_for test -c "$DEV" || break
	unloads=$r
done
check "rmmod under a ring storm (arm_ffa: right after it): $unloads of 5 unload/reload rounds" [ "$unloads" -eq 5 ]
check "firmware: nothing bound from 0x8001 after the storms" unbound_in_fw $ECHO 44
check "  ... nor ID 45" unbound_in_fw $ECHO 45

# ---- unload --------------------------------------------------------------------------
count "$BITMAP_DESTROY" 0 0xffff && destroy0=$n
if rmmod "$NAME"; then
	pass "rmmod $NAME"
else
	fail "rmmod $NAME"
	dmesg_tail
fi
check "$DEV removed" wait_for test ! -e "$DEV"
# arm_ffa: how many arrivals came from hard-IRQ context (a callback with
# interrupts off) and went through the backend's irq_work (said, not judged).
dmesg | grep -E "through irq_work|late callbacks" | tail -n 2 | sed 's/^/el3-suite: dmesg: /'
bindings $ECHO
check "firmware: nothing bound from 0x8001 after rmmod (0x$(printf %x "$bound"))" \
	[ "$bound" -eq 0 ]
if [ "$backend" = native ]; then
	count "$BITMAP_DESTROY" 0 0xffff
	check "firmware: the module destroyed its bitmap (+$((n - destroy0)), ok $ok)" \
		[ $((n - destroy0)) -eq 1 -a "$ok" -ge 1 ]
fi
check "rmmod ffa_el3_ctl" rmmod ffa_el3_ctl

# ---- the kernel log ------------------------------------------------------------------
log_clean
finish
