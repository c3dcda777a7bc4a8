/* Reading a whole input file into memory, with a size limit. */
#ifndef MB_APP_READFILE_H
#define MB_APP_READFILE_H

#include <stddef.h>

/**
 * Read the regular file at path into a new buffer (*buf, owned by the
 * caller, not NUL-terminated) of *len bytes. Never waits: a FIFO, a device
 * or a directory is refused as soon as it is opened. Returns 0, -EFBIG when
 * the file holds more than max bytes (reading stops there), -EISDIR for a
 * directory, -EINVAL for anything else that is not a regular file, -ENOMEM,
 * or another negative errno.
 */
int mb_read_file(const char *path, size_t max, char **buf, size_t *len);

/**
 * What an error of mb_read_file() means, for a message after the file's
 * name: "not a regular file", "is a directory, not a regular file", or
 * strerror's words. Returns a static string.
 */
const char *mb_read_file_strerror(int err);

/**
 * Read fd (a pipe, a terminal, a file) to its end into a new buffer, as
 * mb_read_file() does; the caller keeps fd open. Returns 0, -EFBIG past max
 * bytes, -ENOMEM, or another negative errno.
 */
int mb_read_fd(int fd, size_t max, char **buf, size_t *len);

#endif
