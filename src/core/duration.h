/* Durations and counts as people write them: "90s", "5m", "1h30m", "20-30s", "5-10". */
#ifndef MB_CORE_DURATION_H
#define MB_CORE_DURATION_H

#include <stddef.h>
#include <stdint.h>

#include "core/routine.h"

/**
 * Parse a duration such as "90s", "5m", "1h30m", "1.5s" or a bare number of
 * seconds into microseconds. Returns 0, or -EINVAL for text that is not a
 * duration and -ERANGE for one too long to hold. On failure *error_at is the
 * 0-based offset of the first offending character.
 */
int mb_duration_parse(const char *text, int64_t *out_us, size_t *error_at);

/** Parse "20-30s", "20s-30s" or "25s" into a range of microseconds. Same returns. */
int mb_duration_range_parse(const char *text, struct mb_range *out, size_t *error_at);

/** Parse a whole count "5" or a range "5-10". Same returns. */
int mb_count_range_parse(const char *text, struct mb_range *out, size_t *error_at);

/**
 * Write a duration compactly ("4m05s", "30s", "1h02m") into buf; fractions of a
 * second are rounded. Returns buf.
 */
char *mb_duration_format(int64_t us, char *buf, size_t len);

#endif
