// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The audit of the SPMC model against TF-Hafnium v2.13.0, one case per
 * check (docs/protocol.md, "Hafnium v2.13.0, check by check": each row's
 * tag, H-SET-3 and so on, is the tag of the model's comment and of the
 * cases here; tests/check-audit.sh holds the three together).
 *
 * A case is raw registers, a caller, the model's state before (a prepared
 * scene) and its personality; it asserts the exact answer and the state
 * after: a refused call changes nothing but the call counter (and, as in
 * Hafnium, fixes the caller's FF-A version and delivers a delayed SRI
 * when it returns to the NWd); an accepted one is checked by the case.
 * Each case is a cmocka test named after the Hafnium function it audits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ffp_abi.h"
#include "ffp_spmc.h"

#define A 0x8001 /* notifications, 4 vCPUs */
#define B 0x8002 /* notifications, 2 vCPUs */
#define C 0x8003 /* no notification support */
#define D 0x8004 /* notifications, FF-A v1.0; bound ID 7 from VM 0 at boot */
#define LP 0xffc0 /* an SPMD logical partition */
#define CPUS 8 /* the model's physical CPUs: ID 0's vCPUs */

#define PROPS (FFP_PART_DIRECT_REQ_RECV | FFP_PART_AARCH64)
#define SMALL(id_)                                                  \
	{                                                           \
		.id = (id_), .vcpu_count = 1,                       \
		.properties = PROPS | FFP_PART_NOTIF_RECV,          \
		.ffa_version = FFP_VERSION_1_1, .bind_from_nwd = 1, \
		.name = "small",                                    \
	}

static const struct ffp_partition_desc parts[] = {
	{ .id = A,
	  .vcpu_count = 4,
	  .properties = PROPS | FFP_PART_NOTIF_RECV,
	  .ffa_version = FFP_VERSION_1_1,
	  .bind_from_nwd = 1,
	  .name = "a" },
	{ .id = B,
	  .vcpu_count = 2,
	  .properties = PROPS | FFP_PART_NOTIF_RECV,
	  .ffa_version = FFP_VERSION_1_1,
	  .bind_from_nwd = 1,
	  .name = "b" },
	{ .id = C,
	  .vcpu_count = 1,
	  .properties = PROPS,
	  .ffa_version = FFP_VERSION_1_1,
	  .name = "c" },
	{ .id = D,
	  .vcpu_count = 1,
	  .properties = PROPS | FFP_PART_NOTIF_RECV,
	  .ffa_version = FFP_VERSION_1_0,
	  .bind_from_nwd = 1ULL << 7,
	  .name = "d" },
	SMALL(0x8005),
	SMALL(0x8006),
	SMALL(0x8007),
	{ .id = 0x8008,
	  .vcpu_count = 1,
	  .properties = PROPS | FFP_PART_NOTIF_RECV,
	  .ffa_version = FFP_VERSION_1_1,
	  .bind_from_nwd = 1,
	  .preempt_runs = 1,
	  .name = "preempted" },
};

/* Function IDs, as raw as the registers. */
#define F_VERSION 0x84000063ULL
#define F_FEATURES 0x84000064ULL
#define F_ID_GET 0x84000069ULL
#define F_SPM_ID_GET 0x84000085ULL
#define F_RUN 0x8400006dULL
#define F_CREATE 0x8400007dULL
#define F_DESTROY 0x8400007eULL
#define F_BIND 0x8400007fULL
#define F_UNBIND 0x84000080ULL
#define F_SET 0x84000081ULL
#define F_GET 0x84000082ULL
#define F_INFO32 0x84000083ULL
#define F_INFO64 0xc4000083ULL

#define PAIR(hi, lo) ((ffp_u64)(hi) << 16 | (lo))
#define LO(bm) ((ffp_u64)(bm)&0xffffffffULL)
#define HI(bm) ((ffp_u64)(bm) >> 32)

#define OK FFP_RET_SUCCESS
#define NS FFP_RET_NOT_SUPPORTED
#define INV FFP_RET_INVALID_PARAMETERS
#define NOMEM FFP_RET_NO_MEMORY
#define DEN FFP_RET_DENIED
#define NODATA FFP_RET_NO_DATA
#define UNKNOWN 1000 /* SMCCC "unknown function": x0 = -1 */

#define STRICT FFP_SPMC_STRICT

struct fx {
	struct ffp_spmc s;
	unsigned int sris;
};

static void on_sri(void *ctx)
{
	((struct fx *)ctx)->sris++;
}

static const struct ffp_spmc_ops ops = { .raise_sri = on_sri };

/* ---- scenes: the model's state before the call ------------------------- */

static void call_ok(struct fx *f, ffp_u16 caller, ffp_u64 a0, ffp_u64 a1,
		    ffp_u64 a2, ffp_u64 a3, ffp_u64 a4)
{
	struct ffp_regs r = { { a0, a1, a2, a3, a4, 0, 0, 0 } };

	ffp_spmc_call(&f->s, caller, &r, &r);
	if ((ffp_u32)r.a[0] == FFP_ERROR)
		fail_msg("scene: %s from 0x%04x refused: %s",
			 ffp_fn_name((ffp_u32)a0), caller,
			 ffp_status_name((ffp_s32)(ffp_u32)r.a[2]));
}

/* The NWd binds to endpoint 0: from A, IDs 0-1 global and 2-3 per vCPU;
 * A binds from VM 0 ID 8 global and 9 per vCPU, and from B ID 10.
 */
static void scene_bound(struct fx *f)
{
	call_ok(f, 0, F_CREATE, 0, CPUS, 0, 0);
	call_ok(f, 0, F_BIND, PAIR(A, 0), 0, 0x3, 0);
	call_ok(f, 0, F_BIND, PAIR(A, 0), 1, 0xc, 0);
	call_ok(f, A, F_BIND, PAIR(0, A), 0, 1U << 8, 0);
	call_ok(f, A, F_BIND, PAIR(0, A), 1, 1U << 9, 0);
	call_ok(f, A, F_BIND, PAIR(B, A), 0, 1U << 10, 0);
}

/* scene_bound, and A has set ID 0 (global) and ID 2 on vCPU 1 for 0. */
static void scene_pending(struct fx *f)
{
	scene_bound(f);
	call_ok(f, A, F_SET, PAIR(A, 0), 0, 0x1, 0);
	call_ok(f, A, F_SET, PAIR(A, 0), 1U << 16 | 1, 0x4, 0);
}

