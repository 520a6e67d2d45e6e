// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * ffa-notifd's parts on their own: the configuration parser (what it
 * takes, what it refuses and that one error refuses the whole file), the
 * policy judged against credentials, the bounded event queue, the wire
 * protocol's encoders and decoders, and the parsers the CLI shares.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "policy.h"
#include "queue.h"
#include "fnd_proto.h"
#include "tools-common.h"

#define BIT(n) (1ULL << (n))

static void test_config_good(void **state)
{
	struct fnd_config *c =
		fnd_config_parse("# policy\n"
				 "backend sim   # trailing comment\n"
				 "socket /run/x.sock\n"
				 "socket-mode 0600\n"
				 "socket-group 0\n"
				 "client-queue 8\n"
				 "max-clients 10\n"
				 "max-clients-per-uid 3\n"
				 "metrics-file /var/lib/x/ffa-notifd.prom\n"
				 "metrics-interval 60\n"
				 "\n"
				 "bind 0x8001 0-3\n"
				 "bind 32769 4,5\n"
				 "bind 0x8002 32-47 per-vcpu\n"
				 "allow watch,ring user:0 0x8001 0-7\n"
				 "allow all group:root * *\n"
				 "allow sim-ring * 0x8003 all\n"
				 "allow watch user:4242 0x8001 9\n",
				 "t");

	(void)state;
	assert_non_null(c);
	assert_string_equal(c->backend, "sim");
	assert_string_equal(c->socket, "/run/x.sock");
	assert_int_equal(c->socket_mode, 0600);
	assert_true(c->socket_group_set && c->socket_group == 0);
	assert_int_equal(c->client_queue, 8);
	assert_int_equal(c->max_clients, 10);
	assert_int_equal(c->max_clients_per_uid, 3);
	assert_int_equal(c->n_binds, 3);
	assert_true(c->binds[1].sender == 0x8001 &&
		    c->binds[1].ids == (BIT(4) | BIT(5)));
	assert_true(c->binds[2].per_vcpu);
	assert_int_equal(c->n_rules, 4);
	assert_int_equal(c->rules[0].verbs, FND_VERB_WATCH | FND_VERB_RING);
	assert_int_equal(c->rules[1].verbs, FND_VERB_ALL);
	assert_true(c->rules[1].any_partition && c->rules[1].ids == ~0ULL);
	assert_int_equal(c->rules[2].who, FND_WHO_ANYONE);
	assert_int_equal(c->rules[3].id, 4242);
	assert_int_equal(c->rules[3].line, 18);
	assert_string_equal(c->metrics_file, "/var/lib/x/ffa-notifd.prom");
	assert_int_equal(c->metrics_interval, 60);
	assert_ptr_equal(fnd_config_bind_of(c, 40), &c->binds[2]);
	assert_null(fnd_config_bind_of(c, 6));
	fnd_config_free(c);

	/* Empty: the defaults, and no rules. */
	c = fnd_config_parse("", "t");
	assert_non_null(c);
	assert_string_equal(c->backend, "device");
	assert_int_equal(c->client_queue, 64);
	assert_int_equal(c->max_clients, FND_DEFAULT_MAX_CLIENTS);
	assert_int_equal(c->max_clients_per_uid,
			 FND_DEFAULT_MAX_CLIENTS_PER_UID);
	assert_int_equal(c->n_rules, 0);
	assert_null(c->metrics_file);
	assert_int_equal(c->metrics_interval, FND_DEFAULT_METRICS_INTERVAL);
	fnd_config_free(c);
}

