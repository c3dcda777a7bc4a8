/* Statistics in the terminal: a calendar heat map, per-day bars and the totals, in text. */
#include <inttypes.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/stats-render.h"
#include "core/challenge.h"

#define BAR_MAX 24

enum level {
	LEVEL_FUTURE,
	LEVEL_NONE,
	LEVEL_LOW,
	LEVEL_HIGH,
	LEVEL_MET,
};

static const char *const glyph_utf8[] = { "_", "·", "░", "▓", "█" };
static const char *const glyph_ascii[] = { "_", ".", "-", "+", "#" };
/* Dim for nothing, yellow on the way, green at the goal. */
static const char *const level_color[] = { "", "\033[2m", "\033[33m", "\033[33m", "\033[32m" };
static const char *const weekday_names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
	"Sep", "Oct", "Nov", "Dec" };

void mb_render_style_detect(struct mb_render_style *style, FILE *out)
{
	bool tty = isatty(fileno(out));
	const char *term = getenv("TERM");
	const char *no_color = getenv("NO_COLOR");
	const char *codeset = nl_langinfo(CODESET);
	style->unicode = tty && codeset && strcmp(codeset, "UTF-8") == 0;
	style->color = tty && !(no_color && no_color[0]) && term && term[0] &&
		strcmp(term, "dumb") != 0;
}

static enum level level_of(unsigned done, unsigned goal)
{
	if (done >= goal && goal > 0)
		return LEVEL_MET;
	if (done == 0)
		return goal == 0 ? LEVEL_MET : LEVEL_NONE;
	return done * 2 < goal ? LEVEL_LOW : LEVEL_HIGH;
}

static void put_glyph(FILE *out, const struct mb_render_style *style, enum level level)
{
	const char *g = style->unicode ? glyph_utf8[level] : glyph_ascii[level];
	if (style->color && level != LEVEL_FUTURE)
		fprintf(out, "%s%s\033[0m", level_color[level], g);
	else
		fputs(g, out);
}

void mb_render_calendar(FILE *out, const struct mb_render_style *style, int64_t first_day,
	size_t ndays, const unsigned *done, size_t nknown, unsigned goal)
{
	if (ndays == 0)
		return;
	int64_t last_day = first_day + (int64_t)ndays - 1;
	int64_t last_monday = last_day - mb_date_weekday(last_day);
	int64_t first_monday = first_day - mb_date_weekday(first_day);
	int64_t weeks = (last_monday - first_monday) / 7 + 1;
	if (weeks > MB_RENDER_WEEKS_MAX) {
		weeks = MB_RENDER_WEEKS_MAX;
		first_monday = last_monday - (weeks - 1) * 7;
	}

	/* Month names above the week in which each month's first shown day falls. */
	char header[4 + 2 * MB_RENDER_WEEKS_MAX + 8];
	memset(header, ' ', sizeof(header));
	size_t used = 4;
	int prev_month = -1;
	for (int64_t w = 0; w < weeks; w++) {
		int64_t day = first_monday + w * 7;
		if (day < first_day)
			day = first_day;
		int y;
		unsigned m, d;
		mb_date_civil(day, &y, &m, &d);
		size_t col = 4 + (size_t)w * 2;
		/* A label that does not fit yet goes on the next week with room. */
		if ((int)m != prev_month && col >= used) {
			memcpy(header + col, month_names[m - 1], 3);
			used = col + 4;
			prev_month = (int)m;
		}
	}
	size_t end = 4 + (size_t)weeks * 2 + 2;
	header[end < sizeof(header) ? end : sizeof(header) - 1] = '\0';
	while (end > 0 && header[end - 1] == ' ')
		header[--end] = '\0';
	fprintf(out, "%s\n", header);

	for (unsigned wd = 0; wd < 7; wd++) {
		fprintf(out, "%s ", weekday_names[wd]);
		for (int64_t w = 0; w < weeks; w++) {
			int64_t day = first_monday + w * 7 + wd;
			if (day < first_day || day > last_day) {
				fputs(w + 1 < weeks ? "  " : "", out);
				continue;
			}
			size_t i = (size_t)(day - first_day);
			enum level level = i < nknown ? level_of(done[i], goal) : LEVEL_FUTURE;
			put_glyph(out, style, level);
			if (w + 1 < weeks)
				fputc(' ', out);
		}
		fputc('\n', out);
	}
	fputs("    ", out);
	put_glyph(out, style, LEVEL_NONE);
	fputs(" none  ", out);
	put_glyph(out, style, LEVEL_LOW);
	put_glyph(out, style, LEVEL_HIGH);
	fputs(" toward the goal  ", out);
	put_glyph(out, style, LEVEL_MET);
	fprintf(out, " goal met (%u movement break%s)\n", goal, goal == 1 ? "" : "s");
}

