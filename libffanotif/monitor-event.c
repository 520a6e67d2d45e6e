// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct ffanotif_monitor_event: one FFA_NOTIF_CMD_EVENT of the kernel
 * module's monitor group, decoded (netlink.c) and detached from it.
 */
#include <linux/ffa_notif_netlink.h>
#include <stdlib.h>

#include "internal.h"

_Static_assert(FFANOTIF_MONITOR_SENT == FFA_NOTIF_EVENT_KIND_SENT &&
		       FFANOTIF_MONITOR_DELIVERED ==
			       FFA_NOTIF_EVENT_KIND_DELIVERED &&
		       FFANOTIF_MONITOR_UNCLAIMED ==
			       FFA_NOTIF_EVENT_KIND_UNCLAIMED,
	       "event kinds are the module's, passed on as they are");

FFANOTIF_API void ffanotif_monitor_event_free(struct ffanotif_monitor_event *e)
{
	free(e);
}

FFANOTIF_API int
ffanotif_monitor_event_get_kind(const struct ffanotif_monitor_event *e)
{
	return (int)e->kind;
}

FFANOTIF_API uint64_t
ffanotif_monitor_event_get_notifications(const struct ffanotif_monitor_event *e)
{
	return e->notifications;
}

FFANOTIF_API uint16_t
ffanotif_monitor_event_get_sender(const struct ffanotif_monitor_event *e)
{
	return e->sender;
}

FFANOTIF_API uint16_t
ffanotif_monitor_event_get_receiver(const struct ffanotif_monitor_event *e)
{
	return e->receiver;
}

FFANOTIF_API int
ffanotif_monitor_event_is_per_vcpu(const struct ffanotif_monitor_event *e)
{
	return (e->flags & FFA_NOTIF_FLAG_PER_VCPU) != 0;
}

FFANOTIF_API uint16_t
ffanotif_monitor_event_get_vcpu(const struct ffanotif_monitor_event *e)
{
	return e->vcpu;
}

FFANOTIF_API uint64_t
ffanotif_monitor_event_get_timestamp_ns(const struct ffanotif_monitor_event *e)
{
	return e->timestamp_ns;
}

FFANOTIF_API uint32_t
ffanotif_monitor_event_get_pid(const struct ffanotif_monitor_event *e)
{
	return e->pid;
}

FFANOTIF_API uint64_t
ffanotif_monitor_event_get_file_id(const struct ffanotif_monitor_event *e)
{
	return e->file_id;
}
