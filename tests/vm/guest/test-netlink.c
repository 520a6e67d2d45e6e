// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * The generic netlink family of ffa_notif.ko
 * (include/uapi/linux/ffa_notif_netlink.h), through libnl-genl-3 directly,
 * in a guest with `insmod ffa_notif.ko backend=sim`: the family and its
 * monitor group resolve; GET_INFO says what the ioctl says and its
 * counters move with what the device does; GET_PARTITIONS lists the
 * simulated partitions exactly as protocol/ffp_spmc_partitions.c defines
 * them; GET_BINDINGS shows who holds which ID, with the file id of its
 * fdinfo, until the file is closed; the monitor group reports SENT,
 * DELIVERED and UNCLAIMED, and is refused to an unprivileged process.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <grp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <linux/ffa_notif_netlink.h>

#include "ffp_spmc.h"
#include "guest.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static int g_family; /* generic netlink family ID */
static int g_group; /* monitor multicast group ID */

/* Every file a test opens, closed by the teardown even if it fails. */
static int g_fds[16];
static int g_nfds;
static struct nl_sock *g_socks[4];
static int g_nsocks;

static int tfd_open(void)
{
	int fd = dev_open_flags(0);

	assert_true(fd >= 0);
	assert_true(g_nfds < (int)(sizeof(g_fds) / sizeof(g_fds[0])));
	g_fds[g_nfds++] = fd;
	return fd;
}

static void tfd_close(int fd)
{
	int i;

	for (i = 0; i < g_nfds; i++) {
		if (g_fds[i] == fd) {
			g_fds[i] = g_fds[--g_nfds];
			break;
		}
	}
	assert_int_equal(close(fd), 0);
}

/* A connected generic netlink socket, replies within WAIT_MS. */
static struct nl_sock *sock_new(void)
{
	struct timeval tv = { .tv_sec = WAIT_MS / 1000 };
	struct nl_sock *sk = nl_socket_alloc();

	assert_non_null(sk);
	assert_int_equal(genl_connect(sk), 0);
	assert_int_equal(setsockopt(nl_socket_get_fd(sk), SOL_SOCKET,
				    SO_RCVTIMEO, &tv, sizeof(tv)),
			 0);
	assert_true(g_nsocks < (int)(sizeof(g_socks) / sizeof(g_socks[0])));
	g_socks[g_nsocks++] = sk;
	return sk;
}

static int teardown(void **state)
{
	(void)state;
	while (g_nfds)
		close(g_fds[--g_nfds]);
	while (g_nsocks)
		nl_socket_free(g_socks[--g_nsocks]);
	return 0;
}

static int group_setup(void **state)
{
	struct nl_sock *sk = nl_socket_alloc();
	int ret = -1;

	(void)state;
	if (!sk || genl_connect(sk)) {
		fprintf(stderr, "test-netlink: no generic netlink socket\n");
		goto out;
	}
	g_family = genl_ctrl_resolve(sk, FFA_NOTIF_GENL_NAME);
	if (g_family < 0) {
		fprintf(stderr,
			"test-netlink: family \"%s\" not found (%s): is "
			"ffa_notif.ko loaded?\n",
			FFA_NOTIF_GENL_NAME, nl_geterror(g_family));
		goto out;
	}
	g_group = genl_ctrl_resolve_grp(sk, FFA_NOTIF_GENL_NAME,
					FFA_NOTIF_MCGRP_MONITOR);
	if (g_group < 0) {
		fprintf(stderr, "test-netlink: no group \"%s\" (%s)\n",
			FFA_NOTIF_MCGRP_MONITOR, nl_geterror(g_group));
		goto out;
	}
	ret = 0;
out:
	if (sk)
		nl_socket_free(sk);
	return ret;
}

/* ---- attributes ---------------------------------------------------------- */

/* Fixed-size attributes must be exactly their size. */
static int attr_u32(struct nlattr **tb, int a, uint32_t *v)
{
	if (!tb[a] || nla_len(tb[a]) != 4)
		return -1;
	*v = nla_get_u32(tb[a]);
	return 0;
}

static int attr_u64(struct nlattr **tb, int a, uint64_t *v)
{
	if (!tb[a] || nla_len(tb[a]) != 8)
		return -1;
	*v = nla_get_u64(tb[a]);
	return 0;
}

/* A NUL-terminated string attribute, copied. */
static int attr_str(struct nlattr **tb, int a, char *buf, size_t len)
{
	const char *s;
	int n;

	if (!tb[a])
		return -1;
	n = nla_len(tb[a]);
	s = nla_data(tb[a]);
	if (n < 1 || s[n - 1] != '\0' || (size_t)n > len)
		return -1;
	memcpy(buf, s, (size_t)n);
	return 0;
}

/* ---- requests ------------------------------------------------------------- */

typedef int (*msg_fn)(struct nlattr **tb, void *arg);

struct req {
	msg_fn fn;
	void *arg;
	int msgs;
	int bad; /* messages fn refused, or unparsable */
	int err; /* from an NLMSG_ERROR */
	int done;
};

static int req_valid(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;
	struct nlattr *tb[FFA_NOTIF_A_MAX + 1];

	r->msgs++;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, FFA_NOTIF_A_MAX, NULL) < 0 ||
	    (r->fn && r->fn(tb, r->arg)))
		r->bad++;
	return NL_OK;
}

static int req_finish(struct nl_msg *msg, void *arg)
{
	(void)msg;
	((struct req *)arg)->done = 1;
	return NL_STOP;
}

