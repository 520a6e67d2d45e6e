// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The hub (protocol/ffp_hub.c): the per-file semantics of the uAPI, with a
 * fake provider and environment.  Validation of every request field,
 * all-or-nothing binding, ownership across files, coalescing, overflow
 * accounting, release on close, and that no provider call is made with
 * the hub lock held.  Per-file configuration (queue depth on storage the
 * embedder gives, the timestamps' clock), and that the command values do
 * not collide with f2fs's, which shares the ioctl magic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/f2fs.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include "ffp_hub.h"

struct fake {
	int locked;
	int lock_violations;
	uint64_t now; /* FFA_NOTIF_CLOCK_MONOTONIC */
	uint64_t now_boot, now_real; /* the other two clocks */
	int now_calls[3]; /* per clock */
	int now_unlocked[3]; /* of which without the lock */
	int wakes;
	int wakes_readable; /* of which found the queue readable */
	struct ffp_hub_session *last_woken;
	/* provider */
	int binds, unbinds, sets, rings;
	uint64_t bound_ids; /* what the "firmware" has bound */
	int fail_bind_id; /* -1: none */
	int fail_bind_err;
	int fail_unbind_id;
	uint16_t last_sender, last_receiver, last_vcpu;
	uint64_t last_bitmap;
	int last_per_vcpu;
	/* observe hook */
	int observed;
	struct ffp_hub_session *obs_session;
	int obs_id, obs_per_vcpu;
	uint16_t obs_sender, obs_vcpu;
	uint64_t obs_now;
	ffp_irqflags lock_token;
	/* queue storage */
	int allocs, allocs_ok, frees, alloc_fail;
	/* a BIND of this ID on this session, made from queue_alloc */
	struct ffp_hub_session *bind_in_alloc;
	int bind_in_alloc_id;
	uint32_t last_alloc_n;
	void *live[8]; /* what queue_alloc gave and queue_free did not take */
};

static struct fake fk;
static struct ffp_hub hub;

static ffp_irqflags f_lock(void *ctx)
{
	(void)ctx;
	assert_int_equal(fk.locked, 0);
	fk.locked = 1;
	/* A token per acquisition, which its unlock must give back. */
	fk.lock_token += 2;
	return fk.lock_token;
}

static void f_unlock(void *ctx, ffp_irqflags flags)
{
	(void)ctx;
	assert_int_equal(fk.locked, 1);
	assert_true(flags == fk.lock_token);
	fk.locked = 0;
}

static void no_lock(void);

static ffp_u64 f_now(void *ctx, ffp_u32 clock)
{
	(void)ctx;
	assert_true(clock <= FFA_NOTIF_CLOCK_REALTIME);
	fk.now_calls[clock]++;
	if (!fk.locked)
		fk.now_unlocked[clock]++;
	return clock == FFA_NOTIF_CLOCK_BOOTTIME   ? fk.now_boot
	       : clock == FFA_NOTIF_CLOCK_REALTIME ? fk.now_real
						   : fk.now;
}

static struct ffa_notif_event *f_queue_alloc(void *ctx, ffp_u32 n)
{
	struct ffa_notif_event *q;
	unsigned int i;

	(void)ctx;
	no_lock();
	fk.allocs++;
	fk.last_alloc_n = n;
	if (fk.alloc_fail)
		return NULL;
	/* Garbage, not zeroes: the hub must not rely on zeroed storage. */
	q = test_malloc(n * sizeof(*q));
	memset(q, 0x5a, n * sizeof(*q));
	for (i = 0; i < FFP_ARRAY_SIZE(fk.live); i++) {
		if (!fk.live[i]) {
			fk.live[i] = q;
			fk.allocs_ok++;
			break;
		}
	}
	if (i == FFP_ARRAY_SIZE(fk.live))
		fail_msg("more than %zu queues live", FFP_ARRAY_SIZE(fk.live));
	if (fk.bind_in_alloc) {
		struct ffp_hub_session *s = fk.bind_in_alloc;
		struct ffa_notif_binding b = {
			.notifications = 1ULL << fk.bind_in_alloc_id,
			.sender = 0x8001,
		};

		/* Another thread's BIND on the file, while the storage is
		 * being had.
		 */
		fk.bind_in_alloc = NULL;
		assert_int_equal(ffp_hub_ioctl(s, FFA_NOTIF_IOC_BIND, &b), 0);
	}
	return q;
}

static void f_queue_free(void *ctx, struct ffa_notif_event *q)
{
	unsigned int i;

	(void)ctx;
	no_lock();
	assert_non_null(q);
	fk.frees++;
	for (i = 0; i < FFP_ARRAY_SIZE(fk.live); i++) {
		if (fk.live[i] == q) {
			fk.live[i] = NULL;
			test_free(q);
			return;
		}
	}
	fail_msg("queue_free of %p, which queue_alloc did not give", q);
}

static void f_wake(void *ctx, struct ffp_hub_session *s)
{
	(void)ctx;
	/* Never under the lock: the reader it wakes may take it at once. */
	assert_int_equal(fk.locked, 0);
	fk.wakes++;
	fk.last_woken = s;
	/* What it woke for is there to read, and it may ask the hub. */
	if (ffp_hub_readable(s))
		fk.wakes_readable++;
}

static void f_observe(void *ctx, struct ffp_hub_session *s, int id,
		      ffp_u16 sender, int per_vcpu, ffp_u16 vcpu, ffp_u64 now)
{
	(void)ctx;
	assert_int_equal(fk.locked, 1);
	fk.observed++;
	fk.obs_session = s;
	fk.obs_id = id;
	fk.obs_sender = sender;
	fk.obs_per_vcpu = per_vcpu;
	fk.obs_vcpu = vcpu;
	fk.obs_now = now;
}

static const struct ffp_hub_env_ops env_observed = {
	.lock = f_lock,
	.unlock = f_unlock,
	.now_ns = f_now,
	.wake = f_wake,
	.observe = f_observe,
	.queue_alloc = f_queue_alloc,
	.queue_free = f_queue_free,
};

static void no_lock(void)
{
	if (fk.locked)
		fk.lock_violations++;
}

static int f_bind(struct ffp_hub *h, void *ctx, ffp_u16 sender, int id,
		  int per_vcpu)
{
	(void)h;
	(void)ctx;
	no_lock();
	fk.binds++;
	fk.last_sender = sender;
	fk.last_per_vcpu = per_vcpu;
	if (id == fk.fail_bind_id)
		return fk.fail_bind_err;
	assert_false(fk.bound_ids & (1ULL << id));
	fk.bound_ids |= 1ULL << id;
	return 0;
}

static int f_unbind(struct ffp_hub *h, void *ctx, ffp_u16 sender, int id)
{
	(void)h;
	(void)ctx;
	(void)sender;
	no_lock();
	fk.unbinds++;
	if (id == fk.fail_unbind_id)
		return -EACCES;
	assert_true(fk.bound_ids & (1ULL << id));
	fk.bound_ids &= ~(1ULL << id);
	return 0;
}

static int f_set(struct ffp_hub *h, void *ctx, ffp_u16 receiver, ffp_u64 bitmap,
		 int per_vcpu, ffp_u16 vcpu)
{
	(void)h;
	(void)ctx;
	no_lock();
	fk.sets++;
	fk.last_receiver = receiver;
	fk.last_bitmap = bitmap;
	fk.last_per_vcpu = per_vcpu;
	fk.last_vcpu = vcpu;
	return 0;
}

static int f_ring(struct ffp_hub *h, void *ctx, ffp_u16 sender, ffp_u64 bitmap,
		  int per_vcpu, ffp_u16 vcpu)
{
	(void)h;
	(void)ctx;
	no_lock();
	fk.rings++;
	fk.last_sender = sender;
	fk.last_bitmap = bitmap;
	fk.last_per_vcpu = per_vcpu;
	fk.last_vcpu = vcpu;
	return 0;
}

static const struct ffp_hub_provider_ops prov = {
	.bind = f_bind,
	.unbind = f_unbind,
	.set = f_set,
	.sim_ring = f_ring,
};

static const struct ffp_hub_provider_ops prov_no_ring = {
	.bind = f_bind,
	.unbind = f_unbind,
	.set = f_set,
};

static const struct ffp_hub_env_ops env = {
	.lock = f_lock,
	.unlock = f_unlock,
	.now_ns = f_now,
	.wake = f_wake,
	.queue_alloc = f_queue_alloc,
	.queue_free = f_queue_free,
};

/* An embedder that gives no storage: only the inline queue. */
static const struct ffp_hub_env_ops env_no_alloc = {
	.lock = f_lock,
	.unlock = f_unlock,
	.now_ns = f_now,
	.wake = f_wake,
};

static void make_hub(const struct ffp_hub_provider_ops *p, int per_vcpu)
{
	struct ffa_notif_info info;

	memset(&fk, 0, sizeof(fk));
	fk.fail_bind_id = -1;
	fk.fail_unbind_id = -1;
	fk.now = 1000;
	memset(&info, 0, sizeof(info));
	info.ffa_version = 0x10001;
	info.backend = FFA_NOTIF_BACKEND_SIM;
	info.vcpu_count = 4;
	info.sri_intid = 8;
	info.features = per_vcpu ? FFA_NOTIF_FEAT_PER_VCPU : 0;
	info.reserved[2] = 0xdead; /* the hub must not pass this on */
	ffp_hub_init(&hub, p, NULL, &env, NULL, &info);
}

static int setup(void **state)
{
	(void)state;
	make_hub(&prov, 1);
	return 0;
}

static int teardown(void **state)
{
	unsigned int i;

	(void)state;
	assert_int_equal(fk.lock_violations, 0);
	assert_int_equal(fk.locked, 0);
	/* Every queue the embedder gave was given back. */
	for (i = 0; i < FFP_ARRAY_SIZE(fk.live); i++)
		assert_null(fk.live[i]);
	assert_int_equal(fk.allocs_ok, fk.frees);
	return 0;
}

static long do_bind(struct ffp_hub_session *s, uint32_t sender, uint64_t ids,
		    uint64_t flags)
{
	struct ffa_notif_binding b;

	memset(&b, 0, sizeof(b));
	b.sender = sender;
	b.notifications = ids;
	b.flags = flags;
	return ffp_hub_ioctl(s, FFA_NOTIF_IOC_BIND, &b);
}

static long do_unbind(struct ffp_hub_session *s, uint32_t sender, uint64_t ids)
{
	struct ffa_notif_binding b;

	memset(&b, 0, sizeof(b));
	b.sender = sender;
	b.notifications = ids;
	return ffp_hub_ioctl(s, FFA_NOTIF_IOC_UNBIND, &b);
}

static struct ffa_notif_stats stats_of(struct ffp_hub_session *s)
{
	struct ffa_notif_stats st;

	assert_int_equal(ffp_hub_ioctl(s, FFA_NOTIF_IOC_GET_STATS, &st), 0);
	return st;
}

static void test_ioctl_table(void **state)
{
	struct ffp_hub_session s;
	char arg[128] = { 0 };

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(ffp_hub_ioctl_size(FFA_NOTIF_IOC_GET_INFO),
			 sizeof(struct ffa_notif_info));
	assert_int_equal(ffp_hub_ioctl_size(FFA_NOTIF_IOC_BIND),
			 sizeof(struct ffa_notif_binding));
	assert_int_equal(ffp_hub_ioctl_size(FFA_NOTIF_IOC_UNBIND),
			 sizeof(struct ffa_notif_binding));
	assert_int_equal(ffp_hub_ioctl_size(FFA_NOTIF_IOC_SET),
			 sizeof(struct ffa_notif_set_req));
	assert_int_equal(ffp_hub_ioctl_size(FFA_NOTIF_IOC_GET_STATS),
			 sizeof(struct ffa_notif_stats));
	assert_int_equal(ffp_hub_ioctl_size(FFA_NOTIF_IOC_SIM_RING),
			 sizeof(struct ffa_notif_sim_ring));
	assert_int_equal(ffp_hub_ioctl_size(FFA_NOTIF_IOC_GET_SIM_INFO),
			 sizeof(struct ffa_notif_sim_info));
	assert_int_equal(ffp_hub_ioctl_size(FFA_NOTIF_IOC_SET_FILE_CONFIG),
			 sizeof(struct ffa_notif_file_config));
	assert_int_equal(ffp_hub_ioctl_size(FFA_NOTIF_IOC_GET_FILE_CONFIG),
			 sizeof(struct ffa_notif_file_config));
	assert_int_equal(ffp_hub_ioctl_size(_IOR(FFA_NOTIF_IOC_MAGIC, 0x12,
						 struct ffa_notif_file_config)),
			 0);
	assert_int_equal(
		ffp_hub_ioctl_size(_IOR(FFA_NOTIF_IOC_MAGIC, 0x13, __u64)), 0);
	/* Same number, other direction or size: not ours. */
	assert_int_equal(ffp_hub_ioctl_size(_IOW(FFA_NOTIF_IOC_MAGIC, 0x00,
						 struct ffa_notif_info)),
			 0);
	assert_int_equal(
		ffp_hub_ioctl_size(_IOW(FFA_NOTIF_IOC_MAGIC, 0x01, __u64)), 0);
	assert_int_equal(ffp_hub_ioctl_size(_IO(FFA_NOTIF_IOC_MAGIC, 0x1f)), 0);
	assert_int_equal(ffp_hub_ioctl(&s, _IO(FFA_NOTIF_IOC_MAGIC, 0x1f), arg),
			 -ENOTTY);
	assert_int_equal(ffp_hub_ioctl(&s, 0x5401 /* TCGETS */, arg), -ENOTTY);

	/* The simulator's commands are unknown to a firmware provider. */
	assert_int_equal(ffp_hub_cmd_size(&hub, FFA_NOTIF_IOC_SIM_RING),
			 sizeof(struct ffa_notif_sim_ring));
	assert_int_equal(ffp_hub_cmd_size(&hub, FFA_NOTIF_IOC_GET_SIM_INFO), 0);
	assert_int_equal(ffp_hub_cmd_size(&hub, FFA_NOTIF_IOC_GET_FILE_CONFIG),
			 sizeof(struct ffa_notif_file_config));
	assert_int_equal(ffp_hub_cmd_size(&hub, 0x5401), 0);
	make_hub(&prov_no_ring, 1);
	assert_int_equal(ffp_hub_cmd_size(&hub, FFA_NOTIF_IOC_SIM_RING), 0);
	assert_int_equal(ffp_hub_cmd_size(&hub, FFA_NOTIF_IOC_GET_SIM_INFO), 0);
	assert_int_equal(ffp_hub_cmd_size(&hub, FFA_NOTIF_IOC_SET_FILE_CONFIG),
			 sizeof(struct ffa_notif_file_config));
	assert_int_equal(ffp_hub_cmd_size(&hub, FFA_NOTIF_IOC_BIND),
			 sizeof(struct ffa_notif_binding));
}

static void test_info(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_info info;
	unsigned int i;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	memset(&info, 0xff, sizeof(info));
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_GET_INFO, &info), 0);
	assert_int_equal(info.api_version, FFA_NOTIF_API_VERSION);
	assert_int_equal(info.ffa_version, 0x10001);
	assert_int_equal(info.backend, FFA_NOTIF_BACKEND_SIM);
	assert_int_equal(info.own_id, 0);
	assert_int_equal(info.vcpu_count, 4);
	assert_int_equal(info.max_ids, 64);
	assert_int_equal(info.queue_depth, FFA_NOTIF_QUEUE_DEPTH);
	assert_int_equal(info.sri_intid, 8);
	assert_true(info.features & FFA_NOTIF_FEAT_PER_VCPU);
	assert_true(info.features & FFA_NOTIF_FEAT_SIM_RING);
	assert_true(info.features & FFA_NOTIF_FEAT_STATS);
	assert_true(info.features & FFA_NOTIF_FEAT_FILE_CONFIG);
	for (i = 0; i < 5; i++)
		assert_int_equal(info.reserved[i], 0);

	make_hub(&prov_no_ring, 0);
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_GET_INFO, &info), 0);
	assert_false(info.features & FFA_NOTIF_FEAT_SIM_RING);
	assert_false(info.features & FFA_NOTIF_FEAT_PER_VCPU);
	/* Firmware backends configure files too: the hub does it all. */
	assert_true(info.features & FFA_NOTIF_FEAT_FILE_CONFIG);
}

