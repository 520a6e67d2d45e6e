/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ffa-notifd: what /etc/ffa-notifd.conf says (config.c), judged
 * by policy.c.
 */
#ifndef FND_CONFIG_H
#define FND_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fnd_conn.h"

#define FND_VERB_WATCH (1U << 0)
#define FND_VERB_RING (1U << 1)
#define FND_VERB_SIM_RING (1U << 2)
/* An exclusive bind: receive and keep every other client out. */
#define FND_VERB_BIND (1U << 3)
/*
 * Read the daemon-wide metrics (GET_METRICS): granted by a rule for every
 * partition and ID ("* *"), since they count everyone's.
 */
#define FND_VERB_METRICS (1U << 4)
#define FND_VERB_ALL                                                          \
	(FND_VERB_WATCH | FND_VERB_RING | FND_VERB_SIM_RING | FND_VERB_BIND | \
	 FND_VERB_METRICS)

#define FND_WHO_ANYONE 0
#define FND_WHO_USER 1
#define FND_WHO_GROUP 2

struct fnd_rule {
	unsigned int verbs; /* FND_VERB_* */
	int who; /* FND_WHO_* */
	uint32_t id; /* uid or gid */
	int any_partition;
	uint16_t partition;
	uint64_t ids;
	unsigned int line;
};

struct fnd_config_bind {
	uint16_t sender;
	int per_vcpu;
	uint64_t ids;
	unsigned int line;
};

#define FND_CONFIG_MAX_RULES 256
#define FND_CONFIG_MAX_BINDS 64

struct fnd_config {
	char *path; /* where it was read from (NULL: built-in defaults) */
	char *backend; /* "device" or "sim" */
	char *socket; /* path to bind when systemd hands over none */
	unsigned int socket_mode;
	int socket_group_set;
	gid_t socket_group;
	unsigned int client_queue;
	unsigned int max_clients; /* clients in all */
	unsigned int max_clients_per_uid;
	char *metrics_file; /* the node_exporter textfile, or NULL */
	unsigned int metrics_interval; /* seconds */
	size_t n_rules;
	struct fnd_rule rules[FND_CONFIG_MAX_RULES];
	size_t n_binds;
	struct fnd_config_bind binds[FND_CONFIG_MAX_BINDS];
};

#define FND_DEFAULT_BACKEND "device"
#define FND_DEFAULT_SOCKET_PATH FND_DEFAULT_SOCKET
#define FND_DEFAULT_SOCKET_MODE 0660
#define FND_DEFAULT_CLIENT_QUEUE 64
#define FND_MAX_CLIENT_QUEUE 1024
#define FND_DEFAULT_MAX_CLIENTS 4096
#define FND_DEFAULT_MAX_CLIENTS_PER_UID 1024
#define FND_MAX_MAX_CLIENTS 65536
#define FND_DEFAULT_METRICS_INTERVAL 15
#define FND_MAX_METRICS_INTERVAL 86400

/*
 * A path for metrics-file and --metrics-file: absolute, a file name
 * ending in ".prom" (what node_exporter's textfile collector reads).
 * NULL if good, else what is wrong.
 */
const char *fnd_config_metrics_path_error(const char *path);

/*
 * Read a configuration file.  `missing_ok`: a file that does not exist
 * gives the defaults (and no rules: everything is refused).  Returns a
 * configuration, or NULL after logging each error as "path:line: what".
 */
struct fnd_config *fnd_config_load(const char *path, int missing_ok);
/* The same from a string (the tests), `name` for the messages. */
struct fnd_config *fnd_config_parse(const char *text, const char *name);
void fnd_config_free(struct fnd_config *c);
/* The configured binding holding `id`, or NULL. */
const struct fnd_config_bind *fnd_config_bind_of(const struct fnd_config *c,
						 int id);

#endif /* FND_CONFIG_H */
