// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffanotif.Session: a libffanotif session.  Calls run with the GIL
 * released (a daemon session talks to ffa-notifd over its socket) and
 * under the session's lock; wait() only polls the session's fd, so it
 * takes no lock: another thread may ring or read meanwhile.  `active`
 * counts the threads inside a call, and close() refuses while there is
 * one, so the session cannot be freed under a call.
 */
#include "ffanotif-py.h"

#include <errno.h>
#include <string.h>

/* The event buffer kept by a session; read_events(max) past it allocates
 * one for the call, up to the library's 1024.
 */
#define SESSION_BUFFER 64
#define MAX_READ 1024

typedef struct {
	PyObject_HEAD struct ffanotif_session *session;
	struct ffanotif_event_buffer *buf;
	PyThread_type_lock lock;
	int active;
	PyObject *weakrefs;
} SessionObject;

static PyObject *session_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
	SessionObject *self;

	(void)args;
	(void)kwds;
	self = (SessionObject *)type->tp_alloc(type, 0);
	if (!self)
		return NULL;
	self->lock = PyThread_allocate_lock();
	if (!self->lock) {
		Py_DECREF(self);
		return PyErr_NoMemory();
	}
	return (PyObject *)self;
}

static const char *const backend_names[] = { "auto", "device", "daemon",
					     "sim" };

static int session_init(SessionObject *self, PyObject *args, PyObject *kwds)
{
	static char *kwlist[] = { "backend", NULL };
	PyObject *backend_obj = Py_None;
	const char *backend = NULL;
	Py_ssize_t len = 0;
	int known;
	struct ffanotif_session *s;
	struct ffanotif_event_buffer *buf;
	size_t i;
	int err;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:Session", kwlist,
					 &backend_obj))
		return -1;
	if (self->session) {
		PyErr_SetString(PyExc_RuntimeError, "Session is open already");
		return -1;
	}
	if (backend_obj != Py_None) {
		if (!PyUnicode_Check(backend_obj)) {
			PyErr_Format(
				PyExc_TypeError,
				"backend must be a str or None, not %.100s",
				Py_TYPE(backend_obj)->tp_name);
			return -1;
		}
		backend = PyUnicode_AsUTF8AndSize(backend_obj, &len);
		if (!backend)
			return -1;
		known = 0;
		for (i = 0; i < sizeof(backend_names) / sizeof(*backend_names);
		     i++)
			if (strcmp(backend, backend_names[i]) == 0)
				known = 1;
		/* An embedded NUL would name a backend it is not. */
		if (!known || (size_t)len != strlen(backend)) {
			PyErr_Format(PyExc_ValueError,
				     "unknown backend %R (auto, device, daemon "
				     "or sim)",
				     backend_obj);
			return -1;
		}
	}
	buf = ffanotif_event_buffer_new(SESSION_BUFFER);
	if (!buf) {
		PyErr_NoMemory();
		return -1;
	}
	Py_BEGIN_ALLOW_THREADS
		s = ffanotif_session_open(backend);
		err = errno;
	Py_END_ALLOW_THREADS
	if (!s) {
		ffanotif_event_buffer_free(buf);
		fpy_raise_errno(err, "open");
		return -1;
	}
	if (self->session) {
		/* Another thread ran __init__ meanwhile: keep its session. */
		ffanotif_session_close(s);
		ffanotif_event_buffer_free(buf);
		PyErr_SetString(PyExc_RuntimeError, "Session is open already");
		return -1;
	}
	self->session = s;
	self->buf = buf;
	return 0;
}

/* Enter a call: 0 with the lock held (if `lock`), -1 if closed. */
static int enter(SessionObject *self, int lock)
{
	if (fpy_closed(self->session, "session"))
		return -1;
	self->active++;
	if (lock)
		fpy_lock(self->lock);
	return 0;
}

static void leave(SessionObject *self, int lock)
{
	if (lock)
		PyThread_release_lock(self->lock);
	self->active--;
}

