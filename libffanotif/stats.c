// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct ffanotif_session_stats and struct ffanotif_module_counters
 * (API 1.3): the counters of a session (its backend's get_stats) and of
 * the kernel module (the netlink family's GET_INFO), read once into an
 * object the caller frees.  Counters added later get getters of their
 * own; the structs passed by value (ffanotif_session_get_stats(),
 * ffanotif_module_get_stats()) could not grow.
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

struct ffanotif_session_stats {
	struct ffanotif_stats st;
};

struct ffanotif_module_counters {
	struct ffanotif_module_stats st;
};

FFANOTIF_API struct ffanotif_session_stats *
ffanotif_session_read_stats(struct ffanotif_session *s)
{
	struct ffanotif_session_stats *stats;

	stats = ffanotif_session_alloc(s, sizeof(*stats));
	if (!stats)
		return NULL;
	return ffanotif_filled(stats, FFANOTIF_OP(s, get_stats, &stats->st));
}

FFANOTIF_API void
ffanotif_session_stats_free(struct ffanotif_session_stats *stats)
{
	free(stats);
}

/* The getters of both objects: the field, or 0 with EINVAL for NULL. */
#define STATS_GETTER(type, object, field)                      \
	FFANOTIF_API uint64_t ffanotif_##object##_get_##field( \
		const struct type *o)                          \
	{                                                      \
		if (!o) {                                      \
			errno = EINVAL;                        \
			return 0;                              \
		}                                              \
		return o->st.field;                            \
	}

STATS_GETTER(ffanotif_session_stats, session_stats, bound)
STATS_GETTER(ffanotif_session_stats, session_stats, events)
STATS_GETTER(ffanotif_session_stats, session_stats, read)
STATS_GETTER(ffanotif_session_stats, session_stats, coalesced)
STATS_GETTER(ffanotif_session_stats, session_stats, dropped)

struct ffanotif_module_counters *
ffanotif_module_counters_new(const struct ffanotif_module_stats *st)
{
	struct ffanotif_module_counters *c = calloc(1, sizeof(*c));

	if (c)
		c->st = *st;
	return c;
}

FFANOTIF_API struct ffanotif_module_counters *
ffanotif_module_read_counters(void)
{
	struct ffanotif_nl_info info;
	int ret;

	ret = ffanotif_nl_get_info(&info);
	if (ret < 0) {
		errno = -ret;
		return NULL;
	}
	return ffanotif_module_counters_new(&info.stats);
}

FFANOTIF_API void
ffanotif_module_counters_free(struct ffanotif_module_counters *counters)
{
	free(counters);
}

STATS_GETTER(ffanotif_module_counters, module_counters, open_files)
STATS_GETTER(ffanotif_module_counters, module_counters, delivered)
STATS_GETTER(ffanotif_module_counters, module_counters, unclaimed)
STATS_GETTER(ffanotif_module_counters, module_counters, release_failures)
STATS_GETTER(ffanotif_module_counters, module_counters, sent)
STATS_GETTER(ffanotif_module_counters, module_counters, sri)
STATS_GETTER(ffanotif_module_counters, module_counters, fw_errors)
STATS_GETTER(ffanotif_module_counters, module_counters, monitor_drops)
