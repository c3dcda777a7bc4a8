/* Feeding the speaker process: non-blocking lines on a pipe, and nothing the coach waits on. */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "coach/voice-link.h"

#define STATUS_FD 3
/* How long the speaker may take to start, and to finish the closing words. */
#define START_TIMEOUT_MS 5000
#define CLOSE_TIMEOUT_MS 4000

struct mb_voice_link {
	pid_t pid;
	int fd;
};

static void send_line(struct mb_voice_link *link, const char *line)
{
	if (!link || link->fd < 0)
		return;
	/* A full pipe means the speaker is behind; the next line will catch it up. */
	if (write(link->fd, line, strlen(line)) < 0 && errno == EPIPE) {
		close(link->fd);
		link->fd = -1;
	}
}

void mb_voice_link_cue(struct mb_voice_link *link, size_t index, int64_t offset_us)
{
	char line[64];
	snprintf(line, sizeof(line), "cue %zu %" PRId64 "\n", index, offset_us);
	send_line(link, line);
}

void mb_voice_link_pause(struct mb_voice_link *link)
{
	send_line(link, "pause\n");
}

static void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

static enum mb_voice_link_status read_status(int fd)
{
	char buf[32];
	size_t have = 0;
	int waited = 0;
	while (have < sizeof(buf) - 1 && waited < START_TIMEOUT_MS) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int r = poll(&pfd, 1, 100);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0) {
			waited += 100;
			continue;
		}
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n <= 0)
			break;
		have += (size_t)n;
		if (memchr(buf, '\n', have))
			break;
	}
	buf[have] = '\0';
	if (strncmp(buf, "ok\n", 3) == 0)
		return MB_VOICE_LINK_OK;
	if (strncmp(buf, "usage\n", 6) == 0)
		return MB_VOICE_LINK_USAGE;
	return MB_VOICE_LINK_FAILED;
}

struct mb_voice_link *mb_voice_link_start(const char *program, char *const argv[],
	enum mb_voice_link_status *status)
{
	*status = MB_VOICE_LINK_FAILED;
	int in[2], st[2];
	if (pipe2(in, O_CLOEXEC) < 0)
		return NULL;
	if (pipe2(st, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return NULL;
	}
	struct mb_voice_link *link = calloc(1, sizeof(*link));
	if (!link)
		goto fail;
	fflush(NULL);
	link->pid = fork();
	if (link->pid < 0)
		goto fail;
	if (link->pid == 0) {
		/* The child: input from the pipe, status on descriptor 3, then exec. */
		if (dup2(in[0], STDIN_FILENO) < 0 || dup2(st[1], STATUS_FD) < 0)
			_exit(127);
		execv(program, argv);
		_exit(127);
	}
	close(in[0]);
	close(st[1]);
	link->fd = in[1];
	*status = read_status(st[0]);
	close(st[0]);
	if (*status != MB_VOICE_LINK_OK) {
		close(link->fd);
		waitpid(link->pid, NULL, 0);
		free(link);
		return NULL;
	}
	fcntl(link->fd, F_SETFL, fcntl(link->fd, F_GETFL) | O_NONBLOCK);
	/* The speaker may die at any time; its pipe must not take the coach with it. */
	signal(SIGPIPE, SIG_IGN);
	return link;

fail:
	free(link);
	close(in[0]);
	close(in[1]);
	close(st[0]);
	close(st[1]);
	return NULL;
}

void mb_voice_link_close(struct mb_voice_link *link)
{
	if (!link)
		return;
	if (link->fd >= 0)
		close(link->fd);
	for (int waited = 0; waited < CLOSE_TIMEOUT_MS; waited += 20) {
		pid_t r = waitpid(link->pid, NULL, WNOHANG);
		if (r == link->pid || (r < 0 && errno != EINTR))
			break;
		sleep_ms(20);
	}
	free(link);
}
