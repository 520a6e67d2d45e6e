// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * bench-daemon: ffa-notifd on its embedded simulator, through libffanotif's
 * "daemon" backend (two unix stream connections a session).
 *
 *  - latency: a client makes the simulated doorbell ring (SIM_RING request
 *    on its control connection; the daemon's backend delivers, the daemon
 *    writes the event to the watching client's event connection), the
 *    watcher's epoll_wait() wakes and it reads the event; p50 and p99 of
 *    that hop beside a unix-socket ping-pong between two threads carrying
 *    an event's size (56 bytes) a hop;
 *  - fan-out: 1, 10, 100, 1,000 and 10,000 (not with --quick) clients
 *    watch the same ID; from the SIM_RING to the last client's event read
 *    (one thread reads them all, after one epoll_wait() per batch of
 *    ready fds);
 *  - memory: the daemon's VmRSS before the clients, with each number of
 *    them connected and watching (idle: no event yet), and once they
 *    received events; the daemon's CPU time while 10,000 clients idle.
 *
 * Starts its own daemon (FFA_NOTIFD, else the one of this build) with a
 * configuration in a temporary directory, and stops it at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-session.h"

#ifndef FFA_NOTIFD_PATH
#define FFA_NOTIFD_PATH "ffa-notifd"
#endif

#define EVENT_MSG_SIZE 56 /* FND_EVENT_MSG_SIZE: header + event */
#define FANOUT_ID 5
#define MAX_CLIENTS 10000

static char g_dir[64];
static char g_sock[96];
static pid_t g_pid = -1;
static int g_client_queue; /* 0: the daemon's default */

static void stop_daemon(void)
{
	char path[160];
	int status;

	if (g_pid > 0) {
		kill(g_pid, SIGTERM);
		waitpid(g_pid, &status, 0);
		g_pid = -1;
	}
	if (g_dir[0]) {
		snprintf(path, sizeof(path), "%s/ffa-notifd.conf", g_dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/log", g_dir);
		unlink(path);
		unlink(g_sock);
		rmdir(g_dir);
		g_dir[0] = '\0';
	}
}

static int can_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), ok;

	if (fd < 0)
		return 0;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

static void start_daemon(void)
{
	const char *bin =
		getenv("FFA_NOTIFD") ? getenv("FFA_NOTIFD") : FFA_NOTIFD_PATH;
	char conf[128], log[128], cmd[160];
	uint64_t t0;
	FILE *f;
	int fd;

	snprintf(g_dir, sizeof(g_dir), "/tmp/ffa-bench.XXXXXX");
	if (!mkdtemp(g_dir))
		bench_die("mkdtemp", errno);
	snprintf(g_sock, sizeof(g_sock), "%s/sock", g_dir);
	snprintf(conf, sizeof(conf), "%s/ffa-notifd.conf", g_dir);
	snprintf(log, sizeof(log), "%s/log", g_dir);
	f = fopen(conf, "w");
	if (!f)
		bench_die(conf, errno);
	fprintf(f,
		"backend sim\nsocket %s\nsocket-mode 0600\n"
		"allow all user:%u * *\nmax-clients %d\n"
		"max-clients-per-uid %d\n",
		g_sock, (unsigned int)getuid(), MAX_CLIENTS + 16,
		MAX_CLIENTS + 16);
	if (g_client_queue)
		fprintf(f, "client-queue %d\n", g_client_queue);
	if (fclose(f))
		bench_die(conf, errno);
	g_pid = fork();
	if (g_pid < 0)
		bench_die("fork", errno);
	if (g_pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(98);
		execl(bin, bin, "--config", conf, (char *)NULL);
		_exit(97);
	}
	atexit(stop_daemon);
	t0 = bench_now_ns();
	while (!can_connect(g_sock)) {
		int status;

		if (waitpid(g_pid, &status, WNOHANG) == g_pid) {
			g_pid = -1;
			fprintf(stderr,
				"bench-daemon: %s exited (status %d); its "
				"log:\n",
				bin,
				WIFEXITED(status) ? WEXITSTATUS(status) : -1);
			snprintf(cmd, sizeof(cmd), "cat %s >&2", log);
			if (system(cmd) != 0)
				fprintf(stderr, "(no log)\n");
			exit(1);
		}
		if (bench_now_ns() - t0 > BENCH_WAIT_MS * 1000000ULL)
			bench_die("ffa-notifd did not start", ETIMEDOUT);
		usleep(10000);
	}
	setenv("FFANOTIFD_SOCKET", g_sock, 1);
}

/* The daemon's VmRSS in KiB. */
static double daemon_rss_kib(void)
{
	char path[64], line[256];
	double kib = NAN;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)g_pid);
	f = fopen(path, "re");
	if (!f)
		bench_die(path, errno);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %lf kB", &kib) == 1)
			break;
	fclose(f);
	if (isnan(kib))
		bench_die("VmRSS", ENOENT);
	return kib;
}

