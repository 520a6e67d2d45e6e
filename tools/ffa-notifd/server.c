// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The listening socket and connections until their HELLO.
 *
 * A connection says what it is in its first request: a control
 * connection becomes a client (client.c takes its bufferevent over); an
 * event connection names its client's session and token, gets its HELLO
 * reply at once, and its fd is handed to that client, which writes
 * events to it directly.  The framing of every message, on any
 * connection, is read here (fnd_server_read).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "client.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "policy.h"
#include "queue.h"
#include "sdnotify.h"
#include "server.h"

/* Time a connection has to say HELLO before it is closed. */
#define HELLO_TIMEOUT_S 10

/*
 * Out of fds (or memory) for a new connection: the listener rests this
 * long before it tries again, instead of being woken at once by the same
 * connection still waiting in the backlog (a busy loop).  Connected
 * clients are served meanwhile; the waiting connections stay in the
 * backlog and are taken when fds are free again.
 */
#define ACCEPT_BACKOFF_MS 250

/* A connection before (or, for an event connection, at) its HELLO. */
struct fnd_conn {
	struct fnd_conn *next, **pprev; /* d->conns, freed at exit */
	struct fnd_daemon *d;
	struct bufferevent *bev;
	int fd;
	struct fnd_cred cred;
	int closing;
};

void fnd_server_reply(struct bufferevent *bev, uint16_t type, uint32_t seq,
		      int error, const void *payload, size_t len)
{
	struct evbuffer *out = bufferevent_get_output(bev);
	uint8_t msg[FND_MAX_MSG];
	struct fnd_hdr h = {
		.length = (uint32_t)(FND_HDR_SIZE + len),
		.version = FND_PROTO_VERSION,
		.type = (uint16_t)(type | FND_T_REPLY),
		.seq = seq,
		.error = (uint32_t)(error < 0 ? -error : error),
	};
	size_t total = FND_HDR_SIZE + len, off = 0;
	ssize_t w;

	if (len > FND_MAX_MSG - FND_HDR_SIZE) {
		log_err("cannot send a reply of %zu bytes", len);
		return;
	}
	fnd_hdr_encode(msg, &h);
	if (len)
		memcpy(msg + FND_HDR_SIZE, payload, len);
	/*
	 * Straight to the socket, as events are, when nothing of ours waits
	 * before it: the write interest stays off, no epoll_ctl a reply.
	 * Only what the socket does not take is buffered (the bufferevent
	 * writes it when the socket takes more).  An error is left to that
	 * write too, which reports it (the connection's event callback).
	 */
	if (!evbuffer_get_length(out)) {
		do
			w = send(bufferevent_getfd(bev), msg, total,
				 MSG_DONTWAIT | MSG_NOSIGNAL);
		while (w < 0 && errno == EINTR);
		if (w > 0)
			off = (size_t)w;
	}
	/* Out of memory is the only failure, and then the connection is
	 * past saving.
	 */
	if (off < total && bufferevent_write(bev, msg + off, total - off) < 0)
		log_err("cannot queue a reply: out of memory");
}

int fnd_server_read(struct bufferevent *bev, fnd_message_fn fn, void *arg)
{
	struct evbuffer *in = bufferevent_get_input(bev);
	uint8_t msg[FND_MAX_MSG];
	struct fnd_hdr h;
	size_t avail;
	int ret;

	for (;;) {
		avail = evbuffer_get_length(in);
		if (avail < FND_HDR_SIZE)
			return 0;
		if (evbuffer_copyout(in, msg, FND_HDR_SIZE) != FND_HDR_SIZE)
			return -EIO;
		fnd_hdr_decode(msg, &h);
		ret = fnd_hdr_frame_error(&h);
		if (ret < 0) {
			/* Where the next message starts is unknown: say
			 * why, and this connection is over.
			 */
			log_notice("%s message header (length %u): closing "
				   "the connection",
				   ret == -EMSGSIZE ? "oversized" : "malformed",
				   h.length);
			fnd_server_reply(bev, h.type, h.seq, ret, NULL, 0);
			return ret;
		}
		if (avail < h.length)
			return 0;
		if (evbuffer_remove(in, msg, h.length) != (int)h.length)
			return -EIO;
		ret = fn(arg, &h, msg + FND_HDR_SIZE, h.length - FND_HDR_SIZE);
		if (ret)
			return ret;
	}
}

