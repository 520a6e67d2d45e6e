// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * FF-A v1.1 notification ABI encoders and decoders.  See ffp_abi.h.
 */
#include "ffp_abi.h"

#define LO32(x) ((ffp_u64)(x)&0xffffffffULL)

int ffp_status_to_errno(ffp_s32 status)
{
	switch (status) {
	case FFP_RET_SUCCESS:
		return 0;
	case FFP_RET_NOT_SUPPORTED:
		return -FFP_EOPNOTSUPP;
	case FFP_RET_INVALID_PARAMETERS:
		return -FFP_EINVAL;
	case FFP_RET_NO_MEMORY:
		return -FFP_ENOMEM;
	case FFP_RET_BUSY:
		return -FFP_EBUSY;
	case FFP_RET_INTERRUPTED:
		return -FFP_EINTR;
	case FFP_RET_DENIED:
		return -FFP_EACCES;
	case FFP_RET_RETRY:
		return -FFP_EAGAIN;
	case FFP_RET_ABORTED:
		return -FFP_ECANCELED;
	case FFP_RET_NO_DATA:
		return -FFP_ENODATA;
	case FFP_RET_NOT_READY:
		return -FFP_EAGAIN;
	default:
		return -FFP_EINVAL;
	}
}

const char *ffp_status_name(ffp_s32 status)
{
	static const char *const names[] = {
		"SUCCESS",   "NOT_SUPPORTED", "INVALID_PARAMETERS",
		"NO_MEMORY", "BUSY",	      "INTERRUPTED",
		"DENIED",    "RETRY",	      "ABORTED",
		"NO_DATA",   "NOT_READY",
	};

	if (status > 0 || status < -(ffp_s32)(FFP_ARRAY_SIZE(names) - 1))
		return "UNKNOWN";
	return names[-status];
}

const char *ffp_fn_name(ffp_u32 fid)
{
	switch (fid) {
	case FFP_ERROR:
		return "FFA_ERROR";
	case FFP_SUCCESS_32:
		return "FFA_SUCCESS_32";
	case FFP_SUCCESS_64:
		return "FFA_SUCCESS_64";
	case FFP_INTERRUPT:
		return "FFA_INTERRUPT";
	case FFP_VERSION:
		return "FFA_VERSION";
	case FFP_FEATURES:
		return "FFA_FEATURES";
	case FFP_RX_RELEASE:
		return "FFA_RX_RELEASE";
	case FFP_RXTX_MAP_32:
		return "FFA_RXTX_MAP_32";
	case FFP_RXTX_MAP_64:
		return "FFA_RXTX_MAP_64";
	case FFP_RXTX_UNMAP:
		return "FFA_RXTX_UNMAP";
	case FFP_PARTITION_INFO_GET:
		return "FFA_PARTITION_INFO_GET";
	case FFP_ID_GET:
		return "FFA_ID_GET";
	case FFP_MSG_WAIT:
		return "FFA_MSG_WAIT";
	case FFP_YIELD:
		return "FFA_YIELD";
	case FFP_RUN:
		return "FFA_RUN";
	case FFP_MSG_SEND_DIRECT_REQ_32:
		return "FFA_MSG_SEND_DIRECT_REQ_32";
	case FFP_MSG_SEND_DIRECT_RESP_32:
		return "FFA_MSG_SEND_DIRECT_RESP_32";
	case FFP_MSG_SEND_DIRECT_REQ_64:
		return "FFA_MSG_SEND_DIRECT_REQ_64";
	case FFP_MSG_SEND_DIRECT_RESP_64:
		return "FFA_MSG_SEND_DIRECT_RESP_64";
	case FFP_NOTIFICATION_BITMAP_CREATE:
		return "FFA_NOTIFICATION_BITMAP_CREATE";
	case FFP_NOTIFICATION_BITMAP_DESTROY:
		return "FFA_NOTIFICATION_BITMAP_DESTROY";
	case FFP_NOTIFICATION_BIND:
		return "FFA_NOTIFICATION_BIND";
	case FFP_NOTIFICATION_UNBIND:
		return "FFA_NOTIFICATION_UNBIND";
	case FFP_NOTIFICATION_SET:
		return "FFA_NOTIFICATION_SET";
	case FFP_NOTIFICATION_GET:
		return "FFA_NOTIFICATION_GET";
	case FFP_NOTIFICATION_INFO_GET_32:
		return "FFA_NOTIFICATION_INFO_GET_32";
	case FFP_NOTIFICATION_INFO_GET_64:
		return "FFA_NOTIFICATION_INFO_GET_64";
	case FFP_SPM_ID_GET:
		return "FFA_SPM_ID_GET";
	default:
		return FFP_NULL;
	}
}

