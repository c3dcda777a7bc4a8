/* Hand a command to movebreak-gui, so this program never loads GTK, cairo or speech. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/exit.h"
#include "app/gui-exec.h"
#include "config.h"

#define GUI_NAME "movebreak-gui"

bool mb_gui_find(char *path, size_t path_len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(path, path_len, "%s/%s", self, GUI_NAME);
			if (access(path, X_OK) == 0)
				return true;
		}
	}
	snprintf(path, path_len, "%s/%s", MB_LIBEXECDIR, GUI_NAME);
	if (access(path, X_OK) == 0)
		return true;
	snprintf(path, path_len, "%s/%s or %s/%s", n > 0 ? self : ".", GUI_NAME, MB_LIBEXECDIR,
		GUI_NAME);
	return false;
}

int mb_gui_exec(const char *command, int argc, char **argv)
{
	char path[2 * PATH_MAX + 64];
	if (!mb_gui_find(path, sizeof(path))) {
		fprintf(stderr, "movebreak: %s needs %s, which is not installed (looked for %s)\n",
			command, GUI_NAME, path);
		return MB_EXIT_FAILURE;
	}
	char **args = calloc((size_t)argc + 2, sizeof(*args));
	if (!args) {
		fprintf(stderr, "movebreak: out of memory\n");
		return MB_EXIT_FAILURE;
	}
	args[0] = (char *)GUI_NAME;
	args[1] = (char *)command;
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	fflush(NULL);
	execv(path, args);
	fprintf(stderr, "movebreak: cannot run %s: %s\n", path, strerror(errno));
	free(args);
	return MB_EXIT_FAILURE;
}
