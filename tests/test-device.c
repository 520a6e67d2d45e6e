// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The device backend and the netlink client without the kernel module.
 *
 * The library's objects are linked in (not the .so), with ioctl() and
 * read() wrapped (-Wl,--wrap): with FFANOTIF_DEVICE=/dev/null, a real
 * character device, the fake below answers the uAPI's ioctls (magic 0xF5)
 * and the reads of that fd as /dev/ffa-notif would, so what the backend
 * sends and how it takes the answers can be checked.  The fake is off
 * unless a test turns it on; /dev/null then answers ENOTTY, as any
 * device that is not ffa-notif would.
 *
 * The netlink decoders get hand-built messages (nlmsg_alloc, genlmsg_put,
 * nla_put_*): what the module sends, and every way of breaking
 * include/uapi/linux/ffa_notif_netlink.h, which must be EPROTO.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/ffa_notif_netlink.h>
#include <linux/genetlink.h>
#include <linux/mptcp.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "internal.h"

#define FAMILY 0x42 /* any generic netlink family ID */
#define REC sizeof(struct ffa_notif_event)

/* ---- the fake device ------------------------------------------------------ */

static struct {
	int active;
	int fd; /* the file the library opened (-1: none yet) */
	struct ffa_notif_info info;
	int info_errno; /* GET_INFO's answer when non-zero */
	int next_errno; /* answer of the next BIND, UNBIND or SET */
	unsigned long last_cmd;
	union {
		struct ffa_notif_binding binding;
		struct ffa_notif_set_req set;
	} last_arg; /* of the last BIND, UNBIND or SET */
	struct ffa_notif_stats stats;
	int stats_errno; /* GET_STATS's answer when non-zero */
	int has_config; /* answers GET/SET_FILE_CONFIG (else ENOTTY) */
	struct ffa_notif_file_config config; /* GET's answer, SET's last */
	int sets; /* SET_FILE_CONFIGs */
	struct ffa_notif_event queue[8];
	size_t queued;
	ssize_t read_bytes; /* >= 0: a broken read() returning this */
} fake;

int __real_ioctl(int fd, unsigned long req, ...);
int __wrap_ioctl(int fd, unsigned long req, ...);
ssize_t __real_read(int fd, void *buf, size_t count);
ssize_t __wrap_read(int fd, void *buf, size_t count);

static void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.fd = -1;
	fake.read_bytes = -1;
	fake.info.api_version = FFA_NOTIF_API_VERSION;
	fake.info.ffa_version = 0x10001;
	fake.info.features = FFA_NOTIF_FEAT_PER_VCPU | FFA_NOTIF_FEAT_STATS;
	fake.info.backend = FFA_NOTIF_BACKEND_ARM_FFA;
	fake.info.own_id = 0;
	fake.info.vcpu_count = 2;
	fake.info.max_ids = FFA_NOTIF_MAX_IDS;
	fake.info.queue_depth = FFA_NOTIF_QUEUE_DEPTH;
	fake.info.sri_intid = 8;
}

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	int err = 0;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!fake.active || _IOC_TYPE(req) != FFA_NOTIF_IOC_MAGIC)
		return __real_ioctl(fd, req, arg);
	fake.fd = fd;
	fake.last_cmd = req;
	switch (req) {
	case FFA_NOTIF_IOC_GET_INFO:
		if (fake.info_errno)
			err = fake.info_errno;
		else
			memcpy(arg, &fake.info, sizeof(fake.info));
		break;
	case FFA_NOTIF_IOC_GET_STATS:
		if (fake.stats_errno)
			err = fake.stats_errno;
		else
			memcpy(arg, &fake.stats, sizeof(fake.stats));
		break;
	case FFA_NOTIF_IOC_BIND:
	case FFA_NOTIF_IOC_UNBIND:
	case FFA_NOTIF_IOC_SET:
		memcpy(&fake.last_arg, arg, _IOC_SIZE(req));
		err = fake.next_errno;
		fake.next_errno = 0;
		break;
	case FFA_NOTIF_IOC_GET_FILE_CONFIG:
		if (!fake.has_config)
			err = ENOTTY;
		else
			memcpy(arg, &fake.config, sizeof(fake.config));
		break;
	case FFA_NOTIF_IOC_SET_FILE_CONFIG:
		if (!fake.has_config) {
			err = ENOTTY;
			break;
		}
		fake.sets++;
		err = fake.next_errno;
		fake.next_errno = 0;
		if (!err)
			memcpy(&fake.config, arg, sizeof(fake.config));
		break;
	default:
		/* SIM_RING included: this device simulates nothing. */
		err = ENOTTY;
	}
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

ssize_t __wrap_read(int fd, void *buf, size_t count)
{
	size_t n;

	if (!fake.active || fd != fake.fd)
		return __real_read(fd, buf, count);
	if (fake.read_bytes >= 0) {
		memset(buf, 0, count);
		return fake.read_bytes;
	}
	if (count < REC) {
		errno = EINVAL;
		return -1;
	}
	if (!fake.queued) {
		errno = EAGAIN;
		return -1;
	}
	n = count / REC < fake.queued ? count / REC : fake.queued;
	memcpy(buf, fake.queue, n * REC);
	memmove(fake.queue, fake.queue + n, (fake.queued - n) * REC);
	fake.queued -= n;
	return (ssize_t)(n * REC);
}

static int setup(void **state)
{
	(void)state;
	fake_reset();
	unsetenv("FFANOTIF_DEVICE");
	unsetenv("FFANOTIF_BACKEND");
	/* No daemon either, whatever the host runs: auto sees only the fake. */
	setenv("FFANOTIFD_SOCKET", "/nonexistent/ffa-notifd.sock", 1);
	return 0;
}

/* The lowest free fd: equal before and after means nothing leaked. */
static int next_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	close(fd);
	return fd;
}

static void expect_open_fails(const char *backend, int err)
{
	int fd = next_fd();

	errno = 0;
	assert_null(ffanotif_session_open(backend));
	assert_int_equal(errno, err);
	assert_int_equal(next_fd(), fd);
}

/* ---- opening ---------------------------------------------------------------- */

static void test_open_missing(void **state)
{
	(void)state;
	setenv("FFANOTIF_DEVICE", "/nonexistent/ffa-notif", 1);
	expect_open_fails("device", ENOENT);
}

static void test_open_not_a_char_device(void **state)
{
	char dir[] = "/tmp/test-device-XXXXXX", path[64];
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* A regular file. */
	snprintf(path, sizeof(path), "%s/file", dir);
	fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);
	setenv("FFANOTIF_DEVICE", path, 1);
	expect_open_fails("device", ENODEV);
	/* Even if it answered GET_INFO (the fake answers any fd). */
	fake.active = 1;
	expect_open_fails("device", ENODEV);
	fake.active = 0;
	unlink(path);
	/* A FIFO: opens (O_RDWR never blocks on one), then refused. */
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	setenv("FFANOTIF_DEVICE", path, 1);
	expect_open_fails("device", ENODEV);
	unlink(path);
	/* A directory: open(2) says so itself. */
	setenv("FFANOTIF_DEVICE", dir, 1);
	expect_open_fails("device", EISDIR);
	rmdir(dir);
}

