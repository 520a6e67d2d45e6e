// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The audit of the SPMC model's optee personality against OP-TEE 4.10.0
 * as the S-EL1 SPMC behind TF-A v2.12's SPMD, one case per check
 * (docs/protocol.md, "OP-TEE 4.10, check by check": each row's tag,
 * O-BND-2 and so on, is the tag of the model's comment and of the cases
 * here; tests/check-audit.sh holds the three together).
 *
 * A case is raw registers from a caller, the model's state before (a
 * scene reached by calls) and the exact x0..x7 OP-TEE answers; a case
 * without a check asserts that nothing but the call counter changed, one
 * with a check asserts the state after.  The tags that are no call (boot,
 * the watchdog's tick, the simulator's ring) have tests of their own.
 * Each is a cmocka test named after the OP-TEE (or TF-A) function.
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

#define CPUS 4
#define OPTEE 0x8001 /* OP-TEE's own LSP */
#define TLSP 0x8002 /* the Test LSP */
#define BADP 0xffff0006ULL /* TEE_ERROR_BAD_PARAMETERS */
#define NS 0xffffffffULL /* FFA_NOT_SUPPORTED as w2 */
#define INV 0xfffffffeULL /* FFA_INVALID_PARAMETERS */
#define DEN 0xfffffffaULL /* FFA_DENIED */
#define NODATA 0xfffffff7ULL /* FFA_NO_DATA */

#define ERR(w2_)                                   \
	{                                          \
		FFP_ERROR, 0, (w2_), 0, 0, 0, 0, 0 \
	}
#define SUCC(w2_)                                       \
	{                                               \
		FFP_SUCCESS_32, 0, (w2_), 0, 0, 0, 0, 0 \
	}
#define DREQ FFP_MSG_SEND_DIRECT_REQ_32
#define DREQ64 FFP_MSG_SEND_DIRECT_REQ_64
#define DRESP FFP_MSG_SEND_DIRECT_RESP_32
#define DRESP64 FFP_MSG_SEND_DIRECT_RESP_64
#define W1(src_, dst_) (((ffp_u64)(src_) << 16) | (dst_))

struct fx {
	struct ffp_spmc s;
	ffp_u64 sris;
};

static void on_sri(void *ctx)
{
	((struct fx *)ctx)->sris++;
}

static const struct ffp_spmc_ops ops = { .raise_sri = on_sri };

enum scene {
	S_BOOT,
	S_CREATED, /* BITMAP_CREATE done */
	S_BOUND, /* and IDs 1-3 bound from OP-TEE */
	S_PENDING, /* and ID 1 pending (ENABLE_ASYNC_NOTIF(1), a tick) */
	S_PENDING_HIGH, /* created, IDs 1 and 40 pending, nothing bound */
	S_PENDING_UNBOUND, /* created, ID 1 pending, nothing bound */
	S_STARTED, /* created, ENABLE_ASYNC_NOTIF(4) */
	S_STARTED_NOBITMAP, /* ENABLE_ASYNC_NOTIF(4) before any bitmap */
	S_VALUE_NONE, /* ENABLE_ASYNC_NOTIF(4), then BITMAP_CREATE */
	S_V11, /* VERSION(1.1), BITMAP_CREATE */
};

static void call_ok(struct fx *f, ffp_u64 a0, ffp_u64 a1, ffp_u64 a2,
		    ffp_u64 a3, ffp_u64 a4)
{
	struct ffp_regs in = { { a0, a1, a2, a3, a4, 0, 0, 0 } }, out;

	ffp_spmc_call(&f->s, 0, &in, &out);
	if ((ffp_u32)out.a[0] == FFP_ERROR ||
	    ((ffp_u32)out.a[0] == DRESP && out.a[3]))
		fail_msg("scene call %#llx failed: %#llx %#llx",
			 (unsigned long long)a0, (unsigned long long)out.a[0],
			 (unsigned long long)out.a[2]);
}

static void enable(struct fx *f, ffp_u64 id)
{
	call_ok(f, DREQ, W1(0, OPTEE), 0, 5, id);
}

static void create(struct fx *f)
{
	call_ok(f, FFP_NOTIFICATION_BITMAP_CREATE, 0, CPUS, 0, 0);
}

static void scene(struct fx *f, enum scene sc)
{
	switch (sc) {
	case S_BOOT:
		break;
	case S_CREATED:
		create(f);
		break;
	case S_BOUND:
	case S_PENDING:
		create(f);
		call_ok(f, FFP_NOTIFICATION_BIND, W1(OPTEE, 0), 0, 0xe, 0);
		if (sc == S_PENDING) {
			enable(f, 1);
			assert_int_equal(ffp_spmc_tick(&f->s), 1);
		}
		break;
	case S_PENDING_HIGH:
		create(f);
		enable(f, 40);
		assert_int_equal(ffp_spmc_tick(&f->s), 1);
		enable(f, 1);
		assert_int_equal(ffp_spmc_tick(&f->s), 1);
		break;
	case S_PENDING_UNBOUND:
		create(f);
		enable(f, 1);
		assert_int_equal(ffp_spmc_tick(&f->s), 1);
		break;
	case S_STARTED:
		create(f);
		enable(f, 4);
		break;
	case S_STARTED_NOBITMAP:
		enable(f, 4);
		break;
	case S_VALUE_NONE:
		enable(f, 4);
		create(f);
		break;
	case S_V11:
		call_ok(f, FFP_VERSION, FFP_VERSION_1_1, 0, 0, 0);
		create(f);
		break;
	}
}

struct ocase;
typedef void (*check_fn)(struct fx *f);

struct ocase {
	const char *name; /* "<OP-TEE or TF-A function> <tag>: what" */
	enum scene scene;
	ffp_u16 caller;
	ffp_u64 in[8];
	ffp_u64 out[8]; /* exactly */
	check_fn check; /* the state after; FFP_NULL: unchanged */
};

