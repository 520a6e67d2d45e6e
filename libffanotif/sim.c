// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "sim" backend: the protocol core's driver side talks, through a
 * conduit that is a function call, to the core's reference SPMC model with
 * its simulated partitions; the core's hub gives each session the exact
 * semantics of an open /dev/ffa-notif.
 *
 * There is one simulated system per process, shared by its sessions (as
 * one device is shared by its open files), created by the first open and
 * destroyed by the last close.  The SPMC's Schedule Receiver Interrupt is
 * taken when the call that raised it returns: the SRI handler (INFO_GET,
 * GET, callbacks, FFA_RUN of partitions that need cycles) runs then, in
 * the calling thread, with no lock held -- unless a handler is running
 * already (another thread's, or this one's, for an SRI raised while it
 * ran): as on hardware, that one then runs once more, and this thread
 * goes on (ffp_drv_sri).
 *
 * FFANOTIF_SIM_TRACE=1 prints every FF-A call the model serves to stderr.
 * FFANOTIF_SIM_PERSONALITY names the SPMC the model is (hafnium, the
 * default, hafnium+strict, optee) and so the partitions it boots with.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "ffp_driver.h"
#include "ffp_hub.h"
#include "ffp_spmc.h"
#include "internal.h"

/* The core names errno values itself; they must be this system's. */
_Static_assert(FFP_EINVAL == EINVAL && FFP_EACCES == EACCES &&
		       FFP_EBUSY == EBUSY && FFP_ENODATA == ENODATA &&
		       FFP_EOPNOTSUPP == EOPNOTSUPP && FFP_ENOTTY == ENOTTY &&
		       FFP_ECANCELED == ECANCELED && FFP_EAGAIN == EAGAIN &&
		       FFP_ENOMEM == ENOMEM && FFP_EINTR == EINTR &&
		       FFP_EEXIST == EEXIST && FFP_ENOENT == ENOENT &&
		       FFP_ENOSPC == ENOSPC && FFP_EPROTO == EPROTO,
	       "protocol core errno values");

/* vCPUs of the simulated normal world (BITMAP_CREATE's count). */
#define SIM_VCPUS 4

struct sim_system {
	pthread_mutex_t model_lock; /* the SPMC model: "firmware" */
	pthread_mutex_t drv_lock; /* the driver side's tables */
	pthread_mutex_t drv_call_lock; /* its BIND, UNBIND and GET */
	pthread_mutex_t hub_lock; /* sessions and bindings */
	struct ffp_spmc spmc;
	struct ffp_drv drv;
	struct ffp_hub hub;
	struct ffp_hub_provider_ops prov;
	atomic_int sri_pending; /* raised, not yet given to ffp_drv_sri */
	int trace;
	unsigned int refs;
};

struct sim_session {
	struct ffp_hub_session hs;
	struct sim_system *sys;
	int efd;
};

static pthread_mutex_t sim_global_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sim_system *sim_global;

static struct sim_system *sys_of_drv(void *drv)
{
	return (struct sim_system *)((char *)drv -
				     offsetof(struct sim_system, drv));
}

/* ---- tracing ------------------------------------------------------------ */

static const char *who(uint16_t id, char *buf, size_t len)
{
	if (FFP_ID_IS_SP(id))
		snprintf(buf, len, "SP 0x%04x", id);
	else
		snprintf(buf, len, "NWd 0x%04x", id);
	return buf;
}

static void trace_result(const struct ffp_regs *in, const struct ffp_regs *out)
{
	uint32_t fid = (uint32_t)out->a[0];
	struct ffp_get_result g;
	struct ffp_info info;
	uint32_t i, v;

	if (fid == FFP_ERROR) {
		fprintf(stderr, " -> %s",
			ffp_status_name((ffp_s32)(uint32_t)out->a[2]));
		return;
	}
	if ((uint32_t)in->a[0] == FFP_VERSION) {
		fprintf(stderr, " -> v%u.%u", FFP_VERSION_MAJOR(fid),
			FFP_VERSION_MINOR(fid));
		return;
	}
	if (fid != FFP_SUCCESS_32 && fid != FFP_SUCCESS_64) {
		fprintf(stderr, " -> %s",
			ffp_fn_name(fid) ? ffp_fn_name(fid) : "?");
		if (fid == FFP_INTERRUPT)
			fprintf(stderr, " w1=0x%08" PRIx32,
				(uint32_t)out->a[1]);
		return;
	}
	switch ((uint32_t)in->a[0]) {
	case FFP_NOTIFICATION_GET:
		ffp_dec_get_resp(out, &g);
		fprintf(stderr, " -> SUCCESS sp=0x%" PRIx64 " vm=0x%" PRIx64,
			(uint64_t)g.sp, (uint64_t)g.vm);
		break;
	case FFP_NOTIFICATION_INFO_GET_32:
	case FFP_NOTIFICATION_INFO_GET_64:
		ffp_dec_info_get_resp(out, &info);
		fprintf(stderr, " -> SUCCESS");
		for (i = 0; i < info.n_lists; i++) {
			fprintf(stderr, " (0x%04x:[", info.lists[i].id);
			for (v = 0; v < info.lists[i].n_vcpus; v++)
				fprintf(stderr, "%s%u", v ? "," : "",
					info.lists[i].vcpus[v]);
			fprintf(stderr, "])");
		}
		if (info.more_pending)
			fprintf(stderr, " more-pending");
		break;
	case FFP_ID_GET:
	case FFP_FEATURES:
		fprintf(stderr, " -> SUCCESS w2=0x%" PRIx32,
			(uint32_t)out->a[2]);
		break;
	default:
		fprintf(stderr, " -> SUCCESS");
	}
}

