// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * /dev/ffa-notif fuzzed and stormed, in a guest with
 * `insmod ffa_notif.ko backend=sim`:
 *
 *  - random: NPROC processes x NTHREAD threads issue random operations
 *    (open, close, dup, bind, unbind, SET, SIM_RING, read with odd sizes,
 *    poll, stats, info, unknown ioctls, write) with random, often invalid
 *    arguments, on files of their own and on one file their process
 *    shares.  Every result must be one the uAPI documents for that call
 *    (an EFAULT for a valid buffer, say, or an event with a dirty reserved
 *    word, fails the run); the parent kills a random child with SIGKILL
 *    now and then and starts another.  At least `ops` operations in all.
 *  - storm: senders SET the echo partition and SIM_RING it, as fast as
 *    they can, for IDs spread over receivers that read in batches.  The
 *    checker proves each ring was observed at least once after it
 *    happened: bits coalesce, so for every ID the last read that returned
 *    it must end after the last ring of it began, and nothing may be
 *    dropped.  (An ID may be read before the storm rang it: an earlier
 *    test's SET to the echo, pending there, echoed late; counted.)
 *
 * The kernel's own checkers (KASAN, lockdep on the arm64 debug kernel)
 * judge the rest: suite.sh scans the log.  Prints its figures.
 *
 * Usage: test-ops [OPS [STORM_RINGS]] (defaults 100000 and 20000).
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>

#include "guest.h"

#define NPROC 4
#define NTHREAD 3
#define NFD 3 /* files of each thread's own */
#define NRECV 8 /* storm receivers, 4 echo IDs each */
#define NSEND 4 /* storm senders */

static long g_ops = 100000;
static long g_rings = 20000;

/* ---- random operations ---------------------------------------------------- */

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	/* xorshift64*: reproducible from the seed printed on failure. */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

static uint32_t rnd_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(rnd(r) % n);
}

/*
 * Arguments: three times in four what the partitions take (an echo's
 * global IDs 0-31, echo-percpu's per-vCPU 32-47, any of the doorbell's),
 * so that binds, SETs and rings get through and events flow; else
 * anything, mostly invalid.
 */
struct args {
	uint32_t part;
	uint64_t ids;
	uint64_t flags;
	uint32_t vcpu;
};

static void rnd_args(struct rng *r, struct args *a)
{
	static const uint32_t odd[] = { 0x8004, 0x0001, 0x7fff, 0xffffffff };

	if (rnd_below(r, 4)) {
		a->part = ECHO + rnd_below(r, 3);
		a->vcpu = 0;
		a->flags = 0;
		if (a->part == ECHO) {
			a->ids = BIT(rnd_below(r, 32));
		} else if (a->part == ECHO_PERCPU) {
			a->ids = BIT(32 + rnd_below(r, 16));
			a->flags = FFA_NOTIF_FLAG_PER_VCPU;
			a->vcpu = rnd_below(r, ECHO_VCPUS);
		} else {
			a->ids = BIT(rnd_below(r, 64));
		}
		if (!rnd_below(r, 4))
			a->ids |= a->ids << 1;
		return;
	}
	a->part =
		rnd_below(r, 2) ? ECHO + rnd_below(r, 3) : odd[rnd_below(r, 4)];
	a->ids = rnd_below(r, 4) ? rnd(r) : 0;
	a->flags = rnd_below(r, 4) ? rnd_below(r, 2) : BIT(rnd_below(r, 64));
	a->vcpu = rnd_below(r, 8);
}

struct worker {
	struct rng rng;
	int shared; /* the process's shared file */
	int fd[NFD];
	long ops, fails;
	long n_ok, n_err, n_events;
	int proc;
};

static void bad(struct worker *w, const char *op, int ret)
{
	w->fails++;
	fprintf(stderr, "test-ops: p%d: %s: unexpected %d (%s)\n", w->proc, op,
		ret, ret < 0 ? strerror(-ret) : "-");
}

