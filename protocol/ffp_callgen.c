// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * Seeded FF-A call generator for differential tests (ffp_callgen.h).
 */
#include "ffp_callgen.h"

void ffp_callgen_init(struct ffp_callgen *g, ffp_u64 seed)
{
	/* splitmix64's finaliser, so that seeds 1, 2, 3 start far apart. */
	seed += 0x9e3779b97f4a7c15ULL;
	seed = (seed ^ (seed >> 30)) * 0xbf58476d1ce4e5b9ULL;
	seed = (seed ^ (seed >> 27)) * 0x94d049bb133111ebULL;
	seed ^= seed >> 31;
	g->state = seed ? seed : 0x2545f4914f6cdd1dULL;
	g->count = 0;
}

ffp_u64 ffp_callgen_rand(struct ffp_callgen *g)
{
	ffp_u64 x = g->state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	g->state = x;
	return x;
}

/* 0..n-1 (n > 0). */
static ffp_u32 below(struct ffp_callgen *g, ffp_u32 n)
{
	return (ffp_u32)((ffp_callgen_rand(g) >> 11) % n);
}

/* True about once in n. */
static int one_in(struct ffp_callgen *g, ffp_u32 n)
{
	return below(g, n) == 0;
}

static ffp_u32 pick32(struct ffp_callgen *g, const ffp_u32 *v, ffp_u32 n)
{
	return v[below(g, n)];
}

#define PICK(g, arr) pick32(g, arr, FFP_ARRAY_SIZE(arr))

/* Endpoint IDs: the NWd, OP-TEE's LSPs and the model's SPs, the SPMC,
 * IDs nobody has, the SPMD's.
 */
static const ffp_u32 some_ids[] = {
	0x0000, 0x0000, 0x0000, 0x0001, 0x0002, 0x7fff, 0x8000, 0x8001,
	0x8001, 0x8002, 0x8003, 0x8004, 0x8005, 0x8010, 0xffc0, 0xffff,
};

/* A VM ID: mostly 0 (the only one without virtualization). */
static ffp_u16 vm_id(struct ffp_callgen *g)
{
	static const ffp_u32 v[] = { 1, 2, 3, 0x7fff, 0x8001, 0xffff };

	if (!one_in(g, 4))
		return 0;
	return (ffp_u16)PICK(g, v);
}

static ffp_u16 any_id(struct ffp_callgen *g)
{
	if (one_in(g, 10))
		return (ffp_u16)ffp_callgen_rand(g);
	return (ffp_u16)PICK(g, some_ids);
}

/* A notification bitmap: one low or high ID, a few, none, all. */
static ffp_u64 bitmap(struct ffp_callgen *g)
{
	switch (below(g, 9)) {
	case 0:
	case 1:
	case 2:
		/* A few low IDs, so that binds and unbinds meet. */
		return FFP_BIT64(below(g, 8));
	case 3:
		return FFP_BIT64(32 + below(g, 32)); /* the high register */
	case 4:
		return FFP_BIT64(below(g, 64)) | FFP_BIT64(below(g, 64));
	case 5:
		return 0;
	case 6:
		return ~0ULL;
	case 7:
		return 0xffULL << (8 * below(g, 8));
	default:
		return ffp_callgen_rand(g);
	}
}

/* Spoil register i: a low bit, an upper-half bit, or anything. */
static void spoil(struct ffp_callgen *g, struct ffp_regs *r, int i)
{
	switch (below(g, 3)) {
	case 0:
		r->a[i] |= FFP_BIT64(below(g, 32));
		break;
	case 1:
		r->a[i] |= FFP_BIT64(32 + below(g, 32));
		break;
	default:
		r->a[i] = ffp_callgen_rand(g);
		break;
	}
}

/* Now and then, one register in [first, 7] made non-zero. */
static void maybe_mbz(struct ffp_callgen *g, struct ffp_regs *r, int first)
{
	if (first <= 7 && one_in(g, 8))
		spoil(g, r, first + (int)below(g, (ffp_u32)(8 - first)));
}

/* Now and then, x0[63:32] or the SVE hint (both ignored by TF-A). */
static void maybe_fid_bits(struct ffp_callgen *g, struct ffp_regs *r)
{
	if (one_in(g, 25))
		r->a[0] |= FFP_SMCCC_SVE_HINT;
	if (one_in(g, 25))
		r->a[0] |= FFP_BIT64(32 + below(g, 32));
}

