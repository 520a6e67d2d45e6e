/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ffa-notifd: the objects of the daemon and how they meet.
 *
 *   struct fnd_daemon   the one backend session, the table of the 64 IDs
 *                       it holds, the policy, the clients (daemon.c)
 *   struct fnd_client   one libffanotif session of a process: a control
 *                       connection, an event connection, the IDs it
 *                       watches, its bounded event queue (client.c)
 *   struct fnd_queue    a bounded event queue with the uAPI's coalescing
 *                       and overflow rules (queue.c)
 *   struct fnd_config   what /etc/ffa-notifd.conf says (config.c), judged
 *                       by policy.c
 *   struct fnd_op       a backend call, made off the loop by the worker
 *                       thread, one at a time, in order (worker.c)
 *   server.c            the listening socket and connections before HELLO
 *   sdnotify.c          the systemd protocols: sd_notify, LISTEN_FDS
 *   log.c               levels, to stderr (the journal when run by systemd)
 */
#ifndef FND_DAEMON_H
#define FND_DAEMON_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <event2/event.h>
#include <ffanotif.h>

#include "fnd_conn.h"
#include "fnd_proto.h"

/* ---- log.c ---------------------------------------------------------------- */

/* Priorities of syslog(3), so that the journal reads them. */
#define FND_LOG_ERR 3
#define FND_LOG_WARNING 4
#define FND_LOG_NOTICE 5
#define FND_LOG_INFO 6
#define FND_LOG_DEBUG 7

