// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * Fuzz target: the SPMC model's dispatcher, ffp_spmc_call()
 * (protocol/ffp_spmc.c), over any caller and any x0..x7, call after call
 * on one model booted with the default partitions
 * (protocol/ffp_spmc_partitions.c), or OP-TEE's.
 *
 * Input: one byte of setup, then calls of 67 bytes each:
 *   setup   bits 6-7 both set: the model's personality is optee, with
 *           OP-TEE's partitions (the other bits unused); else
 *           bits 0-1, 2-3, 4-5: preempt_runs of partitions 1, 2, 3;
 *           bit 6: partition 3 receives notifications but speaks FF-A
 *           v1.0 (so nothing binds for it); bit 7: the model's personality
 *           is hafnium+strict, else hafnium
 *   u16     caller: 0..3 stand for 0 (the NWd kernel), 0x8001, 0x8002,
 *           0x8003; any other value is the caller's ID as is
 *   u8      bits 0-4: below FN_COUNT, w0 is that function ID of the
 *           model's (x0's upper half kept), else x0 as given; bit 6: a
 *           tick of the model's timers first (ffp_spmc_tick(): OP-TEE's
 *           test watchdog; nothing for Hafnium); bit 7: the call's out
 *           block is its in block (they may alias)
 *   u64 x8  x0..x7, little-endian
 *
 * Invariants, beyond "no crash", after every call (and every call the
 * partitions make inside an FFA_RUN, through the trace hook):
 *  - the answer is well formed: FFA_SUCCESS_32 (64 only for INFO_GET_64),
 *    FFA_ERROR with a known status code and w1, w3..w7 zero, FFA_INTERRUPT
 *    or FFA_MSG_WAIT only for FFA_RUN, a version only for FFA_VERSION;
 *    SMC32 answers carry 32-bit values; functions the personality does
 *    not serve get NOT_SUPPORTED from the NWd and SMCCC's unknown, with
 *    x1..x7 untouched, from a partition; each call answers only the
 *    status codes it can;
 *  - a refusal leaves the model as it was (but for its call and SRI
 *    counters and the caller's fixed FF-A version); a served call that
 *    returns to the NWd has delivered any delayed SRI;
 *  - INFO_GET answers parse cleanly and name existing, enabled receivers
 *    and their vCPUs; they report everything pending unless they say
 *    more is, and NO_DATA means nothing is; GET returns exactly what was pending and clears it;
 *    a SET from the NWd that succeeds raises the SRI;
 *  - optee: each call answers as OP-TEE can (check_answer_optee()); GET
 *    returns and clears all that was pending; OP-TEE's state holds
 *    together (a value of "none" only with a bitmap);
 *  - the model's own state holds together: pending IDs are bound, global
 *    ones globally and per-vCPU ones per vCPU; "retrieved" is a subset of
 *    pending; no vCPU past an endpoint's count pends; SP-sent bindings
 *    name existing partitions; VM 0 always exists; the SRI hook was called
 *    as often as the model counts.
 */
#include <string.h>

#include "ffp_abi.h"
#include "ffp_spmc.h"
#include "fuzz.h"

#define CALL_SIZE 67
#define MAX_CALLS 64

static const ffp_u32 fns[] = {
	FFP_VERSION,
	FFP_FEATURES,
	FFP_ID_GET,
	FFP_SPM_ID_GET,
	FFP_RUN,
	FFP_NOTIFICATION_BITMAP_CREATE,
	FFP_NOTIFICATION_BITMAP_DESTROY,
	FFP_NOTIFICATION_BIND,
	FFP_NOTIFICATION_UNBIND,
	FFP_NOTIFICATION_SET,
	FFP_NOTIFICATION_GET,
	FFP_NOTIFICATION_INFO_GET_32,
	FFP_NOTIFICATION_INFO_GET_64,
	FFP_RX_RELEASE, /* not served by the model */
	FFP_MSG_SEND_DIRECT_REQ_32,
};
#define FN_COUNT ((unsigned int)FFP_ARRAY_SIZE(fns))

static const ffp_u16 callers[] = { 0, 0x8001, 0x8002, 0x8003 };

struct fuzz_ctx {
	ffp_u64 sris;
	ffp_u64 traced;
};

/* A model too big for the stack of a fuzzer; one at a time. */
static struct ffp_spmc model, before;
static struct fuzz_ctx hooks; /* what the hooks saw */

FUZZ_NOCOV static int is_sp_of(struct ffp_spmc *s, ffp_u16 id)
{
	return FFP_ID_IS_SP(id) && ffp_spmc_find_sp(s, id);
}

/* Status codes each call may answer (bit -code). */
FUZZ_NOCOV static unsigned int allowed_errors(ffp_u32 fid)
{
#define E(code) (1U << -(code))
	switch (fid) {
	case FFP_VERSION: /* answers a version, or NOT_SUPPORTED in w0 */
	case FFP_ID_GET:
	case FFP_SPM_ID_GET:
		return 0;
	case FFP_NOTIFICATION_INFO_GET_64:
		return E(FFP_RET_NOT_SUPPORTED) |
		       E(FFP_RET_INVALID_PARAMETERS) | E(FFP_RET_NO_DATA);
	case FFP_NOTIFICATION_BITMAP_CREATE:
		return E(FFP_RET_NOT_SUPPORTED) |
		       E(FFP_RET_INVALID_PARAMETERS) | E(FFP_RET_NO_MEMORY) |
		       E(FFP_RET_DENIED);
	case FFP_NOTIFICATION_BITMAP_DESTROY:
	case FFP_NOTIFICATION_BIND:
	case FFP_NOTIFICATION_UNBIND:
	case FFP_NOTIFICATION_SET:
		return E(FFP_RET_NOT_SUPPORTED) |
		       E(FFP_RET_INVALID_PARAMETERS) | E(FFP_RET_DENIED);
	case FFP_NOTIFICATION_GET:
		return E(FFP_RET_INVALID_PARAMETERS);
	case FFP_RUN:
		return E(FFP_RET_INVALID_PARAMETERS) | E(FFP_RET_DENIED);
	default:
		return E(FFP_RET_NOT_SUPPORTED);
	}
#undef E
}

/* The answer is one FF-A allows for this call. */
FUZZ_NOCOV static void check_answer(struct ffp_spmc *s, ffp_u16 caller,
				    const struct ffp_regs *in,
				    const struct ffp_regs *out)
{
	ffp_u32 fid = (ffp_u32)in->a[0] & ~FFP_SMCCC_SVE_HINT;
	ffp_u32 w0 = (ffp_u32)out->a[0];
	ffp_s32 st;
	int i;

	/* Not served: an SP gets SMCCC's unknown, its x1..x7 back. */
	if (!ffp_spmc_dispatches(s, fid)) {
		if (FFP_ID_IS_SP(caller)) {
			FUZZ_CHECK(out->a[0] == FFP_SMCCC_UNKNOWN);
			for (i = 1; i < 8; i++)
				FUZZ_CHECK(out->a[i] == in->a[i]);
		} else {
			FUZZ_CHECK(w0 == FFP_ERROR && out->a[0] >> 32 == 0);
			FUZZ_CHECK((ffp_s32)(ffp_u32)out->a[2] ==
				   FFP_RET_NOT_SUPPORTED);
		}
		return;
	}
	FUZZ_CHECK(out->a[0] >> 32 == 0);
	if (w0 != FFP_SUCCESS_64)
		for (i = 1; i < 8; i++)
			FUZZ_CHECK(out->a[i] >> 32 == 0);

	switch (w0) {
	case FFP_ERROR:
		st = (ffp_s32)(ffp_u32)out->a[2];
		FUZZ_CHECK(st < 0 && st >= FFP_RET_NOT_READY);
		FUZZ_CHECK(allowed_errors(fid) & (1U << -st));
		FUZZ_CHECK(out->a[1] == 0);
		for (i = 3; i < 8; i++)
			FUZZ_CHECK(out->a[i] == 0);
		return;
	case FFP_SUCCESS_64:
		FUZZ_CHECK(fid == FFP_NOTIFICATION_INFO_GET_64);
		break;
	case FFP_SUCCESS_32:
		FUZZ_CHECK(fid != FFP_VERSION && fid != FFP_RUN &&
			   fid != FFP_NOTIFICATION_INFO_GET_64);
		break;
	case FFP_INTERRUPT:
		FUZZ_CHECK(fid == FFP_RUN && !FFP_ID_IS_SP(caller));
		/* The scheduler resumes exactly the vCPU it ran. */
		FUZZ_CHECK(out->a[1] == (ffp_u32)in->a[1]);
		FUZZ_CHECK(is_sp_of(s, (ffp_u16)(out->a[1] >> 16)));
		return;
	case FFP_MSG_WAIT:
		FUZZ_CHECK(fid == FFP_RUN && !FFP_ID_IS_SP(caller));
		for (i = 1; i < 8; i++)
			FUZZ_CHECK(out->a[i] == 0);
		return;
	default:
		/* A version: only VERSION answers one, or NOT_SUPPORTED. */
		FUZZ_CHECK(fid == FFP_VERSION);
		FUZZ_CHECK(w0 == s->version || w0 == 0xffffffffU);
		for (i = 1; i < 8; i++)
			FUZZ_CHECK(out->a[i] == 0);
		return;
	}

	/* FFA_SUCCESS, function by function. */
	switch (fid) {
	case FFP_ID_GET:
		FUZZ_CHECK(out->a[2] == caller);
		break;
	case FFP_SPM_ID_GET:
		FUZZ_CHECK(out->a[2] == FFP_ID_SPMC);
		break;
	case FFP_FEATURES:
	case FFP_NOTIFICATION_BITMAP_CREATE:
	case FFP_NOTIFICATION_BITMAP_DESTROY:
	case FFP_NOTIFICATION_BIND:
	case FFP_NOTIFICATION_UNBIND:
	case FFP_NOTIFICATION_SET:
		for (i = 3; i < 8; i++)
			FUZZ_CHECK(out->a[i] == 0);
		break;
	case FFP_NOTIFICATION_GET:
		/* The model raises no framework notifications. */
		FUZZ_CHECK(out->a[6] == 0 && out->a[7] == 0);
		break;
	case FFP_NOTIFICATION_INFO_GET_64: {
		struct ffp_info info;
		ffp_u32 l, v;

		FUZZ_CHECK(!FFP_ID_IS_SP(caller));
		FUZZ_CHECK(ffp_dec_info_get_resp(out, &info) == 0);
		FUZZ_CHECK(info.n_lists > 0);
		for (l = 0; l < info.n_lists; l++) {
			const struct ffp_info_list *li = &info.lists[l];
			struct ffp_endpoint *ep;

			if (FFP_ID_IS_SP(li->id)) {
				struct ffp_sp *sp = ffp_spmc_find_sp(s, li->id);

				FUZZ_CHECK(sp);
				ep = &sp->ep;
			} else {
				ep = ffp_spmc_find_vm(s, li->id);
			}
			FUZZ_CHECK(ep && ep->enabled);
			for (v = 0; v < li->n_vcpus; v++)
				FUZZ_CHECK(li->vcpus[v] < ep->vcpu_count);
		}
		break;
	}
	default:
		FUZZ_CHECK(0); /* SUCCESS to a call the model does not serve */
	}
}

FUZZ_NOCOV static void check_table(struct ffp_spmc *s,
				   const struct ffp_endpoint *ep,
				   const struct ffp_notif_table *t, int from_sp)
{
	ffp_u64 bound = 0;
	int b, v;

	for (b = 0; b < FFP_NUM_NOTIFICATIONS; b++) {
		ffp_u16 snd = t->sender[b];

		if (snd == FFP_ID_INVALID)
			continue;
		bound |= FFP_BIT64(b);
		/* Each world's table holds that world's senders. */
		FUZZ_CHECK(from_sp ? is_sp_of(s, snd) : !FFP_ID_IS_SP(snd));
		FUZZ_CHECK(snd != ep->id);
	}
	FUZZ_CHECK((t->per_vcpu & ~bound) == 0);
	FUZZ_CHECK((t->global_pending & ~(bound & ~t->per_vcpu)) == 0);
	FUZZ_CHECK((t->global_retrieved & ~t->global_pending) == 0);
	for (v = 0; v < FFP_SPMC_MAX_VCPUS; v++) {
		if (v >= ep->vcpu_count) {
			FUZZ_CHECK(t->vcpu_pending[v] == 0);
			FUZZ_CHECK(t->vcpu_retrieved[v] == 0);
			continue;
		}
		FUZZ_CHECK((t->vcpu_pending[v] & ~t->per_vcpu) == 0);
		FUZZ_CHECK((t->vcpu_retrieved[v] & ~t->vcpu_pending[v]) == 0);
	}
}

FUZZ_NOCOV static void check_endpoint(struct ffp_spmc *s,
				      const struct ffp_endpoint *ep)
{
	if (!ep->exists) {
		FUZZ_CHECK(!ep->enabled);
		FUZZ_CHECK(ep->from_sp.global_pending == 0);
		FUZZ_CHECK(ep->from_vm.global_pending == 0);
	}
	FUZZ_CHECK(ep->vcpu_count <= FFP_SPMC_MAX_VCPUS);
	check_table(s, ep, &ep->from_sp, 1);
	check_table(s, ep, &ep->from_vm, 0);
}

FUZZ_NOCOV static void check_model(struct ffp_spmc *s,
				   const struct fuzz_ctx *ctx)
{
	ffp_u32 i, j;

	FUZZ_CHECK(s->sris == ctx->sris);
	FUZZ_CHECK(s->nwd_version <= s->version);
	FUZZ_CHECK(FFP_VERSION_MAJOR(s->nwd_version) ==
		   FFP_VERSION_MAJOR(s->version));
	FUZZ_CHECK(s->vms[0].exists && s->vms[0].id == 0);
	FUZZ_CHECK(ffp_spmc_find_vm(s, 0) == &s->vms[0]);
	for (i = 0; i < s->n_sps; i++) {
		FUZZ_CHECK(s->sps[i].ep.exists);
		FUZZ_CHECK(s->sps[i].ep.id == s->sps[i].desc.id);
		FUZZ_CHECK(s->sps[i].ep.vcpu_count ==
			   s->sps[i].desc.vcpu_count);
		FUZZ_CHECK(s->sps[i].preempt_left <=
			   s->sps[i].desc.preempt_runs);
		check_endpoint(s, &s->sps[i].ep);
	}
	for (i = 0; i < FFP_SPMC_MAX_VMS; i++) {
		const struct ffp_endpoint *ep = &s->vms[i];

		check_endpoint(s, ep);
		if (!ep->exists)
			continue;
		FUZZ_CHECK(!FFP_ID_IS_SP(ep->id));
		/* Hafnium's other-world VM has a vCPU per physical CPU. */
		if (i == 0)
			FUZZ_CHECK(ep->vcpu_count == s->cfg.max_cpus);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(!s->vms[j].exists || s->vms[j].id != ep->id);
	}
}

/* INFO_GET has reported everything pending (nothing left to retrieve). */
FUZZ_NOCOV static int table_reported(const struct ffp_notif_table *t)
{
	int v;

	if (t->global_retrieved != t->global_pending)
		return 0;
	for (v = 0; v < FFP_SPMC_MAX_VCPUS; v++)
		if (t->vcpu_retrieved[v] != t->vcpu_pending[v])
			return 0;
	return 1;
}

FUZZ_NOCOV static int all_reported(const struct ffp_spmc *s)
{
	ffp_u32 i;

	for (i = 0; i < s->n_sps; i++)
		if (!table_reported(&s->sps[i].ep.from_sp) ||
		    !table_reported(&s->sps[i].ep.from_vm))
			return 0;
	for (i = 0; i < FFP_SPMC_MAX_VMS; i++)
		if (!table_reported(&s->vms[i].from_sp) ||
		    !table_reported(&s->vms[i].from_vm))
			return 0;
	return 1;
}

/* A refused call changed nothing but the counters. */
FUZZ_NOCOV static void check_unchanged(struct ffp_spmc *s)
{
	ffp_u64 calls = s->calls, sris = s->sris;
	int sri_delayed = s->sri_delayed;
	int locked[FFP_SPMC_MAX_VMS + FFP_SPMC_MAX_PARTITIONS];
	ffp_u32 i;

	/* Any served call also fixes its caller's FF-A version. */
	for (i = 0; i < FFP_SPMC_MAX_VMS; i++) {
		locked[i] = s->vms[i].version_locked;
		s->vms[i].version_locked = before.vms[i].version_locked;
	}
	for (i = 0; i < s->n_sps; i++) {
		locked[FFP_SPMC_MAX_VMS + i] = s->sps[i].ep.version_locked;
		s->sps[i].ep.version_locked = before.sps[i].ep.version_locked;
	}
	s->calls = before.calls;
	s->sris = before.sris;
	s->sri_delayed = before.sri_delayed;
	FUZZ_CHECK(memcmp(s, &before, sizeof(*s)) == 0);
	s->calls = calls;
	s->sris = sris;
	s->sri_delayed = sri_delayed;
	for (i = 0; i < FFP_SPMC_MAX_VMS; i++)
		s->vms[i].version_locked = locked[i];
	for (i = 0; i < s->n_sps; i++)
		s->sps[i].ep.version_locked = locked[FFP_SPMC_MAX_VMS + i];
}

/* GET returned exactly what was pending for that vCPU, and cleared it. */
FUZZ_NOCOV static void check_get(struct ffp_spmc *s, ffp_u16 caller,
				 const struct ffp_regs *in,
				 const struct ffp_regs *out)
{
	struct ffp_get_args a;
	struct ffp_get_result res;
	struct ffp_endpoint *was, *now;
	ffp_u64 want_sp = 0, want_vm = 0;

	ffp_dec_get(in, &a);
	ffp_dec_get_resp(out, &res);
	if (FFP_ID_IS_SP(a.receiver)) {
		struct ffp_sp *sp = ffp_spmc_find_sp(&before, a.receiver);

		FUZZ_CHECK(sp && caller == a.receiver);
		was = &sp->ep;
		now = &ffp_spmc_find_sp(s, a.receiver)->ep;
	} else {
		was = ffp_spmc_find_vm(&before, a.receiver);
		now = ffp_spmc_find_vm(s, a.receiver);
		FUZZ_CHECK(was && now && !FFP_ID_IS_SP(caller));
	}
	FUZZ_CHECK(a.vcpu < was->vcpu_count);
	if (a.flags & FFP_GET_SP)
		want_sp = was->from_sp.global_pending |
			  was->from_sp.vcpu_pending[a.vcpu];
	if (a.flags & FFP_GET_VM)
		want_vm = was->from_vm.global_pending |
			  was->from_vm.vcpu_pending[a.vcpu];
	FUZZ_CHECK(res.sp == want_sp && res.vm == want_vm);
	if (a.flags & FFP_GET_SP)
		FUZZ_CHECK(!now->from_sp.global_pending &&
			   !now->from_sp.vcpu_pending[a.vcpu]);
	if (a.flags & FFP_GET_VM)
		FUZZ_CHECK(!now->from_vm.global_pending &&
			   !now->from_vm.vcpu_pending[a.vcpu]);
}

/* Status codes each call may answer under optee (bit -code). */
FUZZ_NOCOV static unsigned int optee_errors(ffp_u32 fid)
{
#define E(code) (1U << -(code))
	switch (fid) {
	case FFP_VERSION: /* w0 = NOT_SUPPORTED, not FFA_ERROR */
	case FFP_ID_GET:
	case FFP_SPM_ID_GET:
		return 0;
	case FFP_NOTIFICATION_BITMAP_CREATE:
	case FFP_NOTIFICATION_BITMAP_DESTROY:
	case FFP_NOTIFICATION_BIND:
	case FFP_NOTIFICATION_UNBIND:
		return E(FFP_RET_INVALID_PARAMETERS) | E(FFP_RET_DENIED);
	case FFP_NOTIFICATION_GET:
		return E(FFP_RET_INVALID_PARAMETERS);
	case FFP_NOTIFICATION_INFO_GET_32:
	case FFP_NOTIFICATION_INFO_GET_64:
		return E(FFP_RET_INVALID_PARAMETERS) | E(FFP_RET_NO_DATA);
	case FFP_RUN:
	case FFP_MSG_SEND_DIRECT_REQ_32:
	case FFP_MSG_SEND_DIRECT_REQ_64:
		return E(FFP_RET_INVALID_PARAMETERS) | E(FFP_RET_NOT_SUPPORTED);
	case FFP_NORMAL_WORLD_RESUME: /* O-DIS-7: the SPMD's DENIED */
		return E(FFP_RET_DENIED);
	default:
		return E(FFP_RET_NOT_SUPPORTED);
	}
#undef E
}

/* The answer is one OP-TEE (behind TF-A's SPMD) gives for this call. */
FUZZ_NOCOV static void check_answer_optee(struct ffp_spmc *s, ffp_u16 caller,
					  const struct ffp_regs *in,
					  const struct ffp_regs *out)
{
	ffp_u32 fid = (ffp_u32)in->a[0] & ~FFP_SMCCC_SVE_HINT;
	ffp_u32 w0 = (ffp_u32)out->a[0];
	struct ffp_get_result res;
	struct ffp_info info;
	ffp_s32 st;
	int i;

	/* O-DIS-2, O-DIS-5: no FF-A call for TF-A (reserved bits, or a
	 * function number above 0x8E): SMCCC's unknown, x1..x7 untouched.
	 */
	if (!FFP_ID_IS_SP(caller) &&
	    ((fid & FFP_SMCCC_FC_RESERVED) || (fid & 0xffffU) > 0x8eU)) {
		FUZZ_CHECK(out->a[0] == FFP_SMCCC_UNKNOWN);
		for (i = 1; i < 8; i++)
			FUZZ_CHECK(out->a[i] == in->a[i]);
		return;
	}
	FUZZ_CHECK(out->a[0] >> 32 == 0);
	if (FFP_ID_IS_SP(caller) || !ffp_spmc_dispatches(s, fid))
		FUZZ_CHECK(w0 == FFP_ERROR && (ffp_s32)(ffp_u32)out->a[2] ==
						      FFP_RET_NOT_SUPPORTED);
	switch (w0) {
	case FFP_ERROR:
		st = (ffp_s32)(ffp_u32)out->a[2];
		FUZZ_CHECK(st < 0 && st >= FFP_RET_NOT_READY);
		FUZZ_CHECK(FFP_ID_IS_SP(caller) ||
			   (optee_errors(fid) & (1U << -st)));
		FUZZ_CHECK(out->a[1] == 0 && out->a[2] >> 32 == 0);
		for (i = 3; i < 8; i++)
			FUZZ_CHECK(out->a[i] == 0);
		return;
	case FFP_MSG_SEND_DIRECT_RESP_32:
	case FFP_MSG_SEND_DIRECT_RESP_64:
		FUZZ_CHECK(fid == (w0 == FFP_MSG_SEND_DIRECT_RESP_64
					   ? FFP_MSG_SEND_DIRECT_REQ_64
					   : FFP_MSG_SEND_DIRECT_REQ_32));
		/* Source and destination swapped, from OP-TEE's LSPs. */
		FUZZ_CHECK(out->a[1] == (((in->a[1] & 0xffff) << 16) |
					 ((in->a[1] >> 16) & 0xffff)));
		FUZZ_CHECK(out->a[2] == 0 || out->a[2] == 0x80000009U);
		FUZZ_CHECK(!FFP_ID_IS_SP((ffp_u16)(in->a[1] >> 16)));
		return;
	case FFP_SUCCESS_64:
		FUZZ_CHECK(fid == FFP_NOTIFICATION_INFO_GET_64);
		break;
	case FFP_SUCCESS_32:
		FUZZ_CHECK(fid != FFP_VERSION && fid != FFP_RUN &&
			   fid != FFP_NOTIFICATION_INFO_GET_64);
		for (i = 1; i < 8; i++)
			FUZZ_CHECK(out->a[i] >> 32 == 0);
		break;
	default:
		FUZZ_CHECK(fid == FFP_VERSION);
		FUZZ_CHECK(w0 == FFP_VERSION_1_2 || w0 == 0xffffffffU);
		for (i = 1; i < 8; i++)
			FUZZ_CHECK(out->a[i] == 0);
		return;
	}
	switch (fid) {
	case FFP_ID_GET:
		FUZZ_CHECK(out->a[2] == 0);
		break;
	case FFP_SPM_ID_GET:
		FUZZ_CHECK(out->a[2] == FFP_ID_SPMC);
		break;
	case FFP_NOTIFICATION_GET:
		/* All that was pending, and cleared; nothing else. */
		ffp_dec_get_resp(out, &res);
		FUZZ_CHECK(res.vm == 0 && res.spm == 0 && res.hyp == 0);
		if (in->a[2] & FFP_GET_SP) {
			FUZZ_CHECK(res.sp == before.optee.pending);
			FUZZ_CHECK(s->optee.pending == 0);
		} else {
			FUZZ_CHECK(res.sp == 0);
		}
		break;
	case FFP_NOTIFICATION_INFO_GET_32:
	case FFP_NOTIFICATION_INFO_GET_64:
		FUZZ_CHECK(ffp_dec_info_get_resp(out, &info) == 0);
		FUZZ_CHECK(info.n_lists == 1 && info.lists[0].id == 0 &&
			   info.lists[0].n_vcpus == 0 && !info.more_pending);
		FUZZ_CHECK(s->optee.pending != 0);
		break;
	case FFP_FEATURES:
	case FFP_NOTIFICATION_BITMAP_CREATE:
	case FFP_NOTIFICATION_BITMAP_DESTROY:
	case FFP_NOTIFICATION_BIND:
	case FFP_NOTIFICATION_UNBIND:
		for (i = 3; i < 8; i++)
			FUZZ_CHECK(out->a[i] == 0);
		break;
	default:
		FUZZ_CHECK(0); /* SUCCESS to a call OP-TEE does not serve */
	}
}

/* OP-TEE's state holds together. */
FUZZ_NOCOV static void check_optee(const struct ffp_spmc *s)
{
	const struct ffp_spmc_optee *o = &s->optee;

	FUZZ_CHECK(o->async_value >= -1 && o->async_value < 64);
	/* "None" comes only from BITMAP_CREATE. */
	FUZZ_CHECK(o->async_value >= 0 || o->initialized);
	FUZZ_CHECK(o->started == o->wd_enabled);
	/* Only the watchdog pends, and only once started. */
	FUZZ_CHECK(!o->pending || o->started);
	FUZZ_CHECK(s->nwd_version >= FFP_VERSION_1_0 &&
		   s->nwd_version <= FFP_VERSION_1_2);
}

static void on_sri(void *ctx)
{
	((struct fuzz_ctx *)ctx)->sris++;
}

/* Every call served, the partitions' own calls in FFA_RUN included. */
static void on_trace(void *ctx, ffp_u16 caller, const struct ffp_regs *in,
		     const struct ffp_regs *out)
{
	((struct fuzz_ctx *)ctx)->traced++;
	if (model.cfg.personality == FFP_SPMC_OPTEE)
		check_answer_optee(&model, caller, in, out);
	else
		check_answer(&model, caller, in, out);
}

static const struct ffp_spmc_ops ops = {
	.raise_sri = on_sri,
	.trace = on_trace,
};

/* The model as ffp_spmc_init() boots it for a setup byte (booted once). */
static const struct ffp_spmc *boot(uint8_t setup)
{
	static struct ffp_spmc *booted[256];
	struct ffp_spmc_config cfg = { .personality = FFP_SPMC_HAFNIUM };
	struct ffp_partition_desc parts[FFP_SPMC_MAX_PARTITIONS];
	ffp_u32 n = ffp_spmc_default_partition_count, i;
	struct ffp_spmc *s;

	if ((setup & 0xc0) == 0xc0)
		setup = 0xc0; /* optee: one model */
	if (booted[setup])
		return booted[setup];
	if (setup == 0xc0) {
		s = malloc(sizeof(*s));
		FUZZ_CHECK(s);
		cfg.personality = FFP_SPMC_OPTEE;
		FUZZ_CHECK(ffp_spmc_init(s, ffp_spmc_optee_partitions,
					 ffp_spmc_optee_partition_count, &cfg,
					 &ops, &hooks) == 0);
		booted[setup] = s;
		return s;
	}
	FUZZ_CHECK(n >= 3 && n <= FFP_SPMC_MAX_PARTITIONS);
	memcpy(parts, ffp_spmc_default_partitions, n * sizeof(parts[0]));
	for (i = 0; i < 3; i++)
		parts[i].preempt_runs = (setup >> (2 * i)) & 3U;
	if (setup & 0x40) {
		parts[2].properties |= FFP_PART_NOTIF_RECV;
		parts[2].ffa_version = FFP_VERSION_1_0;
	}
	s = malloc(sizeof(*s));
	FUZZ_CHECK(s);
	cfg.flags = (setup & 0x80) ? FFP_SPMC_STRICT : 0;
	FUZZ_CHECK(ffp_spmc_init(s, parts, n, &cfg, &ops, &hooks) == 0);
	booted[setup] = s;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	int calls;

	model = *boot(fuzz_u8(&in));
	memset(&hooks, 0, sizeof(hooks));
	check_model(&model, &hooks);

	for (calls = 0; in.n >= CALL_SIZE && calls < MAX_CALLS; calls++) {
		struct ffp_regs regs, out, *outp;
		ffp_u16 caller = fuzz_u16(&in);
		uint8_t sel = fuzz_u8(&in);
		ffp_u64 traced;
		ffp_u32 fid;
		int r;

		if (caller < FFP_ARRAY_SIZE(callers))
			caller = callers[caller];
		for (r = 0; r < 8; r++)
			regs.a[r] = fuzz_u64(&in);
		if ((sel & 0x1fU) < FN_COUNT)
			regs.a[0] =
				(regs.a[0] & ~0xffffffffULL) | fns[sel & 0x1fU];
		fid = (ffp_u32)regs.a[0] & ~FFP_SMCCC_SVE_HINT;

		if (sel & 0x40) {
			ffp_u64 sris = model.sris;

			if (ffp_spmc_tick(&model))
				FUZZ_CHECK(
					model.sris == sris + 1 &&
					model.optee.pending &
						FFP_BIT64(
							model.optee
								.async_value));
			else
				FUZZ_CHECK(model.sris == sris);
		}
		before = model;
		traced = hooks.traced;
		if (sel & 0x80) {
			out = regs; /* in and out the same block */
			ffp_spmc_call(&model, caller, &out, &out);
		} else {
			ffp_spmc_call(&model, caller, &regs, &out);
		}
		outp = &out;
		if (fuzz_verbose())
			fprintf(stderr,
				"call %d: caller %#x x0 %#llx x1 %#llx x2 "
				"%#llx "
				"-> w0 %#llx w1 %#llx w2 %#llx\n",
				calls, caller, (unsigned long long)regs.a[0],
				(unsigned long long)regs.a[1],
				(unsigned long long)regs.a[2],
				(unsigned long long)outp->a[0],
				(unsigned long long)outp->a[1],
				(unsigned long long)outp->a[2]);

		FUZZ_CHECK(model.calls > before.calls);
		FUZZ_CHECK(hooks.traced > traced);
		if (model.cfg.personality == FFP_SPMC_OPTEE) {
			check_answer_optee(&model, caller, &regs, outp);
			if ((ffp_u32)outp->a[0] == FFP_ERROR ||
			    outp->a[0] == FFP_SMCCC_UNKNOWN)
				check_unchanged(&model);
			check_optee(&model);
			check_model(&model, &hooks);
			continue;
		}
		check_answer(&model, caller, &regs, outp);
		if ((ffp_u32)outp->a[0] == FFP_ERROR ||
		    outp->a[0] == FFP_SMCCC_UNKNOWN)
			check_unchanged(&model);
		if ((ffp_u32)outp->a[0] == FFP_SUCCESS_32 &&
		    fid == FFP_NOTIFICATION_GET)
			check_get(&model, caller, &regs, outp);
		if ((ffp_u32)outp->a[0] == FFP_SUCCESS_32 &&
		    fid == FFP_NOTIFICATION_SET && !FFP_ID_IS_SP(caller))
			FUZZ_CHECK(model.sris > before.sris);
		/* A served call returning to the NWd delivers a delayed SRI. */
		if (!FFP_ID_IS_SP(caller) && ffp_spmc_dispatches(&model, fid))
			FUZZ_CHECK(!model.sri_delayed);
		/* INFO_GET forgets nobody: it reports all that is pending
		 * unless it says more is, and NO_DATA only when nothing is.
		 */
		if (fid == FFP_NOTIFICATION_INFO_GET_64) {
			if ((ffp_u32)outp->a[0] == FFP_ERROR &&
			    (ffp_s32)(ffp_u32)outp->a[2] == FFP_RET_NO_DATA)
				FUZZ_CHECK(all_reported(&before));
			else if ((ffp_u32)outp->a[0] == FFP_SUCCESS_64)
				FUZZ_CHECK(
					all_reported(&model) ==
					!(outp->a[2] & FFP_INFO_MORE_PENDING));
		}
		check_model(&model, &hooks);
	}
	return 0;
}
