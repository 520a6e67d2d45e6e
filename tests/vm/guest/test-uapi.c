// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * /dev/ffa-notif through raw syscalls, in a guest with
 * `insmod ffa_notif.ko backend=sim`: every behaviour of
 * include/uapi/linux/ffa_notif.h.  GET_INFO; BIND, UNBIND, SET, SIM_RING
 * and GET_STATS; echo round trips through the simulated partitions,
 * global and per vCPU; read() (whole records, EINVAL, EAGAIN, blocking,
 * signals); poll and epoll; bad requests (EINVAL, nothing changed);
 * unknown ioctls (ENOTTY); ownership across files (EBUSY); release on
 * close; coalescing and overflow with exactly the counts protocol/ffp_hub.c
 * gives; per-file queue depth and timestamp clock (SET/GET_FILE_CONFIG);
 * fdinfo; SIM_RING needs the opener's CAP_SYS_ADMIN (else EPERM).
 *
 * Delivery is asynchronous (the sim backend's SRI goes through irq_work
 * and a workqueue): every wait is poll() or a GET_STATS loop with a
 * generous deadline, never a sleep that is assumed long enough.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <grp.h>
#include <linux/capability.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "guest.h"

static struct ffa_notif_info g_info;
static unsigned int g_vcpus; /* this endpoint's vCPUs (GET_INFO) */
static unsigned int g_echo_vcpus; /* vCPUs a per-vCPU echo can use */

/* Every file a test opens, closed by the teardown even if it fails. */
static int g_fds[32];
static int g_nfds;

static int tfd_open_flags(int flags)
{
	int fd = dev_open_flags(flags);

	assert_true(fd >= 0);
	assert_true(g_nfds < (int)(sizeof(g_fds) / sizeof(g_fds[0])));
	g_fds[g_nfds++] = fd;
	return fd;
}

static int tfd_open(void)
{
	return tfd_open_flags(0);
}

static void tfd_close(int fd)
{
	int i;

	for (i = 0; i < g_nfds; i++) {
		if (g_fds[i] == fd) {
			g_fds[i] = g_fds[--g_nfds];
			break;
		}
	}
	assert_int_equal(close(fd), 0);
}

static int teardown(void **state)
{
	(void)state;
	while (g_nfds)
		close(g_fds[--g_nfds]);
	return 0;
}

static int group_setup(void **state)
{
	int fd = dev_open_flags(0);

	(void)state;
	if (fd < 0) {
		fprintf(stderr, "test-uapi: no %s: is ffa_notif.ko loaded?\n",
			DEV_PATH);
		return -1;
	}
	if (get_info(fd, &g_info)) {
		fprintf(stderr, "test-uapi: GET_INFO: %s\n", strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	g_vcpus = g_info.vcpu_count;
	g_echo_vcpus = g_vcpus < ECHO_VCPUS ? g_vcpus : ECHO_VCPUS;
	return 0;
}

static struct ffa_notif_stats stats_of(int fd)
{
	struct ffa_notif_stats st;

	assert_int_equal(get_stats(fd, &st), 0);
	return st;
}

static uint64_t bound_of(int fd)
{
	return stats_of(fd).bound;
}

/* Wait until a GET_STATS counter reaches `want` (it must not pass it). */
static void wait_stat(int fd, size_t offset, uint64_t want)
{
	uint64_t deadline = now_ns() + WAIT_MS * 1000000ULL, v = 0;
	struct ffa_notif_stats st;

	for (;;) {
		assert_int_equal(get_stats(fd, &st), 0);
		memcpy(&v, (const char *)&st + offset, sizeof(v));
		if (v >= want)
			break;
		if (now_ns() > deadline)
			fail_msg("stats counter at offset %zu stayed %" PRIu64
				 ", waited for %" PRIu64,
				 offset, v, want);
		sleep_ms(1);
	}
	assert_true(v == want);
}

#define WAIT_STAT(fd, field, want) \
	wait_stat(fd, offsetof(struct ffa_notif_stats, field), want)

/* Wait for the events carrying `want`; returns how many were read. */
static int expect_bits(int fd, uint32_t sender, uint64_t want, int per_vcpu,
		       uint32_t vcpu, struct ffa_notif_event *out, int max)
{
	int n = 0, ret;

	ret = wait_bits(fd, sender, want, per_vcpu, vcpu, out, max, &n);
	if (ret)
		fail_msg("bits %#" PRIx64 " from %#x (vcpu %u) never came: %s",
			 want, sender, vcpu, strerror(-ret));
	return n;
}

/* Exactly one event, with these contents; returns it. */
static struct ffa_notif_event expect_one(int fd, uint32_t sender, uint64_t bits,
					 int per_vcpu, uint32_t vcpu,
					 uint64_t seqno)
{
	struct ffa_notif_event ev[8];
	int n = expect_bits(fd, sender, bits, per_vcpu, vcpu, ev, 8);

	assert_int_equal(n, 1);
	assert_int_equal(ev[0].sender, sender);
	assert_true(ev[0].notifications == bits);
	assert_int_equal(ev[0].flags, per_vcpu ? FFA_NOTIF_EVENT_PER_VCPU : 0);
	assert_int_equal(ev[0].vcpu, per_vcpu ? vcpu : 0);
	assert_int_equal(ev[0].dropped, 0);
	assert_true(ev[0].seqno == seqno);
	assert_true(event_clean(&ev[0]));
	return ev[0];
}

/* ---- GET_INFO ----------------------------------------------------------- */

static void test_info(void **state)
{
	struct ffa_notif_info info, again;
	int fd = tfd_open(), fd2 = tfd_open(), i;

	(void)state;
	assert_int_equal(get_info(fd, &info), 0);
	print_message("info: api %u ffa %#x features %#llx backend %u own_id "
		      "%#x vcpus %u max_ids %u depth %u sri %u\n",
		      info.api_version, info.ffa_version,
		      (unsigned long long)info.features, info.backend,
		      info.own_id, info.vcpu_count, info.max_ids,
		      info.queue_depth, info.sri_intid);
	assert_int_equal(info.api_version, FFA_NOTIF_API_VERSION);
	assert_int_equal(info.backend, FFA_NOTIF_BACKEND_SIM);
	/* The simulated SPMC speaks FF-A v1.1. */
	assert_int_equal(info.ffa_version, 0x10001);
	assert_true(info.features & FFA_NOTIF_FEAT_PER_VCPU);
	assert_true(info.features & FFA_NOTIF_FEAT_SIM_RING);
	assert_true(info.features & FFA_NOTIF_FEAT_STATS);
	assert_true(info.features & FFA_NOTIF_FEAT_SIM_INFO);
	assert_true(info.features & FFA_NOTIF_FEAT_FILE_CONFIG);
	assert_true((info.features &
		     ~(FFA_NOTIF_FEAT_PER_VCPU | FFA_NOTIF_FEAT_SIM_RING |
		       FFA_NOTIF_FEAT_STATS | FFA_NOTIF_FEAT_SIM_INFO |
		       FFA_NOTIF_FEAT_FILE_CONFIG)) == 0);
	/* The kernel without a hypervisor is FF-A endpoint 0. */
	assert_int_equal(info.own_id, 0);
	assert_true(info.vcpu_count >= 1 && info.vcpu_count <= 64);
	assert_int_equal(info.max_ids, FFA_NOTIF_MAX_IDS);
	assert_int_equal(info.queue_depth, FFA_NOTIF_QUEUE_DEPTH);
	for (i = 0; i < 5; i++)
		assert_true(info.reserved[i] == 0);
	/* The same for every file. */
	assert_int_equal(get_info(fd2, &again), 0);
	assert_memory_equal(&info, &again, sizeof(info));
}

/* ---- BIND / UNBIND / GET_STATS ---------------------------------------- */

static void test_bind_unbind_stats(void **state)
{
	int fd = tfd_open(), i;
	struct ffa_notif_stats st = stats_of(fd);

	(void)state;
	assert_true(st.bound == 0 && st.events == 0 && st.read == 0 &&
		    st.coalesced == 0 && st.dropped == 0);
	for (i = 0; i < 3; i++)
		assert_true(st.reserved[i] == 0);

	assert_int_equal(do_bind(fd, ECHO, 0x3, 0), 0);
	assert_true(bound_of(fd) == 0x3);
	assert_int_equal(do_bind(fd, ECHO_PERCPU, BIT(32) | BIT(33),
				 FFA_NOTIF_FLAG_PER_VCPU),
			 0);
	assert_int_equal(do_bind(fd, DOORBELL, BIT(50), 0), 0);
	assert_true(bound_of(fd) == (0x3 | BIT(32) | BIT(33) | BIT(50)));

	assert_int_equal(do_unbind(fd, ECHO, 0x1), 0);
	assert_true(bound_of(fd) == (0x2 | BIT(32) | BIT(33) | BIT(50)));
	/* Unbound in the firmware too: the partition may not ring it. */
	assert_int_equal(do_ring(fd, ECHO, 0x1, 0, 0), -EACCES);
	assert_int_equal(do_unbind(fd, ECHO_PERCPU, BIT(32) | BIT(33)), 0);
	assert_int_equal(do_unbind(fd, DOORBELL, BIT(50)), 0);
	assert_int_equal(do_unbind(fd, ECHO, 0x2), 0);
	st = stats_of(fd);
	assert_true(st.bound == 0 && st.events == 0 && st.read == 0);
	/* And it can be bound again, to another sender. */
	assert_int_equal(do_bind(fd, DOORBELL, 0x3, 0), 0);
	assert_true(bound_of(fd) == 0x3);
}

/* ---- echo round trips ---------------------------------------------------- */

static void test_echo_global(void **state)
{
	struct ffa_notif_event ev[8];
	struct ffa_notif_stats st;
	uint64_t t0, t1, all = 0;
	int fd = tfd_open(), n, i;

	(void)state;
	assert_int_equal(do_bind(fd, ECHO, BIT(3) | BIT(4), 0), 0);
	assert_int_equal(wait_readable(fd, 0), 0);
	t0 = now_ns();
	assert_int_equal(do_set(fd, ECHO, BIT(3) | BIT(4), 0, 0), 0);
	/* One echo SET with both bits; the module may hand them over one
	 * by one, so a reader can see them in one event or two.
	 */
	n = expect_bits(fd, ECHO, BIT(3) | BIT(4), 0, 0, ev, 8);
	t1 = now_ns();
	assert_true(n >= 1 && n <= 2);
	for (i = 0; i < n; i++) {
		assert_int_equal(ev[i].sender, ECHO);
		assert_true(ev[i].seqno == (uint64_t)i + 1);
		assert_int_equal(ev[i].flags, 0);
		assert_int_equal(ev[i].vcpu, 0);
		assert_int_equal(ev[i].dropped, 0);
		assert_true(event_clean(&ev[i]));
		assert_true(ev[i].timestamp_ns >= t0);
		assert_true(ev[i].timestamp_ns <= t1);
		assert_true((ev[i].notifications & all) == 0);
		all |= ev[i].notifications;
	}
	assert_true(all == (BIT(3) | BIT(4)));
	assert_int_equal(wait_readable(fd, 0), 0);
	st = stats_of(fd);
	assert_true(st.events == (uint64_t)n && st.read == (uint64_t)n);
	assert_true(st.coalesced == 0 && st.dropped == 0);

	/* Again: the next sequence number. */
	assert_int_equal(do_set(fd, ECHO, BIT(3), 0, 0), 0);
	expect_one(fd, ECHO, BIT(3), 0, 0, (uint64_t)n + 1);
}

static void test_echo_per_vcpu(void **state)
{
	int fd = tfd_open();
	uint32_t v;

	(void)state;
	assert_true(g_echo_vcpus >= 1);
	assert_int_equal(
		do_bind(fd, ECHO_PERCPU, BIT(33), FFA_NOTIF_FLAG_PER_VCPU), 0);
	for (v = 0; v < g_echo_vcpus; v++) {
		assert_int_equal(do_set(fd, ECHO_PERCPU, BIT(33), 1, v), 0);
		expect_one(fd, ECHO_PERCPU, BIT(33), 1, v, v + 1);
	}
	/* The partition has 4 vCPUs: the firmware refuses a fifth. */
	assert_int_equal(do_set(fd, ECHO_PERCPU, BIT(33), 1, ECHO_VCPUS),
			 -EINVAL);
	/* Global SET of an ID bound per vCPU: INVALID_PARAMETERS. */
	assert_int_equal(do_set(fd, ECHO_PERCPU, BIT(33), 0, 0), -EINVAL);
	assert_true(stats_of(fd).events == g_echo_vcpus);
}

static void test_sim_ring_doorbell(void **state)
{
	int fd = tfd_open();

	(void)state;
	assert_int_equal(do_bind(fd, DOORBELL, BIT(12), 0), 0);
	assert_int_equal(
		do_bind(fd, DOORBELL, BIT(13), FFA_NOTIF_FLAG_PER_VCPU), 0);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(12), 0, 0), 0);
	expect_one(fd, DOORBELL, BIT(12), 0, 0, 1);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(13), 1, g_vcpus - 1), 0);
	expect_one(fd, DOORBELL, BIT(13), 1, g_vcpus - 1, 2);
	/* Any partition can ring what is bound to it. */
	assert_int_equal(do_bind(fd, ECHO, BIT(14), 0), 0);
	assert_int_equal(do_ring(fd, ECHO, BIT(14), 0, 0), 0);
	expect_one(fd, ECHO, BIT(14), 0, 0, 3);
}

