// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A `systemctl reload` that returns once the new configuration is in
 * force, or fails when it was refused.  systemd 252 (Debian 12) ends a
 * reload job when ExecReload= exits, so a bare `kill -HUP $MAINPID`
 * returns before the daemon has even read the file, and a client started
 * right after may meet the old policy; Type=notify-reload, which waits
 * for READY=1 itself, is systemd 253's.  So ExecReload= runs
 * `ffa-notifd --reload=$MAINPID`: it signals the daemon and waits for the
 * daemon's record of that reload in $RUNTIME_DIRECTORY (the unit's
 * RuntimeDirectory=, which systemd names to both processes).  A file, not
 * a reply on the socket: the reloader runs as the daemon's user, whom
 * the policy need not let in, and needs no protocol.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reload.h"

#define RECORD_NAME "reload"

static int record_path(char *buf, size_t len, const char *suffix)
{
	const char *dir = secure_getenv("RUNTIME_DIRECTORY");
	int n;

	if (!dir || dir[0] != '/')
		return -ENOENT;
	/* RuntimeDirectory= may list several, separated by ':'. */
	n = (int)strcspn(dir, ":");
	if (snprintf(buf, len, "%.*s/%s%s", n, dir, RECORD_NAME, suffix) >=
	    (int)len)
		return -ENAMETOOLONG;
	return 0;
}

int fnd_reload_record(unsigned long generation, int ok)
{
	char path[4096], tmp[4096];
	FILE *f;
	int ret;

	if (record_path(path, sizeof(path), "") < 0)
		return 0;
	ret = record_path(tmp, sizeof(tmp), ".new");
	if (ret < 0)
		return ret;
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f, "%ld %lu %s\n", (long)getpid(), generation,
		ok ? "ok" : "failed");
	if (fclose(f) != 0) {
		ret = -errno;
		unlink(tmp);
		return ret;
	}
	/* Whole or not at all for the reader: a rename. */
	if (rename(tmp, path) < 0) {
		ret = -errno;
		unlink(tmp);
		return ret;
	}
	return 0;
}

struct record {
	long pid;
	unsigned long generation;
	int ok;
};

static int read_record(const char *path, struct record *r)
{
	char word[16];
	FILE *f = fopen(path, "re");
	int n;

	if (!f)
		return -errno;
	n = fscanf(f, "%ld %lu %15s", &r->pid, &r->generation, word);
	fclose(f);
	if (n != 3)
		return -EBADMSG;
	r->ok = strcmp(word, "ok") == 0;
	return 0;
}

int fnd_reload_request(pid_t pid, unsigned int timeout_s)
{
	const struct timespec nap = { .tv_nsec = 10 * 1000 * 1000 };
	struct record before = { 0 }, now;
	char path[4096];
	unsigned long waits, max_waits = timeout_s * 100UL;

	if (record_path(path, sizeof(path), "") < 0) {
		fprintf(stderr,
			"ffa-notifd --reload: no $RUNTIME_DIRECTORY: this is "
			"for the unit's ExecReload=; elsewhere, send the "
			"daemon SIGHUP\n");
		return 2;
	}
	/* The generation to beat: the record of this daemon, if any. */
	if (read_record(path, &before) < 0 || before.pid != (long)pid)
		before.generation = 0;
	else
		before.generation++;
	if (kill(pid, SIGHUP) < 0) {
		fprintf(stderr, "ffa-notifd --reload: pid %ld: %s\n", (long)pid,
			strerror(errno));
		return 1;
	}
	for (waits = 0; waits < max_waits; waits++) {
		if (read_record(path, &now) == 0 && now.pid == (long)pid &&
		    now.generation >= before.generation && now.generation > 0) {
			if (now.ok)
				return 0;
			fprintf(stderr,
				"ffa-notifd --reload: the configuration was "
				"refused, the daemon keeps the one it had "
				"(its log says why)\n");
			return 1;
		}
		nanosleep(&nap, NULL);
	}
	fprintf(stderr, "ffa-notifd --reload: no answer from pid %ld in %u s\n",
		(long)pid, timeout_s);
	return 1;
}
