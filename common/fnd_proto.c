// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ffa-notifd wire protocol: encoders, decoders and checks.  See
 * fnd_proto.h and docs/daemon-protocol.md.  Fields are written one by
 * one in little-endian order, never as C structs, so that no padding or
 * host byte order reaches the wire.
 */
#include <errno.h>
#include <string.h>

#include "fnd_proto.h"

/* ---- cursor -------------------------------------------------------------- */

struct cur {
	uint8_t *p;
	const uint8_t *r;
};

static void put16(struct cur *c, uint16_t v)
{
	c->p[0] = (uint8_t)v;
	c->p[1] = (uint8_t)(v >> 8);
	c->p += 2;
}

static void put32(struct cur *c, uint32_t v)
{
	put16(c, (uint16_t)v);
	put16(c, (uint16_t)(v >> 16));
}

static void put64(struct cur *c, uint64_t v)
{
	put32(c, (uint32_t)v);
	put32(c, (uint32_t)(v >> 32));
}

static void putbytes(struct cur *c, const void *src, size_t n)
{
	memcpy(c->p, src, n);
	c->p += n;
}

static uint16_t get16(struct cur *c)
{
	uint16_t v = (uint16_t)(c->r[0] | (c->r[1] << 8));

	c->r += 2;
	return v;
}

static uint32_t get32(struct cur *c)
{
	uint32_t lo = get16(c);

	return lo | ((uint32_t)get16(c) << 16);
}

static uint64_t get64(struct cur *c)
{
	uint64_t lo = get32(c);

	return lo | ((uint64_t)get32(c) << 32);
}

static void getbytes(struct cur *c, void *dst, size_t n)
{
	memcpy(dst, c->r, n);
	c->r += n;
}

/* A string field: at most n - 1 bytes of src, NUL-padded to n. */
static void putstr(struct cur *c, const char *src, size_t n)
{
	size_t len = strnlen(src, n - 1);

	memcpy(c->p, src, len);
	memset(c->p + len, 0, n - len);
	c->p += n;
}

