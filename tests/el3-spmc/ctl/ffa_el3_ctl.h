/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * /dev/ffa-el3-ctl: the test firmware's control channel, for the guest
 * suite of tests/el3-spmc (test only, never installed).
 *
 * FFA_EL3_CTL_IOC_CALL sends FFA_MSG_SEND_DIRECT_REQ_64 from endpoint 0
 * to partition @dst with x3..x7 = @data, and returns the partition's
 * FFA_MSG_SEND_DIRECT_RESP_64 x3..x7 in @data.  If the firmware answers
 * FFA_ERROR, the ioctl fails with its errno (as arm_ffa maps FF-A status
 * codes); any other answer is EPROTO.  The commands (x3) are the
 * firmware's: see control() in tests/el3-spmc/fw.c.
 */
#ifndef _FFA_EL3_CTL_H
#define _FFA_EL3_CTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* x3 of a request: the firmware's control commands. */
#define FFA_EL3_CTL_RING 1
#define FFA_EL3_CTL_BINDINGS 2
#define FFA_EL3_CTL_COUNT 3
#define FFA_EL3_CTL_RECEIVED 4
#define FFA_EL3_CTL_PERSONALITY 5

/**
 * struct ffa_el3_ctl_call - one direct request and its response
 * @dst: FF-A ID of the partition
 * @padding: zero
 * @data: x3..x7 of the request; of the response on return
 */
struct ffa_el3_ctl_call {
	__u32 dst;
	__u32 padding;
	__u64 data[5];
};

#define FFA_EL3_CTL_IOC_CALL _IOWR(0xF6, 0x00, struct ffa_el3_ctl_call)

#endif /* _FFA_EL3_CTL_H */