/* End of file in the middle of a message: answer it, as it was cut. */
void fnd_server_truncated(struct bufferevent *bev)
{
	struct evbuffer *in = bufferevent_get_input(bev);
	uint8_t hdr[FND_HDR_SIZE];
	struct fnd_hdr h = { 0 };
	size_t avail = evbuffer_get_length(in);

	if (!avail)
		return;
	if (avail >= FND_HDR_SIZE &&
	    evbuffer_copyout(in, hdr, FND_HDR_SIZE) == FND_HDR_SIZE)
		fnd_hdr_decode(hdr, &h);
	log_notice("truncated message (%zu bytes, then end of file)", avail);
	fnd_server_reply(bev, h.type, h.seq, -EBADMSG, NULL, 0);
	evbuffer_drain(in, avail);
}

static void conn_free(struct fnd_conn *c)
{
	*c->pprev = c->next;
	if (c->next)
		c->next->pprev = c->pprev;
	if (c->bev)
		bufferevent_free(c->bev);
	if (c->fd >= 0)
		close(c->fd);
	free(c);
}

static struct fnd_client *find_client(struct fnd_daemon *d, uint64_t session)
{
	struct fnd_client *c;

	for (c = d->clients; c; c = c->next)
		if (c->session == session && !c->dead)
			return c;
	return NULL;
}

/* The caps of the configuration: 0, or -EUSERS (logged). */
static int client_cap(struct fnd_daemon *d, const struct fnd_cred *cred)
{
	const struct fnd_config *cfg = d->config;
	struct fnd_client *c;
	unsigned int same = 0;

	if (d->n_clients >= cfg->max_clients) {
		fnd_log_client(FND_LOG_WARNING, cred, 0,
			       "client of pid %d uid %u refused: %u clients "
			       "connected (max-clients %u)",
			       (int)cred->pid, (unsigned int)cred->uid,
			       d->n_clients, cfg->max_clients);
		return -EUSERS;
	}
	for (c = d->clients; c; c = c->next)
		if (!c->dead && c->cred.uid == cred->uid)
			same++;
	if (same >= cfg->max_clients_per_uid) {
		fnd_log_client(FND_LOG_WARNING, cred, 0,
			       "client of pid %d uid %u refused: uid %u has %u "
			       "clients (max-clients-per-uid %u)",
			       (int)cred->pid, (unsigned int)cred->uid,
			       (unsigned int)cred->uid, same,
			       cfg->max_clients_per_uid);
		return -EUSERS;
	}
	return 0;
}

static int new_client(struct fnd_conn *conn, struct fnd_client **out)
{
	struct fnd_daemon *d = conn->d;
	struct fnd_client *c;
	int ret;

	ret = client_cap(d, &conn->cred);
	if (ret < 0)
		return ret;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->evt_fd = -1;
	c->ctl_fd = -1;
	ret = fnd_queue_init(&c->q, d->config->client_queue);
	if (ret == 0 &&
	    getrandom(&c->token, sizeof(c->token), 0) != sizeof(c->token))
		ret = -EIO;
	if (ret < 0) {
		fnd_queue_fini(&c->q);
		free(c);
		return ret;
	}
	c->d = d;
	c->session = ++d->next_session;
	c->cred = conn->cred;
	c->q.counters = &d->counters;
	c->next = d->clients;
	d->clients = c;
	d->n_clients++;
	d->stats.clients_total++;
	*out = c;
	return 0;
}

