// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * bench-sim: libffanotif's in-process simulator ("sim" backend), natively.
 *
 *  - latency: a simulated partition rings (ffanotif_session_sim_ring:
 *    SIM_RING through the protocol core's hub, the SPMC model, the SRI
 *    handler -- INFO_GET, GET -- and the hub's delivery, which writes the
 *    session's eventfd), the other thread's epoll_wait() wakes and it reads
 *    the record; p50 and p99 of the hop, beside an eventfd ping-pong
 *    between two threads of the same process and run;
 *  - the same p99 under a background load of rings of another ID at
 *    1k, 10k and 100k rings/s, beside eventfd's under the same load;
 *  - events per second through one session's fd with batch reads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-session.h"

/* The background load: rings of ID 3, bound by a session of its own. */
static int load_ring(void *ctx)
{
	return ffanotif_session_sim_ring(ctx, BENCH_DOORBELL, 1ULL << 3, 0, 0) <
			       0
		       ? -errno
		       : 0;
}

static int load_rows(struct bench_report *r, struct bench_sess_pp *pp,
		     struct bench_fdpair *efd, int quick)
{
	static const double rates[] = { 1e3, 1e4, 1e5 };
	struct ffanotif_session *s = ffanotif_session_open("sim");
	int ret;

	if (!s || ffanotif_session_bind(s, BENCH_DOORBELL, 1ULL << 3, 0) < 0) {
		ret = -errno;
		ffanotif_session_close(s);
		return ret;
	}
	/* The records of ID 3 are never read: each ring after the first is
	 * coalesced, but goes through the hub all the same.
	 */
	ret = bench_latency_under_load(r, "sim", &bench_sess_pp_ops, pp,
				       &bench_fdpair_ops, efd, load_ring, s,
				       rates, 3, quick ? 1000 : 10000, 2.0);
	ffanotif_session_close(s);
	return ret;
}

int main(int argc, char **argv)
{
	struct bench_opts o;
	struct bench_report r;
	struct bench_samples parts[2];
	struct bench_fdpair efd;
	struct bench_sess_pp pp;
	struct bench_throughput tp;
	struct bench_row *row;
	size_t trips;
	int pass, ret;

	if (bench_parse(&o, argc, argv, NULL) != argc) {
		fprintf(stderr, "%s: unknown argument (see --help)\n",
			o.program);
		return 2;
	}
	trips = o.quick ? 2000 : 40000;
	bench_report_init(&r, &o, "in-process simulator (backend sim)");

	ret = bench_fdpair_eventfd(&efd);
	if (ret)
		bench_die("eventfd", -ret);
	ret = bench_sess_pp_open(&pp, "sim", 1, 2);
	if (ret)
		bench_die("sim sessions", -ret);
	ret = bench_compare_latency(
		&r, "sim ring->epoll->read", &bench_sess_pp_ops, &pp,
		"eventfd ping-pong", &bench_fdpair_ops, &efd, trips, 1.2, 2.0);
	if (ret)
		bench_die("latency", -ret);
	bench_samples_init(&parts[0]);
	bench_samples_init(&parts[1]);
	bench_sess_pp_parts(&pp, &parts[0], &parts[1]);
	bench_part_row(&r, "  part: ring->queued p50", &parts[0],
		       "SIM_RING call up to the hub queueing the record");
	bench_part_row(&r, "  part: queued->read p50", &parts[1],
		       "eventfd wake-up, epoll_wait, read");
	bench_samples_free(&parts[0]);
	bench_samples_free(&parts[1]);
	ret = load_rows(&r, &pp, &efd, o.quick);
	if (ret)
		bench_die("latency under load", -ret);
	bench_sess_pp_close(&pp);
	bench_fdpair_close(&efd);

	/* 1: every read finds one record; 0: all (sender, vCPU) there are. */
	for (pass = 0; pass < 2; pass++) {
		char name[64];

		ret = bench_sess_throughput("sim", 12, 13, pass ? 0 : 1,
					    o.quick ? 0.5 : 3.0, &tp);
		if (ret)
			bench_die("throughput", -ret);
		snprintf(name, sizeof(name), "sim events/s, %u record%s",
			 tp.pairs, tp.pairs > 1 ? "s queued" : "");
		row = bench_row(&r, name, "ev/s",
				(double)tp.records / tp.seconds, NULL, 0,
				pass ? BENCH_MIN : BENCH_INFO, 1e6);
		snprintf(row->note, sizeof(row->note),
			 "%.0f rings/s over %u (sender, vCPU); %.2f "
			 "records/read, %.0f ns/record in read; %llu "
			 "coalesced, %llu dropped",
			 (double)tp.rings / tp.seconds, tp.pairs,
			 tp.reads ? (double)tp.records / (double)tp.reads : 0,
			 tp.records ? (double)tp.read_ns / (double)tp.records
				    : 0,
			 (unsigned long long)tp.coalesced,
			 (unsigned long long)tp.dropped);
	}

	ret = bench_report_print(&r);
	if (ret)
		bench_die("JSON", -ret);
	return 0;
}
