/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * Driver side of FF-A v1.1 notifications: what Linux's arm_ffa gained in
 * 6.7 (the 12-patch series), independent of how a call reaches firmware.
 *
 * The embedder supplies a conduit (one call: a0..a7 in, a0..a7 out; an SMC,
 * an HVC, or the SPMC model) and two locks:
 *  - the table lock (lock/unlock) guards the core's tables for a few
 *    loads and stores at a time.  It may be taken from any context (in the
 *    kernel a spinlock with interrupts off, since callbacks look up their
 *    notifier from interrupt work) and is never held across a call to
 *    firmware, so that firmware time never becomes interrupts-off time.
 *  - the call lock (call_lock/call_unlock) serialises BIND, UNBIND and GET
 *    with the table updates that go with them, so that what a GET fetches
 *    belongs to the notifiers bound when it was issued.  It is held across
 *    those three calls and may sleep (a mutex in the kernel): BIND, UNBIND
 *    and GET are therefore only issued where the caller may sleep.
 *    INFO_GET, SET and RUN are issued without either lock.
 * Neither is held while a callback runs: a callback's pointers are copied
 * under the table lock and called after it is dropped (the lesson of the
 * 2026 arm_ffa use-after-free fix), one notification at a time so that the
 * stack stays small.  The call lock is always taken before the table lock.
 */
#ifndef FFP_DRIVER_H
#define FFP_DRIVER_H

#include "ffp_abi.h"

#define FFP_DRV_MAX_SCHED_CBS 16

/* A notification arrived: ID, its sender, and the vCPU if per-vCPU. */
typedef void (*ffp_notify_cb)(int id, ffp_u16 sender, int per_vcpu,
			      ffp_u16 vcpu, void *data);
/* A partition needs CPU cycles on a vCPU (or globally). */
typedef void (*ffp_sched_cb)(ffp_u16 part_id, ffp_u16 vcpu, int per_vcpu,
			     void *data);

struct ffp_drv_ops {
	void (*call)(void *ctx, const struct ffp_regs *in,
		     struct ffp_regs *out);
	/* The table lock: returns what its unlock takes back. */
	ffp_irqflags (*lock)(void *ctx);
	void (*unlock)(void *ctx, ffp_irqflags flags);
	/* The call lock: held across BIND, UNBIND and GET; may sleep. */
	void (*call_lock)(void *ctx);
	void (*call_unlock)(void *ctx);
};

struct ffp_drv_notifier {
	ffp_notify_cb cb;
	void *data;
	ffp_u16 sender;
	int per_vcpu;
	ffp_u64 epoch; /* drv->bind_epoch when it was bound */
};

struct ffp_drv_sched {
	ffp_sched_cb cb;
	void *data;
	ffp_u16 part_id;
};

struct ffp_drv_stats {
	ffp_u64 sri_handled; /* INFO_GET loops run */
	ffp_u64 info_get_calls;
	ffp_u64 info_get_errors; /* other than NO_DATA */
	ffp_u64 info_get_malformed; /* responses that had to be clamped */
	ffp_u64 get_calls;
	ffp_u64 get_errors; /* GETs refused: their notifications wait */
	ffp_u64 delivered; /* notifier callbacks run */
	ffp_u64 unclaimed; /* bits whose notifier is gone (or newer than the
			     * GET that fetched them): counted, dropped */
	ffp_u64 framework; /* framework bits (not handled) */
	ffp_u64 sched_unknown; /* INFO_GET IDs without a scheduler cb */
	ffp_u64 runs; /* FFA_RUN issued, including re-issues */
	ffp_u64 interrupts; /* FFA_INTERRUPT answers to FFA_RUN */
	ffp_u64 run_errors; /* FFA_RUN of a scheduler callback refused */
	ffp_u64 sri_deferred; /* SRIs taken while the handler ran: it ran
			       * once more instead (ffp_drv_sri) */
};

struct ffp_drv {
	const struct ffp_drv_ops *ops;
	void *ctx;
	ffp_u32 version; /* negotiated FF-A version */
	ffp_u16 own_id; /* from FFA_ID_GET */
	ffp_u16 vcpu_count; /* given to BITMAP_CREATE */
	int bitmap_created; /* we created it, we destroy it */
	int notif_enabled; /* SRI reported: notifications usable */
	ffp_u32 sri_intid;
	int info_get_64; /* INFO_GET_64 offered (else the SMC32 one) */
	ffp_u32 get_flags; /* SP|SPM for ID 0, all four for a VM */
	/* Notifiers per ID per source world: [0] from VMs, [1] from SPs. */
	struct ffp_drv_notifier notifiers[2][FFP_NUM_NOTIFICATIONS];
	struct ffp_drv_sched sched[FFP_DRV_MAX_SCHED_CBS];
	ffp_u64 bind_epoch; /* counts successful BINDs */
	/* ffp_drv_sri, under the table lock: an SRI came since the running
	 * handler started; a handler is running.
	 */
	int sri_pending;
	int sri_running;
	struct ffp_drv_stats stats;
};

