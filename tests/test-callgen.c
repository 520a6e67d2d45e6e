// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The differential test's call generator (protocol/ffp_callgen.c): the
 * same seed gives the same calls; every call is one FFA_EL3_CTL_IOC_RAW
 * takes (an FF-A function ID); none is a call the generator promises never
 * to send (memory, direct messages, answers the SPMD would forward);
 * every personality of the model answers every call; and the mix has what
 * the test needs (each notification call, several statuses).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ffp_abi.h"
#include "ffp_callgen.h"
#include "ffp_spmc.h"

#define N_CALLS 2000

static void test_deterministic(void **state)
{
	struct ffp_callgen a, b, c;
	struct ffp_regs ra, rb, rc;
	int i, differ = 0;

	(void)state;
	ffp_callgen_init(&a, 7);
	ffp_callgen_init(&b, 7);
	ffp_callgen_init(&c, 8);
	for (i = 0; i < N_CALLS; i++) {
		ffp_callgen_next(&a, &ra);
		ffp_callgen_next(&b, &rb);
		ffp_callgen_next(&c, &rc);
		assert_memory_equal(&ra, &rb, sizeof(ra));
		differ |= memcmp(&ra, &rc, sizeof(ra)) != 0;
	}
	assert_true(differ);
	assert_int_equal(a.count, N_CALLS);
}

/* ffa_el3_ctl_main.c ctl_is_ffa_fid(). */
static int raw_ioctl_takes(ffp_u64 x0)
{
	ffp_u32 fid = (ffp_u32)x0;

	return (fid & 0xbf000000U) == 0x84000000U && (fid & 0xffffU) >= 0x60 &&
	       (fid & 0xffffU) <= 0xff;
}

static int never_sent(ffp_u32 fid)
{
	fid &= ~(FFP_SMCCC_SVE_HINT | FFP_SMCCC_FC_RESERVED);
	switch (fid & ~0x40000000U) {
	case FFP_ERROR:
	case FFP_SUCCESS_32:
	case FFP_RX_RELEASE:
	case FFP_RXTX_MAP_32:
	case FFP_RXTX_UNMAP:
	case FFP_PARTITION_INFO_GET:
	case FFP_MSG_SEND_DIRECT_REQ_32:
	case FFP_MSG_SEND_DIRECT_RESP_32:
	case FFP_SMC32(0x6e): /* MSG_SEND */
	case FFP_SMC32(0x71): /* MEM_DONATE */
	case FFP_SMC32(0x72): /* MEM_LEND */
	case FFP_MEM_SHARE_32:
	case FFP_SMC32(0x74): /* MEM_RETRIEVE_REQ */
	case FFP_SMC32(0x75): /* MEM_RETRIEVE_RESP */
	case FFP_SMC32(0x76): /* MEM_RELINQUISH */
	case FFP_MEM_RECLAIM:
	case FFP_SMC32(0x7a): /* MEM_FRAG_RX */
	case FFP_MEM_FRAG_TX:
	case FFP_SMC32(0x89): /* MEM_PERM_SET */
	case FFP_SMC32(0x8b): /* PARTITION_INFO_GET_REGS */
	case FFP_SMC32(0x8d): /* MSG_SEND_DIRECT_REQ2 */
	case FFP_SMC32(0x8e): /* MSG_SEND_DIRECT_RESP2 */
		return 1;
	default:
		return 0;
	}
}

static void run_personality(const char *name)
{
	struct ffp_spmc_config cfg = { 0 };
	const struct ffp_partition_desc *parts;
	struct ffp_callgen g;
	struct ffp_regs in, out;
	ffp_u32 n_parts;
	unsigned int seen_fn[0x100] = { 0 }, ok = 0, err = 0;
	int seed, i;
	static struct ffp_spmc s;

	assert_int_equal(ffp_spmc_config_parse(&cfg, name), 0);
	cfg.max_cpus = 2;
	parts = ffp_spmc_partitions_for(&cfg, &n_parts);
	for (seed = 1; seed <= 5; seed++) {
		assert_int_equal(ffp_spmc_init(&s, parts, n_parts, &cfg,
					       FFP_NULL, FFP_NULL),
				 0);
		ffp_callgen_init(&g, (ffp_u64)seed);
		for (i = 0; i < N_CALLS; i++) {
			ffp_callgen_next(&g, &in);
			assert_true(raw_ioctl_takes(in.a[0]));
			assert_false(never_sent((ffp_u32)in.a[0]));
			seen_fn[in.a[0] & 0xff]++;
			ffp_spmc_call(&s, 0, &in, &out);
			if ((ffp_u32)out.a[0] == FFP_SUCCESS_32 ||
			    (ffp_u32)out.a[0] == FFP_SUCCESS_64)
				ok++;
			else if ((ffp_u32)out.a[0] == FFP_ERROR)
				err++;
		}
	}
	/* Every notification call, and the others the generator names. */
	for (i = 0x7d; i <= 0x83; i++)
		assert_true(seen_fn[i] > 0);
	assert_true(seen_fn[0x63] && seen_fn[0x64] && seen_fn[0x69] &&
		    seen_fn[0x85] && seen_fn[0x6d]);
	assert_true(ok > N_CALLS / 4);
	assert_true(err > N_CALLS / 4);
}

static void test_optee(void **state)
{
	(void)state;
	run_personality("optee");
}

static void test_hafnium(void **state)
{
	(void)state;
	run_personality("hafnium");
}

static void test_strict(void **state)
{
	(void)state;
	run_personality("hafnium+strict");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_optee),
		cmocka_unit_test(test_hafnium),
		cmocka_unit_test(test_strict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
