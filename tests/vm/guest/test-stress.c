// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * /dev/ffa-notif under concurrency, in a guest with
 * `insmod ffa_notif.ko backend=sim`:
 *
 *  - concurrent: 4 processes x 4 threads, each thread with its own 4 IDs
 *    (two from the echo partition, one per vCPU from echo-percpu, one
 *    from the doorbell), all threads of a process on one open file with
 *    one reader thread.  Each thread rings one of its IDs (SET to an echo
 *    partition, or SIM_RING, global or per vCPU), waits until the reader
 *    has read it, and sometimes unbinds and rebinds an ID meanwhile; a
 *    churn thread opens and closes files and tries to take IDs held by
 *    others (EBUSY).  With one ring in flight per ID, each ring must come
 *    back exactly once, from the right sender on the right vCPU, in
 *    records numbered 1, 2, 3... with nothing dropped or coalesced:
 *    nothing lost, duplicated or misattributed, counted three ways.
 *  - kill -9: a process holding IDs (blocked in read(), or busy ringing
 *    and rebinding) is killed; its IDs must be free as soon as it is
 *    reaped, and a witness process's bindings untouched and working.
 *
 * Usage: test-stress [ROUNDS_PER_THREAD [KILLS]] (defaults 400 and 8):
 * keep them modest, the slowest guest is arm64 with KASAN under TCG.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>

#include "guest.h"

#define NPROC 4
#define NTHREAD 4

static int g_rounds = 400;
static int g_kills = 8;
static unsigned int g_vcpus;
static unsigned int g_echo_vcpus;

/* Children to kill if a test fails while they run. */
static pid_t g_kids[NPROC + 2];
static int g_nkids;

static void kid_add(pid_t pid)
{
	g_kids[g_nkids++] = pid;
}

static void kid_forget(pid_t pid)
{
	int i;

	for (i = 0; i < g_nkids; i++)
		if (g_kids[i] == pid)
			g_kids[i] = g_kids[--g_nkids];
}

