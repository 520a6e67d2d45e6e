/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ffa-notifd: a client's bounded event queue, with the uAPI's
 * coalescing and overflow rules (queue.c).
 */
#ifndef FND_QUEUE_H
#define FND_QUEUE_H

#include <stdint.h>

#include "fnd_proto.h"

/*
 * A client's queue of events not yet written to it.  The rules are the
 * uAPI's (include/uapi/linux/ffa_notif.h): bits from the same sender on
 * the same vCPU merge into the unread event for them (a bit already
 * there is coalesced); when the queue is full and another (sender, vCPU)
 * comes, the oldest event goes and the number of its bits is carried in
 * the next event taken.  Only its depth differs: the configuration says.
 *
 * The array grows on demand (from none, doubling, up to depth): a client
 * that watches one ID and keeps up holds a few events, not depth of
 * them.  Only a push needing a slot past what is there grows it; if that
 * fails (no memory), the queue is as full as it is, and drops as a full
 * one does.
 */
/*
 * The daemon's counts of what its queues did, per notification ID for
 * the sender it came from (GET_METRICS, metrics.c): an ID that comes from
 * another sender starts its counts again.  Counting is arithmetic only,
 * no system call.
 */
struct fnd_id_counters {
	uint16_t sender;
	uint8_t used;
	uint64_t delivered, coalesced, dropped;
};

struct fnd_counters {
	uint64_t delivered, coalesced, dropped;
	struct fnd_id_counters id[64];
};

#define FND_COUNT_DELIVERED 0
#define FND_COUNT_COALESCED 1
#define FND_COUNT_DROPPED 2

/* Count `bits` from `sender` as FND_COUNT_*: the total and each ID. */
void fnd_counters_add(struct fnd_counters *c, int what, uint16_t sender,
		      uint64_t bits);

struct fnd_queue {
	uint32_t depth;
	uint32_t cap; /* events allocated (ev), at most depth */
	uint32_t head;
	uint32_t count;
	uint64_t seqno;
	uint32_t dropped_unreported;
	struct fnd_stats stats;
	struct fnd_event *ev;
	/* The daemon's counters, also told what this queue does (or NULL). */
	struct fnd_counters *counters;
};

int fnd_queue_init(struct fnd_queue *q, uint32_t depth);
void fnd_queue_fini(struct fnd_queue *q);
/* Queue bits (per_vcpu: FND_EVENT_PER_VCPU in flags). */
void fnd_queue_push(struct fnd_queue *q, uint16_t sender, uint64_t bits,
		    uint32_t flags, uint16_t vcpu, uint64_t timestamp_ns);
/* Take the oldest event; 0 if none. */
int fnd_queue_pop(struct fnd_queue *q, struct fnd_event *out);
/*
 * Move the bits of `ids` from q into `to` (pending notifications handed
 * to a new watcher), with what q lost so far; counted as delivered in
 * to's counters, if it has them.
 */
void fnd_queue_move(struct fnd_queue *q, uint64_t ids, struct fnd_queue *to);
/* Count `bits` lost before the next event taken (lost upstream). */
void fnd_queue_lost(struct fnd_queue *q, uint32_t bits);

#endif /* FND_QUEUE_H */
