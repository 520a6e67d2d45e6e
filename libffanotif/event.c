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

FFANOTIF_API void ffanotif_event_buffer_free(struct ffanotif_event_buffer *b)
{
	if (!b)
		return;
	free(b->events);
	free(b);
}

FFANOTIF_API size_t
ffanotif_event_buffer_get_capacity(const struct ffanotif_event_buffer *b)
{
	return b ? b->capacity : 0;
}

FFANOTIF_API size_t
ffanotif_event_buffer_get_num_events(const struct ffanotif_event_buffer *b)
{
	return b ? b->num_events : 0;
}

FFANOTIF_API const struct ffanotif_event *
ffanotif_event_buffer_get_event(const struct ffanotif_event_buffer *b,
				size_t index)
{
	if (!b || index >= b->num_events) {
		errno = EINVAL;
		return NULL;
	}
	return &b->events[index];
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

FFANOTIF_API uint16_t ffanotif_event_get_sender(const struct ffanotif_event *e)
{
	return e->sender;
}

FFANOTIF_API uint64_t
ffanotif_event_get_notifications(const struct ffanotif_event *e)
{
	return e->notifications;
}

FFANOTIF_API int ffanotif_event_is_per_vcpu(const struct ffanotif_event *e)
{
	return e->per_vcpu;
}

FFANOTIF_API uint16_t ffanotif_event_get_vcpu(const struct ffanotif_event *e)
{
	return e->vcpu;
}

FFANOTIF_API uint64_t
ffanotif_event_get_timestamp_ns(const struct ffanotif_event *e)
{
	return e->timestamp_ns;
}

FFANOTIF_API uint64_t ffanotif_event_get_seqno(const struct ffanotif_event *e)
{
	return e->seqno;
}

FFANOTIF_API uint32_t ffanotif_event_get_dropped(const struct ffanotif_event *e)
{
	return e->dropped;
}
