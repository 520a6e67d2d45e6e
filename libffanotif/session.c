// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct ffanotif_session: a backend's open file.  Everything here is
 * backend-neutral: each call is its backend's op of the same verb
 * (internal.h), EOPNOTSUPP where the backend has none; the backend
 * judges the arguments, so that every backend answers alike.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/*
 * Backends by name.  "auto" tries the real ones in this order and never
 * the simulator: a program on a host without the module must learn so
 * (ENODEV), not run against simulated firmware; "sim" is named or not
 * had.  The daemon (ffa-notifd) comes after the device it serves: a
 * process that cannot open /dev/ffa-notif goes through the daemon's
 * policy.  Its open says ENODEV when no daemon runs (no socket, or nobody
 * behind it), which backend_absent() counts as not there.
 */
static const struct ffanotif_backend_ops *const backends[] = {
	&ffanotif_device_backend,
	&ffanotif_daemon_backend,
	&ffanotif_sim_backend,
};

/* An open error that says the backend is not there at all, rather than
 * there but unusable (EACCES, EPROTO...).
 */
static int backend_absent(int err)
{
	return err == ENOENT || err == ENODEV || err == ENXIO;
}

static const struct ffanotif_backend_ops *find_backend(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (strcmp(backends[i]->name, name) == 0)
			return backends[i];
	return NULL;
}

static struct ffanotif_session *open_with(const struct ffanotif_backend_ops *o)
{
	struct ffanotif_session *s = calloc(1, sizeof(*s));
	int ret;

	if (!s)
		return NULL;
	s->ops = o;
	s->fd = -1;
	ret = o->open(s);
	if (ret < 0) {
		free(s);
		errno = -ret;
		return NULL;
	}
	return s;
}

FFANOTIF_API struct ffanotif_session *ffanotif_session_open(const char *backend)
{
	const struct ffanotif_backend_ops *o;
	struct ffanotif_session *s;
	size_t i;

	if (!backend || !*backend)
		backend = secure_getenv("FFANOTIF_BACKEND");
	if (!backend || !*backend || strcmp(backend, "auto") == 0) {
		int err = 0;

		for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
			if (backends[i] == &ffanotif_sim_backend)
				continue;
			s = open_with(backends[i]);
			if (s)
				return s;
			/* A real backend that exists but failed is reported
			 * (unless a later one opens): EACCES says more than
			 * ENODEV.
			 */
			if (!err && !backend_absent(errno))
				err = errno;
		}
		errno = err ? err : ENODEV;
		return NULL;
	}
	o = find_backend(backend);
	if (!o) {
		errno = ENOENT;
		return NULL;
	}
	return open_with(o);
}

FFANOTIF_API void ffanotif_session_close(struct ffanotif_session *s)
{
	if (!s)
		return;
	s->ops->close(s);
	free(s->uapi_recs);
	free(s);
}

FFANOTIF_API const char *
ffanotif_session_get_backend(struct ffanotif_session *s)
{
	if (!s) {
		errno = EINVAL;
		return NULL;
	}
	return s->ops->name;
}

FFANOTIF_API int ffanotif_session_get_fd(struct ffanotif_session *s)
{
	if (!s) {
		errno = EINVAL;
		return -1;
	}
	return s->fd;
}

/*
 * Op `op` of session s's backend as the API answers it: its result, or -1
 * with errno (EINVAL when there is no session).
 */
#define SESSION_CALL(s, op, ...)                               \
	((s) ? ffanotif_errno(FFANOTIF_OP(s, op, __VA_ARGS__)) \
	     : ffanotif_errno(-EINVAL))

/*
 * bind is exclusive: the backend's bind op.  API 1.x's bind, without
 * FFANOTIF_BIND_EXCLUSIVE, is what it was then: the backend's own way of
 * receiving, its watch where it had one (the daemon), else its bind.
 */
FFANOTIF_API int ffanotif_session_bind(struct ffanotif_session *s,
				       uint16_t sender, uint64_t notifications,
				       uint64_t flags)
{
	uint64_t backend_flags = flags & ~FFANOTIF_BIND_EXCLUSIVE;

	if (!s)
		return ffanotif_errno(-EINVAL);
	if (s->ops->legacy_bind_watches && !(flags & FFANOTIF_BIND_EXCLUSIVE))
		return ffanotif_errno(FFANOTIF_OP(
			s, watch, sender, notifications, backend_flags));
	return ffanotif_errno(
		FFANOTIF_OP(s, bind, sender, notifications, backend_flags));
}

