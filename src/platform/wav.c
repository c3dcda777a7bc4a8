/* Writing WAV files: a 44-byte RIFF header, then little-endian samples. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform/wav.h"

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

int mb_wav_write(FILE *out, const int16_t *samples, size_t len, int rate_hz)
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

int mb_wav_save(const char *path, const int16_t *samples, size_t len, int rate_hz)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, plen + 16, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		int ret = -errno;
		free(tmp);
		return ret;
	}
	int ret = mb_wav_write(f, samples, len, rate_hz);
	if (fclose(f) != 0 && ret == 0)
		ret = -errno;
	if (ret == 0 && rename(tmp, path) < 0)
		ret = -errno;
	if (ret < 0)
		unlink(tmp);
	free(tmp);
	return ret;
}
