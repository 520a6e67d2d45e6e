// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * Unit tests of the reference SPMC model (protocol/ffp_spmc.c), driven
 * with raw registers built by the ffp_enc_* helpers, as the NWd kernel
 * (caller 0) and as partitions (caller = SP ID).  Each of Hafnium v2.13's
 * checks (docs/ffa-notifications-abi.md sections 4 and 7) is exercised
 * with its exact FF-A status, check ordering is probed with requests that
 * violate two checks, every refused call is verified to leave the model
 * untouched, INFO_GET reproduces the spec 16.7.1.1 example, and a fixed
 * seed random walk runs the model over arbitrary registers.
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

/* The test's own partitions. */
#define SP_A 0x8011 /* receives notifications, 4 vCPUs */
#define SP_B 0x8012 /* receives notifications, 8 vCPUs */
#define SP_N 0x8013 /* no property bit 3: receives nothing */
#define SP_OLD 0x8014 /* property bit 3, but FF-A v1.0 */
#define SP_E 0x8015 /* echo partition, 2 vCPUs */
#define SP_UNKNOWN 0x8077 /* not a partition of the model */

/* What SP_E binds from NWd endpoint 0 at boot. */
#define E_GLOBAL 0x00000f0000000000ULL /* IDs 40-43 */
#define E_PERCPU 0x0000f00000000000ULL /* IDs 44-47 */

#define PROPS (FFP_PART_DIRECT_REQ_RECV | FFP_PART_AARCH64)

static const struct ffp_partition_desc test_parts[] = {
	{
		.id = SP_A,
		.vcpu_count = 4,
		.properties = PROPS | FFP_PART_NOTIF_RECV,
		.ffa_version = FFP_VERSION_1_1,
		.name = "a",
	},
	{
		.id = SP_B,
		.vcpu_count = 8,
		.properties = PROPS | FFP_PART_NOTIF_RECV,
		.ffa_version = FFP_VERSION_1_1,
		.name = "b",
	},
	{
		.id = SP_N,
		.vcpu_count = 1,
		.properties = PROPS,
		.ffa_version = FFP_VERSION_1_1,
		.name = "no-recv",
	},
	{
		.id = SP_OLD,
		.vcpu_count = 1,
		.properties = PROPS | FFP_PART_NOTIF_RECV,
		.ffa_version = FFP_VERSION_1_0,
		.name = "v1.0",
	},
	{
		.id = SP_E,
		.vcpu_count = 2,
		.properties = PROPS | FFP_PART_NOTIF_RECV,
		.ffa_version = FFP_VERSION_1_1,
		.behaviour = FFP_SP_ECHO,
		.bind_from_nwd = E_GLOBAL | E_PERCPU,
		.bind_from_nwd_per_vcpu = E_PERCPU,
		.name = "echo",
	},
};

#define N_PARTS ((ffp_u32)FFP_ARRAY_SIZE(test_parts))

#define RET_OK FFP_RET_SUCCESS
#define RET_NS FFP_RET_NOT_SUPPORTED
#define RET_INV FFP_RET_INVALID_PARAMETERS
#define RET_NOMEM FFP_RET_NO_MEMORY
#define RET_DENIED FFP_RET_DENIED
#define RET_NODATA FFP_RET_NO_DATA

struct fx {
	struct ffp_spmc s;
	unsigned int sris; /* raise_sri calls seen by the ops */
	unsigned int traces;
	unsigned int sp_traces; /* traced calls made by partitions */
};

static void on_sri(void *ctx)
{
	((struct fx *)ctx)->sris++;
}

static void on_trace(void *ctx, ffp_u16 caller, const struct ffp_regs *in,
		     const struct ffp_regs *out)
{
	struct fx *f = ctx;

	(void)in;
	(void)out;
	f->traces++;
	if (FFP_ID_IS_SP(caller))
		f->sp_traces++;
}

static const struct ffp_spmc_ops test_ops = {
	.raise_sri = on_sri,
	.trace = on_trace,
};

static struct ffp_spmc snap;

/* These tests hold the model to its strict setting (MBZ registers too);
 * Hafnium's exact answers are test-spmc-hafnium.c's.
 */
static struct ffp_spmc_config fx_cfg = {
	.personality = FFP_SPMC_HAFNIUM,
	.flags = FFP_SPMC_STRICT,
};

/*
 * Serve one call.  A refused call (FFA_ERROR, or VERSION's NOT_SUPPORTED)
 * must leave the model as it was, but for the call counter and an SRI an
 * SP delayed, which any return to the NWd delivers.
 */
static void do_call(struct fx *f, ffp_u16 caller, const struct ffp_regs *in,
		    struct ffp_regs *out)
{
	ffp_u32 fid = (ffp_u32)in->a[0];
	unsigned int sris = f->sris;
	int refused;

	memcpy(&snap, &f->s, sizeof(snap));
	ffp_spmc_call(&f->s, caller, in, out);
	refused = (ffp_u32)out->a[0] == FFP_ERROR ||
		  out->a[0] == FFP_SMCCC_UNKNOWN ||
		  (fid == FFP_VERSION && (ffp_u32)out->a[0] == 0xffffffffU);
	if (!refused)
		return;
	snap.calls++;
	/* Any call fixes its caller's FF-A version (test-spmc-hafnium.c
	 * holds that to Hafnium's rule).
	 */
	for (int i = 0; i < FFP_SPMC_MAX_VMS; i++)
		snap.vms[i].version_locked = f->s.vms[i].version_locked;
	for (ffp_u32 i = 0; i < snap.n_sps; i++)
		snap.sps[i].ep.version_locked = f->s.sps[i].ep.version_locked;
	if (snap.sri_delayed && !FFP_ID_IS_SP(caller) &&
	    ffp_spmc_dispatches(&f->s, in->a[0])) {
		snap.sri_delayed = 0;
		snap.sris++;
		sris++;
	}
	assert_memory_equal(&snap, &f->s, sizeof(snap));
	assert_int_equal(f->sris, sris);
}

static void expect_st(struct fx *f, ffp_u16 caller, const struct ffp_regs *in,
		      ffp_s32 want, const char *file, int line)
{
	struct ffp_regs out;
	ffp_s32 got;

	do_call(f, caller, in, &out);
	if ((ffp_u32)out.a[0] == FFP_SUCCESS_32)
		got = RET_OK;
	else if ((ffp_u32)out.a[0] == FFP_ERROR)
		got = (ffp_s32)(ffp_u32)out.a[2];
	else
		got = 12345; /* not a SUCCESS/ERROR answer */
	if (got != want) {
		print_error("%s:%d: caller 0x%04x %s: expected %s, got %s "
			    "(w0 0x%llx)\n",
			    file, line, caller, ffp_fn_name((ffp_u32)in->a[0]),
			    ffp_status_name(want), ffp_status_name(got),
			    (unsigned long long)out.a[0]);
		_fail(file, line);
	}
	if (want != RET_OK)
		_assert_int_equal(out.a[1], 0, file, line);
}

#define EXPECT(f, caller, regs, st) \
	expect_st(f, caller, regs, st, __FILE__, __LINE__)

#define BIND(f, caller, snd, rcv, flags, bm, st)        \
	do {                                            \
		struct ffp_regs r_;                     \
		ffp_enc_bind(&r_, snd, rcv, flags, bm); \
		EXPECT(f, caller, &r_, st);             \
	} while (0)

#define UNBIND(f, caller, snd, rcv, bm, st)        \
	do {                                       \
		struct ffp_regs r_;                \
		ffp_enc_unbind(&r_, snd, rcv, bm); \
		EXPECT(f, caller, &r_, st);        \
	} while (0)

#define SET(f, caller, snd, rcv, flags, vcpu, bm, st)        \
	do {                                                 \
		struct ffp_regs r_;                          \
		ffp_enc_set(&r_, snd, rcv, flags, vcpu, bm); \
		EXPECT(f, caller, &r_, st);                  \
	} while (0)

#define GET_ST(f, caller, rcv, vcpu, flags, st)     \
	do {                                        \
		struct ffp_regs r_;                 \
		ffp_enc_get(&r_, rcv, vcpu, flags); \
		EXPECT(f, caller, &r_, st);         \
	} while (0)

#define CREATE(f, caller, vm, vcpus, st)               \
	do {                                           \
		struct ffp_regs r_;                    \
		ffp_enc_bitmap_create(&r_, vm, vcpus); \
		EXPECT(f, caller, &r_, st);            \
	} while (0)

#define DESTROY(f, caller, vm, st)               \
	do {                                     \
		struct ffp_regs r_;              \
		ffp_enc_bitmap_destroy(&r_, vm); \
		EXPECT(f, caller, &r_, st);      \
	} while (0)

static ffp_u32 version(struct fx *f, ffp_u16 caller, ffp_u32 v)
{
	struct ffp_regs r;

	ffp_enc_version(&r, v);
	do_call(f, caller, &r, &r);
	return (ffp_u32)r.a[0];
}

/* A GET that must succeed; returns the four bitmaps. */
static struct ffp_get_result get_ok(struct fx *f, ffp_u16 caller, ffp_u16 rcv,
				    ffp_u16 vcpu, ffp_u32 flags)
{
	struct ffp_get_result res;
	struct ffp_regs r;

	ffp_enc_get(&r, rcv, vcpu, flags);
	do_call(f, caller, &r, &r);
	assert_int_equal(r.a[0], FFP_SUCCESS_32);
	ffp_dec_get_resp(&r, &res);
	return res;
}

static void info_get(struct fx *f, int is_64, struct ffp_regs *out)
{
	struct ffp_regs r;

	ffp_enc_info_get(&r, is_64);
	do_call(f, 0, &r, out);
}

static void expect_no_data(struct fx *f)
{
	struct ffp_regs r;

	info_get(f, 1, &r);
	assert_int_equal(r.a[0], FFP_ERROR);
	assert_int_equal((ffp_s32)(ffp_u32)r.a[2], RET_NODATA);
	/* Hafnium serves only the 64-bit INFO_GET. */
	info_get(f, 0, &r);
	assert_int_equal(r.a[0], FFP_ERROR);
	assert_int_equal((ffp_s32)(ffp_u32)r.a[2], RET_NS);
}

/* A model with the given partitions; nwd_ver 0 skips FFA_VERSION and
 * vm0_vcpus 0 skips the bitmap of endpoint 0.
 */
static struct fx *fx_new(const struct ffp_partition_desc *parts, ffp_u32 n,
			 ffp_u32 nwd_ver, ffp_u32 vm0_vcpus)
{
	struct fx *f = test_calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(ffp_spmc_init(&f->s, parts, n, &fx_cfg, &test_ops, f),
			 0);
	if (nwd_ver)
		assert_int_equal(version(f, 0, nwd_ver), FFP_VERSION_1_2);
	if (vm0_vcpus)
		CREATE(f, 0, 0, vm0_vcpus, RET_OK);
	return f;
}

