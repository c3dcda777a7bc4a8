/* Routine lookup: user files in the config directory, then the routines built into the binary. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/builtin.h"
#include "app/catalog.h"
#include "app/exit.h"
#include "app/readfile.h"
#include "app/settings.h"
#include "app/shelf.h"
#include "core/history.h"
#include "core/timeline.h"
#include "parse/routine-yaml.h"

static const struct mb_shelf shelf = { .folder = "routines", .builtins = mb_builtins };

static struct mb_routine *parse_buffer(const char *buf, size_t len, const char *name,
	int *exit_code)
{
	struct mb_diags diags = { 0 };
	struct mb_routine *routine = mb_routine_parse(buf, len, &diags);
	if (!routine) {
		if (diags.len == 0)
			mb_diags_add(&diags, 1, 1, "cannot load this routine");
		mb_shelf_print_diags(stderr, name, &diags);
		*exit_code = MB_EXIT_USAGE;
	}
	return routine;
}

struct mb_routine *mb_catalog_load_file(const char *path, const char *display_name, int *exit_code)
{
	char *buf = NULL;
	size_t len = 0;
	int r = mb_read_file(path, MB_ROUTINE_MAX_BYTES, &buf, &len);
	if (r == -EFBIG) {
		fprintf(stderr,
			"%s:1:1: the file is larger than %d KiB, the most a routine file may be\n",
			display_name, MB_ROUTINE_MAX_BYTES / 1024);
		*exit_code = MB_EXIT_USAGE;
		return NULL;
	}
	if (r < 0) {
		fprintf(stderr, "%s: cannot read: %s\n", display_name, mb_read_file_strerror(r));
		*exit_code = r == -ENOMEM ? MB_EXIT_FAILURE : MB_EXIT_USAGE;
		return NULL;
	}
	struct mb_routine *routine = parse_buffer(buf, len, display_name, exit_code);
	free(buf);
	return routine;
}

struct mb_routine *mb_catalog_load(const char *arg, int *exit_code)
{
	if (!arg)
		arg = MB_DEFAULT_ROUTINE;
	if (mb_shelf_is_path(arg))
		return mb_catalog_load_file(arg, arg, exit_code);

	char path[4096];
	if (mb_shelf_find_user(&shelf, arg, path, sizeof(path)))
		return mb_catalog_load_file(path, path, exit_code);

	const struct mb_builtin *b = mb_shelf_find_builtin(&shelf, arg);
	if (b) {
		char name[128];
		snprintf(name, sizeof(name), "built-in:%s.yaml", b->name);
		return parse_buffer(b->yaml, b->len, name, exit_code);
	}

	fprintf(stderr, "movebreak: no routine named '%s'. Known routines:", arg);
	struct mb_shelf_item items[64];
	int n = mb_shelf_list(&shelf, items, 64);
	for (int i = 0; i < n; i++)
		fprintf(stderr, "%s %s", i ? "," : "", items[i].name);
	fprintf(stderr, "\n(see 'movebreak routines')\n");
	*exit_code = MB_EXIT_USAGE;
	return NULL;
}

bool mb_catalog_exists(const char *name)
{
	char path[4096];
	return mb_shelf_find_builtin(&shelf, name) != NULL ||
		mb_shelf_find_user(&shelf, name, path, sizeof(path));
}

/* Whether a built-in routine can last as the kind of break needs: see mb_catalog_rotation(). */
static bool fits(const struct mb_builtin *b, enum mb_break_kind brk)
{
	struct mb_routine *r = mb_routine_parse(b->yaml, b->len, NULL);
	if (r == NULL)
		return false;
	int64_t lo = mb_routine_total_us(r, 0.0), hi = mb_routine_total_us(r, 1.0);
	mb_routine_destroy(r);
	if (brk == MB_BREAK_MICRO)
		return lo <= 60 * MB_US_PER_S;
	return lo <= 5 * 60 * MB_US_PER_S && hi >= 2 * 60 * MB_US_PER_S;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

size_t mb_catalog_rotation(const struct mb_config *cfg, enum mb_break_kind brk,
	char names[][MB_CONFIG_NAME_MAX], size_t max)
{
	const char *text = brk == MB_BREAK_MICRO ? cfg->micro_routine : cfg->movement_routine;
	char err[160];
	bool rotate = false;
	int n = mb_config_routine_split(text, names, max, &rotate, err, sizeof(err));
	if (rotate) {
		n = 0;
		for (const struct mb_builtin *b = mb_builtins; b->name && (size_t)n < max; b++)
			if (fits(b, brk))
				snprintf(names[n++], MB_CONFIG_NAME_MAX, "%s", b->name);
		qsort(names, (size_t)n, MB_CONFIG_NAME_MAX, compare_names);
	}
	if (n <= 0 && max > 0) {
		snprintf(names[0], MB_CONFIG_NAME_MAX, "%s",
			brk == MB_BREAK_MICRO ? "micro-reset" : MB_DEFAULT_ROUTINE);
		n = 1;
	}
	return (size_t)n;
}

size_t mb_catalog_check_config(struct mb_config *cfg, struct mb_diags *diags)
{
	size_t problems = 0;
	for (int k = 0; k < 2; k++) {
		enum mb_break_kind brk = (enum mb_break_kind)k;
		char *text = brk == MB_BREAK_MICRO ? cfg->micro_routine : cfg->movement_routine;
		int line = brk == MB_BREAK_MICRO ? cfg->micro_routine_line :
						   cfg->movement_routine_line;
		char names[MB_CONFIG_ROUTINES_MAX][MB_CONFIG_NAME_MAX], err[160];
		bool rotate = false;
		int n = mb_config_routine_split(text, names, MB_CONFIG_ROUTINES_MAX, &rotate, err,
			sizeof(err));
		bool bad = false;
		for (int i = 0; i < n; i++) {
			if (mb_shelf_is_path(names[i]) || mb_catalog_exists(names[i]))
				continue;
			mb_diags_add(diags, line, 0,
				"%s.routine: no routine named '%s' (see 'movebreak routines')",
				mb_break_kind_name(brk), names[i]);
			bad = true;
			problems++;
		}
		if (bad)
			snprintf(text, MB_CONFIG_NAME_MAX, "%s",
				brk == MB_BREAK_MICRO ? "micro-reset" : MB_DEFAULT_ROUTINE);
	}
	return problems;
}

int mb_catalog_plan_length(const char *routine_name, int64_t target_us, int64_t *out_us)
{
	int code = MB_EXIT_OK;
	struct mb_routine *routine = mb_catalog_load(routine_name, &code);
	if (!routine)
		return code;
	*out_us = mb_routine_total_us(routine, mb_dose_fit(routine, target_us));
	mb_routine_destroy(routine);
	return MB_EXIT_OK;
}

int mb_catalog_break_lengths(const struct mb_config *cfg, int64_t break_us[2])
{
	/* A list is planned at its first routine: the others differ by a minute or so. */
	char movement[1][MB_CONFIG_NAME_MAX], micro[1][MB_CONFIG_NAME_MAX];
	mb_catalog_rotation(cfg, MB_BREAK_MOVEMENT, movement, 1);
	mb_catalog_rotation(cfg, MB_BREAK_MICRO, micro, 1);
	int code = mb_catalog_plan_length(movement[0],
		(int64_t)(MB_DEFAULT_MINUTES * 60 * MB_US_PER_S), &break_us[MB_BREAK_MOVEMENT]);
	if (code == MB_EXIT_OK)
		code = mb_catalog_plan_length(micro[0], cfg->micro_duration_us,
			&break_us[MB_BREAK_MICRO]);
	return code;
}

int mb_catalog_list(struct mb_shelf_item *items, size_t max)
{
	return mb_shelf_list(&shelf, items, max);
}
