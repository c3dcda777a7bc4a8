/* The routine file loader: YAML events into a small checked tree, the tree into a routine. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/duration.h"
#include "core/timeline.h"
#include "parse/routine-yaml.h"

/*
 * Nesting is checked while the events arrive, so a file of a hundred thousand
 * '[' is refused after 33 of them instead of being built into a tree first.
 */
#define DEPTH_MAX 32
#define NODES_PER_CHUNK 256
#define NAME_MAX_LEN 40
/* An exercise needs a few lines of set-up and a tip or two, not a manual. */
#define SETUP_MAX 16
#define VARIANTS_MAX 16
/* Longest piece of user text quoted back in a message; diagnostics are short lines. */
#define EXCERPT_MAX 32

/* Defaults, in the units of the model. */
#define DEFAULT_PREPARE_US (5 * MB_US_PER_S)
#define DEFAULT_SWITCH_US (3 * MB_US_PER_S)
#define DEFAULT_BREATH_US (4 * MB_US_PER_S)
#define DEFAULT_BREATHS 3
/* A breath paced inside a hold needs room for an in and an out. */
#define MIN_US_PER_BREATH (2 * MB_US_PER_S)

enum node_type {
	NODE_SCALAR,
	NODE_SEQUENCE,
	NODE_MAPPING,
};

/* One YAML node; a mapping's children alternate key, value. */
struct node {
	enum node_type type;
	/* 1-based, where the node starts. */
	int line, column;
	/* Scalars: the decoded text, NUL-terminated, and whether it was unquoted. */
	char *value;
	size_t len;
	bool plain;
	/*
	 * The value is the source text unchanged on one line, so a problem inside
	 * it can be pointed at exactly: its first character is at text_column.
	 */
	bool exact;
	int text_column;
	/* Collections. */
	struct node *first, *last;
	size_t count;
	struct node *next;
};

/* Nodes come from chunks so the whole tree is freed in one walk, whatever its shape. */
struct node_chunk {
	struct node nodes[NODES_PER_CHUNK];
	size_t used;
	struct node_chunk *prev;
};

struct loader {
	struct mb_diags *diags;
	size_t problems_before;
	struct node_chunk *chunks;
	bool out_of_memory;
};

enum routine_key {
	ROUTINE_NAME,
	ROUTINE_TITLE,
	ROUTINE_SUMMARY,
	ROUTINE_EXERCISES,
	ROUTINE_KEYS,
};

static const char *const routine_keys[] = {
	[ROUTINE_NAME] = "name",
	[ROUTINE_TITLE] = "title",
	[ROUTINE_SUMMARY] = "summary",
	[ROUTINE_EXERCISES] = "exercises",
};

enum exercise_key {
	EXERCISE_TITLE,
	EXERCISE_PURPOSE,
	EXERCISE_SETUP,
	EXERCISE_PREPARE,
	EXERCISE_REPS,
	EXERCISE_SIDES,
	EXERCISE_SWITCH,
	EXERCISE_SWITCH_TIME,
	EXERCISE_STEPS,
	EXERCISE_VARIANTS,
	EXERCISE_VIEW,
	EXERCISE_POSE,
	EXERCISE_KEYS,
};

static const char *const exercise_keys[] = {
	[EXERCISE_TITLE] = "title",
	[EXERCISE_PURPOSE] = "purpose",
	[EXERCISE_SETUP] = "setup",
	[EXERCISE_PREPARE] = "prepare",
	[EXERCISE_REPS] = "reps",
	[EXERCISE_SIDES] = "sides",
	[EXERCISE_SWITCH] = "switch",
	[EXERCISE_SWITCH_TIME] = "switch_time",
	[EXERCISE_STEPS] = "steps",
	[EXERCISE_VARIANTS] = "variants",
	[EXERCISE_VIEW] = "view",
	[EXERCISE_POSE] = "pose",
};

/* The kind keys come first, in the order of enum mb_step_kind, so a key's index is its kind. */
enum step_key {
	STEP_KINDS = MB_STEP_REVERSE + 1,
	STEP_TIME = STEP_KINDS,
	STEP_REPS,
	STEP_BREATHS,
	STEP_IN,
	STEP_OUT,
	STEP_DIRECTION,
	STEP_POSE,
	STEP_KEYS,
};

static const char *const step_keys[] = {
	[MB_STEP_MOVE] = "move",
	[MB_STEP_HOLD] = "hold",
	[MB_STEP_RELEASE] = "release",
	[MB_STEP_REST] = "rest",
	[MB_STEP_BREATHE] = "breathe",
	[MB_STEP_SWITCH] = "switch",
	[MB_STEP_REVERSE] = "reverse",
	[STEP_TIME] = "time",
	[STEP_REPS] = "reps",
	[STEP_BREATHS] = "breaths",
	[STEP_IN] = "in",
	[STEP_OUT] = "out",
	[STEP_DIRECTION] = "direction",
	[STEP_POSE] = "pose",
};

static const int64_t step_default_us[] = {
	[MB_STEP_MOVE] = 3 * MB_US_PER_S,
	[MB_STEP_HOLD] = 5 * MB_US_PER_S,
	[MB_STEP_RELEASE] = 2 * MB_US_PER_S,
	[MB_STEP_REST] = 3 * MB_US_PER_S,
	[MB_STEP_BREATHE] = 0,
	[MB_STEP_SWITCH] = 3 * MB_US_PER_S,
	[MB_STEP_REVERSE] = 3 * MB_US_PER_S,
};

enum variant_key {
	VARIANT_NAME,
	VARIANT_TITLE,
	VARIANT_TEXT,
	VARIANT_KEYS,
};

static const char *const variant_keys[] = {
	[VARIANT_NAME] = "name",
	[VARIANT_TITLE] = "title",
	[VARIANT_TEXT] = "text",
};

/* Which placeholders a piece of text may use. */
enum text_rule {
	/* Titles name an exercise in lists, where no side is running. */
	TEXT_NO_PLACEHOLDERS,
	/* Cues of an exercise: {side} and {other} only if it has sides. */
	TEXT_ONE_SIDED,
	TEXT_BOTH_SIDES,
};

static size_t problem_count(const struct loader *ld)
{
	return ld->diags->len + ld->diags->dropped;
}

static bool had_problems(const struct loader *ld)
{
	return problem_count(ld) > ld->problems_before;
}