/* The usual model: NWd at v1.1, endpoint 0 with 8 vCPUs. */
static int setup_std(void **state)
{
	*state = fx_new(test_parts, N_PARTS, FFP_VERSION_1_1, 8);
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

/* ---- VERSION, ID_GET, FEATURES ------------------------------------------ */

static void test_version(void **state)
{
	struct fx *f = fx_new(test_parts, N_PARTS, 0, 0);

	(void)state;
	/* Another major, a newer minor, bit 31: NOT_SUPPORTED in w0. */
	assert_int_equal(version(f, 0, 0x00020000U), 0xffffffffU);
	assert_int_equal(version(f, 0, 0x00010003U), 0xffffffffU);
	assert_int_equal(version(f, 0, 0x80010001U), 0xffffffffU);
	assert_int_equal(version(f, 0, 0x00000001U), 0xffffffffU);
	/* Until other calls, the NWd may say and change its version. */
	assert_int_equal(version(f, 0, FFP_VERSION_1_0), FFP_VERSION_1_2);
	assert_int_equal(version(f, 0, FFP_VERSION_1_1), FFP_VERSION_1_2);
	CREATE(f, 0, 0, 4, RET_OK);
	BIND(f, 0, SP_A, 0, 0, 1, RET_OK);
	/* Then it is fixed; the same one may be asked again. */
	assert_int_equal(version(f, 0, FFP_VERSION_1_0), 0xffffffffU);
	assert_int_equal(version(f, 0, FFP_VERSION_1_1), FFP_VERSION_1_2);
	/* An SP that says v1.0 first is a v1.0 receiver. */
	assert_int_equal(version(f, SP_B, FFP_VERSION_1_0), FFP_VERSION_1_2);
	BIND(f, SP_B, 0, SP_B, 0, 1, RET_NS);
	BIND(f, 0, SP_A, 0, 0, 2, RET_OK);
	test_free(f);

	/* A NWd that said v1.0 before its bitmap gets no notifications. */
	f = fx_new(test_parts, N_PARTS, FFP_VERSION_1_0, 4);
	BIND(f, 0, SP_A, 0, 0, 4, RET_NS);
	test_free(f);
}

/*
 * Built for v1.1 (config version): a newer minor is answered with v1.1
 * (the spec's rule, not Hafnium's, which refuses it) and the caller is
 * held to v1.1; its notifications work.  Only v1.1 and v1.2 builds exist,
 * and OP-TEE has no such choice.
 */
static void test_version_built_1_1(void **state)
{
	struct ffp_spmc_config cfg = fx_cfg;
	struct fx *f = test_calloc(1, sizeof(*f));

	(void)state;
	assert_non_null(f);
	cfg.version = FFP_VERSION_1_1;
	assert_int_equal(
		ffp_spmc_init(&f->s, test_parts, N_PARTS, &cfg, &test_ops, f),
		0);
	assert_int_equal(version(f, 0, 0x00010003U), FFP_VERSION_1_1);
	assert_int_equal(version(f, 0, FFP_VERSION_1_2), FFP_VERSION_1_1);
	assert_int_equal(f->s.vms[0].ffa_version, FFP_VERSION_1_1);
	assert_int_equal(version(f, 0, 0x00020000U), 0xffffffffU);
	CREATE(f, 0, 0, 4, RET_OK);
	BIND(f, 0, SP_A, 0, 0, 1, RET_OK);
	/* Held to v1.1: asking v1.2 again is the same version. */
	assert_int_equal(version(f, 0, FFP_VERSION_1_2), FFP_VERSION_1_1);
	assert_int_equal(version(f, 0, FFP_VERSION_1_0), 0xffffffffU);

	cfg.version = 0x00010003U;
	assert_int_equal(ffp_spmc_init(&f->s, test_parts, N_PARTS, &cfg,
				       &test_ops, FFP_NULL),
			 -FFP_EINVAL);
	cfg.version = FFP_VERSION_1_1;
	cfg.personality = FFP_SPMC_OPTEE;
	cfg.flags = 0;
	assert_int_equal(ffp_spmc_init(&f->s, test_parts, N_PARTS, &cfg,
				       &test_ops, FFP_NULL),
			 -FFP_EINVAL);
	test_free(f);
}

static void test_id_get(void **state)
{
	struct fx *f = *state;
	struct ffp_regs r;

	ffp_enc_id_get(&r);
	do_call(f, 0, &r, &r);
	assert_int_equal(r.a[0], FFP_SUCCESS_32);
	assert_int_equal(r.a[2], 0);

	ffp_enc_id_get(&r);
	do_call(f, SP_B, &r, &r);
	assert_int_equal(r.a[0], FFP_SUCCESS_32);
	assert_int_equal(r.a[2], SP_B);

	memset(&r, 0, sizeof(r));
	r.a[0] = FFP_SPM_ID_GET;
	do_call(f, 0, &r, &r);
	assert_int_equal(r.a[0], FFP_SUCCESS_32);
	assert_int_equal(r.a[2], 0x8000);
}

static void expect_feature(struct fx *f, ffp_u16 caller, ffp_u32 id, ffp_s32 st,
			   ffp_u32 w2)
{
	struct ffp_regs r;

	ffp_enc_features(&r, id);
	do_call(f, caller, &r, &r);
	if (st == RET_OK) {
		assert_int_equal(r.a[0], FFP_SUCCESS_32);
		assert_int_equal(r.a[2], w2);
	} else {
		assert_int_equal(r.a[0], FFP_ERROR);
		assert_int_equal((ffp_s32)(ffp_u32)r.a[2], st);
	}
}

static void test_features(void **state)
{
	static const ffp_u32 fids[] = {
		FFP_NOTIFICATION_BITMAP_CREATE,
		FFP_NOTIFICATION_BITMAP_DESTROY,
		FFP_NOTIFICATION_BIND,
		FFP_NOTIFICATION_UNBIND,
		FFP_NOTIFICATION_SET,
		FFP_NOTIFICATION_GET,
		FFP_NOTIFICATION_INFO_GET_64,
		FFP_VERSION,
		FFP_FEATURES,
		FFP_ID_GET,
		FFP_RUN,
	};
	struct fx *f = *state;
	struct ffp_regs r;

	/* Doc 6: function-ID queries for the notification ABIs succeed. */
	for (size_t i = 0; i < FFP_ARRAY_SIZE(fids); i++) {
		expect_feature(f, 0, fids[i], RET_OK, 0);
		expect_feature(f, SP_A, fids[i], RET_OK, 0);
	}
	/* Unknown or unimplemented function IDs. */
	expect_feature(f, 0, 0x84000086U, RET_NS, 0); /* FFA_MSG_SEND2 */
	expect_feature(f, 0, 0x840000ffU, RET_NS, 0);
	expect_feature(f, 0, 0xC400007FU, RET_NS, 0); /* no SMC64 BIND */
	expect_feature(f, 0, 0xC4000080U, RET_NS, 0);

	/* SRI (2) to the NWd only, INTID 8; NPI (1) to SPs only, 5. */
	expect_feature(f, 0, FFP_FEAT_SRI, RET_OK, 8);
	expect_feature(f, SP_A, FFP_FEAT_SRI, RET_NS, 0);
	expect_feature(f, 0, FFP_FEAT_NPI, RET_NS, 0);
	expect_feature(f, SP_A, FFP_FEAT_NPI, RET_OK, 5);
	expect_feature(f, SP_N, FFP_FEAT_NPI, RET_OK, 5);
	/* MEI from the NWd, unknown feature IDs. */
	expect_feature(f, 0, FFP_FEAT_MEI, RET_NS, 0);
	expect_feature(f, 0, 0, RET_NS, 0);
	expect_feature(f, 0, 0x7f, RET_NS, 0);
	expect_feature(f, 0, 0x102, RET_NS, 0);

	/* Calling an unknown function: FFA_ERROR(NOT_SUPPORTED). */
	memset(&r, 0, sizeof(r));
	r.a[0] = 0x84000099U;
	EXPECT(f, 0, &r, RET_NS);
	/* (From an SP, SMCCC's "unknown": test-spmc-hafnium.c.) */
	r.a[0] = 0;
	EXPECT(f, 0, &r, RET_NS);
}

/* ---- BITMAP_CREATE / DESTROY -------------------------------------------- */

static void test_bitmap_create(void **state)
{
	struct fx *f = fx_new(test_parts, N_PARTS, FFP_VERSION_1_1, 0);
	struct ffp_regs r;
	ffp_u16 vm;

	(void)state;
	/* 1. Only endpoint 0 (hypervisor / kernel) may create. */
	CREATE(f, SP_A, 0, 4, RET_NS);
	CREATE(f, SP_A, 2, 4, RET_NS);
	CREATE(f, 1, 1, 4, RET_NS);
	/* ...and that comes before the SP-ID check. */
	CREATE(f, SP_A, SP_B, 4, RET_NS);
	/* 2. The VM ID must not be an SP ID. */
	CREATE(f, 0, SP_A, 4, RET_INV);
	CREATE(f, 0, 0x8000, 4, RET_INV);

	/* Registers w3..w7 MBZ (and w1[31:16], OP-TEE). */
	for (int i = 3; i < 8; i++) {
		ffp_enc_bitmap_create(&r, 0, 4);
		r.a[i] = 1;
		EXPECT(f, 0, &r, RET_INV);
	}
	ffp_enc_bitmap_create(&r, 0, 4);
	r.a[1] = 0x00010000U;
	EXPECT(f, 0, &r, RET_INV);

	/* None of the refusals created anything: BIND still finds no bitmap
	 * (NOT_SUPPORTED), then CREATE works once and is DENIED after.
	 */
	BIND(f, 0, SP_A, 0, 0, 1, RET_NS);
	CREATE(f, 0, 0, 4, RET_OK);
	BIND(f, 0, SP_A, 0, 0, 1, RET_OK);
	CREATE(f, 0, 0, 4, RET_DENIED);
	CREATE(f, 0, 0, 8, RET_DENIED);

	/* 3. Room for FFP_SPMC_MAX_VMS NWd endpoints, 0 included. */
	for (vm = 1; vm < FFP_SPMC_MAX_VMS; vm++)
		CREATE(f, 0, vm, 2, RET_OK);
	CREATE(f, 0, vm, 2, RET_NOMEM);
	CREATE(f, 0, 0x7ffe, 2, RET_NOMEM);
	/* 4. An existing one is DENIED even when the table is full. */
	CREATE(f, 0, 1, 2, RET_DENIED);

	/* Destroying one frees its slot. */
	DESTROY(f, 0, 1, RET_OK);
	CREATE(f, 0, vm, 2, RET_OK);
	CREATE(f, 0, 1, 2, RET_NOMEM);
	test_free(f);
}

static void test_bitmap_destroy(void **state)
{
	struct fx *f = fx_new(test_parts, N_PARTS, FFP_VERSION_1_1, 0);
	struct ffp_get_result res;
	struct ffp_regs r;

	(void)state;
	/* Never created: DENIED (TFTF ..._destroy_not_created). */
	DESTROY(f, 0, 0, RET_DENIED);
	DESTROY(f, 0, 2, RET_DENIED);
	/* Only endpoint 0 manages bitmaps. */
	CREATE(f, 0, 0, 4, RET_OK);
	DESTROY(f, SP_A, 0, RET_NS);

	/* Pending global and per-vCPU notifications block it. */
	BIND(f, 0, SP_A, 0, 0, 0x1, RET_OK);
	BIND(f, 0, SP_A, 0, FFP_BIND_PER_VCPU, 0x2, RET_OK);
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_OK);
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 2, 0x2, RET_OK);
	DESTROY(f, 0, 0, RET_DENIED);
	/* GET on vCPU 0 drains the global one; vCPU 2's is still there. */
	res = get_ok(f, 0, 0, 0, FFP_GET_SP);
	assert_int_equal(res.sp, 0x1);
	DESTROY(f, 0, 0, RET_DENIED);
	res = get_ok(f, 0, 0, 2, FFP_GET_SP);
	assert_int_equal(res.sp, 0x2);

	/* Other registers MBZ (strict, as OP-TEE). */
	ffp_enc_bitmap_destroy(&r, 0);
	r.a[4] = 1;
	EXPECT(f, 0, &r, RET_INV);

	/* Nothing pending: SUCCESS, although IDs are still bound (Hafnium
	 * does not check bindings).
	 */
	DESTROY(f, 0, 0, RET_OK);
	DESTROY(f, 0, 0, RET_DENIED);
	/* The bitmap is gone: SET is DENIED (receiver not enabled), BIND is
	 * NOT_SUPPORTED.
	 */
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_DENIED);
	BIND(f, 0, SP_A, 0, 0, 0x1, RET_NS);
	/* Created again: the old bindings are gone with it. */
	CREATE(f, 0, 0, 4, RET_OK);
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_DENIED);
	BIND(f, 0, SP_A, 0, 0, 0x1, RET_OK);
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_OK);

	/* A second VM, destroyed after its GET. */
	CREATE(f, 0, 3, 2, RET_OK);
	BIND(f, 0, SP_B, 3, 0, 1ULL << 63, RET_OK);
	SET(f, SP_B, SP_B, 3, 0, 0, 1ULL << 63, RET_OK);
	DESTROY(f, 0, 3, RET_DENIED);
	res = get_ok(f, 0, 3, 1, FFP_GET_SP | FFP_GET_SPM);
	assert_int_equal(res.sp, 1ULL << 63);
	DESTROY(f, 0, 3, RET_OK);
	/* VM 3 no longer exists: an unknown receiver. */
	SET(f, SP_B, SP_B, 3, 0, 0, 1ULL << 63, RET_INV);
	test_free(f);
}

