/* Calendar dates: day numbers since 1970-01-01, ISO text, weekdays. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"

/* Howard Hinnant's days_from_civil: exact for every proleptic Gregorian date. */
int64_t mb_date_days(int year, unsigned month, unsigned day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (int64_t)(month + (month > 2 ? -3 : 9));
	int64_t doy = (153 * mp + 2) / 5 + (int64_t)day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void mb_date_civil(int64_t days, int *year, unsigned *month, unsigned *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (unsigned)m;
	*day = (unsigned)d;
}

static bool read_digits(const char *text, size_t n, unsigned *out)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		v = v * 10 + (unsigned)(text[i] - '0');
	}
	*out = v;
	return true;
}

int mb_date_parse(const char *text, int64_t *days)
{
	unsigned y, m, d;
	if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
		!read_digits(text, 4, &y) || !read_digits(text + 5, 2, &m) ||
		!read_digits(text + 8, 2, &d))
		return -EINVAL;
	if (m < 1 || m > 12 || d < 1)
		return -EINVAL;
	/* A real date: the day must survive the round trip. */
	int64_t n = mb_date_days((int)y, m, d);
	int ry;
	unsigned rm, rd;
	mb_date_civil(n, &ry, &rm, &rd);
	if (ry != (int)y || rm != m || rd != d)
		return -EINVAL;
	if (y < 1970)
		return -ERANGE;
	*days = n;
	return 0;
}

void mb_date_format(int64_t days, char *out, size_t len)
{
	int y;
	unsigned m, d;
	mb_date_civil(days, &y, &m, &d);
	snprintf(out, len, "%04d-%02u-%02u", y, m, d);
}

unsigned mb_date_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (3 counting from Monday). */
	int64_t w = (days + 3) % 7;
	return (unsigned)(w < 0 ? w + 7 : w);
}

int64_t mb_date_next_monday(int64_t today)
{
	return today + 7 - mb_date_weekday(today);
}
