/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * Basic types of the freestanding FF-A protocol core.
 *
 * The core is compiled into the Linux module (where <stdint.h> does not
 * exist and u64 is "unsigned long long"), into libffanotif and into test
 * firmware.  It therefore includes nothing and defines its own fixed-width
 * types.  The widths are checked at compile time below.
 */
#ifndef FFP_TYPES_H
#define FFP_TYPES_H

typedef unsigned char ffp_u8;
typedef unsigned short ffp_u16;
typedef unsigned int ffp_u32;
typedef unsigned long long ffp_u64;
typedef signed int ffp_s32;
typedef signed long long ffp_s64;
typedef __SIZE_TYPE__ ffp_size;
/*
 * What an embedder's lock returns and its unlock takes back: the saved
 * interrupt state of a kernel spin_lock_irqsave(), unused elsewhere.
 * Passed by value so that every lock is paired with its unlock in one
 * function, where lockdep and sparse can see both.
 */
typedef unsigned long ffp_irqflags;

_Static_assert(sizeof(ffp_u16) == 2, "ffp_u16 must be 16 bits");
_Static_assert(sizeof(ffp_u32) == 4, "ffp_u32 must be 32 bits");
_Static_assert(sizeof(ffp_u64) == 8, "ffp_u64 must be 64 bits");

#define FFP_NULL ((void *)0)
#define FFP_BIT64(n) (1ULL << (n))
#define FFP_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* memset(p, 0, n) for code that has no libc (and no builtins). */
static inline void ffp_mem_zero(void *p, ffp_size n)
{
	ffp_u8 *b = p;

	while (n--)
		*b++ = 0;
}

/* Set bits of a bitmap. */
static inline unsigned int ffp_popcount64(ffp_u64 v)
{
	unsigned int c = 0;

	for (; v; v &= v - 1)
		c++;
	return c;
}

/*
 * errno values returned (negated) by the core.  The core cannot include
 * <errno.h> or <linux/errno.h>, so it names the Linux asm-generic numbers
 * here; every user of the core checks them against the real ones at compile
 * time (see ffp_errno_check in libffanotif and the kernel glue).
 */
#define FFP_EINTR 4
#define FFP_EAGAIN 11
#define FFP_ENOMEM 12
#define FFP_EACCES 13
#define FFP_EBUSY 16
#define FFP_EEXIST 17
#define FFP_ENODEV 19
#define FFP_EINVAL 22
#define FFP_ENOTTY 25
#define FFP_ENOSPC 28
#define FFP_ERANGE 34
#define FFP_ENOENT 2
#define FFP_EIO 5
#define FFP_ENODATA 61
#define FFP_EPROTO 71
#define FFP_EOPNOTSUPP 95
#define FFP_ECANCELED 125

#endif /* FFP_TYPES_H */
