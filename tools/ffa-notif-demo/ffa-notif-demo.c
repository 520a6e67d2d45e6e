// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffa-notif-demo: a process binds FF-A notifications from simulated secure
 * partitions, rings them, and receives their answers -- on the embedded
 * simulator, with every FF-A call the simulated firmware serves printed
 * beside the step that caused it.  Every step's result is checked: the
 * demo exits 1 if anything differs from what it announces.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <ffanotif.h>

#define ECHO_SP 0x8001
#define ECHO_PERCPU_SP 0x8002
#define DOORBELL_SP 0x8003

static int failures;

/* Print after the simulated firmware's trace lines (stderr) so far. */
static void vprint(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stderr);
	fputs(prefix, stdout);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

/* A step of the walk-through. */
static void step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void step(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("\n== ", fmt, ap);
	va_end(ap);
}

/* What a step showed. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint("   ", fmt, ap);
	va_end(ap);
}

static void check(int ok, const char *what)
{
	fflush(stderr);
	printf("   %s %s\n", ok ? "ok:" : "FAILED:", what);
	fflush(stdout);
	if (!ok)
		failures++;
}

static void print_ids(uint64_t ids)
{
	int id, first = 1;

	printf("{");
	for (id = 0; id < FFANOTIF_MAX_IDS; id++) {
		if (ids & (1ULL << id)) {
			printf("%s%d", first ? "" : ",", id);
			first = 0;
		}
	}
	printf("}");
}

/* Wait on the session's fd with epoll, read one batch, print it. */
static int receive(struct ffanotif_session *s, int ep,
		   struct ffanotif_event_buffer *buf, int timeout_ms)
{
	struct epoll_event ev;
	size_t i;
	int n;

