/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The ffa-notifd wire protocol: the one place its messages are encoded,
 * decoded and checked.  Linked into the daemon (tools/ffa-notifd), into
 * libffanotif's daemon backend and into the tests; documented in
 * docs/daemon-protocol.md.
 *
 * Every message is a 16-byte header and a payload, all little-endian:
 *
 *   u32 length   whole message, header included (16..FND_MAX_MSG)
 *   u16 version  FND_PROTO_VERSION
 *   u16 type     FND_T_*; a reply is its request's type | FND_T_REPLY
 *   u32 seq      chosen by the client, echoed by the reply; 0 in events
 *   u32 error    0 in requests and events; in replies 0 or an errno
 *
 * The first 8 bytes keep this meaning in every version, so a peer can
 * always frame a message and say which version it speaks.
 */
#ifndef FND_PROTO_H
#define FND_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define FND_PROTO_VERSION 1
#define FND_HDR_SIZE 16
#define FND_MAX_MSG 4096

/* Requests; the reply to one has FND_T_REPLY set. */
#define FND_T_HELLO 0x0001
#define FND_T_GET_INFO 0x0002
#define FND_T_LIST_PARTITIONS 0x0003
#define FND_T_BIND 0x0004
#define FND_T_UNBIND 0x0005
#define FND_T_SET 0x0006
#define FND_T_SIM_RING 0x0007
#define FND_T_GET_STATS 0x0008
#define FND_T_GET_METRICS 0x0009
/* Daemon to client, on an event connection only. */
#define FND_T_EVENT 0x0100
#define FND_T_REPLY 0x8000

/* Roles of a connection (HELLO). */
#define FND_ROLE_CONTROL 1
#define FND_ROLE_EVENTS 2

/* Flags of bind, set and sim_ring (the uAPI's FFA_NOTIF_FLAG_PER_VCPU). */
#define FND_FLAG_PER_VCPU (1ULL << 0)
/*
 * Of bind only: hold the IDs alone (the library's exclusive bind), not
 * share them with other watchers.  A daemon older than it says EINVAL.
 */
#define FND_FLAG_EXCLUSIVE (1ULL << 1)
/* Flags of an event (the uAPI's FFA_NOTIF_EVENT_PER_VCPU). */
#define FND_EVENT_PER_VCPU (1U << 0)

struct fnd_hdr {
	uint32_t length;
	uint16_t version;
	uint16_t type;
	uint32_t seq;
	uint32_t error;
};

/* HELLO: the first request on every connection. */
struct fnd_hello {
	uint32_t role; /* FND_ROLE_* */
	uint32_t reserved;
	uint64_t session; /* events role: from the control reply; else 0 */
	uint64_t token; /* events role: from the control reply; else 0 */
};

struct fnd_hello_reply {
	uint32_t version; /* the daemon's FND_PROTO_VERSION */
	uint32_t role;
	uint64_t session;
	uint64_t token;
	uint32_t uid; /* the client as the daemon sees it (SO_PEERCRED) */
	uint32_t gid;
	uint32_t pid;
	uint32_t reserved;
};

/* GET_INFO reply: the uAPI's struct ffa_notif_info, plus a name. */
struct fnd_info {
	uint32_t api_version;
	uint32_t ffa_version;
	uint64_t features;
	uint32_t backend;
	uint32_t own_id;
	uint32_t vcpu_count;
	uint32_t max_ids;
	uint32_t queue_depth; /* this client's queue in the daemon */
	uint32_t sri_intid;
	char backend_name[16]; /* the daemon's backend ("sim"), NUL-ended */
};

/*
 * BIND, UNBIND, SET and SIM_RING: the uAPI's request layout
 * (struct ffa_notif_binding / ffa_notif_set_req / ffa_notif_sim_ring).
 */
struct fnd_notif_req {
	uint64_t notifications;
	uint64_t flags;
	uint32_t
		partition; /* sender (BIND, UNBIND, SIM_RING), receiver (SET) */
	uint32_t vcpu; /* SET, SIM_RING; 0 for BIND and UNBIND */
	uint64_t reserved[4];
};

struct fnd_partition {
	uint16_t id;
	uint16_t vcpu_count;
	uint32_t properties;
	uint8_t uuid[16];
	char name[32]; /* NUL-ended */
};

