// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The hub: per-file semantics of include/uapi/linux/ffa_notif.h.
 * See ffp_hub.h.
 */
#include "ffp_hub.h"
#include "ffp_abi.h"
#include "ffp_driver.h"

_Static_assert(sizeof(struct ffa_notif_info) % 8 == 0, "uAPI size");
_Static_assert(sizeof(struct ffa_notif_binding) % 8 == 0, "uAPI size");
_Static_assert(sizeof(struct ffa_notif_set_req) % 8 == 0, "uAPI size");
_Static_assert(sizeof(struct ffa_notif_sim_ring) % 8 == 0, "uAPI size");
_Static_assert(sizeof(struct ffa_notif_sim_info) % 8 == 0, "uAPI size");
_Static_assert(sizeof(struct ffa_notif_event) == 64, "uAPI size");
_Static_assert(sizeof(struct ffa_notif_stats) % 8 == 0, "uAPI size");
_Static_assert(sizeof(struct ffa_notif_file_config) % 8 == 0, "uAPI size");
_Static_assert(FFA_NOTIF_MAX_IDS == FFP_NUM_NOTIFICATIONS, "64 IDs");
_Static_assert(FFA_NOTIF_QUEUE_DEPTH >= FFA_NOTIF_MAX_IDS,
	       "global notifications must never overflow a queue");
_Static_assert(FFA_NOTIF_QUEUE_DEPTH <= FFA_NOTIF_QUEUE_DEPTH_MAX &&
		       FFA_NOTIF_QUEUE_DEPTH_MAX <= 0xffffU,
	       "queue depths");

#define HUB_FEATURES (FFA_NOTIF_FEAT_STATS | FFA_NOTIF_FEAT_FILE_CONFIG)

static ffp_irqflags hub_lock(struct ffp_hub *hub)
{
	return hub->env->lock(hub->env_ctx);
}

static void hub_unlock(struct ffp_hub *hub, ffp_irqflags flags)
{
	hub->env->unlock(hub->env_ctx, flags);
}

static int all_zero(const void *p, ffp_size n)
{
	const ffp_u8 *b = p;

	while (n--)
		if (*b++)
			return 0;
	return 1;
}

/* A partition ID the normal world may bind from or ring. */
static int valid_partition_id(__u32 id)
{
	return id <= 0xffffU && FFP_ID_IS_SP(id) && id != FFP_ID_SPMC &&
	       id != FFP_ID_SPMD;
}

void ffp_hub_init(struct ffp_hub *hub, const struct ffp_hub_provider_ops *prov,
		  void *prov_ctx, const struct ffp_hub_env_ops *env,
		  void *env_ctx, const struct ffa_notif_info *info)
{
	ffp_mem_zero(hub, sizeof(*hub));
	hub->prov = prov;
	hub->prov_ctx = prov_ctx;
	hub->env = env;
	hub->env_ctx = env_ctx;
	ffp_hub_set_info(hub, info);
}

void ffp_hub_set_info(struct ffp_hub *hub, const struct ffa_notif_info *info)
{
	struct ffa_notif_info in = *info;
	ffp_irqflags fl;

	in.api_version = FFA_NOTIF_API_VERSION;
	in.max_ids = FFA_NOTIF_MAX_IDS;
	in.queue_depth = FFA_NOTIF_QUEUE_DEPTH;
	in.features &= FFA_NOTIF_FEAT_PER_VCPU;
	in.features |= HUB_FEATURES;
	if (hub->prov->sim_ring)
		in.features |= FFA_NOTIF_FEAT_SIM_RING;
	if (hub->prov->sim_info)
		in.features |= FFA_NOTIF_FEAT_SIM_INFO;
	ffp_mem_zero(in.reserved, sizeof(in.reserved));
	fl = hub_lock(hub);
	hub->info = in;
	hub_unlock(hub, fl);
}

void ffp_hub_session_init(struct ffp_hub *hub, struct ffp_hub_session *s,
			  void *priv)
{
	ffp_mem_zero(s, sizeof(*s));
	s->hub = hub;
	s->priv = priv;
	s->depth = FFA_NOTIF_QUEUE_DEPTH;
	s->clock = FFA_NOTIF_CLOCK_MONOTONIC;
}

/* ---- queue ---------------------------------------------------------------- */

static struct ffa_notif_event *queue_at(struct ffp_hub_session *s, ffp_u32 i)
{
	struct ffa_notif_event *q = s->ext ? s->ext : s->queue;

