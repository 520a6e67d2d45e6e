// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "ffa_notif" generic netlink family (include/uapi/linux/
 * ffa_notif_netlink.h): info and counters, partitions, who holds which
 * notification ID, and an administrators' monitor of every notification
 * sent and delivered.
 *
 * Notifications arrive in any context, often under nd->lock, where
 * netlink cannot be called: the monitor queues events in a ring under its
 * own spinlock and a worker sends them.  A full ring or a full listener
 * socket loses events; both are counted (FFA_NOTIF_A_STAT_MONITOR_DROPS).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <linux/ffa_notif_netlink.h>

#include "ffa_notif_priv.h"
#include "ffa_notif_genl.h"
#include "../protocol/ffp_abi.h"

#define FFA_NOTIF_MON_RING 256

struct ffa_notif_mon_event {
	u64 bitmap;
	u64 timestamp;
	u64 file_id;
	u32 kind;
	u32 flags;
	pid_t pid;
	u16 sender;
	u16 receiver;
	u16 vcpu;
};

struct ffa_notif_monitor {
	spinlock_t lock; /* ring, head, count, stopping */
	u32 head;
	u32 count;
	bool offered; /* the group is registered (see ffa_notif_mcgrps) */
	bool stopping; /* unloading: nothing more is queued or sent */
	atomic64_t drops;
	struct work_struct work;
	struct ffa_notif_mon_event ring[FFA_NOTIF_MON_RING];
};

static struct ffa_notif_dev *genl_nd;

/* Requests carry no attributes: any attribute is refused. */
static const struct nla_policy ffa_notif_genl_policy[FFA_NOTIF_A_MAX + 1] = {
	[0 ... FFA_NOTIF_A_MAX] = { .type = NLA_REJECT },
};

enum { FFA_NOTIF_MCGRP_MONITOR_IDX };

/*
 * The monitor shows every notification of every process, with pids: it is
 * for administrators only.  Kernels that have GENL_MCAST_CAP_SYS_ADMIN
 * (6.7, and the 6.1.y and 6.6.y stable updates that took it) check that
 * when a socket joins the group.  Older ones give a family no say over who
 * joins (6.1 has no bind hook), so there the group is not offered at all:
 * the family registers without it and `ffa-notify monitor` says so.
 * monitor=0 does the same by choice.
 */
#if defined(GENL_MCAST_CAP_SYS_ADMIN) && !defined(FFA_NOTIF_TEST_NO_MCAST_CAP)
#define FFA_NOTIF_MCAST_ADMIN_ONLY GENL_MCAST_CAP_SYS_ADMIN
#endif

static bool monitor = true;
module_param(monitor, bool, 0444);
MODULE_PARM_DESC(monitor,
		 "offer the administrators' monitor group (on by default where the kernel restricts it to CAP_SYS_ADMIN)");

#ifdef FFA_NOTIF_MCAST_ADMIN_ONLY
static const struct genl_multicast_group ffa_notif_mcgrps[] = {
	[FFA_NOTIF_MCGRP_MONITOR_IDX] = {
		.name = FFA_NOTIF_MCGRP_MONITOR,
		.flags = FFA_NOTIF_MCAST_ADMIN_ONLY,
	},
};
#endif

static struct genl_family ffa_notif_genl_family;

/* ---- GET_INFO ------------------------------------------------------------ */

