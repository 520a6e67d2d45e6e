/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libffanotif: Arm FF-A notifications for Linux userspace.
 *
 * A session binds notification IDs from secure partitions to this
 * endpoint, rings partitions, and reads what arrives as events from one
 * file descriptor that works with poll/epoll.  Sessions run on a backend:
 *
 *   "device"  /dev/ffa-notif of the kernel module ffa_notif.ko (the path
 *             can be changed with the FFANOTIF_DEVICE environment
 *             variable); the module talks to the firmware, or simulates it.
 *   "sim"     the in-process simulator: the project's reference SPMC model
 *             with simulated partitions; no kernel module, no firmware.
 *   "daemon"  a client of ffa-notifd, at FFANOTIFD_SOCKET or else
 *             /run/ffa-notifd/ffa-notifd.sock.  The daemon owns the
 *             bindings and its clients watch them: several sessions may
 *             watch the same ID from the same sender (EBUSY only for
 *             another sender or mode, or an ID another holds alone),
 *             and its policy may refuse with EACCES.
 *
 * Two verbs receive notifications (API 1.5), each with one meaning on
 * every backend that has it and EOPNOTSUPP on a backend that has not:
 * ffanotif_session_bind() with FFANOTIF_BIND_EXCLUSIVE, an exclusive
 * binding (device, sim, daemon), and ffanotif_session_watch(), a shared
 * watch (daemon).  A bind without FFANOTIF_BIND_EXCLUSIVE keeps its API 1.x
 * meaning, the backend's: a binding on the device and the simulator, a
 * watch on the daemon.
 *
 * The backend is the `backend` argument of ffanotif_session_open(), else
 * the FFANOTIF_BACKEND environment variable, else "auto": "device" if it
 * opens, else "daemon" if ffa-notifd answers, else ENODEV.  "auto" never
 * picks the simulator (changed in API 1.3: before, it did with no device
 * and no daemon): a program on a host without the module fails instead
 * of running against simulated firmware.  Ask for "sim" by name, or with
 * FFANOTIF_BACKEND=sim.  A device that exists but cannot be used (EACCES,
 * say) is that error, unless the daemon answers (it is how processes
 * without access to the device get it).
 *
 * The kernel module can also be looked at as a whole, without a session,
 * through its generic netlink family: see "the kernel module" below.
 *
 * Conventions: functions returning a pointer return NULL and set errno on
 * failure; functions returning int return -1 and set errno on failure.
 * Bad arguments give EINVAL and change nothing.  Objects are not
 * thread-safe: use one from one thread at a time (different sessions may
 * be used from different threads).  Destructors accept NULL.
 */
#ifndef FFANOTIF_H
#define FFANOTIF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* API version: major << 16 | minor.  Additions bump minor. */
#define FFANOTIF_API_VERSION_MAJOR 1
#define FFANOTIF_API_VERSION_MINOR 5
#define FFANOTIF_API_VERSION \
	((FFANOTIF_API_VERSION_MAJOR << 16) | FFANOTIF_API_VERSION_MINOR)

/* The API version of the library actually loaded ("1.1"). */
const char *ffanotif_api_version(void);
unsigned int ffanotif_api_version_number(void);

/* Flags of bind, watch, send and sim_ring. */
#define FFANOTIF_FLAG_PER_VCPU (1ULL << 0)
/*
 * Flag of bind only (API 1.5): the binding is exclusive, on every
 * backend; EOPNOTSUPP where it cannot be (the daemon).  The library's
 * own: never passed to a backend.  A library older than API 1.5 passes
 * it on, and the module, the simulator and ffa-notifd all refuse it
 * (EINVAL): never a watch in its place.
 */
#define FFANOTIF_BIND_EXCLUSIVE (1ULL << 32)

/* Notification IDs per receiver: bitmaps are uint64_t, bit n = ID n. */
#define FFANOTIF_MAX_IDS 64