	n = epoll_wait(ep, &ev, 1, timeout_ms);
	if (n <= 0) {
		say("epoll_wait: %s", n == 0 ? "timed out" : strerror(errno));
		return 0;
	}
	n = ffanotif_session_read_events(s, buf, 0);
	if (n < 0) {
		say("read_events: %s", strerror(errno));
		return 0;
	}
	for (i = 0; i < (size_t)n; i++) {
		const struct ffanotif_event *e =
			ffanotif_event_buffer_get_event(buf, i);

		fflush(stderr);
		printf("   event #%" PRIu64 ": sender 0x%04x ids ",
		       ffanotif_event_get_seqno(e),
		       ffanotif_event_get_sender(e));
		print_ids(ffanotif_event_get_notifications(e));
		if (ffanotif_event_is_per_vcpu(e))
			printf(" per-vCPU on vCPU %u",
			       ffanotif_event_get_vcpu(e));
		else
			printf(" global");
		printf(", dropped before it: %" PRIu32 "\n",
		       ffanotif_event_get_dropped(e));
		fflush(stdout);
	}
	return n;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ffa-notif-demo [--quiet]\n"
		"Walk through FF-A notifications on the embedded simulator.\n"
		"  -q, --quiet  do not print the FF-A calls of the simulated "
		"firmware\n"
		"  -h, --help   this text\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ffanotif_event_buffer *buf;
	struct ffanotif_partition_list *parts;
	struct ffanotif_session *s;
	struct ffanotif_session_stats *st;
	struct ffanotif_info *info;
	struct epoll_event ev = { .events = EPOLLIN };
	const struct ffanotif_event *e;
	int quiet = 0, c, ep, n, ret;
	size_t i;

	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "ffa-notif-demo: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return 2;
	}
	/* The trace is the simulated firmware speaking, on stderr. */
	if (!quiet)
		setenv("FFANOTIF_SIM_TRACE", "1", 1);

	printf("ffa-notif demo: FF-A v1.1 notifications between this process "
	       "and\n"
	       "simulated secure partitions (libffanotif %s, backend "
	       "\"sim\").\n"
	       "Lines marked [spmc] are FF-A calls the simulated firmware "
	       "served;\n"
	       "[drv] lines are this endpoint's interrupt handling.\n",
	       ffanotif_api_version());

	step("1. Open a session. The driver side negotiates FF-A, learns its "
	     "ID,\n"
	     "   creates its notification bitmap and finds the SRI.");
	s = ffanotif_session_open("sim");
	if (!s) {
		fprintf(stderr,
			"ffa-notif-demo: cannot open the simulator: %s\n",
			strerror(errno));
		return 1;
	}
	info = ffanotif_session_get_info(s);
	check(info != NULL, "session info");
	if (info) {
		say("FF-A v%u.%u, our endpoint ID 0x%04x, %u vCPUs, SRI = SGI "
		    "%u, queue depth %u",
		    ffanotif_info_get_ffa_version(info) >> 16,
		    ffanotif_info_get_ffa_version(info) & 0xffff,
		    ffanotif_info_get_own_id(info),
		    ffanotif_info_get_vcpu_count(info),
		    ffanotif_info_get_sri_intid(info),
		    ffanotif_info_get_queue_depth(info));
		ffanotif_info_free(info);
	}
	buf = ffanotif_event_buffer_new(0);
	ep = epoll_create1(EPOLL_CLOEXEC);
	ev.data.ptr = s;
	if (!buf || ep < 0 ||
	    epoll_ctl(ep, EPOLL_CTL_ADD, ffanotif_session_get_fd(s), &ev)) {
		perror("ffa-notif-demo: setup");
		return 1;
	}

	step("2. The secure partitions the firmware describes.");
	parts = ffanotif_session_list_partitions(s);
	check(parts && ffanotif_partition_list_count(parts) == 3,
	      "three simulated partitions");
	for (i = 0; parts && i < ffanotif_partition_list_count(parts); i++) {
		const struct ffanotif_partition *p =
			ffanotif_partition_list_get(parts, i);

		say("0x%04x %-12s %u vCPU(s), %s notifications",
		    ffanotif_partition_get_id(p),
		    ffanotif_partition_get_name(p),
		    ffanotif_partition_get_vcpu_count(p),
		    ffanotif_partition_receives_notifications(p)
			    ? "receives"
			    : "does not receive");
	}
	ffanotif_partition_list_free(parts);

	step("3. Bind IDs 3 and 5 from the echo partition 0x8001: BIND names "
	     "the\n"
	     "   partition as the sender (it will SET them) and us as "
	     "receiver.");
	ret = ffanotif_session_bind(s, ECHO_SP, (1ULL << 3) | (1ULL << 5), 0);
	check(ret == 0, "IDs 3 and 5 bound");

	step("4. Ring the echo partition with ID 3. The firmware pends it and\n"
	     "   raises the SRI; our handler asks INFO_GET who needs cycles, "
	     "runs\n"
	     "   the partition (FFA_RUN); it takes ID 3 with GET and sets it "
	     "back;\n"
	     "   a second SRI leads to our GET, and to an event on our fd.");
	ret = ffanotif_session_send(s, ECHO_SP, 1ULL << 3, 0, 0);
	check(ret == 0, "SET accepted");
	n = receive(s, ep, buf, 1000);
	e = n == 1 ? ffanotif_event_buffer_get_event(buf, 0) : NULL;
	check(e && ffanotif_event_get_sender(e) == ECHO_SP &&
		      ffanotif_event_get_notifications(e) == (1ULL << 3),
	      "the echo of ID 3 arrived from 0x8001");

	step("5. Per-vCPU: bind ID 40 per-vCPU from 0x8002, ring it for its\n"
	     "   vCPU 2; the echo comes back for our vCPU 2 (GET names the "
	     "vCPU).");
	ret = ffanotif_session_bind(s, ECHO_PERCPU_SP, 1ULL << 40,
				    FFANOTIF_FLAG_PER_VCPU);
	check(ret == 0, "ID 40 bound per-vCPU");
	ret = ffanotif_session_send(s, ECHO_PERCPU_SP, 1ULL << 40,
				    FFANOTIF_FLAG_PER_VCPU, 2);
	check(ret == 0, "per-vCPU SET accepted");
	n = receive(s, ep, buf, 1000);
	e = n == 1 ? ffanotif_event_buffer_get_event(buf, 0) : NULL;
	check(e && ffanotif_event_is_per_vcpu(e) &&
		      ffanotif_event_get_vcpu(e) == 2 &&
		      ffanotif_event_get_notifications(e) == (1ULL << 40),
	      "ID 40 arrived for vCPU 2");

	step("6. Secure firmware rings us on its own: the doorbell partition\n"
	     "   0x8003 sets ID 7 three times before we look. Notifications "
	     "are\n"
	     "   doorbells: one event, the repeats counted as coalesced.");
	ret = ffanotif_session_bind(s, DOORBELL_SP, 1ULL << 7, 0);
	check(ret == 0, "ID 7 bound from 0x8003");
	for (c = 0; c < 3; c++)
		ret |= ffanotif_session_sim_ring(s, DOORBELL_SP, 1ULL << 7, 0,
						 0);
	check(ret == 0, "0x8003 rang three times");
	n = receive(s, ep, buf, 1000);
	check(n == 1, "one event");
	st = ffanotif_session_read_stats(s);
	check(st && ffanotif_session_stats_get_coalesced(st) == 2 &&
		      ffanotif_session_stats_get_dropped(st) == 0,
	      "2 coalesced, 0 dropped");
	ffanotif_session_stats_free(st);

	step("7. What is refused, and how.");
	ret = ffanotif_session_bind(s, DOORBELL_SP, 1ULL << 3, 0);
	check(ret == -1 && errno == EBUSY,
	      "binding ID 3 again: EBUSY (this endpoint holds it already)");
	ret = ffanotif_session_send(s, DOORBELL_SP, 1ULL << 3, 0, 0);
	check(ret == -1 && errno == EACCES,
	      "ringing 0x8003, which takes no notifications: EACCES (DENIED)");
	ret = ffanotif_session_unbind(s, DOORBELL_SP, 1ULL << 3);
	check(ret == -1 && errno == EINVAL,
	      "unbinding ID 3 from the wrong sender: EINVAL, nothing changed");
	ret = ffanotif_session_bind(s, ECHO_SP, 0, 0);
	check(ret == -1 && errno == EINVAL, "binding no ID at all: EINVAL");

	step("8. Close: every binding of the session is released (UNBIND),\n"
	     "   then the last session destroys the bitmap.");
	close(ep);
	ffanotif_event_buffer_free(buf);
	ffanotif_session_close(s);
	fflush(stderr);

	if (failures) {
		printf("\nffa-notif-demo: %d check(s) FAILED\n", failures);
		return 1;
	}
	printf("\nffa-notif-demo: all steps behaved as described.\n");
	return 0;
}
