// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * struct fnd_config: the parser of /etc/ffa-notifd.conf (ffa-notifd.conf(5)).
 *
 * One statement per line, words separated by blanks, "#" to the end of
 * the line a comment:
 *
 *   backend device|sim
 *   socket /run/ffa-notifd/ffa-notifd.sock
 *   socket-mode 0660
 *   socket-group NAME|GID
 *   client-queue N                           (1..1024)
 *   max-clients N                            (1..65536)
 *   max-clients-per-uid N                    (1..65536)
 *   metrics-file /PATH/NAME.prom
 *   metrics-interval SECONDS                 (1..86400)
 *   bind PARTITION IDS [per-vcpu]
 *   allow VERBS WHO PARTITION IDS
 *
 * VERBS is a comma list of watch, bind, ring, sim-ring, metrics, or
 * "all" (metrics only with PARTITION and IDS "*"); WHO is
 * user:NAME|UID, group:NAME|GID or "*"; PARTITION an ID or "*"; IDS as
 * ffa-notify takes them.  Every error is reported with its line, and a
 * file with any error is refused as a whole: a daemon never runs half a
 * policy.
 */
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "tools-common.h"

#define MAX_WORDS 8
#define MAX_LINE 1024

struct parser {
	struct fnd_config *c;
	const char *name;
	unsigned int line;
	int errors;
	int seen_backend, seen_socket, seen_mode, seen_queue;
	int seen_max, seen_max_uid;
	int seen_metrics_file, seen_metrics_interval;
};

static void perr(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void perr(struct parser *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_err("%s:%u: %s", p->name, p->line, msg);
	p->errors++;
}

static struct fnd_config *config_new(void)
{
	struct fnd_config *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->backend = strdup(FND_DEFAULT_BACKEND);
	c->socket = strdup(FND_DEFAULT_SOCKET_PATH);
	c->socket_mode = FND_DEFAULT_SOCKET_MODE;
	c->client_queue = FND_DEFAULT_CLIENT_QUEUE;
	c->max_clients = FND_DEFAULT_MAX_CLIENTS;
	c->max_clients_per_uid = FND_DEFAULT_MAX_CLIENTS_PER_UID;
	c->metrics_interval = FND_DEFAULT_METRICS_INTERVAL;
	if (!c->backend || !c->socket) {
		fnd_config_free(c);
		return NULL;
	}
	return c;
}

void fnd_config_free(struct fnd_config *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->backend);
	free(c->socket);
	free(c->metrics_file);
	free(c);
}

/* A setting given twice is a mistake in the file, not an override. */
static int once(struct parser *p, int *seen, const char *what)
{
	if (*seen) {
		perr(p, "'%s' given twice", what);
		return 0;
	}
	*seen = 1;
	return 1;
}

static int replace(char **dst, const char *src)
{
	char *s = strdup(src);

	if (!s)
		return -ENOMEM;
	free(*dst);
	*dst = s;
	return 0;
}

static int parse_group(const char *s, gid_t *out)
{
	unsigned long v;
	struct group *g;

	if (fft_parse_uint(s, 0, 0xfffffffeUL, &v) == 0) {
		*out = (gid_t)v;
		return 0;
	}
	g = getgrnam(s);
	if (!g)
		return -ENOENT;
	*out = g->gr_gid;
	return 0;
}

static int parse_user(const char *s, uid_t *out)
{
	unsigned long v;
	struct passwd *pw;

	if (fft_parse_uint(s, 0, 0xfffffffeUL, &v) == 0) {
		*out = (uid_t)v;
		return 0;
	}
	pw = getpwnam(s);
	if (!pw)
		return -ENOENT;
	*out = pw->pw_uid;
	return 0;
}

const char *fnd_config_metrics_path_error(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len = strlen(path);

	if (path[0] != '/')
		return "not an absolute path";
	if (len >= 4096)
		return "longer than 4095 bytes";
	/* node_exporter's textfile collector reads *.prom only. */
	if (len < 5 || strcmp(path + len - 5, ".prom") != 0 || base[1] == '.')
		return "not a file name NAME.prom";
	return NULL;
}

