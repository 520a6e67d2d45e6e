// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffa-notifd: one owner for the FF-A notification IDs of this endpoint,
 * serving every process the policy allows (ffa-notifd(8)).
 *
 * Start-up order matters to systemd: the backend is opened and the
 * configured bindings made before the socket is listened on, and READY=1
 * is sent only when all of it holds, so that a unit ordered after us
 * finds the bindings in place.  Those are made here, with nobody to
 * serve yet; from then on, backend calls are the worker's (worker.c).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <ffanotif.h>
#include <linux/ffa_notif.h>

#include "client.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "metrics.h"
#include "queue.h"
#include "reload.h"
#include "sdnotify.h"
#include "server.h"
#include "tools-common.h"
#include "worker.h"

#ifndef FND_SYSCONF_PATH
#define FND_SYSCONF_PATH "/etc/ffa-notifd.conf"
#endif
#ifndef FND_VERSION
#define FND_VERSION "unknown"
#endif
/* How the systemd protocols are spoken (sdnotify.c, log.c). */
#ifdef FND_HAVE_LIBSYSTEMD
#define FND_SYSTEMD_WITH "libsystemd"
#else
#define FND_SYSTEMD_WITH "built-in (-Dsystemd=disabled)"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ffa-notifd [OPTION]...\n"
		"Own the FF-A notification IDs of this endpoint and serve them "
		"to processes\n"
		"over a unix socket, as the policy allows.\n"
		"\n"
		"  -c, --config=FILE   configuration (default " FND_SYSCONF_PATH
		")\n"
		"  -s, --socket=PATH   socket to listen on when systemd passes "
		"none\n"
		"                      (default: the configuration's, else "
		"%s)\n"
		"  -b, --backend=NAME  device or sim (default: the "
		"configuration's, else device)\n"
		"      --sim           the embedded simulator (--backend=sim)\n"
		"      --metrics-file=PATH  write metrics for node_exporter's "
		"textfile\n"
		"                      collector to PATH (*.prom; default: the "
		"configuration's)\n"
		"      --metrics-interval=SECONDS  every SECONDS (1..86400; "
		"default 15)\n"
		"      --check-config  read the configuration, report errors, "
		"exit\n"
		"      --reload=PID    SIGHUP to the daemon PID, and wait "
		"until its reload\n"
		"                      is done (exit 0) or refused (1): the "
		"unit's ExecReload=\n"
		"  -d, --debug         log debug messages\n"
		"  -h, --help          this text\n"
		"  -V, --version       versions of the daemon, library and "
		"protocol\n"
		"\n"
		"Signals: SIGHUP reloads the policy and bindings, SIGTERM and "
		"SIGINT stop.\n"
		"See ffa-notifd(8) and ffa-notifd.conf(5).\n",
		FND_DEFAULT_SOCKET);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct fnd_daemon *d = arg;

	(void)what;
	if (sig == SIGHUP) {
		fnd_daemon_reload(d);
		return;
	}
	log_info("%s: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	event_base_loopbreak(d->base);
}

static void on_watchdog(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	/* From the loop itself: a wedged loop stops the pings. */
	fnd_sd_notify("WATCHDOG=1");
}

static void on_backend(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	fnd_daemon_drain(arg);
}

/* The provider as the uAPI numbers it, for the clients' own
 * ffanotif_info_get_backend() ("unknown" stays 0).
 */
static uint32_t provider_number(const char *provider)
{
	if (strcmp(provider, "arm_ffa") == 0)
		return FFA_NOTIF_BACKEND_ARM_FFA;
	if (strcmp(provider, "native") == 0)
		return FFA_NOTIF_BACKEND_NATIVE;
	if (strcmp(provider, "sim") == 0)
		return FFA_NOTIF_BACKEND_SIM;
	return 0;
}