static void regs_clear(struct ffp_regs *r, ffp_u64 a0)
{
	int i;

	r->a[0] = a0;
	for (i = 1; i < 8; i++)
		r->a[i] = 0;
}

ffp_s32 ffp_resp_status(const struct ffp_regs *r)
{
	ffp_u32 fid = (ffp_u32)r->a[0];

	if (fid == FFP_SUCCESS_32 || fid == FFP_SUCCESS_64)
		return FFP_RET_SUCCESS;
	if (fid == FFP_ERROR) {
		ffp_s32 st = (ffp_s32)(ffp_u32)r->a[2];

		/* An FFA_ERROR that claims success is itself malformed. */
		return st == 0 ? FFP_RET_NOT_SUPPORTED : st;
	}
	return FFP_RET_NOT_SUPPORTED;
}

void ffp_resp_error(struct ffp_regs *r, ffp_s32 status)
{
	regs_clear(r, FFP_ERROR);
	r->a[2] = (ffp_u32)status;
}

void ffp_resp_success32(struct ffp_regs *r, ffp_u32 w2)
{
	regs_clear(r, FFP_SUCCESS_32);
	r->a[2] = w2;
}

int ffp_regs_any(const struct ffp_regs *r, int first, int last)
{
	ffp_u64 any = 0;
	int i;

	for (i = first; i <= last && i < 8; i++)
		any |= r->a[i];
	return any != 0;
}

void ffp_enc_version(struct ffp_regs *r, ffp_u32 version)
{
	regs_clear(r, FFP_VERSION);
	r->a[1] = version;
}

void ffp_enc_id_get(struct ffp_regs *r)
{
	regs_clear(r, FFP_ID_GET);
}

void ffp_enc_spm_id_get(struct ffp_regs *r)
{
	regs_clear(r, FFP_SPM_ID_GET);
}

void ffp_enc_bare(struct ffp_regs *r, ffp_u32 fid)
{
	regs_clear(r, fid);
}

void ffp_enc_features(struct ffp_regs *r, ffp_u32 fid_or_feature)
{
	regs_clear(r, FFP_FEATURES);
	r->a[1] = fid_or_feature;
}

static ffp_u32 mbz_or(const struct ffp_regs *r, int first)
{
	ffp_u32 v = 0;
	int i;

	for (i = first; i < 8; i++)
		v |= (ffp_u32)r->a[i];
	return v;
}

void ffp_enc_bitmap_create(struct ffp_regs *r, ffp_u16 vm_id,
			   ffp_u32 vcpu_count)
{
	regs_clear(r, FFP_NOTIFICATION_BITMAP_CREATE);
	r->a[1] = vm_id;
	r->a[2] = vcpu_count;
}

void ffp_enc_bitmap_destroy(struct ffp_regs *r, ffp_u16 vm_id)
{
	regs_clear(r, FFP_NOTIFICATION_BITMAP_DESTROY);
	r->a[1] = vm_id;
}

void ffp_dec_bitmap_create(const struct ffp_regs *r,
			   struct ffp_bitmap_create_args *out)
{
	out->vm_id = (ffp_u16)r->a[1];
	out->w1_high = ((ffp_u32)r->a[1]) >> 16;
	out->vcpu_count = (ffp_u32)r->a[2];
	out->mbz = mbz_or(r, 3);
}

