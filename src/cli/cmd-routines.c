/* `movebreak routines`: list the routines on offer, show one, or check routine files. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/catalog.h"
#include "app/commands.h"
#include "core/duration.h"
#include "core/text.h"
#include "core/timeline.h"
#include "parse/json.h"

static const char usage[] =
	"Usage: movebreak routines [list [--json]]\n"
	"       movebreak routines show NAME|FILE\n"
	"       movebreak routines check FILE...\n"
	"\n"
	"list   the routines on offer: your own in ~/.config/movebreak/routines\n"
	"       (which may hide a built-in of the same name) and the built-in ones,\n"
	"       with their length, exercises and the areas of the body they work\n"
	"       --json: an array of {name, title, min_s, max_s, exercises, areas,\n"
	"       source}, lengths in whole seconds at the lowest and highest dose,\n"
	"       source \"built-in\" or the file's path\n"
	"show   every exercise of a routine with why it works and its steps\n"
	"check  validate routine files; problems print as FILE:LINE:COLUMN: message\n"
	"       and the exit code is 2 when any file has one\n";

/* "3m08s-4m38s", or one duration when the routine has no ranges. */
static void format_span(const struct mb_routine *r, char *buf, size_t len)
{
	char lo[32], hi[32];
	int64_t min = mb_routine_total_us(r, 0.0), max = mb_routine_total_us(r, 1.0);
	mb_duration_format(min, lo, sizeof(lo));
	if (min == max)
		snprintf(buf, len, "%s", lo);
	else
		snprintf(buf, len, "%s-%s", lo, mb_duration_format(max, hi, sizeof(hi)));
}

/* The areas joined for a line of text ("neck, shoulders"), or "-" when none is given. */
static void format_areas(const struct mb_routine *r, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->areas_len && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
			mb_area_name(r->areas[i]));
	if (r->areas_len == 0)
		snprintf(buf, len, "-");
}

/* Whole seconds, rounded to the nearest, for the listing's JSON. */
static long long whole_s(int64_t us)
{
	return (long long)((us + MB_US_PER_S / 2) / MB_US_PER_S);
}

/* One routine of the listing as a JSON object; a routine with problems has nulls but its name. */
static void put_json_item(const struct mb_shelf_item *item, const struct mb_routine *r)
{
	fputs("{\"name\":", stdout);
	mb_json_string(stdout, item->name);
	fputs(",\"title\":", stdout);
	mb_json_string(stdout, r ? r->title : NULL);
	if (r) {
		printf(",\"min_s\":%lld,\"max_s\":%lld,\"exercises\":%zu,\"areas\":[",
			whole_s(mb_routine_total_us(r, 0.0)), whole_s(mb_routine_total_us(r, 1.0)),
			r->exercises_len);
		for (size_t i = 0; i < r->areas_len; i++) {
			if (i)
				putchar(',');
			mb_json_string(stdout, mb_area_name(r->areas[i]));
		}
		putchar(']');
	} else {
		fputs(",\"min_s\":null,\"max_s\":null,\"exercises\":null,\"areas\":null", stdout);
	}
	fputs(",\"source\":", stdout);
	mb_json_string(stdout, item->origin);
	putchar('}');
}