static void test_config_errors(void **state)
{
	static const char *const bad[] = {
		"frobnicate yes\n",
		"backend daemon\n",
		"backend sim\nbackend sim\n",
		"backend\n",
		"socket relative/path\n",
		"socket-mode 660\n",
		"socket-mode 01777\n",
		"socket-group no-such-group-here\n",
		"client-queue 0\n",
		"client-queue 1025\n",
		"client-queue 12x\n",
		"max-clients 0\n",
		"max-clients 65537\n",
		"max-clients\n",
		"max-clients 4 4\n",
		"max-clients 4\nmax-clients 5\n",
		"max-clients-per-uid 0\n",
		"max-clients-per-uid -1\n",
		"max-clients-per-uid 2\nmax-clients-per-uid 2\n",
		"bind 0x8001\n",
		"bind 0x0001 3\n",
		"bind 0x8000 3\n",
		"bind 0xffff 3\n",
		"bind 0x8001 64\n",
		"bind 0x8001 5-3\n",
		"bind 0x8001 1,,2\n",
		"bind 0x8001 3 per-cpu\n",
		"bind 0x8001 0-3\nbind 0x8002 3\n",
		"allow watch user:0 0x8001\n",
		"allow look user:0 0x8001 1\n",
		"allow watch, user:0 0x8001 1\n",
		"allow watch user:no-such-user-here 0x8001 1\n",
		"allow watch someone 0x8001 1\n",
		"allow watch * 0x8001 -1\n",
		"allow watch * 0x8001 1 extra\n",
		"a b c d e f g h i\n",
		"metrics-file relative.prom\n",
		"metrics-file /var/lib/x/ffa-notifd.txt\n",
		"metrics-file /var/lib/x/.prom\n",
		"metrics-file\n",
		"metrics-file /a.prom\nmetrics-file /b.prom\n",
		"metrics-interval 0\n",
		"metrics-interval 86401\n",
		"metrics-interval 15s\n",
		/* Everyone's counts: not for a partition, nor a few IDs. */
		"allow metrics user:0 0x8001 *\n",
		"allow metrics,watch user:0 * 0-7\n",
		/* One error refuses the file, however good the rest. */
		"allow all user:0 * *\nbind 0x8001 0-3\noops\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fnd_config *c = fnd_config_parse(bad[i], "bad");

		if (c)
			fail_msg("accepted: %s", bad[i]);
	}
}

static void test_policy(void **state)
{
	struct fnd_config *c =
		fnd_config_parse("allow watch user:1000 0x8001 0-7\n"
				 "allow watch group:50 0x8001 8-9\n"
				 "allow ring group:60 * 16\n"
				 "allow sim-ring * 0x8003 *\n"
				 "allow metrics group:70 * *\n"
				 "allow all user:1003 0x8001 *\n",
				 "t");
	struct fnd_cred dave = { .uid = 1003, .gid = 70 };
	struct fnd_cred erin = { .uid = 1003, .gid = 1003 };
	struct fnd_cred alice = { .uid = 1000, .gid = 1000 };
	struct fnd_cred bob = { .uid = 1001, .gid = 50 };
	struct fnd_cred carol = {
		.uid = 1002, .gid = 1002, .n_groups = 2, .groups = { 7, 60 }
	};

	(void)state;
	assert_non_null(c);
	assert_true(fnd_policy_allowed(c, &alice, FND_VERB_WATCH, 0x8001) ==
		    0xff);
	assert_true(fnd_policy_allowed(c, &alice, FND_VERB_WATCH, 0x8002) == 0);
	assert_true(fnd_policy_allowed(c, &alice, FND_VERB_RING, 0x8001) == 0);
	/* Primary group. */
	assert_true(fnd_policy_allowed(c, &bob, FND_VERB_WATCH, 0x8001) ==
		    (BIT(8) | BIT(9)));
	/* Supplementary group, any partition. */
	assert_true(fnd_policy_allowed(c, &carol, FND_VERB_RING, 0x8005) ==
		    BIT(16));
	assert_true(fnd_policy_allowed(c, &carol, FND_VERB_WATCH, 0x8001) == 0);
	/* Anyone. */
	assert_true(fnd_policy_allowed(c, &alice, FND_VERB_SIM_RING, 0x8003) ==
		    ~0ULL);
	assert_true(fnd_policy_allowed(c, &alice, FND_VERB_SIM_RING, 0x8001) ==
		    0);
	/* The metrics: a rule for every partition and ID, only; "all" of
	 * one partition is not.
	 */
	assert_true(fnd_policy_metrics(c, &dave));
	assert_false(fnd_policy_metrics(c, &erin));
	assert_false(fnd_policy_metrics(c, &alice));
	fnd_config_free(c);
}

