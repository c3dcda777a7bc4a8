/* Where movebreak keeps its files, following the XDG base directories. */
#ifndef MB_PLATFORM_PATHS_H
#define MB_PLATFORM_PATHS_H

#include <stddef.h>

/**
 * Write $XDG_CONFIG_HOME/movebreak (or ~/.config/movebreak) into buf.
 * Relative XDG values are ignored, as the specification asks.
 * Returns 0, -ENOENT when neither the variable nor HOME is set, or
 * -ENAMETOOLONG.
 */
int mb_paths_config_dir(char *buf, size_t len);

/** Write $XDG_DATA_HOME/movebreak (or ~/.local/share/movebreak) into buf. Same returns. */
int mb_paths_data_dir(char *buf, size_t len);

/** Write the history database's path (data dir + "/history.db") into buf. Same returns. */
int mb_paths_history_db(char *buf, size_t len);

/** Create a directory and its parents (mode 0700 for new ones). Returns 0 or a negative errno. */
int mb_paths_mkdir_p(const char *path);

#endif
