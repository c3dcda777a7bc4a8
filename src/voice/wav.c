/* Writing WAV files: a 44-byte RIFF header, then little-endian samples. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "voice/wav.h"

static void put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void put_u16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static int write_header(FILE *out, size_t len, int rate_hz)
{
	if (len > (UINT32_MAX - 36) / 2)
		return -EFBIG;
	uint32_t data = (uint32_t)(len * 2);
	unsigned char h[44];
	memcpy(h, "RIFF", 4);
	put_u32(h + 4, 36 + data);
	memcpy(h + 8, "WAVEfmt ", 8);
	put_u32(h + 16, 16);
	put_u16(h + 20, 1);
	put_u16(h + 22, 1);
	put_u32(h + 24, (uint32_t)rate_hz);
	put_u32(h + 28, (uint32_t)rate_hz * 2);
	put_u16(h + 32, 2);
	put_u16(h + 34, 16);
	memcpy(h + 36, "data", 4);
	put_u32(h + 40, data);
	if (fwrite(h, 1, sizeof(h), out) != sizeof(h))
		return -EIO;
	return 0;
}

static int write_samples(FILE *out, const int16_t *samples, size_t len)
{
	unsigned char block[8192];
	size_t i = 0;
	while (i < len) {
		size_t n = 0;
		for (; i < len && n + 2 <= sizeof(block); i++, n += 2)
			put_u16(block + n, (uint16_t)samples[i]);
		if (fwrite(block, 1, n, out) != n)
			return -EIO;
	}
	return 0;
}

int mb_wav_write(FILE *out, const int16_t *samples, size_t len, int rate_hz)
{
	int ret = write_header(out, len, rate_hz);
	return ret < 0 ? ret : write_samples(out, samples, len);
}

struct mb_wav_writer {
	FILE *file;
	char *path, *tmp;
	/* Samples the header promises, and those written so far. */
	size_t len, written;
	int error;
};

struct mb_wav_writer *mb_wav_writer_create(const char *path, size_t len, int rate_hz, int *error)
{
	struct mb_wav_writer *w = calloc(1, sizeof(*w));
	size_t plen = strlen(path);
	if (!w || !(w->path = strdup(path)) || !(w->tmp = malloc(plen + 16))) {
		*error = -ENOMEM;
		goto fail;
	}
	snprintf(w->tmp, plen + 16, "%s.tmp%ld", path, (long)getpid());
	w->len = len;
	w->file = fopen(w->tmp, "wb");
	if (!w->file) {
		*error = -errno;
		goto fail;
	}
	int ret = write_header(w->file, len, rate_hz);
	if (ret < 0) {
		*error = ret;
		mb_wav_writer_close(w, false);
		return NULL;
	}
	return w;

fail:
	if (w) {
		free(w->path);
		free(w->tmp);
	}
	free(w);
	return NULL;
}

int mb_wav_writer_write(struct mb_wav_writer *w, const int16_t *samples, size_t len)
{
	if (w->error == 0 && len > w->len - w->written)
		w->error = -EFBIG;
	if (w->error == 0)
		w->error = write_samples(w->file, samples, len);
	if (w->error == 0)
		w->written += len;
	return w->error;
}

int mb_wav_writer_close(struct mb_wav_writer *w, bool keep)
{
	if (!w)
		return 0;
	int ret = w->error;
	if (ret == 0 && w->written != w->len)
		ret = -EIO;
	if (fclose(w->file) != 0 && ret == 0)
		ret = -errno;
	if (keep && ret == 0 && rename(w->tmp, w->path) < 0)
		ret = -errno;
	if (!keep || ret < 0)
		unlink(w->tmp);
	free(w->path);
	free(w->tmp);
	free(w);
	return ret;
}

int mb_wav_save(const char *path, const int16_t *samples, size_t len, int rate_hz)
{
	int ret = 0;
	struct mb_wav_writer *w = mb_wav_writer_create(path, len, rate_hz, &ret);
	if (!w)
		return ret;
	mb_wav_writer_write(w, samples, len);
	return mb_wav_writer_close(w, true);
}