struct ffanotif_session;
struct ffanotif_info;
struct ffanotif_event;
struct ffanotif_event_buffer;
struct ffanotif_partition;
struct ffanotif_partition_list;
struct ffanotif_binding;
struct ffanotif_binding_list;
struct ffanotif_monitor;
struct ffanotif_monitor_event;
struct ffanotif_session_stats;
struct ffanotif_module_counters;

/* ---- session ------------------------------------------------------------ */

/*
 * Open a session on a backend ("device", "sim", "auto" or NULL: see
 * above).  ENOENT: unknown backend name, or no /dev/ffa-notif; ENODEV: the
 * backend is not available here (for "device": the path is not ffa-notif's
 * character device; for "auto": no device and no daemon); EPROTO: the device broke the uAPI's contract; other
 * errors of open(2) and ioctl(2) as they come (EACCES...).
 */
struct ffanotif_session *ffanotif_session_open(const char *backend);

/* Close: everything the session bound is unbound. */
void ffanotif_session_close(struct ffanotif_session *session);

/* The backend's name ("device", "daemon", "sim"). */
const char *ffanotif_session_get_backend(struct ffanotif_session *session);

/*
 * The fd to poll/epoll for readable events.  Owned by the session: never
 * close it.  Readable means an event can be read (at worst a spurious
 * wake-up, after which read_events returns 0 with O_NONBLOCK semantics).
 */
int ffanotif_session_get_fd(struct ffanotif_session *session);

/*
 * Bind `notifications` (a bitmap of IDs) from partition `sender` to this
 * endpoint: when `sender` sets one, an event arrives.  All or nothing.
 * Events come for what is set once this returns.
 *
 * flags: FFANOTIF_BIND_EXCLUSIVE (API 1.5), with FFANOTIF_FLAG_PER_VCPU
 * or not.  The binding is exclusive: while this session holds an ID, no
 * other session binds or watches it (EBUSY).  EACCES: the firmware
 * refused (bound by someone else), or the daemon's policy (its verb
 * "bind"); EOPNOTSUPP: per-vCPU not supported here.  On the daemon it
 * is had only where no other client watches the IDs (EBUSY), and a
 * reconnection makes it again, alone (ffa-notifd older than libffanotif
 * 1.5's: EINVAL).
 *
 * Without FFANOTIF_BIND_EXCLUSIVE (flags 0 or FFANOTIF_FLAG_PER_VCPU:
 * API 1.0 to 1.4, kept as it was), the backend's meaning: the same
 * exclusive binding on the device and the simulator, but a watch
 * (ffanotif_session_watch()) on the daemon.  New code should say which
 * it means.
 */
int ffanotif_session_bind(struct ffanotif_session *session, uint16_t sender,
			  uint64_t notifications, uint64_t flags);

/*
 * Unbind IDs this session bound from `sender`; others give EINVAL and
 * change nothing.  If the firmware refuses one (still pending), the others
 * are unbound and its error returned: get_stats tells what is bound.  On
 * the daemon it ends the session's hold of the IDs, exclusive or a watch
 * (what a bind without FFANOTIF_BIND_EXCLUSIVE made there): the same as
 * ffanotif_session_unwatch().
 */
int ffanotif_session_unbind(struct ffanotif_session *session, uint16_t sender,
			    uint64_t notifications);

/*
 * Watch `notifications` from partition `sender` (API 1.5): events
 * arrive as for a binding, but the watch is shared: other sessions, of
 * this process or others, may watch the same IDs from the same sender,
 * and each gets its own event for every set.  All or nothing.  flags: 0
 * or FFANOTIF_FLAG_PER_VCPU (FFANOTIF_BIND_EXCLUSIVE: EINVAL).  EBUSY:
 * an ID is watched from another sender, or in the other mode (per-vCPU
 * or global); EACCES: refused by the daemon's policy or the firmware.
 * EOPNOTSUPP on the device and the simulator, whatever the arguments:
 * the kernel module has exclusive bindings only (share them through
 * ffa-notifd).  The daemon backend watches; its session's get_stats
 * "bound" is what it watches.
 */