void mb_stats_print_heatmap(FILE *out, const struct mb_render_style *style, int64_t first_day,
	const struct mb_stats_day *days, size_t ndays, unsigned goal)
{
	unsigned *done = calloc(ndays ? ndays : 1, sizeof(*done));
	if (!done)
		return;
	for (size_t i = 0; i < ndays; i++)
		done[i] = days[i].movement_done;
	mb_render_calendar(out, style, first_day, ndays, done, ndays, goal);
	free(done);
}

const char *mb_render_hours(int64_t us, char *buf, size_t len)
{
	int64_t min = us > 0 ? (us + 30000000) / 60000000 : 0;
	if (min >= 60)
		snprintf(buf, len, "%" PRId64 "h%02" PRId64 "m", min / 60, min % 60);
	else
		snprintf(buf, len, "%" PRId64 "m", min);
	return buf;
}

void mb_stats_print_bars(FILE *out, const struct mb_render_style *style, int64_t first_day,
	const struct mb_stats_day *days, size_t ndays, unsigned goal)
{
	size_t from = ndays > MB_RENDER_BARS_MAX ? ndays - MB_RENDER_BARS_MAX : 0;
	const char *full = style->unicode ? "█" : "#";
	const char *empty = style->unicode ? "·" : ".";
	for (size_t i = from; i < ndays; i++) {
		const struct mb_stats_day *d = &days[i];
		int64_t day = first_day + (int64_t)i;
		char date[16], active[32];
		mb_date_format(day, date, sizeof(date));
		fprintf(out, "%s %s  ", weekday_names[mb_date_weekday(day)], date);
		unsigned width = goal > d->movement_done ? goal : d->movement_done;
		if (width > BAR_MAX)
			width = BAR_MAX;
		unsigned cells = 0;
		if (style->color)
			fputs(d->met ? "\033[32m" : "\033[33m", out);
		for (unsigned c = 0; c < width; c++) {
			if (c == goal && goal > 0) {
				if (style->color)
					fputs("\033[0m", out);
				fputc('|', out);
				if (style->color)
					fputs(d->met ? "\033[32m" : "\033[33m", out);
				cells++;
			}
			if (c < d->movement_done) {
				fputs(full, out);
			} else {
				if (style->color)
					fputs("\033[0m\033[2m", out);
				fputs(empty, out);
			}
			cells++;
		}
		if (style->color)
			fputs("\033[0m", out);
		if (width == goal && goal > 0) {
			fputc('|', out);
			cells++;
		}
		if (d->movement_done > BAR_MAX) {
			fputc('+', out);
			cells++;
		}
		for (; cells < BAR_MAX + 2; cells++)
			fputc(' ', out);
		fprintf(out, "%3u/%u%s  micro %-3u active %s\n", d->movement_done, goal,
			d->met ? " met" : "    ", d->micro_done,
			mb_render_hours(d->active_us, active, sizeof(active)));
	}
}

void mb_stats_print_pct(FILE *out, unsigned taken, unsigned due, const char *none)
{
	int pm = mb_stats_adherence_permille(taken, due);
	if (pm < 0)
		fputs(none, out);
	else
		fprintf(out, "%d.%d", pm / 10, pm % 10);
}

void mb_stats_print_totals(FILE *out, int64_t first_day, const struct mb_stats_day *days,
	size_t ndays, const struct mb_stats_totals *t, bool from_challenge, bool capped)
{
	char from[16], to[16], active[32];
	mb_date_format(first_day, from, sizeof(from));
	mb_date_format(first_day + (int64_t)ndays - 1, to, sizeof(to));
	fprintf(out, "%zu day%s, %s to %s; goal: %u movement break%s a day (%s)\n", ndays,
		ndays == 1 ? "" : "s", from, to, t->goal, t->goal == 1 ? "" : "s",
		from_challenge ? "the challenge's" : "stats.goal");
	fprintf(out,
		"  movement breaks %u, micro-resets %u, cut short %u, skipped %u, "
		"postponed %u, natural breaks %u\n",
		t->movement_done, t->micro_done, t->partial, t->skipped, t->postponed, t->natural);
	fprintf(out, "  breaks due %u, taken %u: adherence ", t->due, t->taken);
	mb_stats_print_pct(out, t->taken, t->due, "-");
	fprintf(out, "%s\n", t->due ? "%" : " (nothing was due)");
	fprintf(out, "  active at the keyboard %s\n",
		mb_render_hours(t->active_us, active, sizeof(active)));
	fprintf(out, "  goal met on %u of %u days; streak %u%s day%s, best %u%s\n", t->days_met,
		t->days, t->current_streak, capped ? "+" : "", t->current_streak == 1 ? "" : "s",
		t->best_streak, capped && t->best_streak == t->current_streak ? "+" : "");
	const struct mb_stats_day *today = &days[ndays - 1];
	fprintf(out, "Today: %u of %u movement breaks%s\n", today->movement_done, t->goal,
		today->met ? ", goal met" : "");
}
