/* The break command: the break window, the terminal coach, or the user's own command. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/gui-exec.h"
#include "daemon/daemon-internal.h"

/*
 * What break_command = auto runs, in the child: the window where it can
 * open, else the terminal coach in the desktop's terminal. This program's
 * own path, so the build tree and any install prefix start their own coach.
 */
static void exec_auto_break(char *summary, size_t summary_len)
{
	char self[4096], gui[8300];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		snprintf(self, sizeof(self), "movebreak");
	else
		self[n] = '\0';
	const char *display = getenv("WAYLAND_DISPLAY");
	if (!display || !*display)
		display = getenv("DISPLAY");
	if (display && *display && mb_gui_find(gui, sizeof(gui))) {
		if (summary)
			snprintf(summary, summary_len, "%s now --gui --from-prompt", self);
		else
			execl(self, self, "now", "--gui", "--from-prompt", (char *)NULL);
		return;
	}
	if (summary)
		snprintf(summary, summary_len, "x-terminal-emulator -e %s now", self);
	else
		execlp("x-terminal-emulator", "x-terminal-emulator", "-e", self, "now",
			(char *)NULL);
}

/*
 * Fork a process in its own session, nobody's child to reap: returns 0 in
 * it, with the signals unblocked and stdin from /dev/null; in the daemon, a
 * positive number once the middle process is gone, or -1 with errno set.
 */
static pid_t fork_detached(void)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setsid();
		/* The middle process exits at once, so the command is nobody's child to reap. */
		pid_t grandchild = fork();
		if (grandchild != 0)
			_exit(grandchild < 0 ? 1 : 0);
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
		closefrom(STDERR_FILENO + 1);
		return 0;
	}
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return pid;
}

/*
 * Start the break's UI in its own session, detached from the daemon. The
 * command learns which break it is from MOVEBREAK_BREAK ("movement" or
 * "micro") and MOVEBREAK_ROUTINE.
 */
void mb_daemon_run_break(struct mb_daemon *d, enum mb_break_kind brk)
{
	bool automatic = strcmp(d->cfg.break_command, MB_CONFIG_BREAK_AUTO) == 0;
	/* Chosen before the fork: the child only execs. */
	char routine[MB_CONFIG_NAME_MAX];
	snprintf(routine, sizeof(routine), "%s", mb_daemon_choice(d, brk)->routine);
	pid_t pid = fork_detached();
	if (pid < 0) {
		mb_daemon_say("cannot run the break command: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		setenv("MOVEBREAK_BREAK", mb_break_kind_name(brk), 1);
		setenv("MOVEBREAK_ROUTINE", routine, 1);
		if (automatic)
			exec_auto_break(NULL, 0);
		else
			execl("/bin/sh", "sh", "-c", d->cfg.break_command, (char *)NULL);
		_exit(127);
	}
	char chosen[8400];
	if (automatic)
		exec_auto_break(chosen, sizeof(chosen));
	mb_daemon_say("break command started: %s", automatic ? chosen : d->cfg.break_command);
}

void mb_daemon_open_app(struct mb_daemon *d)
{
	char gui[8300];
	if (!mb_gui_find(gui, sizeof(gui))) {
		mb_daemon_say("cannot open the app window: movebreak-gui is not installed "
			      "(looked for %s)",
			gui);
		return;
	}
	pid_t pid = fork_detached();
	if (pid < 0) {
		mb_daemon_say("cannot open the app window: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		execl(gui, "movebreak-gui", "app", (char *)NULL);
		_exit(127);
	}
	mb_daemon_say("app window started: %s app", gui);
}
