/* Program lookup: user files in the config directory, then the programs built into the binary. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/builtin.h"
#include "app/catalog.h"
#include "app/exit.h"
#include "app/programs.h"
#include "app/readfile.h"
#include "app/settings.h"
#include "parse/program-yaml.h"
#include "platform/paths.h"

/* Problems always read FILE:LINE:COLUMN: one about the whole file is pinned to its start. */
static void print_diags(const char *name, struct mb_diags *diags)
{
	for (size_t i = 0; i < diags->len; i++) {
		struct mb_diag *d = &diags->items[i];
		if (d->line <= 0)
			d->line = 1;
		if (d->column <= 0)
			d->column = 1;
	}
	mb_diags_print(stderr, "", name, diags);
}

static struct mb_program *parse_buffer(const char *buf, size_t len, const char *name, bool quiet,
	int *exit_code)
{
	struct mb_diags diags = { 0 };
	struct mb_program *program = mb_program_parse(buf, len, &diags);
	if (!program) {
		if (diags.len == 0)
			mb_diags_add(&diags, 1, 1, "cannot load this program");
		if (!quiet)
			print_diags(name, &diags);
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

static bool looks_like_path(const char *arg)
{
	size_t n = strlen(arg);
	return strchr(arg, '/') || (n > 5 && strcmp(arg + n - 5, ".yaml") == 0) ||
		(n > 4 && strcmp(arg + n - 4, ".yml") == 0);
}

/* Find NAME.yaml or NAME.yml in the user's program folder. */
static bool find_user_file(const char *name, char *path, size_t len)
{
	char dir[4096];
	if (mb_paths_config_dir(dir, sizeof(dir)) < 0)
		return false;
	static const char *const exts[] = { "yaml", "yml" };
	for (size_t i = 0; i < 2; i++) {
		int n = snprintf(path, len, "%s/programs/%s.%s", dir, name, exts[i]);
		if (n > 0 && (size_t)n < len && access(path, F_OK) == 0)
			return true;
	}
	return false;
}

static const struct mb_builtin *find_builtin(const char *name)
{
	for (const struct mb_builtin *b = mb_builtin_programs; b->name; b++)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

struct mb_program *mb_programs_load(const char *arg, bool quiet, int *exit_code)
{
	if (looks_like_path(arg))
		return load_file(arg, quiet, exit_code);

	char path[4096];
	if (find_user_file(arg, path, sizeof(path)))
		return load_file(path, quiet, exit_code);

	const struct mb_builtin *b = find_builtin(arg);
	if (b) {
		char name[128];
		snprintf(name, sizeof(name), "built-in:%s.yaml", b->name);
		return parse_buffer(b->yaml, b->len, name, quiet, exit_code);
	}

	if (!quiet) {
		fprintf(stderr, "movebreak: no program named '%s'. Known programs:", arg);
		struct mb_programs_item items[64];
		int n = mb_programs_list(items, 64);
		for (int i = 0; i < n; i++)
			fprintf(stderr, "%s %s", i ? "," : "", items[i].name);
		fprintf(stderr, "\n(see 'movebreak programs')\n");
	}
	*exit_code = MB_EXIT_USAGE;
	return NULL;
}

static int compare_items(const void *a, const void *b)
{
	return strcmp(((const struct mb_programs_item *)a)->name,
		((const struct mb_programs_item *)b)->name);
}

static bool program_file_name(const char *file, char *name, size_t len)
{
	const char *dot = strrchr(file, '.');
	if (!dot || file[0] == '.' || (strcmp(dot, ".yaml") != 0 && strcmp(dot, ".yml") != 0))
		return false;
	size_t n = (size_t)(dot - file);
	if (n == 0 || n >= len)
		return false;
	memcpy(name, file, n);
	name[n] = '\0';
	return true;
}

int mb_programs_list(struct mb_programs_item *items, size_t max)
{
	size_t count = 0;
	char dir[4096];
	if (mb_paths_config_dir(dir, sizeof(dir)) == 0) {
		char pdir[4200];
		snprintf(pdir, sizeof(pdir), "%s/programs", dir);
		DIR *d = opendir(pdir);
		struct dirent *e;
		while (d && (e = readdir(d)) && count < max) {
			struct mb_programs_item *it = &items[count];
			if (!program_file_name(e->d_name, it->name, sizeof(it->name)))
				continue;
			/* NAME.yaml wins over NAME.yml, as in lookups. */
			bool is_yaml = strcmp(strrchr(e->d_name, '.'), ".yaml") == 0;
			size_t i = 0;
			while (i < count && strcmp(items[i].name, it->name) != 0)
				i++;
			if (i < count && !is_yaml)
				continue;
			int n = snprintf(items[i].origin, sizeof(items[i].origin), "%s/%s", pdir,
				e->d_name);
			if (n < 0 || (size_t)n >= sizeof(items[i].origin))
				continue;
			if (i < count)
				continue;
			it->shadows = find_builtin(it->name) != NULL;
			count++;
		}
		if (d)
			closedir(d);
	}
	size_t users = count;
	for (const struct mb_builtin *b = mb_builtin_programs; b->name && count < max; b++) {
		bool hidden = false;
		for (size_t i = 0; i < users; i++)
			hidden = hidden || strcmp(items[i].name, b->name) == 0;
		if (hidden)
			continue;
		struct mb_programs_item *it = &items[count++];
		snprintf(it->name, sizeof(it->name), "%s", b->name);
		snprintf(it->origin, sizeof(it->origin), "built-in");
		it->shadows = false;
	}
	qsort(items, count, sizeof(*items), compare_items);
	return (int)count;
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