static int open_backend(struct fnd_daemon *d, const char *name)
{
	struct ffanotif_info *info;

	if (strcmp(name, "device") != 0 && strcmp(name, "sim") != 0) {
		/* Never "daemon" or "auto": we would be our own client. */
		log_err("backend '%s': the daemon runs on device or sim", name);
		return -1;
	}
	d->be = ffanotif_session_open(name);
	if (!d->be) {
		log_err("backend '%s': %s%s", name, strerror(errno),
			errno == ENOENT
				? " (no /dev/ffa-notif: is ffa_notif.ko "
				  "loaded? --sim runs the simulator)"
				: "");
		return -1;
	}
	info = ffanotif_session_get_info(d->be);
	d->buf = ffanotif_event_buffer_new(0);
	if (!info || !d->buf) {
		log_err("backend '%s': %s", name, strerror(errno));
		ffanotif_info_free(info);
		return -1;
	}
	snprintf(d->backend_name, sizeof(d->backend_name), "%s", name);
	memcpy(d->info.backend_name, d->backend_name,
	       sizeof(d->info.backend_name));
	d->info.api_version = ffanotif_info_get_uapi_version(info);
	d->info.ffa_version = ffanotif_info_get_ffa_version(info);
	d->info.features = (ffanotif_info_has_per_vcpu(info) ? 1ULL << 0 : 0) |
			   (ffanotif_info_has_sim_ring(info) ? 1ULL << 1 : 0) |
			   (1ULL << 2); /* GET_STATS: ours, per client */
	d->info.backend = provider_number(ffanotif_info_get_backend(info));
	d->info.own_id = ffanotif_info_get_own_id(info);
	d->info.vcpu_count = ffanotif_info_get_vcpu_count(info);
	d->info.max_ids = ffanotif_info_get_max_ids(info);
	d->info.sri_intid = ffanotif_info_get_sri_intid(info);
	log_info("backend %s (%s): FF-A v%u.%u, endpoint 0x%04x, %u vCPUs",
		 name, ffanotif_info_get_backend(info),
		 d->info.ffa_version >> 16, d->info.ffa_version & 0xffff,
		 d->info.own_id, d->info.vcpu_count);
	ffanotif_info_free(info);
	d->be_ev = event_new(d->base, ffanotif_session_get_fd(d->be),
			     EV_READ | EV_PERSIST, on_backend, d);
	if (!d->be_ev || event_add(d->be_ev, NULL) < 0) {
		log_err("cannot watch the backend");
		return -1;
	}
	return 0;
}

static int setup_signals_and_watchdog(struct fnd_daemon *d)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	uint64_t wd = fnd_sd_watchdog_usec();
	struct timeval tv;
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < 3; i++) {
		d->sig_ev[i] = evsignal_new(d->base, sigs[i], on_signal, d);
		if (!d->sig_ev[i] || event_add(d->sig_ev[i], NULL) < 0)
			return -1;
	}
	if (wd) {
		/* Twice per period, as sd_watchdog_enabled(3) advises. */
		tv.tv_sec = (time_t)(wd / 2 / 1000000);
		tv.tv_usec = (suseconds_t)(wd / 2 % 1000000);
		d->watchdog_ev =
			event_new(d->base, -1, EV_PERSIST, on_watchdog, d);
		if (!d->watchdog_ev || event_add(d->watchdog_ev, &tv) < 0)
			return -1;
		log_debug("watchdog: every %llu us",
			  (unsigned long long)(wd / 2));
	}
	return 0;
}

/* From here, backend calls are made off the loop (worker.c). */
static int start_worker(struct fnd_daemon *d)
{
	int ret = fnd_worker_start(d);

	if (ret < 0)
		log_err("cannot start the backend worker: %s", strerror(-ret));
	return ret;
}

static void shutdown_daemon(struct fnd_daemon *d)
{
	struct fnd_client *c;
	size_t i;

	/* No new connections while the clients go. */
	fnd_server_close(d);
	/* A backend call under way is waited for; nothing more is made
	 * (closing the session releases what the daemon holds).
	 */
	fnd_worker_stop(d);
	fnd_metrics_file_stop(d);
	free(d->metrics_file);
	for (c = d->clients; c; c = c->next)
		fnd_client_destroy(c);
	/* Run the deferred frees of the clients. */
	if (d->base)
		event_base_loop(d->base, EVLOOP_NONBLOCK);
	for (i = 0; i < 3; i++)
		if (d->sig_ev[i])
			event_free(d->sig_ev[i]);
	if (d->watchdog_ev)
		event_free(d->watchdog_ev);
	if (d->status_ev)
		event_free(d->status_ev);
	if (d->be_ev)
		event_free(d->be_ev);
	ffanotif_event_buffer_free(d->buf);
	/* Unbinds everything the daemon held. */
	ffanotif_session_close(d->be);
	fnd_queue_fini(&d->pending);
	fnd_config_free(d->config);
	if (d->base)
		event_base_free(d->base);
}

