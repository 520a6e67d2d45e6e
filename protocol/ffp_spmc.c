// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * Reference SPMC model.  Each handler's checks run in the order TF-Hafnium
 * v2.13.0 runs them, with its status codes; the comments name the Hafnium
 * function and the row of the audit table in docs/protocol.md ("H-SET-3"
 * and so on), which also names the test of each row.  Checks Hafnium does
 * not make but the spec and OP-TEE do (MBZ registers) are made only with
 * FFP_SPMC_STRICT and are marked "strict".  Where Hafnium would crash or
 * corrupt its memory the model answers an error instead; those rows say
 * so.
 *
 * The optee personality has handlers of its own (the last section), in
 * OP-TEE 4.10.0's order and TF-A v2.12 SPMD's before it, tagged with the
 * rows of the second table of docs/protocol.md ("O-AREA-n"): OP-TEE
 * keeps different state (one bitmap for VM 0, no senders, no vCPUs) and
 * makes different checks in a different order, so sharing Hafnium's
 * handlers would be a branch per line.  Both use ffp_abi.c's decoders
 * and encoders.
 */
#include "ffp_spmc.h"

/* ---- personality -------------------------------------------------------- */

static const struct {
	ffp_u32 personality;
	ffp_u32 flags;
	const char *name;
} personalities[] = {
	{ FFP_SPMC_HAFNIUM, 0, "hafnium" },
	{ FFP_SPMC_HAFNIUM, FFP_SPMC_STRICT, "hafnium+strict" },
	{ FFP_SPMC_HAFNIUM, FFP_SPMC_STRICT, "strict" },
	{ FFP_SPMC_OPTEE, 0, "optee" },
};

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int ffp_spmc_config_parse(struct ffp_spmc_config *cfg, const char *name)
{
	ffp_u32 i;

	if (!name)
		return -FFP_EINVAL;
	for (i = 0; i < FFP_ARRAY_SIZE(personalities); i++) {
		if (str_eq(name, personalities[i].name)) {
			cfg->personality = personalities[i].personality;
			cfg->flags = personalities[i].flags;
			return 0;
		}
	}
	return -FFP_EINVAL;
}

const char *ffp_spmc_config_name(const struct ffp_spmc_config *cfg)
{
	ffp_u32 pers = cfg->personality ? cfg->personality : FFP_SPMC_HAFNIUM;
	ffp_u32 i;

	for (i = 0; i < FFP_ARRAY_SIZE(personalities); i++)
		if (personalities[i].personality == pers &&
		    personalities[i].flags == cfg->flags)
			return personalities[i].name;
	return "unknown";
}

static int strict(const struct ffp_spmc *s)
{
	return (s->cfg.flags & FFP_SPMC_STRICT) != 0;
}

static int is_optee(const struct ffp_spmc *s)
{
	return s->cfg.personality == FFP_SPMC_OPTEE;
}

static void optee_init(struct ffp_spmc *s);
static void optee_call(struct ffp_spmc *s, ffp_u16 caller,
		       const struct ffp_regs *in, struct ffp_regs *out);
static ffp_s32 optee_ring(struct ffp_spmc *s, ffp_u16 sp, ffp_u16 receiver,
			  ffp_u32 flags, ffp_u16 vcpu, ffp_u64 bitmap);
static int optee_dispatches(ffp_u32 fid);

/* ---- endpoints ---------------------------------------------------------- */

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
	ep->ffa_version = 0;
	ep->version_locked = 0;
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

/*
 * Hafnium's ffa_vm_find_locked(): an SP, the other-world VM (ID 0, which
 * always exists), or a NWd VM that BITMAP_CREATE gave a slot.
 */
static struct ffp_endpoint *find_endpoint(struct ffp_spmc *s, ffp_u16 id)
{
	struct ffp_sp *sp;

	if (FFP_ID_IS_SP(id)) {
		sp = ffp_spmc_find_sp(s, id);
		return sp ? &sp->ep : FFP_NULL;
	}
	return ffp_spmc_find_vm(s, id);
}

/* The endpoint that made a call: the NWd is the other-world VM. */
static struct ffp_endpoint *caller_ep(struct ffp_spmc *s, ffp_u16 caller)
{
	return FFP_ID_IS_SP(caller) ? find_endpoint(s, caller) : &s->vms[0];
}

/* Bindings of notifications set by `sender`: kept per source world. */
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

int ffp_spmc_init(struct ffp_spmc *s, const struct ffp_partition_desc *parts,
		  ffp_u32 n_parts, const struct ffp_spmc_config *cfg,
		  const struct ffp_spmc_ops *ops, void *ctx)
{
	ffp_u32 i, j;
	int b;

	ffp_mem_zero(s, sizeof(*s));
	if (cfg) {
		if ((cfg->personality && cfg->personality != FFP_SPMC_HAFNIUM &&
		     cfg->personality != FFP_SPMC_OPTEE) ||
		    (cfg->flags & ~FFP_SPMC_STRICT) ||
		    (cfg->personality == FFP_SPMC_OPTEE && cfg->flags) ||
		    cfg->max_cpus > FFP_SPMC_MAX_VCPUS ||
		    (cfg->version && cfg->version != FFP_VERSION_1_1 &&
		     cfg->version != FFP_VERSION_1_2) ||
		    (cfg->personality == FFP_SPMC_OPTEE && cfg->version))
			return -FFP_EINVAL;
		s->cfg = *cfg;
	}
	if (!s->cfg.personality)
		s->cfg.personality = FFP_SPMC_HAFNIUM;
	if (!s->cfg.max_cpus)
		s->cfg.max_cpus = FFP_SPMC_DEFAULT_CPUS;
	if (n_parts > FFP_SPMC_MAX_PARTITIONS)
		return -FFP_EINVAL;
	for (i = 0; i < n_parts; i++) {
		const struct ffp_partition_desc *d = &parts[i];

		if (!FFP_ID_IS_SP(d->id) || d->id == FFP_ID_SPMC ||
		    d->id == FFP_ID_SPMD || FFP_ID_IS_SPMD_LP(d->id) ||
		    d->vcpu_count == 0 || d->vcpu_count > FFP_SPMC_MAX_VCPUS ||
		    (d->bind_from_nwd_per_vcpu & ~d->bind_from_nwd))
			return -FFP_EINVAL;
		for (j = 0; j < i; j++)
			if (parts[j].id == d->id)
				return -FFP_EINVAL;
		/* OP-TEE's partitions neither bind nor receive. */
		if (is_optee(s) &&
		    (d->bind_from_nwd || (d->behaviour & FFP_SP_ECHO)))
			return -FFP_EINVAL;
	}

	s->ops = ops;
	s->ctx = ctx;
	/* Hafnium's default build: FFA_VERSION_COMPILED is v1.2. */
	s->version = s->cfg.version ? s->cfg.version : FFP_VERSION_1_2;
	s->cfg.version = s->version;
	for (i = 0; i < FFP_SPMC_MAX_VMS; i++)
		endpoint_reset(&s->vms[i], (ffp_u16)FFP_ID_INVALID);
	/*
	 * H-BOOT-1: the other-world VM (load.c init_other_world_vm): always
	 * there, MAX_CPUS vCPUs, notifications off until BITMAP_CREATE, at the
	 * compiled version until the NWd's FFA_VERSION.
	 */
	s->vms[0].id = 0;
	s->vms[0].exists = 1;
	s->vms[0].vcpu_count = (ffp_u16)s->cfg.max_cpus;
	s->vms[0].ffa_version = s->version;
	s->nwd_version = s->version;

	s->n_sps = n_parts;
	for (i = 0; i < n_parts; i++) {
		struct ffp_sp *sp = &s->sps[i];

		sp->desc = parts[i];
		endpoint_reset(&sp->ep, sp->desc.id);
		sp->ep.exists = 1;
		sp->ep.vcpu_count = sp->desc.vcpu_count;
		/* H-BOOT-2: the manifest's notification support, whatever
		 * the partition's FF-A version (load.c).
		 */
		sp->ep.enabled =
			(sp->desc.properties & FFP_PART_NOTIF_RECV) != 0;
		sp->ep.ffa_version = sp->desc.ffa_version;
		sp->preempt_left = sp->desc.preempt_runs;
		for (b = 0; b < FFP_NUM_NOTIFICATIONS; b++) {
			if (!(sp->desc.bind_from_nwd & FFP_BIT64(b)))
				continue;
			sp->ep.from_vm.sender[b] = 0;
		}
		sp->ep.from_vm.per_vcpu = sp->desc.bind_from_nwd_per_vcpu;
	}
	if (is_optee(s))
		optee_init(s);
	return 0;
}

