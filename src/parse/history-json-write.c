/* The history's export document, written by hand: one record per line, oldest first. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "core/history.h"
#include "parse/history-json.h"
#include "parse/json.h"

static void write_string(FILE *out, const char *str)
{
	mb_json_string(out, str);
}

/* "NAME":"YYYY-MM-DDTHH:MM:SS.ffffffZ","NAME_us":N */
static void write_time(FILE *out, const char *name, int64_t us)
{
	int64_t sec = us / 1000000, frac = us % 1000000;
	if (frac < 0) {
		sec--;
		frac += 1000000;
	}
	time_t t = (time_t)sec;
	struct tm tm;
	char date[64] = "";
	if (gmtime_r(&t, &tm))
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(out, "\"%s\":\"%s.%06" PRId64 "Z\",\"%s_us\":%" PRId64, name, date, frac, name, us);
}

static void write_break(FILE *out, const struct mb_break_record *r)
{
	fputc('{', out);
	write_time(out, "start", r->start_us);
	fputc(',', out);
	write_time(out, "end", r->end_us);
	fprintf(out,
		",\"active_us\":%" PRId64 ",\"planned_us\":%" PRId64 ",\"kind\":\"%s\","
		"\"outcome\":\"%s\",\"source\":\"%s\",\"routine\":",
		r->active_us, r->planned_us, mb_break_kind_name(r->kind),
		mb_outcome_name(r->outcome), mb_source_name(r->source));
	write_string(out, r->routine);
	fprintf(out, ",\"exercises_done\":%u,\"exercises_total\":%u", r->exercises_done,
		r->exercises_total);
	/* Written only where true, so an export of real breaks reads as it always did. */
	fputs(r->demo ? ",\"demo\":true}" : "}", out);
}

static void write_activity(FILE *out, const struct mb_activity_record *a)
{
	fputc('{', out);
	write_time(out, "start", a->start_us);
	fputc(',', out);
	write_time(out, "end", a->end_us);
	fprintf(out, ",\"active_us\":%" PRId64 "}", a->active_us);
}

static void write_challenge(FILE *out, const struct mb_challenge_record *c)
{
	fputs("{\"start_date\":", out);
	write_string(out, c->start_date);
	fprintf(out, ",\"days\":%u,\"goal\":%u,", c->days, c->goal);
	write_time(out, "created", c->created_us);
	/* Not stopped: null beside 0, rather than a date in 1970. */
	if (c->stopped_us) {
		fputc(',', out);
		write_time(out, "stopped", c->stopped_us);
	} else {
		fputs(",\"stopped\":null,\"stopped_us\":0", out);
	}
	fputs(",\"summary\":", out);
	write_string(out, c->summary);
	/* Only a challenge that follows a program says so, so older readers see no new member. */
	if (c->program[0]) {
		fputs(",\"program\":", out);
		write_string(out, c->program);
	}
	fputc('}', out);
}

int mb_history_json_write(FILE *out, const struct mb_store_bundle *b)
{
	fprintf(out, "{\n\"format\":\"%s\",\n\"version\":%d,\n\"breaks\":[", MB_HISTORY_JSON_FORMAT,
		MB_HISTORY_JSON_VERSION);
	for (size_t i = 0; i < b->breaks_len; i++) {
		fputs(i ? ",\n" : "\n", out);
		write_break(out, &b->breaks[i]);
	}
	fputs("\n],\n\"activity\":[", out);
	for (size_t i = 0; i < b->activity_len; i++) {
		fputs(i ? ",\n" : "\n", out);
		write_activity(out, &b->activity[i]);
	}
	fputs("\n],\n\"challenges\":[", out);
	for (size_t i = 0; i < b->challenges_len; i++) {
		fputs(i ? ",\n" : "\n", out);
		write_challenge(out, &b->challenges[i]);
	}
	fputs("\n]\n}\n", out);
	return ferror(out) ? -EIO : 0;
}
