// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * Fuzz target: the FFA_NOTIFICATION_INFO_GET response parser,
 * ffp_dec_info_get_resp() (protocol/ffp_abi.c), which the driver side runs
 * on whatever the firmware answered.
 *
 * Input: x0..x7 as 8 little-endian 64-bit words (missing bytes are zero),
 * then an optional byte: 1 forces w0 = FFA_SUCCESS_32, 2 FFA_SUCCESS_64
 * (so that most inputs reach the parser's body).
 *
 * Invariants, beyond "no crash":
 *  - the result is 0, -EPROTO or -EINVAL (-EINVAL exactly when w0 is no
 *    FFA_SUCCESS, with no list returned);
 *  - the lists fit the width: at most 10 (SMC32) or 20 (SMC64) IDs in all,
 *    at most 3 vCPUs each; nothing is written past the lists returned;
 *  - the parser reads nothing past the advertised counts: flipping every
 *    bit it has no business reading (x1, the upper half of w0, the upper
 *    halves of an SMC32 answer, the size fields past the list count, the
 *    ID slots past the last list, x2's bits above the last size field)
 *    changes neither the result nor the lists;
 *  - round trip: the encoder, ffp_resp_info_get(), accepts what the parser
 *    returned, and parsing its registers gives the same lists, cleanly.
 */
#include <string.h>

#include "ffp_abi.h"
#include "fuzz.h"

FUZZ_NOCOV static void check_same(const struct ffp_info *a,
				  const struct ffp_info *b)
{
	ffp_u32 i, v;

	FUZZ_CHECK(a->is_64 == b->is_64);
	FUZZ_CHECK(a->more_pending == b->more_pending);
	FUZZ_CHECK(a->n_lists == b->n_lists);
	for (i = 0; i < a->n_lists; i++) {
		FUZZ_CHECK(a->lists[i].id == b->lists[i].id);
		FUZZ_CHECK(a->lists[i].n_vcpus == b->lists[i].n_vcpus);
		for (v = 0; v < a->lists[i].n_vcpus; v++)
			FUZZ_CHECK(a->lists[i].vcpus[v] ==
				   b->lists[i].vcpus[v]);
	}
}

/*
 * The bits of an answer the parser has no business reading, given the
 * lists it returned: x1, the upper half of w0 (and of every register of an
 * SMC32 answer), x2's size fields past the advertised list count and the
 * bits above them, and the ID slots past the last list returned.
 */
FUZZ_NOCOV static void unread_mask(const struct ffp_regs *r,
				   const struct ffp_info *info, ffp_u64 m[8])
{
	ffp_u32 per_reg = info->is_64 ? 4 : 2;
	ffp_u32 max_ids = ffp_info_max_ids(info->is_64);
	ffp_u32 count, used = 0, i, slot;

	count = (ffp_u32)(r->a[2] >> FFP_INFO_LIST_COUNT_SHIFT) &
		FFP_INFO_LIST_COUNT_MASK;
	if (count > max_ids)
		count = max_ids;
	for (i = 0; i < info->n_lists; i++)
		used += ffp_info_list_ids(&info->lists[i]);

	m[0] = 0xffffffff00000000ULL;
	m[1] = ~0ULL;
	m[2] = ~0ULL << (FFP_INFO_LIST_SIZE_SHIFT + 2 * count);
	for (i = 3; i < 8; i++)
		m[i] = info->is_64 ? 0 : 0xffffffff00000000ULL;
	for (slot = used; slot < max_ids; slot++)
		m[3 + slot / per_reg] |= 0xffffULL << (16 * (slot % per_reg));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct ffp_regs r, r2;
	ffp_u64 mask[8];
	struct ffp_info info, info2, poison;
	ffp_u32 fid, max_ids, ids = 0, i;
	int ret, ret2;
	uint8_t force;

	for (i = 0; i < 8; i++)
		r.a[i] = fuzz_u64(&in);
	force = fuzz_u8(&in);
	if (force == 1)
		r.a[0] = (r.a[0] & ~0xffffffffULL) | FFP_SUCCESS_32;
	else if (force == 2)
		r.a[0] = (r.a[0] & ~0xffffffffULL) | FFP_SUCCESS_64;
	fid = (ffp_u32)r.a[0];

	memset(&info, 0xa5, sizeof(info));
	memset(&poison, 0xa5, sizeof(poison));
	ret = ffp_dec_info_get_resp(&r, &info);
	FUZZ_CHECK(ret == 0 || ret == -FFP_EPROTO || ret == -FFP_EINVAL);
	FUZZ_CHECK(info.is_64 == (fid == FFP_SUCCESS_64));
	if (fid != FFP_SUCCESS_32 && fid != FFP_SUCCESS_64) {
		FUZZ_CHECK(ret == -FFP_EINVAL);
		FUZZ_CHECK(info.n_lists == 0);
		return 0;
	}
	FUZZ_CHECK(ret != -FFP_EINVAL);

	/* The lists fit the width; nothing written past them. */
	max_ids = ffp_info_max_ids(info.is_64);
	FUZZ_CHECK(info.n_lists <= max_ids);
	FUZZ_CHECK(info.more_pending == 0 || info.more_pending == 1);
	for (i = 0; i < info.n_lists; i++) {
		FUZZ_CHECK(info.lists[i].n_vcpus <=
			   FFP_INFO_MAX_VCPUS_PER_LIST);
		ids += ffp_info_list_ids(&info.lists[i]);
	}
	FUZZ_CHECK(ids <= max_ids);
	FUZZ_CHECK(memcmp(&info.lists[info.n_lists],
			  &poison.lists[info.n_lists],
			  (FFP_INFO_MAX_LISTS - info.n_lists) *
				  sizeof(info.lists[0])) == 0);

	/* Nothing read past the advertised counts. */
	unread_mask(&r, &info, mask);
	for (i = 0; i < 8; i++)
		r2.a[i] = r.a[i] ^ mask[i];
	ret2 = ffp_dec_info_get_resp(&r2, &info2);
	FUZZ_CHECK(ret2 == ret);
	check_same(&info, &info2);

	/* Round trip through the encoder. */
	FUZZ_CHECK(ffp_resp_info_get(&r2, &info) == 0);
	FUZZ_CHECK((ffp_u32)r2.a[0] == fid);
	ret2 = ffp_dec_info_get_resp(&r2, &info2);
	FUZZ_CHECK(ret2 == 0);
	check_same(&info, &info2);
	/* A clean answer is, in every bit the parser reads, what the
	 * encoder writes for its lists.
	 */
	if (ret == 0)
		for (i = 0; i < 8; i++)
			FUZZ_CHECK((r.a[i] & ~mask[i]) == (r2.a[i] & ~mask[i]));
	return 0;
}
