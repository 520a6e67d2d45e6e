/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * Reference SPMC model: the firmware side of FF-A v1.1 notifications.
 *
 * It answers the calls a normal-world (NWd) driver makes, and the calls its
 * simulated secure partitions (SPs) make, as a chosen SPMC would: its
 * personality: TF-Hafnium v2.13.0, check for check, in Hafnium's order
 * and with its exact status codes, optionally with the spec's MBZ
 * register checks that Hafnium does not make; or OP-TEE 4.10.0 as the
 * S-EL1 SPMC behind TF-A v2.12's SPMD (docs/protocol.md has both audits:
 * every check, where it is in the source, where in the model, and its
 * test).  It holds no lock and allocates nothing: the embedding
 * code (library simulator, kernel sim backend, test firmware) serialises
 * calls into one struct ffp_spmc.
 */
#ifndef FFP_SPMC_H
#define FFP_SPMC_H

#include "ffp_abi.h"

#define FFP_SPMC_MAX_PARTITIONS 8
#define FFP_SPMC_MAX_VMS 4 /* NWd endpoints, including ID 0 */
#define FFP_SPMC_MAX_VCPUS 64
#define FFP_SPMC_SRI_INTID 8 /* Hafnium's SRI: SGI 8 */
#define FFP_SPMC_NPI_INTID 5 /* Hafnium's NPI: virtual INTID 5 */
#define FFP_SPMC_MEI_INTID 4 /* Hafnium's managed exit: virtual INTID 4 */
#define FFP_ID_INVALID 0x7fffU /* Hafnium's "no sender" marker */
#define FFP_SPMC_DEFAULT_CPUS 8 /* physical CPUs unless the embedder says */

/* Whose SPMC the model is (struct ffp_spmc_config::personality). */
#define FFP_SPMC_HAFNIUM 1 /* TF-Hafnium v2.13.0, built for FF-A v1.2 */
/* OP-TEE 4.10.0 as the S-EL1 SPMC (CFG_CORE_SEL1_SPMC, vexpress
 * qemu_armv8a, no NS virtualization), behind TF-A v2.12's SPMD, which
 * answers some calls itself.  It serves no SP-to-SP notifications, one
 * 64-bit bitmap for VM 0, and no FFA_NOTIFICATION_SET from the NWd.
 */
#define FFP_SPMC_OPTEE 2

/* struct ffp_spmc_config::flags */
/* Refuse non-zero MBZ registers and reserved fields with
 * INVALID_PARAMETERS, as the spec asks and OP-TEE does (Hafnium ignores
 * them), so that a driver bug cannot pass here and fail elsewhere.
 * Hafnium only: the optee personality makes OP-TEE's own checks.
 */
#define FFP_SPMC_STRICT (1U << 0)

/*
 * How the model is booted.  A zeroed config (or FFP_NULL) is Hafnium,
 * not strict, with FFP_SPMC_DEFAULT_CPUS CPUs.  Each personality is an
 * FFP_SPMC_* value: ffp_spmc.c branches on it where SPMCs answer
 * differently (OP-TEE's calls have handlers of their own).
 */
struct ffp_spmc_config {
	ffp_u32 personality; /* FFP_SPMC_*; 0 = FFP_SPMC_HAFNIUM */
	ffp_u32 flags; /* FFP_SPMC_STRICT */
	/* Physical CPUs: the vCPUs of the other-world VM, ID 0 (Hafnium's
	 * MAX_CPUS), 1..FFP_SPMC_MAX_VCPUS; 0 = FFP_SPMC_DEFAULT_CPUS.
	 */
	ffp_u32 max_cpus;
	/*
	 * The FF-A version the SPMC is built for (Hafnium's
	 * FFA_VERSION_COMPILED): FFP_VERSION_1_2, or FFP_VERSION_1_1 for an
	 * SPMC a generation older; 0 = FFP_VERSION_1_2.  Hafnium only
	 * (OP-TEE answers v1.2 whatever it is asked).
	 */
	ffp_u32 version;
};

/*
 * Parse a personality name: "hafnium", "hafnium+strict" (or "strict"),
 * "optee".  Fills *cfg's personality and flags (max_cpus is left alone).
 * Returns 0, or -FFP_EINVAL for anything else (cfg unchanged).
 */
int ffp_spmc_config_parse(struct ffp_spmc_config *cfg, const char *name);

/* The name ffp_spmc_config_parse() takes for this config ("hafnium",
 * "hafnium+strict", "optee"; "unknown" for a config init refuses).
 */
const char *ffp_spmc_config_name(const struct ffp_spmc_config *cfg);

/* Behaviours of a simulated partition when it runs (FFA_RUN). */
#define FFP_SP_ECHO (1U << 0) /* SET back what VMs set to it */
/* Behaviours of a partition when it gets a direct request (personality
 * optee only: the Hafnium personality serves no direct messages).
 */
#define FFP_SP_OPTEE (1U << 1) /* OP-TEE's own LSP: its FF-A ABI */
#define FFP_SP_SUM (1U << 2) /* OP-TEE's "Test LSP": w3 = w3 + ... + w7 */