static int ffa_notif_put_info(struct sk_buff *skb, struct ffa_notif_dev *nd)
{
	const struct ffa_notif_info *in = &nd->hub.info;
	struct ffa_notif_backend_stats bst = { 0 };
	struct ffa_notif_file *f;
	u64 open_files = 0, delivered, unclaimed, release_failures;
	unsigned long flags;

	flags = ffa_notif_lock(nd);
	list_for_each_entry(f, &nd->files, node)
		open_files++;
	delivered = nd->hub.stats.delivered;
	unclaimed = nd->hub.stats.unclaimed;
	release_failures = nd->hub.stats.release_failures;
	ffa_notif_unlock(nd, flags);
	if (nd->backend->get_stats)
		nd->backend->get_stats(&nd->be, &bst);

	if (nla_put_u32(skb, FFA_NOTIF_A_API_VERSION, in->api_version) ||
	    nla_put_u32(skb, FFA_NOTIF_A_FFA_VERSION, in->ffa_version) ||
	    nla_put_u64_64bit(skb, FFA_NOTIF_A_FEATURES, in->features,
			      FFA_NOTIF_A_PAD) ||
	    nla_put_u32(skb, FFA_NOTIF_A_BACKEND, in->backend) ||
	    nla_put_string(skb, FFA_NOTIF_A_BACKEND_NAME, nd->backend->name) ||
	    nla_put_u32(skb, FFA_NOTIF_A_OWN_ID, in->own_id) ||
	    nla_put_u32(skb, FFA_NOTIF_A_VCPU_COUNT, in->vcpu_count) ||
	    nla_put_u32(skb, FFA_NOTIF_A_MAX_IDS, in->max_ids) ||
	    nla_put_u32(skb, FFA_NOTIF_A_QUEUE_DEPTH, in->queue_depth) ||
	    nla_put_u32(skb, FFA_NOTIF_A_SRI_INTID, in->sri_intid) ||
	    nla_put_u64_64bit(skb, FFA_NOTIF_A_STAT_OPEN_FILES, open_files,
			      FFA_NOTIF_A_PAD) ||
	    nla_put_u64_64bit(skb, FFA_NOTIF_A_STAT_DELIVERED, delivered,
			      FFA_NOTIF_A_PAD) ||
	    nla_put_u64_64bit(skb, FFA_NOTIF_A_STAT_UNCLAIMED, unclaimed,
			      FFA_NOTIF_A_PAD) ||
	    nla_put_u64_64bit(skb, FFA_NOTIF_A_STAT_RELEASE_FAILURES,
			      release_failures, FFA_NOTIF_A_PAD) ||
	    nla_put_u64_64bit(skb, FFA_NOTIF_A_STAT_SENT,
			      atomic64_read(&nd->sent), FFA_NOTIF_A_PAD) ||
	    nla_put_u64_64bit(skb, FFA_NOTIF_A_STAT_SRI, bst.sri,
			      FFA_NOTIF_A_PAD) ||
	    nla_put_u64_64bit(skb, FFA_NOTIF_A_STAT_FW_ERRORS, bst.fw_errors,
			      FFA_NOTIF_A_PAD) ||
	    nla_put_u64_64bit(skb, FFA_NOTIF_A_STAT_MONITOR_DROPS,
			      atomic64_read(&nd->mon->drops), FFA_NOTIF_A_PAD))
		return -EMSGSIZE;
	return 0;
}

static int ffa_notif_cmd_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ffa_notif_genl_family, 0,
				FFA_NOTIF_CMD_GET_INFO);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	ret = ffa_notif_put_info(msg, genl_nd);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* ---- GET_PARTITIONS ------------------------------------------------------ */

struct ffa_notif_part_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	long index; /* of the partition being looked at */
	long start; /* first one not sent yet */
	int full;
};

