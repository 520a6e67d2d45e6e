// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * ffa-notifd under load, with an at-least-once checker.
 *
 * A daemon of its own (tests/daemon-harness.c, simulator backend) holds
 * IDs 0-7 of the echo partition from its configuration.  NWATCH watcher
 * sessions in this process watch them; NCHURN client processes watch
 * them too and are killed with SIGKILL and started again all along.
 * A sender rings the echo partition through the daemon as fast as it
 * answers; the echo comes back to the daemon, which fans it out.
 *
 * The check: bits coalesce, so a ring is observed at least once when,
 * for every watcher connected before it began, a read that returned its
 * ID ended after it began; for each ID it is enough that the last such
 * read ended after the last ring began.  And no event may report a drop.
 * It is checked once the sender pauses, then the daemon is restarted
 * (SIGTERM, exit status 0, started again on the same configuration): the
 * watchers' sessions either reconnect by themselves (libffanotif's
 * daemon backend: the watches made again, a gap event each, which is no
 * drop) or, read while no daemon answers, end (ENODEV) and are opened
 * again; the configured bindings are the daemon's again; a second round
 * of rings is checked the same way.  Prints its figures.
 *
 * Needs FFA_NOTIFD (meson passes it).  Usage: test-daemon-load [RINGS]
 * (per round, default 3000).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ffanotif.h>

#include "daemon-harness.h"

#define NWATCH 100
#define NCHURN 10
#define NIDS 8
#define ECHO 0x8001
#define WAIT_NS (20 * 1000000000ULL)

static struct ffanotif_session *watcher[NWATCH];
static _Atomic uint64_t read_end[NWATCH][NIDS];
static _Atomic uint64_t ring_start[NIDS];
static _Atomic int connected; /* watchers with a live session */
static _Atomic long g_events, g_notifs, g_dropped, g_reconnects, g_gaps;
static atomic_int g_stop;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static struct ffanotif_session *watch(void)
{
	struct ffanotif_session *s = ffanotif_session_open("daemon");

	if (s && ffanotif_session_bind(s, ECHO, (1ULL << NIDS) - 1, 0) < 0) {
		ffanotif_session_close(s);
		s = NULL;
	}
	return s;
}

/* Reads every watcher; one whose daemon went away watches again. */
static void *receiver(void *arg)
{
	struct ffanotif_event_buffer *buf = ffanotif_event_buffer_new(64);
	const struct ffanotif_event *e;
	struct pollfd pfd[NWATCH];
	uint64_t t, ids;
	int i, j, n, id;

	(void)arg;
	while (!atomic_load(&g_stop)) {
		for (i = 0; i < NWATCH; i++) {
			pfd[i].fd =
				watcher[i] ? ffanotif_session_get_fd(watcher[i])
					   : -1;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, NWATCH, 50) < 0 && errno != EINTR)
			break;
		for (i = 0; i < NWATCH; i++) {
			if (!watcher[i]) {
				watcher[i] = watch();
				if (watcher[i]) {
					atomic_fetch_add(&connected, 1);
					atomic_fetch_add(&g_reconnects, 1);
				}
				continue;
			}
			if (!pfd[i].revents)
				continue;
			n = ffanotif_session_read_events(watcher[i], buf, 0);
			t = now_ns();
			if (n < 0) {
				/* ENODEV: the daemon stopped; watch again. */
				ffanotif_session_close(watcher[i]);
				watcher[i] = NULL;
				atomic_fetch_sub(&connected, 1);
				continue;
			}
			for (j = 0; j < n; j++) {
				e = ffanotif_event_buffer_get_event(buf,
								    (size_t)j);
				atomic_fetch_add(&g_events, 1);
				/* A reconnection's gap event: its IDs may
				 * have been rung meanwhile, and count as
				 * observed (at least once); not a drop.
				 */
				if (ffanotif_event_get_dropped(e) ==
				    FFANOTIF_EVENT_DROPPED_GAP)
					atomic_fetch_add(&g_gaps, 1);
				else
					atomic_fetch_add(
						&g_dropped,
						ffanotif_event_get_dropped(e));
				ids = ffanotif_event_get_notifications(e);
				for (id = 0; id < NIDS; id++) {
					if (!(ids & (1ULL << id)))
						continue;
					atomic_fetch_add(&g_notifs, 1);
					atomic_store(&read_end[i][id], t);
				}
			}
		}
	}
	ffanotif_event_buffer_free(buf);
	return NULL;
}

/* A churning client: watches and reads until it is killed. */
static int churn_main(void)
{
	struct ffanotif_event_buffer *buf = ffanotif_event_buffer_new(64);
	struct ffanotif_session *s;

	for (;;) {
		s = watch();
		while (s && ffanotif_session_wait(s, -1) >= 0 &&
		       ffanotif_session_read_events(s, buf, 0) >= 0)
			;
		ffanotif_session_close(s);
		nap_ms(10);
	}
	return 0;
}