/* A bad request is refused with EINVAL and changes nothing. */
static void expect_bind_einval(struct ffp_hub_session *s,
			       const struct ffa_notif_binding *b)
{
	struct ffa_notif_binding copy = *b;
	int binds = fk.binds;

	assert_int_equal(ffp_hub_ioctl(s, FFA_NOTIF_IOC_BIND, &copy), -EINVAL);
	assert_int_equal(fk.binds, binds);
	assert_int_equal(s->bound, 0);
	assert_int_equal(fk.bound_ids, 0);
}

static void test_bind_validation(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_binding good, b;
	unsigned int i;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	memset(&good, 0, sizeof(good));
	good.sender = 0x8001;
	good.notifications = 0x3;

	b = good;
	b.flags = 1ULL << 1;
	expect_bind_einval(&s, &b);
	b = good;
	b.flags = 1ULL << 63;
	expect_bind_einval(&s, &b);
	b = good;
	b.padding = 1;
	expect_bind_einval(&s, &b);
	for (i = 0; i < 4; i++) {
		b = good;
		b.reserved[i] = 1ULL << 40;
		expect_bind_einval(&s, &b);
	}
	b = good;
	b.notifications = 0;
	expect_bind_einval(&s, &b);
	b = good;
	b.sender = 0x0001; /* a VM: the NWd binds from partitions */
	expect_bind_einval(&s, &b);
	b = good;
	b.sender = 0x8000; /* the SPMC */
	expect_bind_einval(&s, &b);
	b = good;
	b.sender = 0xffff; /* the SPMD */
	expect_bind_einval(&s, &b);
	b = good;
	b.sender = 0x18001; /* not a 16-bit ID */
	expect_bind_einval(&s, &b);

	/* And the good one still works. */
	b = good;
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_BIND, &b), 0);
	assert_int_equal(s.bound, 0x3);
	assert_int_equal(fk.bound_ids, 0x3);
	assert_int_equal(fk.last_sender, 0x8001);
	assert_int_equal(stats_of(&s).bound, 0x3);
}

