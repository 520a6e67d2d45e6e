// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * Unit tests of the FF-A notification ABI layer (protocol/ffp_abi.c):
 * exact register layouts of every encoder and decoder, the INFO_GET
 * packing (spec 16.7.1.1 vectors in both widths, capacity limits, corrupt
 * responses), status codes and their errno mapping.  Expected values come
 * from docs/ffa-notifications-abi.md (the digest of DEN0077A, Linux and
 * Hafnium), never from running the code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <string.h>
#include <cmocka.h>

#include "ffp_abi.h"

/* Fill every register with garbage, so encoders must clear what is MBZ. */
static void regs_poison(struct ffp_regs *r)
{
	int i;

	for (i = 0; i < 8; i++)
		r->a[i] = 0xdeadbeefcafef00dULL + (ffp_u64)i;
}

static void assert_regs_zero_from(const struct ffp_regs *r, int first)
{
	int i;

	for (i = first; i < 8; i++)
		assert_int_equal(r->a[i], 0);
}

/* ---- function IDs ------------------------------------------------------- */

static void test_function_ids(void **state)
{
	(void)state;
	/* Doc 1: SMC32 = 0x84000000 | fn, SMC64 = 0xC4000000 | fn. */
	assert_int_equal(FFP_ERROR, 0x84000060U);
	assert_int_equal(FFP_SUCCESS_32, 0x84000061U);
	assert_int_equal(FFP_SUCCESS_64, 0xC4000061U);
	assert_int_equal(FFP_INTERRUPT, 0x84000062U);
	assert_int_equal(FFP_VERSION, 0x84000063U);
	assert_int_equal(FFP_FEATURES, 0x84000064U);
	assert_int_equal(FFP_ID_GET, 0x84000069U);
	assert_int_equal(FFP_MSG_WAIT, 0x8400006BU);
	assert_int_equal(FFP_RUN, 0x8400006DU);
	assert_int_equal(FFP_NOTIFICATION_BITMAP_CREATE, 0x8400007DU);
	assert_int_equal(FFP_NOTIFICATION_BITMAP_DESTROY, 0x8400007EU);
	assert_int_equal(FFP_NOTIFICATION_BIND, 0x8400007FU);
	assert_int_equal(FFP_NOTIFICATION_UNBIND, 0x84000080U);
	assert_int_equal(FFP_NOTIFICATION_SET, 0x84000081U);
	assert_int_equal(FFP_NOTIFICATION_GET, 0x84000082U);
	assert_int_equal(FFP_NOTIFICATION_INFO_GET_32, 0x84000083U);
	assert_int_equal(FFP_NOTIFICATION_INFO_GET_64, 0xC4000083U);
	assert_int_equal(FFP_SPM_ID_GET, 0x84000085U);
}

/* ---- simple calls ------------------------------------------------------- */

static void test_enc_version_id_features(void **state)
{
	struct ffp_regs r;

	(void)state;
	regs_poison(&r);
	ffp_enc_version(&r, FFP_VERSION_1_1);
	assert_int_equal(r.a[0], 0x84000063U);
	assert_int_equal(r.a[1], 0x00010001U);
	assert_regs_zero_from(&r, 2);
	assert_int_equal(FFP_VERSION_MAJOR(0x00010001U), 1);
	assert_int_equal(FFP_VERSION_MINOR(0x00010001U), 1);
	assert_int_equal(FFP_VERSION_MAJOR(0x80020003U), 2);
	assert_int_equal(FFP_VERSION_MINOR(0x80020003U), 3);

	regs_poison(&r);
	ffp_enc_id_get(&r);
	assert_int_equal(r.a[0], 0x84000069U);
	assert_regs_zero_from(&r, 1);

	regs_poison(&r);
	ffp_enc_features(&r, FFP_FEAT_SRI);
	assert_int_equal(r.a[0], 0x84000064U);
	assert_int_equal(r.a[1], 2);
	/* Doc 6: w2 = 0 for a feature-ID query. */
	assert_regs_zero_from(&r, 2);

	ffp_enc_features(&r, FFP_NOTIFICATION_INFO_GET_64);
	assert_int_equal(r.a[1], 0xC4000083U);
}

static void test_bitmap_create_destroy(void **state)
{
	struct ffp_bitmap_create_args a;
	struct ffp_regs r;

	(void)state;
	regs_poison(&r);
	ffp_enc_bitmap_create(&r, 0x0002, 8);
	assert_int_equal(r.a[0], 0x8400007DU);
	assert_int_equal(r.a[1], 2);
	assert_int_equal(r.a[2], 8);
	assert_regs_zero_from(&r, 3);

	memset(&a, 0xa5, sizeof(a));
	ffp_dec_bitmap_create(&r, &a);
	assert_int_equal(a.vm_id, 2);
	assert_int_equal(a.vcpu_count, 8);
	assert_int_equal(a.w1_high, 0);
	assert_int_equal(a.mbz, 0);

	/* w1[31:16] is reported separately (OP-TEE requires it zero). */
	r.a[1] = 0x12340007U;
	ffp_dec_bitmap_create(&r, &a);
	assert_int_equal(a.vm_id, 7);
	assert_int_equal(a.w1_high, 0x1234);

	/* Each of w3..w7 contributes to the MBZ summary. */
	for (int i = 3; i < 8; i++) {
		ffp_enc_bitmap_create(&r, 1, 1);
		r.a[i] = 0x100U << i;
		ffp_dec_bitmap_create(&r, &a);
		assert_int_equal(a.mbz, 0x100U << i);
	}

	/* SMC32: the upper halves of x-registers are ignored. */
	ffp_enc_bitmap_create(&r, 3, 4);
	r.a[1] |= 0xffffffff00000000ULL;
	r.a[2] |= 0x5555555500000000ULL;
	r.a[5] = 0x7700000000ULL;
	ffp_dec_bitmap_create(&r, &a);
	assert_int_equal(a.vm_id, 3);
	assert_int_equal(a.w1_high, 0);
	assert_int_equal(a.vcpu_count, 4);
	assert_int_equal(a.mbz, 0);

	regs_poison(&r);
	ffp_enc_bitmap_destroy(&r, 0x0005);
	assert_int_equal(r.a[0], 0x8400007EU);
	assert_int_equal(r.a[1], 5);
	assert_regs_zero_from(&r, 2);
	ffp_dec_bitmap_create(&r, &a);
	assert_int_equal(a.vm_id, 5);
	assert_int_equal(a.vcpu_count, 0);
	assert_int_equal(a.mbz, 0);
}

