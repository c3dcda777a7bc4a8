/* libFuzzer target for the statistics core: any history rows and dates give sane figures. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/challenge.h"
#include "core/stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DAYS 8
#define HOUR_US (INT64_C(3600) * 1000000)

static uint64_t take(const uint8_t **data, size_t *size, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n && *size; i++, (*data)++, (*size)--)
		v = v << 8 | **data;
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first 10 bytes as a date: a parse either fails or round-trips. */
	if (size >= 10) {
		char text[11];
		memcpy(text, data, 10);
		text[10] = '\0';
		int64_t day;
		if (mb_date_parse(text, &day) == 0) {
			char back[16];
			mb_date_format(day, back, sizeof(back));
			if (strcmp(back, text) != 0 || mb_date_weekday(day) > 6)
				__builtin_trap();
		}
	}

	/* Days of 23 to 25 hours, then rows and activity anywhere around them. */
	int64_t bounds[DAYS + 1] = { INT64_C(1774224000) * 1000000 };
	for (size_t i = 0; i < DAYS; i++)
		bounds[i + 1] = bounds[i] + (int64_t)(23 + take(&data, &size, 1) % 3) * HOUR_US;
	unsigned goal = (unsigned)take(&data, &size, 1) % 6;
	struct mb_stats_row rows[64];
	size_t nrows = 0;
	int64_t t = bounds[0] - 30 * HOUR_US;
	while (size >= 3 && nrows < 64) {
		uint64_t v = take(&data, &size, 3);
		/* Sorted, as the store gives them: each row at or after the one before. */
		t += (int64_t)(v >> 5) * 30000000;
		rows[nrows++] = (struct mb_stats_row){ t, (enum mb_stats_event)(v % 7),
			(enum mb_stats_kind)((v >> 3) & 1), (v >> 4) & 1 };
	}
	struct mb_stats_activity spans[2] = {
		{ bounds[0] - HOUR_US, bounds[1] + HOUR_US, HOUR_US },
		{ bounds[3], bounds[3], 1000 },
	};
	struct mb_stats_day days[DAYS];
	struct mb_stats_totals tot;
	if (mb_stats_compute(bounds, DAYS, rows, nrows, spans, 2, goal, days, &tot) != 0)
		__builtin_trap();
	unsigned counted = 0;
	for (size_t i = 0; i < DAYS; i++) {
		const struct mb_stats_day *d = &days[i];
		if (d->taken > d->due || d->active_us < 0 ||
			d->met != (goal == 0 || d->movement_done >= goal))
			__builtin_trap();
		counted += d->movement_done + d->micro_done + d->partial + d->skipped +
			d->postponed + d->natural;
	}
	if (counted > nrows || tot.current_streak > tot.best_streak || tot.best_streak > DAYS ||
		tot.days_met > DAYS || mb_stats_adherence_permille(tot.taken, tot.due) > 1000)
		__builtin_trap();

	/* The same days as a challenge's. */
	unsigned done[DAYS];
	for (size_t i = 0; i < DAYS; i++)
		done[i] = days[i].movement_done;
	struct mb_challenge c = { .start_day = 20000,
		.days = 1 + goal,
		.goal = 1 + goal % 3,
		.stopped = nrows % 2,
		.stop_day = 20000 + (int64_t)(nrows % 9) - 2 };
	struct mb_challenge_status st;
	int64_t today = 19998 + (int64_t)(nrows % 12);
	unsigned span = mb_challenge_span(&c, today);
	if (span > c.days ||
		mb_challenge_evaluate(&c, today, done, span < DAYS ? span : DAYS, &st) != 0 ||
		st.days_met + st.days_missed > span || st.day > c.days)
		__builtin_trap();
	char line[256];
	mb_challenge_line(&c, &st, line, sizeof(line));
	mb_challenge_summary(&c, &st, line, sizeof(line));
	return 0;
}