int ffanotif_session_watch(struct ffanotif_session *session, uint16_t sender,
			   uint64_t notifications, uint64_t flags);

/*
 * Stop watching IDs this session watches from `sender` (API 1.5); others
 * give EINVAL and change nothing.  EOPNOTSUPP where watch is.
 */
int ffanotif_session_unwatch(struct ffanotif_session *session, uint16_t sender,
			     uint64_t notifications);

/*
 * Ring partition `receiver`: set `notifications` for it.  flags: 0 or
 * FFANOTIF_FLAG_PER_VCPU with the receiver's `vcpu` (0 for global).  The
 * firmware's refusals map to errno: EACCES (not bound to us), EINVAL,
 * EOPNOTSUPP.
 */
int ffanotif_session_send(struct ffanotif_session *session, uint16_t receiver,
			  uint64_t notifications, uint64_t flags,
			  uint16_t vcpu);

/*
 * Simulator only: make simulated partition `sender` ring this endpoint,
 * as its firmware would.  EOPNOTSUPP on other backends.
 */
int ffanotif_session_sim_ring(struct ffanotif_session *session, uint16_t sender,
			      uint64_t notifications, uint64_t flags,
			      uint16_t vcpu);

/*
 * Wait until an event can be read: 1 ready, 0 timed out, -1 error.
 * timeout_ns < 0 waits forever, 0 only checks.
 */
int ffanotif_session_wait(struct ffanotif_session *session, int64_t timeout_ns);

/*
 * Read up to `max` events (0: the buffer's capacity) into `buffer`,
 * replacing what it held.  Never blocks: returns 0 when none is queued.
 * Returns the number read, or -1.
 */
int ffanotif_session_read_events(struct ffanotif_session *session,
				 struct ffanotif_event_buffer *buffer,
				 size_t max);

/*
 * The session's own configuration (API 1.4), gpio v2's event_buffer_size
 * and event clock: set it before the session binds anything (or once it
 * has unbound everything and read what was queued); EBUSY otherwise, and
 * nothing changes.  EOPNOTSUPP: the backend has none.  That is the
 * daemon backend, whose queues ffa-notifd sizes (client-queue in
 * ffa-notifd.conf(5)) and whose timestamps are CLOCK_MONOTONIC, and a
 * kernel module older than FFA_NOTIF_IOC_SET_FILE_CONFIG.
 */

/* The deepest queue ffanotif_session_set_queue_depth() takes. */
#define FFANOTIF_QUEUE_DEPTH_MAX 4096

/*
 * Events the session queues before the oldest is dropped (counted: see
 * ffanotif_event_get_dropped): 1 to FFANOTIF_QUEUE_DEPTH_MAX, or 0 for
 * the backend's default, ffanotif_info_get_queue_depth() (64: a queue
 * that deep never drops a global notification; a smaller one may).
 * EINVAL: above FFANOTIF_QUEUE_DEPTH_MAX; ENOMEM; EBUSY, EOPNOTSUPP as
 * above.  The kernel charges the queue (64 bytes an event) to the
 * caller's memory cgroup.
 */
int ffanotif_session_set_queue_depth(struct ffanotif_session *session,
				     size_t depth);
/* The depth in force (never 0), or -1 (EOPNOTSUPP). */
int ffanotif_session_get_queue_depth(struct ffanotif_session *session);

/* Clocks of events' timestamps (ffanotif_event_get_timestamp_ns). */
#define FFANOTIF_CLOCK_MONOTONIC 0 /* CLOCK_MONOTONIC, the default */
#define FFANOTIF_CLOCK_BOOTTIME 1 /* CLOCK_BOOTTIME: counts suspend */
#define FFANOTIF_CLOCK_REALTIME 2 /* CLOCK_REALTIME: the wall clock; steps */

/*
 * The clock the session's events are stamped with, FFANOTIF_CLOCK_*
 * (EINVAL for another value; EBUSY, EOPNOTSUPP as above).  Compare them
 * with clock_gettime() of the same clock.
 */