static void test_bind_unbind(void **state)
{
	struct ffp_bind_args a;
	struct ffp_regs r;

	(void)state;
	/* Doc 4/10.1: w1 = sender << 16 | receiver (the caller). */
	regs_poison(&r);
	ffp_enc_bind(&r, 0x8001, 0x0000, FFP_BIND_PER_VCPU,
		     0x8000000100000002ULL);
	assert_int_equal(r.a[0], 0x8400007FU);
	assert_int_equal(r.a[1], 0x80010000U);
	assert_int_equal(r.a[2], 1);
	assert_int_equal(r.a[3], 0x00000002U);
	assert_int_equal(r.a[4], 0x80000001U);
	assert_regs_zero_from(&r, 5);

	memset(&a, 0xa5, sizeof(a));
	ffp_dec_bind(&r, &a);
	assert_int_equal(a.sender, 0x8001);
	assert_int_equal(a.receiver, 0x0000);
	assert_int_equal(a.flags, 1);
	assert_int_equal(a.bitmap, 0x8000000100000002ULL);
	assert_int_equal(a.mbz, 0);

	/* An SP binding for itself with a VM as the sender. */
	ffp_enc_bind(&r, 0x0002, 0x8003, 0, 1ULL << 63);
	assert_int_equal(r.a[1], 0x00028003U);
	assert_int_equal(r.a[2], 0);
	assert_int_equal(r.a[3], 0);
	assert_int_equal(r.a[4], 0x80000000U);
	ffp_dec_bind(&r, &a);
	assert_int_equal(a.sender, 2);
	assert_int_equal(a.receiver, 0x8003);
	assert_int_equal(a.bitmap, 1ULL << 63);

	regs_poison(&r);
	ffp_enc_unbind(&r, 0x8002, 0x0001, 0xffffffffffffffffULL);
	assert_int_equal(r.a[0], 0x84000080U);
	assert_int_equal(r.a[1], 0x80020001U);
	assert_int_equal(r.a[2], 0); /* UNBIND w2 MBZ */
	assert_int_equal(r.a[3], 0xffffffffU);
	assert_int_equal(r.a[4], 0xffffffffU);
	assert_regs_zero_from(&r, 5);
	ffp_dec_bind(&r, &a);
	assert_int_equal(a.sender, 0x8002);
	assert_int_equal(a.receiver, 1);
	assert_int_equal(a.flags, 0);
	assert_int_equal(a.bitmap, 0xffffffffffffffffULL);

	/* Upper halves of the SMC32 registers are not part of the bitmap,
	 * and w5..w7 are summarised as MBZ.
	 */
	ffp_enc_bind(&r, 0x8001, 0, 0, 0x10);
	r.a[3] |= 0xabcd000000000000ULL;
	r.a[4] |= 0x1234000000000000ULL;
	r.a[7] = 0x40;
	ffp_dec_bind(&r, &a);
	assert_int_equal(a.bitmap, 0x10);
	assert_int_equal(a.mbz, 0x40);
}

static void test_set(void **state)
{
	struct ffp_set_args a;
	struct ffp_regs r;

	(void)state;
	/* Doc 4: w1 = sender << 16 | receiver, w2 = vcpu << 16 | flags. */
	regs_poison(&r);
	ffp_enc_set(&r, 0x8001, 0x0003, FFP_SET_PER_VCPU | FFP_SET_DELAY_SRI, 5,
		    0x0000000700000001ULL);
	assert_int_equal(r.a[0], 0x84000081U);
	assert_int_equal(r.a[1], 0x80010003U);
	assert_int_equal(r.a[2], 0x00050003U);
	assert_int_equal(r.a[3], 1);
	assert_int_equal(r.a[4], 7);
	assert_regs_zero_from(&r, 5);

	memset(&a, 0xa5, sizeof(a));
	ffp_dec_set(&r, &a);
	assert_int_equal(a.sender, 0x8001);
	assert_int_equal(a.receiver, 3);
	assert_int_equal(a.flags, 3);
	assert_int_equal(a.vcpu, 5);
	assert_int_equal(a.bitmap, 0x0000000700000001ULL);
	assert_int_equal(a.mbz, 0);

	/* A global SET from the NWd, as Linux's notify_send issues it. */
	ffp_enc_set(&r, 0x0000, 0x8002, 0, 0, 1ULL << 40);
	assert_int_equal(r.a[1], 0x00008002U);
	assert_int_equal(r.a[2], 0);
	assert_int_equal(r.a[3], 0);
	assert_int_equal(r.a[4], 0x100);

	/* The decoder keeps flags [15:2] so the SPMC can reject them. */
	r.a[2] = 0xffff0004U;
	r.a[6] = 0x8;
	ffp_dec_set(&r, &a);
	assert_int_equal(a.flags, 4);
	assert_true(a.flags & FFP_SET_MBZ_MASK);
	assert_int_equal(a.vcpu, 0xffff);
	assert_int_equal(a.mbz, 8);

	/* Each of w5, w6, w7 feeds the MBZ OR. */
	for (int i = 5; i < 8; i++) {
		ffp_enc_set(&r, 1, 0x8001, 0, 0, 1);
		r.a[i] = 1U << i;
		ffp_dec_set(&r, &a);
		assert_int_equal(a.mbz, 1U << i);
	}
}

static void test_get(void **state)
{
	struct ffp_get_args a;
	struct ffp_regs r;

	(void)state;
	/* Doc 4/10.2: GET w1 = vcpu << 16 | receiver, the reverse of SET. */
	regs_poison(&r);
	ffp_enc_get(&r, 0x0000, 3, FFP_GET_SP | FFP_GET_SPM);
	assert_int_equal(r.a[0], 0x84000082U);
	assert_int_equal(r.a[1], 0x00030000U);
	assert_int_equal(r.a[2], 5);
	assert_regs_zero_from(&r, 3);

	ffp_enc_get(&r, 0x8001, 0x0002, FFP_GET_ALL);
	assert_int_equal(r.a[1], 0x00028001U);
	assert_int_equal(r.a[2], 0xf);

	memset(&a, 0xa5, sizeof(a));
	ffp_dec_get(&r, &a);
	assert_int_equal(a.receiver, 0x8001);
	assert_int_equal(a.vcpu, 2);
	assert_int_equal(a.flags, 0xf);
	assert_int_equal(a.mbz, 0);

	for (int i = 3; i < 8; i++) {
		ffp_enc_get(&r, 1, 0, 1);
		r.a[i] = 1U << (i + 8);
		ffp_dec_get(&r, &a);
		assert_int_equal(a.mbz, 1U << (i + 8));
	}
}

static void test_get_resp(void **state)
{
	struct ffp_get_result in = {
		.sp = 0x1122334455667788ULL,
		.vm = 0x99aabbccddeeff00ULL,
		.spm = 0x1,
		.hyp = 0x80000001U,
	};
	struct ffp_get_result out;
	struct ffp_regs r;

	(void)state;
	regs_poison(&r);
	ffp_resp_get(&r, &in);
	/* Doc 4: sp = w2|w3<<32, vm = w4|w5<<32, spm w6, hyp w7. */
	assert_int_equal(r.a[0], FFP_SUCCESS_32);
	assert_int_equal(r.a[1], 0);
	assert_int_equal(r.a[2], 0x55667788U);
	assert_int_equal(r.a[3], 0x11223344U);
	assert_int_equal(r.a[4], 0xddeeff00U);
	assert_int_equal(r.a[5], 0x99aabbccU);
	assert_int_equal(r.a[6], 1);
	assert_int_equal(r.a[7], 0x80000001U);
	assert_int_equal(ffp_resp_status(&r), FFP_RET_SUCCESS);

	memset(&out, 0, sizeof(out));
	ffp_dec_get_resp(&r, &out);
	assert_int_equal(out.sp, in.sp);
	assert_int_equal(out.vm, in.vm);
	assert_int_equal(out.spm, in.spm);
	assert_int_equal(out.hyp, in.hyp);

	/* Garbage in the upper halves of an SMC32 response is ignored. */
	for (int i = 2; i < 8; i++)
		r.a[i] |= 0xf0f0f0f000000000ULL;
	ffp_dec_get_resp(&r, &out);
	assert_int_equal(out.sp, in.sp);
	assert_int_equal(out.vm, in.vm);
	assert_int_equal(out.spm, in.spm);
	assert_int_equal(out.hyp, in.hyp);
}

