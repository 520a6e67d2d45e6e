// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzz target: the ffa-notifd wire protocol's decoders and checks
 * (common/fnd_proto.c), which the daemon runs on what clients send and
 * libffanotif on what the daemon answers.
 *
 * Input: a byte stream as a peer reads it from the socket: messages one
 * after the other, each framed by its header's length (a message cut
 * short by the end of the input keeps what is there; a header that cannot
 * be framed ends the stream, as it ends a connection).
 *
 * Invariants, beyond "no crash", for each message:
 *  - the header re-encodes to the same 16 bytes; framing and request
 *    errors are the documented ones, and a request accepted has a request
 *    type, this version and error 0;
 *  - every payload decoder either refuses (-EBADMSG exactly when the size
 *    is not the payload's, -EINVAL otherwise) or decodes something that
 *    re-encodes to the same bytes (string fields compared up to their
 *    NUL: the bytes after it are padding), and that decodes again to the
 *    same values;
 *  - a BIND/UNBIND/SET/SIM_RING request that fnd_notif_req_check()
 *    accepts has zero reserved words, a non-empty bitmap and a valid
 *    partition;
 *  - fnd_type_name() always names something.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "fnd_proto.h"
#include "fuzz.h"

/* Offsets of string fields in payloads (docs/daemon-protocol.md). */
#define INFO_NAME_OFF 40
#define PART_NAME_OFF 24

/* Zero what follows the first NUL of a string field (its padding). */
FUZZ_NOCOV static void canon_string(uint8_t *p, size_t n)
{
	uint8_t *nul = memchr(p, 0, n);

	if (nul)
		memset(nul, 0, n - (size_t)(nul - p));
}

/* Re-encoded bytes equal the payload (after canonical padding). */
FUZZ_NOCOV static void check_bytes(const uint8_t *p, size_t len,
				   const uint8_t *enc, size_t enc_len,
				   size_t name_off, size_t name_len)
{
	uint8_t want[FND_MAX_MSG];

	FUZZ_CHECK(enc_len == len && len <= sizeof(want));
	memcpy(want, p, len);
	if (name_len)
		canon_string(want + name_off, name_len);
	FUZZ_CHECK(memcmp(want, enc, len) == 0);
}

FUZZ_NOCOV static void check_refusal(int r, size_t len, size_t size)
{
	FUZZ_CHECK(r == -EBADMSG || r == -EINVAL);
	if (len != size)
		FUZZ_CHECK(r == -EBADMSG);
}

FUZZ_NOCOV static void fuzz_hello(const uint8_t *p, size_t len)
{
	uint8_t enc[FND_HELLO_SIZE];
	struct fnd_hello m, m2;
	int r = fnd_hello_decode(p, len, &m);

	if (r) {
		check_refusal(r, len, FND_HELLO_SIZE);
		return;
	}
	FUZZ_CHECK(m.role == FND_ROLE_CONTROL || m.role == FND_ROLE_EVENTS);
	check_bytes(p, len, enc, fnd_hello_encode(enc, &m), 0, 0);
	FUZZ_CHECK(fnd_hello_decode(enc, sizeof(enc), &m2) == 0);
	FUZZ_CHECK(memcmp(&m, &m2, sizeof(m)) == 0);
}

FUZZ_NOCOV static void fuzz_hello_reply(const uint8_t *p, size_t len)
{
	uint8_t enc[FND_HELLO_REPLY_SIZE];
	struct fnd_hello_reply m, m2;
	int r = fnd_hello_reply_decode(p, len, &m);

	if (r) {
		check_refusal(r, len, FND_HELLO_REPLY_SIZE);
		return;
	}
	check_bytes(p, len, enc, fnd_hello_reply_encode(enc, &m), 0, 0);
	FUZZ_CHECK(fnd_hello_reply_decode(enc, sizeof(enc), &m2) == 0);
	FUZZ_CHECK(memcmp(&m, &m2, sizeof(m)) == 0);
}

FUZZ_NOCOV static void fuzz_info(const uint8_t *p, size_t len)
{
	uint8_t enc[FND_INFO_SIZE];
	struct fnd_info m, m2;
	int r = fnd_info_decode(p, len, &m);

	if (r) {
		check_refusal(r, len, FND_INFO_SIZE);
		return;
	}
	FUZZ_CHECK(memchr(m.backend_name, 0, sizeof(m.backend_name)));
	check_bytes(p, len, enc, fnd_info_encode(enc, &m), INFO_NAME_OFF,
		    sizeof(m.backend_name));
	FUZZ_CHECK(fnd_info_decode(enc, sizeof(enc), &m2) == 0);
	FUZZ_CHECK(memcmp(&m, &m2, offsetof(struct fnd_info, backend_name)) ==
		   0);
	FUZZ_CHECK(strcmp(m.backend_name, m2.backend_name) == 0);
}

FUZZ_NOCOV static void fuzz_notif_req(uint16_t type, const uint8_t *p,
				      size_t len)
{
	static const uint16_t types[] = { FND_T_BIND, FND_T_UNBIND, FND_T_SET,
					  FND_T_SIM_RING };
#define N_TYPES (sizeof(types) / sizeof(types[0]))
	uint8_t enc[FND_NOTIF_REQ_SIZE];
	struct fnd_notif_req m, m2;
	int r = fnd_notif_req_decode(p, len, &m);
	size_t i, j;

	if (r) {
		check_refusal(r, len, FND_NOTIF_REQ_SIZE);
		FUZZ_CHECK(r == -EBADMSG);
		return;
	}
	check_bytes(p, len, enc, fnd_notif_req_encode(enc, &m), 0, 0);
	FUZZ_CHECK(fnd_notif_req_decode(enc, sizeof(enc), &m2) == 0);
	FUZZ_CHECK(memcmp(&m, &m2, sizeof(m)) == 0);

	/* Each type that carries this payload, and the header's. */
	for (i = 0; i <= N_TYPES; i++) {
		uint16_t t = i < N_TYPES ? types[i] : type;

		r = fnd_notif_req_check(t, &m);
		FUZZ_CHECK(r == 0 || r == -EINVAL);
		if (r)
			continue;
		FUZZ_CHECK(t == FND_T_BIND || t == FND_T_UNBIND ||
			   t == FND_T_SET || t == FND_T_SIM_RING);
		for (j = 0; j < 4; j++)
			FUZZ_CHECK(m.reserved[j] == 0);
		FUZZ_CHECK(m.notifications != 0);
		FUZZ_CHECK(fnd_valid_partition_id(m.partition));
		FUZZ_CHECK(m.vcpu <= 0xffff);
		if (t == FND_T_UNBIND)
			FUZZ_CHECK(m.flags == 0);
		else if (t == FND_T_BIND)
			FUZZ_CHECK((m.flags & ~(FND_FLAG_PER_VCPU |
						FND_FLAG_EXCLUSIVE)) == 0);
		else
			FUZZ_CHECK((m.flags & ~FND_FLAG_PER_VCPU) == 0);
		if (t == FND_T_BIND || t == FND_T_UNBIND ||
		    !(m.flags & FND_FLAG_PER_VCPU))
			FUZZ_CHECK(m.vcpu == 0);
	}
#undef N_TYPES
}

FUZZ_NOCOV static void fuzz_stats(const uint8_t *p, size_t len)
{
	uint8_t enc[FND_STATS_SIZE];
	struct fnd_stats m, m2;
	int r = fnd_stats_decode(p, len, &m);

	if (r) {
		check_refusal(r, len, FND_STATS_SIZE);
		FUZZ_CHECK(r == -EBADMSG);
		return;
	}
	check_bytes(p, len, enc, fnd_stats_encode(enc, &m), 0, 0);
	FUZZ_CHECK(fnd_stats_decode(enc, sizeof(enc), &m2) == 0);
	FUZZ_CHECK(memcmp(&m, &m2, sizeof(m)) == 0);
}

FUZZ_NOCOV static void fuzz_event(const uint8_t *p, size_t len)
{
	uint8_t enc[FND_EVENT_SIZE];
	struct fnd_event m, m2;
	int r = fnd_event_decode(p, len, &m);

	if (r) {
		check_refusal(r, len, FND_EVENT_SIZE);
		return;
	}
	FUZZ_CHECK((m.flags & ~FND_EVENT_PER_VCPU) == 0);
	check_bytes(p, len, enc, fnd_event_encode(enc, &m), 0, 0);
	FUZZ_CHECK(fnd_event_decode(enc, sizeof(enc), &m2) == 0);
	FUZZ_CHECK(memcmp(&m, &m2, sizeof(m)) == 0);
}

FUZZ_NOCOV static void fuzz_partitions(const uint8_t *p, size_t len)
{
	static struct fnd_partition parts[FND_MAX_PARTITIONS],
		parts2[FND_MAX_PARTITIONS];
	static uint8_t want[FND_MAX_MSG], enc[FND_MAX_MSG];
	int n = fnd_partitions_decode(p, len, parts), i;
	size_t enc_len;

	if (n < 0) {
		FUZZ_CHECK(n == -EBADMSG || n == -EINVAL);
		return;
	}
	FUZZ_CHECK(n <= FND_MAX_PARTITIONS);
	FUZZ_CHECK(len ==
		   FND_PARTITIONS_HDR_SIZE + (size_t)n * FND_PARTITION_SIZE);
	enc_len = fnd_partitions_encode(enc, parts, (uint32_t)n);
	FUZZ_CHECK(enc_len == len && len <= sizeof(want));
	memcpy(want, p, len);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(memchr(parts[i].name, 0, sizeof(parts[i].name)));
		canon_string(want + FND_PARTITIONS_HDR_SIZE +
				     (size_t)i * FND_PARTITION_SIZE +
				     PART_NAME_OFF,
			     sizeof(parts[i].name));
	}
	FUZZ_CHECK(memcmp(want, enc, len) == 0);
	FUZZ_CHECK(fnd_partitions_decode(enc, enc_len, parts2) == n);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(parts[i].id == parts2[i].id);
		FUZZ_CHECK(parts[i].vcpu_count == parts2[i].vcpu_count);
		FUZZ_CHECK(parts[i].properties == parts2[i].properties);
		FUZZ_CHECK(memcmp(parts[i].uuid, parts2[i].uuid,
				  sizeof(parts[i].uuid)) == 0);
		FUZZ_CHECK(strcmp(parts[i].name, parts2[i].name) == 0);
	}
}