/* ---- BIND / UNBIND ------------------------------------------------------ */

static void test_bind_checks(void **state)
{
	struct fx *f = *state;
	struct ffp_regs r;

	/* 1. BIND flags: only bit 0. */
	BIND(f, 0, SP_A, 0, 0x2, 1, RET_INV);
	BIND(f, 0, SP_A, 0, 0x3, 1, RET_INV);
	BIND(f, 0, SP_A, 0, 0x80000000U, 1, RET_INV);
	BIND(f, SP_A, 0, SP_A, 0x4, 1, RET_INV);
	/* UNBIND w2 non-zero (OP-TEE's check, the model is strict). */
	ffp_enc_unbind(&r, SP_A, 0, 1);
	r.a[2] = 1;
	EXPECT(f, 0, &r, RET_INV);

	/* 2. ffa_notifications_is_bind_valid(). */
	BIND(f, 0, 2, 0, 0, 1, RET_INV); /* NWd: VM sender */
	BIND(f, 0, 0, 0, 0, 1, RET_INV);
	BIND(f, 0, SP_A, SP_B, 0, 1, RET_INV); /* NWd: SP receiver */
	BIND(f, SP_A, 0, SP_B, 0, 1, RET_INV); /* SP spoofing */
	BIND(f, SP_A, 0, 0, 0, 1, RET_INV);
	BIND(f, SP_A, SP_B, SP_B, 0, 1, RET_INV);
	BIND(f, SP_A, SP_A, SP_A, 0, 1, RET_INV); /* sender == receiver */
	BIND(f, SP_A, 0xffff, SP_A, 0, 1, RET_INV); /* SPMD */
	/* The swapped order (Linux v2 mistake): rejected (doc 10.1). */
	BIND(f, 0, 0, SP_A, 0, 1, RET_INV);
	UNBIND(f, SP_A, 0, SP_B, 1, RET_INV);
	UNBIND(f, 0, 2, 0, 1, RET_INV);

	/* 3. Zero bitmap. */
	BIND(f, 0, SP_A, 0, 0, 0, RET_INV);
	BIND(f, SP_A, 0, SP_A, FFP_BIND_PER_VCPU, 0, RET_INV);
	UNBIND(f, 0, SP_A, 0, 0, RET_INV);

	/* 4. Unknown receiver. */
	BIND(f, 0, SP_A, 5, 0, 1, RET_INV); /* VM 5 has no bitmap/slot */
	BIND(f, SP_UNKNOWN, 0, SP_UNKNOWN, 0, 1, RET_INV);
	UNBIND(f, 0, SP_A, 5, 1, RET_INV);

	/* 5. Receiver without notifications. */
	BIND(f, SP_N, 0, SP_N, 0, 1, RET_NS); /* no property bit 3 */
	BIND(f, SP_OLD, 0, SP_OLD, 0, 1, RET_NS); /* FF-A v1.0 */
	UNBIND(f, SP_N, 0, SP_N, 1, RET_NS);

	/* 6. Unknown SP sender. */
	BIND(f, 0, SP_UNKNOWN, 0, 0, 1, RET_INV);
	BIND(f, SP_A, SP_UNKNOWN, SP_A, 0, 1, RET_INV);
	/* UNBIND does not look the sender up: nothing is bound to it. */
	UNBIND(f, 0, SP_UNKNOWN, 0, 1, RET_DENIED);

	/* Nothing was bound by all that: each ID binds now. */
	BIND(f, 0, SP_A, 0, 0, 1, RET_OK);
	BIND(f, SP_A, 0, SP_A, 0, 1, RET_OK);
	BIND(f, SP_A, SP_B, SP_A, FFP_BIND_PER_VCPU, 1, RET_OK);
}

static void test_bind_receiver_without_bitmap(void **state)
{
	struct fx *f;

	(void)state;
	/* NWd at v1.1, ID 0 exists but has no bitmap yet: NOT_SUPPORTED. */
	f = fx_new(test_parts, N_PARTS, FFP_VERSION_1_1, 0);
	BIND(f, 0, SP_A, 0, 0, 1, RET_NS);
	UNBIND(f, 0, SP_A, 0, 1, RET_NS);
	CREATE(f, 0, 0, 2, RET_OK);
	BIND(f, 0, SP_A, 0, 0, 1, RET_OK);
	test_free(f);

	/* Bitmap created, the NWd never called FFA_VERSION: ID 0 is at
	 * the SPMC's v1.2 from boot, as in Hafnium.
	 */
	f = fx_new(test_parts, N_PARTS, 0, 2);
	BIND(f, 0, SP_A, 0, 0, 1, RET_OK);
	test_free(f);
}

static void test_bind_order(void **state)
{
	struct fx *f = *state;

	/* Each request breaks two checks and gets the earlier one's code. */
	/* 1 (flags) before 5 (no notifications). */
	BIND(f, SP_N, 0, SP_N, 0x2, 1, RET_INV);
	/* 2 (sender == receiver) before 5. */
	BIND(f, SP_N, SP_N, SP_N, 0, 1, RET_INV);
	/* 3 (zero bitmap) before 5. */
	BIND(f, SP_OLD, 0, SP_OLD, 0, 0, RET_INV);
	/* 5 (NOT_SUPPORTED) before 6 (unknown sender). */
	BIND(f, SP_N, SP_UNKNOWN, SP_N, 0, 1, RET_NS);
	/* 6 (unknown sender, INVALID) before 7 (already bound, DENIED). */
	BIND(f, 0, SP_A, 0, 0, 1, RET_OK);
	BIND(f, 0, SP_UNKNOWN, 0, 0, 1, RET_INV);
	UNBIND(f, 0, SP_UNKNOWN, 0, 1, RET_DENIED);
	/* 2 (spoofing) before 7. */
	BIND(f, SP_B, SP_A, 0, 0, 1, RET_INV);

	/* And a receiver without a bitmap, v1.0 NWd: 2 before 5. */
	{
		struct fx *g = fx_new(test_parts, N_PARTS, 0, 0);

		BIND(g, 0, 1, 0, 0, 1, RET_INV);
		BIND(g, 0, SP_A, 0, 0, 1, RET_NS);
		/* 4 (unknown receiver) before 5. */
		BIND(g, 0, SP_A, 6, 0, 1, RET_INV);
		test_free(g);
	}
}

