// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * Reference SPMC model.  Each handler's checks run in the order Hafnium
 * v2.13 runs them (src/api.c, src/ffa/spmc/notifications.c), numbered as
 * in docs/protocol.md.  Checks Hafnium does not make but the spec and
 * OP-TEE do (MBZ registers) come first and are marked "strict".
 */
#include "ffp_spmc.h"

static void table_reset(struct ffp_notif_table *t)
{
	int i;

	ffp_mem_zero(t, sizeof(*t));
	for (i = 0; i < FFP_NUM_NOTIFICATIONS; i++)
		t->sender[i] = FFP_ID_INVALID;
}

static void endpoint_reset(struct ffp_endpoint *ep, ffp_u16 id)
{
	ep->id = id;
	ep->vcpu_count = 0;
	ep->exists = 0;
	ep->enabled = 0;
	table_reset(&ep->from_sp);
	table_reset(&ep->from_vm);
}

struct ffp_sp *ffp_spmc_find_sp(struct ffp_spmc *s, ffp_u16 id)
{
	ffp_u32 i;

	for (i = 0; i < s->n_sps; i++)
		if (s->sps[i].desc.id == id)
			return &s->sps[i];
	return FFP_NULL;
}

struct ffp_endpoint *ffp_spmc_find_vm(struct ffp_spmc *s, ffp_u16 id)
{
	int i;

	for (i = 0; i < FFP_SPMC_MAX_VMS; i++)
		if (s->vms[i].exists && s->vms[i].id == id)
			return &s->vms[i];
	return FFP_NULL;
}

/* Any receiver that exists: an SP, or a NWd VM (ID 0 always exists). */
static struct ffp_endpoint *find_receiver(struct ffp_spmc *s, ffp_u16 id)
{
	struct ffp_sp *sp;

	if (FFP_ID_IS_SP(id)) {
		sp = ffp_spmc_find_sp(s, id);
		return sp ? &sp->ep : FFP_NULL;
	}
	return ffp_spmc_find_vm(s, id);
}

static struct ffp_notif_table *table_for(struct ffp_endpoint *ep,
					 ffp_u16 sender)
{
	return FFP_ID_IS_SP(sender) ? &ep->from_sp : &ep->from_vm;
}

static int table_any_pending(const struct ffp_notif_table *t, ffp_u64 mask,
			     ffp_u16 vcpus)
{
	ffp_u16 v;

	if (t->global_pending & mask)
		return 1;
	for (v = 0; v < vcpus; v++)
		if (t->vcpu_pending[v] & mask)
			return 1;
	return 0;
}

static ffp_u32 caller_version(struct ffp_spmc *s, ffp_u16 id)
{
	struct ffp_sp *sp;

	if (!FFP_ID_IS_SP(id))
		return s->nwd_version;
	sp = ffp_spmc_find_sp(s, id);
	return sp ? sp->desc.ffa_version : 0;
}

int ffp_spmc_init(struct ffp_spmc *s, const struct ffp_partition_desc *parts,
		  ffp_u32 n_parts, const struct ffp_spmc_ops *ops, void *ctx)
{
	ffp_u32 i, j;
	int b;

	ffp_mem_zero(s, sizeof(*s));
	if (n_parts > FFP_SPMC_MAX_PARTITIONS)
		return -FFP_EINVAL;
	for (i = 0; i < n_parts; i++) {
		const struct ffp_partition_desc *d = &parts[i];

		if (!FFP_ID_IS_SP(d->id) || d->id == FFP_ID_SPMC ||
		    d->id == FFP_ID_SPMD || d->vcpu_count == 0 ||
		    d->vcpu_count > FFP_SPMC_MAX_VCPUS ||
		    (d->bind_from_nwd_per_vcpu & ~d->bind_from_nwd))
			return -FFP_EINVAL;
		for (j = 0; j < i; j++)
			if (parts[j].id == d->id)
				return -FFP_EINVAL;
	}

	s->ops = ops;
	s->ctx = ctx;
	s->version = FFP_VERSION_1_1;
	s->nwd_version = FFP_VERSION_1_0;
	for (i = 0; i < FFP_SPMC_MAX_VMS; i++)
		endpoint_reset(&s->vms[i], (ffp_u16)FFP_ID_INVALID);
	/* The "other world" VM: the hypervisor, or the kernel without one. */
	s->vms[0].id = 0;
	s->vms[0].exists = 1;

	s->n_sps = n_parts;
	for (i = 0; i < n_parts; i++) {
		struct ffp_sp *sp = &s->sps[i];

		sp->desc = parts[i];
		endpoint_reset(&sp->ep, sp->desc.id);
		sp->ep.exists = 1;
		sp->ep.vcpu_count = sp->desc.vcpu_count;
		sp->ep.enabled = (sp->desc.properties & FFP_PART_NOTIF_RECV) &&
				 sp->desc.ffa_version >= FFP_VERSION_1_1;
		sp->preempt_left = sp->desc.preempt_runs;
		for (b = 0; b < FFP_NUM_NOTIFICATIONS; b++) {
			if (!(sp->desc.bind_from_nwd & FFP_BIT64(b)))
				continue;
			sp->ep.from_vm.sender[b] = 0;
		}
		sp->ep.from_vm.per_vcpu = sp->desc.bind_from_nwd_per_vcpu;
	}
	return 0;
}

