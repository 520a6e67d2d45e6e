// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "daemon" backend: a session is a client of ffa-notifd, which owns
 * the real backend (the device, or its own simulator) and serves many
 * processes.  The socket is FFANOTIFD_SOCKET, else
 * /run/ffa-notifd/ffa-notifd.sock; the protocol is common/fnd_proto.h
 * (docs/daemon-protocol.md).
 *
 * A session holds two connections.  Requests and their replies go over
 * the control connection; events come over the event connection, whose fd
 * is the session's fd.  Keeping events apart means a request never has to
 * read past events (and stash them where poll() cannot see them), and the
 * fd is readable exactly when an event is there.
 *
 * What differs from the other backends is the daemon's business, not the
 * library's: a bind is a watch, so several sessions may bind the same ID
 * from the same sender (the daemon holds one binding and fans out), and
 * the daemon's policy may refuse a request with EACCES.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fnd_conn.h"
#include "internal.h"

struct daemon_session {
	int ctl; /* requests and replies */
	int evt; /* events only: the session's fd */
	uint32_t seq;
	size_t in_len; /* bytes of a partly received event message */
	uint8_t in[FND_EVENT_MSG_SIZE];
};

/* A gone daemon looks like a gone device (uAPI: ENODEV). */
static int gone(int ret)
{
	return ret == -ENOTCONN || ret == -EPIPE || ret == -ECONNRESET ? -ENODEV
								       : ret;
}

static int hello(int fd, uint32_t *seq, const struct fnd_hello *h,
		 struct fnd_hello_reply *r)
{
	uint8_t req[FND_HELLO_SIZE], reply[FND_MAX_MSG];
	size_t len;
	int ret;

	fnd_hello_encode(req, h);
	ret = fnd_call(fd, seq, FND_T_HELLO, req, sizeof(req), reply, &len);
	if (ret < 0)
		return ret;
	ret = fnd_hello_reply_decode(reply, len, r);
	if (ret < 0 || r->role != h->role)
		return -EPROTO;
	return 0;
}

static int daemon_open(struct ffanotif_session *s)
{
	const char *path = fnd_socket_path();
	struct fnd_hello h = { .role = FND_ROLE_CONTROL };
	struct fnd_hello_reply r;
	struct daemon_session *ds;
	uint32_t evt_seq = 0;
	int ret;

	ds = calloc(1, sizeof(*ds));
	if (!ds)
		return -ENOMEM;
	ds->evt = -1;
	ds->ctl = fnd_connect(path);
	if (ds->ctl < 0) {
		ret = ds->ctl;
		free(ds);
		/* No socket, or nobody behind it: no daemon here. */
		if (ret == -ENOENT || ret == -ECONNREFUSED || ret == -ENOTDIR)
			return -ENODEV;
		return ret;
	}
	ret = hello(ds->ctl, &ds->seq, &h, &r);
	if (ret == 0) {
		ds->evt = fnd_connect(path);
		if (ds->evt < 0)
			ret = ds->evt;
	}
	if (ret == 0) {
		h.role = FND_ROLE_EVENTS;
		h.session = r.session;
		h.token = r.token;
		ret = hello(ds->evt, &evt_seq, &h, &r);
	}
	if (ret < 0) {
		if (ds->evt >= 0)
			close(ds->evt);
		close(ds->ctl);
		free(ds);
		return gone(ret);
	}
	s->fd = ds->evt;
	s->priv = ds;
	return 0;
}

static void daemon_close(struct ffanotif_session *s)
{
	struct daemon_session *ds = s->priv;

	/* The daemon drops the client's watches when either goes. */
	close(ds->evt);
	close(ds->ctl);
	free(ds);
}

static int call(struct daemon_session *ds, uint16_t type, const void *req,
		size_t req_len, uint8_t *reply, size_t *reply_len)
{
	return gone(fnd_call(ds->ctl, &ds->seq, type, req, req_len, reply,
			     reply_len));
}

