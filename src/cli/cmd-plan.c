/* `movebreak plan`: the timed cue list of a routine at a dose, printed at once. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/args.h"
#include "app/catalog.h"
#include "app/commands.h"
#include "core/duration.h"
#include "core/timeline.h"
#include "parse/json.h"

static const char usage[] =
	"Usage: movebreak plan [ROUTINE|FILE] [--minutes M] [--json]\n"
	"\n"
	"Print the coaching timeline of a routine: every cue with its start time and\n"
	"length, at the dose that fits M minutes (default 4).\n"
	"\n"
	"  -m, --minutes M   fit the routine to about M minutes; when it cannot come\n"
	"                    within a tenth of them, say on stderr what it runs instead\n"
	"      --json        print one JSON object instead of a table\n"
	"  -h, --help        show this help\n";

static void print_json(const struct mb_timeline *tl, FILE *out)
{
	const struct mb_routine *r = tl->routine;
	fputs("{\"routine\":", out);
	mb_json_string(out, r->name);
	fputs(",\"title\":", out);
	mb_json_string(out, r->title);
	fputs(",\"total_s\":", out);
	mb_json_seconds(out, tl->total_us);
	fputs(",\"min_s\":", out);
	mb_json_seconds(out, mb_routine_total_us(r, 0.0));
	fputs(",\"max_s\":", out);
	mb_json_seconds(out, mb_routine_total_us(r, 1.0));
	fputs(",\"exercises\":[", out);
	for (size_t i = 0; i < tl->spans_len; i++) {
		fputs(i ? ",{\"title\":" : "{\"title\":", out);
		mb_json_string(out, r->exercises[i].title);
		fputs(",\"start_s\":", out);
		mb_json_seconds(out, tl->spans[i].start_us);
		fputs(",\"duration_s\":", out);
		mb_json_seconds(out, tl->spans[i].dur_us);
		fputc('}', out);
	}
	fputs("],\"cues\":[", out);
	for (size_t i = 0; i < tl->cues_len; i++) {
		const struct mb_cue *c = &tl->cues[i];
		fputs(i ? ",{\"t\":" : "{\"t\":", out);
		mb_json_seconds(out, c->t_us);
		fputs(",\"dur\":", out);
		mb_json_seconds(out, c->dur_us);
		fprintf(out, ",\"exercise\":%zu,\"kind\":\"%s\",\"text\":", c->exercise,
			mb_cue_kind_name(c->kind));
		mb_json_string(out, c->text);
		if (c->of)
			fprintf(out, ",\"rep\":%u,\"of\":%u", c->rep, c->of);
		if (c->breaths)
			fprintf(out, ",\"breath\":%u,\"breaths\":%u", c->breath, c->breaths);
		if (c->side != MB_SIDE_NONE)
			fprintf(out, ",\"side\":\"%s\"", mb_side_name(c->side));
		if (c->direction) {
			fputs(",\"direction\":", out);
			mb_json_string(out, c->direction);
		}
		fputc('}', out);
	}
	fputs("]}\n", out);
}

static void print_table(const struct mb_timeline *tl, FILE *out)
{
	const struct mb_routine *r = tl->routine;
	char total[32], lo[32], hi[32], at[32], dur[32];
	fprintf(out, "%s (%s): %s, %zu exercises; this routine runs %s to %s.\n", r->title, r->name,
		mb_duration_format(tl->total_us, total, sizeof(total)), r->exercises_len,
		mb_duration_format(mb_routine_total_us(r, 0.0), lo, sizeof(lo)),
		mb_duration_format(mb_routine_total_us(r, 1.0), hi, sizeof(hi)));
	size_t exercise = 0;
	for (size_t i = 0; i < tl->cues_len; i++) {
		const struct mb_cue *c = &tl->cues[i];
		if (c->exercise != exercise && c->kind != MB_CUE_DONE) {
			exercise = c->exercise;
			const struct mb_span *span = &tl->spans[exercise - 1];
			fprintf(out, "\n%2zu. %s  (%s, starts at %s)\n", exercise,
				r->exercises[exercise - 1].title,
				mb_duration_format(span->dur_us, dur, sizeof(dur)),
				mb_offset_format(span->start_us, at, sizeof(at)));
		}
		if (c->kind == MB_CUE_DONE)
			fputc('\n', out);
		fprintf(out, "  %7s  %-11s %5s  %s", mb_offset_format(c->t_us, at, sizeof(at)),
			mb_cue_kind_name(c->kind), mb_duration_format(c->dur_us, dur, sizeof(dur)),
			c->text);
		if (c->of)
			fprintf(out, "  [rep %u/%u]", c->rep, c->of);
		if (c->breaths)
			fprintf(out, "  [breath %u/%u]", c->breath, c->breaths);
		if (c->side != MB_SIDE_NONE)
			fprintf(out, "  [%s side]", mb_side_name(c->side));
		fputc('\n', out);
	}
}

int mb_cmd_plan(int argc, char **argv)
{
	static const struct option options[] = {
		{ "minutes", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	/* 0 until --minutes gives a length: the default, and nothing to say about it. */
	double minutes = 0;
	bool json = false;
	int opt;
	opterr = 0;
	const char *short_options = "m:h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case 'm':
			if (!mb_args_number("plan", "--minutes", optarg, 120, &minutes))
				return MB_EXIT_USAGE;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("plan", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "movebreak plan: unexpected argument '%s'\n", argv[optind + 1]);
		return MB_EXIT_USAGE;
	}
	int code = MB_EXIT_OK;
	struct mb_routine *routine = mb_catalog_load(optind < argc ? argv[optind] : NULL, &code);
	if (!routine)
		return code;
	double level = mb_args_minutes_level("plan", routine, minutes);
	struct mb_timeline *tl = mb_timeline_create(routine, level);
	if (!tl) {
		fprintf(stderr, "movebreak plan: out of memory\n");
		mb_routine_destroy(routine);
		return MB_EXIT_FAILURE;
	}
	if (json)
		print_json(tl, stdout);
	else
		print_table(tl, stdout);
	mb_timeline_destroy(tl);
	mb_routine_destroy(routine);
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}