static void test_bind_per_vcpu_feature(void **state)
{
	struct ffp_hub_session s;

	(void)state;
	make_hub(&prov, 0);
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(do_bind(&s, 0x8001, 1, FFA_NOTIF_FLAG_PER_VCPU),
			 -EOPNOTSUPP);
	assert_int_equal(fk.binds, 0);
	make_hub(&prov, 1);
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(do_bind(&s, 0x8001, 1, FFA_NOTIF_FLAG_PER_VCPU), 0);
	assert_int_equal(fk.last_per_vcpu, 1);
}

static void test_bind_all_or_nothing(void **state)
{
	struct ffp_hub_session a, b;

	(void)state;
	ffp_hub_session_init(&hub, &a, NULL);
	ffp_hub_session_init(&hub, &b, NULL);
	fk.fail_bind_id = 6;
	fk.fail_bind_err = -EACCES;
	/* IDs 4, 5 bind, 6 is refused: 4 and 5 are undone. */
	assert_int_equal(do_bind(&a, 0x8001, 0x70, 0), -EACCES);
	assert_int_equal(fk.binds, 3);
	assert_int_equal(fk.unbinds, 2);
	assert_int_equal(fk.bound_ids, 0);
	assert_int_equal(a.bound, 0);
	/* The reservation is gone: another file may bind them. */
	fk.fail_bind_id = -1;
	assert_int_equal(do_bind(&b, 0x8002, 0x30, 0), 0);
	assert_int_equal(b.bound, 0x30);
}

static void test_ownership(void **state)
{
	struct ffp_hub_session a, b;

	(void)state;
	ffp_hub_session_init(&hub, &a, NULL);
	ffp_hub_session_init(&hub, &b, NULL);
	assert_int_equal(do_bind(&a, 0x8001, 1ULL << 9, 0), 0);
	/* Another file, any sender, overlapping bitmap: EBUSY, no change. */
	assert_int_equal(do_bind(&b, 0x8002, (1ULL << 9) | (1ULL << 10), 0),
			 -EBUSY);
	assert_int_equal(b.bound, 0);
	assert_false(fk.bound_ids & (1ULL << 10));
	/* The same file again: also EBUSY. */
	assert_int_equal(do_bind(&a, 0x8001, 1ULL << 9, 0), -EBUSY);
	/* B cannot unbind what A holds. */
	assert_int_equal(do_unbind(&b, 0x8001, 1ULL << 9), -EINVAL);
	assert_int_equal(a.bound, 1ULL << 9);
	/* After A unbinds, B can have it. */
	assert_int_equal(do_unbind(&a, 0x8001, 1ULL << 9), 0);
	assert_int_equal(do_bind(&b, 0x8002, 1ULL << 9, 0), 0);
}

static void test_unbind_validation(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_binding b;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(do_bind(&s, 0x8001, 0xf, 0), 0);
	/* Wrong sender, unbound ID, zero bitmap: EINVAL, nothing unbound. */
	assert_int_equal(do_unbind(&s, 0x8002, 0x1), -EINVAL);
	assert_int_equal(do_unbind(&s, 0x8001, 0x10), -EINVAL);
	assert_int_equal(do_unbind(&s, 0x8001, 0x11), -EINVAL);
	assert_int_equal(do_unbind(&s, 0x8001, 0), -EINVAL);
	memset(&b, 0, sizeof(b));
	b.sender = 0x8001;
	b.notifications = 1;
	b.flags = FFA_NOTIF_FLAG_PER_VCPU; /* UNBIND takes no flags */
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_UNBIND, &b), -EINVAL);
	b.flags = 0;
	b.reserved[3] = 1;
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_UNBIND, &b), -EINVAL);
	assert_int_equal(fk.unbinds, 0);
	assert_int_equal(s.bound, 0xf);
	/* A refused unbind keeps the binding. */
	fk.fail_unbind_id = 2;
	assert_int_equal(do_unbind(&s, 0x8001, 0x6), -EACCES);
	assert_int_equal(s.bound, 0xd);
	fk.fail_unbind_id = -1;
	assert_int_equal(do_unbind(&s, 0x8001, 0xd), 0);
	assert_int_equal(s.bound, 0);
	assert_int_equal(fk.bound_ids, 0);
}

static void test_set(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_set_req r, good;
	unsigned int i;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	memset(&good, 0, sizeof(good));
	good.receiver = 0x8001;
	good.notifications = 1ULL << 63;

	r = good;
	r.flags = 2;
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SET, &r), -EINVAL);
	for (i = 0; i < 4; i++) {
		r = good;
		r.reserved[i] = 1;
		assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SET, &r),
				 -EINVAL);
	}
	r = good;
	r.notifications = 0;
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SET, &r), -EINVAL);
	r = good;
	r.receiver = 0x0002;
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SET, &r), -EINVAL);
	r = good;
	r.vcpu = 1; /* global: no vCPU */
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SET, &r), -EINVAL);
	r = good;
	r.flags = FFA_NOTIF_FLAG_PER_VCPU;
	r.vcpu = 0x10000;
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SET, &r), -EINVAL);
	assert_int_equal(fk.sets, 0);

	r = good;
	r.flags = FFA_NOTIF_FLAG_PER_VCPU;
	r.vcpu = 3;
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SET, &r), 0);
	assert_int_equal(fk.sets, 1);
	assert_int_equal(fk.last_receiver, 0x8001);
	assert_true(fk.last_bitmap == 1ULL << 63);
	assert_int_equal(fk.last_per_vcpu, 1);
	assert_int_equal(fk.last_vcpu, 3);
}

