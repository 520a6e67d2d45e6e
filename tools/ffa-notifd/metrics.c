// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The daemon's metrics: its counters since it started (notifications
 * delivered, coalesced and dropped, in all and per sender and ID;
 * clients; refusals; backend errors) and, on the device backend, the
 * module's own count of firmware errors and Schedule Receiver Interrupts,
 * which only the module sees.  To a client that asks (GET_METRICS,
 * policy verb "metrics") and, every metrics-interval seconds, to
 * metrics-file for node_exporter's textfile collector, in the
 * Prometheus text format it parses (fft-metrics.c writes both).
 *
 * The counters are the loop's, copied at the operation's start; what
 * may block (the module's netlink request, the file) is the worker's.
 * Nothing here runs per notification: counting is queue.c's arithmetic.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>
#include <ffanotif.h>

#include "client.h"
#include "daemon.h"
#include "fft-metrics.h"
#include "log.h"
#include "metrics.h"
#include "policy.h"
#include "config.h"
#include "worker.h"

struct metrics_op {
	struct fnd_op op;
	struct fnd_hdr h; /* the request, when op.c */
	const char *path; /* to the file, else to the client */
	int module; /* the device: the module's counters too */
	int module_err; /* errno of reading them, or 0 */
	int ret; /* of writing the file */
	struct fnd_metrics m;
};

/* The loop's counters, as they are now. */
static void snapshot(struct fnd_daemon *d, struct fnd_metrics *m)
{
	const struct fnd_id_counters *x;
	int id;

	memset(m, 0, sizeof(*m));
	m->present = FND_M_ALL & ~(FND_M_FW_ERRORS | FND_M_SRI);
	m->delivered = d->counters.delivered;
	m->coalesced = d->counters.coalesced;
	m->dropped = d->counters.dropped;
	m->backend_dropped = d->stats.upstream_dropped;
	m->unclaimed = d->stats.unclaimed;
	m->kept = d->stats.pending;
	m->denied = d->stats.denied;
	m->clients = d->n_clients;
	m->clients_total = d->stats.clients_total;
	m->backend_errors = d->stats.backend_errors;
	for (id = 0; id < 64; id++) {
		x = &d->counters.id[id];
		if (!x->used)
			continue;
		m->series[m->count].sender = x->sender;
		m->series[m->count].id = (uint16_t)id;
		m->series[m->count].delivered = x->delivered;
		m->series[m->count].coalesced = x->coalesced;
		m->series[m->count].dropped = x->dropped;
		m->count++;
	}
}

static int metrics_start(struct fnd_daemon *d, struct fnd_op *op)
{
	struct metrics_op *mo = (struct metrics_op *)op;

	snapshot(d, &mo->m);
	/* The module's netlink family, not the session: events flow. */
	mo->module = strcmp(d->backend_name, "device") == 0;
	op->uses_session = 0;
	return mo->module || mo->path;
}

/* Write path's contents whole, or leave it as it was: 0 or -errno. */
static int write_file(const char *path, const struct fnd_metrics *m)
{
	const char *base = strrchr(path, '/') + 1;
	char tmp[4200];
	FILE *f;
	int fd, ret = 0;

	/* Beside it (a rename within one file system), and not *.prom,
	 * so that node_exporter never reads half a file.
	 */
	snprintf(tmp, sizeof(tmp), "%.*s.%s.XXXXXX", (int)(base - path), path,
		 base);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* node_exporter runs as another user; UMask= would say 0600. */
	if (fchmod(fd, 0644) < 0) {
		ret = -errno;
		close(fd);
		unlink(tmp);
		return ret;
	}
	f = fdopen(fd, "w");
	if (!f) {
		ret = -errno;
		close(fd);
		unlink(tmp);
		return ret;
	}
	if (fft_metrics_write(f, m, FFT_METRICS_PROMETHEUS) < 0)
		ret = -EIO;
	if (fclose(f) != 0 && ret == 0)
		ret = -errno;
	if (ret == 0 && rename(tmp, path) < 0)
		ret = -errno;
	if (ret < 0)
		unlink(tmp);
	return ret;
}

static void metrics_call(struct fnd_op *op, struct ffanotif_session *be)
{
	struct metrics_op *mo = (struct metrics_op *)op;
	struct ffanotif_module_counters *mc;

	(void)be;
	if (mo->module) {
		mc = ffanotif_module_read_counters();
		if (mc) {
			mo->m.fw_errors =
				ffanotif_module_counters_get_fw_errors(mc);
			mo->m.sri = ffanotif_module_counters_get_sri(mc);
			mo->m.present |= FND_M_FW_ERRORS | FND_M_SRI;
			ffanotif_module_counters_free(mc);
		} else {
			mo->module_err = errno;
		}
	}
	if (mo->path)
		mo->ret = write_file(mo->path, &mo->m);
}

static void metrics_finish(struct fnd_daemon *d, struct fnd_op *op)
{
	struct metrics_op *mo = (struct metrics_op *)op;
	uint8_t out[FND_MAX_MSG];

	if (mo->module_err)
		log_debug("metrics: the module's counters: %s",
			  strerror(mo->module_err));
	if (!mo->path) {
		fnd_client_request_done(op->c, &mo->h, 0, out,
					fnd_metrics_encode(out, &mo->m));
		return;
	}
	d->metrics_writing = 0;
	/* A failing write is said once, and its end. */
	if (mo->ret < 0 && !d->metrics_failing)
		log_warn("metrics-file %s: %s (tried again every %u s)",
			 mo->path, strerror(-mo->ret), d->metrics_interval);
	else if (mo->ret == 0 && d->metrics_failing)
		log_info("metrics-file %s: written again", mo->path);
	d->metrics_failing = mo->ret < 0;
	d->metrics_written |= mo->ret == 0;
}

static const struct fnd_op_ops metrics_ops = {
	.start = metrics_start,
	.call = metrics_call,
	.finish = metrics_finish,
};

int fnd_metrics_request(struct fnd_client *c, const struct fnd_hdr *h,
			const uint8_t *payload, size_t len)
{
	struct fnd_daemon *d = c->d;
	struct fnd_metrics_req req;
	struct metrics_op *mo;
	int ret;

	ret = fnd_metrics_req_decode(payload, len, &req);
	if (ret < 0)
		return ret;
	/* Everyone's counts: for whom the policy gives them, only. */
	if (!fnd_policy_metrics(d->config, &c->cred)) {
		d->stats.denied++;
		fnd_log_client(FND_LOG_NOTICE, &c->cred, c->session,
			       "client %llu (pid %d uid %u gid %u): metrics: "
			       "denied by policy",
			       (unsigned long long)c->session, (int)c->cred.pid,
			       (unsigned int)c->cred.uid,
			       (unsigned int)c->cred.gid);
		return -EACCES;
	}
	mo = fnd_op_new(sizeof(*mo), &metrics_ops, c);
	if (!mo)
		return -ENOMEM;
	mo->h = *h;
	c->busy = 1;
	fnd_op_submit(d, &mo->op);
	return 1;
}

static void metrics_due(evutil_socket_t fd, short what, void *arg)
{
	struct fnd_daemon *d = arg;
	struct metrics_op *mo;

	(void)fd;
	(void)what;
	/* One write at a time: a slow disk skips a turn. */
	if (d->metrics_writing)
		return;
	mo = fnd_op_new(sizeof(*mo), &metrics_ops, NULL);
	if (!mo)
		return;
	mo->path = d->metrics_file;
	d->metrics_writing = 1;
	fnd_op_submit(d, &mo->op);
}

int fnd_metrics_file_start(struct fnd_daemon *d)
{
	struct timeval tv = { .tv_sec = (time_t)d->metrics_interval };

	if (!d->metrics_file)
		return 0;
	d->metrics_ev = event_new(d->base, -1, EV_PERSIST, metrics_due, d);
	if (!d->metrics_ev || event_add(d->metrics_ev, &tv) < 0) {
		log_err("metrics-file: cannot set a timer");
		return -1;
	}
	log_info("metrics to %s every %u s", d->metrics_file,
		 d->metrics_interval);
	metrics_due(-1, 0, d);
	return 0;
}

void fnd_metrics_file_stop(struct fnd_daemon *d)
{
	if (d->metrics_ev)
		event_free(d->metrics_ev);
	d->metrics_ev = NULL;
	/* Only a file this daemon wrote (not another one's, at the same
	 * path, when this one failed to start).
	 */
	if (d->metrics_written && unlink(d->metrics_file) < 0 &&
	    errno != ENOENT)
		log_warn("metrics-file %s: %s", d->metrics_file,
			 strerror(errno));
}