static void test_open_other_char_device(void **state)
{
	(void)state;
	/* /dev/null does not know FFA_NOTIF_IOC_GET_INFO (ENOTTY). */
	setenv("FFANOTIF_DEVICE", "/dev/null", 1);
	expect_open_fails("device", ENODEV);
}

static void test_open_checks_get_info(void **state)
{
	(void)state;
	setenv("FFANOTIF_DEVICE", "/dev/null", 1);
	fake.active = 1;
	fake.info.api_version = 0;
	expect_open_fails("device", EPROTO);
	fake.info.api_version = FFA_NOTIF_API_VERSION;
	fake.info_errno = EIO;
	expect_open_fails("device", EIO);
}

static void expect_auto(const char *name)
{
	struct ffanotif_session *s = ffanotif_session_open("auto");

	assert_non_null(s);
	assert_string_equal(ffanotif_session_get_backend(s), name);
	ffanotif_session_close(s);
}

static void test_auto_selection(void **state)
{
	char path[] = "/tmp/test-device-XXXXXX";
	struct ffanotif_session *s;
	int fd;

	(void)state;
	/* No device, no daemon: ENODEV, never the simulator. */
	setenv("FFANOTIF_DEVICE", "/nonexistent/ffa-notif", 1);
	expect_open_fails("auto", ENODEV);
	expect_open_fails(NULL, ENODEV);
	expect_open_fails("", ENODEV);
	setenv("FFANOTIF_BACKEND", "auto", 1);
	expect_open_fails(NULL, ENODEV);
	/* FFANOTIF_BACKEND=sim asks for it; the argument still wins. */
	setenv("FFANOTIF_BACKEND", "sim", 1);
	s = ffanotif_session_open(NULL);
	assert_non_null(s);
	assert_string_equal(ffanotif_session_get_backend(s), "sim");
	ffanotif_session_close(s);
	expect_open_fails("auto", ENODEV);
	unsetenv("FFANOTIF_BACKEND");
	/* Something that is not ffa-notif: as good as none. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	setenv("FFANOTIF_DEVICE", path, 1);
	expect_open_fails("auto", ENODEV);
	unlink(path);
	setenv("FFANOTIF_DEVICE", "/dev/null", 1);
	expect_open_fails("auto", ENODEV);
	/* The device: preferred. */
	fake.active = 1;
	expect_auto("device");
	/* A device that is there but refuses: reported, not simulated. */
	fake.info_errno = EACCES;
	expect_open_fails("auto", EACCES);
	expect_open_fails(NULL, EACCES);
	/* Named explicitly, the simulator still opens. */
	fake.active = 0;
	expect_open_fails("device", ENODEV);
	s = ffanotif_session_open("sim");
	assert_non_null(s);
	ffanotif_session_close(s);
}

/* ---- pass-through -------------------------------------------------------- */

static struct ffanotif_session *open_fake(void)
{
	struct ffanotif_session *s;

	setenv("FFANOTIF_DEVICE", "/dev/null", 1);
	fake.active = 1;
	s = ffanotif_session_open("device");
	assert_non_null(s);
	return s;
}

static void test_fd_and_info(void **state)
{
	struct ffanotif_session *s = open_fake();
	struct ffanotif_info *i;
	int fd = ffanotif_session_get_fd(s);

	(void)state;
	assert_string_equal(ffanotif_session_get_backend(s), "device");
	/* The session's fd is the device's open file. */
	assert_int_equal(fd, fake.fd);
	assert_int_equal(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);

	i = ffanotif_session_get_info(s);
	assert_non_null(i);
	assert_int_equal(fake.last_cmd, FFA_NOTIF_IOC_GET_INFO);
	assert_int_equal(ffanotif_info_get_uapi_version(i), 1);
	assert_int_equal(ffanotif_info_get_ffa_version(i), 0x10001);
	assert_int_equal(ffanotif_info_get_vcpu_count(i), 2);
	assert_int_equal(ffanotif_info_get_sri_intid(i), 8);
	assert_true(ffanotif_info_has_per_vcpu(i));
	assert_false(ffanotif_info_has_sim_ring(i));
	/* The provider, not the library backend. */
	assert_string_equal(ffanotif_info_get_backend(i), "arm_ffa");
	ffanotif_info_free(i);
	fake.info.backend = FFA_NOTIF_BACKEND_SIM;
	i = ffanotif_session_get_info(s);
	assert_string_equal(ffanotif_info_get_backend(i), "sim");
	ffanotif_info_free(i);
	fake.info.backend = 77;
	i = ffanotif_session_get_info(s);
	assert_string_equal(ffanotif_info_get_backend(i), "unknown");
	ffanotif_info_free(i);

	ffanotif_session_close(s);
	/* Closing the session closes the device's file. */
	assert_int_equal(fcntl(fd, F_GETFD), -1);
	assert_int_equal(errno, EBADF);
}

