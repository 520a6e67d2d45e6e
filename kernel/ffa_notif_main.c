// SPDX-License-Identifier: GPL-2.0-only
/*
 * ffa_notif.ko: Arm FF-A v1.1 notifications for userspace.
 *
 * /dev/ffa-notif implements include/uapi/linux/ffa_notif.h.  Each open file
 * is a session of the protocol core's hub (protocol/ffp_hub.c), which holds
 * every rule of the uAPI; this file only moves bytes between userspace and
 * the hub, sleeps where userspace waits, and picks the backend that makes
 * notifications real (ffa_notif_arm_ffa.c, ffa_notif_native.c,
 * ffa_notif_sim.c).
 *
 * Locking: nd->lock (a spinlock, interrupts off, because notifications
 * arrive from IPIs and interrupt work) guards the hub and the file list.
 * The hub never holds it across a backend call, and no callback runs
 * under it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ffa_notif_priv.h"
#include "ffa_notif_genl.h"

/* The core names errno values itself; they must be the kernel's. */
static_assert(FFP_EINVAL == EINVAL && FFP_EACCES == EACCES &&
	      FFP_EBUSY == EBUSY && FFP_ENODATA == ENODATA &&
	      FFP_EOPNOTSUPP == EOPNOTSUPP && FFP_ENOTTY == ENOTTY &&
	      FFP_ECANCELED == ECANCELED && FFP_EAGAIN == EAGAIN &&
	      FFP_ENOMEM == ENOMEM && FFP_EINTR == EINTR &&
	      FFP_EEXIST == EEXIST && FFP_ENOENT == ENOENT &&
	      FFP_ENOSPC == ENOSPC && FFP_EPROTO == EPROTO &&
	      FFP_ENODEV == ENODEV && FFP_EIO == EIO);

static char *backend = "auto";
module_param(backend, charp, 0444);
MODULE_PARM_DESC(backend,
		 "auto (arm_ffa if it has notifier ops, else native), arm_ffa, native or sim");

static struct ffa_notif_dev *ffa_notif_device;

/* ---- the hub's environment --------------------------------------------- */

static ffp_irqflags env_lock(void *ctx)
	__acquires(&((struct ffa_notif_dev *)ctx)->lock)
{
	return ffa_notif_lock(ctx);
}

static void env_unlock(void *ctx, ffp_irqflags flags)
	__releases(&((struct ffa_notif_dev *)ctx)->lock)
{
	ffa_notif_unlock(ctx, flags);
}

/* Any context, interrupts off included (the hub calls it under nd->lock). */
static ffp_u64 env_now_ns(void *ctx, ffp_u32 clock)
{
	switch (clock) {
	case FFA_NOTIF_CLOCK_BOOTTIME:
		return ktime_get_boottime_ns();
	case FFA_NOTIF_CLOCK_REALTIME:
		return ktime_get_real_ns();
	default:
		return ktime_get_ns();
	}
}

/*
 * A file's deeper queue (FFA_NOTIF_IOC_SET_FILE_CONFIG): process context,
 * nd->lock not held.  Charged to the memory cgroup of the process that
 * asked, as the file itself is to its opener's; up to 256 KiB, so
 * kvcalloc may fall back to vmalloc.
 */
static struct ffa_notif_event *env_queue_alloc(void *ctx, ffp_u32 n)
{
	return kvcalloc(n, sizeof(struct ffa_notif_event), GFP_KERNEL_ACCOUNT);
}

static void env_queue_free(void *ctx, struct ffa_notif_event *q)
{
	kvfree(q);
}

/*
 * Any context, nd->lock not held: the reader it wakes may run at once and
 * want the lock.  The hub keeps f alive until this returns (release waits
 * for a wake in flight before ffa_notif_release frees f).
 */
static void env_wake(void *ctx, struct ffp_hub_session *s)
{
	struct ffa_notif_file *f = s->priv;

	wake_up_interruptible_poll(&f->wait, EPOLLIN | EPOLLRDNORM);
}

/*
 * ffa_notif_release waiting for a wake in flight: process context, no
 * lock held.  Sleep rather than spin: the waker may be a worker preempted
 * on this CPU, which a spinning (perhaps real-time) closer would starve.
 */
