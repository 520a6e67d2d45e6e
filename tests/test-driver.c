// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * Unit tests of the driver side of FF-A v1.1 notifications
 * (protocol/ffp_driver.c): init/fini negotiation, BIND/UNBIND/SET/GET
 * encodings on the wire, the SRI path (INFO_GET loop, GET per vCPU,
 * scheduler callbacks, FFA_RUN with FFA_INTERRUPT), INFO_GET parsing of
 * crafted responses, error mapping, the "disabled" state, and a pthread
 * smoke test.
 *
 * The driver talks to a recording conduit.  By default the conduit forwards
 * every call, as NWd endpoint 0, to the reference SPMC model
 * (protocol/ffp_spmc.c); tests can install rules that answer chosen calls
 * with crafted responses instead (fault injection).  The lock ops check
 * nesting, and every callback checks that it is not run under the driver
 * lock nor from inside the conduit.
 *
 * Expected values come from the FF-A notifications ABI digest
 * (ffa-notifications-abi.md, sections 1-8 and 10), written out here
 * rather than taken from ffp_abi.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ffp_driver.h"
#include "ffp_spmc.h"

/* The core's errno names must be the host's. */
_Static_assert(FFP_EINVAL == EINVAL, "EINVAL");
_Static_assert(FFP_EACCES == EACCES, "EACCES");
_Static_assert(FFP_EEXIST == EEXIST, "EEXIST");
_Static_assert(FFP_ENOENT == ENOENT, "ENOENT");
_Static_assert(FFP_ENOSPC == ENOSPC, "ENOSPC");
_Static_assert(FFP_EBUSY == EBUSY, "EBUSY");
_Static_assert(FFP_EOPNOTSUPP == EOPNOTSUPP, "EOPNOTSUPP");

/* Function IDs and status codes, from the digest (sections 1 and 2). */
#define FID_ERROR 0x84000060U
#define FID_SUCCESS_32 0x84000061U
#define FID_SUCCESS_64 0xC4000061U
#define FID_INTERRUPT 0x84000062U
#define FID_VERSION 0x84000063U
#define FID_FEATURES 0x84000064U
#define FID_ID_GET 0x84000069U
#define FID_MSG_WAIT 0x8400006BU
#define FID_YIELD 0x8400006CU
#define FID_RUN 0x8400006DU
#define FID_BITMAP_CREATE 0x8400007DU
#define FID_BITMAP_DESTROY 0x8400007EU
#define FID_BIND 0x8400007FU
#define FID_UNBIND 0x84000080U
#define FID_SET 0x84000081U
#define FID_GET 0x84000082U
#define FID_INFO_GET_32 0x84000083U
#define FID_INFO_GET_64 0xC4000083U
#define FEAT_SRI 2U

#define ST_NOT_SUPPORTED (-1)
#define ST_INVALID_PARAMETERS (-2)
#define ST_BUSY (-4)
#define ST_DENIED (-6)
#define ST_NO_DATA (-9)

/* The default simulated partitions (ffp_spmc_partitions.c). */
#define SP_ECHO 0x8001U
#define SP_ECHO_PCPU 0x8002U
#define SP_DOORBELL 0x8003U

#define BIT(n) (1ULL << (n))
#define LO32(x) ((x)&0xffffffffULL)

#define LOG_MAX 2048
#define NOTES_MAX 4096
#define SCHEDS_MAX 256
#define RULES_MAX 16
#define SRI_ROUNDS 64

struct rule {
	ffp_u32 fid;
	int match_w1;
	ffp_u32 w1;
	int times; /* matching calls still to answer; < 0: all of them */
	struct ffp_regs out;
};

struct call_rec {
	struct ffp_regs in;
	struct ffp_regs out;
	int scripted; /* answered by a rule, not by the model */
};

struct note {
	int id;
	ffp_u16 sender;
	int per_vcpu;
	ffp_u16 vcpu;
	void *data;
	size_t at; /* calls issued when the callback ran */
};

struct sched_note {
	ffp_u16 part;
	ffp_u16 vcpu;
	int per_vcpu;
	void *data;
};

struct harness {
	struct ffp_spmc spmc;
	struct ffp_drv drv;
	pthread_mutex_t drv_mu;
	pthread_mutex_t call_mu;
	pthread_mutex_t model_mu;
	pthread_mutex_t rec_mu;
	atomic_int sri;
	atomic_int violations;
	atomic_int lock_calls;
	atomic_int unbind_denied; /* UNBINDs answered DENIED */
	struct rule rules[RULES_MAX];
	int n_rules;
	size_t n_calls;
	struct call_rec log[LOG_MAX];
	size_t n_notes;
	struct note notes[NOTES_MAX];
	size_t n_scheds;
	struct sched_note scheds[SCHEDS_MAX];
};

static struct harness *h;
static _Thread_local int tl_depth; /* table lock depth of this thread */
static _Thread_local int tl_call_depth; /* call lock depth of this thread */
static _Thread_local ffp_irqflags tl_token; /* what the table lock gave */
static _Thread_local int tl_in_call; /* this thread is in the conduit */
static int tag_a, tag_b; /* callback data cookies */

static void violation(void)
{
	atomic_fetch_add(&h->violations, 1);
}

/* ---- harness: conduit, lock, model ops, callbacks ------------------------ */

static void h_call(void *ctx, const struct ffp_regs *in, struct ffp_regs *out)
{
	struct harness *hh = ctx;
	struct ffp_regs req = *in, ans;
	int i, scripted = 0;

	if (tl_in_call)
		violation();
	/* Firmware time is never spent under the table lock (in the kernel
	 * a spinlock with interrupts off); BIND, UNBIND and GET are issued
	 * under the call lock, so that a GET belongs to one set of bindings.
	 */
	if (tl_depth > 0)
		violation();
	if (((ffp_u32)in->a[0] == FID_BIND || (ffp_u32)in->a[0] == FID_UNBIND ||
	     (ffp_u32)in->a[0] == FID_GET) &&
	    tl_call_depth == 0)
		violation();
	tl_in_call = 1;
	pthread_mutex_lock(&hh->model_mu);
	for (i = 0; i < hh->n_rules && !scripted; i++) {
		struct rule *r = &hh->rules[i];

		if (r->times == 0 || (ffp_u32)req.a[0] != r->fid)
			continue;
		if (r->match_w1 && (ffp_u32)req.a[1] != r->w1)
			continue;
		if (r->times > 0)
			r->times--;
		ans = r->out;
		scripted = 1;
	}
	if (!scripted)
		ffp_spmc_call(&hh->spmc, 0, &req, &ans);
	if ((ffp_u32)req.a[0] == FID_UNBIND && (ffp_u32)ans.a[0] == FID_ERROR)
		atomic_fetch_add(&hh->unbind_denied, 1);
	if (hh->n_calls < LOG_MAX) {
		hh->log[hh->n_calls].in = req;
		hh->log[hh->n_calls].out = ans;
		hh->log[hh->n_calls].scripted = scripted;
	}
	hh->n_calls++;
	pthread_mutex_unlock(&hh->model_mu);
	*out = ans;
	tl_in_call = 0;
}

static ffp_irqflags h_lock(void *ctx)
{
	struct harness *hh = ctx;

	atomic_fetch_add(&hh->lock_calls, 1);
	if (tl_in_call)
		violation();
	if (tl_depth++ > 0) {
		violation(); /* nested: would deadlock a real lock */
		return 0;
	}
	pthread_mutex_lock(&hh->drv_mu);
	/* A token per acquisition: its unlock must give back this one. */
	tl_token = (ffp_irqflags)atomic_fetch_add(&hh->lock_calls, 0) * 2 + 1;
	return tl_token;
}

static void h_unlock(void *ctx, ffp_irqflags flags)
{
	struct harness *hh = ctx;

	if (tl_depth <= 0) {
		violation(); /* unlock without lock */
		return;
	}
	if (--tl_depth == 0) {
		if (flags != tl_token)
			violation(); /* not the flags its lock returned */
		pthread_mutex_unlock(&hh->drv_mu);
	}
}

static void h_call_lock(void *ctx)
{
	struct harness *hh = ctx;

	/* Order: the call lock is taken first, never under the table lock
	 * (in the kernel it sleeps) and never twice.
	 */
	if (tl_depth > 0 || tl_in_call || tl_call_depth > 0)
		violation();
	tl_call_depth++;
	pthread_mutex_lock(&hh->call_mu);
}

static void h_call_unlock(void *ctx)
{
	struct harness *hh = ctx;

	if (tl_call_depth <= 0) {
		violation();
		return;
	}
	tl_call_depth--;
	pthread_mutex_unlock(&hh->call_mu);
}

static const struct ffp_drv_ops drv_ops = {
	.call = h_call,
	.lock = h_lock,
	.unlock = h_unlock,
	.call_lock = h_call_lock,
	.call_unlock = h_call_unlock,
};

static void h_raise_sri(void *ctx)
{
	struct harness *hh = ctx;

	atomic_store(&hh->sri, 1);
}

static const struct ffp_spmc_ops spmc_ops = {
	.raise_sri = h_raise_sri,
};

static void check_unlocked(void)
{
	if (tl_depth != 0 || tl_call_depth != 0 || tl_in_call)
		violation();
}

static size_t calls_now(void)
{
	size_t n;

	pthread_mutex_lock(&h->model_mu);
	n = h->n_calls;
	pthread_mutex_unlock(&h->model_mu);
	return n;
}

static void notify_cb(int id, ffp_u16 sender, int per_vcpu, ffp_u16 vcpu,
		      void *data)
{
	size_t at;

	check_unlocked();
	at = calls_now();
	pthread_mutex_lock(&h->rec_mu);
	if (h->n_notes < NOTES_MAX) {
		struct note *n = &h->notes[h->n_notes];

		n->id = id;
		n->sender = sender;
		n->per_vcpu = per_vcpu;
		n->vcpu = vcpu;
		n->data = data;
		n->at = at;
	}
	h->n_notes++;
	pthread_mutex_unlock(&h->rec_mu);
}

static void sched_cb(ffp_u16 part, ffp_u16 vcpu, int per_vcpu, void *data)
{
	check_unlocked();
	pthread_mutex_lock(&h->rec_mu);
	if (h->n_scheds < SCHEDS_MAX) {
		struct sched_note *s = &h->scheds[h->n_scheds];

		s->part = part;
		s->vcpu = vcpu;
		s->per_vcpu = per_vcpu;
		s->data = data;
	}
	h->n_scheds++;
	pthread_mutex_unlock(&h->rec_mu);
}

/* The model's personality: FFP_TEST_PERSONALITY (meson runs both). */
static struct ffp_spmc_config test_cfg;

