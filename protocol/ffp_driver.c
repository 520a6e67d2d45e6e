// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * Driver side of FF-A v1.1 notifications.  See ffp_driver.h.
 */
#include "ffp_driver.h"

/* Give up on firmware that never stops answering "more pending". */
#define FFP_DRV_MAX_INFO_LOOPS 1024
/* Give up on a partition that is preempted forever. */
#define FFP_DRV_MAX_RUN_INTERRUPTS 1024
#define FFP_DRV_UNBIND_TRIES 4

static ffp_irqflags drv_lock(struct ffp_drv *drv)
{
	return drv->ops->lock(drv->ctx);
}

static void drv_unlock(struct ffp_drv *drv, ffp_irqflags flags)
{
	drv->ops->unlock(drv->ctx, flags);
}

static void drv_call_lock(struct ffp_drv *drv)
{
	drv->ops->call_lock(drv->ctx);
}

static void drv_call_unlock(struct ffp_drv *drv)
{
	drv->ops->call_unlock(drv->ctx);
}

static void drv_call(struct ffp_drv *drv, const struct ffp_regs *in,
		     struct ffp_regs *out)
{
	drv->ops->call(drv->ctx, in, out);
}

/* Issue a call that answers SUCCESS or ERROR; return 0 or -errno. */
static int drv_call_status(struct ffp_drv *drv, const struct ffp_regs *in,
			   struct ffp_regs *out)
{
	drv_call(drv, in, out);
	return ffp_status_to_errno(ffp_resp_status(out));
}

static int world_of(ffp_u16 sender)
{
	return FFP_ID_IS_SP(sender) ? 1 : 0;
}

int ffp_drv_init(struct ffp_drv *drv, const struct ffp_drv_ops *ops, void *ctx,
		 ffp_u16 vcpu_count)
{
	struct ffp_regs in, out;
	ffp_u32 ver;
	int ret;

	ffp_mem_zero(drv, sizeof(*drv));
	if (!ops || !ops->call || !ops->lock || !ops->unlock ||
	    !ops->call_lock || !ops->call_unlock || vcpu_count == 0)
		return -FFP_EINVAL;
	drv->ops = ops;
	drv->ctx = ctx;
	drv->vcpu_count = vcpu_count;

	/* Negotiate: we speak v1.1; notifications need a v1.1+ firmware. */
	ffp_enc_version(&in, FFP_VERSION_1_1);
	drv_call(drv, &in, &out);
	ver = (ffp_u32)out.a[0];
	if (ver & 0x80000000U)
		return -FFP_EOPNOTSUPP;
	if (FFP_VERSION_MAJOR(ver) != 1 || ver < FFP_VERSION_1_1)
		return -FFP_EOPNOTSUPP;
	drv->version = FFP_VERSION_1_1;

	ffp_enc_id_get(&in);
	ret = drv_call_status(drv, &in, &out);
	if (ret)
		return ret;
	drv->own_id = (ffp_u16)out.a[2];
	drv->get_flags =
		drv->own_id == 0 ? (FFP_GET_SP | FFP_GET_SPM) : FFP_GET_ALL;

	/* Create the bitmap only where the firmware offers the call: under
	 * a hypervisor it exists already (Linux 6.10 does the same).
	 */
	ffp_enc_features(&in, FFP_NOTIFICATION_BITMAP_CREATE);
	if (drv_call_status(drv, &in, &out) == 0) {
		ffp_enc_bitmap_create(&in, drv->own_id, vcpu_count);
		ret = drv_call_status(drv, &in, &out);
		if (ret)
			return ret;
		drv->bitmap_created = 1;
	}

	ffp_enc_features(&in, FFP_NOTIFICATION_INFO_GET_64);
	drv->info_get_64 = drv_call_status(drv, &in, &out) == 0;

	ffp_enc_features(&in, FFP_FEAT_SRI);
	ret = drv_call_status(drv, &in, &out);
	if (ret) {
		/* No SRI: nobody would ever tell us to look. */
		ffp_drv_fini(drv);
		return -FFP_EOPNOTSUPP;
	}
	drv->sri_intid = (ffp_u32)out.a[2];
	drv->notif_enabled = 1;
	return 0;
}

