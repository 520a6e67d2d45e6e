/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ffa_notif.ko, native backend: what its three files share.  The context
 * of one started backend, and each file's entry points:
 * ffa_notif_native.c (conduit, locks, provider, start and stop),
 * ffa_notif_native_sri.c (the SRI, its worker, retries, cycles) and
 * ffa_notif_native_rxtx.c (RX/TX buffers, partition discovery).
 */
#ifndef FFA_NOTIF_NATIVE_H
#define FFA_NOTIF_NATIVE_H

#include <linux/arm-smccc.h>
#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "../protocol/ffp_driver.h"
#include "ffa_notif_backend.h"

typedef void (*nb_smccc_fn)(const struct arm_smccc_1_2_regs *args,
			    struct arm_smccc_1_2_regs *res);

struct nb_ctx {
	struct ffa_notif_be *be;
	struct ffp_drv drv;
	spinlock_t lock; /* the core's table lock: never held over a call */
	struct mutex call_lock; /* the core's call lock: BIND, UNBIND, GET */
	nb_smccc_fn smccc;

	/* Schedule Receiver Interrupt */
	int irq;
	struct nb_ctx * __percpu *irq_ctx;
	int cpuhp_state;
	struct hlist_node cpuhp_node;
	struct workqueue_struct *wq; /* ordered: one handler at a time */
	struct work_struct sri_work;
	struct delayed_work retry_work;
	unsigned int retries; /* retry_work only */
	bool stopping;
	atomic64_t sri;
	atomic64_t run_errors;

	/* RX/TX buffers, where arm_ffa does not own them */
	void *tx;
	void *rx;
	size_t rxtx_size;
	bool rxtx_mapped;

	/* Partitions: arm_ffa's bus, or our PARTITION_INFO_GET */
	bool arm_ffa_bus;
	struct ffa_notif_part *parts;
	unsigned int n_parts;
	u16 sched_ids[FFP_DRV_MAX_SCHED_CBS];
	unsigned int n_sched;
};

/* ffa_notif_native.c: one SMCCC call on the conduit nb_start picked. */
void nb_call(void *ctx, const struct ffp_regs *in, struct ffp_regs *out);
/* Issue a call that answers SUCCESS or ERROR: 0 or a negative errno. */
int nb_call_status(struct nb_ctx *c, const struct ffp_regs *in,
		   struct ffp_regs *out);

/* ffa_notif_native_sri.c */
/* GET (and dispatch) every vCPU of ours, each on its own CPU if online. */
int nb_get_all(struct nb_ctx *c);
/* c->sri_work and c->retry_work. */
void nb_sri_work(struct work_struct *work);
void nb_retry_work(struct work_struct *work);
/* Map, request and enable the SRI on every online CPU; and undo it. */
int nb_sri_setup(struct nb_ctx *c);
void nb_sri_teardown(struct nb_ctx *c);
/* A scheduler callback (FFA_RUN on SRI) for each partition, and none. */
void nb_sched_register(struct nb_ctx *c);
void nb_sched_unregister(struct nb_ctx *c);

/* ffa_notif_native_rxtx.c */
/* Map RX/TX buffers of the size the firmware asks for; and unmap them. */
int nb_rxtx_map(struct nb_ctx *c);
void nb_rxtx_unmap(struct nb_ctx *c);
/* PARTITION_INFO_GET for every partition, into c->parts. */
int nb_discover(struct nb_ctx *c);

#endif /* FFA_NOTIF_NATIVE_H */
