// SPDX-License-Identifier: GPL-2.0-only
/*
 * ffa_notif.ko: the arm_ffa backend, and the helpers every arm64 backend
 * uses to look at Linux's arm_ffa bus.
 *
 * Linux 6.7+ arm_ffa owns FF-A notifications on the kernel's side: it
 * created the bitmap, owns the Schedule Receiver Interrupt and fetches
 * with NOTIFICATION_GET.  This backend therefore goes through its
 * notifier ops, on the partitions arm_ffa registered on its bus, WITHOUT
 * becoming their ffa_driver (OP-TEE and others own those).  Devices are
 * looked up with bus_find_device() and referenced while used.
 *
 * - bind: notify_request() on a device of the sender (notifications bound
 *   *from* a partition are what it will SET; nothing in its properties
 *   says whether it can, so nothing is checked here: the firmware
 *   decides).
 * - unbind: notify_relinquish().
 * - set: notify_send() for each bit (it takes one ID), on a device of the
 *   receiver; a receiver that does not advertise NOTIF_RECV (property bit
 *   3, known since 6.10) is refused with EACCES, as the firmware would.
 *   SET of several IDs is not atomic here: it stops at the first refusal
 *   and returns it, the IDs before it are set.
 *
 * Errors are arm_ffa's: firmware DENIED is EACCES (an ID bound already,
 * by anyone), INVALID_PARAMETERS is EINVAL.  arm_ffa also answers EINVAL
 * when it already has a callback for (ID, world); the firmware refuses
 * such a BIND first (DENIED: the ID is bound), so that case is not
 * reachable with a conforming SPMC and is not told apart.
 *
 * Callback lifetime.  arm_ffa copies a callback pointer and its data under
 * its lock and calls it after dropping the lock (since the 2026 fix; older
 * kernels read the node after dropping it), so a callback can run after
 * notify_relinquish() returned.  The callback data is therefore not a
 * pointer but a cookie, (generation << 6 | ID), checked against the slot
 * of that ID under our spinlock, which stays held while the arrival is
 * handed to the hub: a late callback of an old binding finds another
 * generation and is only counted, and one that matched is delivered
 * before an unbind of its binding can complete (the unbind takes the same
 * lock), so it never reaches a newer binding of the same ID and sender.
 *
 * Hard-IRQ context.  arm_ffa calls back for a per-vCPU notification from
 * an IPI on the target CPU (or with interrupts off, when that CPU is its
 * own).  Our slot lock, the hub's lock, the monitor's
 * and the reader's wait queue are spinlock_t: sleeping locks on
 * PREEMPT_RT, and wrong in hard-IRQ context for lockdep's raw-nesting
 * check on any kernel.  A callback in hard-IRQ context therefore only
 * records its cookie in a per-CPU slot of that ID (a later one replaces
 * it: generations only grow, and an older cookie would be dropped as
 * stale anyway) and queues this CPU's irq_work, which hands the arrivals
 * to the hub as a callback from arm_ffa's worker would: in a thread on
 * PREEMPT_RT, in interrupt context elsewhere (where lockdep counts
 * irq_work as threaded, as RT runs it).  Nothing is lost: the ID's bit
 * stays set until the irq_work has taken it, and a callback that comes
 * meanwhile queues the work again.  stop() waits for the irq_work too.
 *
 * The backend itself is found through an RCU pointer that stop() clears
 * before waiting, so a callback that runs after stop() finds nothing.
 * The module's text is the last thing: an arm_ffa caller that copied our
 * callback before the last relinquish may still be about to call it when
 * the module unloads.  A module reference held while bound would not
 * help: that window opens after the relinquish.  arm_ffa calls back from
 * an IPI (not preemptible: synchronize_rcu() waits for it) or from its
 * workqueue (preemptible between its unlock and the call: only a
 * voluntary context switch of that worker proves the call is over, which
 * is what synchronize_rcu_tasks() waits for).  stop() waits for both, so
 * no caller is left in or before our callback when the text goes.  Where
 * the kernel has no Tasks RCU (CONFIG_TASKS_RCU unset, rare: ftrace,
 * kprobes and BPF select it), synchronize_rcu_tasks() is
 * synchronize_rcu(), which does not wait for a preempted worker.
 *
 * A refused relinquish (the ID is pending at the firmware) cannot be
 * retried through arm_ffa: it dropped its callback node before it asked
 * the firmware.  The ID is then lost to the kernel until arm_ffa unbinds
 * it; the error is returned once, and the next unbind of it succeeds with
 * nothing to do (a later BIND will get EACCES from the firmware).
 *
 * be->info: the FF-A version arm_ffa negotiated; own_id is the ID of the
 * host's own device (6.15+, and kernels with that backport: a normal-world
 * ID with the null UUID), else 0, the physical instance without a
 * hypervisor; vcpu_count is nr_cpu_ids, what arm_ffa gives BITMAP_CREATE;
 * the SRI's intid is not known (0).  arm_ffa does per-vCPU notifications:
 * it runs their GET on the target CPU and calls the callback there (IPI),
 * so the vCPU of a per-vCPU arrival is the CPU the callback runs on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": arm_ffa: " fmt

#include "ffa_notif_backend.h"

#if defined(FFA_NOTIF_HAVE_ARM_FFA) || defined(FFA_NOTIF_HAVE_NATIVE)

#include <linux/arm_ffa.h>
#include <linux/device.h>
#include <linux/string.h>
#include <linux/uuid.h>

#if IS_ENABLED(CONFIG_ARM_FFA_TRANSPORT)

static int afb_any(struct device *dev, void *data)
{
	return 1;
}

bool ffa_notif_arm_ffa_present(void)
{
	/* -EINVAL if the bus is not even registered. */
	return bus_for_each_dev(&ffa_bus_type, NULL, NULL, afb_any) > 0;
}