static void enc_bind_common(struct ffp_regs *r, ffp_u32 fid, ffp_u16 sender,
			    ffp_u16 receiver, ffp_u32 flags, ffp_u64 bitmap)
{
	regs_clear(r, fid);
	r->a[1] = ((ffp_u32)sender << 16) | receiver;
	r->a[2] = flags;
	r->a[3] = LO32(bitmap);
	r->a[4] = bitmap >> 32;
}

void ffp_enc_bind(struct ffp_regs *r, ffp_u16 sender, ffp_u16 receiver,
		  ffp_u32 flags, ffp_u64 bitmap)
{
	enc_bind_common(r, FFP_NOTIFICATION_BIND, sender, receiver, flags,
			bitmap);
}

void ffp_enc_unbind(struct ffp_regs *r, ffp_u16 sender, ffp_u16 receiver,
		    ffp_u64 bitmap)
{
	enc_bind_common(r, FFP_NOTIFICATION_UNBIND, sender, receiver, 0,
			bitmap);
}

void ffp_dec_bind(const struct ffp_regs *r, struct ffp_bind_args *out)
{
	ffp_u32 w1 = (ffp_u32)r->a[1];

	out->sender = (ffp_u16)(w1 >> 16);
	out->receiver = (ffp_u16)w1;
	out->flags = (ffp_u32)r->a[2];
	out->bitmap = ffp_bitmap_join(r->a[3], r->a[4]);
	out->mbz = mbz_or(r, 5);
}

void ffp_enc_set(struct ffp_regs *r, ffp_u16 sender, ffp_u16 receiver,
		 ffp_u32 flags, ffp_u16 vcpu, ffp_u64 bitmap)
{
	regs_clear(r, FFP_NOTIFICATION_SET);
	r->a[1] = ((ffp_u32)sender << 16) | receiver;
	r->a[2] = ((ffp_u32)vcpu << FFP_SET_VCPU_SHIFT) | (flags & 0xffffU);
	r->a[3] = LO32(bitmap);
	r->a[4] = bitmap >> 32;
}

void ffp_dec_set(const struct ffp_regs *r, struct ffp_set_args *out)
{
	ffp_u32 w1 = (ffp_u32)r->a[1];
	ffp_u32 w2 = (ffp_u32)r->a[2];

	out->sender = (ffp_u16)(w1 >> 16);
	out->receiver = (ffp_u16)w1;
	out->flags = w2 & 0xffffU;
	out->vcpu = (ffp_u16)(w2 >> FFP_SET_VCPU_SHIFT);
	out->bitmap = ffp_bitmap_join(r->a[3], r->a[4]);
	out->mbz = mbz_or(r, 5);
}

void ffp_enc_get(struct ffp_regs *r, ffp_u16 receiver, ffp_u16 vcpu,
		 ffp_u32 flags)
{
	regs_clear(r, FFP_NOTIFICATION_GET);
	r->a[1] = ((ffp_u32)vcpu << 16) | receiver;
	r->a[2] = flags;
}

void ffp_dec_get(const struct ffp_regs *r, struct ffp_get_args *out)
{
	ffp_u32 w1 = (ffp_u32)r->a[1];

	out->receiver = (ffp_u16)w1;
	out->vcpu = (ffp_u16)(w1 >> 16);
	out->flags = (ffp_u32)r->a[2];
	out->mbz = mbz_or(r, 3);
}

void ffp_resp_get(struct ffp_regs *r, const struct ffp_get_result *res)
{
	regs_clear(r, FFP_SUCCESS_32);
	r->a[2] = LO32(res->sp);
	r->a[3] = res->sp >> 32;
	r->a[4] = LO32(res->vm);
	r->a[5] = res->vm >> 32;
	r->a[6] = res->spm;
	r->a[7] = res->hyp;
}