	return &q[(s->head + i) % s->depth];
}

/*
 * Queue one notification bit.  Returns 1 if the session became readable:
 * its queue was empty.  A full queue of depth 1 whose record is replaced
 * was readable already, and its reader was woken for it.
 */
static int queue_bit(struct ffp_hub_session *s, int id, ffp_u16 sender,
		     int per_vcpu, ffp_u16 vcpu, ffp_u64 now)
{
	ffp_u64 bit = FFP_BIT64(id);
	__u32 flags = per_vcpu ? FFA_NOTIF_EVENT_PER_VCPU : 0;
	struct ffa_notif_event *ev;
	int was_empty = s->count == 0;
	ffp_u32 i, lost;

	for (i = 0; i < s->count; i++) {
		ev = queue_at(s, i);
		if (ev->sender != sender || ev->vcpu != vcpu ||
		    ev->flags != flags)
			continue;
		if (ev->notifications & bit)
			s->stats.coalesced++;
		else
			ev->notifications |= bit;
		return 0;
	}
	if (s->count == s->depth) {
		/* Full: the oldest goes, and the loss is carried forward. */
		lost = ffp_popcount64(queue_at(s, 0)->notifications);
		s->dropped_unreported += lost;
		s->stats.dropped += lost;
		s->head = (s->head + 1) % s->depth;
		s->count--;
	}
	ev = queue_at(s, s->count);
	ffp_mem_zero(ev, sizeof(*ev));
	ev->timestamp_ns = now;
	ev->notifications = bit;
	ev->seqno = ++s->seqno;
	ev->sender = sender;
	ev->vcpu = vcpu;
	ev->flags = flags;
	s->count++;
	s->stats.events++;
	return was_empty;
}

void ffp_hub_deliver(struct ffp_hub *hub, int id, ffp_u16 sender, int per_vcpu,
		     ffp_u16 vcpu)
{
	ffp_irqflags fl;
	struct ffp_hub_session *s;
	ffp_u64 now, stamp;
	int wake = 0;

	if (id < 0 || id >= FFA_NOTIF_MAX_IDS)
		return;
	if (!per_vcpu)
		vcpu = 0;
	/* The monitor's clock; a file's other choice is read under the lock
	 * below, where it cannot change.
	 */
	now = hub->env->now_ns(hub->env_ctx, FFA_NOTIF_CLOCK_MONOTONIC);
	fl = hub_lock(hub);
	s = hub->owner[id];
	/* Only a binding that is complete (BIND returned) gets events; while
	 * it is being made or undone by a failed BIND it is not the file's.
	 */
	if (!s || hub->sender[id] != sender ||
	    (hub->state[id] != FFP_HUB_ID_BOUND &&
	     hub->state[id] != FFP_HUB_ID_UNBINDING)) {
		hub->stats.unclaimed++;
		s = FFP_NULL;
	} else {
		hub->stats.delivered++;
		stamp = now;
		if (s->clock != FFA_NOTIF_CLOCK_MONOTONIC)
			stamp = hub->env->now_ns(hub->env_ctx, s->clock);
		wake = queue_bit(s, id, sender, per_vcpu, vcpu, stamp);
	}
	if (hub->env->observe)
		hub->env->observe(hub->env_ctx, s, id, sender, per_vcpu, vcpu,
				  now);
	/*
	 * The reader is woken after the lock is dropped: a wake-up may take
	 * locks of its own and make the reader run (and want the lock) at
	 * once, and it is only needed when the queue was empty.  Once the
	 * lock is dropped the file may be closed: s->waking, counted under
	 * the lock, keeps it alive, since ffp_hub_session_release does not
	 * return while a delivery is between its unlock and its count going
	 * back.  The embedder frees what wake touches only after release, so
	 * it needs no lifetime rule of its own.  The second lock is taken
	 * once per empty-to-readable change, not once per arrival.
	 */
	if (wake)
		s->waking++;
	hub_unlock(hub, fl);
	if (!wake)
		return;
	hub->env->wake(hub->env_ctx, s);
	fl = hub_lock(hub);
	s->waking--;
	hub_unlock(hub, fl);
}

int ffp_hub_readable(struct ffp_hub_session *s)
{
	ffp_irqflags fl;
	int ret;

	fl = hub_lock(s->hub);
	ret = s->count != 0;
	hub_unlock(s->hub, fl);
	return ret;
}

ffp_u32 ffp_hub_read(struct ffp_hub_session *s, struct ffa_notif_event *out,
		     ffp_u32 max)
{
	return ffp_hub_read_left(s, out, max, FFP_NULL);
}

