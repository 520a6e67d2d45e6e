// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct ffanotif_partition_list: the partitions a backend knows.
 */
#include <errno.h>
#include <stdlib.h>

#include "ffp_abi.h"
#include "internal.h"

FFANOTIF_API void
ffanotif_partition_list_free(struct ffanotif_partition_list *l)
{
	if (!l)
		return;
	free(l->parts);
	free(l);
}

FFANOTIF_API size_t
ffanotif_partition_list_count(const struct ffanotif_partition_list *l)
{
	return l ? l->count : 0;
}

FFANOTIF_API const struct ffanotif_partition *
ffanotif_partition_list_get(const struct ffanotif_partition_list *l,
			    size_t index)
{
	if (!l || index >= l->count) {
		errno = EINVAL;
		return NULL;
	}
	return &l->parts[index];
}

FFANOTIF_API uint16_t
ffanotif_partition_get_id(const struct ffanotif_partition *p)
{
	return p->id;
}

FFANOTIF_API const uint8_t *
ffanotif_partition_get_uuid(const struct ffanotif_partition *p)
{
	return p->uuid;
}

FFANOTIF_API uint32_t
ffanotif_partition_get_properties(const struct ffanotif_partition *p)
{
	return p->properties;
}

FFANOTIF_API uint32_t
ffanotif_partition_get_vcpu_count(const struct ffanotif_partition *p)
{
	return p->vcpu_count;
}

FFANOTIF_API int
ffanotif_partition_receives_notifications(const struct ffanotif_partition *p)
{
	return (p->properties & FFP_PART_NOTIF_RECV) != 0;
}

FFANOTIF_API const char *
ffanotif_partition_get_name(const struct ffanotif_partition *p)
{
	return p->name;
}
