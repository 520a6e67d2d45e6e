// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * EL3 test firmware for QEMU virt (secure=on, virtualization=on,
 * gic-version=3): boots Linux at NS EL2, answers PSCI 1.1 and SMCCC 1.2,
 * and stands in for an FF-A SPMC with the protocol core's reference model
 * (protocol/ffp_spmc.c) answering every notification call unchanged.  A
 * test double for the notification ABI, not a secure monitor: see
 * README.md for what it is and is not.
 */
#include "ffp_spmc.h"

/* ---- platform ------------------------------------------------------------ */

#define MAX_CPUS 4
#define STACK_SIZE 0x4000
#define UART_BASE 0x09000000UL
#define GPIO_BASE 0x090b0000UL /* secure PL061: pin 0 off, pin 1 reset */
#define GICD_BASE 0x08000000UL
#define GICR_BASE 0x080a0000UL
#define GICR_STRIDE 0x20000UL
#define NS_ENTRY 0x40200000UL
#define NS_DTB 0x4f000000UL
#define NS_RAM_START 0x40000000UL
#define NS_RAM_END 0x100000000UL

#define SCR_EL3_VAL 0x535UL /* RW | HCE | RES1 | FIQ | NS */
#define SCTLR_EL2_VAL 0x30c50830UL /* RES1, MMU and caches off */

static inline void w32(unsigned long a, ffp_u32 v)
{
	*(volatile ffp_u32 *)a = v;
}

static inline ffp_u32 r32(unsigned long a)
{
	return *(volatile ffp_u32 *)a;
}

#define sysreg_write(reg, v) __asm__ volatile("msr " reg ", %0" ::"r"(v))
#define sysreg_read(reg, v) __asm__ volatile("mrs %0, " reg : "=r"(v))
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb() __asm__ volatile("dsb sy" ::: "memory")

extern char el3_stacks[];
void el3_enter_ns(unsigned long entry, unsigned long x0,
		  unsigned long stack_top) __attribute__((noreturn));
void el3_main(void);
void el3_secondary_main(void);
void el3_smc(ffp_u64 *frame);
void el3_unexpected(unsigned long kind, unsigned long esr, unsigned long elr,
		    unsigned long far);

/* gcc emits these even freestanding (struct copies, zeroing). */
void *memcpy(void *d, const void *s, ffp_size n);
void *memset(void *d, int c, ffp_size n);
void *memmove(void *d, const void *s, ffp_size n);

void *memcpy(void *d, const void *s, ffp_size n)
{
	ffp_u8 *dp = d;
	const ffp_u8 *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, ffp_size n)
{
	ffp_u8 *dp = d;
	const ffp_u8 *sp = s;

	if (dp < sp)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

void *memset(void *d, int c, ffp_size n)
{
	ffp_u8 *dp = d;

	while (n--)
		*dp++ = (ffp_u8)c;
	return d;
}

static unsigned int this_cpu(void)
{
	unsigned long mpidr;

	sysreg_read("mpidr_el1", mpidr);
	return (unsigned int)(mpidr & 0xff);
}

/*
 * One lock around the model, the SMC record and the log.  With the MMU off
 * every access is Device-nGnRnE, where exclusives are IMPLEMENTATION
 * DEFINED (Arm ARM B2.9); QEMU TCG implements them, which is all this test
 * double runs on (README.md).
 */
static volatile ffp_u32 big_lock;

static void lock(void)
{
	ffp_u32 tmp, busy;

	__asm__ volatile("	sevl\n"
			 "1:	wfe\n"
			 "2:	ldaxr	%w0, [%2]\n"
			 "	cbnz	%w0, 1b\n"
			 "	stxr	%w1, %w3, [%2]\n"
			 "	cbnz	%w1, 2b\n"
			 : "=&r"(tmp), "=&r"(busy)
			 : "r"(&big_lock), "r"(1)
			 : "memory");
}

static void unlock(void)
{
	__asm__ volatile("stlr wzr, [%0]\n sev" ::"r"(&big_lock) : "memory");
}

/* ---- log: "el3: " lines on the PL011 ------------------------------------- */

static void uart_putc(char c)
{
	while (r32(UART_BASE + 0x18) & (1U << 5))
		;
	w32(UART_BASE, (ffp_u8)c);
}

static void puts_raw(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s);
	}
}