static void test_sim_ring(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_sim_ring r;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	memset(&r, 0, sizeof(r));
	r.sender = 0x8003;
	r.notifications = 0x2;
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SIM_RING, &r), 0);
	assert_int_equal(fk.rings, 1);
	assert_int_equal(fk.last_sender, 0x8003);
	r.flags = FFA_NOTIF_FLAG_PER_VCPU;
	r.vcpu = 4; /* vcpu_count is 4 */
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SIM_RING, &r),
			 -EINVAL);
	r.vcpu = 3;
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SIM_RING, &r), 0);
	r.reserved[0] = 7;
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SIM_RING, &r),
			 -EINVAL);
	assert_int_equal(fk.rings, 2);

	make_hub(&prov_no_ring, 1);
	ffp_hub_session_init(&hub, &s, NULL);
	memset(&r, 0, sizeof(r));
	r.sender = 0x8003;
	r.notifications = 0x2;
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SIM_RING, &r),
			 -ENOTTY);
}

static void test_deliver_and_coalesce(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_event ev[4];
	struct ffa_notif_stats st;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(do_bind(&s, 0x8001, 0x3, 0), 0);
	assert_int_equal(do_bind(&s, 0x8002, 0x4, 0), 0);

	/* Unbound ID, or a sender that is not the bound one: unclaimed. */
	ffp_hub_deliver(&hub, 9, 0x8001, 0, 0);
	ffp_hub_deliver(&hub, 0, 0x8002, 0, 0);
	ffp_hub_deliver(&hub, 64, 0x8001, 0, 0);
	assert_int_equal(hub.stats.unclaimed, 2);
	assert_false(ffp_hub_readable(&s));
	assert_int_equal(fk.wakes, 0);

	fk.now = 5000;
	ffp_hub_deliver(&hub, 0, 0x8001, 0, 0);
	assert_int_equal(fk.wakes, 1);
	assert_ptr_equal(fk.last_woken, &s);
	fk.now = 6000;
	ffp_hub_deliver(&hub, 0, 0x8001, 0, 0); /* the same bit: coalesced */
	ffp_hub_deliver(&hub, 1, 0x8001, 0, 0); /* same sender: merged */
	ffp_hub_deliver(&hub, 2, 0x8002, 0, 0); /* other sender: new event */
	assert_int_equal(fk.wakes, 1); /* became readable only once */

	assert_int_equal(ffp_hub_read(&s, ev, 4), 2);
	assert_int_equal(ev[0].sender, 0x8001);
	assert_true(ev[0].notifications == 0x3);
	assert_true(ev[0].timestamp_ns == 5000);
	assert_true(ev[0].seqno == 1);
	assert_int_equal(ev[0].flags, 0);
	assert_int_equal(ev[0].dropped, 0);
	assert_int_equal(ev[1].sender, 0x8002);
	assert_true(ev[1].notifications == 0x4);
	assert_true(ev[1].timestamp_ns == 6000);
	assert_true(ev[1].seqno == 2);
	assert_false(ffp_hub_readable(&s));
	assert_int_equal(ffp_hub_read(&s, ev, 4), 0);

	st = stats_of(&s);
	assert_true(st.events == 2);
	assert_true(st.read == 2);
	assert_true(st.coalesced == 1);
	assert_true(st.dropped == 0);
	assert_true(st.bound == 0x7);

	/* After reading, the same bit is a new event. */
	ffp_hub_deliver(&hub, 0, 0x8001, 0, 0);
	assert_int_equal(fk.wakes, 2);
	assert_int_equal(ffp_hub_read(&s, ev, 1), 1);
	assert_true(ev[0].seqno == 3);
}

static void test_per_vcpu_events(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_event ev[4];

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(do_bind(&s, 0x8002, 0x1, FFA_NOTIF_FLAG_PER_VCPU), 0);
	ffp_hub_deliver(&hub, 0, 0x8002, 1, 2);
	ffp_hub_deliver(&hub, 0, 0x8002, 1, 3);
	ffp_hub_deliver(&hub, 0, 0x8002, 1, 2);
	assert_int_equal(ffp_hub_read(&s, ev, 4), 2);
	assert_int_equal(ev[0].vcpu, 2);
	assert_int_equal(ev[0].flags, FFA_NOTIF_EVENT_PER_VCPU);
	assert_int_equal(ev[1].vcpu, 3);
	assert_true(stats_of(&s).coalesced == 1);
}

/* The observe hook sees every arrival: whose it was, or that nobody's. */
static void test_observe(void **state)
{
	struct ffa_notif_info info;
	struct ffp_hub_session s;
	struct ffa_notif_event ev[2];

	(void)state;
	memset(&info, 0, sizeof(info));
	info.vcpu_count = 4;
	info.features = FFA_NOTIF_FEAT_PER_VCPU;
	ffp_hub_init(&hub, &prov, NULL, &env_observed, NULL, &info);
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(do_bind(&s, 0x8002, 0x2, FFA_NOTIF_FLAG_PER_VCPU), 0);

	fk.now = 77;
	ffp_hub_deliver(&hub, 1, 0x8002, 1, 3);
	assert_int_equal(fk.observed, 1);
	assert_ptr_equal(fk.obs_session, &s);
	assert_int_equal(fk.obs_id, 1);
	assert_int_equal(fk.obs_sender, 0x8002);
	assert_int_equal(fk.obs_per_vcpu, 1);
	assert_int_equal(fk.obs_vcpu, 3);
	assert_true(fk.obs_now == 77);

	/* Unbound ID, and a bound one from the wrong sender: unclaimed. */
	ffp_hub_deliver(&hub, 5, 0x8002, 0, 3);
	assert_int_equal(fk.observed, 2);
	assert_null(fk.obs_session);
	assert_int_equal(fk.obs_vcpu, 0); /* global: no vCPU */
	ffp_hub_deliver(&hub, 1, 0x8001, 1, 0);
	assert_int_equal(fk.observed, 3);
	assert_null(fk.obs_session);
	assert_true(hub.stats.unclaimed == 2);

	/* Out-of-range IDs are not arrivals at all. */
	ffp_hub_deliver(&hub, 64, 0x8002, 0, 0);
	assert_int_equal(fk.observed, 3);
	assert_int_equal(ffp_hub_read(&s, ev, 2), 1);
	ffp_hub_session_release(&s);
}

static void test_overflow_counted(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_event ev[FFA_NOTIF_QUEUE_DEPTH];
	struct ffa_notif_stats st;
	int v;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(do_bind(&s, 0x8002, 0x1, FFA_NOTIF_FLAG_PER_VCPU), 0);
	/* Depth + 2 distinct (sender, vCPU) keys: the two oldest go. */
	for (v = 0; v < FFA_NOTIF_QUEUE_DEPTH + 2; v++)
		ffp_hub_deliver(&hub, 0, 0x8002, 1, (ffp_u16)v);
	st = stats_of(&s);
	assert_true(st.dropped == 2);
	assert_true(st.events == FFA_NOTIF_QUEUE_DEPTH + 2);

	/* The loss is reported once, in the first record read. */
	assert_int_equal(ffp_hub_read(&s, ev, 1), 1);
	assert_int_equal(ev[0].dropped, 2);
	assert_int_equal(ev[0].vcpu, 2); /* the oldest left */
	assert_true(ev[0].seqno == 3); /* seqno gap shows it too */
	assert_int_equal(ffp_hub_read(&s, ev, FFA_NOTIF_QUEUE_DEPTH),
			 FFA_NOTIF_QUEUE_DEPTH - 1);
	assert_int_equal(ev[0].dropped, 0);
	assert_int_equal(ev[FFA_NOTIF_QUEUE_DEPTH - 2].vcpu,
			 FFA_NOTIF_QUEUE_DEPTH + 1);
}

static void test_global_never_overflows(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_event ev[FFA_NOTIF_QUEUE_DEPTH];
	int id, round;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	/* 64 IDs from 64 different senders: the worst case for globals. */
	for (id = 0; id < 64; id++)
		assert_int_equal(
			do_bind(&s, 0x8001 + (uint32_t)id, 1ULL << id, 0), 0);
	for (round = 0; round < 5; round++)
		for (id = 0; id < 64; id++)
			ffp_hub_deliver(&hub, id, (ffp_u16)(0x8001 + id), 0, 0);
	assert_true(stats_of(&s).dropped == 0);
	assert_int_equal(ffp_hub_read(&s, ev, FFA_NOTIF_QUEUE_DEPTH), 64);
	for (id = 0; id < 64; id++)
		assert_true(ev[id].notifications == 1ULL << id);
	assert_true(stats_of(&s).coalesced == 4 * 64);
}