int ffp_drv_fini(struct ffp_drv *drv)
{
	struct ffp_regs in, out;
	int ret, was_enabled = drv->notif_enabled;

	drv->notif_enabled = 0;
	if (!drv->bitmap_created)
		return 0;
	ffp_enc_bitmap_destroy(&in, drv->own_id);
	ret = drv_call_status(drv, &in, &out);
	if (ret) {
		/* Still usable, so that the caller can GET and retry. */
		drv->notif_enabled = was_enabled;
		return ret;
	}
	drv->bitmap_created = 0;
	return 0;
}

int ffp_drv_notify_request(struct ffp_drv *drv, ffp_u16 sender, int per_vcpu,
			   int id, ffp_notify_cb cb, void *data)
{
	ffp_irqflags fl;
	struct ffp_drv_notifier *n;
	struct ffp_regs in, out;
	int ret;

	if (id < 0 || id >= FFP_NUM_NOTIFICATIONS || !cb)
		return -FFP_EINVAL;
	if (!drv->notif_enabled)
		return -FFP_EOPNOTSUPP;
	n = &drv->notifiers[world_of(sender)][id];

	/* The call lock keeps every other BIND, UNBIND and GET out until the
	 * table says what firmware now knows; only dispatch reads the table
	 * meanwhile, and finds no notifier yet (nothing can be pending for an
	 * ID that firmware has not bound).
	 */
	drv_call_lock(drv);
	/* One notifier per (ID, world), checked before firmware is asked. */
	if (n->cb) {
		drv_call_unlock(drv);
		return -FFP_EEXIST;
	}
	ffp_enc_bind(&in, sender, drv->own_id, per_vcpu ? FFP_BIND_PER_VCPU : 0,
		     FFP_BIT64(id));
	ret = drv_call_status(drv, &in, &out);
	if (ret == 0) {
		fl = drv_lock(drv);
		n->cb = cb;
		n->data = data;
		n->sender = sender;
		n->per_vcpu = per_vcpu != 0;
		n->epoch = ++drv->bind_epoch;
		drv_unlock(drv, fl);
	}
	drv_call_unlock(drv);
	return ret;
}

int ffp_drv_notify_relinquish(struct ffp_drv *drv, ffp_u16 sender, int id)
{
	ffp_irqflags fl;
	struct ffp_drv_notifier *n;
	struct ffp_regs in, out;
	int ret = -FFP_EACCES, tries;
	ffp_u16 v;

	if (id < 0 || id >= FFP_NUM_NOTIFICATIONS)
		return -FFP_EINVAL;
	if (!drv->notif_enabled)
		return -FFP_EOPNOTSUPP;
	n = &drv->notifiers[world_of(sender)][id];

	for (tries = 0; tries < FFP_DRV_UNBIND_TRIES; tries++) {
		/* Only this thread may change the notifier now: read it
		 * without the table lock.
		 */
		drv_call_lock(drv);
		if (!n->cb || n->sender != sender) {
			drv_call_unlock(drv);
			return -FFP_ENOENT;
		}
		ffp_enc_unbind(&in, sender, drv->own_id, FFP_BIT64(id));
		ret = drv_call_status(drv, &in, &out);
		if (ret == 0) {
			fl = drv_lock(drv);
			n->cb = FFP_NULL;
			n->data = FFP_NULL;
			drv_unlock(drv, fl);
		}
		drv_call_unlock(drv);
		if (ret != -FFP_EACCES)
			return ret;
		/* DENIED while pending: drain it (and deliver), then retry. */
		for (v = 0; v < drv->vcpu_count; v++)
			ffp_drv_get_and_dispatch(drv, v);
	}
	return ret;
}