static void chk_nwd_1_1(struct fx *f)
{
	assert_int_equal(f->s.nwd_version, FFP_VERSION_1_1);
}

static void chk_nwd_1_2(struct fx *f)
{
	assert_int_equal(f->s.nwd_version, FFP_VERSION_1_2);
}

static void chk_nwd_1_0(struct fx *f)
{
	assert_int_equal(f->s.nwd_version, FFP_VERSION_1_0);
}

static void chk_created(struct fx *f)
{
	assert_true(f->s.optee.initialized);
	assert_int_equal(f->s.optee.async_value, -1);
}

static void chk_created_started(struct fx *f)
{
	chk_created(f);
	/* The watchdog goes on; its ticks now trip OP-TEE's assert. */
	assert_true(f->s.optee.started);
	assert_true(f->s.optee.wd_enabled);
}

static void chk_cleared(struct fx *f)
{
	assert_false(f->s.optee.initialized);
	assert_int_equal(f->s.optee.async_value, 0);
	assert_int_equal(f->s.optee.bound, 0);
	assert_int_equal(f->s.optee.pending, 0);
}

static void chk_bound_30(struct fx *f)
{
	assert_int_equal(f->s.optee.bound, 0x30);
	assert_false(f->s.optee.initialized);
}

static void chk_bound_1(struct fx *f)
{
	assert_int_equal(f->s.optee.bound, 0x1);
}

static void chk_bound_8(struct fx *f)
{
	assert_int_equal(f->s.optee.bound, 0x8);
}

static void chk_bound_2(struct fx *f)
{
	assert_int_equal(f->s.optee.bound, 0x2);
	assert_int_equal(f->s.optee.pending, 0x2);
}

static void chk_taken(struct fx *f)
{
	assert_int_equal(f->s.optee.pending, 0);
	/* GET unbinds nothing. */
	assert_int_equal(f->s.optee.bound, 0xe);
}

static void chk_taken_high(struct fx *f)
{
	assert_int_equal(f->s.optee.pending, 0);
}

static void chk_value_3(struct fx *f)
{
	assert_int_equal(f->s.optee.async_value, 3);
	assert_true(f->s.optee.started);
	assert_true(f->s.optee.wd_enabled);
	assert_int_equal(f->s.optee.pending, 0);
	assert_int_equal(f->sris, 0);
}