/* ---- read() ---------------------------------------------------------------- */

/* Three events with distinct keys, queued in this order. */
static void queue_three(int fd)
{
	assert_int_equal(do_bind(fd, DOORBELL, BIT(12), 0), 0);
	assert_int_equal(do_bind(fd, ECHO, BIT(3), 0), 0);
	assert_int_equal(
		do_bind(fd, DOORBELL, BIT(13), FFA_NOTIF_FLAG_PER_VCPU), 0);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(12), 0, 0), 0);
	WAIT_STAT(fd, events, 1);
	assert_int_equal(do_ring(fd, ECHO, BIT(3), 0, 0), 0);
	WAIT_STAT(fd, events, 2);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(13), 1, 0), 0);
	WAIT_STAT(fd, events, 3);
}

static void test_read_records(void **state)
{
	struct ffa_notif_event ev[5];
	int fd = tfd_open(), fl;
	char small[EV_SIZE];

	(void)state;
	queue_three(fd);
	/* Smaller than one record: EINVAL, nothing consumed. */
	errno = 0;
	assert_int_equal(read(fd, small, 0), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(read(fd, small, 1), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(read(fd, small, EV_SIZE - 1), -1);
	assert_int_equal(errno, EINVAL);
	assert_true(stats_of(fd).read == 0);
	assert_int_equal(wait_readable(fd, 0), 1);

	/* Whole records only: two and a bit of space give two. */
	assert_int_equal(read(fd, ev, 2 * EV_SIZE + EV_SIZE - 1), 2 * EV_SIZE);
	assert_true(ev[0].seqno == 1 && ev[1].seqno == 2);
	assert_int_equal(ev[0].sender, DOORBELL);
	assert_true(ev[0].notifications == BIT(12));
	assert_int_equal(ev[1].sender, ECHO);
	assert_true(ev[1].notifications == BIT(3));
	/* More room than records: what is there. */
	assert_int_equal(read(fd, ev, sizeof(ev)), EV_SIZE);
	assert_true(ev[0].seqno == 3);
	assert_int_equal(ev[0].flags, FFA_NOTIF_EVENT_PER_VCPU);
	assert_int_equal(ev[0].vcpu, 0);
	assert_true(ev[0].notifications == BIT(13));
	assert_true(stats_of(fd).read == 3);

	/* Empty and O_NONBLOCK (set later with fcntl): EAGAIN. */
	fl = fcntl(fd, F_GETFL);
	assert_true(fl >= 0);
	assert_int_equal(fcntl(fd, F_SETFL, fl | O_NONBLOCK), 0);
	errno = 0;
	assert_int_equal(read(fd, ev, sizeof(ev)), -1);
	assert_int_equal(errno, EAGAIN);
	/* EINVAL comes first for a short buffer, even when empty. */
	assert_int_equal(read(fd, small, 8), -1);
	assert_int_equal(errno, EINVAL);
	/* And a file opened O_NONBLOCK. */
	fd = tfd_open_flags(O_NONBLOCK);
	assert_int_equal(read(fd, ev, sizeof(ev)), -1);
	assert_int_equal(errno, EAGAIN);
}

struct reader {
	int fd;
	size_t len;
	int use_poll; /* poll() instead of read() */
	atomic_int started;
	atomic_int done;
	ssize_t ret;
	int err;
	struct ffa_notif_event ev[4];
};

static void *reader_main(void *arg)
{
	struct reader *r = arg;

	atomic_store(&r->started, 1);
	if (r->use_poll) {
		struct pollfd p = { .fd = r->fd,
				    .events = POLLIN | POLLRDNORM };

		r->ret = poll(&p, 1, WAIT_MS);
		r->err = r->ret < 0 ? errno : p.revents;
	} else {
		r->ret = read(r->fd, r->ev, r->len);
		r->err = r->ret < 0 ? errno : 0;
	}
	atomic_store(&r->done, 1);
	return NULL;
}

/* A thread blocked in read() or poll(); heap: it may outlive a failure. */
static struct reader *start_reader(pthread_t *t, int fd, size_t len,
				   int use_poll)
{
	struct reader *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->fd = fd;
	r->len = len;
	r->use_poll = use_poll;
	assert_int_equal(pthread_create(t, NULL, reader_main, r), 0);
	while (!atomic_load(&r->started))
		sched_yield();
	/* Most likely blocked by now; nothing depends on it. */
	sleep_ms(50);
	return r;
}

/* Join within the deadline: 0, or ETIMEDOUT (the thread is left). */
static int join_within(pthread_t t, int ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return pthread_timedjoin_np(t, NULL, &ts);
}

static void test_blocking_read_woken(void **state)
{
	int fd = tfd_open();
	struct reader *r;
	pthread_t t;

	(void)state;
	assert_int_equal(do_bind(fd, DOORBELL, BIT(5), 0), 0);
	/* read() blocks until something arrives. */
	r = start_reader(&t, fd, 4 * sizeof(struct ffa_notif_event), 0);
	assert_false(atomic_load(&r->done));
	assert_int_equal(do_ring(fd, DOORBELL, BIT(5), 0, 0), 0);
	if (join_within(t, WAIT_MS))
		fail_msg("a blocking read() was not woken by an arrival");
	assert_int_equal(r->ret, EV_SIZE);
	assert_true(r->ev[0].notifications == BIT(5));
	assert_true(r->ev[0].seqno == 1);
	free(r);

	/* So does poll(). */
	r = start_reader(&t, fd, 0, 1);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(5), 0, 0), 0);
	if (join_within(t, WAIT_MS))
		fail_msg("poll() was not woken by an arrival");
	assert_int_equal(r->ret, 1);
	assert_int_equal(r->err, POLLIN | POLLRDNORM);
	free(r);

	/* A buffer shorter than a record is EINVAL, without blocking. */
	assert_int_equal(read(fd, &(struct ffa_notif_event){ 0 }, EV_SIZE), 64);
	r = start_reader(&t, fd, 16, 0);
	if (join_within(t, WAIT_MS)) {
		do_ring(fd, DOORBELL, BIT(5), 0, 0);
		fail_msg("read() with a 16-byte buffer blocked");
	}
	assert_int_equal(r->ret, -1);
	assert_int_equal(r->err, EINVAL);
	free(r);
}

static void on_signal(int sig)
{
	(void)sig;
}

