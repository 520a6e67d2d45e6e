// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * run-as UID GID PROGRAM [ARG]...: run PROGRAM as an unprivileged user,
 * with no supplementary groups.  The guest has no passwd file and
 * busybox's setpriv cannot change IDs: this is what cli.sh drops
 * privileges with.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse_id(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || end == s || *end || *out > 0xfffffffeUL ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long uid, gid;

	if (argc < 4 || parse_id(argv[1], &uid) || parse_id(argv[2], &gid)) {
		fprintf(stderr, "usage: run-as UID GID PROGRAM [ARG]...\n");
		return 125;
	}
	if (setgroups(0, NULL) || setgid((gid_t)gid) || setuid((uid_t)uid)) {
		fprintf(stderr, "run-as: %s\n", strerror(errno));
		return 125;
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "run-as: %s: %s\n", argv[3], strerror(errno));
	return 127;
}
