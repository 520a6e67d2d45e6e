// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * libffanotif through its public API only, on the backend chosen by
 * FFANOTIF_BACKEND: the simulator in `meson test`, the device with the
 * kernel module's simulator in tests/vm/.  Nothing here may count on when
 * a notification arrives: the library's simulator delivers before the
 * call that caused it returns, the module through its SRI worker later,
 * so tests wait (wait_read, settle) before they read.  Sessions, epoll wake-ups,
 * echo round trips global and per-vCPU, batch reads, ownership across
 * sessions, release on close, and bad arguments (EINVAL, nothing changed);
 * a session's queue depth and timestamp clock (API 1.4).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <ffanotif.h>

#define ECHO 0x8001
#define ECHO_PERCPU 0x8002
#define DOORBELL 0x8003
#define SEC 1000000000LL

static struct ffanotif_session *open_session(void)
{
	struct ffanotif_session *s = ffanotif_session_open(NULL);

	assert_non_null(s);
	return s;
}

static uint64_t bound_of(struct ffanotif_session *s)
{
	struct ffanotif_session_stats *st = ffanotif_session_read_stats(s);
	uint64_t bound;

	assert_non_null(st);
	bound = ffanotif_session_stats_get_bound(st);
	ffanotif_session_stats_free(st);
	return bound;
}

/*
 * Wait until this session has queued at least `events` events and
 * coalesced `coalesced` notifications: everything rung so far has arrived.
 */
static void settle(struct ffanotif_session *s, uint64_t events,
		   uint64_t coalesced)
{
	const struct timespec ms = { .tv_nsec = 1000000 };
	struct ffanotif_session_stats *st;
	struct timespec t0, now;
	int done;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		st = ffanotif_session_read_stats(s);
		assert_non_null(st);
		done = ffanotif_session_stats_get_events(st) >= events &&
		       ffanotif_session_stats_get_coalesced(st) >= coalesced;
		ffanotif_session_stats_free(st);
		if (done)
			return;
		clock_gettime(CLOCK_MONOTONIC, &now);
		assert_true(now.tv_sec - t0.tv_sec < 5);
		nanosleep(&ms, NULL);
	}
}

/* Wait for and read one batch; returns the number of events. */
static int wait_read(struct ffanotif_session *s,
		     struct ffanotif_event_buffer *b)
{
	assert_int_equal(ffanotif_session_wait(s, 2 * SEC), 1);
	return ffanotif_session_read_events(s, b, 0);
}

/*
 * Read until the events from `sender` carry exactly `want`: a device may
 * hand over the bits of one echo in more than one event (each arrives on
 * its own), the simulator in one.  Returns the events read.
 */
static int read_bits(struct ffanotif_session *s,
		     struct ffanotif_event_buffer *b, uint16_t sender,
		     uint64_t want)
{
	const struct ffanotif_event *e;
	uint64_t got = 0;
	int n, i, events = 0;

	while (got != want) {
		n = wait_read(s, b);
		assert_true(n > 0);
		for (i = 0; i < n; i++) {
			e = ffanotif_event_buffer_get_event(b, i);
			assert_int_equal(ffanotif_event_get_sender(e), sender);
			got |= ffanotif_event_get_notifications(e);
		}
		assert_true((got & ~want) == 0);
		events += n;
	}
	return events;
}

/* Sets `name` to `value` (NULL: unset) and returns its old value. */
static char *swap_env(const char *name, const char *value)
{
	const char *old = getenv(name);
	char *saved = old ? strdup(old) : NULL;

	assert_true(!old || saved);
	if (value)
		assert_int_equal(setenv(name, value, 1), 0);
	else
		assert_int_equal(unsetenv(name), 0);
	return saved;
}

static void restore_env(const char *name, char *saved)
{
	if (saved)
		assert_int_equal(setenv(name, saved, 1), 0);
	else
		assert_int_equal(unsetenv(name), 0);
	free(saved);
}

static void auto_without_backends(void)
{
	char *dev = swap_env("FFANOTIF_DEVICE", "/nonexistent/ffa-notif");
	char *sock = swap_env("FFANOTIFD_SOCKET", "/nonexistent/notifd.sock");
	char *be = swap_env("FFANOTIF_BACKEND", NULL);

	errno = 0;
	assert_null(ffanotif_session_open("auto"));
	assert_int_equal(errno, ENODEV);
	errno = 0;
	assert_null(ffanotif_session_open(NULL));
	assert_int_equal(errno, ENODEV);
	restore_env("FFANOTIF_BACKEND", be);
	restore_env("FFANOTIFD_SOCKET", sock);
	restore_env("FFANOTIF_DEVICE", dev);
}

static void test_open_backends(void **state)
{
	struct ffanotif_session *s;

	(void)state;
	s = ffanotif_session_open("sim");
	assert_non_null(s);
	assert_string_equal(ffanotif_session_get_backend(s), "sim");
	ffanotif_session_close(s);
	/* auto never simulates: with no device and no daemon, ENODEV. */
	auto_without_backends();
	errno = 0;
	assert_null(ffanotif_session_open("no-such-backend"));
	assert_int_equal(errno, ENOENT);
	ffanotif_session_close(NULL);
	assert_int_equal(ffanotif_session_get_fd(NULL), -1);
	assert_int_equal(errno, EINVAL);
}

/* FFANOTIF_SIM_PERSONALITY picks the SPMC the simulator's model is, when
 * the process's first simulator session opens.
 */
