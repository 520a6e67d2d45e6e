/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ffa-notifd: backend calls made off the loop by the worker thread,
 * one at a time, in order (worker.c).
 */
#ifndef FND_WORKER_H
#define FND_WORKER_H

#include <stddef.h>

struct ffanotif_session;
struct fnd_client;
struct fnd_daemon;

/*
 * A backend call off the loop: see worker.c for the rules.  Each kind
 * embeds struct fnd_op first and is allocated by its submitter.
 */
struct fnd_op;

struct fnd_op_ops {
	/*
	 * On the loop, at the operation's turn: 1 if the worker must call
	 * (op->uses_session set if the call uses the session), 0 if there
	 * is nothing to call (finish follows at once).
	 */
	int (*start)(struct fnd_daemon *d, struct fnd_op *op);
	/*
	 * On the worker: the backend calls only.  `be` is the session, or
	 * NULL if start did not ask for it.  Nothing of the daemon may be
	 * touched here.  NULL: start never asks for a call.
	 */
	void (*call)(struct fnd_op *op, struct ffanotif_session *be);
	/* On the loop: the result applied, the reply queued. */
	void (*finish)(struct fnd_daemon *d, struct fnd_op *op);
};

struct fnd_op {
	struct fnd_op *next;
	const struct fnd_op_ops *ops;
	struct fnd_client *c; /* whose request (a reference), or NULL */
	int uses_session;
	/*
	 * Set by start: the call cannot block (the simulator's model, run
	 * in process), so it is made on the loop at its turn, without the
	 * worker and the wake-up it would take to hand the result back.
	 */
	int on_loop;
};

/*
 * Set up op, the rest of it zeroed by the caller, for `c` (may be NULL),
 * taking a reference to it.
 */
void fnd_op_init(struct fnd_op *op, const struct fnd_op_ops *ops,
		 struct fnd_client *c);
/* A zeroed operation of `size` bytes, set up: NULL (logged) if no memory. */
void *fnd_op_new(size_t size, const struct fnd_op_ops *ops,
		 struct fnd_client *c);
/*
 * Queue op after the others; it is freed once finished.  Before the
 * worker is started it runs inline; after it is stopped it is dropped.
 */
void fnd_op_submit(struct fnd_daemon *d, struct fnd_op *op);
/* start, call and finish here and now (op is not freed). */
void fnd_op_run_now(struct fnd_daemon *d, struct fnd_op *op);
/* The worker thread: 0 or -errno. */
int fnd_worker_start(struct fnd_daemon *d);
/* Wait for a call under way, drop what waits; submit drops from then. */
void fnd_worker_stop(struct fnd_daemon *d);

#endif /* FND_WORKER_H */
