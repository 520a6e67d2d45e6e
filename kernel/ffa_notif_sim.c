// SPDX-License-Identifier: GPL-2.0-only
/*
 * Backend "sim": FF-A notifications without firmware, on any architecture.
 *
 * The protocol core's driver side (what the native backend runs over SMC)
 * issues its calls to the core's reference SPMC model instead; the model's
 * simulated partitions echo, ring and need cycles like real ones.  The
 * Schedule Receiver Interrupt is asynchronous, as on hardware: the model
 * raises it from inside a call, an irq_work takes it in interrupt context,
 * and an ordered workqueue runs the handler (INFO_GET, GET, callbacks,
 * FFA_RUN), as Linux's arm_ffa does from its SRI handler.  The handler
 * goes through the core's ffp_drv_sri, as libffanotif's simulator does:
 * an SRI that comes while it runs makes it run once more, never twice at
 * once (the ordered workqueue alone would also give that here; the core
 * says it for every embedder).
 *
 * Locks, outermost first: the driver side's call lock (a mutex, held
 * across BIND, UNBIND and GET), its table lock (a spinlock, interrupts
 * off, never held over a call), then the model's (the "firmware", one
 * call at a time, a spinlock with interrupts off: it stands for what
 * firmware does with the world switched away, and lasts microseconds).
 * None is held when a callback runs or the hub is entered.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/irq_work.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "ffa_notif_backend.h"
#include "../protocol/ffp_driver.h"
#include "../protocol/ffp_spmc.h"

#define SIM_PARTITIONS_HAFNIUM "echo,echo-percpu,doorbell"
#define SIM_PARTITIONS_OPTEE "optee"
char *ffa_notif_sim_partitions = SIM_PARTITIONS_HAFNIUM;
module_param_named(sim_partitions, ffa_notif_sim_partitions, charp, 0444);
MODULE_PARM_DESC(sim_partitions,
		 "sim: partitions to simulate, comma-separated: a name of protocol/ffp_spmc_partitions.c (echo, echo-percpu, doorbell; with sim_personality=optee: optee, the default, and test-lsp), optionally @ID for a copy with another ID (e.g. echo@0x8010)");

static char *sim_personality = "hafnium";
module_param(sim_personality, charp, 0444);
MODULE_PARM_DESC(sim_personality,
		 "sim: which SPMC the model answers as: hafnium (TF-Hafnium v2.13.0, check for check), hafnium+strict (also refusing non-zero MBZ registers, as OP-TEE does) or optee (OP-TEE 4.10.0 as the S-EL1 SPMC, with its partitions)");

static unsigned int sim_vcpus = 4;
module_param(sim_vcpus, uint, 0444);
MODULE_PARM_DESC(sim_vcpus, "sim: vCPUs of the simulated normal world (1-64)");

/* A notification the handler could not fetch is retried this late. */
#define SIM_RETRY_MS 10

struct ffa_notif_sim {
	spinlock_t drv_lock; /* the driver side's tables (ffp_drv) */
	struct mutex call_lock; /* the driver side's BIND, UNBIND, GET */
	spinlock_t model_lock; /* the SPMC model: one call at a time */
	struct ffp_drv drv;
	struct ffp_spmc spmc;
	struct ffp_partition_desc parts[FFP_SPMC_MAX_PARTITIONS];
	u32 n_parts;

	struct irq_work sri_irq;
	struct work_struct sri_work;
	struct delayed_work retry_work;
	struct workqueue_struct *wq;
	bool stopping; /* READ_ONCE/WRITE_ONCE */
	atomic64_t sri;
	atomic64_t fw_errors;
};

/* ---- the firmware side: conduit and interrupt ---------------------------- */

/* Called by the model, under model_lock, from inside a call. */
static void sim_raise_sri(void *ctx)
{
	struct ffa_notif_sim *sim = ctx;

	if (!READ_ONCE(sim->stopping))
		irq_work_queue(&sim->sri_irq);
}

static const struct ffp_spmc_ops sim_spmc_ops = {
	.raise_sri = sim_raise_sri,
};

static void sim_call(void *ctx, const struct ffp_regs *in, struct ffp_regs *out)
{
	struct ffa_notif_sim *sim = ctx;
	unsigned long flags;

	spin_lock_irqsave(&sim->model_lock, flags);
	ffp_spmc_call(&sim->spmc, 0, in, out);
	spin_unlock_irqrestore(&sim->model_lock, flags);
}

