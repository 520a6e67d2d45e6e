// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffa_notif.ko as a whole, without a session: its counters, partitions
 * and bindings, each one request to its generic netlink family.
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

FFANOTIF_API int ffanotif_module_get_stats(struct ffanotif_module_stats *stats)
{
	struct ffanotif_nl_info info;
	int ret;

	if (!stats)
		return ffanotif_errno(-EINVAL);
	ret = ffanotif_nl_get_info(&info);
	if (ret < 0)
		return ffanotif_errno(ret);
	*stats = info.stats;
	return 0;
}

FFANOTIF_API struct ffanotif_partition_list *
ffanotif_module_list_partitions(void)
{
	struct ffanotif_partition_list *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	return ffanotif_filled(l, ffanotif_nl_get_partitions(l));
}

FFANOTIF_API struct ffanotif_binding_list *ffanotif_module_list_bindings(void)
{
	struct ffanotif_binding_list *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	return ffanotif_filled(l, ffanotif_nl_get_bindings(l));
}
