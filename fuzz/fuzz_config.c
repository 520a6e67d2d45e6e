// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzz target: the parser of /etc/ffa-notifd.conf, fnd_config_parse()
 * (tools/ffa-notifd/config.c; the format is ffa-notifd.conf(5)).
 *
 * Input: the file's text (it ends at the first NUL byte, as a string).
 * This target links config.c with its own fnd_log(), which collects the
 * messages, and with getpwnam()/getgrnam() wrapped (-Wl,--wrap) by a
 * fixed table, so that a run does not depend on the machine's users.
 *
 * Invariants, beyond "no crash" and no leak (LeakSanitizer, on each
 * input):
 *  - every error names the file and a line of it: "NAME:LINE: ..." with
 *    1 <= LINE <= the number of lines;
 *  - the file is refused (NULL) exactly when an error was reported;
 *  - an accepted configuration is one the daemon can use: backend
 *    "device" or "sim", an absolute socket path under 108 bytes, a mode
 *    within 0777, a queue in 1..FND_MAX_CLIENT_QUEUE, rules and binds
 *    within their tables, each with a line of the file, in file order;
 *    rules with known verbs and a valid partition or "*"; binds with a
 *    valid sender, non-empty and disjoint IDs, which fnd_config_bind_of()
 *    finds.
 */
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "fuzz.h"

#define NAME "fuzz.conf"

static unsigned int n_lines;
static unsigned int n_messages;

/* The daemon's logger, for this target: each message checked. */
FUZZ_NOCOV void fnd_log(int priority, const char *fmt, ...)
{
	char msg[2048], *end;
	unsigned long line;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n_messages++;
	if (fuzz_verbose())
		fprintf(stderr, "fnd_log(%d): %s\n", priority, msg);
	FUZZ_CHECK(priority == FND_LOG_ERR);
	FUZZ_CHECK(strncmp(msg, NAME ":", strlen(NAME ":")) == 0);
	line = strtoul(msg + strlen(NAME ":"), &end, 10);
	FUZZ_CHECK(end > msg + strlen(NAME ":") && end[0] == ':' &&
		   end[1] == ' ');
	FUZZ_CHECK(line >= 1 && line <= n_lines);
}

/* A fixed user and group database. */
struct passwd *__wrap_getpwnam(const char *name);
struct group *__wrap_getgrnam(const char *name);

struct passwd *__wrap_getpwnam(const char *name)
{
	static struct passwd pw;
	static const struct {
		const char *name;
		uid_t uid;
	} users[] = { { "root", 0 }, { "monitor", 1001 }, { "nobody", 65534 } };
	size_t i;

	for (i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		if (strcmp(name, users[i].name) == 0) {
			memset(&pw, 0, sizeof(pw));
			pw.pw_uid = users[i].uid;
			return &pw;
		}
	}
	return NULL;
}

struct group *__wrap_getgrnam(const char *name)
{
	static struct group gr;
	static const struct {
		const char *name;
		gid_t gid;
	} groups[] = { { "root", 0 },
		       { "ffa-notif", 990 },
		       { "nogroup", 65534 } };
	size_t i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (strcmp(name, groups[i].name) == 0) {
			memset(&gr, 0, sizeof(gr));
			gr.gr_gid = groups[i].gid;
			return &gr;
		}
	}
	return NULL;
}

FUZZ_NOCOV static void check_config(const struct fnd_config *c)
{
	unsigned int last = 0;
	uint64_t all = 0;
	size_t i;
	int b;

	FUZZ_CHECK(c->path == NULL);
	FUZZ_CHECK(strcmp(c->backend, "device") == 0 ||
		   strcmp(c->backend, "sim") == 0);
	FUZZ_CHECK(c->socket[0] == '/' && strlen(c->socket) < 108);
	FUZZ_CHECK(c->socket_mode <= 0777);
	FUZZ_CHECK(c->client_queue >= 1 &&
		   c->client_queue <= FND_MAX_CLIENT_QUEUE);
	FUZZ_CHECK(c->socket_group_set == 0 || c->socket_group_set == 1);

	FUZZ_CHECK(c->n_rules <= FND_CONFIG_MAX_RULES);
	for (i = 0; i < c->n_rules; i++) {
		const struct fnd_rule *r = &c->rules[i];

		FUZZ_CHECK(r->line > last && r->line <= n_lines);
		last = r->line;
		FUZZ_CHECK(r->verbs != 0 && (r->verbs & ~FND_VERB_ALL) == 0);
		FUZZ_CHECK(r->who == FND_WHO_ANYONE || r->who == FND_WHO_USER ||
			   r->who == FND_WHO_GROUP);
		FUZZ_CHECK(r->any_partition ||
			   fnd_valid_partition_id(r->partition));
		FUZZ_CHECK(r->ids != 0);
	}

	last = 0;
	FUZZ_CHECK(c->n_binds <= FND_CONFIG_MAX_BINDS);
	for (i = 0; i < c->n_binds; i++) {
		const struct fnd_config_bind *bd = &c->binds[i];

		FUZZ_CHECK(bd->line > last && bd->line <= n_lines);
		last = bd->line;
		FUZZ_CHECK(fnd_valid_partition_id(bd->sender));
		FUZZ_CHECK(bd->per_vcpu == 0 || bd->per_vcpu == 1);
		FUZZ_CHECK(bd->ids != 0 && (bd->ids & all) == 0);
		all |= bd->ids;
	}
	for (b = 0; b < 64; b++) {
		const struct fnd_config_bind *bd = fnd_config_bind_of(c, b);

		FUZZ_CHECK((bd != NULL) == !!(all & (1ULL << b)));
		FUZZ_CHECK(!bd || (bd->ids & (1ULL << b)));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fnd_config *c;
	char *text = malloc(size + 1);
	const char *s;

	FUZZ_CHECK(text);
	memcpy(text, data, size);
	text[size] = '\0';

	/* Lines as the parser counts them: a last one needs no newline. */
	n_lines = 0;
	for (s = text; *s; s++) {
		n_lines++;
		s = strchr(s, '\n');
		if (!s)
			break;
	}
	n_messages = 0;

	c = fnd_config_parse(text, NAME);
	FUZZ_CHECK((c == NULL) == (n_messages > 0));
	if (fuzz_verbose())
		fprintf(stderr, "%u lines: %s", n_lines,
			c ? "accepted" : "refused\n");
	if (c && fuzz_verbose())
		fprintf(stderr, ", backend %s, %zu rules, %zu binds\n",
			c->backend, c->n_rules, c->n_binds);
	if (c)
		check_config(c);
	fnd_config_free(c);
	free(text);
	return 0;
}
