// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/*
 * A test's own ffa-notifd.  See daemon-harness.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon-harness.h"
#include "fnd_conn.h"

static void die(const char *what)
{
	fprintf(stderr, "harness: %s: %s\n", what, strerror(errno));
	exit(99);
}

void dh_init(struct dh *h)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	memset(h, 0, sizeof(*h));
	h->pid = -1;
	h->activation_fd = -1;
	strcpy(h->dir, "/tmp/ffa-notifd-test.XXXXXX");
	if (!mkdtemp(h->dir))
		die("mkdtemp");
	/* Clients of other uids must reach the socket inside. */
	if (chmod(h->dir, 0755) < 0)
		die("chmod");
	snprintf(h->sock, sizeof(h->sock), "%s/sock", h->dir);
	snprintf(h->conf, sizeof(h->conf), "%s/ffa-notifd.conf", h->dir);
	snprintf(h->log, sizeof(h->log), "%s/log", h->dir);
	snprintf(h->notify, sizeof(h->notify), "%s/notify", h->dir);
	h->notify_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (h->notify_fd < 0)
		die("socket");
	strcpy(sa.sun_path, h->notify);
	if (bind(h->notify_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind notify socket");
}

void dh_fini(struct dh *h)
{
	char cmd[128];

	if (h->pid > 0)
		dh_stop(h);
	close(h->notify_fd);
	if (h->activation_fd >= 0)
		close(h->activation_fd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", h->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "harness: could not remove %s\n", h->dir);
}

void dh_write_conf(struct dh *h, const char *text)
{
	FILE *f = fopen(h->conf, "w");

	if (!f)
		die("config");
	fprintf(f, "socket %s\nsocket-mode 0666\n%s", h->sock, text);
	fclose(f);
}

int dh_wait_notify(struct dh *h, const char *what, int timeout_ms)
{
	return dh_wait_notify_msg(h, what, timeout_ms, NULL, 0);
}

int dh_wait_notify_msg(struct dh *h, const char *what, int timeout_ms,
		       char *msg, size_t size)
{
	struct pollfd pfd = { .fd = h->notify_fd, .events = POLLIN };
	char buf[1024], *line, *save;
	struct timespec t0, now;
	ssize_t n;
	int left;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_ms - (int)((now.tv_sec - t0.tv_sec) * 1000 +
					  (now.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return 0;
		n = recv(h->notify_fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			return 0;
		buf[n] = '\0';
		if (msg && size)
			snprintf(msg, size, "%s", buf);
		/* A message is lines of VARIABLE=value. */
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			if (strstr(line, what))
				return 1;
	}
}

int dh_start(struct dh *h)
{
	const char *bin = h->bin ? h->bin : getenv("FFA_NOTIFD");
	char notify_env[160];
	int fd, i, status;
	pid_t pid;

	if (!bin)
		die("FFA_NOTIFD is not set");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		/* Dies with the test, whatever becomes of the test; and
		 * holds none of its output open (meson waits for that).
		 */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0)
			_exit(98);
		fd = open(h->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(98);
		if (h->activation_fd >= 0) {
			char pid_env[32];

			if (dup2(h->activation_fd, 3) < 0)
				_exit(98);
			snprintf(pid_env, sizeof(pid_env), "%d", (int)getpid());
			setenv("LISTEN_PID", pid_env, 1);
			setenv("LISTEN_FDS", "1", 1);
		}
		if (h->nofile) {
			struct rlimit rl = { h->nofile, h->nofile };

			if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
				_exit(98);
		}
		snprintf(notify_env, sizeof(notify_env), "NOTIFY_SOCKET=%s",
			 h->notify);
		putenv(notify_env);
		for (i = 0; h->env && h->env[i]; i++)
			putenv((char *)h->env[i]);
		execl(bin, bin, "--config", h->conf, "--sim", "--debug",
		      (char *)NULL);
		_exit(97);
	}
	h->pid = pid;
	if (dh_wait_notify(h, "READY=1", 10000))
		return 0;
	/* Not ready: say why if it died. */
	if (waitpid(pid, &status, WNOHANG) == pid) {
		h->pid = -1;
		fprintf(stderr, "harness: ffa-notifd exited (status %d)\n",
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	return -1;
}

int dh_stop(struct dh *h)
{
	int status;

	if (h->pid <= 0)
		return -1;
	kill(h->pid, SIGTERM);
	if (waitpid(h->pid, &status, 0) != h->pid)
		die("waitpid");
	h->pid = -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int dh_log_contains(struct dh *h, const char *what)
{
	char line[2048];
	FILE *f = fopen(h->log, "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, what) != NULL;
	fclose(f);
	return found;
}

int dh_wait_log(struct dh *h, const char *what, int timeout_ms)
{
	int waited;

	for (waited = 0; waited < timeout_ms; waited += 10) {
		if (dh_log_contains(h, what))
			return 1;
		usleep(10000);
	}
	return dh_log_contains(h, what);
}

unsigned long long dh_cpu_ticks(struct dh *h)
{
	unsigned long long utime = 0, stime = 0;
	char path[64], buf[1024], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)h->pid);
	f = fopen(path, "r");
	if (!f)
		die(path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* After "(comm)": state is field 3, utime 14, stime 15. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2,
			 "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu "
			 "%llu",
			 &utime, &stime) != 2) {
		errno = EPROTO;
		die(path);
	}
	return utime + stime;
}

struct ffanotif_session *dh_session(struct dh *h)
{
	setenv("FFANOTIFD_SOCKET", h->sock, 1);
	return ffanotif_session_open("daemon");
}

int dh_raw(struct dh *h, uint64_t *session, uint64_t *token)
{
	struct fnd_hello m = { .role = FND_ROLE_CONTROL };
	struct fnd_hello_reply r;
	uint8_t buf[FND_MAX_MSG];
	uint32_t seq = 0;
	size_t len;
	int fd;

	fd = fnd_connect(h->sock);
	if (fd < 0)
		return -1;
	fnd_hello_encode(buf, &m);
	if (fnd_call(fd, &seq, FND_T_HELLO, buf, FND_HELLO_SIZE, buf, &len) <
		    0 ||
	    fnd_hello_reply_decode(buf, len, &r) < 0) {
		close(fd);
		return -1;
	}
	if (session)
		*session = r.session;
	if (token)
		*token = r.token;
	return fd;
}

int dh_run_as(uid_t uid, gid_t gid, const gid_t *groups, int n,
	      int (*fn)(void *arg), void *arg)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		/* Groups first: once the uid is dropped, they cannot be. */
		if (setgroups((size_t)n, groups) < 0 || setgid(gid) < 0 ||
		    setuid(uid) < 0) {
			fprintf(stderr,
				"harness: cannot become uid %u (run the "
				"tests as root): %s\n",
				(unsigned int)uid, strerror(errno));
			_exit(96);
		}
		_exit(fn(arg));
	}
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
