/* Reading and writing durations and counts the way people type them: "1h30m", "20-30s", "5-10". */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/duration.h"

/* Fraction digits past this are read but ignored: a nanosecond of an hour is below a microsecond. */
#define FRACTION_DIGITS_MAX 9

/* A decimal number as written, kept unscaled so a bare "20" in "20-30m" can still take a unit. */
struct number {
	int64_t whole;
	int64_t frac, frac_den;
	size_t start;
};

/* What one side of a range looked like, so a bare number can borrow the other side's unit. */
struct span {
	int64_t us;
	/* 0 for a bare number of seconds; else how many number-and-unit parts there were. */
	int parts;
	int64_t unit_us;
	struct number bare;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int fail(int err, size_t at, size_t *error_at)
{
	if (error_at != NULL)
		*error_at = at;
	return err;
}

static int read_number(const char *text, size_t *pos, size_t end, struct number *num,
	size_t *error_at)
{
	size_t i = *pos;
	*num = (struct number){ .frac_den = 1, .start = i };
	if (i >= end || !is_digit(text[i]))
		return fail(-EINVAL, i, error_at);
	for (; i < end && is_digit(text[i]); i++) {
		int digit = text[i] - '0';
		if (num->whole > (INT64_MAX - digit) / 10)
			return fail(-ERANGE, num->start, error_at);
		num->whole = num->whole * 10 + digit;
	}
	if (i < end && text[i] == '.') {
		i++;
		if (i >= end || !is_digit(text[i]))
			return fail(-EINVAL, i, error_at);
		int digits = 0;
		for (; i < end && is_digit(text[i]); i++) {
			if (digits++ >= FRACTION_DIGITS_MAX)
				continue;
			num->frac = num->frac * 10 + (text[i] - '0');
			num->frac_den *= 10;
		}
	}
	*pos = i;
	return 0;
}

/* Scale a number by a unit, rounding the fraction to the nearest microsecond. */
static int scale_number(const struct number *num, int64_t unit_us, int64_t *out, size_t *error_at)
{
	if (num->whole > INT64_MAX / unit_us)
		return fail(-ERANGE, num->start, error_at);
	int64_t us = num->whole * unit_us;
	/* frac < 10^9 and unit_us <= 3.6 * 10^9, so the product fits. */
	int64_t frac_us = (num->frac * unit_us + num->frac_den / 2) / num->frac_den;
	if (us > INT64_MAX - frac_us)
		return fail(-ERANGE, num->start, error_at);
	*out = us + frac_us;
	return 0;
}

static int unit_rank(char c, int64_t *unit_us)
{
	switch (c) {
	case 'h':
		*unit_us = 3600 * MB_US_PER_S;
		return 1;
	case 'm':
		*unit_us = 60 * MB_US_PER_S;
		return 2;
	case 's':
		*unit_us = MB_US_PER_S;
		return 3;
	}
	return 0;
}

static int parse_span(const char *text, size_t begin, size_t end, struct span *out,
	size_t *error_at)
{
	*out = (struct span){ .unit_us = MB_US_PER_S };
	size_t pos = begin;
	int last_rank = 0;
	while (pos < end || out->parts == 0) {
		struct number num;
		int ret = read_number(text, &pos, end, &num, error_at);
		if (ret < 0)
			return ret;
		if (pos == end) {
			/* Only a lone number may go without a unit: "1h30" is ambiguous. */
			if (out->parts > 0)
				return fail(-EINVAL, num.start, error_at);
			out->bare = num;
			return scale_number(&num, MB_US_PER_S, &out->us, error_at);
		}
		int64_t unit_us;
		int rank = unit_rank(text[pos], &unit_us);
		/* Units go largest first and once each, so "30m1h" and "5s5s" are typos. */
		if (rank == 0 || rank <= last_rank)
			return fail(-EINVAL, pos, error_at);
		pos++;
		int64_t part_us;
		ret = scale_number(&num, unit_us, &part_us, error_at);
		if (ret < 0)
			return ret;
		if (out->us > INT64_MAX - part_us)
			return fail(-ERANGE, num.start, error_at);
		out->us += part_us;
		out->unit_us = unit_us;
		out->parts++;
		last_rank = rank;
	}
	return 0;
}

int mb_duration_parse(const char *text, int64_t *out_us, size_t *error_at)
{
	if (text == NULL)
		return fail(-EINVAL, 0, error_at);
	struct span span;
	int ret = parse_span(text, 0, strlen(text), &span, error_at);
	if (ret < 0)
		return ret;
	*out_us = span.us;
	return 0;
}

/*
 * Find the dash of a range and the ends of the text around it; spaces around
 * the dash are allowed because "20 - 30s" is how many people write a range.
 */
static bool split_range(const char *text, size_t len, size_t *left_end, size_t *right_begin)
{
	/* A leading dash is a minus sign, not a range: leave it for the number parser to refuse. */
	const char *dash = len > 1 ? memchr(text + 1, '-', len - 1) : NULL;
	if (dash == NULL)
		return false;
	size_t at = (size_t)(dash - text);
	*left_end = at;
	while (*left_end > 0 && text[*left_end - 1] == ' ')
		(*left_end)--;
	*right_begin = at + 1;
	while (*right_begin < len && text[*right_begin] == ' ')
		(*right_begin)++;
	return true;
}

int mb_duration_range_parse(const char *text, struct mb_range *out, size_t *error_at)
{
	if (text == NULL)
		return fail(-EINVAL, 0, error_at);
	size_t len = strlen(text);
	size_t left_end, right_begin;
	if (!split_range(text, len, &left_end, &right_begin)) {
		int64_t us;
		int ret = mb_duration_parse(text, &us, error_at);
		if (ret < 0)
			return ret;
		*out = (struct mb_range){ us, us };
		return 0;
	}

	struct span lo, hi;
	int ret = parse_span(text, 0, left_end, &lo, error_at);
	if (ret < 0)
		return ret;
	ret = parse_span(text, right_begin, len, &hi, error_at);
	if (ret < 0)
		return ret;
	/* "20-30s" and "1-2m": a bare low end takes the unit of a simple high end. */
	if (lo.parts == 0 && hi.parts == 1) {
		ret = scale_number(&lo.bare, hi.unit_us, &lo.us, error_at);
		if (ret < 0)
			return ret;
	}
	if (hi.us < lo.us)
		return fail(-EINVAL, right_begin, error_at);
	*out = (struct mb_range){ lo.us, hi.us };
	return 0;
}

static int parse_count(const char *text, size_t begin, size_t end, int64_t *out, size_t *error_at)
{
	if (begin >= end || !is_digit(text[begin]))
		return fail(-EINVAL, begin, error_at);
	int64_t value = 0;
	for (size_t i = begin; i < end; i++) {
		if (!is_digit(text[i]))
			return fail(-EINVAL, i, error_at);
		int digit = text[i] - '0';
		if (value > (INT64_MAX - digit) / 10)
			return fail(-ERANGE, begin, error_at);
		value = value * 10 + digit;
	}
	*out = value;
	return 0;
}

int mb_count_range_parse(const char *text, struct mb_range *out, size_t *error_at)
{
	if (text == NULL)
		return fail(-EINVAL, 0, error_at);
	size_t len = strlen(text);
	size_t left_end = len, right_begin = len;
	bool ranged = split_range(text, len, &left_end, &right_begin);
	int64_t lo, hi;
	int ret = parse_count(text, 0, left_end, &lo, error_at);
	if (ret < 0)
		return ret;
	if (!ranged) {
		*out = (struct mb_range){ lo, lo };
		return 0;
	}
	ret = parse_count(text, right_begin, len, &hi, error_at);
	if (ret < 0)
		return ret;
	if (hi < lo)
		return fail(-EINVAL, right_begin, error_at);
	*out = (struct mb_range){ lo, hi };
	return 0;
}

char *mb_duration_format(int64_t us, char *buf, size_t len)
{
	if (buf == NULL || len == 0)
		return buf;
	/* Work on the magnitude in unsigned so INT64_MIN has one too. */
	uint64_t mag = us < 0 ? -(uint64_t)us : (uint64_t)us;
	uint64_t s = mag / MB_US_PER_S + (mag % MB_US_PER_S >= MB_US_PER_S / 2 ? 1 : 0);
	/* Rounding may leave nothing to be negative about: -0.2 s prints as "0s". */
	const char *sign = us < 0 && s > 0 ? "-" : "";
	uint64_t h = s / 3600, m = s / 60 % 60;
	s %= 60;

	/* Leading parts are unpadded, inner parts two digits, and trailing zero parts dropped. */
	if (h > 0 && m == 0 && s == 0)
		snprintf(buf, len, "%s%lluh", sign, (unsigned long long)h);
	else if (h > 0 && s == 0)
		snprintf(buf, len, "%s%lluh%02llum", sign, (unsigned long long)h,
			(unsigned long long)m);
	else if (h > 0)
		snprintf(buf, len, "%s%lluh%02llum%02llus", sign, (unsigned long long)h,
			(unsigned long long)m, (unsigned long long)s);
	else if (m > 0 && s == 0)
		snprintf(buf, len, "%s%llum", sign, (unsigned long long)m);
	else if (m > 0)
		snprintf(buf, len, "%s%llum%02llus", sign, (unsigned long long)m,
			(unsigned long long)s);
	else
		snprintf(buf, len, "%s%llus", sign, (unsigned long long)s);
	return buf;
}