FUZZ_NOCOV static void fuzz_metrics_req(const uint8_t *p, size_t len)
{
	uint8_t enc[FND_METRICS_REQ_SIZE];
	struct fnd_metrics_req m, m2;
	int r = fnd_metrics_req_decode(p, len, &m);

	if (r) {
		check_refusal(r, len, FND_METRICS_REQ_SIZE);
		return;
	}
	FUZZ_CHECK(m.flags == 0 && m.reserved == 0);
	check_bytes(p, len, enc, fnd_metrics_req_encode(enc, &m), 0, 0);
	FUZZ_CHECK(fnd_metrics_req_decode(enc, sizeof(enc), &m2) == 0);
	FUZZ_CHECK(memcmp(&m, &m2, sizeof(m)) == 0);
}

FUZZ_NOCOV static void fuzz_metrics(const uint8_t *p, size_t len)
{
	static struct fnd_metrics m, m2;
	static uint8_t enc[FND_MAX_MSG];
	size_t enc_len;
	int r = fnd_metrics_decode(p, len, &m);

	if (r) {
		FUZZ_CHECK(r == -EBADMSG || r == -EINVAL);
		return;
	}
	FUZZ_CHECK(m.count <= FND_MAX_METRICS_SERIES);
	FUZZ_CHECK((m.present & ~FND_M_ALL) == 0);
	FUZZ_CHECK(len == FND_METRICS_HDR_SIZE +
				  (size_t)m.count * FND_METRICS_SERIES_SIZE);
	enc_len = fnd_metrics_encode(enc, &m);
	check_bytes(p, len, enc, enc_len, 0, 0);
	FUZZ_CHECK(fnd_metrics_decode(enc, enc_len, &m2) == 0);
	FUZZ_CHECK(memcmp(&m, &m2,
			  offsetof(struct fnd_metrics, series) +
				  m.count * sizeof(m.series[0])) == 0);
}

