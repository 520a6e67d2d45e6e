// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct fnd_client: one session of a process, its requests and its
 * events.
 *
 * Events are written to the event connection directly, with send(), as
 * they come: never through a growing buffer.  What the socket does not
 * take waits in the client's bounded queue, where it merges, and where
 * the oldest is dropped (and the loss told in the next event) when the
 * client is too slow.  So a slow client costs the daemon a bounded amount
 * of memory and the other clients nothing.  And since an event reaches
 * the socket before the reply to the request that caused it is queued,
 * a client that gets its reply already has its event.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <ffanotif.h>

#include "client.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "metrics.h"
#include "policy.h"
#include "queue.h"
#include "server.h"
#include "worker.h"
#include "tools-common.h"

/* Replies a client may leave unread before we stop reading requests. */
#define CTL_OUTPUT_MAX (64 * 1024)

static void client_free_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fnd_client *c = arg, **pp;

	(void)fd;
	(void)what;
	if (c->refs) {
		/* An operation names it still: freed with the last. */
		c->free_pending = 1;
		return;
	}
	for (pp = &c->d->clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	fnd_queue_fini(&c->q);
	free(c);
}

void fnd_client_get(struct fnd_client *c)
{
	c->refs++;
}

void fnd_client_put(struct fnd_client *c)
{
	if (--c->refs == 0 && c->free_pending)
		client_free_cb(-1, 0, c);
}

void fnd_client_destroy(struct fnd_client *c)
{
	struct fnd_daemon *d = c->d;

	if (c->dead)
		return;
	c->dead = 1;
	d->n_clients--;
	/* A client that lost events is worth a line; one that did not,
	 * only when debugging (a shell loop of ffa-notify makes many).
	 */
	fnd_log_client(
		c->q.stats.dropped ? FND_LOG_NOTICE : FND_LOG_DEBUG, &c->cred,
		c->session,
		"client %llu (pid %d uid %u): gone (events %llu, dropped "
		"%llu)",
		(unsigned long long)c->session, (int)c->cred.pid,
		(unsigned int)c->cred.uid,
		(unsigned long long)c->q.stats.events,
		(unsigned long long)c->q.stats.dropped);
	fnd_daemon_unwatch(d, c, c->watched);
	if (c->evt_rev)
		event_free(c->evt_rev);
	if (c->evt_wev)
		event_free(c->evt_wev);
	if (c->evt_fd >= 0)
		close(c->evt_fd);
	if (c->ctl)
		bufferevent_free(c->ctl);
	if (c->ctl_fd >= 0)
		close(c->ctl_fd);
	c->evt_rev = c->evt_wev = NULL;
	c->ctl = NULL;
	c->evt_fd = c->ctl_fd = -1;
	/* Freed from the loop: callers up the stack still hold c. */
	if (event_base_once(d->base, -1, EV_TIMEOUT, client_free_cb, c, NULL) <
	    0)
		log_err("client %llu: cannot schedule its release",
			(unsigned long long)c->session);
	fnd_daemon_status(d);
}

/* ---- events ----------------------------------------------------------------- */

void fnd_client_flush(struct fnd_client *c)
{
	struct fnd_hdr h = {
		.length = FND_EVENT_MSG_SIZE,
		.version = FND_PROTO_VERSION,
		.type = FND_T_EVENT,
	};
	struct fnd_event ev;
	ssize_t w;

	if (c->dead || c->evt_fd < 0)
		return;
	for (;;) {
		if (c->out_off == c->out_len) {
			if (!fnd_queue_pop(&c->q, &ev))
				return;
			fnd_hdr_encode(c->out, &h);
			fnd_event_encode(c->out + FND_HDR_SIZE, &ev);
			c->out_off = 0;
			c->out_len = FND_EVENT_MSG_SIZE;
		}
		w = send(c->evt_fd, c->out + c->out_off,
			 c->out_len - c->out_off, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* Full: the rest waits in the queue, bounded. */
			event_add(c->evt_wev, NULL);
			return;
		}
		if (w < 0) {
			fnd_log_client(FND_LOG_INFO, &c->cred, c->session,
				       "client %llu: event connection: %s",
				       (unsigned long long)c->session,
				       strerror(errno));
			fnd_client_destroy(c);
			return;
		}
		c->out_off += (size_t)w;
	}
}

