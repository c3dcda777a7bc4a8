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

static const char usage[] =
	"Usage: movebreak routines [list]\n"
	"       movebreak routines show NAME|FILE\n"
	"       movebreak routines check FILE...\n"
	"\n"
	"list   the routines on offer: your own in ~/.config/movebreak/routines\n"
	"       (which may hide a built-in of the same name) and the built-in ones\n"
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

static int list_routines(void)
{
	struct mb_catalog_item items[128];
	int n = mb_catalog_list(items, 128);
	if (n < 0) {
		fprintf(stderr, "movebreak routines: cannot list routines: %s\n", strerror(-n));
		return MB_EXIT_FAILURE;
	}
	printf("%-18s %-26s %-13s %-9s %s\n", "NAME", "TITLE", "LENGTH", "EXERCISES", "SOURCE");
	int code = MB_EXIT_OK;
	for (int i = 0; i < n; i++) {
		int load_code;
		struct mb_routine *r = strcmp(items[i].origin, "built-in") == 0 ?
			mb_catalog_load(items[i].name, &load_code) :
			mb_catalog_load_file(items[i].origin, items[i].origin, &load_code);
		if (!r) {
			printf("%-18s %-26s %-13s %-9s %s\n", items[i].name, "(has problems)", "-",
				"-", items[i].origin);
			code = MB_EXIT_USAGE;
			continue;
		}
		char span[64];
		format_span(r, span, sizeof(span));
		char title[MB_TEXT_PRINTABLE_SIZE(40)];
		mb_text_printable(r->title, title, sizeof(title));
		printf("%-18s %-26s %-13s %-9zu %s%s\n", items[i].name, title, span,
			r->exercises_len, items[i].origin,
			items[i].shadows ? " (hides the built-in)" : "");
		mb_routine_destroy(r);
	}
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
		{ 0 },
	};
	int opt;
	opterr = 0;
	const char *short_options = "+h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return MB_EXIT_OK;
		}
		return mb_args_bad_option("routines", short_options, options, optopt,
			argv[optind - 1]);
	}
	const char *action = optind < argc ? argv[optind++] : "list";
	int rest = argc - optind;
	if (strcmp(action, "list") == 0 && rest == 0)
		return list_routines();
	if (strcmp(action, "show") == 0 && rest == 1)
		return show_routine(argv[optind]);
	if (strcmp(action, "check") == 0)
		return check_files(rest, argv + optind);
	if (strcmp(action, "show") == 0)
		fprintf(stderr, "movebreak routines show: name one routine\n");
	else if (strcmp(action, "list") == 0)
		fprintf(stderr, "movebreak routines list: takes no arguments\n");
	else
		fprintf(stderr, "movebreak routines: unknown action '%s' (list, show or check)\n",
			action);
	return MB_EXIT_USAGE;
}
