// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Decoding of ffa_notif.ko's generic netlink messages into the library's
 * objects (the transport is netlink.c).  The contract is
 * include/uapi/linux/ffa_notif_netlink.h.
 *
 * Every message is checked against that header before anything is taken
 * from it: attribute types and exact sizes (one nla_policy for the whole
 * family), an attribute stream that ends exactly where the message ends,
 * the mandatory attributes of each command, and value ranges (16-bit FF-A
 * IDs sent as u32, IDs below 64).  A message that breaks the contract is
 * EPROTO and nothing of a reply that carried it is returned: half a
 * partition list would be worse than none.  Attributes above
 * FFA_NOTIF_A_MAX are ignored, so that a newer module can add some.
 */
#include <errno.h>
#include <string.h>

#include <linux/ffa_notif_netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "ffp_abi.h"
#include "internal.h"

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
