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
	int ret;

	if (!s) {
		errno = EINVAL;
		return NULL;
	}
	info = calloc(1, sizeof(*info));
	if (!info)
		return NULL;
	ret = FFANOTIF_OP(s, get_info, info);
	if (ret < 0) {
		free(info);
		errno = -ret;
		return NULL;
	}
	if (!info->provider)
		info->provider = "unknown";
	return info;
}

FFANOTIF_API void ffanotif_info_free(struct ffanotif_info *info)
{
	free(info);
}

FFANOTIF_API uint32_t
ffanotif_info_get_ffa_version(const struct ffanotif_info *i)
{
	return i->ffa_version;
}

FFANOTIF_API uint32_t
ffanotif_info_get_uapi_version(const struct ffanotif_info *i)
{
	return i->api_version;
}

FFANOTIF_API const char *
ffanotif_info_get_backend(const struct ffanotif_info *i)
{
	return i->provider;
}

FFANOTIF_API uint16_t ffanotif_info_get_own_id(const struct ffanotif_info *i)
{
	return i->own_id;
}

FFANOTIF_API uint32_t
ffanotif_info_get_vcpu_count(const struct ffanotif_info *i)
{
	return i->vcpu_count;
}

FFANOTIF_API uint32_t ffanotif_info_get_max_ids(const struct ffanotif_info *i)
{
	return i->max_ids;
}

FFANOTIF_API uint32_t
ffanotif_info_get_queue_depth(const struct ffanotif_info *i)
{
	return i->queue_depth;
}

FFANOTIF_API uint32_t ffanotif_info_get_sri_intid(const struct ffanotif_info *i)
{
	return i->sri_intid;
}

FFANOTIF_API int ffanotif_info_has_per_vcpu(const struct ffanotif_info *i)
{
	return i->per_vcpu;
}

FFANOTIF_API int ffanotif_info_has_sim_ring(const struct ffanotif_info *i)
{
	return i->sim_ring;
}

FFANOTIF_API const char *
ffanotif_info_get_sim_personality(const struct ffanotif_info *i)
{
	return i->has_personality ? i->personality : NULL;
}
