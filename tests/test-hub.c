// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The hub (protocol/ffp_hub.c): the per-file semantics of the uAPI, with a
 * fake provider and environment.  Validation of every request field,
 * all-or-nothing binding, ownership across files, coalescing, overflow
 * accounting, release on close, and that no provider call is made with
 * the hub lock held.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "ffp_hub.h"

struct fake {
	int locked;
	int lock_violations;
	uint64_t now;
	int wakes;
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

static ffp_u64 f_now(void *ctx)
{
	(void)ctx;
	return fk.now;
}

static void f_wake(void *ctx, struct ffp_hub_session *s)
{
	(void)ctx;
	assert_int_equal(fk.locked, 1);
	fk.wakes++;
	fk.last_woken = s;
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
	(void)state;
	assert_int_equal(fk.lock_violations, 0);
	assert_int_equal(fk.locked, 0);
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
	for (i = 0; i < 5; i++)
		assert_int_equal(info.reserved[i], 0);

	make_hub(&prov_no_ring, 0);
	ffp_hub_session_init(&hub, &s, NULL);
	assert_int_equal(ffp_hub_ioctl(&s, FFA_NOTIF_IOC_GET_INFO, &info), 0);
	assert_false(info.features & FFA_NOTIF_FEAT_SIM_RING);
	assert_false(info.features & FFA_NOTIF_FEAT_PER_VCPU);
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
		cmocka_unit_test_setup_teardown(test_failed_bind_queues_nothing,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
