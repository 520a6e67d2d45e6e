/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libffanotif internals: the backend seam and the objects' layouts.
 *
 * The seam is typed: one op per verb of the API (bind, watch, set,
 * stats, info, read, partitions...), in the library's own terms.  Each
 * backend fills the ops it can; session.c answers EOPNOTSUPP for an op a
 * backend leaves NULL.  Speaking the uAPI of
 * include/uapi/linux/ffa_notif.h is the business of the two backends
 * built on it (uapi.c builds its requests once for both): the device
 * backend passes them to /dev/ffa-notif, the simulator backend to the
 * protocol core's hub, the very code the kernel module runs.  The daemon
 * backend speaks ffa-notifd's protocol instead.
 *
 * Beside the device, ffa_notif.ko has a generic netlink family
 * (include/uapi/linux/ffa_notif_netlink.h) for looking rather than
 * binding: netlink.c is its client, used by the device backend for the
 * partition list and by the module-wide objects (module.c, binding.c,
 * monitor.c, monitor-event.c).
 */
#ifndef FFANOTIF_INTERNAL_H
#define FFANOTIF_INTERNAL_H

#include <errno.h>
#include <linux/ffa_notif.h>
#include <stdlib.h>
#include <sys/types.h>

#include "ffanotif.h"

#define FFANOTIF_API __attribute__((visibility("default")))

/*
 * The public getter `name` of a struct `type`: its member `field`, as
 * `ret`.  The object is not checked: the API has callers pass a valid one.
 */
#define FFANOTIF_GETTER(ret, name, type, field)     \
	FFANOTIF_API ret name(const struct type *o) \
	{                                           \
		return o->field;                    \
	}

/*
 * The public functions of a struct `type` holding an array `array` of
 * `count` struct `elem`: free_fn frees both (NULL: nothing), count_fn
 * says how many (NULL: 0), get_fn gives element `index` (NULL with EINVAL
 * when there is no such element).
 */
#define FFANOTIF_ARRAY_ACCESSORS(type, elem, array, count, free_fn, count_fn, \
				 get_fn)                                      \
	FFANOTIF_API void free_fn(struct type *l)                             \
	{                                                                     \
		if (!l)                                                       \
			return;                                               \
		free(l->array);                                               \
		free(l);                                                      \
	}                                                                     \
	FFANOTIF_API size_t count_fn(const struct type *l)                    \
	{                                                                     \
		return l ? l->count : 0;                                      \
	}                                                                     \
	FFANOTIF_API const struct elem *get_fn(const struct type *l,          \
					       size_t index)                  \
	{                                                                     \
		if (!l || index >= l->count) {                                \
			errno = EINVAL;                                       \
			return NULL;                                          \
		}                                                             \
		return &l->array[index];                                      \
	}

#define FFANOTIF_EVENT_BUFFER_DEFAULT 64
#define FFANOTIF_EVENT_BUFFER_MAX 1024

struct ffanotif_partition {
	uint16_t id;
	uint16_t vcpu_count;
	uint32_t properties;
	uint8_t uuid[16];
	char name[32];
};

struct ffanotif_partition_list {
	size_t count;
	struct ffanotif_partition *parts;
};

struct ffanotif_binding {
	uint8_t id;
	uint16_t sender;
	uint32_t state; /* FFA_NOTIF_BIND_STATE_* */
	uint32_t pid; /* 0: no open file holds it */
	uint64_t file_id;
	char comm[64]; /* "" when pid is 0 */
};

struct ffanotif_binding_list {
	size_t count;
	struct ffanotif_binding *bindings;
};

struct ffanotif_monitor_event {
	uint32_t kind; /* FFA_NOTIF_EVENT_KIND_* */
	uint32_t flags; /* FFA_NOTIF_FLAG_* */
	uint64_t notifications;
	uint64_t timestamp_ns;
	uint64_t file_id;
	uint32_t pid; /* 0: no file involved */
	uint16_t sender;
	uint16_t receiver;
	uint16_t vcpu;
};

/* The monitor reads datagrams itself; messages of the last one wait in
 * buf[pos, len) until read_event takes them.
 */
