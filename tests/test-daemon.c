// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * ffa-notifd end to end, on its simulator: libffanotif's daemon backend
 * against a daemon each test starts, and raw protocol connections where
 * a client must misbehave.  Fan-out, policy by uid and gid (in children
 * that drop to other uids: run as root), a client killed mid-stream, a
 * slow client, restart with configured bindings, malformed messages,
 * systemd readiness, watchdog, socket activation and reload.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ffanotif.h>

#include "daemon-harness.h"
#include "fnd_conn.h"

#define ECHO 0x8001
#define ECHO_PERCPU 0x8002
#define DOORBELL 0x8003
#define SEC 1000000000LL
#define BIT(n) (1ULL << (n))

/* Root may do everything: the tests' own sessions. */
#define ROOT_RULE "allow all user:0 * *\n"

static struct dh *start(const char *conf)
{
	struct dh *h = calloc(1, sizeof(*h));

	assert_non_null(h);
	dh_init(h);
	dh_write_conf(h, conf);
	assert_int_equal(dh_start(h), 0);
	return h;
}

static void finish(struct dh *h)
{
	/* SIGTERM: a clean exit, status 0. */
	assert_int_equal(dh_stop(h), 0);
	dh_fini(h);
	free(h);
}

static struct ffanotif_session *session(struct dh *h)
{
	struct ffanotif_session *s = dh_session(h);

	assert_non_null(s);
	return s;
}

/*
 * A bind that must succeed once the daemon has seen other clients close
 * (their close and our request race to it): EBUSY is retried for 5 s.
 */
static int bind_eventually(struct ffanotif_session *s, uint16_t sender,
			   uint64_t ids, uint64_t flags)
{
	int i, ret = -1;

	for (i = 0; i < 500; i++) {
		ret = ffanotif_session_bind(s, sender, ids, flags);
		if (ret == 0 || errno != EBUSY)
			break;
		usleep(10000);
	}
	return ret;
}

/* Every event readable within 2 s, merged: the bits, and the count. */
static uint64_t receive(struct ffanotif_session *s, int *n_events,
			uint32_t *dropped)
{
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	uint64_t bits = 0;
	int n, i, total = 0;

	assert_non_null(b);
	while (ffanotif_session_wait(s, total ? 0 : 2 * SEC) == 1) {
		n = ffanotif_session_read_events(s, b, 0);
		assert_true(n >= 0);
		for (i = 0; i < n; i++) {
			const struct ffanotif_event *e =
				ffanotif_event_buffer_get_event(b, (size_t)i);

			bits |= ffanotif_event_get_notifications(e);
			if (dropped)
				*dropped += ffanotif_event_get_dropped(e);
		}
		total += n;
		if (n == 0)
			break;
	}
	ffanotif_event_buffer_free(b);
	if (n_events)
		*n_events = total;
	return bits;
}

