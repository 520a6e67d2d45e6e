/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * A test's own ffa-notifd: started from the build tree (FFA_NOTIFD) with
 * a configuration the test writes, in a directory of its own, with a
 * fake systemd notification socket so that readiness is known, not
 * guessed, and every sd_notify message can be checked.
 */
#ifndef DAEMON_HARNESS_H
#define DAEMON_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <ffanotif.h>

struct dh {
	/* The daemon to run; NULL: FFA_NOTIFD. */
	const char *bin;
	char dir[64];
	char sock[128];
	char conf[128];
	char log[128];
	char notify[128];
	int notify_fd;
	pid_t pid;
	/* Passed to the daemon as fd 3 with LISTEN_FDS=1 when >= 0. */
	int activation_fd;
	/* Extra environment for the daemon ("NAME=value"), NULL-ended. */
	const char *const *env;
	/* RLIMIT_NOFILE of the daemon when > 0. */
	unsigned long nofile;
};

/* A fresh directory and notification socket; no daemon yet. */
void dh_init(struct dh *h);
/* Stop a daemon still running, remove the directory. */
void dh_fini(struct dh *h);
/* Write the configuration file ("socket" is added for the directory). */
void dh_write_conf(struct dh *h, const char *text);
/* Start the daemon on the configuration; 0 once it said READY=1. */
int dh_start(struct dh *h);
/* SIGTERM, and its exit status (-1 if it did not exit normally). */
int dh_stop(struct dh *h);
/*
 * Wait up to timeout_ms for a notification message containing `what`
 * (a line such as "READY=1"); messages before it are consumed.  1 seen,
 * 0 not.
 */
int dh_wait_notify(struct dh *h, const char *what, int timeout_ms);
/* The same, and the whole message that had it in msg. */
int dh_wait_notify_msg(struct dh *h, const char *what, int timeout_ms,
		       char *msg, size_t size);
/* Whether the daemon's log (stderr) contains `what`. */
int dh_log_contains(struct dh *h, const char *what);
/* The same, waiting up to timeout_ms for it: 1 seen, 0 not. */
int dh_wait_log(struct dh *h, const char *what, int timeout_ms);
/* CPU time (user + system) the daemon has used, in clock ticks. */
unsigned long long dh_cpu_ticks(struct dh *h);

/* A libffanotif session on this daemon (NULL with errno). */
struct ffanotif_session *dh_session(struct dh *h);
/* A raw control connection, its HELLO done: the fd, or -1. */
int dh_raw(struct dh *h, uint64_t *session, uint64_t *token);

/*
 * Run fn(arg) in a child with these credentials (supplementary groups
 * `groups`, `n` of them): its exit status, or -1 if it did not exit.
 */
int dh_run_as(uid_t uid, gid_t gid, const gid_t *groups, int n,
	      int (*fn)(void *arg), void *arg);

#endif /* DAEMON_HARNESS_H */
