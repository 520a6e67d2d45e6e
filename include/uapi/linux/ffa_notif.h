/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * ffa-notif: Arm FF-A v1.1 notifications for userspace.
 *
 * The contract between /dev/ffa-notif (kernel/ffa_notif.ko) and its users.
 * libffanotif's simulator and daemon backends implement exactly the same
 * semantics, through the same code (protocol/ffp_hub.c).
 *
 * Model.  Each open file of /dev/ffa-notif is a session: it binds
 * notification IDs of this endpoint (the normal-world kernel, FF-A ID 0
 * without a hypervisor) to senders, and reads what arrives as events.
 * Closing the file unbinds everything it bound, so a crashed process leaves
 * no binding behind.  An ID is bound through at most one file at a time.
 *
 * Rules, after include/uapi/linux/gpio.h (v2):
 *  - fixed-width types, every struct a multiple of 8 bytes, no holes;
 *  - reserved words and padding must be zero, else EINVAL (so they can
 *    gain a meaning later); unknown flag bits give EINVAL;
 *  - a change of a struct gets a new ioctl number, never a version field;
 *  - FFA_NOTIF_IOC_GET_INFO reports the API version and feature bits;
 *  - unknown ioctls give ENOTTY.
 *
 * Events and overflow.  Notifications are doorbells: an event says "these
 * IDs were set at least once since the last event you read for them".
 * A bit set again while an unread event already carries it is coalesced
 * into that event (counted in the stats, not an error).  Bits set by the
 * same sender on the same vCPU while an event for that (sender, vCPU) is
 * unread are merged into it.  Only when the per-file queue is full and a
 * new (sender, vCPU) arrives is the OLDEST event dropped; the number of
 * notification bits it carried is added to the `dropped` field of the next
 * event read and to the stats.  Nothing is lost without being counted.
 * With global notifications only, a queue never holds more events than
 * distinct senders, so FFA_NOTIF_QUEUE_DEPTH (>= 64 = the number of IDs)
 * means global notifications are never dropped.  A file may choose another
 * depth (and the clock of its timestamps) with FFA_NOTIF_IOC_SET_FILE_CONFIG
 * when GET_INFO reports FFA_NOTIF_FEAT_FILE_CONFIG; below 64 that guarantee
 * is the file's to give up.
 *
 * Simulator-only ioctls.  FFA_NOTIF_IOC_SIM_RING and
 * FFA_NOTIF_IOC_GET_SIM_INFO exist for the simulator backends (the
 * module's backend=sim, libffanotif's "sim"), which GET_INFO tells by
 * FFA_NOTIF_FEAT_SIM_RING and FFA_NOTIF_FEAT_SIM_INFO.  A firmware backend
 * (arm_ffa, native) refuses them with ENOTTY, as it does any ioctl that is
 * not its own, without reading the argument: there is no simulated
 * partition to make ring, and no model to describe.
 *
 * ioctl magic 0xF5, numbers 0x00-0x1F, not registered in
 * Documentation/userspace-api/ioctl/ioctl-number.rst.  That table (as of
 * Linux 6.12) lists no user of 0xF5; its neighbours are 0xF3 (sisusbvga,
 * 00-3F) and 0xF6 (LTTng, all).  One unlisted user shares the magic:
 * f2fs (include/uapi/linux/f2fs.h, F2FS_IOCTL_MAGIC 0xf5, numbers 1-25,
 * i.e. 0x01-0x19, on f2fs files).  No command value is shared: a command
 * is direction, size, magic and number together, and all of ours carry a
 * struct of 56 bytes or more, where f2fs's carry nothing, a __u32, a __u64
 * or a struct of at most 32 bytes (tests/test-hub.c compares the values
 * with <linux/f2fs.h>).  Both drivers match whole command values (anything
 * else is ENOTTY: f2fs's __f2fs_ioctl() and our ffp_hub_ioctl_size()), so
 * an f2fs ioctl on /dev/ffa-notif and one of ours on an f2fs file are
 * each refused, and strace, which decodes whole values, tells them apart.
 */
#ifndef _UAPI_LINUX_FFA_NOTIF_H
#define _UAPI_LINUX_FFA_NOTIF_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/* Version of this API reported by FFA_NOTIF_IOC_GET_INFO. */
#define FFA_NOTIF_API_VERSION 1

#define FFA_NOTIF_MAX_IDS 64
/* Events an open file queues, unless FFA_NOTIF_IOC_SET_FILE_CONFIG says. */
#define FFA_NOTIF_QUEUE_DEPTH 64
/* The deepest queue FFA_NOTIF_IOC_SET_FILE_CONFIG gives a file. */
#define FFA_NOTIF_QUEUE_DEPTH_MAX 4096

/* enum values of struct ffa_notif_info::backend */
#define FFA_NOTIF_BACKEND_ARM_FFA 1 /* Linux arm_ffa notifier ops */
#define FFA_NOTIF_BACKEND_NATIVE 2 /* our FF-A calls over SMC/HVC */
#define FFA_NOTIF_BACKEND_SIM 3 /* reference SPMC model, no firmware */

/* Feature bits of struct ffa_notif_info::features */
#define FFA_NOTIF_FEAT_PER_VCPU _BITULL(0) /* per-vCPU bind and set */
#define FFA_NOTIF_FEAT_SIM_RING _BITULL(1) /* FFA_NOTIF_IOC_SIM_RING */
#define FFA_NOTIF_FEAT_STATS _BITULL(2) /* FFA_NOTIF_IOC_GET_STATS */
#define FFA_NOTIF_FEAT_SIM_INFO _BITULL(3) /* FFA_NOTIF_IOC_GET_SIM_INFO */
/* FFA_NOTIF_IOC_SET_FILE_CONFIG and FFA_NOTIF_IOC_GET_FILE_CONFIG */
#define FFA_NOTIF_FEAT_FILE_CONFIG _BITULL(4)

/**
 * struct ffa_notif_info - what this ffa-notif provides (read only)
 * @api_version: FFA_NOTIF_API_VERSION of the implementation
 * @ffa_version: negotiated FF-A version, major << 16 | minor
 * @features: FFA_NOTIF_FEAT_* bits
 * @backend: FFA_NOTIF_BACKEND_*
 * @own_id: FF-A ID of this endpoint, the receiver of bound notifications
 * @vcpu_count: vCPUs of this endpoint; per-vCPU IDs take 0..vcpu_count-1
 * @max_ids: notification IDs per receiver (64)
 * @queue_depth: events queued per open file before the oldest is dropped,
 *	unless the file chose another depth (FFA_NOTIF_IOC_SET_FILE_CONFIG)
 * @sri_intid: interrupt ID of the Schedule Receiver Interrupt (0: none)
 * @reserved: zero
 */
struct ffa_notif_info {
	__u32 api_version;
	__u32 ffa_version;
	__aligned_u64 features;
	__u32 backend;
	__u32 own_id;
	__u32 vcpu_count;
	__u32 max_ids;
	__u32 queue_depth;
	__u32 sri_intid;
	__aligned_u64 reserved[5];
};

/* Flags of struct ffa_notif_binding and struct ffa_notif_set_req. */
#define FFA_NOTIF_FLAG_PER_VCPU _BITULL(0)

/**
 * struct ffa_notif_binding - FFA_NOTIF_IOC_BIND / FFA_NOTIF_IOC_UNBIND
 * @notifications: bitmap of IDs (bit n = ID n); not zero
 * @flags: BIND: FFA_NOTIF_FLAG_PER_VCPU or 0; UNBIND: 0
 * @sender: FF-A ID of the partition that will set them (bit 15 set)
 * @padding: zero
 * @reserved: zero
 *
 * BIND is all or nothing: if any ID cannot be bound, none is, and nothing
 * that arrived for them meanwhile is queued.  Events come for what is set
 * once BIND has returned.  EBUSY: an ID is bound through this or another
 * open file, or its file was closed while the firmware refused to unbind it
 * and the retry made by this BIND was refused again.  EACCES: the firmware
 * refused (bound by someone else).  EOPNOTSUPP: per-vCPU where the
 * firmware has none (FFA_NOTIF_FEAT_PER_VCPU clear).
 *
 * UNBIND takes IDs this file bound to @sender; anything else is EINVAL and
 * changes nothing.  It is not all or nothing once the firmware is asked:
 * if it refuses an ID (it keeps it pending), the others are unbound, the
 * refused one stays bound, and its error is returned (GET_STATS tells
 * what is bound).
 */
struct ffa_notif_binding {
	__aligned_u64 notifications;
	__aligned_u64 flags;
	__u32 sender;
	__u32 padding;
	__aligned_u64 reserved[4];
};

/**
 * struct ffa_notif_set_req - FFA_NOTIF_IOC_SET: ring a partition
 * @notifications: bitmap of IDs to set; not zero
 * @flags: FFA_NOTIF_FLAG_PER_VCPU or 0
 * @receiver: FF-A ID of the partition to ring (bit 15 set)
 * @vcpu: receiver vCPU for a per-vCPU notification, else 0
 * @reserved: zero
 */
struct ffa_notif_set_req {
	__aligned_u64 notifications;
	__aligned_u64 flags;
	__u32 receiver;
	__u32 vcpu;
	__aligned_u64 reserved[4];
};

/**
 * struct ffa_notif_sim_ring - FFA_NOTIF_IOC_SIM_RING (simulator only;
 * ENOTTY from a firmware backend): make simulated partition @sender ring
 * this endpoint, as firmware would.  For the device it needs CAP_SYS_ADMIN
 * of whoever opened the file (EPERM otherwise), as a privilege the file
 * carries: an fd opened with it may be handed on, one opened without it
 * never rings.
 * @notifications: bitmap of IDs; not zero
 * @flags: FFA_NOTIF_FLAG_PER_VCPU or 0
 * @sender: FF-A ID of a simulated partition
 * @vcpu: vCPU of this endpoint for a per-vCPU notification, else 0
 * @reserved: zero
 */
struct ffa_notif_sim_ring {
	__aligned_u64 notifications;
	__aligned_u64 flags;
	__u32 sender;
	__u32 vcpu;
	__aligned_u64 reserved[4];
};

#define FFA_NOTIF_SIM_NAME_LEN 32

/**
 * struct ffa_notif_sim_info - FFA_NOTIF_IOC_GET_SIM_INFO (simulator only;
 * ENOTTY from a firmware backend): which SPMC the simulator's model is.
 * @personality: NUL-terminated name of the model's personality, as the
 *	backend's parameter takes it: "hafnium" (TF-Hafnium v2.13.0, check
 *	for check) or "hafnium+strict" (the same, also refusing non-zero
 *	MBZ registers, as the spec asks and OP-TEE does)
 * @cpus: physical CPUs of the model (the vCPUs of endpoint 0)
 * @partitions: simulated partitions
 * @reserved: zero
 */
struct ffa_notif_sim_info {
	char personality[FFA_NOTIF_SIM_NAME_LEN];
	__u32 cpus;
	__u32 partitions;
	__aligned_u64 reserved[4];
};

/* Clocks of struct ffa_notif_file_config::clock (values of this uAPI's
 * own, not clockid_t's): what an event's timestamp_ns is read from.
 */
#define FFA_NOTIF_CLOCK_MONOTONIC 0 /* CLOCK_MONOTONIC, the default */
#define FFA_NOTIF_CLOCK_BOOTTIME 1 /* CLOCK_BOOTTIME: counts suspend */
#define FFA_NOTIF_CLOCK_REALTIME 2 /* CLOCK_REALTIME: wall clock, may step */

/**
 * struct ffa_notif_file_config - FFA_NOTIF_IOC_SET_FILE_CONFIG and
 * FFA_NOTIF_IOC_GET_FILE_CONFIG: how this open file queues its events
 * (FFA_NOTIF_FEAT_FILE_CONFIG; ENOTTY where GET_INFO does not report it)
 * @queue_depth: events queued before the oldest is dropped (gpio v2's
 *	event_buffer_size).  SET: 0 for FFA_NOTIF_QUEUE_DEPTH, else 1 to
 *	FFA_NOTIF_QUEUE_DEPTH_MAX.  GET: the depth in force, never 0.
 * @clock: FFA_NOTIF_CLOCK_* that events' timestamp_ns is read from
 * @reserved: zero
 *
 * A new file has depth FFA_NOTIF_QUEUE_DEPTH and FFA_NOTIF_CLOCK_MONOTONIC.
 * SET replaces both.  It is for a file that holds no binding and has no
 * unread event: configure before the first BIND (or after unbinding
 * everything and reading what was queued).  Else EBUSY, so that no queued
 * event is dropped by a smaller queue and no queue mixes two clocks.
 * EINVAL: a depth above FFA_NOTIF_QUEUE_DEPTH_MAX, an unknown clock,
 * reserved words not zero.  ENOMEM: no memory for the queue.  Whatever
 * the error, nothing changed.  The module charges a file's queue
 * (64 bytes an event) to the memory cgroup of the process that sets it.
 * Below FFA_NOTIF_QUEUE_DEPTH even global notifications may be dropped
 * (counted as ever).  The clock is the file's only: the module's netlink
 * monitor (ffa_notif_netlink.h) stamps with CLOCK_MONOTONIC regardless.
 */
struct ffa_notif_file_config {
	__u32 queue_depth;
	__u32 clock;
	__aligned_u64 reserved[6];
};

/* Event flags. */
#define FFA_NOTIF_EVENT_PER_VCPU _BITULL(0)

/**
 * struct ffa_notif_event - one record read() from the file
 * @timestamp_ns: when the first of its bits arrived, in nanoseconds of
 *	the file's clock: CLOCK_MONOTONIC unless FFA_NOTIF_IOC_SET_FILE_CONFIG
 *	chose FFA_NOTIF_CLOCK_BOOTTIME or FFA_NOTIF_CLOCK_REALTIME
 * @notifications: IDs set at least once since the last event for them
 * @seqno: sequence number of this record in this file, from 1
 * @dropped: notification bits dropped (queue overflow) since the
 *	previous record was read; 0 unless something was lost
 * @sender: FF-A ID of the partition that set them
 * @vcpu: vCPU they were set for (per-vCPU), else 0
 * @flags: FFA_NOTIF_EVENT_* bits
 * @padding: zero
 * @reserved: zero
 *
 * read() returns whole records: as many as fit in the buffer, EINVAL for
 * a buffer smaller than one, EAGAIN when none is queued and the file is
 * O_NONBLOCK.  poll() reports EPOLLIN | EPOLLRDNORM while one is queued.
 */
struct ffa_notif_event {
	__aligned_u64 timestamp_ns;
	__aligned_u64 notifications;
	__aligned_u64 seqno;
	__u32 dropped;
	__u32 sender;
	__u32 vcpu;
	__u32 flags;
	__u32 padding;
	__u32 reserved[5];
};

/**
 * struct ffa_notif_stats - FFA_NOTIF_IOC_GET_STATS: this file's counters
 * @bound: bitmap of IDs bound through this file
 * @events: records queued
 * @read: records read
 * @coalesced: bits that arrived while already unread (one event for both)
 * @dropped: bits lost to queue overflow (each also reported in an event)
 * @reserved: zero
 */
struct ffa_notif_stats {
	__aligned_u64 bound;
	__aligned_u64 events;
	__aligned_u64 read;
	__aligned_u64 coalesced;
	__aligned_u64 dropped;
	__aligned_u64 reserved[3];
};

#define FFA_NOTIF_IOC_MAGIC 0xF5

#define FFA_NOTIF_IOC_GET_INFO \
	_IOR(FFA_NOTIF_IOC_MAGIC, 0x00, struct ffa_notif_info)
#define FFA_NOTIF_IOC_BIND \
	_IOW(FFA_NOTIF_IOC_MAGIC, 0x01, struct ffa_notif_binding)
#define FFA_NOTIF_IOC_UNBIND \
	_IOW(FFA_NOTIF_IOC_MAGIC, 0x02, struct ffa_notif_binding)
#define FFA_NOTIF_IOC_SET \
	_IOW(FFA_NOTIF_IOC_MAGIC, 0x03, struct ffa_notif_set_req)
#define FFA_NOTIF_IOC_GET_STATS \
	_IOR(FFA_NOTIF_IOC_MAGIC, 0x04, struct ffa_notif_stats)
#define FFA_NOTIF_IOC_SIM_RING \
	_IOW(FFA_NOTIF_IOC_MAGIC, 0x10, struct ffa_notif_sim_ring)
#define FFA_NOTIF_IOC_GET_SIM_INFO \
	_IOR(FFA_NOTIF_IOC_MAGIC, 0x11, struct ffa_notif_sim_info)
#define FFA_NOTIF_IOC_SET_FILE_CONFIG \
	_IOW(FFA_NOTIF_IOC_MAGIC, 0x12, struct ffa_notif_file_config)
#define FFA_NOTIF_IOC_GET_FILE_CONFIG \
	_IOR(FFA_NOTIF_IOC_MAGIC, 0x13, struct ffa_notif_file_config)

#endif /* _UAPI_LINUX_FFA_NOTIF_H */