static int setup(void **state)
{
	(void)state;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -1;
	pthread_mutex_init(&h->drv_mu, NULL);
	pthread_mutex_init(&h->call_mu, NULL);
	pthread_mutex_init(&h->model_mu, NULL);
	pthread_mutex_init(&h->rec_mu, NULL);
	tl_depth = 0;
	tl_in_call = 0;
	return ffp_spmc_init(&h->spmc, ffp_spmc_default_partitions,
			     ffp_spmc_default_partition_count, &test_cfg,
			     &spmc_ops, h);
}

static int teardown(void **state)
{
	int bad = atomic_load(&h->violations) != 0 || tl_depth != 0;

	(void)state;
	if (bad)
		fprintf(stderr, "harness: %d lock/callback violations\n",
			atomic_load(&h->violations));
	pthread_mutex_destroy(&h->drv_mu);
	pthread_mutex_destroy(&h->call_mu);
	pthread_mutex_destroy(&h->model_mu);
	pthread_mutex_destroy(&h->rec_mu);
	free(h);
	h = NULL;
	return bad ? -1 : 0;
}

/* ---- helpers ------------------------------------------------------------- */

static struct ffp_regs mkregs(ffp_u64 a0, ffp_u64 a1, ffp_u64 a2, ffp_u64 a3,
			      ffp_u64 a4, ffp_u64 a5, ffp_u64 a6, ffp_u64 a7)
{
	struct ffp_regs r = { { a0, a1, a2, a3, a4, a5, a6, a7 } };

	return r;
}

static void add_rule(ffp_u32 fid, int match_w1, ffp_u32 w1, int times,
		     struct ffp_regs out)
{
	struct rule *r;

	assert_true(h->n_rules < RULES_MAX);
	r = &h->rules[h->n_rules++];
	r->fid = fid;
	r->match_w1 = match_w1;
	r->w1 = w1;
	r->times = times;
	r->out = out;
}

static void add_error(ffp_u32 fid, int match_w1, ffp_u32 w1, int times,
		      ffp_s32 status)
{
	add_rule(fid, match_w1, w1, times,
		 mkregs(FID_ERROR, 0, (ffp_u32)status, 0, 0, 0, 0, 0));
}

static const struct call_rec *call_at(size_t i)
{
	assert_true(i < h->n_calls && i < LOG_MAX);
	return &h->log[i];
}

static ffp_u32 fid_at(size_t i)
{
	return (ffp_u32)call_at(i)->in.a[0];
}

static size_t count_calls_from(size_t start, ffp_u32 fid)
{
	size_t i, n = 0;

	for (i = start; i < h->n_calls && i < LOG_MAX; i++)
		if ((ffp_u32)h->log[i].in.a[0] == fid)
			n++;
	return n;
}

static size_t count_calls(ffp_u32 fid)
{
	return count_calls_from(0, fid);
}

/* Index of the n-th (0-based) call with `fid` at or after `start`. */
static size_t find_call(size_t start, ffp_u32 fid, size_t n)
{
	size_t i;

	for (i = start; i < h->n_calls && i < LOG_MAX; i++)
		if ((ffp_u32)h->log[i].in.a[0] == fid && n-- == 0)
			return i;
	fail_msg("call 0x%x #%zu not found", fid, n);
	return 0;
}

static const struct call_rec *last_call(void)
{
	assert_true(h->n_calls > 0);
	return call_at(h->n_calls - 1);
}

static void assert_regs_zero_from(const struct ffp_regs *r, int first)
{
	int i;

	for (i = first; i < 8; i++)
		assert_int_equal(LO32(r->a[i]), 0);
}

static void drv_up(ffp_u16 vcpus)
{
	assert_int_equal(ffp_drv_init(&h->drv, &drv_ops, h, vcpus), 0);
	assert_true(h->drv.notif_enabled);
}

/* Make SP `sp` ring NWd endpoint 0, as the partition itself would. */
static void ring(ffp_u16 sp, ffp_u32 flags, ffp_u16 vcpu, ffp_u64 bits)
{
	ffp_s32 st;

	pthread_mutex_lock(&h->model_mu);
	st = ffp_spmc_ring(&h->spmc, sp, 0, flags, vcpu, bits);
	pthread_mutex_unlock(&h->model_mu);
	assert_int_equal(st, 0);
}

/* "Take the interrupt": run the SRI handler until no SRI is pending. */
static int take_sri(void)
{
	int rounds, total = 0, ret;

	for (rounds = 0; atomic_exchange(&h->sri, 0); rounds++) {
		assert_true(rounds < SRI_ROUNDS);
		ret = ffp_drv_handle_sri(&h->drv);
		assert_true(ret >= 0);
		total += ret;
	}
	return total;
}

/* Bind in the model directly, as endpoint 0, bypassing the driver. */
static void model_bind(ffp_u16 sender, int id)
{
	struct ffp_regs in, out;
	ffp_u64 bm = BIT(id);

	in = mkregs(FID_BIND, (ffp_u32)sender << 16, 0, LO32(bm), bm >> 32, 0,
		    0, 0);
	ffp_spmc_call(&h->spmc, 0, &in, &out);
	assert_int_equal((ffp_u32)out.a[0], FID_SUCCESS_32);
}

static void assert_note(size_t i, int id, ffp_u16 sender, int per_vcpu,
			ffp_u16 vcpu, void *data)
{
	assert_true(i < h->n_notes);
	assert_int_equal(h->notes[i].id, id);
	assert_int_equal(h->notes[i].sender, sender);
	assert_int_equal(h->notes[i].per_vcpu != 0, per_vcpu != 0);
	assert_int_equal(h->notes[i].vcpu, vcpu);
	assert_ptr_equal(h->notes[i].data, data);
}

static void assert_sched(size_t i, ffp_u16 part, ffp_u16 vcpu, int per_vcpu)
{
	assert_true(i < h->n_scheds);
	assert_int_equal(h->scheds[i].part, part);
	assert_int_equal(h->scheds[i].vcpu, vcpu);
	assert_int_equal(h->scheds[i].per_vcpu != 0, per_vcpu != 0);
}

static void assert_clean(void)
{
	assert_int_equal(atomic_load(&h->violations), 0);
	assert_int_equal(tl_depth, 0);
}

/* ---- the harness itself -------------------------------------------------- */

static void test_harness_detects_violations(void **state)
{
	(void)state;
	struct ffp_regs in = { .a = { FID_BIND } },
			id_get = { .a = { FID_ID_GET } };
	struct ffp_regs out;
	ffp_irqflags fl, inner;

	/* Nested lock, then a callback under the lock: both are caught. */
	fl = h_lock(h);
	inner = h_lock(h);
	h_unlock(h, inner);
	assert_int_equal(atomic_load(&h->violations), 1);
	notify_cb(1, 2, 0, 0, NULL);
	assert_int_equal(atomic_load(&h->violations), 2);
	h_unlock(h, fl);
	h_unlock(h, fl);
	assert_int_equal(atomic_load(&h->violations), 3);
	/* An unlock given other flags than its lock returned. */
	fl = h_lock(h);
	h_unlock(h, fl + 2);
	assert_int_equal(atomic_load(&h->violations), 4);
	/* A call to firmware under the table lock; the call lock taken
	 * under the table lock.
	 */
	fl = h_lock(h);
	h_call(h, &id_get, &out);
	assert_int_equal(atomic_load(&h->violations), 5);
	h_call_lock(h);
	assert_int_equal(atomic_load(&h->violations), 6);
	h_call_unlock(h);
	h_unlock(h, fl);
	/* BIND without the call lock; with it, no complaint. */
	h_call(h, &in, &out);
	assert_int_equal(atomic_load(&h->violations), 7);
	h_call_lock(h);
	h_call(h, &in, &out);
	h_call_unlock(h);
	assert_int_equal(atomic_load(&h->violations), 7);
	atomic_store(&h->violations, 0);
	/* A callback outside the lock is fine. */
	sched_cb(1, 0, 0, NULL);
	assert_clean();
}

/* ---- init / fini --------------------------------------------------------- */

static void test_init_sequence(void **state)
{
	const struct call_rec *c;
	size_t i;

	(void)state;
	drv_up(4);

	c = call_at(0);
	assert_int_equal(LO32(c->in.a[0]), FID_VERSION);
	assert_int_equal(LO32(c->in.a[1]), 0x10001);
	assert_int_equal(fid_at(1), FID_ID_GET);
	c = call_at(2);
	assert_int_equal(LO32(c->in.a[0]), FID_FEATURES);
	assert_int_equal(LO32(c->in.a[1]), FID_BITMAP_CREATE);
	c = call_at(3);
	assert_int_equal(LO32(c->in.a[0]), FID_BITMAP_CREATE);
	assert_int_equal(LO32(c->in.a[1]), 0); /* own ID 0, [31:16] 0 */
	assert_int_equal(LO32(c->in.a[2]), 4);
	assert_regs_zero_from(&c->in, 3);
	assert_int_equal(LO32(c->out.a[0]), FID_SUCCESS_32);

	/* The INFO_GET_64 and SRI features were asked too. */
	for (i = 0; i < h->n_calls; i++)
		if (fid_at(i) == FID_FEATURES &&
		    LO32(call_at(i)->in.a[1]) == FID_INFO_GET_64)
			break;
	assert_true(i < h->n_calls);
	for (i = 0; i < h->n_calls; i++)
		if (fid_at(i) == FID_FEATURES &&
		    LO32(call_at(i)->in.a[1]) == FEAT_SRI)
			break;
	assert_true(i < h->n_calls);
	assert_int_equal(h->drv.sri_intid, 8); /* the model's SGI 8 */
	assert_int_equal(count_calls(FID_BITMAP_CREATE), 1);
	assert_int_equal(count_calls(FID_BITMAP_DESTROY), 0);
	assert_int_equal(count_calls(FID_BIND), 0);

	/* The firmware now has a bitmap for VM 0; like Hafnium, it keeps
	 * one vCPU per physical CPU whatever the driver said (4).
	 */
	assert_true(h->spmc.vms[0].enabled);
	assert_int_equal(h->spmc.vms[0].vcpu_count, test_cfg.max_cpus);
	assert_clean();
}

static void test_init_no_bitmap_create_feature(void **state)
{
	(void)state;
	add_error(FID_FEATURES, 1, FID_BITMAP_CREATE, -1, ST_NOT_SUPPORTED);
	drv_up(4);
	assert_int_equal(count_calls(FID_BITMAP_CREATE), 0);
	assert_false(h->spmc.vms[0].enabled);

	assert_int_equal(ffp_drv_fini(&h->drv), 0);
	assert_int_equal(count_calls(FID_BITMAP_DESTROY), 0);
	assert_clean();
}