static void env_relax(void *ctx)
{
	usleep_range(10, 50);
}

/* Under nd->lock: every arrival goes to the monitor (it only queues). */
static void env_observe(void *ctx, struct ffp_hub_session *s, int id,
			ffp_u16 sender, int per_vcpu, ffp_u16 vcpu, ffp_u64 now)
{
	struct ffa_notif_dev *nd = ctx;
	struct ffa_notif_file *f = s ? s->priv : NULL;

	ffa_notif_genl_event(nd,
			     f ? FFA_NOTIF_EVENT_KIND_DELIVERED :
				 FFA_NOTIF_EVENT_KIND_UNCLAIMED,
			     BIT_ULL(id), sender, nd->be.info.own_id, vcpu,
			     per_vcpu ? FFA_NOTIF_FLAG_PER_VCPU : 0, now,
			     f ? f->tgid : 0, f ? f->file_id : 0);
}

static const struct ffp_hub_env_ops ffa_notif_env = {
	.lock = env_lock,
	.unlock = env_unlock,
	.now_ns = env_now_ns,
	.wake = env_wake,
	.relax = env_relax,
	.observe = env_observe,
	.queue_alloc = env_queue_alloc,
	.queue_free = env_queue_free,
};

/*
 * The hub's provider: the backend's, with SETs counted and shown to the
 * monitor.  The hub calls these without its lock held.
 */
static int glue_bind(struct ffp_hub *hub, void *ctx, ffp_u16 sender, int id,
		     int per_vcpu)
{
	struct ffa_notif_dev *nd = ctx;

	return nd->be.prov.bind(hub, nd->be.prov_ctx, sender, id, per_vcpu);
}

static int glue_unbind(struct ffp_hub *hub, void *ctx, ffp_u16 sender, int id)
{
	struct ffa_notif_dev *nd = ctx;

	return nd->be.prov.unbind(hub, nd->be.prov_ctx, sender, id);
}

static int glue_set(struct ffp_hub *hub, void *ctx, ffp_u16 receiver,
		    ffp_u64 bitmap, int per_vcpu, ffp_u16 vcpu)
{
	struct ffa_notif_dev *nd = ctx;
	int ret;

	ret = nd->be.prov.set(hub, nd->be.prov_ctx, receiver, bitmap,
			      per_vcpu, vcpu);
	if (ret == 0) {
		atomic64_inc(&nd->sent);
		ffa_notif_genl_event(nd, FFA_NOTIF_EVENT_KIND_SENT, bitmap,
				     nd->be.info.own_id, receiver, vcpu,
				     per_vcpu ? FFA_NOTIF_FLAG_PER_VCPU : 0,
				     ktime_get_ns(), current->tgid, 0);
	}
	return ret;
}

static int glue_sim_ring(struct ffp_hub *hub, void *ctx, ffp_u16 sender,
			 ffp_u64 bitmap, int per_vcpu, ffp_u16 vcpu)
{
	struct ffa_notif_dev *nd = ctx;

	return nd->be.prov.sim_ring(hub, nd->be.prov_ctx, sender, bitmap,
				    per_vcpu, vcpu);
}

static int glue_sim_info(struct ffp_hub *hub, void *ctx,
			 struct ffa_notif_sim_info *out)
{
	struct ffa_notif_dev *nd = ctx;

	return nd->be.prov.sim_info(hub, nd->be.prov_ctx, out);
}

void ffa_notif_deliver(struct ffa_notif_be *be, int id, u16 sender,
		       bool per_vcpu, u16 vcpu)
{
	struct ffa_notif_dev *nd = container_of(be, struct ffa_notif_dev, be);

	ffp_hub_deliver(&nd->hub, id, sender, per_vcpu, vcpu);
}

/* ---- file operations ----------------------------------------------------- */