static void test_requests_pass_through(void **state)
{
	struct ffanotif_session *s = open_fake();
	const struct ffa_notif_binding *b = &fake.last_arg.binding;
	const struct ffa_notif_set_req *r = &fake.last_arg.set;
	struct ffanotif_session_stats *nst;
	struct ffanotif_stats st;
	size_t i;

	(void)state;
	assert_int_equal(
		ffanotif_session_bind(s, 0x8001, 0x5, FFANOTIF_FLAG_PER_VCPU),
		0);
	assert_int_equal(fake.last_cmd, FFA_NOTIF_IOC_BIND);
	assert_true(b->notifications == 0x5);
	assert_true(b->flags == FFA_NOTIF_FLAG_PER_VCPU);
	assert_int_equal(b->sender, 0x8001);
	assert_int_equal(b->padding, 0);
	for (i = 0; i < 4; i++)
		assert_true(b->reserved[i] == 0);

	/* API 1.5: FFANOTIF_BIND_EXCLUSIVE is the library's, not sent. */
	assert_int_equal(ffanotif_session_bind(s, 0x8001, 0x6,
					       FFANOTIF_BIND_EXCLUSIVE |
						       FFANOTIF_FLAG_PER_VCPU),
			 0);
	assert_int_equal(fake.last_cmd, FFA_NOTIF_IOC_BIND);
	assert_true(b->notifications == 0x6);
	assert_true(b->flags == FFA_NOTIF_FLAG_PER_VCPU);
	/* The module has no shared watch: nothing is asked of it. */
	fake.last_cmd = 0;
	assert_int_equal(ffanotif_session_watch(s, 0x8001, 0x8, 0), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(ffanotif_session_unwatch(s, 0x8001, 0x1), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(fake.last_cmd, 0);

	/* The kernel's errno is the caller's. */
	fake.next_errno = EBUSY;
	assert_int_equal(ffanotif_session_bind(s, 0x8002, 0x8, 0), -1);
	assert_int_equal(errno, EBUSY);
	fake.next_errno = EACCES;
	assert_int_equal(ffanotif_session_unbind(s, 0x8001, 0x1), -1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(fake.last_cmd, FFA_NOTIF_IOC_UNBIND);
	assert_true(b->flags == 0);

	assert_int_equal(ffanotif_session_send(s, 0x8003, 1ULL << 40,
					       FFANOTIF_FLAG_PER_VCPU, 1),
			 0);
	assert_int_equal(fake.last_cmd, FFA_NOTIF_IOC_SET);
	assert_int_equal(r->receiver, 0x8003);
	assert_int_equal(r->vcpu, 1);
	assert_true(r->notifications == 1ULL << 40);

	/* Not a simulator: the module answers ENOTTY. */
	assert_int_equal(ffanotif_session_sim_ring(s, 0x8003, 1, 0, 0), -1);
	assert_int_equal(errno, EOPNOTSUPP);

	fake.stats.bound = 0x5;
	fake.stats.coalesced = 3;
	assert_int_equal(ffanotif_session_get_stats(s, &st), 0);
	assert_true(st.bound == 0x5 && st.coalesced == 3);
	/* API 1.3: the same through the object, each field by its getter. */
	fake.stats.events = 7;
	fake.stats.read = 6;
	fake.stats.dropped = 2;
	fake.last_cmd = 0;
	nst = ffanotif_session_read_stats(s);
	assert_non_null(nst);
	assert_int_equal(fake.last_cmd, FFA_NOTIF_IOC_GET_STATS);
	assert_true(ffanotif_session_stats_get_bound(nst) == 0x5);
	assert_true(ffanotif_session_stats_get_events(nst) == 7);
	assert_true(ffanotif_session_stats_get_read(nst) == 6);
	assert_true(ffanotif_session_stats_get_coalesced(nst) == 3);
	assert_true(ffanotif_session_stats_get_dropped(nst) == 2);
	ffanotif_session_stats_free(nst);
	/* The kernel's error, and no object; the old call too. */
	fake.stats_errno = EIO;
	errno = 0;
	assert_null(ffanotif_session_read_stats(s));
	assert_int_equal(errno, EIO);
	errno = 0;
	assert_int_equal(ffanotif_session_get_stats(s, &st), -1);
	assert_int_equal(errno, EIO);
	fake.stats_errno = 0;
	ffanotif_session_close(s);
}

/* API 1.4: the session's configuration through GET/SET_FILE_CONFIG. */
static void test_file_config_pass_through(void **state)
{
	struct ffanotif_session *s = open_fake();
	unsigned int i;

	(void)state;
	/* A module without the commands (ENOTTY): EOPNOTSUPP, nothing set. */
	errno = 0;
	assert_int_equal(ffanotif_session_get_queue_depth(s), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	errno = 0;
	assert_int_equal(ffanotif_session_get_event_clock(s), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	errno = 0;
	assert_int_equal(ffanotif_session_set_queue_depth(s, 100), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	errno = 0;
	assert_int_equal(
		ffanotif_session_set_event_clock(s, FFANOTIF_CLOCK_REALTIME),
		-1);
	assert_int_equal(errno, EOPNOTSUPP);

	fake.has_config = 1;
	fake.config.queue_depth = 64;
	fake.config.clock = FFA_NOTIF_CLOCK_MONOTONIC;
	assert_int_equal(ffanotif_session_get_queue_depth(s), 64);
	assert_int_equal(fake.last_cmd, FFA_NOTIF_IOC_GET_FILE_CONFIG);
	assert_int_equal(ffanotif_session_get_event_clock(s),
			 FFANOTIF_CLOCK_MONOTONIC);
	/* Each setter sends the whole configuration, its part changed. */
	assert_int_equal(ffanotif_session_set_queue_depth(s, 1000), 0);
	assert_int_equal(fake.last_cmd, FFA_NOTIF_IOC_SET_FILE_CONFIG);
	assert_int_equal(fake.config.queue_depth, 1000);
	assert_int_equal(fake.config.clock, FFA_NOTIF_CLOCK_MONOTONIC);
	assert_int_equal(
		ffanotif_session_set_event_clock(s, FFANOTIF_CLOCK_REALTIME),
		0);
	assert_int_equal(fake.config.queue_depth, 1000);
	assert_int_equal(fake.config.clock, FFA_NOTIF_CLOCK_REALTIME);
	for (i = 0; i < 6; i++)
		assert_true(fake.config.reserved[i] == 0);
	assert_int_equal(fake.sets, 2);
	/* Depth 0 (the default) goes as it is: the module resolves it. */
	assert_int_equal(ffanotif_session_set_queue_depth(s, 0), 0);
	assert_int_equal(fake.config.queue_depth, 0);
	fake.config.queue_depth = 64;

	/* The kernel's refusal is the caller's. */
	fake.next_errno = EBUSY;
	errno = 0;
	assert_int_equal(ffanotif_session_set_queue_depth(s, 8), -1);
	assert_int_equal(errno, EBUSY);
	assert_int_equal(fake.config.queue_depth, 64);
	/* Values the library refuses never reach the module. */
	assert_int_equal(fake.sets, 4);
	assert_int_equal(ffanotif_session_set_queue_depth(s, 4097), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ffanotif_session_set_event_clock(s, 5), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(fake.sets, 4);
	/* A module breaking the uAPI: EPROTO. */
	fake.config.queue_depth = 0;
	assert_int_equal(ffanotif_session_get_queue_depth(s), -1);
	assert_int_equal(errno, EPROTO);
	fake.config.queue_depth = 5000;
	assert_int_equal(ffanotif_session_get_queue_depth(s), -1);
	assert_int_equal(errno, EPROTO);
	fake.config.clock = 9;
	assert_int_equal(ffanotif_session_get_event_clock(s), -1);
	assert_int_equal(errno, EPROTO);
	ffanotif_session_close(s);
}

static void test_read_records(void **state)
{
	struct ffanotif_session *s = open_fake();
	struct ffanotif_event_buffer *b = ffanotif_event_buffer_new(2);
	const struct ffanotif_event *e;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		fake.queue[i].seqno = i + 1;
		fake.queue[i].sender = 0x8001;
		fake.queue[i].notifications = 1ULL << i;
		fake.queue[i].timestamp_ns = 1000 + i;
	}
	fake.queue[2].flags = FFA_NOTIF_EVENT_PER_VCPU;
	fake.queue[2].vcpu = 1;
	fake.queue[2].dropped = 4;
	fake.queued = 3;
	/* As many whole records as the buffer holds. */
	assert_int_equal(ffanotif_session_read_events(s, b, 0), 2);
	e = ffanotif_event_buffer_get_event(b, 1);
	assert_true(ffanotif_event_get_seqno(e) == 2);
	assert_true(ffanotif_event_get_notifications(e) == 2);
	assert_int_equal(ffanotif_session_read_events(s, b, 0), 1);
	e = ffanotif_event_buffer_get_event(b, 0);
	assert_true(ffanotif_event_is_per_vcpu(e));
	assert_int_equal(ffanotif_event_get_vcpu(e), 1);
	assert_int_equal(ffanotif_event_get_dropped(e), 4);
	assert_true(ffanotif_event_get_timestamp_ns(e) == 1002);
	/* EAGAIN: none queued. */
	assert_int_equal(ffanotif_session_read_events(s, b, 0), 0);
	assert_int_equal(ffanotif_event_buffer_get_num_events(b), 0);

	/* Part of a record, or nothing at all: not the uAPI. */
	fake.read_bytes = REC + 8;
	assert_int_equal(ffanotif_session_read_events(s, b, 0), -1);
	assert_int_equal(errno, EPROTO);
	fake.read_bytes = 0;
	assert_int_equal(ffanotif_session_read_events(s, b, 0), -1);
	assert_int_equal(errno, EPROTO);
	ffanotif_event_buffer_free(b);
	ffanotif_session_close(s);
}

/* ---- the module without a module -------------------------------------------- */

/* Whether ffa_notif.ko is loaded here: then ENODEV cannot be tested. */
static int module_loaded(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int ret = -1;

	if (sk && genl_connect(sk) == 0)
		ret = genl_ctrl_resolve(sk, FFA_NOTIF_GENL_NAME);
	nl_socket_free(sk);
	return ret >= 0;
}

static void test_no_module(void **state)
{
	struct ffanotif_module_stats st;
	struct ffanotif_session *s;

	(void)state;
	if (module_loaded())
		skip();
	errno = 0;
	assert_int_equal(ffanotif_module_get_stats(&st), -1);
	assert_int_equal(errno, ENODEV);
	errno = 0;
	assert_null(ffanotif_module_read_counters());
	assert_int_equal(errno, ENODEV);
	errno = 0;
	assert_null(ffanotif_module_list_partitions());
	assert_int_equal(errno, ENODEV);
	errno = 0;
	assert_null(ffanotif_module_list_bindings());
	assert_int_equal(errno, ENODEV);
	errno = 0;
	assert_null(ffanotif_monitor_open());
	assert_int_equal(errno, ENODEV);
	/* A device session takes its partitions from the family. */
	s = open_fake();
	errno = 0;
	assert_null(ffanotif_session_list_partitions(s));
	assert_int_equal(errno, ENODEV);
	ffanotif_session_close(s);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	errno = 0;
	assert_int_equal(ffanotif_module_get_stats(NULL), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(ffanotif_monitor_get_fd(NULL), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(ffanotif_monitor_wait(NULL, 0), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(ffanotif_monitor_read_event(NULL));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ffanotif_binding_list_count(NULL), 0);
	errno = 0;
	assert_null(ffanotif_binding_list_get(NULL, 0));
	assert_int_equal(errno, EINVAL);
	ffanotif_monitor_close(NULL);
	ffanotif_monitor_event_free(NULL);
	ffanotif_binding_list_free(NULL);
}

static void test_nl_errno(void **state)
{
	(void)state;
	assert_int_equal(ffanotif_nl_errno(0), 0);
	assert_int_equal(ffanotif_nl_errno(-NLE_PERM), -EPERM);
	assert_int_equal(ffanotif_nl_errno(-NLE_NOACCESS), -EACCES);
	assert_int_equal(ffanotif_nl_errno(-NLE_NOMEM), -ENOMEM);
	assert_int_equal(ffanotif_nl_errno(-NLE_DUMP_INTR), -EAGAIN);
	assert_int_equal(ffanotif_nl_errno(-NLE_MSG_TRUNC), -EPROTO);
	assert_int_equal(ffanotif_nl_errno(-NLE_FAILURE), -EIO);
}

/* ---- the request engine, against real families ------------------------------- */

struct count_ctx {
	int n;
	int fail_at; /* refuse the fail_at-th reply (0: none) */
};

static int take_count(struct nlmsghdr *nlh, void *arg)
{
	struct count_ctx *c = arg;

	(void)nlh;
	return ++c->n == c->fail_at ? -EPROTO : 0;
}

/*
 * ffa_notif's requests are nlctrl's here: a dump of every family (several
 * datagrams, to NLMSG_DONE), a doit refused by the kernel, a decoder that
 * refuses a reply.
 */
static void test_request_engine(void **state)
{
	struct count_ctx c = { 0 };

	(void)state;
	assert_int_equal(ffanotif_nl_request("nlctrl", CTRL_CMD_GETFAMILY, 1,
					     take_count, &c),
			 0);
	assert_true(c.n >= 2);
	c = (struct count_ctx){ .fail_at = 2 };
	assert_int_equal(ffanotif_nl_request("nlctrl", CTRL_CMD_GETFAMILY, 1,
					     take_count, &c),
			 -EPROTO);
	assert_int_equal(c.n, 2);
	/* GETFAMILY without a name or an ID: the kernel's EINVAL, as is. */
	c = (struct count_ctx){ 0 };
	assert_int_equal(ffanotif_nl_request("nlctrl", CTRL_CMD_GETFAMILY, 0,
					     take_count, &c),
			 -EINVAL);
	assert_int_equal(c.n, 0);
	assert_int_equal(
		ffanotif_nl_request("no-such-family", 1, 1, take_count, &c),
		-ENODEV);
}

/* A doit that succeeds: one reply, then the ACK.  Where there is one. */
static void test_request_doit(void **state)
{
	struct count_ctx c = { 0 };
	int ret;

	(void)state;
	/* MPTCP's limits: a doit without attributes, for everyone. */
	ret = ffanotif_nl_request(MPTCP_PM_NAME, MPTCP_PM_CMD_GET_LIMITS, 0,
				  take_count, &c);
	if (ret == -ENODEV || ret == -EOPNOTSUPP)
		skip(); /* a kernel without MPTCP */
	assert_int_equal(ret, 0);
	assert_int_equal(c.n, 1);
}

/* ---- hand-built messages ----------------------------------------------------- */

static struct nl_msg *msg_new(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY, 0, 0,
				    cmd, FFA_NOTIF_GENL_VERSION));
	return m;
}

static void put_u32(struct nl_msg *m, int attr, uint32_t v)
{
	assert_int_equal(nla_put_u32(m, attr, v), 0);
}

static void put_u64(struct nl_msg *m, int attr, uint64_t v)
{
	assert_int_equal(nla_put_u64(m, attr, v), 0);
}

static void put_str(struct nl_msg *m, int attr, const char *v)
{
	assert_int_equal(nla_put_string(m, attr, v), 0);
}

/* GET_INFO's reply as the module sends it, without attribute `skip`. */
static struct nl_msg *info_msg(int skip)
{
	struct nl_msg *m = msg_new(FFA_NOTIF_CMD_GET_INFO);
	static const int stats[] = {
		FFA_NOTIF_A_STAT_OPEN_FILES, FFA_NOTIF_A_STAT_DELIVERED,
		FFA_NOTIF_A_STAT_UNCLAIMED,  FFA_NOTIF_A_STAT_RELEASE_FAILURES,
		FFA_NOTIF_A_STAT_SENT,	     FFA_NOTIF_A_STAT_SRI,
		FFA_NOTIF_A_STAT_FW_ERRORS,  FFA_NOTIF_A_STAT_MONITOR_DROPS,
	};
	size_t i;

#define PUT(kind, attr, v)                \
	do {                              \
		if (skip != (attr))       \
			kind(m, attr, v); \
	} while (0)
	PUT(put_u32, FFA_NOTIF_A_API_VERSION, 1);
	PUT(put_u32, FFA_NOTIF_A_FFA_VERSION, 0x10001);
	/* The kernel's nla_put_u64_64bit() may put a pad attribute first. */
	assert_int_equal(nla_put(m, FFA_NOTIF_A_PAD, 0, NULL), 0);
	PUT(put_u64, FFA_NOTIF_A_FEATURES, FFA_NOTIF_FEAT_PER_VCPU);
	PUT(put_u32, FFA_NOTIF_A_BACKEND, FFA_NOTIF_BACKEND_SIM);
	PUT(put_str, FFA_NOTIF_A_BACKEND_NAME, "sim");
	PUT(put_u32, FFA_NOTIF_A_OWN_ID, 0);
	PUT(put_u32, FFA_NOTIF_A_VCPU_COUNT, 4);
	PUT(put_u32, FFA_NOTIF_A_MAX_IDS, 64);
	PUT(put_u32, FFA_NOTIF_A_QUEUE_DEPTH, 64);
	PUT(put_u32, FFA_NOTIF_A_SRI_INTID, 8);
	for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++)
		PUT(put_u64, stats[i], 100 + i);
#undef PUT
	return m;
}

static int parse_info(struct nl_msg *m, struct ffanotif_nl_info *out)
{
	int ret = ffanotif_nl_parse_info(nlmsg_hdr(m), out);

	nlmsg_free(m);
	return ret;
}

static void test_parse_info(void **state)
{
	struct ffanotif_module_counters *c;
	struct ffanotif_nl_info in;
	struct nl_msg *m;
	int a;

	(void)state;
	assert_int_equal(parse_info(info_msg(0), &in), 0);
	assert_int_equal(in.info.api_version, 1);
	assert_int_equal(in.info.ffa_version, 0x10001);
	assert_true(in.info.features == FFA_NOTIF_FEAT_PER_VCPU);
	assert_int_equal(in.info.backend, FFA_NOTIF_BACKEND_SIM);
	assert_string_equal(in.backend_name, "sim");
	assert_int_equal(in.info.vcpu_count, 4);
	assert_int_equal(in.info.sri_intid, 8);
	assert_true(in.stats.open_files == 100);
	assert_true(in.stats.fw_errors == 106);
	assert_true(in.stats.monitor_drops == 107);
	/* What ffanotif_module_read_counters() makes of it, getter by
	 * getter: each attribute its own value, in info_msg()'s order.
	 */
	c = ffanotif_module_counters_new(&in.stats);
	assert_non_null(c);
	assert_true(ffanotif_module_counters_get_open_files(c) == 100);
	assert_true(ffanotif_module_counters_get_delivered(c) == 101);
	assert_true(ffanotif_module_counters_get_unclaimed(c) == 102);
	assert_true(ffanotif_module_counters_get_release_failures(c) == 103);
	assert_true(ffanotif_module_counters_get_sent(c) == 104);
	assert_true(ffanotif_module_counters_get_sri(c) == 105);
	assert_true(ffanotif_module_counters_get_fw_errors(c) == 106);
	assert_true(ffanotif_module_counters_get_monitor_drops(c) == 107);
	ffanotif_module_counters_free(c);

	/* Every attribute of the reply is mandatory. */
	for (a = FFA_NOTIF_A_API_VERSION; a <= FFA_NOTIF_A_STAT_FW_ERRORS; a++)
		assert_int_equal(parse_info(info_msg(a), &in), -EPROTO);
	assert_int_equal(
		parse_info(info_msg(FFA_NOTIF_A_STAT_MONITOR_DROPS), &in),
		-EPROTO);

	/* Wrong sizes. */
	m = info_msg(FFA_NOTIF_A_API_VERSION);
	assert_int_equal(nla_put_u16(m, FFA_NOTIF_A_API_VERSION, 1), 0);
	assert_int_equal(parse_info(m, &in), -EPROTO);
	m = info_msg(FFA_NOTIF_A_FEATURES);
	put_u32(m, FFA_NOTIF_A_FEATURES, 1);
	assert_int_equal(parse_info(m, &in), -EPROTO);
	m = info_msg(FFA_NOTIF_A_SRI_INTID);
	put_u64(m, FFA_NOTIF_A_SRI_INTID, 8);
	assert_int_equal(parse_info(m, &in), -EPROTO);
	/* A string without its NUL. */
	m = info_msg(FFA_NOTIF_A_BACKEND_NAME);
	assert_int_equal(nla_put(m, FFA_NOTIF_A_BACKEND_NAME, 3, "sim"), 0);
	assert_int_equal(parse_info(m, &in), -EPROTO);
	/* An FF-A ID does not exceed 16 bits. */
	m = info_msg(FFA_NOTIF_A_OWN_ID);
	put_u32(m, FFA_NOTIF_A_OWN_ID, 0x10000);
	assert_int_equal(parse_info(m, &in), -EPROTO);

	/* A newer module's attributes are ignored; long names truncated. */
	m = info_msg(FFA_NOTIF_A_BACKEND_NAME);
	put_str(m, FFA_NOTIF_A_BACKEND_NAME,
		"a-backend-name-longer-than-thirty-one-bytes");
	put_u32(m, FFA_NOTIF_A_MAX + 1, 7);
	put_u64(m, FFA_NOTIF_A_MAX + 9, 7);
	assert_int_equal(parse_info(m, &in), 0);
	assert_int_equal(strlen(in.backend_name), sizeof(in.backend_name) - 1);
}

static const uint8_t uuid[16] = { 0xf0, 0xa0, 0x5e, 0xc0, 0x00, 0x01,
				  0x4e, 0xc0, 0x8a, 0x00, 0x00, 0x00,
				  0x00, 0x00, 0x00, 0x01 };

/* A partition as the module sends it, without attribute `skip`. */
static struct nl_msg *part_msg(int skip, uint32_t props, const char *name)
{
	struct nl_msg *m = msg_new(FFA_NOTIF_CMD_GET_PARTITIONS);

	if (skip != FFA_NOTIF_A_PART_ID)
		put_u32(m, FFA_NOTIF_A_PART_ID, 0x8001);
	if (skip != FFA_NOTIF_A_PART_UUID)
		assert_int_equal(nla_put(m, FFA_NOTIF_A_PART_UUID, 16, uuid),
				 0);
	if (skip != FFA_NOTIF_A_PART_PROPERTIES)
		put_u32(m, FFA_NOTIF_A_PART_PROPERTIES, props);
	if (skip != FFA_NOTIF_A_PART_VCPU_COUNT)
		put_u32(m, FFA_NOTIF_A_PART_VCPU_COUNT, 4);
	if (props & (1U << 3))
		assert_int_equal(nla_put_flag(m, FFA_NOTIF_A_PART_NOTIF_RECV),
				 0);
	if (name)
		put_str(m, FFA_NOTIF_A_PART_NAME, name);
	return m;
}

static int parse_part(struct nl_msg *m, struct ffanotif_partition *out)
{
	int ret = ffanotif_nl_parse_partition(nlmsg_hdr(m), out);

	nlmsg_free(m);
	return ret;
}

static void test_parse_partition(void **state)
{
	struct ffanotif_partition p;
	struct nl_msg *m;
	int a;

	(void)state;
	assert_int_equal(parse_part(part_msg(0, 0xb, "echo"), &p), 0);
	assert_int_equal(ffanotif_partition_get_id(&p), 0x8001);
	assert_int_equal(ffanotif_partition_get_vcpu_count(&p), 4);
	assert_int_equal(ffanotif_partition_get_properties(&p), 0xb);
	assert_true(ffanotif_partition_receives_notifications(&p));
	assert_memory_equal(ffanotif_partition_get_uuid(&p), uuid, 16);
	assert_string_equal(ffanotif_partition_get_name(&p), "echo");
	/* No name, no notifications. */
	assert_int_equal(parse_part(part_msg(0, 0x3, NULL), &p), 0);
	assert_string_equal(ffanotif_partition_get_name(&p), "");
	assert_false(ffanotif_partition_receives_notifications(&p));

	for (a = FFA_NOTIF_A_PART_ID; a <= FFA_NOTIF_A_PART_VCPU_COUNT; a++)
		assert_int_equal(parse_part(part_msg(a, 0xb, "echo"), &p),
				 -EPROTO);
	/* The flag and property bit 3 disagree, either way. */
	m = part_msg(0, 0x3, NULL);
	assert_int_equal(nla_put_flag(m, FFA_NOTIF_A_PART_NOTIF_RECV), 0);
	assert_int_equal(parse_part(m, &p), -EPROTO);
	m = part_msg(FFA_NOTIF_A_PART_PROPERTIES, 0xb, NULL);
	put_u32(m, FFA_NOTIF_A_PART_PROPERTIES, 0x3);
	assert_int_equal(parse_part(m, &p), -EPROTO);
	/* A flag with a payload (bit 3 set, so only the payload is wrong). */
	m = part_msg(FFA_NOTIF_A_PART_PROPERTIES, 0x3, NULL);
	put_u32(m, FFA_NOTIF_A_PART_PROPERTIES, 0xb);
	assert_int_equal(nla_put_u8(m, FFA_NOTIF_A_PART_NOTIF_RECV, 1), 0);
	assert_int_equal(parse_part(m, &p), -EPROTO);
	/* A UUID is 16 bytes. */
	m = part_msg(FFA_NOTIF_A_PART_UUID, 0x3, NULL);
	assert_int_equal(nla_put(m, FFA_NOTIF_A_PART_UUID, 15, uuid), 0);
	assert_int_equal(parse_part(m, &p), -EPROTO);
	m = part_msg(FFA_NOTIF_A_PART_UUID, 0x3, NULL);
	assert_int_equal(
		nla_put(m, FFA_NOTIF_A_PART_UUID, 17, "0123456789abcdefg"), 0);
	assert_int_equal(parse_part(m, &p), -EPROTO);
	/* 16-bit values in u32 attributes. */
	m = part_msg(FFA_NOTIF_A_PART_ID, 0x3, NULL);
	put_u32(m, FFA_NOTIF_A_PART_ID, 0x18001);
	assert_int_equal(parse_part(m, &p), -EPROTO);
	m = part_msg(FFA_NOTIF_A_PART_VCPU_COUNT, 0x3, NULL);
	put_u32(m, FFA_NOTIF_A_PART_VCPU_COUNT, 0x10000);
	assert_int_equal(parse_part(m, &p), -EPROTO);

	/* Cut inside the last attribute (the optional name). */
	m = part_msg(0, 0xb, "doorbell");
	nlmsg_hdr(m)->nlmsg_len -= 8;
	assert_int_equal(parse_part(m, &p), -EPROTO);
	/* Shorter than its generic netlink header. */
	m = part_msg(0, 0xb, NULL);
	nlmsg_hdr(m)->nlmsg_len = NLMSG_HDRLEN + 2;
	assert_int_equal(parse_part(m, &p), -EPROTO);
}

/* A binding; with a holder unless `holder` is 0 (bits: pid, comm, id). */
static struct nl_msg *binding_msg(uint32_t id, uint32_t state, int holder,
				  uint32_t pid)
{
	struct nl_msg *m = msg_new(FFA_NOTIF_CMD_GET_BINDINGS);

	put_u32(m, FFA_NOTIF_A_ID, id);
	put_u32(m, FFA_NOTIF_A_SENDER, 0x8001);
	put_u32(m, FFA_NOTIF_A_STATE, state);
	if (holder & 1)
		put_u32(m, FFA_NOTIF_A_PID, pid);
	if (holder & 2)
		put_str(m, FFA_NOTIF_A_COMM, "ffa-notif-demo");
	if (holder & 4)
		put_u64(m, FFA_NOTIF_A_FILE_ID, 7);
	return m;
}

static int parse_binding(struct nl_msg *m, struct ffanotif_binding *out)
{
	int ret = ffanotif_nl_parse_binding(nlmsg_hdr(m), out);

	nlmsg_free(m);
	return ret;
}

static void test_parse_binding(void **state)
{
	struct ffanotif_binding b;
	struct nl_msg *m;
	int h;

	(void)state;
	assert_int_equal(
		parse_binding(
			binding_msg(5, FFA_NOTIF_BIND_STATE_BOUND, 7, 1234),
			&b),
		0);
	assert_int_equal(ffanotif_binding_get_id(&b), 5);
	assert_int_equal(ffanotif_binding_get_sender(&b), 0x8001);
	assert_int_equal(ffanotif_binding_get_state(&b),
			 FFANOTIF_BINDING_BOUND);
	assert_int_equal(ffanotif_binding_get_pid(&b), 1234);
	assert_string_equal(ffanotif_binding_get_comm(&b), "ffa-notif-demo");
	assert_true(ffanotif_binding_get_file_id(&b) == 7);
	/* Orphaned: nobody holds it. */
	assert_int_equal(
		parse_binding(
			binding_msg(63, FFA_NOTIF_BIND_STATE_ORPHANED, 0, 0),
			&b),
		0);
	assert_int_equal(ffanotif_binding_get_state(&b),
			 FFANOTIF_BINDING_ORPHANED);
	assert_int_equal(ffanotif_binding_get_pid(&b), 0);
	assert_string_equal(ffanotif_binding_get_comm(&b), "");
	/* A state of a later module is passed on. */
	assert_int_equal(parse_binding(binding_msg(1, 9, 7, 1), &b), 0);
	assert_int_equal(ffanotif_binding_get_state(&b), 9);

	/* The holder comes whole or not at all. */
	for (h = 1; h < 7; h++)
		assert_int_equal(
			parse_binding(binding_msg(5, FFA_NOTIF_BIND_STATE_BOUND,
						  h, 1234),
				      &b),
			-EPROTO);
	assert_int_equal(
		parse_binding(binding_msg(5, FFA_NOTIF_BIND_STATE_BOUND, 7, 0),
			      &b),
		-EPROTO);
	assert_int_equal(
		parse_binding(
			binding_msg(5, FFA_NOTIF_BIND_STATE_ORPHANED, 7, 1234),
			&b),
		-EPROTO);
	assert_int_equal(
		parse_binding(binding_msg(64, FFA_NOTIF_BIND_STATE_BOUND, 0, 0),
			      &b),
		-EPROTO);
	assert_int_equal(parse_binding(binding_msg(5, 0, 0, 0), &b), -EPROTO);
	/* A missing mandatory attribute, a sender beyond 16 bits. */
	m = msg_new(FFA_NOTIF_CMD_GET_BINDINGS);
	put_u32(m, FFA_NOTIF_A_ID, 5);
	put_u32(m, FFA_NOTIF_A_STATE, FFA_NOTIF_BIND_STATE_BOUND);
	assert_int_equal(parse_binding(m, &b), -EPROTO);
	m = msg_new(FFA_NOTIF_CMD_GET_BINDINGS);
	put_u32(m, FFA_NOTIF_A_ID, 5);
	put_u32(m, FFA_NOTIF_A_SENDER, 0x28001);
	put_u32(m, FFA_NOTIF_A_STATE, FFA_NOTIF_BIND_STATE_BOUND);
	assert_int_equal(parse_binding(m, &b), -EPROTO);
}

/* An event, without attribute `skip`; pid and file_id only if non-zero,
 * as the module sends them.
 */
static struct nl_msg *event_msg(int skip, uint32_t kind, uint32_t pid,
				uint64_t file_id)
{
	struct nl_msg *m = msg_new(FFA_NOTIF_CMD_EVENT);

	if (skip != FFA_NOTIF_A_EVENT_KIND)
		put_u32(m, FFA_NOTIF_A_EVENT_KIND, kind);
	if (skip != FFA_NOTIF_A_NOTIFICATIONS)
		put_u64(m, FFA_NOTIF_A_NOTIFICATIONS, 1ULL << 33);
	if (skip != FFA_NOTIF_A_SENDER)
		put_u32(m, FFA_NOTIF_A_SENDER, 0x8002);
	if (skip != FFA_NOTIF_A_RECEIVER)
		put_u32(m, FFA_NOTIF_A_RECEIVER, 0);
	if (skip != FFA_NOTIF_A_VCPU)
		put_u32(m, FFA_NOTIF_A_VCPU, 3);
	if (skip != FFA_NOTIF_A_FLAGS)
		put_u32(m, FFA_NOTIF_A_FLAGS, FFA_NOTIF_FLAG_PER_VCPU);
	if (skip != FFA_NOTIF_A_TIMESTAMP)
		put_u64(m, FFA_NOTIF_A_TIMESTAMP, 123456789);
	if (pid)
		put_u32(m, FFA_NOTIF_A_PID, pid);
	if (file_id)
		put_u64(m, FFA_NOTIF_A_FILE_ID, file_id);
	return m;
}

static int parse_event(struct nl_msg *m, struct ffanotif_monitor_event *out)
{
	int ret = ffanotif_nl_parse_event(nlmsg_hdr(m), out);

	nlmsg_free(m);
	return ret;
}

static void test_parse_event(void **state)
{
	struct ffanotif_monitor_event e;
	static const int mandatory[] = {
		FFA_NOTIF_A_EVENT_KIND, FFA_NOTIF_A_NOTIFICATIONS,
		FFA_NOTIF_A_SENDER,	FFA_NOTIF_A_RECEIVER,
		FFA_NOTIF_A_VCPU,	FFA_NOTIF_A_FLAGS,
		FFA_NOTIF_A_TIMESTAMP,
	};
	struct nl_msg *m;
	size_t i;

	(void)state;
	assert_int_equal(
		parse_event(event_msg(0, FFA_NOTIF_EVENT_KIND_DELIVERED, 42, 9),
			    &e),
		0);
	assert_int_equal(ffanotif_monitor_event_get_kind(&e),
			 FFANOTIF_MONITOR_DELIVERED);
	assert_true(ffanotif_monitor_event_get_notifications(&e) == 1ULL << 33);
	assert_int_equal(ffanotif_monitor_event_get_sender(&e), 0x8002);
	assert_int_equal(ffanotif_monitor_event_get_receiver(&e), 0);
	assert_true(ffanotif_monitor_event_is_per_vcpu(&e));
	assert_int_equal(ffanotif_monitor_event_get_vcpu(&e), 3);
	assert_true(ffanotif_monitor_event_get_timestamp_ns(&e) == 123456789);
	assert_int_equal(ffanotif_monitor_event_get_pid(&e), 42);
	assert_true(ffanotif_monitor_event_get_file_id(&e) == 9);
	/* A SET: its caller's pid, no file.  Unclaimed: neither. */
	assert_int_equal(
		parse_event(event_msg(0, FFA_NOTIF_EVENT_KIND_SENT, 42, 0), &e),
		0);
	assert_int_equal(ffanotif_monitor_event_get_pid(&e), 42);
	assert_true(ffanotif_monitor_event_get_file_id(&e) == 0);
	assert_int_equal(
		parse_event(event_msg(0, FFA_NOTIF_EVENT_KIND_UNCLAIMED, 0, 0),
			    &e),
		0);
	assert_int_equal(ffanotif_monitor_event_get_pid(&e), 0);

	for (i = 0; i < sizeof(mandatory) / sizeof(mandatory[0]); i++)
		assert_int_equal(
			parse_event(event_msg(mandatory[i],
					      FFA_NOTIF_EVENT_KIND_UNCLAIMED, 0,
					      0),
				    &e),
			-EPROTO);
	/* A delivery names its file and process. */
	assert_int_equal(
		parse_event(event_msg(0, FFA_NOTIF_EVENT_KIND_DELIVERED, 42, 0),
			    &e),
		-EPROTO);
	assert_int_equal(
		parse_event(event_msg(0, FFA_NOTIF_EVENT_KIND_DELIVERED, 0, 9),
			    &e),
		-EPROTO);
	/* 0 means "none": never sent as a value. */
	m = event_msg(0, FFA_NOTIF_EVENT_KIND_SENT, 0, 0);
	put_u32(m, FFA_NOTIF_A_PID, 0);
	assert_int_equal(parse_event(m, &e), -EPROTO);
	m = event_msg(0, FFA_NOTIF_EVENT_KIND_SENT, 0, 0);
	put_u64(m, FFA_NOTIF_A_FILE_ID, 0);
	assert_int_equal(parse_event(m, &e), -EPROTO);
	/* Kind 0, an empty bitmap, a vCPU beyond 16 bits, a short u64. */
	assert_int_equal(parse_event(event_msg(0, 0, 0, 0), &e), -EPROTO);
	m = event_msg(FFA_NOTIF_A_NOTIFICATIONS, FFA_NOTIF_EVENT_KIND_SENT, 1,
		      0);
	put_u64(m, FFA_NOTIF_A_NOTIFICATIONS, 0);
	assert_int_equal(parse_event(m, &e), -EPROTO);
	m = event_msg(FFA_NOTIF_A_VCPU, FFA_NOTIF_EVENT_KIND_SENT, 1, 0);
	put_u32(m, FFA_NOTIF_A_VCPU, 0x10000);
	assert_int_equal(parse_event(m, &e), -EPROTO);
	m = event_msg(FFA_NOTIF_A_TIMESTAMP, FFA_NOTIF_EVENT_KIND_SENT, 1, 0);
	put_u32(m, FFA_NOTIF_A_TIMESTAMP, 5);
	assert_int_equal(parse_event(m, &e), -EPROTO);
	/* A later kind is passed on. */
	assert_int_equal(parse_event(event_msg(0, 7, 0, 0), &e), 0);
	assert_int_equal(ffanotif_monitor_event_get_kind(&e), 7);
}

/* ---- the monitor's datagrams ------------------------------------------------ */

/* Append message m (freed) to the monitor's buffered datagram. */
static void buffer_msg(struct ffanotif_monitor *mon, struct nl_msg *m)
{
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	size_t len = NLMSG_ALIGN(nlh->nlmsg_len);

	assert_true(mon->len + len <= mon->size);
	memcpy(mon->buf + mon->len, nlh, len);
	mon->len += len;
	nlmsg_free(m);
}

static void test_monitor_datagrams(void **state)
{
	struct ffanotif_monitor_event *e;
	struct ffanotif_monitor *mon;
	struct nl_msg *m;
	struct nlmsghdr *nlh;
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv),
			 0);
	mon = ffanotif_monitor_new(NULL, sv[0], FAMILY);
	assert_non_null(mon);
	assert_int_equal(ffanotif_monitor_get_fd(mon), sv[0]);
	assert_int_equal(ffanotif_monitor_wait(mon, 0), 0);

	/* One datagram: an event, another family's message, another
	 * command of ours, a malformed event, a control message, an event.
	 */
	buffer_msg(mon, event_msg(0, FFA_NOTIF_EVENT_KIND_DELIVERED, 42, 9));
	m = event_msg(0, FFA_NOTIF_EVENT_KIND_SENT, 1, 0);
	nlmsg_hdr(m)->nlmsg_type = FAMILY + 1;
	buffer_msg(mon, m);
	buffer_msg(mon, info_msg(0));
	buffer_msg(mon, event_msg(FFA_NOTIF_A_EVENT_KIND, 1, 0, 0));
	m = nlmsg_alloc_simple(NLMSG_NOOP, 0);
	assert_non_null(m);
	buffer_msg(mon, m);
	buffer_msg(mon, event_msg(0, FFA_NOTIF_EVENT_KIND_UNCLAIMED, 0, 0));

	/* Buffered events make the monitor ready, whatever the fd says. */
	assert_int_equal(ffanotif_monitor_wait(mon, 0), 1);
	e = ffanotif_monitor_read_event(mon);
	assert_non_null(e);
	assert_int_equal(ffanotif_monitor_event_get_kind(e),
			 FFANOTIF_MONITOR_DELIVERED);
	assert_true(ffanotif_monitor_event_get_file_id(e) == 9);
	ffanotif_monitor_event_free(e);
	errno = 0;
	assert_null(ffanotif_monitor_read_event(mon));
	assert_int_equal(errno, EPROTO);
	e = ffanotif_monitor_read_event(mon);
	assert_non_null(e);
	assert_int_equal(ffanotif_monitor_event_get_kind(e),
			 FFANOTIF_MONITOR_UNCLAIMED);
	ffanotif_monitor_event_free(e);
	errno = 0;
	assert_null(ffanotif_monitor_read_event(mon));
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(ffanotif_monitor_wait(mon, 0), 0);

	/* A message longer than what is left of its datagram: the rest of
	 * the datagram is lost, the monitor goes on.
	 */
	m = event_msg(0, FFA_NOTIF_EVENT_KIND_UNCLAIMED, 0, 0);
	nlh = nlmsg_hdr(m);
	memcpy(mon->buf, nlh, nlh->nlmsg_len);
	mon->len = nlh->nlmsg_len - 4;
	mon->pos = 0;
	nlmsg_free(m);
	errno = 0;
	assert_null(ffanotif_monitor_read_event(mon));
	assert_int_equal(errno, EPROTO);
	errno = 0;
	assert_null(ffanotif_monitor_read_event(mon));
	assert_int_equal(errno, EAGAIN);

	/* Only the kernel speaks for the family: a datagram from another
	 * socket is dropped unread.
	 */
	m = event_msg(0, FFA_NOTIF_EVENT_KIND_UNCLAIMED, 0, 0);
	nlh = nlmsg_hdr(m);
	assert_int_equal(send(sv[1], nlh, nlh->nlmsg_len, 0),
			 (ssize_t)nlh->nlmsg_len);
	nlmsg_free(m);
	assert_int_equal(ffanotif_monitor_wait(mon, 0), 1);
	errno = 0;
	assert_null(ffanotif_monitor_read_event(mon));
	assert_int_equal(errno, EAGAIN);

	ffanotif_monitor_close(mon);
	/* The monitor owned its fd. */
	assert_int_equal(fcntl(sv[0], F_GETFD), -1);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_open_missing, setup),
		cmocka_unit_test_setup(test_open_not_a_char_device, setup),
		cmocka_unit_test_setup(test_open_other_char_device, setup),
		cmocka_unit_test_setup(test_open_checks_get_info, setup),
		cmocka_unit_test_setup(test_auto_selection, setup),
		cmocka_unit_test_setup(test_fd_and_info, setup),
		cmocka_unit_test_setup(test_requests_pass_through, setup),
		cmocka_unit_test_setup(test_file_config_pass_through, setup),
		cmocka_unit_test_setup(test_read_records, setup),
		cmocka_unit_test_setup(test_no_module, setup),
		cmocka_unit_test_setup(test_bad_arguments, setup),
		cmocka_unit_test_setup(test_nl_errno, setup),
		cmocka_unit_test_setup(test_request_engine, setup),
		cmocka_unit_test_setup(test_request_doit, setup),
		cmocka_unit_test_setup(test_parse_info, setup),
		cmocka_unit_test_setup(test_parse_partition, setup),
		cmocka_unit_test_setup(test_parse_binding, setup),
		cmocka_unit_test_setup(test_parse_event, setup),
		cmocka_unit_test_setup(test_monitor_datagrams, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