static void test_queue(void **state)
{
	struct fnd_queue q, to;
	struct fnd_event e;

	(void)state;
	assert_int_equal(fnd_queue_init(&q, 0), -EINVAL);
	assert_int_equal(fnd_queue_init(&q, 2), 0);
	/* Same sender and vCPU: merged; a bit already there: coalesced. */
	fnd_queue_push(&q, 0x8001, BIT(1), 0, 0, 10);
	fnd_queue_push(&q, 0x8001, BIT(1) | BIT(2), 0, 0, 20);
	assert_int_equal(q.count, 1);
	assert_true(q.stats.coalesced == 1);
	/* Another vCPU is another event. */
	fnd_queue_push(&q, 0x8002, BIT(40), FND_EVENT_PER_VCPU, 1, 30);
	/* Full: the oldest (2 bits) goes, told in the next taken. */
	fnd_queue_push(&q, 0x8002, BIT(41), FND_EVENT_PER_VCPU, 2, 40);
	assert_int_equal(q.count, 2);
	assert_true(q.stats.dropped == 2 && q.stats.events == 3);
	assert_int_equal(fnd_queue_pop(&q, &e), 1);
	assert_true(e.notifications == BIT(40) && e.vcpu == 1);
	assert_int_equal(e.dropped, 2);
	assert_true(e.seqno == 2);
	assert_int_equal(fnd_queue_pop(&q, &e), 1);
	assert_int_equal(e.dropped, 0);
	assert_true(e.seqno == 3);
	assert_int_equal(fnd_queue_pop(&q, &e), 0);
	/* Moving: only the IDs asked for; the rest stays, in order. */
	fnd_queue_push(&q, 0x8001, BIT(1) | BIT(2), 0, 0, 50);
	fnd_queue_push(&q, 0x8003, BIT(3), 0, 0, 60);
	assert_int_equal(fnd_queue_init(&to, 4), 0);
	fnd_queue_move(&q, BIT(2) | BIT(3), &to);
	assert_int_equal(to.count, 2);
	assert_int_equal(q.count, 1);
	assert_int_equal(fnd_queue_pop(&q, &e), 1);
	assert_true(e.notifications == BIT(1) && e.timestamp_ns == 50);
	assert_int_equal(fnd_queue_pop(&to, &e), 1);
	assert_true(e.notifications == BIT(2) && e.sender == 0x8001);
	assert_int_equal(fnd_queue_pop(&to, &e), 1);
	assert_true(e.notifications == BIT(3) && e.sender == 0x8003);
	fnd_queue_fini(&to);
	fnd_queue_fini(&q);
}

/*
 * The queue's array grows as events wait (none at first, doubling, up to
 * the depth), with the rules of a queue of that depth: events keep their
 * order across a growth that happens while the ring has wrapped, and the
 * depth, not the array, is where the oldest is dropped.
 */
