// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ops of the backends that speak the uAPI of
 * include/uapi/linux/ffa_notif.h: the device (ioctl(2) on /dev/ffa-notif)
 * and the simulator (the protocol core's hub, the code the kernel module
 * runs).  Each op builds the uAPI's request once, for both, and hands it
 * to the session's uapi_ioctl; what comes back is put in the library's
 * terms here, so that nothing above the seam knows the uAPI.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

_Static_assert(FFANOTIF_CLOCK_MONOTONIC == FFA_NOTIF_CLOCK_MONOTONIC &&
		       FFANOTIF_CLOCK_BOOTTIME == FFA_NOTIF_CLOCK_BOOTTIME &&
		       FFANOTIF_CLOCK_REALTIME == FFA_NOTIF_CLOCK_REALTIME,
	       "the library's clocks are the uAPI's");
_Static_assert(FFANOTIF_QUEUE_DEPTH_MAX == FFA_NOTIF_QUEUE_DEPTH_MAX,
	       "the library's deepest queue is the uAPI's");

int ffanotif_uapi_bind(struct ffanotif_session *s, uint16_t sender,
		       uint64_t notifications, uint64_t flags)
{
	struct ffa_notif_binding req = {
		.notifications = notifications,
		.flags = flags,
		.sender = sender,
	};

	return s->uapi_ioctl(s, FFA_NOTIF_IOC_BIND, &req);
}

int ffanotif_uapi_unbind(struct ffanotif_session *s, uint16_t sender,
			 uint64_t notifications)
{
	struct ffa_notif_binding req = {
		.notifications = notifications,
		.sender = sender,
	};

	return s->uapi_ioctl(s, FFA_NOTIF_IOC_UNBIND, &req);
}

int ffanotif_uapi_send(struct ffanotif_session *s, uint16_t receiver,
		       uint64_t notifications, uint64_t flags, uint16_t vcpu)
{
	struct ffa_notif_set_req req = {
		.notifications = notifications,
		.flags = flags,
		.receiver = receiver,
		.vcpu = vcpu,
	};

	return s->uapi_ioctl(s, FFA_NOTIF_IOC_SET, &req);
}

int ffanotif_uapi_sim_ring(struct ffanotif_session *s, uint16_t sender,
			   uint64_t notifications, uint64_t flags,
			   uint16_t vcpu)
{
	struct ffa_notif_sim_ring req = {
		.notifications = notifications,
		.flags = flags,
		.sender = sender,
		.vcpu = vcpu,
	};

	return s->uapi_ioctl(s, FFA_NOTIF_IOC_SIM_RING, &req);
}

/*
 * Records are read into the session's own buffer, grown to the largest
 * batch asked (at most FFANOTIF_EVENT_BUFFER_MAX, what one event buffer
 * holds), and put in the library's terms: one read(2) or one hub read a
 * batch, whatever the batch.
 */
ssize_t ffanotif_uapi_read(struct ffanotif_session *s,
			   struct ffanotif_event *events, size_t max)
{
	struct ffa_notif_event *r;
	ssize_t n, i;

	if (max == 0)
		return -EINVAL;
	if (max > FFANOTIF_EVENT_BUFFER_MAX)
		max = FFANOTIF_EVENT_BUFFER_MAX;
	if (s->uapi_recs_cap < max) {
		r = realloc(s->uapi_recs, max * sizeof(*r));
		if (!r)
			return -ENOMEM;
		s->uapi_recs = r;
		s->uapi_recs_cap = max;
	}
	n = s->uapi_read(s, s->uapi_recs, max);
	for (i = 0; i < n; i++) {
		r = &s->uapi_recs[i];
		events[i] = (struct ffanotif_event){
			.timestamp_ns = r->timestamp_ns,
			.notifications = r->notifications,
			.seqno = r->seqno,
			.dropped = r->dropped,
			.sender = (uint16_t)r->sender,
			.vcpu = (uint16_t)r->vcpu,
			.per_vcpu = (r->flags & FFA_NOTIF_EVENT_PER_VCPU) != 0,
		};
	}
	return n;
}

int ffanotif_uapi_get_stats(struct ffanotif_session *s,
			    struct ffanotif_stats *out)
{
	struct ffa_notif_stats st;
	int ret;

	ret = s->uapi_ioctl(s, FFA_NOTIF_IOC_GET_STATS, &st);
	if (ret < 0)
		return ret;
	FFANOTIF_STATS_FILL(out, &st);
	return 0;
}

const char *ffanotif_uapi_provider_name(uint32_t backend)
{
	switch (backend) {
	case FFA_NOTIF_BACKEND_ARM_FFA:
		return "arm_ffa";
	case FFA_NOTIF_BACKEND_NATIVE:
		return "native";
	case FFA_NOTIF_BACKEND_SIM:
		return "sim";
	default:
		return "unknown";
	}
}

int ffanotif_uapi_get_info(struct ffanotif_session *s,
			   struct ffanotif_info *out)
{
	struct ffa_notif_sim_info sim;
	struct ffa_notif_info info;
	int ret;

	ret = s->uapi_ioctl(s, FFA_NOTIF_IOC_GET_INFO, &info);
	if (ret < 0)
		return ret;
	FFANOTIF_INFO_FILL(out, &info);
	/* A simulator also says which SPMC its model is. */
	if (info.features & FFA_NOTIF_FEAT_SIM_INFO) {
		ret = s->uapi_ioctl(s, FFA_NOTIF_IOC_GET_SIM_INFO, &sim);
		if (ret < 0 && ret != -ENOTTY)
			return ret;
		if (ret == 0) {
			_Static_assert(sizeof(out->personality) >=
					       sizeof(sim.personality),
				       "a personality fits");
			memcpy(out->personality, sim.personality,
			       sizeof(sim.personality));
			out->personality[sizeof(sim.personality) - 1] = 0;
			out->has_personality = 1;
		}
	}
	return 0;
}

/* A module older than the commands does not know them: EOPNOTSUPP. */
static int config_errno(int ret)
{
	return ret == -ENOTTY ? -EOPNOTSUPP : ret;
}

int ffanotif_uapi_get_config(struct ffanotif_session *s,
			     struct ffanotif_file_config *out)
{
	struct ffa_notif_file_config c;
	int ret;

	memset(&c, 0, sizeof(c));
	ret = config_errno(s->uapi_ioctl(s, FFA_NOTIF_IOC_GET_FILE_CONFIG, &c));
	if (ret < 0)
		return ret;
	out->queue_depth = c.queue_depth;
	out->clock = c.clock;
	return 0;
}

int ffanotif_uapi_set_config(struct ffanotif_session *s,
			     const struct ffanotif_file_config *config)
{
	struct ffa_notif_file_config c;

	memset(&c, 0, sizeof(c));
	c.queue_depth = config->queue_depth;
	c.clock = config->clock;
	return config_errno(
		s->uapi_ioctl(s, FFA_NOTIF_IOC_SET_FILE_CONFIG, &c));
}