static void sim_trace(void *ctx, ffp_u16 caller, const struct ffp_regs *in,
		      const struct ffp_regs *out)
{
	struct sim_system *sys = ctx;
	const char *name = ffp_fn_name((uint32_t)in->a[0]);
	struct ffp_bind_args b;
	struct ffp_set_args st;
	struct ffp_get_args g;
	char wb[16];
	uint16_t ep, vcpu;

	if (!sys->trace)
		return;
	fprintf(stderr, "  [spmc] %-10s %s", who(caller, wb, sizeof(wb)),
		name ? name : "(unknown)");
	switch ((uint32_t)in->a[0]) {
	case FFP_NOTIFICATION_BIND:
	case FFP_NOTIFICATION_UNBIND:
		ffp_dec_bind(in, &b);
		fprintf(stderr,
			" sender=0x%04x receiver=0x%04x%s ids=0x%" PRIx64,
			b.sender, b.receiver,
			b.flags & FFP_BIND_PER_VCPU ? " per-vcpu" : "",
			(uint64_t)b.bitmap);
		break;
	case FFP_NOTIFICATION_SET:
		ffp_dec_set(in, &st);
		fprintf(stderr, " sender=0x%04x receiver=0x%04x", st.sender,
			st.receiver);
		if (st.flags & FFP_SET_PER_VCPU)
			fprintf(stderr, " per-vcpu vcpu=%u", st.vcpu);
		fprintf(stderr, " ids=0x%" PRIx64, (uint64_t)st.bitmap);
		break;
	case FFP_NOTIFICATION_GET:
		ffp_dec_get(in, &g);
		fprintf(stderr, " receiver=0x%04x vcpu=%u flags=0x%x",
			g.receiver, g.vcpu, g.flags);
		break;
	case FFP_RUN:
		ffp_dec_run(in, &ep, &vcpu);
		fprintf(stderr, " endpoint=0x%04x vcpu=%u", ep, vcpu);
		break;
	case FFP_NOTIFICATION_BITMAP_CREATE:
		fprintf(stderr, " vm=0x%04x vcpus=%" PRIu32, (uint16_t)in->a[1],
			(uint32_t)in->a[2]);
		break;
	case FFP_FEATURES:
		fprintf(stderr, " 0x%" PRIx32, (uint32_t)in->a[1]);
		break;
	case FFP_VERSION:
		fprintf(stderr, " v%u.%u",
			FFP_VERSION_MAJOR((uint32_t)in->a[1]),
			FFP_VERSION_MINOR((uint32_t)in->a[1]));
		break;
	default:
		break;
	}
	trace_result(in, out);
	fputc('\n', stderr);
}

/* ---- the SPMC side: conduit and interrupt -------------------------------- */

static void sim_raise_sri(void *ctx)
{
	struct sim_system *sys = ctx;

	atomic_store(&sys->sri_pending, 1);
	if (sys->trace)
		fprintf(stderr,
			"  [spmc] raises the Schedule Receiver Interrupt (SGI "
			"%d)\n",
			FFP_SPMC_SRI_INTID);
}

static const struct ffp_spmc_ops sim_spmc_ops = {
	.raise_sri = sim_raise_sri,
	.trace = sim_trace,
};

static void sim_call(void *ctx, const struct ffp_regs *in, struct ffp_regs *out)
{
	struct sim_system *sys = ctx;

	pthread_mutex_lock(&sys->model_lock);
	ffp_spmc_call(&sys->spmc, 0, in, out);
	pthread_mutex_unlock(&sys->model_lock);
}

