// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct ffanotif_event and struct ffanotif_event_buffer: event records
 * read in batches into a reusable buffer, and copies detached from it.
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

FFANOTIF_API struct ffanotif_event_buffer *
ffanotif_event_buffer_new(size_t capacity)
{
	struct ffanotif_event_buffer *b;

	if (capacity == 0)
		capacity = FFANOTIF_EVENT_BUFFER_DEFAULT;
	if (capacity > FFANOTIF_EVENT_BUFFER_MAX) {
		errno = EINVAL;
		return NULL;
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->events = calloc(capacity, sizeof(*b->events));
	if (!b->events) {
		free(b);
		return NULL;
	}
	b->capacity = capacity;
	return b;
}

FFANOTIF_ARRAY_ACCESSORS(ffanotif_event_buffer, ffanotif_event, events,
			 num_events, ffanotif_event_buffer_free,
			 ffanotif_event_buffer_get_num_events,
			 ffanotif_event_buffer_get_event)

FFANOTIF_API size_t
ffanotif_event_buffer_get_capacity(const struct ffanotif_event_buffer *b)
{
	return b ? b->capacity : 0;
}

FFANOTIF_API struct ffanotif_event *
ffanotif_event_copy(const struct ffanotif_event *e)
{
	struct ffanotif_event *c;

	if (!e) {
		errno = EINVAL;
		return NULL;
	}
	c = malloc(sizeof(*c));
	if (c)
		*c = *e;
	return c;
}

FFANOTIF_API void ffanotif_event_free(struct ffanotif_event *e)
{
	free(e);
}

FFANOTIF_GETTER(uint16_t, ffanotif_event_get_sender, ffanotif_event, sender)
FFANOTIF_GETTER(uint64_t, ffanotif_event_get_notifications, ffanotif_event,
		notifications)
FFANOTIF_GETTER(int, ffanotif_event_is_per_vcpu, ffanotif_event, per_vcpu)
FFANOTIF_GETTER(uint16_t, ffanotif_event_get_vcpu, ffanotif_event, vcpu)
FFANOTIF_GETTER(uint64_t, ffanotif_event_get_timestamp_ns, ffanotif_event,
		timestamp_ns)
FFANOTIF_GETTER(uint64_t, ffanotif_event_get_seqno, ffanotif_event, seqno)
FFANOTIF_GETTER(uint32_t, ffanotif_event_get_dropped, ffanotif_event, dropped)