/* ret must be 0 or -e for an e in allowed (0-terminated). */
static void expect(struct worker *w, const char *op, int ret,
		   const int *allowed)
{
	int i;

	if (ret == 0) {
		w->n_ok++;
		return;
	}
	for (i = 0; allowed[i]; i++)
		if (ret == -allowed[i]) {
			w->n_err++;
			return;
		}
	bad(w, op, ret);
}

static const int bind_errs[] = { EINVAL, EBUSY, EACCES, EOPNOTSUPP, EBADF, 0 };
static const int set_errs[] = { EINVAL, EACCES, EOPNOTSUPP, EBUSY, EBADF, 0 };
static const int plain_errs[] = { EBADF, 0 };

static int pick_fd(struct worker *w)
{
	int i = (int)rnd_below(&w->rng, NFD + 1);

	return i == NFD ? w->shared : w->fd[i];
}

static void check_events(struct worker *w, const struct ffa_notif_event *ev,
			 int n)
{
	int i;

	for (i = 0; i < n; i++) {
		w->n_events++;
		if (!event_clean(&ev[i]) || !ev[i].notifications ||
		    ev[i].sender < ECHO || ev[i].sender > DOORBELL ||
		    ev[i].flags & ~FFA_NOTIF_EVENT_PER_VCPU || !ev[i].seqno)
			bad(w, "read: a malformed event", 0);
	}
}

static void one_op(struct worker *w)
{
	struct ffa_notif_event ev[8];
	struct ffa_notif_stats st;
	struct ffa_notif_info info;
	struct args a;
	struct pollfd p;
	uint32_t k = rnd_below(&w->rng, 100);
	int fd = pick_fd(w), ret, i;
	size_t len;
	ssize_t n;

	memset(ev, 0, sizeof(ev));

	if (k < 4) { /* reopen one of our own */
		i = (int)rnd_below(&w->rng, NFD);
		if (w->fd[i] >= 0)
			close(w->fd[i]);
		w->fd[i] =
			open(DEV_PATH,
			     O_RDWR | O_CLOEXEC |
				     (rnd_below(&w->rng, 2) ? O_NONBLOCK : 0));
		if (w->fd[i] < 0)
			bad(w, "open", -errno);
	} else if (k < 6) { /* a dup used and closed: the file outlives it */
		int d = dup(w->shared);

		if (d < 0) {
			bad(w, "dup", -errno);
			return;
		}
		expect(w, "bind(dup)",
		       do_bind(d, ECHO, BIT(rnd_below(&w->rng, 32)), 0),
		       bind_errs);
		close(d);
	} else if (k < 28) {
		rnd_args(&w->rng, &a);
		expect(w, "bind", do_bind(fd, a.part, a.ids, a.flags),
		       bind_errs);
	} else if (k < 44) {
		rnd_args(&w->rng, &a);
		expect(w, "unbind", do_unbind(fd, a.part, a.ids), bind_errs);
	} else if (k < 58) {
		rnd_args(&w->rng, &a);
		expect(w, "set",
		       do_set(fd, a.part, a.ids, (int)(a.flags & 1), a.vcpu),
		       set_errs);
	} else if (k < 70) {
		rnd_args(&w->rng, &a);
		expect(w, "sim_ring",
		       do_ring(fd, a.part, a.ids, (int)(a.flags & 1), a.vcpu),
		       set_errs);
	} else if (k < 86) { /* reads: odd sizes, never blocking */
		p.fd = fd;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, 0) < 0) {
			bad(w, "poll", -errno);
			return;
		}
		if (!(p.revents & POLLIN))
			return;
		len = rnd_below(&w->rng, 4) ? sizeof(ev)
					    : rnd_below(&w->rng, sizeof(ev));
		n = read(fd, ev, len);
		if (n < 0) {
			/* EAGAIN: another thread took it meanwhile. */
			if (errno == EAGAIN ||
			    (errno == EINVAL && len < sizeof(ev[0])))
				w->n_err++;
			else
				bad(w, "read", -errno);
			return;
		}
		if (n % EV_SIZE || (size_t)n > len)
			bad(w, "read: not whole records", (int)n);
		check_events(w, ev, (int)(n / EV_SIZE));
	} else if (k < 90) {
		ret = get_stats(fd, &st);
		expect(w, "get_stats", ret, plain_errs);
		if (!ret && (st.read > st.events))
			bad(w, "get_stats: more read than queued", 0);
	} else if (k < 93) {
		ret = get_info(fd, &info);
		expect(w, "get_info", ret, plain_errs);
		if (!ret && info.max_ids != 64)
			bad(w, "get_info: max_ids", (int)info.max_ids);
	} else if (k < 97) { /* an ioctl that is not the uAPI's */
		ret = xioctl(fd,
			     _IOC(rnd_below(&w->rng, 4), FFA_NOTIF_IOC_MAGIC,
				  rnd_below(&w->rng, 256),
				  rnd_below(&w->rng, 128)),
			     ev);
		/* The buffer is valid: never EFAULT. */
		if (ret != -ENOTTY && ret != -EBADF && ret != 0 &&
		    ret != -EINVAL && ret != -EBUSY && ret != -EACCES &&
		    ret != -EOPNOTSUPP && ret != -EPERM)
			bad(w, "random ioctl", ret);
		else if (ret)
			w->n_err++;
		else
			w->n_ok++;
	} else {
		n = write(fd, ev, sizeof(ev[0]));
		if (n >= 0 || (errno != EINVAL && errno != EBADF &&
			       errno != EPERM && errno != EOPNOTSUPP))
			bad(w, "write", n >= 0 ? (int)n : -errno);
		else
			w->n_err++;
	}
}