static int ffa_notif_open(struct inode *inode, struct file *file)
{
	struct ffa_notif_dev *nd = ffa_notif_device;
	struct ffa_notif_file *f;
	unsigned long flags;

	/* Charged to the opener's memory cgroup: each open pins a queue, and
	 * whoever may open the device (its mode decides) must not pin kernel
	 * memory beyond its limits.
	 */
	f = kzalloc(sizeof(*f), GFP_KERNEL_ACCOUNT);
	if (!f)
		return -ENOMEM;
	f->nd = nd;
	init_waitqueue_head(&f->wait);
	mutex_init(&f->read_lock);
	f->tgid = task_tgid_nr(current);
	get_task_comm(f->comm, current);
	ffp_hub_session_init(&nd->hub, &f->hs, f);

	flags = ffa_notif_lock(nd);
	f->file_id = ++nd->next_file_id;
	list_add_tail(&f->node, &nd->files);
	ffa_notif_unlock(nd, flags);

	file->private_data = f;
	return stream_open(inode, file);
}

static int ffa_notif_release(struct inode *inode, struct file *file)
{
	struct ffa_notif_file *f = file->private_data;
	struct ffa_notif_dev *nd = f->nd;
	unsigned long flags;

	/* Unbinds everything this file holds and frees a queue of the file's
	 * choice; may sleep (backend calls).
	 */
	ffp_hub_session_release(&f->hs);

	flags = ffa_notif_lock(nd);
	list_del(&f->node);
	ffa_notif_unlock(nd, flags);

	mutex_destroy(&f->read_lock);
	kfree(f);
	return 0;
}

/*
 * Events the reader took from the queue but could not be given (a fault
 * in its buffer) are lost: count them like an overflow, so that the next
 * record and the stats say so.
 */
static void ffa_notif_count_lost(struct ffa_notif_file *f,
				 const struct ffa_notif_event *ev, u32 n)
{
	u32 bits = 0, i;
	unsigned long flags;

	for (i = 0; i < n; i++)
		bits += hweight64(ev[i].notifications);
	flags = ffa_notif_lock(f->nd);
	f->hs.dropped_unreported += bits;
	f->hs.stats.dropped += bits;
	ffa_notif_unlock(f->nd, flags);
}

/*
 * Take what is queued, up to `max` records, into the reader's buffer.
 * Under the per-file read lock: the bounce buffer is the file's.
 */
static ssize_t ffa_notif_take(struct ffa_notif_file *f, char __user *buf,
			      size_t max)
{
	const size_t rec = sizeof(struct ffa_notif_event);
	size_t done = 0;
	u32 n, want, left;

	while (done < max) {
		want = min_t(size_t, max - done, ARRAY_SIZE(f->bounce));
		n = ffp_hub_read_left(&f->hs, f->bounce, want, &left);
		if (n == 0)
			break;
		if (copy_to_user(buf + done * rec, f->bounce, n * rec)) {
			ffa_notif_count_lost(f, f->bounce, n);
			return done ? (ssize_t)(done * rec) : -EFAULT;
		}
		done += n;
		/* Nothing left: no other look under the lock for it. */
		if (!left)
			break;
	}
	return done * rec;
}

static ssize_t ffa_notif_read(struct file *file, char __user *buf,
			      size_t count, loff_t *ppos)
{
	const size_t max = count / sizeof(struct ffa_notif_event);
	struct ffa_notif_file *f = file->private_data;
	ssize_t ret;

	if (max == 0)
		return -EINVAL;
	for (;;) {
		/* Held for a copy only, never while sleeping for events, so
		 * a non-blocking reader never waits for a blocked one.
		 */
		if (mutex_lock_interruptible(&f->read_lock))
			return -ERESTARTSYS;
		ret = ffa_notif_take(f, buf, max);
		mutex_unlock(&f->read_lock);
		if (ret)
			return ret;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(f->wait,
					       ffp_hub_readable(&f->hs));
		if (ret)
			return ret;
	}
}

static __poll_t ffa_notif_poll(struct file *file, poll_table *wait)
{
	struct ffa_notif_file *f = file->private_data;

	poll_wait(file, &f->wait, wait);
	return ffp_hub_readable(&f->hs) ? EPOLLIN | EPOLLRDNORM : 0;
}

/* Every argument of the uAPI, for one copy in and one out. */
union ffa_notif_ioctl_arg {
	struct ffa_notif_info info;
	struct ffa_notif_binding binding;
	struct ffa_notif_set_req set;
	struct ffa_notif_stats stats;
	struct ffa_notif_sim_ring ring;
	struct ffa_notif_sim_info sim_info;
	struct ffa_notif_file_config file_config;
};