int ffanotif_session_set_event_clock(struct ffanotif_session *session,
				     int clock);
/* FFANOTIF_CLOCK_* in force, or -1 (EOPNOTSUPP). */
int ffanotif_session_get_event_clock(struct ffanotif_session *session);

/*
 * Counters of this session (API 1.3): read them once into an object, take
 * each with its getter, free it.  NULL session: EINVAL.  Getters given
 * NULL return 0 and set errno to EINVAL.
 */
struct ffanotif_session_stats *
ffanotif_session_read_stats(struct ffanotif_session *session);
void ffanotif_session_stats_free(struct ffanotif_session_stats *stats);
/* Bitmap of IDs bound through this session. */
uint64_t
ffanotif_session_stats_get_bound(const struct ffanotif_session_stats *stats);
/* Events queued. */
uint64_t
ffanotif_session_stats_get_events(const struct ffanotif_session_stats *stats);
/* Events read. */
uint64_t
ffanotif_session_stats_get_read(const struct ffanotif_session_stats *stats);
/* Sets merged into an unread event. */
uint64_t ffanotif_session_stats_get_coalesced(
	const struct ffanotif_session_stats *stats);
/* Notifications lost to overflow (also in the next event's dropped count). */
uint64_t
ffanotif_session_stats_get_dropped(const struct ffanotif_session_stats *stats);

/*
 * Deprecated since API 1.3 (kept, and working): the same counters into a
 * struct the caller passes, which can never grow.  Use
 * ffanotif_session_read_stats().
 */
struct ffanotif_stats {
	uint64_t bound; /* bitmap of IDs bound through this session */
	uint64_t events; /* events queued */
	uint64_t read; /* events read */
	uint64_t coalesced; /* sets merged into an unread event */
	uint64_t dropped; /* notifications lost to overflow (also reported
			   * in the next event's dropped count) */
};
int ffanotif_session_get_stats(struct ffanotif_session *session,
			       struct ffanotif_stats *stats);

/* ---- info --------------------------------------------------------------- */

struct ffanotif_info *
ffanotif_session_get_info(struct ffanotif_session *session);
void ffanotif_info_free(struct ffanotif_info *info);
/* FF-A version negotiated with the firmware: major << 16 | minor. */
uint32_t ffanotif_info_get_ffa_version(const struct ffanotif_info *info);
/* Version of the kernel/user contract (FFA_NOTIF_API_VERSION). */
uint32_t ffanotif_info_get_uapi_version(const struct ffanotif_info *info);
/*
 * What provides the notifications: "arm_ffa" (Linux's arm_ffa driver),
 * "native" (ffa_notif.ko's own FF-A calls) or "sim" (a simulator: this
 * library's, or the kernel module's); "unknown" for a provider newer than
 * this library.  ffanotif_session_get_backend() names the session's
 * backend instead ("device" for all three of the module's).
 */
const char *ffanotif_info_get_backend(const struct ffanotif_info *info);
/* This endpoint's FF-A ID (the receiver of what it binds). */
uint16_t ffanotif_info_get_own_id(const struct ffanotif_info *info);
uint32_t ffanotif_info_get_vcpu_count(const struct ffanotif_info *info);
uint32_t ffanotif_info_get_max_ids(const struct ffanotif_info *info);
/* Events a session queues by default (ffanotif_session_set_queue_depth). */
uint32_t ffanotif_info_get_queue_depth(const struct ffanotif_info *info);
uint32_t ffanotif_info_get_sri_intid(const struct ffanotif_info *info);
int ffanotif_info_has_per_vcpu(const struct ffanotif_info *info);
int ffanotif_info_has_sim_ring(const struct ffanotif_info *info);
/*
 * Simulators only (API 1.2): the personality of the SPMC model behind the
 * session, "hafnium", "hafnium+strict" or "optee" (see FFANOTIF_SIM_PERSONALITY and
 * the kernel's sim_personality parameter); NULL from firmware, or from a
 * backend that cannot tell (the daemon).
 */