static void raise_sri(struct ffp_spmc *s)
{
	s->sris++;
	if (s->ops && s->ops->raise_sri)
		s->ops->raise_sri(s->ctx);
}

/* ---- VERSION, ID_GET, FEATURES ------------------------------------------ */

/* Hafnium's api_ffa_version(). */
static void do_version(struct ffp_spmc *s, ffp_u16 caller,
		       const struct ffp_regs *in, struct ffp_regs *out)
{
	ffp_u32 req = (ffp_u32)in->a[1];
	struct ffp_endpoint *ep = caller_ep(s, caller);
	int i;

	for (i = 0; i < 8; i++)
		out->a[i] = 0;
	/* H-VER-1 bit 31 MBZ; H-VER-2 another major, or a newer minor. */
	if ((req & 0x80000000U) ||
	    FFP_VERSION_MAJOR(req) != FFP_VERSION_MAJOR(s->version) ||
	    (FFP_VERSION_MINOR(req) > FFP_VERSION_MINOR(s->version) &&
	     s->version != FFP_VERSION_1_1)) {
		out->a[0] = (ffp_u32)FFP_RET_NOT_SUPPORTED;
		return;
	}
	/*
	 * Not Hafnium's: a v1.1 build (cfg.version) answers a newer minor
	 * with its own version, as the spec has a callee do (the caller
	 * decides: Linux 7.2's arm_ffa asks v1.2 and settles for v1.1), and
	 * holds the caller to v1.1.
	 */
	if (FFP_VERSION_MINOR(req) > FFP_VERSION_MINOR(s->version))
		req = s->version;
	/* H-VER-3 no change once other calls were made. */
	if (ep && ep->version_locked && req != ep->ffa_version) {
		out->a[0] = (ffp_u32)FFP_RET_NOT_SUPPORTED;
		return;
	}
	/* H-VER-4 the caller's version is what it asked for. */
	if (ep)
		ep->ffa_version = req;
	if (!FFP_ID_IS_SP(caller))
		s->nwd_version = req;
	out->a[0] = s->version;
}

/* Function IDs FFA_FEATURES reports (Hafnium's ffa_features_function(),
 * restricted to what the model serves: notifications, and the calls and
 * answers of the scheduling around them).
 */
static int fn_supported(const struct ffp_spmc *s, ffp_u32 fid)
{
	/* The queried ID is compared as given: no SVE hint masking. */
	if (fid & FFP_SMCCC_SVE_HINT)
		return 0;
	switch (fid) {
	case FFP_ERROR:
	case FFP_SUCCESS_32:
	case FFP_INTERRUPT:
	case FFP_MSG_WAIT:
		return 1;
	default:
		/* INFO_GET_32 not: Hafnium has only the 64-bit one. */
		return ffp_spmc_dispatches(s, fid);
	}
}

/* Hafnium's api_ffa_features(). */
static void do_features(struct ffp_spmc *s, ffp_u16 caller,
			const struct ffp_regs *in, struct ffp_regs *out)
{
	ffp_u32 id = (ffp_u32)in->a[1];

	if (id & 0x80000000U) {
		/* H-FEAT-1 a function ID; w2 is not looked at. */
		if (fn_supported(s, id))
			ffp_resp_success32(out, 0);
		else
			ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
		return;
	}
	/* H-FEAT-2 a feature ID: w1[30:8] and w2 (input properties) MBZ. */
	if ((id & 0x7fffff00U) || (ffp_u32)in->a[2]) {
		ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
		return;
	}
	/* H-FEAT-3 the SRI only to the NWd, NPI and MEI only to SPs. */
	if (id == FFP_FEAT_SRI && !FFP_ID_IS_SP(caller))
		ffp_resp_success32(out, FFP_SPMC_SRI_INTID);
	else if (id == FFP_FEAT_NPI && FFP_ID_IS_SP(caller))
		ffp_resp_success32(out, FFP_SPMC_NPI_INTID);
	else if (id == FFP_FEAT_MEI && FFP_ID_IS_SP(caller))
		ffp_resp_success32(out, FFP_SPMC_MEI_INTID);
	else
		ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
}

/* ---- BITMAP_CREATE / DESTROY -------------------------------------------- */

/* Hafnium's ffa_notifications_is_bitmap_access_valid(). */
static ffp_s32 bitmap_access(ffp_u16 caller, ffp_u16 vm_id)
{
	/* H-BMP-1 only the other world (the hypervisor, or the kernel). */
	if (caller != 0)
		return FFP_RET_NOT_SUPPORTED;
	/* H-BMP-2 a bitmap is for a NWd VM. */
	if (FFP_ID_IS_SP(vm_id))
		return FFP_RET_INVALID_PARAMETERS;
	return FFP_RET_SUCCESS;
}

/* Hafnium's api_ffa_notification_bitmap_create(). */
static ffp_s32 bitmap_create(struct ffp_spmc *s, ffp_u16 caller,
			     const struct ffp_regs *in)
{
	struct ffp_bitmap_create_args a;
	struct ffp_endpoint *ep;
	ffp_u32 vcpus;
	ffp_s32 st;
	int i;

	ffp_dec_bitmap_create(in, &a);
	st = bitmap_access(caller, a.vm_id);
	if (st != FFP_RET_SUCCESS)
		return st;
	/* strict: w1[31:16], w2[31:16] and w3..w7 MBZ (OP-TEE checks). */
	if (strict(s) && (a.w1_high || (a.vcpu_count >> 16) || a.mbz))
		return FFP_RET_INVALID_PARAMETERS;
	/* Hafnium reads the vCPU count as 16 bits. */
	vcpus = a.vcpu_count & 0xffffU;
	if (a.vm_id == 0) {
		/* H-CRE-1 once; H-CRE-2 enabled, the count ignored. */
		if (s->vms[0].enabled)
			return FFP_RET_DENIED;
		s->vms[0].enabled = 1;
		return FFP_RET_SUCCESS;
	}
	/* H-CRE-3 the VM's slot, or a free one (none: NO_MEMORY). */
	ep = ffp_spmc_find_vm(s, a.vm_id);
	for (i = 1; i < FFP_SPMC_MAX_VMS && !ep; i++)
		if (!s->vms[i].exists)
			ep = &s->vms[i];
	if (!ep)
		return FFP_RET_NO_MEMORY;
	/* H-CRE-4 once. */
	if (ep->exists && ep->enabled)
		return FFP_RET_DENIED;
	/*
	 * H-CRE-5 Hafnium takes any count, 0 included, and overruns its
	 * per-vCPU arrays above MAX_CPUS: the model, which cannot, answers
	 * NO_MEMORY (it holds FFP_SPMC_MAX_VCPUS).
	 */
	if (vcpus > FFP_SPMC_MAX_VCPUS)
		return FFP_RET_NO_MEMORY;
	endpoint_reset(ep, a.vm_id);
	ep->exists = 1;
	ep->enabled = 1;
	ep->vcpu_count = (ffp_u16)vcpus;
	/* A slot keeps the version Hafnium copied at boot. */
	ep->ffa_version = s->version;
	return FFP_RET_SUCCESS;
}

/* Hafnium's api_ffa_notification_bitmap_destroy(). */
static ffp_s32 bitmap_destroy(struct ffp_spmc *s, ffp_u16 caller,
			      const struct ffp_regs *in)
{
	struct ffp_bitmap_create_args a;
	struct ffp_endpoint *ep;
	ffp_s32 st;

	ffp_dec_bitmap_create(in, &a);
	st = bitmap_access(caller, a.vm_id);
	if (st != FFP_RET_SUCCESS)
		return st;
	/* strict: everything but w1[15:0] MBZ. */
	if (strict(s) && (a.w1_high || a.vcpu_count || a.mbz))
		return FFP_RET_INVALID_PARAMETERS;
	/* H-DES-1 unknown VM; H-DES-2 not enabled. */
	ep = ffp_spmc_find_vm(s, a.vm_id);
	if (!ep || !ep->enabled)
		return FFP_RET_DENIED;
	/*
	 * H-DES-3 anything pending from partitions.  Hafnium's mask is
	 * ~0x0U, 32 bits: it lets the destroy through with only IDs 32-63
	 * pending and leaves them behind.  The model checks all 64 (an
	 * error where Hafnium's answer is a success that loses state).
	 * Bindings from VMs cannot exist for a VM receiver.
	 */
	if (table_any_pending(&ep->from_sp, ~0ULL, ep->vcpu_count))
		return FFP_RET_DENIED;
	/* H-DES-4 off, unbound, nothing pending; a slot is freed; ID 0
	 * stays, with its vCPUs.
	 */
	if (ep->id == 0) {
		ep->enabled = 0;
		table_reset(&ep->from_sp);
		table_reset(&ep->from_vm);
	} else {
		endpoint_reset(ep, (ffp_u16)FFP_ID_INVALID);
	}
	return FFP_RET_SUCCESS;
}