static void raise_sri(struct ffp_spmc *s)
{
	s->sris++;
	if (s->ops && s->ops->raise_sri)
		s->ops->raise_sri(s->ctx);
}

/* ---- VERSION, ID_GET, FEATURES ------------------------------------------ */

static void do_version(struct ffp_spmc *s, ffp_u16 caller,
		       const struct ffp_regs *in, struct ffp_regs *out)
{
	ffp_u32 req = (ffp_u32)in->a[1];
	int i;

	for (i = 0; i < 8; i++)
		out->a[i] = 0;
	/* Bit 31 MBZ; a different major version is incompatible. */
	if ((req & 0x80000000U) ||
	    FFP_VERSION_MAJOR(req) != FFP_VERSION_MAJOR(s->version)) {
		out->a[0] = (ffp_u32)FFP_RET_NOT_SUPPORTED;
		return;
	}
	if (!FFP_ID_IS_SP(caller))
		s->nwd_version = req < s->version ? req : s->version;
	out->a[0] = s->version;
}

static int fn_supported(ffp_u32 fid)
{
	switch (fid) {
	case FFP_VERSION:
	case FFP_FEATURES:
	case FFP_ID_GET:
	case FFP_SPM_ID_GET:
	case FFP_RUN:
	case FFP_NOTIFICATION_BITMAP_CREATE:
	case FFP_NOTIFICATION_BITMAP_DESTROY:
	case FFP_NOTIFICATION_BIND:
	case FFP_NOTIFICATION_UNBIND:
	case FFP_NOTIFICATION_SET:
	case FFP_NOTIFICATION_GET:
	case FFP_NOTIFICATION_INFO_GET_32:
	case FFP_NOTIFICATION_INFO_GET_64:
		return 1;
	default:
		return 0;
	}
}

static void do_features(struct ffp_spmc *s, ffp_u16 caller,
			const struct ffp_regs *in, struct ffp_regs *out)
{
	ffp_u32 id = (ffp_u32)in->a[1];

	(void)s;
	if (id & 0x80000000U) {
		if (fn_supported(id))
			ffp_resp_success32(out, 0);
		else
			ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
		return;
	}
	/* Hafnium: the SRI ID only to the NWd, the NPI ID only to SPs. */
	if (id == FFP_FEAT_SRI && !FFP_ID_IS_SP(caller))
		ffp_resp_success32(out, FFP_SPMC_SRI_INTID);
	else if (id == FFP_FEAT_NPI && FFP_ID_IS_SP(caller))
		ffp_resp_success32(out, FFP_SPMC_NPI_INTID);
	else
		ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
}

/* ---- BITMAP_CREATE / DESTROY -------------------------------------------- */

