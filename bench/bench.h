/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * What the benchmarks share (bench.c): command line (--quick, --json),
 * CLOCK_MONOTONIC, sample sets and percentiles, a two-thread ping-pong
 * driver, and the report: one row per figure (metric, value, baseline,
 * ratio, target, met), printed as a table and/or one JSON document.
 *
 * Every figure is compared with a baseline taken in the same run; a missed
 * target is reported, never an error.  A benchmark exits non-zero only
 * when something failed (a call returned an error, a wait timed out).
 */
#ifndef FFA_BENCH_H
#define FFA_BENCH_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* ---- run options -------------------------------------------------------- */

struct bench_opts {
	int quick; /* --quick: a few seconds, for CI */
	const char *json; /* --json[=FILE]: "-" is stdout (no table) */
	const char *program;
};

/*
 * Parse --quick, --json[=FILE] and --help (usage: extra lines of help).
 * Unknown options are left for the caller: the index of the first one,
 * or argc.
 */
int bench_parse(struct bench_opts *o, int argc, char **argv, const char *usage);

/* ---- time and failures -------------------------------------------------- */

uint64_t bench_now_ns(void);
/* Print "program: what: strerror(err)" and exit 1 (err: a positive errno). */
void bench_die(const char *what, int err) __attribute__((noreturn));
/*
 * Pin the calling thread to CPU n modulo the CPUs it may use (producers
 * and consumers on CPUs of their own, when there are two); -1 unpins.
 */
void bench_pin_cpu(int n);
/* Raise RLIMIT_NOFILE to at least n: 0 or -errno. */
int bench_raise_nofile(unsigned long n);

/* ---- samples ------------------------------------------------------------ */

struct bench_samples {
	uint64_t *v;
	size_t n;
	size_t cap;
	int sorted;
};

void bench_samples_init(struct bench_samples *s);
void bench_samples_free(struct bench_samples *s);
void bench_samples_add(struct bench_samples *s, uint64_t v);
/* The p-th percentile (0 < p <= 100, nearest rank); 0 when empty. */
double bench_percentile(struct bench_samples *s, double p);

/* ---- ping-pong ---------------------------------------------------------- */

/*
 * Two threads, sides 0 and 1, pass a token back and forth: a side rings
 * the other (ring(ctx, side) wakes side !side), then waits for its own
 * wake and takes it (wait(ctx, side): epoll_wait on its fd, then the read).
 * Each hop is one sample: from just before the ringer's ring() to just
 * after the woken side's wait() returned, both CLOCK_MONOTONIC.
 * Returns 0, or the first -errno of a callback.
 */
struct bench_pingpong_ops {
	int (*ring)(void *ctx, int side);
	int (*wait)(void *ctx, int side);
};

int bench_pingpong(const struct bench_pingpong_ops *ops, void *ctx,
		   size_t round_trips, struct bench_samples *hops);

/*
 * The baselines: two threads passing a token over a pair of eventfds
 * (bench_fdpair_eventfd) or over a unix stream socketpair carrying
 * `msg` bytes a hop (bench_fdpair_unix), each side waking from its own
 * epoll_wait, as the benchmarked paths do.
 */
struct bench_fdpair {
	int fd[2]; /* side s waits on (and reads) fd[s] */
	int ep[2];
	int unix_socket;
	size_t msg;
	int relay; /* pid of the relay process, or 0 */
	/* Relay: per side, the relay's one hop out (its arrival in the
	 * relay, stamped there, to the read here).
	 */
	struct bench_samples out[2];
};

int bench_fdpair_eventfd(struct bench_fdpair *p);
int bench_fdpair_unix(struct bench_fdpair *p, size_t msg);
/*
 * Like bench_fdpair_unix, but each side's socket leads to a relay process
 * that copies what it reads from one side to the other: two hops and a
 * process in between, the shape of a daemon's path without its work.
 */
int bench_fdpair_relay(struct bench_fdpair *p, size_t msg);
void bench_fdpair_close(struct bench_fdpair *p);
extern const struct bench_pingpong_ops bench_fdpair_ops;

/* An epoll instance watching fd for input: the epoll fd, or -errno. */
int bench_epoll_for(int fd);
/* Wait for one event on ep: 0, -ETIMEDOUT after timeout_ms, -errno. */
int bench_epoll_wait(int ep, int timeout_ms);

/* Generous: only there so that a broken path fails instead of hanging. */
#define BENCH_WAIT_MS 10000

/* ---- report ------------------------------------------------------------- */

enum bench_target {
	BENCH_INFO, /* no target */
	BENCH_RATIO_MAX, /* value / baseline <= target */
	BENCH_MIN, /* value >= target */
	BENCH_MAX, /* value <= target */
};

struct bench_row {
	char metric[64];
	char unit[16];
	double value;
	double baseline; /* NAN: none */
	char baseline_name[40];
	enum bench_target kind;
	double target;
	char note[160];
};

