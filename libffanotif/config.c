// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A session's own configuration (API 1.4): the depth of its event queue
 * and the clock of its events' timestamps (on the device and the
 * simulator, the uAPI's FFA_NOTIF_IOC_GET_FILE_CONFIG and
 * FFA_NOTIF_IOC_SET_FILE_CONFIG: uapi.c).  Each setter reads the whole configuration, changes its part and
 * writes it back; the backend (the module's hub, or the simulator's: the
 * same code) judges it.  A backend without them (the daemon, a module
 * older than the commands) answers EOPNOTSUPP.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

/* Session s's configuration into *c: 0, or -1 with errno (EINVAL: no
 * session).
 */
static int config_get(struct ffanotif_session *s,
		      struct ffanotif_file_config *c)
{
	if (!s)
		return ffanotif_errno(-EINVAL);
	memset(c, 0, sizeof(*c));
	return ffanotif_errno(FFANOTIF_OP(s, get_config, c));
}

/* The members of struct ffanotif_file_config, both uint32_t. */
enum config_member { CONFIG_QUEUE_DEPTH, CONFIG_CLOCK };

static uint32_t *config_member(struct ffanotif_file_config *c,
			       enum config_member member)
{
	return member == CONFIG_QUEUE_DEPTH ? &c->queue_depth : &c->clock;
}

/* Read s's configuration, change one member to `value`, write it back:
 * 0, or -1 with errno.
 */
static int config_set(struct ffanotif_session *s, enum config_member member,
		      uint32_t value)
{
	struct ffanotif_file_config c;

	if (config_get(s, &c) < 0)
		return -1;
	*config_member(&c, member) = value;
	return ffanotif_errno(FFANOTIF_OP(s, set_config, &c));
}

/* One member of s's configuration, or -1 with errno: EPROTO when it is
 * outside min..max (the backend broke the uAPI).
 */
static int config_read(struct ffanotif_session *s, enum config_member member,
		       uint32_t min, uint32_t max)
{
	struct ffanotif_file_config c;
	uint32_t v;

	if (config_get(s, &c) < 0)
		return -1;
	v = *config_member(&c, member);
	if (v < min || v > max)
		return ffanotif_errno(-EPROTO);
	return (int)v;
}

FFANOTIF_API int ffanotif_session_set_queue_depth(struct ffanotif_session *s,
						  size_t depth)
{
	if (depth > FFANOTIF_QUEUE_DEPTH_MAX)
		return ffanotif_errno(-EINVAL);
	return config_set(s, CONFIG_QUEUE_DEPTH, (uint32_t)depth);
}

FFANOTIF_API int ffanotif_session_get_queue_depth(struct ffanotif_session *s)
{
	/* Never 0, never above the maximum. */
	return config_read(s, CONFIG_QUEUE_DEPTH, 1, FFANOTIF_QUEUE_DEPTH_MAX);
}

FFANOTIF_API int ffanotif_session_set_event_clock(struct ffanotif_session *s,
						  int clock)
{
	if (clock < FFANOTIF_CLOCK_MONOTONIC || clock > FFANOTIF_CLOCK_REALTIME)
		return ffanotif_errno(-EINVAL);
	return config_set(s, CONFIG_CLOCK, (uint32_t)clock);
}

FFANOTIF_API int ffanotif_session_get_event_clock(struct ffanotif_session *s)
{
	return config_read(s, CONFIG_CLOCK, FFANOTIF_CLOCK_MONOTONIC,
			   FFANOTIF_CLOCK_REALTIME);
}