static ffp_irqflags sim_drv_lock(void *ctx)
{
	pthread_mutex_lock(&((struct sim_system *)ctx)->drv_lock);
	return 0;
}

static void sim_drv_unlock(void *ctx, ffp_irqflags flags)
{
	(void)flags;
	pthread_mutex_unlock(&((struct sim_system *)ctx)->drv_lock);
}

static void sim_drv_call_lock(void *ctx)
{
	pthread_mutex_lock(&((struct sim_system *)ctx)->drv_call_lock);
}

static void sim_drv_call_unlock(void *ctx)
{
	pthread_mutex_unlock(&((struct sim_system *)ctx)->drv_call_lock);
}

static const struct ffp_drv_ops sim_drv_ops = {
	.call = sim_call,
	.lock = sim_drv_lock,
	.unlock = sim_drv_unlock,
	.call_lock = sim_drv_call_lock,
	.call_unlock = sim_drv_call_unlock,
};

/*
 * Take pending SRIs: what the kernel's interrupt handler and worker do.
 * The model raises the SRI under model_lock, where the handler cannot run
 * (it calls the model): the raise is latched here and given to the core's
 * interrupt logic once the call is over.
 */
static void sim_pump(struct sim_system *sys)
{
	int ret;

	while (atomic_exchange(&sys->sri_pending, 0)) {
		if (sys->trace)
			fprintf(stderr, "  [drv]  SRI taken: INFO_GET loop, "
					"GET, callbacks\n");
		ret = ffp_drv_sri(&sys->drv);
		if (ret < 0 && sys->trace)
			fprintf(stderr, "  [drv]  SRI handling failed: %s\n",
				strerror(-ret));
	}
}

/* ---- the hub's environment ---------------------------------------------- */

static ffp_irqflags sim_hub_lock(void *ctx)
{
	pthread_mutex_lock(&((struct sim_system *)ctx)->hub_lock);
	return 0;
}

static void sim_hub_unlock(void *ctx, ffp_irqflags flags)
{
	(void)flags;
	pthread_mutex_unlock(&((struct sim_system *)ctx)->hub_lock);
}

/* The kernel's three clocks are the same clocks here (clock_gettime). */
static ffp_u64 sim_now_ns(void *ctx, ffp_u32 clock)
{
	struct timespec ts;
	clockid_t id = clock == FFA_NOTIF_CLOCK_BOOTTIME   ? CLOCK_BOOTTIME
		       : clock == FFA_NOTIF_CLOCK_REALTIME ? CLOCK_REALTIME
							   : CLOCK_MONOTONIC;

	(void)ctx;
	clock_gettime(id, &ts);
	return (ffp_u64)ts.tv_sec * 1000000000ULL + (ffp_u64)ts.tv_nsec;
}

/* A session's deeper queue (FFA_NOTIF_IOC_SET_FILE_CONFIG), as the module
 * kvcallocs it; the hub calls these without its lock.
 */
static struct ffa_notif_event *sim_queue_alloc(void *ctx, ffp_u32 n)
{
	(void)ctx;
	return calloc(n, sizeof(struct ffa_notif_event));
}

static void sim_queue_free(void *ctx, struct ffa_notif_event *q)
{
	(void)ctx;
	free(q);
}

/* Without the hub lock: a write(2) is not made while readers wait for it.
 * The hub keeps the session (and so its eventfd, closed only after
 * ffp_hub_session_release) alive until this returns.
 */
static void sim_wake(void *ctx, struct ffp_hub_session *hs)
{
	struct sim_session *ss = hs->priv;
	uint64_t one = 1;

	(void)ctx;
	/* Cannot fail short of counter overflow (2^64 - 1 writes). */
	if (write(ss->efd, &one, sizeof(one)) < 0)
		return;
}

/* A close waiting for a wake in flight: let its thread run. */
static void sim_relax(void *ctx)
{
	(void)ctx;
	sched_yield();
}

static const struct ffp_hub_env_ops sim_hub_env = {
	.lock = sim_hub_lock,
	.unlock = sim_hub_unlock,
	.now_ns = sim_now_ns,
	.wake = sim_wake,
	.relax = sim_relax,
	.queue_alloc = sim_queue_alloc,
	.queue_free = sim_queue_free,
};

