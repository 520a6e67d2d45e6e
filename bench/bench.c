// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The benchmarks' shared helper: see bench.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static const char *g_program = "bench";
/* Rounds a latency figure may take: --quick re-runs none. */
static size_t g_max_rounds = BENCH_MAX_ROUNDS;

int bench_parse(struct bench_opts *o, int argc, char **argv, const char *usage)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->program =
		strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	g_program = o->program;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			o->quick = 1;
			g_max_rounds = BENCH_ROUNDS;
		} else if (!strcmp(argv[i], "--json")) {
			o->json = "-";
		} else if (!strncmp(argv[i], "--json=", 7)) {
			o->json = argv[i] + 7;
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
			printf("usage: %s [--quick] [--json[=FILE]]%s\n"
			       "  --quick        a few seconds (CI): fewer "
			       "samples, rejected rounds not re-run\n"
			       "  --json         one JSON document on stdout "
			       "instead of the table\n"
			       "  --json=FILE    the table on stdout, the "
			       "JSON document in FILE\n",
			       o->program, usage ? usage : "");
			exit(0);
		} else {
			break;
		}
	}
	return i;
}

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void bench_die(const char *what, int err)
{
	fprintf(stderr, "%s: %s: %s\n", g_program, what, strerror(err));
	exit(1);
}

void bench_pin_cpu(int n)
{
	static cpu_set_t all;
	static int have_all;
	cpu_set_t set;
	int i, k = 0;

	if (!have_all) {
		if (sched_getaffinity(0, sizeof(all), &all) < 0)
			return;
		have_all = 1;
	}
	if (n < 0 || CPU_COUNT(&all) < 2) {
		sched_setaffinity(0, sizeof(all), &all);
		return;
	}
	n %= CPU_COUNT(&all);
	for (i = 0; i < CPU_SETSIZE; i++) {
		if (!CPU_ISSET(i, &all))
			continue;
		if (k++ == n) {
			CPU_ZERO(&set);
			CPU_SET(i, &set);
			sched_setaffinity(0, sizeof(set), &set);
			return;
		}
	}
}

int bench_raise_nofile(unsigned long n)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -errno;
	if (rl.rlim_cur >= n)
		return 0;
	rl.rlim_cur = n;
	if (rl.rlim_max < n)
		rl.rlim_max = n; /* root may raise the hard limit too */
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -errno;
	return 0;
}

/* ---- samples ------------------------------------------------------------ */

void bench_samples_init(struct bench_samples *s)
{
	memset(s, 0, sizeof(*s));
}

