/* Typed readers over a YAML tree: keys, lists, text, words, numbers; each says what is wrong. */
#ifndef MB_PARSE_YAML_READ_H
#define MB_PARSE_YAML_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/routine.h"
#include "parse/yaml-tree.h"

/*
 * Every reader takes the node to read and the key it is the value of, for
 * messages. On success it fills its output and returns true (or an index);
 * otherwise it adds one problem at the node to the report, leaves the output
 * alone and returns false (or -1). A reader never stops the load: the caller
 * reads on, so that one pass reports every problem.
 */

/**
 * A list of words: the keys of a mapping, or the words a value may be. A
 * word's index is what it reads as, so tables are indexed by an enum.
 */
struct mb_yaml_words {
	/* The words, len of them; or NULL, and word_at gives word i (NULL past the last). */
	const char *const *words;
	size_t len;
	const char *(*word_at)(size_t i);
	/*
	 * An open list, such as the built-in poses, names what its words are and
	 * suggests the nearest ("unknown pose 'x'; did you mean 'y'?"); NULL for a
	 * closed list, whose message gives all the words ("'view' must be front,
	 * back or side"). Keys are read as an open list of noun "key".
	 */
	const char *noun;
	/* Open lists: a word at most this many edits away is suggested. */
	size_t max_edits;
	/* Open lists: what to say when no word is near; NULL: "expected one of: " and the words. */
	const char *hint;
	/* Open lists: what a value that is not text should have been ("a pose name like x"). */
	const char *expected;
	/* Closed lists: quote the words in the message ('both' or 'none'). */
	bool quote;
};

/** Word i of a list, or NULL past its end. */
const char *mb_yaml_words_get(const struct mb_yaml_words *words, size_t i);

/** The index of the word that is exactly len bytes of s, or -1. */
int mb_yaml_words_find(const struct mb_yaml_words *words, const char *s, size_t len);

/**
 * Write the words into out as a list for a message, each separated by ", "
 * and the last by last_sep (" or ", or ", "), quoted if the list says so.
 * A list too long for out is cut. Returns out.
 */
const char *mb_yaml_words_join(const struct mb_yaml_words *words, const char *last_sep, char *out,
	size_t out_len);

/**
 * Read a scalar that must be one of the words (compared whole, so text
 * holding an escaped NUL is no word). Returns the word's index, or -1 with
 * a problem: for a closed list "'key' must be a, b or c, got ...", for an
 * open list "unknown NOUN '...'" and the nearest word or the hint.
 */
int mb_yaml_read_enum(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const struct mb_yaml_words *words, const char *key);

/**
 * Find the known keys of a mapping. For each key i of keys, values[i] is its
 * value and key_nodes[i] the key itself, or both NULL when it is absent.
 * Keys that are not text, unknown keys (with the nearest suggested) and
 * repeated keys are reported, each in what ("step 2 of exercise 1"), and
 * otherwise ignored, so the rest of the mapping is still read. keys is an
 * array (words and len) of at most 32 words. Returns a bit for each key suggested in place of a
 * misspelled one: a key known to be there under another spelling need not
 * also be called missing (see mb_yaml_require).
 */
uint32_t mb_yaml_read_fields(struct mb_yaml_report *report, const struct mb_yaml_node *map,
	const char *what, const struct mb_yaml_words *keys, const struct mb_yaml_node **key_nodes,
	const struct mb_yaml_node **values);

/**
 * Whether key i was found by mb_yaml_read_fields() (misspelled is what it
 * returned). If not, reports "WHAT is missing 'KEY'" at the mapping, unless
 * that key was suggested for a misspelled one. Returns whether values[i] is set.
 */
bool mb_yaml_require(struct mb_yaml_report *report, const struct mb_yaml_node *map,
	const char *what, const struct mb_yaml_words *keys, const struct mb_yaml_node **values,
	uint32_t misspelled, size_t i);

/** Whether a node is a mapping; if not, reports "expected a mapping for WHAT". */
bool mb_yaml_expect_mapping(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *what);

/** Whether a node is a list of 1 to max entries, the value of key in what; reports otherwise. */
bool mb_yaml_expect_list(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, const char *what, size_t max);

/**
 * Read a scalar as non-empty text. Returns its value, owned by the tree and
 * NUL-terminated (node->len bytes, as it may hold escaped NULs), or NULL
 * with a problem.
 */
const char *mb_yaml_read_text(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key);

/**
 * Check that text already read is a name fit for a command line: 1 to
 * max_len of a-z, 0-9 and '-', starting with a letter. Returns whether it is.
 */
bool mb_yaml_check_name(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, size_t max_len);

/** Read a duration ("90s", "1m30s", "1.5", in seconds when bare) into microseconds. */
bool mb_yaml_read_duration(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, int64_t *out_us);

/** Read a duration or a range of them ("5s", "20-30s", "20s-30s") into microseconds. */
bool mb_yaml_read_duration_range(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, struct mb_range *out_us);

/** Read a whole count or a range of them ("5", "5-10"), lo at least min and hi at most max. */
bool mb_yaml_read_count(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, int64_t min, int64_t max, struct mb_range *out);

/** Read YAML's true or false (also True, TRUE, False, FALSE), unquoted. */
bool mb_yaml_read_bool(struct mb_yaml_report *report, const struct mb_yaml_node *node,
	const char *key, bool *out);

#endif
