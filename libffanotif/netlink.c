// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The client of ffa_notif.ko's generic netlink family, over libnl-genl-3.
 * The contract is include/uapi/linux/ffa_notif_netlink.h.
 *
 * Every message is checked against that header before anything is taken
 * from it: attribute types and exact sizes (one nla_policy for the whole
 * family), an attribute stream that ends exactly where the message ends,
 * the mandatory attributes of each command, and value ranges (16-bit FF-A
 * IDs sent as u32, IDs below 64).  A message that breaks the contract is
 * EPROTO and nothing of a reply that carried it is returned: half a
 * partition list would be worse than none.  Attributes above
 * FFA_NOTIF_A_MAX are ignored, so that a newer module can add some.
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

#include "ffp_abi.h"
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

/* ---- attribute policy ------------------------------------------------------ */

#define FAM_U32                                              \
	{                                                    \
		.type = NLA_U32, .minlen = sizeof(uint32_t), \
		.maxlen = sizeof(uint32_t)                   \
	}
#define FAM_U64                                              \
	{                                                    \
		.type = NLA_U64, .minlen = sizeof(uint64_t), \
		.maxlen = sizeof(uint64_t)                   \
	}
/* NUL-terminated (checked by libnl); any length, truncated when copied. */
#define FAM_STRING                 \
	{                          \
		.type = NLA_STRING \
	}

/* Types as the uAPI header gives them; sizes exact. */
static const struct nla_policy fam_policy[FFA_NOTIF_A_MAX + 1] = {
	[FFA_NOTIF_A_API_VERSION] = FAM_U32,
	[FFA_NOTIF_A_FFA_VERSION] = FAM_U32,
	[FFA_NOTIF_A_FEATURES] = FAM_U64,
	[FFA_NOTIF_A_BACKEND] = FAM_U32,
	[FFA_NOTIF_A_BACKEND_NAME] = FAM_STRING,
	[FFA_NOTIF_A_OWN_ID] = FAM_U32,
	[FFA_NOTIF_A_VCPU_COUNT] = FAM_U32,
	[FFA_NOTIF_A_MAX_IDS] = FAM_U32,
	[FFA_NOTIF_A_QUEUE_DEPTH] = FAM_U32,
	[FFA_NOTIF_A_SRI_INTID] = FAM_U32,
	[FFA_NOTIF_A_STAT_OPEN_FILES] = FAM_U64,
	[FFA_NOTIF_A_STAT_DELIVERED] = FAM_U64,
	[FFA_NOTIF_A_STAT_UNCLAIMED] = FAM_U64,
	[FFA_NOTIF_A_STAT_RELEASE_FAILURES] = FAM_U64,
	[FFA_NOTIF_A_STAT_SENT] = FAM_U64,
	[FFA_NOTIF_A_STAT_SRI] = FAM_U64,
	[FFA_NOTIF_A_STAT_FW_ERRORS] = FAM_U64,
	[FFA_NOTIF_A_PART_ID] = FAM_U32,
	[FFA_NOTIF_A_PART_UUID] = { .type = NLA_UNSPEC,
				    .minlen = 16,
				    .maxlen = 16 },
	[FFA_NOTIF_A_PART_PROPERTIES] = FAM_U32,
	[FFA_NOTIF_A_PART_VCPU_COUNT] = FAM_U32,
	/* A flag has no payload: checked in fam_parse (maxlen 0 is "any"). */
	[FFA_NOTIF_A_PART_NOTIF_RECV] = { .type = NLA_FLAG },
	[FFA_NOTIF_A_PART_NAME] = FAM_STRING,
	[FFA_NOTIF_A_ID] = FAM_U32,
	[FFA_NOTIF_A_SENDER] = FAM_U32,
	[FFA_NOTIF_A_STATE] = FAM_U32,
	[FFA_NOTIF_A_PID] = FAM_U32,
	[FFA_NOTIF_A_COMM] = FAM_STRING,
	[FFA_NOTIF_A_FILE_ID] = FAM_U64,
	[FFA_NOTIF_A_EVENT_KIND] = FAM_U32,
	[FFA_NOTIF_A_NOTIFICATIONS] = FAM_U64,
	[FFA_NOTIF_A_RECEIVER] = FAM_U32,
	[FFA_NOTIF_A_VCPU] = FAM_U32,
	[FFA_NOTIF_A_FLAGS] = FAM_U32,
	[FFA_NOTIF_A_TIMESTAMP] = FAM_U64,
	[FFA_NOTIF_A_STAT_MONITOR_DROPS] = FAM_U64,
};

