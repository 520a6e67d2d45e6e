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
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": native: " fmt

#include "ffa_notif_priv.h"

#ifdef FFA_NOTIF_HAVE_NATIVE

#include <linux/acpi.h>
#include <linux/arm-smccc.h>
#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "../protocol/ffp_abi.h"
#include "../protocol/ffp_driver.h"

static char *conduit;
module_param(conduit, charp, 0444);
MODULE_PARM_DESC(conduit,
		 "native backend: FF-A conduit, smc or hvc (default: the kernel's SMCCC conduit)");

#define NB_RETRY_FIRST_MS 10
#define NB_RETRY_MAX_MS 1000
#define NB_RETRIES 8

typedef void (*nb_smccc_fn)(const struct arm_smccc_1_2_regs *args,
			    struct arm_smccc_1_2_regs *res);

struct nb_ctx {
	struct ffa_notif_dev *nd;
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

/* ---- conduit and lock ---------------------------------------------------- */

static void nb_call(void *ctx, const struct ffp_regs *in, struct ffp_regs *out)
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

/* Issue a call that answers SUCCESS or ERROR: 0 or a negative errno. */
static int nb_call_status(struct nb_ctx *c, const struct ffp_regs *in,
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

/* ---- arrivals, cycles, and the SRI --------------------------------------- */

/* A notifier callback of the core (a worker or an ioctl: process context). */
static void nb_notify(int id, ffp_u16 sender, int per_vcpu, ffp_u16 vcpu,
		      void *data)
{
	struct nb_ctx *c = data;

	ffa_notif_deliver(c->nd, id, sender, per_vcpu, vcpu);
}

/*
 * fn(arg) on `cpu` from a kworker bound to it (it may sleep), or -ENODEV if
 * the CPU is offline.  What work_on_cpu_safe() did before 7.2 removed it.
 */
static long nb_on_cpu(unsigned int cpu, long (*fn)(void *), void *arg)
{
	long ret = -ENODEV;

	cpus_read_lock();
	if (cpu_online(cpu))
		ret = work_on_cpu(cpu, fn, arg);
	cpus_read_unlock();
	return ret;
}

struct nb_run {
	struct nb_ctx *c;
	u16 part_id;
	u16 vcpu;
};

static long nb_run_fn(void *arg)
{
	struct nb_run *r = arg;

	return ffp_drv_run(&r->c->drv, r->part_id, r->vcpu);
}

/* A scheduler callback of the core: from the SRI worker, no lock held. */
static void nb_sched(ffp_u16 part_id, ffp_u16 vcpu, int per_vcpu, void *data)
{
	struct nb_run r = {
		.c = data,
		.part_id = part_id,
		.vcpu = per_vcpu ? vcpu : 0,
	};
	long ret = -EINVAL;

	/* vCPU n of a partition runs on CPU n (it may be pinned there). */
	if (r.vcpu < nr_cpu_ids)
		ret = nb_on_cpu(r.vcpu, nb_run_fn, &r);
	if (ret) {
		atomic64_inc(&r.c->run_errors);
		pr_debug("FFA_RUN 0x%04x vCPU %u: %ld\n", part_id, r.vcpu, ret);
	}
}

/* On the CPU whose vCPU it fetches (nb_on_cpu: GET may sleep). */
static long nb_get_here(void *arg)
{
	struct nb_ctx *c = arg;
	int ret = ffp_drv_get_and_dispatch(&c->drv, raw_smp_processor_id());

	return ret < 0 ? ret : 0;
}

/* GET (and dispatch) every vCPU of ours, each on its own CPU if online. */
static int nb_get_all(struct nb_ctx *c)
{
	unsigned int cpu;
	long r;
	int ret = 0;

	for (cpu = 0; cpu < c->drv.vcpu_count; cpu++) {
		/* -ENODEV: offline; its vCPU is fetched from here. */
		r = nb_on_cpu(cpu, nb_get_here, c);
		if (r == -ENODEV)
			r = min(ffp_drv_get_and_dispatch(&c->drv, cpu), 0);
		if (r && !ret)
			ret = r;
	}
	return ret;
}

static void nb_retry_later(struct nb_ctx *c, unsigned int ms)
{
	if (!READ_ONCE(c->stopping))
		queue_delayed_work(c->wq, &c->retry_work,
				   msecs_to_jiffies(ms));
}

static void nb_sri_work(struct work_struct *work)
{
	struct nb_ctx *c = container_of(work, struct nb_ctx, sri_work);
	int ret;

	atomic64_inc(&c->sri);
	ret = ffp_drv_handle_sri(&c->drv);
	if (ret < 0) {
		pr_warn_ratelimited("SRI: firmware refused INFO_GET or GET (%d); retrying\n",
				    ret);
		nb_retry_later(c, NB_RETRY_FIRST_MS);
	}
}

/*
 * Notifications a refused GET left pending are not listed by INFO_GET
 * again: fetch every vCPU's on its CPU, then look at INFO_GET anew.
 */
static void nb_retry_work(struct work_struct *work)
{
	struct nb_ctx *c = container_of(to_delayed_work(work), struct nb_ctx,
					retry_work);
	int get, info;

	get = nb_get_all(c);
	info = ffp_drv_handle_sri(&c->drv);
	if (get == 0 && info >= 0) {
		c->retries = 0;
		return;
	}
	if (++c->retries >= NB_RETRIES) {
		pr_err_ratelimited("firmware keeps refusing GET (%d) or INFO_GET (%d); waiting for the next SRI\n",
				   get, info);
		c->retries = 0;
		return;
	}
	nb_retry_later(c, min(NB_RETRY_MAX_MS,
			      NB_RETRY_FIRST_MS << c->retries));
}

static irqreturn_t nb_sri_irq(int irq, void *dev_id)
{
	struct nb_ctx *c = *(struct nb_ctx **)dev_id;

	queue_work(c->wq, &c->sri_work);
	return IRQ_HANDLED;
}

static int nb_cpu_online(unsigned int cpu, struct hlist_node *node)
{
	struct nb_ctx *c = hlist_entry(node, struct nb_ctx, cpuhp_node);

	enable_percpu_irq(c->irq, IRQ_TYPE_NONE);
	return 0;
}

static int nb_cpu_offline(unsigned int cpu, struct hlist_node *node)
{
	struct nb_ctx *c = hlist_entry(node, struct nb_ctx, cpuhp_node);

	disable_percpu_irq(c->irq);
	return 0;
}

/* The SRI's Linux IRQ: an SGI, which GICv3 maps from a one-cell spec. */
static int nb_map_sri(u32 intid)
{
	int irq = -ENXIO;

	if (intid >= 16) {
		pr_err("SRI intid %u is not an SGI: not supported\n", intid);
		return -ENXIO;
	}
	if (acpi_disabled) {
		struct of_phandle_args oirq = {};
		struct device_node *gic;

		gic = of_find_compatible_node(NULL, NULL, "arm,gic-v3");
		if (!gic) {
			pr_err("SRI: no GICv3 in the device tree\n");
			return -ENXIO;
		}
		oirq.np = gic;
		oirq.args_count = 1;
		oirq.args[0] = intid;
		irq = irq_create_of_mapping(&oirq);
		of_node_put(gic);
#ifdef CONFIG_ACPI
	} else {
		irq = acpi_register_gsi(NULL, intid, ACPI_EDGE_SENSITIVE,
					ACPI_ACTIVE_HIGH);
#endif
	}
	if (irq <= 0) {
		pr_err("SRI: cannot map intid %u (%d)\n", intid, irq);
		return -ENXIO;
	}
	return irq;
}

static void nb_unmap_sri(struct nb_ctx *c)
{
	if (acpi_disabled)
		irq_dispose_mapping(c->irq);
#ifdef CONFIG_ACPI
	else
		acpi_unregister_gsi(c->drv.sri_intid);
#endif
}

static int nb_sri_setup(struct nb_ctx *c)
{
	int cpu, ret;

	ret = nb_map_sri(c->drv.sri_intid);
	if (ret < 0)
		return ret;
	c->irq = ret;

	c->irq_ctx = alloc_percpu(struct nb_ctx *);
	if (!c->irq_ctx) {
		ret = -ENOMEM;
		goto err_unmap;
	}
	for_each_possible_cpu(cpu)
		per_cpu(*c->irq_ctx, cpu) = c;

	ret = request_percpu_irq(c->irq, nb_sri_irq, "ffa-notif-sri",
				 c->irq_ctx);
	if (ret) {
		pr_err("SRI: request_percpu_irq(%d): %d\n", c->irq, ret);
		goto err_free_pcpu;
	}

	ret = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN,
				      "ffa_notif/native:online", nb_cpu_online,
				      nb_cpu_offline);
	if (ret < 0)
		goto err_free_irq;
	c->cpuhp_state = ret;
	ret = cpuhp_state_add_instance(c->cpuhp_state, &c->cpuhp_node);
	if (ret)
		goto err_remove_state;
	return 0;

err_remove_state:
	cpuhp_remove_multi_state(c->cpuhp_state);
err_free_irq:
	free_percpu_irq(c->irq, c->irq_ctx);
err_free_pcpu:
	free_percpu(c->irq_ctx);
err_unmap:
	nb_unmap_sri(c);
	return ret;
}

static void nb_sri_teardown(struct nb_ctx *c)
{
	/* Disabled on every CPU, and no CPU coming online enables it. */
	cpuhp_state_remove_instance(c->cpuhp_state, &c->cpuhp_node);
	cpuhp_remove_multi_state(c->cpuhp_state);
	/* Waits for a handler that is running. */
	free_percpu_irq(c->irq, c->irq_ctx);
	free_percpu(c->irq_ctx);
	nb_unmap_sri(c);
}

/* ---- RX/TX buffers and partitions ---------------------------------------- */

static int nb_rxtx_map(struct nb_ctx *c)
{
	struct ffp_regs in, out;
	size_t size;
	int ret;

	ffp_enc_features(&in, FFP_RXTX_MAP_64);
	ret = nb_call_status(c, &in, &out);
	if (ret)
		return ret;
	size = ffp_rxtx_min_size((u32)out.a[2]);
	if (!size)
		return -EPROTO;
	size = max_t(size_t, size, PAGE_SIZE);
	if (size / FFP_PAGE_SIZE > FFP_RXTX_MAX_PAGES)
		return -E2BIG;

	/* Naturally aligned: the minimum size is also the alignment. */
	c->tx = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);
	c->rx = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);
	if (!c->tx || !c->rx) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = ffp_enc_rxtx_map(&in, 1, virt_to_phys(c->tx),
			       virt_to_phys(c->rx), size / FFP_PAGE_SIZE);
	if (!ret)
		ret = nb_call_status(c, &in, &out);
	if (ret)
		goto err_free;
	c->rxtx_size = size;
	c->rxtx_mapped = true;
	return 0;