static int ffa_notif_dump_one_part(void *arg, const struct ffa_notif_part *p)
{
	struct ffa_notif_part_dump *d = arg;
	void *hdr;

	if (d->index++ < d->start)
		return 0;
	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			  d->cb->nlh->nlmsg_seq, &ffa_notif_genl_family,
			  NLM_F_MULTI, FFA_NOTIF_CMD_GET_PARTITIONS);
	if (!hdr)
		goto full;
	if (nla_put_u32(d->skb, FFA_NOTIF_A_PART_ID, p->id) ||
	    nla_put(d->skb, FFA_NOTIF_A_PART_UUID, sizeof(p->uuid), p->uuid) ||
	    nla_put_u32(d->skb, FFA_NOTIF_A_PART_PROPERTIES, p->properties) ||
	    nla_put_u32(d->skb, FFA_NOTIF_A_PART_VCPU_COUNT, p->vcpu_count) ||
	    ((p->properties & FFP_PART_NOTIF_RECV) &&
	     nla_put_flag(d->skb, FFA_NOTIF_A_PART_NOTIF_RECV)) ||
	    (p->name && nla_put_string(d->skb, FFA_NOTIF_A_PART_NAME, p->name))) {
		genlmsg_cancel(d->skb, hdr);
		goto full;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
full:
	/* Resume at this partition in the next part of the dump. */
	d->index--;
	d->full = 1;
	return 1;
}

static int ffa_notif_cmd_dump_parts(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct ffa_notif_part_dump d = {
		.skb = skb,
		.cb = cb,
		.start = cb->args[0],
	};
	int ret;

	ret = genl_nd->backend->for_each_partition(&genl_nd->be,
						   ffa_notif_dump_one_part, &d);
	if (ret < 0)
		return ret;
	/* A partition too big for an empty message would loop forever. */
	if (d.full && d.index == d.start && skb->len == 0)
		return -EMSGSIZE;
	cb->args[0] = d.index;
	return skb->len;
}

/* ---- GET_BINDINGS -------------------------------------------------------- */

struct ffa_notif_binding_snap {
	u64 file_id;
	pid_t pid;
	u16 sender;
	u8 state;
	u8 held;
	char comm[TASK_COMM_LEN];
};

static int ffa_notif_cmd_dump_bindings(struct sk_buff *skb,
				       struct netlink_callback *cb)
{
	struct ffa_notif_dev *nd = genl_nd;
	struct ffa_notif_binding_snap *snap;
	struct ffp_hub_session *s;
	unsigned long flags;
	bool admin;
	long id;
	void *hdr;

	/*
	 * Who holds an ID (pid, comm, file id) is for administrators, as the
	 * monitor is: the socket's opener and the requester both need
	 * CAP_SYS_ADMIN.  Everyone sees which IDs are bound, from whom.
	 */
	admin = netlink_capable(cb->skb, CAP_SYS_ADMIN);
	snap = kcalloc(FFA_NOTIF_MAX_IDS, sizeof(*snap), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	flags = ffa_notif_lock(nd);
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++) {
		snap[id].state = nd->hub.state[id];
		snap[id].sender = nd->hub.sender[id];
		s = nd->hub.owner[id];
		if (s && admin) {
			struct ffa_notif_file *f = s->priv;

			snap[id].held = 1;
			snap[id].pid = f->tgid;
			snap[id].file_id = f->file_id;
			memcpy(snap[id].comm, f->comm, sizeof(f->comm));
		}
	}
	ffa_notif_unlock(nd, flags);

	for (id = cb->args[0]; id < FFA_NOTIF_MAX_IDS; id++) {
		const struct ffa_notif_binding_snap *b = &snap[id];

		if (b->state == FFP_HUB_ID_FREE)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &ffa_notif_genl_family,
				  NLM_F_MULTI, FFA_NOTIF_CMD_GET_BINDINGS);
		if (!hdr)
			break;
		if (nla_put_u32(skb, FFA_NOTIF_A_ID, id) ||
		    nla_put_u32(skb, FFA_NOTIF_A_SENDER, b->sender) ||
		    nla_put_u32(skb, FFA_NOTIF_A_STATE, b->state) ||
		    (b->held &&
		     (nla_put_u32(skb, FFA_NOTIF_A_PID, b->pid) ||
		      nla_put_string(skb, FFA_NOTIF_A_COMM, b->comm) ||
		      nla_put_u64_64bit(skb, FFA_NOTIF_A_FILE_ID, b->file_id,
					FFA_NOTIF_A_PAD)))) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	kfree(snap);
	cb->args[0] = id;
	return skb->len;
}

