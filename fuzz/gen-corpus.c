// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * Writes the generated seeds of fuzz/corpus/ (info-get, spmc, fnd-proto),
 * built with the project's own encoders so that they are valid messages
 * and realistic register sets:
 *
 *   build-fuzz/fuzz/fuzz-gen-corpus fuzz/corpus
 *
 * The config seeds are written by hand.  The input formats are the ones
 * described at the top of each fuzz_*.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ffp_abi.h"
#include "ffp_spmc.h"
#include "fnd_proto.h"

static const char *top;

static void put(const char *target, const char *name, const void *buf,
		size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, target);
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", top, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static size_t put_regs(uint8_t *p, const struct ffp_regs *r)
{
	int i, b;

	for (i = 0; i < 8; i++)
		for (b = 0; b < 8; b++)
			p[8 * i + b] = (uint8_t)(r->a[i] >> (8 * b));
	return 64;
}

/* ---- info-get: x0..x7 ---------------------------------------------------- */

static void info(const char *name, int is_64, int more,
		 const struct ffp_info_list *lists, ffp_u32 n)
{
	struct ffp_info in = { .is_64 = is_64, .more_pending = more };
	struct ffp_regs r;
	uint8_t buf[64];

	in.n_lists = n;
	memcpy(in.lists, lists, n * sizeof(lists[0]));
	if (ffp_resp_info_get(&r, &in) != 0) {
		fprintf(stderr, "%s: does not encode\n", name);
		exit(1);
	}
	put("info-get", name, buf, put_regs(buf, &r));
}

static void gen_info_get(void)
{
	/* FF-A v1.1 16.7.1.1's example shape: a global list, per-vCPU
	 * lists of one and three vCPUs.
	 */
	static const struct ffp_info_list ex[] = {
		{ .id = 0x8001 },
		{ .id = 0x8002, .n_vcpus = 3, .vcpus = { 0, 1, 2 } },
		{ .id = 0x8002, .n_vcpus = 1, .vcpus = { 3 } },
		{ .id = 0 },
	};
	static const struct ffp_info_list full[] = {
		{ .id = 0x8001, .n_vcpus = 3, .vcpus = { 0, 1, 2 } },
		{ .id = 0x8001, .n_vcpus = 3, .vcpus = { 3, 4, 5 } },
		{ .id = 0x8002, .n_vcpus = 3, .vcpus = { 0, 1, 2 } },
		{ .id = 0x8003, .n_vcpus = 3, .vcpus = { 7, 8, 9 } },
		{ .id = 0x0001, .n_vcpus = 3, .vcpus = { 0, 1, 2 } },
	};
	static const struct ffp_info_list ten[] = {
		{ .id = 0x8001 }, { .id = 0x8002 }, { .id = 0x8003 },
		{ .id = 0x8004 }, { .id = 0x8005 }, { .id = 0x8006 },
		{ .id = 0x8007 }, { .id = 0x8008 }, { .id = 0 },
		{ .id = 1 },
	};
	struct ffp_regs r;
	uint8_t buf[64];

	info("example-32", 0, 0, ex, 4);
	info("example-64", 1, 0, ex, 4);
	info("full-64-more", 1, 1, full, 5);
	info("full-32-more", 0, 1, full, 2);
	info("ten-globals-32", 0, 0, ten, 10);
	info("one-global-32", 0, 0, ex, 1);
	ffp_resp_error(&r, FFP_RET_NO_DATA);
	put("info-get", "error-no-data", buf, put_regs(buf, &r));
}

/* ---- spmc: setup byte, then calls of 67 bytes ---------------------------- */

struct seq {
	uint8_t buf[1 + 64 * 67];
	size_t len;
};

static void seq_start(struct seq *s, uint8_t setup)
{
	s->buf[0] = setup;
	s->len = 1;
}

/* A call as `caller`, x0 taken as is (selector 31: no substitution). */
static void call(struct seq *s, ffp_u16 caller, const struct ffp_regs *r)
{
	uint16_t c = caller;

	if (caller >= 0x8001 && caller <= 0x8003)
		c = (uint16_t)(caller - 0x8000);
	s->buf[s->len++] = (uint8_t)c;
	s->buf[s->len++] = (uint8_t)(c >> 8);
	s->buf[s->len++] = 31;
	s->len += put_regs(s->buf + s->len, r);
}

#define SP1 0x8001 /* echo */
#define SP2 0x8002 /* echo-percpu */
#define SP3 0x8003 /* doorbell */

static void c_version(struct seq *s)
{
	struct ffp_regs r;

	ffp_enc_version(&r, FFP_VERSION_1_1);
	call(s, 0, &r);
}

