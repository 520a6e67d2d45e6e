/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The client side of an ffa-notifd connection, blocking: connect, send a
 * message, receive one, and a request/reply round trip.  Used by
 * libffanotif's daemon backend and by the tests.
 */
#ifndef FND_CONN_H
#define FND_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "fnd_proto.h"

/* The daemon's socket when neither the caller nor FFANOTIFD_SOCKET says. */
#define FND_DEFAULT_SOCKET "/run/ffa-notifd/ffa-notifd.sock"

/*
 * The socket path: FFANOTIFD_SOCKET if set and not empty, else the
 * default.
 */
const char *fnd_socket_path(void);

/*
 * Connect to the daemon's socket at `path`: a connected fd (close-on-exec,
 * with a receive timeout so that a hung daemon cannot hang its clients),
 * or -errno.
 */
int fnd_connect(const char *path);

/* Send one whole message: 0 or -errno (EPIPE once the daemon is gone). */
int fnd_send(int fd, uint16_t type, uint32_t seq, const void *payload,
	     size_t len);

/*
 * Receive one whole message into `payload` (room for FND_MAX_MSG bytes):
 * its header and payload length.  0, or -errno: -ENOTCONN at end of file,
 * -ETIMEDOUT, or the framing error of fnd_hdr_frame_error.
 */
int fnd_recv(int fd, struct fnd_hdr *h, uint8_t *payload, size_t *len);

/*
 * A request and its reply: sends `type` with a fresh sequence number from
 * *seq, waits for the reply, and returns 0 with the reply's payload, the
 * reply's error as -errno, or -EPROTO if what came back is not the reply.
 */
int fnd_call(int fd, uint32_t *seq, uint16_t type, const void *req,
	     size_t req_len, uint8_t *reply, size_t *reply_len);

#endif /* FND_CONN_H */
