// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * tee-call: one TEE client call through Linux's OP-TEE driver, for the
 * coexistence run of tests/optee (ffa_notif.ko beside drivers/tee/optee).
 *
 *   tee-call [/dev/teeN]
 *
 * Opens the device, checks it is OP-TEE's (TEE_IOC_VERSION), opens a
 * session to OP-TEE's "invoke tests" pseudo TA (a PTA: in OP-TEE's core,
 * no TA to load, no tee-supplicant needed; its open entry point accepts
 * anyone) and closes it.  Opening a session is a real round trip: the
 * driver shares its argument with OP-TEE over FF-A and OP-TEE runs it in
 * one of its threads.  Exits 0 if every step succeeded, 1 with the reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/tee.h>

/* PTA_INVOKE_TESTS_UUID, lib/libutee/include/pta_invoke_tests.h. */
static const unsigned char invoke_tests_uuid[TEE_IOCTL_UUID_LEN] = {
	0xd9, 0x6a, 0x5b, 0x40, 0xc3, 0xe5, 0x21, 0xe3,
	0x87, 0x94, 0x10, 0x02, 0xa5, 0xd5, 0xc6, 0x1b,
};

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/dev/tee0";
	struct tee_ioctl_version_data ver;
	struct tee_ioctl_open_session_arg arg;
	struct tee_ioctl_close_session_arg cl;
	struct tee_ioctl_buf_data buf = {
		.buf_ptr = (__u64)(unsigned long)&arg,
		.buf_len = sizeof(arg),
	};
	int fd;

	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "tee-call: %s: %s\n", dev, strerror(errno));
		return 1;
	}
	if (ioctl(fd, TEE_IOC_VERSION, &ver)) {
		fprintf(stderr, "tee-call: TEE_IOC_VERSION: %s\n",
			strerror(errno));
		return 1;
	}
	printf("tee-call: %s: implementation %u, caps 0x%x\n", dev, ver.impl_id,
	       ver.gen_caps);
	if (ver.impl_id != TEE_IMPL_ID_OPTEE) {
		fprintf(stderr, "tee-call: not OP-TEE's driver\n");
		return 1;
	}
	memset(&arg, 0, sizeof(arg));
	memcpy(arg.uuid, invoke_tests_uuid, sizeof(arg.uuid));
	arg.clnt_login = TEE_IOCTL_LOGIN_PUBLIC;
	if (ioctl(fd, TEE_IOC_OPEN_SESSION, &buf)) {
		fprintf(stderr, "tee-call: TEE_IOC_OPEN_SESSION: %s\n",
			strerror(errno));
		return 1;
	}
	printf("tee-call: open session: ret 0x%x origin %u session %u\n",
	       arg.ret, arg.ret_origin, arg.session);
	if (arg.ret != 0) {
		fprintf(stderr, "tee-call: OP-TEE refused the session\n");
		return 1;
	}
	cl.session = arg.session;
	if (ioctl(fd, TEE_IOC_CLOSE_SESSION, &cl)) {
		fprintf(stderr, "tee-call: TEE_IOC_CLOSE_SESSION: %s\n",
			strerror(errno));
		return 1;
	}
	close(fd);
	printf("tee-call: session closed\n");
	return 0;
}