static void test_bind_denied(void **state)
{
	struct fx *f = *state;
	struct ffp_get_result res;

	BIND(f, 0, SP_A, 0, 0, 0x1, RET_OK);
	/* 7. Re-bind, even to the same sender, is DENIED (doc 10.3). */
	BIND(f, 0, SP_A, 0, 0, 0x1, RET_DENIED);
	BIND(f, 0, SP_A, 0, FFP_BIND_PER_VCPU, 0x1, RET_DENIED);
	/* One sender per ID per world: SP_B is also an SP. */
	BIND(f, 0, SP_B, 0, 0, 0x1, RET_DENIED);
	/* A mix of free and bound IDs is refused as a whole... */
	BIND(f, 0, SP_B, 0, 0, 0x3, RET_DENIED);
	/* ...and leaves ID 1 free. */
	BIND(f, 0, SP_B, 0, 0, 0x2, RET_OK);

	/* Bindings are per source world: an SP receiver can take ID 5 from
	 * a VM and from an SP.
	 */
	BIND(f, SP_A, 0, SP_A, 0, 1ULL << 5, RET_OK);
	BIND(f, SP_A, SP_B, SP_A, 0, 1ULL << 5, RET_OK);
	BIND(f, SP_A, 0, SP_A, 0, 1ULL << 5, RET_DENIED);
	BIND(f, SP_A, 2, SP_A, 0, 1ULL << 5, RET_DENIED);
	BIND(f, SP_A, SP_E, SP_A, 0, 1ULL << 5, RET_DENIED);

	/* UNBIND: every ID must be bound to this sender. */
	UNBIND(f, 0, SP_B, 0, 0x1, RET_DENIED); /* bound to SP_A */
	UNBIND(f, 0, SP_A, 0, 0x2, RET_DENIED); /* bound to SP_B */
	UNBIND(f, 0, SP_A, 0, 0x3, RET_DENIED);
	UNBIND(f, 0, SP_A, 0, 0x4, RET_DENIED); /* not bound at all */
	/* SP_A's 5 from the SP world is SP_B's, from the VM world VM 0's. */
	UNBIND(f, SP_A, SP_E, SP_A, 1ULL << 5, RET_DENIED);
	UNBIND(f, SP_A, 2, SP_A, 1ULL << 5, RET_DENIED);

	/* 8. Pending IDs cannot be unbound. */
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_OK);
	UNBIND(f, 0, SP_A, 0, 0x1, RET_DENIED);
	/* Still pending and bound: a GET returns it. */
	res = get_ok(f, 0, 0, 0, FFP_GET_SP);
	assert_int_equal(res.sp, 0x1);
	UNBIND(f, 0, SP_A, 0, 0x1, RET_OK);
	/* Unbound: SET is DENIED, the ID can be bound again by anyone. */
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_DENIED);
	BIND(f, 0, SP_B, 0, FFP_BIND_PER_VCPU, 0x1, RET_OK);
	/* Unbinding twice. */
	UNBIND(f, 0, SP_B, 0, 0x3, RET_OK);
	UNBIND(f, 0, SP_B, 0, 0x3, RET_DENIED);

	/* A per-vCPU pending ID also blocks UNBIND. */
	BIND(f, 0, SP_A, 0, FFP_BIND_PER_VCPU, 1ULL << 63, RET_OK);
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 7, 1ULL << 63, RET_OK);
	UNBIND(f, 0, SP_A, 0, 1ULL << 63, RET_DENIED);
	res = get_ok(f, 0, 0, 0, FFP_GET_SP);
	assert_int_equal(res.sp, 0);
	UNBIND(f, 0, SP_A, 0, 1ULL << 63, RET_DENIED);
	res = get_ok(f, 0, 0, 7, FFP_GET_SP);
	assert_int_equal(res.sp, 1ULL << 63);
	UNBIND(f, 0, SP_A, 0, 1ULL << 63, RET_OK);

	/* An SP unbinds what it bound, also its boot bindings. */
	UNBIND(f, SP_A, SP_B, SP_A, 1ULL << 5, RET_OK);
	UNBIND(f, SP_E, 0, SP_E, E_GLOBAL, RET_OK);
	BIND(f, SP_E, 0, SP_E, 0, E_GLOBAL, RET_OK);
	BIND(f, SP_E, 0, SP_E, 0, E_PERCPU, RET_DENIED);
}

/* ---- SET ---------------------------------------------------------------- */

/* Standard bindings for the SET and GET tests. */
static void set_bindings(struct fx *f)
{
	/* VM 0 takes IDs 0-3 globally and 8-11 per vCPU from SP_A. */
	BIND(f, 0, SP_A, 0, 0, 0xf, RET_OK);
	BIND(f, 0, SP_A, 0, FFP_BIND_PER_VCPU, 0xf00, RET_OK);
	/* SP_A takes IDs 0-3 from VM 0; SP_B takes 16 per vCPU from SP_A. */
	BIND(f, SP_A, 0, SP_A, 0, 0xf, RET_OK);
	BIND(f, SP_B, SP_A, SP_B, FFP_BIND_PER_VCPU, 1ULL << 16, RET_OK);
}

static void test_set_checks(void **state)
{
	struct fx *f = *state;
	unsigned int sris;
	struct ffp_regs r;

	set_bindings(f);
	sris = f->sris;

	/* 1. Flags [15:2] MBZ. */
	for (int bit = 2; bit < 16; bit++)
		SET(f, SP_A, SP_A, 0, 1U << bit, 0, 0x1, RET_INV);
	/* strict: w5..w7 MBZ. */
	ffp_enc_set(&r, SP_A, 0, 0, 0, 0x1);
	r.a[6] = 1;
	EXPECT(f, SP_A, &r, RET_INV);
	/* 2. Global with a vCPU ID. */
	SET(f, SP_A, SP_A, 0, 0, 1, 0x1, RET_INV);
	SET(f, SP_A, SP_A, 0, FFP_SET_DELAY_SRI, 0x8000, 0x1, RET_INV);
	/* 3. ffa_notifications_is_set_valid(). */
	SET(f, 0, 0, 0, 0, 0, 0x1, RET_INV); /* NWd to a NWd receiver */
	SET(f, 0, 0, 2, 0, 0, 0x1, RET_INV);
	SET(f, 0, SP_A, SP_B, 0, 0, 0x1, RET_INV); /* NWd as an SP */
	SET(f, 0, SP_A, 0, 0, 0, 0x1, RET_INV);
	SET(f, SP_B, SP_A, 0, 0, 0, 0x1, RET_INV); /* caller != sender */
	SET(f, SP_B, 0, SP_A, 0, 0, 0x1, RET_INV);
	/* 4. Zero bitmap. */
	SET(f, SP_A, SP_A, 0, 0, 0, 0, RET_INV);
	SET(f, 0, 0, SP_A, 0, 0, 0, RET_INV);
	/* 5. Delay-SRI from the NWd. */
	SET(f, 0, 0, SP_A, FFP_SET_DELAY_SRI, 0, 0x1, RET_INV);
	/* 6. Unknown receiver. */
	SET(f, SP_A, SP_A, 5, 0, 0, 0x1, RET_INV);
	SET(f, SP_A, SP_A, SP_UNKNOWN, 0, 0, 0x1, RET_INV);
	SET(f, 0, 0, SP_UNKNOWN, 0, 0, 0x1, RET_INV);
	/* 7. Receiver's notifications not enabled: DENIED. */
	SET(f, 0, 0, SP_N, 0, 0, 0x1, RET_DENIED);
	/* (SP_OLD is enabled but bound nothing: a v1.0 receiver cannot.) */
	SET(f, SP_A, SP_A, SP_OLD, 0, 0, 0x1, RET_DENIED);
	/* 8. All bound to this sender as the other kind: INVALID. */
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 0, 0x1, RET_INV);
	SET(f, SP_A, SP_A, 0, 0, 0, 0x100, RET_INV);
	/* 9. Mixed kinds, or unbound IDs of either kind: DENIED. */
	SET(f, SP_A, SP_A, 0, 0, 0, 0x101, RET_DENIED);
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 0, 0x101, RET_DENIED);
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 0, 1ULL << 20, RET_DENIED);
	SET(f, SP_B, SP_B, 0, FFP_SET_PER_VCPU, 0, 1ULL << 21, RET_DENIED);
	/* 9. Not bound to this sender: DENIED. */
	SET(f, SP_A, SP_A, 0, 0, 0, 1ULL << 20, RET_DENIED);
	SET(f, SP_B, SP_B, 0, 0, 0, 0x1, RET_DENIED); /* SP_A's */
	SET(f, SP_A, SP_A, 0, 0, 0, 0x11, RET_DENIED);
	SET(f, 0, 0, SP_A, 0, 0, 0x10, RET_DENIED);
	SET(f, 0, 2, SP_A, 0, 0, 0x1, RET_DENIED); /* bound to VM 0 */
	SET(f, SP_E, SP_E, SP_B, FFP_SET_PER_VCPU, 0, 1ULL << 16, RET_DENIED);
	/* 10. vCPU out of range (VM 0 has 8, SP_B 8). */
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 8, 0x100, RET_INV);
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 0xffff, 0x100, RET_INV);
	SET(f, SP_A, SP_A, SP_B, FFP_SET_PER_VCPU, 8, 1ULL << 16, RET_INV);

	/* None of it pended anything or raised an SRI. */
	assert_int_equal(f->sris, sris);
	expect_no_data(f);
	assert_int_equal(get_ok(f, 0, 0, 0, FFP_GET_SP).sp, 0);
	assert_int_equal(get_ok(f, SP_B, SP_B, 0, FFP_GET_SP).sp, 0);

	/* The limits themselves are fine. */
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 7, 0x100, RET_OK);
	SET(f, SP_A, SP_A, SP_B, FFP_SET_PER_VCPU, 7, 1ULL << 16, RET_OK);
	SET(f, 0, 0, SP_A, 0, 0, 0xf, RET_OK);
	assert_int_equal(f->sris, sris + 3);
}

static void test_set_order(void **state)
{
	struct fx *f = *state;

	set_bindings(f);
	/* 2 (global with vCPU) before 9 (unbound, DENIED). */
	SET(f, SP_A, SP_A, 0, 0, 3, 1ULL << 30, RET_INV);
	/* 3 (spoofed sender) before 7 (receiver disabled, DENIED). */
	SET(f, SP_B, SP_A, SP_N, 0, 0, 0x1, RET_INV);
	/* 4 (zero bitmap) before 7. */
	SET(f, SP_A, SP_A, SP_N, 0, 0, 0, RET_INV);
	/* 7 (DENIED) before 8 (mismatch, INVALID). */
	SET(f, SP_A, SP_A, SP_N, FFP_SET_PER_VCPU, 0, 0x1, RET_DENIED);
	/* Bound to another sender: DENIED, whatever the kind. */
	SET(f, SP_B, SP_B, 0, 0, 0, 0x100, RET_DENIED);
	/* 9 (DENIED) before 10 (vCPU out of range). */
	SET(f, SP_B, SP_B, 0, FFP_SET_PER_VCPU, 99, 0x100, RET_DENIED);
	/* 5 (NWd delay) before 7 and 9. */
	SET(f, 0, 0, SP_N, FFP_SET_DELAY_SRI, 0, 0x1, RET_INV);
	SET(f, 0, 0, SP_A, FFP_SET_DELAY_SRI, 0, 1ULL << 40, RET_INV);
	/* 6 (unknown receiver, INVALID) for a VM with no bitmap. */
	SET(f, SP_A, SP_A, 3, FFP_SET_DELAY_SRI, 0, 0x1, RET_INV);
	expect_no_data(f);
}

