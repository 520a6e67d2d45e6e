// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * optee-notif: the OP-TEE suite's client of /dev/ffa-notif, through
 * libffanotif (the device backend) and epoll, with OP-TEE made to ring by
 * its own direct requests (sent through /dev/ffa-el3-ctl, the test module
 * tests/el3-spmc/ctl/ffa_el3_ctl.ko: FFA_MSG_SEND_DIRECT_REQ_64 by SMC).
 *
 *   optee-notif ring SENDER ID N WINDOW
 *       bind global ID from SENDER; ask OP-TEE (SENDER) for its
 *       capabilities (OPTEE_FFA_EXCHANGE_CAPABILITIES: the async
 *       notification bit must be set) and to ring ID
 *       (OPTEE_FFA_ENABLE_ASYNC_NOTIF: its test watchdog then sets it
 *       once a second); read events by epoll until N came, each from
 *       SENDER, exactly ID, global, nothing dropped; fail if WINDOW
 *       seconds pass first.  Prints each event and the mean interval,
 *       which must be within [0.5 s, 2 s] of OP-TEE's 1 s period.
 *
 * Exits 0 when it went as expected, 1 otherwise (with the reason).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <ffanotif.h>

#include "ffa_el3_ctl.h"

#define SEC 1000000000LL
#define CTL_PATH "/dev/ffa-el3-ctl"

/* OP-TEE's FF-A services (core/include/optee_ffa.h): w3 of a request. */
#define OPTEE_FFA_EXCHANGE_CAPABILITIES 2
#define OPTEE_FFA_ENABLE_ASYNC_NOTIF 5
#define OPTEE_FFA_SEC_CAP_ASYNC_NOTIF (1ULL << 1)

static int parse(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || !*s || *end ? -1 : 0;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * SEC + ts.tv_nsec;
}

/* A direct request to OP-TEE; its answer's w3..w7 in data. */
static int optee_msg(uint16_t dst, uint64_t data[5])
{
	struct ffa_el3_ctl_call c = { .dst = dst };
	int fd, ret = 0;

	memcpy(c.data, data, sizeof(c.data));
	fd = open(CTL_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "optee-notif: %s: %s\n", CTL_PATH,
			strerror(errno));
		return -1;
	}
	if (ioctl(fd, FFA_EL3_CTL_IOC_CALL, &c)) {
		fprintf(stderr,
			"optee-notif: direct request 0x%" PRIx64
			" to 0x%04x: %s\n",
			data[0], dst, strerror(errno));
		ret = -1;
	} else {
		memcpy(data, c.data, sizeof(c.data));
	}
	close(fd);
	return ret;
}

/* Make OP-TEE ring ID: capabilities first, as Linux's OP-TEE driver does. */
static int optee_enable(uint16_t optee, unsigned int id)
{
	uint64_t caps[5] = { OPTEE_FFA_EXCHANGE_CAPABILITIES };
	uint64_t en[5] = { OPTEE_FFA_ENABLE_ASYNC_NOTIF, id };

	if (optee_msg(optee, caps))
		return -1;
	printf("optee-notif: EXCHANGE_CAPABILITIES: w3 0x%" PRIx64
	       " w4 0x%" PRIx64 " w5 0x%" PRIx64 "\n",
	       caps[0], caps[1], caps[2]);
	if (caps[0] != 0 || !(caps[2] & OPTEE_FFA_SEC_CAP_ASYNC_NOTIF)) {
		fprintf(stderr, "optee-notif: OP-TEE offers no async "
				"notifications\n");
		return -1;
	}
	if (optee_msg(optee, en))
		return -1;
	printf("optee-notif: ENABLE_ASYNC_NOTIF(%u): w3 0x%" PRIx64 "\n", id,
	       en[0]);
	if (en[0] != 0) {
		fprintf(stderr, "optee-notif: ENABLE_ASYNC_NOTIF refused\n");
		return -1;
	}
	return 0;
}