static void test_release(void **state)
{
	struct ffp_hub_session a, b;
	int unbinds;

	(void)state;
	ffp_hub_session_init(&hub, &a, NULL);
	ffp_hub_session_init(&hub, &b, NULL);
	assert_int_equal(do_bind(&a, 0x8001, 0x3, 0), 0);
	assert_int_equal(do_bind(&a, 0x8002, 0x30, 0), 0);
	assert_int_equal(do_bind(&b, 0x8001, 0x100, 0), 0);
	ffp_hub_deliver(&hub, 0, 0x8001, 0, 0);
	ffp_hub_session_release(&a);
	assert_int_equal(fk.unbinds, 4);
	assert_true(fk.bound_ids == 0x100); /* B's binding untouched */
	assert_false(ffp_hub_readable(&a));
	/* A's IDs are free; a late notification for them is unclaimed. */
	ffp_hub_deliver(&hub, 0, 0x8001, 0, 0);
	assert_true(hub.stats.unclaimed == 1);
	assert_int_equal(do_bind(&b, 0x8002, 0x3, 0), 0);

	/* A refused unbind at close leaves an orphan: counted, no file
	 * holds it, arrivals for it are unclaimed...
	 */
	fk.fail_unbind_id = 8;
	ffp_hub_session_release(&b);
	assert_true(hub.stats.release_failures == 1);
	assert_int_equal(hub.state[8], FFP_HUB_ID_ORPHANED);
	assert_true(fk.bound_ids == 0x100);
	ffp_hub_deliver(&hub, 8, 0x8001, 0, 0);
	assert_true(hub.stats.unclaimed == 2);
	/* ...and a new BIND retries its unbind first: refused -> EBUSY,
	 * still an orphan, nothing else bound.
	 */
	ffp_hub_session_init(&hub, &a, NULL);
	unbinds = fk.unbinds;
	assert_int_equal(do_bind(&a, 0x8002, 0x300, 0), -EBUSY);
	assert_int_equal(fk.unbinds, unbinds + 1);
	assert_int_equal(hub.state[8], FFP_HUB_ID_ORPHANED);
	assert_int_equal(hub.state[9], FFP_HUB_ID_FREE);
	assert_true(fk.bound_ids == 0x100);
	assert_int_equal(a.bound, 0);
	/* Once the old binding can be undone, the ID is the new file's. */
	fk.fail_unbind_id = -1;
	assert_int_equal(do_bind(&a, 0x8002, 0x300, 0), 0);
	assert_true(fk.bound_ids == 0x300);
	assert_int_equal(hub.state[8], FFP_HUB_ID_BOUND);
	assert_int_equal(fk.last_sender, 0x8002);
}

/* Arrivals while a BIND is still in progress, or being undone, are not
 * the file's: a failed BIND leaves nothing queued.
 */

static int f_bind_delivering(struct ffp_hub *h, void *ctx, ffp_u16 sender,
			     int id, int per_vcpu)
{
	int ret = f_bind(h, ctx, sender, id, per_vcpu);

	/* The partition rings the ID bound a moment ago. */
	if (ret == 0)
		ffp_hub_deliver(h, id, sender, 0, 0);
	return ret;
}

static void test_failed_bind_queues_nothing(void **state)
{
	static const struct ffp_hub_provider_ops p = {
		.bind = f_bind_delivering,
		.unbind = f_unbind,
		.set = f_set,
	};
	struct ffp_hub_session s;
	struct ffa_notif_stats st;

	(void)state;
	make_hub(&p, 1);
	ffp_hub_session_init(&hub, &s, NULL);
	fk.fail_bind_id = 2;
	fk.fail_bind_err = -EACCES;
	assert_int_equal(do_bind(&s, 0x8001, 0x7, 0), -EACCES);
	assert_false(ffp_hub_readable(&s));
	st = stats_of(&s);
	assert_true(st.events == 0 && st.bound == 0);
	assert_int_equal(fk.wakes, 0);
	assert_true(hub.stats.unclaimed == 2);
	/* A completed bind gets what arrives after it. */
	fk.fail_bind_id = -1;
	assert_int_equal(do_bind(&s, 0x8001, 0x7, 0), 0);
	ffp_hub_deliver(&hub, 1, 0x8001, 0, 0);
	assert_true(ffp_hub_readable(&s));
}

/* ---- the ioctl magic, shared with f2fs ------------------------------------ */

/*
 * 0xF5 is F2FS_IOCTL_MAGIC too (include/uapi/linux/f2fs.h; the uAPI
 * header's comment says why that is harmless): no whole command value of
 * ours may be one of f2fs's, and none of f2fs's is ours to answer.
 */
static void test_ioctl_magic_f2fs(void **state)
{
	static const unsigned int ours[] = {
		FFA_NOTIF_IOC_GET_INFO,	       FFA_NOTIF_IOC_BIND,
		FFA_NOTIF_IOC_UNBIND,	       FFA_NOTIF_IOC_SET,
		FFA_NOTIF_IOC_GET_STATS,       FFA_NOTIF_IOC_SIM_RING,
		FFA_NOTIF_IOC_GET_SIM_INFO,    FFA_NOTIF_IOC_SET_FILE_CONFIG,
		FFA_NOTIF_IOC_GET_FILE_CONFIG,
	};
	static const unsigned int f2fs[] = {
		F2FS_IOC_START_ATOMIC_WRITE,
		F2FS_IOC_COMMIT_ATOMIC_WRITE,
		F2FS_IOC_START_VOLATILE_WRITE,
		F2FS_IOC_RELEASE_VOLATILE_WRITE,
		F2FS_IOC_ABORT_ATOMIC_WRITE,
		F2FS_IOC_GARBAGE_COLLECT,
		F2FS_IOC_WRITE_CHECKPOINT,
		F2FS_IOC_DEFRAGMENT,
		F2FS_IOC_MOVE_RANGE,
		F2FS_IOC_FLUSH_DEVICE,
		F2FS_IOC_GARBAGE_COLLECT_RANGE,
		F2FS_IOC_GET_FEATURES,
		F2FS_IOC_SET_PIN_FILE,
		F2FS_IOC_GET_PIN_FILE,
		F2FS_IOC_PRECACHE_EXTENTS,
		F2FS_IOC_RESIZE_FS,
		F2FS_IOC_GET_COMPRESS_BLOCKS,
		F2FS_IOC_RELEASE_COMPRESS_BLOCKS,
		F2FS_IOC_RESERVE_COMPRESS_BLOCKS,
		F2FS_IOC_SEC_TRIM_FILE,
		F2FS_IOC_GET_COMPRESS_OPTION,
		F2FS_IOC_SET_COMPRESS_OPTION,
		F2FS_IOC_DECOMPRESS_FILE,
		F2FS_IOC_COMPRESS_FILE,
#ifdef F2FS_IOC_START_ATOMIC_REPLACE /* Linux 6.3; 1-25 as of 6.12 */
		F2FS_IOC_START_ATOMIC_REPLACE,
#endif
	};
	unsigned int i, j;

	(void)state;
	assert_int_equal(F2FS_IOCTL_MAGIC, FFA_NOTIF_IOC_MAGIC);
	for (i = 0; i < FFP_ARRAY_SIZE(ours); i++) {
		assert_int_equal(_IOC_TYPE(ours[i]), FFA_NOTIF_IOC_MAGIC);
		/* Numbers 0x00-0x1F, the range the header claims. */
		assert_true(_IOC_NR(ours[i]) <= 0x1f);
		assert_true(ffp_hub_ioctl_size(ours[i]) != 0);
		for (j = 0; j < FFP_ARRAY_SIZE(f2fs); j++)
			if (ours[i] == f2fs[j])
				fail_msg("%#x is also f2fs's", ours[i]);
	}
	for (j = 0; j < FFP_ARRAY_SIZE(f2fs); j++)
		assert_int_equal(ffp_hub_ioctl_size(f2fs[j]), 0);
}

