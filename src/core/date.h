/* Calendar dates as plain day numbers: no time zone, no clock. */
#ifndef MB_CORE_DATE_H
#define MB_CORE_DATE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Calendar dates are counted as days since 1970-01-01 in the proleptic
 * Gregorian calendar: plain integers, no time zone.
 */

/** Day number of year-month-day; month 1..12, day 1..31 (not checked here). */
int64_t mb_date_days(int year, unsigned month, unsigned day);

/** Year, month and day of a day number. */
void mb_date_civil(int64_t days, int *year, unsigned *month, unsigned *day);

/**
 * Parse an ISO date "YYYY-MM-DD" (exactly that form, a real calendar date,
 * years 1970 to 9999) into a day number. Returns 0, -EINVAL when text is not
 * such a date, or -ERANGE for a real date before 1970-01-01.
 */
int mb_date_parse(const char *text, int64_t *days);

/** Write a day number as "YYYY-MM-DD" into out (at least 11 bytes). */
void mb_date_format(int64_t days, char *out, size_t len);

/** Weekday of a day number, Monday 0 to Sunday 6. */
unsigned mb_date_weekday(int64_t days);

/** The first Monday after today (a Monday gives the one a week later). */
int64_t mb_date_next_monday(int64_t today);

#endif