int ffp_drv_notify_send_bitmap(struct ffp_drv *drv, ffp_u16 receiver,
			       ffp_u64 bitmap, int per_vcpu, ffp_u16 vcpu)
{
	struct ffp_regs in, out;

	if (!drv->notif_enabled)
		return -FFP_EOPNOTSUPP;
	if (bitmap == 0 || (!per_vcpu && vcpu != 0))
		return -FFP_EINVAL;
	ffp_enc_set(&in, drv->own_id, receiver, per_vcpu ? FFP_SET_PER_VCPU : 0,
		    per_vcpu ? vcpu : 0, bitmap);
	return drv_call_status(drv, &in, &out);
}

int ffp_drv_notify_send(struct ffp_drv *drv, ffp_u16 receiver, int id,
			int per_vcpu, ffp_u16 vcpu)
{
	/* Linux's notify_send does not range-check the ID; we do. */
	if (id < 0 || id >= FFP_NUM_NOTIFICATIONS)
		return -FFP_EINVAL;
	return ffp_drv_notify_send_bitmap(drv, receiver, FFP_BIT64(id),
					  per_vcpu, vcpu);
}

static struct ffp_drv_sched *sched_find(struct ffp_drv *drv, ffp_u16 part_id)
{
	int i;

	for (i = 0; i < FFP_DRV_MAX_SCHED_CBS; i++)
		if (drv->sched[i].cb && drv->sched[i].part_id == part_id)
			return &drv->sched[i];
	return FFP_NULL;
}

int ffp_drv_sched_cb_register(struct ffp_drv *drv, ffp_u16 part_id,
			      ffp_sched_cb cb, void *data)
{
	ffp_irqflags fl;
	int i, ret = -FFP_ENOSPC;

	if (!cb)
		return -FFP_EINVAL;
	if (!drv->notif_enabled)
		return -FFP_EOPNOTSUPP;
	fl = drv_lock(drv);
	if (sched_find(drv, part_id)) {
		ret = -FFP_EEXIST;
	} else {
		for (i = 0; i < FFP_DRV_MAX_SCHED_CBS; i++) {
			if (drv->sched[i].cb)
				continue;
			drv->sched[i].cb = cb;
			drv->sched[i].data = data;
			drv->sched[i].part_id = part_id;
			ret = 0;
			break;
		}
	}
	drv_unlock(drv, fl);
	return ret;
}

int ffp_drv_sched_cb_unregister(struct ffp_drv *drv, ffp_u16 part_id)
{
	ffp_irqflags fl;
	struct ffp_drv_sched *s;
	int ret = -FFP_ENOENT;

	if (!drv->notif_enabled)
		return -FFP_EOPNOTSUPP;
	fl = drv_lock(drv);
	s = sched_find(drv, part_id);
	if (s) {
		s->cb = FFP_NULL;
		s->data = FFP_NULL;
		ret = 0;
	}
	drv_unlock(drv, fl);
	return ret;
}

int ffp_drv_run(struct ffp_drv *drv, ffp_u16 part_id, ffp_u16 vcpu)
{
	ffp_irqflags fl;
	struct ffp_regs in, out;
	int n;

	/* RUN needs no notifications (Linux does not gate it), but a conduit. */
	if (!drv->ops)
		return -FFP_EINVAL;
	ffp_enc_run(&in, part_id, vcpu);
	for (n = 0; n <= FFP_DRV_MAX_RUN_INTERRUPTS; n++) {
		drv_call(drv, &in, &out);
		fl = drv_lock(drv);
		drv->stats.runs++;
		if ((ffp_u32)out.a[0] == FFP_INTERRUPT)
			drv->stats.interrupts++;
		drv_unlock(drv, fl);
		if ((ffp_u32)out.a[0] != FFP_INTERRUPT)
			break;
		/* Resume exactly the context that was preempted. */
		ffp_enc_run_w1(&in, (ffp_u32)out.a[1]);
	}
	if (n > FFP_DRV_MAX_RUN_INTERRUPTS)
		return -FFP_EINTR;
	if ((ffp_u32)out.a[0] == FFP_ERROR)
		return ffp_status_to_errno(ffp_resp_status(&out));
	return 0;
}