const char *ffanotif_info_get_sim_personality(const struct ffanotif_info *info);

/* ---- partitions --------------------------------------------------------- */

struct ffanotif_partition_list *
ffanotif_session_list_partitions(struct ffanotif_session *session);
void ffanotif_partition_list_free(struct ffanotif_partition_list *list);
size_t ffanotif_partition_list_count(const struct ffanotif_partition_list *l);
/* The index-th partition (owned by the list), NULL with EINVAL past it. */
const struct ffanotif_partition *
ffanotif_partition_list_get(const struct ffanotif_partition_list *list,
			    size_t index);
uint16_t ffanotif_partition_get_id(const struct ffanotif_partition *p);
/* 16 bytes, RFC 4122 byte order. */
const uint8_t *ffanotif_partition_get_uuid(const struct ffanotif_partition *p);
/* FF-A partition properties (bit 3: can receive notifications). */
uint32_t ffanotif_partition_get_properties(const struct ffanotif_partition *p);
uint32_t ffanotif_partition_get_vcpu_count(const struct ffanotif_partition *p);
int ffanotif_partition_receives_notifications(
	const struct ffanotif_partition *p);
/* A name where the backend knows one (simulators), else "". */
const char *ffanotif_partition_get_name(const struct ffanotif_partition *p);

/* ---- events ------------------------------------------------------------- */

/* A reusable buffer of up to `capacity` events (0: 64; at most 1024). */
struct ffanotif_event_buffer *ffanotif_event_buffer_new(size_t capacity);
void ffanotif_event_buffer_free(struct ffanotif_event_buffer *buffer);
size_t
ffanotif_event_buffer_get_capacity(const struct ffanotif_event_buffer *buffer);
size_t ffanotif_event_buffer_get_num_events(
	const struct ffanotif_event_buffer *buffer);
/* The index-th event read (owned by the buffer until the next read). */
const struct ffanotif_event *
ffanotif_event_buffer_get_event(const struct ffanotif_event_buffer *buffer,
				size_t index);

/* Events detached from a buffer. */
struct ffanotif_event *ffanotif_event_copy(const struct ffanotif_event *event);
void ffanotif_event_free(struct ffanotif_event *event);

/* Partition that set the notifications. */
uint16_t ffanotif_event_get_sender(const struct ffanotif_event *event);
/* IDs set at least once since the last event for them. */
uint64_t ffanotif_event_get_notifications(const struct ffanotif_event *event);
int ffanotif_event_is_per_vcpu(const struct ffanotif_event *event);
uint16_t ffanotif_event_get_vcpu(const struct ffanotif_event *event);
/*
 * When the first of its notifications arrived, in nanoseconds of the
 * session's clock: CLOCK_MONOTONIC unless ffanotif_session_set_event_clock()
 * chose CLOCK_BOOTTIME or CLOCK_REALTIME.
 */
uint64_t ffanotif_event_get_timestamp_ns(const struct ffanotif_event *event);
/* Per session, from 1; a gap means records were dropped. */
uint64_t ffanotif_event_get_seqno(const struct ffanotif_event *event);
/* Notifications lost to overflow before this event (normally 0). */
uint32_t ffanotif_event_get_dropped(const struct ffanotif_event *event);
/*
 * get_dropped() of a gap event: the daemon backend lost its daemon (a
 * restart), connected again and watched again what the session watched.
 * One gap event per watch (sender, and per-vCPU or not; vCPU 0) carries
 * its IDs: any of them may have been set, and lost, meanwhile.
 */
#define FFANOTIF_EVENT_DROPPED_GAP 0xffffffffU

/* ---- the kernel module (API 1.1) ----------------------------------------- */