/* *named: "metrics" was named itself (not through "all"). */
static int parse_verbs(const char *s, unsigned int *out, int *named)
{
	char buf[64], *save = NULL, *tok;
	unsigned int verbs = 0;

	if (strlen(s) >= sizeof(buf) || !*s || s[strlen(s) - 1] == ',' ||
	    strstr(s, ",,") || s[0] == ',')
		return -EINVAL;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "watch") == 0)
			verbs |= FND_VERB_WATCH;
		else if (strcmp(tok, "bind") == 0)
			verbs |= FND_VERB_BIND;
		else if (strcmp(tok, "ring") == 0)
			verbs |= FND_VERB_RING;
		else if (strcmp(tok, "sim-ring") == 0)
			verbs |= FND_VERB_SIM_RING;
		else if (strcmp(tok, "metrics") == 0 && ++*named)
			verbs |= FND_VERB_METRICS;
		else if (strcmp(tok, "all") == 0)
			verbs |= FND_VERB_ALL;
		else
			return -EINVAL;
	}
	*out = verbs;
	return 0;
}

static void st_allow(struct parser *p, char **w, int n)
{
	struct fnd_rule r = { .line = p->line };
	int metrics = 0;
	uid_t uid;
	gid_t gid;

	if (n != 5) {
		perr(p, "usage: allow VERBS WHO PARTITION IDS");
		return;
	}
	if (parse_verbs(w[1], &r.verbs, &metrics) < 0)
		perr(p,
		     "bad verbs '%s' (watch, bind, ring, sim-ring, metrics, "
		     "all)",
		     w[1]);
	if (strcmp(w[2], "*") == 0) {
		r.who = FND_WHO_ANYONE;
	} else if (strncmp(w[2], "user:", 5) == 0) {
		r.who = FND_WHO_USER;
		if (parse_user(w[2] + 5, &uid) < 0)
			perr(p, "unknown user '%s'", w[2] + 5);
		else
			r.id = uid;
	} else if (strncmp(w[2], "group:", 6) == 0) {
		r.who = FND_WHO_GROUP;
		if (parse_group(w[2] + 6, &gid) < 0)
			perr(p, "unknown group '%s'", w[2] + 6);
		else
			r.id = gid;
	} else {
		perr(p, "bad WHO '%s' (user:NAME, group:NAME, *)", w[2]);
	}
	if (strcmp(w[3], "*") == 0)
		r.any_partition = 1;
	else if (fft_parse_partition(w[3], &r.partition) < 0)
		perr(p, "bad partition ID '%s'", w[3]);
	if (fft_parse_ids(w[4], &r.ids) < 0)
		perr(p, "bad notification IDs '%s' (e.g. 0-7,12 or *)", w[4]);
	else if (metrics && (strcmp(w[3], "*") != 0 || r.ids != ~0ULL))
		perr(p, "metrics count every partition and ID: its PARTITION "
			"and IDS are * *");
	if (p->c->n_rules == FND_CONFIG_MAX_RULES) {
		perr(p, "more than %d allow rules", FND_CONFIG_MAX_RULES);
		return;
	}
	p->c->rules[p->c->n_rules++] = r;
}