struct ffanotif_monitor {
	struct nl_sock *sk; /* owns fd; NULL when fd came alone (tests) */
	int fd;
	int family;
	unsigned char *buf;
	size_t size;
	size_t len;
	size_t pos;
};

/* A session's own configuration (API 1.4). */
struct ffanotif_file_config {
	uint32_t queue_depth; /* 0: the backend's default */
	uint32_t clock; /* FFANOTIF_CLOCK_* */
};

/* An event in the library's terms (each backend fills it its own way). */
struct ffanotif_event {
	uint64_t timestamp_ns;
	uint64_t notifications;
	uint64_t seqno;
	uint32_t dropped;
	uint16_t sender;
	uint16_t vcpu;
	int per_vcpu;
};

struct ffanotif_event_buffer {
	size_t capacity;
	size_t num_events;
	struct ffanotif_event *events;
};

struct ffanotif_info {
	uint32_t api_version; /* of the uAPI, or of what stands for it */
	uint32_t ffa_version;
	const char *provider; /* "arm_ffa", "native", "sim", "unknown" */
	uint16_t own_id;
	uint32_t vcpu_count;
	uint32_t max_ids;
	uint32_t queue_depth;
	uint32_t sri_intid;
	int per_vcpu; /* per-vCPU notifications supported */
	int sim_ring; /* sim_ring supported */
	int has_personality; /* a simulator that said its personality */
	char personality[32]; /* NUL-ended */
};

/*
 * A backend: open and close, then one op per verb, each 0 (or a count)
 * or -errno.  An op left NULL is a verb the backend does not have:
 * EOPNOTSUPP, with no other check made.  Arguments come as the caller
 * gave them (but for the library's own flags, taken off by session.c):
 * the backend judges them, by the uAPI's rules, so that every backend
 * answers alike.
 */
struct ffanotif_backend_ops {
	const char *name;
	/* API 1.0-1.4's bind (no FFANOTIF_BIND_EXCLUSIVE) is this
	 * backend's watch, as it was before bind and watch were two verbs.
	 */
	int legacy_bind_watches;
	/* Set up session->fd and session->priv. */
	int (*open)(struct ffanotif_session *session);
	void (*close)(struct ffanotif_session *session);
	/* An exclusive binding: one session holds an ID at a time. */
	int (*bind)(struct ffanotif_session *session, uint16_t sender,
		    uint64_t notifications, uint64_t flags);
	int (*unbind)(struct ffanotif_session *session, uint16_t sender,
		      uint64_t notifications);
	/* A shared watch: several sessions may watch an ID at once. */
	int (*watch)(struct ffanotif_session *session, uint16_t sender,
		     uint64_t notifications, uint64_t flags);
	int (*unwatch)(struct ffanotif_session *session, uint16_t sender,
		       uint64_t notifications);
	int (*send)(struct ffanotif_session *session, uint16_t receiver,
		    uint64_t notifications, uint64_t flags, uint16_t vcpu);
	int (*sim_ring)(struct ffanotif_session *session, uint16_t sender,
			uint64_t notifications, uint64_t flags, uint16_t vcpu);
	/* Take up to max (>= 1) events without blocking: the count, or
	 * -errno (-EAGAIN: none).
	 */
	ssize_t (*read)(struct ffanotif_session *session,
			struct ffanotif_event *events, size_t max);
	int (*get_stats)(struct ffanotif_session *session,
			 struct ffanotif_stats *out);
	/* All of it (info.c only names a provider left NULL "unknown"). */
	int (*get_info)(struct ffanotif_session *session,
			struct ffanotif_info *out);
	/* Fill a partition list (allocated by the backend). */
	int (*list_partitions)(struct ffanotif_session *session,
			       struct ffanotif_partition_list *list);
	int (*get_config)(struct ffanotif_session *session,
			  struct ffanotif_file_config *out);
	int (*set_config)(struct ffanotif_session *session,
			  const struct ffanotif_file_config *config);
};

/* Op `op` of session s's backend with the arguments after s, or
 * -EOPNOTSUPP where the backend has none.
 */
#define FFANOTIF_OP(s, op, ...) \
	((s)->ops->op ? (s)->ops->op((s), __VA_ARGS__) : -EOPNOTSUPP)

