// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "device" backend: the uAPI's own syscalls on /dev/ffa-notif
 * (include/uapi/linux/ffa_notif.h), or on the path in FFANOTIF_DEVICE.
 * The session's fd is the device's open file itself, so poll/epoll see
 * the kernel's wait queue; the uAPI's requests (built by uapi.c) and
 * reads pass through unchanged, the kernel module's hub (the same
 * protocol/ffp_hub.c as the simulator's) judging them.  Bindings are
 * exclusive: the module has no shared watch.  Partitions come from the
 * module's generic netlink family.
 *
 * Opening checks that the path is ffa-notif before the session is handed
 * out: a character device that answers FFA_NOTIF_IOC_GET_INFO with an API
 * version.  Anything else is ENODEV, so that FFANOTIF_DEVICE pointing at
 * the wrong file fails at once and clearly, not at the first bind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define DEVICE_DEFAULT_PATH "/dev/ffa-notif"

static const char *device_path(void)
{
	const char *p = secure_getenv("FFANOTIF_DEVICE");

	return p && *p ? p : DEVICE_DEFAULT_PATH;
}

static int device_ioctl(struct ffanotif_session *s, unsigned int cmd, void *arg)
{
	return ioctl(s->fd, cmd, arg) < 0 ? -errno : 0;
}

/* Whole uAPI records (uapi.c puts them in the library's terms). */
static ssize_t device_read(struct ffanotif_session *s,
			   struct ffa_notif_event *recs, size_t max)
{
	const size_t rec = sizeof(*recs);
	ssize_t n;

	do {
		n = read(s->fd, recs, max * rec);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno; /* -EAGAIN: nothing queued */
	/* Whole records, at least one: anything else breaks the uAPI (an
	 * empty queue is EAGAIN, never 0).
	 */
	if (n == 0 || (size_t)n % rec != 0)
		return -EPROTO;
	return n / (ssize_t)rec;
}

static int device_open(struct ffanotif_session *s)
{
	struct ffa_notif_info info;
	struct stat st;
	int fd, ret;

	/* O_NOCTTY: FFANOTIF_DEVICE may name a terminal by mistake. */
	fd = open(device_path(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		goto fail;
	}
	if (!S_ISCHR(st.st_mode)) {
		ret = -ENODEV;
		goto fail;
	}
	if (ioctl(fd, FFA_NOTIF_IOC_GET_INFO, &info) < 0) {
		/* Some other device: it does not know the command. */
		ret = errno == ENOTTY ? -ENODEV : -errno;
		goto fail;
	}
	/* Versions only grow (a changed struct gets a new ioctl number). */
	if (info.api_version < 1) {
		ret = -EPROTO;
		goto fail;
	}
	s->fd = fd;
	s->priv = NULL;
	s->uapi_ioctl = device_ioctl;
	s->uapi_read = device_read;
	return 0;
fail:
	close(fd);
	return ret;
}

static void device_close(struct ffanotif_session *s)
{
	/* The module unbinds what the file bound when it is released. */
	close(s->fd);
}

static int device_list_partitions(struct ffanotif_session *s,
				  struct ffanotif_partition_list *l)
{
	(void)s;
	return ffanotif_nl_get_partitions(l);
}

const struct ffanotif_backend_ops ffanotif_device_backend = {
	.name = "device",
	.open = device_open,
	.close = device_close,
	.bind = ffanotif_uapi_bind,
	.unbind = ffanotif_uapi_unbind,
	.send = ffanotif_uapi_send,
	.sim_ring = ffanotif_uapi_sim_ring,
	.read = ffanotif_uapi_read,
	.get_stats = ffanotif_uapi_get_stats,
	.get_info = ffanotif_uapi_get_info,
	.list_partitions = device_list_partitions,
	.get_config = ffanotif_uapi_get_config,
	.set_config = ffanotif_uapi_set_config,
};
