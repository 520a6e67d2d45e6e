/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * Helpers shared by the guest tests (tests/vm/guest/test-*.c): raw
 * syscalls on /dev/ffa-notif, no libffanotif.  Every helper that can wait
 * waits with poll() and a generous timeout, never on the clock: delivery
 * through the module's sim backend is asynchronous (irq_work, workqueue),
 * and the slowest guest is arm64 with KASAN under TCG.
 *
 * Include after <cmocka.h>.
 */
#ifndef FFA_NOTIF_GUEST_H
#define FFA_NOTIF_GUEST_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/ffa_notif.h>

#define DEV_PATH "/dev/ffa-notif"

#define ECHO 0x8001 /* IDs 0-31 global: sets back what we set */
#define ECHO_PERCPU 0x8002 /* IDs 32-47 per vCPU: the same, per vCPU */
#define DOORBELL 0x8003 /* receives nothing; rings us on SIM_RING */
#define ECHO_VCPUS 4 /* vCPUs of the two echo partitions */

/* Generous: only there so that a broken module fails instead of hanging. */
#define WAIT_MS 15000

#define BIT(n) (1ULL << (n))
#define EV_SIZE ((ssize_t)sizeof(struct ffa_notif_event))

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static inline void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Open the device; -1 (with a message) when it is not there. */
static inline int dev_open_flags(int flags)
{
	int fd = open(DEV_PATH, O_RDWR | O_CLOEXEC | flags);

	if (fd < 0)
		fprintf(stderr, "open %s: %s\n", DEV_PATH, strerror(errno));
	return fd;
}

/* 0 or -errno, for every ioctl of the uAPI. */
static inline int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static inline int do_bind(int fd, uint32_t sender, uint64_t ids, uint64_t flags)
{
	struct ffa_notif_binding b;

	memset(&b, 0, sizeof(b));
	b.sender = sender;
	b.notifications = ids;
	b.flags = flags;
	return xioctl(fd, FFA_NOTIF_IOC_BIND, &b);
}

static inline int do_unbind(int fd, uint32_t sender, uint64_t ids)
{
	struct ffa_notif_binding b;

	memset(&b, 0, sizeof(b));
	b.sender = sender;
	b.notifications = ids;
	return xioctl(fd, FFA_NOTIF_IOC_UNBIND, &b);
}

static inline int do_set(int fd, uint32_t receiver, uint64_t ids, int per_vcpu,
			 uint32_t vcpu)
{
	struct ffa_notif_set_req r;

	memset(&r, 0, sizeof(r));
	r.receiver = receiver;
	r.notifications = ids;
	r.flags = per_vcpu ? FFA_NOTIF_FLAG_PER_VCPU : 0;
	r.vcpu = vcpu;
	return xioctl(fd, FFA_NOTIF_IOC_SET, &r);
}

static inline int do_ring(int fd, uint32_t sender, uint64_t ids, int per_vcpu,
			  uint32_t vcpu)
{
	struct ffa_notif_sim_ring r;

	memset(&r, 0, sizeof(r));
	r.sender = sender;
	r.notifications = ids;
	r.flags = per_vcpu ? FFA_NOTIF_FLAG_PER_VCPU : 0;
	r.vcpu = vcpu;
	return xioctl(fd, FFA_NOTIF_IOC_SIM_RING, &r);
}

static inline int get_stats(int fd, struct ffa_notif_stats *st)
{
	memset(st, 0xa5, sizeof(*st));
	return xioctl(fd, FFA_NOTIF_IOC_GET_STATS, st);
}

static inline int get_info(int fd, struct ffa_notif_info *info)
{
	memset(info, 0xa5, sizeof(*info));
	return xioctl(fd, FFA_NOTIF_IOC_GET_INFO, info);
}

/* poll() for readability: 1 readable, 0 timed out, -errno. */
static inline int wait_readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLRDNORM };
	int n;

	do {
		n = poll(&p, 1, timeout_ms);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n;
}

