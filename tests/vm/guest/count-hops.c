// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * count-hops: what one notification hop costs in system calls, futex
 * calls and context switches, beside the floor of an eventfd hop.
 * Counts, not times: they hold from machine to machine, so they are
 * judged (exit 1 when a path makes more than its floor allows).
 *
 * Usage: count-hops [-n ROUND-TRIPS] [--system] [--switch-slack X]
 *                   [--system-slack Y] PATH...
 *   -n: 2000 by default (and a tenth more before them, not counted); the
 *   booted-kernel guests take 200 (ptrace's stops are slow under TCG).
 *   PATH: eventfd (the floor, always measured first), sim (libffanotif's
 *   in-process simulator: ffanotif_session_sim_ring, epoll_wait,
 *   ffanotif_session_read_events) or device (/dev/ffa-notif with the
 *   module's sim backend: FFA_NOTIF_IOC_SIM_RING, epoll_wait, read).
 *
 * Two threads pass a token (each hop: the ringer's ring, the other
 * side's epoll_wait and read), as bench/ measures their latency.  Each
 * path runs twice in a child process:
 *  - traced (ptrace, PTRACE_O_TRACECLONE): every system call of both
 *    threads between two marker calls (getppid) around the round trips,
 *    by number; the futex calls among them;
 *  - untraced: each thread's voluntary and involuntary context switches
 *    (getrusage RUSAGE_THREAD) over the round trips, and the machine's
 *    (the ctxt line of /proc/stat: every CPU, the kernel's threads too;
 *    judged only with --system, on a machine doing nothing else: the
 *    booted-kernel guest).
 * The threads start and stop the counted stretch by spinning on atomics,
 * so that no call of the harness is counted.
 *
 * Judged, per hop, against eventfd's: system calls and futex calls at most
 * the floor's (to 0.005 a hop: one call in 200 hops); the two threads'
 * context switches (voluntary + involuntary: each time a thread left its
 * CPU; which of the two it is depends on whether its wake-up came before
 * it was off the CPU, i.e. on the machine's timing) at most the floor's
 * + 0.05 (--switch-slack); with --system, the machine's context switches
 * at most the floor's + 0.25 (--system-slack; an extra thread woken for
 * each hop, the module's worker, is 1 or 2 more).  The guest suite gives
 * the device the slack its worker takes (tests/vm/guest/suite.sh): the
 * figure over the floor is printed, a bound against regressions judged.
 *
 * A count that cannot be taken (ptrace refused, no device) fails with its
 * reason: never a pass, never a skip.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ffanotif.h>
#include <linux/ffa_notif.h>

#define DEV_PATH "/dev/ffa-notif"
#define DOORBELL 0x8003
#define WAIT_MS 15000
/* Tolerances over the floor, per hop: see the comment above. */
#define CSW_SLACK 0.05
#define SYSTEM_SLACK 0.25

/* ---- the paths ------------------------------------------------------------ */

struct path {
	const char *name;
	int fd[2]; /* side s waits on fd[s] (eventfd, device) */
	int ep[2];
	struct ffanotif_session *s[2];
	struct ffanotif_event_buffer *buf[2];
	int (*ring)(struct path *p, int side);
	int (*wait)(struct path *p, int side);
};

static int epoll_for(int fd)
{
	struct epoll_event e = { .events = EPOLLIN };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		return -1;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) < 0) {
		close(ep);
		return -1;
	}
	return ep;
}

static int wait_one(int ep)
{
	struct epoll_event e;
	int n;

	do {
		n = epoll_wait(ep, &e, 1, WAIT_MS);
	} while (n < 0 && errno == EINTR);
	if (n == 0)
		errno = ETIMEDOUT;
	return n == 1 ? 0 : -1;
}

static int efd_ring(struct path *p, int side)
{
	uint64_t one = 1;

	return write(p->fd[!side], &one, sizeof(one)) == sizeof(one) ? 0 : -1;
}

static int efd_wait(struct path *p, int side)
{
	uint64_t v;

	if (wait_one(p->ep[side]) < 0)
		return -1;
	return read(p->fd[side], &v, sizeof(v)) == sizeof(v) ? 0 : -1;
}

/* Side s binds ID s + 1 of the doorbell; the other side rings it. */
static int sim_ring(struct path *p, int side)
{
	return ffanotif_session_sim_ring(p->s[side], DOORBELL,
					 1ULL << (!side + 1), 0, 0) < 0
		       ? -1
		       : 0;
}

static int sim_wait(struct path *p, int side)
{
	int n;

	do {
		if (wait_one(p->ep[side]) < 0)
			return -1;
		n = ffanotif_session_read_events(p->s[side], p->buf[side], 0);
	} while (n == 0);
	return n < 0 ? -1 : 0;
}

static int dev_ring(struct path *p, int side)
{
	struct ffa_notif_sim_ring r;

	memset(&r, 0, sizeof(r));
	r.sender = DOORBELL;
	r.notifications = 1ULL << (!side + 1);
	return ioctl(p->fd[side], FFA_NOTIF_IOC_SIM_RING, &r) ? -1 : 0;
}

static int dev_wait(struct path *p, int side)
{
	struct ffa_notif_event ev[4];
	ssize_t n;

	do {
		if (wait_one(p->ep[side]) < 0)
			return -1;
		n = read(p->fd[side], ev, sizeof(ev));
	} while (n < 0 && errno == EAGAIN);
	return n > 0 ? 0 : -1;
}

/* Open the path's two sides; on failure print why and return -1. */
static int path_open(struct path *p, const char *name)
{
	struct ffa_notif_binding b;
	int s;

	memset(p, 0, sizeof(*p));
	p->name = name;
	for (s = 0; s < 2; s++) {
		if (!strcmp(name, "eventfd")) {
			p->fd[s] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
			p->ring = efd_ring;
			p->wait = efd_wait;
		} else if (!strcmp(name, "sim")) {
			p->s[s] = ffanotif_session_open("sim");
			p->buf[s] = ffanotif_event_buffer_new(64);
			if (!p->s[s] || !p->buf[s] ||
			    ffanotif_session_bind(p->s[s], DOORBELL,
						  1ULL << (s + 1), 0) < 0)
				goto fail;
			p->fd[s] = ffanotif_session_get_fd(p->s[s]);
			p->ring = sim_ring;
			p->wait = sim_wait;
		} else if (!strcmp(name, "device")) {
			p->fd[s] =
				open(DEV_PATH, O_RDWR | O_CLOEXEC | O_NONBLOCK);
			if (p->fd[s] < 0)
				goto fail;
			memset(&b, 0, sizeof(b));
			b.sender = DOORBELL;
			b.notifications = 1ULL << (s + 1);
			if (ioctl(p->fd[s], FFA_NOTIF_IOC_BIND, &b))
				goto fail;
			p->ring = dev_ring;
			p->wait = dev_wait;
		} else {
			fprintf(stderr, "count-hops: unknown path %s\n", name);
			return -1;
		}
		if (p->fd[s] < 0)
			goto fail;
		p->ep[s] = epoll_for(p->fd[s]);
		if (p->ep[s] < 0)
			goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "FAIL: %s: cannot open its two sides: %s\n", name,
		strerror(errno));
	return -1;
}

/* ---- the round trips (in the child) --------------------------------------- */

struct run {
	struct path *p;
	long n;
	atomic_int ready, go, done, end, failed;
	struct rusage ru[2][2]; /* [side][before, after] */
	unsigned long long ctxt[2]; /* /proc/stat before, after */
};

/*
 * Wait for the other side without a system call (not even the clock's:
 * where the vDSO cannot read the clocksource, clock_gettime is one).
 * Cannot hang: the other side either gets there or fails (its every wait
 * has a timeout), and a failure ends the spin.
 */
static void spin_until(struct run *r, atomic_int *flag, int v)
{
	while (atomic_load(flag) < v && !atomic_load(&r->failed))
		;
}

static unsigned long long proc_ctxt(void)
{
	unsigned long long v = 0;
	char line[256];
	FILE *f = fopen("/proc/stat", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "ctxt %llu", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* Round trips before the counted ones. */
static long warmup(long n)
{
	return n / 10 + 10;
}

static void sides(struct run *r, int side)
{
	long i;

	/* Warm-up: caches, the first allocation of each queue. */
	for (i = 0; i < warmup(r->n) + r->n && !atomic_load(&r->failed); i++) {
		if (i == warmup(r->n)) {
			/* Both sides here, then the counted stretch. */
			getrusage(RUSAGE_THREAD, &r->ru[side][0]);
			atomic_fetch_add(&r->ready, 1);
			if (side == 0) {
				spin_until(r, &r->ready, 2);
				r->ctxt[0] = proc_ctxt();
				syscall(SYS_getppid); /* marker: counting */
				atomic_store(&r->go, 1);
			} else {
				spin_until(r, &r->go, 1);
			}
		}
		if (side == 0 && r->p->ring(r->p, 0) < 0)
			goto fail;
		if (r->p->wait(r->p, side) < 0)
			goto fail;
		if (side == 1 && r->p->ring(r->p, 1) < 0)
			goto fail;
	}
	getrusage(RUSAGE_THREAD, &r->ru[side][1]);
	atomic_fetch_add(&r->done, 1);
	if (side == 0) {
		spin_until(r, &r->done, 2);
		syscall(SYS_getppid); /* marker: counting stops */
		r->ctxt[1] = proc_ctxt();
		atomic_store(&r->end, 1);
	} else {
		/* Not a call of this thread's exit before the marker. */
		spin_until(r, &r->end, 1);
	}
	return;
fail:
	fprintf(stderr, "FAIL: %s: side %d: %s\n", r->p->name, side,
		strerror(errno));
	atomic_store(&r->failed, 1);
	atomic_fetch_add(&r->ready, 1);
	atomic_fetch_add(&r->done, 1);
}

static void *side1(void *arg)
{
	sides(arg, 1);
	return NULL;
}

/*
 * The child: the round trips, between two getppid() markers (the tracer
 * counts between them).  Writes its context switches to `out`
 * (vol, invol, system) and exits 0, or 1 on failure.
 */
static void child(const char *name, long n, int out, int traced)
{
	static struct run r;
	struct path p;
	pthread_t t;
	double res[3];

	if (traced) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(2);
		raise(SIGSTOP);
	}
	if (path_open(&p, name) < 0)
		_exit(1);
	memset(&r, 0, sizeof(r));
	r.p = &p;
	r.n = n;
	if (pthread_create(&t, NULL, side1, &r))
		_exit(1);
	sides(&r, 0);
	pthread_join(t, NULL);
	if (atomic_load(&r.failed))
		_exit(1);
	res[0] = (double)(r.ru[0][1].ru_nvcsw - r.ru[0][0].ru_nvcsw +
			  r.ru[1][1].ru_nvcsw - r.ru[1][0].ru_nvcsw);
	res[1] = (double)(r.ru[0][1].ru_nivcsw - r.ru[0][0].ru_nivcsw +
			  r.ru[1][1].ru_nivcsw - r.ru[1][0].ru_nivcsw);
	res[2] = (double)(r.ctxt[1] - r.ctxt[0]);
	if (write(out, res, sizeof(res)) != sizeof(res))
		_exit(1);
	/* _exit: no atexit handlers (a sanitizer's leak check would try to
	 * ptrace this process, which its parent already traces).
	 */
	_exit(0);
}

/* ---- counting --------------------------------------------------------------- */

struct counts {
	double syscalls, futex, vcsw, ivcsw, system; /* per hop */
	double by_nr
		[6]; /* write, read, ioctl, epoll_wait(+pwait), futex, other */
};

static const char *const nr_names[6] = { "write",      "read",	"ioctl",
					 "epoll_wait", "futex", "other" };

static int nr_slot(long nr)
{
	switch (nr) {
	case SYS_write:
		return 0;
	case SYS_read:
		return 1;
	case SYS_ioctl:
		return 2;
#ifdef SYS_epoll_wait
	case SYS_epoll_wait:
#endif
	case SYS_epoll_pwait:
		return 3;
	case SYS_futex:
		return 4;
	default:
		return 5;
	}
}

/*
 * At a syscall-stop of thread tid: the call's number if the stop is its
 * entry, -1 if its exit (PTRACE_GET_SYSCALL_INFO, Linux 5.3), -2 if the
 * kernel cannot say.
 */
static long entry_nr(pid_t tid)
{
	struct __ptrace_syscall_info info; /* glibc's name */

	memset(&info, 0, sizeof(info));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void *)sizeof(info), &info) <
	    0)
		return -2;
	if (info.op != PTRACE_SYSCALL_INFO_ENTRY)
		return -1;
	return (long)info.entry.nr;
}

