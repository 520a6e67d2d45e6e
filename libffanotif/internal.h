/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libffanotif internals: the backend seam and the objects' layouts.
 *
 * Every backend speaks the uAPI of include/uapi/linux/ffa_notif.h: an
 * ioctl with the uAPI's structs, a read of whole event records, and one
 * pollable fd.  The device backend is those syscalls on /dev/ffa-notif;
 * the simulator backend answers them with the protocol core's hub, the
 * very code the kernel module runs.
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
};

extern const struct ffanotif_backend_ops ffanotif_sim_backend;
extern const struct ffanotif_backend_ops ffanotif_daemon_backend;

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