static const struct ocase cases[] = {
	/* ---- dispatch ---- */
	{ "spmd_smc_handler O-DIS-1: the SVE hint and x0[63:32] are ignored",
	  S_BOOT,
	  0,
	  { 0xdead000000000000ULL | FFP_SMCCC_SVE_HINT | FFP_ID_GET },
	  SUCC(0),
	  FFP_NULL },
	{ "spmd_smc_handler O-DIS-1: a masked INFO_GET_64 is served",
	  S_PENDING,
	  0,
	  { 0x100000000ULL | FFP_SMCCC_SVE_HINT |
	    FFP_NOTIFICATION_INFO_GET_64 },
	  { FFP_SUCCESS_64, 0, 1 << 7, 0, 0, 0, 0, 0 },
	  FFP_NULL },
	{ "smc_handler O-DIS-2: fast-call bits 23:17 set: SMC_UNK in x0 only",
	  S_BOOT,
	  0,
	  { FFP_ID_GET | 0x00020000U, 1, 2, 3, 4, 5, 6, 7 },
	  { FFP_SMCCC_UNKNOWN, 1, 2, 3, 4, 5, 6, 7 },
	  FFP_NULL },
	{ "spmd_smc_handler O-DIS-7: FFA_NORMAL_WORLD_RESUME from the NWd",
	  S_BOOT,
	  0,
	  { FFP_SMC32(0x7c), 1, 2, 3 },
	  ERR(DEN),
	  FFP_NULL },
	{ "smc_handler O-DIS-5: function number 0x8f: no FF-A call to TF-A",
	  S_BOOT,
	  0,
	  { FFP_SMC32(0x8f), 1, 2, 3, 4, 5, 6, 7 },
	  { FFP_SMCCC_UNKNOWN, 1, 2, 3, 4, 5, 6, 7 },
	  FFP_NULL },
	{ "smc_handler O-DIS-5: SMC64 function number 0xdd",
	  S_BOOT,
	  0,
	  { FFP_SMC64(0xdd), 0xd9a0ed67f1a6e508ULL },
	  { FFP_SMCCC_UNKNOWN, 0xd9a0ed67f1a6e508ULL },
	  FFP_NULL },
	{ "smc_handler O-DIS-5: 0x8e is still FF-A: NOT_SUPPORTED",
	  S_BOOT,
	  0,
	  { FFP_SMC32(0x8e), 1, 2, 3 },
	  ERR(NS),
	  FFP_NULL },
	{ "thread_spmc_msg_recv O-DIS-3: FFA_NOTIFICATION_SET is not served",
	  S_BOUND,
	  0,
	  { FFP_NOTIFICATION_SET, W1(0, OPTEE), 0, 0x2, 0 },
	  ERR(NS),
	  FFP_NULL },
	{ "thread_spmc_msg_recv O-DIS-3: FFA_MSG_WAIT from the NWd",
	  S_BOOT,
	  0,
	  { FFP_MSG_WAIT },
	  ERR(NS),
	  FFP_NULL },
	{ "thread_spmc_msg_recv O-DIS-3: FFA_YIELD from the NWd",
	  S_BOOT,
	  0,
	  { FFP_YIELD, 1, 2, 3 },
	  ERR(NS),
	  FFP_NULL },
	{ "thread_spmc_msg_recv O-DIS-4: a call from a partition",
	  S_BOOT,
	  OPTEE,
	  { FFP_NOTIFICATION_BITMAP_CREATE, 0, CPUS },
	  ERR(NS),
	  FFP_NULL },
	/* ---- VERSION, ID_GET ---- */
	{ "spmd_smc_handler O-VER-1: bit 31 set",
	  S_BOOT,
	  0,
	  { FFP_VERSION, 0x80010001U },
	  { NS },
	  FFP_NULL },
	{ "spmc_exchange_version O-VER-2: v1.1 asked, v1.2 answered",
	  S_BOOT,
	  0,
	  { FFP_VERSION, FFP_VERSION_1_1 },
	  { FFP_VERSION_1_2 },
	  chk_nwd_1_1 },
	{ "spmc_exchange_version O-VER-2: v1.5 asked: the NWd is at v1.2",
	  S_BOOT,
	  0,
	  { FFP_VERSION, 0x10005 },
	  { FFP_VERSION_1_2 },
	  chk_nwd_1_2 },
	{ "spmc_exchange_version O-VER-2: v2.0 asked: v1.2, nothing changes",
	  S_BOOT,
	  0,
	  { FFP_VERSION, 0x20000 },
	  { FFP_VERSION_1_2 },
	  FFP_NULL },
	{ "spmc_exchange_version O-VER-2: renegotiated after other calls",
	  S_V11,
	  0,
	  { FFP_VERSION, FFP_VERSION_1_0, 0xffff },
	  { FFP_VERSION_1_2 },
	  chk_nwd_1_0 },
	{ "spmd_smc_handler O-ID-1: ID_GET from the NWd is 0",
	  S_BOOT,
	  0,
	  { FFP_ID_GET, 5, 6 },
	  SUCC(0),
	  FFP_NULL },
	{ "spmd_smc_handler O-ID-2: SPM_ID_GET is the manifest's 0x8000",
	  S_BOOT,
	  0,
	  { FFP_SPM_ID_GET },
	  SUCC(0x8000),
	  FFP_NULL },
	/* ---- FEATURES ---- */
	{ "handle_features O-FEAT-1: FFA_NOTIFICATION_SET is listed",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_NOTIFICATION_SET },
	  SUCC(0),
	  FFP_NULL },
	{ "handle_features O-FEAT-1: INFO_GET_32 is listed",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_NOTIFICATION_INFO_GET_32 },
	  SUCC(0),
	  FFP_NULL },
	{ "handle_features O-FEAT-1: PARTITION_INFO_GET is listed",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_PARTITION_INFO_GET },
	  SUCC(0),
	  FFP_NULL },
	{ "handle_features O-FEAT-1: ID_GET is not",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_ID_GET },
	  ERR(NS),
	  FFP_NULL },
	{ "handle_features O-FEAT-1: FFA_RUN is not",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_RUN },
	  ERR(NS),
	  FFP_NULL },
	{ "handle_features O-FEAT-2: RXTX_MAP_64: 4 KiB buffers",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_RXTX_MAP_64 },
	  SUCC(0),
	  FFP_NULL },
	{ "handle_features O-FEAT-2: MEM_SHARE_32: w2 bit 0",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_MEM_SHARE_32 },
	  SUCC(1),
	  FFP_NULL },
	{ "handle_features O-FEAT-3: the SRI is SGI 8",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_FEAT_SRI },
	  SUCC(8),
	  FFP_NULL },
	{ "handle_features O-FEAT-4: MEI is listed",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_FEAT_MEI },
	  SUCC(0),
	  FFP_NULL },
	{ "handle_features O-FEAT-4: NPI is not",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_FEAT_NPI },
	  ERR(NS),
	  FFP_NULL },
	{ "std_svc_smc_handler O-DIS-6: FEATURES with x1[63:32] set: w1 asked",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, 0x100000000ULL | FFP_FEAT_SRI },
	  SUCC(8),
	  FFP_NULL },
	{ "handle_features O-FEAT-4: a queried ID with the SVE hint",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_NOTIFICATION_BIND | FFP_SMCCC_SVE_HINT },
	  ERR(NS),
	  FFP_NULL },
	{ "handle_features O-FEAT-4: w2 is never read",
	  S_BOOT,
	  0,
	  { FFP_FEATURES, FFP_FEAT_SRI, 0xff },
	  SUCC(8),
	  FFP_NULL },
	/* ---- BITMAP_CREATE / DESTROY ---- */
	{ "handle_notification_bitmap_create O-BMP-1: w1[31:16] set",
	  S_BOOT,
	  0,
	  { FFP_NOTIFICATION_BITMAP_CREATE, 0x10000, CPUS },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_bitmap_create O-BMP-1: x5[63:32] set",
	  S_BOOT,
	  0,
	  { FFP_NOTIFICATION_BITMAP_CREATE, 0, CPUS, 0, 0, 1ULL << 40 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_bitmap_create O-BMP-1: w2 is not read",
	  S_BOOT,
	  0,
	  { FFP_NOTIFICATION_BITMAP_CREATE, 0, 0xffffffffffffffffULL },
	  SUCC(0),
	  chk_created },
	{ "handle_notification_bitmap_destroy O-BMP-1: x3 set",
	  S_CREATED,
	  0,
	  { FFP_NOTIFICATION_BITMAP_DESTROY, 0, 0, 1 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_bitmap_create O-BMP-2: VM 1",
	  S_BOOT,
	  0,
	  { FFP_NOTIFICATION_BITMAP_CREATE, 1, CPUS },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_bitmap_destroy O-BMP-2: an SP ID",
	  S_CREATED,
	  0,
	  { FFP_NOTIFICATION_BITMAP_DESTROY, OPTEE },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_bitmap_create O-CRE-1: twice",
	  S_CREATED,
	  0,
	  { FFP_NOTIFICATION_BITMAP_CREATE, 0, CPUS },
	  ERR(DEN),
	  FFP_NULL },
	{ "handle_notification_bitmap_create O-CRE-2: created, no async value",
	  S_BOOT,
	  0,
	  { FFP_NOTIFICATION_BITMAP_CREATE, 0, CPUS },
	  SUCC(0),
	  chk_created },
	{ "handle_notification_bitmap_create O-CRE-2: after ENABLE_ASYNC_NOTIF",
	  S_STARTED_NOBITMAP,
	  0,
	  { FFP_NOTIFICATION_BITMAP_CREATE, 0, CPUS },
	  SUCC(0),
	  chk_created_started },
	{ "handle_notification_bitmap_destroy O-DES-1: an ID bound",
	  S_BOUND,
	  0,
	  { FFP_NOTIFICATION_BITMAP_DESTROY, 0 },
	  ERR(DEN),
	  FFP_NULL },
	{ "handle_notification_bitmap_destroy O-DES-1: an ID pending",
	  S_PENDING_UNBOUND,
	  0,
	  { FFP_NOTIFICATION_BITMAP_DESTROY, 0 },
	  ERR(DEN),
	  FFP_NULL },
	{ "handle_notification_bitmap_destroy O-DES-2: cleared",
	  S_STARTED,
	  0,
	  { FFP_NOTIFICATION_BITMAP_DESTROY, 0, 0xffff },
	  SUCC(0),
	  chk_cleared },
	{ "handle_notification_bitmap_destroy O-DES-2: never created",
	  S_BOOT,
	  0,
	  { FFP_NOTIFICATION_BITMAP_DESTROY, 0 },
	  SUCC(0),
	  chk_cleared },
	/* ---- BIND / UNBIND ---- */
	{ "handle_notification_bind O-BND-1: x5 set",
	  S_CREATED,
	  0,
	  { FFP_NOTIFICATION_BIND, W1(OPTEE, 0), 0, 1, 0, 1 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_bind O-BND-1: x7[63:32] set, before x2",
	  S_CREATED,
	  0,
	  { FFP_NOTIFICATION_BIND, W1(OPTEE, 0), 1, 1, 0, 0, 0, 1ULL << 32 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_bind O-BND-2: per-vCPU",
	  S_CREATED,
	  0,
	  { FFP_NOTIFICATION_BIND, W1(OPTEE, 0), FFP_BIND_PER_VCPU, 1 },
	  ERR(DEN),
	  FFP_NULL },
	{ "std_svc_smc_handler O-DIS-6: BIND with x2[63:32] set: flags 0",
	  S_CREATED,
	  0,
	  { FFP_NOTIFICATION_BIND, W1(OPTEE, 0), 1ULL << 32, 1 },
	  SUCC(0),
	  chk_bound_1 },
	{ "std_svc_smc_handler O-DIS-6: x3, x4 cleared too: bitmap 1",
	  S_CREATED,
	  0,
	  { FFP_NOTIFICATION_BIND, W1(OPTEE, 0), 0, 0xff00000001ULL,
	    0xff00000000ULL },
	  SUCC(0),
	  chk_bound_1 },
	{ "std_svc_smc_handler O-DIS-6: SMC64 calls keep x1..x4 whole",
	  S_BOOT,
	  0,
	  { FFP_SMC64(0x64), 0x100000000ULL | FFP_FEAT_SRI },
	  ERR(NS),
	  FFP_NULL },
	{ "handle_notification_bind O-BND-3: receiver VM 1",
	  S_CREATED,
	  0,
	  { FFP_NOTIFICATION_BIND, W1(OPTEE, 1), 0, 1 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_bind O-BND-3: the sender is not read",
	  S_CREATED,
	  0,
	  { FFP_NOTIFICATION_BIND, W1(5, 0), 0, 1 },
	  SUCC(0),
	  chk_bound_1 },
	{ "handle_notification_bind O-BND-4: bound by another sender",
	  S_BOUND,
	  0,
	  { FFP_NOTIFICATION_BIND, W1(TLSP, 0), 0, 0x4 },
	  ERR(DEN),
	  FFP_NULL },
	{ "handle_notification_bind O-BND-5: bound without a bitmap",
	  S_BOOT,
	  0,
	  { FFP_NOTIFICATION_BIND, W1(OPTEE, 0), 0, 0x30 },
	  SUCC(0),
	  chk_bound_30 },
	{ "handle_notification_bind O-BND-5: a zero bitmap passes",
	  S_BOOT,
	  0,
	  { FFP_NOTIFICATION_BIND, W1(OPTEE, 0), 0, 0, 0 },
	  SUCC(0),
	  FFP_NULL },
	{ "handle_notification_unbind O-UNB-1: x2 set",
	  S_BOUND,
	  0,
	  { FFP_NOTIFICATION_UNBIND, W1(OPTEE, 0), 1, 0x2 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_unbind O-UNB-1: x6 set",
	  S_BOUND,
	  0,
	  { FFP_NOTIFICATION_UNBIND, W1(OPTEE, 0), 0, 0x2, 0, 0, 1 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_unbind O-UNB-2: receiver VM 3",
	  S_BOUND,
	  0,
	  { FFP_NOTIFICATION_UNBIND, W1(OPTEE, 3), 0, 0x2 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_unbind O-UNB-3: an ID pending",
	  S_PENDING,
	  0,
	  { FFP_NOTIFICATION_UNBIND, W1(OPTEE, 0), 0, 0x2 },
	  ERR(DEN),
	  FFP_NULL },
	{ "handle_notification_unbind O-UNB-3: the others unbind",
	  S_PENDING,
	  0,
	  { FFP_NOTIFICATION_UNBIND, W1(OPTEE, 0), 0, 0xc },
	  SUCC(0),
	  chk_bound_2 },
	{ "handle_notification_unbind O-UNB-4: any sender, bound or not",
	  S_BOUND,
	  0,
	  { FFP_NOTIFICATION_UNBIND, W1(TLSP, 0), 0, 0x6, 0x1 },
	  SUCC(0),
	  chk_bound_8 },
	/* ---- GET ---- */
	{ "handle_notification_get O-GET-1: x5 set",
	  S_PENDING,
	  0,
	  { FFP_NOTIFICATION_GET, 0, FFP_GET_SP, 0, 0, 1 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_get O-GET-1: x3, x4 are not read",
	  S_PENDING,
	  0,
	  { FFP_NOTIFICATION_GET, 0, FFP_GET_SP, 5, 7 },
	  SUCC(0x2),
	  chk_taken },
	{ "handle_notification_get O-GET-2: no SP flag: nothing",
	  S_PENDING,
	  0,
	  { FFP_NOTIFICATION_GET, 0, FFP_GET_VM | FFP_GET_SPM | FFP_GET_HYP },
	  SUCC(0),
	  FFP_NULL },
	{ "handle_notification_get O-GET-2: no SP flag: the receiver unread",
	  S_PENDING,
	  0,
	  { FFP_NOTIFICATION_GET, OPTEE, 0 },
	  SUCC(0),
	  FFP_NULL },
	{ "handle_notification_get O-GET-3: receiver VM 1",
	  S_PENDING,
	  0,
	  { FFP_NOTIFICATION_GET, 1, FFP_GET_SP },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_get O-GET-3: the vCPU is not read",
	  S_PENDING,
	  0,
	  { FFP_NOTIFICATION_GET, 7U << 16, FFP_GET_SP | 0xfff0 },
	  SUCC(0x2),
	  chk_taken },
	{ "handle_notification_get O-GET-4: w2 low, w3 high, cleared",
	  S_PENDING_HIGH,
	  0,
	  { FFP_NOTIFICATION_GET, 0, FFP_GET_SP | FFP_GET_SPM },
	  { FFP_SUCCESS_32, 0, 0x2, 1U << 8, 0, 0, 0, 0 },
	  chk_taken_high },
	/* ---- INFO_GET ---- */
	{ "handle_notification_info_get O-INF-1: x1 set",
	  S_PENDING,
	  0,
	  { FFP_NOTIFICATION_INFO_GET_64, 1 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_info_get O-INF-1: x7[63:32] set",
	  S_PENDING,
	  0,
	  { FFP_NOTIFICATION_INFO_GET_32, 0, 0, 0, 0, 0, 0, 1ULL << 33 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_notification_info_get O-INF-2: nothing pending (64)",
	  S_BOUND,
	  0,
	  { FFP_NOTIFICATION_INFO_GET_64 },
	  ERR(NODATA),
	  FFP_NULL },
	{ "handle_notification_info_get O-INF-2: nothing pending (32)",
	  S_BOOT,
	  0,
	  { FFP_NOTIFICATION_INFO_GET_32 },
	  ERR(NODATA),
	  FFP_NULL },
	{ "handle_notification_info_get O-INF-3: VM 0, SUCCESS_64",
	  S_PENDING,
	  0,
	  { FFP_NOTIFICATION_INFO_GET_64 },
	  { FFP_SUCCESS_64, 0, 1 << 7, 0, 0, 0, 0, 0 },
	  FFP_NULL },
	{ "handle_notification_info_get O-INF-3: VM 0, SUCCESS_32",
	  S_PENDING_HIGH,
	  0,
	  { FFP_NOTIFICATION_INFO_GET_32 },
	  { FFP_SUCCESS_32, 0, 1 << 7, 0, 0, 0, 0, 0 },
	  FFP_NULL },
	/* ---- RUN ---- */
	{ "spmc_handle_run O-RUN-1: OP-TEE's LSP",
	  S_BOOT,
	  0,
	  { FFP_RUN, W1(OPTEE, 0) },
	  ERR(INV),
	  FFP_NULL },
	{ "spmc_handle_run O-RUN-1: the SPMC",
	  S_BOOT,
	  0,
	  { FFP_RUN, W1(0x8000, 0) },
	  ERR(INV),
	  FFP_NULL },
	{ "spmc_handle_run O-RUN-1: the Test LSP, any vCPU",
	  S_BOOT,
	  0,
	  { FFP_RUN, W1(TLSP, 3) },
	  ERR(INV),
	  FFP_NULL },
	{ "spmc_handle_run O-RUN-2: another SP ID",
	  S_BOOT,
	  0,
	  { FFP_RUN, W1(0x8005, 0) },
	  ERR(NS),
	  FFP_NULL },
	{ "spmc_handle_run O-RUN-2: endpoint 0",
	  S_BOOT,
	  0,
	  { FFP_RUN, 0 },
	  ERR(NS),
	  FFP_NULL },
	/* ---- direct requests ---- */
	{ "spmd_smc_handler O-DIR-1: to 0xffc0: no LP check, no LSP",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, 0xffc0), 0, 0 },
	  ERR(INV),
	  FFP_NULL },
	{ "spmd_smc_handler O-DIR-1: from 0xfffe: no LP check, secure",
	  S_BOOT,
	  0,
	  { DREQ, W1(0xfffe, OPTEE), 0, 0 },
	  ERR(INV),
	  FFP_NULL },
	{ "spmd_smc_handler O-DIR-2: from a secure ID",
	  S_BOOT,
	  0,
	  { DREQ, W1(0x8003, OPTEE), 0, 5, 1 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_direct_request O-DIR-3: to no LSP",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, 0x8005), 0, 0 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_direct_request O-DIR-3: to a VM",
	  S_BOOT,
	  0,
	  { DREQ64, W1(0, 1), 0, 0 },
	  ERR(INV),
	  FFP_NULL },
	{ "optee_spmc_lsp_handle_direct_request O-DIR-4: not framework",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, 0x8000), 0, 8 },
	  ERR(INV),
	  FFP_NULL },
	{ "handle_framework_direct_request O-DIR-5: VERSION_REQ to the SPMC",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, 0x8000), 0x80000008U, FFP_VERSION_1_1 },
	  { DRESP, W1(0x8000, 0), 0x80000009U, FFP_VERSION_1_2, 0, 0, 0, 0 },
	  chk_nwd_1_1 },
	{ "handle_framework_direct_request O-DIR-5: VERSION_REQ, 64-bit",
	  S_BOOT,
	  0,
	  { DREQ64, W1(0, OPTEE), 0x80000008U, FFP_VERSION_1_2, 9 },
	  { DRESP64, W1(OPTEE, 0), 0x80000009U, FFP_VERSION_1_2, 0, 0, 0, 0 },
	  chk_nwd_1_2 },
	{ "handle_framework_direct_request O-DIR-5: VM_CREATED",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, OPTEE), 0x80000004U, 0, 0, 7 },
	  ERR(NS),
	  FFP_NULL },
	{ "handle_blocking_call O-DIR-6: GET_API_VERSION",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, OPTEE), 0, 0, 9, 9, 9, 9 },
	  { DRESP, W1(OPTEE, 0), 0, 1, 0, 0, 0, 0 },
	  FFP_NULL },
	{ "handle_blocking_call O-DIR-6: 64-bit, from another VM",
	  S_BOOT,
	  0,
	  { DREQ64, W1(3, OPTEE), 0, 0 },
	  { DRESP64, W1(OPTEE, 3), 0, 1, 0, 0, 0, 0 },
	  FFP_NULL },
	{ "handle_blocking_call O-DIR-7: GET_OS_VERSION",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, OPTEE), 0, 1 },
	  { DRESP, W1(OPTEE, 0), 0, 4, 10, 0, 0, 0 },
	  FFP_NULL },
	{ "handle_blocking_call O-DIR-8: EXCHANGE_CAPABILITIES",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, OPTEE), 0, 2 },
	  { DRESP, W1(OPTEE, 0), 0, 0, 4, 7, 0, 0 },
	  FFP_NULL },
	{ "spmc_enable_async_notif O-DIR-9: value 64",
	  S_CREATED,
	  0,
	  { DREQ, W1(0, OPTEE), 0, 5, 64 },
	  { DRESP, W1(OPTEE, 0), 0, BADP, 0, 0, 0, 0 },
	  FFP_NULL },
	{ "spmc_enable_async_notif O-DIR-9: from VM 1",
	  S_CREATED,
	  0,
	  { DREQ, W1(1, OPTEE), 0, 5, 3 },
	  { DRESP, W1(OPTEE, 1), 0, BADP, 0, 0, 0, 0 },
	  FFP_NULL },
	{ "spmc_enable_async_notif O-DIR-9: value 3, w4 read in 32 bits",
	  S_CREATED,
	  0,
	  { DREQ64, W1(0, OPTEE), 0, 5, 0x100000003ULL },
	  { DRESP64, W1(OPTEE, 0), 0, 0, 0, 0, 0, 0 },
	  chk_value_3 },
	{ "handle_blocking_call O-DIR-10: service 4",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, OPTEE), 0, 4 },
	  { DRESP, W1(OPTEE, 0), 0, BADP, 0, 0, 0, 0 },
	  FFP_NULL },
	{ "handle_blocking_call O-DIR-10: service 0x7fffffff",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, OPTEE), 0, 0x7fffffff },
	  { DRESP, W1(OPTEE, 0), 0, BADP, 0, 0, 0, 0 },
	  FFP_NULL },
	{ "handle_yielding_call O-DIR-11: a yielding call (model only)",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, OPTEE), 0, 0x80000000U },
	  ERR(NS),
	  FFP_NULL },
	{ "handle_unregister_shm O-DIR-11: UNREGISTER_SHM (model only)",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, OPTEE), 0, 3, 1, 2 },
	  ERR(NS),
	  FFP_NULL },
	{ "test_direct_req O-DIR-12: the sum, w4..w7 back",
	  S_BOOT,
	  0,
	  { DREQ, W1(0, TLSP), 0, 1, 2, 3, 4, 5 },
	  { DRESP, W1(TLSP, 0), 0, 15, 2, 3, 4, 5 },
	  FFP_NULL },
	{ "test_direct_req O-DIR-12: 64-bit, wrapping, framework bit ignored",
	  S_BOOT,
	  0,
	  { DREQ64, W1(2, TLSP), 0x80000008U, ~0ULL, 2 },
	  { DRESP64, W1(TLSP, 2), 0, 1, 2, 0, 0, 0 },
	  FFP_NULL },
};

