// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * A backend call that stalls, for ffa-notifd-stall: the daemon built
 * for the tests only, with the calls below wrapped at link time
 * (-Wl,--wrap=...; tests/meson.build).  The installed daemon has none of
 * this.
 *
 * FND_TEST_STALL names the call (list_partitions or bind) whose first
 * use stalls: it logs "stall-hook: NAME stalled" to stderr (the daemon's
 * log) and waits until the test writes a byte to the fifo
 * FND_TEST_STALL_FIFO, then logs "stall-hook: NAME released" and makes
 * the call.  So the test knows for a fact that the call is outstanding,
 * for as long as it likes, without any timing.
 */
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ffanotif.h>

struct ffanotif_partition_list *
__real_ffanotif_session_list_partitions(struct ffanotif_session *s);
struct ffanotif_partition_list *
__wrap_ffanotif_session_list_partitions(struct ffanotif_session *s);
int __real_ffanotif_session_bind(struct ffanotif_session *s, uint16_t sender,
				 uint64_t notifications, uint64_t flags);
int __wrap_ffanotif_session_bind(struct ffanotif_session *s, uint16_t sender,
				 uint64_t notifications, uint64_t flags);

static atomic_flag stalled_once = ATOMIC_FLAG_INIT;

static void maybe_stall(const char *name)
{
	const char *what = getenv("FND_TEST_STALL");
	const char *fifo = getenv("FND_TEST_STALL_FIFO");
	char b;
	int fd;

	if (!what || !fifo || strcmp(what, name) != 0 ||
	    atomic_flag_test_and_set(&stalled_once))
		return;
	fprintf(stderr, "stall-hook: %s stalled\n", name);
	fflush(stderr);
	/* Blocks until the test opens the fifo, then until it writes. */
	fd = open(fifo, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, &b, 1) != 1)
		fprintf(stderr, "stall-hook: %s: the fifo failed\n", name);
	if (fd >= 0)
		close(fd);
	fprintf(stderr, "stall-hook: %s released\n", name);
	fflush(stderr);
}

struct ffanotif_partition_list *
__wrap_ffanotif_session_list_partitions(struct ffanotif_session *s)
{
	maybe_stall("list_partitions");
	return __real_ffanotif_session_list_partitions(s);
}

int __wrap_ffanotif_session_bind(struct ffanotif_session *s, uint16_t sender,
				 uint64_t notifications, uint64_t flags)
{
	maybe_stall("bind");
	return __real_ffanotif_session_bind(s, sender, notifications, flags);
}
