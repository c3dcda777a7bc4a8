/* Program lookup: user files in the config directory, then the programs built into the binary. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/builtin.h"
#include "app/catalog.h"
#include "app/exit.h"
#include "app/programs.h"
#include "app/readfile.h"
#include "app/settings.h"
#include "app/shelf.h"
#include "parse/program-yaml.h"

static const struct mb_shelf shelf = { .folder = "programs", .builtins = mb_builtin_programs };

static struct mb_program *parse_buffer(const char *buf, size_t len, const char *name, bool quiet,
	int *exit_code)
{
	struct mb_diags diags = { 0 };
	struct mb_program *program = mb_program_parse(buf, len, &diags);
	if (!program) {
		if (diags.len == 0)
			mb_diags_add(&diags, 1, 1, "cannot load this program");
		if (!quiet)
			mb_shelf_print_diags(stderr, name, &diags);
		*exit_code = MB_EXIT_USAGE;
	}
	return program;
}

static struct mb_program *load_file(const char *path, bool quiet, int *exit_code)
{
	char *buf = NULL;
	size_t len = 0;
	int r = mb_read_file(path, MB_PROGRAM_MAX_BYTES, &buf, &len);
	if (r == -EFBIG) {
		if (!quiet)
			fprintf(stderr,
				"%s:1:1: the file is larger than %d KiB, the most a program file "
				"may be\n",
				path, MB_PROGRAM_MAX_BYTES / 1024);
		*exit_code = MB_EXIT_USAGE;
		return NULL;
	}
	if (r < 0) {
		if (!quiet)
			fprintf(stderr, "%s: cannot read: %s\n", path, mb_read_file_strerror(r));
		*exit_code = r == -ENOMEM ? MB_EXIT_FAILURE : MB_EXIT_USAGE;
		return NULL;
	}
	struct mb_program *program = parse_buffer(buf, len, path, quiet, exit_code);
	free(buf);
	return program;
}

struct mb_program *mb_programs_load(const char *arg, bool quiet, int *exit_code)
{
	if (mb_shelf_is_path(arg))
		return load_file(arg, quiet, exit_code);

	char path[4096];
	if (mb_shelf_find_user(&shelf, arg, path, sizeof(path)))
		return load_file(path, quiet, exit_code);

	const struct mb_builtin *b = mb_shelf_find_builtin(&shelf, arg);
	if (b) {
		char name[128];
		snprintf(name, sizeof(name), "built-in:%s.yaml", b->name);
		return parse_buffer(b->yaml, b->len, name, quiet, exit_code);
	}

	if (!quiet) {
		fprintf(stderr, "movebreak: no program named '%s'. Known programs:", arg);
		struct mb_shelf_item items[64];
		int n = mb_shelf_list(&shelf, items, 64);
		for (int i = 0; i < n; i++)
			fprintf(stderr, "%s %s", i ? "," : "", items[i].name);
		fprintf(stderr, "\n(see 'movebreak programs')\n");
	}
	*exit_code = MB_EXIT_USAGE;
	return NULL;
}

size_t mb_programs_missing_routines(const struct mb_program *program, char *out, size_t out_len)
{
	size_t missing = 0, used = 0;
	if (out_len > 0)
		out[0] = '\0';
	for (size_t i = 0; i < program->blocks_len; i++) {
		const struct mb_program_block *b = &program->blocks[i];
		for (size_t j = 0; j < b->routines_len; j++) {
			const char *name = b->routines[j];
			/* Each name once: skip it if an earlier place gave it. */
			bool seen = false;
			for (size_t k = 0; k <= i && !seen; k++)
				for (size_t l = 0;
					l < (k == i ? j : program->blocks[k].routines_len); l++)
					seen = seen ||
						strcmp(program->blocks[k].routines[l], name) == 0;
			if (seen || mb_catalog_exists(name))
				continue;
			missing++;
			if (used < out_len) {
				int n = snprintf(out + used, out_len - used, "%s%s",
					missing > 1 ? ", " : "", name);
				used += n > 0 ? (size_t)n : 0;
			}
		}
	}
	return missing;
}

int mb_programs_list(struct mb_shelf_item *items, size_t max)
{
	return mb_shelf_list(&shelf, items, max);
}
