/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/*
 * What the fuzz targets share: a check that stops the run with a message
 * (libFuzzer then saves the input as crash-*), and little-endian readers
 * of the fuzzer's bytes.
 */
#ifndef FFA_NOTIF_FUZZ_H
#define FFA_NOTIF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * For the invariant checkers: no coverage instrumentation, so that their
 * comparisons neither cost time nor guide libFuzzer (only the code under
 * test should).
 */
#define FUZZ_NOCOV __attribute__((no_sanitize("coverage")))

/* An invariant that must hold whatever the input: abort() if not. */
#define FUZZ_CHECK(cond)                                                 \
	do {                                                             \
		if (!(cond)) {                                           \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", \
				__FILE__, __LINE__, #cond);              \
			abort();                                         \
		}                                                        \
	} while (0)

/*
 * FUZZ_VERBOSE=1 in the environment: targets say what they do with an
 * input (to read a reproducer; far too slow for fuzzing).
 */
static inline int fuzz_verbose(void)
{
	static int v = -1;

	if (v < 0)
		v = getenv("FUZZ_VERBOSE") != NULL;
	return v;
}

/* Bytes in, consumed from the front; missing bytes read as zero. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
	uint8_t v = 0;

	if (in->n) {
		v = *in->p++;
		in->n--;
	}
	return v;
}

static inline uint16_t fuzz_u16(struct fuzz_in *in)
{
	uint16_t lo = fuzz_u8(in);

	return (uint16_t)(lo | fuzz_u8(in) << 8);
}

static inline uint64_t fuzz_u64(struct fuzz_in *in)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)fuzz_u8(in) << (8 * i);
	return v;
}

#endif /* FFA_NOTIF_FUZZ_H */