void fnd_client_push(struct fnd_client *c, uint16_t sender, uint64_t bits,
		     uint32_t flags, uint16_t vcpu, uint64_t timestamp_ns)
{
	if (c->dead)
		return;
	fnd_queue_push(&c->q, sender, bits, flags, vcpu, timestamp_ns);
	fnd_client_flush(c);
}

static void evt_writable(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	fnd_client_flush(arg);
}

/* The event connection carries nothing our way: data or EOF ends it. */
static void evt_readable(evutil_socket_t fd, short what, void *arg)
{
	struct fnd_client *c = arg;
	uint8_t b;
	ssize_t r;

	(void)what;
	r = recv(fd, &b, 1, MSG_DONTWAIT);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r > 0)
		fnd_log_client(FND_LOG_NOTICE, &c->cred, c->session,
			       "client %llu: data on its event connection: "
			       "closing",
			       (unsigned long long)c->session);
	fnd_client_destroy(c);
}

int fnd_client_attach_events(struct fnd_client *c, int fd)
{
	c->evt_fd = fd;
	c->evt_rev = event_new(c->d->base, fd, EV_READ | EV_PERSIST,
			       evt_readable, c);
	c->evt_wev = event_new(c->d->base, fd, EV_WRITE, evt_writable, c);
	if (!c->evt_rev || !c->evt_wev || event_add(c->evt_rev, NULL) < 0)
		return -ENOMEM;
	log_debug("client %llu: event connection attached",
		  (unsigned long long)c->session);
	/* What arrived between the two HELLOs. */
	fnd_client_flush(c);
	return 0;
}

/* ---- requests --------------------------------------------------------------- */

static int deny(struct fnd_client *c, unsigned int verb, uint16_t partition,
		uint64_t ids)
{
	char buf[FFT_IDS_STRLEN];

	c->d->stats.denied++;
	fnd_log_client(FND_LOG_NOTICE, &c->cred, c->session,
		       "client %llu (pid %d uid %u gid %u): %s 0x%04x IDs %s: "
		       "denied by policy",
		       (unsigned long long)c->session, (int)c->cred.pid,
		       (unsigned int)c->cred.uid, (unsigned int)c->cred.gid,
		       fnd_verb_name(verb), partition,
		       fft_format_ids(ids, buf, sizeof(buf)));
	return -EACCES;
}

/* SET and SIM_RING: one call, then what it made arrive, then the reply. */
struct notif_op {
	struct fnd_op op;
	struct fnd_hdr h;
	struct fnd_notif_req m;
	int ret;
};

static int notif_start(struct fnd_daemon *d, struct fnd_op *op)
{
	op->uses_session = 1;
	/* The simulator's SET and SIM_RING run its model in process, and
	 * never wait: made on the loop (worker.c).  The device's go to the
	 * firmware, through the worker.
	 */
	op->on_loop = strcmp(d->backend_name, "sim") == 0;
	return 1;
}

static void notif_call(struct fnd_op *op, struct ffanotif_session *be)
{
	struct notif_op *n = (struct notif_op *)op;
	const struct fnd_notif_req *m = &n->m;
	int ret;

	if (n->h.type == FND_T_SET)
		ret = ffanotif_session_send(be, (uint16_t)m->partition,
					    m->notifications, m->flags,
					    (uint16_t)m->vcpu);
	else
		ret = ffanotif_session_sim_ring(be, (uint16_t)m->partition,
						m->notifications, m->flags,
						(uint16_t)m->vcpu);
	n->ret = ret < 0 ? -errno : 0;
}