static void put_hex(ffp_u64 v)
{
	char buf[19];
	int i = 18;

	buf[i] = 0;
	do {
		buf[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	puts_raw(&buf[i]);
}

static void put_dec(ffp_u64 v)
{
	char buf[21];
	int i = 20;

	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	puts_raw(&buf[i]);
}

/*
 * A tiny printf: %s, %x (hex with 0x, any width: the argument is a u64),
 * %u (u64), %c; every number is passed as a u64 (no format checking:
 * the conversions are not printf's).  Callers hold the lock, or run
 * before other CPUs do.
 */

static void vlogf(const char *fmt, __builtin_va_list ap)
{
	const char *s;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			if (*fmt == '\n')
				uart_putc('\r');
			uart_putc(*fmt);
			continue;
		}
		fmt++;
		while (*fmt == 'l')
			fmt++;
		switch (*fmt) {
		case 's':
			s = __builtin_va_arg(ap, const char *);
			puts_raw(s ? s : "(null)");
			break;
		case 'x':
			put_hex(__builtin_va_arg(ap, ffp_u64));
			break;
		case 'u':
			put_dec(__builtin_va_arg(ap, ffp_u64));
			break;
		case 'c':
			uart_putc((char)__builtin_va_arg(ap, int));
			break;
		default:
			uart_putc('%');
			uart_putc(*fmt);
			break;
		}
	}
}

static void logf(const char *fmt, ...)
{
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	puts_raw("el3: ");
	vlogf(fmt, ap);
	__builtin_va_end(ap);
}

/* ---- GICv3, secure side --------------------------------------------------- */

#define GICD_CTLR 0x0
#define GICD_TYPER 0x4
#define GICD_IGROUPR 0x80
#define GICD_IGRPMODR 0xd00
#define GICD_CTLR_RWP (1U << 31)
#define GICD_CTLR_ARE_S (1U << 4)
#define GICD_CTLR_ARE_NS (1U << 5)
#define GICD_CTLR_GRP0 (1U << 0)
#define GICD_CTLR_GRP1NS (1U << 1)
#define GICR_WAKER 0x14
#define GICR_SGI 0x10000UL
#define GICR_IGROUPR0 0x80
#define GICR_IGRPMODR0 0xd00
#define ICC_SRE_EL3 "S3_6_C12_C12_5"
#define ICC_ASGI1R_EL1 "S3_0_C12_C11_6"
#define SRI_SGI FFP_SPMC_SRI_INTID