static void test_set_sri(void **state)
{
	struct fx *f = *state;
	unsigned int sris;
	struct ffp_regs r;

	set_bindings(f);
	sris = f->sris;
	/* Each successful SET raises the SRI once. */
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_OK);
	assert_int_equal(f->sris, sris + 1);
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_OK); /* already pending */
	assert_int_equal(f->sris, sris + 2);
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 3, 0x300, RET_OK);
	assert_int_equal(f->sris, sris + 3);
	SET(f, 0, 0, SP_A, 0, 0, 0x6, RET_OK);
	assert_int_equal(f->sris, sris + 4);
	assert_int_equal(f->s.sris, f->sris);
	/* Already-pending bits stay pending once. */
	assert_int_equal(get_ok(f, 0, 0, 3, FFP_GET_SP).sp, 0x301);
	assert_int_equal(get_ok(f, 0, 0, 3, FFP_GET_SP).sp, 0);
	assert_int_equal(get_ok(f, SP_A, SP_A, 0, FFP_GET_VM).vm, 0x6);

	/* An SP may delay the SRI: none until the SPMC next returns to the
	 * NWd.
	 */
	sris = f->sris;
	SET(f, SP_A, SP_A, 0, FFP_SET_DELAY_SRI, 0, 0x2, RET_OK);
	assert_int_equal(f->sris, sris);
	SET(f, SP_A, SP_A, 0, FFP_SET_DELAY_SRI | FFP_SET_PER_VCPU, 1, 0x800,
	    RET_OK);
	assert_int_equal(f->sris, sris);
	/* Other SP calls do not deliver it. */
	ffp_enc_id_get(&r);
	do_call(f, SP_B, &r, &r);
	assert_int_equal(f->sris, sris);
	/* The notifications are pending already, SRI or not. */
	GET_ST(f, SP_B, SP_A, 0, FFP_GET_SP, RET_INV);
	assert_int_equal(f->sris, sris);
	/* The next NWd call returns: exactly one SRI for both SETs. */
	ffp_enc_id_get(&r);
	do_call(f, 0, &r, &r);
	assert_int_equal(f->sris, sris + 1);
	ffp_enc_id_get(&r);
	do_call(f, 0, &r, &r);
	assert_int_equal(f->sris, sris + 1);
	assert_int_equal(get_ok(f, 0, 0, 1, FFP_GET_SP).sp, 0x802);

	/* Even a NWd call that is refused returns to the NWd. */
	SET(f, SP_A, SP_A, 0, FFP_SET_DELAY_SRI, 0, 0x4, RET_OK);
	assert_int_equal(f->sris, sris + 1);
	SET(f, 0, 0, 0, 0, 0, 0x1, RET_INV);
	assert_int_equal(f->sris, sris + 2);

	/* ffp_spmc_ring is a SET issued as the SP, with the same checks. */
	assert_int_equal(ffp_spmc_ring(&f->s, SP_A, 0, 0, 0, 0x8), RET_OK);
	assert_int_equal(f->sris, sris + 3);
	assert_int_equal(ffp_spmc_ring(&f->s, SP_A, 0, 0, 0, 1ULL << 50),
			 RET_DENIED);
	assert_int_equal(
		ffp_spmc_ring(&f->s, SP_A, 0, FFP_SET_PER_VCPU, 0, 0x8),
		RET_INV);
	assert_int_equal(ffp_spmc_ring(&f->s, SP_UNKNOWN, 0, 0, 0, 0x8),
			 RET_INV);
	assert_int_equal(ffp_spmc_ring(&f->s, 0, SP_A, 0, 0, 0x1), RET_INV);
	assert_int_equal(f->sris, sris + 3);
	/* A delayed ring from outside ends with a return to the NWd. */
	assert_int_equal(
		ffp_spmc_ring(&f->s, SP_A, 0, FFP_SET_DELAY_SRI, 0, 0x8),
		RET_OK);
	assert_int_equal(f->sris, sris + 4);
	assert_int_equal(get_ok(f, 0, 0, 0, FFP_GET_SP).sp, 0xc);
}

/* ---- GET ---------------------------------------------------------------- */

static void test_get_checks(void **state)
{
	struct fx *f = *state;
	struct ffp_get_result res;

	set_bindings(f);
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_OK);
	SET(f, 0, 0, SP_A, 0, 0, 0x2, RET_OK);

	/* Flags [31:4] MBZ. */
	GET_ST(f, 0, 0, 0, 0x10, RET_INV);
	GET_ST(f, 0, 0, 0, 0x80000001U, RET_INV);
	GET_ST(f, SP_A, SP_A, 0, 0x13, RET_INV);
	/* A NWd receiver asking for the VM or hypervisor bitmaps. */
	GET_ST(f, 0, 0, 0, FFP_GET_VM, RET_INV);
	GET_ST(f, 0, 0, 0, FFP_GET_HYP, RET_INV);
	GET_ST(f, 0, 0, 0, FFP_GET_ALL, RET_INV);
	/* An SP getting another receiver's notifications. */
	GET_ST(f, SP_B, SP_A, 0, FFP_GET_SP, RET_INV);
	GET_ST(f, SP_A, 0, 0, FFP_GET_SP, RET_INV);
	/* vCPU out of range: VM 0 has 8, SP_A 4. */
	GET_ST(f, 0, 0, 8, FFP_GET_SP, RET_INV);
	GET_ST(f, SP_A, SP_A, 4, FFP_GET_VM, RET_INV);
	/* A VM without a bitmap. */
	GET_ST(f, 0, 2, 0, FFP_GET_SP, RET_INV);

	/* Nothing was taken by the refusals. */
	res = get_ok(f, 0, 0, 7, FFP_GET_SP | FFP_GET_SPM);
	assert_int_equal(res.sp, 0x1);
	assert_int_equal(res.vm, 0);
	assert_int_equal(res.spm, 0);
	assert_int_equal(res.hyp, 0);
	/* An SP takes the VM bitmap; the SP flag does not return it. */
	res = get_ok(f, SP_A, SP_A, 3, FFP_GET_SP);
	assert_int_equal(res.sp, 0);
	assert_int_equal(res.vm, 0);
	res = get_ok(f, SP_A, SP_A, 3, FFP_GET_ALL);
	assert_int_equal(res.sp, 0);
	assert_int_equal(res.vm, 0x2);
	assert_int_equal(get_ok(f, SP_A, SP_A, 3, FFP_GET_ALL).vm, 0);
}

static void test_get_vcpu_scope(void **state)
{
	struct fx *f = *state;
	struct ffp_get_result res;

	set_bindings(f);
	SET(f, SP_A, SP_A, 0, 0, 0, 0x5, RET_OK);
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 1, 0x100, RET_OK);
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 2, 0x200, RET_OK);
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 2, 0x400, RET_OK);

	/* Only the requested bitmaps are returned and cleared. */
	res = get_ok(f, 0, 0, 1, FFP_GET_SPM);
	assert_int_equal(res.sp, 0);
	assert_int_equal(res.vm, 0);

	/* vCPU 1: the global ones plus vCPU 1's, not vCPU 2's. */
	res = get_ok(f, 0, 0, 1, FFP_GET_SP | FFP_GET_SPM);
	assert_int_equal(res.sp, 0x105);
	assert_int_equal(res.vm, 0);
	/* Cleared. */
	assert_int_equal(get_ok(f, 0, 0, 1, FFP_GET_SP).sp, 0);
	assert_int_equal(get_ok(f, 0, 0, 0, FFP_GET_SP).sp, 0);
	/* vCPU 2's are still there for a GET on vCPU 2. */
	assert_int_equal(get_ok(f, 0, 0, 2, FFP_GET_SP).sp, 0x600);
	assert_int_equal(get_ok(f, 0, 0, 2, FFP_GET_SP).sp, 0);

	/* Per-vCPU bits of an SP receiver, from an SP. */
	SET(f, SP_A, SP_A, SP_B, FFP_SET_PER_VCPU, 5, 1ULL << 16, RET_OK);
	SET(f, SP_A, SP_A, SP_B, FFP_SET_PER_VCPU, 6, 1ULL << 16, RET_OK);
	assert_int_equal(get_ok(f, SP_B, SP_B, 6, FFP_GET_SP).sp, 1ULL << 16);
	assert_int_equal(get_ok(f, SP_B, SP_B, 6, FFP_GET_SP).sp, 0);
	assert_int_equal(get_ok(f, SP_B, SP_B, 5, FFP_GET_VM).sp, 0);
	assert_int_equal(get_ok(f, SP_B, SP_B, 5, FFP_GET_SP).sp, 1ULL << 16);
	expect_no_data(f);
}

/* ---- INFO_GET ----------------------------------------------------------- */

static void expect_info(struct fx *f, int is_64, const ffp_u64 want[8])
{
	struct ffp_regs r;

	info_get(f, is_64, &r);
	for (int i = 0; i < 8; i++)
		assert_int_equal(r.a[i], want[i]);
}

static void test_info_get_checks(void **state)
{
	struct fx *f = *state;
	struct ffp_regs r;

	set_bindings(f);
	/* Nothing pending: NO_DATA in both widths. */
	expect_no_data(f);
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_OK);
	/* From an SP: NOT_SUPPORTED. */
	ffp_enc_info_get(&r, 1);
	EXPECT(f, SP_A, &r, RET_NS);
	/* Arguments MBZ (OP-TEE). */
	for (int i = 1; i < 8; i++) {
		ffp_enc_info_get(&r, 1);
		r.a[i] = 0x10;
		EXPECT(f, 0, &r, RET_INV);
	}
	/* None of that consumed the report. */
	{
		static const ffp_u64 want[8] = { FFP_SUCCESS_64, 0, 1U << 7 };

		expect_info(f, 1, want);
	}
}

