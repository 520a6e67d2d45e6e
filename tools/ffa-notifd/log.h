/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ffa-notifd: log levels and messages (log.c).
 */
#ifndef FND_LOG_H
#define FND_LOG_H

#include <stdint.h>

struct fnd_cred;

/* Priorities of syslog(3), so that the journal reads them. */
#define FND_LOG_ERR 3
#define FND_LOG_WARNING 4
#define FND_LOG_NOTICE 5
#define FND_LOG_INFO 6
#define FND_LOG_DEBUG 7

void fnd_log_init(int max_priority);
void fnd_log(int priority, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * A line about a client: in the journal (libsystemd), with the fields
 * FFA_NOTIF_CLIENT_UID, _GID, _PID and, when session is not 0,
 * FFA_NOTIF_CLIENT_SESSION (ffa-notifd(8), LOGGING); elsewhere the same
 * line as fnd_log.
 */
void fnd_log_client(int priority, const struct fnd_cred *cred, uint64_t session,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Whether lines go to the journal as structured entries (libsystemd). */
int fnd_log_structured(void);
#define log_err(...) fnd_log(FND_LOG_ERR, __VA_ARGS__)
#define log_warn(...) fnd_log(FND_LOG_WARNING, __VA_ARGS__)
#define log_notice(...) fnd_log(FND_LOG_NOTICE, __VA_ARGS__)
#define log_info(...) fnd_log(FND_LOG_INFO, __VA_ARGS__)
#define log_debug(...) fnd_log(FND_LOG_DEBUG, __VA_ARGS__)

#endif /* FND_LOG_H */