/*
 * Read up to `max` records after waiting for readability: the count,
 * 0 after a timeout, -errno.  Also checks that read() returned whole
 * records.
 */
static inline int read_events(int fd, struct ffa_notif_event *ev, int max,
			      int timeout_ms)
{
	ssize_t n;
	int r = wait_readable(fd, timeout_ms);

	if (r <= 0)
		return r;
	n = read(fd, ev, (size_t)max * sizeof(*ev));
	if (n < 0)
		return -errno;
	if (n % EV_SIZE) {
		fprintf(stderr, "read() returned %zd: not whole records\n", n);
		return -EPROTO;
	}
	return (int)(n / EV_SIZE);
}

/* Whether an event's words that must be zero are. */
static inline int event_clean(const struct ffa_notif_event *e)
{
	int i;

	if (e->padding)
		return 0;
	for (i = 0; i < 5; i++)
		if (e->reserved[i])
			return 0;
	return 1;
}

/*
 * Wait until events read from `fd` together carry every bit of `want`
 * from `sender` (per-vCPU on `vcpu` if per_vcpu).  Events read meanwhile
 * are stored in out[] (up to max_out) and counted in *n_out.  Returns 0,
 * or -ETIMEDOUT / -errno.  Events of other senders or vCPUs are kept but
 * do not count.
 */
static inline int wait_bits(int fd, uint32_t sender, uint64_t want,
			    int per_vcpu, uint32_t vcpu,
			    struct ffa_notif_event *out, int max_out,
			    int *n_out)
{
	struct ffa_notif_event ev[16];
	uint64_t got = 0, deadline = now_ns() + WAIT_MS * 1000000ULL;
	uint32_t flags = per_vcpu ? FFA_NOTIF_EVENT_PER_VCPU : 0;
	int i, n;

	if (n_out)
		*n_out = 0;
	while ((got & want) != want) {
		uint64_t t = now_ns();

		if (t >= deadline)
			return -ETIMEDOUT;
		n = read_events(fd, ev, 16,
				(int)((deadline - t) / 1000000ULL) + 1);
		if (n < 0)
			return n;
		for (i = 0; i < n; i++) {
			if (out && n_out && *n_out < max_out)
				out[(*n_out)++] = ev[i];
			else if (n_out)
				(*n_out)++;
			if (ev[i].sender == sender && ev[i].flags == flags &&
			    ev[i].vcpu == (per_vcpu ? vcpu : 0))
				got |= ev[i].notifications;
		}
	}
	return 0;
}

/* A line "key value" of /proc/self/fdinfo/<fd>; 0 if found. */
static inline int fdinfo_value(int fd, const char *key, char *val, size_t len)
{
	char path[64], line[256];
	size_t kl = strlen(key);
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *v;

		if (strncmp(line, key, kl) != 0)
			continue;
		v = line + kl;
		while (*v == ' ' || *v == '\t')
			v++;
		v[strcspn(v, "\n")] = '\0';
		if (strlen(v) >= len)
			break;
		memcpy(val, v, strlen(v) + 1);
		ret = 0;
		break;
	}
	fclose(f);
	return ret;
}

/*
 * A numeric fdinfo value: hex (with or without 0x) if `hex`, else decimal,
 * or hex when written with 0x.
 */
static inline int fdinfo_u64(int fd, const char *key, int hex, uint64_t *out)
{
	char val[128], *end;
	int base = hex ? 16 : 10;

	if (fdinfo_value(fd, key, val, sizeof(val)))
		return -1;
	if (val[0] == '0' && (val[1] == 'x' || val[1] == 'X'))
		base = 16;
	errno = 0;
	*out = strtoull(val, &end, base);
	if (errno || end == val || (*end && *end != ' '))
		return -1;
	return 0;
}

#endif /* FFA_NOTIF_GUEST_H */
