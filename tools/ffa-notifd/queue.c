// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct fnd_queue: a client's bounded event queue in the daemon.  The
 * rules are those of an open /dev/ffa-notif (protocol/ffp_hub.c), for a
 * whole bitmap at a time and with a configured depth, so that a client of
 * the daemon sees what a client of the device would: merges, coalescing,
 * the oldest dropped, and the loss carried in the next event.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "queue.h"

static unsigned int popcount64(uint64_t v)
{
	return (unsigned int)__builtin_popcountll(v);
}

/* The first allocation: what a client watching one or two IDs needs. */
#define QUEUE_MIN_CAP 4

int fnd_queue_init(struct fnd_queue *q, uint32_t depth)
{
	memset(q, 0, sizeof(*q));
	if (depth == 0)
		return -EINVAL;
	/* Nothing allocated until the first event. */
	q->depth = depth;
	return 0;
}

void fnd_queue_fini(struct fnd_queue *q)
{
	free(q->ev);
	q->ev = NULL;
	q->cap = 0;
}

static struct fnd_event *at(struct fnd_queue *q, uint32_t i)
{
	return &q->ev[(q->head + i) % q->cap];
}

/*
 * Room for one more event (count < cap), growing the array if it may:
 * 1, or 0 if it is depth events already or cannot grow.  The events keep
 * their order, from index 0 of the new array.
 */
static int grow(struct fnd_queue *q)
{
	struct fnd_event *ev;
	uint32_t cap, i;

	if (q->count < q->cap)
		return 1;
	if (q->cap == q->depth)
		return 0;
	cap = q->cap ? q->cap * 2 : QUEUE_MIN_CAP;
	if (cap > q->depth)
		cap = q->depth;
	ev = malloc((size_t)cap * sizeof(*ev));
	if (!ev)
		return 0;
	for (i = 0; i < q->count; i++)
		ev[i] = *at(q, i);
	free(q->ev);
	q->ev = ev;
	q->cap = cap;
	q->head = 0;
	return 1;
}

void fnd_counters_add(struct fnd_counters *c, int what, uint16_t sender,
		      uint64_t bits)
{
	struct fnd_id_counters *x;
	uint64_t n = (uint64_t)popcount64(bits);
	int id;

	if (!c || !bits)
		return;
	if (what == FND_COUNT_DELIVERED)
		c->delivered += n;
	else if (what == FND_COUNT_COALESCED)
		c->coalesced += n;
	else
		c->dropped += n;
	for (; bits; bits &= bits - 1) {
		id = __builtin_ctzll(bits);
		x = &c->id[id];
		if (!x->used || x->sender != sender) {
			/* Another sender's ID now: its own series. */
			memset(x, 0, sizeof(*x));
			x->used = 1;
			x->sender = sender;
		}
		if (what == FND_COUNT_DELIVERED)
			x->delivered++;
		else if (what == FND_COUNT_COALESCED)
			x->coalesced++;
		else
			x->dropped++;
	}
}

static void add_lost(struct fnd_queue *q, uint32_t lost)
{
	/* Saturate rather than wrap: a count that wraps would lie. */
	q->dropped_unreported = q->dropped_unreported > UINT32_MAX - lost
					? UINT32_MAX
					: q->dropped_unreported + lost;
	q->stats.dropped += lost;
}

void fnd_queue_push(struct fnd_queue *q, uint16_t sender, uint64_t bits,
		    uint32_t flags, uint16_t vcpu, uint64_t timestamp_ns)
{
	struct fnd_event *ev;
	uint32_t i;

	if (!bits)
		return;
	for (i = 0; i < q->count; i++) {
		ev = at(q, i);
		if (ev->sender != sender || ev->vcpu != vcpu ||
		    ev->flags != flags)
			continue;
		q->stats.coalesced += popcount64(ev->notifications & bits);
		fnd_counters_add(q->counters, FND_COUNT_COALESCED, sender,
				 ev->notifications & bits);
		ev->notifications |= bits;
		return;
	}
	if (!grow(q)) {
		if (!q->count) {
			/* Not even one event's memory: these bits are lost,
			 * and said so in the next event taken.
			 */
			add_lost(q, popcount64(bits));
			fnd_counters_add(q->counters, FND_COUNT_DROPPED, sender,
					 bits);
			return;
		}
		/* Full: the oldest goes, its loss carried forward. */
		add_lost(q, popcount64(at(q, 0)->notifications));
		fnd_counters_add(q->counters, FND_COUNT_DROPPED,
				 (uint16_t)at(q, 0)->sender,
				 at(q, 0)->notifications);
		q->head = (q->head + 1) % q->cap;
		q->count--;
	}
	ev = at(q, q->count);
	memset(ev, 0, sizeof(*ev));
	ev->timestamp_ns = timestamp_ns;
	ev->notifications = bits;
	ev->seqno = ++q->seqno;
	ev->sender = sender;
	ev->vcpu = vcpu;
	ev->flags = flags;
	q->count++;
	q->stats.events++;
}

int fnd_queue_pop(struct fnd_queue *q, struct fnd_event *out)
{
	if (!q->count)
		return 0;
	*out = *at(q, 0);
	out->dropped = q->dropped_unreported;
	q->dropped_unreported = 0;
	q->head = (q->head + 1) % q->cap;
	q->count--;
	q->stats.read++;
	return 1;
}

void fnd_queue_move(struct fnd_queue *q, uint64_t ids, struct fnd_queue *to)
{
	struct fnd_event *ev;
	uint32_t i, kept = 0;
	uint64_t m;

	for (i = 0; i < q->count; i++) {
		ev = at(q, i);
		m = ev->notifications & ids;
		if (m) {
			/* Kept ones handed to a client: delivered now. */
			fnd_counters_add(to->counters, FND_COUNT_DELIVERED,
					 (uint16_t)ev->sender, m);
			fnd_queue_push(to, (uint16_t)ev->sender, m, ev->flags,
				       (uint16_t)ev->vcpu, ev->timestamp_ns);
		}
		ev->notifications &= ~m;
		/* Compact: what is left keeps its order. */
		if (ev->notifications)
			*at(q, kept++) = *ev;
	}
	q->count = kept;
	if (q->dropped_unreported && ids) {
		add_lost(to, q->dropped_unreported);
		q->dropped_unreported = 0;
	}
}

void fnd_queue_lost(struct fnd_queue *q, uint32_t bits)
{
	add_lost(q, bits);
}
