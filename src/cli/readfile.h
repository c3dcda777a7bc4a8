/* Reading a whole input file into memory, with a size limit. */
#ifndef MB_CLI_READFILE_H
#define MB_CLI_READFILE_H

#include <stddef.h>

/**
 * Read the regular file at path into a new buffer (*buf, owned by the
 * caller, not NUL-terminated) of *len bytes. Returns 0, -EFBIG when the file
 * holds more than max bytes (reading stops there), -EISDIR or -EINVAL for
 * something that is not a regular file, -ENOMEM, or another negative errno.
 */
int mb_read_file(const char *path, size_t max, char **buf, size_t *len);

/**
 * Read fd (a pipe, a terminal, a file) to its end into a new buffer, as
 * mb_read_file() does; the caller keeps fd open. Returns 0, -EFBIG past max
 * bytes, -ENOMEM, or another negative errno.
 */
int mb_read_fd(int fd, size_t max, char **buf, size_t *len);

#endif
