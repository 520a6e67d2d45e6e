// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffa-notify stats: counters, for people or in the OpenMetrics text
 * format.  Through ffa-notifd, the daemon's (GET_METRICS: everyone's
 * notifications, per sender and ID, its clients, its backend's errors,
 * the module's SRIs on the device), on a connection of its own, since
 * the library's sessions do not carry the request; elsewhere what the
 * session and, on the device, the module count (ffa-notify(1), METRICS).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fft-metrics.h"
#include "fnd_conn.h"
#include "fnd_proto.h"
#include "notify.h"

/* GET_METRICS on a control connection of our own: 0 or -errno. */
static int daemon_metrics(struct fnd_metrics *m)
{
	const struct fnd_hello hello = { .role = FND_ROLE_CONTROL };
	const struct fnd_metrics_req req = { 0 };
	uint8_t out[FND_MAX_MSG], in[FND_MAX_MSG];
	uint32_t seq = 0;
	size_t len;
	int fd, ret;

	fd = fnd_connect(fnd_socket_path());
	if (fd < 0)
		return fd;
	ret = fnd_call(fd, &seq, FND_T_HELLO, out,
		       fnd_hello_encode(out, &hello), in, &len);
	if (ret == 0)
		ret = fnd_call(fd, &seq, FND_T_GET_METRICS, out,
			       fnd_metrics_req_encode(out, &req), in, &len);
	if (ret == 0)
		ret = fnd_metrics_decode(in, len, m);
	close(fd);
	return ret;
}

/* The session's counters and, on the device, the module's: 0 or -errno. */
static int session_metrics(struct ffanotif_session *s, struct fnd_metrics *m)
{
	struct ffanotif_session_stats *st = ffanotif_session_read_stats(s);
	struct ffanotif_module_counters *mc;

	memset(m, 0, sizeof(*m));
	if (!st)
		return -errno;
	m->coalesced = ffanotif_session_stats_get_coalesced(st);
	m->dropped = ffanotif_session_stats_get_dropped(st);
	m->present = FND_M_COALESCED | FND_M_DROPPED;
	ffanotif_session_stats_free(st);
	if (strcmp(ffanotif_session_get_backend(s), "device") != 0)
		return 0;
	mc = ffanotif_module_read_counters();
	if (!mc)
		return -errno;
	m->delivered = ffanotif_module_counters_get_delivered(mc);
	m->unclaimed = ffanotif_module_counters_get_unclaimed(mc);
	m->clients = ffanotif_module_counters_get_open_files(mc);
	m->fw_errors = ffanotif_module_counters_get_fw_errors(mc);
	m->sri = ffanotif_module_counters_get_sri(mc);
	m->present |= FND_M_DELIVERED | FND_M_UNCLAIMED | FND_M_CLIENTS |
		      FND_M_FW_ERRORS | FND_M_SRI;
	ffanotif_module_counters_free(mc);
	return 0;
}

static int run_stats(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "openmetrics", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const struct fnt_cmd *cmd = &fnt_cmd_stats;
	int format = FFT_METRICS_HUMAN, via_daemon, opt, ret;
	struct ffanotif_session *s = NULL;
	struct fnd_metrics m;

	while ((opt = getopt_long(argc, argv, "+o", opts, NULL)) != -1) {
		if (opt != 'o')
			return fnt_usage_error(cmd, "unknown option");
		format = FFT_METRICS_OPENMETRICS;
	}
	if (optind != argc)
		return fnt_usage_error(cmd, "unexpected argument '%s'",
				       argv[optind]);
	via_daemon = fnt_backend && strcmp(fnt_backend, "daemon") == 0;
	if (!via_daemon) {
		s = fnt_open(cmd->name);
		if (!s)
			return fnt_fail(cmd->name, errno, "open");
		/* auto found the daemon: its metrics, not this session's. */
		via_daemon =
			strcmp(ffanotif_session_get_backend(s), "daemon") == 0;
		if (via_daemon) {
			/* Not counted among the clients it reports. */
			ffanotif_session_close(s);
			s = NULL;
		}
	}
	if (via_daemon) {
		ret = daemon_metrics(&m);
		if (ret == -EBADRQC) {
			ret = fnt_fail(cmd->name, EOPNOTSUPP,
				       "ffa-notifd has no metrics (older than "
				       "this ffa-notify)");
			goto out;
		}
		if (ret < 0) {
			ret = fnt_fail(cmd->name, -ret, "ffa-notifd %s",
				       fnd_socket_path());
			goto out;
		}
	} else {
		ret = session_metrics(s, &m);
		if (ret < 0) {
			ret = fnt_fail(cmd->name, -ret, "counters");
			goto out;
		}
	}
	if (fft_metrics_write(stdout, &m, format) < 0 || fflush(stdout) != 0) {
		ret = fnt_fail(cmd->name, errno, "stdout");
		goto out;
	}
	ret = FNT_EXIT_OK;
out:
	if (s)
		ffanotif_session_close(s);
	return ret;
}

const struct fnt_cmd fnt_cmd_stats = {
	.name = "stats",
	.args = "[--openmetrics]",
	.summary = "show the counters: notifications, clients, errors",
	.run = run_stats,
	.help = "  -o, --openmetrics  the OpenMetrics text format (metrics "
		"ffanotif_*, \"# EOF\")\n"
		"\nThrough ffa-notifd: the daemon's counters, per sender and "
		"ID too (the\npolicy's verb 'metrics'). On the device: the "
		"module's and this session's;\non the simulator: this "
		"session's.\n",
};