static void test_queue_grows(void **state)
{
	struct fnd_queue q;
	struct fnd_event e;
	uint32_t i, seq = 0;

	(void)state;
	assert_int_equal(fnd_queue_init(&q, 20), 0);
	assert_null(q.ev);
	assert_int_equal(q.cap, 0);
	/* What keeps up needs a few events' memory, however deep. */
	fnd_queue_push(&q, 0x8001, BIT(1), 0, 0, 1);
	assert_int_equal(fnd_queue_pop(&q, &e), 1);
	assert_true(q.cap > 0 && q.cap <= 4);
	/* Wrap the small ring, then grow it with the wrap in place. */
	for (i = 0; i < 3; i++)
		fnd_queue_push(&q, 0x8001, BIT(1), 0, (uint16_t)i, 2);
	assert_int_equal(fnd_queue_pop(&q, &e), 1);
	assert_true(e.vcpu == 0 && e.seqno == 2);
	assert_int_equal(fnd_queue_pop(&q, &e), 1);
	assert_true(e.vcpu == 1);
	for (i = 3; i < 22; i++)
		fnd_queue_push(&q, 0x8001, BIT(1), 0, (uint16_t)i, 3);
	/* 20 deep: vCPUs 2..21 pushed, 2 and 3 are the oldest, dropped. */
	assert_int_equal(q.cap, 20);
	assert_int_equal(q.count, 20);
	assert_true(q.stats.dropped == 0);
	fnd_queue_push(&q, 0x8001, BIT(1), 0, 22, 4);
	fnd_queue_push(&q, 0x8001, BIT(1), 0, 23, 4);
	assert_int_equal(q.cap, 20);
	assert_true(q.stats.dropped == 2);
	for (i = 4; i < 24; i++) {
		assert_int_equal(fnd_queue_pop(&q, &e), 1);
		assert_int_equal(e.vcpu, i);
		assert_int_equal(e.dropped, i == 4 ? 2 : 0);
		assert_true(seq == 0 || e.seqno == seq + 1);
		seq = (uint32_t)e.seqno;
	}
	assert_int_equal(fnd_queue_pop(&q, &e), 0);
	fnd_queue_fini(&q);
	/* Never allocated: nothing to take. */
	assert_int_equal(fnd_queue_init(&q, 8), 0);
	fnd_queue_pop(&q, &e);
	fnd_queue_fini(&q);
}

static void test_proto_roundtrip(void **state)
{
	struct fnd_hdr h = { 56, 1, FND_T_EVENT, 7, 0 }, h2;
	struct fnd_event e = { 123456789012ULL,
			       BIT(3) | BIT(63),
			       42,
			       5,
			       0x8002,
			       3,
			       FND_EVENT_PER_VCPU },
			 e2;
	struct fnd_partition p[2] = { { .id = 0x8001,
					.vcpu_count = 4,
					.properties = 9,
					.name = "echo" } },
			     p2[FND_MAX_PARTITIONS];
	struct fnd_notif_req r = { .notifications = 1, .partition = 0x8001 };
	uint8_t buf[FND_MAX_MSG];

	(void)state;
	fnd_hdr_encode(buf, &h);
	/* Little-endian on the wire, whatever the host. */
	assert_int_equal(buf[0], 56);
	assert_int_equal(buf[6], FND_T_EVENT & 0xff);
	assert_int_equal(buf[7], FND_T_EVENT >> 8);
	fnd_hdr_decode(buf, &h2);
	assert_memory_equal(&h, &h2, sizeof(h));
	assert_int_equal(fnd_event_encode(buf, &e), FND_EVENT_SIZE);
	assert_int_equal(fnd_event_decode(buf, FND_EVENT_SIZE, &e2), 0);
	assert_memory_equal(&e, &e2, sizeof(e));
	assert_int_equal(fnd_event_decode(buf, FND_EVENT_SIZE - 1, &e2),
			 -EBADMSG);
	assert_int_equal(fnd_partitions_encode(buf, p, 2),
			 FND_PARTITIONS_HDR_SIZE + 2 * FND_PARTITION_SIZE);
	assert_int_equal(fnd_partitions_decode(buf,
					       FND_PARTITIONS_HDR_SIZE +
						       2 * FND_PARTITION_SIZE,
					       p2),
			 2);
	assert_string_equal(p2[0].name, "echo");
	assert_int_equal(p2[0].properties, 9);
	/* A count that does not match the length. */
	assert_int_equal(
		fnd_partitions_decode(
			buf, FND_PARTITIONS_HDR_SIZE + FND_PARTITION_SIZE, p2),
		-EBADMSG);
	/* Frame and request checks. */
	h.length = 8;
	assert_int_equal(fnd_hdr_frame_error(&h), -EBADMSG);
	h.length = FND_MAX_MSG + 1;
	assert_int_equal(fnd_hdr_frame_error(&h), -EMSGSIZE);
	h.length = 16;
	h.type = FND_T_EVENT;
	assert_int_equal(fnd_request_error(&h), -EBADRQC);
	h.type = FND_T_GET_INFO;
	h.version = 2;
	assert_int_equal(fnd_request_error(&h), -EPROTONOSUPPORT);
	assert_int_equal(fnd_notif_req_check(FND_T_BIND, &r), 0);
	r.vcpu = 1;
	assert_int_equal(fnd_notif_req_check(FND_T_BIND, &r), -EINVAL);
	assert_int_equal(fnd_notif_req_check(FND_T_SET, &r), -EINVAL);
	r.flags = FND_FLAG_EXCLUSIVE;
	assert_int_equal(fnd_notif_req_check(FND_T_SET, &r), -EINVAL);
	r.vcpu = 0;
	assert_int_equal(fnd_notif_req_check(FND_T_BIND, &r), 0);
	assert_int_equal(fnd_notif_req_check(FND_T_UNBIND, &r), -EINVAL);
	r.flags = FND_FLAG_EXCLUSIVE << 1;
	assert_int_equal(fnd_notif_req_check(FND_T_BIND, &r), -EINVAL);
	r.vcpu = 1;
	r.flags = FND_FLAG_PER_VCPU;
	assert_int_equal(fnd_notif_req_check(FND_T_SET, &r), 0);
	assert_int_equal(fnd_notif_req_check(FND_T_UNBIND, &r), -EINVAL);
	r.vcpu = 0x10000;
	assert_int_equal(fnd_notif_req_check(FND_T_SET, &r), -EINVAL);
}