static void run_case(void **state)
{
	const struct ocase *c = *state;
	struct ffp_spmc_config cfg = {
		.personality = FFP_SPMC_OPTEE,
		.max_cpus = CPUS,
	};
	struct fx *f = calloc(1, sizeof(*f));
	struct fx *before = calloc(1, sizeof(*f));
	struct ffp_regs in, out;
	int i;

	assert_non_null(f);
	assert_non_null(before);
	assert_int_equal(ffp_spmc_init(&f->s, ffp_spmc_optee_partitions,
				       ffp_spmc_optee_partition_count, &cfg,
				       &ops, f),
			 0);
	scene(f, c->scene);
	f->sris = 0;
	for (i = 0; i < 8; i++)
		in.a[i] = c->in[i];
	memcpy(before, f, sizeof(*f));
	ffp_spmc_call(&f->s, c->caller, &in, &out);
	for (i = 0; i < 8; i++)
		if (out.a[i] != c->out[i])
			fail_msg("%s: x%d is %#llx, OP-TEE answers %#llx",
				 c->name, i, (unsigned long long)out.a[i],
				 (unsigned long long)c->out[i]);
	if (c->check) {
		c->check(f);
	} else {
		before->s.calls++;
		assert_memory_equal(&before->s, &f->s, sizeof(f->s));
		assert_int_equal(before->sris, f->sris);
	}
	free(before);
	free(f);
}