static void test_init_info_get_32_without_64(void **state)
{
	size_t i;

	(void)state;
	add_error(FID_FEATURES, 1, FID_INFO_GET_64, -1, ST_NOT_SUPPORTED);
	/* A firmware with only the 32-bit INFO_GET (the model, as Hafnium,
	 * has only the 64-bit one): one list, endpoint 0, global.
	 */
	add_rule(FID_INFO_GET_32, 0, 0, 1,
		 mkregs(FID_SUCCESS_32, 0, 1U << 7, 0, 0, 0, 0, 0));
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 1,
						notify_cb, &tag_a),
			 0);
	ring(SP_ECHO, 0, 0, BIT(1));
	assert_int_equal(take_sri(), 1);

	assert_true(count_calls(FID_INFO_GET_32) >= 1);
	assert_int_equal(count_calls(FID_INFO_GET_64), 0);
	i = find_call(0, FID_INFO_GET_32, 0);
	assert_regs_zero_from(&call_at(i)->in, 1);
	assert_int_equal(h->n_notes, 1);
	assert_note(0, 1, SP_ECHO, 0, 0, &tag_a);
	assert_clean();
}

static void test_init_no_sri(void **state)
{
	size_t c, d;

	(void)state;
	add_error(FID_FEATURES, 1, FEAT_SRI, -1, ST_NOT_SUPPORTED);
	assert_int_equal(ffp_drv_init(&h->drv, &drv_ops, h, 4), -EOPNOTSUPP);
	assert_false(h->drv.notif_enabled);

	/* The bitmap it had created is destroyed again. */
	c = find_call(0, FID_BITMAP_CREATE, 0);
	d = find_call(0, FID_BITMAP_DESTROY, 0);
	assert_true(d > c);
	assert_int_equal(LO32(call_at(d)->in.a[1]), 0);
	assert_regs_zero_from(&call_at(d)->in, 2);
	assert_int_equal(LO32(call_at(d)->out.a[0]), FID_SUCCESS_32);
	assert_false(h->spmc.vms[0].enabled);
	assert_clean();
}

static void init_refused_version(ffp_u64 answer)
{
	add_rule(FID_VERSION, 0, 0, -1, mkregs(answer, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(ffp_drv_init(&h->drv, &drv_ops, h, 4), -EOPNOTSUPP);
	assert_false(h->drv.notif_enabled);
	assert_int_equal(count_calls(FID_BITMAP_CREATE), 0);
	assert_false(h->spmc.vms[0].enabled);
}

static void test_init_version_1_0(void **state)
{
	(void)state;
	init_refused_version(0x10000);
	assert_clean();
}

static void test_init_version_not_supported(void **state)
{
	(void)state;
	/* FFA_VERSION answers NOT_SUPPORTED (-1) in w0. */
	init_refused_version(0xffffffffULL);
	assert_clean();
}

static void test_init_version_error_form(void **state)
{
	(void)state;
	init_refused_version(FID_ERROR);
	assert_clean();
}

static void test_init_version_2_0(void **state)
{
	(void)state;
	init_refused_version(0x20000);
	assert_clean();
}

static void test_init_version_1_2_accepted(void **state)
{
	(void)state;
	add_rule(FID_VERSION, 0, 0, -1, mkregs(0x10002, 0, 0, 0, 0, 0, 0, 0));
	drv_up(2);
	assert_int_equal(LO32(call_at(0)->in.a[1]), 0x10001);
	assert_int_equal(count_calls(FID_BITMAP_CREATE), 1);
	assert_clean();
}

/* Another driver negotiated v1.0 and made a call: Hafnium keeps that
 * version, so ours is refused and notifications stay off.
 */
static void test_init_version_fixed(void **state)
{
	struct ffp_regs in, out;

	(void)state;
	in = mkregs(FID_VERSION, 0x10000, 0, 0, 0, 0, 0, 0);
	ffp_spmc_call(&h->spmc, 0, &in, &out);
	in = mkregs(FID_ID_GET, 0, 0, 0, 0, 0, 0, 0);
	ffp_spmc_call(&h->spmc, 0, &in, &out);
	assert_int_equal(ffp_drv_init(&h->drv, &drv_ops, h, 4), -EOPNOTSUPP);
	assert_false(h->drv.notif_enabled);
	assert_int_equal(count_calls(FID_BITMAP_CREATE), 0);
	assert_clean();
}

static void test_init_bitmap_create_denied(void **state)
{
	struct ffp_regs in, out;

	(void)state;
	/* Someone (another driver) negotiated v1.1 and created the bitmap
	 * already.  (Had it negotiated another version, Hafnium would now
	 * refuse our FFA_VERSION(1.1): see test_init_version_fixed.)
	 */
	in = mkregs(FID_VERSION, 0x10001, 0, 0, 0, 0, 0, 0);
	ffp_spmc_call(&h->spmc, 0, &in, &out);
	in = mkregs(FID_BITMAP_CREATE, 0, 4, 0, 0, 0, 0, 0);
	ffp_spmc_call(&h->spmc, 0, &in, &out);
	assert_int_equal(LO32(out.a[0]), FID_SUCCESS_32);

	assert_int_equal(ffp_drv_init(&h->drv, &drv_ops, h, 4), -EACCES);
	assert_false(h->drv.notif_enabled);
	assert_int_equal(count_calls(FID_BITMAP_CREATE), 1);
	assert_int_equal(LO32(last_call()->out.a[2]), (ffp_u32)ST_DENIED);
	/* Not ours: not destroyed. */
	assert_int_equal(count_calls(FID_BITMAP_DESTROY), 0);
	assert_true(h->spmc.vms[0].enabled);
	assert_int_equal(ffp_drv_fini(&h->drv), 0);
	assert_int_equal(count_calls(FID_BITMAP_DESTROY), 0);
	assert_clean();
}

static void test_init_id_get_error(void **state)
{
	(void)state;
	add_error(FID_ID_GET, 0, 0, -1, ST_NOT_SUPPORTED);
	assert_int_equal(ffp_drv_init(&h->drv, &drv_ops, h, 4), -EOPNOTSUPP);
	assert_false(h->drv.notif_enabled);
	assert_int_equal(count_calls(FID_BITMAP_CREATE), 0);
	assert_clean();
}

static void test_init_bad_args(void **state)
{
	static const struct ffp_drv_ops no_lock = { .call = h_call };
	static const struct ffp_drv_ops no_call_lock = {
		.call = h_call,
		.lock = h_lock,
		.unlock = h_unlock,
	};

	(void)state;
	assert_int_equal(ffp_drv_init(&h->drv, NULL, h, 4), -EINVAL);
	assert_int_equal(ffp_drv_init(&h->drv, &no_lock, h, 4), -EINVAL);
	assert_int_equal(ffp_drv_init(&h->drv, &no_call_lock, h, 4), -EINVAL);
	assert_int_equal(ffp_drv_init(&h->drv, &drv_ops, h, 0), -EINVAL);
	assert_int_equal(h->n_calls, 0);
	assert_clean();
}

static void test_fini_destroys(void **state)
{
	const struct call_rec *c;
	size_t n;

	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_fini(&h->drv), 0);
	c = last_call();
	assert_int_equal(LO32(c->in.a[0]), FID_BITMAP_DESTROY);
	assert_int_equal(LO32(c->in.a[1]), 0);
	assert_regs_zero_from(&c->in, 2);
	assert_false(h->spmc.vms[0].enabled);
	assert_false(h->drv.notif_enabled);

	/* A second fini has nothing left to destroy. */
	n = h->n_calls;
	assert_int_equal(ffp_drv_fini(&h->drv), 0);
	assert_int_equal(h->n_calls, n);
	assert_clean();
}

/*
 * DESTROY is DENIED while anything is pending (digest section 4, trap 4).
 * The header's advice is "GET first": that must still be possible after
 * the refused fini, and fini must then succeed.
 */
static void test_fini_denied_while_pending(void **state)
{
	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 2,
						notify_cb, &tag_a),
			 0);
	ring(SP_ECHO, 0, 0, BIT(2));
	assert_int_equal(ffp_drv_fini(&h->drv), -EACCES);
	assert_int_equal(LO32(last_call()->in.a[0]), FID_BITMAP_DESTROY);
	assert_true(h->spmc.vms[0].enabled);

	assert_int_equal(ffp_drv_get_and_dispatch(&h->drv, 0), 1);
	assert_note(0, 2, SP_ECHO, 0, 0, &tag_a);
	assert_int_equal(ffp_drv_notify_relinquish(&h->drv, SP_ECHO, 2), 0);
	assert_int_equal(ffp_drv_fini(&h->drv), 0);
	assert_false(h->spmc.vms[0].enabled);
	assert_clean();
}

/* ---- GET flags and encodings --------------------------------------------- */

static void test_get_flags_own_id_0(void **state)
{
	const struct call_rec *c;
	size_t n;

	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_get_and_dispatch(&h->drv, 0), 0);
	c = last_call();
	assert_int_equal(LO32(c->in.a[0]), FID_GET);
	assert_int_equal(LO32(c->in.a[1]), 0);
	assert_int_equal(LO32(c->in.a[2]), 0x5); /* SP | SPM */
	assert_regs_zero_from(&c->in, 3);
	assert_int_equal(LO32(c->out.a[0]), FID_SUCCESS_32);

	assert_int_equal(ffp_drv_get_and_dispatch(&h->drv, 3), 0);
	assert_int_equal(LO32(last_call()->in.a[1]), 3U << 16);

	/* vCPU out of the range given to BITMAP_CREATE: not even asked. */
	n = h->n_calls;
	assert_int_equal(ffp_drv_get_and_dispatch(&h->drv, 4), -EINVAL);
	assert_int_equal(h->n_calls, n);
	assert_clean();
}

/*
 * At a virtual FF-A instance (own ID 5): GET asks all four bitmaps (0xF),
 * w1 = vcpu << 16 | 5, the VM bitmap goes to VM-world notifiers and is
 * dispatched before the SP bitmap; framework bits are only counted.
 */
