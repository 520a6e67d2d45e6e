// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * syscall-client: one watching client of ffa-notifd that rings its own
 * doorbell, for scripts/count-daemon-syscalls.sh to count the daemon's
 * system calls a notification.
 *
 * Usage: syscall-client N (FFANOTIFD_SOCKET names the daemon's socket)
 *
 * Watches ID 5 of 0x8003, rings it a few times to warm the daemon up,
 * says "ready" on stdout and waits for a line on stdin; then N times
 * makes the simulator ring it (SIM_RING) and reads its one event, says
 * "done" and waits for a line again: "again" runs the N notifications once
 * more (and says "done"), anything else closes.  Each event must be
 * there by the time the reply is (the daemon writes it first): a missing
 * one, or one with other bits, is an error (exit 1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ffanotif.h>

#define DOORBELL 0x8003
#define ID 5
#define WARMUP 20

static int ring_and_read(struct ffanotif_session *s,
			 struct ffanotif_event_buffer *b)
{
	const struct ffanotif_event *e;
	int n;

	if (ffanotif_session_sim_ring(s, DOORBELL, 1ULL << ID, 0, 0) < 0) {
		fprintf(stderr, "syscall-client: sim_ring: %s\n",
			strerror(errno));
		return -1;
	}
	/* Written before the reply: readable now, without waiting. */
	if (ffanotif_session_wait(s, 2000000000LL) != 1) {
		fprintf(stderr, "syscall-client: no event\n");
		return -1;
	}
	n = ffanotif_session_read_events(s, b, 0);
	if (n != 1) {
		fprintf(stderr, "syscall-client: %d events read (%s)\n", n,
			n < 0 ? strerror(errno) : "want 1");
		return -1;
	}
	e = ffanotif_event_buffer_get_event(b, 0);
	if (ffanotif_event_get_notifications(e) != 1ULL << ID ||
	    ffanotif_event_get_dropped(e)) {
		fprintf(stderr, "syscall-client: unexpected event\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ffanotif_event_buffer *b;
	struct ffanotif_session *s;
	char line[16];
	long n, i;

	if (argc != 2 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: syscall-client N\n");
		return 2;
	}
	s = ffanotif_session_open("daemon");
	b = ffanotif_event_buffer_new(0);
	if (!s || !b ||
	    ffanotif_session_watch(s, DOORBELL, 1ULL << ID, 0) < 0) {
		fprintf(stderr, "syscall-client: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < WARMUP; i++)
		if (ring_and_read(s, b) < 0)
			return 1;
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	/* Again for each "again" line (the untraced count of the
	 * daemon's context switches), until any other line.
	 */
	do {
		for (i = 0; i < n; i++)
			if (ring_and_read(s, b) < 0)
				return 1;
		printf("done\n");
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			return 1;
	} while (!strcmp(line, "again\n"));
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(s);
	return 0;
}
