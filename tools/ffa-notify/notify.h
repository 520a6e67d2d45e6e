/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ffa-notify: what the subcommands share.
 *
 *   ffa-notify.c   global options, dispatch, exit codes, output helpers
 *   cmd-ring.c     send, sim-ring
 *   cmd-events.c   get, monitor (events through an event source)
 *   cmd-bind.c     bind, unbind
 *   cmd-list.c     list, info (partitions through a partition source)
 *   cmd-stats.c    stats (the daemon's metrics, or the session's)
 *
 * list and monitor read through sources (struct fnt_partition_source,
 * struct fnt_event_source): a session, which every backend has, or, where
 * the backend is the kernel module's device, the module's generic netlink
 * family (include/uapi/linux/ffa_notif_netlink.h: partitions, bindings,
 * a monitor of everything sent and delivered), which needs no session.
 */
#ifndef FFA_NOTIFY_H
#define FFA_NOTIFY_H

#include <stdint.h>
#include <stdio.h>

#include <ffanotif.h>

/* Exit codes (ffa-notify(1), EXIT STATUS). */
#define FNT_EXIT_OK 0
#define FNT_EXIT_ERROR 1
#define FNT_EXIT_USAGE 2
#define FNT_EXIT_DENIED 3 /* EACCES, EPERM: policy or firmware refused */
#define FNT_EXIT_UNSUPPORTED 4 /* EOPNOTSUPP, ENOTTY: not here */
#define FNT_EXIT_NOTHING 5 /* get: nothing pending, or the timeout passed */

struct fnt_cmd {
	const char *name;
	const char *args;
	const char *summary;
	int (*run)(int argc, char **argv);
	/* Per-command help after the usage line. */
	const char *help;
};

extern const struct fnt_cmd fnt_cmd_send, fnt_cmd_sim_ring, fnt_cmd_get,
	fnt_cmd_monitor, fnt_cmd_bind, fnt_cmd_unbind, fnt_cmd_list,
	fnt_cmd_info, fnt_cmd_stats;

/* The backend chosen by the global options (NULL: auto). */
extern const char *fnt_backend;

/* "ffa-notify CMD: message[: strerror]" to stderr. */
void fnt_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The exit code for a failure with errno `err`, after saying what. */
int fnt_fail(const char *cmd, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A usage error of `cmd`: says so, points at --help, returns 2. */
int fnt_usage_error(const struct fnt_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fnt_print_help(const struct fnt_cmd *cmd, FILE *f);

/* Open a session on the chosen backend, or say why not (NULL). */
struct ffanotif_session *fnt_open(const char *cmd);

/*
 * Receive IDS from PARTITION as the backend can: a shared watch where it
 * has them (the daemon), else an exclusive binding (device, simulator);
 * with FFANOTIF_BIND_EXCLUSIVE in flags, an exclusive binding anywhere.
 * 1 watched, 0 bound, -1 with errno; fnt_release() takes that back.
 */
int fnt_receive(struct ffanotif_session *s, uint16_t part, uint64_t ids,
		uint64_t flags);
int fnt_release(struct ffanotif_session *s, uint16_t part, uint64_t ids,
		int watched);

/*
 * Whether the chosen backend is the kernel module's device, whose generic
 * netlink family list and monitor then use: 1 yes, 0 no, or minus the
 * exit code of a failure already reported (auto is resolved by opening a
 * session, as the command's own would be).
 */
int fnt_module_backend(const char *cmd);

/* PARTITION IDS operands at argv[0], argv[1]. */
int fnt_parse_target(const struct fnt_cmd *cmd, char **argv, uint16_t *part,
		     uint64_t *ids);

/* A JSON string: quoted, with what JSON wants escaped escaped. */
void fnt_json_string(const char *s);

/* One event, as a line of text or a JSON object; flushed. */
void fnt_print_event(const struct ffanotif_event *e, int json);

/*
 * Signals that end a waiting command (SIGINT, SIGTERM): blocked except
 * while waiting, so that a wait is interrupted and nothing else is.
 */
void fnt_signals_setup(void);
/* A signal came. */
int fnt_signalled(void);
/*
 * Wait for `fd` to be readable: 1 readable, 0 timed out (timeout_ns < 0:
 * none), -1 with errno (EINTR: a signal came).
 */
int fnt_wait_fd(int fd, int64_t timeout_ns);

#endif /* FFA_NOTIFY_H */