static void test_metrics_codec(void **state)
{
	struct fnd_metrics m = { .present = FND_M_ALL,
				 .delivered = 7,
				 .sri = 1ULL << 40,
				 .count = 2 },
			   m2;
	struct fnd_metrics_req q = { 0 }, q2;
	uint8_t buf[FND_MAX_MSG];
	size_t len;

	(void)state;
	m.series[0] = (struct fnd_metrics_series){ 0x8001, 3, 0, 5, 1, 2 };
	m.series[1] = (struct fnd_metrics_series){ 0x8002, 63, 0, 9, 0, 0 };
	len = fnd_metrics_encode(buf, &m);
	assert_int_equal(len,
			 FND_METRICS_HDR_SIZE + 2 * FND_METRICS_SERIES_SIZE);
	memset(&m2, 0xa5, sizeof(m2));
	assert_int_equal(fnd_metrics_decode(buf, len, &m2), 0);
	assert_int_equal(m2.count, 2);
	assert_true(m2.delivered == 7 && m2.sri == 1ULL << 40);
	assert_memory_equal(&m.series[1], &m2.series[1], sizeof(m.series[1]));
	/* The count says 2: a length for 1 is not the message. */
	assert_int_equal(
		fnd_metrics_decode(buf, len - FND_METRICS_SERIES_SIZE, &m2),
		-EBADMSG);
	/* An ID past 63 (the second series' id, offset 2 in it). */
	buf[FND_METRICS_HDR_SIZE + FND_METRICS_SERIES_SIZE + 2] = 64;
	assert_int_equal(fnd_metrics_decode(buf, len, &m2), -EINVAL);
	/* A count past the maximum (offset 104). */
	m.count = 0;
	len = fnd_metrics_encode(buf, &m);
	buf[104] = FND_MAX_METRICS_SERIES + 1;
	assert_int_equal(fnd_metrics_decode(buf, len, &m2), -EINVAL);
	/* The request: 8 bytes, all zero. */
	assert_int_equal(fnd_metrics_req_encode(buf, &q), FND_METRICS_REQ_SIZE);
	assert_int_equal(fnd_metrics_req_decode(buf, FND_METRICS_REQ_SIZE, &q2),
			 0);
	assert_int_equal(fnd_metrics_req_decode(buf, 0, &q2), -EBADMSG);
	buf[4] = 1;
	assert_int_equal(fnd_metrics_req_decode(buf, FND_METRICS_REQ_SIZE, &q2),
			 -EINVAL);
}

