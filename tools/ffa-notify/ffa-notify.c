// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffa-notify: FF-A notifications from a shell (ffa-notify(1)).
 *
 * Global options choose the backend; a subcommand does one thing and
 * says by its exit code how it went, so that scripts can tell "refused"
 * and "not supported here" from other failures.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <time.h>

#include "fnd_conn.h"
#include "fnd_proto.h"
#include "notify.h"
#include "tools-common.h"

#ifndef FNT_VERSION
#define FNT_VERSION "unknown"
#endif

const char *fnt_backend;

static const struct fnt_cmd *const commands[] = {
	&fnt_cmd_send, &fnt_cmd_get,	  &fnt_cmd_monitor,
	&fnt_cmd_bind, &fnt_cmd_unbind,	  &fnt_cmd_list,
	&fnt_cmd_info, &fnt_cmd_sim_ring, &fnt_cmd_stats,
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: ffa-notify [OPTION]... COMMAND [ARG]...\n"
		   "FF-A notifications: ring secure partitions, receive what "
		   "they ring.\n\nCommands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name,
			commands[i]->summary);
	fprintf(f, "\nOptions:\n"
		   "  -b, --backend=NAME  auto (default), device, daemon, sim "
		   "(or\n"
		   "                      FFANOTIF_BACKEND)\n"
		   "      --daemon        --backend=daemon\n"
		   "      --sim           --backend=sim (an in-process "
		   "simulator)\n"
		   "  -s, --socket=PATH   the daemon's socket (or "
		   "FFANOTIFD_SOCKET;\n"
		   "                      default " FND_DEFAULT_SOCKET ")\n"
		   "  -h, --help          this text; COMMAND --help for a "
		   "command's\n"
		   "  -v, --version       versions of the tool, library and "
		   "protocol\n"
		   "\nPARTITION is an FF-A ID (0x8001); IDS a list of "
		   "notification IDs\n"
		   "0-63 (3, 0-7,12, all).\n"
		   "\nExit status: 0 ok, 1 error, 2 usage, 3 denied, 4 not "
		   "supported,\n"
		   "5 nothing received (get).\n");
}

void fnt_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ffa-notify%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int fnt_fail(const char *cmd, int err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fnt_err(cmd, "%s: %s", msg, strerror(err));
	switch (err) {
	case EACCES:
	case EPERM:
		return FNT_EXIT_DENIED;
	case EOPNOTSUPP:
	case ENOTTY:
		return FNT_EXIT_UNSUPPORTED;
	default:
		return FNT_EXIT_ERROR;
	}
}

void fnt_print_help(const struct fnt_cmd *cmd, FILE *f)
{
	fprintf(f, "Usage: ffa-notify %s %s\n%s\n\n%s", cmd->name, cmd->args,
		cmd->summary, cmd->help);
}

int fnt_usage_error(const struct fnt_cmd *cmd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fnt_err(cmd->name, "%s", msg);
	fprintf(stderr,
		"Usage: ffa-notify %s %s\n"
		"Try 'ffa-notify %s --help'.\n",
		cmd->name, cmd->args, cmd->name);
	return FNT_EXIT_USAGE;
}

/* NULL or "auto" here, and no other choice in FFANOTIF_BACKEND. */
static int is_auto(const char *name)
{
	if (!name || !*name)
		name = secure_getenv("FFANOTIF_BACKEND");
	return !name || !*name || strcmp(name, "auto") == 0;
}

struct ffanotif_session *fnt_open(const char *cmd)
{
	struct ffanotif_session *s = ffanotif_session_open(fnt_backend);