static struct fx *boot(void)
{
	struct ffp_spmc_config cfg = { .personality = FFP_SPMC_OPTEE };
	const struct ffp_partition_desc *p;
	struct fx *f = calloc(1, sizeof(*f));
	ffp_u32 n;

	assert_non_null(f);
	/* Both of OP-TEE's partitions: the Test LSP's rows need it. */
	p = ffp_spmc_partition_catalogue(&cfg, &n);
	assert_ptr_equal(p, ffp_spmc_optee_partitions);
	assert_int_equal(n, 2);
	assert_int_equal(ffp_spmc_init(&f->s, p, n, &cfg, &ops, f), 0);
	/* What a simulator boots by default: OP-TEE alone, as on QEMU. */
	p = ffp_spmc_partitions_for(&cfg, &n);
	assert_ptr_equal(p, ffp_spmc_optee_partitions);
	assert_int_equal(n, FFP_SPMC_OPTEE_QEMU_PARTITIONS);
	return f;
}

/* O-BOOT-2 */
static void test_boot_qemu(void **state)
{
	struct ffp_spmc_config cfg = { .personality = FFP_SPMC_OPTEE };
	const struct ffp_partition_desc *p;
	struct ffp_regs in = { { FFP_RUN, 0x80020000 } }, out;
	struct fx *f = calloc(1, sizeof(*f));
	ffp_u32 n;

	(void)state;
	assert_non_null(f);
	p = ffp_spmc_optee_partitions;
	n = FFP_SPMC_OPTEE_QEMU_PARTITIONS;
	assert_int_equal(n, 1);
	assert_int_equal(ffp_spmc_init(&f->s, p, n, &cfg, &ops, f), 0);
	assert_int_equal(f->s.n_sps, 1);
	assert_int_equal(f->s.sps[0].desc.id, OPTEE);
	/* No LSP at 0x8002: FFA_RUN of it takes the S-EL0 SP path. */
	ffp_spmc_call(&f->s, 0, &in, &out);
	assert_int_equal((ffp_u32)out.a[0], FFP_ERROR);
	assert_int_equal((ffp_s32)out.a[2], FFP_RET_NOT_SUPPORTED);
	in.a[1] = 0x80010000;
	ffp_spmc_call(&f->s, 0, &in, &out);
	assert_int_equal((ffp_s32)out.a[2], FFP_RET_INVALID_PARAMETERS);
	free(f);
}

