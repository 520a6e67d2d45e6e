// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct ffanotif_binding_list: who holds which notification ID, as the
 * kernel module lists it (FFA_NOTIF_CMD_GET_BINDINGS).
 */
#include <errno.h>
#include <linux/ffa_notif_netlink.h>
#include <stdlib.h>

#include "internal.h"

_Static_assert(FFANOTIF_BINDING_BINDING == FFA_NOTIF_BIND_STATE_BINDING &&
		       FFANOTIF_BINDING_BOUND == FFA_NOTIF_BIND_STATE_BOUND &&
		       FFANOTIF_BINDING_UNBINDING ==
			       FFA_NOTIF_BIND_STATE_UNBINDING &&
		       FFANOTIF_BINDING_ORPHANED ==
			       FFA_NOTIF_BIND_STATE_ORPHANED,
	       "binding states are the module's, passed on as they are");

FFANOTIF_ARRAY_ACCESSORS(ffanotif_binding_list, ffanotif_binding, bindings,
			 count, ffanotif_binding_list_free,
			 ffanotif_binding_list_count, ffanotif_binding_list_get)

FFANOTIF_GETTER(unsigned int, ffanotif_binding_get_id, ffanotif_binding, id)
FFANOTIF_GETTER(uint16_t, ffanotif_binding_get_sender, ffanotif_binding, sender)
FFANOTIF_GETTER(int, ffanotif_binding_get_state, ffanotif_binding, state)
FFANOTIF_GETTER(uint32_t, ffanotif_binding_get_pid, ffanotif_binding, pid)
FFANOTIF_GETTER(const char *, ffanotif_binding_get_comm, ffanotif_binding, comm)
FFANOTIF_GETTER(uint64_t, ffanotif_binding_get_file_id, ffanotif_binding,
		file_id)
