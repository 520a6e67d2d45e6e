/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ffa_notif.ko internals: the device, and the seam between the device glue
 * and its backends (arm_ffa, native, sim).
 *
 * The glue (ffa_notif_main.c) owns /dev/ffa-notif and one hub of the
 * protocol core (protocol/ffp_hub.c), which holds every uAPI rule.  A
 * backend brings up FF-A notifications its way, describes the result in
 * nd->info, gives the hub a provider (bind, unbind, set, and sim_ring for
 * the simulator), and reports each arriving notification with
 * ffa_notif_deliver(), from any context.
 */
#ifndef FFA_NOTIF_PRIV_H
#define FFA_NOTIF_PRIV_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include <linux/ffa_notif.h>
#include <linux/ffa_notif_netlink.h>

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

#define FFA_NOTIF_NAME "ffa-notif"

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

struct ffa_notif_dev;

struct ffa_notif_backend_ops {
	const char *name;
	u32 id; /* FFA_NOTIF_BACKEND_* */
	/*
	 * Bring notifications up.  Fill nd->info (ffa_version, own_id,
	 * vcpu_count, sri_intid; FFA_NOTIF_FEAT_PER_VCPU where the firmware
	 * does per-vCPU), nd->prov and nd->prov_ctx.  May sleep.  0 or a
	 * negative errno, with nothing left behind.
	 */
	int (*start)(struct ffa_notif_dev *nd);
	/* Undo start.  Nothing is bound any more; may sleep. */
	void (*stop)(struct ffa_notif_dev *nd);
	/* Walk the partitions (process context, may sleep). */
	int (*for_each_partition)(struct ffa_notif_dev *nd,
				  ffa_notif_part_fn fn, void *arg);
	void (*get_stats)(struct ffa_notif_dev *nd,
			  struct ffa_notif_backend_stats *st);
};

/* One open file of /dev/ffa-notif. */
struct ffa_notif_file {
	struct ffp_hub_session hs; /* under nd->lock */
	struct ffa_notif_dev *nd;
	struct list_head node; /* nd->files, under nd->lock */
	wait_queue_head_t wait;
	struct mutex read_lock; /* serialises readers over bounce[] */
	struct ffa_notif_event bounce[16];
	u64 file_id;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
};

struct ffa_notif_dev {
	/* The hub's lock: taken from any context, interrupts off. */
	spinlock_t lock;
	struct ffp_hub hub;
	struct list_head files;
	u64 next_file_id;

	const struct ffa_notif_backend_ops *backend;
	void *backend_priv;
	struct ffa_notif_info info; /* filled by backend->start */
	struct ffp_hub_provider_ops prov; /* filled by backend->start */
	void *prov_ctx;

	struct ffp_hub_provider_ops glue_prov; /* what the hub calls */
	atomic64_t sent; /* SETs issued through the device */
	struct miscdevice misc;
	struct ffa_notif_monitor *mon; /* ffa_notif_netlink.c */
};

/*
 * A notification arrived for `id` from `sender` (any context; the caller
 * holds none of our locks).  Queues it to the file holding the ID; the
 * monitor group hears of it through the hub's observe hook.
 */
void ffa_notif_deliver(struct ffa_notif_dev *nd, int id, u16 sender,
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

/* The hub's lock, for the glue and the netlink family. */
static inline unsigned long ffa_notif_lock(struct ffa_notif_dev *nd)
	__acquires(&nd->lock)
{
	return ffa_notif_irq_lock(&nd->lock);
}

static inline void ffa_notif_unlock(struct ffa_notif_dev *nd,
				    unsigned long flags)
	__releases(&nd->lock)
{
	ffa_notif_irq_unlock(&nd->lock, flags);
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

/* Generic netlink family (ffa_notif_netlink.c). */
int ffa_notif_genl_init(struct ffa_notif_dev *nd);
void ffa_notif_genl_exit(void);
/*
 * Tell the monitor group (any context, any lock: it only queues; a worker
 * sends).  What cannot be queued is counted and reported by GET_INFO.
 */
void ffa_notif_genl_event(struct ffa_notif_dev *nd, u32 kind, u64 bitmap,
			  u16 sender, u16 receiver, u16 vcpu, u32 flags,
			  u64 timestamp, pid_t pid, u64 file_id);

#endif /* FFA_NOTIF_PRIV_H */
