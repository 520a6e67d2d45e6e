// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * el3-ctl: ask the EL3 test firmware through its control channel
 * (/dev/ffa-el3-ctl, tests/el3-spmc/ctl/), for the guest suite.
 *
 *   el3-ctl ring SP RECEIVER FLAGS BITMAP   SP sets BITMAP for RECEIVER
 *                                           (FLAGS = vcpu << 16 | SET flags)
 *   el3-ctl bindings SP RECEIVER            what RECEIVER bound from SP
 *   el3-ctl count FID W1 MASK CALLER        recorded FF-A calls that match
 *   el3-ctl received SP                     what SP received
 *   el3-ctl personality SP                  the model's personality,
 *                                           flags and CPUs (any SP)
 *   el3-ctl msg SP X3 [X4 [X5 [X6 [X7]]]]   any direct request to SP (the
 *                                           rest zero): e.g. OP-TEE's own
 *                                           services (tests/optee)
 *
 * Numbers in C syntax (0x...).  Prints the five words of the answer (x3..x7)
 * in hex on one line; exits 1 with a message if the call failed.  What the
 * words mean: control() in tests/el3-spmc/fw.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ffa_el3_ctl.h"

#define CTL_PATH "/dev/ffa-el3-ctl"

static const struct {
	const char *name;
	unsigned int cmd;
	int nargs; /* after SP */
} cmds[] = {
	{ "ring", FFA_EL3_CTL_RING, 3 },
	{ "bindings", FFA_EL3_CTL_BINDINGS, 1 },
	{ "count", FFA_EL3_CTL_COUNT, 4 },
	{ "received", FFA_EL3_CTL_RECEIVED, 0 },
	{ "personality", FFA_EL3_CTL_PERSONALITY, 0 },
};

static int parse(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || !*s || *end ? -1 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: el3-ctl ring SP RECEIVER FLAGS BITMAP\n"
			"       el3-ctl bindings SP RECEIVER\n"
			"       el3-ctl count FID W1 MASK CALLER\n"
			"       el3-ctl received SP\n"
			"       el3-ctl personality SP\n"
			"       el3-ctl msg SP X3 [X4 [X5 [X6 [X7]]]]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct ffa_el3_ctl_call c;
	unsigned int i, k;
	uint64_t v;
	int fd, first;

	if (argc < 2)
		return usage();
	memset(&c, 0, sizeof(c));
	if (!strcmp(argv[1], "msg")) {
		/* A direct request of the caller's words, to any partition. */
		if (argc < 4 || argc > 8 || parse(argv[2], &v))
			return usage();
		c.dst = (uint32_t)v;
		for (k = 0; (int)k < argc - 3; k++) {
			if (parse(argv[3 + k], &v))
				return usage();
			c.data[k] = v;
		}
		goto call;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0]))
		return usage();
	c.data[0] = cmds[i].cmd;
	if (cmds[i].cmd == FFA_EL3_CTL_COUNT) {
		/* The record is global: any partition answers. */
		if (argc != 6)
			return usage();
		c.dst = 0x8001;
		first = 2;
	} else {
		if (argc != 3 + cmds[i].nargs || parse(argv[2], &v))
			return usage();
		c.dst = (uint32_t)v;
		first = 3;
	}
	for (k = 0; (int)k < cmds[i].nargs; k++) {
		if (parse(argv[first + (int)k], &v))
			return usage();
		c.data[1 + k] = v;
	}

call:
	fd = open(CTL_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "el3-ctl: %s: %s\n", CTL_PATH, strerror(errno));
		return 1;
	}
	if (ioctl(fd, FFA_EL3_CTL_IOC_CALL, &c)) {
		fprintf(stderr, "el3-ctl: %s to 0x%04x: %s\n", argv[1], c.dst,
			strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	for (k = 0; k < 5; k++)
		printf("0x%llx%c", (unsigned long long)c.data[k],
		       k < 4 ? ' ' : '\n');
	return 0;
}