static int conn_hello(struct fnd_conn *conn, const struct fnd_hdr *h,
		      const uint8_t *payload, size_t len)
{
	struct fnd_hello_reply r = { .version = FND_PROTO_VERSION };
	struct fnd_hdr hdr = { .version = FND_PROTO_VERSION };
	uint8_t buf[FND_HELLO_REPLY_SIZE];
	uint8_t msg[FND_HDR_SIZE + FND_HELLO_REPLY_SIZE];
	struct fnd_hello m;
	struct fnd_client *c;
	int ret;

	ret = fnd_hello_decode(payload, len, &m);
	if (ret < 0) {
		fnd_server_reply(conn->bev, h->type, h->seq, ret, NULL, 0);
		return 0;
	}
	r.role = m.role;
	r.uid = conn->cred.uid;
	r.gid = conn->cred.gid;
	r.pid = (uint32_t)conn->cred.pid;
	if (m.role == FND_ROLE_CONTROL) {
		ret = new_client(conn, &c);
		if (ret < 0) {
			fnd_server_reply(conn->bev, h->type, h->seq, ret, NULL,
					 0);
			return 0;
		}
		r.session = c->session;
		r.token = c->token;
		fnd_server_reply(conn->bev, h->type, h->seq, 0, buf,
				 fnd_hello_reply_encode(buf, &r));
		fnd_log_client(FND_LOG_DEBUG, &c->cred, c->session,
			       "client %llu: pid %d uid %u gid %u",
			       (unsigned long long)c->session, (int)c->cred.pid,
			       (unsigned int)c->cred.uid,
			       (unsigned int)c->cred.gid);
		/* The client owns the connection from here, and may be
		 * idle as long as it likes.
		 */
		bufferevent_set_timeouts(conn->bev, NULL, NULL);
		fnd_client_adopt_control(c, conn->bev, conn->fd);
		conn->bev = NULL;
		conn->fd = -1;
		return 1;
	}
	/* An event connection: the same process as the control one, and
	 * the token only that one was told.
	 */
	c = find_client(conn->d, m.session);
	if (!c || c->token != m.token || c->cred.uid != conn->cred.uid ||
	    c->cred.pid != conn->cred.pid || c->evt_fd >= 0) {
		fnd_log_client(FND_LOG_NOTICE, &conn->cred, 0,
			       "event connection of pid %d refused: no such "
			       "session, or not its owner",
			       (int)conn->cred.pid);
		fnd_server_reply(conn->bev, h->type, h->seq, -EACCES, NULL, 0);
		return 0;
	}
	/* Nothing may follow the HELLO (events go one way only), nor be
	 * queued before its reply, which is sent here and now: then the
	 * fd goes to the client, with nothing of ours left in flight.
	 */
	if (evbuffer_get_length(bufferevent_get_input(conn->bev)) ||
	    evbuffer_get_length(bufferevent_get_output(conn->bev))) {
		fnd_server_reply(conn->bev, h->type, h->seq, -EPROTO, NULL, 0);
		return -EPROTO;
	}
	r.session = c->session;
	hdr.length = FND_HDR_SIZE + FND_HELLO_REPLY_SIZE;
	hdr.type = FND_T_HELLO | FND_T_REPLY;
	hdr.seq = h->seq;
	fnd_hdr_encode(msg, &hdr);
	fnd_hello_reply_encode(msg + FND_HDR_SIZE, &r);
	if (send(conn->fd, msg, sizeof(msg), MSG_DONTWAIT | MSG_NOSIGNAL) !=
	    (ssize_t)sizeof(msg))
		return -EIO;
	bufferevent_free(conn->bev);
	conn->bev = NULL;
	ret = fnd_client_attach_events(c, conn->fd);
	conn->fd = -1;
	if (ret < 0) {
		log_err("client %llu: event connection: %s",
			(unsigned long long)c->session, strerror(-ret));
		fnd_client_destroy(c);
	}
	return 1;
}