static int req_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct req *r = arg;

	(void)nla;
	r->err = e->error;
	r->done = 1;
	return NL_STOP;
}

/*
 * Send a command without attributes; run fn on each reply message.
 * Returns 0 or the error the kernel answered (negative errno), or a
 * negative libnl error offset by -10000 when the exchange failed.
 */
static int request(struct nl_sock *sk, int cmd, int dump, msg_fn fn, void *arg,
		   int *msgs)
{
	struct req r = { .fn = fn, .arg = arg };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	struct nl_msg *msg = nlmsg_alloc();
	int ret;

	assert_non_null(cb);
	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g_family, 0,
				    dump ? NLM_F_DUMP : 0, (uint8_t)cmd,
				    FFA_NOTIF_GENL_VERSION));
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, req_valid, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, req_finish, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, req_finish, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, req_error, &r);
	ret = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	while (ret >= 0 && !r.done)
		ret = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	if (msgs)
		*msgs = r.msgs;
	if (ret < 0 && !r.done)
		return -10000 + ret;
	if (r.err)
		return r.err;
	if (r.bad)
		fail_msg("command %d: %d of %d reply messages malformed", cmd,
			 r.bad, r.msgs);
	return 0;
}

/* ---- GET_INFO --------------------------------------------------------------- */

struct nl_info {
	uint32_t api_version, ffa_version, backend, own_id, vcpu_count;
	uint32_t max_ids, queue_depth, sri_intid;
	uint64_t features;
	char backend_name[32];
	uint64_t open_files, delivered, unclaimed, release_failures, sent;
	uint64_t sri, fw_errors, monitor_drops;
};

static int parse_info(struct nlattr **tb, void *arg)
{
	struct nl_info *i = arg;

	return attr_u32(tb, FFA_NOTIF_A_API_VERSION, &i->api_version) ||
	       attr_u32(tb, FFA_NOTIF_A_FFA_VERSION, &i->ffa_version) ||
	       attr_u64(tb, FFA_NOTIF_A_FEATURES, &i->features) ||
	       attr_u32(tb, FFA_NOTIF_A_BACKEND, &i->backend) ||
	       attr_str(tb, FFA_NOTIF_A_BACKEND_NAME, i->backend_name,
			sizeof(i->backend_name)) ||
	       attr_u32(tb, FFA_NOTIF_A_OWN_ID, &i->own_id) ||
	       attr_u32(tb, FFA_NOTIF_A_VCPU_COUNT, &i->vcpu_count) ||
	       attr_u32(tb, FFA_NOTIF_A_MAX_IDS, &i->max_ids) ||
	       attr_u32(tb, FFA_NOTIF_A_QUEUE_DEPTH, &i->queue_depth) ||
	       attr_u32(tb, FFA_NOTIF_A_SRI_INTID, &i->sri_intid) ||
	       attr_u64(tb, FFA_NOTIF_A_STAT_OPEN_FILES, &i->open_files) ||
	       attr_u64(tb, FFA_NOTIF_A_STAT_DELIVERED, &i->delivered) ||
	       attr_u64(tb, FFA_NOTIF_A_STAT_UNCLAIMED, &i->unclaimed) ||
	       attr_u64(tb, FFA_NOTIF_A_STAT_RELEASE_FAILURES,
			&i->release_failures) ||
	       attr_u64(tb, FFA_NOTIF_A_STAT_SENT, &i->sent) ||
	       attr_u64(tb, FFA_NOTIF_A_STAT_SRI, &i->sri) ||
	       attr_u64(tb, FFA_NOTIF_A_STAT_FW_ERRORS, &i->fw_errors) ||
	       attr_u64(tb, FFA_NOTIF_A_STAT_MONITOR_DROPS, &i->monitor_drops);
}

static struct nl_info nl_get_info(struct nl_sock *sk)
{
	struct nl_info i;
	int msgs = 0;

	memset(&i, 0, sizeof(i));
	assert_int_equal(
		request(sk, FFA_NOTIF_CMD_GET_INFO, 0, parse_info, &i, &msgs),
		0);
	assert_int_equal(msgs, 1);
	return i;
}

static void test_family(void **state)
{
	struct nl_sock *sk = sock_new();
	struct nl_cache *cache = NULL;
	struct genl_family *f;

	(void)state;
	assert_true(g_family > 0);
	assert_true(g_group > 0);
	assert_int_equal(genl_ctrl_alloc_cache(sk, &cache), 0);
	f = genl_ctrl_search_by_name(cache, FFA_NOTIF_GENL_NAME);
	assert_non_null(f);
	assert_int_equal(genl_family_get_id(f), g_family);
	assert_int_equal(genl_family_get_version(f), FFA_NOTIF_GENL_VERSION);
	genl_family_put(f);
	nl_cache_free(cache);
}