ffp_u32 ffp_hub_read_left(struct ffp_hub_session *s,
			  struct ffa_notif_event *out, ffp_u32 max,
			  ffp_u32 *left)
{
	ffp_irqflags fl;
	struct ffp_hub *hub = s->hub;
	ffp_u32 n, i;

	fl = hub_lock(hub);
	n = s->count < max ? s->count : max;
	for (i = 0; i < n; i++)
		out[i] = *queue_at(s, i);
	if (n) {
		out[0].dropped = s->dropped_unreported;
		s->dropped_unreported = 0;
		s->head = (s->head + n) % s->depth;
		s->count -= n;
		s->stats.read += n;
	}
	if (left)
		*left = s->count;
	hub_unlock(hub, fl);
	return n;
}

/* ---- bind / unbind -------------------------------------------------------- */

static int hub_bind(struct ffp_hub_session *s,
		    const struct ffa_notif_binding *req)
{
	ffp_irqflags fl;
	struct ffp_hub *hub = s->hub;
	ffp_u64 bits = req->notifications, done = 0, orphans = 0;
	int per_vcpu = (req->flags & FFA_NOTIF_FLAG_PER_VCPU) != 0;
	ffp_u16 old_sender[FFA_NOTIF_MAX_IDS];
	int id, ret = 0;

	if (req->flags & ~FFA_NOTIF_FLAG_PER_VCPU || req->padding ||
	    !all_zero(req->reserved, sizeof(req->reserved)) || !bits ||
	    !valid_partition_id(req->sender))
		return -FFP_EINVAL;
	if (per_vcpu && !(hub->info.features & FFA_NOTIF_FEAT_PER_VCPU))
		return -FFP_EOPNOTSUPP;

	/* Reserve every ID first: all or nothing, and no one else's.  An
	 * orphan (its file closed, the unbind refused) is taken over once
	 * its old binding can be undone.
	 */
	fl = hub_lock(hub);
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++) {
		if ((bits & FFP_BIT64(id)) && hub->owner[id]) {
			hub_unlock(hub, fl);
			return -FFP_EBUSY;
		}
	}
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++) {
		if (!(bits & FFP_BIT64(id)))
			continue;
		if (hub->state[id] == FFP_HUB_ID_ORPHANED) {
			orphans |= FFP_BIT64(id);
			old_sender[id] = hub->sender[id];
		}
		hub->owner[id] = s;
		hub->sender[id] = (ffp_u16)req->sender;
		hub->state[id] = FFP_HUB_ID_BINDING;
	}
	hub_unlock(hub, fl);

	for (id = 0; id < FFA_NOTIF_MAX_IDS && !ret; id++) {
		if (!(orphans & FFP_BIT64(id)))
			continue;
		if (hub->prov->unbind(hub, hub->prov_ctx, old_sender[id], id))
			ret = -FFP_EBUSY;
		else
			orphans &= ~FFP_BIT64(id);
	}
	for (id = 0; id < FFA_NOTIF_MAX_IDS && !ret; id++) {
		if (!(bits & FFP_BIT64(id)))
			continue;
		ret = hub->prov->bind(hub, hub->prov_ctx, (ffp_u16)req->sender,
				      id, per_vcpu);
		if (ret)
			break;
		done |= FFP_BIT64(id);
	}
	if (ret) {
		/* Unwind what the provider did bind, then the reservation. */
		for (id = 0; id < FFA_NOTIF_MAX_IDS; id++)
			if (done & FFP_BIT64(id))
				hub->prov->unbind(hub, hub->prov_ctx,
						  (ffp_u16)req->sender, id);
	}

	fl = hub_lock(hub);
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++) {
		if (!(bits & FFP_BIT64(id)))
			continue;
		if (ret && (orphans & FFP_BIT64(id))) {
			/* Still bound the old way: still an orphan. */
			hub->owner[id] = FFP_NULL;
			hub->sender[id] = old_sender[id];
			hub->state[id] = FFP_HUB_ID_ORPHANED;
		} else if (ret) {
			hub->owner[id] = FFP_NULL;
			hub->state[id] = FFP_HUB_ID_FREE;
		} else {
			hub->state[id] = FFP_HUB_ID_BOUND;
		}
	}
	if (!ret)
		s->bound |= bits;
	s->stats.bound = s->bound;
	hub_unlock(hub, fl);
	return ret;
}

