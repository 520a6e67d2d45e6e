// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffa-notify bind and unbind.
 *
 * A binding belongs to the session that made it and ends with it, so
 * bind holds its binding while the command runs (until a signal or the
 * hold period), and unbind binds and releases at once: which clears a
 * binding a closed session left behind because the firmware refused to
 * release it then (the next bind retries that unbind), and reports how
 * the release went.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "notify.h"
#include "tools-common.h"

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int parse(const struct fnt_cmd *cmd, int argc, char **argv,
		 uint16_t *part, uint64_t *ids, uint64_t *flags,
		 int64_t *hold_ns)
{
	static const struct option opts[] = {
		{ "per-vcpu", no_argument, NULL, 'p' },
		{ "exclusive", no_argument, NULL, 'x' },
		{ "hold-period", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "+pxH:", opts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			*flags |= FFANOTIF_FLAG_PER_VCPU;
			break;
		case 'x':
			if (!hold_ns)
				return fnt_usage_error(cmd, "unknown option");
			*flags |= FFANOTIF_BIND_EXCLUSIVE;
			break;
		case 'H':
			if (!hold_ns)
				return fnt_usage_error(cmd, "unknown option");
			if (fft_parse_period(optarg, hold_ns) < 0)
				return fnt_usage_error(cmd,
						       "bad period '%s' (e.g. "
						       "500ms, 2s)",
						       optarg);
			break;
		default:
			return fnt_usage_error(cmd, "unknown option");
		}
	}
	if (argc - optind != 2)
		return fnt_usage_error(cmd, "needs PARTITION and IDS");
	return fnt_parse_target(cmd, argv + optind, part, ids);
}

static int run_bind(int argc, char **argv)
{
	const struct fnt_cmd *cmd = &fnt_cmd_bind;
	struct ffanotif_event_buffer *buf;
	struct ffanotif_session *s;
	char b[FFT_IDS_STRLEN];
	uint64_t ids, flags = 0, events = 0;
	int64_t hold_ns = -1, end = 0, left;
	uint16_t part;
	int ret, n, watched;

	ret = parse(cmd, argc, argv, &part, &ids, &flags, &hold_ns);
	if (ret)
		return ret;
	buf = ffanotif_event_buffer_new(0);
	if (!buf)
		return fnt_fail(cmd->name, errno, "event buffer");
	fnt_signals_setup();
	s = fnt_open(cmd->name);
	if (!s) {
		ffanotif_event_buffer_free(buf);
		return fnt_fail(cmd->name, errno, "open");
	}
	watched = fnt_receive(s, part, ids, flags);
	if (watched < 0) {
		ret = fnt_fail(cmd->name, errno, "0x%04x IDs %s", part,
			       fft_format_ids(ids, b, sizeof(b)));
		goto out;
	}
	printf("bound 0x%04x IDs %s%s%s; holding until %s\n", part,
	       fft_format_ids(ids, b, sizeof(b)),
	       flags & FFANOTIF_FLAG_PER_VCPU ? " per-vCPU" : "",
	       flags & FFANOTIF_BIND_EXCLUSIVE ? " exclusively" : "",
	       hold_ns >= 0 ? "the hold period ends" : "SIGINT or SIGTERM");
	fflush(stdout);
	if (hold_ns >= 0)
		end = now_ns() + hold_ns;
	for (;;) {
		left = hold_ns < 0 ? -1 : end - now_ns();
		if (hold_ns >= 0 && left <= 0)
			break;
		ret = fnt_wait_fd(ffanotif_session_get_fd(s), left);
		if (ret < 0 && errno == EINTR)
			break;
		if (ret < 0) {
			ret = fnt_fail(cmd->name, errno, "wait");
			goto out;
		}
		if (ret == 0)
			continue;
		/* Taken so that queues do not overflow, and counted. */
		n = ffanotif_session_read_events(s, buf, 0);
		if (n < 0) {
			ret = fnt_fail(cmd->name, errno, "read");
			goto out;
		}
		events += (uint64_t)n;
	}
	if (fnt_release(s, part, ids, watched) < 0) {
		ret = fnt_fail(cmd->name, errno, "unbind");
		goto out;
	}
	printf("released 0x%04x IDs %s; %llu events arrived while held "
	       "(monitor shows them)\n",
	       part, fft_format_ids(ids, b, sizeof(b)),
	       (unsigned long long)events);
	ret = FNT_EXIT_OK;
out:
	ffanotif_session_close(s);
	ffanotif_event_buffer_free(buf);
	return ret;
}

static int run_unbind(int argc, char **argv)
{
	const struct fnt_cmd *cmd = &fnt_cmd_unbind;
	struct ffanotif_session *s;
	char b[FFT_IDS_STRLEN];
	uint64_t ids, flags = 0;
	uint16_t part;
	int ret, watched;

	ret = parse(cmd, argc, argv, &part, &ids, &flags, NULL);
	if (ret)
		return ret;
	s = fnt_open(cmd->name);
	if (!s)
		return fnt_fail(cmd->name, errno, "open");
	fft_format_ids(ids, b, sizeof(b));
	watched = fnt_receive(s, part, ids, flags);
	if (watched < 0)
		ret = fnt_fail(cmd->name, errno, "0x%04x IDs %s", part, b);
	else if (fnt_release(s, part, ids, watched) < 0)
		ret = fnt_fail(cmd->name, errno, "0x%04x IDs %s: release", part,
			       b);
	else
		printf("released 0x%04x IDs %s\n", part, b);
	ffanotif_session_close(s);
	return ret;
}

const struct fnt_cmd fnt_cmd_bind = {
	.name = "bind",
	.args = "[--per-vcpu] [--exclusive] [--hold-period PERIOD] "
		"PARTITION IDS",
	.summary = "bind IDS from PARTITION and hold them while running",
	.run = run_bind,
	.help = "  -p, --per-vcpu            bind per vCPU\n"
		"  -x, --exclusive           hold the IDs alone, on "
		"ffa-notifd too\n"
		"  -H, --hold-period=PERIOD  release after PERIOD (default: "
		"at SIGINT/SIGTERM)\n"
		"\nEvents that arrive meanwhile are taken and counted, not "
		"printed (monitor\nprints them). On ffa-notifd, a bind is a "
		"watch unless --exclusive: others\nmay watch the same IDs.\n",
};

const struct fnt_cmd fnt_cmd_unbind = {
	.name = "unbind",
	.args = "[--per-vcpu] PARTITION IDS",
	.summary = "bind and release at once, clearing a binding left "
		   "behind",
	.run = run_unbind,
	.help = "  -p, --per-vcpu  the IDs are bound per vCPU\n"
		"\nA binding is its session's and ends with it; when the "
		"firmware refused to\nrelease one then (a notification was "
		"pending), the next bind of the ID\nretries. This binds IDS "
		"and releases them, and reports how the release\nwent. IDs "
		"that ffa-notifd holds for its configuration or other "
		"clients stay\nbound by it.\n",
};