/* Signal the thread until it returns; 0, or ETIMEDOUT. */
static int signal_until_done(pthread_t t, struct reader *r)
{
	uint64_t deadline = now_ns() + WAIT_MS * 1000000ULL;

	while (!atomic_load(&r->done)) {
		if (now_ns() > deadline)
			return ETIMEDOUT;
		pthread_kill(t, SIGUSR1);
		sleep_ms(20);
	}
	return join_within(t, WAIT_MS);
}

static void test_blocking_read_signal(void **state)
{
	struct sigaction sa, old;
	int fd = tfd_open(), i;
	struct reader *r;
	pthread_t t;

	(void)state;
	assert_int_equal(do_bind(fd, DOORBELL, BIT(6), 0), 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* Without SA_RESTART, a signal ends the wait with EINTR. */
	assert_int_equal(sigaction(SIGUSR1, &sa, &old), 0);
	r = start_reader(&t, fd, sizeof(r->ev), 0);
	if (signal_until_done(t, r)) {
		do_ring(fd, DOORBELL, BIT(6), 0, 0);
		fail_msg("a signal did not interrupt a blocking read()");
	}
	assert_int_equal(r->ret, -1);
	assert_int_equal(r->err, EINTR);
	free(r);
	/* Nothing was consumed or lost by it. */
	assert_true(stats_of(fd).read == 0);

	/* With SA_RESTART: restarted (or EINTR), never stuck. */
	sa.sa_flags = SA_RESTART;
	assert_int_equal(sigaction(SIGUSR1, &sa, NULL), 0);
	r = start_reader(&t, fd, sizeof(r->ev), 0);
	for (i = 0; i < 5 && !atomic_load(&r->done); i++) {
		pthread_kill(t, SIGUSR1);
		sleep_ms(20);
	}
	assert_int_equal(do_ring(fd, DOORBELL, BIT(6), 0, 0), 0);
	if (signal_until_done(t, r))
		fail_msg("read() with SA_RESTART did not return");
	if (r->ret < 0) {
		assert_int_equal(r->err, EINTR);
	} else {
		assert_int_equal(r->ret, EV_SIZE);
		assert_true(r->ev[0].notifications == BIT(6));
	}
	free(r);
	assert_int_equal(sigaction(SIGUSR1, &old, NULL), 0);
}

/*
 * O_NONBLOCK is per open file: while one thread sleeps in read() on the
 * file, a non-blocking read() of another thread on the same file must not
 * wait for it (EAGAIN: nothing is queued).
 */
static void test_nonblocking_beside_blocked_reader(void **state)
{
	struct reader *a, *b;
	pthread_t ta, tb;
	int fd = tfd_open(), fl;

	(void)state;
	assert_int_equal(do_bind(fd, DOORBELL, BIT(4), 0), 0);
	a = start_reader(&ta, fd, sizeof(a->ev), 0);
	assert_false(atomic_load(&a->done));
	fl = fcntl(fd, F_GETFL);
	assert_int_equal(fcntl(fd, F_SETFL, fl | O_NONBLOCK), 0);
	b = start_reader(&tb, fd, sizeof(b->ev), 0);
	if (join_within(tb, WAIT_MS)) {
		/* Unblock both before failing: one event for A... */
		do_ring(fd, DOORBELL, BIT(4), 0, 0);
		join_within(ta, WAIT_MS);
		join_within(tb, WAIT_MS);
		fail_msg("a non-blocking read() slept while another thread "
			 "was blocked in read() on the same file");
	}
	assert_int_equal(b->ret, -1);
	assert_int_equal(b->err, EAGAIN);
	free(b);
	/* The sleeper still gets what arrives. */
	assert_int_equal(do_ring(fd, DOORBELL, BIT(4), 0, 0), 0);
	if (join_within(ta, WAIT_MS))
		fail_msg("the blocked read() was not woken");
	assert_int_equal(a->ret, EV_SIZE);
	assert_true(a->ev[0].notifications == BIT(4));
	free(a);
}

struct many_reader {
	int fd;
	atomic_int *total;
	atomic_int *stop;
	int n;
	uint64_t seq[256];
	int err;
};

static void *many_reader_main(void *arg)
{
	struct many_reader *r = arg;
	struct ffa_notif_event ev[3];
	ssize_t got;
	int i;

	while (!atomic_load(r->stop)) {
		got = read(r->fd, ev, sizeof(ev));
		if (got < 0) {
			if (errno == EAGAIN) {
				wait_readable(r->fd, 20);
				continue;
			}
			r->err = errno;
			return NULL;
		}
		if (got % EV_SIZE) {
			r->err = EPROTO;
			return NULL;
		}
		for (i = 0; i < got / EV_SIZE && r->n < 256; i++)
			r->seq[r->n++] = ev[i].seqno;
		atomic_fetch_add(r->total, (int)(got / EV_SIZE));
	}
	return NULL;
}

/*
 * Two threads reading one (non-blocking) file while events arrive in
 * bursts of distinct (sender, vCPU) keys: every record is read exactly
 * once.  A burst is read completely before the next, so that no key
 * repeats while its event is unread (that would coalesce).
 */
static void test_concurrent_readers(void **state)
{
	/* Static: the threads may outlive a failed assertion. */
	static struct many_reader r[2];
	static unsigned char seen[256];
	static atomic_int total, stop;
	int fd = tfd_open_flags(O_NONBLOCK), i, j, n = 0, bursts = 24;
	uint64_t deadline;
	pthread_t t[2];
	uint32_t v;

	(void)state;
	assert_int_equal(do_bind(fd, DOORBELL, BIT(1), 0), 0);
	assert_int_equal(do_bind(fd, DOORBELL, BIT(2), FFA_NOTIF_FLAG_PER_VCPU),
			 0);
	memset(r, 0, sizeof(r));
	memset(seen, 0, sizeof(seen));
	atomic_store(&total, 0);
	atomic_store(&stop, 0);
	for (i = 0; i < 2; i++) {
		r[i].fd = fd;
		r[i].total = &total;
		r[i].stop = &stop;
		assert_int_equal(
			pthread_create(&t[i], NULL, many_reader_main, &r[i]),
			0);
	}
	for (i = 0; i < bursts && n + (int)g_vcpus + 1 <= 200; i++) {
		for (v = 0; v <= g_vcpus; v++) {
			if (v == g_vcpus)
				assert_int_equal(
					do_ring(fd, DOORBELL, BIT(1), 0, 0), 0);
			else
				assert_int_equal(
					do_ring(fd, DOORBELL, BIT(2), 1, v), 0);
			WAIT_STAT(fd, events, (uint64_t)++n);
		}
		deadline = now_ns() + WAIT_MS * 1000000ULL;
		while (atomic_load(&total) < n && now_ns() < deadline)
			sleep_ms(1);
		if (atomic_load(&total) != n)
			break;
	}
	atomic_store(&stop, 1);
	for (i = 0; i < 2; i++)
		assert_int_equal(join_within(t[i], WAIT_MS), 0);
	print_message("%d records: %d read by one thread, %d by the other\n", n,
		      r[0].n, r[1].n);
	assert_int_equal(atomic_load(&total), n);
	for (i = 0; i < 2; i++) {
		assert_int_equal(r[i].err, 0);
		for (j = 0; j < r[i].n; j++) {
			assert_true(r[i].seq[j] >= 1 &&
				    r[i].seq[j] <= (uint64_t)n);
			assert_int_equal(seen[r[i].seq[j]], 0);
			seen[r[i].seq[j]] = 1;
		}
	}
	assert_int_equal(r[0].n + r[1].n, n);
	assert_true(stats_of(fd).read == (uint64_t)n);
	assert_true(stats_of(fd).dropped == 0);
	assert_true(stats_of(fd).coalesced == 0);
}

/*
 * Records taken from the queue but not given to the reader (its buffer
 * faults) are lost: "nothing is lost without being counted", so they are
 * counted like an overflow, in the stats and in the next record.
 */
static void test_read_fault_counted(void **state)
{
	struct ffa_notif_event ev[4];
	struct ffa_notif_stats st;
	int fd = tfd_open(), n;
	void *bad;

	(void)state;
	bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(bad != MAP_FAILED);
	/* One event with two bits (as in test_coalescing). */
	assert_int_equal(do_bind(fd, DOORBELL, BIT(3) | BIT(4), 0), 0);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(4), 0, 0), 0);
	WAIT_STAT(fd, events, 1);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(3), 0, 0), 0);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(4), 0, 0), 0);
	WAIT_STAT(fd, coalesced, 1);

	errno = 0;
	assert_int_equal(read(fd, bad, EV_SIZE), -1);
	assert_int_equal(errno, EFAULT);
	munmap(bad, 4096);
	st = stats_of(fd);
	assert_true(st.read <= 1);
	if (st.read == 1 && st.dropped != 2)
		fail_msg("a record taken by a faulting read() was lost "
			 "uncounted (stats dropped %llu, want 2)",
			 (unsigned long long)st.dropped);

	assert_int_equal(do_ring(fd, DOORBELL, BIT(3), 0, 0), 0);
	n = expect_bits(fd, DOORBELL, BIT(3), 0, 0, ev, 4);
	assert_int_equal(n, 1);
	if (st.read == 1) {
		/* Taken and lost: reported in the next record. */
		assert_true(ev[0].seqno == 2);
		assert_true(ev[0].notifications == BIT(3));
		assert_int_equal(ev[0].dropped, 2);
	} else {
		/* Left queued: nothing lost. */
		assert_true(ev[0].seqno == 1);
		assert_true(ev[0].notifications == (BIT(3) | BIT(4)));
		assert_int_equal(ev[0].dropped, 0);
	}
}

/* ---- poll / epoll ------------------------------------------------------------ */