static void test_get_info(void **state)
{
	struct nl_sock *sk = sock_new();
	struct ffa_notif_info info;
	struct nl_info a, b;
	int fd = tfd_open(), fd2;
	struct ffa_notif_event ev[8];
	int n = 0;

	(void)state;
	assert_int_equal(get_info(fd, &info), 0);
	a = nl_get_info(sk);
	print_message("netlink info: backend %s, open files %" PRIu64
		      ", delivered %" PRIu64 ", unclaimed %" PRIu64
		      ", sent %" PRIu64 ", sri %" PRIu64 "\n",
		      a.backend_name, a.open_files, a.delivered, a.unclaimed,
		      a.sent, a.sri);
	assert_int_equal(a.api_version, info.api_version);
	assert_int_equal(a.ffa_version, info.ffa_version);
	assert_true(a.features == info.features);
	assert_int_equal(a.backend, info.backend);
	assert_int_equal(a.backend, FFA_NOTIF_BACKEND_SIM);
	assert_string_equal(a.backend_name, "sim");
	assert_int_equal(a.own_id, info.own_id);
	assert_int_equal(a.vcpu_count, info.vcpu_count);
	assert_int_equal(a.max_ids, info.max_ids);
	assert_int_equal(a.queue_depth, info.queue_depth);
	assert_int_equal(a.sri_intid, info.sri_intid);
	assert_true(a.open_files >= 1);
	assert_true(a.release_failures == 0);

	/* The counters follow the device. */
	fd2 = tfd_open();
	b = nl_get_info(sk);
	assert_true(b.open_files == a.open_files + 1);
	tfd_close(fd2);
	b = nl_get_info(sk);
	assert_true(b.open_files == a.open_files);

	assert_int_equal(do_bind(fd, ECHO, BIT(9), 0), 0);
	assert_int_equal(do_set(fd, ECHO, BIT(9), 0, 0), 0);
	assert_int_equal(wait_bits(fd, ECHO, BIT(9), 0, 0, ev, 8, &n), 0);
	b = nl_get_info(sk);
	assert_true(b.sent == a.sent + 1);
	assert_true(b.delivered == a.delivered + 1);
	assert_true(b.unclaimed == a.unclaimed);
	assert_true(b.sri > a.sri);
	assert_true(b.fw_errors == a.fw_errors);
	assert_true(b.open_files == a.open_files);
}

/* ---- GET_PARTITIONS ------------------------------------------------------------ */

struct part {
	uint32_t id, properties, vcpu_count;
	uint8_t uuid[16];
	int notif_recv;
	int has_name;
	char name[64];
};

struct parts {
	struct part p[16];
	int n;
};

static int parse_part(struct nlattr **tb, void *arg)
{
	struct parts *ps = arg;
	struct part *p;

	if (ps->n >= 16)
		return -1;
	p = &ps->p[ps->n++];
	memset(p, 0, sizeof(*p));
	if (attr_u32(tb, FFA_NOTIF_A_PART_ID, &p->id) ||
	    attr_u32(tb, FFA_NOTIF_A_PART_PROPERTIES, &p->properties) ||
	    attr_u32(tb, FFA_NOTIF_A_PART_VCPU_COUNT, &p->vcpu_count))
		return -1;
	if (!tb[FFA_NOTIF_A_PART_UUID] ||
	    nla_len(tb[FFA_NOTIF_A_PART_UUID]) != 16)
		return -1;
	memcpy(p->uuid, nla_data(tb[FFA_NOTIF_A_PART_UUID]), 16);
	if (tb[FFA_NOTIF_A_PART_NOTIF_RECV]) {
		if (nla_len(tb[FFA_NOTIF_A_PART_NOTIF_RECV]) != 0)
			return -1;
		p->notif_recv = 1;
	}
	if (tb[FFA_NOTIF_A_PART_NAME]) {
		if (attr_str(tb, FFA_NOTIF_A_PART_NAME, p->name,
			     sizeof(p->name)))
			return -1;
		p->has_name = 1;
	}
	return 0;
}

static void test_partitions(void **state)
{
	struct nl_sock *sk = sock_new();
	struct parts ps;
	uint32_t i;
	int j, found, msgs;

	(void)state;
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(request(sk, FFA_NOTIF_CMD_GET_PARTITIONS, 1,
				 parse_part, &ps, &msgs),
			 0);
	assert_int_equal(msgs, ps.n);
	assert_int_equal(ps.n, (int)ffp_spmc_default_partition_count);
	for (i = 0; i < ffp_spmc_default_partition_count; i++) {
		const struct ffp_partition_desc *d =
			&ffp_spmc_default_partitions[i];

		found = 0;
		for (j = 0; j < ps.n; j++) {
			const struct part *p = &ps.p[j];

			if (p->id != d->id)
				continue;
			found++;
			print_message("partition %#x \"%s\" props %#x vcpus %u"
				      "%s\n",
				      p->id, p->name, p->properties,
				      p->vcpu_count,
				      p->notif_recv ? " notif-recv" : "");
			assert_memory_equal(p->uuid, d->uuid, 16);
			assert_int_equal(p->properties, d->properties);
			assert_int_equal(p->vcpu_count, d->vcpu_count);
			assert_int_equal(
				p->notif_recv,
				(d->properties & FFP_PART_NOTIF_RECV) != 0);
			assert_true(p->has_name);
			assert_string_equal(p->name, d->name);
		}
		assert_int_equal(found, 1);
	}
	/* The two echo partitions receive notifications, the doorbell not. */
	for (j = 0; j < ps.n; j++)
		assert_int_equal(ps.p[j].notif_recv,
				 ps.p[j].id == ECHO ||
					 ps.p[j].id == ECHO_PERCPU);
}

/* ---- GET_BINDINGS ------------------------------------------------------------- */

struct binding {
	uint32_t id, sender, state, pid;
	uint64_t file_id;
	int has_pid, has_comm, has_file_id;
	char comm[32];
};

struct bindings {
	struct binding b[64];
	int n;
};