/* ---- BIND / UNBIND ------------------------------------------------------ */

/* Hafnium's ffa_notifications_is_bind_valid(), SPMC flavour. */
static int bind_ids_valid(ffp_u16 caller, ffp_u16 sender, ffp_u16 receiver)
{
	/* H-BND-2a the SPMD's logical partitions neither bind nor are. */
	if (FFP_ID_IS_SPMD_LP(sender) || FFP_ID_IS_SPMD_LP(receiver))
		return 0;
	/* H-BND-2b */
	if (sender == receiver)
		return 0;
	/*
	 * H-BND-2e Hafnium's "unbound" marker, 0x7fff, passes its checks as
	 * a VM sender and then binds nothing while setting the per-vCPU
	 * flag (and a SET from it pends unbound IDs): a success that
	 * corrupts the bindings.  The model refuses it.
	 */
	if (sender == FFP_ID_INVALID)
		return 0;
	/* H-BND-2c an SP binds for itself, from anyone. */
	if (FFP_ID_IS_SP(caller))
		return caller == receiver;
	/* H-BND-2d the NWd binds for a VM, from an SP-world ID. */
	return FFP_ID_IS_SP(sender) && !FFP_ID_IS_SP(receiver);
}

/* Hafnium's api_ffa_notification_update_bindings(). */
static ffp_s32 update_bindings(struct ffp_spmc *s, ffp_u16 caller,
			       const struct ffp_regs *in, int is_bind)
{
	struct ffp_bind_args a;
	struct ffp_endpoint *ep;
	struct ffp_notif_table *t;
	ffp_u16 want;
	int b;

	ffp_dec_bind(in, &a);
	/*
	 * H-BND-1 BIND takes only the per-vCPU flag.  Hafnium's dispatcher
	 * passes UNBIND flags 0: its w2 is never read (strict: MBZ).
	 */
	if (!is_bind && !strict(s))
		a.flags = 0;
	if (a.flags & ~(is_bind ? FFP_BIND_PER_VCPU : 0U))
		return FFP_RET_INVALID_PARAMETERS;
	/* strict: w5..w7 MBZ. */
	if (strict(s) && a.mbz)
		return FFP_RET_INVALID_PARAMETERS;
	/* H-BND-2 who may bind what. */
	if (!bind_ids_valid(caller, a.sender, a.receiver))
		return FFP_RET_INVALID_PARAMETERS;
	/* H-BND-3 zero bitmap. */
	if (a.bitmap == 0)
		return FFP_RET_INVALID_PARAMETERS;
	/* H-BND-4 receiver unknown. */
	ep = find_endpoint(s, a.receiver);
	if (!ep)
		return FFP_RET_INVALID_PARAMETERS;
	/* H-BND-5 receiver below v1.1; H-BND-6 its notifications off. */
	if (ep->ffa_version < FFP_VERSION_1_1 || !ep->enabled)
		return FFP_RET_NOT_SUPPORTED;
	/* H-BND-7 BIND only: an SP-world sender must exist (not so for
	 * UNBIND, nor for VM senders).
	 */
	if (is_bind && FFP_ID_IS_SP(a.sender) && !ffp_spmc_find_sp(s, a.sender))
		return FFP_RET_INVALID_PARAMETERS;

	t = table_for(ep, a.sender);
	/* H-BND-8 BIND: all unbound (even to the same sender).  UNBIND: all
	 * bound to this sender.
	 */
	want = is_bind ? (ffp_u16)FFP_ID_INVALID : a.sender;
	for (b = 0; b < FFP_NUM_NOTIFICATIONS; b++)
		if ((a.bitmap & FFP_BIT64(b)) && t->sender[b] != want)
			return FFP_RET_DENIED;
	/* H-BND-9 any of them pending, globally or on any vCPU. */
	if (table_any_pending(t, a.bitmap, ep->vcpu_count))
		return FFP_RET_DENIED;
	/* H-BND-10 update. */
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
	/* H-SET-3a no SPMD logical partition; H-SET-3b not to itself;
	 * H-SET-3e not as the "unbound" marker (see H-BND-2e).
	 */
	if (FFP_ID_IS_SPMD_LP(sender) || FFP_ID_IS_SPMD_LP(receiver) ||
	    sender == receiver || sender == FFP_ID_INVALID)
		return 0;
	/* H-SET-3c an SP sets as itself, to anyone. */
	if (FFP_ID_IS_SP(caller))
		return caller == sender;
	/* H-SET-3d the NWd sets as a VM, to an SP-world ID. */
	return !FFP_ID_IS_SP(sender) && FFP_ID_IS_SP(receiver);
}

/* Every ID of `bitmap` bound to `sender`, and all of one kind. */
static int bound_to(const struct ffp_notif_table *t, ffp_u16 sender,
		    ffp_u64 bitmap, int per_vcpu)
{
	int b;

	for (b = 0; b < FFP_NUM_NOTIFICATIONS; b++)
		if ((bitmap & FFP_BIT64(b)) && t->sender[b] != sender)
			return 0;
	return per_vcpu ? (~t->per_vcpu & bitmap) == 0
			: (t->per_vcpu & bitmap) == 0;
}

/* Hafnium's api_ffa_notification_set(). */
static ffp_s32 notification_set(struct ffp_spmc *s, ffp_u16 caller,
				const struct ffp_regs *in)
{
	struct ffp_set_args a;
	struct ffp_endpoint *ep;
	struct ffp_notif_table *t;
	int per_vcpu;

	ffp_dec_set(in, &a);
	per_vcpu = (a.flags & FFP_SET_PER_VCPU) != 0;
	/* H-SET-1 flags bits [15:2] MBZ; strict: w5..w7 MBZ. */
	if ((a.flags & FFP_SET_MBZ_MASK) || (strict(s) && a.mbz))
		return FFP_RET_INVALID_PARAMETERS;
	/* H-SET-2 a global notification names no vCPU. */
	if (!per_vcpu && a.vcpu != 0)
		return FFP_RET_INVALID_PARAMETERS;
	/* H-SET-3 who may set what. */
	if (!set_ids_valid(caller, a.sender, a.receiver))
		return FFP_RET_INVALID_PARAMETERS;
	/* H-SET-4 zero bitmap. */
	if (a.bitmap == 0)
		return FFP_RET_INVALID_PARAMETERS;
	/* H-SET-5 only SPs delay the SRI (tested on the sender's world). */
	if ((a.flags & FFP_SET_DELAY_SRI) && !FFP_ID_IS_SP(a.sender))
		return FFP_RET_INVALID_PARAMETERS;
	/* H-SET-6 receiver unknown. */
	ep = find_endpoint(s, a.receiver);
	if (!ep)
		return FFP_RET_INVALID_PARAMETERS;
	/* H-SET-7 receiver's notifications off (no version is checked). */
	if (!ep->enabled)
		return FFP_RET_DENIED;
	t = table_for(ep, a.sender);
	/* H-SET-8 all bound to this sender, but as the other kind. */
	if (bound_to(t, a.sender, a.bitmap, !per_vcpu))
		return FFP_RET_INVALID_PARAMETERS;
	/* H-SET-9 not all bound to this sender as this kind. */
	if (!bound_to(t, a.sender, a.bitmap, per_vcpu))
		return FFP_RET_DENIED;
	/*
	 * H-SET-10 vCPU in range.  Hafnium also CHECKs vcpu < count for a
	 * global SET, and so panics on a VM created with 0 vCPUs: the
	 * model answers INVALID_PARAMETERS there.
	 */
	if ((per_vcpu || ep->vcpu_count == 0) && a.vcpu >= ep->vcpu_count)
		return FFP_RET_INVALID_PARAMETERS;
	/* H-SET-11 pend; bits already pending stay pending once, and keep
	 * their "reported by INFO_GET" mark.
	 */
	if (per_vcpu)
		t->vcpu_pending[a.vcpu] |= a.bitmap;
	else
		t->global_pending |= a.bitmap;
	/* H-SET-12 the SRI now (which also delivers a delayed one), or
	 * when the SPMC next returns to the NWd.
	 */
	if (a.flags & FFP_SET_DELAY_SRI) {
		s->sri_delayed = 1;
	} else {
		s->sri_delayed = 0;
		raise_sri(s);
	}
	return FFP_RET_SUCCESS;
}