/* ---- per-file configuration ----------------------------------------------- */

static long set_config(struct ffp_hub_session *s, uint32_t depth,
		       uint32_t clock)
{
	struct ffa_notif_file_config c;

	memset(&c, 0, sizeof(c));
	c.queue_depth = depth;
	c.clock = clock;
	return ffp_hub_ioctl(s, FFA_NOTIF_IOC_SET_FILE_CONFIG, &c);
}

static struct ffa_notif_file_config config_of(struct ffp_hub_session *s)
{
	struct ffa_notif_file_config c;
	unsigned int i;

	memset(&c, 0xff, sizeof(c));
	assert_int_equal(ffp_hub_ioctl(s, FFA_NOTIF_IOC_GET_FILE_CONFIG, &c),
			 0);
	for (i = 0; i < FFP_ARRAY_SIZE(c.reserved); i++)
		assert_true(c.reserved[i] == 0);
	return c;
}

static void test_file_config_default(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_file_config c;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	c = config_of(&s);
	assert_int_equal(c.queue_depth, FFA_NOTIF_QUEUE_DEPTH);
	assert_int_equal(c.clock, FFA_NOTIF_CLOCK_MONOTONIC);
	/* Depth 0 is the default, set explicitly: no storage needed. */
	assert_int_equal(set_config(&s, 0, FFA_NOTIF_CLOCK_BOOTTIME), 0);
	c = config_of(&s);
	assert_int_equal(c.queue_depth, FFA_NOTIF_QUEUE_DEPTH);
	assert_int_equal(c.clock, FFA_NOTIF_CLOCK_BOOTTIME);
	assert_int_equal(set_config(&s, 1, FFA_NOTIF_CLOCK_REALTIME), 0);
	c = config_of(&s);
	assert_int_equal(c.queue_depth, 1);
	assert_int_equal(c.clock, FFA_NOTIF_CLOCK_REALTIME);
	assert_int_equal(fk.allocs, 0);
	ffp_hub_session_release(&s);
}

/* A bad configuration is EINVAL and changes nothing, allocates nothing. */
static void test_file_config_einval(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_file_config c, got;
	unsigned int i;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(set_config(&s, 7, FFA_NOTIF_CLOCK_BOOTTIME), 0);
	assert_int_equal(set_config(&s, FFA_NOTIF_QUEUE_DEPTH_MAX + 1, 0),
			 -EINVAL);
	assert_int_equal(set_config(&s, 0xffffffffU, 0), -EINVAL);
	assert_int_equal(set_config(&s, 0, 3), -EINVAL);
	assert_int_equal(set_config(&s, 0, 0x80000000U), -EINVAL);
	for (i = 0; i < FFP_ARRAY_SIZE(c.reserved); i++) {
		memset(&c, 0, sizeof(c));
		c.queue_depth = FFA_NOTIF_QUEUE_DEPTH_MAX;
		c.reserved[i] = 1ULL << (8 * i);
		assert_int_equal(
			ffp_hub_ioctl(&s, FFA_NOTIF_IOC_SET_FILE_CONFIG, &c),
			-EINVAL);
	}
	assert_int_equal(fk.allocs, 0);
	got = config_of(&s);
	assert_int_equal(got.queue_depth, 7);
	assert_int_equal(got.clock, FFA_NOTIF_CLOCK_BOOTTIME);
	ffp_hub_session_release(&s);
}

/* A file with a binding (made, being made) or unread events: EBUSY. */
static int busy_in_bind;
static struct ffp_hub_session *busy_session;

static int f_bind_configuring(struct ffp_hub *h, void *ctx, ffp_u16 sender,
			      int id, int per_vcpu)
{
	/* While the BIND is in progress: its IDs are the file's already. */
	busy_in_bind = (int)set_config(busy_session, 128, 0);
	return f_bind(h, ctx, sender, id, per_vcpu);
}

static void test_file_config_ebusy(void **state)
{
	static const struct ffp_hub_provider_ops p = {
		.bind = f_bind_configuring,
		.unbind = f_unbind,
		.set = f_set,
	};
	struct ffp_hub_session s, other;
	struct ffa_notif_event ev[2];
	struct ffa_notif_file_config c;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	ffp_hub_session_init(&hub, &other, NULL);
	assert_int_equal(do_bind(&s, 0x8001, 0x1, 0), 0);
	assert_int_equal(set_config(&s, 128, FFA_NOTIF_CLOCK_BOOTTIME), -EBUSY);
	assert_int_equal(set_config(&s, 0, FFA_NOTIF_CLOCK_BOOTTIME), -EBUSY);
	/* Busy is found before any storage is asked for. */
	assert_int_equal(fk.allocs, 0);
	/* Another file's bindings are not this one's. */
	assert_int_equal(set_config(&other, 128, 0), 0);

	/* Unbound, but an event unread: still busy. */
	ffp_hub_deliver(&hub, 0, 0x8001, 0, 0);
	assert_int_equal(do_unbind(&s, 0x8001, 0x1), 0);
	assert_int_equal(set_config(&s, 2, FFA_NOTIF_CLOCK_BOOTTIME), -EBUSY);
	assert_int_equal(ffp_hub_read(&s, ev, 2), 1);
	assert_int_equal(set_config(&s, 2, FFA_NOTIF_CLOCK_BOOTTIME), 0);
	c = config_of(&s);
	assert_int_equal(c.queue_depth, 2);
	assert_int_equal(c.clock, FFA_NOTIF_CLOCK_BOOTTIME);
	/* The queue starts afresh: seqno goes on, the ring works. */
	assert_int_equal(do_bind(&s, 0x8001, 0x1, 0), 0);
	ffp_hub_deliver(&hub, 0, 0x8001, 0, 0);
	assert_int_equal(ffp_hub_read(&s, ev, 2), 1);
	assert_true(ev[0].seqno == 2);
	ffp_hub_session_release(&s);
	ffp_hub_session_release(&other);

	/* A BIND in progress (the provider is being asked) makes it busy. */
	make_hub(&p, 1);
	ffp_hub_session_init(&hub, &s, NULL);
	busy_session = &s;
	busy_in_bind = 1;
	assert_int_equal(do_bind(&s, 0x8001, 0x2, 0), 0);
	assert_int_equal(busy_in_bind, -EBUSY);
	assert_int_equal(fk.allocs, 0);
	ffp_hub_session_release(&s);

	/* A BIND that comes while the storage is being had (the lock is not
	 * held then): EBUSY, and that storage goes back.
	 */
	make_hub(&prov, 1);
	ffp_hub_session_init(&hub, &s, NULL);
	fk.bind_in_alloc = &s;
	fk.bind_in_alloc_id = 9;
	assert_int_equal(set_config(&s, 256, FFA_NOTIF_CLOCK_REALTIME), -EBUSY);
	assert_int_equal(fk.allocs, 1);
	assert_int_equal(fk.frees, 1);
	assert_true(s.bound == 1ULL << 9);
	c = config_of(&s);
	assert_int_equal(c.queue_depth, FFA_NOTIF_QUEUE_DEPTH);
	assert_int_equal(c.clock, FFA_NOTIF_CLOCK_MONOTONIC);
	ffp_hub_session_release(&s);
}

/* n distinct (sender 0x8002, vCPU v) events, v = first..first+n-1. */
static void deliver_vcpus(unsigned int first, unsigned int n)
{
	unsigned int v;

	for (v = first; v < first + n; v++)
		ffp_hub_deliver(&hub, 0, 0x8002, 1, (ffp_u16)v);
}