static void test_run_interrupt(void **state)
{
	struct ffp_regs r;
	ffp_u16 ep = 0, vcpu = 0;

	(void)state;
	/* Doc 4: FFA_RUN w1 = endpoint << 16 | vCPU. */
	regs_poison(&r);
	ffp_enc_run(&r, 0x8002, 3);
	assert_int_equal(r.a[0], 0x8400006DU);
	assert_int_equal(r.a[1], 0x80020003U);
	assert_regs_zero_from(&r, 2);
	ffp_dec_run(&r, &ep, &vcpu);
	assert_int_equal(ep, 0x8002);
	assert_int_equal(vcpu, 3);

	regs_poison(&r);
	ffp_enc_run_w1(&r, 0x80050001U);
	assert_int_equal(r.a[0], FFP_RUN);
	assert_int_equal(r.a[1], 0x80050001U);
	assert_regs_zero_from(&r, 2);
	ffp_dec_run(&r, &ep, &vcpu);
	assert_int_equal(ep, 0x8005);
	assert_int_equal(vcpu, 1);

	/* FFA_INTERRUPT: same w1 pattern, w2 = interrupt ID. */
	regs_poison(&r);
	ffp_resp_interrupt(&r, 0x8001, 2, 8);
	assert_int_equal(r.a[0], 0x84000062U);
	assert_int_equal(r.a[1], 0x80010002U);
	assert_int_equal(r.a[2], 8);
	assert_regs_zero_from(&r, 3);

	/* Doc 10.12: RUN after INTERRUPT reuses its w1 verbatim. */
	{
		struct ffp_regs run;

		ffp_enc_run_w1(&run, (ffp_u32)r.a[1]);
		ffp_dec_run(&run, &ep, &vcpu);
		assert_int_equal(ep, 0x8001);
		assert_int_equal(vcpu, 2);
	}
}

static void test_bitmap_join(void **state)
{
	(void)state;
	assert_int_equal(ffp_bitmap_join(0x89abcdefU, 0x01234567U),
			 0x0123456789abcdefULL);
	assert_int_equal(
		ffp_bitmap_join(0xffffffff00000001ULL, 0xffffffff00000002ULL),
		0x0000000200000001ULL);
}

/* ---- INFO_GET ----------------------------------------------------------- */

/* Spec 16.7.1.1 (doc 5): (0:[0,2,3]), (0:[4,6]), (2:[]), (3:[1]). */
static void example_info(struct ffp_info *info, int is_64)
{
	memset(info, 0, sizeof(*info));
	info->is_64 = is_64;
	info->n_lists = 4;
	info->lists[0].id = 0;
	info->lists[0].n_vcpus = 3;
	info->lists[0].vcpus[0] = 0;
	info->lists[0].vcpus[1] = 2;
	info->lists[0].vcpus[2] = 3;
	info->lists[1].id = 0;
	info->lists[1].n_vcpus = 2;
	info->lists[1].vcpus[0] = 4;
	info->lists[1].vcpus[1] = 6;
	info->lists[2].id = 2;
	info->lists[2].n_vcpus = 0;
	info->lists[3].id = 3;
	info->lists[3].n_vcpus = 1;
	info->lists[3].vcpus[0] = 1;
}

static void assert_info_equal(const struct ffp_info *a,
			      const struct ffp_info *b)
{
	assert_int_equal(a->n_lists, b->n_lists);
	for (ffp_u32 i = 0; i < a->n_lists; i++) {
		assert_int_equal(a->lists[i].id, b->lists[i].id);
		assert_int_equal(a->lists[i].n_vcpus, b->lists[i].n_vcpus);
		for (int v = 0; v < a->lists[i].n_vcpus; v++)
			assert_int_equal(a->lists[i].vcpus[v],
					 b->lists[i].vcpus[v]);
	}
}

static const ffp_u64 example_w32[8] = {
	FFP_SUCCESS_32, 0,	    0x0004B200, 0x00000000,
	0x00030002,	0x00040000, 0x00020006, 0x00010003,
};

static const ffp_u64 example_x64[8] = {
	FFP_SUCCESS_64,
	0,
	0x4B200,
	0x0003000200000000ULL,
	0x0002000600040000ULL,
	0x0000000000010003ULL,
	0,
	0,
};

static void test_info_example_32(void **state)
{
	struct ffp_info info, dec;
	struct ffp_regs r;

	(void)state;
	example_info(&info, 0);
	regs_poison(&r);
	assert_int_equal(ffp_resp_info_get(&r, &info), 0);
	for (int i = 0; i < 8; i++)
		assert_int_equal(r.a[i], example_w32[i]);

	memset(&dec, 0xa5, sizeof(dec));
	memcpy(r.a, example_w32, sizeof(r.a));
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), 0);
	assert_false(dec.is_64);
	assert_false(dec.more_pending);
	assert_info_equal(&dec, &info);
	assert_int_equal(ffp_resp_status(&r), FFP_RET_SUCCESS);
}

static void test_info_example_64(void **state)
{
	struct ffp_info info, dec;
	struct ffp_regs r;

	(void)state;
	example_info(&info, 1);
	regs_poison(&r);
	assert_int_equal(ffp_resp_info_get(&r, &info), 0);
	for (int i = 0; i < 8; i++)
		assert_int_equal(r.a[i], example_x64[i]);

	memset(&dec, 0xa5, sizeof(dec));
	memcpy(r.a, example_x64, sizeof(r.a));
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), 0);
	assert_true(dec.is_64);
	assert_false(dec.more_pending);
	assert_info_equal(&dec, &info);
}

static void test_info_more_pending(void **state)
{
	struct ffp_info info, dec;
	struct ffp_regs r;

	(void)state;
	for (int w = 0; w < 2; w++) {
		example_info(&info, w);
		info.more_pending = 1;
		assert_int_equal(ffp_resp_info_get(&r, &info), 0);
		/* Bit 0 of w2 and nothing else changes. */
		assert_int_equal(r.a[2], 0x4B201);
		assert_int_equal(r.a[3], w ? example_x64[3] : example_w32[3]);
		assert_int_equal(ffp_dec_info_get_resp(&r, &dec), 0);
		assert_true(dec.more_pending);
		assert_int_equal(dec.is_64, w);
		assert_info_equal(&dec, &info);

		r.a[2] &= ~1ULL;
		assert_int_equal(ffp_dec_info_get_resp(&r, &dec), 0);
		assert_false(dec.more_pending);
	}
}

/* n global lists for IDs 1..n (each list takes 1 ID). */
static void globals_info(struct ffp_info *info, int is_64, ffp_u32 n)
{
	memset(info, 0, sizeof(*info));
	info->is_64 = is_64;
	info->n_lists = n;
	for (ffp_u32 i = 0; i < n; i++)
		info->lists[i].id = (ffp_u16)(i + 1);
}