struct clients {
	struct ffanotif_session *s[MAX_CLIENTS];
	unsigned int round[MAX_CLIENTS]; /* last round it read an event */
	size_t n;
	int ep;
	struct ffanotif_event_buffer *buf;
};

/* The daemon's user + system CPU time, in seconds. */
static double daemon_cpu_s(void)
{
	char path[64], buf[1024], *p;
	unsigned long long ut = 0, st = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)g_pid);
	f = fopen(path, "re");
	if (!f)
		bench_die(path, errno);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* After "(comm) ": state, then fields 4..; utime 14, stime 15. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2,
			 "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu "
			 "%llu",
			 &ut, &st) != 2)
		bench_die("stat", EPROTO);
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/*
 * Idle clients in child processes (one process here holds only so many
 * sessions: RLIMIT_NOFILE): forked early, while this process holds few
 * descriptors, they wait for a line on `go`; then each opens its share of
 * sessions, watches ID FANOUT_ID + 1 (never rung), says so on `ready`
 * and stays until `go` is closed.
 */
struct idlers {
	pid_t pid[16];
	size_t n, per; /* children, sessions each */
	int go, ready;
};

static void idle_child(int go, int ready, size_t per)
{
	struct ffanotif_session *s;
	char c = 0;
	size_t i, want;

	if (read(go, &want, sizeof(want)) != sizeof(want))
		_exit(0);
	for (i = 0; i < want && i < per; i++) {
		s = ffanotif_session_open("daemon");
		if (!s ||
		    ffanotif_session_watch(s, BENCH_DOORBELL,
					   1ULL << (FANOUT_ID + 1), 0) < 0)
			_exit(1);
	}
	if (write(ready, &c, 1) != 1)
		_exit(1);
	while (read(go, &c, 1) > 0)
		;
	_exit(0);
}

static void idlers_fork(struct idlers *id, size_t per, size_t n)
{
	int go[2], ready[2];
	size_t k;

	memset(id, 0, sizeof(*id));
	if (pipe(go) < 0 || pipe(ready) < 0)
		bench_die("pipe", errno);
	id->per = per;
	fflush(NULL);
	for (k = 0; k < n && k < 16; k++) {
		id->pid[k] = fork();
		if (id->pid[k] < 0)
			bench_die("fork", errno);
		if (id->pid[k] == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(go[1]);
			close(ready[0]);
			idle_child(go[0], ready[1], per);
		}
		id->n++;
	}
	close(go[0]);
	close(ready[1]);
	id->go = go[1];
	id->ready = ready[0];
}

/* Each child opens up to `per` sessions, `total` in all: once all are. */
static void idlers_connect(struct idlers *id, size_t total)
{
	size_t k, want;
	char c;

	for (k = 0; k < id->n; k++) {
		want = total > id->per ? id->per : total;
		total -= want;
		if (write(id->go, &want, sizeof(want)) != sizeof(want))
			bench_die("idle clients", errno);
	}
	for (k = 0; k < id->n; k++)
		if (read(id->ready, &c, 1) != 1)
			bench_die("idle clients (a child failed)", EPIPE);
}

static void idlers_stop(struct idlers *id)
{
	size_t k;

	close(id->go);
	close(id->ready);
	for (k = 0; k < id->n; k++)
		waitpid(id->pid[k], NULL, 0);
	id->n = 0;
}

static size_t open_fds(void)
{
	char path[64];
	size_t n = 0;
	int fd;

	for (fd = 0; fd < 4096; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n += access(path, F_OK) == 0;
	}
	return n;
}

/* The descriptors one daemon session holds here. */
static size_t session_fds(void)
{
	size_t before = open_fds(), after;
	struct ffanotif_session *s = ffanotif_session_open("daemon");

	if (!s)
		bench_die("daemon session", errno);
	after = open_fds();
	ffanotif_session_close(s);
	return after > before ? after - before : 1;
}