static long g_per_thread;

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = 0; i < NFD; i++)
		w->fd[i] = open(DEV_PATH, O_RDWR | O_CLOEXEC | O_NONBLOCK);
	for (w->ops = 0; w->ops < g_per_thread; w->ops++)
		one_op(w);
	for (i = 0; i < NFD; i++)
		if (w->fd[i] >= 0)
			close(w->fd[i]);
	return NULL;
}

/* Per child: its figures, sent to the parent through a pipe. */
struct figures {
	long ops, ok, err, events, fails;
};

static void child(int proc, uint64_t seed, int out)
{
	struct worker w[NTHREAD];
	pthread_t t[NTHREAD];
	struct figures f = { 0 };
	int shared, i;

	shared = open(DEV_PATH, O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (shared < 0)
		_exit(2);
	for (i = 0; i < NTHREAD; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].rng.s = seed * 7919 + (uint64_t)i + 1;
		w[i].shared = shared;
		w[i].proc = proc;
		pthread_create(&t[i], NULL, worker_main, &w[i]);
	}
	for (i = 0; i < NTHREAD; i++) {
		pthread_join(t[i], NULL);
		f.ops += w[i].ops;
		f.ok += w[i].n_ok;
		f.err += w[i].n_err;
		f.events += w[i].n_events;
		f.fails += w[i].fails;
	}
	close(shared);
	if (write(out, &f, sizeof(f)) != (ssize_t)sizeof(f))
		_exit(2);
	_exit(f.fails ? 1 : 0);
}