static ffp_s32 bitmap_create(struct ffp_spmc *s, ffp_u16 caller,
			     const struct ffp_regs *in)
{
	struct ffp_bitmap_create_args a;
	struct ffp_endpoint *ep, *slot = FFP_NULL;
	int i;

	ffp_dec_bitmap_create(in, &a);
	/* 1. Only the hypervisor (or the kernel, ID 0) manages bitmaps. */
	if (caller != 0)
		return FFP_RET_NOT_SUPPORTED;
	/* strict: w1[31:16] and w3..w7 MBZ (OP-TEE checks them). */
	if (a.w1_high || a.mbz)
		return FFP_RET_INVALID_PARAMETERS;
	/* 2. A bitmap is for a NWd VM. */
	if (FFP_ID_IS_SP(a.vm_id))
		return FFP_RET_INVALID_PARAMETERS;
	if (a.vcpu_count == 0)
		return FFP_RET_INVALID_PARAMETERS;
	ep = ffp_spmc_find_vm(s, a.vm_id);
	if (!ep || !ep->enabled) {
		if (ep) {
			slot = ep;
		} else {
			for (i = 1; i < FFP_SPMC_MAX_VMS && !slot; i++)
				if (!s->vms[i].exists)
					slot = &s->vms[i];
		}
		/* 3. No room for another VM (or its vCPUs). */
		if (!slot || a.vcpu_count > FFP_SPMC_MAX_VCPUS)
			return FFP_RET_NO_MEMORY;
		endpoint_reset(slot, a.vm_id);
		slot->exists = 1;
		slot->enabled = 1;
		slot->vcpu_count = (ffp_u16)a.vcpu_count;
		return FFP_RET_SUCCESS;
	}
	/* 4. Already created. */
	return FFP_RET_DENIED;
}

static ffp_s32 bitmap_destroy(struct ffp_spmc *s, ffp_u16 caller,
			      const struct ffp_regs *in)
{
	struct ffp_bitmap_create_args a;
	struct ffp_endpoint *ep;

	ffp_dec_bitmap_create(in, &a);
	if (caller != 0)
		return FFP_RET_NOT_SUPPORTED;
	/* strict: everything but w1[15:0] MBZ. */
	if (a.w1_high || a.vcpu_count || a.mbz)
		return FFP_RET_INVALID_PARAMETERS;
	if (FFP_ID_IS_SP(a.vm_id))
		return FFP_RET_INVALID_PARAMETERS;
	ep = ffp_spmc_find_vm(s, a.vm_id);
	/* Never created, or not enabled. */
	if (!ep || !ep->enabled)
		return FFP_RET_DENIED;
	/* Anything pending, global or per-vCPU, from either world. */
	if (table_any_pending(&ep->from_sp, ~0ULL, ep->vcpu_count) ||
	    table_any_pending(&ep->from_vm, ~0ULL, ep->vcpu_count))
		return FFP_RET_DENIED;
	if (ep->id == 0) {
		endpoint_reset(ep, 0);
		ep->exists = 1; /* the other-world VM stays */
	} else {
		endpoint_reset(ep, (ffp_u16)FFP_ID_INVALID);
	}
	return FFP_RET_SUCCESS;
}

/* ---- BIND / UNBIND ------------------------------------------------------ */

/* Hafnium's ffa_notifications_is_bind_valid(), SPMC flavour. */
static int bind_ids_valid(ffp_u16 caller, ffp_u16 sender, ffp_u16 receiver)
{
	if (FFP_ID_IS_SP(caller)) {
		if (caller != receiver)
			return 0;
	} else {
		if (!FFP_ID_IS_SP(sender) || FFP_ID_IS_SP(receiver))
			return 0;
	}
	if (sender == receiver || sender == FFP_ID_SPMD ||
	    sender == FFP_ID_SPMC)
		return 0;
	return 1;
}

