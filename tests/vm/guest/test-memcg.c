// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * test-memcg [N]: what an open /dev/ffa-notif pins is charged to the
 * opener's memory cgroup (GFP_KERNEL_ACCOUNT).
 *
 * A child moves into a cgroup of its own and opens N files of /dev/null,
 * then N of /dev/ffa-notif, reading memory.current before and after each.
 * Both cost a struct file (always charged); only ffa-notif adds its
 * per-open state: a queue of FFA_NOTIF_QUEUE_DEPTH 64-byte events and a
 * read buffer, more than 4 KiB.  The test asks the difference between the
 * two deltas to be at least N * 4 KiB; uncharged it is near zero (the
 * memcg charge batches are a few hundred KiB, far below N * 4 KiB).
 *
 * Then a queue a file chooses (FFA_NOTIF_IOC_SET_FILE_CONFIG, depth
 * FFA_NOTIF_QUEUE_DEPTH_MAX: 256 KiB, kvcalloc'd) is charged too: DEEP
 * files of the N take one each, and memory.current must grow by at least
 * 90% of DEEP * 256 KiB.
 *
 * Needs a kernel with memory cgroups (the Debian kernels; tests/vm's
 * tinyconfig arm64 kernel has none, so suite.sh runs this on x86 only).
 * Anything missing fails with its reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/ffa_notif.h>

#define CG_ROOT "/sys/fs/cgroup"
#define CG_DIR CG_ROOT "/ffa-notif-memcg-test"
#define DEV_PATH "/dev/ffa-notif"
#define DEEP 32 /* files given the deepest queue */

static int die(const char *what)
{
	fprintf(stderr, "test-memcg: FAIL: %s: %s\n", what, strerror(errno));
	return 1;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static long long read_ll(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return atoll(buf);
}

/* Open n files of path; returns the growth of memory.current, or -1. */
static long long charge_of(const char *path, int n, int *fds)
{
	long long before, after;
	int i;

	before = read_ll(CG_DIR "/memory.current");
	for (i = 0; i < n; i++) {
		fds[i] = open(path, O_RDWR | O_CLOEXEC);
		if (fds[i] < 0) {
			fprintf(stderr, "test-memcg: open %s #%d: %s\n", path,
				i, strerror(errno));
			return -1;
		}
	}
	after = read_ll(CG_DIR "/memory.current");
	if (before < 0 || after < 0)
		return -1;
	return after - before;
}

/* Give k of the open ffa-notif files the deepest queue: charged too? */
static int deep_queues(int k, const int *fds)
{
	const long long one = (long long)FFA_NOTIF_QUEUE_DEPTH_MAX *
			      (long long)sizeof(struct ffa_notif_event);
	struct ffa_notif_file_config c;
	long long before, after, need = k * one / 10 * 9;
	int i;

	memset(&c, 0, sizeof(c));
	c.queue_depth = FFA_NOTIF_QUEUE_DEPTH_MAX;
	before = read_ll(CG_DIR "/memory.current");
	for (i = 0; i < k; i++)
		if (ioctl(fds[i], FFA_NOTIF_IOC_SET_FILE_CONFIG, &c))
			return die("SET_FILE_CONFIG, depth 4096");
	after = read_ll(CG_DIR "/memory.current");
	if (before < 0 || after < 0) {
		fprintf(stderr,
			"test-memcg: FAIL: memory.current unreadable\n");
		return 1;
	}
	printf("test-memcg: %d queues of %d events: +%lld bytes; want >= "
	       "%lld\n",
	       k, FFA_NOTIF_QUEUE_DEPTH_MAX, after - before, need);
	if (after - before < need) {
		fprintf(stderr, "test-memcg: FAIL: a file's chosen queue is "
				"not charged to the caller's memory cgroup\n");
		return 1;
	}
	printf("test-memcg: PASS: chosen queues are charged to the caller's "
	       "cgroup\n");
	return 0;
}

/* In the cgroup: n opens of each, fds[] room for 2n. */
static int charges(int n, int *fds)
{
	struct rlimit rl = { .rlim_cur = 2 * n + 64, .rlim_max = 2 * n + 64 };
	long long d_null, d_dev, need = (long long)n * 4096;
	char pid[32];

	if (setrlimit(RLIMIT_NOFILE, &rl))
		return die("setrlimit");
	snprintf(pid, sizeof(pid), "%d\n", getpid());
	if (write_file(CG_DIR "/cgroup.procs", pid))
		return die("moving into " CG_DIR);
	d_null = charge_of("/dev/null", n, fds);
	d_dev = charge_of(DEV_PATH, n, fds + n);
	printf("test-memcg: %d opens: /dev/null +%lld bytes, %s +%lld bytes; "
	       "want the difference >= %lld\n",
	       n, d_null, DEV_PATH, d_dev, need);
	if (d_null < 0 || d_dev < 0) {
		fprintf(stderr,
			"test-memcg: FAIL: memory.current unreadable\n");
		return 1;
	}
	if (d_dev - d_null < need) {
		fprintf(stderr,
			"test-memcg: FAIL: per-open state not charged to the "
			"opener's memory cgroup (%lld < %lld)\n",
			d_dev - d_null, need);
		return 1;
	}
	printf("test-memcg: PASS: per-open state is charged to the opener's "
	       "cgroup\n");
	return deep_queues(n < DEEP ? n : DEEP, fds + n);
}

static int child(int n)
{
	int *fds = calloc(2 * (size_t)n, sizeof(int)), ret;

	if (!fds)
		return die("calloc");
	ret = charges(n, fds);
	free(fds);
	return ret;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, status, ret;
	struct stat st;
	pid_t pid;

	if (n <= 0) {
		fprintf(stderr, "usage: test-memcg [N]\n");
		return 2;
	}
	if (stat(CG_ROOT "/cgroup.controllers", &st) &&
	    mount("cgroup2", CG_ROOT, "cgroup2", 0, NULL))
		return die("mounting cgroup2 on " CG_ROOT);
	if (write_file(CG_ROOT "/cgroup.subtree_control", "+memory"))
		return die("enabling the memory controller (kernel without "
			   "memory cgroups?)");
	if (mkdir(CG_DIR, 0755) && errno != EEXIST)
		return die("mkdir " CG_DIR);

	pid = fork();
	if (pid < 0)
		return die("fork");
	if (pid == 0)
		_exit(child(n));
	if (waitpid(pid, &status, 0) != pid)
		return die("waitpid");
	ret = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	/* The child's files are closed; its cgroup can go. */
	if (rmdir(CG_DIR))
		fprintf(stderr, "test-memcg: note: rmdir %s: %s\n", CG_DIR,
			strerror(errno));
	return ret;
}
