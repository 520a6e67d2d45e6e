// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffa-notify get and monitor: receive notifications.
 *
 * Both read from an event source.  The one every backend has is a
 * session that binds the IDs asked for (on the daemon, a watch shared
 * with others).  The device backend's generic netlink monitor
 * (FFA_NOTIF_MCGRP_MONITOR) will be a second source for monitor: every
 * notification sent and delivered, without binding anything.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "tools-common.h"

#define MAX_TARGETS 32

struct target {
	uint16_t part;
	uint64_t ids;
};

struct fnt_event_source {
	struct ffanotif_session *s;
	/* The fd to wait on. */
	int (*fd)(struct fnt_event_source *src);
	/* Events into buf: count, 0 if none yet, -1 with errno. */
	int (*read)(struct fnt_event_source *src,
		    struct ffanotif_event_buffer *buf);
	void (*close)(struct fnt_event_source *src);
};

static int session_fd(struct fnt_event_source *src)
{
	return ffanotif_session_get_fd(src->s);
}

static int session_read(struct fnt_event_source *src,
			struct ffanotif_event_buffer *buf)
{
	return ffanotif_session_read_events(src->s, buf, 0);
}

static void session_close(struct fnt_event_source *src)
{
	ffanotif_session_close(src->s);
}

/* A session with every target bound: 0, or the exit code of a failure. */
static int session_source_open(const char *cmd, struct fnt_event_source *src,
			       const struct target *t, int n, uint64_t flags)
{
	char buf[FFT_IDS_STRLEN];
	int i, ret;

	src->s = fnt_open(cmd);
	if (!src->s)
		return fnt_fail(cmd, errno, "open");
	for (i = 0; i < n; i++) {
		if (ffanotif_session_bind(src->s, t[i].part, t[i].ids, flags) <
		    0) {
			ret = fnt_fail(
				cmd, errno, "bind 0x%04x IDs %s", t[i].part,
				fft_format_ids(t[i].ids, buf, sizeof(buf)));
			ffanotif_session_close(src->s);
			return ret;
		}
	}
	src->fd = session_fd;
	src->read = session_read;
	src->close = session_close;
	return 0;
}

struct opts {
	uint64_t flags;
	int json;
	int64_t timeout_ns; /* get --timeout, monitor --idle-timeout */
	long max_events; /* monitor -n; 0: no limit */
	struct target t[MAX_TARGETS];
	int n;
};

