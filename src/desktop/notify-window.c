/* Prompts as a window of movebreak's own (movebreak-gui prompt), answered by its exit code. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <systemd/sd-event.h>

#include "desktop/notify.h"

struct window_notifier {
	struct mb_notifier base;
	struct sd_event *loop;
	char *gui_path;
	/* The window showing now, and the watch on its end; pid 0 when none. */
	pid_t pid;
	int pidfd;
	sd_event_source *exit_source;
};

static struct window_notifier *window_from_base(struct mb_notifier *base)
{
	return (struct window_notifier *)base;
}

/* Stop watching the window and reap it; kill it first when it should not answer. */
static void forget(struct window_notifier *w, bool kill_it)
{
	if (w->pid <= 0)
		return;
	w->exit_source = sd_event_source_disable_unref(w->exit_source);
	if (kill_it) {
		kill(w->pid, SIGTERM);
		/* GTK ends at once on SIGTERM; one that does not within a second is killed. */
		struct pollfd p = { .fd = w->pidfd, .events = POLLIN };
		int n;
		while ((n = poll(&p, 1, 1000)) < 0 && errno == EINTR)
			;
		if (n == 0)
			kill(w->pid, SIGKILL);
	}
	/* Reaping here keeps no zombie behind. */
	while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
		;
	close(w->pidfd);
	w->pid = 0;
	w->pidfd = -1;
}

static int handle_exit(sd_event_source *src, int fd, uint32_t revents, void *data)
{
	struct window_notifier *w = data;
	int status = 0;
	pid_t got;
	while ((got = waitpid(w->pid, &status, WNOHANG)) < 0 && errno == EINTR)
		;
	if (got == 0)
		return 0;
	w->exit_source = sd_event_source_disable_unref(w->exit_source);
	close(w->pidfd);
	w->pid = 0;
	w->pidfd = -1;
	enum mb_notify_action action = MB_NOTIFY_DISMISSED;
	int code = got > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (code == MB_PROMPT_EXIT_START)
		action = MB_NOTIFY_START;
	else if (code == MB_PROMPT_EXIT_POSTPONE)
		action = MB_NOTIFY_POSTPONE;
	else if (code == MB_PROMPT_EXIT_SKIP)
		action = MB_NOTIFY_SKIP;
	/* A window that could not open or crashed is no answer: the prompt stands on D-Bus. */
	else if (code != MB_PROMPT_EXIT_DISMISSED)
		return 0;
	if (w->base.listener && w->base.listener->action)
		w->base.listener->action(w->base.data, action);
	return 0;
}

static int show(struct mb_notifier *base, const char *title, const char *body)
{
	struct window_notifier *w = window_from_base(base);
	if (!title)
		return -EINVAL;
	forget(w, true);
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* The daemon blocks the signals its loop handles; the window must die of them. */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		/* Its errors go to the daemon's log. */
		execl(w->gui_path, "movebreak-gui", "prompt", "--title", title, "--body",
			body ? body : "", (char *)NULL);
		_exit(127);
	}
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0) {
		int e = errno;
		kill(pid, SIGTERM);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return -e;
	}
	int r = sd_event_add_io(w->loop, &w->exit_source, fd, EPOLLIN, handle_exit, w);
	if (r < 0) {
		kill(pid, SIGTERM);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		close(fd);
		return r;
	}
	w->pid = pid;
	w->pidfd = fd;
	return 0;
}

static void close_prompt(struct mb_notifier *base)
{
	forget(window_from_base(base), true);
}

static void destroy(struct mb_notifier *base)
{
	struct window_notifier *w = window_from_base(base);
	forget(w, true);
	free(w->gui_path);
	free(w);
}

static const struct mb_notifier_impl impl = {
	.name = "window",
	.show = show,
	.close = close_prompt,
	.destroy = destroy,
};

struct mb_notifier *mb_notifier_window_create(struct sd_event *loop, const char *gui_path,
	const struct mb_notify_listener *listener, void *data, char *why, size_t why_len)
{
	const char *x11 = getenv("DISPLAY"), *wayland = getenv("WAYLAND_DISPLAY");
	if (!(x11 && x11[0]) && !(wayland && wayland[0])) {
		snprintf(why, why_len, "no display to show a window on");
		return NULL;
	}
	if (!gui_path || access(gui_path, X_OK) != 0) {
		snprintf(why, why_len, "movebreak-gui is not installed");
		return NULL;
	}
	struct window_notifier *w = calloc(1, sizeof(*w));
	if (!w || !(w->gui_path = strdup(gui_path))) {
		free(w);
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	w->base.impl = &impl;
	w->base.listener = listener;
	w->base.data = data;
	w->loop = loop;
	w->pidfd = -1;
	return &w->base;
}