static int parse_binding(struct nlattr **tb, void *arg)
{
	struct bindings *bs = arg;
	struct binding *b;

	if (bs->n >= 64)
		return -1;
	b = &bs->b[bs->n++];
	memset(b, 0, sizeof(*b));
	if (attr_u32(tb, FFA_NOTIF_A_ID, &b->id) ||
	    attr_u32(tb, FFA_NOTIF_A_SENDER, &b->sender) ||
	    attr_u32(tb, FFA_NOTIF_A_STATE, &b->state))
		return -1;
	if (tb[FFA_NOTIF_A_PID]) {
		if (attr_u32(tb, FFA_NOTIF_A_PID, &b->pid))
			return -1;
		b->has_pid = 1;
	}
	if (tb[FFA_NOTIF_A_COMM]) {
		if (attr_str(tb, FFA_NOTIF_A_COMM, b->comm, sizeof(b->comm)))
			return -1;
		b->has_comm = 1;
	}
	if (tb[FFA_NOTIF_A_FILE_ID]) {
		if (attr_u64(tb, FFA_NOTIF_A_FILE_ID, &b->file_id))
			return -1;
		b->has_file_id = 1;
	}
	return 0;
}

static struct bindings *dump_bindings(struct nl_sock *sk)
{
	static struct bindings bs;
	int msgs;

	memset(&bs, 0, sizeof(bs));
	assert_int_equal(request(sk, FFA_NOTIF_CMD_GET_BINDINGS, 1,
				 parse_binding, &bs, &msgs),
			 0);
	assert_int_equal(msgs, bs.n);
	return &bs;
}

static const struct binding *find_binding(const struct bindings *bs,
					  uint32_t id)
{
	int i, n = 0;
	const struct binding *found = NULL;

	for (i = 0; i < bs->n; i++) {
		if (bs->b[i].id == id) {
			found = &bs->b[i];
			n++;
		}
	}
	assert_true(n <= 1);
	return found;
}

static void own_comm(char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/comm", "re");

	assert_non_null(f);
	assert_non_null(fgets(buf, (int)len, f));
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static void expect_binding(const struct bindings *bs, uint32_t id,
			   uint32_t sender, pid_t pid, const char *comm,
			   uint64_t file_id)
{
	const struct binding *b = find_binding(bs, id);

	if (!b)
		fail_msg("ID %u is not in GET_BINDINGS", id);
	assert_int_equal(b->sender, sender);
	assert_int_equal(b->state, FFA_NOTIF_BIND_STATE_BOUND);
	assert_true(b->has_pid && b->has_comm && b->has_file_id);
	assert_int_equal(b->pid, pid);
	assert_string_equal(b->comm, comm);
	assert_true(b->file_id == file_id);
}

static void test_bindings(void **state)
{
	struct nl_sock *sk = sock_new();
	int fd = tfd_open(), fd2 = tfd_open(), p[2], q[2], status;
	uint64_t fid, fid2, child_fid;
	struct bindings *bs;
	char comm[32], c;
	pid_t pid;
	int i;

	(void)state;
	own_comm(comm, sizeof(comm));
	bs = dump_bindings(sk);
	assert_int_equal(bs->n, 0);

	assert_int_equal(fdinfo_u64(fd, "ffa-notif-file-id:", 0, &fid), 0);
	assert_int_equal(fdinfo_u64(fd2, "ffa-notif-file-id:", 0, &fid2), 0);
	assert_int_equal(do_bind(fd, ECHO, BIT(5) | BIT(6), 0), 0);
	assert_int_equal(
		do_bind(fd, ECHO_PERCPU, BIT(40), FFA_NOTIF_FLAG_PER_VCPU), 0);
	assert_int_equal(do_bind(fd2, DOORBELL, BIT(60), 0), 0);
	bs = dump_bindings(sk);
	assert_int_equal(bs->n, 4);
	expect_binding(bs, 5, ECHO, getpid(), comm, fid);
	expect_binding(bs, 6, ECHO, getpid(), comm, fid);
	expect_binding(bs, 40, ECHO_PERCPU, getpid(), comm, fid);
	expect_binding(bs, 60, DOORBELL, getpid(), comm, fid2);

	/* Unbinding one, closing a file: gone from the list. */
	assert_int_equal(do_unbind(fd, ECHO, BIT(6)), 0);
	tfd_close(fd2);
	bs = dump_bindings(sk);
	assert_int_equal(bs->n, 2);
	assert_null(find_binding(bs, 6));
	assert_null(find_binding(bs, 60));
	expect_binding(bs, 5, ECHO, getpid(), comm, fid);

	/* Another process, named otherwise: its pid, comm and file id. */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(pipe(q), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		uint64_t id = 0;
		int cfd;

		prctl(PR_SET_NAME, "ffa-nl-child");
		cfd = open(DEV_PATH, O_RDWR | O_CLOEXEC);
		if (cfd < 0 || do_bind(cfd, DOORBELL, BIT(61), 0) ||
		    fdinfo_u64(cfd, "ffa-notif-file-id:", 0, &id))
			_exit(1);
		if (write(p[1], &id, sizeof(id)) != sizeof(id))
			_exit(2);
		/* Hold it until the parent has looked. */
		if (read(q[0], &c, 1) != 1)
			_exit(3);
		_exit(0);
	}
	assert_int_equal(read(p[0], &child_fid, sizeof(child_fid)),
			 sizeof(child_fid));
	bs = dump_bindings(sk);
	expect_binding(bs, 61, DOORBELL, pid, "ffa-nl-child", child_fid);
	assert_true(child_fid != fid);
	assert_int_equal(write(q[1], "x", 1), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	/* Its exit closed the file. */
	bs = dump_bindings(sk);
	assert_null(find_binding(bs, 61));

	tfd_close(fd);
	bs = dump_bindings(sk);
	assert_int_equal(bs->n, 0);

	/* All 64 at once: more than one message of a dump holds. */
	fd = tfd_open();
	assert_int_equal(fdinfo_u64(fd, "ffa-notif-file-id:", 0, &fid), 0);
	assert_int_equal(do_bind(fd, DOORBELL, ~0ULL, 0), 0);
	bs = dump_bindings(sk);
	assert_int_equal(bs->n, 64);
	for (i = 0; i < 64; i++)
		expect_binding(bs, (uint32_t)i, DOORBELL, getpid(), comm, fid);
	tfd_close(fd);
	bs = dump_bindings(sk);
	assert_int_equal(bs->n, 0);
}

/*
 * In a forked child: become uid/gid 65534 (no capability left) and connect
 * a generic netlink socket; exits 1 or 2 if either fails.
 */
static struct nl_sock *nobody_socket(void)
{
	struct nl_sock *sk;

	if (setgroups(0, NULL) || setgid(65534) || setuid(65534) ||
	    geteuid() != 65534)
		_exit(1);
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk))
		_exit(2);
	return sk;
}