void bench_samples_free(struct bench_samples *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void bench_samples_add(struct bench_samples *s, uint64_t v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		uint64_t *nv = realloc(s->v, cap * sizeof(*nv));

		if (!nv)
			bench_die("samples", ENOMEM);
		s->v = nv;
		s->cap = cap;
	}
	s->v[s->n++] = v;
	s->sorted = 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

double bench_percentile(struct bench_samples *s, double p)
{
	size_t rank;

	if (!s->n)
		return 0;
	if (!s->sorted) {
		qsort(s->v, s->n, sizeof(*s->v), cmp_u64);
		s->sorted = 1;
	}
	rank = (size_t)ceil(p / 100.0 * (double)s->n);
	if (rank < 1)
		rank = 1;
	if (rank > s->n)
		rank = s->n;
	return (double)s->v[rank - 1];
}

/* ---- ping-pong ---------------------------------------------------------- */

struct pp {
	const struct bench_pingpong_ops *ops;
	void *ctx;
	size_t n;
	_Atomic uint64_t t0;
	atomic_int failed;
	struct bench_samples side[2];
	int err[2];
};

static int pp_run(struct pp *p, int side)
{
	size_t i;
	int ret;

	for (i = 0; i < p->n && !atomic_load(&p->failed); i++) {
		if (side == 0) {
			atomic_store(&p->t0, bench_now_ns());
			ret = p->ops->ring(p->ctx, 0);
			if (ret < 0)
				return ret;
		}
		ret = p->ops->wait(p->ctx, side);
		if (ret < 0)
			return ret;
		bench_samples_add(&p->side[side],
				  bench_now_ns() - atomic_load(&p->t0));
		if (side == 1) {
			atomic_store(&p->t0, bench_now_ns());
			ret = p->ops->ring(p->ctx, 1);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

static void *pp_side1(void *arg)
{
	struct pp *p = arg;

	p->err[1] = pp_run(p, 1);
	if (p->err[1])
		atomic_store(&p->failed, 1);
	return NULL;
}

int bench_pingpong(const struct bench_pingpong_ops *ops, void *ctx,
		   size_t round_trips, struct bench_samples *hops)
{
	struct pp *p = calloc(1, sizeof(*p));
	pthread_t t;
	size_t i;
	int ret, s;

	if (!p)
		return -ENOMEM;
	p->ops = ops;
	p->ctx = ctx;
	p->n = round_trips;
	bench_samples_init(&p->side[0]);
	bench_samples_init(&p->side[1]);
	ret = pthread_create(&t, NULL, pp_side1, p);
	if (ret) {
		free(p);
		return -ret;
	}
	p->err[0] = pp_run(p, 0);
	if (p->err[0])
		atomic_store(&p->failed, 1);
	pthread_join(t, NULL);
	ret = p->err[0] ? p->err[0] : p->err[1];
	for (s = 0; s < 2; s++) {
		for (i = 0; i < p->side[s].n; i++)
			bench_samples_add(hops, p->side[s].v[i]);
		bench_samples_free(&p->side[s]);
	}
	free(p);
	return ret;
}

/* ---- baselines ---------------------------------------------------------- */

int bench_epoll_for(int fd)
{
	struct epoll_event e = { .events = EPOLLIN };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		return -errno;
	e.data.fd = fd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) < 0) {
		int err = errno;

		close(ep);
		return -err;
	}
	return ep;
}

int bench_epoll_wait(int ep, int timeout_ms)
{
	struct epoll_event e;
	int n;

	do {
		n = epoll_wait(ep, &e, 1, timeout_ms);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n ? 0 : -ETIMEDOUT;
}

static int fdpair_epolls(struct bench_fdpair *p)
{
	int s;

	for (s = 0; s < 2; s++) {
		p->ep[s] = bench_epoll_for(p->fd[s]);
		if (p->ep[s] < 0) {
			int err = p->ep[s];

			p->ep[s] = -1;
			bench_fdpair_close(p);
			return err;
		}
	}
	return 0;
}

int bench_fdpair_eventfd(struct bench_fdpair *p)
{
	int s;

	memset(p, 0, sizeof(*p));
	p->fd[0] = p->fd[1] = p->ep[0] = p->ep[1] = -1;
	for (s = 0; s < 2; s++) {
		p->fd[s] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (p->fd[s] < 0) {
			int err = errno;

			bench_fdpair_close(p);
			return -err;
		}
	}
	return fdpair_epolls(p);
}

int bench_fdpair_unix(struct bench_fdpair *p, size_t msg)
{
	memset(p, 0, sizeof(*p));
	p->ep[0] = p->ep[1] = -1;
	p->unix_socket = 1;
	p->msg = msg ? msg : 1;
	if (p->msg > 4096)
		return -EINVAL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0,
		       p->fd) < 0)
		return -errno;
	return fdpair_epolls(p);
}

/* The relay process: copy whatever one socket gives to the other. */
static void relay_run(int a, int b, size_t msg)
{
	unsigned char buf[4096];
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event e = { .events = EPOLLIN };
	ssize_t n;

	e.data.fd = a;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, a, &e) < 0)
		_exit(1);
	e.data.fd = b;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, b, &e) < 0)
		_exit(1);
	for (;;) {
		if (epoll_wait(ep, &e, 1, -1) != 1)
			continue;
		n = read(e.data.fd, buf, msg);
		if (n == 0)
			_exit(0);
		if (n == (ssize_t)msg && msg >= sizeof(uint64_t)) {
			/* Its arrival here, as the daemon's hub stamps an
			 * event: the reader takes the relay's one hop out.
			 */
			uint64_t t = bench_now_ns();

			memcpy(buf, &t, sizeof(t));
		}
		if (n > 0 && write(e.data.fd == a ? b : a, buf, (size_t)n) != n)
			_exit(1);
	}
}

