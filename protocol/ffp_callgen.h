/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * A seeded generator of normal-world FF-A notification calls, valid and
 * invalid, for differential tests: the same sequence is issued by raw SMC
 * against a real SPMC and through ffp_spmc_call() against the model, and
 * every answer compared (tests/optee/guest/ffa-diff.c).
 *
 * Freestanding like the rest of the core.  Calls are packed with the
 * encoders of ffp_abi.c, then some registers are spoilt on purpose (MBZ
 * fields, upper halves, the SVE hint).  What it never generates: calls
 * that take memory (RXTX_MAP, MEM_*, PARTITION_INFO_GET, RX_RELEASE),
 * direct requests (OP-TEE's ENABLE_ASYNC_NOTIF would start its test
 * watchdog and make the answers time-dependent), FFA_SUCCESS, FFA_ERROR
 * and the other calls TF-A's SPMD forwards to the SPMC as answers; every
 * other FF-A function ID it sends is one the SPMD or OP-TEE refuses.
 */
#ifndef FFP_CALLGEN_H
#define FFP_CALLGEN_H

#include "ffp_abi.h"

struct ffp_callgen {
	ffp_u64 state; /* xorshift64, never 0 */
	ffp_u64 count; /* calls generated */
};

/* Seed the generator (any seed; 0 is replaced by a fixed constant). */
void ffp_callgen_init(struct ffp_callgen *g, ffp_u64 seed);

/* The next call: x0..x7 in *r.  Deterministic for a given seed. */
void ffp_callgen_next(struct ffp_callgen *g, struct ffp_regs *r);

/* The next raw 64-bit value of the generator (for tests). */
ffp_u64 ffp_callgen_rand(struct ffp_callgen *g);

#endif /* FFP_CALLGEN_H */