static void test_info_capacity(void **state)
{
	struct ffp_info info, dec;
	struct ffp_regs r;

	(void)state;
	/* 32-bit: 10 IDs fit, 11 do not. */
	globals_info(&info, 0, 10);
	assert_int_equal(ffp_resp_info_get(&r, &info), 0);
	assert_int_equal(r.a[2], 10U << 7);
	/* ID 10 is the high half of w7. */
	assert_int_equal(r.a[7], 0x000a0009U);
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), 0);
	assert_info_equal(&dec, &info);

	globals_info(&info, 0, 11);
	assert_int_equal(ffp_resp_info_get(&r, &info), -FFP_ENOSPC);

	/* 11 IDs in fewer lists: 3 lists of 1+3 = 12 IDs. */
	memset(&info, 0, sizeof(info));
	info.n_lists = 3;
	for (int i = 0; i < 3; i++)
		info.lists[i].n_vcpus = 3;
	assert_int_equal(ffp_resp_info_get(&r, &info), -FFP_ENOSPC);
	info.is_64 = 1;
	assert_int_equal(ffp_resp_info_get(&r, &info), 0);

	/* 64-bit: 20 IDs fit, 21 do not. */
	globals_info(&info, 1, 20);
	assert_int_equal(ffp_resp_info_get(&r, &info), 0);
	assert_int_equal(r.a[2], 20U << 7);
	assert_int_equal(r.a[7], 0x0014001300120011ULL);
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), 0);
	assert_info_equal(&dec, &info);

	/* 21 IDs: 19 global lists and one list with a vCPU (the lists[]
	 * array holds only 20 lists).
	 */
	globals_info(&info, 1, 20);
	info.lists[19].n_vcpus = 1;
	assert_int_equal(ffp_resp_info_get(&r, &info), -FFP_ENOSPC);
	info.lists[19].n_vcpus = 0;
	assert_int_equal(ffp_resp_info_get(&r, &info), 0);
	/* More lists than IDs is refused before the lists are read. */
	info.n_lists = 21;
	assert_int_equal(ffp_resp_info_get(&r, &info), -FFP_ENOSPC);
	info.n_lists = 31;
	assert_int_equal(ffp_resp_info_get(&r, &info), -FFP_ENOSPC);

	/* 5 lists of 4 IDs = 20 fit; one more vCPU does not. */
	memset(&info, 0, sizeof(info));
	info.is_64 = 1;
	info.n_lists = 5;
	for (int i = 0; i < 5; i++) {
		info.lists[i].id = 0x8001;
		info.lists[i].n_vcpus = 3;
		for (int v = 0; v < 3; v++)
			info.lists[i].vcpus[v] = (ffp_u16)(3 * i + v);
	}
	assert_int_equal(ffp_resp_info_get(&r, &info), 0);
	/* List sizes all 3: bits [21:12] = 0b11_1111_1111. */
	assert_int_equal(r.a[2], (5U << 7) | (0x3ffU << 12));
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), 0);
	assert_info_equal(&dec, &info);
	info.n_lists = 6;
	info.lists[5].id = 0x8001;
	assert_int_equal(ffp_resp_info_get(&r, &info), -FFP_ENOSPC);

	/* A list with more than 3 vCPUs cannot be encoded. */
	for (int w = 0; w < 2; w++) {
		memset(&info, 0, sizeof(info));
		info.is_64 = w;
		info.n_lists = 1;
		info.lists[0].n_vcpus = 4;
		assert_int_equal(ffp_resp_info_get(&r, &info), -FFP_ENOSPC);
	}
}

static void test_info_dec_32_ignores_upper(void **state)
{
	struct ffp_info info, dec;
	struct ffp_regs r;

	(void)state;
	example_info(&info, 0);
	memcpy(r.a, example_w32, sizeof(r.a));
	/* Garbage in the upper halves of w2..w7: only reserved-looking bits
	 * and extra lists would appear if they were read.
	 */
	for (int i = 1; i < 8; i++)
		r.a[i] |= 0xffffffff00000000ULL;
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), 0);
	assert_false(dec.is_64);
	assert_false(dec.more_pending);
	assert_info_equal(&dec, &info);
	/* Not a single 0xffff ID leaked from the upper halves. */
	for (ffp_u32 i = 0; i < dec.n_lists; i++)
		assert_int_not_equal(dec.lists[i].id, 0xffff);

	/* The upper halves of w0 do not turn it into anything else. */
	r.a[0] |= 0x1234567800000000ULL;
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), 0);
	assert_info_equal(&dec, &info);
}

static void test_info_dec_corrupt(void **state)
{
	struct ffp_info dec;
	struct ffp_regs r;

	(void)state;
	/* 31 global lists claimed in a 32-bit response: only 10 IDs exist. */
	memset(&r, 0, sizeof(r));
	r.a[0] = FFP_SUCCESS_32;
	r.a[2] = 31U << 7;
	for (int i = 3; i < 8; i++)
		r.a[i] = ((ffp_u64)(2 * i + 1) << 16) | (ffp_u64)(2 * i);
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), -FFP_EPROTO);
	assert_int_equal(dec.n_lists, 10);
	for (ffp_u32 i = 0; i < 10; i++) {
		assert_int_equal(dec.lists[i].id, 6 + i);
		assert_int_equal(dec.lists[i].n_vcpus, 0);
	}

	/* 31 lists in a 64-bit response: clamped to 20. */
	memset(&r, 0, sizeof(r));
	r.a[0] = FFP_SUCCESS_64;
	r.a[2] = 31U << 7;
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), -FFP_EPROTO);
	assert_int_equal(dec.n_lists, 20);

	/* A list running past the end: 3 lists of 4 IDs in 32-bit = 12 > 10.
	 * The first two lists (8 IDs) are returned.
	 */
	memset(&r, 0, sizeof(r));
	r.a[0] = FFP_SUCCESS_32;
	r.a[2] = (3U << 7) | (0x3fU << 12);
	r.a[3] = 0x00000001; /* list 0: ID 1, vCPU 0 */
	r.a[4] = 0x00020001; /* vCPUs 1, 2 */
	r.a[5] = 0x00030002; /* list 1: ID 2, vCPU 3 */
	r.a[6] = 0x00050004; /* vCPUs 4, 5 */
	r.a[7] = 0x00060003; /* list 2: ID 3, vCPU 6, then off the end */
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), -FFP_EPROTO);
	assert_int_equal(dec.n_lists, 2);
	assert_int_equal(dec.lists[0].id, 1);
	assert_int_equal(dec.lists[0].n_vcpus, 3);
	assert_int_equal(dec.lists[0].vcpus[0], 0);
	assert_int_equal(dec.lists[0].vcpus[1], 1);
	assert_int_equal(dec.lists[0].vcpus[2], 2);
	assert_int_equal(dec.lists[1].id, 2);
	assert_int_equal(dec.lists[1].vcpus[0], 3);
	assert_int_equal(dec.lists[1].vcpus[2], 5);

	/* Reserved bits [6:1]: each one alone makes the response suspect,
	 * yet the lists are still returned.
	 */
	for (int bit = 1; bit <= 6; bit++) {
		memcpy(r.a, example_w32, sizeof(r.a));
		r.a[2] |= 1ULL << bit;
		assert_int_equal(ffp_dec_info_get_resp(&r, &dec), -FFP_EPROTO);
		assert_int_equal(dec.n_lists, 4);
		assert_false(dec.more_pending);
	}
	memcpy(r.a, example_x64, sizeof(r.a));
	r.a[2] |= 0x40;
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), -FFP_EPROTO);

	/* Not a SUCCESS: nothing decoded. */
	memcpy(r.a, example_w32, sizeof(r.a));
	r.a[0] = FFP_ERROR;
	dec.n_lists = 7;
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), -FFP_EINVAL);
	assert_int_equal(dec.n_lists, 0);
	r.a[0] = FFP_NOTIFICATION_INFO_GET_64;
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), -FFP_EINVAL);
	r.a[0] = FFP_INTERRUPT;
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), -FFP_EINVAL);
}

