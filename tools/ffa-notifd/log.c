// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Logging with levels to stderr.  Under systemd stderr is the journal:
 * each line then starts with "<priority>", which journald turns into the
 * entry's priority (sd-daemon(3)); on a terminal it reads "warning: ...".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "log.h"

static int log_max = FND_LOG_INFO;
static int log_prefix_priority;

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
	log_prefix_priority = stderr_is_journal();
}

void fnd_log(int priority, const char *fmt, ...)
{
	static const char *const names[] = {
		[FND_LOG_ERR] = "error: ",   [FND_LOG_WARNING] = "warning: ",
		[FND_LOG_NOTICE] = "",	     [FND_LOG_INFO] = "",
		[FND_LOG_DEBUG] = "debug: ",
	};
	char line[1024];
	va_list ap;

	if (priority > log_max)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line, so that lines of a crash stay whole. */
	if (log_prefix_priority)
		fprintf(stderr, "<%d>%s\n", priority, line);
	else
		fprintf(stderr, "ffa-notifd: %s%s\n", names[priority], line);
	fflush(stderr);
}