static void test_info_get_once(void **state)
{
	static const ffp_u64 one_global[8] = { FFP_SUCCESS_64, 0, 1U << 7 };
	struct fx *f = *state;

	set_bindings(f);
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_OK);
	/* (0:[]) once. */
	expect_info(f, 1, one_global);
	expect_no_data(f);
	/*
	 * The model, like Hafnium's info_get_retrieved: a SET of a bit that
	 * is pending and already reported is not reported again (it raises
	 * the SRI, but INFO_GET says NO_DATA)...
	 */
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_OK);
	expect_no_data(f);
	/* ...while a new bit for the same receiver is. */
	SET(f, SP_A, SP_A, 0, 0, 0, 0x2, RET_OK);
	expect_info(f, 1, one_global);
	expect_no_data(f);
	/* GET resets it: a new SET of bit 0 is reported again. */
	assert_int_equal(get_ok(f, 0, 0, 0, FFP_GET_SP).sp, 0x3);
	expect_no_data(f);
	SET(f, SP_A, SP_A, 0, 0, 0, 0x1, RET_OK);
	expect_info(f, 1, one_global);

	/* A per-vCPU one: (0:[5]). */
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 5, 0x100, RET_OK);
	{
		static const ffp_u64 want[8] = { FFP_SUCCESS_64, 0,
						 (1U << 7) | (1U << 12),
						 0x00050000 };

		expect_info(f, 1, want);
	}
	expect_no_data(f);
	/* GET on another vCPU does not clear vCPU 5's state. */
	assert_int_equal(get_ok(f, 0, 0, 4, FFP_GET_SP).sp, 0x1);
	SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, 5, 0x100, RET_OK);
	expect_no_data(f);
	assert_int_equal(get_ok(f, 0, 0, 5, FFP_GET_SP).sp, 0x100);
	expect_no_data(f);

	/* An SP receiver needs cycles: its ID is listed. */
	SET(f, 0, 0, SP_A, 0, 0, 0x4, RET_OK);
	{
		static const ffp_u64 want[8] = { FFP_SUCCESS_64, 0, 1U << 7,
						 SP_A };

		expect_info(f, 1, want);
	}
	expect_no_data(f);
}

/*
 * Spec 16.7.1.1 (doc 5): lists (0:[0,2,3]), (0:[4,6]), (2:[]), (3:[1]).
 * Endpoint 0 with 8 vCPUs, VMs 2 and 3 created by caller 0, bindings made
 * by the NWd for its receivers (sender = SP), then the SPs SET.
 */
static struct fx *example_setup(void)
{
	static const ffp_u16 vcpus0[] = { 6, 0, 4, 2, 3 };
	struct fx *f = fx_new(test_parts, N_PARTS, FFP_VERSION_1_1, 8);

	CREATE(f, 0, 2, 2, RET_OK);
	CREATE(f, 0, 3, 4, RET_OK);
	BIND(f, 0, SP_A, 0, FFP_BIND_PER_VCPU, 1ULL << 7, RET_OK);
	BIND(f, 0, SP_B, 2, 0, 1ULL << 33, RET_OK);
	BIND(f, 0, SP_A, 3, FFP_BIND_PER_VCPU, 1ULL << 2, RET_OK);
	/* No INFO_GET data from bindings alone. */
	expect_no_data(f);
	for (size_t i = 0; i < FFP_ARRAY_SIZE(vcpus0); i++)
		SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, vcpus0[i], 1ULL << 7,
		    RET_OK);
	SET(f, SP_B, SP_B, 2, 0, 0, 1ULL << 33, RET_OK);
	SET(f, SP_A, SP_A, 3, FFP_SET_PER_VCPU, 1, 1ULL << 2, RET_OK);
	return f;
}

static void test_info_get_example_64(void **state)
{
	static const ffp_u64 want[8] = {
		FFP_SUCCESS_64,
		0,
		0x4B200,
		0x0003000200000000ULL,
		0x0002000600040000ULL,
		0x0000000000010003ULL,
		0,
		0,
	};
	struct fx *f = example_setup();
	struct ffp_info info;
	struct ffp_regs r;

	(void)state;
	expect_info(f, 1, want);
	expect_no_data(f);

	/* After the receivers' GETs, new SETs are reported again. */
	assert_int_equal(get_ok(f, 0, 2, 1, FFP_GET_SP).sp, 1ULL << 33);
	assert_int_equal(get_ok(f, 0, 3, 1, FFP_GET_SP).sp, 1ULL << 2);
	SET(f, SP_B, SP_B, 2, 0, 0, 1ULL << 33, RET_OK);
	SET(f, SP_A, SP_A, 3, FFP_SET_PER_VCPU, 3, 1ULL << 2, RET_OK);
	info_get(f, 1, &r);
	assert_int_equal(ffp_dec_info_get_resp(&r, &info), 0);
	assert_int_equal(info.n_lists, 2);
	assert_int_equal(info.lists[0].id, 2);
	assert_int_equal(info.lists[0].n_vcpus, 0);
	assert_int_equal(info.lists[1].id, 3);
	assert_int_equal(info.lists[1].n_vcpus, 1);
	assert_int_equal(info.lists[1].vcpus[0], 3);
	test_free(f);
}

/*
 * Per-vCPU notifications on n vCPUs of endpoint 0; INFO_GET in the given
 * width until it stops answering "more pending".  Each vCPU must be
 * reported exactly once, each response full but the last.
 */
static void info_many(int is_64, ffp_u32 n, ffp_u32 want_calls)
{
	struct fx *f;

	/* Endpoint 0 has as many vCPUs as the model has CPUs. */
	fx_cfg.max_cpus = n;
	f = fx_new(test_parts, N_PARTS, FFP_VERSION_1_1, n);
	fx_cfg.max_cpus = 0;
	{
		ffp_u32 max = is_64 ? 20 : 10, calls = 0, seen = 0;
		unsigned char count[64] = { 0 };
		struct ffp_info info;
		struct ffp_regs r;
		int more;

		BIND(f, 0, SP_A, 0, FFP_BIND_PER_VCPU, 1, RET_OK);
		for (ffp_u16 v = 0; v < n; v++)
			SET(f, SP_A, SP_A, 0, FFP_SET_PER_VCPU, v, 1, RET_OK);
		do {
			ffp_u32 ids = 0;

			info_get(f, is_64, &r);
			assert_int_equal(r.a[0], is_64 ? FFP_SUCCESS_64
						       : FFP_SUCCESS_32);
			assert_int_equal(ffp_dec_info_get_resp(&r, &info), 0);
			calls++;
			more = info.more_pending;
			for (ffp_u32 i = 0; i < info.n_lists; i++) {
				assert_int_equal(info.lists[i].id, 0);
				/* Per-vCPU lists only: at least one vCPU. */
				assert_in_range(info.lists[i].n_vcpus, 1, 3);
				ids += 1 + info.lists[i].n_vcpus;
				for (int v = 0; v < info.lists[i].n_vcpus;
				     v++) {
					assert_in_range(info.lists[i].vcpus[v],
							0, n - 1);
					count[info.lists[i].vcpus[v]]++;
					seen++;
				}
			}
			assert_true(ids <= max);
			/* Every response that asks to be called again is full. */
			if (more)
				assert_int_equal(ids, max);
			assert_true(calls <= n);
		} while (more);
		assert_int_equal(seen, n);
		for (ffp_u32 v = 0; v < n; v++)
			assert_int_equal(count[v], 1);
		if (want_calls)
			assert_int_equal(calls, want_calls);
		expect_no_data(f);
		/* GETs drain it all; nothing is reported any more. */
		for (ffp_u16 v = 0; v < n; v++)
			assert_int_equal(get_ok(f, 0, 0, v, FFP_GET_SP).sp, 1);
		expect_no_data(f);
		test_free(f);
	}
}

static void test_info_get_more_pending(void **state)
{
	(void)state;
	/* 30 vCPUs = 10 lists of 1+3 = 40 IDs: two full 64-bit answers. */
	info_many(1, 30, 2);
	/* 32 vCPUs = 43 IDs: 20, 20, then 3. */
	info_many(1, 32, 3);
	/* 15 vCPUs = 20 IDs: exactly one answer, nothing more pending. */
	info_many(1, 15, 1);
	/* Every vCPU of the 64 the model holds. */
	info_many(1, 64, 0);
}

/* ---- RUN ---------------------------------------------------------------- */

static void test_run_checks(void **state)
{
	struct fx *f = *state;
	struct ffp_regs r;

	/* From an SP: SP_A is not preempted or blocked. */
	ffp_enc_run(&r, SP_A, 0);
	EXPECT(f, SP_B, &r, RET_DENIED);
	/* Unknown partition, a VM, vCPU out of range. */
	ffp_enc_run(&r, SP_UNKNOWN, 0);
	EXPECT(f, 0, &r, RET_INV);
	ffp_enc_run(&r, 2, 0);
	EXPECT(f, 0, &r, RET_INV);
	ffp_enc_run(&r, SP_A, 4);
	EXPECT(f, 0, &r, RET_INV);
	ffp_enc_run(&r, SP_E, 2);
	EXPECT(f, 0, &r, RET_INV);

	/* In range: the partition runs and waits. */
	ffp_enc_run(&r, SP_A, 3);
	do_call(f, 0, &r, &r);
	assert_int_equal(r.a[0], FFP_MSG_WAIT);
	assert_int_equal(ffp_spmc_find_sp(&f->s, SP_A)->received_runs, 1);
}

static void test_run_preempt(void **state)
{
	struct ffp_partition_desc parts[N_PARTS];
	struct ffp_sp *sp;
	struct ffp_regs r;
	struct fx *f;

	(void)state;
	memcpy(parts, test_parts, sizeof(parts));
	parts[1].preempt_runs = 2; /* SP_B */
	f = fx_new(parts, N_PARTS, FFP_VERSION_1_1, 8);
	sp = ffp_spmc_find_sp(&f->s, SP_B);
	assert_non_null(sp);
	BIND(f, SP_B, 0, SP_B, 0, 0x10, RET_OK);
	SET(f, 0, 0, SP_B, 0, 0, 0x10, RET_OK);

	/* Twice FFA_INTERRUPT, w1 = SP << 16 | vCPU, nothing consumed. */
	ffp_enc_run(&r, SP_B, 5);
	for (int i = 0; i < 2; i++) {
		do_call(f, 0, &r, &r);
		assert_int_equal(r.a[0], FFP_INTERRUPT);
		assert_int_equal(r.a[1], 0x80120005U);
		assert_int_equal(sp->received_runs, 0);
		/* Resume with w1 from FFA_INTERRUPT (doc 4, 10.12). */
		ffp_enc_run_w1(&r, (ffp_u32)r.a[1]);
	}
	/* The third runs it: it takes its notification and waits. */
	do_call(f, 0, &r, &r);
	assert_int_equal(r.a[0], FFP_MSG_WAIT);
	assert_int_equal(sp->received_runs, 1);
	assert_int_equal(sp->received, 0x10);
	assert_int_equal(get_ok(f, SP_B, SP_B, 5, FFP_GET_ALL).vm, 0);
	/* From now on it runs at once. */
	ffp_enc_run(&r, SP_B, 0);
	do_call(f, 0, &r, &r);
	assert_int_equal(r.a[0], FFP_MSG_WAIT);
	assert_int_equal(sp->received_runs, 2);
	test_free(f);
}

