// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ffa-notifd wire protocol: encoders, decoders and checks.  See
 * fnd_proto.h and docs/daemon-protocol.md.
 *
 * Each message is described once, as a table of its fields in wire order
 * (size, kind, where the field lives in the C struct, and the values a
 * decoder accepts); one encoder and one decoder walk any table.  Fields
 * are written one by one in little-endian order, never as C structs, so
 * that no padding or host byte order reaches the wire.
 */
#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "fnd_proto.h"

/* ---- one codec for every message ---------------------------------------- */

enum fnd_kind {
	/*
	 * An unsigned integer of 2, 4 or 8 bytes, written as the struct
	 * holds it; a decoded value outside [min, max] is -EINVAL.
	 */
	FND_K_UINT,
	/*
	 * A reserved integer: written as 0 whatever the struct holds;
	 * decoded into the struct, -EINVAL if it is not 0.
	 */
	FND_K_RSVD,
	/* Bytes, copied as they are. */
	FND_K_BYTES,
	/*
	 * A string: written as at most size - 1 bytes, NUL-padded to size;
	 * decoded as the bytes, -EBADMSG unless a NUL ends it within size.
	 */
	FND_K_STR,
};

struct fnd_field {
	enum fnd_kind kind;
	size_t size; /* on the wire and in the struct */
	size_t off; /* offsetof() in the struct */
	uint64_t min, max; /* FND_K_UINT: the values a decoder accepts */
};

struct fnd_desc {
	const struct fnd_field *fields;
	size_t n;
	size_t size; /* of the payload: the fields' sizes add up to it */
};

#define FND_FIELD(k, type, member, lo, hi)                               \
	{                                                                \
		.kind = (k), .size = sizeof(((type *)0)->member),        \
		.off = offsetof(type, member), .min = (lo), .max = (hi), \
	}
#define F_UINT(type, member) FND_FIELD(FND_K_UINT, type, member, 0, UINT64_MAX)
#define F_RANGE(type, member, lo, hi) \
	FND_FIELD(FND_K_UINT, type, member, lo, hi)
#define F_RSVD(type, member) FND_FIELD(FND_K_RSVD, type, member, 0, 0)
#define F_BYTES(type, member) FND_FIELD(FND_K_BYTES, type, member, 0, 0)
#define F_STR(type, member) FND_FIELD(FND_K_STR, type, member, 0, 0)

#define FND_DESC(fields, payload_size)                                         \
	{                                                                      \
		(fields), sizeof(fields) / sizeof((fields)[0]), (payload_size) \
	}

static uint64_t load_uint(const uint8_t *p, size_t size)
{
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 2:
		memcpy(&v16, p, sizeof(v16));
		return v16;
	case 4:
		memcpy(&v32, p, sizeof(v32));
		return v32;
	default:
		memcpy(&v64, p, sizeof(v64));
		return v64;
	}
}

static void store_uint(uint8_t *p, size_t size, uint64_t v)
{
	uint16_t v16 = (uint16_t)v;
	uint32_t v32 = (uint32_t)v;

	switch (size) {
	case 2:
		memcpy(p, &v16, sizeof(v16));
		break;
	case 4:
		memcpy(p, &v32, sizeof(v32));
		break;
	default:
		memcpy(p, &v, sizeof(v));
		break;
	}
}