/* ---- decoding -------------------------------------------------------------- */

/*
 * Index one message's attributes into tb[] after checking the generic
 * netlink header, the policy, and that the stream ends at the message's
 * end: nla_parse() stops quietly at an attribute that overruns the
 * message, and such a message is cut or corrupt, not merely longer.
 */
static int fam_parse(struct nlmsghdr *nlh, struct nlattr **tb)
{
	const struct genlmsghdr *gh;
	const struct nlattr *nla;
	int rem;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	if (genlmsg_parse(nlh, 0, tb, FFA_NOTIF_A_MAX, fam_policy) < 0)
		return -EPROTO;
	gh = nlmsg_data(nlh);
	nla = genlmsg_attrdata(gh, 0);
	rem = genlmsg_attrlen(gh, 0);
	while (nla_ok(nla, rem))
		nla = nla_next(nla, &rem);
	if (rem != 0)
		return -EPROTO;
	if (tb[FFA_NOTIF_A_PART_NOTIF_RECV] &&
	    nla_len(tb[FFA_NOTIF_A_PART_NOTIF_RECV]) != 0)
		return -EPROTO;
	return 0;
}

/* Whether all of attrs[0..n) are present. */
static int fam_has_all(struct nlattr *const *tb, const int *attrs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!tb[attrs[i]])
			return 0;
	return 1;
}

/* How many of attrs[0..n) are present. */
static size_t fam_count(struct nlattr *const *tb, const int *attrs, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += tb[attrs[i]] != NULL;
	return c;
}

/* A u32 attribute that carries a 16-bit value (FF-A IDs, vCPUs). */
static int fam_get_u16(const struct nlattr *a, uint16_t *out)
{
	uint32_t v = nla_get_u32(a);

	if (v > UINT16_MAX)
		return -EPROTO;
	*out = (uint16_t)v;
	return 0;
}

#define N_ATTRS(a) (sizeof(a) / sizeof((a)[0]))

int ffanotif_nl_parse_info(struct nlmsghdr *nlh, struct ffanotif_nl_info *out)
{
	static const int mandatory[] = {
		FFA_NOTIF_A_API_VERSION,     FFA_NOTIF_A_FFA_VERSION,
		FFA_NOTIF_A_FEATURES,	     FFA_NOTIF_A_BACKEND,
		FFA_NOTIF_A_BACKEND_NAME,    FFA_NOTIF_A_OWN_ID,
		FFA_NOTIF_A_VCPU_COUNT,	     FFA_NOTIF_A_MAX_IDS,
		FFA_NOTIF_A_QUEUE_DEPTH,     FFA_NOTIF_A_SRI_INTID,
		FFA_NOTIF_A_STAT_OPEN_FILES, FFA_NOTIF_A_STAT_DELIVERED,
		FFA_NOTIF_A_STAT_UNCLAIMED,  FFA_NOTIF_A_STAT_RELEASE_FAILURES,
		FFA_NOTIF_A_STAT_SENT,	     FFA_NOTIF_A_STAT_SRI,
		FFA_NOTIF_A_STAT_FW_ERRORS,  FFA_NOTIF_A_STAT_MONITOR_DROPS,
	};
	struct nlattr *tb[FFA_NOTIF_A_MAX + 1];
	uint16_t own_id;
	int ret;

	ret = fam_parse(nlh, tb);
	if (ret < 0)
		return ret;
	if (!fam_has_all(tb, mandatory, N_ATTRS(mandatory)) ||
	    fam_get_u16(tb[FFA_NOTIF_A_OWN_ID], &own_id) < 0)
		return -EPROTO;
	memset(out, 0, sizeof(*out));
	out->info.api_version = nla_get_u32(tb[FFA_NOTIF_A_API_VERSION]);
	out->info.ffa_version = nla_get_u32(tb[FFA_NOTIF_A_FFA_VERSION]);
	out->info.features = nla_get_u64(tb[FFA_NOTIF_A_FEATURES]);
	out->info.backend = nla_get_u32(tb[FFA_NOTIF_A_BACKEND]);
	out->info.own_id = own_id;
	out->info.vcpu_count = nla_get_u32(tb[FFA_NOTIF_A_VCPU_COUNT]);
	out->info.max_ids = nla_get_u32(tb[FFA_NOTIF_A_MAX_IDS]);
	out->info.queue_depth = nla_get_u32(tb[FFA_NOTIF_A_QUEUE_DEPTH]);
	out->info.sri_intid = nla_get_u32(tb[FFA_NOTIF_A_SRI_INTID]);
	nla_strlcpy(out->backend_name, tb[FFA_NOTIF_A_BACKEND_NAME],
		    sizeof(out->backend_name));
	out->stats.open_files = nla_get_u64(tb[FFA_NOTIF_A_STAT_OPEN_FILES]);
	out->stats.delivered = nla_get_u64(tb[FFA_NOTIF_A_STAT_DELIVERED]);
	out->stats.unclaimed = nla_get_u64(tb[FFA_NOTIF_A_STAT_UNCLAIMED]);
	out->stats.release_failures =
		nla_get_u64(tb[FFA_NOTIF_A_STAT_RELEASE_FAILURES]);
	out->stats.sent = nla_get_u64(tb[FFA_NOTIF_A_STAT_SENT]);
	out->stats.sri = nla_get_u64(tb[FFA_NOTIF_A_STAT_SRI]);
	out->stats.fw_errors = nla_get_u64(tb[FFA_NOTIF_A_STAT_FW_ERRORS]);
	out->stats.monitor_drops =
		nla_get_u64(tb[FFA_NOTIF_A_STAT_MONITOR_DROPS]);
	return 0;
}

