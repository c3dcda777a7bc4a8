/* Bytes to a checked YAML tree: the encoding first, then libyaml's events into nodes. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "parse/yaml-tree.h"

#define NODES_PER_CHUNK 256

/* Nodes come from chunks so the whole tree is freed in one walk, whatever its shape. */
struct node_chunk {
	struct mb_yaml_node nodes[NODES_PER_CHUNK];
	size_t used;
	struct node_chunk *prev;
};

struct mb_yaml_tree {
	struct node_chunk *chunks;
	struct mb_yaml_node *root;
};

void mb_yaml_report_init(struct mb_yaml_report *report, struct mb_diags *diags)
{
	*report = (struct mb_yaml_report){ .diags = diags };
	report->before = mb_yaml_report_count(report);
}

size_t mb_yaml_report_count(const struct mb_yaml_report *report)
{
	return report->diags->len + report->diags->dropped;
}

bool mb_yaml_report_failed(const struct mb_yaml_report *report)
{
	return mb_yaml_report_count(report) > report->before;
}

void mb_yaml_report_add(struct mb_yaml_report *report, int line, int column, const char *fmt, ...)
{
	/* A pathological file may have a problem per byte: past the cap, count without formatting. */
	if (report->diags->len >= MB_DIAG_MAX) {
		report->diags->dropped++;
		return;
	}
	char message[sizeof(report->diags->items[0].message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	mb_diags_add(report->diags, line, column, "%s", message);
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
	return cp == 0x09 || cp == 0x0a || cp == 0x0d || (cp >= 0x20 && cp <= 0x7e) || cp == 0x85 ||
		(cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
		(cp >= 0x10000 && cp <= 0x10ffff);
}

/*
 * Check the bytes before libyaml sees them. libyaml would refuse the same
 * bytes, but it decodes ahead in chunks and reports a byte offset; doing it
 * here gives the exact line and column and a message a person can act on.
 */
static bool check_encoding(struct mb_yaml_report *report, const char *buf, size_t len,
	const char *file_kind)
{
	const unsigned char *s = (const unsigned char *)buf;
	int line = 1, column = 1;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t width = utf8_decode(s + i, len - i, &cp);
		if (width == 0) {
			mb_yaml_report_add(report, line, column,
				"the file is not valid UTF-8 text (byte 0x%02x); save it as UTF-8",
				s[i]);
			return false;
		}
		if (cp == 0) {
			mb_yaml_report_add(report, line, column,
				"the file contains a NUL byte; %s must be plain text", file_kind);
			return false;
		}
		if (!is_printable(cp)) {
			mb_yaml_report_add(report, line, column,
				"the file contains the control character U+%04X; %s must be plain text",
				(unsigned)cp, file_kind);
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

/* Escapes in quoted text can hold control characters; those must not reach the terminal. */
const char *mb_yaml_excerpt(const char *s, size_t len, char *out, size_t out_len)
{
	size_t n = 0, chars = 0, i = 0;
	while (i < len && chars < MB_YAML_EXCERPT_MAX) {
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

/* Every key is asked this, so it compares lengths first; plain text holds no escaped NUL. */
bool mb_yaml_node_is_null(const struct mb_yaml_node *node)
{
	if (node->type != MB_YAML_SCALAR || !node->plain)
		return false;
	const char *v = node->value;
	switch (node->len) {
	case 0:
		return true;
	case 1:
		return v[0] == '~';
	case 4:
		return memcmp(v, "null", 4) == 0 || memcmp(v, "Null", 4) == 0 ||
			memcmp(v, "NULL", 4) == 0;
	default:
		return false;
	}
}

const char *mb_yaml_node_describe(const struct mb_yaml_node *node, char *out, size_t out_len)
{
	switch (node->type) {
	case MB_YAML_SEQUENCE:
		return "a list";
	case MB_YAML_MAPPING:
		return "a mapping";
	case MB_YAML_SCALAR:
		break;
	}
	if (mb_yaml_node_is_null(node))
		return "nothing";
	char text[MB_YAML_QUOTE_SIZE];
	snprintf(out, out_len, "'%s'", mb_yaml_excerpt(node->value, node->len, text, sizeof(text)));
	return out;
}

int mb_yaml_node_column(const struct mb_yaml_node *node, size_t at)
{
	if (!node->exact)
		return node->column;
	return node->text_column + (int)count_chars(node->value, at);
}

/* What one load needs while the events arrive. */
struct builder {
	struct mb_yaml_report *report;
	struct mb_yaml_tree *tree;
	const struct mb_yaml_limits *limits;
};

static struct mb_yaml_node *new_node(struct builder *b, enum mb_yaml_type type, yaml_mark_t mark)
{
	struct node_chunk *chunk = b->tree->chunks;
	if (chunk == NULL || chunk->used == NODES_PER_CHUNK) {
		chunk = calloc(1, sizeof(*chunk));
		if (chunk == NULL) {
			b->report->out_of_memory = true;
			return NULL;
		}
		chunk->prev = b->tree->chunks;
		b->tree->chunks = chunk;
	}
	struct mb_yaml_node *node = &chunk->nodes[chunk->used++];
	*node = (struct mb_yaml_node){
		.type = type,
		.line = (int)mark.line + 1,
		.column = (int)mark.column + 1,
	};
	return node;
}

static void append_child(struct mb_yaml_node *parent, struct mb_yaml_node *child)
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
static void check_scalar_text(struct mb_yaml_report *report, const struct mb_yaml_node *node)
{
	const unsigned char *s = (const unsigned char *)node->value;
	for (size_t i = 0; i < node->len; i++) {
		unsigned cp = s[i];
		if (cp == 0xc2 && i + 1 < node->len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
			cp = s[i + 1];
		else if (!(cp < 0x20 || cp == 0x7f) || cp == '\t' || cp == '\n')
			continue;
		mb_yaml_report_add(report, node->line, node->column,
			"text must not contain control characters (found U+%04X)", cp);
		return;
	}
}

static struct mb_yaml_node *new_scalar(struct builder *b, const yaml_event_t *event)
{
	struct mb_yaml_node *node = new_node(b, MB_YAML_SCALAR, event->start_mark);
	if (node == NULL)
		return NULL;
	size_t len = event->data.scalar.length;
	node->value = malloc(len + 1);
	if (node->value == NULL) {
		b->report->out_of_memory = true;
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
	check_scalar_text(b->report, node);
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
static void report_yaml_error(struct mb_yaml_report *report, const yaml_parser_t *parser,
	const char *buf, size_t len)
{
	switch (parser->error) {
	case YAML_MEMORY_ERROR:
		report->out_of_memory = true;
		return;
	case YAML_READER_ERROR:
		/* check_encoding() refuses these bytes first; this is a safety net. */
		mb_yaml_report_add(report, 0, 0, "the file is not readable text: %s at byte %zu",
			parser->problem, parser->problem_offset);
		return;
	default:
		break;
	}
	int line = (int)parser->problem_mark.line + 1,
	    column = (int)parser->problem_mark.column + 1;
	const char *problem = parser->problem != NULL ? parser->problem : "unknown problem";
	uint32_t found = char_at(buf, len, parser->problem_mark.line, parser->problem_mark.column);
	if (strstr(problem, "tab character") != NULL ||
		(found == '\t' && strstr(problem, "cannot start any token") != NULL)) {
		mb_yaml_report_add(report, line, column,
			"invalid YAML: %s (indent with spaces, not tabs)", problem);
	} else if ((found == '@' || found == '`') && strstr(problem, "cannot start any token")) {
		/* YAML reserves these; a value that starts with one needs quotes. */
		mb_yaml_report_add(report, line, column,
			"invalid YAML: text cannot start with '%c'; put it in quotes", (char)found);
	} else if (parser->context != NULL) {
		mb_yaml_report_add(report, line, column,
			"invalid YAML: %s, %s at line %d, column %d", problem, parser->context,
			(int)parser->context_mark.line + 1, (int)parser->context_mark.column + 1);
	} else {
		mb_yaml_report_add(report, line, column, "invalid YAML: %s", problem);
	}
}

/* Features that make a file mean more than it says; refused wherever they appear. */
static bool check_node_event(struct mb_yaml_report *report, const yaml_event_t *event)
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
		mb_yaml_report_add(report, line, column, "anchors and aliases are not supported");
		return false;
	}
	if (tag != NULL) {
		char text[MB_YAML_QUOTE_SIZE];
		const char *t = (const char *)tag;
		mb_yaml_report_add(report, line, column, "tags such as '%s' are not supported",
			mb_yaml_excerpt(t, strlen(t), text, sizeof(text)));
		return false;
	}
	return true;
}

/*
 * Build the tree of the one document in buf from libyaml's events. Returns
 * false with a problem added, or out of memory noted, at the first thing
 * refused: what follows a syntax error or a refused feature cannot be trusted.
 */
static bool build(struct builder *b, const char *buf, size_t len)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		b->report->out_of_memory = true;
		return false;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	struct mb_yaml_node *stack[MB_YAML_DEPTH_MAX];
	size_t depth = 0;
	int documents = 0;
	bool ok = true, done = false;
	while (ok && !done) {
		yaml_event_t event;
		if (!yaml_parser_parse(&parser, &event)) {
			report_yaml_error(b->report, &parser, buf, len);
			ok = false;
			break;
		}
		int line = (int)event.start_mark.line + 1,
		    column = (int)event.start_mark.column + 1;
		struct mb_yaml_node *node = NULL;
		switch (event.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				mb_yaml_report_add(b->report, line, column,
					"%s holds one document, but a second one starts here",
					b->limits->file_kind);
				ok = false;
			}
			break;
		case YAML_ALIAS_EVENT:
			ok = check_node_event(b->report, &event);
			break;
		case YAML_SCALAR_EVENT:
			ok = check_node_event(b->report, &event) &&
				(node = new_scalar(b, &event)) != NULL;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (!check_node_event(b->report, &event)) {
				ok = false;
				break;
			}
			if (depth == MB_YAML_DEPTH_MAX) {
				mb_yaml_report_add(b->report, line, column,
					"lists and mappings are nested deeper than %d levels",
					MB_YAML_DEPTH_MAX);
				ok = false;
				break;
			}
			node = new_node(b,
				event.type == YAML_SEQUENCE_START_EVENT ? MB_YAML_SEQUENCE :
									  MB_YAML_MAPPING,
				event.start_mark);
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
				b->tree->root = node;
			if (node->type != MB_YAML_SCALAR)
				stack[depth++] = node;
		}
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	return ok;
}

struct mb_yaml_tree *mb_yaml_tree_load(struct mb_yaml_report *report, const char *buf, size_t len,
	const struct mb_yaml_limits *limits)
{
	if (len > limits->max_bytes) {
		mb_yaml_report_add(report, 0, 0, "the file is %zu bytes; %s may be at most %zu KiB",
			len, limits->file_kind, limits->max_bytes / 1024);
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
		mb_yaml_report_add(report, 1, 1,
			"the file is UTF-16 text (it starts with a UTF-16 "
			"byte-order mark); save it as UTF-8");
		return NULL;
	}
	if (!check_encoding(report, buf, len, limits->file_kind))
		return NULL;

	struct mb_yaml_tree *tree = calloc(1, sizeof(*tree));
	if (tree == NULL) {
		report->out_of_memory = true;
		return NULL;
	}
	struct builder b = { .report = report, .tree = tree, .limits = limits };
	if (!build(&b, buf, len)) {
		mb_yaml_tree_destroy(tree);
		return NULL;
	}
	return tree;
}

const struct mb_yaml_node *mb_yaml_tree_root(const struct mb_yaml_tree *tree)
{
	return tree->root;
}

void mb_yaml_tree_destroy(struct mb_yaml_tree *tree)
{
	if (tree == NULL)
		return;
	struct node_chunk *chunk = tree->chunks;
	while (chunk != NULL) {
		struct node_chunk *prev = chunk->prev;
		for (size_t i = 0; i < chunk->used; i++)
			free(chunk->nodes[i].value);
		free(chunk);
		chunk = prev;
	}
	free(tree);
}