/*
 * Run the path traced: the calls between the markers, by slot.  0, or -1
 * with the reason printed.
 */
/* The "other" calls by number (the first 8 numbers seen): for the report. */
struct other {
	long nr;
	unsigned long long n;
};

static void note_other(struct other *o, long nr)
{
	int i;

	for (i = 0; i < 8; i++) {
		if (o[i].n && o[i].nr != nr)
			continue;
		o[i].nr = nr;
		o[i].n++;
		return;
	}
}

/*
 * The child that makes the round trips, forked with a pipe for its
 * results: pfd[0] is the parent's end, open; pfd[1] is closed here.
 */
static pid_t start_child(const char *name, long n, int traced, int pfd[2])
{
	pid_t pid;

	if (pipe(pfd) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		close(pfd[0]);
		child(name, n, pfd[1], traced);
	}
	close(pfd[1]);
	return pid;
}

static int count_traced(const char *name, long n, double *by_nr)
{
	struct other others[8] = { { 0, 0 } };
	int counting = 0, markers = 0, broken = 0, status = 0, i, pfd[2];
	unsigned long long calls[6] = { 0 };
	pid_t pid, tid;

	pid = start_child(name, n, 1, pfd);
	if (pid < 0)
		return -1;
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
		fprintf(stderr,
			"FAIL: %s: the child did not stop for its tracer "
			"(ptrace refused here?)\n",
			name);
		close(pfd[0]);
		return -1;
	}
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
		   (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE |
				  PTRACE_O_EXITKILL)) < 0) {
		fprintf(stderr, "FAIL: %s: PTRACE_SETOPTIONS: %s\n", name,
			strerror(errno));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(pfd[0]);
		return -1;
	}
	ptrace(PTRACE_SYSCALL, pid, NULL, NULL);
	for (;;) {
		int sig = 0;

		tid = waitpid(-1, &status, __WALL);
		if (tid < 0)
			break;
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (tid == pid)
				break;
			continue;
		}
		if (!WIFSTOPPED(status))
			continue;
		if (WSTOPSIG(status) == (SIGTRAP | 0x80)) {
			long nr = entry_nr(tid);

			if (nr == -2) {
				broken = 1;
			} else if (nr == SYS_getppid && tid == pid) {
				counting = !counting;
				markers++;
			} else if (nr >= 0 && counting) {
				calls[nr_slot(nr)]++;
				if (nr_slot(nr) == 5)
					note_other(others, nr);
			}
		} else if (status >> 8 ==
			   (SIGTRAP | (PTRACE_EVENT_CLONE << 8))) {
			/* The clone: the new thread is reported by its
			 * own stop.
			 */
		} else if (WSTOPSIG(status) != SIGSTOP &&
			   WSTOPSIG(status) != SIGTRAP) {
			sig = WSTOPSIG(status);
		}
		ptrace(PTRACE_SYSCALL, tid, NULL, (void *)(long)sig);
	}
	close(pfd[0]);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "FAIL: %s: the traced round trips failed\n",
			name);
		return -1;
	}
	if (broken) {
		fprintf(stderr,
			"FAIL: %s: PTRACE_GET_SYSCALL_INFO refused (Linux "
			"before 5.3?)\n",
			name);
		return -1;
	}
	if (markers != 2) {
		fprintf(stderr, "FAIL: %s: %d markers traced, want 2\n", name,
			markers);
		return -1;
	}
	for (i = 0; i < 6; i++)
		by_nr[i] = (double)calls[i] / (double)(2 * n);
	for (i = 0; i < 8 && others[i].n; i++)
		printf("  %s: other call: number %ld, %llu times\n", name,
		       others[i].nr, others[i].n);
	return 0;
}