static long ffa_notif_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct ffa_notif_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;
	union ffa_notif_ioctl_arg a;
	u32 size;
	long ret;

	/*
	 * Direction, type, number and size must all be the uAPI's, and the
	 * simulator's commands are not a firmware backend's: ENOTTY, the
	 * argument untouched.
	 */
	size = ffp_hub_cmd_size(&f->nd->hub, cmd);
	if (size == 0 || size > sizeof(a))
		return -ENOTTY;
	/*
	 * Making the simulated firmware ring us is for administrators (and
	 * tests): those who opened the file, as for any privilege a file
	 * carries, so that a privileged opener may hand it on and a
	 * privileged process is not tricked into ringing on another's fd.
	 */
	if (cmd == FFA_NOTIF_IOC_SIM_RING && f->nd->glue_prov.sim_ring &&
	    !file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN))
		return -EPERM;

	memset(&a, 0, sizeof(a));
	if ((_IOC_DIR(cmd) & _IOC_WRITE) && copy_from_user(&a, uarg, size))
		return -EFAULT;
	ret = ffp_hub_ioctl(&f->hs, cmd, &a);
	if (ret == 0 && (_IOC_DIR(cmd) & _IOC_READ) &&
	    copy_to_user(uarg, &a, size))
		return -EFAULT;
	return ret;
}

static void ffa_notif_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct ffa_notif_file *f = file->private_data;
	struct ffa_notif_dev *nd = f->nd;
	static const char *const clocks[] = {
		[FFA_NOTIF_CLOCK_MONOTONIC] = "monotonic",
		[FFA_NOTIF_CLOCK_BOOTTIME] = "boottime",
		[FFA_NOTIF_CLOCK_REALTIME] = "realtime",
	};
	struct ffa_notif_stats st;
	u16 senders[FFA_NOTIF_MAX_IDS];
	u64 bound;
	u32 queued, depth, clock;
	int id;
	unsigned long flags;

	flags = ffa_notif_lock(nd);
	bound = f->hs.bound;
	queued = f->hs.count;
	depth = f->hs.depth;
	clock = f->hs.clock;
	st = f->hs.stats;
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++)
		senders[id] = nd->hub.sender[id];
	ffa_notif_unlock(nd, flags);

	seq_printf(m, "ffa-notif-file-id:\t%llu\n", f->file_id);
	seq_printf(m, "ffa-notif-backend:\t%s\n", nd->backend->name);
	seq_printf(m, "ffa-notif-bound:\t0x%016llx\n", bound);
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++)
		if (bound & BIT_ULL(id))
			seq_printf(m, "ffa-notif-id:\t%d sender=0x%04x\n", id,
				   senders[id]);
	seq_printf(m, "ffa-notif-queued:\t%u\n", queued);
	seq_printf(m, "ffa-notif-queue-depth:\t%u\n", depth);
	seq_printf(m, "ffa-notif-clock:\t%s\n",
		   clock < ARRAY_SIZE(clocks) ? clocks[clock] : "?");
	seq_printf(m, "ffa-notif-events:\t%llu\n", st.events);
	seq_printf(m, "ffa-notif-read:\t%llu\n", st.read);
	seq_printf(m, "ffa-notif-coalesced:\t%llu\n", st.coalesced);
	seq_printf(m, "ffa-notif-dropped:\t%llu\n", st.dropped);
}

static const struct file_operations ffa_notif_fops = {
	.owner = THIS_MODULE,
	.open = ffa_notif_open,
	.release = ffa_notif_release,
	.read = ffa_notif_read,
	.poll = ffa_notif_poll,
	.unlocked_ioctl = ffa_notif_ioctl,
	/* Every struct is of fixed-width types, 8-byte aligned. */
	.compat_ioctl = compat_ptr_ioctl,
	.show_fdinfo = ffa_notif_show_fdinfo,
};

/* ---- backend choice and module lifetime ---------------------------------- */

static const struct ffa_notif_backend_ops *ffa_notif_pick(const char *name)
{
	if (!strcmp(name, "sim"))
		return &ffa_notif_sim_backend;
#ifdef FFA_NOTIF_HAVE_ARM_FFA
	if (!strcmp(name, "arm_ffa"))
		return &ffa_notif_arm_ffa_backend;
#endif
#ifdef FFA_NOTIF_HAVE_NATIVE
	if (!strcmp(name, "native"))
		return &ffa_notif_native_backend;
#endif
	return NULL;
}