static ffp_s32 update_bindings(struct ffp_spmc *s, ffp_u16 caller,
			       const struct ffp_regs *in, int is_bind)
{
	struct ffp_bind_args a;
	struct ffp_endpoint *ep;
	struct ffp_notif_table *t;
	int b;

	ffp_dec_bind(in, &a);
	/* 1. Flags MBZ: BIND takes only per-vCPU; strict: UNBIND none. */
	if (a.flags & ~(is_bind ? FFP_BIND_PER_VCPU : 0U))
		return FFP_RET_INVALID_PARAMETERS;
	/* strict: w5..w7 MBZ. */
	if (a.mbz)
		return FFP_RET_INVALID_PARAMETERS;
	/* 2. Who may bind what. */
	if (!bind_ids_valid(caller, a.sender, a.receiver))
		return FFP_RET_INVALID_PARAMETERS;
	/* 3. Zero bitmap. */
	if (a.bitmap == 0)
		return FFP_RET_INVALID_PARAMETERS;
	/* 4. Receiver unknown. */
	ep = find_receiver(s, a.receiver);
	if (!ep)
		return FFP_RET_INVALID_PARAMETERS;
	/* 5. Receiver below v1.1 or notifications not enabled. */
	if (caller_version(s, a.receiver) < FFP_VERSION_1_1 || !ep->enabled)
		return FFP_RET_NOT_SUPPORTED;
	/* 6. An SP sender must exist (VMs are not known to the SPMC). */
	if (FFP_ID_IS_SP(a.sender) && !ffp_spmc_find_sp(s, a.sender))
		return FFP_RET_INVALID_PARAMETERS;

	t = table_for(ep, a.sender);
	/* 7. BIND: all unbound (even to the same sender).  UNBIND: all bound
	 *    to this sender.
	 */
	for (b = 0; b < FFP_NUM_NOTIFICATIONS; b++) {
		if (!(a.bitmap & FFP_BIT64(b)))
			continue;
		if (is_bind ? t->sender[b] != FFP_ID_INVALID
			    : t->sender[b] != a.sender)
			return FFP_RET_DENIED;
	}
	/* 8. Any of them pending. */
	if (table_any_pending(t, a.bitmap, ep->vcpu_count))
		return FFP_RET_DENIED;
	/* 9. Update. */
	for (b = 0; b < FFP_NUM_NOTIFICATIONS; b++) {
		if (!(a.bitmap & FFP_BIT64(b)))
			continue;
		t->sender[b] = is_bind ? a.sender : (ffp_u16)FFP_ID_INVALID;
	}
	if (is_bind && (a.flags & FFP_BIND_PER_VCPU))
		t->per_vcpu |= a.bitmap;
	else
		t->per_vcpu &= ~a.bitmap;
	return FFP_RET_SUCCESS;
}

/* ---- SET ---------------------------------------------------------------- */

/* Hafnium's ffa_notifications_is_set_valid(), SPMC flavour. */
static int set_ids_valid(ffp_u16 caller, ffp_u16 sender, ffp_u16 receiver)
{
	if (FFP_ID_IS_SP(caller))
		return caller == sender && sender != receiver;
	/* The NWd sets as a VM, to an SP. */
	return !FFP_ID_IS_SP(sender) && FFP_ID_IS_SP(receiver);
}

static ffp_s32 notification_set(struct ffp_spmc *s, ffp_u16 caller,
				const struct ffp_regs *in)
{
	struct ffp_set_args a;
	struct ffp_endpoint *ep;
	struct ffp_notif_table *t;
	int per_vcpu, b;
	ffp_u64 pv;

	ffp_dec_set(in, &a);
	per_vcpu = (a.flags & FFP_SET_PER_VCPU) != 0;
	/* 1. Flags MBZ (bits [15:2]); strict: w5..w7 MBZ. */
	if ((a.flags & FFP_SET_MBZ_MASK) || a.mbz)
		return FFP_RET_INVALID_PARAMETERS;
	/* 2. A global notification names no vCPU. */
	if (!per_vcpu && a.vcpu != 0)
		return FFP_RET_INVALID_PARAMETERS;
	/* 3. Who may set what. */
	if (!set_ids_valid(caller, a.sender, a.receiver))
		return FFP_RET_INVALID_PARAMETERS;
	/* 4. Zero bitmap. */
	if (a.bitmap == 0)
		return FFP_RET_INVALID_PARAMETERS;
	/* 5. The NWd may not delay the SRI (FF-A v1.2 EAC0 16.5.1). */
	if ((a.flags & FFP_SET_DELAY_SRI) && !FFP_ID_IS_SP(caller))
		return FFP_RET_INVALID_PARAMETERS;
	/* 6. Receiver unknown. */
	ep = find_receiver(s, a.receiver);
	if (!ep)
		return FFP_RET_INVALID_PARAMETERS;
	/* 7. Receiver's notifications not enabled. */
	if (!ep->enabled || caller_version(s, a.receiver) < FFP_VERSION_1_1)
		return FFP_RET_DENIED;
	t = table_for(ep, a.sender);
	/* 8. Per-vCPU/global must match how every ID was bound. */
	pv = t->per_vcpu & a.bitmap;
	if (per_vcpu ? pv != a.bitmap : pv != 0)
		return FFP_RET_INVALID_PARAMETERS;
	/* 9. Every ID bound to this sender. */
	for (b = 0; b < FFP_NUM_NOTIFICATIONS; b++)
		if ((a.bitmap & FFP_BIT64(b)) && t->sender[b] != a.sender)
			return FFP_RET_DENIED;
	/* 10. vCPU in range. */
	if (per_vcpu && a.vcpu >= ep->vcpu_count)
		return FFP_RET_INVALID_PARAMETERS;
	/* 11. Pend; bits already pending stay pending once. */
	if (per_vcpu)
		t->vcpu_pending[a.vcpu] |= a.bitmap;
	else
		t->global_pending |= a.bitmap;
	/* 12. The SRI, now or when the SPMC next returns to the NWd. */
	if (a.flags & FFP_SET_DELAY_SRI)
		s->sri_delayed = 1;
	else
		raise_sri(s);
	return FFP_RET_SUCCESS;
}