/* A message before HELLO: HELLO, or an error. */
static int conn_message(void *arg, const struct fnd_hdr *h,
			const uint8_t *payload, size_t len)
{
	struct fnd_conn *conn = arg;
	int ret = fnd_request_error(h);

	if (ret == 0 && h->type != FND_T_HELLO)
		ret = -EPROTO;
	if (ret < 0) {
		log_debug("before hello: %s (type 0x%04x, version %u): %s",
			  fnd_type_name(h->type), h->type, h->version,
			  strerror(-ret));
		fnd_server_reply(conn->bev, h->type, h->seq, ret, NULL, 0);
		return 0;
	}
	return conn_hello(conn, h, payload, len);
}

static void conn_close_when_sent(struct fnd_conn *c)
{
	c->closing = 1;
	bufferevent_disable(c->bev, EV_READ);
	if (!evbuffer_get_length(bufferevent_get_output(c->bev)))
		conn_free(c);
}

static void conn_read(struct bufferevent *bev, void *arg)
{
	struct fnd_conn *c = arg;
	int ret;

	(void)bev;
	ret = fnd_server_read(c->bev, conn_message, c);
	if (ret > 0 || (ret < 0 && !c->bev))
		conn_free(c); /* handed over, or nothing left to say */
	else if (ret < 0)
		conn_close_when_sent(c);
}

static void conn_write(struct bufferevent *bev, void *arg)
{
	struct fnd_conn *c = arg;

	(void)bev;
	if (c->closing)
		conn_free(c);
}

static void conn_event(struct bufferevent *bev, short what, void *arg)
{
	struct fnd_conn *c = arg;

	(void)bev;
	if (what & BEV_EVENT_TIMEOUT) {
		fnd_log_client(FND_LOG_NOTICE, &c->cred, 0,
			       "pid %d said no HELLO in %d s: closing",
			       (int)c->cred.pid, HELLO_TIMEOUT_S);
		conn_free(c);
		return;
	}
	if (what & BEV_EVENT_EOF && !c->closing) {
		fnd_server_truncated(c->bev);
		conn_close_when_sent(c);
		return;
	}
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		conn_free(c);
}

static void accept_resume(evutil_socket_t fd, short what, void *arg)
{
	struct fnd_daemon *d = arg;

	(void)fd;
	(void)what;
	if (d->listen_ev && event_add(d->listen_ev, NULL) < 0)
		log_err("accept: cannot listen again");
}

/* accept() found no fd (or memory) for a connection: rest, then retry. */
static void accept_backoff(struct fnd_daemon *d, int err)
{
	struct timeval tv = { .tv_usec = ACCEPT_BACKOFF_MS * 1000 };

	if (!d->accept_retry_ev) {
		d->accept_retry_ev = evtimer_new(d->base, accept_resume, d);
		if (!d->accept_retry_ev) {
			/* Cannot rest: keep trying (a busy loop), said. */
			log_err("accept: %s, and no timer to wait with",
				strerror(err));
			return;
		}
	}
	event_del(d->listen_ev);
	evtimer_add(d->accept_retry_ev, &tv);
	d->stats.accept_backoffs++;
	/* Said once a shortage, not every rest of it. */
	if (d->accept_starved++)
		return;
	log_warn("accept: %s: not accepting for %d ms (connected clients are "
		 "served; see LimitNOFILE=, max-clients)",
		 strerror(err), ACCEPT_BACKOFF_MS);
}

