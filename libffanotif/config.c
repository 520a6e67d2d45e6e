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

static int config_get(struct ffanotif_session *s,
		      struct ffanotif_file_config *c)
{
	memset(c, 0, sizeof(*c));
	return FFANOTIF_OP(s, get_config, c);
}

FFANOTIF_API int ffanotif_session_set_queue_depth(struct ffanotif_session *s,
						  size_t depth)
{
	struct ffanotif_file_config c;
	int ret;

	if (!s || depth > FFANOTIF_QUEUE_DEPTH_MAX)
		return ffanotif_errno(-EINVAL);
	ret = config_get(s, &c);
	if (ret < 0)
		return ffanotif_errno(ret);
	c.queue_depth = (uint32_t)depth;
	return ffanotif_errno(FFANOTIF_OP(s, set_config, &c));
}

FFANOTIF_API int ffanotif_session_get_queue_depth(struct ffanotif_session *s)
{
	struct ffanotif_file_config c;
	int ret;

	if (!s)
		return ffanotif_errno(-EINVAL);
	ret = config_get(s, &c);
	if (ret < 0)
		return ffanotif_errno(ret);
	/* Never 0, never above the maximum: else the backend broke the uAPI. */
	if (c.queue_depth == 0 || c.queue_depth > FFANOTIF_QUEUE_DEPTH_MAX)
		return ffanotif_errno(-EPROTO);
	return (int)c.queue_depth;
}

FFANOTIF_API int ffanotif_session_set_event_clock(struct ffanotif_session *s,
						  int clock)
{
	struct ffanotif_file_config c;
	int ret;

	if (!s || clock < FFANOTIF_CLOCK_MONOTONIC ||
	    clock > FFANOTIF_CLOCK_REALTIME)
		return ffanotif_errno(-EINVAL);
	ret = config_get(s, &c);
	if (ret < 0)
		return ffanotif_errno(ret);
	c.clock = (uint32_t)clock;
	return ffanotif_errno(FFANOTIF_OP(s, set_config, &c));
}

FFANOTIF_API int ffanotif_session_get_event_clock(struct ffanotif_session *s)
{
	struct ffanotif_file_config c;
	int ret;

	if (!s)
		return ffanotif_errno(-EINVAL);
	ret = config_get(s, &c);
	if (ret < 0)
		return ffanotif_errno(ret);
	if (c.clock > FFANOTIF_CLOCK_REALTIME)
		return ffanotif_errno(-EPROTO);
	return (int)c.clock;
}