static void test_get_flags_vm_id(void **state)
{
	const struct call_rec *c;

	(void)state;
	add_rule(FID_ID_GET, 0, 0, -1,
		 mkregs(FID_SUCCESS_32, 0, 5, 0, 0, 0, 0, 0));
	/* The model refuses VM binds from the NWd: accept them here. */
	add_rule(FID_BIND, 1, (3U << 16) | 5, -1,
		 mkregs(FID_SUCCESS_32, 0, 0, 0, 0, 0, 0, 0));
	/* w2/w3 SP bitmap, w4/w5 VM bitmap, w6 SPM, w7 hypervisor. */
	add_rule(FID_GET, 0, 0, 1,
		 mkregs(FID_SUCCESS_32, 0, BIT(2), BIT(1), BIT(2), 0, 1, 1));
	drv_up(4);
	c = call_at(find_call(0, FID_BITMAP_CREATE, 0));
	assert_int_equal(LO32(c->in.a[1]), 5);

	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 2,
						notify_cb, &tag_a),
			 0);
	assert_int_equal(LO32(last_call()->in.a[1]), 0x80010005);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 33,
						notify_cb, &tag_a),
			 0);
	assert_int_equal(
		ffp_drv_notify_request(&h->drv, 3, 0, 2, notify_cb, &tag_b), 0);
	assert_int_equal(LO32(last_call()->in.a[1]), 0x00030005);

	assert_int_equal(ffp_drv_get_and_dispatch(&h->drv, 1), 3);
	c = call_at(find_call(0, FID_GET, 0));
	assert_int_equal(LO32(c->in.a[1]), (1U << 16) | 5);
	assert_int_equal(LO32(c->in.a[2]), 0xF);
	assert_int_equal(h->n_notes, 3);
	assert_note(0, 2, 3, 0, 1, &tag_b); /* VM bitmap first */
	assert_note(1, 2, SP_ECHO, 0, 1, &tag_a);
	assert_note(2, 33, SP_ECHO, 0, 1, &tag_a); /* w3 bit 1 = ID 33 */
	assert_int_equal(h->drv.stats.framework, 2);

	/* SET from a VM: sender 5 in [31:16] (the model would refuse it). */
	add_rule(FID_SET, 0, 0, 1, mkregs(FID_SUCCESS_32, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(ffp_drv_notify_send(&h->drv, SP_ECHO, 1, 0, 0), 0);
	c = call_at(find_call(0, FID_SET, 0));
	assert_int_equal(LO32(c->in.a[1]), 0x00058001);

	/* An INFO_GET entry for 5 is ours (GET); one for 0 is someone else. */
	add_rule(FID_INFO_GET_64, 0, 0, 1,
		 mkregs(FID_SUCCESS_64, 0, 2U << 7, 5, 0, 0, 0, 0));
	/* The model knows no VM 5: its GET is refused, and the SRI handler
	 * says so (INFO_GET will not report the entry again).
	 */
	assert_int_equal(ffp_drv_handle_sri(&h->drv), -EINVAL);
	c = call_at(find_call(0, FID_GET, 1));
	assert_int_equal(LO32(c->in.a[1]), 5);
	assert_int_equal(count_calls(FID_GET), 2);
	assert_int_equal(h->drv.stats.get_errors, 1);
	assert_int_equal(h->drv.stats.sched_unknown, 1);
	assert_clean();
}

/* ---- BIND / UNBIND ------------------------------------------------------- */

static void test_bind_encoding(void **state)
{
	const struct call_rec *c;

	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 5,
						notify_cb, &tag_a),
			 0);
	c = last_call();
	assert_int_equal(LO32(c->in.a[0]), FID_BIND);
	assert_int_equal(LO32(c->in.a[1]), 0x80010000);
	assert_int_equal(LO32(c->in.a[2]), 0);
	assert_int_equal(LO32(c->in.a[3]), 1U << 5);
	assert_int_equal(LO32(c->in.a[4]), 0);
	assert_regs_zero_from(&c->in, 5);
	assert_int_equal(h->spmc.vms[0].from_sp.sender[5], SP_ECHO);

	/* Per-vCPU sets w2 bit 0; a high ID goes in w4. */
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO_PCPU, 1, 40,
						notify_cb, &tag_b),
			 0);
	c = last_call();
	assert_int_equal(LO32(c->in.a[1]), 0x80020000);
	assert_int_equal(LO32(c->in.a[2]), 1);
	assert_int_equal(LO32(c->in.a[3]), 0);
	assert_int_equal(LO32(c->in.a[4]), 1U << 8);
	assert_int_equal(h->spmc.vms[0].from_sp.sender[40], SP_ECHO_PCPU);
	assert_true(h->spmc.vms[0].from_sp.per_vcpu & BIT(40));
	assert_clean();
}

static void test_bind_invalid_args(void **state)
{
	size_t n;

	(void)state;
	drv_up(4);
	n = h->n_calls;
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 64,
						notify_cb, NULL),
			 -EINVAL);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, -1,
						notify_cb, NULL),
			 -EINVAL);
	assert_int_equal(
		ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 1, NULL, NULL),
		-EINVAL);
	assert_int_equal(ffp_drv_notify_relinquish(&h->drv, SP_ECHO, 64),
			 -EINVAL);
	assert_int_equal(ffp_drv_notify_relinquish(&h->drv, SP_ECHO, -1),
			 -EINVAL);
	assert_int_equal(h->n_calls, n);
	assert_clean();
}

static void test_bind_duplicate(void **state)
{
	size_t n;

	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 5,
						notify_cb, &tag_a),
			 0);
	n = h->n_calls;
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 5,
						notify_cb, &tag_b),
			 -EEXIST);
	/* Same ID, same world (another SP): still one notifier. */
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO_PCPU, 1, 5,
						notify_cb, &tag_b),
			 -EEXIST);
	assert_int_equal(h->n_calls, n);
	assert_int_equal(count_calls(FID_BIND), 1);
	assert_int_equal(count_calls(FID_UNBIND), 0);

	/* The VM world is a different slot: the firmware is asked (and the
	 * model refuses a VM sender from the NWd: INVALID_PARAMETERS).
	 */
	assert_int_equal(
		ffp_drv_notify_request(&h->drv, 2, 0, 5, notify_cb, &tag_b),
		-EINVAL);
	assert_int_equal(h->n_calls, n + 1);
	assert_int_equal(LO32(last_call()->in.a[1]), 0x00020000);

	/* The first binding is intact. */
	assert_int_equal(h->spmc.vms[0].from_sp.sender[5], SP_ECHO);
	ring(SP_ECHO, 0, 0, BIT(5));
	assert_int_equal(take_sri(), 1);
	assert_note(0, 5, SP_ECHO, 0, 0, &tag_a);
	assert_clean();
}

static void test_bind_taken_by_other(void **state)
{
	size_t n;

	(void)state;
	drv_up(4);
	model_bind(SP_ECHO_PCPU, 9);
	n = h->n_calls;
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 9,
						notify_cb, &tag_a),
			 -EACCES);
	assert_int_equal(h->n_calls, n + 1);
	assert_int_equal(LO32(last_call()->in.a[0]), FID_BIND);
	assert_int_equal(LO32(last_call()->out.a[2]), (ffp_u32)ST_DENIED);
	/* Nothing registered, and the other binding is left alone. */
	assert_int_equal(ffp_drv_notify_relinquish(&h->drv, SP_ECHO, 9),
			 -ENOENT);
	assert_int_equal(h->n_calls, n + 1);
	assert_int_equal(h->spmc.vms[0].from_sp.sender[9], SP_ECHO_PCPU);
	assert_int_equal(count_calls(FID_UNBIND), 0);

	/* Re-BIND to the same sender is DENIED too (trap 3). */
	model_bind(SP_ECHO, 10);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 10,
						notify_cb, &tag_a),
			 -EACCES);
	assert_clean();
}

static void test_relinquish(void **state)
{
	const struct call_rec *c;
	size_t n;

	(void)state;
	drv_up(4);
	n = h->n_calls;
	assert_int_equal(ffp_drv_notify_relinquish(&h->drv, SP_ECHO, 5),
			 -ENOENT);
	assert_int_equal(h->n_calls, n);

	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 5,
						notify_cb, &tag_a),
			 0);
	/* Wrong sender: not ours. */
	n = h->n_calls;
	assert_int_equal(ffp_drv_notify_relinquish(&h->drv, SP_ECHO_PCPU, 5),
			 -ENOENT);
	assert_int_equal(h->n_calls, n);

	assert_int_equal(ffp_drv_notify_relinquish(&h->drv, SP_ECHO, 5), 0);
	c = last_call();
	assert_int_equal(LO32(c->in.a[0]), FID_UNBIND);
	assert_int_equal(LO32(c->in.a[1]), 0x80010000);
	assert_int_equal(LO32(c->in.a[2]), 0);
	assert_int_equal(LO32(c->in.a[3]), 1U << 5);
	assert_int_equal(LO32(c->in.a[4]), 0);
	assert_regs_zero_from(&c->in, 5);
	assert_int_equal(h->spmc.vms[0].from_sp.sender[5], FFP_ID_INVALID);

	/* Gone: a second relinquish is -ENOENT, a new request works. */
	assert_int_equal(ffp_drv_notify_relinquish(&h->drv, SP_ECHO, 5),
			 -ENOENT);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 5,
						notify_cb, &tag_b),
			 0);
	assert_clean();
}

static void test_relinquish_pending(void **state)
{
	size_t start, u0, g0, u1;
	const struct call_rec *c;

	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 6,
						notify_cb, &tag_a),
			 0);
	ring(SP_ECHO, 0, 0, BIT(6));
	atomic_store(&h->sri, 0); /* the interrupt is not taken */
	start = h->n_calls;

	assert_int_equal(ffp_drv_notify_relinquish(&h->drv, SP_ECHO, 6), 0);
	u0 = find_call(start, FID_UNBIND, 0);
	assert_int_equal(u0, start);
	c = call_at(u0);
	assert_int_equal(LO32(c->out.a[0]), FID_ERROR);
	assert_int_equal(LO32(c->out.a[2]), (ffp_u32)ST_DENIED);
	g0 = find_call(start, FID_GET, 0);
	assert_true(g0 > u0);
	assert_int_equal(LO32(call_at(g0)->in.a[1]), 0); /* vCPU 0, ID 0 */
	assert_int_equal(LO32(call_at(g0)->out.a[2]), 1U << 6);
	u1 = find_call(start, FID_UNBIND, 1);
	assert_true(u1 > g0);
	assert_int_equal(LO32(call_at(u1)->out.a[0]), FID_SUCCESS_32);
	assert_int_equal(u1, h->n_calls - 1);

	/* The pending notification was delivered, before the UNBIND. */
	assert_int_equal(h->n_notes, 1);
	assert_note(0, 6, SP_ECHO, 0, 0, &tag_a);
	assert_true(h->notes[0].at > g0 && h->notes[0].at <= u1);
	assert_int_equal(h->spmc.vms[0].from_sp.sender[6], FFP_ID_INVALID);
	assert_clean();
}

static void test_relinquish_pending_per_vcpu(void **state)
{
	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 1, 7,
						notify_cb, &tag_a),
			 0);
	ring(SP_ECHO, 1, 2, BIT(7));
	assert_int_equal(ffp_drv_notify_relinquish(&h->drv, SP_ECHO, 7), 0);
	assert_int_equal(h->n_notes, 1);
	assert_note(0, 7, SP_ECHO, 1, 2, &tag_a);
	assert_int_equal(h->spmc.vms[0].from_sp.vcpu_pending[2], 0);
	assert_int_equal(LO32(last_call()->in.a[0]), FID_UNBIND);
	assert_int_equal(LO32(last_call()->out.a[0]), FID_SUCCESS_32);
	assert_clean();
}