/* A small queue overflows at its depth, counted as the default one is. */
static void test_file_config_small_depth(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_event ev[8];
	struct ffa_notif_stats st;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(set_config(&s, 3, 0), 0);
	assert_int_equal(do_bind(&s, 0x8002, 0x1, FFA_NOTIF_FLAG_PER_VCPU), 0);
	deliver_vcpus(0, 3);
	st = stats_of(&s);
	assert_true(st.dropped == 0 && st.events == 3);
	/* Merging and coalescing still happen in a full queue. */
	ffp_hub_deliver(&hub, 0, 0x8002, 1, 1);
	assert_true(stats_of(&s).coalesced == 1);
	deliver_vcpus(3, 2); /* vCPUs 0 and 1 go */
	st = stats_of(&s);
	assert_true(st.dropped == 2 && st.events == 5);
	assert_int_equal(ffp_hub_read(&s, ev, 8), 3);
	assert_int_equal(ev[0].dropped, 2);
	assert_int_equal(ev[0].vcpu, 2);
	assert_true(ev[0].seqno == 3);
	assert_int_equal(ev[2].vcpu, 4);
	assert_int_equal(ev[1].dropped, 0);
	/* Around the ring, more than once. */
	deliver_vcpus(10, 7);
	assert_int_equal(ffp_hub_read(&s, ev, 8), 3);
	assert_int_equal(ev[0].dropped, 4);
	assert_int_equal(ev[0].vcpu, 14);
	assert_int_equal(ev[2].vcpu, 16);
	assert_true(stats_of(&s).dropped == 6);
	assert_int_equal(fk.allocs, 0); /* the inline queue serves */
	ffp_hub_session_release(&s);
}

/* The deepest queue: on the embedder's storage, FFA_NOTIF_QUEUE_DEPTH_MAX
 * distinct events without a drop, then the oldest goes.
 */
static void test_file_config_max_depth(void **state)
{
	enum { MAX = FFA_NOTIF_QUEUE_DEPTH_MAX };
	static struct ffa_notif_event ev[MAX];
	struct ffp_hub_session s;
	struct ffa_notif_stats st;
	unsigned int i;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(set_config(&s, MAX, 0), 0);
	assert_int_equal(fk.allocs, 1);
	assert_int_equal(fk.last_alloc_n, MAX);
	assert_int_equal(config_of(&s).queue_depth, MAX);
	assert_int_equal(do_bind(&s, 0x8002, 0x1, FFA_NOTIF_FLAG_PER_VCPU), 0);
	deliver_vcpus(0, MAX);
	st = stats_of(&s);
	assert_true(st.dropped == 0 && st.events == MAX);
	/* Read part, queue more: around the end of the storage. */
	assert_int_equal(ffp_hub_read(&s, ev, 100), 100);
	assert_int_equal(ev[99].vcpu, 99);
	deliver_vcpus(MAX, 101); /* 100 fit, then the oldest (100) goes */
	st = stats_of(&s);
	assert_true(st.dropped == 1);
	assert_int_equal(ffp_hub_read(&s, ev, MAX), MAX);
	assert_int_equal(ev[0].dropped, 1);
	for (i = 0; i < MAX; i++) {
		assert_int_equal(ev[i].vcpu, (ffp_u16)(101 + i));
		assert_true(ev[i].seqno == 102 + i);
	}
	assert_int_equal(do_unbind(&s, 0x8002, 0x1), 0);

	/* Another depth: the old storage goes back once the new is in. */
	assert_int_equal(set_config(&s, 100, 0), 0);
	assert_int_equal(fk.allocs, 2);
	assert_int_equal(fk.frees, 1);
	/* Back to the inline queue. */
	assert_int_equal(set_config(&s, 0, 0), 0);
	assert_int_equal(fk.allocs, 2);
	assert_int_equal(fk.frees, 2);
	assert_int_equal(set_config(&s, 65, 0), 0);
	assert_int_equal(fk.last_alloc_n, 65);
	/* Close gives the storage back. */
	ffp_hub_session_release(&s);
	assert_int_equal(fk.frees, 3);
}

static void test_file_config_enomem(void **state)
{
	struct ffa_notif_info info;
	struct ffp_hub_session s;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(set_config(&s, 5, FFA_NOTIF_CLOCK_BOOTTIME), 0);
	fk.alloc_fail = 1;
	assert_int_equal(set_config(&s, 1000, 0), -ENOMEM);
	assert_int_equal(config_of(&s).queue_depth, 5);
	assert_int_equal(config_of(&s).clock, FFA_NOTIF_CLOCK_BOOTTIME);
	fk.alloc_fail = 0;
	ffp_hub_session_release(&s);

	/* An embedder without storage: inline depths only. */
	memset(&info, 0, sizeof(info));
	ffp_hub_init(&hub, &prov, NULL, &env_no_alloc, NULL, &info);
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(set_config(&s, FFP_HUB_INLINE_DEPTH + 1, 0), -ENOMEM);
	assert_int_equal(set_config(&s, FFP_HUB_INLINE_DEPTH, 0), 0);
	assert_int_equal(set_config(&s, 1, FFA_NOTIF_CLOCK_REALTIME), 0);
	ffp_hub_session_release(&s);
	assert_int_equal(fk.allocs, 1);
}

/* Timestamps come from the file's clock; the monitor's stay MONOTONIC. */
static void test_file_config_clock(void **state)
{
	static const uint32_t clocks[] = { FFA_NOTIF_CLOCK_MONOTONIC,
					   FFA_NOTIF_CLOCK_BOOTTIME,
					   FFA_NOTIF_CLOCK_REALTIME };
	struct ffa_notif_info info;
	struct ffp_hub_session s, mono;
	struct ffa_notif_event ev[2];
	unsigned int i;
	uint32_t c;

	(void)state;
	memset(&info, 0, sizeof(info));
	info.vcpu_count = 4;
	ffp_hub_init(&hub, &prov, NULL, &env_observed, NULL, &info);
	fk.now = 1000;
	fk.now_boot = 2000;
	fk.now_real = 1700000000000000000ULL;
	for (i = 0; i < FFP_ARRAY_SIZE(clocks); i++) {
		c = clocks[i];
		memset(fk.now_calls, 0, sizeof(fk.now_calls));
		memset(fk.now_unlocked, 0, sizeof(fk.now_unlocked));
		ffp_hub_session_init(&hub, &s, NULL);
		ffp_hub_session_init(&hub, &mono, NULL);
		assert_int_equal(set_config(&s, 0, c), 0);
		assert_int_equal(do_bind(&s, 0x8001, 0x1, 0), 0);
		assert_int_equal(do_bind(&mono, 0x8003, 0x2, 0), 0);
		ffp_hub_deliver(&hub, 0, 0x8001, 0, 0);
		assert_true(fk.obs_now == 1000);
		ffp_hub_deliver(&hub, 1, 0x8003, 0, 0);
		assert_int_equal(ffp_hub_read(&s, ev, 2), 1);
		assert_true(ev[0].timestamp_ns ==
			    (c == FFA_NOTIF_CLOCK_BOOTTIME   ? 2000
			     : c == FFA_NOTIF_CLOCK_REALTIME ? fk.now_real
							     : 1000));
		/* The other file keeps its own (the default). */
		assert_int_equal(ffp_hub_read(&mono, ev, 2), 1);
		assert_true(ev[0].timestamp_ns == 1000);
		/* MONOTONIC once per arrival, without the lock; the file's
		 * other clock once, under it.
		 */
		assert_int_equal(fk.now_calls[FFA_NOTIF_CLOCK_MONOTONIC], 2);
		assert_int_equal(fk.now_unlocked[FFA_NOTIF_CLOCK_MONOTONIC], 2);
		if (c != FFA_NOTIF_CLOCK_MONOTONIC) {
			assert_int_equal(fk.now_calls[c], 1);
			assert_int_equal(fk.now_unlocked[c], 0);
		}
		/* A bit merged later keeps the first one's time. */
		fk.now_boot += 5;
		fk.now_real += 5;
		fk.now += 5;
		ffp_hub_deliver(&hub, 0, 0x8001, 0, 0);
		fk.now_boot += 5;
		fk.now_real += 5;
		fk.now += 5;
		ffp_hub_deliver(&hub, 0, 0x8001, 0, 0);
		assert_int_equal(ffp_hub_read(&s, ev, 2), 1);
		assert_true(ev[0].timestamp_ns ==
			    (c == FFA_NOTIF_CLOCK_BOOTTIME   ? 2005
			     : c == FFA_NOTIF_CLOCK_REALTIME ? fk.now_real - 5
							     : 1005));
		ffp_hub_session_release(&s);
		ffp_hub_session_release(&mono);
		fk.now = 1000;
		fk.now_boot = 2000;
		fk.now_real = 1700000000000000000ULL;
	}
}

