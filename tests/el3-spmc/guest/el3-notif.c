// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * el3-notif: the guest suite's client of /dev/ffa-notif on the EL3 test
 * firmware, through libffanotif (FFANOTIF_BACKEND=device) only.
 *
 *   el3-notif info BACKEND SRI
 *       the session's info: the module runs BACKEND (arm_ffa, native),
 *       FF-A v1.1, endpoint 0, at least 2 vCPUs, per-vCPU, and reports
 *       SRI as the SRI's interrupt ID (arm_ffa does not tell it: 0);
 *       firmware refuses the simulator's SIM_RING (ENOTTY: EOPNOTSUPP
 *       from the library) and takes a session configuration
 *   el3-notif echo [-c CPU] [-v VCPU] [-n ROUNDS] [-k CLOCK] [-q DEPTH]
 *                  SENDER BITMAP
 *       on CPU (sched_setaffinity), bind BITMAP from SENDER (per-vCPU if
 *       -v), ring SENDER with it (on its vCPU VCPU), and wait until every
 *       bit has come back from SENDER (on vCPU VCPU); ROUNDS times.  With
 *       -k (monotonic, boottime, realtime) the events are stamped with
 *       that clock, and each timestamp must lie between clock_gettime()
 *       before the SET and after the read; -q sets the queue depth
 *   el3-notif hold SENDER BITMAP
 *       bind, print "holding", and sleep until killed
 *   el3-notif bind-fails ERRNO SENDER BITMAP
 *       binding must fail with errno ERRNO (a number) and bind nothing
 *
 * Prints what it does; exits 0 when it went as expected, 1 otherwise.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ffanotif.h>

#define SEC 1000000000LL
/* Only there so that a broken path fails instead of hanging. */
#define ECHO_TIMEOUT_NS (15 * SEC)

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

static struct ffanotif_session *open_session(void)
{
	struct ffanotif_session *s = ffanotif_session_open("device");

	if (!s)
		fprintf(stderr, "el3-notif: session on the device: %s\n",
			strerror(errno));
	return s;
}

static int usage(void)
{
	fprintf(stderr, "usage: el3-notif info BACKEND SRI FFA_VERSION\n"
			"       el3-notif echo [-c CPU] [-v VCPU] [-n ROUNDS] "
			"[-k CLOCK] [-q DEPTH] SENDER BITMAP\n"
			"       el3-notif hold SENDER BITMAP\n"
			"       el3-notif bind-fails ERRNO SENDER BITMAP\n");
	return 2;
}

/* FFA_VERSION: the negotiated one the module must report (0x10001). */
static int cmd_info(const char *want, const char *sri, const char *ver)
{
	struct ffanotif_session *s;
	struct ffanotif_info *info;
	uint64_t want_sri, want_ver;
	int ok = 1;

	if (parse(sri, &want_sri) || parse(ver, &want_ver))
		return usage();
	s = open_session();
	if (!s)
		return 1;
	info = ffanotif_session_get_info(s);
	if (!info) {
		fprintf(stderr, "el3-notif: get_info: %s\n", strerror(errno));
		ffanotif_session_close(s);
		return 1;
	}
	printf("el3-notif: backend %s, FF-A 0x%05" PRIx32
	       ", endpoint 0x%04x, %" PRIu32 " vCPUs, SRI %" PRIu32
	       ", per-vCPU %d\n",
	       ffanotif_info_get_backend(info),
	       ffanotif_info_get_ffa_version(info),
	       ffanotif_info_get_own_id(info),
	       ffanotif_info_get_vcpu_count(info),
	       ffanotif_info_get_sri_intid(info),
	       ffanotif_info_has_per_vcpu(info));
	if (strcmp(ffanotif_info_get_backend(info), want)) {
		fprintf(stderr, "el3-notif: backend %s, expected %s\n",
			ffanotif_info_get_backend(info), want);
		ok = 0;
	}
	if (ffanotif_info_get_ffa_version(info) != want_ver ||
	    ffanotif_info_get_own_id(info) != 0 ||
	    ffanotif_info_get_vcpu_count(info) < 2 ||
	    ffanotif_info_get_sri_intid(info) != want_sri ||
	    !ffanotif_info_has_per_vcpu(info)) {
		fprintf(stderr,
			"el3-notif: expected FF-A 0x%05" PRIx64
			", endpoint 0, >= 2 vCPUs, SRI %" PRIu64 ", per-vCPU\n",
			want_ver, want_sri);
		ok = 0;
	}
	/* The simulator's ioctl is not firmware's. */
	if (ffanotif_info_has_sim_ring(info) ||
	    ffanotif_session_sim_ring(s, 0x8001, 1, 0, 0) == 0 ||
	    errno != EOPNOTSUPP) {
		fprintf(stderr, "el3-notif: SIM_RING on firmware: want "
				"EOPNOTSUPP (ENOTTY from the module)\n");
		ok = 0;
	}
	/* API 1.4: the session's configuration, on firmware too. */
	if (ffanotif_session_set_queue_depth(s, FFANOTIF_QUEUE_DEPTH_MAX) ||
	    ffanotif_session_set_event_clock(s, FFANOTIF_CLOCK_BOOTTIME) ||
	    ffanotif_session_get_queue_depth(s) != FFANOTIF_QUEUE_DEPTH_MAX ||
	    ffanotif_session_get_event_clock(s) != FFANOTIF_CLOCK_BOOTTIME) {
		fprintf(stderr, "el3-notif: session configuration: %s\n",
			strerror(errno));
		ok = 0;
	}
	ffanotif_info_free(info);
	ffanotif_session_close(s);
	return ok ? 0 : 1;
}

