/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * ffa-notif: the generic netlink family of kernel/ffa_notif.ko.
 *
 * The character device (linux/ffa_notif.h) is for binding and receiving;
 * this family is for looking: what the backend is, which partitions exist,
 * who holds which notification ID, the module-wide counters, and a monitor
 * of every notification sent and delivered.
 *
 * Family FFA_NOTIF_GENL_NAME, version FFA_NOTIF_GENL_VERSION.
 *
 *  FFA_NOTIF_CMD_GET_INFO (doit): reply carries FFA_NOTIF_A_API_VERSION,
 *	_FFA_VERSION, _FEATURES, _BACKEND, _BACKEND_NAME, _OWN_ID, _VCPU_COUNT,
 *	_MAX_IDS, _QUEUE_DEPTH, _SRI_INTID and the STAT_* counters
 *	(_STAT_MONITOR_DROPS: monitor events lost because the module could
 *	not queue or send them; every other loss is in a file's stats).
 *  FFA_NOTIF_CMD_GET_PARTITIONS (dumpit): one message per partition with
 *	FFA_NOTIF_A_PART_ID, _PART_UUID (16 bytes, in the order of Linux's
 *	uuid_t: RFC 4122, most significant byte first),
 *	_PART_PROPERTIES, _PART_VCPU_COUNT, _PART_NOTIF_RECV (flag, present
 *	when the partition can receive notifications), _PART_NAME (when the
 *	backend knows one: the simulator).
 *  FFA_NOTIF_CMD_GET_BINDINGS (dumpit): one message per bound ID with
 *	FFA_NOTIF_A_ID, _SENDER, _STATE (FFA_NOTIF_BIND_STATE_*), and, while an
 *	open file holds it, _PID (thread group of the opener), _COMM and
 *	_FILE_ID (the number shown in the file's fdinfo).
 *  FFA_NOTIF_CMD_EVENT (multicast on FFA_NOTIF_MCGRP_MONITOR, which only
 *	CAP_SYS_ADMIN may join): FFA_NOTIF_A_EVENT_KIND (_SENT: a SET issued
 *	through the device; _DELIVERED: a notification that reached an open
 *	file's queue; _UNCLAIMED: one that arrived for an ID no file holds),
 *	_NOTIFICATIONS, _SENDER, _RECEIVER, _VCPU, _FLAGS
 *	(FFA_NOTIF_FLAG_PER_VCPU), _TIMESTAMP (CLOCK_MONOTONIC ns); for a
 *	delivery, the receiving file's _PID and _FILE_ID; for a SET, the
 *	_PID of the process that issued it.
 *
 * Requests carry no attributes; unknown commands get EOPNOTSUPP (the
 * generic netlink core's answer).
 */
#ifndef _UAPI_LINUX_FFA_NOTIF_NETLINK_H
#define _UAPI_LINUX_FFA_NOTIF_NETLINK_H

#define FFA_NOTIF_GENL_NAME "ffa_notif"
#define FFA_NOTIF_GENL_VERSION 1
#define FFA_NOTIF_MCGRP_MONITOR "monitor"

enum ffa_notif_genl_cmd {
	FFA_NOTIF_CMD_UNSPEC,
	FFA_NOTIF_CMD_GET_INFO,
	FFA_NOTIF_CMD_GET_PARTITIONS,
	FFA_NOTIF_CMD_GET_BINDINGS,
	FFA_NOTIF_CMD_EVENT,
	__FFA_NOTIF_CMD_MAX,
};

#define FFA_NOTIF_CMD_MAX (__FFA_NOTIF_CMD_MAX - 1)

enum ffa_notif_genl_attr {
	FFA_NOTIF_A_UNSPEC,
	FFA_NOTIF_A_PAD, /* alignment of 64-bit attributes */
	/* GET_INFO */
	FFA_NOTIF_A_API_VERSION, /* u32 */
	FFA_NOTIF_A_FFA_VERSION, /* u32, major << 16 | minor */
	FFA_NOTIF_A_FEATURES, /* u64, FFA_NOTIF_FEAT_* */
	FFA_NOTIF_A_BACKEND, /* u32, FFA_NOTIF_BACKEND_* */
	FFA_NOTIF_A_BACKEND_NAME, /* string */
	FFA_NOTIF_A_OWN_ID, /* u32 */
	FFA_NOTIF_A_VCPU_COUNT, /* u32 */
	FFA_NOTIF_A_MAX_IDS, /* u32 */
	FFA_NOTIF_A_QUEUE_DEPTH, /* u32 */
	FFA_NOTIF_A_SRI_INTID, /* u32 */
	FFA_NOTIF_A_STAT_OPEN_FILES, /* u64 */
	FFA_NOTIF_A_STAT_DELIVERED, /* u64: queued to a file */
	FFA_NOTIF_A_STAT_UNCLAIMED, /* u64: arrived for no file */
	FFA_NOTIF_A_STAT_RELEASE_FAILURES, /* u64: unbinds refused at close */
	FFA_NOTIF_A_STAT_SENT, /* u64: SETs issued through the device */
	FFA_NOTIF_A_STAT_SRI, /* u64: SRIs handled (sim, native) */
	FFA_NOTIF_A_STAT_FW_ERRORS, /* u64: INFO_GET/GET/RUN refused */
	/* GET_PARTITIONS */
	FFA_NOTIF_A_PART_ID, /* u32 */
	FFA_NOTIF_A_PART_UUID, /* binary, 16 bytes */
	FFA_NOTIF_A_PART_PROPERTIES, /* u32 */
	FFA_NOTIF_A_PART_VCPU_COUNT, /* u32 */
	FFA_NOTIF_A_PART_NOTIF_RECV, /* flag */
	FFA_NOTIF_A_PART_NAME, /* string */
	/* GET_BINDINGS, EVENT */
	FFA_NOTIF_A_ID, /* u32 */
	FFA_NOTIF_A_SENDER, /* u32 */
	FFA_NOTIF_A_STATE, /* u32, FFA_NOTIF_BIND_STATE_* */
	FFA_NOTIF_A_PID, /* u32 */
	FFA_NOTIF_A_COMM, /* string */
	FFA_NOTIF_A_FILE_ID, /* u64 */
	FFA_NOTIF_A_EVENT_KIND, /* u32, FFA_NOTIF_EVENT_KIND_* */
	FFA_NOTIF_A_NOTIFICATIONS, /* u64 bitmap */
	FFA_NOTIF_A_RECEIVER, /* u32 */
	FFA_NOTIF_A_VCPU, /* u32 */
	FFA_NOTIF_A_FLAGS, /* u32 */
	FFA_NOTIF_A_TIMESTAMP, /* u64 */
	FFA_NOTIF_A_STAT_MONITOR_DROPS, /* u64: events the monitor lost */
	__FFA_NOTIF_A_MAX,
};

#define FFA_NOTIF_A_MAX (__FFA_NOTIF_A_MAX - 1)

/* FFA_NOTIF_A_STATE */
#define FFA_NOTIF_BIND_STATE_BINDING 1
#define FFA_NOTIF_BIND_STATE_BOUND 2
#define FFA_NOTIF_BIND_STATE_UNBINDING 3
#define FFA_NOTIF_BIND_STATE_ORPHANED 4 /* file closed, firmware refused */

/* FFA_NOTIF_A_EVENT_KIND */
#define FFA_NOTIF_EVENT_KIND_SENT 1
#define FFA_NOTIF_EVENT_KIND_DELIVERED 2
#define FFA_NOTIF_EVENT_KIND_UNCLAIMED 3

#endif /* _UAPI_LINUX_FFA_NOTIF_NETLINK_H */
