/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ffa-notifd: its metrics, to a client (GET_METRICS) and to a file for
 * node_exporter's textfile collector (metrics.c).
 */
#ifndef FND_METRICS_H
#define FND_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct fnd_client;
struct fnd_daemon;
struct fnd_hdr;

/*
 * Serve GET_METRICS: -errno (a bad payload, the policy's refusal), or 1:
 * the reply is queued, now or once the worker read the module's
 * counters (c->busy until then).
 */
int fnd_metrics_request(struct fnd_client *c, const struct fnd_hdr *h,
			const uint8_t *payload, size_t len);
/*
 * With d->metrics_file set: write it now and every d->metrics_interval
 * seconds from here on.  0, or -1 (logged).
 */
int fnd_metrics_file_start(struct fnd_daemon *d);
/* No more writes; the file goes (the numbers of a daemon not running). */
void fnd_metrics_file_stop(struct fnd_daemon *d);

#endif /* FND_METRICS_H */