static int count_untraced(const char *name, long n, double res[3])
{
	int pfd[2], status;
	pid_t pid;

	pid = start_child(name, n, 0, pfd);
	if (pid < 0)
		return -1;
	if (read(pfd[0], res, 3 * sizeof(double)) != 3 * sizeof(double))
		res = NULL;
	close(pfd[0]);
	waitpid(pid, &status, 0);
	if (!res || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "FAIL: %s: the round trips failed\n", name);
		return -1;
	}
	return 0;
}

static int measure(const char *name, long n, struct counts *c)
{
	double res[3];
	int i;

	memset(c, 0, sizeof(*c));
	if (count_traced(name, n, c->by_nr) < 0)
		return -1;
	for (i = 0; i < 6; i++)
		c->syscalls += c->by_nr[i];
	c->futex = c->by_nr[4];
	if (count_untraced(name, n, res) < 0)
		return -1;
	c->vcsw = res[0] / (double)(2 * n);
	c->ivcsw = res[1] / (double)(2 * n);
	c->system = res[2] / (double)(2 * n);
	return 0;
}

static void print_counts(const char *name, const struct counts *c)
{
	const char *sep = "";
	int i;

	printf("%-8s %6.2f syscalls (", name, c->syscalls);
	for (i = 0; i < 6; i++) {
		if (c->by_nr[i] < 0.005)
			continue;
		printf("%s%s %.2f", sep, nr_names[i], c->by_nr[i]);
		sep = ", ";
	}
	printf("), %.2f futex, context switches: %.2f voluntary, %.2f "
	       "involuntary, %.2f machine-wide\n",
	       c->futex, c->vcsw, c->ivcsw, c->system);
}