/*
 * backend=auto: Linux's arm_ffa where it has notifier ops and found
 * firmware; otherwise our own FF-A calls where FF-A answers; never the
 * simulator, which must be asked for.
 */
static int ffa_notif_start_auto(struct ffa_notif_dev *nd)
{
	int ret = -ENODEV;

#ifdef FFA_NOTIF_HAVE_ARM_FFA
	if (ffa_notif_arm_ffa_present()) {
		nd->backend = &ffa_notif_arm_ffa_backend;
		return nd->backend->start(&nd->be);
	}
#endif
#ifdef FFA_NOTIF_HAVE_NATIVE
	nd->backend = &ffa_notif_native_backend;
	ret = nd->backend->start(&nd->be);
	if (ret == 0)
		return 0;
#endif
	pr_err("no FF-A notifications found (%d); load with backend=sim for the simulator\n",
	       ret);
	return -ENODEV;
}

static int __init ffa_notif_init(void)
{
	struct ffa_notif_dev *nd;
	int ret;

	nd = kzalloc(sizeof(*nd), GFP_KERNEL);
	if (!nd)
		return -ENOMEM;
	spin_lock_init(&nd->lock);
	INIT_LIST_HEAD(&nd->files);
	atomic64_set(&nd->sent, 0);
	nd->glue_prov.bind = glue_bind;
	nd->glue_prov.unbind = glue_unbind;
	nd->glue_prov.set = glue_set;
	/*
	 * The hub before the backend: whatever a backend delivers while it
	 * starts finds a hub (and no file: counted as unclaimed).  Its
	 * description follows once the backend has filled nd->be.info.
	 */
	ffp_hub_init(&nd->hub, &nd->glue_prov, nd, &ffa_notif_env, nd,
		     &nd->be.info);

	if (!strcmp(backend, "auto")) {
		ret = ffa_notif_start_auto(nd);
	} else {
		nd->backend = ffa_notif_pick(backend);
		if (!nd->backend) {
			pr_err("backend=%s: unknown or not built for this kernel\n",
			       backend);
			ret = -EINVAL;
		} else {
			ret = nd->backend->start(&nd->be);
		}
	}
	if (ret)
		goto err_free;

	nd->be.info.backend = nd->backend->id;
	if (nd->be.prov.sim_ring)
		nd->glue_prov.sim_ring = glue_sim_ring;
	if (nd->be.prov.sim_info)
		nd->glue_prov.sim_info = glue_sim_info;
	ffp_hub_set_info(&nd->hub, &nd->be.info);
	ffa_notif_device = nd;

	ret = ffa_notif_genl_init(nd);
	if (ret)
		goto err_stop;

	nd->misc.minor = MISC_DYNAMIC_MINOR;
	nd->misc.name = FFA_NOTIF_NAME;
	nd->misc.fops = &ffa_notif_fops;
	nd->misc.mode = 0600;
	ret = misc_register(&nd->misc);
	if (ret)
		goto err_genl;

	pr_info("backend %s, FF-A v%u.%u, endpoint 0x%04x, %u vCPUs\n",
		nd->backend->name, nd->be.info.ffa_version >> 16,
		nd->be.info.ffa_version & 0xffff, nd->be.info.own_id,
		nd->be.info.vcpu_count);
	return 0;

err_genl:
	ffa_notif_genl_exit();
err_stop:
	ffa_notif_device = NULL;
	nd->backend->stop(&nd->be);
err_free:
	kfree(nd);
	return ret;
}

static void __exit ffa_notif_exit(void)
{
	struct ffa_notif_dev *nd = ffa_notif_device;

	/* No file is open (each holds a module reference). */
	misc_deregister(&nd->misc);
	ffa_notif_genl_exit();
	nd->backend->stop(&nd->be);
	ffa_notif_device = NULL;
	kfree(nd);
}

module_init(ffa_notif_init);
module_exit(ffa_notif_exit);

MODULE_DESCRIPTION("Arm FF-A notifications for userspace");
MODULE_AUTHOR("The ffa-notif authors");
MODULE_LICENSE("GPL");
