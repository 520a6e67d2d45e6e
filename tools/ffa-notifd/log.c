// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Logging with levels.  Under systemd stderr is the journal
 * ($JOURNAL_STREAM names it).  Built with libsystemd, each line then goes
 * to journald as a structured entry of its own (sd_journal_sendv(3)):
 * MESSAGE, PRIORITY, SYSLOG_IDENTIFIER=ffa-notifd, and for a line about a
 * client FFA_NOTIF_CLIENT_UID, _GID, _PID and _SESSION, which
 * `journalctl FFA_NOTIF_CLIENT_UID=1000` selects by.  Built without it
 * (-Dsystemd=disabled), or when journald does not take the entry, each
 * line on stderr starts with "<priority>", which journald turns into the
 * entry's priority (sd-daemon(3)).  On a terminal it reads
 * "ffa-notifd: warning: ...".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "log.h"
#include "policy.h"

#ifdef FND_HAVE_LIBSYSTEMD
/* No CODE_FILE= and CODE_LINE= of this file in every entry. */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>
#endif

static int log_max = FND_LOG_INFO;
static int log_to_journal;

/* JOURNAL_STREAM=dev:ino names our stderr when it is the journal. */
static int stderr_is_journal(void)
{
	const char *js = secure_getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2)
		return 0;
	if (fstat(2, &st) < 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

void fnd_log_init(int max_priority)
{
	log_max = max_priority;
	log_to_journal = stderr_is_journal();
}

int fnd_log_structured(void)
{
#ifdef FND_HAVE_LIBSYSTEMD
	return log_to_journal;
#else
	return 0;
#endif
}

static void log_stderr(int priority, const char *line)
{
	static const char *const names[] = {
		[FND_LOG_ERR] = "error: ",   [FND_LOG_WARNING] = "warning: ",
		[FND_LOG_NOTICE] = "",	     [FND_LOG_INFO] = "",
		[FND_LOG_DEBUG] = "debug: ",
	};

	/* One write per line, so that lines of a crash stay whole. */
	if (log_to_journal)
		fprintf(stderr, "<%d>%s\n", priority, line);
	else
		fprintf(stderr, "ffa-notifd: %s%s\n", names[priority], line);
	fflush(stderr);
}

#ifdef FND_HAVE_LIBSYSTEMD
/* One entry: 0, or < 0 when journald did not take it. */
static int log_journal(int priority, const char *line,
		       const struct fnd_cred *cred, uint64_t session)
{
	char msg[1100], prio[16], uid[40], gid[40], pid[40], sess[48];
	struct iovec iov[7];
	int n = 0;

	snprintf(msg, sizeof(msg), "MESSAGE=%s", line);
	snprintf(prio, sizeof(prio), "PRIORITY=%d", priority);
	iov[n++] = (struct iovec){ msg, strlen(msg) };
	iov[n++] = (struct iovec){ prio, strlen(prio) };
	iov[n++] = (struct iovec){ "SYSLOG_IDENTIFIER=ffa-notifd",
				   strlen("SYSLOG_IDENTIFIER=ffa-notifd") };
	if (cred) {
		snprintf(uid, sizeof(uid), "FFA_NOTIF_CLIENT_UID=%u",
			 (unsigned int)cred->uid);
		snprintf(gid, sizeof(gid), "FFA_NOTIF_CLIENT_GID=%u",
			 (unsigned int)cred->gid);
		snprintf(pid, sizeof(pid), "FFA_NOTIF_CLIENT_PID=%d",
			 (int)cred->pid);
		iov[n++] = (struct iovec){ uid, strlen(uid) };
		iov[n++] = (struct iovec){ gid, strlen(gid) };
		iov[n++] = (struct iovec){ pid, strlen(pid) };
		if (session) {
			snprintf(sess, sizeof(sess),
				 "FFA_NOTIF_CLIENT_SESSION=%llu",
				 (unsigned long long)session);
			iov[n++] = (struct iovec){ sess, strlen(sess) };
		}
	}
	return sd_journal_sendv(iov, n);
}
#endif

static void log_line(int priority, const struct fnd_cred *cred,
		     uint64_t session, const char *fmt, va_list ap)
{
	char line[1024];

	vsnprintf(line, sizeof(line), fmt, ap);
#ifdef FND_HAVE_LIBSYSTEMD
	if (log_to_journal && log_journal(priority, line, cred, session) >= 0)
		return;
#else
	(void)cred;
	(void)session;
#endif
	log_stderr(priority, line);
}

void fnd_log(int priority, const char *fmt, ...)
{
	va_list ap;

	if (priority > log_max)
		return;
	va_start(ap, fmt);
	log_line(priority, NULL, 0, fmt, ap);
	va_end(ap);
}

void fnd_log_client(int priority, const struct fnd_cred *cred, uint64_t session,
		    const char *fmt, ...)
{
	va_list ap;

	if (priority > log_max)
		return;
	va_start(ap, fmt);
	log_line(priority, cred, session, fmt, ap);
	va_end(ap);
}
