// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffa-notify get and monitor: receive notifications.
 *
 * Both read from an event source.  The one every backend has is a
 * session that binds the IDs asked for (on the daemon, a watch shared
 * with others).  On the kernel module's device, monitor reads the
 * module's generic netlink monitor (FFA_NOTIF_MCGRP_MONITOR) instead:
 * every notification sent, delivered or unclaimed, without binding
 * anything and without taking them from their receivers; its PARTITION
 * IDS operands, optional there, filter.  monitor --bind keeps the session.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
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
	struct ffanotif_session *s; /* a session's events */
	struct ffanotif_event_buffer *buf;
	struct ffanotif_monitor *m; /* or the module's monitor */
	const struct target *t; /* its filter (n == 0: everything) */
	int n;
	unsigned long overruns; /* times the module dropped monitor events */
	/* The fd to wait on. */
	int (*fd)(struct fnt_event_source *src);
	/*
	 * Print what can be read now, at most `max` events (0: no limit):
	 * the number printed (0 if none yet), or -1 with errno.
	 */
	int (*print)(struct fnt_event_source *src, int json, long max);
	void (*close)(struct fnt_event_source *src);
};

static int session_fd(struct fnt_event_source *src)
{
	return ffanotif_session_get_fd(src->s);
}

static int session_print(struct fnt_event_source *src, int json, long max)
{
	int n, i;

	n = ffanotif_session_read_events(src->s, src->buf, 0);
	if (n < 0)
		return -1;
	if (max && n > max)
		n = (int)max;
	for (i = 0; i < n; i++)
		fnt_print_event(ffanotif_event_buffer_get_event(src->buf, i),
				json);
	return n;
}

static void session_close(struct fnt_event_source *src)
{
	ffanotif_session_close(src->s);
	ffanotif_event_buffer_free(src->buf);
}

/*
 * A session with every target bound, its events stamped with `clock`
 * (FFANOTIF_CLOCK_*; set before the first bind, as it must be): 0, or the
 * exit code of a failure.
 */
static int session_source_open(const char *cmd, struct fnt_event_source *src,
			       const struct target *t, int n, uint64_t flags,
			       int clock)
{
	char ids[FFT_IDS_STRLEN];
	int i, ret;

	src->buf = ffanotif_event_buffer_new(0);
	if (!src->buf)
		return fnt_fail(cmd, errno, "event buffer");
	src->s = fnt_open(cmd);
	if (!src->s) {
		ret = fnt_fail(cmd, errno, "open");
		ffanotif_event_buffer_free(src->buf);
		return ret;
	}
	/* MONOTONIC is every backend's default: asked of none. */
	if (clock != FFANOTIF_CLOCK_MONOTONIC &&
	    ffanotif_session_set_event_clock(src->s, clock) < 0) {
		if (errno == EOPNOTSUPP)
			fnt_err(cmd, "this backend stamps events with "
				     "CLOCK_MONOTONIC only");
		ret = fnt_fail(cmd, errno, "--clock");
		session_close(src);
		return ret;
	}
	for (i = 0; i < n; i++) {
		/* Closing the session ends them, watches or bindings. */
		if (fnt_receive(src->s, t[i].part, t[i].ids, flags) < 0) {
			ret = fnt_fail(
				cmd, errno, "bind 0x%04x IDs %s", t[i].part,
				fft_format_ids(t[i].ids, ids, sizeof(ids)));
			session_close(src);
			return ret;
		}
	}
	src->fd = session_fd;
	src->print = session_print;
	src->close = session_close;
	return 0;
}

static const char *monitor_kind(int kind)
{
	switch (kind) {
	case FFANOTIF_MONITOR_SENT:
		return "sent";
	case FFANOTIF_MONITOR_DELIVERED:
		return "delivered";
	case FFANOTIF_MONITOR_UNCLAIMED:
		return "unclaimed";
	default:
		return "unknown";
	}
}

