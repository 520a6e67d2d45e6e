/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * FF-A v1.1 notification ABI: function IDs, status codes, and the encoders
 * and decoders of every notification call and its response.
 *
 * This is the only place in ffa-notif where FF-A registers are packed or
 * unpacked.  Both sides use it: the driver side (protocol/ffp_driver.c)
 * encodes calls and decodes responses, the SPMC model (protocol/ffp_spmc.c)
 * decodes calls and encodes responses.  Layouts follow DEN0077A v1.1 and
 * are cross-checked against Linux arm_ffa and Hafnium v2.13 (see
 * docs/protocol.md for the sources).
 */
#ifndef FFP_ABI_H
#define FFP_ABI_H

#include "ffp_types.h"

/* One SMC/HVC: x0..x7 in, x0..x7 out (SMCCC v1.2 with FF-A's 8 registers). */
struct ffp_regs {
	ffp_u64 a[8];
};

/* Function IDs.  SMC32 is 0x84000000 | fn, SMC64 is 0xC4000000 | fn. */
#define FFP_SMC32(fn) (0x84000000U | (fn))
#define FFP_SMC64(fn) (0xC4000000U | (fn))
/* SMCCC v1.3 SVE hint (x0 bit 16): says nothing of the function. */
#define FFP_SMCCC_SVE_HINT 0x10000U
/* SMCCC's answer to a function nobody implements (x0 = -1). */
#define FFP_SMCCC_UNKNOWN 0xffffffffffffffffULL
/* SMCCC: bits 23:17 of a fast call's function ID are reserved (MBZ). */
#define FFP_SMCCC_FC_RESERVED 0x00fe0000U

#define FFP_ERROR FFP_SMC32(0x60)
#define FFP_SUCCESS_32 FFP_SMC32(0x61)
#define FFP_SUCCESS_64 FFP_SMC64(0x61)
#define FFP_INTERRUPT FFP_SMC32(0x62)
#define FFP_VERSION FFP_SMC32(0x63)
#define FFP_FEATURES FFP_SMC32(0x64)
#define FFP_RX_RELEASE FFP_SMC32(0x65)
#define FFP_RXTX_MAP_32 FFP_SMC32(0x66)
#define FFP_RXTX_MAP_64 FFP_SMC64(0x66)
#define FFP_RXTX_UNMAP FFP_SMC32(0x67)
#define FFP_PARTITION_INFO_GET FFP_SMC32(0x68)
#define FFP_ID_GET FFP_SMC32(0x69)
#define FFP_MSG_WAIT FFP_SMC32(0x6B)
#define FFP_YIELD FFP_SMC32(0x6C)
#define FFP_RUN FFP_SMC32(0x6D)
#define FFP_NORMAL_WORLD_RESUME FFP_SMC32(0x7C)
#define FFP_MSG_SEND_DIRECT_REQ_32 FFP_SMC32(0x6F)
#define FFP_MSG_SEND_DIRECT_RESP_32 FFP_SMC32(0x70)
#define FFP_MSG_SEND_DIRECT_REQ_64 FFP_SMC64(0x6F)
#define FFP_MSG_SEND_DIRECT_RESP_64 FFP_SMC64(0x70)
#define FFP_NOTIFICATION_BITMAP_CREATE FFP_SMC32(0x7D)
#define FFP_NOTIFICATION_BITMAP_DESTROY FFP_SMC32(0x7E)
#define FFP_NOTIFICATION_BIND FFP_SMC32(0x7F)
#define FFP_NOTIFICATION_UNBIND FFP_SMC32(0x80)
#define FFP_NOTIFICATION_SET FFP_SMC32(0x81)
#define FFP_NOTIFICATION_GET FFP_SMC32(0x82)
#define FFP_NOTIFICATION_INFO_GET_32 FFP_SMC32(0x83)
#define FFP_NOTIFICATION_INFO_GET_64 FFP_SMC64(0x83)
#define FFP_SPM_ID_GET FFP_SMC32(0x85)
/* Memory management: named only so that FFA_FEATURES can answer them. */
#define FFP_MEM_SHARE_32 FFP_SMC32(0x73)
#define FFP_MEM_SHARE_64 FFP_SMC64(0x73)
#define FFP_MEM_RECLAIM FFP_SMC32(0x77)
#define FFP_MEM_FRAG_TX FFP_SMC32(0x7B)