void ffp_dec_get_resp(const struct ffp_regs *r, struct ffp_get_result *out)
{
	out->sp = ffp_bitmap_join(r->a[2], r->a[3]);
	out->vm = ffp_bitmap_join(r->a[4], r->a[5]);
	out->spm = (ffp_u32)r->a[6];
	out->hyp = (ffp_u32)r->a[7];
}

void ffp_enc_run_w1(struct ffp_regs *r, ffp_u32 w1)
{
	regs_clear(r, FFP_RUN);
	r->a[1] = w1;
}

void ffp_enc_run(struct ffp_regs *r, ffp_u16 endpoint, ffp_u16 vcpu)
{
	ffp_enc_run_w1(r, ((ffp_u32)endpoint << 16) | vcpu);
}

void ffp_dec_run(const struct ffp_regs *r, ffp_u16 *endpoint, ffp_u16 *vcpu)
{
	ffp_u32 w1 = (ffp_u32)r->a[1];

	*endpoint = (ffp_u16)(w1 >> 16);
	*vcpu = (ffp_u16)w1;
}

void ffp_resp_interrupt(struct ffp_regs *r, ffp_u16 endpoint, ffp_u16 vcpu,
			ffp_u32 intid)
{
	regs_clear(r, FFP_INTERRUPT);
	r->a[1] = ((ffp_u32)endpoint << 16) | vcpu;
	r->a[2] = intid;
}

void ffp_enc_info_get(struct ffp_regs *r, int is_64)
{
	regs_clear(r, is_64 ? FFP_NOTIFICATION_INFO_GET_64
			    : FFP_NOTIFICATION_INFO_GET_32);
}

/*
 * ID slot i of an INFO_GET response: register 3 + i / per_reg, 16-bit lane
 * i % per_reg, little-endian from the low half.
 */
static ffp_u32 info_per_reg(int is_64)
{
	return is_64 ? 4U : 2U;
}

int ffp_resp_info_get(struct ffp_regs *r, const struct ffp_info *info)
{
	ffp_u32 max_ids = ffp_info_max_ids(info->is_64);
	ffp_u32 per_reg = info_per_reg(info->is_64);
	ffp_u64 w2;
	ffp_u32 slot = 0, i, v;

	/* A response holds as many lists as it has IDs and size fields. */
	if (info->n_lists > max_ids)
		return -FFP_ENOSPC;
	for (i = 0; i < info->n_lists; i++) {
		if (info->lists[i].n_vcpus > FFP_INFO_MAX_VCPUS_PER_LIST)
			return -FFP_ENOSPC;
		slot += ffp_info_list_ids(&info->lists[i]);
	}
	if (slot > max_ids)
		return -FFP_ENOSPC;

	regs_clear(r, info->is_64 ? FFP_SUCCESS_64 : FFP_SUCCESS_32);
	w2 = (ffp_u64)info->n_lists << FFP_INFO_LIST_COUNT_SHIFT;
	if (info->more_pending)
		w2 |= FFP_INFO_MORE_PENDING;

	slot = 0;
	for (i = 0; i < info->n_lists; i++) {
		const struct ffp_info_list *l = &info->lists[i];
		ffp_u16 ids[1 + FFP_INFO_MAX_VCPUS_PER_LIST];

		w2 |= (ffp_u64)l->n_vcpus << (FFP_INFO_LIST_SIZE_SHIFT + 2 * i);
		ids[0] = l->id;
		for (v = 0; v < l->n_vcpus; v++)
			ids[1 + v] = l->vcpus[v];
		for (v = 0; v < ffp_info_list_ids(l); v++, slot++)
			r->a[3 + slot / per_reg] |= (ffp_u64)ids[v]
						    << (16 * (slot % per_reg));
	}
	r->a[2] = w2;
	return 0;
}