static void test_info_empty_and_enc(void **state)
{
	struct ffp_info info, dec;
	struct ffp_regs r;

	(void)state;
	regs_poison(&r);
	ffp_enc_info_get(&r, 0);
	assert_int_equal(r.a[0], 0x84000083U);
	assert_regs_zero_from(&r, 1);
	regs_poison(&r);
	ffp_enc_info_get(&r, 1);
	assert_int_equal(r.a[0], 0xC4000083U);
	assert_regs_zero_from(&r, 1);

	/* Zero lists encodes and decodes as zero lists. */
	memset(&info, 0, sizeof(info));
	assert_int_equal(ffp_resp_info_get(&r, &info), 0);
	assert_int_equal(r.a[0], FFP_SUCCESS_32);
	assert_regs_zero_from(&r, 1);
	assert_int_equal(ffp_dec_info_get_resp(&r, &dec), 0);
	assert_int_equal(dec.n_lists, 0);

	assert_int_equal(ffp_info_max_ids(0), 10);
	assert_int_equal(ffp_info_max_ids(1), 20);
	info.lists[0].n_vcpus = 2;
	assert_int_equal(ffp_info_list_ids(&info.lists[0]), 3);
}

/* ---- status codes ------------------------------------------------------- */

static void test_status_to_errno(void **state)
{
	(void)state;
	/* Doc 2: Linux ffa_linux_errmap[]. */
	assert_int_equal(ffp_status_to_errno(0), 0);
	assert_int_equal(ffp_status_to_errno(-1), -EOPNOTSUPP);
	assert_int_equal(ffp_status_to_errno(-2), -EINVAL);
	assert_int_equal(ffp_status_to_errno(-3), -ENOMEM);
	assert_int_equal(ffp_status_to_errno(-4), -EBUSY);
	assert_int_equal(ffp_status_to_errno(-5), -EINTR);
	assert_int_equal(ffp_status_to_errno(-6), -EACCES);
	assert_int_equal(ffp_status_to_errno(-7), -EAGAIN);
	assert_int_equal(ffp_status_to_errno(-8), -ECANCELED);
	assert_int_equal(ffp_status_to_errno(-9), -ENODATA);
	assert_int_equal(ffp_status_to_errno(-10), -EAGAIN);
	assert_int_equal(ffp_status_to_errno(-11), -EINVAL);
	assert_int_equal(ffp_status_to_errno(-42), -EINVAL);
	assert_int_equal(ffp_status_to_errno(1), -EINVAL);
	assert_int_equal(ffp_status_to_errno(INT32_MIN), -EINVAL);

	/* The macros name the same codes. */
	assert_int_equal(FFP_RET_NOT_SUPPORTED, -1);
	assert_int_equal(FFP_RET_INVALID_PARAMETERS, -2);
	assert_int_equal(FFP_RET_NO_MEMORY, -3);
	assert_int_equal(FFP_RET_DENIED, -6);
	assert_int_equal(FFP_RET_NO_DATA, -9);
	assert_int_equal(FFP_RET_NOT_READY, -10);

	/* The core's private errno numbers are the host's. */
	assert_int_equal(FFP_EINTR, EINTR);
	assert_int_equal(FFP_EAGAIN, EAGAIN);
	assert_int_equal(FFP_ENOMEM, ENOMEM);
	assert_int_equal(FFP_EACCES, EACCES);
	assert_int_equal(FFP_EBUSY, EBUSY);
	assert_int_equal(FFP_EINVAL, EINVAL);
	assert_int_equal(FFP_ENOSPC, ENOSPC);
	assert_int_equal(FFP_ENODATA, ENODATA);
	assert_int_equal(FFP_EPROTO, EPROTO);
	assert_int_equal(FFP_EOPNOTSUPP, EOPNOTSUPP);
	assert_int_equal(FFP_ECANCELED, ECANCELED);
}

static void test_resp_status(void **state)
{
	struct ffp_regs r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.a[0] = FFP_SUCCESS_32;
	r.a[2] = 0xffffffffU; /* a SUCCESS payload is not a status */
	assert_int_equal(ffp_resp_status(&r), FFP_RET_SUCCESS);
	r.a[0] = FFP_SUCCESS_64;
	assert_int_equal(ffp_resp_status(&r), FFP_RET_SUCCESS);

	/* FFA_ERROR: w2 as a signed 32-bit value; upper half ignored. */
	r.a[0] = FFP_ERROR;
	r.a[2] = 0xfffffffaU;
	assert_int_equal(ffp_resp_status(&r), FFP_RET_DENIED);
	r.a[2] = 0x12345678fffffff7ULL;
	assert_int_equal(ffp_resp_status(&r), FFP_RET_NO_DATA);
	r.a[2] = (ffp_u32)-42;
	assert_int_equal(ffp_resp_status(&r), -42);

	/* An FFA_ERROR carrying 0 must not read as success. */
	r.a[2] = 0;
	assert_int_not_equal(ffp_resp_status(&r), FFP_RET_SUCCESS);
	assert_true(ffp_resp_status(&r) < 0);
	assert_int_not_equal(ffp_status_to_errno(ffp_resp_status(&r)), 0);

	/* Any other w0 is not a SUCCESS/ERROR answer. */
	r.a[2] = 0;
	r.a[0] = FFP_INTERRUPT;
	assert_int_equal(ffp_resp_status(&r), FFP_RET_NOT_SUPPORTED);
	r.a[0] = FFP_MSG_WAIT;
	assert_int_equal(ffp_resp_status(&r), FFP_RET_NOT_SUPPORTED);
	r.a[0] = 0xC4000060U; /* 64-bit FFA_ERROR is not defined (doc 1) */
	r.a[2] = (ffp_u32)FFP_RET_DENIED;
	assert_int_equal(ffp_resp_status(&r), FFP_RET_NOT_SUPPORTED);

	/* Response helpers. */
	memset(&r, 0xff, sizeof(r));
	ffp_resp_error(&r, FFP_RET_NO_DATA);
	assert_int_equal(r.a[0], 0x84000060U);
	assert_int_equal(r.a[1], 0);
	assert_int_equal(r.a[2], 0xfffffff7U);
	assert_regs_zero_from(&r, 3);
	assert_int_equal(ffp_resp_status(&r), FFP_RET_NO_DATA);

	memset(&r, 0xff, sizeof(r));
	ffp_resp_success32(&r, 8);
	assert_int_equal(r.a[0], 0x84000061U);
	assert_int_equal(r.a[1], 0);
	assert_int_equal(r.a[2], 8);
	assert_regs_zero_from(&r, 3);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(ffp_status_name(0), "SUCCESS");
	assert_string_equal(ffp_status_name(-1), "NOT_SUPPORTED");
	assert_string_equal(ffp_status_name(-2), "INVALID_PARAMETERS");
	assert_string_equal(ffp_status_name(-6), "DENIED");
	assert_string_equal(ffp_status_name(-9), "NO_DATA");
	assert_string_equal(ffp_status_name(-10), "NOT_READY");
	assert_string_equal(ffp_status_name(-11), "UNKNOWN");
	assert_string_equal(ffp_status_name(-42), "UNKNOWN");
	assert_string_equal(ffp_status_name(1), "UNKNOWN");
	assert_string_equal(ffp_status_name(INT32_MIN), "UNKNOWN");

	assert_string_equal(ffp_fn_name(0x8400007FU), "FFA_NOTIFICATION_BIND");
	assert_string_equal(ffp_fn_name(0x84000082U), "FFA_NOTIFICATION_GET");
	assert_string_equal(ffp_fn_name(0x84000060U), "FFA_ERROR");
	assert_string_equal(ffp_fn_name(0xC4000061U), "FFA_SUCCESS_64");
	assert_non_null(ffp_fn_name(0x84000083U));
	assert_non_null(ffp_fn_name(0xC4000083U));
	assert_string_not_equal(ffp_fn_name(0x84000083U),
				ffp_fn_name(0xC4000083U));
	assert_null(ffp_fn_name(0));
	assert_null(ffp_fn_name(0x84000084U));
	assert_null(ffp_fn_name(0xC400007FU));
}