/* ---- the family ---------------------------------------------------------- */

static const struct genl_small_ops ffa_notif_genl_ops[] = {
	{
		.cmd = FFA_NOTIF_CMD_GET_INFO,
		.doit = ffa_notif_cmd_get_info,
	},
	{
		.cmd = FFA_NOTIF_CMD_GET_PARTITIONS,
		.dumpit = ffa_notif_cmd_dump_parts,
	},
	{
		.cmd = FFA_NOTIF_CMD_GET_BINDINGS,
		.dumpit = ffa_notif_cmd_dump_bindings,
	},
};

static struct genl_family ffa_notif_genl_family = {
	.name = FFA_NOTIF_GENL_NAME,
	.version = FFA_NOTIF_GENL_VERSION,
	.maxattr = FFA_NOTIF_A_MAX,
	.policy = ffa_notif_genl_policy,
	.module = THIS_MODULE,
	.small_ops = ffa_notif_genl_ops,
	.n_small_ops = ARRAY_SIZE(ffa_notif_genl_ops),
	/* The monitor group: ffa_notif_genl_init, where it is offered. */
};

/* ---- the monitor --------------------------------------------------------- */

static int ffa_notif_mon_send(const struct ffa_notif_mon_event *ev)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &ffa_notif_genl_family, 0,
			  FFA_NOTIF_CMD_EVENT);
	if (!hdr)
		goto nospace;
	if (nla_put_u32(msg, FFA_NOTIF_A_EVENT_KIND, ev->kind) ||
	    nla_put_u64_64bit(msg, FFA_NOTIF_A_NOTIFICATIONS, ev->bitmap,
			      FFA_NOTIF_A_PAD) ||
	    nla_put_u32(msg, FFA_NOTIF_A_SENDER, ev->sender) ||
	    nla_put_u32(msg, FFA_NOTIF_A_RECEIVER, ev->receiver) ||
	    nla_put_u32(msg, FFA_NOTIF_A_VCPU, ev->vcpu) ||
	    nla_put_u32(msg, FFA_NOTIF_A_FLAGS, ev->flags) ||
	    nla_put_u64_64bit(msg, FFA_NOTIF_A_TIMESTAMP, ev->timestamp,
			      FFA_NOTIF_A_PAD) ||
	    (ev->pid && nla_put_u32(msg, FFA_NOTIF_A_PID, ev->pid)) ||
	    (ev->file_id && nla_put_u64_64bit(msg, FFA_NOTIF_A_FILE_ID,
					      ev->file_id, FFA_NOTIF_A_PAD)))
		goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_multicast(&ffa_notif_genl_family, msg, 0,
				 FFA_NOTIF_MCGRP_MONITOR_IDX, GFP_KERNEL);
nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static void ffa_notif_mon_work(struct work_struct *work)
{
	struct ffa_notif_monitor *mon =
		container_of(work, struct ffa_notif_monitor, work);
	struct ffa_notif_mon_event ev;
	unsigned long flags;
	int ret;

	for (;;) {
		flags = ffa_notif_irq_lock(&mon->lock);
		if (!mon->count || mon->stopping) {
			ffa_notif_irq_unlock(&mon->lock, flags);
			return;
		}
		ev = mon->ring[mon->head];
		mon->head = (mon->head + 1) % FFA_NOTIF_MON_RING;
		mon->count--;
		ffa_notif_irq_unlock(&mon->lock, flags);

		/* -ESRCH: everyone left since; nobody missed anything. */
		ret = ffa_notif_mon_send(&ev);
		if (ret && ret != -ESRCH)
			atomic64_inc(&mon->drops);
		cond_resched();
	}
}

