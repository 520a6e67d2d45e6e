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

#include "daemon.h"
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
static int backend_bound(struct fnd_daemon *d, uint64_t *bound)
{
	struct ffanotif_session_stats *st = ffanotif_session_read_stats(d->be);

	if (!st)
		return -1;
	*bound = ffanotif_session_stats_get_bound(st);
	ffanotif_session_stats_free(st);
	return 0;
}

/*
 * Unbind ids (one sender each, no watcher, not configured) from the
 * backend.  What the backend refuses to unbind (a notification still
 * pending) stays bound, marked stale, and is tried again after the next
 * drain.
 */
static void release(struct fnd_daemon *d, uint64_t ids)
{
	char buf[FFT_IDS_STRLEN];
	uint64_t mask, bound;
	uint16_t sender;
	int id, ret, err;

	while (ids) {
		id = __builtin_ctzll(ids);
		sender = d->ids[id].sender;
		mask = 0;
		for (; id < 64; id++)
			if ((ids & (1ULL << id)) && d->ids[id].sender == sender)
				mask |= 1ULL << id;
		ids &= ~mask;
		ret = ffanotif_session_unbind(d->be, sender, mask);
		err = errno;
		if (ret < 0 && backend_bound(d, &bound) == 0) {
			log_info("unbind 0x%04x IDs %s: %s (retried later)",
				 sender, fft_format_ids(mask, buf, sizeof(buf)),
				 strerror(err));
		} else if (ret < 0) {
			log_err("unbind 0x%04x IDs %s: %s", sender,
				fft_format_ids(mask, buf, sizeof(buf)),
				strerror(err));
			/* What is bound is unknown: keep it all. */
			d->stale |= mask;
			continue;
		} else {
			bound = 0;
		}
		for (id = 0; id < 64; id++) {
			if (!(mask & (1ULL << id)))
				continue;
			if (bound & (1ULL << id)) {
				d->stale |= 1ULL << id;
			} else {
				d->ids[id].bound = 0;
				d->stale &= ~(1ULL << id);
			}
		}
		log_debug("released 0x%04x IDs %s", sender,
			  fft_format_ids(mask & ~bound, buf, sizeof(buf)));
	}
}

static void retry_stale(struct fnd_daemon *d)
{
	uint64_t ids = 0;
	int id;

	for (id = 0; id < 64; id++)
		if ((d->stale & (1ULL << id)) && !d->ids[id].watchers &&
		    !d->ids[id].configured && d->ids[id].bound)
			ids |= 1ULL << id;
	if (ids)
		release(d, ids);
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
		d->stats.delivered += (uint64_t)__builtin_popcountll(m);
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

	for (;;) {
		n = ffanotif_session_read_events(d->be, d->buf, 0);
		if (n < 0) {
			log_err("reading the backend: %s", strerror(errno));
			/* The device went away: nothing left to serve. */
			if (errno == ENODEV) {
				d->exit_code = 1;
				event_base_loopbreak(d->base);
			}
			return;
		}
		if (n == 0)
			break;
		for (i = 0; i < n; i++)
			fan_out(d, ffanotif_event_buffer_get_event(d->buf,
								   (size_t)i));
	}
	retry_stale(d);
}

int fnd_daemon_watch(struct fnd_daemon *d, struct fnd_client *c,
		     uint16_t sender, uint64_t ids, int per_vcpu)
{
	uint64_t fresh;
	int id;

	if (ids & c->watched)
		return -EBUSY;
	for (id = 0; id < 64; id++) {
		const struct fnd_binding *b = &d->ids[id];

		if ((ids & (1ULL << id)) && b->bound &&
		    (b->sender != sender || b->per_vcpu != per_vcpu))
			return -EBUSY;
	}
	fresh = ids & ~bound_mask(d);
	if (fresh &&
	    ffanotif_session_bind(d->be, sender, fresh,
				  per_vcpu ? FFANOTIF_FLAG_PER_VCPU : 0) < 0)
		return -errno;
	for (id = 0; id < 64; id++) {
		if (!(ids & (1ULL << id)))
			continue;
		d->ids[id].bound = 1;
		d->ids[id].sender = sender;
		d->ids[id].per_vcpu = per_vcpu;
		d->ids[id].watchers++;
	}
	d->stale &= ~ids;
	c->watched |= ids;
	/* What came while nobody watched is this client's now. */
	fnd_queue_move(&d->pending, ids, &c->q);
	fnd_client_flush(c);
	return 0;
}

void fnd_daemon_unwatch(struct fnd_daemon *d, struct fnd_client *c,
			uint64_t ids)
{
	uint64_t idle = 0;
	int id;

	ids &= c->watched;
	c->watched &= ~ids;
	for (id = 0; id < 64; id++) {
		if (!(ids & (1ULL << id)))
			continue;
		if (--d->ids[id].watchers == 0 && !d->ids[id].configured)
			idle |= 1ULL << id;
	}
	if (idle)
		release(d, idle);
}

int fnd_daemon_apply_binds(struct fnd_daemon *d)
{
	const struct fnd_config *cfg = d->config;
	const struct fnd_config_bind *b;
	char buf[FFT_IDS_STRLEN];
	uint64_t fresh;
	size_t i;
	int id, ret = 0;

	for (i = 0; i < cfg->n_binds; i++) {
		b = &cfg->binds[i];
		for (id = 0; id < 64; id++) {
			const struct fnd_binding *x = &d->ids[id];

			if ((b->ids & (1ULL << id)) && x->bound &&
			    (x->sender != b->sender ||
			     x->per_vcpu != b->per_vcpu))
				break;
		}
		if (id < 64) {
			log_err("%s:%u: ID %d is held from 0x%04x already",
				cfg->path ? cfg->path : "config", b->line, id,
				d->ids[id].sender);
			ret = ret ? ret : -EBUSY;
			continue;
		}
		fresh = b->ids & ~bound_mask(d);
		if (fresh &&
		    ffanotif_session_bind(d->be, b->sender, fresh,
					  b->per_vcpu ? FFANOTIF_FLAG_PER_VCPU
						      : 0) < 0) {
			log_err("%s:%u: bind 0x%04x IDs %s: %s",
				cfg->path ? cfg->path : "config", b->line,
				b->sender,
				fft_format_ids(fresh, buf, sizeof(buf)),
				strerror(errno));
			ret = ret ? ret : -errno;
			continue;
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
	return ret;
}

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
			release(d, revoke);
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
		log_notice("client %llu (uid %u): watch of IDs %s revoked by "
			   "the new policy",
			   (unsigned long long)c->session,
			   (unsigned int)c->cred.uid,
			   fft_format_ids(revoke, buf, sizeof(buf)));
		fnd_daemon_unwatch(d, c, revoke);
	}
	fnd_config_free(old);
	fnd_daemon_status_now(d);
	fnd_sd_notify("READY=1");
	log_info("reloaded: %zu allow rules, %zu bind lines", n->n_rules,
		 n->n_binds);
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
