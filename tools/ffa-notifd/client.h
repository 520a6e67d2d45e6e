/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ffa-notifd: one libffanotif session of a process: its control and
 * event connections, the IDs it watches, its queue (client.c).
 */
#ifndef FND_CLIENT_H
#define FND_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "fnd_proto.h"
#include "policy.h"
#include "queue.h"

struct bufferevent;
struct event;
struct fnd_daemon;

struct fnd_client {
	struct fnd_daemon *d;
	struct fnd_client *next;
	uint64_t session;
	uint64_t token;
	struct fnd_cred cred;
	struct bufferevent *ctl; /* the control connection */
	int ctl_fd;
	int closing; /* the control connection ends once its output is out */
	int throttled; /* not reading requests until replies drain */
	int busy; /* a request with the worker: the next one waits */
	int reading; /* in ctl_read: its requests are being taken */
	unsigned int refs; /* operations that name it (worker.c) */
	int free_pending; /* gone, freed when the last operation is */
	int evt_fd; /* -1 until the event connection's HELLO */
	struct event *evt_rev; /* the event connection hangs up */
	struct event *evt_wev; /* the event connection takes more */
	uint8_t out[FND_EVENT_MSG_SIZE]; /* an event partly sent */
	size_t out_off;
	size_t out_len;
	uint64_t watched; /* IDs it receives */
	struct fnd_queue q;
	int dead; /* being torn down: no more I/O */
};

/* Queue an event for a client and send what its socket takes. */
void fnd_client_push(struct fnd_client *c, uint16_t sender, uint64_t bits,
		     uint32_t flags, uint16_t vcpu, uint64_t timestamp_ns);
/* Send queued events until the socket is full or the queue empty. */
void fnd_client_flush(struct fnd_client *c);
/* Take over a control connection after its HELLO. */
void fnd_client_adopt_control(struct fnd_client *c, struct bufferevent *bev,
			      int fd);
/* Attach the event connection `fd` (HELLO done): 0 or -errno. */
int fnd_client_attach_events(struct fnd_client *c, int fd);
/*
 * Serve one request of the control connection: the reply is queued, or,
 * for a request that needs the backend, will be once the worker made the
 * call (c->busy until then).
 */
void fnd_client_request(struct fnd_client *c, const struct fnd_hdr *h,
			const uint8_t *payload, size_t len);
/*
 * The reply to a request made through the worker (c->busy): queued, and
 * the requests that wait behind it are read.
 */
void fnd_client_request_done(struct fnd_client *c, const struct fnd_hdr *h,
			     int ret, const void *payload, size_t len);
/* References held by operations: the struct outlives its destroy. */
void fnd_client_get(struct fnd_client *c);
void fnd_client_put(struct fnd_client *c);
/*
 * The client goes: its watches are dropped and its connections closed at
 * once; the struct itself is freed from the loop later, so that callers
 * up the stack may still look at c->dead.
 */
void fnd_client_destroy(struct fnd_client *c);

#endif /* FND_CLIENT_H */