static void add_problem(struct loader *ld, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_problem(struct loader *ld, int line, int column, const char *fmt, ...)
{
	/* A pathological file may have a problem per byte: count those past the cap without formatting them. */
	if (ld->diags->len >= MB_DIAG_MAX) {
		ld->diags->dropped++;
		return;
	}
	char message[sizeof(ld->diags->items[0].message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	mb_diags_add(ld->diags, line, column, "%s", message);
}

/* Length of a UTF-8 sequence from its first byte; 0 if the byte cannot start one. */
static size_t utf8_width(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* Decode one well-formed, shortest-form UTF-8 character; returns its width or 0. */
static size_t utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
	size_t width = utf8_width(s[0]);
	if (width == 0 || width > avail)
		return 0;
	if (width == 1) {
		*cp = s[0];
		return 1;
	}
	uint32_t value = s[0] & (0x7f >> width);
	for (size_t i = 1; i < width; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		value = value << 6 | (s[i] & 0x3f);
	}
	static const uint32_t min_value[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (value < min_value[width] || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
		return 0;
	*cp = value;
	return width;
}

static size_t count_chars(const char *s, size_t len)
{
	size_t chars = 0;
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	return chars;
}

/* libyaml counts lines at every break it knows: LF, CR, CRLF, NEL, LS and PS. */
static bool is_line_break(uint32_t cp)
{
	return cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* The characters YAML allows in a stream (its c-printable set). */
static bool is_printable(uint32_t cp)
{
	return cp == 0x09 || cp == 0x0a || cp == 0x0d || (cp >= 0x20 && cp <= 0x7e) ||
		cp == 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
		(cp >= 0x10000 && cp <= 0x10ffff);
}

/*
 * Check the bytes before libyaml sees them. libyaml would refuse the same
 * bytes, but it decodes ahead in chunks and reports a byte offset; doing it
 * here gives the exact line and column and a message a person can act on.
 */
static bool check_encoding(struct loader *ld, const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	int line = 1, column = 1;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t width = utf8_decode(s + i, len - i, &cp);
		if (width == 0) {
			add_problem(ld, line, column,
				"the file is not valid UTF-8 text (byte 0x%02x); save it as UTF-8",
				s[i]);
			return false;
		}
		if (cp == 0) {
			add_problem(ld, line, column,
				"the file contains a NUL byte; a routine file must be plain text");
			return false;
		}
		if (!is_printable(cp)) {
			add_problem(ld, line, column,
				"the file contains the control character U+%04X; a routine file must be plain text",
				(unsigned)cp);
			return false;
		}
		i += width;
		if (is_line_break(cp) && !(cp == '\r' && i < len && s[i] == '\n')) {
			line++;
			column = 1;
		} else {
			column++;
		}
	}
	return true;
}

/*
 * Copy a short, one-line, UTF-8-safe piece of text into out, for quoting in a
 * message. Escapes in quoted keys can hold control characters; those must not
 * reach the terminal that prints the message.
 */
static const char *excerpt(const char *s, size_t len, char *out, size_t out_len)
{
	size_t n = 0, chars = 0, i = 0;
	while (i < len && chars < EXCERPT_MAX) {
		const unsigned char *c = (const unsigned char *)s + i;
		size_t width = utf8_width(c[0]);
		if (width == 0 || i + width > len || n + width + 4 > out_len)
			break;
		if (c[0] == '\n' || c[0] == '\t') {
			out[n++] = ' ';
		} else if (c[0] < 0x20 || c[0] == 0x7f || (c[0] == 0xc2 && c[1] < 0xa0)) {
			out[n++] = '?';
		} else {
			memcpy(out + n, s + i, width);
			n += width;
		}
		i += width;
		chars++;
	}
	if (i < len) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

/* How a node looks, for "got ..." in messages. */
static const char *describe(const struct node *node, char *out, size_t out_len)
{
	switch (node->type) {
	case NODE_SEQUENCE:
		return "a list";
	case NODE_MAPPING:
		return "a mapping";
	case NODE_SCALAR:
		break;
	}
	char text[EXCERPT_MAX * 4 + 8];
	snprintf(out, out_len, "'%s'", excerpt(node->value, node->len, text, sizeof(text)));
	return out;
}

static bool is_null(const struct node *node)
{
	if (node->type != NODE_SCALAR || !node->plain)
		return false;
	return node->len == 0 || strcmp(node->value, "~") == 0 || strcmp(node->value, "null") == 0 ||
		strcmp(node->value, "Null") == 0 || strcmp(node->value, "NULL") == 0;
}

static struct node *new_node(struct loader *ld, enum node_type type, yaml_mark_t mark)
{
	struct node_chunk *chunk = ld->chunks;
	if (chunk == NULL || chunk->used == NODES_PER_CHUNK) {
		chunk = calloc(1, sizeof(*chunk));
		if (chunk == NULL) {
			ld->out_of_memory = true;
			return NULL;
		}
		chunk->prev = ld->chunks;
		ld->chunks = chunk;
	}
	struct node *node = &chunk->nodes[chunk->used++];
	*node = (struct node){
		.type = type,
		.line = (int)mark.line + 1,
		.column = (int)mark.column + 1,
	};
	return node;
}

static void free_nodes(struct loader *ld)
{
	struct node_chunk *chunk = ld->chunks;
	while (chunk != NULL) {
		struct node_chunk *prev = chunk->prev;
		for (size_t i = 0; i < chunk->used; i++)
			free(chunk->nodes[i].value);
		free(chunk);
		chunk = prev;
	}
	ld->chunks = NULL;
}

static void append_child(struct node *parent, struct node *child)
{
	if (parent->last != NULL)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
	parent->count++;
}

/*
 * Double-quoted escapes can put characters into text that the file itself
 * could not hold. Control characters would reach the terminal as escape
 * sequences, so only tab and newline are let through.
 */
static void check_scalar_text(struct loader *ld, const struct node *node)
{
	const unsigned char *s = (const unsigned char *)node->value;
	for (size_t i = 0; i < node->len; i++) {
		unsigned cp = s[i];
		if (cp == 0xc2 && i + 1 < node->len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
			cp = s[i + 1];
		else if (!(cp < 0x20 || cp == 0x7f) || cp == '\t' || cp == '\n')
			continue;
		add_problem(ld, node->line, node->column,
			"text must not contain control characters (found U+%04X)", cp);
		return;
	}
}

static struct node *new_scalar(struct loader *ld, const yaml_event_t *event)
{
	struct node *node = new_node(ld, NODE_SCALAR, event->start_mark);
	if (node == NULL)
		return NULL;
	size_t len = event->data.scalar.length;
	node->value = malloc(len + 1);
	if (node->value == NULL) {
		ld->out_of_memory = true;
		return NULL;
	}
	memcpy(node->value, event->data.scalar.value, len);
	node->value[len] = '\0';
	node->len = len;
	yaml_scalar_style_t style = event->data.scalar.style;
	node->plain = style == YAML_PLAIN_SCALAR_STYLE;

	yaml_mark_t start = event->start_mark, end = event->end_mark;
	if (start.line == end.line && end.column >= start.column) {
		size_t width = end.column - start.column, chars = count_chars(node->value, len);
		bool quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
			style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		if (node->plain && width == chars) {
			node->exact = true;
			node->text_column = node->column;
		} else if (quoted && width == chars + 2) {
			node->exact = true;
			node->text_column = node->column + 1;
		}
	}
	check_scalar_text(ld, node);
	return node;
}

/* The character at a 0-based line and column, counted as libyaml counts them; 0 past the end. */
static uint32_t char_at(const char *buf, size_t len, size_t line, size_t column)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t at_line = 0, at_column = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t width = utf8_decode(s + i, len - i, &cp);
		if (width == 0)
			return 0;
		if (at_line == line && at_column == column)
			return cp;
		i += width;
		if (is_line_break(cp) && !(cp == '\r' && i < len && s[i] == '\n')) {
			at_line++;
			at_column = 0;
		} else {
			at_column++;
		}
	}
	return 0;
}

/* Turn libyaml's own error into a diagnostic; its marks are 0-based. */
static void report_yaml_error(struct loader *ld, const yaml_parser_t *parser, const char *buf,
		size_t len)
{
	switch (parser->error) {
	case YAML_MEMORY_ERROR:
		ld->out_of_memory = true;
		return;
	case YAML_READER_ERROR:
		/* check_encoding() refuses these bytes first; this is a safety net. */
		add_problem(ld, 0, 0, "the file is not readable text: %s at byte %zu",
			parser->problem, parser->problem_offset);
		return;
	default:
		break;
	}
	int line = (int)parser->problem_mark.line + 1, column = (int)parser->problem_mark.column + 1;
	const char *problem = parser->problem != NULL ? parser->problem : "unknown problem";
	uint32_t found = char_at(buf, len, parser->problem_mark.line, parser->problem_mark.column);
	if (strstr(problem, "tab character") != NULL ||
			(found == '\t' && strstr(problem, "cannot start any token") != NULL)) {
		add_problem(ld, line, column,
			"invalid YAML: %s (indent with spaces, not tabs)", problem);
	} else if ((found == '@' || found == '`') && strstr(problem, "cannot start any token")) {
		/* YAML reserves these; a cue that starts with one needs quotes. */
		add_problem(ld, line, column,
			"invalid YAML: text cannot start with '%c'; put it in quotes", (char)found);
	} else if (parser->context != NULL) {
		add_problem(ld, line, column, "invalid YAML: %s, %s at line %d, column %d",
			problem, parser->context, (int)parser->context_mark.line + 1,
			(int)parser->context_mark.column + 1);
	} else {
		add_problem(ld, line, column, "invalid YAML: %s", problem);
	}
}

/* Features that make a file mean more than it says; refused wherever they appear. */
static bool check_node_event(struct loader *ld, const yaml_event_t *event)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	switch (event->type) {
	case YAML_SCALAR_EVENT:
		anchor = event->data.scalar.anchor;
		tag = event->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = event->data.sequence_start.anchor;
		tag = event->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = event->data.mapping_start.anchor;
		tag = event->data.mapping_start.tag;
		break;
	default:
		break;
	}
	int line = (int)event->start_mark.line + 1, column = (int)event->start_mark.column + 1;
	/* Refusing aliases outright also defuses "billion laughs" expansion. */
	if (event->type == YAML_ALIAS_EVENT || anchor != NULL) {
		add_problem(ld, line, column, "anchors and aliases are not supported");
		return false;
	}
	if (tag != NULL) {
		char text[EXCERPT_MAX * 4 + 8];
		const char *t = (const char *)tag;
		add_problem(ld, line, column, "tags such as '%s' are not supported",
			excerpt(t, strlen(t), text, sizeof(text)));
		return false;
	}
	return true;
}

/*
 * Build the tree of the one document in buf. Returns its root, or NULL with
 * a problem added. Stops at the first structural problem: what follows a
 * syntax error or a refused feature cannot be trusted.
 */
static struct node *read_tree(struct loader *ld, const char *buf, size_t len)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		ld->out_of_memory = true;
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	struct node *stack[DEPTH_MAX];
	size_t depth = 0;
	struct node *root = NULL;
	int documents = 0;
	bool ok = true, done = false;
	while (ok && !done) {
		yaml_event_t event;
		if (!yaml_parser_parse(&parser, &event)) {
			report_yaml_error(ld, &parser, buf, len);
			ok = false;
			break;
		}
		int line = (int)event.start_mark.line + 1, column = (int)event.start_mark.column + 1;
		struct node *node = NULL;
		switch (event.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				add_problem(ld, line, column,
					"a routine file holds one document, but a second one starts here");
				ok = false;
			}
			break;
		case YAML_ALIAS_EVENT:
			ok = check_node_event(ld, &event);
			break;
		case YAML_SCALAR_EVENT:
			ok = check_node_event(ld, &event) && (node = new_scalar(ld, &event)) != NULL;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (!check_node_event(ld, &event)) {
				ok = false;
				break;
			}
			if (depth == DEPTH_MAX) {
				add_problem(ld, line, column, "lists and mappings are nested deeper than %d levels",
					DEPTH_MAX);
				ok = false;
				break;
			}
			node = new_node(ld, event.type == YAML_SEQUENCE_START_EVENT ?
				NODE_SEQUENCE : NODE_MAPPING, event.start_mark);
			ok = node != NULL;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0)
				depth--;
			break;
		default:
			break;
		}
		if (node != NULL) {
			if (depth > 0)
				append_child(stack[depth - 1], node);
			else
				root = node;
			if (node->type != NODE_SCALAR)
				stack[depth++] = node;
		}
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	if (!ok)
		return NULL;
	if (root == NULL || is_null(root)) {
		add_problem(ld, root != NULL ? root->line : 1, root != NULL ? root->column : 1,
			"the file holds no routine; it needs at least name, title and exercises");
		return NULL;
	}
	return root;
}

/* Plain edit distance, for "did you mean"; keys are short, so the quadratic cost is nothing. */
static size_t edit_distance(const char *a, size_t a_len, const char *b)
{
	size_t b_len = strlen(b);
	size_t row[EXCERPT_MAX + 1];
	if (b_len > EXCERPT_MAX)
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

/* Report a key that is not one of keys[n]; returns the index of the key suggested instead, or n. */
static size_t report_unknown_key(struct loader *ld, const struct node *key, const char *what,
		const char *const *keys, size_t n)
{
	char text[EXCERPT_MAX * 4 + 8];
	excerpt(key->value, key->len, text, sizeof(text));
	size_t nearest = n, best = 3;
	if (key->len <= EXCERPT_MAX) {
		for (size_t i = 0; i < n; i++) {
			size_t d = edit_distance(key->value, key->len, keys[i]);
			/* Two edits turn "in" into anything short; demand a closer match there. */
			if (d < best && d < strlen(keys[i])) {
				best = d;
				nearest = i;
			}
		}
	}
	if (nearest < n) {
		add_problem(ld, key->line, key->column, "unknown key '%s' in %s; did you mean '%s'?",
			text, what, keys[nearest]);
		return nearest;
	}
	char list[160];
	size_t used = 0;
	list[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i > 0 ? ", " : "",
			keys[i]);
	add_problem(ld, key->line, key->column, "unknown key '%s' in %s; expected one of: %s", text,
		what, list);
	return n;
}

/*
 * Find the known keys of a mapping: values[i] is the value of keys[i] and
 * key_nodes[i] its key, or NULL when absent. Unknown and repeated keys are
 * reported and otherwise ignored, so the rest of the mapping is still checked.
 * Returns a bit for each key suggested in place of a misspelled one: a key
 * known to be there under another spelling need not also be called missing.
 */
static uint32_t read_fields(struct loader *ld, const struct node *map, const char *what,
		const char *const *keys, size_t n, const struct node **key_nodes,
		const struct node **values)
{
	uint32_t misspelled = 0;
	for (size_t i = 0; i < n; i++)
		key_nodes[i] = values[i] = NULL;
	for (const struct node *key = map->first; key != NULL && key->next != NULL;
			key = key->next->next) {
		char got[EXCERPT_MAX * 4 + 8];
		if (key->type != NODE_SCALAR || is_null(key)) {
			add_problem(ld, key->line, key->column, "expected a key name in %s, got %s",
				what, is_null(key) ? "nothing" : describe(key, got, sizeof(got)));
			continue;
		}
		size_t i = 0;
		while (i < n && !(strlen(keys[i]) == key->len && memcmp(keys[i], key->value, key->len) == 0))
			i++;
		if (i == n) {
			size_t suggested = report_unknown_key(ld, key, what, keys, n);
			if (suggested < n)
				misspelled |= UINT32_C(1) << suggested;
			continue;
		}
		if (key_nodes[i] != NULL) {
			add_problem(ld, key->line, key->column,
				"duplicate key '%s' in %s; it was first given at line %d", keys[i], what,
				key_nodes[i]->line);
			continue;
		}
		key_nodes[i] = key;
		values[i] = key->next;
	}
	return misspelled;
}

static bool require(struct loader *ld, const struct node *map, const char *what,
		const char *const *keys, const struct node **values, uint32_t misspelled, size_t i)
{
	if (values[i] != NULL)
		return true;
	if (!(misspelled & UINT32_C(1) << i))
		add_problem(ld, map->line, map->column, "%s is missing '%s'", what, keys[i]);
	return false;
}

static bool expect_mapping(struct loader *ld, const struct node *node, const char *what)
{
	if (node->type == NODE_MAPPING)
		return true;
	char got[EXCERPT_MAX * 4 + 8];
	add_problem(ld, node->line, node->column, "expected a mapping for %s, got %s", what,
		is_null(node) ? "nothing" : describe(node, got, sizeof(got)));
	return false;
}

/* A non-empty list; an error otherwise. */
static bool expect_list(struct loader *ld, const struct node *node, const char *key,
		const char *what, size_t max)
{
	char got[EXCERPT_MAX * 4 + 8];
	if (node->type != NODE_SEQUENCE) {
		add_problem(ld, node->line, node->column, "expected a list for '%s' in %s, got %s",
			key, what, is_null(node) ? "nothing" : describe(node, got, sizeof(got)));
		return false;
	}
	if (node->count == 0) {
		add_problem(ld, node->line, node->column, "'%s' in %s is empty; give at least one",
			key, what);
		return false;
	}
	if (node->count > max) {
		add_problem(ld, node->line, node->column, "'%s' in %s has %zu entries; the limit is %zu",
			key, what, node->count, max);
		return false;
	}
	return true;
}

/* Where character offset `at` of a scalar's value is in the file, as exactly as is known. */
static int column_in(const struct node *node, size_t at)
{
	if (!node->exact)
		return node->column;
	return node->text_column + (int)count_chars(node->value, at);
}

/*
 * Only the first problem in a text is reported: it tells the writer what to
 * fix, and reporting each of thousands of braces would cost a scan apiece.
 */
static void check_placeholders(struct loader *ld, const struct node *node, const char *key,
		enum text_rule rule)
{
	const char *s = node->value, *end = s + node->len;
	const char *open = memchr(s, '{', node->len);
	while (open != NULL) {
		int column = column_in(node, (size_t)(open - s));
		const char *close = memchr(open, '}', (size_t)(end - open));
		if (close == NULL) {
			add_problem(ld, node->line, column,
				"'{' in '%s' is never closed; the only placeholders are {side} and {other}",
				key);
			return;
		}
		size_t name_len = (size_t)(close - open - 1);
		bool known = (name_len == 4 && memcmp(open + 1, "side", 4) == 0) ||
			(name_len == 5 && memcmp(open + 1, "other", 5) == 0);
		char text[EXCERPT_MAX * 4 + 8];
		excerpt(open, name_len + 2, text, sizeof(text));
		if (!known) {
			add_problem(ld, node->line, column,
				"unknown placeholder '%s' in '%s'; the only ones are {side} and {other}",
				text, key);
			return;
		}
		if (rule == TEXT_NO_PLACEHOLDERS) {
			add_problem(ld, node->line, column,
				"'%s' cannot use %s; a title names the whole exercise", key, text);
			return;
		}
		if (rule == TEXT_ONE_SIDED) {
			add_problem(ld, node->line, column,
				"%s in '%s' needs 'sides: both' on the exercise", text, key);
			return;
		}
		open = memchr(close + 1, '{', (size_t)(end - close - 1));
	}
}

/* Copy the text value of key into *out; false with a problem if it is not good text. */
static bool read_text(struct loader *ld, const struct node *node, const char *key,
		enum text_rule rule, char **out)
{
	char got[EXCERPT_MAX * 4 + 8];
	if (node->type != NODE_SCALAR || is_null(node)) {
		add_problem(ld, node->line, node->column, "expected a string for '%s', got %s", key,
			is_null(node) ? "nothing" : describe(node, got, sizeof(got)));
		return false;
	}
	if (node->len == 0) {
		add_problem(ld, node->line, node->column, "'%s' must not be empty", key);
		return false;
	}
	size_t before = problem_count(ld);
	check_placeholders(ld, node, key, rule);
	if (problem_count(ld) > before)
		return false;
	*out = strdup(node->value);
	if (*out == NULL) {
		ld->out_of_memory = true;
		return false;
	}
	return true;
}

/* A name used on the command line: 1 to 40 of [a-z0-9-], starting with a letter. */
static bool check_name(struct loader *ld, const struct node *node, const char *key)
{
	bool ok = node->len >= 1 && node->len <= NAME_MAX_LEN && node->value[0] >= 'a' &&
		node->value[0] <= 'z';
	for (size_t i = 0; ok && i < node->len; i++) {
		char c = node->value[i];
		ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
	}
	if (ok)
		return true;
	char got[EXCERPT_MAX * 4 + 8];
	add_problem(ld, node->line, node->column,
		"'%s' must be 1 to %d lowercase letters, digits or '-', starting with a letter; got %s",
		key, NAME_MAX_LEN, describe(node, got, sizeof(got)));
	return false;
}

/*
 * The number parsers point at the first character of the high end only when
 * it is lower than the low end: any other problem there is found later in
 * the text or is not a digit.
 */
static bool is_reversed_range(const struct node *node, size_t error_at)
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
static bool read_number(struct loader *ld, const struct node *node, const char *key,
		enum number_kind kind, struct mb_range *out)
{
	static const char *const examples[] = {
		[NUMBER_DURATION] = "a duration like 5s or 1m30s",
		[NUMBER_DURATION_RANGE] = "a duration like 5s or 20-30s",
		[NUMBER_COUNT_RANGE] = "a number like 5 or 5-10",
	};
	char got[EXCERPT_MAX * 4 + 8];
	if (node->type != NODE_SCALAR || is_null(node)) {
		add_problem(ld, node->line, node->column, "expected %s for '%s', got %s",
			examples[kind], key, is_null(node) ? "nothing" : describe(node, got, sizeof(got)));
		return false;
	}
	size_t error_at = 0;
	int ret;
	/* An escaped NUL would hide the rest of the text from the parsers. */
	if (strlen(node->value) != node->len) {
		ret = -EINVAL;
	} else if (kind == NUMBER_DURATION) {
		out->lo = 0;
		ret = mb_duration_parse(node->value, &out->lo, &error_at);
		out->hi = out->lo;
	} else if (kind == NUMBER_DURATION_RANGE) {
		ret = mb_duration_range_parse(node->value, out, &error_at);
	} else {
		ret = mb_count_range_parse(node->value, out, &error_at);
	}
	if (ret == 0)
		return true;

	int column = column_in(node, error_at < node->len ? error_at : node->len);
	describe(node, got, sizeof(got));
	if (ret == -ERANGE)
		add_problem(ld, node->line, column, "'%s' is far too large: %s", key, got);
	else if (node->len > 0 && node->value[0] == '-')
		add_problem(ld, node->line, node->column, "'%s' cannot be negative: %s", key, got);
	else if (is_reversed_range(node, error_at))
		add_problem(ld, node->line, column,
			"the range %s for '%s' goes down; write the smaller value first", got, key);
	else
		add_problem(ld, node->line, column, "expected %s for '%s', got %s", examples[kind],
			key, got);
	return false;
}

/*
 * How a duration may start: every cue lasts long enough to be followed; a
 * prepare may also be 0s, which skips it.
 */
enum duration_floor {
	DURATION_CUE,
	DURATION_CUE_OR_NONE,
};

/*
 * A duration (range) of what (say, "step 2 of exercise 1") at most
 * MB_MAX_STEP_US and at least MB_MIN_STEP_US, or 0 where the floor allows.
 */
static bool read_duration(struct loader *ld, const struct node *node, const char *key,
		const char *what, bool range, enum duration_floor floor, struct mb_range *out)
{
	if (!read_number(ld, node, key, range ? NUMBER_DURATION_RANGE : NUMBER_DURATION, out))
		return false;
	char text[32], limit[32];
	if (out->hi > MB_MAX_STEP_US) {
		add_problem(ld, node->line, node->column,
			"'%s' of %s is longer than the limit of %s for one step", key,
			mb_duration_format(out->hi, text, sizeof(text)),
			mb_duration_format(MB_MAX_STEP_US, limit, sizeof(limit)));
		return false;
	}
	if (out->lo < MB_MIN_STEP_US && !(floor == DURATION_CUE_OR_NONE && out->lo == 0)) {
		char got[EXCERPT_MAX * 4 + 8];
		add_problem(ld, node->line, node->column,
			"'%s' of %s must be %sat least %gs, got %s",
			key, what, floor == DURATION_CUE_OR_NONE ? "0s or " : "",
			(double)MB_MIN_STEP_US / (double)MB_US_PER_S, describe(node, got, sizeof(got)));
		return false;
	}
	return true;
}

static bool read_count(struct loader *ld, const struct node *node, const char *key,
		int64_t min, int64_t max, struct mb_range *out)
{
	if (!read_number(ld, node, key, NUMBER_COUNT_RANGE, out))
		return false;
	if (out->hi > max) {
		add_problem(ld, node->line, node->column, "'%s' of %lld is more than the limit of %lld",
			key, (long long)out->hi, (long long)max);
		return false;
	}
	if (out->lo < min) {
		add_problem(ld, node->line, node->column, "'%s' must be at least %lld", key,
			(long long)min);
		return false;
	}
	return true;
}

/* The keys of a pose written as a mapping: a named pose to start from, then changes to it. */
enum pose_key {
	POSE_LIKE,
	POSE_HEAD_TILT,
	POSE_HEAD_TURN,
	POSE_CHIN,
	POSE_SHOULDERS,
	POSE_ARMS,
	POSE_ARM_RAISE,
	POSE_ARM_OUT,
	POSE_ELBOWS,
	POSE_HANDS,
	POSE_TRUNK,
	POSE_BACK,
	POSE_KEYS,
};

static const char *const pose_keys[] = {
	[POSE_LIKE] = "like",
	[POSE_HEAD_TILT] = "head_tilt",
	[POSE_HEAD_TURN] = "head_turn",
	[POSE_CHIN] = "chin",
	[POSE_SHOULDERS] = "shoulders",
	[POSE_ARMS] = "arms",
	[POSE_ARM_RAISE] = "arm_raise",
	[POSE_ARM_OUT] = "arm_out",
	[POSE_ELBOWS] = "elbows",
	[POSE_HANDS] = "hands",
	[POSE_TRUNK] = "trunk",
	[POSE_BACK] = "back",
};

/* One word a pose key takes, and the values it stands for. */
struct pose_word {
	const char *word;
	double a, b, c;
};

static const struct pose_word chin_words[] = {
	{ "tuck", 20, 0, 0 },
	{ "level", 0, 0, 0 },
	{ "up", -15, 0, 0 },
	{ NULL, 0, 0, 0 },
};

/* Shoulder words set lift (a) or pull (b); c says which. */
static const struct pose_word shoulder_words[] = {
	{ "up", 1, 0, 0 },
	{ "down", -0.6, 0, 0 },
	{ "back", 0, 1, 1 },
	{ "forward", 0, -1, 1 },
	{ NULL, 0, 0, 0 },
};

/* Arms: raise, out, elbow; "wall" also puts a wall in front. */
static const struct pose_word arm_words[] = {
	{ "down", 0, 0, 0 },
	{ "forward", 90, 0, 0 },
	{ "up", 170, 10, 0 },
	{ "out", 0, 90, 0 },
	{ "wall", 88, 10, 92 },
	{ NULL, 0, 0, 0 },
};

static const struct pose_word hand_words[] = {
	{ "apart", 0, 0, 0 },
	{ "clasped", 1, 0, 0 },
	{ NULL, 0, 0, 0 },
};

static const struct pose_word back_words[] = {
	{ "straight", 0, 0, 0 },
	{ "rounded", 1, 0, 0 },
	{ NULL, 0, 0, 0 },
};

/* "a, b or c" into out. */
static const char *word_list(const struct pose_word *words, char *out, size_t len)
{
	size_t n = 0, used = 0;
	while (words[n].word)
		n++;
	out[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s",
			i == 0 ? "" : i + 1 == n ? " or " : ", ", words[i].word);
	return out;
}

static const struct pose_word *find_word(const struct pose_word *words, const char *s, size_t len)
{
	for (size_t i = 0; words[i].word; i++)
		if (strlen(words[i].word) == len && memcmp(words[i].word, s, len) == 0)
			return &words[i];
	return NULL;
}

/* The value of a word-valued pose key; NULL with a problem when it is not one of the words. */
static const struct pose_word *read_word(struct loader *ld, const struct node *node,
		const char *key, const struct pose_word *words)
{
	if (node->type == NODE_SCALAR && !is_null(node) && strlen(node->value) == node->len) {
		const struct pose_word *w = find_word(words, node->value, node->len);
		if (w)
			return w;
	}
	char got[EXCERPT_MAX * 4 + 8], list[96];
	add_problem(ld, node->line, node->column, "'%s' must be %s, got %s", key,
		word_list(words, list, sizeof(list)),
		is_null(node) ? "nothing" : describe(node, got, sizeof(got)));
	return NULL;
}

/* A number of degrees in [lo, hi]; false with a problem otherwise. */
static bool read_degrees(struct loader *ld, const struct node *node, const char *key, double lo,
		double hi, double *out)
{
	char got[EXCERPT_MAX * 4 + 8];
	if (node->type == NODE_SCALAR && !is_null(node) && strlen(node->value) == node->len &&
			node->len > 0 && node->len < 16) {
		char *end;
		errno = 0;
		double v = strtod(node->value, &end);
		if (*end == '\0' && errno == 0 && isfinite(v) && v >= lo && v <= hi) {
			*out = v;
			return true;
		}
	}
	add_problem(ld, node->line, node->column,
		"'%s' must be a number of degrees from %g to %g, got %s", key, lo, hi,
		is_null(node) ? "nothing" : describe(node, got, sizeof(got)));
	return false;
}

/* A built-in pose by name; false with a problem, and a suggestion when one is close. */
static bool read_pose_name(struct loader *ld, const struct node *node, const char *key,
		struct mb_pose *out)
{
	char got[EXCERPT_MAX * 4 + 8];
	if (node->type != NODE_SCALAR || is_null(node)) {
		add_problem(ld, node->line, node->column,
			"expected a pose name like wall-press for '%s', got %s", key,
			is_null(node) ? "nothing" : describe(node, got, sizeof(got)));
		return false;
	}
	if (strlen(node->value) == node->len && mb_pose_named(node->value, out))
		return true;
	excerpt(node->value, node->len, got, sizeof(got));
	const char *nearest = NULL;
	size_t best = 4;
	for (size_t i = 0; node->len <= EXCERPT_MAX && mb_pose_name(i); i++) {
		size_t d = edit_distance(node->value, node->len, mb_pose_name(i));
		if (d < best) {
			best = d;
			nearest = mb_pose_name(i);
		}
	}
	if (nearest)
		add_problem(ld, node->line, node->column, "unknown pose '%s'; did you mean '%s'?",
			got, nearest);
	else
		add_problem(ld, node->line, node->column,
			"unknown pose '%s'; name a built-in pose such as standing, shrug or "
			"wall-press (see doc/routine-format.md), or give a mapping of angles", got);
	return false;
}

/* Shoulder words, alone or two joined by '-' (up-back): lift and pull. */
static bool read_shoulders(struct loader *ld, const struct node *node, struct mb_pose *pose)
{
	if (node->type == NODE_SCALAR && !is_null(node) && strlen(node->value) == node->len) {
		if (strcmp(node->value, "relaxed") == 0) {
			pose->shoulder_lift = pose->shoulder_pull = 0;
			return true;
		}
		const char *dash = strchr(node->value, '-');
		size_t first = dash ? (size_t)(dash - node->value) : node->len;
		const struct pose_word *a = find_word(shoulder_words, node->value, first);
		const struct pose_word *b = dash ? find_word(shoulder_words, dash + 1,
			node->len - first - 1) : NULL;
		if (a && (!dash || (b && a->c != b->c))) {
			double lift = 0, pull = 0;
			for (int i = 0; i < 2; i++) {
				const struct pose_word *w = i == 0 ? a : b;
				if (w == NULL)
					continue;
				if (w->c > 0)
					pull = w->b;
				else
					lift = w->a;
			}
			pose->shoulder_lift = lift;
			pose->shoulder_pull = pull;
			return true;
		}
	}
	char got[EXCERPT_MAX * 4 + 8];
	add_problem(ld, node->line, node->column,
		"'shoulders' must be relaxed, up, down, back or forward, or an up/down word joined "
		"to a back/forward one like up-back; got %s",
		is_null(node) ? "nothing" : describe(node, got, sizeof(got)));
	return false;
}

/*
 * A pose: a built-in name, or a mapping of changes to one (like: NAME, else
 * standing). Every key is checked so one pass reports every problem.
 */
static bool read_pose(struct loader *ld, const struct node *node, const char *key,
		struct mb_pose *out)
{
	if (node->type != NODE_MAPPING)
		return read_pose_name(ld, node, key, out);
	size_t before = problem_count(ld);
	const struct node *keys[POSE_KEYS], *values[POSE_KEYS];
	read_fields(ld, node, "a pose", pose_keys, POSE_KEYS, keys, values);
	struct mb_pose p = mb_pose_standing();
	if (values[POSE_LIKE] != NULL)
		read_pose_name(ld, values[POSE_LIKE], "like", &p);
	if (values[POSE_HEAD_TILT] != NULL)
		read_degrees(ld, values[POSE_HEAD_TILT], "head_tilt", -MB_POSE_HEAD_TILT_MAX,
			MB_POSE_HEAD_TILT_MAX, &p.head_tilt_deg);
	if (values[POSE_HEAD_TURN] != NULL)
		read_degrees(ld, values[POSE_HEAD_TURN], "head_turn", -MB_POSE_HEAD_TURN_MAX,
			MB_POSE_HEAD_TURN_MAX, &p.head_turn_deg);
	const struct pose_word *w;
	if (values[POSE_CHIN] != NULL && (w = read_word(ld, values[POSE_CHIN], "chin", chin_words)))
		p.head_nod_deg = w->a;
	if (values[POSE_SHOULDERS] != NULL)
		read_shoulders(ld, values[POSE_SHOULDERS], &p);
	if (values[POSE_ARMS] != NULL && (w = read_word(ld, values[POSE_ARMS], "arms", arm_words))) {
		for (int a = 0; a < 2; a++) {
			p.arm_raise_deg[a] = w->a;
			p.arm_out_deg[a] = w->b;
			p.elbow_deg[a] = w->c;
		}
		p.wall = strcmp(w->word, "wall") == 0;
	}
	double deg;
	if (values[POSE_ARM_RAISE] != NULL && read_degrees(ld, values[POSE_ARM_RAISE], "arm_raise",
			0, MB_POSE_ARM_RAISE_MAX, &deg))
		p.arm_raise_deg[0] = p.arm_raise_deg[1] = deg;
	if (values[POSE_ARM_OUT] != NULL && read_degrees(ld, values[POSE_ARM_OUT], "arm_out", 0,
			MB_POSE_ARM_OUT_MAX, &deg))
		p.arm_out_deg[0] = p.arm_out_deg[1] = deg;
	if (values[POSE_ELBOWS] != NULL && read_degrees(ld, values[POSE_ELBOWS], "elbows", 0,
			MB_POSE_ELBOW_MAX, &deg))
		p.elbow_deg[0] = p.elbow_deg[1] = deg;
	if (values[POSE_HANDS] != NULL &&
			(w = read_word(ld, values[POSE_HANDS], "hands", hand_words)))
		p.clasp = w->a;
	if (values[POSE_TRUNK] != NULL)
		read_degrees(ld, values[POSE_TRUNK], "trunk", MB_POSE_TRUNK_MIN, MB_POSE_TRUNK_MAX,
			&p.trunk_lean_deg);
	if (values[POSE_BACK] != NULL && (w = read_word(ld, values[POSE_BACK], "back", back_words)))
		p.back_round = w->a;
	if (problem_count(ld) > before)
		return false;
	*out = p;
	return true;
}

/* A step's pose, or for a move a list of poses it passes through in turn. */
static void read_step_poses(struct loader *ld, const struct node *node, const char *what,
		struct mb_step *step)
{
	if (node->type != NODE_SEQUENCE) {
		if (read_pose(ld, node, "pose", &step->poses[0]))
			step->poses_len = 1;
		return;
	}
	if (step->kind != MB_STEP_MOVE && step->kind != MB_STEP_RELEASE &&
			step->kind != MB_STEP_REVERSE) {
		add_problem(ld, node->line, node->column,
			"a list of poses only applies to move, release and reverse steps; give a %s "
			"step one pose", mb_step_kind_name(step->kind));
		return;
	}
	if (!expect_list(ld, node, "pose", what, MB_POSE_KEYS_MAX))
		return;
	size_t n = 0;
	bool ok = true;
	for (const struct node *item = node->first; item != NULL; item = item->next)
		ok = read_pose(ld, item, "pose", &step->poses[n++]) && ok;
	if (ok)
		step->poses_len = n;
}

static void read_step(struct loader *ld, const struct node *node, size_t ex_index,
		size_t step_index, bool both_sides, struct mb_step *step)
{
	char what[64];
	snprintf(what, sizeof(what), "step %zu of exercise %zu", step_index + 1, ex_index + 1);
	if (!expect_mapping(ld, node, what))
		return;
	step->line = node->line;
	step->column = node->column;
	const struct node *keys[STEP_KEYS], *values[STEP_KEYS];
	uint32_t misspelled = read_fields(ld, node, what, step_keys, STEP_KEYS, keys, values);

	int kind = -1;
	for (int i = 0; i < STEP_KINDS; i++) {
		if (keys[i] == NULL)
			continue;
		if (kind >= 0) {
			add_problem(ld, keys[i]->line, keys[i]->column,
				"%s has both '%s' and '%s'; give each its own step", what, step_keys[kind],
				step_keys[i]);
			return;
		}
		kind = i;
	}
	if (kind < 0) {
		if (!(misspelled & ((UINT32_C(1) << STEP_KINDS) - 1)))
			add_problem(ld, node->line, node->column,
				"%s needs one of move, hold, release, rest, breathe, switch or reverse",
				what);
		return;
	}
	step->kind = (enum mb_step_kind)kind;
	enum text_rule rule = both_sides ? TEXT_BOTH_SIDES : TEXT_ONE_SIDED;
	read_text(ld, values[kind], step_keys[kind], rule, &step->text);
	bool breathe = step->kind == MB_STEP_BREATHE, hold = step->kind == MB_STEP_HOLD;

	step->time_us = (struct mb_range){ step_default_us[kind], step_default_us[kind] };
	bool time_ok = true;
	if (values[STEP_TIME] != NULL && breathe)
		add_problem(ld, keys[STEP_TIME]->line, keys[STEP_TIME]->column,
			"'time' does not apply to a breathe step; its length comes from breaths, in and out");
	else if (values[STEP_TIME] != NULL)
		time_ok = read_duration(ld, values[STEP_TIME], "time", what, true, DURATION_CUE,
			&step->time_us);

	step->reps = (struct mb_range){ 1, 1 };
	if (values[STEP_REPS] != NULL)
		read_count(ld, values[STEP_REPS], "reps", 1, MB_MAX_REPS, &step->reps);

	int64_t breaths = breathe ? DEFAULT_BREATHS : 0;
	step->breaths = (struct mb_range){ breaths, breaths };
	if (values[STEP_BREATHS] != NULL && !breathe && !hold) {
		add_problem(ld, keys[STEP_BREATHS]->line, keys[STEP_BREATHS]->column,
			"'breaths' only applies to hold and breathe steps");
	} else if (values[STEP_BREATHS] != NULL &&
			read_count(ld, values[STEP_BREATHS], "breaths", 1, MB_MAX_BREATHS,
				&step->breaths) && hold && time_ok) {
		/* Time and breaths are dosed together, so checking both ends covers every dose. */
		bool low_short = step->time_us.lo < step->breaths.lo * MIN_US_PER_BREATH;
		bool high_short = step->time_us.hi < step->breaths.hi * MIN_US_PER_BREATH;
		if (low_short || high_short) {
			char text[32];
			add_problem(ld, values[STEP_BREATHS]->line, values[STEP_BREATHS]->column,
				"a hold of %s is too short for %lld breaths; allow at least 2s per breath",
				mb_duration_format(low_short ? step->time_us.lo : step->time_us.hi,
					text, sizeof(text)),
				(long long)(low_short ? step->breaths.lo : step->breaths.hi));
		}
	}

	step->in_us = step->out_us = DEFAULT_BREATH_US;
	for (int i = STEP_IN; i <= STEP_OUT; i++) {
		if (values[i] == NULL)
			continue;
		if (!breathe) {
			add_problem(ld, keys[i]->line, keys[i]->column,
				"'%s' only applies to breathe steps", step_keys[i]);
			continue;
		}
		struct mb_range r;
		if (read_duration(ld, values[i], step_keys[i], what, false, DURATION_CUE, &r))
			*(i == STEP_IN ? &step->in_us : &step->out_us) = r.lo;
	}

	if (values[STEP_DIRECTION] != NULL)
		read_text(ld, values[STEP_DIRECTION], "direction", rule, &step->direction);

	if (values[STEP_POSE] != NULL)
		read_step_poses(ld, values[STEP_POSE], what, step);
}

static void read_setup(struct loader *ld, const struct node *node, const char *what,
		enum text_rule rule, struct mb_exercise *ex)
{
	if (node->type == NODE_SCALAR) {
		ex->setup = calloc(1, sizeof(*ex->setup));
		if (ex->setup == NULL) {
			ld->out_of_memory = true;
			return;
		}
		if (read_text(ld, node, "setup", rule, &ex->setup[0]))
			ex->setup_len = 1;
		return;
	}
	if (!expect_list(ld, node, "setup", what, SETUP_MAX))
		return;
	ex->setup = calloc(node->count, sizeof(*ex->setup));
	if (ex->setup == NULL) {
		ld->out_of_memory = true;
		return;
	}
	/* Every line is checked; only good ones are kept, and any bad one fails the load anyway. */
	for (const struct node *line = node->first; line != NULL; line = line->next) {
		if (read_text(ld, line, "setup", rule, &ex->setup[ex->setup_len]))
			ex->setup_len++;
	}
}

static void read_variants(struct loader *ld, const struct node *node, const char *ex_what,
		size_t ex_index, enum text_rule rule, struct mb_exercise *ex)
{
	if (!expect_list(ld, node, "variants", ex_what, VARIANTS_MAX))
		return;
	ex->variants = calloc(node->count, sizeof(*ex->variants));
	if (ex->variants == NULL) {
		ld->out_of_memory = true;
		return;
	}
	size_t index = 0;
	for (const struct node *item = node->first; item != NULL; item = item->next, index++) {
		char what[64];
		snprintf(what, sizeof(what), "variant %zu of exercise %zu", index + 1, ex_index + 1);
		if (!expect_mapping(ld, item, what))
			continue;
		const struct node *keys[VARIANT_KEYS], *values[VARIANT_KEYS];
		uint32_t misspelled = read_fields(ld, item, what, variant_keys, VARIANT_KEYS, keys,
			values);
		/* Owned by the exercise from here on, so a partly read variant is still freed. */
		struct mb_variant *variant = &ex->variants[ex->variants_len++];
		if (require(ld, item, what, variant_keys, values, misspelled, VARIANT_NAME) &&
				read_text(ld, values[VARIANT_NAME], "name", TEXT_NO_PLACEHOLDERS,
					&variant->name) &&
				check_name(ld, values[VARIANT_NAME], "name")) {
			for (size_t i = 0; i + 1 < ex->variants_len; i++) {
				if (ex->variants[i].name == NULL ||
						strcmp(ex->variants[i].name, variant->name) != 0)
					continue;
				add_problem(ld, values[VARIANT_NAME]->line,
					values[VARIANT_NAME]->column,
					"%s repeats the name '%s' of variant %zu", what, variant->name,
					i + 1);
				break;
			}
		}
		if (require(ld, item, what, variant_keys, values, misspelled, VARIANT_TITLE))
			read_text(ld, values[VARIANT_TITLE], "title", TEXT_NO_PLACEHOLDERS,
				&variant->title);
		if (require(ld, item, what, variant_keys, values, misspelled, VARIANT_TEXT))
			read_text(ld, values[VARIANT_TEXT], "text", rule, &variant->text);
	}
}

static void read_exercise(struct loader *ld, const struct node *node, size_t index,
		struct mb_exercise *ex)
{
	char what[32];
	snprintf(what, sizeof(what), "exercise %zu", index + 1);
	if (!expect_mapping(ld, node, what))
		return;
	ex->line = node->line;
	ex->column = node->column;
	const struct node *keys[EXERCISE_KEYS], *values[EXERCISE_KEYS];
	uint32_t misspelled = read_fields(ld, node, what, exercise_keys, EXERCISE_KEYS, keys,
		values);

	/* Sides first: whether {side} is allowed in the texts depends on it, wherever it is written. */
	const struct node *sides = values[EXERCISE_SIDES];
	bool sides_known = true;
	if (sides != NULL) {
		bool both = sides->type == NODE_SCALAR && strcmp(sides->value, "both") == 0;
		bool none = sides->type == NODE_SCALAR && strcmp(sides->value, "none") == 0;
		char got[EXCERPT_MAX * 4 + 8];
		if (!both && !none) {
			add_problem(ld, sides->line, sides->column,
				"'sides' must be 'both' or 'none', got %s",
				is_null(sides) ? "nothing" : describe(sides, got, sizeof(got)));
			sides_known = false;
		}
		ex->both_sides = both;
	}
	enum text_rule rule = ex->both_sides ? TEXT_BOTH_SIDES : TEXT_ONE_SIDED;

	if (require(ld, node, what, exercise_keys, values, misspelled, EXERCISE_TITLE))
		read_text(ld, values[EXERCISE_TITLE], "title", TEXT_NO_PLACEHOLDERS, &ex->title);
	if (values[EXERCISE_PURPOSE] != NULL)
		read_text(ld, values[EXERCISE_PURPOSE], "purpose", rule, &ex->purpose);
	if (values[EXERCISE_SETUP] != NULL)
		read_setup(ld, values[EXERCISE_SETUP], what, rule, ex);

	struct mb_range r = { DEFAULT_PREPARE_US, DEFAULT_PREPARE_US };
	if (values[EXERCISE_PREPARE] != NULL)
		read_duration(ld, values[EXERCISE_PREPARE], "prepare", what, false,
			DURATION_CUE_OR_NONE, &r);
	ex->prepare_us = r.lo;

	ex->reps = (struct mb_range){ 1, 1 };
	if (values[EXERCISE_REPS] != NULL)
		read_count(ld, values[EXERCISE_REPS], "reps", 1, MB_MAX_REPS, &ex->reps);

	/* A switch cue on a one-sided exercise would never be shown: likely a forgotten 'sides: both'. */
	for (int i = EXERCISE_SWITCH; i <= EXERCISE_SWITCH_TIME; i++) {
		if (keys[i] != NULL && !ex->both_sides && sides_known)
			add_problem(ld, keys[i]->line, keys[i]->column,
				"'%s' only applies to an exercise with 'sides: both'", exercise_keys[i]);
	}
	if (values[EXERCISE_SWITCH] != NULL)
		read_text(ld, values[EXERCISE_SWITCH], "switch", rule, &ex->switch_text);
	else if ((ex->switch_text = strdup("Switch sides")) == NULL)
		ld->out_of_memory = true;
	r = (struct mb_range){ DEFAULT_SWITCH_US, DEFAULT_SWITCH_US };
	if (values[EXERCISE_SWITCH_TIME] != NULL)
		read_duration(ld, values[EXERCISE_SWITCH_TIME], "switch_time", what, false,
			DURATION_CUE, &r);
	ex->switch_us = r.lo;

	const struct node *view = values[EXERCISE_VIEW];
	if (view != NULL) {
		static const char *const views[] = {
			[MB_VIEW_FRONT] = "front",
			[MB_VIEW_BACK] = "back",
			[MB_VIEW_SIDE] = "side",
		};
		size_t v = 0;
		while (v < 3 && !(view->type == NODE_SCALAR && strlen(view->value) == view->len &&
				strcmp(view->value, views[v]) == 0))
			v++;
		char got[EXCERPT_MAX * 4 + 8];
		if (v < 3)
			ex->view = (enum mb_view)v;
		else
			add_problem(ld, view->line, view->column,
				"'view' must be front, back or side, got %s",
				is_null(view) ? "nothing" : describe(view, got, sizeof(got)));
	}
	if (values[EXERCISE_POSE] != NULL)
		ex->has_pose = read_pose(ld, values[EXERCISE_POSE], "pose", &ex->pose);

	if (require(ld, node, what, exercise_keys, values, misspelled, EXERCISE_STEPS) &&
			expect_list(ld, values[EXERCISE_STEPS], "steps", what, MB_MAX_STEPS)) {
		const struct node *steps = values[EXERCISE_STEPS];
		ex->steps = calloc(steps->count, sizeof(*ex->steps));
		if (ex->steps == NULL) {
			ld->out_of_memory = true;
			return;
		}
		for (const struct node *item = steps->first; item != NULL; item = item->next) {
			read_step(ld, item, index, ex->steps_len, ex->both_sides,
				&ex->steps[ex->steps_len]);
			ex->steps_len++;
		}
	}

	if (values[EXERCISE_VARIANTS] != NULL)
		read_variants(ld, values[EXERCISE_VARIANTS], what, index, rule, ex);
}

/*
 * The sums below take each field at its own limit, so they must fit an
 * int64_t however the limits combine: the longest step is a breathe step of
 * MB_MAX_BREATHS breaths in and out of MB_MAX_STEP_US each, and an exercise
 * runs every step MB_MAX_REPS times, MB_MAX_REPS times on both sides.
 */
#define LONGEST_STEP_US ((int64_t)MB_MAX_BREATHS * 2 * MB_MAX_STEP_US)
_Static_assert(LONGEST_STEP_US * MB_MAX_REPS * MB_MAX_STEPS <=
	(INT64_MAX / MB_MAX_EXERCISES - 2 * MB_MAX_STEP_US) / (2 * MB_MAX_REPS),
	"the limits of one routine must keep its total inside int64_t");

/*
 * A routine is as long, and has as many cues, as it will ever have at its
 * highest dose: every count and length only grows with the level. Both are
 * sums over the steps, so they are checked here without unrolling a single
 * cue. The exercise that gives the most is named, as the place to cut.
 */
static void check_size(struct loader *ld, const struct mb_routine *routine)
{
	/* The done cue, then each exercise's share. */
	uint64_t cues = 1, most_cues = 0;
	int64_t total = 0, longest_us = 0;
	size_t most = 0, longest = 0;
	for (size_t i = 0; i < routine->exercises_len; i++) {
		uint64_t n = mb_exercise_cue_count(routine, i, 1.0);
		int64_t us = mb_exercise_total_us(routine, i, 1.0);
		cues += n;
		total += us;
		if (n > most_cues) {
			most_cues = n;
			most = i;
		}
		if (us > longest_us) {
			longest_us = us;
			longest = i;
		}
	}
	if (cues > MB_MAX_CUES) {
		const struct mb_exercise *ex = &routine->exercises[most];
		add_problem(ld, ex->line, ex->column,
			"at its longest the routine has %llu cues, more than the limit of %d; "
			"exercise %zu alone has %llu: give it fewer reps, steps or breaths",
			(unsigned long long)cues, MB_MAX_CUES, most + 1, (unsigned long long)most_cues);
	}
	if (total > MB_MAX_ROUTINE_US) {
		const struct mb_exercise *ex = &routine->exercises[longest];
		char text[32], limit[32], part[32];
		add_problem(ld, ex->line, ex->column,
			"the routine can take up to %s at its longest; the limit is %s, "
			"and exercise %zu alone takes %s",
			mb_duration_format(total, text, sizeof(text)),
			mb_duration_format(MB_MAX_ROUTINE_US, limit, sizeof(limit)), longest + 1,
			mb_duration_format(longest_us, part, sizeof(part)));
	}
}

static struct mb_routine *read_routine(struct loader *ld, const struct node *root)
{
	const char *what = "the routine";
	if (root->type != NODE_MAPPING) {
		char got[EXCERPT_MAX * 4 + 8];
		add_problem(ld, root->line, root->column,
			"expected a mapping with name, title and exercises at the top of the file, got %s",
			describe(root, got, sizeof(got)));
		return NULL;
	}
	struct mb_routine *routine = calloc(1, sizeof(*routine));
	if (routine == NULL) {
		ld->out_of_memory = true;
		return NULL;
	}
	const struct node *keys[ROUTINE_KEYS], *values[ROUTINE_KEYS];
	uint32_t misspelled = read_fields(ld, root, what, routine_keys, ROUTINE_KEYS, keys,
		values);

	if (require(ld, root, what, routine_keys, values, misspelled, ROUTINE_NAME) &&
			read_text(ld, values[ROUTINE_NAME], "name", TEXT_NO_PLACEHOLDERS, &routine->name))
		check_name(ld, values[ROUTINE_NAME], "name");
	if (require(ld, root, what, routine_keys, values, misspelled, ROUTINE_TITLE))
		read_text(ld, values[ROUTINE_TITLE], "title", TEXT_NO_PLACEHOLDERS, &routine->title);
	if (values[ROUTINE_SUMMARY] != NULL)
		read_text(ld, values[ROUTINE_SUMMARY], "summary", TEXT_NO_PLACEHOLDERS,
			&routine->summary);

	const struct node *exercises = values[ROUTINE_EXERCISES];
	if (require(ld, root, what, routine_keys, values, misspelled, ROUTINE_EXERCISES) &&
			expect_list(ld, exercises, "exercises", what, MB_MAX_EXERCISES)) {
		routine->exercises = calloc(exercises->count, sizeof(*routine->exercises));
		if (routine->exercises == NULL) {
			ld->out_of_memory = true;
			return routine;
		}
		for (const struct node *item = exercises->first; item != NULL; item = item->next) {
			read_exercise(ld, item, routine->exercises_len,
				&routine->exercises[routine->exercises_len]);
			routine->exercises_len++;
		}
	}

	/* Only a routine that is otherwise sound has a length worth reporting. */
	if (!had_problems(ld) && !ld->out_of_memory)
		check_size(ld, routine);
	return routine;
}

struct mb_routine *mb_routine_parse(const char *buf, size_t len, struct mb_diags *diags)
{
	/* Callers that only want the verdict may pass no list. */
	struct mb_diags scratch = { 0 };
	struct loader ld = {
		.diags = diags != NULL ? diags : &scratch,
	};
	ld.problems_before = problem_count(&ld);

	if (len > MB_ROUTINE_MAX_BYTES) {
		add_problem(&ld, 0, 0, "the file is %zu bytes; a routine file may be at most %d KiB",
			len, MB_ROUTINE_MAX_BYTES / 1024);
		return NULL;
	}
	/* libyaml insists on a buffer even when it is empty. */
	if (buf == NULL) {
		buf = "";
		len = 0;
	}
	/*
	 * Editors on some systems start UTF-8 files with a byte-order mark.
	 * libyaml, told the encoding, would take it for a character of the first
	 * line; skipped here, it leaves every line and column where an editor
	 * shows it.
	 */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (len >= 2 && (memcmp(buf, "\xff\xfe", 2) == 0 || memcmp(buf, "\xfe\xff", 2) == 0)) {
		add_problem(&ld, 1, 1, "the file is UTF-16 text (it starts with a UTF-16 byte-order "
			"mark); save it as UTF-8");
		return NULL;
	}
	if (!check_encoding(&ld, buf, len))
		return NULL;

	struct mb_routine *routine = NULL;
	const struct node *root = read_tree(&ld, buf, len);
	if (root != NULL)
		routine = read_routine(&ld, root);
	free_nodes(&ld);

	if (ld.out_of_memory)
		add_problem(&ld, 0, 0, "out of memory while reading the routine");
	if (had_problems(&ld) || routine == NULL) {
		if (!had_problems(&ld))
			add_problem(&ld, 0, 0, "the routine could not be read");
		mb_routine_destroy(routine);
		return NULL;
	}
	return routine;
}