FUZZ_NOCOV static void fuzz_header(const uint8_t *p, struct fnd_hdr *h)
{
	uint8_t enc[FND_HDR_SIZE];
	int r;

	fnd_hdr_decode(p, h);
	fnd_hdr_encode(enc, h);
	FUZZ_CHECK(memcmp(enc, p, FND_HDR_SIZE) == 0);

	r = fnd_hdr_frame_error(h);
	FUZZ_CHECK(r == 0 || r == -EBADMSG || r == -EMSGSIZE);
	FUZZ_CHECK((r == 0) ==
		   (h->length >= FND_HDR_SIZE && h->length <= FND_MAX_MSG));

	r = fnd_request_error(h);
	FUZZ_CHECK(r == 0 || r == -EPROTONOSUPPORT || r == -EBADRQC ||
		   r == -EINVAL);
	if (r == 0)
		FUZZ_CHECK(h->version == FND_PROTO_VERSION && h->error == 0 &&
			   !(h->type & FND_T_REPLY) && h->type != FND_T_EVENT);
	FUZZ_CHECK(fnd_type_name(h->type) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	while (size >= FND_HDR_SIZE) {
		struct fnd_hdr h;
		const uint8_t *payload = data + FND_HDR_SIZE;
		size_t len;

		fuzz_header(data, &h);
		if (fnd_hdr_frame_error(&h))
			break;
		len = h.length - FND_HDR_SIZE;
		if (len > size - FND_HDR_SIZE)
			len = size - FND_HDR_SIZE;

		/* Every decoder on every payload: what the type says is
		 * only the peer's claim.
		 */
		fuzz_hello(payload, len);
		fuzz_hello_reply(payload, len);
		fuzz_info(payload, len);
		fuzz_notif_req(h.type, payload, len);
		fuzz_stats(payload, len);
		fuzz_event(payload, len);
		fuzz_partitions(payload, len);
		fuzz_metrics_req(payload, len);
		fuzz_metrics(payload, len);

		data += FND_HDR_SIZE + len;
		size -= FND_HDR_SIZE + len;
	}
	return 0;
}
