/* WAV files: mono 16-bit PCM, the format every player and sox read. */
#ifndef MB_VOICE_WAV_H
#define MB_VOICE_WAV_H

#include <stdbool.h>
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

/** A WAV file written in order, piece by piece, so no caller holds all its samples at once. */
struct mb_wav_writer;

/**
 * Start a WAV file at path that will hold exactly len samples at rate_hz:
 * the header now, into a temporary file beside path. Returns the writer,
 * or NULL with *error set to a negative errno (-EFBIG past 4 GiB).
 */
struct mb_wav_writer *mb_wav_writer_create(const char *path, size_t len, int rate_hz, int *error);

/**
 * Append len samples. Returns 0, or the first negative errno met so far
 * (-EFBIG for more samples than the header promised); after an error
 * nothing more is written.
 */
int mb_wav_writer_write(struct mb_wav_writer *w, const int16_t *samples, size_t len);

/**
 * Close and free the writer. With keep, the file replaces path, provided
 * every promised sample was written (else -EIO); without, the temporary
 * is removed. Returns 0 or a negative errno. NULL-safe.
 */
int mb_wav_writer_close(struct mb_wav_writer *w, bool keep);

#endif
