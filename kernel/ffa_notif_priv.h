/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ffa_notif.ko internals: the device, for the glue (ffa_notif_main.c) and
 * the netlink family (ffa_notif_netlink.c).
 *
 * The glue owns /dev/ffa-notif and one hub of the protocol core
 * (protocol/ffp_hub.c), which holds every uAPI rule.  The backends see
 * only the part of the device in ffa_notif_backend.h (nd->be).
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
#include "ffa_notif_backend.h"

#define FFA_NOTIF_NAME "ffa-notif"

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
	struct ffa_notif_be be; /* filled by backend->start */

	struct ffp_hub_provider_ops glue_prov; /* what the hub calls */
	atomic64_t sent; /* SETs issued through the device */
	struct miscdevice misc;
	struct ffa_notif_monitor *mon; /* ffa_notif_netlink.c */
};

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

#endif /* FFA_NOTIF_PRIV_H */