/* ---- the full path against the model ------------------------------------- */

static void test_full_path_global(void **state)
{
	const struct call_rec *c;
	size_t ig, g;

	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 4,
						notify_cb, &tag_a),
			 0);
	ring(SP_ECHO, 0, 0, BIT(4));
	assert_true(atomic_load(&h->sri));
	assert_int_equal(take_sri(), 1);

	ig = find_call(0, FID_INFO_GET_64, 0);
	c = call_at(ig);
	assert_regs_zero_from(&c->in, 1);
	/* (0:[]): one list of 0 vCPUs, the ID 0 in x3[15:0]. */
	assert_int_equal(LO32(c->out.a[0]), FID_SUCCESS_64);
	assert_int_equal(c->out.a[2], 1U << 7);
	assert_int_equal(c->out.a[3] & 0xffff, 0);
	g = find_call(0, FID_GET, 0);
	assert_true(g > ig);
	assert_int_equal(LO32(call_at(g)->in.a[1]), 0);
	assert_int_equal(LO32(call_at(g)->in.a[2]), 0x5);
	assert_int_equal(count_calls(FID_GET), 1);
	assert_int_equal(count_calls(FID_INFO_GET_32), 0);

	assert_int_equal(h->n_notes, 1);
	assert_note(0, 4, SP_ECHO, 0, 0, &tag_a);
	assert_int_equal(h->drv.stats.delivered, 1);

	/* Consumed: the next INFO_GET answers NO_DATA. */
	assert_int_equal(ffp_drv_handle_sri(&h->drv), 0);
	c = last_call();
	assert_int_equal(LO32(c->in.a[0]), FID_INFO_GET_64);
	assert_int_equal(LO32(c->out.a[0]), FID_ERROR);
	assert_int_equal(LO32(c->out.a[2]), (ffp_u32)ST_NO_DATA);
	assert_int_equal(h->n_notes, 1);
	assert_int_equal(h->drv.stats.info_get_errors, 0);
	assert_clean();
}

static void test_full_path_per_vcpu(void **state)
{
	const struct call_rec *c;
	size_t g;

	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 1, 11,
						notify_cb, &tag_b),
			 0);
	ring(SP_ECHO, 1, 3, BIT(11));
	assert_int_equal(take_sri(), 1);

	/* (0:[3]): one list with one vCPU ID. */
	c = call_at(find_call(0, FID_INFO_GET_64, 0));
	assert_int_equal(c->out.a[2], (1U << 7) | (1U << 12));
	assert_int_equal(c->out.a[3] & 0xffffffffULL, 3U << 16);
	g = find_call(0, FID_GET, 0);
	assert_int_equal(LO32(call_at(g)->in.a[1]), (3U << 16) | 0);
	assert_int_equal(count_calls(FID_GET), 1);
	assert_int_equal(h->n_notes, 1);
	assert_note(0, 11, SP_ECHO, 1, 3, &tag_b);
	assert_clean();
}

/* GET is vCPU-scoped (trap 7): other vCPUs' notifications stay pending. */
static void test_per_vcpu_get_scoped(void **state)
{
	size_t start;

	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 1, 12,
						notify_cb, &tag_a),
			 0);
	ring(SP_ECHO, 1, 3, BIT(12));
	ring(SP_ECHO, 1, 1, BIT(12));
	atomic_store(&h->sri, 0);

	assert_int_equal(ffp_drv_get_and_dispatch(&h->drv, 3), 1);
	assert_int_equal(h->n_notes, 1);
	assert_note(0, 12, SP_ECHO, 1, 3, &tag_a);
	assert_int_equal(h->spmc.vms[0].from_sp.vcpu_pending[1], BIT(12));
	assert_int_equal(h->spmc.vms[0].from_sp.vcpu_pending[3], 0);

	/* The SRI path then finds vCPU 1 only. */
	start = h->n_calls;
	atomic_store(&h->sri, 1);
	assert_int_equal(take_sri(), 1);
	assert_int_equal(count_calls_from(start, FID_GET), 1);
	assert_int_equal(LO32(call_at(find_call(start, FID_GET, 0))->in.a[1]),
			 1U << 16);
	assert_int_equal(h->n_notes, 2);
	assert_note(1, 12, SP_ECHO, 1, 1, &tag_a);
	assert_clean();
}

/* More than 20 IDs pending: INFO_GET must be called again at once. */
static void test_more_than_20_ids(void **state)
{
	int seen[32] = { 0 };
	size_t i, n_info, last = 0, k = 0;
	ffp_u16 v;

	(void)state;
	drv_up(32);
	assert_int_equal(h->spmc.vms[0].vcpu_count, 32);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 1, 9,
						notify_cb, &tag_a),
			 0);
	for (v = 0; v < 32; v++)
		ring(SP_ECHO, 1, v, BIT(9));
	assert_int_equal(take_sri(), 32);

	n_info = count_calls(FID_INFO_GET_64);
	assert_true(n_info >= 3);
	for (i = 0; i < h->n_calls; i++) {
		if (fid_at(i) != FID_INFO_GET_64)
			continue;
		last = i;
		if (++k < n_info && k <= 2) /* the first two were full */
			assert_int_equal(call_at(i)->out.a[2] & 1, 1);
	}
	/* The last one: NO_DATA, or success without "more pending". */
	if (LO32(call_at(last)->out.a[0]) == FID_ERROR)
		assert_int_equal(LO32(call_at(last)->out.a[2]),
				 (ffp_u32)ST_NO_DATA);
	else
		assert_int_equal(call_at(last)->out.a[2] & 1, 0);

	assert_int_equal(h->n_notes, 32);
	for (i = 0; i < h->n_notes; i++) {
		assert_int_equal(h->notes[i].id, 9);
		assert_true(h->notes[i].per_vcpu);
		assert_true(h->notes[i].vcpu < 32);
		seen[h->notes[i].vcpu]++;
	}
	for (v = 0; v < 32; v++) {
		assert_int_equal(seen[v], 1);
		assert_int_equal(h->spmc.vms[0].from_sp.vcpu_pending[v], 0);
	}
	assert_int_equal(count_calls(FID_GET), 32);
	assert_clean();
}

static void test_unclaimed(void **state)
{
	(void)state;
	drv_up(4);
	model_bind(SP_ECHO, 12); /* bound, but no notifier in the driver */
	ring(SP_ECHO, 0, 0, BIT(12));
	assert_int_equal(take_sri(), 0);
	assert_int_equal(h->n_notes, 0);
	assert_int_equal(h->drv.stats.unclaimed, 1);
	assert_int_equal(h->spmc.vms[0].from_sp.global_pending, 0);
	assert_clean();
}

/*
 * A notification fetched by a GET goes only to a notifier bound before
 * that GET: here the callback of ID 0 relinquishes ID 1 (fetched by the
 * same GET) and binds it again from another partition; ID 1's
 * notification from the echo partition must not reach the new notifier
 * under the new sender's name.  It is counted as unclaimed.
 */
static int rebound;

static void rebind_cb(int id, ffp_u16 sender, int per_vcpu, ffp_u16 vcpu,
		      void *data)
{
	notify_cb(id, sender, per_vcpu, vcpu, data);
	if (id != 0 || rebound)
		return;
	rebound = 1;
	assert_int_equal(ffp_drv_notify_relinquish(&h->drv, SP_ECHO, 1), 0);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_DOORBELL, 0, 1,
						notify_cb, &tag_b),
			 0);
}

static void test_no_delivery_to_notifier_bound_after_get(void **state)
{
	(void)state;
	drv_up(4);
	rebound = 0;
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 0,
						rebind_cb, &tag_a),
			 0);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 1,
						notify_cb, &tag_a),
			 0);
	ring(SP_ECHO, 0, 0, BIT(0) | BIT(1));
	assert_int_equal(take_sri(), 1);
	assert_int_equal(rebound, 1);
	assert_int_equal(h->n_notes, 1);
	assert_note(0, 0, SP_ECHO, 0, 0, &tag_a);
	assert_int_equal(h->drv.stats.unclaimed, 1);
	/* The new binding works for what is set after it. */
	ring(SP_DOORBELL, 0, 0, BIT(1));
	assert_int_equal(take_sri(), 1);
	assert_note(1, 1, SP_DOORBELL, 0, 0, &tag_b);
	assert_clean();
}

static void test_several_ids_one_get(void **state)
{
	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 0,
						notify_cb, &tag_a),
			 0);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO_PCPU, 0, 63,
						notify_cb, &tag_b),
			 0);
	ring(SP_ECHO, 0, 0, BIT(0));
	ring(SP_ECHO_PCPU, 0, 0, BIT(63));
	assert_int_equal(take_sri(), 2);
	assert_int_equal(count_calls(FID_GET), 1);
	assert_int_equal(h->n_notes, 2);
	assert_note(0, 0, SP_ECHO, 0, 0, &tag_a);
	assert_note(1, 63, SP_ECHO_PCPU, 0, 0, &tag_b);
	assert_clean();
}

/* ---- INFO_GET parsing with crafted responses ----------------------------- */

static void check_spec_example(void)
{
	static const ffp_u16 vcpus[] = { 0, 2, 3, 4, 6 };
	size_t i, g;

	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, 2, sched_cb, &tag_a), 0);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, 3, sched_cb, &tag_b), 0);
	assert_int_equal(ffp_drv_handle_sri(&h->drv), 0);
	assert_int_equal(h->drv.stats.info_get_malformed, 0);

	/* (0:[0,2,3]), (0:[4,6]): one GET per vCPU, in order. */
	assert_int_equal(count_calls(FID_GET), 5);
	for (i = 0; i < 5; i++) {
		g = find_call(0, FID_GET, i);
		assert_int_equal(LO32(call_at(g)->in.a[1]),
				 (ffp_u32)vcpus[i] << 16);
	}
	/* (2:[]) global, (3:[1]) per-vCPU: their scheduler callbacks. */
	assert_int_equal(h->n_scheds, 2);
	assert_sched(0, 2, 0, 0);
	assert_ptr_equal(h->scheds[0].data, &tag_a);
	assert_sched(1, 3, 1, 1);
	assert_ptr_equal(h->scheds[1].data, &tag_b);
	assert_int_equal(h->drv.stats.sched_unknown, 0);
}

/* The spec's 16.7.1.1 example, 32-bit encoding, garbage upper halves. */
static void test_info_get_32bit_on_64bit_path(void **state)
{
	const ffp_u64 g = 0x5a5a5a5a00000000ULL;

	(void)state;
	drv_up(8);
	assert_true(h->drv.info_get_64);
	add_rule(FID_INFO_GET_64, 0, 0, 1,
		 mkregs(g | FID_SUCCESS_32, g, g | 0x0004B200, g | 0x00000000,
			g | 0x00030002, g | 0x00040000, g | 0x00020006,
			g | 0x00010003));
	check_spec_example();
	assert_int_equal(
		LO32(call_at(find_call(0, FID_INFO_GET_64, 0))->out.a[0]),
		FID_SUCCESS_32);
	assert_clean();
}