static void afb_part_of(struct ffa_device *fdev, struct ffa_notif_part *p)
{
	memset(p, 0, sizeof(*p));
	p->id = (u16)fdev->vm_id;
#ifdef ffa_partition_supports_notify_recv /* with dev->properties, 6.10 */
	p->properties = fdev->properties;
#endif
	/* arm_ffa does not keep the execution-context count: unknown (0). */
	export_uuid(p->uuid, &fdev->uuid);
}

struct afb_walk {
	u16 skip_id;
	ffa_notif_part_fn fn;
	void *arg;
};

static int afb_walk_one(struct device *dev, void *data)
{
	struct ffa_device *fdev = to_ffa_dev(dev);
	struct afb_walk *w = data;
	struct ffa_notif_part p;

	if ((u16)fdev->vm_id == w->skip_id)
		return 0;
	afb_part_of(fdev, &p);
	return w->fn(w->arg, &p);
}

int ffa_notif_arm_ffa_walk(u16 skip_id, ffa_notif_part_fn fn, void *arg)
{
	struct afb_walk w = { .skip_id = skip_id, .fn = fn, .arg = arg };

	return bus_for_each_dev(&ffa_bus_type, NULL, &w, afb_walk_one);
}

static int afb_version_of(struct device *dev, void *data)
{
	const struct ffa_ops *ops = to_ffa_dev(dev)->ops;

	if (!ops || !ops->info_ops || !ops->info_ops->api_version_get)
		return 0;
	*(u32 *)data = ops->info_ops->api_version_get();
	return 1;
}

u32 ffa_notif_arm_ffa_version(void)
{
	u32 ver = 0;

	bus_for_each_dev(&ffa_bus_type, NULL, &ver, afb_version_of);
	return ver;
}

#else /* !CONFIG_ARM_FFA_TRANSPORT */

bool ffa_notif_arm_ffa_present(void)
{
	return false;
}

int ffa_notif_arm_ffa_walk(u16 skip_id, ffa_notif_part_fn fn, void *arg)
{
	return -ENODEV;
}

u32 ffa_notif_arm_ffa_version(void)
{
	return 0;
}

#endif /* CONFIG_ARM_FFA_TRANSPORT */
#endif /* FFA_NOTIF_HAVE_ARM_FFA || FFA_NOTIF_HAVE_NATIVE */