/* Whole 64-bit registers, for an SPMC that checks them so (OP-TEE). */
static void test_regs_any(void **state)
{
	struct ffp_regs r = { { 0 } };

	(void)state;
	assert_false(ffp_regs_any(&r, 0, 7));
	r.a[5] = 1ULL << 40; /* the 32-bit view is zero */
	assert_true(ffp_regs_any(&r, 5, 7));
	assert_true(ffp_regs_any(&r, 1, 7));
	assert_false(ffp_regs_any(&r, 6, 7));
	assert_false(ffp_regs_any(&r, 2, 4));
	assert_true(ffp_regs_any(&r, 5, 5));
	/* last beyond x7 stops at x7; first > last is nothing */
	assert_true(ffp_regs_any(&r, 3, 9));
	assert_false(ffp_regs_any(&r, 6, 5));
	/* And the MEM_* IDs FEATURES may be asked about. */
	assert_int_equal(FFP_MEM_SHARE_32, 0x84000073U);
	assert_int_equal(FFP_MEM_SHARE_64, 0xC4000073U);
	assert_int_equal(FFP_MEM_RECLAIM, 0x84000077U);
	assert_int_equal(FFP_MEM_FRAG_TX, 0x8400007BU);
	assert_int_equal(FFP_SMCCC_FC_RESERVED, 0x00fe0000U);
}

/* ---- RX/TX buffers and partition discovery ------------------------------ */

static void test_rxtx_function_ids(void **state)
{
	(void)state;
	/* Doc 1: RX_RELEASE 0x65, RXTX_MAP 0x66 (both widths), UNMAP 0x67,
	 * PARTITION_INFO_GET 0x68.
	 */
	assert_int_equal(FFP_RX_RELEASE, 0x84000065U);
	assert_int_equal(FFP_RXTX_MAP_32, 0x84000066U);
	assert_int_equal(FFP_RXTX_MAP_64, 0xC4000066U);
	assert_int_equal(FFP_RXTX_UNMAP, 0x84000067U);
	assert_int_equal(FFP_PARTITION_INFO_GET, 0x84000068U);
	assert_string_equal(ffp_fn_name(0x84000066U), "FFA_RXTX_MAP_32");
	assert_string_equal(ffp_fn_name(0xC4000066U), "FFA_RXTX_MAP_64");
	assert_string_equal(ffp_fn_name(0x84000067U), "FFA_RXTX_UNMAP");
	assert_string_equal(ffp_fn_name(0x84000065U), "FFA_RX_RELEASE");
	assert_null(ffp_fn_name(0xC4000067U));
}

static void test_rxtx_min_size(void **state)
{
	(void)state;
	/* FFA_FEATURES(RXTX_MAP) w2[1:0]: 0 = 4K, 1 = 64K, 2 = 16K. */
	assert_int_equal(ffp_rxtx_min_size(0), 4096);
	assert_int_equal(ffp_rxtx_min_size(1), 65536);
	assert_int_equal(ffp_rxtx_min_size(2), 16384);
	assert_int_equal(ffp_rxtx_min_size(3), 0);
	/* Only bits [1:0] count. */
	assert_int_equal(ffp_rxtx_min_size(0xfffffff1U), 65536);
	assert_int_equal(ffp_rxtx_min_size(0x100U), 4096);
}

static void test_rxtx_map(void **state)
{
	struct ffp_rxtx_map_args a;
	struct ffp_regs r;

	(void)state;
	/* x1 = TX, x2 = RX, w3 = pages (Hafnium: send, recv, page_count). */
	regs_poison(&r);
	assert_int_equal(
		ffp_enc_rxtx_map(&r, 1, 0x880001000ULL, 0x123456789000ULL, 1),
		0);
	assert_int_equal(r.a[0], 0xC4000066U);
	assert_true(r.a[1] == 0x880001000ULL);
	assert_true(r.a[2] == 0x123456789000ULL);
	assert_int_equal(r.a[3], 1);
	assert_regs_zero_from(&r, 4);

	memset(&a, 0xa5, sizeof(a));
	ffp_dec_rxtx_map(&r, &a);
	assert_true(a.is_64);
	assert_true(a.tx == 0x880001000ULL);
	assert_true(a.rx == 0x123456789000ULL);
	assert_int_equal(a.page_count, 1);
	assert_int_equal(a.mbz, 0);

	/* SMC32: 32-bit addresses only; the decoder ignores upper halves. */
	regs_poison(&r);
	assert_int_equal(ffp_enc_rxtx_map(&r, 0, 0x80001000U, 0x80003000U, 63),
			 0);
	assert_int_equal(r.a[0], 0x84000066U);
	assert_int_equal(r.a[1], 0x80001000U);
	assert_int_equal(r.a[2], 0x80003000U);
	assert_int_equal(r.a[3], 63);
	assert_regs_zero_from(&r, 4);
	r.a[1] |= 0xdead000000000000ULL;
	r.a[2] |= 0xbeef000000000000ULL;
	ffp_dec_rxtx_map(&r, &a);
	assert_false(a.is_64);
	assert_int_equal(a.tx, 0x80001000U);
	assert_int_equal(a.rx, 0x80003000U);
	assert_int_equal(a.page_count, 63);
	assert_int_equal(a.mbz, 0);

	/* Refused: nothing encoded. */
	regs_poison(&r);
	assert_int_equal(ffp_enc_rxtx_map(&r, 0, 0x100000000ULL, 0x1000, 1),
			 -EINVAL);
	assert_int_equal(ffp_enc_rxtx_map(&r, 0, 0x1000, 0x100000000ULL, 1),
			 -EINVAL);
	assert_int_equal(ffp_enc_rxtx_map(&r, 1, 0x1000, 0x2000, 0), -EINVAL);
	assert_int_equal(ffp_enc_rxtx_map(&r, 1, 0x1000, 0x2000, 64), -EINVAL);
	assert_true(r.a[0] == 0xdeadbeefcafef00dULL);

	/* w3[31:6] and w4..w7 are MBZ. */
	ffp_enc_rxtx_map(&r, 1, 0x1000, 0x2000, 2);
	r.a[3] |= 0x40U;
	ffp_dec_rxtx_map(&r, &a);
	assert_int_equal(a.page_count, 2);
	assert_int_equal(a.mbz, 0x40U);
	for (int i = 4; i < 8; i++) {
		ffp_enc_rxtx_map(&r, 1, 0x1000, 0x2000, 2);
		r.a[i] = 0x10U << i;
		ffp_dec_rxtx_map(&r, &a);
		assert_int_equal(a.mbz, 0x10U << i);
	}
}

