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

FFANOTIF_API void ffanotif_binding_list_free(struct ffanotif_binding_list *l)
{
	if (!l)
		return;
	free(l->bindings);
	free(l);
}

FFANOTIF_API size_t
ffanotif_binding_list_count(const struct ffanotif_binding_list *l)
{
	return l ? l->count : 0;
}

FFANOTIF_API const struct ffanotif_binding *
ffanotif_binding_list_get(const struct ffanotif_binding_list *l, size_t index)
{
	if (!l || index >= l->count) {
		errno = EINVAL;
		return NULL;
	}
	return &l->bindings[index];
}

FFANOTIF_API unsigned int
ffanotif_binding_get_id(const struct ffanotif_binding *b)
{
	return b->id;
}

FFANOTIF_API uint16_t
ffanotif_binding_get_sender(const struct ffanotif_binding *b)
{
	return b->sender;
}

FFANOTIF_API int ffanotif_binding_get_state(const struct ffanotif_binding *b)
{
	return (int)b->state;
}

FFANOTIF_API uint32_t ffanotif_binding_get_pid(const struct ffanotif_binding *b)
{
	return b->pid;
}

FFANOTIF_API const char *
ffanotif_binding_get_comm(const struct ffanotif_binding *b)
{
	return b->comm;
}

FFANOTIF_API uint64_t
ffanotif_binding_get_file_id(const struct ffanotif_binding *b)
{
	return b->file_id;
}
