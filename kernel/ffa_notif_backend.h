/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ffa_notif.ko: the seam between the device glue (ffa_notif_main.c) and
 * its backends (arm_ffa, native, sim).  All a backend sees of the device.
 *
 * A backend brings up FF-A notifications its way, describes the result in
 * be->info, gives the hub a provider (bind, unbind, set, and sim_ring for
 * the simulator) in be->prov, and reports each arriving notification with
 * ffa_notif_deliver(), from any context.
 */
#ifndef FFA_NOTIF_BACKEND_H
#define FFA_NOTIF_BACKEND_H

#include <linux/spinlock.h>
#include <linux/types.h>

#include <linux/ffa_notif.h>

#include "../protocol/ffp_hub.h"

/*
 * Backends this kernel can build.  Kbuild defines
 * FFA_NOTIF_ARM_FFA_HAS_NOTIFIER_OPS where <linux/arm_ffa.h> has them
 * (6.7 and later, or a backport): the feature, not a version number.
 */
#if IS_ENABLED(CONFIG_ARM_FFA_TRANSPORT) && \
	defined(FFA_NOTIF_ARM_FFA_HAS_NOTIFIER_OPS)
#define FFA_NOTIF_HAVE_ARM_FFA 1
#endif
#if IS_ENABLED(CONFIG_ARM64) && IS_ENABLED(CONFIG_HAVE_ARM_SMCCC_DISCOVERY)
#define FFA_NOTIF_HAVE_NATIVE 1
#endif

/* A partition, as a backend describes it. */
struct ffa_notif_part {
	u16 id;
	u16 vcpu_count;
	u32 properties; /* FF-A partition properties (bit 3: NOTIF_RECV) */
	u8 uuid[16];
	const char *name; /* NULL where the backend does not know one */
};

/* Called for each partition; a non-zero return stops the walk. */
typedef int (*ffa_notif_part_fn)(void *arg, const struct ffa_notif_part *p);

/* Counters a backend keeps beside the hub's. */
struct ffa_notif_backend_stats {
	u64 sri; /* Schedule Receiver Interrupts handled */
	u64 fw_errors; /* INFO_GET, GET or RUN refused by the firmware */
};

/* The device as its backend sees it (nd->be): filled by start. */
struct ffa_notif_be {
	struct ffa_notif_info info;
	struct ffp_hub_provider_ops prov;
	void *prov_ctx;
	void *backend_priv;
};

struct ffa_notif_backend_ops {
	const char *name;
	u32 id; /* FFA_NOTIF_BACKEND_* */
	/*
	 * Bring notifications up.  Fill be->info (ffa_version, own_id,
	 * vcpu_count, sri_intid; FFA_NOTIF_FEAT_PER_VCPU where the firmware
	 * does per-vCPU), be->prov and be->prov_ctx.  May sleep.  0 or a
	 * negative errno, with nothing left behind.
	 */
	int (*start)(struct ffa_notif_be *be);
	/* Undo start.  Nothing is bound any more; may sleep. */
	void (*stop)(struct ffa_notif_be *be);
	/* Walk the partitions (process context, may sleep). */
	int (*for_each_partition)(struct ffa_notif_be *be,
				  ffa_notif_part_fn fn, void *arg);
	void (*get_stats)(struct ffa_notif_be *be,
			  struct ffa_notif_backend_stats *st);
};

/*
 * A notification arrived for `id` from `sender` (any context; the caller
 * holds none of our locks).  Queues it to the file holding the ID; the
 * monitor group hears of it through the hub's observe hook.
 */
void ffa_notif_deliver(struct ffa_notif_be *be, int id, u16 sender,
		       bool per_vcpu, u16 vcpu);

/*
 * Every spinlock of the module that notifications take (the hub's, the
 * driver side's tables) is taken with interrupts off, since arrivals come
 * from interrupt work.  One helper for all, returning the saved flags so
 * that each lock and its unlock stay in one function, visible to lockdep
 * and sparse, and so that the protocol core's lock ops can hand them back.
 */
static inline unsigned long ffa_notif_irq_lock(spinlock_t *lock)
	__acquires(lock)
{
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	return flags;
}

static inline void ffa_notif_irq_unlock(spinlock_t *lock, unsigned long flags)
	__releases(lock)
{
	spin_unlock_irqrestore(lock, flags);
}

/* Backends (each exists when its FFA_NOTIF_HAVE_* is set, sim always). */
extern const struct ffa_notif_backend_ops ffa_notif_sim_backend;
extern const struct ffa_notif_backend_ops ffa_notif_native_backend;
extern const struct ffa_notif_backend_ops ffa_notif_arm_ffa_backend;

/* Whether the arm_ffa core is up (it registered at least one partition). */
bool ffa_notif_arm_ffa_present(void);
/*
 * Walk arm_ffa's partition devices, all but `skip_id` (the host's own);
 * process context; stops at fn's first non-zero return and returns it.
 * In ffa_notif_arm_ffa.c beside ffa_notif_arm_ffa_present().
 */
int ffa_notif_arm_ffa_walk(u16 skip_id, ffa_notif_part_fn fn, void *arg);
/* The FF-A version arm_ffa negotiated with the firmware (major << 16 |
 * minor), or 0 where it has no device (or is not built).
 */
u32 ffa_notif_arm_ffa_version(void);
#if IS_ENABLED(CONFIG_ARM_FFA_TRANSPORT) && \
	!defined(FFA_NOTIF_ARM_FFA_HAS_NOTIFIER_OPS)
#include <linux/device.h>
/*
 * Exported by arm_ffa from the start, declared by its header from 6.7.
 * Typed as a device's bus is, so as the bus API of that kernel takes it.
 */
extern typeof(*((struct device *)NULL)->bus) ffa_bus_type;
#endif

/* Module parameter of the sim backend: which partitions to simulate. */
extern char *ffa_notif_sim_partitions;

#endif /* FFA_NOTIF_BACKEND_H */
