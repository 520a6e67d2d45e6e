// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The systemd protocols the daemon speaks: sd_notify(3),
 * sd_listen_fds(3), sd_watchdog_enabled(3).
 *
 * Built with libsystemd (-Dsystemd=auto, where it is found, or enabled),
 * they are libsystemd's: the convention, and the code systemd itself
 * keeps in step with the manager.  Built with -Dsystemd=disabled, they
 * are written here: each is a few lines of documented, stable interface
 * (one datagram to $NOTIFY_SOCKET; fds from 3, counted by $LISTEN_FDS
 * for $LISTEN_PID; $WATCHDOG_USEC for $WATCHDOG_PID), and the daemon's
 * dependencies stay libevent and libffanotif, for systems without
 * systemd and containers.  The daemon behaves the same either way.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sdnotify.h"
#include "tools-common.h"

#ifdef FND_HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>

int fnd_sd_notify(const char *state)
{
	/* 0 when no manager listens (NOTIFY_SOCKET unset), > 0 sent.
	 * libsystemd's send waits if the manager's queue is full, where
	 * the code below does not: a manager that far behind is one whose
	 * watchdog would not be read either.
	 */
	return sd_notify(0, state);
}

uint64_t fnd_sd_watchdog_usec(void)
{
	uint64_t usec = 0;

	/* > 0 enabled for this process (WATCHDOG_PID ours or unset). */
	if (sd_watchdog_enabled(0, &usec) <= 0)
		return 0;
	return usec;
}

int fnd_sd_listen_fds(void)
{
	/* Sets FD_CLOEXEC on them; unsets LISTEN_PID, LISTEN_FDS and
	 * LISTEN_FDNAMES either way.
	 */
	return sd_listen_fds(1);
}

#else /* !FND_HAVE_LIBSYSTEMD */

/* A variable meant for this process: $*_PID unset or ours. */
static int for_us(const char *pid_var)
{
	const char *s = secure_getenv(pid_var);
	unsigned long pid;

	if (!s)
		return 1;
	return fft_parse_uint(s, 1, 0x7fffffff, &pid) == 0 &&
	       (pid_t)pid == getpid();
}

int fnd_sd_notify(const char *state)
{
	const char *path = secure_getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t salen;
	size_t len;
	int fd, ret = 1;

	if (!path || !*path)
		return 0;
	len = strlen(path);
	/* "@name" is a name in the abstract namespace, else a path. */
	if ((path[0] != '/' && path[0] != '@') || len >= sizeof(sa.sun_path))
		return -EINVAL;
	memcpy(sa.sun_path, path, len);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
			    (path[0] == '/' ? 1 : 0));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Never wait for the manager: a full queue there must not stop
	 * the loop (which would stop the watchdog pings, too).
	 */
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL | MSG_DONTWAIT,
		   (struct sockaddr *)&sa, salen) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

uint64_t fnd_sd_watchdog_usec(void)
{
	const char *s = secure_getenv("WATCHDOG_USEC");
	unsigned long long v;
	char *end;

	if (!s || !*s || !for_us("WATCHDOG_PID"))
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v == 0)
		return 0;
	return v;
}

int fnd_sd_listen_fds(void)
{
	const char *s = secure_getenv("LISTEN_FDS");
	unsigned long n = 0;
	int ret = 0, fd;

	if (s && secure_getenv("LISTEN_PID") && for_us("LISTEN_PID")) {
		if (fft_parse_uint(s, 0, 1024, &n) < 0) {
			ret = -EINVAL;
		} else {
			/* Ours now: not to be inherited by anything we run. */
			for (fd = 3; fd < 3 + (int)n; fd++)
				if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
					ret = -errno;
			if (ret == 0)
				ret = (int)n;
		}
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return ret;
}

#endif /* FND_HAVE_LIBSYSTEMD */

int fnd_sd_notifyf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* libsystemd has no va_list sd_notifyf: formatted here, sent
	 * by fnd_sd_notify either way.
	 */
	return fnd_sd_notify(buf);
}