int main(int argc, char **argv)
{
	enum {
		OPT_SIM = 256,
		OPT_CHECK,
		OPT_METRICS_FILE,
		OPT_METRICS_INTERVAL,
		OPT_RELOAD
	};
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' },
		{ "backend", required_argument, NULL, 'b' },
		{ "sim", no_argument, NULL, OPT_SIM },
		{ "check-config", no_argument, NULL, OPT_CHECK },
		{ "metrics-file", required_argument, NULL, OPT_METRICS_FILE },
		{ "metrics-interval", required_argument, NULL,
		  OPT_METRICS_INTERVAL },
		{ "reload", required_argument, NULL, OPT_RELOAD },
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct fnd_daemon d = { .listen_fd = -1, .exit_code = 0 };
	const char *config = NULL, *socket_path = NULL, *backend = NULL;
	const char *metrics_file = NULL, *why;
	unsigned long metrics_interval = 0, reload_pid;
	int opt, debug = 0, check = 0;

	while ((opt = getopt_long(argc, argv, "c:s:b:dhV", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config = optarg;
			break;
		case 's':
			socket_path = optarg;
			break;
		case 'b':
			backend = optarg;
			break;
		case OPT_SIM:
			backend = "sim";
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_METRICS_FILE:
			why = fnd_config_metrics_path_error(optarg);
			if (why) {
				fprintf(stderr,
					"ffa-notifd: --metrics-file '%s': %s "
					"(/PATH/NAME.prom)\n",
					optarg, why);
				return 2;
			}
			metrics_file = optarg;
			break;
		case OPT_METRICS_INTERVAL:
			if (fft_parse_uint(optarg, 1, FND_MAX_METRICS_INTERVAL,
					   &metrics_interval) < 0) {
				fprintf(stderr,
					"ffa-notifd: --metrics-interval '%s': "
					"not a number of seconds 1..%d\n",
					optarg, FND_MAX_METRICS_INTERVAL);
				return 2;
			}
			break;
		case OPT_RELOAD:
			if (fft_parse_uint(optarg, 2, 0x7fffffff, &reload_pid) <
			    0) {
				fprintf(stderr,
					"ffa-notifd: --reload '%s': not a "
					"process ID\n",
					optarg);
				return 2;
			}
			if (optind != argc) {
				fprintf(stderr,
					"ffa-notifd: --reload takes no other "
					"argument\n");
				return 2;
			}
			return fnd_reload_request((pid_t)reload_pid, 90);
		case 'd':
			debug = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("ffa-notifd %s\nprotocol %d\nlibffanotif API "
			       "%s\nsystemd %s\n",
			       FND_VERSION, FND_PROTO_VERSION,
			       ffanotif_api_version(), FND_SYSTEMD_WITH);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "ffa-notifd: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return 2;
	}
	fnd_log_init(debug ? FND_LOG_DEBUG : FND_LOG_INFO);

	/* Only the default path may be missing: a path given is meant. */
	d.config_missing_ok = config == NULL;
	d.config_path = config ? config : FND_SYSCONF_PATH;
	d.config = fnd_config_load(d.config_path, d.config_missing_ok);
	if (!d.config)
		return 1;
	if (check) {
		printf("%s: %zu allow rules, %zu bind lines, backend %s\n",
		       d.config_path, d.config->n_rules, d.config->n_binds,
		       d.config->backend);
		fnd_config_free(d.config);
		return 0;
	}
	if (fnd_queue_init(&d.pending, 64) < 0) {
		log_err("out of memory");
		fnd_config_free(d.config);
		return 1;
	}
	/* Kept notifications a full pending queue loses are drops too. */
	d.pending.counters = &d.counters;
	/* The command line's, else the configuration's. */
	d.metrics_interval = metrics_interval ? (unsigned int)metrics_interval
					      : d.config->metrics_interval;
	if (metrics_file || d.config->metrics_file) {
		d.metrics_file = strdup(metrics_file ? metrics_file
						     : d.config->metrics_file);
		if (!d.metrics_file) {
			log_err("out of memory");
			fnd_queue_fini(&d.pending);
			fnd_config_free(d.config);
			return 1;
		}
	}
	d.base = event_base_new();
	if (!d.base || setup_signals_and_watchdog(&d) < 0 ||
	    open_backend(&d, backend ? backend : d.config->backend) < 0 ||
	    fnd_daemon_apply_binds(&d) < 0 || start_worker(&d) < 0 ||
	    fnd_server_listen(&d, socket_path ? socket_path
					      : d.config->socket) < 0 ||
	    fnd_metrics_file_start(&d) < 0) {
		fnd_sd_notify("STATUS=Failed to start (see the log)");
		shutdown_daemon(&d);
		return 1;
	}
	fnd_daemon_status_now(&d);
	fnd_daemon_record_reload(&d, 1);
	fnd_sd_notify("READY=1");
	log_info("ready (protocol %d, %zu allow rules)", FND_PROTO_VERSION,
		 d.config->n_rules);

	if (event_base_dispatch(d.base) < 0) {
		log_err("event loop failed");
		d.exit_code = 1;
	}
	fnd_sd_notify("STOPPING=1");
	shutdown_daemon(&d);
	log_info("stopped");
	return d.exit_code;
}