/* Partitions per LIST_PARTITIONS reply: what fits in FND_MAX_MSG. */
#define FND_MAX_PARTITIONS 72

struct fnd_stats {
	uint64_t bound; /* IDs this client watches */
	uint64_t events; /* events queued for it */
	uint64_t read; /* events written to its event connection */
	uint64_t coalesced;
	uint64_t dropped; /* notifications lost to its queue overflowing */
};

/* GET_METRICS request: no flags are defined yet (both 0, else EINVAL). */
struct fnd_metrics_req {
	uint32_t flags;
	uint32_t reserved;
};

/*
 * GET_METRICS reply: the daemon's counters since it started, then one
 * series per notification ID it counted for.  `present` says which of
 * the counters this daemon knows (FND_M_*): the module's (SRIs, firmware
 * errors) only on the device backend.
 */
#define FND_M_DELIVERED (1ULL << 0)
#define FND_M_COALESCED (1ULL << 1)
#define FND_M_DROPPED (1ULL << 2)
#define FND_M_BACKEND_DROPPED (1ULL << 3)
#define FND_M_UNCLAIMED (1ULL << 4)
#define FND_M_KEPT (1ULL << 5)
#define FND_M_DENIED (1ULL << 6)
#define FND_M_CLIENTS (1ULL << 7)
#define FND_M_CLIENTS_TOTAL (1ULL << 8)
#define FND_M_BACKEND_ERRORS (1ULL << 9)
#define FND_M_FW_ERRORS (1ULL << 10)
#define FND_M_SRI (1ULL << 11)
#define FND_M_ALL ((1ULL << 12) - 1)

/* Per notification ID: counted for the sender it is bound from. */
struct fnd_metrics_series {
	uint16_t sender;
	uint16_t id; /* 0..63 */
	uint32_t reserved;
	uint64_t delivered;
	uint64_t coalesced;
	uint64_t dropped;
};

#define FND_MAX_METRICS_SERIES 64

struct fnd_metrics {
	uint64_t present; /* FND_M_* */
	uint64_t delivered; /* notifications queued to clients */
	uint64_t coalesced; /* bits merged into an unread event */
	uint64_t dropped; /* notifications lost to a queue overflowing */
	uint64_t backend_dropped; /* lost in the backend's own queue */
	uint64_t unclaimed; /* arrived for no watcher, not kept */
	uint64_t kept; /* arrived for a configured ID nobody watched */
	uint64_t denied; /* requests refused by the policy */
	uint64_t clients; /* connected now */
	uint64_t clients_total; /* connected since start */
	uint64_t backend_errors; /* backend calls that failed */
	uint64_t fw_errors; /* the module's: refused by the firmware */
	uint64_t sri; /* the module's: Schedule Receiver Interrupts */
	uint32_t count; /* series that follow */
	uint32_t reserved;
	struct fnd_metrics_series series[FND_MAX_METRICS_SERIES];
};

/* EVENT: the uAPI's struct ffa_notif_event without its zero words. */
struct fnd_event {
	uint64_t timestamp_ns;
	uint64_t notifications;
	uint64_t seqno;
	uint32_t dropped;
	uint32_t sender;
	uint32_t vcpu;
	uint32_t flags; /* FND_EVENT_* */
};

/* Payload sizes on the wire. */
#define FND_HELLO_SIZE 24
#define FND_HELLO_REPLY_SIZE 40
#define FND_INFO_SIZE 56
#define FND_NOTIF_REQ_SIZE 56
#define FND_PARTITION_SIZE 56
#define FND_PARTITIONS_HDR_SIZE 8
#define FND_STATS_SIZE 40
#define FND_EVENT_SIZE 40
#define FND_METRICS_REQ_SIZE 8
#define FND_METRICS_HDR_SIZE 112
#define FND_METRICS_SERIES_SIZE 32
#define FND_EVENT_MSG_SIZE (FND_HDR_SIZE + FND_EVENT_SIZE)

_Static_assert(FND_HDR_SIZE + FND_METRICS_HDR_SIZE +
			       FND_MAX_METRICS_SERIES *
				       FND_METRICS_SERIES_SIZE <=
		       FND_MAX_MSG,
	       "every series of the metrics fits in one message");