enum scene {
	S_BOOT, /* as booted: ID 0 without a bitmap */
	S_CREATED, /* BITMAP_CREATE(0) */
	S_BOUND,
	S_PENDING,
	S_HIGH_PENDING, /* ID 40 pending from A for 0, and nothing else */
	S_DELAYED, /* scene_bound, then A's SET of ID 0 with delay-SRI */
	S_SLOTS_FULL, /* VMs 1, 2 and 3 created as well (2 vCPUs) */
	S_VM5_2, /* VM 5 created with 2 vCPUs */
	S_VM5_0, /* VM 5 created with 0 vCPUs, bound from A globally */
	S_VERSION_1_0, /* FFA_VERSION(1.0) first, then BITMAP_CREATE(0) */
	S_CREATED_2, /* BITMAP_CREATE(0, 2), ID 2 bound per vCPU from A */
	/* INFO_GET scenes (from the audit's worked examples) */
	S_INFO_GLOBAL_VCPUS, /* 0: global from A, vCPUs 0 and 1 from A */
	S_INFO_BOTH_SOURCES, /* A: vCPU 1 from B and from VM 0 */
	S_INFO_SOURCE_ORDER, /* A: vCPU 2 from B, vCPU 0 from VM 0 */
	S_INFO_GLOBAL_AFTER_FULL, /* A: vCPUs 0-2 from B, global from VM 0 */
	S_INFO_OVERFLOW, /* VMs 0 and 1, every vCPU (8) from A */
	S_INFO_11_LISTS, /* 10 global lists, then a per-vCPU one */
	S_INFO_REPORTED, /* scene_pending after one INFO_GET */
};

static void scene(struct fx *f, enum scene sc)
{
	int v, i;

	switch (sc) {
	case S_BOOT:
		break;
	case S_CREATED:
		call_ok(f, 0, F_CREATE, 0, CPUS, 0, 0);
		break;
	case S_BOUND:
		scene_bound(f);
		break;
	case S_PENDING:
		scene_pending(f);
		break;
	case S_HIGH_PENDING:
		call_ok(f, 0, F_CREATE, 0, CPUS, 0, 0);
		call_ok(f, 0, F_BIND, PAIR(A, 0), 0, 0, 1U << 8);
		call_ok(f, A, F_SET, PAIR(A, 0), 0, 0, 1U << 8);
		break;
	case S_DELAYED:
		scene_bound(f);
		call_ok(f, A, F_SET, PAIR(A, 0), FFP_SET_DELAY_SRI, 0x1, 0);
		break;
	case S_SLOTS_FULL:
		call_ok(f, 0, F_CREATE, 0, CPUS, 0, 0);
		for (i = 1; i <= 3; i++)
			call_ok(f, 0, F_CREATE, (ffp_u64)i, 2, 0, 0);
		break;
	case S_VM5_2:
		call_ok(f, 0, F_CREATE, 5, 2, 0, 0);
		break;
	case S_VM5_0:
		call_ok(f, 0, F_CREATE, 5, 0, 0, 0);
		call_ok(f, 0, F_BIND, PAIR(A, 5), 0, 0x1, 0);
		break;
	case S_VERSION_1_0:
		call_ok(f, 0, F_VERSION, 0x10000, 0, 0, 0);
		call_ok(f, 0, F_CREATE, 0, CPUS, 0, 0);
		break;
	case S_CREATED_2:
		call_ok(f, 0, F_CREATE, 0, 2, 0, 0);
		call_ok(f, 0, F_BIND, PAIR(A, 0), 1, 0x4, 0);
		break;
	case S_INFO_GLOBAL_VCPUS:
		scene_bound(f);
		call_ok(f, A, F_SET, PAIR(A, 0), 0, 0x1, 0);
		call_ok(f, A, F_SET, PAIR(A, 0), 0 << 16 | 1, 0x4, 0);
		call_ok(f, A, F_SET, PAIR(A, 0), 1 << 16 | 1, 0x4, 0);
		break;
	case S_INFO_BOTH_SOURCES:
		call_ok(f, A, F_BIND, PAIR(B, A), 1, 0x2, 0);
		call_ok(f, A, F_BIND, PAIR(0, A), 1, 0x4, 0);
		call_ok(f, B, F_SET, PAIR(B, A), 1 << 16 | 1, 0x2, 0);
		call_ok(f, 0, F_SET, PAIR(0, A), 1 << 16 | 1, 0x4, 0);
		break;
	case S_INFO_SOURCE_ORDER:
		call_ok(f, A, F_BIND, PAIR(B, A), 1, 0x2, 0);
		call_ok(f, A, F_BIND, PAIR(0, A), 1, 0x4, 0);
		call_ok(f, B, F_SET, PAIR(B, A), 2 << 16 | 1, 0x2, 0);
		call_ok(f, 0, F_SET, PAIR(0, A), 0 << 16 | 1, 0x4, 0);
		break;
	case S_INFO_GLOBAL_AFTER_FULL:
		call_ok(f, A, F_BIND, PAIR(B, A), 1, 0x2, 0);
		for (v = 0; v < 3; v++)
			call_ok(f, B, F_SET, PAIR(B, A), (ffp_u64)v << 16 | 1,
				0x2, 0);
		/* ID 0 is bound from VM 0 at boot (bind_from_nwd). */
		call_ok(f, 0, F_SET, PAIR(0, A), 0, 0x1, 0);
		break;
	case S_INFO_OVERFLOW:
		call_ok(f, 0, F_CREATE, 0, CPUS, 0, 0);
		call_ok(f, 0, F_CREATE, 1, CPUS, 0, 0);
		for (i = 0; i < 2; i++) {
			call_ok(f, 0, F_BIND, PAIR(A, i), 1, 0x1, 0);
			for (v = 0; v < CPUS; v++)
				call_ok(f, A, F_SET, PAIR(A, i),
					(ffp_u64)v << 16 | 1, 0x1, 0);
		}
		break;
	case S_INFO_11_LISTS:
		/* Globals: the 7 partitions that receive (ID 0 from VM 0,
		 * bound at boot), VMs 0, 1 and 2; then VM 3 on vCPU 0.
		 */
		for (i = 0; i < (int)FFP_ARRAY_SIZE(parts); i++)
			if (parts[i].id != C)
				call_ok(f, 0, F_SET, PAIR(0, parts[i].id), 0,
					parts[i].bind_from_nwd, 0);
		for (i = 0; i <= 3; i++) {
			call_ok(f, 0, F_CREATE, (ffp_u64)i, 2, 0, 0);
			call_ok(f, 0, F_BIND, PAIR(A, i), i == 3, 0x1, 0);
			call_ok(f, A, F_SET, PAIR(A, i), i == 3, 0x1, 0);
		}
		break;
	case S_INFO_REPORTED:
		scene_pending(f);
		call_ok(f, 0, F_INFO64, 0, 0, 0, 0);
		break;
	}
}

