// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Parsers and formatters shared by ffa-notify and ffa-notifd.  See
 * tools-common.h.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fnd_proto.h"
#include "tools-common.h"

int fft_parse_uint(const char *s, unsigned long min, unsigned long max,
		   unsigned long *out)
{
	unsigned long v;
	char *end;

	/* strtoul accepts a sign and leading blanks: people mean neither. */
	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int fft_parse_partition(const char *s, uint16_t *out)
{
	unsigned long v;

	if (fft_parse_uint(s, 0, 0xffff, &v) < 0 || !fnd_valid_partition_id(v))
		return -EINVAL;
	*out = (uint16_t)v;
	return 0;
}

/* One ID at *p, moving p past it. */
static int parse_id(const char **p, unsigned int *id)
{
	unsigned int v = 0;
	int digits = 0;

	while (isdigit((unsigned char)**p)) {
		v = v * 10 + (unsigned int)(**p - '0');
		(*p)++;
		/* 3 digits are already more than 63: stop before overflow. */
		if (++digits > 3)
			return -EINVAL;
	}
	if (!digits || v > 63)
		return -EINVAL;
	*id = v;
	return 0;
}

int fft_parse_ids(const char *s, uint64_t *out)
{
	uint64_t ids = 0;
	unsigned int lo, hi, i;
	const char *p = s;

	if (!s)
		return -EINVAL;
	if (strcmp(s, "*") == 0 || strcmp(s, "all") == 0) {
		*out = ~0ULL;
		return 0;
	}
	for (;;) {
		if (parse_id(&p, &lo) < 0)
			return -EINVAL;
		hi = lo;
		if (*p == '-') {
			p++;
			if (parse_id(&p, &hi) < 0 || hi < lo)
				return -EINVAL;
		}
		for (i = lo; i <= hi; i++)
			ids |= 1ULL << i;
		if (*p == '\0')
			break;
		if (*p++ != ',')
			return -EINVAL;
	}
	*out = ids;
	return 0;
}

int fft_parse_period(const char *s, int64_t *ns)
{
	static const struct {
		const char *name;
		int64_t ns;
	} units[] = {
		{ "ns", 1 },
		{ "us", 1000 },
		{ "ms", 1000000 },
		{ "s", 1000000000 },
		{ "m", 60LL * 1000000000 },
		{ "", 1000000 },
	};
	unsigned long long v;
	char *end;
	size_t i;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].name) != 0)
			continue;
		if (v > (unsigned long long)(INT64_MAX / units[i].ns))
			return -EINVAL;
		*ns = (int64_t)v * units[i].ns;
		return 0;
	}
	return -EINVAL;
}

const char *fft_format_ids(uint64_t ids, char *buf, size_t len)
{
	size_t off = 0;
	int id = 0, end, n;

	buf[0] = '\0';
	while (id < 64) {
		if (!(ids & (1ULL << id))) {
			id++;
			continue;
		}
		for (end = id; end + 1 < 64 && (ids & (1ULL << (end + 1)));)
			end++;
		if (end == id)
			n = snprintf(buf + off, len - off, "%s%d",
				     off ? "," : "", id);
		else
			n = snprintf(buf + off, len - off, "%s%d-%d",
				     off ? "," : "", id, end);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
		id = end + 1;
	}
	return buf;
}
