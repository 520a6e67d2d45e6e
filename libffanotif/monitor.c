// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct ffanotif_monitor: a netlink socket joined to the kernel module's
 * "monitor" multicast group, read without blocking.
 *
 * One datagram may carry several messages, so the monitor keeps the last
 * one it received and hands its messages out one by one: the fd can be
 * quiet while events are still buffered, hence "read until EAGAIN" (and
 * ffanotif_monitor_wait() looks at the buffer first).  Messages of other
 * families or commands are skipped, so that a newer module may multicast
 * more; a malformed one is skipped too, but reported (EPROTO).
 */
#include <errno.h>
#include <linux/ffa_notif_netlink.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

/* Far more than an event message (about 150 bytes). */
#define MONITOR_BUF_SIZE 32768

struct ffanotif_monitor *ffanotif_monitor_new(struct nl_sock *sk, int fd,
					      int family)
{
	struct ffanotif_monitor *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->buf = malloc(MONITOR_BUF_SIZE);
	if (!m->buf) {
		free(m);
		return NULL;
	}
	m->sk = sk;
	m->fd = fd;
	m->family = family;
	m->size = MONITOR_BUF_SIZE;
	return m;
}

FFANOTIF_API struct ffanotif_monitor *ffanotif_monitor_open(void)
{
	struct ffanotif_monitor *m;
	struct nl_sock *sk;
	int family, ret;

	ret = ffanotif_nl_connect(&sk, &family);
	if (ret < 0) {
		errno = -ret;
		return NULL;
	}
	ret = ffanotif_nl_join_monitor(sk);
	if (ret < 0) {
		nl_socket_free(sk);
		errno = -ret;
		return NULL;
	}
	m = ffanotif_monitor_new(sk, nl_socket_get_fd(sk), family);
	if (!m)
		nl_socket_free(sk);
	return m;
}

FFANOTIF_API void ffanotif_monitor_close(struct ffanotif_monitor *m)
{
	if (!m)
		return;
	if (m->sk)
		nl_socket_free(m->sk);
	else
		close(m->fd);
	free(m->buf);
	free(m);
}

FFANOTIF_API int ffanotif_monitor_get_fd(struct ffanotif_monitor *m)
{
	if (!m)
		return ffanotif_errno(-EINVAL);
	return m->fd;
}

FFANOTIF_API int ffanotif_monitor_wait(struct ffanotif_monitor *m,
				       int64_t timeout_ns)
{
	if (!m)
		return ffanotif_errno(-EINVAL);
	if (m->pos < m->len)
		return 1;
	return ffanotif_errno(ffanotif_poll_fd(m->fd, timeout_ns));
}

/* The next event of the buffered datagram: 1, 0 when it has none left,
 * or -EPROTO for a malformed message (skipped).
 */
static int monitor_take(struct ffanotif_monitor *m,
			struct ffanotif_monitor_event *ev)
{
	while (m->pos < m->len) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(m->buf + m->pos);
		int rem = (int)(m->len - m->pos);

		if (!nlmsg_ok(nlh, rem)) {
			/* Where the next one starts is unknown. */
			m->pos = m->len;
			return -EPROTO;
		}
		m->pos += NLMSG_ALIGN(nlh->nlmsg_len);
		if (nlh->nlmsg_type != m->family)
			continue;
		if (!genlmsg_valid_hdr(nlh, 0))
			return -EPROTO;
		if (genlmsg_hdr(nlh)->cmd != FFA_NOTIF_CMD_EVENT)
			continue;
		return ffanotif_nl_parse_event(nlh, ev) < 0 ? -EPROTO : 1;
	}
	return 0;
}

FFANOTIF_API struct ffanotif_monitor_event *
ffanotif_monitor_read_event(struct ffanotif_monitor *m)
{
	struct ffanotif_monitor_event ev, *e;
	ssize_t n;
	int ret;

	if (!m) {
		errno = EINVAL;
		return NULL;
	}
	for (;;) {
		ret = monitor_take(m, &ev);
		if (ret < 0) {
			errno = -ret;
			return NULL;
		}
		if (ret > 0)
			break;
		m->len = m->pos = 0;
		n = ffanotif_nl_recv(m->fd, m->buf, m->size);
		if (n < 0) {
			/* ENOBUFS: the kernel dropped events for us. */
			errno = (int)-n;
			return NULL;
		}
		m->len = (size_t)n;
	}
	e = malloc(sizeof(*e));
	if (e)
		*e = ev;
	return e;
}