static void close_now(SessionObject *self)
{
	struct ffanotif_session *s = self->session;

	self->session = NULL;
	ffanotif_event_buffer_free(self->buf);
	self->buf = NULL;
	if (s) {
		Py_BEGIN_ALLOW_THREADS
			ffanotif_session_close(s);
		Py_END_ALLOW_THREADS
	}
}

static PyObject *session_close(SessionObject *self, PyObject *unused)
{
	(void)unused;
	if (self->active) {
		PyErr_SetString(PyExc_RuntimeError,
				"the session is in use by another thread");
		return NULL;
	}
	close_now(self);
	Py_RETURN_NONE;
}

static void session_dealloc(SessionObject *self)
{
	if (self->weakrefs)
		PyObject_ClearWeakRefs((PyObject *)self);
	/* No call can be running: each holds a reference. */
	if (self->session)
		ffanotif_session_close(self->session);
	ffanotif_event_buffer_free(self->buf);
	if (self->lock)
		PyThread_free_lock(self->lock);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *session_enter_ctx(SessionObject *self, PyObject *unused)
{
	(void)unused;
	if (fpy_closed(self->session, "session"))
		return NULL;
	Py_INCREF(self);
	return (PyObject *)self;
}

static PyObject *session_exit_ctx(SessionObject *self, PyObject *args)
{
	(void)args;
	return fpy_exit_ctx((PyObject *)self);
}

static PyObject *session_fileno(SessionObject *self, PyObject *unused)
{
	(void)unused;
	if (fpy_closed(self->session, "session"))
		return NULL;
	return PyLong_FromLong(ffanotif_session_get_fd(self->session));
}

/* bind(sender, ids, per_vcpu=False, exclusive=False) and
 * watch(sender, ids, per_vcpu=False): `watch` says which.
 */
static PyObject *receive_call(SessionObject *self, PyObject *args,
			      PyObject *kwds, int watch)
{
	/* watch has no exclusive=: a list of its own, as long as its
	 * format.
	 */
	static char *bind_kw[] = { "sender", "ids", "per_vcpu", "exclusive",
				   NULL };
	static char *watch_kw[] = { "sender", "ids", "per_vcpu", NULL };
	PyObject *sender_obj, *ids_obj, *per_vcpu_obj = Py_False;
	PyObject *exclusive_obj = Py_False;
	const char *verb = watch ? "watch" : "bind";
	uint16_t sender;
	uint64_t ids, flags;
	int per_vcpu, exclusive = 0, ret, err;

	if (!PyArg_ParseTupleAndKeywords(
		    args, kwds, watch ? "OO|O:watch" : "OO|OO:bind",
		    watch ? watch_kw : bind_kw, &sender_obj, &ids_obj,
		    &per_vcpu_obj, &exclusive_obj) ||
	    fpy_parse_u16(sender_obj, "sender", &sender) < 0 ||
	    fpy_parse_ids(ids_obj, &ids) < 0 ||
	    fpy_parse_bool(per_vcpu_obj, "per_vcpu", &per_vcpu) < 0 ||
	    fpy_parse_bool(exclusive_obj, "exclusive", &exclusive) < 0 ||
	    enter(self, 1) < 0)
		return NULL;
	flags = (per_vcpu ? FFANOTIF_FLAG_PER_VCPU : 0) |
		(exclusive ? FFANOTIF_BIND_EXCLUSIVE : 0);
	Py_BEGIN_ALLOW_THREADS
		ret = watch ? ffanotif_session_watch(self->session, sender, ids,
						     flags)
			    : ffanotif_session_bind(self->session, sender, ids,
						    flags);
		err = errno;
	Py_END_ALLOW_THREADS
	leave(self, 1);
	if (ret < 0)
		return fpy_raise_errno(err, verb);
	Py_RETURN_NONE;
}

static PyObject *session_bind(SessionObject *self, PyObject *args,
			      PyObject *kwds)
{
	return receive_call(self, args, kwds, 0);
}

static PyObject *session_watch(SessionObject *self, PyObject *args,
			       PyObject *kwds)
{
	return receive_call(self, args, kwds, 1);
}

/* unbind(sender, ids) and unwatch(sender, ids). */
static PyObject *release_call(SessionObject *self, PyObject *args,
			      PyObject *kwds, int watch)
{
	static char *kwlist[] = { "sender", "ids", NULL };
	PyObject *sender_obj, *ids_obj;
	uint16_t sender;
	uint64_t ids;
	int ret, err;

	if (!PyArg_ParseTupleAndKeywords(args, kwds,
					 watch ? "OO:unwatch" : "OO:unbind",
					 kwlist, &sender_obj, &ids_obj) ||
	    fpy_parse_u16(sender_obj, "sender", &sender) < 0 ||
	    fpy_parse_ids(ids_obj, &ids) < 0 || enter(self, 1) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		ret = watch ? ffanotif_session_unwatch(self->session, sender,
						       ids)
			    : ffanotif_session_unbind(self->session, sender,
						      ids);
		err = errno;
	Py_END_ALLOW_THREADS
	leave(self, 1);
	if (ret < 0)
		return fpy_raise_errno(err, watch ? "unwatch" : "unbind");
	Py_RETURN_NONE;
}

static PyObject *session_unbind(SessionObject *self, PyObject *args,
				PyObject *kwds)
{
	return release_call(self, args, kwds, 0);
}

static PyObject *session_unwatch(SessionObject *self, PyObject *args,
				 PyObject *kwds)
{
	return release_call(self, args, kwds, 1);
}

/* The arguments of send() and sim_ring(): (partition, ids, per_vcpu, vcpu). */
static int parse_ring(PyObject *args, PyObject *kwds, const char *format,
		      char **kwlist, uint16_t *partition, uint64_t *ids,
		      uint64_t *flags, uint16_t *vcpu)
{
	PyObject *part_obj, *ids_obj, *per_vcpu_obj = Py_False;
	PyObject *vcpu_obj = NULL;
	int per_vcpu;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, format, kwlist, &part_obj,
					 &ids_obj, &per_vcpu_obj, &vcpu_obj) ||
	    fpy_parse_u16(part_obj, kwlist[0], partition) < 0 ||
	    fpy_parse_ids(ids_obj, ids) < 0 ||
	    fpy_parse_bool(per_vcpu_obj, "per_vcpu", &per_vcpu) < 0)
		return -1;
	*vcpu = 0;
	if (vcpu_obj && fpy_parse_u16(vcpu_obj, "vcpu", vcpu) < 0)
		return -1;
	if (!per_vcpu && *vcpu) {
		PyErr_SetString(PyExc_ValueError,
				"vcpu is only for per_vcpu=True");
		return -1;
	}
	*flags = per_vcpu ? FFANOTIF_FLAG_PER_VCPU : 0;
	return 0;
}