/* O-BOOT-1 */
static void test_boot(void **state)
{
	struct fx *f = boot();

	(void)state;
	assert_string_equal(ffp_spmc_config_name(&f->s.cfg), "optee");
	assert_int_equal(f->s.nwd_version, FFP_VERSION_1_0);
	assert_int_equal(f->s.version, FFP_VERSION_1_2);
	assert_false(f->s.optee.initialized);
	assert_int_equal(f->s.optee.async_value, 0);
	assert_false(f->s.optee.started);
	assert_int_equal(f->s.n_sps, 2);
	assert_int_equal(f->s.sps[0].desc.id, OPTEE);
	assert_int_equal(f->s.sps[0].desc.properties, 0x103);
	assert_int_equal(f->s.sps[0].desc.uuid[0], 0x48);
	assert_int_equal(f->s.sps[0].desc.uuid[15], 0x1b);
	assert_int_equal(f->s.sps[1].desc.id, TLSP);
	assert_int_equal(f->s.sps[1].desc.properties, 0x1);
	assert_int_equal(f->s.sps[1].desc.uuid[0], 0x54);
	assert_int_equal(f->s.sps[1].desc.uuid[15], 0x55);
	/* Before ENABLE_ASYNC_NOTIF the watchdog is off. */
	assert_int_equal(ffp_spmc_tick(&f->s), 0);
	assert_int_equal(f->sris, 0);
	/* OP-TEE's partitions neither bind nor echo; no strict flavour. */
	{
		struct ffp_partition_desc d = ffp_spmc_default_partitions[0];
		struct ffp_spmc_config cfg = { .personality = FFP_SPMC_OPTEE };

		assert_int_equal(ffp_spmc_init(&f->s, &d, 1, &cfg, &ops, f),
				 -FFP_EINVAL);
		d.bind_from_nwd = 0;
		d.behaviour = 0;
		assert_int_equal(ffp_spmc_init(&f->s, &d, 1, &cfg, &ops, f), 0);
		cfg.flags = FFP_SPMC_STRICT;
		assert_int_equal(ffp_spmc_init(&f->s, &d, 1, &cfg, &ops, f),
				 -FFP_EINVAL);
	}
	free(f);
}