static void test_poll_epoll(void **state)
{
	struct epoll_event ee = { .events = EPOLLIN | EPOLLRDNORM }, out;
	struct pollfd p;
	int fd = tfd_open(), ep;
	struct ffa_notif_event ev;

	(void)state;
	assert_int_equal(do_bind(fd, DOORBELL, BIT(7), 0), 0);
	ep = epoll_create1(EPOLL_CLOEXEC);
	assert_true(ep >= 0);
	ee.data.fd = fd;
	assert_int_equal(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ee), 0);

	/* Empty: not readable. */
	p.fd = fd;
	p.events = POLLIN | POLLRDNORM | POLLOUT;
	p.revents = 0;
	assert_int_equal(poll(&p, 1, 0), 0);
	assert_int_equal(epoll_wait(ep, &out, 1, 0), 0);

	assert_int_equal(do_ring(fd, DOORBELL, BIT(7), 0, 0), 0);
	p.events = POLLIN | POLLRDNORM;
	assert_int_equal(poll(&p, 1, WAIT_MS), 1);
	assert_int_equal(p.revents, POLLIN | POLLRDNORM);
	assert_int_equal(epoll_wait(ep, &out, 1, WAIT_MS), 1);
	assert_int_equal(out.events, EPOLLIN | EPOLLRDNORM);
	assert_int_equal(out.data.fd, fd);
	/* Still readable until read. */
	p.events = POLLIN | POLLRDNORM | POLLPRI;
	assert_int_equal(poll(&p, 1, 0), 1);
	assert_int_equal(p.revents, POLLIN | POLLRDNORM);

	assert_int_equal(read(fd, &ev, sizeof(ev)), EV_SIZE);
	assert_int_equal(poll(&p, 1, 0), 0);
	assert_int_equal(epoll_wait(ep, &out, 1, 0), 0);
	close(ep);
}

/* ---- bad requests: EINVAL and nothing changed ---------------------------- */

static void test_bind_einval(void **state)
{
	struct ffa_notif_binding good, b;
	static const uint32_t bad_senders[] = { 0x0000,	     0x0001, 0x7fff,
						0x8000,	     0xffff, 0x18001,
						0x80008001u, 0x8009 };
	int fd = tfd_open(), other, i;
	struct ffa_notif_stats st;

	(void)state;
	assert_int_equal(do_bind(fd, ECHO, BIT(0), 0), 0);
	memset(&good, 0, sizeof(good));
	good.sender = ECHO;
	good.notifications = BIT(1) | BIT(2);

#define EXPECT_BIND_EINVAL(req)                                                \
	do {                                                                   \
		b = (req);                                                     \
		assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_BIND, &b), -EINVAL); \
		st = stats_of(fd);                                             \
		assert_true(st.bound == BIT(0));                               \
		assert_true(st.events == 0);                                   \
	} while (0)

	b = good;
	b.flags = BIT(1);
	EXPECT_BIND_EINVAL(b);
	b = good;
	b.flags = BIT(63);
	EXPECT_BIND_EINVAL(b);
	b = good;
	b.flags = FFA_NOTIF_FLAG_PER_VCPU | BIT(2);
	EXPECT_BIND_EINVAL(b);
	b = good;
	b.padding = 1;
	EXPECT_BIND_EINVAL(b);
	for (i = 0; i < 4; i++) {
		b = good;
		b.reserved[i] = 1;
		EXPECT_BIND_EINVAL(b);
		b = good;
		b.reserved[i] = BIT(63);
		EXPECT_BIND_EINVAL(b);
	}
	b = good;
	b.notifications = 0;
	EXPECT_BIND_EINVAL(b);
	/* Senders without bit 15, the SPMC and SPMD, beyond 16 bits, and a
	 * partition that does not exist (the firmware's INVALID_PARAMETERS).
	 */
	for (i = 0; i < (int)(sizeof(bad_senders) / sizeof(bad_senders[0]));
	     i++) {
		b = good;
		b.sender = bad_senders[i];
		EXPECT_BIND_EINVAL(b);
	}
#undef EXPECT_BIND_EINVAL

	/* Nothing was reserved or bound in the firmware by any of them. */
	other = tfd_open();
	assert_int_equal(do_bind(other, ECHO, BIT(1) | BIT(2), 0), 0);
	assert_int_equal(do_ring(other, ECHO, BIT(1), 0, 0), 0);
	expect_one(other, ECHO, BIT(1), 0, 0, 1);
	assert_int_equal(wait_readable(fd, 0), 0);
}

static void test_unbind_einval(void **state)
{
	struct ffa_notif_binding good, b;
	int fd = tfd_open(), other = tfd_open(), i;

	(void)state;
	assert_int_equal(do_bind(fd, ECHO, 0xf, 0), 0);
	assert_int_equal(do_bind(other, DOORBELL, BIT(8), 0), 0);
	memset(&good, 0, sizeof(good));
	good.sender = ECHO;
	good.notifications = 0x1;

#define EXPECT_UNBIND_EINVAL(req)                                      \
	do {                                                           \
		b = (req);                                             \
		assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_UNBIND, &b), \
				 -EINVAL);                             \
		assert_true(bound_of(fd) == 0xf);                      \
		assert_true(bound_of(other) == BIT(8));                \
	} while (0)

	b = good;
	b.sender = ECHO_PERCPU; /* not the sender it was bound to */
	EXPECT_UNBIND_EINVAL(b);
	b = good;
	b.notifications = 0x10; /* not bound */
	EXPECT_UNBIND_EINVAL(b);
	b = good;
	b.notifications = 0x11; /* partly bound: all or nothing */
	EXPECT_UNBIND_EINVAL(b);
	b = good;
	b.notifications = 0;
	EXPECT_UNBIND_EINVAL(b);
	b = good;
	b.flags = FFA_NOTIF_FLAG_PER_VCPU; /* UNBIND takes no flag */
	EXPECT_UNBIND_EINVAL(b);
	b = good;
	b.flags = BIT(5);
	EXPECT_UNBIND_EINVAL(b);
	b = good;
	b.padding = 0x80000000u;
	EXPECT_UNBIND_EINVAL(b);
	for (i = 0; i < 4; i++) {
		b = good;
		b.reserved[i] = 2;
		EXPECT_UNBIND_EINVAL(b);
	}
	b = good;
	b.sender = 0x0001;
	EXPECT_UNBIND_EINVAL(b);
	/* Another file's binding is not this file's to undo. */
	b = good;
	b.sender = DOORBELL;
	b.notifications = BIT(8);
	EXPECT_UNBIND_EINVAL(b);
	b.notifications = BIT(8) | 0x1;
	EXPECT_UNBIND_EINVAL(b);
#undef EXPECT_UNBIND_EINVAL

	/* Still bound in the firmware: they ring through. */
	assert_int_equal(do_ring(fd, ECHO, 0x1, 0, 0), 0);
	expect_one(fd, ECHO, 0x1, 0, 0, 1);
	assert_int_equal(do_ring(other, DOORBELL, BIT(8), 0, 0), 0);
	expect_one(other, DOORBELL, BIT(8), 0, 0, 1);
	assert_int_equal(do_unbind(fd, ECHO, 0xf), 0);
	assert_true(bound_of(fd) == 0);
}

static void test_set_einval(void **state)
{
	struct ffa_notif_set_req good, r;
	static const uint32_t bad_receivers[] = { 0x0000, 0x0001, 0x7fff,
						  0x8000, 0xffff, 0x18001,
						  0x8009 };
	struct ffa_notif_event ev[16];
	int fd = tfd_open(), i, n;

	(void)state;
	assert_int_equal(do_bind(fd, ECHO, BIT(1) | BIT(2), 0), 0);
	assert_int_equal(
		do_bind(fd, ECHO_PERCPU, BIT(34), FFA_NOTIF_FLAG_PER_VCPU), 0);
	memset(&good, 0, sizeof(good));
	good.receiver = ECHO;
	good.notifications = BIT(1);

#define EXPECT_SET_ERR(req, err)                                            \
	do {                                                                \
		r = (req);                                                  \
		assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_SET, &r), (err)); \
	} while (0)

	r = good;
	r.flags = BIT(1);
	EXPECT_SET_ERR(r, -EINVAL);
	r = good;
	r.flags = BIT(63);
	EXPECT_SET_ERR(r, -EINVAL);
	for (i = 0; i < 4; i++) {
		r = good;
		r.reserved[i] = 1;
		EXPECT_SET_ERR(r, -EINVAL);
	}
	r = good;
	r.notifications = 0;
	EXPECT_SET_ERR(r, -EINVAL);
	for (i = 0; i < (int)(sizeof(bad_receivers) / sizeof(bad_receivers[0]));
	     i++) {
		r = good;
		r.receiver = bad_receivers[i];
		EXPECT_SET_ERR(r, -EINVAL);
	}
	r = good;
	r.vcpu = 1; /* a global notification names no vCPU */
	EXPECT_SET_ERR(r, -EINVAL);
	r = good;
	r.flags = FFA_NOTIF_FLAG_PER_VCPU; /* bound globally at the SP */
	EXPECT_SET_ERR(r, -EINVAL);
	r = good;
	r.receiver = ECHO_PERCPU;
	r.notifications = BIT(34);
	r.flags = FFA_NOTIF_FLAG_PER_VCPU;
	r.vcpu = 0x10000;
	EXPECT_SET_ERR(r, -EINVAL);
	r.vcpu = ECHO_VCPUS; /* beyond the partition's vCPUs */
	EXPECT_SET_ERR(r, -EINVAL);
	/* The firmware's DENIED: the doorbell takes no notifications, the
	 * echo partition bound only IDs 0-31 from us.
	 */
	r = good;
	r.receiver = DOORBELL;
	EXPECT_SET_ERR(r, -EACCES);
	r = good;
	r.notifications = BIT(40);
	EXPECT_SET_ERR(r, -EACCES);
#undef EXPECT_SET_ERR

	/* None of them rang: the only echo is that of the good SET. */
	assert_int_equal(do_set(fd, ECHO, BIT(2), 0, 0), 0);
	n = expect_bits(fd, ECHO, BIT(2), 0, 0, ev, 16);
	for (i = 0; i < n; i++)
		assert_true(ev[i].notifications == BIT(2));
	assert_int_equal(n, 1);
	assert_true(ev[0].seqno == 1);
	assert_int_equal(do_set(fd, ECHO_PERCPU, BIT(34), 1, 0), 0);
	expect_one(fd, ECHO_PERCPU, BIT(34), 1, 0, 2);
	assert_true(stats_of(fd).events == 2);
}