/*
 * Bring up the driver side: FFA_VERSION (v1.1 asked, v1.1+ required),
 * FFA_ID_GET, FFA_FEATURES for BITMAP_CREATE (created only if offered, for
 * `vcpu_count` vCPUs), for INFO_GET_64 and for the SRI.  Returns 0 or a
 * negative errno; with -FFP_EOPNOTSUPP notifications are not available
 * (no SRI, or an FF-A v1.0 firmware) and nothing was left created.
 */
int ffp_drv_init(struct ffp_drv *drv, const struct ffp_drv_ops *ops, void *ctx,
		 ffp_u16 vcpu_count);

/* Destroy the bitmap if init created it.  Returns 0 or a negative errno
 * (DENIED while something is still pending: GET first).
 */
int ffp_drv_fini(struct ffp_drv *drv);

/*
 * Bind notification `id` from `sender` (the partner that will SET it) to
 * this endpoint, and call `cb` when it arrives.  -FFP_EACCES when the
 * firmware refuses (ID bound already, by anyone), -FFP_EEXIST when this
 * driver already has a notifier for (id, world) (checked before the
 * firmware is asked), -FFP_EINVAL for an ID >= 64.
 */
int ffp_drv_notify_request(struct ffp_drv *drv, ffp_u16 sender, int per_vcpu,
			   int id, ffp_notify_cb cb, void *data);

/*
 * Unbind `id` from `sender`.  If the firmware refuses because the ID is
 * pending, its notifications are fetched and dispatched (GET on every
 * vCPU) and the unbind retried.  -FFP_ENOENT when there is no notifier.
 * A notification another thread fetched with GET just before may then
 * find no notifier: it is counted in stats.unclaimed, and never given to a
 * notifier bound after that GET (which may be another sender's).
 */
int ffp_drv_notify_relinquish(struct ffp_drv *drv, ffp_u16 sender, int id);

/* SET `id` for `receiver`, from this endpoint. */
int ffp_drv_notify_send(struct ffp_drv *drv, ffp_u16 receiver, int id,
			int per_vcpu, ffp_u16 vcpu);

/* SET a whole bitmap at once (the same call, several IDs). */
int ffp_drv_notify_send_bitmap(struct ffp_drv *drv, ffp_u16 receiver,
			       ffp_u64 bitmap, int per_vcpu, ffp_u16 vcpu);

int ffp_drv_sched_cb_register(struct ffp_drv *drv, ffp_u16 part_id,
			      ffp_sched_cb cb, void *data);
int ffp_drv_sched_cb_unregister(struct ffp_drv *drv, ffp_u16 part_id);

/*
 * A ready scheduler callback: give the partition the cycles it asked for
 * with FFA_RUN on the listed vCPU (vCPU 0 for a global entry).  `data` is
 * the struct ffp_drv.  Register it for each partition whose notifications
 * this endpoint's scheduler serves.
 */
void ffp_drv_sched_run(ffp_u16 part_id, ffp_u16 vcpu, int per_vcpu, void *data);

/*
 * FFA_RUN a partition's vCPU.  When the firmware answers FFA_INTERRUPT the
 * run is re-issued with the w1 of that answer, until it answers anything
 * else.  FFA_ERROR gives its errno; any other answer (MSG_WAIT, YIELD) 0.
 */
int ffp_drv_run(struct ffp_drv *drv, ffp_u16 part_id, ffp_u16 vcpu);

/*
 * What the Schedule Receiver Interrupt triggers: INFO_GET until the
 * firmware has nothing more pending; for each list, this endpoint's own
 * entries are fetched with GET (global, or per listed vCPU) and their
 * notifier callbacks run; other partitions' scheduler callbacks run.
 * Returns the number of notifier callbacks run, or a negative errno for a
 * firmware error other than NO_DATA, or for a GET the firmware refused:
 * INFO_GET reports a notification once, so the embedder must call again
 * (later) or its notifications stay pending.
 */
int ffp_drv_handle_sri(struct ffp_drv *drv);

/*
 * A Schedule Receiver Interrupt arrived: what an embedder's interrupt path
 * calls, as a level-triggered line behaves.  If no handler is running,
 * this one runs ffp_drv_handle_sri, again for as long as SRIs came while
 * it ran; if one is running (another thread's, or this thread's own from
 * inside a callback), the SRI is left pending for it and this returns 0
 * at once.  So the handler never runs twice at the same time nor
 * recursively, and SRIs that come while it runs cost one more run, not
 * one each.  Called without any of the embedder's locks held, where
 * ffp_drv_handle_sri may run (it may sleep).  Returns what the runs
 * delivered, or the first negative errno of one of them (the caller
 * retries, as for ffp_drv_handle_sri).
 */
int ffp_drv_sri(struct ffp_drv *drv);

/*
 * GET this endpoint's notifications for `vcpu` (the global ones and that
 * vCPU's) and run their callbacks: the per-vCPU self handler, and what a
 * Notification Pending Interrupt triggers.  Returns callbacks run, or a
 * negative errno.
 */
int ffp_drv_get_and_dispatch(struct ffp_drv *drv, ffp_u16 vcpu);

#endif /* FFP_DRIVER_H */
