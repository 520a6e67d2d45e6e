// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffanotif._ffanotif: the module, its errors, its argument parsers and
 * its record types.  The public face is the ffanotif package
 * (bindings/python/ffanotif/__init__.py), which re-exports all of this
 * and adds asyncio.
 */
#include "ffanotif-py.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

PyObject *fpy_busy_error;
PyObject *fpy_str_close;
static PyObject *uuid_class;

/* ---- errors -------------------------------------------------------------- */

int fpy_closed(const void *handle, const char *what)
{
	if (handle)
		return 0;
	PyErr_Format(PyExc_ValueError, "the %s is closed", what);
	return 1;
}

PyObject *fpy_exit_ctx(PyObject *self)
{
	PyObject *r;

	/* Through the method, so that subclasses' close() runs (by an
	 * interned name: a new string each time would fill the type's
	 * method cache, each at a new address).
	 */
	r = PyObject_CallMethodNoArgs(self, fpy_str_close);
	if (!r)
		return NULL;
	Py_DECREF(r);
	Py_RETURN_FALSE;
}

PyObject *fpy_raise_errno(int err, const char *op)
{
	PyObject *exc = PyExc_OSError, *val;

	/*
	 * OSError(errno, msg) picks the builtin subclass itself
	 * (PermissionError for EACCES and EPERM, BlockingIOError for
	 * EAGAIN, FileNotFoundError for ENOENT, TimeoutError...).  EBUSY
	 * has none: ours, a FileExistsError (the ID is taken).
	 */
	if (err == EBUSY)
		exc = fpy_busy_error;
	val = PyObject_CallFunction(
		exc, "iN", err,
		PyUnicode_FromFormat("%s: %s", op, strerror(err)));
	if (val) {
		PyErr_SetObject((PyObject *)Py_TYPE(val), val);
		Py_DECREF(val);
	}
	return NULL;
}

/* ---- arguments ----------------------------------------------------------- */

/* An integer that is not a bool, as a Python int (new reference). */
static PyObject *as_int(PyObject *obj, const char *what)
{
	if (PyBool_Check(obj) || !PyIndex_Check(obj)) {
		PyErr_Format(PyExc_TypeError, "%s must be an int, not %.100s",
			     what, Py_TYPE(obj)->tp_name);
		return NULL;
	}
	return PyNumber_Index(obj);
}

int fpy_overflowed(void)
{
	if (!PyErr_Occurred())
		return 0;
	if (!PyErr_ExceptionMatches(PyExc_OverflowError))
		return -1;
	PyErr_Clear();
	return 1;
}

int fpy_parse_u16(PyObject *obj, const char *what, uint16_t *out)
{
	PyObject *i = as_int(obj, what);
	long v;

	if (!i)
		return -1;
	v = PyLong_AsLong(i);
	Py_DECREF(i);
	if (v == -1 && fpy_overflowed() < 0)
		return -1;
	if (v < 0 || v > 0xffff) {
		PyErr_Format(PyExc_ValueError,
			     "%s must be in 0..0xffff (an FF-A ID or vCPU)",
			     what);
		return -1;
	}
	*out = (uint16_t)v;
	return 0;
}

/* An int bitmask, nonzero, below 2**64. */
static int parse_mask(PyObject *obj, uint64_t *out)
{
	PyObject *i = as_int(obj, "ids");
	unsigned long long v;
	long long sv;
	int ovf;

	if (!i)
		return -1;
	sv = PyLong_AsLongLongAndOverflow(i, &ovf);
	if (ovf < 0 || (ovf == 0 && sv < 0)) {
		Py_DECREF(i);
		if (!PyErr_Occurred())
			PyErr_SetString(
				PyExc_ValueError,
				"ids as a bitmask must not be negative");
		return -1;
	}
	v = PyLong_AsUnsignedLongLong(i);
	Py_DECREF(i);
	if (v == (unsigned long long)-1 && PyErr_Occurred()) {
		if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
			PyErr_Clear();
			PyErr_SetString(PyExc_ValueError,
					"ids as a bitmask must fit 64 bits "
					"(IDs 0..63)");
		}
		return -1;
	}
	*out = v;
	return 0;
}