/* A simulated secure partition, described as data. */
struct ffp_partition_desc {
	ffp_u16 id; /* bit 15 set */
	ffp_u16 vcpu_count; /* 1..FFP_SPMC_MAX_VCPUS */
	ffp_u8 uuid[16];
	ffp_u32 properties; /* FFP_PART_*; NOTIF_RECV enables notifications */
	ffp_u32 ffa_version; /* e.g. FFP_VERSION_1_1 */
	ffp_u32 behaviour; /* FFP_SP_* */
	/* What the SP binds at boot, with NWd endpoint 0 as the sender. */
	ffp_u64 bind_from_nwd;
	ffp_u64 bind_from_nwd_per_vcpu; /* subset of bind_from_nwd */
	/* FFA_RUN calls answered with FFA_INTERRUPT before the SP runs. */
	ffp_u32 preempt_runs;
	const char *name; /* for traces and listings */
};

/* Bindings and pending state of one receiver for one source world. */
struct ffp_notif_table {
	ffp_u16 sender[FFP_NUM_NOTIFICATIONS]; /* FFP_ID_INVALID if unbound */
	ffp_u64 per_vcpu; /* IDs bound per-vCPU */
	ffp_u64 global_pending;
	ffp_u64 global_retrieved; /* reported by INFO_GET since last GET */
	ffp_u64 vcpu_pending[FFP_SPMC_MAX_VCPUS];
	ffp_u64 vcpu_retrieved[FFP_SPMC_MAX_VCPUS];
};

/* A receiver: an SP, or a NWd VM whose bitmap was created. */
struct ffp_endpoint {
	ffp_u16 id;
	ffp_u16 vcpu_count;
	int exists;
	int enabled; /* bitmap created (VM) or NOTIF_RECV (SP) */
	ffp_u32 ffa_version; /* what BIND checks of a receiver */
	/* A call other than VERSION was served for it: VERSION may no longer
	 * change ffa_version (Hafnium's ffa_version_negotiated).
	 */
	int version_locked;
	struct ffp_notif_table from_sp;
	struct ffp_notif_table from_vm;
};

struct ffp_sp {
	struct ffp_partition_desc desc;
	struct ffp_endpoint ep;
	ffp_u32 preempt_left;
	/* What the SP received when it ran (for tests and demos). */
	ffp_u64 received;
	ffp_u64 received_runs;
	ffp_u64 echo_failures;
	ffp_s32 last_echo_status;
};

struct ffp_spmc_ops {
	/* The SPMC raises the Schedule Receiver Interrupt (SGI 8) on the
	 * current core.  Called with the embedder's lock held: it must only
	 * mark the interrupt pending (irq_work, a flag, an eventfd), never
	 * call back into the model.
	 */
	void (*raise_sri)(void *ctx);
	/* Optional: every call the model served, after it was answered,
	 * including the calls its partitions made.  Same rules as raise_sri.
	 */
	void (*trace)(void *ctx, ffp_u16 caller, const struct ffp_regs *in,
		      const struct ffp_regs *out);
};

/*
 * OP-TEE's notification state (personality optee), thread_spmc.c's
 * struct notif_vm_bitmap for VM 0 (the only one without NS
 * virtualization) and what notif.c and the test watchdog keep.
 */
struct ffp_spmc_optee {
	int initialized; /* BITMAP_CREATE done */
	ffp_s32 async_value; /* do_bottom_half_value; < 0: none */
	ffp_u64 pending;
	ffp_u64 bound; /* one set for the VM, whoever the sender */
	int started; /* notif.c's notif_started: ENABLE_ASYNC_NOTIF seen */
	int wd_enabled; /* the test watchdog's callout is armed */
	ffp_u64 wd_calls; /* watchdog ticks that fired */
};

struct ffp_spmc {
	const struct ffp_spmc_ops *ops;
	void *ctx;
	struct ffp_spmc_config cfg;
	ffp_u32 version; /* the SPMC's FF-A version */
	/* The NWd's (ID 0's) version: until it asks, v1.2 (Hafnium) or
	 * v1.0 (OP-TEE's initial my_rxtx.ffa_vers).
	 */
	ffp_u32 nwd_version;
	int sri_delayed; /* an SP set with delay-SRI; raise on NWd return */
	ffp_u32 n_sps;
	struct ffp_sp sps[FFP_SPMC_MAX_PARTITIONS];
	struct ffp_endpoint vms[FFP_SPMC_MAX_VMS]; /* vms[0] is ID 0 */
	ffp_u64 calls; /* calls served */
	ffp_u64 sris; /* SRIs raised */
	struct ffp_spmc_optee optee; /* personality optee only */
};