/* ---- wake-ups ------------------------------------------------------------ */

/*
 * One wake per change from empty to readable, made without the lock:
 * arrivals into a queue that has events wake no one, whatever they do to
 * it (new record, merge, coalesce); a read that empties it re-arms it.
 */
static void test_wake_once_per_empty_queue(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_event ev[16];
	ffp_u32 left = 99;
	int v;

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(do_bind(&s, 0x8001, 0xf, 0), 0);
	assert_int_equal(do_bind(&s, 0x8002, 0x10, FFA_NOTIF_FLAG_PER_VCPU), 0);
	assert_int_equal(ffp_hub_read_left(&s, ev, 4, &left), 0);
	assert_int_equal(left, 0);

	/* Nine rings into an unread queue: one wake. */
	ffp_hub_deliver(&hub, 0, 0x8001, 0, 0);
	ffp_hub_deliver(&hub, 1, 0x8001, 0, 0);
	ffp_hub_deliver(&hub, 1, 0x8001, 0, 0);
	ffp_hub_deliver(&hub, 3, 0x8001, 0, 0);
	for (v = 0; v < 4; v++)
		ffp_hub_deliver(&hub, 4, 0x8002, 1, (ffp_u16)v);
	ffp_hub_deliver(&hub, 2, 0x8001, 0, 0);
	assert_int_equal(fk.wakes, 1);
	assert_int_equal(fk.wakes_readable, 1);
	assert_ptr_equal(fk.last_woken, &s);
	assert_true(stats_of(&s).events == 5);

	/* A read that leaves some says how many, under its one lock; more
	 * arrivals then still wake no one.
	 */
	assert_int_equal(ffp_hub_read_left(&s, ev, 2, &left), 2);
	assert_int_equal(left, 3);
	ffp_hub_deliver(&hub, 0, 0x8001, 0, 0);
	assert_int_equal(fk.wakes, 1);
	assert_int_equal(ffp_hub_read_left(&s, ev, 16, &left), 4);
	assert_int_equal(left, 0);

	/* Empty again: the next ring wakes, once. */
	ffp_hub_deliver(&hub, 4, 0x8002, 1, 2);
	ffp_hub_deliver(&hub, 4, 0x8002, 1, 3);
	assert_int_equal(fk.wakes, 2);
	assert_int_equal(fk.wakes_readable, 2);
	assert_int_equal(fk.lock_violations, 0);
	ffp_hub_session_release(&s);
}

/* A queue of depth 1 that overflows replaces its record: it was readable
 * already, so that is no new wake.
 */
static void test_wake_depth_one_overflow(void **state)
{
	struct ffp_hub_session s;
	struct ffa_notif_event ev[2];

	(void)state;
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(set_config(&s, 1, 0), 0);
	assert_int_equal(do_bind(&s, 0x8002, 0x1, FFA_NOTIF_FLAG_PER_VCPU), 0);
	ffp_hub_deliver(&hub, 0, 0x8002, 1, 0);
	ffp_hub_deliver(&hub, 0, 0x8002, 1, 1);
	ffp_hub_deliver(&hub, 0, 0x8002, 1, 2);
	assert_int_equal(fk.wakes, 1);
	assert_int_equal(ffp_hub_read(&s, ev, 2), 1);
	assert_int_equal(ev[0].vcpu, 2);
	assert_int_equal(ev[0].dropped, 2);
	ffp_hub_deliver(&hub, 0, 0x8002, 1, 3);
	assert_int_equal(fk.wakes, 2);
	ffp_hub_session_release(&s);
}

/*
 * A close racing a wake: the deliverer (a thread of its own, on a real
 * lock) stops inside env->wake until the closer is seen waiting for it
 * (env->relax); release must not return before the wake has.  Bounded
 * waits: a broken hub fails the test instead of hanging it.
 */
static struct {
	pthread_mutex_t lock; /* the hub's */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int in_wake, release_waiting, wake_done, relaxes;
	struct ffp_hub hub;
} rc;

static ffp_irqflags rc_lock(void *ctx)
{
	(void)ctx;
	pthread_mutex_lock(&rc.lock);
	return 0;
}

static void rc_unlock(void *ctx, ffp_irqflags flags)
{
	(void)ctx;
	(void)flags;
	pthread_mutex_unlock(&rc.lock);
}

static ffp_u64 rc_now(void *ctx, ffp_u32 clock)
{
	(void)ctx;
	(void)clock;
	return 1;
}

/* Wait (rc.mu held) for *flag, two seconds at most. */
static void rc_wait(int *flag)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	while (!*flag)
		if (pthread_cond_timedwait(&rc.cv, &rc.mu, &until))
			break;
}

static void rc_wake(void *ctx, struct ffp_hub_session *s)
{
	(void)ctx;
	(void)s;
	pthread_mutex_lock(&rc.mu);
	rc.in_wake = 1;
	pthread_cond_broadcast(&rc.cv);
	rc_wait(&rc.release_waiting);
	rc.wake_done = 1;
	pthread_mutex_unlock(&rc.mu);
}

static void rc_relax(void *ctx)
{
	(void)ctx;
	pthread_mutex_lock(&rc.mu);
	rc.relaxes++;
	rc.release_waiting = 1;
	pthread_cond_broadcast(&rc.cv);
	pthread_mutex_unlock(&rc.mu);
	sched_yield();
}

static const struct ffp_hub_env_ops env_race = {
	.lock = rc_lock,
	.unlock = rc_unlock,
	.now_ns = rc_now,
	.wake = rc_wake,
	.relax = rc_relax,
};

static void *rc_deliverer(void *arg)
{
	(void)arg;
	ffp_hub_deliver(&rc.hub, 0, 0x8001, 0, 0);
	return NULL;
}

static void test_release_waits_for_wake(void **state)
{
	struct ffa_notif_info info;
	struct ffp_hub_session s;
	pthread_t t;
	int in_wake, done;

	(void)state;
	memset(&rc, 0, sizeof(rc));
	pthread_mutex_init(&rc.lock, NULL);
	pthread_mutex_init(&rc.mu, NULL);
	pthread_cond_init(&rc.cv, NULL);
	memset(&info, 0, sizeof(info));
	info.vcpu_count = 1;
	ffp_hub_init(&rc.hub, &prov, NULL, &env_race, NULL, &info);
	ffp_hub_session_init(&rc.hub, &s, NULL);
	assert_int_equal(do_bind(&s, 0x8001, 0x1, 0), 0);

	assert_int_equal(pthread_create(&t, NULL, rc_deliverer, NULL), 0);
	pthread_mutex_lock(&rc.mu);
	rc_wait(&rc.in_wake);
	in_wake = rc.in_wake;
	pthread_mutex_unlock(&rc.mu);

	ffp_hub_session_release(&s);
	pthread_mutex_lock(&rc.mu);
	done = rc.wake_done;
	pthread_mutex_unlock(&rc.mu);
	pthread_join(t, NULL);

	assert_true(in_wake);
	assert_true(done); /* the wake was over before release returned */
	assert_true(rc.relaxes >= 1); /* and release waited for it */
	assert_int_equal(s.waking, 0);
	assert_true(fk.bound_ids == 0);
	pthread_mutex_destroy(&rc.lock);
	pthread_mutex_destroy(&rc.mu);
	pthread_cond_destroy(&rc.cv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ioctl_table, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_validation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bind_per_vcpu_feature,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_all_or_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ownership, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unbind_validation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sim_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deliver_and_coalesce,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_per_vcpu_events, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_observe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overflow_counted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_global_never_overflows,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ioctl_magic_f2fs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_config_default, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_config_einval, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_config_ebusy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_config_small_depth,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_config_max_depth,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_config_enomem, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_config_clock, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_wake_once_per_empty_queue,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_wake_depth_one_overflow,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_waits_for_wake,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_bind_queues_nothing,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
