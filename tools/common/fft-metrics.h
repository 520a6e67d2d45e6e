/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The metrics of ffa-notifd (GET_METRICS, struct fnd_metrics) as text:
 * what `ffa-notify stats` prints and what the daemon writes for
 * node_exporter's textfile collector, written once (fft-metrics.c).
 */
#ifndef FFA_TOOLS_METRICS_H
#define FFA_TOOLS_METRICS_H

#include <stdio.h>

#include "fnd_proto.h"

/* Lines for people: "delivered 12", then a table of the series. */
#define FFT_METRICS_HUMAN 0
/* OpenMetrics 1.0 text ("application/openmetrics-text"), "# EOF" last. */
#define FFT_METRICS_OPENMETRICS 1
/*
 * The Prometheus text format 0.0.4, what node_exporter's textfile
 * collector parses: the same samples, TYPE and HELP naming them whole
 * (counters with their _total), no "# EOF".
 */
#define FFT_METRICS_PROMETHEUS 2

/*
 * The counters m->present names, and m->count series, to f: 0, or -1 if
 * writing failed (ferror).  Metric names start with "ffanotif_",
 * counters end in "_total"; series carry sender="0x8001",id="3".
 */
int fft_metrics_write(FILE *f, const struct fnd_metrics *m, int format);

#endif /* FFA_TOOLS_METRICS_H */