/*
 * Without CAP_SYS_ADMIN a dump shows which IDs are bound from whom, but not
 * who holds them (pid, comm, file id): as the monitor, that is for
 * administrators.
 */
static void test_bindings_unprivileged(void **state)
{
	int fd = tfd_open(), p[2], status;
	int r[5] = { -1, -1, -1, -1, -1 };
	struct bindings *bs;
	pid_t pid;

	(void)state;
	assert_int_equal(do_bind(fd, ECHO, BIT(7), 0), 0);
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const struct binding *b;
		struct nl_sock *sk;
		int msgs, out[5] = { 0, 0, 0, 0, 0 };

		close(p[0]);
		sk = nobody_socket();
		bs = calloc(1, sizeof(*bs));
		if (!bs)
			_exit(3);
		out[0] = request(sk, FFA_NOTIF_CMD_GET_BINDINGS, 1,
				 parse_binding, bs, &msgs);
		b = find_binding(bs, 7);
		out[1] = b != NULL;
		out[2] = b ? b->has_pid : -1;
		out[3] = b ? b->has_comm : -1;
		out[4] = b ? b->has_file_id : -1;
		if (b && (b->sender != ECHO ||
			  b->state != FFA_NOTIF_BIND_STATE_BOUND))
			out[1] = -1;
		if (write(p[1], out, sizeof(out)) != sizeof(out))
			_exit(4);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], r, sizeof(r)), sizeof(r));
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	print_message("uid 65534 dumping bindings: status %d, ID 7 %d, "
		      "pid %d, comm %d, file id %d\n",
		      r[0], r[1], r[2], r[3], r[4]);
	assert_int_equal(r[0], 0);
	assert_int_equal(r[1], 1); /* bound, from ECHO */
	assert_int_equal(r[2], 0);
	assert_int_equal(r[3], 0);
	assert_int_equal(r[4], 0);
	/* An administrator still sees the holder. */
	bs = dump_bindings(sock_new());
	assert_true(find_binding(bs, 7) && find_binding(bs, 7)->has_pid);
	tfd_close(fd);
}

/* ---- the monitor group ----------------------------------------------------------- */

struct mon_event {
	uint32_t kind, sender, receiver, vcpu, flags, pid;
	uint64_t notifications, timestamp, file_id;
	int has_pid, has_file_id;
};

struct monitor {
	struct nl_sock *sk;
	struct nl_cb *cb;
	struct mon_event ev[16384];
	int n;
	int lost; /* events beyond ev[], or ENOBUFS */
	int bad;
};

static int mon_valid(struct nl_msg *msg, void *arg)
{
	struct monitor *m = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[FFA_NOTIF_A_MAX + 1];
	struct mon_event e;

	memset(&e, 0, sizeof(e));
	if (nlh->nlmsg_type != g_family || gh->cmd != FFA_NOTIF_CMD_EVENT ||
	    genlmsg_parse(nlh, 0, tb, FFA_NOTIF_A_MAX, NULL) < 0 ||
	    attr_u32(tb, FFA_NOTIF_A_EVENT_KIND, &e.kind) ||
	    attr_u64(tb, FFA_NOTIF_A_NOTIFICATIONS, &e.notifications) ||
	    attr_u32(tb, FFA_NOTIF_A_SENDER, &e.sender) ||
	    attr_u32(tb, FFA_NOTIF_A_RECEIVER, &e.receiver) ||
	    attr_u32(tb, FFA_NOTIF_A_VCPU, &e.vcpu) ||
	    attr_u32(tb, FFA_NOTIF_A_FLAGS, &e.flags) ||
	    attr_u64(tb, FFA_NOTIF_A_TIMESTAMP, &e.timestamp)) {
		m->bad++;
		return NL_OK;
	}
	if (tb[FFA_NOTIF_A_PID]) {
		e.has_pid = !attr_u32(tb, FFA_NOTIF_A_PID, &e.pid);
		m->bad += !e.has_pid;
	}
	if (tb[FFA_NOTIF_A_FILE_ID]) {
		e.has_file_id = !attr_u64(tb, FFA_NOTIF_A_FILE_ID, &e.file_id);
		m->bad += !e.has_file_id;
	}
	if (m->n < (int)(sizeof(m->ev) / sizeof(m->ev[0])))
		m->ev[m->n++] = e;
	else
		m->lost++;
	return NL_OK;
}