int fpy_parse_ids(PyObject *obj, uint64_t *out)
{
	PyObject *it, *item;
	uint64_t mask = 0;

	if (PyLong_Check(obj) && !PyBool_Check(obj)) {
		if (parse_mask(obj, &mask) < 0)
			return -1;
	} else {
		if (PyUnicode_Check(obj) || PyBytes_Check(obj) ||
		    PyByteArray_Check(obj) || PyBool_Check(obj)) {
			PyErr_Format(PyExc_TypeError,
				     "ids must be an int bitmask or an "
				     "iterable of IDs, not %.100s",
				     Py_TYPE(obj)->tp_name);
			return -1;
		}
		it = PyObject_GetIter(obj);
		if (!it) {
			if (PyErr_ExceptionMatches(PyExc_TypeError)) {
				PyErr_Clear();
				PyErr_Format(PyExc_TypeError,
					     "ids must be an int bitmask or an "
					     "iterable of IDs, not %.100s",
					     Py_TYPE(obj)->tp_name);
			}
			return -1;
		}
		while ((item = PyIter_Next(it))) {
			PyObject *i = as_int(item, "an ID");
			long id;

			Py_DECREF(item);
			if (!i)
				break;
			id = PyLong_AsLong(i);
			Py_DECREF(i);
			if (id == -1 && fpy_overflowed() < 0)
				break;
			if (id < 0 || id >= FFANOTIF_MAX_IDS) {
				PyErr_Format(PyExc_ValueError,
					     "notification IDs are 0..%d",
					     FFANOTIF_MAX_IDS - 1);
				break;
			}
			mask |= 1ULL << id;
		}
		Py_DECREF(it);
		if (PyErr_Occurred())
			return -1;
	}
	if (!mask) {
		PyErr_SetString(PyExc_ValueError,
				"ids must name at least one ID");
		return -1;
	}
	*out = mask;
	return 0;
}

int fpy_parse_bool(PyObject *obj, const char *what, int *out)
{
	if (!PyBool_Check(obj)) {
		PyErr_Format(PyExc_TypeError, "%s must be a bool, not %.100s",
			     what, Py_TYPE(obj)->tp_name);
		return -1;
	}
	*out = obj == Py_True;
	return 0;
}

int fpy_parse_timeout(PyObject *obj, int64_t *out)
{
	double s;

	if (obj == Py_None) {
		*out = -1;
		return 0;
	}
	if (PyBool_Check(obj) || !(PyFloat_Check(obj) || PyIndex_Check(obj))) {
		PyErr_Format(PyExc_TypeError,
			     "timeout must be seconds (int or float) or None, "
			     "not %.100s",
			     Py_TYPE(obj)->tp_name);
		return -1;
	}
	s = PyFloat_AsDouble(obj);
	if (s == -1.0) {
		int overflowed = fpy_overflowed();

		if (overflowed < 0)
			return -1;
		if (overflowed)
			s = INFINITY;
	}
	if (isnan(s) || s < 0) {
		PyErr_SetString(PyExc_ValueError,
				"timeout must be >= 0 seconds (None: forever)");
		return -1;
	}
	/* Past 292 years is forever. */
	*out = s >= 9.2e9 ? -1 : (int64_t)(s * 1e9);
	return 0;
}

PyObject *fpy_ids_set(uint64_t mask)
{
	PyObject *set = PyFrozenSet_New(NULL);
	int id;

	if (!set)
		return NULL;
	for (id = 0; id < FFANOTIF_MAX_IDS; id++) {
		PyObject *v;

		if (!(mask & (1ULL << id)))
			continue;
		v = PyLong_FromLong(id);
		if (!v || PySet_Add(set, v) < 0) {
			Py_XDECREF(v);
			Py_DECREF(set);
			return NULL;
		}
		Py_DECREF(v);
	}
	return set;
}

/* ---- waiting and locks --------------------------------------------------- */