/* ---- GET ---------------------------------------------------------------- */

static ffp_u64 table_take(struct ffp_notif_table *t, ffp_u16 vcpu)
{
	ffp_u64 bits = t->global_pending | t->vcpu_pending[vcpu];

	t->global_retrieved = 0;
	t->vcpu_retrieved[vcpu] = 0;
	t->global_pending = 0;
	t->vcpu_pending[vcpu] = 0;
	return bits;
}

/* Hafnium's api_ffa_notification_get(). */
static void notification_get(struct ffp_spmc *s, ffp_u16 caller,
			     const struct ffp_regs *in, struct ffp_regs *out)
{
	struct ffp_get_args a;
	struct ffp_get_result res = { 0 };
	struct ffp_endpoint *ep;

	ffp_dec_get(in, &a);
	/* H-GET-1 flags bits [31:4] MBZ; strict: w3..w7 MBZ. */
	if ((a.flags & ~FFP_GET_ALL) || (strict(s) && a.mbz))
		goto invalid;
	/*
	 * H-GET-2 an SP gets its own, the NWd a VM's; a VM receiver has no
	 * VM or hypervisor bitmaps to ask for.
	 */
	if (!((!FFP_ID_IS_SPMD_LP(a.receiver) && caller == a.receiver) ||
	      (caller == 0 && !FFP_ID_IS_SP(a.receiver))))
		goto invalid;
	if (!FFP_ID_IS_SP(a.receiver) && (a.flags & (FFP_GET_VM | FFP_GET_HYP)))
		goto invalid;
	/*
	 * H-GET-3 receiver unknown: a NWd VM without a bitmap fails a CHECK
	 * in Hafnium (the SPMC panics); the model answers INVALID_PARAMETERS.
	 * Whether notifications are enabled is not checked: ID 0 answers
	 * before BITMAP_CREATE and after DESTROY.
	 */
	ep = find_endpoint(s, a.receiver);
	if (!ep)
		goto invalid;
	/* H-GET-4 vCPU out of range. */
	if (a.vcpu >= ep->vcpu_count)
		goto invalid;
	/* H-GET-5 the global bits and this vCPU's, with their marks. */
	if (a.flags & FFP_GET_SP)
		res.sp = table_take(&ep->from_sp, a.vcpu);
	if (a.flags & FFP_GET_VM)
		res.vm = table_take(&ep->from_vm, a.vcpu);
	/* H-GET-6 framework notifications come from FFA_MSG_SEND2, which
	 * the model does not serve: SPM and HYP stay 0.
	 */
	ffp_resp_get(out, &res);
	return;
invalid:
	ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
}

/* ---- INFO_GET ----------------------------------------------------------- */

/* Hafnium's per-endpoint list builder states (vm.c). */
enum info_state { INFO_INIT, INFO_INSERTING, INFO_STARTING_NEW, INFO_FULL };

struct info_builder {
	struct ffp_info *info;
	ffp_u32 ids_used;
	enum info_state state;
};

/*
 * Hafnium's vm_insert_notification_info_list().  The first pending item
 * of an endpoint opens a list (its ID, and the vCPU if per-vCPU); a later
 * global item adds nothing to it; a per-vCPU one appends its vCPU, and a
 * list with three starts a new one at the next item.  Returns 0 when the
 * item does not fit (the response is full).
 */
static int info_insert(struct info_builder *ib, ffp_u16 id, int per_vcpu,
		       ffp_u16 vcpu)
{
	struct ffp_info_list *l;

	if (ib->state == INFO_FULL || ib->ids_used == FFP_INFO_MAX_IDS_64) {
		ib->state = INFO_FULL;
		return 0;
	}
	if (ib->state != INFO_INSERTING) {
		if (per_vcpu && FFP_INFO_MAX_IDS_64 - ib->ids_used < 2) {
			ib->state = INFO_FULL;
			return 0;
		}
		l = &ib->info->lists[ib->info->n_lists++];
		l->id = id;
		l->n_vcpus = 0;
		ib->ids_used++;
		ib->state = INFO_INSERTING;
		if (!per_vcpu)
			return 1;
	} else {
		if (!per_vcpu)
			return 1;
		l = &ib->info->lists[ib->info->n_lists - 1];
	}
	l->vcpus[l->n_vcpus++] = vcpu;
	ib->ids_used++;
	if (l->n_vcpus == FFP_INFO_MAX_VCPUS_PER_LIST)
		ib->state = INFO_STARTING_NEW;
	return 1;
}

/* Hafnium's vm_notifications_state_info_get(): report what is new. */
static void info_item(struct info_builder *ib, ffp_u16 id, ffp_u64 pending,
		      ffp_u64 *retrieved, int per_vcpu, ffp_u16 vcpu)
{
	ffp_u64 fresh = pending & ~*retrieved;

	if (fresh && info_insert(ib, id, per_vcpu, vcpu))
		*retrieved |= fresh;
}

static void info_table(struct info_builder *ib, struct ffp_endpoint *ep,
		       struct ffp_notif_table *t)
{
	ffp_u16 v;

	info_item(ib, ep->id, t->global_pending, &t->global_retrieved, 0, 0);
	for (v = 0; v < ep->vcpu_count; v++)
		info_item(ib, ep->id, t->vcpu_pending[v], &t->vcpu_retrieved[v],
			  1, v);
}

/* Hafnium's vm_notifications_info_get(): one endpoint; 0 once full. */
static int info_endpoint(struct info_builder *ib, struct ffp_endpoint *ep)
{
	if (!ep->exists)
		return 1;
	ib->state = INFO_INIT;
	info_table(ib, ep, &ep->from_sp);
	info_table(ib, ep, &ep->from_vm);
	return ib->state != INFO_FULL;
}

static int table_unreported(const struct ffp_notif_table *t, ffp_u16 vcpus)
{
	ffp_u16 v;

	if (t->global_pending & ~t->global_retrieved)
		return 1;
	for (v = 0; v < vcpus; v++)
		if (t->vcpu_pending[v] & ~t->vcpu_retrieved[v])
			return 1;
	return 0;
}

static int endpoint_unreported(const struct ffp_endpoint *ep)
{
	return ep->exists && (table_unreported(&ep->from_sp, ep->vcpu_count) ||
			      table_unreported(&ep->from_vm, ep->vcpu_count));
}

/* Hafnium's api_ffa_notification_info_get(). */
static void notification_info_get(struct ffp_spmc *s, ffp_u16 caller,
				  const struct ffp_regs *in,
				  struct ffp_regs *out)
{
	struct ffp_info info;
	struct info_builder ib;
	ffp_u32 i;
	int r, more = 0;

