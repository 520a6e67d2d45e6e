// SPDX-License-Identifier: GPL-2.0-only
/*
 * ffa_notif.ko: the native backend, for arm64 kernels whose arm_ffa has no
 * notifier ops (before 6.7) or that have no arm_ffa at all.
 *
 * It is the protocol core's driver side (protocol/ffp_driver.c, which
 * packs every register through protocol/ffp_abi.c) over SMCCC v1.2 calls:
 * SMC or HVC as the kernel's SMCCC conduit says, or as the module
 * parameter conduit= forces.  The core's table lock is a spinlock taken
 * with interrupts off and never held over an SMC; its call lock, held over
 * BIND, UNBIND and GET, is a mutex: no SMC is issued with interrupts off.
 *
 * The Schedule Receiver Interrupt is the SGI FFA_FEATURES names, mapped
 * through the GICv3 node (DT) or as a GSI (ACPI) and requested as a
 * per-CPU interrupt, enabled on every CPU that comes online (a cpuhp
 * state).  Its handler only queues work; the worker runs the core's
 * INFO_GET loop, which GETs this endpoint's notifications and gives
 * partitions that asked for cycles an FFA_RUN (vCPU n on CPU n, since an
 * SPMC pins the vCPUs of a multi-processor partition; a global entry runs
 * vCPU 0, on CPU 0).
 *
 * Per-vCPU notifications: the core's INFO_GET loop GETs a listed vCPU
 * from the worker's CPU, with that vCPU in w1[31:16].  Linux instead runs
 * that GET on the CPU itself.  If the firmware refuses the GET (it may
 * want the call from that CPU), or INFO_GET fails, the notifications stay
 * pending and INFO_GET will not list them again: a delayed retry then GETs
 * every vCPU on its own CPU (work_on_cpu) and runs INFO_GET again, with a
 * backoff, up to NB_RETRIES times until the next SRI.  The drain that the
 * core does before retrying a refused UNBIND is issued from the calling
 * CPU as well.
 *
 * Errors are the core's, which maps FF-A status codes as arm_ffa does
 * (DENIED is EACCES).  Two of its own are translated for the hub: a
 * notifier this driver already has for (ID, world) is EBUSY (the ID is in
 * use), and an unbind with no notifier left is success (nothing is bound).
 *
 * Where the arm_ffa core is up (with notifier ops it owns notifications:
 * this backend refuses to start; without, 6.1-6.6, it owns the RX/TX
 * buffers) partitions are read from its bus.  Otherwise this backend maps
 * its own RX/TX buffers and asks FFA_PARTITION_INFO_GET.
 *
 * This file: the SMCCC conduit and the core's locks, the provider for the
 * hub, and the backend's start and stop.  ffa_notif_native_sri.c: the SRI,
 * its worker and retries, CPU hotplug and the partitions' cycles;
 * ffa_notif_native_rxtx.c: the RX/TX buffers and partition discovery.
 * ffa_notif_native.h: what they share.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": native: " fmt

#include "ffa_notif_backend.h"

#ifdef FFA_NOTIF_HAVE_NATIVE

#include <linux/arm-smccc.h>
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "../protocol/ffp_abi.h"
#include "../protocol/ffp_driver.h"
#include "ffa_notif_native.h"

static char *conduit;
module_param(conduit, charp, 0444);
MODULE_PARM_DESC(conduit,
		 "native backend: FF-A conduit, smc or hvc (default: the kernel's SMCCC conduit)");

/* ---- conduit and lock ---------------------------------------------------- */

void nb_call(void *ctx, const struct ffp_regs *in, struct ffp_regs *out)
{
	struct nb_ctx *c = ctx;
	struct arm_smccc_1_2_regs args = {
		.a0 = in->a[0], .a1 = in->a[1], .a2 = in->a[2],
		.a3 = in->a[3], .a4 = in->a[4], .a5 = in->a[5],
		.a6 = in->a[6], .a7 = in->a[7],
	};
	struct arm_smccc_1_2_regs res;

	/* Firmware time must never be interrupts-off time (see ffp_drv). */
	lockdep_assert_irqs_enabled();
	c->smccc(&args, &res);
	out->a[0] = res.a0;
	out->a[1] = res.a1;
	out->a[2] = res.a2;
	out->a[3] = res.a3;
	out->a[4] = res.a4;
	out->a[5] = res.a5;
	out->a[6] = res.a6;
	out->a[7] = res.a7;
}

int nb_call_status(struct nb_ctx *c, const struct ffp_regs *in,
		   struct ffp_regs *out)
{
	nb_call(c, in, out);
	return ffp_status_to_errno(ffp_resp_status(out));
}

static ffp_irqflags nb_lock(void *ctx)
	__acquires(&((struct nb_ctx *)ctx)->lock)
{
	return ffa_notif_irq_lock(&((struct nb_ctx *)ctx)->lock);
}