/* O-NTF-1 */
static void test_tick(void **state)
{
	struct fx *f = boot();
	struct ffp_regs in = { { DREQ, W1(0, OPTEE), 0, 5, 9 } }, out;

	(void)state;
	/* Started with no bitmap and nothing bound: it pends all the same. */
	ffp_spmc_call(&f->s, 0, &in, &out);
	assert_int_equal(out.a[3], 0);
	assert_int_equal(f->sris, 0);
	assert_int_equal(ffp_spmc_tick(&f->s), 1);
	assert_int_equal(f->s.optee.pending, 1ULL << 9);
	assert_int_equal(f->sris, 1);
	assert_int_equal(f->s.sris, 1);
	/* Every period, whether taken or not. */
	assert_int_equal(ffp_spmc_tick(&f->s), 1);
	assert_int_equal(f->s.optee.pending, 1ULL << 9);
	assert_int_equal(f->sris, 2);
	assert_int_equal(f->s.optee.wd_calls, 2);
	free(f);
}

/* O-NTF-2 */
static void test_tick_no_value(void **state)
{
	struct fx *f = boot();

	(void)state;
	scene(f, S_VALUE_NONE);
	assert_int_equal(f->s.optee.async_value, -1);
	assert_int_equal(ffp_spmc_tick(&f->s), 0);
	assert_int_equal(f->s.optee.pending, 0);
	assert_int_equal(f->sris, 0);
	assert_int_equal(f->s.optee.wd_calls, 1);
	free(f);
}