void fnd_log_init(int max_priority);
void fnd_log(int priority, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define log_err(...) fnd_log(FND_LOG_ERR, __VA_ARGS__)
#define log_warn(...) fnd_log(FND_LOG_WARNING, __VA_ARGS__)
#define log_notice(...) fnd_log(FND_LOG_NOTICE, __VA_ARGS__)
#define log_info(...) fnd_log(FND_LOG_INFO, __VA_ARGS__)
#define log_debug(...) fnd_log(FND_LOG_DEBUG, __VA_ARGS__)

/* ---- config.c ------------------------------------------------------------- */

#define FND_VERB_WATCH (1U << 0)
#define FND_VERB_RING (1U << 1)
#define FND_VERB_SIM_RING (1U << 2)
#define FND_VERB_ALL (FND_VERB_WATCH | FND_VERB_RING | FND_VERB_SIM_RING)

#define FND_WHO_ANYONE 0
#define FND_WHO_USER 1
#define FND_WHO_GROUP 2

struct fnd_rule {
	unsigned int verbs; /* FND_VERB_* */
	int who; /* FND_WHO_* */
	uint32_t id; /* uid or gid */
	int any_partition;
	uint16_t partition;
	uint64_t ids;
	unsigned int line;
};

struct fnd_config_bind {
	uint16_t sender;
	int per_vcpu;
	uint64_t ids;
	unsigned int line;
};

#define FND_CONFIG_MAX_RULES 256
#define FND_CONFIG_MAX_BINDS 64

struct fnd_config {
	char *path; /* where it was read from (NULL: built-in defaults) */
	char *backend; /* "device" or "sim" */
	char *socket; /* path to bind when systemd hands over none */
	unsigned int socket_mode;
	int socket_group_set;
	gid_t socket_group;
	unsigned int client_queue;
	unsigned int max_clients; /* clients in all */
	unsigned int max_clients_per_uid;
	size_t n_rules;
	struct fnd_rule rules[FND_CONFIG_MAX_RULES];
	size_t n_binds;
	struct fnd_config_bind binds[FND_CONFIG_MAX_BINDS];
};

#define FND_DEFAULT_BACKEND "device"
#define FND_DEFAULT_SOCKET_PATH FND_DEFAULT_SOCKET
#define FND_DEFAULT_SOCKET_MODE 0660
#define FND_DEFAULT_CLIENT_QUEUE 64
#define FND_MAX_CLIENT_QUEUE 1024
#define FND_DEFAULT_MAX_CLIENTS 4096
#define FND_DEFAULT_MAX_CLIENTS_PER_UID 1024
#define FND_MAX_MAX_CLIENTS 65536

/*
 * Read a configuration file.  `missing_ok`: a file that does not exist
 * gives the defaults (and no rules: everything is refused).  Returns a
 * configuration, or NULL after logging each error as "path:line: what".
 */
struct fnd_config *fnd_config_load(const char *path, int missing_ok);
/* The same from a string (the tests), `name` for the messages. */
struct fnd_config *fnd_config_parse(const char *text, const char *name);
void fnd_config_free(struct fnd_config *c);
/* The configured binding holding `id`, or NULL. */
const struct fnd_config_bind *fnd_config_bind_of(const struct fnd_config *c,
						 int id);

/* ---- policy.c ------------------------------------------------------------- */

#define FND_MAX_GROUPS 64

/* Who is on the other end of a connection (SO_PEERCRED, SO_PEERGROUPS). */
struct fnd_cred {
	pid_t pid;
	uid_t uid;
	gid_t gid;
	int n_groups;
	gid_t groups[FND_MAX_GROUPS];
};

/* Read the peer's credentials of a connected unix socket: 0 or -errno. */
int fnd_cred_of_socket(int fd, struct fnd_cred *cred);

/* The IDs of `partition` the policy lets `cred` act on with `verb`. */
uint64_t fnd_policy_allowed(const struct fnd_config *c,
			    const struct fnd_cred *cred, unsigned int verb,
			    uint16_t partition);
const char *fnd_verb_name(unsigned int verb);

/* ---- queue.c -------------------------------------------------------------- */

/*
 * A client's queue of events not yet written to it.  The rules are the
 * uAPI's (include/uapi/linux/ffa_notif.h): bits from the same sender on
 * the same vCPU merge into the unread event for them (a bit already
 * there is coalesced); when the queue is full and another (sender, vCPU)
 * comes, the oldest event goes and the number of its bits is carried in
 * the next event taken.  Only its depth differs: the configuration says.
 */
struct fnd_queue {
	uint32_t depth;
	uint32_t head;
	uint32_t count;
	uint64_t seqno;
	uint32_t dropped_unreported;
	struct fnd_stats stats;
	struct fnd_event *ev;
};

int fnd_queue_init(struct fnd_queue *q, uint32_t depth);
void fnd_queue_fini(struct fnd_queue *q);
/* Queue bits (per_vcpu: FND_EVENT_PER_VCPU in flags). */
void fnd_queue_push(struct fnd_queue *q, uint16_t sender, uint64_t bits,
		    uint32_t flags, uint16_t vcpu, uint64_t timestamp_ns);
/* Take the oldest event; 0 if none. */
int fnd_queue_pop(struct fnd_queue *q, struct fnd_event *out);
/*
 * Move the bits of `ids` from q into `to` (pending notifications handed
 * to a new watcher), with what q lost so far.
 */
void fnd_queue_move(struct fnd_queue *q, uint64_t ids, struct fnd_queue *to);
/* Count `bits` lost before the next event taken (lost upstream). */
void fnd_queue_lost(struct fnd_queue *q, uint32_t bits);

/* ---- client.c ------------------------------------------------------------- */

struct fnd_daemon;
struct fnd_conn;
struct bufferevent;

struct fnd_client {
	struct fnd_daemon *d;
	struct fnd_client *next;
	uint64_t session;
	uint64_t token;
	struct fnd_cred cred;
	struct bufferevent *ctl; /* the control connection */
	int ctl_fd;
	int closing; /* the control connection ends once its output is out */
	int throttled; /* not reading requests until replies drain */
	int busy; /* a request with the worker: the next one waits */
	unsigned int refs; /* operations that name it (worker.c) */
	int free_pending; /* gone, freed when the last operation is */
	int evt_fd; /* -1 until the event connection's HELLO */
	struct event *evt_rev; /* the event connection hangs up */
	struct event *evt_wev; /* the event connection takes more */
	uint8_t out[FND_EVENT_MSG_SIZE]; /* an event partly sent */
	size_t out_off;
	size_t out_len;
	uint64_t watched; /* IDs it receives */
	struct fnd_queue q;
	int dead; /* being torn down: no more I/O */
};

/* Queue an event for a client and send what its socket takes. */
void fnd_client_push(struct fnd_client *c, uint16_t sender, uint64_t bits,
		     uint32_t flags, uint16_t vcpu, uint64_t timestamp_ns);
/* Send queued events until the socket is full or the queue empty. */
void fnd_client_flush(struct fnd_client *c);
/* Take over a control connection after its HELLO. */
void fnd_client_adopt_control(struct fnd_client *c, struct bufferevent *bev,
			      int fd);
/* Attach the event connection `fd` (HELLO done): 0 or -errno. */
int fnd_client_attach_events(struct fnd_client *c, int fd);
/*
 * Serve one request of the control connection: the reply is queued, or,
 * for a request that needs the backend, will be once the worker made the
 * call (c->busy until then).
 */
void fnd_client_request(struct fnd_client *c, const struct fnd_hdr *h,
			const uint8_t *payload, size_t len);
/*
 * The reply to a request made through the worker (c->busy): queued, and
 * the requests that wait behind it are read.
 */
void fnd_client_request_done(struct fnd_client *c, const struct fnd_hdr *h,
			     int ret, const void *payload, size_t len);
/* References held by operations: the struct outlives its destroy. */
void fnd_client_get(struct fnd_client *c);
void fnd_client_put(struct fnd_client *c);
/*
 * The client goes: its watches are dropped and its connections closed at
 * once; the struct itself is freed from the loop later, so that callers
 * up the stack may still look at c->dead.
 */
void fnd_client_destroy(struct fnd_client *c);

/* ---- worker.c ------------------------------------------------------------- */

/*
 * A backend call off the loop: see worker.c for the rules.  Each kind
 * embeds struct fnd_op first and is allocated by its submitter.
 */
struct fnd_op;

struct fnd_op_ops {
	/*
	 * On the loop, at the operation's turn: 1 if the worker must call
	 * (op->uses_session set if the call uses the session), 0 if there
	 * is nothing to call (finish follows at once).
	 */
	int (*start)(struct fnd_daemon *d, struct fnd_op *op);
	/*
	 * On the worker: the backend calls only.  `be` is the session, or
	 * NULL if start did not ask for it.  Nothing of the daemon may be
	 * touched here.  NULL: start never asks for a call.
	 */
	void (*call)(struct fnd_op *op, struct ffanotif_session *be);
	/* On the loop: the result applied, the reply queued. */
	void (*finish)(struct fnd_daemon *d, struct fnd_op *op);
};

struct fnd_op {
	struct fnd_op *next;
	const struct fnd_op_ops *ops;
	struct fnd_client *c; /* whose request (a reference), or NULL */
	int uses_session;
};

struct fnd_worker;

/*
 * Set up op, the rest of it zeroed by the caller, for `c` (may be NULL),
 * taking a reference to it.
 */
void fnd_op_init(struct fnd_op *op, const struct fnd_op_ops *ops,
		 struct fnd_client *c);
/* A zeroed operation of `size` bytes, set up: NULL (logged) if no memory. */
void *fnd_op_new(size_t size, const struct fnd_op_ops *ops,
		 struct fnd_client *c);
/*
 * Queue op after the others; it is freed once finished.  Before the
 * worker is started it runs inline; after it is stopped it is dropped.
 */
void fnd_op_submit(struct fnd_daemon *d, struct fnd_op *op);
/* start, call and finish here and now (op is not freed). */
void fnd_op_run_now(struct fnd_daemon *d, struct fnd_op *op);
/* The worker thread: 0 or -errno. */
int fnd_worker_start(struct fnd_daemon *d);
/* Wait for a call under way, drop what waits; submit drops from then. */
void fnd_worker_stop(struct fnd_daemon *d);

/* ---- daemon.c ------------------------------------------------------------- */

struct fnd_binding {
	int bound;
	int per_vcpu;
	int configured; /* declared in the configuration: held always */
	uint16_t sender;
	uint32_t watchers;
};

struct fnd_daemon_stats {
	uint64_t delivered; /* notification bits queued to clients */
	uint64_t pending; /* bits kept for the next watcher */
	uint64_t unclaimed; /* bits that arrived for no one */
	uint64_t denied; /* requests refused by the policy */
	uint64_t upstream_dropped; /* lost in the backend's own queue */
	uint64_t accept_backoffs; /* accept() rests for want of fds */
};

struct fnd_daemon {
	struct event_base *base;
	struct fnd_config *config;
	const char *config_path;
	int config_missing_ok;
	/*
	 * The session: the loop's, but while be_lent (a call of the worker
	 * uses it); be_ev is removed meanwhile if it fired (be_paused).
	 */
	struct ffanotif_session *be;
	int be_lent;
	int be_paused;
	struct fnd_worker *worker;
	int worker_stopped;
	struct ffanotif_event_buffer *buf;
	char backend_name[16];
	struct fnd_info info;
	struct event *be_ev;
	struct fnd_binding ids[64];
	/* Unbinds the backend refused (still pending): retried. */
	uint64_t stale;
	int stale_retry_queued;
	/* Arrivals for configured bindings nobody watched. */
	struct fnd_queue pending;
	struct fnd_client *clients;
	unsigned int n_clients;
	struct fnd_conn *conns; /* before HELLO (server.c) */
	uint64_t next_session;
	struct fnd_daemon_stats stats;
	int listen_fd;
	int socket_activated;
	char *socket_path; /* what we bound (and unlink at exit) */
	struct event *listen_ev;
	struct event *accept_retry_ev; /* out of fds: listen again later */
	unsigned int accept_starved; /* rests since the last accept */
	struct event *watchdog_ev;
	struct event *status_ev;
	struct event *sig_ev[3];
	int exit_code;
};

/*
 * Bind what the configuration declares: on start, before the worker,
 * here and now, returning 0 or -errno of the first that failed (logged);
 * from a reload, through the worker (0).
 */
int fnd_daemon_apply_binds(struct fnd_daemon *d);
/*
 * Read what the backend has and fan it out (nothing while the session is
 * lent to the worker: read when it is back).
 */
void fnd_daemon_drain(struct fnd_daemon *d);
/*
 * Request `h` of a client: watch `ids` from `sender`, binding what nobody
 * holds yet.  Replied: 0, -EBUSY (held from another sender or in another
 * mode, or watched already by this client), or the backend's error.
 */
void fnd_daemon_watch(struct fnd_daemon *d, struct fnd_client *c,
		      const struct fnd_hdr *h, uint16_t sender, uint64_t ids,
		      int per_vcpu);
/*
 * Request `h` of a client (h NULL: not a request, nothing replied): stop
 * watching ids, unbinding what nobody needs any more.
 */
void fnd_daemon_unwatch_request(struct fnd_daemon *d, struct fnd_client *c,
				const struct fnd_hdr *h, uint64_t ids);
/* A client stops watching ids now; what nobody needs is unbound. */
void fnd_daemon_unwatch(struct fnd_daemon *d, struct fnd_client *c,
			uint64_t ids);
/* SIGHUP: read the configuration again; clients stay. */
void fnd_daemon_reload(struct fnd_daemon *d);
/*
 * STATUS= for systemd: at most once a second (clients come and go much
 * faster than anyone reads a status), or now.
 */
void fnd_daemon_status(struct fnd_daemon *d);
void fnd_daemon_status_now(struct fnd_daemon *d);

/* ---- server.c ------------------------------------------------------------- */

/*
 * The listening socket: the one systemd passed (LISTEN_FDS), else
 * `path` bound here.  0 or -1 (logged).
 */
int fnd_server_listen(struct fnd_daemon *d, const char *path);
void fnd_server_close(struct fnd_daemon *d);
/*
 * One message read: 0 to go on, > 0 to stop (the connection changed
 * hands or its client is gone), < 0 to close the connection.
 */
typedef int (*fnd_message_fn)(void *arg, const struct fnd_hdr *h,
			      const uint8_t *payload, size_t len);
/*
 * Take every whole message of the input, as fnd_message_fn says.  A
 * header that cannot be framed is answered, and gives its error.
 */
int fnd_server_read(struct bufferevent *bev, fnd_message_fn fn, void *arg);
/* End of file: answer a partial message left in the input, if any. */
void fnd_server_truncated(struct bufferevent *bev);
/* Queue a reply on a control connection. */
void fnd_server_reply(struct bufferevent *bev, uint16_t type, uint32_t seq,
		      int error, const void *payload, size_t len);

/* ---- sdnotify.c ----------------------------------------------------------- */

/* Send a state to the service manager (NOTIFY_SOCKET): 1 sent, 0 no
 * manager listening, -errno.
 */
int fnd_sd_notify(const char *state);
int fnd_sd_notifyf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The watchdog period asked for (WATCHDOG_USEC for us), 0 if none. */
uint64_t fnd_sd_watchdog_usec(void);
/*
 * Sockets passed by systemd: the number of fds from 3 (LISTEN_FDS for
 * us), 0 if none, -errno.  The variables are unset either way.
 */
int fnd_sd_listen_fds(void);

#endif /* FND_DAEMON_H */