/* -k's names, with the clock_gettime() clock of each. */
static const struct {
	const char *name;
	int clock;
	clockid_t id;
} clocks[] = {
	{ "monotonic", FFANOTIF_CLOCK_MONOTONIC, CLOCK_MONOTONIC },
	{ "boottime", FFANOTIF_CLOCK_BOOTTIME, CLOCK_BOOTTIME },
	{ "realtime", FFANOTIF_CLOCK_REALTIME, CLOCK_REALTIME },
};

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * SEC + (uint64_t)ts.tv_nsec;
}

/* Read events until every bit of `want` came from `sender`. */
static int wait_echo(struct ffanotif_session *s,
		     struct ffanotif_event_buffer *b, uint16_t sender,
		     uint64_t want, int per_vcpu, uint16_t vcpu, int clock,
		     uint64_t before)
{
	int64_t deadline = now_ns() + ECHO_TIMEOUT_NS;
	uint64_t got = 0;
	size_t i;
	int n;

	while (got != want) {
		int64_t left = deadline - now_ns();

		if (left <= 0) {
			fprintf(stderr,
				"el3-notif: timed out: got 0x%" PRIx64
				" of 0x%" PRIx64 "\n",
				got, want);
			return -1;
		}
		if (ffanotif_session_wait(s, left) < 0) {
			perror("el3-notif: wait");
			return -1;
		}
		n = ffanotif_session_read_events(s, b, 0);
		if (n < 0) {
			perror("el3-notif: read_events");
			return -1;
		}
		for (i = 0; i < (size_t)n; i++) {
			const struct ffanotif_event *e =
				ffanotif_event_buffer_get_event(b, i);
			uint64_t bits = ffanotif_event_get_notifications(e);

			printf("el3-notif: event #%" PRIu64
			       " from 0x%04x: 0x%" PRIx64
			       "%s vCPU %u, dropped %" PRIu32 "\n",
			       ffanotif_event_get_seqno(e),
			       ffanotif_event_get_sender(e), bits,
			       ffanotif_event_is_per_vcpu(e) ? " per-vCPU" : "",
			       ffanotif_event_get_vcpu(e),
			       ffanotif_event_get_dropped(e));
			if (ffanotif_event_get_sender(e) != sender ||
			    (bits & ~want) ||
			    !ffanotif_event_is_per_vcpu(e) != !per_vcpu ||
			    (per_vcpu && ffanotif_event_get_vcpu(e) != vcpu) ||
			    ffanotif_event_get_dropped(e)) {
				fprintf(stderr,
					"el3-notif: unexpected event\n");
				return -1;
			}
			if (clock >= 0) {
				uint64_t t = ffanotif_event_get_timestamp_ns(e);
				uint64_t after = clock_ns(clocks[clock].id);

				if (t < before || t > after) {
					fprintf(stderr,
						"el3-notif: %s timestamp "
						"%" PRIu64 " outside [%" PRIu64
						", %" PRIu64 "]\n",
						clocks[clock].name, t, before,
						after);
					return -1;
				}
			}
			got |= bits;
		}
	}
	return 0;
}

