// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct fnd_metrics as text: for people, OpenMetrics 1.0, or the
 * Prometheus text format 0.0.4 (node_exporter's textfile collector).
 * One table of the metrics, so that every format names them alike
 * (ffa-notify(1), METRICS).
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>

#include "fft-metrics.h"

struct metric {
	uint64_t bit; /* FND_M_* */
	const char *name; /* the family, after "ffanotif_" */
	const char *human;
	int counter; /* else a gauge */
	size_t off; /* of its uint64_t in struct fnd_metrics */
	const char *help;
};

#define M(bit, name, human, counter, member, help)                 \
	{                                                          \
		bit, name, human, counter,                         \
			offsetof(struct fnd_metrics, member), help \
	}

static const struct metric metrics[] = {
	M(FND_M_DELIVERED, "notifications_delivered", "delivered", 1, delivered,
	  "Notifications queued to a client (once per client)."),
	M(FND_M_COALESCED, "notifications_coalesced", "coalesced", 1, coalesced,
	  "Notifications merged into an event not read yet."),
	M(FND_M_DROPPED, "notifications_dropped", "dropped", 1, dropped,
	  "Notifications lost to a full queue."),
	M(FND_M_BACKEND_DROPPED, "backend_dropped", "backend-dropped", 1,
	  backend_dropped, "Notifications lost in the backend's own queue."),
	M(FND_M_UNCLAIMED, "notifications_unclaimed", "unclaimed", 1, unclaimed,
	  "Notifications that arrived for no receiver."),
	M(FND_M_KEPT, "notifications_kept", "kept", 1, kept,
	  "Notifications kept for a configured ID nobody watched."),
	M(FND_M_DENIED, "requests_denied", "denied", 1, denied,
	  "Requests refused by the policy."),
	M(FND_M_CLIENTS, "clients", "clients", 0, clients,
	  "Clients connected now."),
	M(FND_M_CLIENTS_TOTAL, "clients_connected", "clients-connected", 1,
	  clients_total, "Clients connected since the start."),
	M(FND_M_BACKEND_ERRORS, "backend_errors", "backend-errors", 1,
	  backend_errors, "Backend calls that failed."),
	M(FND_M_FW_ERRORS, "firmware_errors", "firmware-errors", 1, fw_errors,
	  "FF-A calls the firmware refused (the module's count)."),
	M(FND_M_SRI, "sri", "sri", 1, sri,
	  "Schedule Receiver Interrupts handled (the module's count)."),
};

#define N_METRICS (sizeof(metrics) / sizeof(metrics[0]))

/* The per-ID families, over m->series. */
static const struct {
	const char *name;
	const char *help;
	size_t off;
} series_metrics[] = {
	{ "id_delivered", "Notifications queued to a client, by sender and ID.",
	  offsetof(struct fnd_metrics_series, delivered) },
	{ "id_coalesced",
	  "Notifications merged into an unread event, by "
	  "sender and ID.",
	  offsetof(struct fnd_metrics_series, coalesced) },
	{ "id_dropped", "Notifications lost to a full queue, by sender and ID.",
	  offsetof(struct fnd_metrics_series, dropped) },
};

static uint64_t field(const void *base, size_t off)
{
	return *(const uint64_t *)((const char *)base + off);
}

/* HELP and TYPE of a family, as the format names it. */
static void family(FILE *f, int format, const char *name, int counter,
		   const char *help)
{
	/* OpenMetrics names the family; 0.0.4 the sample, _total and all. */
	const char *suffix =
		counter && format == FFT_METRICS_PROMETHEUS ? "_total" : "";

	fprintf(f, "# HELP ffanotif_%s%s %s\n", name, suffix, help);
	fprintf(f, "# TYPE ffanotif_%s%s %s\n", name, suffix,
		counter ? "counter" : "gauge");
}

static void human(FILE *f, const struct fnd_metrics *m)
{
	const struct fnd_metrics_series *s;
	uint32_t i;
	size_t k;

	for (k = 0; k < N_METRICS; k++)
		if (m->present & metrics[k].bit)
			fprintf(f, "%-18s %" PRIu64 "\n", metrics[k].human,
				field(m, metrics[k].off));
	if (!m->count)
		return;
	fprintf(f, "\nSENDER  ID  %10s %10s %10s\n", "DELIVERED", "COALESCED",
		"DROPPED");
	for (i = 0; i < m->count; i++) {
		s = &m->series[i];
		fprintf(f,
			"0x%04x  %2u  %10" PRIu64 " %10" PRIu64 " %10" PRIu64
			"\n",
			s->sender, s->id, s->delivered, s->coalesced,
			s->dropped);
	}
}

int fft_metrics_write(FILE *f, const struct fnd_metrics *m, int format)
{
	const struct fnd_metrics_series *s;
	uint32_t i;
	size_t k;

	if (format == FFT_METRICS_HUMAN) {
		human(f, m);
		return ferror(f) ? -1 : 0;
	}
	for (k = 0; k < N_METRICS; k++) {
		if (!(m->present & metrics[k].bit))
			continue;
		family(f, format, metrics[k].name, metrics[k].counter,
		       metrics[k].help);
		fprintf(f, "ffanotif_%s%s %" PRIu64 "\n", metrics[k].name,
			metrics[k].counter ? "_total" : "",
			field(m, metrics[k].off));
	}
	for (k = 0; k < sizeof(series_metrics) / sizeof(series_metrics[0]);
	     k++) {
		if (!m->count)
			break;
		family(f, format, series_metrics[k].name, 1,
		       series_metrics[k].help);
		for (i = 0; i < m->count; i++) {
			s = &m->series[i];
			fprintf(f,
				"ffanotif_%s_total{sender=\"0x%04x\",id=\"%u\"}"
				" "
				"%" PRIu64 "\n",
				series_metrics[k].name, s->sender, s->id,
				field(s, series_metrics[k].off));
		}
	}
	if (format == FFT_METRICS_OPENMETRICS)
		fputs("# EOF\n", f);
	return ferror(f) ? -1 : 0;
}