/* One module monitor event, as a line of text or a JSON object; flushed. */
static void print_monitor_event(const struct ffanotif_monitor_event *e,
				int json)
{
	uint64_t ts = ffanotif_monitor_event_get_timestamp_ns(e);
	uint64_t ids = ffanotif_monitor_event_get_notifications(e);
	int per_vcpu = ffanotif_monitor_event_is_per_vcpu(e);
	char buf[FFT_IDS_STRLEN];
	int id, first = 1;

	if (json) {
		printf("{\"kind\":\"%s\",\"timestamp_ns\":%" PRIu64
		       ",\"sender\":\"0x%04x\",\"receiver\":\"0x%04x\","
		       "\"ids\":[",
		       monitor_kind(ffanotif_monitor_event_get_kind(e)), ts,
		       ffanotif_monitor_event_get_sender(e),
		       ffanotif_monitor_event_get_receiver(e));
		for (id = 0; id < 64; id++) {
			if (!(ids & (1ULL << id)))
				continue;
			printf("%s%d", first ? "" : ",", id);
			first = 0;
		}
		printf("],\"per_vcpu\":%s,\"vcpu\":%u,\"pid\":%" PRIu32
		       ",\"file_id\":%" PRIu64 "}\n",
		       per_vcpu ? "true" : "false",
		       ffanotif_monitor_event_get_vcpu(e),
		       ffanotif_monitor_event_get_pid(e),
		       ffanotif_monitor_event_get_file_id(e));
	} else {
		printf("%" PRIu64 ".%09" PRIu64 " %s 0x%04x->0x%04x ids=%s",
		       ts / 1000000000, ts % 1000000000,
		       monitor_kind(ffanotif_monitor_event_get_kind(e)),
		       ffanotif_monitor_event_get_sender(e),
		       ffanotif_monitor_event_get_receiver(e),
		       fft_format_ids(ids, buf, sizeof(buf)));
		if (per_vcpu)
			printf(" vcpu=%u", ffanotif_monitor_event_get_vcpu(e));
		else
			printf(" global");
		printf(" pid=%" PRIu32, ffanotif_monitor_event_get_pid(e));
		if (ffanotif_monitor_event_get_file_id(e))
			printf(" file=%" PRIu64,
			       ffanotif_monitor_event_get_file_id(e));
		printf("\n");
	}
	fflush(stdout);
}

static int module_matches(const struct fnt_event_source *src,
			  const struct ffanotif_monitor_event *e)
{
	uint16_t from = ffanotif_monitor_event_get_sender(e);
	uint16_t to = ffanotif_monitor_event_get_receiver(e);
	uint64_t ids = ffanotif_monitor_event_get_notifications(e);
	int i;

	if (!src->n)
		return 1;
	for (i = 0; i < src->n; i++)
		if ((src->t[i].part == from || src->t[i].part == to) &&
		    (src->t[i].ids & ids))
			return 1;
	return 0;
}

static int module_fd(struct fnt_event_source *src)
{
	return ffanotif_monitor_get_fd(src->m);
}

static int module_print(struct fnt_event_source *src, int json, long max)
{
	struct ffanotif_monitor_event *e;
	int printed = 0;

	while (!max || printed < max) {
		e = ffanotif_monitor_read_event(src->m);
		if (!e) {
			if (errno == EAGAIN)
				break;
			if (errno == ENOBUFS) {
				/* Said at once, and counted for the end. */
				src->overruns++;
				fnt_err(fnt_cmd_monitor.name,
					"the kernel dropped monitor events "
					"(this monitor fell behind)");
				continue;
			}
			if (errno == EPROTO)
				continue; /* skipped by the library */
			return -1;
		}
		if (module_matches(src, e)) {
			print_monitor_event(e, json);
			printed++;
		}
		ffanotif_monitor_event_free(e);
	}
	return printed;
}

static void module_close(struct fnt_event_source *src)
{
	ffanotif_monitor_close(src->m);
}