static int list_routines(bool json)
{
	struct mb_shelf_item items[128];
	int n = mb_catalog_list(items, 128);
	if (n < 0) {
		fprintf(stderr, "movebreak routines: cannot list routines: %s\n", strerror(-n));
		return MB_EXIT_FAILURE;
	}
	/* Names and titles as wide as the longest, so a long one does not push its row out of line. */
	int name_w = 4, title_w = 5;
	for (int i = 0; i < n; i++) {
		int len = (int)strlen(items[i].name);
		name_w = len > name_w ? len : name_w;
	}
	struct mb_routine *loaded[128];
	int code = MB_EXIT_OK;
	for (int i = 0; i < n; i++) {
		int load_code;
		loaded[i] = strcmp(items[i].origin, "built-in") == 0 ?
			mb_catalog_load(items[i].name, &load_code) :
			mb_catalog_load_file(items[i].origin, items[i].origin, &load_code);
		if (!loaded[i])
			code = MB_EXIT_USAGE;
		int len = loaded[i] ? (int)strlen(loaded[i]->title) : 14;
		title_w = len > title_w && len <= 40 ? len : title_w;
	}
	if (json)
		putchar('[');
	else
		printf("%-*s %-*s %-11s %-9s %-27s %s\n", name_w, "NAME", title_w, "TITLE",
			"LENGTH", "EXERCISES", "AREAS", "SOURCE");
	for (int i = 0; i < n; i++) {
		struct mb_routine *r = loaded[i];
		if (json) {
			if (i)
				putchar(',');
			put_json_item(&items[i], r);
			mb_routine_destroy(r);
			continue;
		}
		if (!r) {
			printf("%-*s %-*s %-11s %-9s %-27s %s\n", name_w, items[i].name, title_w,
				"(has problems)", "-", "-", "-", items[i].origin);
			continue;
		}
		char span[64], areas[160];
		format_span(r, span, sizeof(span));
		format_areas(r, areas, sizeof(areas));
		char title[MB_TEXT_PRINTABLE_SIZE(40)];
		mb_text_printable(r->title, title, sizeof(title));
		printf("%-*s %-*s %-11s %-9zu %-27s %s%s\n", name_w, items[i].name, title_w, title,
			span, r->exercises_len, areas, items[i].origin,
			items[i].shadows ? " (hides the built-in)" : "");
		mb_routine_destroy(r);
	}
	if (json)
		puts("]");
	return code;
}

/*
 * Print a routine's text as the coach says it for the first side, so a
 * listing never shows {side} or {other}. A block's line breaks and tabs
 * read as spaces, and what else a terminal would act on (bidirectional
 * controls, separators) is shown escaped. False when out of memory.
 */
static bool put_filled(const char *text)
{
	char *filled = mb_text_fill_side_dup(text ? text : "", MB_SIDE_NONE);
	if (!filled)
		return false;
	size_t len = strlen(filled);
	while (len > 0 && (filled[len - 1] == '\n' || filled[len - 1] == ' '))
		filled[--len] = '\0';
	for (char *c = filled; *c; c++) {
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	}
	char *shown = malloc(MB_TEXT_PRINTABLE_SIZE(len));
	if (shown)
		fputs(mb_text_printable(filled, shown, MB_TEXT_PRINTABLE_SIZE(len)), stdout);
	free(shown);
	free(filled);
	return shown != NULL;
}

static bool print_step(const struct mb_step *s)
{
	char lo[32], hi[32], in[32], out[32];
	printf("     - %-8s ", mb_step_kind_name(s->kind));
	if (!put_filled(s->text))
		return false;
	if (s->kind == MB_STEP_BREATHE) {
		if (s->breaths.lo == s->breaths.hi)
			printf(" (%lld breaths", (long long)s->breaths.lo);
		else
			printf(" (%lld-%lld breaths", (long long)s->breaths.lo,
				(long long)s->breaths.hi);
		printf(", in %s, out %s)", mb_duration_format(s->in_us, in, sizeof(in)),
			mb_duration_format(s->out_us, out, sizeof(out)));
	} else {
		mb_duration_format(s->time_us.lo, lo, sizeof(lo));
		if (s->time_us.lo == s->time_us.hi)
			printf(" (%s", lo);
		else
			printf(" (%s-%s", lo, mb_duration_format(s->time_us.hi, hi, sizeof(hi)));
		if (s->breaths.hi > 0)
			printf(", paced as %lld breaths", (long long)s->breaths.lo);
		putchar(')');
	}
	if (s->reps.hi > 1) {
		if (s->reps.lo == s->reps.hi)
			printf(" x%lld", (long long)s->reps.lo);
		else
			printf(" x%lld-%lld", (long long)s->reps.lo, (long long)s->reps.hi);
	}
	if (s->direction) {
		fputs(" [", stdout);
		if (!put_filled(s->direction))
			return false;
		putchar(']');
	}
	putchar('\n');
	return true;
}