static void put_le(uint8_t *p, size_t size, uint64_t v)
{
	size_t i;

	for (i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, size_t size)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* Write the payload that d describes from struct m; its size. */
static size_t fnd_encode(const struct fnd_desc *d, uint8_t *buf, const void *m)
{
	const uint8_t *s = m;
	size_t i, at = 0;

	for (i = 0; i < d->n; i++) {
		const struct fnd_field *f = &d->fields[i];
		const uint8_t *src = s + f->off;
		size_t len;

		switch (f->kind) {
		case FND_K_UINT:
			put_le(buf + at, f->size, load_uint(src, f->size));
			break;
		case FND_K_RSVD:
			put_le(buf + at, f->size, 0);
			break;
		case FND_K_BYTES:
			memcpy(buf + at, src, f->size);
			break;
		case FND_K_STR:
			len = strnlen((const char *)src, f->size - 1);
			memcpy(buf + at, src, len);
			memset(buf + at + len, 0, f->size - len);
			break;
		}
		at += f->size;
	}
	assert(at == d->size);
	return d->size;
}

/*
 * Read a payload of exactly d->size bytes into struct m: 0, -EBADMSG
 * (another size, a string without its NUL) or -EINVAL (a value out of
 * its limits); the first field that fails says which.
 */
static int fnd_decode(const struct fnd_desc *d, const uint8_t *buf, size_t len,
		      void *m)
{
	uint8_t *s = m;
	size_t i, at = 0;
	uint64_t v;

	if (len != d->size)
		return -EBADMSG;
	for (i = 0; i < d->n; i++) {
		const struct fnd_field *f = &d->fields[i];
		uint8_t *dst = s + f->off;

		switch (f->kind) {
		case FND_K_UINT:
		case FND_K_RSVD:
			v = get_le(buf + at, f->size);
			store_uint(dst, f->size, v);
			if (v < f->min || v > f->max)
				return -EINVAL;
			break;
		case FND_K_BYTES:
			memcpy(dst, buf + at, f->size);
			break;
		case FND_K_STR:
			memcpy(dst, buf + at, f->size);
			if (!memchr(dst, '\0', f->size))
				return -EBADMSG;
			break;
		}
		at += f->size;
	}
	assert(at == d->size);
	return 0;
}

/* ---- the messages -------------------------------------------------------- */

#define T struct fnd_hdr
static const struct fnd_field hdr_fields[] = {
	F_UINT(T, length), F_UINT(T, version), F_UINT(T, type),
	F_UINT(T, seq),	   F_UINT(T, error),
};
#undef T

#define T struct fnd_hello
static const struct fnd_field hello_fields[] = {
	/* FND_ROLE_CONTROL (1) or FND_ROLE_EVENTS (2). */
	F_RANGE(T, role, FND_ROLE_CONTROL, FND_ROLE_EVENTS),
	/* Sent as the struct holds it (a test may send a bad one). */
	F_RANGE(T, reserved, 0, 0),
	F_UINT(T, session),
	F_UINT(T, token),
};
#undef T

#define T struct fnd_hello_reply
static const struct fnd_field hello_reply_fields[] = {
	F_UINT(T, version), F_UINT(T, role),	 F_UINT(T, session),
	F_UINT(T, token),   F_UINT(T, uid),	 F_UINT(T, gid),
	F_UINT(T, pid),	    F_RSVD(T, reserved),
};
#undef T

#define T struct fnd_info
static const struct fnd_field info_fields[] = {
	F_UINT(T, api_version), F_UINT(T, ffa_version), F_UINT(T, features),
	F_UINT(T, backend),	F_UINT(T, own_id),	F_UINT(T, vcpu_count),
	F_UINT(T, max_ids),	F_UINT(T, queue_depth), F_UINT(T, sri_intid),
	F_STR(T, backend_name),
};
#undef T

/* The content is judged by fnd_notif_req_check(), not here. */
#define T struct fnd_notif_req
static const struct fnd_field notif_req_fields[] = {
	F_UINT(T, notifications), F_UINT(T, flags),
	F_UINT(T, partition),	  F_UINT(T, vcpu),
	F_UINT(T, reserved[0]),	  F_UINT(T, reserved[1]),
	F_UINT(T, reserved[2]),	  F_UINT(T, reserved[3]),
};
#undef T

#define T struct fnd_stats
static const struct fnd_field stats_fields[] = {
	F_UINT(T, bound),     F_UINT(T, events),  F_UINT(T, read),
	F_UINT(T, coalesced), F_UINT(T, dropped),
};
#undef T

#define T struct fnd_event
static const struct fnd_field event_fields[] = {
	F_UINT(T, timestamp_ns),
	F_UINT(T, notifications),
	F_UINT(T, seqno),
	F_UINT(T, dropped),
	F_UINT(T, sender),
	F_UINT(T, vcpu),
	/* FND_EVENT_PER_VCPU, the only flag. */
	F_RANGE(T, flags, 0, FND_EVENT_PER_VCPU),
};
#undef T

#define T struct fnd_metrics_req
static const struct fnd_field metrics_req_fields[] = {
	/* No flag is defined yet. */
	F_RANGE(T, flags, 0, 0),
	F_RANGE(T, reserved, 0, 0),
};
#undef T

/* GET_METRICS reply: these, then count series. */
#define T struct fnd_metrics
static const struct fnd_field metrics_fields[] = {
	F_RANGE(T, present, 0, FND_M_ALL),
	F_UINT(T, delivered),
	F_UINT(T, coalesced),
	F_UINT(T, dropped),
	F_UINT(T, backend_dropped),
	F_UINT(T, unclaimed),
	F_UINT(T, kept),
	F_UINT(T, denied),
	F_UINT(T, clients),
	F_UINT(T, clients_total),
	F_UINT(T, backend_errors),
	F_UINT(T, fw_errors),
	F_UINT(T, sri),
	F_RANGE(T, count, 0, FND_MAX_METRICS_SERIES),
	F_RSVD(T, reserved),
};
#undef T

#define T struct fnd_metrics_series
static const struct fnd_field metrics_series_fields[] = {
	F_UINT(T, sender),    F_RANGE(T, id, 0, 63), F_RSVD(T, reserved),
	F_UINT(T, delivered), F_UINT(T, coalesced),  F_UINT(T, dropped),
};
#undef T

/* LIST_PARTITIONS reply: this, then count entries. */
struct fnd_partitions_hdr {
	uint32_t count;
	uint32_t reserved;
};

#define T struct fnd_partitions_hdr
static const struct fnd_field partitions_hdr_fields[] = {
	F_UINT(T, count),
	F_RSVD(T, reserved),
};
#undef T

#define T struct fnd_partition
static const struct fnd_field partition_fields[] = {
	F_UINT(T, id),	  F_UINT(T, vcpu_count), F_UINT(T, properties),
	F_BYTES(T, uuid), F_STR(T, name),
};
#undef T

static const struct fnd_desc hdr_desc = FND_DESC(hdr_fields, FND_HDR_SIZE);
static const struct fnd_desc hello_desc =
	FND_DESC(hello_fields, FND_HELLO_SIZE);
static const struct fnd_desc hello_reply_desc =
	FND_DESC(hello_reply_fields, FND_HELLO_REPLY_SIZE);
static const struct fnd_desc info_desc = FND_DESC(info_fields, FND_INFO_SIZE);
static const struct fnd_desc notif_req_desc =
	FND_DESC(notif_req_fields, FND_NOTIF_REQ_SIZE);
static const struct fnd_desc stats_desc =
	FND_DESC(stats_fields, FND_STATS_SIZE);
static const struct fnd_desc event_desc =
	FND_DESC(event_fields, FND_EVENT_SIZE);
static const struct fnd_desc metrics_req_desc =
	FND_DESC(metrics_req_fields, FND_METRICS_REQ_SIZE);
static const struct fnd_desc metrics_desc =
	FND_DESC(metrics_fields, FND_METRICS_HDR_SIZE);
static const struct fnd_desc metrics_series_desc =
	FND_DESC(metrics_series_fields, FND_METRICS_SERIES_SIZE);
static const struct fnd_desc partitions_hdr_desc =
	FND_DESC(partitions_hdr_fields, FND_PARTITIONS_HDR_SIZE);
static const struct fnd_desc partition_desc =
	FND_DESC(partition_fields, FND_PARTITION_SIZE);

/* ---- header -------------------------------------------------------------- */

void fnd_hdr_encode(uint8_t *buf, const struct fnd_hdr *h)
{
	fnd_encode(&hdr_desc, buf, h);
}

void fnd_hdr_decode(const uint8_t *buf, struct fnd_hdr *h)
{
	/* Every value is a header's: nothing to refuse. */
	(void)fnd_decode(&hdr_desc, buf, FND_HDR_SIZE, h);
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
	case FND_T_GET_METRICS:
		break;
	default:
		return -EBADRQC;
	}
	return h->error ? -EINVAL : 0;
}