int bench_fdpair_relay(struct bench_fdpair *p, size_t msg)
{
	int a[2], b[2], err;
	pid_t pid;

	memset(p, 0, sizeof(*p));
	p->fd[0] = p->fd[1] = p->ep[0] = p->ep[1] = -1;
	p->unix_socket = 1;
	p->msg = msg ? msg : 1;
	if (p->msg > 4096)
		return -EINVAL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, a) < 0)
		return -errno;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, b) < 0) {
		err = errno;
		close(a[0]);
		close(a[1]);
		return -err;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(a[0]);
		close(a[1]);
		close(b[0]);
		close(b[1]);
		return -err;
	}
	if (pid == 0) {
		close(a[0]);
		close(b[0]);
		relay_run(a[1], b[1], p->msg);
	}
	close(a[1]);
	close(b[1]);
	p->relay = pid;
	p->fd[0] = a[0];
	p->fd[1] = b[0];
	if (fcntl(a[0], F_SETFL, O_NONBLOCK) < 0 ||
	    fcntl(b[0], F_SETFL, O_NONBLOCK) < 0) {
		err = errno;
		bench_fdpair_close(p);
		return -err;
	}
	return fdpair_epolls(p);
}

void bench_fdpair_close(struct bench_fdpair *p)
{
	int s;

	for (s = 0; s < 2; s++) {
		if (p->fd[s] >= 0)
			close(p->fd[s]);
		if (p->ep[s] >= 0)
			close(p->ep[s]);
		p->fd[s] = p->ep[s] = -1;
		bench_samples_free(&p->out[s]);
	}
	if (p->relay > 0) {
		/* Its sockets are closed: it exits. */
		waitpid(p->relay, NULL, 0);
		p->relay = 0;
	}
}

static int fdpair_ring(void *ctx, int side)
{
	struct bench_fdpair *p = ctx;
	unsigned char buf[4096] = { 1 };
	uint64_t one = 1;
	ssize_t n;

	if (p->unix_socket)
		/* Side s writes into its end; the other end reads it. */
		n = write(p->fd[side], buf, p->msg);
	else
		n = write(p->fd[!side], &one, sizeof(one));
	if (n < 0)
		return -errno;
	return 0;
}

static int fdpair_wait(void *ctx, int side)
{
	struct bench_fdpair *p = ctx;
	unsigned char buf[4096];
	size_t want = p->unix_socket ? p->msg : sizeof(uint64_t), got = 0;
	ssize_t n;
	int ret;

	while (got < want) {
		ret = bench_epoll_wait(p->ep[side], BENCH_WAIT_MS);
		if (ret < 0)
			return ret;
		n = read(p->fd[side], buf + got, want - got);
		if (n < 0 && errno != EAGAIN)
			return -errno;
		if (n == 0)
			return -EPIPE;
		if (n > 0)
			got += (size_t)n;
	}
	if (p->relay && want >= sizeof(uint64_t)) {
		uint64_t t = bench_now_ns(), ts;

		memcpy(&ts, buf, sizeof(ts));
		if (ts <= t)
			bench_samples_add(&p->out[side], t - ts);
	}
	return 0;
}

const struct bench_pingpong_ops bench_fdpair_ops = {
	.ring = fdpair_ring,
	.wait = fdpair_wait,
};

/* ---- report ------------------------------------------------------------- */

void bench_report_init(struct bench_report *r, const struct bench_opts *o,
		       const char *title)
{
	struct utsname u;

	memset(r, 0, sizeof(*r));
	r->opts = o;
	r->title = title;
	if (uname(&u) == 0)
		snprintf(r->env, sizeof(r->env), "%s %s %s, %ld CPUs%s",
			 u.sysname, u.release, u.machine,
			 sysconf(_SC_NPROCESSORS_ONLN),
			 o->quick ? ", --quick" : "");
}

