/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ffa-notifd: the listening socket, connections before HELLO, and
 * the framing of messages on a connection (server.c).
 */
#ifndef FND_SERVER_H
#define FND_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "fnd_proto.h"

struct bufferevent;
struct fnd_daemon;

/*
 * The listening socket: the one systemd passed (LISTEN_FDS), else
 * `path` bound here.  0 or -1 (logged).
 */
int fnd_server_listen(struct fnd_daemon *d, const char *path);
void fnd_server_close(struct fnd_daemon *d);
/*
 * One message read: 0 to go on, > 0 to stop (the connection changed
 * hands or its client is gone), < 0 to close the connection.
 */
typedef int (*fnd_message_fn)(void *arg, const struct fnd_hdr *h,
			      const uint8_t *payload, size_t len);
/*
 * Take every whole message of the input, as fnd_message_fn says.  A
 * header that cannot be framed is answered, and gives its error.
 */
int fnd_server_read(struct bufferevent *bev, fnd_message_fn fn, void *arg);
/* End of file: answer a partial message left in the input, if any. */
void fnd_server_truncated(struct bufferevent *bev);
/* Queue a reply on a control connection. */
void fnd_server_reply(struct bufferevent *bev, uint16_t type, uint32_t seq,
		      int error, const void *payload, size_t len);

#endif /* FND_SERVER_H */
