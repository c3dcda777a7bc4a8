/* config.ini read the one way every command reads it, and file problems printed the one way. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/readfile.h"
#include "app/settings.h"
#include "parse/config-ini.h"
#include "platform/paths.h"

int mb_settings_user_path(char *buf, size_t len)
{
	static const char file[] = "/config.ini";
	if (len < sizeof(file))
		return -ENAMETOOLONG;
	int r = mb_paths_config_dir(buf, len - (sizeof(file) - 1));
	if (r < 0)
		return r;
	strcat(buf, file);
	return 0;
}

int mb_settings_load(const char *path, bool required, struct mb_config *cfg, struct mb_diags *diags,
	char *used, size_t used_len)
{
	mb_config_init(cfg);
	char user[4096];
	if (!path) {
		int r = mb_settings_user_path(user, sizeof(user));
		if (r < 0) {
			mb_diags_add(diags, 0, 0, "cannot locate config.ini: %s", strerror(-r));
			return required ? -ENOENT : 0;
		}
		path = user;
	}
	if (used && used_len)
		snprintf(used, used_len, "%s", path);
	char *buf = NULL;
	size_t len = 0;
	int r = mb_read_file(path, MB_CONFIG_MAX_BYTES, &buf, &len);
	if (r == -ENOENT && !required)
		return 0;
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		mb_diags_add(diags, 0, 0, "cannot read: %s", mb_read_file_strerror(r));
		return r == -ENOENT ? -ENOENT : -EIO;
	}
	r = mb_config_ini_parse(cfg, buf, len, diags);
	free(buf);
	/* Routine names are known only here, where the catalogue is: an unknown one is bad input. */
	if (r != -ENOMEM && mb_catalog_check_config(cfg, diags) > 0)
		r = -EINVAL;
	return r;
}

void mb_diag_format(char *buf, size_t len, const char *name, const struct mb_diag *d)
{
	if (d->line <= 0)
		snprintf(buf, len, "%s: %s", name, d->message);
	else if (d->column > 0)
		snprintf(buf, len, "%s:%d:%d: %s", name, d->line, d->column, d->message);
	else
		snprintf(buf, len, "%s:%d: %s", name, d->line, d->message);
}

void mb_diags_print(FILE *out, const char *prefix, const char *name, const struct mb_diags *diags)
{
	for (size_t i = 0; i < diags->len; i++) {
		char line[4096 + 300];
		mb_diag_format(line, sizeof(line), name, &diags->items[i]);
		fprintf(out, "%s%s\n", prefix, line);
	}
	if (diags->dropped)
		fprintf(out, "%s%s: ... and %zu more problems\n", prefix, name, diags->dropped);
}