struct bench_row *bench_row(struct bench_report *r, const char *metric,
			    const char *unit, double value,
			    const char *baseline_name, double baseline,
			    enum bench_target kind, double target)
{
	struct bench_row *row;

	if (r->n == sizeof(r->rows) / sizeof(r->rows[0]))
		bench_die("report", ENOSPC);
	row = &r->rows[r->n++];
	memset(row, 0, sizeof(*row));
	snprintf(row->metric, sizeof(row->metric), "%s", metric);
	snprintf(row->unit, sizeof(row->unit), "%s", unit);
	snprintf(row->baseline_name, sizeof(row->baseline_name), "%s",
		 baseline_name ? baseline_name : "");
	row->value = value;
	row->baseline = baseline_name ? baseline : NAN;
	row->kind = kind;
	row->target = target;
	return row;
}

void *bench_produce(void *arg)
{
	struct bench_producer *pr = arg;
	unsigned int k = 0;

	bench_pin_cpu(0);
	while (!pr->err) {
		/* Check the clock every 64 rings: it is not free either. */
		if ((pr->rings & 63) == 0 && bench_now_ns() >= pr->deadline)
			break;
		if (pr->ring(pr->ctx, k, &pr->err) == 0)
			pr->rings++;
		k = (k + 1) % (pr->vcpus + 1);
	}
	atomic_store(&pr->done, 1);
	return NULL;
}

void bench_part_row(struct bench_report *r, const char *metric,
		    struct bench_samples *samples, const char *what)
{
	struct bench_row *row =
		bench_row(r, metric, "us", bench_percentile(samples, 50) / 1e3,
			  NULL, 0, BENCH_INFO, 0);

	snprintf(row->note, sizeof(row->note), "%s; p99 %.1f us", what,
		 bench_percentile(samples, 99) / 1e3);
}

static double row_ratio(const struct bench_row *row)
{
	if (isnan(row->baseline) || row->baseline == 0)
		return NAN;
	return row->value / row->baseline;
}

int bench_row_met(const struct bench_row *row)
{
	switch (row->kind) {
	case BENCH_RATIO_MAX:
		return !isnan(row_ratio(row)) && row_ratio(row) <= row->target;
	case BENCH_MIN:
		return row->value >= row->target;
	case BENCH_MAX:
		return row->value <= row->target;
	default:
		return -1;
	}
}

/* A number for people: no more digits than it means. */
static const char *num(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (fabs(v) >= 1000)
		snprintf(buf, len, "%.0f", v);
	else if (fabs(v) >= 10)
		snprintf(buf, len, "%.1f", v);
	else
		snprintf(buf, len, "%.2f", v);
	return buf;
}

static const char *target_text(char *buf, size_t len,
			       const struct bench_row *row)
{
	char n[32];

	switch (row->kind) {
	case BENCH_RATIO_MAX:
		snprintf(buf, len, "<= %sx", num(n, sizeof(n), row->target));
		break;
	case BENCH_MIN:
		snprintf(buf, len, ">= %s", num(n, sizeof(n), row->target));
		break;
	case BENCH_MAX:
		snprintf(buf, len, "<= %s", num(n, sizeof(n), row->target));
		break;
	default:
		snprintf(buf, len, "-");
	}
	return buf;
}

