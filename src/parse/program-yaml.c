/* The program schema: name, title, summary and days, each day or block of days with its plan. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/program-yaml.h"
#include "parse/yaml-read.h"
#include "parse/yaml-tree.h"

/* Routine names are read as routine files give them. */
#define NAME_MAX_LEN 40

/* clang-format off */
#define KEYS(table, n) { .words = (table), .len = (n), .noun = "key", .max_edits = 2 }
/* clang-format on */

enum program_key {
	PROGRAM_NAME,
	PROGRAM_TITLE,
	PROGRAM_SUMMARY,
	PROGRAM_DAYS,
	PROGRAM_KEYS,
};

static const char *const program_key_words[] = {
	[PROGRAM_NAME] = "name",
	[PROGRAM_TITLE] = "title",
	[PROGRAM_SUMMARY] = "summary",
	[PROGRAM_DAYS] = "days",
};

static const struct mb_yaml_words program_keys = KEYS(program_key_words, PROGRAM_KEYS);

enum day_key {
	DAY_DAYS,
	DAY_ROUTINES,
	DAY_MINUTES,
	DAY_KEYS,
};

static const char *const day_key_words[] = {
	[DAY_DAYS] = "days",
	[DAY_ROUTINES] = "routines",
	[DAY_MINUTES] = "minutes",
};

static const struct mb_yaml_words day_keys = KEYS(day_key_words, DAY_KEYS);

static bool copy_text(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, char **out)
{
	if (mb_yaml_read_text(report, node, key) == NULL)
		return false;
	/* Text with an escaped NUL would be cut short when copied; say so rather than guess. */
	if (strlen(node->value) != node->len) {
		mb_yaml_report_add(report, node->line, node->column, "'%s' holds a NUL character",
			key);
		return false;
	}
	*out = strdup(node->value);
	if (*out == NULL) {
		report->out_of_memory = true;
		return false;
	}
	return true;
}

/*
 * Minutes are a plain number with at most one decimal, such as 3 or 2.5:
 * read by hand so the locale's decimal point plays no part.
 */
static bool read_minutes(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *what, double *out)
{
	char got[MB_YAML_QUOTE_SIZE];
	bool ok = node->type == MB_YAML_SCALAR && node->len > 0 && node->len <= 6 &&
		strlen(node->value) == node->len;
	long tenths = 0;
	size_t i = 0, digits = 0;
	while (ok && i < node->len && node->value[i] >= '0' && node->value[i] <= '9') {
		tenths = tenths * 10 + (node->value[i++] - '0');
		digits++;
	}
	tenths *= 10;
	if (ok && i < node->len && node->value[i] == '.') {
		i++;
		if (i < node->len && node->value[i] >= '0' && node->value[i] <= '9')
			tenths += node->value[i++] - '0';
		else
			ok = false;
	}
	ok = ok && digits > 0 && i == node->len;
	if (!ok) {
		mb_yaml_report_add(report, node->line, node->column,
			"expected a number of minutes like 3 or 2.5 for 'minutes' of %s, got %s",
			what, mb_yaml_node_describe(node, got, sizeof(got)));
		return false;
	}
	double minutes = (double)tenths / 10.0;
	if (minutes < MB_PROGRAM_MINUTES_MIN || minutes > MB_PROGRAM_MINUTES_MAX) {
		mb_yaml_report_add(report, node->line, node->column,
			"'minutes' of %s must be from %g to %g, got %s", what,
			MB_PROGRAM_MINUTES_MIN, MB_PROGRAM_MINUTES_MAX,
			mb_yaml_node_describe(node, got, sizeof(got)));
		return false;
	}
	*out = minutes;
	return true;
}

static void read_routines(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *what, struct mb_program_block *block)
{
	if (!mb_yaml_expect_list(report, node, "routines", what, MB_PROGRAM_DAY_ROUTINES_MAX))
		return;
	block->routines = calloc(node->count, sizeof(*block->routines));
	if (block->routines == NULL) {
		report->out_of_memory = true;
		return;
	}
	for (const struct mb_yaml_node *item = node->first; item != NULL; item = item->next) {
		char *name = NULL;
		if (!copy_text(report, item, "routines", &name))
			continue;
		/* Kept even when it is no name, so it is freed with the block. */
		block->routines[block->routines_len++] = name;
		mb_yaml_check_name(report, item, "routines", NAME_MAX_LEN);
	}
}