struct ffanotif_session {
	const struct ffanotif_backend_ops *ops;
	int fd;
	void *priv;
	/* The backends of uapi.c: one uAPI ioctl, 0 or -errno (-ENOTTY
	 * for a command the other side does not know).
	 */
	int (*uapi_ioctl)(struct ffanotif_session *session, unsigned int cmd,
			  void *arg);
	/* And their read: up to max uAPI records, the count or -errno
	 * (-EAGAIN: none).  uapi_recs is where ffanotif_uapi_read has them
	 * put (grown on demand, freed with the session).
	 */
	ssize_t (*uapi_read)(struct ffanotif_session *session,
			     struct ffa_notif_event *recs, size_t max);
	struct ffa_notif_event *uapi_recs;
	size_t uapi_recs_cap;
};

/*
 * ---- uapi.c: the ops of a backend that speaks the uAPI ----
 *
 * Each builds the uAPI's request and hands it to session->uapi_ioctl;
 * the device and simulator backends put them in their tables.
 */
int ffanotif_uapi_bind(struct ffanotif_session *s, uint16_t sender,
		       uint64_t notifications, uint64_t flags);
int ffanotif_uapi_unbind(struct ffanotif_session *s, uint16_t sender,
			 uint64_t notifications);
int ffanotif_uapi_send(struct ffanotif_session *s, uint16_t receiver,
		       uint64_t notifications, uint64_t flags, uint16_t vcpu);
int ffanotif_uapi_sim_ring(struct ffanotif_session *s, uint16_t sender,
			   uint64_t notifications, uint64_t flags,
			   uint16_t vcpu);
ssize_t ffanotif_uapi_read(struct ffanotif_session *s,
			   struct ffanotif_event *events, size_t max);
int ffanotif_uapi_get_stats(struct ffanotif_session *s,
			    struct ffanotif_stats *out);
int ffanotif_uapi_get_info(struct ffanotif_session *s,
			   struct ffanotif_info *out);
int ffanotif_uapi_get_config(struct ffanotif_session *s,
			     struct ffanotif_file_config *out);
int ffanotif_uapi_set_config(struct ffanotif_session *s,
			     const struct ffanotif_file_config *config);
/* The provider a uAPI FFA_NOTIF_BACKEND_* number names. */
const char *ffanotif_uapi_provider_name(uint32_t backend);

/* Fill struct ffanotif_stats *out from a struct ffa_notif_stats or the
 * daemon's struct fnd_stats: the same counters.
 */
#define FFANOTIF_STATS_FILL(out, in)                \
	do {                                        \
		(out)->bound = (in)->bound;         \
		(out)->events = (in)->events;       \
		(out)->read = (in)->read;           \
		(out)->coalesced = (in)->coalesced; \
		(out)->dropped = (in)->dropped;     \
	} while (0)

/*
 * Fill struct ffanotif_info *out from *in: a struct ffa_notif_info, or
 * the daemon's struct fnd_info, which carries the same fields in the
 * uAPI's numbering.  Not the personality (a question of its own).
 */
#define FFANOTIF_INFO_FILL(out, in)                                           \
	do {                                                                  \
		(out)->api_version = (in)->api_version;                       \
		(out)->ffa_version = (in)->ffa_version;                       \
		(out)->provider = ffanotif_uapi_provider_name((in)->backend); \
		(out)->own_id = (uint16_t)(in)->own_id;                       \
		(out)->vcpu_count = (in)->vcpu_count;                         \
		(out)->max_ids = (in)->max_ids;                               \
		(out)->queue_depth = (in)->queue_depth;                       \
		(out)->sri_intid = (in)->sri_intid;                           \
		(out)->per_vcpu =                                             \
			((in)->features & FFA_NOTIF_FEAT_PER_VCPU) != 0;      \
		(out)->sim_ring =                                             \
			((in)->features & FFA_NOTIF_FEAT_SIM_RING) != 0;      \
	} while (0)

/* A module counters object holding `st` (stats.c); NULL if out of memory. */
struct ffanotif_module_counters *
ffanotif_module_counters_new(const struct ffanotif_module_stats *st);