/* A received string field: NUL-ended within its size, else not ours. */
static int string_ok(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

/* ---- header -------------------------------------------------------------- */

void fnd_hdr_encode(uint8_t *buf, const struct fnd_hdr *h)
{
	struct cur c = { .p = buf };

	put32(&c, h->length);
	put16(&c, h->version);
	put16(&c, h->type);
	put32(&c, h->seq);
	put32(&c, h->error);
}

void fnd_hdr_decode(const uint8_t *buf, struct fnd_hdr *h)
{
	struct cur c = { .r = buf };

	h->length = get32(&c);
	h->version = get16(&c);
	h->type = get16(&c);
	h->seq = get32(&c);
	h->error = get32(&c);
}

int fnd_hdr_frame_error(const struct fnd_hdr *h)
{
	if (h->length < FND_HDR_SIZE)
		return -EBADMSG;
	if (h->length > FND_MAX_MSG)
		return -EMSGSIZE;
	return 0;
}

int fnd_request_error(const struct fnd_hdr *h)
{
	if (h->version != FND_PROTO_VERSION)
		return -EPROTONOSUPPORT;
	switch (h->type) {
	case FND_T_HELLO:
	case FND_T_GET_INFO:
	case FND_T_LIST_PARTITIONS:
	case FND_T_BIND:
	case FND_T_UNBIND:
	case FND_T_SET:
	case FND_T_SIM_RING:
	case FND_T_GET_STATS:
		break;
	default:
		return -EBADRQC;
	}
	return h->error ? -EINVAL : 0;
}

/* ---- payloads ------------------------------------------------------------ */

size_t fnd_hello_encode(uint8_t *buf, const struct fnd_hello *m)
{
	struct cur c = { .p = buf };

	put32(&c, m->role);
	put32(&c, m->reserved);
	put64(&c, m->session);
	put64(&c, m->token);
	return FND_HELLO_SIZE;
}

int fnd_hello_decode(const uint8_t *buf, size_t len, struct fnd_hello *m)
{
	struct cur c = { .r = buf };

	if (len != FND_HELLO_SIZE)
		return -EBADMSG;
	m->role = get32(&c);
	m->reserved = get32(&c);
	m->session = get64(&c);
	m->token = get64(&c);
	if (m->reserved ||
	    (m->role != FND_ROLE_CONTROL && m->role != FND_ROLE_EVENTS) ||
	    (m->role == FND_ROLE_CONTROL && (m->session || m->token)))
		return -EINVAL;
	return 0;
}

size_t fnd_hello_reply_encode(uint8_t *buf, const struct fnd_hello_reply *m)
{
	struct cur c = { .p = buf };

	put32(&c, m->version);
	put32(&c, m->role);
	put64(&c, m->session);
	put64(&c, m->token);
	put32(&c, m->uid);
	put32(&c, m->gid);
	put32(&c, m->pid);
	put32(&c, 0);
	return FND_HELLO_REPLY_SIZE;
}

int fnd_hello_reply_decode(const uint8_t *buf, size_t len,
			   struct fnd_hello_reply *m)
{
	struct cur c = { .r = buf };

	if (len != FND_HELLO_REPLY_SIZE)
		return -EBADMSG;
	m->version = get32(&c);
	m->role = get32(&c);
	m->session = get64(&c);
	m->token = get64(&c);
	m->uid = get32(&c);
	m->gid = get32(&c);
	m->pid = get32(&c);
	m->reserved = get32(&c);
	return m->reserved ? -EINVAL : 0;
}

size_t fnd_info_encode(uint8_t *buf, const struct fnd_info *m)
{
	struct cur c = { .p = buf };

	put32(&c, m->api_version);
	put32(&c, m->ffa_version);
	put64(&c, m->features);
	put32(&c, m->backend);
	put32(&c, m->own_id);
	put32(&c, m->vcpu_count);
	put32(&c, m->max_ids);
	put32(&c, m->queue_depth);
	put32(&c, m->sri_intid);
	/* Always NUL-ended and zero-padded, whatever the caller left. */
	putstr(&c, m->backend_name, sizeof(m->backend_name));
	return FND_INFO_SIZE;
}

int fnd_info_decode(const uint8_t *buf, size_t len, struct fnd_info *m)
{
	struct cur c = { .r = buf };

	if (len != FND_INFO_SIZE)
		return -EBADMSG;
	m->api_version = get32(&c);
	m->ffa_version = get32(&c);
	m->features = get64(&c);
	m->backend = get32(&c);
	m->own_id = get32(&c);
	m->vcpu_count = get32(&c);
	m->max_ids = get32(&c);
	m->queue_depth = get32(&c);
	m->sri_intid = get32(&c);
	getbytes(&c, m->backend_name, sizeof(m->backend_name));
	return string_ok(m->backend_name, sizeof(m->backend_name)) ? 0
								   : -EBADMSG;
}

size_t fnd_notif_req_encode(uint8_t *buf, const struct fnd_notif_req *m)
{
	struct cur c = { .p = buf };
	size_t i;

	put64(&c, m->notifications);
	put64(&c, m->flags);
	put32(&c, m->partition);
	put32(&c, m->vcpu);
	for (i = 0; i < 4; i++)
		put64(&c, m->reserved[i]);
	return FND_NOTIF_REQ_SIZE;
}

int fnd_notif_req_decode(const uint8_t *buf, size_t len,
			 struct fnd_notif_req *m)
{
	struct cur c = { .r = buf };
	size_t i;

	if (len != FND_NOTIF_REQ_SIZE)
		return -EBADMSG;
	m->notifications = get64(&c);
	m->flags = get64(&c);
	m->partition = get32(&c);
	m->vcpu = get32(&c);
	for (i = 0; i < 4; i++)
		m->reserved[i] = get64(&c);
	return 0;
}

size_t fnd_stats_encode(uint8_t *buf, const struct fnd_stats *m)
{
	struct cur c = { .p = buf };

	put64(&c, m->bound);
	put64(&c, m->events);
	put64(&c, m->read);
	put64(&c, m->coalesced);
	put64(&c, m->dropped);
	return FND_STATS_SIZE;
}

int fnd_stats_decode(const uint8_t *buf, size_t len, struct fnd_stats *m)
{
	struct cur c = { .r = buf };

	if (len != FND_STATS_SIZE)
		return -EBADMSG;
	m->bound = get64(&c);
	m->events = get64(&c);
	m->read = get64(&c);
	m->coalesced = get64(&c);
	m->dropped = get64(&c);
	return 0;
}

size_t fnd_event_encode(uint8_t *buf, const struct fnd_event *m)
{
	struct cur c = { .p = buf };

	put64(&c, m->timestamp_ns);
	put64(&c, m->notifications);
	put64(&c, m->seqno);
	put32(&c, m->dropped);
	put32(&c, m->sender);
	put32(&c, m->vcpu);
	put32(&c, m->flags);
	return FND_EVENT_SIZE;
}

int fnd_event_decode(const uint8_t *buf, size_t len, struct fnd_event *m)
{
	struct cur c = { .r = buf };

	if (len != FND_EVENT_SIZE)
		return -EBADMSG;
	m->timestamp_ns = get64(&c);
	m->notifications = get64(&c);
	m->seqno = get64(&c);
	m->dropped = get32(&c);
	m->sender = get32(&c);
	m->vcpu = get32(&c);
	m->flags = get32(&c);
	return m->flags & ~FND_EVENT_PER_VCPU ? -EINVAL : 0;
}

size_t fnd_partitions_encode(uint8_t *buf, const struct fnd_partition *p,
			     uint32_t count)
{
	struct cur c = { .p = buf };
	uint32_t i;

	put32(&c, count);
	put32(&c, 0);
	for (i = 0; i < count; i++) {
		put16(&c, p[i].id);
		put16(&c, p[i].vcpu_count);
		put32(&c, p[i].properties);
		putbytes(&c, p[i].uuid, sizeof(p[i].uuid));
		putstr(&c, p[i].name, sizeof(p[i].name));
	}
	return FND_PARTITIONS_HDR_SIZE + (size_t)count * FND_PARTITION_SIZE;
}

int fnd_partitions_decode(const uint8_t *buf, size_t len,
			  struct fnd_partition *p)
{
	struct cur c = { .r = buf };
	uint32_t count, i;

	if (len < FND_PARTITIONS_HDR_SIZE)
		return -EBADMSG;
	count = get32(&c);
	if (get32(&c))
		return -EINVAL;
	if (count > FND_MAX_PARTITIONS ||
	    len != FND_PARTITIONS_HDR_SIZE + (size_t)count * FND_PARTITION_SIZE)
		return -EBADMSG;
	for (i = 0; i < count; i++) {
		p[i].id = get16(&c);
		p[i].vcpu_count = get16(&c);
		p[i].properties = get32(&c);
		getbytes(&c, p[i].uuid, sizeof(p[i].uuid));
		getbytes(&c, p[i].name, sizeof(p[i].name));
		if (!string_ok(p[i].name, sizeof(p[i].name)))
			return -EBADMSG;
	}
	return (int)count;
}

/* ---- checks -------------------------------------------------------------- */

int fnd_valid_partition_id(uint32_t id)
{
	/* Bit 15 marks a secure endpoint; 0x8000 is the SPMC, 0xffff the
	 * SPMD (FF-A v1.1 section 6.1): neither binds nor receives.
	 */
	return id <= 0xffffU && (id & 0x8000U) && id != 0x8000U &&
	       id != 0xffffU;
}

int fnd_notif_req_check(uint16_t type, const struct fnd_notif_req *m)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (m->reserved[i])
			return -EINVAL;
	if (!m->notifications || !fnd_valid_partition_id(m->partition))
		return -EINVAL;
	switch (type) {
	case FND_T_BIND:
		if (m->flags & ~FND_FLAG_PER_VCPU || m->vcpu)
			return -EINVAL;
		break;
	case FND_T_UNBIND:
		if (m->flags || m->vcpu)
			return -EINVAL;
		break;
	case FND_T_SET:
	case FND_T_SIM_RING:
		if (m->flags & ~FND_FLAG_PER_VCPU)
			return -EINVAL;
		/* A global notification has no vCPU. */
		if (!(m->flags & FND_FLAG_PER_VCPU) && m->vcpu)
			return -EINVAL;
		if (m->vcpu > 0xffffU)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

const char *fnd_type_name(uint16_t type)
{
	switch (type & ~FND_T_REPLY) {
	case FND_T_HELLO:
		return "hello";
	case FND_T_GET_INFO:
		return "get-info";
	case FND_T_LIST_PARTITIONS:
		return "list-partitions";
	case FND_T_BIND:
		return "bind";
	case FND_T_UNBIND:
		return "unbind";
	case FND_T_SET:
		return "set";
	case FND_T_SIM_RING:
		return "sim-ring";
	case FND_T_GET_STATS:
		return "get-stats";
	case FND_T_EVENT:
		return "event";
	default:
		return "?";
	}
}