#ifdef FFA_NOTIF_HAVE_ARM_FFA

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/cpumask.h>
#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "../protocol/ffp_abi.h"

#define AFB_ID_BITS 6
#define AFB_ID_MASK (FFA_NOTIF_MAX_IDS - 1)

enum afb_state {
	AFB_FREE,
	AFB_BINDING, /* notify_request in progress */
	AFB_BOUND,
	AFB_LOST, /* relinquish refused: arm_ffa forgot it, firmware did not */
};

struct afb_slot {
	unsigned long gen; /* of the cookie its callback carries; 0: none */
	struct ffa_device *fdev; /* the sender's, referenced while bound */
	u16 sender;
	bool per_vcpu;
	enum afb_state state;
};

struct afb_ctx {
	struct ffa_notif_be *be;
	spinlock_t lock; /* slots[], taken from any context */
	struct afb_slot slots[FFA_NOTIF_MAX_IDS];
	atomic64_t stale; /* callbacks of a binding that is gone */
	atomic64_t deferred; /* arrivals from hard-IRQ context, via irq_work */
	atomic64_t lost; /* relinquishes refused */
};

/*
 * Arrivals from hard-IRQ context, per CPU (see the top): the IDs waiting
 * for this CPU's irq_work and the last cookie of each.
 */
struct afb_pcpu {
	struct irq_work work;
	unsigned long pending; /* a bit per ID */
	unsigned long cookie[FFA_NOTIF_MAX_IDS];
};

static DEFINE_PER_CPU(struct afb_pcpu, afb_pcpu);

/* The running backend, for callbacks; NULL when stopped. */
static struct afb_ctx __rcu *afb_active;
static DEFINE_MUTEX(afb_active_lock);
/* Cookie generations, never reused while the module is loaded. */
static atomic_long_t afb_gen = ATOMIC_LONG_INIT(0);

static void *afb_cookie(unsigned long gen, int id)
{
	return (void *)((gen << AFB_ID_BITS) | id);
}

/*
 * An arrival with its cookie, in process or irq_work context: delivered if
 * the binding it was made for is still there.  The check and the delivery
 * under one hold of the slot's lock: an unbind of this binding waits, and
 * a rebind of the ID comes after it.  The hub's lock nests inside ours;
 * the hub never calls us with its lock held.
 */
static void afb_arrival(int notify_id, unsigned long cookie, int cpu,
			bool deferred)
{
	unsigned long gen = cookie >> AFB_ID_BITS;
	int id = cookie & AFB_ID_MASK;
	bool match = false;
	struct afb_slot *s;
	unsigned long flags;
	struct afb_ctx *c;

	rcu_read_lock();
	c = rcu_dereference(afb_active);
	if (!c)
		goto out;
	if (deferred)
		atomic64_inc(&c->deferred);
	if (notify_id != id) {
		atomic64_inc(&c->stale);
		goto out;
	}
	flags = ffa_notif_irq_lock(&c->lock);
	s = &c->slots[id];
	if (s->gen && s->gen == gen) {
		match = true;
		/*
		 * arm_ffa fetches per-vCPU notifications with GET on the
		 * target CPU (vCPU n is CPU n) and calls us there: from an
		 * IPI, or from its CPU-bound worker for the CPU it runs on.
		 */
		ffa_notif_deliver(c->be, id, s->sender, s->per_vcpu,
				  s->per_vcpu ? cpu : 0);
	}
	ffa_notif_irq_unlock(&c->lock, flags);
	if (!match)
		atomic64_inc(&c->stale);
out:
	rcu_read_unlock();
}

/* This CPU's arrivals from hard-IRQ context (see the top). */
static void afb_irq_work(struct irq_work *work)
{
	struct afb_pcpu *p = container_of(work, struct afb_pcpu, work);
	int cpu = smp_processor_id();
	unsigned long cookie;
	int id;

	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++) {
		if (!test_and_clear_bit(id, &p->pending))
			continue;
		/*
		 * The cookie after the bit (pairs with afb_notify_cb()'s
		 * barrier); a newer one sets the bit again.
		 */
		smp_mb__after_atomic();
		cookie = READ_ONCE(p->cookie[id]);
		afb_arrival(id, cookie, cpu, true);
	}
}

