// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The client of ffa_notif.ko's generic netlink family, over libnl-genl-3:
 * its sockets, its requests and dumps, and libnl's errors as errno values.
 * The contract is include/uapi/linux/ffa_notif_netlink.h; the messages
 * are decoded and checked against it in netlink-parse.c.
 *
 * Requests use a socket of their own, opened and closed around them, with
 * a receive timeout so that a module that never answers cannot hang its
 * callers.  The kernel's own errors (an NLMSG_ERROR, or the error a dump
 * ends with) are returned as they are, not through libnl's error codes,
 * which merge several errno values into one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/ffa_notif_netlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "internal.h"

/* How long the module may take to answer one datagram. */
#define FAM_TIMEOUT_SEC 5
/* A dump the module marked inconsistent (changed while it was being
 * written) is asked again this many times before giving up with EAGAIN.
 */
#define FAM_DUMP_ATTEMPTS 3
/* Sanity bound of a partition dump: there are 0x8000 SP IDs. */
#define FAM_MAX_PARTITIONS 0x8000
/* Receive buffer of a monitor socket: bursts of events fit in it. */
#define FAM_MONITOR_RCVBUF (1 << 20)

/* ---- errors ---------------------------------------------------------------- */

int ffanotif_nl_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_SUCCESS:
		return 0;
	case NLE_INTR:
		return -EINTR;
	case NLE_BAD_SOCK:
		return -EBADF;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_EXIST:
		return -EEXIST;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_RANGE:
		return -ERANGE;
	case NLE_MSGSIZE:
		return -EMSGSIZE;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_BUSY:
		return -EBUSY;
	case NLE_PROTO_MISMATCH:
		return -EPROTONOSUPPORT;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_PERM:
		return -EPERM;
	case NLE_NODEV:
		return -ENODEV;
	case NLE_DUMP_INTR:
		return -EAGAIN;
	case NLE_NOATTR:
	case NLE_MISSING_ATTR:
	case NLE_AF_MISMATCH:
	case NLE_SEQ_MISMATCH:
	case NLE_MSG_OVERFLOW:
	case NLE_MSG_TRUNC:
	case NLE_NOADDR:
	case NLE_MSG_TOOSHORT:
	case NLE_MSGTYPE_NOSUPPORT:
	case NLE_PARSE_ERR:
	case NLE_ATTRSIZE:
		return -EPROTO;
	default:
		return -EIO;
	}
}

/* ---- sockets ---------------------------------------------------------------- */

/* A socket connected to generic netlink family `name`. */
static int fam_connect(const char *name, struct nl_sock **out, int *family)
{
	struct timeval tv = { .tv_sec = FAM_TIMEOUT_SEC };
	struct nl_sock *sk;
	int fd, ret;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	ret = genl_connect(sk);
	if (ret < 0) {
		ret = ffanotif_nl_errno(ret);
		goto fail;
	}
	fd = nl_socket_get_fd(sk);
	/* libnl opens it CLOEXEC since 3.2.x; older ones did not. */
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		ret = -errno;
		goto fail;
	}
	/* Size each datagram before reading it: a dump's can exceed a page. */
	nl_socket_enable_msg_peek(sk);
	ret = genl_ctrl_resolve(sk, name);
	if (ret < 0) {
		/* No such family: ffa_notif.ko is not loaded. */
		ret = ret == -NLE_OBJ_NOTFOUND ? -ENODEV
					       : ffanotif_nl_errno(ret);
		goto fail;
	}
	*family = ret;
	*out = sk;
	return 0;
fail:
	nl_socket_free(sk);
	return ret;
}

int ffanotif_nl_connect(struct nl_sock **out, int *family)
{
	return fam_connect(FFA_NOTIF_GENL_NAME, out, family);
}

int ffanotif_nl_join_monitor(struct nl_sock *sk)
{
	int fd = nl_socket_get_fd(sk);
	int grp, flags;

	grp = genl_ctrl_resolve_grp(sk, FFA_NOTIF_GENL_NAME,
				    FFA_NOTIF_MCGRP_MONITOR);
	if (grp < 0)
		/* The family is there without its group: the module does not
		 * offer the monitor (monitor=0, or a kernel that cannot keep
		 * it to administrators).
		 */
		return grp == -NLE_OBJ_NOTFOUND ? -EOPNOTSUPP
						: ffanotif_nl_errno(grp);
	/* Directly rather than nl_socket_add_membership(), whose error code
	 * cannot tell EPERM (no CAP_SYS_ADMIN) from others.
	 */
	if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
		       sizeof(grp)) < 0)
		return -errno;
	/* Best effort: a bigger buffer only makes ENOBUFS rarer. */
	nl_socket_set_buffer_size(sk, FAM_MONITOR_RCVBUF, 0);
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