/* Multicast messages carry no sequence number of ours. */
static int mon_no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static struct monitor *mon_open(void)
{
	static struct monitor m;
	int ret;

	memset(&m, 0, sizeof(m));
	m.sk = sock_new();
	nl_socket_disable_seq_check(m.sk);
	assert_int_equal(nl_socket_set_buffer_size(m.sk, 4 << 20, 0), 0);
	ret = nl_socket_add_membership(m.sk, g_group);
	if (ret < 0)
		fail_msg("joining the monitor group as root: %s",
			 nl_geterror(ret));
	assert_int_equal(nl_socket_set_nonblocking(m.sk), 0);
	m.cb = nl_cb_alloc(NL_CB_DEFAULT);
	assert_non_null(m.cb);
	nl_cb_set(m.cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, mon_no_seq_check, NULL);
	nl_cb_set(m.cb, NL_CB_VALID, NL_CB_CUSTOM, mon_valid, &m);
	return &m;
}

static void mon_close(struct monitor *m)
{
	nl_cb_put(m->cb);
	m->cb = NULL;
}

/* Take what is there, waiting up to timeout_ms for the first. */
static void mon_pump(struct monitor *m, int timeout_ms)
{
	struct pollfd p = { .fd = nl_socket_get_fd(m->sk), .events = POLLIN };
	int ret;

	if (poll(&p, 1, timeout_ms) <= 0)
		return;
	do {
		ret = nl_recvmsgs(m->sk, m->cb);
		if (ret == -NLE_NOMEM)
			m->lost++; /* ENOBUFS: the socket overran */
	} while (ret >= 0 || ret == -NLE_NOMEM);
}

/* Index of the first event from `from` matching, waiting up to WAIT_MS. */
static int mon_find(struct monitor *m, int from, uint32_t kind, uint32_t sender,
		    uint64_t bits)
{
	uint64_t deadline = now_ns() + WAIT_MS * 1000000ULL;
	int i;

	for (;;) {
		for (i = from; i < m->n; i++)
			if (m->ev[i].kind == kind &&
			    m->ev[i].sender == sender &&
			    (m->ev[i].notifications & bits))
				return i;
		if (now_ns() > deadline)
			return -1;
		mon_pump(m, 100);
	}
}

static void test_monitor_events(void **state)
{
	struct monitor *m = mon_open();
	int fd = tfd_open(), i, n, from;
	struct ffa_notif_event ev[8];
	struct ffa_notif_info info;
	uint64_t fid, t0, t1;
	const struct mon_event *e;
	uint32_t v;

	(void)state;
	assert_int_equal(get_info(fd, &info), 0);
	v = info.vcpu_count > 1 ? 1 : 0;
	assert_int_equal(m->bad, 0);
	assert_int_equal(fdinfo_u64(fd, "ffa-notif-file-id:", 0, &fid), 0);
	assert_int_equal(do_bind(fd, ECHO, BIT(7), 0), 0);
	assert_int_equal(
		do_bind(fd, ECHO_PERCPU, BIT(35), FFA_NOTIF_FLAG_PER_VCPU), 0);

	/* A global SET and its echo. */
	t0 = now_ns();
	assert_int_equal(do_set(fd, ECHO, BIT(7), 0, 0), 0);
	assert_int_equal(wait_bits(fd, ECHO, BIT(7), 0, 0, ev, 8, &n), 0);
	t1 = now_ns();
	i = mon_find(m, 0, FFA_NOTIF_EVENT_KIND_SENT, 0, BIT(7));
	if (i < 0)
		fail_msg("no SENT event for the SET");
	e = &m->ev[i];
	assert_true(e->notifications == BIT(7));
	assert_int_equal(e->receiver, ECHO);
	assert_int_equal(e->vcpu, 0);
	assert_int_equal(e->flags, 0);
	assert_true(e->timestamp >= t0 && e->timestamp <= t1);
	/* For a SET: the pid of the process that issued it. */
	assert_true(e->has_pid);
	assert_int_equal(e->pid, getpid());
	i = mon_find(m, 0, FFA_NOTIF_EVENT_KIND_DELIVERED, ECHO, BIT(7));
	if (i < 0)
		fail_msg("no DELIVERED event for the echo");
	e = &m->ev[i];
	assert_true(e->notifications == BIT(7));
	assert_int_equal(e->receiver, 0);
	assert_int_equal(e->vcpu, 0);
	assert_int_equal(e->flags, 0);
	assert_true(e->has_pid && e->has_file_id);
	assert_int_equal(e->pid, getpid());
	assert_true(e->file_id == fid);
	assert_true(e->timestamp >= t0 && e->timestamp <= t1);

	/* Per vCPU: the vCPU and the flag, both ways. */
	from = m->n;
	assert_int_equal(do_set(fd, ECHO_PERCPU, BIT(35), 1, v), 0);
	assert_int_equal(wait_bits(fd, ECHO_PERCPU, BIT(35), 1, v, ev, 8, &n),
			 0);
	i = mon_find(m, from, FFA_NOTIF_EVENT_KIND_SENT, 0, BIT(35));
	if (i < 0)
		fail_msg("no SENT event for the per-vCPU SET");
	e = &m->ev[i];
	assert_int_equal(e->receiver, ECHO_PERCPU);
	assert_int_equal(e->vcpu, v);
	assert_int_equal(e->flags, FFA_NOTIF_FLAG_PER_VCPU);
	i = mon_find(m, from, FFA_NOTIF_EVENT_KIND_DELIVERED, ECHO_PERCPU,
		     BIT(35));
	if (i < 0)
		fail_msg("no DELIVERED event for the per-vCPU echo");
	e = &m->ev[i];
	assert_int_equal(e->vcpu, v);
	assert_int_equal(e->flags, FFA_NOTIF_FLAG_PER_VCPU);
	assert_int_equal(e->pid, getpid());
	assert_true(e->file_id == fid);

	/* A SIM_RING is no SET: delivered, but not sent. */
	from = m->n;
	assert_int_equal(do_ring(fd, ECHO, BIT(7), 0, 0), 0);
	assert_int_equal(wait_bits(fd, ECHO, BIT(7), 0, 0, ev, 8, &n), 0);
	assert_true(mon_find(m, from, FFA_NOTIF_EVENT_KIND_DELIVERED, ECHO,
			     BIT(7)) >= 0);
	for (i = from; i < m->n; i++)
		assert_int_not_equal(m->ev[i].kind, FFA_NOTIF_EVENT_KIND_SENT);
	assert_int_equal(m->bad, 0);
	mon_close(m);
}

