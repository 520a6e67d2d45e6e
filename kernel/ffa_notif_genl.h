/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ffa_notif.ko: the entry points of its generic netlink family
 * (ffa_notif_netlink.c), for the device glue.
 */
#ifndef FFA_NOTIF_GENL_H
#define FFA_NOTIF_GENL_H

#include <linux/types.h>

struct ffa_notif_dev;

int ffa_notif_genl_init(struct ffa_notif_dev *nd);
void ffa_notif_genl_exit(void);
/*
 * Tell the monitor group (any context, any lock: it only queues; a worker
 * sends).  What cannot be queued is counted and reported by GET_INFO.
 */
void ffa_notif_genl_event(struct ffa_notif_dev *nd, u32 kind, u64 bitmap,
			  u16 sender, u16 receiver, u16 vcpu, u32 flags,
			  u64 timestamp, pid_t pid, u64 file_id);

#endif /* FFA_NOTIF_GENL_H */