static void gicd_init(void)
{
	ffp_u32 lines, i;

	w32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS);
	while (r32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
	/* Every SPI Non-secure Group 1: Linux owns them all. */
	lines = 32 * ((r32(GICD_BASE + GICD_TYPER) & 0x1f) + 1);
	for (i = 1; i < lines / 32; i++) {
		w32(GICD_BASE + GICD_IGROUPR + 4 * i, 0xffffffffU);
		w32(GICD_BASE + GICD_IGRPMODR + 4 * i, 0);
	}
	w32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS |
					   GICD_CTLR_GRP0 | GICD_CTLR_GRP1NS);
	while (r32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

static void gic_cpu_init(unsigned int cpu)
{
	unsigned long rd = GICR_BASE + cpu * GICR_STRIDE;
	unsigned long sre = 0xf; /* SRE | DFB | DIB | Enable (lower ELs) */

	w32(rd + GICR_WAKER, r32(rd + GICR_WAKER) & ~(1U << 1));
	while (r32(rd + GICR_WAKER) & (1U << 2))
		;
	/* Every SGI and PPI Non-secure Group 1, SGI 8 (the SRI) included. */
	w32(rd + GICR_SGI + GICR_IGROUPR0, 0xffffffffU);
	w32(rd + GICR_SGI + GICR_IGRPMODR0, 0);
	sysreg_write(ICC_SRE_EL3, sre);
	isb();
	/* PMR resets to 0, a Secure priority: Non-secure writes to it are
	 * then ignored (GICv3 with DS=0) and Linux would mask everything.
	 */
	sysreg_write("S3_0_C4_C6_0", 0xffUL); /* ICC_PMR_EL1 */
	isb();
}

/* NS Group 1 SGI ("for the other security state") to this CPU. */
static void send_sri(void)
{
	unsigned long mpidr, v;

	sysreg_read("mpidr_el1", mpidr);
	v = ((unsigned long)SRI_SGI << 24) | (((mpidr >> 8) & 0xff) << 16) |
	    (1UL << (mpidr & 0xf));
	sysreg_write(ICC_ASGI1R_EL1, v);
	isb();
}

/* ---- the SPMC: the protocol core's model, and what it does not cover ------ */

static struct ffp_spmc spmc;

/* Which SPMC the model answers as: the Makefile's PERSONALITY. */
/* The FF-A version the model is built for: the Makefile's FFA_VERSION. */
#ifndef FW_FFA_VERSION
#define FW_FFA_VERSION FFP_VERSION_1_2
#endif
#ifndef FW_PERSONALITY
#define FW_PERSONALITY "hafnium"
#endif
static struct ffp_spmc_config model_cfg = { .max_cpus = MAX_CPUS };
static unsigned int sri_cpu_mask; /* CPUs an SRI was sent to (under lock) */

/* SMC record: every FF-A call served, from the NWd or a partition. */
struct smc_rec {
	ffp_u16 cpu;
	ffp_u16 caller;
	ffp_u32 fid;
	ffp_u32 w1;
	ffp_u32 w2;
	ffp_u64 bitmap; /* w3 | w4 << 32 */
	ffp_u32 out0;
	ffp_s32 status;
};
#define REC_SIZE 4096
static struct smc_rec rec[REC_SIZE];
static ffp_u64 rec_count;

static void record(ffp_u16 caller, const struct ffp_regs *in,
		   const struct ffp_regs *out)
{
	struct smc_rec *r = &rec[rec_count++ % REC_SIZE];

	r->cpu = (ffp_u16)this_cpu();
	r->caller = caller;
	r->fid = (ffp_u32)in->a[0];
	r->w1 = (ffp_u32)in->a[1];
	r->w2 = (ffp_u32)in->a[2];
	r->bitmap = ffp_bitmap_join(in->a[3], in->a[4]);
	r->out0 = (ffp_u32)out->a[0];
	r->status = ffp_resp_status(out);
}

static void log_call(ffp_u16 caller, const struct ffp_regs *in,
		     const struct ffp_regs *out)
{
	const char *name = ffp_fn_name((ffp_u32)in->a[0]);
	ffp_s32 st = ffp_resp_status(out);

	logf("c%u %s%x %s w1=%x w2=%x w3=%x w4=%x -> %x w2=%x w3=%x %s\n",
	     (ffp_u64)this_cpu(), caller ? "sp " : "nwd ", (ffp_u64)caller,
	     name ? name : "?", in->a[1], in->a[2], in->a[3], in->a[4],
	     out->a[0], out->a[2], out->a[3],
	     (ffp_u32)out->a[0] == FFP_ERROR || st == 0 ? ffp_status_name(st)
							: "");
}

/* The model's trace op: calls its partitions make (NWd calls are logged
 * by el3_ffa, with the calls the model does not serve).
 */
static void model_trace(void *ctx, ffp_u16 caller, const struct ffp_regs *in,
			const struct ffp_regs *out)
{
	(void)ctx;
	if (!caller)
		return;
	record(caller, in, out);
	log_call(caller, in, out);
}

static void model_raise_sri(void *ctx)
{
	(void)ctx;
	sri_cpu_mask |= 1U << this_cpu();
	send_sri();
}

static const struct ffp_spmc_ops model_ops = {
	.raise_sri = model_raise_sri,
	.trace = model_trace,
};

/* RX/TX buffers of the NWd (endpoint 0). */
static struct {
	int mapped;
	ffp_u64 tx, rx;
	ffp_u32 pages;
	int rx_busy; /* the NWd owns the RX buffer until RX_RELEASE */
} nwd_buf;

static int ns_range_ok(ffp_u64 pa, ffp_u64 size)
{
	return (pa & (FFP_PAGE_SIZE - 1)) == 0 && pa >= NS_RAM_START &&
	       pa + size <= NS_RAM_END && pa + size > pa;
}

static ffp_s32 rxtx_map(const struct ffp_regs *in)
{
	struct ffp_rxtx_map_args a;
	ffp_u64 size;

	ffp_dec_rxtx_map(in, &a);
	size = (ffp_u64)a.page_count * FFP_PAGE_SIZE;
	if (a.mbz || !a.page_count || !ns_range_ok(a.tx, size) ||
	    !ns_range_ok(a.rx, size) ||
	    (a.tx < a.rx + size && a.rx < a.tx + size))
		return FFP_RET_INVALID_PARAMETERS;
	if (nwd_buf.mapped)
		return FFP_RET_DENIED;
	nwd_buf.mapped = 1;
	nwd_buf.tx = a.tx;
	nwd_buf.rx = a.rx;
	nwd_buf.pages = a.page_count;
	nwd_buf.rx_busy = 0;
	return FFP_RET_SUCCESS;
}

static ffp_s32 rxtx_unmap(const struct ffp_regs *in)
{
	ffp_u32 mbz;

	if (ffp_dec_rxtx_unmap(in, &mbz) != 0 || mbz || !nwd_buf.mapped)
		return FFP_RET_INVALID_PARAMETERS;
	nwd_buf.mapped = 0;
	return FFP_RET_SUCCESS;
}

static ffp_s32 rx_release(const struct ffp_regs *in)
{
	ffp_u32 mbz;

	if (ffp_dec_rx_release(in, &mbz) != 0 || mbz)
		return FFP_RET_INVALID_PARAMETERS;
	if (!nwd_buf.mapped || !nwd_buf.rx_busy)
		return FFP_RET_DENIED;
	nwd_buf.rx_busy = 0;
	return FFP_RET_SUCCESS;
}

static int uuid_is_null(const ffp_u8 *u)
{
	int i;

	for (i = 0; i < 16; i++)
		if (u[i])
			return 0;
	return 1;
}

static int uuid_eq(const ffp_u8 *a, const ffp_u8 *b)
{
	int i;

	for (i = 0; i < 16; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static void partition_info_get(const struct ffp_regs *in, struct ffp_regs *out)
{
	struct ffp_partition_info_get_args a;
	struct ffp_part_desc d;
	int v11 = spmc.nwd_version >= FFP_VERSION_1_1;
	ffp_u32 size = v11 ? FFP_PART_DESC_SIZE_V1_1 : FFP_PART_DESC_SIZE_V1_0;
	ffp_u32 i, n = 0;

	ffp_dec_partition_info_get(in, &a);
	/* v1.0 has no flags: w5 is MBZ there. */
	if (a.mbz || (a.flags & ~(v11 ? FFP_PART_INFO_COUNT_ONLY : 0U))) {
		ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
		return;
	}
	for (i = 0; i < spmc.n_sps; i++)
		if (uuid_is_null(a.uuid) ||
		    uuid_eq(a.uuid, spmc.sps[i].desc.uuid))
			n++;
	if (!n) {
		ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
		return;
	}
	if (!(a.flags & FFP_PART_INFO_COUNT_ONLY)) {
		ffp_size bytes = (ffp_size)nwd_buf.pages * FFP_PAGE_SIZE;
		ffp_u32 k = 0;

		if (!nwd_buf.mapped) {
			ffp_resp_error(out, FFP_RET_DENIED);
			return;
		}
		if (nwd_buf.rx_busy) {
			ffp_resp_error(out, FFP_RET_BUSY);
			return;
		}
		if ((ffp_size)n * size > bytes) {
			ffp_resp_error(out, FFP_RET_NO_MEMORY);
			return;
		}
		for (i = 0; i < spmc.n_sps; i++) {
			const struct ffp_partition_desc *p = &spmc.sps[i].desc;

			if (!uuid_is_null(a.uuid) && !uuid_eq(a.uuid, p->uuid))
				continue;
			d.id = p->id;
			d.exec_ctx = p->vcpu_count;
			d.properties = p->properties;
			memcpy(d.uuid, p->uuid, 16);
			ffp_enc_part_desc((void *)(unsigned long)nwd_buf.rx,
					  bytes, size, k++, &d);
		}
		nwd_buf.rx_busy = 1;
	}
	/* v1.0 answers no size: w3 is MBZ there. */
	ffp_resp_partition_info_get(out, n, v11 ? size : 0);
}

/*
 * The control channel: direct requests to a partition, answered on its
 * behalf by the firmware, so that tests can drive and inspect it.
 *   x3 = 1 RING:     x4 receiver, x5 vcpu << 16 | SET flags, x6 bitmap;
 *                    x3 = FF-A status of the partition's SET
 *   x3 = 2 BINDINGS: x4 receiver; x4 = IDs it bound from this partition,
 *                    x5 = those per-vCPU, x6 = IDs it has pending from
 *                    any partition (global), x7 = IDs bound from anyone
 *   x3 = 3 COUNT:    x4 fid, x5 w1, x6 w1 mask, x7 caller; x4 = calls
 *                    recorded that match, x5 = those answered SUCCESS,
 *                    x6 = calls recorded in all
 *   x3 = 4 RECEIVED: x4 = what the partition received, x5 = its runs,
 *                    x6 = its echo failures
 * Unknown commands answer x3 = NOT_SUPPORTED.
 */
#define CTL_RING 1
#define CTL_BINDINGS 2
#define CTL_COUNT 3
#define CTL_RECEIVED 4
#define CTL_PERSONALITY 5

static void control(struct ffp_sp *sp, const struct ffp_direct_msg *req,
		    struct ffp_direct_msg *resp)
{
	struct ffp_endpoint *ep;
	ffp_u64 i, n = 0, ok = 0;
	int b;

	switch (req->data[0]) {
	case CTL_RING:
		resp->data[0] = (ffp_u32)ffp_spmc_ring(
			&spmc, sp->desc.id, (ffp_u16)req->data[1],
			(ffp_u32)req->data[2] & 0xffff,
			(ffp_u16)(req->data[2] >> 16), req->data[3]);
		break;
	case CTL_BINDINGS:
		ep = FFP_ID_IS_SP((ffp_u16)req->data[1])
			     ? &ffp_spmc_find_sp(&spmc, (ffp_u16)req->data[1])
					->ep
			     : ffp_spmc_find_vm(&spmc, (ffp_u16)req->data[1]);
		if (!ep || (FFP_ID_IS_SP((ffp_u16)req->data[1]) &&
			    !ffp_spmc_find_sp(&spmc, (ffp_u16)req->data[1]))) {
			resp->data[0] = (ffp_u32)FFP_RET_INVALID_PARAMETERS;
			break;
		}
		for (b = 0; b < FFP_NUM_NOTIFICATIONS; b++) {
			if (ep->from_sp.sender[b] == sp->desc.id)
				resp->data[1] |= FFP_BIT64(b);
			if (ep->from_sp.sender[b] != FFP_ID_INVALID)
				resp->data[4] |= FFP_BIT64(b);
		}
		resp->data[2] = ep->from_sp.per_vcpu & resp->data[1];
		resp->data[3] = ep->from_sp.global_pending;
		resp->data[0] = 0;
		break;
	case CTL_COUNT:
		for (i = rec_count > REC_SIZE ? rec_count - REC_SIZE : 0;
		     i < rec_count; i++) {
			const struct smc_rec *r = &rec[i % REC_SIZE];

			if (r->fid != (ffp_u32)req->data[1] ||
			    r->caller != (ffp_u16)req->data[4] ||
			    (r->w1 & (ffp_u32)req->data[3]) !=
				    ((ffp_u32)req->data[2] &
				     (ffp_u32)req->data[3]))
				continue;
			n++;
			if (r->status == FFP_RET_SUCCESS)
				ok++;
		}
		resp->data[0] = 0;
		resp->data[1] = n;
		resp->data[2] = ok;
		resp->data[3] = rec_count;
		break;
	case CTL_RECEIVED:
		resp->data[0] = 0;
		resp->data[1] = sp->received;
		resp->data[2] = sp->received_runs;
		resp->data[3] = sp->echo_failures;
		break;
	case CTL_PERSONALITY:
		resp->data[0] = 0;
		resp->data[1] = spmc.cfg.personality;
		resp->data[2] = spmc.cfg.flags;
		resp->data[3] = spmc.cfg.max_cpus;
		break;
	default:
		resp->data[0] = (ffp_u32)FFP_RET_NOT_SUPPORTED;
		break;
	}
}

static void direct_req(const struct ffp_regs *in, struct ffp_regs *out)
{
	struct ffp_direct_msg req, resp;
	struct ffp_sp *sp;

	if (ffp_dec_direct_msg(in, &req) != 0 || req.src != 0 || req.flags) {
		ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
		return;
	}
	sp = ffp_spmc_find_sp(&spmc, req.dst);
	if (!sp || !(sp->desc.properties & FFP_PART_DIRECT_REQ_RECV)) {
		ffp_resp_error(out, FFP_RET_INVALID_PARAMETERS);
		return;
	}
	ffp_mem_zero(&resp, sizeof(resp));
	resp.is_64 = req.is_64;
	resp.src = req.dst;
	resp.dst = req.src;
	control(sp, &req, &resp);
	ffp_enc_direct_resp(out, &resp);
}

static int fw_feature(ffp_u32 fid)
{
	switch (fid) {
	case FFP_RXTX_MAP_32:
	case FFP_RXTX_MAP_64:
	case FFP_RXTX_UNMAP:
	case FFP_RX_RELEASE:
	case FFP_PARTITION_INFO_GET:
	case FFP_MSG_SEND_DIRECT_REQ_32:
	case FFP_MSG_SEND_DIRECT_REQ_64:
		return 1;
	default:
		return 0;
	}
}

static void status_resp(struct ffp_regs *out, ffp_s32 st)
{
	if (st == FFP_RET_SUCCESS)
		ffp_resp_success32(out, 0);
	else
		ffp_resp_error(out, st);
}

/*
 * A partition gets cycles right after the NWd set notifications for it:
 * Linux's scheduler never calls FFA_RUN, so the firmware runs it, through
 * the model's FFA_RUN (the partition GETs and, if it echoes, SETs back).
 */
static void run_after_set(const struct ffp_regs *in, const struct ffp_regs *out)
{
	struct ffp_set_args a;
	struct ffp_regs run, res;

	if (ffp_resp_status(out) != FFP_RET_SUCCESS)
		return;
	ffp_dec_set(in, &a);
	if (!FFP_ID_IS_SP(a.receiver))
		return;
	ffp_enc_run(&run, a.receiver,
		    (a.flags & FFP_SET_PER_VCPU) ? a.vcpu : 0);
	ffp_spmc_call(&spmc, 0, &run, &res);
	record(0, &run, &res);
	log_call(0, &run, &res);
}

static void el3_ffa(ffp_u64 *frame)
{
	struct ffp_regs in, out;
	ffp_u32 fid = (ffp_u32)frame[0];
	int i;

	for (i = 0; i < 8; i++)
		in.a[i] = frame[i];
	ffp_mem_zero(&out, sizeof(out));
	lock();
	switch (fid) {
	case FFP_RXTX_MAP_32:
	case FFP_RXTX_MAP_64:
		status_resp(&out, rxtx_map(&in));
		break;
	case FFP_RXTX_UNMAP:
		status_resp(&out, rxtx_unmap(&in));
		break;
	case FFP_RX_RELEASE:
		status_resp(&out, rx_release(&in));
		break;
	case FFP_PARTITION_INFO_GET:
		partition_info_get(&in, &out);
		break;
	case FFP_MSG_SEND_DIRECT_REQ_32:
	case FFP_MSG_SEND_DIRECT_REQ_64:
		/* OP-TEE's partitions answer their own protocol (the
		 * model's optee personality): no control channel then.
		 */
		if (ffp_spmc_dispatches(&spmc, fid))
			ffp_spmc_call(&spmc, 0, &in, &out);
		else
			direct_req(&in, &out);
		break;
	case FFP_FEATURES:
		/* The optee personality answers OP-TEE's whole list. */
		if (spmc.cfg.personality != FFP_SPMC_OPTEE &&
		    fw_feature((ffp_u32)in.a[1])) {
			/* RXTX_MAP: w2 = 0, 4 KiB minimum buffers. */
			ffp_resp_success32(&out, 0);
			break;
		}
		ffp_spmc_call(&spmc, 0, &in, &out);
		break;
	default:
		/* Everything else, notifications included: the model. */
		ffp_spmc_call(&spmc, 0, &in, &out);
		break;
	}
	record(0, &in, &out);
	log_call(0, &in, &out);
	if (fid == FFP_NOTIFICATION_SET)
		run_after_set(&in, &out);
	unlock();
	for (i = 0; i < 8; i++)
		frame[i] = out.a[i];
}

/* ---- PSCI 1.1 and SMCCC 1.2 ----------------------------------------------- */

#define PSCI_VERSION 0x84000000U
#define PSCI_CPU_OFF 0x84000002U
#define PSCI_CPU_ON_32 0x84000003U
#define PSCI_CPU_ON_64 0xc4000003U
#define PSCI_AFFINITY_INFO_32 0x84000004U
#define PSCI_AFFINITY_INFO_64 0xc4000004U
#define PSCI_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_SYSTEM_OFF 0x84000008U
#define PSCI_SYSTEM_RESET 0x84000009U
#define PSCI_FEATURES 0x8400000aU
#define SMCCC_VERSION 0x80000000U
#define SMCCC_ARCH_FEATURES 0x80000001U

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON (-4)
#define PSCI_ON_PENDING (-5)

enum cpu_state { CPU_ON = 0, CPU_OFF = 1, CPU_ON_PENDING = 2 };

static volatile ffp_u32 cpu_state[MAX_CPUS];
static volatile ffp_u64 cpu_entry[MAX_CPUS];
static volatile ffp_u64 cpu_ctx[MAX_CPUS];

static unsigned long stack_top(unsigned int cpu)
{
	return (unsigned long)el3_stacks + (cpu + 1UL) * STACK_SIZE;
}

static void __attribute__((noreturn)) gpio_pin(unsigned int pin)
{
	w32(GPIO_BASE + 0x400, r32(GPIO_BASE + 0x400) | (1U << pin));
	w32(GPIO_BASE + ((1UL << pin) << 2), 1U << pin);
	for (;;)
		__asm__ volatile("wfi");
}

/* Wait for CPU_ON, then enter the NS world.  Never returns. */
static void __attribute__((noreturn)) park(unsigned int cpu)
{
	unsigned long entry, ctx;

	for (;;) {
		if (cpu_state[cpu] == CPU_ON_PENDING)
			break;
		__asm__ volatile("wfe" ::: "memory");
	}
	entry = cpu_entry[cpu];
	ctx = cpu_ctx[cpu];
	cpu_state[cpu] = CPU_ON;
	dsb();
	el3_enter_ns(entry, ctx, stack_top(cpu));
}

static long psci_cpu_on(ffp_u64 mpidr, ffp_u64 entry, ffp_u64 ctx)
{
	unsigned int cpu = (unsigned int)(mpidr & 0xff);
	long ret = PSCI_SUCCESS;

	if ((mpidr & ~0xffULL & 0xff00ffffffULL) || cpu >= MAX_CPUS)
		return PSCI_INVALID_PARAMETERS;
	lock();
	if (cpu_state[cpu] == CPU_ON) {
		ret = PSCI_ALREADY_ON;
	} else if (cpu_state[cpu] == CPU_ON_PENDING) {
		ret = PSCI_ON_PENDING;
	} else {
		cpu_entry[cpu] = entry;
		cpu_ctx[cpu] = ctx;
		dsb();
		cpu_state[cpu] = CPU_ON_PENDING;
		dsb();
		__asm__ volatile("sev");
	}
	logf("c%u PSCI CPU_ON cpu %u entry %x -> %x\n", (ffp_u64)this_cpu(),
	     (ffp_u64)cpu, entry, (ffp_u64)ret);
	unlock();
	return ret;
}

static int psci_supported(ffp_u32 fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return 1;
	default:
		return 0;
	}
}

static int is_ffa(ffp_u32 fid)
{
	ffp_u32 fn = fid & 0xffffU;

	return (fid & 0xbfff0000U) == 0x84000000U && fn >= 0x60 && fn <= 0xff;
}

void el3_smc(ffp_u64 *frame)
{
	ffp_u32 fid = (ffp_u32)frame[0];
	unsigned int cpu = this_cpu();
	long ret;

	if (is_ffa(fid)) {
		el3_ffa(frame);
		return;
	}
	switch (fid) {
	case PSCI_VERSION:
		ret = 0x10001; /* 1.1 */
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = 2; /* no Trusted OS that needs migrating */
		break;
	case PSCI_FEATURES:
		ret = psci_supported((ffp_u32)frame[1]) ? PSCI_SUCCESS
							: PSCI_NOT_SUPPORTED;
		break;
	case SMCCC_VERSION:
		ret = 0x10002; /* 1.2: x0-x17 arguments and results */
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		ret = psci_cpu_on(frame[1], frame[2], frame[3]);
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		if (frame[2] != 0 || (frame[1] & 0xff) >= MAX_CPUS)
			ret = PSCI_INVALID_PARAMETERS;
		else
			ret = cpu_state[frame[1] & 0xff];
		break;
	case PSCI_CPU_OFF:
		lock();
		logf("c%u PSCI CPU_OFF\n", (ffp_u64)cpu);
		cpu_state[cpu] = CPU_OFF;
		dsb();
		unlock();
		park(cpu);
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		lock();
		logf("c%u PSCI %s, %u FF-A calls served, %u SRIs\n",
		     (ffp_u64)cpu,
		     fid == PSCI_SYSTEM_OFF ? "SYSTEM_OFF" : "SYSTEM_RESET",
		     rec_count, spmc.sris);
		gpio_pin(fid == PSCI_SYSTEM_OFF ? 0 : 1);
	default:
		/* SMCCC: unknown function IDs answer -1 in x0. */
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	frame[0] = (ffp_u64)ret;
}

void el3_unexpected(unsigned long kind, unsigned long esr, unsigned long elr,
		    unsigned long far)
{
	/* No lock: the lock may be what went wrong. */
	logf("c%u unexpected exception %u esr %x elr %x far %x\n",
	     (ffp_u64)this_cpu(), (ffp_u64)kind, (ffp_u64)esr, (ffp_u64)elr,
	     (ffp_u64)far);
}

/* ---- boot ----------------------------------------------------------------- */

static volatile ffp_u32 boot_done;

static void el3_regs_init(void)
{
	sysreg_write("cptr_el3", 0UL);
	sysreg_write("scr_el3", SCR_EL3_VAL);
	sysreg_write("sctlr_el2", SCTLR_EL2_VAL);
	isb();
}

void el3_main(void)
{
	int r;

	el3_regs_init();
	logf("ffa-notif EL3 test firmware (a test double, not a secure "
	     "monitor)\n");
	gicd_init();
	gic_cpu_init(0);
	r = ffp_spmc_config_parse(&model_cfg, FW_PERSONALITY);
	/* The optee personality's version is OP-TEE's own. */
	if (!r && model_cfg.personality != FFP_SPMC_OPTEE)
		model_cfg.version = FW_FFA_VERSION;
	if (!r) {
		/* The personality's partitions: OP-TEE's for optee. */
		ffp_u32 n;
		const struct ffp_partition_desc *p =
			ffp_spmc_partitions_for(&model_cfg, &n);

		r = ffp_spmc_init(&spmc, p, n, &model_cfg, &model_ops,
				  FFP_NULL);
	}
	if (r) {
		logf("ffp_spmc_init failed: %x\n", (ffp_u64)(ffp_u32)r);
		gpio_pin(0);
	}
	logf("SPMC model: %s, %u CPUs, FF-A %x\n",
	     ffp_spmc_config_name(&spmc.cfg), (ffp_u64)spmc.cfg.max_cpus,
	     (ffp_u64)spmc.cfg.version);
	for (r = 0; r < (int)spmc.n_sps; r++)
		logf("partition %x %s vcpus %u properties %x\n",
		     (ffp_u64)spmc.sps[r].desc.id, spmc.sps[r].desc.name,
		     (ffp_u64)spmc.sps[r].desc.vcpu_count,
		     (ffp_u64)spmc.sps[r].desc.properties);
	cpu_state[0] = CPU_ON;
	for (r = 1; r < MAX_CPUS; r++)
		cpu_state[r] = CPU_OFF;
	dsb();
	boot_done = 1;
	dsb();
	__asm__ volatile("sev");
	logf("entering Linux at %x (NS EL2), dtb %x\n", (ffp_u64)NS_ENTRY,
	     (ffp_u64)NS_DTB);
	el3_enter_ns(NS_ENTRY, NS_DTB, stack_top(0));
}

void el3_secondary_main(void)
{
	unsigned int cpu = this_cpu();

	/* .bss is CPU 0's to clear: wait until it has. */
	while (!boot_done)
		__asm__ volatile("wfe" ::: "memory");
	el3_regs_init();
	gic_cpu_init(cpu);
	park(cpu);
}
