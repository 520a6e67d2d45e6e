// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel module as a whole (ffa_notif.ko's generic netlink family):
 * module_stats(), module_partitions(), module_bindings() and the Monitor
 * type.  Every call runs with the GIL released: the library waits up to
 * 5 seconds for the kernel's answer.  A Monitor is locked as a Session
 * is (see session.c).
 */
#include "ffanotif-py.h"

#include <errno.h>

/*
 * Function `name` of the Python module: what fetch() returns (called with
 * the GIL released; NULL: OSError for `op`), as the Python object that
 * to_py makes of it, then freed with free_fn.
 */
#define MODULE_FUNCTION(name, type, fetch, to_py, free_fn, op) \
	PyObject *name(PyObject *mod, PyObject *unused)        \
	{                                                      \
		type *obj;                                     \
		PyObject *r;                                   \
		int err;                                       \
                                                               \
		(void)mod;                                     \
		(void)unused;                                  \
		Py_BEGIN_ALLOW_THREADS                         \
			obj = fetch();                         \
			err = errno;                           \
		Py_END_ALLOW_THREADS                           \
		if (!obj)                                      \
			return fpy_raise_errno(err, op);       \
		r = to_py(obj);                                \
		free_fn(obj);                                  \
		return r;                                      \
	}

MODULE_FUNCTION(fpy_module_get_stats, struct ffanotif_module_counters,
		ffanotif_module_read_counters, fpy_module_stats_new,
		ffanotif_module_counters_free, "module_stats")
MODULE_FUNCTION(fpy_module_list_partitions, struct ffanotif_partition_list,
		ffanotif_module_list_partitions, fpy_partition_list_to_py,
		ffanotif_partition_list_free, "module_partitions")
MODULE_FUNCTION(fpy_module_list_bindings, struct ffanotif_binding_list,
		ffanotif_module_list_bindings, fpy_binding_list_to_py,
		ffanotif_binding_list_free, "module_bindings")

/* ---- Monitor ------------------------------------------------------------- */

typedef struct {
	PyObject_HEAD struct ffanotif_monitor *monitor;
	PyThread_type_lock lock;
	int active;
	PyObject *weakrefs;
} MonitorObject;

static PyObject *monitor_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
	MonitorObject *self;

	(void)args;
	(void)kwds;
	self = (MonitorObject *)type->tp_alloc(type, 0);
	if (!self)
		return NULL;
	self->lock = PyThread_allocate_lock();
	if (!self->lock) {
		Py_DECREF(self);
		return PyErr_NoMemory();
	}
	return (PyObject *)self;
}

static int monitor_init(MonitorObject *self, PyObject *args, PyObject *kwds)
{
	static char *kwlist[] = { NULL };
	struct ffanotif_monitor *m;
	int err;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, ":Monitor", kwlist))
		return -1;
	if (self->monitor) {
		PyErr_SetString(PyExc_RuntimeError, "Monitor is open already");
		return -1;
	}
	Py_BEGIN_ALLOW_THREADS
		m = ffanotif_monitor_open();
		err = errno;
	Py_END_ALLOW_THREADS
	if (!m) {
		fpy_raise_errno(err, "monitor");
		return -1;
	}
	if (self->monitor) {
		ffanotif_monitor_close(m);
		PyErr_SetString(PyExc_RuntimeError, "Monitor is open already");
		return -1;
	}
	self->monitor = m;
	return 0;
}

static int enter(MonitorObject *self, int lock)
{
	if (fpy_closed(self->monitor, "monitor"))
		return -1;
	self->active++;
	if (lock)
		fpy_lock(self->lock);
	return 0;
}

static void leave(MonitorObject *self, int lock)
{
	if (lock)
		PyThread_release_lock(self->lock);
	self->active--;
}

static PyObject *monitor_close(MonitorObject *self, PyObject *unused)
{
	struct ffanotif_monitor *m = self->monitor;

	(void)unused;
	if (self->active) {
		PyErr_SetString(PyExc_RuntimeError,
				"the monitor is in use by another thread");
		return NULL;
	}
	self->monitor = NULL;
	ffanotif_monitor_close(m);
	Py_RETURN_NONE;
}