int ffanotif_nl_parse_partition(struct nlmsghdr *nlh,
				struct ffanotif_partition *out)
{
	static const int mandatory[] = {
		FFA_NOTIF_A_PART_ID,
		FFA_NOTIF_A_PART_UUID,
		FFA_NOTIF_A_PART_PROPERTIES,
		FFA_NOTIF_A_PART_VCPU_COUNT,
	};
	struct nlattr *tb[FFA_NOTIF_A_MAX + 1];
	uint16_t id, vcpus;
	uint32_t props;
	int recv, ret;

	ret = fam_parse(nlh, tb);
	if (ret < 0)
		return ret;
	if (!fam_has_all(tb, mandatory, N_ATTRS(mandatory)) ||
	    fam_get_u16(tb[FFA_NOTIF_A_PART_ID], &id) < 0 ||
	    fam_get_u16(tb[FFA_NOTIF_A_PART_VCPU_COUNT], &vcpus) < 0)
		return -EPROTO;
	props = nla_get_u32(tb[FFA_NOTIF_A_PART_PROPERTIES]);
	/* The flag restates property bit 3: two answers must agree. */
	recv = tb[FFA_NOTIF_A_PART_NOTIF_RECV] != NULL;
	if (recv != ((props & FFP_PART_NOTIF_RECV) != 0))
		return -EPROTO;
	memset(out, 0, sizeof(*out));
	out->id = id;
	out->vcpu_count = vcpus;
	out->properties = props;
	memcpy(out->uuid, nla_data(tb[FFA_NOTIF_A_PART_UUID]),
	       sizeof(out->uuid));
	if (tb[FFA_NOTIF_A_PART_NAME])
		nla_strlcpy(out->name, tb[FFA_NOTIF_A_PART_NAME],
			    sizeof(out->name));
	return 0;
}

int ffanotif_nl_parse_binding(struct nlmsghdr *nlh,
			      struct ffanotif_binding *out)
{
	static const int mandatory[] = {
		FFA_NOTIF_A_ID,
		FFA_NOTIF_A_SENDER,
		FFA_NOTIF_A_STATE,
	};
	/* Sent together, while an open file holds the ID. */
	static const int holder[] = {
		FFA_NOTIF_A_PID,
		FFA_NOTIF_A_COMM,
		FFA_NOTIF_A_FILE_ID,
	};
	struct nlattr *tb[FFA_NOTIF_A_MAX + 1];
	uint32_t id, state, pid = 0;
	uint16_t sender;
	size_t held;
	int ret;