static void nb_unlock(void *ctx, ffp_irqflags flags)
	__releases(&((struct nb_ctx *)ctx)->lock)
{
	ffa_notif_irq_unlock(&((struct nb_ctx *)ctx)->lock, flags);
}

/*
 * BIND, UNBIND and GET run under this, so they run where we may sleep:
 * the SRI worker, ioctls, and the per-CPU GETs of nb_get_all, which go
 * through work_on_cpu rather than an IPI for that reason.
 */
static void nb_call_lock(void *ctx)
	__acquires(&((struct nb_ctx *)ctx)->call_lock)
{
	mutex_lock(&((struct nb_ctx *)ctx)->call_lock);
}

static void nb_call_unlock(void *ctx)
	__releases(&((struct nb_ctx *)ctx)->call_lock)
{
	mutex_unlock(&((struct nb_ctx *)ctx)->call_lock);
}

static const struct ffp_drv_ops nb_drv_ops = {
	.call = nb_call,
	.lock = nb_lock,
	.unlock = nb_unlock,
	.call_lock = nb_call_lock,
	.call_unlock = nb_call_unlock,
};

static int nb_pick_conduit(struct nb_ctx *c)
{
	enum arm_smccc_conduit cd = arm_smccc_1_1_get_conduit();
	u32 ver = arm_smccc_get_version();

	if (conduit && *conduit) {
		if (sysfs_streq(conduit, "smc")) {
			cd = SMCCC_CONDUIT_SMC;
		} else if (sysfs_streq(conduit, "hvc")) {
			cd = SMCCC_CONDUIT_HVC;
		} else {
			pr_err("conduit=%s: expected smc or hvc\n", conduit);
			return -EINVAL;
		}
	}
	if (cd == SMCCC_CONDUIT_NONE) {
		pr_info("no SMCCC conduit: no FF-A here\n");
		return -ENODEV;
	}
	if (ver < ARM_SMCCC_VERSION_1_2) {
		pr_info("SMCCC v%u.%u; FF-A needs v1.2 or later\n",
			ver >> 16, ver & 0xffff);
		return -EOPNOTSUPP;
	}
	c->smccc = cd == SMCCC_CONDUIT_SMC ? arm_smccc_1_2_smc :
					     arm_smccc_1_2_hvc;
	return 0;
}

/* ---- provider for the hub ------------------------------------------------ */

/* A notifier callback of the core (a worker or an ioctl: process context). */
static void nb_notify(int id, ffp_u16 sender, int per_vcpu, ffp_u16 vcpu,
		      void *data)
{
	struct nb_ctx *c = data;

	ffa_notif_deliver(c->be, id, sender, per_vcpu, vcpu);
}

static int nb_bind(struct ffp_hub *hub, void *ctx, ffp_u16 sender, int id,
		   int per_vcpu)
{
	struct nb_ctx *c = ctx;
	int ret;

	ret = ffp_drv_notify_request(&c->drv, sender, per_vcpu, id, nb_notify,
				     c);
	/* Our own notifier for (ID, world) exists: the ID is in use. */
	return ret == -FFP_EEXIST ? -EBUSY : ret;
}

static int nb_unbind(struct ffp_hub *hub, void *ctx, ffp_u16 sender, int id)
{
	struct nb_ctx *c = ctx;
	int ret;

	ret = ffp_drv_notify_relinquish(&c->drv, sender, id);
	/* No notifier of ours: nothing is bound in the kernel. */
	return ret == -FFP_ENOENT ? 0 : ret;
}

static int nb_set(struct ffp_hub *hub, void *ctx, ffp_u16 receiver,
		  ffp_u64 bitmap, int per_vcpu, ffp_u16 vcpu)
{
	struct nb_ctx *c = ctx;

	return ffp_drv_notify_send_bitmap(&c->drv, receiver, bitmap, per_vcpu,
					  vcpu);
}

/* ---- backend ------------------------------------------------------------- */

static void nb_drv_fini(struct nb_ctx *c)
{
	int ret = ffp_drv_fini(&c->drv);

	if (ret == -EACCES) {
		/* DENIED while something is pending: fetch it, try again. */
		nb_get_all(c);
		ret = ffp_drv_fini(&c->drv);
	}
	if (ret)
		pr_warn("FFA_NOTIFICATION_BITMAP_DESTROY refused (%d)\n", ret);
}

