// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The simulated partitions every simulator of ffa-notif boots with (the
 * library's "sim" backend, the kernel module's sim backend, the test
 * firmware), so that a test or a tutorial means the same thing on each.
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