_Static_assert(FND_HDR_SIZE + FND_PARTITIONS_HDR_SIZE +
			       FND_MAX_PARTITIONS * FND_PARTITION_SIZE <=
		       FND_MAX_MSG,
	       "a partition list fits in one message");

/* Header.  buf holds at least FND_HDR_SIZE bytes. */
void fnd_hdr_encode(uint8_t *buf, const struct fnd_hdr *h);
void fnd_hdr_decode(const uint8_t *buf, struct fnd_hdr *h);
/*
 * Whether a header can be framed: 0, -EBADMSG (length below the header)
 * or -EMSGSIZE (above FND_MAX_MSG).  Either error loses the framing: the
 * connection cannot go on.
 */
int fnd_hdr_frame_error(const struct fnd_hdr *h);

/*
 * Whether a request may be served: 0, -EPROTONOSUPPORT (another version;
 * the framing holds, the connection may go on), -EBADRQC (not a request
 * type), -EINVAL (error field not 0).
 */
int fnd_request_error(const struct fnd_hdr *h);

/*
 * Payloads.  Encoders write into `buf` (room for the size above) and
 * return the number of bytes.  Decoders take a payload of exactly their
 * size, else -EBADMSG; and a field that must be zero and is not gives
 * -EINVAL.  Either way *out is unusable.
 */
size_t fnd_hello_encode(uint8_t *buf, const struct fnd_hello *m);
int fnd_hello_decode(const uint8_t *buf, size_t len, struct fnd_hello *m);
size_t fnd_hello_reply_encode(uint8_t *buf, const struct fnd_hello_reply *m);
int fnd_hello_reply_decode(const uint8_t *buf, size_t len,
			   struct fnd_hello_reply *m);
size_t fnd_info_encode(uint8_t *buf, const struct fnd_info *m);
int fnd_info_decode(const uint8_t *buf, size_t len, struct fnd_info *m);
size_t fnd_notif_req_encode(uint8_t *buf, const struct fnd_notif_req *m);
/* Decodes only; fnd_notif_req_check judges the content. */
int fnd_notif_req_decode(const uint8_t *buf, size_t len,
			 struct fnd_notif_req *m);
size_t fnd_stats_encode(uint8_t *buf, const struct fnd_stats *m);
int fnd_stats_decode(const uint8_t *buf, size_t len, struct fnd_stats *m);
size_t fnd_event_encode(uint8_t *buf, const struct fnd_event *m);
int fnd_event_decode(const uint8_t *buf, size_t len, struct fnd_event *m);

size_t fnd_metrics_req_encode(uint8_t *buf, const struct fnd_metrics_req *m);
int fnd_metrics_req_decode(const uint8_t *buf, size_t len,
			   struct fnd_metrics_req *m);
/*
 * GET_METRICS reply: the counters, then m->count (<=
 * FND_MAX_METRICS_SERIES) series.  The decoder says -EBADMSG for a size
 * that is not the count's, -EINVAL for a count above the maximum, an ID
 * above 63 or a reserved field not 0.
 */
size_t fnd_metrics_encode(uint8_t *buf, const struct fnd_metrics *m);
int fnd_metrics_decode(const uint8_t *buf, size_t len, struct fnd_metrics *m);

/* LIST_PARTITIONS reply: count (<= FND_MAX_PARTITIONS) then entries. */
size_t fnd_partitions_encode(uint8_t *buf, const struct fnd_partition *p,
			     uint32_t count);
/* Returns the count (entries into p, room for FND_MAX_PARTITIONS). */
int fnd_partitions_decode(const uint8_t *buf, size_t len,
			  struct fnd_partition *p);

/*
 * The rules of include/uapi/linux/ffa_notif.h for a BIND, UNBIND, SET or
 * SIM_RING request, checked before anything is done: reserved words zero,
 * known flags only (none for UNBIND), a non-empty bitmap, vcpu 0 unless
 * per-vCPU (always 0 for BIND and UNBIND), and a partition ID that is a
 * secure partition's other than the SPMC's and the SPMD's.  0 or -EINVAL.
 */
int fnd_notif_req_check(uint16_t type, const struct fnd_notif_req *m);

/* A partition ID the normal world may bind from or ring. */
int fnd_valid_partition_id(uint32_t id);

/* A short name of a message type, "?" if unknown (for logs). */
const char *fnd_type_name(uint16_t type);

#endif /* FND_PROTO_H */