struct hammer {
	int fd;
	uint64_t bit;
	atomic_int stop;
	atomic_int rings;
	atomic_int errors;
};

static void *hammer_main(void *arg)
{
	struct hammer *h = arg;
	int r;

	while (!atomic_load(&h->stop)) {
		r = do_ring(h->fd, DOORBELL, h->bit, 0, 0);
		if (r == 0)
			atomic_fetch_add(&h->rings, 1);
		else if (r != -EACCES)
			atomic_fetch_add(&h->errors, 1);
	}
	return NULL;
}

static int popcount_kind(const struct monitor *m, int from, uint32_t kind)
{
	int i, n = 0;

	for (i = from; i < m->n; i++)
		if (m->ev[i].kind == kind)
			n += __builtin_popcountll(m->ev[i].notifications);
	return n;
}

static void test_monitor_unclaimed(void **state)
{
	struct nl_sock *sk = sock_new();
	struct monitor *m = mon_open();
	int fd = tfd_open(), ret, i, j, iters, seen, delivered, ebusy = 0;
	int orphans_seen = 0;
	struct bindings *bs;
	uint64_t drops;
	struct hammer *h;
	struct nl_info a, b;
	pthread_t t;
	uint64_t deadline;

	(void)state;
	a = nl_get_info(sk);
	/*
	 * A partition rings an ID no file holds.  The firmware model
	 * (protocol/ffp_spmc.c, NOTIFICATION_SET check 9) refuses to pend
	 * a notification that is not bound: DENIED, EACCES.  If the module
	 * lets it through, the arrival must be reported as UNCLAIMED.
	 */
	ret = do_ring(fd, DOORBELL, BIT(30), 0, 0);
	if (ret == 0) {
		i = mon_find(m, 0, FFA_NOTIF_EVENT_KIND_UNCLAIMED, DOORBELL,
			     BIT(30));
		if (i < 0)
			fail_msg("SIM_RING of an unbound ID: no UNCLAIMED");
		assert_false(m->ev[i].has_pid);
		assert_false(m->ev[i].has_file_id);
	} else {
		print_message("SIM_RING of an ID nobody bound: %s (the "
			      "firmware's DENIED)\n",
			      strerror(-ret));
		assert_int_equal(ret, -EACCES);
	}

	/*
	 * An arrival no file holds, for real: a partition keeps ringing an
	 * ID while its file is closed and reopened.  Either the close wins
	 * (EACCES for the rings after it) or a ring lands between the
	 * firmware's fetch and the hand-over (UNCLAIMED), or the close's
	 * unbind is refused while the ID is pending (an orphan, whose rings
	 * are UNCLAIMED until the next BIND retries).  Which of these
	 * happens is a race; what must hold is that every notification is
	 * reported exactly as the counters count it.
	 */
	h = calloc(1, sizeof(*h));
	assert_non_null(h);
	h->fd = fd;
	h->bit = BIT(31);
	assert_int_equal(pthread_create(&t, NULL, hammer_main, h), 0);
	iters = 0;
	deadline = now_ns() + 10000ULL * 1000000ULL;
	for (i = 0; i < 100 && now_ns() < deadline; i++) {
		int x = dev_open_flags(0), rings;

		assert_true(x >= 0);
		ret = do_bind(x, DOORBELL, BIT(31), 0);
		if (ret == -EBUSY)
			ebusy++; /* an orphan whose unbind was refused again */
		else
			assert_int_equal(ret, 0);
		/* Close while the partition is ringing it. */
		rings = atomic_load(&h->rings);
		while (ret == 0 && atomic_load(&h->rings) == rings &&
		       now_ns() < deadline)
			sched_yield();
		close(x);
		iters++;
		mon_pump(m, 0);
		/* An ID whose unbind was refused at close: held by no one. */
		bs = dump_bindings(sk);
		for (j = 0; j < bs->n; j++) {
			const struct binding *o = &bs->b[j];

			if (o->state != FFA_NOTIF_BIND_STATE_ORPHANED)
				continue;
			orphans_seen++;
			assert_int_equal(o->id, 31);
			assert_int_equal(o->sender, DOORBELL);
			assert_false(o->has_pid || o->has_comm ||
				     o->has_file_id);
		}
		if (i >= 30 &&
		    popcount_kind(m, 0, FFA_NOTIF_EVENT_KIND_UNCLAIMED))
			break;
	}
	atomic_store(&h->stop, 1);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(atomic_load(&h->errors), 0);
	/* Leave no orphan behind: the next BIND takes it over. */
	for (i = 0; i < 100; i++) {
		int x = dev_open_flags(0);

		assert_true(x >= 0);
		ret = do_bind(x, DOORBELL, BIT(31), 0);
		close(x);
		if (ret == 0)
			break;
		assert_int_equal(ret, -EBUSY);
	}
	assert_int_equal(ret, 0);

	/*
	 * Quiet now.  One more ring, of an ID above 31 (bits are handed over
	 * lowest first), read back through its file: every notification
	 * pended before it has been handed over, and reported, by then.
	 */
	assert_int_equal(do_bind(fd, DOORBELL, BIT(62), 0), 0);
	assert_int_equal(do_ring(fd, DOORBELL, BIT(62), 0, 0), 0);
	assert_int_equal(wait_bits(fd, DOORBELL, BIT(62), 0, 0, NULL, 0, NULL),
			 0);
	assert_true(mon_find(m, 0, FFA_NOTIF_EVENT_KIND_DELIVERED, DOORBELL,
			     BIT(62)) >= 0);
	mon_pump(m, 0);
	b = nl_get_info(sk);
	seen = popcount_kind(m, 0, FFA_NOTIF_EVENT_KIND_UNCLAIMED);
	delivered = popcount_kind(m, 0, FFA_NOTIF_EVENT_KIND_DELIVERED);
	drops = b.monitor_drops - a.monitor_drops;
	print_message(
		"%d open/bind/close cycles, %d rings, %d EBUSY, %d "
		"orphans seen: %d UNCLAIMED and %d DELIVERED events, %" PRIu64
		" monitor drops; counters +%" PRIu64 " unclaimed, +%" PRIu64
		" delivered, +%" PRIu64 " release failures\n",
		iters, atomic_load(&h->rings), ebusy, orphans_seen, seen,
		delivered, drops, b.unclaimed - a.unclaimed,
		b.delivered - a.delivered,
		b.release_failures - a.release_failures);
	assert_int_equal(m->bad, 0);
	for (i = 0; i < m->n; i++) {
		if (m->ev[i].kind != FFA_NOTIF_EVENT_KIND_UNCLAIMED)
			continue;
		assert_int_equal(m->ev[i].sender, DOORBELL);
		assert_true(m->ev[i].notifications & (BIT(30) | BIT(31)));
		assert_false(m->ev[i].has_pid);
		assert_false(m->ev[i].has_file_id);
	}
	/*
	 * Every arrival is one event of one bit, sent or counted in
	 * STAT_MONITOR_DROPS (a full monitor ring, or a full socket: then
	 * this socket also saw ENOBUFS).  Nothing but arrivals happened.
	 */
	assert_true((uint64_t)(seen + delivered) + drops ==
		    (b.unclaimed - a.unclaimed) + (b.delivered - a.delivered));
	if (drops == 0) {
		assert_int_equal(m->lost, 0);
		assert_true((uint64_t)seen == b.unclaimed - a.unclaimed);
		assert_true((uint64_t)delivered == b.delivered - a.delivered);
	}
	free(h);
	mon_close(m);
}

