/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ffa-notifd: who a peer is, and what the configuration lets it do
 * (policy.c).
 */
#ifndef FND_POLICY_H
#define FND_POLICY_H

#include <stdint.h>
#include <sys/types.h>

struct fnd_config;

#define FND_MAX_GROUPS 64

/* Who is on the other end of a connection (SO_PEERCRED, SO_PEERGROUPS). */
struct fnd_cred {
	pid_t pid;
	uid_t uid;
	gid_t gid;
	int n_groups;
	gid_t groups[FND_MAX_GROUPS];
};

/* Read the peer's credentials of a connected unix socket: 0 or -errno. */
int fnd_cred_of_socket(int fd, struct fnd_cred *cred);

/* The IDs of `partition` the policy lets `cred` act on with `verb`. */
uint64_t fnd_policy_allowed(const struct fnd_config *c,
			    const struct fnd_cred *cred, unsigned int verb,
			    uint16_t partition);
/* Whether a rule for every partition and ID gives `cred` the metrics. */
int fnd_policy_metrics(const struct fnd_config *c, const struct fnd_cred *cred);
const char *fnd_verb_name(unsigned int verb);

#endif /* FND_POLICY_H */