/* FF-A status codes, returned in w2 of FFA_ERROR. */
#define FFP_RET_SUCCESS 0
#define FFP_RET_NOT_SUPPORTED (-1)
#define FFP_RET_INVALID_PARAMETERS (-2)
#define FFP_RET_NO_MEMORY (-3)
#define FFP_RET_BUSY (-4)
#define FFP_RET_INTERRUPTED (-5)
#define FFP_RET_DENIED (-6)
#define FFP_RET_RETRY (-7)
#define FFP_RET_ABORTED (-8)
#define FFP_RET_NO_DATA (-9)
#define FFP_RET_NOT_READY (-10)

/* FF-A versions are major[30:16] | minor[15:0]; bit 31 MBZ. */
#define FFP_VERSION_1_0 0x10000U
#define FFP_VERSION_1_1 0x10001U
#define FFP_VERSION_1_2 0x10002U
#define FFP_VERSION_MAJOR(v) (((v) >> 16) & 0x7fffU)
#define FFP_VERSION_MINOR(v) ((v)&0xffffU)

/* FFA_FEATURES feature IDs (w1 < 0x80000000 means "feature", not a call). */
#define FFP_FEAT_NPI 1U
#define FFP_FEAT_SRI 2U
#define FFP_FEAT_MEI 3U

/* Endpoint IDs. */
#define FFP_ID_SECURE_BIT 0x8000U
#define FFP_ID_IS_SP(id) (((id)&FFP_ID_SECURE_BIT) != 0)
#define FFP_ID_SPMC 0x8000U
#define FFP_ID_SPMD 0xffffU
/* The SPMD's logical partitions (Hafnium vm_ids.h: 0xFFC0..0xFFFE). */
#define FFP_ID_SPMD_LP_FIRST 0xffc0U
#define FFP_ID_SPMD_LP_LAST 0xfffeU
#define FFP_ID_IS_SPMD_LP(id) \
	((id) >= FFP_ID_SPMD_LP_FIRST && (id) <= FFP_ID_SPMD_LP_LAST)

#define FFP_NUM_NOTIFICATIONS 64

/* Partition properties (FFA_PARTITION_INFO_GET descriptor). */
#define FFP_PART_DIRECT_REQ_RECV (1U << 0)
#define FFP_PART_DIRECT_REQ_SEND (1U << 1)
#define FFP_PART_INDIRECT_MSG (1U << 2)
#define FFP_PART_NOTIF_RECV (1U << 3)
#define FFP_PART_AARCH64 (1U << 8)

/* BIND flags (w2). */
#define FFP_BIND_PER_VCPU 0x1U
/* SET flags (w2). */
#define FFP_SET_PER_VCPU 0x1U
#define FFP_SET_DELAY_SRI 0x2U
#define FFP_SET_MBZ_MASK 0xfffcU
#define FFP_SET_VCPU_SHIFT 16
/* GET flags (w2): which bitmaps to return and clear. */
#define FFP_GET_SP 0x1U
#define FFP_GET_VM 0x2U
#define FFP_GET_SPM 0x4U
#define FFP_GET_HYP 0x8U
#define FFP_GET_ALL 0xfU