int ffp_dec_info_get_resp(const struct ffp_regs *r, struct ffp_info *out)
{
	ffp_u32 fid = (ffp_u32)r->a[0];
	int is_64 = fid == FFP_SUCCESS_64;
	ffp_u32 max_ids = ffp_info_max_ids(is_64);
	ffp_u32 per_reg = info_per_reg(is_64);
	ffp_u64 w2 = r->a[2];
	ffp_u32 n_lists, slot = 0, i, v;
	int ret = 0;

	out->n_lists = 0;
	out->more_pending = 0;
	out->is_64 = is_64;
	if (fid != FFP_SUCCESS_32 && fid != FFP_SUCCESS_64)
		return -FFP_EINVAL;
	if (!is_64)
		w2 &= 0xffffffffULL;

	out->more_pending = (w2 & FFP_INFO_MORE_PENDING) != 0;
	if (w2 & 0x7eULL)
		ret = -FFP_EPROTO; /* reserved bits [6:1] */
	n_lists = (w2 >> FFP_INFO_LIST_COUNT_SHIFT) & FFP_INFO_LIST_COUNT_MASK;
	/* Size fields: lists 0..9 in a 32-bit w2, 0..19 in a 64-bit x2. */
	if (n_lists > max_ids) {
		n_lists = max_ids;
		ret = -FFP_EPROTO;
	}

	for (i = 0; i < n_lists; i++) {
		struct ffp_info_list *l = &out->lists[i];
		ffp_u32 nv = (w2 >> (FFP_INFO_LIST_SIZE_SHIFT + 2 * i)) & 3U;
		ffp_u64 reg;

		if (slot + 1 + nv > max_ids) {
			ret = -FFP_EPROTO; /* a list that runs off the end */
			break;
		}
		for (v = 0; v <= nv; v++, slot++) {
			reg = r->a[3 + slot / per_reg];
			if (!is_64)
				reg &= 0xffffffffULL;
			if (v == 0)
				l->id = (ffp_u16)(reg >>
						  (16 * (slot % per_reg)));
			else
				l->vcpus[v - 1] =
					(ffp_u16)(reg >>
						  (16 * (slot % per_reg)));
		}
		l->n_vcpus = (ffp_u16)nv;
		out->n_lists++;
	}
	return ret;
}

/* ---- RX/TX buffers and partition discovery ------------------------------ */

ffp_u32 ffp_rxtx_min_size(ffp_u32 features_w2)
{
	switch (features_w2 & FFP_RXTX_MIN_SZ_MASK) {
	case FFP_RXTX_MIN_SZ_4K:
		return 4096U;
	case FFP_RXTX_MIN_SZ_64K:
		return 65536U;
	case FFP_RXTX_MIN_SZ_16K:
		return 16384U;
	default:
		return 0;
	}
}

int ffp_enc_rxtx_map(struct ffp_regs *r, int is_64, ffp_u64 tx, ffp_u64 rx,
		     ffp_u32 page_count)
{
	if (page_count == 0 || page_count > FFP_RXTX_MAX_PAGES)
		return -FFP_EINVAL;
	if (!is_64 && ((tx >> 32) || (rx >> 32)))
		return -FFP_EINVAL;
	regs_clear(r, is_64 ? FFP_RXTX_MAP_64 : FFP_RXTX_MAP_32);
	r->a[1] = tx;
	r->a[2] = rx;
	r->a[3] = page_count;
	return 0;
}

void ffp_dec_rxtx_map(const struct ffp_regs *r, struct ffp_rxtx_map_args *out)
{
	ffp_u32 w3 = (ffp_u32)r->a[3];

	out->is_64 = (ffp_u32)r->a[0] == FFP_RXTX_MAP_64;
	out->tx = out->is_64 ? r->a[1] : LO32(r->a[1]);
	out->rx = out->is_64 ? r->a[2] : LO32(r->a[2]);
	out->page_count = w3 & FFP_RXTX_MAX_PAGES;
	out->mbz = (w3 & ~FFP_RXTX_MAX_PAGES) | mbz_or(r, 4);
}

void ffp_enc_rxtx_unmap(struct ffp_regs *r, ffp_u16 id)
{
	regs_clear(r, FFP_RXTX_UNMAP);
	r->a[1] = (ffp_u32)id << 16;
}