/* Read what is queued; check each event; count them. */
static int take(struct ffanotif_session *s, struct ffanotif_event_buffer *b,
		uint16_t sender, uint64_t bit, int64_t t0, int *got,
		int64_t *first, int64_t *last)
{
	int n, i;

	n = ffanotif_session_read_events(s, b, 0);
	if (n < 0) {
		fprintf(stderr, "optee-notif: read: %s\n", strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		const struct ffanotif_event *e =
			ffanotif_event_buffer_get_event(b, (size_t)i);
		int64_t at = now_ns();

		printf("optee-notif: +%.3fs event seq %" PRIu64
		       " from 0x%04x ids 0x%" PRIx64 "%s dropped %" PRIu32 "\n",
		       (double)(at - t0) / SEC, ffanotif_event_get_seqno(e),
		       ffanotif_event_get_sender(e),
		       ffanotif_event_get_notifications(e),
		       ffanotif_event_is_per_vcpu(e) ? " per-vCPU" : "",
		       ffanotif_event_get_dropped(e));
		if (ffanotif_event_get_sender(e) != sender ||
		    ffanotif_event_get_notifications(e) != bit ||
		    ffanotif_event_is_per_vcpu(e) ||
		    ffanotif_event_get_dropped(e)) {
			fprintf(stderr, "optee-notif: not the event rung\n");
			return -1;
		}
		if (!*got)
			*first = at;
		*last = at;
		(*got)++;
	}
	return 0;
}

static int ring(uint16_t sender, unsigned int id, int want, int window_s)
{
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(16);
	struct ffanotif_session *s = ffanotif_session_open("device");
	struct epoll_event ev = { .events = EPOLLIN };
	int64_t t0, deadline, first = 0, last = 0;
	int ep = -1, got = 0, ret = 1, n;
	double mean;

	if (!s || !b) {
		fprintf(stderr, "optee-notif: session: %s\n", strerror(errno));
		goto out;
	}
	if (ffanotif_session_bind(s, sender, 1ULL << id, 0)) {
		fprintf(stderr, "optee-notif: bind ID %u from 0x%04x: %s\n", id,
			sender, strerror(errno));
		goto out;
	}
	printf("optee-notif: bound ID %u from 0x%04x\n", id, sender);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0 ||
	    epoll_ctl(ep, EPOLL_CTL_ADD, ffanotif_session_get_fd(s), &ev)) {
		fprintf(stderr, "optee-notif: epoll: %s\n", strerror(errno));
		goto out;
	}
	if (optee_enable(sender, id))
		goto out;
	t0 = now_ns();
	deadline = t0 + (int64_t)window_s * SEC;
	while (got < want) {
		int64_t left = deadline - now_ns();

		if (left <= 0) {
			fprintf(stderr,
				"optee-notif: %d of %d events in %d s\n", got,
				want, window_s);
			goto out;
		}
		n = epoll_wait(ep, &ev, 1, (int)(left / 1000000) + 1);
		if (n < 0 && errno != EINTR) {
			fprintf(stderr, "optee-notif: epoll_wait: %s\n",
				strerror(errno));
			goto out;
		}
		if (n > 0 &&
		    take(s, b, sender, 1ULL << id, t0, &got, &first, &last))
			goto out;
	}
	mean = want > 1 ? (double)(last - first) / SEC / (want - 1) : 1.0;
	printf("optee-notif: %d events, mean interval %.3f s\n", got, mean);
	if (mean < 0.5 || mean > 2.0) {
		fprintf(stderr,
			"optee-notif: not OP-TEE's watchdog rate (1 s)\n");
		goto out;
	}
	ret = 0;
out:
	if (ep >= 0)
		close(ep);
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(s);
	return ret;
}

int main(int argc, char **argv)
{
	uint64_t sender, id, n, window;

	if (argc == 6 && !strcmp(argv[1], "ring") && !parse(argv[2], &sender) &&
	    sender <= 0xffff && !parse(argv[3], &id) && id < 64 &&
	    !parse(argv[4], &n) && n > 0 && n < 1000 &&
	    !parse(argv[5], &window) && window > 0 && window < 3600)
		return ring((uint16_t)sender, (unsigned int)id, (int)n,
			    (int)window);
	fprintf(stderr, "usage: optee-notif ring SENDER ID N WINDOW\n");
	return 2;
}