/* INFO_GET w2 fields. */
#define FFP_INFO_MORE_PENDING 0x1U
#define FFP_INFO_LIST_COUNT_SHIFT 7
#define FFP_INFO_LIST_COUNT_MASK 0x1fU
#define FFP_INFO_LIST_SIZE_SHIFT 12
#define FFP_INFO_MAX_IDS_32 10
#define FFP_INFO_MAX_IDS_64 20
#define FFP_INFO_MAX_LISTS FFP_INFO_MAX_IDS_64
#define FFP_INFO_MAX_VCPUS_PER_LIST 3

/* ---- status and errno --------------------------------------------------- */

/*
 * Negative errno (FFP_E*) for an FF-A status code, as Linux arm_ffa maps
 * it: DENIED -> -EACCES, NO_DATA -> -ENODATA, unknown codes -> -EINVAL.
 */
int ffp_status_to_errno(ffp_s32 status);

/* A short name ("DENIED") for a status code, "UNKNOWN" for others. */
const char *ffp_status_name(ffp_s32 status);

/* A name ("FFA_NOTIFICATION_BIND") for a function ID, FFP_NULL if unknown. */
const char *ffp_fn_name(ffp_u32 fid);

/*
 * Status of a response: 0 for FFA_SUCCESS_32/64, the (negative) FF-A code
 * of an FFA_ERROR, and FFP_RET_NOT_SUPPORTED for any other w0 (for
 * calls that only ever answer SUCCESS or ERROR).
 */
ffp_s32 ffp_resp_status(const struct ffp_regs *r);

/* Responses (SPMC side). */
void ffp_resp_error(struct ffp_regs *r, ffp_s32 status);
void ffp_resp_success32(struct ffp_regs *r, ffp_u32 w2);

/*
 * Whether any of x[first..last] is non-zero in all 64 bits (the decoders'
 * mbz fields are 32-bit views; an SPMC that reads whole registers, as
 * OP-TEE does, asks this).
 */
int ffp_regs_any(const struct ffp_regs *r, int first, int last);

/* ---- notification bitmaps ---------------------------------------------- */

/* Bitmaps travel split: [31:0] in the first register, [63:32] in the next. */
static inline ffp_u64 ffp_bitmap_join(ffp_u64 lo, ffp_u64 hi)
{
	return (lo & 0xffffffffULL) | ((hi & 0xffffffffULL) << 32);
}

/* ---- calls: encoders (driver side) and decoders (SPMC side) ------------- */

void ffp_enc_version(struct ffp_regs *r, ffp_u32 version);
void ffp_enc_id_get(struct ffp_regs *r);
void ffp_enc_spm_id_get(struct ffp_regs *r);
/* Any function with no arguments: x0 = fid, x1..x7 zero. */
void ffp_enc_bare(struct ffp_regs *r, ffp_u32 fid);
void ffp_enc_features(struct ffp_regs *r, ffp_u32 fid_or_feature);

struct ffp_bitmap_create_args {
	ffp_u16 vm_id;
	ffp_u32 vcpu_count;
	ffp_u32 w1_high; /* w1[31:16], MBZ */
	ffp_u32 mbz; /* OR of w3..w7 (32-bit views); non-zero is invalid */
};
void ffp_enc_bitmap_create(struct ffp_regs *r, ffp_u16 vm_id,
			   ffp_u32 vcpu_count);
void ffp_enc_bitmap_destroy(struct ffp_regs *r, ffp_u16 vm_id);
void ffp_dec_bitmap_create(const struct ffp_regs *r,
			   struct ffp_bitmap_create_args *out);

/*
 * BIND, UNBIND.  The sender is the endpoint that will later SET the
 * notifications (the partner), the receiver is the caller itself:
 * w1 = sender << 16 | receiver.
 */
struct ffp_bind_args {
	ffp_u16 sender;
	ffp_u16 receiver;
	ffp_u32 flags;
	ffp_u64 bitmap;
	ffp_u32 mbz; /* OR of w5..w7 */
};
void ffp_enc_bind(struct ffp_regs *r, ffp_u16 sender, ffp_u16 receiver,
		  ffp_u32 flags, ffp_u64 bitmap);