static void test_info_get_64bit_example(void **state)
{
	(void)state;
	drv_up(8);
	add_rule(FID_INFO_GET_64, 0, 0, 1,
		 mkregs(FID_SUCCESS_64, 0, 0x0004B200, 0x0003000200000000ULL,
			0x0002000600040000ULL, 0x0000000000010003ULL, 0, 0));
	check_spec_example();
	assert_clean();
}

/* Global entries carry one ID, per-vCPU entries the listed vCPUs. */
static void test_info_get_global_and_sched(void **state)
{
	(void)state;
	drv_up(4);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, SP_ECHO, sched_cb, NULL), 0);
	assert_int_equal(ffp_drv_sched_cb_register(&h->drv, SP_ECHO_PCPU,
						   sched_cb, NULL),
			 0);
	/* (0:[]), (0x8001:[]), (0x8002:[2,3]) in a 64-bit response. */
	add_rule(FID_INFO_GET_64, 0, 0, 1,
		 mkregs(FID_SUCCESS_64, 0, (3U << 7) | (2U << 16),
			0x0002800280010000ULL, 3, 0, 0, 0));
	assert_int_equal(ffp_drv_handle_sri(&h->drv), 0);
	assert_int_equal(count_calls(FID_GET), 1);
	assert_int_equal(LO32(call_at(find_call(0, FID_GET, 0))->in.a[1]), 0);
	assert_int_equal(h->n_scheds, 3);
	assert_sched(0, SP_ECHO, 0, 0);
	assert_sched(1, SP_ECHO_PCPU, 2, 1);
	assert_sched(2, SP_ECHO_PCPU, 3, 1);
	assert_clean();
}

static void test_info_get_unknown_partition(void **state)
{
	(void)state;
	drv_up(4);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, SP_ECHO, sched_cb, NULL), 0);
	/* (0x8005:[]), (0x8001:[]) */
	add_rule(FID_INFO_GET_64, 0, 0, 1,
		 mkregs(FID_SUCCESS_64, 0, 2U << 7, 0x80018005, 0, 0, 0, 0));
	assert_int_equal(ffp_drv_handle_sri(&h->drv), 0);
	assert_int_equal(h->drv.stats.sched_unknown, 1);
	assert_int_equal(h->n_scheds, 1);
	assert_sched(0, SP_ECHO, 0, 0);
	assert_int_equal(count_calls(FID_GET), 0);
	assert_clean();
}

static void test_info_get_errors(void **state)
{
	(void)state;
	drv_up(4);
	add_error(FID_INFO_GET_64, 0, 0, 1, ST_BUSY);
	assert_int_equal(ffp_drv_handle_sri(&h->drv), -EBUSY);
	assert_int_equal(h->drv.stats.info_get_errors, 1);

	add_error(FID_INFO_GET_64, 0, 0, 1, ST_DENIED);
	assert_int_equal(ffp_drv_handle_sri(&h->drv), -EACCES);
	assert_int_equal(h->drv.stats.info_get_errors, 2);

	/* Neither SUCCESS nor ERROR: an error too. */
	add_rule(FID_INFO_GET_64, 0, 0, 1,
		 mkregs(FID_INTERRUPT, 0, 0, 0, 0, 0, 0, 0));
	assert_true(ffp_drv_handle_sri(&h->drv) < 0);
	assert_int_equal(h->drv.stats.info_get_errors, 3);

	/* NO_DATA (here from the model) is not an error. */
	assert_int_equal(ffp_drv_handle_sri(&h->drv), 0);
	assert_int_equal(LO32(last_call()->out.a[2]), (ffp_u32)ST_NO_DATA);
	assert_int_equal(h->drv.stats.info_get_errors, 3);
	assert_int_equal(h->drv.stats.info_get_calls, 4);
	assert_int_equal(count_calls(FID_GET), 0);
	assert_clean();
}

/* List count 31 in a 64-bit response: at most 20 IDs, so 20 lists. */
static void test_info_get_malformed_count_64(void **state)
{
	const ffp_u64 ids = 0x8004800480048004ULL;

	(void)state;
	drv_up(4);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, 0x8004, sched_cb, NULL), 0);
	add_rule(FID_INFO_GET_64, 0, 0, 1,
		 mkregs(FID_SUCCESS_64, 0, 31U << 7, ids, ids, ids, ids, ids));
	assert_int_equal(ffp_drv_handle_sri(&h->drv), 0);
	assert_int_equal(h->drv.stats.info_get_malformed, 1);
	assert_int_equal(h->n_scheds, 20);
	assert_sched(19, 0x8004, 0, 0);
	assert_clean();
}

/* The same in a 32-bit response: 10 IDs, upper halves ignored. */
static void test_info_get_malformed_count_32(void **state)
{
	const ffp_u64 ids = 0xdead0001dead8004ULL; /* low: 0x8004 0xdead */

	(void)state;
	drv_up(4);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, 0x8004, sched_cb, NULL), 0);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, 0xdead, sched_cb, NULL), 0);
	add_rule(FID_INFO_GET_64, 0, 0, 1,
		 mkregs(FID_SUCCESS_32, 0, 31U << 7, ids, ids, ids, ids, ids));
	assert_int_equal(ffp_drv_handle_sri(&h->drv), 0);
	assert_int_equal(h->drv.stats.info_get_malformed, 1);
	assert_int_equal(h->n_scheds, 10);
	assert_sched(0, 0x8004, 0, 0);
	assert_sched(1, 0xdead, 0, 0);
	assert_sched(9, 0xdead, 0, 0);
	assert_int_equal(h->drv.stats.sched_unknown, 0);
	assert_clean();
}

/* Count 31 with every size field 3: lists of 4 IDs, 5 of them fit. */
static void test_info_get_malformed_overrun(void **state)
{
	const ffp_u64 ids = 0x0003000200018004ULL; /* (0x8004:[1,2,3]) */
	size_t i;

	(void)state;
	drv_up(4);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, 0x8004, sched_cb, NULL), 0);
	add_rule(FID_INFO_GET_64, 0, 0, 1,
		 mkregs(FID_SUCCESS_64, 0, 0xfffffffffffff000ULL | (31U << 7),
			ids, ids, ids, ids, ids));
	assert_int_equal(ffp_drv_handle_sri(&h->drv), 0);
	assert_int_equal(h->drv.stats.info_get_malformed, 1);
	assert_int_equal(h->n_scheds, 15);
	for (i = 0; i < 15; i++)
		assert_sched(i, 0x8004, (ffp_u16)(1 + i % 3), 1);
	assert_clean();
}

/* Firmware that always says "more pending" does not hang the handler. */
static void test_info_get_more_pending_forever(void **state)
{
	(void)state;
	drv_up(4);
	add_rule(FID_INFO_GET_64, 0, 0, -1,
		 mkregs(FID_SUCCESS_64, 0, 1, 0, 0, 0, 0, 0));
	assert_true(ffp_drv_handle_sri(&h->drv) < 0);
	assert_true(h->drv.stats.info_get_calls > 1);
	assert_clean();
}

/* ---- scheduler callbacks and FFA_RUN ------------------------------------- */

static void run_echo_flow(void)
{
	size_t s, i0, r0, i1, g;

	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 7,
						notify_cb, &tag_a),
			 0);
	assert_int_equal(ffp_drv_sched_cb_register(&h->drv, SP_ECHO,
						   ffp_drv_sched_run, &h->drv),
			 0);
	assert_int_equal(ffp_drv_notify_send(&h->drv, SP_ECHO, 7, 0, 0), 0);
	s = h->n_calls - 1;
	assert_int_equal(fid_at(s), FID_SET);
	assert_int_equal(LO32(call_at(s)->in.a[1]), 0x00008001);
	assert_true(atomic_load(&h->sri));
	assert_int_equal(take_sri(), 1);

	/* INFO_GET lists (0x8001:[]) ... */
	i0 = find_call(s, FID_INFO_GET_64, 0);
	assert_int_equal(call_at(i0)->out.a[2], 1U << 7);
	assert_int_equal(call_at(i0)->out.a[3] & 0xffff, SP_ECHO);
	/* ... so the SP is run on vCPU 0 ... */
	r0 = find_call(s, FID_RUN, 0);
	assert_true(r0 > i0);
	assert_int_equal(LO32(call_at(r0)->in.a[1]), 0x80010000);
	assert_regs_zero_from(&call_at(r0)->in, 2);
	/* ... it echoes, and the next INFO_GET lists (0:[]): GET. */
	i1 = find_call(r0, FID_INFO_GET_64, 0);
	assert_int_equal(call_at(i1)->out.a[2], 1U << 7);
	assert_int_equal(call_at(i1)->out.a[3] & 0xffff, 0);
	g = find_call(i1, FID_GET, 0);
	assert_int_equal(LO32(call_at(g)->in.a[1]), 0);

	assert_int_equal(h->n_notes, 1);
	assert_note(0, 7, SP_ECHO, 0, 0, &tag_a);
	assert_true(h->spmc.sps[0].received & BIT(7));
	assert_int_equal(h->spmc.sps[0].echo_failures, 0);
}

static void test_sched_run_echo(void **state)
{
	(void)state;
	run_echo_flow();
	assert_int_equal(count_calls(FID_RUN), 1);
	assert_int_equal(LO32(call_at(find_call(0, FID_RUN, 0))->out.a[0]),
			 FID_MSG_WAIT);
	assert_int_equal(h->drv.stats.runs, 1);
	assert_int_equal(h->drv.stats.interrupts, 0);
	assert_clean();
}

static void test_sched_run_preempted(void **state)
{
	struct ffp_partition_desc parts[FFP_SPMC_MAX_PARTITIONS];
	ffp_u32 i;
	size_t r;

	(void)state;
	assert_true(ffp_spmc_default_partition_count <=
		    FFP_SPMC_MAX_PARTITIONS);
	for (i = 0; i < ffp_spmc_default_partition_count; i++) {
		parts[i] = ffp_spmc_default_partitions[i];
		if (parts[i].id == SP_ECHO)
			parts[i].preempt_runs = 2;
	}
	assert_int_equal(ffp_spmc_init(&h->spmc, parts,
				       ffp_spmc_default_partition_count,
				       &test_cfg, &spmc_ops, h),
			 0);
	run_echo_flow();
	assert_int_equal(count_calls(FID_RUN), 3);
	for (i = 0; i < 3; i++) {
		r = find_call(0, FID_RUN, i);
		assert_int_equal(LO32(call_at(r)->in.a[1]), 0x80010000);
		assert_int_equal(LO32(call_at(r)->out.a[0]),
				 i < 2 ? FID_INTERRUPT : FID_MSG_WAIT);
	}
	assert_int_equal(h->drv.stats.runs, 3);
	assert_int_equal(h->drv.stats.interrupts, 2);
	assert_clean();
}