/*
 * ffa_notif.ko as a whole, through its generic netlink family "ffa_notif"
 * (include/uapi/linux/ffa_notif_netlink.h): no session is opened and no
 * access to /dev/ffa-notif is needed.  Where sessions use the "sim"
 * backend there is no module to look at.  Errors: ENODEV, the module is
 * not loaded; EPROTO, its answer broke the family's contract (nothing of
 * it is returned); ETIMEDOUT, it did not answer within 5 seconds; others
 * as the kernel gives them.
 */

/*
 * Module-wide counters, since the module was loaded (API 1.3): read once
 * into an object, each taken with its getter (NULL: 0 and EINVAL).  Named
 * "counters": struct ffanotif_module_stats is the deprecated struct below.
 */
struct ffanotif_module_counters *ffanotif_module_read_counters(void);
void ffanotif_module_counters_free(struct ffanotif_module_counters *counters);
/* Files of /dev/ffa-notif open now. */
uint64_t ffanotif_module_counters_get_open_files(
	const struct ffanotif_module_counters *counters);
/* Notifications queued to a file. */
uint64_t ffanotif_module_counters_get_delivered(
	const struct ffanotif_module_counters *counters);
/* Notifications for an ID no file held. */
uint64_t ffanotif_module_counters_get_unclaimed(
	const struct ffanotif_module_counters *counters);
/* Unbinds the firmware refused at close. */
uint64_t ffanotif_module_counters_get_release_failures(
	const struct ffanotif_module_counters *counters);
/* SETs issued through the device. */
uint64_t ffanotif_module_counters_get_sent(
	const struct ffanotif_module_counters *counters);
/* Schedule Receiver Interrupts handled (sim, native). */
uint64_t ffanotif_module_counters_get_sri(
	const struct ffanotif_module_counters *counters);
/* INFO_GET, GET or RUN refused by the firmware. */
uint64_t ffanotif_module_counters_get_fw_errors(
	const struct ffanotif_module_counters *counters);
/* Monitor events the module could not queue or send (a monitor's own
 * overruns are ENOBUFS from its reads). */
uint64_t ffanotif_module_counters_get_monitor_drops(
	const struct ffanotif_module_counters *counters);

/*
 * Deprecated since API 1.3 (kept, and working): the same counters into a
 * struct the caller passes, which can never grow.  Use
 * ffanotif_module_read_counters().
 */
struct ffanotif_module_stats {
	uint64_t open_files; /* files of /dev/ffa-notif open now */
	uint64_t delivered; /* notifications queued to a file */
	uint64_t unclaimed; /* notifications for an ID no file held */
	uint64_t release_failures; /* unbinds the firmware refused at close */
	uint64_t sent; /* SETs issued through the device */
	uint64_t sri; /* Schedule Receiver Interrupts handled (sim, native) */
	uint64_t fw_errors; /* INFO_GET, GET or RUN refused by the firmware */
	uint64_t monitor_drops; /* monitor events the module could not queue
				 * or send (a monitor's own overruns are
				 * ENOBUFS from its reads) */
};
int ffanotif_module_get_stats(struct ffanotif_module_stats *stats);

/* The partitions, as ffanotif_session_list_partitions() gives them. */
struct ffanotif_partition_list *ffanotif_module_list_partitions(void);

/* States of a binding. */
#define FFANOTIF_BINDING_BINDING 1 /* BIND in progress */
#define FFANOTIF_BINDING_BOUND 2
#define FFANOTIF_BINDING_UNBINDING 3 /* UNBIND in progress */
#define FFANOTIF_BINDING_ORPHANED \
	4 /* its file closed, the firmware
				     * refused the unbind: no file holds it */

/* Who holds which notification ID: one entry per bound ID. */
struct ffanotif_binding_list *ffanotif_module_list_bindings(void);
void ffanotif_binding_list_free(struct ffanotif_binding_list *list);
size_t ffanotif_binding_list_count(const struct ffanotif_binding_list *list);
/* The index-th binding (owned by the list), NULL with EINVAL past it. */
const struct ffanotif_binding *
ffanotif_binding_list_get(const struct ffanotif_binding_list *list,
			  size_t index);