void ffp_enc_unbind(struct ffp_regs *r, ffp_u16 sender, ffp_u16 receiver,
		    ffp_u64 bitmap);
void ffp_dec_bind(const struct ffp_regs *r, struct ffp_bind_args *out);

/* SET: w1 = sender << 16 | receiver, w2 = vcpu << 16 | flags. */
struct ffp_set_args {
	ffp_u16 sender;
	ffp_u16 receiver;
	ffp_u32 flags; /* w2[15:0] */
	ffp_u16 vcpu; /* w2[31:16] */
	ffp_u64 bitmap;
	ffp_u32 mbz; /* OR of w5..w7 */
};
void ffp_enc_set(struct ffp_regs *r, ffp_u16 sender, ffp_u16 receiver,
		 ffp_u32 flags, ffp_u16 vcpu, ffp_u64 bitmap);
void ffp_dec_set(const struct ffp_regs *r, struct ffp_set_args *out);

/* GET: w1 = vcpu << 16 | receiver (the reverse of SET's pattern). */
struct ffp_get_args {
	ffp_u16 receiver;
	ffp_u16 vcpu;
	ffp_u32 flags;
	ffp_u32 mbz; /* OR of w3..w7 */
};
void ffp_enc_get(struct ffp_regs *r, ffp_u16 receiver, ffp_u16 vcpu,
		 ffp_u32 flags);
void ffp_dec_get(const struct ffp_regs *r, struct ffp_get_args *out);

/* GET success: the four bitmaps. */
struct ffp_get_result {
	ffp_u64 sp; /* from partitions: w2 | w3 << 32 */
	ffp_u64 vm; /* from VMs: w4 | w5 << 32 */
	ffp_u32 spm; /* SPM framework: w6 */
	ffp_u32 hyp; /* hypervisor framework: w7 */
};
void ffp_resp_get(struct ffp_regs *r, const struct ffp_get_result *res);
void ffp_dec_get_resp(const struct ffp_regs *r, struct ffp_get_result *out);

/* RUN: w1 = endpoint << 16 | vcpu.  FFA_INTERRUPT carries the same w1. */
void ffp_enc_run(struct ffp_regs *r, ffp_u16 endpoint, ffp_u16 vcpu);
void ffp_enc_run_w1(struct ffp_regs *r, ffp_u32 w1);
void ffp_dec_run(const struct ffp_regs *r, ffp_u16 *endpoint, ffp_u16 *vcpu);
void ffp_resp_interrupt(struct ffp_regs *r, ffp_u16 endpoint, ffp_u16 vcpu,
			ffp_u32 intid);

/* ---- INFO_GET ----------------------------------------------------------- */

/* One list: an endpoint and 0..3 of its vCPUs (0 vCPUs = global). */
struct ffp_info_list {
	ffp_u16 id;
	ffp_u16 n_vcpus;
	ffp_u16 vcpus[FFP_INFO_MAX_VCPUS_PER_LIST];
};

struct ffp_info {
	int is_64; /* answered with SUCCESS_64: 4 IDs per register */
	int more_pending; /* w2 bit 0: call INFO_GET again */
	ffp_u32 n_lists;
	struct ffp_info_list lists[FFP_INFO_MAX_LISTS];
};

void ffp_enc_info_get(struct ffp_regs *r, int is_64);

/* How many IDs a list takes, and how many fit in a response. */
static inline ffp_u32 ffp_info_list_ids(const struct ffp_info_list *l)
{
	return 1U + l->n_vcpus;
}

static inline ffp_u32 ffp_info_max_ids(int is_64)
{
	return is_64 ? FFP_INFO_MAX_IDS_64 : FFP_INFO_MAX_IDS_32;
}

/*
 * Pack an INFO_GET success response.  Returns 0, or -FFP_ENOSPC when the
 * lists do not fit the width (more than 10 or 20 IDs, a list with more than
 * 3 vCPUs, or more lists than the w2 size fields hold).
 */