static void gen_version(struct ffp_callgen *g, struct ffp_regs *r)
{
	static const ffp_u32 v[] = {
		FFP_VERSION_1_0, FFP_VERSION_1_1, FFP_VERSION_1_1,
		FFP_VERSION_1_2, 0x10003,	  0x1ffff,
		0x20000,	 0x00000,	  0x80010001,
		0xffffffff,
	};
	ffp_u32 w1 = one_in(g, 8) ? (ffp_u32)ffp_callgen_rand(g) : PICK(g, v);

	ffp_enc_version(r, w1);
	maybe_mbz(g, r, 2);
}

static void gen_features(struct ffp_callgen *g, struct ffp_regs *r)
{
	static const ffp_u32 q[] = {
		FFP_NOTIFICATION_BITMAP_CREATE,
		FFP_NOTIFICATION_BITMAP_DESTROY,
		FFP_NOTIFICATION_BIND,
		FFP_NOTIFICATION_UNBIND,
		FFP_NOTIFICATION_SET,
		FFP_NOTIFICATION_GET,
		FFP_NOTIFICATION_INFO_GET_32,
		FFP_NOTIFICATION_INFO_GET_64,
		FFP_FEAT_NPI,
		FFP_FEAT_SRI,
		FFP_FEAT_MEI,
		0,
		4,
		0x7fffffff,
		FFP_VERSION,
		FFP_ID_GET,
		FFP_SPM_ID_GET,
		FFP_FEATURES,
		FFP_RUN,
		FFP_ERROR,
		FFP_SUCCESS_32,
		FFP_SUCCESS_64,
		FFP_INTERRUPT,
		FFP_RX_RELEASE,
		FFP_RXTX_MAP_32,
		FFP_RXTX_MAP_64,
		FFP_RXTX_UNMAP,
		FFP_PARTITION_INFO_GET,
		FFP_MSG_WAIT,
		FFP_YIELD,
		FFP_MSG_SEND_DIRECT_REQ_32,
		FFP_MSG_SEND_DIRECT_REQ_64,
		FFP_MSG_SEND_DIRECT_RESP_32,
		FFP_MEM_SHARE_32,
		FFP_MEM_SHARE_64,
		FFP_MEM_RECLAIM,
		FFP_MEM_FRAG_TX,
		FFP_SMC64(0x7f), /* BIND has no SMC64 form */
		FFP_SMC32(0x8f), /* unassigned */
		FFP_SMC32(0x86), /* FFA_MSG_SEND2 */
		FFP_SMC32(0xff),
	};
	ffp_u32 w1 = PICK(g, q);

	if (one_in(g, 20))
		w1 |= FFP_SMCCC_SVE_HINT;
	ffp_enc_features(r, w1);
	if (one_in(g, 20))
		r->a[1] |= FFP_BIT64(32 + below(g, 32));
	/* w2: the input properties (MBZ for most queries). */
	if (one_in(g, 8))
		spoil(g, r, 2);
	maybe_mbz(g, r, 3);
}

static void gen_bitmap(struct ffp_callgen *g, struct ffp_regs *r, int create)
{
	static const ffp_u32 cpus[] = { 2, 2, 2, 0, 1, 4, 64, 65, 0xffffffff };
	ffp_u16 vm = vm_id(g);

	if (create)
		ffp_enc_bitmap_create(r, vm, PICK(g, cpus));
	else
		ffp_enc_bitmap_destroy(r, vm);
	if (one_in(g, 10)) /* w1[31:16] MBZ */
		r->a[1] |= FFP_BIT64(16 + below(g, 16));
	if (!create && one_in(g, 10))
		spoil(g, r, 2);
	maybe_mbz(g, r, 3);
}

static void gen_bind(struct ffp_callgen *g, struct ffp_regs *r, int bind)
{
	static const ffp_u32 flags[] = {
		0, 0, 0, 0, 0, 0, FFP_BIND_PER_VCPU, 2, 0x80000000
	};
	ffp_u16 sender = any_id(g), receiver = vm_id(g);

	if (bind)
		ffp_enc_bind(r, sender, receiver, PICK(g, flags), bitmap(g));
	else
		ffp_enc_unbind(r, sender, receiver, bitmap(g));
	if (!bind && one_in(g, 12))
		spoil(g, r, 2);
	if (one_in(g, 16))
		r->a[2] |= FFP_BIT64(32 + below(g, 32));
	maybe_mbz(g, r, 5);
}

static void gen_set(struct ffp_callgen *g, struct ffp_regs *r)
{
	static const ffp_u32 flags[] = {
		0, 0, FFP_SET_PER_VCPU, FFP_SET_DELAY_SRI, 4, 0x8000
	};

	ffp_enc_set(r, vm_id(g), any_id(g), PICK(g, flags),
		    (ffp_u16)below(g, 3), bitmap(g));
	maybe_mbz(g, r, 5);
}