err_free:
	if (c->rx)
		free_pages_exact(c->rx, size);
	if (c->tx)
		free_pages_exact(c->tx, size);
	c->rx = NULL;
	c->tx = NULL;
	return ret;
}

static void nb_rxtx_unmap(struct nb_ctx *c)
{
	struct ffp_regs in, out;
	int ret;

	if (!c->rxtx_mapped)
		return;
	ffp_enc_rxtx_unmap(&in, c->drv.own_id);
	ret = nb_call_status(c, &in, &out);
	if (ret) {
		/* The firmware may still write there: leak, never reuse. */
		pr_warn("FFA_RXTX_UNMAP refused (%d); buffers left allocated\n",
			ret);
		return;
	}
	free_pages_exact(c->rx, c->rxtx_size);
	free_pages_exact(c->tx, c->rxtx_size);
	c->rxtx_mapped = false;
}

/* PARTITION_INFO_GET for every partition, into c->parts. */
static int nb_discover(struct nb_ctx *c)
{
	static const u8 all[16];
	struct ffp_part_desc d;
	struct ffp_regs in, out;
	u32 count, size, i, n;
	int ret, rel;

	ffp_enc_partition_info_get(&in, all, 0);
	nb_call(c, &in, &out);
	ret = ffp_dec_partition_info_get_resp(&out, c->drv.version, &count,
					      &size);
	if (ret)
		return ret; /* the RX buffer was not filled */

	n = min_t(u32, count, c->rxtx_size / size);
	if (n < count)
		pr_warn("%u partitions, %u fit the RX buffer\n", count, n);
	if (n) {
		c->parts = kcalloc(n, sizeof(*c->parts), GFP_KERNEL);
		if (!c->parts)
			ret = -ENOMEM;
	}
	for (i = 0; i < n && !ret; i++) {
		struct ffa_notif_part *p = &c->parts[c->n_parts];

		if (ffp_dec_part_desc(c->rx, c->rxtx_size, size, i, &d))
			break;
		if (d.id == c->drv.own_id)
			continue;
		p->id = d.id;
		p->vcpu_count = d.exec_ctx;
		p->properties = d.properties;
		memcpy(p->uuid, d.uuid, sizeof(p->uuid));
		c->n_parts++;
	}

	/* The buffer is ours until released, whatever happened above. */
	ffp_enc_rx_release(&in, 0);
	rel = nb_call_status(c, &in, &out);
	if (rel)
		pr_warn("FFA_RX_RELEASE refused (%d)\n", rel);
	return ret;
}

