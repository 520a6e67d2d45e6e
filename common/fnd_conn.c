// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The client side of an ffa-notifd connection.  See fnd_conn.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "fnd_conn.h"

/* Long enough for any request on a loaded machine, short enough that a
 * wedged daemon shows up as an error rather than a hang.
 */
#define FND_REPLY_TIMEOUT_S 30

const char *fnd_socket_path(void)
{
	const char *p = secure_getenv("FFANOTIFD_SOCKET");

	return p && *p ? p : FND_DEFAULT_SOCKET;
}

int fnd_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = FND_REPLY_TIMEOUT_S };
	int fd, ret;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

static int send_all(int fd, const uint8_t *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int fnd_send(int fd, uint16_t type, uint32_t seq, const void *payload,
	     size_t len)
{
	uint8_t msg[FND_MAX_MSG];
	struct fnd_hdr h = {
		.length = (uint32_t)(FND_HDR_SIZE + len),
		.version = FND_PROTO_VERSION,
		.type = type,
		.seq = seq,
	};

	if (len > FND_MAX_MSG - FND_HDR_SIZE)
		return -EMSGSIZE;
	fnd_hdr_encode(msg, &h);
	if (len)
		memcpy(msg + FND_HDR_SIZE, payload, len);
	return send_all(fd, msg, h.length);
}

/* Exactly n bytes: 0, -ENOTCONN at end of file, or -errno. */
static int recv_all(int fd, uint8_t *p, size_t n)
{
	ssize_t r;

	while (n) {
		r = recv(fd, p, n, 0);
		if (r == 0)
			return -ENOTCONN;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN || errno == EWOULDBLOCK
				       ? -ETIMEDOUT
				       : -errno;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int fnd_recv(int fd, struct fnd_hdr *h, uint8_t *payload, size_t *len)
{
	uint8_t hdr[FND_HDR_SIZE];
	int ret;

	ret = recv_all(fd, hdr, sizeof(hdr));
	if (ret < 0)
		return ret;
	fnd_hdr_decode(hdr, h);
	ret = fnd_hdr_frame_error(h);
	if (ret < 0)
		return ret;
	*len = h->length - FND_HDR_SIZE;
	return recv_all(fd, payload, *len);
}

int fnd_call(int fd, uint32_t *seq, uint16_t type, const void *req,
	     size_t req_len, uint8_t *reply, size_t *reply_len)
{
	struct fnd_hdr h;
	uint32_t s = ++*seq;
	int ret;

	ret = fnd_send(fd, type, s, req, req_len);
	if (ret < 0)
		return ret;
	ret = fnd_recv(fd, &h, reply, reply_len);
	if (ret < 0)
		return ret;
	if (h.type != (type | FND_T_REPLY) || h.seq != s)
		return -EPROTO;
	/* Errors are errno numbers; anything out of range is not ours. */
	if (h.error)
		return h.error < 4096 ? -(int)h.error : -EPROTO;
	return 0;
}