static void gen_get(struct ffp_callgen *g, struct ffp_regs *r)
{
	static const ffp_u32 vcpu[] = { 0, 0, 0, 1, 2, 3, 0xffff };
	ffp_u32 flags = below(g, 16);

	if (one_in(g, 10))
		flags = (ffp_u32)ffp_callgen_rand(g);
	ffp_enc_get(r, vm_id(g), (ffp_u16)PICK(g, vcpu), flags);
	maybe_mbz(g, r, 3);
}

static void gen_info_get(struct ffp_callgen *g, struct ffp_regs *r)
{
	ffp_enc_info_get(r, one_in(g, 2));
	maybe_mbz(g, r, 1);
}

static void gen_run(struct ffp_callgen *g, struct ffp_regs *r)
{
	ffp_enc_run(r, any_id(g), (ffp_u16)below(g, 3));
	maybe_mbz(g, r, 2);
}

/*
 * Function IDs nobody serves from the NWd, by what TF-A v2.12's
 * spmd_smc_handler() does with them: its default case, its "secure
 * world only" refusals (MSG_WAIT, YIELD, INTERRUPT, the SMC64 secondary
 * entry point, EL3_INTR_HANDLE, CONSOLE_LOG, NORMAL_WORLD_RESUME), and
 * what it forwards to OP-TEE, which has no case for it (RX_ACQUIRE,
 * MSG_SEND2, SET).  Then SMC64 forms of SMC32-only calls, and the SMCCC
 * reserved bits 23:17 (TF-A's SMC_UNK).
 */
static void gen_unknown(struct ffp_callgen *g, struct ffp_regs *r)
{
	static const ffp_u32 fids[] = {
		FFP_SMC32(0x6a), /* MSG_POLL (v1.0, withdrawn) */
		FFP_MSG_WAIT,	 FFP_YIELD,
		FFP_INTERRUPT,	 FFP_SMC32(0x78),
		FFP_SMC32(0x79), FFP_SMC32(0x7c), /* NORMAL_WORLD_RESUME */
		FFP_SMC32(0x84), /* RX_ACQUIRE */
		FFP_SMC32(0x86), /* MSG_SEND2 */
		FFP_SMC64(0x87), /* SECONDARY_EP_REGISTER */
		FFP_SMC32(0x88), /* MEM_PERM_GET */
		FFP_SMC32(0x8a), /* CONSOLE_LOG */
		FFP_SMC64(0x8a), FFP_SMC32(0x8c), /* EL3_INTR_HANDLE */
		FFP_SMC32(0x8f), FFP_SMC32(0x90),
		FFP_SMC32(0xfe), FFP_SMC64(0x63), /* VERSION */
		FFP_SMC64(0x69), /* ID_GET */
		FFP_SMC64(0x7d), /* BITMAP_CREATE */
		FFP_SMC64(0x7f), /* BIND */
		FFP_SMC64(0x82), /* GET */
		FFP_SMC64(0x85), /* SPM_ID_GET */
	};
	ffp_u32 fid = PICK(g, fids);
	int i;

	if (one_in(g, 4))
		fid = FFP_SMC32(0x8f + below(g, 0x100 - 0x8f));
	if (one_in(g, 5))
		fid |= (1U + below(g, 0x7f)) << 17; /* SMCCC reserved */
	ffp_enc_bare(r, fid);
	for (i = 1; i < 8; i++)
		if (one_in(g, 3))
			r->a[i] = ffp_callgen_rand(g);
}

void ffp_callgen_next(struct ffp_callgen *g, struct ffp_regs *r)
{
	ffp_u32 k = below(g, 100);

	g->count++;
	if (k < 6) {
		gen_version(g, r);
	} else if (k < 9) {
		ffp_enc_id_get(r);
		maybe_mbz(g, r, 1);
	} else if (k < 12) {
		ffp_enc_spm_id_get(r);
		maybe_mbz(g, r, 1);
	} else if (k < 24) {
		gen_features(g, r);
	} else if (k < 31) {
		gen_bitmap(g, r, 1);
	} else if (k < 37) {
		gen_bitmap(g, r, 0);
	} else if (k < 53) {
		gen_bind(g, r, 1);
	} else if (k < 63) {
		gen_bind(g, r, 0);
	} else if (k < 68) {
		gen_set(g, r);
	} else if (k < 78) {
		gen_get(g, r);
	} else if (k < 86) {
		gen_info_get(g, r);
	} else if (k < 90) {
		gen_run(g, r);
	} else {
		gen_unknown(g, r);
		return;
	}
	maybe_fid_bits(g, r);
}