static int module_source_open(const char *cmd, struct fnt_event_source *src,
			      const struct target *t, int n)
{
	src->m = ffanotif_monitor_open();
	if (!src->m) {
		int err = errno;

		if (err == EPERM)
			fnt_err(cmd,
				"the module's monitor needs CAP_SYS_ADMIN; "
				"monitor --bind watches IDs of your own");
		else if (err == EOPNOTSUPP)
			fnt_err(cmd,
				"the module offers no monitor (loaded with "
				"monitor=0, or its kernel cannot keep it to "
				"administrators); monitor --bind watches IDs "
				"of your own");
		return fnt_fail(cmd, err, "monitor");
	}
	src->t = t;
	src->n = n;
	src->fd = module_fd;
	src->print = module_print;
	src->close = module_close;
	return 0;
}

struct opts {
	uint64_t flags;
	int json;
	int bind; /* monitor --bind: a session even on the device */
	int64_t timeout_ns; /* get --timeout, monitor --idle-timeout */
	long max_events; /* monitor -n; 0: no limit */
	int clock; /* --clock: FFANOTIF_CLOCK_*, -1 when not given */
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
		{ "bind", no_argument, NULL, 'B' },
		{ "clock", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const clocks[] = {
		[FFANOTIF_CLOCK_MONOTONIC] = "monotonic",
		[FFANOTIF_CLOCK_BOOTTIME] = "boottime",
		[FFANOTIF_CLOCK_REALTIME] = "realtime",
	};
	unsigned long n;
	int opt, i, ret;

	o->timeout_ns = -1;
	o->clock = -1;
	while ((opt = getopt_long(argc, argv, "+pjt:i:n:Bk:", opts, NULL)) !=
	       -1) {
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
		case 'B':
			if (!monitor)
				return fnt_usage_error(cmd, "unknown option");
			o->bind = 1;
			break;
		case 'k':
			o->clock = -1;
			for (i = 0; i < (int)(sizeof(clocks) / sizeof(*clocks));
			     i++)
				if (strcmp(optarg, clocks[i]) == 0)
					o->clock = i;
			if (o->clock < 0)
				return fnt_usage_error(
					cmd,
					"bad clock '%s' (monotonic, "
					"boottime, realtime)",
					optarg);
			break;
		default:
			return fnt_usage_error(cmd, "unknown option");
		}
	}
	argc -= optind;
	argv += optind;
	/* monitor may have none: checked once the backend is known. */
	if ((!monitor && argc != 2) || argc % 2)
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
	struct fnt_event_source src = { 0 };
	struct opts o = { 0 };
	int ret, n, total = 0;
	int64_t wait_ns;

	ret = parse(cmd, argc, argv, &o, 0);
	if (ret)
		return ret;
	fnt_signals_setup();
	ret = session_source_open(cmd->name, &src, o.t, o.n, o.flags,
				  o.clock < 0 ? FFANOTIF_CLOCK_MONOTONIC
					      : o.clock);
	if (ret)
		return ret;
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
		n = src.print(&src, o.json, 0);
		if (n < 0) {
			ret = read_error(cmd->name, errno);
			break;
		}
		total += n;
	}
	src.close(&src);
	if (ret == FNT_EXIT_OK && !total)
		ret = FNT_EXIT_NOTHING;
	return ret;
}

