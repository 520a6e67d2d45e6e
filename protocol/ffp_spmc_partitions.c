// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The simulated partitions every simulator of ffa-notif boots with (the
 * library's "sim" backend, the kernel module's sim backend, the test
 * firmware), so that a test or a tutorial means the same thing on each;
 * and OP-TEE's, which the optee personality boots with.
 */
#include "ffp_spmc.h"

#define SIM_PROPS \
	(FFP_PART_DIRECT_REQ_RECV | FFP_PART_DIRECT_REQ_SEND | FFP_PART_AARCH64)

const struct ffp_partition_desc ffp_spmc_default_partitions[] = {
	{
		/* Rings back every global notification the NWd sets on
		 * IDs 0-31, as the same IDs.
		 */
		.id = 0x8001,
		.vcpu_count = 4,
		.uuid = { 0xf0, 0xa0, 0x5e, 0xc0, 0x00, 0x01, 0x4e, 0xc0, 0x8a,
			  0x11, 0x0e, 0xc4, 0x00, 0x00, 0x00, 0x01 },
		.properties = SIM_PROPS | FFP_PART_NOTIF_RECV,
		.ffa_version = FFP_VERSION_1_1,
		.behaviour = FFP_SP_ECHO,
		.bind_from_nwd = 0x00000000ffffffffULL,
		.name = "echo",
	},
	{
		/* The same, per vCPU: IDs 32-47 are bound per-vCPU, and the
		 * echo comes back on the vCPU they were set for.
		 */
		.id = 0x8002,
		.vcpu_count = 4,
		.uuid = { 0xf0, 0xa0, 0x5e, 0xc0, 0x00, 0x02, 0x4e, 0xc0, 0x8a,
			  0x11, 0x0e, 0xc4, 0x00, 0x00, 0x00, 0x02 },
		.properties = SIM_PROPS | FFP_PART_NOTIF_RECV,
		.ffa_version = FFP_VERSION_1_1,
		.behaviour = FFP_SP_ECHO,
		.bind_from_nwd = 0x0000ffff00000000ULL,
		.bind_from_nwd_per_vcpu = 0x0000ffff00000000ULL,
		.name = "echo-percpu",
	},
	{
		/* Receives nothing (property bit 3 clear): it only rings
		 * the NWd, when a test or a control call makes it.
		 */
		.id = 0x8003,
		.vcpu_count = 1,
		.uuid = { 0xf0, 0xa0, 0x5e, 0xc0, 0x00, 0x03, 0x4e, 0xc0, 0x8a,
			  0x11, 0x0e, 0xc4, 0x00, 0x00, 0x00, 0x03 },
		.properties = SIM_PROPS,
		.ffa_version = FFP_VERSION_1_1,
		.name = "doorbell",
	},
};

const ffp_u32 ffp_spmc_default_partition_count =
	FFP_ARRAY_SIZE(ffp_spmc_default_partitions);

/*
 * OP-TEE 4.10.0's logical partitions as the S-EL1 SPMC on QEMU
 * (vexpress qemu_armv8a, CFG_ENABLE_EMBEDDED_TESTS=y by its conf.mk), in
 * OP-TEE's list order (core/arch/arm/kernel/thread_spmc.c spmc_init() and
 * spmc_register_lsp()).  The SPMC itself (its ID_GET: the manifest's
 * 0x8000) has no UUID and is not listed.  Execution contexts are
 * CFG_TEE_CORE_NB_CORE (4).  Neither receives notifications: OP-TEE sends
 * its own asynchronous one itself (ffp_spmc_tick()).
 */
const struct ffp_partition_desc ffp_spmc_optee_partitions[] = {
	{
		/* OP-TEE itself (thread_spmc.c optee_core_lsp): the first
		 * free ID after the SPMC's.  UUID
		 * 486178e0-e7f8-11e3-bc5e-0002a5d5c51b.
		 */
		.id = 0x8001,
		.vcpu_count = 4,
		.uuid = { 0x48, 0x61, 0x78, 0xe0, 0xe7, 0xf8, 0x11, 0xe3, 0xbc,
			  0x5e, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b },
		.properties = FFP_PART_DIRECT_REQ_RECV |
			      FFP_PART_DIRECT_REQ_SEND | FFP_PART_AARCH64,
		.ffa_version = FFP_VERSION_1_2,
		.behaviour = FFP_SP_OPTEE,
		.name = "optee",
	},
	{
		/* core/arch/arm/tests/ffa_lsp.c: answers a direct request
		 * with the sum of w3..w7.  UUID
		 * 54b5440e-a3d2-48d1-872a-7b6cbfc34855.
		 */
		.id = 0x8002,
		.vcpu_count = 4,
		.uuid = { 0x54, 0xb5, 0x44, 0x0e, 0xa3, 0xd2, 0x48, 0xd1, 0x87,
			  0x2a, 0x7b, 0x6c, 0xbf, 0xc3, 0x48, 0x55 },
		.properties = FFP_PART_DIRECT_REQ_RECV,
		.ffa_version = FFP_VERSION_1_2,
		.behaviour = FFP_SP_SUM,
		.name = "test-lsp",
	},
};

const ffp_u32 ffp_spmc_optee_partition_count =
	FFP_ARRAY_SIZE(ffp_spmc_optee_partitions);

const struct ffp_partition_desc *
ffp_spmc_partitions_for(const struct ffp_spmc_config *cfg, ffp_u32 *count)
{
	if (cfg && cfg->personality == FFP_SPMC_OPTEE) {
		/* What users meet: OP-TEE's QEMU build, OP-TEE alone. */
		*count = FFP_SPMC_OPTEE_QEMU_PARTITIONS;
		return ffp_spmc_optee_partitions;
	}
	*count = ffp_spmc_default_partition_count;
	return ffp_spmc_default_partitions;
}

const struct ffp_partition_desc *
ffp_spmc_partition_catalogue(const struct ffp_spmc_config *cfg, ffp_u32 *count)
{
	if (cfg && cfg->personality == FFP_SPMC_OPTEE) {
		*count = ffp_spmc_optee_partition_count;
		return ffp_spmc_optee_partitions;
	}
	*count = ffp_spmc_default_partition_count;
	return ffp_spmc_default_partitions;
}