/* Undoes bind, exclusive or (API 1.x, the daemon) a watch: the daemon
 * has one request for both.
 */
FFANOTIF_API int ffanotif_session_unbind(struct ffanotif_session *s,
					 uint16_t sender,
					 uint64_t notifications)
{
	return SESSION_CALL(s, unbind, sender, notifications);
}

FFANOTIF_API int ffanotif_session_watch(struct ffanotif_session *s,
					uint16_t sender, uint64_t notifications,
					uint64_t flags)
{
	if (flags & FFANOTIF_BIND_EXCLUSIVE)
		return ffanotif_errno(-EINVAL);
	return SESSION_CALL(s, watch, sender, notifications, flags);
}

FFANOTIF_API int ffanotif_session_unwatch(struct ffanotif_session *s,
					  uint16_t sender,
					  uint64_t notifications)
{
	return SESSION_CALL(s, unwatch, sender, notifications);
}

FFANOTIF_API int ffanotif_session_send(struct ffanotif_session *s,
				       uint16_t receiver,
				       uint64_t notifications, uint64_t flags,
				       uint16_t vcpu)
{
	return SESSION_CALL(s, send, receiver, notifications, flags, vcpu);
}

FFANOTIF_API int ffanotif_session_sim_ring(struct ffanotif_session *s,
					   uint16_t sender,
					   uint64_t notifications,
					   uint64_t flags, uint16_t vcpu)
{
	int ret;

	if (!s)
		return ffanotif_errno(-EINVAL);
	ret = FFANOTIF_OP(s, sim_ring, sender, notifications, flags, vcpu);
	/* A backend without the command does not simulate anything. */
	return ffanotif_errno(ret == -ENOTTY ? -EOPNOTSUPP : ret);
}

int ffanotif_poll_fd(int fd, int64_t timeout_ns)
{
	struct pollfd pfd;
	struct timespec ts, *tsp = NULL;
	int ret;

	if (timeout_ns >= 0) {
		ts.tv_sec = timeout_ns / 1000000000;
		ts.tv_nsec = timeout_ns % 1000000000;
		tsp = &ts;
	}
	pfd.fd = fd;
	pfd.events = POLLIN | POLLPRI;
	pfd.revents = 0;
	do {
		ret = ppoll(&pfd, 1, tsp, NULL);
	} while (ret < 0 && errno == EINTR && !tsp);
	if (ret < 0)
		return -errno;
	return ret > 0 ? 1 : 0;
}

FFANOTIF_API int ffanotif_session_wait(struct ffanotif_session *s,
				       int64_t timeout_ns)
{
	if (!s)
		return ffanotif_errno(-EINVAL);
	return ffanotif_errno(ffanotif_poll_fd(s->fd, timeout_ns));
}

FFANOTIF_API int ffanotif_session_read_events(struct ffanotif_session *s,
					      struct ffanotif_event_buffer *buf,
					      size_t max)
{
	ssize_t n;

	if (!s || !buf || max > buf->capacity)
		return ffanotif_errno(-EINVAL);
	if (max == 0)
		max = buf->capacity;
	n = s->ops->read(s, buf->events, max);
	if (n == -EAGAIN)
		n = 0;
	if (n < 0)
		return ffanotif_errno((int)n);
	buf->num_events = (size_t)n;
	return (int)n;
}

FFANOTIF_API int ffanotif_session_get_stats(struct ffanotif_session *s,
					    struct ffanotif_stats *stats)
{
	struct ffanotif_stats st;
	int ret;

	if (!s || !stats)
		return ffanotif_errno(-EINVAL);
	ret = FFANOTIF_OP(s, get_stats, &st);
	if (ret < 0)
		return ffanotif_errno(ret);
	*stats = st;
	return 0;
}

FFANOTIF_API struct ffanotif_partition_list *
ffanotif_session_list_partitions(struct ffanotif_session *s)
{
	struct ffanotif_partition_list *l;

	l = ffanotif_session_alloc(s, sizeof(*l));
	if (!l)
		return NULL;
	return ffanotif_filled(l, FFANOTIF_OP(s, list_partitions, l));
}
