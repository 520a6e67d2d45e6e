/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * The hub: what an open /dev/ffa-notif file means, implemented once.
 *
 * It validates every request of include/uapi/linux/ffa_notif.h (reserved
 * words, flags, IDs), keeps which file holds which notification ID, binds
 * and unbinds through a provider (the core's driver side, or Linux's
 * arm_ffa notifier ops), queues arriving notifications per file with the
 * coalescing and overflow rules of the uAPI header, and answers reads.
 *
 * Used unchanged by the kernel module (one hub per device) and by
 * libffanotif's simulator backend.  This file, unlike the rest of the core,
 * includes one header: the project's own uAPI header (and through it
 * <linux/types.h>, which needs no libc and no kernel internals).
 *
 * Locking: the embedder's lock protects hub and session state; it is never
 * held across a provider call (those may sleep: arm_ffa's notify_request
 * allocates), nor across env->wake, and never while a callback of the
 * embedder's users runs.
 */
#ifndef FFP_HUB_H
#define FFP_HUB_H

#include "ffp_types.h"
#include <linux/ffa_notif.h>

struct ffp_hub;
struct ffp_hub_session;
struct ffp_drv;

/* Where bindings are made and notifications sent. */
struct ffp_hub_provider_ops {
	/* Bind one ID; on success, arrivals come through ffp_hub_deliver. */
	int (*bind)(struct ffp_hub *hub, void *ctx, ffp_u16 sender, int id,
		    int per_vcpu);
	int (*unbind)(struct ffp_hub *hub, void *ctx, ffp_u16 sender, int id);
	int (*set)(struct ffp_hub *hub, void *ctx, ffp_u16 receiver,
		   ffp_u64 bitmap, int per_vcpu, ffp_u16 vcpu);
	/* Optional (simulator only): partition `sender` rings us. */
	int (*sim_ring)(struct ffp_hub *hub, void *ctx, ffp_u16 sender,
			ffp_u64 bitmap, int per_vcpu, ffp_u16 vcpu);
	/* Optional (simulator only): fill in which SPMC the model is. */
	int (*sim_info)(struct ffp_hub *hub, void *ctx,
			struct ffa_notif_sim_info *out);
};

/* What the embedder provides: a lock, clocks, a wake-up, queue storage. */
struct ffp_hub_env_ops {
	/* Returns what unlock takes back (a kernel's saved IRQ flags). */
	ffp_irqflags (*lock)(void *ctx);
	void (*unlock)(void *ctx, ffp_irqflags flags);
	/*
	 * Now on `clock` (FFA_NOTIF_CLOCK_*, always one the hub accepted), in
	 * nanoseconds.  FFA_NOTIF_CLOCK_MONOTONIC is read without the lock,
	 * the others (a file's choice) under it: it must not sleep.
	 */
	ffp_u64 (*now_ns)(void *ctx, ffp_u32 clock);
	/*
	 * A session became readable: its queue went from empty to not
	 * empty, once per such change (events joining a queue that has some
	 * wake no one).  Called after the lock is dropped, from where the
	 * arrival came (any context: it must not sleep); it may call into
	 * the hub.  It may run while ffp_hub_session_release of `s` runs,
	 * never after it returned: release waits for a wake in flight.
	 */
	void (*wake)(void *ctx, struct ffp_hub_session *s);
	/*
	 * Optional: called by ffp_hub_session_release, without the lock,
	 * between looks at a wake of the session still in flight.  Its
	 * waker may have been preempted just after dropping the lock, so
	 * this should let it run (a short sleep, sched_yield()); it may
	 * sleep.  NULL: the lock is dropped and taken again, nothing more.
	 */
	void (*relax)(void *ctx);
	/*
	 * Optional: every arrival, claimed by session `s` or not (NULL), for
	 * monitoring.  Called under the lock, after the event is queued: it
	 * must not sleep and must not call into the hub.
	 */
	void (*observe)(void *ctx, struct ffp_hub_session *s, int id,
			ffp_u16 sender, int per_vcpu, ffp_u16 vcpu,
			ffp_u64 now);
	/*
	 * Optional: storage for a queue of `n` events, deeper than the
	 * session's inline one (FFA_NOTIF_IOC_SET_FILE_CONFIG), and its
	 * release.  Called without the lock, from ffp_hub_ioctl and
	 * ffp_hub_session_release (where the embedder may sleep); NULL: no
	 * memory.  Without them, depths above FFP_HUB_INLINE_DEPTH are
	 * ENOMEM.
	 */
	struct ffa_notif_event *(*queue_alloc)(void *ctx, ffp_u32 n);
	void (*queue_free)(void *ctx, struct ffa_notif_event *q);
};

#define FFP_HUB_ID_FREE 0
#define FFP_HUB_ID_BINDING 1
#define FFP_HUB_ID_BOUND 2
#define FFP_HUB_ID_UNBINDING 3
/* Its file is closed but the provider refused the unbind: no file holds
 * it; the next BIND of the ID retries the unbind first (else EBUSY).
 */
#define FFP_HUB_ID_ORPHANED 4

/* Depths up to this use the session's own array; deeper, the embedder's. */
#define FFP_HUB_INLINE_DEPTH FFA_NOTIF_QUEUE_DEPTH