/* The notification ID, 0..63. */
unsigned int ffanotif_binding_get_id(const struct ffanotif_binding *b);
/* The partition it is bound to (the sender of its notifications). */
uint16_t ffanotif_binding_get_sender(const struct ffanotif_binding *b);
/* FFANOTIF_BINDING_*; later modules may add states. */
int ffanotif_binding_get_state(const struct ffanotif_binding *b);
/*
 * Process (thread group) that opened the file holding it; 0: none, or the
 * caller lacks CAP_SYS_ADMIN (the module tells who holds an ID only to
 * administrators).
 */
uint32_t ffanotif_binding_get_pid(const struct ffanotif_binding *b);
/* That process's name ("" when none, or not for this caller). */
const char *ffanotif_binding_get_comm(const struct ffanotif_binding *b);
/* That file's number, as its /proc/PID/fdinfo shows it (with a pid). */
uint64_t ffanotif_binding_get_file_id(const struct ffanotif_binding *b);

/* Kinds of monitor events. */
#define FFANOTIF_MONITOR_SENT 1 /* a SET issued through the device */
#define FFANOTIF_MONITOR_DELIVERED 2 /* queued to an open file */
#define FFANOTIF_MONITOR_UNCLAIMED 3 /* arrived for an ID no file held */

/*
 * A monitor of every notification sent and delivered through the module.
 * Needs CAP_SYS_ADMIN (EPERM otherwise); EOPNOTSUPP when the module offers
 * no monitor (loaded with monitor=0, or on a kernel that cannot restrict
 * its group to administrators: before 6.7 without the stable backport of
 * GENL_MCAST_CAP_SYS_ADMIN).  The fd (owned by the monitor)
 * works with poll/epoll; once it is readable, read events until EAGAIN.
 */
struct ffanotif_monitor *ffanotif_monitor_open(void);
void ffanotif_monitor_close(struct ffanotif_monitor *monitor);
int ffanotif_monitor_get_fd(struct ffanotif_monitor *monitor);
/* 1 an event can be read, 0 timed out, -1 error; as session_wait. */
int ffanotif_monitor_wait(struct ffanotif_monitor *monitor, int64_t timeout_ns);
/*
 * The next event (free it with ffanotif_monitor_event_free), without
 * blocking.  NULL with: EAGAIN, none yet; ENOBUFS, the monitor fell
 * behind and the kernel dropped events (reading goes on); EPROTO, a
 * malformed message was skipped (reading goes on).
 */
struct ffanotif_monitor_event *
ffanotif_monitor_read_event(struct ffanotif_monitor *monitor);
void ffanotif_monitor_event_free(struct ffanotif_monitor_event *event);
/* FFANOTIF_MONITOR_*; later modules may add kinds. */
int ffanotif_monitor_event_get_kind(const struct ffanotif_monitor_event *e);
uint64_t ffanotif_monitor_event_get_notifications(
	const struct ffanotif_monitor_event *e);
uint16_t
ffanotif_monitor_event_get_sender(const struct ffanotif_monitor_event *e);
uint16_t
ffanotif_monitor_event_get_receiver(const struct ffanotif_monitor_event *e);
int ffanotif_monitor_event_is_per_vcpu(const struct ffanotif_monitor_event *e);
uint16_t
ffanotif_monitor_event_get_vcpu(const struct ffanotif_monitor_event *e);
/* CLOCK_MONOTONIC. */
uint64_t
ffanotif_monitor_event_get_timestamp_ns(const struct ffanotif_monitor_event *e);
/* The process: for SENT the one that issued the SET, for DELIVERED the
 * opener of the receiving file; 0 for UNCLAIMED.
 */
uint32_t ffanotif_monitor_event_get_pid(const struct ffanotif_monitor_event *e);
/* DELIVERED: the receiving file's number (as in its fdinfo); else 0. */
uint64_t
ffanotif_monitor_event_get_file_id(const struct ffanotif_monitor_event *e);

#ifdef __cplusplus
}
#endif

#endif /* FFANOTIF_H */