static void test_sim_personality(void **state)
{
	struct ffanotif_session *s;
	struct ffanotif_info *i;

	(void)state;
	unsetenv("FFANOTIF_SIM_PERSONALITY");
	s = ffanotif_session_open("sim");
	assert_non_null(s);
	i = ffanotif_session_get_info(s);
	assert_non_null(i);
	assert_string_equal(ffanotif_info_get_sim_personality(i), "hafnium");
	ffanotif_info_free(i);
	ffanotif_session_close(s);

	setenv("FFANOTIF_SIM_PERSONALITY", "hafnium+strict", 1);
	s = ffanotif_session_open("sim");
	assert_non_null(s);
	i = ffanotif_session_get_info(s);
	assert_non_null(i);
	assert_string_equal(ffanotif_info_get_sim_personality(i),
			    "hafnium+strict");
	ffanotif_info_free(i);
	/* Bind and ring work the same under it. */
	assert_int_equal(ffanotif_session_bind(s, 0x8001, 1ULL << 3, 0), 0);
	assert_int_equal(ffanotif_session_sim_ring(s, 0x8001, 1ULL << 3, 0, 0),
			 0);
	assert_int_equal(ffanotif_session_wait(s, 1000000000LL), 1);
	ffanotif_session_close(s);

	/* OP-TEE: its partitions; it rings through its one asynchronous
	 * notification (a ring is ENABLE_ASYNC_NOTIF and a watchdog tick);
	 * no per-vCPU binding; a SET from the NWd is not served.
	 */
	setenv("FFANOTIF_SIM_PERSONALITY", "optee", 1);
	s = ffanotif_session_open("sim");
	assert_non_null(s);
	i = ffanotif_session_get_info(s);
	assert_non_null(i);
	assert_string_equal(ffanotif_info_get_sim_personality(i), "optee");
	ffanotif_info_free(i);
	assert_int_equal(ffanotif_session_bind(s, 0x8001, 1ULL << 5, 0), 0);
	assert_int_equal(ffanotif_session_sim_ring(s, 0x8001, 1ULL << 5, 0, 0),
			 0);
	assert_int_equal(ffanotif_session_wait(s, 1000000000LL), 1);
	errno = 0;
	assert_int_equal(ffanotif_session_sim_ring(s, 0x8001, 3ULL << 5, 0, 0),
			 -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(ffanotif_session_sim_ring(s, 0x8002, 1ULL << 5, 0, 0),
			 -1);
	assert_int_equal(errno, EINVAL);
	assert_int_not_equal(ffanotif_session_bind(s, 0x8002, 1ULL << 6,
						   FFANOTIF_FLAG_PER_VCPU),
			     0);
	assert_int_not_equal(ffanotif_session_send(s, 0x8001, 1ULL << 7, 0, 0),
			     0);
	ffanotif_session_close(s);

	/* A name it does not know: no session, EINVAL. */
	setenv("FFANOTIF_SIM_PERSONALITY", "tfa", 1);
	errno = 0;
	assert_null(ffanotif_session_open("sim"));
	assert_int_equal(errno, EINVAL);
	unsetenv("FFANOTIF_SIM_PERSONALITY");
}

static void test_versions_and_info(void **state)
{
	struct ffanotif_session *s = open_session();
	struct ffanotif_info *i;

	(void)state;
	assert_string_equal(ffanotif_api_version(), "1.5");
	assert_int_equal(ffanotif_api_version_number(), FFANOTIF_API_VERSION);
	assert_int_equal(FFANOTIF_API_VERSION, 0x10005);
	i = ffanotif_session_get_info(s);
	assert_non_null(i);
	assert_int_equal(ffanotif_info_get_ffa_version(i), 0x10001);
	assert_int_equal(ffanotif_info_get_uapi_version(i), 1);
	assert_string_equal(ffanotif_info_get_backend(i), "sim");
	assert_int_equal(ffanotif_info_get_own_id(i), 0);
	assert_int_equal(ffanotif_info_get_vcpu_count(i), 4);
	assert_int_equal(ffanotif_info_get_max_ids(i), 64);
	assert_true(ffanotif_info_get_queue_depth(i) >= 64);
	assert_int_equal(ffanotif_info_get_sri_intid(i), 8);
	assert_true(ffanotif_info_has_per_vcpu(i));
	assert_true(ffanotif_info_has_sim_ring(i));
	ffanotif_info_free(i);
	ffanotif_session_close(s);
}

static void test_partitions(void **state)
{
	struct ffanotif_session *s = open_session();
	struct ffanotif_partition_list *l;
	const struct ffanotif_partition *p;

	(void)state;
	l = ffanotif_session_list_partitions(s);
	assert_non_null(l);
	assert_int_equal(ffanotif_partition_list_count(l), 3);
	p = ffanotif_partition_list_get(l, 0);
	assert_int_equal(ffanotif_partition_get_id(p), ECHO);
	assert_string_equal(ffanotif_partition_get_name(p), "echo");
	assert_true(ffanotif_partition_receives_notifications(p));
	assert_true(ffanotif_partition_get_properties(p) & (1U << 3));
	assert_int_equal(ffanotif_partition_get_vcpu_count(p), 4);
	assert_int_equal(ffanotif_partition_get_uuid(p)[15], 1);
	p = ffanotif_partition_list_get(l, 2);
	assert_int_equal(ffanotif_partition_get_id(p), DOORBELL);
	assert_false(ffanotif_partition_receives_notifications(p));
	errno = 0;
	assert_null(ffanotif_partition_list_get(l, 3));
	assert_int_equal(errno, EINVAL);
	ffanotif_partition_list_free(l);
	ffanotif_session_close(s);
}

static void test_epoll_wakes(void **state)
{
	struct ffanotif_session *s = open_session();
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	struct epoll_event ev = { .events = EPOLLIN }, out;
	const struct ffanotif_event *e;
	int ep = epoll_create1(0);

	(void)state;
	assert_true(ep >= 0);
	assert_int_equal(
		epoll_ctl(ep, EPOLL_CTL_ADD, ffanotif_session_get_fd(s), &ev),
		0);
	assert_int_equal(ffanotif_session_bind(s, DOORBELL, 1ULL << 12, 0), 0);
	/* Nothing yet: epoll and wait time out, a read finds nothing. */
	assert_int_equal(epoll_wait(ep, &out, 1, 0), 0);
	assert_int_equal(ffanotif_session_wait(s, 0), 0);
	assert_int_equal(ffanotif_session_read_events(s, b, 0), 0);

	assert_int_equal(
		ffanotif_session_sim_ring(s, DOORBELL, 1ULL << 12, 0, 0), 0);
	assert_int_equal(epoll_wait(ep, &out, 1, 2000), 1);
	assert_int_equal(ffanotif_session_read_events(s, b, 0), 1);
	e = ffanotif_event_buffer_get_event(b, 0);
	assert_non_null(e);
	assert_int_equal(ffanotif_event_get_sender(e), DOORBELL);
	assert_true(ffanotif_event_get_notifications(e) == 1ULL << 12);
	assert_false(ffanotif_event_is_per_vcpu(e));
	assert_true(ffanotif_event_get_seqno(e) == 1);
	assert_true(ffanotif_event_get_timestamp_ns(e) > 0);
	assert_int_equal(ffanotif_event_get_dropped(e), 0);
	/* Read: the fd is quiet again. */
	assert_int_equal(epoll_wait(ep, &out, 1, 0), 0);
	close(ep);
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(s);
}

static void test_echo_global_and_per_vcpu(void **state)
{
	struct ffanotif_session *s = open_session();
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(8);
	const struct ffanotif_event *e;
	uint16_t v;

	(void)state;
	assert_int_equal(ffanotif_session_bind(s, ECHO, 0x3, 0), 0);
	assert_int_equal(ffanotif_session_send(s, ECHO, 0x3, 0, 0), 0);
	assert_true(read_bits(s, b, ECHO, 0x3) >= 1);

	assert_int_equal(ffanotif_session_bind(s, ECHO_PERCPU, 1ULL << 33,
					       FFANOTIF_FLAG_PER_VCPU),
			 0);
	for (v = 0; v < 4; v++) {
		assert_int_equal(
			ffanotif_session_send(s, ECHO_PERCPU, 1ULL << 33,
					      FFANOTIF_FLAG_PER_VCPU, v),
			0);
		assert_int_equal(wait_read(s, b), 1);
		e = ffanotif_event_buffer_get_event(b, 0);
		assert_true(ffanotif_event_is_per_vcpu(e));
		assert_int_equal(ffanotif_event_get_vcpu(e), v);
		assert_true(ffanotif_event_get_notifications(e) == 1ULL << 33);
	}
	/* The partition's vCPU 4 does not exist: the firmware says so. */
	assert_int_equal(ffanotif_session_send(s, ECHO_PERCPU, 1ULL << 33,
					       FFANOTIF_FLAG_PER_VCPU, 4),
			 -1);
	assert_int_equal(errno, EINVAL);
	/* Global SET of a per-vCPU binding: INVALID_PARAMETERS. */
	assert_int_equal(
		ffanotif_session_send(s, ECHO_PERCPU, 1ULL << 33, 0, 0), -1);
	assert_int_equal(errno, EINVAL);
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(s);
}

static void test_batch_reads(void **state)
{
	struct ffanotif_session *s = open_session();
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(4);
	uint64_t seq = 0;
	uint16_t v;
	size_t i;
	int total = 0, n;

	(void)state;
	assert_int_equal(ffanotif_event_buffer_get_capacity(b), 4);
	assert_int_equal(ffanotif_session_bind(s, ECHO_PERCPU, 1ULL << 40,
					       FFANOTIF_FLAG_PER_VCPU),
			 0);
	assert_int_equal(ffanotif_session_bind(s, DOORBELL, 1ULL << 1, 0), 0);
	assert_int_equal(ffanotif_session_bind(s, ECHO, 1ULL << 2, 0), 0);
	/* Six events: four vCPUs, two other senders. */
	for (v = 0; v < 4; v++)
		assert_int_equal(
			ffanotif_session_send(s, ECHO_PERCPU, 1ULL << 40,
					      FFANOTIF_FLAG_PER_VCPU, v),
			0);
	assert_int_equal(ffanotif_session_sim_ring(s, DOORBELL, 2, 0, 0), 0);
	assert_int_equal(ffanotif_session_send(s, ECHO, 4, 0, 0), 0);
	settle(s, 6, 0);

	n = ffanotif_session_read_events(s, b, 0);
	assert_int_equal(n, 4);
	assert_int_equal(ffanotif_event_buffer_get_num_events(b), 4);
	for (i = 0; i < 4; i++) {
		const struct ffanotif_event *e =
			ffanotif_event_buffer_get_event(b, i);

		assert_true(ffanotif_event_get_seqno(e) == ++seq);
	}
	total += n;
	/* Events left: the fd stays readable. */
	assert_int_equal(ffanotif_session_wait(s, 0), 1);
	n = ffanotif_session_read_events(s, b, 3);
	assert_int_equal(n, 2);
	total += n;
	assert_true(ffanotif_event_get_seqno(
			    ffanotif_event_buffer_get_event(b, 1)) == seq + 2);
	assert_int_equal(total, 6);
	assert_null(ffanotif_event_buffer_get_event(b, 2));
	/* More than the buffer holds: EINVAL. */
	assert_int_equal(ffanotif_session_read_events(s, b, 5), -1);
	assert_int_equal(errno, EINVAL);
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(s);
}

static void test_event_copy_and_buffers(void **state)
{
	struct ffanotif_session *s = open_session();
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(1);
	struct ffanotif_event *copy;

	(void)state;
	assert_null(ffanotif_event_buffer_new(1025));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ffanotif_session_bind(s, DOORBELL, 1, 0), 0);
	assert_int_equal(ffanotif_session_sim_ring(s, DOORBELL, 1, 0, 0), 0);
	assert_int_equal(wait_read(s, b), 1);
	copy = ffanotif_event_copy(ffanotif_event_buffer_get_event(b, 0));
	assert_non_null(copy);
	/* The copy outlives the buffer's next read. */
	assert_int_equal(ffanotif_session_sim_ring(s, DOORBELL, 1, 0, 0), 0);
	assert_int_equal(wait_read(s, b), 1);
	assert_true(ffanotif_event_get_seqno(copy) == 1);
	assert_true(ffanotif_event_get_seqno(
			    ffanotif_event_buffer_get_event(b, 0)) == 2);
	ffanotif_event_free(copy);
	assert_null(ffanotif_event_copy(NULL));
	ffanotif_event_buffer_free(b);
	ffanotif_event_buffer_free(NULL);
	ffanotif_session_close(s);
}