/* ---- checks of the state after ----------------------------------------- */

struct hcase;
typedef void (*check_fn)(struct fx *f, const struct ffp_regs *out);

struct hcase {
	const char *name; /* "<Hafnium function> <tag>: what" */
	ffp_u32 flags; /* personality flags */
	enum scene scene;
	ffp_u16 caller;
	ffp_u64 in[8];
	ffp_s32 want;
	check_fn check; /* an accepted call's state; FFP_NULL: none */
};

static void chk_version_1_0(struct fx *f, const struct ffp_regs *out)
{
	assert_int_equal(out->a[0], FFP_VERSION_1_2);
	assert_int_equal(f->s.nwd_version, FFP_VERSION_1_0);
	assert_int_equal(f->s.vms[0].ffa_version, FFP_VERSION_1_0);
}

static void chk_w2(const struct ffp_regs *out, ffp_u64 w2)
{
	assert_int_equal(out->a[0], FFP_SUCCESS_32);
	assert_int_equal(out->a[2], w2);
}

static void chk_sri_8(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	chk_w2(out, 8);
}

static void chk_npi_5(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	chk_w2(out, 5);
}

static void chk_mei_4(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	chk_w2(out, 4);
}

static void chk_id_a(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	chk_w2(out, A);
}

static void chk_spm_id(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	chk_w2(out, 0x8000);
}

static void chk_echoed(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	assert_int_equal(out->a[0], FFP_SMCCC_UNKNOWN);
	assert_int_equal(out->a[1], 0x11);
	assert_int_equal(out->a[7], 0x77);
}

static void chk_still_delayed(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	assert_true(f->s.sri_delayed);
	assert_int_equal(f->sris, 0);
}

static void chk_vm0_enabled_8(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	assert_true(f->s.vms[0].enabled);
	assert_int_equal(f->s.vms[0].vcpu_count, CPUS);
}

static void chk_vm5(struct fx *f, ffp_u16 vcpus)
{
	struct ffp_endpoint *ep = ffp_spmc_find_vm(&f->s, 5);

	assert_non_null(ep);
	assert_true(ep->enabled);
	assert_int_equal(ep->vcpu_count, vcpus);
}

static void chk_vm5_0(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	chk_vm5(f, 0);
}

static void chk_vm5_2(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	chk_vm5(f, 2);
}

static void chk_vm0_destroyed(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	assert_true(f->s.vms[0].exists);
	assert_false(f->s.vms[0].enabled);
	assert_int_equal(f->s.vms[0].vcpu_count, CPUS);
	assert_int_equal(f->s.vms[0].from_sp.sender[0], FFP_ID_INVALID);
	assert_int_equal(f->s.vms[0].from_sp.per_vcpu, 0);
}

static void chk_vm5_freed(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	assert_null(ffp_spmc_find_vm(&f->s, 5));
}

static void chk_unbound_0(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	assert_int_equal(f->s.vms[0].from_sp.sender[0], FFP_ID_INVALID);
	assert_int_equal(f->s.vms[0].from_sp.sender[1], A);
}

static void chk_bound_per_vcpu_20(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	assert_int_equal(f->s.vms[0].from_sp.sender[20], A);
	assert_true(f->s.vms[0].from_sp.per_vcpu & (1ULL << 20));
}

static void chk_bound_global_21(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	assert_int_equal(f->s.vms[0].from_sp.sender[21], A);
	assert_false(f->s.vms[0].from_sp.per_vcpu & (1ULL << 21));
}

static void chk_bound_from_vm(struct fx *f, const struct ffp_regs *out)
{
	struct ffp_sp *sp = ffp_spmc_find_sp(&f->s, A);

	(void)out;
	assert_int_equal(sp->ep.from_vm.sender[20], 0x7000);
}

static void chk_sp_d_pending_7(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	assert_int_equal(ffp_spmc_find_sp(&f->s, D)->ep.from_vm.global_pending,
			 1ULL << 7);
}

static void chk_pending_vcpu5(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	assert_int_equal(f->s.vms[0].from_sp.vcpu_pending[5], 0x4);
}

static void chk_pend_once(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	/* Set again after INFO_GET reported it: pending, still reported. */
	assert_int_equal(f->s.vms[0].from_sp.global_pending, 0x1);
	assert_int_equal(f->s.vms[0].from_sp.global_retrieved, 0x1);
	assert_int_equal(f->sris, 1);
}

static void chk_sri_once(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	/* The SET's SRI also delivered the delayed one. */
	assert_false(f->s.sri_delayed);
	assert_int_equal(f->sris, 1);
}

static void chk_delayed(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	/* Made by an SP: delivered at the next return to the NWd. */
	assert_true(f->s.sri_delayed);
	assert_int_equal(f->sris, 0);
}

static void chk_get_bits(const struct ffp_regs *out, ffp_u64 sp, ffp_u64 vm)
{
	assert_int_equal(out->a[0], FFP_SUCCESS_32);
	assert_int_equal(out->a[2] | out->a[3] << 32, sp);
	assert_int_equal(out->a[4] | out->a[5] << 32, vm);
	assert_int_equal(out->a[6], 0);
	assert_int_equal(out->a[7], 0);
}

static void chk_get_zero(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	chk_get_bits(out, 0, 0);
}

static void chk_get_vcpu1(struct fx *f, const struct ffp_regs *out)
{
	chk_get_bits(out, 0x5, 0);
	assert_int_equal(f->s.vms[0].from_sp.global_pending, 0);
	assert_int_equal(f->s.vms[0].from_sp.vcpu_pending[1], 0);
}

static void chk_get_vcpu0(struct fx *f, const struct ffp_regs *out)
{
	/* The global bits, not vCPU 1's, which stay pending and marked. */
	chk_get_bits(out, 0x1, 0);
	assert_int_equal(f->s.vms[0].from_sp.vcpu_pending[1], 0x4);
	assert_int_equal(f->s.vms[0].from_sp.vcpu_retrieved[1], 0x4);
	assert_int_equal(f->s.vms[0].from_sp.global_retrieved, 0);
}

/* The INFO_GET answer, register for register. */
static void chk_info(const struct ffp_regs *out, ffp_u64 x2, ffp_u64 x3,
		     ffp_u64 x4, ffp_u64 x5)
{
	assert_int_equal(out->a[0], FFP_SUCCESS_64);
	assert_int_equal(out->a[1], 0);
	assert_int_equal(out->a[2], x2);
	assert_int_equal(out->a[3], x3);
	assert_int_equal(out->a[4], x4);
	assert_int_equal(out->a[5], x5);
}

