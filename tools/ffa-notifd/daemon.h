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
 *   metrics.c           GET_METRICS, and the node_exporter textfile
 *   sdnotify.c          the systemd protocols: sd_notify, LISTEN_FDS
 *   log.c               levels, to stderr (the journal when run by systemd)
 *
 * Each X.c has its X.h, which declares only what X.c offers and names
 * the objects of the others it only points to; this one is daemon.c's.
 */
#ifndef FND_DAEMON_H
#define FND_DAEMON_H

#include <stdint.h>

#include "fnd_proto.h"
#include "queue.h"

struct event;
struct event_base;
struct ffanotif_event_buffer;
struct ffanotif_session;
struct fnd_client;
struct fnd_config;
struct fnd_conn;
struct fnd_worker;

struct fnd_binding {
	int bound;
	int per_vcpu;
	int configured; /* declared in the configuration: held always */
	uint16_t sender;
	uint32_t watchers;
	int exclusive; /* its one watcher holds it alone */
};

struct fnd_daemon_stats {
	uint64_t pending; /* bits kept for the next watcher */
	uint64_t unclaimed; /* bits that arrived for no one */
	uint64_t denied; /* requests refused by the policy */
	uint64_t upstream_dropped; /* lost in the backend's own queue */
	uint64_t accept_backoffs; /* accept() rests for want of fds */
	uint64_t clients_total; /* control HELLOs accepted */
	uint64_t backend_errors; /* backend calls that failed */
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
	/* Delivered, coalesced, dropped, per ID (queue.h). */
	struct fnd_counters counters;
	/* The textfile for node_exporter (metrics.c), or NULL. */
	char *metrics_file;
	unsigned int metrics_interval; /* seconds */
	struct event *metrics_ev;
	int metrics_failing; /* the last write failed (said once) */
	int metrics_writing; /* a write is with the worker */
	int metrics_written; /* the file is ours: removed at exit */
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
	/* Reloads so far, done or refused: ffa-notifd --reload waits for
	 * the next (reload.c).
	 */
	unsigned long reloads;
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
 * Request `h` of a client: watch `ids` from `sender` (exclusive: alone),
 * binding what nobody holds yet.  Replied: 0, -EBUSY (held from another
 * sender or in another mode, watched already by this client, held alone
 * by another, or, for an exclusive one, watched by another), or the
 * backend's error.
 */
void fnd_daemon_watch(struct fnd_daemon *d, struct fnd_client *c,
		      const struct fnd_hdr *h, uint16_t sender, uint64_t ids,
		      int per_vcpu, int exclusive);
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
/* Write reload number d->reloads, done (ok) or refused, where ffa-notifd
 * --reload looks for it (reload.c).
 */
void fnd_daemon_record_reload(struct fnd_daemon *d, int ok);
/*
 * STATUS= for systemd: at most once a second (clients come and go much
 * faster than anyone reads a status), or now.
 */
void fnd_daemon_status(struct fnd_daemon *d);
void fnd_daemon_status_now(struct fnd_daemon *d);

#endif /* FND_DAEMON_H */
