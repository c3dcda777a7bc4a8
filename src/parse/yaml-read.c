/* Typed readers over a YAML tree, each adding one problem, with its place, for a wrong value. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/duration.h"
#include "parse/yaml-read.h"

/* Room for the words of a list in a message. */
#define LIST_SIZE 160

const char *mb_yaml_words_get(const struct mb_yaml_words *words, size_t i)
{
	if (words->words == NULL)
		return words->word_at(i);
	return i < words->len ? words->words[i] : NULL;
}

int mb_yaml_words_find(const struct mb_yaml_words *words, const char *s, size_t len)
{
	const char *word;
	for (size_t i = 0; (word = mb_yaml_words_get(words, i)) != NULL; i++) {
		/* The first byte settles most words, before any strlen. */
		if ((len == 0 || word[0] == s[0]) && strlen(word) == len &&
			memcmp(word, s, len) == 0)
			return (int)i;
	}
	return -1;
}

const char *mb_yaml_words_join(const struct mb_yaml_words *words, const char *last_sep, char *out,
	size_t out_len)
{
	size_t n = 0, used = 0;
	while (mb_yaml_words_get(words, n) != NULL)
		n++;
	out[0] = '\0';
	for (size_t i = 0; i < n && used < out_len; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? last_sep : ", ";
		used += (size_t)snprintf(out + used, out_len - used,
			words->quote ? "%s'%s'" : "%s%s", sep, mb_yaml_words_get(words, i));
	}
	return out;
}

