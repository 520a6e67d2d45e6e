/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The CPython extension ffanotif._ffanotif over libffanotif: what its
 * files share.  module.c holds the module, the argument parsers, the
 * errors and the record types; session.c the Session type; monitor.c the
 * Monitor type and the kernel module's functions.
 *
 * Threads: every library call on an object runs with the GIL released
 * and under the object's own lock, so that one Session (or Monitor) may
 * be used from several threads; wait() polls the fd without the lock,
 * so that another thread can ring or read while one waits.  close()
 * refuses (RuntimeError) while another thread is inside a call.
 */
#ifndef FFANOTIF_PY_H
#define FFANOTIF_PY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pythread.h>
#include <stdint.h>

#include <ffanotif.h>

/* ---- module.c ------------------------------------------------------------ */

/* "close", interned. */
extern PyObject *fpy_str_close;

/* The exception for EBUSY (a FileExistsError); set by fpy_module_init. */
extern PyObject *fpy_busy_error;

/* The record types (struct sequences). */
extern PyTypeObject fpy_event_type;
extern PyTypeObject fpy_stats_type;
extern PyTypeObject fpy_info_type;
extern PyTypeObject fpy_partition_type;
extern PyTypeObject fpy_module_stats_type;
extern PyTypeObject fpy_binding_type;
extern PyTypeObject fpy_monitor_event_type;

/* Raise the OSError subclass for `err` ("op: strerror"); returns NULL. */
PyObject *fpy_raise_errno(int err, const char *op);

/* 1 with ValueError ("the <what> is closed") set if `handle` is NULL. */
int fpy_closed(const void *handle, const char *what);

/* __exit__ of a closable object: calls its close() (a subclass's too). */
PyObject *fpy_exit_ctx(PyObject *self);

/*
 * Argument parsers: 0 and the value in *out, or -1 with TypeError or
 * ValueError set.  `what` names the argument in the message.
 */
int fpy_parse_u16(PyObject *obj, const char *what, uint16_t *out);
int fpy_parse_ids(PyObject *obj, uint64_t *out);
int fpy_parse_bool(PyObject *obj, const char *what, int *out);
/*
 * After a number conversion that returned its error value (-1): 1 when it
 * overflowed (the OverflowError cleared: the caller finds the value out
 * of range), 0 when no error is set (a true -1), -1 for any other error
 * (left set).
 */
int fpy_overflowed(void);
/* Seconds (int or float, >= 0) or None (forever, *out = -1). */
int fpy_parse_timeout(PyObject *obj, int64_t *out);

/* A frozenset of the IDs set in `mask`. */
PyObject *fpy_ids_set(uint64_t mask);

/*
 * A list of n objects, object i made by item(items, i); a new reference,
 * or NULL with an exception set (item's, or MemoryError).
 */
PyObject *fpy_list_new(const void *items, size_t n,
		       PyObject *(*item)(const void *items, size_t i));

/* Record builders (new references, NULL with an exception set). */
PyObject *fpy_event_new(const struct ffanotif_event *e);
PyObject *fpy_partition_list_to_py(const struct ffanotif_partition_list *l);
PyObject *fpy_binding_list_to_py(const struct ffanotif_binding_list *l);
PyObject *fpy_stats_new(const struct ffanotif_session_stats *st);
PyObject *fpy_info_new(const struct ffanotif_info *i);
PyObject *fpy_module_stats_new(const struct ffanotif_module_counters *c);
PyObject *fpy_binding_new(const struct ffanotif_binding *b);
PyObject *fpy_monitor_event_new(const struct ffanotif_monitor_event *e);

/*
 * wait(timeout) for an fd-based object: calls wait_fn(obj, ns) with the
 * GIL released, in slices so that signals are handled (PEP 475: EINTR is
 * retried after the signal handlers ran, with what is left of the
 * timeout).  1 ready, 0 timed out, -1 with an exception set.
 */
int fpy_wait(void *obj, int (*wait_fn)(void *obj, int64_t timeout_ns),
	     int64_t timeout_ns, const char *op);

/* The lock of an object, taken without holding the GIL while it waits. */
void fpy_lock(PyThread_type_lock lock);

/* ---- session.c, monitor.c ----------------------------------------------- */

extern PyTypeObject fpy_session_type;
extern PyTypeObject fpy_monitor_type;

PyObject *fpy_module_get_stats(PyObject *mod, PyObject *unused);
PyObject *fpy_module_list_partitions(PyObject *mod, PyObject *unused);
PyObject *fpy_module_list_bindings(PyObject *mod, PyObject *unused);

/* Casts for PyMethodDef without -Wcast-function-type. */
#define FPY_METH(fn) ((PyCFunction)(void (*)(void))(fn))

#endif /* FFANOTIF_PY_H */