static void test_run_echo(void **state)
{
	struct fx *f = *state;
	struct ffp_sp *sp = ffp_spmc_find_sp(&f->s, SP_E);
	unsigned int sris, traces, sp_traces;
	struct ffp_info info;
	struct ffp_regs r;

	assert_non_null(sp);
	/* Boot bindings: SP_E takes IDs 40-47 from VM 0. */
	BIND(f, SP_E, 0, SP_E, 0, 1ULL << 40, RET_DENIED);
	/* The NWd binds ID 41 from SP_E (global) and 45 (per vCPU). */
	BIND(f, 0, SP_E, 0, 0, 1ULL << 41, RET_OK);
	BIND(f, 0, SP_E, 0, FFP_BIND_PER_VCPU, 1ULL << 45, RET_OK);

	/* NWd rings SP_E: SRI, INFO_GET names SP_E. */
	sris = f->sris;
	SET(f, 0, 0, SP_E, 0, 0, 1ULL << 41, RET_OK);
	assert_int_equal(f->sris, sris + 1);
	info_get(f, 1, &r);
	assert_int_equal(ffp_dec_info_get_resp(&r, &info), 0);
	assert_int_equal(info.n_lists, 1);
	assert_int_equal(info.lists[0].id, SP_E);
	assert_int_equal(info.lists[0].n_vcpus, 0);

	/* RUN: the SP GETs (clearing it) and SETs it back to VM 0. */
	traces = f->traces;
	sp_traces = f->sp_traces;
	ffp_enc_run(&r, SP_E, 0);
	do_call(f, 0, &r, &r);
	assert_int_equal(r.a[0], FFP_MSG_WAIT);
	assert_int_equal(f->sris, sris + 2);
	assert_int_equal(sp->received, 1ULL << 41);
	assert_int_equal(sp->echo_failures, 0);
	assert_int_equal(sp->last_echo_status, RET_OK);
	/* The trace saw RUN and the partition's GET and SET. */
	assert_int_equal(f->traces, traces + 3);
	assert_int_equal(f->sp_traces, sp_traces + 2);
	/* Pending for VM 0 now, reported and retrievable; not for SP_E. */
	info_get(f, 1, &r);
	assert_int_equal(ffp_dec_info_get_resp(&r, &info), 0);
	assert_int_equal(info.n_lists, 1);
	assert_int_equal(info.lists[0].id, 0);
	assert_int_equal(info.lists[0].n_vcpus, 0);
	assert_int_equal(get_ok(f, 0, 0, 3, FFP_GET_SP).sp, 1ULL << 41);
	assert_int_equal(get_ok(f, SP_E, SP_E, 0, FFP_GET_ALL).vm, 0);
	expect_no_data(f);

	/* Per vCPU: set for SP_E's vCPU 1, echoed on VM 0's vCPU 1. */
	SET(f, 0, 0, SP_E, FFP_SET_PER_VCPU, 1, 1ULL << 45, RET_OK);
	info_get(f, 1, &r);
	assert_int_equal(ffp_dec_info_get_resp(&r, &info), 0);
	assert_int_equal(info.n_lists, 1);
	assert_int_equal(info.lists[0].id, SP_E);
	assert_int_equal(info.lists[0].n_vcpus, 1);
	assert_int_equal(info.lists[0].vcpus[0], 1);
	/* Running vCPU 0 does not take vCPU 1's notification. */
	ffp_enc_run(&r, SP_E, 0);
	do_call(f, 0, &r, &r);
	assert_int_equal(r.a[0], FFP_MSG_WAIT);
	expect_no_data(f);
	ffp_enc_run(&r, SP_E, 1);
	do_call(f, 0, &r, &r);
	assert_int_equal(r.a[0], FFP_MSG_WAIT);
	assert_int_equal(sp->echo_failures, 0);
	info_get(f, 1, &r);
	assert_int_equal(ffp_dec_info_get_resp(&r, &info), 0);
	assert_int_equal(info.n_lists, 1);
	assert_int_equal(info.lists[0].id, 0);
	assert_int_equal(info.lists[0].n_vcpus, 1);
	assert_int_equal(info.lists[0].vcpus[0], 1);
	assert_int_equal(get_ok(f, 0, 0, 0, FFP_GET_SP).sp, 0);
	assert_int_equal(get_ok(f, 0, 0, 1, FFP_GET_SP).sp, 1ULL << 45);

	/* ID 42: SP_E has it from VM 0, the NWd never bound it from SP_E:
	 * the echo is DENIED and counted; nothing pends for VM 0.
	 */
	sris = f->sris;
	SET(f, 0, 0, SP_E, 0, 0, 1ULL << 42, RET_OK);
	ffp_enc_run(&r, SP_E, 0);
	do_call(f, 0, &r, &r);
	assert_int_equal(r.a[0], FFP_MSG_WAIT);
	assert_int_equal(sp->echo_failures, 1);
	assert_int_equal(sp->last_echo_status, RET_DENIED);
	assert_int_equal(f->sris, sris + 1);
	assert_true(sp->received & (1ULL << 42));
	expect_no_data(f);
	assert_int_equal(get_ok(f, 0, 0, 0, FFP_GET_SP).sp, 0);
}

static void test_default_partitions(void **state)
{
	struct fx *f =
		fx_new(ffp_spmc_default_partitions,
		       ffp_spmc_default_partition_count, FFP_VERSION_1_1, 4);
	struct ffp_regs r;

	(void)state;
	/* The echo partition 0x8001 rings back global IDs 0-31. */
	BIND(f, 0, 0x8001, 0, 0, 1ULL << 3, RET_OK);
	SET(f, 0, 0, 0x8001, 0, 0, 1ULL << 3, RET_OK);
	ffp_enc_run(&r, 0x8001, 0);
	do_call(f, 0, &r, &r);
	assert_int_equal(r.a[0], FFP_MSG_WAIT);
	assert_int_equal(get_ok(f, 0, 0, 0, FFP_GET_SP).sp, 1ULL << 3);
	/* The doorbell 0x8003 receives nothing. */
	SET(f, 0, 0, 0x8003, 0, 0, 1, RET_DENIED);
	test_free(f);
}

/* ---- init --------------------------------------------------------------- */