static int teardown(void **state)
{
	(void)state;
	while (g_nkids) {
		pid_t pid = g_kids[--g_nkids];

		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return 0;
}

static int group_setup(void **state)
{
	struct ffa_notif_info info;
	int fd = dev_open_flags(0);

	(void)state;
	if (fd < 0) {
		fprintf(stderr, "test-stress: no %s: is ffa_notif.ko loaded?\n",
			DEV_PATH);
		return -1;
	}
	if (get_info(fd, &info)) {
		close(fd);
		return -1;
	}
	close(fd);
	g_vcpus = info.vcpu_count;
	g_echo_vcpus = g_vcpus < ECHO_VCPUS ? g_vcpus : ECHO_VCPUS;
	return g_vcpus ? 0 : -1;
}

/* ---- concurrent binders and senders --------------------------------------- */

/* What an ID's event must say: sender, per-vCPU, vCPU. */
static uint64_t pack(uint32_t sender, int per_vcpu, uint32_t vcpu)
{
	return (uint64_t)sender << 32 | (uint64_t)(per_vcpu != 0) << 16 | vcpu;
}

struct proc {
	int fd;
	int p; /* process index */
	atomic_int stop;
	atomic_int errors;
	atomic_int outstanding[64];
	atomic_int seen[64];
	atomic_uint_fast64_t expect[64];
	atomic_uint_fast64_t rings;
	atomic_uint_fast64_t bits_read;
	atomic_uint_fast64_t events_read;
	atomic_uint_fast64_t churn_opens;
	pthread_barrier_t bound;
	pthread_mutex_t lock; /* with `read`: a batch was read */
	pthread_cond_t read;
};

static void err(struct proc *pr, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void err(struct proc *pr, const char *fmt, ...)
{
	va_list ap;

	if (atomic_fetch_add(&pr->errors, 1) >= 20)
		return;
	fprintf(stderr, "stress proc %d: ", pr->p);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void *reader_main(void *arg)
{
	struct proc *pr = arg;
	struct ffa_notif_event ev[8];
	uint64_t last_seq = 0;
	int n, i, b;

	while (!atomic_load(&pr->stop)) {
		n = read_events(pr->fd, ev, 8, 100);
		if (n < 0) {
			err(pr, "read: %s", strerror(-n));
			return NULL;
		}
		for (i = 0; i < n; i++) {
			const struct ffa_notif_event *e = &ev[i];
			uint64_t got = pack(e->sender,
					    e->flags & FFA_NOTIF_EVENT_PER_VCPU,
					    e->vcpu);

			atomic_fetch_add(&pr->events_read, 1);
			if (e->seqno != last_seq + 1)
				err(pr, "seqno %llu after %llu",
				    (unsigned long long)e->seqno,
				    (unsigned long long)last_seq);
			last_seq = e->seqno;
			if (e->dropped)
				err(pr, "dropped %u", e->dropped);
			if (!event_clean(e) ||
			    (e->flags & ~FFA_NOTIF_EVENT_PER_VCPU))
				err(pr, "event with reserved bits set");
			if (!e->notifications)
				err(pr, "event without notifications");
			for (b = 0; b < 64; b++) {
				if (!(e->notifications & BIT(b)))
					continue;
				atomic_fetch_add(&pr->bits_read, 1);
				if (!atomic_load(&pr->outstanding[b])) {
					err(pr,
					    "ID %d arrived, never rung (or "
					    "twice)",
					    b);
				} else if (atomic_load(&pr->expect[b]) != got) {
					err(pr,
					    "ID %d from %#x vcpu %u flags %#x, "
					    "want %#llx",
					    b, e->sender, e->vcpu, e->flags,
					    (unsigned long long)atomic_load(
						    &pr->expect[b]));
				}
				atomic_store(&pr->outstanding[b], 0);
				atomic_fetch_add(&pr->seen[b], 1);
			}
		}
		if (n > 0) {
			pthread_mutex_lock(&pr->lock);
			pthread_cond_broadcast(&pr->read);
			pthread_mutex_unlock(&pr->lock);
		}
	}
	return NULL;
}

struct ringer {
	struct proc *pr;
	int g; /* global thread index: 0..NPROC*NTHREAD-1 */
};

enum op { OP_SET, OP_RING, OP_SET_VCPU, OP_RING_VCPU, OP_DOORBELL, OP_REBIND };

/* Ring `id` one way, and wait until the reader has read it. */
static void ring_and_wait(struct proc *pr, int id, int set, uint32_t partner,
			  int per_vcpu, uint32_t vcpu)
{
	struct timespec deadline;
	int before, ret;

	atomic_store(&pr->expect[id], pack(partner, per_vcpu, vcpu));
	before = atomic_load(&pr->seen[id]);
	atomic_store(&pr->outstanding[id], 1);
	ret = set ? do_set(pr->fd, partner, BIT(id), per_vcpu, vcpu)
		  : do_ring(pr->fd, partner, BIT(id), per_vcpu, vcpu);
	if (ret) {
		err(pr, "%s of ID %d: %s", set ? "SET" : "SIM_RING", id,
		    strerror(-ret));
		atomic_store(&pr->outstanding[id], 0);
		return;
	}
	atomic_fetch_add(&pr->rings, 1);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += WAIT_MS / 1000;
	pthread_mutex_lock(&pr->lock);
	while (atomic_load(&pr->seen[id]) == before) {
		if (pthread_cond_timedwait(&pr->read, &pr->lock, &deadline) ==
			    ETIMEDOUT &&
		    atomic_load(&pr->seen[id]) == before) {
			err(pr, "ID %d (%s %#x vcpu %u) never arrived", id,
			    set ? "SET" : "SIM_RING", partner, vcpu);
			break;
		}
	}
	pthread_mutex_unlock(&pr->lock);
}

static void *ringer_main(void *arg)
{
	struct ringer *rg = arg;
	struct proc *pr = rg->pr;
	int g = rg->g, a = 2 * g, b = 2 * g + 1, c = 32 + g, d = 48 + g;
	int d_vcpu = g & 1, r, ret;

	if ((ret = do_bind(pr->fd, ECHO, BIT(a), 0)) ||
	    (ret = do_bind(pr->fd, ECHO, BIT(b), 0)) ||
	    (ret = do_bind(pr->fd, ECHO_PERCPU, BIT(c),
			   FFA_NOTIF_FLAG_PER_VCPU)) ||
	    (ret = do_bind(pr->fd, DOORBELL, BIT(d),
			   d_vcpu ? FFA_NOTIF_FLAG_PER_VCPU : 0)))
		err(pr, "thread %d: BIND: %s", g, strerror(-ret));
	pthread_barrier_wait(&pr->bound);

	for (r = 0; r < g_rounds && atomic_load(&pr->errors) == 0; r++) {
		uint32_t v = (uint32_t)(r + g);

		switch ((enum op)(r % 6)) {
		case OP_SET:
			ring_and_wait(pr, a, 1, ECHO, 0, 0);
			break;
		case OP_RING:
			ring_and_wait(pr, b, 0, ECHO, 0, 0);
			break;
		case OP_SET_VCPU:
			ring_and_wait(pr, c, 1, ECHO_PERCPU, 1,
				      v % g_echo_vcpus);
			break;
		case OP_RING_VCPU:
			ring_and_wait(pr, c, 0, ECHO_PERCPU, 1, v % g_vcpus);
			break;
		case OP_DOORBELL:
			ring_and_wait(pr, d, 0, DOORBELL, d_vcpu,
				      d_vcpu ? v % g_vcpus : 0);
			break;
		case OP_REBIND:
			/* Unbound and bound again while the others run. */
			ret = do_unbind(pr->fd, ECHO, BIT(b));
			if (!ret)
				ret = do_bind(pr->fd, ECHO, BIT(b), 0);
			if (ret)
				err(pr, "thread %d: rebind of ID %d: %s", g, b,
				    strerror(-ret));
			ring_and_wait(pr, b, 1, ECHO, 0, 0);
			break;
		}
	}
	return NULL;
}

/* Opens and closes files, and tries to take IDs held (never EBUSY-free). */
static void *churn_main(void *arg)
{
	struct proc *pr = arg;
	struct ffa_notif_info info;
	struct ffa_notif_stats st;
	int i = 0, fd, ret, g;

	pthread_barrier_wait(&pr->bound);
	while (!atomic_load(&pr->stop)) {
		g = pr->p * NTHREAD + (i++ % NTHREAD);
		fd = open(DEV_PATH, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			err(pr, "churn: open: %s", strerror(errno));
			return NULL;
		}
		atomic_fetch_add(&pr->churn_opens, 1);
		if (get_info(fd, &info) || get_stats(pr->fd, &st))
			err(pr, "churn: GET_INFO/GET_STATS failed");
		/* IDs a and c of every thread stay bound throughout. */
		ret = do_bind(fd, DOORBELL, BIT(2 * g), 0);
		if (ret != -EBUSY)
			err(pr, "churn: BIND of held ID %d: %d", 2 * g, ret);
		ret = do_bind(fd, ECHO_PERCPU, BIT(32 + g) | BIT(63),
			      FFA_NOTIF_FLAG_PER_VCPU);
		if (ret != -EBUSY)
			err(pr, "churn: BIND of held ID %d: %d", 32 + g, ret);
		close(fd);
		sleep_ms(1);
	}
	return NULL;
}

/* One process of the concurrent test; returns its exit status. */
static int proc_main(int p)
{
	struct proc *pr = calloc(1, sizeof(*pr));
	struct ringer rg[NTHREAD];
	pthread_t rt, ct, t[NTHREAD];
	struct ffa_notif_stats st;
	uint64_t want_bound = 0;
	int i, g;

	if (!pr)
		return 1;
	pr->p = p;
	pr->fd = open(DEV_PATH, O_RDWR | O_CLOEXEC);
	if (pr->fd < 0) {
		fprintf(stderr, "stress proc %d: open: %s\n", p,
			strerror(errno));
		free(pr);
		return 1;
	}
	pthread_barrier_init(&pr->bound, NULL, NTHREAD + 1);
	pthread_mutex_init(&pr->lock, NULL);
	pthread_cond_init(&pr->read, NULL);
	pthread_create(&rt, NULL, reader_main, pr);
	pthread_create(&ct, NULL, churn_main, pr);
	for (i = 0; i < NTHREAD; i++) {
		g = p * NTHREAD + i;
		rg[i].pr = pr;
		rg[i].g = g;
		want_bound |=
			BIT(2 * g) | BIT(2 * g + 1) | BIT(32 + g) | BIT(48 + g);
		pthread_create(&t[i], NULL, ringer_main, &rg[i]);
	}
	for (i = 0; i < NTHREAD; i++)
		pthread_join(t[i], NULL);
	atomic_store(&pr->stop, 1);
	pthread_join(rt, NULL);
	pthread_join(ct, NULL);

	/* Counted three ways: rings, bits read, the file's stats. */
	if (get_stats(pr->fd, &st))
		err(pr, "GET_STATS: %s", strerror(errno));
	if (st.bound != want_bound)
		err(pr, "bound %#llx, want %#llx", (unsigned long long)st.bound,
		    (unsigned long long)want_bound);
	if (atomic_load(&pr->bits_read) != atomic_load(&pr->rings))
		err(pr, "%llu rings, %llu bits read",
		    (unsigned long long)atomic_load(&pr->rings),
		    (unsigned long long)atomic_load(&pr->bits_read));
	if (st.events != atomic_load(&pr->events_read) || st.read != st.events)
		err(pr, "stats: %llu events, %llu read; %llu read here",
		    (unsigned long long)st.events, (unsigned long long)st.read,
		    (unsigned long long)atomic_load(&pr->events_read));
	if (st.dropped || st.coalesced)
		err(pr, "stats: %llu dropped, %llu coalesced",
		    (unsigned long long)st.dropped,
		    (unsigned long long)st.coalesced);
	if (atomic_load(&pr->rings) != (uint64_t)g_rounds * NTHREAD)
		err(pr, "%llu rings made, want %d",
		    (unsigned long long)atomic_load(&pr->rings),
		    g_rounds * NTHREAD);
	printf("stress proc %d: %llu rings, %llu events, %llu bits, %llu "
	       "churn opens, %d errors\n",
	       p, (unsigned long long)atomic_load(&pr->rings),
	       (unsigned long long)atomic_load(&pr->events_read),
	       (unsigned long long)atomic_load(&pr->bits_read),
	       (unsigned long long)atomic_load(&pr->churn_opens),
	       atomic_load(&pr->errors));
	fflush(stdout);
	i = atomic_load(&pr->errors) ? 1 : 0;
	close(pr->fd);
	free(pr);
	return i;
}

/* Reap `pid` within `ms`; its wait status, or -1 after a timeout. */
static int reap_within(pid_t pid, int ms)
{
	uint64_t deadline = now_ns() + (uint64_t)ms * 1000000ULL;
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid) {
			kid_forget(pid);
			return status;
		}
		if (r < 0 || now_ns() > deadline)
			return -1;
		sleep_ms(10);
	}
}

static void test_concurrent(void **state)
{
	pid_t pids[NPROC];
	int i, status, failed = 0;

	(void)state;
	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < NPROC; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			_exit(proc_main(i));
		kid_add(pids[i]);
	}
	for (i = 0; i < NPROC; i++) {
		status = reap_within(pids[i], 300000);
		if (status == -1)
			fail_msg("stress process %d hangs", i);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			print_error("stress process %d: status %#x\n", i,
				    status);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
	/* Everything released: all 64 IDs free again. */
	i = dev_open_flags(0);
	assert_true(i >= 0);
	assert_int_equal(do_bind(i, DOORBELL, ~0ULL, 0), 0);
	close(i);
}

/* ---- kill -9 of a bound process -------------------------------------------- */

#define W_IDS (BIT(58) | BIT(59) | BIT(28))

/* The witness: binds W_IDS, then checks them on each 'C'. */
static int witness_check(int fd)
{
	struct ffa_notif_stats st;

	if (get_stats(fd, &st) || st.bound != W_IDS)
		return 10;
	if (do_ring(fd, DOORBELL, BIT(58), 0, 0) ||
	    wait_bits(fd, DOORBELL, BIT(58), 0, 0, NULL, 0, NULL))
		return 11;
	if (do_ring(fd, DOORBELL, BIT(59), 1, g_vcpus - 1) ||
	    wait_bits(fd, DOORBELL, BIT(59), 1, g_vcpus - 1, NULL, 0, NULL))
		return 12;
	if (do_set(fd, ECHO, BIT(28), 0, 0) ||
	    wait_bits(fd, ECHO, BIT(28), 0, 0, NULL, 0, NULL))
		return 13;
	return 0;
}

static int witness_main(int cmd, int reply)
{
	int fd = open(DEV_PATH, O_RDWR | O_CLOEXEC);
	char c, r;

	if (fd < 0 || do_bind(fd, DOORBELL, BIT(58), 0) ||
	    do_bind(fd, DOORBELL, BIT(59), FFA_NOTIF_FLAG_PER_VCPU) ||
	    do_bind(fd, ECHO, BIT(28), 0))
		return 1;
	r = 0;
	if (write(reply, &r, 1) != 1)
		return 2;
	while (read(cmd, &c, 1) == 1 && c == 'C') {
		r = (char)witness_check(fd);
		if (write(reply, &r, 1) != 1)
			return 3;
	}
	return 0;
}

#define X_GLOBAL_ECHO 0xfULL
#define X_PERCPU BIT(32)
#define X_DOORBELL BIT(50)
#define X_DOORBELL_VCPU BIT(51)

static int bind_x(int fd)
{
	int ret;

	if ((ret = do_bind(fd, ECHO, X_GLOBAL_ECHO, 0)) ||
	    (ret = do_bind(fd, ECHO_PERCPU, X_PERCPU,
			   FFA_NOTIF_FLAG_PER_VCPU)) ||
	    (ret = do_bind(fd, DOORBELL, X_DOORBELL, 0)) ||
	    (ret = do_bind(fd, DOORBELL, X_DOORBELL_VCPU,
			   FFA_NOTIF_FLAG_PER_VCPU)))
		return ret;
	return 0;
}

/* The victim: binds X, says so, then blocks in read() or keeps busy. */
static void victim_main(int ready, int busy)
{
	struct ffa_notif_event ev[4];
	int fd = open(DEV_PATH, O_RDWR | O_CLOEXEC), i = 0;

	if (fd < 0 || bind_x(fd))
		_exit(1);
	if (write(ready, "R", 1) != 1)
		_exit(2);
	if (!busy) {
		for (;;)
			if (read(fd, ev, sizeof(ev)) < 0 && errno != EINTR)
				_exit(3);
	}
	if (fcntl(fd, F_SETFL, O_NONBLOCK))
		_exit(4);
	for (;;) {
		uint32_t v = (uint32_t)i++;

		do_set(fd, ECHO, X_GLOBAL_ECHO, 0, 0);
		do_ring(fd, DOORBELL, X_DOORBELL, 0, 0);
		do_ring(fd, DOORBELL, X_DOORBELL_VCPU, 1, v % g_vcpus);
		do_set(fd, ECHO_PERCPU, X_PERCPU, 1, v % g_echo_vcpus);
		do_unbind(fd, ECHO, BIT(2));
		do_bind(fd, ECHO, BIT(2), 0);
		if (read(fd, ev, sizeof(ev)) < 0 && errno != EAGAIN)
			_exit(5);
	}
}

static void test_kill9(void **state)
{
	int cmd[2], reply[2], ready[2], k, fd, status;
	pid_t witness, victim;
	struct pollfd p;
	char c;

	(void)state;
	assert_int_equal(pipe(cmd), 0);
	assert_int_equal(pipe(reply), 0);
	witness = fork();
	assert_true(witness >= 0);
	if (witness == 0) {
		close(cmd[1]);
		close(reply[0]);
		_exit(witness_main(cmd[0], reply[1]));
	}
	kid_add(witness);
	close(cmd[0]);
	close(reply[1]);
	p.fd = reply[0];
	p.events = POLLIN;
	assert_int_equal(poll(&p, 1, WAIT_MS), 1);
	assert_int_equal(read(reply[0], &c, 1), 1);
	assert_int_equal(c, 0);

	for (k = 0; k < g_kills; k++) {
		int busy = k & 1;

		assert_int_equal(pipe(ready), 0);
		victim = fork();
		assert_true(victim >= 0);
		if (victim == 0) {
			close(ready[0]);
			victim_main(ready[1], busy);
		}
		kid_add(victim);
		close(ready[1]);
		p.fd = ready[0];
		assert_int_equal(poll(&p, 1, WAIT_MS), 1);
		assert_int_equal(read(ready[0], &c, 1), 1);
		close(ready[0]);
		if (busy)
			sleep_ms(5 + 13 * (unsigned int)k);
		assert_int_equal(kill(victim, SIGKILL), 0);
		status = reap_within(victim, WAIT_MS);
		assert_true(status != -1);
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

		/* Reaped: its file is released, every ID of it free. */
		fd = dev_open_flags(0);
		assert_true(fd >= 0);
		if (bind_x(fd)) {
			close(fd);
			fail_msg("kill %d (%s): the dead process's IDs are "
				 "still held",
				 k, busy ? "busy" : "in read()");
		}
		/* And they work for their new holder (a late echo of the
		 * victim's may come too: that is allowed).
		 */
		assert_int_equal(do_ring(fd, DOORBELL, X_DOORBELL, 0, 0), 0);
		assert_int_equal(wait_bits(fd, DOORBELL, X_DOORBELL, 0, 0, NULL,
					   0, NULL),
				 0);
		assert_int_equal(do_set(fd, ECHO, BIT(1), 0, 0), 0);
		assert_int_equal(
			wait_bits(fd, ECHO, BIT(1), 0, 0, NULL, 0, NULL), 0);
		close(fd);

		/* The witness's bindings are untouched and deliver. */
		assert_int_equal(write(cmd[1], "C", 1), 1);
		p.fd = reply[0];
		assert_int_equal(poll(&p, 1, 3 * WAIT_MS), 1);
		assert_int_equal(read(reply[0], &c, 1), 1);
		if (c)
			fail_msg("kill %d: witness check failed (%d)", k, c);
	}
	close(cmd[1]);
	status = reap_within(witness, WAIT_MS);
	assert_true(status != -1);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(reply[0]);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_concurrent, teardown),
		cmocka_unit_test_teardown(test_kill9, teardown),
	};

	if (argc > 1)
		g_rounds = atoi(argv[1]);
	if (argc > 2)
		g_kills = atoi(argv[2]);
	if (g_rounds < 1 || g_kills < 0) {
		fprintf(stderr, "usage: %s [ROUNDS_PER_THREAD [KILLS]]\n",
			argv[0]);
		return 2;
	}
	printf("test-stress: %d processes x %d threads x %d rounds, %d "
	       "kills\n",
	       NPROC, NTHREAD, g_rounds, g_kills);
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