static int show_routine(const char *name)
{
	int code = MB_EXIT_OK;
	struct mb_routine *r = mb_catalog_load(name, &code);
	if (!r)
		return code;
	char span[64];
	format_span(r, span, sizeof(span));
	bool ok = put_filled(r->title);
	printf(" (%s), %s, %zu %s\n", r->name, span, r->exercises_len,
		r->exercises_len == 1 ? "exercise" : "exercises");
	if (r->areas_len > 0) {
		char areas[160];
		format_areas(r, areas, sizeof(areas));
		printf("Areas: %s\n", areas);
	}
	if (ok && r->summary) {
		ok = put_filled(r->summary);
		putchar('\n');
	}
	for (size_t i = 0; ok && i < r->exercises_len; i++) {
		const struct mb_exercise *e = &r->exercises[i];
		printf("\n%zu. ", i + 1);
		ok = put_filled(e->title);
		if (e->reps.hi > 1) {
			if (e->reps.lo == e->reps.hi)
				printf("  (%lld reps)", (long long)e->reps.lo);
			else
				printf("  (%lld-%lld reps)", (long long)e->reps.lo,
					(long long)e->reps.hi);
		}
		/* The texts below read for the left side, the one the coach works first. */
		if (e->both_sides)
			printf("  (both sides, left first)");
		putchar('\n');
		if (e->purpose) {
			fputs("   Why it works: ", stdout);
			ok = put_filled(e->purpose);
			putchar('\n');
		}
		for (size_t k = 0; ok && k < e->setup_len; k++) {
			printf("   %s ", k ? "          " : "Set-up:   ");
			ok = put_filled(e->setup[k]);
			putchar('\n');
		}
		printf("   Steps:\n");
		for (size_t k = 0; ok && k < e->steps_len; k++)
			ok = print_step(&e->steps[k]);
		for (size_t k = 0; ok && k < e->variants_len; k++) {
			fputs("   Variant ", stdout);
			ok = put_filled(e->variants[k].title);
			fputs(": ", stdout);
			ok = ok && put_filled(e->variants[k].text);
			putchar('\n');
		}
	}
	mb_routine_destroy(r);
	if (!ok) {
		fprintf(stderr, "movebreak routines show: out of memory\n");
		return MB_EXIT_FAILURE;
	}
	return MB_EXIT_OK;
}

static int check_files(int count, char **files)
{
	if (count == 0) {
		fprintf(stderr, "movebreak routines check: name at least one routine file\n");
		return MB_EXIT_USAGE;
	}
	int code = MB_EXIT_OK;
	for (int i = 0; i < count; i++) {
		int file_code = MB_EXIT_OK;
		struct mb_routine *r = mb_catalog_load_file(files[i], files[i], &file_code);
		if (!r) {
			code = MB_EXIT_USAGE;
			continue;
		}
		char span[64];
		format_span(r, span, sizeof(span));
		printf("%s: ok: %s, %zu %s, %s\n", files[i], r->name, r->exercises_len,
			r->exercises_len == 1 ? "exercise" : "exercises", span);
		mb_routine_destroy(r);
	}
	return code;
}

int mb_cmd_routines(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ 0 },
	};
	int opt;
	bool json = false;
	opterr = 0;
	const char *short_options = "+h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return MB_EXIT_OK;
		}
		if (opt == 'j') {
			json = true;
			continue;
		}
		return mb_args_bad_option("routines", short_options, options, optopt,
			argv[optind - 1]);
	}
	const char *action = optind < argc ? argv[optind++] : "list";
	int rest = argc - optind;
	/* `routines list --json` as the usage writes it; `routines --json` reads the same. */
	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "--json") != 0)
			continue;
		json = true;
		memmove(&argv[i], &argv[i + 1], (size_t)(argc - i - 1) * sizeof(*argv));
		argc--;
		rest--;
		i--;
	}
	if (json && strcmp(action, "list") != 0) {
		fprintf(stderr, "movebreak routines %s: --json goes with list\n", action);
		return MB_EXIT_USAGE;
	}
	if (strcmp(action, "list") == 0 && rest == 0)
		return list_routines(json);
	if (strcmp(action, "show") == 0 && rest == 1)
		return show_routine(argv[optind]);
	if (strcmp(action, "check") == 0)
		return check_files(rest, argv + optind);
	if (strcmp(action, "show") == 0)
		fprintf(stderr, "movebreak routines show: name one routine\n");
	else if (strcmp(action, "list") == 0)
		fprintf(stderr, "movebreak routines list: takes only --json\n");
	else
		fprintf(stderr, "movebreak routines: unknown action '%s' (list, show or check)\n",
			action);
	return MB_EXIT_USAGE;
}
