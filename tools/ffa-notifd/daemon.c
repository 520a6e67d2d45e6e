// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct fnd_daemon: the one backend session and the 64 IDs it holds.
 *
 * Each ID is bound once, by the daemon, for everyone: because the
 * configuration says so (held for the daemon's lifetime), or because a
 * client watches it (held while anyone does).  What arrives is fanned
 * out to every client watching the ID; what arrives for a configured ID
 * nobody watches is kept, as the firmware would keep it pending, and
 * handed to the next client that watches it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <event2/event.h>
#include <ffanotif.h>

#include "client.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "policy.h"
#include "queue.h"
#include "reload.h"
#include "sdnotify.h"
#include "worker.h"
#include "tools-common.h"

static uint64_t bound_mask(const struct fnd_daemon *d)
{
	uint64_t m = 0;
	int id;

	for (id = 0; id < 64; id++)
		if (d->ids[id].bound)
			m |= 1ULL << id;
	return m;
}

static uint64_t configured_mask(const struct fnd_daemon *d)
{
	uint64_t m = 0;
	int id;

	for (id = 0; id < 64; id++)
		if (d->ids[id].configured)
			m |= 1ULL << id;
	return m;
}

/* The IDs bound on the backend: 0, or -1 (errno) if it cannot say. */
static int backend_bound(struct ffanotif_session *be, uint64_t *bound)
{
	struct ffanotif_session_stats *st = ffanotif_session_read_stats(be);

	if (!st)
		return -1;
	*bound = ffanotif_session_stats_get_bound(st);
	ffanotif_session_stats_free(st);
	return 0;
}

/* ---- releasing: unbinds, off the loop ---------------------------------- */

/* The unbind of one sender's IDs, and what the backend said. */
struct release_group {
	uint16_t sender;
	uint64_t mask;
	int ret, err; /* of the unbind */
	int known; /* its failure: the IDs still bound were read */
	uint64_t bound;
};

struct release_op {
	struct fnd_op op;
	struct fnd_hdr h; /* the UNBIND request, when op.c */
	uint64_t unwatch; /* what op.c stops watching at start */
	uint64_t ids; /* candidates: released if nobody needs them then */
	int retry; /* the retry of stale IDs */
	unsigned int n;
	struct release_group g[64];
};

static void watchers_drop(struct fnd_daemon *d, struct fnd_client *c,
			  uint64_t ids, uint64_t *idle)
{
	int id;

	ids &= c->watched;
	c->watched &= ~ids;
	for (id = 0; id < 64; id++) {
		if (!(ids & (1ULL << id)))
			continue;
		d->ids[id].exclusive = 0;
		if (--d->ids[id].watchers == 0 && !d->ids[id].configured)
			*idle |= 1ULL << id;
	}
}

/*
 * Which candidates nobody needs now (bound, no watcher, not configured),
 * one group per sender: what the worker unbinds.
 */
static int release_start(struct fnd_daemon *d, struct fnd_op *op)
{
	struct release_op *r = (struct release_op *)op;
	uint64_t ids, mask;
	uint16_t sender;
	int id;

	if (r->retry)
		d->stale_retry_queued = 0;
	if (op->c)
		watchers_drop(d, op->c, r->unwatch, &r->ids);
	for (id = 0; id < 64; id++) {
		const struct fnd_binding *b = &d->ids[id];

		if (b->watchers || b->configured || !b->bound)
			r->ids &= ~(1ULL << id);
	}
	ids = r->ids;
	while (ids) {
		id = __builtin_ctzll(ids);
		sender = d->ids[id].sender;
		mask = 0;
		for (; id < 64; id++)
			if ((ids & (1ULL << id)) && d->ids[id].sender == sender)
				mask |= 1ULL << id;
		ids &= ~mask;
		r->g[r->n].sender = sender;
		r->g[r->n].mask = mask;
		r->n++;
	}
	op->uses_session = 1;
	return r->n > 0;
}

static void release_call(struct fnd_op *op, struct ffanotif_session *be)
{
	struct release_op *r = (struct release_op *)op;
	struct release_group *g;
	unsigned int i;

	for (i = 0; i < r->n; i++) {
		g = &r->g[i];
		g->ret = ffanotif_session_unbind(be, g->sender, g->mask);
		g->err = errno;
		if (g->ret < 0)
			g->known = backend_bound(be, &g->bound) == 0;
	}
}

/*
 * What the backend refused to unbind (a notification still pending)
 * stays bound, marked stale, and is tried again after the next drain.
 */
static void release_apply(struct fnd_daemon *d, const struct release_group *g)
{
	char buf[FFT_IDS_STRLEN];
	uint64_t bound = 0;
	int id;

	if (g->ret < 0 && g->known) {
		bound = g->bound;
		log_info("unbind 0x%04x IDs %s: %s (retried later)", g->sender,
			 fft_format_ids(g->mask, buf, sizeof(buf)),
			 strerror(g->err));
	} else if (g->ret < 0) {
		log_err("unbind 0x%04x IDs %s: %s", g->sender,
			fft_format_ids(g->mask, buf, sizeof(buf)),
			strerror(g->err));
		/* What is bound is unknown: keep it all. */
		d->stale |= g->mask;
		return;
	}
	for (id = 0; id < 64; id++) {
		if (!(g->mask & (1ULL << id)))
			continue;
		if (bound & (1ULL << id)) {
			d->stale |= 1ULL << id;
		} else {
			d->ids[id].bound = 0;
			d->stale &= ~(1ULL << id);
		}
	}
	log_debug("released 0x%04x IDs %s", g->sender,
		  fft_format_ids(g->mask & ~bound, buf, sizeof(buf)));
}

static void release_finish(struct fnd_daemon *d, struct fnd_op *op)
{
	struct release_op *r = (struct release_op *)op;
	unsigned int i;

	for (i = 0; i < r->n; i++) {
		if (r->g[i].ret < 0)
			d->stats.backend_errors++;
		release_apply(d, &r->g[i]);
	}
	if (!op->c)
		return;
	/* An UNBIND: what the call made arrive goes out before the reply. */
	fnd_daemon_drain(d);
	fnd_daemon_status(d);
	fnd_client_request_done(op->c, &r->h, 0, NULL, 0);
}

static const struct fnd_op_ops release_ops = {
	.start = release_start,
	.call = release_call,
	.finish = release_finish,
};

/* Unbind ids (those nobody needs when it is their turn) from the backend. */
static void release(struct fnd_daemon *d, uint64_t ids, int retry)
{
	struct release_op *r =
		fnd_op_new(sizeof(struct release_op), &release_ops, NULL);

	if (!r) {
		/* Kept bound, and tried again after a drain. */
		d->stale |= ids;
		return;
	}
	r->ids = ids;
	r->retry = retry;
	if (retry)
		d->stale_retry_queued = 1;
	fnd_op_submit(d, &r->op);
}

static void retry_stale(struct fnd_daemon *d)
{
	uint64_t ids = 0;
	int id;

	if (d->stale_retry_queued)
		return;
	for (id = 0; id < 64; id++)
		if ((d->stale & (1ULL << id)) && !d->ids[id].watchers &&
		    !d->ids[id].configured && d->ids[id].bound)
			ids |= 1ULL << id;
	if (ids)
		release(d, ids, 1);
}

static void fan_out(struct fnd_daemon *d, const struct ffanotif_event *e)
{
	uint64_t bits = ffanotif_event_get_notifications(e), claimed = 0, m;
	uint16_t sender = ffanotif_event_get_sender(e);
	uint16_t vcpu = ffanotif_event_get_vcpu(e);
	uint32_t flags = ffanotif_event_is_per_vcpu(e) ? FND_EVENT_PER_VCPU : 0;
	uint32_t lost = ffanotif_event_get_dropped(e);
	uint64_t ts = ffanotif_event_get_timestamp_ns(e);
	struct fnd_client *c;
	char buf[FFT_IDS_STRLEN];

	if (lost) {
		/* Lost before we could see whose they were: everyone who
		 * watches anything is told, nobody is left to guess.
		 */
		log_warn("the backend's queue overflowed: %u notifications "
			 "lost",
			 lost);
		d->stats.upstream_dropped += lost;
		for (c = d->clients; c; c = c->next)
			if (!c->dead && c->watched)
				fnd_queue_lost(&c->q, lost);
		fnd_queue_lost(&d->pending, lost);
	}
	for (c = d->clients; c; c = c->next) {
		if (c->dead)
			continue;
		m = bits & c->watched;
		if (!m)
			continue;
		claimed |= m;
		fnd_counters_add(&d->counters, FND_COUNT_DELIVERED, sender, m);
		fnd_client_push(c, sender, m, flags, vcpu, ts);
	}
	m = bits & ~claimed & configured_mask(d);
	if (m) {
		fnd_queue_push(&d->pending, sender, m, flags, vcpu, ts);
		d->stats.pending += (uint64_t)__builtin_popcountll(m);
	}
	m = bits & ~claimed & ~m;
	if (m) {
		d->stats.unclaimed += (uint64_t)__builtin_popcountll(m);
		log_debug("0x%04x IDs %s: nobody watches them", sender,
			  fft_format_ids(m, buf, sizeof(buf)));
	}
}

void fnd_daemon_drain(struct fnd_daemon *d)
{
	int n, i;

	if (d->be_lent) {
		/* The worker has the session: not now, and not woken again
		 * and again by the same readiness until it is back.
		 */
		if (!d->be_paused && d->be_ev) {
			event_del(d->be_ev);
			d->be_paused = 1;
		}
		return;
	}
	for (;;) {
		n = ffanotif_session_read_events(d->be, d->buf, 0);
		if (n < 0) {
			d->stats.backend_errors++;
			log_err("reading the backend: %s", strerror(errno));
			/* The device went away: nothing left to serve. */
			if (errno == ENODEV) {
				d->exit_code = 1;
				event_base_loopbreak(d->base);
			}
			return;
		}
		for (i = 0; i < n; i++)
			fan_out(d, ffanotif_event_buffer_get_event(d->buf,
								   (size_t)i));
		/* Fewer than asked for: the backend's queue is empty (what
		 * comes later makes its fd readable again), no read more
		 * just to be told EAGAIN.
		 */
		if ((size_t)n < ffanotif_event_buffer_get_capacity(d->buf))
			break;
	}
	retry_stale(d);
}

/* ---- watching: a bind, off the loop ------------------------------------- */

struct watch_op {
	struct fnd_op op;
	struct fnd_hdr h;
	uint16_t sender;
	int per_vcpu, exclusive;
	uint64_t ids, fresh;
	int ret;
	int failed; /* the backend refused the bind */
};

static int watch_start(struct fnd_daemon *d, struct fnd_op *op)
{
	struct watch_op *w = (struct watch_op *)op;
	int id;

	if (w->ids & op->c->watched) {
		w->ret = -EBUSY;
		return 0;
	}
	for (id = 0; id < 64; id++) {
		const struct fnd_binding *b = &d->ids[id];

		if (!(w->ids & (1ULL << id)))
			continue;
		/* Held alone, or watched where it would be held alone. */
		if (b->exclusive || (w->exclusive && b->watchers) ||
		    (b->bound &&
		     (b->sender != w->sender || b->per_vcpu != w->per_vcpu))) {
			w->ret = -EBUSY;
			return 0;
		}
	}
	w->fresh = w->ids & ~bound_mask(d);
	op->uses_session = 1;
	return w->fresh != 0;
}

static void watch_call(struct fnd_op *op, struct ffanotif_session *be)
{
	struct watch_op *w = (struct watch_op *)op;

	/* The one binding its watchers share: exclusive (API 1.5). */
	if (ffanotif_session_bind(
		    be, w->sender, w->fresh,
		    FFANOTIF_BIND_EXCLUSIVE |
			    (w->per_vcpu ? FFANOTIF_FLAG_PER_VCPU : 0)) < 0) {
		w->ret = -errno;
		w->failed = 1;
	}
}

static void watch_finish(struct fnd_daemon *d, struct fnd_op *op)
{
	struct watch_op *w = (struct watch_op *)op;
	struct fnd_client *c = op->c;
	int id;

	d->stats.backend_errors += (uint64_t)w->failed;
	if (w->ret == 0) {
		for (id = 0; id < 64; id++) {
			if (!(w->ids & (1ULL << id)))
				continue;
			d->ids[id].bound = 1;
			d->ids[id].sender = w->sender;
			d->ids[id].per_vcpu = w->per_vcpu;
			if (!c->dead) {
				d->ids[id].watchers++;
				d->ids[id].exclusive = w->exclusive;
			}
		}
		d->stale &= ~w->ids;
	}
	if (w->ret == 0 && c->dead) {
		/* Gone during the bind: nobody needs what it made. */
		release(d, w->fresh, 0);
	} else if (w->ret == 0) {
		c->watched |= w->ids;
		/* What came while nobody watched is this client's now. */
		fnd_queue_move(&d->pending, w->ids, &c->q);
		fnd_client_flush(c);
	}
	/* What the call made the firmware send goes out before the reply. */
	fnd_daemon_drain(d);
	fnd_daemon_status(d);
	fnd_client_request_done(c, &w->h, w->ret, NULL, 0);
}

static const struct fnd_op_ops watch_ops = {
	.start = watch_start,
	.call = watch_call,
	.finish = watch_finish,
};

void fnd_daemon_watch(struct fnd_daemon *d, struct fnd_client *c,
		      const struct fnd_hdr *h, uint16_t sender, uint64_t ids,
		      int per_vcpu, int exclusive)
{
	struct watch_op *w = fnd_op_new(sizeof(*w), &watch_ops, c);

	if (!w) {
		fnd_client_request_done(c, h, -ENOMEM, NULL, 0);
		return;
	}
	w->h = *h;
	w->sender = sender;
	w->ids = ids;
	w->per_vcpu = per_vcpu;
	w->exclusive = exclusive;
	fnd_op_submit(d, &w->op);
}

void fnd_daemon_unwatch_request(struct fnd_daemon *d, struct fnd_client *c,
				const struct fnd_hdr *h, uint64_t ids)
{
	struct release_op *r = fnd_op_new(sizeof(*r), &release_ops, c);

	if (!r) {
		fnd_client_request_done(c, h, -ENOMEM, NULL, 0);
		return;
	}
	r->h = *h;
	r->unwatch = ids;
	fnd_op_submit(d, &r->op);
}

void fnd_daemon_unwatch(struct fnd_daemon *d, struct fnd_client *c,
			uint64_t ids)
{
	uint64_t idle = 0;

	watchers_drop(d, c, ids, &idle);
	if (idle)
		release(d, idle, 0);
}

/* ---- configured bindings ------------------------------------------------- */

/* One bind line of the configuration. */
struct config_bind_op {
	struct fnd_op op;
	struct fnd_config_bind b;
	int held; /* an ID held from elsewhere, or -1 */
	uint16_t held_by;
	uint64_t fresh;
	int ret, err;
};

static int config_bind_start(struct fnd_daemon *d, struct fnd_op *op)
{
	struct config_bind_op *cb = (struct config_bind_op *)op;
	int id;

	cb->held = -1;
	for (id = 0; id < 64; id++) {
		const struct fnd_binding *x = &d->ids[id];

		if ((cb->b.ids & (1ULL << id)) && x->bound &&
		    (x->sender != cb->b.sender ||
		     x->per_vcpu != cb->b.per_vcpu)) {
			cb->held = id;
			cb->held_by = x->sender;
			return 0;
		}
	}
	cb->fresh = cb->b.ids & ~bound_mask(d);
	op->uses_session = 1;
	return cb->fresh != 0;
}

static void config_bind_call(struct fnd_op *op, struct ffanotif_session *be)
{
	struct config_bind_op *cb = (struct config_bind_op *)op;

	cb->ret = ffanotif_session_bind(
		be, cb->b.sender, cb->fresh,
		FFANOTIF_BIND_EXCLUSIVE |
			(cb->b.per_vcpu ? FFANOTIF_FLAG_PER_VCPU : 0));
	cb->err = errno;
}

static void config_bind_finish(struct fnd_daemon *d, struct fnd_op *op)
{
	struct config_bind_op *cb = (struct config_bind_op *)op;
	const struct fnd_config_bind *b = &cb->b;
	const char *path = d->config->path ? d->config->path : "config";
	char buf[FFT_IDS_STRLEN];
	int id;

	if (cb->held >= 0) {
		log_err("%s:%u: ID %d is held from 0x%04x already", path,
			b->line, cb->held, cb->held_by);
		cb->ret = -EBUSY;
		return;
	}
	if (cb->ret < 0) {
		d->stats.backend_errors++;
		log_err("%s:%u: bind 0x%04x IDs %s: %s", path, b->line,
			b->sender, fft_format_ids(cb->fresh, buf, sizeof(buf)),
			strerror(cb->err));
		cb->ret = -cb->err;
		return;
	}
	for (id = 0; id < 64; id++) {
		if (!(b->ids & (1ULL << id)))
			continue;
		d->ids[id].bound = 1;
		d->ids[id].sender = b->sender;
		d->ids[id].per_vcpu = b->per_vcpu;
		d->ids[id].configured = 1;
	}
	d->stale &= ~b->ids;
	log_info("bound 0x%04x IDs %s%s (configured)", b->sender,
		 fft_format_ids(b->ids, buf, sizeof(buf)),
		 b->per_vcpu ? " per-vCPU" : "");
}

static const struct fnd_op_ops config_bind_ops = {
	.start = config_bind_start,
	.call = config_bind_call,
	.finish = config_bind_finish,
};

int fnd_daemon_apply_binds(struct fnd_daemon *d)
{
	const struct fnd_config *cfg = d->config;
	struct config_bind_op *cb, now;
	size_t i;
	int ret = 0;

	for (i = 0; i < cfg->n_binds; i++) {
		if (!d->worker) {
			/* Start-up: here and now, its error returned. */
			memset(&now, 0, sizeof(now));
			fnd_op_init(&now.op, &config_bind_ops, NULL);
			now.b = cfg->binds[i];
			fnd_op_run_now(d, &now.op);
			ret = ret ? ret : now.ret;
			continue;
		}
		cb = fnd_op_new(sizeof(*cb), &config_bind_ops, NULL);
		if (!cb)
			continue;
		cb->b = cfg->binds[i];
		fnd_op_submit(d, &cb->op);
	}
	return ret;
}

void fnd_daemon_record_reload(struct fnd_daemon *d, int ok)
{
	int ret = fnd_reload_record(d->reloads, ok);

	if (ret < 0)
		log_warn("cannot record reload %lu for ffa-notifd --reload: %s",
			 d->reloads, strerror(-ret));
}

/* The end of a reload: once what it asked of the backend is done. */
struct reload_done_op {
	struct fnd_op op;
	size_t n_rules, n_binds;
};

static int reload_done_start(struct fnd_daemon *d, struct fnd_op *op)
{
	(void)d;
	(void)op;
	return 0;
}

static void reload_done_finish(struct fnd_daemon *d, struct fnd_op *op)
{
	struct reload_done_op *r = (struct reload_done_op *)op;

	fnd_daemon_status_now(d);
	d->reloads++;
	fnd_daemon_record_reload(d, 1);
	fnd_sd_notify("READY=1");
	log_info("reloaded: %zu allow rules, %zu bind lines", r->n_rules,
		 r->n_binds);
}

static const struct fnd_op_ops reload_done_ops = {
	.start = reload_done_start,
	.finish = reload_done_finish,
};

/* What a reload cannot change in a running daemon: said, and kept. */
static void keep_fixed_settings(struct fnd_config *old, struct fnd_config *n)
{
	char *tmp;

	if (strcmp(old->backend, n->backend) != 0)
		log_warn("reload: backend changes need a restart (kept %s)",
			 old->backend);
	if (strcmp(old->socket, n->socket) != 0 ||
	    old->socket_mode != n->socket_mode ||
	    old->socket_group_set != n->socket_group_set ||
	    old->socket_group != n->socket_group)
		log_warn("reload: socket changes need a restart (kept)");
	if ((old->metrics_file == NULL) != (n->metrics_file == NULL) ||
	    (old->metrics_file &&
	     strcmp(old->metrics_file, n->metrics_file) != 0) ||
	    old->metrics_interval != n->metrics_interval)
		log_warn("reload: metrics-file and metrics-interval changes "
			 "need a restart (kept)");
	if (old->client_queue != n->client_queue)
		log_warn("reload: client-queue changes need a restart (kept "
			 "%u)",
			 old->client_queue);
	tmp = n->backend;
	n->backend = old->backend;
	old->backend = tmp;
	tmp = n->socket;
	n->socket = old->socket;
	old->socket = tmp;
	n->socket_mode = old->socket_mode;
	n->socket_group_set = old->socket_group_set;
	n->socket_group = old->socket_group;
	n->client_queue = old->client_queue;
}

void fnd_daemon_reload(struct fnd_daemon *d)
{
	struct fnd_config *n, *old = d->config;
	struct reload_done_op *done;
	struct fnd_queue scratch;
	struct fnd_client *c;
	char buf[FFT_IDS_STRLEN];
	uint64_t dropped = 0, revoke;
	int id;

	struct timespec now;

	/* MONOTONIC_USEC: when, for Type=notify-reload (systemd 253) to
	 * tell this reload from an earlier one; 252 ignores it.
	 */
	clock_gettime(CLOCK_MONOTONIC, &now);
	fnd_sd_notifyf("RELOADING=1\nMONOTONIC_USEC=%llu",
		       (unsigned long long)now.tv_sec * 1000000ULL +
			       (unsigned long long)now.tv_nsec / 1000ULL);
	log_info("reloading %s", d->config_path);
	n = fnd_config_load(d->config_path, d->config_missing_ok);
	if (!n) {
		log_err("reload failed: keeping the current configuration");
		d->reloads++;
		fnd_daemon_record_reload(d, 0);
		fnd_sd_notify("READY=1");
		return;
	}
	keep_fixed_settings(old, n);
	d->config = n;
	/* Bindings the file no longer declares: released when unwatched. */
	for (id = 0; id < 64; id++) {
		if (!d->ids[id].configured || fnd_config_bind_of(n, id))
			continue;
		d->ids[id].configured = 0;
		dropped |= 1ULL << id;
	}
	if (dropped) {
		/* What they kept for the next watcher goes with them. */
		if (fnd_queue_init(&scratch, 64) == 0) {
			fnd_queue_move(&d->pending, dropped, &scratch);
			d->stats.unclaimed += scratch.stats.events;
			fnd_queue_fini(&scratch);
		}
		log_info("reload: IDs %s no longer configured",
			 fft_format_ids(dropped, buf, sizeof(buf)));
		revoke = 0;
		for (id = 0; id < 64; id++)
			if ((dropped & (1ULL << id)) && !d->ids[id].watchers)
				revoke |= 1ULL << id;
		if (revoke)
			release(d, revoke, 0);
	}
	fnd_daemon_apply_binds(d);
	/* The new policy applies to what clients hold, too. */
	for (c = d->clients; c; c = c->next) {
		if (c->dead)
			continue;
		revoke = 0;
		for (id = 0; id < 64; id++)
			if ((c->watched & (1ULL << id)) &&
			    !(fnd_policy_allowed(n, &c->cred, FND_VERB_WATCH,
						 d->ids[id].sender) &
			      (1ULL << id)))
				revoke |= 1ULL << id;
		if (!revoke)
			continue;
		fnd_log_client(
			FND_LOG_NOTICE, &c->cred, c->session,
			"client %llu (uid %u): watch of IDs %s revoked by "
			"the new policy",
			(unsigned long long)c->session,
			(unsigned int)c->cred.uid,
			fft_format_ids(revoke, buf, sizeof(buf)));
		fnd_daemon_unwatch(d, c, revoke);
	}
	fnd_config_free(old);
	/* READY=1 once the bindings are made and released: the worker
	 * makes them, in order, and this comes after.
	 */
	done = fnd_op_new(sizeof(*done), &reload_done_ops, NULL);
	if (!done) {
		fnd_sd_notify("READY=1");
		return;
	}
	done->n_rules = n->n_rules;
	done->n_binds = n->n_binds;
	fnd_op_submit(d, &done->op);
}

static void status_due(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	fnd_daemon_status_now(arg);
}

void fnd_daemon_status(struct fnd_daemon *d)
{
	struct timeval tv = { .tv_sec = 1 };

	if (!d->status_ev) {
		d->status_ev = evtimer_new(d->base, status_due, d);
		if (!d->status_ev)
			return;
	}
	if (!evtimer_pending(d->status_ev, NULL))
		evtimer_add(d->status_ev, &tv);
}

void fnd_daemon_status_now(struct fnd_daemon *d)
{
	char bound[FFT_IDS_STRLEN];
	uint64_t m = bound_mask(d);

	fnd_sd_notifyf("STATUS=%u clients; IDs bound: %s; backend %s",
		       d->n_clients,
		       m ? fft_format_ids(m, bound, sizeof(bound)) : "none",
		       d->backend_name);
}