static void notif_finish(struct fnd_daemon *d, struct fnd_op *op)
{
	struct notif_op *n = (struct notif_op *)op;

	if (n->ret < 0)
		d->stats.backend_errors++;
	/* What the call made the firmware send (an echo) goes out
	 * before the reply does.
	 */
	fnd_daemon_drain(d);
	fnd_client_request_done(op->c, &n->h, n->ret, NULL, 0);
}

static const struct fnd_op_ops notif_ops = {
	.start = notif_start,
	.call = notif_call,
	.finish = notif_finish,
};

/*
 * Judge a notification request: -errno, or 1 when it went to the backend
 * (the operation replies).
 */
static int do_notif(struct fnd_client *c, const struct fnd_hdr *h,
		    const struct fnd_notif_req *m)
{
	struct fnd_daemon *d = c->d;
	uint16_t p = (uint16_t)m->partition;
	uint64_t ids = m->notifications, denied;
	int per_vcpu = (m->flags & FND_FLAG_PER_VCPU) != 0, id;
	unsigned int verb;
	struct notif_op *n;

	switch (h->type) {
	case FND_T_BIND:
		/* Holding IDs alone is a verb of its own (bind), so that
		 * whoever may watch cannot keep the other watchers out.
		 */
		verb = m->flags & FND_FLAG_EXCLUSIVE ? FND_VERB_BIND
						     : FND_VERB_WATCH;
		denied =
			ids & ~fnd_policy_allowed(d->config, &c->cred, verb, p);
		if (denied)
			return deny(c, verb, p, denied);
		c->busy = 1;
		fnd_daemon_watch(d, c, h, p, ids, per_vcpu,
				 verb == FND_VERB_BIND);
		return 1;
	case FND_T_UNBIND:
		/* Only what this client watches, from that sender. */
		if ((ids & ~c->watched))
			return -EINVAL;
		for (id = 0; id < 64; id++)
			if ((ids & (1ULL << id)) && d->ids[id].sender != p)
				return -EINVAL;
		c->busy = 1;
		fnd_daemon_unwatch_request(d, c, h, ids);
		return 1;
	case FND_T_SET:
	case FND_T_SIM_RING:
		verb = h->type == FND_T_SET ? FND_VERB_RING : FND_VERB_SIM_RING;
		denied =
			ids & ~fnd_policy_allowed(d->config, &c->cred, verb, p);
		if (denied)
			return deny(c, verb, p, denied);
		n = fnd_op_new(sizeof(*n), &notif_ops, c);
		if (!n)
			return -ENOMEM;
		n->h = *h;
		n->m = *m;
		c->busy = 1;
		fnd_op_submit(d, &n->op);
		return 1;
	default:
		return -EBADRQC;
	}
}

/* LIST_PARTITIONS: the list encoded on the worker, replied on the loop. */
struct list_op {
	struct fnd_op op;
	struct fnd_hdr h;
	int module; /* the device: the module's list, without the session */
	int ret;
	size_t len;
	uint8_t out[FND_MAX_MSG];
};

static int encode_partitions(struct ffanotif_partition_list *l, uint8_t *buf,
			     size_t *len)
{
	struct fnd_partition *p;
	const struct ffanotif_partition *e;
	size_t i, n;

	if (!l)
		return -errno;
	n = ffanotif_partition_list_count(l);
	if (n > FND_MAX_PARTITIONS) {
		/* Never a silently shortened list. */
		ffanotif_partition_list_free(l);
		return -EOVERFLOW;
	}
	p = calloc(n ? n : 1, sizeof(*p));
	if (!p) {
		ffanotif_partition_list_free(l);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		e = ffanotif_partition_list_get(l, i);
		p[i].id = ffanotif_partition_get_id(e);
		p[i].vcpu_count =
			(uint16_t)ffanotif_partition_get_vcpu_count(e);
		p[i].properties = ffanotif_partition_get_properties(e);
		memcpy(p[i].uuid, ffanotif_partition_get_uuid(e),
		       sizeof(p[i].uuid));
		snprintf(p[i].name, sizeof(p[i].name), "%s",
			 ffanotif_partition_get_name(e));
	}
	*len = fnd_partitions_encode(buf, p, (uint32_t)n);
	free(p);
	ffanotif_partition_list_free(l);
	return 0;
}