void ffp_drv_sched_run(ffp_u16 part_id, ffp_u16 vcpu, int per_vcpu, void *data)
{
	ffp_drv_run(data, part_id, per_vcpu ? vcpu : 0);
}

/*
 * Run the notifier of each bit of `bits` from `world`, fetched by a GET made
 * when the bind epoch was `epoch`.  Each notifier is copied under the lock
 * and called after it is dropped; one bit at a time, so that the stack
 * stays small (the kernel calls this from a worker or an IPI).  A notifier
 * that is gone, or was bound after the GET (the ID was relinquished and
 * bound again meanwhile, perhaps to another sender), does not get it.
 */
static int dispatch(struct ffp_drv *drv, int world, ffp_u64 bits, ffp_u16 vcpu,
		    ffp_u64 epoch)
{
	ffp_irqflags fl;
	struct ffp_drv_notifier n;
	int b, ran = 0;

	for (b = 0; b < FFP_NUM_NOTIFICATIONS; b++) {
		if (!(bits & FFP_BIT64(b)))
			continue;
		fl = drv_lock(drv);
		n = drv->notifiers[world][b];
		if (n.cb && n.epoch > epoch)
			n.cb = FFP_NULL;
		if (n.cb)
			drv->stats.delivered++;
		else
			drv->stats.unclaimed++;
		drv_unlock(drv, fl);
		if (!n.cb)
			continue;
		n.cb(b, n.sender, n.per_vcpu, vcpu, n.data);
		ran++;
	}
	return ran;
}

int ffp_drv_get_and_dispatch(struct ffp_drv *drv, ffp_u16 vcpu)
{
	ffp_irqflags fl;
	struct ffp_get_result res;
	struct ffp_regs in, out;
	ffp_u64 epoch;
	int ret;

	if (!drv->notif_enabled)
		return -FFP_EOPNOTSUPP;
	if (vcpu >= drv->vcpu_count)
		return -FFP_EINVAL;
	/* GET under the call lock: what it fetches belongs to the notifiers
	 * bound now (BIND and UNBIND are issued under the same lock).
	 */
	drv_call_lock(drv);
	epoch = drv->bind_epoch;
	ffp_enc_get(&in, drv->own_id, vcpu, drv->get_flags);
	ret = drv_call_status(drv, &in, &out);
	drv_call_unlock(drv);
	if (ret == 0)
		ffp_dec_get_resp(&out, &res);
	fl = drv_lock(drv);
	drv->stats.get_calls++;
	if (ret)
		drv->stats.get_errors++;
	else
		/* Framework notifications (RX buffer full) are not ours. */
		drv->stats.framework +=
			ffp_popcount64(res.spm) + ffp_popcount64(res.hyp);
	drv_unlock(drv, fl);
	if (ret)
		return ret;
	/* The order Linux dispatches in: VM bitmap, then SP bitmap. */
	return dispatch(drv, 0, res.vm, vcpu, epoch) +
	       dispatch(drv, 1, res.sp, vcpu, epoch);
}

/* A partition other than us needs cycles: its scheduler callback. */
static void sched_dispatch(struct ffp_drv *drv, ffp_u16 part_id, ffp_u16 vcpu,
			   int per_vcpu)
{
	ffp_irqflags fl;
	struct ffp_drv_sched *s;
	ffp_sched_cb cb = FFP_NULL;
	void *data = FFP_NULL;

	fl = drv_lock(drv);
	s = sched_find(drv, part_id);
	if (s) {
		cb = s->cb;
		data = s->data;
	} else {
		drv->stats.sched_unknown++;
	}
	drv_unlock(drv, fl);
	if (cb)
		cb(part_id, vcpu, per_vcpu, data);
}