static void nb_sched_add(struct nb_ctx *c, u16 id)
{
	unsigned int i;
	int ret;

	if (!FFP_ID_IS_SP(id) || id == FFP_ID_SPMC || id == FFP_ID_SPMD)
		return;
	for (i = 0; i < c->n_sched; i++)
		if (c->sched_ids[i] == id)
			return;
	if (c->n_sched == ARRAY_SIZE(c->sched_ids)) {
		pr_warn_once("more than %zu partitions: 0x%04x and later get no cycles on SRI\n",
			     ARRAY_SIZE(c->sched_ids), id);
		return;
	}
	ret = ffp_drv_sched_cb_register(&c->drv, id, nb_sched, c);
	if (ret) {
		pr_warn("scheduler callback for 0x%04x: %d\n", id, ret);
		return;
	}
	c->sched_ids[c->n_sched++] = id;
}

static int nb_sched_add_part(void *arg, const struct ffa_notif_part *p)
{
	nb_sched_add(arg, p->id);
	return 0;
}

static void nb_sched_register(struct nb_ctx *c)
{
	unsigned int i;

	if (c->arm_ffa_bus) {
		ffa_notif_arm_ffa_walk(c->drv.own_id, nb_sched_add_part, c);
		return;
	}
	for (i = 0; i < c->n_parts; i++)
		nb_sched_add(c, c->parts[i].id);
}