static int sim_ring(struct ffp_hub *hub, void *ctx, ffp_u16 sender,
		    ffp_u64 bitmap, int per_vcpu, ffp_u16 vcpu)
{
	struct sim_system *sys = sys_of_drv(ctx);
	ffp_s32 st;

	(void)hub;
	pthread_mutex_lock(&sys->model_lock);
	st = ffp_spmc_ring(&sys->spmc, sender, sys->drv.own_id,
			   per_vcpu ? FFP_SET_PER_VCPU : 0, vcpu, bitmap);
	pthread_mutex_unlock(&sys->model_lock);
	return ffp_status_to_errno(st);
}

static int sim_info(struct ffp_hub *hub, void *ctx,
		    struct ffa_notif_sim_info *out)
{
	struct sim_system *sys = sys_of_drv(ctx);

	(void)hub;
	ffp_hub_sim_info_fill(out, ffp_spmc_config_name(&sys->spmc.cfg),
			      sys->spmc.cfg.max_cpus, sys->spmc.n_sps);
	return 0;
}

/* ---- system lifetime ----------------------------------------------------- */

static void sys_free(struct sim_system *sys)
{
	pthread_mutex_destroy(&sys->model_lock);
	pthread_mutex_destroy(&sys->drv_lock);
	pthread_mutex_destroy(&sys->drv_call_lock);
	pthread_mutex_destroy(&sys->hub_lock);
	free(sys);
}

static int sys_create(struct sim_system **out)
{
	struct ffa_notif_info info = { 0 };
	struct ffp_spmc_config cfg = { 0 };
	const struct ffp_partition_desc *parts;
	struct sim_system *sys;
	ffp_u32 n_parts;
	const char *t;
	uint32_t i;
	int ret;

	sys = calloc(1, sizeof(*sys));
	if (!sys)
		return -ENOMEM;
	pthread_mutex_init(&sys->model_lock, NULL);
	pthread_mutex_init(&sys->drv_lock, NULL);
	pthread_mutex_init(&sys->drv_call_lock, NULL);
	pthread_mutex_init(&sys->hub_lock, NULL);
	t = secure_getenv("FFANOTIF_SIM_TRACE");
	sys->trace = t && *t && strcmp(t, "0") != 0;

	/* Which SPMC the model answers as: Hafnium unless asked. */
	cfg.max_cpus = SIM_VCPUS;
	t = secure_getenv("FFANOTIF_SIM_PERSONALITY");
	if (t && *t && ffp_spmc_config_parse(&cfg, t)) {
		sys_free(sys);
		return -EINVAL;
	}
	/* The personality's partitions: OP-TEE's own for optee. */
	parts = ffp_spmc_partitions_for(&cfg, &n_parts);
	ret = ffp_spmc_init(&sys->spmc, parts, n_parts, &cfg, &sim_spmc_ops,
			    sys);
	if (ret == 0)
		ret = ffp_drv_init(&sys->drv, &sim_drv_ops, sys, SIM_VCPUS);
	if (ret) {
		sys_free(sys);
		return ret == -EOPNOTSUPP ? -ENODEV : ret;
	}
	/* Partitions that need cycles get them: the scheduler's job. */
	for (i = 0; i < sys->spmc.n_sps; i++)
		ffp_drv_sched_cb_register(&sys->drv, sys->spmc.sps[i].desc.id,
					  ffp_drv_sched_run, &sys->drv);

	sys->prov = ffp_hub_drv_provider;
	sys->prov.sim_ring = sim_ring;
	sys->prov.sim_info = sim_info;
	info.ffa_version = sys->drv.version;
	/* OP-TEE DENIES every per-vCPU BIND: the simulator says so. */
	info.features =
		cfg.personality == FFP_SPMC_OPTEE ? 0 : FFA_NOTIF_FEAT_PER_VCPU;
	info.backend = FFA_NOTIF_BACKEND_SIM;
	info.own_id = sys->drv.own_id;
	info.vcpu_count = sys->drv.vcpu_count;
	info.sri_intid = sys->drv.sri_intid;
	ffp_hub_init(&sys->hub, &sys->prov, &sys->drv, &sim_hub_env, sys,
		     &info);
	*out = sys;
	return 0;
}

static void sys_destroy(struct sim_system *sys)
{
	/* Every session is closed, so nothing is bound: fetch whatever is
	 * still pending so that the bitmap can be destroyed.
	 */
	sim_pump(sys);
	ffp_drv_fini(&sys->drv);
	sys_free(sys);
}

/* ---- backend ops --------------------------------------------------------- */

/* The hub speaks the uAPI: the requests of uapi.c, as the module takes
 * them.
 */
