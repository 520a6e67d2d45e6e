// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffa-notify send and sim-ring: set notifications, for a partition
 * (FFA_NOTIFICATION_SET) or, on a simulator, as a partition would.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "notify.h"
#include "tools-common.h"

static int ring(const struct fnt_cmd *cmd, int argc, char **argv, int sim)
{
	static const struct option opts[] = {
		{ "per-vcpu", no_argument, NULL, 'p' },
		{ "vcpu", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct ffanotif_session *s;
	unsigned long vcpu = 0;
	uint64_t ids, flags = 0;
	uint16_t part;
	int opt, ret, have_vcpu = 0;

	while ((opt = getopt_long(argc, argv, "+pc:", opts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			flags |= FFANOTIF_FLAG_PER_VCPU;
			break;
		case 'c':
			if (fft_parse_uint(optarg, 0, 0xffff, &vcpu) < 0)
				return fnt_usage_error(cmd, "bad vCPU '%s'",
						       optarg);
			have_vcpu = 1;
			break;
		default:
			return fnt_usage_error(cmd, "unknown option");
		}
	}
	if (argc - optind != 2)
		return fnt_usage_error(cmd, "needs PARTITION and IDS");
	ret = fnt_parse_target(cmd, argv + optind, &part, &ids);
	if (ret)
		return ret;
	if (have_vcpu && !(flags & FFANOTIF_FLAG_PER_VCPU))
		return fnt_usage_error(cmd, "--vcpu needs --per-vcpu");
	s = fnt_open(cmd->name);
	if (!s)
		return fnt_fail(cmd->name, errno, "open");
	ret = sim ? ffanotif_session_sim_ring(s, part, ids, flags,
					      (uint16_t)vcpu)
		  : ffanotif_session_send(s, part, ids, flags, (uint16_t)vcpu);
	if (ret < 0)
		ret = fnt_fail(cmd->name, errno, "0x%04x", part);
	ffanotif_session_close(s);
	return ret;
}

static int run_send(int argc, char **argv)
{
	return ring(&fnt_cmd_send, argc, argv, 0);
}

static int run_sim_ring(int argc, char **argv)
{
	return ring(&fnt_cmd_sim_ring, argc, argv, 1);
}

const struct fnt_cmd fnt_cmd_send = {
	.name = "send",
	.args = "[--per-vcpu [--vcpu N]] PARTITION IDS",
	.summary = "ring a partition: set notifications IDS for PARTITION",
	.run = run_send,
	.help = "  -p, --per-vcpu  per-vCPU notifications (default: global)\n"
		"  -c, --vcpu=N    the receiver's vCPU for --per-vcpu "
		"(default 0)\n"
		"\nThe IDs must be bound by PARTITION to this endpoint. "
		"Exit status 3 when\nrefused (policy, or the firmware: not "
		"bound), 4 when not supported.\n",
};

const struct fnt_cmd fnt_cmd_sim_ring = {
	.name = "sim-ring",
	.args = "[--per-vcpu [--vcpu N]] PARTITION IDS",
	.summary = "simulator only: make PARTITION ring this endpoint",
	.run = run_sim_ring,
	.help = "  -p, --per-vcpu  per-vCPU notifications (default: global)\n"
		"  -c, --vcpu=N    this endpoint's vCPU for --per-vcpu "
		"(default 0)\n"
		"\nWhat a partition's firmware would do: set IDS for this "
		"endpoint, as PARTITION.\nThe IDs must be bound from "
		"PARTITION (by ffa-notifd, or a get/monitor/bind\nrunning). "
		"Exit status 4 on a backend that is not a simulator.\n",
};
