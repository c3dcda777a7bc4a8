/* What the routine loader's tests share: exact-length parsing, files of the source tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/routine-yaml.h"
#include "routine-fixture.h"

struct mb_routine *routine_fixture_parse(const char *text, size_t len, struct mb_diags *diags)
{
	char *copy = malloc(len > 0 ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	struct mb_routine *routine = mb_routine_parse(copy, len, diags);
	free(copy);
	return routine;
}

char *routine_fixture_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

void routine_fixture_print_diags(const struct mb_diags *diags)
{
	for (size_t i = 0; i < diags->len; i++)
		print_message("  %d:%d: %s\n", diags->items[i].line, diags->items[i].column,
			diags->items[i].message);
}

struct mb_routine *routine_fixture_load(const char *rel, struct mb_diags *diags)
{
	const char *root = getenv("MB_SOURCE_ROOT");
	if (root == NULL) {
		print_message("MB_SOURCE_ROOT is not set; run this through meson test\n");
		skip();
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	size_t len = 0;
	char *buf = routine_fixture_read_file(path, &len);
	if (buf == NULL)
		fail_msg("cannot read %s", path);
	struct mb_routine *routine = routine_fixture_parse(buf, len, diags);
	free(buf);
	return routine;
}