static int cmd_echo(int argc, char **argv)
{
	uint64_t cpu = ~0ULL, vcpu = 0, rounds = 1, sender, bitmap, flags = 0;
	int64_t rt_min = 0, rt_max = 0, rt_sum = 0;
	uint64_t depth = ~0ULL, before = 0;
	struct ffanotif_event_buffer *b = NULL;
	struct ffanotif_session *s;
	uint64_t r;
	int opt, ret = 1, clock = -1, k;

	while ((opt = getopt(argc, argv, "c:v:n:k:q:")) != -1) {
		switch (opt) {
		case 'c':
			if (parse(optarg, &cpu))
				return usage();
			break;
		case 'v':
			if (parse(optarg, &vcpu) || vcpu > 0xffff)
				return usage();
			flags = FFANOTIF_FLAG_PER_VCPU;
			break;
		case 'n':
			if (parse(optarg, &rounds) || !rounds)
				return usage();
			break;
		case 'k':
			for (k = 0;
			     k < (int)(sizeof(clocks) / sizeof(clocks[0])); k++)
				if (!strcmp(optarg, clocks[k].name))
					clock = k;
			if (clock < 0)
				return usage();
			break;
		case 'q':
			if (parse(optarg, &depth) ||
			    depth > FFANOTIF_QUEUE_DEPTH_MAX)
				return usage();
			break;
		default:
			return usage();
		}
	}
	if (argc - optind != 2 || parse(argv[optind], &sender) ||
	    sender > 0xffff || parse(argv[optind + 1], &bitmap) || !bitmap)
		return usage();
	if (cpu != ~0ULL) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET((int)cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			perror("el3-notif: sched_setaffinity");
			return 1;
		}
	}
	s = open_session();
	if (!s)
		return 1;
	b = ffanotif_event_buffer_new(16);
	if (!b) {
		perror("el3-notif: event buffer");
		goto out;
	}
	if (clock >= 0 &&
	    ffanotif_session_set_event_clock(s, clocks[clock].clock)) {
		perror("el3-notif: set_event_clock");
		goto out;
	}
	if (depth != ~0ULL && ffanotif_session_set_queue_depth(s, depth)) {
		perror("el3-notif: set_queue_depth");
		goto out;
	}
	if (ffanotif_session_bind(s, (uint16_t)sender, bitmap, flags)) {
		perror("el3-notif: bind");
		goto out;
	}
	for (r = 0; r < rounds; r++) {
		int64_t t0 = now_ns(), dt;

		if (clock >= 0)
			before = clock_ns(clocks[clock].id);
		if (ffanotif_session_send(s, (uint16_t)sender, bitmap, flags,
					  (uint16_t)vcpu)) {
			perror("el3-notif: send");
			goto out;
		}
		if (wait_echo(s, b, (uint16_t)sender, bitmap, !!flags,
			      (uint16_t)vcpu, clock, before))
			goto out;
		/* SET, the partition's echo, SRI, INFO_GET, GET, delivery. */
		dt = now_ns() - t0;
		rt_min = r == 0 || dt < rt_min ? dt : rt_min;
		rt_max = dt > rt_max ? dt : rt_max;
		rt_sum += dt;
	}
	if (ffanotif_session_unbind(s, (uint16_t)sender, bitmap)) {
		perror("el3-notif: unbind");
		goto out;
	}
	printf("el3-notif: echo of 0x%" PRIx64 " from 0x%04" PRIx64
	       "%s (vCPU %" PRIu64 ") on CPU %d: %" PRIu64
	       " round(s) ok, round trip min/avg/max %" PRId64 "/%" PRId64
	       "/%" PRId64 " us (TCG)\n",
	       bitmap, sender, flags ? " per-vCPU" : "", vcpu, sched_getcpu(),
	       rounds, rt_min / 1000, rt_sum / (int64_t)rounds / 1000,
	       rt_max / 1000);
	ret = 0;
out:
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(s);
	return ret;
}

static int cmd_hold(int argc, char **argv)
{
	struct ffanotif_session *s;
	uint64_t sender, bitmap;

	if (argc != 3 || parse(argv[1], &sender) || sender > 0xffff ||
	    parse(argv[2], &bitmap))
		return usage();
	s = open_session();
	if (!s)
		return 1;
	if (ffanotif_session_bind(s, (uint16_t)sender, bitmap, 0)) {
		perror("el3-notif: bind");
		ffanotif_session_close(s);
		return 1;
	}
	printf("el3-notif: holding 0x%" PRIx64 " from 0x%04" PRIx64 "\n",
	       bitmap, sender);
	fflush(stdout);
	for (;;)
		pause();
}

static int cmd_bind_fails(int argc, char **argv)
{
	struct ffanotif_session *s;
	struct ffanotif_stats st;
	uint64_t want, sender, bitmap;
	int ret, err;

	if (argc != 4 || parse(argv[1], &want) || parse(argv[2], &sender) ||
	    sender > 0xffff || parse(argv[3], &bitmap))
		return usage();
	s = open_session();
	if (!s)
		return 1;
	ret = ffanotif_session_bind(s, (uint16_t)sender, bitmap, 0);
	err = errno;
	printf("el3-notif: bind 0x%" PRIx64 " from 0x%04" PRIx64
	       ": %d (%s), expected %s\n",
	       bitmap, sender, ret, ret ? strerror(err) : "bound",
	       strerror((int)want));
	ret = !ret || err != (int)want;
	if (ffanotif_session_get_stats(s, &st) || st.bound) {
		fprintf(stderr, "el3-notif: something is bound after all\n");
		ret = 1;
	}
	ffanotif_session_close(s);
	return ret;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "info") && argc == 5)
		return cmd_info(argv[2], argv[3], argv[4]);
	if (!strcmp(argv[1], "echo"))
		return cmd_echo(argc - 1, argv + 1);
	if (!strcmp(argv[1], "hold"))
		return cmd_hold(argc - 1, argv + 1);
	if (!strcmp(argv[1], "bind-fails"))
		return cmd_bind_fails(argc - 1, argv + 1);
	return usage();
}