/* Joining as uid 65534: refused.  Returns the errno through a pipe. */
static void test_monitor_unprivileged(void **state)
{
	int p[2], status, res[3] = { 0, 0, 0 };
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct nl_sock *sk;
		int grp, r[3] = { -1, 0, 0 };

		close(p[0]);
		sk = nobody_socket();
		/* Resolving is allowed to anyone. */
		grp = genl_ctrl_resolve_grp(sk, FFA_NOTIF_GENL_NAME,
					    FFA_NOTIF_MCGRP_MONITOR);
		if (grp < 0)
			_exit(3);
		r[1] = setsockopt(nl_socket_get_fd(sk), SOL_NETLINK,
				  NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp));
		r[0] = r[1] < 0 ? errno : 0;
		r[2] = nl_socket_add_membership(sk, grp);
		if (write(p[1], r, sizeof(r)) != sizeof(r))
			_exit(4);
		nl_socket_free(sk);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], res, sizeof(res)), sizeof(res));
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	print_message("uid 65534 joining \"monitor\": setsockopt %d (%s), "
		      "nl_socket_add_membership %d (%s)\n",
		      res[1], strerror(res[0]), res[2], nl_geterror(res[2]));
	assert_int_equal(res[1], -1);
	assert_true(res[0] == EPERM || res[0] == EACCES);
	assert_true(res[2] < 0);
}

static void test_unknown_command(void **state)
{
	struct nl_sock *sk = sock_new();

	(void)state;
	assert_int_equal(request(sk, 99, 0, NULL, NULL, NULL), -EOPNOTSUPP);
	assert_int_equal(request(sk, FFA_NOTIF_CMD_EVENT, 0, NULL, NULL, NULL),
			 -EOPNOTSUPP);
	assert_int_equal(request(sk, FFA_NOTIF_CMD_UNSPEC, 0, NULL, NULL, NULL),
			 -EOPNOTSUPP);
	/* The family still answers. */
	(void)nl_get_info(sk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_family, teardown),
		cmocka_unit_test_teardown(test_get_info, teardown),
		cmocka_unit_test_teardown(test_partitions, teardown),
		cmocka_unit_test_teardown(test_bindings, teardown),
		cmocka_unit_test_teardown(test_bindings_unprivileged, teardown),
		cmocka_unit_test_teardown(test_monitor_events, teardown),
		cmocka_unit_test_teardown(test_monitor_unclaimed, teardown),
		cmocka_unit_test_teardown(test_monitor_unprivileged, teardown),
		cmocka_unit_test_teardown(test_unknown_command, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
