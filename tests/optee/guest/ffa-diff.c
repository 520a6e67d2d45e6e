// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * ffa-diff PERSONALITY SEED[,SEED...] N [-v|-k]: the differential test of
 * the SPMC model against a real SPMC (issue 11, item 3).
 *
 * N calls from the seeded generator (protocol/ffp_callgen.c) are issued
 * twice each: by raw SMC through /dev/ffa-el3-ctl's FFA_EL3_CTL_IOC_RAW
 * (tests/el3-spmc/ctl, ffa_el3_ctl.ko) to the firmware the kernel booted
 * on, and through ffp_spmc_call() to the model booted as that firmware is:
 *   optee    real TF-A v2.12 + OP-TEE 4.10 on QEMU (tests/optee/diff.sh):
 *            the optee personality, the partitions of OP-TEE's QEMU build
 *            (OP-TEE alone, FFP_SPMC_OPTEE_QEMU_PARTITIONS), 2 CPUs (-smp 2);
 *            the kernel must not have probed FF-A (arm_ffa blacklisted), so
 *            nothing has been called from the normal world before this
 *   hafnium, hafnium+strict
 *            our EL3 test firmware (tests/el3-spmc/fw.c) in that
 *            personality, itself the model: the model as fw.c embeds it
 *            (MAX_CPUS 4, its own FEATURES answers, FFA_RUN of a partition
 *            after a successful SET to it, function IDs with bits 23:16
 *            set, SVE hint included, unknown): a consistency check of the
 *            transport and of the boot state
 * Every answer's w0..w7 is compared; for an SMC32 call (w0 bit 30 clear)
 * only the low 32 bits of x0..x7: SMCCC (DEN0028, v1.2 on) returns an
 * SMC32 call's results in W0..W7, an SMC64 call's in X0..X7 (TF-A's
 * firmware-design.rst says the same; its std_svc_smc_handler() clears
 * x1..x4[63:32] of SMC32 arguments for the same reason), so the upper
 * halves are no part of an SMC32 answer.  Differences there are counted
 * and printed, not failed (none seen on TF-A + OP-TEE, whose SPMD and
 * OP-TEE write 32-bit values).  SMC64 calls are compared in full.
 * Several seeds: their sequences one after the other, against one boot of
 * the firmware and one model (the state carries over in both), each
 * reported on its own.  -v prints every call; -k (diagnosis) goes on past
 * a mismatch, printing each, and exits 1 at the end (the model's state
 * may then have left the firmware's: later mismatches may follow from it).
 * The first mismatch is printed with its index, the call and both answers
 * (exit 1); otherwise a summary: calls per function and answers per
 * status (exit 0).  Exit 2: usage or setup error.  The program pins
 * itself to CPU 0 and checks each call was made there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ffa_el3_ctl.h"
#include "ffp_abi.h"
#include "ffp_callgen.h"
#include "ffp_spmc.h"

#define OPTEE_CPUS 2 /* QEMU -smp 2 */
#define EL3_FW_CPUS 4 /* tests/el3-spmc/fw.c MAX_CPUS */

struct target {
	struct ffp_spmc model;
	int el3_fw; /* the model as tests/el3-spmc/fw.c embeds it */
};

/* fw.c fw_feature(): what the EL3 firmware answers itself. */
static int el3_fw_feature(uint32_t fid)
{
	switch (fid) {
	case FFP_RXTX_MAP_32:
	case FFP_RXTX_MAP_64:
	case FFP_RXTX_UNMAP:
	case FFP_RX_RELEASE:
	case FFP_PARTITION_INFO_GET:
	case FFP_MSG_SEND_DIRECT_REQ_32:
	case FFP_MSG_SEND_DIRECT_REQ_64:
		return 1;
	default:
		return 0;
	}
}

/* The model's answer, as the firmware booted on would give it. */
static void model_call(struct target *t, const struct ffp_regs *in,
		       struct ffp_regs *out)
{
	uint32_t fid = (uint32_t)in->a[0];
	struct ffp_set_args a;
	struct ffp_regs run, res;

	memset(out, 0, sizeof(*out));
	if (!t->el3_fw) {
		ffp_spmc_call(&t->model, 0, in, out);
		return;
	}
	/* fw.c el3_smc() is_ffa(): bits 23:16 of the function ID zero (the
	 * firmware is SMCCC v1.2: no SVE hint), else SMCCC's unknown in x0,
	 * x1..x7 as they came.
	 */
	if (fid & 0x00ff0000U) {
		*out = *in;
		out->a[0] = FFP_SMCCC_UNKNOWN;
		return;
	}
	/* fw.c el3_ffa(): the generator sends none of the calls it handles
	 * itself but FEATURES.
	 */
	if (fid == FFP_FEATURES && el3_fw_feature((uint32_t)in->a[1])) {
		ffp_resp_success32(out, 0);
		return;
	}
	ffp_spmc_call(&t->model, 0, in, out);
	/* fw.c run_after_set(). */
	if (fid != FFP_NOTIFICATION_SET ||
	    ffp_resp_status(out) != FFP_RET_SUCCESS)
		return;
	ffp_dec_set(in, &a);
	if (!FFP_ID_IS_SP(a.receiver))
		return;
	ffp_enc_run(&run, a.receiver,
		    (a.flags & FFP_SET_PER_VCPU) ? a.vcpu : 0);
	ffp_spmc_call(&t->model, 0, &run, &res);
}

static void print_regs(const char *what, const struct ffp_regs *r)
{
	int i;

	printf("  %-6s", what);
	for (i = 0; i < 8; i++)
		printf(" x%d=%#llx", i, (unsigned long long)r->a[i]);
	printf("\n");
}

/* A short name of an answer, for the summary. */
static void answer_name(const struct ffp_regs *r, char *buf, size_t n)
{
	uint64_t x0 = r->a[0];

	if (x0 == FFP_SMCCC_UNKNOWN || (uint32_t)x0 == 0xffffffffU)
		snprintf(buf, n, "SMCCC_UNKNOWN");
	else if ((uint32_t)x0 == FFP_ERROR)
		snprintf(buf, n, "ERROR(%s)",
			 ffp_status_name((ffp_s32)(uint32_t)r->a[2]));
	else if ((uint32_t)x0 == FFP_SUCCESS_32)
		snprintf(buf, n, "SUCCESS_32");
	else if ((uint32_t)x0 == FFP_SUCCESS_64)
		snprintf(buf, n, "SUCCESS_64");
	else
		snprintf(buf, n, "w0=%#x", (unsigned int)(uint32_t)x0);
}

#define MAX_KEYS 128

struct tally {
	char key[MAX_KEYS][48];
	unsigned long count[MAX_KEYS];
	int n;
};

static void tally_add(struct tally *t, const char *key)
{
	int i;

	for (i = 0; i < t->n; i++) {
		if (!strcmp(t->key[i], key)) {
			t->count[i]++;
			return;
		}
	}
	if (t->n == MAX_KEYS)
		return;
	snprintf(t->key[t->n], sizeof(t->key[0]), "%s", key);
	t->count[t->n++] = 1;
}

static void tally_print(const char *title, const struct tally *t)
{
	int i;

	printf("ffa-diff: %s:", title);
	for (i = 0; i < t->n; i++)
		printf(" %s=%lu", t->key[i], t->count[i]);
	printf("\n");
}

/* The call's name: its function (SVE hint and x0[63:32] aside). */
static void call_name(const struct ffp_regs *r, char *buf, size_t n)
{
	uint32_t fid = (uint32_t)r->a[0] & ~FFP_SMCCC_SVE_HINT;
	const char *name = ffp_fn_name(fid);

	if (fid & FFP_SMCCC_FC_RESERVED)
		snprintf(buf, n, "reserved-bits");
	else if (name && strcmp(name, "unknown") && name[0] != '?')
		snprintf(buf, n, "%s", name);
	else
		snprintf(buf, n, "%#x", (unsigned int)fid);
}

#define MAX_SEEDS 16

/* One seed's sequence: 0, 1 (a mismatch), 2 (a setup error). */
static int run_seed(struct target *t, int fd, const char *pers,
		    unsigned long long seed, unsigned long n, int verbose,
		    int keep_going)
{
	static struct tally fns, answers;
	struct ffp_callgen gen;
	unsigned long i, upper_diffs = 0, mismatches = 0, first = 0;
	int k;

	memset(&fns, 0, sizeof(fns));
	memset(&answers, 0, sizeof(answers));
	printf("ffa-diff: %s (%s), seed %llu, %lu calls\n", pers,
	       t->el3_fw ? "the EL3 test firmware" : "TF-A + OP-TEE", seed, n);
	ffp_callgen_init(&gen, seed);
	for (i = 0; i < n; i++) {
		struct ffa_el3_ctl_raw raw = { 0 };
		struct ffp_regs call, real, model;
		uint64_t mask;
		char name[48], ans[48];
		int bad = 0, upper = 0;

		ffp_callgen_next(&gen, &call);
		memcpy(raw.x, call.a, sizeof(raw.x));
		if (ioctl(fd, FFA_EL3_CTL_IOC_RAW, &raw)) {
			fprintf(stderr, "ffa-diff: call %lu: ioctl: %s\n", i,
				strerror(errno));
			print_regs("call", &call);
			return 2;
		}
		if (raw.cpu != 0) {
			fprintf(stderr, "ffa-diff: call %lu made on CPU %u\n",
				i, raw.cpu);
			return 2;
		}
		memcpy(real.a, raw.x, sizeof(real.a));
		model_call(t, &call, &model);
		mask = (call.a[0] & 0x40000000U) ? ~0ULL : 0xffffffffULL;
		for (k = 0; k < 8; k++) {
			if ((real.a[k] ^ model.a[k]) & mask)
				bad = 1;
			else if (real.a[k] != model.a[k])
				upper = 1;
		}
		call_name(&call, name, sizeof(name));
		answer_name(&real, ans, sizeof(ans));
		if (verbose || bad) {
			printf("ffa-diff: call %lu %s -> %s%s\n", i, name, ans,
			       bad ? ": MISMATCH" : "");
			print_regs("call", &call);
			print_regs("real", &real);
			if (bad)
				print_regs("model", &model);
		}
		if (bad) {
			if (!mismatches++)
				first = i;
			if (!keep_going) {
				printf("ffa-diff: FAIL: %s, seed %llu, first "
				       "mismatch at call %lu of %lu (%s)\n",
				       pers, seed, i, n, name);
				return 1;
			}
		}
		if (upper) {
			upper_diffs++;
			printf("ffa-diff: call %lu %s: upper halves differ "
			       "(SMC32, not compared)\n",
			       i, name);
			print_regs("real", &real);
			print_regs("model", &model);
		}
		tally_add(&fns, name);
		tally_add(&answers, ans);
	}
	tally_print("calls", &fns);
	tally_print("answers", &answers);
	if (mismatches) {
		printf("ffa-diff: FAIL: %s, seed %llu, %lu mismatches in %lu "
		       "calls, the first at call %lu\n",
		       pers, seed, mismatches, n, first);
		return 1;
	}
	printf("ffa-diff: PASS: %s, seed %llu, %lu calls, 0 mismatches, %lu "
	       "SMC32 upper-half differences\n",
	       pers, seed, n, upper_diffs);
	return 0;
}

int main(int argc, char **argv)
{
	struct ffp_spmc_config cfg = { 0 };
	const struct ffp_partition_desc *parts;
	unsigned long long seeds[MAX_SEEDS];
	static struct target t;
	unsigned long n;
	uint32_t n_parts;
	int fd, verbose, keep_going, r, rc = 0, n_seeds = 0, si;
	cpu_set_t cpus;
	const char *p;
	char *end;

	verbose = argc == 5 && !strcmp(argv[4], "-v");
	keep_going = argc == 5 && !strcmp(argv[4], "-k");
	if (argc != 4 && !verbose && !keep_going) {
		fprintf(stderr,
			"usage: %s PERSONALITY SEED[,SEED...] N [-v|-k]\n",
			argv[0]);
		return 2;
	}
	if (ffp_spmc_config_parse(&cfg, argv[1])) {
		fprintf(stderr, "ffa-diff: unknown personality %s\n", argv[1]);
		return 2;
	}
	for (p = argv[2];; p = end + 1) {
		errno = 0;
		if (n_seeds == MAX_SEEDS) {
			fprintf(stderr, "ffa-diff: at most %d seeds\n",
				MAX_SEEDS);
			return 2;
		}
		seeds[n_seeds] = strtoull(p, &end, 10);
		if (errno || end == p || (*end && *end != ',')) {
			fprintf(stderr, "ffa-diff: bad seeds %s\n", argv[2]);
			return 2;
		}
		n_seeds++;
		if (!*end)
			break;
	}
	n = strtoul(argv[3], &end, 0);
	if (*end || end == argv[3] || !n) {
		fprintf(stderr, "ffa-diff: bad count %s\n", argv[3]);
		return 2;
	}
	t.el3_fw = cfg.personality != FFP_SPMC_OPTEE;
	cfg.max_cpus = t.el3_fw ? EL3_FW_CPUS : OPTEE_CPUS;
	/* The optee personality with what OP-TEE's QEMU build registers:
	 * OP-TEE alone (docs/protocol.md O-BOOT-2); the EL3 firmware's own.
	 */
	if (t.el3_fw) {
		parts = ffp_spmc_partitions_for(&cfg, &n_parts);
	} else {
		parts = ffp_spmc_optee_partitions;
		n_parts = FFP_SPMC_OPTEE_QEMU_PARTITIONS;
	}
	r = ffp_spmc_init(&t.model, parts, n_parts, &cfg, NULL, NULL);
	if (r) {
		fprintf(stderr, "ffa-diff: ffp_spmc_init: %d\n", r);
		return 2;
	}
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus)) {
		perror("ffa-diff: sched_setaffinity");
		return 2;
	}
	fd = open("/dev/ffa-el3-ctl", O_RDWR);
	if (fd < 0) {
		perror("ffa-diff: /dev/ffa-el3-ctl");
		return 2;
	}
	for (si = 0; si < n_seeds; si++) {
		r = run_seed(&t, fd, argv[1], seeds[si], n, verbose,
			     keep_going);
		if (r)
			rc = r;
		if (r == 2 || (r && !keep_going))
			break;
	}
	close(fd);
	return rc;
}