/* O-NTF-3 */
static void test_enable_again(void **state)
{
	struct fx *f = boot();

	(void)state;
	scene(f, S_STARTED);
	enable(f, 7);
	assert_int_equal(f->s.optee.async_value, 7);
	assert_true(f->s.optee.wd_enabled);
	assert_int_equal(ffp_spmc_tick(&f->s), 1);
	assert_int_equal(f->s.optee.pending, 1ULL << 7);
	free(f);
}

/* O-RING-1 */
static void test_ring(void **state)
{
	struct fx *f = boot();
	struct ffp_regs in = { { FFP_NOTIFICATION_GET, 0, FFP_GET_SP } }, out;

	(void)state;
	scene(f, S_CREATED);
	assert_int_equal(ffp_spmc_ring(&f->s, OPTEE, 0, 0, 0, 1ULL << 33),
			 FFP_RET_SUCCESS);
	assert_int_equal(f->s.optee.async_value, 33);
	assert_int_equal(f->s.optee.pending, 1ULL << 33);
	assert_int_equal(f->sris, 1);
	ffp_spmc_call(&f->s, 0, &in, &out);
	assert_int_equal(out.a[0], FFP_SUCCESS_32);
	assert_int_equal(out.a[2], 0);
	assert_int_equal(out.a[3], 2);
	/* What OP-TEE cannot ring. */
	assert_int_equal(ffp_spmc_ring(&f->s, OPTEE, 0, 0, 0, 3),
			 FFP_RET_INVALID_PARAMETERS);
	assert_int_equal(ffp_spmc_ring(&f->s, OPTEE, 0, 0, 0, 0),
			 FFP_RET_INVALID_PARAMETERS);
	assert_int_equal(ffp_spmc_ring(&f->s, OPTEE, 0, FFP_SET_PER_VCPU, 1, 1),
			 FFP_RET_INVALID_PARAMETERS);
	assert_int_equal(ffp_spmc_ring(&f->s, OPTEE, 1, 0, 0, 1),
			 FFP_RET_INVALID_PARAMETERS);
	assert_int_equal(ffp_spmc_ring(&f->s, TLSP, 0, 0, 0, 1),
			 FFP_RET_INVALID_PARAMETERS);
	assert_int_equal(ffp_spmc_ring(&f->s, 0x8005, 0, 0, 0, 1),
			 FFP_RET_INVALID_PARAMETERS);
	assert_int_equal(f->s.optee.pending, 0);
	assert_int_equal(f->sris, 1);
	free(f);
}

/* What the model dispatches: SET not, direct requests yes. */
static void test_dispatches(void **state)
{
	struct fx *f = boot();

	(void)state;
	assert_false(ffp_spmc_dispatches(&f->s, FFP_NOTIFICATION_SET));
	assert_true(ffp_spmc_dispatches(&f->s, FFP_NOTIFICATION_INFO_GET_32));
	assert_true(ffp_spmc_dispatches(&f->s, FFP_MSG_SEND_DIRECT_REQ_64));
	assert_true(
		ffp_spmc_dispatches(&f->s, FFP_ID_GET | FFP_SMCCC_SVE_HINT));
	free(f);
}

int main(void)
{
	static const struct CMUnitTest extra[] = {
		{ "spmc_init O-BOOT-1: OP-TEE's partitions, NWd at v1.0",
		  test_boot, FFP_NULL, FFP_NULL, FFP_NULL },
		{ "spmc_init O-BOOT-2: QEMU's build: OP-TEE alone, no Test LSP",
		  test_boot_qemu, FFP_NULL, FFP_NULL, FFP_NULL },
		{ "notif_send_async O-NTF-1: the watchdog rings every tick",
		  test_tick, FFP_NULL, FFP_NULL, FFP_NULL },
		{ "notif_send_async O-NTF-2: no value: nothing pends",
		  test_tick_no_value, FFP_NULL, FFP_NULL, FFP_NULL },
		{ "notif_deliver_atomic_event O-NTF-3: started once",
		  test_enable_again, FFP_NULL, FFP_NULL, FFP_NULL },
		{ "notif_send_async O-RING-1: ring = ENABLE_ASYNC_NOTIF + tick",
		  test_ring, FFP_NULL, FFP_NULL, FFP_NULL },
		{ "thread_spmc_msg_recv: what the personality dispatches",
		  test_dispatches, FFP_NULL, FFP_NULL, FFP_NULL },
	};
	struct CMUnitTest tests[FFP_ARRAY_SIZE(cases) + FFP_ARRAY_SIZE(extra)];
	size_t i;

	for (i = 0; i < FFP_ARRAY_SIZE(cases); i++) {
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = cases[i].name;
		tests[i].test_func = run_case;
		tests[i].initial_state = (void *)&cases[i];
	}
	for (i = 0; i < FFP_ARRAY_SIZE(extra); i++)
		tests[FFP_ARRAY_SIZE(cases) + i] = extra[i];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