static void test_rxtx_unmap_rx_release(void **state)
{
	struct ffp_regs r;
	ffp_u32 mbz;

	(void)state;
	/* RXTX_UNMAP: ID in w1[31:16] (Hafnium ffa_vm_id(), Linux
	 * PACK_TARGET_INFO(vm_id, 0)).
	 */
	regs_poison(&r);
	ffp_enc_rxtx_unmap(&r, 0x0005);
	assert_int_equal(r.a[0], 0x84000067U);
	assert_int_equal(r.a[1], 0x00050000U);
	assert_regs_zero_from(&r, 2);
	mbz = 0xa5a5;
	assert_int_equal(ffp_dec_rxtx_unmap(&r, &mbz), 5);
	assert_int_equal(mbz, 0);
	r.a[1] |= 0x1U;
	assert_int_equal(ffp_dec_rxtx_unmap(&r, &mbz), 5);
	assert_int_equal(mbz, 1);
	ffp_enc_rxtx_unmap(&r, 0);
	assert_int_equal(r.a[1], 0);
	r.a[7] = 0x80;
	ffp_dec_rxtx_unmap(&r, &mbz);
	assert_int_equal(mbz, 0x80);

	/* RX_RELEASE: receiver in w1[15:0] (Hafnium ffa_receiver()). */
	regs_poison(&r);
	ffp_enc_rx_release(&r, 0);
	assert_int_equal(r.a[0], 0x84000065U);
	assert_regs_zero_from(&r, 1);
	ffp_enc_rx_release(&r, 0x0007);
	assert_int_equal(r.a[1], 7);
	assert_int_equal(ffp_dec_rx_release(&r, &mbz), 7);
	assert_int_equal(mbz, 0);
	r.a[1] |= 0x30000U;
	r.a[1] |= 0xffffffff00000000ULL; /* SMC32: ignored */
	assert_int_equal(ffp_dec_rx_release(&r, &mbz), 7);
	assert_int_equal(mbz, 3);
}

static void test_partition_info_get(void **state)
{
	static const ffp_u8 uuid[16] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
					 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
					 0x0d, 0x0e, 0x0f, 0x10 };
	static const ffp_u8 null_uuid[16];
	struct ffp_partition_info_get_args a;
	struct ffp_regs r;

	(void)state;
	/* w1..w4: the UUID's bytes as little-endian words (Linux passes
	 * ((u32 *)uuid)[0..3] on a little-endian CPU), w5 = flags.
	 */
	regs_poison(&r);
	ffp_enc_partition_info_get(&r, uuid, FFP_PART_INFO_COUNT_ONLY);
	assert_int_equal(r.a[0], 0x84000068U);
	assert_int_equal(r.a[1], 0x04030201U);
	assert_int_equal(r.a[2], 0x08070605U);
	assert_int_equal(r.a[3], 0x0c0b0a09U);
	assert_int_equal(r.a[4], 0x100f0e0dU);
	assert_int_equal(r.a[5], 1);
	assert_regs_zero_from(&r, 6);

	memset(&a, 0xa5, sizeof(a));
	ffp_dec_partition_info_get(&r, &a);
	assert_memory_equal(a.uuid, uuid, 16);
	assert_int_equal(a.flags, 1);
	assert_int_equal(a.mbz, 0);

	regs_poison(&r);
	ffp_enc_partition_info_get(&r, null_uuid, 0);
	assert_regs_zero_from(&r, 1);

	/* SMC32: upper halves ignored; w6, w7 MBZ. */
	ffp_enc_partition_info_get(&r, uuid, 0);
	r.a[1] |= 0xffffffff00000000ULL;
	r.a[6] = 2;
	r.a[7] = 4;
	ffp_dec_partition_info_get(&r, &a);
	assert_memory_equal(a.uuid, uuid, 16);
	assert_int_equal(a.flags, 0);
	assert_int_equal(a.mbz, 6);
}

static void test_partition_info_get_resp(void **state)
{
	struct ffp_regs r;
	ffp_u32 count, size;

	(void)state;
	memset(&r, 0xff, sizeof(r));
	ffp_resp_partition_info_get(&r, 3, 24);
	assert_int_equal(r.a[0], 0x84000061U);
	assert_int_equal(r.a[1], 0);
	assert_int_equal(r.a[2], 3);
	assert_int_equal(r.a[3], 24);
	assert_regs_zero_from(&r, 4);

	assert_int_equal(ffp_dec_partition_info_get_resp(&r, FFP_VERSION_1_1,
							 &count, &size),
			 0);
	assert_int_equal(count, 3);
	assert_int_equal(size, 24);

	/* v1.0 answers no size: descriptors are 8 bytes, w3 is not read. */
	r.a[3] = 0;
	assert_int_equal(ffp_dec_partition_info_get_resp(&r, FFP_VERSION_1_0,
							 &count, &size),
			 0);
	assert_int_equal(count, 3);
	assert_int_equal(size, 8);

	/* v1.1+: below 24 or not a multiple of 8 is malformed; larger
	 * (later versions' descriptors) is accepted.
	 */
	r.a[3] = 8;
	assert_int_equal(ffp_dec_partition_info_get_resp(&r, FFP_VERSION_1_1,
							 &count, &size),
			 -EPROTO);
	assert_int_equal(count, 0);
	r.a[3] = 28;
	assert_int_equal(ffp_dec_partition_info_get_resp(&r, FFP_VERSION_1_2,
							 &count, &size),
			 -EPROTO);
	r.a[3] = 32;
	assert_int_equal(ffp_dec_partition_info_get_resp(&r, FFP_VERSION_1_2,
							 &count, &size),
			 0);
	assert_int_equal(size, 32);

	/* The 64-bit success is accepted too. */
	r.a[0] = 0xC4000061U;
	r.a[3] = 24;
	assert_int_equal(ffp_dec_partition_info_get_resp(&r, FFP_VERSION_1_1,
							 &count, &size),
			 0);

	/* Errors: their errno; anything else is a protocol error. */
	ffp_resp_error(&r, FFP_RET_DENIED);
	assert_int_equal(ffp_dec_partition_info_get_resp(&r, FFP_VERSION_1_1,
							 &count, &size),
			 -EACCES);
	ffp_resp_error(&r, FFP_RET_INVALID_PARAMETERS);
	assert_int_equal(ffp_dec_partition_info_get_resp(&r, FFP_VERSION_1_1,
							 &count, &size),
			 -EINVAL);
	r.a[0] = 0x8400006BU; /* FFA_MSG_WAIT */
	assert_int_equal(ffp_dec_partition_info_get_resp(&r, FFP_VERSION_1_1,
							 &count, &size),
			 -EPROTO);
	assert_int_equal(count, 0);
	assert_int_equal(size, 0);
}

/* A v1.1 descriptor (24 bytes) and a v1.0 one (8), written by hand. */
static const ffp_u8 desc_v11[24] = {
	0x01, 0x80, /* ID 0x8001 */
	0x08, 0x00, /* 8 execution contexts */
	0x0b, 0x01, 0x00, 0x00, /* direct recv | send | notif recv | AArch64 */
	0xa1, 0xa2, 0xa3, 0xa4, 0xb1, 0xb2, 0xc1, 0xc2, /* UUID */
	0xd1, 0xd2, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6,
};

static const ffp_u8 desc_v10[16] = {
	0x02, 0x80, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, /* 0x8002, 1, recv */
	0x03, 0x80, 0x04, 0x00, 0x09, 0x00, 0x00, 0x00, /* 0x8003, 4, 0x9 */
};