/* Called by arm_ffa from its worker or from an IPI: must not sleep. */
static void afb_notify_cb(int notify_id, void *cb_data)
{
	unsigned long cookie = (unsigned long)cb_data;
	struct afb_pcpu *p;

	/*
	 * An IPI, or smp_call_function_single() run on its own CPU with
	 * interrupts off: no spinlock_t here (see the top).
	 */
	if (!(in_hardirq() || irqs_disabled()) || notify_id < 0 ||
	    notify_id >= FFA_NOTIF_MAX_IDS) {
		afb_arrival(notify_id, cookie, raw_smp_processor_id(), false);
		return;
	}
	/* Interrupts are off: this CPU's slots are ours alone. */
	p = this_cpu_ptr(&afb_pcpu);
	WRITE_ONCE(p->cookie[notify_id], cookie);
	/* The cookie before the bit: pairs with afb_irq_work()'s barrier. */
	smp_mb__before_atomic();
	set_bit(notify_id, &p->pending);
	irq_work_queue(&p->work);
}

static int afb_match_id(struct device *dev, const void *data)
{
	struct ffa_device *fdev = to_ffa_dev(dev);

	return (u16)fdev->vm_id == *(const u16 *)data && fdev->ops &&
	       fdev->ops->notifier_ops;
}

/* A device of partition `id` with notifier ops, referenced; or NULL. */
static struct ffa_device *afb_find(u16 id)
{
	struct device *dev;

	dev = bus_find_device(&ffa_bus_type, NULL, &id, afb_match_id);
	return dev ? to_ffa_dev(dev) : NULL;
}

