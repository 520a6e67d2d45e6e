// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The backend worker: the calls that may block, off the event loop.
 *
 * A backend call can take long: an ioctl that goes to the firmware, and
 * above all the module's generic netlink requests (the partition list),
 * which wait up to 5 s for an answer.  Made from the loop, such a call
 * stalled every client.  So every backend call but the non-blocking read
 * of events is an operation (struct fnd_op) that one thread, the worker,
 * makes, while the loop goes on serving.
 *
 * Operations run one at a time, in the order they were submitted:
 *
 *   start   on the loop, at the operation's turn (everything before it
 *           finished): decides from the daemon's state as it is then,
 *           and says whether a backend call is needed;
 *   call    on the worker: the backend calls, and nothing else -- it
 *           sees only the operation and the session, never the daemon;
 *   finish  on the loop, once the call returned: applies the result to
 *           the daemon's state, fans out what the call made arrive, and
 *           replies.
 *
 * So the daemon's state (the ID table, the clients, their queues) is the
 * loop's alone, and decisions are made in the same order, on the same
 * state, as when every call was made from the loop.
 *
 * The session (d->be) is not thread-safe; it has one owner at a time.
 * It is the loop's, except while an operation whose start set
 * op->uses_session is with the worker (d->be_lent): the loop then does
 * not touch it, and the backend's fd readiness is ignored (be_ev removed,
 * d->be_paused) until the call returns, when the loop takes the session
 * back and reads what came (nothing is lost: it waits in the backend's
 * queue, and what overflows there is counted by the backend and reported
 * to clients as dropped).  The handover goes through w->lock (and the
 * eventfd), which orders the two threads' uses.  A call that needs no
 * session (the device's partition list, a netlink request of its own)
 * leaves the session with the loop, and events flow during it.
 *
 * A call that cannot block (the simulator's SET and SIM_RING: its model,
 * in process) says so at start (op->on_loop) and is made on the loop, at
 * its turn like any other: the same order, the same state, without the
 * wake-up of the loop (the eventfd) and the futex traffic a handover
 * costs -- which were most of the system calls a notification rung
 * through the simulator cost.  The eventfd stays for the calls that may
 * block.
 *
 * A client waits for its own operation before its next request is read
 * (client.c), so its replies keep its requests' order.
 *
 * Before the worker is started (start-up, nobody served yet: the session
 * opened, its information read, the configured bindings made) and after
 * it is stopped (shutdown: the session's close releases what it holds),
 * the loop's thread is the only one: operations are made inline, or
 * dropped.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <event2/event.h>

#include "client.h"
#include "daemon.h"
#include "log.h"
#include "worker.h"

struct fnd_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* Under lock: handed to the worker, and handed back. */
	struct fnd_op *todo;
	struct fnd_op *done;
	int stop;
	/* The loop's alone. */
	int efd; /* the worker says "done" */
	struct event *ev;
	struct fnd_op *running; /* with the worker */
	struct fnd_op *head, **tail; /* waiting for their turn */
	int pumping;
};

/* The session the call may use: NULL unless it was lent. */
static struct ffanotif_session *session_for(struct fnd_daemon *d,
					    const struct fnd_op *op)
{
	return op->uses_session ? d->be : NULL;
}

static void op_free(struct fnd_op *op)
{
	if (op->c)
		fnd_client_put(op->c);
	free(op);
}

void fnd_op_init(struct fnd_op *op, const struct fnd_op_ops *ops,
		 struct fnd_client *c)
{
	op->next = NULL;
	op->ops = ops;
	op->c = c;
	op->uses_session = 0;
	if (c)
		fnd_client_get(c);
}

void *fnd_op_new(size_t size, const struct fnd_op_ops *ops,
		 struct fnd_client *c)
{
	struct fnd_op *op = calloc(1, size);

	if (!op) {
		log_err("out of memory");
		return NULL;
	}
	fnd_op_init(op, ops, c);
	return op;
}

void fnd_op_run_now(struct fnd_daemon *d, struct fnd_op *op)
{
	if (op->ops->start(d, op) && op->ops->call)
		op->ops->call(op, session_for(d, op));
	op->ops->finish(d, op);
}

static void *worker_main(void *arg)
{
	struct fnd_daemon *d = arg;
	struct fnd_worker *w = d->worker;
	struct fnd_op *op;
	uint64_t one = 1;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->todo && !w->stop)
			pthread_cond_wait(&w->cond, &w->lock);
		if (!w->todo)
			break;
		op = w->todo;
		w->todo = NULL;
		pthread_mutex_unlock(&w->lock);
		/* op and, if lent, the session: ours until done is set. */
		op->ops->call(op, session_for(d, op));
		pthread_mutex_lock(&w->lock);
		w->done = op;
		/* Cannot fail short of counter overflow (2^64 - 1 writes). */
		if (write(w->efd, &one, sizeof(one)) < 0)
			log_err("worker: cannot wake the loop: %s",
				strerror(errno));
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Start what waits, in order, until one is with the worker. */
static void pump(struct fnd_daemon *d)
{
	struct fnd_worker *w = d->worker;
	struct fnd_op *op;

	if (w->pumping)
		return;
	w->pumping = 1;
	while (!w->running && w->head) {
		op = w->head;
		w->head = op->next;
		if (!w->head)
			w->tail = &w->head;
		/* A request of a client gone meanwhile: nobody to serve. */
		if (op->c && op->c->dead) {
			op_free(op);
			continue;
		}
		if (!op->ops->start(d, op) || !op->ops->call) {
			op->ops->finish(d, op);
			op_free(op);
			continue;
		}
		if (op->on_loop) {
			/* Nothing is with the worker (its turn): the session
			 * is the loop's, and what finish submits waits
			 * behind it (w->pumping), as for the worker's.
			 */
			op->ops->call(op, session_for(d, op));
			op->ops->finish(d, op);
			op_free(op);
			continue;
		}
		w->running = op;
		d->be_lent = op->uses_session;
		pthread_mutex_lock(&w->lock);
		w->todo = op;
		pthread_cond_signal(&w->cond);
		pthread_mutex_unlock(&w->lock);
	}
	w->pumping = 0;
}

static void on_done(evutil_socket_t fd, short what, void *arg)
{
	struct fnd_daemon *d = arg;
	struct fnd_worker *w = d->worker;
	struct fnd_op *op;
	uint64_t n;

	(void)what;
	if (read(fd, &n, sizeof(n)) < 0)
		return; /* EAGAIN: nothing yet */
	pthread_mutex_lock(&w->lock);
	op = w->done;
	w->done = NULL;
	pthread_mutex_unlock(&w->lock);
	if (!op)
		return;
	/* The session is the loop's again: what came meanwhile is read
	 * now (finish drains), or when be_ev fires again.
	 */
	d->be_lent = 0;
	if (d->be_paused) {
		d->be_paused = 0;
		if (d->be_ev && event_add(d->be_ev, NULL) < 0)
			log_err("cannot watch the backend again");
	}
	/* Still running while it finishes: what finish submits waits, so
	 * that the next start sees all of this one's result, and the
	 * session stays here until finish has read what the call made.
	 */
	op->ops->finish(d, op);
	w->running = NULL;
	op_free(op);
	pump(d);
}

void fnd_op_submit(struct fnd_daemon *d, struct fnd_op *op)
{
	struct fnd_worker *w = d->worker;

	if (d->worker_stopped) {
		/* Shutting down: the session's close releases everything. */
		op_free(op);
		return;
	}
	if (!w) {
		fnd_op_run_now(d, op);
		op_free(op);
		return;
	}
	op->next = NULL;
	*w->tail = op;
	w->tail = &op->next;
	pump(d);
}

int fnd_worker_start(struct fnd_daemon *d)
{
	struct fnd_worker *w = calloc(1, sizeof(*w));
	sigset_t all, old;
	int ret;

	if (!w)
		return -ENOMEM;
	w->tail = &w->head;
	w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->efd < 0) {
		ret = -errno;
		free(w);
		return ret;
	}
	w->ev = event_new(d->base, w->efd, EV_READ | EV_PERSIST, on_done, d);
	if (!w->ev || event_add(w->ev, NULL) < 0) {
		if (w->ev)
			event_free(w->ev);
		close(w->efd);
		free(w);
		return -ENOMEM;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	d->worker = w;
	/* Signals are the loop's (evsignal): none for the worker. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&w->thread, NULL, worker_main, d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret) {
		d->worker = NULL;
		pthread_cond_destroy(&w->cond);
		pthread_mutex_destroy(&w->lock);
		event_free(w->ev);
		close(w->efd);
		free(w);
		return -ret;
	}
	return 0;
}

void fnd_worker_stop(struct fnd_daemon *d)
{
	struct fnd_worker *w = d->worker;
	struct fnd_op *op;

	d->worker_stopped = 1;
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	/* A call under way is waited for: it has the session. */
	pthread_join(w->thread, NULL);
	d->be_lent = 0;
	/* Unfinished work goes: its clients are going too. */
	if (w->running)
		op_free(w->running);
	while ((op = w->head)) {
		w->head = op->next;
		op_free(op);
	}
	event_free(w->ev);
	close(w->efd);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
	d->worker = NULL;
}
