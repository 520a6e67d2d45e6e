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
 * library's: it has watches, not bindings, so several sessions may watch
 * the same ID from the same sender (the daemon holds one binding and
 * fans out), and the daemon's policy may refuse a request with EACCES.
 *
 * A daemon that goes away (a restart) is connected to again: at the
 * next request, or at the next read once the session's fd is readable.
 * The session's fd is therefore an epoll fd of its own, stable across
 * reconnections, holding the event connection (while connected), a
 * timer (while not: a retry every RETRY_MS, never a busy fd) and an
 * eventfd (readable while gap events wait).  Once connected again the
 * session's watches are made again, and one gap event per watch
 * (dropped == FFANOTIF_EVENT_DROPPED_GAP) says that its IDs may have
 * been set while nobody listened; sequence numbers go on from where
 * they were.  While no daemon answers, calls fail with ENODEV as before.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "fnd_conn.h"
#include "internal.h"

/* Between attempts to reach a daemon that went away. */
#define RETRY_MS 200
/* Events saved from a gone connection, leaving room for 64 gap events. */
#define GAP_SAVED 64

/* A watch the session holds: what a reconnection binds again. */
struct watch {
	uint16_t sender;
	uint32_t flags; /* FND_FLAG_* as sent */
	uint64_t ids;
};