static void test_part_desc_dec(void **state)
{
	struct ffp_part_desc d;
	ffp_u8 buf[64];

	(void)state;
	memset(&d, 0xa5, sizeof(d));
	assert_int_equal(
		ffp_dec_part_desc(desc_v11, sizeof(desc_v11), 24, 0, &d), 0);
	assert_int_equal(d.id, 0x8001);
	assert_int_equal(d.exec_ctx, 8);
	assert_int_equal(d.properties, 0x10b);
	assert_true(d.properties & FFP_PART_NOTIF_RECV);
	assert_memory_equal(d.uuid, desc_v11 + 8, 16);

	/* v1.0: no UUID (zeroed). */
	memset(&d, 0xa5, sizeof(d));
	assert_int_equal(
		ffp_dec_part_desc(desc_v10, sizeof(desc_v10), 8, 1, &d), 0);
	assert_int_equal(d.id, 0x8003);
	assert_int_equal(d.exec_ctx, 4);
	assert_int_equal(d.properties, 9);
	for (int i = 0; i < 16; i++)
		assert_int_equal(d.uuid[i], 0);

	/* Out of the buffer, or a size below 8. */
	assert_int_equal(
		ffp_dec_part_desc(desc_v10, sizeof(desc_v10), 8, 2, &d),
		-EINVAL);
	assert_int_equal(ffp_dec_part_desc(desc_v11, 23, 24, 0, &d), -EINVAL);
	assert_int_equal(ffp_dec_part_desc(desc_v11, 24, 4, 0, &d), -EINVAL);
	assert_int_equal(ffp_dec_part_desc(desc_v11, 24, 0, 0, &d), -EINVAL);
	assert_int_equal(ffp_dec_part_desc(desc_v11, 24, 24, 0xffffffffU, &d),
			 -EINVAL);
	assert_int_equal(ffp_dec_part_desc(desc_v11, 24, 0xfffffff8U, 1, &d),
			 -EINVAL);

	/* A later, larger descriptor: the known fields, the rest skipped. */
	memset(buf, 0xee, sizeof(buf));
	memcpy(buf + 32, desc_v11, sizeof(desc_v11));
	assert_int_equal(ffp_dec_part_desc(buf, 64, 32, 1, &d), 0);
	assert_int_equal(d.id, 0x8001);
	assert_memory_equal(d.uuid, desc_v11 + 8, 16);
	assert_int_equal(ffp_dec_part_desc(buf, 63, 32, 1, &d), -EINVAL);
}

static void test_part_desc_enc(void **state)
{
	struct ffp_part_desc d, back;
	ffp_u8 buf[64];

	(void)state;
	memset(&d, 0, sizeof(d));
	d.id = 0x8001;
	d.exec_ctx = 8;
	d.properties = 0x10b;
	memcpy(d.uuid, desc_v11 + 8, 16);

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(ffp_enc_part_desc(buf, sizeof(buf), 24, 1, &d), 0);
	assert_memory_equal(buf + 24, desc_v11, 24);
	assert_int_equal(buf[23], 0xee); /* descriptor 0 untouched */
	assert_int_equal(buf[48], 0xee);

	/* v1.0 drops the UUID. */
	memset(buf, 0xee, sizeof(buf));
	d.id = 0x8003;
	d.exec_ctx = 4;
	d.properties = 9;
	assert_int_equal(ffp_enc_part_desc(buf, 16, 8, 1, &d), 0);
	assert_memory_equal(buf + 8, desc_v10 + 8, 8);
	assert_int_equal(buf[16], 0xee);

	/* A larger size is zero-padded and reads back. */
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(ffp_enc_part_desc(buf, 32, 32, 0, &d), 0);
	for (int i = 24; i < 32; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(ffp_dec_part_desc(buf, 32, 32, 0, &back), 0);
	assert_int_equal(back.id, 0x8003);
	assert_memory_equal(back.uuid, d.uuid, 16);

	/* Sizes between v1.0's and v1.1's, and overflows, are refused. */
	assert_int_equal(ffp_enc_part_desc(buf, 64, 16, 0, &d), -EINVAL);
	assert_int_equal(ffp_enc_part_desc(buf, 64, 4, 0, &d), -EINVAL);
	assert_int_equal(ffp_enc_part_desc(buf, 47, 24, 1, &d), -EINVAL);
	assert_int_equal(ffp_enc_part_desc(buf, 64, 24, 0x80000000U, &d),
			 -EINVAL);
}

static void test_direct_msg(void **state)
{
	struct ffp_direct_msg m = { 0 }, d;
	struct ffp_regs r;

	(void)state;
	assert_int_equal(FFP_MSG_SEND_DIRECT_REQ_64, 0xC400006FU);
	assert_int_equal(FFP_MSG_SEND_DIRECT_RESP_64, 0xC4000070U);
	assert_string_equal(ffp_fn_name(FFP_MSG_SEND_DIRECT_REQ_64),
			    "FFA_MSG_SEND_DIRECT_REQ_64");
	m.is_64 = 1;
	m.src = 0;
	m.dst = 0x8003;
	m.data[0] = 1;
	m.data[4] = 0x123456789abcdef0ULL;
	ffp_enc_direct_req(&r, &m);
	assert_int_equal(r.a[0], 0xC400006FU);
	assert_int_equal(r.a[1], 0x00008003U);
	assert_int_equal(r.a[2], 0);
	assert_int_equal(r.a[3], 1);
	assert_true(r.a[7] == 0x123456789abcdef0ULL);
	assert_int_equal(ffp_dec_direct_msg(&r, &d), 0);
	assert_true(d.is_64);
	assert_int_equal(d.src, 0);
	assert_int_equal(d.dst, 0x8003);
	assert_true(d.data[4] == 0x123456789abcdef0ULL);

	/* The response swaps the endpoints; SMC32 drops the upper halves. */
	m.is_64 = 0;
	m.src = 0x8003;
	m.dst = 0;
	ffp_enc_direct_resp(&r, &m);
	assert_int_equal(r.a[0], 0x84000070U);
	assert_int_equal(r.a[1], 0x80030000U);
	assert_true(r.a[7] == 0x9abcdef0ULL);
	r.a[7] |= 0xffffffff00000000ULL;
	assert_int_equal(ffp_dec_direct_msg(&r, &d), 0);
	assert_false(d.is_64);
	assert_int_equal(d.src, 0x8003);
	assert_true(d.data[4] == 0x9abcdef0ULL);

	r.a[0] = FFP_SUCCESS_32;
	assert_int_equal(ffp_dec_direct_msg(&r, &d), -FFP_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_function_ids),
		cmocka_unit_test(test_regs_any),
		cmocka_unit_test(test_enc_version_id_features),
		cmocka_unit_test(test_bitmap_create_destroy),
		cmocka_unit_test(test_bind_unbind),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_get_resp),
		cmocka_unit_test(test_run_interrupt),
		cmocka_unit_test(test_bitmap_join),
		cmocka_unit_test(test_info_example_32),
		cmocka_unit_test(test_info_example_64),
		cmocka_unit_test(test_info_more_pending),
		cmocka_unit_test(test_info_capacity),
		cmocka_unit_test(test_info_dec_32_ignores_upper),
		cmocka_unit_test(test_info_dec_corrupt),
		cmocka_unit_test(test_info_empty_and_enc),
		cmocka_unit_test(test_status_to_errno),
		cmocka_unit_test(test_resp_status),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_rxtx_function_ids),
		cmocka_unit_test(test_rxtx_min_size),
		cmocka_unit_test(test_rxtx_map),
		cmocka_unit_test(test_rxtx_unmap_rx_release),
		cmocka_unit_test(test_partition_info_get),
		cmocka_unit_test(test_partition_info_get_resp),
		cmocka_unit_test(test_part_desc_dec),
		cmocka_unit_test(test_part_desc_enc),
		cmocka_unit_test(test_direct_msg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