/* ---- GET ---------------------------------------------------------------- */

static ffp_u64 table_take(struct ffp_notif_table *t, ffp_u16 vcpu)
{
	ffp_u64 bits = t->global_pending | t->vcpu_pending[vcpu];

	t->global_retrieved &= ~t->global_pending;
	t->vcpu_retrieved[vcpu] &= ~t->vcpu_pending[vcpu];
	t->global_pending = 0;
	t->vcpu_pending[vcpu] = 0;
	return bits;
}

static void notification_get(struct ffp_spmc *s, ffp_u16 caller,
			     const struct ffp_regs *in, struct ffp_regs *out)
{
	struct ffp_get_args a;
	struct ffp_get_result res = { 0 };
	struct ffp_endpoint *ep;

	ffp_dec_get(in, &a);
	/* 1. Flags bits [31:4] MBZ; strict: w3..w7 MBZ. */
	if ((a.flags & ~FFP_GET_ALL) || a.mbz)
		goto invalid;
	/* 2. An SP gets its own; the NWd gets a NWd VM's, and never the
	 *    VM or hypervisor bitmaps (those are the hypervisor's business).
	 */
	if (FFP_ID_IS_SP(caller)) {
		if (caller != a.receiver)
			goto invalid;
	} else if (FFP_ID_IS_SP(a.receiver) ||
		   (a.flags & (FFP_GET_VM | FFP_GET_HYP))) {
		goto invalid;
	}
	/* 3. Receiver unknown, 4. vCPU out of range (also: no bitmap). */
	ep = find_receiver(s, a.receiver);
	if (!ep || a.vcpu >= ep->vcpu_count)
		goto invalid;
	if (a.flags & FFP_GET_SP)
		res.sp = table_take(&ep->from_sp, a.vcpu);
	if (a.flags & FFP_GET_VM)
		res.vm = table_take(&ep->from_vm, a.vcpu);
	/* The model raises no framework notifications: SPM/HYP stay 0. */
	ffp_resp_get(out, &res);
	return;
invalid:
	ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
}

/* ---- INFO_GET ----------------------------------------------------------- */

struct info_builder {
	struct ffp_info *info;
	ffp_u32 ids_used;
	ffp_u32 max_ids;
	int full;
};

/* Start a list for `id`; 0 if it does not fit (the response is full). */
static int info_new_list(struct info_builder *ib, ffp_u16 id,
			 ffp_u32 ids_needed)
{
	struct ffp_info_list *l;

	if (ib->ids_used + ids_needed > ib->max_ids) {
		ib->full = 1;
		return 0;
	}
	l = &ib->info->lists[ib->info->n_lists++];
	l->id = id;
	l->n_vcpus = 0;
	ib->ids_used++;
	return 1;
}

static void info_collect(struct info_builder *ib, struct ffp_endpoint *ep)
{
	struct ffp_notif_table *sp = &ep->from_sp, *vm = &ep->from_vm;
	struct ffp_info_list *cur = FFP_NULL;
	ffp_u16 v;

	if (!ep->exists || !ep->enabled || ib->full)
		return;
	/* A global list: the endpoint ID alone. */
	if ((sp->global_pending & ~sp->global_retrieved) ||
	    (vm->global_pending & ~vm->global_retrieved)) {
		if (!info_new_list(ib, ep->id, 1))
			return;
		sp->global_retrieved |= sp->global_pending;
		vm->global_retrieved |= vm->global_pending;
	}
	/* Per-vCPU lists: the endpoint ID and up to three vCPU IDs. */
	for (v = 0; v < ep->vcpu_count; v++) {
		if (!(sp->vcpu_pending[v] & ~sp->vcpu_retrieved[v]) &&
		    !(vm->vcpu_pending[v] & ~vm->vcpu_retrieved[v]))
			continue;
		if (cur && cur->n_vcpus < FFP_INFO_MAX_VCPUS_PER_LIST &&
		    ib->ids_used < ib->max_ids) {
			ib->ids_used++;
		} else {
			if (!info_new_list(ib, ep->id, 2))
				return;
			cur = &ib->info->lists[ib->info->n_lists - 1];
			ib->ids_used++;
		}
		cur->vcpus[cur->n_vcpus++] = v;
		sp->vcpu_retrieved[v] |= sp->vcpu_pending[v];
		vm->vcpu_retrieved[v] |= vm->vcpu_pending[v];
	}
}