/* Plain edit distance, for "did you mean"; words are short, so the quadratic cost is nothing. */
static size_t edit_distance(const char *a, size_t a_len, const char *b)
{
	size_t b_len = strlen(b);
	size_t row[MB_YAML_EXCERPT_MAX + 1];
	if (b_len > MB_YAML_EXCERPT_MAX)
		return SIZE_MAX;
	for (size_t j = 0; j <= b_len; j++)
		row[j] = j;
	for (size_t i = 1; i <= a_len; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= b_len; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[b_len];
}

/*
 * Report a scalar that is no word of an open list, in where ("step 1 of
 * exercise 2") if given; returns the index of the word suggested instead, or -1.
 */
static int report_unknown(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const struct mb_yaml_words *words, const char *where)
{
	char text[MB_YAML_QUOTE_SIZE];
	mb_yaml_excerpt(node->value, node->len, text, sizeof(text));
	const char *in = where != NULL ? " in " : "", *place = where != NULL ? where : "";
	int nearest = -1;
	size_t best = words->max_edits + 1;
	const char *word;
	for (size_t i = 0;
		node->len <= MB_YAML_EXCERPT_MAX && (word = mb_yaml_words_get(words, i)) != NULL;
		i++) {
		size_t d = edit_distance(node->value, node->len, word);
		/* Two edits turn "in" into anything short; demand a closer match there. */
		if (d < best && d < strlen(word)) {
			best = d;
			nearest = (int)i;
		}
	}
	if (nearest >= 0) {
		mb_yaml_report_add(report, node->line, node->column,
			"unknown %s '%s'%s%s; did you mean '%s'?", words->noun, text, in, place,
			mb_yaml_words_get(words, (size_t)nearest));
	} else if (words->hint != NULL) {
		mb_yaml_report_add(report, node->line, node->column, "unknown %s '%s'%s%s; %s",
			words->noun, text, in, place, words->hint);
	} else {
		char list[LIST_SIZE];
		mb_yaml_report_add(report, node->line, node->column,
			"unknown %s '%s'%s%s; expected one of: %s", words->noun, text, in, place,
			mb_yaml_words_join(words, ", ", list, sizeof(list)));
	}
	return nearest;
}

int mb_yaml_read_enum(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const struct mb_yaml_words *words, const char *key)
{
	bool text = node->type == MB_YAML_SCALAR && !mb_yaml_node_is_null(node);
	if (text && strlen(node->value) == node->len) {
		int i = mb_yaml_words_find(words, node->value, node->len);
		if (i >= 0)
			return i;
	}
	char got[MB_YAML_QUOTE_SIZE];
	if (words->noun != NULL && text) {
		report_unknown(report, node, words, NULL);
	} else if (words->noun != NULL) {
		mb_yaml_report_add(report, node->line, node->column, "expected %s for '%s', got %s",
			words->expected, key, mb_yaml_node_describe(node, got, sizeof(got)));
	} else {
		char list[LIST_SIZE];
		mb_yaml_report_add(report, node->line, node->column, "'%s' must be %s, got %s", key,
			mb_yaml_words_join(words, " or ", list, sizeof(list)),
			mb_yaml_node_describe(node, got, sizeof(got)));
	}
	return -1;
}

uint32_t mb_yaml_read_fields(struct mb_yaml_report *report, const struct mb_yaml_node *map,
	const char *what, const struct mb_yaml_words *keys, const struct mb_yaml_node **key_nodes,
	const struct mb_yaml_node **values)
{
	uint32_t misspelled = 0;
	for (size_t i = 0; i < keys->len; i++)
		key_nodes[i] = values[i] = NULL;
	for (const struct mb_yaml_node *key = map->first; key != NULL && key->next != NULL;
		key = key->next->next) {
		char got[MB_YAML_QUOTE_SIZE];
		if (key->type != MB_YAML_SCALAR || mb_yaml_node_is_null(key)) {
			mb_yaml_report_add(report, key->line, key->column,
				"expected a key name in %s, got %s", what,
				mb_yaml_node_describe(key, got, sizeof(got)));
			continue;
		}
		int i = mb_yaml_words_find(keys, key->value, key->len);
		if (i < 0) {
			int suggested = report_unknown(report, key, keys, what);
			if (suggested >= 0)
				misspelled |= UINT32_C(1) << suggested;
			continue;
		}
		if (key_nodes[i] != NULL) {
			mb_yaml_report_add(report, key->line, key->column,
				"duplicate key '%s' in %s; it was first given at line %d",
				mb_yaml_words_get(keys, (size_t)i), what, key_nodes[i]->line);
			continue;
		}
		key_nodes[i] = key;
		values[i] = key->next;
	}
	return misspelled;
}

bool mb_yaml_require(struct mb_yaml_report *report, const struct mb_yaml_node *map,
	const char *what, const struct mb_yaml_words *keys, const struct mb_yaml_node **values,
	uint32_t misspelled, size_t i)
{
	if (values[i] != NULL)
		return true;
	if (!(misspelled & UINT32_C(1) << i))
		mb_yaml_report_add(report, map->line, map->column, "%s is missing '%s'", what,
			mb_yaml_words_get(keys, i));
	return false;
}

bool mb_yaml_expect_mapping(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *what)
{
	if (node->type == MB_YAML_MAPPING)
		return true;
	char got[MB_YAML_QUOTE_SIZE];
	mb_yaml_report_add(report, node->line, node->column, "expected a mapping for %s, got %s",
		what, mb_yaml_node_describe(node, got, sizeof(got)));
	return false;
}

bool mb_yaml_expect_list(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, const char *what, size_t max)
{
	char got[MB_YAML_QUOTE_SIZE];
	if (node->type != MB_YAML_SEQUENCE) {
		mb_yaml_report_add(report, node->line, node->column,
			"expected a list for '%s' in %s, got %s", key, what,
			mb_yaml_node_describe(node, got, sizeof(got)));
		return false;
	}
	if (node->count == 0) {
		mb_yaml_report_add(report, node->line, node->column,
			"'%s' in %s is empty; give at least one", key, what);
		return false;
	}
	if (node->count > max) {
		mb_yaml_report_add(report, node->line, node->column,
			"'%s' in %s has %zu entries; the limit is %zu", key, what, node->count,
			max);
		return false;
	}
	return true;
}

const char *mb_yaml_read_text(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key)
{
	char got[MB_YAML_QUOTE_SIZE];
	if (node->type != MB_YAML_SCALAR || mb_yaml_node_is_null(node)) {
		mb_yaml_report_add(report, node->line, node->column,
			"expected a string for '%s', got %s", key,
			mb_yaml_node_describe(node, got, sizeof(got)));
		return NULL;
	}
	if (node->len == 0) {
		mb_yaml_report_add(report, node->line, node->column, "'%s' must not be empty", key);
		return NULL;
	}
	return node->value;
}

bool mb_yaml_check_name(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, size_t max_len)
{
	bool ok = node->len >= 1 && node->len <= max_len && node->value[0] >= 'a' &&
		node->value[0] <= 'z';
	for (size_t i = 0; ok && i < node->len; i++) {
		char c = node->value[i];
		ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
	}
	if (ok)
		return true;
	char got[MB_YAML_QUOTE_SIZE];
	mb_yaml_report_add(report, node->line, node->column,
		"'%s' must be 1 to %zu lowercase letters, digits or '-', starting with a letter; got %s",
		key, max_len, mb_yaml_node_describe(node, got, sizeof(got)));
	return false;
}

/*
 * The number parsers point at the first character of the high end only when
 * it is lower than the low end: any other problem there is found later in
 * the text or is not a digit.
 */
static bool is_reversed_range(const struct mb_yaml_node *node, size_t error_at)
{
	if (error_at == 0 || error_at >= node->len)
		return false;
	if (node->value[error_at] < '0' || node->value[error_at] > '9')
		return false;
	size_t i = error_at;
	while (i > 0 && node->value[i - 1] == ' ')
		i--;
	return i > 0 && node->value[i - 1] == '-';
}

enum number_kind {
	NUMBER_DURATION,
	NUMBER_DURATION_RANGE,
	NUMBER_COUNT_RANGE,
};

/* Parse a duration, duration range or count range value; false with a problem otherwise. */
static bool read_number(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, enum number_kind kind, struct mb_range *out)
{
	static const char *const examples[] = {
		[NUMBER_DURATION] = "a duration like 5s or 1m30s",
		[NUMBER_DURATION_RANGE] = "a duration like 5s or 20-30s",
		[NUMBER_COUNT_RANGE] = "a number like 5 or 5-10",
	};
	char got[MB_YAML_QUOTE_SIZE];
	if (node->type != MB_YAML_SCALAR || mb_yaml_node_is_null(node)) {
		mb_yaml_report_add(report, node->line, node->column, "expected %s for '%s', got %s",
			examples[kind], key, mb_yaml_node_describe(node, got, sizeof(got)));
		return false;
	}
	size_t error_at = 0;
	int ret;
	struct mb_range r = { 0, 0 };
	/* An escaped NUL would hide the rest of the text from the parsers. */
	if (strlen(node->value) != node->len) {
		ret = -EINVAL;
	} else if (kind == NUMBER_DURATION) {
		ret = mb_duration_parse(node->value, &r.lo, &error_at);
		r.hi = r.lo;
	} else if (kind == NUMBER_DURATION_RANGE) {
		ret = mb_duration_range_parse(node->value, &r, &error_at);
	} else {
		ret = mb_count_range_parse(node->value, &r, &error_at);
	}
	if (ret == 0) {
		*out = r;
		return true;
	}

	int column = mb_yaml_node_column(node, error_at < node->len ? error_at : node->len);
	mb_yaml_node_describe(node, got, sizeof(got));
	if (ret == -ERANGE)
		mb_yaml_report_add(report, node->line, column, "'%s' is far too large: %s", key,
			got);
	else if (node->len > 0 && node->value[0] == '-')
		mb_yaml_report_add(report, node->line, node->column, "'%s' cannot be negative: %s",
			key, got);
	else if (is_reversed_range(node, error_at))
		mb_yaml_report_add(report, node->line, column,
			"the range %s for '%s' goes down; write the smaller value first", got, key);
	else
		mb_yaml_report_add(report, node->line, column, "expected %s for '%s', got %s",
			examples[kind], key, got);
	return false;
}

bool mb_yaml_read_duration(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, int64_t *out_us)
{
	struct mb_range r;
	if (!read_number(report, node, key, NUMBER_DURATION, &r))
		return false;
	*out_us = r.lo;
	return true;
}

bool mb_yaml_read_duration_range(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, struct mb_range *out_us)
{
	return read_number(report, node, key, NUMBER_DURATION_RANGE, out_us);
}

bool mb_yaml_read_count(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, int64_t min, int64_t max, struct mb_range *out)
{
	struct mb_range r;
	if (!read_number(report, node, key, NUMBER_COUNT_RANGE, &r))
		return false;
	if (r.hi > max) {
		mb_yaml_report_add(report, node->line, node->column,
			"'%s' of %lld is more than the limit of %lld", key, (long long)r.hi,
			(long long)max);
		return false;
	}
	if (r.lo < min) {
		mb_yaml_report_add(report, node->line, node->column, "'%s' must be at least %lld",
			key, (long long)min);
		return false;
	}
	*out = r;
	return true;
}

bool mb_yaml_read_bool(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, bool *out)
{
	static const char *const words[] = { "false", "False", "FALSE", "true", "True", "TRUE" };
	static const struct mb_yaml_words bools = { .words = words, .len = 6 };
	if (node->type == MB_YAML_SCALAR && node->plain && strlen(node->value) == node->len) {
		int i = mb_yaml_words_find(&bools, node->value, node->len);
		if (i >= 0) {
			*out = i >= 3;
			return true;
		}
	}
	char got[MB_YAML_QUOTE_SIZE];
	mb_yaml_report_add(report, node->line, node->column,
		"expected true or false for '%s', got %s", key,
		mb_yaml_node_describe(node, got, sizeof(got)));
	return false;
}