void fpy_lock(PyThread_type_lock lock)
{
	if (PyThread_acquire_lock(lock, NOWAIT_LOCK))
		return;
	Py_BEGIN_ALLOW_THREADS
		PyThread_acquire_lock(lock, WAIT_LOCK);
	Py_END_ALLOW_THREADS
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * The library retries EINTR itself only when it waits forever, which
 * would leave Ctrl-C unheard: forever is waited in slices of this.
 */
#define WAIT_SLICE_NS (3600LL * 1000000000LL)

int fpy_wait(void *obj, int (*wait_fn)(void *obj, int64_t timeout_ns),
	     int64_t timeout_ns, const char *op)
{
	int64_t deadline = timeout_ns >= 0 ? now_ns() + timeout_ns : -1;
	int ret, err;

	for (;;) {
		int64_t slice = WAIT_SLICE_NS;

		if (deadline >= 0) {
			slice = deadline - now_ns();
			if (slice < 0)
				slice = 0;
		}
		Py_BEGIN_ALLOW_THREADS
			ret = wait_fn(obj, slice);
			err = errno;
		Py_END_ALLOW_THREADS
		if (ret == 1)
			return 1;
		if (ret == 0 && deadline >= 0)
			return 0;
		if (ret < 0 && err != EINTR) {
			fpy_raise_errno(err, op);
			return -1;
		}
		/* A signal (or a slice of forever): handlers first. */
		if (PyErr_CheckSignals() < 0)
			return -1;
	}
}

/* ---- record types -------------------------------------------------------- */

static PyStructSequence_Field event_fields[] = {
	{ "sender", "FF-A ID of the partition that set the notifications" },
	{ "ids", "the notification IDs set, a frozenset of ints 0..63" },
	{ "mask", "the same IDs as a bitmask (bit n = ID n)" },
	{ "per_vcpu", "True for per-vCPU notifications" },
	{ "vcpu", "the vCPU of a per-vCPU notification (0 for global)" },
	{ "timestamp_ns", "CLOCK_MONOTONIC when the first of them arrived" },
	{ "seqno", "per-session sequence number, from 1 (a gap: dropped)" },
	{ "dropped", "notifications lost to overflow before this event" },
	{ NULL, NULL },
};

static PyStructSequence_Desc event_desc = {
	"ffanotif.Event",
	"An event: these IDs, from this sender (on this vCPU), were set at\n"
	"least once since they were last read.",
	event_fields,
	8,
};

static PyStructSequence_Field stats_fields[] = {
	{ "bound", "bitmask of the IDs bound through this session" },
	{ "events", "events queued" },
	{ "read", "events read" },
	{ "coalesced", "sets merged into an unread event" },
	{ "dropped", "notifications lost to overflow" },
	{ NULL, NULL },
};

static PyStructSequence_Desc stats_desc = {
	"ffanotif.Stats",
	"Counters of a session.",
	stats_fields,
	5,
};

static PyStructSequence_Field info_fields[] = {
	{ "ffa_version", "FF-A version negotiated, as (major, minor)" },
	{ "uapi_version", "version of the kernel/user contract" },
	{ "backend", "what provides notifications: arm_ffa, native, sim" },
	{ "own_id", "this endpoint's FF-A ID" },
	{ "vcpu_count", "vCPUs of this endpoint" },
	{ "max_ids", "notification IDs per receiver" },
	{ "queue_depth", "events queued per session at most" },
	{ "sri_intid", "interrupt ID of the Schedule Receiver Interrupt" },
	{ "per_vcpu", "whether per-vCPU notifications are supported" },
	{ "sim_ring", "whether Session.sim_ring() works (a simulator)" },
	{ "sim_personality",
	  "which SPMC a simulator's model is (hafnium, hafnium+strict, optee), "
	  "or None" },
	{ NULL, NULL },
};

static PyStructSequence_Desc info_desc = {
	"ffanotif.Info",
	"What a session runs on.",
	info_fields,
	11,
};

static PyStructSequence_Field partition_fields[] = {
	{ "id", "FF-A ID of the partition" },
	{ "uuid", "its UUID (uuid.UUID)" },
	{ "name", "a name where the backend knows one, else ''" },
	{ "vcpu_count", "its vCPUs" },
	{ "properties", "FF-A partition properties" },
	{ "receives_notifications", "whether it takes notifications" },
	{ NULL, NULL },
};

static PyStructSequence_Desc partition_desc = {
	"ffanotif.Partition",
	"A secure partition.",
	partition_fields,
	6,
};

static PyStructSequence_Field module_stats_fields[] = {
	{ "open_files", "files of /dev/ffa-notif open now" },
	{ "delivered", "notifications queued to a file" },
	{ "unclaimed", "notifications for an ID no file held" },
	{ "release_failures", "unbinds the firmware refused at close" },
	{ "sent", "SETs issued through the device" },
	{ "sri", "Schedule Receiver Interrupts handled" },
	{ "fw_errors", "INFO_GET, GET or RUN refused by the firmware" },
	{ "monitor_drops", "monitor events the module could not send" },
	{ NULL, NULL },
};

static PyStructSequence_Desc module_stats_desc = {
	"ffanotif.ModuleStats",
	"Counters of ffa_notif.ko since it was loaded.",
	module_stats_fields,
	8,
};

static PyStructSequence_Field binding_fields[] = {
	{ "id", "the notification ID, 0..63" },
	{ "sender", "the partition it is bound to" },
	{ "state", "BINDING_BINDING, _BOUND, _UNBINDING or _ORPHANED" },
	{ "pid", "the process holding it (0: none)" },
	{ "comm", "that process's name ('' when none)" },
	{ "file_id", "the holding file's number, as in its fdinfo" },
	{ NULL, NULL },
};

static PyStructSequence_Desc binding_desc = {
	"ffanotif.Binding",
	"A bound notification ID of ffa_notif.ko.",
	binding_fields,
	6,
};

static PyStructSequence_Field monitor_event_fields[] = {
	{ "kind", "MONITOR_SENT, MONITOR_DELIVERED or MONITOR_UNCLAIMED" },
	{ "sender", "the partition (or endpoint) that set them" },
	{ "receiver", "the endpoint they were set for" },
	{ "ids", "the notification IDs, a frozenset" },
	{ "mask", "the same IDs as a bitmask" },
	{ "per_vcpu", "True for per-vCPU notifications" },
	{ "vcpu", "their vCPU (0 for global)" },
	{ "timestamp_ns", "CLOCK_MONOTONIC" },
	{ "pid", "SENT: the sender process; DELIVERED: the file's opener" },
	{ "file_id", "DELIVERED: the receiving file's number; else 0" },
	{ NULL, NULL },
};

static PyStructSequence_Desc monitor_event_desc = {
	"ffanotif.MonitorEvent",
	"A notification seen by the kernel module's monitor.",
	monitor_event_fields,
	10,
};

PyTypeObject fpy_event_type;
PyTypeObject fpy_stats_type;
PyTypeObject fpy_info_type;
PyTypeObject fpy_partition_type;
PyTypeObject fpy_module_stats_type;
PyTypeObject fpy_binding_type;
PyTypeObject fpy_monitor_event_type;

/*
 * Fill a struct sequence from a format of Py_BuildValue, one item per
 * field: steals nothing, returns the new record or NULL.
 */
static PyObject *record(PyTypeObject *type, PyObject *items)
{
	PyObject *r;
	Py_ssize_t i, n;

	if (!items)
		return NULL;
	r = PyStructSequence_New(type);
	if (!r) {
		Py_DECREF(items);
		return NULL;
	}
	n = PyTuple_GET_SIZE(items);
	for (i = 0; i < n; i++) {
		PyObject *v = PyTuple_GET_ITEM(items, i);

		Py_INCREF(v);
		PyStructSequence_SET_ITEM(r, i, v);
	}
	Py_DECREF(items);
	return r;
}

PyObject *fpy_event_new(const struct ffanotif_event *e)
{
	uint64_t mask = ffanotif_event_get_notifications(e);
	PyObject *ids = fpy_ids_set(mask);

	if (!ids)
		return NULL;
	return record(
		&fpy_event_type,
		Py_BuildValue(
			"(iNKOiKKI)", ffanotif_event_get_sender(e), ids,
			(unsigned long long)mask,
			ffanotif_event_is_per_vcpu(e) ? Py_True : Py_False,
			ffanotif_event_get_vcpu(e),
			(unsigned long long)ffanotif_event_get_timestamp_ns(e),
			(unsigned long long)ffanotif_event_get_seqno(e),
			(unsigned int)ffanotif_event_get_dropped(e)));
}

PyObject *fpy_stats_new(const struct ffanotif_session_stats *st)
{
	return record(
		&fpy_stats_type,
		Py_BuildValue(
			"(KKKKK)",
			(unsigned long long)ffanotif_session_stats_get_bound(
				st),
			(unsigned long long)ffanotif_session_stats_get_events(
				st),
			(unsigned long long)ffanotif_session_stats_get_read(st),
			(unsigned long long)
				ffanotif_session_stats_get_coalesced(st),
			(unsigned long long)ffanotif_session_stats_get_dropped(
				st)));
}

PyObject *fpy_info_new(const struct ffanotif_info *i)
{
	uint32_t v = ffanotif_info_get_ffa_version(i);

	return record(&fpy_info_type,
		      Py_BuildValue("((II)IsiIIIIOOz)", v >> 16, v & 0xffff,
				    ffanotif_info_get_uapi_version(i),
				    ffanotif_info_get_backend(i),
				    ffanotif_info_get_own_id(i),
				    ffanotif_info_get_vcpu_count(i),
				    ffanotif_info_get_max_ids(i),
				    ffanotif_info_get_queue_depth(i),
				    ffanotif_info_get_sri_intid(i),
				    ffanotif_info_has_per_vcpu(i) ? Py_True
								  : Py_False,
				    ffanotif_info_has_sim_ring(i) ? Py_True
								  : Py_False,
				    ffanotif_info_get_sim_personality(i)));
}

static PyObject *partition_new(const struct ffanotif_partition *p)
{
	PyObject *uuid;

	if (!uuid_class) {
		PyObject *m = PyImport_ImportModule("uuid");

		if (!m)
			return NULL;
		uuid_class = PyObject_GetAttrString(m, "UUID");
		Py_DECREF(m);
		if (!uuid_class)
			return NULL;
	}
	uuid = PyObject_CallFunction(
		uuid_class, "sy#", NULL,
		(const char *)ffanotif_partition_get_uuid(p), (Py_ssize_t)16);
	if (!uuid)
		return NULL;
	return record(&fpy_partition_type,
		      Py_BuildValue("(iNsIIO)", ffanotif_partition_get_id(p),
				    uuid, ffanotif_partition_get_name(p),
				    ffanotif_partition_get_vcpu_count(p),
				    ffanotif_partition_get_properties(p),
				    ffanotif_partition_receives_notifications(p)
					    ? Py_True
					    : Py_False));
}

PyObject *fpy_list_new(const void *items, size_t n,
		       PyObject *(*item)(const void *items, size_t i))
{
	PyObject *list = PyList_New((Py_ssize_t)n);
	size_t i;

	if (!list)
		return NULL;
	for (i = 0; i < n; i++) {
		PyObject *o = item(items, i);

		if (!o) {
			Py_DECREF(list);
			return NULL;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, o);
	}
	return list;
}

static PyObject *partition_at(const void *l, size_t i)
{
	return partition_new(ffanotif_partition_list_get(l, i));
}

PyObject *fpy_partition_list_to_py(const struct ffanotif_partition_list *l)
{
	return fpy_list_new(l, ffanotif_partition_list_count(l), partition_at);
}

PyObject *fpy_module_stats_new(const struct ffanotif_module_counters *c)
{
	uint64_t v[8] = {
		ffanotif_module_counters_get_open_files(c),
		ffanotif_module_counters_get_delivered(c),
		ffanotif_module_counters_get_unclaimed(c),
		ffanotif_module_counters_get_release_failures(c),
		ffanotif_module_counters_get_sent(c),
		ffanotif_module_counters_get_sri(c),
		ffanotif_module_counters_get_fw_errors(c),
		ffanotif_module_counters_get_monitor_drops(c),
	};

	return record(
		&fpy_module_stats_type,
		Py_BuildValue(
			"(KKKKKKKK)", (unsigned long long)v[0],
			(unsigned long long)v[1], (unsigned long long)v[2],
			(unsigned long long)v[3], (unsigned long long)v[4],
			(unsigned long long)v[5], (unsigned long long)v[6],
			(unsigned long long)v[7]));
}

PyObject *fpy_binding_new(const struct ffanotif_binding *b)
{
	return record(&fpy_binding_type,
		      Py_BuildValue("(IiiIsK)", ffanotif_binding_get_id(b),
				    ffanotif_binding_get_sender(b),
				    ffanotif_binding_get_state(b),
				    ffanotif_binding_get_pid(b),
				    ffanotif_binding_get_comm(b),
				    (unsigned long long)
					    ffanotif_binding_get_file_id(b)));
}

static PyObject *binding_at(const void *l, size_t i)
{
	return fpy_binding_new(ffanotif_binding_list_get(l, i));
}

PyObject *fpy_binding_list_to_py(const struct ffanotif_binding_list *l)
{
	return fpy_list_new(l, ffanotif_binding_list_count(l), binding_at);
}

PyObject *fpy_monitor_event_new(const struct ffanotif_monitor_event *e)
{
	uint64_t mask = ffanotif_monitor_event_get_notifications(e);
	PyObject *ids = fpy_ids_set(mask);

	if (!ids)
		return NULL;
	return record(
		&fpy_monitor_event_type,
		Py_BuildValue(
			"(iiiNKOiKIK)", ffanotif_monitor_event_get_kind(e),
			ffanotif_monitor_event_get_sender(e),
			ffanotif_monitor_event_get_receiver(e), ids,
			(unsigned long long)mask,
			ffanotif_monitor_event_is_per_vcpu(e) ? Py_True
							      : Py_False,
			ffanotif_monitor_event_get_vcpu(e),
			(unsigned long long)
				ffanotif_monitor_event_get_timestamp_ns(e),
			ffanotif_monitor_event_get_pid(e),
			(unsigned long long)ffanotif_monitor_event_get_file_id(
				e)));
}

/* ---- the module ---------------------------------------------------------- */

static PyObject *api_version(PyObject *mod, PyObject *unused)
{
	(void)mod;
	(void)unused;
	return PyUnicode_FromString(ffanotif_api_version());
}

static PyMethodDef module_methods[] = {
	{ "api_version", api_version, METH_NOARGS,
	  "api_version() -> str\n\n"
	  "The API version of the libffanotif actually loaded (\"1.1\")." },
	{ "module_stats", fpy_module_get_stats, METH_NOARGS,
	  "module_stats() -> ModuleStats\n\n"
	  "Counters of ffa_notif.ko, through its netlink family (no session,\n"
	  "no access to /dev/ffa-notif needed).  OSError(ENODEV) when the\n"
	  "module is not loaded." },
	{ "module_partitions", fpy_module_list_partitions, METH_NOARGS,
	  "module_partitions() -> list[Partition]\n\n"
	  "The partitions, as ffa_notif.ko lists them (OSError(ENODEV)\n"
	  "without the module)." },
	{ "module_bindings", fpy_module_list_bindings, METH_NOARGS,
	  "module_bindings() -> list[Binding]\n\n"
	  "Who holds which notification ID in ffa_notif.ko, one Binding per\n"
	  "bound ID (OSError(ENODEV) without the module)." },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef module_def = {
	PyModuleDef_HEAD_INIT,
	"ffanotif._ffanotif",
	"The C extension of the ffanotif package: use ffanotif instead.",
	-1,
	module_methods,
	NULL,
	NULL,
	NULL,
	NULL,
};

static int add_record_type(PyObject *m, PyTypeObject *type,
			   PyStructSequence_Desc *desc)
{
	/* Static types: made once per process, even if imported again. */
	if (!(type->tp_flags & Py_TPFLAGS_READY) &&
	    PyStructSequence_InitType2(type, desc) < 0)
		return -1;
	/* The name in the desc has the package in it; the attribute not. */
	return PyModule_AddObjectRef(m, strchr(desc->name, '.') + 1,
				     (PyObject *)type);
}

static const struct {
	const char *name;
	long value;
} constants[] = {
	{ "MAX_IDS", FFANOTIF_MAX_IDS },
	{ "BINDING_BINDING", FFANOTIF_BINDING_BINDING },
	{ "BINDING_BOUND", FFANOTIF_BINDING_BOUND },
	{ "BINDING_UNBINDING", FFANOTIF_BINDING_UNBINDING },
	{ "BINDING_ORPHANED", FFANOTIF_BINDING_ORPHANED },
	{ "MONITOR_SENT", FFANOTIF_MONITOR_SENT },
	{ "MONITOR_DELIVERED", FFANOTIF_MONITOR_DELIVERED },
	{ "MONITOR_UNCLAIMED", FFANOTIF_MONITOR_UNCLAIMED },
	{ "CLOCK_MONOTONIC", FFANOTIF_CLOCK_MONOTONIC },
	{ "CLOCK_BOOTTIME", FFANOTIF_CLOCK_BOOTTIME },
	{ "CLOCK_REALTIME", FFANOTIF_CLOCK_REALTIME },
	{ "QUEUE_DEPTH_MAX", FFANOTIF_QUEUE_DEPTH_MAX },
};

PyMODINIT_FUNC PyInit__ffanotif(void)
{
	PyObject *m = PyModule_Create(&module_def), *version = NULL;
	size_t i;

	if (!m)
		return NULL;
	if (add_record_type(m, &fpy_event_type, &event_desc) < 0 ||
	    add_record_type(m, &fpy_stats_type, &stats_desc) < 0 ||
	    add_record_type(m, &fpy_info_type, &info_desc) < 0 ||
	    add_record_type(m, &fpy_partition_type, &partition_desc) < 0 ||
	    add_record_type(m, &fpy_module_stats_type, &module_stats_desc) <
		    0 ||
	    add_record_type(m, &fpy_binding_type, &binding_desc) < 0 ||
	    add_record_type(m, &fpy_monitor_event_type, &monitor_event_desc) <
		    0)
		goto fail;
	if (!fpy_str_close)
		fpy_str_close = PyUnicode_InternFromString("close");
	if (!fpy_str_close)
		goto fail;
	if (!fpy_busy_error)
		fpy_busy_error = PyErr_NewExceptionWithDoc(
			"ffanotif.BusyError",
			"EBUSY: a notification ID is bound through a session\n"
			"already (a FileExistsError: the binding exists).",
			PyExc_FileExistsError, NULL);
	if (!fpy_busy_error ||
	    PyModule_AddObjectRef(m, "BusyError", fpy_busy_error) < 0)
		goto fail;
	if (PyType_Ready(&fpy_session_type) < 0 ||
	    PyModule_AddObjectRef(m, "Session", (PyObject *)&fpy_session_type) <
		    0)
		goto fail;
	if (PyType_Ready(&fpy_monitor_type) < 0 ||
	    PyModule_AddObjectRef(m, "Monitor", (PyObject *)&fpy_monitor_type) <
		    0)
		goto fail;
	for (i = 0; i < sizeof(constants) / sizeof(constants[0]); i++)
		if (PyModule_AddIntConstant(m, constants[i].name,
					    constants[i].value) < 0)
			goto fail;
	version = Py_BuildValue("(ii)", FFANOTIF_API_VERSION_MAJOR,
				FFANOTIF_API_VERSION_MINOR);
	if (!version || PyModule_AddObjectRef(m, "API_VERSION", version) < 0)
		goto fail;
	Py_DECREF(version);
	/* Unsigned 32 bits: more than a long holds on 32-bit machines. */
	version = PyLong_FromUnsignedLong(FFANOTIF_EVENT_DROPPED_GAP);
	if (!version ||
	    PyModule_AddObjectRef(m, "EVENT_DROPPED_GAP", version) < 0)
		goto fail;
	Py_DECREF(version);
	return m;
fail:
	Py_XDECREF(version);
	Py_DECREF(m);
	return NULL;
}