static void add_clients(struct clients *c, size_t n)
{
	struct epoll_event e = { .events = EPOLLIN };

	for (; c->n < n; c->n++) {
		c->s[c->n] = ffanotif_session_open("daemon");
		if (!c->s[c->n])
			bench_die("daemon session", errno);
		if (ffanotif_session_watch(c->s[c->n], BENCH_DOORBELL,
					   1ULL << FANOUT_ID, 0) < 0)
			bench_die("watch", errno);
		e.data.u32 = (uint32_t)c->n;
		if (epoll_ctl(c->ep, EPOLL_CTL_ADD,
			      ffanotif_session_get_fd(c->s[c->n]), &e) < 0)
			bench_die("epoll_ctl", errno);
	}
}

/* One ring; nanoseconds until every client has read its event. */
static uint64_t fanout_once(struct clients *c, struct ffanotif_session *ringer,
			    unsigned int round)
{
	struct epoll_event ev[256];
	size_t got = 0;
	uint64_t t0 = bench_now_ns();
	int i, n, r;

	if (ffanotif_session_sim_ring(ringer, BENCH_DOORBELL, 1ULL << FANOUT_ID,
				      0, 0) < 0)
		bench_die("sim_ring", errno);
	while (got < c->n) {
		n = epoll_wait(c->ep, ev, 256, BENCH_WAIT_MS);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			bench_die("epoll_wait", errno);
		if (n == 0)
			bench_die("fan-out", ETIMEDOUT);
		for (i = 0; i < n; i++) {
			uint32_t k = ev[i].data.u32;

			r = ffanotif_session_read_events(c->s[k], c->buf, 0);
			if (r < 0)
				bench_die("read", errno);
			if (r > 0 && c->round[k] != round) {
				c->round[k] = round;
				got++;
			}
		}
	}
	return bench_now_ns() - t0;
}

