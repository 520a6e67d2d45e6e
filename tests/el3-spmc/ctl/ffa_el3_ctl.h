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
 *
 * FFA_EL3_CTL_IOC_RAW issues one FF-A call with x0..x7 = @x as given and
 * returns the answer's x0..x7 in @x, whatever it is, and the CPU that made
 * the call in @cpu (for the differential test, tests/optee/guest/ffa-diff.c,
 * against any SPMC, TF-A + OP-TEE included).  Only FF-A function IDs:
 * w0 a fast call (bit 31) of the standard secure service (bits 29:24 = 4)
 * with function number 0x60..0xFF (bits 15:0), SMC32 or SMC64 (bit 30);
 * bits 23:16 (the SVE hint, SMCCC's reserved bits, which TF-A answers with
 * SMC_UNK before any dispatch) and x0[63:32] (not part of the function ID,
 * SMCCC v1.4 2.5) are passed as given.  Anything else is EINVAL.  The caller
 * chooses what it sends: no FF-A call is checked for safety here.
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

/**
 * struct ffa_el3_ctl_raw - one FF-A call and its answer, raw registers
 * @x: x0..x7 of the call; of the answer on return
 * @cpu: on return, the CPU the call was made on
 * @padding: zero
 */
struct ffa_el3_ctl_raw {
	__u64 x[8];
	__u32 cpu;
	__u32 padding;
};

#define FFA_EL3_CTL_IOC_RAW _IOWR(0xF6, 0x01, struct ffa_el3_ctl_raw)

#endif /* _FFA_EL3_CTL_H */
