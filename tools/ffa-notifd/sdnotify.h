/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ffa-notifd: the systemd protocols: sd_notify, LISTEN_FDS
 * (sdnotify.c).
 */
#ifndef FND_SDNOTIFY_H
#define FND_SDNOTIFY_H

#include <stdint.h>

/* Send a state to the service manager (NOTIFY_SOCKET): 1 sent, 0 no
 * manager listening, -errno.
 */
int fnd_sd_notify(const char *state);
int fnd_sd_notifyf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The watchdog period asked for (WATCHDOG_USEC for us), 0 if none. */
uint64_t fnd_sd_watchdog_usec(void);
/*
 * Sockets passed by systemd: the number of fds from 3 (LISTEN_FDS for
 * us), 0 if none, -errno.  The variables are unset either way.
 */
int fnd_sd_listen_fds(void);

#endif /* FND_SDNOTIFY_H */