int ffp_drv_handle_sri(struct ffp_drv *drv)
{
	ffp_irqflags fl;
	struct ffp_regs in, out;
	struct ffp_info info;
	int loops, delivered = 0, get_err = 0, ret;
	ffp_u32 l, v;

	if (!drv->notif_enabled)
		return -FFP_EOPNOTSUPP;
	fl = drv_lock(drv);
	drv->stats.sri_handled++;
	drv_unlock(drv, fl);

	for (loops = 0; loops < FFP_DRV_MAX_INFO_LOOPS; loops++) {
		ffp_enc_info_get(&in, drv->info_get_64);
		drv_call(drv, &in, &out);
		ret = ffp_status_to_errno(ffp_resp_status(&out));
		fl = drv_lock(drv);
		drv->stats.info_get_calls++;
		if (ret && ret != -FFP_ENODATA)
			drv->stats.info_get_errors++;
		drv_unlock(drv, fl);
		if (ret == -FFP_ENODATA)
			break;
		if (ret)
			return ret;

		if (ffp_dec_info_get_resp(&out, &info)) {
			fl = drv_lock(drv);
			drv->stats.info_get_malformed++;
			drv_unlock(drv, fl);
		}
		for (l = 0; l < info.n_lists; l++) {
			const struct ffp_info_list *lst = &info.lists[l];

			if (lst->id != drv->own_id) {
				if (lst->n_vcpus == 0)
					sched_dispatch(drv, lst->id, 0, 0);
				for (v = 0; v < lst->n_vcpus; v++)
					sched_dispatch(drv, lst->id,
						       lst->vcpus[v], 1);
				continue;
			}
			/* Our own: GET global (on vCPU 0) or per vCPU. */
			for (v = 0; v < (lst->n_vcpus ? lst->n_vcpus : 1U);
			     v++) {
				ret = ffp_drv_get_and_dispatch(
					drv, lst->n_vcpus ? lst->vcpus[v] : 0);
				if (ret < 0 && !get_err)
					get_err = ret;
				delivered += ret > 0 ? ret : 0;
			}
		}
		if (!info.more_pending)
			break;
	}
	if (loops == FFP_DRV_MAX_INFO_LOOPS) {
		/* Firmware that never stops saying "more pending". */
		fl = drv_lock(drv);
		drv->stats.info_get_errors++;
		drv_unlock(drv, fl);
		return -FFP_EPROTO;
	}
	/* A refused GET leaves notifications pending that INFO_GET will not
	 * report again: the caller must come back.
	 */
	return get_err ? get_err : delivered;
}

int ffp_drv_sri(struct ffp_drv *drv)
{
	ffp_irqflags fl;
	int ret, total = 0, err = 0;

	if (!drv->notif_enabled)
		return -FFP_EOPNOTSUPP;
	fl = drv_lock(drv);
	drv->sri_pending = 1;
	if (drv->sri_running) {
		/* The running handler looks at the flag before it stops. */
		drv->stats.sri_deferred++;
		drv_unlock(drv, fl);
		return 0;
	}
	drv->sri_running = 1;
	while (drv->sri_pending) {
		/* Cleared before the run: an SRI that comes during it may
		 * be for what its INFO_GET has already missed, so it earns
		 * one more.
		 */
		drv->sri_pending = 0;
		drv_unlock(drv, fl);
		ret = ffp_drv_handle_sri(drv);
		if (ret < 0 && !err)
			err = ret;
		else if (ret > 0)
			total += ret;
		fl = drv_lock(drv);
	}
	drv->sri_running = 0;
	drv_unlock(drv, fl);
	return err ? err : total;
}