static int afb_bind(struct ffp_hub *hub, void *ctx, ffp_u16 sender, int id,
		    int per_vcpu)
{
	struct afb_ctx *c = ctx;
	struct afb_slot *s;
	struct ffa_device *fdev;
	unsigned long gen, flags;
	int ret;

	if (id < 0 || id >= FFA_NOTIF_MAX_IDS)
		return -EINVAL;
	s = &c->slots[id];
	fdev = afb_find(sender);
	if (!fdev)
		return -EINVAL; /* as the firmware answers for an unknown sender */

	gen = atomic_long_inc_return(&afb_gen);
	spin_lock_irqsave(&c->lock, flags);
	if (s->state != AFB_FREE) {
		spin_unlock_irqrestore(&c->lock, flags);
		put_device(&fdev->dev);
		return -EBUSY;
	}
	/* Ready before the firmware binds: nothing that arrives is lost. */
	s->state = AFB_BINDING;
	s->gen = gen;
	s->sender = sender;
	s->per_vcpu = per_vcpu;
	spin_unlock_irqrestore(&c->lock, flags);

	ret = fdev->ops->notifier_ops->notify_request(fdev, per_vcpu,
						      afb_notify_cb,
						      afb_cookie(gen, id), id);

	spin_lock_irqsave(&c->lock, flags);
	if (ret) {
		s->state = AFB_FREE;
		s->gen = 0;
	} else {
		s->state = AFB_BOUND;
		s->fdev = fdev;
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (ret)
		put_device(&fdev->dev);
	return ret;
}

static int afb_unbind(struct ffp_hub *hub, void *ctx, ffp_u16 sender, int id)
{
	struct afb_ctx *c = ctx;
	struct ffa_device *fdev;
	struct afb_slot *s;
	unsigned long flags;
	int ret;

	if (id < 0 || id >= FFA_NOTIF_MAX_IDS)
		return -EINVAL;
	s = &c->slots[id];

	spin_lock_irqsave(&c->lock, flags);
	if (s->sender != sender ||
	    (s->state != AFB_BOUND && s->state != AFB_LOST)) {
		spin_unlock_irqrestore(&c->lock, flags);
		return -EINVAL;
	}
	if (s->state == AFB_LOST) {
		/* Nothing of it is left in the kernel (see the top). */
		s->state = AFB_FREE;
		spin_unlock_irqrestore(&c->lock, flags);
		return 0;
	}
	fdev = s->fdev;
	spin_unlock_irqrestore(&c->lock, flags);

	ret = fdev->ops->notifier_ops->notify_relinquish(fdev, id);

	/* Either way arm_ffa holds no callback of this binding any more. */
	spin_lock_irqsave(&c->lock, flags);
	s->gen = 0;
	s->fdev = NULL;
	s->state = ret ? AFB_LOST : AFB_FREE;
	spin_unlock_irqrestore(&c->lock, flags);
	put_device(&fdev->dev);

	if (ret) {
		atomic64_inc(&c->lost);
		pr_warn_ratelimited("ID %d from 0x%04x: relinquish refused (%d); the firmware may keep the binding\n",
				    id, sender, ret);
	}
	return ret;
}

static bool afb_takes_notifications(struct ffa_device *fdev)
{
#ifdef ffa_partition_supports_notify_recv
	return ffa_partition_supports_notify_recv(fdev);
#else
	return true; /* not known before 6.10: the firmware decides */
#endif
}

static int afb_set(struct ffp_hub *hub, void *ctx, ffp_u16 receiver,
		   ffp_u64 bitmap, int per_vcpu, ffp_u16 vcpu)
{
	struct ffa_device *fdev;
	int id, ret = 0;

	fdev = afb_find(receiver);
	if (!fdev)
		return -EINVAL;
	if (!afb_takes_notifications(fdev)) {
		put_device(&fdev->dev);
		return -EACCES;
	}
	for (id = 0; id < FFA_NOTIF_MAX_IDS && !ret; id++) {
		if (!(bitmap & BIT_ULL(id)))
			continue;
		ret = fdev->ops->notifier_ops->notify_send(fdev, id, per_vcpu,
							   per_vcpu ? vcpu : 0);
	}
	put_device(&fdev->dev);
	return ret;
}

static int afb_match_notifier(struct device *dev, const void *data)
{
	struct ffa_device *fdev = to_ffa_dev(dev);

	return fdev->ops && fdev->ops->notifier_ops &&
	       fdev->ops->notifier_ops->notify_request &&
	       fdev->ops->notifier_ops->notify_relinquish &&
	       fdev->ops->notifier_ops->notify_send;
}

/* The host's own device (6.15+): a normal-world ID with the null UUID. */
static int afb_match_host(struct device *dev, const void *data)
{
	struct ffa_device *fdev = to_ffa_dev(dev);

	return !FFP_ID_IS_SP((u16)fdev->vm_id) && uuid_is_null(&fdev->uuid);
}

static u16 afb_own_id(void)
{
	struct device *dev;
	u16 id = 0;

	dev = bus_find_device(&ffa_bus_type, NULL, NULL, afb_match_host);
	if (dev) {
		id = (u16)to_ffa_dev(dev)->vm_id;
		put_device(dev);
	}
	return id;
}

static int afb_start(struct ffa_notif_be *be)
{
	const struct ffa_ops *ops;
	struct ffa_device *fdev;
	struct device *dev;
	struct afb_ctx *c;
	int ret, cpu;

	dev = bus_find_device(&ffa_bus_type, NULL, NULL, afb_match_notifier);
	if (!dev) {
		pr_info("arm_ffa registered no partition with notifier ops\n");
		return -ENODEV;
	}
	fdev = to_ffa_dev(dev);
	ops = fdev->ops;

	/*
	 * Are arm_ffa's notifications enabled?  Every notifier op answers
	 * EOPNOTSUPP when they are not, before any other check; relinquish
	 * of an ID out of range does nothing else (EINVAL when enabled).
	 */
	ret = ops->notifier_ops->notify_relinquish(fdev, FFA_NOTIF_MAX_IDS);
	if (ret == -EOPNOTSUPP) {
		pr_info("arm_ffa runs without notifications (no SRI?)\n");
		goto put;
	}

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		ret = -ENOMEM;
		goto put;
	}
	c->be = be;
	spin_lock_init(&c->lock);
	atomic64_set(&c->stale, 0);
	atomic64_set(&c->lost, 0);
	atomic64_set(&c->deferred, 0);
	for_each_possible_cpu(cpu) {
		struct afb_pcpu *p = per_cpu_ptr(&afb_pcpu, cpu);

		init_irq_work(&p->work, afb_irq_work);
		p->pending = 0;
	}

	mutex_lock(&afb_active_lock);
	if (rcu_access_pointer(afb_active)) {
		mutex_unlock(&afb_active_lock);
		kfree(c);
		ret = -EBUSY;
		goto put;
	}
	rcu_assign_pointer(afb_active, c);
	mutex_unlock(&afb_active_lock);

	memset(&be->info, 0, sizeof(be->info));
	be->info.backend = FFA_NOTIF_BACKEND_ARM_FFA;
	if (ops->info_ops && ops->info_ops->api_version_get)
		be->info.ffa_version = ops->info_ops->api_version_get();
	be->info.own_id = afb_own_id();
	be->info.vcpu_count = nr_cpu_ids;
	be->info.sri_intid = 0;
	be->info.features = FFA_NOTIF_FEAT_PER_VCPU;
	memset(&be->prov, 0, sizeof(be->prov));
	be->prov.bind = afb_bind;
	be->prov.unbind = afb_unbind;
	be->prov.set = afb_set;
	be->prov_ctx = c;
	be->backend_priv = c;
	ret = 0;
put:
	put_device(dev);
	return ret;
}