static void test_sim_ring_einval(void **state)
{
	struct ffa_notif_sim_ring good, r;
	static const uint32_t bad_senders[] = { 0x0000, 0x0001,	 0x7fff, 0x8000,
						0xffff, 0x18001, 0x8009 };
	int fd = tfd_open(), i;

	(void)state;
	assert_int_equal(do_bind(fd, DOORBELL, BIT(9), 0), 0);
	assert_int_equal(
		do_bind(fd, DOORBELL, BIT(10), FFA_NOTIF_FLAG_PER_VCPU), 0);
	memset(&good, 0, sizeof(good));
	good.sender = DOORBELL;
	good.notifications = BIT(9);

#define EXPECT_RING_ERR(req, err)                                        \
	do {                                                             \
		r = (req);                                               \
		assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_SIM_RING, &r), \
				 (err));                                 \
	} while (0)

	r = good;
	r.flags = BIT(1);
	EXPECT_RING_ERR(r, -EINVAL);
	r = good;
	r.flags = BIT(63);
	EXPECT_RING_ERR(r, -EINVAL);
	for (i = 0; i < 4; i++) {
		r = good;
		r.reserved[i] = BIT(i * 16);
		EXPECT_RING_ERR(r, -EINVAL);
	}
	r = good;
	r.notifications = 0;
	EXPECT_RING_ERR(r, -EINVAL);
	for (i = 0; i < (int)(sizeof(bad_senders) / sizeof(bad_senders[0]));
	     i++) {
		r = good;
		r.sender = bad_senders[i];
		EXPECT_RING_ERR(r, -EINVAL);
	}
	r = good;
	r.vcpu = 1; /* global: no vCPU */
	EXPECT_RING_ERR(r, -EINVAL);
	r = good;
	r.notifications = BIT(10);
	r.flags = FFA_NOTIF_FLAG_PER_VCPU;
	r.vcpu = g_vcpus; /* out of range for this endpoint */
	EXPECT_RING_ERR(r, -EINVAL);
	r.vcpu = 0x10000;
	EXPECT_RING_ERR(r, -EINVAL);
	/* The firmware's checks: per-vCPU-ness must match the binding... */
	r = good;
	r.notifications = BIT(10);
	EXPECT_RING_ERR(r, -EINVAL);
	r = good;
	r.flags = FFA_NOTIF_FLAG_PER_VCPU;
	EXPECT_RING_ERR(r, -EINVAL);
	/* ...and the ID must be bound to that sender (DENIED). */
	r = good;
	r.notifications = BIT(11);
	EXPECT_RING_ERR(r, -EACCES);
	r = good;
	r.sender = ECHO;
	EXPECT_RING_ERR(r, -EACCES);
#undef EXPECT_RING_ERR

	/* Nothing rang. */
	assert_int_equal(wait_readable(fd, 0), 0);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(9), 0, 0), 0);
	expect_one(fd, DOORBELL, BIT(9), 0, 0, 1);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(10), 1, 0), 0);
	expect_one(fd, DOORBELL, BIT(10), 1, 0, 2);
	assert_true(stats_of(fd).events == 2);
}

/* ---- GET_SIM_INFO: which SPMC the module's model is ----------------------- */

/*
 * The personality the module was loaded with (sim_personality=), named by
 * the suite in FFA_TEST_SIM_PERSONALITY (default: the module's default).
 */
static void test_sim_info(void **state)
{
	const char *want = getenv("FFA_TEST_SIM_PERSONALITY");
	struct ffa_notif_sim_info si;
	struct ffa_notif_info info;
	int fd = tfd_open(), i;

	(void)state;
	if (!want)
		want = "hafnium";
	assert_int_equal(get_info(fd, &info), 0);
	memset(&si, 0x5a, sizeof(si));
	assert_int_equal(ioctl(fd, FFA_NOTIF_IOC_GET_SIM_INFO, &si), 0);
	print_message("sim info: %s, %u CPUs, %u partitions\n", si.personality,
		      si.cpus, si.partitions);
	assert_string_equal(si.personality, want);
	/* NUL-padded, reserved zero. */
	for (i = (int)strlen(si.personality); i < FFA_NOTIF_SIM_NAME_LEN; i++)
		assert_int_equal(si.personality[i], 0);
	for (i = 0; i < 4; i++)
		assert_true(si.reserved[i] == 0);
	/* A vCPU of endpoint 0 per simulated CPU: sim_vcpus. */
	assert_int_equal(si.cpus, info.vcpu_count);
	assert_int_equal(si.partitions, 3);
	close(fd);
}

/* ---- unknown ioctls: ENOTTY, the argument untouched ------------------------ */

static void test_enotty_efault(void **state)
{
	const unsigned long cmds[] = {
		_IO(FFA_NOTIF_IOC_MAGIC, 0x1f), _IO(FFA_NOTIF_IOC_MAGIC, 0x05),
		_IOR(FFA_NOTIF_IOC_MAGIC, 0x05, struct ffa_notif_stats),
		_IOR(FFA_NOTIF_IOC_MAGIC, 0x11, struct ffa_notif_sim_ring),
		_IO(FFA_NOTIF_IOC_MAGIC, 0x00),
		/* GET_INFO: wrong size, wrong direction */
		_IOR(FFA_NOTIF_IOC_MAGIC, 0x00, __u64),
		_IOR(FFA_NOTIF_IOC_MAGIC, 0x00,
		     char[sizeof(struct ffa_notif_info) + 8]),
		_IOW(FFA_NOTIF_IOC_MAGIC, 0x00, struct ffa_notif_info),
		_IOWR(FFA_NOTIF_IOC_MAGIC, 0x00, struct ffa_notif_info),
		/* BIND, UNBIND, SET, SIM_RING: wrong direction or size */
		_IOR(FFA_NOTIF_IOC_MAGIC, 0x01, struct ffa_notif_binding),
		_IOWR(FFA_NOTIF_IOC_MAGIC, 0x01, struct ffa_notif_binding),
		_IOW(FFA_NOTIF_IOC_MAGIC, 0x01, __u64),
		_IOW(FFA_NOTIF_IOC_MAGIC, 0x02, __u64),
		_IOR(FFA_NOTIF_IOC_MAGIC, 0x03, struct ffa_notif_set_req),
		_IOW(FFA_NOTIF_IOC_MAGIC, 0x03,
		     char[sizeof(struct ffa_notif_set_req) - 8]),
		_IOW(FFA_NOTIF_IOC_MAGIC, 0x04, struct ffa_notif_stats),
		_IOR(FFA_NOTIF_IOC_MAGIC, 0x04, __u64),
		_IOR(FFA_NOTIF_IOC_MAGIC, 0x10, struct ffa_notif_sim_ring),
		/* GET_SIM_INFO: wrong direction or size */
		_IOW(FFA_NOTIF_IOC_MAGIC, 0x11, struct ffa_notif_sim_info),
		_IOR(FFA_NOTIF_IOC_MAGIC, 0x11,
		     char[sizeof(struct ffa_notif_sim_info) - 8]),
		/* SET_FILE_CONFIG, GET_FILE_CONFIG: wrong direction or size */
		_IOR(FFA_NOTIF_IOC_MAGIC, 0x12, struct ffa_notif_file_config),
		_IOWR(FFA_NOTIF_IOC_MAGIC, 0x12, struct ffa_notif_file_config),
		_IOW(FFA_NOTIF_IOC_MAGIC, 0x12, __u64),
		_IOW(FFA_NOTIF_IOC_MAGIC, 0x13, struct ffa_notif_file_config),
		_IOR(FFA_NOTIF_IOC_MAGIC, 0x13,
		     char[sizeof(struct ffa_notif_file_config) + 8]),
		/* f2fs's, which shares the magic (see the uAPI header) */
		_IOR(FFA_NOTIF_IOC_MAGIC, 18, __u64), /* RELEASE_COMPRESS */
		_IOR(FFA_NOTIF_IOC_MAGIC, 19, __u64), /* RESERVE_COMPRESS */
		_IOW(FFA_NOTIF_IOC_MAGIC, 16, __u64), /* RESIZE_FS */
		_IO(FFA_NOTIF_IOC_MAGIC, 1), /* START_ATOMIC_WRITE */
		/* another magic, and a tty ioctl */
		_IOW(0xF6, 0x01, struct ffa_notif_binding),
		_IOR(0xF4, 0x00, struct ffa_notif_info), 0x5401, /* TCGETS */
		0x541B, /* FIONREAD: not for a character device */
	};
	unsigned char arg[512], canary[512];
	int fd = tfd_open();
	struct ffa_notif_stats before, after;
	size_t i;

	(void)state;
	assert_int_equal(do_bind(fd, ECHO, BIT(5), 0), 0);
	before = stats_of(fd);
	memset(canary, 0x5a, sizeof(canary));
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		memcpy(arg, canary, sizeof(arg));
		errno = 0;
		if (ioctl(fd, cmds[i], arg) != -1 || errno != ENOTTY)
			fail_msg("ioctl %#lx: %s, want ENOTTY", cmds[i],
				 strerror(errno));
		assert_memory_equal(arg, canary, sizeof(arg));
	}
	after = stats_of(fd);
	assert_memory_equal(&before, &after, sizeof(before));

	/* Known commands with a bad pointer: EFAULT. */
	assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_GET_INFO, NULL), -EFAULT);
	assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_GET_STATS, NULL), -EFAULT);
	assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_BIND, NULL), -EFAULT);
	assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_UNBIND, NULL), -EFAULT);
	assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_SET, NULL), -EFAULT);
	assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_SIM_RING, NULL), -EFAULT);
	assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_GET_FILE_CONFIG, NULL),
			 -EFAULT);
	assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_SET_FILE_CONFIG, NULL),
			 -EFAULT);
	assert_true(bound_of(fd) == BIT(5));
}