ffp_u16 ffp_dec_rxtx_unmap(const struct ffp_regs *r, ffp_u32 *mbz)
{
	ffp_u32 w1 = (ffp_u32)r->a[1];

	*mbz = (w1 & 0xffffU) | mbz_or(r, 2);
	return (ffp_u16)(w1 >> 16);
}

void ffp_enc_rx_release(struct ffp_regs *r, ffp_u16 receiver)
{
	regs_clear(r, FFP_RX_RELEASE);
	r->a[1] = receiver;
}

ffp_u16 ffp_dec_rx_release(const struct ffp_regs *r, ffp_u32 *mbz)
{
	ffp_u32 w1 = (ffp_u32)r->a[1];

	*mbz = (w1 >> 16) | mbz_or(r, 2);
	return (ffp_u16)w1;
}

static ffp_u32 get_le32(const ffp_u8 *p)
{
	return (ffp_u32)p[0] | ((ffp_u32)p[1] << 8) | ((ffp_u32)p[2] << 16) |
	       ((ffp_u32)p[3] << 24);
}

static void put_le32(ffp_u8 *p, ffp_u32 v)
{
	p[0] = (ffp_u8)v;
	p[1] = (ffp_u8)(v >> 8);
	p[2] = (ffp_u8)(v >> 16);
	p[3] = (ffp_u8)(v >> 24);
}

static ffp_u16 get_le16(const ffp_u8 *p)
{
	return (ffp_u16)(p[0] | (p[1] << 8));
}

static void put_le16(ffp_u8 *p, ffp_u16 v)
{
	p[0] = (ffp_u8)v;
	p[1] = (ffp_u8)(v >> 8);
}

void ffp_enc_partition_info_get(struct ffp_regs *r, const ffp_u8 uuid[16],
				ffp_u32 flags)
{
	int i;

	regs_clear(r, FFP_PARTITION_INFO_GET);
	for (i = 0; i < 4; i++)
		r->a[1 + i] = get_le32(uuid + 4 * i);
	r->a[5] = flags;
}

void ffp_dec_partition_info_get(const struct ffp_regs *r,
				struct ffp_partition_info_get_args *out)
{
	int i;

	for (i = 0; i < 4; i++)
		put_le32(out->uuid + 4 * i, (ffp_u32)r->a[1 + i]);
	out->flags = (ffp_u32)r->a[5];
	out->mbz = mbz_or(r, 6);
}

void ffp_resp_partition_info_get(struct ffp_regs *r, ffp_u32 count,
				 ffp_u32 desc_size)
{
	regs_clear(r, FFP_SUCCESS_32);
	r->a[2] = count;
	r->a[3] = desc_size;
}

int ffp_dec_partition_info_get_resp(const struct ffp_regs *r, ffp_u32 version,
				    ffp_u32 *count, ffp_u32 *desc_size)
{
	ffp_u32 fid = (ffp_u32)r->a[0];
	ffp_u32 size;

	*count = 0;
	*desc_size = 0;
	if (fid == FFP_ERROR)
		return ffp_status_to_errno(ffp_resp_status(r));
	if (fid != FFP_SUCCESS_32 && fid != FFP_SUCCESS_64)
		return -FFP_EPROTO;
	if (version < FFP_VERSION_1_1) {
		size = FFP_PART_DESC_SIZE_V1_0;
	} else {
		size = (ffp_u32)r->a[3];
		if (size < FFP_PART_DESC_SIZE_V1_1 || (size & 7U))
			return -FFP_EPROTO;
	}
	*count = (ffp_u32)r->a[2];
	*desc_size = size;
	return 0;
}

/* Where descriptor `index` starts, or -1 if it does not fit. */
static long long part_desc_offset(ffp_size buf_size, ffp_u32 desc_size,
				  ffp_u32 index)
{
	ffp_u64 off = (ffp_u64)index * desc_size;

	if (desc_size < FFP_PART_DESC_SIZE_V1_0 || off > buf_size ||
	    buf_size - off < desc_size)
		return -1;
	return (long long)off;
}

