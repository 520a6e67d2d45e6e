// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct ffanotif_info: what the backend provides (FFA_NOTIF_IOC_GET_INFO).
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

/* What provides the notifications: the uAPI names it, whichever library
 * backend carries the session.
 */
static const char *provider_name(uint32_t backend)
{
	switch (backend) {
	case FFA_NOTIF_BACKEND_ARM_FFA:
		return "arm_ffa";
	case FFA_NOTIF_BACKEND_NATIVE:
		return "native";
	case FFA_NOTIF_BACKEND_SIM:
		return "sim";
	default:
		return "unknown";
	}
}

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
	ret = s->ops->ioctl(s, FFA_NOTIF_IOC_GET_INFO, &info->info);
	if (ret < 0) {
		free(info);
		errno = -ret;
		return NULL;
	}
	info->backend = provider_name(info->info.backend);
	/* A simulator also says which SPMC its model is. */
	if (info->info.features & FFA_NOTIF_FEAT_SIM_INFO) {
		ret = s->ops->ioctl(s, FFA_NOTIF_IOC_GET_SIM_INFO, &info->sim);
		if (ret < 0 && ret != -ENOTTY) {
			free(info);
			errno = -ret;
			return NULL;
		}
		info->has_sim_info = ret == 0;
		info->sim.personality[sizeof(info->sim.personality) - 1] = 0;
	}
	return info;
}

FFANOTIF_API void ffanotif_info_free(struct ffanotif_info *info)
{
	free(info);
}

FFANOTIF_API uint32_t
ffanotif_info_get_ffa_version(const struct ffanotif_info *i)
{
	return i->info.ffa_version;
}

FFANOTIF_API uint32_t
ffanotif_info_get_uapi_version(const struct ffanotif_info *i)
{
	return i->info.api_version;
}

FFANOTIF_API const char *
ffanotif_info_get_backend(const struct ffanotif_info *i)
{
	return i->backend;
}

FFANOTIF_API uint16_t ffanotif_info_get_own_id(const struct ffanotif_info *i)
{
	return (uint16_t)i->info.own_id;
}

FFANOTIF_API uint32_t
ffanotif_info_get_vcpu_count(const struct ffanotif_info *i)
{
	return i->info.vcpu_count;
}

FFANOTIF_API uint32_t ffanotif_info_get_max_ids(const struct ffanotif_info *i)
{
	return i->info.max_ids;
}

FFANOTIF_API uint32_t
ffanotif_info_get_queue_depth(const struct ffanotif_info *i)
{
	return i->info.queue_depth;
}

FFANOTIF_API uint32_t ffanotif_info_get_sri_intid(const struct ffanotif_info *i)
{
	return i->info.sri_intid;
}

FFANOTIF_API int ffanotif_info_has_per_vcpu(const struct ffanotif_info *i)
{
	return (i->info.features & FFA_NOTIF_FEAT_PER_VCPU) != 0;
}

FFANOTIF_API int ffanotif_info_has_sim_ring(const struct ffanotif_info *i)
{
	return (i->info.features & FFA_NOTIF_FEAT_SIM_RING) != 0;
}

FFANOTIF_API const char *
ffanotif_info_get_sim_personality(const struct ffanotif_info *i)
{
	return i->has_sim_info ? i->sim.personality : NULL;
}
