/* Hand a command to movebreak-gui, the program that links GTK, cairo and speech. */
#ifndef MB_APP_GUI_EXEC_H
#define MB_APP_GUI_EXEC_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Find movebreak-gui: beside this program first (the build tree, or a
 * bindir install), then in the libexec directory it was built for. Fills path
 * and returns true when an executable is there; on false, path holds the
 * places looked in, for a message.
 */
bool mb_gui_find(char *path, size_t path_len);

/**
 * Replace this process with `movebreak-gui COMMAND ARGV[1]...`; argv[0] is
 * the caller's own command name and is not passed on. Returns only on
 * failure, after printing why, with exit code 1.
 */
int mb_gui_exec(const char *command, int argc, char **argv);

#endif