int ffp_dec_part_desc(const void *buf, ffp_size buf_size, ffp_u32 desc_size,
		      ffp_u32 index, struct ffp_part_desc *out)
{
	long long off = part_desc_offset(buf_size, desc_size, index);
	const ffp_u8 *p;

	if (off < 0)
		return -FFP_EINVAL;
	p = (const ffp_u8 *)buf + off;
	out->id = get_le16(p);
	out->exec_ctx = get_le16(p + 2);
	out->properties = get_le32(p + 4);
	if (desc_size >= FFP_PART_DESC_SIZE_V1_1) {
		int i;

		for (i = 0; i < 16; i++)
			out->uuid[i] = p[8 + i];
	} else {
		ffp_mem_zero(out->uuid, sizeof(out->uuid));
	}
	return 0;
}

int ffp_enc_part_desc(void *buf, ffp_size buf_size, ffp_u32 desc_size,
		      ffp_u32 index, const struct ffp_part_desc *d)
{
	long long off = part_desc_offset(buf_size, desc_size, index);
	ffp_u8 *p;
	int i;

	if (off < 0 || (desc_size != FFP_PART_DESC_SIZE_V1_0 &&
			desc_size < FFP_PART_DESC_SIZE_V1_1))
		return -FFP_EINVAL;
	p = (ffp_u8 *)buf + off;
	ffp_mem_zero(p, desc_size);
	put_le16(p, d->id);
	put_le16(p + 2, d->exec_ctx);
	put_le32(p + 4, d->properties);
	if (desc_size >= FFP_PART_DESC_SIZE_V1_1)
		for (i = 0; i < 16; i++)
			p[8 + i] = d->uuid[i];
	return 0;
}

/* ---- direct messages ----------------------------------------------------- */

static void enc_direct(struct ffp_regs *r, ffp_u64 fid,
		       const struct ffp_direct_msg *m)
{
	ffp_u64 mask = m->is_64 ? ~0ULL : 0xffffffffULL;
	int i;

	regs_clear(r, fid);
	r->a[1] = (ffp_u32)m->src << 16 | m->dst;
	r->a[2] = m->flags;
	for (i = 0; i < 5; i++)
		r->a[3 + i] = m->data[i] & mask;
}

void ffp_enc_direct_req(struct ffp_regs *r, const struct ffp_direct_msg *m)
{
	enc_direct(r,
		   m->is_64 ? FFP_MSG_SEND_DIRECT_REQ_64
			    : FFP_MSG_SEND_DIRECT_REQ_32,
		   m);
}

void ffp_enc_direct_resp(struct ffp_regs *r, const struct ffp_direct_msg *m)
{
	enc_direct(r,
		   m->is_64 ? FFP_MSG_SEND_DIRECT_RESP_64
			    : FFP_MSG_SEND_DIRECT_RESP_32,
		   m);
}

int ffp_dec_direct_msg(const struct ffp_regs *r, struct ffp_direct_msg *out)
{
	ffp_u32 fid = (ffp_u32)r->a[0];
	ffp_u64 mask;
	int i;

	switch (fid) {
	case FFP_MSG_SEND_DIRECT_REQ_32:
	case FFP_MSG_SEND_DIRECT_RESP_32:
		out->is_64 = 0;
		break;
	case FFP_MSG_SEND_DIRECT_REQ_64:
	case FFP_MSG_SEND_DIRECT_RESP_64:
		out->is_64 = 1;
		break;
	default:
		return -FFP_EINVAL;
	}
	mask = out->is_64 ? ~0ULL : 0xffffffffULL;
	out->src = (ffp_u16)(r->a[1] >> 16);
	out->dst = (ffp_u16)r->a[1];
	out->flags = (ffp_u32)r->a[2];
	for (i = 0; i < 5; i++)
		out->data[i] = r->a[3 + i] & mask;
	return 0;
}