static void st_bind(struct parser *p, char **w, int n)
{
	struct fnd_config_bind b = { .line = p->line };
	char ids[FFT_IDS_STRLEN];
	size_t i;

	if (n != 3 && n != 4) {
		perr(p, "usage: bind PARTITION IDS [per-vcpu]");
		return;
	}
	if (fft_parse_partition(w[1], &b.sender) < 0)
		perr(p, "bad partition ID '%s'", w[1]);
	if (fft_parse_ids(w[2], &b.ids) < 0)
		perr(p, "bad notification IDs '%s' (e.g. 0-7,12)", w[2]);
	if (n == 4) {
		if (strcmp(w[3], "per-vcpu") == 0)
			b.per_vcpu = 1;
		else
			perr(p, "unknown bind option '%s' (per-vcpu)", w[3]);
	}
	/* An ID has one sender: two bind lines for it cannot both hold. */
	for (i = 0; i < p->c->n_binds; i++) {
		if (p->c->binds[i].ids & b.ids) {
			perr(p, "IDs %s bound already at line %u",
			     fft_format_ids(p->c->binds[i].ids & b.ids, ids,
					    sizeof(ids)),
			     p->c->binds[i].line);
			return;
		}
	}
	if (p->c->n_binds == FND_CONFIG_MAX_BINDS) {
		perr(p, "more than %d bind lines", FND_CONFIG_MAX_BINDS);
		return;
	}
	p->c->binds[p->c->n_binds++] = b;
}

static void statement(struct parser *p, char **w, int n)
{
	struct fnd_config *c = p->c;
	unsigned long v;
	gid_t gid;

	if (strcmp(w[0], "allow") == 0) {
		st_allow(p, w, n);
	} else if (strcmp(w[0], "bind") == 0) {
		st_bind(p, w, n);
	} else if (strcmp(w[0], "backend") == 0) {
		if (n != 2)
			perr(p, "usage: backend device|sim");
		else if (strcmp(w[1], "device") != 0 &&
			 strcmp(w[1], "sim") != 0)
			perr(p, "unknown backend '%s' (device, sim)", w[1]);
		else if (once(p, &p->seen_backend, "backend") &&
			 replace(&c->backend, w[1]) < 0)
			perr(p, "out of memory");
	} else if (strcmp(w[0], "socket") == 0) {
		if (n != 2 || w[1][0] != '/')
			perr(p, "usage: socket /ABSOLUTE/PATH");
		else if (strlen(w[1]) >= 108)
			perr(p, "socket path longer than 107 bytes");
		else if (once(p, &p->seen_socket, "socket") &&
			 replace(&c->socket, w[1]) < 0)
			perr(p, "out of memory");
	} else if (strcmp(w[0], "socket-mode") == 0) {
		if (n != 2 || w[1][0] != '0' ||
		    fft_parse_uint(w[1], 0, 0777, &v) < 0)
			perr(p, "usage: socket-mode OCTAL (e.g. 0660)");
		else if (once(p, &p->seen_mode, "socket-mode"))
			c->socket_mode = (unsigned int)v;
	} else if (strcmp(w[0], "socket-group") == 0) {
		if (n != 2)
			perr(p, "usage: socket-group NAME|GID");
		else if (parse_group(w[1], &gid) < 0)
			perr(p, "unknown group '%s'", w[1]);
		else if (once(p, &c->socket_group_set, "socket-group"))
			c->socket_group = gid;
	} else if (strcmp(w[0], "client-queue") == 0) {
		if (n != 2 ||
		    fft_parse_uint(w[1], 1, FND_MAX_CLIENT_QUEUE, &v) < 0)
			perr(p, "usage: client-queue N (1..%d)",
			     FND_MAX_CLIENT_QUEUE);
		else if (once(p, &p->seen_queue, "client-queue"))
			c->client_queue = (unsigned int)v;
	} else if (strcmp(w[0], "max-clients") == 0) {
		if (n != 2 ||
		    fft_parse_uint(w[1], 1, FND_MAX_MAX_CLIENTS, &v) < 0)
			perr(p, "usage: max-clients N (1..%d)",
			     FND_MAX_MAX_CLIENTS);
		else if (once(p, &p->seen_max, "max-clients"))
			c->max_clients = (unsigned int)v;
	} else if (strcmp(w[0], "max-clients-per-uid") == 0) {
		if (n != 2 ||
		    fft_parse_uint(w[1], 1, FND_MAX_MAX_CLIENTS, &v) < 0)
			perr(p, "usage: max-clients-per-uid N (1..%d)",
			     FND_MAX_MAX_CLIENTS);
		else if (once(p, &p->seen_max_uid, "max-clients-per-uid"))
			c->max_clients_per_uid = (unsigned int)v;
	} else if (strcmp(w[0], "metrics-file") == 0) {
		const char *why =
			n == 2 ? fnd_config_metrics_path_error(w[1]) : "usage";

		if (why)
			perr(p, "metrics-file /PATH/NAME.prom: %s", why);
		else if (once(p, &p->seen_metrics_file, "metrics-file") &&
			 replace(&c->metrics_file, w[1]) < 0)
			perr(p, "out of memory");
	} else if (strcmp(w[0], "metrics-interval") == 0) {
		if (n != 2 ||
		    fft_parse_uint(w[1], 1, FND_MAX_METRICS_INTERVAL, &v) < 0)
			perr(p, "usage: metrics-interval SECONDS (1..%d)",
			     FND_MAX_METRICS_INTERVAL);
		else if (once(p, &p->seen_metrics_interval, "metrics-interval"))
			c->metrics_interval = (unsigned int)v;
	} else {
		perr(p, "unknown statement '%s'", w[0]);
	}
}