static void test_init_rejects(void **state)
{
	struct ffp_partition_desc p[FFP_SPMC_MAX_PARTITIONS + 1];
	struct ffp_spmc *s = test_calloc(1, sizeof(*s));
	struct ffp_spmc_config cfg = { .personality = FFP_SPMC_HAFNIUM };

	(void)state;
	memset(p, 0, sizeof(p));
	for (int i = 0; i <= FFP_SPMC_MAX_PARTITIONS; i++) {
		p[i].id = (ffp_u16)(0x8100 + i);
		p[i].vcpu_count = 1;
		p[i].ffa_version = FFP_VERSION_1_1;
		p[i].properties = FFP_PART_NOTIF_RECV;
	}
	/* Valid: none, one, the maximum, 64 vCPUs. */
	assert_int_equal(ffp_spmc_init(s, p, 0, FFP_NULL, FFP_NULL, FFP_NULL),
			 0);
	assert_int_equal(ffp_spmc_init(s, p, FFP_SPMC_MAX_PARTITIONS, FFP_NULL,
				       FFP_NULL, FFP_NULL),
			 0);
	p[0].vcpu_count = 64;
	p[0].bind_from_nwd = 0xff;
	p[0].bind_from_nwd_per_vcpu = 0x0f;
	assert_int_equal(ffp_spmc_init(s, p, 1, FFP_NULL, FFP_NULL, FFP_NULL),
			 0);

	/* Too many partitions. */
	assert_int_equal(ffp_spmc_init(s, p, FFP_SPMC_MAX_PARTITIONS + 1,
				       FFP_NULL, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	/* Per-vCPU mask not a subset of the bound IDs. */
	p[0].bind_from_nwd_per_vcpu = 0x100;
	assert_int_equal(ffp_spmc_init(s, p, 1, FFP_NULL, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	p[0].bind_from_nwd_per_vcpu = 0x0f;
	/* vCPU count 0 or > 64. */
	p[1].vcpu_count = 0;
	assert_int_equal(ffp_spmc_init(s, p, 2, FFP_NULL, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	p[1].vcpu_count = 65;
	assert_int_equal(ffp_spmc_init(s, p, 2, FFP_NULL, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	p[1].vcpu_count = 1;
	/* ID without bit 15, the SPMC's and SPMD's IDs. */
	p[2].id = 0x0102;
	assert_int_equal(ffp_spmc_init(s, p, 3, FFP_NULL, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	p[2].id = 0x8000;
	assert_int_equal(ffp_spmc_init(s, p, 3, FFP_NULL, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	p[2].id = 0xffff;
	assert_int_equal(ffp_spmc_init(s, p, 3, FFP_NULL, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	/* Duplicate ID, not adjacent. */
	p[2].id = 0x8100;
	assert_int_equal(ffp_spmc_init(s, p, 3, FFP_NULL, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	p[2].id = 0x8102;
	assert_int_equal(ffp_spmc_init(s, p, 3, FFP_NULL, FFP_NULL, FFP_NULL),
			 0);
	/* An SPMD logical partition's ID. */
	p[2].id = 0xffc0;
	assert_int_equal(ffp_spmc_init(s, p, 3, FFP_NULL, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	p[2].id = 0x8102;
	/* A config it does not know, or more CPUs than it holds. */
	cfg.personality = 99;
	assert_int_equal(ffp_spmc_init(s, p, 3, &cfg, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	cfg.personality = FFP_SPMC_HAFNIUM;
	cfg.flags = 0x80;
	assert_int_equal(ffp_spmc_init(s, p, 3, &cfg, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	cfg.flags = FFP_SPMC_STRICT;
	cfg.max_cpus = FFP_SPMC_MAX_VCPUS + 1;
	assert_int_equal(ffp_spmc_init(s, p, 3, &cfg, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	cfg.max_cpus = 0;
	assert_int_equal(ffp_spmc_init(s, p, 3, &cfg, FFP_NULL, FFP_NULL), 0);
	assert_int_equal(s->cfg.max_cpus, FFP_SPMC_DEFAULT_CPUS);
	assert_string_equal(ffp_spmc_config_name(&s->cfg), "hafnium+strict");
	/* Names. */
	assert_int_equal(ffp_spmc_config_parse(&cfg, "hafnium"), 0);
	assert_int_equal(cfg.flags, 0);
	assert_int_equal(ffp_spmc_config_parse(&cfg, "strict"), 0);
	assert_int_equal(cfg.flags, FFP_SPMC_STRICT);
	assert_string_equal(ffp_spmc_config_name(&cfg), "hafnium+strict");
	assert_int_equal(ffp_spmc_config_parse(&cfg, "optee"), 0);
	assert_int_equal(cfg.personality, FFP_SPMC_OPTEE);
	assert_int_equal(cfg.flags, 0);
	assert_string_equal(ffp_spmc_config_name(&cfg), "optee");
	/* OP-TEE makes its own MBZ checks: no strict flavour. */
	cfg.flags = FFP_SPMC_STRICT;
	assert_int_equal(ffp_spmc_init(s, p, 0, &cfg, FFP_NULL, FFP_NULL),
			 -FFP_EINVAL);
	assert_string_equal(ffp_spmc_config_name(&cfg), "unknown");
	assert_int_equal(ffp_spmc_config_parse(&cfg, "optee+strict"),
			 -FFP_EINVAL);
	assert_int_equal(ffp_spmc_config_parse(&cfg, "tfa"), -FFP_EINVAL);
	assert_int_equal(ffp_spmc_config_parse(&cfg, "strict"), 0);
	assert_int_equal(ffp_spmc_config_parse(&cfg, "hafnium+"), -FFP_EINVAL);
	assert_int_equal(ffp_spmc_config_parse(&cfg, ""), -FFP_EINVAL);
	assert_int_equal(cfg.flags, FFP_SPMC_STRICT);
	test_free(s);
}

static void test_init_boot_bindings(void **state)
{
	struct fx *f = *state;

	/* SP_E's descriptor bound 40-43 globally and 44-47 per vCPU, with
	 * NWd endpoint 0 as the sender.
	 */
	SET(f, 0, 0, SP_E, 0, 0, E_GLOBAL, RET_OK);
	SET(f, 0, 0, SP_E, FFP_SET_PER_VCPU, 1, E_PERCPU, RET_OK);
	SET(f, 0, 0, SP_E, FFP_SET_PER_VCPU, 1, E_GLOBAL, RET_INV);
	SET(f, 0, 0, SP_E, 0, 0, E_PERCPU, RET_INV);
	SET(f, 0, 0, SP_E, 0, 0, 1ULL << 39, RET_DENIED);
	SET(f, 0, 0, SP_A, 0, 0, 1, RET_DENIED);
	assert_int_equal(get_ok(f, SP_E, SP_E, 1, FFP_GET_VM).vm,
			 E_GLOBAL | E_PERCPU);
}

/* ---- random registers --------------------------------------------------- */

static ffp_u64 rng_state = 0x9e3779b97f4a7c15ULL;

static ffp_u64 rnd(void)
{
	ffp_u64 x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

static const ffp_u16 fuzz_ids[] = {
	0,    0,      0,    1,		2,	3,	SP_A,	SP_B,
	SP_N, SP_OLD, SP_E, SP_UNKNOWN, 0x8000, 0xffff, 0x7fff,
};

static ffp_u16 rnd_id(void)
{
	if (rnd() % 16 == 0)
		return (ffp_u16)rnd();
	return fuzz_ids[rnd() % FFP_ARRAY_SIZE(fuzz_ids)];
}

static ffp_u64 rnd_arg(void)
{
	switch (rnd() % 10) {
	case 0:
	case 1:
	case 2:
		return 0;
	case 3:
	case 4:
		return rnd() % 70;
	case 5:
	case 6:
		return ((ffp_u64)rnd_id() << 16) |
		       (rnd() % 2 ? rnd_id() : rnd() % 9);
	case 7:
		return 1ULL << (rnd() % 64);
	case 8:
		return rnd() & 0xffffffffULL;
	default:
		return rnd();
	}
}

/* A call built by the encoders from small random fields (IDs from the
 * pool, notification IDs 0-7, vCPUs 0-8), so that state builds up.
 */
static void well_formed(struct ffp_regs *in)
{
	ffp_u64 bm = 1ULL << (rnd() % 8);
	ffp_u16 vcpu = (ffp_u16)(rnd() % 9);

	switch (rnd() % 10) {
	case 0:
		ffp_enc_bind(in, rnd_id(), rnd_id(), (ffp_u32)(rnd() % 3), bm);
		break;
	case 1:
		ffp_enc_unbind(in, rnd_id(), rnd_id(), bm);
		break;
	case 2:
	case 3:
		ffp_enc_set(in, rnd_id(), rnd_id(), (ffp_u32)(rnd() % 4),
			    rnd() % 2 ? vcpu : 0, bm);
		break;
	case 4:
	case 5:
		ffp_enc_get(in, rnd_id(), vcpu, (ffp_u32)(rnd() % 17));
		break;
	case 6:
		ffp_enc_run(in, rnd_id(), vcpu);
		break;
	case 7:
		ffp_enc_info_get(in, (int)(rnd() % 2));
		break;
	case 8:
		ffp_enc_bitmap_create(in, rnd_id(), (ffp_u32)(rnd() % 70));
		break;
	default:
		if (rnd() % 2)
			ffp_enc_bitmap_destroy(in, rnd_id());
		else
			ffp_enc_version(in, (ffp_u32)rnd_arg());
		break;
	}
}

static void test_random_registers(void **state)
{
	static const ffp_u32 fids[] = {
		FFP_VERSION,
		FFP_FEATURES,
		FFP_ID_GET,
		FFP_SPM_ID_GET,
		FFP_RUN,
		FFP_NOTIFICATION_BITMAP_CREATE,
		FFP_NOTIFICATION_BITMAP_DESTROY,
		FFP_NOTIFICATION_BIND,
		FFP_NOTIFICATION_BIND,
		FFP_NOTIFICATION_UNBIND,
		FFP_NOTIFICATION_SET,
		FFP_NOTIFICATION_SET,
		FFP_NOTIFICATION_SET,
		FFP_NOTIFICATION_GET,
		FFP_NOTIFICATION_GET,
		FFP_NOTIFICATION_INFO_GET_32,
		FFP_NOTIFICATION_INFO_GET_64,
		FFP_ERROR,
		FFP_SUCCESS_32,
		FFP_MSG_WAIT,
	};
	struct ffp_partition_desc parts[N_PARTS];
	unsigned int counts[5] = { 0 };
	struct fx *f;

	(void)state;
	memcpy(parts, test_parts, sizeof(parts));
	parts[0].preempt_runs = 3;
	parts[1].behaviour = FFP_SP_ECHO;
	parts[1].bind_from_nwd = 0xff;
	f = fx_new(parts, N_PARTS, FFP_VERSION_1_1, 8);

	for (int n = 0; n < 6000; n++) {
		struct ffp_regs in, out;
		ffp_u16 caller = rnd_id();
		ffp_u32 fid, w0;
		int i;

		if (n % 1000 == 999) {
			/* Start over now and then, with the NWd set up. */
			test_free(f);
			f = fx_new(parts, N_PARTS, FFP_VERSION_1_1,
				   1 + (ffp_u32)(rnd() % 64));
		}
		if (rnd() % 2) {
			well_formed(&in);
		} else {
			if (rnd() % 8 == 0)
				in.a[0] = rnd() % 2 ? rnd()
						    : (rnd() & 0xffffffffULL);
			else
				in.a[0] = fids[rnd() % FFP_ARRAY_SIZE(fids)] |
					  (rnd() % 8 == 0 ? rnd() << 32 : 0);
			for (i = 1; i < 8; i++)
				in.a[i] = rnd_arg();
		}
		fid = (ffp_u32)in.a[0];

		if (rnd() % 4 == 0) {
			out = in; /* in and out may be the same block */
			do_call(f, caller, &out, &out);
		} else {
			do_call(f, caller, &in, &out);
		}

		if (out.a[0] == FFP_SMCCC_UNKNOWN) {
			/* Not served, to a partition: x1..x7 unchanged. */
			assert_true(FFP_ID_IS_SP(caller));
			assert_false(ffp_spmc_dispatches(&f->s, in.a[0]));
			for (i = 1; i < 8; i++)
				assert_int_equal(out.a[i], in.a[i]);
			continue;
		}
		w0 = (ffp_u32)out.a[0];
		assert_int_equal(out.a[0] >> 32, 0);
		switch (w0) {
		case FFP_SUCCESS_64:
			assert_int_equal(fid, FFP_NOTIFICATION_INFO_GET_64);
			/* fall through */
		case FFP_SUCCESS_32:
			counts[0]++;
			if (fid == FFP_NOTIFICATION_INFO_GET_32 ||
			    fid == FFP_NOTIFICATION_INFO_GET_64) {
				struct ffp_info info;

				assert_int_equal(
					ffp_dec_info_get_resp(&out, &info), 0);
				assert_true(info.n_lists > 0);
			}
			break;
		case FFP_ERROR:
			counts[1]++;
			assert_in_range((ffp_s32)(ffp_u32)out.a[2] + 10, 0, 9);
			break;
		case FFP_MSG_WAIT:
			counts[2]++;
			assert_int_equal(fid, FFP_RUN);
			assert_false(FFP_ID_IS_SP(caller));
			break;
		case FFP_INTERRUPT:
			counts[3]++;
			assert_int_equal(fid, FFP_RUN);
			assert_int_equal(out.a[1], (ffp_u32)in.a[1]);
			break;
		default:
			counts[4]++;
			assert_int_equal(fid, FFP_VERSION);
			assert_true(w0 == FFP_VERSION_1_1 || w0 == 0xffffffffU);
			break;
		}
		/* SMC32 answers carry 32-bit values only. */
		if (w0 != FFP_SUCCESS_64)
			for (i = 1; i < 8; i++)
				assert_int_equal(out.a[i] >> 32, 0);
	}
	print_message("random walk: %u SUCCESS, %u ERROR, %u MSG_WAIT, "
		      "%u INTERRUPT, %u VERSION\n",
		      counts[0], counts[1], counts[2], counts[3], counts[4]);
	/* The walk reached every kind of answer. */
	for (int k = 0; k < 5; k++)
		assert_true(counts[k] > 0);
	test_free(f);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_std, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_version_built_1_1),
		T(test_id_get),
		T(test_features),
		cmocka_unit_test(test_bitmap_create),
		cmocka_unit_test(test_bitmap_destroy),
		T(test_bind_checks),
		cmocka_unit_test(test_bind_receiver_without_bitmap),
		T(test_bind_order),
		T(test_bind_denied),
		T(test_set_checks),
		T(test_set_order),
		T(test_set_sri),
		T(test_get_checks),
		T(test_get_vcpu_scope),
		T(test_info_get_checks),
		T(test_info_get_once),
		cmocka_unit_test(test_info_get_example_64),
		cmocka_unit_test(test_info_get_more_pending),
		T(test_run_checks),
		cmocka_unit_test(test_run_preempt),
		T(test_run_echo),
		cmocka_unit_test(test_default_partitions),
		cmocka_unit_test(test_init_rejects),
		T(test_init_boot_bindings),
		cmocka_unit_test(test_random_registers),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