ssize_t ffanotif_nl_recv(int fd, void *buf, size_t size)
{
	struct sockaddr_nl sa;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr mh = {
		.msg_name = &sa,
		.msg_namelen = sizeof(sa),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t n;

	memset(&sa, 0, sizeof(sa));
	do {
		n = recvmsg(fd, &mh, MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	/* Only the kernel speaks for the family (port 0). */
	if (mh.msg_namelen != sizeof(sa) || sa.nl_family != AF_NETLINK ||
	    sa.nl_pid != 0)
		return 0;
	/* Lost, not merely long: the buffer is far larger than an event. */
	if (mh.msg_flags & MSG_TRUNC)
		return -EPROTO;
	return n;
}

/* ---- requests --------------------------------------------------------------- */

struct fam_req {
	int family;
	/* Takes one reply message: 0 or -errno. */
	int (*take)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	int seen; /* datagram messages this nl_recvmsgs() call */
	int done;
	int err;
	int interrupted;
};

static int on_msg_in(struct nl_msg *msg, void *arg)
{
	struct fam_req *r = arg;

	r->seen++;
	/* Only the kernel answers: anything else on our port is skipped. */
	if (nlmsg_get_src(msg)->nl_pid != 0)
		return NL_SKIP;
	return NL_OK;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct fam_req *r = arg;
	int ret;

	if (nlh->nlmsg_type != r->family)
		return NL_SKIP;
	ret = r->take(nlh, r->arg);
	if (ret < 0) {
		r->err = ret;
		return NL_STOP;
	}
	return NL_OK;
}

/* NLMSG_DONE ends a dump and carries the error it ended with. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct fam_req *r = arg;
	int e;

	if (nlmsg_datalen(nlh) >= (int)sizeof(e)) {
		memcpy(&e, nlmsg_data(nlh), sizeof(e));
		if (e < 0)
			r->err = e;
	}
	r->done = 1;
	return NL_STOP;
}

/* The ACK of a doit request (libnl asks for one): the reply came before. */
static int on_ack(struct nl_msg *msg, void *arg)
{
	struct fam_req *r = arg;

	(void)msg;
	r->done = 1;
	return NL_STOP;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct fam_req *r = arg;

	(void)nla;
	r->err = e->error < 0 ? e->error : -EPROTO;
	return NL_STOP;
}

static int on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct fam_req *r = arg;

	(void)msg;
	/* Read on to NLMSG_DONE; the caller asks again. */
	r->interrupted = 1;
	return NL_OK;
}

int ffanotif_nl_request(const char *family, uint8_t cmd, int dump,
			int (*take)(struct nlmsghdr *nlh, void *arg), void *arg)
{
	struct fam_req req = { .take = take, .arg = arg }, *r = &req;
	/* fam_connect() sets it; gcc -O3 cannot tell. */
	struct nl_sock *sk = NULL;
	struct nl_msg *msg = NULL;
	struct nl_cb *cb = NULL;
	int ret;

	ret = fam_connect(family, &sk, &r->family);
	if (ret < 0)
		return ret;
	ret = -ENOMEM;
	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb ||
	    !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, r->family, 0,
			 dump ? NLM_F_DUMP : 0, cmd, FFA_NOTIF_GENL_VERSION))
		goto out;
	nl_cb_set(cb, NL_CB_MSG_IN, NL_CB_CUSTOM, on_msg_in, r);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, r);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);
	ret = nl_send_auto(sk, msg);
	if (ret < 0) {
		ret = ffanotif_nl_errno(ret);
		goto out;
	}
	while (!r->done && !r->err) {
		r->seen = 0;
		ret = nl_recvmsgs(sk, cb);
		if (r->err)
			break;
		/* The socket blocks, so EAGAIN (libnl 3.7) or an empty
		 * return (older ones) means SO_RCVTIMEO expired.
		 */
		if (ret == -NLE_AGAIN || (ret == 0 && !r->seen))
			r->err = -ETIMEDOUT;
		else if (ret < 0)
			r->err = ffanotif_nl_errno(ret);
	}
	ret = r->err ? r->err : r->interrupted;
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	nl_socket_free(sk);
	return ret;
}