/* send(receiver, ids, per_vcpu=False, vcpu=0) */
static PyObject *session_send(SessionObject *self, PyObject *args,
			      PyObject *kwds)
{
	static char *kwlist[] = { "receiver", "ids", "per_vcpu", "vcpu", NULL };
	uint16_t receiver, vcpu;
	uint64_t ids, flags;
	int ret, err;

	if (parse_ring(args, kwds, "OO|OO:send", kwlist, &receiver, &ids,
		       &flags, &vcpu) < 0 ||
	    enter(self, 1) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		ret = ffanotif_session_send(self->session, receiver, ids, flags,
					    vcpu);
		err = errno;
	Py_END_ALLOW_THREADS
	leave(self, 1);
	if (ret < 0)
		return fpy_raise_errno(err, "send");
	Py_RETURN_NONE;
}

/* sim_ring(sender, ids, per_vcpu=False, vcpu=0) */
static PyObject *session_sim_ring(SessionObject *self, PyObject *args,
				  PyObject *kwds)
{
	static char *kwlist[] = { "sender", "ids", "per_vcpu", "vcpu", NULL };
	uint16_t sender, vcpu;
	uint64_t ids, flags;
	int ret, err;

	if (parse_ring(args, kwds, "OO|OO:sim_ring", kwlist, &sender, &ids,
		       &flags, &vcpu) < 0 ||
	    enter(self, 1) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		ret = ffanotif_session_sim_ring(self->session, sender, ids,
						flags, vcpu);
		err = errno;
	Py_END_ALLOW_THREADS
	leave(self, 1);
	if (ret < 0)
		return fpy_raise_errno(err, "sim_ring");
	Py_RETURN_NONE;
}

/*
 * An int argument in 0..max for `what` (bool refused): 0 and the value in
 * *out, or -1 with TypeError / ValueError set.
 */
static int parse_small_int(PyObject *arg, const char *what, long max,
			   const char *range, long *out)
{
	long v;

	if (PyBool_Check(arg) || !PyLong_Check(arg)) {
		PyErr_Format(PyExc_TypeError, "%s must be an int, not %.100s",
			     what, Py_TYPE(arg)->tp_name);
		return -1;
	}
	v = PyLong_AsLong(arg);
	if (v == -1 && fpy_overflowed() < 0)
		return -1;
	if (v < 0 || v > max) {
		PyErr_Format(PyExc_ValueError, "%s must be %s", what, range);
		return -1;
	}
	*out = v;
	return 0;
}

/* set_queue_depth(depth) -> None */
static PyObject *session_set_queue_depth(SessionObject *self, PyObject *arg)
{
	long depth;
	int ret, err;

	if (parse_small_int(arg, "depth", FFANOTIF_QUEUE_DEPTH_MAX,
			    "in 0..4096 (0: the backend's default)",
			    &depth) < 0 ||
	    enter(self, 1) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		ret = ffanotif_session_set_queue_depth(self->session,
						       (size_t)depth);
		err = errno;
	Py_END_ALLOW_THREADS
	leave(self, 1);
	if (ret < 0)
		return fpy_raise_errno(err, "set_queue_depth");
	Py_RETURN_NONE;
}

/* set_event_clock(clock) -> None */
static PyObject *session_set_event_clock(SessionObject *self, PyObject *arg)
{
	long clock;
	int ret, err;

	if (parse_small_int(arg, "clock", FFANOTIF_CLOCK_REALTIME,
			    "CLOCK_MONOTONIC, CLOCK_BOOTTIME or CLOCK_REALTIME",
			    &clock) < 0 ||
	    enter(self, 1) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		ret = ffanotif_session_set_event_clock(self->session,
						       (int)clock);
		err = errno;
	Py_END_ALLOW_THREADS
	leave(self, 1);
	if (ret < 0)
		return fpy_raise_errno(err, "set_event_clock");
	Py_RETURN_NONE;
}

/* queue_depth() and event_clock(): the configuration in force. */
static PyObject *config_get(SessionObject *self,
			    int (*get)(struct ffanotif_session *),
			    const char *what)
{
	int ret, err;

	if (enter(self, 1) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		ret = get(self->session);
		err = errno;
	Py_END_ALLOW_THREADS
	leave(self, 1);
	if (ret < 0)
		return fpy_raise_errno(err, what);
	return PyLong_FromLong(ret);
}

static PyObject *session_queue_depth(SessionObject *self, PyObject *unused)
{
	(void)unused;
	return config_get(self, ffanotif_session_get_queue_depth,
			  "queue_depth");
}

static PyObject *session_event_clock(SessionObject *self, PyObject *unused)
{
	(void)unused;
	return config_get(self, ffanotif_session_get_event_clock,
			  "event_clock");
}

static int wait_session(void *obj, int64_t timeout_ns)
{
	return ffanotif_session_wait(obj, timeout_ns);
}

/* wait(timeout=None) -> bool */
static PyObject *session_wait(SessionObject *self, PyObject *args,
			      PyObject *kwds)
{
	static char *kwlist[] = { "timeout", NULL };
	PyObject *timeout_obj = Py_None;
	int64_t timeout;
	int ret;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:wait", kwlist,
					 &timeout_obj) ||
	    fpy_parse_timeout(timeout_obj, &timeout) < 0 || enter(self, 0) < 0)
		return NULL;
	ret = fpy_wait(self->session, wait_session, timeout, "wait");
	leave(self, 0);
	if (ret < 0)
		return NULL;
	return PyBool_FromLong(ret);
}

static PyObject *event_at(const void *buf, size_t i)
{
	return fpy_event_new(ffanotif_event_buffer_get_event(buf, i));
}

/* read_events(max=None) -> list[Event] */
static PyObject *session_read_events(SessionObject *self, PyObject *args,
				     PyObject *kwds)
{
	static char *kwlist[] = { "max", NULL };
	PyObject *max_obj = Py_None, *list;
	struct ffanotif_event_buffer *buf;
	Py_ssize_t max = SESSION_BUFFER;
	int n, err;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:read_events", kwlist,
					 &max_obj))
		return NULL;
	if (max_obj != Py_None) {
		if (PyBool_Check(max_obj) || !PyLong_Check(max_obj)) {
			PyErr_Format(PyExc_TypeError,
				     "max must be an int or None, not %.100s",
				     Py_TYPE(max_obj)->tp_name);
			return NULL;
		}
		max = PyLong_AsSsize_t(max_obj);
		if (max == -1 && fpy_overflowed() < 0)
			return NULL;
		if (max < 1 || max > MAX_READ) {
			PyErr_Format(PyExc_ValueError,
				     "max must be in 1..%d (None: %d)",
				     MAX_READ, SESSION_BUFFER);
			return NULL;
		}
	}
	if (enter(self, 1) < 0)
		return NULL;
	/*
	 * The session's buffer is taken out of it for the call, so that
	 * the lock is not held while the events become Python objects
	 * (which may run a finalizer that uses the session).
	 */
	buf = max <= SESSION_BUFFER ? self->buf : NULL;
	if (buf)
		self->buf = NULL;
	else
		buf = ffanotif_event_buffer_new(
			max > SESSION_BUFFER ? (size_t)max : SESSION_BUFFER);
	if (!buf) {
		leave(self, 1);
		return PyErr_NoMemory();
	}
	Py_BEGIN_ALLOW_THREADS
		n = ffanotif_session_read_events(self->session, buf,
						 (size_t)max);
		err = errno;
	Py_END_ALLOW_THREADS
	PyThread_release_lock(self->lock);
	list = n < 0 ? fpy_raise_errno(err, "read_events")
		     : fpy_list_new(buf, (size_t)n, event_at);
	/* Back for the next call, unless another one put its own there. */
	if (!self->buf &&
	    ffanotif_event_buffer_get_capacity(buf) == SESSION_BUFFER)
		self->buf = buf;
	else
		ffanotif_event_buffer_free(buf);
	leave(self, 0);
	return list;
}

static PyObject *session_stats(SessionObject *self, PyObject *unused)
{
	struct ffanotif_session_stats *st;
	PyObject *r;
	int err;

	(void)unused;
	if (enter(self, 1) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		st = ffanotif_session_read_stats(self->session);
		err = errno;
	Py_END_ALLOW_THREADS
	leave(self, 1);
	if (!st)
		return fpy_raise_errno(err, "stats");
	r = fpy_stats_new(st);
	ffanotif_session_stats_free(st);
	return r;
}

static PyObject *session_info(SessionObject *self, PyObject *unused)
{
	struct ffanotif_info *info;
	PyObject *r;
	int err;

	(void)unused;
	if (enter(self, 1) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		info = ffanotif_session_get_info(self->session);
		err = errno;
	Py_END_ALLOW_THREADS
	leave(self, 1);
	if (!info)
		return fpy_raise_errno(err, "info");
	r = fpy_info_new(info);
	ffanotif_info_free(info);
	return r;
}

static PyObject *session_partitions(SessionObject *self, PyObject *unused)
{
	struct ffanotif_partition_list *l;
	PyObject *r;
	int err;

	(void)unused;
	if (enter(self, 1) < 0)
		return NULL;
	Py_BEGIN_ALLOW_THREADS
		l = ffanotif_session_list_partitions(self->session);
		err = errno;
	Py_END_ALLOW_THREADS
	leave(self, 1);
	if (!l)
		return fpy_raise_errno(err, "partitions");
	r = fpy_partition_list_to_py(l);
	ffanotif_partition_list_free(l);
	return r;
}

static PyObject *session_get_backend(SessionObject *self, void *closure)
{
	(void)closure;
	if (fpy_closed(self->session, "session"))
		return NULL;
	return PyUnicode_FromString(
		ffanotif_session_get_backend(self->session));
}

static PyObject *session_get_closed(SessionObject *self, void *closure)
{
	(void)closure;
	return PyBool_FromLong(self->session == NULL);
}

static PyObject *session_repr(SessionObject *self)
{
	if (!self->session)
		return PyUnicode_FromFormat("<%s closed>",
					    Py_TYPE(self)->tp_name);
	return PyUnicode_FromFormat("<%s backend=%s fd=%d>",
				    Py_TYPE(self)->tp_name,
				    ffanotif_session_get_backend(self->session),
				    ffanotif_session_get_fd(self->session));
}

static PyMethodDef session_methods[] = {
	{ "close", FPY_METH(session_close), METH_NOARGS,
	  "close() -> None\n\n"
	  "Close the session: everything it bound is unbound.  Closing a\n"
	  "closed session does nothing; RuntimeError while another thread\n"
	  "is inside a call on it." },
	{ "fileno", FPY_METH(session_fileno), METH_NOARGS,
	  "fileno() -> int\n\n"
	  "The fd to select/poll for readable events.  Owned by the\n"
	  "session: never close it." },
	{ "bind", FPY_METH(session_bind), METH_VARARGS | METH_KEYWORDS,
	  "bind(sender, ids, per_vcpu=False, exclusive=False) -> None\n\n"
	  "Bind notification IDs from partition `sender` to this endpoint:\n"
	  "when `sender` sets one, an event arrives.  `ids` is an int\n"
	  "bitmask (bit n = ID n) or an iterable of IDs 0..63.  All or\n"
	  "nothing.  exclusive=True (API 1.5): an exclusive binding on\n"
	  "every backend (on the daemon: where no other client watches\n"
	  "the IDs, and its policy's verb bind);  exclusive=False: API\n"
	  "1.x's meaning, the same on the device and the simulator, a\n"
	  "watch on the daemon.  BusyError (EBUSY): an ID is bound or\n"
	  "watched through another session; PermissionError (EACCES):\n"
	  "the firmware or the daemon's policy refused." },
	{ "unbind", FPY_METH(session_unbind), METH_VARARGS | METH_KEYWORDS,
	  "unbind(sender, ids) -> None\n\n"
	  "Unbind IDs this session bound from `sender` (others:\n"
	  "OSError(EINVAL), nothing changed)." },
	{ "watch", FPY_METH(session_watch), METH_VARARGS | METH_KEYWORDS,
	  "watch(sender, ids, per_vcpu=False) -> None\n\n"
	  "Watch notification IDs from `sender` (API 1.5): as bind, but\n"
	  "shared: other sessions may watch the same IDs, and each gets\n"
	  "every event.  The daemon's verb; OSError(EOPNOTSUPP) on the\n"
	  "device and the simulator (exclusive bindings only).  BusyError:\n"
	  "watched from another sender or mode." },
	{ "unwatch", FPY_METH(session_unwatch), METH_VARARGS | METH_KEYWORDS,
	  "unwatch(sender, ids) -> None\n\n"
	  "Stop watching IDs this session watches from `sender` (others:\n"
	  "OSError(EINVAL)); OSError(EOPNOTSUPP) where watch() is." },
	{ "send", FPY_METH(session_send), METH_VARARGS | METH_KEYWORDS,
	  "send(receiver, ids, per_vcpu=False, vcpu=0) -> None\n\n"
	  "Ring partition `receiver`: set `ids` for it (on `vcpu` with\n"
	  "per_vcpu=True).  PermissionError (EACCES): not bound to us." },
	{ "sim_ring", FPY_METH(session_sim_ring), METH_VARARGS | METH_KEYWORDS,
	  "sim_ring(sender, ids, per_vcpu=False, vcpu=0) -> None\n\n"
	  "Simulators only: make partition `sender` ring this endpoint as\n"
	  "its firmware would.  OSError(EOPNOTSUPP) on other backends." },
	{ "set_queue_depth", FPY_METH(session_set_queue_depth), METH_O,
	  "set_queue_depth(depth) -> None\n\n"
	  "Events the session queues before the oldest is dropped (and\n"
	  "counted): 1..QUEUE_DEPTH_MAX, 0 for the default "
	  "(Info.queue_depth).\n"
	  "Before the session binds anything: BusyError once it has, or\n"
	  "while an event is unread; OSError(EOPNOTSUPP) on the daemon." },
	{ "queue_depth", FPY_METH(session_queue_depth), METH_NOARGS,
	  "queue_depth() -> int\n\nThe queue depth in force." },
	{ "set_event_clock", FPY_METH(session_set_event_clock), METH_O,
	  "set_event_clock(clock) -> None\n\n"
	  "The clock of Event.timestamp_ns: CLOCK_MONOTONIC (the default),\n"
	  "CLOCK_BOOTTIME or CLOCK_REALTIME (as time.clock_gettime_ns() of\n"
	  "time.CLOCK_*).  Same rules as set_queue_depth." },
	{ "event_clock", FPY_METH(session_event_clock), METH_NOARGS,
	  "event_clock() -> int\n\nThe CLOCK_* in force." },
	{ "wait", FPY_METH(session_wait), METH_VARARGS | METH_KEYWORDS,
	  "wait(timeout=None) -> bool\n\n"
	  "Wait until an event can be read: True, or False once `timeout`\n"
	  "seconds passed (None: forever, 0: only check).  The GIL is\n"
	  "released meanwhile; signals are handled (Ctrl-C interrupts)." },
	{ "read_events", FPY_METH(session_read_events),
	  METH_VARARGS | METH_KEYWORDS,
	  "read_events(max=None) -> list[Event]\n\n"
	  "Read up to `max` queued events (None: 64, at most 1024).  Never\n"
	  "blocks: [] when none is queued." },
	{ "stats", FPY_METH(session_stats), METH_NOARGS,
	  "stats() -> Stats\n\nCounters of this session." },
	{ "info", FPY_METH(session_info), METH_NOARGS,
	  "info() -> Info\n\nWhat the session runs on." },
	{ "partitions", FPY_METH(session_partitions), METH_NOARGS,
	  "partitions() -> list[Partition]\n\nThe secure partitions." },
	{ "__enter__", FPY_METH(session_enter_ctx), METH_NOARGS,
	  "The session itself." },
	{ "__exit__", FPY_METH(session_exit_ctx), METH_VARARGS,
	  "close() the session." },
	{ NULL, NULL, 0, NULL },
};

static PyGetSetDef session_getset[] = {
	{ "backend", (getter)session_get_backend, NULL,
	  "The backend's name: \"device\", \"daemon\" or \"sim\".", NULL },
	{ "closed", (getter)session_get_closed, NULL,
	  "True once the session is closed.", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

PyTypeObject fpy_session_type = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "ffanotif._ffanotif.Session",
	.tp_basicsize = sizeof(SessionObject),
	.tp_dealloc = (destructor)session_dealloc,
	.tp_repr = (reprfunc)session_repr,
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
	.tp_doc =
		"Session(backend=None)\n\n"
		"A session of libffanotif on a backend: \"sim\" (the "
		"in-process\n"
		"simulator), \"device\" (/dev/ffa-notif), \"daemon\" "
		"(ffa-notifd)\n"
		"or \"auto\"; None: $FFANOTIF_BACKEND, else auto.  A context\n"
		"manager; closing it unbinds what it bound.",
	.tp_weaklistoffset = offsetof(SessionObject, weakrefs),
	.tp_methods = session_methods,
	.tp_getset = session_getset,
	.tp_init = (initproc)session_init,
	.tp_new = session_new,
};