static ffp_irqflags sim_drv_lock(void *ctx)
	__acquires(&((struct ffa_notif_sim *)ctx)->drv_lock)
{
	return ffa_notif_irq_lock(&((struct ffa_notif_sim *)ctx)->drv_lock);
}

static void sim_drv_unlock(void *ctx, ffp_irqflags flags)
	__releases(&((struct ffa_notif_sim *)ctx)->drv_lock)
{
	ffa_notif_irq_unlock(&((struct ffa_notif_sim *)ctx)->drv_lock, flags);
}

static void sim_call_lock(void *ctx)
	__acquires(&((struct ffa_notif_sim *)ctx)->call_lock)
{
	mutex_lock(&((struct ffa_notif_sim *)ctx)->call_lock);
}

static void sim_call_unlock(void *ctx)
	__releases(&((struct ffa_notif_sim *)ctx)->call_lock)
{
	mutex_unlock(&((struct ffa_notif_sim *)ctx)->call_lock);
}

static const struct ffp_drv_ops sim_drv_ops = {
	.call = sim_call,
	.lock = sim_drv_lock,
	.unlock = sim_drv_unlock,
	.call_lock = sim_call_lock,
	.call_unlock = sim_call_unlock,
};

/* ---- the interrupt: irq_work, then the handler in a worker --------------- */

static void sim_sri_irq(struct irq_work *work)
{
	struct ffa_notif_sim *sim =
		container_of(work, struct ffa_notif_sim, sri_irq);

	queue_work(sim->wq, &sim->sri_work);
}

static void sim_sri_work(struct work_struct *work)
{
	struct ffa_notif_sim *sim =
		container_of(work, struct ffa_notif_sim, sri_work);
	int ret;

	atomic64_inc(&sim->sri);
	ret = ffp_drv_sri(&sim->drv);
	if (ret < 0) {
		/* INFO_GET will not report them again: GET them later. */
		atomic64_inc(&sim->fw_errors);
		if (!READ_ONCE(sim->stopping))
			mod_delayed_work(sim->wq, &sim->retry_work,
					 msecs_to_jiffies(SIM_RETRY_MS));
	}
}

static void sim_retry_work(struct work_struct *work)
{
	struct ffa_notif_sim *sim =
		container_of(to_delayed_work(work), struct ffa_notif_sim,
			     retry_work);
	bool failed = false;
	u16 vcpu;

	for (vcpu = 0; vcpu < sim->drv.vcpu_count; vcpu++)
		if (ffp_drv_get_and_dispatch(&sim->drv, vcpu) < 0)
			failed = true;
	if (failed) {
		atomic64_inc(&sim->fw_errors);
		if (!READ_ONCE(sim->stopping))
			mod_delayed_work(sim->wq, &sim->retry_work,
					 msecs_to_jiffies(SIM_RETRY_MS));
	}
}

/* ---- partitions from the module parameter -------------------------------- */

/* A partition of the personality's table, by name. */
static const struct ffp_partition_desc *
sim_find_default(const struct ffp_spmc_config *cfg, const char *name)
{
	const struct ffp_partition_desc *parts;
	u32 i, n;

	parts = ffp_spmc_partition_catalogue(cfg, &n);
	for (i = 0; i < n; i++)
		if (!strcmp(parts[i].name, name))
			return &parts[i];
	return NULL;
}