/*
 * Set up a model with the given partitions (copied) and personality (cfg
 * may be FFP_NULL: Hafnium).  Each SP binds its bind_from_nwd IDs with
 * sender 0, as a partition would at boot.  Returns 0, or -FFP_EINVAL for a
 * malformed description (ID without bit 15, duplicate ID, vCPU count out
 * of range, too many partitions; with optee, a partition that binds or
 * echoes: OP-TEE's partitions receive no notifications) or config
 * (unknown personality or flag, FFP_SPMC_STRICT with optee, max_cpus out
 * of range).
 */
int ffp_spmc_init(struct ffp_spmc *s, const struct ffp_partition_desc *parts,
		  ffp_u32 n_parts, const struct ffp_spmc_config *cfg,
		  const struct ffp_spmc_ops *ops, void *ctx);

/*
 * Serve one call made by endpoint `caller` (0 for the NWd kernel, an SP ID
 * for a partition).  Any a0..a7 is accepted; unknown functions are
 * answered FFA_ERROR(NOT_SUPPORTED).
 */
void ffp_spmc_call(struct ffp_spmc *s, ffp_u16 caller,
		   const struct ffp_regs *in, struct ffp_regs *out);

/*
 * Whether the personality serves function `fid` at all (the SVE hint and
 * x0[63:32] ignored); what it does not, it answers FFA_ERROR(NOT_SUPPORTED)
 * to the NWd and (Hafnium) SMCCC's unknown (x0 = -1) to a partition,
 * changing nothing.  optee answers every call from a partition
 * NOT_SUPPORTED: OP-TEE's partitions make none.
 */
int ffp_spmc_dispatches(const struct ffp_spmc *s, ffp_u64 fid);

/*
 * Injection: make partition `sp` ring `receiver`.  Hafnium: an
 * FFA_NOTIFICATION_SET issued as that SP, with every check applied.
 * OP-TEE rings only through its one asynchronous notification value: a
 * ring from its own LSP (FFP_SP_OPTEE) of one global ID to VM 0 is
 * ENABLE_ASYNC_NOTIF(that ID) from VM 0, as Linux's optee driver sends
 * it, then one tick of the test watchdog (ffp_spmc_tick()); anything
 * else is INVALID_PARAMETERS.  Returns the FF-A status.
 */
ffp_s32 ffp_spmc_ring(struct ffp_spmc *s, ffp_u16 sp, ffp_u16 receiver,
		      ffp_u32 flags, ffp_u16 vcpu, ffp_u64 bitmap);

/*
 * Time passes: one period of the personality's timers.  OP-TEE: its test
 * watchdog (CFG_NOTIF_TEST_WD, every second once ENABLE_ASYNC_NOTIF
 * started it) sends the asynchronous notification: that ID pends for VM
 * 0 and the SRI is raised.  Hafnium has no such timer.  Returns the
 * number of notifications sent (0 or 1).  The embedder's lock rules are
 * those of ffp_spmc_call().
 */
int ffp_spmc_tick(struct ffp_spmc *s);

/* The partitions every simulator boots with (ffp_spmc_partitions.c). */
extern const struct ffp_partition_desc ffp_spmc_default_partitions[];
extern const ffp_u32 ffp_spmc_default_partition_count;

/* OP-TEE 4.10's logical partitions: "optee" (0x8001, OP-TEE itself) and
 * "test-lsp" (0x8002, its "Test LSP").  OP-TEE's QEMU build registers
 * the first alone (FFP_SPMC_OPTEE_QEMU_PARTITIONS, docs/protocol.md
 * O-BOOT-2): arm.mk builds the Test LSP (core/arch/arm/tests/ffa_lsp.c)
 * only when CFG_TEE_CORE_EMBED_INTERNAL_TESTS is not y, and it is y by
 * default (measured: FFA_RUN of 0x8002 is NOT_SUPPORTED there, no LSP).
 */
#define FFP_SPMC_OPTEE_QEMU_PARTITIONS 1U
extern const struct ffp_partition_desc ffp_spmc_optee_partitions[];
extern const ffp_u32 ffp_spmc_optee_partition_count;

/*
 * The partitions a personality boots with when the embedder names none:
 * ffp_spmc_default_partitions, or with personality optee OP-TEE alone, as
 * its QEMU build registers (FFP_SPMC_OPTEE_QEMU_PARTITIONS).
 * cfg may be FFP_NULL (Hafnium).  Sets *count.
 */
const struct ffp_partition_desc *
ffp_spmc_partitions_for(const struct ffp_spmc_config *cfg, ffp_u32 *count);
/*
 * Every partition a personality knows by name (for the kernel's
 * sim_partitions=): with optee, the Test LSP too.
 */
const struct ffp_partition_desc *
ffp_spmc_partition_catalogue(const struct ffp_spmc_config *cfg, ffp_u32 *count);

/* The partition with this ID, or FFP_NULL. */
struct ffp_sp *ffp_spmc_find_sp(struct ffp_spmc *s, ffp_u16 id);

/* A NWd endpoint with this ID (existing or not), or FFP_NULL. */
struct ffp_endpoint *ffp_spmc_find_vm(struct ffp_spmc *s, ffp_u16 id);

#endif /* FFP_SPMC_H */