	/* H-INF-1 only the receivers' scheduler, in the NWd, asks. */
	if (caller != 0) {
		ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
		return;
	}
	/* strict: w1..w7 MBZ (OP-TEE checks them; Hafnium reads none). */
	for (r = 1; r < 8 && strict(s); r++) {
		if ((ffp_u32)in->a[r]) {
			ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
			return;
		}
	}
	info.is_64 = 1;
	info.n_lists = 0;
	info.more_pending = 0;
	ib.info = &info;
	ib.ids_used = 0;
	ib.state = INFO_INIT;
	/* H-INF-2 the SPs (in ID order), then ID 0, then the other VMs. */
	for (i = 0; i < s->n_sps && info_endpoint(&ib, &s->sps[i].ep); i++)
		;
	for (i = 0; ib.state != INFO_FULL && i < FFP_SPMC_MAX_VMS &&
		    info_endpoint(&ib, &s->vms[i]);
	     i++)
		;
	/* H-INF-3 nothing new to report. */
	if (info.n_lists == 0) {
		ffp_resp_error(out, FFP_RET_NO_DATA);
		return;
	}
	/* H-INF-4 more pending: anything pending anywhere not reported yet
	 * (Hafnium's counters, compared after this call's marks).
	 */
	for (i = 0; i < s->n_sps && !more; i++)
		more = endpoint_unreported(&s->sps[i].ep);
	for (i = 0; i < FFP_SPMC_MAX_VMS && !more; i++)
		more = endpoint_unreported(&s->vms[i]);
	info.more_pending = more;
	/*
	 * H-INF-5 pack.  Hafnium computes the size fields of lists 11 to
	 * 20 in 32 bits and shifts them out of range (onto w2's low bits);
	 * the model packs them where the spec puts them, x2[51:32].
	 */
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

/* Hafnium's api_ffa_run(), for partitions that are waiting when not
 * running (the model's are).
 */
static void do_run(struct ffp_spmc *s, ffp_u16 caller,
		   const struct ffp_regs *in, struct ffp_regs *out)
{
	struct ffp_sp *sp;
	ffp_u16 ep, vcpu;
	int r;

	ffp_dec_run(in, &ep, &vcpu);
	sp = ffp_spmc_find_sp(s, ep);
	if (FFP_ID_IS_SP(caller)) {
		/* H-RUN-4 an SP may resume only a preempted or blocked SP:
		 * none is, from another partition's view.
		 */
		ffp_resp_error(out, sp || ep == 0 ? FFP_RET_DENIED
						  : FFP_RET_INVALID_PARAMETERS);
		return;
	}
	/* strict: w2..w7 MBZ. */
	for (r = 2; r < 8 && strict(s); r++)
		if ((ffp_u32)in->a[r])
			sp = FFP_NULL;
	/* H-RUN-1 an unknown target (a VM: ID 0 is Hafnium's own vCPU);
	 * H-RUN-2 vCPU out of range.
	 */
	if (!sp || vcpu >= sp->desc.vcpu_count) {
		ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
		return;
	}
	if (sp->preempt_left) {
		/* H-RUN-3 a (simulated) NS interrupt preempts the partition:
		 * the scheduler must resume exactly this vCPU, by w1.
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

int ffp_spmc_dispatches(const struct ffp_spmc *s, ffp_u64 fid)
{
	if (is_optee(s))
		return optee_dispatches((ffp_u32)fid & ~FFP_SMCCC_SVE_HINT);
	switch ((ffp_u32)fid & ~FFP_SMCCC_SVE_HINT) {
	case FFP_VERSION:
	case FFP_ID_GET:
	case FFP_SPM_ID_GET:
	case FFP_FEATURES:
	case FFP_NOTIFICATION_BITMAP_CREATE:
	case FFP_NOTIFICATION_BITMAP_DESTROY:
	case FFP_NOTIFICATION_BIND:
	case FFP_NOTIFICATION_UNBIND:
	case FFP_NOTIFICATION_SET:
	case FFP_NOTIFICATION_GET:
	case FFP_NOTIFICATION_INFO_GET_64:
	case FFP_RUN:
		return 1;
	default:
		return 0;
	}
}

/*
 * Hafnium's ffa_handler() and what surrounds it (handler.c): the SVE hint
 * is masked off, and x0[63:32] ignored; a function it does not dispatch
 * (INFO_GET_32 among them) gets FFA_ERROR(NOT_SUPPORTED) from the NWd and
 * SMCCC's "unknown" (x0 = -1, x1..x7 as they were) from an SP.  After a
 * dispatched call, the caller's FF-A version is fixed (but by VERSION),
 * and a return to the NWd delivers an SRI an SP delayed.
 */
void ffp_spmc_call(struct ffp_spmc *s, ffp_u16 caller,
		   const struct ffp_regs *in, struct ffp_regs *out)
{
	/* H-DIS-1 */
	ffp_u32 fid = (ffp_u32)in->a[0] & ~FFP_SMCCC_SVE_HINT;
	struct ffp_regs req = *in; /* in and out may be the same block */
	struct ffp_endpoint *ep;
	ffp_s32 st;

	if (is_optee(s)) {
		optee_call(s, caller, &req, out);
		return;
	}
	s->calls++;
	switch (fid) {
	case FFP_VERSION:
		do_version(s, caller, &req, out);
		break;
	case FFP_ID_GET: /* H-ID-1 */
		ffp_resp_success32(out, caller);
		break;
	case FFP_SPM_ID_GET: /* H-ID-2 */
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
	case FFP_NOTIFICATION_INFO_GET_64:
		notification_info_get(s, caller, &req, out);
		break;
	case FFP_RUN:
		do_run(s, caller, &req, out);
		break;
	default:
		/* H-DIS-2 (NWd), H-DIS-3 (SP); H-DIS-4 no delayed SRI. */
		if (FFP_ID_IS_SP(caller)) {
			*out = req;
			out->a[0] = FFP_SMCCC_UNKNOWN;
		} else {
			ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
		}
		goto traced;
	}
	goto handled;
status:
	if (st == FFP_RET_SUCCESS)
		ffp_resp_success32(out, 0);
	else
		ffp_resp_error(out, st);
handled:
	ep = caller_ep(s, caller);
	if (ep && fid != FFP_VERSION)
		ep->version_locked = 1;
	if (!FFP_ID_IS_SP(caller) && s->sri_delayed) {
		s->sri_delayed = 0;
		raise_sri(s);
	}
traced:
	if (s->ops && s->ops->trace)
		s->ops->trace(s->ctx, caller, &req, out);
}

ffp_s32 ffp_spmc_ring(struct ffp_spmc *s, ffp_u16 sp, ffp_u16 receiver,
		      ffp_u32 flags, ffp_u16 vcpu, ffp_u64 bitmap)
{
	struct ffp_regs in, out;

	if (!FFP_ID_IS_SP(sp) || !ffp_spmc_find_sp(s, sp))
		return FFP_RET_INVALID_PARAMETERS;
	if (is_optee(s))
		return optee_ring(s, sp, receiver, flags, vcpu, bitmap);
	ffp_enc_set(&in, sp, receiver, flags, vcpu, bitmap);
	ffp_spmc_call(s, sp, &in, &out);
	/* A ring from outside (test/control) ends with a return to the NWd. */
	if (s->sri_delayed) {
		s->sri_delayed = 0;
		raise_sri(s);
	}
	return ffp_resp_status(&out);
}

/* ---- personality optee: OP-TEE 4.10.0, S-EL1 SPMC ---------------------- */

/*
 * What the normal world sees of OP-TEE 4.10.0 as the S-EL1 SPMC
 * (core/arch/arm/kernel/thread_spmc.c, "thread_spmc.c" in the tags'
 * rows), built for QEMU (vexpress qemu_armv8a: CFG_CORE_ASYNC_NOTIF=y
 * with SGI 8, CFG_ENABLE_EMBEDDED_TESTS=y, so the test watchdog is in,
 * the Test LSP not: O-BOOT-2; CFG_NS_VIRTUALIZATION=n,
 * CFG_SECURE_PARTITION=n), and
 * of TF-A v2.12's SPMD in front of it (services/std_svc/spmd/
 * spmd_main.c), which answers VERSION's sanity check, ID_GET and
 * SPM_ID_GET itself and forwards the rest.  OP-TEE reads whole 64-bit
 * registers where it checks them (ffp_regs_any()).
 */

#define OPTEE_TEE_ERROR_BAD_PARAMETERS 0xffff0006U
#define OPTEE_FFA_YIELDING_CALL (1U << 31)
#define OPTEE_FFA_GET_API_VERSION 0U
#define OPTEE_FFA_GET_OS_VERSION 1U
#define OPTEE_FFA_EXCHANGE_CAPABILITIES 2U
#define OPTEE_FFA_UNREGISTER_SHM 3U
#define OPTEE_FFA_ENABLE_ASYNC_NOTIF 5U
#define OPTEE_FFA_MAX_ASYNC_NOTIF_VALUE 64
/* optee_ffa.h: OPTEE_FFA_SEC_CAP_ARG_OFFSET | _ASYNC_NOTIF (ready) |
 * _RPMB_PROBE (CFG_RPMB_ANNOUNCE_PROBE_CAP=y by default).
 */
#define OPTEE_SEC_CAPS 0x7U
#define OPTEE_RPC_MAX_NUM_PARAMS 4U /* THREAD_RPC_MAX_NUM_PARAMS */
#define OPTEE_REVISION_MAJOR 4U
#define OPTEE_REVISION_MINOR 10U
#define OPTEE_FFA_NORMAL_WORLD_RESUME FFP_NORMAL_WORLD_RESUME
#define FFA_MSG_FLAG_FRAMEWORK (1U << 31)
#define FFA_MSG_TYPE_MASK 0xffU
#define FFA_MSG_VERSION_REQ 8U
#define FFA_MSG_VERSION_RESP 9U

static void optee_init(struct ffp_spmc *s)
{
	/*
	 * O-BOOT-1 spmc_init(): the NWd's version (my_rxtx.ffa_vers) is
	 * v1.0 until it asks; no bitmap, no async value (the static
	 * notif_vm_bitmap is zero: value 0, not started); notifications are
	 * ready from boot (the GIC driver gives SGI 8, plat-vexpress main.c).
	 */
	s->nwd_version = FFP_VERSION_1_0;
	s->vms[0].ffa_version = FFP_VERSION_1_0;
	ffp_mem_zero(&s->optee, sizeof(s->optee));
	/*
	 * O-BOOT-2 the partitions are the embedder's: QEMU's OP-TEE build
	 * registers the first of ffp_spmc_optee_partitions alone
	 * (FFP_SPMC_OPTEE_QEMU_PARTITIONS): its Test LSP is built only
	 * without CFG_TEE_CORE_EMBED_INTERNAL_TESTS (arm.mk).
	 */
}

static int optee_dispatches(ffp_u32 fid)
{
	switch (fid) {
	case FFP_VERSION:
	case FFP_ID_GET:
	case FFP_SPM_ID_GET:
	case FFP_FEATURES:
	case FFP_NOTIFICATION_BITMAP_CREATE:
	case FFP_NOTIFICATION_BITMAP_DESTROY:
	case FFP_NOTIFICATION_BIND:
	case FFP_NOTIFICATION_UNBIND:
	case FFP_NOTIFICATION_GET:
	case FFP_NOTIFICATION_INFO_GET_32:
	case FFP_NOTIFICATION_INFO_GET_64:
	case FFP_RUN:
	case FFP_MSG_SEND_DIRECT_REQ_32:
	case FFP_MSG_SEND_DIRECT_REQ_64:
	case OPTEE_FFA_NORMAL_WORLD_RESUME: /* DENIED, by the SPMD */
		return 1;
	default:
		/* FFA_NOTIFICATION_SET among them: OP-TEE lists it in
		 * FEATURES but thread_spmc_msg_recv() has no case for it.
		 */
		return 0;
	}
}

/* spmc_exchange_version(): OP-TEE's answer to FFA_VERSION. */
static ffp_u32 optee_exchange_version(struct ffp_spmc *s, ffp_u32 req)
{
	/*
	 * O-VER-2 always v1.2, whatever was asked; the NWd's version is the
	 * one asked when the major is 1 (v1.2 if the minor is newer), and
	 * stays for another major.  No lock: it may be renegotiated at any
	 * time, even after other calls.
	 */
	if (FFP_VERSION_MAJOR(req) != FFP_VERSION_MAJOR(FFP_VERSION_1_2))
		return FFP_VERSION_1_2;
	if (FFP_VERSION_MINOR(req) > FFP_VERSION_MINOR(FFP_VERSION_1_2))
		req = FFP_VERSION_1_2;
	s->nwd_version = req;
	s->vms[0].ffa_version = req;
	return FFP_VERSION_1_2;
}

/* spmd_smc_handler()'s FFA_VERSION from the NWd, forwarded to OP-TEE. */
static void optee_version(struct ffp_spmc *s, const struct ffp_regs *in,
			  struct ffp_regs *out)
{
	ffp_u32 req = (ffp_u32)in->a[1];
	int i;

	for (i = 0; i < 8; i++)
		out->a[i] = 0;
	/* O-VER-1 the SPMD refuses bit 31 (w0 = NOT_SUPPORTED). */
	if (req & 0x80000000U) {
		out->a[0] = (ffp_u32)FFP_RET_NOT_SUPPORTED;
		return;
	}
	out->a[0] = optee_exchange_version(s, req);
}

/* handle_features(): x1 compared in 64 bits, w2 never read. */
static void optee_features(const struct ffp_regs *in, struct ffp_regs *out)
{
	switch (in->a[1]) {
	case FFP_FEAT_SRI:
		/* O-FEAT-3 SGI 8, once async notifications are ready: from
		 * boot on QEMU.
		 */
		ffp_resp_success32(out, FFP_SPMC_SRI_INTID);
		return;
	case FFP_RXTX_MAP_32:
	case FFP_RXTX_MAP_64:
		/* O-FEAT-2 4 KiB buffers (w2 = 0); MEM_SHARE: w2 bit 0. */
		ffp_resp_success32(out, FFP_RXTX_MIN_SZ_4K);
		return;
	case FFP_MEM_SHARE_32:
	case FFP_MEM_SHARE_64:
		ffp_resp_success32(out, 1);
		return;
	/* O-FEAT-1 the function IDs OP-TEE lists, SET and INFO_GET_32
	 * included, ID_GET and RUN not.
	 */
	case FFP_ERROR:
	case FFP_VERSION:
	case FFP_SUCCESS_32:
	case FFP_SUCCESS_64:
	case FFP_FEATURES:
	case FFP_SPM_ID_GET:
	case FFP_MEM_FRAG_TX:
	case FFP_MEM_RECLAIM:
	case FFP_MSG_SEND_DIRECT_REQ_64:
	case FFP_MSG_SEND_DIRECT_REQ_32:
	case FFP_INTERRUPT:
	case FFP_PARTITION_INFO_GET:
	case FFP_RXTX_UNMAP:
	case FFP_RX_RELEASE:
	case FFP_FEAT_MEI:
	case FFP_NOTIFICATION_BITMAP_CREATE:
	case FFP_NOTIFICATION_BITMAP_DESTROY:
	case FFP_NOTIFICATION_BIND:
	case FFP_NOTIFICATION_UNBIND:
	case FFP_NOTIFICATION_SET:
	case FFP_NOTIFICATION_GET:
	case FFP_NOTIFICATION_INFO_GET_32:
	case FFP_NOTIFICATION_INFO_GET_64:
		ffp_resp_success32(out, 0);
		return;
	default:
		/* O-FEAT-4 anything else: NPI, ID_GET, RUN, a queried ID
		 * with the SVE hint (x1[63:32] never reaches OP-TEE set:
		 * O-DIS-6).
		 */
		ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
	}
}

/* get_notif_vm_bitmap(): VM 0's, the only one without virtualization. */
static int optee_vm_ok(ffp_u16 vm_id)
{
	return vm_id == 0;
}

/* handle_notification_bitmap_create() and _destroy(). */
static ffp_s32 optee_bitmap(struct ffp_spmc *s, const struct ffp_regs *in,
			    int create)
{
	struct ffp_bitmap_create_args a;
	struct ffp_spmc_optee *o = &s->optee;

	ffp_dec_bitmap_create(in, &a);
	/* O-BMP-1 w1[31:16] and x3..x7 MBZ; w2 (vCPU count) not read. */
	if (a.w1_high || ffp_regs_any(in, 3, 7))
		return FFP_RET_INVALID_PARAMETERS;
	/* O-BMP-2 VM 0 only. */
	if (!optee_vm_ok(a.vm_id))
		return FFP_RET_INVALID_PARAMETERS;
	if (create) {
		/* O-CRE-1 once. */
		if (o->initialized)
			return FFP_RET_DENIED;
		/* O-CRE-2 created; the async value reset to "none". */
		o->initialized = 1;
		o->async_value = -1;
		return FFP_RET_SUCCESS;
	}
	/* O-DES-1 anything bound or pending. */
	if (o->pending || o->bound)
		return FFP_RET_DENIED;
	/*
	 * O-DES-2 memset to zero: not created, async value 0 (not "none"),
	 * even when it was never created.  notif.c's "started" and the
	 * watchdog are not touched.
	 */
	o->initialized = 0;
	o->async_value = 0;
	o->pending = 0;
	o->bound = 0;
	return FFP_RET_SUCCESS;
}

/* handle_notification_bind() and _unbind(). */
static ffp_s32 optee_bind(struct ffp_spmc *s, const struct ffp_regs *in,
			  int bind)
{
	struct ffp_spmc_optee *o = &s->optee;
	struct ffp_bind_args a;
	ffp_u64 bitmap;

	ffp_dec_bind(in, &a);
	bitmap = a.bitmap;
	if (bind) {
		/* O-BND-1 x5..x7 MBZ. */
		if (ffp_regs_any(in, 5, 7))
			return FFP_RET_INVALID_PARAMETERS;
		/* O-BND-2 "We only deal with global notifications": any
		 * x2, per-vCPU or not, is DENIED.
		 */
		if (ffp_regs_any(in, 2, 2))
			return FFP_RET_DENIED;
		/* O-BND-3 the receiver is VM 0; the sender is not read. */
		if (!optee_vm_ok(a.receiver))
			return FFP_RET_INVALID_PARAMETERS;
		/* O-BND-4 an ID already bound, by any sender. */
		if (bitmap & o->bound)
			return FFP_RET_DENIED;
		/* O-BND-5 bound: one set for the VM; a zero bitmap passes,
		 * and no bitmap need have been created.
		 */
		o->bound |= bitmap;
		return FFP_RET_SUCCESS;
	}
	/* O-UNB-1 x2 and x5..x7 MBZ. */
	if (ffp_regs_any(in, 2, 2) || ffp_regs_any(in, 5, 7))
		return FFP_RET_INVALID_PARAMETERS;
	/* O-UNB-2 the receiver is VM 0; the sender is not read. */
	if (!optee_vm_ok(a.receiver))
		return FFP_RET_INVALID_PARAMETERS;
	/* O-UNB-3 an ID pending. */
	if (bitmap & o->pending)
		return FFP_RET_DENIED;
	/* O-UNB-4 unbound, whether it was bound or not. */
	o->bound &= ~bitmap;
	return FFP_RET_SUCCESS;
}

/* handle_notification_get(). */
static void optee_get(struct ffp_spmc *s, const struct ffp_regs *in,
		      struct ffp_regs *out)
{
	struct ffp_get_result res = { 0 };
	struct ffp_get_args a;

	ffp_dec_get(in, &a);
	/* O-GET-1 x5..x7 MBZ; x3, x4 not read. */
	if (ffp_regs_any(in, 5, 7)) {
		ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
		return;
	}
	/* O-GET-2 without the SP flag: nothing, from anyone. */
	if (!(in->a[2] & FFP_GET_SP)) {
		ffp_resp_get(out, &res);
		return;
	}
	/* O-GET-3 VM 0 only; the vCPU, w1[31:16], is not read. */
	if (!optee_vm_ok(a.receiver)) {
		ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
		return;
	}
	/* O-GET-4 all that is pending, as SP-sent, and cleared. */
	res.sp = s->optee.pending;
	s->optee.pending = 0;
	ffp_resp_get(out, &res);
}

/* handle_notification_info_get(). */
static void optee_info_get(struct ffp_spmc *s, const struct ffp_regs *in,
			   struct ffp_regs *out)
{
	struct ffp_info info;

	/* O-INF-1 x1..x7 MBZ. */
	if (ffp_regs_any(in, 1, 7)) {
		ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
		return;
	}
	/* O-INF-2 nothing pending. */
	if (!s->optee.pending) {
		ffp_resp_error(out, FFP_RET_NO_DATA);
		return;
	}
	/*
	 * O-INF-3 one list, VM 0 with no vCPUs, never more pending, in the
	 * asked width; nothing is marked reported, so the same answer comes
	 * until GET.
	 */
	info.is_64 = ((ffp_u32)in->a[0] & 0x40000000U) != 0;
	info.more_pending = 0;
	info.n_lists = 1;
	info.lists[0].id = 0;
	info.lists[0].n_vcpus = 0;
	ffp_resp_info_get(out, &info);
}

/* spmc_handle_run(). */
static ffp_s32 optee_run(struct ffp_spmc *s, const struct ffp_regs *in)
{
	ffp_u16 ep, vcpu;

	ffp_dec_run(in, &ep, &vcpu);
	/* O-RUN-1 an LSP (the SPMC included) is never preempted. */
	if (ep == FFP_ID_SPMC || ffp_spmc_find_sp(s, ep))
		return FFP_RET_INVALID_PARAMETERS;
	/* O-RUN-2 anything else would be an S-EL0 SP: none built in. */
	return FFP_RET_NOT_SUPPORTED;
}

/* notif_deliver_atomic_event(NOTIF_EVENT_STARTED) and the watchdog's
 * atomic callback: the first one arms the watchdog.
 */
static void optee_notif_started(struct ffp_spmc *s)
{
	/* O-NTF-3 started once: later ones change only the value. */
	if (s->optee.started)
		return;
	s->optee.started = 1;
	s->optee.wd_enabled = 1;
}

/* spmc_enable_async_notif(). */
static ffp_u32 optee_enable_async(struct ffp_spmc *s, ffp_u32 value,
				  ffp_u16 vm_id)
{
	/*
	 * O-DIR-9 a value of 64 or more, or a VM other than 0 →
	 * TEE_ERROR_BAD_PARAMETERS; else the value is kept and the
	 * notification framework started.  ("Not ready" cannot happen on
	 * QEMU.)
	 */
	if (value >= OPTEE_FFA_MAX_ASYNC_NOTIF_VALUE || !optee_vm_ok(vm_id))
		return OPTEE_TEE_ERROR_BAD_PARAMETERS;
	s->optee.async_value = (ffp_s32)value;
	optee_notif_started(s);
	return 0;
}

/* handle_framework_direct_request(): 0 if answered with a response. */
static int optee_framework(struct ffp_spmc *s, const struct ffp_direct_msg *m,
			   struct ffp_direct_msg *r)
{
	/*
	 * O-DIR-5 only VERSION_REQ is served without virtualization: the
	 * answer carries OP-TEE's version exchange (O-VER-2); any other
	 * framework message is FFA_ERROR(NOT_SUPPORTED).
	 */
	if ((m->flags & FFA_MSG_TYPE_MASK) != FFA_MSG_VERSION_REQ)
		return -1;
	r->flags = FFA_MSG_FLAG_FRAMEWORK | FFA_MSG_VERSION_RESP;
	r->data[0] = optee_exchange_version(s, (ffp_u32)m->data[0]);
	return 0;
}

/* optee_lsp_handle_direct_request(): OP-TEE's own FF-A ABI. */
static int optee_core_lsp(struct ffp_spmc *s, const struct ffp_direct_msg *m,
			  struct ffp_direct_msg *r)
{
	ffp_u32 svc = (ffp_u32)m->data[0];

	if (m->flags & FFA_MSG_FLAG_FRAMEWORK)
		return optee_framework(s, m, r);
	/*
	 * O-DIR-11 model only: yielding calls (w3 bit 31, OP-TEE threads)
	 * and UNREGISTER_SHM (shared memory) need what the model does not
	 * have: FFA_ERROR(NOT_SUPPORTED).
	 */
	if ((svc & OPTEE_FFA_YIELDING_CALL) || svc == OPTEE_FFA_UNREGISTER_SHM)
		return -1;
	switch (svc) {
	case OPTEE_FFA_GET_API_VERSION:
		/* O-DIR-6 the OP-TEE FF-A ABI's version, 1.0. */
		r->data[0] = 1;
		r->data[1] = 0;
		break;
	case OPTEE_FFA_GET_OS_VERSION:
		/* O-DIR-7 4.10; w5 (the build's git SHA1, high half) 0. */
		r->data[0] = OPTEE_REVISION_MAJOR;
		r->data[1] = OPTEE_REVISION_MINOR;
		break;
	case OPTEE_FFA_EXCHANGE_CAPABILITIES:
		/* O-DIR-8 w4 = RPC parameters, w5 = capabilities. */
		r->data[1] = OPTEE_RPC_MAX_NUM_PARAMS;
		r->data[2] = OPTEE_SEC_CAPS;
		break;
	case OPTEE_FFA_ENABLE_ASYNC_NOTIF:
		r->data[0] = optee_enable_async(s, (ffp_u32)m->data[1], m->src);
		break;
	default:
		/* O-DIR-10 an unknown service ID. */
		r->data[0] = OPTEE_TEE_ERROR_BAD_PARAMETERS;
		break;
	}
	return 0;
}

/* handle_direct_request() behind the SPMD's checks. */
static void optee_direct_req(struct ffp_spmc *s, const struct ffp_regs *in,
			     struct ffp_regs *out)
{
	struct ffp_direct_msg m, r;
	struct ffp_sp *sp;
	int i, st = 0;

	ffp_dec_direct_msg(in, &m);
	/*
	 * O-DIR-1 the SPMD's "no SPMD logical partition at either end" is
	 * compiled out (ENABLE_SPMD_LP=0, TF-A's default): such IDs meet
	 * the checks below (a secure source, no LSP).
	 */
	/* O-DIR-2 the SPMD: a NWd caller sends from a NWd ID. */
	if (FFP_ID_IS_SP(m.src))
		goto invalid;
	ffp_mem_zero(&r, sizeof(r));
	r.is_64 = m.is_64;
	r.src = m.dst;
	r.dst = m.src;
	if (m.dst == FFP_ID_SPMC) {
		/* O-DIR-4 the SPMC's LSP takes framework messages only. */
		if (!(m.flags & FFA_MSG_FLAG_FRAMEWORK))
			goto invalid;
		st = optee_framework(s, &m, &r);
		goto answer;
	}
	/* O-DIR-3 no S-EL0 SPs: a destination that is no LSP. */
	sp = ffp_spmc_find_sp(s, m.dst);
	if (!sp || !(sp->desc.behaviour & (FFP_SP_OPTEE | FFP_SP_SUM)))
		goto invalid;
	if (sp->desc.behaviour & FFP_SP_OPTEE) {
		st = optee_core_lsp(s, &m, &r);
	} else {
		/* O-DIR-12 the Test LSP: the sum, w4..w7 as they came. */
		for (i = 0; i < 5; i++)
			r.data[0] += m.data[i];
		for (i = 1; i < 5; i++)
			r.data[i] = m.data[i];
	}
answer:
	if (st) {
		ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
		return;
	}
	ffp_enc_direct_resp(out, &r);
	return;
invalid:
	ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
}

static void optee_status(struct ffp_regs *out, ffp_s32 st)
{
	if (st == FFP_RET_SUCCESS)
		ffp_resp_success32(out, 0);
	else
		ffp_resp_error(out, st);
}

/*
 * TF-A's SMC entry and spmd_smc_handler(), then OP-TEE's
 * thread_spmc_msg_recv().  in and out may not alias here (the caller
 * copied in).
 */
static void optee_call(struct ffp_spmc *s, ffp_u16 caller,
		       const struct ffp_regs *in, struct ffp_regs *out)
{
	struct ffp_regs req;
	int i;
	/*
	 * O-DIS-1 TF-A masks the SVE hint off and passes w0: x0[63:32] is
	 * ignored, from the SPMD to OP-TEE.
	 */
	ffp_u32 fid = (ffp_u32)in->a[0] & ~FFP_SMCCC_SVE_HINT;

	s->calls++;
	if (FFP_ID_IS_SP(caller)) {
		/*
		 * O-DIS-4 model only: OP-TEE's partitions are its own code
		 * and make no FF-A calls, and there are no S-EL0 SPs; a
		 * call "from" one changes nothing.
		 */
		ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
		goto traced;
	}
	/* O-DIS-2 a fast call with bits 23:17 set: SMCCC's unknown, x0
	 * alone written.
	 */
	if (fid & FFP_SMCCC_FC_RESERVED) {
		*out = *in;
		out->a[0] = FFP_SMCCC_UNKNOWN;
		goto traced;
	}
	/*
	 * O-DIS-5 TF-A v2.12's is_ffa_fid() takes function numbers 0x60..0x8E
	 * only (FFA_FNUM_MAX_VALUE): one above is no FF-A call, and the
	 * standard service answers SMCCC's unknown, x0 alone written
	 * (measured by tests/optee/diff.sh).
	 */
	if ((fid & 0xffffU) > 0x8eU) {
		*out = *in;
		out->a[0] = FFP_SMCCC_UNKNOWN;
		goto traced;
	}
	/*
	 * O-DIS-6 std_svc_smc_handler(): an SMC32 call's x1..x4 lose their
	 * upper halves before the SPMD sees them (x5..x7 travel whole): what
	 * OP-TEE checks in 64 bits there is w1..w4 (measured by
	 * tests/optee/diff.sh: BIND with x2[63:32] set succeeds, FEATURES
	 * with x1[63:32] set answers for w1).
	 */
	req = *in;
	req.a[0] = fid; /* what the SPMD passes on: no SVE hint (O-DIS-1) */
	for (i = 1; i <= 4 && !(fid & 0x40000000U); i++)
		req.a[i] &= 0xffffffffULL;
	in = &req;
	/* From here on, every handler decodes the call as OP-TEE sees it. */
	switch (fid) {
	case FFP_VERSION:
		optee_version(s, in, out);
		break;
	case FFP_ID_GET: /* O-ID-1 the SPMD answers: the NWd is 0. */
		ffp_resp_success32(out, 0);
		break;
	case FFP_SPM_ID_GET: /* O-ID-2 the SPMD: the manifest's spmc_id. */
		ffp_resp_success32(out, FFP_ID_SPMC);
		break;
	case FFP_FEATURES:
		optee_features(in, out);
		break;
	case FFP_NOTIFICATION_BITMAP_CREATE:
		optee_status(out, optee_bitmap(s, in, 1));
		break;
	case FFP_NOTIFICATION_BITMAP_DESTROY:
		optee_status(out, optee_bitmap(s, in, 0));
		break;
	case FFP_NOTIFICATION_BIND:
		optee_status(out, optee_bind(s, in, 1));
		break;
	case FFP_NOTIFICATION_UNBIND:
		optee_status(out, optee_bind(s, in, 0));
		break;
	case FFP_NOTIFICATION_GET:
		optee_get(s, in, out);
		break;
	case FFP_NOTIFICATION_INFO_GET_32:
	case FFP_NOTIFICATION_INFO_GET_64:
		optee_info_get(s, in, out);
		break;
	case FFP_RUN:
		optee_status(out, optee_run(s, in));
		break;
	case FFP_MSG_SEND_DIRECT_REQ_32:
	case FFP_MSG_SEND_DIRECT_REQ_64:
		optee_direct_req(s, in, out);
		break;
	case OPTEE_FFA_NORMAL_WORLD_RESUME:
		/* O-DIS-7 the SPMD: from the NWd, or with no secure
		 * interrupt under way, DENIED (measured).
		 */
		ffp_resp_error(out, FFP_RET_DENIED);
		break;
	default:
		/*
		 * O-DIS-3 what neither the SPMD nor OP-TEE serves
		 * (FFA_NOTIFICATION_SET among them: "Unhandled FFA function
		 * ID"), FFA_ERROR(NOT_SUPPORTED), w1 and w3..w7 zero.
		 */
		ffp_resp_error(out, FFP_RET_NOT_SUPPORTED);
		break;
	}
traced:
	if (s->ops && s->ops->trace)
		s->ops->trace(s->ctx, caller, in, out);
}

/* notif_send_async() from the test watchdog's callout. */
int ffp_spmc_tick(struct ffp_spmc *s)
{
	struct ffp_spmc_optee *o = &s->optee;

	if (!is_optee(s) || !o->wd_enabled)
		return 0;
	o->wd_calls++;
	/*
	 * O-NTF-2 a value of "none" (a bitmap created after
	 * ENABLE_ASYNC_NOTIF): OP-TEE's assert fails (a panic in a debug
	 * build, an out-of-range shift otherwise); the model sends nothing.
	 */
	if (o->async_value < 0)
		return 0;
	/*
	 * O-NTF-1 the value's bit pends for VM 0, bound or not, bitmap
	 * created or not, and the SRI is raised on this CPU.
	 */
	o->pending |= FFP_BIT64(o->async_value);
	raise_sri(s);
	return 1;
}

static ffp_s32 optee_ring(struct ffp_spmc *s, ffp_u16 sp, ffp_u16 receiver,
			  ffp_u32 flags, ffp_u16 vcpu, ffp_u64 bitmap)
{
	struct ffp_direct_msg m;
	struct ffp_regs in, out;
	const struct ffp_sp *p = ffp_spmc_find_sp(s, sp);
	int id;

	/*
	 * O-RING-1 model only: OP-TEE rings VM 0 with one global ID, its
	 * async value.  A ring is what Linux's optee driver and OP-TEE do
	 * for it: ENABLE_ASYNC_NOTIF(ID) from VM 0, then a watchdog tick.
	 */
	if (!(p->desc.behaviour & FFP_SP_OPTEE) || receiver != 0 || flags ||
	    vcpu || !bitmap || (bitmap & (bitmap - 1)))
		return FFP_RET_INVALID_PARAMETERS;
	for (id = 0; !(bitmap & FFP_BIT64(id)); id++)
		;
	ffp_mem_zero(&m, sizeof(m));
	m.src = 0;
	m.dst = sp;
	m.data[0] = OPTEE_FFA_ENABLE_ASYNC_NOTIF;
	m.data[1] = (ffp_u64)id;
	ffp_enc_direct_req(&in, &m);
	ffp_spmc_call(s, 0, &in, &out);
	if ((ffp_u32)out.a[0] != FFP_MSG_SEND_DIRECT_RESP_32 ||
	    (ffp_u32)out.a[3] != 0)
		return FFP_RET_INVALID_PARAMETERS;
	ffp_spmc_tick(s);
	return FFP_RET_SUCCESS;
}