static int judge(const char *what, double v, double floor, double slack)
{
	/* Equal at the precision printed: 0.005 a hop. */
	if (v <= floor + slack + 0.005)
		return 0;
	printf("FAIL: %s %.2f a hop, the floor (eventfd) %.2f%s\n", what, v,
	       floor, slack > 0 ? " + tolerance" : "");
	return 1;
}

int main(int argc, char **argv)
{
	struct counts floor, c;
	double csw_slack = CSW_SLACK, system_slack = SYSTEM_SLACK;
	long n = 2000;
	int system = 0, bad = 0, i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			n = strtol(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--system")) {
			system = 1;
		} else if (!strcmp(argv[i], "--switch-slack") && i + 1 < argc) {
			csw_slack = strtod(argv[++i], NULL);
		} else if (!strcmp(argv[i], "--system-slack") && i + 1 < argc) {
			system_slack = strtod(argv[++i], NULL);
		} else {
			i = argc;
			break;
		}
	}
	if (i >= argc || n < 1) {
		fprintf(stderr, "usage: count-hops [-n ROUND-TRIPS] [--system] "
				"eventfd|sim|device...\n");
		return 2;
	}
	printf("count-hops: per hop (%ld round trips, %ld hops each), "
	       "both threads\n",
	       n, 2 * n);
	if (measure("eventfd", n, &floor) < 0)
		return 1;
	print_counts("eventfd", &floor);
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "eventfd"))
			continue;
		if (measure(argv[i], n, &c) < 0)
			return 1;
		print_counts(argv[i], &c);
		bad |= judge("system calls", c.syscalls, floor.syscalls, 0);
		bad |= judge("futex calls", c.futex, floor.futex, 0);
		bad |= judge("context switches of the two threads",
			     c.vcsw + c.ivcsw, floor.vcsw + floor.ivcsw,
			     csw_slack);
		if (system)
			bad |= judge("machine-wide context switches", c.system,
				     floor.system, system_slack);
		printf("%s over the floor, a hop: %+.2f system calls, %+.2f "
		       "futex, %+.2f context switches of its threads, %+.2f "
		       "machine-wide%s\n",
		       argv[i], c.syscalls - floor.syscalls,
		       c.futex - floor.futex,
		       c.vcsw + c.ivcsw - floor.vcsw - floor.ivcsw,
		       c.system - floor.system, system ? "" : " (not judged)");
	}
	if (bad)
		return 1;
	printf("count-hops: every path within its bounds\n");
	return 0;
}