static void on_accept(evutil_socket_t lfd, short what, void *arg)
{
	struct timeval hello_tv = { .tv_sec = HELLO_TIMEOUT_S };
	struct fnd_daemon *d = arg;
	struct fnd_conn *c;
	int fd, ret;

	(void)what;
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM)
			accept_backoff(d, errno);
		else if (errno != EAGAIN && errno != EINTR &&
			 errno != ECONNABORTED)
			log_warn("accept: %s", strerror(errno));
		return;
	}
	if (d->accept_starved) {
		log_info("accepting connections again (after %u rests)",
			 d->accept_starved);
		d->accept_starved = 0;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		return;
	}
	c->d = d;
	c->fd = fd;
	c->next = d->conns;
	c->pprev = &d->conns;
	if (d->conns)
		d->conns->pprev = &c->next;
	d->conns = c;
	ret = fnd_cred_of_socket(fd, &c->cred);
	if (ret == 0) {
		c->bev = bufferevent_socket_new(d->base, fd, 0);
		if (!c->bev)
			ret = -ENOMEM;
	}
	if (ret < 0) {
		log_warn("new connection: %s", strerror(-ret));
		conn_free(c);
		return;
	}
	log_debug("connection from pid %d uid %u", (int)c->cred.pid,
		  (unsigned int)c->cred.uid);
	bufferevent_setcb(c->bev, conn_read, conn_write, conn_event, c);
	bufferevent_set_timeouts(c->bev, &hello_tv, NULL);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

/* Whether `path` is a socket a live daemon answers on. */
static int socket_alive(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ret;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	strcpy(sa.sun_path, path);
	ret = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ret;
}

static int bind_socket(struct fnd_daemon *d, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[sizeof(sa.sun_path)], *slash;
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		log_err("socket path too long: %s", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	/* The directory: systemd's RuntimeDirectory=, else ours. */
	strcpy(dir, path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			log_err("%s: %s", dir, strerror(errno));
			return -1;
		}
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			log_err("%s exists and is not a socket", path);
			return -1;
		}
		if (socket_alive(path)) {
			log_err("%s: another daemon is serving it", path);
			return -1;
		}
		/* Left by a daemon that died: ours to replace. */
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		log_err("socket: %s", strerror(errno));
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		log_err("bind %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	d->socket_path = strdup(path);
	if (!d->socket_path || chmod(path, d->config->socket_mode) < 0 ||
	    (d->config->socket_group_set &&
	     chown(path, (uid_t)-1, d->config->socket_group) < 0) ||
	    listen(fd, 64) < 0) {
		log_err("%s: %s", path, strerror(errno ? errno : ENOMEM));
		close(fd);
		return -1;
	}
	return fd;
}

int fnd_server_listen(struct fnd_daemon *d, const char *path)
{
	int n = fnd_sd_listen_fds(), type = 0, listening = 0, fd;
	socklen_t len = sizeof(type);

	if (n < 0) {
		log_err("LISTEN_FDS: %s", strerror(-n));
		return -1;
	}
	if (n > 0) {
		fd = 3;
		len = sizeof(type);
		if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
		    type != SOCK_STREAM ||
		    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening,
			       &len) < 0 ||
		    !listening) {
			log_err("the socket systemd passed is not a listening "
				"stream socket");
			return -1;
		}
		if (n > 1)
			log_warn("%d sockets passed: serving the first", n);
		if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
			log_err("socket: %s", strerror(errno));
			return -1;
		}
		d->socket_activated = 1;
		log_info("serving the socket passed by systemd");
	} else {
		fd = bind_socket(d, path);
		if (fd < 0)
			return -1;
		log_info("listening on %s", path);
	}
	d->listen_fd = fd;
	d->listen_ev =
		event_new(d->base, fd, EV_READ | EV_PERSIST, on_accept, d);
	if (!d->listen_ev || event_add(d->listen_ev, NULL) < 0) {
		log_err("cannot watch the socket");
		return -1;
	}
	return 0;
}

void fnd_server_close(struct fnd_daemon *d)
{
	while (d->conns)
		conn_free(d->conns);
	if (d->accept_retry_ev)
		event_free(d->accept_retry_ev);
	d->accept_retry_ev = NULL;
	if (d->listen_ev)
		event_free(d->listen_ev);
	d->listen_ev = NULL;
	if (d->listen_fd >= 0)
		close(d->listen_fd);
	d->listen_fd = -1;
	/* Only what we bound ourselves: systemd's socket is systemd's. */
	if (d->socket_path)
		unlink(d->socket_path);
	free(d->socket_path);
	d->socket_path = NULL;
}