static void c_create(struct seq *s, ffp_u16 vm, ffp_u32 vcpus)
{
	struct ffp_regs r;

	ffp_enc_bitmap_create(&r, vm, vcpus);
	call(s, 0, &r);
}

static void c_bind(struct seq *s, ffp_u16 caller, ffp_u16 sender,
		   ffp_u16 receiver, ffp_u32 flags, ffp_u64 bitmap)
{
	struct ffp_regs r;

	ffp_enc_bind(&r, sender, receiver, flags, bitmap);
	call(s, caller, &r);
}

static void c_set(struct seq *s, ffp_u16 caller, ffp_u16 sender,
		  ffp_u16 receiver, ffp_u32 flags, ffp_u16 vcpu, ffp_u64 bitmap)
{
	struct ffp_regs r;

	ffp_enc_set(&r, sender, receiver, flags, vcpu, bitmap);
	call(s, caller, &r);
}

static void c_get(struct seq *s, ffp_u16 caller, ffp_u16 receiver, ffp_u16 vcpu,
		  ffp_u32 flags)
{
	struct ffp_regs r;

	ffp_enc_get(&r, receiver, vcpu, flags);
	call(s, caller, &r);
}

static void c_info(struct seq *s, int is_64)
{
	struct ffp_regs r;

	ffp_enc_info_get(&r, is_64);
	call(s, 0, &r);
}

static void c_run(struct seq *s, ffp_u16 sp, ffp_u16 vcpu)
{
	struct ffp_regs r;

	ffp_enc_run(&r, sp, vcpu);
	call(s, 0, &r);
}