static int list_start(struct fnd_daemon *d, struct fnd_op *op)
{
	struct list_op *l = (struct list_op *)op;

	/* The device's partitions are the module's, a netlink request
	 * of their own (the one ffanotif_session_list_partitions makes
	 * for it): the session stays with the loop, events flow.
	 */
	l->module = strcmp(d->backend_name, "device") == 0;
	op->uses_session = !l->module;
	return 1;
}

static void list_call(struct fnd_op *op, struct ffanotif_session *be)
{
	struct list_op *l = (struct list_op *)op;
	struct ffanotif_partition_list *list;

	if (l->module)
		list = ffanotif_module_list_partitions();
	else
		list = ffanotif_session_list_partitions(be);
	l->ret = encode_partitions(list, l->out, &l->len);
}

static void list_finish(struct fnd_daemon *d, struct fnd_op *op)
{
	struct list_op *l = (struct list_op *)op;

	(void)d;
	fnd_client_request_done(op->c, &l->h, l->ret, l->out, l->len);
}

static const struct fnd_op_ops list_ops = {
	.start = list_start,
	.call = list_call,
	.finish = list_finish,
};

/* -ENOMEM, or 1: the operation replies. */
static int list_partitions(struct fnd_client *c, const struct fnd_hdr *h)
{
	struct list_op *l = fnd_op_new(sizeof(*l), &list_ops, c);

	if (!l)
		return -ENOMEM;
	l->h = *h;
	c->busy = 1;
	fnd_op_submit(c->d, &l->op);
	return 1;
}

void fnd_client_request(struct fnd_client *c, const struct fnd_hdr *h,
			const uint8_t *payload, size_t len)
{
	struct fnd_daemon *d = c->d;
	uint8_t out[FND_MAX_MSG];
	struct fnd_notif_req m;
	struct fnd_stats st;
	struct fnd_info info;
	size_t out_len = 0;
	int ret = 0;

	switch (h->type) {
	case FND_T_GET_INFO:
		if (len) {
			ret = -EBADMSG;
			break;
		}
		info = d->info;
		info.queue_depth = c->q.depth;
		out_len = fnd_info_encode(out, &info);
		break;
	case FND_T_LIST_PARTITIONS:
		ret = len ? -EBADMSG : list_partitions(c, h);
		break;
	case FND_T_GET_STATS:
		if (len) {
			ret = -EBADMSG;
			break;
		}
		st = c->q.stats;
		st.bound = c->watched;
		out_len = fnd_stats_encode(out, &st);
		break;
	case FND_T_BIND:
	case FND_T_UNBIND:
	case FND_T_SET:
	case FND_T_SIM_RING:
		ret = fnd_notif_req_decode(payload, len, &m);
		if (ret == 0)
			ret = fnd_notif_req_check(h->type, &m);
		if (ret == 0)
			ret = do_notif(c, h, &m);
		break;
	case FND_T_GET_METRICS:
		ret = fnd_metrics_request(c, h, payload, len);
		break;
	case FND_T_HELLO:
		/* Once per connection. */
		ret = -EPROTO;
		break;
	default:
		ret = -EBADRQC;
		break;
	}
	/* With the worker: replied when it is done. */
	if (ret > 0)
		return;
	if (ret < 0)
		log_debug("client %llu: %s: %s", (unsigned long long)c->session,
			  fnd_type_name(h->type), strerror(-ret));
	if (c->dead)
		return;
	fnd_server_reply(c->ctl, h->type, h->seq, ret, out, ret ? 0 : out_len);
}