int ffp_resp_info_get(struct ffp_regs *r, const struct ffp_info *info);

/*
 * Parse an INFO_GET success response.  The width is taken from w0 (an
 * SMC32 response uses only the low 32 bits of each register).  Corrupt
 * counts are clamped to the capacity of the width and reported:
 * returns 0, or -FFP_EPROTO when anything had to be clamped or a reserved
 * bit was set (the lists that fit are still returned), or -FFP_EINVAL when
 * w0 is not FFA_SUCCESS.
 */
int ffp_dec_info_get_resp(const struct ffp_regs *r, struct ffp_info *out);

/* ---- RX/TX buffers and partition discovery ------------------------------ */

/*
 * FFA_FEATURES(FFA_RXTX_MAP) answers in w2[1:0] the minimum size (and
 * alignment) of each buffer.  Buffers are counted in 4 KiB FF-A pages,
 * whatever the translation granule.
 */
#define FFP_RXTX_MIN_SZ_MASK 0x3U
#define FFP_RXTX_MIN_SZ_4K 0U
#define FFP_RXTX_MIN_SZ_64K 1U
#define FFP_RXTX_MIN_SZ_16K 2U
#define FFP_PAGE_SIZE 4096U
#define FFP_RXTX_MAX_PAGES 0x3fU /* w3[5:0] */

/* Bytes of the minimum buffer, from FFA_FEATURES(FFA_RXTX_MAP) w2; 0 if
 * the encoding is reserved.
 */
ffp_u32 ffp_rxtx_min_size(ffp_u32 features_w2);

/*
 * RXTX_MAP: x1 = TX buffer address, x2 = RX buffer address (physical, or
 * IPA under a hypervisor), w3[5:0] = size of each buffer in 4 KiB pages.
 * SMC64 carries 64-bit addresses, SMC32 32-bit ones.  Returns 0, or
 * -FFP_EINVAL for a page count of 0 or above 63, or an address that does
 * not fit the width (nothing is encoded then).
 */
int ffp_enc_rxtx_map(struct ffp_regs *r, int is_64, ffp_u64 tx, ffp_u64 rx,
		     ffp_u32 page_count);

struct ffp_rxtx_map_args {
	int is_64; /* called as FFA_RXTX_MAP_64 */
	ffp_u64 tx;
	ffp_u64 rx;
	ffp_u32 page_count; /* w3[5:0] */
	ffp_u32 mbz; /* w3[31:6] | w4..w7 */
};
void ffp_dec_rxtx_map(const struct ffp_regs *r, struct ffp_rxtx_map_args *out);

/*
 * RXTX_UNMAP: w1[31:16] = the endpoint whose buffers go (only a hypervisor
 * names another; everyone else passes its own ID, 0 without hypervisor).
 */
void ffp_enc_rxtx_unmap(struct ffp_regs *r, ffp_u16 id);
/* Returns the ID; *mbz gets w1[15:0] | w2..w7. */
ffp_u16 ffp_dec_rxtx_unmap(const struct ffp_regs *r, ffp_u32 *mbz);

/*
 * RX_RELEASE: give the RX buffer back to the producer.  w1[15:0] = the
 * receiver whose buffer it is (a hypervisor's business; others pass 0).
 */
void ffp_enc_rx_release(struct ffp_regs *r, ffp_u16 receiver);
ffp_u16 ffp_dec_rx_release(const struct ffp_regs *r, ffp_u32 *mbz);

/* PARTITION_INFO_GET w5 flags (v1.1+): return the count only. */
#define FFP_PART_INFO_COUNT_ONLY 0x1U
/* Partition descriptor sizes: v1.0 has no UUID. */
#define FFP_PART_DESC_SIZE_V1_0 8U
#define FFP_PART_DESC_SIZE_V1_1 24U