static int parse(const struct fnt_cmd *cmd, int argc, char **argv,
		 struct opts *o, int monitor)
{
	static const struct option opts[] = {
		{ "per-vcpu", no_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "idle-timeout", required_argument, NULL, 'i' },
		{ "num-events", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long n;
	int opt, i, ret;

	o->timeout_ns = -1;
	while ((opt = getopt_long(argc, argv, "+pjt:i:n:", opts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			o->flags |= FFANOTIF_FLAG_PER_VCPU;
			break;
		case 'j':
			o->json = 1;
			break;
		case 't':
		case 'i':
			if (monitor != (opt == 'i'))
				return fnt_usage_error(cmd, "unknown option");
			if (fft_parse_period(optarg, &o->timeout_ns) < 0)
				return fnt_usage_error(cmd,
						       "bad period '%s' (e.g. "
						       "500ms, 2s)",
						       optarg);
			break;
		case 'n':
			if (!monitor)
				return fnt_usage_error(cmd, "unknown option");
			if (fft_parse_uint(optarg, 1, LONG_MAX, &n) < 0)
				return fnt_usage_error(
					cmd, "bad event count '%s'", optarg);
			o->max_events = (long)n;
			break;
		default:
			return fnt_usage_error(cmd, "unknown option");
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2 || argc % 2 || (!monitor && argc != 2))
		return fnt_usage_error(cmd, "needs PARTITION IDS%s",
				       monitor ? " pairs" : "");
	if (argc / 2 > MAX_TARGETS)
		return fnt_usage_error(cmd, "more than %d PARTITION IDS pairs",
				       MAX_TARGETS);
	for (i = 0; i < argc; i += 2) {
		ret = fnt_parse_target(cmd, argv + i, &o->t[o->n].part,
				       &o->t[o->n].ids);
		if (ret)
			return ret;
		o->n++;
	}
	return 0;
}

static int read_error(const char *cmd, int err)
{
	if (err == ENODEV)
		fnt_err(cmd, "the backend went away (daemon stopped?)");
	return fnt_fail(cmd, err, "read");
}

static int run_get(int argc, char **argv)
{
	const struct fnt_cmd *cmd = &fnt_cmd_get;
	struct fnt_event_source src;
	struct ffanotif_event_buffer *buf;
	struct opts o = { 0 };
	int ret, n, i, total = 0;
	int64_t wait_ns;

	ret = parse(cmd, argc, argv, &o, 0);
	if (ret)
		return ret;
	buf = ffanotif_event_buffer_new(0);
	if (!buf)
		return fnt_fail(cmd->name, errno, "event buffer");
	fnt_signals_setup();
	ret = session_source_open(cmd->name, &src, o.t, o.n, o.flags);
	if (ret) {
		ffanotif_event_buffer_free(buf);
		return ret;
	}
	/* Without --timeout, what is pending only: handed over with the
	 * bind, so it is there already.  With it, the first may come later.
	 */
	wait_ns = o.timeout_ns >= 0 ? o.timeout_ns : 0;
	for (;;) {
		ret = fnt_wait_fd(src.fd(&src), total ? 0 : wait_ns);
		if (ret < 0 && errno == EINTR) {
			ret = FNT_EXIT_OK;
			break;
		}
		if (ret < 0) {
			ret = fnt_fail(cmd->name, errno, "wait");
			break;
		}
		if (ret == 0) {
			ret = FNT_EXIT_OK;
			break;
		}
		n = src.read(&src, buf);
		if (n < 0) {
			ret = read_error(cmd->name, errno);
			break;
		}
		for (i = 0; i < n; i++)
			fnt_print_event(ffanotif_event_buffer_get_event(buf, i),
					o.json);
		total += n;
	}
	src.close(&src);
	ffanotif_event_buffer_free(buf);
	if (ret == FNT_EXIT_OK && !total)
		ret = FNT_EXIT_NOTHING;
	return ret;
}

static int run_monitor(int argc, char **argv)
{
	const struct fnt_cmd *cmd = &fnt_cmd_monitor;
	struct fnt_event_source src;
	struct ffanotif_event_buffer *buf;
	struct opts o = { 0 };
	long total = 0;
	int ret, n, i;

	ret = parse(cmd, argc, argv, &o, 1);
	if (ret)
		return ret;
	buf = ffanotif_event_buffer_new(0);
	if (!buf)
		return fnt_fail(cmd->name, errno, "event buffer");
	fnt_signals_setup();
	ret = session_source_open(cmd->name, &src, o.t, o.n, o.flags);
	if (ret) {
		ffanotif_event_buffer_free(buf);
		return ret;
	}
	for (;;) {
		ret = fnt_wait_fd(src.fd(&src), o.timeout_ns);
		if (ret == 0 || (ret < 0 && errno == EINTR)) {
			/* Idle long enough, or told to stop: done. */
			ret = FNT_EXIT_OK;
			break;
		}
		if (ret < 0) {
			ret = fnt_fail(cmd->name, errno, "wait");
			break;
		}
		n = src.read(&src, buf);
		if (n < 0) {
			ret = read_error(cmd->name, errno);
			break;
		}
		for (i = 0; i < n && (!o.max_events || total < o.max_events);
		     i++, total++)
			fnt_print_event(ffanotif_event_buffer_get_event(buf, i),
					o.json);
		if (o.max_events && total >= o.max_events) {
			ret = FNT_EXIT_OK;
			break;
		}
	}
	src.close(&src);
	ffanotif_event_buffer_free(buf);
	return ret;
}

const struct fnt_cmd fnt_cmd_get = {
	.name = "get",
	.args = "[--per-vcpu] [--timeout PERIOD] [--json] PARTITION IDS",
	.summary = "take pending notifications, or wait for them",
	.run = run_get,
	.help = "  -p, --per-vcpu        bind the IDs per vCPU\n"
		"  -t, --timeout=PERIOD  wait up to PERIOD for a first "
		"notification\n"
		"                        (500ms, 2s, 1m; a bare number is "
		"ms)\n"
		"  -j, --json            one JSON object per event\n"
		"\nBinds IDS from PARTITION and prints what is pending: on "
		"ffa-notifd, what\narrived for its configured bindings while "
		"nobody watched. Exit status 5 when\nnothing came.\n",
};

const struct fnt_cmd fnt_cmd_monitor = {
	.name = "monitor",
	.args = "[-n N] [--idle-timeout PERIOD] [--json] [--per-vcpu] "
		"PARTITION IDS [PARTITION IDS]...",
	.summary = "print notifications as they arrive",
	.run = run_monitor,
	.help = "  -n, --num-events=N         exit after N events\n"
		"  -i, --idle-timeout=PERIOD  exit after PERIOD without "
		"events (500ms, 2s)\n"
		"  -j, --json                 one JSON object per line\n"
		"  -p, --per-vcpu             bind the IDs per vCPU\n"
		"\nOne line per event, flushed at once:\n"
		"  SECONDS.NANOSECONDS SENDER ids=IDS global|vcpu=N seq=N "
		"dropped=N\n"
		"dropped counts notifications lost before this event "
		"(queue overflow).\nSIGINT and SIGTERM end it with status "
		"0.\n",
};