static void nb_sched_unregister(struct nb_ctx *c)
{
	while (c->n_sched)
		ffp_drv_sched_cb_unregister(&c->drv,
					    c->sched_ids[--c->n_sched]);
}

/* ---- provider for the hub ------------------------------------------------ */

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

static int nb_start(struct ffa_notif_dev *nd)
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
	c->nd = nd;
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

	memset(&nd->info, 0, sizeof(nd->info));
	nd->info.backend = FFA_NOTIF_BACKEND_NATIVE;
	nd->info.ffa_version = c->drv.version;
	nd->info.own_id = c->drv.own_id;
	nd->info.vcpu_count = c->drv.vcpu_count;
	nd->info.sri_intid = c->drv.sri_intid;
	nd->info.features = FFA_NOTIF_FEAT_PER_VCPU;
	memset(&nd->prov, 0, sizeof(nd->prov));
	nd->prov.bind = nb_bind;
	nd->prov.unbind = nb_unbind;
	nd->prov.set = nb_set;
	nd->prov_ctx = c;
	nd->backend_priv = c;
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

static void nb_stop(struct ffa_notif_dev *nd)
{
	struct nb_ctx *c = nd->backend_priv;

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
	nd->backend_priv = NULL;
	nd->prov_ctx = NULL;
	mutex_destroy(&c->call_lock);
	kfree(c);
}

static int nb_walk_partitions(struct ffa_notif_dev *nd, ffa_notif_part_fn fn,
			      void *arg)
{
	struct nb_ctx *c = nd->backend_priv;
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

static void nb_get_stats(struct ffa_notif_dev *nd,
			 struct ffa_notif_backend_stats *st)
{
	struct nb_ctx *c = nd->backend_priv;
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