/* Unbind `bits` (already marked UNBINDING); returns the bits that failed. */
static ffp_u64 unbind_bits(struct ffp_hub_session *s, ffp_u64 bits,
			   int *first_err)
{
	struct ffp_hub *hub = s->hub;
	ffp_u64 failed = 0;
	int id, ret;

	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++) {
		if (!(bits & FFP_BIT64(id)))
			continue;
		ret = hub->prov->unbind(hub, hub->prov_ctx, hub->sender[id],
					id);
		if (ret) {
			failed |= FFP_BIT64(id);
			if (first_err && !*first_err)
				*first_err = ret;
		}
	}
	return failed;
}

static int hub_unbind(struct ffp_hub_session *s,
		      const struct ffa_notif_binding *req)
{
	ffp_irqflags fl;
	struct ffp_hub *hub = s->hub;
	ffp_u64 bits = req->notifications, failed;
	int id, err = 0;

	if (req->flags || req->padding ||
	    !all_zero(req->reserved, sizeof(req->reserved)) || !bits ||
	    !valid_partition_id(req->sender))
		return -FFP_EINVAL;

	fl = hub_lock(hub);
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++) {
		if ((bits & FFP_BIT64(id)) &&
		    (hub->owner[id] != s ||
		     hub->state[id] != FFP_HUB_ID_BOUND ||
		     hub->sender[id] != req->sender)) {
			hub_unlock(hub, fl);
			return -FFP_EINVAL;
		}
	}
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++)
		if (bits & FFP_BIT64(id))
			hub->state[id] = FFP_HUB_ID_UNBINDING;
	hub_unlock(hub, fl);

	failed = unbind_bits(s, bits, &err);

	fl = hub_lock(hub);
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++) {
		if (!(bits & FFP_BIT64(id)))
			continue;
		if (failed & FFP_BIT64(id)) {
			hub->state[id] = FFP_HUB_ID_BOUND;
		} else {
			hub->owner[id] = FFP_NULL;
			hub->state[id] = FFP_HUB_ID_FREE;
			s->bound &= ~FFP_BIT64(id);
		}
	}
	s->stats.bound = s->bound;
	hub_unlock(hub, fl);
	return err;
}

void ffp_hub_session_release(struct ffp_hub_session *s)
{
	ffp_irqflags fl;
	struct ffp_hub *hub = s->hub;
	struct ffa_notif_event *ext;
	ffp_u64 bits = 0, failed;
	int id;

	fl = hub_lock(hub);
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++) {
		if (hub->owner[id] == s && hub->state[id] == FFP_HUB_ID_BOUND) {
			hub->state[id] = FFP_HUB_ID_UNBINDING;
			bits |= FFP_BIT64(id);
		}
	}
	hub_unlock(hub, fl);

	failed = unbind_bits(s, bits, FFP_NULL);

	fl = hub_lock(hub);
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++) {
		if (hub->owner[id] != s)
			continue;
		/* The file is gone either way.  A refused unbind leaves an
		 * orphan: counted, and retried by the next BIND of the ID.
		 */
		hub->owner[id] = FFP_NULL;
		hub->state[id] = (failed & FFP_BIT64(id)) ? FFP_HUB_ID_ORPHANED
							  : FFP_HUB_ID_FREE;
	}
	/*
	 * No delivery finds the session any more; one that queued to it
	 * before may still be waking it, without the lock (see
	 * ffp_hub_deliver).  Its wake is a few instructions that cannot
	 * sleep: wait them out, so that the embedder may free the session
	 * once this returns.
	 */
	while (s->waking) {
		hub_unlock(hub, fl);
		if (hub->env->relax)
			hub->env->relax(hub->env_ctx);
		fl = hub_lock(hub);
	}
	hub->stats.release_failures += ffp_popcount64(failed);
	s->bound = 0;
	s->count = 0;
	ext = s->ext;
	s->ext = FFP_NULL;
	s->depth = FFA_NOTIF_QUEUE_DEPTH;
	hub_unlock(hub, fl);
	if (ext)
		hub->env->queue_free(hub->env_ctx, ext);
}

/* ---- per-file configuration ------------------------------------------------ */

/* Whether the file holds or is making a binding, or has unread events. */
static int session_busy(struct ffp_hub_session *s)
{
	int id;

	if (s->count || s->bound)
		return 1;
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++)
		if (s->hub->owner[id] == s)
			return 1;
	return 0;
}

