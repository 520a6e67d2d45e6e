// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct ffanotif_info: what the backend provides (its get_info op; the
 * provider is named as the uAPI numbers it, whichever library backend
 * carries the session).
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

FFANOTIF_API struct ffanotif_info *
ffanotif_session_get_info(struct ffanotif_session *s)
{
	struct ffanotif_info *info;

	info = ffanotif_session_alloc(s, sizeof(*info));
	if (!info)
		return NULL;
	info = ffanotif_filled(info, FFANOTIF_OP(s, get_info, info));
	if (info && !info->provider)
		info->provider = "unknown";
	return info;
}

FFANOTIF_API void ffanotif_info_free(struct ffanotif_info *info)
{
	free(info);
}

FFANOTIF_GETTER(uint32_t, ffanotif_info_get_ffa_version, ffanotif_info,
		ffa_version)
FFANOTIF_GETTER(uint32_t, ffanotif_info_get_uapi_version, ffanotif_info,
		api_version)
FFANOTIF_GETTER(const char *, ffanotif_info_get_backend, ffanotif_info,
		provider)
FFANOTIF_GETTER(uint16_t, ffanotif_info_get_own_id, ffanotif_info, own_id)
FFANOTIF_GETTER(uint32_t, ffanotif_info_get_vcpu_count, ffanotif_info,
		vcpu_count)
FFANOTIF_GETTER(uint32_t, ffanotif_info_get_max_ids, ffanotif_info, max_ids)
FFANOTIF_GETTER(uint32_t, ffanotif_info_get_queue_depth, ffanotif_info,
		queue_depth)
FFANOTIF_GETTER(uint32_t, ffanotif_info_get_sri_intid, ffanotif_info, sri_intid)
FFANOTIF_GETTER(int, ffanotif_info_has_per_vcpu, ffanotif_info, per_vcpu)
FFANOTIF_GETTER(int, ffanotif_info_has_sim_ring, ffanotif_info, sim_ring)

FFANOTIF_API const char *
ffanotif_info_get_sim_personality(const struct ffanotif_info *i)
{
	return i->has_personality ? i->personality : NULL;
}