static int run_monitor(int argc, char **argv)
{
	const struct fnt_cmd *cmd = &fnt_cmd_monitor;
	struct fnt_event_source src = { 0 };
	struct opts o = { 0 };
	long total = 0;
	int ret, n, module = 0;

	ret = parse(cmd, argc, argv, &o, 1);
	if (ret)
		return ret;
	if (!o.bind) {
		module = fnt_module_backend(cmd->name);
		if (module < 0)
			return -module;
	}
	if (module && (o.flags & FFANOTIF_FLAG_PER_VCPU))
		return fnt_usage_error(cmd, "--per-vcpu binds: only with "
					    "--bind on the device backend");
	/* The module's monitor stamps its events with CLOCK_MONOTONIC. */
	if (module && o.clock > FFANOTIF_CLOCK_MONOTONIC)
		return fnt_usage_error(cmd, "--clock is a session's: only "
					    "with --bind on the device "
					    "backend");
	if (!module && !o.n)
		return fnt_usage_error(cmd, "needs PARTITION IDS pairs to "
					    "bind (optional only for the "
					    "device backend's monitor)");
	fnt_signals_setup();
	if (module)
		ret = module_source_open(cmd->name, &src, o.t, o.n);
	else
		ret = session_source_open(cmd->name, &src, o.t, o.n, o.flags,
					  o.clock < 0 ? FFANOTIF_CLOCK_MONOTONIC
						      : o.clock);
	if (ret)
		return ret;
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
		n = src.print(&src, o.json,
			      o.max_events ? o.max_events - total : 0);
		if (n < 0) {
			ret = read_error(cmd->name, errno);
			break;
		}
		total += n;
		if (o.max_events && total >= o.max_events) {
			ret = FNT_EXIT_OK;
			break;
		}
	}
	if (src.overruns) {
		fnt_err(cmd->name,
			"the kernel dropped monitor events %lu time(s); see "
			"the module's monitor_drops too",
			src.overruns);
		if (ret == FNT_EXIT_OK)
			ret = FNT_EXIT_ERROR;
	}
	src.close(&src);
	return ret;
}

const struct fnt_cmd fnt_cmd_get = {
	.name = "get",
	.args = "[--per-vcpu] [--timeout PERIOD] [--clock CLOCK] [--json] "
		"PARTITION IDS",
	.summary = "take pending notifications, or wait for them",
	.run = run_get,
	.help = "  -p, --per-vcpu        bind the IDs per vCPU\n"
		"  -t, --timeout=PERIOD  wait up to PERIOD for a first "
		"notification\n"
		"                        (500ms, 2s, 1m; a bare number is "
		"ms)\n"
		"  -k, --clock=CLOCK     stamp events with monotonic (the "
		"default),\n"
		"                        boottime or realtime (not on "
		"ffa-notifd)\n"
		"  -j, --json            one JSON object per event\n"
		"\nBinds IDS from PARTITION and prints what is pending: on "
		"ffa-notifd, what\narrived for its configured bindings while "
		"nobody watched. Exit status 5 when\nnothing came.\n",
};

const struct fnt_cmd fnt_cmd_monitor = {
	.name = "monitor",
	.args = "[-n N] [--idle-timeout PERIOD] [--json] [--bind] "
		"[--per-vcpu] [--clock CLOCK] [PARTITION IDS]...",
	.summary = "print notifications as they arrive",
	.run = run_monitor,
	.help = "  -n, --num-events=N         exit after N events\n"
		"  -i, --idle-timeout=PERIOD  exit after PERIOD without "
		"events (500ms, 2s)\n"
		"  -j, --json                 one JSON object per line\n"
		"  -B, --bind                 bind the IDs and print what "
		"arrives, even on\n"
		"                             the device backend\n"
		"  -p, --per-vcpu             bind the IDs per vCPU (with "
		"binding)\n"
		"  -k, --clock=CLOCK          stamp events with monotonic "
		"(the default),\n"
		"                             boottime or realtime (with "
		"binding; not on\n"
		"                             ffa-notifd)\n"
		"\nOn the daemon and the simulator, monitor binds PARTITION "
		"IDS (one pair at\nleast) and prints one line per event, "
		"flushed at once:\n"
		"  SECONDS.NANOSECONDS SENDER ids=IDS global|vcpu=N seq=N "
		"dropped=N\n"
		"dropped counts notifications lost before this event "
		"(queue overflow).\n"
		"\nOn the device backend (the kernel module) it binds nothing: "
		"it watches the\nmodule's generic netlink monitor "
		"(CAP_SYS_ADMIN) and prints every notification\nsent, "
		"delivered to an open file, or unclaimed; PARTITION IDS, if "
		"any, filter:\n"
		"  SECONDS.NANOSECONDS KIND SENDER->RECEIVER ids=IDS "
		"global|vcpu=N pid=N [file=N]\n"
		"Events the kernel dropped because this monitor fell behind "
		"are reported on\nstderr and make the exit status 1.\n"
		"\nSIGINT and SIGTERM end it with status 0.\n",
};