static void test_info_partitions_echo(void **state)
{
	struct dh *h = start("client-queue 16\n" ROOT_RULE);
	struct ffanotif_session *s = session(h);
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	struct ffanotif_partition_list *l;
	const struct ffanotif_event *e;
	struct ffanotif_info *i;

	(void)state;
	assert_string_equal(ffanotif_session_get_backend(s), "daemon");
	i = ffanotif_session_get_info(s);
	assert_non_null(i);
	/* The provider behind the daemon. */
	assert_string_equal(ffanotif_info_get_backend(i), "sim");
	assert_int_equal(ffanotif_info_get_ffa_version(i), 0x10001);
	assert_int_equal(ffanotif_info_get_queue_depth(i), 16);
	assert_int_equal(ffanotif_info_get_vcpu_count(i), 4);
	assert_true(ffanotif_info_has_sim_ring(i));
	ffanotif_info_free(i);
	/* The daemon sizes its clients' queues itself (client-queue) and
	 * stamps with CLOCK_MONOTONIC: no session configuration (API 1.4).
	 */
	errno = 0;
	assert_int_equal(ffanotif_session_set_queue_depth(s, 8), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	errno = 0;
	assert_int_equal(
		ffanotif_session_set_event_clock(s, FFANOTIF_CLOCK_BOOTTIME),
		-1);
	assert_int_equal(errno, EOPNOTSUPP);
	errno = 0;
	assert_int_equal(ffanotif_session_get_queue_depth(s), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	errno = 0;
	assert_int_equal(ffanotif_session_get_event_clock(s), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	l = ffanotif_session_list_partitions(s);
	assert_non_null(l);
	assert_int_equal(ffanotif_partition_list_count(l), 3);
	assert_string_equal(
		ffanotif_partition_get_name(ffanotif_partition_list_get(l, 1)),
		"echo-percpu");
	ffanotif_partition_list_free(l);

	/* Global echo: the reply to SET comes after the echo is sent. */
	assert_int_equal(ffanotif_session_bind(s, ECHO, BIT(5), 0), 0);
	assert_int_equal(ffanotif_session_send(s, ECHO, BIT(5), 0, 0), 0);
	assert_int_equal(ffanotif_session_wait(s, 0), 1);
	assert_int_equal(ffanotif_session_read_events(s, b, 0), 1);
	e = ffanotif_event_buffer_get_event(b, 0);
	assert_int_equal(ffanotif_event_get_sender(e), ECHO);
	assert_true(ffanotif_event_get_notifications(e) == BIT(5));
	assert_false(ffanotif_event_is_per_vcpu(e));
	assert_true(ffanotif_event_get_seqno(e) == 1);
	/* Per-vCPU echo, on the vCPU it was set for. */
	assert_int_equal(ffanotif_session_bind(s, ECHO_PERCPU, BIT(40),
					       FFANOTIF_FLAG_PER_VCPU),
			 0);
	assert_int_equal(ffanotif_session_send(s, ECHO_PERCPU, BIT(40),
					       FFANOTIF_FLAG_PER_VCPU, 2),
			 0);
	assert_int_equal(ffanotif_session_read_events(s, b, 0), 1);
	e = ffanotif_event_buffer_get_event(b, 0);
	assert_true(ffanotif_event_is_per_vcpu(e));
	assert_int_equal(ffanotif_event_get_vcpu(e), 2);
	/* The simulator rings us through the daemon. */
	assert_int_equal(ffanotif_session_bind(s, DOORBELL, BIT(60), 0), 0);
	assert_int_equal(ffanotif_session_sim_ring(s, DOORBELL, BIT(60), 0, 0),
			 0);
	assert_true(receive(s, NULL, NULL) == BIT(60));
	/* Unbind what it watches; anything else is EINVAL. */
	assert_int_equal(ffanotif_session_unbind(s, ECHO, BIT(6)), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ffanotif_session_unbind(s, DOORBELL, BIT(5)), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ffanotif_session_unbind(s, ECHO, BIT(5)), 0);
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(s);
	finish(h);
}

/* Bad arguments: EINVAL from the daemon, and nothing changed. */
static void test_bad_arguments(void **state)
{
	struct dh *h = start(ROOT_RULE);
	struct ffanotif_session *s = session(h);
	struct ffanotif_stats st;

	(void)state;
	assert_int_equal(ffanotif_session_bind(s, ECHO, BIT(1), 0), 0);
#define EXPECT_EINVAL(call)                                              \
	do {                                                             \
		errno = 0;                                               \
		assert_int_equal((call), -1);                            \
		assert_int_equal(errno, EINVAL);                         \
		assert_int_equal(ffanotif_session_get_stats(s, &st), 0); \
		assert_true(st.bound == BIT(1));                         \
	} while (0)
	EXPECT_EINVAL(ffanotif_session_bind(s, ECHO, 0, 0));
	EXPECT_EINVAL(ffanotif_session_bind(s, ECHO, BIT(2), BIT(1)));
	EXPECT_EINVAL(ffanotif_session_bind(s, 0x0001, BIT(2), 0));
	EXPECT_EINVAL(ffanotif_session_bind(s, 0x8000, BIT(2), 0));
	EXPECT_EINVAL(ffanotif_session_bind(s, 0xffff, BIT(2), 0));
	EXPECT_EINVAL(ffanotif_session_send(s, ECHO, 0, 0, 0));
	EXPECT_EINVAL(ffanotif_session_send(s, ECHO, 1, 0, 1));
	EXPECT_EINVAL(ffanotif_session_send(s, ECHO, 1, 4, 0));
	EXPECT_EINVAL(ffanotif_session_sim_ring(s, DOORBELL, 0, 0, 0));
	EXPECT_EINVAL(ffanotif_session_unbind(s, ECHO, 0));
#undef EXPECT_EINVAL
	/* Bound from another sender: EBUSY; watched already: EBUSY. */
	assert_int_equal(ffanotif_session_bind(s, DOORBELL, BIT(1), 0), -1);
	assert_int_equal(errno, EBUSY);
	assert_int_equal(ffanotif_session_bind(s, ECHO, BIT(1), 0), -1);
	assert_int_equal(errno, EBUSY);
	/* The firmware's refusal comes through: DENIED -> EACCES. */
	assert_int_equal(ffanotif_session_send(s, DOORBELL, 1, 0, 0), -1);
	assert_int_equal(errno, EACCES);
	ffanotif_session_close(s);
	finish(h);
}

#define FAN 16

static void test_fan_out(void **state)
{
	struct dh *h = start(ROOT_RULE);
	struct ffanotif_session *s[FAN], *other;
	struct ffanotif_stats st;
	uint32_t dropped = 0;
	int i, round, n;

	(void)state;
	for (i = 0; i < FAN; i++) {
		s[i] = session(h);
		if (ffanotif_session_bind(s[i], ECHO, BIT(9), 0))
			fail_msg("session %d: bind: %s", i, strerror(errno));
	}
	/* Same ID, another sender: refused while anyone watches it. */
	other = session(h);
	assert_int_equal(ffanotif_session_bind(other, DOORBELL, BIT(9), 0), -1);
	assert_int_equal(errno, EBUSY);
	/* Every ring reaches every watcher. */
	for (round = 0; round < 20; round++) {
		assert_int_equal(
			ffanotif_session_send(other, ECHO, BIT(9), 0, 0), 0);
		for (i = 0; i < FAN; i++) {
			assert_true(receive(s[i], &n, &dropped) == BIT(9));
			assert_int_equal(n, 1);
		}
	}
	assert_int_equal(dropped, 0);
	for (i = 0; i < FAN; i++) {
		assert_int_equal(ffanotif_session_get_stats(s[i], &st), 0);
		assert_true(st.events == 20 && st.dropped == 0);
		ffanotif_session_close(s[i]);
	}
	/* The last watcher gone, the daemon released the ID. */
	assert_int_equal(bind_eventually(other, DOORBELL, BIT(9), 0), 0);
	ffanotif_session_close(other);
	finish(h);
}

/*
 * API 1.5: watch is shared; bind with FFANOTIF_BIND_EXCLUSIVE holds the
 * IDs alone (FND_FLAG_EXCLUSIVE): EBUSY where another client watches,
 * and every other watch or bind of them EBUSY while it lasts; bind
 * without it is API 1.x's, a watch.
 */
static void test_watch_and_bind_meanings(void **state)
{
	struct dh *h = start(ROOT_RULE);
	struct ffanotif_session *a = session(h), *b = session(h);
	struct ffanotif_session *c = session(h);
	struct ffanotif_stats st;
	int n;

	(void)state;
	/* Two sessions watch the same ID: both receive each ring. */
	assert_int_equal(ffanotif_session_watch(a, ECHO, BIT(4), 0), 0);
	assert_int_equal(ffanotif_session_watch(b, ECHO, BIT(4), 0), 0);
	/* Not alone where others watch: EBUSY, all or nothing. */
	errno = 0;
	assert_int_equal(ffanotif_session_bind(c, ECHO, BIT(4) | BIT(6),
					       FFANOTIF_BIND_EXCLUSIVE),
			 -1);
	assert_int_equal(errno, EBUSY);
	/* Alone where nobody does: the others are kept out of it. */
	assert_int_equal(
		ffanotif_session_bind(c, ECHO, BIT(6), FFANOTIF_BIND_EXCLUSIVE),
		0);
	assert_int_equal(ffanotif_session_watch(a, ECHO, BIT(6), 0), -1);
	assert_int_equal(errno, EBUSY);
	assert_int_equal(ffanotif_session_bind(a, ECHO, BIT(6), 0), -1);
	assert_int_equal(errno, EBUSY);
	assert_int_equal(
		ffanotif_session_bind(b, ECHO, BIT(6), FFANOTIF_BIND_EXCLUSIVE),
		-1);
	assert_int_equal(errno, EBUSY);
	assert_int_equal(ffanotif_session_send(a, ECHO, BIT(6), 0, 0), 0);
	assert_true(receive(c, &n, NULL) == BIT(6));
	assert_int_equal(n, 1);
	assert_int_equal(ffanotif_session_wait(a, 0), 0);
	assert_int_equal(ffanotif_session_wait(b, 0), 0);
	/* unbind ends it: ID 6 is for watchers again. */
	assert_int_equal(ffanotif_session_unbind(c, ECHO, BIT(6)), 0);
	assert_int_equal(ffanotif_session_watch(a, ECHO, BIT(6), 0), 0);
	assert_int_equal(ffanotif_session_unwatch(a, ECHO, BIT(6)), 0);
	/* API 1.x's bind: a third watcher of the same ID. */
	assert_int_equal(ffanotif_session_bind(c, ECHO, BIT(4), 0), 0);
	assert_int_equal(ffanotif_session_send(a, ECHO, BIT(4), 0, 0), 0);
	assert_true(receive(a, &n, NULL) == BIT(4));
	assert_int_equal(n, 1);
	assert_true(receive(b, &n, NULL) == BIT(4));
	assert_int_equal(n, 1);
	assert_true(receive(c, &n, NULL) == BIT(4));
	assert_int_equal(n, 1);
	/* Watched from another sender: EBUSY, as ever. */
	assert_int_equal(ffanotif_session_watch(c, DOORBELL, BIT(4), 0), -1);
	assert_int_equal(errno, EBUSY);
	/* Exclusive is no flag of watch. */
	assert_int_equal(ffanotif_session_watch(c, ECHO, BIT(5),
						FFANOTIF_BIND_EXCLUSIVE),
			 -1);
	assert_int_equal(errno, EINVAL);
	/* unwatch stops one watcher; the others still receive. */
	assert_int_equal(ffanotif_session_unwatch(a, ECHO, BIT(4)), 0);
	assert_int_equal(ffanotif_session_unwatch(a, ECHO, BIT(4)), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ffanotif_session_get_stats(a, &st), 0);
	assert_true(st.bound == 0);
	assert_int_equal(ffanotif_session_get_stats(b, &st), 0);
	assert_true(st.bound == BIT(4));
	/* unbind undoes API 1.x's bind: the same as unwatch here. */
	assert_int_equal(ffanotif_session_unbind(c, ECHO, BIT(4)), 0);
	assert_int_equal(ffanotif_session_send(a, ECHO, BIT(4), 0, 0), 0);
	assert_true(receive(b, &n, NULL) == BIT(4));
	assert_int_equal(ffanotif_session_wait(a, 0), 0);
	assert_int_equal(ffanotif_session_wait(c, 0), 0);
	ffanotif_session_close(a);
	ffanotif_session_close(b);
	ffanotif_session_close(c);
	finish(h);
}

/* Configured bindings keep what arrives for the next watcher. */
static void test_pending_for_next_watcher(void **state)
{
	struct dh *h = start("bind 0x8001 0-3\n" ROOT_RULE);
	struct ffanotif_session *a = session(h), *b;
	struct ffanotif_event_buffer *buf = ffanotif_event_buffer_new(0);

	(void)state;
	/* Nobody watches: the echo comes back to the daemon's binding. */
	assert_int_equal(ffanotif_session_send(a, ECHO, BIT(2) | BIT(3), 0, 0),
			 0);
	assert_int_equal(ffanotif_session_wait(a, 0), 0);
	b = session(h);
	assert_int_equal(ffanotif_session_bind(b, ECHO, BIT(2), 0), 0);
	/* There with the reply to the bind. */
	assert_int_equal(ffanotif_session_wait(b, 0), 1);
	assert_int_equal(ffanotif_session_read_events(b, buf, 0), 1);
	assert_true(ffanotif_event_get_notifications(
			    ffanotif_event_buffer_get_event(buf, 0)) == BIT(2));
	/* ID 3 still waits for its own watcher; ID 2 is taken. */
	assert_int_equal(ffanotif_session_bind(a, ECHO, BIT(2) | BIT(3), 0), 0);
	assert_true(receive(a, NULL, NULL) == BIT(3));
	/* A configured binding stays when its watchers go. */
	ffanotif_session_close(b);
	assert_int_equal(ffanotif_session_unbind(a, ECHO, BIT(2) | BIT(3)), 0);
	assert_int_equal(ffanotif_session_bind(a, DOORBELL, BIT(2), 0), -1);
	assert_int_equal(errno, EBUSY);
	ffanotif_event_buffer_free(buf);
	ffanotif_session_close(a);
	finish(h);
}

/* ---- policy ------------------------------------------------------------- */

static const char *policy_sock;

static int expect(int ret, int err)
{
	if (err == 0)
		return ret == 0;
	return ret == -1 && errno == err;
}

/* Child: uid 1234 may watch 0x8001 0-7, nothing else. */
static int as_watcher(void *arg)
{
	struct ffanotif_session *s;
	struct ffanotif_info *i;

	(void)arg;
	setenv("FFANOTIFD_SOCKET", policy_sock, 1);
	s = ffanotif_session_open("daemon");
	if (!s)
		return 10;
	i = ffanotif_session_get_info(s);
	if (!i)
		return 11;
	ffanotif_info_free(i);
	if (!expect(ffanotif_session_bind(s, ECHO, BIT(5), 0), 0))
		return 12;
	if (!expect(ffanotif_session_bind(s, ECHO, BIT(8), 0), EACCES))
		return 13;
	/* All or nothing: 7 allowed, 8 not, so neither. */
	if (!expect(ffanotif_session_bind(s, ECHO, BIT(7) | BIT(8), 0), EACCES))
		return 14;
	if (!expect(ffanotif_session_send(s, ECHO, BIT(5), 0, 0), EACCES))
		return 15;
	if (!expect(ffanotif_session_sim_ring(s, DOORBELL, 1, 0, 0), EACCES))
		return 16;
	ffanotif_session_close(s);
	return 0;
}

/* Child: primary group 2345 may ring 0x8001, not watch. */
static int as_ringer(void *arg)
{
	struct ffanotif_session *s;

	(void)arg;
	setenv("FFANOTIFD_SOCKET", policy_sock, 1);
	s = ffanotif_session_open("daemon");
	if (!s)
		return 20;
	if (!expect(ffanotif_session_send(s, ECHO, BIT(5), 0, 0), 0))
		return 21;
	if (!expect(ffanotif_session_bind(s, ECHO, BIT(5), 0), EACCES))
		return 22;
	if (!expect(ffanotif_session_send(s, ECHO_PERCPU, BIT(40),
					  FFANOTIF_FLAG_PER_VCPU, 0),
		    EACCES))
		return 23;
	ffanotif_session_close(s);
	return 0;
}

/* Child: supplementary group 3456 may watch 0x8001 10-11. */
static int as_member(void *arg)
{
	struct ffanotif_session *s;

	(void)arg;
	setenv("FFANOTIFD_SOCKET", policy_sock, 1);
	s = ffanotif_session_open("daemon");
	if (!s)
		return 30;
	if (!expect(ffanotif_session_bind(s, ECHO, BIT(10) | BIT(11), 0), 0))
		return 31;
	if (!expect(ffanotif_session_bind(s, ECHO, BIT(12), 0), EACCES))
		return 32;
	ffanotif_session_close(s);
	return 0;
}

/* Child: nobody in particular: refused everything, served the rest. */
static int as_stranger(void *arg)
{
	struct ffanotif_partition_list *l;
	struct ffanotif_session *s;

	(void)arg;
	setenv("FFANOTIFD_SOCKET", policy_sock, 1);
	s = ffanotif_session_open("daemon");
	if (!s)
		return 40;
	if (!expect(ffanotif_session_bind(s, ECHO, BIT(5), 0), EACCES))
		return 41;
	if (!expect(ffanotif_session_send(s, ECHO, BIT(5), 0, 0), EACCES))
		return 42;
	l = ffanotif_session_list_partitions(s);
	if (!l)
		return 43;
	ffanotif_partition_list_free(l);
	ffanotif_session_close(s);
	return 0;
}

static void test_policy_uid_gid(void **state)
{
	struct dh *h = start("allow watch user:1234 0x8001 0-7\n"
			     "allow ring group:2345 0x8001 *\n"
			     "allow watch group:3456 0x8001 10,11\n");
	static const gid_t member_groups[] = { 100, 3456 };
	struct ffanotif_session *root;

	(void)state;
	policy_sock = h->sock;
	assert_int_equal(dh_run_as(1234, 1234, NULL, 0, as_watcher, NULL), 0);
	assert_int_equal(dh_run_as(1500, 2345, NULL, 0, as_ringer, NULL), 0);
	assert_int_equal(
		dh_run_as(1600, 1600, member_groups, 2, as_member, NULL), 0);
	assert_int_equal(dh_run_as(1700, 1700, NULL, 0, as_stranger, NULL), 0);
	/* Root has no rule here: refused like anyone. */
	root = session(h);
	assert_int_equal(ffanotif_session_bind(root, ECHO, BIT(1), 0), -1);
	assert_int_equal(errno, EACCES);
	ffanotif_session_close(root);
	/* Every refusal is logged, with who and what. */
	assert_true(dh_log_contains(h, "uid 1234 gid 1234): watch 0x8001 IDs "
				       "8: denied by policy"));
	assert_true(dh_log_contains(h, "uid 1500 gid 2345): watch 0x8001 IDs "
				       "5: denied by policy"));
	assert_true(dh_log_contains(h, "uid 1700 gid 1700): ring 0x8001"));
	finish(h);
}

/* ---- metrics ---------------------------------------------------------------- */

/* GET_METRICS on a raw control connection: 0 or -errno of the reply. */
static int get_metrics(int fd, uint32_t *seq, const struct fnd_metrics_req *q,
		       size_t req_len, struct fnd_metrics *m)
{
	uint8_t out[FND_MAX_MSG], in[FND_MAX_MSG];
	size_t len;
	int ret;

	fnd_metrics_req_encode(out, q);
	ret = fnd_call(fd, seq, FND_T_GET_METRICS, out, req_len, in, &len);
	if (ret == 0)
		ret = fnd_metrics_decode(in, len, m);
	return ret;
}

static int as_metrics_reader(void *arg)
{
	struct fnd_metrics_req q = { 0 };
	struct fnd_metrics m;
	uint64_t sess, token;
	uint32_t seq = 1;
	int fd, ret;

	fd = dh_raw(arg, &sess, &token);
	if (fd < 0)
		return 50;
	ret = get_metrics(fd, &seq, &q, FND_METRICS_REQ_SIZE, &m);
	close(fd);
	return ret == 0 ? 0 : ret == -EACCES ? 3 : 51;
}

/*
 * The daemon's metrics: N notifications rung and received are N
 * delivered, for their sender and ID; a kept one and a refusal counted;
 * a bad request refused with the connection kept; the policy's verb.
 */
static void test_metrics(void **state)
{
	struct dh *h = start("bind 0x8001 0-3\n" ROOT_RULE
			     "allow metrics user:1234 * *\n"
			     "allow all user:1235 0x8001 *\n");
	struct ffanotif_session *w = session(h), *tx = session(h);
	struct fnd_metrics_req q = { 0 };
	struct fnd_metrics m;
	uint64_t sess, token;
	uint32_t seq = 100;
	int fd, i, n;

	(void)state;
	assert_int_equal(ffanotif_session_bind(w, ECHO, BIT(9), 0), 0);
	for (i = 0; i < 7; i++) {
		assert_int_equal(ffanotif_session_send(tx, ECHO, BIT(9), 0, 0),
				 0);
		assert_true(receive(w, &n, NULL) == BIT(9));
		assert_int_equal(n, 1);
	}
	/* A configured ID nobody watches: kept, not delivered. */
	assert_int_equal(ffanotif_session_send(tx, ECHO, BIT(2), 0, 0), 0);
	fd = dh_raw(h, &sess, &token);
	assert_true(fd >= 0);
	assert_int_equal(get_metrics(fd, &seq, &q, FND_METRICS_REQ_SIZE, &m),
			 0);
	/* The simulator: no module, so no SRI or firmware counts. */
	assert_true(m.present == (FND_M_ALL & ~(FND_M_SRI | FND_M_FW_ERRORS)));
	assert_int_equal(m.delivered, 7);
	assert_int_equal(m.kept, 1);
	assert_int_equal(m.dropped, 0);
	assert_int_equal(m.denied, 0);
	assert_int_equal(m.backend_errors, 0);
	assert_int_equal(m.clients, 3);
	assert_int_equal(m.clients_total, 3);
	assert_int_equal(m.count, 1);
	assert_int_equal(m.series[0].sender, ECHO);
	assert_int_equal(m.series[0].id, 9);
	assert_int_equal(m.series[0].delivered, 7);
	/* The kept one handed to its next watcher: delivered then. */
	assert_int_equal(ffanotif_session_bind(w, ECHO, BIT(2), 0), 0);
	assert_true(receive(w, &n, NULL) == BIT(2));
	assert_int_equal(get_metrics(fd, &seq, &q, FND_METRICS_REQ_SIZE, &m),
			 0);
	assert_int_equal(m.delivered, 8);
	assert_int_equal(m.kept, 1);
	assert_int_equal(m.count, 2);
	/* Series in ID order. */
	assert_true(m.series[0].id == 2 && m.series[0].delivered == 1 &&
		    m.series[0].sender == ECHO);
	assert_true(m.series[1].id == 9 && m.series[1].delivered == 7);

	/* Bad requests: answered, and the connection goes on. */
	q.reserved = 1;
	assert_int_equal(get_metrics(fd, &seq, &q, FND_METRICS_REQ_SIZE, &m),
			 -EINVAL);
	q.reserved = 0;
	q.flags = 1;
	assert_int_equal(get_metrics(fd, &seq, &q, FND_METRICS_REQ_SIZE, &m),
			 -EINVAL);
	q.flags = 0;
	assert_int_equal(get_metrics(fd, &seq, &q, 0, &m), -EBADMSG);
	assert_int_equal(get_metrics(fd, &seq, &q, FND_METRICS_REQ_SIZE, &m),
			 0);
	close(fd);

	/* The verb "metrics" for * *, and only that: "all" of one
	 * partition does not give everyone's counts.
	 */
	assert_int_equal(dh_run_as(1234, 1234, NULL, 0, as_metrics_reader, h),
			 0);
	assert_int_equal(dh_run_as(1235, 1235, NULL, 0, as_metrics_reader, h),
			 3);
	assert_true(dh_log_contains(h, "uid 1235 gid 1235): metrics: denied "
				       "by policy"));
	fd = dh_raw(h, &sess, &token);
	assert_true(fd >= 0);
	assert_int_equal(get_metrics(fd, &seq, &q, FND_METRICS_REQ_SIZE, &m),
			 0);
	assert_int_equal(m.denied, 1);
	assert_int_equal(m.clients_total, 6);
	close(fd);
	ffanotif_session_close(tx);
	ffanotif_session_close(w);
	finish(h);
}

/* ---- clients that go wrong ---------------------------------------------- */

static void test_client_killed_mid_stream(void **state)
{
	struct dh *h = start(ROOT_RULE);
	struct ffanotif_session *survivor = session(h), *tx = session(h);
	int ready[2], i, n, status;
	char c, gone[64];
	pid_t pid;

	(void)state;
	assert_int_equal(ffanotif_session_bind(survivor, ECHO, BIT(12), 0), 0);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Watches, reads a little, then never again. */
		struct ffanotif_session *s = dh_session(h);

		if (!s || ffanotif_session_bind(s, ECHO, BIT(12), 0) < 0)
			_exit(1);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	for (i = 0; i < 200; i++) {
		if (i == 50)
			kill(pid, SIGKILL);
		assert_int_equal(ffanotif_session_send(tx, ECHO, BIT(12), 0, 0),
				 0);
		/* The survivor sees every one, before and after. */
		assert_true(receive(survivor, &n, NULL) == BIT(12));
		assert_int_equal(n, 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	/* Its watch went with it: the last one left releases the ID. */
	ffanotif_session_close(survivor);
	assert_int_equal(bind_eventually(tx, DOORBELL, BIT(12), 0), 0);
	/* The daemon saw the killed client go. */
	snprintf(gone, sizeof(gone), "(pid %d uid 0): gone", (int)pid);
	assert_true(dh_log_contains(h, gone));
	ffanotif_session_close(tx);
	finish(h);
}

/*
 * A slow client: it never reads while the others ring and read.  Its
 * queue overflows, the others see everything, and what it lost is told:
 * the dropped counts of its events add up to its stats.
 */
static void test_slow_client(void **state)
{
	struct dh *h = start("client-queue 4\n" ROOT_RULE);
	struct ffanotif_session *fast = session(h), *slow = session(h);
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	struct ffanotif_stats st;
	uint32_t dropped = 0, fast_dropped = 0;
	uint64_t want, got;
	uint16_t vcpu;
	int i, n, id;

	(void)state;
	assert_int_equal(ffanotif_session_bind(fast, ECHO, 0xffffffffULL, 0),
			 0);
	assert_int_equal(ffanotif_session_bind(fast, ECHO_PERCPU,
					       0xffffULL << 32,
					       FFANOTIF_FLAG_PER_VCPU),
			 0);
	assert_int_equal(ffanotif_session_bind(slow, ECHO, 0xffffffffULL, 0),
			 0);
	assert_int_equal(ffanotif_session_bind(slow, ECHO_PERCPU,
					       0xffffULL << 32,
					       FFANOTIF_FLAG_PER_VCPU),
			 0);
	/* Five (sender, vCPU) pairs against a queue of four: once its
	 * socket is full, the slow client's queue must drop.
	 */
	for (i = 0; i < 1500; i++) {
		id = i % 32;
		vcpu = (uint16_t)(i % 4);
		assert_int_equal(
			ffanotif_session_send(fast, ECHO, BIT(id), 0, 0), 0);
		assert_int_equal(ffanotif_session_send(
					 fast, ECHO_PERCPU, BIT(32 + i % 16),
					 FFANOTIF_FLAG_PER_VCPU, vcpu),
				 0);
		want = BIT(id) | BIT(32 + i % 16);
		got = receive(fast, NULL, &fast_dropped);
		assert_true((got & want) == want);
	}
	assert_int_equal(fast_dropped, 0);
	assert_int_equal(ffanotif_session_get_stats(fast, &st), 0);
	assert_true(st.dropped == 0);
	/* Now the slow one reads it all: what its socket held, then what
	 * the daemon queued, sent as the socket drains.
	 */
	while (ffanotif_session_wait(slow, SEC / 2) == 1) {
		n = ffanotif_session_read_events(slow, b, 0);
		assert_true(n >= 0);
		if (n == 0)
			break;
		for (i = 0; i < n; i++)
			dropped += ffanotif_event_get_dropped(
				ffanotif_event_buffer_get_event(b, (size_t)i));
	}
	assert_int_equal(ffanotif_session_get_stats(slow, &st), 0);
	assert_true(st.dropped > 0);
	assert_true(dropped == st.dropped);
	/* And it is served as before. */
	assert_int_equal(ffanotif_session_send(slow, ECHO, BIT(31), 0, 0), 0);
	assert_true(receive(slow, NULL, NULL) & BIT(31));
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(slow);
	ffanotif_session_close(fast);
	finish(h);
}

/* ---- restart, reload ------------------------------------------------------ */

static void test_restart_restores_bindings(void **state)
{
	struct dh *h = start("bind 0x8001 0-3\nbind 0x8002 32,33 per-vcpu\n"
			     "client-queue 8\n" ROOT_RULE);
	struct ffanotif_session *s;
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	const struct ffanotif_event *e;
	int round;

	(void)state;
	for (round = 0; round < 2; round++) {
		if (round) {
			assert_int_equal(dh_stop(h), 0);
			assert_int_equal(dh_start(h), 0);
		}
		s = session(h);
		/* With nobody watching, only the daemon's own bindings can
		 * take the echoes.
		 */
		assert_int_equal(ffanotif_session_send(s, ECHO, BIT(1), 0, 0),
				 0);
		assert_int_equal(ffanotif_session_send(s, ECHO_PERCPU, BIT(33),
						       FFANOTIF_FLAG_PER_VCPU,
						       3),
				 0);
		ffanotif_session_close(s);
		s = session(h);
		assert_int_equal(ffanotif_session_bind(s, ECHO, 0xf, 0), 0);
		assert_int_equal(ffanotif_session_bind(s, ECHO_PERCPU,
						       BIT(32) | BIT(33),
						       FFANOTIF_FLAG_PER_VCPU),
				 0);
		assert_int_equal(ffanotif_session_read_events(s, b, 0), 2);
		e = ffanotif_event_buffer_get_event(b, 0);
		assert_true(ffanotif_event_get_notifications(e) == BIT(1));
		e = ffanotif_event_buffer_get_event(b, 1);
		assert_true(ffanotif_event_get_notifications(e) == BIT(33));
		assert_int_equal(ffanotif_event_get_vcpu(e), 3);
		ffanotif_session_close(s);
		/* Held per vCPU, as configured: a global watch is EBUSY. */
		s = session(h);
		assert_int_equal(
			ffanotif_session_bind(s, ECHO_PERCPU, BIT(32), 0), -1);
		assert_int_equal(errno, EBUSY);
		ffanotif_session_close(s);
	}
	assert_true(dh_log_contains(h, "bound 0x8002 IDs 32-33 per-vCPU "
				       "(configured)"));
	ffanotif_event_buffer_free(b);
	finish(h);
}

static void test_reload_keeps_clients(void **state)
{
	struct dh *h = start("allow all user:0 0x8001 0-15\n");
	struct ffanotif_session *s = session(h);
	struct ffanotif_stats st;

	(void)state;
	assert_int_equal(ffanotif_session_bind(s, ECHO, BIT(3) | BIT(12), 0),
			 0);
	/* A broken file: refused, the running policy kept. */
	dh_write_conf(h, "allow all user:0 0x8001 0-7\nnonsense here\n");
	kill(h->pid, SIGHUP);
	assert_true(dh_wait_notify(h, "RELOADING=1", 5000));
	assert_true(dh_wait_notify(h, "READY=1", 5000));
	/* Line 4: the harness writes the socket lines first. */
	assert_true(dh_log_contains(h, ":4: unknown statement 'nonsense'"));
	assert_int_equal(ffanotif_session_get_stats(s, &st), 0);
	assert_true(st.bound == (BIT(3) | BIT(12)));
	/* A good one: the client stays, what it may no longer watch goes. */
	dh_write_conf(h, "allow all user:0 0x8001 0-7\nbind 0x8003 50\n");
	kill(h->pid, SIGHUP);
	assert_true(dh_wait_notify(h, "READY=1", 5000));
	assert_int_equal(ffanotif_session_get_stats(s, &st), 0);
	assert_true(st.bound == BIT(3));
	assert_int_equal(ffanotif_session_send(s, ECHO, BIT(3), 0, 0), 0);
	assert_true(receive(s, NULL, NULL) == BIT(3));
	assert_int_equal(ffanotif_session_bind(s, ECHO, BIT(12), 0), -1);
	assert_int_equal(errno, EACCES);
	assert_true(dh_log_contains(h, "watch of IDs 12 revoked"));
	/* The new configured binding is made. */
	assert_true(dh_log_contains(h, "bound 0x8003 IDs 50 (configured)"));
	ffanotif_session_close(s);
	finish(h);
}

/* ---- malformed messages --------------------------------------------------- */

/* One raw message, its reply's header; -1 if the daemon hung up. */
static int raw_exchange(int fd, const void *msg, size_t len,
			struct fnd_hdr *reply)
{
	uint8_t buf[FND_MAX_MSG];
	size_t rlen;

	if (send(fd, msg, len, MSG_NOSIGNAL) != (ssize_t)len)
		return -1;
	return fnd_recv(fd, reply, buf, &rlen) < 0 ? -1 : 0;
}

static size_t raw_msg(uint8_t *buf, uint32_t length, uint16_t version,
		      uint16_t type, uint32_t seq, uint32_t error)
{
	struct fnd_hdr hd = { length, version, type, seq, error };

	fnd_hdr_encode(buf, &hd);
	return FND_HDR_SIZE;
}

/* The connection is closed by the daemon (EOF, nothing more). */
static int hung_up(int fd)
{
	uint8_t b;

	return recv(fd, &b, 1, 0) == 0;
}

/* A healthy client, between the bad ones: still served. */
static void still_serving(struct ffanotif_session *good)
{
	assert_int_equal(ffanotif_session_send(good, ECHO, BIT(7), 0, 0), 0);
	assert_true(receive(good, NULL, NULL) == BIT(7));
}

static void test_malformed_messages(void **state)
{
	struct dh *h = start(ROOT_RULE);
	struct ffanotif_session *good = session(h);
	struct fnd_notif_req req = { .notifications = 1, .partition = ECHO };
	struct fnd_hello hello = { .role = FND_ROLE_EVENTS };
	uint8_t msg[FND_MAX_MSG * 2];
	struct fnd_hdr r;
	uint64_t sess, token;
	int fd;

	(void)state;
	assert_int_equal(ffanotif_session_bind(good, ECHO, BIT(7), 0), 0);
	fd = dh_raw(h, &sess, &token);
	assert_true(fd >= 0);

	/* Truncated: a BIND whose payload is 10 bytes short. */
	raw_msg(msg, FND_HDR_SIZE + FND_NOTIF_REQ_SIZE - 10, FND_PROTO_VERSION,
		FND_T_BIND, 41, 0);
	fnd_notif_req_encode(msg + FND_HDR_SIZE, &req);
	assert_int_equal(raw_exchange(fd, msg,
				      FND_HDR_SIZE + FND_NOTIF_REQ_SIZE - 10,
				      &r),
			 0);
	assert_int_equal(r.type, FND_T_BIND | FND_T_REPLY);
	assert_int_equal(r.seq, 41);
	assert_int_equal(r.error, EBADMSG);
	still_serving(good);

	/* Unknown type. */
	raw_msg(msg, FND_HDR_SIZE, FND_PROTO_VERSION, 0x0077, 42, 0);
	assert_int_equal(raw_exchange(fd, msg, FND_HDR_SIZE, &r), 0);
	assert_int_equal(r.error, EBADRQC);
	assert_int_equal(r.seq, 42);

	/* Wrong version: refused, and told which one the daemon speaks. */
	raw_msg(msg, FND_HDR_SIZE, FND_PROTO_VERSION + 1, FND_T_GET_INFO, 43,
		0);
	assert_int_equal(raw_exchange(fd, msg, FND_HDR_SIZE, &r), 0);
	assert_int_equal(r.error, EPROTONOSUPPORT);
	assert_int_equal(r.version, FND_PROTO_VERSION);

	/* The error field of a request must be 0. */
	raw_msg(msg, FND_HDR_SIZE, FND_PROTO_VERSION, FND_T_GET_INFO, 44, 5);
	assert_int_equal(raw_exchange(fd, msg, FND_HDR_SIZE, &r), 0);
	assert_int_equal(r.error, EINVAL);

	/* Reserved words and flags. */
	req.reserved[2] = 1;
	raw_msg(msg, FND_HDR_SIZE + FND_NOTIF_REQ_SIZE, FND_PROTO_VERSION,
		FND_T_BIND, 45, 0);
	fnd_notif_req_encode(msg + FND_HDR_SIZE, &req);
	assert_int_equal(
		raw_exchange(fd, msg, FND_HDR_SIZE + FND_NOTIF_REQ_SIZE, &r),
		0);
	assert_int_equal(r.error, EINVAL);
	req.reserved[2] = 0;
	req.flags = BIT(7);
	fnd_notif_req_encode(msg + FND_HDR_SIZE, &req);
	assert_int_equal(
		raw_exchange(fd, msg, FND_HDR_SIZE + FND_NOTIF_REQ_SIZE, &r),
		0);
	assert_int_equal(r.error, EINVAL);

	/* A second HELLO. */
	raw_msg(msg, FND_HDR_SIZE + FND_HELLO_SIZE, FND_PROTO_VERSION,
		FND_T_HELLO, 46, 0);
	hello.role = FND_ROLE_CONTROL;
	fnd_hello_encode(msg + FND_HDR_SIZE, &hello);
	assert_int_equal(
		raw_exchange(fd, msg, FND_HDR_SIZE + FND_HELLO_SIZE, &r), 0);
	assert_int_equal(r.error, EPROTO);

	/* After all that, this connection still works. */
	raw_msg(msg, FND_HDR_SIZE, FND_PROTO_VERSION, FND_T_GET_INFO, 47, 0);
	assert_int_equal(raw_exchange(fd, msg, FND_HDR_SIZE, &r), 0);
	assert_int_equal(r.error, 0);
	assert_int_equal(r.length, FND_HDR_SIZE + FND_INFO_SIZE);

	/* Oversized: answered, then the connection is closed. */
	raw_msg(msg, 1 << 20, FND_PROTO_VERSION, FND_T_GET_INFO, 48, 0);
	assert_int_equal(raw_exchange(fd, msg, FND_HDR_SIZE, &r), 0);
	assert_int_equal(r.error, EMSGSIZE);
	assert_true(hung_up(fd));
	close(fd);
	still_serving(good);

	/* Shorter than a header claims to be. */
	fd = dh_raw(h, NULL, NULL);
	raw_msg(msg, 8, FND_PROTO_VERSION, FND_T_GET_INFO, 49, 0);
	assert_int_equal(raw_exchange(fd, msg, FND_HDR_SIZE, &r), 0);
	assert_int_equal(r.error, EBADMSG);
	assert_true(hung_up(fd));
	close(fd);

	/* End of file in the middle of a message. */
	fd = dh_raw(h, NULL, NULL);
	raw_msg(msg, FND_HDR_SIZE + FND_NOTIF_REQ_SIZE, FND_PROTO_VERSION,
		FND_T_SET, 50, 0);
	assert_int_equal(send(fd, msg, FND_HDR_SIZE + 4, 0), FND_HDR_SIZE + 4);
	shutdown(fd, SHUT_WR);
	assert_int_equal(fnd_recv(fd, &r, msg, &(size_t){ 0 }), 0);
	assert_int_equal(r.error, EBADMSG);
	assert_int_equal(r.seq, 50);
	assert_true(hung_up(fd));
	close(fd);

	/* A request before HELLO. */
	fd = fnd_connect(h->sock);
	assert_true(fd >= 0);
	raw_msg(msg, FND_HDR_SIZE, FND_PROTO_VERSION, FND_T_GET_INFO, 51, 0);
	assert_int_equal(raw_exchange(fd, msg, FND_HDR_SIZE, &r), 0);
	assert_int_equal(r.error, EPROTO);
	close(fd);

	/* An event connection with the wrong token. */
	fd = fnd_connect(h->sock);
	hello.role = FND_ROLE_EVENTS;
	hello.session = sess;
	hello.token = token ^ 1;
	raw_msg(msg, FND_HDR_SIZE + FND_HELLO_SIZE, FND_PROTO_VERSION,
		FND_T_HELLO, 52, 0);
	fnd_hello_encode(msg + FND_HDR_SIZE, &hello);
	assert_int_equal(
		raw_exchange(fd, msg, FND_HDR_SIZE + FND_HELLO_SIZE, &r), 0);
	assert_int_equal(r.error, EACCES);
	close(fd);

	still_serving(good);
	assert_true(dh_log_contains(h, "oversized message header"));
	ffanotif_session_close(good);
	finish(h);
}

/* ---- a daemon restart under a session ------------------------------------- */

/* Read what is there within 2 s, each event checked as the one before. */
static int read_some(struct ffanotif_session *s,
		     struct ffanotif_event_buffer *b)
{
	int n;

	assert_int_equal(ffanotif_session_wait(s, 2 * SEC), 1);
	n = ffanotif_session_read_events(s, b, 0);
	assert_true(n > 0);
	return n;
}

static void expect_event(const struct ffanotif_event_buffer *b, size_t i,
			 uint64_t ids, uint64_t seqno, uint32_t dropped)
{
	const struct ffanotif_event *e = ffanotif_event_buffer_get_event(b, i);

	assert_non_null(e);
	assert_int_equal(ffanotif_event_get_sender(e), ECHO);
	assert_true(ffanotif_event_get_notifications(e) == ids);
	assert_int_equal(ffanotif_event_get_seqno(e), seqno);
	assert_int_equal(ffanotif_event_get_dropped(e), dropped);
	assert_false(ffanotif_event_is_per_vcpu(e));
}

/*
 * The daemon restarts under a session that watches through it: the
 * session is not reopened.  While no daemon answers, its calls are
 * ENODEV; once one does, the session is connected again (by its next
 * read, the fd having turned readable by itself, or by its next
 * request), watches what it watched (not what it unwatched), and reads
 * a gap event first (dropped FFANOTIF_EVENT_DROPPED_GAP, the IDs that
 * may have been rung meanwhile), sequence numbers going on.  Its fd
 * stays the same.
 */
static void test_reconnect_after_restart(void **state)
{
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	struct dh *h = start(ROOT_RULE);
	struct ffanotif_session *s, *other;
	int fd, n;

	(void)state;
	assert_non_null(b);
	s = session(h);
	fd = ffanotif_session_get_fd(s);
	assert_int_equal(ffanotif_session_bind(s, ECHO, BIT(5), 0), 0);
	assert_int_equal(ffanotif_session_bind(s, ECHO, BIT(6), 0), 0);
	assert_int_equal(ffanotif_session_unbind(s, ECHO, BIT(6)), 0);
	assert_int_equal(ffanotif_session_send(s, ECHO, BIT(5), 0, 0), 0);
	assert_int_equal(read_some(s, b), 1);
	expect_event(b, 0, BIT(5), 1, 0);

	/* Gone: the fd says so; reads and requests are ENODEV. */
	assert_int_equal(dh_stop(h), 0);
	assert_int_equal(ffanotif_session_wait(s, 2 * SEC), 1);
	errno = 0;
	assert_int_equal(ffanotif_session_read_events(s, b, 0), -1);
	assert_int_equal(errno, ENODEV);
	errno = 0;
	assert_int_equal(ffanotif_session_send(s, ECHO, BIT(5), 0, 0), -1);
	assert_int_equal(errno, ENODEV);

	/* Back: the fd turns readable (the retry), the read reconnects. */
	assert_int_equal(dh_start(h), 0);
	assert_int_equal(ffanotif_session_wait(s, 5 * SEC), 1);
	assert_int_equal(ffanotif_session_read_events(s, b, 0), 1);
	expect_event(b, 0, BIT(5), 2, FFANOTIF_EVENT_DROPPED_GAP);
	assert_int_equal(ffanotif_session_get_fd(s), fd);
	/* Watching again: another client's ring reaches it, ID 6 not. */
	other = session(h);
	assert_int_equal(ffanotif_session_bind(other, ECHO, BIT(6), 0), 0);
	assert_int_equal(
		ffanotif_session_send(other, ECHO, BIT(5) | BIT(6), 0, 0), 0);
	assert_int_equal(read_some(s, b), 1);
	expect_event(b, 0, BIT(5), 3, 0);
	assert_true(receive(other, NULL, NULL) == BIT(6));
	ffanotif_session_close(other);

	/* Restarted while the session was idle: its next request. */
	assert_int_equal(dh_stop(h), 0);
	assert_int_equal(dh_start(h), 0);
	assert_int_equal(ffanotif_session_send(s, ECHO, BIT(5), 0, 0), 0);
	/* The gap first; the echo's ring with it or after it. */
	n = read_some(s, b);
	assert_true(n <= 2);
	expect_event(b, 0, BIT(5), 4, FFANOTIF_EVENT_DROPPED_GAP);
	if (n == 1) {
		assert_int_equal(read_some(s, b), 1);
		expect_event(b, 0, BIT(5), 5, 0);
	} else {
		expect_event(b, 1, BIT(5), 5, 0);
	}
	ffanotif_session_close(s);
	ffanotif_event_buffer_free(b);
	finish(h);
}

/*
 * An exclusive bind is a verb of the policy of its own (bind): watch
 * alone does not give it, nor bind a watch.  It is remembered as such:
 * after a daemon restart the session holds the ID alone again.
 */
static void test_exclusive_policy_and_restart(void **state)
{
	struct dh *h = start("allow watch user:0 0x8001 5\n"
			     "allow bind user:0 0x8001 6\n"
			     "allow ring user:0 * *\n");
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	struct ffanotif_session *s = session(h), *o = session(h);

	(void)state;
	assert_non_null(b);
	assert_int_equal(
		ffanotif_session_bind(s, ECHO, BIT(5), FFANOTIF_BIND_EXCLUSIVE),
		-1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(ffanotif_session_watch(s, ECHO, BIT(6), 0), -1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(
		ffanotif_session_bind(s, ECHO, BIT(6), FFANOTIF_BIND_EXCLUSIVE),
		0);
	assert_int_equal(dh_stop(h), 0);
	assert_int_equal(dh_start(h), 0);
	/* Back (the gap event first), alone still. */
	assert_int_equal(ffanotif_session_send(s, ECHO, BIT(6), 0, 0), 0);
	assert_true(read_some(s, b) >= 1);
	expect_event(b, 0, BIT(6), 1, FFANOTIF_EVENT_DROPPED_GAP);
	ffanotif_session_close(o);
	o = session(h);
	assert_int_equal(
		ffanotif_session_bind(o, ECHO, BIT(6), FFANOTIF_BIND_EXCLUSIVE),
		-1);
	assert_int_equal(errno, EBUSY);
	ffanotif_session_close(o);
	ffanotif_session_close(s);
	ffanotif_event_buffer_free(b);
	finish(h);
}

/*
 * Restarted on a policy that allows less: the watch is made again ID by
 * ID, what is refused is dropped (not watched any more: an UNBIND of it
 * is EINVAL), and the gap event still names every ID it had.
 */
static void test_reconnect_watch_refused(void **state)
{
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(0);
	struct dh *h = start("allow watch user:0 0x8001 5,9\n"
			     "allow ring user:0 * *\n");
	struct ffanotif_session *s;
	int n;

	(void)state;
	assert_non_null(b);
	s = session(h);
	assert_int_equal(ffanotif_session_bind(s, ECHO, BIT(5) | BIT(9), 0), 0);
	assert_int_equal(dh_stop(h), 0);
	dh_write_conf(h, "allow watch user:0 0x8001 5\n"
			 "allow ring user:0 * *\n");
	assert_int_equal(dh_start(h), 0);
	/* (The echo sets back all it was sent or nothing: ID 5 alone.) */
	assert_int_equal(ffanotif_session_send(s, ECHO, BIT(5), 0, 0), 0);
	n = read_some(s, b);
	assert_true(n <= 2);
	expect_event(b, 0, BIT(5) | BIT(9), 1, FFANOTIF_EVENT_DROPPED_GAP);
	/* The echo's ring back, watched still. */
	if (n == 1) {
		assert_int_equal(read_some(s, b), 1);
		expect_event(b, 0, BIT(5), 2, 0);
	} else {
		expect_event(b, 1, BIT(5), 2, 0);
	}
	errno = 0;
	assert_int_equal(ffanotif_session_unbind(s, ECHO, BIT(9)), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ffanotif_session_unbind(s, ECHO, BIT(5)), 0);
	assert_true(dh_log_contains(h, "denied by policy"));
	ffanotif_session_close(s);
	ffanotif_event_buffer_free(b);
	finish(h);
}

/* ---- resources -------------------------------------------------------------- */

/*
 * Out of fds: accept() fails with EMFILE while connections wait in the
 * backlog.  The daemon rests instead of spinning on them (its CPU time
 * over two seconds stays under a fifth of the wall time; spinning, it is
 * all of it), still serves the client it has, and takes connections
 * again once fds are free.
 */
static void test_accept_out_of_fds(void **state)
{
	enum { FLOOD = 48 };
	struct ffanotif_session *good, *late;
	unsigned long long t0, t1;
	struct timespec w0, w1;
	double cpu, wall;
	int fds[FLOOD], i;
	struct dh h;

	(void)state;
	dh_init(&h);
	h.nofile = 32;
	dh_write_conf(&h, ROOT_RULE);
	assert_int_equal(dh_start(&h), 0);
	good = session(&h);
	assert_int_equal(ffanotif_session_bind(good, ECHO, BIT(7), 0), 0);
	/* More than 32 fds can hold, fewer than it and the backlog. */
	for (i = 0; i < FLOOD; i++) {
		fds[i] = fnd_connect(h.sock);
		assert_true(fds[i] >= 0);
	}
	assert_true(dh_wait_log(&h, "Too many open files: not accepting for",
				10000));
	clock_gettime(CLOCK_MONOTONIC, &w0);
	t0 = dh_cpu_ticks(&h);
	sleep(2);
	t1 = dh_cpu_ticks(&h);
	clock_gettime(CLOCK_MONOTONIC, &w1);
	cpu = (double)(t1 - t0) / (double)sysconf(_SC_CLK_TCK);
	wall = (double)(w1.tv_sec - w0.tv_sec) +
	       (double)(w1.tv_nsec - w0.tv_nsec) / 1e9;
	printf("# out of fds: daemon CPU %.3f s in %.3f s\n", cpu, wall);
	assert_true(cpu < 0.2 * wall);
	still_serving(good);
	for (i = 0; i < FLOOD; i++)
		close(fds[i]);
	/* Waits in the backlog until the daemon takes it. */
	late = session(&h);
	assert_int_equal(ffanotif_session_bind(late, ECHO, BIT(8), 0), 0);
	assert_true(dh_log_contains(&h, "accepting connections again"));
	ffanotif_session_close(late);
	ffanotif_session_close(good);
	assert_int_equal(dh_stop(&h), 0);
	dh_fini(&h);
}

/* As uid 65534: a client (the third in all), then one too many. */
static int nobody_over_total_cap(void *arg)
{
	struct ffanotif_session *s, *extra;
	struct dh *h = arg;
	int err;

	s = dh_session(h);
	if (!s)
		return 10;
	extra = dh_session(h);
	err = errno;
	if (extra) {
		ffanotif_session_close(extra);
		ffanotif_session_close(s);
		return 11;
	}
	ffanotif_session_close(s);
	return err == EUSERS ? 0 : 12;
}

static void test_client_caps(void **state)
{
	struct dh *h =
		start("max-clients 3\nmax-clients-per-uid 2\n" ROOT_RULE);
	struct ffanotif_session *a, *b, *c = NULL;
	int i;

	(void)state;
	a = session(h);
	b = session(h);
	assert_int_equal(ffanotif_session_bind(a, ECHO, BIT(7), 0), 0);
	/* A third for uid 0: refused, said, and nothing else changed. */
	errno = 0;
	assert_null(dh_session(h));
	assert_int_equal(errno, EUSERS);
	assert_true(dh_wait_log(
		h, "uid 0 has 2 clients (max-clients-per-uid 2)", 5000));
	still_serving(a);
	/* Another uid fills the last place, then meets the total cap. */
	assert_int_equal(
		dh_run_as(65534, 65534, NULL, 0, nobody_over_total_cap, h), 0);
	assert_true(dh_log_contains(h, "3 clients connected (max-clients 3)"));
	/* A client gone frees its place (its close races our HELLO). */
	ffanotif_session_close(a);
	for (i = 0; i < 500 && !c; i++) {
		c = dh_session(h);
		if (!c) {
			assert_int_equal(errno, EUSERS);
			usleep(10000);
		}
	}
	assert_non_null(c);
	assert_int_equal(bind_eventually(c, ECHO, BIT(7), 0), 0);
	still_serving(c);
	ffanotif_session_close(c);
	ffanotif_session_close(b);
	finish(h);
}

/* ---- systemd -------------------------------------------------------------- */

static void test_sd_notify_watchdog(void **state)
{
	static const char *const env[] = { "WATCHDOG_USEC=200000", NULL };
	unsigned long long usec;
	struct timespec t0, t1;
	char msg[1024];
	const char *p;
	struct dh h;
	int idle;

	(void)state;
	dh_init(&h);
	h.env = env;
	dh_write_conf(&h, "bind 0x8001 4\n" ROOT_RULE);
	assert_int_equal(dh_start(&h), 0);
	/* READY came with the socket and the configured binding up;
	 * then the pings, from the loop, twice per period.
	 */
	assert_true(dh_wait_notify(&h, "WATCHDOG=1", 2000));
	assert_true(dh_wait_notify(&h, "WATCHDOG=1", 2000));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	kill(h.pid, SIGHUP);
	assert_true(
		dh_wait_notify_msg(&h, "RELOADING=1", 2000, msg, sizeof(msg)));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* One message with the reload's time (Type=notify-reload). */
	p = strstr(msg, "MONOTONIC_USEC=");
	assert_non_null(p);
	usec = strtoull(p + strlen("MONOTONIC_USEC="), NULL, 10);
	assert_true(usec >= (unsigned long long)t0.tv_sec * 1000000ULL +
				    (unsigned long long)t0.tv_nsec / 1000);
	assert_true(usec <= (unsigned long long)t1.tv_sec * 1000000ULL +
				    (unsigned long long)t1.tv_nsec / 1000);
	assert_true(
		dh_wait_notify(&h, "STATUS=0 clients; IDs bound: 4;", 2000));
	assert_true(dh_wait_notify(&h, "READY=1", 2000));
	/* A connection that never said HELLO, open at exit: freed (the
	 * sanitizer build checks) and the exit still clean.
	 */
	idle = fnd_connect(h.sock);
	assert_true(idle >= 0);
	kill(h.pid, SIGTERM);
	assert_true(dh_wait_notify(&h, "STOPPING=1", 2000));
	assert_int_equal(dh_stop(&h), 0);
	close(idle);
	dh_fini(&h);
}

static void test_socket_activation(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ffanotif_session *s;
	struct stat st;
	struct dh h;

	(void)state;
	dh_init(&h);
	/* The configuration names a socket nobody should bind. */
	dh_write_conf(&h, ROOT_RULE);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/activated", h.dir);
	h.activation_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(h.activation_fd >= 0);
	assert_int_equal(
		bind(h.activation_fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(h.activation_fd, 8), 0);
	assert_int_equal(dh_start(&h), 0);
	assert_int_equal(stat(h.sock, &st), -1);
	setenv("FFANOTIFD_SOCKET", sa.sun_path, 1);
	s = ffanotif_session_open("daemon");
	assert_non_null(s);
	assert_int_equal(ffanotif_session_bind(s, ECHO, BIT(1), 0), 0);
	assert_int_equal(ffanotif_session_send(s, ECHO, BIT(1), 0, 0), 0);
	assert_true(receive(s, NULL, NULL) == BIT(1));
	ffanotif_session_close(s);
	assert_int_equal(dh_stop(&h), 0);
	/* systemd's socket is systemd's: left in place. */
	assert_int_equal(stat(sa.sun_path, &st), 0);
	assert_true(
		dh_log_contains(&h, "serving the socket passed by systemd"));
	dh_fini(&h);
}

static void test_no_daemon(void **state)
{
	(void)state;
	/* No socket: the backend is not available, and "auto" moves on. */
	setenv("FFANOTIFD_SOCKET", "/nonexistent/ffa-notifd.sock", 1);
	errno = 0;
	assert_null(ffanotif_session_open("daemon"));
	assert_int_equal(errno, ENODEV);
}

/* ---- a backend call that stalls ------------------------------------------- */

/*
 * The reply to request `seq` of `type` on fd, if one is readable within
 * ms: 1 with its error and payload, else 0.  The bound is only how long
 * a broken daemon is waited for: every check below runs while a backend
 * call is held stalled, for as long as the test likes, so a reply that
 * comes, comes during the stall.
 */
static int reply_within(int fd, uint16_t type, uint32_t seq, int ms,
			uint32_t *error, uint8_t *payload, size_t *len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct fnd_hdr hd;

	if (poll(&pfd, 1, ms) != 1 || fnd_recv(fd, &hd, payload, len) < 0)
		return 0;
	*error = hd.error;
	return hd.type == (type | FND_T_REPLY) && hd.seq == seq;
}

/*
 * Client A's request `type` (seq 1) meets ffa-notifd-stall's backend call
 * `call`, held stalled (stall-hook.c) until the test writes to its fifo.
 * Meanwhile client B connects, says HELLO and gets its GET_INFO answered,
 * and A's own next request, GET_STATS (seq 2), is not answered before
 * the stalled one.  Then the call is released, and A gets both replies,
 * in order: that of its request in reply/reply_len, its statistics in
 * *st.  Before ffa-notifd made backend calls off its loop, B got no
 * HELLO reply while the call was held.
 */
static void stalled_call(const char *call, uint16_t type, const void *req,
			 size_t req_len, uint8_t *reply, size_t *reply_len,
			 struct fnd_stats *st)
{
	char fifo[128], fifo_env[160], stall_env[64], stalled[64], freed[64];
	const char *env[] = { stall_env, fifo_env, NULL };
	struct fnd_hello hello = { .role = FND_ROLE_CONTROL };
	struct pollfd pfd = { .events = POLLIN };
	int a, b, fd, hello_ok = 0, info_ok = 0, a_waits, held;
	struct fnd_info info = { 0 };
	uint8_t buf[FND_MAX_MSG];
	uint32_t error = 0;
	struct dh *h;
	size_t len;

	h = calloc(1, sizeof(*h));
	assert_non_null(h);
	dh_init(h);
	h->bin = getenv("FFA_NOTIFD_STALL");
	assert_non_null(h->bin);
	snprintf(fifo, sizeof(fifo), "%s/release", h->dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	snprintf(stall_env, sizeof(stall_env), "FND_TEST_STALL=%s", call);
	snprintf(fifo_env, sizeof(fifo_env), "FND_TEST_STALL_FIFO=%s", fifo);
	snprintf(stalled, sizeof(stalled), "stall-hook: %s stalled", call);
	snprintf(freed, sizeof(freed), "stall-hook: %s released", call);
	h->env = env;
	dh_write_conf(h, ROOT_RULE);
	assert_int_equal(dh_start(h), 0);

	/* A: the request that stalls, and one behind it. */
	a = dh_raw(h, NULL, NULL);
	assert_true(a >= 0);
	assert_int_equal(fnd_send(a, type, 1, req, req_len), 0);
	assert_int_equal(fnd_send(a, FND_T_GET_STATS, 2, NULL, 0), 0);
	assert_true(dh_wait_log(h, stalled, 10000));

	/* B, while the call is held: served from its first message. */
	b = fnd_connect(h->sock);
	assert_true(b >= 0);
	assert_int_equal(
		fnd_send(b, FND_T_HELLO, 1, buf, fnd_hello_encode(buf, &hello)),
		0);
	hello_ok = reply_within(b, FND_T_HELLO, 1, 10000, &error, buf, &len) &&
		   error == 0;
	if (hello_ok && fnd_send(b, FND_T_GET_INFO, 2, NULL, 0) == 0)
		info_ok = reply_within(b, FND_T_GET_INFO, 2, 10000, &error, buf,
				       &len) &&
			  error == 0 && fnd_info_decode(buf, len, &info) == 0;
	/* A's GET_STATS waits behind its stalled request. */
	pfd.fd = a;
	a_waits = poll(&pfd, 1, 0) == 0;
	/* And all of it while the call was still held. */
	held = !dh_log_contains(h, freed);

	/* Released before judging: a daemon stuck in it could not stop. */
	fd = open(fifo, O_WRONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x", 1), 1);
	close(fd);
	assert_true(held);
	assert_true(hello_ok);
	assert_true(info_ok);
	assert_string_equal(info.backend_name, "sim");
	assert_true(a_waits);

	/* A's replies, in its requests' order. */
	assert_true(reply_within(a, type, 1, 10000, &error, reply, reply_len));
	assert_int_equal(error, 0);
	assert_true(
		reply_within(a, FND_T_GET_STATS, 2, 10000, &error, buf, &len));
	assert_int_equal(error, 0);
	assert_int_equal(fnd_stats_decode(buf, len, st), 0);
	assert_true(dh_log_contains(h, freed));
	close(b);
	close(a);
	finish(h);
}

/* The partition list (for the device, a netlink request of up to 5 s). */
static void test_stalled_list_partitions(void **state)
{
	struct fnd_partition p[FND_MAX_PARTITIONS];
	uint8_t reply[FND_MAX_MSG];
	struct fnd_stats st;
	size_t len = 0;

	(void)state;
	stalled_call("list_partitions", FND_T_LIST_PARTITIONS, NULL, 0, reply,
		     &len, &st);
	assert_int_equal(fnd_partitions_decode(reply, len, p), 3);
	assert_string_equal(p[1].name, "echo-percpu");
}

/* A bind (an ioctl that goes to the firmware). */
static void test_stalled_bind(void **state)
{
	struct fnd_notif_req m = { .notifications = BIT(9), .partition = ECHO };
	uint8_t req[FND_MAX_MSG], reply[FND_MAX_MSG];
	struct fnd_stats st;
	size_t len = 0;

	(void)state;
	stalled_call("bind", FND_T_BIND, req, fnd_notif_req_encode(req, &m),
		     reply, &len, &st);
	assert_int_equal(len, 0);
	/* Bound before the GET_STATS behind it was answered. */
	assert_true(st.bound == BIT(9));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info_partitions_echo),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_fan_out),
		cmocka_unit_test(test_watch_and_bind_meanings),
		cmocka_unit_test(test_exclusive_policy_and_restart),
		cmocka_unit_test(test_pending_for_next_watcher),
		cmocka_unit_test(test_policy_uid_gid),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_client_killed_mid_stream),
		cmocka_unit_test(test_slow_client),
		cmocka_unit_test(test_restart_restores_bindings),
		cmocka_unit_test(test_reload_keeps_clients),
		cmocka_unit_test(test_malformed_messages),
		cmocka_unit_test(test_reconnect_after_restart),
		cmocka_unit_test(test_reconnect_watch_refused),
		cmocka_unit_test(test_accept_out_of_fds),
		cmocka_unit_test(test_client_caps),
		cmocka_unit_test(test_sd_notify_watchdog),
		cmocka_unit_test(test_socket_activation),
		cmocka_unit_test(test_no_daemon),
		cmocka_unit_test(test_stalled_list_partitions),
		cmocka_unit_test(test_stalled_bind),
	};

	/* A dead daemon's socket must fail a send, not kill the test. */
	signal(SIGPIPE, SIG_IGN);
	/* TEST_FILTER=test_slow_client runs one (a glob). */
	if (getenv("TEST_FILTER"))
		cmocka_set_test_filter(getenv("TEST_FILTER"));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