static void print_table(const struct bench_report *r)
{
	char v[32], b[32], q[32], t[48], vu[48];
	size_t i;

	printf("== %s (%s)\n", r->title, r->env);
	printf("%-34s %16s %12s  %-22s %7s %10s %4s\n", "metric", "value",
	       "baseline", "(baseline)", "ratio", "target", "met");
	for (i = 0; i < r->n; i++) {
		const struct bench_row *row = &r->rows[i];
		int met = bench_row_met(row);

		snprintf(vu, sizeof(vu), "%s %s", num(v, sizeof(v), row->value),
			 row->unit);
		printf("%-34s %16s %12s  %-22s %7s %10s %4s\n", row->metric, vu,
		       num(b, sizeof(b), row->baseline),
		       row->baseline_name[0] ? row->baseline_name : "-",
		       num(q, sizeof(q), row_ratio(row)),
		       target_text(t, sizeof(t), row),
		       met < 0 ? "-"
		       : met   ? "yes"
			       : "NO");
		if (row->note[0])
			printf("  %s\n", row->note);
	}
	fflush(stdout);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void json_num(FILE *f, double v)
{
	if (isnan(v) || isinf(v))
		fputs("null", f);
	else
		fprintf(f, "%.6g", v);
}

static void print_json(FILE *f, const struct bench_report *r)
{
	static const char *const kinds[] = { "none", "ratio_max", "min",
					     "max" };
	char t[48]; /* "<= " + a number of up to 31 + "x" */
	size_t i;

	fprintf(f, "{\"benchmark\":");
	json_str(f, r->opts->program);
	fprintf(f, ",\"title\":");
	json_str(f, r->title);
	fprintf(f, ",\"environment\":");
	json_str(f, r->env);
	fprintf(f, ",\"quick\":%s,\"rows\":[",
		r->opts->quick ? "true" : "false");
	for (i = 0; i < r->n; i++) {
		const struct bench_row *row = &r->rows[i];
		int met = bench_row_met(row);

		fprintf(f, "%s\n {\"metric\":", i ? "," : "");
		json_str(f, row->metric);
		fprintf(f, ",\"unit\":");
		json_str(f, row->unit);
		fprintf(f, ",\"value\":");
		json_num(f, row->value);
		fprintf(f, ",\"baseline\":");
		json_num(f, row->baseline);
		fprintf(f, ",\"baseline_metric\":");
		if (row->baseline_name[0])
			json_str(f, row->baseline_name);
		else
			fputs("null", f);
		fprintf(f, ",\"ratio\":");
		json_num(f, row_ratio(row));
		fprintf(f, ",\"target_kind\":\"%s\",\"target\":",
			kinds[row->kind]);
		if (row->kind == BENCH_INFO)
			fputs("null", f);
		else
			json_num(f, row->target);
		fprintf(f, ",\"target_text\":");
		json_str(f, target_text(t, sizeof(t), row));
		fprintf(f, ",\"met\":%s,\"note\":",
			met < 0 ? "null"
			: met	? "true"
				: "false");
		json_str(f, row->note);
		fputc('}', f);
	}
	fprintf(f, "\n]}\n");
}

int bench_report_print(struct bench_report *r)
{
	const char *j = r->opts->json;
	FILE *f;

	if (!j || strcmp(j, "-"))
		print_table(r);
	if (!j)
		return 0;
	if (!strcmp(j, "-")) {
		print_json(stdout, r);
		fflush(stdout);
		return 0;
	}
	f = fopen(j, "w");
	if (!f)
		return -errno;
	print_json(f, r);
	if (fclose(f))
		return -errno;
	return 0;
}

/* The p50 of the samples a round added to a set (from index `from`). */
static double round_p50(const struct bench_samples *s, size_t from)
{
	struct bench_samples r;
	double v;

	bench_samples_init(&r);
	for (; from < s->n; from++)
		bench_samples_add(&r, s->v[from]);
	v = bench_percentile(&r, 50);
	bench_samples_free(&r);
	return v;
}

int bench_latency_paths(struct bench_path *paths, size_t n, size_t round_trips)
{
	struct bench_samples junk, *all;
	size_t warm = round_trips / 10 + 1, k, i, r, nr = 0;
	size_t per = round_trips / BENCH_ROUNDS;
	/* Per round: where each path's samples start in all[k], and the
	 * baseline's p50 in that round.
	 */
	size_t start[BENCH_MAX_ROUNDS][8];
	double base[BENCH_MAX_ROUNDS], med = 0;
	int ret = 0, keep[BENCH_MAX_ROUNDS];
	size_t accepted = 0;

	if (n > 8)
		return -EINVAL;
	all = calloc(n, sizeof(*all));
	if (!all)
		return -ENOMEM;
	bench_samples_init(&junk);
	for (k = 0; k < n; k++) {
		bench_samples_init(&paths[k].hops);
		bench_samples_init(&all[k]);
		paths[k].rounds = paths[k].rejected = 0;
	}
	for (k = 0; k < n && !ret; k++)
		ret = bench_pingpong(paths[k].ops, paths[k].ctx, warm, &junk);
	/*
	 * Rounds until BENCH_ROUNDS of them have a baseline (paths[0]) p50
	 * within 20% of the median of every round's: a round in which the
	 * machine's load moved the baseline is set aside, and another run.
	 */
	while (!ret && accepted < BENCH_ROUNDS && nr < g_max_rounds) {
		for (k = 0; k < n && !ret; k++) {
			start[nr][k] = all[k].n;
			ret = bench_pingpong(paths[k].ops, paths[k].ctx, per,
					     &all[k]);
		}
		if (ret)
			break;
		base[nr] = round_p50(&all[0], start[nr][0]);
		nr++;
		{
			struct bench_samples m;

			bench_samples_init(&m);
			for (r = 0; r < nr; r++)
				bench_samples_add(&m, (uint64_t)base[r]);
			med = bench_percentile(&m, 50);
			bench_samples_free(&m);
		}
		for (accepted = 0, r = 0; r < nr; r++) {
			keep[r] = fabs(base[r] - med) <= 0.2 * med;
			accepted += (size_t)keep[r];
		}
	}
	if (!ret && !accepted) {
		/* No round near the median (a few, spread wide): all kept. */
		for (r = 0; r < nr; r++)
			keep[r] = 1;
		accepted = nr;
	}
	for (k = 0; k < n && !ret; k++) {
		for (r = 0; r < nr; r++) {
			size_t end = r + 1 < nr ? start[r + 1][k] : all[k].n;

			if (!keep[r])
				continue;
			for (i = start[r][k]; i < end; i++)
				bench_samples_add(&paths[k].hops, all[k].v[i]);
		}
		paths[k].rounds = accepted;
		paths[k].rejected = nr - accepted;
	}
	for (k = 0; k < n; k++)
		bench_samples_free(&all[k]);
	free(all);
	bench_samples_free(&junk);
	return ret;
}

void bench_latency_rows(struct bench_report *r, struct bench_path *path,
			struct bench_path *base, double p50_max, double p99_max)
{
	char m[64], bm[64];

	snprintf(m, sizeof(m), "%s p50", path->name);
	snprintf(bm, sizeof(bm), "%s p50", base->name);
	snprintf(bench_row(r, m, "us", bench_percentile(&path->hops, 50) / 1e3,
			   bm, bench_percentile(&base->hops, 50) / 1e3,
			   isnan(p50_max) ? BENCH_INFO : BENCH_RATIO_MAX,
			   p50_max)
			 ->note,
		 sizeof(r->rows[0].note),
		 "%zu hops each, one-way: ring -> wake -> read; %zu rounds, "
		 "%zu rejected (baseline p50 moved > 20%%)",
		 path->hops.n, path->rounds, path->rejected);
	snprintf(m, sizeof(m), "%s p99", path->name);
	snprintf(bm, sizeof(bm), "%s p99", base->name);
	bench_row(r, m, "us", bench_percentile(&path->hops, 99) / 1e3, bm,
		  bench_percentile(&base->hops, 99) / 1e3,
		  isnan(p99_max) ? BENCH_INFO : BENCH_RATIO_MAX, p99_max);
}

int bench_compare_latency(struct bench_report *r, const char *name,
			  const struct bench_pingpong_ops *ops, void *ctx,
			  const char *base_name,
			  const struct bench_pingpong_ops *base_ops,
			  void *base_ctx, size_t round_trips, double p50_max,
			  double p99_max)
{
	struct bench_path p[2] = {
		{ .name = base_name, .ops = base_ops, .ctx = base_ctx },
		{ .name = name, .ops = ops, .ctx = ctx },
	};
	int ret = bench_latency_paths(p, 2, round_trips);

	if (!ret)
		bench_latency_rows(r, &p[1], &p[0], p50_max, p99_max);
	bench_samples_free(&p[0].hops);
	bench_samples_free(&p[1].hops);
	return ret;
}

/* ---- background load -------------------------------------------------------- */

static void *load_run(void *arg)
{
	struct bench_load *l = arg;
	uint64_t now, next;
	struct timespec ts;
	int ret;

	while (!atomic_load(&l->stop)) {
		now = bench_now_ns();
		while ((double)l->rings <
		       (double)(now - l->t0) * l->rate / 1e9) {
			ret = l->ring(l->ctx);
			if (ret < 0) {
				l->err = ret;
				return NULL;
			}
			l->rings++;
		}
		next = l->t0 +
		       (uint64_t)((double)(l->rings + 1) * 1e9 / l->rate);
		now = bench_now_ns();
		if (next > now) {
			uint64_t d = next - now;

			if (d > 1000000)
				d = 1000000;
			ts.tv_sec = 0;
			ts.tv_nsec = (long)d;
			nanosleep(&ts, NULL);
		}
	}
	return NULL;
}

int bench_load_start(struct bench_load *l)
{
	atomic_store(&l->stop, 0);
	l->rings = 0;
	l->err = 0;
	l->t0 = bench_now_ns();
	return -pthread_create(&l->thread, NULL, load_run, l);
}

double bench_load_stop(struct bench_load *l)
{
	atomic_store(&l->stop, 1);
	pthread_join(l->thread, NULL);
	l->t1 = bench_now_ns();
	if (l->err)
		return l->err;
	return (double)l->rings * 1e9 / (double)(l->t1 - l->t0);
}

int bench_latency_under_load(struct bench_report *r, const char *name,
			     const struct bench_pingpong_ops *ops, void *ctx,
			     const struct bench_pingpong_ops *base_ops,
			     void *base_ctx, int (*ring)(void *),
			     void *ring_ctx, const double *rates, size_t nrates,
			     size_t round_trips, double p99_max)
{
	struct bench_load l;
	struct bench_row *row;
	size_t i;
	int ret = 0;

	for (i = 0; i < nrates && !ret; i++) {
		struct bench_path p[2] = {
			{ .name = "eventfd", .ops = base_ops, .ctx = base_ctx },
			{ .name = name, .ops = ops, .ctx = ctx },
		};
		char m[64], bm[40];
		double got;

		memset(&l, 0, sizeof(l));
		l.ring = ring;
		l.ctx = ring_ctx;
		l.rate = rates[i];
		ret = bench_load_start(&l);
		if (ret)
			break;
		ret = bench_latency_paths(p, 2, round_trips);
		got = bench_load_stop(&l);
		if (!ret && got < 0)
			ret = (int)got;
		if (!ret) {
			snprintf(m, sizeof(m), "%s p99 @ %.0fk rings/s", name,
				 rates[i] / 1e3);
			snprintf(bm, sizeof(bm), "eventfd p99, same load");
			row = bench_row(
				r, m, "us",
				bench_percentile(&p[1].hops, 99) / 1e3, bm,
				bench_percentile(&p[0].hops, 99) / 1e3,
				isnan(p99_max) ? BENCH_INFO : BENCH_RATIO_MAX,
				p99_max);
			snprintf(row->note, sizeof(row->note),
				 "load %.0f rings/s reached (another ID, "
				 "another fd); p50 %.1f us, eventfd's %.1f "
				 "us; %zu rounds, %zu rejected",
				 got, bench_percentile(&p[1].hops, 50) / 1e3,
				 bench_percentile(&p[0].hops, 50) / 1e3,
				 p[1].rounds, p[1].rejected);
		}
		bench_samples_free(&p[0].hops);
		bench_samples_free(&p[1].hops);
	}
	return ret;
}
