/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What ffa-notify and ffa-notifd read from people alike: partition IDs,
 * notification ID lists, periods.  One parser each, so that the command
 * line and the configuration file accept and refuse the same things.
 */
#ifndef FFA_TOOLS_COMMON_H
#define FFA_TOOLS_COMMON_H

#include <stddef.h>
#include <stdint.h>

/*
 * A partition ID: decimal or 0x-hex, a secure partition's (bit 15 set)
 * other than the SPMC (0x8000) and the SPMD (0xffff).  0 or -EINVAL.
 */
int fft_parse_partition(const char *s, uint16_t *out);

/*
 * Notification IDs: "*" or "all" (all 64), else a comma-separated list
 * of IDs and ranges ("3", "0-7,12,40-47"), each 0..63; empty items,
 * reversed ranges and trailing garbage are refused.  0 or -EINVAL.
 */
int fft_parse_ids(const char *s, uint64_t *out);

/*
 * A period: a number with a unit (ns, us, ms, s, m), milliseconds
 * without one ("250" = 250ms).  0 or -EINVAL (negative, overflow,
 * garbage).
 */
int fft_parse_period(const char *s, int64_t *ns);

/* An unsigned number in [min, max]: decimal, 0x-hex or 0-octal. */
int fft_parse_uint(const char *s, unsigned long min, unsigned long max,
		   unsigned long *out);

/* "0-3,7" for an ID bitmap, into buf (room for FFT_IDS_STRLEN). */
#define FFT_IDS_STRLEN 192
const char *fft_format_ids(uint64_t ids, char *buf, size_t len);

#endif /* FFA_TOOLS_COMMON_H */
