/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * The library's paths, for bench-sim (backend "sim") and bench-daemon
 * (backend "daemon"): the same code measures both, through the public API
 * only (ffanotif.h).
 */
#ifndef FFA_BENCH_SESSION_H
#define FFA_BENCH_SESSION_H

#include <stdint.h>

#include <ffanotif.h>

#include "bench.h"

/* The simulated partition that rings on request (SIM_RING). */
#define BENCH_DOORBELL 0x8003

/*
 * Ping-pong through two sessions: side s binds ID id[s] from the doorbell;
 * ring(side) is ffanotif_session_sim_ring() of the other side's ID through
 * the ringer's own session; wait(side) is epoll_wait() on the session's fd
 * and ffanotif_session_read_events().
 */
struct bench_sess_pp {
	struct ffanotif_session *s[2];
	struct ffanotif_event_buffer *buf[2];
	int ep[2];
	unsigned int id[2];
	_Atomic uint64_t t_ring[2];
	/* Per side: ring -> the event's timestamp (its arrival in the
	 * hub: the library's for "sim", the daemon's for "daemon"), and
	 * that timestamp -> read.
	 */
	struct bench_samples queued[2], woken[2];
};

int bench_sess_pp_open(struct bench_sess_pp *p, const char *backend,
		       unsigned int id0, unsigned int id1);
void bench_sess_pp_close(struct bench_sess_pp *p);
/* Both sides' ring -> arrival and arrival -> read samples, merged. */
void bench_sess_pp_parts(struct bench_sess_pp *p, struct bench_samples *queued,
			 struct bench_samples *woken);
extern const struct bench_pingpong_ops bench_sess_pp_ops;

/*
 * Events through one session's fd: a producer thread with a session of
 * its own rings the doorbell as fast as it can, cycling over one global ID
 * and one per-vCPU ID on every vCPU (each (sender, vCPU) is an event of its
 * own: up to 1 + vCPUs records queue at once), while this thread reads
 * them in batches of up to 64 after each epoll_wait().
 */
struct bench_throughput {
	uint64_t rings; /* SIM_RING calls made */
	uint64_t records; /* records read */
	uint64_t reads; /* reads that returned records */
	uint64_t notifications; /* bits carried by the records */
	uint64_t coalesced; /* rings merged into an unread record */
	uint64_t dropped;
	uint64_t read_ns; /* spent in ffanotif_session_read_events() */
	unsigned int pairs; /* (sender, vCPU) rung */
	double seconds; /* first ring to last record read */
};

int bench_sess_throughput(const char *backend, unsigned int id_global,
			  unsigned int id_per_vcpu, unsigned int pairs,
			  double seconds, struct bench_throughput *out);

#endif /* FFA_BENCH_SESSION_H */
