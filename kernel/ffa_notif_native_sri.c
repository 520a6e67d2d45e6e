// SPDX-License-Identifier: GPL-2.0-only
/*
 * ffa_notif.ko, native backend: the Schedule Receiver Interrupt (a per-CPU
 * interrupt enabled on each CPU as it comes online), its worker, which
 * runs the core's INFO_GET loop, the retries of what the firmware refused
 * there, and the cycles (FFA_RUN) given to partitions that ask for them.
 * See ffa_notif_native.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": native: " fmt

#include "ffa_notif_backend.h"

#ifdef FFA_NOTIF_HAVE_NATIVE

#include <linux/acpi.h>
#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

#include "../protocol/ffp_abi.h"
#include "../protocol/ffp_driver.h"
#include "ffa_notif_native.h"

#define NB_RETRY_FIRST_MS 10
#define NB_RETRY_MAX_MS 1000
#define NB_RETRIES 8

/* ---- cycles, retries, and the SRI --------------------------------------- */

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
int nb_get_all(struct nb_ctx *c)
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

void nb_sri_work(struct work_struct *work)
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
void nb_retry_work(struct work_struct *work)
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

int nb_sri_setup(struct nb_ctx *c)
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

void nb_sri_teardown(struct nb_ctx *c)
{
	/* Disabled on every CPU, and no CPU coming online enables it. */
	cpuhp_state_remove_instance(c->cpuhp_state, &c->cpuhp_node);
	cpuhp_remove_multi_state(c->cpuhp_state);
	/* Waits for a handler that is running. */
	free_percpu_irq(c->irq, c->irq_ctx);
	free_percpu(c->irq_ctx);
	nb_unmap_sri(c);
}

/* ---- scheduler callbacks of the partitions ------------------------------ */

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

void nb_sched_register(struct nb_ctx *c)
{
	unsigned int i;

	if (c->arm_ffa_bus) {
		ffa_notif_arm_ffa_walk(c->drv.own_id, nb_sched_add_part, c);
		return;
	}
	for (i = 0; i < c->n_parts; i++)
		nb_sched_add(c, c->parts[i].id);
}

void nb_sched_unregister(struct nb_ctx *c)
{
	while (c->n_sched)
		ffp_drv_sched_cb_unregister(&c->drv,
					    c->sched_ids[--c->n_sched]);
}

#endif /* FFA_NOTIF_HAVE_NATIVE */
