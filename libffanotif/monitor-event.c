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

FFANOTIF_GETTER(int, ffanotif_monitor_event_get_kind, ffanotif_monitor_event,
		kind)
FFANOTIF_GETTER(uint64_t, ffanotif_monitor_event_get_notifications,
		ffanotif_monitor_event, notifications)
FFANOTIF_GETTER(uint16_t, ffanotif_monitor_event_get_sender,
		ffanotif_monitor_event, sender)
FFANOTIF_GETTER(uint16_t, ffanotif_monitor_event_get_receiver,
		ffanotif_monitor_event, receiver)

FFANOTIF_API int
ffanotif_monitor_event_is_per_vcpu(const struct ffanotif_monitor_event *e)
{
	return (e->flags & FFA_NOTIF_FLAG_PER_VCPU) != 0;
}

FFANOTIF_GETTER(uint16_t, ffanotif_monitor_event_get_vcpu,
		ffanotif_monitor_event, vcpu)
FFANOTIF_GETTER(uint64_t, ffanotif_monitor_event_get_timestamp_ns,
		ffanotif_monitor_event, timestamp_ns)
FFANOTIF_GETTER(uint32_t, ffanotif_monitor_event_get_pid,
		ffanotif_monitor_event, pid)
FFANOTIF_GETTER(uint64_t, ffanotif_monitor_event_get_file_id,
		ffanotif_monitor_event, file_id)
