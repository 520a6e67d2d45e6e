// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who may do what: the peer's credentials, taken from the kernel when it
 * connects (never from what it says), judged against the allow rules.
 * Nothing is allowed unless a rule says so, root included: the policy
 * file is the whole truth about who can watch and ring.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "config.h"
#include "policy.h"

int fnd_cred_of_socket(int fd, struct fnd_cred *cred)
{
	struct ucred uc;
	socklen_t len = sizeof(uc);
	gid_t groups[FND_MAX_GROUPS];

	memset(cred, 0, sizeof(*cred));
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) < 0)
		return -errno;
	cred->pid = uc.pid;
	cred->uid = uc.uid;
	cred->gid = uc.gid;
	/* Supplementary groups as they were at connect() (Linux 4.13).  A
	 * peer with more than we keep gets ERANGE: it is judged on its
	 * primary group only, which can only refuse more, never allow more.
	 */
	len = sizeof(groups);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) == 0) {
		cred->n_groups = (int)(len / sizeof(gid_t));
		memcpy(cred->groups, groups, len);
	} else if (errno != ERANGE && errno != ENOPROTOOPT) {
		return -errno;
	}
	return 0;
}

static int in_group(const struct fnd_cred *cred, gid_t gid)
{
	int i;

	if (cred->gid == gid)
		return 1;
	for (i = 0; i < cred->n_groups; i++)
		if (cred->groups[i] == gid)
			return 1;
	return 0;
}

uint64_t fnd_policy_allowed(const struct fnd_config *c,
			    const struct fnd_cred *cred, unsigned int verb,
			    uint16_t partition)
{
	const struct fnd_rule *r;
	uint64_t ids = 0;
	size_t i;

	for (i = 0; i < c->n_rules; i++) {
		r = &c->rules[i];
		if (!(r->verbs & verb))
			continue;
		if (!r->any_partition && r->partition != partition)
			continue;
		if (r->who == FND_WHO_USER && r->id != cred->uid)
			continue;
		if (r->who == FND_WHO_GROUP && !in_group(cred, r->id))
			continue;
		ids |= r->ids;
	}
	return ids;
}

int fnd_policy_metrics(const struct fnd_config *c, const struct fnd_cred *cred)
{
	const struct fnd_rule *r;
	size_t i;

	for (i = 0; i < c->n_rules; i++) {
		r = &c->rules[i];
		/* "all" for a partition or a few IDs is not everyone's. */
		if (!(r->verbs & FND_VERB_METRICS) || !r->any_partition ||
		    r->ids != ~0ULL)
			continue;
		if (r->who == FND_WHO_USER && r->id != cred->uid)
			continue;
		if (r->who == FND_WHO_GROUP && !in_group(cred, r->id))
			continue;
		return 1;
	}
	return 0;
}

const char *fnd_verb_name(unsigned int verb)
{
	switch (verb) {
	case FND_VERB_WATCH:
		return "watch";
	case FND_VERB_RING:
		return "ring";
	case FND_VERB_SIM_RING:
		return "sim-ring";
	case FND_VERB_BIND:
		return "bind";
	case FND_VERB_METRICS:
		return "metrics";
	default:
		return "?";
	}
}