/* ---- ownership and release ------------------------------------------------------- */

static void test_ebusy(void **state)
{
	int a = tfd_open(), b = tfd_open(), c = tfd_open();

	(void)state;
	assert_int_equal(do_bind(a, ECHO, BIT(20), 0), 0);
	/* Another file, any sender, any overlap: EBUSY. */
	assert_int_equal(do_bind(b, ECHO, BIT(20), 0), -EBUSY);
	assert_int_equal(do_bind(b, DOORBELL, BIT(20), 0), -EBUSY);
	assert_int_equal(do_bind(b, ECHO, BIT(20) | BIT(21), 0), -EBUSY);
	assert_int_equal(
		do_bind(b, ECHO_PERCPU, BIT(20), FFA_NOTIF_FLAG_PER_VCPU),
		-EBUSY);
	assert_true(bound_of(b) == 0);
	/* The same file again: EBUSY too. */
	assert_int_equal(do_bind(a, ECHO, BIT(20), 0), -EBUSY);
	/* B may not undo A's binding. */
	assert_int_equal(do_unbind(b, ECHO, BIT(20)), -EINVAL);
	/* B's failed BIND reserved nothing: C can have ID 21. */
	assert_int_equal(do_bind(c, ECHO, BIT(21), 0), 0);
	/* A's binding still works; B may ring it, only A hears. */
	assert_true(bound_of(a) == BIT(20));
	assert_int_equal(do_set(b, ECHO, BIT(20), 0, 0), 0);
	expect_one(a, ECHO, BIT(20), 0, 0, 1);
	assert_int_equal(do_ring(c, ECHO, BIT(20), 0, 0), 0);
	expect_one(a, ECHO, BIT(20), 0, 0, 2);
	assert_int_equal(wait_readable(b, 0), 0);
	assert_true(stats_of(b).events == 0);
}

static void test_close_releases(void **state)
{
	int a = tfd_open(), b = tfd_open();

	(void)state;
	assert_int_equal(do_bind(a, ECHO, BIT(22) | BIT(23), 0), 0);
	assert_int_equal(
		do_bind(a, ECHO_PERCPU, BIT(41), FFA_NOTIF_FLAG_PER_VCPU), 0);
	assert_int_equal(do_bind(b, DOORBELL, BIT(22), 0), -EBUSY);
	/* Closed with an event still queued. */
	assert_int_equal(do_set(a, ECHO, BIT(22), 0, 0), 0);
	assert_int_equal(wait_readable(a, WAIT_MS), 1);
	tfd_close(a);

	assert_int_equal(do_bind(b, DOORBELL, BIT(22), 0), 0);
	assert_int_equal(do_bind(b, ECHO, BIT(23), 0), 0);
	assert_int_equal(
		do_bind(b, ECHO_PERCPU, BIT(41), FFA_NOTIF_FLAG_PER_VCPU), 0);
	assert_true(bound_of(b) == (BIT(22) | BIT(23) | BIT(41)));
	assert_int_equal(do_ring(b, DOORBELL, BIT(22), 0, 0), 0);
	expect_one(b, DOORBELL, BIT(22), 0, 0, 1);
	assert_int_equal(do_set(b, ECHO, BIT(23), 0, 0), 0);
	expect_one(b, ECHO, BIT(23), 0, 0, 2);
	assert_int_equal(do_set(b, ECHO_PERCPU, BIT(41), 1, 0), 0);
	expect_one(b, ECHO_PERCPU, BIT(41), 1, 0, 3);
}

/* ---- coalescing and overflow ----------------------------------------------------- */

static void test_coalescing(void **state)
{
	struct ffa_notif_event ev[4];
	struct ffa_notif_stats st;
	int fd = tfd_open();

	(void)state;
	assert_int_equal(do_bind(fd, DOORBELL, BIT(2) | BIT(5), 0), 0);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(5), 0, 0), 0);
	WAIT_STAT(fd, events, 1);
	/*
	 * While that event is unread: ID 2 from the same sender merges
	 * into it, ID 5 again is coalesced (counted).  Ring 2 first: the
	 * firmware fetch that brings the second 5 brings 2 too (or an
	 * earlier one did), and bits are handed over lowest first, so when
	 * `coalesced` is 1 the merge has happened.
	 */
	assert_int_equal(do_ring(fd, DOORBELL, BIT(2), 0, 0), 0);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(5), 0, 0), 0);
	WAIT_STAT(fd, coalesced, 1);
	st = stats_of(fd);
	assert_true(st.events == 1 && st.read == 0 && st.dropped == 0);

	assert_int_equal(read(fd, ev, sizeof(ev)), EV_SIZE);
	assert_true(ev[0].notifications == (BIT(2) | BIT(5)));
	assert_true(ev[0].seqno == 1);
	assert_int_equal(ev[0].sender, DOORBELL);
	assert_int_equal(ev[0].dropped, 0);

	/* Read: the same bit is a new event. */
	assert_int_equal(do_ring(fd, DOORBELL, BIT(5), 0, 0), 0);
	expect_one(fd, DOORBELL, BIT(5), 0, 0, 2);
	st = stats_of(fd);
	assert_true(st.events == 2 && st.read == 2 && st.coalesced == 1 &&
		    st.dropped == 0);
}

struct key {
	uint32_t sender;
	int id;
	int per_vcpu;
	uint32_t vcpu;
};

static void test_overflow(void **state)
{
	static struct key keys[8 * 65];
	static struct ffa_notif_event ev[FFA_NOTIF_QUEUE_DEPTH + 1];
	unsigned int depth = g_info.queue_depth, nkeys = 0, k, n, d, i;
	int fd = tfd_open_flags(O_NONBLOCK), senders = 0, ret;
	struct ffa_notif_stats st;
	uint32_t s, v;
	ssize_t got;
	int first;

	(void)state;
	assert_true(depth == FFA_NOTIF_QUEUE_DEPTH);
	/* Each partition rings one ID globally and one per vCPU: vcpus + 1
	 * distinct (sender, vCPU) events per partition.
	 */
	for (s = 0x8001; s <= 0x8008; s++) {
		int pid = 48 + 2 * senders, gid = pid + 1;

		ret = do_bind(fd, s, BIT(pid), FFA_NOTIF_FLAG_PER_VCPU);
		if (ret == -EINVAL)
			continue; /* no such partition */
		assert_int_equal(ret, 0);
		assert_int_equal(do_bind(fd, s, BIT(gid), 0), 0);
		keys[nkeys++] = (struct key){ s, gid, 0, 0 };
		for (v = 0; v < g_vcpus; v++)
			keys[nkeys++] = (struct key){ s, pid, 1, v };
		senders++;
	}
	assert_true(senders >= 3);
	k = nkeys < depth + 3 ? nkeys : depth + 3;
	d = k > depth ? k - depth : 0;
	if (!d)
		print_message("NOTE: %d partitions x (%u vCPUs + 1) = %u "
			      "distinct events < queue depth %u: overflow "
			      "cannot be reached with this sim backend; "
			      "checking that %u events queue without loss\n",
			      senders, g_vcpus, nkeys, depth, k);

	/* One at a time, each queued before the next: a known order. */
	for (i = 0; i < k; i++) {
		assert_int_equal(do_ring(fd, keys[i].sender, BIT(keys[i].id),
					 keys[i].per_vcpu, keys[i].vcpu),
				 0);
		WAIT_STAT(fd, events, i + 1);
	}
	st = stats_of(fd);
	/* Each dropped event carried one bit. */
	assert_true(st.dropped == d);
	assert_true(st.coalesced == 0 && st.read == 0);

	/* Everything queued, read in as few reads as the module allows. */
	n = 0;
	first = -1;
	while (n < FFA_NOTIF_QUEUE_DEPTH + 1) {
		got = read(fd, &ev[n], sizeof(ev) - n * sizeof(ev[0]));
		if (got < 0 && errno == EAGAIN)
			break;
		assert_true(got > 0 && got % EV_SIZE == 0);
		if (first < 0)
			first = (int)(got / EV_SIZE);
		n += (unsigned int)(got / EV_SIZE);
		if (wait_readable(fd, 0) == 0)
			break;
	}
	assert_int_equal(n, k - d);
	for (i = 0; i < n; i++) {
		const struct key *want = &keys[d + i];

		assert_true(ev[i].seqno == d + i + 1);
		assert_int_equal(ev[i].sender, want->sender);
		assert_true(ev[i].notifications == BIT(want->id));
		assert_int_equal(ev[i].vcpu, want->vcpu);
		assert_int_equal(ev[i].flags,
				 want->per_vcpu ? FFA_NOTIF_EVENT_PER_VCPU : 0);
		/* The loss is reported once, in the first record read. */
		assert_int_equal(ev[i].dropped, i == 0 ? d : 0);
	}
	assert_int_equal(wait_readable(fd, 0), 0);
	/* "read() returns whole records: as many as fit in the buffer". */
	if (first != (int)n)
		fail_msg("read() with room for %zu records returned %d of the "
			 "%u queued",
			 sizeof(ev) / sizeof(ev[0]), first, n);

	/* Reported once: the next event carries no loss. */
	assert_int_equal(do_ring(fd, keys[0].sender, BIT(keys[0].id),
				 keys[0].per_vcpu, keys[0].vcpu),
			 0);
	expect_one(fd, keys[0].sender, BIT(keys[0].id), keys[0].per_vcpu,
		   keys[0].vcpu, k + 1);
	st = stats_of(fd);
	assert_true(st.dropped == d && st.events == k + 1 && st.read == n + 1);
}

/* ---- per-file configuration: queue depth and clock ------------------------------ */

static int set_config(int fd, uint32_t depth, uint32_t clock)
{
	struct ffa_notif_file_config c;

	memset(&c, 0, sizeof(c));
	c.queue_depth = depth;
	c.clock = clock;
	return xioctl(fd, FFA_NOTIF_IOC_SET_FILE_CONFIG, &c);
}