static void chk_info_global_vcpus(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	/* One list [0, 0, 1]: the global bit joins the vCPU list. */
	chk_info(out, 1 << 7 | 2 << 12, 0x0000000100000000ULL, 0, 0);
}

static void chk_info_both_sources(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	/* [A, 1, 1]: vCPU 1 once per source. */
	chk_info(out, 1 << 7 | 2 << 12, 0x0000000100018001ULL, 0, 0);
}

static void chk_info_source_order(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	/* [A, 2, 0]: partitions' vCPUs first, then VMs'. */
	chk_info(out, 1 << 7 | 2 << 12, 0x0000000000028001ULL, 0, 0);
}

static void chk_info_global_after_full(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	/* [A, 0, 1, 2], [A]. */
	chk_info(out, 2 << 7 | 3 << 12, 0x0002000100008001ULL, 0x8001, 0);
}

static void chk_info_overflow(struct fx *f, const struct ffp_regs *out)
{
	struct ffp_regs r = { { F_INFO64 } };

	/* [0,0,1,2] [0,3,4,5] [0,6,7] [1,0,1,2] [1,3,4,5]: 19 IDs; [1,6,7]
	 * needs two more and one is left: more pending.
	 */
	assert_int_equal(out->a[0], FFP_SUCCESS_64);
	assert_int_equal(out->a[2], 1 | 5 << 7 | 3 << 12 | 3 << 14 | 2 << 16 |
					    3 << 18 | 3 << 20);
	assert_int_equal(out->a[3], 0x0002000100000000ULL);
	assert_int_equal(out->a[4], 0x0005000400030000ULL);
	assert_int_equal(out->a[5], 0x0001000700060000ULL);
	assert_int_equal(out->a[6], 0x0001000200010000ULL);
	assert_int_equal(out->a[7], 0x0000000500040003ULL);
	/* The rest next time, and nothing more pending. */
	ffp_spmc_call(&f->s, 0, &r, &r);
	chk_info(&r, 1 << 7 | 2 << 12, 0x0000000700060001ULL, 0, 0);
	memset(&r, 0, sizeof(r));
	r.a[0] = F_INFO64;
	ffp_spmc_call(&f->s, 0, &r, &r);
	assert_int_equal(r.a[0], FFP_ERROR);
	assert_int_equal((ffp_s32)(ffp_u32)r.a[2], NODATA);
}

static void chk_info_11_lists(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	/* 10 global lists and [3, 0]; list 11's size at x2[33:32], where
	 * Hafnium's 32-bit arithmetic would wrap it onto bit 0.
	 */
	chk_info(out, 11ULL << 7 | 1ULL << 32, 0x8005800480028001ULL,
		 0x0000800880078006ULL, 0x0000000300020001ULL);
}

static void chk_info_pending(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	/* [0, 1]: the global ID 0 and ID 2 on vCPU 1, one list. */
	chk_info(out, 1 << 7 | 1 << 12, 0x0000000000010000ULL, 0, 0);
}

static void chk_boot(struct fx *f, const struct ffp_regs *out)
{
	chk_get_bits(out, 0, 0);
	assert_true(f->s.vms[0].exists);
	assert_false(f->s.vms[0].enabled);
	assert_int_equal(f->s.vms[0].vcpu_count, CPUS);
	assert_int_equal(f->s.vms[0].ffa_version, FFP_VERSION_1_2);
}

static void chk_d_enabled(struct fx *f, const struct ffp_regs *out)
{
	(void)out;
	assert_true(ffp_spmc_find_sp(&f->s, D)->ep.enabled);
	assert_false(ffp_spmc_find_sp(&f->s, C)->ep.enabled);
	chk_sp_d_pending_7(f, out);
}

static void chk_interrupt(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	assert_int_equal(out->a[0], FFP_INTERRUPT);
	assert_int_equal(out->a[1], PAIR(0x8008, 0));
}

static void chk_run_wait(struct fx *f, const struct ffp_regs *out)
{
	(void)f;
	assert_int_equal(out->a[0], FFP_MSG_WAIT);
}

/* ---- the cases ---------------------------------------------------------- */

#define R(...)              \
	{                   \
		__VA_ARGS__ \
	}