static int sim_ioctl(struct ffanotif_session *s, unsigned int cmd, void *arg)
{
	struct sim_session *ss = s->priv;
	long ret;

	if (!arg || !ffp_hub_cmd_size(&ss->sys->hub, cmd))
		return arg ? -ENOTTY : -EFAULT;
	ret = ffp_hub_ioctl(&ss->hs, cmd, arg);
	sim_pump(ss->sys);
	return (int)ret;
}

static ssize_t sim_read(struct ffanotif_session *s,
			struct ffa_notif_event *recs, size_t max);

static int sim_open(struct ffanotif_session *s)
{
	struct sim_session *ss;
	int ret = 0;

	ss = calloc(1, sizeof(*ss));
	if (!ss)
		return -ENOMEM;
	ss->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (ss->efd < 0) {
		ret = -errno;
		free(ss);
		return ret;
	}
	pthread_mutex_lock(&sim_global_lock);
	if (!sim_global)
		ret = sys_create(&sim_global);
	if (ret == 0) {
		sim_global->refs++;
		ss->sys = sim_global;
	}
	pthread_mutex_unlock(&sim_global_lock);
	if (ret) {
		close(ss->efd);
		free(ss);
		return ret;
	}
	ffp_hub_session_init(&ss->sys->hub, &ss->hs, ss);
	s->fd = ss->efd;
	s->priv = ss;
	s->uapi_ioctl = sim_ioctl;
	s->uapi_read = sim_read;
	return 0;
}

static void sim_close(struct ffanotif_session *s)
{
	struct sim_session *ss = s->priv;
	struct sim_system *sys = ss->sys;

	ffp_hub_session_release(&ss->hs);
	sim_pump(sys);
	close(ss->efd);
	free(ss);

	pthread_mutex_lock(&sim_global_lock);
	if (--sys->refs == 0) {
		sys_destroy(sys);
		sim_global = NULL;
	}
	pthread_mutex_unlock(&sim_global_lock);
}

/* uAPI records from the hub (uapi.c puts them in the library's terms). */
static ssize_t sim_read(struct ffanotif_session *s,
			struct ffa_notif_event *recs, size_t max)
{
	struct sim_session *ss = s->priv;
	uint64_t cnt, one = 1;
	ffp_u32 n, left;

	/* Reset the eventfd before taking events, then re-arm it if any are
	 * left: a delivery that finds the queue empty after this re-arms it
	 * itself (see sim_wake).  What is left is told under the lock the
	 * read takes, which is taken once.
	 */
	if (read(ss->efd, &cnt, sizeof(cnt)) < 0 && errno != EAGAIN)
		return -errno;
	n = ffp_hub_read_left(&ss->hs, recs,
			      max > UINT32_MAX ? UINT32_MAX : (ffp_u32)max,
			      &left);
	if (left && write(ss->efd, &one, sizeof(one)) < 0)
		return -errno;
	return n ? (ssize_t)n : -EAGAIN;
}

static int sim_list_partitions(struct ffanotif_session *s,
			       struct ffanotif_partition_list *l)
{
	struct sim_system *sys = ((struct sim_session *)s->priv)->sys;
	uint32_t i;

	pthread_mutex_lock(&sys->model_lock);
	l->parts = calloc(sys->spmc.n_sps ? sys->spmc.n_sps : 1,
			  sizeof(*l->parts));
	if (!l->parts) {
		pthread_mutex_unlock(&sys->model_lock);
		return -ENOMEM;
	}
	for (i = 0; i < sys->spmc.n_sps; i++) {
		const struct ffp_partition_desc *d = &sys->spmc.sps[i].desc;
		struct ffanotif_partition *p = &l->parts[i];

		p->id = d->id;
		p->vcpu_count = d->vcpu_count;
		p->properties = d->properties;
		memcpy(p->uuid, d->uuid, sizeof(p->uuid));
		snprintf(p->name, sizeof(p->name), "%s",
			 d->name ? d->name : "");
	}
	l->count = sys->spmc.n_sps;
	pthread_mutex_unlock(&sys->model_lock);
	return 0;
}

const struct ffanotif_backend_ops ffanotif_sim_backend = {
	.name = "sim",
	.open = sim_open,
	.close = sim_close,
	.bind = ffanotif_uapi_bind,
	.unbind = ffanotif_uapi_unbind,
	.send = ffanotif_uapi_send,
	.sim_ring = ffanotif_uapi_sim_ring,
	.read = ffanotif_uapi_read,
	.get_stats = ffanotif_uapi_get_stats,
	.get_info = ffanotif_uapi_get_info,
	.list_partitions = sim_list_partitions,
	.get_config = ffanotif_uapi_get_config,
	.set_config = ffanotif_uapi_set_config,
};