/* Split a line into words; a '#' starting a word ends the line. */
static int split(struct parser *p, char *line, char **w)
{
	char *save = NULL, *tok;
	int n = 0;

	for (tok = strtok_r(line, " \t\r", &save); tok;
	     tok = strtok_r(NULL, " \t\r", &save)) {
		if (tok[0] == '#')
			break;
		if (n == MAX_WORDS) {
			perr(p, "too many words");
			return -1;
		}
		w[n++] = tok;
	}
	return n;
}

struct fnd_config *fnd_config_parse(const char *text, const char *name)
{
	struct parser p = { .name = name };
	char line[MAX_LINE + 1], *w[MAX_WORDS];
	const char *s = text, *nl;
	size_t len;
	int n;

	p.c = config_new();
	if (!p.c) {
		log_err("%s: out of memory", name);
		return NULL;
	}
	while (*s) {
		p.line++;
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		if (len > MAX_LINE) {
			perr(&p, "line longer than %d bytes", MAX_LINE);
		} else if (memchr(s, '\0', len)) {
			perr(&p, "NUL byte");
		} else {
			memcpy(line, s, len);
			line[len] = '\0';
			n = split(&p, line, w);
			if (n > 0)
				statement(&p, w, n);
		}
		s += len + (nl ? 1 : 0);
	}
	if (p.errors) {
		fnd_config_free(p.c);
		return NULL;
	}
	return p.c;
}

struct fnd_config *fnd_config_load(const char *path, int missing_ok)
{
	struct fnd_config *c;
	char *text = NULL;
	size_t cap = 0, len = 0, r;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT && missing_ok) {
			log_warn("%s: no such file: built-in defaults, and no "
				 "allow rules (every request is refused)",
				 path);
			return config_new();
		}
		log_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			char *t;

			/* A policy is small; a huge file is a mistake. */
			if (cap >= 1 << 20) {
				log_err("%s: larger than 1 MiB", path);
				goto fail;
			}
			t = realloc(text, cap + 8192);
			if (!t) {
				log_err("%s: out of memory", path);
				goto fail;
			}
			text = t;
			cap += 8192;
		}
		r = fread(text + len, 1, cap - len - 1, f);
		len += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		log_err("%s: read error", path);
		goto fail;
	}
	fclose(f);
	text[len] = '\0';
	if (strlen(text) != len) {
		log_err("%s: NUL byte in the file", path);
		free(text);
		return NULL;
	}
	c = fnd_config_parse(text, path);
	free(text);
	if (c) {
		c->path = strdup(path);
		if (!c->path) {
			fnd_config_free(c);
			return NULL;
		}
	}
	return c;
fail:
	fclose(f);
	free(text);
	return NULL;
}

const struct fnd_config_bind *fnd_config_bind_of(const struct fnd_config *c,
						 int id)
{
	size_t i;

	for (i = 0; i < c->n_binds; i++)
		if (c->binds[i].ids & (1ULL << id))
			return &c->binds[i];
	return NULL;
}