	if (!s) {
		int err = errno;

		fnt_err(cmd, "cannot open backend '%s': %s%s",
			fnt_backend ? fnt_backend : "auto", strerror(err),
			err == ENODEV && fnt_backend &&
					strcmp(fnt_backend, "daemon") == 0
				? " (is ffa-notifd running?)"
			: err == ENODEV && is_auto(fnt_backend)
				? " (no /dev/ffa-notif and no ffa-notifd: "
				  "--sim for the simulator)"
			: err == EINVAL && secure_getenv(
						   "FFANOTIF_SIM_PERSONALITY")
				? " (FFANOTIF_SIM_PERSONALITY: hafnium, "
				  "hafnium+strict or optee)"
				: "");
		errno = err;
	}
	return s;
}

int fnt_receive(struct ffanotif_session *s, uint16_t part, uint64_t ids,
		uint64_t flags)
{
	if (flags & FFANOTIF_BIND_EXCLUSIVE)
		return ffanotif_session_bind(s, part, ids, flags);
	if (ffanotif_session_watch(s, part, ids, flags) == 0)
		return 1;
	if (errno != EOPNOTSUPP)
		return -1;
	/* No watches here (or not of this mode: the bind says so too). */
	return ffanotif_session_bind(s, part, ids,
				     flags | FFANOTIF_BIND_EXCLUSIVE);
}

int fnt_release(struct ffanotif_session *s, uint16_t part, uint64_t ids,
		int watched)
{
	return watched ? ffanotif_session_unwatch(s, part, ids)
		       : ffanotif_session_unbind(s, part, ids);
}

int fnt_module_backend(const char *cmd)
{
	const char *name =
		fnt_backend ? fnt_backend : secure_getenv("FFANOTIF_BACKEND");
	struct ffanotif_session *s;
	int ret;

	if (is_auto(name)) {
		/* What auto picks: the library decides, as for any command. */
		s = fnt_open(cmd);
		if (!s)
			return -fnt_fail(cmd, errno, "open");
		ret = strcmp(ffanotif_session_get_backend(s), "device") == 0;
		ffanotif_session_close(s);
		return ret;
	}
	return strcmp(name, "device") == 0;
}

int fnt_parse_target(const struct fnt_cmd *cmd, char **argv, uint16_t *part,
		     uint64_t *ids)
{
	if (fft_parse_partition(argv[0], part) < 0)
		return fnt_usage_error(cmd,
				       "bad partition ID '%s' (a secure "
				       "partition's, e.g. 0x8001)",
				       argv[0]);
	if (fft_parse_ids(argv[1], ids) < 0)
		return fnt_usage_error(cmd,
				       "bad notification IDs '%s' (0-63, e.g. "
				       "3 or 0-7,12 or all)",
				       argv[1]);
	return 0;
}

