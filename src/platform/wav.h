/* WAV files: mono 16-bit PCM, the format every player and sox read. */
#ifndef MB_PLATFORM_WAV_H
#define MB_PLATFORM_WAV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/**
 * Write len mono signed 16-bit samples at rate_hz to out as a WAV file.
 * Returns 0, a negative errno from writing, or -EFBIG past 4 GiB.
 */
int mb_wav_write(FILE *out, const int16_t *samples, size_t len, int rate_hz);

/**
 * Write a WAV file at path, replacing it: written to a temporary beside it
 * and renamed, so a reader never sees half a file. Returns 0 or a negative
 * errno.
 */
int mb_wav_save(const char *path, const int16_t *samples, size_t len, int rate_hz);

#endif
