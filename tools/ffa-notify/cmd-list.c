// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ffa-notify list and info.
 *
 * list reads partitions through a partition source: on the kernel
 * module's device, its generic netlink family (FFA_NOTIF_CMD_GET_PARTITIONS;
 * no session, no access to /dev/ffa-notif needed); on the daemon and the
 * simulator, a session (FFA_PARTITION_INFO_GET through the backend).
 * list --bindings (who holds which ID) exists only on the module
 * (FFA_NOTIF_CMD_GET_BINDINGS).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "notify.h"
#include "tools-common.h"

struct fnt_partition_source {
	struct ffanotif_session *s; /* NULL for the module */
	struct ffanotif_partition_list *(*list)(
		struct fnt_partition_source *src);
	void (*close)(struct fnt_partition_source *src);
};

static struct ffanotif_partition_list *
session_list(struct fnt_partition_source *src)
{
	return ffanotif_session_list_partitions(src->s);
}

static void session_close(struct fnt_partition_source *src)
{
	ffanotif_session_close(src->s);
}

static struct ffanotif_partition_list *
module_list(struct fnt_partition_source *src)
{
	(void)src;
	return ffanotif_module_list_partitions();
}

static void module_close(struct fnt_partition_source *src)
{
	(void)src;
}

/* The source for the chosen backend: 0, or the exit code of a failure. */
static int partition_source_open(const char *cmd,
				 struct fnt_partition_source *src)
{
	int module = fnt_module_backend(cmd);

	if (module < 0)
		return -module;
	src->s = NULL;
	if (module) {
		src->list = module_list;
		src->close = module_close;
		return 0;
	}
	src->s = fnt_open(cmd);
	if (!src->s)
		return fnt_fail(cmd, errno, "open");
	src->list = session_list;
	src->close = session_close;
	return 0;
}

static int parse_flags(const struct fnt_cmd *cmd, int argc, char **argv,
		       int *json, int *bindings)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "bindings", no_argument, NULL, 'B' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, bindings ? "+jB" : "+j", opts,
				  NULL)) != -1) {
		if (opt == 'j')
			*json = 1;
		else if (opt == 'B' && bindings)
			*bindings = 1;
		else
			return fnt_usage_error(cmd, "unknown option");
	}
	if (optind != argc)
		return fnt_usage_error(cmd, "unexpected argument '%s'",
				       argv[optind]);
	return 0;
}