/* "name" or "name@id", comma-separated. */
static int sim_parse_partitions(struct ffa_notif_sim *sim,
				const struct ffp_spmc_config *cfg,
				const char *spec)
{
	const struct ffp_partition_desc *base;
	char *buf, *cur, *tok, *at;
	int ret = 0;
	u16 id;

	buf = kstrdup(spec, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	cur = buf;
	while ((tok = strsep(&cur, ",")) != NULL) {
		tok = strim(tok);
		if (!*tok)
			continue;
		at = strchr(tok, '@');
		if (at)
			*at++ = '\0';
		base = sim_find_default(cfg, tok);
		if (!base) {
			pr_err("sim_partitions: no partition named '%s'\n", tok);
			ret = -EINVAL;
			break;
		}
		if (sim->n_parts == FFP_SPMC_MAX_PARTITIONS) {
			pr_err("sim_partitions: more than %d partitions\n",
			       FFP_SPMC_MAX_PARTITIONS);
			ret = -EINVAL;
			break;
		}
		sim->parts[sim->n_parts] = *base;
		if (at) {
			if (kstrtou16(at, 0, &id) || !(id & BIT(15))) {
				pr_err("sim_partitions: '%s' is not a partition ID (bit 15 set)\n",
				       at);
				ret = -EINVAL;
				break;
			}
			/* A distinct UUID too: its last bytes are the ID. */
			sim->parts[sim->n_parts].id = id;
			sim->parts[sim->n_parts].uuid[14] = id >> 8;
			sim->parts[sim->n_parts].uuid[15] = id & 0xff;
		}
		sim->n_parts++;
	}
	kfree(buf);
	if (ret == 0 && sim->n_parts == 0) {
		pr_err("sim_partitions: no partition given\n");
		ret = -EINVAL;
	}
	return ret;
}

/* ---- the hub's provider -------------------------------------------------- */

/* A simulated partition sets notifications for us, as firmware would. */
static int sim_ring(struct ffp_hub *hub, void *ctx, ffp_u16 sender,
		    ffp_u64 bitmap, int per_vcpu, ffp_u16 vcpu)
{
	struct ffp_drv *drv = ctx;
	struct ffa_notif_sim *sim = container_of(drv, struct ffa_notif_sim,
						 drv);
	unsigned long flags;
	ffp_s32 st;

	spin_lock_irqsave(&sim->model_lock, flags);
	st = ffp_spmc_ring(&sim->spmc, sender, drv->own_id,
			   per_vcpu ? FFP_SET_PER_VCPU : 0, vcpu, bitmap);
	spin_unlock_irqrestore(&sim->model_lock, flags);
	return ffp_status_to_errno(st);
}

/* Which SPMC the model is (FFA_NOTIF_IOC_GET_SIM_INFO). */
static int sim_info(struct ffp_hub *hub, void *ctx,
		    struct ffa_notif_sim_info *out)
{
	struct ffp_drv *drv = ctx;
	struct ffa_notif_sim *sim = container_of(drv, struct ffa_notif_sim,
						 drv);

	/* Set once at start: read without the model's lock. */
	ffp_hub_sim_info_fill(out, ffp_spmc_config_name(&sim->spmc.cfg),
			      sim->spmc.cfg.max_cpus, sim->spmc.n_sps);
	return 0;
}

/* ---- backend ops --------------------------------------------------------- */

static void sim_quiesce(struct ffa_notif_sim *sim)
{
	WRITE_ONCE(sim->stopping, true);
	irq_work_sync(&sim->sri_irq);
	cancel_work_sync(&sim->sri_work);
	cancel_delayed_work_sync(&sim->retry_work);
}

static int sim_start(struct ffa_notif_be *be)
{
	struct ffp_spmc_config cfg = { 0 };
	struct ffa_notif_sim *sim;
	const char *spec;
	u32 i;
	int ret;

	if (sim_vcpus < 1 || sim_vcpus > FFP_SPMC_MAX_VCPUS) {
		pr_err("sim_vcpus=%u: must be 1-%d\n", sim_vcpus,
		       FFP_SPMC_MAX_VCPUS);
		return -EINVAL;
	}
	if (ffp_spmc_config_parse(&cfg, sim_personality)) {
		pr_err("sim_personality=%s: must be hafnium, hafnium+strict or optee\n",
		       sim_personality);
		return -EINVAL;
	}
	/*
	 * OP-TEE's own partitions unless sim_partitions names others (the
	 * default names Hafnium's, which OP-TEE does not have).
	 */
	spec = ffa_notif_sim_partitions;
	if (cfg.personality == FFP_SPMC_OPTEE &&
	    !strcmp(spec, SIM_PARTITIONS_HAFNIUM))
		spec = SIM_PARTITIONS_OPTEE;
	cfg.max_cpus = sim_vcpus;
	sim = kvzalloc(sizeof(*sim), GFP_KERNEL);
	if (!sim)
		return -ENOMEM;
	spin_lock_init(&sim->drv_lock);
	mutex_init(&sim->call_lock);
	spin_lock_init(&sim->model_lock);
	init_irq_work(&sim->sri_irq, sim_sri_irq);
	INIT_WORK(&sim->sri_work, sim_sri_work);
	INIT_DELAYED_WORK(&sim->retry_work, sim_retry_work);
	atomic64_set(&sim->sri, 0);
	atomic64_set(&sim->fw_errors, 0);

	ret = sim_parse_partitions(sim, &cfg, spec);
	if (ret)
		goto err_free;
	sim->wq = alloc_ordered_workqueue("ffa_notif_sim", 0);
	if (!sim->wq) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = ffp_spmc_init(&sim->spmc, sim->parts, sim->n_parts, &cfg,
			    &sim_spmc_ops, sim);
	if (ret) {
		pr_err("sim_partitions: rejected by the SPMC model (%d)\n",
		       ret);
		goto err_wq;
	}
	ret = ffp_drv_init(&sim->drv, &sim_drv_ops, sim, sim_vcpus);
	if (ret) {
		pr_err("sim: driver side failed to start (%d)\n", ret);
		goto err_quiesce;
	}
	/* Partitions that need cycles get them: the scheduler's job. */
	for (i = 0; i < sim->spmc.n_sps; i++) {
		ret = ffp_drv_sched_cb_register(&sim->drv,
						sim->spmc.sps[i].desc.id,
						ffp_drv_sched_run, &sim->drv);
		if (ret)
			goto err_fini;
	}

	be->backend_priv = sim;
	be->prov = ffp_hub_drv_provider;
	be->prov.sim_ring = sim_ring;
	be->prov.sim_info = sim_info;
	be->prov_ctx = &sim->drv;
	be->info.ffa_version = sim->drv.version;
	be->info.own_id = sim->drv.own_id;
	be->info.vcpu_count = sim->drv.vcpu_count;
	be->info.sri_intid = sim->drv.sri_intid;
	/* OP-TEE DENIES every per-vCPU BIND: say so. */
	be->info.features = cfg.personality == FFP_SPMC_OPTEE ?
			    0 : FFA_NOTIF_FEAT_PER_VCPU;
	return 0;

err_fini:
	ffp_drv_fini(&sim->drv);
err_quiesce:
	sim_quiesce(sim);
err_wq:
	destroy_workqueue(sim->wq);
err_free:
	mutex_destroy(&sim->call_lock);
	kvfree(sim);
	return ret;
}

static void sim_stop(struct ffa_notif_be *be)
{
	struct ffa_notif_sim *sim = be->backend_priv;
	int ret, i;

	/*
	 * Nothing is bound any more.  Let interrupts in flight finish (each
	 * may raise another), then fetch what is left, so that the bitmap
	 * can be destroyed.
	 */
	for (i = 0; i < 8; i++) {
		irq_work_sync(&sim->sri_irq);
		flush_workqueue(sim->wq);
	}
	sim_quiesce(sim);
	ffp_drv_handle_sri(&sim->drv);
	ret = ffp_drv_fini(&sim->drv);
	if (ret)
		pr_warn("sim: bitmap not destroyed (%d)\n", ret);
	destroy_workqueue(sim->wq);
	mutex_destroy(&sim->call_lock);
	kvfree(sim);
	be->backend_priv = NULL;
}

static int sim_walk_partitions(struct ffa_notif_be *be, ffa_notif_part_fn fn,
			       void *arg)
{
	struct ffa_notif_sim *sim = be->backend_priv;
	struct ffa_notif_part p;
	u32 i;

	/* The partition table does not change after start. */
	for (i = 0; i < sim->spmc.n_sps; i++) {
		const struct ffp_partition_desc *d = &sim->spmc.sps[i].desc;

		p.id = d->id;
		p.vcpu_count = d->vcpu_count;
		p.properties = d->properties;
		memcpy(p.uuid, d->uuid, sizeof(p.uuid));
		p.name = d->name;
		if (fn(arg, &p))
			break;
	}
	return 0;
}

static void sim_get_stats(struct ffa_notif_be *be,
			  struct ffa_notif_backend_stats *st)
{
	struct ffa_notif_sim *sim = be->backend_priv;

	st->sri = atomic64_read(&sim->sri);
	st->fw_errors = atomic64_read(&sim->fw_errors);
}

const struct ffa_notif_backend_ops ffa_notif_sim_backend = {
	.name = "sim",
	.id = FFA_NOTIF_BACKEND_SIM,
	.start = sim_start,
	.stop = sim_stop,
	.for_each_partition = sim_walk_partitions,
	.get_stats = sim_get_stats,
};