static int run_random(uint64_t seed)
{
	struct figures sum = { 0 }, f;
	pid_t pid[NPROC];
	int pipefd[2], i, st, spawned = 0, killed = 0, failed = 0;
	long target = g_ops, done = 0;
	ssize_t n;

	if (pipe2(pipefd, O_NONBLOCK))
		return -1;
	/* Rounds of NPROC children until `target` operations completed; in
	 * each round one child is killed partway (its operations not counted).
	 */
	g_per_thread = 2000;
	while (done < target) {
		for (i = 0; i < NPROC; i++) {
			pid[i] = fork();
			if (pid[i] == 0) {
				close(pipefd[0]);
				child(i,
				      seed + (uint64_t)spawned * NPROC +
					      (uint64_t)i,
				      pipefd[1]);
			}
		}
		spawned++;
		/* Kill one while it runs: whatever it held must go away. */
		sleep_ms(20 + (unsigned int)(seed % 50));
		kill(pid[spawned % NPROC], SIGKILL);
		killed++;
		for (i = 0; i < NPROC; i++) {
			if (waitpid(pid[i], &st, 0) < 0)
				return -1;
			if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
				continue;
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
				failed++;
		}
		/* What the children wrote (the killed one too, if it had
		 * finished): records of a pipe write are never split.
		 */
		while ((n = read(pipefd[0], &f, sizeof(f))) ==
		       (ssize_t)sizeof(f)) {
			sum.ops += f.ops;
			sum.ok += f.ok;
			sum.err += f.err;
			sum.events += f.events;
			done += f.ops;
		}
		if (n > 0)
			failed++;
	}
	close(pipefd[0]);
	close(pipefd[1]);
	printf("test-ops: random: %ld operations (%ld succeeded, %ld refused "
	       "as "
	       "documented), %ld events read, %d rounds, %d processes killed, "
	       "%d failed\n",
	       sum.ops, sum.ok, sum.err, sum.events, spawned, killed, failed);
	return failed ? -1 : 0;
}

/* ---- the storm ------------------------------------------------------------ */

static _Atomic uint64_t ring_start[32]; /* last ring's start, per echo ID */
static _Atomic uint64_t rings_of[32];
static _Atomic uint64_t read_end[32]; /* last read returning it: its end */
static _Atomic long g_rings_done, g_notifs, g_events, g_storm_fail, g_early;
static atomic_int g_senders_left;

struct recv {
	int fd;
	uint64_t ids;
};

static void atomic_max(_Atomic uint64_t *a, uint64_t v)
{
	uint64_t cur = atomic_load(a);

	while (cur < v && !atomic_compare_exchange_weak(a, &cur, v))
		;
}

static void storm_fail(const char *fmt, unsigned long long v)
{
	atomic_fetch_add(&g_storm_fail, 1);
	fprintf(stderr, "test-ops: storm: ");
	fprintf(stderr, fmt, v);
	fputc('\n', stderr);
}

/* Done when every ID's last read ended after its last ring began. */
static int all_seen(uint64_t ids)
{
	int i;

	for (i = 0; i < 32; i++)
		if ((ids & BIT(i)) && atomic_load(&rings_of[i]) &&
		    atomic_load(&read_end[i]) < atomic_load(&ring_start[i]))
			return 0;
	return 1;
}

static void *receiver_main(void *arg)
{
	struct recv *r = arg;
	struct ffa_notif_event ev[16];
	uint64_t deadline = 0, t;
	int n, i, b;

	for (;;) {
		n = read_events(r->fd, ev, 16, 200);
		t = now_ns();
		if (n < 0) {
			storm_fail("read: %llu", (unsigned long long)-n);
			return NULL;
		}
		for (i = 0; i < n; i++) {
			atomic_fetch_add(&g_events, 1);
			if (ev[i].sender != ECHO || ev[i].dropped ||
			    (ev[i].notifications & ~r->ids) ||
			    !event_clean(&ev[i]))
				storm_fail("a wrong event (bits %#llx)",
					   (unsigned long long)ev[i]
						   .notifications);
			for (b = 0; b < 32; b++) {
				if (!(ev[i].notifications & BIT(b)))
					continue;
				atomic_fetch_add(&g_notifs, 1);
				/*
				 * Not rung in the storm yet: a SET to the echo
				 * from an earlier test (pending in it until it
				 * ran) echoed now.  Late, not lost: counted.
				 */
				if (!atomic_load(&rings_of[b]))
					atomic_fetch_add(&g_early, 1);
				atomic_max(&read_end[b], t);
			}
		}
		if (atomic_load(&g_senders_left) == 0) {
			if (all_seen(r->ids))
				return NULL;
			if (!deadline)
				deadline = t + WAIT_MS * 1000000ULL;
			else if (t > deadline) {
				storm_fail("rings of IDs %#llx never observed",
					   (unsigned long long)r->ids);
				return NULL;
			}
		}
	}
}

