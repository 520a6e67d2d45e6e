// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The library's paths for the benchmarks: see bench-session.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-session.h"

int bench_sess_pp_open(struct bench_sess_pp *p, const char *backend,
		       unsigned int id0, unsigned int id1)
{
	int s, err;

	memset(p, 0, sizeof(*p));
	p->ep[0] = p->ep[1] = -1;
	p->id[0] = id0;
	p->id[1] = id1;
	for (s = 0; s < 2; s++) {
		bench_samples_init(&p->queued[s]);
		bench_samples_init(&p->woken[s]);
	}
	for (s = 0; s < 2; s++) {
		p->s[s] = ffanotif_session_open(backend);
		p->buf[s] = ffanotif_event_buffer_new(64);
		if (!p->s[s] || !p->buf[s])
			goto fail;
		if (ffanotif_session_bind(p->s[s], BENCH_DOORBELL,
					  1ULL << p->id[s], 0) < 0)
			goto fail;
		p->ep[s] = bench_epoll_for(ffanotif_session_get_fd(p->s[s]));
		if (p->ep[s] < 0) {
			errno = -p->ep[s];
			p->ep[s] = -1;
			goto fail;
		}
	}
	return 0;
fail:
	err = errno;
	bench_sess_pp_close(p);
	return -err;
}

void bench_sess_pp_close(struct bench_sess_pp *p)
{
	int s;

	for (s = 0; s < 2; s++) {
		if (p->ep[s] >= 0)
			close(p->ep[s]);
		ffanotif_session_close(p->s[s]);
		ffanotif_event_buffer_free(p->buf[s]);
		p->ep[s] = -1;
		p->s[s] = NULL;
		p->buf[s] = NULL;
		bench_samples_free(&p->queued[s]);
		bench_samples_free(&p->woken[s]);
	}
}

void bench_sess_pp_parts(struct bench_sess_pp *p, struct bench_samples *queued,
			 struct bench_samples *woken)
{
	size_t i;
	int s;

	for (s = 0; s < 2; s++) {
		for (i = 0; i < p->queued[s].n; i++)
			bench_samples_add(queued, p->queued[s].v[i]);
		for (i = 0; i < p->woken[s].n; i++)
			bench_samples_add(woken, p->woken[s].v[i]);
	}
}

static int sess_ring(void *ctx, int side)
{
	struct bench_sess_pp *p = ctx;

	atomic_store(&p->t_ring[side], bench_now_ns());
	if (ffanotif_session_sim_ring(p->s[side], BENCH_DOORBELL,
				      1ULL << p->id[!side], 0, 0) < 0)
		return -errno;
	return 0;
}

static int sess_wait(void *ctx, int side)
{
	struct bench_sess_pp *p = ctx;
	int n, ret;

	for (;;) {
		ret = bench_epoll_wait(p->ep[side], BENCH_WAIT_MS);
		if (ret < 0)
			return ret;
		n = ffanotif_session_read_events(p->s[side], p->buf[side], 0);
		if (n < 0)
			return -errno;
		if (n > 0) {
			uint64_t t = bench_now_ns(), t0, ts;

			t0 = atomic_load(&p->t_ring[!side]);
			ts = ffanotif_event_get_timestamp_ns(
				ffanotif_event_buffer_get_event(p->buf[side],
								0));
			if (ts >= t0 && ts <= t) {
				bench_samples_add(&p->queued[side], ts - t0);
				bench_samples_add(&p->woken[side], t - ts);
			}
			return 0;
		}
	}
}

const struct bench_pingpong_ops bench_sess_pp_ops = {
	.ring = sess_ring,
	.wait = sess_wait,
};

/* ---- throughput ---------------------------------------------------------- */

/* What the producer rings with: its own session, and the two IDs. */
struct ringer {
	struct ffanotif_session *s;
	unsigned int id_global, id_per_vcpu;
};

static int sess_ring_k(void *ctx, unsigned int k, int *err)
{
	struct ringer *rg = ctx;
	int ret;

	if (k == 0)
		ret = ffanotif_session_sim_ring(rg->s, BENCH_DOORBELL,
						1ULL << rg->id_global, 0, 0);
	else
		ret = ffanotif_session_sim_ring(
			rg->s, BENCH_DOORBELL, 1ULL << rg->id_per_vcpu,
			FFANOTIF_FLAG_PER_VCPU, (uint16_t)(k - 1));
	if (ret < 0) {
		*err = errno;
		return -1;
	}
	return 0;
}