static void notification_info_get(struct ffp_spmc *s, ffp_u16 caller,
				  const struct ffp_regs *in,
				  struct ffp_regs *out)
{
	struct ffp_info info;
	struct info_builder ib;
	ffp_u32 i;
	int r;

	/* Only the receivers' scheduler, in the NWd, asks. */
	if (FFP_ID_IS_SP(caller)) {
		ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
		return;
	}
	/* strict: w1..w7 MBZ (OP-TEE checks them). */
	for (r = 1; r < 8; r++) {
		if ((ffp_u32)in->a[r]) {
			ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
			return;
		}
	}
	info.is_64 = (ffp_u32)in->a[0] == FFP_NOTIFICATION_INFO_GET_64;
	info.n_lists = 0;
	info.more_pending = 0;
	ib.info = &info;
	ib.ids_used = 0;
	ib.max_ids = ffp_info_max_ids(info.is_64);
	ib.full = 0;
	/* Hafnium: the SPs of this world first, then the NWd VMs. */
	for (i = 0; i < s->n_sps; i++)
		info_collect(&ib, &s->sps[i].ep);
	for (i = 0; i < FFP_SPMC_MAX_VMS; i++)
		info_collect(&ib, &s->vms[i]);
	if (info.n_lists == 0) {
		ffp_resp_error(out, FFP_RET_NO_DATA);
		return;
	}
	info.more_pending = ib.full;
	ffp_resp_info_get(out, &info);
}

/* ---- RUN: a partition gets cycles --------------------------------------- */

static ffp_s32 sp_set(struct ffp_spmc *s, struct ffp_sp *sp, ffp_u16 receiver,
		      ffp_u32 flags, ffp_u16 vcpu, ffp_u64 bitmap)
{
	struct ffp_regs in, out;

	ffp_enc_set(&in, sp->desc.id, receiver, flags, vcpu, bitmap);
	ffp_spmc_call(s, sp->desc.id, &in, &out);
	return ffp_resp_status(&out);
}

/* The partition's own code: take its notifications, act on them. */
static void sp_run(struct ffp_spmc *s, struct ffp_sp *sp, ffp_u16 vcpu)
{
	struct ffp_notif_table *t = &sp->ep.from_vm;
	struct ffp_get_result res;
	struct ffp_regs in, out;
	ffp_u64 todo, mask;
	ffp_u16 target;
	ffp_s32 st;
	int b, pv;

	ffp_enc_get(&in, sp->desc.id, vcpu, FFP_GET_SP | FFP_GET_VM);
	ffp_spmc_call(s, sp->desc.id, &in, &out);
	if (ffp_resp_status(&out) != FFP_RET_SUCCESS)
		return;
	ffp_dec_get_resp(&out, &res);
	sp->received |= res.sp | res.vm;
	sp->received_runs++;
	if (!(sp->desc.behaviour & FFP_SP_ECHO))
		return;

	/* Echo: set each VM notification back to the VM that sent it, with
	 * the same per-vCPU-ness, grouped into one SET per (VM, kind).
	 */
	todo = res.vm;
	while (todo) {
		for (b = 0; !(todo & FFP_BIT64(b)); b++)
			;
		target = t->sender[b];
		pv = (t->per_vcpu & FFP_BIT64(b)) != 0;
		mask = 0;
		for (; b < FFP_NUM_NOTIFICATIONS; b++) {
			if ((todo & FFP_BIT64(b)) && t->sender[b] == target &&
			    ((t->per_vcpu & FFP_BIT64(b)) != 0) == pv)
				mask |= FFP_BIT64(b);
		}
		todo &= ~mask;
		st = sp_set(s, sp, target, pv ? FFP_SET_PER_VCPU : 0,
			    pv ? vcpu : 0, mask);
		sp->last_echo_status = st;
		if (st != FFP_RET_SUCCESS)
			sp->echo_failures++;
	}
}