void ffa_notif_genl_event(struct ffa_notif_dev *nd, u32 kind, u64 bitmap,
			  u16 sender, u16 receiver, u16 vcpu, u32 flags,
			  u64 timestamp, pid_t pid, u64 file_id)
{
	struct ffa_notif_monitor *mon = nd->mon;
	struct ffa_notif_mon_event *ev;
	unsigned long irqflags;

	if (!mon || !mon->offered ||
	    !genl_has_listeners(&ffa_notif_genl_family, &init_net,
				FFA_NOTIF_MCGRP_MONITOR_IDX))
		return;
	irqflags = ffa_notif_irq_lock(&mon->lock);
	if (mon->stopping) {
		ffa_notif_irq_unlock(&mon->lock, irqflags);
		return;
	}
	if (mon->count == FFA_NOTIF_MON_RING) {
		ffa_notif_irq_unlock(&mon->lock, irqflags);
		atomic64_inc(&mon->drops);
		return;
	}
	ev = &mon->ring[(mon->head + mon->count) % FFA_NOTIF_MON_RING];
	ev->kind = kind;
	ev->bitmap = bitmap;
	ev->sender = sender;
	ev->receiver = receiver;
	ev->vcpu = vcpu;
	ev->flags = flags;
	ev->timestamp = timestamp;
	ev->pid = pid;
	ev->file_id = file_id;
	mon->count++;
	/* Under the lock, so that none is scheduled once stopping is set. */
	schedule_work(&mon->work);
	ffa_notif_irq_unlock(&mon->lock, irqflags);
}

int ffa_notif_genl_init(struct ffa_notif_dev *nd)
{
	struct ffa_notif_monitor *mon;
	int ret;
	unsigned long flags;

	mon = kzalloc(sizeof(*mon), GFP_KERNEL);
	if (!mon)
		return -ENOMEM;
	spin_lock_init(&mon->lock);
	atomic64_set(&mon->drops, 0);
	INIT_WORK(&mon->work, ffa_notif_mon_work);
#ifdef FFA_NOTIF_MCAST_ADMIN_ONLY
	if (monitor) {
		ffa_notif_genl_family.mcgrps = ffa_notif_mcgrps;
		ffa_notif_genl_family.n_mcgrps = ARRAY_SIZE(ffa_notif_mcgrps);
		mon->offered = true;
	}
#endif
	if (!mon->offered)
		pr_info("monitor group not offered (%s)\n",
			monitor ? "this kernel cannot restrict it to CAP_SYS_ADMIN" :
				  "monitor=0");

	/* GET_INFO may run as soon as the family is registered. */
	genl_nd = nd;
	flags = ffa_notif_lock(nd);
	nd->mon = mon;
	ffa_notif_unlock(nd, flags);
	ret = genl_register_family(&ffa_notif_genl_family);
	if (ret) {
		flags = ffa_notif_lock(nd);
		nd->mon = NULL;
		ffa_notif_unlock(nd, flags);
		genl_nd = NULL;
		cancel_work_sync(&mon->work);
		kfree(mon);
	}
	return ret;
}

void ffa_notif_genl_exit(void)
{
	struct ffa_notif_dev *nd = genl_nd;
	struct ffa_notif_monitor *mon = nd->mon;
	unsigned long flags;

	/*
	 * The monitor's worker sends through the family: stop it first (no
	 * event is queued or scheduled once stopping is set), then take the
	 * family away.  GET_INFO may run until then and reads mon.
	 */
	flags = ffa_notif_irq_lock(&mon->lock);
	mon->stopping = true;
	ffa_notif_irq_unlock(&mon->lock, flags);
	cancel_work_sync(&mon->work);
	genl_unregister_family(&ffa_notif_genl_family);
	/* Observers look at nd->mon under nd->lock: none after this. */
	flags = ffa_notif_lock(nd);
	nd->mon = NULL;
	ffa_notif_unlock(nd, flags);
	kfree(mon);
	genl_nd = NULL;
}