static int hub_set_file_config(struct ffp_hub_session *s,
			       const struct ffa_notif_file_config *c)
{
	struct ffp_hub *hub = s->hub;
	struct ffa_notif_event *q = FFP_NULL, *old;
	ffp_u32 depth = c->queue_depth ? c->queue_depth : FFA_NOTIF_QUEUE_DEPTH;
	ffp_irqflags fl;
	int busy;

	if (depth > FFA_NOTIF_QUEUE_DEPTH_MAX ||
	    (c->clock != FFA_NOTIF_CLOCK_MONOTONIC &&
	     c->clock != FFA_NOTIF_CLOCK_BOOTTIME &&
	     c->clock != FFA_NOTIF_CLOCK_REALTIME) ||
	    !all_zero(c->reserved, sizeof(c->reserved)))
		return -FFP_EINVAL;
	/* Not worth allocating for a file that cannot take it (the answer
	 * under the lock below is the one that counts).
	 */
	fl = hub_lock(hub);
	busy = session_busy(s);
	hub_unlock(hub, fl);
	if (busy)
		return -FFP_EBUSY;
	/* The storage is had without the lock, where the embedder may sleep. */
	if (depth > FFP_HUB_INLINE_DEPTH) {
		if (!hub->env->queue_alloc)
			return -FFP_ENOMEM;
		q = hub->env->queue_alloc(hub->env_ctx, depth);
		if (!q)
			return -FFP_ENOMEM;
	}

	fl = hub_lock(hub);
	busy = session_busy(s);
	if (busy) {
		old = q; /* a BIND came meanwhile: ours goes back */
	} else {
		old = s->ext;
		s->ext = q;
		s->depth = depth;
		s->clock = c->clock;
		s->head = 0;
	}
	hub_unlock(hub, fl);
	if (old)
		hub->env->queue_free(hub->env_ctx, old);
	return busy ? -FFP_EBUSY : 0;
}

static void hub_get_file_config(struct ffp_hub_session *s,
				struct ffa_notif_file_config *c)
{
	ffp_irqflags fl;

	ffp_mem_zero(c, sizeof(*c));
	fl = hub_lock(s->hub);
	c->queue_depth = s->depth;
	c->clock = s->clock;
	hub_unlock(s->hub, fl);
}

/* ---- set, sim ring, info, stats ------------------------------------------ */

static int hub_set(struct ffp_hub_session *s, const struct ffa_notif_set_req *r)
{
	struct ffp_hub *hub = s->hub;
	int per_vcpu = (r->flags & FFA_NOTIF_FLAG_PER_VCPU) != 0;

	if (r->flags & ~FFA_NOTIF_FLAG_PER_VCPU ||
	    !all_zero(r->reserved, sizeof(r->reserved)) || !r->notifications ||
	    !valid_partition_id(r->receiver) || r->vcpu > 0xffffU ||
	    (!per_vcpu && r->vcpu))
		return -FFP_EINVAL;
	if (per_vcpu && !(hub->info.features & FFA_NOTIF_FEAT_PER_VCPU))
		return -FFP_EOPNOTSUPP;
	return hub->prov->set(hub, hub->prov_ctx, (ffp_u16)r->receiver,
			      r->notifications, per_vcpu, (ffp_u16)r->vcpu);
}

static int hub_sim_ring(struct ffp_hub_session *s,
			const struct ffa_notif_sim_ring *r)
{
	struct ffp_hub *hub = s->hub;
	int per_vcpu = (r->flags & FFA_NOTIF_FLAG_PER_VCPU) != 0;

	/* Firmware backends have no simulated partition to make ring: the
	 * ioctl is not theirs (as an unknown one).
	 */
	if (!hub->prov->sim_ring)
		return -FFP_ENOTTY;
	if (r->flags & ~FFA_NOTIF_FLAG_PER_VCPU ||
	    !all_zero(r->reserved, sizeof(r->reserved)) || !r->notifications ||
	    !valid_partition_id(r->sender) || r->vcpu >= hub->info.vcpu_count ||
	    (!per_vcpu && r->vcpu))
		return -FFP_EINVAL;
	return hub->prov->sim_ring(hub, hub->prov_ctx, (ffp_u16)r->sender,
				   r->notifications, per_vcpu,
				   (ffp_u16)r->vcpu);
}

void ffp_hub_sim_info_fill(struct ffa_notif_sim_info *out,
			   const char *personality, ffp_u32 cpus,
			   ffp_u32 partitions)
{
	ffp_u32 i;

	ffp_mem_zero(out, sizeof(*out));
	for (i = 0; i < sizeof(out->personality) - 1 && personality[i]; i++)
		out->personality[i] = personality[i];
	out->cpus = cpus;
	out->partitions = partitions;
}

