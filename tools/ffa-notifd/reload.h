/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FND_RELOAD_H
#define FND_RELOAD_H

#include <sys/types.h>

/*
 * The daemon's record of its last reload, in $RUNTIME_DIRECTORY/reload
 * ("PID GENERATION ok|failed"): generation 0 at start, then one more a
 * reload.  Nothing without $RUNTIME_DIRECTORY (not started by systemd).
 * Returns 0, or -errno.
 */
int fnd_reload_record(unsigned long generation, int ok);

/*
 * ffa-notifd --reload=PID, systemd's ExecReload=: SIGHUP to PID, then
 * wait up to timeout_s for its record of that reload.  Returns the exit
 * status: 0 applied, 1 the daemon kept its configuration (or did not
 * answer), 2 no $RUNTIME_DIRECTORY.
 */
int fnd_reload_request(pid_t pid, unsigned int timeout_s);

#endif