static void do_run(struct ffp_spmc *s, ffp_u16 caller,
		   const struct ffp_regs *in, struct ffp_regs *out)
{
	struct ffp_sp *sp;
	ffp_u16 ep, vcpu;
	int r;

	ffp_dec_run(in, &ep, &vcpu);
	if (FFP_ID_IS_SP(caller)) {
		ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
		return;
	}
	sp = ffp_spmc_find_sp(s, ep);
	for (r = 2; r < 8; r++)
		if ((ffp_u32)in->a[r])
			sp = FFP_NULL; /* w2..w7 MBZ */
	if (!sp || vcpu >= sp->desc.vcpu_count) {
		ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
		return;
	}
	if (sp->preempt_left) {
		/* A (simulated) NS interrupt preempts the partition: the
		 * scheduler must resume exactly this vCPU, by w1.
		 */
		sp->preempt_left--;
		ffp_resp_interrupt(out, ep, vcpu, 0);
		return;
	}
	sp_run(s, sp, vcpu);
	for (r = 0; r < 8; r++)
		out->a[r] = 0;
	out->a[0] = FFP_MSG_WAIT;
}

/* ---- dispatch ----------------------------------------------------------- */

void ffp_spmc_call(struct ffp_spmc *s, ffp_u16 caller,
		   const struct ffp_regs *in, struct ffp_regs *out)
{
	ffp_u32 fid = (ffp_u32)in->a[0];
	struct ffp_regs req = *in; /* in and out may be the same block */
	ffp_s32 st;

	s->calls++;
	switch (fid) {
	case FFP_VERSION:
		do_version(s, caller, &req, out);
		break;
	case FFP_ID_GET:
		ffp_resp_success32(out, caller);
		break;
	case FFP_SPM_ID_GET:
		ffp_resp_success32(out, FFP_ID_SPMC);
		break;
	case FFP_FEATURES:
		do_features(s, caller, &req, out);
		break;
	case FFP_NOTIFICATION_BITMAP_CREATE:
		st = bitmap_create(s, caller, &req);
		goto status;
	case FFP_NOTIFICATION_BITMAP_DESTROY:
		st = bitmap_destroy(s, caller, &req);
		goto status;
	case FFP_NOTIFICATION_BIND:
		st = update_bindings(s, caller, &req, 1);
		goto status;
	case FFP_NOTIFICATION_UNBIND:
		st = update_bindings(s, caller, &req, 0);
		goto status;
	case FFP_NOTIFICATION_SET:
		st = notification_set(s, caller, &req);
		goto status;
	case FFP_NOTIFICATION_GET:
		notification_get(s, caller, &req, out);
		break;
	case FFP_NOTIFICATION_INFO_GET_32:
	case FFP_NOTIFICATION_INFO_GET_64:
		notification_info_get(s, caller, &req, out);
		break;
	case FFP_RUN:
		do_run(s, caller, &req, out);
		break;
	default:
		ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
		break;
	}
	goto done;
status:
	if (st == FFP_RET_SUCCESS)
		ffp_resp_success32(out, 0);
	else
		ffp_resp_error(out, st);
done:
	/* Returning to the NWd delivers an SRI an SP asked to delay. */
	if (!FFP_ID_IS_SP(caller) && s->sri_delayed) {
		s->sri_delayed = 0;
		raise_sri(s);
	}
	if (s->ops && s->ops->trace)
		s->ops->trace(s->ctx, caller, &req, out);
}

ffp_s32 ffp_spmc_ring(struct ffp_spmc *s, ffp_u16 sp, ffp_u16 receiver,
		      ffp_u32 flags, ffp_u16 vcpu, ffp_u64 bitmap)
{
	struct ffp_regs in, out;

	if (!FFP_ID_IS_SP(sp) || !ffp_spmc_find_sp(s, sp))
		return FFP_RET_INVALID_PARAMETERS;
	ffp_enc_set(&in, sp, receiver, flags, vcpu, bitmap);
	ffp_spmc_call(s, sp, &in, &out);
	/* A ring from outside (test/control) ends with a return to the NWd. */
	if (s->sri_delayed) {
		s->sri_delayed = 0;
		raise_sri(s);
	}
	return ffp_resp_status(&out);
}