void fnt_json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putchar('"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

void fnt_print_event(const struct ffanotif_event *e, int json)
{
	uint64_t ts = ffanotif_event_get_timestamp_ns(e);
	uint64_t ids = ffanotif_event_get_notifications(e);
	char buf[FFT_IDS_STRLEN];
	int id, first = 1;

	if (json) {
		printf("{\"seqno\":%" PRIu64 ",\"timestamp_ns\":%" PRIu64
		       ",\"sender\":\"0x%04x\",\"ids\":[",
		       ffanotif_event_get_seqno(e), ts,
		       ffanotif_event_get_sender(e));
		for (id = 0; id < 64; id++) {
			if (!(ids & (1ULL << id)))
				continue;
			printf("%s%d", first ? "" : ",", id);
			first = 0;
		}
		printf("],\"per_vcpu\":%s,\"vcpu\":%u,\"dropped\":%" PRIu32
		       "}\n",
		       ffanotif_event_is_per_vcpu(e) ? "true" : "false",
		       ffanotif_event_get_vcpu(e),
		       ffanotif_event_get_dropped(e));
	} else {
		printf("%" PRIu64 ".%09" PRIu64 " 0x%04x ids=%s",
		       ts / 1000000000, ts % 1000000000,
		       ffanotif_event_get_sender(e),
		       fft_format_ids(ids, buf, sizeof(buf)));
		if (ffanotif_event_is_per_vcpu(e))
			printf(" vcpu=%u", ffanotif_event_get_vcpu(e));
		else
			printf(" global");
		printf(" seq=%" PRIu64 " dropped=%" PRIu32 "\n",
		       ffanotif_event_get_seqno(e),
		       ffanotif_event_get_dropped(e));
	}
	/* A pipe sees each event as it comes. */
	fflush(stdout);
}

/* ---- signals and waiting ------------------------------------------------ */

static volatile sig_atomic_t got_signal;
static sigset_t wait_mask;

static void on_signal(int sig)
{
	got_signal = sig;
}

void fnt_signals_setup(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
}

int fnt_signalled(void)
{
	return got_signal != 0;
}

int fnt_wait_fd(int fd, int64_t timeout_ns)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct timespec ts, *tsp = NULL;
	int ret;

	if (got_signal) {
		errno = EINTR;
		return -1;
	}
	if (timeout_ns >= 0) {
		ts.tv_sec = timeout_ns / 1000000000;
		ts.tv_nsec = timeout_ns % 1000000000;
		tsp = &ts;
	}
	/* Signals get through only here, so they cut the wait short. */
	ret = ppoll(&pfd, 1, tsp, &wait_mask);
	if (ret < 0)
		return -1;
	if (ret > 0 && (pfd.revents & (POLLERR | POLLNVAL))) {
		errno = EIO;
		return -1;
	}
	/* POLLHUP too is readable: the read says what ended. */
	return ret > 0;
}

/* ---- main ------------------------------------------------------------------- */

static int run_command(const struct fnt_cmd *cmd, int argc, char **argv)
{
	int i;

	/* --help anywhere before "--" is help, as people type it. */
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fnt_print_help(cmd, stdout);
			return FNT_EXIT_OK;
		}
	}
	optind = 0;
	return cmd->run(argc, argv);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "daemon", no_argument, NULL, 'D' },
		{ "sim", no_argument, NULL, 'S' },
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	size_t i;
	int opt;

	while ((opt = getopt_long(argc, argv, "+b:s:hv", opts, NULL)) != -1) {
		switch (opt) {
		case 'b':
			/* A name the library does not know is a typo here,
			 * not a failure of the library.
			 */
			if (strcmp(optarg, "auto") != 0 &&
			    strcmp(optarg, "daemon") != 0 &&
			    strcmp(optarg, "sim") != 0 &&
			    strcmp(optarg, "device") != 0) {
				fnt_err(NULL,
					"unknown backend '%s' (auto, daemon, "
					"sim, device)",
					optarg);
				return FNT_EXIT_USAGE;
			}
			fnt_backend = optarg;
			break;
		case 'D':
			fnt_backend = "daemon";
			break;
		case 'S':
			fnt_backend = "sim";
			break;
		case 's':
			if (!*optarg) {
				fnt_err(NULL, "empty socket path");
				return FNT_EXIT_USAGE;
			}
			setenv("FFANOTIFD_SOCKET", optarg, 1);
			break;
		case 'h':
			usage(stdout);
			return FNT_EXIT_OK;
		case 'v':
			printf("ffa-notify %s\nlibffanotif API %s\nffa-notifd "
			       "protocol %d\n",
			       FNT_VERSION, ffanotif_api_version(),
			       FND_PROTO_VERSION);
			return FNT_EXIT_OK;
		default:
			fprintf(stderr, "Try 'ffa-notify --help'.\n");
			return FNT_EXIT_USAGE;
		}
	}
	if (optind == argc) {
		fnt_err(NULL, "no command");
		usage(stderr);
		return FNT_EXIT_USAGE;
	}
	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(argv[optind], commands[i]->name) == 0)
			return run_command(commands[i], argc - optind,
					   argv + optind);
	fnt_err(NULL, "unknown command '%s'", argv[optind]);
	fprintf(stderr, "Try 'ffa-notify --help'.\n");
	return FNT_EXIT_USAGE;
}