/* ---- payloads ------------------------------------------------------------ */

size_t fnd_hello_encode(uint8_t *buf, const struct fnd_hello *m)
{
	return fnd_encode(&hello_desc, buf, m);
}

int fnd_hello_decode(const uint8_t *buf, size_t len, struct fnd_hello *m)
{
	int ret = fnd_decode(&hello_desc, buf, len, m);

	/* A control connection has no session to join. */
	if (!ret && m->role == FND_ROLE_CONTROL && (m->session || m->token))
		return -EINVAL;
	return ret;
}

size_t fnd_hello_reply_encode(uint8_t *buf, const struct fnd_hello_reply *m)
{
	return fnd_encode(&hello_reply_desc, buf, m);
}

int fnd_hello_reply_decode(const uint8_t *buf, size_t len,
			   struct fnd_hello_reply *m)
{
	return fnd_decode(&hello_reply_desc, buf, len, m);
}

size_t fnd_info_encode(uint8_t *buf, const struct fnd_info *m)
{
	/* The name always NUL-ended and zero-padded, whatever was left. */
	return fnd_encode(&info_desc, buf, m);
}

int fnd_info_decode(const uint8_t *buf, size_t len, struct fnd_info *m)
{
	return fnd_decode(&info_desc, buf, len, m);
}