static void monitor_dealloc(MonitorObject *self)
{
	if (self->weakrefs)
		PyObject_ClearWeakRefs((PyObject *)self);
	ffanotif_monitor_close(self->monitor);
	if (self->lock)
		PyThread_free_lock(self->lock);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *monitor_enter_ctx(MonitorObject *self, PyObject *unused)
{
	(void)unused;
	if (fpy_closed(self->monitor, "monitor"))
		return NULL;
	Py_INCREF(self);
	return (PyObject *)self;
}

static PyObject *monitor_exit_ctx(MonitorObject *self, PyObject *args)
{
	(void)args;
	return fpy_exit_ctx((PyObject *)self);
}

static PyObject *monitor_fileno(MonitorObject *self, PyObject *unused)
{
	(void)unused;
	if (fpy_closed(self->monitor, "monitor"))
		return NULL;
	return PyLong_FromLong(ffanotif_monitor_get_fd(self->monitor));
}

static int wait_monitor(void *obj, int64_t timeout_ns)
{
	return ffanotif_monitor_wait(obj, timeout_ns);
}

static PyObject *monitor_wait(MonitorObject *self, PyObject *args,
			      PyObject *kwds)
{
	static char *kwlist[] = { "timeout", NULL };
	PyObject *timeout_obj = Py_None;
	int64_t timeout;
	int ret;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:wait", kwlist,
					 &timeout_obj) ||
	    fpy_parse_timeout(timeout_obj, &timeout) < 0 || enter(self, 1) < 0)
		return NULL;
	/*
	 * Under the lock, unlike a session's wait: the monitor's wait
	 * looks at the buffer that read_event() consumes.
	 */
	ret = fpy_wait(self->monitor, wait_monitor, timeout, "wait");
	leave(self, 1);
	if (ret < 0)
		return NULL;
	return PyBool_FromLong(ret);
}

static PyObject *monitor_read_event(MonitorObject *self, PyObject *unused)
{
	struct ffanotif_monitor_event *e;
	PyObject *r;
	int err;

	(void)unused;
	if (enter(self, 1) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		e = ffanotif_monitor_read_event(self->monitor);
		err = errno;
	Py_END_ALLOW_THREADS
	leave(self, 1);
	if (!e) {
		if (err == EAGAIN)
			Py_RETURN_NONE;
		return fpy_raise_errno(err, "read_event");
	}
	r = fpy_monitor_event_new(e);
	ffanotif_monitor_event_free(e);
	return r;
}

static PyObject *monitor_get_closed(MonitorObject *self, void *closure)
{
	(void)closure;
	return PyBool_FromLong(self->monitor == NULL);
}

static PyMethodDef monitor_methods[] = {
	{ "close", FPY_METH(monitor_close), METH_NOARGS,
	  "close() -> None\n\nLeave the monitor group (closing twice does "
	  "nothing)." },
	{ "fileno", FPY_METH(monitor_fileno), METH_NOARGS,
	  "fileno() -> int\n\n"
	  "The fd to select/poll; once readable, call read_event() until it\n"
	  "returns None." },
	{ "wait", FPY_METH(monitor_wait), METH_VARARGS | METH_KEYWORDS,
	  "wait(timeout=None) -> bool\n\n"
	  "Wait until an event can be read (as Session.wait)." },
	{ "read_event", FPY_METH(monitor_read_event), METH_NOARGS,
	  "read_event() -> MonitorEvent | None\n\n"
	  "The next event, or None when there is none yet; never blocks.\n"
	  "OSError(ENOBUFS): the monitor fell behind and the kernel dropped\n"
	  "events; OSError(EPROTO): a malformed message was skipped.\n"
	  "Reading goes on after either." },
	{ "__enter__", FPY_METH(monitor_enter_ctx), METH_NOARGS,
	  "The monitor itself." },
	{ "__exit__", FPY_METH(monitor_exit_ctx), METH_VARARGS,
	  "close() the monitor." },
	{ NULL, NULL, 0, NULL },
};

static PyGetSetDef monitor_getset[] = {
	{ "closed", (getter)monitor_get_closed, NULL,
	  "True once the monitor is closed.", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

PyTypeObject fpy_monitor_type = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "ffanotif.Monitor",
	.tp_basicsize = sizeof(MonitorObject),
	.tp_dealloc = (destructor)monitor_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
	.tp_doc =
		"Monitor()\n\n"
		"Every notification sent and delivered through ffa_notif.ko,\n"
		"without binding anything.  Needs CAP_SYS_ADMIN\n"
		"(PermissionError); OSError(ENODEV) without the module.  A\n"
		"context manager.",
	.tp_weaklistoffset = offsetof(MonitorObject, weakrefs),
	.tp_methods = monitor_methods,
	.tp_getset = monitor_getset,
	.tp_init = (initproc)monitor_init,
	.tp_new = monitor_new,
};
