// SPDX-License-Identifier: GPL-2.0-only
/*
 * ffa_el3_ctl.ko: /dev/ffa-el3-ctl, the guest suite's end of the control
 * channel of the EL3 test firmware (tests/el3-spmc/fw.c).
 *
 * Two ioctls: an FFA_MSG_SEND_DIRECT_REQ_64 from endpoint 0 to a partition,
 * and (FFA_EL3_CTL_IOC_RAW) any FF-A call with raw registers, both issued
 * with arm_smccc_1_2_smc() (or HVC, as the kernel's SMCCC conduit
 * says), so that it works with or without Linux's arm_ffa driver.  The
 * registers are packed and unpacked by the protocol core (ffp_abi.c), the
 * one place that knows the FF-A ABI.  Test only: the firmware answers these
 * requests on the partitions' behalf; real partitions would not.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm-smccc.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <linux/uaccess.h>

#include "../../../protocol/ffp_abi.h"
#include "ffa_el3_ctl.h"

/* The core names errno values itself; they must be the kernel's. */
static_assert(FFP_EINVAL == EINVAL && FFP_EACCES == EACCES &&
	      FFP_EBUSY == EBUSY && FFP_ENODATA == ENODATA &&
	      FFP_EOPNOTSUPP == EOPNOTSUPP && FFP_EAGAIN == EAGAIN &&
	      FFP_ENOMEM == ENOMEM && FFP_EINTR == EINTR &&
	      FFP_ECANCELED == ECANCELED);

typedef void (*ctl_smccc_fn)(const struct arm_smccc_1_2_regs *args,
			     struct arm_smccc_1_2_regs *res);

static ctl_smccc_fn ctl_smccc;

static void ctl_call(const struct ffp_regs *in, struct ffp_regs *out)
{
	struct arm_smccc_1_2_regs args = {
		.a0 = in->a[0], .a1 = in->a[1], .a2 = in->a[2],
		.a3 = in->a[3], .a4 = in->a[4], .a5 = in->a[5],
		.a6 = in->a[6], .a7 = in->a[7],
	};
	struct arm_smccc_1_2_regs res;

	ctl_smccc(&args, &res);
	out->a[0] = res.a0;
	out->a[1] = res.a1;
	out->a[2] = res.a2;
	out->a[3] = res.a3;
	out->a[4] = res.a4;
	out->a[5] = res.a5;
	out->a[6] = res.a6;
	out->a[7] = res.a7;
}

static long ctl_direct_req(struct ffa_el3_ctl_call *c)
{
	struct ffp_direct_msg req = {
		.is_64 = 1,
		.src = 0,
		.dst = (u16)c->dst,
	};
	struct ffp_direct_msg resp;
	struct ffp_regs in, out;
	u32 fid;

	memcpy(req.data, c->data, sizeof(req.data));
	ffp_enc_direct_req(&in, &req);
	ctl_call(&in, &out);
	fid = (u32)out.a[0];
	if (fid == FFP_ERROR)
		return ffp_status_to_errno(ffp_resp_status(&out));
	if (fid != FFP_MSG_SEND_DIRECT_RESP_64 ||
	    ffp_dec_direct_msg(&out, &resp) || resp.src != req.dst ||
	    resp.dst != req.src) {
		pr_warn("partition 0x%04x: unexpected answer 0x%08x\n", c->dst,
			fid);
		return -EPROTO;
	}
	memcpy(c->data, resp.data, sizeof(c->data));
	return 0;
}

/*
 * An FF-A function ID in w0: a fast call of the standard secure service
 * with function number 0x60..0xFF, SMC32 or SMC64; bits 23:16 as given.
 */
static bool ctl_is_ffa_fid(u64 x0)
{
	u32 fid = (u32)x0;

	return (fid & 0xbf000000U) == 0x84000000U &&
	       (fid & 0xffffU) >= 0x60 && (fid & 0xffffU) <= 0xff;
}

static long ctl_raw(void __user *uarg)
{
	struct ffa_el3_ctl_raw r;
	struct ffp_regs in, out;
	int i;

	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	if (r.padding || !ctl_is_ffa_fid(r.x[0]))
		return -EINVAL;
	for (i = 0; i < 8; i++)
		in.a[i] = r.x[i];
	r.cpu = get_cpu();
	ctl_call(&in, &out);
	put_cpu();
	for (i = 0; i < 8; i++)
		r.x[i] = out.a[i];
	if (copy_to_user(uarg, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}

static long ctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ffa_el3_ctl_call c;
	long ret;

	if (cmd == FFA_EL3_CTL_IOC_RAW)
		return ctl_raw((void __user *)arg);
	if (cmd != FFA_EL3_CTL_IOC_CALL)
		return -ENOTTY;
	if (copy_from_user(&c, (void __user *)arg, sizeof(c)))
		return -EFAULT;
	if (c.padding || c.dst > U16_MAX || !FFP_ID_IS_SP((u16)c.dst))
		return -EINVAL;
	ret = ctl_direct_req(&c);
	if (ret)
		return ret;
	if (copy_to_user((void __user *)arg, &c, sizeof(c)))
		return -EFAULT;
	return 0;
}

static const struct file_operations ctl_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = ctl_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice ctl_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "ffa-el3-ctl",
	.fops = &ctl_fops,
	.mode = 0600,
};

static int __init ctl_init(void)
{
	switch (arm_smccc_1_1_get_conduit()) {
	case SMCCC_CONDUIT_SMC:
		ctl_smccc = arm_smccc_1_2_smc;
		break;
	case SMCCC_CONDUIT_HVC:
		ctl_smccc = arm_smccc_1_2_hvc;
		break;
	default:
		pr_err("no SMCCC conduit\n");
		return -ENODEV;
	}
	if (arm_smccc_get_version() < ARM_SMCCC_VERSION_1_2) {
		pr_err("SMCCC older than v1.2: no x4-x7 in calls\n");
		return -EOPNOTSUPP;
	}
	return misc_register(&ctl_misc);
}

static void __exit ctl_exit(void)
{
	misc_deregister(&ctl_misc);
}

module_init(ctl_init);
module_exit(ctl_exit);

MODULE_DESCRIPTION("ffa-notif tests: control channel of the EL3 test firmware");
MODULE_LICENSE("GPL");