static pid_t spawn_churn(const char *self)
{
	pid_t pid = fork();

	if (pid == 0) {
		/* Only exec after fork in a threaded process. */
		execl(self, self, "--churn", (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Whether every watcher has seen every ID after its last ring began. */
static int all_observed(void)
{
	int i, id;

	for (i = 0; i < NWATCH; i++)
		for (id = 0; id < NIDS; id++)
			if (atomic_load(&ring_start[id]) &&
			    atomic_load(&read_end[i][id]) <
				    atomic_load(&ring_start[id]))
				return 0;
	return 1;
}

static int wait_until(int (*cond)(void), uint64_t timeout_ns)
{
	uint64_t end = now_ns() + timeout_ns;

	while (!cond()) {
		if (now_ns() > end)
			return -1;
		nap_ms(5);
	}
	return 0;
}

static int all_connected(void)
{
	return atomic_load(&connected) == NWATCH;
}

/* Ring `rings` times, killing and restarting churners meanwhile. */
static int ring_round(long rings, pid_t *churn, const char *self,
		      unsigned int *seed, long *kills)
{
	struct ffanotif_session *s = ffanotif_session_open("daemon");
	long i;
	int id, k;

	if (!s) {
		perror("test-daemon-load: sender session");
		return -1;
	}
	for (i = 0; i < rings; i++) {
		id = (int)(rand_r(seed) % NIDS);
		atomic_store(&ring_start[id], now_ns());
		if (ffanotif_session_send(s, ECHO, 1ULL << id, 0, 0) < 0) {
			perror("test-daemon-load: send");
			ffanotif_session_close(s);
			return -1;
		}
		if (i % 100 == 99) {
			k = (int)(rand_r(seed) % NCHURN);
			kill(churn[k], SIGKILL);
			waitpid(churn[k], NULL, 0);
			churn[k] = spawn_churn(self);
			(*kills)++;
		}
	}
	ffanotif_session_close(s);
	return 0;
}

int main(int argc, char **argv)
{
	struct rlimit rl = { 4096, 4096 };
	pid_t churn[NCHURN];
	struct dh h;
	pthread_t rt;
	unsigned int seed = (unsigned int)now_ns();
	long rings = 3000, kills = 0;
	char self[4096];
	ssize_t n;
	int i, rc = 1, status;

	if (argc > 1 && strcmp(argv[1], "--churn") == 0)
		return churn_main();
	if (argc > 1)
		rings = strtol(argv[1], NULL, 0);
	if (rings <= 0 || !getenv("FFA_NOTIFD")) {
		fprintf(stderr, "usage: FFA_NOTIFD=PATH test-daemon-load "
				"[RINGS]\n");
		return 2;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 2;
	self[n] = '\0';
	setrlimit(RLIMIT_NOFILE, &rl);
	signal(SIGPIPE, SIG_IGN);

	dh_init(&h);
	dh_write_conf(&h, "backend sim\n"
			  "client-queue 256\n"
			  "bind 0x8001 0-7\n"
			  "allow all user:0 * *\n");
	if (dh_start(&h)) {
		fprintf(stderr, "test-daemon-load: the daemon did not start\n");
		goto out;
	}
	/* Once, before any thread: every session goes to this daemon. */
	setenv("FFANOTIFD_SOCKET", h.sock, 1);
	for (i = 0; i < NCHURN; i++)
		churn[i] = spawn_churn(self);
	pthread_create(&rt, NULL, receiver, NULL);
	if (wait_until(all_connected, WAIT_NS)) {
		fprintf(stderr, "test-daemon-load: watchers did not connect\n");
		goto stop;
	}
	if (ring_round(rings, churn, self, &seed, &kills))
		goto stop;
	if (wait_until(all_observed, WAIT_NS)) {
		fprintf(stderr, "test-daemon-load: round 1: a ring was not "
				"observed by every watcher\n");
		goto stop;
	}
	/* The restart: watchers lose their sessions and come back. */
	status = dh_stop(&h);
	if (status != 0) {
		fprintf(stderr, "test-daemon-load: SIGTERM: exit %d\n", status);
		goto stop;
	}
	if (dh_start(&h)) {
		fprintf(stderr, "test-daemon-load: no restart\n");
		goto stop;
	}
	if (wait_until(all_connected, WAIT_NS)) {
		fprintf(stderr, "test-daemon-load: watchers did not come "
				"back after the restart\n");
		goto stop;
	}
	if (ring_round(rings, churn, self, &seed, &kills))
		goto stop;
	if (wait_until(all_observed, WAIT_NS)) {
		fprintf(stderr, "test-daemon-load: round 2: a ring was not "
				"observed by every watcher\n");
		goto stop;
	}
	rc = atomic_load(&g_dropped) ? 1 : 0;
stop:
	atomic_store(&g_stop, 1);
	pthread_join(rt, NULL);
	for (i = 0; i < NCHURN; i++) {
		kill(churn[i], SIGKILL);
		waitpid(churn[i], NULL, 0);
	}
	for (i = 0; i < NWATCH; i++)
		ffanotif_session_close(watcher[i]);
	printf("test-daemon-load: %d watchers + %d churning clients, %ld rings "
	       "in 2 rounds around a daemon restart, %ld clients killed, %ld "
	       "(re)connections, %ld events (%ld gap events of sessions "
	       "reconnected), %ld notifications, dropped %ld: %s\n",
	       NWATCH, NCHURN, 2 * rings, kills, atomic_load(&g_reconnects),
	       atomic_load(&g_events), atomic_load(&g_gaps),
	       atomic_load(&g_notifs), atomic_load(&g_dropped),
	       rc ? "FAILED" : "ok");
out:
	if (rc) {
		/* The directory goes with dh_fini: keep the log. */
		if (rename(h.log, "/tmp/test-daemon-load.log") == 0)
			fprintf(stderr, "test-daemon-load: the daemon's log is "
					"/tmp/test-daemon-load.log\n");
	}
	dh_fini(&h);
	return rc;
}