static void gen_spmc(void)
{
	struct ffp_regs r;
	struct seq s;

	/* Discovery, as a driver probes. */
	seq_start(&s, 0);
	c_version(&s);
	ffp_enc_features(&r, FFP_FEAT_SRI);
	call(&s, 0, &r);
	ffp_enc_features(&r, FFP_NOTIFICATION_INFO_GET_64);
	call(&s, 0, &r);
	ffp_enc_features(&r, FFP_FEAT_NPI);
	call(&s, SP1, &r);
	ffp_enc_id_get(&r);
	call(&s, 0, &r);
	ffp_enc_id_get(&r);
	call(&s, SP2, &r);
	put("spmc", "probe", s.buf, s.len);

	/* An SP rings the NWd: bind, set, INFO_GET, GET, unbind, destroy. */
	seq_start(&s, 0);
	c_version(&s);
	c_create(&s, 0, 4);
	c_bind(&s, 0, SP3, 0, 0, 0xff);
	c_set(&s, SP3, SP3, 0, 0, 0, 0x3);
	c_info(&s, 1);
	c_info(&s, 0); /* NO_DATA: already reported */
	c_get(&s, 0, 0, 0, FFP_GET_SP);
	ffp_enc_unbind(&r, SP3, 0, 0xff);
	call(&s, 0, &r);
	ffp_enc_bitmap_destroy(&r, 0);
	call(&s, 0, &r);
	put("spmc", "sp-rings-nwd", s.buf, s.len);

	/* The NWd rings the echo partition, runs it, gets the echo. */
	seq_start(&s, 0);
	c_version(&s);
	c_create(&s, 0, 4);
	c_bind(&s, 0, SP1, 0, 0, 0xffffffffULL);
	c_set(&s, 0, 0, SP1, 0, 0, 0x5);
	c_info(&s, 1);
	c_run(&s, SP1, 0);
	c_info(&s, 1);
	c_get(&s, 0, 0, 0, FFP_GET_SP | FFP_GET_SPM);
	put("spmc", "echo-run", s.buf, s.len);

	/* Per-vCPU: bound per vCPU, set on vCPUs 1 and 3 (one with the SRI
	 * delayed), the per-vCPU echo partition run on vCPU 2.
	 */
	seq_start(&s, 0);
	c_version(&s);
	c_create(&s, 0, 4);
	c_bind(&s, 0, SP2, 0, FFP_BIND_PER_VCPU, 0xffff00000000ULL);
	c_set(&s, SP2, SP2, 0, FFP_SET_PER_VCPU, 1, 0x100000000ULL);
	c_set(&s, SP2, SP2, 0, FFP_SET_PER_VCPU | FFP_SET_DELAY_SRI, 3,
	      0x200000000ULL);
	c_info(&s, 0);
	c_get(&s, 0, 0, 1, FFP_GET_SP);
	c_get(&s, 0, 0, 3, FFP_GET_SP);
	c_set(&s, 0, 0, SP2, FFP_SET_PER_VCPU, 2, 0x400000000ULL);
	c_run(&s, SP2, 2);
	c_info(&s, 1);
	c_get(&s, 0, 0, 2, FFP_GET_SP);
	put("spmc", "per-vcpu", s.buf, s.len);

	/* A second VM, SP-to-SP notifications, an SP getting its own. */
	seq_start(&s, 0);
	c_version(&s);
	c_create(&s, 5, 2);
	c_bind(&s, 0, SP1, 5, 0, 0xf0);
	c_set(&s, SP1, SP1, 5, 0, 0, 0x10);
	c_bind(&s, SP2, SP1, SP2, 0, 0x1);
	c_set(&s, SP1, SP1, SP2, 0, 0, 0x1);
	c_get(&s, SP2, SP2, 0, FFP_GET_SP | FFP_GET_VM);
	c_info(&s, 0);
	c_get(&s, 0, 5, 1, FFP_GET_SP);
	put("spmc", "vm-and-sp-to-sp", s.buf, s.len);

	/* Preemption: partition 1 preempted twice, then runs. */
	seq_start(&s, 0x02);
	c_version(&s);
	c_run(&s, SP1, 3);
	c_run(&s, SP1, 3);
	c_run(&s, SP1, 3);
	put("spmc", "preempt", s.buf, s.len);

	/* Refusals: wrong caller, MBZ bits, unknown endpoints and calls. */
	seq_start(&s, 0x40);
	c_create(&s, 0x8001, 4);
	c_create(&s, 0, 0);
	c_bind(&s, 0, SP3, 0, 0, 0x1); /* NWd still v1.0 */
	c_version(&s);
	c_bind(&s, 0, SP3, 7, 0, 0x1);
	c_set(&s, 0, 0, SP3, FFP_SET_DELAY_SRI, 0, 0x1);
	c_get(&s, SP1, SP2, 0, FFP_GET_SP);
	c_run(&s, 0x8077, 0);
	ffp_enc_rx_release(&r, 0);
	call(&s, 0, &r);
	ffp_enc_version(&r, 0x20000);
	call(&s, 0, &r);
	put("spmc", "refusals", s.buf, s.len);

	/* OP-TEE (setup 0xc0): bitmap, bind, ENABLE_ASYNC_NOTIF(5) to its
	 * LSP, a watchdog tick (selector bit 6), INFO_GET, GET, the Test
	 * LSP's sum, a per-vCPU bind and a NWd SET (both refused).
	 */
	seq_start(&s, 0xc0);
	c_version(&s);
	c_create(&s, 0, 4);
	c_bind(&s, 0, SP1, 0, 0, 0x20);
	{
		struct ffp_direct_msg m = { .dst = SP1, .data = { 5, 5 } };

		ffp_enc_direct_req(&r, &m);
		call(&s, 0, &r);
		m.dst = SP2;
		m.data[0] = 1;
		ffp_enc_direct_req(&r, &m);
		call(&s, 0, &r);
	}
	c_info(&s, 1);
	s.buf[s.len - 8 * 8 - 1] |= 0x40; /* tick before that INFO_GET */
	c_get(&s, 0, 0, 0, FFP_GET_SP | FFP_GET_SPM);
	c_bind(&s, 0, SP1, 0, FFP_BIND_PER_VCPU, 0x40);
	c_set(&s, 0, 0, SP1, 0, 0, 0x20);
	put("spmc", "optee", s.buf, s.len);
}

/* ---- fnd-proto: a byte stream of messages -------------------------------- */

struct stream {
	uint8_t buf[16384];
	size_t len;
};

static void msg(struct stream *st, uint16_t type, uint32_t seq, uint32_t error,
		const uint8_t *payload, size_t len)
{
	struct fnd_hdr h = {
		.length = (uint32_t)(FND_HDR_SIZE + len),
		.version = FND_PROTO_VERSION,
		.type = type,
		.seq = seq,
		.error = error,
	};

	fnd_hdr_encode(st->buf + st->len, &h);
	memcpy(st->buf + st->len + FND_HDR_SIZE, payload, len);
	st->len += FND_HDR_SIZE + len;
}

static void notif(struct stream *st, uint16_t type, uint32_t seq, uint64_t ids,
		  uint64_t flags, uint32_t partition, uint32_t vcpu)
{
	struct fnd_notif_req m = {
		.notifications = ids,
		.flags = flags,
		.partition = partition,
		.vcpu = vcpu,
	};
	uint8_t p[FND_NOTIF_REQ_SIZE];

	msg(st, type, seq, 0, p, fnd_notif_req_encode(p, &m));
}