static int nb_start(struct ffa_notif_be *be)
{
	bool arm_ffa = ffa_notif_arm_ffa_present();
	struct nb_ctx *c;
	int ret;

#ifdef FFA_NOTIF_HAVE_ARM_FFA
	if (arm_ffa) {
		pr_err("arm_ffa owns FF-A notifications on this kernel; use backend=arm_ffa\n");
		return -EBUSY;
	}
#endif
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->be = be;
	c->arm_ffa_bus = arm_ffa;
	spin_lock_init(&c->lock);
	mutex_init(&c->call_lock);
	INIT_WORK(&c->sri_work, nb_sri_work);
	INIT_DELAYED_WORK(&c->retry_work, nb_retry_work);
	atomic64_set(&c->sri, 0);
	atomic64_set(&c->run_errors, 0);

	ret = nb_pick_conduit(c);
	if (ret)
		goto err_free;

	ret = ffp_drv_init(&c->drv, &nb_drv_ops, c, nr_cpu_ids);
	if (ret && arm_ffa && ffa_notif_arm_ffa_version() &&
	    ffa_notif_arm_ffa_version() < FFP_VERSION_1_1) {
		/*
		 * An FF-A version is the endpoint's, fixed by its first other
		 * call: arm_ffa's probe (6.1-6.6: FF-A v1.0) made them, so a
		 * conforming SPMC refuses v1.1 and with it notifications.
		 */
		pr_err("arm_ffa negotiated FF-A v%u.%u with the firmware first, which keeps this kernel at it: notifications need v1.1; boot without arm_ffa (CONFIG_ARM_FFA_TRANSPORT=n) for the native backend (%d)\n",
		       ffa_notif_arm_ffa_version() >> 16,
		       ffa_notif_arm_ffa_version() & 0xffff, ret);
		goto err_free;
	}
	if (ret) {
		pr_info("no FF-A v1.1 notifications from the firmware (%d)\n",
			ret);
		goto err_free;
	}

	/* Partitions: only their list depends on this; not fatal. */
	if (!arm_ffa) {
		ret = nb_rxtx_map(c);
		if (!ret)
			ret = nb_discover(c);
		if (ret)
			pr_warn("partitions not discovered (%d): none listed, none given cycles\n",
				ret);
	}

	c->wq = alloc_ordered_workqueue("ffa_notif_sri", 0);
	if (!c->wq) {
		ret = -ENOMEM;
		goto err_rxtx;
	}
	/* Scheduler callbacks first: the first SRI may list partitions. */
	nb_sched_register(c);
	ret = nb_sri_setup(c);
	if (ret)
		goto err_sched;

	memset(&be->info, 0, sizeof(be->info));
	be->info.backend = FFA_NOTIF_BACKEND_NATIVE;
	be->info.ffa_version = c->drv.version;
	be->info.own_id = c->drv.own_id;
	be->info.vcpu_count = c->drv.vcpu_count;
	be->info.sri_intid = c->drv.sri_intid;
	be->info.features = FFA_NOTIF_FEAT_PER_VCPU;
	memset(&be->prov, 0, sizeof(be->prov));
	be->prov.bind = nb_bind;
	be->prov.unbind = nb_unbind;
	be->prov.set = nb_set;
	be->prov_ctx = c;
	be->backend_priv = c;
	return 0;

err_sched:
	nb_sched_unregister(c);
	destroy_workqueue(c->wq);
err_rxtx:
	nb_rxtx_unmap(c);
	kfree(c->parts);
	nb_drv_fini(c);
err_free:
	mutex_destroy(&c->call_lock);
	kfree(c);
	return ret;
}

static void nb_stop(struct ffa_notif_be *be)
{
	struct nb_ctx *c = be->backend_priv;

	nb_sri_teardown(c);
	/* No SRI any more; the works may still queue each other once. */
	WRITE_ONCE(c->stopping, true);
	cancel_delayed_work_sync(&c->retry_work);
	cancel_work_sync(&c->sri_work);
	cancel_delayed_work_sync(&c->retry_work);
	nb_sched_unregister(c);
	destroy_workqueue(c->wq);
	nb_rxtx_unmap(c);
	kfree(c->parts);
	nb_drv_fini(c);
	be->backend_priv = NULL;
	be->prov_ctx = NULL;
	mutex_destroy(&c->call_lock);
	kfree(c);
}

static int nb_walk_partitions(struct ffa_notif_be *be, ffa_notif_part_fn fn,
			      void *arg)
{
	struct nb_ctx *c = be->backend_priv;
	unsigned int i;
	int ret;

	if (c->arm_ffa_bus)
		return ffa_notif_arm_ffa_walk(c->drv.own_id, fn, arg);
	for (i = 0; i < c->n_parts; i++) {
		ret = fn(arg, &c->parts[i]);
		if (ret)
			return ret;
	}
	return 0;
}

static void nb_get_stats(struct ffa_notif_be *be,
			 struct ffa_notif_backend_stats *st)
{
	struct nb_ctx *c = be->backend_priv;
	unsigned long flags;
	u64 errors;

	flags = nb_lock(c);
	errors = c->drv.stats.info_get_errors + c->drv.stats.get_errors;
	nb_unlock(c, flags);
	st->sri = atomic64_read(&c->sri);
	st->fw_errors = errors + atomic64_read(&c->run_errors);
}

const struct ffa_notif_backend_ops ffa_notif_native_backend = {
	.name = "native",
	.id = FFA_NOTIF_BACKEND_NATIVE,
	.start = nb_start,
	.stop = nb_stop,
	.for_each_partition = nb_walk_partitions,
	.get_stats = nb_get_stats,
};

#endif /* FFA_NOTIF_HAVE_NATIVE */
