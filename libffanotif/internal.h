/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libffanotif internals: the backend seam and the objects' layouts.
 *
 * Every backend speaks the uAPI of include/uapi/linux/ffa_notif.h: an
 * ioctl with the uAPI's structs, a read of whole event records, and one
 * pollable fd.  The device backend is those syscalls on /dev/ffa-notif;
 * the simulator backend answers them with the protocol core's hub, the
 * very code the kernel module runs.
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
#include <sys/types.h>

#include "ffanotif.h"

#define FFANOTIF_API __attribute__((visibility("default")))

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

struct ffanotif_backend_ops {
	const char *name;
	/* Set up session->fd and session->priv; 0 or -errno. */
	int (*open)(struct ffanotif_session *session);
	void (*close)(struct ffanotif_session *session);
	/* One uAPI ioctl; 0 or -errno (-ENOTTY for unknown commands). */
	int (*ioctl)(struct ffanotif_session *session, unsigned int cmd,
		     void *arg);
	/* Take up to max records without blocking: count, or -errno. */
	ssize_t (*read)(struct ffanotif_session *session,
			struct ffa_notif_event *events, size_t max);
	/* Fill a partition list (allocated by the backend); 0 or -errno. */
	int (*list_partitions)(struct ffanotif_session *session,
			       struct ffanotif_partition_list *list);
};

struct ffanotif_session {
	const struct ffanotif_backend_ops *ops;
	int fd;
	void *priv;
};

struct ffanotif_event {
	struct ffa_notif_event rec;
};

struct ffanotif_event_buffer {
	size_t capacity;
	size_t num_events;
	struct ffanotif_event *events;
};

struct ffanotif_info {
	struct ffa_notif_info info;
	const char *backend;
	int has_sim_info;
	struct ffa_notif_sim_info sim;
};

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

#endif /* FFANOTIF_INTERNAL_H */
