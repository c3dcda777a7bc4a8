/* A YAML document as a small checked tree of mappings, lists and text, each node with its place. */
#ifndef MB_PARSE_YAML_TREE_H
#define MB_PARSE_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

/*
 * Nesting is checked while the events arrive, so a file of a hundred thousand
 * '[' is refused after 33 of them instead of being built into a tree first.
 */
#define MB_YAML_DEPTH_MAX 32
/* Longest piece of user text quoted back in a message; diagnostics are short lines. */
#define MB_YAML_EXCERPT_MAX 32
/* Room for a quoted excerpt: every character may take 4 bytes, plus quotes and "...". */
#define MB_YAML_QUOTE_SIZE (MB_YAML_EXCERPT_MAX * 4 + 8)

/**
 * Where the problems of one load go: the caller's list, how many it held
 * when the load began, and whether memory ran out (reported once, at the end,
 * by whoever started the load).
 */
struct mb_yaml_report {
	struct mb_diags *diags;
	size_t before;
	bool out_of_memory;
};

/** Start a report into diags, which may already hold problems; those are not this load's. */
void mb_yaml_report_init(struct mb_yaml_report *report, struct mb_diags *diags);

/**
 * Add a problem at a 1-based line and column (0, 0 for the whole file).
 * Past MB_DIAG_MAX problems are only counted, never formatted.
 */
void mb_yaml_report_add(struct mb_yaml_report *report, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/** How many problems the list has seen, kept and dropped, including those from before the load. */
size_t mb_yaml_report_count(const struct mb_yaml_report *report);

/** Whether this load has added a problem. */
bool mb_yaml_report_failed(const struct mb_yaml_report *report);

enum mb_yaml_type {
	MB_YAML_SCALAR,
	MB_YAML_SEQUENCE,
	MB_YAML_MAPPING,
};

/** One node of the tree; a mapping's children alternate key, value. Owned by its tree. */
struct mb_yaml_node {
	enum mb_yaml_type type;
	/* 1-based, where the node starts. */
	int line, column;
	/* Scalars: the decoded text, NUL-terminated (it may hold escaped NULs), and
	 * whether it was written without quotes. */
	char *value;
	size_t len;
	bool plain;
	/*
	 * The value is the source text unchanged on one line, so a problem inside
	 * it can be pointed at exactly: its first character is at text_column.
	 */
	bool exact;
	int text_column;
	/* Sequences and mappings: the children, in order, and how many. */
	struct mb_yaml_node *first, *last;
	size_t count;
	/* The next child of the same parent, or NULL. */
	struct mb_yaml_node *next;
};

/** What a file must be before it is built into a tree. */
struct mb_yaml_limits {
	/* What the file is, for messages: "a routine file". */
	const char *file_kind;
	/* Larger files are refused before any byte is read. */
	size_t max_bytes;
};

struct mb_yaml_tree;

/**
 * Check len bytes of buf (not NUL-terminated; NULL when len is 0) and build
 * the tree of the one document in them. A UTF-8 byte-order mark is skipped
 * so that lines and columns are those an editor shows. Refused, each with a
 * problem at its line and column: more than max_bytes, UTF-16, bytes that
 * are not UTF-8, NUL bytes and control characters, YAML syntax errors,
 * anchors, aliases and tags, a second document, and nesting deeper than
 * MB_YAML_DEPTH_MAX. The load stops at the first of these: what follows
 * cannot be trusted. A control character put into text by an escape ("\e")
 * is reported too, but the tree is still built, so that its readers can
 * report the rest; the load has failed all the same.
 *
 * Returns a new tree owned by the caller, or NULL with a problem added or
 * report->out_of_memory set. Repeated keys are kept: which keys count is
 * the readers' business (mb_yaml_read_fields).
 */
struct mb_yaml_tree *mb_yaml_tree_load(struct mb_yaml_report *report, const char *buf, size_t len,
	const struct mb_yaml_limits *limits);

/** The document's root node, or NULL when the file holds no document at all. */
const struct mb_yaml_node *mb_yaml_tree_root(const struct mb_yaml_tree *tree);

/** Free a tree and all its nodes. NULL-safe. */
void mb_yaml_tree_destroy(struct mb_yaml_tree *tree);

/** Whether a node is YAML's null: an unquoted empty value, ~, null, Null or NULL. */
bool mb_yaml_node_is_null(const struct mb_yaml_node *node);

/**
 * How a node looks, for "got ..." in messages: nothing, a list, a mapping,
 * or its text quoted and cut short (see mb_yaml_excerpt). out holds at least
 * MB_YAML_QUOTE_SIZE bytes. Returns a string that lives as long as out.
 */
const char *mb_yaml_node_describe(const struct mb_yaml_node *node, char *out, size_t out_len);

/**
 * The column of character offset at (in bytes) of a scalar's value: exact
 * when the value is its source text on one line, else the node's column.
 */
int mb_yaml_node_column(const struct mb_yaml_node *node, size_t at);

/**
 * Copy at most MB_YAML_EXCERPT_MAX characters of the UTF-8 text s (len bytes)
 * into out, as one printable line for quoting in a message: line breaks and
 * tabs become spaces, other control characters '?', and a cut shows as "...".
 * out holds at least MB_YAML_QUOTE_SIZE bytes. Returns out.
 */
const char *mb_yaml_excerpt(const char *s, size_t len, char *out, size_t out_len);

#endif