struct ffp_hub_session {
	struct ffp_hub *hub;
	void *priv; /* the embedder's */
	ffp_u64 bound;
	ffp_u32 head;
	ffp_u32 count;
	ffp_u64 seqno;
	ffp_u32 dropped_unreported;
	ffp_u32 depth; /* of the queue: 1..FFA_NOTIF_QUEUE_DEPTH_MAX */
	ffp_u32 clock; /* FFA_NOTIF_CLOCK_* of the timestamps */
	/* Deliveries that dropped the lock to call env->wake and have not
	 * taken it back: release waits for none to be left.
	 */
	ffp_u32 waking;
	struct ffa_notif_stats stats;
	/* env->queue_alloc's, when depth > FFP_HUB_INLINE_DEPTH, else NULL */
	struct ffa_notif_event *ext;
	struct ffa_notif_event queue[FFP_HUB_INLINE_DEPTH];
};

struct ffp_hub_stats {
	ffp_u64 delivered; /* notifications queued to a session */
	ffp_u64 unclaimed; /* arrived for an ID no session holds (or one
			    * still being bound) */
	ffp_u64 release_failures; /* unbinds refused at close (orphans) */
};

struct ffp_hub {
	const struct ffp_hub_provider_ops *prov;
	void *prov_ctx;
	const struct ffp_hub_env_ops *env;
	void *env_ctx;
	struct ffa_notif_info info; /* filled by the embedder, see init */
	struct ffp_hub_session *owner[FFA_NOTIF_MAX_IDS];
	ffp_u16 sender[FFA_NOTIF_MAX_IDS];
	ffp_u8 state[FFA_NOTIF_MAX_IDS];
	struct ffp_hub_stats stats;
};

/*
 * Set up a hub.  `info` describes the backend (ffa_version, backend,
 * own_id, vcpu_count, sri_intid, and FFA_NOTIF_FEAT_PER_VCPU if the
 * firmware does per-vCPU); the hub completes api_version, max_ids,
 * queue_depth and the features it implements.
 */
void ffp_hub_init(struct ffp_hub *hub, const struct ffp_hub_provider_ops *prov,
		  void *prov_ctx, const struct ffp_hub_env_ops *env,
		  void *env_ctx, const struct ffa_notif_info *info);
/*
 * Describe the backend once it is up (what GET_INFO answers).  An embedder
 * whose backend may deliver while it starts inits the hub first, with an
 * empty description, and sets it after: arrivals before find no file and
 * are counted as unclaimed.
 */
void ffp_hub_set_info(struct ffp_hub *hub, const struct ffa_notif_info *info);

void ffp_hub_session_init(struct ffp_hub *hub, struct ffp_hub_session *s,
			  void *priv);

/* Close: unbind everything the session holds, give back its queue's
 * storage (env->queue_free).  Cannot fail; refusals by the provider are
 * counted in hub->stats.release_failures.
 */
void ffp_hub_session_release(struct ffp_hub_session *s);

/* A simulator's answer to FFA_NOTIF_IOC_GET_SIM_INFO (name truncated to
 * fit, NUL-terminated).
 */
void ffp_hub_sim_info_fill(struct ffa_notif_sim_info *out,
			   const char *personality, ffp_u32 cpus,
			   ffp_u32 partitions);

/*
 * The size of the argument of ioctl `cmd` when `cmd` is one of the uAPI's
 * (direction, type, number and size all match), else 0: the caller then
 * answers ENOTTY without touching the argument.
 */
ffp_u32 ffp_hub_ioctl_size(unsigned int cmd);

/*
 * The same for this hub: 0 also for the simulator-only commands
 * (FFA_NOTIF_IOC_SIM_RING, FFA_NOTIF_IOC_GET_SIM_INFO) when its provider
 * is firmware, so that they are refused with ENOTTY as unknown ones are,
 * before the argument is read.
 */
ffp_u32 ffp_hub_cmd_size(const struct ffp_hub *hub, unsigned int cmd);

/*
 * One ioctl of the uAPI on a session, with `arg` already in the caller's
 * memory (the kernel copies in before and out after).  Returns 0 or a
 * negative errno: -FFP_ENOTTY for an unknown command, -FFP_EINVAL for bad
 * input (and nothing changed).  Called without the lock, where the
 * provider's calls and env->queue_alloc may sleep.
 */
long ffp_hub_ioctl(struct ffp_hub_session *s, unsigned int cmd, void *arg);

/*
 * Take up to `max` queued events, oldest first.  Returns how many.  The
 * first carries in `dropped` what overflow cost since the last read.
 */
ffp_u32 ffp_hub_read(struct ffp_hub_session *s, struct ffa_notif_event *out,
		     ffp_u32 max);

/*
 * The same, and how many events are still queued after it, under the same
 * lock: what a reader needs to re-arm its wake-up without asking again.
 * `left` may be NULL.
 */
ffp_u32 ffp_hub_read_left(struct ffp_hub_session *s,
			  struct ffa_notif_event *out, ffp_u32 max,
			  ffp_u32 *left);

/* Whether an event is queued (for poll; takes the lock). */
int ffp_hub_readable(struct ffp_hub_session *s);

/*
 * A notification arrived from the provider (any context: the lock must be
 * usable there).  Queues it to the session holding `id`.
 */
void ffp_hub_deliver(struct ffp_hub *hub, int id, ffp_u16 sender, int per_vcpu,
		     ffp_u16 vcpu);

/*
 * A provider over the core's driver side: prov_ctx is a struct ffp_drv
 * whose notifier callbacks feed ffp_hub_deliver.
 */
extern const struct ffp_hub_provider_ops ffp_hub_drv_provider;

#endif /* FFP_HUB_H */