ffp_u32 ffp_hub_ioctl_size(unsigned int cmd)
{
	switch (cmd) {
	case FFA_NOTIF_IOC_GET_INFO:
		return sizeof(struct ffa_notif_info);
	case FFA_NOTIF_IOC_BIND:
	case FFA_NOTIF_IOC_UNBIND:
		return sizeof(struct ffa_notif_binding);
	case FFA_NOTIF_IOC_SET:
		return sizeof(struct ffa_notif_set_req);
	case FFA_NOTIF_IOC_GET_STATS:
		return sizeof(struct ffa_notif_stats);
	case FFA_NOTIF_IOC_SIM_RING:
		return sizeof(struct ffa_notif_sim_ring);
	case FFA_NOTIF_IOC_GET_SIM_INFO:
		return sizeof(struct ffa_notif_sim_info);
	case FFA_NOTIF_IOC_SET_FILE_CONFIG:
	case FFA_NOTIF_IOC_GET_FILE_CONFIG:
		return sizeof(struct ffa_notif_file_config);
	default:
		return 0;
	}
}

ffp_u32 ffp_hub_cmd_size(const struct ffp_hub *hub, unsigned int cmd)
{
	if ((cmd == FFA_NOTIF_IOC_SIM_RING && !hub->prov->sim_ring) ||
	    (cmd == FFA_NOTIF_IOC_GET_SIM_INFO && !hub->prov->sim_info))
		return 0;
	return ffp_hub_ioctl_size(cmd);
}

long ffp_hub_ioctl(struct ffp_hub_session *s, unsigned int cmd, void *arg)
{
	ffp_irqflags fl;
	struct ffp_hub *hub = s->hub;

	switch (cmd) {
	case FFA_NOTIF_IOC_GET_INFO:
		*(struct ffa_notif_info *)arg = hub->info;
		return 0;
	case FFA_NOTIF_IOC_BIND:
		return hub_bind(s, arg);
	case FFA_NOTIF_IOC_UNBIND:
		return hub_unbind(s, arg);
	case FFA_NOTIF_IOC_SET:
		return hub_set(s, arg);
	case FFA_NOTIF_IOC_GET_STATS:
		fl = hub_lock(hub);
		*(struct ffa_notif_stats *)arg = s->stats;
		hub_unlock(hub, fl);
		return 0;
	case FFA_NOTIF_IOC_SIM_RING:
		return hub_sim_ring(s, arg);
	case FFA_NOTIF_IOC_GET_SIM_INFO:
		/* Firmware has no personality to tell: not its ioctl. */
		if (!hub->prov->sim_info)
			return -FFP_ENOTTY;
		ffp_mem_zero(arg, sizeof(struct ffa_notif_sim_info));
		return hub->prov->sim_info(hub, hub->prov_ctx, arg);
	case FFA_NOTIF_IOC_SET_FILE_CONFIG:
		return hub_set_file_config(s, arg);
	case FFA_NOTIF_IOC_GET_FILE_CONFIG:
		hub_get_file_config(s, arg);
		return 0;
	default:
		return -FFP_ENOTTY;
	}
}

/* ---- provider over the core's driver side -------------------------------- */

static void drv_notify(int id, ffp_u16 sender, int per_vcpu, ffp_u16 vcpu,
		       void *data)
{
	ffp_hub_deliver(data, id, sender, per_vcpu, vcpu);
}

static int drv_bind(struct ffp_hub *hub, void *ctx, ffp_u16 sender, int id,
		    int per_vcpu)
{
	return ffp_drv_notify_request(ctx, sender, per_vcpu, id, drv_notify,
				      hub);
}

static int drv_unbind(struct ffp_hub *hub, void *ctx, ffp_u16 sender, int id)
{
	(void)hub;
	return ffp_drv_notify_relinquish(ctx, sender, id);
}

static int drv_set(struct ffp_hub *hub, void *ctx, ffp_u16 receiver,
		   ffp_u64 bitmap, int per_vcpu, ffp_u16 vcpu)
{
	(void)hub;
	return ffp_drv_notify_send_bitmap(ctx, receiver, bitmap, per_vcpu,
					  vcpu);
}

const struct ffp_hub_provider_ops ffp_hub_drv_provider = {
	.bind = drv_bind,
	.unbind = drv_unbind,
	.set = drv_set,
};