/* A request of the uAPI with a notification bitmap, as it is. */
static int notif_call(struct daemon_session *ds, uint16_t type,
		      const struct fnd_notif_req *m)
{
	uint8_t req[FND_NOTIF_REQ_SIZE], reply[FND_MAX_MSG];
	size_t len;
	int ret;

	fnd_notif_req_encode(req, m);
	ret = call(ds, type, req, sizeof(req), reply, &len);
	if (ret == 0 && len != 0)
		return -EPROTO;
	return ret;
}

static int get_info(struct daemon_session *ds, struct ffa_notif_info *out)
{
	uint8_t reply[FND_MAX_MSG];
	struct fnd_info i;
	size_t len;
	int ret;

	ret = call(ds, FND_T_GET_INFO, NULL, 0, reply, &len);
	if (ret == 0 && fnd_info_decode(reply, len, &i) < 0)
		ret = -EPROTO;
	if (ret < 0)
		return ret;
	memset(out, 0, sizeof(*out));
	out->api_version = i.api_version;
	out->ffa_version = i.ffa_version;
	/* It cannot ask the daemon which model a simulator is. */
	out->features = i.features & ~FFA_NOTIF_FEAT_SIM_INFO;
	out->backend = i.backend;
	out->own_id = i.own_id;
	out->vcpu_count = i.vcpu_count;
	out->max_ids = i.max_ids;
	out->queue_depth = i.queue_depth;
	out->sri_intid = i.sri_intid;
	return 0;
}

static int get_stats(struct daemon_session *ds, struct ffa_notif_stats *out)
{
	uint8_t reply[FND_MAX_MSG];
	struct fnd_stats st;
	size_t len;
	int ret;

	ret = call(ds, FND_T_GET_STATS, NULL, 0, reply, &len);
	if (ret == 0 && fnd_stats_decode(reply, len, &st) < 0)
		ret = -EPROTO;
	if (ret < 0)
		return ret;
	memset(out, 0, sizeof(*out));
	out->bound = st.bound;
	out->events = st.events;
	out->read = st.read;
	out->coalesced = st.coalesced;
	out->dropped = st.dropped;
	return 0;
}

static int daemon_ioctl(struct ffanotif_session *s, unsigned int cmd, void *arg)
{
	struct daemon_session *ds = s->priv;
	struct fnd_notif_req m = { 0 };

	if (!arg)
		return -EFAULT;
	/* The requests go as they are: the daemon judges them, by the
	 * same rules as the hub, so that every backend answers alike.
	 */
	switch (cmd) {
	case FFA_NOTIF_IOC_GET_INFO:
		return get_info(ds, arg);
	case FFA_NOTIF_IOC_GET_STATS:
		return get_stats(ds, arg);
	case FFA_NOTIF_IOC_BIND:
	case FFA_NOTIF_IOC_UNBIND: {
		const struct ffa_notif_binding *b = arg;

		m.notifications = b->notifications;
		m.flags = b->flags;
		m.partition = b->sender;
		m.vcpu = b->padding;
		memcpy(m.reserved, b->reserved, sizeof(m.reserved));
		return notif_call(ds,
				  cmd == FFA_NOTIF_IOC_BIND ? FND_T_BIND
							    : FND_T_UNBIND,
				  &m);
	}
	case FFA_NOTIF_IOC_SET: {
		const struct ffa_notif_set_req *r = arg;

		m.notifications = r->notifications;
		m.flags = r->flags;
		m.partition = r->receiver;
		m.vcpu = r->vcpu;
		memcpy(m.reserved, r->reserved, sizeof(m.reserved));
		return notif_call(ds, FND_T_SET, &m);
	}
	case FFA_NOTIF_IOC_SIM_RING: {
		const struct ffa_notif_sim_ring *r = arg;

		m.notifications = r->notifications;
		m.flags = r->flags;
		m.partition = r->sender;
		m.vcpu = r->vcpu;
		memcpy(m.reserved, r->reserved, sizeof(m.reserved));
		return notif_call(ds, FND_T_SIM_RING, &m);
	}
	default:
		return -ENOTTY;
	}
}