static struct ffa_notif_file_config config_of(int fd)
{
	struct ffa_notif_file_config c;
	size_t i;

	memset(&c, 0xa5, sizeof(c));
	assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_GET_FILE_CONFIG, &c), 0);
	for (i = 0; i < sizeof(c.reserved) / sizeof(c.reserved[0]); i++)
		assert_true(c.reserved[i] == 0);
	return c;
}

static void expect_config(int fd, uint32_t depth, uint32_t clock)
{
	struct ffa_notif_file_config c = config_of(fd);

	assert_int_equal(c.queue_depth, depth);
	assert_int_equal(c.clock, clock);
}

static void test_file_config(void **state)
{
	struct ffa_notif_file_config c;
	struct ffa_notif_event ev[4];
	int fd = tfd_open(), other = tfd_open();
	uint64_t v;
	size_t i;

	(void)state;
	expect_config(fd, FFA_NOTIF_QUEUE_DEPTH, FFA_NOTIF_CLOCK_MONOTONIC);
	/* Round trips; 0 is the default depth. */
	assert_int_equal(set_config(fd, 1, FFA_NOTIF_CLOCK_BOOTTIME), 0);
	expect_config(fd, 1, FFA_NOTIF_CLOCK_BOOTTIME);
	assert_int_equal(set_config(fd, FFA_NOTIF_QUEUE_DEPTH_MAX,
				    FFA_NOTIF_CLOCK_REALTIME),
			 0);
	expect_config(fd, FFA_NOTIF_QUEUE_DEPTH_MAX, FFA_NOTIF_CLOCK_REALTIME);
	assert_int_equal(fdinfo_u64(fd, "ffa-notif-queue-depth:", 0, &v), 0);
	assert_true(v == FFA_NOTIF_QUEUE_DEPTH_MAX);
	assert_int_equal(set_config(fd, 0, FFA_NOTIF_CLOCK_MONOTONIC), 0);
	expect_config(fd, FFA_NOTIF_QUEUE_DEPTH, FFA_NOTIF_CLOCK_MONOTONIC);
	assert_int_equal(set_config(fd, 300, FFA_NOTIF_CLOCK_BOOTTIME), 0);
	/* Files are configured each on its own. */
	expect_config(other, FFA_NOTIF_QUEUE_DEPTH, FFA_NOTIF_CLOCK_MONOTONIC);

	/* EINVAL, nothing changed. */
	assert_int_equal(set_config(fd, FFA_NOTIF_QUEUE_DEPTH_MAX + 1, 0),
			 -EINVAL);
	assert_int_equal(set_config(fd, 0xffffffffU, 0), -EINVAL);
	assert_int_equal(set_config(fd, 0, FFA_NOTIF_CLOCK_REALTIME + 1),
			 -EINVAL);
	assert_int_equal(set_config(fd, 0, 0xffffffffU), -EINVAL);
	for (i = 0; i < sizeof(c.reserved) / sizeof(c.reserved[0]); i++) {
		memset(&c, 0, sizeof(c));
		c.queue_depth = 8;
		c.reserved[i] = 1;
		assert_int_equal(xioctl(fd, FFA_NOTIF_IOC_SET_FILE_CONFIG, &c),
				 -EINVAL);
	}
	expect_config(fd, 300, FFA_NOTIF_CLOCK_BOOTTIME);

	/* Bound: EBUSY; unbound with an event unread: EBUSY; read: free. */
	assert_int_equal(do_bind(fd, DOORBELL, BIT(3), 0), 0);
	assert_int_equal(set_config(fd, 8, 0), -EBUSY);
	assert_int_equal(set_config(fd, 300, FFA_NOTIF_CLOCK_BOOTTIME), -EBUSY);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(3), 0, 0), 0);
	WAIT_STAT(fd, events, 1);
	assert_int_equal(do_unbind(fd, DOORBELL, BIT(3)), 0);
	assert_int_equal(set_config(fd, 8, 0), -EBUSY);
	expect_config(fd, 300, FFA_NOTIF_CLOCK_BOOTTIME);
	assert_int_equal(read(fd, ev, sizeof(ev)), EV_SIZE);
	assert_int_equal(set_config(fd, 8, 0), 0);
	expect_config(fd, 8, FFA_NOTIF_CLOCK_MONOTONIC);
	/* A closed file with a deep queue gives it back (kmemleak/KASAN). */
	assert_int_equal(set_config(other, FFA_NOTIF_QUEUE_DEPTH_MAX, 0), 0);
	assert_int_equal(do_bind(other, ECHO, BIT(4), 0), 0);
	assert_int_equal(do_set(other, ECHO, BIT(4), 0, 0), 0);
	WAIT_STAT(other, events, 1);
	tfd_close(other);
}

/*
 * Distinct (sender, vCPU) events: each partition rings one ID globally and
 * one per vCPU (as test_overflow).  Returns how many keys were made.
 */
static unsigned int bind_keys(int fd, struct key *keys, unsigned int max)
{
	unsigned int n = 0;
	int senders = 0, ret;
	uint32_t s, v;

	for (s = 0x8001; s <= 0x8008; s++) {
		int pid = 48 + 2 * senders, gid = pid + 1;

		ret = do_bind(fd, s, BIT(pid), FFA_NOTIF_FLAG_PER_VCPU);
		if (ret == -EINVAL)
			continue; /* no such partition */
		assert_int_equal(ret, 0);
		assert_int_equal(do_bind(fd, s, BIT(gid), 0), 0);
		if (n < max)
			keys[n++] = (struct key){ s, gid, 0, 0 };
		for (v = 0; v < g_vcpus && n < max; v++)
			keys[n++] = (struct key){ s, pid, 1, v };
		senders++;
	}
	assert_true(senders >= 3);
	return n;
}

/* Ring keys[0..n) one at a time, each queued before the next. */
static void ring_keys(int fd, const struct key *keys, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		assert_int_equal(do_ring(fd, keys[i].sender, BIT(keys[i].id),
					 keys[i].per_vcpu, keys[i].vcpu),
				 0);
		WAIT_STAT(fd, events, i + 1);
	}
}

/* Read everything queued (O_NONBLOCK file); returns the count. */
static unsigned int drain(int fd, struct ffa_notif_event *ev, unsigned int max)
{
	unsigned int n = 0;
	ssize_t got;

	while (n < max) {
		got = read(fd, &ev[n], (max - n) * sizeof(ev[0]));
		if (got < 0 && errno == EAGAIN)
			break;
		assert_true(got > 0 && got % EV_SIZE == 0);
		n += (unsigned int)(got / EV_SIZE);
	}
	return n;
}

static void test_file_config_depth(void **state)
{
	static struct key keys[8 * 65];
	static struct ffa_notif_event ev[8 * 65 + 1];
	struct ffa_notif_stats st;
	unsigned int nkeys, n, i;
	int fd;

	(void)state;
	/* A queue of 2: of 4 events, the first two are dropped, counted. */
	fd = tfd_open_flags(O_NONBLOCK);
	assert_int_equal(set_config(fd, 2, 0), 0);
	nkeys = bind_keys(fd, keys, 4);
	assert_int_equal(nkeys, 4);
	ring_keys(fd, keys, 4);
	st = stats_of(fd);
	assert_true(st.events == 4 && st.dropped == 2 && st.read == 0);
	n = drain(fd, ev, 8);
	assert_int_equal(n, 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(ev[i].sender, keys[2 + i].sender);
		assert_int_equal(ev[i].vcpu, keys[2 + i].vcpu);
		assert_true(ev[i].seqno == 3 + i);
		assert_int_equal(ev[i].dropped, i == 0 ? 2 : 0);
	}
	tfd_close(fd);

	/*
	 * The deepest queue: every distinct event the partitions can make,
	 * without a drop.  With sim_vcpus=32 that is 99 > the default 64.
	 */
	fd = tfd_open_flags(O_NONBLOCK);
	assert_int_equal(set_config(fd, FFA_NOTIF_QUEUE_DEPTH_MAX, 0), 0);
	nkeys = bind_keys(fd, keys, sizeof(keys) / sizeof(keys[0]));
	if (nkeys <= FFA_NOTIF_QUEUE_DEPTH)
		print_message("NOTE: %u distinct events <= the default depth "
			      "%u with %u vCPUs: the deep queue is only "
			      "checked past it with sim_vcpus >= 21\n",
			      nkeys, FFA_NOTIF_QUEUE_DEPTH, g_vcpus);
	ring_keys(fd, keys, nkeys);
	st = stats_of(fd);
	assert_true(st.events == nkeys && st.dropped == 0);
	n = drain(fd, ev, sizeof(ev) / sizeof(ev[0]));
	assert_int_equal(n, nkeys);
	for (i = 0; i < n; i++) {
		assert_true(ev[i].seqno == i + 1);
		assert_int_equal(ev[i].sender, keys[i].sender);
		assert_int_equal(ev[i].vcpu, keys[i].vcpu);
		assert_true(ev[i].notifications == BIT(keys[i].id));
		assert_int_equal(ev[i].dropped, 0);
	}
	tfd_close(fd);
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	assert_int_equal(clock_gettime(id, &ts), 0);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * Timestamps on the file's clock: between clock_gettime() of that clock
 * before the ring and after the read.  REALTIME is told from the others by
 * its epoch; BOOTTIME from MONOTONIC only by time suspended (the hub's
 * unit test checks which clock it asks for).
 */
static void test_file_config_clock(void **state)
{
	static const struct {
		uint32_t clock;
		clockid_t id;
		const char *name;
	} clocks[] = {
		{ FFA_NOTIF_CLOCK_MONOTONIC, CLOCK_MONOTONIC, "monotonic" },
		{ FFA_NOTIF_CLOCK_BOOTTIME, CLOCK_BOOTTIME, "boottime" },
		{ FFA_NOTIF_CLOCK_REALTIME, CLOCK_REALTIME, "realtime" },
	};
	struct ffa_notif_event ev[4];
	uint64_t before, after, mono;
	char line[64];
	size_t i;
	int fd, round, n;

	(void)state;
	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		fd = tfd_open();
		assert_int_equal(set_config(fd, 0, clocks[i].clock), 0);
		assert_int_equal(fdinfo_value(fd, "ffa-notif-clock:", line,
					      sizeof(line)),
				 0);
		assert_string_equal(line, clocks[i].name);
		assert_int_equal(do_bind(fd, DOORBELL, BIT(11), 0), 0);
		for (round = 0; round < 3; round++) {
			before = clock_ns(clocks[i].id);
			mono = clock_ns(CLOCK_MONOTONIC);
			assert_int_equal(do_ring(fd, DOORBELL, BIT(11), 0, 0),
					 0);
			n = read_events(fd, ev, 4, WAIT_MS);
			after = clock_ns(clocks[i].id);
			assert_int_equal(n, 1);
			if (ev[0].timestamp_ns < before ||
			    ev[0].timestamp_ns > after)
				fail_msg("%s: timestamp %" PRIu64
					 " outside [%" PRIu64 ", %" PRIu64 "]",
					 clocks[i].name,
					 (uint64_t)ev[0].timestamp_ns, before,
					 after);
			/* Not MONOTONIC's, where the guest knows the date. */
			if (clocks[i].clock == FFA_NOTIF_CLOCK_REALTIME &&
			    before > mono + 1000000000ULL)
				assert_true(ev[0].timestamp_ns >
					    mono + 1000000000ULL);
		}
		tfd_close(fd);
	}
}