/* GET_INFO: exactly one reply. */
struct info_ctx {
	struct ffanotif_nl_info *out;
	int replies;
};

static int take_info(struct nlmsghdr *nlh, void *arg)
{
	struct info_ctx *c = arg;

	if (c->replies++)
		return -EPROTO;
	return ffanotif_nl_parse_info(nlh, c->out);
}

int ffanotif_nl_get_info(struct ffanotif_nl_info *out)
{
	struct info_ctx c = { .out = out };
	int ret;

	ret = ffanotif_nl_request(FFA_NOTIF_GENL_NAME, FFA_NOTIF_CMD_GET_INFO,
				  0, take_info, &c);
	if (ret == 0 && c.replies != 1)
		ret = -EPROTO;
	/* Only dumps can be interrupted. */
	return ret > 0 ? -EPROTO : ret;
}

/* A dump, asked again while the module says it changed meanwhile. */
static int fam_dump(uint8_t cmd, int (*take)(struct nlmsghdr *, void *),
		    void (*reset)(void *), void *arg)
{
	int attempt, ret;

	for (attempt = 0; attempt < FAM_DUMP_ATTEMPTS; attempt++) {
		reset(arg);
		ret = ffanotif_nl_request(FFA_NOTIF_GENL_NAME, cmd, 1, take,
					  arg);
		if (ret <= 0)
			return ret;
	}
	return -EAGAIN;
}

static void reset_partitions(void *arg)
{
	struct ffanotif_partition_list *l = arg;

	free(l->parts);
	l->parts = NULL;
	l->count = 0;
}

static int take_partition(struct nlmsghdr *nlh, void *arg)
{
	struct ffanotif_partition_list *l = arg;
	struct ffanotif_partition p, *parts;
	int ret;

	ret = ffanotif_nl_parse_partition(nlh, &p);
	if (ret < 0)
		return ret;
	if (l->count >= FAM_MAX_PARTITIONS)
		return -EPROTO;
	parts = realloc(l->parts, (l->count + 1) * sizeof(*parts));
	if (!parts)
		return -ENOMEM;
	parts[l->count++] = p;
	l->parts = parts;
	return 0;
}

int ffanotif_nl_get_partitions(struct ffanotif_partition_list *list)
{
	struct ffanotif_partition_list l = { 0 };
	int ret;

	ret = fam_dump(FFA_NOTIF_CMD_GET_PARTITIONS, take_partition,
		       reset_partitions, &l);
	if (ret < 0) {
		free(l.parts);
		return ret;
	}
	*list = l;
	return 0;
}

struct bindings_ctx {
	struct ffanotif_binding_list l;
	uint64_t seen; /* IDs listed so far */
};

static void reset_bindings(void *arg)
{
	struct bindings_ctx *c = arg;

	free(c->l.bindings);
	c->l.bindings = NULL;
	c->l.count = 0;
	c->seen = 0;
}

static int take_binding(struct nlmsghdr *nlh, void *arg)
{
	struct bindings_ctx *c = arg;
	struct ffanotif_binding b, *bs;
	int ret;

	ret = ffanotif_nl_parse_binding(nlh, &b);
	if (ret < 0)
		return ret;
	/* One message per bound ID: the same ID twice is a broken dump. */
	if (c->seen & (1ULL << b.id))
		return -EPROTO;
	c->seen |= 1ULL << b.id;
	bs = realloc(c->l.bindings, (c->l.count + 1) * sizeof(*bs));
	if (!bs)
		return -ENOMEM;
	bs[c->l.count++] = b;
	c->l.bindings = bs;
	return 0;
}

int ffanotif_nl_get_bindings(struct ffanotif_binding_list *list)
{
	struct bindings_ctx c = { 0 };
	int ret;

	ret = fam_dump(FFA_NOTIF_CMD_GET_BINDINGS, take_binding, reset_bindings,
		       &c);
	if (ret < 0) {
		free(c.l.bindings);
		return ret;
	}
	*list = c.l;
	return 0;
}