static void print_uuid(const uint8_t *u)
{
	int i;

	for (i = 0; i < 16; i++)
		printf("%s%02x",
		       i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", u[i]);
}

static const char *binding_state(int state)
{
	switch (state) {
	case FFANOTIF_BINDING_BINDING:
		return "binding";
	case FFANOTIF_BINDING_BOUND:
		return "bound";
	case FFANOTIF_BINDING_UNBINDING:
		return "unbinding";
	case FFANOTIF_BINDING_ORPHANED:
		return "orphaned";
	default:
		return "unknown";
	}
}

/* list --bindings: the module's table of who holds which ID. */
static int list_bindings(int json)
{
	const char *cmd = fnt_cmd_list.name;
	struct ffanotif_binding_list *l;
	const struct ffanotif_binding *b;
	size_t i, n;
	int module;

	module = fnt_module_backend(cmd);
	if (module < 0)
		return -module;
	if (!module) {
		fnt_err(cmd, "--bindings needs the kernel module's backend "
			     "(device)");
		return FNT_EXIT_UNSUPPORTED;
	}
	l = ffanotif_module_list_bindings();
	if (!l) {
		if (errno == ENODEV)
			fnt_err(cmd, "ffa_notif.ko is not loaded");
		return fnt_fail(cmd, errno, "bindings");
	}
	n = ffanotif_binding_list_count(l);
	if (!json)
		printf("%-3s  %-6s  %-9s  %7s  %-16s  %s\n", "ID", "SENDER",
		       "STATE", "PID", "COMM", "FILE");
	for (i = 0; i < n; i++) {
		b = ffanotif_binding_list_get(l, i);
		if (json) {
			printf("{\"id\":%u,\"sender\":\"0x%04x\",\"state\":"
			       "\"%s\",\"pid\":%" PRIu32 ",\"comm\":",
			       ffanotif_binding_get_id(b),
			       ffanotif_binding_get_sender(b),
			       binding_state(ffanotif_binding_get_state(b)),
			       ffanotif_binding_get_pid(b));
			fnt_json_string(ffanotif_binding_get_comm(b));
			printf(",\"file_id\":%" PRIu64 "}\n",
			       ffanotif_binding_get_file_id(b));
			continue;
		}
		printf("%-3u  0x%04x  %-9s  %7" PRIu32 "  %-16s  %" PRIu64 "\n",
		       ffanotif_binding_get_id(b),
		       ffanotif_binding_get_sender(b),
		       binding_state(ffanotif_binding_get_state(b)),
		       ffanotif_binding_get_pid(b),
		       *ffanotif_binding_get_comm(b)
			       ? ffanotif_binding_get_comm(b)
			       : "-",
		       ffanotif_binding_get_file_id(b));
	}
	ffanotif_binding_list_free(l);
	return FNT_EXIT_OK;
}

static int run_list(int argc, char **argv)
{
	const struct fnt_cmd *cmd = &fnt_cmd_list;
	struct fnt_partition_source src;
	struct ffanotif_partition_list *l;
	const struct ffanotif_partition *p;
	int json = 0, bindings = 0, ret;
	size_t i, n;

	ret = parse_flags(cmd, argc, argv, &json, &bindings);
	if (ret)
		return ret;
	if (bindings)
		return list_bindings(json);
	ret = partition_source_open(cmd->name, &src);
	if (ret)
		return ret;
	l = src.list(&src);
	if (!l) {
		if (!src.s && errno == ENODEV)
			fnt_err(cmd->name, "ffa_notif.ko is not loaded");
		ret = fnt_fail(cmd->name, errno, "partitions");
		src.close(&src);
		return ret;
	}
	n = ffanotif_partition_list_count(l);
	if (!json)
		printf("%-6s  %-16s  %5s  %-13s  %s\n", "ID", "NAME", "VCPUS",
		       "NOTIFICATIONS", "UUID");
	for (i = 0; i < n; i++) {
		p = ffanotif_partition_list_get(l, i);
		if (json) {
			/* Names come from the backend: escaped. */
			printf("{\"id\":\"0x%04x\",\"name\":",
			       ffanotif_partition_get_id(p));
			fnt_json_string(ffanotif_partition_get_name(p));
			printf(",\"vcpus\":%" PRIu32 ",\"properties\":%" PRIu32
			       ",\"receives_notifications\":%s,\"uuid\":\"",
			       ffanotif_partition_get_vcpu_count(p),
			       ffanotif_partition_get_properties(p),
			       ffanotif_partition_receives_notifications(p)
				       ? "true"
				       : "false");
			print_uuid(ffanotif_partition_get_uuid(p));
			printf("\"}\n");
			continue;
		}
		printf("0x%04x  %-16s  %5" PRIu32 "  %-13s  ",
		       ffanotif_partition_get_id(p),
		       *ffanotif_partition_get_name(p)
			       ? ffanotif_partition_get_name(p)
			       : "-",
		       ffanotif_partition_get_vcpu_count(p),
		       ffanotif_partition_receives_notifications(p)
			       ? "receives"
			       : "sends only");
		print_uuid(ffanotif_partition_get_uuid(p));
		printf("\n");
	}
	ffanotif_partition_list_free(l);
	src.close(&src);
	return FNT_EXIT_OK;
}

static int run_info(int argc, char **argv)
{
	const struct fnt_cmd *cmd = &fnt_cmd_info;
	struct ffanotif_session *s;
	struct ffanotif_info *i;
	int json = 0, ret;
	const char *model;
	uint32_t v;

	ret = parse_flags(cmd, argc, argv, &json, NULL);
	if (ret)
		return ret;
	s = fnt_open(cmd->name);
	if (!s)
		return fnt_fail(cmd->name, errno, "open");
	i = ffanotif_session_get_info(s);
	if (!i) {
		ret = fnt_fail(cmd->name, errno, "info");
		ffanotif_session_close(s);
		return ret;
	}
	v = ffanotif_info_get_ffa_version(i);
	/* Which SPMC a simulator's model is; firmware does not say. */
	model = ffanotif_info_get_sim_personality(i);
	if (json) {
		printf("{\"backend\":");
		fnt_json_string(ffanotif_session_get_backend(s));
		printf(",\"provider\":");
		fnt_json_string(ffanotif_info_get_backend(i));
		printf(",\"library_api\":\"%s\","
		       "\"uapi_version\":%" PRIu32 ",\"ffa_version\":\"%u.%u\","
		       "\"own_id\":\"0x%04x\",\"vcpus\":%" PRIu32
		       ",\"max_ids\":%" PRIu32 ",\"queue_depth\":%" PRIu32
		       ",\"sri_intid\":%" PRIu32
		       ",\"per_vcpu\":%s,\"sim_ring\":%s,\"sim_personality\":",
		       ffanotif_api_version(),
		       ffanotif_info_get_uapi_version(i), v >> 16, v & 0xffff,
		       ffanotif_info_get_own_id(i),
		       ffanotif_info_get_vcpu_count(i),
		       ffanotif_info_get_max_ids(i),
		       ffanotif_info_get_queue_depth(i),
		       ffanotif_info_get_sri_intid(i),
		       ffanotif_info_has_per_vcpu(i) ? "true" : "false",
		       ffanotif_info_has_sim_ring(i) ? "true" : "false");
		if (model)
			fnt_json_string(model);
		else
			printf("null");
		printf("}\n");
	} else {
		printf("backend:        %s\n"
		       "provider:       %s\n"
		       "library API:    %s\n"
		       "uAPI version:   %" PRIu32 "\n"
		       "FF-A version:   %u.%u\n"
		       "endpoint ID:    0x%04x\n"
		       "vCPUs:          %" PRIu32 "\n"
		       "IDs:            %" PRIu32 "\n"
		       "queue depth:    %" PRIu32 "\n"
		       "SRI:            %" PRIu32 "\n"
		       "per-vCPU:       %s\n"
		       "sim-ring:       %s\n"
		       "SPMC model:     %s\n",
		       ffanotif_session_get_backend(s),
		       ffanotif_info_get_backend(i), ffanotif_api_version(),
		       ffanotif_info_get_uapi_version(i), v >> 16, v & 0xffff,
		       ffanotif_info_get_own_id(i),
		       ffanotif_info_get_vcpu_count(i),
		       ffanotif_info_get_max_ids(i),
		       ffanotif_info_get_queue_depth(i),
		       ffanotif_info_get_sri_intid(i),
		       ffanotif_info_has_per_vcpu(i) ? "yes" : "no",
		       ffanotif_info_has_sim_ring(i) ? "yes" : "no",
		       model ? model : "-");
	}
	ffanotif_info_free(i);
	ffanotif_session_close(s);
	return FNT_EXIT_OK;
}

const struct fnt_cmd fnt_cmd_list = {
	.name = "list",
	.args = "[--bindings] [--json]",
	.summary = "list the secure partitions, or who holds which ID",
	.run = run_list,
	.help = "  -B, --bindings  the kernel module's bindings instead: "
		"ID, sender, state,\n"
		"                  the holder's pid, name and file number "
		"(device backend)\n"
		"  -j, --json      one JSON object per line\n"
		"\nOn the device backend both come from the module's generic "
		"netlink family,\nwhich needs no access to /dev/ffa-notif.\n",
};

const struct fnt_cmd fnt_cmd_info = {
	.name = "info",
	.args = "[--json]",
	.summary = "show the backend: versions, endpoint, features",
	.run = run_info,
	.help = "  -j, --json  one JSON object\n"
		"\nOn ffa-notifd, the queue depth is this client's queue in "
		"the daemon.\n",
};