static void *sender_main(void *arg)
{
	struct rng rng = { .s = (uint64_t)(uintptr_t)arg * 977 + 13 };
	int fd = open(DEV_PATH, O_RDWR | O_CLOEXEC), ret;
	uint32_t id;
	long i;

	for (i = 0; fd >= 0 && i < g_rings / NSEND; i++) {
		id = rnd_below(&rng, 32);
		/* Start first: a read after this may be the one that sees it. */
		atomic_max(&ring_start[id], now_ns());
		atomic_fetch_add(&rings_of[id], 1);
		/* SET to the echo (it sets back), or the partition rings. */
		if (rnd_below(&rng, 2))
			ret = do_set(fd, ECHO, BIT(id), 0, 0);
		else
			ret = do_ring(fd, ECHO, BIT(id), 0, 0);
		if (ret)
			storm_fail("ring failed: %llu",
				   (unsigned long long)-ret);
		atomic_fetch_add(&g_rings_done, 1);
	}
	if (fd < 0)
		storm_fail("open: %llu", (unsigned long long)errno);
	else
		close(fd);
	atomic_fetch_sub(&g_senders_left, 1);
	return NULL;
}

static int run_storm(void)
{
	struct recv r[NRECV];
	pthread_t rt[NRECV], st[NSEND];
	struct ffa_notif_stats s;
	long dropped = 0;
	uint64_t t0 = now_ns();
	int i, ret;

	for (i = 0; i < NRECV; i++) {
		r[i].fd = dev_open_flags(0);
		r[i].ids = 0xfULL << (4 * i);
		if (r[i].fd < 0)
			return -1;
		ret = do_bind(r[i].fd, ECHO, r[i].ids, 0);
		if (ret) {
			fprintf(stderr, "test-ops: storm: bind: %s\n",
				strerror(-ret));
			return -1;
		}
	}
	atomic_store(&g_senders_left, NSEND);
	for (i = 0; i < NRECV; i++)
		pthread_create(&rt[i], NULL, receiver_main, &r[i]);
	for (i = 0; i < NSEND; i++)
		pthread_create(&st[i], NULL, sender_main,
			       (void *)(uintptr_t)(i + 1));
	for (i = 0; i < NSEND; i++)
		pthread_join(st[i], NULL);
	for (i = 0; i < NRECV; i++)
		pthread_join(rt[i], NULL);
	for (i = 0; i < NRECV; i++) {
		if (get_stats(r[i].fd, &s) == 0)
			dropped += (long)s.dropped;
		close(r[i].fd);
	}
	if (dropped)
		storm_fail("%llu bits dropped", (unsigned long long)dropped);
	printf("test-ops: storm: %ld rings from %d senders to %d receivers in "
	       "%.1f s, %ld events, %ld notifications read (%ld left over "
	       "from earlier tests), dropped %ld, failures %ld\n",
	       atomic_load(&g_rings_done), NSEND, NRECV,
	       (double)(now_ns() - t0) / 1e9, atomic_load(&g_events),
	       atomic_load(&g_notifs), atomic_load(&g_early), dropped,
	       atomic_load(&g_storm_fail));
	return atomic_load(&g_storm_fail) ? -1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = now_ns();
	int rc = 0;

	if (argc > 1)
		g_ops = strtol(argv[1], NULL, 0);
	if (argc > 2)
		g_rings = strtol(argv[2], NULL, 0);
	if (getenv("FFA_OPS_SEED"))
		seed = strtoull(getenv("FFA_OPS_SEED"), NULL, 0);
	if (g_ops <= 0 || g_rings < NSEND) {
		fprintf(stderr, "usage: test-ops [OPS [STORM_RINGS]]\n");
		return 2;
	}
	printf("test-ops: seed %" PRIu64 " (FFA_OPS_SEED=%" PRIu64
	       " repeats it)\n",
	       seed, seed);
	setvbuf(stdout, NULL, _IONBF, 0);
	if (run_random(seed))
		rc = 1;
	if (run_storm())
		rc = 1;
	printf("test-ops: %s\n", rc ? "FAILED" : "ok");
	return rc;
}
