/* Drawing statistics in the terminal: the calendar heat map, per-day bars and the totals. */
#ifndef MB_CLI_STATS_RENDER_H
#define MB_CLI_STATS_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/stats.h"

/* The most weeks the heat map shows; older days appear only in the totals. */
#define MB_RENDER_WEEKS_MAX 26
/* The most days the bar chart shows. */
#define MB_RENDER_BARS_MAX 14

struct mb_render_style {
	/* Block characters (a UTF-8 terminal), else ASCII. */
	bool unicode;
	/* ANSI colours: a terminal, and NO_COLOR unset or empty. */
	bool color;
};

/**
 * Pick the style for out: a terminal gets block characters (in a UTF-8
 * locale) and colours (unless NO_COLOR is set and not empty or TERM is
 * dumb); anything else gets plain ASCII.
 */
void mb_render_style_detect(struct mb_render_style *style, FILE *out);

/**
 * Draw a calendar, one column per week (Monday on top) and one cell per
 * day from first_day for ndays days, shaded by done[i] against goal (full
 * block: goal met). Days at or after index nknown are drawn as not yet come.
 * At most MB_RENDER_WEEKS_MAX weeks, the latest. A legend follows.
 */
void mb_render_calendar(FILE *out, const struct mb_render_style *style, int64_t first_day,
	size_t ndays, const unsigned *done, size_t nknown, unsigned goal);

/** The heat map of stats days: mb_render_calendar over their movement_done. */
void mb_stats_print_heatmap(FILE *out, const struct mb_render_style *style, int64_t first_day,
	const struct mb_stats_day *days, size_t ndays, unsigned goal);

/** One bar per day for the latest MB_RENDER_BARS_MAX days, the goal marked with '|'. */
void mb_stats_print_bars(FILE *out, const struct mb_render_style *style, int64_t first_day,
	const struct mb_stats_day *days, size_t ndays, unsigned goal);

/** The totals block and today's progress toward the goal; capped writes the streak as N+. */
void mb_stats_print_totals(FILE *out, int64_t first_day, const struct mb_stats_day *days,
	size_t ndays, const struct mb_stats_totals *totals, bool from_challenge, bool capped);

/** Print taken/due as a percentage with one decimal ("83.3"), or none when due is 0. */
void mb_stats_print_pct(FILE *out, unsigned taken, unsigned due, const char *none);

/** Write a duration as "5h12m" or "12m" (whole minutes) into buf. */
const char *mb_render_hours(int64_t us, char *buf, size_t len);

#endif