/* The message in ds->in, complete, as a uAPI record. */
static int take_event(struct daemon_session *ds, struct ffa_notif_event *out)
{
	struct fnd_event e;
	struct fnd_hdr h;

	fnd_hdr_decode(ds->in, &h);
	ds->in_len = 0;
	if (h.type != FND_T_EVENT || h.length != FND_EVENT_MSG_SIZE ||
	    fnd_event_decode(ds->in + FND_HDR_SIZE, FND_EVENT_SIZE, &e) < 0)
		return -EPROTO;
	memset(out, 0, sizeof(*out));
	out->timestamp_ns = e.timestamp_ns;
	out->notifications = e.notifications;
	out->seqno = e.seqno;
	out->dropped = e.dropped;
	out->sender = e.sender;
	out->vcpu = e.vcpu;
	out->flags =
		e.flags & FND_EVENT_PER_VCPU ? FFA_NOTIF_EVENT_PER_VCPU : 0;
	return 0;
}

static ssize_t daemon_read(struct ffanotif_session *s,
			   struct ffa_notif_event *ev, size_t max)
{
	struct daemon_session *ds = s->priv;
	size_t n = 0;
	ssize_t r;
	int ret;

	if (max == 0)
		return -EINVAL;
	/* One message at a time: what is not taken stays in the socket,
	 * so the fd stays readable for it.
	 */
	while (n < max) {
		r = recv(ds->evt, ds->in + ds->in_len,
			 sizeof(ds->in) - ds->in_len, MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (r <= 0) {
			ret = r == 0 ? -ENODEV : gone(-errno);
			/* What was taken is the caller's; the end next. */
			return n ? (ssize_t)n : ret;
		}
		ds->in_len += (size_t)r;
		if (ds->in_len < sizeof(ds->in))
			continue;
		ret = take_event(ds, &ev[n]);
		if (ret < 0)
			return n ? (ssize_t)n : ret;
		n++;
	}
	return n ? (ssize_t)n : -EAGAIN;
}

static int daemon_list_partitions(struct ffanotif_session *s,
				  struct ffanotif_partition_list *l)
{
	struct daemon_session *ds = s->priv;
	struct fnd_partition *p;
	uint8_t reply[FND_MAX_MSG];
	size_t len;
	int ret, i;

	ret = call(ds, FND_T_LIST_PARTITIONS, NULL, 0, reply, &len);
	if (ret < 0)
		return ret;
	p = calloc(FND_MAX_PARTITIONS, sizeof(*p));
	if (!p)
		return -ENOMEM;
	ret = fnd_partitions_decode(reply, len, p);
	if (ret < 0) {
		free(p);
		return -EPROTO;
	}
	l->parts = calloc(ret ? (size_t)ret : 1, sizeof(*l->parts));
	if (!l->parts) {
		free(p);
		return -ENOMEM;
	}
	for (i = 0; i < ret; i++) {
		l->parts[i].id = p[i].id;
		l->parts[i].vcpu_count = p[i].vcpu_count;
		l->parts[i].properties = p[i].properties;
		memcpy(l->parts[i].uuid, p[i].uuid, sizeof(p[i].uuid));
		memcpy(l->parts[i].name, p[i].name, sizeof(p[i].name));
	}
	l->count = (size_t)ret;
	free(p);
	return 0;
}

const struct ffanotif_backend_ops ffanotif_daemon_backend = {
	.name = "daemon",
	.open = daemon_open,
	.close = daemon_close,
	.ioctl = daemon_ioctl,
	.read = daemon_read,
	.list_partitions = daemon_list_partitions,
};