	ret = fam_parse(nlh, tb);
	if (ret < 0)
		return ret;
	if (!fam_has_all(tb, mandatory, N_ATTRS(mandatory)) ||
	    fam_get_u16(tb[FFA_NOTIF_A_SENDER], &sender) < 0)
		return -EPROTO;
	id = nla_get_u32(tb[FFA_NOTIF_A_ID]);
	state = nla_get_u32(tb[FFA_NOTIF_A_STATE]);
	held = fam_count(tb, holder, N_ATTRS(holder));
	if (held == N_ATTRS(holder))
		pid = nla_get_u32(tb[FFA_NOTIF_A_PID]);
	/* pid 0 stands for "no file" in the API: a holder has a real one.
	 * An orphaned ID is one whose file is gone.  Later states are
	 * passed on as they are.
	 */
	if (id >= FFA_NOTIF_MAX_IDS || state == 0 ||
	    (held != 0 && held != N_ATTRS(holder)) || (held && pid == 0) ||
	    (held && state == FFA_NOTIF_BIND_STATE_ORPHANED))
		return -EPROTO;
	memset(out, 0, sizeof(*out));
	out->id = (uint8_t)id;
	out->sender = sender;
	out->state = state;
	if (held) {
		out->pid = pid;
		out->file_id = nla_get_u64(tb[FFA_NOTIF_A_FILE_ID]);
		nla_strlcpy(out->comm, tb[FFA_NOTIF_A_COMM], sizeof(out->comm));
	}
	return 0;
}

int ffanotif_nl_parse_event(struct nlmsghdr *nlh,
			    struct ffanotif_monitor_event *out)
{
	static const int mandatory[] = {
		FFA_NOTIF_A_EVENT_KIND, FFA_NOTIF_A_NOTIFICATIONS,
		FFA_NOTIF_A_SENDER,	FFA_NOTIF_A_RECEIVER,
		FFA_NOTIF_A_VCPU,	FFA_NOTIF_A_FLAGS,
		FFA_NOTIF_A_TIMESTAMP,
	};
	struct nlattr *tb[FFA_NOTIF_A_MAX + 1];
	uint16_t sender, receiver, vcpu;
	uint32_t kind, pid = 0;
	uint64_t bitmap, file_id = 0;
	int ret;

	ret = fam_parse(nlh, tb);
	if (ret < 0)
		return ret;
	if (!fam_has_all(tb, mandatory, N_ATTRS(mandatory)) ||
	    fam_get_u16(tb[FFA_NOTIF_A_SENDER], &sender) < 0 ||
	    fam_get_u16(tb[FFA_NOTIF_A_RECEIVER], &receiver) < 0 ||
	    fam_get_u16(tb[FFA_NOTIF_A_VCPU], &vcpu) < 0)
		return -EPROTO;
	kind = nla_get_u32(tb[FFA_NOTIF_A_EVENT_KIND]);
	bitmap = nla_get_u64(tb[FFA_NOTIF_A_NOTIFICATIONS]);
	/*
	 * The process and the file are each sent when there is one (0 is
	 * "none" in the API): a SET has its caller's pid but no receiving
	 * file, an unclaimed arrival neither, a delivery both.
	 */
	if (tb[FFA_NOTIF_A_PID]) {
		pid = nla_get_u32(tb[FFA_NOTIF_A_PID]);
		if (pid == 0)
			return -EPROTO;
	}
	if (tb[FFA_NOTIF_A_FILE_ID]) {
		file_id = nla_get_u64(tb[FFA_NOTIF_A_FILE_ID]);
		if (file_id == 0)
			return -EPROTO;
	}
	if (kind == 0 || bitmap == 0 ||
	    (kind == FFA_NOTIF_EVENT_KIND_DELIVERED && (!pid || !file_id)))
		return -EPROTO;
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->notifications = bitmap;
	out->sender = sender;
	out->receiver = receiver;
	out->vcpu = vcpu;
	out->flags = nla_get_u32(tb[FFA_NOTIF_A_FLAGS]);
	out->timestamp_ns = nla_get_u64(tb[FFA_NOTIF_A_TIMESTAMP]);
	out->pid = pid;
	out->file_id = file_id;
	return 0;
}

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