size_t fnd_notif_req_encode(uint8_t *buf, const struct fnd_notif_req *m)
{
	return fnd_encode(&notif_req_desc, buf, m);
}

int fnd_notif_req_decode(const uint8_t *buf, size_t len,
			 struct fnd_notif_req *m)
{
	return fnd_decode(&notif_req_desc, buf, len, m);
}

size_t fnd_stats_encode(uint8_t *buf, const struct fnd_stats *m)
{
	return fnd_encode(&stats_desc, buf, m);
}

int fnd_stats_decode(const uint8_t *buf, size_t len, struct fnd_stats *m)
{
	return fnd_decode(&stats_desc, buf, len, m);
}

size_t fnd_event_encode(uint8_t *buf, const struct fnd_event *m)
{
	return fnd_encode(&event_desc, buf, m);
}

int fnd_event_decode(const uint8_t *buf, size_t len, struct fnd_event *m)
{
	return fnd_decode(&event_desc, buf, len, m);
}

size_t fnd_metrics_req_encode(uint8_t *buf, const struct fnd_metrics_req *m)
{
	return fnd_encode(&metrics_req_desc, buf, m);
}

int fnd_metrics_req_decode(const uint8_t *buf, size_t len,
			   struct fnd_metrics_req *m)
{
	return fnd_decode(&metrics_req_desc, buf, len, m);
}

size_t fnd_metrics_encode(uint8_t *buf, const struct fnd_metrics *m)
{
	size_t at;
	uint32_t i;

	at = fnd_encode(&metrics_desc, buf, m);
	for (i = 0; i < m->count && i < FND_MAX_METRICS_SERIES; i++)
		at += fnd_encode(&metrics_series_desc, buf + at, &m->series[i]);
	return at;
}

int fnd_metrics_decode(const uint8_t *buf, size_t len, struct fnd_metrics *m)
{
	uint32_t i;
	int ret;

	if (len < FND_METRICS_HDR_SIZE)
		return -EBADMSG;
	ret = fnd_decode(&metrics_desc, buf, FND_METRICS_HDR_SIZE, m);
	if (ret)
		return ret;
	if (len !=
	    FND_METRICS_HDR_SIZE + (size_t)m->count * FND_METRICS_SERIES_SIZE)
		return -EBADMSG;
	for (i = 0; i < m->count; i++) {
		ret = fnd_decode(&metrics_series_desc,
				 buf + FND_METRICS_HDR_SIZE +
					 (size_t)i * FND_METRICS_SERIES_SIZE,
				 FND_METRICS_SERIES_SIZE, &m->series[i]);
		if (ret)
			return ret;
	}
	return 0;
}

size_t fnd_partitions_encode(uint8_t *buf, const struct fnd_partition *p,
			     uint32_t count)
{
	const struct fnd_partitions_hdr h = { .count = count };
	size_t at;
	uint32_t i;

	at = fnd_encode(&partitions_hdr_desc, buf, &h);
	for (i = 0; i < count; i++)
		at += fnd_encode(&partition_desc, buf + at, &p[i]);
	return at;
}

int fnd_partitions_decode(const uint8_t *buf, size_t len,
			  struct fnd_partition *p)
{
	struct fnd_partitions_hdr h;
	uint32_t i;
	int ret;

	if (len < FND_PARTITIONS_HDR_SIZE)
		return -EBADMSG;
	ret = fnd_decode(&partitions_hdr_desc, buf, FND_PARTITIONS_HDR_SIZE,
			 &h);
	if (ret)
		return ret;
	if (h.count > FND_MAX_PARTITIONS ||
	    len != FND_PARTITIONS_HDR_SIZE +
			    (size_t)h.count * FND_PARTITION_SIZE)
		return -EBADMSG;
	for (i = 0; i < h.count; i++) {
		ret = fnd_decode(&partition_desc,
				 buf + FND_PARTITIONS_HDR_SIZE +
					 (size_t)i * FND_PARTITION_SIZE,
				 FND_PARTITION_SIZE, &p[i]);
		if (ret)
			return ret;
	}
	return (int)h.count;
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
		if (m->flags & ~(FND_FLAG_PER_VCPU | FND_FLAG_EXCLUSIVE) ||
		    m->vcpu)
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
	case FND_T_GET_METRICS:
		return "get-metrics";
	case FND_T_EVENT:
		return "event";
	default:
		return "?";
	}
}
