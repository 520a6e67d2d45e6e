// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct ffanotif_partition_list: the partitions a backend knows.
 */
#include <errno.h>
#include <stdlib.h>

#include "ffp_abi.h"
#include "internal.h"

FFANOTIF_ARRAY_ACCESSORS(ffanotif_partition_list, ffanotif_partition, parts,
			 count, ffanotif_partition_list_free,
			 ffanotif_partition_list_count,
			 ffanotif_partition_list_get)

FFANOTIF_GETTER(uint16_t, ffanotif_partition_get_id, ffanotif_partition, id)
FFANOTIF_GETTER(const uint8_t *, ffanotif_partition_get_uuid,
		ffanotif_partition, uuid)
FFANOTIF_GETTER(uint32_t, ffanotif_partition_get_properties, ffanotif_partition,
		properties)
FFANOTIF_GETTER(uint32_t, ffanotif_partition_get_vcpu_count, ffanotif_partition,
		vcpu_count)

FFANOTIF_API int
ffanotif_partition_receives_notifications(const struct ffanotif_partition *p)
{
	return (p->properties & FFP_PART_NOTIF_RECV) != 0;
}

FFANOTIF_GETTER(const char *, ffanotif_partition_get_name, ffanotif_partition,
		name)