/* The daemon's counters: totals, and per ID for its sender. */
static void test_counters(void **state)
{
	struct fnd_counters c;
	struct fnd_queue q;
	int i;

	(void)state;
	memset(&c, 0, sizeof(c));
	fnd_counters_add(&c, FND_COUNT_DELIVERED, 0x8001, BIT(3) | BIT(5));
	fnd_counters_add(&c, FND_COUNT_DELIVERED, 0x8001, BIT(3));
	assert_int_equal(c.delivered, 3);
	assert_true(c.id[3].used && c.id[3].sender == 0x8001);
	assert_int_equal(c.id[3].delivered, 2);
	assert_int_equal(c.id[5].delivered, 1);
	/* Another sender's ID 3: a series of its own, from 0. */
	fnd_counters_add(&c, FND_COUNT_DELIVERED, 0x8002, BIT(3));
	assert_true(c.id[3].sender == 0x8002 && c.id[3].delivered == 1);
	assert_int_equal(c.delivered, 4);
	/* A queue tells them what it merges and drops. */
	assert_int_equal(fnd_queue_init(&q, 2), 0);
	q.counters = &c;
	fnd_queue_push(&q, 0x8001, BIT(7), 0, 0, 1);
	fnd_queue_push(&q, 0x8001, BIT(7) | BIT(8), 0, 0, 2);
	assert_int_equal(c.coalesced, 1);
	assert_int_equal(c.id[7].coalesced, 1);
	/* Two more (sender, vCPU): the oldest, IDs 7 and 8, dropped. */
	for (i = 1; i <= 2; i++)
		fnd_queue_push(&q, 0x8001, BIT(9), 0, (uint16_t)i, 3);
	assert_int_equal(c.dropped, 2);
	assert_true(c.id[7].dropped == 1 && c.id[8].dropped == 1);
	assert_int_equal(c.id[9].dropped, 0);
	fnd_queue_fini(&q);
}

static void test_tools_parsers(void **state)
{
	char buf[FFT_IDS_STRLEN];
	uint64_t ids;
	int64_t ns;
	uint16_t p;

	(void)state;
	assert_int_equal(fft_parse_ids("0-3,7,60-63", &ids), 0);
	assert_true(ids == (0xfULL | BIT(7) | (0xfULL << 60)));
	assert_string_equal(fft_format_ids(ids, buf, sizeof(buf)),
			    "0-3,7,60-63");
	assert_int_equal(fft_parse_ids("all", &ids), 0);
	assert_true(ids == ~0ULL);
	assert_int_equal(fft_parse_ids("", &ids), -EINVAL);
	assert_int_equal(fft_parse_ids("3,", &ids), -EINVAL);
	assert_int_equal(fft_parse_ids("0004", &ids), -EINVAL);
	assert_int_equal(fft_parse_ids("1-2-3", &ids), -EINVAL);
	assert_int_equal(fft_parse_ids("x", &ids), -EINVAL);
	assert_int_equal(fft_parse_partition("0x8001", &p), 0);
	assert_int_equal(p, 0x8001);
	assert_int_equal(fft_parse_partition("-0x8001", &p), -EINVAL);
	assert_int_equal(fft_parse_partition(" 0x8001", &p), -EINVAL);
	assert_int_equal(fft_parse_partition("0x18001", &p), -EINVAL);
	assert_int_equal(fft_parse_partition("0x7fff", &p), -EINVAL);
	assert_int_equal(fft_parse_period("250", &ns), 0);
	assert_true(ns == 250000000LL);
	assert_int_equal(fft_parse_period("2s", &ns), 0);
	assert_true(ns == 2000000000LL);
	assert_int_equal(fft_parse_period("10us", &ns), 0);
	assert_true(ns == 10000);
	assert_int_equal(fft_parse_period("1m", &ns), 0);
	assert_int_equal(fft_parse_period("5sec", &ns), -EINVAL);
	assert_int_equal(fft_parse_period("-1s", &ns), -EINVAL);
	assert_int_equal(fft_parse_period("99999999999999999999m", &ns),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_good),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_queue),
		cmocka_unit_test(test_queue_grows),
		cmocka_unit_test(test_proto_roundtrip),
		cmocka_unit_test(test_metrics_codec),
		cmocka_unit_test(test_counters),
		cmocka_unit_test(test_tools_parsers),
	};

	/* The parser's messages are expected here: only failures matter. */
	fnd_log_init(FND_LOG_ERR - 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
