/* Reading a whole input file into memory, with a size limit. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/readfile.h"

/* Read fd to its end into a buffer of at most max bytes; cap is the first guess of the size. */
static int read_all(int fd, size_t cap, size_t max, char **buf, size_t *len)
{
	if (cap > max + 1)
		cap = max + 1;
	char *data = malloc(cap);
	if (!data)
		return -ENOMEM;
	size_t n = 0;
	int ret = 0;
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				ret = -EFBIG;
				break;
			}
			size_t grown = cap * 2 > max + 1 ? max + 1 : cap * 2;
			char *bigger = realloc(data, grown);
			if (!bigger) {
				ret = -ENOMEM;
				break;
			}
			data = bigger;
			cap = grown;
		}
		ssize_t got = read(fd, data + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			ret = -errno;
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (ret == 0 && n > max)
		ret = -EFBIG;
	if (ret < 0) {
		free(data);
		return ret;
	}
	*buf = data;
	*len = n;
	return 0;
}

int mb_read_file(const char *path, size_t max, char **buf, size_t *len)
{
	/*
	 * Opening a FIFO for reading waits for a writer, and a device may never
	 * end: open without waiting, then look at what was opened (not at the
	 * path, which may change in between) and read only a regular file.
	 */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	struct stat st;
	int err = 0;
	if (fstat(fd, &st) < 0)
		err = -errno;
	else if (S_ISDIR(st.st_mode))
		err = -EISDIR;
	else if (!S_ISREG(st.st_mode))
		err = -EINVAL;
	if (err == 0)
		err = read_all(fd, (size_t)st.st_size + 1, max, buf, len);
	close(fd);
	return err;
}

const char *mb_read_file_strerror(int err)
{
	if (err == -EISDIR)
		return "is a directory, not a regular file";
	if (err == -EINVAL)
		return "not a regular file";
	if (err == -EFBIG)
		return "the file is too large";
	return strerror(-err);
}

int mb_read_fd(int fd, size_t max, char **buf, size_t *len)
{
	return read_all(fd, 64 * 1024, max, buf, len);
}
