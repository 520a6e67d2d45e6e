// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * bench-device: /dev/ffa-notif (ffa_notif.ko backend=sim) through raw
 * syscalls, as root (SIM_RING needs CAP_SYS_ADMIN).  scripts/bench.sh runs
 * it inside the booted-kernel harness (tests/vm/run.sh, VMTEST_BENCH=1).
 *
 *  - latency: a simulated partition rings (FFA_NOTIF_IOC_SIM_RING: the
 *    module's SPMC model sets the notification and raises the SRI, whose
 *    irq_work queues the worker that runs INFO_GET and GET and hands the
 *    bits to the hub, which wakes the file's wait queue), the other
 *    thread's epoll_wait() wakes and it read()s the record; p50 and p99 of
 *    that hop beside an eventfd ping-pong between two threads of the same
 *    process and run;
 *  - FFA_NOTIF_IOC_SET (to the echo partition, which sets the ID back to
 *    this file) beside a null ioctl on the same fd: an ioctl number of the
 *    driver's magic that the module's handler answers ENOTTY before any
 *    work (the floor of an ioctl on this fd: syscall, fd lookup, dispatch
 *    to the driver);
 *  - the same under a background load of SIM_RINGs of another fd's ID at
 *    1k, 10k and 100k rings/s, beside eventfd's under the same load;
 *  - SIM_RING beside the null ioctl too; both SET and SIM_RING also
 *    "not coalesced": each call timed alone, its record read before the
 *    next;
 *  - read() cost per record in batches of 1, 8 and 64 queued records;
 *  - events per second through one fd with batch reads (64 records a
 *    read): a producer thread rings the doorbell on one global ID and one
 *    per-vCPU ID on every vCPU (each (sender, vCPU) queues as a record of
 *    its own), while this thread reads.
 *
 * Without the device (a build machine) it says so and exits 77.
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
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/ffa_notif.h>

#include "bench.h"

#define DEV_PATH "/dev/ffa-notif"
#define ECHO 0x8001
#define DOORBELL 0x8003
#define BIT(n) (1ULL << (n))
#define NULL_IOCTL _IO(FFA_NOTIF_IOC_MAGIC, 0x1f)

static int dev_open(void)
{
	int fd = open(DEV_PATH, O_RDWR | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		bench_die("open " DEV_PATH, errno);
	return fd;
}

static int do_bind(int fd, uint32_t sender, uint64_t ids, uint64_t flags)
{
	struct ffa_notif_binding b;

	memset(&b, 0, sizeof(b));
	b.sender = sender;
	b.notifications = ids;
	b.flags = flags;
	return ioctl(fd, FFA_NOTIF_IOC_BIND, &b) ? -errno : 0;
}

static int do_ring(int fd, uint32_t sender, uint64_t ids, int per_vcpu,
		   uint32_t vcpu)
{
	struct ffa_notif_sim_ring r;

	memset(&r, 0, sizeof(r));
	r.sender = sender;
	r.notifications = ids;
	r.flags = per_vcpu ? FFA_NOTIF_FLAG_PER_VCPU : 0;
	r.vcpu = vcpu;
	return ioctl(fd, FFA_NOTIF_IOC_SIM_RING, &r) ? -errno : 0;
}

/* Take what is queued: records read, 0 if none, -errno. */
static int take(int fd, struct ffa_notif_event *ev, int max)
{
	ssize_t n = read(fd, ev, (size_t)max * sizeof(*ev));

	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	return (int)(n / (ssize_t)sizeof(*ev));
}

/* ---- latency -------------------------------------------------------------- */

/*
 * Besides the hop, its two parts, from the record's timestamp (taken by
 * the hub when it queued the record): ring -> queued (SIM_RING, the SRI's
 * irq_work and worker, INFO_GET, GET, the hub) and queued -> read (the
 * wake-up, epoll_wait, read).  Each side writes only its own sets.
 */
struct dev_pp {
	int fd[2], ep[2];
	unsigned int id[2];
	_Atomic uint64_t t_ring[2];
	struct bench_samples queued[2], woken[2];
};

static int dev_ring(void *ctx, int side)
{
	struct dev_pp *p = ctx;

	atomic_store(&p->t_ring[side], bench_now_ns());
	return do_ring(p->fd[side], DOORBELL, BIT(p->id[!side]), 0, 0);
}

static int dev_wait(void *ctx, int side)
{
	struct dev_pp *p = ctx;
	struct ffa_notif_event ev[64];
	int n;

	for (;;) {
		n = bench_epoll_wait(p->ep[side], BENCH_WAIT_MS);
		if (n < 0)
			return n;
		n = take(p->fd[side], ev, 64);
		if (n < 0)
			return n;
		if (n > 0) {
			uint64_t t = bench_now_ns(), t0;

			t0 = atomic_load(&p->t_ring[!side]);
			if (ev[0].timestamp_ns >= t0 &&
			    ev[0].timestamp_ns <= t) {
				bench_samples_add(&p->queued[side],
						  ev[0].timestamp_ns - t0);
				bench_samples_add(&p->woken[side],
						  t - ev[0].timestamp_ns);
			}
			return 0;
		}
	}
}

static const struct bench_pingpong_ops dev_pp_ops = {
	.ring = dev_ring,
	.wait = dev_wait,
};

/* ---- SET beside the null ioctl ------------------------------------------- */

/* Nanoseconds a call, over one batch of n calls. */
static double batch_ns(int fd, unsigned long cmd, void *arg, int want_errno,
		       size_t n)
{
	uint64_t t0 = bench_now_ns();
	size_t i;

	for (i = 0; i < n; i++) {
		int ret = ioctl(fd, cmd, arg) ? errno : 0;

		if (ret != want_errno)
			bench_die(cmd == NULL_IOCTL ? "null ioctl" : "ioctl",
				  ret ? ret : EPROTO);
	}
	return (double)(bench_now_ns() - t0) / (double)n;
}

/*
 * Each call timed on its own (the clock's cost is in the null ioctl's
 * figure too), and with ep >= 0 its record waited for and read before the
 * next call, untimed: no call finds its record still queued.  Median ns.
 */
static double single_ns(int fd, unsigned long cmd, void *arg, int want_errno,
			int ep, size_t n, size_t *merged)
{
	struct ffa_notif_event ev[4];
	struct bench_samples s;
	uint64_t t0, t1;
	double med;
	size_t i;
	int ret;

	bench_samples_init(&s);
	for (i = 0; i < n; i++) {
		t0 = bench_now_ns();
		ret = ioctl(fd, cmd, arg) ? errno : 0;
		t1 = bench_now_ns();
		if (ret != want_errno)
			bench_die("ioctl", ret ? ret : EPROTO);
		bench_samples_add(&s, t1 - t0);
		if (ep < 0)
			continue;
		/* A bit still pending in the model from an earlier call
		 * merges this one's into it (FF-A's notifications are a
		 * bitmap): counted, not waited for.
		 */
		ret = bench_epoll_wait(ep, 1000);
		if (ret == -ETIMEDOUT && ++*merged <= n / 10 + 1)
			continue;
		if (ret)
			bench_die("epoll_wait (not coalesced)", -ret);
		while (take(fd, ev, 4) > 0)
			;
	}
	med = bench_percentile(&s, 50);
	bench_samples_free(&s);
	return med;
}

static void bench_ioctls(struct bench_report *r, int quick)
{
	struct ffa_notif_set_req set, set_quiet;
	struct ffa_notif_stats st;
	struct bench_samples s_set, s_null, s_stats, s_set_quiet, s_ring;
	struct ffa_notif_sim_ring ring;
	double null1, set1, ring1;
	size_t merged = 0;
	int ep;
	size_t batch = quick ? 200 : 2000, batches = quick ? 6 : 30, i;
	size_t singles = quick ? 50 : 4000;
	struct bench_row *row;
	int fd = dev_open(), ret;

	/* The echo sets the ID back to this file: one record, coalesced. */
	ret = do_bind(fd, ECHO, BIT(20), 0);
	if (ret)
		bench_die("bind", -ret);
	memset(&set, 0, sizeof(set));
	set.receiver = ECHO;
	set.notifications = BIT(20);
	bench_samples_init(&s_set);
	bench_samples_init(&s_null);
	bench_samples_init(&s_stats);
	bench_samples_init(&s_set_quiet);
	/* ID 21 is bound by nobody here: the echo partition still gets the
	 * SET (and the SRI is still raised so that it is run), but its SET
	 * back is refused, so nothing is delivered.
	 */
	set_quiet = set;
	set_quiet.notifications = BIT(21);
	/* Warm-up, then batches in turn. */
	batch_ns(fd, NULL_IOCTL, &st, ENOTTY, batch);
	batch_ns(fd, FFA_NOTIF_IOC_SET, &set, 0, batch);
	for (i = 0; i < batches; i++) {
		bench_samples_add(
			&s_null,
			(uint64_t)batch_ns(fd, NULL_IOCTL, &st, ENOTTY, batch));
		bench_samples_add(&s_set,
				  (uint64_t)batch_ns(fd, FFA_NOTIF_IOC_SET,
						     &set, 0, batch));
		bench_samples_add(&s_set_quiet,
				  (uint64_t)batch_ns(fd, FFA_NOTIF_IOC_SET,
						     &set_quiet, 0, batch));
		bench_samples_add(&s_stats, (uint64_t)batch_ns(
						    fd, FFA_NOTIF_IOC_GET_STATS,
						    &st, 0, batch));
	}
	row = bench_row(r, "SET ioctl (to echo, coalesced)", "ns",
			bench_percentile(&s_set, 50), "null ioctl (ENOTTY)",
			bench_percentile(&s_null, 50), BENCH_RATIO_MAX, 2);
	snprintf(row->note, sizeof(row->note),
		 "median of %zu batches of %zu calls; null = _IO(0xF5, 0x1f), "
		 "answered ENOTTY by the module",
		 batches, batch);
	row = bench_row(r, "  SET, echo refused (ID unbound)", "ns",
			bench_percentile(&s_set_quiet, 50),
			"null ioctl (ENOTTY)", bench_percentile(&s_null, 50),
			BENCH_INFO, 0);
	snprintf(row->note, sizeof(row->note),
		 "the SET still pends at the echo partition and raises the "
		 "SRI; only the delivery back to this file is saved");
	bench_row(r, "GET_STATS ioctl", "ns", bench_percentile(&s_stats, 50),
		  "null ioctl (ENOTTY)", bench_percentile(&s_null, 50),
		  BENCH_INFO, 0);
	bench_samples_free(&s_set);
	bench_samples_free(&s_null);
	bench_samples_free(&s_stats);
	bench_samples_free(&s_set_quiet);

	/* SIM_RING of an ID of this fd, its record never read. */
	ret = do_bind(fd, DOORBELL, BIT(22), 0);
	if (ret)
		bench_die("bind", -ret);
	memset(&ring, 0, sizeof(ring));
	ring.sender = DOORBELL;
	ring.notifications = BIT(22);
	bench_samples_init(&s_ring);
	bench_samples_init(&s_null);
	batch_ns(fd, FFA_NOTIF_IOC_SIM_RING, &ring, 0, batch);
	for (i = 0; i < batches; i++) {
		bench_samples_add(
			&s_null,
			(uint64_t)batch_ns(fd, NULL_IOCTL, &st, ENOTTY, batch));
		bench_samples_add(&s_ring,
				  (uint64_t)batch_ns(fd, FFA_NOTIF_IOC_SIM_RING,
						     &ring, 0, batch));
	}
	row = bench_row(r, "SIM_RING ioctl (coalesced)", "ns",
			bench_percentile(&s_ring, 50), "null ioctl (ENOTTY)",
			bench_percentile(&s_null, 50), BENCH_RATIO_MAX, 2);
	snprintf(row->note, sizeof(row->note),
		 "batches as SET's; its record stays unread: every ring "
		 "after the first coalesces into it");
	bench_samples_free(&s_ring);
	bench_samples_free(&s_null);
	close(fd);

	/* Not coalesced: each call's record read before the next. */
	fd = dev_open();
	ep = bench_epoll_for(fd);
	if (ep < 0)
		bench_die("epoll", -ep);
	/* IDs of their own: nothing left pending from the batches above. */
	ret = do_bind(fd, ECHO, BIT(24), 0);
	if (!ret)
		ret = do_bind(fd, DOORBELL, BIT(25), 0);
	if (ret)
		bench_die("bind", -ret);
	set.notifications = BIT(24);
	ring.notifications = BIT(25);
	single_ns(fd, FFA_NOTIF_IOC_SET, &set, 0, ep, singles / 10, &merged);
	merged = 0;
	null1 = single_ns(fd, NULL_IOCTL, &st, ENOTTY, -1, singles, &merged);
	set1 = single_ns(fd, FFA_NOTIF_IOC_SET, &set, 0, ep, singles, &merged);
	ring1 = single_ns(fd, FFA_NOTIF_IOC_SIM_RING, &ring, 0, ep, singles,
			  &merged);
	row = bench_row(r, "SET ioctl, not coalesced", "ns", set1,
			"null ioctl, one timed", null1, BENCH_RATIO_MAX, 2);
	snprintf(row->note, sizeof(row->note),
		 "median of %zu calls each timed alone, its record read "
		 "before the next (untimed); %zu merged at the model",
		 singles, merged);
	bench_row(r, "SIM_RING ioctl, not coalesced", "ns", ring1,
		  "null ioctl, one timed", null1, BENCH_RATIO_MAX, 2);
	close(ep);
	close(fd);
}

/* ---- latency under load ---------------------------------------------------- */

static int load_ring(void *ctx)
{
	return do_ring(*(int *)ctx, DOORBELL, BIT(3), 0, 0);
}

/* p99 while another fd's ID 3 is rung at 1k, 10k and 100k rings/s. */
static void load_rows(struct bench_report *r, struct dev_pp *pp,
		      struct bench_fdpair *efd, int quick)
{
	static const double rates[] = { 1e3, 1e4, 1e5 };
	int fd = dev_open(), ret;

	/* Never read: each ring after the first is coalesced, but pends
	 * in the model, raises the SRI and runs the worker all the same.
	 */
	ret = do_bind(fd, DOORBELL, BIT(3), 0);
	if (ret)
		bench_die("bind", -ret);
	ret = bench_latency_under_load(r, "device", &dev_pp_ops, pp,
				       &bench_fdpair_ops, efd, load_ring, &fd,
				       rates, 3, quick ? 100 : 4000, 2.0);
	if (ret)
		bench_die("latency under load", -ret);
	close(fd);
}

/* ---- read cost per record -------------------------------------------------- */

/*
 * read() of a batch of k records (k = 1, 8, 64): k distinct (sender,
 * vCPU) rung (the global ID 14, then the per-vCPU ID 15 on vCPUs 0..k-2),
 * waited for until GET_STATS shows them all queued, then one read()
 * timed; the median over the repetitions, divided by k.
 */
static void bench_read_batches(struct bench_report *r, int quick,
			       const struct ffa_notif_info *info)
{
	static const unsigned int ks[] = { 1, 8, 64 };
	struct ffa_notif_event ev[64];
	struct ffa_notif_stats st;
	struct bench_samples s;
	struct bench_row *row;
	size_t reps = quick ? 20 : 200, i, j;
	int fd = dev_open(), ret;
	char m[64];
	uint64_t t0;
	ssize_t n;

	ret = do_bind(fd, DOORBELL, BIT(14), 0);
	if (!ret)
		ret = do_bind(fd, DOORBELL, BIT(15), FFA_NOTIF_FLAG_PER_VCPU);
	if (ret)
		bench_die("bind", -ret);
	for (j = 0; j < sizeof(ks) / sizeof(ks[0]); j++) {
		unsigned int k = ks[j], v;

		if (k > info->vcpu_count + 1 || k > info->queue_depth)
			break;
		bench_samples_init(&s);
		for (i = 0; i < reps + 1; i++) {
			ret = do_ring(fd, DOORBELL, BIT(14), 0, 0);
			for (v = 0; v + 1 < k && !ret; v++)
				ret = do_ring(fd, DOORBELL, BIT(15), 1, v);
			if (ret)
				bench_die("SIM_RING", -ret);
			t0 = bench_now_ns();
			for (;;) {
				if (ioctl(fd, FFA_NOTIF_IOC_GET_STATS, &st))
					bench_die("GET_STATS", errno);
				if (st.events - st.read >= k)
					break;
				if (bench_now_ns() - t0 >
				    BENCH_WAIT_MS * 1000000ULL)
					bench_die("batch", ETIMEDOUT);
				sched_yield();
			}
			t0 = bench_now_ns();
			n = read(fd, ev, sizeof(ev));
			t0 = bench_now_ns() - t0;
			if (n != (ssize_t)(k * sizeof(ev[0])))
				bench_die("read of a batch",
					  n < 0 ? errno : EPROTO);
			if (i) /* the first is a warm-up */
				bench_samples_add(&s, t0);
		}
		snprintf(m, sizeof(m), "read() per record, batch of %u", k);
		row = bench_row(r, m, "ns", bench_percentile(&s, 50) / k, NULL,
				0, k == 64 ? BENCH_MAX : BENCH_INFO, 100);
		snprintf(row->note, sizeof(row->note),
			 "median of %zu reads of %u queued records: %.0f ns "
			 "a read; p99 %.0f ns",
			 reps, k, bench_percentile(&s, 50),
			 bench_percentile(&s, 99));
		bench_samples_free(&s);
	}
	close(fd);
}

/* ---- events per second ------------------------------------------------------ */

/* The producer's ring: ID 12, or ID 13 per vCPU, through its own fd. */
static int produce_ring(void *ctx, unsigned int k, int *err)
{
	int fd = *(int *)ctx;

	*err = -(k == 0 ? do_ring(fd, DOORBELL, BIT(12), 0, 0)
			: do_ring(fd, DOORBELL, BIT(13), 1, k - 1));
	return *err ? -1 : 0;
}

/*
 * Rings cycle over `pairs` (sender, vCPU): 1 is the global ID alone, so
 * every read finds one record; more let records queue side by side.
 */
static void bench_events(struct bench_report *r, int quick, unsigned int pairs,
			 int target)
{
	struct ffa_notif_event ev[64];
	struct ffa_notif_stats st;
	struct bench_producer pr;
	struct bench_row *row;
	char name[64];
	uint64_t t0, t_read, last = 0, records = 0, reads = 0, read_ns = 0;
	int c = dev_open(), ep, ret, n, pr_fd;
	pthread_t t;

	memset(&pr, 0, sizeof(pr));
	pr_fd = dev_open();
	pr.ring = produce_ring;
	pr.ctx = &pr_fd;
	pr.vcpus = pairs - 1;
	ret = do_bind(c, DOORBELL, BIT(12), 0);
	if (!ret)
		ret = do_bind(c, DOORBELL, BIT(13), FFA_NOTIF_FLAG_PER_VCPU);
	if (ret)
		bench_die("bind", -ret);
	ep = bench_epoll_for(c);
	if (ep < 0)
		bench_die("epoll", -ep);
	t0 = bench_now_ns();
	pr.deadline = t0 + (quick ? 500000000ULL : 3000000000ULL);
	ret = pthread_create(&t, NULL, bench_produce, &pr);
	if (ret)
		bench_die("pthread_create", ret);
	bench_pin_cpu(1);
	for (;;) {
		int done = atomic_load(&pr.done);

		ret = bench_epoll_wait(ep, done ? 0 : 100);
		if (ret == -ETIMEDOUT) {
			if (done)
				break;
			if (bench_now_ns() - (last ? last : t0) >
			    BENCH_WAIT_MS * 1000000ULL)
				bench_die("events", ETIMEDOUT);
			continue;
		}
		if (ret < 0)
			bench_die("epoll_wait", -ret);
		t_read = bench_now_ns();
		n = take(c, ev, 64);
		read_ns += bench_now_ns() - t_read;
		if (n < 0)
			bench_die("read", -n);
		if (n) {
			last = bench_now_ns();
			records += (uint64_t)n;
			reads++;
		}
	}
	pthread_join(t, NULL);
	bench_pin_cpu(-1);
	if (pr.err)
		bench_die("SIM_RING", pr.err);
	if (ioctl(c, FFA_NOTIF_IOC_GET_STATS, &st))
		bench_die("GET_STATS", errno);
	snprintf(name, sizeof(name), "device events/s, %u record%s", pairs,
		 pairs > 1 ? "s queued" : "");
	row = bench_row(r, name, "ev/s",
			(double)records * 1e9 / (double)(last - t0), NULL, 0,
			target ? BENCH_MIN : BENCH_INFO, 1e6);
	snprintf(row->note, sizeof(row->note),
		 "%.0f rings/s over %u (sender, vCPU); %.2f records/read, "
		 "%.0f ns/record in read(); %llu coalesced, %llu dropped",
		 (double)pr.rings * 1e9 / (double)(last - t0), pr.vcpus + 1,
		 reads ? (double)records / (double)reads : 0,
		 records ? (double)read_ns / (double)records : 0,
		 (unsigned long long)st.coalesced,
		 (unsigned long long)st.dropped);
	close(ep);
	close(pr_fd);
	close(c);
}

int main(int argc, char **argv)
{
	struct ffa_notif_info info;
	struct bench_opts o;
	struct bench_report r;
	struct bench_samples parts[2];
	struct bench_fdpair efd;
	struct dev_pp pp;
	int s, ret;

	if (bench_parse(&o, argc, argv, NULL) != argc) {
		fprintf(stderr, "%s: unknown argument (see --help)\n",
			o.program);
		return 2;
	}
	if (access(DEV_PATH, F_OK) != 0) {
		fprintf(stderr,
			"%s: no %s (load ffa_notif.ko backend=sim): "
			"skipped\n",
			o.program, DEV_PATH);
		return 77;
	}
	bench_report_init(&r, &o, "/dev/ffa-notif (ffa_notif.ko backend=sim)");
	s = dev_open();
	memset(&info, 0, sizeof(info));
	if (ioctl(s, FFA_NOTIF_IOC_GET_INFO, &info))
		bench_die("GET_INFO", errno);
	close(s);
	if (info.backend != FFA_NOTIF_BACKEND_SIM ||
	    !(info.features & FFA_NOTIF_FEAT_SIM_RING))
		bench_die("the module's backend is not sim", EOPNOTSUPP);

	ret = bench_fdpair_eventfd(&efd);
	if (ret)
		bench_die("eventfd", -ret);
	memset(&pp, 0, sizeof(pp));
	pp.id[0] = 1;
	pp.id[1] = 2;
	for (s = 0; s < 2; s++) {
		bench_samples_init(&pp.queued[s]);
		bench_samples_init(&pp.woken[s]);
		pp.fd[s] = dev_open();
		ret = do_bind(pp.fd[s], DOORBELL, BIT(pp.id[s]), 0);
		if (ret)
			bench_die("bind", -ret);
		pp.ep[s] = bench_epoll_for(pp.fd[s]);
		if (pp.ep[s] < 0)
			bench_die("epoll", -pp.ep[s]);
	}
	ret = bench_compare_latency(&r, "device ring->epoll->read", &dev_pp_ops,
				    &pp, "eventfd ping-pong", &bench_fdpair_ops,
				    &efd, o.quick ? 1000 : 10000, 1.2, 2.0);
	if (ret)
		bench_die("latency", -ret);
	bench_samples_init(&parts[0]);
	bench_samples_init(&parts[1]);
	for (s = 0; s < 2; s++) {
		size_t i;

		for (i = 0; i < pp.queued[s].n; i++)
			bench_samples_add(&parts[0], pp.queued[s].v[i]);
		for (i = 0; i < pp.woken[s].n; i++)
			bench_samples_add(&parts[1], pp.woken[s].v[i]);
		bench_samples_free(&pp.queued[s]);
		bench_samples_free(&pp.woken[s]);
		bench_samples_init(&pp.queued[s]);
		bench_samples_init(&pp.woken[s]);
	}
	bench_part_row(&r, "  part: ring->queued p50", &parts[0],
		       "SIM_RING, SRI irq_work + worker, INFO_GET, GET, hub");
	bench_part_row(&r, "  part: queued->read p50", &parts[1],
		       "wake-up, epoll_wait, read");
	bench_samples_free(&parts[0]);
	bench_samples_free(&parts[1]);
	load_rows(&r, &pp, &efd, o.quick);
	for (s = 0; s < 2; s++) {
		bench_samples_free(&pp.queued[s]);
		bench_samples_free(&pp.woken[s]);
		close(pp.ep[s]);
		close(pp.fd[s]);
	}
	bench_fdpair_close(&efd);

	bench_ioctls(&r, o.quick);
	bench_read_batches(&r, o.quick, &info);
	/* One record per (sender, vCPU): at most the queue's depth. */
	bench_events(&r, o.quick, 1, 0);
	bench_events(&r, o.quick,
		     info.vcpu_count < info.queue_depth ? info.vcpu_count + 1
							: info.queue_depth,
		     1);

	ret = bench_report_print(&r);
	if (ret)
		bench_die("JSON", -ret);
	return 0;
}