static const struct hcase cases[] = {
	/* ffa_handler (handler.c): what reaches a handler. */
	{ "ffa_handler H-DIS-1: SVE hint bit masked", 0, S_BOOT, 0,
	  R(F_CREATE | 0x10000, 0, CPUS), OK, chk_vm0_enabled_8 },
	{ "ffa_handler H-DIS-1: x0[63:32] ignored", 0, S_BOOT, 0,
	  R(F_CREATE | 0xabcd00000000ULL, 0, CPUS), OK, chk_vm0_enabled_8 },
	{ "ffa_handler H-DIS-2: INFO_GET_32 from the NWd", 0, S_PENDING, 0,
	  R(F_INFO32), NS, FFP_NULL },
	{ "ffa_handler H-DIS-2: unknown function from the NWd", 0, S_BOOT, 0,
	  R(0x840000ffULL), NS, FFP_NULL },
	{ "ffa_handler H-DIS-3: INFO_GET_32 from an SP: SMCCC unknown", 0,
	  S_BOOT, A, R(F_INFO32, 0x11, 0, 0, 0, 0, 0, 0x77), UNKNOWN,
	  chk_echoed },
	{ "ffa_handler H-DIS-4: no delayed SRI after an unknown call", 0,
	  S_DELAYED, 0, R(F_INFO32), NS, chk_still_delayed },

	/* load.c: what exists at boot. */
	{ "load_vms H-BOOT-1: ID 0 exists, MAX_CPUS vCPUs, no bitmap, v1.2", 0,
	  S_BOOT, 0, R(F_GET, (CPUS - 1) << 16, FFP_GET_SP), OK, chk_boot },
	{ "load_secondary H-BOOT-2: notifications per manifest, any version", 0,
	  S_BOOT, 0, R(F_SET, PAIR(0, D), 0, 1U << 7), OK, chk_d_enabled },

	/* api_ffa_version */
	{ "api_ffa_version H-VER-1: bit 31", 0, S_BOOT, 0,
	  R(F_VERSION, 0x80010001ULL), NS, FFP_NULL },
	{ "api_ffa_version H-VER-2: another major", 0, S_BOOT, 0,
	  R(F_VERSION, 0x20000), NS, FFP_NULL },
	{ "api_ffa_version H-VER-2: a newer minor (1.3)", 0, S_BOOT, 0,
	  R(F_VERSION, 0x10003), NS, FFP_NULL },
	{ "api_ffa_version H-VER-3: no change after other calls", 0, S_CREATED,
	  0, R(F_VERSION, 0x10000), NS, FFP_NULL },
	{ "api_ffa_version H-VER-3: the same version after other calls", 0,
	  S_CREATED, 0, R(F_VERSION, 0x10002), OK, FFP_NULL },
	{ "api_ffa_version H-VER-4: stores what was asked, answers 1.2", 0,
	  S_BOOT, 0, R(F_VERSION, 0x10000), OK, chk_version_1_0 },

	/* api_ffa_id_get, api_ffa_spm_id_get */
	{ "api_ffa_id_get H-ID-1: the caller's ID", 0, S_BOOT, A, R(F_ID_GET),
	  OK, chk_id_a },
	{ "api_ffa_spm_id_get H-ID-2: the SPMC's ID", 0, S_BOOT, 0,
	  R(F_SPM_ID_GET), OK, chk_spm_id },

	/* api_ffa_features */
	{ "api_ffa_features H-FEAT-1: INFO_GET_32 not supported", 0, S_BOOT, 0,
	  R(F_FEATURES, F_INFO32), NS, FFP_NULL },
	{ "api_ffa_features H-FEAT-1: INFO_GET_64 supported", 0, S_BOOT, 0,
	  R(F_FEATURES, F_INFO64), OK, FFP_NULL },
	{ "api_ffa_features H-FEAT-1: BIND supported, to SPs too", 0, S_BOOT, A,
	  R(F_FEATURES, F_BIND), OK, FFP_NULL },
	{ "api_ffa_features H-FEAT-2: feature ID with w2 set", 0, S_BOOT, 0,
	  R(F_FEATURES, FFP_FEAT_SRI, 1), NS, FFP_NULL },
	{ "api_ffa_features H-FEAT-2: feature ID with w1[30:8] set", 0, S_BOOT,
	  0, R(F_FEATURES, 0x102), NS, FFP_NULL },
	{ "api_ffa_features H-FEAT-3: SRI to the NWd", 0, S_BOOT, 0,
	  R(F_FEATURES, FFP_FEAT_SRI), OK, chk_sri_8 },
	{ "api_ffa_features H-FEAT-3: SRI not to SPs", 0, S_BOOT, A,
	  R(F_FEATURES, FFP_FEAT_SRI), NS, FFP_NULL },
	{ "api_ffa_features H-FEAT-3: NPI to SPs", 0, S_BOOT, A,
	  R(F_FEATURES, FFP_FEAT_NPI), OK, chk_npi_5 },
	{ "api_ffa_features H-FEAT-3: NPI not to the NWd", 0, S_BOOT, 0,
	  R(F_FEATURES, FFP_FEAT_NPI), NS, FFP_NULL },
	{ "api_ffa_features H-FEAT-3: MEI to SPs", 0, S_BOOT, A,
	  R(F_FEATURES, FFP_FEAT_MEI), OK, chk_mei_4 },

	/* api_ffa_notification_bitmap_create */
	{ "api_ffa_notification_bitmap_create H-BMP-1: from an SP", 0, S_BOOT,
	  A, R(F_CREATE, B, 1), NS, FFP_NULL },
	{ "api_ffa_notification_bitmap_create H-BMP-2: an SP ID", 0, S_BOOT, 0,
	  R(F_CREATE, A, 1), INV, FFP_NULL },
	{ "api_ffa_notification_bitmap_create H-CRE-1: ID 0 twice", 0,
	  S_CREATED, 0, R(F_CREATE, 0, CPUS), DEN, FFP_NULL },
	{ "api_ffa_notification_bitmap_create H-CRE-2: ID 0 ignores the count",
	  0, S_BOOT, 0, R(F_CREATE, 0, 0), OK, chk_vm0_enabled_8 },
	{ "api_ffa_notification_bitmap_create H-CRE-3: no free slot", 0,
	  S_SLOTS_FULL, 0, R(F_CREATE, 4, 2), NOMEM, FFP_NULL },
	{ "api_ffa_notification_bitmap_create H-CRE-4: twice, slots full", 0,
	  S_SLOTS_FULL, 0, R(F_CREATE, 2, 2), DEN, FFP_NULL },
	{ "api_ffa_notification_bitmap_create H-CRE-4: twice", 0, S_VM5_2, 0,
	  R(F_CREATE, 5, 2), DEN, FFP_NULL },
	{ "api_ffa_notification_bitmap_create H-CRE-5: 0 vCPUs accepted", 0,
	  S_BOOT, 0, R(F_CREATE, 5, 0), OK, chk_vm5_0 },
	{ "api_ffa_notification_bitmap_create H-CRE-5: count read as 16 bits",
	  0, S_BOOT, 0, R(F_CREATE, 5, 0x10002), OK, chk_vm5_2 },
	{ "api_ffa_notification_bitmap_create H-CRE-5: more vCPUs than held", 0,
	  S_BOOT, 0, R(F_CREATE, 5, FFP_SPMC_MAX_VCPUS + 1), NOMEM, FFP_NULL },
	{ "api_ffa_notification_bitmap_create H-CRE-5: w3 ignored", 0, S_BOOT,
	  0, R(F_CREATE, 5, 2, 1), OK, chk_vm5_2 },
	{ "api_ffa_notification_bitmap_create strict: w3 MBZ", STRICT, S_BOOT,
	  0, R(F_CREATE, 5, 2, 1), INV, FFP_NULL },
	{ "api_ffa_notification_bitmap_create strict: w2[31:16] MBZ", STRICT,
	  S_BOOT, 0, R(F_CREATE, 5, 0x10002), INV, FFP_NULL },

	/* api_ffa_notification_bitmap_destroy */
	{ "api_ffa_notification_bitmap_destroy H-BMP-1: from an SP", 0,
	  S_CREATED, A, R(F_DESTROY, 0), NS, FFP_NULL },
	{ "api_ffa_notification_bitmap_destroy H-BMP-2: an SP ID", 0, S_CREATED,
	  0, R(F_DESTROY, A), INV, FFP_NULL },
	{ "api_ffa_notification_bitmap_destroy H-DES-1: never created", 0,
	  S_CREATED, 0, R(F_DESTROY, 9), DEN, FFP_NULL },
	{ "api_ffa_notification_bitmap_destroy H-DES-2: ID 0 not created", 0,
	  S_BOOT, 0, R(F_DESTROY, 0), DEN, FFP_NULL },
	{ "api_ffa_notification_bitmap_destroy H-DES-3: pending", 0, S_PENDING,
	  0, R(F_DESTROY, 0), DEN, FFP_NULL },
	{ "api_ffa_notification_bitmap_destroy H-DES-3: IDs 32-63 pending", 0,
	  S_HIGH_PENDING, 0, R(F_DESTROY, 0), DEN, FFP_NULL },
	{ "api_ffa_notification_bitmap_destroy H-DES-4: ID 0 stays", 0, S_BOUND,
	  0, R(F_DESTROY, 0), OK, chk_vm0_destroyed },
	{ "api_ffa_notification_bitmap_destroy H-DES-4: a slot is freed", 0,
	  S_VM5_2, 0, R(F_DESTROY, 5), OK, chk_vm5_freed },
	{ "api_ffa_notification_bitmap_destroy H-DES-4: w2 ignored", 0, S_VM5_2,
	  0, R(F_DESTROY, 5, 7), OK, chk_vm5_freed },
	{ "api_ffa_notification_bitmap_destroy strict: w2 MBZ", STRICT, S_VM5_2,
	  0, R(F_DESTROY, 5, 7), INV, FFP_NULL },

	/* api_ffa_notification_update_bindings */
	{ "api_ffa_notification_update_bindings H-BND-1: BIND flags", 0,
	  S_CREATED, 0, R(F_BIND, PAIR(A, 0), 2, 1), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-1: UNBIND w2 unread", 0,
	  S_BOUND, 0, R(F_UNBIND, PAIR(A, 0), 0xff, 1), OK, chk_unbound_0 },
	{ "api_ffa_notification_update_bindings strict: UNBIND w2 MBZ", STRICT,
	  S_BOUND, 0, R(F_UNBIND, PAIR(A, 0), 0xff, 1), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-1: w5 ignored", 0,
	  S_CREATED, 0, R(F_BIND, PAIR(A, 0), 0, 1U << 21, 0, 9), OK,
	  chk_bound_global_21 },
	{ "api_ffa_notification_update_bindings strict: w5 MBZ", STRICT,
	  S_CREATED, 0, R(F_BIND, PAIR(A, 0), 0, 1U << 21, 0, 9), INV,
	  FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-2a: LP sender first", 0,
	  S_BOOT, 0, R(F_BIND, PAIR(LP, 0), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-2b: sender is receiver",
	  0, S_BOOT, A, R(F_BIND, PAIR(A, A), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-2c: SP for another", 0,
	  S_BOOT, A, R(F_BIND, PAIR(0, B), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-2c: SP from any VM", 0,
	  S_BOOT, A, R(F_BIND, PAIR(0x7000, A), 0, 1U << 20), OK,
	  chk_bound_from_vm },
	{ "api_ffa_notification_update_bindings H-BND-2d: NWd, VM sender", 0,
	  S_CREATED, 0, R(F_BIND, PAIR(5, 0), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-2d: NWd, SP receiver", 0,
	  S_CREATED, 0, R(F_BIND, PAIR(A, B), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-2e: sender 0x7fff", 0,
	  S_BOOT, A, R(F_BIND, PAIR(0x7fff, A), 1, 1U << 20), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-3: zero bitmap", 0,
	  S_CREATED, 0, R(F_BIND, PAIR(A, 0), 0, 0, 0), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-4: unknown VM", 0,
	  S_CREATED, 0, R(F_BIND, PAIR(A, 9), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-5: receiver at v1.0", 0,
	  S_BOOT, D, R(F_BIND, PAIR(0, D), 0, 1), NS, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-5: NWd at v1.0", 0,
	  S_VERSION_1_0, 0, R(F_BIND, PAIR(A, 0), 0, 1), NS, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-6: no bitmap", 0, S_BOOT,
	  0, R(F_BIND, PAIR(A, 0), 0, 1), NS, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-6: SP without support", 0,
	  S_BOOT, C, R(F_BIND, PAIR(0, C), 0, 1), NS, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-6: before H-BND-7", 0,
	  S_BOOT, 0, R(F_BIND, PAIR(0x8000, 0), 0, 1), NS, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-7: the SPMC as sender", 0,
	  S_CREATED, 0, R(F_BIND, PAIR(0x8000, 0), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-7: unknown SP sender", 0,
	  S_CREATED, 0, R(F_BIND, PAIR(0x8077, 0), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-7: not for UNBIND", 0,
	  S_CREATED, 0, R(F_UNBIND, PAIR(0x8077, 0), 0, 1), DEN, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-8: bound, same sender", 0,
	  S_BOUND, 0, R(F_BIND, PAIR(A, 0), 0, 1), DEN, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-8: UNBIND other sender",
	  0, S_BOUND, 0, R(F_UNBIND, PAIR(B, 0), 0, 1), DEN, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-9: pending", 0, S_PENDING,
	  0, R(F_UNBIND, PAIR(A, 0), 0, 0x4), DEN, FFP_NULL },
	{ "api_ffa_notification_update_bindings H-BND-10: per-vCPU bind", 0,
	  S_CREATED, 0, R(F_BIND, PAIR(A, 0), 1, 1U << 20), OK,
	  chk_bound_per_vcpu_20 },

	/* api_ffa_notification_set */
	{ "api_ffa_notification_set H-SET-1: flags [15:2]", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, 0), 4, 1), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-1: w5 ignored", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, 0), 0, 1, 0, 5), OK, FFP_NULL },
	{ "api_ffa_notification_set strict: w5 MBZ", STRICT, S_BOUND, A,
	  R(F_SET, PAIR(A, 0), 0, 1, 0, 5), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-2: global with a vCPU", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, 0), 1 << 16, 1), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-3a: to an LP", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, LP), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-3b: to itself", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, A), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-3c: SP as another", 0, S_BOUND, A,
	  R(F_SET, PAIR(B, 0), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-3d: NWd as an SP", 0, S_BOUND, 0,
	  R(F_SET, PAIR(A, B), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-3d: NWd to a VM", 0, S_BOUND, 0,
	  R(F_SET, PAIR(0, 5), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-3e: sender 0x7fff", 0, S_BOUND, 0,
	  R(F_SET, PAIR(0x7fff, A), 0, 1U << 20), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-4: zero bitmap", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, 0), 0, 0, 0), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-5: NWd delays the SRI", 0, S_BOUND, 0,
	  R(F_SET, PAIR(0, A), FFP_SET_DELAY_SRI, 1U << 8), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-6: unknown VM", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, 9), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-6: the SPMC", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, 0x8000), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-7: no bitmap", 0, S_BOOT, A,
	  R(F_SET, PAIR(A, 0), 0, 1), DEN, FFP_NULL },
	{ "api_ffa_notification_set H-SET-7: SP without support", 0, S_BOOT, 0,
	  R(F_SET, PAIR(0, C), 0, 1), DEN, FFP_NULL },
	{ "api_ffa_notification_set H-SET-7: no version check", 0,
	  S_VERSION_1_0, 0, R(F_SET, PAIR(0, D), 0, 1U << 7), OK,
	  chk_sp_d_pending_7 },
	{ "api_ffa_notification_set H-SET-8: global, bound per vCPU", 0,
	  S_BOUND, A, R(F_SET, PAIR(A, 0), 0, 0x4), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-9: per vCPU, unbound", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, 0), 1, 1U << 30), DEN, FFP_NULL },
	{ "api_ffa_notification_set H-SET-9: mixed kinds", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, 0), 1, 0x5), DEN, FFP_NULL },
	{ "api_ffa_notification_set H-SET-9: bound to another", 0, S_BOUND, B,
	  R(F_SET, PAIR(B, 0), 0, 1), DEN, FFP_NULL },
	{ "api_ffa_notification_set H-SET-10: vCPU beyond MAX_CPUS", 0, S_BOUND,
	  A, R(F_SET, PAIR(A, 0), CPUS << 16 | 1, 0x4), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-10: ID 0's vCPUs are MAX_CPUS", 0,
	  S_CREATED_2, A, R(F_SET, PAIR(A, 0), 5 << 16 | 1, 0x4), OK,
	  chk_pending_vcpu5 },
	{ "api_ffa_notification_set H-SET-10: a VM of 0 vCPUs", 0, S_VM5_0, A,
	  R(F_SET, PAIR(A, 5), 0, 1), INV, FFP_NULL },
	{ "api_ffa_notification_set H-SET-11: per vCPU pends", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, 0), 5 << 16 | 1, 0x4), OK, chk_pending_vcpu5 },
	{ "api_ffa_notification_set H-SET-11: pending stays reported", 0,
	  S_INFO_REPORTED, A, R(F_SET, PAIR(A, 0), 0, 0x1), OK, chk_pend_once },
	{ "api_ffa_notification_set H-SET-12: delivers a delayed SRI", 0,
	  S_DELAYED, A, R(F_SET, PAIR(A, 0), 0, 0x2), OK, chk_sri_once },
	{ "api_ffa_notification_set H-SET-12: delayed by an SP", 0, S_BOUND, A,
	  R(F_SET, PAIR(A, 0), FFP_SET_DELAY_SRI, 0x2), OK, chk_delayed },

	/* api_ffa_notification_get */
	{ "api_ffa_notification_get H-GET-1: flags [31:4]", 0, S_PENDING, 0,
	  R(F_GET, 0, 0x11), INV, FFP_NULL },
	{ "api_ffa_notification_get H-GET-1: w3 ignored", 0, S_PENDING, 0,
	  R(F_GET, 1 << 16, FFP_GET_SP, 3), OK, chk_get_vcpu1 },
	{ "api_ffa_notification_get strict: w3 MBZ", STRICT, S_PENDING, 0,
	  R(F_GET, 1 << 16, FFP_GET_SP, 3), INV, FFP_NULL },
	{ "api_ffa_notification_get H-GET-2: an SP, another's", 0, S_PENDING, A,
	  R(F_GET, B, FFP_GET_SP), INV, FFP_NULL },
	{ "api_ffa_notification_get H-GET-2: the NWd, an SP's", 0, S_PENDING, 0,
	  R(F_GET, A, FFP_GET_SP), INV, FFP_NULL },
	{ "api_ffa_notification_get H-GET-2: a VM's VM bitmap", 0, S_PENDING, 0,
	  R(F_GET, 0, FFP_GET_VM), INV, FFP_NULL },
	{ "api_ffa_notification_get H-GET-2: a VM's HYP bitmap", 0, S_PENDING,
	  0, R(F_GET, 0, FFP_GET_HYP), INV, FFP_NULL },
	{ "api_ffa_notification_get H-GET-2: an SP, all four", 0, S_PENDING, A,
	  R(F_GET, A, FFP_GET_ALL), OK, chk_get_zero },
	{ "api_ffa_notification_get H-GET-3: a VM without a bitmap", 0,
	  S_PENDING, 0, R(F_GET, 9, FFP_GET_SP), INV, FFP_NULL },
	{ "api_ffa_notification_get H-GET-3: ID 0 before its bitmap", 0, S_BOOT,
	  0, R(F_GET, 0, FFP_GET_SP | FFP_GET_SPM), OK, chk_get_zero },
	{ "api_ffa_notification_get H-GET-4: vCPU beyond MAX_CPUS", 0,
	  S_PENDING, 0, R(F_GET, CPUS << 16, FFP_GET_SP), INV, FFP_NULL },
	{ "api_ffa_notification_get H-GET-4: ID 0 past its created count", 0,
	  S_CREATED_2, 0, R(F_GET, 5 << 16, FFP_GET_SP), OK, chk_get_zero },
	{ "api_ffa_notification_get H-GET-5: global and that vCPU", 0,
	  S_PENDING, 0, R(F_GET, 1 << 16, FFP_GET_SP | FFP_GET_SPM), OK,
	  chk_get_vcpu1 },
	{ "api_ffa_notification_get H-GET-5: other vCPUs untouched", 0,
	  S_INFO_REPORTED, 0, R(F_GET, 0, FFP_GET_SP), OK, chk_get_vcpu0 },

	{ "api_ffa_notification_get H-GET-6: no framework notifications", 0,
	  S_PENDING, A, R(F_GET, A, FFP_GET_SPM | FFP_GET_HYP), OK,
	  chk_get_zero },

	/* api_ffa_notification_info_get */
	{ "api_ffa_notification_info_get H-INF-1: from an SP", 0, S_PENDING, A,
	  R(F_INFO64), NS, FFP_NULL },
	{ "api_ffa_notification_info_get H-INF-1: w1 ignored", 0, S_PENDING, 0,
	  R(F_INFO64, 1), OK, chk_info_pending },
	{ "api_ffa_notification_info_get strict: w1 MBZ", STRICT, S_PENDING, 0,
	  R(F_INFO64, 1), INV, FFP_NULL },
	{ "api_ffa_notification_info_get H-INF-2: global joins vCPU list", 0,
	  S_INFO_GLOBAL_VCPUS, 0, R(F_INFO64), OK, chk_info_global_vcpus },
	{ "api_ffa_notification_info_get H-INF-2: a vCPU from both worlds", 0,
	  S_INFO_BOTH_SOURCES, 0, R(F_INFO64), OK, chk_info_both_sources },
	{ "api_ffa_notification_info_get H-INF-2: SP world first", 0,
	  S_INFO_SOURCE_ORDER, 0, R(F_INFO64), OK, chk_info_source_order },
	{ "api_ffa_notification_info_get H-INF-2: global after a full list", 0,
	  S_INFO_GLOBAL_AFTER_FULL, 0, R(F_INFO64), OK,
	  chk_info_global_after_full },
	{ "api_ffa_notification_info_get H-INF-3: nothing pending", 0, S_BOUND,
	  0, R(F_INFO64), NODATA, FFP_NULL },
	{ "api_ffa_notification_info_get H-INF-3: all reported", 0,
	  S_INFO_REPORTED, 0, R(F_INFO64), NODATA, FFP_NULL },
	{ "api_ffa_notification_info_get H-INF-4: more pending", 0,
	  S_INFO_OVERFLOW, 0, R(F_INFO64), OK, chk_info_overflow },
	{ "api_ffa_notification_info_get H-INF-5: list 11's size", 0,
	  S_INFO_11_LISTS, 0, R(F_INFO64), OK, chk_info_11_lists },

	/* api_ffa_run */
	{ "api_ffa_run H-RUN-1: a VM", 0, S_BOOT, 0, R(F_RUN, PAIR(5, 0)), INV,
	  FFP_NULL },
	{ "api_ffa_run H-RUN-1: unknown SP", 0, S_BOOT, 0,
	  R(F_RUN, PAIR(0x8077, 0)), INV, FFP_NULL },
	{ "api_ffa_run H-RUN-2: vCPU out of range", 0, S_BOOT, 0,
	  R(F_RUN, PAIR(B, 2)), INV, FFP_NULL },
	{ "api_ffa_run H-RUN-2: w2 ignored", 0, S_BOOT, 0,
	  R(F_RUN, PAIR(B, 1), 3), OK, chk_run_wait },
	{ "api_ffa_run strict: w2 MBZ", STRICT, S_BOOT, 0,
	  R(F_RUN, PAIR(B, 1), 3), INV, FFP_NULL },
	{ "api_ffa_run H-RUN-3: preempted by an NS interrupt", 0, S_BOOT, 0,
	  R(F_RUN, PAIR(0x8008, 0)), OK, chk_interrupt },
	{ "api_ffa_run H-RUN-4: from an SP", 0, S_BOOT, A, R(F_RUN, PAIR(B, 0)),
	  DEN, FFP_NULL },
};

/* ---- the runner --------------------------------------------------------- */

static ffp_s32 status_of(ffp_u64 fid, const struct ffp_regs *out)
{
	if (out->a[0] == FFP_SMCCC_UNKNOWN)
		return UNKNOWN;
	if ((ffp_u32)fid == (ffp_u32)F_VERSION)
		return (ffp_u32)out->a[0] == 0xffffffffU ? NS : OK;
	if ((ffp_u32)out->a[0] == FFP_ERROR)
		return (ffp_s32)(ffp_u32)out->a[2];
	return OK;
}

/* What Hafnium's ffa_handler() dispatches (the SVE hint masked). */
static int dispatched(ffp_u64 a0)
{
	switch ((ffp_u32)a0 & ~FFP_SMCCC_SVE_HINT) {
	case F_VERSION:
	case F_FEATURES:
	case F_ID_GET:
	case F_SPM_ID_GET:
	case F_RUN:
	case F_CREATE:
	case F_DESTROY:
	case F_BIND:
	case F_UNBIND:
	case F_SET:
	case F_GET:
	case F_INFO64:
		return 1;
	default:
		return 0;
	}
}

/*
 * A refused call changes nothing but what serving any call does: the
 * counter; for a dispatched one, the caller's FF-A version is fixed (by
 * anything but VERSION) and a return to the NWd delivers a delayed SRI.
 */
static void expect_unchanged(struct fx *before, const struct fx *after,
			     const struct hcase *c)
{
	struct ffp_endpoint *ep;

	before->s.calls++;
	if (dispatched(c->in[0])) {
		ep = FFP_ID_IS_SP(c->caller)
			     ? &ffp_spmc_find_sp(&before->s, c->caller)->ep
			     : &before->s.vms[0];
		if ((ffp_u32)c->in[0] != (ffp_u32)F_VERSION)
			ep->version_locked = 1;
		if (!FFP_ID_IS_SP(c->caller) && before->s.sri_delayed) {
			before->s.sri_delayed = 0;
			before->s.sris++;
			before->sris++;
		}
	}
	assert_memory_equal(&before->s, &after->s, sizeof(after->s));
	assert_int_equal(before->sris, after->sris);
}

static const char *status_str(ffp_s32 st)
{
	return st == UNKNOWN ? "SMCCC unknown" : ffp_status_name(st);
}

static void run_case(void **state)
{
	const struct hcase *c = *state;
	struct ffp_spmc_config cfg = {
		.personality = FFP_SPMC_HAFNIUM,
		.flags = c->flags,
		.max_cpus = CPUS,
	};
	struct ffp_regs in, out;
	struct fx *f = calloc(1, sizeof(*f));
	struct fx *before = calloc(1, sizeof(*f));
	ffp_s32 got;
	int i;

	assert_non_null(f);
	assert_non_null(before);
	assert_int_equal(ffp_spmc_init(&f->s, parts, FFP_ARRAY_SIZE(parts),
				       &cfg, &ops, f),
			 0);
	scene(f, c->scene);
	f->sris = 0;
	for (i = 0; i < 8; i++)
		in.a[i] = c->in[i];
	*before = *f;
	ffp_spmc_call(&f->s, c->caller, &in, &out);
	got = status_of(c->in[0], &out);
	if (got != c->want)
		fail_msg("%s (%s): expected %s, got %s (x0 %#llx x2 %#llx)",
			 c->name, ffp_spmc_config_name(&cfg),
			 status_str(c->want), status_str(got),
			 (unsigned long long)out.a[0],
			 (unsigned long long)out.a[2]);
	if (c->want != OK)
		expect_unchanged(before, f, c);
	if (c->check)
		c->check(f, &out);
	free(before);
	free(f);
}

int main(void)
{
	struct CMUnitTest tests[FFP_ARRAY_SIZE(cases)];
	size_t i;

	for (i = 0; i < FFP_ARRAY_SIZE(cases); i++) {
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = cases[i].name;
		tests[i].test_func = run_case;
		tests[i].initial_state = (void *)&cases[i];
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