static void gen_fnd_proto(void)
{
	static struct fnd_partition parts[3] = {
		{ 0x8001, 4, 0x10b, { 0xf0, 0xa0, 0x5e, 0xc0, 0, 1 }, "echo" },
		{ 0x8002,
		  4,
		  0x10b,
		  { 0xf0, 0xa0, 0x5e, 0xc0, 0, 2 },
		  "echo-percpu" },
		{ 0x8003,
		  1,
		  0x103,
		  { 0xf0, 0xa0, 0x5e, 0xc0, 0, 3 },
		  "doorbell" },
	};
	struct fnd_hello hello = { .role = FND_ROLE_CONTROL };
	struct fnd_hello_reply hr = { FND_PROTO_VERSION,
				      FND_ROLE_CONTROL,
				      0x1234,
				      0xfeedfacecafebeefULL,
				      1000,
				      1000,
				      4242,
				      0 };
	struct fnd_info inf = {
		0x10001, 0x10001, 0x3, 2, 0, 4, 64, 64, 8, "sim"
	};
	struct fnd_stats stats = { 3, 10, 9, 1, 0 };
	struct fnd_event ev = { 123456789, 0x5, 7, 0, 0x8001, 0, 0 };
	static uint8_t p[FND_MAX_MSG];
	static struct stream st;

	/* A control session, requests as a client sends them. */
	st.len = 0;
	msg(&st, FND_T_HELLO, 1, 0, p, fnd_hello_encode(p, &hello));
	msg(&st, FND_T_GET_INFO, 2, 0, p, 0);
	msg(&st, FND_T_LIST_PARTITIONS, 3, 0, p, 0);
	notif(&st, FND_T_BIND, 4, 0xf, 0, 0x8001, 0);
	notif(&st, FND_T_BIND, 5, 0xf00000000ULL, FND_FLAG_PER_VCPU, 0x8002, 0);
	notif(&st, FND_T_BIND, 20, 0x30, FND_FLAG_EXCLUSIVE, 0x8001, 0);
	notif(&st, FND_T_SET, 6, 0x1, 0, 0x8001, 0);
	notif(&st, FND_T_SET, 7, 0x100000000ULL, FND_FLAG_PER_VCPU, 0x8002, 3);
	notif(&st, FND_T_SIM_RING, 8, 0x2, 0, 0x8003, 0);
	msg(&st, FND_T_GET_STATS, 9, 0, p, 0);
	notif(&st, FND_T_UNBIND, 10, 0xf, 0, 0x8001, 0);
	put("fnd-proto", "control-session", st.buf, st.len);

	/* The event connection's HELLO. */
	st.len = 0;
	hello.role = FND_ROLE_EVENTS;
	hello.session = 0x1234;
	hello.token = 0xfeedfacecafebeefULL;
	msg(&st, FND_T_HELLO, 1, 0, p, fnd_hello_encode(p, &hello));
	put("fnd-proto", "events-hello", st.buf, st.len);

	/* The daemon's replies and events. */
	st.len = 0;
	msg(&st, FND_T_HELLO | FND_T_REPLY, 1, 0, p,
	    fnd_hello_reply_encode(p, &hr));
	msg(&st, FND_T_GET_INFO | FND_T_REPLY, 2, 0, p,
	    fnd_info_encode(p, &inf));
	msg(&st, FND_T_LIST_PARTITIONS | FND_T_REPLY, 3, 0, p,
	    fnd_partitions_encode(p, parts, 3));
	msg(&st, FND_T_BIND | FND_T_REPLY, 4, 0, p, 0);
	msg(&st, FND_T_SET | FND_T_REPLY, 6, EACCES, p, 0);
	msg(&st, FND_T_GET_STATS | FND_T_REPLY, 9, 0, p,
	    fnd_stats_encode(p, &stats));
	put("fnd-proto", "daemon-replies", st.buf, st.len);

	st.len = 0;
	msg(&st, FND_T_EVENT, 0, 0, p, fnd_event_encode(p, &ev));
	ev.flags = FND_EVENT_PER_VCPU;
	ev.vcpu = 2;
	ev.dropped = 3;
	ev.seqno++;
	msg(&st, FND_T_EVENT, 0, 0, p, fnd_event_encode(p, &ev));
	put("fnd-proto", "events", st.buf, st.len);

	/* Framing and version trouble. */
	st.len = 0;
	msg(&st, FND_T_GET_INFO, 1, 0, p, 0);
	st.buf[st.len - FND_HDR_SIZE + 4] = 2; /* version 2 */
	msg(&st, 0x0042, 2, 0, p, 0);
	msg(&st, FND_T_GET_STATS, 3, 5, p, 0);
	msg(&st, FND_T_HELLO, 4, 0, p, 3);
	put("fnd-proto", "bad-requests", st.buf, st.len);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR (fuzz/corpus)\n",
			argv[0]);
		return 2;
	}
	top = argv[1];
	gen_info_get();
	gen_spmc();
	gen_fnd_proto();
	return 0;
}