/* The re-issued FFA_RUN takes its w1 from the FFA_INTERRUPT answer. */
static void test_run_interrupt_w1_from_answer(void **state)
{
	static const ffp_u32 w1[3] = { 0x80010000, 0x80010002, 0x80010003 };
	size_t r, i;

	(void)state;
	drv_up(4);
	add_rule(FID_RUN, 1, w1[0], 1,
		 mkregs(FID_INTERRUPT, w1[1], 8, 0, 0, 0, 0, 0));
	add_rule(FID_RUN, 1, w1[1], 1,
		 mkregs(FID_INTERRUPT, w1[2], 9, 0, 0, 0, 0, 0));
	assert_int_equal(ffp_drv_run(&h->drv, SP_ECHO, 0), 0);
	assert_int_equal(count_calls(FID_RUN), 3);
	for (i = 0; i < 3; i++) {
		r = find_call(0, FID_RUN, i);
		assert_int_equal(LO32(call_at(r)->in.a[1]), w1[i]);
		assert_regs_zero_from(&call_at(r)->in, 2);
	}
	/* The last one reached the model: SP 0x8001 ran on vCPU 3. */
	r = find_call(0, FID_RUN, 2);
	assert_false(call_at(r)->scripted);
	assert_int_equal(LO32(call_at(r)->out.a[0]), FID_MSG_WAIT);
	assert_int_equal(h->spmc.sps[0].received_runs, 1);
	assert_int_equal(h->drv.stats.runs, 3);
	assert_int_equal(h->drv.stats.interrupts, 2);
	assert_clean();
}

static void test_run_errors(void **state)
{
	(void)state;
	drv_up(4);
	/* The model: vCPU 9 of a 4-vCPU SP is INVALID_PARAMETERS. */
	assert_int_equal(ffp_drv_run(&h->drv, SP_ECHO, 9), -EINVAL);
	assert_int_equal(LO32(last_call()->in.a[1]), 0x80010009);

	add_error(FID_RUN, 0, 0, 1, ST_INVALID_PARAMETERS);
	assert_int_equal(ffp_drv_run(&h->drv, SP_ECHO, 0), -EINVAL);
	add_error(FID_RUN, 0, 0, 1, ST_DENIED);
	assert_int_equal(ffp_drv_run(&h->drv, SP_ECHO, 0), -EACCES);
	add_error(FID_RUN, 0, 0, 1, ST_BUSY);
	assert_int_equal(ffp_drv_run(&h->drv, SP_ECHO, 0), -EBUSY);
	add_rule(FID_RUN, 0, 0, 1, mkregs(FID_YIELD, 0, 0, 0, 0, 0, 0, 0));
	assert_int_equal(ffp_drv_run(&h->drv, SP_ECHO, 0), 0);
	assert_int_equal(count_calls(FID_RUN), 5);
	assert_int_equal(h->drv.stats.interrupts, 0);
	assert_clean();
}

static void test_sched_cb_register_rules(void **state)
{
	ffp_u16 p;
	size_t n;

	(void)state;
	drv_up(4);
	n = h->n_calls;
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, SP_ECHO, sched_cb, NULL), 0);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, SP_ECHO, sched_cb, &tag_a),
		-EEXIST);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, SP_ECHO_PCPU, NULL, NULL),
		-EINVAL);
	assert_int_equal(ffp_drv_sched_cb_unregister(&h->drv, SP_ECHO_PCPU),
			 -ENOENT);
	assert_int_equal(ffp_drv_sched_cb_unregister(&h->drv, SP_ECHO), 0);
	assert_int_equal(ffp_drv_sched_cb_unregister(&h->drv, SP_ECHO),
			 -ENOENT);
	assert_int_equal(h->n_calls, n); /* no firmware involved */

	/* Unregistered: an INFO_GET entry for it is now unknown. */
	add_rule(FID_INFO_GET_64, 0, 0, 1,
		 mkregs(FID_SUCCESS_64, 0, 1U << 7, SP_ECHO, 0, 0, 0, 0));
	assert_int_equal(ffp_drv_handle_sri(&h->drv), 0);
	assert_int_equal(h->n_scheds, 0);
	assert_int_equal(h->drv.stats.sched_unknown, 1);

	/* The table holds FFP_DRV_MAX_SCHED_CBS (16) partitions. */
	n = h->n_calls;
	for (p = 0; p < 16; p++)
		assert_int_equal(ffp_drv_sched_cb_register(&h->drv, 0x8100 + p,
							   sched_cb, NULL),
				 0);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, 0x8200, sched_cb, NULL),
		-ENOSPC);
	assert_int_equal(ffp_drv_sched_cb_unregister(&h->drv, 0x8105), 0);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, 0x8200, sched_cb, NULL), 0);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, 0x8105, sched_cb, NULL),
		-ENOSPC);
	assert_int_equal(h->n_calls, n); /* no firmware involved */
	assert_clean();
}

/* ---- notify_send --------------------------------------------------------- */

static void test_notify_send_encoding(void **state)
{
	const struct call_rec *c;

	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_notify_send(&h->drv, SP_ECHO, 3, 0, 0), 0);
	c = last_call();
	assert_int_equal(LO32(c->in.a[0]), FID_SET);
	assert_int_equal(LO32(c->in.a[1]), (0U << 16) | SP_ECHO);
	assert_int_equal(LO32(c->in.a[2]), 0);
	assert_int_equal(LO32(c->in.a[3]), 1U << 3);
	assert_int_equal(LO32(c->in.a[4]), 0);
	assert_regs_zero_from(&c->in, 5);
	assert_int_equal(h->spmc.sps[0].ep.from_vm.global_pending, BIT(3));

	/* Per-vCPU: flag bit 0 and the vCPU in w2[31:16]; ID 33 in w4. */
	assert_int_equal(ffp_drv_notify_send(&h->drv, SP_ECHO_PCPU, 33, 1, 2),
			 0);
	c = last_call();
	assert_int_equal(LO32(c->in.a[1]), SP_ECHO_PCPU);
	assert_int_equal(LO32(c->in.a[2]), (2U << 16) | 1);
	assert_int_equal(LO32(c->in.a[3]), 0);
	assert_int_equal(LO32(c->in.a[4]), 1U << 1);
	assert_int_equal(h->spmc.sps[1].ep.from_vm.vcpu_pending[2], BIT(33));

	/* A bitmap of several IDs, split low/high. */
	assert_int_equal(ffp_drv_notify_send_bitmap(&h->drv, SP_ECHO,
						    BIT(0) | BIT(31), 0, 0),
			 0);
	assert_int_equal(LO32(last_call()->in.a[3]), 0x80000001);
	assert_int_equal(LO32(last_call()->in.a[4]), 0);
	assert_clean();
}

static void test_notify_send_errors(void **state)
{
	size_t n;

	(void)state;
	drv_up(4);
	n = h->n_calls;
	assert_int_equal(ffp_drv_notify_send(&h->drv, SP_ECHO, 3, 0, 1),
			 -EINVAL);
	assert_int_equal(ffp_drv_notify_send(&h->drv, SP_ECHO, 64, 0, 0),
			 -EINVAL);
	assert_int_equal(ffp_drv_notify_send(&h->drv, SP_ECHO, -1, 0, 0),
			 -EINVAL);
	assert_int_equal(ffp_drv_notify_send_bitmap(&h->drv, SP_ECHO, 0, 0, 0),
			 -EINVAL);
	assert_int_equal(h->n_calls, n);

	/* ID 40 is not bound from the NWd at 0x8001: DENIED. */
	assert_int_equal(ffp_drv_notify_send(&h->drv, SP_ECHO, 40, 0, 0),
			 -EACCES);
	assert_int_equal(LO32(last_call()->out.a[2]), (ffp_u32)ST_DENIED);
	/* 0x8003 does not receive notifications: DENIED. */
	assert_int_equal(ffp_drv_notify_send(&h->drv, SP_DOORBELL, 0, 0, 0),
			 -EACCES);
	/* Scripted DENIED. */
	add_error(FID_SET, 0, 0, 1, ST_DENIED);
	assert_int_equal(ffp_drv_notify_send(&h->drv, SP_ECHO, 3, 0, 0),
			 -EACCES);
	assert_int_equal(h->spmc.sps[0].ep.from_vm.global_pending, 0);
	assert_clean();
}

/* ---- disabled ------------------------------------------------------------ */

static void assert_all_disabled(void)
{
	size_t n = h->n_calls;
	struct ffp_drv *d = &h->drv;

	assert_false(d->notif_enabled);
	assert_int_equal(
		ffp_drv_notify_request(d, SP_ECHO, 0, 1, notify_cb, NULL),
		-EOPNOTSUPP);
	assert_int_equal(ffp_drv_notify_relinquish(d, SP_ECHO, 1), -EOPNOTSUPP);
	assert_int_equal(ffp_drv_notify_send(d, SP_ECHO, 1, 0, 0), -EOPNOTSUPP);
	assert_int_equal(ffp_drv_notify_send_bitmap(d, SP_ECHO, 2, 0, 0),
			 -EOPNOTSUPP);
	assert_int_equal(ffp_drv_sched_cb_register(d, SP_ECHO, sched_cb, NULL),
			 -EOPNOTSUPP);
	assert_int_equal(ffp_drv_sched_cb_unregister(d, SP_ECHO), -EOPNOTSUPP);
	assert_int_equal(ffp_drv_handle_sri(d), -EOPNOTSUPP);
	assert_int_equal(ffp_drv_sri(d), -EOPNOTSUPP);
	assert_false(d->sri_running || d->sri_pending);
	assert_int_equal(ffp_drv_get_and_dispatch(d, 0), -EOPNOTSUPP);
	assert_int_equal(h->n_calls, n);
	assert_int_equal(h->n_notes + h->n_scheds, 0);
}

static void test_disabled_after_failed_init(void **state)
{
	(void)state;
	add_error(FID_FEATURES, 1, FEAT_SRI, -1, ST_NOT_SUPPORTED);
	assert_int_equal(ffp_drv_init(&h->drv, &drv_ops, h, 4), -EOPNOTSUPP);
	assert_all_disabled();
	assert_clean();
}

static void test_disabled_after_bad_init(void **state)
{
	(void)state;
	assert_int_equal(ffp_drv_init(&h->drv, NULL, h, 4), -EINVAL);
	assert_all_disabled();
	assert_clean();
}