/* ---- fdinfo ------------------------------------------------------------------------ */

static void test_fdinfo(void **state)
{
	int a = tfd_open(), b = tfd_open();
	uint64_t ida, idb, bound, queued;
	char line[128];

	(void)state;
	assert_int_equal(
		fdinfo_value(a, "ffa-notif-file-id:", line, sizeof(line)), 0);
	assert_int_equal(fdinfo_u64(a, "ffa-notif-file-id:", 0, &ida), 0);
	assert_int_equal(fdinfo_u64(b, "ffa-notif-file-id:", 0, &idb), 0);
	assert_true(ida != idb);
	assert_int_equal(fdinfo_u64(a, "ffa-notif-bound:", 1, &bound), 0);
	assert_true(bound == 0);
	assert_int_equal(fdinfo_u64(a, "ffa-notif-queued:", 0, &queued), 0);
	assert_true(queued == 0);
	assert_int_equal(fdinfo_u64(a, "ffa-notif-queue-depth:", 0, &queued),
			 0);
	assert_true(queued == FFA_NOTIF_QUEUE_DEPTH);
	assert_int_equal(
		fdinfo_value(a, "ffa-notif-clock:", line, sizeof(line)), 0);
	assert_string_equal(line, "monotonic");

	assert_int_equal(do_bind(a, ECHO, 0x5, 0), 0);
	assert_int_equal(
		do_bind(a, ECHO_PERCPU, BIT(40), FFA_NOTIF_FLAG_PER_VCPU), 0);
	assert_int_equal(fdinfo_u64(a, "ffa-notif-bound:", 1, &bound), 0);
	assert_true(bound == (0x5 | BIT(40)));
	assert_int_equal(fdinfo_u64(b, "ffa-notif-bound:", 1, &bound), 0);
	assert_true(bound == 0);

	assert_int_equal(do_ring(a, ECHO, BIT(0), 0, 0), 0);
	WAIT_STAT(a, events, 1);
	assert_int_equal(do_ring(a, ECHO_PERCPU, BIT(40), 1, 0), 0);
	WAIT_STAT(a, events, 2);
	assert_int_equal(fdinfo_u64(a, "ffa-notif-queued:", 0, &queued), 0);
	assert_true(queued == 2);
	assert_int_equal(read(a, (struct ffa_notif_event[2]){ 0 }, 2 * EV_SIZE),
			 2 * EV_SIZE);
	assert_int_equal(fdinfo_u64(a, "ffa-notif-queued:", 0, &queued), 0);
	assert_true(queued == 0);
	/* The file id stays. */
	assert_int_equal(fdinfo_u64(a, "ffa-notif-file-id:", 0, &idb), 0);
	assert_true(ida == idb);
}

/* ---- SIM_RING needs CAP_SYS_ADMIN ------------------------------------------------- */

/* Run fn in a child; returns what it wrote (3 ints). */
static void in_child(void (*fn)(int fd, int out[3]), int fd, int out[3])
{
	int p[2], status;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int res[3] = { -1000, -1000, -1000 };

		close(p[0]);
		fn(fd, res);
		if (write(p[1], res, sizeof(res)) != (ssize_t)sizeof(res))
			_exit(2);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], out, 3 * sizeof(int)), 3 * sizeof(int));
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/*
 * As uid/gid 65534 (which drops every capability), on an fd inherited from
 * root: the privilege is the opener's, so it may ring.
 */
static void child_nobody(int fd, int out[3])
{
	struct ffa_notif_info info;

	if (setgroups(0, NULL) || setgid(65534) || setuid(65534) ||
	    geteuid() != 65534) {
		out[0] = -9999;
		return;
	}
	out[0] = do_ring(fd, DOORBELL, BIT(20), 0, 0);
	out[1] = get_info(fd, &info);
	/* The device is 0600 root: nobody cannot open it. */
	out[2] = open(DEV_PATH, O_RDWR) < 0 ? -errno : 0;
}

/*
 * Still uid 0, but without CAP_SYS_ADMIN: on a file it opens itself it may
 * not ring; on the inherited one, opened with the capability, it may.
 */
static void child_no_sys_admin(int fd, int out[3])
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	unsigned int w = CAP_SYS_ADMIN / 32;
	__u32 bit = 1U << (CAP_SYS_ADMIN % 32);
	int own;

	if (syscall(SYS_capget, &h, d)) {
		out[0] = -9999;
		return;
	}
	d[w].effective &= ~bit;
	d[w].permitted &= ~bit;
	d[w].inheritable &= ~bit;
	if (syscall(SYS_capset, &h, d)) {
		out[0] = -9998;
		return;
	}
	own = open(DEV_PATH, O_RDWR);
	out[0] = own < 0 ? -errno : 0;
	if (own >= 0)
		out[1] = do_ring(own, DOORBELL, BIT(22), 0, 0);
	out[2] = do_ring(fd, DOORBELL, BIT(21), 0, 0);
}

/*
 * SIM_RING needs CAP_SYS_ADMIN of whoever opened the file (file_ns_capable),
 * not of whoever calls: a privileged opener may hand the fd on, and an fd
 * opened without the capability never gains it.
 */
static void test_sim_ring_eperm(void **state)
{
	struct ffa_notif_event ev[16];
	int fd = tfd_open(), res[3], n, i;
	__u64 got = 0;

	(void)state;
	assert_int_equal(do_bind(fd, DOORBELL, BIT(20) | BIT(21) | BIT(22), 0),
			 0);

	in_child(child_nobody, fd, res);
	assert_true(res[0] != -9999);
	assert_int_equal(res[0], 0); /* root opened it */
	assert_int_equal(res[1], 0); /* GET_INFO needs no privilege */
	assert_int_equal(res[2], -EACCES);

	in_child(child_no_sys_admin, fd, res);
	assert_true(res[0] > -9000);
	assert_int_equal(res[0], 0);
	assert_int_equal(res[1], -EPERM); /* its own file: no */
	assert_int_equal(res[2], 0); /* the inherited one: yes */

	/* IDs 20 and 21 arrive (in one record or two); 22 never rang. */
	n = expect_bits(fd, DOORBELL, BIT(20) | BIT(21), 0, 0, ev, 16);
	for (i = 0; i < n; i++)
		got |= ev[i].notifications;
	assert_true(got == (BIT(20) | BIT(21)));
	assert_int_equal(do_ring(fd, DOORBELL, BIT(22), 0, 0), 0);
	n = expect_bits(fd, DOORBELL, BIT(22), 0, 0, ev, 16);
	assert_int_equal(n, 1);
}

/* test-uapi [PATTERN]: only the tests whose names match (cmocka's filter). */
int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_info, teardown),
		cmocka_unit_test_teardown(test_sim_info, teardown),
		cmocka_unit_test_teardown(test_bind_unbind_stats, teardown),
		cmocka_unit_test_teardown(test_echo_global, teardown),
		cmocka_unit_test_teardown(test_echo_per_vcpu, teardown),
		cmocka_unit_test_teardown(test_sim_ring_doorbell, teardown),
		cmocka_unit_test_teardown(test_read_records, teardown),
		cmocka_unit_test_teardown(test_blocking_read_woken, teardown),
		cmocka_unit_test_teardown(test_blocking_read_signal, teardown),
		cmocka_unit_test_teardown(
			test_nonblocking_beside_blocked_reader, teardown),
		cmocka_unit_test_teardown(test_concurrent_readers, teardown),
		cmocka_unit_test_teardown(test_read_fault_counted, teardown),
		cmocka_unit_test_teardown(test_poll_epoll, teardown),
		cmocka_unit_test_teardown(test_bind_einval, teardown),
		cmocka_unit_test_teardown(test_unbind_einval, teardown),
		cmocka_unit_test_teardown(test_set_einval, teardown),
		cmocka_unit_test_teardown(test_sim_ring_einval, teardown),
		cmocka_unit_test_teardown(test_enotty_efault, teardown),
		cmocka_unit_test_teardown(test_ebusy, teardown),
		cmocka_unit_test_teardown(test_close_releases, teardown),
		cmocka_unit_test_teardown(test_coalescing, teardown),
		cmocka_unit_test_teardown(test_overflow, teardown),
		cmocka_unit_test_teardown(test_file_config, teardown),
		cmocka_unit_test_teardown(test_file_config_depth, teardown),
		cmocka_unit_test_teardown(test_file_config_clock, teardown),
		cmocka_unit_test_teardown(test_fdinfo, teardown),
		cmocka_unit_test_teardown(test_sim_ring_eperm, teardown),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
