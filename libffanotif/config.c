// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A session's own configuration (API 1.4): the depth of its event queue
 * and the clock of its events' timestamps, as the uAPI's
 * FFA_NOTIF_IOC_GET_FILE_CONFIG and FFA_NOTIF_IOC_SET_FILE_CONFIG carry
 * them.  Each setter reads the whole configuration, changes its part and
 * writes it back; the backend (the module's hub, or the simulator's: the
 * same code) judges it.  A backend without the commands (the daemon, a
 * module older than them) answers ENOTTY, which is EOPNOTSUPP here.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

_Static_assert(FFANOTIF_CLOCK_MONOTONIC == FFA_NOTIF_CLOCK_MONOTONIC &&
		       FFANOTIF_CLOCK_BOOTTIME == FFA_NOTIF_CLOCK_BOOTTIME &&
		       FFANOTIF_CLOCK_REALTIME == FFA_NOTIF_CLOCK_REALTIME,
	       "the library's clocks are the uAPI's");
_Static_assert(FFANOTIF_QUEUE_DEPTH_MAX == FFA_NOTIF_QUEUE_DEPTH_MAX,
	       "the library's deepest queue is the uAPI's");

static int config_call(struct ffanotif_session *s, unsigned int cmd,
		       struct ffa_notif_file_config *c)
{
	int ret = s->ops->ioctl(s, cmd, c);

	return ret == -ENOTTY ? -EOPNOTSUPP : ret;
}

static int config_get(struct ffanotif_session *s,
		      struct ffa_notif_file_config *c)
{
	memset(c, 0, sizeof(*c));
	return config_call(s, FFA_NOTIF_IOC_GET_FILE_CONFIG, c);
}

FFANOTIF_API int ffanotif_session_set_queue_depth(struct ffanotif_session *s,
						  size_t depth)
{
	struct ffa_notif_file_config c;
	int ret;

	if (!s || depth > FFANOTIF_QUEUE_DEPTH_MAX)
		return ffanotif_errno(-EINVAL);
	ret = config_get(s, &c);
	if (ret < 0)
		return ffanotif_errno(ret);
	c.queue_depth = (uint32_t)depth;
	return ffanotif_errno(
		config_call(s, FFA_NOTIF_IOC_SET_FILE_CONFIG, &c));
}

FFANOTIF_API int ffanotif_session_get_queue_depth(struct ffanotif_session *s)
{
	struct ffa_notif_file_config c;
	int ret;

	if (!s)
		return ffanotif_errno(-EINVAL);
	ret = config_get(s, &c);
	if (ret < 0)
		return ffanotif_errno(ret);
	/* Never 0, never above the maximum: else the backend broke the uAPI. */
	if (c.queue_depth == 0 || c.queue_depth > FFA_NOTIF_QUEUE_DEPTH_MAX)
		return ffanotif_errno(-EPROTO);
	return (int)c.queue_depth;
}

FFANOTIF_API int ffanotif_session_set_event_clock(struct ffanotif_session *s,
						  int clock)
{
	struct ffa_notif_file_config c;
	int ret;

	if (!s || clock < FFANOTIF_CLOCK_MONOTONIC ||
	    clock > FFANOTIF_CLOCK_REALTIME)
		return ffanotif_errno(-EINVAL);
	ret = config_get(s, &c);
	if (ret < 0)
		return ffanotif_errno(ret);
	c.clock = (uint32_t)clock;
	return ffanotif_errno(
		config_call(s, FFA_NOTIF_IOC_SET_FILE_CONFIG, &c));
}

FFANOTIF_API int ffanotif_session_get_event_clock(struct ffanotif_session *s)
{
	struct ffa_notif_file_config c;
	int ret;

	if (!s)
		return ffanotif_errno(-EINVAL);
	ret = config_get(s, &c);
	if (ret < 0)
		return ffanotif_errno(ret);
	if (c.clock > FFA_NOTIF_CLOCK_REALTIME)
		return ffanotif_errno(-EPROTO);
	return (int)c.clock;
}