/* One entry of `days`: a single day, or a block with `days: N`. first_day is 1-based. */
static void read_block(struct mb_yaml_report *report, const struct mb_yaml_node *node, size_t index,
	unsigned first_day, struct mb_program_block *block)
{
	char what[64];
	snprintf(what, sizeof(what), "entry %zu of 'days' (day %u)", index + 1, first_day);
	block->days = 1;
	block->line = node->line;
	block->column = node->column;
	if (node->type != MB_YAML_MAPPING) {
		char got[MB_YAML_QUOTE_SIZE];
		mb_yaml_report_add(report, node->line, node->column,
			"expected a mapping like {routines: [shoulder-reset], minutes: 3} for %s, "
			"got %s",
			what, mb_yaml_node_describe(node, got, sizeof(got)));
		return;
	}
	const struct mb_yaml_node *keys[DAY_KEYS], *values[DAY_KEYS];
	uint32_t misspelled = mb_yaml_read_fields(report, node, what, &day_keys, keys, values);

	if (values[DAY_DAYS] != NULL) {
		struct mb_range r;
		if (mb_yaml_read_count(report, values[DAY_DAYS], "days", 1, MB_PROGRAM_DAYS_MAX,
			    &r)) {
			if (r.lo != r.hi)
				mb_yaml_report_add(report, values[DAY_DAYS]->line,
					values[DAY_DAYS]->column,
					"'days' in %s is one number of days, not a range", what);
			else
				block->days = (unsigned)r.lo;
		}
	}
	if (values[DAY_DAYS] != NULL && block->days > 1)
		snprintf(what, sizeof(what), "entry %zu of 'days' (days %u-%u)", index + 1,
			first_day, first_day + block->days - 1);
	if (mb_yaml_require(report, node, what, &day_keys, values, misspelled, DAY_ROUTINES))
		read_routines(report, values[DAY_ROUTINES], what, block);
	if (mb_yaml_require(report, node, what, &day_keys, values, misspelled, DAY_MINUTES))
		read_minutes(report, values[DAY_MINUTES], what, &block->minutes);
}

static void read_days(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	struct mb_program *program)
{
	if (!mb_yaml_expect_list(report, node, "days", "the program", MB_PROGRAM_BLOCKS_MAX))
		return;
	program->blocks = calloc(node->count, sizeof(*program->blocks));
	if (program->blocks == NULL) {
		report->out_of_memory = true;
		return;
	}
	unsigned total = 0;
	bool reported = false;
	for (const struct mb_yaml_node *item = node->first; item != NULL; item = item->next) {
		struct mb_program_block *b = &program->blocks[program->blocks_len];
		read_block(report, item, program->blocks_len, total + 1, b);
		program->blocks_len++;
		total += b->days;
		if (total > MB_PROGRAM_DAYS_MAX && !reported) {
			mb_yaml_report_add(report, item->line, item->column,
				"the program reaches day %u here; a program lasts at most %d days",
				total, MB_PROGRAM_DAYS_MAX);
			reported = true;
		}
		if (total > MB_PROGRAM_DAYS_MAX)
			total = MB_PROGRAM_DAYS_MAX + 1;
	}
	program->days = total;
}

static struct mb_program *read_program(struct mb_yaml_report *report,
	const struct mb_yaml_node *root)
{
	const char *what = "the program";
	if (root->type != MB_YAML_MAPPING) {
		char got[MB_YAML_QUOTE_SIZE];
		mb_yaml_report_add(report, root->line, root->column,
			"expected a mapping with name, title and days at the top of the file, got %s",
			mb_yaml_node_describe(root, got, sizeof(got)));
		return NULL;
	}
	struct mb_program *program = calloc(1, sizeof(*program));
	if (program == NULL) {
		report->out_of_memory = true;
		return NULL;
	}
	const struct mb_yaml_node *keys[PROGRAM_KEYS], *values[PROGRAM_KEYS];
	uint32_t misspelled = mb_yaml_read_fields(report, root, what, &program_keys, keys, values);

	if (mb_yaml_require(report, root, what, &program_keys, values, misspelled, PROGRAM_NAME) &&
		copy_text(report, values[PROGRAM_NAME], "name", &program->name))
		mb_yaml_check_name(report, values[PROGRAM_NAME], "name", NAME_MAX_LEN);
	if (mb_yaml_require(report, root, what, &program_keys, values, misspelled, PROGRAM_TITLE))
		copy_text(report, values[PROGRAM_TITLE], "title", &program->title);
	if (values[PROGRAM_SUMMARY] != NULL)
		copy_text(report, values[PROGRAM_SUMMARY], "summary", &program->summary);
	if (mb_yaml_require(report, root, what, &program_keys, values, misspelled, PROGRAM_DAYS))
		read_days(report, values[PROGRAM_DAYS], program);
	return program;
}

struct mb_program *mb_program_parse(const char *buf, size_t len, struct mb_diags *diags)
{
	struct mb_diags scratch = { 0 };
	struct mb_yaml_report report;
	mb_yaml_report_init(&report, diags != NULL ? diags : &scratch);

	static const struct mb_yaml_limits limits = {
		.file_kind = "a program file",
		.max_bytes = MB_PROGRAM_MAX_BYTES,
	};
	struct mb_yaml_tree *tree = mb_yaml_tree_load(&report, buf, len, &limits);
	struct mb_program *program = NULL;
	const struct mb_yaml_node *root = tree != NULL ? mb_yaml_tree_root(tree) : NULL;
	if (tree != NULL && (root == NULL || mb_yaml_node_is_null(root)))
		mb_yaml_report_add(&report, root != NULL ? root->line : 1,
			root != NULL ? root->column : 1,
			"the file holds no program; it needs at least name, title and days");
	else if (root != NULL)
		program = read_program(&report, root);
	mb_yaml_tree_destroy(tree);

	if (report.out_of_memory)
		mb_yaml_report_add(&report, 0, 0, "out of memory while reading the program");
	if (mb_yaml_report_failed(&report) || program == NULL) {
		if (!mb_yaml_report_failed(&report))
			mb_yaml_report_add(&report, 0, 0, "the program could not be read");
		mb_program_destroy(program);
		return NULL;
	}
	return program;
}
