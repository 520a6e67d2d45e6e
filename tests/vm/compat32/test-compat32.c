// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * /dev/ffa-notif from a 32-bit process on a 64-bit kernel: the module's
 * compat_ioctl (compat_ptr_ioctl) and read() must see the same structs as
 * a 64-bit caller, which the uAPI guarantees by fixed-width types and
 * 8-byte alignment (__aligned_u64).  Built with clang -m32 -static by
 * tests/vm/run.sh for the x86_64 guests; self-contained (no cmocka: there
 * is no 32-bit libcmocka in the guest).
 *
 * Needs the module loaded with backend=sim (echo partition 0x8001).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/ffa_notif.h>

_Static_assert(sizeof(void *) == 4, "build this test with -m32");
_Static_assert(sizeof(struct ffa_notif_event) == 64, "event record size");
_Static_assert(sizeof(struct ffa_notif_info) == 80, "info size");
_Static_assert(sizeof(struct ffa_notif_binding) == 56, "binding size");
_Static_assert(sizeof(struct ffa_notif_file_config) == 56, "config size");

static int failures;

#define CHECK(cond)                                                    \
	do {                                                           \
		if (!(cond)) {                                         \
			fprintf(stderr, "FAIL %s:%d: %s (errno %d)\n", \
				__FILE__, __LINE__, #cond, errno);     \
			failures++;                                    \
		}                                                      \
	} while (0)

static int wait_readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

int main(void)
{
	struct ffa_notif_binding b;
	struct ffa_notif_set_req set;
	struct ffa_notif_stats st;
	struct ffa_notif_info info;
	struct ffa_notif_file_config cfg;
	struct ffa_notif_event ev[4];
	ssize_t n;
	int fd;

	fd = open("/dev/ffa-notif", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		perror("open /dev/ffa-notif");
		return 1;
	}

	memset(&info, 0xa5, sizeof(info));
	CHECK(ioctl(fd, FFA_NOTIF_IOC_GET_INFO, &info) == 0);
	CHECK(info.api_version == FFA_NOTIF_API_VERSION);
	CHECK(info.backend == FFA_NOTIF_BACKEND_SIM);
	CHECK(info.max_ids == 64);
	CHECK(info.reserved[4] == 0);
	CHECK(info.features & FFA_NOTIF_FEAT_FILE_CONFIG);

	/* The file's configuration through compat, before any BIND. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.queue_depth = 128;
	cfg.clock = FFA_NOTIF_CLOCK_REALTIME;
	cfg.reserved[5] = 1;
	errno = 0;
	CHECK(ioctl(fd, FFA_NOTIF_IOC_SET_FILE_CONFIG, &cfg) == -1 &&
	      errno == EINVAL);
	cfg.reserved[5] = 0;
	CHECK(ioctl(fd, FFA_NOTIF_IOC_SET_FILE_CONFIG, &cfg) == 0);
	memset(&cfg, 0xa5, sizeof(cfg));
	CHECK(ioctl(fd, FFA_NOTIF_IOC_GET_FILE_CONFIG, &cfg) == 0);
	CHECK(cfg.queue_depth == 128 && cfg.reserved[5] == 0);
	CHECK(cfg.clock == FFA_NOTIF_CLOCK_REALTIME);

	/* A non-zero reserved word is refused through compat too. */
	memset(&b, 0, sizeof(b));
	b.sender = 0x8001;
	b.notifications = 0x3;
	b.reserved[3] = 1;
	errno = 0;
	CHECK(ioctl(fd, FFA_NOTIF_IOC_BIND, &b) == -1 && errno == EINVAL);
	b.reserved[3] = 0;
	CHECK(ioctl(fd, FFA_NOTIF_IOC_BIND, &b) == 0);

	memset(&st, 0, sizeof(st));
	CHECK(ioctl(fd, FFA_NOTIF_IOC_GET_STATS, &st) == 0);
	CHECK(st.bound == 0x3);

	/* Ring the echo partition: it sets IDs 0 and 1 back to us. */
	memset(&set, 0, sizeof(set));
	set.receiver = 0x8001;
	set.notifications = 0x3;
	CHECK(ioctl(fd, FFA_NOTIF_IOC_SET, &set) == 0);
	CHECK(wait_readable(fd, 5000));
	memset(ev, 0, sizeof(ev));
	n = read(fd, ev, sizeof(ev));
	CHECK(n == (ssize_t)sizeof(ev[0]));
	CHECK(ev[0].notifications == 0x3);
	CHECK(ev[0].sender == 0x8001);
	CHECK(ev[0].seqno == 1);
	CHECK(ev[0].timestamp_ns != 0);

	/* Short buffer, empty queue, unknown ioctl. */
	errno = 0;
	CHECK(read(fd, ev, sizeof(ev[0]) - 1) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(read(fd, ev, sizeof(ev)) == -1 && errno == EAGAIN);
	errno = 0;
	CHECK(ioctl(fd, _IOR(FFA_NOTIF_IOC_MAGIC, 0x1f, __u64), &st) == -1 &&
	      errno == ENOTTY);

	memset(&b, 0, sizeof(b));
	b.sender = 0x8001;
	b.notifications = 0x3;
	CHECK(ioctl(fd, FFA_NOTIF_IOC_UNBIND, &b) == 0);
	CHECK(ioctl(fd, FFA_NOTIF_IOC_GET_STATS, &st) == 0);
	CHECK(st.bound == 0 && st.read == 1);
	close(fd);

	printf("test-compat32: %s (%d failures)\n", failures ? "FAIL" : "PASS",
	       failures);
	return failures ? 1 : 0;
}