static void test_disabled_after_fini(void **state)
{
	(void)state;
	drv_up(4);
	assert_int_equal(
		ffp_drv_sched_cb_register(&h->drv, SP_ECHO, sched_cb, NULL), 0);
	assert_int_equal(ffp_drv_fini(&h->drv), 0);
	assert_all_disabled();
	assert_clean();
}

/* ---- concurrency smoke test ---------------------------------------------- */

#define CONC_ROUNDS 200
#define CONC_RING_MIN 400
#define CONC_RING_MAX 200000

struct conc {
	atomic_int stop;
	atomic_int req_err;
	atomic_int rel_err;
	atomic_int ring_err;
	atomic_int sri_err;
	atomic_int rings_ok;
	atomic_int rel_retries;
};

static void *conc_binder(void *arg)
{
	struct conc *c = arg;
	int round, id, tries, r;

	for (round = 0; round < CONC_ROUNDS; round++) {
		for (id = 0; id < 32; id++)
			if (ffp_drv_notify_request(&h->drv, SP_ECHO, 0, id,
						   notify_cb, c))
				atomic_fetch_add(&c->req_err, 1);
		for (id = 0; id < 32; id++) {
			/* DENIED while pending: the driver drains; retry. */
			for (tries = 0; tries < 1000; tries++) {
				r = ffp_drv_notify_relinquish(&h->drv, SP_ECHO,
							      id);
				if (r != -EACCES)
					break;
				atomic_fetch_add(&c->rel_retries, 1);
			}
			if (r)
				atomic_fetch_add(&c->rel_err, 1);
		}
	}
	atomic_store(&c->stop, 1);
	return NULL;
}

static void *conc_ringer(void *arg)
{
	struct conc *c = arg;
	unsigned int seed = 12345;
	ffp_s32 st;
	int i;

	for (i = 0;
	     i < CONC_RING_MAX && (i < CONC_RING_MIN || !atomic_load(&c->stop));
	     i++) {
		seed = seed * 1103515245U + 12345U;
		pthread_mutex_lock(&h->model_mu);
		st = ffp_spmc_ring(&h->spmc, SP_ECHO, 0, 0, 0,
				   BIT((seed >> 16) % 32));
		pthread_mutex_unlock(&h->model_mu);
		if (st == 0)
			atomic_fetch_add(&c->rings_ok, 1);
		else if (st != ST_DENIED)
			atomic_fetch_add(&c->ring_err, 1);
		/* Take the SRI every third ring, so some rings stay pending
		 * into the binder's UNBIND.
		 */
		while (i % 3 == 0 && atomic_exchange(&h->sri, 0))
			if (ffp_drv_handle_sri(&h->drv) < 0)
				atomic_fetch_add(&c->sri_err, 1);
	}
	return NULL;
}

static void test_concurrency(void **state)
{
	struct conc c;
	pthread_t a, b;
	int id;

	(void)state;
	memset(&c, 0, sizeof(c));
	drv_up(4);
	assert_int_equal(pthread_create(&b, NULL, conc_ringer, &c), 0);
	assert_int_equal(pthread_create(&a, NULL, conc_binder, &c), 0);
	assert_int_equal(pthread_join(a, NULL), 0);
	assert_int_equal(pthread_join(b, NULL), 0);
	take_sri();
	print_message("concurrency: %d rings set, %zu delivered, "
		      "%d UNBINDs refused, %d relinquish retries\n",
		      atomic_load(&c.rings_ok), h->n_notes,
		      atomic_load(&h->unbind_denied),
		      atomic_load(&c.rel_retries));

	assert_int_equal(atomic_load(&c.req_err), 0);
	assert_int_equal(atomic_load(&c.rel_err), 0);
	assert_int_equal(atomic_load(&c.ring_err), 0);
	assert_int_equal(atomic_load(&c.sri_err), 0);
	assert_clean();

	/* Every notifier is gone, in the driver and in the firmware, and
	 * nothing is left pending (UNBIND is refused while pending).
	 */
	for (id = 0; id < 32; id++) {
		assert_int_equal(
			ffp_drv_notify_relinquish(&h->drv, SP_ECHO, id),
			-ENOENT);
		assert_int_equal(h->spmc.vms[0].from_sp.sender[id],
				 FFP_ID_INVALID);
	}
	assert_int_equal(h->spmc.vms[0].from_sp.global_pending, 0);
	/* A notification is only ever delivered once per successful SET,
	 * and a notifier is never removed while its ID is pending.
	 */
	assert_int_equal(h->n_notes, h->drv.stats.delivered);
	assert_true(h->n_notes <= (size_t)atomic_load(&c.rings_ok));
	if (atomic_load(&c.rings_ok) > 0)
		assert_true(h->n_notes > 0);
	/* A notifier relinquished between a GET and the dispatch of what it
	 * fetched misses that notification (as in Linux: GET, then a lock
	 * per bit); the miss is counted, never silent.
	 */
	assert_true(h->n_notes + h->drv.stats.unclaimed <=
		    (size_t)atomic_load(&c.rings_ok));
	assert_int_equal(ffp_drv_fini(&h->drv), 0);
}

/* ---- the interrupt line: ffp_drv_sri ------------------------------------ */

static struct {
	int calls;
	int nested_ret;
	ffp_u64 handled_before, handled_after;
} nest;

/*
 * The notifier of ID 4: its partition rings ID 5 and the SRI that raises
 * is taken at once, from inside the handler, as an interrupt would be.
 */
static void nesting_cb(int id, ffp_u16 sender, int per_vcpu, ffp_u16 vcpu,
		       void *data)
{
	notify_cb(id, sender, per_vcpu, vcpu, data);
	if (nest.calls++)
		return;
	ring(SP_ECHO, 0, 0, BIT(5));
	assert_true(atomic_exchange(&h->sri, 0));
	nest.handled_before = h->drv.stats.sri_handled;
	nest.nested_ret = ffp_drv_sri(&h->drv);
	nest.handled_after = h->drv.stats.sri_handled;
}

/* An SRI raised while the handler runs is not handled inside it (nor
 * beside it) but by one more run of the handler, once it is done.
 */
static void test_sri_in_handler_runs_again(void **state)
{
	(void)state;
	memset(&nest, 0, sizeof(nest));
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 4,
						nesting_cb, &tag_a),
			 0);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 5,
						notify_cb, &tag_b),
			 0);
	ring(SP_ECHO, 0, 0, BIT(4));
	assert_true(atomic_exchange(&h->sri, 0));

	/* Both IDs, in two runs: 4 by the first, 5 by the second. */
	assert_int_equal(ffp_drv_sri(&h->drv), 2);
	assert_int_equal(nest.calls, 1);
	assert_int_equal(nest.nested_ret, 0); /* left to the running one */
	assert_true(nest.handled_after == nest.handled_before);
	assert_true(h->drv.stats.sri_handled == 2);
	assert_true(h->drv.stats.sri_deferred == 1);
	assert_int_equal(h->n_notes, 2);
	assert_note(0, 4, SP_ECHO, 0, 0, &tag_a);
	assert_note(1, 5, SP_ECHO, 0, 0, &tag_b);
	assert_false(h->drv.sri_running || h->drv.sri_pending);

	/* Without another SRI meanwhile: one run, as the handler alone. */
	ring(SP_ECHO, 0, 0, BIT(5));
	assert_int_equal(ffp_drv_sri(&h->drv), 1);
	assert_true(h->drv.stats.sri_handled == 3);
	assert_true(h->drv.stats.sri_deferred == 1);
	assert_clean();
}

/* A failed run is reported, and leaves the line ready for the next SRI. */
static void test_sri_error_then_next(void **state)
{
	(void)state;
	drv_up(4);
	assert_int_equal(ffp_drv_notify_request(&h->drv, SP_ECHO, 0, 4,
						notify_cb, &tag_a),
			 0);
	ring(SP_ECHO, 0, 0, BIT(4));
	add_error(FID_INFO_GET_64, 0, 0, 1, ST_BUSY);
	assert_int_equal(ffp_drv_sri(&h->drv), -EBUSY);
	assert_false(h->drv.sri_running || h->drv.sri_pending);
	assert_int_equal(ffp_drv_sri(&h->drv), 1);
	assert_true(h->drv.stats.sri_handled == 2);
	assert_clean();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const char *pers = getenv("FFP_TEST_PERSONALITY");

	/* Enough CPUs for test_more_than_20_ids. */
	test_cfg.max_cpus = 32;
	if (pers && ffp_spmc_config_parse(&test_cfg, pers)) {
		fprintf(stderr, "FFP_TEST_PERSONALITY=%s: unknown\n", pers);
		return 2;
	}
	fprintf(stderr, "model personality: %s\n",
		ffp_spmc_config_name(&test_cfg));

	const struct CMUnitTest tests[] = {
		T(test_harness_detects_violations),
		T(test_init_sequence),
		T(test_init_no_bitmap_create_feature),
		T(test_init_info_get_32_without_64),
		T(test_init_no_sri),
		T(test_init_version_1_0),
		T(test_init_version_not_supported),
		T(test_init_version_error_form),
		T(test_init_version_fixed),
		T(test_init_version_2_0),
		T(test_init_version_1_2_accepted),
		T(test_init_bitmap_create_denied),
		T(test_init_id_get_error),
		T(test_init_bad_args),
		T(test_fini_destroys),
		T(test_fini_denied_while_pending),
		T(test_get_flags_own_id_0),
		T(test_get_flags_vm_id),
		T(test_bind_encoding),
		T(test_bind_invalid_args),
		T(test_bind_duplicate),
		T(test_bind_taken_by_other),
		T(test_relinquish),
		T(test_relinquish_pending),
		T(test_relinquish_pending_per_vcpu),
		T(test_full_path_global),
		T(test_full_path_per_vcpu),
		T(test_per_vcpu_get_scoped),
		T(test_more_than_20_ids),
		T(test_unclaimed),
		T(test_several_ids_one_get),
		T(test_no_delivery_to_notifier_bound_after_get),
		T(test_info_get_32bit_on_64bit_path),
		T(test_info_get_64bit_example),
		T(test_info_get_global_and_sched),
		T(test_info_get_unknown_partition),
		T(test_info_get_errors),
		T(test_info_get_malformed_count_64),
		T(test_info_get_malformed_count_32),
		T(test_info_get_malformed_overrun),
		T(test_info_get_more_pending_forever),
		T(test_sched_run_echo),
		T(test_sched_run_preempted),
		T(test_run_interrupt_w1_from_answer),
		T(test_run_errors),
		T(test_sched_cb_register_rules),
		T(test_notify_send_encoding),
		T(test_notify_send_errors),
		T(test_disabled_after_failed_init),
		T(test_disabled_after_bad_init),
		T(test_disabled_after_fini),
		T(test_concurrency),
		T(test_sri_in_handler_runs_again),
		T(test_sri_error_then_next),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