extern const struct ffanotif_backend_ops ffanotif_sim_backend;
extern const struct ffanotif_backend_ops ffanotif_device_backend;
extern const struct ffanotif_backend_ops ffanotif_daemon_backend;

/* Poll one fd for input: 1 ready, 0 timed out, or -errno (session.c). */
int ffanotif_poll_fd(int fd, int64_t timeout_ns);

/* ---- netlink.c: the client of the "ffa_notif" generic netlink family ---- */

struct nl_sock;
struct nlmsghdr;

/* FFA_NOTIF_CMD_GET_INFO, all of it. */
struct ffanotif_nl_info {
	struct ffa_notif_info info; /* as FFA_NOTIF_IOC_GET_INFO fills it */
	char backend_name[32];
	struct ffanotif_module_stats stats;
};

/*
 * Decoders of one message of the family (generic netlink header and
 * attributes; the caller has checked nlmsg_type).  0, or -EPROTO when the
 * message breaks the contract of ffa_notif_netlink.h; `out` is then
 * unspecified.
 */
int ffanotif_nl_parse_info(struct nlmsghdr *nlh, struct ffanotif_nl_info *out);
int ffanotif_nl_parse_partition(struct nlmsghdr *nlh,
				struct ffanotif_partition *out);
int ffanotif_nl_parse_binding(struct nlmsghdr *nlh,
			      struct ffanotif_binding *out);
int ffanotif_nl_parse_event(struct nlmsghdr *nlh,
			    struct ffanotif_monitor_event *out);

/* Requests, each on a socket of its own: 0 or -errno (-ENODEV: the module
 * is not loaded).  The lists are filled only on success.
 */
int ffanotif_nl_get_info(struct ffanotif_nl_info *out);
int ffanotif_nl_get_partitions(struct ffanotif_partition_list *list);
int ffanotif_nl_get_bindings(struct ffanotif_binding_list *list);

/*
 * One request without attributes to generic netlink family `family`
 * (FFA_NOTIF_GENL_NAME but for tests), on a socket of its own: `cmd` as a
 * dump or a doit, each reply message of the family handed to `take`
 * (0, or -errno to stop).  0: complete; 1: a dump the kernel marked
 * inconsistent (NLM_F_DUMP_INTR), to be asked again; -errno: the kernel's
 * own error, take's, -ENODEV (no such family), -ETIMEDOUT.
 */
int ffanotif_nl_request(const char *family, uint8_t cmd, int dump,
			int (*take)(struct nlmsghdr *nlh, void *arg),
			void *arg);
/* A socket connected to the family: 0 or -errno; *family is its ID. */
int ffanotif_nl_connect(struct nl_sock **sk, int *family);
/* Join the monitor group and make the socket non-blocking. */
int ffanotif_nl_join_monitor(struct nl_sock *sk);
/*
 * Receive one datagram without blocking: its length, 0 when it did not
 * come from the kernel (dropped), or -errno (-EAGAIN: none).
 */
ssize_t ffanotif_nl_recv(int fd, void *buf, size_t size);
/* A libnl error code as -errno. */
int ffanotif_nl_errno(int nlerr);

/* monitor.c: a monitor over a socket joined to the group (takes sk/fd). */
struct ffanotif_monitor *ffanotif_monitor_new(struct nl_sock *sk, int fd,
					      int family);

/* Set errno from a -errno result and return -1 (or return 0). */
static inline int ffanotif_errno(int ret)
{
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/*
 * A zeroed object of `size` bytes for session s to fill: NULL with errno
 * EINVAL when there is no session, ENOMEM when out of memory.
 */
static inline void *ffanotif_session_alloc(struct ffanotif_session *s,
					   size_t size)
{
	if (!s) {
		errno = EINVAL;
		return NULL;
	}
	return calloc(1, size);
}

/*
 * An object `obj` just filled by a call that returned `ret`: obj when ret
 * is 0 or more; else obj freed, errno set from -errno ret, and NULL.
 */
static inline void *ffanotif_filled(void *obj, int ret)
{
	if (ret < 0) {
		free(obj);
		errno = -ret;
		return NULL;
	}
	return obj;
}

#endif /* FFANOTIF_INTERNAL_H */
