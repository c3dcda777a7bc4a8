/* Finding a routine or program file by name, and listing what is on offer. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/settings.h"
#include "app/shelf.h"
#include "platform/paths.h"

bool mb_shelf_is_path(const char *arg)
{
	size_t n = strlen(arg);
	return strchr(arg, '/') || (n > 5 && strcmp(arg + n - 5, ".yaml") == 0) ||
		(n > 4 && strcmp(arg + n - 4, ".yml") == 0);
}

bool mb_shelf_find_user(const struct mb_shelf *shelf, const char *name, char *path, size_t len)
{
	char dir[4096];
	if (mb_paths_config_dir(dir, sizeof(dir)) < 0)
		return false;
	static const char *const exts[] = { "yaml", "yml" };
	for (size_t i = 0; i < 2; i++) {
		int n = snprintf(path, len, "%s/%s/%s.%s", dir, shelf->folder, name, exts[i]);
		if (n > 0 && (size_t)n < len && access(path, F_OK) == 0)
			return true;
	}
	return false;
}

const struct mb_builtin *mb_shelf_find_builtin(const struct mb_shelf *shelf, const char *name)
{
	for (const struct mb_builtin *b = shelf->builtins; b->name; b++)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

static int compare_items(const void *a, const void *b)
{
	return strcmp(((const struct mb_shelf_item *)a)->name,
		((const struct mb_shelf_item *)b)->name);
}

/* NAME from NAME.yaml or NAME.yml; false for any other file, or a hidden one. */
static bool file_name(const char *file, char *name, size_t len)
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

int mb_shelf_list(const struct mb_shelf *shelf, struct mb_shelf_item *items, size_t max)
{
	size_t count = 0;
	char dir[4096];
	if (mb_paths_config_dir(dir, sizeof(dir)) == 0) {
		char folder[4200];
		snprintf(folder, sizeof(folder), "%s/%s", dir, shelf->folder);
		DIR *d = opendir(folder);
		struct dirent *e;
		while (d && (e = readdir(d)) && count < max) {
			struct mb_shelf_item *it = &items[count];
			if (!file_name(e->d_name, it->name, sizeof(it->name)))
				continue;
			/* NAME.yaml wins over NAME.yml, as in lookups. */
			bool is_yaml = strcmp(strrchr(e->d_name, '.'), ".yaml") == 0;
			size_t i = 0;
			while (i < count && strcmp(items[i].name, it->name) != 0)
				i++;
			if (i < count && !is_yaml)
				continue;
			int n = snprintf(items[i].origin, sizeof(items[i].origin), "%s/%s", folder,
				e->d_name);
			if (n < 0 || (size_t)n >= sizeof(items[i].origin))
				continue;
			if (i < count)
				continue;
			it->shadows = mb_shelf_find_builtin(shelf, it->name) != NULL;
			count++;
		}
		if (d)
			closedir(d);
	}
	size_t users = count;
	for (const struct mb_builtin *b = shelf->builtins; b->name && count < max; b++) {
		bool hidden = false;
		for (size_t i = 0; i < users; i++)
			hidden = hidden || strcmp(items[i].name, b->name) == 0;
		if (hidden)
			continue;
		struct mb_shelf_item *it = &items[count++];
		snprintf(it->name, sizeof(it->name), "%s", b->name);
		snprintf(it->origin, sizeof(it->origin), "built-in");
		it->shadows = false;
	}
	qsort(items, count, sizeof(*items), compare_items);
	return (int)count;
}

void mb_shelf_print_diags(FILE *out, const char *name, struct mb_diags *diags)
{
	for (size_t i = 0; i < diags->len; i++) {
		struct mb_diag *d = &diags->items[i];
		if (d->line <= 0)
			d->line = 1;
		if (d->column <= 0)
			d->column = 1;
	}
	mb_diags_print(out, "", name, diags);
}