/*
 * PARTITION_INFO_GET: w1..w4 = the UUID (16 bytes, w1 = bytes 0..3 as a
 * little-endian word, as Linux and Hafnium pack it; the null UUID asks for
 * every partition), w5 = flags.  The answer is FFA_SUCCESS with w2 = count
 * and, from v1.1, w3 = the size of each descriptor; without the count-only
 * flag the descriptors are in the caller's RX buffer, which it owns until
 * it calls RX_RELEASE.
 */
void ffp_enc_partition_info_get(struct ffp_regs *r, const ffp_u8 uuid[16],
				ffp_u32 flags);

struct ffp_partition_info_get_args {
	ffp_u8 uuid[16];
	ffp_u32 flags;
	ffp_u32 mbz; /* w6, w7 */
};
void ffp_dec_partition_info_get(const struct ffp_regs *r,
				struct ffp_partition_info_get_args *out);

/* SPMC side: SUCCESS_32 with the count and the descriptor size. */
void ffp_resp_partition_info_get(struct ffp_regs *r, ffp_u32 count,
				 ffp_u32 desc_size);

/*
 * Driver side: the count and the descriptor size of a PARTITION_INFO_GET
 * answer, for a firmware of FF-A `version`.  v1.0 answers no size (w3 is
 * MBZ): 8 is returned.  Returns 0, the errno of an FFA_ERROR, or
 * -FFP_EPROTO for a v1.1+ size below 24 or not a multiple of 8, or for
 * any other w0.
 */
int ffp_dec_partition_info_get_resp(const struct ffp_regs *r, ffp_u32 version,
				    ffp_u32 *count, ffp_u32 *desc_size);

/* One partition descriptor. */
struct ffp_part_desc {
	ffp_u16 id;
	ffp_u16 exec_ctx; /* execution contexts (vCPUs), or proxy ID */
	ffp_u32 properties; /* FFP_PART_* */
	ffp_u8 uuid[16]; /* zero in a v1.0 descriptor */
};

/*
 * Descriptor `index` of a buffer of `buf_size` bytes holding descriptors of
 * `desc_size` bytes (8 for v1.0, 24 or more from v1.1; fields beyond the
 * ones known are skipped).  Little-endian, as FF-A buffers are.  Returns 0,
 * or -FFP_EINVAL when desc_size is below 8 or the descriptor does not lie
 * wholly inside the buffer.
 */
int ffp_dec_part_desc(const void *buf, ffp_size buf_size, ffp_u32 desc_size,
		      ffp_u32 index, struct ffp_part_desc *out);

/* SPMC side: write descriptor `index` (a desc_size of 8 drops the UUID). */
int ffp_enc_part_desc(void *buf, ffp_size buf_size, ffp_u32 desc_size,
		      ffp_u32 index, const struct ffp_part_desc *d);

/* ---- direct messages ---------------------------------------------------- */

/*
 * MSG_SEND_DIRECT_REQ/RESP (v1.0 form): w1 = source << 16 | destination,
 * w2 = flags (0 for a partition message; bit 31 marks a framework
 * message), x3..x7 = five words of payload, 32 bits each in the SMC32
 * form.
 */
struct ffp_direct_msg {
	int is_64; /* SMC64 form: 64-bit payload words */
	ffp_u16 src;
	ffp_u16 dst;
	ffp_u32 flags;
	ffp_u64 data[5];
};
void ffp_enc_direct_req(struct ffp_regs *r, const struct ffp_direct_msg *m);
void ffp_enc_direct_resp(struct ffp_regs *r, const struct ffp_direct_msg *m);
/*
 * Decode a request or response.  Returns 0, or -FFP_EINVAL when w0 is no
 * direct message (nothing is decoded then).
 */
int ffp_dec_direct_msg(const struct ffp_regs *r, struct ffp_direct_msg *out);

#endif /* FFP_ABI_H */
