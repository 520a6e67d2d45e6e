// SPDX-License-Identifier: GPL-2.0-only
/*
 * ffa_notif.ko, native backend: its own RX/TX buffers (FFA_RXTX_MAP, where
 * arm_ffa does not own them) and the partitions read through them with
 * FFA_PARTITION_INFO_GET.  See ffa_notif_native.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": native: " fmt

#include "ffa_notif_backend.h"

#ifdef FFA_NOTIF_HAVE_NATIVE

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../protocol/ffp_abi.h"
#include "../protocol/ffp_driver.h"
#include "ffa_notif_native.h"

int nb_rxtx_map(struct nb_ctx *c)
{
	struct ffp_regs in, out;
	size_t size;
	int ret;

	ffp_enc_features(&in, FFP_RXTX_MAP_64);
	ret = nb_call_status(c, &in, &out);
	if (ret)
		return ret;
	size = ffp_rxtx_min_size((u32)out.a[2]);
	if (!size)
		return -EPROTO;
	size = max_t(size_t, size, PAGE_SIZE);
	if (size / FFP_PAGE_SIZE > FFP_RXTX_MAX_PAGES)
		return -E2BIG;

	/* Naturally aligned: the minimum size is also the alignment. */
	c->tx = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);
	c->rx = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);
	if (!c->tx || !c->rx) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = ffp_enc_rxtx_map(&in, 1, virt_to_phys(c->tx),
			       virt_to_phys(c->rx), size / FFP_PAGE_SIZE);
	if (!ret)
		ret = nb_call_status(c, &in, &out);
	if (ret)
		goto err_free;
	c->rxtx_size = size;
	c->rxtx_mapped = true;
	return 0;

err_free:
	if (c->rx)
		free_pages_exact(c->rx, size);
	if (c->tx)
		free_pages_exact(c->tx, size);
	c->rx = NULL;
	c->tx = NULL;
	return ret;
}

void nb_rxtx_unmap(struct nb_ctx *c)
{
	struct ffp_regs in, out;
	int ret;

	if (!c->rxtx_mapped)
		return;
	ffp_enc_rxtx_unmap(&in, c->drv.own_id);
	ret = nb_call_status(c, &in, &out);
	if (ret) {
		/* The firmware may still write there: leak, never reuse. */
		pr_warn("FFA_RXTX_UNMAP refused (%d); buffers left allocated\n",
			ret);
		return;
	}
	free_pages_exact(c->rx, c->rxtx_size);
	free_pages_exact(c->tx, c->rxtx_size);
	c->rxtx_mapped = false;
}

/* PARTITION_INFO_GET for every partition, into c->parts. */
int nb_discover(struct nb_ctx *c)
{
	static const u8 all[16];
	struct ffp_part_desc d;
	struct ffp_regs in, out;
	u32 count, size, i, n;
	int ret, rel;

	ffp_enc_partition_info_get(&in, all, 0);
	nb_call(c, &in, &out);
	ret = ffp_dec_partition_info_get_resp(&out, c->drv.version, &count,
					      &size);
	if (ret)
		return ret; /* the RX buffer was not filled */

	n = min_t(u32, count, c->rxtx_size / size);
	if (n < count)
		pr_warn("%u partitions, %u fit the RX buffer\n", count, n);
	if (n) {
		c->parts = kcalloc(n, sizeof(*c->parts), GFP_KERNEL);
		if (!c->parts)
			ret = -ENOMEM;
	}
	for (i = 0; i < n && !ret; i++) {
		struct ffa_notif_part *p = &c->parts[c->n_parts];

		if (ffp_dec_part_desc(c->rx, c->rxtx_size, size, i, &d))
			break;
		if (d.id == c->drv.own_id)
			continue;
		p->id = d.id;
		p->vcpu_count = d.exec_ctx;
		p->properties = d.properties;
		memcpy(p->uuid, d.uuid, sizeof(p->uuid));
		c->n_parts++;
	}

	/* The buffer is ours until released, whatever happened above. */
	ffp_enc_rx_release(&in, 0);
	rel = nb_call_status(c, &in, &out);
	if (rel)
		pr_warn("FFA_RX_RELEASE refused (%d)\n", rel);
	return ret;
}

#endif /* FFA_NOTIF_HAVE_NATIVE */