static void afb_stop(struct ffa_notif_be *be)
{
	struct afb_ctx *c = be->backend_priv;
	int id, cpu;

	/* Nothing is bound any more (the glue's contract): say so if not. */
	for (id = 0; id < FFA_NOTIF_MAX_IDS; id++) {
		struct afb_slot *s = &c->slots[id];

		if (WARN_ON_ONCE(s->state == AFB_BOUND)) {
			s->fdev->ops->notifier_ops->notify_relinquish(s->fdev,
								      id);
			put_device(&s->fdev->dev);
			s->state = AFB_FREE;
		}
	}

	mutex_lock(&afb_active_lock);
	RCU_INIT_POINTER(afb_active, NULL);
	mutex_unlock(&afb_active_lock);
	/*
	 * Callbacks that found us have left, and no arm_ffa caller is
	 * still on its way into our text (see the top); then the irq_work
	 * they queued has run (it finds nothing any more).
	 */
	synchronize_rcu();
	synchronize_rcu_tasks();
	for_each_possible_cpu(cpu)
		irq_work_sync(&per_cpu_ptr(&afb_pcpu, cpu)->work);

	if (atomic64_read(&c->stale) || atomic64_read(&c->lost))
		pr_info("%lld late callbacks dropped, %lld relinquishes refused\n",
			(long long)atomic64_read(&c->stale),
			(long long)atomic64_read(&c->lost));
	pr_info("%lld arrivals from hard-IRQ context delivered through irq_work\n",
		(long long)atomic64_read(&c->deferred));
	be->backend_priv = NULL;
	be->prov_ctx = NULL;
	kfree(c);
}

static int afb_walk_partitions(struct ffa_notif_be *be, ffa_notif_part_fn fn,
			       void *arg)
{
	return ffa_notif_arm_ffa_walk((u16)be->info.own_id, fn, arg);
}

static void afb_get_stats(struct ffa_notif_be *be,
			  struct ffa_notif_backend_stats *st)
{
	struct afb_ctx *c = be->backend_priv;

	/* arm_ffa handles the SRI, INFO_GET and GET and counts nothing. */
	st->sri = 0;
	st->fw_errors = atomic64_read(&c->lost);
}

const struct ffa_notif_backend_ops ffa_notif_arm_ffa_backend = {
	.name = "arm_ffa",
	.id = FFA_NOTIF_BACKEND_ARM_FFA,
	.start = afb_start,
	.stop = afb_stop,
	.for_each_partition = afb_walk_partitions,
	.get_stats = afb_get_stats,
};

#endif /* FFA_NOTIF_HAVE_ARM_FFA */