/* ---- the control connection ------------------------------------------------- */

/* Replies nobody reads: stop reading requests until they go (1). */
static int throttle(struct fnd_client *c)
{
	if (evbuffer_get_length(bufferevent_get_output(c->ctl)) <=
	    CTL_OUTPUT_MAX)
		return 0;
	c->throttled = 1;
	bufferevent_disable(c->ctl, EV_READ);
	return 1;
}

static void ctl_read(struct bufferevent *bev, void *arg);

void fnd_client_request_done(struct fnd_client *c, const struct fnd_hdr *h,
			     int ret, const void *payload, size_t len)
{
	c->busy = 0;
	if (ret < 0)
		log_debug("client %llu: %s: %s", (unsigned long long)c->session,
			  fnd_type_name(h->type), strerror(-ret));
	if (c->dead)
		return;
	fnd_server_reply(c->ctl, h->type, h->seq, ret, payload, ret ? 0 : len);
	/* Done on the loop, within its request's reading: that reading goes
	 * on (client_message), reading was never stopped.
	 */
	if (c->reading || c->closing || throttle(c))
		return;
	/* The requests that came meanwhile, in order. */
	bufferevent_enable(c->ctl, EV_READ);
	ctl_read(c->ctl, c);
}

static int client_message(void *arg, const struct fnd_hdr *h,
			  const uint8_t *payload, size_t len)
{
	struct fnd_client *c = arg;
	int ret = fnd_request_error(h);

	if (ret < 0) {
		log_debug("client %llu: request type 0x%04x version %u: %s",
			  (unsigned long long)c->session, h->type, h->version,
			  strerror(-ret));
		fnd_server_reply(c->ctl, h->type, h->seq, ret, NULL, 0);
		return 0;
	}
	fnd_client_request(c, h, payload, len);
	if (c->dead)
		return 1;
	/* Its reply comes from the worker: the next request waits for
	 * it, so that replies keep the requests' order.
	 */
	if (c->busy) {
		bufferevent_disable(c->ctl, EV_READ);
		return 1;
	}
	return throttle(c);
}

static void close_when_sent(struct fnd_client *c)
{
	c->closing = 1;
	bufferevent_disable(c->ctl, EV_READ);
	if (!evbuffer_get_length(bufferevent_get_output(c->ctl)))
		fnd_client_destroy(c);
}

static void ctl_read(struct bufferevent *bev, void *arg)
{
	struct fnd_client *c = arg;
	int ret;

	(void)bev;
	if (c->closing || c->throttled || c->busy || c->reading)
		return;
	c->reading = 1;
	ret = fnd_server_read(c->ctl, client_message, c);
	c->reading = 0;
	if (ret < 0 && !c->dead)
		close_when_sent(c);
}

static void ctl_write(struct bufferevent *bev, void *arg)
{
	struct fnd_client *c = arg;

	(void)bev;
	if (c->closing) {
		fnd_client_destroy(c);
		return;
	}
	if (c->throttled) {
		c->throttled = 0;
		if (c->busy)
			return; /* read again once its reply is queued */
		bufferevent_enable(c->ctl, EV_READ);
		ctl_read(c->ctl, c);
	}
}

static void ctl_event(struct bufferevent *bev, short what, void *arg)
{
	struct fnd_client *c = arg;

	(void)bev;
	if (what & BEV_EVENT_EOF && !c->closing) {
		fnd_server_truncated(c->ctl);
		close_when_sent(c);
		return;
	}
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		fnd_client_destroy(c);
}

void fnd_client_adopt_control(struct fnd_client *c, struct bufferevent *bev,
			      int fd)
{
	c->ctl = bev;
	c->ctl_fd = fd;
	bufferevent_setcb(bev, ctl_read, ctl_write, ctl_event, c);
	/* Requests sent right behind the HELLO are in the input already. */
	if (evbuffer_get_length(bufferevent_get_input(bev)))
		ctl_read(bev, c);
}