struct bench_report {
	const struct bench_opts *opts;
	const char *title;
	char env[256];
	struct bench_row rows[48];
	size_t n;
};

void bench_report_init(struct bench_report *r, const struct bench_opts *o,
		       const char *title);
/* Add a row; returns it so that a note can be written. */
struct bench_row *bench_row(struct bench_report *r, const char *metric,
			    const char *unit, double value,
			    const char *baseline_name, double baseline,
			    enum bench_target kind, double target);
/*
 * The producer thread of a throughput benchmark (bench_produce, pinned to
 * CPU 0): ring(ctx, k, &err) as fast as it can until `deadline`, k
 * cycling over 0..vcpus (0: the global ID; k: the per-vCPU ID on vCPU
 * k - 1).  ring returns 0, or -1 with err set (nonzero: the producer
 * stops); rings counts the successes, done is set once it stopped.
 */
struct bench_producer {
	int (*ring)(void *ctx, unsigned int k, int *err);
	void *ctx;
	unsigned int vcpus;
	uint64_t deadline, rings;
	int err;
	atomic_int done;
};

void *bench_produce(void *arg);

/*
 * An information row for one part of a path: the p50 of `samples` (ns) in
 * microseconds, noted "<what>; p99 <its p99> us".
 */
void bench_part_row(struct bench_report *r, const char *metric,
		    struct bench_samples *samples, const char *what);
/* A row's verdict: 1 met, 0 missed, -1 no target. */
int bench_row_met(const struct bench_row *row);
/*
 * Hop latencies of several paths in the same run: a warm-up of each, then
 * rounds in which each path makes round_trips / BENCH_ROUNDS round trips
 * in turn (so that a change of the machine's load hits them all alike).
 * paths[0] is the baseline: a round whose baseline p50 is more than 20%
 * off the median of all rounds' is rejected (its samples of every path
 * set aside) and another round run, until BENCH_ROUNDS are kept or
 * BENCH_MAX_ROUNDS were run (then what was kept; with --quick no round is
 * re-run: BENCH_ROUNDS in all, the rejected ones still set aside).  Each path's hops go to
 * its own sample set (initialised here; the caller frees them), with the
 * rounds kept and rejected.  0, or the first -errno of a callback.
 */
#define BENCH_ROUNDS 4
#define BENCH_MAX_ROUNDS 16

struct bench_path {
	const char *name;
	const struct bench_pingpong_ops *ops;
	void *ctx;
	struct bench_samples hops;
	size_t rounds, rejected;
};

int bench_latency_paths(struct bench_path *paths, size_t n, size_t round_trips);
/*
 * Two rows, "<name> p50" and "<name> p99" in microseconds, beside the
 * base path's p50 and p99; targets: at most p50_max and p99_max times
 * the base's (NAN: none).
 */
void bench_latency_rows(struct bench_report *r, struct bench_path *path,
			struct bench_path *base, double p50_max,
			double p99_max);
/* Both for one path against one base. */
int bench_compare_latency(struct bench_report *r, const char *name,
			  const struct bench_pingpong_ops *ops, void *ctx,
			  const char *base_name,
			  const struct bench_pingpong_ops *base_ops,
			  void *base_ctx, size_t round_trips, double p50_max,
			  double p99_max);

/*
 * A background load: a thread calling ring(ctx) at `rate` calls a second
 * (paced on CLOCK_MONOTONIC: it catches up with the calls due, then
 * sleeps until the next is, at most 1 ms), from bench_load_start() to
 * bench_load_stop(), which returns the rate reached (calls a second) or
 * -errno of the first failed call.
 */
struct bench_load {
	int (*ring)(void *ctx); /* 0 or -errno */
	void *ctx;
	double rate;
	atomic_int stop;
	uint64_t rings, t0, t1;
	int err;
	pthread_t thread;
};

int bench_load_start(struct bench_load *l);
double bench_load_stop(struct bench_load *l);

/*
 * p99 (and p50) of a path's hops beside the baseline's, each under a
 * background load of rings at each of `nrates` rates: rows "<name> p99 @
 * <rate>/s", target p99 at most p99_max times the baseline's under the
 * same load.  0 or the first -errno.
 */
int bench_latency_under_load(struct bench_report *r, const char *name,
			     const struct bench_pingpong_ops *ops, void *ctx,
			     const struct bench_pingpong_ops *base_ops,
			     void *base_ctx, int (*ring)(void *),
			     void *ring_ctx, const double *rates, size_t nrates,
			     size_t round_trips, double p99_max);

/*
 * Print the table (unless --json went to stdout) and the JSON document
 * (when asked).  0, or -errno if the JSON file could not be written.
 */
int bench_report_print(struct bench_report *r);

#endif /* FFA_BENCH_H */