int bench_sess_throughput(const char *backend, unsigned int id_global,
			  unsigned int id_per_vcpu, unsigned int pairs,
			  double seconds, struct bench_throughput *out)
{
	struct ffanotif_session *c = NULL;
	struct ffanotif_event_buffer *buf = NULL;
	struct ffanotif_info *info = NULL;
	struct ffanotif_session_stats *st = NULL;
	struct bench_producer pr;
	struct ringer rg;
	uint64_t t0, t_read, last = 0;
	pthread_t t;
	int ep = -1, ret = 0, started = 0, i, n;

	memset(out, 0, sizeof(*out));
	memset(&pr, 0, sizeof(pr));
	memset(&rg, 0, sizeof(rg));
	pr.ring = sess_ring_k;
	pr.ctx = &rg;
	c = ffanotif_session_open(backend);
	rg.s = ffanotif_session_open(backend);
	buf = ffanotif_event_buffer_new(64);
	if (!c || !rg.s || !buf)
		goto fail_errno;
	info = ffanotif_session_get_info(c);
	if (!info)
		goto fail_errno;
	pr.vcpus = ffanotif_info_get_vcpu_count(info);
	if (pairs && pairs - 1 < pr.vcpus)
		pr.vcpus = pairs - 1;
	out->pairs = pr.vcpus + 1;
	rg.id_global = id_global;
	rg.id_per_vcpu = id_per_vcpu;
	if (ffanotif_session_bind(c, BENCH_DOORBELL, 1ULL << id_global, 0) <
		    0 ||
	    ffanotif_session_bind(c, BENCH_DOORBELL, 1ULL << id_per_vcpu,
				  FFANOTIF_FLAG_PER_VCPU) < 0)
		goto fail_errno;
	ep = bench_epoll_for(ffanotif_session_get_fd(c));
	if (ep < 0) {
		ret = ep;
		goto out;
	}
	t0 = bench_now_ns();
	pr.deadline = t0 + (uint64_t)(seconds * 1e9);
	ret = -pthread_create(&t, NULL, bench_produce, &pr);
	if (ret)
		goto out;
	started = 1;
	bench_pin_cpu(1);
	for (;;) {
		int done = atomic_load(&pr.done);

		/* Once the producer stopped, take what is left. */
		ret = bench_epoll_wait(ep, done ? 0 : 100);
		if (ret == -ETIMEDOUT) {
			ret = 0;
			if (done)
				break;
			if (bench_now_ns() - (last ? last : t0) >
			    BENCH_WAIT_MS * 1000000ULL) {
				ret = -ETIMEDOUT;
				break;
			}
			continue;
		}
		if (ret < 0)
			break;
		t_read = bench_now_ns();
		n = ffanotif_session_read_events(c, buf, 0);
		out->read_ns += bench_now_ns() - t_read;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (n == 0)
			continue;
		last = bench_now_ns();
		out->reads++;
		out->records += (uint64_t)n;
		for (i = 0; i < n; i++) {
			const struct ffanotif_event *e =
				ffanotif_event_buffer_get_event(buf, (size_t)i);

			out->notifications += (uint64_t)__builtin_popcountll(
				ffanotif_event_get_notifications(e));
		}
	}
	pthread_join(t, NULL);
	started = 0;
	bench_pin_cpu(-1);
	if (!ret && pr.err)
		ret = -pr.err;
	out->rings = pr.rings;
	out->seconds = (double)(last - t0) / 1e9;
	if (!ret && (st = ffanotif_session_read_stats(c))) {
		out->coalesced = ffanotif_session_stats_get_coalesced(st);
		out->dropped = ffanotif_session_stats_get_dropped(st);
		ffanotif_session_stats_free(st);
	}
	goto out;
fail_errno:
	ret = -errno;
out:
	if (started)
		pthread_join(t, NULL);
	if (ep >= 0)
		close(ep);
	ffanotif_info_free(info);
	ffanotif_event_buffer_free(buf);
	ffanotif_session_close(rg.s);
	ffanotif_session_close(c);
	return ret;
}