struct daemon_session {
	char *path; /* the socket, as it was at open */
	int ctl; /* requests and replies; -1 while disconnected */
	int evt; /* events only, in ep; -1 while disconnected */
	int ep; /* the session's fd */
	int timer; /* in ep: retry while disconnected */
	int wake; /* in ep: readable while gap events wait */
	uint32_t seq;
	size_t in_len; /* bytes of a partly received event message */
	uint8_t in[FND_EVENT_MSG_SIZE];
	/* Seqnos: the daemon's count from 1 on each connection. */
	uint64_t seq_base, last_seqno;
	size_t n_watches;
	struct watch watches[64];
	/* Read before the socket: events saved from a connection that
	 * went (at most GAP_SAVED), then gap events (at most one per
	 * watch, merged).
	 */
	size_t n_gap;
	struct ffanotif_event gap[2 * 64];
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

/* Both connections and their HELLOs: 0, or -errno (ENODEV: no daemon). */
static int connect_daemon(struct daemon_session *ds)
{
	struct fnd_hello h = { .role = FND_ROLE_CONTROL };
	struct epoll_event ev = { .events = EPOLLIN };
	struct fnd_hello_reply r;
	uint32_t evt_seq = 0;
	int ret, ctl, evt = -1;

	ctl = fnd_connect(ds->path);
	if (ctl < 0) {
		/* No socket, or nobody behind it: no daemon here. */
		if (ctl == -ENOENT || ctl == -ECONNREFUSED || ctl == -ENOTDIR)
			return -ENODEV;
		return ctl;
	}
	ds->seq = 0;
	ret = hello(ctl, &ds->seq, &h, &r);
	if (ret == 0) {
		evt = fnd_connect(ds->path);
		if (evt < 0)
			ret = evt;
	}
	if (ret == 0) {
		h.role = FND_ROLE_EVENTS;
		h.session = r.session;
		h.token = r.token;
		ret = hello(evt, &evt_seq, &h, &r);
	}
	if (ret == 0) {
		ev.data.fd = evt;
		if (epoll_ctl(ds->ep, EPOLL_CTL_ADD, evt, &ev) < 0)
			ret = -errno;
	}
	if (ret < 0) {
		if (evt >= 0)
			close(evt);
		close(ctl);
		return gone(ret);
	}
	ds->ctl = ctl;
	ds->evt = evt;
	ds->in_len = 0;
	return 0;
}

static void arm_timer(struct daemon_session *ds, int on)
{
	struct itimerspec t = { 0 };
	uint64_t n;

	if (on)
		t.it_value.tv_nsec = RETRY_MS * 1000000L;
	timerfd_settime(ds->timer, 0, &t, NULL);
	/* A tick already counted would keep the fd readable. */
	if (read(ds->timer, &n, sizeof(n)) < 0) {
		/* EAGAIN: none was. */
	}
}

static int take_event(struct daemon_session *ds, struct ffanotif_event *out);

/*
 * The daemon went away: drop both connections, retry on a timer.  What
 * the event connection still holds is kept to be read first; what does
 * not fit is covered by the gap events (their IDs are all watched ones).
 */
static void disconnect(struct daemon_session *ds)
{
	uint64_t one = 1;
	size_t before = ds->n_gap;
	ssize_t r;

	while (ds->evt >= 0 && ds->n_gap < GAP_SAVED) {
		r = recv(ds->evt, ds->in + ds->in_len,
			 sizeof(ds->in) - ds->in_len, MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		ds->in_len += (size_t)r;
		if (ds->in_len == sizeof(ds->in) &&
		    take_event(ds, &ds->gap[ds->n_gap]) == 0)
			ds->n_gap++;
	}
	if (ds->n_gap > before && write(ds->wake, &one, sizeof(one)) < 0) {
		/* Cannot overflow: one write per disconnection. */
	}
	if (ds->evt >= 0) {
		epoll_ctl(ds->ep, EPOLL_CTL_DEL, ds->evt, NULL);
		close(ds->evt);
	}
	if (ds->ctl >= 0)
		close(ds->ctl);
	ds->evt = ds->ctl = -1;
	ds->in_len = 0;
	ds->seq_base = ds->last_seqno;
	arm_timer(ds, 1);
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

static int bind_call(struct daemon_session *ds, uint16_t type,
		     const struct fnd_notif_req *m);

/* The gap event of a watch: merged into one still unread for it. */
static void add_gap(struct daemon_session *ds, const struct watch *w,
		    uint64_t t)
{
	int per_vcpu = (w->flags & FND_FLAG_PER_VCPU) != 0;
	struct ffanotif_event *g;
	size_t i;

	for (i = 0; i < ds->n_gap; i++) {
		g = &ds->gap[i];
		if (g->dropped == FFANOTIF_EVENT_DROPPED_GAP &&
		    g->sender == w->sender && g->per_vcpu == per_vcpu) {
			g->notifications |= w->ids;
			return;
		}
	}
	/* Room: at most GAP_SAVED saved, one gap event per watch. */
	if (ds->n_gap >= sizeof(ds->gap) / sizeof(ds->gap[0]))
		return;
	g = &ds->gap[ds->n_gap++];
	memset(g, 0, sizeof(*g));
	g->timestamp_ns = t;
	g->notifications = w->ids;
	g->seqno = ++ds->last_seqno;
	g->dropped = FFANOTIF_EVENT_DROPPED_GAP;
	g->sender = w->sender;
	g->per_vcpu = per_vcpu;
}

/*
 * Connected again: the watches made again, a gap event for each.  A
 * watch the new daemon refuses as a whole (its policy changed, an ID is
 * taken) is tried ID by ID, and what is still refused is dropped; the
 * gap event still carries every ID.  0, or -ENODEV (no daemon yet).
 */
static int reconnect(struct daemon_session *ds)
{
	uint8_t refused[sizeof(ds->watches) / sizeof(ds->watches[0])];
	struct fnd_notif_req m;
	uint64_t one = 1, t;
	size_t i, kept = 0;
	int ret;

	if (ds->ctl >= 0)
		return 0;
	ret = connect_daemon(ds);
	if (ret < 0) {
		arm_timer(ds, 1);
		return -ENODEV;
	}
	arm_timer(ds, 0);
	t = now_ns();
	for (i = 0; i < ds->n_watches; i++) {
		struct watch *w = &ds->watches[i];

		memset(&m, 0, sizeof(m));
		m.notifications = w->ids;
		m.flags = w->flags;
		m.partition = w->sender;
		ret = bind_call(ds, FND_T_BIND, &m);
		if (ret == -ENODEV) {
			/* Gone again already: all of it next time (the
			 * gap events merge).
			 */
			disconnect(ds);
			return -ENODEV;
		}
		if (ret < 0 && (w->ids & (w->ids - 1))) {
			uint64_t ok = 0, id;

			for (id = 0; id < 64 && ret != -ENODEV; id++) {
				if (!(w->ids & (1ULL << id)))
					continue;
				m.notifications = 1ULL << id;
				ret = bind_call(ds, FND_T_BIND, &m);
				if (ret == 0)
					ok |= 1ULL << id;
			}
			if (ret == -ENODEV) {
				disconnect(ds);
				return -ENODEV;
			}
			add_gap(ds, w, t);
			w->ids = ok;
			ret = ok ? 0 : -EACCES;
		} else {
			add_gap(ds, w, t);
		}
		refused[i] = ret < 0;
	}
	for (i = 0; i < ds->n_watches; i++)
		if (!refused[i])
			ds->watches[kept++] = ds->watches[i];
	ds->n_watches = kept;
	ds->seq_base = ds->last_seqno;
	if (ds->n_gap && write(ds->wake, &one, sizeof(one)) < 0) {
		/* The counter cannot overflow on one write a reconnection. */
	}
	return 0;
}

static int daemon_open(struct ffanotif_session *s)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct daemon_session *ds;
	int ret = 0;

	ds = calloc(1, sizeof(*ds));
	if (!ds)
		return -ENOMEM;
	ds->ctl = ds->evt = -1;
	ds->path = strdup(fnd_socket_path());
	ds->ep = epoll_create1(EPOLL_CLOEXEC);
	ds->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	ds->wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (!ds->path)
		ret = -ENOMEM;
	else if (ds->ep < 0 || ds->timer < 0 || ds->wake < 0)
		ret = -errno;
	if (ret == 0) {
		ev.data.fd = ds->timer;
		if (epoll_ctl(ds->ep, EPOLL_CTL_ADD, ds->timer, &ev) < 0)
			ret = -errno;
	}
	if (ret == 0) {
		ev.data.fd = ds->wake;
		if (epoll_ctl(ds->ep, EPOLL_CTL_ADD, ds->wake, &ev) < 0)
			ret = -errno;
	}
	if (ret == 0)
		ret = connect_daemon(ds);
	if (ret < 0) {
		if (ds->ep >= 0)
			close(ds->ep);
		if (ds->timer >= 0)
			close(ds->timer);
		if (ds->wake >= 0)
			close(ds->wake);
		free(ds->path);
		free(ds);
		return ret;
	}
	s->fd = ds->ep;
	s->priv = ds;
	return 0;
}

static void daemon_close(struct ffanotif_session *s)
{
	struct daemon_session *ds = s->priv;

	/* The daemon drops the client's watches when either goes. */
	if (ds->evt >= 0)
		close(ds->evt);
	if (ds->ctl >= 0)
		close(ds->ctl);
	close(ds->ep);
	close(ds->timer);
	close(ds->wake);
	free(ds->path);
	free(ds);
}

/*
 * A request, connecting again first if the daemon went away: a request
 * cut short by a daemon going is sent once more to the next one (which
 * knows nothing of the first: a bind or unbind applies once, a ring may
 * ring twice, as doorbells may).
 */
static int call(struct daemon_session *ds, uint16_t type, const void *req,
		size_t req_len, uint8_t *reply, size_t *reply_len)
{
	int ret, tries;

	for (tries = 0; tries < 2; tries++) {
		if (reconnect(ds) < 0)
			return -ENODEV;
		ret = gone(fnd_call(ds->ctl, &ds->seq, type, req, req_len,
				    reply, reply_len));
		if (ret != -ENODEV)
			return ret;
		disconnect(ds);
	}
	return -ENODEV;
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

/* The same on the connection as it is (a reconnection's own binds). */
static int bind_call(struct daemon_session *ds, uint16_t type,
		     const struct fnd_notif_req *m)
{
	uint8_t req[FND_NOTIF_REQ_SIZE], reply[FND_MAX_MSG];
	size_t len;
	int ret;

	fnd_notif_req_encode(req, m);
	ret = gone(fnd_call(ds->ctl, &ds->seq, type, req, sizeof(req), reply,
			    &len));
	if (ret == 0 && len != 0)
		return -EPROTO;
	return ret;
}

/* What the session watches, as the daemon said yes to it. */
static void track(struct daemon_session *ds, int bind, uint16_t sender,
		  uint32_t flags, uint64_t ids)
{
	size_t i, kept = 0;

	if (bind) {
		for (i = 0; i < ds->n_watches; i++) {
			if (ds->watches[i].sender == sender &&
			    ds->watches[i].flags == flags) {
				ds->watches[i].ids |= ids;
				return;
			}
		}
		/* At most 64: an ID is watched from one sender at once. */
		if (ds->n_watches <
		    sizeof(ds->watches) / sizeof(ds->watches[0]))
			ds->watches[ds->n_watches++] = (struct watch){
				.sender = sender, .flags = flags, .ids = ids
			};
		return;
	}
	for (i = 0; i < ds->n_watches; i++) {
		if (ds->watches[i].sender == sender)
			ds->watches[i].ids &= ~ids;
		if (ds->watches[i].ids)
			ds->watches[kept++] = ds->watches[i];
	}
	ds->n_watches = kept;
}

static int daemon_get_info(struct ffanotif_session *s,
			   struct ffanotif_info *out)
{
	struct daemon_session *ds = s->priv;
	uint8_t reply[FND_MAX_MSG];
	struct fnd_info i;
	size_t len;
	int ret;

	ret = call(ds, FND_T_GET_INFO, NULL, 0, reply, &len);
	if (ret == 0 && fnd_info_decode(reply, len, &i) < 0)
		ret = -EPROTO;
	if (ret < 0)
		return ret;
	/* The protocol numbers backends and features as the uAPI does. */
	FFANOTIF_INFO_FILL(out, &i);
	/* It cannot ask the daemon which model a simulator is. */
	out->has_personality = 0;
	return 0;
}

static int daemon_get_stats(struct ffanotif_session *s,
			    struct ffanotif_stats *out)
{
	struct daemon_session *ds = s->priv;
	uint8_t reply[FND_MAX_MSG];
	struct fnd_stats st;
	size_t len;
	int ret;

	ret = call(ds, FND_T_GET_STATS, NULL, 0, reply, &len);
	if (ret == 0 && fnd_stats_decode(reply, len, &st) < 0)
		ret = -EPROTO;
	if (ret < 0)
		return ret;
	FFANOTIF_STATS_FILL(out, &st);
	return 0;
}

/*
 * The daemon holds one binding of its backend per ID and fans its events
 * out: its BIND is a watch, shared with every other client watching, or,
 * with FND_FLAG_EXCLUSIVE, a hold of the IDs alone (the library's
 * exclusive bind: no other client watches or binds them meanwhile).  Its
 * UNBIND ends this client's hold either way, so unbind and unwatch are
 * one request.  Requests go as they are: the daemon judges them by the
 * hub's rules (a flag the caller gives that is the protocol's
 * FND_FLAG_EXCLUSIVE is not a flag of the uAPI's: EINVAL here).
 */
static int watch_call(struct ffanotif_session *s, uint16_t sender,
		      uint64_t notifications, uint64_t flags)
{
	struct daemon_session *ds = s->priv;
	struct fnd_notif_req m = {
		.notifications = notifications,
		.flags = flags,
		.partition = sender,
	};
	int ret;

	ret = notif_call(ds, FND_T_BIND, &m);
	if (ret == 0)
		track(ds, 1, sender, (uint32_t)flags, notifications);
	return ret;
}

static int daemon_watch(struct ffanotif_session *s, uint16_t sender,
			uint64_t notifications, uint64_t flags)
{
	if (flags & FND_FLAG_EXCLUSIVE)
		return -EINVAL;
	return watch_call(s, sender, notifications, flags);
}

/* Remembered with its flag: a reconnection binds it alone again. */
static int daemon_bind(struct ffanotif_session *s, uint16_t sender,
		       uint64_t notifications, uint64_t flags)
{
	if (flags & FND_FLAG_EXCLUSIVE)
		return -EINVAL;
	return watch_call(s, sender, notifications, flags | FND_FLAG_EXCLUSIVE);
}

static int daemon_unwatch(struct ffanotif_session *s, uint16_t sender,
			  uint64_t notifications)
{
	struct daemon_session *ds = s->priv;
	struct fnd_notif_req m = {
		.notifications = notifications,
		.partition = sender,
	};
	int ret;

	ret = notif_call(ds, FND_T_UNBIND, &m);
	if (ret == 0)
		track(ds, 0, sender, 0, notifications);
	return ret;
}

/* SET and SIM_RING: a partition, IDs, flags and a vCPU. */
static int ring_call(struct ffanotif_session *s, uint16_t type,
		     uint16_t partition, uint64_t notifications, uint64_t flags,
		     uint16_t vcpu)
{
	struct fnd_notif_req m = {
		.notifications = notifications,
		.flags = flags,
		.partition = partition,
		.vcpu = vcpu,
	};

	return notif_call(s->priv, type, &m);
}

static int daemon_send(struct ffanotif_session *s, uint16_t receiver,
		       uint64_t notifications, uint64_t flags, uint16_t vcpu)
{
	return ring_call(s, FND_T_SET, receiver, notifications, flags, vcpu);
}

static int daemon_sim_ring(struct ffanotif_session *s, uint16_t sender,
			   uint64_t notifications, uint64_t flags,
			   uint16_t vcpu)
{
	return ring_call(s, FND_T_SIM_RING, sender, notifications, flags, vcpu);
}

/* The message in ds->in, complete, as an event. */
static int take_event(struct daemon_session *ds, struct ffanotif_event *out)
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
	/* Counted on from before the last reconnection. */
	out->seqno = ds->seq_base + e.seqno;
	ds->last_seqno = out->seqno;
	out->dropped = e.dropped;
	out->sender = e.sender;
	out->vcpu = e.vcpu;
	out->per_vcpu = (e.flags & FND_EVENT_PER_VCPU) != 0;
	return 0;
}

static ssize_t daemon_read(struct ffanotif_session *s,
			   struct ffanotif_event *events, size_t max)
{
	struct daemon_session *ds = s->priv;
	size_t n = 0, i;
	uint64_t v;
	ssize_t r;
	int ret;

	if (max == 0)
		return -EINVAL;
again:
	/* Gone: try again now (the timer made the fd readable, or the
	 * caller asks); ENODEV while no daemon answers.
	 */
	if (ds->evt < 0 && reconnect(ds) < 0 && !ds->n_gap)
		return -ENODEV;
	/* A reconnection's gap events first: they are older. */
	if (ds->n_gap) {
		n = ds->n_gap < max ? ds->n_gap : max;
		for (i = 0; i < n; i++)
			events[i] = ds->gap[i];
		ds->n_gap -= n;
		for (i = 0; i < ds->n_gap; i++)
			ds->gap[i] = ds->gap[n + i];
		if (!ds->n_gap && read(ds->wake, &v, sizeof(v)) < 0) {
			/* EAGAIN: it was clear already. */
		}
	}
	/* One message at a time: what is not taken stays in the socket,
	 * so the fd stays readable for it.
	 */
	while (ds->evt >= 0 && n < max) {
		r = recv(ds->evt, ds->in + ds->in_len,
			 sizeof(ds->in) - ds->in_len, MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (r <= 0) {
			ret = r == 0 ? -ENODEV : gone(-errno);
			/* What was taken is the caller's; the end next. */
			if (n)
				return (ssize_t)n;
			if (ret != -ENODEV)
				return ret;
			disconnect(ds);
			goto again;
		}
		ds->in_len += (size_t)r;
		if (ds->in_len < sizeof(ds->in))
			continue;
		ret = take_event(ds, &events[n]);
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
	.bind = daemon_bind,
	.unbind = daemon_unwatch,
	.watch = daemon_watch,
	.unwatch = daemon_unwatch,
	.legacy_bind_watches = 1,
	.send = daemon_send,
	.sim_ring = daemon_sim_ring,
	.read = daemon_read,
	.get_stats = daemon_get_stats,
	.get_info = daemon_get_info,
	.list_partitions = daemon_list_partitions,
};