int main(int argc, char **argv)
{
	size_t levels[] = { 1, 10, 100, 1000, MAX_CLIENTS };
	static struct clients c;
	struct bench_opts o;
	struct bench_report r;
	struct bench_fdpair ux, relay;
	struct bench_samples parts[2], relay_out;
	struct bench_path paths[3];
	struct bench_sess_pp pp;
	struct bench_samples fo;
	struct ffanotif_session *ringer;
	struct bench_row *row;
	double rss0, rss = 0, first = NAN, p50;
	size_t max_clients = MAX_CLIENTS;
	struct rlimit rl;
	unsigned int round = 0;
	size_t l, t, trials, fds, daemon_max, per_child;
	struct idlers idle = { .n = 0 };
	int i, ret;

	for (i = bench_parse(&o, argc, argv,
			     " [--client-queue=N]\n"
			     "  --client-queue=N  the daemon's client-queue "
			     "setting (default: its own, 64)");
	     i < argc; i++) {
		if (strncmp(argv[i], "--client-queue=", 15) != 0 ||
		    atoi(argv[i] + 15) < 1) {
			fprintf(stderr, "%s: bad argument %s (see --help)\n",
				o.program, argv[i]);
			return 2;
		}
		g_client_queue = atoi(argv[i] + 15);
	}
	/* Two connections a client, here and in the daemon (it inherits). */
	ret = bench_raise_nofile(2 * MAX_CLIENTS + 256);
	if (ret) {
		fprintf(stderr,
			"%s: cannot raise RLIMIT_NOFILE to %d (%s): fewer "
			"clients\n",
			o.program, 2 * MAX_CLIENTS + 256, strerror(-ret));
		/* As many as the hard limit allows, in thousands. */
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 256)
			max_clients = (rl.rlim_cur - 256) / 2;
		else
			max_clients = 0;
	}
	start_daemon();
	bench_report_init(&r, &o, "ffa-notifd (backend sim), daemon clients");
	/*
	 * The daemon holds 2 descriptors a client: with its RLIMIT_NOFILE
	 * (this process's), up to daemon_max clients in all, the ones of
	 * the fan-out here and idle ones in children.
	 */
	fds = session_fds();
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		bench_die("getrlimit", errno);
	daemon_max = rl.rlim_cur > 1064 ? (rl.rlim_cur - 64) / 2 : 0;
	if (daemon_max > MAX_CLIENTS)
		daemon_max = MAX_CLIENTS;
	daemon_max = daemon_max / 1000 * 1000;
	per_child = rl.rlim_cur > 64 + fds ? (rl.rlim_cur - 64) / fds : 1;
	if (!o.quick && daemon_max)
		idlers_fork(&idle, per_child,
			    (daemon_max + per_child - 1) / per_child);

	ret = bench_fdpair_unix(&ux, EVENT_MSG_SIZE);
	if (ret)
		bench_die("socketpair", -ret);
	ret = bench_sess_pp_open(&pp, "daemon", 1, 2);
	if (ret)
		bench_die("daemon sessions", -ret);
	/*
	 * Interleaved, three paths: the baseline; the daemon's shape without
	 * its work (a process relaying between two sockets: two hops); and
	 * the daemon from a client's SIM_RING (two hops: to the daemon and
	 * from it).  Then the part of the last from the notification's
	 * arrival in the daemon (the event's timestamp, set by the daemon's
	 * hub) to the client's read: one hop, the notification -> client
	 * wake, which the target is about.
	 */
	ret = bench_fdpair_relay(&relay, EVENT_MSG_SIZE);
	if (ret)
		bench_die("relay", -ret);
	paths[0] = (struct bench_path){ .name = "unix-socket ping-pong",
					.ops = &bench_fdpair_ops,
					.ctx = &ux };
	paths[1] = (struct bench_path){ .name = "  relay process (2 hops)",
					.ops = &bench_fdpair_ops,
					.ctx = &relay };
	paths[2] = (struct bench_path){ .name = "daemon client ring->read",
					.ops = &bench_sess_pp_ops,
					.ctx = &pp };
	ret = bench_latency_paths(paths, 3, o.quick ? 1000 : 20000);
	if (ret)
		bench_die("latency", -ret);
	bench_samples_init(&parts[0]);
	bench_samples_init(&parts[1]);
	bench_samples_init(&relay_out);
	bench_sess_pp_parts(&pp, &parts[0], &parts[1]);
	for (i = 0; i < 2; i++)
		for (l = 0; l < relay.out[i].n; l++)
			bench_samples_add(&relay_out, relay.out[i].v[l]);
	/*
	 * One hop against one hop: the notification's, from its arrival in
	 * the daemon's hub (the event's timestamp) to the watching client's
	 * read, beside the relay's, from a message's arrival in the relay
	 * (stamped there) to the reader's read.  Both over every round run
	 * (warm-up and rejected rounds too).
	 */
	row = bench_row(
		&r, "daemon notification->client p50", "us",
		bench_percentile(&parts[1], 50) / 1e3, "relay one hop out p50",
		bench_percentile(&relay_out, 50) / 1e3, BENCH_RATIO_MAX, 1.3);
	snprintf(row->note, sizeof(row->note),
		 "arrival in the daemon's hub (event timestamp) -> read by "
		 "the client; the relay's: arrival in the relay -> read");
	bench_row(&r, "daemon notification->client p99", "us",
		  bench_percentile(&parts[1], 99) / 1e3,
		  "relay one hop out p99",
		  bench_percentile(&relay_out, 99) / 1e3, BENCH_INFO, 0);
	bench_row(&r, "  notification->client p50 / socket", "us",
		  bench_percentile(&parts[1], 50) / 1e3,
		  "unix-socket ping-pong p50",
		  bench_percentile(&paths[0].hops, 50) / 1e3, BENCH_INFO, 0);
	bench_samples_free(&relay_out);
	bench_latency_rows(&r, &paths[2], &paths[0], NAN, NAN);
	bench_part_row(&r, "  part: client ring->arrival p50", &parts[0],
		       "SIM_RING request to the daemon, its simulator");
	bench_latency_rows(&r, &paths[1], &paths[0], NAN, NAN);
	for (i = 0; i < 3; i++)
		bench_samples_free(&paths[i].hops);
	bench_samples_free(&parts[0]);
	bench_samples_free(&parts[1]);
	bench_sess_pp_close(&pp);
	bench_fdpair_close(&relay);
	bench_fdpair_close(&ux);

	ringer = ffanotif_session_open("daemon");
	c.buf = ffanotif_event_buffer_new(64);
	c.ep = epoll_create1(EPOLL_CLOEXEC);
	if (!ringer || !c.buf || c.ep < 0)
		bench_die("fan-out setup", errno);
	rss0 = daemon_rss_kib();
	trials = o.quick ? 5 : 50;
	rss = rss0;
	/*
	 * A session here holds session_fds() descriptors (its two
	 * connections, an epoll and an eventfd): the most clients
	 * RLIMIT_NOFILE allows, in thousands.
	 */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 256 &&
	    (rl.rlim_cur - 256) / fds < max_clients)
		max_clients = (rl.rlim_cur - 256) / fds;
	if (max_clients < MAX_CLIENTS && max_clients > 1000)
		levels[4] = max_clients / 1000 * 1000;
	for (l = 0; l < sizeof(levels) / sizeof(levels[0]) &&
		    levels[l] <= max_clients && (!o.quick || levels[l] <= 1000);
	     l++) {
		size_t before = c.n;
		double rss_prev = rss, rss_idle;
		char m[64];

		add_clients(&c, levels[l]);
		rss_idle = daemon_rss_kib();
		if (levels[l] >= 100) {
			/* The clients just added, before any event. */
			snprintf(m, sizeof(m), "daemon KiB/idle client (%zu)",
				 levels[l]);
			row = bench_row(&r, m, "KiB",
					(rss_idle - rss_prev) /
						(double)(levels[l] - before),
					NULL, 0, BENCH_MAX, 2);
			snprintf(row->note, sizeof(row->note),
				 "VmRSS +%.0f KiB for %zu clients connected "
				 "and watching, no event yet; client-queue %d",
				 rss_idle - rss_prev, levels[l] - before,
				 g_client_queue ? g_client_queue : 64);
		}
		bench_samples_init(&fo);
		fanout_once(&c, ringer, ++round); /* warm-up */
		for (t = 0; t < trials; t++)
			bench_samples_add(&fo,
					  fanout_once(&c, ringer, ++round));
		p50 = bench_percentile(&fo, 50) / 1e3;
		snprintf(m, sizeof(m), "fan-out %zu clients p50", levels[l]);
		row = bench_row(&r, m, "us", p50, l ? "fan-out 1 client" : NULL,
				first, BENCH_INFO, 0);
		snprintf(row->note, sizeof(row->note),
			 "ring -> last of %zu events read; %.2f us a client, "
			 "p99 %.1f us",
			 levels[l], p50 / (double)levels[l],
			 bench_percentile(&fo, 99) / 1e3);
		if (!l)
			first = p50;
		bench_samples_free(&fo);
		rss = daemon_rss_kib();
		if (levels[l] >= 100) {
			snprintf(m, sizeof(m), "daemon KiB/client (%zu)",
				 levels[l]);
			row = bench_row(&r, m, "KiB",
					(rss - rss0) / (double)levels[l], NULL,
					0, BENCH_INFO, 0);
			snprintf(row->note, sizeof(row->note),
				 "VmRSS %.0f KiB with %zu clients that "
				 "received events, %.0f before any; "
				 "client-queue %d",
				 rss, levels[l], rss0,
				 g_client_queue ? g_client_queue : 64);
		}
	}
	if (c.n >= 1000)
		bench_row(&r, "daemon VmRSS (last level)", "MiB", rss / 1024,
			  NULL, 0, BENCH_INFO, 0);
	if (idle.n && daemon_max > c.n) {
		size_t more = daemon_max - c.n;
		double cpu0, secs = 3, rss_idle;
		uint64_t t0;
		char m[64];

		rss = daemon_rss_kib();
		idlers_connect(&idle, more);
		rss_idle = daemon_rss_kib();
		snprintf(m, sizeof(m), "daemon KiB/idle client (%zu)", more);
		row = bench_row(&r, m, "KiB", (rss_idle - rss) / (double)more,
				NULL, 0, BENCH_MAX, 2);
		snprintf(row->note, sizeof(row->note),
			 "VmRSS +%.0f KiB for %zu more clients (in %zu other "
			 "processes), watching an ID never rung; client-queue "
			 "%d",
			 rss_idle - rss, more, idle.n,
			 g_client_queue ? g_client_queue : 64);
		cpu0 = daemon_cpu_s();
		t0 = bench_now_ns();
		usleep((useconds_t)(secs * 1e6));
		secs = (double)(bench_now_ns() - t0) / 1e9;
		snprintf(m, sizeof(m), "daemon CPU, %zu clients idle",
			 daemon_max);
		row = bench_row(&r, m, "%",
				100 * (daemon_cpu_s() - cpu0) / secs, NULL, 0,
				BENCH_INFO, 0);
		snprintf(row->note, sizeof(row->note),
			 "user + system time over %.1f s; VmRSS %.1f MiB with "
			 "%zu clients connected (RLIMIT_NOFILE %llu: 2 fds a "
			 "client in the daemon)",
			 secs, rss_idle / 1024, daemon_max,
			 (unsigned long long)rl.rlim_cur);
	}
	if (idle.n)
		idlers_stop(&idle);
	for (l = 0; l < c.n; l++)
		ffanotif_session_close(c.s[l]);
	ffanotif_session_close(ringer);
	ffanotif_event_buffer_free(c.buf);
	close(c.ep);
	stop_daemon();

	ret = bench_report_print(&r);
	if (ret)
		bench_die("JSON", -ret);
	return 0;
}