/* Each bad call: -1 with EINVAL, and the session's bindings unchanged. */
static void test_bad_arguments(void **state)
{
	struct ffanotif_session *s = open_session();
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	struct ffanotif_stats st;

	(void)state;
	assert_int_equal(ffanotif_session_bind(s, ECHO, 0x1, 0), 0);

#define EXPECT_EINVAL(call)                      \
	do {                                     \
		errno = 0;                       \
		assert_int_equal((call), -1);    \
		assert_int_equal(errno, EINVAL); \
		assert_true(bound_of(s) == 0x1); \
	} while (0)

	EXPECT_EINVAL(ffanotif_session_bind(s, ECHO, 0, 0));
	EXPECT_EINVAL(ffanotif_session_bind(s, ECHO, 0x2, 1ULL << 1));
	EXPECT_EINVAL(ffanotif_session_bind(s, ECHO, 0x2, 1ULL << 63));
	EXPECT_EINVAL(ffanotif_session_bind(s, 0x0001, 0x2, 0));
	EXPECT_EINVAL(ffanotif_session_bind(s, 0x8000, 0x2, 0));
	EXPECT_EINVAL(ffanotif_session_bind(s, 0xffff, 0x2, 0));
	EXPECT_EINVAL(ffanotif_session_bind(NULL, ECHO, 0x2, 0));
	EXPECT_EINVAL(ffanotif_session_unbind(s, ECHO, 0x2));
	EXPECT_EINVAL(ffanotif_session_unbind(s, ECHO_PERCPU, 0x1));
	EXPECT_EINVAL(ffanotif_session_unbind(s, ECHO, 0));
	EXPECT_EINVAL(ffanotif_session_unbind(NULL, ECHO, 0x1));
	EXPECT_EINVAL(ffanotif_session_send(s, ECHO, 0, 0, 0));
	EXPECT_EINVAL(ffanotif_session_send(s, ECHO, 1, 0, 1));
	EXPECT_EINVAL(ffanotif_session_send(s, ECHO, 1, 4, 0));
	EXPECT_EINVAL(ffanotif_session_send(s, 0x0002, 1, 0, 0));
	EXPECT_EINVAL(ffanotif_session_send(NULL, ECHO, 1, 0, 0));
	EXPECT_EINVAL(ffanotif_session_sim_ring(s, DOORBELL, 0, 0, 0));
	EXPECT_EINVAL(ffanotif_session_sim_ring(s, DOORBELL, 1, 0, 2));
	EXPECT_EINVAL(ffanotif_session_sim_ring(s, DOORBELL, 1,
						FFANOTIF_FLAG_PER_VCPU, 4));
	EXPECT_EINVAL(ffanotif_session_sim_ring(s, 0x8009, 1, 0, 0));
	EXPECT_EINVAL(ffanotif_session_read_events(NULL, b, 0));
	EXPECT_EINVAL(ffanotif_session_read_events(s, NULL, 0));
	EXPECT_EINVAL(ffanotif_session_wait(NULL, 0));
	EXPECT_EINVAL(ffanotif_session_get_stats(s, NULL));
	EXPECT_EINVAL(ffanotif_session_get_stats(NULL, &st));
#undef EXPECT_EINVAL
	errno = 0;
	assert_null(ffanotif_session_read_stats(NULL));
	assert_int_equal(errno, EINVAL);
#define EXPECT_ZERO_EINVAL(call)                 \
	do {                                     \
		errno = 0;                       \
		assert_true((call) == 0);        \
		assert_int_equal(errno, EINVAL); \
	} while (0)
	EXPECT_ZERO_EINVAL(ffanotif_session_stats_get_bound(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_session_stats_get_events(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_session_stats_get_read(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_session_stats_get_coalesced(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_session_stats_get_dropped(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_module_counters_get_open_files(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_module_counters_get_delivered(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_module_counters_get_unclaimed(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_module_counters_get_release_failures(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_module_counters_get_sent(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_module_counters_get_sri(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_module_counters_get_fw_errors(NULL));
	EXPECT_ZERO_EINVAL(ffanotif_module_counters_get_monitor_drops(NULL));
#undef EXPECT_ZERO_EINVAL
	ffanotif_session_stats_free(NULL);
	ffanotif_module_counters_free(NULL);

	/* None of it left anything behind: the session works as before. */
	assert_int_equal(ffanotif_session_get_stats(s, &st), 0);
	assert_true(st.events == 0);
	assert_int_equal(ffanotif_session_send(s, ECHO, 1, 0, 0), 0);
	assert_int_equal(wait_read(s, b), 1);
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(s);
}

static void test_firmware_refusals(void **state)
{
	struct ffanotif_session *s = open_session();

	(void)state;
	/* The doorbell takes no notifications: DENIED -> EACCES. */
	assert_int_equal(ffanotif_session_send(s, DOORBELL, 1, 0, 0), -1);
	assert_int_equal(errno, EACCES);
	/* The echo partition bound only IDs 0-31 from us: DENIED. */
	assert_int_equal(ffanotif_session_send(s, ECHO, 1ULL << 50, 0, 0), -1);
	assert_int_equal(errno, EACCES);
	/* An unknown partition: INVALID_PARAMETERS -> EINVAL. */
	assert_int_equal(ffanotif_session_bind(s, 0x8009, 1, 0), -1);
	assert_int_equal(errno, EINVAL);
	assert_true(bound_of(s) == 0);
	ffanotif_session_close(s);
}

static void test_ownership_and_release(void **state)
{
	struct ffanotif_session *a = open_session(), *b = open_session();
	struct ffanotif_event_buffer *buf = ffanotif_event_buffer_new(0);

	(void)state;
	assert_int_equal(ffanotif_session_bind(a, ECHO, 1ULL << 20, 0), 0);
	assert_int_equal(ffanotif_session_bind(b, DOORBELL, 1ULL << 20, 0), -1);
	assert_int_equal(errno, EBUSY);
	assert_int_equal(
		ffanotif_session_bind(b, ECHO, (1ULL << 20) | (1ULL << 21), 0),
		-1);
	assert_int_equal(errno, EBUSY);
	assert_true(bound_of(b) == 0);
	/* B may ring what A bound; only A hears the echo. */
	assert_int_equal(ffanotif_session_send(b, ECHO, 1ULL << 20, 0, 0), 0);
	assert_int_equal(wait_read(a, buf), 1);
	assert_int_equal(ffanotif_session_wait(b, 0), 0);
	/* A goes away: its binding with it; B can bind the ID now. */
	ffanotif_session_close(a);
	assert_int_equal(ffanotif_session_bind(b, DOORBELL, 1ULL << 20, 0), 0);
	assert_int_equal(
		ffanotif_session_sim_ring(b, DOORBELL, 1ULL << 20, 0, 0), 0);
	assert_int_equal(wait_read(b, buf), 1);
	ffanotif_event_buffer_free(buf);
	ffanotif_session_close(b);
}

/*
 * API 1.5: bind with FFANOTIF_BIND_EXCLUSIVE is exclusive, as bind
 * without it is here (the module's hub: device or simulator); watch, a
 * shared one, is not had: EOPNOTSUPP, whatever the arguments.
 */
#define EXPECT_ERRNO(err, call)               \
	do {                                  \
		errno = 0;                    \
		assert_int_equal((call), -1); \
		assert_int_equal(errno, err); \
	} while (0)

static void test_bind_exclusive_no_watch(void **state)
{
	struct ffanotif_session *a = open_session(), *b = open_session();
	struct ffanotif_event_buffer *buf = ffanotif_event_buffer_new(0);

	(void)state;
	assert_int_equal(ffanotif_session_bind(a, ECHO, 1ULL << 22,
					       FFANOTIF_BIND_EXCLUSIVE),
			 0);
	assert_true(bound_of(a) == 1ULL << 22);
	/* A second session: EBUSY, with the flag or without. */
	assert_int_equal(ffanotif_session_bind(b, ECHO, 1ULL << 22,
					       FFANOTIF_BIND_EXCLUSIVE),
			 -1);
	assert_int_equal(errno, EBUSY);
	assert_int_equal(ffanotif_session_bind(b, ECHO, 1ULL << 22, 0), -1);
	assert_int_equal(errno, EBUSY);
	/* Nor can it watch: the module has exclusive bindings only. */
	errno = 0;
	assert_int_equal(ffanotif_session_watch(b, ECHO, 1ULL << 22, 0), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(ffanotif_session_watch(b, ECHO, 1ULL << 23, 0), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(ffanotif_session_watch(b, ECHO, 0, 0), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(ffanotif_session_unwatch(a, ECHO, 1ULL << 22), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_true(bound_of(b) == 0);
	/* Only A hears the echo. */
	assert_int_equal(ffanotif_session_send(b, ECHO, 1ULL << 22, 0, 0), 0);
	assert_int_equal(wait_read(a, buf), 1);
	assert_int_equal(ffanotif_session_wait(b, 0), 0);
	/* The flag is the library's: the per-vCPU flag beside it goes on,
	 * and the backend judges the rest as without it.
	 */
	struct ffanotif_info *i = ffanotif_session_get_info(a);

	assert_non_null(i);
	if (ffanotif_info_has_per_vcpu(i))
		assert_int_equal(
			ffanotif_session_bind(a, ECHO_PERCPU, 1ULL << 41,
					      FFANOTIF_BIND_EXCLUSIVE |
						      FFANOTIF_FLAG_PER_VCPU),
			0);
	ffanotif_info_free(i);
	EXPECT_ERRNO(EINVAL, ffanotif_session_bind(a, ECHO, 0x2,
						   FFANOTIF_BIND_EXCLUSIVE |
							   (1ULL << 1)));
	EXPECT_ERRNO(EINVAL, ffanotif_session_bind(a, ECHO, 0,
						   FFANOTIF_BIND_EXCLUSIVE));
	EXPECT_ERRNO(EINVAL, ffanotif_session_bind(NULL, ECHO, 0x2,
						   FFANOTIF_BIND_EXCLUSIVE));
	EXPECT_ERRNO(EINVAL, ffanotif_session_watch(NULL, ECHO, 0x2, 0));
	EXPECT_ERRNO(EINVAL, ffanotif_session_unwatch(NULL, ECHO, 0x2));
	/* Exclusive is no flag of watch. */
	EXPECT_ERRNO(EINVAL, ffanotif_session_watch(b, ECHO, 0x2,
						    FFANOTIF_BIND_EXCLUSIVE));
	/* Unbound as ever, and B may have it now. */
	assert_int_equal(ffanotif_session_unbind(a, ECHO, 1ULL << 22), 0);
	assert_int_equal(ffanotif_session_bind(b, ECHO, 1ULL << 22,
					       FFANOTIF_BIND_EXCLUSIVE),
			 0);
	ffanotif_event_buffer_free(buf);
	ffanotif_session_close(a);
	ffanotif_session_close(b);
}

static void test_coalescing(void **state)
{
	struct ffanotif_session *s = open_session();
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	struct ffanotif_session_stats *nst;
	struct ffanotif_stats st;
	int i;

	(void)state;
	assert_int_equal(ffanotif_session_bind(s, DOORBELL, 0x3, 0), 0);
	/*
	 * One ring at a time, each arrived before the next: a ring whose bit
	 * is still pending in the firmware is merged there, unseen by the
	 * session.  ID 1 joins the unread event of ID 0 (same sender); the
	 * nine rings of ID 0 after it, each handled after the one before,
	 * also make sure it has arrived.
	 */
	assert_int_equal(ffanotif_session_sim_ring(s, DOORBELL, 1, 0, 0), 0);
	settle(s, 1, 0);
	assert_int_equal(ffanotif_session_sim_ring(s, DOORBELL, 2, 0, 0), 0);
	for (i = 1; i < 10; i++) {
		assert_int_equal(
			ffanotif_session_sim_ring(s, DOORBELL, 1, 0, 0), 0);
		settle(s, 1, (uint64_t)i);
	}
	assert_int_equal(wait_read(s, b), 1);
	assert_true(ffanotif_event_get_notifications(
			    ffanotif_event_buffer_get_event(b, 0)) == 0x3);
	nst = ffanotif_session_read_stats(s);
	assert_non_null(nst);
	assert_true(ffanotif_session_stats_get_bound(nst) == 0x3);
	assert_true(ffanotif_session_stats_get_coalesced(nst) == 9);
	assert_true(ffanotif_session_stats_get_dropped(nst) == 0);
	assert_true(ffanotif_session_stats_get_events(nst) == 1);
	assert_true(ffanotif_session_stats_get_read(nst) == 1);
	/* The deprecated struct says the same. */
	memset(&st, 0xa5, sizeof(st));
	assert_int_equal(ffanotif_session_get_stats(s, &st), 0);
	assert_true(st.bound == ffanotif_session_stats_get_bound(nst));
	assert_true(st.events == ffanotif_session_stats_get_events(nst));
	assert_true(st.read == ffanotif_session_stats_get_read(nst));
	assert_true(st.coalesced == ffanotif_session_stats_get_coalesced(nst));
	assert_true(st.dropped == ffanotif_session_stats_get_dropped(nst));
	ffanotif_session_stats_free(nst);
	/* An object is a snapshot: later activity does not change it. */
	nst = ffanotif_session_read_stats(s);
	assert_non_null(nst);
	assert_int_equal(ffanotif_session_unbind(s, DOORBELL, 0x1), 0);
	assert_true(ffanotif_session_stats_get_bound(nst) == 0x3);
	ffanotif_session_stats_free(nst);
	assert_true(bound_of(s) == 0x2);
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(s);
}

struct ringer {
	struct ffanotif_session *s;
	int rounds;
	atomic_int rung; /* ring number in flight, from 1 */
	atomic_int acked; /* last ring number the reader saw */
	atomic_int errors;
	atomic_int timeouts;
};

/* Ring one ID at a time and wait until the reader has seen that ring. */
static void *ring_thread(void *arg)
{
	struct ringer *r = arg;
	struct timespec t0, now;
	int i;

	for (i = 1; i <= r->rounds; i++) {
		atomic_store(&r->rung, i);
		if (ffanotif_session_sim_ring(r->s, DOORBELL, 1ULL << (i % 64),
					      0, 0))
			atomic_fetch_add(&r->errors, 1);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		while (atomic_load(&r->acked) < i) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec - t0.tv_sec > 5) {
				atomic_fetch_add(&r->timeouts, 1);
				return NULL;
			}
			sched_yield();
		}
	}
	return NULL;
}

/*
 * At least once, ring by ring: a thread rings one ID and waits until this
 * thread has read an event carrying it, then rings the next; every one of
 * the rings must arrive, and nothing is dropped.
 */
static void test_threads_at_least_once(void **state)
{
	struct ffanotif_session *rx = open_session(), *tx = open_session();
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(64);
	struct ringer r = { .s = tx, .rounds = 2000 };
	struct ffanotif_session_stats *st;
	pthread_t t;
	size_t i;
	int n, cur;

	(void)state;
	assert_int_equal(ffanotif_session_bind(rx, DOORBELL, ~0ULL, 0), 0);
	assert_int_equal(pthread_create(&t, NULL, ring_thread, &r), 0);
	while (atomic_load(&r.acked) < r.rounds &&
	       atomic_load(&r.timeouts) == 0) {
		if (ffanotif_session_wait(rx, SEC / 10) != 1)
			continue;
		n = ffanotif_session_read_events(rx, b, 0);
		assert_true(n >= 0);
		cur = atomic_load(&r.rung);
		for (i = 0; i < (size_t)n; i++)
			if (ffanotif_event_get_notifications(
				    ffanotif_event_buffer_get_event(b, i)) &
			    (1ULL << (cur % 64)))
				atomic_store(&r.acked, cur);
	}
	pthread_join(t, NULL);
	assert_int_equal(atomic_load(&r.errors), 0);
	assert_int_equal(atomic_load(&r.timeouts), 0);
	assert_int_equal(atomic_load(&r.acked), r.rounds);
	st = ffanotif_session_read_stats(rx);
	assert_non_null(st);
	assert_true(ffanotif_session_stats_get_dropped(st) == 0);
	assert_true(ffanotif_session_stats_get_events(st) >=
		    (uint64_t)r.rounds);
	ffanotif_session_stats_free(st);
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(tx);
	ffanotif_session_close(rx);
}

/* ---- a session's queue depth and clock (API 1.4) -------------------------- */

static void expect_errno(int ret, int err)
{
	assert_int_equal(ret, -1);
	assert_int_equal(errno, err);
}

static void expect_config(struct ffanotif_session *s, int depth, int clock)
{
	assert_int_equal(ffanotif_session_get_queue_depth(s), depth);
	assert_int_equal(ffanotif_session_get_event_clock(s), clock);
}

static void test_session_config(void **state)
{
	struct ffanotif_session *s = open_session();
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	struct ffanotif_info *i = ffanotif_session_get_info(s);
	int depth;

	(void)state;
	assert_non_null(i);
	depth = (int)ffanotif_info_get_queue_depth(i);
	ffanotif_info_free(i);
	/* A new session: the default depth, CLOCK_MONOTONIC. */
	expect_config(s, depth, FFANOTIF_CLOCK_MONOTONIC);
	assert_int_equal(ffanotif_session_set_queue_depth(s, 1), 0);
	expect_config(s, 1, FFANOTIF_CLOCK_MONOTONIC);
	/* Each setter keeps the other's part. */
	assert_int_equal(
		ffanotif_session_set_event_clock(s, FFANOTIF_CLOCK_BOOTTIME),
		0);
	expect_config(s, 1, FFANOTIF_CLOCK_BOOTTIME);
	assert_int_equal(
		ffanotif_session_set_queue_depth(s, FFANOTIF_QUEUE_DEPTH_MAX),
		0);
	expect_config(s, FFANOTIF_QUEUE_DEPTH_MAX, FFANOTIF_CLOCK_BOOTTIME);
	assert_int_equal(ffanotif_session_set_queue_depth(s, 0), 0);
	expect_config(s, depth, FFANOTIF_CLOCK_BOOTTIME);
	assert_int_equal(ffanotif_session_set_queue_depth(s, 200), 0);

	/* Bad values: EINVAL, nothing changed. */
	expect_errno(ffanotif_session_set_queue_depth(
			     s, FFANOTIF_QUEUE_DEPTH_MAX + 1),
		     EINVAL);
	expect_errno(ffanotif_session_set_queue_depth(s, (size_t)-1), EINVAL);
	expect_errno(ffanotif_session_set_event_clock(s, 3), EINVAL);
	expect_errno(ffanotif_session_set_event_clock(s, -1), EINVAL);
	expect_errno(ffanotif_session_set_queue_depth(NULL, 1), EINVAL);
	expect_errno(ffanotif_session_set_event_clock(NULL, 0), EINVAL);
	expect_errno(ffanotif_session_get_queue_depth(NULL), EINVAL);
	expect_errno(ffanotif_session_get_event_clock(NULL), EINVAL);
	expect_config(s, 200, FFANOTIF_CLOCK_BOOTTIME);

	/* Bound: EBUSY, nothing changed. */
	assert_int_equal(ffanotif_session_bind(s, DOORBELL, 1ULL << 7, 0), 0);
	expect_errno(ffanotif_session_set_queue_depth(s, 8), EBUSY);
	expect_errno(
		ffanotif_session_set_event_clock(s, FFANOTIF_CLOCK_REALTIME),
		EBUSY);
	expect_config(s, 200, FFANOTIF_CLOCK_BOOTTIME);
	/* Unbound with an event unread: still EBUSY; read: free again. */
	assert_int_equal(
		ffanotif_session_sim_ring(s, DOORBELL, 1ULL << 7, 0, 0), 0);
	settle(s, 1, 0);
	assert_int_equal(ffanotif_session_unbind(s, DOORBELL, 1ULL << 7), 0);
	expect_errno(ffanotif_session_set_queue_depth(s, 8), EBUSY);
	assert_int_equal(ffanotif_session_read_events(s, b, 0), 1);
	assert_int_equal(ffanotif_session_set_queue_depth(s, 8), 0);
	expect_config(s, 8, FFANOTIF_CLOCK_BOOTTIME);
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(s);
}

/*
 * A queue of 2: four per-vCPU echoes, one at a time, leave the last two;
 * the two first are dropped, counted in the stats and in the first event.
 * A queue of 4 keeps all four.
 */
static void test_session_queue_depth(void **state)
{
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(8);
	struct ffanotif_session_stats *st;
	const struct ffanotif_event *e;
	struct ffanotif_session *s;
	size_t depth;
	uint16_t v;

	(void)state;
	for (depth = 2; depth <= 4; depth += 2) {
		s = open_session();
		assert_int_equal(ffanotif_session_set_queue_depth(s, depth), 0);
		assert_int_equal(ffanotif_session_bind(s, ECHO_PERCPU,
						       1ULL << 34,
						       FFANOTIF_FLAG_PER_VCPU),
				 0);
		for (v = 0; v < 4; v++) {
			assert_int_equal(ffanotif_session_send(
						 s, ECHO_PERCPU, 1ULL << 34,
						 FFANOTIF_FLAG_PER_VCPU, v),
					 0);
			settle(s, v + 1, 0);
		}
		st = ffanotif_session_read_stats(s);
		assert_non_null(st);
		assert_true(ffanotif_session_stats_get_events(st) == 4);
		assert_true(ffanotif_session_stats_get_dropped(st) ==
			    4 - depth);
		ffanotif_session_stats_free(st);
		assert_int_equal(ffanotif_session_read_events(s, b, 0),
				 (int)depth);
		for (v = 0; v < depth; v++) {
			e = ffanotif_event_buffer_get_event(b, v);
			assert_int_equal(ffanotif_event_get_vcpu(e),
					 4 - depth + v);
			assert_true(ffanotif_event_get_seqno(e) ==
				    4 - depth + v + 1);
			assert_int_equal(ffanotif_event_get_dropped(e),
					 v == 0 ? 4 - depth : 0);
		}
		ffanotif_session_close(s);
	}
	ffanotif_event_buffer_free(b);
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	assert_int_equal(clock_gettime(id, &ts), 0);
	return (uint64_t)ts.tv_sec * SEC + (uint64_t)ts.tv_nsec;
}

/*
 * Each clock: an event's timestamp lies between clock_gettime() of that
 * clock before the ring and after the read.  REALTIME is told from the
 * others by its epoch; BOOTTIME from MONOTONIC only by time suspended,
 * which the unit test of the hub checks instead (the clock it is given).
 */
static void test_session_event_clock(void **state)
{
	static const struct {
		int clock;
		clockid_t id;
	} clocks[] = {
		{ FFANOTIF_CLOCK_MONOTONIC, CLOCK_MONOTONIC },
		{ FFANOTIF_CLOCK_BOOTTIME, CLOCK_BOOTTIME },
		{ FFANOTIF_CLOCK_REALTIME, CLOCK_REALTIME },
	};
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	const struct ffanotif_event *e;
	struct ffanotif_session *s;
	uint64_t before, after, ts;
	size_t i;
	int round;

	(void)state;
	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		s = open_session();
		assert_int_equal(
			ffanotif_session_set_event_clock(s, clocks[i].clock),
			0);
		assert_int_equal(ffanotif_session_get_event_clock(s),
				 clocks[i].clock);
		assert_int_equal(
			ffanotif_session_bind(s, DOORBELL, 1ULL << 9, 0), 0);
		for (round = 0; round < 3; round++) {
			before = clock_ns(clocks[i].id);
			assert_int_equal(ffanotif_session_sim_ring(
						 s, DOORBELL, 1ULL << 9, 0, 0),
					 0);
			assert_int_equal(wait_read(s, b), 1);
			after = clock_ns(clocks[i].id);
			e = ffanotif_event_buffer_get_event(b, 0);
			ts = ffanotif_event_get_timestamp_ns(e);
			if (ts < before || ts > after)
				fail_msg("clock %d: timestamp %llu outside "
					 "[%llu, %llu]",
					 clocks[i].clock,
					 (unsigned long long)ts,
					 (unsigned long long)before,
					 (unsigned long long)after);
		}
		ffanotif_session_close(s);
	}
	ffanotif_event_buffer_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_backends),
		cmocka_unit_test(test_versions_and_info),
		cmocka_unit_test(test_sim_personality),
		cmocka_unit_test(test_partitions),
		cmocka_unit_test(test_epoll_wakes),
		cmocka_unit_test(test_echo_global_and_per_vcpu),
		cmocka_unit_test(test_batch_reads),
		cmocka_unit_test(test_event_copy_and_buffers),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_firmware_refusals),
		cmocka_unit_test(test_ownership_and_release),
		cmocka_unit_test(test_bind_exclusive_no_watch),
		cmocka_unit_test(test_coalescing),
		cmocka_unit_test(test_threads_at_least_once),
		cmocka_unit_test(test_session_config),
		cmocka_unit_test(test_session_queue_depth),
		cmocka_unit_test(test_session_event_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
